//! Where the program starts concurrent work: threads, executors, background tasks
//! and event-loop tasks, with the function each one runs and whether it starts many
//! copies at once (a fan-out).

use ruff_python_ast::{self as ast, Expr};
use ruff_text_size::Ranged;

use super::loops;
use super::methods::is_external;
use super::model::{Call, Model};
use super::refs::CallRef;
use super::scopes::FuncId;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SpawnKind {
    /// A worker thread: `Thread(target=f)`, `executor.submit(f)`, `to_thread(f)`.
    Thread,
    /// A worker process: `ProcessPoolExecutor`, `multiprocessing.Pool`.
    Process,
    /// A task on the event loop: `create_task(f())`, `gather(f(), g())`.
    Task,
    /// Starlette/FastAPI `BackgroundTasks.add_task(f)`: runs after the response,
    /// in the thread pool when `f` is sync, on the loop when it is async.
    Background,
}

#[derive(Debug)]
pub struct Spawn<'m, 'a> {
    pub call: &'m Call<'a>,
    pub kind: SpawnKind,
    /// The function run, when it is passed by reference.
    pub target: Option<&'a Expr>,
    /// The coroutine calls run, when they are passed as awaitables.
    pub coroutines: Vec<&'a ast::ExprCall>,
    /// Starts many copies at once: in a loop or comprehension, `executor.map`,
    /// or `gather` of several awaitables.
    pub fan_out: bool,
}

impl Spawn<'_, '_> {
    /// The expressions naming the functions that run: the reference, or the
    /// callee of each coroutine call.
    pub fn functions(&self) -> Vec<&Expr> {
        let mut out: Vec<&Expr> = self.target.into_iter().collect();
        out.extend(self.coroutines.iter().map(|c| &*c.func));
        out
    }
}

const THREAD_OFFLOADS: &[&str] = &[
    "asyncio.to_thread",
    "starlette.concurrency.run_in_threadpool",
    "fastapi.concurrency.run_in_threadpool",
    "anyio.to_thread.run_sync",
];

const TASK_STARTERS: &[&str] = &[
    "asyncio.create_task",
    "asyncio.ensure_future",
    "asyncio.run_coroutine_threadsafe",
];

const PROCESS_POOLS: &[&str] = &[
    "concurrent.futures.ProcessPoolExecutor",
    "multiprocessing.Pool",
    "multiprocessing.pool.Pool",
];

/// A process started on a function: `Process(target=f)`.
const PROCESS_STARTERS: &[&str] = &["multiprocessing.Process", "multiprocessing.context.Process"];

/// Pool methods that run a function on the pool's workers.
const POOL_METHODS: &[&str] = &[
    "submit",
    "map",
    "apply_async",
    "imap",
    "imap_unordered",
    "starmap",
    "starmap_async",
    "map_async",
];

/// Of those, the ones that run it once per item, many at once.
const MAPS: &[&str] = &[
    "map",
    "imap",
    "imap_unordered",
    "starmap",
    "starmap_async",
    "map_async",
];

/// `ctx.Process(...)` where `ctx = multiprocessing.get_context(...)`.
fn from_context(model: &Model<'_>, call: &Call<'_>) -> bool {
    receiver_made_by(model, call).as_deref() == Some("multiprocessing.get_context")
}

/// The call that made the receiver of a method call: `pool.submit(...)` after
/// `pool = ThreadPoolExecutor()`, or `Factory().submit(...)` inline.
fn receiver_made_by(model: &Model<'_>, call: &Call<'_>) -> Option<String> {
    let Expr::Attribute(attr) = &*call.expr.func else {
        return None;
    };
    match &*attr.value {
        Expr::Name(name) => model
            .assignments_of(call.scope, name.id.as_str())
            .last()
            .and_then(|a| match a.value {
                Expr::Call(c) => model.resolve(&c.func, a.scope),
                _ => None,
            }),
        Expr::Call(c) => model.resolve(&c.func, call.scope),
        _ => None,
    }
}

const THREAD_POOLS: &[&str] = &[
    "concurrent.futures.ThreadPoolExecutor",
    "multiprocessing.pool.ThreadPool",
    "multiprocessing.dummy.Pool",
];

