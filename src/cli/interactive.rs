//! `--fix --interactive`: each fix `--fix` would apply is shown with its diff and
//! the user answers `[y]es / [n]o / [a]ll / [q]uit` (`q`, or the end of input,
//! keeps what was accepted so far; `a` accepts this one and the rest). The
//! accepted fixes then go through the normal fix engine, which applies only them:
//! non-overlapping, re-checked, refused when the result does not parse.
//!
//! A fix is known by its rule, its title and the line of the original file it
//! starts on: a fix that waits for another one on the same statement (a round of
//! the fix loop later) is still the one the user accepted, though its text moved.

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::io::{BufRead, Write};
use std::path::PathBuf;
use std::sync::Arc;

use super::CheckArgs;
use super::fixes::{Outcome, print_problems, run_once, write_fixes};
use crate::diff::{display_path, unified};
use crate::finding::Finding;
use crate::fix::Applicability;
use crate::fix::apply::apply_fixes;
use crate::report::color;
use crate::report::text::plural;
use crate::run::{self, Options};
use crate::settings::Settings;
use crate::settings::resolve::Resolver;
use ruff_text_size::TextSize;
use similar::{DiffOp, TextDiff};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Answer {
    Yes,
    No,
    All,
    Quit,
}

/// Reads an answer; anything else asks again. The end of input is `q`.
fn ask(input: &mut dyn BufRead, out: &mut dyn Write) -> Result<Answer, String> {
    loop {
        write!(out, "Apply this fix? [y]es / [n]o / [a]ll / [q]uit: ")
            .map_err(|e| e.to_string())?;
        out.flush().map_err(|e| e.to_string())?;
        let mut line = String::new();
        let read = input.read_line(&mut line).map_err(|e| e.to_string())?;
        if read == 0 {
            writeln!(out).map_err(|e| e.to_string())?;
            return Ok(Answer::Quit);
        }
        match line.trim().to_ascii_lowercase().as_str() {
            "y" | "yes" => return Ok(Answer::Yes),
            "n" | "no" => return Ok(Answer::No),
            "a" | "all" => return Ok(Answer::All),
            "q" | "quit" => return Ok(Answer::Quit),
            _ => writeln!(out, "Please answer y, n, a or q.").map_err(|e| e.to_string())?,
        }
    }
}

