//! Start-up code: what runs while a server starts (or stops), before it accepts
//! a request or after it stopped accepting them.
//!
//! - Hooks the framework runs at start and stop: an ASGI `lifespan` (the name
//!   given as `lifespan=` to the app or router), `on_startup=[...]` /
//!   `on_shutdown=[...]`, `@app.on_event("startup")`,
//!   `app.add_event_handler("startup", f)`, Quart's `@app.before_serving`,
//!   Sanic's `@app.before_server_start`, aiohttp's `app.on_startup.append(f)`.
//! - Module code of the module that makes the app object (it runs at import,
//!   before the server serves the app), and module code before the call that
//!   starts the server (`init_db()` then `uvicorn.run(app)` under the
//!   `__main__` guard), the bot's polling (`bot.infinity_polling()`) or the
//!   first thread (`threading.Thread(target=f).start()`).
//! - In a script that serves nothing but runs its own loop in module code
//!   (`init_db()` then `while True: cmd = input(); ...`), its module code
//!   before that loop and before any thread, task or process it starts.
//! - discord.py's `on_ready` listener (`@bot.event`, `@commands.Cog.listener()`)
//!   and a bot class's `async def setup_hook(self)`, python-telegram-bot's
//!   `post_init(f)`, aiogram 3's `dp.startup.register(f)` and `@dp.startup()`,
//!   aiogram 2's `start_polling(dp, on_startup=f)`.
//! - In a function that starts the server or the bot itself (`def main():
//!   init_db(); Thread(target=poll).start(); app.run()`), its code before the
//!   first call that serves or starts a thread, task or process.
//! - A function every call of which is a direct call from start-up code, and
//!   that nothing else names (the project spells its name only in its `def`,
//!   in `from ... import` lines and in those calls, besides inert words: a
//!   comment, a log message, a config key read as `configs["name"]`, a module
//!   path; a `getattr(x, "name")`, an `__all__` entry or a dispatch key still
//!   count, semantic/inert_words.rs), transitively. Where the same word names
//!   other things too (a bundled library's `initialize`), or for a method
//!   (`self._migrate()` in a store's `__init__`) and a constructor (`Store(path)`
//!   built once at start), what the call graph sees decides instead: nothing
//!   decorates it, hands it on or calls it by that name unresolved
//!   (semantic/unseen_calls.rs).
//! - A script's `main` (semantic/program_main.rs): the function its `__main__`
//!   block runs, before it starts anything that runs beside it (`app.run()`,
//!   `plexpy.start()`, a thread, a `while` loop); none of it when no launch
//!   shows (the running part may start in a helper).
//!
//! Not start-up code: a function the hook *starts* (`asyncio.create_task(poll())`,
//! `Thread(target=watch)`): its body runs while the server serves. A call nested
//! in another call's arguments is never taken for a direct call, and a function
//! started or registered anywhere (a thread, a task, a route) never counts.
//!
//! Blocking the event loop before the server accepts anything stalls no request,
//! and a write at start has no second party *yet* (nothing else runs), so the
//! rules about those two harms (SQF501, SQF701) do not apply there. Whatever the
//! start-up code *builds* (an engine, a connection kept on `app.state`) is used
//! later, so configuration rules still apply to it.

use ruff_python_ast::{Expr, Stmt};
use ruff_text_size::{Ranged, TextRange, TextSize};

use super::model::{Call, Model};
use super::refs::CallRef;
use super::spawn::func_ref;

/// Who makes a direct call of a project function.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Caller {
    /// The function (index in the module) the call is in.
    Function(usize),
    /// Module code that runs before the server serves.
    BeforeServing,
    /// Anything else: other module code, a call in another call's arguments.
    Elsewhere,
}

/// What one module tells the project about its start-up code.
#[derive(Debug, Clone, Default)]
pub struct Summary {
    /// Functions the framework runs at start or stop.
    pub hooks: Vec<CallRef>,
    /// Calls of functions by name (`init_db()`, `db.init_db()`), with their caller.
    pub calls: Vec<(Caller, CallRef)>,
    /// Names bound by `from m import name`, at any depth (one mention each).
    pub imported: Vec<String>,
}

