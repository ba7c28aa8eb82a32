//! SQF702 on thread-scoped SQLAlchemy sessions: a `try` whose body commits on
//! `db.session` (Flask-SQLAlchemy) or a module-level `scoped_session` registry,
//! itself or through a function of this module that commits, with an `except`
//! handler that carries on without `rollback()`.
//!
//! A session whose flush or commit failed (a "database is locked" on SQLite,
//! a constraint) is left in an inactive transaction: every later use of it
//! raises `PendingRollbackError` until someone calls `rollback()`. A scoped
//! session is the same object for the rest of the thread's work (the caller's
//! next query in the request, the error page's, the next job on a pool
//! thread), so swallowing the error here breaks the code that runs next
//! instead. Handlers that re-raise, roll back, close or remove the session are
//! fine; so are sessions a function makes and drops itself.

use ruff_python_ast::{self as ast, Expr, Stmt};
use ruff_text_size::{Ranged, TextRange};

use super::{MissingRollback, handler_head, with_rollback_first};
use crate::codemods::{Codemod, Context};
use crate::finding::Finding;
use crate::semantic::deprecated;
use crate::semantic::facts;
use crate::semantic::model::{Call, Model};
use crate::semantic::scopes::FuncId;
use crate::semantic::{scoped_sessions, visit};

pub(super) fn check(codemod: &MissingRollback, ctx: &Context<'_, '_>, out: &mut Vec<Finding>) {
    for (handler, session, via) in handlers(ctx) {
        out.push(finding(codemod, ctx, handler, &session, via.as_deref()));
    }
}

/// The handlers this part of SQF702 reports (SQF704 leaves them to it).
pub(crate) fn reported(ctx: &Context<'_, '_>) -> Vec<TextRange> {
    handlers(ctx).into_iter().map(|(h, _, _)| h.range).collect()
}

/// Each handler that carries on after a commit on a scoped session, with the
/// session and the function of this module the commit runs in.
fn handlers<'a>(
    ctx: &Context<'_, 'a>,
) -> Vec<(&'a ast::ExceptHandlerExceptHandler, String, Option<String>)> {
    let model = ctx.model;
    let mut out = Vec::new();
    if ctx.in_test_module() || !model.text.contains("commit") {
        return out;
    }
    let sessions = Sessions::of(ctx);
    if sessions.is_empty() || ctx.project.orm_sqlite().is_none() {
        return out;
    }
    let mut tries = Vec::new();
    collect_tries(model.suite, &mut tries);
    for try_stmt in tries {
        let scope = model.scopes.function_at(try_stmt.start());
        if scope.is_some_and(|f| deprecated::is_deprecated(model, f)) {
            continue;
        }
        let (Some(first), Some(last)) = (try_stmt.body.first(), try_stmt.body.last()) else {
            continue;
        };
        let body = TextRange::new(first.start(), last.end());
        let Some((session, via)) = commits_in(model, &sessions, scope, body) else {
            continue;
        };
        for handler in &try_stmt.handlers {
            let ast::ExceptHandler::ExceptHandler(handler) = handler;
            if carries_on(model, scope, handler) {
                out.push((handler, session.clone(), via.clone()));
            }
        }
    }
    out
}

/// The module's names of thread-scoped sessions.
struct Sessions {
    /// Flask-SQLAlchemy extension objects: `db` for `db.session`.
    extensions: Vec<String>,
    /// `scoped_session(...)` registries bound at module level.
    registries: Vec<String>,
    /// Names imported from elsewhere that may be the extension (the project uses
    /// Flask-SQLAlchemy): `from app.extensions import db`.
    imported_extension: bool,
    /// `self` attributes holding the extension, in a module that imports
    /// Flask-SQLAlchemy: `self.db = db` (handed in, or `SQLAlchemy(app)` when
    /// none was), used as `self.db.session`.
    extension_attrs: Vec<String>,
}

impl Sessions {
    fn of(ctx: &Context<'_, '_>) -> Sessions {
        let model = ctx.model;
        let extensions = model
            .assignments
            .iter()
            .filter(|a| a.scope.is_none())
            .filter(|a| {
                matches!(a.value, Expr::Call(c) if model
                    .resolve(&c.func, None)
                    .is_some_and(|q| q.starts_with("flask_sqlalchemy.") && q.ends_with(".SQLAlchemy")
                        || q == "flask_sqlalchemy.SQLAlchemy"))
            })
            .filter_map(|a| match a.target_expr {
                Expr::Name(n) => Some(n.id.to_string()),
                _ => None,
            })
            .collect();
        struct UsesFlaskSqlalchemy;
        let imported_extension = facts::any_module::<UsesFlaskSqlalchemy>(ctx.project, |m| {
            m.imports.iter().any(|i| {
                i.target == "flask_sqlalchemy" || i.target.starts_with("flask_sqlalchemy.")
            })
        });
        Sessions {
            extensions,
            registries: scoped_sessions::registries(model),
            imported_extension,
            extension_attrs: extension_attrs(model),
        }
    }

    fn is_empty(&self) -> bool {
        self.extensions.is_empty()
            && self.registries.is_empty()
            && !self.imported_extension
            && self.extension_attrs.is_empty()
    }

