//! SQF602 checkpoint-save-storm: many copies of a function that writes checkpoint
//! rows (or other rows) to SQLite started at once: `asyncio.gather(*[save(x) for x in xs])`, a
//! `TaskGroup`/`create_task` loop, `executor.map(save, xs)`, `submit` in a loop,
//! `Thread` per item.
//!
//! Each copy wants SQLite's single write lock (F-one-writer) at the same moment: they
//! queue, and the busy handler's polling (F-busy-polls) serves them
//! unfairly, so the slowest waits far longer than the average. MONITOR: harmless
//! for a handful, a latency problem at 10-50 documents. Left alone when the
//! function (or the fan-out) already staggers itself with a semaphore or lock, or
//! the pool has a single worker. Fan-outs that only write files (one per item)
//! do not share a lock and are not reported.
//!
//! Not reported in a test suite or test runner script (semantic/paths.rs), nor
//! when every copy is a long-lived worker whose writes sit in a loop pausing a
//! second or more each turn (one thread per configured app, writing between
//! sleeps of minutes): the copies' writes spread out with the pauses. Nor is
//! `worker.submit(save, row)` in a loop a fan-out when `submit` is the
//! project's own method that queues the request for the one thread of its
//! class that owns the connection (semantic/enqueue_only.rs).
//!
//! Not reported in a project that keeps its data through SQLAlchemy on another
//! engine (`orm_on_another_engine`): it opens no SQLite connection or engine
//! on a SQLite URL (an engine URL naming PostgreSQL is no SQLite opener) and
//! no engine's evidence says SQLite; the writers then queue on the server's
//! row locks, not on SQLite's one write lock.
//!
//! Display-only advice, no edit: the right batching (a semaphore, or gathering the
//! results and saving them in one transaction) depends on what the results are.

use ruff_python_ast::{Expr, Stmt};
use ruff_text_size::Ranged;

use super::{Codemod, Context};
use crate::finding::Finding;
use crate::semantic::effects::{self, Effects};
use crate::semantic::model::Model;
use crate::semantic::spawn::{self, Spawn, SpawnKind, func_ref};
use crate::semantic::visit;

pub struct CheckpointSaveStorm;

impl Codemod for CheckpointSaveStorm {
    crate::codemod_meta!("SQF602-checkpoint-save-storm");

    fn check(&self, ctx: &Context<'_, '_>, out: &mut Vec<Finding>) {
        let model = ctx.model;
        // A test suite or runner: the burst slows only the run itself.
        if crate::semantic::paths::is_test_runner(model.path) {
            return;
        }
        // The project's database is another engine's: it opens no SQLite
        // connection, and its SQLAlchemy engines' URLs do not say SQLite.
        if orm_on_another_engine(ctx) {
            return;
        }
        for s in spawn::spawns(model) {
            if !s.fan_out || s.kind == SpawnKind::Background || staggered(model, &s) {
                continue;
            }
            // Paced long-lived workers, or requests queued to the one thread
            // that owns the connection (`worker.submit(save, row)` on the
            // project's own queue): no burst of concurrent writers.
            if paced_workers(ctx, &s)
                || crate::semantic::enqueue_only::enqueues_to_own_thread(model, s.call)
            {
                continue;
            }
            let writers = unguarded_writers(ctx, &s);
            if writers.is_empty() {
                continue;
            }
            let how = match s.kind {
                SpawnKind::Task => "as concurrent tasks",
                SpawnKind::Thread => "in parallel threads",
                SpawnKind::Process => "in parallel processes",
                SpawnKind::Background => "in the background",
            };
            let who = writers
                .iter()
                .map(|w| format!("`{w}`"))
                .collect::<Vec<_>>()
                .join(", ");
            // Several calls written out (`gather(save_a(), save_b())`) or one per item.
            let message = if s.coroutines.len() > 1 {
                format!(
                    "{who} write to SQLite and run {how}, all at once: the saves want the single write lock at the same moment"
                )
            } else {
                format!(
                    "{who} writes to SQLite and runs {how}, one per item: the saves all want the single write lock at the same moment"
                )
            };
            out.push(
                Finding::new(self.meta(), s.call.range(), message).with_note(
                    "stagger the writers (an `asyncio.Semaphore`/`threading.BoundedSemaphore` of 2-4 around the save, or a pool of that size), or gather the results and save them in one transaction; acceptable while the fan-out stays small: watch write latency and \"database is locked\" as documents per batch grow",
                ),
            );
        }
    }
}

/// The project stores its data through SQLAlchemy (it imports it) on another
/// engine: no module opens a SQLite connection or an engine on a SQLite URL
/// (an engine whose URL names PostgreSQL or MySQL is no opener of SQLite,
/// semantic/openers.rs), and no engine's evidence says SQLite, not even as a
/// likely run-time URL or a configuration default (sync_orm.rs
/// `project_orm_sqlite`). The parallel writers then queue on the server's
/// row locks, not on SQLite's one write lock.
fn orm_on_another_engine(ctx: &Context<'_, '_>) -> bool {
    use crate::semantic::facts::any_module;
    struct OpensSqlite;
    struct UsesSqlalchemy;
    let view = ctx.project;
    view.orm_sqlite().is_none()
        && !any_module::<OpensSqlite>(view, |m| {
            crate::semantic::sole_connection::counted(m) && !m.facts.openers.is_empty()
        })
        && any_module::<UsesSqlalchemy>(view, |m| {
            m.imports.iter().any(|i| {
                i.target == "sqlalchemy"
                    || i.target.starts_with("sqlalchemy.")
                    || i.target == "sqlmodel"
            })
        })
}

