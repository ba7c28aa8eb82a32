//! SQF305 deferred-read-then-write: a read followed by a write that needs it,
//! without the write lock taken first.
//!
//! Two shapes, both from the transaction model (`semantic::transactions`):
//!
//! - **Read inside a deferred transaction, then a write** (explicit `BEGIN` /
//!   `BEGIN DEFERRED`, or Python 3.12 `autocommit=False`, which keeps one open).
//!   The read takes a snapshot; the write must upgrade it, and SQLite skips the
//!   busy handler for that upgrade: under contention it fails at once with
//!   SQLITE_BUSY or SQLITE_BUSY_SNAPSHOT despite `timeout=5` (F-upgrade-fails-fast; 4,890 of
//!   5,000 such transactions failed with WAL defaults). Any later write counts.
//! - **Read outside the transaction, then a write computed from it** (legacy
//!   `isolation_level` "" / DEFERRED, `isolation_level=None`, `autocommit=True`):
//!   Python sends its implicit `BEGIN` only before the write (F-implicit-begin), so the
//!   SELECT runs in autocommit and concurrent calls overwrite each other's
//!   updates. Only a write that depends on the read is flagged, by value (its
//!   arguments carry the rows or values computed from them) or by control (a
//!   test or loop around it uses them, or a guard before it leaves on what they
//!   hold; a guard that only asks whether a row came back does not count): the
//!   one def-use walk of semantic::read_dependence, which the SQLAlchemy and
//!   write-helper paths use too. A blind write (a status, a timestamp or an
//!   argument, after rows read for a response) is last-writer-wins whatever the
//!   isolation; `SET n = n + 1` is atomic. The first shape is reported whatever
//!   the write's values: the upgrade fails the same way (the message says so).
//!   A lost update also needs the written value to rest on what was read of the
//!   rows being written (same_rows.rs): a recompute of a derived table from
//!   other tables, a read of the schema catalog, and a constant written
//!   idempotently (a "done" flag, `enabled = 0`) are not reported, since a
//!   concurrent run writes the same result. Nor is a read and a write that
//!   never meet on one path (two arms of one `if/elif` or `match` dispatch, a
//!   read in an `except` handler and a write in its `try` body, a read in a
//!   block ending in `return`: semantic/exclusive_paths.rs), nor the insert,
//!   when absent, of the row the read looked up by the same key (a `/start`
//!   registering its sender: own_row.rs), nor the update, when present, of that
//!   row with the caller's own values (an upsert done by hand, own_row.rs); a
//!   counter or balance read and written back stays reported. Nor a DELETE of
//!   rows the read only picked by key (picked_deletes.rs): nothing read is
//!   written back; a read filtered by a state (`expires_at <= ?`), a queue pop
//!   (`ORDER BY`/`LIMIT`) or a test of a read value against a literal or by
//!   order keeps it. Nor a write into a scratch table the function created
//!   moments before (`CREATE TABLE {stage}`, then `INSERT INTO {stage}` of the
//!   rows read: scratch_table.rs).
//!   With `isolation_level="IMMEDIATE"` the same shape is SQF306.
//! - **A project's transaction helper that opens DEFERRED** (`__enter__` or a
//!   `@contextmanager` sending `BEGIN` or `SAVEPOINT`), whose callers anywhere
//!   in the project read then write inside `with helper() as cur:`, or through
//!   the connection a unit-of-work object keeps (`with UnitOfWork() as uow:
//!   uow.conn.execute(...)`): reported once at the helper's BEGIN (helper.rs).
//!   In WAL a unit that read first fails at once when another unit commits
//!   before its first write (SQLITE_BUSY_SNAPSHOT; the busy timeout is never
//!   consulted, `bench/facts/read_then_write.py`).
//!
//! - **A lookup through one helper, then a plain INSERT of the missing key
//!   through another** (a cache: get, fetch from the web, save), in a caller
//!   two processes or threads can run: both miss, both insert, the second
//!   fails on the unique key. Reported at the INSERT (missed_insert.rs).
//! - **A peewee get-or-create by exception** (`try: Model.get(...)` / `except:
//!   Model.create(...)`) outside `atomic()`, in a function worker threads or
//!   another party run: two workers that miss one key both create it, a
//!   duplicate row or an IntegrityError the handler does not catch
//!   (eafp_create.rs, F-eafp-create-race). Reported at the create.
//! - **A read in one connection context, a write built from it in another**
//!   (a store's merge: the getter or a read context, then `with self._write()
//!   as conn:` writing the merged row): no flow holds both, and two callers on
//!   one key drop each other's change. Reported at the read
//!   (split_contexts.rs).
//! - **A counter loaded at a run's start, added to in memory, saved as an
//!   absolute value** (`INSERT OR REPLACE`, `SET n = ?`): two runs at once
//!   both save their own total. Reported at the save (counter_saved.rs).
//! - **A check on a value read earlier, then a relative debit** (`if
//!   user["balance"] < amount: abort(400)`, then `SET balance = balance - ?`
//!   with no `balance >= ?` in the WHERE): no update is lost, but two requests
//!   pass one check and the balance goes negative. Reported at the UPDATE
//!   (checked_debit.rs); the lost-update walk leaves relative UPDATEs to it.
//! - **The schema created only when the file did not exist** (`if not
//!   path.exists(): setup()`, the setup running a plain `CREATE TABLE`): two
//!   processes starting on a fresh file both create, the second fails with
//!   "already exists" (schema_when_missing.rs, F-create-when-missing).
//!
//! A row only the acting user edits (read and write keyed by the id of whoever
//! sent the request or command) has no second party for a lost update, unless
//! a limit compared on what was read decides the write (acting_user.rs).
//!
//! Every shape needs a second writer that can run between the read and the
//! write (semantic/second_writers.rs), and the finding names it: worker threads,
//! another program loading the module or opening the file (the only one left
//! when an in-process lock covers the read and the write), the loop's other
//! tasks at an await in between (not when one `asyncio.Lock` the function does
//! not make itself is held from the read to the write: those tasks wait for
//! it), or a library's callers.
//!
//! The fix takes the write lock before the read (F-begin-immediate). It cannot
//! change what a transaction computes: the same statements run in the same
//! order in one transaction; only the moment the write lock is taken moves to
//! the start, so a concurrent writer waits in the busy handler and then reads
//! the committed data instead of failing. What changes is throughput: a caller
//! that only reads through a helper now waits for writers too (the note says
//! so), and WAL readers outside it are not blocked.
//!
//! - an explicit deferred `BEGIN` literal becomes `BEGIN IMMEDIATE` in place (the
//!   code's own commit and error handling stay as they are; a module-level or
//!   `self` connection without a rollback on error is SQF702's);
//! - otherwise (legacy or `isolation_level=None` sqlite3 connections) the
//!   statements from the read to the commit that ends the write's transaction
//!   are wrapped in `with conn:` whose first statement is
//!   `conn.execute("BEGIN IMMEDIATE")`. An explicit BEGIN works in legacy mode
//!   too: Python's implicit BEGIN is sent only when no transaction is open, so
//!   the connection's isolation_level is left alone. `with conn:` commits on
//!   every way out of the block (an early `return` included) and rolls back on an
//!   exception, so the lock taken earlier cannot leak; an existing
//!   `conn.commit()` inside stays (the block's commit is then a no-op). Inside an
//!   existing `with conn:` block only the BEGIN line is added.
//!
//! Not fixed automatically (a note says why): `autocommit=True` (3.12: `with
//! conn:` and `commit()` do nothing, F-autocommit; this Python is 3.11, so no
//! fix-truth test could run it), `autocommit=False` (BEGIN raises there),
//! aiosqlite (`async with db` closes without committing), a transaction already
//! open where BEGIN would go (BEGIN raises), a commit the function does not make,
//! and a unit that cannot be one block. The fix is unsafe: other writers now
//! wait while this transaction reads, and the commit point may move to the end
//! of the block.
//!
//! Slow work between the read and the write (a sleep, an HTTP call, file I/O, file
//! deletions in a loop) refuses the fix, with the reason: the lock taken before
//! the read would be held through it, and every other writer would wait and fail
//! after the busy timeout.
//!
//! Severity: CRITICAL for the first shape when the function runs on worker
//! threads or its connection is shared across threads (`semantic::threads`),
//! HIGH otherwise; the lost-update shape is one level lower (silent wrong data
//! rather than lock errors).

