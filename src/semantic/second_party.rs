//! Who else can touch the database while this code runs: the "second party" a
//! concurrency hazard needs. A lock held too long, a missing busy timeout, a
//! read-then-write that can lose an update, all harm someone only when another
//! thread, process or interleaved task uses the same file at the same time.
//!
//! The evidence is project-wide: functions started on threads or processes, sync
//! web routes (the framework runs them in a thread pool), thread and process
//! libraries imported, aiosqlite (a worker thread per connection, so only where
//! the module calls into it: an import that only catches its exception classes
//! opens nothing; an async SQLAlchemy engine on `sqlite+aiosqlite` pools such
//! connections), and frameworks
//! that serve requests on threads or worker processes. A project that is an
//! application built on an event-loop framework (a bot, an ASGI server, an MCP
//! server) and shows none of it runs every sync query on one thread: nothing
//! waits on its locks. A project with no such framework may be a library whose
//! callers are concurrent, so its findings stay, with less confidence.
//!
//! A standalone script that starts nothing concurrent still has one when
//! another program of the project (a dashboard, a second daemon, each a
//! `__main__` script or a named entry point) opens the same database file:
//! the same literal file, the same path constant by its defining module, or
//! the database one module opens at import from a run-time setting
//! (`create_engine(config.get(...))` in a `db.py` both programs import).
//!
//! A standalone script whose text starts nothing concurrent may still have its
//! functions run on a library's or framework's threads (a bot's handler pool,
//! sync web routes): [`script_pool`] names them, for the rule that counts
//! threads rather than writers (SQF202's dropped descriptors).
//!
//! A thread, executor job or process is a party only when what it runs reaches
//! a database: a callable the index does not hold (a library's, a file probe
//! in a module that mentions no database) handed to `asyncio.to_thread` is
//! nobody's. Threads and processes that only another program of the project
//! starts (a release or tooling script) run in that program's process: they
//! count only through a database that program opens itself ([`other_program`]).
//!
//! Startup-only code (schema migrations) runs before anything else uses the
//! database, so it has no second party *yet*.
//!
//! The concurrency-advice rules ask for [`concrete`] evidence only: an import
//! names nobody, so a project whose only evidence is `import threading` (or
//! Flask, or `concurrent.futures`) has no second party there when it is an
//! application, and an unknown one when it is a library.

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::path::Path;

use super::facts::Entry;
use super::project::{CallRef, ModuleSummary, ProjectIndex, ProjectView};
use super::spawn::SpawnKind;

/// What the project shows about concurrent use of its databases.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SecondParty {
    /// Something runs concurrently: what it is, and the text that names it and
    /// where it is ("worker threads running `poll` (jobs.py)").
    Known(Who),
    /// An event-loop application with nothing concurrent beside its sync
    /// database calls; the text says what the program is.
    None(String),
    /// No evidence either way (a library, a script whose callers are elsewhere).
    Unknown,
}

/// A concurrent user of the project's databases: how it runs, which the rules
/// weigh (gevent folds threads into one, not processes; a connection made per
/// process is a second connection, one shared by threads is not), and the words
/// a message names it by.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Who {
    pub runs: Runs,
    /// Known only because a module imports a thread, process or web library:
    /// nobody is named.
    pub by_import: bool,
    pub text: String,
}

/// How a second party runs beside the code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Runs {
    /// Threads of the program's own process: started threads, thread and
    /// scheduler pools, a framework's pool running background tasks, a
    /// toolkit's or dashboard's worker threads.
    Threads,
    /// The web framework's thread pool running sync routes.
    SyncRoutes,
    /// The request threads of a threaded server (`ThreadingHTTPServer`,
    /// waitress, CherryPy), which exists only to serve.
    ThreadedServer,
    /// aiosqlite's worker threads, or an async engine's pooled aiosqlite
    /// connections, each on a worker thread.
    Aiosqlite,
    /// A web server's requests, on threads or on worker processes.
    WebServer { threads: bool, processes: bool },
    /// A pool that may be of threads or of processes (`concurrent.futures`).
    Pool,
    /// Other processes of the program: started processes, worker-process
    /// libraries (Celery, RQ, multiprocessing), Django commands and task workers.
    Processes,
    /// Another program of the project, in a process of its own, opening the
    /// same database.
    OtherProgram,
}

impl Runs {
    /// Only threads of the program's own process: what a gevent-patched
    /// program turns into greenlets of one thread.
    pub fn threads_only(self) -> bool {
        matches!(
            self,
            Runs::Threads | Runs::SyncRoutes | Runs::ThreadedServer
        )
    }

    /// May be another process, which opens connections of its own.
    pub fn other_processes(self) -> bool {
        match self {
            Runs::WebServer { processes, .. } => processes,
            Runs::Pool | Runs::Processes | Runs::OtherProgram => true,
            _ => false,
        }
    }

    /// Includes threads of the program's own process.
    pub fn has_threads(self) -> bool {
        match self {
            Runs::WebServer { threads, .. } => threads,
            Runs::Processes | Runs::OtherProgram => false,
            _ => true,
        }
    }

    /// A web server's requests.
    fn serves_requests(self) -> bool {
        matches!(self, Runs::SyncRoutes | Runs::WebServer { .. })
    }

    /// An import of the library is a party by itself: aiosqlite where the
    /// module calls into it, a threaded server class.
    fn party_by_import(self) -> bool {
        matches!(self, Runs::Aiosqlite | Runs::ThreadedServer)
    }
}

impl Who {
    pub fn new(runs: Runs, text: String) -> Who {
        Who {
            runs,
            by_import: false,
            text,
        }
    }

    /// Another program of the project ([`other_program`]'s words).
    pub fn other_program(text: String) -> Who {
        Who::new(Runs::OtherProgram, text)
    }

    /// The requests of a server the deployment runs concurrently (`how`).
    pub fn concurrent_requests(serving: &super::deployment::Serving, how: &str) -> Who {
        let processes = serving.forks_workers();
        Who::new(
            Runs::WebServer {
                threads: !processes,
                processes,
            },
            format!("the web server's concurrent requests under {how}"),
        )
    }
}

impl std::fmt::Display for Who {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.text)
    }
}

