//! SQF304 long-read-transaction: a read snapshot kept open while slow work runs.
//!
//! Two shapes:
//! - **A live cursor iterated around slow work**: `for row in conn.execute(SELECT):`
//!   (or over a cursor that ran a SELECT, `cur.execute(SELECT)` or
//!   `cur = conn.execute(SELECT)`) whose body sleeps, calls the network, a
//!   subprocess, file I/O, or a function of the module that does. The SELECT is
//!   not finished until the last row is fetched, so it keeps its snapshot (a read
//!   transaction, even in autocommit) for the whole loop.
//! - **An explicit read transaction held across slow work**: `BEGIN` (deferred)
//!   or Python 3.12 `autocommit=False`, reads, then slow work before the COMMIT,
//!   with nothing written yet.
//!
//! In WAL a checkpoint cannot copy frames past the oldest open snapshot, so while
//! the reader lingers every commit grows the WAL (F-checkpoint-starved: a reader held open
//! during 3,000 commits grew it to 37.6 MB, and `wal_checkpoint(TRUNCATE)` failed
//! until the reader closed), and reads slow down as the WAL grows (hazard 3E).
//!
//! Fix for the first shape (unsafe: all rows are held in memory at once, and a
//! loop that stops early still reads them all): `.fetchall()` on the iterable, so
//! the statement finishes before the loop body runs. aiosqlite cursors and the
//! second shape get a note (commit, or fetch what is needed, before the slow work).

use ruff_python_ast::{Expr, Stmt};
use ruff_text_size::{Ranged, TextRange};

use super::{Codemod, Context};
use crate::finding::Finding;
use crate::fix::{Edit, Fix};
use crate::semantic::connections::{self, Driver};
use crate::semantic::model::{AssignKind, Call, Target};
use crate::semantic::sql::BeginMode;
use crate::semantic::transactions::{self, Flow, Op};
use crate::semantic::{slow, visit};

pub struct LongReadTransaction;

impl Codemod for LongReadTransaction {
    crate::codemod_meta!("SQF304-long-read-transaction");

    fn check(&self, ctx: &Context<'_, '_>, out: &mut Vec<Finding>) {
        let model = ctx.model;
        let _sites = ctx.sites();
        let flows = ctx.flows();
        let mut seen: Vec<TextRange> = Vec::new();
        for flow in flows {
            for stmt in transactions::scope_stmts(&model.scopes.function(flow.scope).def.body) {
                if let Stmt::For(for_stmt) = stmt {
                    if seen.contains(&for_stmt.iter.range()) {
                        continue;
                    }
                    if let Some(finding) = live_cursor_loop(self, ctx, flow, for_stmt) {
                        seen.push(for_stmt.iter.range());
                        out.push(finding);
                    }
                }
            }
            for call in model.calls_in(Some(flow.scope)) {
                if call.in_lambda
                    || seen.contains(&call.range())
                    || flow.event_at(call.range()).is_some()
                {
                    continue;
                }
                if let Some(finding) = open_read_transaction(self, ctx, flow, call) {
                    seen.push(call.range());
                    out.push(finding);
                }
            }
        }
    }
}

/// The first slow call in a loop body, with what it does.
fn slow_in<'m, 'a>(
    ctx: &Context<'m, 'a>,
    flow: &Flow<'_, '_>,
    body: &[Stmt],
) -> Option<(&'m Call<'a>, &'static str)> {
    let range = TextRange::new(body.first()?.start(), body.last()?.end());
    ctx.model
        .calls_in(Some(flow.scope))
        .filter(|c| range.contains_range(c.range()) && !c.in_lambda)
        .find_map(|c| slow::slow_call(ctx.model, c).map(|w| (c, w)))
}

/// Whether a function of `flow` iterates a live SELECT cursor around slow work
/// (the first shape above): its read lock (in the rollback journal, SHARED)
/// stays held through that work, and a writer's commit waits for it
/// (SQF101's `short_transactions_on_file`, F-short-writers).
pub(super) fn holds_cursor_across_slow_work(ctx: &Context<'_, '_>, flow: &Flow<'_, '_>) -> bool {
    transactions::scope_stmts(&ctx.model.scopes.function(flow.scope).def.body)
        .into_iter()
        .any(|stmt| matches!(stmt, Stmt::For(f) if live_cursor(ctx, flow, f).is_some()))
}