/// `threading.Timer(interval, tick).start()` at the end of `tick` itself: the
/// next run starts only once this one has finished, so the chain is one thread
/// at a time, counted where it is first started, not a new thread per run.
/// Only statements that start the timer may follow the one that makes it.
pub(crate) fn rearms_itself(model: &Model<'_>, call: &Call<'_>) -> bool {
    let Some(f) = call.scope else {
        return false;
    };
    let function = model.scopes.function(f);
    let names_itself = match call.argument(1, "function") {
        Some(Expr::Name(n)) => function.class.is_none() && n.id.as_str() == function.name(),
        Some(Expr::Attribute(a)) => {
            function.class.is_some()
                && matches!(&*a.value, Expr::Name(s) if s.id.as_str() == "self")
                && a.attr.as_str() == function.name()
        }
        _ => false,
    };
    if !names_itself {
        return false;
    }
    let body = &function.def.body;
    let Some(at) = body
        .iter()
        .position(|s| s.range().contains_range(call.range()))
    else {
        return false;
    };
    // The chain's first link must be a thread started elsewhere: a first run
    // called directly leaves the later runs on a timer thread beside the caller.
    body[at + 1..].iter().all(starts_or_returns)
        && model.calls.iter().any(|other| {
            other.range() != call.range()
                && matches!(
                    other.qualified(),
                    Some("threading.Timer" | "threading.Thread")
                )
                && [other.argument(1, "function"), other.argument(1, "target")]
                    .into_iter()
                    .flatten()
                    .any(|t| last_segment(t) == Some(function.name()))
        })
}

fn last_segment(expr: &Expr) -> Option<&str> {
    match expr {
        Expr::Name(n) => Some(n.id.as_str()),
        Expr::Attribute(a) => Some(a.attr.as_str()),
        _ => None,
    }
}

/// `timer.start()`, `timer.daemon = True` or a `return`: nothing that runs
/// beside the next run of the chain.
fn starts_or_returns(stmt: &ast::Stmt) -> bool {
    match stmt {
        ast::Stmt::Return(_) | ast::Stmt::Pass(_) => true,
        ast::Stmt::Expr(e) => matches!(&*e.value, Expr::Call(c)
            if matches!(&*c.func, Expr::Attribute(a) if a.attr.as_str() == "start")),
        ast::Stmt::Assign(a) => a.targets.iter().all(|t| {
            matches!(t, Expr::Attribute(attr) if matches!(attr.attr.as_str(), "daemon" | "name"))
        }),
        _ => false,
    }
}

/// Every place in the module that starts concurrent work.
pub fn spawns<'m, 'a>(model: &'m Model<'a>) -> Vec<Spawn<'m, 'a>> {
    // Asked once per module, not once per `submit` or `map` call: a search of
    // the whole text per call made a long module's check quadratic.
    let one_worker_pool = model.text.contains("max_workers=1");
    model
        .calls
        .iter()
        .filter_map(|call| spawn_of(model, call, one_worker_pool))
        .collect()
}