/// Imports that start threads or processes, by dotted prefix, what they mean
/// and how what they start runs.
const CONCURRENT_IMPORTS: &[(&str, &str, Runs)] = &[
    ("threading", "threads", Runs::Threads),
    ("concurrent.futures", "a thread or process pool", Runs::Pool),
    ("multiprocessing", "worker processes", Runs::Processes),
    (
        "apscheduler.schedulers.background",
        "scheduler threads",
        Runs::Threads,
    ),
    (
        "apscheduler.schedulers.blocking",
        "scheduler threads",
        Runs::Threads,
    ),
    (
        "apscheduler.executors.pool",
        "scheduler threads",
        Runs::Threads,
    ),
    ("celery", "Celery worker processes", Runs::Processes),
    ("rq", "RQ worker processes", Runs::Processes),
    ("dramatiq", "Dramatiq worker processes", Runs::Processes),
    ("huey", "Huey worker processes", Runs::Processes),
    ("aiosqlite", "aiosqlite's worker threads", Runs::Aiosqlite),
    (
        "http.server.ThreadingHTTPServer",
        "the HTTP server's request threads",
        Runs::ThreadedServer,
    ),
    (
        "socketserver.ThreadingMixIn",
        "the server's request threads",
        Runs::ThreadedServer,
    ),
    (
        "socketserver.ThreadingTCPServer",
        "the server's request threads",
        Runs::ThreadedServer,
    ),
    // Frameworks that serve each request on a thread or a worker process.
    (
        "flask",
        "the web server's request threads or worker processes",
        Runs::WebServer {
            threads: true,
            processes: true,
        },
    ),
    (
        "django",
        "the web server's request threads or worker processes",
        Runs::WebServer {
            threads: true,
            processes: true,
        },
    ),
    (
        "bottle",
        "the web server's request threads or worker processes",
        Runs::WebServer {
            threads: true,
            processes: true,
        },
    ),
    (
        "cherrypy",
        "the web server's request threads",
        Runs::ThreadedServer,
    ),
    (
        "gunicorn",
        "gunicorn worker processes",
        Runs::WebServer {
            threads: false,
            processes: true,
        },
    ),
    (
        "waitress",
        "the web server's request threads",
        Runs::ThreadedServer,
    ),
    ("streamlit", "streamlit's script threads", Runs::Threads),
    ("gradio", "gradio's worker threads", Runs::Threads),
    ("PyQt5", "GUI worker threads", Runs::Threads),
    ("PyQt6", "GUI worker threads", Runs::Threads),
    ("PySide6", "GUI worker threads", Runs::Threads),
];

/// Event-loop application frameworks: a program built on one runs its sync code
/// on the loop's single thread unless it offloads it.
pub(crate) const LOOP_FRAMEWORKS: &[(&str, &str)] = &[
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
///
/// Three kinds of evidence, each looked for in the whole project before the
/// next: functions run concurrently (named, the most precise), libraries that
/// start threads or processes, then an event-loop framework. Within a kind the
/// viewed module comes first, then the others in order.
pub fn of_project(view: &ProjectView<'_>) -> SecondParty {
    of_project_counting(view, Web::Counted, Imports::Any)
}

/// Which imports of a thread or process library count as a second party.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Imports {
    /// Any (the project-wide fallback of [`of_project`]).
    Any,
    /// Only aiosqlite's, where the module calls into it (each connection is a
    /// worker thread the loop's tasks interleave on): see [`concrete`].
    Concrete,
}

/// Whether a web server's request handling counts as concurrent evidence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Web {
    Counted,
    /// The deployment serves one request at a time (deployment.rs).
    Serial,
}

/// Imports that say only "this is a web app": concurrent under most servers,
/// not under gunicorn's default single sync worker.
const WEB_IMPORTS: &[&str] = &["flask", "django", "bottle", "gunicorn"];

/// The second party of the pragma rules (SQF101, SQF111-SQF114): the
/// [`concrete`] one.
pub fn for_pragmas(view: &ProjectView<'_>) -> SecondParty {
    concrete(view)
}

/// The second party of the concurrency-advice rules (SQF101, SQF111-SQF114,
/// SQF504, SQF601, SQF701): only a concrete one counts. A thread, pool,
/// scheduler or sync route whose entry reaches a database, a server that runs
/// requests concurrently, aiosqlite's worker threads where the program calls
/// into it, or another program opening the same file. A project that only
/// imports `threading`, `concurrent.futures`, `flask`... names nobody: advice
/// that cannot say who waits is noise. In an application (a program of the
/// project runs the module, and it is no distributable package) nothing
/// concrete means nobody; a library's callers stay unknown.
pub fn concrete(view: &ProjectView<'_>) -> SecondParty {
    match serving_party(view) {
        SecondParty::Unknown if imports_only(view) => match other_program(view) {
            Some(other) => SecondParty::Known(Who::other_program(other)),
            // A web app under one sync worker serves one request at a time.
            None => match (view.index.deployment(), of_project(view)) {
                (super::deployment::Serving::OneAtATime(how), SecondParty::Known(who))
                    if who.runs.serves_requests() =>
                {
                    SecondParty::None(format!(
                        "the web server runs one request at a time ({how}), and nothing else in the project starts a thread or another process"
                    ))
                }
                _ => SecondParty::Unknown,
            },
        },
        SecondParty::Unknown => match (other_program(view), application(view)) {
            (Some(other), _) => SecondParty::Known(Who::other_program(other)),
            (None, Some(what)) => SecondParty::None(what),
            (None, None) => SecondParty::Unknown,
        },
        party => party,
    }
}

/// `party` in a program monkey-patched by gevent (gevent_patched.rs): its own
/// threads are greenlets that never switch inside a sqlite3 call, so they are
/// no second party; another program still is. The caller asks first whether
/// the program runs in several processes (sole_connection.rs), which gevent
/// does not fold into one thread.
pub fn under_gevent(view: &ProjectView<'_>, party: SecondParty) -> SecondParty {
    let SecondParty::Known(who) = &party else {
        return party;
    };
    if !who.runs.threads_only() || other_program(view).is_some() {
        return party;
    }
    let Some(at) = super::gevent_patched::patched(view) else {
        return party;
    };
    // A transaction held across a sleep or a network call is where another
    // greenlet runs and meets the lock (and its busy wait blocks the process).
    if super::gevent_patched::yields_in_transaction(view) {
        return party;
    }
    SecondParty::None(format!(
        "the process is monkey-patched by gevent ({at}): {who} are greenlets of one thread, which never switch inside a sqlite3 call"
    ))
}