#[allow(clippy::too_many_arguments)]
pub fn run(
    args: &CheckArgs,
    paths: Vec<PathBuf>,
    resolver: &Arc<Resolver>,
    input: &mut dyn BufRead,
    out: &mut dyn Write,
    err: &mut dyn Write,
    colored: bool,
) -> Result<Outcome, String> {
    let options = Options {
        resolver: Some(resolver.clone()),
        project_context: true,
        ..Options::simple(paths.clone(), Settings::default(), crate::rules::all())
    };
    let first = run::run(&options);
    if let Some(e) = &first.config_error {
        return Err(e.clone());
    }
    let mut outcome = Outcome {
        failed: print_problems(&first, err)?,
        ..Outcome::default()
    };
    let mut accepted: HashSet<Key> = HashSet::default();
    let originals: HashMap<PathBuf, String> = first
        .files
        .iter()
        .map(|f| (f.source.path.clone(), f.source.text.clone()))
        .collect();
    let mut all = false;
    let mut offered = 0;
    'files: for file in &first.files {
        let abs = resolver.absolute(&file.source.path);
        let min = resolver.for_path(&abs).rules_for(&abs).min;
        let text = &file.source.text;
        let lines = ruff_source_file::LineIndex::from_source_text(text);
        for finding in &file.findings {
            let Some(fix) = finding.fix.as_ref() else {
                continue;
            };
            if fix.applicability < min || fix.applicability == Applicability::DisplayOnly {
                continue;
            }
            offered += 1;
            let key = key_of(&file.source.path, text, text, finding);
            if all {
                accepted.insert(key);
                continue;
            }
            let position = lines.line_column(finding.range.start(), text);
            let diff = unified(&file.source.path, text, &apply_fixes(text, &[fix]).text);
            let diff = if colored {
                color::diff_lines(&diff, 0)
            } else {
                diff
            };
            let heading = format!(
                "{}:{}:{}  {}  {}",
                display_path(&file.source.path),
                position.line,
                position.column,
                finding.id,
                finding.message
            );
            write!(
                out,
                "\n{}\n  {} fix: {}\n{diff}",
                if colored {
                    color::bold(&heading)
                } else {
                    heading
                },
                fix.applicability,
                fix.title
            )
            .map_err(|e| e.to_string())?;
            match ask(input, out)? {
                Answer::Yes => {
                    accepted.insert(key);
                }
                Answer::No => {}
                Answer::All => {
                    accepted.insert(key);
                    all = true;
                }
                Answer::Quit => break 'files,
            }
        }
    }
    if accepted.is_empty() {
        let remaining: usize = first.files.iter().map(|f| f.findings.len()).sum();
        writeln!(
            out,
            "{}; {remaining} remaining.",
            if offered == 0 {
                "No fixes to apply"
            } else {
                "No fixes applied"
            }
        )
        .map_err(|e| e.to_string())?;
        outcome.findings_remain = remaining > 0;
        return Ok(outcome);
    }
    let accepted = Arc::new(accepted);
    let filter = accepted.clone();
    let accept: run::Accept = Arc::new(move |path, text, finding: &Finding| {
        originals
            .get(path)
            .is_some_and(|original| filter.contains(&key_of(path, original, text, finding)))
    });
    let second = run_once(args, paths, resolver, Some(accept))?;
    let written = write_fixes(&second, err)?;
    outcome.failed |= written.failed;
    outcome.files_changed = !written.applied.is_empty();
    let mut text = String::new();
    let mut fixed = 0;
    for (path, fixes) in &written.applied {
        for fix in fixes {
            fixed += 1;
            text.push_str(&format!("Fixed {path}: {} {}\n", fix.id, fix.title));
        }
    }
    let remaining: usize = written.remaining.iter().map(|(_, _, f)| f.len()).sum();
    text.push_str(&format!(
        "Fixed {}; {remaining} remaining.\n",
        plural(fixed, "finding", "findings")
    ));
    out.write_all(text.as_bytes()).map_err(|e| e.to_string())?;
    outcome.findings_remain = remaining > 0;
    Ok(outcome)
}

/// (file, rule, fix title, line in the original file).
type Key = (PathBuf, &'static str, String, usize);

fn key_of(path: &std::path::Path, original: &str, current: &str, finding: &Finding) -> Key {
    let title = finding
        .fix
        .as_ref()
        .map(|f| f.title.clone())
        .unwrap_or_default();
    (
        path.to_path_buf(),
        finding.id,
        title,
        original_line(original, current, finding.range.start()),
    )
}

/// The line of `original` that the line holding `offset` in `current` came from:
/// the same line when it is unchanged, the first line of the changed block when a
/// fix rewrote it.
fn original_line(original: &str, current: &str, offset: TextSize) -> usize {
    let line = current[..usize::from(offset).min(current.len())]
        .matches('\n')
        .count();
    if original == current {
        return line;
    }
    let diff = TextDiff::from_lines(original, current);
    for op in diff.ops() {
        let new = op.new_range();
        if !new.contains(&line) {
            continue;
        }
        return match *op {
            DiffOp::Equal {
                old_index,
                new_index,
                ..
            } => old_index + (line - new_index),
            DiffOp::Insert { old_index, .. }
            | DiffOp::Replace { old_index, .. }
            | DiffOp::Delete { old_index, .. } => old_index,
        };
    }
    line
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_map_back_through_inserted_and_rewritten_lines() {
        let original = "a\nb\nc\nd\n";
        let current = "x\ny\na\nB2\nc\nd\n";
        let at = |line: usize| {
            TextSize::try_from(
                current
                    .split_inclusive('\n')
                    .take(line)
                    .map(str::len)
                    .sum::<usize>(),
            )
            .unwrap()
        };
        assert_eq!(original_line(original, current, at(2)), 0);
        assert_eq!(original_line(original, current, at(3)), 1);
        assert_eq!(original_line(original, current, at(5)), 3);
    }
}
