//! `--dry-run`: a file's findings together, each with the diff of its fix alone,
//! written for a person rather than for `git apply` (that is `--diff`). Several
//! fixes in a file often add the same helper or import, and wrapping a block only
//! re-indents it; printed in full every time, that drowned the findings. Here a
//! change already shown for the file is named instead of repeated, a run of lines
//! that only moved in or out is one line, and hunks keep one line of context.
//! Findings that share a root cause (`report::roots`) follow each other in their
//! file under a line naming the root; each keeps its own diff.

use rustc_hash::FxHashMap as HashMap;
use std::fmt::Write as _;

use rayon::prelude::*;
use similar::{DiffTag, TextDiff};

use crate::fix::Applicability;
use crate::fix::apply::planned_edits;
use crate::fix::engine::FixOutcome;
use crate::report::items::Item;
use crate::report::spliced::Spliced;
use crate::report::text::plural;
use crate::report::{color, fix_parses};

/// Lines of context around a change: enough to see where it lands, with the line
/// numbers in the hunk header for the rest.
const CONTEXT: usize = 1;

/// Diff lines sit under the finding, its fix title and note.
const DIFF_INDENT: usize = 6;

pub fn render(found: &[Item<'_>], colored: bool) -> String {
    let roots = super::roots::group(found);
    let mut root_of = vec![0; found.len()];
    for (r, root) in roots.iter().enumerate() {
        for &i in &root.sites {
            root_of[i] = r;
        }
    }
    let mut files = Vec::new();
    let mut start = 0;
    while start < found.len() {
        let path = &found[start].path;
        let end = start
            + found[start..]
                .iter()
                .take_while(|i| &i.path == path)
                .count();
        files.push(start..end);
        start = end;
    }
    // Each finding's fix is applied, parsed and diffed against its whole file:
    // the files' blocks are independent, so they are built on every core.
    let blocks: Vec<String> = files
        .into_par_iter()
        .map(|range| file_block(found, range, &roots, &root_of, colored))
        .collect();
    blocks.concat()
}

/// What was already shown in one file, to be named instead of repeated.
#[derive(Default)]
pub(crate) struct Shown {
    /// A hunk's changed lines → the finding (line:col) that showed them.
    hunks: HashMap<Vec<String>, String>,
    /// An added top-level definition → the finding that showed it.
    blocks: HashMap<Vec<String>, String>,
}

fn file_block(
    found: &[Item<'_>],
    range: std::ops::Range<usize>,
    roots: &[super::roots::RootGroup],
    root_of: &[usize],
    colored: bool,
) -> String {
    let items = &found[range.clone()];
    let path = &items[0].path;
    let header = format!("{path} ({})", plural(items.len(), "finding", "findings"));
    let mut out = if colored {
        color::bold(&header)
    } else {
        header
    };
    out.push('\n');
    let mut shown = Shown::default();
    // Where the file can be cut to parse a fix's pieces alone (fix_parses.rs),
    // found once for the file's fixes.
    let cuts = std::cell::OnceCell::new();
    let cuts = || {
        cuts.get_or_init(|| fix_parses::Cuts::of(items[0].text))
            .as_ref()
    };
    // Where the file's lines start, found once for the file's fixes: a fix's hunk
    // headers count the lines before its region.
    let lines = std::cell::OnceCell::new();
    let lines = || lines.get_or_init(|| line_starts(items[0].text)).as_slice();
    let mut done = vec![false; items.len()];
    for i in range.clone() {
        if done[i - range.start] {
            continue;
        }
        let root = &roots[root_of[i]];
        if !root.is_shared() {
            done[i - range.start] = true;
            out.push_str(&finding_block(
                &found[i], &mut shown, colored, &cuts, &lines,
            ));
            continue;
        }
        let here: Vec<usize> = root
            .sites
            .iter()
            .copied()
            .filter(|s| range.contains(s))
            .collect();
        let _ = writeln!(
            out,
            "  {} root: {}{}, {} sites{}:",
            root.rule,
            root.description,
            root.place(),
            root.sites.len(),
            if here.len() < root.sites.len() {
                format!(", {} in this file", here.len())
            } else {
                String::new()
            }
        );
        for s in here {
            done[s - range.start] = true;
            out.push_str(&finding_block(
                &found[s], &mut shown, colored, &cuts, &lines,
            ));
        }
    }
    out
}

fn finding_block<'c, 'l>(
    item: &Item<'_>,
    shown: &mut Shown,
    colored: bool,
    cuts: &impl Fn() -> Option<&'c fix_parses::Cuts>,
    lines: &impl Fn() -> &'l [usize],
) -> String {
    let mut out = String::new();
    let f = item.finding;
    let id = if colored {
        color::severity(f.id, f.severity)
    } else {
        f.id.to_string()
    };
    let _ = writeln!(
        out,
        "  {}:{}  {id}  {}  {}",
        item.line, item.column, f.severity, f.message
    );
    let mut details = String::new();
    if let Some(fix) = &f.fix {
        let how = match fix.applicability {
            Applicability::Safe => "fix",
            Applicability::Unsafe => "unsafe fix (--unsafe-fixes)",
            Applicability::DisplayOnly => "suggested change (not applied automatically)",
        };
        let _ = writeln!(details, "    {how}: {}", fix.title);
        let (edits, _) = planned_edits(&[fix]);
        let applied = Spliced::new(item.text, &edits);
        if !fix_parses::parses(item.text, cuts(), &edits, &applied) {
            let _ = writeln!(
                details,
                "    (this change alone does not parse; it is shown, never written)"
            );
        }
        let here = format!("{} at {}:{}", f.id, item.line, item.column);
        for line in compact_spliced(item.text, &applied, Some(lines()), &here, shown) {
            let _ = writeln!(details, "{}{line}", " ".repeat(DIFF_INDENT));
        }
    }
    if let Some(note) = &f.note {
        let _ = writeln!(details, "    note: {note}");
    }
    out.push_str(&if colored {
        color::diff_lines(&details, DIFF_INDENT)
    } else {
        details
    });
    out
}

/// What the same fix simulation as `--fix` does beyond the findings above: per
/// file, each fix that only appears once other fixes are in (with its diff,
/// against the text it applies to, and what it appears after), and each offered
/// fix `--fix` does not apply, with the reason. `files`: display path and the
/// simulation's outcome, in path order.
pub fn render_later(files: &[(String, &FixOutcome)], colored: bool) -> String {
    let mut out = String::new();
    for (path, outcome) in files {
        let later: Vec<_> = outcome
            .applied
            .iter()
            .filter_map(|a| a.later.as_deref().map(|l| (a, l)))
            .collect();
        if later.is_empty() && outcome.refused.is_empty() {
            continue;
        }
        let header = format!(
            "{path} (after the fixes above, lines numbered as they are then: {} more, {} not applied)",
            later.len(),
            outcome.refused.len()
        );
        out.push_str(&if colored {
            color::bold(&header)
        } else {
            header
        });
        out.push('\n');
        let mut shown = Shown::default();
        // The fixes of one round share the text they apply to: its lines are
        // found once, not scanned up to each fix.
        let mut lines: Option<(std::sync::Arc<str>, Vec<usize>)> = None;
        for (applied, later) in later {
            let before = &later.before;
            if !lines
                .as_ref()
                .is_some_and(|(text, _)| std::sync::Arc::ptr_eq(text, before))
            {
                lines = Some((before.clone(), line_starts(before)));
            }
            let starts = lines.as_ref().map_or(&[][..], |(_, s)| s.as_slice());
            let (line, column) = line_column(before, starts, later.offset);
            let _ = writeln!(out, "  {line}:{column}  {}  {}", applied.id, later.message);
            let how = match applied.applicability {
                Applicability::Unsafe => "unsafe fix (--unsafe-fixes)",
                _ => "fix",
            };
            let mut details = String::new();
            let _ = writeln!(details, "    {how}, {}: {}", later.after, applied.title);
            let (edits, _) = planned_edits(&[&later.fix]);
            let fixed = Spliced::new(before, &edits);
            let here = format!("{} at {line}:{column}", applied.id);
            for l in compact_spliced(before, &fixed, Some(starts), &here, &mut shown) {
                let _ = writeln!(details, "{}{l}", " ".repeat(DIFF_INDENT));
            }
            out.push_str(&if colored {
                color::diff_lines(&details, DIFF_INDENT)
            } else {
                details
            });
        }
        for refused in &outcome.refused {
            let _ = writeln!(
                out,
                "  {} not applied ({}): {}",
                refused.id, refused.title, refused.reason
            );
        }
    }
    out
}

/// 1-based line and column (in characters) of a byte offset; `starts`: where
/// the text's lines start ([`line_starts`]).
fn line_column(text: &str, starts: &[usize], offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let line = starts.partition_point(|&s| s <= offset);
    let start = starts[line - 1];
    (line, text[start..offset].chars().count() + 1)
}

/// Where each line of `text` starts: 0, then after each newline.
fn line_starts(text: &str) -> Vec<usize> {
    std::iter::once(0)
        .chain(
            text.bytes()
                .enumerate()
                .filter(|&(_, b)| b == b'\n')
                .map(|(i, _)| i + 1),
        )
        .collect()
}

/// How many newlines `text` has before `at`, which starts a line (or is 0).
fn newlines_before(text: &str, starts: Option<&[usize]>, at: usize) -> usize {
    match starts {
        Some(starts) => starts.partition_point(|&s| s <= at) - 1,
        None => text.as_bytes()[..at]
            .iter()
            .filter(|&&b| b == b'\n')
            .count(),
    }
}

/// One hunk of a unified diff: its `@@` line and body lines (marker + text).
struct Hunk {
    header: String,
    old_start: usize,
    body: Vec<String>,
}

fn hunks(old: &str, new: &Spliced<'_>, lines: Option<&[usize]>) -> Vec<Hunk> {
    let (text, skip) = unified(old, new, lines);
    parse_hunks(&text, skip)
}

/// The hunks of a unified diff's text, their start lines moved down by `skip`.
fn parse_hunks(text: &str, skip: usize) -> Vec<Hunk> {
    let mut out: Vec<Hunk> = Vec::new();
    for line in text.lines() {
        if line.starts_with("@@") {
            let shifted;
            let line = if skip == 0 {
                line
            } else {
                shifted = shift_header(line, skip);
                shifted.as_str()
            };
            let old_start = line
                .trim_start_matches("@@ -")
                .split([',', ' '])
                .next()
                .and_then(|n| n.parse().ok())
                .unwrap_or(1);
            out.push(Hunk {
                header: line.to_string(),
                old_start,
                body: Vec::new(),
            });
        } else if let Some(hunk) = out.last_mut() {
            hunk.body.push(line.to_string());
        }
    }
    out
}

/// Lines kept on each side of a fix's change when only its region is diffed.
const MARGIN: usize = 3;

/// The unified diff of `old` → `new` (a fix applied to a file), and how many lines
/// its hunk headers are short by. A fix changes one region of a file, and diffing
/// the whole file for each finding made a file's report quadratic in its length:
/// the diff runs over the changed region and `MARGIN` lines around it. Myers strips
/// the common prefix and suffix first, so the region's diff is the file's; only a
/// change within `CONTEXT` lines of the region's cut edge (where compaction or
/// context could reach past it) falls back to the whole file. `lines`: where
/// `old`'s lines start, when known.
fn unified(old: &str, new: &Spliced<'_>, lines: Option<&[usize]>) -> (String, usize) {
    let (skip, old_part, new_part, whole_tail) = region(old, new, lines);
    let diff = TextDiff::from_lines(old_part, &*new_part);
    let cut_edge_near = {
        let ops = diff.ops();
        let changes = || ops.iter().filter(|op| op.tag() != DiffTag::Equal);
        let near_start = skip > 0
            && changes().next().is_some_and(|op| {
                op.old_range().start <= CONTEXT || op.new_range().start <= CONTEXT
            });
        let (old_len, new_len) = (diff.old_slices().len(), diff.new_slices().len());
        let near_end = !whole_tail
            && changes().next_back().is_some_and(|op| {
                old_len - op.old_range().end <= CONTEXT || new_len - op.new_range().end <= CONTEXT
            });
        near_start || near_end
    };
    let whole_new;
    let (diff, skip) = if cut_edge_near {
        whole_new = new.text();
        (TextDiff::from_lines(old, whole_new.as_str()), 0)
    } else {
        (diff, skip)
    };
    let text = diff
        .unified_diff()
        .context_radius(CONTEXT)
        .missing_newline_hint(true)
        .to_string();
    (text, skip)
}

/// The lines of `old` and `new` that differ, with `MARGIN` equal lines on each
/// side: how many whole lines are cut before it, the two parts, and whether the
/// parts run to the end of their texts. `lines`: where `old`'s lines start, when
/// known.
fn region<'o, 'n>(
    old: &'o str,
    new: &Spliced<'n>,
    lines: Option<&[usize]>,
) -> (usize, &'o str, std::borrow::Cow<'n, str>, bool) {
    let o = old.as_bytes();
    let (same_head, same_tail) = new.common_head_tail();
    let line_start = |at: usize| {
        o[..at]
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |i| i + 1)
    };
    let mut start = line_start(same_head);
    for _ in 0..MARGIN {
        if start == 0 {
            break;
        }
        start = line_start(start - 1);
    }
    // The first whole line inside the common tail: the newline before it is
    // common too, so the line starts a line in both texts.
    let next_line = |at: usize| {
        o[at..]
            .iter()
            .position(|&b| b == b'\n')
            .map_or(o.len(), |i| at + i + 1)
    };
    let mut end = next_line(o.len() - same_tail);
    for _ in 0..MARGIN {
        if end == o.len() {
            break;
        }
        end = next_line(end);
    }
    let cut = o.len() - end;
    let skip = newlines_before(old, lines, start);
    let new_part = new
        .get(start..new.len() - cut)
        .expect("the region's cut points are line starts in both texts");
    (skip, &old[start..end], new_part, cut == 0)
}

/// A `@@ -a,b +c,d @@` header with both start lines moved down by `skip`.
fn shift_header(line: &str, skip: usize) -> String {
    let mut out = String::with_capacity(line.len() + 4);
    for (i, word) in line.split(' ').enumerate() {
        if i > 0 {
            out.push(' ');
        }
        let shifted = (i == 1 || i == 2)
            .then(|| {
                let (sign, rest) = word.split_at(1);
                let (start, len) = rest
                    .split_once(',')
                    .map_or((rest, None), |(s, l)| (s, Some(l)));
                let start: usize = start.parse().ok()?;
                Some(match len {
                    Some(len) => format!("{sign}{},{len}", start + skip),
                    None => format!("{sign}{}", start + skip),
                })
            })
            .flatten();
        out.push_str(shifted.as_deref().unwrap_or(word));
    }
    out
}

/// The diff of one fix, minus what `shown` already holds for this file.
pub(crate) fn compact_diff(old: &str, new: &str, here: &str, shown: &mut Shown) -> Vec<String> {
    compact_spliced(old, &Spliced::whole(old, new), None, here, shown)
}

/// As [`compact_diff`], the fixed text read from its pieces; `lines`: where
/// `old`'s lines start, when known.
fn compact_spliced(
    old: &str,
    new: &Spliced<'_>,
    lines: Option<&[usize]>,
    here: &str,
    shown: &mut Shown,
) -> Vec<String> {
    let mut out = Vec::new();
    for hunk in hunks(old, new, lines) {
        let changed: Vec<String> = hunk
            .body
            .iter()
            .filter(|l| (l.starts_with('+') || l.starts_with('-')) && !l[1..].trim().is_empty())
            .cloned()
            .collect();
        if let Some(first) = shown.hunks.get(&changed) {
            out.push(format!(
                "{} the same change as for {first} above",
                hunk.header
            ));
            continue;
        }
        shown.hunks.insert(changed, here.to_string());
        out.push(hunk.header.clone());
        let body = reindented(&hunk);
        out.extend(known_blocks_named(body, here, &mut shown.blocks));
    }
    out
}

/// The hunk with lines that only changed indentation paired up: a run of them is
/// one line saying so, since their text is the file's own.
fn reindented(hunk: &Hunk) -> Vec<String> {
    let old: Vec<&str> = hunk
        .body
        .iter()
        .filter(|l| !l.starts_with('+') && !l.starts_with('\\'))
        .map(|l| l.get(1..).unwrap_or(""))
        .collect();
    let new: Vec<&str> = hunk
        .body
        .iter()
        .filter(|l| !l.starts_with('-') && !l.starts_with('\\'))
        .map(|l| l.get(1..).unwrap_or(""))
        .collect();
    let key = |l: &&str| l.trim().to_string();
    let old_keys: Vec<String> = old.iter().map(key).collect();
    let new_keys: Vec<String> = new.iter().map(key).collect();
    let diff = similar::capture_diff_slices(similar::Algorithm::Myers, &old_keys, &new_keys);
    let mut out = Vec::new();
    for op in diff {
        let (tag, olds, news) = op.as_tag_tuple();
        match tag {
            DiffTag::Equal => {
                let mut i = 0;
                let pairs: Vec<(usize, usize)> = olds.clone().zip(news.clone()).collect();
                while i < pairs.len() {
                    let (o, n) = pairs[i];
                    if old[o] == new[n] || old[o].trim().is_empty() {
                        out.push(format!(" {}", new[n]));
                        i += 1;
                        continue;
                    }
                    let run = pairs[i..]
                        .iter()
                        .take_while(|(o, n)| old[*o] != new[*n] && !old[*o].trim().is_empty())
                        .count();
                    if run == 1 {
                        out.push(format!("-{}", old[o]));
                        out.push(format!("+{}", new[n]));
                    } else {
                        let shift = indent(new[n]) as isize - indent(old[o]) as isize;
                        let first = hunk.old_start + o;
                        out.push(format!(
                            "  ({} lines, {first}-{}, unchanged but indented {} by {})",
                            run,
                            first + run - 1,
                            if shift >= 0 { "in" } else { "out" },
                            shift.unsigned_abs()
                        ));
                    }
                    i += run;
                }
            }
            DiffTag::Delete => out.extend(olds.map(|o| format!("-{}", old[o]))),
            DiffTag::Insert => out.extend(news.map(|n| format!("+{}", new[n]))),
            DiffTag::Replace => {
                out.extend(olds.map(|o| format!("-{}", old[o])));
                out.extend(news.map(|n| format!("+{}", new[n])));
            }
        }
    }
    out.extend(hunk.body.iter().filter(|l| l.starts_with('\\')).cloned());
    out
}

fn indent(line: &str) -> usize {
    line.len() - line.trim_start().len()
}

/// An added top-level definition (a helper, a lock) shown earlier for this file is
/// named by its first line instead of printed again.
fn known_blocks_named(
    body: Vec<String>,
    here: &str,
    blocks: &mut HashMap<Vec<String>, String>,
) -> Vec<String> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < body.len() {
        let Some(end) = added_definition(&body, i) else {
            out.push(body[i].clone());
            i += 1;
            continue;
        };
        let block: Vec<String> = body[i..end].to_vec();
        let head = block
            .iter()
            .find(|l| !l.starts_with("+@"))
            .unwrap_or(&block[0])
            .clone();
        match blocks.get(&block) {
            Some(first) => out.push(format!(
                "{head} ... ({} added lines, as shown for {first} above)",
                block.len()
            )),
            None => {
                blocks.insert(block.clone(), here.to_string());
                out.extend(block);
            }
        }
        i = end;
    }
    out
}

