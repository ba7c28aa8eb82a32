//! Decorators that move a function's body to another thread, so that calling
//! the decorated function only schedules the body: the project's own wrappers
//! (`def run_in_thread(func)` that hands `func` to an executor's `submit`,
//! `asyncio.to_thread`, `run_in_executor` or a `threading.Thread` target) and
//! library ones (Textual's `@work(thread=True)`).
//!
//! Two sides use this: thread entry points (threads.rs: the body runs on a
//! worker thread, so a connection opened on the main thread crosses threads
//! there) and blocking-in-async (a call of such a function from `async def`
//! does not block the loop).

use super::model::{AssignKind, Call, Callee, Model, Receiver};
use super::refs::CallRef;
use super::scopes::FuncId;
use ruff_python_ast::{Expr, StmtFunctionDef};

const THREAD_POOLS: &[&str] = &[
    "concurrent.futures.ThreadPoolExecutor",
    "concurrent.futures.thread.ThreadPoolExecutor",
    "multiprocessing.pool.ThreadPool",
    "multiprocessing.dummy.Pool",
];

/// Library decorators that run the body on a worker thread when a keyword says so.
const LIBRARY: &[(&str, &str)] = &[
    ("textual.work", "thread"),
    ("textual.worker.work", "thread"),
];

/// The callable `call` hands to another thread: a thread's target, an
/// executor submission, `asyncio.to_thread`'s function, a threadpool runner's.
pub fn handed_to_thread<'a>(model: &Model<'a>, call: &Call<'a>) -> Option<&'a Expr> {
    match call.qualified() {
        Some("threading.Thread") => call.argument(1, "target"),
        Some("threading.Timer") => call.argument(1, "function"),
        _ => pooled_target(model, call),
    }
}

/// The callable a call hands to a pool of reused threads: an executor, the
/// framework's threadpool, a scheduler's job executor.
pub fn pooled_target<'a>(model: &Model<'a>, call: &Call<'a>) -> Option<&'a Expr> {
    match call.qualified() {
        Some(
            "asyncio.to_thread"
            | "anyio.to_thread.run_sync"
            | "starlette.concurrency.run_in_threadpool"
            | "fastapi.concurrency.run_in_threadpool",
        ) => call.argument(0, "func"),
        // A one-worker pool whose job the caller waits for: a call (serial_runs.rs).
        _ if super::serial_runs::runs_alone(model, call) => None,
        _ => match call.method_name() {
            Some("run_in_executor") => call.expr.arguments.args.get(1),
            Some("submit" | "add_task") => call.expr.arguments.args.first(),
            Some("map") if receiver_is_thread_pool(model, call) => call.expr.arguments.args.first(),
            // APScheduler runs a sync job on its executor's thread pool, whatever
            // the scheduler class: BackgroundScheduler and BlockingScheduler use a
            // ThreadPoolExecutor, and AsyncIOScheduler's executor runs coroutine
            // jobs on the loop but every other function in the loop's default
            // executor (its docs: "usually a thread pool"). Coroutines are not
            // followed by the thread walk, so listing them here is harmless.
            Some("add_job") if model.imports.mentions("apscheduler") => call.argument(0, "func"),
            _ => None,
        },
    }
}

/// The arguments a thread hand-off passes on to the callable it runs, each with
/// the parameter it binds (`None`: by position, after any bound `self`;
/// `Some(name)`: by keyword): `Thread(target=f, args=(a,), kwargs={"k": b})`,
/// `pool.submit(f, a, k=b)`, `asyncio.to_thread(f, a)`,
/// `loop.run_in_executor(None, f, a)`, `add_task(f, a)`. Positions after a
/// `*xs` are unknown and left out; `map`'s iterables hand over elements, not
/// the values named.
pub fn handed_arguments<'a>(call: &Call<'a>) -> Vec<(Option<String>, &'a Expr)> {
    let arguments = &call.expr.arguments;
    let (positional, keywords): (&[Expr], bool) = match call.qualified() {
        Some("threading.Thread" | "threading.Timer") => {
            let mut out = Vec::new();
            if let Some(Expr::Tuple(t)) = call.keyword("args") {
                out.extend(positions(&t.elts));
            } else if let Some(Expr::List(l)) = call.keyword("args") {
                out.extend(positions(&l.elts));
            }
            if let Some(Expr::Dict(d)) = call.keyword("kwargs") {
                for item in &d.items {
                    if let (Some(Expr::StringLiteral(k)), v) = (&item.key, &item.value) {
                        out.push((Some(k.value.to_str().to_string()), v));
                    }
                }
            }
            return out;
        }
        Some("asyncio.to_thread") => (arguments.args.get(1..).unwrap_or(&[]), true),
        // anyio's and Starlette's keywords configure the call, not the function.
        Some(
            "anyio.to_thread.run_sync"
            | "starlette.concurrency.run_in_threadpool"
            | "fastapi.concurrency.run_in_threadpool",
        ) => (arguments.args.get(1..).unwrap_or(&[]), false),
        Some(_) => return Vec::new(),
        None => match call.method_name() {
            Some("run_in_executor") => (arguments.args.get(2..).unwrap_or(&[]), false),
            Some("submit" | "add_task") => (arguments.args.get(1..).unwrap_or(&[]), true),
            _ => return Vec::new(),
        },
    };
    let mut out = positions(positional);
    if keywords {
        for k in &arguments.keywords {
            if let Some(name) = &k.arg {
                out.push((Some(name.to_string()), &k.value));
            }
        }
    }
    out
}