use ruff_text_size::{Ranged, TextRange};

use super::{Codemod, Context};
use crate::finding::{Confidence, Finding, Severity};
use crate::fix::codegen;
use crate::fix::{Edit, Fix, statements, transaction};
use crate::semantic::connections::Driver;
use crate::semantic::second_party::SecondParty;
use crate::semantic::second_writers::{self, SecondWriter};
use crate::semantic::sql::BeginMode;
use crate::semantic::transactions::{self, Flow, Op, TxMode, TxState};
use crate::semantic::{commands, effects, slow, slow_gate, threads};

mod acting_user;
mod awaited_helpers;
mod checked_debit;
mod counter_saved;
mod django;
mod eafp_create;
mod helper;
mod missed_insert;
mod next_id;
mod orm;
mod orm_blind;
mod orm_debit;
mod own_row;
mod peewee;
mod picked_deletes;
mod same_rows;
mod schema_when_missing;
mod scratch_table;
mod split_contexts;
mod unbegun;
mod update_count;

pub struct DeferredReadThenWrite;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Shape {
    /// The read runs in a deferred transaction the write must upgrade.
    Snapshot { start: Option<usize> },
    /// The read runs outside the transaction the write opens.
    LostUpdate,
}

#[derive(Debug, Clone, Copy)]
pub(crate) struct ReadThenWrite {
    pub read: usize,
    pub write: usize,
    pub shape: Shape,
}

impl Codemod for DeferredReadThenWrite {
    crate::codemod_meta!("SQF305-deferred-read-then-write");

    fn check(&self, ctx: &Context<'_, '_>, out: &mut Vec<Finding>) {
        let _sites = ctx.sites();
        let flows = ctx.flows();
        let threaded = ctx.threaded_functions();
        let concurrent = ctx.unserialized_threaded_functions();
        let party = ctx.second_party();
        // Connections reached through another object (`self.bot.db`) in a
        // project that uses aiosqlite: the one connection every task shares.
        let paths = if uses_aiosqlite(ctx) {
            transactions::path_flows(ctx.model)
        } else {
            Vec::new()
        };
        for flow in flows.iter().chain(paths.iter()) {
            // A sync read-then-write loses an update only when a second caller can
            // run between the read and the write: another thread or process. Tasks
            // interleave at the awaits of an `async def` on their own.
            let function = ctx.model.scopes.function(flow.scope);
            // Every thread that reaches it does so through a caller holding a
            // lock: its read and write run one caller at a time.
            if !function.def.is_async
                && threaded.contains_key(&function.qualname)
                && !concurrent.contains_key(&function.qualname)
            {
                continue;
            }
            // A schema upgrade step, run once per database when the stored
            // version is older (semantic/upgrade_steps.rs): no load to race.
            if crate::semantic::upgrade_steps::is_upgrade_step(ctx.model, flow.scope) {
                continue;
            }
            for hazard in hazards(ctx, flow) {
                let Some(writer) = second_writer(ctx, flow, hazard, threaded, party) else {
                    continue;
                };
                let immediate_mode = matches!(
                    flow.mode,
                    TxMode::Legacy(BeginMode::Immediate | BeginMode::Exclusive)
                );
                if hazard.shape == Shape::LostUpdate && immediate_mode {
                    continue; // SQF306
                }
                if flow.events[hazard.read]
                    .call
                    .is_some_and(|read| in_immediate_helper_block(ctx, read.range()))
                {
                    continue;
                }
                if only_admins_write(ctx, flow, hazard)
                    || one_writer(ctx, flow, hazard)
                    || sole_changer(ctx, flow, hazard)
                {
                    continue;
                }
                if at_start_alone(ctx, flow.events[hazard.read].range.start()) {
                    continue;
                }
                out.push(report(self.meta(), ctx, flow, hazard, threaded, &writer));
            }
        }
        helper::check(self.meta(), ctx, out);
        orm::check(self.meta(), ctx, out);
        unbegun::check(self.meta(), ctx, out);
        update_count::check(self.meta(), ctx, out);
        peewee::check(self.meta(), ctx, out);
        eafp_create::check(self.meta(), ctx, out);
        django::check(self.meta(), ctx, out);
        awaited_helpers::check(self.meta(), ctx, out);
        missed_insert::check(self.meta(), ctx, out);
        split_contexts::check(self.meta(), ctx, out);
        counter_saved::check(self.meta(), ctx, out);
        checked_debit::check(self.meta(), ctx, out);
        orm_debit::check(self.meta(), ctx, out);
        schema_when_missing::check(self.meta(), ctx, out);
    }
}

