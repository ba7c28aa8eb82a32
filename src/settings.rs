//! The values sqlfix's fixes write and the limits it works within. Defaults follow
//! the facts sheet; configuration files and flags override them.

use serde::Serialize;

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Settings {
    /// The busy timeout fixes write, in milliseconds (fact 1: Python's default is 5000).
    pub busy_timeout_ms: u32,
    /// `synchronous` for WAL databases (fact 16: NORMAL is safe with WAL).
    pub synchronous: String,
    /// Further per-connection PRAGMAs the connection helper sets, in order.
    pub extra_pragmas: Vec<(String, String)>,
    /// Files larger than this are reported and skipped.
    pub max_file_bytes: u64,
    /// The least time between two progress writes of one loop, in milliseconds
    /// (SQF601's throttle).
    pub progress_interval_ms: u32,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            busy_timeout_ms: 5000,
            synchronous: "NORMAL".to_string(),
            extra_pragmas: Vec::new(),
            max_file_bytes: crate::source::DEFAULT_MAX_FILE_BYTES,
            progress_interval_ms: 500,
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
