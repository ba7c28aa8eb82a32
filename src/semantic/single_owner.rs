//! A chat bot that serves one person: every handler returns at once unless the
//! sender is one configured id (a gate at the top of the handler, or the
//! framework's filter on its registration), and nothing else runs beside it.
//!
//! SQF501's harm is the *other* users whose updates wait while a sync query
//! holds the event loop. In such a program there are none: the owner's own
//! next update waits for a millisecond query it caused itself, and the jobs the
//! program schedules run for that owner too. The gate is the evidence:
//!
//! - in the body (owner_gates.rs): `if <sender id> != <configured id>: return`
//!   among its first statements, or all its work under `if <sender id> ==
//!   <configured id>:` with an `else` that only refuses. A gate that only logs
//!   and goes on is no gate;
//! - on the registration, a filter to one user or chat: `filters.User(OWNER)`,
//!   `filters.user(OWNER)` (pyrogram), `user_id=OWNER` (aiogram 2),
//!   `F.from_user.id == OWNER` (aiogram 3), `events.NewMessage(from_users=OWNER)`
//!   (Telethon), `@commands.is_owner()` (discord.py); also a name bound to one,
//!   locally or in another module (`filters=OWNER_ONLY`), and whatever handler a
//!   table hands to a filtered registration;
//! - before every handler: a pre-handler in an earlier group that raises for
//!   strangers (`add_handler(TypeHandler(Update, gate), group=-1)` with `raise
//!   ApplicationHandlerStop`; one that only returns stops nothing), or a
//!   middleware whose hook turns them away (`dp.message.middleware(Gate())`);
//! - through a thin handler whose one statement hands the update on to a
//!   gated function (`async def on(update, ctx): await _toggle(update, ctx,
//!   True)`): strangers return from the callee, and the handler has no work
//!   of its own.
//!
//! One handler without a gate serves everyone, and so does a web server or a
//! thread or process beside the loop: then the program is not single-owner
//! (decided project-wide by [`verdict`]).

use ruff_python_ast::{self as ast, CmpOp, Expr};
use ruff_text_size::Ranged;

use super::model::{Model, Target};
use super::owner_gates::{
    Exit, body_gated, check_gated, delegate, early_exit, is_one_id, returns_owner_test, sender_like,
};
use super::scopes::FuncId;

/// What one module shows about the handlers it registers.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Handlers {
    /// Handlers whose registration filters to one user or chat (their names).
    pub filtered: Vec<String>,
    /// Handlers registered without such a filter (their simple names): gated
    /// only if their body is.
    pub unfiltered: Vec<String>,
    /// Functions of the module whose body returns at once unless the sender is
    /// one configured id (simple names).
    pub body_gated: Vec<String>,
    /// Functions whose body returns at once unless a check function says the
    /// sender is the owner (`if not is_owner(update): return`): (function, check).
    pub check_gated: Vec<(String, String)>,
    /// Functions that return whether the sender is one configured id
    /// (`return update.effective_user.id == OWNER`).
    pub owner_checks: Vec<String>,
    /// Decorators of the module that wrap a function in a gate (`@owner_only`).
    pub gating_decorators: Vec<String>,
    /// Each function's project decorators by simple name: (function, decorator).
    pub decorated_by: Vec<(String, String)>,
    /// The module imports a web server framework: requests from anyone share
    /// the loop (or the process).
    pub web_server: Option<String>,
    /// Functions whose gate raises rather than returns (`raise
    /// ApplicationHandlerStop`): run before the handlers, they stop the update.
    pub raise_gated: Vec<String>,
    /// Middleware classes whose hook turns strangers away (`__call__`,
    /// aiogram 2's `on_pre_process_*`).
    pub gating_classes: Vec<String>,
    /// What every update passes before any handler: a pre-handler registered
    /// in an earlier group (`TypeHandler(Update, f), group=-1`) or a middleware
    /// (`dp.message.middleware(Gate())`). Names, a gate if [`verdict`] finds
    /// them among `raise_gated` or `gating_classes`.
    pub global_gates: Vec<String>,
    /// Module-level names bound to a one-user filter (`OWNER_ONLY =
    /// filters.User(user_id=OWNER)`), for the modules that import them.
    pub owner_filters: Vec<String>,
    /// Handlers whose registration hands over names imported from another
    /// module: (handler, names), filtered if one is another module's
    /// `owner_filters`.
    pub filtered_by_name: Vec<(String, Vec<String>)>,
    /// Thin handlers whose one statement hands their update to another
    /// function (`await _toggle(update, context, on=True)`): (handler, callee),
    /// gated if the callee is.
    pub delegates: Vec<(String, String)>,
}

