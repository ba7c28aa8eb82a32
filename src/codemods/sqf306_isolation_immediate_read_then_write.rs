//! SQF306 isolation-immediate-read-then-write: a connection opened with
//! `isolation_level="IMMEDIATE"` (or EXCLUSIVE) that reads and then writes what
//! it read, trusting the isolation level to make that atomic.
//!
//! It does not: in legacy transaction control Python sends its implicit
//! `BEGIN IMMEDIATE` only right before the first INSERT/UPDATE/DELETE, after the
//! SELECT (F-isolation-immediate), so the read runs in autocommit and concurrent calls lose
//! updates (20 threads x 100 increments lost 1,893 of 2,000). No lock error shows
//! it. The detection is SQF305's lost-update shape (the write's arguments, or a
//! test or loop deciding it, use the read's rows), restricted to these modes.
//!
//! The fix is SQF305's: `with conn:` + `conn.execute("BEGIN IMMEDIATE")` before
//! the read, up to the commit. The connection keeps `isolation_level="IMMEDIATE"`:
//! Python sends no implicit BEGIN while a transaction is open, so the explicit one
//! is what runs, and other code on the connection behaves as before; switching to
//! `isolation_level=None` would change every other function that relies on the
//! implicit BEGIN. Unsafe for the same reason as SQF305 (the lock is held during
//! the read; the commit moves to the end of the block).

use super::sqf305_deferred_read_then_write::{Shape, hazards, report, second_writer};
use super::{Codemod, Context};
use crate::finding::Finding;
use crate::semantic::sql::BeginMode;
use crate::semantic::transactions::TxMode;

pub struct IsolationImmediateReadThenWrite;

impl Codemod for IsolationImmediateReadThenWrite {
    crate::codemod_meta!("SQF306-isolation-immediate-read-then-write");

    fn check(&self, ctx: &Context<'_, '_>, out: &mut Vec<Finding>) {
        let _sites = ctx.sites();
        let flows = ctx.flows();
        let threaded = ctx.threaded_functions();
        let party = ctx.second_party();
        for flow in flows.iter().filter(|f| {
            matches!(
                f.mode,
                TxMode::Legacy(BeginMode::Immediate | BeginMode::Exclusive)
            )
        }) {
            for hazard in hazards(ctx, flow) {
                if hazard.shape != Shape::LostUpdate {
                    continue;
                }
                // A lost update needs another writer between the read and the write.
                if let Some(writer) = second_writer(ctx, flow, hazard, threaded, party) {
                    out.push(report(self.meta(), ctx, flow, hazard, threaded, &writer));
                }
            }
        }
    }
}
