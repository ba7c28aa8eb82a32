//! SQF301 slow-work-in-transaction: slow work while a transaction holds the
//! database's write lock.
//!
//! From the transaction model: a call made while a transaction on some
//! connection has written (or began IMMEDIATE/EXCLUSIVE) and not yet ended, that
//! sleeps, makes an HTTP request (`requests`, sync `httpx`, `urllib.request`, a
//! client session), runs a subprocess, does file I/O of unknown size (`open`,
//! `shutil`, `Path.read_bytes`/`write_text`, awaiting an upload's `read()`), or
//! calls a function of the module that does (three calls deep). In a coroutine, any
//! `await` while a sync sqlite3 transaction holds the lock counts too: other
//! coroutines that write then block the event loop on that lock for up to the
//! busy timeout. A project function of another module counts when it (or one
//! function it calls) sleeps, makes a network request or runs a subprocess
//! (semantic::slow_elsewhere): the index records what slow work each function
//! does.
//!
//! Also reported: the same slow work inside a Django `transaction.atomic()`
//! block after its first write, with a second Django writer of the database
//! (see `django.rs`).
//!
//! Also reported: the same slow work (only work whose length someone else
//! decides, or blocking work handed to a worker thread) while a SQLAlchemy
//! session holds the write lock, from a `flush()` or DML `execute` to its
//! `commit()` (see `orm_flush.rs`).
//!
//! Also reported: a call inside the transaction of a function that opens a
//! connection of its own on the same file (same file name, or the same path
//! attribute or configuration key) and writes on it, directly or one call
//! further. That write waits for the lock its caller holds until it returns: a
//! self-deadlock that ends with "database is locked" after the busy timeout,
//! every time (F-self-deadlock). No automatic fix: hand the open connection
//! down, or commit before the call; either changes what one failure undoes.
//!
//! Every other writer waits the whole time and fails with "database is locked"
//! once the busy timeout (5 s) runs out, so one slow HTTP call inside a
//! transaction turns into errors for everyone (hazard 3B).
//!
//! Fix (unsafe: the slow work now runs before the write, also when the write then
//! fails): move the slow statement to just before the statement that starts the
//! transaction, when both are in the same block and nothing in between (the
//! write included) defines a name the slow statement reads, reads or redefines a
//! name it assigns, uses the connection, or jumps out. Otherwise the finding
//! says to do the work before BEGIN or after COMMIT.

mod django;
mod loop_carried;
mod orm_flush;

pub use loop_carried::BESIDE;

use ruff_python_ast::Stmt;
use ruff_text_size::{Ranged, TextRange};

use super::{Codemod, Context};
use crate::finding::Finding;
use crate::fix::{Edit, Fix, codegen, transaction};
use crate::semantic::connections::{self, Driver};
use crate::semantic::model::Call;
use crate::semantic::path_idents::{self, PathIdent};
use crate::semantic::project::FunctionSummary;
use crate::semantic::transactions::{self, Flow, Tx};
use crate::semantic::{slow, slow_elsewhere, visit};

pub struct SlowWorkInTransaction;

impl Codemod for SlowWorkInTransaction {
    crate::codemod_meta!("SQF301-slow-work-in-transaction");