/// Decorators (by their last name) that register a chat-bot update handler:
/// aiogram 2 and 3, pyrogram, Telethon, discord.py and its forks.
const HANDLER_DECORATORS: &[&str] = &[
    "message_handler",
    "callback_query_handler",
    "edited_message_handler",
    "channel_post_handler",
    "inline_handler",
    "chosen_inline_handler",
    "poll_answer_handler",
    "my_chat_member_handler",
    "chat_member_handler",
    "message",
    "callback_query",
    "edited_message",
    "inline_query",
    "channel_post",
    "on_message",
    "on_callback_query",
    "on_inline_query",
    "on_edited_message",
    "on",
    "register",
    "command",
    "hybrid_command",
    "slash_command",
    "group",
    "hybrid_group",
    "event",
    "listen",
    "listener",
];

/// discord.py events that only start the program, not someone's update.
const NOT_UPDATES: &[&str] = &[
    "on_ready",
    "on_connect",
    "on_resumed",
    "on_disconnect",
    "setup_hook",
];

/// Registration calls that take the handler as an argument: python-telegram-bot's
/// and pyrogram's `*Handler(callback, ...)`, aiogram 2's `register_*_handler`,
/// aiogram 3's `router.message.register(f, ...)`, Telethon's `add_event_handler`.
fn registers_handler(call: &ast::ExprCall) -> bool {
    let name = match &*call.func {
        Expr::Attribute(a) => a.attr.as_str(),
        Expr::Name(n) => n.id.as_str(),
        _ => return false,
    };
    (name.ends_with("Handler") && name != "ConversationHandler")
        || (name.starts_with("register_") && name.ends_with("_handler"))
        || name == "add_event_handler"
        || (name == "register"
            && matches!(&*call.func, Expr::Attribute(a)
                if matches!(&*a.value, Expr::Attribute(r)
                    if HANDLER_DECORATORS.contains(&r.attr.as_str()))))
}

/// Imports of web servers: a request from anyone runs beside the bot.
const WEB_SERVERS: &[&str] = &[
    "fastapi",
    "starlette",
    "aiohttp.web",
    "sanic",
    "quart",
    "flask",
    "django",
    "tornado",
    "uvicorn",
    "hypercorn",
];

