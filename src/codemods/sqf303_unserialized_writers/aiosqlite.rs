//! SQF303 on the event loop: aiosqlite write transactions in coroutines, with
//! nothing but SQLite's busy handler to order them.
//!
//! aiosqlite runs each connection's statements on that connection's own thread,
//! one at a time, but nothing keeps one task's *transaction* together:
//! - **A connection tasks share** (a module global, `self._db`): the statements
//!   of concurrent tasks reach it interleaved. A second task's `BEGIN` raises
//!   "cannot start a transaction within a transaction", its statements land in
//!   the first task's transaction, and one task's commit or rollback ends the
//!   other's writes. The lock is required.
//! - **A connection per task** (opened in the coroutine, or handed in): each
//!   waiting writer sleeps and polls in SQLite's busy handler (F-busy-polls) on
//!   its worker thread, so under load the write p99 is set by the naps, not the
//!   work, on a loaded machine; on an idle one the naps stayed short. The lock
//!   is advice there, not an applied fix.
//!
//! Fix (unsafe): the statements from the transaction's first statement (or the
//! read whose rows decide its write) to its commit or rollback go inside
//! `async with _db_write_lock():`. The helper is defined once, in the project's
//! database module, and imported elsewhere; it hands out one `asyncio.Lock` per
//! event loop, because a lock made at import time binds to the first loop that
//! waits on it and raises "is bound to a different event loop" in the next (a
//! test suite runs one loop per test).
//!
//! Not reported on a shared connection whose every write transaction in the
//! module is one `execute` committed by the next statement, with no read
//! deciding it (semantic::one_statement): what lands in another task's
//! transaction is a whole write, committed whole.
//!
//! Not reported in start-up code (a schema-migration module, a start hook and
//! what only it calls): the loop's other tasks do not exist yet, and an
//! `asyncio.Lock` would not order another process.
//!
//! Refused, with the reason: a unit that awaits anything but the database
//! (network, `asyncio.to_thread`, a queue, a sleep), or does slow sync work,
//! would make every writer wait through it; a unit that awaits a function of the
//! module that writes, or a function whose callers already hold a lock, would
//! take the lock twice, and `asyncio.Lock` is not re-entrant: a deadlock.

use ruff_python_ast::Stmt;
use ruff_text_size::{Ranged, TextRange};

use super::{
    Edit, Fix, UnserializedWriters, codegen, is_data_write, lock_ref_of, transaction,
    try_with_handlers,
};
use crate::codemods::{Codemod, Context};
use crate::finding::{Confidence, Finding, Severity};
use crate::semantic::connections::{ConnKey, Driver};
use crate::semantic::model::{Callee, Model};
use crate::semantic::scopes::FuncId;
use crate::semantic::transactions::{Flow, Op};
use crate::semantic::{slow, threads};

/// The helper that returns the running loop's write lock.
pub const LOCK_FN: &str = "_db_write_lock";

/// aiosqlite methods that only talk to the database (a connection's or a cursor's).
const DB_METHODS: &[&str] = &[
    "execute",
    "executemany",
    "executescript",
    "execute_fetchall",
    "execute_insert",
    "fetchone",
    "fetchall",
    "fetchmany",
    "commit",
    "rollback",
    "close",
];

/// One transaction to lock, or why it cannot be locked automatically.
struct Unit<'a> {
    stmts: Option<&'a [Stmt]>,
    range: TextRange,
    manual: Option<String>,
}

