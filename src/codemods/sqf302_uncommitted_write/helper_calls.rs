//! A write helper that leaves the commit to its callers, called once without
//! one.
//!
//! A module keeps one connection for the program's life and a small helper
//! that inserts a row on it and returns with the transaction open: its callers
//! commit (`with conn: store(row)`, or `store(row)` then `conn.commit()`). The
//! helper itself is fine, and the local check leaves it alone because a caller
//! commits. But when one caller (a crawler's loop that fetches a page, parses
//! it and stores it) calls it with no `with` block around the call and no
//! commit before its next slow step, Python's implicit BEGIN keeps the write
//! lock from that call until some later commit: through the fetches, the
//! parsing and the sleeps in between, while other processes' writes wait out
//! their busy timeout and fail with "database is locked".
//!
//! Reported at that call (not the helper), naming the callers that commit, when
//! a second party of the module is known (another process or thread uses the
//! file). A call counts as committed when a `with` block on the connection holds
//! it, or the caller commits after it with no slow work (a sleep, a network
//! call, a subprocess) in between; a caller that never commits counts as
//! committed when every caller of its own in the module commits after calling
//! it. No fix: where the unit of work ends is the program's choice; the note
//! suggests the `with` block the other callers use.

use ruff_python_ast::Stmt;
use ruff_text_size::{Ranged, TextRange};

use crate::codemods::{Context, Meta};
use crate::finding::{Confidence, Finding};
use crate::semantic::model::{Call, Callee, Model};
use crate::semantic::scopes::FuncId;
use crate::semantic::second_party::SecondParty;
use crate::semantic::slow;
use crate::semantic::transactions::{Flow, Op, is_path_flow};

/// The calls of `helper` (a module function, or a method called on `self`)
/// made in the module: the call and its caller.
fn calls_of<'m, 'a>(model: &'m Model<'a>, helper: FuncId) -> Vec<(&'m Call<'a>, FuncId)> {
    let function = model.scopes.function(helper);
    model
        .calls
        .iter()
        .filter_map(|call| {
            let caller = call.scope?;
            let hit = match &call.callee {
                Callee::Local(name) => {
                    function.parent.is_none() && function.class.is_none() && name == function.name()
                }
                Callee::SelfMethod(name) => {
                    name == function.name()
                        && model.scopes.enclosing_class(Some(caller)) == function.class
                }
                _ => false,
            };
            (hit && caller != helper && !call.in_lambda).then_some((call, caller))
        })
        .collect()
}

/// The flow is of the connection `flow` is: the same key, or for a path
/// through a handed object (`app.db`, a key per function) the same path.
fn same_connection(f: &Flow<'_, '_>, flow: &Flow<'_, '_>) -> bool {
    f.key == flow.key || (is_path_flow(flow) && is_path_flow(f) && f.label == flow.label)
}

/// `call` runs a function of the module that commits `flow`'s connection.
fn commits_through(
    model: &Model<'_>,
    flows: &[Flow<'_, '_>],
    flow: &Flow<'_, '_>,
    call: &Call<'_>,
) -> bool {
    let scopes = &model.scopes;
    let callee = match &call.callee {
        Callee::Local(name) => scopes.module_function(name),
        Callee::SelfMethod(name) => call
            .scope
            .and_then(|s| scopes.enclosing_class(Some(s)))
            .and_then(|class| scopes.method(class, name)),
        _ => None,
    };
    callee.is_some_and(|id| {
        flows.iter().any(|f| {
            f.scope == id
                && same_connection(f, flow)
                && f.events.iter().any(|e| matches!(e.op, Op::Commit { .. }))
        })
    })
}

/// The `commit()` calls in `caller` on `of`'s path (`app.db.commit()`), when
/// `of` is a handed-path flow (a path has no key shared across functions).
fn path_commits<'m>(
    model: &'m Model<'_>,
    of: &Flow<'_, '_>,
    caller: FuncId,
) -> impl Iterator<Item = TextRange> + 'm {
    let label = is_path_flow(of).then(|| of.label.clone());
    model.calls_in(Some(caller)).filter_map(move |c| {
        let label = label.as_deref()?;
        let ruff_python_ast::Expr::Attribute(a) = &*c.expr.func else {
            return None;
        };
        (a.attr.as_str() == "commit" && model.slice(a.value.range()) == label).then(|| c.range())
    })
}

/// How a call of the helper is committed by its caller.
#[derive(PartialEq)]
enum Cover {
    /// A `with` block on the connection holds it, or a commit follows it with
    /// nothing slow in between.
    Committed,
    /// A commit follows, but only after slow work: the lock is held through it.
    LateCommit(String),
    /// The caller never commits after it.
    Never,
}

/// A commit ends the unit of work at the end of `between`: promptly, or only
/// after slow work the write lock is held through.
fn committed_at(model: &Model<'_>, caller: FuncId, body: &[Stmt], between: TextRange) -> Cover {
    match slow::lock_hostile_call(model, Some(caller), between, body, |_| false) {
        Some((slow_call, what)) => Cover::LateCommit(format!(
            "`{}` on line {} {what}",
            slow::callee_text(model, slow_call),
            model.line_column(slow_call.range().start()).0
        )),
        None => Cover::Committed,
    }
}

