//! A per-call connection whose only write cannot fail once it holds the lock.
//!
//! `conn = connect(p); cur.execute("DELETE FROM t WHERE id = ?", ...);
//! conn.commit(); conn.close()` with no `finally`: the one statement that takes
//! the write lock is the first write of its transaction, and nothing that can
//! raise runs between it and the commit. When it fails with "database is
//! locked" it took no lock (docs/sqlite-facts.md#F-busy-first-write); it fails
//! any other way only on a constraint, and a DELETE (no foreign keys turned on,
//! no trigger), or an UPDATE or INSERT of a table the module declares without
//! UNIQUE, CHECK, NOT NULL or foreign keys that leaves the key to SQLite, has
//! none to break (semantic/unconstrained_writes.rs, #F-one-write-drop). So
//! the connection an exception drops holds no lock, only its file descriptor
//! until the cyclic GC, the cost of a read-only connection's failure.
//!
//! What is left: the commit, in rollback-journal mode, waits for readers and
//! fails only behind one held past the busy timeout, which SQF304 reports where
//! it is held. Not this shape: two writes, a write in a loop, a call that can
//! raise between the write and the commit, a `with conn:` block, a BEGIN or a
//! script of the code's own, an autocommit connection (autocommit_drop.rs).

use crate::codemods::Context;
use crate::semantic::connections::{self, ConnSite};
use crate::semantic::sql::SqlKind;
use crate::semantic::transactions::{Op, TxMode, TxState, can_raise};
use crate::semantic::unconstrained_writes::cannot_break_constraint;

/// Whether the local connection `site` opens runs one write, the first of its
/// transaction, that cannot fail on a constraint, with nothing that can raise
/// between it and the commit.
pub(super) fn cannot_fail_holding(ctx: &Context<'_, '_>, site: &ConnSite<'_, '_>) -> bool {
    let model = ctx.model;
    let Some(flow) = ctx.flow_of_site(site) else {
        return false;
    };
    if !matches!(flow.mode, TxMode::Legacy(_)) || !flow.with_blocks.is_empty() {
        return false;
    }
    let mut writes = Vec::new();
    for (i, event) in flow.events.iter().enumerate() {
        match &event.op {
            Op::Read | Op::Fetch | Op::Close | Op::Commit { .. } | Op::Rollback { .. } => {}
            Op::Write => writes.push(i),
            Op::Other if only_pragmas(ctx, event.call) => {}
            _ => return false,
        }
    }
    let [write] = writes[..] else {
        return false;
    };
    let Some(write_call) = flow.events[write].call else {
        return false;
    };
    // Run with a transaction already holding the lock (a loop's second pass,
    // an earlier caller's write): not the first write.
    if flow.states_at(write_call.range()).iter().any(|s| match s {
        TxState::Closed => false,
        TxState::Open(t) => t.holds_write_lock(),
        TxState::Unknown => true,
    }) {
        return false;
    }
    let foreign_keys = foreign_keys_on(ctx);
    let Some((kinds, value)) = connections::sql_of(model, write_call) else {
        return false;
    };
    if kinds != [SqlKind::Write]
        || !cannot_break_constraint(
            &value.sketch(),
            ctx.shared.declared_tables(model),
            foreign_keys,
        )
    {
        return false;
    }
    // Nothing else that can raise while the write's transaction is open on the
    // normal path (an `except` handler runs after the failure it handles).
    !model.calls_in(Some(flow.scope)).any(|call| {
        call.range() != write_call.range()
            && !call.in_lambda
            && flow.states_at(call.range()).iter().any(|s| {
                s.open()
                    .is_some_and(|t| t.first_write.is_some() && t.error_handler.is_none())
            })
            && can_raise(model, flow, call)
    })
}

/// Some module of the project turns foreign-key enforcement on: a DELETE of a
/// parent row can then fail on a child's constraint.
fn foreign_keys_on(ctx: &Context<'_, '_>) -> bool {
    /// Whether some module of the index turns them on: asked once per run.
    struct InIndex(bool);
    ctx.project.own.pragmas.iter().any(turns_foreign_keys_on)
        || ctx
            .project
            .index
            .memo(|index| {
                InIndex(
                    index
                        .modules
                        .iter()
                        .any(|m| m.pragmas.iter().any(turns_foreign_keys_on)),
                )
            })
            .0
}

fn turns_foreign_keys_on(p: &crate::semantic::summary_types::PragmaFact) -> bool {
    p.name == "foreign_keys" && !matches!(p.value.as_deref(), Some("off" | "0" | "false" | "no"))
}

fn only_pragmas(ctx: &Context<'_, '_>, call: Option<&crate::semantic::model::Call<'_>>) -> bool {
    call.and_then(|c| connections::sql_of(ctx.model, c))
        .is_some_and(|(kinds, _)| {
            !kinds.is_empty() && kinds.iter().all(|k| matches!(k, SqlKind::Pragma(_)))
        })
}
