//! Who else can touch the database while this code runs: the "second party" a
//! concurrency hazard needs. A lock held too long, a missing busy timeout, a
//! read-then-write that can lose an update, all harm someone only when another
//! thread, process or interleaved task uses the same file at the same time.
//!
//! The evidence is project-wide: functions started on threads or processes, sync
//! web routes (the framework runs them in a thread pool), thread and process
//! libraries imported, aiosqlite (a worker thread per connection), and frameworks
//! that serve requests on threads or worker processes. A project that is an
//! application built on an event-loop framework (a bot, an ASGI server, an MCP
//! server) and shows none of it runs every sync query on one thread: nothing
//! waits on its locks. A project with no such framework may be a library whose
//! callers are concurrent, so its findings stay, with less confidence.
//!
//! Startup-only code (schema migrations) runs before anything else uses the
//! database, so it has no second party *yet*.

use std::path::Path;

use super::facts::{self, Entry};
use super::project::{ModuleSummary, ProjectView};
use super::spawn::SpawnKind;

/// What the project shows about concurrent use of its databases.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SecondParty {
    /// Something runs concurrently; the text names it and where it is
    /// ("worker threads running `poll` (jobs.py)").
    Known(String),
    /// An event-loop application with nothing concurrent beside its sync
    /// database calls; the text says what the program is.
    None(String),
    /// No evidence either way (a library, a script whose callers are elsewhere).
    Unknown,
}

/// Imports that start threads or processes, by dotted prefix, and what they mean.
const CONCURRENT_IMPORTS: &[(&str, &str)] = &[
    ("threading", "threads"),
    ("concurrent.futures", "a thread or process pool"),
    ("multiprocessing", "worker processes"),
    ("apscheduler.schedulers.background", "scheduler threads"),
    ("apscheduler.schedulers.blocking", "scheduler threads"),
    ("apscheduler.executors.pool", "scheduler threads"),
    ("celery", "Celery worker processes"),
    ("rq", "RQ worker processes"),
    ("dramatiq", "Dramatiq worker processes"),
    ("huey", "Huey worker processes"),
    ("aiosqlite", "aiosqlite's worker threads"),
    (
        "http.server.ThreadingHTTPServer",
        "the HTTP server's request threads",
    ),
    (
        "socketserver.ThreadingMixIn",
        "the server's request threads",
    ),
    (
        "socketserver.ThreadingTCPServer",
        "the server's request threads",
    ),
    // Frameworks that serve each request on a thread or a worker process.
    (
        "flask",
        "the web server's request threads or worker processes",
    ),
    (
        "django",
        "the web server's request threads or worker processes",
    ),
    (
        "bottle",
        "the web server's request threads or worker processes",
    ),
    ("cherrypy", "the web server's request threads"),
    ("gunicorn", "gunicorn worker processes"),
    ("waitress", "the web server's request threads"),
    ("streamlit", "streamlit's script threads"),
    ("gradio", "gradio's worker threads"),
    ("PyQt5", "GUI worker threads"),
    ("PyQt6", "GUI worker threads"),
    ("PySide6", "GUI worker threads"),
];

/// Event-loop application frameworks: a program built on one runs its sync code
/// on the loop's single thread unless it offloads it.
const LOOP_FRAMEWORKS: &[(&str, &str)] = &[
    ("discord", "a Discord bot"),
    ("disnake", "a Discord bot"),
    ("nextcord", "a Discord bot"),
    ("hikari", "a Discord bot"),
    ("interactions", "a Discord bot"),
    ("redbot", "a Red Discord bot"),
    ("telegram", "a Telegram bot"),
    ("aiogram", "a Telegram bot"),
    ("telethon", "a Telegram client"),
    ("pyrogram", "a Telegram client"),
    ("fastapi", "an ASGI server"),
    ("starlette", "an ASGI server"),
    ("aiohttp.web", "an aiohttp server"),
    ("sanic", "a Sanic server"),
    ("quart", "a Quart server"),
    ("mcp", "an MCP server"),
    ("fastmcp", "an MCP server"),
];

fn matches_prefix(target: &str, prefix: &str) -> bool {
    target == prefix
        || target
            .strip_prefix(prefix)
            .is_some_and(|rest| rest.starts_with('.'))
}

fn file_name(module: &ModuleSummary) -> String {
    crate::diff::display_path(&module.path)
}