fn spawn_of<'m, 'a>(
    model: &'m Model<'a>,
    call: &'m Call<'a>,
    one_worker_pool: bool,
) -> Option<Spawn<'m, 'a>> {
    let qualified = call.qualified();
    let method = super::methods::method(call);
    // Set for the kinds that start many copies by themselves; loops are checked
    // once the call is known to start something (they are costly to find).
    let mut fan_out = false;
    // A one-worker pool or a process the caller waits for at once runs alone:
    // a call, not a concurrent start (serial_runs.rs).
    let hands_over = qualified.is_some_and(|q| PROCESS_STARTERS.contains(&q))
        || method.is_some_and(|m| POOL_METHODS.contains(&m) || m == "Process");
    if hands_over && super::serial_runs::runs_alone(model, call) {
        return None;
    }
    // Every statement of the module runs on one one-worker thread pool: its
    // jobs run one after another on that thread (one_sql_thread.rs).
    if matches!(method, Some("run_in_executor" | "submit" | "map"))
        && one_worker_pool
        && super::one_sql_thread::runs_on_the_sql_thread(model, call)
    {
        return None;
    }
    let (kind, target, coroutines) = if qualified == Some("threading.Thread") {
        (SpawnKind::Thread, call.argument(1, "target"), Vec::new())
    } else if qualified == Some("threading.Timer") {
        // `Timer(interval, function)`: a thread of its own that runs the
        // function once after the interval (re-armed by the function itself
        // for a periodic job), beside whatever the starter does next.
        if rearms_itself(model, call) {
            return None;
        }
        (SpawnKind::Thread, call.argument(1, "function"), Vec::new())
    } else if qualified.is_some_and(|q| PROCESS_STARTERS.contains(&q))
        || (method == Some("Process") && from_context(model, call))
    {
        (SpawnKind::Process, call.argument(1, "target"), Vec::new())
    } else if qualified == Some("joblib.delayed") {
        // `Parallel(n_jobs=k)(delayed(f)(x) for x in xs)`: joblib's default
        // backend runs `f` in worker processes, many at once.
        fan_out = true;
        (SpawnKind::Process, call.argument(0, "function"), Vec::new())
    } else if qualified.is_some_and(|q| THREAD_OFFLOADS.contains(&q)) {
        (SpawnKind::Thread, call.argument(0, "func"), Vec::new())
    } else if method == Some("run_in_executor") {
        (SpawnKind::Thread, call.argument(1, "func"), Vec::new())
    } else if method.is_some_and(|m| POOL_METHODS.contains(&m)) {
        let pool = pool_kind(model, call).or_else(|| looks_like_pool(model, call))?;
        if method.is_some_and(|m| MAPS.contains(&m)) {
            fan_out = true;
        } else if method == Some("submit") && call.argument(0, "fn").is_none() {
            return None;
        }
        (pool, call.argument(0, "fn"), Vec::new())
    } else if method == Some("add_task") {
        (SpawnKind::Background, call.argument(0, "func"), Vec::new())
    } else if qualified.is_some_and(|q| TASK_STARTERS.contains(&q))
        || (method == Some("create_task") && qualified.is_none())
    {
        let coro = call.argument(0, "coro");
        (SpawnKind::Task, None, coroutine_calls(coro))
    } else if qualified == Some("asyncio.gather") {
        let mut coroutines = Vec::new();
        for arg in call.expr.arguments.args.iter() {
            match arg {
                Expr::Starred(star) => {
                    fan_out = true;
                    coroutines.extend(coroutine_calls(Some(&star.value)));
                }
                other => coroutines.extend(coroutine_calls(Some(other))),
            }
        }
        fan_out |= call.expr.arguments.args.len() > 1;
        (SpawnKind::Task, None, coroutines)
    } else {
        return None;
    };
    if target.is_none() && coroutines.is_empty() {
        return None;
    }
    // Awaited where it starts (`await asyncio.to_thread(f)` in a loop body):
    // each copy finishes before the loop starts the next, so one runs at a time.
    fan_out = fan_out || (!call.is_awaited() && in_loop(model, call));
    Some(Spawn {
        call,
        kind,
        target,
        coroutines,
        fan_out,
    })
}

/// The coroutine calls an awaitable expression makes: `f(x)`, and the element
/// of `[f(x) for x in xs]` / `(f(x) for x in xs)`.
fn coroutine_calls(expr: Option<&Expr>) -> Vec<&ast::ExprCall> {
    match expr {
        Some(Expr::Call(call)) => vec![call],
        Some(Expr::ListComp(c)) => coroutine_calls(Some(&c.elt)),
        Some(Expr::Generator(g)) => coroutine_calls(Some(&g.elt)),
        Some(Expr::List(l)) => l
            .elts
            .iter()
            .flat_map(|e| coroutine_calls(Some(e)))
            .collect(),
        Some(Expr::Tuple(t)) => t
            .elts
            .iter()
            .flat_map(|e| coroutine_calls(Some(e)))
            .collect(),
        _ => Vec::new(),
    }
}