/// The project's only evidence of concurrency is an import of a thread, process
/// or web library ([`of_project`] names it, [`serving_party`] does not).
fn imports_only(view: &ProjectView<'_>) -> bool {
    matches!(of_project(view), SecondParty::Known(who) if who.by_import)
}

/// `Some(why)` when a program of the project runs the viewed module and it is
/// not a distributable package: its callers are all in view.
fn application(view: &ProjectView<'_>) -> Option<String> {
    let graph = view.index.import_graph()?;
    let run_here = graph
        .programs_loading(&view.own.path, 1)
        .is_some_and(|n| n > 0);
    (run_here && super::library::distributable_package(&view.own.path).is_none()).then(|| {
        "no thread, pool, scheduler, concurrent server or other program of the project reaches a database (importing a thread or web library starts none)".to_string()
    })
}

/// As [`of_project`] with concrete evidence only, except that a web app whose
/// deployment serves one request at a time (gunicorn's default single sync
/// worker, deployment.rs) has no second party in its request handling:
/// per-request connections then never overlap. Its other threads, processes
/// and programs still count.
fn serving_party(view: &ProjectView<'_>) -> SecondParty {
    let party = of_project_counting(view, Web::Counted, Imports::Concrete);
    let SecondParty::Known(who) = &party else {
        return party;
    };
    if !who.runs.serves_requests() {
        return party;
    }
    let serving = view.index.deployment();
    let how = match serving {
        super::deployment::Serving::OneAtATime(how) => how,
        // Name the server that runs the requests concurrently.
        super::deployment::Serving::Concurrent(how) => {
            return SecondParty::Known(Who::concurrent_requests(serving, how));
        }
        super::deployment::Serving::Unknown => return party,
    };
    match of_project_counting(view, Web::Serial, Imports::Concrete) {
        SecondParty::Known(other) => SecondParty::Known(other),
        _ => match other_program(view).map(Who::other_program).or_else(|| {
            super::django_atomic::project_writer(view).map(|w| Who::new(Runs::Processes, w))
        }) {
            Some(other) => SecondParty::Known(other),
            None => SecondParty::None(format!(
                "the web server runs one request at a time ({how}), and nothing else in the project starts a thread or another process"
            )),
        },
    }
}

fn of_project_counting(view: &ProjectView<'_>, web: Web, imports: Imports) -> SecondParty {
    // A script no other module imports runs in a process of its own: only what
    // it and its imports start can run beside it (import_graph.rs).
    if let Some(graph) = view.index.import_graph()
        && script_runs_alone(view, graph, &view.own.path)
    {
        // Its database may still be another program's: a dashboard, a second
        // daemon of the project opening the same file in a process of its own.
        if let Some(other) = other_program_sharing(view, graph, false) {
            return SecondParty::Known(Who::other_program(other));
        }
        return SecondParty::None(format!(
            "`{}` runs as a script of its own, and neither it nor anything it imports starts a thread or another process",
            file_name(&view.own)
        ));
    }
    // A module only lone scripts load (a scheduler's pass, run in a one-worker
    // pool): it runs alone too, unless another program opens its database.
    if let Some(graph) = view.index.import_graph()
        && let Some(program) = lone_programs_only(view, graph)
    {
        if let Some(other) = other_program_sharing(view, graph, false) {
            return SecondParty::Known(Who::other_program(other));
        }
        return SecondParty::None(format!(
            "`{}` runs only in `{program}`, which starts no thread and waits for each job of its one-worker pool or process before the next",
            file_name(&view.own)
        ));
    }
    let known: std::sync::Arc<Concurrency> = match web {
        Web::Counted => view.index.memo(concurrency),
        Web::Serial => view
            .index
            .memo(|index| SerialConcurrency(std::sync::Arc::new(concurrency_of(index, web))))
            .0
            .clone(),
    };
    let own = own_evidence(view, web);
    let callers = view
        .module
        .and_then(|m| known.callers.get(&m))
        .map_or(&[][..], Vec::as_slice);
    // The first module with evidence of a kind that the viewed module's text
    // cannot change (kind 0: not one whose evidence goes through the viewed module).
    let first_module = |kind: usize| {
        known.with[kind].iter().copied().find(|&i| {
            Some(i) != view.module
                && !(kind == 0 && callers.contains(&i))
                && !other_programs_only(view, i)
        })
    };
    // Functions run concurrently, named.
    if let Some(who) = &own.named {
        return SecondParty::Known(who.clone());
    }
    let mut first = first_module(0).and_then(|i| Some((i, known.found[i].named.clone()?)));
    // Then those whose evidence goes through the viewed module, anew.
    for &i in callers {
        if Some(i) == view.module || first.as_ref().is_some_and(|(f, _)| *f < i) {
            continue;
        }
        let module = &view.index.modules[i];
        if !gives_evidence(&module.path) || other_programs_only(view, i) {
            continue;
        }
        let found = evidence(
            web,
            module,
            |r| followed_target(view, Some(i), r),
            |f| uses_db(view.index, Some(i), f),
            |r| in_index(view.index, Some(i), r),
        );
        if let Some(who) = found.named {
            first = Some((i, who));
        }
    }
    if let Some((_, who)) = first {
        return SecondParty::Known(who);
    }
    // Libraries that start threads or processes.
    if imports == Imports::Concrete {
        // Only aiosqlite's threads are a party by import; any other thread
        // or web library imported still says the project is not a lone
        // event loop, so the loop-framework verdict does not apply either.
        let found = own.library.iter().chain(
            known.with[1]
                .iter()
                .filter(|&&i| Some(i) != view.module && !other_programs_only(view, i))
                .filter_map(|&i| known.found[i].library.as_ref()),
        );
        let mut imported = false;
        let mut web = false;
        for who in found {
            if who.runs.party_by_import() {
                return SecondParty::Known(who.clone());
            }
            imported = true;
            web |= who.runs.serves_requests();
        }
        // A web app deployed to serve requests concurrently (several
        // gunicorn workers or threads, uvicorn workers): the server is the
        // party, whether or not its views were found.
        let serving = view.index.deployment();
        if web && let super::deployment::Serving::Concurrent(how) = serving {
            return SecondParty::Known(Who::concurrent_requests(serving, how));
        }
        // Only an import: nobody is named, but the finding stays, with
        // less confidence (held-out pragma sites were found this way).
        if imported {
            return other_program(view).map_or(SecondParty::Unknown, |other| {
                SecondParty::Known(Who::other_program(other))
            });
        }
    } else if let Some(who) = own
        .library
        .clone()
        .or_else(|| first_module(1).and_then(|i| known.found[i].library.clone()))
    {
        return SecondParty::Known(who);
    }
    // An event-loop framework: nobody runs beside the loop's sync calls.
    match own
        .event_loop
        .clone()
        .or_else(|| first_module(2).and_then(|i| known.found[i].event_loop.clone()))
    {
        Some(what) => SecondParty::None(what),
        None => SecondParty::Unknown,
    }
}

