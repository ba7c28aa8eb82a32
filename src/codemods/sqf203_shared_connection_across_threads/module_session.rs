//! One ORM session made at import for the whole module (`session =
//! Session()` from a `sessionmaker`, or `Session(engine)`), whose helper
//! functions run on threads: a bot library's handler pool, an executor, a
//! `Thread` target, a sync route. A Session is not thread-safe: the threads add,
//! flush and commit through its one connection at once, so one thread's commit
//! lands on another's half-done work and concurrent flushes fail or leave the
//! session broken (docs/sqlite-facts.md#F-session-not-thread-safe).
//!
//! The users may be in other modules that import the session (`from
//! app.database import db`): a `Thread` subclass's `run` in a service module
//! committing `db` while a GUI module's handlers commit it on the main thread
//! (semantic::session_importers). The finding is then reported in the worker's
//! module, at its first unlocked use, where the fix goes.
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
use crate::semantic::model::{AssignKind, Target};
use crate::semantic::project::ProjectView;
use crate::semantic::scopes::FuncId;
use crate::semantic::sync_orm::OrmSqlite;
use crate::semantic::threads;
use crate::semantic::{orm_sessions, session_importers, shared_sessions};

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
        let mut on_worker: Vec<Worker> = Vec::new();
        let mut home: Option<String> = None;
        for id in &users {
            let qualname = &model.scopes.function(*id).qualname;
            match threads.worker_in(None, qualname) {
                Some((why, root)) => on_worker.push(Worker {
                    qualname: qualname.clone(),
                    why,
                    root,
                }),
                None => home = home.or(Some(qualname.clone())),
            }
        }
        let Some(first) = on_worker.first() else {
            continue;
        };
        let (worker_name, why) = (first.qualname.clone(), first.why.clone());
        // The modules that import the session use it too: a handler of the
        // GUI's module on the main thread, another module's worker.
        if let Some(own) = ctx.project.module {
            let (elsewhere, away) = classify(
                threads,
                session_importers::users_elsewhere(ctx.project, own, name),
            );
            on_worker.extend(elsewhere);
            home = home.or(away);
        }
        let Some(party) = second_party(ctx.project, &on_worker, home.as_deref(), false) else {
            continue;
        };
        let sure = sqlite.get_or_insert_with(|| ctx.project.orm_sqlite());
        let Some(sure) = sure.as_ref() else {
            return;
        };
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
    imported(meta, ctx, known, &mut sqlite, out);
}

/// A function of the project that runs on a worker thread, why, and the
/// thread entry that gets it there (none for a sync route or a library's
/// handler pool).
struct Worker {
    qualname: String,
    why: String,
    root: Option<String>,
}

/// Splits other modules' users of a session into those on worker threads and
/// the first one on the main thread.
fn classify(
    threads: &instance::Threads,
    users: Vec<session_importers::SessionUser>,
) -> (Vec<Worker>, Option<String>) {
    let mut workers = Vec::new();
    let mut home = None;
    for user in users {
        match threads.worker_in(Some(user.module), &user.qualname) {
            Some((why, root)) => workers.push(Worker {
                qualname: user.qualname,
                why,
                root,
            }),
            None => home = home.or(Some(user.qualname)),
        }
    }
    (workers, home)
}