/// Who else can write between the read and the write (semantic::second_writers):
/// `None` when nobody can, and the hazard is not reported. In a coroutine,
/// other tasks of the loop run only where it suspends: with an await between
/// the read and the write, on a path that reaches the write (not a refusal
/// awaited before an early `return`: semantic::exclusive_paths), they are its
/// second writer, except in a
/// schema-migration module (`second_party::is_startup_only`), whose coroutines
/// run before the loop's other tasks exist (threads that reach it are still
/// named by semantic::second_writers).
pub(crate) fn second_writer(
    ctx: &Context<'_, '_>,
    flow: &Flow<'_, '_>,
    hazard: ReadThenWrite,
    threaded: &rustc_hash::FxHashMap<String, String>,
    party: &SecondParty,
) -> Option<SecondWriter> {
    let function = ctx.model.scopes.function(flow.scope);
    let span = flow.events[hazard.read]
        .range
        .cover(flow.events[hazard.write].range);
    let shared = flow.site.is_some_and(threads::is_cross_thread_site);
    let known = second_writers::Known {
        threads: threads::concurrency_reason(threaded, &function.qualname, shared),
        party,
    };
    match second_writers::of_read_then_write(ctx.project, ctx.model, flow.scope, span, &known) {
        SecondWriter::Nobody | SecondWriter::Callers(_)
            if function.def.is_async
                && !crate::semantic::second_party::is_startup_only(ctx.model.path)
                // One `asyncio.Lock` held from the read to the write: the other
                // tasks that run this code wait for it at the awaits between.
                && !second_writers::under_in_process_lock(ctx.model, flow.scope, span)
                && crate::semantic::exclusive_paths::suspends_between(
                    &function.def.body,
                    flow.events[hazard.read].range,
                    flow.events[hazard.write].range,
                ) =>
        {
            Some(SecondWriter::Named(
                "the event loop's other tasks, which run at the awaits between the read and the write".to_string(),
            ))
        }
        SecondWriter::Nobody => None,
        writer => Some(writer),
    }
}

/// Start-up code runs before anyone else can write between its read and its
/// write (a one-off column migration at boot has nobody else yet):
/// `Context::at_start_alone`.
pub(crate) fn at_start_alone(ctx: &Context<'_, '_>, at: ruff_text_size::TextSize) -> bool {
    ctx.at_start_alone(at)
}

/// The second party of a lost update is another writer of the same rows at
/// the same moment. When the read-then-write runs only in commands that just a
/// server's administrators may invoke (a settings upsert behind
/// `@has_permissions(manage_guild=True)`), and every write to its table in the
/// module does too, that takes two administrators acting at once
/// (semantic::commands). A table that a listener, task or any other code also
/// writes keeps the finding.
fn only_admins_write(ctx: &Context<'_, '_>, flow: &Flow<'_, '_>, hazard: ReadThenWrite) -> bool {
    let model = ctx.model;
    if !commands::admin_paced(model, flow.scope) {
        return false;
    }
    let Some(table) = flow.events[hazard.write]
        .call
        .and_then(|w| effects::written_table(model, w))
    else {
        return false;
    };
    model.calls.iter().all(|call| {
        effects::written_table(model, call).as_deref() != Some(table.as_str())
            || call
                .scope
                .is_some_and(|scope| commands::admin_paced(model, scope))
    })
}

/// The written table has one writer that never runs beside itself (one worker
/// thread started once, one loop task or scheduler job): no second writer can
/// come between its read and its write (semantic::one_writer).
fn one_writer(ctx: &Context<'_, '_>, flow: &Flow<'_, '_>, hazard: ReadThenWrite) -> bool {
    let model = ctx.model;
    let Some(table) = flow.events[hazard.write]
        .call
        .and_then(|w| effects::written_table(model, w))
    else {
        return false;
    };
    ctx.one_writer()
        .sole_writer(ctx.project, flow.scope, &table)
}

/// The write updates or deletes rows of a table whose existing rows only this
/// function's lone writer changes (one loop task or job that never overlaps
/// itself), every other writer only adding rows: a loop reading the due events
/// and deleting each by id while commands insert new ones. Nobody can change a
/// row it read before its write (semantic::one_writer::sole_changer). A write
/// that inserts stays reported: an insert decided by a read (check-then-insert)
/// races the other inserters.
fn sole_changer(ctx: &Context<'_, '_>, flow: &Flow<'_, '_>, hazard: ReadThenWrite) -> bool {
    let model = ctx.model;
    let Some(write) = flow.events[hazard.write].call else {
        return false;
    };
    if !effects::changes_rows(model, write) {
        return false;
    }
    let Some(table) = effects::written_table(model, write) else {
        return false;
    };
    ctx.one_writer()
        .sole_changer(ctx.project, flow.scope, &table)
}

/// The read runs inside `with <helper>(..."IMMEDIATE"...):`, a project's own
/// transaction context manager asked for an IMMEDIATE transaction (litequeue 0.9:
/// `with self.transaction(mode="IMMEDIATE"):`, which sends `BEGIN {mode}`;
/// peewee's `db.atomic("IMMEDIATE")`): the write lock is taken before the read.
fn in_immediate_helper_block(ctx: &Context<'_, '_>, read: TextRange) -> bool {
    use ruff_python_ast::{Expr, Stmt};
    let is_immediate = |e: &Expr| {
        matches!(e, Expr::StringLiteral(s)
            if matches!(s.value.to_str().to_ascii_uppercase().as_str(), "IMMEDIATE" | "EXCLUSIVE"))
    };
    crate::fix::codegen::ancestors(ctx.model.suite, read)
        .into_iter()
        .any(|stmt| {
            let Stmt::With(with) = stmt else {
                return false;
            };
            with.items.iter().any(|item| match &item.context_expr {
                Expr::Call(call) => {
                    call.arguments.args.iter().any(is_immediate)
                        || call
                            .arguments
                            .keywords
                            .iter()
                            .any(|k| is_immediate(&k.value))
                }
                _ => false,
            })
        })
}

