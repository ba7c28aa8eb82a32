//! Who waits while a sync call holds the event loop.
//!
//! A blocking sqlite3 call in a coroutine (or in a sync callback the loop runs)
//! costs more than the statement's own time only when someone else is waiting
//! on that loop, or when the call can wait on a lock another party holds:
//!
//! - others share the loop: a web or ASGI server, a chat bot, a websocket or
//!   socket server, an MCP server, a protocol serving several peers. Every one
//!   of their requests waits as long as the call does;
//! - one user only: a command-line program (`asyncio.run(main())` from the
//!   shell, its arguments parsed by argparse, click, typer, ...) whose loop runs
//!   only its own tasks, with one connection on its database and no thread or
//!   process beside it (semantic/second_party.rs). The stall is the statement
//!   itself: the program would wait for it anyway, and with one connection on
//!   one thread no statement waits on a lock (the busy wait needs a second
//!   connection).
//!
//! Decided from the whole project (test modules left out): one module serving
//! others is enough, since its loop is the one the program runs. What is not
//! clearly one or the other stays unknown and is reported as before.
//!
//! Also here: the sync functions a module hands the loop to run itself
//! ([`loop_callbacks`]), which block it exactly like a coroutine does.

use super::loop_evidence::matches_prefix;
pub use super::loop_evidence::{ModuleLoop, loop_callbacks};
use super::project::{ModuleSummary, ProjectView};

/// Imports that mean others wait on the loop, beyond second_party's event-loop
/// frameworks (bots and servers, whose other users wait), with who waits.
const SERVING_IMPORTS: &[(&str, &str)] = &[
    (
        "websockets.server",
        "every other client of the websocket server waits meanwhile",
    ),
    (
        "websockets.asyncio.server",
        "every other client of the websocket server waits meanwhile",
    ),
    (
        "tornado",
        "every other client of the Tornado server waits meanwhile",
    ),
    (
        "grpc.aio",
        "every other client of the gRPC server waits meanwhile",
    ),
    (
        "socketio",
        "every other client of the Socket.IO server waits meanwhile",
    ),
    (
        "aiosmtpd",
        "every other client of the SMTP server waits meanwhile",
    ),
    (
        "textual",
        "the Textual app's screen and input freeze meanwhile",
    ),
    (
        "homeassistant",
        "every other integration and automation of Home Assistant waits meanwhile",
    ),
];

/// Who waits on the project's event loop.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LoopUsers {
    /// Others share the loop; the text names them and the evidence.
    Others(String),
    /// Only the program's own tasks; the text says why.
    OwnTasks(String),
    Unknown,
}

fn file_name(module: &ModuleSummary) -> String {
    crate::diff::display_path(&module.path)
}

