//! SQF704 on SQLAlchemy sessions: a `try` that flushes or commits a session
//! (`session.add(x); session.flush()`, `await session.commit()`), an `except`
//! handler for a SQLAlchemy database error (`IntegrityError`, `SQLAlchemyError`,
//! ...) that uses the same session again (`session.execute(select(...))`,
//! `session.query(...)`, `return get_user(session, name)`) before any
//! `rollback()`.
//!
//! A session whose flush failed refuses every use with `PendingRollbackError`
//! until `rollback()` is called, sync and async alike (F-session-after-error):
//! the get-or-create fallback that should find the row another request just
//! inserted fails instead, every time the race happens. An `execute()` of a
//! Core statement that fails leaves the session usable, so only a flush or a
//! commit (which flushes) in the `try` counts; so does a savepoint
//! (`begin_nested()`) around it, which rolls itself back: not reported.
//!
//! A handler that does neither (`except IntegrityError: pass`, a log line) falls
//! through to the code after the `try`: a use of the session there (the
//! get-or-create's second look-up) before any `rollback()` is reported the same
//! way; the second party is whoever inserted the same key first (another
//! request, worker or process).
//!
//! Handlers are read in order: a `raise`, `return` or `continue` before any use
//! ends the handler's turn, a `rollback()`/`close()` of the session (or any
//! function named for a rollback) before it makes it fine. The scoped sessions
//! SQF702 reports for carrying on after a failed commit are left to it.
//!
//! Fix (unsafe): `session.rollback()` (`await session.rollback()`) as the
//! handler's first statement. The failed flush already rolled the database
//! transaction back, so this discards no more data; but it also expires every
//! object the session had loaded (their next attribute read reloads them, which
//! on an `AsyncSession` raises `MissingGreenlet` outside an `await`) and drops
//! the pending ones.

use ruff_python_ast::{self as ast, Expr, Stmt};
use ruff_text_size::{Ranged, TextRange};

use super::ConnectionReusedAfterError;
use crate::codemods::sqf702_missing_rollback::{handler_head, rollback_first, session_handlers};
use crate::codemods::{Codemod, Context};
use crate::finding::Finding;
use crate::fix::Fix;
use crate::semantic::model::Model;
use crate::semantic::{facts, orm_transactions, visit};

/// `sqlalchemy.exc` classes a failed flush raises (or a base of them).
const ORM_ERRORS: &[&str] = &[
    "IntegrityError",
    "SQLAlchemyError",
    "DBAPIError",
    "DatabaseError",
    "OperationalError",
    "StatementError",
    "DataError",
];

/// Session methods that do not need a working transaction.
const RESETS: &[&str] = &["rollback", "close", "remove", "expunge_all", "invalidate"];
const INERT: &[&str] = &[
    "in_transaction",
    "is_active",
    "expunge",
    "get_bind",
    "is_modified",
];

pub(super) fn check(
    codemod: &ConnectionReusedAfterError,
    ctx: &Context<'_, '_>,
    out: &mut Vec<Finding>,
) {
    let model = ctx.model;
    if ctx.in_test_module()
        || !(model.text.contains("flush") || model.text.contains("commit"))
        || !(model.imports.mentions("sqlalchemy") || model.imports.mentions("sqlmodel"))
    {
        return;
    }
    let mut left_to_702: Option<Vec<TextRange>> = None;
    let mut on_sqlite: Option<bool> = None;
    for (scope, function) in model.scopes.functions.iter().enumerate() {
        for stmt in visit::scope_stmts(&function.def.body) {
            let Stmt::Try(try_stmt) = stmt else { continue };
            let (Some(first), Some(last)) = (try_stmt.body.first(), try_stmt.body.last()) else {
                continue;
            };
            let body = TextRange::new(first.start(), last.end());
            if model.slice(body).contains("begin_nested") {
                continue;
            }
            let flushed = flushes(ctx, scope, body);
            if flushed.is_empty() {
                continue;
            }
            for handler in &try_stmt.handlers {
                let ast::ExceptHandler::ExceptHandler(h) = handler;
                if !catches_orm_error(model, h, scope) {
                    continue;
                }
                for (label, awaited, verb) in &flushed {
                    let used = match reused_first(model, &h.body, label) {
                        Reuse::Used(range) => range,
                        Reuse::Left => continue,
                        // `except IntegrityError: pass`, then the code after the
                        // `try` looks the row up on the same session.
                        Reuse::FellThrough => match following(&function.def.body, try_stmt.range)
                            .map(|rest| reused_first(model, rest, label))
                        {
                            Some(Reuse::Used(range)) => range,
                            _ => continue,
                        },
                    };
                    if !*on_sqlite
                        .get_or_insert_with(|| facts::sessions_on_sqlite(ctx.project).is_some())
                    {
                        return;
                    }
                    if left_to_702
                        .get_or_insert_with(|| session_handlers::reported(ctx))
                        .contains(&h.range)
                    {
                        break;
                    }
                    out.push(report(codemod, ctx, h, (label, verb), *awaited, used));
                    break;
                }
            }
        }
    }
}

