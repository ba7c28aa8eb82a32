//! Applies a set of fixes to a text: all of a fix's edits or none, never two fixes
//! that touch the same text, and identical edits (a shared import) only once.

use std::collections::BTreeMap;

use ruff_text_size::{TextRange, TextSize};

use super::{Edit, EditOrder, Fix};

pub struct Applied {
    pub text: String,
    /// Indices into the input slice of the fixes that went in.
    pub applied: Vec<usize>,
}

/// Fixes are taken in the order given; a fix that conflicts with one taken before
/// is left for the next round of the fix loop, which re-checks the new text.
pub fn apply_fixes(text: &str, fixes: &[&Fix]) -> Applied {
    let (edits, applied) = planned_edits(fixes);
    Applied {
        text: splice(text, edits.iter()),
        applied,
    }
}

/// The edits [`apply_fixes`] splices into the text (sorted, not overlapping), and
/// the indices of the fixes that went in.
pub fn planned_edits(fixes: &[&Fix]) -> (Vec<Edit>, Vec<usize>) {
    let mut chosen: Vec<(usize, &Edit)> = Vec::new();
    let mut taken = Taken::default();
    let mut applied = Vec::new();
    'fixes: for (index, fix) in fixes.iter().enumerate() {
        let mut fresh = Vec::new();
        for edit in &fix.edits {
            if taken.has(edit) || fresh.contains(&edit) {
                continue;
            }
            if taken.blocks(edit) {
                continue 'fixes;
            }
            fresh.push(edit);
        }
        taken.add(&fresh);
        chosen.extend(fresh.into_iter().map(|edit| (index, edit)));
        applied.push(index);
    }
    chosen.sort_by_key(|(seq, edit)| (edit.range.start(), edit.order, !edit.is_insertion(), *seq));
    let edits = merge_imports(chosen.iter().map(|(_, edit)| *edit));
    (edits, applied)
}

/// The edits taken so far, by where they start. A round of the fix loop applies
/// every fix of a file; comparing each new edit with every edit taken before was
/// quadratic in the file's length. An edit can only conflict with those that
/// start where it does or inside it, or with the replacement before it that
/// reaches into it: the replacements taken do not overlap one another (each
/// conflicted with the others), so only the last one starting before it can.
#[derive(Default)]
struct Taken<'e> {
    by_start: BTreeMap<TextSize, Vec<&'e Edit>>,
    /// Set when one fix's own replacements overlap (never checked against one
    /// another): every question then compares with all, as before.
    overlapping: bool,
    all: Vec<&'e Edit>,
}

impl<'e> Taken<'e> {
    fn has(&self, edit: &Edit) -> bool {
        self.by_start
            .get(&edit.range.start())
            .is_some_and(|at| at.contains(&edit))
    }

    /// Whether `edit` conflicts with an edit taken (see [`conflicts`] and
    /// [`same_code_insertion_point`]).
    fn blocks(&self, edit: &Edit) -> bool {
        let against = |taken: &&Edit| {
            conflicts(taken.range, edit.range) || same_code_insertion_point(taken, edit)
        };
        if self.overlapping {
            return self.all.iter().any(against);
        }
        let (start, end) = (edit.range.start(), edit.range.end());
        if self
            .by_start
            .get(&start)
            .is_some_and(|at| at.iter().any(against))
        {
            return true;
        }
        if start < end
            && self
                .by_start
                .range((
                    std::ops::Bound::Excluded(start),
                    std::ops::Bound::Excluded(end),
                ))
                .flat_map(|(_, at)| at)
                .any(against)
        {
            return true;
        }
        self.by_start
            .range(..start)
            .rev()
            .flat_map(|(_, at)| at)
            .find(|taken| !taken.range.is_empty())
            .is_some_and(against)
    }

