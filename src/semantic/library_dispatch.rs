//! Functions a library calls from threads of its own: the handlers it was
//! given run on a worker thread, not on the thread that built the objects they
//! use. Only libraries whose dispatch threads are documented, and only when the
//! module sets them up to use threads:
//!
//! - pyTelegramBotAPI: `bot = telebot.TeleBot(token)` runs every handler
//!   registered with `@bot.<kind>_handler(...)` or `bot.register_<kind>_handler(f)`
//!   on its worker pool (`threaded=True` is the default; `threaded=False`
//!   dispatches on the polling thread, which is still not necessarily the one
//!   that built a module-level object, but is one thread, and is left out).
//! - `socketserver`/`http.server`: the `handle` and `do_<METHOD>` methods of a
//!   request handler class run on a thread per request when the module serves
//!   with a threading server (`ThreadingTCPServer`, `ThreadingHTTPServer`, a
//!   class mixing in `ThreadingMixIn`). Used by the thread-crossing rule only
//!   ([`request_handler_refs`]); the project's facts keep each module's, so a
//!   server in one module reaches objects defined in another
//!   (`threads::server_nodes`).
//! - gRPC: the sync RPC methods of a servicer (a generated `*_pb2_grpc`
//!   `Servicer` subclass, or a class registered with `add_*_to_server`) run on
//!   the server's executor threads; the thread-crossing rule only, as above.
//!
//! - watchdog handlers and paho-mqtt callbacks (`callback_threads`).
//!
//! Hooks of registered callback objects that the library calls from any
//! thread ([`any_thread_hooks`]): an OpenTelemetry `SpanProcessor`'s
//! `on_start`/`on_end` run on the thread that starts or ends the span (the SDK
//! calls them inline, with no lock); a `logging.Handler`'s `emit` runs on the
//! thread that logs, but `Handler.handle` holds the handler's own lock around
//! it, so its calls never overlap. These are entries only in a program that
//! has threads, which the caller decides.

use ruff_python_ast::{self as ast, Expr, Stmt};
use ruff_text_size::Ranged;

use super::model::Model;
use super::refs::CallRef;

const TELEBOT: &str = "telebot.TeleBot";
const REQUEST_HANDLERS: &[&str] = &[
    "socketserver.BaseRequestHandler",
    "socketserver.StreamRequestHandler",
    "socketserver.DatagramRequestHandler",
    "http.server.BaseHTTPRequestHandler",
    "http.server.SimpleHTTPRequestHandler",
];
const THREADING_SERVERS: &[&str] = &[
    "socketserver.ThreadingTCPServer",
    "socketserver.ThreadingUDPServer",
    "socketserver.ThreadingUnixStreamServer",
    "http.server.ThreadingHTTPServer",
];

/// The functions of this module a library runs on its own worker pool, as
/// thread entries for every rule.
pub fn handler_refs(model: &Model<'_>) -> Vec<CallRef> {
    let mut out = super::callback_threads::refs(model);
    if model.imports.mentions("telebot") {
        out.extend(bot_handlers(model));
    }
    out
}

/// The request handler methods of this module that a threading server runs on
/// a thread per request. Only the thread-crossing rule takes them: a server
/// like this is mostly a local dashboard or tool with requests one at a time,
/// where the rules about many concurrent writers (SQF303, SQF405) would report
/// contention that does not happen, while a connection built on another thread
/// fails on the first request.
pub fn request_handler_refs(model: &Model<'_>) -> Vec<CallRef> {
    let mut out = Vec::new();
    if model.imports.mentions("socketserver") || model.imports.mentions("http") {
        out = request_handlers(model);
    }
    out.extend(grpc_servicer_methods(model));
    out
}