    fn check(&self, ctx: &Context<'_, '_>, out: &mut Vec<Finding>) {
        let model = ctx.model;
        let _sites = ctx.sites();
        let flows = ctx.flows();
        let mut seen: Vec<TextRange> = Vec::new();
        for flow in flows {
            let function = model.scopes.function(flow.scope);
            let aiosqlite = flow.site.is_some_and(|s| s.driver == Driver::Aiosqlite);
            for call in model.calls_in(Some(flow.scope)) {
                if call.in_lambda
                    || seen.contains(&call.range())
                    || flow.event_at(call.range()).is_some()
                {
                    continue;
                }
                let Some(tx) = holding(flow, call) else {
                    continue;
                };
                if let Some(finding) = second_writer(self, ctx, flow, tx, call) {
                    seen.push(call.range());
                    out.push(finding);
                    continue;
                }
                let what = match slow::slow_call(model, call) {
                    Some(what) => what.to_string(),
                    None if function.is_async() && call.is_awaited() && !aiosqlite => {
                        "awaits (other coroutines that write then block the event loop on this lock)"
                            .to_string()
                    }
                    None => match slow_elsewhere::reached(ctx.project, model, call) {
                        Some(found) => format!("calls `{}`, which {}", found.function, found.what),
                        None => continue,
                    },
                };
                let carried = loop_carried::carried(model, flow, tx, call);
                // A loop of one item never carries the lock to a second one.
                if carried.as_ref().is_some_and(|c| c.single && c.from_second) {
                    continue;
                }
                let carried = carried.filter(|c| !c.single);
                // At start-up, before the program's threads and workers exist,
                // no other writer waits for the lock (a self-deadlock, above,
                // needs none): a schema upgrade that looks each row up over the
                // network is slow, not contended. A loop that carries the lock
                // over many items in a program of its own (a one-shot data
                // migration run beside the live server) is reported when
                // another program of the project writes the same file.
                let mut beside: Option<String> = None;
                if carried.is_some() && loop_carried::at_startup(ctx, call.range().start()) {
                    match loop_carried::writer_beside(ctx) {
                        Some(who) => beside = Some(who),
                        None => continue,
                    }
                } else if ctx.at_start_alone(call.range().start()) {
                    continue;
                } else if carried.is_some()
                    && matches!(
                        ctx.second_party(),
                        crate::semantic::second_party::SecondParty::None(_)
                    )
                {
                    // Nobody else writes the file while the loop runs (a lone
                    // script): the lock it carries keeps no one waiting.
                    continue;
                }
                seen.push(call.range());
                let finding = match &carried {
                    Some(c) => loop_carried::report(
                        self.meta(),
                        ctx,
                        flow,
                        call,
                        &what,
                        c,
                        beside.as_deref(),
                    ),
                    None => report(self, ctx, flow, tx, call, &what),
                };
                out.push(finding);
            }
        }
        django::check(self.meta(), ctx, out);
        orm_flush::check(self.meta(), ctx, out);
    }
}

/// `helper(...)` called inside the transaction opens a connection of its own on
/// the same file and writes there: that write waits for the lock this
/// transaction holds until the call returns, so it fails with "database is
/// locked" after the busy timeout, every time (F-self-deadlock). The callee is
/// followed one call further (a method that delegates to the store that writes).
fn second_writer(
    codemod: &SlowWorkInTransaction,
    ctx: &Context<'_, '_>,
    flow: &Flow<'_, '_>,
    tx: Tx,
    call: &Call<'_>,
) -> Option<Finding> {
    let model = ctx.model;
    let site = flow.site?;
    let path = site.call.argument(0, "database")?;
    let (module, summary) = ctx.project.function(model, call)?;
    let writes = |f: &FunctionSummary| {
        !f.is_async && !f.on_worker_thread && !f.own_connection_writes.is_empty()
    };
    // The callee and the functions it calls that write on connections of their own.
    let mut writers: Vec<&FunctionSummary> = Vec::new();
    if writes(summary) {
        writers.push(summary);
    }
    for inner in &summary.calls {
        if let Some((_, f)) = ctx.project.resolve_from(module, inner) {
            if writes(f) {
                writers.push(f);
            }
        }
    }
    if writers.is_empty() {
        return None;
    }
    // Only now, for the rare call that reaches such a writer: which file the
    // transaction is on.
    let outer = path_idents::of_expr(model, path, site.call.scope);
    if outer.is_empty() {
        return None;
    }
    let writer = writers
        .into_iter()
        .find(|f| f.own_connection_writes.iter().any(|w| same_file(&outer, w)))?;
    let label = &flow.label;
    let began = tx
        .first_write
        .or(tx.start)
        .map(|i| model.line_column(flow.events[i].range.start()).0);
    let since = began.map_or(String::new(), |l| format!(" since line {l}"));
    let name = writer
        .qualname
        .rsplit('.')
        .next()
        .unwrap_or(&writer.qualname);
    let message = format!(
        "`{}(...)` writes to the same database file on a second connection (opened in `{name}`) while `{label}` holds the write lock{since}: that write waits for this transaction, which cannot commit before the call returns, so it fails with 'database is locked' after the busy timeout, every time (docs/sqlite-facts.md#F-self-deadlock)",
        slow::callee_text(model, call)
    );
    Some(Finding::new(codemod.meta(), call.range(), message).with_note(
        "hand the open connection down so both writes are one transaction, or commit before the call (then a failure of the call no longer undoes the batch)",
    ))
}

