//! Whether a lock error can reach a handler at all, given how long the
//! program's connections wait for a lock.
//!
//! A writer that meets a held lock waits in the busy handler up to its
//! timeout (Python's default 5 s, docs/sqlite-facts.md#F-busy-default) and
//! raises "database is locked" only after it. When every connection the
//! program opens waits 20 s or more (`timeout=30`, `PRAGMA
//! busy_timeout=30000`, most often in the one helper every caller opens
//! through), the error needs someone holding the write lock for that long:
//! a transaction kept open across a network call, a sleep or a loop that
//! waits on each turn, or a deferred `BEGIN` whose upgrade fails without
//! waiting (F-upgrade-fails-fast), in this program or in another program of
//! the project on the same file. Short writes of the program's own threads,
//! or a framework merely imported, hold it for milliseconds; the handlers
//! then guard start-up, settings, cache or network work, not lost writes.

use super::super::Context;
use crate::semantic::long_wait::LONG_WAIT_SECONDS;
use crate::semantic::project_lock_holders;
use crate::semantic::second_party;

/// Why a lock error is plausible, as a clause for the message (empty when
/// the program opens no connection of its own, so its waits are out of
/// view); `None` when every connection waits long and nothing holds the
/// lock for longer.
pub fn plausible(ctx: &Context<'_, '_>) -> Option<String> {
    let view = ctx.project;
    let Some((ms, at)) = project_lock_holders::shortest_wait(view) else {
        return Some(String::new());
    };
    let wait = seconds(ms);
    if (ms as f64) < LONG_WAIT_SECONDS * 1000.0 {
        return Some(format!(
            "a writer here gives up after {wait} (the shortest busy wait, {at})"
        ));
    }
    let holder = project_lock_holders::beyond_any_wait(view)
        .or_else(|| second_party::other_program(view))?;
    Some(format!(
        "every connection waits {wait} or more for a lock ({at}), but {holder} can hold it longer"
    ))
}

fn seconds(ms: u64) -> String {
    if ms.is_multiple_of(1000) {
        format!("{} s", ms / 1000)
    } else {
        format!("{:.1} s", ms as f64 / 1000.0)
    }
}