/// The second party of the databases of the project `view` belongs to.
pub fn of_project(view: &ProjectView<'_>) -> SecondParty {
    // A script no other module imports runs in a process of its own: only what
    // it and its imports start can run beside it (import_graph.rs).
    if let Some(graph) = view.index.import_graph()
        && graph.script_is_concurrent(&view.own.path) == Some(false)
    {
        return SecondParty::None(format!(
            "`{}` runs as a script of its own, and neither it nor anything it imports starts a thread or another process",
            file_name(&view.own)
        ));
    }
    // A test that starts threads says how the tests run, not how the program does.
    let modules: Vec<_> = facts::modules(view)
        .into_iter()
        .filter(|(_, m)| !super::paths::is_test_module(&m.path))
        .collect();
    // Functions that run concurrently, named: the most precise evidence.
    for (m, module) in &modules {
        for (r, entry) in &module.facts.entries {
            let target = super::effects::follow(view, *m, r);
            let name = target.map_or(r.simple_name(), |(_, f)| f.qualname.as_str());
            let is_async = target.is_some_and(|(_, f)| f.is_async);
            let what = match entry {
                Entry::Spawned(SpawnKind::Thread) => "worker threads running",
                Entry::Spawned(SpawnKind::Process) => "other processes running",
                Entry::Spawned(SpawnKind::Background) if !is_async => {
                    "the framework's thread pool running background task"
                }
                Entry::Route(_) if target.is_some() && !is_async => {
                    "the web framework's thread pool running sync route"
                }
                _ => continue,
            };
            // Where the function is defined: the name a reader searches for.
            let file = match target {
                Some((Some(m), _)) => file_name(&view.index.modules[m]),
                Some((None, _)) => file_name(&view.own),
                None => file_name(module),
            };
            return SecondParty::Known(format!("{what} `{name}` ({file})"));
        }
        for f in &module.functions {
            if f.effects.route.is_some() && !f.is_async {
                return SecondParty::Known(format!(
                    "the web framework's thread pool running sync route `{}` ({}:{})",
                    f.qualname,
                    file_name(module),
                    f.line
                ));
            }
        }
    }
    // Libraries that start threads or processes.
    for (_, module) in &modules {
        for import in &module.imports {
            if let Some((prefix, what)) = CONCURRENT_IMPORTS
                .iter()
                .find(|(p, _)| matches_prefix(&import.target, p))
            {
                return SecondParty::Known(format!(
                    "{what} ({} imports {prefix})",
                    file_name(module)
                ));
            }
        }
    }
    for (_, module) in &modules {
        for import in &module.imports {
            if let Some((_, what)) = LOOP_FRAMEWORKS
                .iter()
                .find(|(p, _)| matches_prefix(&import.target, p))
            {
                return SecondParty::None(format!(
                    "{what} ({}) runs every sync query on its one event-loop thread, and nothing in the project starts a thread or another process",
                    file_name(module)
                ));
            }
        }
    }
    SecondParty::Unknown
}

/// Code that runs before anything else opens the database, or by hand: schema
/// migrations (`migrations/`, `migrate.py`, `migration_service.py`).
pub fn is_startup_only(path: &Path) -> bool {
    path.iter().any(|part| {
        let part = part.to_string_lossy().to_ascii_lowercase();
        let stem = part.strip_suffix(".py").unwrap_or(&part);
        stem.starts_with("migrat") || stem.ends_with("_migration") || stem.ends_with("_migrations")
    })
}

#[cfg(test)]
mod tests {
    use super::{is_startup_only, matches_prefix};
    use std::path::Path;

    #[test]
    fn prefixes_match_whole_names() {
        assert!(matches_prefix("threading", "threading"));
        assert!(matches_prefix(
            "concurrent.futures.ThreadPoolExecutor",
            "concurrent.futures"
        ));
        assert!(!matches_prefix("threadingx", "threading"));
        assert!(!matches_prefix("mcpx.server", "mcp"));
    }

    #[test]
    fn migration_modules_are_startup_only() {
        assert!(is_startup_only(Path::new("app/migrations/0001_init.py")));
        assert!(is_startup_only(Path::new("pkg/migration_service.py")));
        assert!(is_startup_only(Path::new("migrate.py")));
        assert!(is_startup_only(Path::new("db/schema_migrations.py")));
        assert!(!is_startup_only(Path::new("app/storage.py")));
        assert!(!is_startup_only(Path::new("app/immigration.py")));
    }
}