/// The RPC methods of this module's gRPC servicers: a gRPC server runs each
/// call on a thread of its executor (`grpc.server(futures.ThreadPoolExecutor(
/// max_workers=n))`), so whatever a servicer was handed when it was built (on
/// the main thread) is used from those threads. A servicer is a class
/// subclassing a generated `<name>_pb2_grpc.<Service>Servicer`, or one this
/// module registers (`add_<Service>Servicer_to_server(Servicer(...), server)`)
/// next to `grpc.server(...)`; its methods are the sync public ones taking
/// `(self, request, context)`.
fn grpc_servicer_methods(model: &Model<'_>) -> Vec<CallRef> {
    let generated = |q: &str| {
        let mut parts = q.rsplit('.');
        let (Some(last), Some(module)) = (parts.next(), parts.next()) else {
            return false;
        };
        last.ends_with("Servicer") && module.ends_with("_pb2_grpc")
    };
    let mut servicers: Vec<usize> = model
        .scopes
        .classes
        .iter()
        .enumerate()
        .filter(|(_, c)| {
            c.def
                .bases()
                .iter()
                .any(|b| model.resolve(b, None).is_some_and(|q| generated(&q)))
        })
        .map(|(i, _)| i)
        .collect();
    let serves = model
        .calls
        .iter()
        .any(|c| c.qualified() == Some("grpc.server"));
    if serves {
        for call in &model.calls {
            let name = match &*call.expr.func {
                Expr::Name(n) => n.id.as_str(),
                Expr::Attribute(a) => a.attr.as_str(),
                _ => continue,
            };
            if !(name.starts_with("add_") && name.ends_with("_to_server")) {
                continue;
            }
            let Some(Expr::Call(built)) = call.argument(0, "servicer") else {
                continue;
            };
            if let Expr::Name(class) = &*built.func
                && let Some(id) = model.scopes.class_named(class.id.as_str())
                && !servicers.contains(&id)
            {
                servicers.push(id);
            }
        }
    }
    let mut out = Vec::new();
    for class in servicers {
        for f in &model.scopes.functions {
            let params = &f.def.parameters;
            if f.class == Some(class)
                && !f.is_async()
                && !f.name().starts_with('_')
                && params.posonlyargs.len() + params.args.len() == 3
            {
                out.push(CallRef::Local(f.qualname.clone()));
            }
        }
    }
    out
}

/// Default size of a `telebot.TeleBot` worker pool (`num_threads=2`, its
/// fifth parameter, in every release).
const TELEBOT_THREADS: usize = 2;

/// A threaded bot of this module: the worker pool its handlers run on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BotPool {
    /// The name the bot is bound to (`bot`, `self.bot`).
    pub bot: String,
    /// How many worker threads run its handlers: `num_threads`, 2 unless
    /// given; `None` when the module passes a value it does not spell out.
    pub threads: Option<usize>,
    /// The handlers registered on it.
    pub handlers: Vec<CallRef>,
}

/// Names bound to a threaded `telebot.TeleBot(...)`, with its pool size.
fn threaded_bots(model: &Model<'_>) -> Vec<(String, Option<usize>)> {
    model
        .calls
        .iter()
        .filter(|c| c.qualified() == Some(TELEBOT))
        .filter(|c| !matches!(c.keyword("threaded"), Some(Expr::BooleanLiteral(b)) if !b.value))
        .filter_map(|c| {
            let name = match c.stmt {
                Stmt::Assign(a) if a.value.range() == c.expr.range() => {
                    match a.targets.as_slice() {
                        [t @ (Expr::Name(_) | Expr::Attribute(_))] => {
                            model.slice(t.range()).to_string()
                        }
                        _ => return None,
                    }
                }
                _ => return None,
            };
            let threads = if c.has_star_args() {
                None
            } else {
                match c.argument(4, "num_threads") {
                    None => Some(TELEBOT_THREADS),
                    Some(Expr::NumberLiteral(ast::ExprNumberLiteral {
                        value: ast::Number::Int(i),
                        ..
                    })) => i.as_u64().map(|i| i as usize),
                    Some(_) => None,
                }
            };
            Some((name, threads))
        })
        .collect()
}

/// The module's threaded bots and the handlers each runs on its pool.
pub fn bot_pools(model: &Model<'_>) -> Vec<BotPool> {
    if !model.imports.mentions("telebot") {
        return Vec::new();
    }
    threaded_bots(model)
        .into_iter()
        .map(|(bot, threads)| {
            let handlers = handlers_of(model, std::slice::from_ref(&bot));
            BotPool {
                bot,
                threads,
                handlers,
            }
        })
        .collect()
}

fn bot_handlers(model: &Model<'_>) -> Vec<CallRef> {
    let bots: Vec<String> = threaded_bots(model).into_iter().map(|(b, _)| b).collect();
    handlers_of(model, &bots)
}

fn handlers_of(model: &Model<'_>, bots: &[String]) -> Vec<CallRef> {
    if bots.is_empty() {
        return Vec::new();
    }
    let on_bot = |func: &Expr, registering: bool| {
        matches!(func, Expr::Attribute(a)
            if bots.iter().any(|b| model.slice(a.value.range()) == b)
            && a.attr.as_str().ends_with("_handler")
            && a.attr.as_str().starts_with("register_") == registering)
    };
    let mut out: Vec<CallRef> = model
        .scopes
        .functions
        .iter()
        .filter(|f| {
            f.def
                .decorator_list
                .iter()
                .any(|d| matches!(&d.expression, Expr::Call(c) if on_bot(&c.func, false)))
        })
        .map(|f| CallRef::Local(f.qualname.clone()))
        .collect();
    for call in &model.calls {
        if on_bot(&call.expr.func, true) {
            if let Some(Expr::Name(n)) = call.argument(0, "callback") {
                out.push(CallRef::Local(n.id.to_string()));
            }
        }
    }
    out
}

