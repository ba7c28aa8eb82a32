//! `conn = await to_thread(open_db, path)`: a coroutine opens a connection on a
//! worker thread of a pool and keeps it. Where it uses it afterwards decides the
//! hazard: on the loop (blocking, and on another thread than the opener's), or
//! through later hand-offs to the pool (`to_thread(repo.next_item)`,
//! `run_sync(conn.close)`), each of which may land on a different worker thread
//! than the one that opened it (docs/sqlite-facts.md#F-same-thread).
//!
//! What carries the connection: its name, and every local built from it later
//! in the coroutine (`repo = Repo(conn)`), whose methods use it.

use ruff_python_ast::{Expr, Stmt};
use ruff_text_size::{Ranged, TextRange};

use super::model::{Call, Model};
use super::scopes::FuncId;
use super::thread_decorators;

#[derive(Debug, Default)]
pub struct LaterUses {
    /// The name the coroutine binds the connection to.
    pub name: String,
    /// Calls on the loop that use it (`conn.execute(...)`, `count(conn)`).
    pub on_loop: Vec<TextRange>,
    /// Hand-offs to a thread that use it, with the callable's text.
    pub on_threads: Vec<(TextRange, String)>,
}

/// The uses after `open` (a hand-off whose awaited result the coroutine binds
/// to a name) of the connection it returns, in the coroutine `scope`. `None`
/// when the result is not bound to a plain name.
pub fn later_uses(model: &Model<'_>, scope: FuncId, open: &Call<'_>) -> Option<LaterUses> {
    let name = bound_name(open)?;
    let mut carriers = vec![name.clone()];
    let mut out = LaterUses {
        name,
        ..LaterUses::default()
    };
    let mut calls: Vec<&Call<'_>> = model
        .calls_in(Some(scope))
        .filter(|c| c.range().start() > open.range().end() && !c.in_lambda)
        .collect();
    calls.sort_by_key(|c| c.range().start());
    let handed: Vec<TextRange> = calls
        .iter()
        .filter(|c| thread_decorators::handed_to_thread(model, c).is_some())
        .map(|c| c.range())
        .collect();
    for call in calls {
        if let Some(target) = thread_decorators::handed_to_thread(model, call) {
            let uses = carried(target, &carriers)
                || thread_decorators::handed_arguments(call)
                    .iter()
                    .any(|(_, a)| carried(a, &carriers));
            if uses {
                out.on_threads
                    .push((call.range(), model.slice(target.range()).to_string()));
            }
            continue;
        }
        // Calls inside a hand-off's arguments run where the hand-off says.
        if handed
            .iter()
            .any(|r| r.contains_range(call.range()) && *r != call.range())
        {
            continue;
        }
        let on_receiver =
            matches!(&*call.expr.func, Expr::Attribute(a) if carried(&a.value, &carriers));
        let as_argument = call
            .expr
            .arguments
            .args
            .iter()
            .any(|a| carried(a, &carriers))
            || call
                .expr
                .arguments
                .keywords
                .iter()
                .any(|k| carried(&k.value, &carriers));
        // `repo = Repo(conn)`: a new carrier, not a use yet.
        if as_argument && !on_receiver {
            if let Some(bound) = bound_plain(call) {
                carriers.push(bound);
                continue;
            }
        }
        if on_receiver || as_argument {
            out.on_loop.push(call.range());
        }
    }
    Some(out)
}

/// `name = await <call>` or `name = <call>`.
fn bound_name(call: &Call<'_>) -> Option<String> {
    let Stmt::Assign(assign) = call.stmt else {
        return None;
    };
    let value = match &*assign.value {
        Expr::Await(a) => &*a.value,
        v => v,
    };
    if value.range() != call.range() {
        return None;
    }
    match assign.targets.as_slice() {
        [Expr::Name(n)] => Some(n.id.to_string()),
        _ => None,
    }
}

/// `name = <call>` whose value is exactly the call.
fn bound_plain(call: &Call<'_>) -> Option<String> {
    let Stmt::Assign(assign) = call.stmt else {
        return None;
    };
    if assign.value.range() != call.range() {
        return None;
    }
    match assign.targets.as_slice() {
        [Expr::Name(n)] => Some(n.id.to_string()),
        _ => None,
    }
}

/// The expression is rooted at one of the carriers (`conn`, `repo.list`,
/// `conn.close`).
fn carried(expr: &Expr, carriers: &[String]) -> bool {
    match expr {
        Expr::Name(n) => carriers.iter().any(|c| c == n.id.as_str()),
        Expr::Attribute(a) => carried(&a.value, carriers),
        _ => false,
    }
}

/// The executor a `loop.run_in_executor(executor, ...)` call names, when the
/// module makes it with one worker (`ThreadPoolExecutor(max_workers=1)`): every
/// job on it runs on the same thread.
pub fn single_worker_executor(model: &Model<'_>, call: &Call<'_>) -> Option<String> {
    if call.method_name() != Some("run_in_executor") {
        return None;
    }
    let executor = model.slice(call.expr.arguments.args.first()?.range());
    let one_worker = model.calls.iter().any(|c| {
        c.qualified() == Some("concurrent.futures.ThreadPoolExecutor")
            && matches!(c.argument(0, "max_workers"), Some(Expr::NumberLiteral(n))
                if model.slice(n.range()) == "1")
            && matches!(c.stmt, Stmt::Assign(a) if a.value.range() == c.range()
                && a.targets.iter().any(|t| model.slice(t.range()) == executor))
    });
    one_worker.then(|| executor.to_string())
}
