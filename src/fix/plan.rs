//! The order in which one file's fixes go in. Fixes that restructure code (move
//! work off the event loop, batch a loop's writes, reorder file and database
//! writes) change which statements exist and where; fixes that wrap code (a
//! `closing()`, a write lock, PRAGMAs) only add around what is there. A wrapper
//! applied first can hide the shape a structural fix needs (a commit inside
//! `with _WRITE_LOCK:` is no longer a statement of the loop body; a `closing()`
//! block that returns cannot move into a worker function), while a wrapper applied
//! after is simply re-derived from the restructured code by the next check.

use ruff_text_size::TextRange;

use super::{Applicability, EditOrder, Fix};
use crate::finding::Finding;

/// Earlier phases are applied, and the file re-checked, before any fix of a later one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Phase {
    /// Moves or regroups statements: its finding's shape must still be intact.
    Structural,
    /// Adds around, or inside, statements that stay where they are.
    Wrapper,
}

/// The codemods whose fixes restructure: SQF501 moves work into a worker thread,
/// SQF402 moves a loop's commit after it, SQF403 reorders a file and a database
/// write, SQF601 throttles a loop's write, SQF603 moves a task after the commit.
const STRUCTURAL: &[&str] = &["SQF501", "SQF505", "SQF402", "SQF403", "SQF601", "SQF603"];

/// Fixes that another rule's fix, applied in the same round, makes redundant:
/// (covered, covering). SQF203 wraps each function's uses of a shared connection
/// in one lock, from the first use to the last, so a write transaction of SQF303
/// inside that span is serialized by it already; SQF303's own `with _WRITE_LOCK:`
/// would only nest a second lock, and once SQF203's fix is in, the transaction is
/// under a lock and SQF303 no longer reports it. Offering both would promise a
/// fix that `--fix` then finds unneeded.
const COVERED_BY: &[(&str, &str)] = &[("SQF303", "SQF203")];

/// Takes the fix off each finding whose every edit lies inside code that a
/// covering fix rewrites, when the covering fix applies whenever it would (it is
/// at least as trusted), and says so in the finding's note.
pub fn drop_covered(findings: &mut [Finding]) {
    // Asked for every file, so only the pairs COVERED_BY names are compared, and a
    // covering fix's whole span is tested before its edits: a module with many
    // findings must not compare each with every other.
    let covering: Vec<(usize, TextRange)> = findings
        .iter()
        .enumerate()
        .filter(|(_, f)| COVERED_BY.iter().any(|&(_, by)| by == f.id))
        .filter_map(|(j, f)| Some((j, replaced_span(applicable(f)?)?)))
        .collect();
    if covering.is_empty() {
        return;
    }
    let mut covered: Vec<(usize, String)> = Vec::new();
    for (i, finding) in findings.iter().enumerate() {
        if !COVERED_BY.iter().any(|&(c, _)| c == finding.id) {
            continue;
        }
        let Some(fix) = applicable(finding) else {
            continue;
        };
        let Some(first) = fix.edits.iter().find(|e| e.order == EditOrder::Code) else {
            continue;
        };
        let Some(by) = covering
            .iter()
            .filter(|(_, span)| span.contains_range(first.range))
            .map(|&(j, _)| &findings[j])
            .find(|other| {
                COVERED_BY.contains(&(finding.id, other.id))
                    && applicable(other).is_some_and(|cover| {
                        cover.applicability >= fix.applicability && covers(cover, fix)
                    })
            })
        else {
            continue;
        };
        let title = by.fix.as_ref().map_or("", |f| f.title.as_str());
        covered.push((
            i,
            format!(
                "{}'s fix ({title}) puts this code under its lock, which serializes \
                 this transaction too; no second fix is needed",
                by.id
            ),
        ));
    }
    for (i, why) in covered {
        // The note described the dropped fix; it now says why there is none.
        let finding = &mut findings[i];
        finding.fix = None;
        finding.note = Some(why);
    }
}

fn applicable(finding: &Finding) -> Option<&Fix> {
    finding
        .fix
        .as_ref()
        .filter(|f| f.applicability > Applicability::DisplayOnly)
}

/// From the first to the last character that `fix`'s code edits replace.
fn replaced_span(fix: &Fix) -> Option<TextRange> {
    fix.edits
        .iter()
        .filter(|e| e.order == EditOrder::Code && !e.is_insertion())
        .map(|e| e.range)
        .reduce(|a, b| a.cover(b))
}

/// Every code edit of `inner` falls inside text that `outer` replaces.
fn covers(outer: &Fix, inner: &Fix) -> bool {
    let spans: Vec<TextRange> = outer
        .edits
        .iter()
        .filter(|e| e.order == EditOrder::Code && !e.is_insertion())
        .map(|e| e.range)
        .collect();
    let mut code = inner
        .edits
        .iter()
        .filter(|e| e.order == EditOrder::Code)
        .peekable();
    code.peek().is_some()
        && code.all(|e| {
            spans.iter().any(|s| {
                s.contains_range(e.range)
                    && (!e.is_insertion()
                        || s.start() < e.range.start() && e.range.start() < s.end())
            })
        })
}

pub fn phase(id: &str) -> Phase {
    if STRUCTURAL.contains(&id) {
        Phase::Structural
    } else {
        Phase::Wrapper
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn structural_fixes_come_before_wrappers() {
        assert!(phase("SQF501") < phase("SQF202"));
        assert!(phase("SQF402") < phase("SQF303"));
        assert_eq!(phase("SQF101"), Phase::Wrapper);
    }
}
