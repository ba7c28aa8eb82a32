//! One SQL thread through a one-worker executor: a module that makes a
//! `ThreadPoolExecutor(max_workers=1)` and runs every statement it has on it
//! (`await loop.run_in_executor(self._db_executor, self._insert, row)`,
//! `self._db_executor.submit(self._query, sql)`). The pool's one thread runs
//! its jobs one after another, and nothing else in the module touches the
//! database, so the process has one party on the file (like the queue-serving
//! owner of owner_thread.rs): a hand-off to that executor is not a concurrent
//! start. Another program that opens the file is still a second party; that
//! evidence is the project's, not this hand-off's.
//!
//! Every SQL call of the module (a connect, `execute`, `commit`, ...) must sit
//! in a function handed to that executor by name, or in one called only from
//! such functions; a statement anywhere else (module level, a coroutine, a
//! function handed to another pool or thread) keeps the hand-off concurrent.

use rustc_hash::FxHashSet as HashSet;

use ruff_python_ast::{Expr, Stmt};
use ruff_text_size::Ranged;

use super::model::{Call, Callee, Model};

/// Methods that run SQL or end a transaction on a connection or cursor.
const SQL_METHODS: &[&str] = &[
    "execute",
    "executemany",
    "executescript",
    "execute_sql",
    "commit",
    "rollback",
    "cursor",
];

/// Calls that open a database connection.
const OPENS: &[&str] = &[
    "sqlite3.connect",
    "sqlite3.dbapi2.connect",
    "apsw.Connection",
];

/// Whether `call` hands a job to a one-worker thread executor on which the
/// module runs every SQL statement it has.
pub fn runs_on_the_sql_thread(model: &Model<'_>, call: &Call<'_>) -> bool {
    let Some((executor, _)) = handoff(model, call) else {
        return false;
    };
    if !one_worker_thread_pool(model, &executor) {
        return false;
    }
    let mut on_thread: HashSet<String> = HashSet::default();
    let mut elsewhere: HashSet<String> = HashSet::default();
    for c in &model.calls {
        let Some((e, target)) = handoff(model, c) else {
            continue;
        };
        let Some(name) = target.and_then(last_name) else {
            continue;
        };
        if e == executor {
            on_thread.insert(name.to_string());
        } else {
            elsewhere.insert(name.to_string());
        }
    }
    // Other starts (threads, pools) of the module's functions.
    for c in &model.calls {
        if matches!(c.qualified(), Some("threading.Thread" | "threading.Timer"))
            && let Some(name) = c
                .argument(1, "target")
                .or_else(|| c.argument(1, "function"))
                .and_then(last_name)
        {
            elsewhere.insert(name.to_string());
        }
    }
    on_thread.retain(|n| !elsewhere.contains(n));
    if on_thread.is_empty() {
        return false;
    }
    grow_with_helpers(model, &mut on_thread);
    let mut any = false;
    for c in &model.calls {
        if !runs_sql(c) {
            continue;
        }
        any = true;
        let Some(scope) = c.scope else {
            return false;
        };
        let f = model.scopes.function(scope);
        if f.is_async() || c.in_lambda || !on_thread.contains(f.name()) {
            return false;
        }
    }
    any
}

/// `(executor text, callable)` of `loop.run_in_executor(executor, f, ...)` or
/// `executor.submit(f, ...)`.
fn handoff<'a>(model: &Model<'a>, call: &Call<'a>) -> Option<(String, Option<&'a Expr>)> {
    match call.method_name()? {
        "run_in_executor" => {
            let executor = call.expr.arguments.args.first()?;
            Some((
                model.slice(executor.range()).to_string(),
                call.expr.arguments.args.get(1),
            ))
        }
        "submit" | "map" => {
            let Expr::Attribute(a) = &*call.expr.func else {
                return None;
            };
            Some((
                model.slice(a.value.range()).to_string(),
                call.expr.arguments.args.first(),
            ))
        }
        _ => None,
    }
}

