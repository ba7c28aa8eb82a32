//! Per-request connections that FastAPI itself moves between threads
//! (docs/sqlite-facts.md#F-fastapi-threads). Nothing in the code starts a thread:
//! the framework runs a sync dependency (before and after its `yield`), the sync
//! endpoint and each sync background task in whichever threadpool thread is free.
//!
//! - A sync dependency that opens a sqlite3 connection with the default
//!   `check_same_thread=True` and hands it out (`yield conn`, `return conn`): the
//!   endpoint, or the dependency's own teardown, uses it from another thread and
//!   gets ProgrammingError. The connection serves one request at a time, so
//!   `check_same_thread=False` is the fix (the framework's own recipe).
//! - The same connection made by an opener the dependency calls (`conn =
//!   open_db(); try: yield conn`), in this module or another (which need not
//!   import the framework): reported at the opener's connect. The fix puts `check_same_thread=False` in the opener, so
//!   it is offered (unsafe) only when every caller of the opener is such a
//!   dependency, whose connection one request uses at a time (an async endpoint
//!   awaits its `to_thread` calls one after another); an opener that other code
//!   calls too may hand connections to threads that use them at once, and gets
//!   advice only.
//! - A connection a handler opens and hands to `BackgroundTasks.add_task`: the
//!   task runs after the response, on another thread. Advice only: the task
//!   should open its own connection.

use rustc_hash::FxHashSet as HashSet;

use ruff_python_ast::Expr;
use ruff_text_size::Ranged;

use super::super::{Context, Meta};
use crate::finding::Finding;
use crate::fix::{Fix, codegen};
use crate::semantic::connections::{ConnSite, Driver, Holder};
use crate::semantic::facts::{self, Entry};
use crate::semantic::project::ProjectIndex;
use crate::semantic::refs::{CallRef, ValueRef};
use crate::semantic::routes::RouteKind;
use crate::semantic::uses::{UseKind, uses_of_name};

/// Findings for the connections of this module that FastAPI moves between threads.
pub fn check(meta: &'static Meta, ctx: &Context<'_, '_>, out: &mut Vec<Finding>) {
    let model = ctx.model;
    // An opener's module need not import the framework: the dependency that
    // hands its connection out is found project-wide (`opener_finding`).
    let framework = model.imports.mentions("fastapi") || model.imports.mentions("starlette");
    let mut dependencies: Option<HashSet<String>> = None;
    for site in ctx.sites() {
        if site.driver != Driver::Sqlite3 || site.call.keyword("check_same_thread").is_some() {
            continue;
        }
        let Some(scope) = site.scope() else {
            continue;
        };
        let function = model.scopes.function(scope);
        if framework {
            let sync_dependencies = dependencies.get_or_insert_with(|| sync_dependencies(ctx));
            if sync_dependencies.contains(&function.qualname) && handed_out(ctx, site) {
                out.push(dependency_finding(meta, ctx, site, function.name()));
                continue;
            }
        }
        if returned(ctx, site) {
            out.extend(opener_finding(
                meta,
                ctx,
                site,
                function.name(),
                &function.qualname,
            ));
        }
        if framework && let Holder::Local(name) = &site.holder {
            out.extend(background_finding(meta, ctx, site, name));
        }
    }
}

/// The function returns the connection it opens (an opener).
fn returned(ctx: &Context<'_, '_>, site: &ConnSite<'_, '_>) -> bool {
    match &site.holder {
        Holder::Returned => true,
        Holder::Local(name) => site.scope().is_some_and(|scope| {
            let body = &ctx.model.scopes.function(scope).def.body;
            uses_of_name(body, name)
                .iter()
                .any(|u| matches!(u.kind, UseKind::Returned))
        }),
        _ => false,
    }
}

/// Every sync function of the project FastAPI injects with `Depends`, as
/// (module, function) of the index.
struct SyncDependencies(Vec<(usize, usize)>);

impl SyncDependencies {
    fn of(index: &ProjectIndex) -> SyncDependencies {
        SyncDependencies(project_sync_dependencies(index))
    }
}

fn project_sync_dependencies(index: &ProjectIndex) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    for (m, module) in index.modules.iter().enumerate() {
        for (r, entry) in &module.facts.entries {
            if *entry == Entry::Route(RouteKind::Dependency) {
                out.extend(index.resolve(m, r));
            }
        }
        for (f, s) in module.functions.iter().enumerate() {
            if s.effects.route == Some(RouteKind::Dependency) {
                out.push((m, f));
            }
        }
    }
    out.retain(|&(m, f)| !index.modules[m].functions[f].is_async);
    out.sort_unstable();
    out.dedup();
    out
}