/// The sessions this module imports from the module that makes them, used
/// here with no lock by a function on a worker thread while another thread
/// (this module's, or another importer's, or the maker module's) uses them
/// too. Reported at the worker's first unlocked session call; left to the
/// maker module when a function of its own runs on a worker (the check above
/// reports it there, once).
fn imported(
    meta: &'static Meta,
    ctx: &Context<'_, '_>,
    known: &mut Option<instance::Threads>,
    sqlite: &mut Option<Option<OrmSqlite>>,
    out: &mut Vec<Finding>,
) {
    let model = ctx.model;
    for local in shared_sessions::imported_sessions(model, ctx.project) {
        let Some((owner, name)) = session_importers::imported_session(model, ctx.project, &local)
        else {
            continue;
        };
        let users = unlocked_users(ctx, &local);
        if users.is_empty() {
            continue;
        }
        let threads = known.get_or_insert_with(|| instance::Threads::of(ctx.project, model));
        let mut on_worker: Vec<Worker> = Vec::new();
        let mut home: Option<String> = None;
        let mut first: Option<FuncId> = None;
        for id in &users {
            let qualname = &model.scopes.function(*id).qualname;
            match threads.worker_in(None, qualname) {
                Some((why, root)) => {
                    first = first.or(Some(*id));
                    on_worker.push(Worker {
                        qualname: qualname.clone(),
                        why,
                        root,
                    });
                }
                None => home = home.or(Some(qualname.clone())),
            }
        }
        let Some(worker) = first else {
            continue;
        };
        let why = on_worker[0].why.clone();
        let others = session_importers::users_elsewhere(ctx.project, owner, &name);
        if others
            .iter()
            .any(|u| u.module == owner && threads.worker_in(Some(owner), &u.qualname).is_some())
        {
            continue;
        }
        let (elsewhere, away) = classify(threads, others);
        on_worker.extend(elsewhere);
        home = home.or(away);
        let Some(party) = second_party(ctx.project, &on_worker, home.as_deref(), true) else {
            continue;
        };
        let sure = sqlite.get_or_insert_with(|| ctx.project.orm_sqlite());
        let Some(sure) = sure.as_ref() else {
            return;
        };
        let Some(at) = first_use(ctx, worker, &local) else {
            continue;
        };
        let maker = crate::diff::display_path(&ctx.project.index.modules[owner].path);
        let worker_name = &model.scopes.function(worker).qualname;
        let finding = Finding::new(
            meta,
            at,
            format!(
                "ORM session `{local}` (made once at import in {maker}) is used with no lock by `{worker_name}` ({why}); {party}: a Session is not thread-safe, whatever `check_same_thread` says, so the threads add, flush and commit through its one connection at once; one thread's commit lands on another's half-done work and concurrent flushes fail or leave the session broken (docs/sqlite-facts.md#F-session-not-thread-safe)"
            ),
        )
        .with_note(format!(
            "give the worker a session of its own (`with Session() as session:` around each pass), or let it only compute the values and apply them and commit `{local}` on the thread that owns it (a callback on the GUI's loop), or hold one threading lock around every use of `{local}`"
        ));
        out.push(super::kept_session::graded(finding, sure));
    }
}

/// The first call of a session method on `name` in function `id` outside any lock.
fn first_use(ctx: &Context<'_, '_>, id: FuncId, name: &str) -> Option<ruff_text_size::TextRange> {
    let model = ctx.model;
    model
        .calls_in(Some(id))
        .filter(|c| is_session_call(model, id, c, name))
        .map(|c| c.range())
        .min_by_key(|r| r.start())
}

/// `call` is `<name>.<session method>(...)` outside any threading lock.
fn is_session_call(
    model: &crate::semantic::model::Model<'_>,
    id: FuncId,
    c: &crate::semantic::model::Call<'_>,
    name: &str,
) -> bool {
    // By the spelling, not the callee: an imported session's call resolves
    // through the import (`prices.database.db.commit`), not as a method.
    matches!(&*c.expr.func, Expr::Attribute(f)
        if orm_sessions::SESSION_METHODS.contains(&f.attr.as_str())
            && matches!(&*f.value, Expr::Name(n) if n.id.as_str() == name))
        && !threads::locked_at(model, id, c.range())
}

/// Who else uses the session at the same time, if anyone: the many threads of
/// a pooled or per-event entry, a second thread entry, or the main thread
/// beside a thread started once.
fn second_party(
    view: &ProjectView<'_>,
    on_worker: &[Worker],
    home: Option<&str>,
    home_first: bool,
) -> Option<String> {
    let mut roots: Vec<&str> = Vec::new();
    // A session imported by a worker's module and a main-thread module: the
    // main thread is the party sqlfix sees for sure (how often the worker's
    // thread is started may be beyond what it counts, `worker.start()`).
    if let (Some(home), Some(first)) = (home.filter(|_| home_first), on_worker.first())
        && let Some(root) = first.root.as_deref()
        && on_worker.iter().all(|w| w.root.as_deref() == Some(root))
    {
        return Some(format!(
            "`{home}` uses it on the thread that started `{root}`"
        ));
    }
    for worker in on_worker {
        let Some(root) = worker.root.as_deref() else {
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
    Some(format!(
        "`{}` uses it on the thread that started `{}`",
        home?,
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
        let unlocked = model
            .calls_in(Some(id))
            .any(|c| is_session_call(model, id, c, name));
        if unlocked {
            out.push(id);
        }
    }
    out
}
