//! Which `except` handlers can really leave a write transaction open holding
//! the write lock.
//!
//! - **Only the first write can fail into it.** When the statement that raises
//!   is the transaction's first write, a `database is locked` (SQLITE_BUSY) there
//!   means the write lock was never taken: nothing was written and no lock is
//!   held, only Python's deferred `BEGIN` stays open (docs/sqlite-facts.md#F-busy-first-write).
//!   So a handler is reported only when an earlier statement of the same
//!   transaction may already have written: a write before the `try`, a second
//!   write (or a loop of writes) in its body, or another call that can raise
//!   after the first write. A plain `INSERT` as the first write stays reported:
//!   its usual failure is a duplicate key, and a first write that fails on a
//!   constraint has taken the lock and keeps it (same fact).
//! - **Best effort by design.** A handler that carries on (no `raise`, `return`,
//!   `break` or `continue`) into code of the same function that commits the
//!   transaction leaves nothing open itself: a skipped step of a bulk job. A
//!   later statement that can raise before that commit is the unguarded shape,
//!   reported on its own.

use ruff_python_ast::{self as ast, Stmt};
use ruff_text_size::{Ranged, TextRange};

use super::{Flow, Op, Tx, can_raise, scope_stmts};
use crate::semantic::model::Model;
use crate::semantic::sql::BeginMode;

/// The handler (its range) cannot leave the transaction holding the write lock.
pub(super) fn handler_holds_nothing(
    model: &Model<'_>,
    flow: &Flow<'_, '_>,
    tx: &Tx,
    handler: TextRange,
) -> bool {
    let body = &model.scopes.function(flow.scope).def.body;
    let Some((try_stmt, except)) = scope_stmts(body).into_iter().find_map(|s| match s {
        Stmt::Try(t) => t.handlers.iter().find_map(|h| {
            let ast::ExceptHandler::ExceptHandler(h) = h;
            (h.range == handler).then_some((t, h))
        }),
        _ => None,
    }) else {
        return false;
    };
    only_first_write_fails(model, flow, tx, try_stmt)
        || carries_on_to_commit(flow, tx, try_stmt, except)
}

fn only_first_write_fails(
    model: &Model<'_>,
    flow: &Flow<'_, '_>,
    tx: &Tx,
    try_stmt: &ast::StmtTry,
) -> bool {
    let (Some(first_write), Some(first), Some(last)) =
        (tx.first_write, try_stmt.body.first(), try_stmt.body.last())
    else {
        return false;
    };
    if tx.mode != BeginMode::Deferred {
        return false; // BEGIN IMMEDIATE took the lock before any write.
    }
    let body = TextRange::new(first.start(), last.end());
    let write = &flow.events[first_write];
    if !body.contains_range(write.range)
        || write
            .before
            .iter()
            .any(|s| s.open().is_some_and(|t| t.first_write.is_some()))
    {
        return false;
    }
    // A plain INSERT's usual failure is a duplicate key, which keeps the lock.
    let plain_insert = write
        .call
        .and_then(|c| crate::semantic::connections::sql_of(model, c))
        .is_some_and(|(_, text)| {
            let sql = text.sketch().trim_start().to_ascii_lowercase();
            sql.starts_with("insert")
                && !sql.starts_with("insert or")
                && !sql.contains("on conflict")
        });
    if plain_insert {
        return false;
    }
    let inner = scope_stmts(&try_stmt.body);
    let in_loop = inner.iter().any(|s| {
        matches!(s, Stmt::For(_) | Stmt::While(_)) && s.range().contains_range(write.range)
    });
    if in_loop {
        return false;
    }
    // Calls inside a nested `try` with handlers raise into those handlers.
    let guarded: Vec<TextRange> = inner
        .iter()
        .filter_map(|s| match s {
            Stmt::Try(t) if !t.handlers.is_empty() => t
                .body
                .first()
                .zip(t.body.last())
                .map(|(a, b)| TextRange::new(a.start(), b.end())),
            _ => None,
        })
        .collect();
    let closers = flow.closers(tx.start);
    let after = TextRange::new(write.range.end(), body.end());
    !model.calls_in(Some(flow.scope)).any(|call| {
        after.contains_range(call.range())
            && !call.in_lambda
            && !guarded.iter().any(|g| g.contains_range(call.range()))
            && !closers
                .iter()
                .any(|&c| flow.events[c].range == call.range())
            && call.method_name() != Some("close")
            && can_raise(model, flow, call)
    })
}

fn carries_on_to_commit(
    flow: &Flow<'_, '_>,
    tx: &Tx,
    try_stmt: &ast::StmtTry,
    except: &ast::ExceptHandlerExceptHandler,
) -> bool {
    let leaves = matches!(
        except.body.last(),
        Some(Stmt::Raise(_) | Stmt::Return(_) | Stmt::Break(_) | Stmt::Continue(_))
    );
    !leaves
        && flow.closers(tx.start).iter().any(|&c| {
            matches!(flow.events[c].op, Op::Commit { .. })
                && flow.events[c].range.start() >= try_stmt.end()
        })
}
