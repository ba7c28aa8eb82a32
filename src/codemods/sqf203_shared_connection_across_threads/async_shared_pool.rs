//! An async SQLAlchemy engine on a SQLite *file* whose pool hands one
//! connection to every task: `create_async_engine(file_url,
//! poolclass=StaticPool)`, or `SingletonThreadPool` (one connection per
//! thread, and every task of the loop runs on the loop's one thread).
//!
//! Each `AsyncSession` checks its connection out of the pool; these pools give
//! every checkout the same aiosqlite connection, so the sessions of tasks that
//! overlap on the loop run their statements in one transaction: one task's
//! `commit()` commits another's half-done writes, its rollback undoes the
//! other's, and a second `BEGIN` raises "cannot start a transaction within a
//! transaction" (docs/sqlite-facts.md#F-static-pool, #F-aiosqlite-shared-race).
//! The sync engine's case, with threads, is SQF112's (one_connection_pool.rs);
//! this one needs no thread at all, only tasks that overlap.
//!
//! A pool of one that is still a queue (`pool_size=1, max_overflow=0`) is not
//! this hazard: a second checkout waits for the first to come back, so the
//! tasks' transactions run one after the other.
//!
//! Reported only where tasks overlap: a server or bot on the loop (its requests
//! or updates), or code that runs work side by side (`create_task`, `gather`, a
//! task group). An in-memory URL (StaticPool's own recipe, where the one
//! connection *is* the database) never reaches here, nor does a command-line
//! program that awaits one coroutine at a time. Advice only: dropping the pool
//! class changes what tasks see of each other's uncommitted rows.

use super::super::{Context, Meta};
use crate::finding::Finding;
use crate::semantic::model::{Call, Model};
use crate::semantic::project::ModuleSummary;
use crate::semantic::sqlite_urls::{self, UrlKind};

pub fn check(meta: &'static Meta, ctx: &Context<'_, '_>, out: &mut Vec<Finding>) {
    if ctx.in_test_module() {
        return;
    }
    let model = ctx.model;
    for call in &model.calls {
        if !is_async_engine(call) {
            continue;
        }
        let Some(pool) = shared_pool(model, call) else {
            continue;
        };
        let Some(url) = crate::semantic::splat_keywords::argument(model, call, 0, "url") else {
            continue;
        };
        if sqlite_urls::url_kind(model, url, call.scope, call.range().start())
            != UrlKind::SqliteFile
        {
            continue;
        }
        let Some(tasks) = overlapping_tasks(ctx) else {
            continue;
        };
        let message = format!(
            "async SQLAlchemy engine on a SQLite file with `poolclass={pool}`: every `AsyncSession` gets the same connection, so the sessions of {tasks} run in one transaction; one task's commit commits another's half-done writes, its rollback undoes them, and a second BEGIN fails with \"cannot start a transaction within a transaction\" (docs/sqlite-facts.md#F-static-pool, docs/sqlite-facts.md#F-aiosqlite-shared-race)"
        );
        out.push(Finding::new(meta, call.range(), message).with_note(
            "drop `poolclass=` so each session checks out a connection of its own (with WAL and a busy timeout set on connect), or serialize the sessions with one `asyncio.Lock` held from the first statement to the commit",
        ));
    }
}

fn is_async_engine(call: &Call<'_>) -> bool {
    call.qualified().is_some_and(|q| {
        (q.starts_with("sqlalchemy") || q.starts_with("sqlmodel"))
            && q.ends_with(".create_async_engine")
    })
}

/// The pool class that hands every checkout on the loop's thread one
/// connection, by its last name.
fn shared_pool(model: &Model<'_>, call: &Call<'_>) -> Option<&'static str> {
    let pool = call.keyword("poolclass")?;
    let qualified = model.resolve(pool, call.scope)?;
    if !qualified.starts_with("sqlalchemy") {
        return None;
    }
    match qualified.rsplit('.').next()? {
        "StaticPool" => Some("StaticPool"),
        "SingletonThreadPool" => Some("SingletonThreadPool"),
        _ => None,
    }
}

/// Who runs tasks that overlap on the loop, with where the project shows it:
/// an event-loop framework's requests or updates, a server started on the
/// loop, or work started side by side. `None`: the loop runs one coroutine at
/// a time as far as the project shows.
fn overlapping_tasks(ctx: &Context<'_, '_>) -> Option<String> {
    let own = &ctx.project.own;
    let modules = std::iter::once(&**own).chain(
        ctx.project
            .index
            .modules
            .iter()
            .enumerate()
            .filter(|(i, _)| Some(*i) != ctx.project.module)
            .map(|(_, m)| m),
    );
    let modules: Vec<&ModuleSummary> = modules
        .filter(|m| !crate::semantic::paths::is_test_module(&m.path))
        .collect();
    for m in &modules {
        let file = crate::diff::display_path(&m.path);
        for import in &m.imports {
            if let Some((prefix, what)) = crate::semantic::second_party::LOOP_FRAMEWORKS
                .iter()
                .find(|(p, _)| import.target == *p || import.target.starts_with(&format!("{p}.")))
            {
                return Some(format!(
                    "the concurrent requests or updates of {what} ({file} imports {prefix})"
                ));
            }
        }
        if let Some((call, line)) = &m.facts.loop_users.serves {
            return Some(format!(
                "the clients of the server {call} starts ({file}:{line})"
            ));
        }
    }
    modules.iter().find_map(|m| {
        let (what, line) = m.facts.loop_users.concurrent.as_ref()?;
        Some(format!(
            "the tasks {what} runs side by side ({}:{line})",
            crate::diff::display_path(&m.path)
        ))
    })
}
