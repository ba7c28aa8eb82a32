//! SQF001 unused-suppression: the findings for suppression comments that
//! suppressed nothing.
//!
//! Not a codemod over the syntax tree: the engine reports them after applying the
//! suppressions (see [`super::apply`]), since only then is it known what each
//! comment suppressed. Only sqlfix's codes are judged, and only for rules that
//! ran on the file.

use ruff_text_size::{TextRange, TextSize};

use super::{Directive, Kind, is_sqlfix_code};
use crate::codemods::Codemod;
use crate::finding::Finding;
use crate::fix::codegen::{line_start, next_line_start};
use crate::fix::{Edit, Fix};
use crate::settings::resolve::FileRules;

pub use crate::codemods::sqf001_unused_suppression::{ID, UnusedSuppression};

/// One finding per directive with unused codes. `used[i][j]`: code `j` of
/// directive `i` (or the bare directive, at `j = 0`) suppressed something.
pub fn findings(
    text: &str,
    directives: &[Directive],
    used: &[Vec<bool>],
    rules: &FileRules,
) -> Vec<Finding> {
    let meta = UnusedSuppression.meta();
    let mut out = Vec::new();
    for (d, used) in directives.iter().zip(used) {
        if d.kind == Kind::IgnoreFile {
            continue;
        }
        if d.is_bare() {
            // A bare `# noqa` may be for any tool; a bare `# sqlfix: ignore` is judged
            // only when every rule ran.
            if d.kind == Kind::Ignore && !used[0] && rules.all_rules {
                let fix = Fix::safe("Remove the unused suppression", removal(text, d));
                out.push(
                    Finding::new(
                        meta,
                        d.range,
                        "Unused suppression: nothing on this line to ignore",
                    )
                    .with_fix(fix),
                );
            }
            continue;
        }
        let mut unused = Vec::new();
        let mut unknown = Vec::new();
        for (code, &was_used) in d.codes.iter().zip(used) {
            if was_used || !is_sqlfix_code(&code.text) || crate::rules::matches(ID, &code.text) {
                continue;
            }
            let matching: Vec<&'static str> = crate::rules::all_ids()
                .into_iter()
                .filter(|id| crate::rules::matches(id, &code.text))
                .collect();
            if matching.is_empty() {
                unknown.push(code.text.clone());
            } else if matching.iter().all(|id| rules.runs(id)) {
                unused.push(code.text.clone());
            }
        }
        if unused.is_empty() && unknown.is_empty() {
            continue;
        }
        let mut parts = Vec::new();
        if !unused.is_empty() {
            parts.push(format!("unused: {}", quoted(&unused)));
        }
        if !unknown.is_empty() {
            parts.push(format!("unknown: {}", quoted(&unknown)));
        }
        let gone: Vec<&String> = unused.iter().chain(&unknown).collect();
        let keep: Vec<&str> = d
            .codes
            .iter()
            .filter(|c| !gone.contains(&&c.text))
            .map(|c| c.text.as_str())
            .collect();
        let (title, edits) = if keep.is_empty() {
            ("Remove the unused suppression", removal(text, d))
        } else {
            let rewritten = match d.kind {
                Kind::Noqa => format!("# noqa: {}", keep.join(", ")),
                _ => format!("# sqlfix: ignore[{}]", keep.join(", ")),
            };
            (
                "Remove the unused codes",
                vec![Edit::replace(d.range, rewritten)],
            )
        };
        out.push(
            Finding::new(
                meta,
                d.range,
                format!("Unused suppression ({})", parts.join("; ")),
            )
            .with_fix(Fix::safe(title, edits)),
        );
    }
    out
}

fn quoted(codes: &[String]) -> String {
    codes
        .iter()
        .map(|c| format!("`{c}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn size(n: usize) -> TextSize {
    TextSize::try_from(n).unwrap_or_default()
}

/// Edits that take a directive out of its comment and leave valid code: the whole
/// comment (and its line, when it was alone there) when it held only the
/// directive; otherwise the directive, keeping the rest a comment.
fn removal(text: &str, d: &Directive) -> Vec<Edit> {
    let comment = &text[d.comment];
    let before = &comment[..usize::from(d.range.start() - d.comment.start())];
    let after = &comment[usize::from(d.range.end() - d.comment.start())..];
    if before.trim().is_empty() && after.trim().is_empty() {
        let start_of_line = line_start(text, d.comment.start());
        let code_before = &text[usize::from(start_of_line)..usize::from(d.comment.start())];
        if code_before.trim().is_empty() {
            return vec![Edit::delete(TextRange::new(
                start_of_line,
                next_line_start(text, d.comment.start()),
            ))];
        }
        let kept = code_before.trim_end().len();
        return vec![Edit::delete(TextRange::new(
            start_of_line + size(kept),
            d.comment.end(),
        ))];
    }
    if before.trim().is_empty() {
        // `# sqlfix: ignore[X]  # why` → `# why`; `# noqa: SQF1 because` → `# because`.
        let rest = after.trim_start();
        let end = d.range.end() + size(after.len() - rest.len());
        let replacement = if rest.starts_with('#') { "" } else { "# " };
        return vec![Edit::replace(
            TextRange::new(d.range.start(), end),
            replacement,
        )];
    }
    let rest = after.trim_start();
    if !rest.is_empty() && !rest.starts_with('#') {
        // `# type: ignore  # sqlfix: ignore[X] why` → `# type: ignore  # why`.
        let end = d.range.end() + size(after.len() - rest.len());
        return vec![Edit::replace(TextRange::new(d.range.start(), end), "# ")];
    }
    // `# type: ignore  # sqlfix: ignore[X]`: drop it and the space before it.
    let start = d.range.start() - size(before.len() - before.trim_end().len());
    vec![Edit::delete(TextRange::new(start, d.range.end()))]
}