fn positions(elts: &[Expr]) -> Vec<(Option<String>, &Expr)> {
    elts.iter()
        .take_while(|e| !e.is_starred_expr())
        .map(|e| (None, e))
        .collect()
}

fn receiver_is_thread_pool(model: &Model<'_>, call: &Call<'_>) -> bool {
    let Callee::Method {
        receiver: Receiver::Name(name),
        ..
    } = &call.callee
    else {
        return false;
    };
    model.assignments_of(call.scope, name).iter().any(|a| {
        let value = match (a.kind, a.value) {
            (AssignKind::Assign | AssignKind::WithItem, Expr::Call(c)) => &*c.func,
            _ => return false,
        };
        model
            .resolve(value, a.scope)
            .is_some_and(|q| THREAD_POOLS.contains(&q.as_str()))
    })
}

/// Module-level functions of this module that are thread decorators: their first
/// parameter (the decorated function) is handed to a thread by their body or
/// by a function nested in it (the usual `async def wrapper(*args)`), directly
/// or through `functools.partial(func, ...)`.
pub fn defined(model: &Model<'_>) -> Vec<String> {
    outer_functions_handing(model, |call, param| {
        handed_to_thread(model, call)
            .is_some_and(|target| names_param(model, target, call.scope, param))
    })
}

/// The module-level functions of this module with a call (in their body or a
/// function nested in it) that `hands` their first parameter to a thread, by
/// qualname. One pass over the calls: each call's outermost enclosing function
/// is the only candidate it can make (a scan of every call per function is
/// quadratic in a long module). Shared by thread decorators and thread
/// starters (thread_starters.rs), which differ only in `hands`.
pub fn outer_functions_handing<'a>(
    model: &Model<'a>,
    hands: impl Fn(&Call<'a>, &str) -> bool,
) -> Vec<String> {
    let mut found = vec![false; model.scopes.functions.len()];
    for call in &model.calls {
        let Some(outer) = model.scopes.chain(call.scope).into_iter().flatten().last() else {
            continue;
        };
        let f = model.scopes.function(outer);
        if f.parent.is_some() || f.class.is_some() || found[outer] {
            continue;
        }
        let Some(param) = f.params.first() else {
            continue;
        };
        if hands(call, param) {
            found[outer] = true;
        }
    }
    (0..found.len())
        .filter(|&id| found[id])
        .map(|id| model.scopes.function(id).qualname.clone())
        .collect()
}

fn names_param(model: &Model<'_>, target: &Expr, scope: Option<FuncId>, param: &str) -> bool {
    match target {
        Expr::Name(n) => n.id.as_str() == param,
        Expr::Call(c) => {
            model.resolve(&c.func, scope).as_deref() == Some("functools.partial")
                && c.arguments
                    .args
                    .first()
                    .is_some_and(|f| names_param(model, f, scope, param))
        }
        _ => false,
    }
}

/// Whether a library decorator on `def` runs its body on a worker thread
/// (`@work(thread=True)`).
pub fn library_threaded(model: &Model<'_>, def: &StmtFunctionDef, scope: Option<FuncId>) -> bool {
    def.decorator_list.iter().any(|d| {
        let Expr::Call(call) = &d.expression else {
            return false;
        };
        let Some(q) = model.resolve(&call.func, scope) else {
            return false;
        };
        LIBRARY.iter().any(|(name, keyword)| {
            q == *name
                && call
                    .arguments
                    .find_keyword(keyword)
                    .is_some_and(|k| matches!(&k.value, Expr::BooleanLiteral(b) if b.value))
        })
    })
}

/// The project decorators on each function of the module, as the index names
/// them: `(decorator, decorated function's qualname)`. Whether a decorator is a
/// thread decorator is decided across modules (threads.rs), by [`defined`].
pub fn applied(model: &Model<'_>) -> Vec<(CallRef, String)> {
    let mut out = Vec::new();
    for f in &model.scopes.functions {
        for d in &f.def.decorator_list {
            let expr = match &d.expression {
                Expr::Call(c) => &*c.func,
                e => e,
            };
            let r = match expr {
                Expr::Name(n) if model.scopes.module_function(n.id.as_str()).is_some() => {
                    Some(CallRef::Local(n.id.to_string()))
                }
                Expr::Name(_) | Expr::Attribute(_) => {
                    model.resolve(expr, f.parent).map(CallRef::Dotted)
                }
                _ => None,
            };
            if let Some(r) = r {
                out.push((r, f.qualname.clone()));
            }
        }
    }
    out
}