pub(super) fn check(codemod: &UnserializedWriters, ctx: &Context<'_, '_>, out: &mut Vec<Finding>) {
    if !uses_aiosqlite(ctx) {
        return;
    }
    let model = ctx.model;
    let mut lock: Option<(String, Vec<Edit>)> = None;
    let before = out.len();
    let single = crate::semantic::one_statement::keys(model, ctx.flows());
    for flow in ctx.flows() {
        if !model.scopes.function(flow.scope).is_async() || !on_aiosqlite(ctx, flow) {
            continue;
        }
        // Start-up code (a migration module, a start hook and what only it
        // calls) runs before the loop's other tasks exist: no writer of this
        // process waits for it, and the lock orders no other process.
        if at_start(ctx, flow) {
            continue;
        }
        let units = units(ctx, flow);
        if !task_shared(flow) && !sustained(model, flow, &units) {
            continue;
        }
        // Every write transaction on this shared connection is one statement
        // committed at once (semantic::one_statement): a statement caught in
        // another task's transaction is committed whole with it, and no read
        // decides this flow's writes. Nothing to keep together.
        if task_shared(flow)
            && single.contains(&flow.key)
            && crate::codemods::sqf305_deferred_read_then_write::hazards(ctx, flow).is_empty()
        {
            continue;
        }
        // One loop task or job writes these tables, and it never overlaps itself.
        if ctx.one_writer().writes_alone(ctx.project, flow) {
            continue;
        }
        for unit in units {
            let lock = lock.get_or_insert_with(|| lock_ref(ctx));
            out.push(report(codemod, ctx, flow, &unit, lock));
        }
    }
    if !out[before..].iter().any(|f| f.fix.is_some()) {
        out.extend(home_definition(codemod, ctx));
    }
}

/// `_db_write_lock` as this module can call it, and the edits that make it exist.
fn lock_ref(ctx: &Context<'_, '_>) -> (String, Vec<Edit>) {
    let (name, edits) = lock_ref_of(ctx, LOCK_FN, lock_code);
    (format!("{name}()"), edits)
}

fn lock_code(model: &Model<'_>) -> (String, Vec<Edit>) {
    let (asyncio, a) = codegen::module_ref(model, "asyncio");
    let (weakref, w) = codegen::module_ref(model, "weakref");
    let code = format!(
        "# Held from BEGIN to COMMIT by every aiosqlite write transaction in this process:\n# writers queue here in order instead of sleeping in SQLite's polling busy handler,\n# and tasks sharing a connection never mix their transactions. One lock per event\n# loop (an asyncio.Lock made at import binds to the first loop that waits on it).\n# Not re-entrant: code holding it must not call code that takes it.\n_DB_WRITE_LOCKS = {weakref}.WeakKeyDictionary()\n\n\ndef {LOCK_FN}():\n    loop = {asyncio}.get_running_loop()\n    lock = _DB_WRITE_LOCKS.get(loop)\n    if lock is None:\n        lock = _DB_WRITE_LOCKS[loop] = {asyncio}.Lock()\n    return lock"
    );
    (code, imports_together(model, a, w))
}

/// Two imports that each open the standard-library section at the same place
/// would each bring its own blank line after it: one edit, one blank line.
fn imports_together(model: &Model<'_>, a: Option<Edit>, b: Option<Edit>) -> Vec<Edit> {
    let nl = model.stylist.newline.as_str();
    let blank = format!("{nl}{nl}");
    match (a, b) {
        (Some(a), Some(b))
            if a.range == b.range
                && a.range.is_empty()
                && a.content.ends_with(&blank)
                && b.content.ends_with(&blank) =>
        {
            let first = &a.content[..a.content.len() - nl.len()];
            vec![Edit {
                content: format!("{first}{}", b.content),
                ..a
            }]
        }
        (a, b) => a.into_iter().chain(b).collect(),
    }
}

/// Some module of the project imports aiosqlite.
fn uses_aiosqlite(ctx: &Context<'_, '_>) -> bool {
    ctx.model.imports.iter().any(|i| is_aiosqlite(&i.target))
        || ctx.project.index.memo(ProjectImportsAiosqlite::of).0
}

fn is_aiosqlite(target: &str) -> bool {
    target == "aiosqlite" || target.starts_with("aiosqlite.")
}

/// Whether some indexed module imports aiosqlite: asked by every check, so
/// answered once per run instead of scanning every module's imports each time.
struct ProjectImportsAiosqlite(bool);

impl ProjectImportsAiosqlite {
    fn of(index: &crate::semantic::ProjectIndex) -> Self {
        ProjectImportsAiosqlite(
            index
                .modules
                .iter()
                .any(|m| m.imports.iter().any(|i| is_aiosqlite(&i.target))),
        )
    }
}