/// Decorators (by their last name) that register a start or stop hook.
const HOOK_DECORATORS: &[&str] = &[
    "before_serving",
    "after_serving",
    "before_server_start",
    "after_server_start",
    "after_server_stop",
    "before_server_stop",
];

/// `on_event("startup")` and `listener("before_server_start")` arguments.
const HOOK_EVENTS: &[&str] = &[
    "startup",
    "shutdown",
    "before_server_start",
    "after_server_stop",
];

/// Keywords of an app or router constructor that name hooks.
const HOOK_KEYWORDS: &[&str] = &["lifespan", "on_startup", "on_shutdown"];

/// aiohttp's signal lists: `app.on_startup.append(f)`.
const HOOK_SIGNALS: &[&str] = &["on_startup", "on_shutdown", "on_cleanup", "cleanup_ctx"];

/// Constructors of app objects: the module that makes one is imported by the
/// server before it serves.
const APP_CLASSES: &[&str] = &[
    "fastapi.FastAPI",
    "starlette.applications.Starlette",
    "flask.Flask",
    "quart.Quart",
    "sanic.Sanic",
    "aiohttp.web.Application",
];

/// `call_ref`: how the project names a call's target (project::call_ref,
/// passed in so that this module stays below the project index).
pub fn of_module(
    model: &Model<'_>,
    call_ref: impl Fn(&Model<'_>, &Call<'_>) -> Option<CallRef>,
) -> Summary {
    let mut out = Summary::default();
    hooks(model, &mut out.hooks);
    let serving = serving(model);
    for call in &model.calls {
        if call.in_lambda || !matches!(&*call.expr.func, Expr::Name(_) | Expr::Attribute(_)) {
            continue;
        }
        let Some(r) = call_ref(model, call) else {
            continue;
        };
        // `self._migrate()` too: a store's constructor run once at start runs
        // its own schema steps then.
        if !matches!(
            r,
            CallRef::Local(_) | CallRef::Dotted(_) | CallRef::SelfMethod { .. }
        ) {
            continue;
        }
        let direct = matches!(call.parent, None | Some(Expr::Await(_)));
        let caller = match call.scope {
            _ if !direct => Caller::Elsewhere,
            Some(id) if serving.before_in(id, call.range().start()) => Caller::BeforeServing,
            Some(id) => Caller::Function(id),
            None if serving.before(call.range().start()) => Caller::BeforeServing,
            None => Caller::Elsewhere,
        };
        out.calls.push((caller, r));
    }
    out.imported = model
        .imports
        .iter()
        .filter(|i| !i.is_module_import)
        .filter_map(|i| i.target.rsplit('.').next().map(str::to_string))
        .collect();
    out
}

/// The framework's start and stop hooks the module registers.
fn hooks(model: &Model<'_>, out: &mut Vec<CallRef>) {
    for call in &model.calls {
        for keyword in &call.expr.arguments.keywords {
            let Some(arg) = keyword.arg.as_ref() else {
                continue;
            };
            if !HOOK_KEYWORDS.contains(&arg.as_str()) {
                continue;
            }
            match &keyword.value {
                Expr::List(l) => {
                    out.extend(l.elts.iter().filter_map(|e| func_ref(model, call.scope, e)))
                }
                Expr::Tuple(t) => {
                    out.extend(t.elts.iter().filter_map(|e| func_ref(model, call.scope, e)))
                }
                other => out.extend(func_ref(model, call.scope, other)),
            }
        }
        // `app.add_event_handler("startup", f)`, `app.on_startup.append(f)`.
        let Expr::Attribute(attr) = &*call.expr.func else {
            continue;
        };
        let registers = match attr.attr.as_str() {
            "add_event_handler" => call.argument(0, "event_type").is_some_and(
                |e| matches!(e, Expr::StringLiteral(s) if HOOK_EVENTS.contains(&s.value.to_str())),
            ),
            "append" => {
                matches!(&*attr.value, Expr::Attribute(a) if HOOK_SIGNALS.contains(&a.attr.as_str()))
            }
            // python-telegram-bot's `ApplicationBuilder().post_init(f)`.
            "post_init" | "post_shutdown" | "post_stop" => true,
            // aiogram 3's `dp.startup.register(f)`.
            "register" => {
                matches!(&*attr.value, Expr::Attribute(a) if matches!(a.attr.as_str(), "startup" | "shutdown"))
            }
            _ => false,
        };
        if registers {
            let f = if matches!(
                attr.attr.as_str(),
                "append" | "post_init" | "post_shutdown" | "post_stop" | "register"
            ) {
                call.argument(0, "object")
            } else {
                call.argument(1, "func")
            };
            out.extend(f.and_then(|f| func_ref(model, call.scope, f)));
        }
    }
    for (id, function) in model.scopes.functions.iter().enumerate() {
        if function.parent.is_some() {
            continue;
        }
        let hook = function.def.decorator_list.iter().any(|d| {
            hook_decorator(&d.expression) || ready_listener(function.name(), &d.expression)
        }) || setup_hook(function);
        // `@app.on_event("startup")` over `@repeat_every(seconds=30)`: the hook
        // starts a task that runs the body again and again while serving.
        let periodic = function
            .def
            .decorator_list
            .iter()
            .any(|d| periodic_decorator(&d.expression));
        if hook && !periodic {
            out.push(match function.class {
                Some(class) => CallRef::SelfMethod {
                    class: model.scopes.classes[class].qualname.clone(),
                    name: function.name().to_string(),
                },
                None => CallRef::Local(model.scopes.function(id).qualname.clone()),
            });
        }
    }
}