fn cover(
    ctx: &Context<'_, '_>,
    flows: &[Flow<'_, '_>],
    of: &Flow<'_, '_>,
    caller: FuncId,
    call: TextRange,
    depth: usize,
) -> Cover {
    let model = ctx.model;
    let label = of.label.as_str();
    // `with conn:` around the call (a block holding only helper calls makes
    // no event on the connection in the caller's flow).
    let body: &[Stmt] = &model.scopes.function(caller).def.body;
    let in_with = crate::fix::codegen::ancestors(body, call)
        .into_iter()
        .any(|s| {
            matches!(s, Stmt::With(w) if w.items.iter().any(|i| model.slice(i.context_expr.range()) == label))
        });
    if in_with {
        return Cover::Committed;
    }
    let flow: Option<&Flow<'_, '_>> = flows
        .iter()
        .find(|f| f.scope == caller && same_connection(f, of));
    if let Some(flow) = flow {
        if flow
            .events
            .iter()
            .any(|e| e.op == Op::WithExit && e.range.contains_range(call))
        {
            return Cover::Committed;
        }
        // A commit of its own, or a call of a module function that commits
        // the connection (a `save()` or `commit()` helper).
        let own = flow
            .events
            .iter()
            .filter(|e| matches!(e.op, Op::Commit { .. }))
            .map(|e| e.range);
        let helpers = model
            .calls_in(Some(caller))
            .filter(|c| commits_through(model, flows, of, c))
            .map(|c| c.range());
        let next_commit = own
            .chain(helpers)
            .chain(path_commits(model, of, caller))
            .filter(|r| r.start() >= call.end())
            .min_by_key(|r| r.start());
        if let Some(commit) = next_commit {
            return committed_at(
                model,
                caller,
                body,
                TextRange::new(call.end(), commit.start()),
            );
        }
    }
    // A caller running no SQL of its own on the path has no flow of it, but
    // may still commit it (`app.db.commit()` after the call).
    if flow.is_none()
        && let Some(commit) = path_commits(model, of, caller).find(|r| r.start() >= call.end())
    {
        return committed_at(
            model,
            caller,
            body,
            TextRange::new(call.end(), commit.start()),
        );
    }
    // The caller's own callers may end the unit of work.
    let outer = calls_of(model, caller);
    if depth > 0
        && !outer.is_empty()
        && outer
            .iter()
            .all(|(c, by)| cover(ctx, flows, of, *by, c.range(), depth - 1) == Cover::Committed)
    {
        return Cover::Committed;
    }
    Cover::Never
}

/// Findings for the uncommitted calls of `flow`'s function, a helper that
/// writes on a kept connection and leaves the transaction open for its
/// callers, at least one of which commits. `flows` are the module's flows of
/// the same kind as `flow` (the module's, or its handed-path ones), where the
/// callers' commits are looked up.
pub(super) fn check(
    meta: &'static Meta,
    ctx: &Context<'_, '_>,
    flows: &[Flow<'_, '_>],
    flow: &Flow<'_, '_>,
) -> Vec<Finding> {
    let model = ctx.model;
    // Who waits on the open lock: another process or thread of the project;
    // in a library, which starts none itself, its callers' (a library's
    // helpers run in whatever workers the application starts), said less
    // surely.
    let (who, confidence) = match ctx.second_party() {
        SecondParty::Known(who) => (who.text.clone(), None),
        SecondParty::Unknown
            if crate::semantic::library::distributable_package(model.path).is_some() =>
        {
            (
                "the other processes or threads of the library's callers".to_string(),
                Some(Confidence::Medium),
            )
        }
        _ => return Vec::new(),
    };
    let calls = calls_of(model, flow.scope);
    let covers: Vec<(&Call<'_>, FuncId, Cover)> = calls
        .into_iter()
        .map(|(call, caller)| {
            (
                call,
                caller,
                cover(ctx, flows, flow, caller, call.range(), 1),
            )
        })
        .collect();
    let mut committing: Vec<String> = Vec::new();
    for (_, caller, c) in &covers {
        let name = model.scopes.function(*caller).qualname.clone();
        if *c == Cover::Committed && !committing.contains(&name) {
            committing.push(name);
        }
    }
    if committing.is_empty() {
        return Vec::new();
    }
    let helper = model.scopes.function(flow.scope).name();
    let label = &flow.label;
    let list = committing
        .iter()
        .map(|n| format!("`{n}`"))
        .collect::<Vec<_>>()
        .join(", ");
    covers
        .iter()
        .filter(|(_, _, c)| *c != Cover::Committed)
        .map(|(call, caller, c)| {
            let caller = &model.scopes.function(*caller).qualname;
            let until = match c {
                Cover::LateCommit(slow) => format!("its commit comes only after {slow}"),
                _ => "nothing after it commits".to_string(),
            };
            let commit = if committing.len() == 1 { "commits" } else { "commit" };
            let message = format!(
                "`{helper}` writes on `{label}` and leaves the commit to its callers; {list} {commit} around it, but this call in `{caller}` does not ({until}): Python's implicit transaction keeps the database's write lock from here until some later commit, and {who} wait and fail with 'database is locked'"
            );
            let finding = Finding::new(meta, call.range(), message).with_note(format!(
                "commit this unit of work as the other callers do: `with {label}:` around the call (it commits when the block ends)"
            ));
            match confidence {
                Some(c) => finding.with_confidence(c),
                None => finding,
            }
        })
        .collect()
}
