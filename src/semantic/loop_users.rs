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
//!   connection). Or any program run by `asyncio.run` whose loop runs one
//!   coroutine at a time (a tracker that scrapes, writes and sleeps): nothing
//!   in it starts a task, gathers coroutines, schedules a callback or imports
//!   an async scheduler, and nothing serves (a Telegram library imported only
//!   to send messages serves nobody until the program polls or takes a
//!   webhook). The blocking call then delays only the code that runs next.
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
    // A Telegram library serves users only where the program takes updates.
    let takes_updates = own.is_some_and(|m| m.facts.loop_users.takes_updates)
        || index.takes_updates.iter().any(|&i| not_own(i));
    let listed = if takes_updates {
        &index.others
    } else {
        &index.others_no_updates
    };
    let others_of = own.and_then(|m| others(m, takes_updates)).or_else(|| {
        listed
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
    let aiosqlite = own.is_some_and(|m| m.facts.uses_aiosqlite)
        || index
            .connects
            .iter()
            .any(|(i, (_, aio))| *aio && Some(*i) != view.module);
    if aiosqlite {
        return LoopUsers::Unknown;
    }
    let how = own
        .and_then(|m| m.facts.loop_users.command_line.clone())
        .or_else(|| {
            index
                .command_line
                .iter()
                .find(|(i, _)| not_own(*i))
                .map(|(_, h)| h.clone())
        });
    // A second connection can hold the write lock across an await while
    // another statement of the same loop waits for it; with one there is none.
    let counted = |i: usize| index.connects.get(&i).copied().unwrap_or((0, false));
    let (minus, _) = view.module.map_or((0, false), counted);
    let own_connects = own.map_or(0, |m| m.facts.connect_sites);
    let connects = index.total_connects - minus + own_connects;
    if let Some(how) = how.filter(|_| connects <= 1) {
        return LoopUsers::OwnTasks(format!(
            "`{run}` is a command-line program (it reads its command line with {how} and runs its event loop with `asyncio.run` at line {line}): the loop runs only the program's own tasks, nothing serves other users on it, and its one connection is the only one on the database, so the stall is the statement itself"
        ));
    }
    // One coroutine at a time: nothing in the program runs work beside the
    // coroutine `asyncio.run` awaits (no task, gather, task group, scheduled
    // callback or async scheduler), so a blocking call delays only the code
    // that would run next anyway, and no statement of the loop can hold a
    // lock another one waits for while it is suspended.
    let concurrent = own
        .and_then(|m| m.facts.loop_users.concurrent.is_some().then_some(()))
        .or_else(|| index.concurrent.iter().find(|&&i| not_own(i)).map(|_| ()));
    if concurrent.is_some() {
        return LoopUsers::Unknown;
    }
    LoopUsers::OwnTasks(format!(
        "`{run}` runs one coroutine at a time (`asyncio.run` at line {line}, and nothing in the program starts a task, gathers coroutines or schedules a callback on the loop): no one else waits on the loop, so the stall is the statement itself"
    ))
}

/// What every non-test module of the index says about the loop's users, in
/// index order, so a check asks each module once per run, not once per file.
struct IndexSide {
    others: Vec<(usize, String)>,
    /// The same when no module takes a chat bot's updates.
    others_no_updates: Vec<(usize, String)>,
    /// Modules that take a chat bot's updates.
    takes_updates: Vec<usize>,
    /// Modules that run work side by side on the loop.
    concurrent: Vec<usize>,
    runs_loop: Vec<(usize, (String, usize))>,
    command_line: Vec<(usize, String)>,
    /// Connect sites and aiosqlite use per module that has either.
    connects: rustc_hash::FxHashMap<usize, (usize, bool)>,
    total_connects: usize,
}

impl IndexSide {
    fn build(index: &super::project::ProjectIndex) -> Self {
        let mut side = IndexSide {
            others: Vec::new(),
            others_no_updates: Vec::new(),
            takes_updates: Vec::new(),
            concurrent: Vec::new(),
            runs_loop: Vec::new(),
            command_line: Vec::new(),
            connects: rustc_hash::FxHashMap::default(),
            total_connects: 0,
        };
        for (i, m) in index.modules.iter().enumerate() {
            if super::paths::is_test_module(&m.path) {
                continue;
            }
            if let Some(who) = others(m, true) {
                side.others.push((i, who));
            }
            if let Some(who) = others(m, false) {
                side.others_no_updates.push((i, who));
            }
            if m.facts.loop_users.takes_updates {
                side.takes_updates.push(i);
            }
            if m.facts.loop_users.concurrent.is_some() {
                side.concurrent.push(i);
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

/// Telegram libraries a program may import only to send messages (a tracker
/// posting what it found): they serve users only when the program takes the
/// bot's updates, by polling or a webhook.
const SENDING_ONLY: &[&str] = &["telegram", "aiogram"];

/// The evidence in one module that others share the loop; `takes_updates`:
/// the program takes a chat bot's updates somewhere.
fn others(m: &ModuleSummary, takes_updates: bool) -> Option<String> {
    let file = file_name(m);
    for import in &m.imports {
        let framework = super::second_party::LOOP_FRAMEWORKS
            .iter()
            .filter(|(p, _)| takes_updates || !SENDING_ONLY.contains(p))
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
