//! What one module shows about the event loop it runs: whether it serves
//! clients on it, runs it from a command line, and which of its sync
//! functions the loop calls itself. Per module, kept in the project index;
//! loop_users.rs decides from all modules who waits on the loop.

use ruff_python_ast::{self as ast, Expr};
use ruff_text_size::Ranged;

use super::model::{Callee, Model};
use super::scopes::FuncId;

/// What one module shows about the loop it runs.
#[derive(Debug, Clone, Default)]
pub struct ModuleLoop {
    /// A call that serves clients on the loop, and its line
    /// (`asyncio.start_server`, `loop.create_server`, `websockets.serve`).
    pub serves: Option<(String, usize)>,
    /// Defines an asyncio protocol class: the loop feeds it peers' data.
    pub protocol: Option<String>,
    /// Where the module runs a loop to completion (`asyncio.run(main())`) as a
    /// script or command does: at module level, in `main()`, or in a
    /// click/typer command.
    pub runs_loop: Option<usize>,
    /// How the module reads a command line (`argparse`, `click`, `sys.argv`).
    pub command_line: Option<String>,
    /// The first thing that runs work beside the coroutine awaiting it on the
    /// loop (`asyncio.create_task`, `gather`, a task group, a callback the loop
    /// schedules, an async scheduler), and its line: without one anywhere, the
    /// loop runs one coroutine at a time.
    pub concurrent: Option<(String, usize)>,
    /// Takes a chat bot's updates (polling or a webhook): a Telegram library
    /// imported only to send messages serves nobody.
    pub takes_updates: bool,
    /// The last name of what each `.start(...)` call starts (`poll` of
    /// `poll.start()`, `self.poll.start()`), for periodic tasks (`tasks.loop`).
    pub started: Vec<String>,
    /// Starts something chosen at run time (`tasks_list[name].start()`, a
    /// loop variable's `task.start()`): any periodic task may be started.
    pub starts_by_value: bool,
}

/// Calls that start serving clients on the loop.
const SERVING_CALLS: &[&str] = &[
    "asyncio.start_server",
    "asyncio.start_unix_server",
    "websockets.serve",
    "websockets.unix_serve",
    "websockets.server.serve",
    "websockets.asyncio.server.serve",
    "aiohttp.web.run_app",
    "uvicorn.run",
    "hypercorn.asyncio.serve",
    "grpc.aio.server",
];

/// Loop methods that serve clients.
const SERVING_METHODS: &[&str] = &[
    "create_server",
    "create_unix_server",
    "create_datagram_endpoint",
    "serve_forever",
    "run_polling",
    "start_polling",
    "infinity_polling",
    "run_app",
];

/// Calls that run coroutines side by side on the loop.
const CONCURRENT_CALLS: &[&str] = &[
    "asyncio.create_task",
    "asyncio.ensure_future",
    "asyncio.gather",
    "asyncio.wait",
    "asyncio.as_completed",
    "asyncio.TaskGroup",
    "asyncio.Task",
    "asyncio.run_coroutine_threadsafe",
    "anyio.create_task_group",
    "trio.open_nursery",
];

/// Methods that run coroutines or callbacks side by side on the loop.
const CONCURRENT_METHODS: &[&str] = &[
    "create_task",
    "ensure_future",
    "start_soon",
    "call_soon",
    "call_soon_threadsafe",
    "call_later",
    "call_at",
    "add_reader",
    "add_writer",
    "run_forever",
];

/// Imports whose jobs run on the loop beside the main coroutine.
const CONCURRENT_IMPORTS: &[&str] = &["apscheduler", "aiocron", "aioschedule", "rocketry", "arq"];

/// Methods that take a chat bot's updates: long polling or a webhook.
const UPDATE_METHODS: &[&str] = &[
    "run_polling",
    "start_polling",
    "infinity_polling",
    "polling",
    "run_webhook",
    "start_webhook",
    "feed_update",
    "feed_webhook_update",
    "process_update",
    "run_until_disconnected",
    "idle",
];

/// Calls that run a loop until its main coroutine returns.
const LOOP_RUNS: &[&str] = &["asyncio.run", "anyio.run", "trio.run", "uvloop.run"];

/// Imports that read a command line.
const COMMAND_LINE_IMPORTS: &[&str] = &[
    "argparse", "click", "typer", "fire", "docopt", "optparse", "sys.argv",
];

/// asyncio's protocol base classes: the loop calls their methods.
const PROTOCOL_BASES: &[&str] = &[
    "asyncio.Protocol",
    "asyncio.DatagramProtocol",
    "asyncio.BufferedProtocol",
    "asyncio.SubprocessProtocol",
    "asyncio.protocols.Protocol",
    "asyncio.protocols.DatagramProtocol",
    "asyncio.protocols.BufferedProtocol",
];

/// Protocol methods the loop calls.
const PROTOCOL_METHODS: &[&str] = &[
    "connection_made",
    "connection_lost",
    "data_received",
    "eof_received",
    "datagram_received",
    "error_received",
    "buffer_updated",
    "pipe_data_received",
    "process_exited",
];

