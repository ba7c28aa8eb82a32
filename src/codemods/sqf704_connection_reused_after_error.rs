//! SQF704 connection-reused-after-error: an `except` handler that catches a
//! sqlite3 error raised by project code working on a shared connection, and
//! carries on (no re-raise, no rollback, no close or reconnect).
//!
//! The call it guards (found through the project index, in this file or
//! another) writes on a module-level or `self` connection and can leave that
//! transaction open after an exception (`FunctionSummary::leaks_shared_tx`, the
//! same analysis as SQF702). After the handler the connection is mid-transaction:
//! it holds the write lock, later calls on it run inside the failed transaction,
//! and the next commit commits the half-done writes.
//!
//! Handlers around the function's own writes are SQF702's (it reports the
//! handler there); this rule only looks at handlers around calls, so one handler
//! never gets both. Fix (unsafe: the half-done writes are discarded instead of
//! committed by the next caller): `conn.rollback()` at the start of the handler
//! when the leaking connection is reachable from it (a module-level connection of
//! this module, or `self.<attr>` of the same class). For another module's
//! connection there is nothing to call here: the note points at the callee,
//! which SQF702 fixes at the source.
//!
//! SQLAlchemy sessions (sessions.rs): a handler for a failed flush or commit
//! that uses the same session again before `rollback()`, which raises
//! PendingRollbackError (F-session-after-error).

use ruff_python_ast::{self as ast, Expr, Stmt};
use ruff_text_size::{Ranged, TextRange};

use super::sqf702_missing_rollback::{handler_head, rollback_first};
use super::{Codemod, Context};
use crate::finding::Finding;
use crate::fix::Fix;
use crate::semantic::connections::ConnKey;
use crate::semantic::model::Call;
use crate::semantic::transactions::{self, Flow, LeakKind};

mod sessions;

pub struct ConnectionReusedAfterError;

const SQLITE_ERRORS: &[&str] = &[
    "Error",
    "DatabaseError",
    "OperationalError",
    "IntegrityError",
    "InterfaceError",
    "ProgrammingError",
    "InternalError",
    "DataError",
    "NotSupportedError",
];

impl Codemod for ConnectionReusedAfterError {
    crate::codemod_meta!("SQF704-connection-reused-after-error");

    fn check(&self, ctx: &Context<'_, '_>, out: &mut Vec<Finding>) {
        sessions::check(self, ctx, out);
        let model = ctx.model;
        let _sites = ctx.sites();
        let flows = ctx.flows();
        let own_handlers: Vec<TextRange> = flows
            .iter()
            .flat_map(|f| transactions::leaks_on_error(model, f))
            .filter_map(|l| match l.kind {
                LeakKind::Handler(range) => Some(range),
                LeakKind::Unguarded(_) => None,
            })
            .collect();
        for (scope, function) in model.scopes.functions.iter().enumerate() {
            for stmt in transactions::scope_stmts(&function.def.body) {
                let Stmt::Try(try_stmt) = stmt else { continue };
                let body_range = match (try_stmt.body.first(), try_stmt.body.last()) {
                    (Some(a), Some(b)) => TextRange::new(a.start(), b.end()),
                    _ => continue,
                };
                for handler in &try_stmt.handlers {
                    let ast::ExceptHandler::ExceptHandler(h) = handler;
                    if own_handlers.contains(&h.range)
                        || !catches_sqlite_error(ctx, h, Some(scope))
                        || handles_it(model, h)
                    {
                        continue;
                    }
                    let leaky = model.calls_in(Some(scope)).find(|c| {
                        body_range.contains_range(c.range())
                            && !c.in_lambda
                            && ctx
                                .project
                                .function(model, c)
                                .is_some_and(|(_, f)| f.leaks_shared_tx)
                    });
                    if let Some(call) = leaky {
                        out.push(report(self, ctx, flows, scope, h, call));
                    }
                }
            }
        }
    }
}

fn catches_sqlite_error(
    ctx: &Context<'_, '_>,
    handler: &ast::ExceptHandlerExceptHandler,
    scope: Option<usize>,
) -> bool {
    let Some(type_) = handler.type_.as_deref() else {
        return false;
    };
    let is_sqlite = |e: &Expr| {
        ctx.model.resolve(e, scope).is_some_and(|q| {
            let (module, name) = q.rsplit_once('.').unwrap_or(("", &q));
            matches!(module, "sqlite3" | "sqlite3.dbapi2" | "aiosqlite")
                && SQLITE_ERRORS.contains(&name)
        })
    };
    match type_ {
        Expr::Tuple(t) => t.elts.iter().any(is_sqlite),
        other => is_sqlite(other),
    }
}

