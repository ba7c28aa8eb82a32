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
//! A helper whose callers commit is not reported itself; a call of it that
//! no `with` block holds and no prompt commit follows (a crawler's loop that
//! stores a page and goes on fetching) is, at the call, naming the callers
//! that do commit, when another process or thread uses the file
//! (helper_calls.rs).
//!
//! Project-wide (semantic::kept_writes): a write through a connection another
//! module keeps (`db.conn.execute(...)` after `import db`, `store.conn` of an
//! instance, a subclass's `self.conn` its base opens) is reported when no code
//! of the project ever ends a transaction on that connection: no `commit()`,
//! `rollback()`, `close()`, `with` block, `executescript`, hand-off to other
//! code or autocommit setting, in its module or on a receiver of its name in
//! any module. The local finding says so too when its module never ends it, and
//! is dropped when another module ends it (the callers commit). Both name the
//! second party; with none seen the confidence drops to Medium rather than to
//! silence: the writes are still lost if the process dies. No fix for those:
//! where a unit of work ends is the program's decision, and
//! `isolation_level=None` would also end the transactions the code keeps open
//! on purpose.
//!
//! Fix (unsafe: what is committed when changes, a caller can no longer roll the
//! write back): `conn.commit()` after the top-level statement holding the last
//! write (inside a `with <lock>:` block holding it, so the commit stays under the
//! lock), when every open exit comes after it; otherwise a note.

use rustc_hash::FxHashMap as HashMap;

use ruff_python_ast::Stmt;
use ruff_text_size::{Ranged, TextRange};

use super::{Codemod, Context};
use crate::finding::{Confidence, Finding, Root};
use crate::fix::{Edit, Fix, codegen};
use crate::semantic::connections::ConnKey;
use crate::semantic::handle_uses;
use crate::semantic::kept_writes;
use crate::semantic::model::Callee;
use crate::semantic::scopes::FuncId;
use crate::semantic::second_party::SecondParty;
use crate::semantic::threads;
use crate::semantic::transactions::{ExitKind, Flow, Op, TxMode};
use crate::semantic::{sql, strings};

mod helper_calls;

pub struct UncommittedWrite;

impl Codemod for UncommittedWrite {
    crate::codemod_meta!("SQF302-uncommitted-write");

    fn check(&self, ctx: &Context<'_, '_>, out: &mut Vec<Finding>) {
        let _model = ctx.model;
        let _sites = ctx.sites();
        let flows = ctx.flows();
        let by_key: HashMap<(FuncId, &ConnKey), &Flow<'_, '_>> =
            flows.iter().map(|f| ((f.scope, &f.key), f)).collect();
        let table = kept_writes::table(ctx.project.index);
        for flow in flows {
            let conn = match &flow.key {
                ConnKey::Global { name } => name,
                ConnKey::SelfAttr { attr, .. } => attr,
                ConnKey::Local { .. } => continue,
            };
            if !matches!(flow.mode, TxMode::Legacy(_) | TxMode::AlwaysOpen) {
                continue;
            }
            if table.ended_elsewhere(conn, ctx.project.module) {
                continue;
            }
            // A helper its callers commit (or a module with a commit-only
            // function for them to call): the finding, if any, is at a call
            // that leaves the transaction open (helper_calls.rs).
            if has_commit_api(flows, flow) || caller_commits(ctx, &by_key, flow) {
                if !open_writes(flow).is_empty() {
                    out.extend(helper_calls::check(self.meta(), ctx, flows, flow));
                }
                continue;
            }
            let never = !ends_in_module(ctx, flow);
            for (start, first_write) in open_writes(flow) {
                let finding = report(self, ctx, flow, start, first_write);
                out.push(if never {
                    never_committed(ctx, finding, &flow.label, "its module")
                } else {
                    finding
                });
            }
        }
        if !ctx.in_test_module() {
            written_elsewhere(self, ctx, &table, flows, out);
            handed_helpers(self, ctx, out);
        }
    }
}

/// Helpers that write on a connection kept by an object they are handed
/// (`def insert_row(app, row): app.db.execute("INSERT ...")`) and leave the
/// commit to their callers: the object outlives the call, so what the helper
/// leaves open stays open. As for a module's own connection, a finding only at
/// a call no caller commits when the other callers do (helper_calls.rs).
fn handed_helpers(codemod: &UncommittedWrite, ctx: &Context<'_, '_>, out: &mut Vec<Finding>) {
    let flows = crate::semantic::transactions::handed_path_flows(ctx.model);
    for flow in &flows {
        if !open_writes(flow).is_empty() {
            out.extend(helper_calls::check(codemod.meta(), ctx, &flows, flow));
        }
    }
}