/// The flow's connection is an aiosqlite one: opened by aiosqlite here, or
/// handed in (a parameter, an imported global) and only ever awaited, in a
/// project that uses aiosqlite.
fn on_aiosqlite(ctx: &Context<'_, '_>, flow: &Flow<'_, '_>) -> bool {
    match flow.site {
        Some(site) => site.driver == Driver::Aiosqlite,
        None => {
            let _ = ctx;
            let calls: Vec<_> = flow.events.iter().filter_map(|e| e.call).collect();
            !calls.is_empty() && calls.iter().all(|c| c.is_awaited())
        }
    }
}

/// A connection concurrent tasks share: a module global or an attribute of a
/// long-lived object, rather than one the coroutine opens or is handed.
/// Whether a per-task connection's writes keep the database contended, so that
/// queueing writers beats SQLite's polling naps: the connection outlives one
/// transaction (handed to write helpers by a longer task, as a pipeline does), the
/// coroutine writes several times, or it commits in a loop. A connection a handler
/// opens for one short write transaction holds the lock for a few milliseconds;
/// the rare overlap costs one nap, and the lock would only add an await (on the
/// real applications the per-task finding was reported on such handlers, e.g.
/// a chat bot's event listeners, where nobody would act on it).
fn sustained(model: &Model<'_>, flow: &Flow<'_, '_>, units: &[Unit<'_>]) -> bool {
    // A command a person types runs a few times a minute: its writers do not queue.
    if crate::semantic::commands::person_paced(model, flow.scope) {
        return false;
    }
    if flow.site.is_none() || units.len() > 1 {
        return true;
    }
    // A commit inside a loop: one write transaction per turn. Writes in a loop
    // committed once after it are one transaction, like any other single one.
    let body = &model.scopes.function(flow.scope).def.body;
    flow.events.iter().any(|e| {
        matches!(e.op, Op::Commit { .. })
            && !crate::semantic::loops::enclosing_loops(body, e.range).is_empty()
    })
}

/// Whether the flow's function runs only at start-up: a schema-migration
/// module (`second_party::is_startup_only`) or a start-up function
/// (semantic::startup_functions).
fn at_start(ctx: &Context<'_, '_>, flow: &Flow<'_, '_>) -> bool {
    if crate::semantic::second_party::is_startup_only(ctx.model.path) {
        return true;
    }
    let Some(first) = flow.events.first() else {
        return false;
    };
    ctx.runs_at_start(first.range.start())
}

fn task_shared(flow: &Flow<'_, '_>) -> bool {
    matches!(flow.key, ConnKey::Global { .. } | ConnKey::SelfAttr { .. })
}

