//! The fix loop: apply what applies, re-check the new text, repeat until nothing
//! changes. A round whose result does not parse is never kept.

use super::apply::apply_fixes;
use super::plan::phase;
use std::sync::Arc;

use super::{Applicability, Fix};
use crate::finding::Finding;

/// Enough for fixes that enable one another (a helper, then its callers) with room
/// to spare; a file that still changes after this many rounds is reported.
pub const MAX_ROUNDS: usize = 10;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AppliedFix {
    pub id: &'static str,
    pub title: String,
    pub applicability: Applicability,
    /// Set when the first check of the file did not offer this fix: another fix
    /// made its finding appear (a dry run shows it, with the reason).
    pub later: Option<Box<Later>>,
}

/// A fix that only appeared once other fixes were in, as a dry run shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Later {
    /// The text it was applied to (shared by the fixes of one round).
    pub before: Arc<str>,
    pub fix: Fix,
    /// Where its finding starts in `before`, and what it says.
    pub offset: usize,
    pub message: String,
    /// What made it appear: "after SQF501 in this file".
    pub after: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refused {
    pub id: &'static str,
    pub title: String,
    pub reason: String,
    /// Which fix: its id, title and the text it replaces, stable across rounds.
    key: String,
}

/// Names a fix across rounds of the loop (its offsets move, its own text does not).
pub fn fix_key(text: &str, id: &str, fix: &Fix) -> String {
    let own = fix.own_range().map(|r| &text[r]).unwrap_or("");
    format!("{id}\u{0}{}\u{0}{own}", fix.title)
}

#[derive(Debug)]
pub struct FixOutcome {
    pub text: String,
    pub applied: Vec<AppliedFix>,
    pub refused: Vec<Refused>,
    /// False when fixes were still being produced after [`MAX_ROUNDS`].
    pub converged: bool,
    /// What a final check of `text` reports (remaining findings).
    pub remaining: Vec<Finding>,
}

/// `check` returns the findings for a text, or `Err` with a message when the text
/// does not parse. `min` is the least-trusted applicability to apply.
pub fn fix_until_stable<C>(
    original: &str,
    min: Applicability,
    check: C,
) -> Result<FixOutcome, String>
where
    C: Fn(&str) -> Result<Vec<Finding>, String>,
{
    fix_until_stable_with(original, min, check, |_, _| true)
}

/// As [`fix_until_stable`], applying only the fixes `accept` takes: it is given the
/// current text and the finding (an interactive review accepts by [`fix_key`]).
pub fn fix_until_stable_with<C, A>(
    original: &str,
    min: Applicability,
    check: C,
    accept: A,
) -> Result<FixOutcome, String>
where
    C: Fn(&str) -> Result<Vec<Finding>, String>,
    A: Fn(&str, &Finding) -> bool,
{
    let line_length = crate::source::line_length::DEFAULT_LINE_LENGTH;
    fix_until_stable_after(original, min, check, accept, None, line_length)
}

