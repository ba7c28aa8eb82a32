//! SQF702 on a long-lived session's unguarded commit: a function that runs per
//! request or job writes on a shared session (a module-level `scoped_session`
//! registry or session, one kept on `self`: `semantic::shared_sessions`) and
//! commits it with no `try` around the commit and no `rollback()`, `close()`,
//! `remove()` or `begin()` anywhere in the function.
//!
//! When that commit fails ("database is locked" while another thread or process
//! writes, a constraint), the exception goes up to whoever runs the function (a
//! web server's worker thread, a pool thread), which logs it and takes the next
//! piece of work; the session stays in its failed transaction, and because it
//! outlives the request (the thread's scoped session, the module's session),
//! every later use of it on that thread raises `PendingRollbackError` until the
//! process restarts (F-session-after-error, F-failed-commit-refuses).
//!
//! A session kept on `self` counts only where the class makes it itself: one
//! handed to the constructor is the caller's (a request's, closed by it).
//!
//! A commit helper counts too: `def commit(): with lock: session.commit();
//! session.flush()` on the module's one session of a desktop app or daemon
//! commits what its callers wrote, and a threading lock around it says
//! threads of the program share the session.
//!
//! Reported only where nothing in the project ever removes a scoped session
//! (a `teardown_appcontext` hook calling `<registry>.remove()` starts each
//! request afresh), the function does not run once (start-up, migration), and
//! the project has a concrete second party (threads, a pool, a server) that
//! both holds the lock and keeps the thread serving. Flask-SQLAlchemy's
//! `db.session` is removed at every teardown and is not such a session.
//!
//! Advice only: `try: <session>.commit()` / `except Exception:
//! <session>.rollback(); raise`.

use ruff_python_ast::{Expr, Stmt};
use ruff_text_size::{Ranged, TextRange};

use super::MissingRollback;
use crate::codemods::{Codemod, Context};
use crate::finding::Finding;
use crate::semantic::model::{Call, Model, Target};
use crate::semantic::scopes::FuncId;
use crate::semantic::second_party::{self, SecondParty};
use crate::semantic::shared_sessions::SharedSessions;
use crate::semantic::spawn::SpawnKind;
use crate::semantic::summary_types::Entry;
use crate::semantic::{across_modules, deprecated, run_frequency, threads, visit};

/// Session methods that put rows into the session's transaction.
const WRITES: &[&str] = &[
    "add",
    "add_all",
    "merge",
    "delete",
    "execute",
    "bulk_save_objects",
    "bulk_insert_mappings",
    "bulk_update_mappings",
];

/// Calls that end or reset a failed transaction, or scope it (`with s.begin():`).
const RESETS: &[&str] = &[
    "rollback",
    "close",
    "remove",
    "begin",
    "begin_nested",
    "expunge_all",
];

pub(super) fn check(codemod: &MissingRollback, ctx: &Context<'_, '_>, out: &mut Vec<Finding>) {
    let model = ctx.model;
    if ctx.in_test_module() || !model.text.contains("commit") {
        return;
    }
    let sessions = SharedSessions::of(model, ctx.project);
    if sessions.is_empty() || removed_in_project(ctx) {
        return;
    }
    let mut on_sqlite: Option<bool> = None;
    let mut party: Option<Option<String>> = None;
    for (id, _) in model.scopes.functions.iter().enumerate() {
        if deprecated::is_deprecated(model, id) || resets(model, id) {
            continue;
        }
        for commit in model.calls_in(Some(id)) {
            if commit.in_lambda
                || commit.method_name() != Some("commit")
                || !commit.expr.arguments.is_empty()
            {
                continue;
            }
            let Expr::Attribute(method) = &*commit.expr.func else {
                continue;
            };
            let Some(session) = sessions.session(model, Some(id), &method.value) else {
                continue;
            };
            if !owns_session(model, &method.value)
                || !(writes_before(model, id, &session, commit.range())
                    || handler_reads_before(model, id, &session, commit.range())
                    || is_commit_helper(model, id, &session))
                || in_try(&model.scopes.function(id).def.body, commit.range())
                || run_frequency::runs_rarely(ctx.project, model, Some(id), commit.range())
            {
                continue;
            }
            if !*on_sqlite.get_or_insert_with(|| sqlite_evidence(ctx)) {
                return;
            }
            let who = party.get_or_insert_with(|| match second_party::concrete(ctx.project) {
                SecondParty::Known(who) => Some(who.text),
                _ => own_servers(ctx),
            });
            // A commit helper the module serializes with a threading lock: its
            // callers are threads of the program (a GUI's and its workers').
            let locked = (who.is_none() && threads::locked_at(model, id, commit.range()))
                .then(|| "the other threads that take the lock around it".to_string());
            let who = who.clone().or(locked);
            // Already reported by another part of SQF702 (a periodic callback's commit).
            if out
                .iter()
                .any(|f| f.range.start() == commit.range().start())
            {
                continue;
            }
            match who.as_deref() {
                Some(who) => out.push(finding(codemod, ctx, commit, id, &session, who)),
                None => {
                    if let Some(others) = handlers_sharing(model, &session, id) {
                        out.push(shared_by_handlers(
                            codemod, ctx, commit, id, &session, &others,
                        ));
                    }
                }
            }
        }
    }
}

