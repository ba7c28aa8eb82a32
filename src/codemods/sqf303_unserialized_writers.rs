//! SQF303 unserialized-writers: write transactions that run on several threads of
//! one process at once, with nothing but SQLite's busy handler to order them.
//!
//! Matched: a write transaction (from its BEGIN or first write to its commit, a
//! `with conn:` block that writes, or a single autocommit write) in a sync
//! function that runs on worker threads (`semantic::threads`: thread targets,
//! executors, `asyncio.to_thread` including SQF501's `_db_work` units, background
//! tasks, sync FastAPI/Starlette/Flask views, and what they call across files) or
//! on a module/`self` connection opened with `check_same_thread=False` that a
//! function on worker threads uses too (the flag alone names no thread), unless it
//! already runs inside `with <lock>:`. Coroutines with sqlite3 are SQF501's first;
//! coroutines writing through aiosqlite take an `asyncio.Lock` (aiosqlite.rs).
//! Threads started by test modules (`tests/`, `test_*.py`, `conftest.py`)
//! exercise the program; they are never its second party. A function every
//! thread reaches only through a call made inside a caller's `with <lock>:`
//! runs one thread at a time and is not reported (`threads::unserialized_threaded_functions`).
//! Nor is a writer that has no other writer to wait for: every table it writes
//! is written only by the one worker thread the program starts once, or only
//! by one loop task or scheduler job, which never overlaps itself, while other
//! code only reads (semantic::one_writer). Nor a file whose every transaction
//! is one short statement (a request thread's one INSERT, a handler's one
//! UPDATE: SQLite serializes them inside the busy wait, each waiting for at
//! most one statement), or whose only connection is the one the program opens
//! at import and shares (F-busy-needs-two; sharing it unlocked is SQF203's):
//! semantic/short_transactions.rs. Multi-statement and looping transactions
//! stay reported. Nor, beside those, a transaction of one statement (one
//! INSERT in `with conn:`, one UPDATE then commit): it holds the lock for that
//! statement alone, so no writer queues behind it; the long transactions of
//! the same file are the ones reported (`one_statement`). Nor, in the whole program, when at most two threads write
//! at all (a bot's worker pool of two, no other writer thread or coroutine:
//! semantic::writer_threads): a writer waits for the other's one transaction
//! and no third can overtake it while it naps. Nor threads that all write
//! through one connection the program keeps (a module-level connection, or one
//! on `self` opened with `check_same_thread=False`) when the project opens no
//! second connection to the file: the busy handler runs only between
//! connections, so they never wait in it (their sharing is SQF203's).
//!
//! Why: one writer at a time, always (F-one-writer); waiting writers sleep and poll
//! (1, 2, 5 ... 100 ms, F-busy-polls) instead of queueing. The fix-truth
//! harness tests/fixtruth/SQF303-unfair-lock-waits measures the write wait with
//! sixteen threads before and after one process-wide lock orders the writers.
//!
//! Fix (unsafe: writers now wait on a Python lock (in no guaranteed order), and a unit that used
//! to fail fast now waits): each transaction is wrapped in `with _WRITE_LOCK:`
//! (a `with conn:` block gets the lock as its first item). `_WRITE_LOCK =
//! threading.RLock()` is defined once, where every writer can share it: in the
//! project's database module (the one module defining a connection factory) when
//! that module has threaded writes of its own (so its fix defines the lock) or
//! already defines it, imported from there (`db._WRITE_LOCK` when the module is
//! already imported as `db`, else `from app.db import _WRITE_LOCK`); otherwise in
//! the module itself. A circular import (the database module importing this one)
//! also falls back to a local lock.
//!
//! Never through slow work: a unit whose lock would cover a sleep, an HTTP call,
//! a subprocess, file I/O or file deletions in a loop gets no fix, with the reason
//! (SQF301 moves such work out of the transaction where it can, and the next
//! check of the fix loop locks what is left). A retry whose `except` rolls back and
//! sleeps, on a connection of the call alone, is locked on its `try` body only.
//!
//! Deadlocks: the lock is re-entrant, so a locked transaction that calls a helper
//! whose own transaction is locked does not block itself. There is one lock, so
//! no lock-order cycles. A thread holding it can still wait on SQLite for a
//! transaction started outside the lock (an unconverted path, another process),
//! but that wait is bounded by the busy timeout, not a deadlock.