/// Re-raises, or resets the connection somehow (rollback, close, reconnect):
/// a function named for it (`close_db()`), or such a method on something that
/// can be a connection (`conn`, `self.db`, `session`, `self`). `upload.file.close()`
/// closes a file and leaves the transaction as it was.
fn handles_it(
    model: &crate::semantic::Model<'_>,
    handler: &ast::ExceptHandlerExceptHandler,
) -> bool {
    const RESETS: [&str; 4] = ["rollback", "close", "reconnect", "reset"];
    const CONNECTION_WORDS: [&str; 6] = ["conn", "db", "con", "session", "engine", "cur"];
    transactions::scope_stmts(&handler.body).iter().any(|s| {
        matches!(s, Stmt::Raise(_))
            || crate::semantic::visit::any_expr(std::slice::from_ref(*s), |e| {
                let Expr::Call(call) = e else { return false };
                match &*call.func {
                    Expr::Attribute(a) => {
                        let receiver = model.slice(a.value.range()).to_ascii_lowercase();
                        RESETS.iter().any(|w| a.attr.contains(w))
                            && (receiver == "self"
                                || CONNECTION_WORDS.iter().any(|w| receiver.contains(w)))
                    }
                    Expr::Name(n) => RESETS.iter().any(|w| n.id.contains(w)),
                    _ => false,
                }
            })
    })
}

fn report(
    codemod: &ConnectionReusedAfterError,
    ctx: &Context<'_, '_>,
    flows: &[Flow<'_, '_>],
    scope: usize,
    handler: &ast::ExceptHandlerExceptHandler,
    call: &Call<'_>,
) -> Finding {
    let model = ctx.model;
    let callee = model.slice(call.expr.func.range());
    let message = format!(
        "This handler catches a database error from `{callee}()` and carries on, but `{callee}` can leave its shared connection mid-transaction: the write lock stays held and the next commit on it commits the half-done writes"
    );
    let finding = Finding::new(codemod.meta(), handler_head(handler), message);
    match reachable_connection(ctx, flows, scope, call) {
        Some((label, awaited)) => match rollback_first(ctx, handler, &label, awaited) {
            Some(edit) => finding
                .with_fix(Fix::unsafe_(
                    format!("Roll back the shared connection first: `{label}.rollback()`"),
                    vec![edit],
                ))
                .with_note(format!(
                    "writes `{callee}` made before the error are discarded; the lasting fix is in `{callee}` itself (SQF702)"
                )),
            None => finding.with_note(format!("call `{label}.rollback()` at the start of the handler")),
        },
        None => finding.with_note(format!(
            "the connection is private to `{callee}`'s module: make `{callee}` roll back on error (`with conn:`, SQF702 reports it there), or reset the connection here"
        )),
    }
}

/// The leaking connection of a callee in this module, as the handler can name it.
fn reachable_connection(
    ctx: &Context<'_, '_>,
    flows: &[Flow<'_, '_>],
    scope: usize,
    call: &Call<'_>,
) -> Option<(String, bool)> {
    let model = ctx.model;
    let (module, summary) = ctx.project.function(model, call)?;
    if module.is_some() {
        return None;
    }
    let callee = model
        .scopes
        .functions
        .iter()
        .position(|f| f.qualname == summary.qualname)?;
    let flow = flows
        .iter()
        .find(|f| f.scope == callee && !transactions::leaks_on_error(model, f).is_empty())?;
    let here = model.scopes.function(scope);
    let reachable =
        match &flow.key {
            ConnKey::Global { name } => !here.parameter_names().contains(&name.as_str())
                && !model.assignments.iter().any(|a| {
                    a.scope == Some(scope)
                        && matches!(&a.target, crate::semantic::model::Target::Name(n) if n == name)
                        && !model.is_global_in(Some(scope), name)
                }),
            ConnKey::SelfAttr { class, .. } => {
                model.scopes.enclosing_class(Some(scope)) == Some(*class)
            }
            ConnKey::Local { .. } => false,
        };
    let awaited = flow
        .events
        .iter()
        .any(|e| e.call.is_some_and(|c| c.is_awaited()));
    reachable.then(|| (flow.label.clone(), awaited))
}