    /// The session `receiver` names (`db.session`, `Session`), if it is one.
    fn session(&self, model: &Model<'_>, scope: Option<FuncId>, receiver: &Expr) -> Option<String> {
        match receiver {
            Expr::Attribute(a) if a.attr.as_str() == "session" => {
                // `self.db.session`: the extension kept on the object.
                if let Expr::Attribute(owner) = &*a.value
                    && matches!(&*owner.value, Expr::Name(s) if s.id.as_str() == "self")
                    && model.scopes.enclosing_class(scope).is_some()
                    && self
                        .extension_attrs
                        .iter()
                        .any(|x| x == owner.attr.as_str())
                {
                    return Some(model.slice(receiver.range()).to_string());
                }
                let Expr::Name(n) = &*a.value else {
                    return None;
                };
                let name = n.id.as_str();
                let module_level = |names: &[String]| {
                    names.iter().any(|e| e == name)
                        && model
                            .assignments_of(scope, name)
                            .iter()
                            .all(|a| a.scope.is_none())
                };
                let imported = self.imported_extension
                    && model
                        .resolve(&a.value, scope)
                        .is_some_and(|q| !q.starts_with("builtins."));
                (module_level(&self.extensions) || imported)
                    .then(|| model.slice(receiver.range()).to_string())
            }
            Expr::Name(n)
                if self.registries.iter().any(|r| r == n.id.as_str())
                    && model
                        .assignments_of(scope, n.id.as_str())
                        .iter()
                        .all(|a| a.scope.is_none()) =>
            {
                Some(n.id.to_string())
            }
            _ => None,
        }
    }
}

/// `self` attributes of a module importing Flask-SQLAlchemy that the module
/// binds (`self.db = db`) and uses as the extension (`self.db.session`): a
/// session interface or service handed the application's extension, whose
/// `self.db.session` is the same thread-scoped session as `db.session`.
fn extension_attrs(model: &Model<'_>) -> Vec<String> {
    use crate::semantic::model::Target;
    if !model.imports.mentions("flask_sqlalchemy") {
        return Vec::new();
    }
    let mut out: Vec<String> = model
        .assignments
        .iter()
        .filter_map(|a| match &a.target {
            Target::SelfAttr(attr) => Some(attr.clone()),
            _ => None,
        })
        .filter(|attr| model.text.contains(&format!("self.{attr}.session.")))
        .collect();
    out.sort();
    out.dedup();
    out
}

fn receiver<'e>(call: &'e Call<'_>) -> Option<&'e Expr> {
    match &*call.expr.func {
        Expr::Attribute(a) => Some(&a.value),
        _ => None,
    }
}

/// The session a commit in `range` of `scope` runs on, and the function of
/// this module it runs in when the `try` only calls it.
fn commits_in(
    model: &Model<'_>,
    sessions: &Sessions,
    scope: Option<FuncId>,
    range: TextRange,
) -> Option<(String, Option<String>)> {
    let calls = || {
        model
            .calls
            .iter()
            .filter(move |c| c.scope == scope && !c.in_lambda && range.contains_range(c.range()))
    };
    if let Some(session) = calls().find_map(|c| own_commit(model, sessions, c)) {
        return Some((session, None));
    }
    calls().find_map(|c| {
        let Expr::Name(n) = &*c.expr.func else {
            return None;
        };
        let callee = model.scopes.module_function(n.id.as_str())?;
        // A local of the same name (a parameter, a callback) is not the module's function.
        if model.resolve(&c.expr.func, scope).is_some()
            || model
                .assignments_of(scope, n.id.as_str())
                .iter()
                .any(|a| a.scope.is_some())
        {
            return None;
        }
        let def = model.scopes.function(callee);
        let own: Vec<&Call<'_>> = model
            .calls
            .iter()
            .filter(|c| c.scope == Some(callee) && !c.in_lambda)
            .collect();
        // A helper that rolls back on its own failures leaves nothing to clean up.
        if own.iter().any(|c| c.method_name() == Some("rollback")) {
            return None;
        }
        let session = own.iter().find_map(|c| own_commit(model, sessions, c))?;
        Some((session, Some(def.name().to_string())))
    })
}

fn own_commit(model: &Model<'_>, sessions: &Sessions, call: &Call<'_>) -> Option<String> {
    if call.method_name() != Some("commit") || !call.expr.arguments.is_empty() {
        return None;
    }
    sessions.session(model, call.scope, receiver(call)?)
}

/// The handler goes on as if nothing failed: no `raise`, and nothing that ends
/// the session's failed transaction (`rollback()`, `close()`, `remove()`).
fn carries_on(
    model: &Model<'_>,
    scope: Option<FuncId>,
    handler: &ast::ExceptHandlerExceptHandler,
) -> bool {
    let stmts = crate::semantic::transactions::scope_stmts(&handler.body);
    if stmts.iter().any(|s| matches!(s, Stmt::Raise(_))) {
        return false;
    }
    let range = handler.range;
    !model.calls.iter().any(|c| {
        c.scope == scope
            && range.contains_range(c.range())
            && matches!(
                c.method_name(),
                Some("rollback" | "close" | "remove" | "expunge_all")
            )
    })
}

fn collect_tries<'a>(suite: &'a [Stmt], out: &mut Vec<&'a ast::StmtTry>) {
    for stmt in suite {
        if let Stmt::Try(t) = stmt {
            out.push(t);
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
    via: Option<&str>,
) -> Finding {
    let through = via.map_or(String::new(), |f| format!(" (in `{f}`)"));
    let message = format!(
        "This handler carries on after a failed commit on the scoped session `{session}`{through} without rolling it back: the session is left in its failed transaction, and the next use of it on this thread (the rest of the request, the next job) raises PendingRollbackError"
    );
    let finding = Finding::new(codemod.meta(), handler_head(handler), message);
    with_rollback_first(
        finding,
        ctx,
        handler,
        session,
        false,
        format!("Roll back first in the handler: `{session}.rollback()`"),
        "the session's pending changes are discarded, so its later uses start a fresh transaction",
    )
}
