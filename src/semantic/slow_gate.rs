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

use ruff_python_ast::{Expr, Stmt};
use ruff_text_size::{Ranged, TextRange};

use super::model::Model;
use super::slow;
use super::transactions::{Flow, Op, bound_names, loaded_names, scope_stmts};

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
    let mut rows: Vec<String> = bound_names(read_call.stmt);
    for e in &flow.events {
        if e.op == Op::Fetch && between.contains_range(e.range) {
            rows.extend(bound_names(e.stmt));
        }
    }
    let tests_rows = |test: &Expr| {
        test.range().contains_range(read_at) || loaded_names(test).iter().any(|n| rows.contains(n))
    };
    scope_stmts(&model.scopes.function(flow.scope).def.body)
        .into_iter()
        .any(|s| match s {
            Stmt::If(i) if tests_rows(&i.test) => {
                let around = i.body.iter().any(|b| b.range().contains_range(write_at));
                let exits_before = i.end() <= write_at.start()
                    && i.start() >= read_at.end()
                    && matches!(
                        i.body.last(),
                        Some(Stmt::Return(_) | Stmt::Raise(_) | Stmt::Continue(_) | Stmt::Break(_))
                    );
                around || exits_before
            }
            _ => false,
        })
}
