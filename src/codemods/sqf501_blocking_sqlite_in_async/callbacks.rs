//! Sync functions the event loop runs itself: an asyncio protocol's
//! `data_received` or `datagram_received`, a function handed to
//! `loop.call_soon`, `call_later` or `add_reader`, a task's done callback
//! (semantic/loop_users.rs finds them). No `async def` is on the path, yet they
//! run on the loop's thread between its other callbacks: sqlite3 work in them,
//! or in the sync helpers they call, blocks the loop exactly as in a coroutine.
//!
//! No fix is offered: a sync callback cannot await a worker thread. The usual
//! repair hands the work to a writer thread through a queue, or schedules a
//! coroutine that offloads it; which one fits depends on ordering the program
//! needs, so the note says both.

use ruff_text_size::Ranged;

use super::{BlockingSqliteInAsync, helper_root};
use crate::codemods::{Codemod, Context};
use crate::finding::Finding;
use crate::semantic::loop_users;
use crate::semantic::model::Callee;
use crate::semantic::project::BLOCKING_METHODS;

const NOTE: &str = "a sync callback cannot await; hand the database work to a writer thread fed by a `queue.SimpleQueue`, or schedule a task that runs it with `asyncio.to_thread`";

pub(super) fn findings(codemod: &BlockingSqliteInAsync, ctx: &Context<'_, '_>) -> Vec<Finding> {
    let model = ctx.model;
    let mut out = Vec::new();
    for (id, how) in loop_users::loop_callbacks(model) {
        let function = model.scopes.function(id);
        let name = &function.qualname;
        for call in model.calls_in(Some(id)) {
            if call.in_lambda {
                continue;
            }
            let Some(reach) = ctx.project.reach_of(model, call).filter(|r| r.blocking) else {
                continue;
            };
            let Some((module, summary)) = ctx.project.function(model, call) else {
                continue;
            };
            let what = if reach.orm {
                "blocking database I/O (queries on a sync SQLAlchemy session)"
            } else {
                "blocking sqlite3 I/O"
            };
            let message = format!(
                "`{}()` does {what} and runs on the event loop in `{name}`, a sync callback the loop runs ({how})",
                model.slice(call.expr.func.range())
            );
            out.push(
                Finding::new(codemod.meta(), call.range(), message)
                    .with_root(helper_root(ctx, module, summary))
                    .with_note(NOTE),
            );
        }
        let direct = ctx
            .project
            .own
            .function(name)
            .is_some_and(|s| s.direct_io && !s.is_async);
        if !direct {
            continue;
        }
        let first = model.calls_in(Some(id)).find(|c| {
            !c.in_lambda
                && matches!(&c.callee, Callee::Method { name, .. }
                    if BLOCKING_METHODS.contains(&name.as_str()))
        });
        if let Some(call) = first {
            let message = format!(
                "Blocking `{}` runs on the event loop in `{name}`, a sync callback the loop runs ({how})",
                model.slice(call.expr.func.range())
            );
            out.push(Finding::new(codemod.meta(), call.range(), message).with_note(NOTE));
        }
    }
    out
}
