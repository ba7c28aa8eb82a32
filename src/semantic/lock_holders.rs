//! Code that can hold a SQLite database's write lock for seconds, or that can
//! get "database is locked" without waiting: what a swallowed lock error needs
//! on the other side (SQF701).
//!
//! A writer waits up to the busy timeout, 5 s by default (F-busy-default).
//! When every transaction of the program is one statement committed at once,
//! with pauses between writes as a program has, another writer waits
//! milliseconds for it and does not reach that timeout (paced writers: no lock
//! error up to sixteen threads, `bench/load/short_writer_threads.py`; the
//! pair the fact script checks, `bench/facts/short_writers.py`). What does
//! reach it, found per module:
//! - a write whose transaction spans slow work (a network call, a sleep, file
//!   or process I/O) before its commit;
//! - writes in a loop committed after the loop, when the loop also waits on
//!   the network or sleeps (a loop of statements alone runs thousands a second);
//! - a deferred `BEGIN` sent by the code: its read-then-write fails at once
//!   when another connection wrote first (F-upgrade-fails-fast);
//! - a connection opened with a busy timeout under a second (`timeout=0`):
//!   a writer that meets any held lock fails at once;
//! - an ORM (SQLAlchemy, peewee, Django, Pony), whose transactions the source
//!   does not bound statement by statement.
//!
//! Another process on the same file is the other such holder; it is found
//! project-wide (second_party.rs, sole_connection.rs), not here.

use ruff_python_ast::{Expr, Number, Stmt};
use ruff_text_size::{Ranged, TextRange, TextSize};

use super::effects;
use super::model::{Call, Model};
use super::slow;

/// ORM packages whose sessions run transactions the code does not spell out.
const ORMS: &[&str] = &[
    "sqlalchemy",
    "sqlmodel",
    "peewee",
    "django",
    "pony",
    "tortoise",
];

/// The first place in the module that can hold a write lock for seconds, as a
/// reader finds it: "a loop of writes committed once (jobs.py:40)".
pub fn of_module(model: &Model<'_>) -> Option<String> {
    first_holder(model, true)
}

/// The first place in the module that can keep another writer waiting longer
/// than any busy timeout it sets: a transaction held open across slow work, a
/// batch committed after a loop that waits on each turn, or a deferred `BEGIN`
/// (whose upgrade fails without waiting at all). An ORM's sessions and a short
/// timeout are left out: the first is no concrete holder, and the second is a
/// short wait, which the project's shortest wait already shows.
pub fn beyond_any_wait(model: &Model<'_>) -> Option<String> {
    first_holder(model, false)
}

fn first_holder(model: &Model<'_>, configuration: bool) -> Option<String> {
    let file = crate::diff::display_path(model.path);
    let at = |offset: TextSize| format!("{file}:{}", model.line_column(offset).0);
    if let Some(orm) = model
        .imports
        .iter()
        .filter(|_| configuration)
        .find_map(|i| {
            ORMS.iter()
                .find(|o| i.target == **o || i.target.starts_with(&format!("{o}.")))
        })
    {
        return Some(format!(
            "{orm} sessions, whose transactions span whatever runs between their first write and their commit ({file})"
        ));
    }
    for call in &model.calls {
        if call.in_lambda {
            continue;
        }
        if let Some(timeout) = short_timeout(model, call).filter(|_| configuration) {
            return Some(format!(
                "a connection opened with `timeout={timeout}`, whose writers fail at once on any held lock ({})",
                at(call.range().start())
            ));
        }
        if deferred_begin(model, call) {
            return Some(format!(
                "a deferred `BEGIN` whose read-then-write fails at once when another connection wrote first (docs/sqlite-facts.md#F-upgrade-fails-fast; {})",
                at(call.range().start())
            ));
        }
        if effects::sql_write(model, call).is_none() {
            continue;
        }
        let body: &[Stmt] = match call.scope {
            Some(id) => &model.scopes.function(id).def.body,
            None => model.suite,
        };
        let end = transaction_end(model, body, call);
        if let Some(slow) = model.calls_in(call.scope).find(|c| {
            !c.in_lambda
                && c.range().start() > call.range().end()
                && c.range().end() <= end
                && takes_seconds(model, c)
        }) {
            return Some(format!(
                "a write held open across `{}` before its commit ({})",
                slow::callee_text(model, slow),
                at(call.range().start())
            ));
        }
        if let Some(loop_stmt) = super::loops::enclosing_loops(body, call.range())
            .first()
            .copied()
        {
            let commits_inside = model.calls_in(call.scope).any(|c| {
                loop_stmt.range().contains_range(c.range())
                    && (effects::is_commit(model, c) || c.method_name() == Some("close"))
            }) || within_with(body, call.range(), loop_stmt.range());
            // A loop of statements alone runs thousands of rows a second; one
            // that also waits on the network or sleeps holds the lock for all
            // of its turns' waits.
            let waits = model.calls_in(call.scope).find(|c| {
                !c.in_lambda
                    && loop_stmt.range().contains_range(c.range())
                    && takes_seconds(model, c)
            });
            if let (false, Some(wait)) = (commits_inside, waits) {
                return Some(format!(
                    "a loop that writes and calls `{}` on each turn, committed once after the loop ({})",
                    slow::callee_text(model, wait),
                    at(call.range().start())
                ));
            }
        }
    }
    None
}