/// Every read-then-write of a flow, one per write.
pub(crate) fn hazards(ctx: &Context<'_, '_>, flow: &Flow<'_, '_>) -> Vec<ReadThenWrite> {
    let mut out: Vec<ReadThenWrite> = Vec::new();
    // A write that upgrades a deferred transaction which has read.
    for (w, event) in flow.events.iter().enumerate() {
        if !matches!(event.op, Op::Write | Op::Ddl) {
            continue;
        }
        for state in &event.before {
            let TxState::Open(tx) = state else { continue };
            if tx.mode != BeginMode::Deferred || tx.first_write.is_some() {
                continue;
            }
            let Some(read) = tx.first_read else { continue };
            if !out
                .iter()
                .any(|h| h.shape == (Shape::Snapshot { start: tx.start }))
            {
                out.push(ReadThenWrite {
                    read,
                    write: w,
                    shape: Shape::Snapshot { start: tx.start },
                });
            }
        }
    }
    // A connection handed in has an unknown mode, except through aiosqlite: its
    // connections are legacy-mode sqlite3 ones unless opened otherwise, which a
    // coroutine receiving one cannot tell, so its awaited reads count.
    let awaited_driver = flow.mode == TxMode::Unknown
        && flow.site.is_none()
        && ctx.model.scopes.function(flow.scope).is_async()
        && flow
            .events
            .iter()
            .filter(|e| e.op == Op::Read)
            .all(|e| e.call.is_some_and(transactions::awaited_call));
    if matches!(flow.mode, TxMode::Unknown | TxMode::AlwaysOpen) && !awaited_driver {
        return out;
    }
    // A read in autocommit whose rows decide a later write, on one path
    // (semantic::exclusive_paths: not another arm of the same dispatch).
    let body = &ctx.model.scopes.function(flow.scope).def.body;
    for (r, event) in flow.events.iter().enumerate() {
        if event.op != Op::Read || !event.before.contains(&TxState::Closed) {
            continue;
        }
        let write = flow.events.iter().enumerate().position(|(w, e)| {
            e.op == Op::Write
                && e.range.start() >= event.range.end()
                && crate::semantic::exclusive_paths::can_precede(body, event.range, e.range)
                && !picked_deletes::only_picks_rows(ctx, flow, r, w)
                && !scratch_table::writes_own_scratch_table(ctx, flow, w)
                && ((transactions::write_depends_on_read(ctx.model, flow, r, w)
                    && !loses_nothing(ctx, flow, r, w)
                    && !same_rows::loses_no_update(ctx, flow, r, w)
                    && !own_row::inserts_own_row(ctx, flow, r, w)
                    && !own_row::updates_own_row(ctx, flow, r, w)
                    && !acting_user::own_row_of_actor(ctx, flow, r, w)
                    && !e
                        .call
                        .is_some_and(|c| checked_debit::owns(ctx, flow.scope, c)))
                    || slow_gate::gated_across_slow_call(ctx.model, flow, r, w))
        });
        if let Some(write) = write {
            if !out.iter().any(|h| h.write == write) {
                out.push(ReadThenWrite {
                    read: r,
                    write,
                    shape: Shape::LostUpdate,
                });
            }
        }
    }
    out
}

/// A read whose rows decide a write that still cannot lose an update:
/// - the write's transaction takes the write lock (`BEGIN IMMEDIATE` or
///   `EXCLUSIVE`) after the read and reads again before writing (itself, or
///   through a helper it hands the connection to and keeps the result of): the
///   decision is re-made under the lock;
/// - the write's values do not come from the read, and its `WHERE` repeats the
///   read's filter (`SELECT ... WHERE k = ? AND done IS NULL` then
///   `UPDATE ... SET done = ... WHERE k = ? AND done IS NULL`, or a `DELETE`
///   with the read's filter): SQLite re-checks the condition atomically, so a
///   concurrent call that got there first makes this write match no row.
///
/// A DELETE of rows picked by the read, keyed by their id alone, is still a
/// hazard: a concurrent call may have refreshed the row in between (a fixed
/// mempool cleanup that deleted re-added transactions).
fn loses_nothing(ctx: &Context<'_, '_>, flow: &Flow<'_, '_>, read: usize, write: usize) -> bool {
    let sql = |i: usize| {
        flow.events[i]
            .call
            .and_then(|c| crate::semantic::connections::sql_of(ctx.model, c))
            .map(|(_, text)| normalize_sql(&text.sketch()))
    };
    let Some(write_sql) = sql(write) else {
        return false;
    };
    let revalidated = flow.events[read + 1..write]
        .iter()
        .enumerate()
        .any(|(i, e)| {
            matches!(e.op, Op::Begin(BeginMode::Immediate | BeginMode::Exclusive))
                && flow.events[read + 1 + i + 1..write].iter().any(|later| {
                    // A read, or a helper handed the connection whose result is kept
                    // (`existing = self._existing_run(conn, key)`).
                    later.op == Op::Read
                        || (later.op == Op::Escape
                            && matches!(
                                later.stmt,
                                ruff_python_ast::Stmt::Assign(_)
                                    | ruff_python_ast::Stmt::AnnAssign(_)
                            ))
                })
        });
    if revalidated {
        return true;
    }
    let Some(filter) = sql(read).and_then(|r| where_clause(&r)) else {
        return false;
    };
    (write_sql.starts_with("update ") || write_sql.starts_with("delete "))
        && where_clause(&write_sql).is_some_and(|w| w.contains(&filter))
        && !transactions::write_values_from_read(ctx.model, flow, read, write)
        && !has_other_branch(ctx, flow.events[write].range)
}