/// Two path identities name one file: a file name both spell, or, where one
/// spells none, a symbol both go through (`self.db_path`, `config.cache_db`).
fn same_file(a: &PathIdent, b: &PathIdent) -> bool {
    if !a.names.is_empty() && !b.names.is_empty() {
        return a.names.iter().any(|n| b.names.contains(n));
    }
    a.keys.iter().any(|k| b.keys.contains(k))
}

/// The transaction holding the write lock when `call` runs, if any.
/// A transaction that holds the lock in the same pass (its first write before
/// the call) is preferred to one a loop's back edge carries to it.
fn holding(flow: &Flow<'_, '_>, call: &Call<'_>) -> Option<Tx> {
    let held: Vec<Tx> = flow
        .states_at(call.range())
        .iter()
        .filter_map(|s| s.open())
        .filter(|t| t.holds_write_lock() && t.error_handler.is_none())
        .copied()
        .collect();
    let before = |t: &Tx| {
        t.first_write
            .or(t.start)
            .is_none_or(|i| flow.events[i].range.start() < call.range().start())
    };
    held.iter()
        .find(|t| before(t))
        .or_else(|| held.first())
        .copied()
}

fn report(
    codemod: &SlowWorkInTransaction,
    ctx: &Context<'_, '_>,
    flow: &Flow<'_, '_>,
    tx: Tx,
    call: &Call<'_>,
    what: &str,
) -> Finding {
    let model = ctx.model;
    let label = &flow.label;
    let began = tx
        .first_write
        .or(tx.start)
        .map(|i| model.line_column(flow.events[i].range.start()).0);
    let since = began.map_or(String::new(), |l| format!(" since line {l}"));
    let message = format!(
        "`{}(...)` {what} while `{label}` holds the write lock{since}: every other writer waits for it and fails with 'database is locked' after the busy timeout",
        slow::callee_text(model, call)
    );
    let finding = Finding::new(codemod.meta(), call.range(), message);
    match move_before(ctx, flow, tx, call) {
        Ok(edits) => finding
            .with_fix(Fix::unsafe_(
                "Do the slow work before the transaction starts",
                edits,
            ))
            .with_note("the slow work now runs before the write, also when the write then fails or is skipped"),
        Err(why) => finding.with_note(why),
    }
}

