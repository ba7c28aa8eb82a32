//! SQF107 conflicting-journal-modes: the project sets `journal_mode=WAL` in one
//! place and another journal mode (DELETE, TRUNCATE, PERSIST, MEMORY, OFF)
//! elsewhere, by any API (SQL, PRAGMA dicts and loops, peewee, Django), as the
//! project index shows it.
//!
//! WAL is the one journal mode stored in the database file (F-wal-persists): whichever
//! connection runs last decides the mode for every connection after it, so the
//! app flips between WAL and the rollback journal depending on which code path
//! ran first. Each non-WAL setting is reported (MEDIUM) and names where WAL is
//! set. There is no automatic fix: which one to keep depends on whether both
//! places open the same file (a backup or export may deliberately use DELETE
//! on a copy). `:memory:` databases are left alone, and so is a rollback
//! journal set only in a test configuration's branch or in the fallback taken
//! when the WAL request was refused (`if mode != "wal":`).

use std::path::Path;

use super::{Codemod, Context};
use crate::finding::Finding;
use crate::semantic::journal_branches;
use crate::semantic::pragma_config::{self, Origin};

pub struct ConflictingJournalModes;

const OTHER_MODES: &[&str] = &["delete", "truncate", "persist", "memory", "off"];

impl Codemod for ConflictingJournalModes {
    crate::codemod_meta!("SQF107-conflicting-journal-modes");

    fn check(&self, ctx: &Context<'_, '_>, out: &mut Vec<Finding>) {
        let model = ctx.model;
        let settings = ctx.pragma_settings();
        // Where WAL is set is asked only when this module sets another mode.
        let mut wal_at: Option<Option<String>> = None;
        for setting in settings {
            let Some(mode) = setting.value.as_deref() else {
                continue;
            };
            if setting.name != "journal_mode" || !OTHER_MODES.contains(&mode) {
                continue;
            }
            if setting.origin == Origin::Sql
                && setting
                    .call
                    .is_some_and(|c| pragma_config::runs_on_memory_database(model, ctx.project, c))
            {
                continue;
            }
            // A rollback journal chosen only for tests, or as the fallback when
            // the WAL request was refused, runs only where WAL is not wanted
            // or not possible: no flip between the two (journal_branches.rs).
            if journal_branches::off_wal(model.suite, setting.anchor).is_some() {
                continue;
            }
            let Some(wal_at) = wal_at.get_or_insert_with(|| where_wal_is_set(ctx)) else {
                return;
            };
            let upper = mode.to_ascii_uppercase();
            out.push(
                Finding::new(
                    self.meta(),
                    setting.anchor,
                    format!(
                        "`journal_mode={upper}` here, WAL at {wal_at}: the mode is stored in the file, so the last one run wins for every connection"
                    ),
                )
                .with_note(format!(
                    "keep one: if this opens the same database, remove `journal_mode={upper}` (WAL persists, docs/sqlite-facts.md#F-wal-persists); \
                     if it opens another file on purpose (a copy, an export), confirm the path and leave it"
                )),
            );
        }
    }
}

/// `path:line` of the first WAL setting of the project (this module first).
fn where_wal_is_set(ctx: &Context<'_, '_>) -> Option<String> {
    let is_wal = |f: &pragma_config::PragmaFact| {
        f.name == "journal_mode" && f.value.as_deref() == Some("wal")
    };
    if let Some(fact) = ctx.project.own.pragmas.iter().find(|f| is_wal(f)) {
        return Some(format!("line {}", fact.line));
    }
    // The first two modules' WAL settings in (path, line) order, once per run: at
    // least one of them is another module's when any other module sets WAL.
    struct FirstWal(Vec<(usize, usize)>);
    let first = ctx.project.index.memo(|index| {
        let mut found: Vec<(&Path, usize, usize)> = index
            .modules
            .iter()
            .enumerate()
            .filter_map(|(i, m)| {
                m.pragmas
                    .iter()
                    .find(|f| is_wal(f))
                    .map(|f| (m.path.as_path(), f.line, i))
            })
            .collect();
        found.sort();
        FirstWal(
            found
                .iter()
                .take(2)
                .map(|&(_, line, i)| (i, line))
                .collect(),
        )
    });
    let index = &ctx.project.index;
    first
        .0
        .iter()
        .find(|(i, _)| Some(*i) != ctx.project.module)
        .map(|&(i, line)| {
            format!(
                "{}:{line}",
                crate::diff::display_path(&index.modules[i].path)
            )
        })
}
