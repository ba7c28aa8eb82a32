//! peewee `db.atomic()` blocks that read models then write them
//! (semantic::peewee_atomic): peewee begins DEFERRED unless given a lock type,
//! so two overlapping blocks deadlock on the upgrade and one fails at once
//! with "database is locked" (F-upgrade-fails-fast). WAL does not help.
//!
//! The fix asks peewee for the lock up front: `db.atomic("IMMEDIATE")`
//! (`SqliteDatabase.atomic(lock_type)` → `BEGIN IMMEDIATE` for the outermost
//! block; nested blocks stay savepoints). Unsafe: other writers now wait
//! while the block reads.

use ruff_text_size::Ranged;

use crate::codemods::{Context, Meta};
use crate::finding::{Finding, Severity};
use crate::fix::{Edit, Fix};
use crate::semantic::peewee_atomic;
use crate::semantic::second_party::SecondParty;

/// Whether any module of the index imports peewee (a per-run memo key).
struct ImportsPeewee(bool);

/// Whether the module, or any module of the project, imports peewee.
pub(super) fn uses_peewee(ctx: &Context<'_, '_>) -> bool {
    let view = ctx.project;
    peewee_atomic::imports_peewee(view.own.imports.iter().map(|i| &i.target))
        || view
            .index
            .memo(|index| {
                // Asked per file: one scan of the project per run.
                ImportsPeewee(
                    index.modules.iter().any(|m| {
                        peewee_atomic::imports_peewee(m.imports.iter().map(|i| &i.target))
                    }),
                )
            })
            .0
}

pub(super) fn check(meta: &'static Meta, ctx: &Context<'_, '_>, out: &mut Vec<Finding>) {
    if !uses_peewee(ctx) || ctx.model.text.contains("lock_type") {
        return;
    }
    let blocks = peewee_atomic::blocks(ctx.model);
    if blocks.is_empty() {
        return;
    }
    let threaded = ctx.threaded_functions();
    let party = ctx.second_party();
    for block in blocks {
        let function = &ctx.model.scopes.function(block.function).qualname;
        let (severity, context) = match (threaded.get(function), party) {
            (Some(root), _) if root == function => (
                Severity::Critical,
                format!("`{root}` runs on worker threads. "),
            ),
            (Some(root), _) => (
                Severity::Critical,
                format!("`{function}` runs on worker threads (reached from `{root}`). "),
            ),
            (None, SecondParty::Known(who)) => (Severity::High, format!("Concurrent with {who}. ")),
            _ => continue,
        };
        let line = |r: ruff_text_size::TextRange| ctx.model.line_column(r.start()).0;
        let message = format!(
            "`{}` opens a deferred transaction (peewee sends a plain `BEGIN`): `{function}` reads on line {} and writes on line {} inside it; when two such blocks overlap the write cannot upgrade the read snapshot and fails at once with 'database is locked' (SQLITE_BUSY), skipping the busy timeout",
            ctx.model.slice(block.call),
            line(block.read),
            line(block.write),
        );
        let edit = Edit::replace(block.arguments, "(\"IMMEDIATE\")");
        out.push(
            Finding::new(meta, block.call.range(), message)
                .with_severity(severity)
                .with_fix(Fix::unsafe_("Ask peewee for `BEGIN IMMEDIATE`", vec![edit]))
                .with_note(format!(
                    "{context}`atomic(\"IMMEDIATE\")` takes the write lock before the first read, so a second block waits in the busy handler and then reads the committed rows; WAL alone does not prevent this failure"
                )),
        );
    }
}
