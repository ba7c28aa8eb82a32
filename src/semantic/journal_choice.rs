//! A project that keeps its databases in the rollback journal on purpose: its
//! own code sets `PRAGMA journal_mode=DELETE` (or TRUNCATE, PERSIST) and sets
//! WAL nowhere. An explicit mode is a decision, often for a reason the code
//! cannot show (readers without write access to the directory cannot create
//! WAL's `-wal` and `-shm` files: docs/sqlite-facts.md#F-wal-needs-write), so
//! the journal advice (SQF101, SQF111) stays quiet there; a project that sets
//! both modes is SQF107's.

use super::project::{ModuleSummary, ProjectView};

const ROLLBACK_MODES: &[&str] = &["delete", "truncate", "persist"];

fn sets_rollback(module: &ModuleSummary) -> Option<String> {
    if !super::sole_connection::counted(module) {
        return None;
    }
    module
        .journal_modes
        .iter()
        .find(|(mode, _)| ROLLBACK_MODES.contains(&mode.as_str()))
        .map(|(mode, line)| {
            format!(
                "`PRAGMA journal_mode={}` ({}:{line})",
                mode.to_ascii_uppercase(),
                crate::diff::display_path(&module.path)
            )
        })
}

fn sets_wal(module: &ModuleSummary) -> bool {
    super::sole_connection::counted(module)
        && (module.journal_modes.iter().any(|(mode, _)| mode == "wal")
            || !module.facts.wal.is_empty())
}

/// Where the project chooses the rollback journal, when it sets no WAL anywhere.
pub fn rollback_chosen(view: &ProjectView<'_>) -> Option<String> {
    struct Rollback;
    struct AnyWal;
    let chosen = super::across_modules::first_module::<Rollback, String>(view, sets_rollback)?;
    (!super::across_modules::any_module::<AnyWal>(view, sets_wal)).then_some(chosen)
}