/// The write transactions of a flow that end in this function, outermost only.
fn units<'a>(ctx: &Context<'_, 'a>, flow: &Flow<'_, 'a>) -> Vec<Unit<'a>> {
    let model = ctx.model;
    let scope = flow.scope;
    let body: &'a [Stmt] = &model.scopes.function(scope).def.body;
    // Reads whose rows decide a write: the lock must cover them too, or two
    // tasks read the same value before either writes.
    let decided = crate::codemods::sqf305_deferred_read_then_write::hazards(ctx, flow);
    let mut out: Vec<Unit<'a>> = Vec::new();
    for tx in flow.transactions() {
        let Some(start) = tx.start else { continue };
        let in_tx = |i: usize| {
            i == start
                || flow.events[i]
                    .before
                    .iter()
                    .any(|s| s.open().is_some_and(|t| t.start == tx.start))
        };
        let writes: Vec<usize> = (0..flow.events.len())
            .filter(|&i| is_data_write(&flow.events[i].op) && in_tx(i))
            .collect();
        if writes.is_empty() {
            continue;
        }
        let start_range = flow.events[start].range;
        if threads::locked_at(model, scope, start_range) {
            continue;
        }
        let closers = flow.closers(tx.start);
        if closers.is_empty() {
            // A connection handed in, committed by its owner: locked there.
            if flow.site.is_some() || task_shared(flow) {
                out.push(Unit {
                    stmts: None,
                    range: start_range,
                    manual: Some("the transaction is committed outside this function; hold the lock from its first statement to its commit".into()),
                });
            }
            continue;
        }
        if closers.iter().any(|&c| {
            !matches!(
                flow.events[c].op,
                Op::Commit { .. } | Op::Rollback { .. } | Op::Close
            )
        }) {
            continue;
        }
        let mut ranges = vec![start_range];
        ranges.extend(closers.iter().map(|&c| flow.events[c].range));
        for h in &decided {
            if writes.contains(&h.write) && flow.events[h.read].range.start() < start_range.start()
            {
                ranges.push(flow.events[h.read].range);
            }
        }
        match transaction::common_unit(body, &ranges) {
            Some((suite, lo, hi)) => {
                let stmts = try_with_handlers(body, &suite[lo..=hi]);
                out.push(Unit {
                    stmts: Some(stmts),
                    range: TextRange::new(stmts[0].start(), stmts[stmts.len() - 1].end()),
                    manual: None,
                });
            }
            None => out.push(Unit {
                stmts: None,
                range: start_range,
                manual: Some("the transaction does not fit one block; hold the lock from its first statement to its commit by hand".into()),
            }),
        }
    }
    let ranges: Vec<TextRange> = out.iter().map(|u| u.range).collect();
    out.into_iter()
        .enumerate()
        .filter(|(i, u)| {
            !ranges
                .iter()
                .enumerate()
                .any(|(j, r)| j != *i && r.contains_range(u.range) && *r != u.range)
        })
        .map(|(_, u)| u)
        .collect()
}

fn report(
    codemod: &UnserializedWriters,
    ctx: &Context<'_, '_>,
    flow: &Flow<'_, '_>,
    unit: &Unit<'_>,
    lock: &(String, Vec<Edit>),
) -> Finding {
    let model = ctx.model;
    let label = &flow.label;
    let at = flow
        .events
        .iter()
        .find(|e| {
            unit.range.contains_range(e.range)
                && matches!(e.op, Op::Begin(_) | Op::Write | Op::Script(_))
        })
        .map_or(unit.range, |e| e.range);
    let shared = task_shared(flow);
    let message = if shared {
        format!(
            "Write transaction on `{label}`, an aiosqlite connection concurrent tasks share, with nothing keeping it whole: another task's BEGIN raises 'cannot start a transaction within a transaction', its statements land in this transaction, and one task's commit or rollback ends the other's writes"
        )
    } else {
        format!(
            "aiosqlite write transaction on `{label}` with nothing ordering the writers of this process: concurrent tasks wait in SQLite's polling busy handler (naps up to 100 ms on each connection's thread), so the write p99 is set by the naps"
        )
    };
    let finding = Finding::new(codemod.meta(), at, message);
    let finding = if shared {
        finding.with_severity(Severity::High)
    } else {
        finding
            .with_severity(Severity::Medium)
            .with_confidence(Confidence::Medium)
    };
    if !shared {
        // The queue's gain over the busy handler shows under a loaded machine and
        // not on an idle one (the fix-truth harness measured both): advice only.
        return finding.with_note(format!(
            "if the write p99 is over target, queue the writers: hold `async with {}:` from the transaction's first statement to its commit (not applied: its gain over the busy handler depends on load)",
            lock.0
        ));
    }
    let (lock_call, lock_edits) = lock;
    let stmts = match (unit.stmts, &unit.manual) {
        (Some(stmts), _) => stmts,
        (None, why) => {
            return finding.with_note(why.clone().unwrap_or_default());
        }
    };
    if let Some(why) = refusal(ctx, flow, stmts, unit.range) {
        return finding.with_note(why);
    }
    if !stmts.iter().all(|s| codegen::owns_lines(model.text, s)) {
        return finding.with_note("the statements share lines with other code; wrap them by hand");
    }
    let wrap = match stmts
        .iter()
        .position(|s| is_lock_block(model, flow.scope, s))
    {
        // The transaction's first statements sit just before a block that holds
        // the lock already (another fix locked the read, then a BEGIN went in
        // before it): they move into that block rather than under a second,
        // nested lock, which would never be granted.
        Some(i) if i + 1 == stmts.len() && i > 0 => extend_lock_block(model, stmts),
        Some(_) => {
            return finding.with_note(
                "part of the transaction already holds a lock: extend that block by hand (an asyncio.Lock is not re-entrant)",
            );
        }
        None => from_previous_newline(
            model,
            transaction::wrap_in_block(model, stmts, &format!("async with {lock_call}"), &[]),
        ),
    };
    let mut edits = vec![wrap];
    edits.extend(lock_edits.iter().cloned());
    let why = if shared {
        "required: tasks sharing the connection now run their transactions one at a time"
    } else {
        "a latency fix: writers now queue on the loop in order instead of polling"
    };
    finding
        .with_fix(Fix::unsafe_(
            format!("Serialize the transaction: `async with {lock_call}:`"),
            edits,
        ))
        .with_note(format!(
            "{why}; every aiosqlite writer of this process takes `{lock_call}` (one asyncio.Lock per event loop, not re-entrant) from its first statement to its commit, and other processes still meet in SQLite's busy handler"
        ))
}

