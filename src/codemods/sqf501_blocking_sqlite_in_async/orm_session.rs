//! Sync SQLAlchemy sessions used inside `async def`: FastAPI's
//! `session: Session = Depends(get_session)` in an `async def` route, also through
//! an alias (`DbSession = Annotated[Session, Depends(get_session)]`) defined in
//! this module or imported from another. Every
//! query, flush and commit blocks the event loop, and a wait for SQLite's write
//! lock (up to the busy timeout) stalls every request, including the one whose
//! session holds the lock.
//!
//! Two fixes, both unsafe because the route's code then runs on a worker thread:
//! - a route with no `await` becomes a plain `def`, which FastAPI runs in its
//!   threadpool, the way its own SQL tutorial writes such routes (not under a
//!   project decorator, which may await the function it wraps);
//! - otherwise the statements that use the session move into a nested `def` run
//!   by `asyncio.to_thread` (the same extraction as a unit of work).
//!
//! Either way the session is used by one thread at a time (the coroutine waits for
//! the thread), but not by the thread that made it: FastAPI already makes a sync
//! dependency's session in a threadpool thread (F-fastapi-threads), and a
//! SQLAlchemy 2.0 file engine opens its connections with check_same_thread=False
//! (F-sqlalchemy). Only projects whose engine's URL names SQLite in the code are
//! looked at. A `sessionmaker(engine, class_=AsyncSession)` (or one bound to a
//! `create_async_engine(...)`), the pre-2.0 spelling of `async_sessionmaker`,
//! makes async sessions, even in a module that also builds a sync engine for
//! its tests (semantic::sync_orm::makes_async_sessions). A session the coroutine
//! enters with `async with`, or one of whose methods it awaits, is an
//! `AsyncSession` whatever its factory (another module's `async_sessionmaker`
//! reached through an attribute, a constructor parameter or a container) is
//! called (semantic::sync_orm::awaited_handle). A project with an in-memory engine (one connection, so one
//! database, per thread) or `check_same_thread=True` gets no fix.

use ruff_python_ast::Expr;
use ruff_text_size::{Ranged, TextRange, TextSize};

use super::{BlockingSqliteInAsync, extract};
use crate::codemods::{Codemod, Context};
use crate::finding::{Confidence, Finding};
use crate::fix::{Edit, Fix};
use crate::semantic::facts;
use crate::semantic::handle_uses;
use crate::semantic::model::{AssignKind, Model, Target};
use crate::semantic::orm_on_loop;
use crate::semantic::refs::{CallRef, ValueRef};
use crate::semantic::routes;
use crate::semantic::scopes::FuncId;
use crate::semantic::sync_orm::{self, OrmSqlite};
use crate::semantic::visit::{self, Node};