/// The project's sessions are on SQLite: an engine's URL or default says so
/// (semantic::sync_orm), or an engine is built from a URL known only at run
/// time and a shipped configuration file gives a `sqlite://` URL
/// (`config.example.json`: `"DATABASE_CONNECTION": "sqlite:///bot.db"`).
fn sqlite_evidence(ctx: &Context<'_, '_>) -> bool {
    if across_modules::sessions_on_sqlite(ctx.project).is_some() {
        return true;
    }
    struct RuntimeUrl;
    across_modules::any_module::<RuntimeUrl>(ctx.project, |m| m.facts.orm_engines.runtime_url)
        && crate::semantic::shipped_backend::sqlite_url_shipped(ctx.project).is_some()
}

/// A coroutine reads through `session` before committing it: the rows it
/// loaded and changed (`user.messages += 1`) are flushed by the commit.
fn handler_reads_before(model: &Model<'_>, id: FuncId, session: &str, commit: TextRange) -> bool {
    let prefix = format!("{session}.");
    model.scopes.function(id).is_async()
        && model.calls_in(Some(id)).any(|c| {
            c.range().end() <= commit.start()
                && matches!(
                    c.method_name(),
                    Some("query" | "get" | "scalar" | "scalars" | "execute")
                )
                && model.slice(c.expr.func.range()).starts_with(&prefix)
        })
}

/// The coroutines that share `session` with the coroutine `id` that commits
/// it: other coroutines of the module using it, or, for a session imported
/// from another module of the project, whatever else imports it. On the event
/// loop's one thread a module-level session (`Session(bind=engine)`) and a
/// `scoped_session` registry alike are one session for every handler, so a
/// failed commit in one is inherited by all the others, whatever made it fail.
fn handlers_sharing(model: &Model<'_>, session: &str, id: FuncId) -> Option<Vec<String>> {
    if !model.scopes.function(id).is_async() {
        return None;
    }
    let imported = !model
        .assignments
        .iter()
        .any(|a| a.scope.is_none() && matches!(&a.target, Target::Name(n) if n == session));
    let prefix = format!("{session}.");
    let mut others: Vec<String> = model
        .scopes
        .functions
        .iter()
        .enumerate()
        .filter(|(other, f)| *other != id && f.is_async())
        .filter(|(other, _)| {
            model
                .calls_in(Some(*other))
                .any(|c| !c.in_lambda && model.slice(c.expr.func.range()).starts_with(&prefix))
        })
        .map(|(_, f)| f.name().to_string())
        .collect();
    others.dedup();
    if others.is_empty() && imported {
        others.push(format!(
            "the other users of `{session}`, which this module imports"
        ));
        return Some(others);
    }
    (!others.is_empty()).then_some(others)
}

fn shared_by_handlers(
    codemod: &MissingRollback,
    ctx: &Context<'_, '_>,
    commit: &Call<'_>,
    id: FuncId,
    session: &str,
    others: &[String],
) -> Finding {
    let name = ctx.model.scopes.function(id).name();
    let shown: Vec<String> = others
        .iter()
        .take(3)
        .map(|o| {
            if o.contains(' ') {
                o.clone()
            } else {
                format!("`{o}`")
            }
        })
        .collect();
    let more = if others.len() > 3 { ", ..." } else { "" };
    let message = format!(
        "`{name}` commits `{session}`, the one session every handler of the event loop shares, with nothing to roll it back: when the commit fails (a constraint, \"database is locked\" while another program writes the file), the dispatcher logs the error and serves the next event, but `{session}` stays in its failed transaction, so the other handlers' uses of it ({}{more}) raise PendingRollbackError until restart (docs/sqlite-facts.md#F-failed-commit-refuses)",
        shown.join(", ")
    );
    Finding::new(codemod.meta(), commit.range(), message).with_note(format!(
        "wrap the commit: `try: {session}.commit()` / `except SQLAlchemyError: {session}.rollback(); raise`, or open a session per event (`with Session(engine) as s:`)"
    ))
}

