//! A SQLAlchemy `Connection` kept on `self` (`self.connection =
//! self.engine.connect()`), on a project whose engines are SQLite. A
//! `Connection` wraps one DBAPI connection and is not meant for several threads:
//! under SQLAlchemy 1.4 (a file engine's `NullPool`, sqlite3's default
//! check_same_thread) another thread's use raises ProgrammingError
//! (docs/sqlite-facts.md#F-same-thread); under 2.0 (check_same_thread=False)
//! the threads interleave their statements in one transaction, as with one
//! shared sqlite3 connection (docs/sqlite-facts.md#F-sqlalchemy). Reported when
//! threads are sure to share it:
//!
//! - a `scoped_session` (one Session per thread or per request) whose factory
//!   is bound to that one Connection (`sessionmaker(bind=self.connection)`):
//!   every thread's Session runs on it;
//! - the object's methods that run statements on it are reached from thread
//!   entries (request threads, pools), outside any lock: the connection kept
//!   lazily (`if not hasattr(self, "_conn"): self._conn = engine.connect()`)
//!   and reused by whichever thread calls.
//!
//! Advice only: bind the sessions to the engine (each Session then checks out
//! its own connection), or take a connection per unit of work
//! (`with self.engine.connect() as conn:`).

use ruff_python_ast::Expr;
use ruff_text_size::Ranged;

use super::super::{Context, Meta};
use crate::finding::Finding;
use crate::semantic::facts;
use crate::semantic::model::{AssignKind, Call, Model, Target};
use crate::semantic::scopes::{ClassId, FuncId};
use crate::semantic::threads;

/// A `self.<attr> = <engine>.connect()` of a method.
struct Kept<'a> {
    attr: String,
    class: ClassId,
    scope: FuncId,
    call: &'a Expr,
}

pub fn check(meta: &'static Meta, ctx: &Context<'_, '_>, out: &mut Vec<Finding>) {
    let model = ctx.model;
    // The engine may come from another module: the class need not import sqlalchemy.
    let kept = kept_connections(model);
    if kept.is_empty() {
        return;
    }
    let Some(sqlite) = ctx.project.orm_sqlite() else {
        return;
    };
    let sure = match sqlite {
        crate::semantic::sync_orm::OrmSqlite::Certain => String::new(),
        crate::semantic::sync_orm::OrmSqlite::Likely(why) => {
            format!(" (the database is likely SQLite: {why})")
        }
    };
    let mut reachable: Option<rustc_hash::FxHashSet<facts::Node>> = None;
    for k in &kept {
        let holder = format!("self.{}", k.attr);
        let made_in = &model.scopes.function(k.scope).qualname;
        if let Some(scoped) = scoped_on(model, k) {
            let line = model.line_column(scoped.range().start()).0;
            out.push(
                Finding::new(
                    meta,
                    k.call.range(),
                    format!(
                        "SQLAlchemy Connection `{holder}` is made once in `{made_in}`, and the `scoped_session` at line {line} binds every thread's Session to it: all request threads run on the one sqlite3 connection, which raises ProgrammingError in another thread (SQLAlchemy 1.x) or interleaves their transactions (2.x){sure}"
                    ),
                )
                .with_note(
                    "display-only: bind the sessionmaker to the engine (`sessionmaker(bind=self.engine)`) so each thread's Session checks out its own connection, and drop the kept Connection",
                ),
            );
            continue;
        }
        let reachable = reachable.get_or_insert_with(|| facts::thread_reachable(ctx.project));
        let users = threaded_users(model, k, reachable);
        let Some(first) = users.first() else {
            continue;
        };
        let names: Vec<String> = users
            .iter()
            .take(3)
            .map(|id| format!("`{}`", model.scopes.function(*id).name()))
            .collect();
        out.push(
            Finding::new(
                meta,
                k.call.range(),
                format!(
                    "SQLAlchemy Connection `{holder}` is made once in `{made_in}` and reused by whichever thread calls ({}): `{}` runs on worker threads with no lock, so the threads share one sqlite3 connection, which raises ProgrammingError in another thread (SQLAlchemy 1.x) or interleaves their transactions (2.x){sure}",
                    names.join(", "),
                    model.scopes.function(*first).name(),
                ),
            )
            .with_note(
                "display-only: take a connection per unit of work (`with self.engine.connect() as conn:` inside the method), or keep one per thread",
            ),
        );
    }
}