/// Findings for the coroutine `scope`; what a fix moves is added to `covered`.
pub(super) fn findings(
    codemod: &BlockingSqliteInAsync,
    ctx: &Context<'_, '_>,
    scope: FuncId,
    factories: &sync_orm::Factories,
    covered: &mut Vec<TextRange>,
) -> Vec<Finding> {
    let model = ctx.model;
    let function = model.scopes.function(scope);
    let mut out = Vec::new();
    if ctx.project.orm_sqlite().is_none() {
        return out;
    }
    // Sessions it is handed, then sessions it opens itself (`with Session(engine)
    // as s:`), whose opening statement moves with their uses.
    let mut params = orm_on_loop::session_parameters(model, scope);
    for alias in aliased_session_parameters(ctx, scope) {
        if !params.contains(&alias) {
            params.push(alias);
        }
    }
    let mut sessions: Vec<(String, Option<TextRange>)> =
        params.iter().map(|p| (p.clone(), None)).collect();
    let opened = sync_orm::session_names(model, scope, factories)
        .into_iter()
        .chain(imported_maker_sessions(ctx, scope));
    for (name, bound) in opened {
        if !params.contains(&name) && !sessions.iter().any(|(n, _)| *n == name) {
            sessions.push((name, Some(bound)));
        }
    }
    for (name, bound) in sessions {
        // Awaited, or entered with `async with`: an `AsyncSession`, whatever
        // its parameter's annotation or its factory's name says.
        if sync_orm::awaited_handle(model, scope, &name) {
            continue;
        }
        if covered
            .iter()
            .any(|r| bound.is_some_and(|b| r.contains_range(b)))
        {
            continue;
        }
        let mut uses = orm_on_loop::uses_in_own_scope(model, scope, &name);
        let Some(first) = uses.first().copied() else {
            continue;
        };
        let how = if bound.is_some() { "opened" } else { "used" };
        let message = format!(
            "Sync SQLAlchemy session `{name}` {how} in `async def {}`{}: its queries and commits block the event loop, and a wait for the write lock stalls every request",
            function.name(),
            handed_to(ctx, scope, &name)
        );
        uses.extend(bound);
        uses.sort_by_key(|r| r.start());
        let finding = with_certainty(ctx, Finding::new(codemod.meta(), first, message));
        if thread_bound(ctx) {
            covered.push(function.body_range);
            out.push(finding.with_note(THREAD_BOUND_NOTE));
            continue;
        }
        if let Some(edits) = sync_route(model, scope) {
            covered.push(function.body_range);
            out.push(
                finding
                    .with_fix(Fix::unsafe_(
                        "Make the route a plain `def`: FastAPI runs it in its threadpool, off the event loop",
                        edits,
                    ))
                    .with_note(THREAD_NOTE),
            );
            continue;
        }
        out.push(match offload(ctx, scope, &uses) {
            Ok((unit, edits)) => {
                covered.push(unit);
                finding
                    .with_fix(Fix::unsafe_(
                        "Move the statements that use the session into a function run by `asyncio.to_thread`",
                        edits,
                    ))
                    .with_note(THREAD_NOTE)
            }
            Err(why) => {
                covered.push(function.body_range);
                finding.with_note(why)
            }
        });
    }
    out
}

/// `db = SessionLocal()` (or `with make_session() as db:`) where the maker is
/// another project module's (a module-level `sessionmaker`, or a function
/// returning a new session): the route module itself may name no SQLAlchemy.
fn imported_maker_sessions(ctx: &Context<'_, '_>, scope: FuncId) -> Vec<(String, TextRange)> {
    let model = ctx.model;
    let Some(from) = ctx.project.module else {
        return Vec::new();
    };
    model
        .assignments_in(Some(scope))
        .filter(|a| matches!(a.kind, AssignKind::Assign | AssignKind::WithItem))
        .filter_map(|a| {
            let Target::Name(name) = &a.target else {
                return None;
            };
            let Expr::Call(call) = a.value else {
                return None;
            };
            let func = match &*call.func {
                Expr::Attribute(b) if b.attr.as_str() == "begin" => match &*b.value {
                    Expr::Call(inner) => &*inner.func,
                    other => other,
                },
                other => other,
            };
            handle_uses::imported_session_maker(ctx.project.index, from, model, Some(scope), func)
                .then(|| (name.clone(), a.stmt.range()))
        })
        .collect()
}