/// Whether index module `i` runs only in programs other than the viewed
/// module's: some program of the project loads it, none of them loads the
/// viewed module, and some program does. Its threads and processes (a
/// release or tooling script's pool) then run in another process, beside the
/// viewed module's only through a database both open, which
/// [`other_program`] asks (the same file, path constant or setting): a
/// program that never opens the file is nobody's second party. A module no
/// program is known to load stays counted (a library's callers are unknown).
fn other_programs_only(view: &ProjectView<'_>, i: usize) -> bool {
    let Some(graph) = view.index.import_graph() else {
        return false;
    };
    let (Some(own), Some(node)) = (
        graph.id(&view.own.path),
        graph.id(&view.index.modules[i].path),
    ) else {
        return false;
    };
    let mut loads_it = false;
    let mut loads_own = false;
    for (_, loads) in graph.programs_with_loads() {
        let (it, me) = (loads[node], loads[own]);
        if it && me {
            return false;
        }
        loads_it |= it;
        loads_own |= me;
    }
    loads_it && loads_own
}

/// Whether the standalone script at `path` runs alone: nothing its process
/// loads starts a thread or process, or what does starts only pools of one
/// worker and processes whose jobs it waits for, one at a time
/// (serial_runs.rs). `false` for a module that is no such script.
fn script_runs_alone(
    view: &ProjectView<'_>,
    graph: &super::import_graph::ImportGraph,
    path: &Path,
) -> bool {
    graph
        .concurrent_in_script(path)
        .is_some_and(|modules| modules.iter().all(|m| lone_workers(view, m)))
}

/// The module at `path` starts nothing but lone workers: its text's thread and
/// process starts are all one-worker pools or processes waited for at once.
fn lone_workers(view: &ProjectView<'_>, path: &Path) -> bool {
    let module = if path == view.own.path {
        &view.own
    } else {
        match view.index.module_id(path) {
            Some(i) => &view.index.modules[i],
            None => return false,
        }
    };
    let id = if path == view.own.path {
        view.module
    } else {
        view.index.module_id(path)
    };
    // A library object's method handed to a thread (see [`foreign_callable`]).
    let followed = |r: &CallRef| {
        !matches!(r, CallRef::On { .. }) || id.is_some_and(|m| view.index.resolve(m, r).is_some())
    };
    module.facts.lone_workers_only
        && !module.thread_entries.iter().any(followed)
        && !module
            .facts
            .entries
            .iter()
            .any(|(r, e)| matches!(e, Entry::Spawned(_)) && followed(r))
}

/// For a module that is no script of its own: the first program loading it,
/// when every program that does is a standalone script that [runs
/// alone](script_runs_alone) and at least one of them through lone workers
/// (the one shape this verdict is for; a module whose programs start nothing
/// is left as it was). A distributable package's callers are unknown.
fn lone_programs_only(
    view: &ProjectView<'_>,
    graph: &super::import_graph::ImportGraph,
) -> Option<String> {
    // Most projects have no lone workers: skip the walk over their programs.
    if !view.own.facts.lone_workers_only
        && !view.index.modules.iter().any(|m| m.facts.lone_workers_only)
    {
        return None;
    }
    let own = graph.id(&view.own.path)?;
    if graph.concurrent_in_script(&view.own.path).is_some()
        || super::library::distributable_package(&view.own.path).is_some()
    {
        return None;
    }
    let mut first = None;
    let mut through_lone_workers = false;
    for (program, loads) in graph.programs_with_loads() {
        if !loads[own] || program == view.own.path {
            continue;
        }
        let starts = graph.concurrent_in_script(program)?;
        if !starts.iter().all(|m| lone_workers(view, m)) {
            return None;
        }
        through_lone_workers |= !starts.is_empty();
        first.get_or_insert_with(|| crate::diff::display_path(program));
    }
    first.filter(|_| through_lone_workers)
}

/// For a standalone script whose text starts no thread or process (the case
/// where [`of_project`] says nobody runs beside it): the first of its functions,
/// or of a module it loads, that a library or framework runs on threads of its
/// own and that reaches a database. A bot's handler pool (`telebot.TeleBot(...)`,
/// threaded by default), plain `def` web routes on the framework's thread pool.
///
/// Only SQF202 asks (descriptors of dropped connections pile up on several
/// threads): the pragma and read-then-write rules keep [`of_project`]'s verdict,
/// where two pool threads issuing one-statement writes are judged to wait for
/// nothing observable.
pub fn script_pool(view: &ProjectView<'_>) -> Option<String> {
    let graph = view.index.import_graph()?;
    if !script_runs_alone(view, graph, &view.own.path) {
        return None;
    }
    let own = own_evidence(view, Web::Counted);
    if let Some(who) = own.named {
        return Some(who.text);
    }
    let known = view.index.memo(concurrency);
    graph
        .script_closure(&view.own.path)?
        .into_iter()
        .filter_map(|p| view.index.module_id(p))
        .filter(|&i| Some(i) != view.module)
        .find_map(|i| known.found.get(i).and_then(|f| f.named.clone()))
        .map(|who| who.text)
}

/// The function a call in module `from` (the viewed module when `None`)
/// reaches, as the evidence names it.
fn followed_target(view: &ProjectView<'_>, from: Option<usize>, r: &CallRef) -> Option<Target> {
    super::effects::follow(view, from, r).map(|(m, f)| Target {
        name: f.qualname.clone(),
        is_async: f.is_async,
        file: m.map_or_else(
            || file_name(&view.own),
            |m| file_name(&view.index.modules[m]),
        ),
        uses_db: uses_db(view.index, m.or(view.module), f),
    })
}