/// fastapi-utils' (and fastapi-restful's, fastapi-utilities') `@repeat_every(...)`
/// and `@repeat_at(...)`: the function becomes a periodic task.
fn periodic_decorator(expr: &Expr) -> bool {
    let func = match expr {
        Expr::Call(c) => &*c.func,
        other => other,
    };
    let name = match func {
        Expr::Name(n) => n.id.as_str(),
        Expr::Attribute(a) => a.attr.as_str(),
        _ => return false,
    };
    matches!(name, "repeat_every" | "repeat_at")
}

/// `@app.on_event("startup")`, `@app.listener("before_server_start")`,
/// `@app.before_serving`.
fn hook_decorator(expr: &Expr) -> bool {
    let (func, call) = match expr {
        Expr::Call(c) => (&*c.func, Some(c)),
        other => (other, None),
    };
    let Expr::Attribute(attr) = func else {
        return false;
    };
    match (attr.attr.as_str(), call) {
        ("on_event" | "listener", Some(c)) => c.arguments.args.first().is_some_and(
            |e| matches!(e, Expr::StringLiteral(s) if HOOK_EVENTS.contains(&s.value.to_str())),
        ),
        // aiogram 3's `@dp.startup()` / `@router.shutdown()`.
        ("startup" | "shutdown", Some(c)) => c.arguments.is_empty(),
        (name, _) => HOOK_DECORATORS.contains(&name),
    }
}

/// discord.py's `async def setup_hook(self)` on a `Bot` or `Client` subclass:
/// the library awaits it once after login, before it connects to the gateway
/// and takes any event.
fn setup_hook(function: &super::scopes::Function<'_>) -> bool {
    function.name() == "setup_hook" && function.class.is_some() && function.is_async()
}

/// discord.py's `@bot.event async def on_ready()` and a cog's
/// `@commands.Cog.listener() async def on_ready(self)`: it runs when the bot has
/// connected, before it handles a command (again after a reconnect, where
/// idempotent work such as `CREATE TABLE IF NOT EXISTS` changes nothing).
fn ready_listener(name: &str, decorator: &Expr) -> bool {
    if name != "on_ready" {
        return false;
    }
    let (func, call) = match decorator {
        Expr::Call(c) => (&*c.func, Some(c)),
        other => (other, None),
    };
    let Expr::Attribute(attr) = func else {
        return false;
    };
    matches!(attr.attr.as_str(), "event" | "listen" | "listener")
        && call.is_none_or(|c| {
            c.arguments.args.first().is_none_or(
                |e| matches!(e, Expr::StringLiteral(s) if s.value.to_str() == "on_ready"),
            )
        })
}