/// The sessions `body` flushes or commits, as the code names them, and whether
/// that call is awaited. A `flush()` is a session's; a `commit()` counts on a
/// handle the module binds to a session, on `<ext>.session`, or on a name that
/// is not an engine connection's.
fn flushes(
    ctx: &Context<'_, '_>,
    scope: usize,
    body: TextRange,
) -> Vec<(String, bool, &'static str)> {
    let model = ctx.model;
    let mut known: Option<Vec<(String, bool)>> = None;
    let mut out: Vec<(String, bool, &'static str)> = Vec::new();
    for call in model.calls_in(Some(scope)) {
        if call.in_lambda || !body.contains_range(call.range()) {
            continue;
        }
        let Expr::Attribute(method) = &*call.expr.func else {
            continue;
        };
        let flush = method.attr.as_str() == "flush";
        if !(flush || method.attr.as_str() == "commit") || !call.expr.arguments.is_empty() {
            continue;
        }
        if !matches!(&*method.value, Expr::Name(_) | Expr::Attribute(_)) {
            continue;
        }
        let label = model.slice(method.value.range()).to_string();
        let handles = known.get_or_insert_with(|| orm_transactions::handle_labels(model, scope));
        let session = match handles.iter().find(|(l, _)| *l == label) {
            Some((_, connection)) => !connection,
            None => {
                let lower = label.to_ascii_lowercase();
                flush
                    || label.ends_with(".session")
                    || !(lower.contains("conn") || lower.contains("cursor") || lower == "cur")
            }
        };
        if session && !out.iter().any(|(l, _, _)| *l == label) {
            let verb = if flush { "flush" } else { "commit" };
            out.push((label, call.is_awaited(), verb));
        }
    }
    out
}

fn catches_orm_error(
    model: &Model<'_>,
    handler: &ast::ExceptHandlerExceptHandler,
    scope: usize,
) -> bool {
    let Some(type_) = handler.type_.as_deref() else {
        return false;
    };
    let is_orm = |e: &Expr| {
        model.resolve(e, Some(scope)).is_some_and(|q| {
            let (module, name) = q.rsplit_once('.').unwrap_or(("", &q));
            matches!(
                module,
                "sqlalchemy.exc" | "sqlalchemy" | "sqlmodel" | "sqlmodel.exc"
            ) && ORM_ERRORS.contains(&name)
        })
    };
    match type_ {
        Expr::Tuple(t) => t.elts.iter().any(is_orm),
        other => is_orm(other),
    }
}

/// What a run of statements does with the failed session.
enum Reuse {
    /// Uses it (the call) before anything resets it.
    Used(TextRange),
    /// Resets it, or leaves (`raise`, `return`, `continue`, `break`) first.
    Left,
    /// Neither: the code after the `try` runs next.
    FellThrough,
}

/// The statements after `target` in the suite of `body` (at any depth) that
/// holds it directly.
fn following(body: &[Stmt], target: TextRange) -> Option<&[Stmt]> {
    for (i, stmt) in body.iter().enumerate() {
        if stmt.range() == target {
            return Some(&body[i + 1..]);
        }
        if stmt.range().contains_range(target) {
            return visit::block_suites(stmt)
                .into_iter()
                .find_map(|suite| following(suite, target));
        }
    }
    None
}

/// The first use of session `label` in `body` (a handler, or the code after
/// the `try`), read statement by statement, when nothing resets the session
/// or leaves first.
fn reused_first(model: &Model<'_>, body: &[Stmt], label: &str) -> Reuse {
    for stmt in body {
        let one = std::slice::from_ref(stmt);
        let resets = visit::any_expr(one, |e| {
            let Expr::Call(call) = e else { return false };
            match &*call.func {
                Expr::Attribute(a) => {
                    RESETS.contains(&a.attr.as_str()) && model.slice(a.value.range()) == label
                }
                Expr::Name(n) => n.id.contains("rollback"),
                _ => false,
            }
        });
        if resets {
            return Reuse::Left;
        }
        let mut used = None;
        visit::any_expr(one, |e| {
            let Expr::Call(call) = e else { return false };
            let on_session = match &*call.func {
                Expr::Attribute(a) => {
                    model.slice(a.value.range()) == label && !INERT.contains(&a.attr.as_str())
                }
                _ => false,
            };
            let handed = call
                .arguments
                .args
                .iter()
                .chain(call.arguments.keywords.iter().map(|k| &k.value))
                .any(|a| {
                    matches!(a, Expr::Name(_) | Expr::Attribute(_))
                        && model.slice(a.range()) == label
                });
            if on_session || handed {
                used = Some(call.range());
                return true;
            }
            false
        });
        if let Some(range) = used {
            return Reuse::Used(range);
        }
        if visit::any_stmt(one, |s| {
            matches!(
                s,
                Stmt::Raise(_) | Stmt::Return(_) | Stmt::Continue(_) | Stmt::Break(_)
            )
        }) {
            return Reuse::Left;
        }
    }
    Reuse::FellThrough
}

fn report(
    codemod: &ConnectionReusedAfterError,
    ctx: &Context<'_, '_>,
    handler: &ast::ExceptHandlerExceptHandler,
    (label, verb): (&str, &str),
    awaited: bool,
    used: TextRange,
) -> Finding {
    let model = ctx.model;
    let line = model.line_column(used.start()).0;
    let message = format!(
        "This handler catches a failed `{label}.{verb}()` and uses `{label}` again on line {line} without rolling it back: a session whose flush failed raises PendingRollbackError on every later use until `rollback()` (docs/sqlite-facts.md#F-session-after-error)"
    );
    let finding = Finding::new(codemod.meta(), handler_head(handler), message);
    let call = if awaited {
        format!("await {label}.rollback()")
    } else {
        format!("{label}.rollback()")
    };
    match rollback_first(ctx, handler, label, awaited) {
        Some(edit) => finding
            .with_fix(Fix::unsafe_(
                format!("Roll the session back first: `{call}`"),
                vec![edit],
            ))
            .with_note(
                "the failed flush already rolled the database transaction back, so no more data is lost; the rollback also expires the objects the session had loaded and drops its pending ones",
            ),
        None => finding.with_note(format!("call `{call}` at the start of the handler")),
    }
}