/// The module binds `executor` (`self._db_executor`, `DB_POOL`) to a
/// `ThreadPoolExecutor` of one worker, and to nothing else.
fn one_worker_thread_pool(model: &Model<'_>, executor: &str) -> bool {
    let mut made = model.calls.iter().filter(|c| {
        matches!(c.stmt, Stmt::Assign(a) if a.value.range() == c.range()
            && a.targets.iter().any(|t| model.slice(t.range()) == executor))
    });
    let Some(first) = made.next() else {
        return false;
    };
    let one = |c: &Call<'_>| {
        c.qualified() == Some("concurrent.futures.ThreadPoolExecutor")
            && matches!(c.argument(0, "max_workers"), Some(Expr::NumberLiteral(n))
                if model.slice(n.range()) == "1")
    };
    one(first) && made.all(one)
}

/// `self._insert` -> `_insert`, `insert` -> `insert`.
fn last_name(expr: &Expr) -> Option<&str> {
    match expr {
        Expr::Name(n) => Some(n.id.as_str()),
        Expr::Attribute(a) if matches!(&*a.value, Expr::Name(n) if n.id.as_str() == "self") => {
            Some(a.attr.as_str())
        }
        _ => None,
    }
}

/// Adds the module's functions called only from functions already on the
/// thread (`self._ensure_schema()` from `_open`).
fn grow_with_helpers(model: &Model<'_>, on_thread: &mut HashSet<String>) {
    for _ in 0..4 {
        let mut grew = false;
        for f in &model.scopes.functions {
            let name = f.name();
            if on_thread.contains(name) {
                continue;
            }
            let mut callers = model.calls.iter().filter(
                |c| matches!(&c.callee, Callee::SelfMethod(n) | Callee::Local(n) if n == name),
            );
            let mut seen = false;
            let only_on_thread = callers.all(|c| {
                seen = true;
                c.scope
                    .is_some_and(|s| on_thread.contains(model.scopes.function(s).name()))
            });
            if seen && only_on_thread {
                on_thread.insert(name.to_string());
                grew = true;
            }
        }
        if !grew {
            break;
        }
    }
}

fn runs_sql(call: &Call<'_>) -> bool {
    if call.qualified().is_some_and(|q| OPENS.contains(&q)) {
        return true;
    }
    matches!(&call.callee, Callee::Method { name, .. } | Callee::SelfMethod(name)
        if SQL_METHODS.contains(&name.as_str()))
}

/// The module starts nothing but jobs on its one SQL thread: every executor
/// it makes has one worker, every hand-off goes to one on which all its SQL
/// runs, and it starts no thread, process or other pool. Its
/// `concurrent.futures` import then names nobody beside the caller (as a
/// pool of one waited-for worker does, serial_runs.rs).
pub fn only_sql_thread(model: &Model<'_>) -> bool {
    if !model.text.contains("max_workers=1") {
        return false;
    }
    let mut any = false;
    for c in &model.calls {
        match c.qualified() {
            Some(
                "threading.Thread"
                | "threading.Timer"
                | "asyncio.to_thread"
                | "concurrent.futures.ProcessPoolExecutor"
                | "multiprocessing.Process"
                | "multiprocessing.Pool",
            ) => return false,
            Some("concurrent.futures.ThreadPoolExecutor")
                if !matches!(c.argument(0, "max_workers"), Some(Expr::NumberLiteral(n))
                    if model.slice(n.range()) == "1") =>
            {
                return false;
            }
            _ => {}
        }
        let Some((executor, _)) = handoff(model, c) else {
            continue;
        };
        // `df.map(f)` hands nothing to a pool: only the module's executors and
        // `run_in_executor` count.
        if c.method_name() != Some("run_in_executor") && !made_pool(model, &executor) {
            continue;
        }
        if !runs_on_the_sql_thread(model, c) {
            return false;
        }
        any = true;
    }
    any
}

/// The module binds `executor` to a pool of `concurrent.futures`.
fn made_pool(model: &Model<'_>, executor: &str) -> bool {
    model.calls.iter().any(|c| {
        c.qualified()
            .is_some_and(|q| q.starts_with("concurrent.futures."))
            && matches!(c.stmt, Stmt::Assign(a) if a.value.range() == c.range()
                && a.targets.iter().any(|t| model.slice(t.range()) == executor))
    })
}
