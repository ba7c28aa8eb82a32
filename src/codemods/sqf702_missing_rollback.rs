//! SQF702 missing-rollback: a write transaction on a long-lived connection (a
//! module-level one or `self.<attr>`) that an exception can leave open.
//!
//! Two shapes, from the transaction model (`transactions::leaks_on_error`):
//! - a `try` whose `except` handler swallows, logs, returns or re-raises without
//!   `rollback()`, after the body began writing, when an earlier statement of
//!   the same transaction may already hold the write lock as the failure
//!   arrives (`transactions/handler_leaks.rs`): a BUSY on the transaction's first
//!   write takes no lock (F-busy-first-write), so a `try` whose only statement
//!   that can fail is that first write (not a plain INSERT, whose duplicate-key
//!   failure does keep the lock) is not reported, and neither is a handler that
//!   carries on into its own function's commit (a best-effort step);
//! - no `try` at all (or one whose only clause is a `finally` that does not end
//!   the transaction), with a call that can raise (another statement, a helper,
//!   a serializer) between the first write and the commit. Calls that cannot
//!   fail on the data (`uuid.uuid4()`, a clock, `line.strip()` and the other
//!   string methods of `transactions::QUIET_STRING_METHODS`,
//!   docs/sqlite-facts.md#F-quiet-calls) do not count; the message names the
//!   first call that can. Nor is a transaction whose every write is an upsert
//!   that converges when repeated (`INSERT OR REPLACE`, `INSERT OR IGNORE`,
//!   `ON CONFLICT ... DO UPDATE SET c = excluded.c`) reported this way: cut
//!   short, it leaves a subset of its rows for the next commit to publish and
//!   the next run to complete (F-upsert-converges).
//!
//! Not reported in a function no path from an entry point reaches
//! (`Context::never_reached`, as SQF401 asks it): a
//! method nothing in the application calls never opens its transaction. A
//! library's public functions are kept (their callers are out of view), and
//! so is everything under `dead-code = "report"`.
//!
//! Either way the failed transaction stays open on a connection nobody closes:
//! it keeps the database's write lock, so every other connection's writes wait
//! out the busy timeout and fail with "database is locked", and the next
//! `commit()` on the shared connection, from whichever caller, commits the
//! half-done writes. Connections a function opens itself are SQF202's (closing
//! them rolls back); `with conn:` blocks and handlers or `finally` clauses that
//! roll back, commit or close are fine. `autocommit=True` connections are
//! SQF307's. Functions that warn `DeprecationWarning` (or are `@deprecated`)
//! are left alone: the program calls their replacement (`semantic::deprecated`).
//!
//! Fixes, unsafe because work that used to be committed later by someone else is
//! now rolled back: `conn.rollback()` as the handler's first statement, or the
//! statements from the first write to the commit wrapped in `with conn:` (commit
//! at the end, rollback on an exception; the existing commit stays). This also
//! covers hazard 7D where the failed transaction is the function's own; a handler
//! around a call into other code that leaks is SQF704's.
//!
//! Not reported on an aiosqlite connection the tasks share whose every write
//! transaction in the module is one statement committed by the next statement
//! (semantic::one_statement): a failed statement leaves nothing half done, and
//! the next task's commit ends the empty transaction.
//!
//! Not reported on a `while True:` loop that retries until it commits a commit
//! alone, or one write that repeats to the same rows as the only write of its
//! transaction (semantic/retry_until_commit.rs): the next turn finishes the
//! transaction the handler leaves open, and nothing else is in it.
//!
//! A handler that swallows the failure of a call into the module's own code
//! that writes on such a connection and commits only on its normal path
//! (`semantic::commits_later`) is reported too (swallowed_calls.rs): a
//! background loop's `except Exception: log(e)` around `await self.refresh()`
//! leaves the transaction `refresh` began open, holding the write lock. Fix:
//! `<conn>.rollback()` as the handler's first statement.
//!
//! Thread-scoped SQLAlchemy sessions (`db.session`, a `scoped_session`
//! registry) whose failed commit a handler swallows without `rollback()`, in
//! the `try` itself or in a function of the module it calls, are reported too
//! (session_handlers.rs): the session stays failed for whatever runs next on
//! the thread. Fix: `<session>.rollback()` as the handler's first statement.
//!
//! Long-lived sessions the module's code shares (`semantic::shared_sessions`:
//! a module-level session or registry, a session kept on the application
//! object) left in a failed transaction by a step that should have rolled it
//! back, so everything that uses the session next fails until restart:
//! - a start-up schema probe whose "no such column" error is caught without
//!   `rollback()` before an `ALTER TABLE` on another connection
//!   (schema_probes.rs; F-failed-probe-keeps-lock);
//! - a periodic callback (timer, scheduler job, sleeping loop) that commits
//!   the session with nothing to roll back on failure (periodic_commits.rs);
//! - a server-error hook (`errorhandler(500)`, `write_error`) that renders the
//!   error page without rolling the session back (error_hooks.rs).
//!
//! A function run per request or job that commits such a long-lived session
//! with no `try` and nothing that rolls back, in a project that never removes
//! its scoped sessions and has a concrete second party
//! (unguarded_session_commits.rs): the failed commit goes up, the serving
//! thread carries on, and the session keeps its failed transaction for the
//! thread's next work. Advice only. The same commit in a coroutine of an
//! event-loop program with no second party is reported when the session is
//! one plain session bound at module level (`Session(bind=engine)`, not a
//! `scoped_session` registry) that another coroutine of the module uses too
//! (a bot's `on_message` beside `on_member_remove`): whatever fails the
//! commit (a constraint, another program's lock), the dispatcher carries on
//! and every other handler inherits the failed session. SQLite evidence may
//! come from a shipped configuration file's `sqlite://` URL when the engine's
//! URL is read at run time (`config.example.json`).
//!
//! `self.db.session` counts as Flask-SQLAlchemy's thread-scoped session in a
//! module that imports Flask-SQLAlchemy and keeps the extension on the object
//! (a server-side session interface's `self.db = db`): its cleanup that logs
//! and skips a failed DELETE+commit leaves the request's session failed.
//!
//! A savepoint helper whose failure path runs `ROLLBACK TO` and re-raises while
//! only the success path runs `RELEASE` (savepoints.rs): `ROLLBACK TO` keeps the
//! savepoint, so the transaction it began stays open with the write lock
//! (F-rollback-to-keeps-savepoint). Advice only.