use ruff_python_ast::{self as ast, Stmt};
use ruff_text_size::{Ranged, TextRange};

use super::{Codemod, Context};
use crate::finding::Finding;
use crate::fix::{Edit, Fix, codegen, statements, transaction};
use crate::semantic::ProjectIndex;
use crate::semantic::connections::{ConnKey, Driver};
use crate::semantic::sql::SqlKind;
use crate::semantic::transactions::{Flow, Op, TxMode, TxState};
use crate::semantic::{private_memory, serial_requests, slow, threads, writer_threads};

mod aiosqlite;
mod per_event;

pub struct UnserializedWriters;

pub const LOCK_NAME: &str = "_WRITE_LOCK";

/// One write transaction, as the fix will wrap it.
enum Unit<'a> {
    /// A `with conn:` block that writes: the lock joins its items.
    With(&'a ast::StmtWith),
    /// A run of statements of one block.
    Stmts(&'a [Stmt]),
    /// Cannot be wrapped automatically: where, and why.
    Manual(TextRange, String),
    /// Autocommit writes that belong together (two statements, or one run in
    /// a loop): each commits alone, so another thread's reader sees the
    /// state between them. Advice only: a writers' lock does not stop readers.
    Autocommit(TextRange),
}

impl Unit<'_> {
    fn range(&self) -> TextRange {
        match self {
            Unit::With(w) => w.range,
            Unit::Stmts(s) => TextRange::new(s[0].start(), s[s.len() - 1].end()),
            Unit::Manual(r, _) | Unit::Autocommit(r) => *r,
        }
    }
}

impl Codemod for UnserializedWriters {
    crate::codemod_meta!("SQF303-unserialized-writers");

    fn check(&self, ctx: &Context<'_, '_>, out: &mut Vec<Finding>) {
        let model = ctx.model;
        let _sites = ctx.sites();
        let flows = ctx.flows();
        let threaded = ctx.threaded_functions();
        // Threads that reach a function only through a caller holding a lock
        // take turns: they are no concurrent writers.
        let concurrent = ctx.unserialized_threaded_functions();
        let mut lock: Option<(String, Vec<Edit>)> = None;
        let before = out.len();
        // At most two threads of the program write at all (a bot's pool of two
        // workers and nothing else): no queue of writers forms for the busy
        // handler to serve unfairly (semantic::writer_threads).
        let few_writers = writer_threads::of_project(ctx.project.index)
            .few()
            .is_some();
        for flow in flows {
            if few_writers {
                break;
            }
            let function = model.scopes.function(flow.scope);
            if function.is_async() {
                continue;
            }
            // A private in-memory database (a scratch `:memory:` per call): no
            // other connection can open it, so no writer waits on this one
            // (semantic/private_memory.rs).
            if flow
                .site
                .is_some_and(|s| private_memory::opens_private_memory(model, s.call))
            {
                continue;
            }
            // `check_same_thread=False` says threads may share the connection,
            // not that any does: it counts only where the project runs code on
            // a thread at all.
            let serialized = threaded.contains_key(&function.qualname)
                && !concurrent.contains_key(&function.qualname);
            // ...and only where a thread the project starts uses this very
            // connection: that thread is the second party the finding names.
            let shared = (!serialized)
                .then(|| flow.site.filter(|s| threads::is_cross_thread_site(s)))
                .flatten()
                .and_then(|site| threaded_user(ctx, concurrent, site));
            let Some(reason) =
                threads::concurrency_reason(concurrent, &function.qualname, shared.is_some())
            else {
                continue;
            };
            let reason = match &shared {
                Some(user) if !concurrent.contains_key(&function.qualname) => {
                    format!("{reason}, and `{user}` uses it on worker threads")
                }
                _ => reason,
            };
            // The deployment serves one request at a time, yet a thread other
            // than the request's reaches the write: say which file decided.
            let reason = match ctx.project.index.deployment() {
                crate::semantic::deployment::Serving::OneAtATime(how) => format!(
                    "{reason}; the web server runs one request at a time ({how}), so the writers that meet are the other threads"
                ),
                _ => reason,
            };
            let shared = shared.is_some();
            // Only WSGI views run it, and the deployment serves one request at
            // a time (one gunicorn sync worker): no second writer on the web
            // side (semantic/serial_requests.rs).
            if !shared
                && serial_requests::only_request_thread(ctx.project, &function.qualname).is_some()
            {
                continue;
            }
            // Threads writing through one connection the program keeps never
            // meet in the busy handler (it runs only between connections): with
            // no second connection to the file, nobody waits there at all.
            if one_shared_connection(ctx, flow) {
                continue;
            }
            // Every table it writes has this one thread as its only writer.
            if !shared && ctx.one_writer().writes_alone(ctx.project, flow) {
                continue;
            }
            // One short statement per transaction on the file, or the only
            // connection to it: no writer waits long enough to need a turn.
            if flow.site.is_some_and(|s| {
                crate::semantic::short_transactions::no_long_waits(
                    ctx.project,
                    model,
                    ctx.sites(),
                    flows,
                    s,
                )
            }) {
                continue;
            }
            for unit in units(ctx, flow) {
                let lock = lock.get_or_insert_with(|| lock_ref(ctx));
                out.push(report(self, ctx, flow, &unit, &reason, lock));
            }
        }
        // The database module defines the lock other modules import, even when
        // none of its own transactions carries the definition.
        let carried = out[before..].iter().any(|f| f.fix.is_some());
        if !carried {
            out.extend(home_definition(self, ctx));
        }
        aiosqlite::check(self, ctx, out);
        per_event::check(self, ctx, out);
    }
}

