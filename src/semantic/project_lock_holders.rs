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
    let modules: Vec<&super::project::ModuleSummary> = super::facts::modules(view)
        .into_iter()
        .map(|(_, m)| m)
        .filter(|m| {
            let path = &m.path;
            !super::paths::is_test_module(path)
                && !super::second_party::is_startup_only(path)
                && super::import_graph::example_tree(path).is_none()
                && super::import_graph::retired_tree(path).is_none()
        })
        .collect();
    let wal = modules
        .iter()
        .any(|m| m.journal_modes.iter().any(|(mode, _)| mode == "wal"));
    if let Some(m) = modules.iter().filter(|_| !wal).find(|m| {
        // A sync route runs in the server's thread pool; an `async def` one
        // runs on the event loop, one at a time between awaits.
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
                REQUEST_THREADS
                    .iter()
                    .any(|p| i.target == *p || i.target.starts_with(&format!("{p}.")))
            })
    }) {
        return Some(format!(
            "a server's request handlers ({}), as many writers at once as requests, which without WAL meet lock errors (docs/sqlite-facts.md#F-contention)",
            crate::diff::display_path(&m.path)
        ));
    }
    modules.iter().find_map(|m| m.facts.lock_holder.clone())
}
