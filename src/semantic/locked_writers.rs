//! Writers that take turns: every data write of the program to one database
//! file runs inside a `with <lock>:` (or `async with <lock>:`) block, apart
//! from start-up code (semantic::startup_functions), which runs before the
//! program's tasks and commands exist.
//!
//! In one process, such writers never hold SQLite's write lock at the same
//! time: each waits on the program's lock, not in SQLite's busy handler. What
//! is left for the rollback journal is a reader meeting a commit, which lasts
//! milliseconds, well inside the busy wait (docs/sqlite-facts.md#F-busy-default).
//!
//! The lock is recognized as threads::is_lock_expr does (a `lock` name or a
//! lock factory); whether two modules' locks are one object is not checked:
//! writers under different locks still each hold the write lock only for their
//! own short transaction. A write on a connection made elsewhere (handed in, a
//! factory's) counts for every file; one on a `connect(...)` of a file the
//! source does not name counts for that file only (its own root cause).
//! Several processes (a forking server, another program of the project that
//! opens the file) keep the finding: their writers take no lock of this one.

use super::project::ProjectView;
use super::startup_functions::Functions;

/// Whether every data write of the program to the file `identity` holds a
/// lock or runs at start-up, at least one of them holds a lock, and the
/// program runs in one process.
pub fn take_turns(view: &ProjectView<'_>, identity: &str) -> bool {
    if view.index.deployment().forks_workers()
        || super::sole_connection::several_processes(view).is_some()
        || super::second_writers::other_process(view).is_some()
    {
        return false;
    }
    let startup = view.index.memo(Functions::of);
    let mut locked = false;
    for (m, module) in super::facts::modules(view) {
        if !super::sole_connection::counted(module) {
            continue;
        }
        let m = m.or(view.module);
        for (f, function) in module.functions.iter().enumerate() {
            let files = &function.write_files;
            locked |= files.locked.iter().any(|w| w.may_be(identity));
            if files.unlocked.iter().any(|w| w.may_be(identity))
                && !m.is_some_and(|m| startup.contains(m, f))
            {
                return false;
            }
        }
    }
    locked
}