/// An opener of this module whose fresh connection a sync dependency hands to
/// the endpoint (`conn = open_db(); yield conn`).
fn opener_finding(
    meta: &'static Meta,
    ctx: &Context<'_, '_>,
    site: &ConnSite<'_, '_>,
    opener: &str,
    qualname: &str,
) -> Option<Finding> {
    let view = ctx.project;
    let index = view.index;
    // The same for every file of the run: found once (a scan per file is
    // quadratic in the project's size).
    let dependencies = index.memo(SyncDependencies::of);
    let dependencies = &dependencies.0;
    let is_opener = |from: usize, r: &CallRef| matches!(view.resolve_from(Some(from), r), Some((None, s)) if s.qualname == qualname);
    let (dm, df) = dependencies.iter().copied().find(|&(m, f)| {
        matches!(&index.modules[m].functions[f].returns, Some(ValueRef::Made(r)) if is_opener(m, r))
    })?;
    let dependency = &index.modules[dm].functions[df].qualname;
    let dependency_module = index.modules[dm]
        .path
        .file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    // Every function of the project that calls the opener is a sync dependency.
    let only_dependencies = index.modules.iter().enumerate().all(|(m, module)| {
        module.functions.iter().enumerate().all(|(f, s)| {
            !s.calls.iter().any(|r| is_opener(m, r)) || dependencies.contains(&(m, f))
        })
    });
    let message = format!(
        "`{opener}` opens a sqlite3 connection with check_same_thread=True (the default) and sync dependency `{dependency}` ({dependency_module}) hands it to the endpoint: FastAPI runs the dependency, the endpoint (or the worker threads it offloads to) and the teardown after `yield` on different threads, so using or closing it raises ProgrammingError under concurrent requests (docs/sqlite-facts.md#F-fastapi-threads)"
    );
    let finding = Finding::new(meta, site.call.range(), message);
    if !only_dependencies {
        return Some(finding.with_note(format!(
            "give `{dependency}` a connection opened with check_same_thread=False (one request uses it at a time), or open and close the connection in the thread that uses it; `{opener}` has other callers, whose connections may be used by several threads at once"
        )));
    }
    let edit = codegen::add_keyword(ctx.model, site.call.expr, "check_same_thread", "False");
    Some(finding.with_fix(Fix::unsafe_(
        format!("Let `{opener}`'s connections cross threads: `check_same_thread=False` (only sync dependencies call it, and one request uses each at a time)"),
        vec![edit],
    )))
}

/// Qualnames of this module's sync functions the framework injects with `Depends`.
fn sync_dependencies(ctx: &Context<'_, '_>) -> HashSet<String> {
    facts::entries(ctx.project)
        .into_iter()
        .filter(|((module, _), entry, is_async)| {
            module.is_none() && *entry == Entry::Route(RouteKind::Dependency) && !is_async
        })
        .map(|((_, qualname), _, _)| qualname)
        .collect()
}

/// The dependency gives the connection to the endpoint: yields or returns it.
fn handed_out(ctx: &Context<'_, '_>, site: &ConnSite<'_, '_>) -> bool {
    match &site.holder {
        Holder::Yielded | Holder::Returned => true,
        Holder::Local(name) => {
            let Some(scope) = site.scope() else {
                return false;
            };
            let body = &ctx.model.scopes.function(scope).def.body;
            uses_of_name(body, name)
                .iter()
                .any(|u| matches!(u.kind, UseKind::Yielded | UseKind::Returned))
        }
        _ => false,
    }
}

fn dependency_finding(
    meta: &'static Meta,
    ctx: &Context<'_, '_>,
    site: &ConnSite<'_, '_>,
    dependency: &str,
) -> Finding {
    let message = format!(
        "Sync dependency `{dependency}` opens a sqlite3 connection with check_same_thread=True and hands it to the endpoint: FastAPI runs the dependency, a sync endpoint and any teardown after `yield` on different threadpool threads, so using or closing it raises ProgrammingError under concurrent requests (docs/sqlite-facts.md#F-fastapi-threads)"
    );
    let edit = codegen::add_keyword(ctx.model, site.call.expr, "check_same_thread", "False");
    Finding::new(meta, site.call.range(), message).with_fix(Fix::safe(
        "Let the request's connection cross threads: `check_same_thread=False` (one request uses it at a time)",
        vec![edit],
    ))
}

/// `tasks.add_task(f, conn)` with a connection the handler opened.
fn background_finding(
    meta: &'static Meta,
    ctx: &Context<'_, '_>,
    site: &ConnSite<'_, '_>,
    name: &str,
) -> Option<Finding> {
    let model = ctx.model;
    let scope = site.scope()?;
    let call = model.calls.iter().find(|c| {
        c.scope == Some(scope)
            && c.method_name() == Some("add_task")
            && c.range().start() > site.call.range().end()
            && c.expr
                .arguments
                .args
                .iter()
                .skip(1)
                .chain(c.expr.arguments.keywords.iter().map(|k| &k.value))
                .any(|a| matches!(a, Expr::Name(n) if n.id.as_str() == name))
    })?;
    let task_expr = call.expr.arguments.args.first()?;
    // An async task runs on the loop, the thread an async handler opened it on.
    let task_is_async = matches!(task_expr, Expr::Name(n) if model.scopes.functions.iter()
        .any(|f| f.qualname == n.id.as_str() && f.is_async()));
    if task_is_async && model.scopes.function(scope).is_async() {
        return None;
    }
    let task = format!("`{}`", model.slice(task_expr.range()));
    let message = format!(
        "`{name}` is opened in the request handler and handed to background task {task}: FastAPI runs the task after the response on a threadpool thread, where a check_same_thread=True connection raises ProgrammingError"
    );
    Some(Finding::new(meta, call.range(), message).with_note(format!(
        "open the connection inside {task} (pass the database path, not the connection), so it lives in the thread that uses it"
    )))
}