/// The viewed module's own evidence, as its text now reads.
fn own_evidence(view: &ProjectView<'_>, web: Web) -> Evidence {
    if !gives_evidence(&view.own.path) {
        return Evidence::default();
    }
    evidence(
        web,
        &view.own,
        |r| followed_target(view, None, r),
        |f| uses_db(view.index, view.module, f),
        |r| in_index(view.index, view.module, r),
    )
}

/// Another program of the project, in a process of its own, that opens a
/// database file the viewed module's program opens (see `other_program_sharing`).
pub fn other_program(view: &ProjectView<'_>) -> Option<String> {
    other_program_sharing(view, view.index.import_graph()?, false)
}

/// [`other_program`] for a script that is a program of its own even when its
/// name says migration (`migrate_vectors.py`, a one-shot data migration run by
/// hand beside the live server): the files it opens itself count.
pub fn other_program_beside(view: &ProjectView<'_>) -> Option<String> {
    other_program_sharing(view, view.index.import_graph()?, true)
}

/// Another program of the project (a script, a service's entry point) that
/// does not load the viewed script but opens a database file it opens: each
/// runs in its own process, so either can hold the file's lock while the other
/// waits. Files are matched by what the source names: the same literal file,
/// or the same path constant imported from (or defined in) one module.
fn other_program_sharing(
    view: &ProjectView<'_>,
    graph: &super::import_graph::ImportGraph,
    own_always: bool,
) -> Option<String> {
    let others = graph.other_programs(&view.own.path);
    if others.is_empty() {
        return None;
    }
    let own_closure = graph.closure(&view.own.path)?;
    // Asked per connection site: what each module is and loads is found once.
    let table = view.index.memo(ProgramModules::build);
    let constants = Constants {
        own: &view.own.facts.path_constants,
        rest: &table.constants,
        skip: view.module,
    };
    let mut own: Vec<String> = if own_always || counted_path(&view.own.path) {
        database_keys(&view.own, &constants)
    } else {
        Vec::new()
    };
    // The keys found once per run hold for this module when its own path
    // constants resolve names as the index's order does (always, unless an
    // earlier module defines one of its constant names for another file).
    let fits = table.resolve_alike(view);
    let loaded_by_own = (0..view.index.modules.len())
        .filter(|&m| Some(m) != view.module && table.counted[m])
        .filter(|&m| table.node[m].is_some_and(|n| own_closure[n]));
    if fits {
        let mut seen: HashSet<&str> = own.iter().map(String::as_str).collect();
        let mut more: Vec<String> = Vec::new();
        for m in loaded_by_own {
            for key in &table.keys[m] {
                if seen.insert(key) {
                    more.push(key.clone());
                }
            }
        }
        own.extend(more);
    } else {
        own.extend(loaded_by_own.flat_map(|m| database_keys(&view.index.modules[m], &constants)));
    }
    if own.is_empty() {
        return None;
    }
    for (program, _) in &others {
        if !counted_path(program) {
            continue;
        }
        let Some(loaded) = table.by_program.get(*program) else {
            continue;
        };
        let shared = if fits {
            loaded
                .keys
                .iter()
                .find(|key| own.iter().any(|o| same_database(o, key)))
                .cloned()
        } else {
            loaded
                .modules
                .iter()
                .filter(|&&m| Some(m) != view.module)
                .flat_map(|&m| database_keys(&view.index.modules[m], &constants))
                .find(|key| own.iter().any(|o| same_database(o, key)))
        };
        if let Some(key) = shared {
            let database = match key.strip_prefix(AT_IMPORT) {
                Some(module) => format!("the one `{module}` opens at import"),
                None => format!(
                    "`{}`",
                    key.trim_start_matches("file:").trim_start_matches("*.")
                ),
            };
            return Some(format!(
                "another program of the project, `{}`, running in its own process and opening the same database ({database})",
                crate::diff::display_path(program),
            ));
        }
    }
    None
}

/// Two keys of [`database_keys`] name one file: equal, or one is a constant
/// read through an imported module (`*.DB_PATH`) and the other that constant.
fn same_database(a: &str, b: &str) -> bool {
    let through = |wild: &str, other: &str| {
        wild.strip_prefix("*.").is_some_and(|name| {
            other.rsplit('.').next() == Some(name) && !other.starts_with("file:")
        })
    };
    a == b || through(a, b) || through(b, a)
}

/// Whether what a module starts counts as evidence of concurrent use: a test
/// suite's threads and a retired tree's code (`obsolete/`, `attic/`: kept,
/// not run) start nothing beside the program.
fn gives_evidence(path: &Path) -> bool {
    !super::paths::is_test_module(path) && super::import_graph::retired_tree(path).is_none()
}

fn counted_path(path: &Path) -> bool {
    !super::paths::is_test_module(path) && !is_startup_only(path)
}

/// Per index module, what `other_program_sharing` asks of it: its graph node,
/// whether it counts, its path constants and its database keys; per program,
/// the modules it loads and their keys. Found once per run: the keys of every
/// module a program loads, asked per file, are quadratic in the project's size.
struct ProgramModules {
    node: Vec<Option<usize>>,
    counted: Vec<bool>,
    /// (module, name, identity), in the index's order.
    constants: Vec<(usize, String, String)>,
    /// By module (counted ones; others have none): its keys, names resolved
    /// against every module's constants in the index's order.
    keys: Vec<Vec<String>>,
    /// By program path: what it loads.
    by_program: HashMap<std::path::PathBuf, Loaded>,
}

/// The counted index modules a program loads, in the index's order, and their
/// keys (each once, in that order).
struct Loaded {
    modules: Vec<usize>,
    keys: Vec<String>,
}

