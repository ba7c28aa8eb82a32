//! SQF302 uncommitted-write: a function writes on a long-lived connection (a
//! module-level one or `self.<attr>`) and a normal way out of it leaves the
//! transaction open.
//!
//! In legacy transaction control (the default) the first INSERT/UPDATE/DELETE
//! opens an implicit transaction that holds the database's write lock until
//! `commit()` (F-implicit-begin). On a connection that outlives the function nobody closes
//! it either, so every other connection's writes wait out their busy timeout and
//! fail with "database is locked" until some unrelated call happens to commit
//! (and then commits this half of someone else's unit too). Python 3.12's
//! `autocommit=False` behaves the same way.
//!
//! Matched from the transaction model: a transaction that wrote and is still
//! open at a `return` or at the end of the function. Exits by exception are
//! SQF702's. Not flagged: `with conn:` blocks, `isolation_level=None` and
//! `autocommit=True` connections (each statement commits), connections the
//! function opens itself (closing them rolls back), parameters (the caller owns
//! the transaction), functions whose caller in the module commits after calling
//! them, modules with a commit-only function for that connection (a deliberate
//! "caller commits" design, like a repository's `commit()`), and paths where the
//! connection is handed to other code that may commit it.
//!
//! Fix (unsafe: what is committed when changes, a caller can no longer roll the
//! write back): `conn.commit()` after the top-level statement holding the last
//! write (inside a `with <lock>:` block holding it, so the commit stays under the
//! lock), when every open exit comes after it; otherwise a note.

use std::collections::HashMap;

use ruff_python_ast::Stmt;
use ruff_text_size::{Ranged, TextRange};

use super::{Codemod, Context};
use crate::finding::Finding;
use crate::fix::{Edit, Fix, codegen};
use crate::semantic::connections::ConnKey;
use crate::semantic::model::Callee;
use crate::semantic::scopes::FuncId;
use crate::semantic::threads;
use crate::semantic::transactions::{ExitKind, Flow, Op, TxMode};

pub struct UncommittedWrite;

impl Codemod for UncommittedWrite {
    crate::codemod_meta!("SQF302-uncommitted-write");

    fn check(&self, ctx: &Context<'_, '_>, out: &mut Vec<Finding>) {
        let _model = ctx.model;
        let _sites = ctx.sites();
        let flows = ctx.flows();
        let by_key: HashMap<(FuncId, &ConnKey), &Flow<'_, '_>> =
            flows.iter().map(|f| ((f.scope, &f.key), f)).collect();
        for flow in flows {
            if !matches!(flow.key, ConnKey::Global { .. } | ConnKey::SelfAttr { .. }) {
                continue;
            }
            if !matches!(flow.mode, TxMode::Legacy(_) | TxMode::AlwaysOpen) {
                continue;
            }
            if has_commit_api(flows, flow) || caller_commits(ctx, &by_key, flow) {
                continue;
            }
            for (start, first_write) in open_writes(flow) {
                out.push(report(self, ctx, flow, start, first_write));
            }
        }
    }
}

/// Transactions that wrote and are still open at a normal exit: (start, first write).
fn open_writes(flow: &Flow<'_, '_>) -> Vec<(Option<usize>, usize)> {
    let mut out: Vec<(Option<usize>, usize)> = Vec::new();
    for exit in &flow.exits {
        if exit.kind == ExitKind::Raise {
            continue;
        }
        for state in &exit.states {
            let Some(tx) = state.open() else { continue };
            let Some(first_write) = tx.first_write else {
                continue;
            };
            if tx.error_handler.is_some() {
                continue; // after an exception: SQF702
            }
            if let Some(existing) = out.iter_mut().find(|(s, _)| *s == tx.start) {
                existing.1 = existing.1.min(first_write);
            } else {
                out.push((tx.start, first_write));
            }
        }
    }
    out
}

/// Another function of the module only commits this connection: the module's
/// design is that callers commit.
fn has_commit_api(flows: &[Flow<'_, '_>], flow: &Flow<'_, '_>) -> bool {
    flows.iter().any(|other| {
        other.key == flow.key
            && other.scope != flow.scope
            && other
                .events
                .iter()
                .any(|e| matches!(e.op, Op::Commit { .. }))
            && !other
                .events
                .iter()
                .any(|e| matches!(e.op, Op::Write | Op::Ddl | Op::Begin(_)))
    })
}