/// The module's own threads and sync routes, which the project-wide evidence
/// passes over when they reach the database only through a scoped-session
/// registry (not counted as ORM I/O there): a thread that keeps serving is
/// what inherits the failed session.
fn own_servers(ctx: &Context<'_, '_>) -> Option<String> {
    let module = &ctx.project.own;
    let file = crate::diff::display_path(&module.path);
    module.facts.entries.iter().find_map(|(r, entry)| {
        let name = r.simple_name();
        match entry {
            Entry::Spawned(SpawnKind::Thread) => {
                Some(format!("worker threads running `{name}` ({file})"))
            }
            Entry::Route(_) => module
                .functions
                .iter()
                .find(|f| f.qualname == name && !f.is_async)
                .map(|f| {
                    format!(
                        "the web framework's thread pool running sync route `{}` ({file}:{})",
                        f.qualname, f.line
                    )
                }),
            _ => None,
        }
    })
}

/// Some function of the project removes a scoped session (a teardown hook):
/// each request or job then starts with a fresh one.
fn removed_in_project(ctx: &Context<'_, '_>) -> bool {
    struct RemovesScoped;
    across_modules::any_module::<RemovesScoped>(ctx.project, |m| {
        m.functions.iter().any(|f| f.removes_scoped)
    })
}

/// A `self.<attr>` session is the object's own only when the class makes it
/// (`self.db = scoped_session(...)`); one handed in (`self.session = session`,
/// a request's session given to a repository) is the caller's, who closes it.
fn owns_session(model: &Model<'_>, receiver: &Expr) -> bool {
    let Expr::Attribute(a) = receiver else {
        return true;
    };
    let attr = a.attr.as_str();
    let mut bound = model
        .assignments
        .iter()
        .filter(|b| matches!(&b.target, Target::SelfAttr(t) if t == attr))
        .peekable();
    bound.peek().is_some() && bound.all(|b| matches!(b.value, Expr::Call(_)))
}

/// The function ends, resets or scopes a transaction somewhere.
fn resets(model: &Model<'_>, id: FuncId) -> bool {
    model.calls_in(Some(id)).any(|c| match &*c.expr.func {
        Expr::Attribute(a) => RESETS.contains(&a.attr.as_str()),
        Expr::Name(n) => n.id.contains("rollback"),
        _ => false,
    })
}

/// A commit helper: a function whose only calls are commits and flushes of
/// `session` (`def commit(): with lock: session.commit(); session.flush()`).
/// It commits whatever its callers added, so it has no write of its own; the
/// long-lived session it commits is what every later caller inherits.
fn is_commit_helper(model: &Model<'_>, id: FuncId, session: &str) -> bool {
    let prefix = format!("{session}.");
    let mut calls = model.calls_in(Some(id)).peekable();
    calls.peek().is_some()
        && calls.all(|c| {
            matches!(c.method_name(), Some("commit" | "flush" | "expire_all"))
                && model.slice(c.expr.func.range()).starts_with(&prefix)
        })
}

/// A write on `session` comes before the commit in the same function.
fn writes_before(model: &Model<'_>, id: FuncId, session: &str, commit: TextRange) -> bool {
    let query = format!("{session}.query(");
    model.calls_in(Some(id)).any(|c| {
        c.range().end() <= commit.start()
            && matches!(&*c.expr.func, Expr::Attribute(a)
                if WRITES.contains(&a.attr.as_str()) && model.slice(a.value.range()) == session
                    // `session.query(M).filter(...).delete()`: a bulk DELETE or UPDATE.
                    || matches!(a.attr.as_str(), "delete" | "update")
                        && model.slice(a.value.range()).starts_with(&query))
    })
}

/// The commit sits in a `try` body with a handler or a `finally`: whatever
/// the handler does is session_handlers.rs's question, not this one's.
fn in_try(body: &[Stmt], at: TextRange) -> bool {
    visit::any_stmt(body, |s| match s {
        Stmt::Try(t) => {
            let (Some(first), Some(last)) = (t.body.first(), t.body.last()) else {
                return false;
            };
            TextRange::new(first.start(), last.end()).contains_range(at)
        }
        _ => false,
    })
}

fn finding(
    codemod: &MissingRollback,
    ctx: &Context<'_, '_>,
    commit: &Call<'_>,
    id: FuncId,
    session: &str,
    who: &str,
) -> Finding {
    let name = ctx.model.scopes.function(id).name();
    let message = format!(
        "`{name}` commits the long-lived session `{session}` with nothing to roll it back, and nothing in the project removes the session between requests or jobs: when the commit fails (\"database is locked\" while {who} write, a constraint), the exception goes up and `{session}` stays in its failed transaction, so every later use of it on this thread raises PendingRollbackError until restart (docs/sqlite-facts.md#F-failed-commit-refuses)"
    );
    Finding::new(codemod.meta(), commit.range(), message).with_note(format!(
        "wrap the commit: `try: {session}.commit()` / `except Exception: {session}.rollback(); raise`"
    ))
}