/// The flow's connection is one the program keeps and shares (a module-level
/// connection, or one on `self` opened with `check_same_thread=False`), and
/// the project has no second connection to its file (semantic::sole_connection).
fn one_shared_connection(ctx: &Context<'_, '_>, flow: &Flow<'_, '_>) -> bool {
    let kept = matches!(flow.key, ConnKey::Global { .. })
        || flow.site.is_some_and(|s| threads::is_cross_thread_site(s));
    if !kept {
        return false;
    }
    let identity = flow
        .site
        .and_then(|s| crate::semantic::databases::identity_of_connect(ctx.model, s.call));
    crate::semantic::sole_connection::second_connection(ctx.project, identity.as_deref()).is_none()
}

/// A function of the module that runs on worker threads (unserialized) and
/// uses the connection `site` opens.
fn threaded_user(
    ctx: &Context<'_, '_>,
    concurrent: &rustc_hash::FxHashMap<String, String>,
    site: &crate::semantic::connections::ConnSite<'_, '_>,
) -> Option<String> {
    let at = site.call.range();
    ctx.flows()
        .iter()
        .filter(|f| f.site.is_some_and(|s| s.call.range() == at))
        .map(|f| &ctx.model.scopes.function(f.scope).qualname)
        .find(|q| concurrent.contains_key(q.as_str()))
        .cloned()
}

/// Whether `span` of function `scope` writes data on one of its connections: moved
/// onto worker threads, it is a write transaction this rule would serialize, so
/// SQF501 moves it holding the write lock from the start.
pub(crate) fn writes_data_in(
    ctx: &Context<'_, '_>,
    scope: crate::semantic::scopes::FuncId,
    span: TextRange,
) -> bool {
    ctx.flows_of(scope).iter().any(|f| {
        f.events
            .iter()
            .any(|e| span.contains_range(e.range) && is_data_write(&e.op))
    })
}

/// A data write: schema setup (DDL) runs once, at startup, and needs no turn.
fn is_data_write(op: &Op) -> bool {
    match op {
        Op::Write => true,
        Op::Script(kinds) => kinds.contains(&SqlKind::Write),
        _ => false,
    }
}