    fn add(&mut self, fresh: &[&'e Edit]) {
        for (i, a) in fresh.iter().enumerate() {
            if !a.range.is_empty()
                && fresh[..i]
                    .iter()
                    .any(|b| !b.range.is_empty() && conflicts(a.range, b.range))
            {
                self.overlapping = true;
            }
            self.by_start.entry(a.range.start()).or_default().push(a);
            self.all.push(a);
        }
    }
}

/// Import lines that several fixes insert at one offset form one block: each was
/// placed against the text without the others, so two new standard-library
/// imports would each bring the blank line that ends their new section (and go
/// in fix order). Together they are sorted as isort sorts a section (`import x`
/// lines, then `from x import y`, by module) and end with that blank line once.
fn merge_imports<'e>(edits: impl Iterator<Item = &'e Edit>) -> Vec<Edit> {
    let mut out: Vec<Edit> = Vec::new();
    for edit in edits {
        if let Some(last) = out.last_mut()
            && last.order == EditOrder::Import
            && edit.order == EditOrder::Import
            && last.is_insertion()
            && edit.is_insertion()
            && last.range.start() == edit.range.start()
            && let (Some(a), Some(b)) = (import_lines(&last.content), import_lines(&edit.content))
        {
            let newline = if last.content.contains("\r\n") {
                "\r\n"
            } else {
                "\n"
            };
            let blanks = a.1.max(b.1);
            let mut lines: Vec<&str> = a.0.into_iter().chain(b.0).collect();
            lines.sort_by_key(|line| import_key(line));
            lines.dedup();
            let mut content: String = lines.iter().map(|l| format!("{l}{newline}")).collect();
            content.push_str(&newline.repeat(blanks));
            last.content = content;
            continue;
        }
        out.push(edit.clone());
    }
    out
}

/// The one-line imports of an inserted block, and how many blank lines follow them.
fn import_lines(content: &str) -> Option<(Vec<&str>, usize)> {
    let body = content.trim_end_matches(['\r', '\n']);
    let blanks = content[body.len()..].matches('\n').count().checked_sub(1)?;
    let lines: Vec<&str> = body.lines().map(|l| l.trim_end_matches('\r')).collect();
    lines
        .iter()
        .all(|l| l.starts_with("import ") || l.starts_with("from "))
        .then_some((lines, blanks))
}

fn import_key(line: &str) -> (bool, String, String) {
    let module = line.split_whitespace().nth(1).unwrap_or("");
    (
        line.starts_with("from "),
        module.to_lowercase(),
        line.to_string(),
    )
}

/// Two edits conflict when they change overlapping text, or one inserts strictly
/// inside what the other replaces. Insertions at one offset do not conflict.
fn conflicts(a: TextRange, b: TextRange) -> bool {
    if a.is_empty() && b.is_empty() {
        return false;
    }
    if a.is_empty() {
        return b.start() < a.start() && a.start() < b.end();
    }
    if b.is_empty() {
        return a.start() < b.start() && b.start() < a.end();
    }
    a.start() < b.end() && b.start() < a.end()
}

/// Two fixes inserting code (not imports or helpers) at one offset: each was
/// written against the text without the other, so together they can nest wrongly
/// (a lock inserted as the first `with` item lands inside the call another fix
/// wraps around that item). The second waits for the next round, which sees the
/// first one's result.
fn same_code_insertion_point(a: &Edit, b: &Edit) -> bool {
    a.is_insertion()
        && b.is_insertion()
        && a.range.start() == b.range.start()
        && a.order == EditOrder::Code
        && b.order == EditOrder::Code
}

