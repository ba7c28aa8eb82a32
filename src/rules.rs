//! Every rule sqlfix can report: the codemods plus the engine's own rules (SQF001,
//! unused suppressions), and the ruff-style selectors (`SQF1`, `SQF101`, `ALL`)
//! that `select`, `ignore`, `fixable` and suppression comments use.

use crate::codemods::{self, Codemod, Meta};

/// Every rule (the codemods and the engine's own), in id order.
pub fn all() -> Vec<&'static dyn Codemod> {
    in_order().to_vec()
}

/// [`all`], sorted once per process: a run asks for the rules of every file
/// and the metadata of every finding.
pub fn in_order() -> &'static [&'static dyn Codemod] {
    static RULES: std::sync::LazyLock<Vec<&'static dyn Codemod>> = std::sync::LazyLock::new(|| {
        let mut rules: Vec<&'static dyn Codemod> = codemods::all().to_vec();
        rules.push(&codemods::sqf001_unused_suppression::UnusedSuppression);
        rules.sort_by(|a, b| a.meta().id.cmp(&b.meta().id));
        rules
    });
    &RULES
}

pub fn metas() -> Vec<&'static Meta> {
    in_order().iter().map(|r| r.meta()).collect()
}

/// A rule by id (`SQF101`, any case) or name (`connection-pragmas`).
pub fn by_id(id: &str) -> Option<&'static dyn Codemod> {
    in_order()
        .iter()
        .copied()
        .find(|c| c.meta().id.eq_ignore_ascii_case(id) || c.meta().name == id)
}

/// `SQF1` matches SQF101..SQF199; `ALL` matches everything.
pub fn matches(id: &str, selector: &str) -> bool {
    selector.eq_ignore_ascii_case("ALL")
        || id
            .to_ascii_uppercase()
            .starts_with(&selector.to_ascii_uppercase())
}

/// How specific a selector is: a longer prefix beats a shorter one, as in ruff.
fn specificity(selector: &str) -> usize {
    if selector.eq_ignore_ascii_case("ALL") {
        0
    } else {
        selector.len()
    }
}

/// Whether `selector` names at least one rule.
pub fn is_known(selector: &str) -> bool {
    in_order().iter().any(|r| matches(&r.meta().id, selector))
}

/// One layer of rule selection (a configuration file, then the command line).
#[derive(Debug, Clone, Default)]
pub struct Layer {
    /// Replaces what the layers before chose.
    pub select: Option<Vec<String>>,
    pub extend_select: Vec<String>,
    pub ignore: Vec<String>,
}

/// Applies the layers in order to `start` (the default selection,
/// [`default_ids`], for the rules that run; every rule for `fixable`). In a layer, a rule's fate is decided by
/// the most specific selector that matches it (`select = ["SQF101"]` with
/// `ignore = ["SQF1"]` keeps SQF101); at equal specificity `ignore` wins.
pub fn resolve(start: &[&'static str], layers: &[&Layer]) -> Vec<&'static str> {
    let all = all();
    let mut chosen: Vec<&'static str> = start.to_vec();
    for layer in layers {
        let (base, positive): (Vec<&'static str>, Vec<&String>) = match &layer.select {
            Some(select) => (
                Vec::new(),
                select.iter().chain(&layer.extend_select).collect(),
            ),
            None => (chosen.clone(), layer.extend_select.iter().collect()),
        };
        chosen = all
            .iter()
            .map(|r| r.meta().id.as_str())
            .filter(|id| {
                let best_yes = positive
                    .iter()
                    .filter(|s| matches(id, s))
                    .map(|s| specificity(s))
                    .max();
                let best_no = layer
                    .ignore
                    .iter()
                    .filter(|s| matches(id, s))
                    .map(|s| specificity(s))
                    .max();
                match (best_yes, best_no) {
                    (Some(yes), Some(no)) => yes > no,
                    (Some(_), None) => true,
                    (None, Some(_)) => false,
                    (None, None) => base.contains(id),
                }
            })
            .collect();
    }
    chosen
}

/// The rules that run when no selector names them: every rule but those whose
/// `codemod.toml` says `default = false`.
pub fn default_ids() -> Vec<&'static str> {
    in_order()
        .iter()
        .filter(|r| r.meta().default)
        .map(|r| r.meta().id.as_str())
        .collect()
}

/// Every rule id.
pub fn all_ids() -> Vec<&'static str> {
    in_order().iter().map(|r| r.meta().id.as_str()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn layer(select: Option<&[&str]>, extend: &[&str], ignore: &[&str]) -> Layer {
        Layer {
            select: select.map(|s| s.iter().map(|x| x.to_string()).collect()),
            extend_select: extend.iter().map(|x| x.to_string()).collect(),
            ignore: ignore.iter().map(|x| x.to_string()).collect(),
        }
    }

    #[test]
    fn the_more_specific_selector_wins() {
        let all = all_ids();
        let l = layer(Some(&["SQF101"]), &[], &["SQF1"]);
        assert_eq!(resolve(&all, &[&l]), vec!["SQF101"]);
        let l = layer(Some(&["SQF1"]), &[], &["SQF101"]);
        assert!(!resolve(&all, &[&l]).contains(&"SQF101"));
    }

    #[test]
    fn a_later_select_replaces_and_ignore_subtracts() {
        let all = all_ids();
        let config = layer(Some(&["SQF2"]), &[], &[]);
        let cli = layer(None, &["SQF401"], &[]);
        let both = resolve(&all, &[&config, &cli]);
        assert!(both.contains(&"SQF202") && both.contains(&"SQF401"));
        assert!(!both.contains(&"SQF101"));
        let cli = layer(Some(&["SQF5"]), &[], &[]);
        let five = resolve(&all, &[&config, &cli]);
        assert!(five.contains(&"SQF501") && !five.contains(&"SQF202"));
        let cli = layer(None, &[], &["SQF2"]);
        assert!(resolve(&all, &[&config, &cli]).is_empty());
    }

    #[test]
    fn only_the_integrity_check_advice_is_off_by_default() {
        // SQF703 is monitoring advice with no fixed site behind it: it runs when named.
        let off: Vec<&str> = all_ids()
            .into_iter()
            .filter(|id| !default_ids().contains(id))
            .collect();
        assert_eq!(off, vec!["SQF703"]);
    }

    #[test]
    fn a_rule_off_by_default_runs_only_when_named() {
        // As if SQF505 said `default = false`: the mechanism, not today's catalogue.
        let defaults: Vec<&str> = all_ids().into_iter().filter(|id| *id != "SQF505").collect();
        let none = layer(None, &[], &[]);
        assert!(!resolve(&defaults, &[&none]).contains(&"SQF505"));
        let extend = layer(None, &["SQF505"], &[]);
        let chosen = resolve(&defaults, &[&extend]);
        assert!(chosen.contains(&"SQF505") && chosen.contains(&"SQF501"));
        let five = layer(Some(&["SQF5"]), &[], &[]);
        assert!(resolve(&defaults, &[&five]).contains(&"SQF505"));
        let all = layer(Some(&["ALL"]), &[], &[]);
        assert!(resolve(&defaults, &[&all]).contains(&"SQF505"));
    }
}
