//! Slow work while a SQLAlchemy session holds SQLite's write lock: after a
//! statement that sends DML (`session.flush()` after `add()`, an `execute` of
//! INSERT/UPDATE/DELETE) and before the `commit()`/`rollback()` that ends the
//! transaction (semantic::orm_transactions::write_holds). pysqlite and
//! aiosqlite begin the transaction at that first write and keep the lock until
//! it ends (F-implicit-begin): a cloud call awaited in a worker thread, an
//! HTTP request, a sleep in between keeps every other session's write waiting,
//! and failing with 'database is locked' after the busy timeout.
//!
//! Only work whose duration someone else decides counts (as across modules,
//! semantic::slow_elsewhere): a file opened in between may be a few bytes. A
//! callable handed to `asyncio.to_thread`/`run_in_executor` counts unless it
//! names a standard-library function: it went to a thread because it blocks.
//!
//! Reported where the project shows a second party on its SQLite sessions
//! (threads, worker processes, another program, an async server's other
//! sessions), and not in start-up code or tests. Advice only: moving the
//! flush (or the commit) changes what a failure of the slow call undoes.

use ruff_python_ast::Expr;
use ruff_text_size::Ranged;

use crate::codemods::{Context, Meta};
use crate::finding::Finding;
use crate::semantic::model::Call;
use crate::semantic::orm_transactions;
use crate::semantic::second_party::SecondParty;
use crate::semantic::{facts, shared_sessions, slow, slow_elsewhere};

/// Callables run in a worker thread: the argument that names the work.
const THREAD_RUNNERS: &[(&str, usize)] =
    &[("asyncio.to_thread", 0), ("anyio.to_thread.run_sync", 0)];

/// Standard-library modules whose functions handed to a thread are quick.
const QUICK_MODULES: &[&str] = &["os.", "json.", "pathlib.", "builtins.", "time.time"];

pub(super) fn check(meta: &'static Meta, ctx: &Context<'_, '_>, out: &mut Vec<Finding>) {
    let model = ctx.model;
    if ctx.in_test_module() {
        return;
    }
    let imported = shared_sessions::imported_sessions(model, ctx.project);
    let holds = orm_transactions::write_holds(model, &imported);
    if holds.is_empty() || facts::sessions_on_sqlite(ctx.project).is_none() {
        return;
    }
    let party = match ctx.second_party() {
        SecondParty::Known(who) => format!("; concurrent with {who}"),
        SecondParty::None(_) => return,
        SecondParty::Unknown => String::new(),
    };
    for hold in &holds {
        for call in model.calls_in(Some(hold.scope)) {
            let at = call.range();
            if call.in_lambda || at.start() <= hold.write.end() || at.end() > hold.end.start() {
                continue;
            }
            let Some(what) = slow_work(ctx, call) else {
                continue;
            };
            if ctx.at_start_alone(at.start()) {
                continue;
            }
            let (write_line, end_line) = (
                model.line_column(hold.write.start()).0,
                model.line_column(hold.end.start()).0,
            );
            let message = format!(
                "`{}(...)` {what} while session `{}` holds SQLite's write lock: the write on line {write_line} (a flush or DML statement) took it, and it is held until line {end_line} ends the transaction, so every other session's write waits for the slow work and fails with 'database is locked' after the busy timeout (docs/sqlite-facts.md#F-implicit-begin){party}",
                slow::callee_text(model, call),
                hold.label
            );
            out.push(Finding::new(meta, at, message).with_note(format!(
                "do the slow work before the first write of the transaction, or commit `{}` before it, so the lock is held only for the SQL (either changes what a failure of the slow call undoes)",
                hold.label
            )));
        }
    }
}

/// What the call does that someone else decides the length of, if anything.
fn slow_work(ctx: &Context<'_, '_>, call: &Call<'_>) -> Option<String> {
    let model = ctx.model;
    // Slow work that is not the program's own to bound, or a whole file hashed.
    if let Some(what) = slow::slow_call(model, call)
        .filter(|w| slow::TAKES_SECONDS.contains(w) || *w == slow::HASHES_FILE)
    {
        return Some(what.to_string());
    }
    if let Some(found) = slow_elsewhere::reached(ctx.project, model, call) {
        return Some(format!("calls `{}`, which {}", found.function, found.what));
    }
    let q = call.qualified().unwrap_or_default();
    let position = THREAD_RUNNERS
        .iter()
        .find(|(name, _)| *name == q)
        .map(|(_, i)| *i)
        .or_else(|| (call.method_name() == Some("run_in_executor")).then_some(1))?;
    let work = call.expr.arguments.args.get(position)?;
    if !matches!(work, Expr::Name(_) | Expr::Attribute(_)) {
        return None;
    }
    if let Some(name) = model.resolve(work, call.scope) {
        if QUICK_MODULES.iter().any(|m| name.starts_with(m)) {
            return None;
        }
    }
    Some(format!(
        "waits for `{}` run in a worker thread (blocking work)",
        model.slice(work.range())
    ))
}
