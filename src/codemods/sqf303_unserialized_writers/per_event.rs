//! SQF303 where the writers fan out from: a sync callback called once per event
//! (a logging handler's `emit`, a signal receiver, a done callback, a listener:
//! semantic::per_event) that starts a task or thread whose work writes to
//! SQLite. Each event starts one more writer and nothing waits for the last, so
//! a burst of events (a burst of log lines) is that many writers on one file at
//! once, each on its own connection: they meet in the busy handler, and without
//! WAL and a longer timeout the slowest fail with "database is locked".
//!
//! The finding lands on the start, where the fan-out is, and names the writers;
//! each writer's own statements may look harmless where they are. Advice only:
//! the fix that serializes them (records put on an `asyncio.Queue` or
//! `queue.Queue` that one consumer drains through one connection) changes when
//! the rows land and what happens to them on shutdown, so it is left to review.
//!
//! Not reported when the start or the writer is bounded: the start inside `with
//! <semaphore or lock>:`, or a writer of this module whose body takes one.

use ruff_python_ast::Stmt;
use ruff_text_size::{Ranged, TextRange};

use super::UnserializedWriters;
use crate::codemods::sqf602_checkpoint_save_storm::{is_limiter, unguarded_writers};
use crate::codemods::{Codemod, Context};
use crate::finding::Finding;

use crate::semantic::per_event;
use crate::semantic::spawn::{self, SpawnKind};
use crate::semantic::visit;

pub(super) fn check(codemod: &UnserializedWriters, ctx: &Context<'_, '_>, out: &mut Vec<Finding>) {
    let model = ctx.model;
    for s in spawn::spawns(model) {
        if matches!(s.kind, SpawnKind::Background) || s.call.is_awaited() {
            continue;
        }
        let Some(scope) = s.call.scope else {
            continue;
        };
        let Some(event) = per_event::event_of(model, scope) else {
            continue;
        };
        // `run_coroutine_threadsafe(...).result()`: the callback waits for the
        // write, so one runs at a time per calling thread.
        let after = TextRange::new(s.call.range().end(), s.call.stmt.range().end());
        if model.slice(after).trim_start().starts_with(".result(") {
            continue;
        }
        let body = &model.scopes.function(scope).def.body;
        let bounded = visit::any_stmt(body, |st| {
            matches!(st, Stmt::With(w) if w.range().contains_range(s.call.range())
                && w.items.iter().any(|i| is_limiter(model, Some(scope), &i.context_expr)))
        });
        if bounded {
            continue;
        }
        let writers = unguarded_writers(ctx, &s);
        if writers.is_empty() {
            continue;
        }
        let callback = model.scopes.function(scope).name();
        let how = match s.kind {
            SpawnKind::Thread => "a thread",
            SpawnKind::Process => "a process",
            _ => "a task",
        };
        let who = writers
            .iter()
            .map(|w| format!("`{w}`"))
            .collect::<Vec<_>>()
            .join(", ");
        let message = format!(
            "`{callback}` runs once per {event} and starts {how} running {who} each time, which writes to SQLite: nothing waits for the last one, so a burst of events is as many writers on the file at once, each in its own transaction; they queue in the busy handler and past its timeout fail with \"database is locked\""
        );
        out.push(Finding::new(codemod.meta(), s.call.range(), message).with_note(
            "serialize the writers: put each event on a queue (`asyncio.Queue`, `queue.Queue`) that one consumer drains through one connection, committing a batch at a time; or write through one shared connection under a lock (not applied: it changes when the rows land and what a shutdown loses)",
        ));
    }
}
