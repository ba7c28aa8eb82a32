//! Work handed to a worker that still runs alone: nothing else runs beside it.
//!
//! A scheduler that runs each pass in a fresh worker process, waits for it,
//! then starts the next, has one party at a time on its database: a pool of
//! one worker (`ProcessPoolExecutor(max_workers=1)`, `multiprocessing.Pool(1)`,
//! `processes=1`, or a count that is a parameter defaulting to 1) whose job the
//! caller waits for right away (`pool.submit(f).result()`, `fut.result()` on
//! the next call, the blocking `Pool.map`), or a `Process` started and joined
//! with nothing run between. The caller stands still until the job is done and
//! the one worker runs one job at a time, so the hand-off behaves as a call of
//! `f` (pool_wait.rs makes it one in the call graph): no second connection is
//! active while `f` runs, unless whatever calls the scheduler is itself
//! concurrent, which the call graph then carries through to `f`.
//!
//! A pool of several workers, of a count the source does not give, or a job
//! the caller does not wait for before doing more, stays a concurrent start;
//! so does a one-worker thread pool (see [`POOLS`]).

use ruff_python_ast::{Expr, Number, Stmt};
use ruff_text_size::{Ranged, TextSize};

use super::model::{AssignKind, Call, Model};
use super::scopes::FuncId;

/// Process pool constructors and the parameter that counts their workers.
/// Thread pools of one worker are left out: their job runs on another thread
/// of the same process, where a connection made by the caller cannot follow
/// (`check_same_thread`), and the thread rules ask about that crossing too.
const POOLS: &[(&str, &str)] = &[
    ("concurrent.futures.ProcessPoolExecutor", "max_workers"),
    ("multiprocessing.Pool", "processes"),
    ("multiprocessing.pool.Pool", "processes"),
];

/// `multiprocessing` pools, whose `map`/`starmap`/`apply` block until every job is done.
const BLOCKING_MAP_POOLS: &[&str] = &["multiprocessing.Pool", "multiprocessing.pool.Pool"];

const PROCESSES: &[&str] = &["multiprocessing.Process", "multiprocessing.context.Process"];

/// Whether `call` (a pool method handing over work, or a `Process(...)`)
/// starts work that runs alone and that the caller waits for before going on.
pub fn runs_alone(model: &Model<'_>, call: &Call<'_>) -> bool {
    if is_process(model, call) {
        return process_joined_at_once(model, call);
    }
    let Some(method) = call.method_name() else {
        return false;
    };
    if !matches!(
        method,
        "submit" | "map" | "starmap" | "apply" | "apply_async"
    ) {
        return false;
    }
    let Some((pool, kind)) = receiver_pool(model, call) else {
        return false;
    };
    if !one_worker(model, pool, kind) {
        return false;
    }
    let blocking_maps = BLOCKING_MAP_POOLS.contains(&kind);
    match method {
        "map" | "starmap" | "apply" if blocking_maps => true,
        // An executor's `map` submits every job at once and hands back an
        // iterator: the caller waits only where it drains it on the spot.
        "map" => drained_at_once(model, call),
        "submit" => waited_at_once(model, call, "result"),
        "apply_async" => waited_at_once(model, call, "get"),
        _ => false,
    }
}

/// `Process(...)`, or `ctx.Process(...)` of a `multiprocessing` context.
fn is_process(model: &Model<'_>, call: &Call<'_>) -> bool {
    if call.qualified().is_some_and(|q| PROCESSES.contains(&q)) {
        return true;
    }
    call.method_name() == Some("Process")
        && receiver_made_by(model, call).is_some_and(|c| {
            c.qualified()
                .is_some_and(|q| q.starts_with("multiprocessing"))
        })
}

/// The pool `call` is a method of, with its constructor's qualified name.
fn receiver_pool<'m, 'a>(
    model: &'m Model<'a>,
    call: &Call<'a>,
) -> Option<(&'m Call<'a>, &'static str)> {
    let made = receiver_made_by(model, call)?;
    if let Some(q) = made.qualified() {
        return POOLS.iter().find(|(p, _)| *p == q).map(|(p, _)| (made, *p));
    }
    // `multiprocessing.get_context("spawn").Pool(1)`: a process pool.
    (made.method_name() == Some("Pool")
        && receiver_made_by(model, made)
            .is_some_and(|c| c.qualified() == Some("multiprocessing.get_context")))
    .then_some((made, "multiprocessing.Pool"))
}

