//! SQF702 on a periodic callback's commit: a function a server runs on a
//! timer (tornado `PeriodicCallback(f, ms)`, APScheduler `add_job(f, ...)` or
//! `@scheduled_job`, `threading.Timer(t, f)`, `loop.call_later(t, f)`, or a
//! `while` loop that sleeps between rounds)
//! commits the module's shared session (`session.commit()`, `self.db.commit()`)
//! with no `rollback()` anywhere in it. The `schedule` library's jobs are not
//! among them: `run_pending()` does not catch a job's exception, so a failed
//! commit ends the loop that runs them rather than leaving the session to
//! later users.
//!
//! When that commit fails ("database is locked" while a request writes, a
//! constraint), the timer's runner logs the exception and the callback is gone,
//! but the shared session stays in its failed transaction: every later use of
//! it, by the request handlers that share it and by the next tick, raises
//! PendingRollbackError until the process restarts (F-session-after-error).
//! Reported only where another function of the module uses the same session
//! (the second party that inherits the failure). Sessions the callback opens
//! itself, and callbacks that roll back, close or remove the session (or run
//! it in `with session.begin():`) are fine.
//!
//! Advice only: `try: <session>.commit() except SQLAlchemyError:
//! <session>.rollback(); raise`.

use ruff_python_ast::{Expr, Stmt};
use ruff_text_size::{Ranged, TextRange};

use super::MissingRollback;
use crate::codemods::{Codemod, Context};
use crate::finding::Finding;
use crate::semantic::facts;
use crate::semantic::model::{Call, Model};
use crate::semantic::scopes::FuncId;
use crate::semantic::shared_sessions::SharedSessions;
use crate::semantic::visit;