/// Every function the fan-out starts is a long-lived worker defined in this
/// module whose writes all sit in one loop that pauses a second or more every
/// turn (semantic/paced.rs): one thread per configured item, each writing a
/// row or two between sleeps of seconds or minutes. The copies start together
/// but their writes spread out with the pauses, never a queue of writers at one
/// moment (each holds the lock milliseconds per turn; sixteen such paced writers
/// met no lock error, `bench/load/short_writer_threads.py --gap 100`).
fn paced_workers(ctx: &Context<'_, '_>, s: &Spawn<'_, '_>) -> bool {
    let model = ctx.model;
    let functions = s.functions();
    !functions.is_empty()
        && functions.iter().all(|f| {
            let text = model.slice(f.range());
            let name = text.rsplit('.').next().unwrap_or(text);
            let mut defs = model
                .scopes
                .functions
                .iter()
                .enumerate()
                .filter(|(_, def)| def.name() == name);
            let (Some((id, _)), None) = (defs.next(), defs.next()) else {
                return false;
            };
            let writes = |e: &Effects| e.sql_write || e.commits;
            let mut writers = model
                .calls_in(Some(id))
                .filter(|c| effects::reaches(ctx.project, model, c, writes))
                .peekable();
            writers.peek().is_some()
                && writers
                    .all(|c| crate::semantic::paced::in_paced_loop(model, Some(id), c.range()))
        })
}

/// A semaphore or lock around the fan-out, or a single-worker pool.
fn staggered(model: &Model<'_>, s: &Spawn<'_, '_>) -> bool {
    let Some(scope) = s.call.scope else {
        return false;
    };
    let body = &model.scopes.function(scope).def.body;
    let guarded = visit::any_stmt(body, |st| {
        matches!(st, Stmt::With(w) if w.range().contains_range(s.call.range())
            && w.items.iter().any(|i| is_limiter(model, Some(scope), &i.context_expr)))
    });
    let single_worker = model.calls_in(Some(scope)).any(|c| {
        matches!(
            c.qualified(),
            Some(
                "concurrent.futures.ThreadPoolExecutor" | "concurrent.futures.ProcessPoolExecutor"
            )
        ) && c
            .argument(0, "max_workers")
            .is_some_and(|v| matches!(v, Expr::NumberLiteral(n) if model.slice(n.range()) == "1"))
    });
    guarded || single_worker
}

/// A semaphore or lock: made by one of the standard constructors, or named so.
pub(crate) fn is_limiter(model: &Model<'_>, scope: Option<usize>, expr: &Expr) -> bool {
    const LIMITERS: &[&str] = &[
        "asyncio.Semaphore",
        "asyncio.BoundedSemaphore",
        "asyncio.Lock",
        "threading.Semaphore",
        "threading.BoundedSemaphore",
        "threading.Lock",
        "threading.RLock",
        "anyio.CapacityLimiter",
        "anyio.Semaphore",
        "anyio.Lock",
    ];
    let made_by = match expr {
        Expr::Name(n) => model
            .assignments_of(scope, n.id.as_str())
            .last()
            .and_then(|a| match a.value {
                Expr::Call(c) => model.resolve(&c.func, a.scope),
                _ => None,
            }),
        _ => None,
    };
    if made_by.is_some_and(|q| LIMITERS.contains(&q.as_str())) {
        return true;
    }
    let lower = model.slice(expr.range()).to_ascii_lowercase();
    ["sem", "lock", "limit", "throttle"]
        .iter()
        .any(|w| lower.contains(w))
}

/// The functions `s` starts (by their text) whose work writes SQL or commits,
/// less those that guard their own body with a limiter.
pub(crate) fn unguarded_writers(ctx: &Context<'_, '_>, s: &Spawn<'_, '_>) -> Vec<String> {
    let model = ctx.model;
    let writes = |e: &Effects| e.sql_write || e.commits;
    let mut writers: Vec<String> = Vec::new();
    for f in s.functions() {
        let hit = match s.coroutines.iter().find(|c| std::ptr::eq(&*c.func, f)) {
            Some(coro) => model
                .call_at(coro.range())
                .is_some_and(|c| effects::reaches(ctx.project, model, c, writes)),
            None => func_ref(model, s.call.scope, f)
                .is_some_and(|r| effects::reaches_ref(ctx.project, &r, writes)),
        };
        let name = model.slice(f.range()).to_string();
        if hit && !writers.contains(&name) && !body_is_guarded(ctx, &name) {
            writers.push(name);
        }
    }
    writers
}

/// The writer (defined in this module) guards its own body with a limiter.
pub(crate) fn body_is_guarded(ctx: &Context<'_, '_>, writer: &str) -> bool {
    let model = ctx.model;
    let name = writer.rsplit('.').next().unwrap_or(writer);
    model.scopes.functions.iter().enumerate().any(|(id, f)| {
        f.name() == name
            && visit::any_stmt(&f.def.body, |st| {
                matches!(st, Stmt::With(w) if w.items.iter().any(|i| is_limiter(model, Some(id), &i.context_expr)))
            })
    })
}