/// The loop's users, from every non-test module of the project. The caller
/// still has to rule out a second party (a thread or process on the same
/// file) before it takes [`LoopUsers::OwnTasks`] at its word.
pub fn of_project(view: &ProjectView<'_>) -> LoopUsers {
    // The index's side is found once per run; the checked module's own summary
    // comes first, as it did when every module was scanned per file.
    let index = view.index.memo(IndexSide::build);
    let own = Some(&*view.own).filter(|m| !super::paths::is_test_module(&m.path));
    let not_own = |i: usize| Some(i) != view.module;
    let others_of = own.and_then(others).or_else(|| {
        index
            .others
            .iter()
            .find(|(i, _)| not_own(*i))
            .map(|(_, w)| w.clone())
    });
    if let Some(who) = others_of {
        return LoopUsers::Others(who);
    }
    let run = own
        .and_then(|m| m.facts.loop_users.runs_loop.map(|l| (file_name(m), l)))
        .or_else(|| {
            index
                .runs_loop
                .iter()
                .find(|(i, _)| not_own(*i))
                .map(|(_, r)| r.clone())
        });
    let Some((run, line)) = run else {
        return LoopUsers::Unknown;
    };
    let how = own
        .and_then(|m| m.facts.loop_users.command_line.clone())
        .or_else(|| {
            index
                .command_line
                .iter()
                .find(|(i, _)| not_own(*i))
                .map(|(_, h)| h.clone())
        });
    let Some(how) = how else {
        return LoopUsers::Unknown;
    };
    // A second connection can hold the write lock across an await while
    // another statement of the same loop waits for it; with one there is none.
    let counted = |i: usize| index.connects.get(&i).copied().unwrap_or((0, false));
    let (minus, _) = view.module.map_or((0, false), counted);
    let own_connects = own.map_or(0, |m| m.facts.connect_sites);
    let connects = index.total_connects - minus + own_connects;
    let aiosqlite = own.is_some_and(|m| m.facts.uses_aiosqlite)
        || index
            .connects
            .iter()
            .any(|(i, (_, aio))| *aio && Some(*i) != view.module);
    if connects > 1 || aiosqlite {
        return LoopUsers::Unknown;
    }
    LoopUsers::OwnTasks(format!(
        "`{run}` is a command-line program (it reads its command line with {how} and runs its event loop with `asyncio.run` at line {line}): the loop runs only the program's own tasks, nothing serves other users on it, and its one connection is the only one on the database, so the stall is the statement itself"
    ))
}

/// What every non-test module of the index says about the loop's users, in
/// index order, so a check asks each module once per run, not once per file.
struct IndexSide {
    others: Vec<(usize, String)>,
    runs_loop: Vec<(usize, (String, usize))>,
    command_line: Vec<(usize, String)>,
    /// Connect sites and aiosqlite use per module that has either.
    connects: std::collections::HashMap<usize, (usize, bool)>,
    total_connects: usize,
}

impl IndexSide {
    fn build(index: &super::project::ProjectIndex) -> Self {
        let mut side = IndexSide {
            others: Vec::new(),
            runs_loop: Vec::new(),
            command_line: Vec::new(),
            connects: std::collections::HashMap::new(),
            total_connects: 0,
        };
        for (i, m) in index.modules.iter().enumerate() {
            if super::paths::is_test_module(&m.path) {
                continue;
            }
            if let Some(who) = others(m) {
                side.others.push((i, who));
            }
            if let Some(line) = m.facts.loop_users.runs_loop {
                side.runs_loop.push((i, (file_name(m), line)));
            }
            if let Some(how) = m.facts.loop_users.command_line.clone() {
                side.command_line.push((i, how));
            }
            if m.facts.connect_sites > 0 || m.facts.uses_aiosqlite {
                side.connects
                    .insert(i, (m.facts.connect_sites, m.facts.uses_aiosqlite));
            }
            side.total_connects += m.facts.connect_sites;
        }
        side
    }
}

/// The evidence in one module that others share the loop.
fn others(m: &ModuleSummary) -> Option<String> {
    let file = file_name(m);
    for import in &m.imports {
        let framework = super::second_party::LOOP_FRAMEWORKS
            .iter()
            .find(|(p, _)| matches_prefix(&import.target, p))
            .map(|(p, what)| (p, format!("every other user of {what} waits meanwhile")));
        let serving = || {
            SERVING_IMPORTS
                .iter()
                .find(|(p, _)| matches_prefix(&import.target, p))
                .map(|(p, who)| (p, who.to_string()))
        };
        if let Some((prefix, who)) = framework.or_else(serving) {
            return Some(format!("{who} ({file} imports {prefix})"));
        }
    }
    let facts = &m.facts.loop_users;
    if let Some((call, line)) = &facts.serves {
        return Some(format!(
            "every other client of the server {call} starts waits meanwhile ({file}:{line})"
        ));
    }
    facts
        .protocol
        .as_ref()
        .map(|class| format!("every other peer of the protocol `{class}` waits meanwhile ({file})"))
}
