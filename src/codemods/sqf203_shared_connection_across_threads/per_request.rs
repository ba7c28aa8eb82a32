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
//! - A connection a handler opens and hands to `BackgroundTasks.add_task`: the
//!   task runs after the response, on another thread. Advice only: the task
//!   should open its own connection.

use std::collections::HashSet;

use ruff_python_ast::Expr;
use ruff_text_size::Ranged;

use super::super::{Context, Meta};
use crate::finding::Finding;
use crate::fix::{Fix, codegen};
use crate::semantic::connections::{ConnSite, Driver, Holder};
use crate::semantic::facts::{self, Entry};
use crate::semantic::routes::RouteKind;
use crate::semantic::uses::{UseKind, uses_of_name};

/// Findings for the connections of this module that FastAPI moves between threads.
pub fn check(meta: &'static Meta, ctx: &Context<'_, '_>, out: &mut Vec<Finding>) {
    let model = ctx.model;
    if !model.imports.mentions("fastapi") && !model.imports.mentions("starlette") {
        return;
    }
    let mut dependencies: Option<HashSet<String>> = None;
    for site in ctx.sites() {
        if site.driver != Driver::Sqlite3 || site.call.keyword("check_same_thread").is_some() {
            continue;
        }
        let Some(scope) = site.scope() else {
            continue;
        };
        let function = model.scopes.function(scope);
        let sync_dependencies = dependencies.get_or_insert_with(|| sync_dependencies(ctx));
        if sync_dependencies.contains(&function.qualname) && handed_out(ctx, site) {
            out.push(dependency_finding(meta, ctx, site, function.name()));
            continue;
        }
        if let Holder::Local(name) = &site.holder {
            out.extend(background_finding(meta, ctx, site, name));
        }
    }
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
