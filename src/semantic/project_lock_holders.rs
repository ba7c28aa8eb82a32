//! The program's lock holders, project-wide: what lock_holders.rs finds in each
//! module, and servers whose request threads write in bursts. Apart from
//! lock_holders.rs, which facts.rs calls per module, so that neither imports
//! the other's dependents.

/// Servers that run a thread (or a worker process) per request: as many
/// writers at once as requests.
const REQUEST_THREADS: &[&str] = &[
    "http.server.ThreadingHTTPServer",
    "socketserver.ThreadingMixIn",
    "socketserver.ThreadingTCPServer",
    "werkzeug",
    "waitress",
    "cheroot",
    "flask",
    "django",
    "bottle",
    "gunicorn",
    "uwsgi",
];

/// The first module of the program (tests, benchmarks, start-up migrations,
/// examples and retired trees left out) whose code can hold a write lock for
/// seconds, as [`of_module`] says it; or a server whose request threads write
/// in bursts, as many at once as requests: without WAL such bursts of even
/// one-statement writes meet lock errors (docs/sqlite-facts.md#F-contention).
/// A few threads of the program's own (a bot library's handler threads, a
/// worker) are not a burst.
pub fn in_project(view: &super::project::ProjectView<'_>) -> Option<String> {
    // Asked per connection site: each question's index side is found once per
    // run (across_modules.rs), in the order a scan of every module would give.
    struct Wal;
    struct Burst;
    struct Holder;
    let wal = super::facts::any_module::<Wal>(view, |m| {
        counted(m) && m.journal_modes.iter().any(|(mode, _)| mode == "wal")
    });
    if !wal {
        let burst = super::facts::first_module::<Burst, String>(view, |m| {
            (counted(m) && serves_requests_in_threads(m)).then(|| {
                format!(
                    "a server's request handlers ({}), as many writers at once as requests, which without WAL meet lock errors (docs/sqlite-facts.md#F-contention)",
                    crate::diff::display_path(&m.path)
                )
            })
        });
        if burst.is_some() {
            return burst;
        }
    }
    super::facts::first_module::<Holder, String>(view, |m| {
        counted(m).then(|| m.facts.lock_holder.clone()).flatten()
    })
}

/// The shortest lock wait of any connection the program opens, in ms, and
/// where that connection is opened (long_wait.rs); `None` when it opens none.
pub fn shortest_wait(view: &super::project::ProjectView<'_>) -> Option<(u64, String)> {
    struct Shortest;
    super::facts::least_module::<Shortest, (u64, String)>(view, |m| {
        counted(m).then(|| m.facts.shortest_wait.clone()).flatten()
    })
}

/// The first module of the program whose code can keep a writer waiting
/// longer than any busy timeout (lock_holders::beyond_any_wait): what a lock
/// error needs when every connection already waits long.
pub fn beyond_any_wait(view: &super::project::ProjectView<'_>) -> Option<String> {
    struct Beyond;
    super::facts::first_module::<Beyond, String>(view, |m| {
        counted(m)
            .then(|| m.facts.holder_beyond_wait.clone())
            .flatten()
    })
}

/// The program's own code: not tests, start-up migrations, examples or retired trees.
fn counted(m: &super::project::ModuleSummary) -> bool {
    let path = &m.path;
    !super::paths::is_test_module(path)
        && !super::second_party::is_startup_only(path)
        && super::import_graph::example_tree(path).is_none()
        && super::import_graph::retired_tree(path).is_none()
}

/// A module whose requests run one thread each: a sync route (run in the
/// server's thread pool; an `async def` one runs on the event loop, one at a
/// time between awaits), or an import of a threaded server.
fn serves_requests_in_threads(m: &super::project::ModuleSummary) -> bool {
    m.functions
        .iter()
        .any(|f| f.effects.route.is_some() && !f.is_async)
        || m.facts.entries.iter().any(|(r, e)| {
            matches!(e, super::facts::Entry::Route(_))
                && !m
                    .functions
                    .iter()
                    .any(|f| f.qualname == r.simple_name() && f.is_async)
        })
        || m.imports.iter().any(|i| {
            REQUEST_THREADS.iter().any(|p| {
                i.target == *p
                    || i.target
                        .strip_prefix(p)
                        .is_some_and(|rest| rest.starts_with('.'))
            })
        })
}