impl ProgramModules {
    fn build(index: &super::project::ProjectIndex) -> Self {
        let Some(graph) = index.import_graph() else {
            return ProgramModules {
                node: Vec::new(),
                counted: Vec::new(),
                constants: Vec::new(),
                keys: Vec::new(),
                by_program: HashMap::default(),
            };
        };
        let node: Vec<Option<usize>> = index.modules.iter().map(|m| graph.id(&m.path)).collect();
        let counted: Vec<bool> = index
            .modules
            .iter()
            .map(|m| counted_path(&m.path))
            .collect();
        let constants: Vec<(usize, String, String)> = index
            .modules
            .iter()
            .enumerate()
            .flat_map(|(i, m)| {
                m.facts
                    .path_constants
                    .iter()
                    .map(move |(n, id)| (i, n.clone(), id.clone()))
            })
            .collect();
        let in_order = Constants {
            own: &[],
            rest: &constants,
            skip: None,
        };
        let keys: Vec<Vec<String>> = index
            .modules
            .iter()
            .zip(&counted)
            .map(|(m, &counted)| {
                if counted {
                    database_keys(m, &in_order)
                } else {
                    Vec::new()
                }
            })
            .collect();
        let by_program = graph
            .programs_with_loads()
            .map(|(path, loads)| {
                let modules: Vec<usize> = (0..index.modules.len())
                    .filter(|&m| counted[m] && node[m].is_some_and(|n| loads[n]))
                    .collect();
                let mut seen: HashSet<&str> = HashSet::default();
                let keys = modules
                    .iter()
                    .flat_map(|&m| &keys[m])
                    .filter(|key| seen.insert(key.as_str()))
                    .cloned()
                    .collect();
                (path.to_path_buf(), Loaded { modules, keys })
            })
            .collect();
        ProgramModules {
            node,
            counted,
            constants,
            keys,
            by_program,
        }
    }

    /// Whether the viewed module's own constants resolve every name as the
    /// index's order does: its indexed copy has the same constants, and for
    /// each of its names the first module of the index defining it gives the
    /// same file.
    fn resolve_alike(&self, view: &ProjectView<'_>) -> bool {
        let Some(m) = view.module else {
            return view.own.facts.path_constants.is_empty();
        };
        let own = &view.own.facts.path_constants;
        view.index.modules[m].facts.path_constants == *own
            && own.iter().all(|(name, _)| {
                let first_own = own.iter().find(|(n, _)| n == name).map(|(_, id)| id);
                let first_index = self
                    .constants
                    .iter()
                    .find(|(_, n, _)| n == name)
                    .map(|(_, _, id)| id);
                first_own == first_index
            })
    }
}

/// The path constants a module's database names resolve against: the viewed
/// module's own first, then every other module's in the index's order.
struct Constants<'a> {
    own: &'a [(String, String)],
    rest: &'a [(usize, String, String)],
    /// The viewed module's place in the index: its own constants stand for it.
    skip: Option<usize>,
}

impl Constants<'_> {
    fn resolve<'i>(&'i self, identity: &'i str) -> &'i str {
        let Some(name) = identity.strip_prefix("name:") else {
            return identity;
        };
        self.own
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, id)| id.as_str())
            .or_else(|| {
                self.rest
                    .iter()
                    .find(|(m, n, _)| Some(*m) != self.skip && n == name)
                    .map(|(_, _, id)| id.as_str())
            })
            .unwrap_or(identity)
    }
}

/// The database files a module opens, keyed so that two modules' keys are
/// equal only when they name one file: a literal file, or a path constant by
/// the module that defines it (`config.DB_PATH`, imported or not).
/// The key prefix of a database known only as the one a module opens at import.
const AT_IMPORT: &str = "opened at import by ";

fn database_keys(module: &ModuleSummary, constants: &Constants<'_>) -> Vec<String> {
    let stem = module
        .path
        .file_stem()
        .map(|s| s.to_string_lossy().to_string())
        .filter(|s| s != "__init__")
        .or_else(|| {
            module
                .path
                .parent()
                .and_then(|p| p.file_name())
                .map(|s| s.to_string_lossy().to_string())
        })
        .unwrap_or_default();
    let last_two = |dotted: &str| {
        let parts: Vec<&str> = dotted.trim_start_matches('.').split('.').collect();
        parts[parts.len().saturating_sub(2)..].join(".")
    };
    module
        .facts
        .openers
        .iter()
        .filter_map(|o| {
            // A database the module opens at import from a run-time setting
            // (`create_engine(settings["db_uri"])`): every program loading the
            // module opens that same configured database.
            let Some(identity) = o.identity.as_deref() else {
                return o
                    .at_import
                    .then(|| format!("{AT_IMPORT}{}", crate::diff::display_path(&module.path)));
            };
            let id = constants.resolve(identity);
            let Some(name) = id.strip_prefix("name:") else {
                return id.starts_with("file:").then(|| id.to_string());
            };
            let (head, rest) = name.split_once('.').map_or((name, ""), |(h, r)| (h, r));
            let imported = module
                .imports
                .iter()
                .find(|i| i.scope.is_none() && i.local == head);
            Some(match (imported, rest) {
                (Some(i), "") => last_two(&i.target),
                (Some(i), rest) => last_two(&format!("{}.{rest}", i.target)),
                // Defined here, or read as a constant of a module it imports
                // (`settings.DB_PATH`: the same setting wherever it is read).
                (None, "")
                    if module.facts.path_constants.iter().any(|(n, _)| n == name)
                        || module.globals.iter().any(|(n, _)| n == name) =>
                {
                    format!("{stem}.{name}")
                }
                (None, "") => format!("*.{name}"),
                // An attribute of a local object: not a name two modules share.
                (None, _) => return None,
            })
        })
        .collect()
}

/// Each module's evidence of concurrent use, found once per project so that
/// each file's check need not scan the whole project again.
#[derive(Debug, Default)]
struct Concurrency {
    /// Per module: the text of its first evidence of each kind.
    found: Vec<Evidence>,
    /// Per kind: the modules with evidence of it, in order.
    with: [Vec<usize>; 3],
    /// Module → the modules whose calls into it decide their evidence: those are
    /// looked at again from the view of that module, whose text may have changed.
    callers: rustc_hash::FxHashMap<usize, Vec<usize>>,
}

/// Every module's evidence, resolved through the index alone, and which
/// modules' evidence goes through which.
fn concurrency(index: &ProjectIndex) -> Concurrency {
    concurrency_of(index, Web::Counted)
}

/// [`concurrency`] without the web server's requests, memoized apart.
struct SerialConcurrency(std::sync::Arc<Concurrency>);