/// Where an added top-level `def`/`class` (with its decorators) that starts at
/// `start` ends, or None when no such definition starts there.
fn added_definition(body: &[String], start: usize) -> Option<usize> {
    let mut i = start;
    while body.get(i).is_some_and(|l| l.starts_with("+@")) {
        i += 1;
    }
    let line = body.get(i)?;
    let text = line.strip_prefix('+')?;
    if !["def ", "async def ", "class "]
        .iter()
        .any(|k| text.starts_with(k))
    {
        return None;
    }
    i += 1;
    while let Some(l) = body.get(i) {
        let Some(t) = l.strip_prefix('+') else { break };
        if !(t.starts_with(' ') || t.starts_with('\t') || t.trim().is_empty()) {
            break;
        }
        i += 1;
    }
    // Trailing blank lines belong to the spacing, not to the definition.
    while i > start + 1 && body[i - 1].trim() == "+" {
        i -= 1;
    }
    Some(i)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The whole file's unified diff, as before the region cut.
    fn whole(old: &str, new: &str) -> String {
        TextDiff::from_lines(old, new)
            .unified_diff()
            .context_radius(CONTEXT)
            .missing_newline_hint(true)
            .to_string()
    }

    fn regional(old: &str, new: &str) -> String {
        let mut out = String::new();
        for hunk in hunks(old, &Spliced::whole(old, new), None) {
            out.push_str(&hunk.header);
            out.push('\n');
            for line in hunk.body {
                out.push_str(&line);
                out.push('\n');
            }
        }
        out
    }

    #[test]
    fn a_region_diffs_as_the_whole_file() {
        let body: String = (0..40).map(|i| format!("x{}\n", i % 3)).collect();
        let blank = "\n".repeat(9);
        let cases: Vec<(String, String)> = vec![
            (body.clone(), body.replacen("x1\n", "y\n", 1)),
            (body.clone(), format!("{}z\n{}", &body[..30], &body[30..])),
            (format!("a\n{blank}b\n"), format!("a\n{blank}\nb\n")),
            (format!("{body}end"), format!("{body}end\n")),
            (format!("{body}end"), format!("{body}x1\nend")),
            (format!("top\n{body}"), body.clone()),
            (
                body.clone(),
                format!("{}\n{}", &body[..60], &body[60..]).replace("x2\nx0", "x2\n    x0"),
            ),
            ("é\nà\n".to_string(), "é\nè\n".to_string()),
            (body.clone(), body.clone()),
        ];
        for (old, new) in cases {
            let expected: String = whole(&old, &new)
                .lines()
                .filter(|l| !l.starts_with("---") && !l.starts_with("+++"))
                .map(|l| format!("{l}\n"))
                .collect();
            assert_eq!(regional(&old, &new), expected, "{old:?} -> {new:?}");
        }
    }

    #[test]
    fn a_reindented_run_is_one_line() {
        let old = "def f():\n    a()\n    b()\n    c()\n";
        let new = "def f():\n    with lock:\n        a()\n        b()\n        c()\n";
        let mut shown = Shown::default();
        let lines = compact_diff(old, new, "1:1", &mut shown);
        assert_eq!(
            lines,
            [
                "@@ -1,4 +1,5 @@",
                " def f():",
                "+    with lock:",
                "  (3 lines, 2-4, unchanged but indented in by 4)"
            ]
        );
    }

    #[test]
    fn a_helper_already_shown_is_named() {
        let old = "import x\n\nx.y()\n";
        let helper = "def _h(a):\n    return a\n\n\n";
        let first = format!("import x\n\n{helper}x.z()\n");
        let mut shown = Shown::default();
        let one = compact_diff(old, &first, "3:1", &mut shown);
        assert!(one.contains(&"+def _h(a):".to_string()), "{one:?}");
        let second = format!("import x\n\n{helper}x.w()\n");
        let two = compact_diff(old, &second, "4:1", &mut shown);
        assert!(
            two.iter()
                .any(|l| l == "+def _h(a): ... (2 added lines, as shown for 3:1 above)"),
            "{two:?}"
        );
    }
}
