//! A local connection that holds nothing when the function lets go of it
//! (docs/sqlite-facts.md#F-dropped-handles): every write it runs is inside a
//! `with conn:` block of its own, which commits, or rolls back when the block
//! raises, so no path out of the function (a `return`, a `raise`, an exception
//! from any call) leaves a transaction open. Its reads hold nothing either: a
//! cursor the function does not hand out is reset as the function returns,
//! however far it was fetched. Dropped without `close()`, such a connection
//! costs one file descriptor until the cyclic garbage collector's young pass,
//! which the dropped connections themselves trigger every few dozen calls on
//! one thread. A write outside such a block is not this shape: even a single
//! write followed by `commit()` keeps the write lock when the write itself
//! fails (a constraint), since Python's implicit `BEGIN` already ran.
//!
//! Used for `with <connect> as conn:` (the block is the connection's own).

use ruff_text_size::{Ranged, TextRange};

use crate::codemods::Context;
use crate::semantic::connections::{self, ConnSite};
use crate::semantic::sql::SqlKind;
use crate::semantic::transactions::{Op, TxMode};

/// Whether the connection `site` opens in a function writes only inside its own
/// `with conn:` blocks, begins no transaction itself, and is never handed on.
pub(super) fn holds_nothing(ctx: &Context<'_, '_>, site: &ConnSite<'_, '_>) -> bool {
    let Some(flow) = ctx.flow_of_site(site) else {
        return false;
    };
    // `with conn:` commits only in the legacy modes (the default): under
    // Python 3.12's `autocommit=True` it does nothing, and with
    // `isolation_level=None` a write runs on its own (but a BEGIN may not).
    if !matches!(flow.mode, TxMode::Legacy(_)) {
        return false;
    }
    let blocks: Vec<TextRange> = flow
        .with_blocks
        .iter()
        .filter_map(|w| {
            let (first, last) = (w.body.first()?, w.body.last()?);
            Some(TextRange::new(first.start(), last.end()))
        })
        .collect();
    let inside = |r: TextRange| blocks.iter().any(|b| b.contains_range(r));
    for event in &flow.events {
        match &event.op {
            Op::Read | Op::Fetch | Op::Close | Op::WithExit => {}
            Op::Commit { .. } | Op::Rollback { .. } => {}
            Op::Write | Op::Ddl | Op::Script(_) => {
                if !inside(event.range) {
                    return false;
                }
            }
            // A PRAGMA runs outside any transaction and leaves none open.
            Op::Other if only_pragmas(ctx, event.call) => {}
            Op::Other | Op::Begin(_) | Op::Escape => return false,
        }
    }
    // The flow agrees: no exit of the function sees a transaction open.
    flow.exits
        .iter()
        .all(|x| x.states.iter().all(|s| s.open().is_none()))
}

fn only_pragmas(ctx: &Context<'_, '_>, call: Option<&crate::semantic::model::Call<'_>>) -> bool {
    call.and_then(|c| connections::sql_of(ctx.model, c))
        .is_some_and(|(kinds, _)| {
            !kinds.is_empty() && kinds.iter().all(|k| matches!(k, SqlKind::Pragma(_)))
        })
}
