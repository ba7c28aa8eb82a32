//! A coroutine that opens its connection on a worker thread
//! (`conn = await anyio.to_thread.run_sync(open_db, path)`) and goes on using it
//! through later hand-offs to the same pool (`run_sync(repo.next_item)`,
//! `run_sync(conn.close)`, repositories built on `conn`): the pool gives each
//! call whichever thread is free, so with the default `check_same_thread=True`
//! the calls that land on another thread than the opener's raise
//! ProgrammingError (docs/sqlite-facts.md#F-same-thread). A dedicated
//! one-worker executor (`ThreadPoolExecutor(max_workers=1)` for every call)
//! keeps them on one thread, and is left alone.
//!
//! Advice only: `check_same_thread=False` in the opener is safe when these
//! awaited calls are the connection's only uses (one at a time), which the
//! opener's other callers cannot promise.

use ruff_text_size::Ranged;

use super::super::{Context, Meta};
use crate::finding::Finding;
use crate::semantic::offloaded_open;
use crate::semantic::spawn::func_ref;
use crate::semantic::thread_decorators;

pub fn check(meta: &'static Meta, ctx: &Context<'_, '_>, out: &mut Vec<Finding>) {
    let model = ctx.model;
    for call in &model.calls {
        let Some(scope) = call.scope else { continue };
        if !model.scopes.function(scope).is_async() || call.in_lambda {
            continue;
        }
        let Some(target) = thread_decorators::pooled_target(model, call) else {
            continue;
        };
        let Some(opener) = same_thread_opener(ctx, scope, call, target) else {
            continue;
        };
        let Some(uses) = offloaded_open::later_uses(model, scope, call) else {
            continue;
        };
        let Some((first, callable)) = uses.on_threads.first() else {
            continue;
        };
        // Every call on one dedicated worker: one thread, no crossing.
        if let Some(executor) = offloaded_open::single_worker_executor(model, call) {
            let same = uses.on_threads.iter().all(|(r, _)| {
                model
                    .call_at(*r)
                    .and_then(|c| offloaded_open::single_worker_executor(model, c))
                    == Some(executor.clone())
            });
            if same {
                continue;
            }
        }
        let line = model.line_column(first.start()).0;
        let more = match uses.on_threads.len() {
            1 => String::new(),
            n => format!(" and {} more", n - 1),
        };
        let message = format!(
            "`{}` is opened on a worker thread (`{opener}`, check_same_thread=True, the default) and then used through later worker-thread calls (`{callable}` at line {line}{more}): the pool runs each call on whichever thread is free, so the calls that land on another thread than the opener's raise ProgrammingError",
            uses.name
        );
        out.push(Finding::new(meta, call.range(), message).with_note(
            "run the whole unit of work (open, queries, close) in one worker-thread call, or keep the connection on a dedicated one-worker executor (`ThreadPoolExecutor(max_workers=1)` with `loop.run_in_executor`); `check_same_thread=False` is safe only while these awaited calls are its only uses, one at a time",
        ));
    }
}

/// The callable opens a sqlite3 connection with the default check_same_thread:
/// `sqlite3.connect` itself, or a project opener that returns a fresh one.
fn same_thread_opener(
    ctx: &Context<'_, '_>,
    scope: crate::semantic::scopes::FuncId,
    call: &crate::semantic::model::Call<'_>,
    target: &ruff_python_ast::Expr,
) -> Option<String> {
    let model = ctx.model;
    let text = model.slice(target.range()).to_string();
    if model.resolve(target, Some(scope)).as_deref() == Some("sqlite3.connect") {
        return call.keyword("check_same_thread").is_none().then_some(text);
    }
    let r = func_ref(model, Some(scope), target)?;
    let (_, summary) = ctx.project.resolve_from(None, &r)?;
    let factory = summary.factory.as_ref()?;
    (factory.fresh && factory.same_thread).then_some(text)
}