pub fn of_module(model: &Model<'_>) -> Handlers {
    let mut out = Handlers::default();
    let routers = filtered_routers(model);
    for (id, function) in model.scopes.functions.iter().enumerate() {
        let name = function.name();
        if body_gated(model, &function.def.body) {
            out.body_gated.push(name.to_string());
        }
        let exit = early_exit(model, &function.def.body);
        if exit == Some(Exit::Raise) {
            out.raise_gated.push(name.to_string());
        }
        if let Some(class) = function.class
            && exit.is_some()
            && (name == "__call__"
                || name.starts_with("on_pre_process_")
                || name.starts_with("on_process_"))
        {
            let class = model.scopes.classes[class].def.name.to_string();
            out.gating_classes.push(class);
        }
        let params: Vec<&str> = function
            .def
            .parameters
            .iter_non_variadic_params()
            .map(|p| p.parameter.name.as_str())
            .collect();
        if let Some(callee) = delegate(&function.def.body, &params) {
            out.delegates.push((name.to_string(), callee));
        }
        if let Some(check) = check_gated(&function.def.body) {
            out.check_gated.push((name.to_string(), check));
        }
        // `return <sender> == OWNER`, or `if <not the owner>: return False`
        // (a falsy return) ahead of the rest.
        if returns_owner_test(model, &function.def.body) || exit == Some(Exit::Falsy) {
            out.owner_checks.push(name.to_string());
        }
        // `def owner_only(func): @wraps(func) async def wrapper(...): <gate>; return wrapper`.
        if function.parent.is_none() {
            let wraps_gate = model.scopes.nested_in(id).any(|inner| {
                let inner = &model.scopes.functions[inner];
                inner.parent == Some(id) && body_gated(model, &inner.def.body)
            });
            if wraps_gate {
                out.gating_decorators.push(name.to_string());
            }
        }
        for decorator in &function.def.decorator_list {
            let expr = match &decorator.expression {
                Expr::Call(c) => &*c.func,
                other => other,
            };
            // `@owner_only` or `@auth.owner_only`: the decorator's simple name.
            match expr {
                Expr::Name(n) => out.decorated_by.push((name.to_string(), n.id.to_string())),
                Expr::Attribute(a) => out
                    .decorated_by
                    .push((name.to_string(), a.attr.to_string())),
                _ => {}
            }
        }
        if !function.is_async() || NOT_UPDATES.contains(&name) {
            continue;
        }
        let mut registered = false;
        let mut filtered = false;
        let mut names = Vec::new();
        for decorator in &function.def.decorator_list {
            let (func, call) = match &decorator.expression {
                Expr::Call(c) => (&*c.func, Some(c)),
                other => (other, None),
            };
            let last = match func {
                Expr::Attribute(a) => a.attr.as_str(),
                Expr::Name(n) => n.id.as_str(),
                _ => continue,
            };
            if matches!(last, "is_owner" | "dm_only_owner") {
                filtered = true;
            }
            // Buttons on the bot's own messages: only the people it wrote to
            // can press them, so they serve whoever its other handlers serve.
            if matches!(
                last,
                "callback_query_handler" | "callback_query" | "on_callback_query"
            ) {
                registered = false;
                filtered = false;
                break;
            }
            if !matches!(func, Expr::Attribute(_)) || !HANDLER_DECORATORS.contains(&last) {
                continue;
            }
            // `@bot.event` / `@Cog.listener()` register every `on_*` function by
            // its name; only those count as handlers.
            if matches!(last, "event" | "listen" | "listener") && !name.starts_with("on_") {
                continue;
            }
            registered = true;
            filtered |= call.is_some_and(|c| call_filters_one(model, c, None));
            filtered |= root_name(func).is_some_and(|r| routers.iter().any(|f| f == r));
            names.extend(call.map(|c| imported_names(model, c)).unwrap_or_default());
        }
        if registered {
            if filtered {
                out.filtered.push(name.to_string());
            } else if !names.is_empty() {
                out.filtered_by_name.push((name.to_string(), names));
            } else {
                out.unfiltered.push(name.to_string());
            }
        }
    }
    // A conversation's later steps are reached only through its entry points.
    let steps: Vec<ruff_text_size::TextRange> = model
        .calls
        .iter()
        .filter(|c| matches!(&*c.expr.func, Expr::Name(n) if n.id.as_str() == "ConversationHandler")
            || matches!(&*c.expr.func, Expr::Attribute(a) if a.attr.as_str() == "ConversationHandler"))
        .flat_map(|c| {
            c.expr
                .arguments
                .keywords
                .iter()
                .filter(|k| {
                    k.arg
                        .as_ref()
                        .is_some_and(|a| matches!(a.as_str(), "states" | "fallbacks"))
                })
                .map(|k| k.value.range())
        })
        .collect();
    let early = early_type_handlers(model);
    for call in &model.calls {
        if !registers_handler(call.expr) {
            continue;
        }
        let name = match &*call.expr.func {
            Expr::Attribute(a) => a.attr.as_str(),
            Expr::Name(n) => n.id.as_str(),
            _ => "",
        };
        if name == "CallbackQueryHandler"
            || name == "register_callback_query_handler"
            || steps.iter().any(|r| r.contains_range(call.range()))
        {
            continue;
        }
        // `TypeHandler(Update, gate), group=-1`: the gate runs before every
        // other group's handlers; the type is no handler.
        let type_handler = name == "TypeHandler";
        if type_handler && early.contains(&call.range()) {
            if let Some(Expr::Name(n)) = call.expr.arguments.args.get(1) {
                out.global_gates.push(n.id.to_string());
            }
            continue;
        }
        let filtered = call_filters_one(model, call.expr, call.scope);
        let names = imported_names(model, call.expr);
        for arg in call
            .expr
            .arguments
            .args
            .iter()
            .skip(usize::from(type_handler))
            .chain(call.expr.arguments.keywords.iter().filter_map(|k| {
                k.arg
                    .as_ref()
                    .is_some_and(|a| matches!(a.as_str(), "callback" | "callback_function"))
                    .then_some(&k.value)
            }))
        {
            let handler = match arg {
                Expr::Name(n) if model.scopes.module_function(n.id.as_str()).is_some() => {
                    n.id.to_string()
                }
                Expr::Name(n) if model.imports.lookup_in(n.id.as_str(), None).is_some() => {
                    n.id.to_string()
                }
                // A handler taken from a table (`for name, f in COMMANDS.items()`)
                // under a one-user filter is filtered whatever it is.
                Expr::Name(n) if filtered => n.id.to_string(),
                // `MessageHandler(filters.TEXT, add_note)`: the filter is no handler.
                Expr::Attribute(a) if is_filter_attribute(a) => continue,
                Expr::Attribute(a) => a.attr.to_string(),
                _ => continue,
            };
            if filtered {
                out.filtered.push(handler);
            } else if !names.is_empty() {
                out.filtered_by_name.push((handler, names.clone()));
            } else {
                out.unfiltered.push(handler);
            }
        }
    }
    out.global_gates.extend(middlewares(model));
    out.owner_filters = model
        .assignments
        .iter()
        .filter(|a| a.scope.is_none() && filters_one(model, a.value, 1, None))
        .filter_map(|a| match &a.target {
            Target::Name(n) => Some(n.clone()),
            _ => None,
        })
        .collect();
    out.web_server = model.imports.iter().find_map(|i| {
        WEB_SERVERS
            .iter()
            .find(|p| {
                i.target == **p
                    || i.target
                        .strip_prefix(**p)
                        .is_some_and(|rest| rest.starts_with('.'))
            })
            .map(|p| p.to_string())
    });
    out
}

