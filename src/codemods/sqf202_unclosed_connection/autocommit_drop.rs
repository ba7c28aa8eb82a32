//! A connection in autocommit mode that an exception drops holds no lock.
//!
//! `isolation_level=None` (and Python 3.12's `autocommit=True`) never sends an
//! implicit `BEGIN`: each statement is its own transaction and releases its
//! locks when it finishes, failed or not. A per-call helper that opens such a
//! connection, runs its statements and closes it only on the success path
//! leaves nothing held when a statement raises: no open transaction waits for
//! the cyclic garbage collector, only a file descriptor until the frame (or a
//! traceback a logger keeps) goes. That is not the stalled writer this rule
//! reports for the default (deferred) mode, where the implicit `BEGIN` before
//! the first write keeps the write lock with the dropped connection
//! (docs/sqlite-facts.md#F-exception-drop, #F-autocommit-drop).
//!
//! Not this shape: a `BEGIN` (or `SAVEPOINT`) of the code's own, a script
//! that may contain one, or the connection handed to code that may send one;
//! and any path out of the function that the transaction flow sees leaving a
//! transaction open.

use ruff_text_size::Ranged;

use crate::codemods::Context;
use crate::semantic::connections::ConnSite;
use crate::semantic::sql::SqlKind;
use crate::semantic::transactions::{Op, TxMode};

/// Whether the local connection `site` opens runs in autocommit with no
/// transaction of the code's own, so an exception between its statements
/// leaves no lock behind.
pub(super) fn holds_no_lock_on_error(ctx: &Context<'_, '_>, site: &ConnSite<'_, '_>) -> bool {
    let Some(flow) = ctx.flow_of_site(site) else {
        return false;
    };
    if !matches!(flow.mode, TxMode::Manual | TxMode::Autocommit) {
        return false;
    }
    // `SAVEPOINT` outside a transaction begins one (F-savepoint-deferred).
    let text = ctx
        .model
        .slice(ctx.model.scopes.function(flow.scope).def.range());
    if text.to_ascii_uppercase().contains("SAVEPOINT") {
        return false;
    }
    let own_transaction = flow.events.iter().any(|e| match &e.op {
        Op::Begin(_) | Op::Escape => true,
        Op::Script(kinds) => kinds
            .iter()
            .any(|k| matches!(k, SqlKind::Begin(_) | SqlKind::Unknown)),
        _ => false,
    });
    !own_transaction
        && flow
            .exits
            .iter()
            .all(|x| x.states.iter().all(|s| s.open().is_none()))
}