/// Why the lock must not go around `stmts`, if so.
fn refusal(
    ctx: &Context<'_, '_>,
    flow: &Flow<'_, '_>,
    stmts: &[Stmt],
    span: TextRange,
) -> Option<String> {
    let model = ctx.model;
    let scope = flow.scope;
    let body: &[Stmt] = &model.scopes.function(scope).def.body;
    let line = |r: TextRange| model.line_column(r.start()).0;
    if let Some((call, what)) = slow::lock_hostile_call(model, Some(scope), span, body, |_| false) {
        return Some(format!(
            "not locked automatically: `{}` on line {} {what}, and every writer of the process would wait through it; move it before the transaction or after its commit",
            slow::callee_text(model, call),
            line(call.range()),
        ));
    }
    let _ = stmts;
    // The connection's own statements; a call it is handed to (`Op::Escape`) is
    // judged below like any other call.
    let db_call = |range: TextRange| {
        flow.events
            .iter()
            .any(|e| e.range == range && e.op != Op::Escape)
    };
    for call in model.calls_in(Some(scope)) {
        if call.in_lambda || !call.is_awaited() || !span.contains_range(call.range()) {
            continue;
        }
        if db_call(call.range()) {
            continue;
        }
        if let Callee::Method { name, .. } = &call.callee {
            if DB_METHODS.contains(&name.as_str()) {
                continue;
            }
        }
        let text = slow::callee_text(model, call);
        if let Callee::Local(name) = &call.callee {
            if let Some(target) = model.scopes.module_function(name) {
                if writes(ctx, target) {
                    return Some(format!(
                        "not locked automatically: `{text}` on line {} writes too and would take the lock again, and an asyncio.Lock is not re-entrant (a deadlock); lock the outer transaction by hand and leave the inner one unlocked",
                        line(call.range()),
                    ));
                }
                if only_database(model, target) {
                    continue;
                }
            }
        }
        return Some(format!(
            "not locked automatically: the transaction awaits `{text}` on line {}, and every writer of the process would wait while it waits; move it before the transaction or after its commit",
            line(call.range()),
        ));
    }
    let function = model.scopes.function(scope);
    let name = function.name();
    let called_locked = model.calls.iter().any(|c| {
        matches!(&c.callee, Callee::Local(n) if n == name)
            && c.scope
                .is_some_and(|s| threads::locked_at(model, s, c.range()))
    });
    if called_locked {
        return Some(format!(
            "not locked automatically: `{name}` is called with a lock held, and an asyncio.Lock is not re-entrant (a deadlock)"
        ));
    }
    None
}

/// Function `target` of this module writes through a connection.
fn writes(ctx: &Context<'_, '_>, target: FuncId) -> bool {
    ctx.flows_of(target).iter().any(|f| {
        f.events
            .iter()
            .any(|e| matches!(e.op, Op::Write | Op::Script(_)))
    })
}

