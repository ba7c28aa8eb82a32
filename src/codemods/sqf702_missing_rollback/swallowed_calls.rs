//! A handler that swallows the failure of a call whose callee leaves a kept
//! connection's write transaction open.
//!
//! A bot cog keeps one sqlite3 connection on `self.conn`; a background loop
//! (`@tasks.loop`, or `while True: ... await asyncio.sleep(...)`) calls
//! `await self.refresh()` inside `try: ... except Exception as e: log(e)`.
//! `refresh` writes on `self.conn`, then does something that can raise, then
//! commits (semantic::commits_later). When that something raises, the
//! transaction stays open on the connection the cog keeps: the handler logs
//! and the loop goes on, and the write lock stays held, so every other writer
//! of the file meets "database is locked" until the next commit on that
//! connection (none, when the failure repeats each turn) or a restart.
//!
//! Reported only when the file has another connection that the held lock
//! blocks (`sole_connection::second_connection`; a connection never waits for
//! its own lock, F-busy-needs-two), at a catch-all handler (`except Exception`, bare `except`), in the
//! same module as the callee: a method of the same class through `self`, or a
//! module function by name; a handler for sqlite3's errors around a call into
//! leaking code is SQF704's. Not reported when
//! the handler re-raises (the caller above decides), or already rolls back,
//! commits or closes that connection.
//!
//! Fix (unsafe: the writes made before the failure are discarded instead of
//! being committed by the next commit on the connection): `<conn>.rollback()`
//! as the handler's first statement.

use ruff_python_ast::{self as ast, Stmt};
use ruff_text_size::{Ranged, TextRange};

use super::{MissingRollback, handler_head, with_rollback_first};
use crate::codemods::{Codemod, Context};
use crate::finding::Finding;
use crate::semantic::commits_later::{self, CommitsLater};
use crate::semantic::model::Callee;
use crate::semantic::scopes::FuncId;
use crate::semantic::sole_connection;
use crate::semantic::transactions::scope_stmts;

pub(super) fn check(codemod: &MissingRollback, ctx: &Context<'_, '_>, out: &mut Vec<Finding>) {
    let model = ctx.model;
    let flows = ctx.flows();
    let mut memo: Vec<(FuncId, Option<CommitsLater>)> = Vec::new();
    let mut reported: Vec<TextRange> = Vec::new();
    for (scope, function) in model.scopes.functions.iter().enumerate() {
        let tries: Vec<&ast::StmtTry> = scope_stmts(&function.def.body)
            .into_iter()
            .filter_map(|s| match s {
                Stmt::Try(t) if !t.handlers.is_empty() => Some(t),
                _ => None,
            })
            .collect();
        if tries.is_empty() {
            continue;
        }
        let class = model.scopes.enclosing_class(Some(scope));
        for call in model.calls_in(Some(scope)) {
            if call.in_lambda {
                continue;
            }
            let target = match &call.callee {
                Callee::SelfMethod(name) => class.and_then(|c| model.scopes.method(c, name)),
                Callee::Local(name) => model.scopes.module_function(name),
                _ => None,
            };
            let Some(target) = target.filter(|&t| t != scope) else {
                continue;
            };
            let Some(owner) = tries.iter().find(|t| {
                let (Some(a), Some(b)) = (t.body.first(), t.body.last()) else {
                    return false;
                };
                TextRange::new(a.start(), b.end()).contains_range(call.range())
            }) else {
                continue;
            };
            let leaves = match memo.iter().find(|(t, _)| *t == target) {
                Some((_, found)) => found.clone(),
                None => {
                    let found = commits_later::of_function(model, flows, target);
                    memo.push((target, found.clone()));
                    found
                }
            };
            let Some(leaves) = leaves else { continue };
            // The lock held by the failed transaction blocks only another
            // connection to the file (F-busy-needs-two).
            let Some(second) =
                sole_connection::second_connection(ctx.project, leaves.identity.as_deref())
            else {
                continue;
            };
            for handler in &owner.handlers {
                let ast::ExceptHandler::ExceptHandler(h) = handler;
                let head = handler_head(h);
                if !catch_all(h)
                    || reported.contains(&h.range)
                    || out
                        .iter()
                        .any(|f| f.id == codemod.meta().id.as_str() && f.range == head)
                    || commits_later::reraises(handler)
                    || ends_transaction(model.slice(h.range), &leaves.label)
                {
                    continue;
                }
                reported.push(h.range);
                out.push(finding(codemod, ctx, h, call, &leaves, &second));
            }
        }
    }
}

/// `except:`, `except Exception`, `except BaseException` (alone or in a tuple):
/// whatever the callee raises. A handler for sqlite3's own errors around such a
/// call is SQF704's.
fn catch_all(handler: &ast::ExceptHandlerExceptHandler) -> bool {
    let broad = |e: &ast::Expr| match e {
        ast::Expr::Name(n) => matches!(n.id.as_str(), "Exception" | "BaseException"),
        ast::Expr::Attribute(a) => {
            matches!(a.attr.as_str(), "Exception" | "BaseException")
                && matches!(&*a.value, ast::Expr::Name(n) if n.id.as_str() == "builtins")
        }
        _ => false,
    };
    match handler.type_.as_deref() {
        None => true,
        Some(ast::Expr::Tuple(t)) => t.elts.iter().any(broad),
        Some(e) => broad(e),
    }
}

/// The handler already ends the transaction on that connection, or hands off
/// to code named for it (`self.conn.rollback()`, `self.conn.close()`).
fn ends_transaction(handler_text: &str, label: &str) -> bool {
    handler_text.contains("rollback")
        || ["commit(", "close("]
            .iter()
            .any(|m| handler_text.contains(&format!("{label}.{m}")))
}

fn finding(
    codemod: &MissingRollback,
    ctx: &Context<'_, '_>,
    handler: &ast::ExceptHandlerExceptHandler,
    call: &crate::semantic::model::Call<'_>,
    leaves: &CommitsLater,
    second: &str,
) -> Finding {
    let model = ctx.model;
    let label = &leaves.label;
    let line = |r: TextRange| model.line_column(r.start()).0;
    let risky = model.slice(leaves.risky);
    let risky = risky.split('(').next().unwrap_or(risky);
    let message = format!(
        "This handler swallows the failure of `{}(...)`, which writes on the kept connection `{label}` (line {}) and commits only on its normal path (line {}): when `{risky}(...)` on line {} raises in between, the transaction stays open holding the write lock, so every other writer of the file ({second}) fails with 'database is locked' until something commits or rolls back `{label}`, and the next commit publishes the half-done writes",
        model.slice(call.expr.func.range()),
        line(leaves.first_write),
        line(leaves.commit),
        line(leaves.risky),
    );
    let finding = Finding::new(codemod.meta(), handler_head(handler), message);
    let in_async = call
        .scope
        .is_some_and(|s| model.scopes.function(s).is_async());
    with_rollback_first(
        finding,
        ctx,
        handler,
        label,
        leaves.awaited && in_async,
        format!("Roll back first in the handler: `{label}.rollback()`"),
        "writes the call made before the error are discarded instead of being committed by the next commit on the connection",
    )
}