/// The write transactions of a flow not already under a lock, outermost only.
fn units<'a>(ctx: &Context<'_, 'a>, flow: &Flow<'_, 'a>) -> Vec<Unit<'a>> {
    let model = ctx.model;
    let scope = flow.scope;
    let body: &'a [Stmt] = &model.scopes.function(scope).def.body;
    let writes: Vec<TextRange> = flow
        .events
        .iter()
        .filter(|e| is_data_write(&e.op))
        .map(|e| e.range)
        .collect();
    let mut out: Vec<Unit<'a>> = Vec::new();
    // `with conn:` blocks that write.
    for with in &flow.with_blocks {
        let writes_inside = writes.iter().any(|w| with.range.contains_range(*w));
        let locked = with
            .items
            .iter()
            .any(|i| threads::is_lock_expr(model, &i.context_expr, Some(scope)));
        let inside: Vec<TextRange> = writes
            .iter()
            .copied()
            .filter(|w| with.range.contains_range(*w))
            .collect();
        if one_statement(model, flow, body, &inside, &[with.range]) {
            continue;
        }
        if writes_inside && !locked && !threads::locked_at(model, scope, with.range) {
            out.push(Unit::With(with));
        }
    }
    // Transactions ended by a commit in this function.
    for tx in flow.transactions() {
        let Some(start) = tx.start else { continue };
        let writes_data = flow.events.iter().enumerate().any(|(i, e)| {
            is_data_write(&e.op)
                && (i == start
                    || e.before
                        .iter()
                        .any(|s| s.open().is_some_and(|t| t.start == tx.start)))
        });
        if !writes_data {
            continue;
        }
        let start_range = flow.events[start].range;
        let tx_writes: Vec<TextRange> = flow
            .events
            .iter()
            .enumerate()
            .filter(|(i, e)| {
                is_data_write(&e.op)
                    && (*i == start
                        || e.before
                            .iter()
                            .any(|s| s.open().is_some_and(|t| t.start == tx.start)))
            })
            .map(|(_, e)| e.range)
            .collect();
        let ends: Vec<TextRange> = std::iter::once(start_range)
            .chain(flow.closers(tx.start).iter().map(|&c| flow.events[c].range))
            .collect();
        if one_statement(model, flow, body, &tx_writes, &ends) {
            continue;
        }
        if threads::locked_at(model, scope, start_range)
            || out.iter().any(|u| u.range().contains_range(start_range))
        {
            continue;
        }
        let closers = flow.closers(tx.start);
        let manual = |why: &str| Unit::Manual(start_range, why.to_string());
        if closers.is_empty() && flow.site.is_none() {
            // A connection handed in: its owner commits, and locks there.
            continue;
        }
        if closers.is_empty() {
            out.push(manual(
                "the transaction is committed outside this function; hold the lock from its first write to its commit",
            ));
            continue;
        }
        // A close on a path that has not written yet (`if row is None:
        // conn.close(); return`) only ends an empty transaction: the lock can
        // cover it like a commit. A close after a write, or a `with conn:` exit, cannot be matched here.
        let wrote_before_close = |c: usize| {
            flow.events[c].before.iter().any(|s| {
                s.open()
                    .is_some_and(|t| t.start == tx.start && t.first_write.is_some())
            })
        };
        if closers.iter().any(|&c| match flow.events[c].op {
            Op::WithExit => true,
            Op::Close => wrote_before_close(c),
            _ => false,
        }) {
            continue;
        }
        let mut ranges = vec![start_range];
        ranges.extend(closers.iter().map(|&c| flow.events[c].range));
        if let Some(narrow) = narrowed_past_slow_handler(ctx, flow, body, start_range, &closers) {
            out.push(Unit::Stmts(narrow));
            continue;
        }
        match transaction::common_unit(body, &ranges) {
            Some((suite, lo, hi)) => {
                out.push(Unit::Stmts(with_handlers(ctx, flow, body, &suite[lo..=hi])))
            }
            None => out.push(manual("the transaction does not fit one block")),
        }
    }
    // Autocommit writes: each statement is its own transaction. One such
    // statement holds the write lock only while it runs, and no other thread
    // can get between its parts: it needs no turn. Two or more (a DELETE then
    // an INSERT, or one in a loop) are reported for what can go wrong between
    // them: a concurrent reader sees the change half done.
    if matches!(flow.mode, TxMode::Manual | TxMode::Autocommit) {
        let lone: Vec<TextRange> = flow
            .events
            .iter()
            .filter(|e| e.op == Op::Write && e.before == [TxState::Closed])
            .filter(|e| {
                !threads::locked_at(model, scope, e.range)
                    && !out.iter().any(|u| u.range().contains_range(e.range))
            })
            .map(|e| e.range)
            .collect();
        let looped = lone
            .iter()
            .any(|r| !crate::semantic::loops::enclosing_loops(body, *r).is_empty());
        if lone.len() >= 2 || looped {
            let span = TextRange::new(lone[0].start(), lone[lone.len() - 1].end());
            out.push(Unit::Autocommit(span));
        }
    }
    // Outermost only: a unit inside another is covered by its lock.
    let ranges: Vec<TextRange> = out.iter().map(Unit::range).collect();
    out.into_iter()
        .enumerate()
        .filter(|(i, u)| {
            !ranges
                .iter()
                .enumerate()
                .any(|(j, r)| j != *i && r.contains_range(u.range()) && *r != u.range())
        })
        .map(|(_, u)| u)
        .collect()
}