/// A caller in this module commits the same connection after calling it.
fn caller_commits(
    ctx: &Context<'_, '_>,
    by_key: &HashMap<(FuncId, &ConnKey), &Flow<'_, '_>>,
    flow: &Flow<'_, '_>,
) -> bool {
    let model = ctx.model;
    let function = model.scopes.function(flow.scope);
    model.calls.iter().any(|call| {
        let Some(caller) = call.scope else {
            return false;
        };
        let calls_it = match &call.callee {
            Callee::Local(name) => {
                function.parent.is_none() && function.class.is_none() && name == function.name()
            }
            Callee::SelfMethod(name) => {
                name == function.name()
                    && model.scopes.enclosing_class(Some(caller)) == function.class
            }
            _ => false,
        };
        if !calls_it {
            return false;
        }
        let Some(caller_flow) = by_key.get(&(caller, &flow.key)) else {
            return false;
        };
        caller_flow.events.iter().any(|e| {
            (matches!(e.op, Op::Commit { .. }) && e.range.start() >= call.range().end())
                || (e.op == Op::WithExit && e.range.contains_range(call.range()))
        })
    })
}

fn report(
    codemod: &UncommittedWrite,
    ctx: &Context<'_, '_>,
    flow: &Flow<'_, '_>,
    start: Option<usize>,
    first_write: usize,
) -> Finding {
    let model = ctx.model;
    let function = model.scopes.function(flow.scope);
    let write = &flow.events[first_write];
    let label = &flow.label;
    let message = format!(
        "`{label}` writes here and `{}` can return without committing: the transaction keeps the database's write lock until some later `commit()`, so other connections' writes wait and fail with 'database is locked'",
        function.name()
    );
    let finding = Finding::new(codemod.meta(), write.range, message);
    match fix(ctx, flow, start) {
        Ok(edit) => finding
            .with_fix(Fix::unsafe_(
                format!("Commit after the last write: `{label}.commit()`"),
                vec![edit],
            ))
            .with_note("the write becomes durable when the function returns; a caller that meant to add more to the transaction, or roll it back, can no longer"),
        Err(why) => finding.with_note(why),
    }
}

fn fix(ctx: &Context<'_, '_>, flow: &Flow<'_, '_>, start: Option<usize>) -> Result<Edit, String> {
    let model = ctx.model;
    let label = &flow.label;
    let body: &[Stmt] = &model.scopes.function(flow.scope).def.body;
    if !flow.closers(start).is_empty() {
        return Err(format!(
            "it commits only on some paths (batching?); until then the write lock is held across calls. Commit at the end of each unit of work, or wrap it in `with {label}:`"
        ));
    }
    let writes: Vec<TextRange> = flow
        .events
        .iter()
        .enumerate()
        .filter(|(i, e)| {
            matches!(e.op, Op::Write | Op::Ddl)
                && (Some(*i) == start
                    || e.before
                        .iter()
                        .any(|s| s.open().is_some_and(|t| t.start == start)))
        })
        .map(|(_, e)| e.range)
        .collect();
    let last = writes
        .iter()
        .max_by_key(|r| r.end())
        .ok_or_else(|| "commit after the last write".to_string())?;
    let mut anchor = body
        .iter()
        .find(|s| s.range().contains_range(*last))
        .ok_or_else(|| format!("commit with `{label}.commit()` after the last write"))?;
    // A shared connection is often guarded by `with lock:`; a commit after the
    // block would run unlocked and could commit another thread's half-done unit
    // on the same connection, so the commit goes inside the lock instead.
    let mut suites: Vec<&[Stmt]> = vec![body];
    while let Stmt::With(with) = anchor {
        let locked = with
            .items
            .iter()
            .any(|i| threads::is_lock_expr(model, &i.context_expr, Some(flow.scope)));
        let Some(inner) = with.body.iter().find(|s| s.range().contains_range(*last)) else {
            break;
        };
        if !locked {
            break;
        }
        suites.push(&with.body);
        anchor = inner;
    }
    if matches!(anchor, Stmt::Return(_) | Stmt::Raise(_)) {
        return Err(format!(
            "the write is part of the `return`; commit with `{label}.commit()` before returning"
        ));
    }
    for exit in flow.open_exits_normal(start) {
        let after_anchor = match (exit.kind, exit.stmt) {
            (ExitKind::End, _) => true,
            (ExitKind::Return, Some(stmt)) => {
                stmt.start() >= anchor.end()
                    && suites
                        .iter()
                        .any(|suite| suite.iter().any(|s| s.range() == stmt.range()))
            }
            _ => exit.kind == ExitKind::Raise,
        };
        if !after_anchor {
            return Err(format!(
                "a `return` inside the block leaves it uncommitted; commit with `{label}.commit()` before each return, or wrap the writes in `with {label}:`"
            ));
        }
    }
    if !codegen::owns_lines(model.text, anchor) {
        return Err(format!(
            "commit with `{label}.commit()` after the last write"
        ));
    }
    let awaited = flow
        .events
        .iter()
        .any(|e| e.call.is_some_and(|c| c.is_awaited()));
    let indent = codegen::indentation_at(model.text, anchor.start());
    let nl = model.stylist.newline.as_str();
    let call = if awaited {
        format!("await {label}.commit()")
    } else {
        format!("{label}.commit()")
    };
    Ok(Edit::insert(
        codegen::next_line_start(model.text, anchor.end()),
        format!("{indent}{call}{nl}"),
    ))
}