/// Whether the module's own code ends a transaction on the flow's connection
/// anywhere (a commit in another method, a `with` block, a close).
fn ends_in_module(ctx: &Context<'_, '_>, flow: &Flow<'_, '_>) -> bool {
    let (class, conn) = match &flow.key {
        ConnKey::Global { name } => (None, name.as_str()),
        ConnKey::SelfAttr { class, attr } => (
            Some(ctx.model.scopes.classes[*class].qualname.as_str()),
            attr.as_str(),
        ),
        ConnKey::Local { .. } => return true,
    };
    let own = &ctx.project.own;
    own.kept_conns
        .iter()
        .any(|k| k.class.as_deref() == class && k.conn == conn && k.ends)
        || own.ended_names.iter().any(|n| n == conn)
}

/// Says that nothing in the project ever commits the connection, and who waits.
fn never_committed(ctx: &Context<'_, '_>, finding: Finding, label: &str, place: &str) -> Finding {
    let (party, confidence) = match ctx.second_party() {
        SecondParty::Known(who) => (format!("; {who} wait on it"), None),
        SecondParty::None(what) => (
            format!("; no second party seen ({what}), but the writes are lost if the process dies"),
            Some(Confidence::Medium),
        ),
        SecondParty::Unknown => (
            "; no second party seen, but the writes are lost if the process dies".to_string(),
            Some(Confidence::Medium),
        ),
    };
    let message = format!(
        "{}; no code in the project ever commits `{label}` (no `commit()`, `with` block, close or autocommit anywhere, {place} included), so the lock is held for the program's life{party}",
        finding.message
    );
    let mut finding = Finding { message, ..finding };
    if let Some(c) = confidence {
        finding = finding.with_confidence(c);
    }
    finding
}

/// Writes through a kept connection of another module (`db.conn.execute(...)`
/// after `import db`, `store.conn` of an instance, a subclass's `self.conn`
/// opened by its base) when no code of the project ever commits that connection.
fn written_elsewhere(
    codemod: &UncommittedWrite,
    ctx: &Context<'_, '_>,
    table: &kept_writes::Table,
    flows: &[Flow<'_, '_>],
    out: &mut Vec<Finding>,
) {
    let (Some(from), model) = (ctx.project.module, ctx.model) else {
        return;
    };
    let index = ctx.project.index;
    // The writes the local check sees (a connection this module opens).
    let local: rustc_hash::FxHashSet<TextRange> = flows
        .iter()
        .filter(|f| f.site.is_some())
        .flat_map(|f| f.events.iter().map(|e| e.range))
        .collect();
    let mut seen: rustc_hash::FxHashSet<(Option<FuncId>, usize, Option<String>, String)> =
        rustc_hash::FxHashSet::default();
    for call in &model.calls {
        if call.in_lambda || call.is_awaited() || local.contains(&call.range()) {
            continue;
        }
        // An imported receiver makes the callee a qualified name (`db.conn.execute`).
        let ruff_python_ast::Expr::Attribute(a) = &*call.expr.func else {
            continue;
        };
        if !matches!(a.attr.as_str(), "execute" | "executemany") {
            continue;
        }
        let Some(sql) = call.argument(0, "sql") else {
            continue;
        };
        let Some(value) = strings::string_value(model, sql, call.scope, call.range().start())
        else {
            continue;
        };
        if !sql::classify(&value.sketch()).is_write() {
            continue;
        }
        let Some(found) = handle_uses::resolve(index, from, model, call.scope, &a.value) else {
            continue;
        };
        let handle = found.handle;
        let Some((legacy, ended)) =
            table.holder(found.module, handle.class.as_deref(), &handle.conn)
        else {
            continue;
        };
        if !legacy
            || ended
            || table.ended_elsewhere(&handle.conn, None)
            || ctx.project.own.ended_names.contains(&handle.conn)
        {
            continue;
        }
        let key = (
            call.scope,
            found.module,
            handle.class.clone(),
            handle.conn.clone(),
        );
        if !seen.insert(key) {
            continue; // one finding per function and connection
        }
        let file = crate::diff::display_path(&index.modules[found.module].path);
        let holder = match &handle.class {
            Some(class) => format!(
                "`self.{}` of `{class}` ({file}:{})",
                handle.conn, handle.line
            ),
            None => format!("`{}` of {file}:{}", handle.conn, handle.line),
        };
        let message = format!(
            "writes through the connection {holder}, kept for the program's life: Python opens a transaction before the write and it holds the database's write lock until a `commit()`, so other connections' writes wait and fail with 'database is locked'"
        );
        let finding = Finding::new(codemod.meta(), call.range(), message)
            .with_root(
                Root::new(
                    format!("kept:{file}:{}:{}", handle.class.as_deref().unwrap_or(""), handle.conn),
                    format!("the kept connection {holder}"),
                )
                .at(&index.modules[found.module].path, handle.line),
            )
            .with_note("commit where each unit of work ends (`commit()` on that connection, or a `with` block on it); `isolation_level=None` is no drop-in fix: it also ends the transactions the code means to keep");
        out.push(never_committed(ctx, finding, &handle.conn, "its module"));
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
