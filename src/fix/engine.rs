//! The fix loop: apply what applies, re-check the new text, repeat until nothing
//! changes. A round whose result does not parse is never kept.

use super::apply::apply_fixes;
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
    let mut text = original.to_string();
    let mut applied = Vec::new();
    let mut refused: Vec<Refused> = Vec::new();
    let mut findings = check(&text)?;
    for _ in 0..MAX_ROUNDS {
        let candidates: Vec<&Finding> = findings
            .iter()
            .filter(|f| {
                f.fix.as_ref().is_some_and(|fix| {
                    fix.applicability >= min
                        && fix.applicability > Applicability::DisplayOnly
                        && !refused.iter().any(|r| r.key == fix_key(&text, f.id, fix))
                        && accept(&text, f)
                })
            })
            .collect();
        if candidates.is_empty() {
            return Ok(FixOutcome {
                text,
                applied,
                refused,
                converged: true,
                remaining: findings,
            });
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
        for &i in &indices {
            applied.push(AppliedFix {
                id: candidates[i].id,
                title: fixes[i].title.clone(),
                applicability: fixes[i].applicability,
            });
        }
        text = new_text;
        findings = next;
    }
    let still_fixable = findings.iter().any(|f| {
        f.fix.as_ref().is_some_and(|fix| {
            fix.applicability >= min
                && fix.applicability > Applicability::DisplayOnly
                && accept(&text, f)
        })
    });
    Ok(FixOutcome {
        text,
        applied,
        refused,
        converged: !still_fixable,
        remaining: findings,
    })
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