/// What kind of pool the receiver of `submit`/`map` is, from where it was made.
fn pool_kind(model: &Model<'_>, call: &Call<'_>) -> Option<SpawnKind> {
    let made_by = receiver_made_by(model, call)?;
    if THREAD_POOLS.contains(&made_by.as_str()) {
        Some(SpawnKind::Thread)
    } else if PROCESS_POOLS.contains(&made_by.as_str()) {
        Some(SpawnKind::Process)
    } else {
        None
    }
}

/// A pool made elsewhere (imported, an attribute): `submit(f, ...)` is an executor's
/// method; `map` only counts on a receiver named like a pool.
fn looks_like_pool(model: &Model<'_>, call: &Call<'_>) -> Option<SpawnKind> {
    let Expr::Attribute(attr) = &*call.expr.func else {
        return None;
    };
    let receiver = model.slice(attr.value.range()).to_ascii_lowercase();
    let named_like_pool = ["executor", "pool", "workers"]
        .iter()
        .any(|w| receiver.contains(w));
    let first_is_function = call
        .expr
        .arguments
        .args
        .first()
        .is_some_and(|a| matches!(a, Expr::Name(_) | Expr::Attribute(_)));
    match super::methods::method(call) {
        Some("submit") if first_is_function => Some(SpawnKind::Thread),
        Some(m)
            if m != "submit"
                && POOL_METHODS.contains(&m)
                && named_like_pool
                && first_is_function =>
        {
            Some(SpawnKind::Thread)
        }
        _ => None,
    }
}

/// The start runs once per item: in a loop (one that goes on to the next
/// item after starting: a handler that starts one thread and returns from
/// inside its loop starts one per call), or in a comprehension.
fn in_loop(model: &Model<'_>, call: &Call<'_>) -> bool {
    let around = loops::enclosing_loops(model.suite, call.stmt.range());
    let repeats = around
        .first()
        .is_some_and(|&inner| !loops::leaves_after(inner, call.stmt.range(), around.len() == 1));
    repeats || loops::in_comprehension(call.stmt, call.range())
}

/// How a function passed by reference can be named across files.
pub fn func_ref(model: &Model<'_>, scope: Option<FuncId>, expr: &Expr) -> Option<CallRef> {
    if let Some(q) = model.resolve(expr, scope) {
        let root = q.trim_start_matches('.').split('.').next().unwrap_or("");
        if q.starts_with('.') || !is_external(root) {
            return Some(CallRef::Dotted(q));
        }
        return None;
    }
    match expr {
        Expr::Name(name) => {
            let id = name.id.as_str();
            (model.scopes.module_function(id).is_some()).then(|| CallRef::Local(id.to_string()))
        }
        Expr::Attribute(attr) => match &*attr.value {
            Expr::Name(base) if base.id.as_str() == "self" => {
                let class = model.scopes.enclosing_class(scope)?;
                Some(CallRef::SelfMethod {
                    class: model.scopes.classes[class].qualname.clone(),
                    name: attr.attr.to_string(),
                })
            }
            Expr::Name(base) if model.module_names.contains(base.id.as_str()) => {
                Some(CallRef::Instance {
                    var: base.id.to_string(),
                    name: attr.attr.to_string(),
                })
            }
            // A bound method of an object the model can follow: an attribute
            // set in `__init__` (`to_thread(self.session.query)`), a local built
            // or fetched here (`s = get_session(); to_thread(s.refresh)`).
            _ => super::values::method_ref(model, scope, expr),
        },
        // lambda: f(x)
        Expr::Lambda(lambda) => match &*lambda.body {
            Expr::Call(call) => func_ref(model, scope, &call.func),
            _ => None,
        },
        // functools.partial(f, ...)
        Expr::Call(call) => {
            let callee = model.resolve(&call.func, scope)?;
            (callee == "functools.partial")
                .then(|| call.arguments.args.first())
                .flatten()
                .and_then(|f| func_ref(model, scope, f))
        }
        _ => None,
    }
}

/// The qualname a reference has in its own module, when it names one there.
pub fn own_qualname(r: &CallRef) -> Option<String> {
    match r {
        CallRef::Local(name) => Some(name.clone()),
        CallRef::SelfMethod { class, name } => Some(format!("{class}.{name}")),
        _ => None,
    }
}
