//! SQF502 aiosqlite-lifecycle: aiosqlite connections opened too often, or not
//! closed on every path.
//!
//! 1. `async with aiosqlite.connect(...)` / `await aiosqlite.connect(...)` inside a
//!    `for` loop: a connection (and a worker thread, F-aiosqlite-thread) per item, about 7x the
//!    cost of reusing one (F-connect-cost). MEDIUM; when the block is the loop's whole body
//!    the suggested change opens it once around the loop (display-only: the items
//!    then share one connection and its transactions). A loop whose items are the
//!    databases themselves (the path comes from the loop variable) is left alone.
//! 2. The same inside a route handler or dependency: a connection per request.
//!    MONITOR: about 1 ms per request; a long-lived connection opened in the app's
//!    lifespan removes it.
//! 3. `db = await aiosqlite.connect(...)` that is not closed on every path: the
//!    connection keeps its worker thread and any open transaction's write lock
//!    until the process exits (its non-daemon thread also keeps the process from
//!    exiting). HIGH; the fix wraps the uses in `async with aiosqlite.connect(...)
//!    as db:`, replacing a trailing `await db.close()`. Safe: closing is all that
//!    changes, and closing does not commit either way. A connection that escapes
//!    (returned, stored, handed to code that may keep it) is left alone, and so
//!    is one never closed that an endless `while True:` loop after it uses (a
//!    monitor task's connection for its whole life).

use ruff_python_ast::{Expr, Stmt};
use ruff_text_size::{Ranged, TextRange};

use super::sqf202_unclosed_connection::endless_loop;
use super::{Codemod, Context};
use crate::finding::{Finding, Severity};
use crate::fix::{Edit, Fix, lifetime, statements};
use crate::semantic::connections::{ConnSite, Driver, Holder};
use crate::semantic::facts::{self, Entry};
use crate::semantic::loops;
use crate::semantic::routes::RouteKind;
use crate::semantic::scopes::FuncId;
use crate::semantic::uses::{NameUse, UseKind, uses_of_name};
use crate::semantic::visit;

pub struct AiosqliteLifecycle;

impl Codemod for AiosqliteLifecycle {
    crate::codemod_meta!("SQF502-aiosqlite-lifecycle");

    fn check(&self, ctx: &Context<'_, '_>, out: &mut Vec<Finding>) {
        // Test suites use throwaway databases on purpose (semantic::paths).
        if ctx.in_test_module() {
            return;
        }
        let _model = ctx.model;
        let sites: Vec<&ConnSite<'_, '_>> = ctx
            .sites()
            .iter()
            .filter(|s| s.driver == Driver::Aiosqlite)
            .collect();
        let mut per_request_reported: Vec<FuncId> = Vec::new();
        for site in &sites {
            // An in-memory database has no file, no lock and nothing to lose.
            if is_memory(ctx, site) {
                continue;
            }
            if let Some(finding) = in_loop(self, ctx, site) {
                out.push(finding);
            } else if let Some(finding) = per_request(self, ctx, site, &mut per_request_reported) {
                out.push(finding);
            }
            if let Holder::Local(name) = &site.holder {
                out.extend(unclosed(self, ctx, site, name));
            }
        }
    }
}

/// `aiosqlite.connect(":memory:")` and `mode=memory` URIs.
pub fn is_memory(ctx: &Context<'_, '_>, site: &ConnSite<'_, '_>) -> bool {
    site.call
        .argument(0, "database")
        .and_then(|d| {
            crate::semantic::strings::string_value(
                ctx.model,
                d,
                site.scope(),
                site.call.range().start(),
            )
        })
        .is_some_and(|v| {
            let sketch = v.sketch();
            sketch == ":memory:" || sketch.contains("mode=memory")
        })
}

/// A connection opened per item of a `for` loop.
fn in_loop(
    codemod: &AiosqliteLifecycle,
    ctx: &Context<'_, '_>,
    site: &ConnSite<'_, '_>,
) -> Option<Finding> {
    let model = ctx.model;
    let stmt = site.stmt();
    let loop_stmt = loops::enclosing_loops(model.suite, stmt.range())
        .into_iter()
        .find(|l| matches!(l, Stmt::For(_)))?;
    let Stmt::For(for_stmt) = loop_stmt else {
        return None;
    };
    // `for path in shards: async with aiosqlite.connect(path)`: one per database.
    if loops::arguments_depend_on_loop(loop_stmt, &site.call.expr.arguments) {
        return None;
    }
    let message = "aiosqlite connection opened on every iteration: each one starts a worker thread and costs about 7x a reused connection";
    let finding =
        Finding::new(codemod.meta(), site.call.range(), message).with_severity(Severity::Medium);
    // The block is the loop's whole body: open it once around the loop instead.
    let only_stmt = for_stmt.body.len() == 1 && for_stmt.body[0].range() == stmt.range();
    if let (true, Stmt::With(with), true) = (
        only_stmt,
        stmt,
        matches!(site.holder, Holder::WithItem { .. }),
    ) {
        let outer = loops::header_lines(model.text, loop_stmt, &for_stmt.body);
        let inner = loops::header_lines(model.text, stmt, &with.body);
        if let (Some(outer), Some(inner), true) = (outer, inner, for_stmt.orelse.is_empty()) {
            if let Some(edits) = statements::swap_headers(model, outer, inner) {
                return Some(finding.with_fix(Fix::display_only(
                    "Open the connection once, around the loop",
                    edits,
                )).with_note("the items then share one connection: a failure mid-loop no longer leaves earlier items' uncommitted work isolated, so commit per item (or once at the end) deliberately"));
            }
        }
    }
    Some(finding.with_note(
        "open the connection once before the loop (or keep one for the app's lifetime) and run each item's statements on it",
    ))
}