/// A write transaction of one statement (one INSERT, UPDATE or DELETE, not
/// run in a loop inside the transaction) holds the write lock only while that
/// statement runs, and so makes no other writer wait longer than one
/// statement. The busy handler's unfairness needs a queue of writers behind a
/// long holder: the long transactions of the file (several statements, a
/// loop) are the ones reported, and a lock around them is what orders the
/// queue. `writes` are the transaction's data writes, `ends` where it starts
/// and commits: a loop around the write that does not also hold these repeats
/// the statement inside one transaction. Slow work between the write and the
/// commit (a webhook, a sleep) holds the lock as long as it runs: that
/// transaction is long whatever its statement count.
fn one_statement(
    model: &crate::semantic::model::Model<'_>,
    flow: &Flow<'_, '_>,
    body: &[Stmt],
    writes: &[TextRange],
    ends: &[TextRange],
) -> bool {
    let [write] = writes else {
        return false;
    };
    let is_plain_write = flow
        .events
        .iter()
        .any(|e| e.range == *write && e.op == Op::Write);
    if !is_plain_write {
        return false;
    }
    let repeated = !crate::semantic::loops::enclosing_loops(body, *write)
        .iter()
        .all(|l| ends.iter().all(|e| l.range().contains_range(*e)));
    if repeated {
        return false;
    }
    let last = ends.iter().map(|e| e.end()).max().unwrap_or(write.end());
    let held = TextRange::new(write.start(), last.max(write.end()));
    slow::lock_hostile_call(model, Some(flow.scope), held, body, |_| false).is_none()
}

/// A transaction in the body of a `try` with handlers or `finally` takes the
/// whole `try`: a rollback in a handler must not run outside the lock, where it
/// could interleave with another thread's transaction on a shared connection.
/// A connection of this call alone has no other thread's transaction to meet,
/// so when the handlers do slow work (a retry's `time.sleep`) the lock stays
/// on the transaction rather than being held through the wait.
fn with_handlers<'a>(
    ctx: &Context<'_, 'a>,
    flow: &Flow<'_, 'a>,
    body: &'a [Stmt],
    unit: &'a [Stmt],
) -> &'a [Stmt] {
    let whole = try_with_handlers(body, unit);
    if std::ptr::eq(whole, unit) || !matches!(flow.key, ConnKey::Local { .. }) {
        return whole;
    }
    let span = stmts_range(whole);
    let inner = stmts_range(unit);
    let slow_outside = slow::lock_hostile_call(ctx.model, Some(flow.scope), span, body, |c| {
        inner.contains_range(c.range())
    });
    if slow_outside.is_some() { unit } else { whole }
}

/// A `try` whose handler rolls back and then does slow work (a retry's sleep),
/// on a connection of this call alone: the lock covers the `try` body from the
/// write to the commit, and the handler's rollback and wait run outside it. No
/// other thread's transaction can be on this connection, so that rollback
/// cannot undo anyone else's work.
fn narrowed_past_slow_handler<'a>(
    ctx: &Context<'_, 'a>,
    flow: &Flow<'_, 'a>,
    body: &'a [Stmt],
    start: TextRange,
    closers: &[usize],
) -> Option<&'a [Stmt]> {
    if !matches!(flow.key, ConnKey::Local { .. }) {
        return None;
    }
    let (rollbacks, commits): (Vec<usize>, Vec<usize>) = closers
        .iter()
        .partition(|&&c| matches!(flow.events[c].op, Op::Rollback { .. }));
    if rollbacks.is_empty() || commits.is_empty() {
        return None;
    }
    let mut ranges = vec![start];
    ranges.extend(commits.iter().map(|&c| flow.events[c].range));
    let (suite, lo, hi) = transaction::common_unit(body, &ranges)?;
    let unit = &suite[lo..=hi];
    let whole = try_with_handlers(body, unit);
    let outside_try = |r: TextRange| !stmts_range(whole).contains_range(r);
    if std::ptr::eq(whole, unit) || rollbacks.iter().any(|&c| outside_try(flow.events[c].range)) {
        return None;
    }
    let narrow = with_handlers(ctx, flow, body, unit);
    std::ptr::eq(narrow, unit).then_some(unit)
}

