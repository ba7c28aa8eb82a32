//! Fixes that need a newer Python than the project's `target-version`. Codemods
//! generate code for the newest Python unless they ask the settings; this is the
//! engine's backstop, reading the code a fix inserts for the few APIs that matter
//! here. A fix that needs more is kept as a suggestion, with the reason.

use crate::finding::Finding;
use crate::settings::{PythonVersion, Settings};

/// (text in the inserted code, the version it needs, what it is).
const NEEDS: &[(&str, PythonVersion, &str)] = &[
    ("to_thread", PythonVersion::Py39, "`asyncio.to_thread`"),
    // The keyword argument of `sqlite3.connect`, not the attribute behind getattr().
    (
        "autocommit=",
        PythonVersion::Py312,
        "`sqlite3.connect(autocommit=...)`",
    ),
];

/// Why `finding`'s fix cannot be applied under `settings.target_version`, if so.
pub fn too_new(finding: &Finding, settings: &Settings) -> Option<String> {
    let fix = finding.fix.as_ref()?;
    for (needle, version, what) in NEEDS {
        if settings.target_version >= *version {
            continue;
        }
        if fix.edits.iter().any(|e| e.content.contains(needle)) {
            return Some(format!(
                "it uses {what}, which needs Python 3.{} (target-version is {})",
                version.minor(),
                settings.target_version
            ));
        }
    }
    None
}
