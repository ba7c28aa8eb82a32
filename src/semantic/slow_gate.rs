//! A check, then slow work, then the write the check allowed.
//!
//! `if already_delivered(order): return`, then a payment provider's HTTP API
//! (seconds), then `INSERT INTO buyers` and `DELETE FROM items`: the check only
//! asks whether a row exists, which alone is no lost update (a second run
//! within microseconds is what a unique key settles). Across a slow call the
//! window is seconds wide: a double tap runs the handler twice, both pass the
//! check before either writes, and the goods are delivered twice. So a write
//! that the read's rows gate, with slow work between them, counts whatever the
//! test asks of the rows.

use ruff_text_size::TextRange;

use super::model::Model;
use super::slow;
use super::transactions::{self, Flow};

/// Whether the write event `write` runs only as the rows of the read event
/// `read` decide (a test around it, or an exit before it), with a slow call
/// (HTTP, sleep, subprocess; `slow::slow_call`) between the two.
pub fn gated_across_slow_call(
    model: &Model<'_>,
    flow: &Flow<'_, '_>,
    read: usize,
    write: usize,
) -> bool {
    let (Some(read_call), Some(write_call)) = (flow.events[read].call, flow.events[write].call)
    else {
        return false;
    };
    let (read_at, write_at) = (read_call.range(), write_call.range());
    if write_at.start() <= read_at.end() {
        return false;
    }
    let between = TextRange::new(read_at.end(), write_at.start());
    let slow = model.calls_in(Some(flow.scope)).any(|c| {
        !c.in_lambda && between.contains_range(c.range()) && slow::slow_call(model, c).is_some()
    });
    if !slow {
        return false;
    }
    // A test around the write, or an exit before it, on the rows: whether
    // a row came back counts here (semantic::read_dependence); a loop over
    // them is no check.
    transactions::read_data(model, flow, read, write)
        .is_some_and(|data| data.tested_around(true) || data.exit_guard(true))
}