fn stmts_range(stmts: &[Stmt]) -> TextRange {
    TextRange::new(stmts[0].start(), stmts[stmts.len() - 1].end())
}

fn try_with_handlers<'a>(body: &'a [Stmt], unit: &'a [Stmt]) -> &'a [Stmt] {
    let path = transaction::suite_path(body, unit[0].range());
    if path.len() < 2 {
        return unit;
    }
    let (parent_suite, index) = path[path.len() - 2];
    match &parent_suite[index] {
        Stmt::Try(t)
            if std::ptr::eq(t.body.as_ptr(), unit.as_ptr())
                || t.body.iter().any(|s| s.range() == unit[0].range()) =>
        {
            if t.handlers.is_empty() && t.finalbody.is_empty() {
                unit
            } else {
                &parent_suite[index..=index]
            }
        }
        _ => unit,
    }
}

fn report(
    codemod: &UnserializedWriters,
    ctx: &Context<'_, '_>,
    flow: &Flow<'_, '_>,
    unit: &Unit<'_>,
    reason: &str,
    lock: &(String, Vec<Edit>),
) -> Finding {
    let model = ctx.model;
    let label = &flow.label;
    let at = match unit {
        Unit::With(w) => w.items[0].range(),
        Unit::Stmts(stmts) => first_write_in(flow, stmts).unwrap_or(stmts[0].range()),
        Unit::Manual(r, _) => *r,
        Unit::Autocommit(r) => flow
            .events
            .iter()
            .find(|e| e.op == Op::Write && r.contains_range(e.range))
            .map_or(*r, |e| e.range),
    };
    if let Unit::Autocommit(span) = unit {
        let count = flow
            .events
            .iter()
            .filter(|e| e.op == Op::Write && span.contains_range(e.range))
            .count();
        let (what, example) = if count >= 2 {
            (
                "these writes commit",
                "a key deleted and not yet written back",
            )
        } else {
            (
                "this write, run in a loop, commits",
                "some rows of a batch and not the rest",
            )
        };
        let message = format!(
            "Autocommit writes on `{label}` run on several threads at once ({reason}): {what} one statement at a time, so a thread reading between them sees the change half done ({example})"
        );
        return Finding::new(codemod.meta(), at, message).with_note(
            "run them in one transaction (`BEGIN IMMEDIATE` ... `COMMIT`), or as one statement (`INSERT ... ON CONFLICT DO UPDATE`), so readers see all of the change or none of it; a Python lock around the writes would order the writers but not the readers",
        );
    }
    let message = format!(
        "Write transaction on `{label}` runs on several threads at once with nothing serializing the writers ({reason}): they wait in SQLite's polling busy handler, which serves them unfairly"
    );
    let finding = Finding::new(codemod.meta(), at, message);
    let (lock_name, lock_edits) = lock;
    let unit_edit = match unit {
        Unit::With(with) if with.is_async => Err(format!(
            "an `async with` block: take a lock around it by hand (`with {lock_name}:` blocks the event loop while it waits)"
        )),
        // Just before the connection's own item: in `with closing(connect()) as
        // conn, conn:` the lock is not held while the connection opens.
        Unit::With(with) => Ok(Edit::insert(
            with.items
                .iter()
                .find(|item| model.text[item.context_expr.range()] == **label)
                .unwrap_or(&with.items[0])
                .start(),
            format!("{lock_name}, "),
        )),
        Unit::Stmts(stmts) => {
            let body: &[Stmt] = &model.scopes.function(flow.scope).def.body;
            if let Some(edit) = statements::join_with_items(model, body, stmts, lock_name) {
                Ok(edit)
            } else if stmts.iter().all(|s| codegen::owns_lines(model.text, s)) {
                Ok(transaction::wrap_in_block(
                    model,
                    stmts,
                    &format!("with {lock_name}"),
                    &[],
                ))
            } else {
                Err("the statements share lines with other code; wrap them by hand".to_string())
            }
        }
        Unit::Manual(_, why) => Err(why.clone()),
        Unit::Autocommit(_) => unreachable!("reported above"),
    };
    // The lock must not be held through slow work: every writer of the process
    // would queue behind a sleep or a network call. SQF301 moves such work out
    // of the transaction where it can; the lock follows on the next check.
    let body: &[Stmt] = &model.scopes.function(flow.scope).def.body;
    let unit_edit = unit_edit.and_then(|edit| {
        match slow::lock_hostile_call(model, Some(flow.scope), unit.range(), body, |_| false) {
            None => Ok(edit),
            Some((call, what)) => Err(format!(
                "not locked automatically: `{}` on line {} {what}, and holding `{lock_name}` through it would make every writer of the process wait for it; move it before the transaction or after its commit, then serialize the database statements",
                slow::callee_text(model, call),
                model.line_column(call.range().start()).0,
            )),
        }
    });
    let aiosqlite = flow.site.is_some_and(|s| s.driver == Driver::Aiosqlite);
    match unit_edit {
        Ok(edit) if !aiosqlite => {
            let mut edits = vec![edit];
            edits.extend(lock_edits.iter().cloned());
            finding
                .with_fix(Fix::unsafe_(
                    format!("Serialize the transaction: `with {lock_name}:`"),
                    edits,
                ))
                .with_note(format!(
                    "writers in this process now take turns on `{lock_name}` (re-entrant) from BEGIN to COMMIT; other processes still meet in SQLite's busy handler, and code on the event loop that takes the lock blocks the loop while it waits"
                ))
        }
        Ok(_) => finding.with_note("aiosqlite runs each connection on its own thread; serialize writes with an `asyncio.Lock` around each transaction"),
        Err(why) => finding.with_note(why),
    }
}

