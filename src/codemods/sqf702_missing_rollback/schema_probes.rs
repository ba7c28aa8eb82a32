//! SQF702 on a failed schema probe: a start-up migration asks the shared
//! session whether a column is there (`session.query(Item.notes).first()`,
//! `session.execute(text("SELECT notes FROM items"))`), catches the "no such
//! column" error without `rollback()`, and then adds the column through
//! another connection of the engine (`engine.connect()`, `engine.execute(...)`)
//! with `ALTER TABLE`.
//!
//! The caught error leaves the session's transaction open with whatever lock
//! it already held (a write earlier in the start-up, a read under an explicit
//! BEGIN): the other connection's `ALTER TABLE` then waits out the busy
//! timeout and fails with "database is locked", at every start, until the
//! session is rolled back (F-failed-probe-keeps-lock). DDL sent through the
//! session itself runs in its own transaction and is not reported; neither is
//! a handler that re-raises, rolls back, closes or removes the session.
//!
//! Fix (unsafe: writes the session made earlier in the same transaction are
//! discarded instead of committed later): `<session>.rollback()` as the
//! handler's first statement.

use ruff_python_ast::{self as ast, Expr, Stmt};
use ruff_text_size::{Ranged, TextRange};

use super::{MissingRollback, handler_head, with_rollback_first};
use crate::codemods::{Codemod, Context};
use crate::finding::Finding;
use crate::semantic::model::Model;
use crate::semantic::scopes::FuncId;
use crate::semantic::shared_sessions::SharedSessions;
use crate::semantic::visit;

/// Session methods that run a query.
const QUERIES: &[&str] = &["query", "execute", "scalar", "scalars", "get"];

/// The errors a probe for a missing column raises, or a base of them.
const PROBE_ERRORS: &[&str] = &[
    "OperationalError",
    "ProgrammingError",
    "DatabaseError",
    "DBAPIError",
    "SQLAlchemyError",
    "StatementError",
    "Exception",
    "BaseException",
];

pub(super) fn check(codemod: &MissingRollback, ctx: &Context<'_, '_>, out: &mut Vec<Finding>) {
    let model = ctx.model;
    if ctx.in_test_module() || !model.text.to_ascii_uppercase().contains("ALTER TABLE") {
        return;
    }
    let sessions = SharedSessions::of(model, ctx.project);
    if sessions.is_empty() {
        return;
    }
    let mut tries = Vec::new();
    collect_tries(model.suite, &mut tries);
    for (try_stmt, rest) in tries {
        let scope = model.scopes.function_at(try_stmt.start());
        let (Some(first), Some(last)) = (try_stmt.body.first(), try_stmt.body.last()) else {
            continue;
        };
        let body = TextRange::new(first.start(), last.end());
        let Some(session) = probe(model, &sessions, scope, body) else {
            continue;
        };
        for handler in &try_stmt.handlers {
            let ast::ExceptHandler::ExceptHandler(h) = handler;
            if !catches_probe_error(h) || reraises_or_resets(h) {
                continue;
            }
            // The DDL: in the handler, or after the `try` in the same suite.
            let after = TextRange::new(h.start(), rest.end().max(h.end()));
            let Some(ddl) = other_ddl(model, scope, after, &session) else {
                continue;
            };
            out.push(finding(codemod, ctx, h, &session, ddl));
            break;
        }
    }
}

/// The shared session a query in `body` runs on.
fn probe(
    model: &Model<'_>,
    sessions: &SharedSessions,
    scope: Option<FuncId>,
    body: TextRange,
) -> Option<String> {
    model.calls.iter().find_map(|c| {
        if c.scope != scope || c.in_lambda || !body.contains_range(c.range()) {
            return None;
        }
        let Expr::Attribute(method) = &*c.expr.func else {
            return None;
        };
        if !QUERIES.contains(&method.attr.as_str()) {
            return None;
        }
        sessions.session(model, scope, &method.value)
    })
}

fn catches_probe_error(handler: &ast::ExceptHandlerExceptHandler) -> bool {
    let named = |e: &Expr| match e {
        Expr::Name(n) => PROBE_ERRORS.contains(&n.id.as_str()),
        Expr::Attribute(a) => PROBE_ERRORS.contains(&a.attr.as_str()),
        _ => false,
    };
    match handler.type_.as_deref() {
        None => true,
        Some(Expr::Tuple(t)) => t.elts.iter().any(named),
        Some(e) => named(e),
    }
}

/// The handler re-raises, or ends the session's transaction (`rollback()`,
/// `close()`, `remove()`, a function named for a rollback).
fn reraises_or_resets(handler: &ast::ExceptHandlerExceptHandler) -> bool {
    visit::any_stmt(&handler.body, |s| matches!(s, Stmt::Raise(_)))
        || visit::any_expr(&handler.body, |e| {
            let Expr::Call(call) = e else { return false };
            match &*call.func {
                Expr::Attribute(a) => matches!(
                    a.attr.as_str(),
                    "rollback" | "close" | "remove" | "expunge_all" | "invalidate"
                ),
                Expr::Name(n) => n.id.contains("rollback"),
                _ => false,
            }
        })
}

/// A call in `range` that sends `ALTER TABLE` on something other than
/// `session`: `conn.execute(text("ALTER TABLE ..."))`, `engine.execute("...")`.
fn other_ddl(
    model: &Model<'_>,
    scope: Option<FuncId>,
    range: TextRange,
    session: &str,
) -> Option<TextRange> {
    model.calls.iter().find_map(|c| {
        if c.scope != scope || c.in_lambda || !range.contains_range(c.range()) {
            return None;
        }
        let Expr::Attribute(method) = &*c.expr.func else {
            return None;
        };
        if !matches!(
            method.attr.as_str(),
            "execute" | "exec_driver_sql" | "executescript"
        ) {
            return None;
        }
        let receiver = model.slice(method.value.range());
        if receiver == session {
            return None;
        }
        let sql = c.expr.arguments.args.first()?;
        model
            .slice(sql.range())
            .to_ascii_uppercase()
            .contains("ALTER TABLE")
            .then(|| c.range())
    })
}

/// Every `try` of the module, with the range from it to the end of its suite.
fn collect_tries<'a>(suite: &'a [Stmt], out: &mut Vec<(&'a ast::StmtTry, TextRange)>) {
    let end = suite.last().map(|s| s.end());
    for stmt in suite {
        if let (Stmt::Try(t), Some(end)) = (stmt, end) {
            out.push((t, TextRange::new(t.start(), end)));
        }
        for body in visit::child_suites(stmt) {
            collect_tries(body, out);
        }
    }
}

fn finding(
    codemod: &MissingRollback,
    ctx: &Context<'_, '_>,
    handler: &ast::ExceptHandlerExceptHandler,
    session: &str,
    ddl: TextRange,
) -> Finding {
    let line = ctx.model.line_column(ddl.start()).0;
    let message = format!(
        "This handler catches the failed schema probe on the shared session `{session}` without rolling it back, and the `ALTER TABLE` on line {line} runs on another connection: the session's transaction stays open with the locks it holds, so the DDL waits out the busy timeout and fails with \"database is locked\" (docs/sqlite-facts.md#F-failed-probe-keeps-lock)"
    );
    let finding = Finding::new(codemod.meta(), handler_head(handler), message);
    with_rollback_first(
        finding,
        ctx,
        handler,
        session,
        false,
        format!("Roll the session back before the DDL: `{session}.rollback()`"),
        "writes the session made earlier in the same transaction are discarded instead of committed later",
    )
}