fn move_before(
    ctx: &Context<'_, '_>,
    flow: &Flow<'_, '_>,
    tx: Tx,
    call: &Call<'_>,
) -> Result<Vec<Edit>, String> {
    let model = ctx.model;
    let label = &flow.label;
    let manual = format!(
        "do the slow work before the transaction begins or after it commits, so `{label}` holds the lock only for the SQL"
    );
    let start = tx.start.ok_or_else(|| manual.clone())?;
    let start_range = flow.events[start].range;
    let body: &[Stmt] = &model.scopes.function(flow.scope).def.body;
    let slow_stmt: &Stmt = call.stmt;
    let path = transaction::suite_path(body, slow_stmt.range());
    let (suite, slow_index) = *path.last().ok_or_else(|| manual.clone())?;
    if suite[slow_index].range() != slow_stmt.range() {
        return Err(manual);
    }
    let start_index = suite
        .iter()
        .position(|s| s.range().contains_range(start_range))
        .filter(|&i| i < slow_index)
        .ok_or_else(|| format!("the transaction does not start in the same block; {manual}"))?;
    let names = |stmts: &[&Stmt], stored: bool| -> Vec<String> {
        stmts
            .iter()
            .flat_map(|s| {
                let one = std::slice::from_ref(*s);
                if stored {
                    visit::names_stored(one)
                } else {
                    visit::names_loaded(one)
                }
            })
            .map(|(n, _)| n)
            .collect()
    };
    let conn_names: Vec<String> = connections::aliases(model, &flow.key)
        .into_iter()
        .filter(|(s, _)| *s == Some(flow.scope))
        .map(|(_, n)| n)
        .chain(std::iter::once(label.clone()))
        .collect();
    let touches_conn = |stmt: &Stmt| {
        names(&[stmt], false).iter().any(|n| conn_names.contains(n))
            || flow
                .events
                .iter()
                .any(|e| stmt.range().contains_range(e.range))
            || model.slice(stmt.range()).contains(label.as_str())
    };
    // The slow statement and the statements in between that compute its inputs
    // without touching the connection move together, in order.
    let mut group: Vec<usize> = vec![slow_index];
    loop {
        let needed = names(&group.iter().map(|&i| &suite[i]).collect::<Vec<_>>(), false);
        let feeder = (start_index + 1..slow_index).rev().find(|i| {
            !group.contains(i)
                && names(&[&suite[*i]], true)
                    .iter()
                    .any(|n| needed.contains(n))
        });
        let Some(i) = feeder else { break };
        if touches_conn(&suite[i]) {
            let name = names(&[&suite[i]], true)
                .into_iter()
                .find(|n| needed.contains(n))
                .unwrap_or_default();
            return Err(format!(
                "it uses `{name}`, set inside the transaction; {manual}"
            ));
        }
        group.push(i);
    }
    group.sort_unstable();
    let moved: Vec<&Stmt> = group.iter().map(|&i| &suite[i]).collect();
    let staying: Vec<&Stmt> = (start_index..slow_index)
        .filter(|i| !group.contains(i))
        .map(|i| &suite[i])
        .collect();
    let (moved_loads, moved_stores) = (names(&moved, false), names(&moved, true));
    let (staying_loads, staying_stores) = (names(&staying, false), names(&staying, true));
    if let Some(name) = moved_loads.iter().find(|n| staying_stores.contains(n)) {
        return Err(format!(
            "it uses `{name}`, set inside the transaction; {manual}"
        ));
    }
    if let Some(name) = moved_stores
        .iter()
        .find(|n| staying_loads.contains(n) || staying_stores.contains(n))
    {
        return Err(format!(
            "it sets `{name}`, which the transaction uses; {manual}"
        ));
    }
    if moved.iter().any(|s| touches_conn(s)) {
        return Err(format!("it uses `{label}`; {manual}"));
    }
    let jumps = transactions::scope_stmts(&suite[start_index..slow_index])
        .iter()
        .any(|s| {
            matches!(
                s,
                Stmt::Return(_) | Stmt::Raise(_) | Stmt::Break(_) | Stmt::Continue(_)
            )
        });
    if jumps {
        return Err(format!(
            "a statement in between can leave the block early; {manual}"
        ));
    }
    let anchor = &suite[start_index];
    if !codegen::owns_lines(model.text, anchor)
        || moved.iter().any(|s| !codegen::owns_lines(model.text, s))
    {
        return Err(manual);
    }
    let nl = model.stylist.newline.as_str();
    let mut text = String::new();
    let mut edits = Vec::new();
    for stmt in &moved {
        let lines = codegen::statement_lines(model.text, stmt, stmt);
        text.push_str(model.slice(lines));
        if !text.ends_with('\n') && !text.ends_with('\r') {
            text.push_str(nl);
        }
        edits.push(Edit::delete(lines));
    }
    edits.insert(
        0,
        Edit::insert(codegen::line_start(model.text, anchor.start()), text),
    );
    Ok(edits)
}
