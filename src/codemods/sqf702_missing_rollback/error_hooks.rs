//! SQF702 on an error-page hook: the framework's handler for every request's
//! unhandled exception (`@app.errorhandler(500)`, `@app.errorhandler(Exception)`,
//! `@app.exception_handler(Exception)`, `register_error_handler(...)`,
//! tornado's `write_error` or `log_exception`) turns the exception into an
//! error page and leaves alone the session every handler of the module shares
//! (a module-level session or `scoped_session` registry, its own or imported,
//! that nothing removes per request; a session kept on the application object).
//!
//! When the exception was a failed flush or commit, the shared session is left
//! in its failed transaction: every later request that uses it raises
//! PendingRollbackError, and gets the same error page, until the process
//! restarts (F-session-after-error). Per-request sessions (a FastAPI `Depends`
//! generator's, Flask-SQLAlchemy's `db.session`, a registry the module removes
//! at teardown, a `self` session closed in `on_finish`) are not shared in this
//! sense and are not reported; neither is a hook that rolls back, closes or
//! removes a session, or one for client errors (`errorhandler(404)`).
//!
//! Fix (unsafe: the failed request's pending changes are discarded, which is
//! what the error page means): `<session>.rollback()` as the hook's first
//! statement (on a session with no transaction it does nothing).

use ruff_python_ast::{Expr, Stmt};
use ruff_text_size::{Ranged, TextRange};

use super::MissingRollback;
use crate::codemods::{Codemod, Context};
use crate::finding::Finding;
use crate::fix::{Fix, codegen, transaction};
use crate::semantic::facts;
use crate::semantic::model::Model;
use crate::semantic::scopes::FuncId;
use crate::semantic::shared_sessions::SharedSessions;

/// Hook registrations by decorator, and by call (`register_error_handler(500, f)`).
const DECORATORS: &[&str] = &["errorhandler", "app_errorhandler", "exception_handler"];
const REGISTRATIONS: &[&str] = &["register_error_handler", "add_exception_handler"];
/// Method names the framework calls on the handler for an unhandled exception.
const HOOK_METHODS: &[&str] = &["write_error", "log_exception"];
/// What a server-error hook is registered for (a base of a database error).
const SERVER_ERRORS: &[&str] = &[
    "Exception",
    "BaseException",
    "InternalServerError",
    "SQLAlchemyError",
    "DBAPIError",
    "DatabaseError",
    "OperationalError",
    "IntegrityError",
    "PendingRollbackError",
];

pub(super) fn check(codemod: &MissingRollback, ctx: &Context<'_, '_>, out: &mut Vec<Finding>) {
    let model = ctx.model;
    if ctx.in_test_module() {
        return;
    }
    let text = model.text;
    if !(DECORATORS.iter().chain(REGISTRATIONS).chain(HOOK_METHODS)).any(|w| text.contains(w)) {
        return;
    }
    let sessions = SharedSessions::of(model, ctx.project);
    if sessions.is_empty() {
        return;
    }
    for hook in hooks(model) {
        if resets(model, hook) {
            continue;
        }
        let Some((session, awaited)) = shared_session(model, &sessions, hook) else {
            continue;
        };
        if facts::sessions_on_sqlite(ctx.project).is_none() {
            return;
        }
        out.push(finding(codemod, ctx, hook, &session, awaited));
    }
}

/// The module's server-error hooks.
fn hooks(model: &Model<'_>) -> Vec<FuncId> {
    let mut out = Vec::new();
    let web = model.imports.mentions("tornado") || model.imports.mentions("flask");
    for (id, function) in model.scopes.functions.iter().enumerate() {
        let decorated = function.def.decorator_list.iter().any(|d| {
            let Expr::Call(c) = &d.expression else {
                return false;
            };
            matches!(&*c.func, Expr::Attribute(a) if DECORATORS.contains(&a.attr.as_str()))
                && c.arguments.args.first().is_some_and(server_error)
        });
        let method = web
            && function.class.is_some()
            && function.parent.is_none()
            && HOOK_METHODS.contains(&function.name());
        if decorated || method {
            out.push(id);
        }
    }
    for call in &model.calls {
        if !call
            .method_name()
            .is_some_and(|m| REGISTRATIONS.contains(&m))
            || !call.expr.arguments.args.first().is_some_and(server_error)
        {
            continue;
        }
        if let Some(Expr::Name(n)) = call.expr.arguments.args.get(1)
            && let Some(id) = model.scopes.module_function(n.id.as_str())
            && !out.contains(&id)
        {
            out.push(id);
        }
    }
    out
}