/// The write sits in an `if` with an `else`/`elif`: the read also decides the
/// other branch (`if row: UPDATE ... else: INSERT`), and two calls that both read
/// "missing" both take it.
fn has_other_branch(ctx: &Context<'_, '_>, write: TextRange) -> bool {
    crate::fix::codegen::ancestors(ctx.model.suite, write)
        .into_iter()
        .any(|stmt| matches!(stmt, ruff_python_ast::Stmt::If(i) if !i.elif_else_clauses.is_empty()))
}

/// Lower case, one space between words.
fn normalize_sql(sql: &str) -> String {
    sql.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_ascii_lowercase()
}

/// The condition after `where`, up to `order by`, `group by`, `limit` or `returning`.
fn where_clause(sql: &str) -> Option<String> {
    let start = sql.find(" where ")? + " where ".len();
    let rest = &sql[start..];
    let end = [" order by ", " group by ", " limit ", " returning "]
        .iter()
        .filter_map(|k| rest.find(k))
        .min()
        .unwrap_or(rest.len());
    let clause = rest[..end].trim().trim_end_matches(';').trim();
    (!clause.is_empty()).then(|| clause.to_string())
}

/// The finding for one read-then-write; `meta` picks SQF305 or SQF306.
pub(crate) fn report(
    meta: &'static crate::codemods::Meta,
    ctx: &Context<'_, '_>,
    flow: &Flow<'_, '_>,
    hazard: ReadThenWrite,
    threaded: &rustc_hash::FxHashMap<String, String>,
    writer: &SecondWriter,
) -> Finding {
    let model = ctx.model;
    let read = &flow.events[hazard.read];
    let write = &flow.events[hazard.write];
    let write_line = model.line_column(write.range.start()).0;
    let label = &flow.label;
    let message = match hazard.shape {
        Shape::Snapshot { start } => {
            let opened = match start.map(|s| &flow.events[s].op) {
                Some(Op::Begin(_)) => format!(
                    "the deferred `BEGIN` on line {}",
                    model
                        .line_column(flow.events[start.unwrap_or_default()].range.start())
                        .0
                ),
                _ => "the transaction autocommit=False keeps open".to_string(),
            };
            // A write that does not use what was read fails the same way: it
            // must upgrade the read's snapshot (bench/facts/read_then_write.py).
            let blind = if transactions::write_depends_on_read(
                ctx.model,
                flow,
                hazard.read,
                hazard.write,
            ) {
                ""
            } else {
                " (it does not use what was read, but it must still upgrade the read's snapshot)"
            };
            format!(
                "`{label}` reads in {opened} and writes on line {write_line}: under contention that write fails at once with 'database is locked' (SQLITE_BUSY), skipping the busy timeout{blind}"
            )
        }
        Shape::LostUpdate => match flow.mode {
            TxMode::Legacy(mode @ (BeginMode::Immediate | BeginMode::Exclusive)) => format!(
                "{} does not cover this read: Python sends `BEGIN {}` only before the write on line {write_line}, so concurrent calls lose updates",
                flow.mode.describe(),
                if mode == BeginMode::Immediate {
                    "IMMEDIATE"
                } else {
                    "EXCLUSIVE"
                }
            ),
            _ if !transactions::write_depends_on_read(
                ctx.model,
                flow,
                hazard.read,
                hazard.write,
            ) && slow_gate::gated_across_slow_call(
                ctx.model,
                flow,
                hazard.read,
                hazard.write,
            ) =>
            {
                format!(
                    "`{label}` checks rows outside any transaction, then does slow work, then writes on line {write_line} as the check allowed: two concurrent calls both pass the check before either writes (a double delivery)"
                )
            }
            // A migration runner: the read picks the pending steps, whose DDL
            // runs in autocommit before the step is recorded (DDL, or SQL
            // known only at run time: the steps' own statements).
            _ if flow.events[hazard.read..hazard.write]
                .iter()
                .any(|e| matches!(e.op, Op::Ddl | Op::Other)) =>
            {
                format!(
                    "`{label}` reads which steps are applied outside any transaction, then runs their DDL and records them (line {write_line}) with no write lock held: a second runner reads the same pending steps and replays the DDL, failing on the duplicate column or the recorded step's unique key"
                )
            }
            _ => format!(
                "`{label}` reads outside any transaction and writes what it read on line {write_line}: concurrent calls overwrite each other's updates"
            ),
        },
    };
    let function = model.scopes.function(flow.scope);
    let shared = flow.site.is_some_and(threads::is_cross_thread_site);
    let concurrent = threads::concurrency_reason(threaded, &function.qualname, shared);
    let severity = match (hazard.shape, concurrent.is_some()) {
        (Shape::Snapshot { .. }, true) => Severity::Critical,
        (Shape::Snapshot { .. }, false) | (Shape::LostUpdate, true) => Severity::High,
        (Shape::LostUpdate, false) => Severity::Medium,
    };
    let call = read.call.map_or(read.range, |c| c.range());
    let mut finding = Finding::new(meta, call, message).with_severity(severity);
    let context = match writer {
        SecondWriter::Named(who) if concurrent.as_ref() == Some(who) => format!("{who}. "),
        SecondWriter::Named(who) => format!("Concurrent with {who}. "),
        SecondWriter::Callers(why) => {
            finding = finding.with_confidence(Confidence::Medium);
            format!("{why}. ")
        }
        SecondWriter::Nobody => String::new(),
    };
    let write_text = write.call.map_or(write.range, |c| c.range());
    let context = match next_id::advice(model.slice(call), model.slice(write_text)) {
        Some(advice) => format!("{context}{advice} "),
        None => context,
    };
    match fix(ctx, flow, hazard) {
        Ok(fix) => {
            let what = if fix.title.starts_with("Begin") {
                "BEGIN now takes the write lock at once, so other writers wait while this transaction reads"
            } else if fix.title.contains("`await ") {
                "The transaction now takes the write lock before the read, so other writers wait while it reads; the function's own commit ends it, and an exception before the commit leaves it open (holding the lock) until the connection commits, rolls back or closes. On a connection concurrent tasks share, a second task's BEGIN would raise 'cannot start a transaction within a transaction' unless the transaction holds the project's write lock: SQF303 wraps it in `async with _db_write_lock():` (with --unsafe-fixes, in the same run)"
            } else if fix.title.contains("a path closes") {
                "The transaction now takes the write lock before the read, so other writers wait while it reads; the code's own commit ends it, a close on the early path rolls back the empty transaction, and an exception before the commit leaves it open until the connection is closed or freed"
            } else {
                "The transaction now takes the write lock before the read, so other writers wait while it reads; it commits where the block ends (also on an early return) and rolls back on an exception"
            };
            finding = finding.with_fix(fix).with_note(format!("{context}{what}"));
        }
        Err(why) => finding = finding.with_note(format!("{context}{why}")),
    }
    finding
}