/// A connection opened by a route handler or a dependency: one per request.
fn per_request(
    codemod: &AiosqliteLifecycle,
    ctx: &Context<'_, '_>,
    site: &ConnSite<'_, '_>,
    reported: &mut Vec<FuncId>,
) -> Option<Finding> {
    let model = ctx.model;
    let scope = site.scope()?;
    if reported.contains(&scope) {
        return None;
    }
    let qualname = &model.scopes.function(scope).qualname;
    let own = ctx.project.own.function(qualname)?;
    let kind = own.effects.route.or_else(|| {
        facts::entries(ctx.project)
            .into_iter()
            .find_map(|((m, q), entry, _)| match entry {
                Entry::Route(kind) if m.is_none() && q == *qualname => Some(kind),
                _ => None,
            })
    })?;
    reported.push(scope);
    let what = match kind {
        RouteKind::Handler => "route handler",
        RouteKind::Dependency => "request dependency",
    };
    let message = format!(
        "aiosqlite connection opened per request in {what} `{}`: a worker thread and about 1 ms per request",
        model.scopes.function(scope).name()
    );
    Some(
        Finding::new(codemod.meta(), site.call.range(), message)
            .with_severity(Severity::Monitor)
            .with_note("acceptable at 10-50 concurrent uploads; if connects show up in profiles, open one connection in the app's lifespan (`app.state.db`) and share it, committing per request"),
    )
}

/// `db = await aiosqlite.connect(...)` not closed on every path.
fn unclosed(
    codemod: &AiosqliteLifecycle,
    ctx: &Context<'_, '_>,
    site: &ConnSite<'_, '_>,
    name: &str,
) -> Option<Finding> {
    let model = ctx.model;
    let scope = site.scope()?;
    let function = model.scopes.function(scope);
    if !site.call.is_awaited() || function.is_generator() {
        return None;
    }
    let body = &function.def.body;
    let uses = uses_of_name(body, name);
    let mut closes = false;
    for u in &uses {
        match &u.kind {
            UseKind::MethodCall(m) if m == "close" || m == "stop" => closes = true,
            UseKind::MethodCall(m) if returns_cursor(ctx, u.range, m) => return None,
            UseKind::MethodCall(_)
            | UseKind::AttributeStore
            | UseKind::AttributeRead(_)
            | UseKind::Test => {}
            UseKind::Argument { call, position } => {
                let borrows = position.is_some_and(|p| {
                    model.call_at(*call).is_some_and(|c| {
                        ctx.project
                            .function(model, c)
                            .is_some_and(|(_, f)| f.param_escapes.get(p) == Some(&false))
                    })
                });
                if !borrows {
                    return None;
                }
            }
            _ => return None,
        }
    }
    let closed_in_finally = visit::any_stmt(body, |stmt| {
        matches!(stmt, Stmt::Try(t) if uses_of_name(&t.finalbody, name)
            .iter()
            .any(|u| matches!(&u.kind, UseKind::MethodCall(m) if m == "close")))
    });
    let assigned_twice = model
        .assignments_of(Some(scope), name)
        .iter()
        .filter(|a| a.scope == Some(scope))
        .count()
        > 1;
    if closed_in_finally || assigned_twice {
        return None;
    }
    // Opened before an endless loop that uses it (a monitor task, a polling
    // worker): one connection and one worker thread for the task's life, not
    // one per call (SQF202's endless_loop.rs).
    if !closes && endless_loop::follows(body, site.stmt(), name) {
        return None;
    }
    let message = if closes {
        "aiosqlite connection closed only on the success path: an exception leaks it, its worker thread and its write lock"
    } else {
        "aiosqlite connection is never closed: it keeps its worker thread (and any open transaction's write lock) until the process exits"
    };
    let finding = Finding::new(codemod.meta(), site.call.range(), message);
    match wrap_in_async_with(ctx, site, name, &uses) {
        Ok(edits) => Some(finding.with_fix(Fix::safe(
            format!("Close it on every path: `async with aiosqlite.connect(...) as {name}:`"),
            edits,
        ))),
        Err(why) => Some(finding.with_note(why)),
    }
}

/// `return await db.execute(...)` hands out a cursor that needs the connection.
fn returns_cursor(ctx: &Context<'_, '_>, name_range: TextRange, method: &str) -> bool {
    if !matches!(method, "execute" | "executemany" | "cursor") {
        return false;
    }
    ctx.model.calls.iter().any(|c| {
        matches!(&*c.expr.func, Expr::Attribute(a) if a.value.range() == name_range)
            && matches!(c.stmt, Stmt::Return(r) if r.value.as_deref().is_some_and(|v| match v {
                Expr::Await(a) => a.value.range() == c.range(),
                other => other.range() == c.range(),
            }))
    })
}

/// Replaces `db = await aiosqlite.connect(...)` and the statements after it (up to
/// a trailing `await db.close()`) with an `async with` block around them.
fn wrap_in_async_with(
    ctx: &Context<'_, '_>,
    site: &ConnSite<'_, '_>,
    name: &str,
    uses: &[NameUse],
) -> Result<Vec<Edit>, String> {
    let model = ctx.model;
    let assign = site.stmt();
    let Stmt::Assign(assign_stmt) = assign else {
        return Err("the connection is not assigned by a plain statement".to_string());
    };
    if assign_stmt.value.range() != site.outer {
        return Err(
            "the connection is wrapped in other calls; close it in a `finally`".to_string(),
        );
    }
    let header = format!("async with {}", model.slice(site.call.range()));
    let edit = lifetime::wrap_until_close(
        model,
        assign,
        name,
        uses,
        |s| lifetime::is_close_statement(s, name, true),
        &header,
    )?;
    Ok(vec![edit])
}