fn request_handlers(model: &Model<'_>) -> Vec<CallRef> {
    let resolves_to = |e: &Expr, names: &[&str]| {
        model
            .resolve(e, None)
            .is_some_and(|q| names.contains(&q.as_str()))
    };
    let threading = model.calls.iter().any(|c| {
        c.qualified()
            .is_some_and(|q| THREADING_SERVERS.contains(&q))
    }) || model.scopes.classes.iter().any(|c| {
        c.def.bases().iter().any(|b| {
            resolves_to(b, &["socketserver.ThreadingMixIn"]) || resolves_to(b, THREADING_SERVERS)
        })
    });
    if !threading {
        return Vec::new();
    }
    let mut out = Vec::new();
    for (class, c) in model.scopes.classes.iter().enumerate() {
        if !c
            .def
            .bases()
            .iter()
            .any(|b| resolves_to(b, REQUEST_HANDLERS))
        {
            continue;
        }
        for f in &model.scopes.functions {
            let name = f.name();
            if f.class == Some(class) && (name == "handle" || name.starts_with("do_")) {
                out.push(CallRef::Local(f.qualname.clone()));
            }
        }
    }
    out
}

/// Library base classes whose hook methods the library calls from whichever
/// thread the event happens on, with the hooks, what calls them, and whether
/// the library serializes the calls itself.
const ANY_THREAD_HOOKS: &[(&str, &[&str], &str, bool)] = &[
    // `Span.end()` calls every processor's `on_end` on the thread ending the span.
    (
        "opentelemetry.sdk.trace.SpanProcessor",
        &["on_start", "on_end"],
        "the tracing SDK calls it on whichever thread starts or ends a span",
        false,
    ),
    // `Handler.handle()` calls `emit` under the handler's own lock.
    (
        "logging.Handler",
        &["emit"],
        "`logging` calls it on whichever thread logs, under the handler's lock",
        true,
    ),
    (
        "logging.StreamHandler",
        &["emit"],
        "`logging` calls it on whichever thread logs, under the handler's lock",
        true,
    ),
    (
        "logging.FileHandler",
        &["emit"],
        "`logging` calls it on whichever thread logs, under the handler's lock",
        true,
    ),
];

/// A hook method of a registered callback object (a subclass of a library
/// base class above) that the library calls from any thread.
#[derive(Debug, Clone)]
pub struct Hook {
    pub function: super::scopes::FuncId,
    /// Who calls it, for messages.
    pub why: &'static str,
    /// The library runs one call at a time (under a lock of its own).
    pub serialized: bool,
}

/// This module's any-thread hooks. Whether they run on other threads than the
/// one that built the object depends on the program having threads: the
/// caller checks that.
pub fn any_thread_hooks(model: &Model<'_>) -> Vec<Hook> {
    if !model.imports.mentions("logging") && !model.imports.mentions("opentelemetry") {
        return Vec::new();
    }
    let mut out = Vec::new();
    for (class, c) in model.scopes.classes.iter().enumerate() {
        let Some((_, hooks, why, serialized)) = c.def.bases().iter().find_map(|b| {
            let q = model.resolve(b, None)?;
            ANY_THREAD_HOOKS.iter().find(|(base, ..)| *base == q)
        }) else {
            continue;
        };
        for (id, f) in model.scopes.functions.iter().enumerate() {
            if f.class == Some(class) && hooks.contains(&f.name()) && !f.is_async() {
                out.push(Hook {
                    function: id,
                    why,
                    serialized: *serialized,
                });
            }
        }
    }
    out
}

/// The methods a hook reaches through `self.method()` calls, the hook included.
pub fn reached_from(model: &Model<'_>, hook: super::scopes::FuncId) -> Vec<super::scopes::FuncId> {
    let class = model.scopes.function(hook).class;
    let mut out = vec![hook];
    let mut i = 0;
    while i < out.len() {
        let id = out[i];
        i += 1;
        for call in model.calls_in(Some(id)) {
            let super::model::Callee::SelfMethod(name) = &call.callee else {
                continue;
            };
            let found = (0..model.scopes.functions.len()).find(|f| {
                let s = model.scopes.function(*f);
                s.class == class && s.name() == name
            });
            if let Some(f) = found {
                if !out.contains(&f) {
                    out.push(f);
                }
            }
        }
    }
    out
}
