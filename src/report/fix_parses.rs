//! Whether a file with one fix applied still parses, without parsing the whole
//! file once per fix: `--dry-run` says so for every finding, and parsing each fix's
//! whole file made a file's report quadratic in its length.
//!
//! The file parsed before the fix. Its top-level statements that start a line cut it
//! into pieces that each parse alone and that, joined, parse (each ends at the
//! outermost level, outside any bracket or string). A fix that changes only some
//! pieces leaves the others as they were, so the fixed file parses when each
//! changed piece, with the fix, parses alone and still ends a line. When one does
//! not, the whole fixed file is parsed, so the answer is always the whole file's.

use ruff_text_size::Ranged;

use crate::fix::Edit;
use crate::report::spliced::Spliced;

/// Where a file's top-level statements that start a line begin, with 0 and the
/// file's end: the places a fixed piece can be cut at.
pub struct Cuts {
    at: Vec<usize>,
    len: usize,
}

impl Cuts {
    /// `None` when the file does not parse (each fix is then parsed whole).
    pub fn of(text: &str) -> Option<Cuts> {
        let parsed = crate::check::parse(text).ok()?;
        let bytes = text.as_bytes();
        let mut at = vec![0];
        for stmt in parsed.suite() {
            let start = usize::from(stmt.start());
            if start > 0 && bytes.get(start - 1) == Some(&b'\n') {
                at.push(start);
            }
        }
        at.push(text.len());
        at.dedup();
        Some(Cuts {
            at,
            len: text.len(),
        })
    }

    /// The last cut at or before `offset` (a piece may start at the file's end only
    /// when the file ends a line).
    fn before(&self, offset: usize, ends_line: bool) -> usize {
        let i = self.at.partition_point(|&c| c <= offset);
        let cut = self.at[i.saturating_sub(1)];
        if cut == self.len && !ends_line && self.at.len() > 1 {
            self.at[self.at.len() - 2]
        } else {
            cut
        }
    }

    /// The first cut after `start` at or after `end`.
    fn after(&self, start: usize, end: usize) -> usize {
        let i = self.at.partition_point(|&c| c < end.max(start + 1));
        self.at.get(i).copied().unwrap_or(self.len)
    }
}

/// Whether `fixed` (`old` with `edits`, as `fix::apply::planned_edits` gives them,
/// spliced in) parses.
pub fn parses(old: &str, cuts: Option<&Cuts>, edits: &[Edit], fixed: &Spliced<'_>) -> bool {
    let whole = || crate::check::parse(&fixed.text()).is_ok();
    let Some(cuts) = cuts else {
        return whole();
    };
    if edits.is_empty() {
        return true;
    }
    let ends_line = old.ends_with('\n');
    // Pieces (old start, old end) holding the edits, joined where they touch, and
    // how much each edit grows the text.
    let mut pieces: Vec<(usize, usize, isize)> = Vec::new();
    for edit in edits {
        let (start, end) = (
            usize::from(edit.range.start()),
            usize::from(edit.range.end()),
        );
        let lo = cuts.before(start, ends_line);
        let hi = cuts.after(lo, end);
        let grow = edit.content.len() as isize - (end - start) as isize;
        match pieces.last_mut() {
            Some(last) if lo <= last.1 => {
                last.1 = last.1.max(hi);
                last.2 += grow;
            }
            _ => pieces.push((lo, hi, grow)),
        }
    }
    let mut shift: isize = 0;
    for (lo, hi, grow) in pieces {
        let from = (lo as isize + shift) as usize;
        shift += grow;
        let to = (hi as isize + shift) as usize;
        let Some(piece) = fixed.get(from..to) else {
            return whole();
        };
        let piece = &*piece;
        // A piece ending in a line continuation would run on into the next one.
        let closes = hi == old.len()
            || (piece.ends_with('\n') && !piece.trim_end_matches(['\r', '\n']).ends_with('\\'));
        if !closes || crate::check::parse(piece).is_err() {
            return whole();
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;
    use ruff_text_size::{TextRange, TextSize};

    fn edit(start: usize, end: usize, content: &str) -> Edit {
        Edit::replace(
            TextRange::new(TextSize::new(start as u32), TextSize::new(end as u32)),
            content,
        )
    }

    /// Each answer is the whole fixed file's.
    #[test]
    fn pieces_answer_as_the_whole_file() {
        let old = "import os\n\ndef f():\n    return (1,\n        2)\n\nx = 1; y = 2\n\nclass C:\n    pass\n";
        let at = |s: &str| old.find(s).unwrap();
        let cases: Vec<Vec<Edit>> = vec![
            vec![edit(at("return"), at("return"), "import threading\n    ")],
            vec![edit(at("return"), at("return") + 6, "yield")],
            vec![edit(at("(1"), at("(1") + 1, "[")],
            vec![
                edit(0, 0, "import sys\n"),
                edit(at("pass"), at("pass"), "x = (\n    "),
            ],
            vec![edit(at("y = 2"), at("y = 2"), "def g(): pass\n")],
            vec![edit(at("class"), at("class"), "@deco\n")],
            vec![edit(at("x = 1"), at("x = 1"), "if True:\n")],
            vec![edit(old.len(), old.len(), "z = 3\n")],
            vec![edit(old.len() - 1, old.len(), " \\\n")],
            vec![edit(at("def f"), at("def f"), "s = '''\n")],
        ];
        let cuts = Cuts::of(old);
        for edits in cases {
            let fixed = crate::fix::apply::splice(old, edits.iter());
            assert_eq!(
                parses(old, cuts.as_ref(), &edits, &Spliced::new(old, &edits)),
                crate::check::parse(&fixed).is_ok(),
                "{fixed}"
            );
        }
    }
}