pub(super) fn check(codemod: &MissingRollback, ctx: &Context<'_, '_>, out: &mut Vec<Finding>) {
    let model = ctx.model;
    if ctx.in_test_module() || !model.text.contains("commit") {
        return;
    }
    let sessions = SharedSessions::of(model, ctx.project);
    if sessions.is_empty() {
        return;
    }
    let mut callbacks: Vec<(FuncId, Option<TextRange>, &'static str)> = registered(model)
        .into_iter()
        .map(|(f, runner)| (f, None, runner))
        .collect();
    callbacks.extend(sleeping_loops(model));
    let mut seen: Vec<TextRange> = Vec::new();
    let mut on_sqlite: Option<bool> = None;
    for (callback, within, runner) in callbacks {
        if resets_somewhere(model, callback) {
            continue;
        }
        for call in model.calls_in(Some(callback)) {
            if call.in_lambda
                || call.method_name() != Some("commit")
                || seen.contains(&call.range())
                || within.is_some_and(|w| !w.contains_range(call.range()))
            {
                continue;
            }
            let Expr::Attribute(method) = &*call.expr.func else {
                continue;
            };
            let Some(session) = sessions.session(model, Some(callback), &method.value) else {
                continue;
            };
            if !used_elsewhere(model, callback, &session) {
                continue;
            }
            if !*on_sqlite.get_or_insert_with(|| facts::sessions_on_sqlite(ctx.project).is_some()) {
                return;
            }
            seen.push(call.range());
            out.push(finding(codemod, ctx, call, callback, &session, runner));
        }
    }
}

/// Functions the module hands to a timer or scheduler, with what runs them.
fn registered(model: &Model<'_>) -> Vec<(FuncId, &'static str)> {
    let mut out = Vec::new();
    for call in &model.calls {
        let q = call.qualified().unwrap_or_default();
        let (arg, runner) = match (q, call.method_name()) {
            ("tornado.ioloop.PeriodicCallback", _) => {
                (call.argument(0, "callback"), "a tornado PeriodicCallback")
            }
            ("threading.Timer", _) => (call.argument(1, "function"), "a threading.Timer"),
            (_, Some("add_job")) => (call.argument(0, "func"), "a scheduler job"),
            (_, Some("call_later" | "call_at")) => {
                (call.argument(1, "callback"), "the event loop's timer")
            }
            _ => continue,
        };
        if let Some(f) = arg.and_then(|a| function_named(model, call.scope, a)) {
            out.push((f, runner));
        }
    }
    for (id, function) in model.scopes.functions.iter().enumerate() {
        let scheduled = function.def.decorator_list.iter().any(|d| {
            matches!(&d.expression, Expr::Call(c)
                if matches!(&*c.func, Expr::Attribute(a) if a.attr.as_str() == "scheduled_job"))
        });
        if scheduled {
            out.push((id, "a scheduler job"));
        }
    }
    out
}

/// The function `expr` names: a module-level function, or `self.<method>` of
/// the enclosing class.
fn function_named(model: &Model<'_>, scope: Option<FuncId>, expr: &Expr) -> Option<FuncId> {
    match expr {
        Expr::Name(n) => model.scopes.module_function(n.id.as_str()),
        Expr::Attribute(a) if matches!(&*a.value, Expr::Name(s) if s.id.as_str() == "self") => {
            let class = model.scopes.enclosing_class(scope)?;
            model
                .scopes
                .functions
                .iter()
                .position(|f| f.class == Some(class) && f.name() == a.attr.as_str())
        }
        _ => None,
    }
}

/// The `while` loops that sleep between rounds (`await asyncio.sleep(30)`,
/// `time.sleep(60)`): a background task's or thread's, with their function.
fn sleeping_loops(model: &Model<'_>) -> Vec<(FuncId, Option<TextRange>, &'static str)> {
    let mut out = Vec::new();
    for (id, function) in model.scopes.functions.iter().enumerate() {
        visit::any_stmt(&function.def.body, |s| {
            let Stmt::While(w) = s else { return false };
            let range = w.range();
            let sleeps = model.calls_in(Some(id)).any(|c| {
                range.contains_range(c.range())
                    && match &*c.expr.func {
                        Expr::Attribute(a) => a.attr.as_str() == "sleep",
                        Expr::Name(n) => n.id.as_str() == "sleep",
                        _ => false,
                    }
            });
            if sleeps {
                out.push((id, Some(range), "a loop that sleeps between rounds"));
            }
            false
        });
    }
    out
}

/// The callback rolls back, closes or removes something, or commits inside
/// `with <session>.begin():` (which rolls back on an exception).
fn resets_somewhere(model: &Model<'_>, id: FuncId) -> bool {
    model.calls_in(Some(id)).any(|c| match &*c.expr.func {
        Expr::Attribute(a) => matches!(
            a.attr.as_str(),
            "rollback" | "close" | "remove" | "begin" | "begin_nested" | "expunge_all"
        ),
        Expr::Name(n) => n.id.contains("rollback"),
        _ => false,
    })
}

/// Another function of the module calls a method of `session`, or hands it on.
fn used_elsewhere(model: &Model<'_>, callback: FuncId, session: &str) -> bool {
    model.calls.iter().any(|c| {
        c.scope.is_some()
            && c.scope != Some(callback)
            && match &*c.expr.func {
                Expr::Attribute(a) => model.slice(a.value.range()) == session,
                _ => false,
            }
    })
}

fn finding(
    codemod: &MissingRollback,
    ctx: &Context<'_, '_>,
    commit: &Call<'_>,
    callback: FuncId,
    session: &str,
    runner: &str,
) -> Finding {
    let name = ctx.model.scopes.function(callback).name();
    let message = format!(
        "`{name}` runs on {runner} and commits the shared session `{session}` with nothing to roll it back: when the commit fails (\"database is locked\" while a request writes, a constraint), the runner logs the error and `{session}` stays in its failed transaction, so every later use of it, by the other functions that share it and by the next run, raises PendingRollbackError until restart (docs/sqlite-facts.md#F-failed-commit-refuses)"
    );
    Finding::new(codemod.meta(), commit.range(), message).with_note(format!(
        "wrap the commit: `try: {session}.commit()` / `except SQLAlchemyError: {session}.rollback(); raise`"
    ))
}