/// The slow call a loop over a live SELECT cursor runs on every row, what it
/// does, whether the loop's iterable is the SELECT itself, and the cursor's
/// name when the loop walks a name bound to it.
#[allow(clippy::type_complexity)]
fn live_cursor<'m, 'a>(
    ctx: &Context<'m, 'a>,
    flow: &Flow<'_, '_>,
    for_stmt: &ruff_python_ast::StmtFor,
) -> Option<(&'m Call<'a>, &'static str, Option<String>)> {
    let model = ctx.model;
    let iter = &*for_stmt.iter;
    // `for row in conn.execute(SELECT)`, or `for row in cur` after `cur.execute(SELECT)`.
    let reads_here = flow
        .events
        .iter()
        .any(|e| e.op == Op::Read && e.range == iter.range());
    if !reads_here && !matches!(iter, Expr::Name(_)) {
        return None;
    }
    let (slow_call, what) = slow_in(ctx, flow, &for_stmt.body)?;
    let cursor_name = match iter {
        Expr::Name(name) if !reads_here => {
            let aliases = connections::aliases(model, &flow.key);
            let is_alias = aliases
                .iter()
                .any(|(s, n)| *s == Some(flow.scope) && n.as_str() == name.id.as_str());
            // `cur = conn.execute(SELECT)` hands back the same live cursor as
            // `cur.execute(SELECT)`: the name's last binding before the loop.
            let bound_from = model
                .assignments
                .iter()
                .filter(|a| {
                    a.scope == Some(flow.scope)
                        && a.kind == AssignKind::Assign
                        && a.target == Target::Name(name.id.to_string())
                        && a.stmt.end() <= for_stmt.start()
                })
                .max_by_key(|a| a.stmt.start())
                .map(|a| a.value.range());
            let ran_select = flow.events.iter().any(|e| {
                e.op == Op::Read
                    && e.range.end() <= for_stmt.start()
                    && (bound_from == Some(e.range)
                        || e.call.is_some_and(|c| {
                            matches!(&*c.expr.func, Expr::Attribute(a) if matches!(&*a.value, Expr::Name(n) if n.id == name.id))
                        }))
            });
            (is_alias && ran_select).then(|| name.id.to_string())
        }
        _ => None,
    };
    if !reads_here && cursor_name.is_none() {
        return None;
    }
    Some((slow_call, what, cursor_name))
}

fn live_cursor_loop(
    codemod: &LongReadTransaction,
    ctx: &Context<'_, '_>,
    flow: &Flow<'_, '_>,
    for_stmt: &ruff_python_ast::StmtFor,
) -> Option<Finding> {
    let model = ctx.model;
    let iter = &*for_stmt.iter;
    let (slow_call, what, cursor_name) = live_cursor(ctx, flow, for_stmt)?;
    let message = format!(
        "The loop keeps this SELECT's read snapshot open while `{}(...)` {what} on every row: WAL checkpoints cannot pass it, so the WAL grows with every commit meanwhile",
        slow::callee_text(model, slow_call)
    );
    let finding = Finding::new(codemod.meta(), iter.range(), message);
    let aiosqlite = for_stmt.is_async || flow.site.is_some_and(|s| s.driver == Driver::Aiosqlite);
    if aiosqlite {
        return Some(finding.with_note(
            "fetch the rows first (`rows = await cursor.fetchall()`), then loop over them",
        ));
    }
    let breaks = visit::any_stmt(&for_stmt.body, |s| {
        matches!(s, Stmt::Break(_) | Stmt::Return(_))
    });
    let edit = match &cursor_name {
        Some(name) => Edit::replace(iter.range(), format!("{name}.fetchall()")),
        None => Edit::insert(iter.end(), ".fetchall()"),
    };
    let mut note = "all rows are now read into memory before the loop".to_string();
    if breaks {
        note.push_str(", including the ones an early `break` or `return` used to skip");
    }
    Some(
        finding
            .with_fix(Fix::unsafe_(
                "Fetch the rows before the loop: `.fetchall()`",
                vec![edit],
            ))
            .with_note(note),
    )
}

fn open_read_transaction(
    codemod: &LongReadTransaction,
    ctx: &Context<'_, '_>,
    flow: &Flow<'_, '_>,
    call: &Call<'_>,
) -> Option<Finding> {
    let model = ctx.model;
    let tx = flow
        .states_at(call.range())
        .iter()
        .filter_map(|s| s.open())
        .find(|t| {
            t.first_read.is_some() && t.first_write.is_none() && t.mode == BeginMode::Deferred
        })?;
    let what = slow::slow_call(model, call)?;
    let label = &flow.label;
    let opened = match tx.start.map(|s| &flow.events[s]) {
        Some(e) if matches!(e.op, Op::Begin(_)) => {
            format!(
                "the `BEGIN` on line {}",
                model.line_column(e.range.start()).0
            )
        }
        _ => "autocommit=False".to_string(),
    };
    let message = format!(
        "`{}(...)` {what} while `{label}` keeps a read transaction open ({opened}): WAL checkpoints cannot pass its snapshot, so the WAL grows with every commit meanwhile",
        slow::callee_text(model, call)
    );
    Some(Finding::new(codemod.meta(), call.range(), message).with_note(format!(
        "end the read transaction before the slow work (`{label}.commit()`, or read what is needed and commit), and begin a new one after it if needed"
    )))
}