pub(crate) fn matches_prefix(target: &str, prefix: &str) -> bool {
    target == prefix
        || target
            .strip_prefix(prefix)
            .is_some_and(|rest| rest.starts_with('.'))
}

pub fn of_module(model: &Model<'_>) -> ModuleLoop {
    let mut out = ModuleLoop::default();
    // The names a `for NAME in` loop binds, read once from the text when the
    // first `.start()` asks: a search of the whole text per call made a
    // module of many starts quadratic.
    let loop_names = std::cell::OnceCell::new();
    for call in &model.calls {
        let line = || model.line_column(call.range().start()).0;
        if out.serves.is_none() {
            if let Some(q) = call.qualified().filter(|q| SERVING_CALLS.contains(q)) {
                out.serves = Some((format!("`{q}`"), line()));
            } else if let Callee::Method { name, .. } = &call.callee
                && SERVING_METHODS.contains(&name.as_str())
            {
                out.serves = Some((format!("`{}`", model.slice(call.expr.func.range())), line()));
            }
        }
        if out.runs_loop.is_none()
            && call.qualified().is_some_and(|q| LOOP_RUNS.contains(&q))
            && script_scope(model, call.scope)
        {
            out.runs_loop = Some(line());
        }
        if out.concurrent.is_none() {
            let named = match (call.qualified(), &call.callee) {
                (Some(q), _) if CONCURRENT_CALLS.contains(&q) => Some(format!("`{q}`")),
                (_, Callee::Method { name, .. }) if CONCURRENT_METHODS.contains(&name.as_str()) => {
                    Some(format!("`{}`", model.slice(call.expr.func.range())))
                }
                _ => None,
            };
            out.concurrent = named.map(|n| (n, line()));
        }
        if let Expr::Attribute(a) = &*call.expr.func
            && matches!(a.attr.as_str(), "start" | "restart")
        {
            match &*a.value {
                Expr::Name(n)
                    if loop_names
                        .get_or_init(|| for_loop_names(model.text))
                        .contains(n.id.as_str()) =>
                {
                    out.starts_by_value = true
                }
                Expr::Name(n) => out.started.push(n.id.to_string()),
                Expr::Attribute(inner) => out.started.push(inner.attr.to_string()),
                // A new object started at once (`Thread(target=f).start()`) is
                // no periodic task; `getattr(module, name).start()` may be one.
                Expr::Call(c) => {
                    out.starts_by_value |=
                        matches!(&*c.func, Expr::Name(n) if n.id.as_str() == "getattr")
                }
                _ => out.starts_by_value = true,
            }
        }
        if !out.takes_updates {
            let name = match &*call.expr.func {
                Expr::Attribute(a) => Some(a.attr.as_str()),
                Expr::Name(n) => Some(n.id.as_str()),
                _ => None,
            };
            out.takes_updates = name.is_some_and(|n| UPDATE_METHODS.contains(&n));
        }
    }
    if out.concurrent.is_none() {
        out.concurrent = model.imports.iter().find_map(|i| {
            CONCURRENT_IMPORTS
                .iter()
                .find(|p| matches_prefix(&i.target, p))
                .map(|p| (format!("the import of {p}"), 1))
        });
    }
    if out.concurrent.is_none() && !loop_callbacks(model).is_empty() {
        out.concurrent = Some(("a callback the loop runs".to_string(), 1));
    }
    out.command_line = model.imports.iter().find_map(|i| {
        COMMAND_LINE_IMPORTS
            .iter()
            .find(|p| matches_prefix(&i.target, p))
            .map(|p| p.to_string())
    });
    if out.command_line.is_none() && model.text.contains("sys.argv") {
        out.command_line = Some("sys.argv".to_string());
    }
    out.protocol = model
        .scopes
        .classes
        .iter()
        .find(|c| protocol_class(model, c.def))
        .map(|c| c.qualname.clone());
    out
}

/// Every word `w` the text spells as `for w in` (what `text.contains("for w in")`
/// answers for a name, which has no space): after each `for `, the text up to
/// the next space, when ` in` follows it. One pass over the text.
fn for_loop_names(text: &str) -> rustc_hash::FxHashSet<&str> {
    let mut names = rustc_hash::FxHashSet::default();
    for at in memchr::memmem::find_iter(text.as_bytes(), b"for ") {
        let rest = &text[at + 4..];
        if let Some(space) = rest.find(' ')
            && rest[space..].starts_with(" in")
        {
            names.insert(&rest[..space]);
        }
    }
    names
}

