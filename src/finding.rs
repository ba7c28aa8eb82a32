//! What a codemod reports: a hazard at a place, on the scales of docs/hazards.md.

use std::fmt;

use ruff_text_size::TextRange;
use serde::{Deserialize, Serialize};

use crate::fix::Fix;

pub mod meta;

/// The severity scale of docs/hazards.md, most severe first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum Severity {
    Critical,
    High,
    Medium,
    Monitor,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Critical => "CRITICAL",
            Severity::High => "HIGH",
            Severity::Medium => "MEDIUM",
            Severity::Monitor => "MONITOR",
        })
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Confidence {
    High,
    Medium,
    Low,
}

impl fmt::Display for Confidence {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Confidence::High => "High",
            Confidence::Medium => "Medium",
            Confidence::Low => "Low",
        })
    }
}

/// The risk categories of docs/hazards.md.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Category {
    #[serde(rename = "WAL Config")]
    WalConfig,
    Connection,
    #[serde(rename = "Write Contention")]
    WriteContention,
    Async,
    Checkpoint,
    #[serde(rename = "Error Handling")]
    ErrorHandling,
    /// sqlfix's own rules about its suppression comments (SQF001).
    Suppression,
}

impl fmt::Display for Category {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Category::WalConfig => "WAL Config",
            Category::Connection => "Connection",
            Category::WriteContention => "Write Contention",
            Category::Async => "Async",
            Category::Checkpoint => "Checkpoint",
            Category::ErrorHandling => "Error Handling",
            Category::Suppression => "Suppression",
        })
    }
}

/// One hazard found in one file.
#[derive(Debug, Clone)]
pub struct Finding {
    pub id: &'static str,
    pub range: TextRange,
    pub message: String,
    pub severity: Severity,
    pub confidence: Confidence,
    pub fix: Option<Fix>,
    /// Said next to the finding when there is no automatic fix, or the fix is
    /// not safe: what a person has to decide or confirm.
    pub note: Option<String>,
    /// The cause it shares with other findings of its rule, when the model knows
    /// one (a connection, a helper, a database); `None`: the finding is its own root.
    pub root: Option<Root>,
}

/// The one thing whose fix removes several findings of a rule: 200 blocking calls
/// through one module-global connection are one cause with 200 sites. Each rule
/// decides its roots in its own file (`with_root`); findings of one rule with the
/// same `key` share a root, across files.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Root {
    /// Equal keys, same cause: built from what the model resolved (a module and
    /// qualname, a database identity), never from a message's text.
    pub key: String,
    /// What the cause is, for people: "the helper `save` of db.py".
    pub description: String,
    /// Where the cause is defined, when it has a place (display path, 1-based line);
    /// without one, renderers point at the root's first site.
    pub location: Option<(String, usize)>,
}

impl Root {
    pub fn new(key: impl Into<String>, description: impl Into<String>) -> Root {
        Root {
            key: key.into(),
            description: description.into(),
            location: None,
        }
    }

    pub fn at(mut self, path: &std::path::Path, line: usize) -> Root {
        self.location = Some((crate::diff::display_path(path), line));
        self
    }
}

impl Finding {
    pub fn new(meta: &'static meta::Meta, range: TextRange, message: impl Into<String>) -> Self {
        Finding {
            id: meta.id.as_str(),
            range,
            message: message.into(),
            severity: meta.severity,
            confidence: meta.confidence,
            fix: None,
            note: None,
            root: None,
        }
    }

    /// Marks the cause this finding shares with others of its rule.
    pub fn with_root(mut self, root: Root) -> Self {
        self.root = Some(root);
        self
    }

    pub fn with_fix(mut self, fix: Fix) -> Self {
        self.fix = Some(fix);
        self
    }

    pub fn with_note(mut self, note: impl Into<String>) -> Self {
        self.note = Some(note.into());
        self
    }

    /// Adds `more` after the note the finding already has (`"note; more"`),
    /// or makes it the note.
    pub fn with_more_note(mut self, more: impl Into<String>) -> Self {
        let more = more.into();
        self.note = Some(match self.note.take() {
            Some(before) => format!("{before}; {more}"),
            None => more,
        });
        self
    }

    pub fn with_severity(mut self, severity: Severity) -> Self {
        self.severity = severity;
        self
    }

    pub fn with_confidence(mut self, confidence: Confidence) -> Self {
        self.confidence = confidence;
        self
    }
}