/// The call that made the receiver of method call `call`: bound to a name
/// (`pool = Pool(1)`, `with Pool(1) as pool:`) or inline (`Pool(1).map(...)`).
fn receiver_made_by<'m, 'a>(model: &'m Model<'a>, call: &Call<'a>) -> Option<&'m Call<'a>> {
    let Expr::Attribute(attr) = &*call.expr.func else {
        return None;
    };
    let made = match &*attr.value {
        Expr::Name(name) => {
            let assignment =
                model.last_assignment(call.scope, name.id.as_str(), call.range().start())?;
            if !matches!(assignment.kind, AssignKind::Assign | AssignKind::WithItem) {
                return None;
            }
            assignment.value
        }
        other => other,
    };
    let Expr::Call(made) = made else {
        return None;
    };
    model.call_at(made.range())
}

/// The pool's worker count is one: a literal 1 (positional or by keyword), a
/// parameter of the enclosing function that defaults to 1 and is not
/// reassigned, or a module constant bound only to 1.
fn one_worker(model: &Model<'_>, pool: &Call<'_>, kind: &str) -> bool {
    let keyword = POOLS
        .iter()
        .find(|(p, _)| *p == kind)
        .map_or("max_workers", |(_, k)| *k);
    let Some(count) = pool.argument(0, keyword) else {
        // No count: the library's default is the CPU count.
        return false;
    };
    is_one(model, pool.scope, count)
}

fn is_one(model: &Model<'_>, scope: Option<FuncId>, expr: &Expr) -> bool {
    match expr {
        Expr::NumberLiteral(n) => matches!(&n.value, Number::Int(i) if i.as_u64() == Some(1)),
        Expr::Name(name) => {
            let name = name.id.as_str();
            match scope {
                Some(id) if model.scopes.function(id).has_parameter(name) => {
                    !model.assigns_in(id, name) && parameter_defaults_to_one(model, id, name)
                }
                Some(id) if model.assigns_in(id, name) => false,
                _ => {
                    let bound = model.assignments_of(None, name);
                    !bound.is_empty()
                        && bound
                            .iter()
                            .all(|a| a.kind == AssignKind::Assign && is_one(model, None, a.value))
                }
            }
        }
        _ => false,
    }
}

fn parameter_defaults_to_one(model: &Model<'_>, id: FuncId, name: &str) -> bool {
    model
        .scopes
        .function(id)
        .def
        .parameters
        .iter_non_variadic_params()
        .find(|p| p.parameter.name.as_str() == name)
        .and_then(|p| p.default())
        .is_some_and(|d| is_one(model, None, d))
}

/// The calls of `call`'s scope that start after `from`, in source order,
/// without those nested in an earlier one (its arguments).
fn later_calls<'m, 'a>(model: &'m Model<'a>, call: &Call<'a>, from: TextSize) -> Vec<&'m Call<'a>> {
    let mut later: Vec<&Call<'a>> = model
        .calls_in(call.scope)
        .filter(|c| c.range().start() >= from)
        .collect();
    later.sort_by_key(|c| c.range().start());
    later
}

/// The job's result is asked for (`.result()` / `.get()`) before the caller
/// runs anything else: on the hand-off itself, or on the name bound to it by
/// the very next call of the scope.
fn waited_at_once(model: &Model<'_>, call: &Call<'_>, wait: &str) -> bool {
    let waits_on = |c: &Call<'_>, on: &dyn Fn(&Expr) -> bool| {
        c.method_name() == Some(wait) && matches!(&*c.expr.func, Expr::Attribute(a) if on(&a.value))
    };
    let inline = model
        .calls
        .iter()
        .any(|c| waits_on(c, &|v: &Expr| v.range() == call.range()));
    if inline {
        return true;
    }
    let Stmt::Assign(assign) = call.stmt else {
        return false;
    };
    let [Expr::Name(future)] = assign.targets.as_slice() else {
        return false;
    };
    if assign.value.range() != call.range() {
        return false;
    }
    let name = future.id.as_str();
    later_calls(model, call, call.range().end())
        .first()
        .is_some_and(|next| {
            waits_on(
                next,
                &|v: &Expr| matches!(v, Expr::Name(n) if n.id.as_str() == name),
            )
        })
}

