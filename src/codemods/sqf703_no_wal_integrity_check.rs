//! SQF703 no-wal-integrity-check: the project runs SQLite in WAL mode and never
//! checks the database at startup (`PRAGMA quick_check` / `integrity_check`, or
//! handling "database disk image is malformed").
//!
//! The check counts wherever the project runs it: a module the index
//! summarized, any other Python file of the run (a health module that reaches
//! the database through an imported object and never names sqlite3), or a
//! container or process file (`sqlite3 app.db "PRAGMA quick_check"`).
//!
//! One finding per project, in the module (first by path) that sets WAL, at the
//! call that sets it. MONITOR with a Needs-Confirmation note and the check to add
//! at startup. No fix: what to do with a damaged database (refuse to start,
//! restore a backup, rebuild from checkpoints) is the operator's decision, and no
//! program can show the hazard without damaging a file, so there is no fix-truth
//! test either.

use std::path::PathBuf;

use super::{Codemod, Context};
use crate::finding::Finding;
use crate::semantic::connections;
use crate::semantic::facts;

pub struct NoWalIntegrityCheck;

impl Codemod for NoWalIntegrityCheck {
    crate::codemod_meta!("SQF703-no-wal-integrity-check");

    fn check(&self, ctx: &Context<'_, '_>, out: &mut Vec<Finding>) {
        let model = ctx.model;
        let own_wal = ctx
            .project
            .own
            .journal_modes
            .iter()
            .any(|(m, _)| m == "wal");
        if !own_wal {
            return;
        }
        struct ChecksIntegrity;
        if facts::any_module::<ChecksIntegrity>(ctx.project, |m| m.facts.integrity_check)
            || ctx
                .project
                .index
                .import_graph()
                .is_some_and(|g| g.checks_integrity())
        {
            return;
        }
        // The first module by path that sets WAL holds the project's one finding.
        struct FirstWal;
        let first: Option<PathBuf> = facts::least_module::<FirstWal, PathBuf>(ctx.project, |m| {
            m.journal_modes
                .iter()
                .any(|(mode, _)| mode == "wal")
                .then(|| m.path.components().collect())
        });
        if first != Some(model.path.components().collect()) {
            return;
        }
        let Some(call) = model.calls.iter().find(|c| {
            connections::pragmas_run(model, &[c])
                .get("journal_mode")
                .is_some_and(|v| v == Some("wal"))
        }) else {
            return;
        };
        out.push(
            Finding::new(
                self.meta(),
                call.range(),
                "The database runs in WAL mode but nothing checks it at startup: a damaged file is found by the first request that touches the damage",
            )
            .with_note(
                "Needs confirmation: is there a startup check and a backup to restore? Add, before serving: `ok = conn.execute(\"PRAGMA quick_check\").fetchone()[0] == \"ok\"` (catch `sqlite3.DatabaseError`, raised as \"file is not a database\" or \"database disk image is malformed\") and refuse to start, or restore, when it is not; keep the -wal file with the database in backups and copies",
            ),
        );
    }
}
