//! SQF505 sqlite-call-on-loop: the calls SQF501 finds that nothing can make wait.
//!
//! A sync sqlite3 call in `async def` whose connection is its own (or the
//! program's only one to its file), whose work is bounded, in a program where
//! no thread, executor, worker process or other program opens the database:
//! by docs/sqlite-facts.md#F-busy-needs-two it never waits on a lock, and it
//! stalls the loop for its own work, about a millisecond
//! (`bench/load/loop_stall.py`). SQF501 decides the shape (`per_call`) and
//! hands such a finding this rule's id (`monitor_if`); this rule is off by
//! default (`default = false` in its `codemod.toml`), so the default output
//! has no finding that is not a hazard by the project's own facts. Defined
//! here, beside the code that decides it (codemods/sqf505_sqlite_call_on_loop.rs
//! names it in the list of rules).

use crate::codemods::{Codemod, Context};
use crate::finding::Finding;

pub struct SqliteCallOnLoop;

impl Codemod for SqliteCallOnLoop {
    crate::codemod_meta!("SQF505-sqlite-call-on-loop");

    fn check(&self, ctx: &Context<'_, '_>, out: &mut Vec<Finding>) {
        let id = self.meta().id.as_str();
        let mut all = Vec::new();
        super::BlockingSqliteInAsync::check_both(ctx, &mut all);
        out.extend(all.into_iter().filter(|f| f.id == id));
    }
}

/// SQF505's id.
pub(super) fn id() -> &'static str {
    SqliteCallOnLoop.meta().id.as_str()
}
