//! How many threads of the program can write to its databases at once, where
//! the program bounds that number itself: its writers run on a library worker
//! pool of a fixed, small size (a `telebot.TeleBot` runs its handlers on
//! `num_threads` workers, 2 unless told), and every other thread entry that
//! reaches a write (a thread target, an executor job, a sync route, a
//! scheduler job) is a thread the program starts a known number of times:
//! `threading.Thread(target=f)` built in code that runs once (module level or
//! `main()`, not in a loop: threads.rs `once_started`), one thread per such
//! start. A target started per message, per request or in a loop, a route, a
//! pooled job, or a thread decorator leaves the program unbounded.
//!
//! With at most two writer threads, no queue of writers forms: a writer that
//! meets the other's lock waits for that one transaction and then runs, and no
//! third writer can take the lock first while it naps (F-busy-polls needs
//! several waiters to be unfair). A Python lock would order the same two
//! threads the same way. What can still make such a writer wait long is the
//! other one holding its transaction through slow work or a long loop, which
//! SQF301 and SQF402 report on the holder, not a missing lock. From three
//! one-statement writers in a tight loop, the rollback journal met lock errors
//! and a p99 of seconds on this machine (F-short-writers,
//! `bench/load/short_writer_threads.py`), so [`FEW`] stays two; the count
//! above it is kept for the findings to name.
//!
//! Threads started by test modules exercise the program and are not counted.
//! Async writers (coroutines on an event loop) are a party of their own: a
//! program with any is not bounded here.

use super::project::{CallRef, ProjectIndex, decorated_entries, started_entries};
use super::spread::{self, FnId};

/// The largest number of writer threads that can never form a queue: the one
/// holding the lock and the one waiting for it (a third already met lock
/// errors in a tight loop, F-short-writers).
pub const FEW: usize = 2;

/// The project's bound on concurrent writer threads, when it has one.
#[derive(Debug, Clone, Default)]
pub struct WriterThreads {
    /// How many threads at most write at once, and what runs them
    /// ("the 2 worker threads of `bot` and the thread running `reminders`"):
    /// `None` when the program does not bound it (or no pool runs its writers).
    pub bound: Option<(usize, String)>,
}

impl WriterThreads {
    /// At most [`FEW`] threads write at once.
    pub fn few(&self) -> Option<&str> {
        self.bound
            .as_ref()
            .filter(|(n, _)| *n <= FEW)
            .map(|(_, why)| why.as_str())
    }
}

/// Computed once per project.
pub fn of_project(index: &ProjectIndex) -> std::sync::Arc<WriterThreads> {
    index.memo(compute)
}

fn writes(index: &ProjectIndex, (m, f): FnId) -> bool {
    let s = &index.modules[m].functions[f];
    !s.write_files.unlocked.is_empty()
        || !s.write_files.locked.is_empty()
        || s.effects.sql_write
        || s.django_orm.1
}

/// Whether a sync thread entry reaches a write through the functions it calls.
fn reaches_write(index: &ProjectIndex, m: usize, target: FnId) -> bool {
    let reach = spread::compute(vec![(m, target, String::new())], |node| {
        index.sync_callees(node)
    });
    reach.reached.keys().any(|&node| writes(index, node))
}

fn compute(index: &ProjectIndex) -> WriterThreads {
    let program = |m: usize| !super::paths::is_test_module(&index.modules[m].path);
    // Coroutines that write: another party, on the event loop.
    let async_writes = (0..index.modules.len()).filter(|&m| program(m)).any(|m| {
        (0..index.modules[m].functions.len())
            .any(|f| index.modules[m].functions[f].is_async && writes(index, (m, f)))
    });
    if async_writes {
        return WriterThreads::default();
    }
    let mut pool = 0usize;
    let mut names: Vec<String> = Vec::new();
    let mut pool_handlers: Vec<(usize, &CallRef)> = Vec::new();
    for m in (0..index.modules.len()).filter(|&m| program(m)) {
        for bot in &index.modules[m].bot_pools {
            let Some(n) = bot.threads else {
                return WriterThreads::default();
            };
            pool += n;
            names.push(format!("`{}`", bot.bot));
            pool_handlers.extend(bot.handlers.iter().map(|h| (m, h)));
        }
    }
    if names.is_empty() {
        return WriterThreads::default();
    }
    let mut threads = pool;
    // Every other thread entry of the program that reaches a write adds the
    // threads that run it: the number of times run-once code starts it
    // (threads.rs `once_started`), or no bound at all.
    let mut extra: Vec<String> = Vec::new();
    for m in (0..index.modules.len()).filter(|&m| program(m)) {
        let module = &index.modules[m];
        let decorated = decorated_entries(index, Some(m), module);
        let started = started_entries(index, Some(m), module);
        let mut entries: Vec<&CallRef> = Vec::new();
        for entry in module
            .thread_entries
            .iter()
            .chain(&decorated)
            .chain(&started)
        {
            if !entries.contains(&entry)
                && !pool_handlers.iter().any(|(pm, h)| *pm == m && *h == entry)
            {
                entries.push(entry);
            }
        }
        for entry in entries {
            let Some(target) = index.resolve(m, entry) else {
                continue;
            };
            if !reaches_write(index, m, target) {
                continue;
            }
            let once = module
                .once_started
                .iter()
                .find(|(r, _)| r == entry)
                .map(|(_, n)| *n);
            let Some(n) = once else {
                return WriterThreads::default();
            };
            threads += n;
            let name = &index.modules[target.0].functions[target.1].qualname;
            extra.push(if n == 1 {
                format!("the thread running `{name}`")
            } else {
                format!("{n} threads running `{name}`")
            });
        }
    }
    let mut what = if names.len() == 1 {
        format!("the {pool} worker threads of {}", names[0])
    } else {
        format!("the {pool} worker threads of {}", names.join(" and "))
    };
    for (i, e) in extra.iter().enumerate() {
        what.push_str(if i + 1 == extra.len() { " and " } else { ", " });
        what.push_str(e);
    }
    WriterThreads {
        bound: Some((threads, what)),
    }
}
