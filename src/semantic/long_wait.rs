//! A connection that already waits long for a lock: `timeout=20` or more on
//! `sqlite3.connect`/`aiosqlite.connect`, or `PRAGMA busy_timeout` of 20000 ms
//! or more on it.
//!
//! The pragma rules' advice (WAL, `synchronous=NORMAL`, a busy timeout) is
//! about writers that wait on each other. Where the project shows no concrete
//! second writer (no thread, pool, worker process or other program on the
//! file, only an import or an unknown caller) and the author has already given
//! the connection a wait of 20 s or more, a lock error needs a writer holding
//! the file for that long, which nothing in view does: SQF101, SQF111 and
//! SQF112 (an engine's `connect_args={"timeout": 500}`) stay quiet there. A
//! named second writer keeps the finding whatever the wait.
//!
//! [`shortest_in_module`] gives the shortest wait among the connections a
//! module opens, in milliseconds, with where: SQF701 asks for the project's
//! shortest (project_lock_holders.rs) to tell whether a lock error needs a
//! writer that holds the lock for longer than every connection waits.

use ruff_python_ast::Expr;
use ruff_text_size::Ranged;

use super::connections::{self, Driver, NoWrappers, PragmaSet};
use super::model::{Call, Callee, Model, Receiver};

/// The wait, in seconds, from which a connection counts as waiting long.
pub const LONG_WAIT_SECONDS: f64 = 20.0;

/// Whether the connection `call` opens waits 20 s or more for a lock: its
/// `timeout` argument (a number, or a module constant bound to one), or the
/// `busy_timeout` among the PRAGMAs set on it.
pub fn waits_long(model: &Model<'_>, call: &Call<'_>, pragmas: Option<&PragmaSet>) -> bool {
    let argument = call
        .argument(1, "timeout")
        .and_then(|e| seconds(model, e))
        .is_some_and(|s| s >= LONG_WAIT_SECONDS);
    let pragma = pragmas
        .and_then(|p| p.get("busy_timeout").flatten())
        .and_then(number)
        .is_some_and(|ms| ms >= LONG_WAIT_SECONDS * 1000.0);
    argument || pragma
}

/// Whether a SQLAlchemy engine's connections wait 20 s or more for a lock:
/// `connect_args={"timeout": 30}` (the sqlite3 driver's wait, in seconds), a
/// literal dict or a module name bound once to one.
pub fn engine_waits_long(model: &Model<'_>, call: &Call<'_>) -> bool {
    let Some(args) = call.keyword("connect_args") else {
        return false;
    };
    let dict = match args {
        Expr::Dict(d) => Some(d),
        Expr::Name(n) => {
            let mut bound = model.assignments.iter().filter(|a| {
                a.scope.is_none()
                    && matches!(&a.target, super::model::Target::Name(t) if t == n.id.as_str())
            });
            match (bound.next(), bound.next()) {
                (Some(first), None) => match first.value {
                    Expr::Dict(d) => Some(d),
                    _ => None,
                },
                _ => None,
            }
        }
        _ => None,
    };
    dict.is_some_and(|d| {
        d.items.iter().any(|item| {
            item.key.as_ref().is_some_and(
                |k| matches!(k, Expr::StringLiteral(s) if s.value.to_str() == "timeout"),
            ) && seconds(model, &item.value).is_some_and(|s| s >= LONG_WAIT_SECONDS)
        })
    })
}

/// A number literal, or a name the module binds once to one.
fn seconds(model: &Model<'_>, expr: &Expr) -> Option<f64> {
    match expr {
        Expr::NumberLiteral(_) => number(model.slice(expr.range())),
        Expr::Name(n) => {
            let mut bound = model.assignments.iter().filter(|a| {
                a.scope.is_none()
                    && matches!(&a.target, super::model::Target::Name(t) if t == n.id.as_str())
            });
            let first = bound.next()?;
            if bound.next().is_some() {
                return None;
            }
            match first.value {
                v @ Expr::NumberLiteral(_) => number(model.slice(v.range())),
                _ => None,
            }
        }
        _ => None,
    }
}

fn number(text: &str) -> Option<f64> {
    text.trim().replace('_', "").parse::<f64>().ok()
}

/// Python's default busy wait (docs/sqlite-facts.md#F-busy-default).
const DEFAULT_WAIT_MS: u64 = 5000;

/// The shortest wait for a lock among the connections the module opens, in
/// milliseconds, and where that connection is opened ("db.py:12"): a
/// sqlite3 or aiosqlite connection's `busy_timeout` PRAGMA, else its
/// `timeout`, else Python's default 5 s (also for a value only known at run
/// time); an apsw connection waits 0 unless the module sets a timeout on it;
/// an SQLAlchemy engine is taken at the driver's default. `None` when the
/// module opens none.
pub fn shortest_in_module(model: &Model<'_>) -> Option<(u64, String)> {
    let file = crate::diff::display_path(model.path);
    let sites = connections::sites(model, &NoWrappers);
    let mut waits: Vec<(u64, String)> = sites
        .iter()
        .map(|site| {
            let direct: Vec<&Call<'_>> = model
                .calls_in(site.scope())
                .filter(|c| matches!(&c.callee, Callee::Method { receiver: Receiver::Call(r), .. } if *r == site.outer))
                .collect();
            let mut pragmas = connections::pragmas_run(model, &direct);
            if let Some(key) = connections::key_of(model, site) {
                pragmas.merge(&connections::pragmas_run(
                    model,
                    &connections::uses(model, &key),
                ));
            }
            let ms = wait_ms(model, site.call, site.driver == Driver::Aiosqlite, &pragmas);
            (ms, site.call.range().start())
        })
        .chain(model.calls.iter().filter_map(|c| {
            let q = c.qualified()?;
            let ms = if q == "apsw.Connection" {
                let sets = model.calls.iter().any(|o| {
                    matches!(
                        o.method_name(),
                        Some("setbusytimeout" | "set_busy_timeout")
                    )
                });
                if sets { DEFAULT_WAIT_MS } else { 0 }
            } else if q.starts_with("sqlalchemy") && q.ends_with("create_engine") {
                DEFAULT_WAIT_MS
            } else {
                return None;
            };
            Some((ms, c.range().start()))
        }))
        .map(|(ms, at)| (ms, format!("{file}:{}", model.line_column(at).0)))
        .collect();
    waits.sort();
    waits.into_iter().next()
}

/// The wait of one sqlite3 or aiosqlite connection, in milliseconds.
fn wait_ms(model: &Model<'_>, call: &Call<'_>, aiosqlite: bool, pragmas: &PragmaSet) -> u64 {
    if let Some(ms) = pragmas.get("busy_timeout").flatten().and_then(number) {
        return ms.max(0.0) as u64;
    }
    if pragmas.dynamic {
        return DEFAULT_WAIT_MS;
    }
    // aiosqlite takes `timeout` by keyword only (its second parameter is not it).
    let timeout = if aiosqlite {
        call.keyword("timeout")
    } else {
        call.argument(1, "timeout")
    };
    timeout
        .and_then(|e| seconds(model, e))
        .map_or(DEFAULT_WAIT_MS, |s| (s.max(0.0) * 1000.0) as u64)
}