/// Functions that start the server or the bot themselves (`def main():
/// init_db(); Thread(target=poll).start(); app.run()`), each with where that
/// starts: the first call that serves or starts a thread, task or process. Their
/// direct calls before it run before anything else uses the database, like
/// module code before serving.
fn serving_functions(model: &Model<'_>) -> Vec<(super::scopes::FuncId, TextSize)> {
    let mut out: Vec<(super::scopes::FuncId, TextSize)> = Vec::new();
    for call in &model.calls {
        let Some(id) = call.scope else {
            continue;
        };
        if starts_serving(model, call) && !out.iter().any(|&(f, _)| f == id) {
            out.push((id, call.range().start()));
        }
    }
    // The program's `main` the `__main__` guard runs: it is the process, so its
    // code before it starts anything runs with nothing else open yet.
    for id in super::program_main::mains(model) {
        if out.iter().any(|&(f, _)| f == id) {
            continue;
        }
        out.push((
            id,
            super::program_main::first_launch(model, id, |c| starts_serving(model, c)),
        ));
    }
    if out.is_empty() {
        return out;
    }
    for spawn in super::spawn::spawns(model) {
        let at = spawn.call.range().start();
        for entry in out.iter_mut() {
            if spawn.call.scope == Some(entry.0) && at < entry.1 {
                entry.1 = at;
            }
        }
    }
    out
}

/// Where module code stops being start-up code: the first call at module level
/// that starts serving (`uvicorn.run(app)`, `bot.run(token)`), or the end of the
/// module when it makes the app object a server imports.
fn serving_starts(model: &Model<'_>) -> Option<TextSize> {
    let mut first: Option<TextSize> = None;
    let mut makes_app = false;
    for call in model.calls.iter().filter(|c| c.scope.is_none()) {
        if call.qualified().is_some_and(|q| APP_CLASSES.contains(&q)) {
            makes_app = true;
        }
        if starts_serving(model, call) {
            let at = call.range().start();
            first = Some(first.map_or(at, |f| f.min(at)));
        }
    }
    first.or(makes_app.then(|| TextSize::new(u32::MAX)))
}

/// A script that serves nothing but runs its own loop in module code (`init_db()`
/// then `while True: cmd = input(); ...`): what comes before that loop, and
/// before any thread, task or process the module code starts, runs once while
/// the script prepares, like module code before a server serves.
fn script_loop_starts(model: &Model<'_>, loops: &[TextRange]) -> Option<TextSize> {
    let first_loop = loops.iter().map(|r| r.start()).min()?;
    let first_spawn = super::spawn::spawns(model)
        .iter()
        .filter(|s| s.call.scope.is_none())
        .map(|s| s.call.range().start())
        .min();
    Some(first_spawn.map_or(first_loop, |s| s.min(first_loop)))
}

fn starts_serving(model: &Model<'_>, call: &Call<'_>) -> bool {
    if matches!(
        call.qualified(),
        Some("uvicorn.run" | "waitress.serve" | "aiohttp.web.run_app" | "hypercorn.asyncio.serve")
    ) {
        return true;
    }
    let Expr::Attribute(attr) = &*call.expr.func else {
        return false;
    };
    let receiver = model
        .slice(attr.value.range())
        .rsplit('.')
        .next()
        .unwrap_or("");
    match attr.attr.as_str() {
        "serve_forever" | "run_polling" | "start_polling" | "run_app" | "infinity_polling" => true,
        // pyTelegramBotAPI's `bot.polling(none_stop=True)`.
        "polling" => receiver.to_ascii_lowercase().contains("bot"),
        // `threading.Thread(target=worker).start()` in module code: what
        // runs before it has the file to itself.
        "start"
            if matches!(&*attr.value, Expr::Call(c)
                if model.resolve(&c.func, call.scope).as_deref() == Some("threading.Thread")) =>
        {
            true
        }
        "run" => matches!(
            receiver,
            "app" | "bot" | "client" | "mcp" | "socketio" | "server" | "application"
        ),
        // discord.py's `await bot.start(token)`, aiogram 3's `dp.start_polling(bot)`;
        // an APScheduler's `scheduler.start()`: its jobs run from then on.
        "start" => matches!(receiver, "bot" | "client" | "scheduler" | "sched"),
        _ => false,
    }
}