/// An executor's `map` drained where it is made: `list(pool.map(...))`.
fn drained_at_once(model: &Model<'_>, call: &Call<'_>) -> bool {
    model.calls.iter().any(|c| {
        matches!(c.qualified(), Some("builtins.list" | "builtins.tuple"))
            || matches!(&*c.expr.func, Expr::Name(n) if matches!(n.id.as_str(), "list" | "tuple"))
    } && c.expr.arguments.args.first().is_some_and(|a| a.range() == call.range()))
}

/// `p = Process(target=f)` whose next calls in the scope are `p.start()` and
/// then `p.join()`: the caller waits for the process before anything else.
fn process_joined_at_once(model: &Model<'_>, call: &Call<'_>) -> bool {
    let Stmt::Assign(assign) = call.stmt else {
        return false;
    };
    let [Expr::Name(process)] = assign.targets.as_slice() else {
        return false;
    };
    if assign.value.range() != call.range() {
        return false;
    }
    let name = process.id.as_str();
    let on_process = |c: &Call<'_>, method: &str| {
        c.method_name() == Some(method)
            && matches!(&*c.expr.func, Expr::Attribute(a)
                if matches!(&*a.value, Expr::Name(n) if n.id.as_str() == name))
    };
    let later = later_calls(model, call, call.range().end());
    matches!(later.as_slice(), [start, join, ..] if on_process(start, "start") && on_process(join, "join"))
}

/// `p.join()` on a process that [`runs_alone`]: the function it runs, as
/// the caller waits for it.
pub fn joined_process_target<'a>(model: &Model<'a>, call: &Call<'a>) -> Option<&'a Expr> {
    if call.method_name() != Some("join") {
        return None;
    }
    let Expr::Attribute(attr) = &*call.expr.func else {
        return None;
    };
    let Expr::Name(name) = &*attr.value else {
        return None;
    };
    let assignment = model.last_assignment(call.scope, name.id.as_str(), call.range().start())?;
    let Expr::Call(made) = assignment.value else {
        return None;
    };
    let process = model.call_at(made.range())?;
    (is_process(model, process) && runs_alone(model, process))
        .then(|| process.argument(1, "target"))
        .flatten()
}

/// Every pool and process the module makes runs alone (and it makes at
/// least one): importing `concurrent.futures` or `multiprocessing` for that
/// starts nothing that runs beside the caller.
pub fn only_lone_workers(model: &Model<'_>) -> bool {
    // Other ways of running beside the caller, which no pool count bounds.
    const OTHER_STARTS: &[&str] = &[
        "Threading",
        "ThreadPool",
        "dummy",
        "BackgroundScheduler",
        "aiosqlite",
        "add_task(",
        "delayed(",
        "to_thread(",
        "run_in_executor(",
        "flask",
    ];
    if OTHER_STARTS.iter().any(|s| model.text.contains(s)) {
        return false;
    }
    let mut made = 0;
    for call in &model.calls {
        let pool = call
            .qualified()
            .is_some_and(|q| POOLS.iter().any(|(p, _)| *p == q));
        if is_process(model, call) {
            if !runs_alone(model, call) {
                return false;
            }
            made += 1;
        } else if pool {
            made += 1;
        } else if call.qualified() == Some("threading.Thread") {
            return false;
        }
    }
    // Every job handed to a pool runs alone: the pool's uses decide.
    let handed_ok = model.calls.iter().all(|c| {
        let hands_over = matches!(
            c.method_name(),
            Some(
                "submit"
                    | "map"
                    | "starmap"
                    | "apply_async"
                    | "imap"
                    | "imap_unordered"
                    | "map_async"
                    | "starmap_async"
            )
        ) && receiver_pool(model, c).is_some();
        !hands_over || runs_alone(model, c)
    });
    made > 0 && handed_ok
}