fn concurrency_of(index: &ProjectIndex, web: Web) -> Concurrency {
    let mut out = Concurrency::default();
    for (i, module) in index.modules.iter().enumerate() {
        let mut targets = Vec::new();
        let found = if !gives_evidence(&module.path) {
            Evidence::default()
        } else {
            evidence(
                web,
                module,
                |r| {
                    let (m, f) = index.resolve(i, r)?;
                    targets.push(m);
                    let f = &index.modules[m].functions[f];
                    Some(Target {
                        name: f.qualname.clone(),
                        is_async: f.is_async,
                        file: file_name(&index.modules[m]),
                        uses_db: uses_db(index, Some(m), f),
                    })
                },
                |f| uses_db(index, Some(i), f),
                |r| in_index(index, Some(i), r),
            )
        };
        targets.sort_unstable();
        targets.dedup();
        for m in targets {
            out.callers.entry(m).or_default().push(i);
        }
        let kinds = [
            found.named.is_some(),
            found.library.is_some(),
            found.event_loop.is_some(),
        ];
        for (kind, _) in kinds.iter().enumerate().filter(|(_, found)| **found) {
            out.with[kind].push(i);
        }
        out.found.push(found);
    }
    out
}

/// The first evidence of each kind in one module.
#[derive(Debug, Default, Clone)]
struct Evidence {
    /// Kind 0: a function run concurrently, named.
    named: Option<Who>,
    /// Kind 1: a library that starts threads or processes.
    library: Option<Who>,
    /// Kind 2: an event-loop framework the program is built on, as
    /// [`SecondParty::None`] words it.
    event_loop: Option<String>,
}

/// A function a module starts or registers, as `follow` resolves it.
struct Target {
    name: String,
    is_async: bool,
    /// Where it is defined: the name a reader searches for.
    file: String,
    /// It reaches database I/O, itself or through the functions it calls.
    uses_db: bool,
}

/// Whether function `f` (of module `module`, or of the viewed module) reaches a
/// database: a thread or route that never does is nobody's second party. Known
/// through the index's reach (sync calls, followed across files); a function
/// the index cannot place is taken to, unless it calls nothing at all.
fn uses_db(
    index: &ProjectIndex,
    module: Option<usize>,
    f: &super::project::FunctionSummary,
) -> bool {
    if f.direct_io || f.orm_io || f.app_orm_io {
        return true;
    }
    match module.and_then(|m| index.function_id(m, &f.qualname).map(|id| (m, id))) {
        Some((m, id)) => {
            let reach = index.reach(m, id);
            reach.blocking || reach.orm || reach.shared || reaches_app_orm(index, m, f)
        }
        None => !f.calls.is_empty(),
    }
}

/// Whether `f` (of module `m`) reaches a Flask-SQLAlchemy query through the
/// functions it calls, a few calls deep (flask_orm.rs: not part of the index's
/// reach, which is about blocking I/O).
fn reaches_app_orm(index: &ProjectIndex, m: usize, f: &super::project::FunctionSummary) -> bool {
    const DEPTH: usize = 3;
    let mut seen = rustc_hash::FxHashSet::default();
    let mut frontier: Vec<(usize, &super::project::FunctionSummary)> = vec![(m, f)];
    for _ in 0..DEPTH {
        let mut next = Vec::new();
        for (m, f) in frontier {
            for call in &f.calls {
                let Some((cm, cf)) = index.resolve(m, call) else {
                    continue;
                };
                if !seen.insert((cm, cf)) {
                    continue;
                }
                let callee = &index.modules[cm].functions[cf];
                if callee.app_orm_io {
                    return true;
                }
                next.push((cm, callee));
            }
        }
        frontier = next;
    }
    false
}

fn evidence(
    web: Web,
    module: &ModuleSummary,
    mut follow: impl FnMut(&CallRef) -> Option<Target>,
    own_uses_db: impl Fn(&super::project::FunctionSummary) -> bool,
    indexed: impl Fn(&CallRef) -> bool,
) -> Evidence {
    let mut out = Evidence::default();
    // Functions that run concurrently, named: only those that reach a database
    // (a download thread that never opens one holds no lock on it).
    for (r, entry) in &module.facts.entries {
        let target = follow(r);
        if target.as_ref().is_some_and(|t| !t.uses_db) {
            continue;
        }
        // A callable the project does not define, handed to a thread, an
        // executor or a process (`os.path.exists`, `shutil.which`, a library's
        // function): it opens none of the project's databases.
        if target.is_none() && foreign_callable(r, indexed(r)) {
            continue;
        }
        // `self.llm` handed to a pool where no class of the project defines
        // `llm`: an attribute holding a callable (a model client, a callback)
        // in a module that opens no database itself; nothing shows it
        // reaches one.
        if target.is_none()
            && matches!(r, CallRef::SelfMethod { .. })
            && !indexed(r)
            && !module.functions.iter().any(&own_uses_db)
        {
            continue;
        }
        let is_async = target.as_ref().is_some_and(|t| t.is_async);
        let (runs, what) = match entry {
            Entry::Spawned(SpawnKind::Thread) => (Runs::Threads, "worker threads running"),
            Entry::Spawned(SpawnKind::Process) => (Runs::Processes, "other processes running"),
            Entry::Spawned(SpawnKind::Background) if !is_async => (
                Runs::Threads,
                "the framework's thread pool running background task",
            ),
            Entry::Route(_) if web == Web::Serial => continue,
            Entry::Route(_) if target.is_some() && !is_async => (
                Runs::SyncRoutes,
                "the web framework's thread pool running sync route",
            ),
            _ => continue,
        };
        let (name, file) = match target {
            Some(t) => (t.name, t.file),
            None => (r.simple_name().to_string(), file_name(module)),
        };
        out.named = Some(Who::new(runs, format!("{what} `{name}` ({file})")));
        break;
    }
    if out.named.is_none() && web == Web::Counted {
        out.named = module
            .functions
            .iter()
            .find(|f| f.effects.route.is_some() && !f.is_async && own_uses_db(f))
            .map(|f| {
                Who::new(
                    Runs::SyncRoutes,
                    format!(
                        "the web framework's thread pool running sync route `{}` ({}:{})",
                        f.qualname,
                        file_name(module),
                        f.line
                    ),
                )
            });
    }
    // Libraries that start threads or processes. aiosqlite's threads only
    // count when they can hold a lock: `immutable=1` opens take none.
    let aiosqlite_used = module.facts.uses_aiosqlite && !module.facts.aiosqlite_immutable_only;
    // aiosqlite's threads first: the one import that is a party by itself.
    out.library = module
        .imports
        .iter()
        .filter(|_| aiosqlite_used)
        .find(|import| matches_prefix(&import.target, "aiosqlite"))
        .map(|_| Who {
            runs: Runs::Aiosqlite,
            by_import: true,
            text: format!(
                "aiosqlite's worker threads ({} imports aiosqlite)",
                file_name(module)
            ),
        });
    if out.library.is_none() && module.facts.aiosqlite_engine {
        out.library = Some(Who::new(
            Runs::Aiosqlite,
            format!(
                "the async engine's pooled aiosqlite connections, each on a worker thread, held by interleaved requests ({} creates a sqlite+aiosqlite engine)",
                file_name(module)
            ),
        ));
    }
    if out.library.is_none() {
        out.library = generic_import(web, module);
    }
    out.event_loop = module.imports.iter().find_map(|import| {
        LOOP_FRAMEWORKS
            .iter()
            .find(|(p, _)| matches_prefix(&import.target, p))
            .map(|(_, what)| {
                format!(
                    "{what} ({}) runs every sync query on its one event-loop thread, and nothing in the project starts a thread or another process",
                    file_name(module)
                )
            })
    });
    out
}