/// `, handed to `load_note()`, which queries it`: the project functions the
/// coroutine passes the session to that run queries on it themselves (the
/// chain a reader follows from the route to the blocking call).
fn handed_to(ctx: &Context<'_, '_>, scope: FuncId, name: &str) -> String {
    let model = ctx.model;
    let mut callees: Vec<&str> = Vec::new();
    for call in model.calls_in(Some(scope)) {
        let arguments = &call.expr.arguments;
        let passes = arguments
            .args
            .iter()
            .chain(arguments.keywords.iter().map(|k| &k.value))
            .any(|a| matches!(a, Expr::Name(n) if n.id.as_str() == name));
        if !passes {
            continue;
        }
        let queries = crate::semantic::project::call_ref(model, call)
            .and_then(|r| ctx.project.lookup(&r))
            .is_some_and(|(_, summary)| summary.orm_io);
        let callee = model.slice(call.expr.func.range());
        if queries && !callees.contains(&callee) {
            callees.push(callee);
        }
    }
    match callees.as_slice() {
        [] => String::new(),
        [one] => format!(", handed to `{one}()`, which queries it"),
        many => format!(
            ", handed to {}, which query it",
            many.iter()
                .map(|c| format!("`{c}()`"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

/// Parameters annotated with a module-level alias of a sync `Session`
/// (`DbSession = Annotated[Session, Depends(get_db)]`), defined in this module
/// or imported from another (a `dependencies` module the routers share).
fn aliased_session_parameters(ctx: &Context<'_, '_>, scope: FuncId) -> Vec<String> {
    let model = ctx.model;
    let function = model.scopes.function(scope);
    function
        .def
        .parameters
        .iter_non_variadic_params()
        .filter(|p| {
            let Some(annotation) = p.parameter.annotation.as_deref() else {
                return false;
            };
            if !matches!(annotation, Expr::Name(_) | Expr::Attribute(_)) {
                return false;
            }
            let globals = match model.resolve(annotation, function.parent) {
                Some(dotted) => ctx
                    .project
                    .module
                    .and_then(|from| ctx.project.index.module_of(from, &dotted))
                    .map(|(m, name)| (&ctx.project.index.modules[m].globals, name)),
                None => match annotation {
                    Expr::Name(n) => Some((&ctx.project.own.globals, n.id.to_string())),
                    _ => None,
                },
            };
            globals.is_some_and(|(globals, name)| {
                globals.iter().any(|(n, v)| *n == name && names_session(v))
            })
        })
        .map(|p| p.parameter.name.to_string())
        .collect()
}

/// The value an alias stands for is a sync SQLAlchemy `Session`.
fn names_session(value: &ValueRef) -> bool {
    match value {
        ValueRef::Made(r) => matches!(&**r, CallRef::Dotted(q) if orm_on_loop::is_session_class(q)),
        ValueRef::Any(candidates) => candidates.iter().any(names_session),
        _ => false,
    }
}

/// Whether the project makes an engine whose connections cannot move to a worker thread.
pub(super) fn thread_bound(ctx: &Context<'_, '_>) -> bool {
    // A test suite's in-memory engine is not the program's.
    struct ThreadBound;
    facts::any_module::<ThreadBound>(ctx.project, |m| {
        m.facts.thread_bound_engine && !crate::semantic::paths::is_test_module(&m.path)
    })
}

pub(super) const THREAD_BOUND_NOTE: &str = "not offloaded: this project makes an SQLAlchemy engine whose connections belong to one thread (an in-memory database, or check_same_thread=True), so a worker thread would see another database or raise ProgrammingError (docs/sqlite-facts.md#F-sqlalchemy). Use a file engine, or an async engine with aiosqlite";

/// A finding about sync sessions, saying how sure sqlfix is that they run on
/// SQLite: when no engine's URL is written in the code, the message says why it
/// is likely and the confidence drops.
pub(super) fn with_certainty(ctx: &Context<'_, '_>, finding: Finding) -> Finding {
    match ctx.project.orm_sqlite() {
        Some(OrmSqlite::Likely(why)) => {
            let message = format!(
                "{} (likely SQLite: the engine's URL is known only at run time; {why})",
                finding.message
            );
            let mut finding = finding.with_confidence(Confidence::Medium);
            finding.message = message;
            finding
        }
        _ => finding,
    }
}

/// For a project function that opens its own sessions, offloaded whole.
pub(super) const HELPER_THREAD_NOTE: &str = "its sessions are then opened and used in a worker thread: a SQLAlchemy 2.0 file engine lets its pooled connections move between threads (check_same_thread=False, docs/sqlite-facts.md#F-sqlalchemy). ORM objects it returns should not lazy-load back on the loop";

const THREAD_NOTE: &str = "the session is then used from a worker thread, one thread at a time: FastAPI already makes a sync dependency's session in its threadpool (docs/sqlite-facts.md#F-fastapi-threads) and a SQLAlchemy 2.0 file engine allows it (check_same_thread=False, docs/sqlite-facts.md#F-sqlalchemy). ORM objects used back on the loop should not lazy-load";

/// Router and application methods that register a route.
const ROUTE_METHODS: &[&str] = &[
    "get",
    "post",
    "put",
    "patch",
    "delete",
    "head",
    "options",
    "trace",
    "api_route",
    "route",
    "websocket",
];

/// `async def` → `def` for a FastAPI route that never awaits, yields or asks for
/// the running loop (all of which need the coroutine).
fn sync_route(model: &Model<'_>, scope: FuncId) -> Option<Vec<Edit>> {
    let function = model.scopes.function(scope);
    let def = function.def;
    if function.parent.is_some() || function.class.is_some() {
        return None;
    }
    if !routes::is_decorated_route(model, scope) || !model.imports.mentions("fastapi") {
        return None;
    }
    // A project decorator under the route (`@cached(...)`) may await the
    // function it wraps: only the route registration itself is known to take a
    // plain `def`.
    let only_route_decorators = def.decorator_list.iter().all(|d| {
        matches!(&d.expression, Expr::Call(c) if matches!(&*c.func, Expr::Attribute(a) if ROUTE_METHODS.contains(&a.attr.as_str())))
    });
    if !only_route_decorators {
        return None;
    }
    // WebSocket endpoints must be coroutines.
    let websocket = def.decorator_list.iter().any(|d| {
        matches!(&d.expression, Expr::Call(c) if matches!(&*c.func, Expr::Attribute(a) if a.attr.as_str() == "websocket"))
    });
    if websocket || visit::contains_await(&def.body) || visit::contains_yield(&def.body) {
        return None;
    }
    let needs_loop = visit::any_node(
        &def.body,
        |node| matches!(node, Node::Expr(Expr::Name(n)) if n.id.as_str() == "asyncio"),
    ) || model.calls_in(Some(scope)).any(|c| {
        c.qualified()
            .is_some_and(|q| q.starts_with("asyncio.") || q.starts_with("anyio."))
    });
    if needs_loop {
        return None;
    }
    // `async` is the first word after the decorators.
    let from = def.decorator_list.last().map_or(def.start(), |d| d.end());
    let text = &model.text[TextRange::new(from, def.name.start())];
    let at = text.find("async")?;
    let start = from + TextSize::try_from(at).ok()?;
    let rest = &text[at + "async".len()..];
    let gap = rest.len() - rest.trim_start().len();
    if !rest.trim_start().starts_with("def") || gap == 0 {
        return None;
    }
    let end = start + TextSize::try_from("async".len() + gap).ok()?;
    Some(vec![Edit::replace(
        TextRange::new(start, end),
        String::new(),
    )])
}

/// The statements from the first that uses the session to the last, in one block,
/// moved into a nested `def` run by `asyncio.to_thread`.
fn offload(
    ctx: &Context<'_, '_>,
    scope: FuncId,
    uses: &[TextRange],
) -> Result<(TextRange, Vec<Edit>), String> {
    let model = ctx.model;
    let body = &model.scopes.function(scope).def.body;
    match super::block_of(body, uses) {
        Some(unit) => {
            let range = TextRange::new(unit[0].start(), unit[unit.len() - 1].end());
            extract(ctx, scope, unit, None).map(|edits| (range, edits))
        }
        None => Err("the session is used where the fix cannot move it as one block; move its work into one function and run that with `asyncio.to_thread`".to_string()),
    }
}