fn first_write_in(flow: &Flow<'_, '_>, stmts: &[Stmt]) -> Option<TextRange> {
    let range = TextRange::new(stmts[0].start(), stmts[stmts.len() - 1].end());
    flow.events
        .iter()
        .find(|e| {
            range.contains_range(e.range)
                && matches!(e.op, Op::Write | Op::Ddl | Op::Begin(_) | Op::Script(_))
        })
        .map(|e| e.range)
}

/// How this module names the process-wide write lock, and the edits that make
/// the name exist (a definition here, or an import from the database module).
/// SQF501 takes the same lock around work it moves onto a shared connection.
pub(crate) fn lock_ref(ctx: &Context<'_, '_>) -> (String, Vec<Edit>) {
    lock_ref_of(ctx, LOCK_NAME, thread_lock_code)
}

/// The definition of `_WRITE_LOCK`, with the import it needs.
fn thread_lock_code(model: &crate::semantic::Model<'_>) -> (String, Vec<Edit>) {
    let (threading, import) = codegen::module_ref(model, "threading");
    let code = format!(
        "# Held from BEGIN to COMMIT by every write transaction in this process: SQLite's\n# busy handler polls instead of queueing, so waiting writers are served unfairly.\n# Re-entrant, so a function holding it can call another that takes it.\n{LOCK_NAME} = {threading}.RLock()"
    );
    (code, import.into_iter().collect())
}

