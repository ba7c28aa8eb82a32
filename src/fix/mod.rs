//! A fix is data: text edits plus how far they can be trusted. The engine in
//! [`apply`] and [`engine`] is the only code that turns them into new text.

pub mod apply;
pub mod codegen;
pub mod engine;
pub mod entries;
pub mod import_order;
pub mod lifetime;
pub mod plan;
pub mod shared_helpers;
pub mod statements;
pub mod transaction;
pub mod wrap;

use ruff_text_size::{Ranged, TextRange, TextSize};
use serde::Serialize;

/// How much a fix can be trusted, least first (so `max` picks the most trusted).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Applicability {
    /// Shown for review; never applied (a person must adapt it).
    DisplayOnly,
    /// Applied only with `--unsafe-fixes`: it can change what the program does.
    Unsafe,
    /// Keeps the program's behaviour; applied by `--fix`.
    Safe,
}

impl std::fmt::Display for Applicability {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Applicability::DisplayOnly => "display-only",
            Applicability::Unsafe => "unsafe",
            Applicability::Safe => "safe",
        })
    }
}

/// Where an insertion at one offset goes relative to other insertions there:
/// imports before helper definitions before ordinary code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum EditOrder {
    Import,
    /// Blank lines before the helpers, shared by all of them.
    HelperSpacer,
    Helper,
    Code,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Edit {
    pub range: TextRange,
    pub content: String,
    pub order: EditOrder,
}

impl Edit {
    pub fn replace(range: TextRange, content: impl Into<String>) -> Edit {
        Edit {
            range,
            content: content.into(),
            order: EditOrder::Code,
        }
    }

    pub fn insert(at: TextSize, content: impl Into<String>) -> Edit {
        Edit::replace(TextRange::empty(at), content)
    }

    pub fn delete(range: TextRange) -> Edit {
        Edit::replace(range, String::new())
    }

    pub fn with_order(mut self, order: EditOrder) -> Edit {
        self.order = order;
        self
    }

    pub fn is_insertion(&self) -> bool {
        self.range.is_empty()
    }
}

impl Ranged for Edit {
    fn range(&self) -> TextRange {
        self.range
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fix {
    /// A short imperative title, e.g. "Wrap the connection in `contextlib.closing`".
    pub title: String,
    pub edits: Vec<Edit>,
    pub applicability: Applicability,
    /// A display-only fix that becomes applicable once another rule's unsafe fix
    /// has run (its rule id): `--fix --unsafe-fixes` applies it in a later round,
    /// so a dry run with `--unsafe-fixes` counts it with the unsafe fixes.
    pub after: Option<String>,
}

impl Fix {
    pub fn new(title: impl Into<String>, applicability: Applicability, edits: Vec<Edit>) -> Fix {
        Fix {
            title: title.into(),
            edits,
            applicability,
            after: None,
        }
    }

    /// Display-only now, applied by `--fix --unsafe-fixes` after `rule`'s fix.
    pub fn after(mut self, rule: impl Into<String>) -> Fix {
        self.applicability = Applicability::DisplayOnly;
        self.after = Some(rule.into());
        self
    }

    /// Counted as a fix `--fix` applies at `min`: applicable now, or display-only
    /// until an unsafe fix of another rule has run.
    pub fn counts_at(&self, min: Applicability) -> Option<Applicability> {
        match (self.applicability, &self.after) {
            (Applicability::DisplayOnly, Some(_)) if min == Applicability::Unsafe => {
                Some(Applicability::Unsafe)
            }
            (a, _) => Some(a),
        }
    }

    pub fn safe(title: impl Into<String>, edits: Vec<Edit>) -> Fix {
        Fix::new(title, Applicability::Safe, edits)
    }

    pub fn unsafe_(title: impl Into<String>, edits: Vec<Edit>) -> Fix {
        Fix::new(title, Applicability::Unsafe, edits)
    }

    pub fn display_only(title: impl Into<String>, edits: Vec<Edit>) -> Fix {
        Fix::new(title, Applicability::DisplayOnly, edits)
    }

    /// The span this fix touches, from its first edit to its last, ignoring the
    /// shared insertions (imports, helpers) that other fixes may make too.
    pub fn own_range(&self) -> Option<TextRange> {
        self.edits
            .iter()
            .filter(|e| e.order == EditOrder::Code)
            .map(|e| e.range)
            .reduce(|a, b| a.cover(b))
    }
}
