//! A database kept in the rollback journal on purpose: the project's own code
//! sets `PRAGMA journal_mode=DELETE` (or TRUNCATE, PERSIST) on that file and
//! sets WAL on it nowhere. An explicit mode is a decision, often for a reason
//! the code cannot show (readers without write access to the directory cannot
//! create WAL's `-wal` and `-shm` files: docs/sqlite-facts.md#F-wal-needs-write),
//! so the journal advice (SQF101, SQF111, SQF112) stays quiet for that file.
//! The choice is per database file, as WAL is (F-wal-persists): a DELETE-mode
//! export beside an unconfigured store says nothing about the store; a file
//! whose connections cannot be named is not taken to be the chosen one.

use super::databases::{self, WalState};
use super::project::{ModuleSummary, ProjectView};

const ROLLBACK_MODES: &[&str] = &["delete", "truncate", "persist"];

/// Where a module's code sets a rollback journal mode, for the message.
fn sets_rollback(module: &ModuleSummary) -> Option<String> {
    if !super::sole_connection::counted(module) || module.facts.rollback.is_empty() {
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

/// Where the project chooses the rollback journal for the database `identity`
/// (`databases::identity_of_connect`, `identity_of_url`), when no code of the
/// project may set WAL on it.
pub fn rollback_chosen(view: &ProjectView<'_>, identity: Option<&str>) -> Option<String> {
    let identity = identity?;
    let modules = super::across_modules::modules(view);
    let counted = || {
        modules
            .iter()
            .map(|(_, m)| *m)
            .filter(|m| super::sole_connection::counted(m))
    };
    let settings: Vec<Option<String>> = counted()
        .flat_map(|m| m.facts.rollback.iter().cloned())
        .collect();
    if settings.is_empty() {
        return None;
    }
    let constants: Vec<(String, String)> = modules
        .iter()
        .flat_map(|(_, m)| m.facts.path_constants.iter().cloned())
        .collect();
    if databases::wal_state(Some(identity), &settings, &constants) != WalState::Set {
        return None;
    }
    let wal: Vec<Option<String>> = counted()
        .flat_map(|m| m.facts.wal.iter().cloned())
        .collect();
    if databases::wal_state(Some(identity), &wal, &constants) != WalState::NotSet {
        return None;
    }
    // WAL spelled where the per-database facts cannot follow it (a settings
    // string, another API): it may be this file's.
    if wal.is_empty() && counted().any(|m| m.journal_modes.iter().any(|(mode, _)| mode == "wal")) {
        return None;
    }
    counted().find_map(sets_rollback)
}
