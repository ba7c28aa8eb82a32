//! A lock context manager that swallows its caller's errors: a
//! `@contextmanager` generator takes the write lock (`BEGIN IMMEDIATE` or
//! `EXCLUSIVE`) and wraps its `yield` in `try: ... except Exception: pass`
//! (or a handler that only logs the message) before it commits or rolls
//! back. An exception raised in the caller's `with` block is thrown into the
//! generator at the `yield`; caught there and not raised again, the
//! generator ends and the `with` statement carries on as if the block had
//! succeeded (docs/sqlite-facts.md#F-contextmanager-swallows). Any failure
//! of the block (a failed statement, a lock or time-out error of its own) is
//! then lost, and a commit after it keeps whatever part of the block ran.
//! The message names the connections that wait on the lock meanwhile (the
//! check's second party).
//!
//! Left alone: `try/finally` (the error goes on), a handler that re-raises
//! or logs the traceback, a generator that takes no lock (a plain
//! `suppress`-style helper is a choice, not this shape). Advice only: the
//! fix (`try/finally`, or `except: rollback; raise`) changes what callers see.

use ruff_python_ast::{self as ast, ExceptHandler, Expr, Stmt};
use ruff_text_size::Ranged;

use super::lock_statement;
use crate::finding::Finding;
use crate::semantic::scopes::FuncId;
use crate::semantic::visit;

use super::super::{Context, Meta};

pub fn check(meta: &'static Meta, ctx: &Context<'_, '_>, anywhere: &str, out: &mut Vec<Finding>) {
    let model = ctx.model;
    for id in 0..model.scopes.functions.len() {
        if !is_context_manager(ctx, id) {
            continue;
        }
        let function = model.scopes.function(id);
        let scope = Some(id);
        let Some(lock) = model.calls.iter().find_map(|c| {
            (c.scope == scope && !c.in_lambda)
                .then(|| lock_statement::needs_lock(model, c))
                .flatten()
                .filter(|s| s.starts_with("BEGIN"))
        }) else {
            continue;
        };
        for stmt in visit::scope_stmts(&function.def.body) {
            let Stmt::Try(try_stmt) = stmt else {
                continue;
            };
            if !try_stmt.body.iter().any(is_yield) {
                continue;
            }
            let swallowing = try_stmt.handlers.iter().find_map(|h| {
                let ExceptHandler::ExceptHandler(h) = h;
                (super::catches_sqlite_errors(model, scope, h.type_.as_deref())
                    && !super::reports_traceback(model, scope, &h.body)
                    && super::swallows(model, scope, &h.body))
                .then_some(h)
            });
            let Some(handler) = swallowing else {
                continue;
            };
            out.push(finding(meta, ctx, id, &lock, handler, anywhere));
        }
    }
}

fn finding(
    meta: &'static Meta,
    ctx: &Context<'_, '_>,
    id: FuncId,
    lock: &str,
    handler: &ast::ExceptHandlerExceptHandler,
    anywhere: &str,
) -> Finding {
    let name = &ctx.model.scopes.function(id).qualname;
    let caught = super::caught_by(ctx.model, handler);
    let message = format!(
        "`{name}()` is a context manager that takes the write lock (`{lock}`, which other connections then wait for, here {anywhere}) and catches {caught} around its `yield` without raising it again: any error of the caller's `with` block (a failed statement, a lock or time-out error of its own) is swallowed there, the context manager goes on to end the transaction, and the caller carries on as if its work had succeeded (docs/sqlite-facts.md#F-contextmanager-swallows)"
    );
    Finding::new(meta, handler.range(), message).with_note(format!(
        "turn the handler into `finally:` (or `except ...: rollback(); raise`) so the error reaches the caller of `with {name}():`"
    ))
}

fn is_context_manager(ctx: &Context<'_, '_>, id: FuncId) -> bool {
    let f = ctx.model.scopes.function(id);
    f.def.decorator_list.iter().any(|d| {
        ctx.model.resolve(&d.expression, f.parent).is_some_and(|q| {
            q == "contextlib.contextmanager" || q == "contextlib.asynccontextmanager"
        })
    })
}

fn is_yield(stmt: &Stmt) -> bool {
    matches!(stmt, Stmt::Expr(e) if matches!(&*e.value, Expr::Yield(_)))
}