use ruff_python_ast::{self as ast, Stmt};
use ruff_text_size::{Ranged, TextRange, TextSize};

use super::{Codemod, Context};
use crate::finding::Finding;
use crate::fix::codegen;
use crate::fix::{Fix, transaction};
use crate::semantic::deprecated;
use crate::semantic::transactions::{self, Flow, Leak, LeakKind, Op};

mod error_hooks;
mod periodic_commits;
mod savepoints;
mod schema_probes;
pub(crate) mod session_handlers;
mod swallowed_calls;
mod unguarded_session_commits;

pub struct MissingRollback;

impl Codemod for MissingRollback {
    crate::codemod_meta!("SQF702-missing-rollback");

    fn check(&self, ctx: &Context<'_, '_>, out: &mut Vec<Finding>) {
        let before = out.len();
        let _sites = ctx.sites();
        let flows = ctx.flows();
        let mut handlers: Vec<TextRange> = Vec::new();
        let single = crate::semantic::one_statement::keys(ctx.model, flows);
        for flow in flows {
            // Retired code: its callers moved to the replacement.
            if deprecated::is_deprecated(ctx.model, flow.scope) {
                continue;
            }
            // An aiosqlite connection the tasks share, whose every write
            // transaction is one statement committed at once: a failed
            // statement leaves nothing written for the next commit to publish.
            if single.contains(&flow.key) && shared_aiosqlite(flow) {
                continue;
            }
            for leak in transactions::leaks_on_error(ctx.model, flow) {
                match leak.kind {
                    LeakKind::Handler(range) => {
                        if handlers.contains(&range) {
                            continue;
                        }
                        handlers.push(range);
                        out.extend(handler_finding(self, ctx, flow, range));
                    }
                    LeakKind::Unguarded(call) => {
                        out.push(unguarded_finding(self, ctx, flow, leak, call));
                    }
                }
            }
        }
        // A function the application never reaches never opens the
        // transaction it would leave open (`Context::never_reached`).
        if out.len() > before {
            let flagged = out.split_off(before);
            let model = ctx.model;
            out.extend(flagged.into_iter().filter(|f| {
                let at = f.range.start();
                !ctx.never_reached(model.scopes.function_at(at), at)
            }));
        }
        swallowed_calls::check(self, ctx, out);
        session_handlers::check(self, ctx, out);
        schema_probes::check(self, ctx, out);
        periodic_commits::check(self, ctx, out);
        error_hooks::check(self, ctx, out);
        savepoints::check(self, ctx, out);
        unguarded_session_commits::check(self, ctx, out);
    }
}

/// A connection every coroutine of the module reaches (a global or
/// `self.<attr>`) driven through aiosqlite: opened with it, or only awaited.
fn shared_aiosqlite(flow: &Flow<'_, '_>) -> bool {
    use crate::semantic::connections::{ConnKey, Driver};
    if !matches!(flow.key, ConnKey::Global { .. } | ConnKey::SelfAttr { .. }) {
        return false;
    }
    match flow.site {
        Some(site) => site.driver == Driver::Aiosqlite,
        None => {
            let calls: Vec<_> = flow.events.iter().filter_map(|e| e.call).collect();
            !calls.is_empty() && calls.iter().all(|c| c.is_awaited())
        }
    }
}