/// Applies sorted, non-conflicting edits.
pub fn splice<'e>(text: &str, edits: impl Iterator<Item = &'e Edit>) -> String {
    let mut out = String::with_capacity(text.len() + 256);
    let mut cursor = 0usize;
    for edit in edits {
        let start = usize::from(edit.range.start());
        let end = usize::from(edit.range.end());
        debug_assert!(start >= cursor, "edits overlap after conflict check");
        out.push_str(&text[cursor..start]);
        out.push_str(&edit.content);
        cursor = end;
    }
    out.push_str(&text[cursor..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fix::{Edit, EditOrder, Fix};
    use ruff_text_size::TextSize;

    fn range(a: u32, b: u32) -> TextRange {
        TextRange::new(TextSize::new(a), TextSize::new(b))
    }

    #[test]
    fn shared_import_goes_in_once_and_overlaps_wait() {
        let text = "import a\nx = f(1)\ny = f(2)\n";
        let import = Edit::insert(TextSize::new(9), "import b\n").with_order(EditOrder::Import);
        let one = Fix::safe(
            "one",
            vec![import.clone(), Edit::replace(range(13, 14), "g")],
        );
        let two = Fix::safe(
            "two",
            vec![import.clone(), Edit::replace(range(22, 23), "g")],
        );
        let clash = Fix::safe("clash", vec![Edit::replace(range(13, 17), "h(0)")]);
        let out = apply_fixes(text, &[&one, &two, &clash]);
        assert_eq!(out.text, "import a\nimport b\nx = g(1)\ny = g(2)\n");
        assert_eq!(out.applied, vec![0, 1]);
    }

    #[test]
    fn imports_precede_helpers_at_one_offset() {
        let text = "import a\n";
        let at = TextSize::new(9);
        let fix = Fix::safe(
            "f",
            vec![
                Edit::insert(at, "\ndef h(): pass\n").with_order(EditOrder::Helper),
                Edit::insert(at, "import os\n").with_order(EditOrder::Import),
            ],
        );
        assert_eq!(
            apply_fixes(text, &[&fix]).text,
            "import a\nimport os\n\ndef h(): pass\n"
        );
    }

    #[test]
    fn two_fixes_inserting_code_at_one_offset_wait_for_each_other() {
        let text = "with connect() as c:\n    pass\n";
        let at = TextSize::new(5);
        let wrap = Fix::safe(
            "wrap",
            vec![
                Edit::insert(at, "configure("),
                Edit::insert(TextSize::new(14), ")"),
            ],
        );
        let lock = Fix::safe("lock", vec![Edit::insert(at, "LOCK, ")]);
        let out = apply_fixes(text, &[&wrap, &lock]);
        assert_eq!(out.text, "with configure(connect()) as c:\n    pass\n");
        assert_eq!(out.applied, vec![0]);
    }

    /// The choice as it was made before `Taken`: each edit against all taken.
    fn planned_naively(fixes: &[&Fix]) -> Vec<usize> {
        let mut chosen: Vec<&Edit> = Vec::new();
        let mut applied = Vec::new();
        'fixes: for (index, fix) in fixes.iter().enumerate() {
            let mut fresh = Vec::new();
            for edit in &fix.edits {
                if chosen.contains(&edit) || fresh.contains(&edit) {
                    continue;
                }
                if chosen.iter().any(|taken| {
                    conflicts(taken.range, edit.range) || same_code_insertion_point(taken, edit)
                }) {
                    continue 'fixes;
                }
                fresh.push(edit);
            }
            chosen.extend(fresh);
            applied.push(index);
        }
        applied
    }

    #[test]
    fn indexed_choice_is_the_naive_one() {
        let mut seed: u64 = 7;
        let mut next = |n: u64| {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (seed >> 33) % n
        };
        for _ in 0..300 {
            let fixes: Vec<Fix> = (0..1 + next(12))
                .map(|_| {
                    let edits = (0..1 + next(3))
                        .map(|_| {
                            let a = next(30) as u32;
                            let b = a + if next(2) == 0 { 0 } else { next(6) as u32 };
                            let order = match next(3) {
                                0 => EditOrder::Import,
                                _ => EditOrder::Code,
                            };
                            Edit::replace(range(a, b), ["x", "y", ""][next(3) as usize])
                                .with_order(order)
                        })
                        .collect();
                    Fix::safe("f", edits)
                })
                .collect();
            let refs: Vec<&Fix> = fixes.iter().collect();
            assert_eq!(planned_edits(&refs).1, planned_naively(&refs));
        }
    }

    #[test]
    fn insertion_inside_a_replacement_conflicts() {
        assert!(conflicts(range(2, 6), range(4, 4)));
        assert!(!conflicts(range(2, 6), range(6, 6)));
        assert!(!conflicts(range(3, 3), range(3, 3)));
    }

    #[test]
    fn new_imports_at_one_offset_form_one_sorted_block() {
        let text = "import fastapi\n";
        let at = TextSize::new(0);
        let first = Fix::safe(
            "one",
            vec![Edit::insert(at, "import threading\n\n").with_order(EditOrder::Import)],
        );
        let second = Fix::safe(
            "two",
            vec![Edit::insert(at, "import asyncio\n\n").with_order(EditOrder::Import)],
        );
        let third = Fix::safe(
            "three",
            vec![
                Edit::insert(at, "from contextlib import closing\n\n")
                    .with_order(EditOrder::Import),
            ],
        );
        let out = apply_fixes(text, &[&first, &third, &second]);
        assert_eq!(
            out.text,
            "import asyncio\nimport threading\nfrom contextlib import closing\n\nimport fastapi\n"
        );
        assert_eq!(out.applied, vec![0, 1, 2]);
    }
}