/// Periodic tasks of discord.py and its forks (`@tasks.loop(minutes=5)`) that
/// nothing in the module starts while it starts others of them (a start
/// commented out beside the live ones), with their names. They run only if
/// another module calls their `start()` (the caller asks the project).
pub fn unstarted_tasks(
    model: &Model<'_>,
    facts: &ModuleLoop,
) -> Vec<(ruff_text_size::TextRange, String)> {
    let mut tasks = Vec::new();
    for f in &model.scopes.functions {
        let periodic = f.def.decorator_list.iter().any(|d| {
            let func = match &d.expression {
                Expr::Call(c) => &*c.func,
                other => other,
            };
            model
                .resolve(func, f.parent)
                .is_some_and(|q| q.ends_with(".ext.tasks.loop"))
        });
        if periodic {
            tasks.push((f.def.range(), f.name().to_string()));
        }
    }
    let started = |name: &str| facts.started.iter().any(|s| s == name);
    if facts.starts_by_value || !tasks.iter().any(|(_, n)| started(n)) {
        return Vec::new();
    }
    tasks.retain(|(_, n)| !started(n));
    tasks
}

/// Code that runs as a script or a command: module level, a `main`, or a
/// click/typer command.
fn script_scope(model: &Model<'_>, scope: Option<FuncId>) -> bool {
    let Some(id) = scope else {
        return true;
    };
    let f = model.scopes.function(id);
    f.parent.is_none()
        && f.class.is_none()
        && (matches!(f.name(), "main" | "cli" | "run" | "_main" | "entrypoint")
            || super::entry_points::in_cli_command(model, scope))
}

/// A class whose base is named like a protocol (`_BaseProtocol`, a serial
/// library's `Protocol`): with a method the loop calls on protocols
/// (`data_received`), it is one, whatever module defines the base.
fn protocol_like(model: &Model<'_>, def: &ast::StmtClassDef) -> bool {
    def.bases().iter().any(|base| {
        let text = model.slice(base.range());
        text.rsplit('.')
            .next()
            .is_some_and(|last| last.ends_with("Protocol"))
    })
}

fn protocol_class(model: &Model<'_>, def: &ast::StmtClassDef) -> bool {
    def.bases().iter().any(|base| {
        model
            .resolve(base, None)
            .is_some_and(|q| PROTOCOL_BASES.contains(&q.as_str()))
    })
}

/// The sync functions of the module that the event loop runs itself, each with
/// how it gets there: methods of an asyncio protocol class the loop calls
/// (`data_received`), functions handed to `loop.call_soon`, `call_later`,
/// `add_reader` or a task's `add_done_callback`, and the sync handlers a UI
/// framework runs on its loop (ui_handlers.rs).
pub fn loop_callbacks(model: &Model<'_>) -> Vec<(FuncId, String)> {
    let mut out: Vec<(FuncId, String)> = Vec::new();
    for (id, f) in model.scopes.functions.iter().enumerate() {
        if f.is_async() || !PROTOCOL_METHODS.contains(&f.name()) {
            continue;
        }
        let Some(class) = f.class else {
            continue;
        };
        let class = &model.scopes.classes[class];
        if protocol_class(model, class.def) || protocol_like(model, class.def) {
            out.push((
                id,
                format!("the loop calls it for the protocol `{}`", class.qualname),
            ));
        }
    }
    for call in &model.calls {
        let Callee::Method { name, .. } = &call.callee else {
            continue;
        };
        let position = match name.as_str() {
            "call_soon" | "call_soon_threadsafe" => 0,
            "call_later" | "call_at" | "add_reader" | "add_writer" | "add_signal_handler" => 1,
            "add_done_callback" if task_receiver(model, call) => 0,
            _ => continue,
        };
        let Some(arg) = call.expr.arguments.args.get(position) else {
            continue;
        };
        let Some(id) = model.scopes.function_named(call.scope, arg) else {
            continue;
        };
        if model.scopes.function(id).is_async() || out.iter().any(|(f, _)| *f == id) {
            continue;
        }
        let line = model.line_column(call.range().start()).0;
        out.push((id, format!("registered with `{name}` at line {line}")));
    }
    // Handlers a UI framework runs on its loop (NiceGUI, Textual, Reflex).
    for (id, how) in super::ui_handlers::loop_handlers(model) {
        if !out.iter().any(|(f, _)| *f == id) {
            out.push((id, how));
        }
    }
    out
}

/// `task.add_done_callback(...)` on an asyncio task or future (an executor's
/// future runs its callbacks on the worker thread instead).
fn task_receiver(model: &Model<'_>, call: &super::model::Call<'_>) -> bool {
    let Expr::Attribute(attr) = &*call.expr.func else {
        return false;
    };
    let text = model.slice(attr.value.range()).to_ascii_lowercase();
    text.contains("task") || text.contains("ensure_future") || text.contains("create_future")
}

#[cfg(test)]
mod tests {
    use super::for_loop_names;

    /// The set answers what a search of the text for `for NAME in` did.
    #[test]
    fn for_loop_names_agree_with_a_text_search() {
        let text = "for job in jobs:\n    job.start()\nfor  two in x\nfor (a, b) in pairs:\n\
                    xfor worker in pool\nfor tail in";
        let names = for_loop_names(text);
        for name in [
            "job", "two", "a", "b", "worker", "tail", "jobs", "pool", "in",
        ] {
            assert_eq!(
                names.contains(name),
                text.contains(&format!("for {name} in")),
                "{name}"
            );
        }
    }
}