/// The handler whose range is `range`, in the flow's function.
pub(crate) fn find_handler(
    body: &[Stmt],
    range: TextRange,
) -> Option<&ast::ExceptHandlerExceptHandler> {
    transactions::scope_stmts(body)
        .into_iter()
        .find_map(|s| match s {
            Stmt::Try(t) => t.handlers.iter().find_map(|h| {
                let ast::ExceptHandler::ExceptHandler(h) = h;
                (h.range == range).then_some(h)
            }),
            _ => None,
        })
}

/// `try: <one statement> except IntegrityError: raise AlreadyExists(...)`: a
/// constraint violation undoes only the failing statement, and with a single
/// statement in the `try` nothing half-done is left behind. The caller's batch is
/// meant to go on and commit (todoman 4.7.0, model.py `add_file`, whose caller
/// catches the domain error and carries on with the next file).
fn single_statement_constraint_error(
    body: &[Stmt],
    handler: &ast::ExceptHandlerExceptHandler,
) -> bool {
    let Some(owner) = owning_try(body, handler) else {
        return false;
    };
    let is_integrity = |e: &ast::Expr| match e {
        ast::Expr::Name(n) => n.id.as_str() == "IntegrityError",
        ast::Expr::Attribute(a) => a.attr.as_str() == "IntegrityError",
        _ => false,
    };
    let only_integrity = match handler.type_.as_deref() {
        Some(ast::Expr::Tuple(t)) => !t.elts.is_empty() && t.elts.iter().all(is_integrity),
        Some(e) => is_integrity(e),
        None => false,
    };
    only_integrity && owner.body.len() == 1
}

/// The `try` statement of `body` that `handler` belongs to.
fn owning_try<'b>(
    body: &'b [Stmt],
    handler: &ast::ExceptHandlerExceptHandler,
) -> Option<&'b ast::StmtTry> {
    transactions::scope_stmts(body)
        .into_iter()
        .find_map(|s| match s {
            Stmt::Try(t) if t.handlers.iter().any(|h| h.range() == handler.range) => Some(t),
            _ => None,
        })
}

/// The handler's `try` is a `while True:` loop's that retries until it
/// commits (semantic/retry_until_commit.rs) either a commit alone or one write
/// that repeats to the same rows (not a plain INSERT nor `n = n + 1`, which a
/// commit that failed after them would apply twice): the transaction the
/// handler leaves open is the one the next turn finishes.
fn retried_until_committed(
    model: &crate::semantic::model::Model<'_>,
    body: &[Stmt],
    handler: &ast::ExceptHandlerExceptHandler,
) -> bool {
    use crate::semantic::retry_until_commit::{self, Retried};
    match owning_try(body, handler).and_then(|t| retry_until_commit::retried(model, t)) {
        Some(Retried::Commit) => true,
        Some(Retried::Write(write)) => {
            crate::semantic::effects::sql_write(model, write).is_some_and(|w| !w.incremental)
        }
        None => false,
    }
}

/// `except ...:` up to the colon, where a finding about the handler points.
pub(crate) fn handler_head(handler: &ast::ExceptHandlerExceptHandler) -> TextRange {
    let end = handler
        .name
        .as_ref()
        .map(|n| n.end())
        .or_else(|| handler.type_.as_ref().map(|t| t.end()))
        .unwrap_or(handler.start() + TextSize::new(6));
    TextRange::new(handler.start(), end)
}

fn awaited(flow: &Flow<'_, '_>) -> bool {
    flow.events
        .iter()
        .any(|e| e.call.is_some_and(|c| c.is_awaited()))
}

/// `finding` with the unsafe fix that rolls `label` back as the handler's
/// first statement (`title`; `discarded` says what the rollback throws away),
/// or, where no line can go before that statement, the advice to.
pub(crate) fn with_rollback_first(
    finding: Finding,
    ctx: &Context<'_, '_>,
    handler: &ast::ExceptHandlerExceptHandler,
    label: &str,
    awaited: bool,
    title: String,
    discarded: &str,
) -> Finding {
    match rollback_first(ctx, handler, label, awaited) {
        Some(edit) => finding
            .with_fix(Fix::unsafe_(title, vec![edit]))
            .with_note(discarded),
        None => finding.with_note(format!(
            "call `{label}.rollback()` at the start of the handler"
        )),
    }
}

