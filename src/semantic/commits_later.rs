//! A function that writes on a connection the program keeps (a module-level
//! one or `self.<attr>`) and commits it later on its normal path, with nothing
//! in between that rolls back when a statement fails.
//!
//! When something between the first write and that commit raises, the
//! exception leaves the function with the transaction still open: Python's
//! implicit BEGIN went out before the first INSERT/UPDATE/DELETE
//! (docs/sqlite-facts.md#F-implicit-begin), and only `commit()`, `rollback()`,
//! `close()` or the end of a `with conn:` block ends it. The kept connection
//! outlives the call, so whoever catches the exception decides whether the
//! write lock is let go. A caller whose handler swallows it (log, then go on)
//! leaves the lock held until the next commit on that connection, and every
//! other writer of the file meets "database is locked" meanwhile.
//!
//! Not such a function: one that uses `with conn:` (rolls back on an
//! exception), or rolls back, closes or commits in an `except` or `finally` of
//! its own; one whose only statement between the first write and the commit
//! is that commit (a BUSY on the first write takes no lock,
//! docs/sqlite-facts.md#F-busy-first-write, so nothing can fail while the lock
//! is held); a failure caught by a handler of its own (that handler is the
//! one to judge); a connection in `autocommit=True` mode.

use ruff_python_ast::{self as ast, Stmt};
use ruff_text_size::{Ranged, TextRange};

use super::connections::ConnKey;
use super::model::{Call, Model};
use super::scopes::FuncId;
use super::transactions::{Flow, Op, TxMode, can_raise, scope_stmts};

/// What the function leaves open when a statement between its first write and
/// its commit raises.
#[derive(Debug, Clone)]
pub struct CommitsLater {
    /// How the function names the connection: `self.conn`, `db`.
    pub label: String,
    /// Its writes and cursors are awaited (an async driver's connection).
    pub awaited: bool,
    /// The transaction's first write.
    pub first_write: TextRange,
    /// The commit on the normal path.
    pub commit: TextRange,
    /// The first call after the first write that can raise before the commit.
    pub risky: TextRange,
    /// The database file the connection opens, when its creation is in the
    /// module (`semantic::databases::identity_of_connect`).
    pub identity: Option<String>,
}

/// The kept connection function `scope` writes and commits later with no
/// rollback on an error in between (see the module's doc), if any.
pub fn of_function(
    model: &Model<'_>,
    flows: &[Flow<'_, '_>],
    scope: FuncId,
) -> Option<CommitsLater> {
    flows
        .iter()
        .filter(|f| f.scope == scope)
        .find_map(|f| of_flow(model, f))
}

fn of_flow(model: &Model<'_>, flow: &Flow<'_, '_>) -> Option<CommitsLater> {
    if !matches!(flow.key, ConnKey::Global { .. } | ConnKey::SelfAttr { .. })
        || flow.mode == TxMode::Autocommit
        || !flow.with_blocks.is_empty()
    {
        return None;
    }
    // A rollback or close anywhere in the function: it handles its own errors
    // (or ends the connection), whatever path it takes.
    if flow.events.iter().any(|e| match e.op {
        Op::Rollback { .. } | Op::WithExit => true,
        Op::Close => !closes_a_cursor(model, flow, e.call),
        _ => false,
    }) {
        return None;
    }
    let body = &model.scopes.function(flow.scope).def.body;
    // Calls under a `try` of the function whose handler does not re-raise: the
    // function catches those failures itself.
    let caught: Vec<TextRange> = scope_stmts(body)
        .into_iter()
        .filter_map(|s| match s {
            Stmt::Try(t) if t.handlers.iter().any(|h| !reraises(h)) => Some(TextRange::new(
                t.body.first()?.start(),
                t.body.last()?.end(),
            )),
            _ => None,
        })
        .collect();
    // A `finally` that ends the transaction on this connection by name.
    let finally_ends = scope_stmts(body).into_iter().any(|s| match s {
        Stmt::Try(t) => t.finalbody.iter().any(|f| {
            let text = model.slice(f.range());
            ["commit(", "rollback(", "close("]
                .iter()
                .any(|m| text.contains(&format!("{}.{m}", flow.label)))
        }),
        _ => false,
    });
    if finally_ends {
        return None;
    }
    for tx in flow.transactions() {
        let Some(first_write) = tx.first_write else {
            continue;
        };
        let closers = flow.closers(tx.start);
        let Some(&commit) = closers
            .iter()
            .find(|&&c| matches!(flow.events[c].op, Op::Commit { .. }))
        else {
            continue;
        };
        let risky = model.calls_in(Some(flow.scope)).find(|call| {
            let held = flow.states_at(call.range()).iter().any(|s| {
                s.open().is_some_and(|t| {
                    t.start == tx.start && t.first_write.is_some() && t.error_handler.is_none()
                })
            });
            held && !call.in_lambda
                && !closers
                    .iter()
                    .any(|&c| flow.events[c].range == call.range())
                && !caught.iter().any(|r| r.contains_range(call.range()))
                && can_raise(model, flow, call)
        });
        let Some(risky) = risky else { continue };
        return Some(CommitsLater {
            label: flow.label.clone(),
            awaited: flow
                .events
                .iter()
                .any(|e| e.call.is_some_and(|c| c.is_awaited())),
            first_write: flow.events[first_write].range,
            commit: flow.events[commit].range,
            risky: risky.range(),
            identity: flow
                .site
                .and_then(|site| super::databases::identity_of_connect(model, site.call)),
        });
    }
    None
}

/// `cur.close()` on a cursor of the connection (`cur = self.conn.cursor()`):
/// it ends no transaction, whatever the flow's events make of it.
fn closes_a_cursor(model: &Model<'_>, flow: &Flow<'_, '_>, call: Option<&Call<'_>>) -> bool {
    let Some(call) = call else { return false };
    let ast::Expr::Attribute(a) = &*call.expr.func else {
        return false;
    };
    let ast::Expr::Name(receiver) = &*a.value else {
        return false;
    };
    let name = receiver.id.as_str();
    name != flow.label
        && !model.assignments_of(call.scope, name).is_empty()
        && model.assignments_of(call.scope, name).iter().all(|x| {
            matches!(x.value, ast::Expr::Call(c) if matches!(&*c.func,
                ast::Expr::Attribute(m) if m.attr.as_str() == "cursor"))
        })
}

/// The handler ends in (or contains) a bare or explicit `raise`.
pub fn reraises(handler: &ast::ExceptHandler) -> bool {
    let ast::ExceptHandler::ExceptHandler(h) = handler;
    scope_stmts(&h.body)
        .iter()
        .any(|s| matches!(s, Stmt::Raise(_)))
}
