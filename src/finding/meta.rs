//! A codemod's metadata and report prose, read from its `codemod.toml`.

use serde::{Deserialize, Serialize};

use crate::finding::{Category, Confidence, Severity};

/// The best fix a codemod can offer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum FixAvailability {
    Safe,
    Unsafe,
    DisplayOnly,
    None,
}

impl std::fmt::Display for FixAvailability {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            FixAvailability::Safe => "safe",
            FixAvailability::Unsafe => "unsafe",
            FixAvailability::DisplayOnly => "display-only",
            FixAvailability::None => "none",
        })
    }
}

/// The prose of a finding, per section of the report format.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Report {
    pub problem: String,
    pub impact: String,
    pub verify: String,
    pub fix: String,
    pub tradeoff: String,
    /// Where common advice is wrong (docs/sqlite-facts.md), said plainly.
    #[serde(default)]
    pub facts: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Meta {
    pub id: String,
    pub name: String,
    pub title: String,
    /// Hazard sections (docs/hazards.md) this codemod covers, e.g. `["1A", "1C"]`.
    pub seed: Vec<String>,
    pub severity: Severity,
    pub category: Category,
    pub confidence: Confidence,
    pub fix: FixAvailability,
    /// Hazard sections folded into this one, with the reason.
    #[serde(default)]
    pub folds: Vec<String>,
    /// In the default selection (`true` unless the file says `default = false`):
    /// a rule that is off by default runs only when a selector names it
    /// (`--extend-select ID`, `select = ["ALL"]`), as ruff keeps some rules off.
    #[serde(default = "on")]
    pub default: bool,
    pub report: Report,
    /// The folder under `codemods/`.
    #[serde(skip)]
    pub dir: String,
}

fn on() -> bool {
    true
}

impl Meta {
    /// Panics on a malformed file: it is compiled in, so a test catches it first.
    pub fn parse(dir: &str, text: &str) -> Meta {
        let mut meta: Meta =
            toml::from_str(text).unwrap_or_else(|e| panic!("codemods/{dir}/codemod.toml: {e}"));
        meta.dir = dir.to_string();
        meta
    }
}
