//! How many threads of the program can write to its databases at once, where
//! the program bounds that number itself: every thread that writes runs on a
//! library worker pool of a fixed, small size (a `telebot.TeleBot` runs its
//! handlers on `num_threads` workers, 2 unless told), and no other thread the
//! program starts (a thread target, an executor job, a sync route, a
//! scheduler job) writes.
//!
//! With at most two writer threads, no queue of writers forms: a writer that
//! meets the other's lock waits for that one transaction and then runs, and no
//! third writer can take the lock first while it naps (F-busy-polls needs
//! several waiters to be unfair). A Python lock would order the same two
//! threads the same way. What can still make such a writer wait long is the
//! other one holding its transaction through slow work or a long loop, which
//! SQF301 and SQF402 report on the holder, not a missing lock.
//!
//! Threads started by test modules exercise the program and are not counted.
//! Async writers (coroutines on an event loop) are a party of their own: a
//! program with any is not bounded here.

use super::project::{CallRef, ProjectIndex, decorated_entries, started_entries};
use super::spread::{self, FnId};

/// The largest number of writer threads that can never form a queue: the one
/// holding the lock and the one waiting for it.
pub const FEW: usize = 2;

/// The project's bound on concurrent writer threads, when it has one.
#[derive(Debug, Clone, Default)]
pub struct WriterThreads {
    /// How many threads at most write at once, and what runs them
    /// ("the 2 worker threads of `bot`"): `None` when the program does not
    /// bound it (or no pool runs its writers).
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
    let mut threads = 0usize;
    let mut names: Vec<String> = Vec::new();
    let mut pool_handlers: Vec<(usize, &CallRef)> = Vec::new();
    for m in (0..index.modules.len()).filter(|&m| program(m)) {
        for pool in &index.modules[m].bot_pools {
            let Some(n) = pool.threads else {
                return WriterThreads::default();
            };
            threads += n;
            names.push(format!("`{}`", pool.bot));
            pool_handlers.extend(pool.handlers.iter().map(|h| (m, h)));
        }
    }
    if names.is_empty() {
        return WriterThreads::default();
    }
    // Every other thread entry of the program: none may reach a write.
    let mut seeds = Vec::new();
    for m in (0..index.modules.len()).filter(|&m| program(m)) {
        let module = &index.modules[m];
        let decorated = decorated_entries(index, Some(m), module);
        let started = started_entries(index, Some(m), module);
        for entry in module
            .thread_entries
            .iter()
            .chain(&decorated)
            .chain(&started)
        {
            if pool_handlers.iter().any(|(pm, h)| *pm == m && *h == entry) {
                continue;
            }
            if let Some(target) = index.resolve(m, entry) {
                seeds.push((m, target, String::new()));
            }
        }
    }
    let others = spread::compute(seeds, |(m, f)| {
        let summary = &index.modules[m].functions[f];
        (!summary.is_async).then(|| {
            summary
                .calls
                .iter()
                .filter_map(|call| index.resolve(m, call))
                .collect()
        })
    });
    if others.reached.keys().any(|&node| writes(index, node)) {
        return WriterThreads::default();
    }
    let what = if names.len() == 1 {
        format!("the {threads} worker threads of {}", names[0])
    } else {
        format!("the {threads} worker threads of {}", names.join(" and "))
    };
    WriterThreads {
        bound: Some((threads, what)),
    }
}