/// Whether a callable that resolves to no function of the project opens no
/// database: an imported name (`os.path.getsize`, `shutil.which`,
/// `requests.get`, `probe.checksum` of a project module) in no module the
/// index holds (`indexed` false): the index parses every module that mentions
/// SQLite or calls what does database I/O (run.rs's rounds), so a module
/// outside it is a library's or a file probe. Not sqlite3's own
/// (`sqlite3.connect`) nor a blocking method of a connection. Methods of
/// `self` and of module-level instances (`self.save`, `store.flush`), names of
/// the module (a `partial` kept in a global) and names in an indexed module
/// that did not resolve stay counted: what they run may open the database out
/// of sight. A bound method of any other object (`to_thread(ydl.extract_info,
/// url)`) counts only when the index follows its object to a class of the
/// project: a downloader's, an RCON client's or a UI toolkit's method runs the
/// library's code.
fn foreign_callable(r: &CallRef, indexed: bool) -> bool {
    match r {
        CallRef::On { .. } => true,
        CallRef::Dotted(name) => {
            !indexed
                && !name.to_ascii_lowercase().contains("sqlite")
                && !super::project::BLOCKING_METHODS.contains(&r.simple_name())
        }
        _ => false,
    }
}

/// Whether a dotted reference made in module `from` (the viewed module when
/// `None`) names a module of the index (not necessarily a function of it); for
/// `self.name`, whether any class of the index defines a method `name`.
fn in_index(index: &ProjectIndex, from: Option<usize>, r: &CallRef) -> bool {
    if let CallRef::SelfMethod { name, .. } = r {
        // Some class of the project defines a method by that name (the
        // receiver's base, wherever it is).
        return index.modules.iter().any(|m| {
            m.functions
                .iter()
                .any(|f| f.qualname.rsplit_once('.').is_some_and(|(_, n)| n == name))
        });
    }
    let CallRef::Dotted(name) = r else {
        return true;
    };
    match from {
        Some(m) => index.module_of(m, name).is_some(),
        // A module outside the index: only a relative name can be the project's.
        None => name.starts_with('.'),
    }
}

/// The first import of a thread, process or web library (kind-1 evidence of [`of_project`]).
fn generic_import(web: Web, module: &ModuleSummary) -> Option<Who> {
    module.imports.iter().find_map(|import| {
        CONCURRENT_IMPORTS
            .iter()
            .filter(|(p, _, _)| {
                *p != "aiosqlite"
                    || (module.facts.uses_aiosqlite && !module.facts.aiosqlite_immutable_only)
            })
            .filter(|(p, _, _)| web == Web::Counted || !WEB_IMPORTS.contains(p))
            // Pools of one worker, each job waited for: nobody runs beside.
            .filter(|(p, _, _)| {
                !(module.facts.lone_workers_only
                    && matches!(*p, "concurrent.futures" | "multiprocessing"))
            })
            .find(|(p, _, _)| matches_prefix(&import.target, p))
            .map(|(prefix, what, runs)| Who {
                runs: *runs,
                by_import: true,
                text: format!("{what} ({} imports {prefix})", file_name(module)),
            })
    })
}

pub use super::paths::is_startup_only;

#[cfg(test)]
mod tests {
    use super::{CONCURRENT_IMPORTS, Runs, WEB_IMPORTS, is_startup_only, matches_prefix};
    use std::path::Path;

    fn runs_of(prefix: &str) -> Runs {
        CONCURRENT_IMPORTS
            .iter()
            .find(|(p, _, _)| *p == prefix)
            .map(|(_, _, runs)| *runs)
            .unwrap()
    }

    #[test]
    fn how_a_party_runs_decides_not_its_words() {
        // gevent folds the program's own threads into one, not processes.
        assert!(runs_of("threading").threads_only());
        assert!(runs_of("waitress").threads_only());
        assert!(!runs_of("concurrent.futures").threads_only());
        assert!(!runs_of("celery").threads_only());
        assert!(!runs_of("flask").threads_only());
        assert!(!Runs::OtherProgram.threads_only());
        // A process opens connections of its own; a thread shares the process's.
        assert!(runs_of("multiprocessing").other_processes());
        assert!(runs_of("gunicorn").other_processes());
        assert!(!runs_of("threading").other_processes());
        assert!(!runs_of("aiosqlite").other_processes());
        assert!(!Runs::SyncRoutes.other_processes());
        assert!(!runs_of("gunicorn").has_threads());
        assert!(runs_of("django").has_threads());
        assert!(!Runs::Processes.has_threads());
    }

    #[test]
    fn web_imports_serve_requests_and_servers_are_parties() {
        for prefix in WEB_IMPORTS {
            assert!(runs_of(prefix).serves_requests(), "{prefix}");
            assert!(!runs_of(prefix).party_by_import(), "{prefix}");
        }
        for prefix in [
            "aiosqlite",
            "waitress",
            "cherrypy",
            "http.server.ThreadingHTTPServer",
        ] {
            assert!(runs_of(prefix).party_by_import(), "{prefix}");
        }
        assert!(!runs_of("threading").party_by_import());
    }

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
        assert!(is_startup_only(Path::new(
            "alembic/versions/0007_rebuild.py"
        )));
        assert!(!is_startup_only(Path::new("app/storage.py")));
        assert!(!is_startup_only(Path::new("app/immigration.py")));
    }
}