/// `name` as this module can use it: already defined here, imported from the
/// database module, or defined here by `define` (the code and its imports).
fn lock_ref_of(
    ctx: &Context<'_, '_>,
    name: &str,
    define: fn(&crate::semantic::Model<'_>) -> (String, Vec<Edit>),
) -> (String, Vec<Edit>) {
    let model = ctx.model;
    if model.module_names.contains(name) {
        return (name.to_string(), Vec::new());
    }
    if let Some((name, edits)) = shared_lock(ctx, name) {
        return (name, edits);
    }
    let (code, mut edits) = define(model);
    edits.extend(codegen::helper(model, name, &code));
    (name.to_string(), edits)
}

/// The project's database module, and the modules it imports directly or not:
/// asked by every module with threaded writers, so found once per project.
struct Home {
    module: Option<usize>,
    imports: rustc_hash::FxHashSet<usize>,
}

/// The project's database module: the one module that defines a function
/// returning new connections.
fn home(index: &ProjectIndex) -> std::sync::Arc<Home> {
    index.memo(|index| {
        let mut homes = (0..index.modules.len()).filter(|&m| {
            index.modules[m]
                .functions
                .iter()
                .any(|f| f.factory.as_ref().is_some_and(|fac| fac.fresh))
        });
        let module = match (homes.next(), homes.next()) {
            (Some(home), None) => Some(home),
            _ => None,
        };
        let imports = module.map(|h| index.imported_by(h)).unwrap_or_default();
        Home { module, imports }
    })
}

fn home_module(index: &ProjectIndex) -> Option<usize> {
    home(index).module
}

/// Whether module `from` can use the database module's lock: it can name the
/// module, and either imports it already (looked up at call time, safe even in
/// an import cycle) or importing the lock would not be circular.
fn can_reach_lock(index: &ProjectIndex, from: usize, home_id: usize) -> bool {
    let Some(dotted) = index.import_name(from, home_id) else {
        return false;
    };
    index.modules[from]
        .imports
        .iter()
        .any(|i| i.target == dotted)
        || match home(index).as_ref() {
            Home {
                module: Some(h),
                imports,
            } if *h == home_id => !imports.contains(&from),
            _ => !index.imported_by(home_id).contains(&from),
        }
}

/// The lock `name` of the project's database module, imported from there.
fn shared_lock(ctx: &Context<'_, '_>, lock: &str) -> Option<(String, Vec<Edit>)> {
    let view = ctx.project;
    let index = view.index;
    let own = view.module?;
    let home = home_module(index)?;
    if home == own {
        return None;
    }
    let model = ctx.model;
    if !can_reach_lock(index, own, home) {
        return None;
    }
    let dotted = index.import_name(own, home)?;
    if let Some(alias) = model
        .imports
        .iter()
        .find(|i| i.scope.is_none() && i.target == dotted)
    {
        return Some((format!("{}.{lock}", alias.local), Vec::new()));
    }
    let (name, import) = codegen::from_import(model, &dotted, lock);
    Some((name, import.into_iter().collect()))
}

/// In the database module: a finding that defines the lock, when other modules'
/// threaded writers will import it and nothing here defines it yet.
fn home_definition(codemod: &UnserializedWriters, ctx: &Context<'_, '_>) -> Option<Finding> {
    let model = ctx.model;
    let view = ctx.project;
    let index = view.index;
    let own = view.module?;
    if model.module_names.contains(LOCK_NAME) || home_module(index)? != own {
        return None;
    }
    if writer_threads::of_project(index).few().is_some() {
        return None;
    }
    let mut users: Vec<String> = Vec::new();
    for ((module, qualname), _) in threads::unserialized_threaded_nodes(view) {
        let Some(m) = module else { continue };
        let writes = index.modules[m]
            .function(&qualname)
            .is_some_and(|f| f.unlocked_writes() && !f.is_async);
        if writes && can_reach_lock(index, m, own) {
            let path = crate::diff::display_path(&index.modules[m].path);
            if !users.contains(&path) {
                users.push(path);
            }
        }
    }
    if users.is_empty() {
        return None;
    }
    users.sort();
    let def = fresh_factory(model, view)?;
    let message = format!(
        "The process-wide write lock that serializes the write transactions of {} (they run on worker threads) belongs here, next to the connection factory",
        users.join(", ")
    );
    let (_, edits) = lock_ref(ctx);
    Some(
        Finding::new(codemod.meta(), def.def.name.range(), message)
            .with_fix(Fix::unsafe_(format!("Define `{LOCK_NAME}` here"), edits))
            .with_note(
                "only the definition; the transactions that take it are fixed in their own modules",
            ),
    )
}

/// The module's function that opens a fresh connection per call: where the
/// project's write lock is defined.
fn fresh_factory<'m, 'a>(
    model: &'m crate::semantic::Model<'a>,
    view: &crate::semantic::ProjectView<'_>,
) -> Option<&'m crate::semantic::scopes::Function<'a>> {
    let factory = view
        .own
        .functions
        .iter()
        .find(|f| f.factory.as_ref().is_some_and(|fac| fac.fresh))?;
    model
        .scopes
        .functions
        .iter()
        .find(|f| f.qualname == factory.qualname)
}