/// A call that serves until the process stops (`server.serve_forever()`,
/// `app.run()`, `uvicorn.run(app)`, `loop.run_forever()`): the frame that makes
/// it keeps its locals for the server's life. A thread's or a scheduler's
/// `start()` returns at once, so it does not count.
pub fn blocks_serving(model: &Model<'_>, call: &Call<'_>) -> bool {
    let attr = match &*call.expr.func {
        Expr::Attribute(a) => a.attr.as_str(),
        _ => "",
    };
    attr == "run_forever" || (attr != "start" && starts_serving(model, call))
}

/// Where a module's code stops being start-up code, found once per module.
#[derive(Debug, Clone, Default)]
pub struct Serving {
    starts: Option<TextSize>,
    /// Module-level loops: their code runs again and again, not once at start.
    loops: Vec<TextRange>,
    /// Functions that start serving themselves, and where (`serving_functions`).
    functions: Vec<(super::scopes::FuncId, TextSize)>,
}

impl Serving {
    /// Module code at `at` runs once, before the server serves.
    pub fn before(&self, at: TextSize) -> bool {
        self.starts.is_some_and(|s| at < s) && !self.loops.iter().any(|r| r.contains(at))
    }

    /// Function `id` starts the server or the bot itself.
    pub fn serves(&self, id: super::scopes::FuncId) -> bool {
        self.functions.iter().any(|&(f, _)| f == id)
    }

    /// Code at `at` in function `id` runs before that function starts serving.
    pub fn before_in(&self, id: super::scopes::FuncId, at: TextSize) -> bool {
        self.functions.iter().any(|&(f, s)| f == id && at < s)
    }
}

pub fn serving(model: &Model<'_>) -> Serving {
    let mut loops = Vec::new();
    top_level_loops(model.suite, &mut loops);
    let starts = serving_starts(model).or_else(|| script_loop_starts(model, &loops));
    Serving {
        starts,
        loops,
        functions: serving_functions(model),
    }
}

/// Loops of module code, not descending into functions or classes.
fn top_level_loops(suite: &[Stmt], out: &mut Vec<TextRange>) {
    for stmt in suite {
        match stmt {
            Stmt::For(_) | Stmt::While(_) => out.push(stmt.range()),
            Stmt::FunctionDef(_) | Stmt::ClassDef(_) => {}
            other => {
                for inner in super::visit::block_suites(other) {
                    top_level_loops(inner, out);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{Caller, of_module};
    use crate::semantic::Model;
    use crate::semantic::refs::CallRef;
    use std::path::Path;

    fn summary(source: &str) -> super::Summary {
        let parsed = crate::check::parse(source).unwrap();
        let model = Model::build(Path::new("m.py"), source, parsed.suite(), parsed.tokens());
        of_module(&model, crate::semantic::project::call_ref)
    }

    fn caller_of(s: &super::Summary, name: &str) -> Vec<Caller> {
        s.calls
            .iter()
            .filter(|(_, r)| matches!(r, CallRef::Local(n) if n == name))
            .map(|(c, _)| *c)
            .collect()
    }

    #[test]
    fn hooks_and_callers() {
        let source = [
            "import asyncio, uvicorn",
            "from fastapi import FastAPI",
            "def init_db(): pass",
            "async def poll(): pass",
            "def seed(): pass",
            "async def lifespan(app):",
            "    init_db()",
            "    asyncio.create_task(poll())",
            "    yield",
            "app = FastAPI(lifespan=lifespan)",
            "@app.on_event('shutdown')",
            "async def bye(): pass",
            "for i in range(3):",
            "    seed()",
            "if __name__ == '__main__':",
            "    seed()",
            "    uvicorn.run(app)",
        ]
        .join("\n");
        let s = summary(&source);
        let hooks: Vec<&str> = s
            .hooks
            .iter()
            .map(|r| match r {
                CallRef::Local(n) => n.as_str(),
                _ => "",
            })
            .collect();
        assert_eq!(hooks, ["lifespan", "bye"]);
        assert!(matches!(
            caller_of(&s, "init_db")[..],
            [Caller::Function(_)]
        ));
        assert_eq!(
            caller_of(&s, "poll"),
            [Caller::Elsewhere],
            "a task it starts"
        );
        assert_eq!(
            caller_of(&s, "seed"),
            [Caller::Elsewhere, Caller::BeforeServing],
            "a module-level loop runs it again and again"
        );
    }
}
