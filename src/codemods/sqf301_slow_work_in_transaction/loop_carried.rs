//! Slow work in a loop whose write transaction stays open from one iteration
//! to the next.
//!
//! A loop that writes on each item and commits only after the loop keeps the
//! transaction open across its back edge: from the first write of the first
//! item, the write lock is held until that commit. Slow work anywhere in the
//! body, even before the body's first write, then runs with the lock held
//! from the second iteration on (a vector-store delete over the network, then
//! the rows' DELETEs, per item). The transaction model already runs a loop body
//! a second time from the back edge's states; this module says which loop
//! carries the lock to the call, and whether the call comes before the body's
//! first write (then the lock is held only from the second iteration on).
//!
//! A loop whose iterable is known to hold one item (`for x in [item]:`,
//! `range(1)`) never runs a second iteration: nothing is carried.
//!
//! Such a loop is often a one-shot data migration run by hand as a program of
//! its own, beside the live server: start-up code otherwise (a migration step
//! the server runs before it serves), it has a second writer only when another
//! program of the project opens the same database file, and the finding names
//! it (`second_writers::other_process`).

use ruff_python_ast::{Expr, Stmt};
use ruff_text_size::{Ranged, TextSize};

use crate::codemods::{Context, Meta};
use crate::finding::Finding;
use crate::semantic::model::{Call, Model};
use crate::semantic::transactions::{Flow, Op, Tx, scope_stmts};
use crate::semantic::{second_party, second_writers, slow};

/// The loop that carries the write lock to a call.
pub(super) struct Carried {
    /// The call comes before the loop body's first write: the lock is held
    /// there only from the second iteration on.
    pub from_second: bool,
    /// The line of the write that takes the lock on each iteration.
    pub write_line: usize,
    /// The line of the first event after the loop that ends the transaction
    /// (its commit), when the function shows one.
    pub commit_line: Option<usize>,
    /// The loop's iterable holds one item: no second iteration.
    pub single: bool,
}

/// The innermost loop around `call` that holds the transaction `tx` across its
/// back edge: the transaction starts inside the loop's body and no event that
/// ends it lies inside the loop.
pub(super) fn carried(
    model: &Model<'_>,
    flow: &Flow<'_, '_>,
    tx: Tx,
    call: &Call<'_>,
) -> Option<Carried> {
    let start = tx.start.or(tx.first_write)?;
    let write = tx.first_write.unwrap_or(start);
    let start_at = flow.events[start].range;
    let write_at = flow.events[write].range;
    let body = &model.scopes.function(flow.scope).def.body;
    let lp = scope_stmts(body)
        .into_iter()
        .filter(|s| matches!(s, Stmt::For(_) | Stmt::While(_)))
        .filter(|s| s.range().contains_range(call.range()) && s.range().contains_range(start_at))
        .min_by_key(|s| s.range().len())?;
    let closers = flow.closers(tx.start);
    if closers
        .iter()
        .any(|&c| lp.range().contains_range(flow.events[c].range))
    {
        return None;
    }
    let commit_line = closers
        .iter()
        .map(|&c| &flow.events[c])
        .filter(|e| e.range.start() >= lp.end() && matches!(e.op, Op::Commit { .. } | Op::WithExit))
        .map(|e| model.line_column(e.range.start()).0)
        .min();
    Some(Carried {
        // A call in the write's own arguments runs before the write does.
        from_second: call.range().end() < write_at.end(),
        write_line: model.line_column(write_at.start()).0,
        commit_line,
        single: one_item(lp),
    })
}

/// `for x in [item]:`, `for x in (a,):`, `for i in range(1):`.
fn one_item(lp: &Stmt) -> bool {
    let Stmt::For(f) = lp else { return false };
    match &*f.iter {
        Expr::List(l) => l.elts.len() == 1 && !l.elts[0].is_starred_expr(),
        Expr::Tuple(t) => t.elts.len() == 1 && !t.elts[0].is_starred_expr(),
        Expr::Set(s) => s.elts.len() == 1 && !s.elts[0].is_starred_expr(),
        Expr::Call(c) => {
            matches!(&*c.func, Expr::Name(n) if n.id.as_str() == "range")
                && c.arguments.keywords.is_empty()
                && match c.arguments.args.as_ref() {
                    [Expr::NumberLiteral(n)] => is_int(n, 1),
                    [Expr::NumberLiteral(a), Expr::NumberLiteral(b)] => {
                        matches!((int_of(a), int_of(b)), (Some(a), Some(b)) if b - a == 1)
                    }
                    _ => false,
                }
        }
        _ => false,
    }
}

fn int_of(n: &ruff_python_ast::ExprNumberLiteral) -> Option<i64> {
    match &n.value {
        ruff_python_ast::Number::Int(i) => i.as_i64(),
        _ => None,
    }
}

fn is_int(n: &ruff_python_ast::ExprNumberLiteral, v: i64) -> bool {
    int_of(n) == Some(v)
}

/// Code that runs only at start-up, or a module named as a migration: its
/// other findings wait for a writer beside it that start-up code lacks.
pub(super) fn at_startup(ctx: &Context<'_, '_>, at: TextSize) -> bool {
    second_party::is_startup_only(ctx.model.path) || ctx.runs_at_start(at)
}

/// Who writes the file while a start-up loop runs: another program of the
/// project opening it in a process of its own (the live server beside a
/// one-shot migration).
pub(super) fn writer_beside(ctx: &Context<'_, '_>) -> Option<String> {
    second_writers::other_process(ctx.project)
        .or_else(|| second_party::other_program_beside(ctx.project))
}

/// Marks a finding that names the other program itself: the start-up filter
/// of check/scope.rs keeps it.
pub const BESIDE: &str = "this program runs in a process of its own, concurrent with";

pub(super) fn report(
    meta: &'static Meta,
    ctx: &Context<'_, '_>,
    flow: &Flow<'_, '_>,
    call: &Call<'_>,
    what: &str,
    carried: &Carried,
    beside: Option<&str>,
) -> Finding {
    let model = ctx.model;
    let label = &flow.label;
    let when = if carried.from_second {
        "from the second iteration on"
    } else {
        "on every iteration"
    };
    let until = carried.commit_line.map_or_else(
        || "until the transaction ends after the loop".to_string(),
        |l| format!("until the commit on line {l}, after the loop"),
    );
    let beside = beside.map_or(String::new(), |who| format!("; {BESIDE} {who}"));
    let message = format!(
        "`{}(...)` {what} {when} while `{label}` holds the write lock: the write on line {} takes it in the first iteration and, with no commit inside the loop, it stays held across iterations {until}, so every other writer waits for it and fails with 'database is locked' after the busy timeout (docs/sqlite-facts.md#F-loop-carried){beside}",
        slow::callee_text(model, call),
        carried.write_line,
    );
    Finding::new(meta, call.range(), message).with_note(format!(
        "do the slow work for every item before the loop's first write (a pass of its own), or commit `{label}` per item or per batch inside the loop, so the lock is held only for the SQL"
    ))
}
