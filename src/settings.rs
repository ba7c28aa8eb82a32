//! The values sqlfix's fixes write and the limits it works within. Defaults follow
//! docs/sqlite-facts.md; configuration files and flags override them.
//!
//! [`config`] reads `[tool.sqlfix]` / `sqlfix.toml`, [`resolve`] finds the file
//! that applies to each checked file and merges the command line over it.

pub mod config;
pub mod resolve;
pub mod show;

use serde::Serialize;

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Settings {
    /// The busy timeout fixes write, in milliseconds (F-busy-default: Python's default is 5000).
    pub busy_timeout_ms: u32,
    /// `synchronous` for WAL databases (F-synchronous: NORMAL is safe with WAL).
    pub synchronous: String,
    /// Further per-connection PRAGMAs the connection helper sets, in order.
    pub extra_pragmas: Vec<(String, String)>,
    /// The oldest Python the fixed code must run on: a fix that needs a newer one
    /// (`asyncio.to_thread` is 3.9, `sqlite3.connect(autocommit=...)` 3.12) is
    /// only shown, never applied.
    pub target_version: PythonVersion,
    /// A project helper SQF401's fix imports and calls instead of defining
    /// `_atomic_open` in each module: the dotted path `package.module.function`.
    pub json_atomic_helper: Option<String>,

    /// Files larger than this are reported and skipped.
    pub max_file_bytes: u64,
    /// The least time between two progress writes of one loop, in milliseconds
    /// (SQF601's throttle).
    pub progress_interval_ms: u32,
    /// What becomes of findings in code the program does not run (check/scope.rs).
    pub dead_code: DeadCode,
}

/// `dead-code`: findings in modules no entry point imports, and in retired
/// trees (`archive/`, `legacy/`, `old/`, `deprecated/`).
#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq, Default)]
#[serde(rename_all = "kebab-case")]
pub enum DeadCode {
    /// Reported like any other code.
    Report,
    /// Unreached modules at Low confidence with a note; retired trees not at all.
    #[default]
    Low,
    /// Neither is reported.
    Skip,
}

impl DeadCode {
    pub fn parse(value: &str) -> Option<DeadCode> {
        match value {
            "report" => Some(DeadCode::Report),
            "low" => Some(DeadCode::Low),
            "skip" => Some(DeadCode::Skip),
            _ => None,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            DeadCode::Report => "report",
            DeadCode::Low => "low",
            DeadCode::Skip => "skip",
        }
    }
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            busy_timeout_ms: 5000,
            synchronous: "NORMAL".to_string(),
            extra_pragmas: Vec::new(),
            target_version: PythonVersion::default(),
            json_atomic_helper: None,

            max_file_bytes: crate::source::DEFAULT_MAX_FILE_BYTES,
            progress_interval_ms: 500,
            dead_code: DeadCode::default(),
        }
    }
}

impl Settings {
    /// The busy timeout as Python's `timeout=` seconds literal: `5.0`, `2.5`.
    pub fn timeout_seconds_literal(&self) -> String {
        let seconds = f64::from(self.busy_timeout_ms) / 1000.0;
        let text = format!("{seconds}");
        if text.contains('.') {
            text
        } else {
            format!("{text}.0")
        }
    }

    /// The progress throttle as a seconds literal: `0.5`.
    pub fn progress_interval_literal(&self) -> String {
        let text = format!("{}", f64::from(self.progress_interval_ms) / 1000.0);
        if text.contains('.') {
            text
        } else {
            format!("{text}.0")
        }
    }
}

// Kept apart from the impl above so that settings added by codemods merge cleanly.
impl Settings {
    /// `asyncio.to_thread` exists (Python 3.9+).
    pub fn has_asyncio_to_thread(&self) -> bool {
        self.target_version >= PythonVersion::Py39
    }

    /// `sqlite3.connect(autocommit=...)` and `Connection.autocommit` exist (3.12+).
    pub fn has_sqlite_autocommit(&self) -> bool {
        self.target_version >= PythonVersion::Py312
    }
}

/// The Python versions `target-version` accepts, oldest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum PythonVersion {
    Py38,
    Py39,
    Py310,
    Py311,
    Py312,
    Py313,
}

impl Default for PythonVersion {
    /// Ruff's default; also the oldest Python with `asyncio.to_thread`.
    fn default() -> Self {
        PythonVersion::Py39
    }
}

impl PythonVersion {
    pub const ALL: [PythonVersion; 6] = [
        PythonVersion::Py38,
        PythonVersion::Py39,
        PythonVersion::Py310,
        PythonVersion::Py311,
        PythonVersion::Py312,
        PythonVersion::Py313,
    ];

    pub fn minor(self) -> u8 {
        match self {
            PythonVersion::Py38 => 8,
            PythonVersion::Py39 => 9,
            PythonVersion::Py310 => 10,
            PythonVersion::Py311 => 11,
            PythonVersion::Py312 => 12,
            PythonVersion::Py313 => 13,
        }
    }

    pub fn name(self) -> String {
        format!("py3{}", self.minor())
    }

    /// `py311` (as in the configuration).
    pub fn parse(text: &str) -> Option<PythonVersion> {
        Self::ALL.into_iter().find(|v| v.name() == text)
    }

    /// The oldest version a `requires-python` specifier allows (`>=3.10`, `~=3.11`,
    /// `>=3.9,<4`), clamped to what sqlfix knows; `None` when it says no minimum.
    pub fn from_requires_python(spec: &str) -> Option<PythonVersion> {
        let mut best: Option<u8> = None;
        for clause in spec.split(',') {
            let clause = clause.trim();
            let version = clause
                .strip_prefix(">=")
                .or_else(|| clause.strip_prefix("~="))
                .or_else(|| clause.strip_prefix("=="))
                .map(str::trim);
            let Some(version) = version else { continue };
            let mut parts = version.split('.');
            if parts.next() != Some("3") {
                continue;
            }
            let Some(minor) = parts
                .next()
                .and_then(|m| m.trim_end_matches('*').parse::<u8>().ok())
            else {
                continue;
            };
            best = Some(best.map_or(minor, |b: u8| b.max(minor)));
        }
        let minor = best?;
        let clamped = minor.clamp(8, 13);
        Self::ALL.into_iter().find(|v| v.minor() == clamped)
    }
}

impl std::fmt::Display for PythonVersion {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn requires_python_gives_the_oldest_allowed() {
        let v = PythonVersion::from_requires_python;
        assert_eq!(v(">=3.10"), Some(PythonVersion::Py310));
        assert_eq!(v(">=3.9, <4"), Some(PythonVersion::Py39));
        assert_eq!(v("~=3.12.1"), Some(PythonVersion::Py312));
        assert_eq!(v(">=3.6"), Some(PythonVersion::Py38));
        assert_eq!(v("<4"), None);
    }
}
