//! A text with a fix's edits in it, read without building it. `--dry-run` shows
//! each finding's fix on its own; building the fixed file for each one copied
//! and scanned the whole file per finding, quadratic in a file's length. The
//! fixed text is the old text's pieces between the edits and the edits' contents:
//! a slice of it, or the common head and tail it shares with the old text, cost
//! what they cover.

use std::borrow::Cow;
use std::ops::Range;

use crate::fix::Edit;

pub struct Spliced<'t> {
    /// The pieces of the new text, in order, each with where it starts in it.
    pieces: Vec<(usize, &'t str)>,
    len: usize,
    /// Where the first change starts and the last one ends, in the old text.
    changed: Range<usize>,
    old: &'t str,
}

impl<'t> Spliced<'t> {
    /// `old` with `edits` (sorted, not overlapping, as `fix::apply::planned_edits`
    /// gives them) spliced in, as `fix::apply::splice` does.
    pub fn new(old: &'t str, edits: &'t [Edit]) -> Spliced<'t> {
        Spliced::of(
            old,
            edits.iter().map(|e| {
                (
                    usize::from(e.range.start())..usize::from(e.range.end()),
                    e.content.as_str(),
                )
            }),
        )
    }

    /// `new` as one replacement of all of `old`.
    pub fn whole(old: &'t str, new: &'t str) -> Spliced<'t> {
        Spliced::of(old, std::iter::once((0..old.len(), new)))
    }

    fn of(old: &'t str, edits: impl Iterator<Item = (Range<usize>, &'t str)>) -> Spliced<'t> {
        let mut pieces = Vec::new();
        let mut len = 0;
        let mut cursor = 0;
        let mut changed: Option<Range<usize>> = None;
        let mut push = |piece: &'t str, pieces: &mut Vec<(usize, &'t str)>| {
            if !piece.is_empty() {
                pieces.push((len, piece));
                len += piece.len();
            }
        };
        for (range, content) in edits {
            push(&old[cursor..range.start], &mut pieces);
            push(content, &mut pieces);
            cursor = range.end;
            changed = Some(match changed {
                Some(c) => c.start..range.end,
                None => range.clone(),
            });
        }
        push(&old[cursor..], &mut pieces);
        Spliced {
            pieces,
            len,
            changed: changed.unwrap_or(old.len()..old.len()),
            old,
        }
    }

    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The whole new text.
    pub fn text(&self) -> String {
        let mut out = String::with_capacity(self.len);
        for (_, piece) in &self.pieces {
            out.push_str(piece);
        }
        out
    }

    /// `new[range]`, or None where `str::get` gives None (not on a character boundary).
    pub fn get(&self, range: Range<usize>) -> Option<Cow<'t, str>> {
        if range.start > range.end || range.end > self.len {
            return None;
        }
        if self.pieces.is_empty() {
            return Some(Cow::Borrowed(""));
        }
        let first = self.pieces.partition_point(|(at, _)| *at <= range.start) - 1;
        let (at, piece) = self.pieces[first];
        if range.end <= at + piece.len() {
            return piece
                .get(range.start - at..range.end - at)
                .map(Cow::Borrowed);
        }
        let mut out = String::with_capacity(range.len());
        for &(at, piece) in &self.pieces[first..] {
            if at >= range.end {
                break;
            }
            let from = range.start.saturating_sub(at);
            let to = (range.end - at).min(piece.len());
            out.push_str(piece.get(from..to)?);
        }
        Some(Cow::Owned(out))
    }

    /// The new text's bytes from `at` on.
    fn bytes_from(&self, at: usize) -> impl Iterator<Item = u8> + '_ {
        let first = self.pieces.partition_point(|(start, _)| *start <= at);
        self.pieces[first.saturating_sub(1)..]
            .iter()
            .flat_map(move |&(start, piece)| piece.as_bytes()[at.saturating_sub(start)..].iter())
            .copied()
    }

    /// The new text's bytes before `end`, last first.
    fn bytes_before(&self, end: usize) -> impl Iterator<Item = u8> + '_ {
        let last = self.pieces.partition_point(|(start, _)| *start < end);
        self.pieces[..last]
            .iter()
            .rev()
            .flat_map(move |&(start, piece)| {
                piece.as_bytes()[..(end - start).min(piece.len())]
                    .iter()
                    .rev()
            })
            .copied()
    }

    /// How many bytes the old and new texts share at their start, and at their
    /// end (the end counted only in what the start leaves): what a scan of both
    /// whole texts finds, scanned from the changes only.
    pub fn common_head_tail(&self) -> (usize, usize) {
        let o = self.old.as_bytes();
        let start = self.changed.start.min(o.len()).min(self.len);
        let head = start
            + o[start..]
                .iter()
                .copied()
                .zip(self.bytes_from(start))
                .take_while(|(a, b)| a == b)
                .count();
        let shortest = o.len().min(self.len);
        // The old and new texts are the same after the last change.
        let after = (o.len() - self.changed.end.min(o.len())).min(shortest - head);
        let tail = after
            + o[..o.len() - after]
                .iter()
                .rev()
                .copied()
                .zip(self.bytes_before(self.len - after))
                .take(shortest - head - after)
                .take_while(|(a, b)| a == b)
                .count();
        (head, tail)
    }
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

    /// What the old code computed over both whole texts.
    fn scanned(o: &[u8], n: &[u8]) -> (usize, usize) {
        let head = o.iter().zip(n).take_while(|(a, b)| a == b).count();
        let tail = o
            .iter()
            .rev()
            .zip(n.iter().rev())
            .take(o.len().min(n.len()) - head)
            .take_while(|(a, b)| a == b)
            .count();
        (head, tail)
    }

    #[test]
    fn reads_as_the_spliced_text() {
        let old = "import os\nx = 1\nx = 1\ny = 2\né = 3\n";
        let cases: Vec<Vec<Edit>> = vec![
            vec![],
            vec![edit(0, 0, "import os\n")],
            vec![edit(10, 10, "x = 1\n")],
            vec![edit(10, 16, "")],
            vec![edit(0, 0, "import sys\n"), edit(22, 27, "y = 3")],
            vec![edit(old.len(), old.len(), "z\n")],
            vec![edit(0, old.len(), "")],
            vec![edit(28, 30, "e")],
            vec![edit(16, 16, "x = 1\nx = 1\n"), edit(22, 22, "y = 2\n")],
        ];
        for edits in cases {
            let new = crate::fix::apply::splice(old, edits.iter());
            let s = Spliced::new(old, &edits);
            assert_eq!(s.text(), new);
            assert_eq!(s.len(), new.len());
            assert_eq!(
                s.common_head_tail(),
                scanned(old.as_bytes(), new.as_bytes()),
                "{new:?}"
            );
            for a in 0..=new.len() + 1 {
                for b in a..=new.len() + 1 {
                    assert_eq!(s.get(a..b).as_deref(), new.get(a..b), "{new:?} {a}..{b}");
                }
            }
            let w = Spliced::whole(old, &new);
            assert_eq!(
                w.common_head_tail(),
                scanned(old.as_bytes(), new.as_bytes())
            );
        }
    }
}