/// Takes the write lock before the read; `Err` says why a person must do it.
fn fix(ctx: &Context<'_, '_>, flow: &Flow<'_, '_>, hazard: ReadThenWrite) -> Result<Fix, String> {
    let label = &flow.label;
    let manual = format!(
        "send `{label}.execute(\"BEGIN IMMEDIATE\")` before the read and end the transaction on every path"
    );
    if transactions::is_path_flow(flow) {
        // Another object's connection, which every task shares: a BEGIN here
        // raises 'cannot start a transaction within a transaction' when two
        // tasks overlap, and no lock of the project is known to cover it.
        return Err(format!(
            "`{label}` is one connection the loop's tasks share, so two overlapping calls run their statements in one transaction and both act on the same stale read (a BEGIN here would raise 'cannot start a transaction within a transaction'): make the write one statement that needs no read (an upsert, a `DELETE ... WHERE ... NOT IN (...)`), or hold a per-key `asyncio.Lock` from the read to the commit"
        ));
    }
    // A sync connection the loop's tasks share (a global, `self.<attr>`), with
    // an await between the read and the write: the task that overlaps this one
    // sends its own BEGIN inside this transaction and raises 'cannot start a
    // transaction within a transaction', and the lock orders nothing between
    // tasks of one connection (docs/sqlite-facts.md#F-await-lost-update).
    let function = ctx.model.scopes.function(flow.scope);
    let read = &flow.events[hazard.read];
    if function.def.is_async
        && !read.call.is_some_and(|c| c.is_awaited())
        && matches!(
            flow.key,
            crate::semantic::connections::ConnKey::Global { .. }
                | crate::semantic::connections::ConnKey::SelfAttr { .. }
        )
        && crate::semantic::exclusive_paths::suspends_between(
            &function.def.body,
            read.range,
            flow.events[hazard.write].range,
        )
    {
        return Err(format!(
            "`{label}` is one connection the loop's tasks share and the coroutine awaits between the read and the write: an overlapping task's BEGIN would raise 'cannot start a transaction within a transaction' (docs/sqlite-facts.md#F-await-lost-update). Write the change as one statement that needs no read (`UPDATE ... SET n = n + ?`), or hold a per-key `asyncio.Lock` from the read to the commit"
        ));
    }
    let fix = fix_inner(ctx, flow, hazard, &manual).map_err(|why| capitalize(&why))?;
    match slow_while_newly_locked(ctx, flow, hazard) {
        None => Ok(fix),
        Some(why) => Err(capitalize(&format!("{why}, then {manual}"))),
    }
}

/// Slow work the fix would put under the write lock that the code as it is runs
/// without it: between the read (or the BEGIN) and the write. Every other writer
/// would wait through it and fail after the busy timeout, so the fix is refused.
fn slow_while_newly_locked(
    ctx: &Context<'_, '_>,
    flow: &Flow<'_, '_>,
    hazard: ReadThenWrite,
) -> Option<String> {
    let model = ctx.model;
    let start = match hazard.shape {
        Shape::Snapshot { start: Some(s) } => flow.events[s].range.start(),
        _ => flow.events[hazard.read].range.start(),
    };
    let end = flow.events[hazard.write].range.end();
    if end <= start {
        return None;
    }
    let body = &model.scopes.function(flow.scope).def.body;
    let held = |call: &crate::semantic::model::Call<'_>| {
        flow.states_at(call.range())
            .iter()
            .filter_map(|s| s.open())
            .any(|t| t.holds_write_lock())
    };
    let (call, what) = slow::lock_hostile_call(
        model,
        Some(flow.scope),
        TextRange::new(start, end),
        body,
        held,
    )?;
    Some(format!(
        "not fixed automatically: `{}` on line {} {what} between the read and the write, and taking the write lock before the read would hold it through that, so every other writer waits and fails after the busy timeout; move the slow work before the read or after the commit",
        slow::callee_text(model, call),
        model.line_column(call.range().start()).0,
    ))
}