/// `filters.TEXT`, `Filters.text`, `F.text`: a framework's update filter
/// handed to a registration beside the handler.
fn is_filter_attribute(a: &ast::ExprAttribute) -> bool {
    let constant = a
        .attr
        .chars()
        .all(|c| c.is_ascii_uppercase() || c == '_' || c.is_ascii_digit());
    let on_filters =
        matches!(&*a.value, Expr::Name(n) if matches!(n.id.as_str(), "filters" | "Filters" | "F"));
    constant || on_filters
}

/// Routers (and dispatchers) whose own filter keeps one user's updates, for
/// every handler registered on them: aiogram 3's
/// `router.message.filter(F.from_user.id == OWNER)`. Their names.
fn filtered_routers(model: &Model<'_>) -> Vec<String> {
    model
        .calls
        .iter()
        .filter(|c| matches!(&*c.expr.func, Expr::Attribute(a) if a.attr.as_str() == "filter"))
        .filter(|c| call_filters_one(model, c.expr, c.scope))
        .filter_map(|c| root_name(&c.expr.func).map(str::to_string))
        .collect()
}

/// `router` of `router.message.filter`.
fn root_name(expr: &Expr) -> Option<&str> {
    match expr {
        Expr::Name(n) => Some(n.id.as_str()),
        Expr::Attribute(a) => root_name(&a.value),
        _ => None,
    }
}

/// `app.add_handler(TypeHandler(Update, gate), group=-1)`: the TypeHandler
/// calls added to a group that runs before the default group 0.
fn early_type_handlers(model: &Model<'_>) -> Vec<ruff_text_size::TextRange> {
    let earlier_group = |call: &ast::ExprCall| {
        call.arguments.keywords.iter().any(|k| {
            k.arg.as_ref().is_some_and(|a| a.as_str() == "group")
                && matches!(&k.value, Expr::UnaryOp(u) if matches!(u.op, ast::UnaryOp::USub))
        })
    };
    model
        .calls
        .iter()
        .filter(|c| matches!(&*c.expr.func, Expr::Attribute(a) if a.attr.as_str() == "add_handler"))
        .filter(|c| earlier_group(c.expr))
        .filter_map(|c| match c.expr.arguments.args.first() {
            Some(Expr::Call(inner)) => Some(inner.range()),
            _ => None,
        })
        .collect()
}

/// Middlewares every update of a kind passes: aiogram 3's
/// `dp.message.middleware(Gate())` / `outer_middleware`, aiogram 2's
/// `dp.middleware.setup(Gate())`: the classes' names.
fn middlewares(model: &Model<'_>) -> Vec<String> {
    model
        .calls
        .iter()
        .filter(|c| match &*c.expr.func {
            Expr::Attribute(a) => {
                matches!(a.attr.as_str(), "middleware" | "outer_middleware")
                    || (a.attr.as_str() == "setup"
                        && matches!(&*a.value, Expr::Attribute(m) if m.attr.as_str() == "middleware"))
            }
            _ => false,
        })
        .flat_map(|c| c.expr.arguments.args.iter())
        .filter_map(|arg| match arg {
            Expr::Call(made) => match &*made.func {
                Expr::Name(n) => Some(n.id.to_string()),
                Expr::Attribute(a) => Some(a.attr.to_string()),
                _ => None,
            },
            _ => None,
        })
        .collect()
}

