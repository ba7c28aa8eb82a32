//! One ORM session made at import for the whole module (`session =
//! Session()` from a `sessionmaker`, or `Session(engine)`), whose helper
//! functions run on threads: a bot library's handler pool, an executor, a
//! `Thread` target, a sync route. A Session is not thread-safe: the threads add,
//! flush and commit through its one connection at once, so one thread's commit
//! lands on another's half-done work and concurrent flushes fail or leave the
//! session broken (docs/sqlite-facts.md#F-session-not-thread-safe).
//!
//! The second party is the other thread: a helper reached from an entry that
//! runs on many threads (a pool, a library's handler pool, a thread started
//! per event), helpers reached from two different thread entries, or one
//! started once beside a helper on the main thread. A session used only by
//! one thread started once is left alone, as are uses under a threading lock,
//! a `scoped_session` registry (a session per thread) and sessions a function
//! makes itself. Whether the engine is SQLite is the project's engine evidence
//! (`sync_orm::OrmSqlite`): a URL chosen by a conditional whose one branch
//! is a SQLite URL is only *likely* SQLite, and the finding says so. Advice
//! only: a session per unit of work, a `scoped_session`, or one lock around
//! every use is the maintainer's choice.

use ruff_python_ast::Expr;
use ruff_text_size::Ranged;

use super::super::{Context, Meta};
use super::instance;
use crate::finding::Finding;
use crate::semantic::model::{AssignKind, Callee, Target};
use crate::semantic::orm_sessions;
use crate::semantic::project::ProjectView;
use crate::semantic::scopes::FuncId;
use crate::semantic::sync_orm::OrmSqlite;
use crate::semantic::threads;

pub fn check(
    meta: &'static Meta,
    ctx: &Context<'_, '_>,
    known: &mut Option<instance::Threads>,
    out: &mut Vec<Finding>,
) {
    let model = ctx.model;
    if ctx.in_test_module() {
        return;
    }
    let mut sqlite: Option<Option<OrmSqlite>> = None;
    for a in model.assignments_in(None) {
        let Target::Name(name) = &a.target else {
            continue;
        };
        if a.kind != AssignKind::Assign {
            continue;
        }
        let Expr::Call(call) = a.value else {
            continue;
        };
        if !orm_sessions::makes_session(model, ctx.project, None, call) {
            continue;
        }
        let users = unlocked_users(ctx, name);
        if users.is_empty() {
            continue;
        }
        let threads = known.get_or_insert_with(|| instance::Threads::of(ctx.project, model));
        let mut on_worker: Vec<(FuncId, String, Option<String>)> = Vec::new();
        let mut home: Option<FuncId> = None;
        for id in &users {
            let qualname = &model.scopes.function(*id).qualname;
            match threads.runs_on_worker(qualname) {
                Some(why) => {
                    on_worker.push((*id, why, threads.worker_root(qualname).map(str::to_string)))
                }
                None => home = home.or(Some(*id)),
            }
        }
        let Some((worker, why, _)) = on_worker.first() else {
            continue;
        };
        let Some(party) = second_party(ctx.project, &on_worker, home, model) else {
            continue;
        };
        let sure = sqlite.get_or_insert_with(|| ctx.project.orm_sqlite());
        let Some(sure) = sure.as_ref() else {
            return;
        };
        let worker_name = &model.scopes.function(*worker).qualname;
        let finding = Finding::new(
            meta,
            a.value.range(),
            format!(
                "ORM session `{name}` is made once at import and used with no lock by `{worker_name}` ({why}); {party}: a Session is not thread-safe, so the threads add, flush and commit through its one connection at once; one thread's commit lands on another's half-done work and concurrent flushes fail or leave the session broken"
            ),
        )
        .with_note(format!(
            "make a session per unit of work in the helpers (`with Session() as session:`), use a `scoped_session` (one session per thread), or hold one threading lock around every use of `{name}`"
        ));
        out.push(super::kept_session::graded(finding, sure));
    }
}

/// Who else uses the session at the same time, if anyone: the many threads of
/// a pooled or per-event entry, a second thread entry, or the main thread
/// beside a thread started once.
fn second_party(
    view: &ProjectView<'_>,
    on_worker: &[(FuncId, String, Option<String>)],
    home: Option<FuncId>,
    model: &crate::semantic::model::Model<'_>,
) -> Option<String> {
    let mut roots: Vec<&str> = Vec::new();
    for (_, _, root) in on_worker {
        let Some(root) = root.as_deref() else {
            // Reached from a sync route or a library's handlers: their pool.
            return Some("its callers run on a pool of threads, several at a time".into());
        };
        if !started_once(view, root) {
            return Some(format!(
                "`{root}` runs on several threads at a time (a pool, or a thread per event)"
            ));
        }
        if !roots.contains(&root) {
            roots.push(root);
        }
    }
    if roots.len() > 1 {
        return Some(format!(
            "the threads running `{}` and `{}` use it too",
            roots[0], roots[1]
        ));
    }
    let home = home?;
    Some(format!(
        "`{}` uses it on the thread that started `{}`",
        model.scopes.function(home).qualname,
        roots.first()?
    ))
}

/// Whether every start of the thread entry `root` in the project is a
/// `threading.Thread(target=root)` run once (threads.rs `once_started`): one thread.
fn started_once(view: &ProjectView<'_>, root: &str) -> bool {
    let index = view.index;
    let mut found = false;
    for (m, module) in index.modules.iter().enumerate() {
        for entry in module.thread_entries.iter() {
            let Some((tm, tf)) = index.resolve(m, entry) else {
                continue;
            };
            if index.modules[tm].functions[tf].qualname != root {
                continue;
            }
            match module.once_started.iter().find(|(r, _)| r == entry) {
                Some((_, 1)) => found = true,
                _ => return false,
            }
        }
    }
    found
}

/// The module's sync functions that call a session method on the module-level
/// `name` (not one of their own) outside any threading lock.
fn unlocked_users(ctx: &Context<'_, '_>, name: &str) -> Vec<FuncId> {
    let model = ctx.model;
    let mut out = Vec::new();
    for (id, function) in model.scopes.functions.iter().enumerate() {
        if function.is_async()
            || function.has_parameter(name)
            || (model.assigns_in(id, name) && !model.is_global_in(Some(id), name))
        {
            continue;
        }
        let unlocked = model.calls_in(Some(id)).any(|c| {
            matches!(&c.callee, Callee::Method { name: m, .. } if orm_sessions::SESSION_METHODS.contains(&m.as_str()))
                && matches!(&*c.expr.func, Expr::Attribute(f)
                    if matches!(&*f.value, Expr::Name(n) if n.id.as_str() == name))
                && !threads::locked_at(model, id, c.range())
        });
        if unlocked {
            out.push(id);
        }
    }
    out
}