/// Everything function `target` awaits is a database method.
fn only_database(model: &Model<'_>, target: FuncId) -> bool {
    model.calls_in(Some(target)).all(|c| {
        !c.is_awaited()
            || matches!(&c.callee, Callee::Method { name, .. } if DB_METHODS.contains(&name.as_str()))
    }) && slow::lock_hostile_call(
        model,
        Some(target),
        model.scopes.function(target).def.range,
        &model.scopes.function(target).def.body,
        |_| false,
    )
    .is_none()
}

/// In the database module: a finding that defines the helper when coroutines of
/// other modules write through aiosqlite and will import it.
fn home_definition(codemod: &UnserializedWriters, ctx: &Context<'_, '_>) -> Option<Finding> {
    let model = ctx.model;
    let view = ctx.project;
    let index = view.index;
    let own = view.module?;
    if model.module_names.contains(LOCK_FN) || super::home_module(index)? != own {
        return None;
    }
    let mut users: Vec<String> = index
        .modules
        .iter()
        .enumerate()
        .filter(|(m, module)| {
            *m != own
                && module
                    .functions
                    .iter()
                    .any(|f| f.is_async && f.unlocked_writes())
                && super::can_reach_lock(index, *m, own)
        })
        .map(|(_, module)| crate::diff::display_path(&module.path))
        .collect();
    if users.is_empty() {
        return None;
    }
    users.sort();
    users.dedup();
    let def = super::fresh_factory(model, view)?;
    let (_, edits) = lock_ref(ctx);
    Some(
        Finding::new(
            codemod.meta(),
            def.def.name.range(),
            format!(
                "The write lock that orders the aiosqlite write transactions of {} belongs here, next to the connection factory",
                users.join(", ")
            ),
        )
        .with_severity(Severity::Medium)
        .with_fix(Fix::unsafe_(format!("Define `{LOCK_FN}` here"), edits))
        .with_note("only the definition; the transactions that take it are fixed in their own modules"),
    )
}

/// `async with <lock>:` (or `with <lock>:`).
fn is_lock_block(model: &Model<'_>, scope: FuncId, stmt: &Stmt) -> bool {
    matches!(stmt, Stmt::With(w) if w.items.iter().any(|i| threads::is_lock_expr(model, &i.context_expr, Some(scope))))
}

/// Moves `stmts[..last]` into the lock block `stmts[last]`, as its first lines.
fn extend_lock_block(model: &Model<'_>, stmts: &[Stmt]) -> Edit {
    let text = model.text;
    let last = &stmts[stmts.len() - 1];
    let Stmt::With(block) = last else {
        unreachable!("extend_lock_block is called on a lock block")
    };
    let header_end = codegen::line_start(text, block.body[0].start());
    let header = &text[TextRange::new(codegen::line_start(text, last.start()), header_end)];
    let moved = TextRange::new(
        codegen::line_start(text, stmts[0].start()),
        codegen::line_start(text, last.start()),
    );
    let unit = model.stylist.indent.clone();
    let code = format!("{header}{}", codegen::indent_lines(model, moved, &unit));
    Edit::replace(TextRange::new(moved.start(), header_end), code)
}

/// The same edit, starting at the line break before it. A line another fix
/// inserts before the block's first statement (SQF305's `BEGIN IMMEDIATE` before
/// a read) then conflicts with the wrap and waits for the next round, where it
/// lands inside the lock; inserted in the same round it would sit outside it.
fn from_previous_newline(model: &Model<'_>, edit: Edit) -> Edit {
    let text = model.text;
    let start = usize::from(edit.range.start());
    let before = &text[..start];
    let nl = if before.ends_with("\r\n") {
        2
    } else if before.ends_with('\n') || before.ends_with('\r') {
        1
    } else {
        return edit;
    };
    let at = start - nl;
    let range = TextRange::new(
        ruff_text_size::TextSize::try_from(at).unwrap_or_default(),
        edit.range.end(),
    );
    Edit::replace(range, format!("{}{}", &text[at..start], edit.content))
}
