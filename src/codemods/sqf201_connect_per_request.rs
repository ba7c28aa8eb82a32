//! SQF201 connect-per-request: `sqlite3.connect` (or the project's connection
//! factory) called on every item of a loop, or on every request.
//!
//! - In a `for` loop, with arguments that do not come from the loop (a loop over
//!   database files opens each once, on purpose): a connection per item. MEDIUM;
//!   when `with connect(...) as conn:` is the loop's whole body the suggestion
//!   opens it once around the loop (display-only: the items then share one
//!   connection and, with `with`, one transaction).
//! - In a sync route handler or request dependency: a connection per request,
//!   only where the connect carries a real cost or a hazard on every request
//!   (`per_connect.rs`): a journal-mode switch (it needs the file's lock,
//!   F-wal-switch), a PRAGMA that rewrites or scans the file (`auto_vacuum`,
//!   `page_size`, `integrity_check`, `optimize`, a checkpoint), or schema
//!   statements (CREATE/ALTER) run by the route or by a factory of its module.
//!   MONITOR. A plain connect is cheap for sqlite3 (a connect, a keyed query and
//!   a close take a fraction of a millisecond, F-connect-cost, measured by
//!   bench/facts/connect_cost.py): against a request's own work it is noise, so
//!   it is not reported. One finding per function.
//!
//! A retry loop (`for attempt in range(3): try: connect(...); break`, semantic
//! loops.rs `is_retry_loop`) opens one connection, however many tries it takes,
//! and so does a connect guarded by a test of the name it assigns (`if conn is
//! None: conn = connect(...)`, `if not self._db:`, loops.rs
//! `guarded_to_run_once`): it runs on the first item only.
//!
//! Coroutines are left to SQF501 (a connect on the event loop is its business),
//! aiosqlite to SQF502, and `while` loops (workers waiting for jobs) alone.

use ruff_python_ast::Stmt;
use ruff_text_size::Ranged;

use super::{Codemod, Context};
use crate::finding::{Finding, Severity};
use crate::fix::{Fix, statements};
use crate::semantic::connections::{ConnSite, Driver, Holder};
use crate::semantic::facts::{self, Entry};
use crate::semantic::loops;
use crate::semantic::routes::RouteKind;
use crate::semantic::scopes::FuncId;

mod per_connect;

pub struct ConnectPerRequest;

impl Codemod for ConnectPerRequest {
    crate::codemod_meta!("SQF201-connect-per-request");

    fn check(&self, ctx: &Context<'_, '_>, out: &mut Vec<Finding>) {
        let model = ctx.model;
        let mut reported: Vec<FuncId> = Vec::new();
        let mut routes: Option<Vec<(String, RouteKind)>> = None;
        for site in ctx.sites() {
            if site.driver == Driver::Aiosqlite {
                continue;
            }
            let Some(scope) = site.scope() else {
                continue;
            };
            let function = model.scopes.function(scope);
            if function.is_async() {
                continue;
            }
            if let Some(finding) = in_loop(self, ctx, site) {
                out.push(finding);
                continue;
            }
            if reported.contains(&scope) {
                continue;
            }
            let routes = routes.get_or_insert_with(|| own_routes(ctx));
            let Some((_, kind)) = routes.iter().find(|(q, _)| *q == function.qualname) else {
                continue;
            };
            // `if self._db is None: self._db = connect(...)` (or a global's):
            // the first request opens it and the rest reuse it.
            if matches!(site.holder, Holder::SelfAttr(_) | Holder::Global(_))
                && loops::guarded_to_run_once(model.text, &function.def.body, site.stmt())
            {
                continue;
            }
            // A plain connect per request costs a fraction of a millisecond:
            // only one that repeats real work or a hazard is worth a finding.
            let Some(cost) = per_connect::cost(ctx, site) else {
                continue;
            };
            reported.push(scope);
            let what = match kind {
                RouteKind::Handler => "route handler",
                RouteKind::Dependency => "request dependency",
            };
            let message = format!(
                "`{}` opens a connection on every request ({what} `{}`), and each connect {cost}",
                model.slice(site.call.expr.func.range()),
                function.name()
            );
            out.push(
                Finding::new(self.meta(), site.call.range(), message)
                    .with_severity(Severity::Monitor)
                    .with_note("the connect itself is cheap for sqlite3 (a fraction of a millisecond, docs/sqlite-facts.md#F-connect-cost); what repeats is the work above: run it once at start-up (a migration step, the journal mode, which the file keeps), or keep one connection per worker thread (a factory with threading.local)"),
            );
        }
    }
}

/// This module's functions that the framework calls per request: decorated
/// routes, and functions any module injects with `Depends(...)`.
fn own_routes(ctx: &Context<'_, '_>) -> Vec<(String, RouteKind)> {
    facts::entries(ctx.project)
        .into_iter()
        .filter_map(|((m, q), entry, _)| match entry {
            Entry::Route(kind) if m.is_none() => Some((q, kind)),
            _ => None,
        })
        .collect()
}

fn in_loop(
    codemod: &ConnectPerRequest,
    ctx: &Context<'_, '_>,
    site: &ConnSite<'_, '_>,
) -> Option<Finding> {
    let model = ctx.model;
    let stmt = site.stmt();
    let loop_stmt = *loops::enclosing_loops(model.suite, stmt.range()).first()?;
    let Stmt::For(for_stmt) = loop_stmt else {
        return None;
    };
    if loops::arguments_depend_on_loop(loop_stmt, &site.call.expr.arguments) {
        return None;
    }
    // `for attempt in range(3): try: conn = connect(...); break / except: sleep`:
    // the loop repeats one connect until it works, it does not open one per item.
    if loops::is_retry_loop(loop_stmt) {
        return None;
    }
    // `if conn is None: conn = connect(...)` in the loop opens it on the first
    // item only.
    if loops::guarded_to_run_once(model.text, loops::loop_body(loop_stmt), stmt) {
        return None;
    }
    let message = format!(
        "`{}` opens a connection on every iteration: a connect, its PRAGMAs and a file handle per item",
        model.slice(site.call.expr.func.range())
    );
    let finding =
        Finding::new(codemod.meta(), site.call.range(), message).with_severity(Severity::Medium);
    let only = for_stmt.body.len() == 1
        && for_stmt.body[0].range() == stmt.range()
        && for_stmt.orelse.is_empty()
        && matches!(site.holder, Holder::WithItem { .. });
    if let (true, Stmt::With(with)) = (only, stmt) {
        let outer = loops::header_lines(model.text, loop_stmt, &for_stmt.body);
        let inner = loops::header_lines(model.text, stmt, &with.body);
        if let (Some(outer), Some(inner)) = (outer, inner) {
            if let Some(edits) = statements::swap_headers(model, outer, inner) {
                return Some(
                    finding
                        .with_fix(Fix::display_only("Open the connection once, around the loop", edits))
                        .with_note("with `with conn:` semantics the items then commit together at the end: commit per item inside the loop if each must be durable on its own"),
                );
            }
        }
    }
    Some(finding.with_note("open the connection once before the loop and close it after (`with contextlib.closing(...)`), running each item's statements on it"))
}