/// Names a registration hands over that another module defines (`filters=
/// OWNER_ONLY` with `from config import OWNER_ONLY`), also inside `&`.
fn imported_names(model: &Model<'_>, call: &ast::ExprCall) -> Vec<String> {
    fn collect(model: &Model<'_>, expr: &Expr, out: &mut Vec<String>) {
        match expr {
            Expr::Name(n) if model.imports.lookup_in(n.id.as_str(), None).is_some() => {
                out.push(n.id.to_string());
            }
            Expr::BinOp(b) if matches!(b.op, ast::Operator::BitAnd) => {
                collect(model, &b.left, out);
                collect(model, &b.right, out);
            }
            _ => {}
        }
    }
    let mut out = Vec::new();
    for arg in call
        .arguments
        .args
        .iter()
        .chain(call.arguments.keywords.iter().map(|k| &k.value))
    {
        collect(model, arg, &mut out);
    }
    out
}

/// The registration's arguments keep only one user's or chat's updates
/// (names resolved from `scope` outwards).
fn call_filters_one(model: &Model<'_>, call: &ast::ExprCall, scope: Option<FuncId>) -> bool {
    call_filters_one_at(model, call, 0, scope)
}

fn call_filters_one_at(
    model: &Model<'_>,
    call: &ast::ExprCall,
    depth: usize,
    scope: Option<FuncId>,
) -> bool {
    call.arguments
        .args
        .iter()
        .any(|a| filters_one(model, a, depth + 1, scope))
        || call.arguments.keywords.iter().any(|k| {
            // Telethon's `events.NewMessage(outgoing=True)`: the account's own
            // messages, a userbot serving its owner.
            let own = k.arg.as_ref().is_some_and(|a| a.as_str() == "outgoing")
                && matches!(&k.value, Expr::BooleanLiteral(b) if b.value);
            let one_by_keyword = own
                || k.arg.as_ref().is_some_and(|a| {
                    matches!(
                        a.as_str(),
                        "user_id" | "chat_id" | "from_users" | "from_user_id" | "chats" | "users"
                    )
                }) && is_one_id(&k.value);
            one_by_keyword || filters_one(model, &k.value, depth + 1, scope)
        })
}

/// A filter expression that lets only one user or chat through; a module-level
/// name bound to one (`OWNER_FILTER = filters.User(user_id=OWNER)`) too.
fn filters_one(model: &Model<'_>, expr: &Expr, depth: usize, scope: Option<FuncId>) -> bool {
    if depth > 6 {
        return false;
    }
    match expr {
        Expr::Name(n) => {
            let assigned = model.assignments_of(scope, n.id.as_str());
            matches!(assigned[..], [a] if filters_one(model, a.value, depth + 1, a.scope))
        }
        Expr::Call(call) => {
            let name = match &*call.func {
                Expr::Attribute(a) => a.attr.as_str(),
                Expr::Name(n) => n.id.as_str(),
                _ => "",
            };
            if matches!(name, "User" | "user" | "Chat" | "chat" | "IDFilter") {
                let args: Vec<&Expr> = call
                    .arguments
                    .args
                    .iter()
                    .chain(call.arguments.keywords.iter().map(|k| &k.value))
                    .collect();
                return args.len() == 1 && is_one_id(args[0]);
            }
            call_filters_one_at(model, call, depth, scope)
        }
        // `F.from_user.id == OWNER`, `filters.user(OWNER) & filters.command(...)`.
        Expr::Compare(cmp) => {
            matches!(cmp.ops.as_ref(), [CmpOp::Eq])
                && (sender_like(&cmp.left) || sender_like(&cmp.comparators[0]))
        }
        Expr::BinOp(b) if matches!(b.op, ast::Operator::BitAnd) => {
            filters_one(model, &b.left, depth + 1, scope)
                || filters_one(model, &b.right, depth + 1, scope)
        }
        Expr::BoolOp(b) if matches!(b.op, ast::BoolOp::And) => b
            .values
            .iter()
            .any(|v| filters_one(model, v, depth + 1, scope)),
        Expr::Lambda(l) => filters_one(model, &l.body, depth + 1, scope),
        // Pyrogram's `filters.me`: the account's own messages (a userbot).
        Expr::Attribute(a) => {
            a.attr.as_str() == "me"
                && matches!(&*a.value, Expr::Name(n) if n.id.as_str() == "filters")
        }
        _ => false,
    }
}