/// Whether `call` takes seconds, not milliseconds (`slow::TAKES_SECONDS`).
fn takes_seconds(model: &Model<'_>, call: &Call<'_>) -> bool {
    slow::slow_call(model, call).is_some_and(|what| slow::TAKES_SECONDS.contains(&what))
}

/// Where the write's transaction ends at the latest, as far as the function
/// shows: its next commit or close, or the end of a `with` block around it
/// (a `with conn:` commits there; any other `with` is taken as one too, so
/// that a slow call after an unrelated block is never blamed on the write).
fn transaction_end(model: &Model<'_>, body: &[Stmt], write: &Call<'_>) -> TextSize {
    let after = write.range().end();
    let mut end = body.last().map_or(after, Ranged::end);
    if let Some(next) = model
        .calls_in(write.scope)
        .filter(|c| c.range().start() >= after)
        .filter(|c| effects::is_commit(model, c) || c.method_name() == Some("close"))
        .map(|c| c.range().start())
        .min()
    {
        end = end.min(next);
    }
    if let Some(with) = innermost_with(body, write.range()) {
        end = end.min(with.end());
    }
    end
}

/// The innermost `with` statement around `target` in `suite`.
fn innermost_with(suite: &[Stmt], target: TextRange) -> Option<&Stmt> {
    let mut found = None;
    for stmt in super::loops::local_ancestors(suite, target) {
        if matches!(stmt, Stmt::With(_)) {
            found = Some(stmt);
        }
    }
    found
}

/// A `with` block around `target` that sits inside `within` (a loop): it ends
/// the write's transaction on each turn.
fn within_with(suite: &[Stmt], target: TextRange, within: TextRange) -> bool {
    innermost_with(suite, target).is_some_and(|w| within.contains_range(w.range()))
}

/// `sqlite3.connect(p, timeout=0)` (or any literal under a second).
fn short_timeout(model: &Model<'_>, call: &Call<'_>) -> Option<String> {
    if !matches!(
        call.qualified(),
        Some("sqlite3.connect" | "sqlite3.dbapi2.connect")
    ) {
        return None;
    }
    let value = call
        .expr
        .arguments
        .find_keyword("timeout")
        .map(|k| &k.value)
        .or_else(|| call.expr.arguments.args.get(1))?;
    let Expr::NumberLiteral(n) = value else {
        return None;
    };
    let seconds = match &n.value {
        Number::Int(i) => i.as_u64().map(|v| v as f64)?,
        Number::Float(f) => *f,
        Number::Complex { .. } => return None,
    };
    (seconds < 1.0).then(|| model.slice(value.range()).to_string())
}

/// `execute("BEGIN")` or `execute("BEGIN DEFERRED")`: not IMMEDIATE or EXCLUSIVE.
fn deferred_begin(model: &Model<'_>, call: &Call<'_>) -> bool {
    if call.method_name() != Some("execute") {
        return false;
    }
    let Some(Expr::StringLiteral(s)) = call.expr.arguments.args.first() else {
        return false;
    };
    let sql = s.value.to_str().trim().to_ascii_uppercase();
    let sql = sql.trim_end_matches(';').trim();
    let _ = model;
    matches!(
        sql,
        "BEGIN" | "BEGIN TRANSACTION" | "BEGIN DEFERRED" | "BEGIN DEFERRED TRANSACTION"
    )
}