/// As [`fix_until_stable_with`]; `after` names what made every fix of this run
/// appear (fixes in other files, when the project is checked again over them):
/// each applied fix then records it, with what a dry run needs to show it.
/// `line_length`: the file's (`source::line_length`), which split headers keep to.
pub fn fix_until_stable_after<C, A>(
    original: &str,
    min: Applicability,
    check: C,
    accept: A,
    after: Option<&str>,
    line_length: usize,
) -> Result<FixOutcome, String>
where
    C: Fn(&str) -> Result<Vec<Finding>, String>,
    A: Fn(&str, &Finding) -> bool,
{
    let mut text = original.to_string();
    let mut applied = Vec::new();
    let mut refused: Vec<Refused> = Vec::new();
    let mut findings = check(&text)?;
    let applicable =
        |fix: &Fix| fix.applicability >= min && fix.applicability > Applicability::DisplayOnly;
    // What a dry run of this text promises: each must be applied or explained.
    let offered: Vec<(&'static str, String)> = findings
        .iter()
        .filter_map(|f| {
            let fix = f.fix.as_ref()?;
            (applicable(fix) && accept(&text, f)).then(|| (f.id, fix.title.clone()))
        })
        .collect();
    // The offered fixes no round has applied yet; a fix applied that is not among
    // them appeared later. A display-only fix that another rule's fix makes
    // applicable (`Fix::after`) was shown, and counted, by the dry run already.
    let mut unclaimed: Vec<(&'static str, String)> = findings
        .iter()
        .filter_map(|f| {
            let fix = f.fix.as_ref()?;
            ((applicable(fix) || fix.after.is_some()) && accept(&text, f))
                .then(|| (f.id, fix.title.clone()))
        })
        .collect();
    for _ in 0..MAX_ROUNDS {
        let mut candidates: Vec<&Finding> = findings
            .iter()
            .filter(|f| {
                f.fix.as_ref().is_some_and(|fix| {
                    applicable(fix)
                        && !refused.iter().any(|r| r.key == fix_key(&text, f.id, fix))
                        && accept(&text, f)
                })
            })
            .collect();
        if candidates.is_empty() {
            (text, findings) = within_line_length(original, text, findings, &check, line_length);
            explain_unapplied(&offered, &applied, &mut refused, &mut findings, |f| {
                f.fix.as_ref().is_some_and(&applicable)
            });
            return Ok(FixOutcome {
                text,
                applied,
                refused,
                converged: true,
                remaining: findings,
            });
        }
        // One phase per round: wrappers wait until the structural fixes are in and
        // the file has been checked again (see `plan`).
        if let Some(first) = candidates.iter().map(|f| phase(f.id)).min() {
            candidates.retain(|f| phase(f.id) == first);
        }
        let fixes: Vec<&Fix> = candidates.iter().filter_map(|f| f.fix.as_ref()).collect();
        let round = apply_fixes(&text, &fixes);
        let next = match check(&round.text) {
            Ok(next) => Some((round.text, round.applied, next)),
            Err(_) => {
                // Find the culprits one by one so the good fixes still land.
                let mut good = Vec::new();
                for (i, fix) in fixes.iter().enumerate() {
                    let alone = apply_fixes(&text, &[fix]);
                    match check(&alone.text) {
                        Ok(_) => good.push(i),
                        Err(reason) => refused.push(Refused {
                            id: candidates[i].id,
                            title: fix.title.clone(),
                            reason: format!("the fixed code would not parse: {reason}"),
                            key: fix_key(&text, candidates[i].id, fix),
                        }),
                    }
                }
                let kept: Vec<&Fix> = good.iter().map(|&i| fixes[i]).collect();
                let round = apply_fixes(&text, &kept);
                match check(&round.text) {
                    Ok(next) if !good.is_empty() => {
                        let indices = round.applied.iter().map(|&k| good[k]).collect();
                        Some((round.text, indices, next))
                    }
                    _ => None,
                }
            }
        };
        let Some((new_text, indices, next)) = next else {
            continue;
        };
        if new_text == text {
            // Fixes that change nothing would loop forever; they are a bug in the codemod.
            for &i in &indices {
                refused.push(Refused {
                    id: candidates[i].id,
                    title: fixes[i].title.clone(),
                    reason: "the fix changes nothing".to_string(),
                    key: fix_key(&text, candidates[i].id, fixes[i]),
                });
            }
            findings = next;
            continue;
        }
        let mut before: Option<Arc<str>> = None;
        let mut ids_before: Vec<&'static str> = Vec::new();
        for a in &applied {
            if !ids_before.contains(&a.id) {
                ids_before.push(a.id);
            }
        }
        for &i in &indices {
            let (id, fix) = (candidates[i].id, fixes[i]);
            let claimed = unclaimed
                .iter()
                .position(|(u, t)| *u == id && *t == fix.title)
                .map(|k| unclaimed.remove(k));
            let reason = match (after, claimed) {
                (Some(after), _) => Some(after.to_string()),
                (None, None) => Some(format!("after {} in this file", ids_before.join(", "))),
                (None, Some(_)) => None,
            };
            let later = reason.map(|after| {
                let before = before.get_or_insert_with(|| Arc::from(text.as_str()));
                Box::new(Later {
                    before: before.clone(),
                    fix: fix.clone(),
                    offset: candidates[i].range.start().to_usize(),
                    message: candidates[i].message.clone(),
                    after,
                })
            });
            applied.push(AppliedFix {
                id,
                title: fix.title.clone(),
                applicability: fix.applicability,
                later,
            });
        }
        text = new_text;
        findings = next;
    }
    let still_fixable = findings.iter().any(|f| {
        f.fix
            .as_ref()
            .is_some_and(|fix| applicable(fix) && accept(&text, f))
    });
    (text, findings) = within_line_length(original, text, findings, &check, line_length);
    explain_unapplied(&offered, &applied, &mut refused, &mut findings, |f| {
        f.fix.as_ref().is_some_and(&applicable)
    });
    Ok(FixOutcome {
        text,
        applied,
        refused,
        converged: !still_fixable,
        remaining: findings,
    })
}

/// The fixed text with the `with` headers the fixes made too long split
/// (`wrap`), and its findings; as it was when nothing needed it or the split
/// text does not check.
fn within_line_length<C>(
    original: &str,
    text: String,
    findings: Vec<Finding>,
    check: &C,
    line_length: usize,
) -> (String, Vec<Finding>)
where
    C: Fn(&str) -> Result<Vec<Finding>, String>,
{
    if text == original {
        return (text, findings);
    }
    let wrapped = super::wrap::long_with_headers(original, &text, line_length);
    if wrapped == text {
        return (text, findings);
    }
    match check(&wrapped) {
        Ok(next) => (wrapped, next),
        Err(_) => (text, findings),
    }
}

/// A fix the first check offered that no round applied, because another fix changed
/// the code it was for (a commit the lock now wraps, a block that moved): its
/// finding, still there, says so, and the run warns with the reason, so what a dry
/// run promised and what `--fix` did add up.
fn explain_unapplied<F>(
    offered: &[(&'static str, String)],
    applied: &[AppliedFix],
    refused: &mut Vec<Refused>,
    remaining: &mut [Finding],
    still_fixable: F,
) where
    F: Fn(&Finding) -> bool,
{
    let mut ids: Vec<&'static str> = offered.iter().map(|(id, _)| *id).collect();
    ids.dedup();
    ids.sort_unstable();
    ids.dedup();
    for id in ids {
        let promised = offered.iter().filter(|(i, _)| *i == id).count();
        let done = applied.iter().filter(|a| a.id == id).count();
        let explained = refused.iter().filter(|r| r.id == id).count();
        let mut short = promised.saturating_sub(done + explained);
        if short == 0 {
            continue;
        }
        let mut before: Vec<&str> = Vec::new();
        for a in applied.iter().filter(|a| a.id != id) {
            if !before.contains(&a.id) {
                before.push(a.id);
            }
        }
        let after = if before.is_empty() {
            "the other fixes".to_string()
        } else {
            format!("the fixes of {}", before.join(", "))
        };
        let title = offered
            .iter()
            .find(|(i, _)| *i == id)
            .map(|(_, t)| t.clone())
            .unwrap_or_default();
        for finding in remaining
            .iter_mut()
            .filter(|f| f.id == id && !still_fixable(f))
        {
            if short == 0 {
                break;
            }
            short -= 1;
            let why = finding
                .note
                .clone()
                .unwrap_or_else(|| "the code no longer has the shape the fix needs".to_string());
            let reason = format!("offered before fixing, not applicable after {after}: {why}");
            finding.note = Some(format!("its fix was {reason}"));
            refused.push(Refused {
                id,
                title: title.clone(),
                reason,
                key: String::new(),
            });
        }
        // The rest have no finding left: another fix took care of the hazard (a
        // lock SQF203 put around every use also serializes what SQF303 would lock).
        for _ in 0..short {
            refused.push(Refused {
                id,
                title: title.clone(),
                reason: format!("not needed after {after}: its finding is gone"),
                key: String::new(),
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::codemods::Meta;
    use crate::fix::Edit;
    use ruff_text_size::{TextRange, TextSize};
    use std::sync::LazyLock;

    static META: LazyLock<Meta> = LazyLock::new(|| {
        Meta::parse(
            "TEST",
            r#"id = "SQF000"
name = "test"
title = "t"
seed = []
severity = "HIGH"
category = "Connection"
confidence = "High"
fix = "safe"
[report]
problem = "p"
impact = "i"
verify = "v"
fix = "f"
tradeoff = "t"
"#,
        )
    });

    fn finding(fix: Fix) -> Finding {
        Finding::new(&META, TextRange::default(), "m").with_fix(fix)
    }

    /// A finding of a codemod whose fixes restructure code (see `plan`).
    fn structural(fix: Fix) -> Finding {
        let mut f = finding(fix);
        f.id = "SQF402";
        f
    }

    fn replace_word(text: &str, word: &str, by: &str) -> Vec<Edit> {
        let at = TextSize::try_from(text.find(word).unwrap()).unwrap();
        let len = TextSize::try_from(word.len()).unwrap();
        vec![Edit::replace(TextRange::at(at, len), by)]
    }

    #[test]
    fn a_structural_fix_goes_in_before_a_wrapper_of_the_same_code() {
        // The wrapper is listed first and would win the overlap; the plan puts the
        // structural fix first, and the wrapper's finding is re-derived from its result.
        let check = |text: &str| -> Result<Vec<Finding>, String> {
            let mut out = Vec::new();
            if text.contains("commit") && !text.contains("lock(") {
                out.push(finding(Fix::safe(
                    "wrap",
                    replace_word(text, "commit", "lock(commit)"),
                )));
            }
            if text.contains("loop: commit") {
                out.push(structural(Fix::safe(
                    "batch",
                    replace_word(text, "loop: commit", "loop: pass\ncommit"),
                )));
            }
            Ok(out)
        };
        let outcome = fix_until_stable("loop: commit\n", Applicability::Safe, check).unwrap();
        assert_eq!(outcome.text, "loop: pass\nlock(commit)\n");
        let ids: Vec<&str> = outcome.applied.iter().map(|a| a.id).collect();
        assert_eq!(ids, ["SQF402", "SQF000"]);
        assert!(outcome.refused.is_empty());
    }

    #[test]
    fn an_offered_fix_another_fix_made_inapplicable_is_explained() {
        // The wrapper (first listed, so it wins) leaves the batch finding without a fix.
        let check = |text: &str| -> Result<Vec<Finding>, String> {
            let mut out = Vec::new();
            if text.contains("loop: commit") {
                out.push(finding(Fix::safe(
                    "wrap",
                    replace_word(text, "loop: commit", "loop: lock(commit)"),
                )));
                out.push(finding(Fix::safe(
                    "batch",
                    replace_word(text, "loop: commit", "loop: pass\ncommit"),
                )));
            } else if text.contains("lock(commit)") {
                out.push(
                    Finding::new(&META, TextRange::default(), "m").with_note("inside a block"),
                );
            }
            Ok(out)
        };
        let outcome = fix_until_stable("loop: commit\n", Applicability::Safe, check).unwrap();
        assert_eq!(outcome.applied.len(), 1);
        assert_eq!(outcome.refused.len(), 1, "{:?}", outcome.refused);
        assert!(outcome.refused[0].reason.contains("inside a block"));
        assert!(
            outcome.remaining[0]
                .note
                .as_deref()
                .is_some_and(|n| n.starts_with("its fix was offered before fixing"))
        );
    }

    /// Parses like Python would for these tiny texts: unbalanced parentheses fail.
    fn parses(text: &str) -> Result<(), String> {
        crate::check::parse(text).map(|_| ())
    }

    #[test]
    fn a_fix_whose_result_does_not_parse_is_refused_and_the_others_land() {
        let check = |text: &str| -> Result<Vec<Finding>, String> {
            parses(text)?;
            let mut out = Vec::new();
            if let Some(i) = text.find("bad") {
                let at = TextSize::try_from(i).unwrap();
                out.push(finding(Fix::safe(
                    "break it",
                    vec![Edit::replace(TextRange::at(at, TextSize::new(3)), "(((")],
                )));
            }
            if let Some(i) = text.find("old") {
                let at = TextSize::try_from(i).unwrap();
                out.push(finding(Fix::safe(
                    "rename",
                    vec![Edit::replace(TextRange::at(at, TextSize::new(3)), "new")],
                )));
            }
            Ok(out)
        };
        let outcome = fix_until_stable("old = 1\nbad = 2\n", Applicability::Safe, check).unwrap();
        assert_eq!(outcome.text, "new = 1\nbad = 2\n");
        assert_eq!(outcome.applied.len(), 1);
        assert_eq!(outcome.refused.len(), 1);
        assert!(outcome.refused[0].reason.contains("would not parse"));
        assert!(outcome.converged);
    }

    #[test]
    fn a_fix_that_never_settles_is_reported() {
        let check = |text: &str| -> Result<Vec<Finding>, String> {
            let end = TextSize::try_from(text.len()).unwrap();
            Ok(vec![finding(Fix::safe(
                "grow",
                vec![Edit::insert(end, "x = 1\n")],
            ))])
        };
        let outcome = fix_until_stable("", Applicability::Safe, check).unwrap();
        assert!(!outcome.converged);
        assert_eq!(outcome.applied.len(), MAX_ROUNDS);
    }

    #[test]
    fn unsafe_fixes_wait_for_permission() {
        let check = |text: &str| -> Result<Vec<Finding>, String> {
            Ok(match text.find("old") {
                Some(i) => {
                    let at = TextSize::try_from(i).unwrap();
                    vec![finding(Fix::unsafe_(
                        "rename",
                        vec![Edit::replace(TextRange::at(at, TextSize::new(3)), "new")],
                    ))]
                }
                None => Vec::new(),
            })
        };
        assert_eq!(
            fix_until_stable("old\n", Applicability::Safe, check)
                .unwrap()
                .text,
            "old\n"
        );
        assert_eq!(
            fix_until_stable("old\n", Applicability::Unsafe, check)
                .unwrap()
                .text,
            "new\n"
        );
    }
}