/// The project's verdict from every module's [`Handlers`] (test modules left
/// out by the caller): `Some(text)` when every handler is gated to one
/// sender and no web server runs beside them; the text says so in a finding's
/// terms. Threads and processes are the caller's to rule out.
pub fn verdict<'h>(modules: impl Iterator<Item = &'h Handlers>) -> Option<String> {
    let modules: Vec<&Handlers> = modules.collect();
    if modules.iter().any(|m| m.web_server.is_some()) {
        return None;
    }
    let owner_check = |check: &str| {
        modules
            .iter()
            .any(|m| m.owner_checks.iter().any(|c| c == check))
    };
    let gated_function = |name: &str| {
        modules.iter().any(|m| {
            m.body_gated.iter().any(|g| g == name)
                || m.check_gated
                    .iter()
                    .any(|(f, check)| f == name && owner_check(check))
        })
    };
    let gating_decorator = |name: &str| {
        modules
            .iter()
            .any(|m| m.gating_decorators.iter().any(|d| d == name))
    };
    let gated_itself = |name: &str| {
        gated_function(name)
            || modules.iter().any(|m| {
                m.decorated_by
                    .iter()
                    .any(|(f, d)| f == name && gating_decorator(d))
            })
    };
    let delegate_of = |name: &str| {
        modules
            .iter()
            .flat_map(|m| &m.delegates)
            .find(|(f, _)| f == name)
            .map(|(_, callee)| callee.as_str())
    };
    // A thin handler is gated by the function it hands its update to (a few
    // hops at most: a chain that long is no thin wrapper any more).
    let gated_by_body = |name: &str| {
        let mut current = name;
        for _ in 0..4 {
            if gated_itself(current) {
                return true;
            }
            match delegate_of(current) {
                Some(next) if next != current => current = next,
                _ => return false,
            }
        }
        false
    };
    // A gate every update passes first makes every handler the owner's.
    let global = modules.iter().flat_map(|m| &m.global_gates).find(|g| {
        modules.iter().any(|m| {
            m.raise_gated.iter().any(|f| f == *g) || m.gating_classes.iter().any(|c| c == *g)
        })
    });
    if let Some(gate) = global {
        return Some(format!(
            "every update passes the owner gate `{gate}` before any handler, so the bot serves only its one configured owner, and nothing else shares the event loop: no other user waits on it"
        ));
    }
    let owner_filter = |name: &String| modules.iter().any(|m| m.owner_filters.contains(name));
    let mut gated = 0;
    for m in &modules {
        gated += m.filtered.len();
        let by_name = m
            .filtered_by_name
            .iter()
            .filter(|(_, names)| !names.iter().any(owner_filter))
            .map(|(handler, _)| handler);
        gated += m.filtered_by_name.len() - by_name.clone().count();
        for name in m.unfiltered.iter().chain(by_name) {
            if !gated_by_body(name) {
                return None;
            }
            gated += 1;
        }
    }
    (gated > 0).then(|| {
        format!(
            "every handler of the bot ({gated}) returns at once unless the sender is its one configured owner, and nothing else shares the event loop: no other user waits on it"
        )
    })
}

#[cfg(test)]
mod tests {
    use super::{Handlers, of_module, verdict};
    use crate::semantic::Model;
    use std::path::Path;

    fn handlers(source: &str) -> Handlers {
        let parsed = crate::check::parse(source).unwrap();
        let model = Model::build(Path::new("m.py"), source, parsed.suite(), parsed.tokens());
        of_module(&model)
    }

    #[test]
    fn body_gates_and_filters() {
        let source = [
            "from telegram.ext import CommandHandler, filters",
            "OWNER = 1",
            "async def start(update, context):",
            "    if update.effective_user.id != OWNER:",
            "        return",
            "    db.execute('x')",
            "async def stats(update, context):",
            "    db.execute('x')",
            "async def logs_only(update, context):",
            "    if update.effective_user.id != OWNER:",
            "        log.warning('stranger')",
            "    db.execute('x')",
            "app.add_handler(CommandHandler('start', start))",
            "app.add_handler(CommandHandler('stats', stats, filters=filters.User(user_id=OWNER)))",
            "app.add_handler(CommandHandler('logs', logs_only))",
        ]
        .join("\n");
        let h = handlers(&source);
        assert_eq!(h.body_gated, ["start"]);
        assert_eq!(h.filtered, ["stats"]);
        assert_eq!(h.unfiltered, ["start", "logs_only"]);
        assert!(
            verdict([&h].into_iter()).is_none(),
            "logs_only serves anyone"
        );
    }