/// `conn.rollback()` (or `await db.rollback()`) as the first statement of the handler.
pub(crate) fn rollback_first(
    ctx: &Context<'_, '_>,
    handler: &ast::ExceptHandlerExceptHandler,
    label: &str,
    awaited: bool,
) -> Option<crate::fix::Edit> {
    let first = handler.body.first()?;
    if !codegen::owns_lines(ctx.model.text, first)
        || ctx.model.line_column(first.start()).0 == ctx.model.line_column(handler.start()).0
    {
        return None;
    }
    let call = if awaited {
        format!("await {label}.rollback()")
    } else {
        format!("{label}.rollback()")
    };
    Some(transaction::insert_before(ctx.model, first, &call))
}

fn handler_finding(
    codemod: &MissingRollback,
    ctx: &Context<'_, '_>,
    flow: &Flow<'_, '_>,
    range: TextRange,
) -> Option<Finding> {
    let model = ctx.model;
    let body = &model.scopes.function(flow.scope).def.body;
    let handler = find_handler(body, range)?;
    if single_statement_constraint_error(body, handler)
        || retried_until_committed(model, body, handler)
    {
        return None;
    }
    let label = &flow.label;
    let reraises = transactions::scope_stmts(&handler.body)
        .iter()
        .any(|s| matches!(s, Stmt::Raise(_)));
    let what = if reraises {
        "re-raises without rolling back"
    } else {
        "carries on without rolling back"
    };
    let message = format!(
        "This handler {what} the failed write transaction on `{label}`: it stays open holding the write lock, and the next commit on the shared connection commits the half-done writes"
    );
    let finding = Finding::new(codemod.meta(), handler_head(handler), message);
    Some(with_rollback_first(
        finding,
        ctx,
        handler,
        label,
        awaited(flow),
        format!("Roll back first in the handler: `{label}.rollback()`"),
        "writes made before the error are discarded instead of being committed by the next commit on the connection",
    ))
}

fn unguarded_finding(
    codemod: &MissingRollback,
    ctx: &Context<'_, '_>,
    flow: &Flow<'_, '_>,
    leak: Leak,
    risky: TextRange,
) -> Finding {
    let model = ctx.model;
    let label = &flow.label;
    let write = &flow.events[leak.first_write];
    let risky_text = model.slice(risky);
    let risky_text = risky_text.split('(').next().unwrap_or(risky_text);
    let message = format!(
        "`{label}` starts a write transaction and `{risky_text}(...)` on line {} can raise before the commit, with nothing to roll back: the transaction stays open holding the write lock",
        model.line_column(risky.start()).0
    );
    let finding = Finding::new(codemod.meta(), write.range, message);
    match wrap(ctx, flow, leak) {
        Ok(fix) => finding.with_fix(fix).with_note(
            "on an exception the writes are rolled back instead of staying pending for the next commit on the connection",
        ),
        Err(why) => finding.with_note(why),
    }
}

fn wrap(ctx: &Context<'_, '_>, flow: &Flow<'_, '_>, leak: Leak) -> Result<Fix, String> {
    let model = ctx.model;
    let label = &flow.label;
    let manual = format!(
        "wrap the transaction in `with {label}:` (commit at the end, rollback on an exception)"
    );
    let start = leak.start.ok_or_else(|| manual.clone())?;
    if awaited(flow) {
        return Err(format!(
            "roll back in an `except` handler: `await {label}.rollback()`; aiosqlite's `async with` closes instead"
        ));
    }
    let closers = flow.closers(leak.start);
    if closers
        .iter()
        .any(|&c| !matches!(flow.events[c].op, Op::Commit { .. }))
    {
        return Err(manual);
    }
    let mut ranges = vec![flow.events[start].range];
    ranges.extend(closers.iter().map(|&c| flow.events[c].range));
    let body = &model.scopes.function(flow.scope).def.body;
    let (suite, lo, hi) = transaction::common_unit(body, &ranges).ok_or_else(|| manual.clone())?;
    let unit = &suite[lo..=hi];
    let unit_range = TextRange::new(unit[0].start(), unit[unit.len() - 1].end());
    if flow
        .events
        .iter()
        .any(|e| e.op == Op::Close && unit_range.contains_range(e.range))
        || unit.iter().any(|s| !codegen::owns_lines(model.text, s))
    {
        return Err(manual);
    }
    // Work on the connection before the transaction's first statement would move
    // inside it.
    if flow.events.iter().any(|e| {
        unit_range.contains_range(e.range)
            && e.range.start() < flow.events[start].range.start()
            && !matches!(e.op, Op::Read | Op::Fetch)
    }) {
        return Err(manual);
    }
    Ok(Fix::unsafe_(
        format!("Wrap the transaction in `with {label}:`"),
        vec![transaction::wrap_in_block(
            model,
            unit,
            &format!("with {label}"),
            &[],
        )],
    ))
}