/// `self.<attr> = <...engine...>.connect()` in the methods of the module's classes.
fn kept_connections<'a>(model: &Model<'a>) -> Vec<Kept<'a>> {
    let mut out: Vec<Kept<'a>> = Vec::new();
    for a in &model.assignments {
        let (Target::SelfAttr(attr), AssignKind::Assign, Some(scope)) =
            (&a.target, a.kind, a.scope)
        else {
            continue;
        };
        let Some(class) = model.scopes.function(scope).class else {
            continue;
        };
        let Expr::Call(call) = a.value else {
            continue;
        };
        let Expr::Attribute(method) = &*call.func else {
            continue;
        };
        if method.attr.as_str() != "connect"
            || !(call.arguments.args.is_empty() && call.arguments.keywords.is_empty())
        {
            continue;
        }
        if !is_engine(model, class, &method.value) {
            continue;
        }
        if out.iter().any(|k| k.class == class && k.attr == *attr) {
            continue;
        }
        out.push(Kept {
            attr: attr.clone(),
            class,
            scope,
            call: a.value,
        });
    }
    out
}

/// `self.<x>` bound to `create_engine(...)` in the class, or named for an engine.
fn is_engine(model: &Model<'_>, class: ClassId, expr: &Expr) -> bool {
    let Expr::Attribute(attr) = expr else {
        return false;
    };
    if !matches!(&*attr.value, Expr::Name(n) if n.id.as_str() == "self") {
        return false;
    }
    let name = attr.attr.as_str();
    if name.to_ascii_lowercase().contains("engine") {
        return true;
    }
    model.assignments.iter().any(|a| {
        a.target == Target::SelfAttr(name.to_string())
            && model.scopes.enclosing_class(a.scope) == Some(class)
            && matches!(a.value, Expr::Call(c) if model
                .resolve(&c.func, a.scope)
                .is_some_and(|q| q.starts_with("sqlalchemy") && q.ends_with(".create_engine")))
    })
}

/// A `scoped_session(...)` of the class whose arguments bind `self.<attr>`.
fn scoped_on<'m, 'a>(model: &'m Model<'a>, k: &Kept<'_>) -> Option<&'m Call<'a>> {
    let wanted = format!("self.{}", k.attr);
    model.calls.iter().find(|c| {
        model.scopes.enclosing_class(c.scope) == Some(k.class)
            && model.resolve(&c.expr.func, c.scope).as_deref()
                == Some("sqlalchemy.orm.scoped_session")
            && mentions_attr(model.slice(c.range()), &wanted)
    })
}

/// `text` names `wanted` (`self.connection`) as a whole attribute, not a prefix.
fn mentions_attr(text: &str, wanted: &str) -> bool {
    text.match_indices(wanted).any(|(at, _)| {
        !text[at + wanted.len()..]
            .chars()
            .next()
            .is_some_and(|c| c.is_alphanumeric() || c == '_')
    })
}

/// The class's sync methods that run statements on `self.<attr>` outside a lock
/// and run on worker threads.
fn threaded_users(
    model: &Model<'_>,
    k: &Kept<'_>,
    reachable: &rustc_hash::FxHashSet<facts::Node>,
) -> Vec<FuncId> {
    let mut out: Vec<FuncId> = Vec::new();
    for call in &model.calls {
        let Some(scope) = call.scope else {
            continue;
        };
        if out.contains(&scope)
            || !matches!(
                call.method_name(),
                Some("execute" | "exec_driver_sql" | "scalar" | "scalars")
            )
        {
            continue;
        }
        let Expr::Attribute(method) = &*call.expr.func else {
            continue;
        };
        let on_kept = matches!(&*method.value, Expr::Attribute(a)
            if a.attr.as_str() == k.attr
                && matches!(&*a.value, Expr::Name(n) if n.id.as_str() == "self"));
        if !on_kept || model.scopes.enclosing_class(Some(scope)) != Some(k.class) {
            continue;
        }
        let f = model.scopes.function(scope);
        if f.is_async() || threads::locked_at(model, scope, call.range()) {
            continue;
        }
        if reachable.contains(&(None, f.qualname.clone())) {
            out.push(scope);
        }
    }
    out
}