fn capitalize(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

fn fix_inner(
    ctx: &Context<'_, '_>,
    flow: &Flow<'_, '_>,
    hazard: ReadThenWrite,
    manual: &str,
) -> Result<Fix, String> {
    let model = ctx.model;
    let label = &flow.label;
    let manual = manual.to_string();
    if let Shape::Snapshot { start } = hazard.shape {
        let begin = start.map(|s| &flow.events[s]);
        return match begin {
            Some(event) if matches!(event.op, Op::Begin(_)) => {
                let arg = event
                    .call
                    .and_then(|c| c.argument(0, "sql"))
                    .ok_or_else(|| manual.clone())?;
                let edit = transaction::begin_immediate_literal(model, arg)
                    .ok_or_else(|| format!("the BEGIN is not a plain string literal; {manual}"))?;
                Ok(Fix::unsafe_("Begin with `BEGIN IMMEDIATE`", vec![edit]))
            }
            _ => Err("with autocommit=False a deferred transaction is always open and BEGIN raises; open the connection with autocommit=True (Python 3.12) or isolation_level=None, send BEGIN IMMEDIATE before the read and COMMIT after the write".to_string()),
        };
    }
    if flow.events[hazard.read]
        .call
        .is_some_and(|c| c.is_awaited())
    {
        return aiosqlite_begin_before_read(ctx, flow, hazard);
    }
    match flow.mode {
        TxMode::Legacy(_) | TxMode::Manual => {}
        TxMode::Autocommit => {
            return Err(format!(
                "with autocommit=True, `with {label}:` and `commit()` do nothing (docs/sqlite-facts.md#F-autocommit): send BEGIN IMMEDIATE before the read and `{label}.execute(\"COMMIT\")` after the write, with ROLLBACK on an exception"
            ));
        }
        _ => return Err(manual),
    }
    if let Some(Driver::Wrapper(what)) = flow.site.map(|s| &s.driver) {
        // The object is no sqlite3 connection: it has no `with` block that
        // commits, and only statements sent through it bracket a transaction.
        return Err(format!(
            "the {what} object has no `with` block that commits: send `{label}.execute(\"BEGIN IMMEDIATE\")` before the read and `{label}.execute(\"COMMIT\")` after the write, with `{label}.execute(\"ROLLBACK\")` on an exception"
        ));
    }
    if flow.site.is_some_and(|s| s.driver == Driver::Aiosqlite)
        || flow.events[hazard.read]
            .call
            .is_some_and(|c| c.is_awaited())
    {
        return Err(format!(
            "aiosqlite's `async with` closes without committing: `await {label}.execute(\"BEGIN IMMEDIATE\")` before the read and commit or roll back explicitly"
        ));
    }
    let function = model.scopes.function(flow.scope);
    let body = &function.def.body;
    let read = &flow.events[hazard.read];
    if read.before != [TxState::Closed] {
        return Err(format!(
            "a transaction may already be open on `{label}` here, and BEGIN would raise; {manual}"
        ));
    }
    // The transactions the write belongs to, and what ends them.
    let starts: Vec<Option<usize>> = flow.events[hazard.write]
        .before
        .iter()
        .filter_map(|s| s.open().map(|t| t.start))
        .chain(std::iter::once(Some(hazard.write)))
        .filter(|s| s.is_some_and(|i| flow.events[i].range.start() >= read.range.start()))
        .collect();
    let mut ends: Vec<usize> = Vec::new();
    for start in &starts {
        if !flow.open_exits_normal(*start).is_empty() {
            return Err(format!(
                "a path leaves the function with the write uncommitted (the caller commits?); {manual}"
            ));
        }
        ends.extend(flow.closers(*start));
    }
    if flow.mode == TxMode::Manual {
        ends.push(hazard.write);
    }
    if ends.is_empty() {
        return Err(format!(
            "no commit ends the write's transaction here; {manual}"
        ));
    }
    if ends.iter().any(|&e| flow.events[e].op == Op::Close) {
        return Err(format!(
            "the connection is closed before it commits; {manual}"
        ));
    }
    // Inside `with conn:` already: only the BEGIN line.
    if let Some(&with_end) = ends.iter().find(|&&e| flow.events[e].op == Op::WithExit) {
        let with = flow.events[with_end].stmt;
        let ruff_python_ast::Stmt::With(block) = with else {
            return Err(manual);
        };
        let Some(first) = block
            .body
            .iter()
            .find(|s| s.range().contains_range(read.range))
        else {
            return Err(format!(
                "the read is not directly inside the `with {label}:` block; {manual}"
            ));
        };
        if ends.iter().any(|&e| e != with_end) {
            return Err(format!(
                "the transaction also ends inside the `with` block; {manual}"
            ));
        }
        if !codegen::owns_lines(model.text, first) {
            return Err(format!(
                "the read shares its line with other statements; {manual}"
            ));
        }
        let quote = transaction::quote_near(model, read.range);
        let line = format!("{label}.execute({quote}BEGIN IMMEDIATE{quote})");
        return Ok(Fix::unsafe_(
            "Take the write lock before the read: `BEGIN IMMEDIATE`",
            vec![transaction::insert_before(model, first, &line)],
        ));
    }
    let mut ranges = vec![read.range];
    ranges.extend(ends.iter().map(|&e| flow.events[e].range));
    ranges.push(flow.events[hazard.write].range);
    let (suite, lo, hi) = transaction::common_unit(body, &ranges).ok_or_else(|| manual.clone())?;
    let unit = &suite[lo..=hi];
    // A commit inside a loop of the block that does not also redo the read would
    // end the lock before later writes.
    for &e in &ends {
        let path = transaction::suite_path(unit, flow.events[e].range);
        let in_other_loop = path.iter().any(|(s, i)| {
            let stmt = &s[*i];
            matches!(
                stmt,
                ruff_python_ast::Stmt::For(_) | ruff_python_ast::Stmt::While(_)
            ) && !stmt.range().contains_range(read.range)
        });
        if in_other_loop {
            return Err(format!(
                "the transaction commits inside a loop that does not redo the read; {manual}"
            ));
        }
    }
    let unit_range = TextRange::new(unit[0].start(), unit[unit.len() - 1].end());
    let early = flow.events.iter().any(|e| {
        unit_range.contains_range(e.range)
            && e.range.start() < read.range.start()
            && !matches!(e.op, Op::Read | Op::Fetch | Op::Other)
    });
    if early {
        return Err(format!(
            "the block would start with other work on `{label}`; {manual}"
        ));
    }
    let closes_inside: Vec<&transactions::Event> = flow
        .events
        .iter()
        .filter(|e| e.op == Op::Close && unit_range.contains_range(e.range))
        .collect();
    if unit.iter().any(|s| !codegen::owns_lines(model.text, s)) {
        return Err(format!(
            "the statements share lines with other code; {manual}"
        ));
    }
    if !closes_inside.is_empty() {
        return begin_before_read(model, flow, unit, read, &ends, &closes_inside, &manual);
    }
    let quote = transaction::quote_near(model, read.range);
    let begin = format!("{label}.execute({quote}BEGIN IMMEDIATE{quote})");
    let title = format!("Take the write lock before the read: `with {label}:` + `BEGIN IMMEDIATE`");
    // The whole body of a `with closing(...) as conn:`: `conn` joins its items.
    let body: &[ruff_python_ast::Stmt] = &model.scopes.function(flow.scope).def.body;
    if let Some(join) = statements::join_with_items(model, body, unit, label) {
        // One edit over the whole unit: a lock another fix puts around the old,
        // narrower transaction in the same round waits for the next check, which
        // sees the wider one (else both locks land, one nested in the other).
        let begin = transaction::insert_before(model, &unit[0], &begin);
        let end = codegen::next_line_start(model.text, unit[unit.len() - 1].end());
        let (from, at) = (join.range.start(), begin.range.start());
        let mut content = join.content;
        content.push_str(&model.text[TextRange::new(from, at)]);
        content.push_str(&begin.content);
        content.push_str(&model.text[TextRange::new(at, end)]);
        return Ok(Fix::unsafe_(
            title,
            vec![Edit::replace(TextRange::new(from, end), content)],
        ));
    }
    let edit: Edit = transaction::wrap_in_block(model, unit, &format!("with {label}"), &[begin]);
    Ok(Fix::unsafe_(title, vec![edit]))
}

/// aiosqlite (a legacy-mode sqlite3 connection on its own thread): `await
/// conn.execute("BEGIN IMMEDIATE")` before the read, when the function's own
/// `await conn.commit()` ends the write's transaction on every path and the read
/// starts the block that reaches it. Python sends no implicit BEGIN while a
/// transaction is open, so the write joins the IMMEDIATE one.
fn aiosqlite_begin_before_read(
    ctx: &Context<'_, '_>,
    flow: &Flow<'_, '_>,
    hazard: ReadThenWrite,
) -> Result<Fix, String> {
    let model = ctx.model;
    let label = &flow.label;
    let manual = format!(
        "`await {label}.execute(\"BEGIN IMMEDIATE\")` before the read and commit or roll back explicitly"
    );
    let read = &flow.events[hazard.read];
    let write = &flow.events[hazard.write];
    if !matches!(flow.mode, TxMode::Legacy(_) | TxMode::Unknown) || read.before != [TxState::Closed]
    {
        return Err(format!(
            "a transaction may already be open on `{label}` here, and BEGIN would raise; {manual}"
        ));
    }
    let start = write
        .before
        .iter()
        .find_map(|s| s.open().map(|t| t.start))
        .unwrap_or(Some(hazard.write));
    let ends = flow.closers(start);
    let commits_everywhere = !ends.is_empty()
        && flow.open_exits_normal(start).is_empty()
        && ends.iter().all(|&e| {
            matches!(flow.events[e].op, Op::Commit { .. })
                && flow.events[e].call.is_some_and(|c| c.is_awaited())
        });
    if !commits_everywhere {
        return Err(format!(
            "the function does not commit the write on every path itself; {manual}"
        ));
    }
    let body = &model.scopes.function(flow.scope).def.body;
    let mut ranges = vec![read.range];
    ranges.extend(ends.iter().map(|&e| flow.events[e].range));
    let (suite, lo, hi) = transaction::common_unit(body, &ranges).ok_or_else(|| manual.clone())?;
    let first = &suite[lo];
    let _ = hi;
    if !first.range().contains_range(read.range) || !codegen::owns_lines(model.text, first) {
        return Err(manual);
    }
    let quote = transaction::quote_near(model, read.range);
    let line = format!("await {label}.execute({quote}BEGIN IMMEDIATE{quote})");
    Ok(Fix::unsafe_(
        format!("Take the write lock before the read: `{line}`"),
        vec![transaction::insert_before(model, first, &line)],
    ))
}

/// A path inside the unit closes the connection (an early `conn.close(); return`),
/// so `with conn:` would commit a closed connection. When the function owns the
/// connection, every close comes before any write on its path and every other
/// path commits, `BEGIN IMMEDIATE` alone before the read is enough: closing with
/// nothing written rolls the empty transaction back and releases the lock, and
/// the code's own commit ends it otherwise.
fn begin_before_read(
    model: &crate::semantic::Model<'_>,
    flow: &Flow<'_, '_>,
    unit: &[ruff_python_ast::Stmt],
    read: &transactions::Event<'_, '_>,
    ends: &[usize],
    closes: &[&transactions::Event<'_, '_>],
    manual: &str,
) -> Result<Fix, String> {
    let label = &flow.label;
    let owned = flow.site.is_some()
        && matches!(
            flow.key,
            crate::semantic::connections::ConnKey::Local { .. }
        );
    if !owned {
        return Err(format!(
            "a path inside closes `{label}`, and `with {label}:` would then fail committing a closed connection; {manual}"
        ));
    }
    if closes.iter().any(|e| e.before != [TxState::Closed]) {
        return Err(format!(
            "a path closes `{label}` after writing, which rolls the write back; {manual}"
        ));
    }
    if ends
        .iter()
        .any(|&e| !matches!(flow.events[e].op, Op::Commit { .. }))
    {
        return Err(format!(
            "a path inside closes `{label}`, and the transaction does not end in a commit; {manual}"
        ));
    }
    let first = &unit[0];
    if !first.range().contains_range(read.range) {
        return Err(manual.to_string());
    }
    let quote = transaction::quote_near(model, read.range);
    let line = format!("{label}.execute({quote}BEGIN IMMEDIATE{quote})");
    Ok(Fix::unsafe_(
        format!(
            "Take the write lock before the read: `BEGIN IMMEDIATE` (a path closes `{label}`, which ends the transaction there)"
        ),
        vec![transaction::insert_before(model, first, &line)],
    ))
}

/// Some module of the project imports aiosqlite.
fn uses_aiosqlite(ctx: &Context<'_, '_>) -> bool {
    let is_aiosqlite = |t: &str| t == "aiosqlite" || t.starts_with("aiosqlite.");
    ctx.model.imports.iter().any(|i| is_aiosqlite(&i.target))
        || ctx.project.index.memo(ImportsAiosqlite::of).0
}

/// Whether some indexed module imports aiosqlite, answered once per run.
struct ImportsAiosqlite(bool);

impl ImportsAiosqlite {
    fn of(index: &crate::semantic::ProjectIndex) -> Self {
        ImportsAiosqlite(index.modules.iter().any(|m| {
            m.imports
                .iter()
                .any(|i| i.target == "aiosqlite" || i.target.starts_with("aiosqlite."))
        }))
    }
}