    #[test]
    fn every_handler_gated() {
        let source = [
            "from aiogram import Router, F",
            "OWNER = 1",
            "@router.message(F.from_user.id == OWNER)",
            "async def a(message): pass",
            "@dp.message_handler(commands=['b'])",
            "async def b(message):",
            "    if message.from_user.id not in (OWNER,):",
            "        await message.answer('no')",
            "        return",
            "@dp.message_handler(user_id=OWNER)",
            "async def c(message): pass",
        ]
        .join("\n");
        let h = handlers(&source);
        assert_eq!(h.filtered, ["a", "c"]);
        assert_eq!(h.unfiltered, ["b"]);
        assert!(verdict([&h].into_iter()).is_some());
    }

    #[test]
    fn gates_through_helpers_decorators_and_named_filters() {
        let source = [
            "from functools import wraps",
            "from telegram.ext import CommandHandler, ConversationHandler, MessageHandler, filters",
            "OWNER_FILTER = filters.User(user_id=OWNER)",
            "def is_owner(update):",
            "    return update.effective_user.id == OWNER",
            "def owner_only(func):",
            "    @wraps(func)",
            "    async def wrapper(update, context):",
            "        if update.effective_user.id != OWNER:",
            "            return",
            "        return await func(update, context)",
            "    return wrapper",
            "async def a(update, context):",
            "    if not is_owner(update):",
            "        return",
            "@owner_only",
            "async def b(update, context): pass",
            "async def c(update, context): pass",
            "async def step(update, context): pass",
            "app.add_handler(CommandHandler('a', a))",
            "app.add_handler(CommandHandler('b', b))",
            "app.add_handler(CommandHandler('c', c, filters=OWNER_FILTER))",
            "app.add_handler(ConversationHandler(entry_points=[CommandHandler('a', a)],",
            "    states={1: [MessageHandler(filters.TEXT, step)]}, fallbacks=[]))",
        ]
        .join("\n");
        let h = handlers(&source);
        assert_eq!(h.filtered, ["c"]);
        assert_eq!(
            h.unfiltered,
            ["a", "b", "a"],
            "the conversation's step is no entry"
        );
        assert!(verdict([&h].into_iter()).is_some());
    }

    #[test]
    fn cast_checks_and_thin_handlers() {
        let source = [
            "def is_boss(update, boss_id):",
            "    who = update.effective_user",
            "    return bool(who and who.id == boss_id)",
            "async def a(update, context):",
            "    cfg = context.bot_data['cfg']",
            "    if not is_boss(update, cfg.boss):",
            "        return",
            "async def thin(update, context):",
            "    await a(update, context)",
            "async def open_door(update, context):",
            "    await a(update, context)",
            "    db.execute('x')",
            "app.add_handler(CommandHandler('a', a))",
            "app.add_handler(CommandHandler('thin', thin))",
        ]
        .join("\n");
        let h = handlers(&source);
        assert_eq!(h.owner_checks, ["is_boss"]);
        assert_eq!(h.delegates, [("thin".to_string(), "a".to_string())]);
        assert!(verdict([&h].into_iter()).is_some());
        let open = format!("{source}\napp.add_handler(CommandHandler('o', open_door))");
        assert!(
            verdict([&handlers(&open)].into_iter()).is_none(),
            "open_door works after the gated call"
        );
    }

    #[test]
    fn a_list_of_users_or_a_web_server_is_not_one_owner() {
        let source = [
            "async def a(message):",
            "    if message.from_user.id not in ALLOWED:",
            "        return",
            "dp.register_message_handler(a)",
        ]
        .join("\n");
        assert!(verdict([&handlers(&source)].into_iter()).is_none());
        let source = [
            "import fastapi",
            "async def a(message):",
            "    if message.from_user.id != OWNER:",
            "        return",
            "dp.register_message_handler(a)",
        ]
        .join("\n");
        assert!(verdict([&handlers(&source)].into_iter()).is_none());
    }
}