/// `500` (or another 5xx), or an exception class a database error derives from.
fn server_error(expr: &Expr) -> bool {
    match expr {
        Expr::NumberLiteral(n) => n
            .value
            .as_int()
            .and_then(|i| i.as_u64())
            .is_some_and(|code| (500..600).contains(&code)),
        Expr::Name(n) => SERVER_ERRORS.contains(&n.id.as_str()),
        Expr::Attribute(a) => SERVER_ERRORS.contains(&a.attr.as_str()),
        _ => false,
    }
}

/// The hook rolls back, closes or removes something.
fn resets(model: &Model<'_>, hook: FuncId) -> bool {
    model.calls_in(Some(hook)).any(|c| match &*c.expr.func {
        Expr::Attribute(a) => matches!(
            a.attr.as_str(),
            "rollback" | "close" | "remove" | "expunge_all"
        ),
        Expr::Name(n) => n.id.contains("rollback"),
        _ => false,
    })
}

/// The shared session the hook's handlers use, as the hook can name it, and
/// whether it is awaited: a module-level one, or `self.<attr>` for a method
/// hook when its class (or a subclass in the module) uses it through `self`.
fn shared_session(
    model: &Model<'_>,
    sessions: &SharedSessions,
    hook: FuncId,
) -> Option<(String, bool)> {
    let function = model.scopes.function(hook);
    let awaited = |label: &str| {
        model.calls.iter().any(|c| {
            c.is_awaited()
                && matches!(&*c.expr.func, Expr::Attribute(a) if model.slice(a.value.range()) == label)
        })
    };
    if let Some(class) = function.class {
        let family = family(model, class);
        for attr in &sessions.attrs {
            let label = format!("self.{attr}");
            let used = model.calls.iter().any(|c| {
                model
                    .scopes
                    .enclosing_class(c.scope)
                    .is_some_and(|k| family.contains(&k))
                    && matches!(&*c.expr.func, Expr::Attribute(a) if model.slice(a.value.range()) == label)
            });
            if used {
                return Some((label.clone(), awaited(&label)));
            }
        }
    }
    sessions
        .names
        .iter()
        .find(|name| !function.has_parameter(name))
        .map(|name| (name.clone(), awaited(name)))
}

/// Class `class` and the module's classes that name it as a base.
fn family(model: &Model<'_>, class: usize) -> Vec<usize> {
    let name = model.scopes.classes[class].def.name.as_str();
    let mut out = vec![class];
    for (id, c) in model.scopes.classes.iter().enumerate() {
        let derived = c.def.bases().iter().any(|b| match b {
            Expr::Name(n) => n.id.as_str() == name,
            _ => false,
        });
        if derived {
            out.push(id);
        }
    }
    out
}

fn finding(
    codemod: &MissingRollback,
    ctx: &Context<'_, '_>,
    hook: FuncId,
    session: &str,
    awaited: bool,
) -> Finding {
    let model = ctx.model;
    let def = model.scopes.function(hook).def;
    let name = def.name.as_str();
    let head = TextRange::new(def.name.start(), def.name.end());
    let message = format!(
        "`{name}` turns every request's unhandled exception into an error page but leaves the shared session `{session}` as it is: after a failed flush or commit the session stays in its failed transaction, and every later request that uses it raises PendingRollbackError until restart (docs/sqlite-facts.md#F-session-after-error)"
    );
    let finding = Finding::new(codemod.meta(), head, message);
    let call = if awaited {
        format!("await {session}.rollback()")
    } else {
        format!("{session}.rollback()")
    };
    let first = def.body.iter().find(|s| !is_docstring(s)).filter(|s| {
        codegen::owns_lines(model.text, s)
            && model.line_column(s.start()).0 != model.line_column(def.start()).0
    });
    match first {
        Some(stmt) => finding
            .with_fix(Fix::unsafe_(
                format!("Roll the shared session back in the hook: `{call}`"),
                vec![transaction::insert_before(model, stmt, &call)],
            ))
            .with_note("the failed request's pending changes are discarded; on a session with no transaction the rollback does nothing"),
        None => finding.with_note(format!("call `{call}` at the start of the hook")),
    }
}

fn is_docstring(stmt: &Stmt) -> bool {
    matches!(stmt, Stmt::Expr(e) if e.value.is_string_literal_expr())
}
