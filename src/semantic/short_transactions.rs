//! Every transaction on a database file is one short statement: each
//! connection to it runs at most one data write on any path (writes in other
//! arms of one `if/elif` dispatch do not add up), outside any loop and with no
//! `BEGIN` or script of its own, its reads are single statements, and the
//! function that writes is not itself run back to back (called in a loop, or
//! handed on as a callback or a loop task at a rate the module does not show).
//!
//! Then a writer waits for at most one other connection's statement, a few
//! milliseconds, well inside Python's 5 s busy wait (F-busy-default), and a
//! reader in the rollback journal holds its lock only while its one statement
//! runs. SQF303 does not report such a file: a Python lock would only move a
//! wait SQLite already keeps to one statement. The pragma advice (SQF101,
//! SQF111) stays, as a MONITOR finding with a note: maintainers do turn WAL on
//! for exactly this shape (a cost tracker inserting one row per request from a
//! web server's thread pool, `lifeos-cost-tracker-no-wal` in
//! bench/realfix/sites.toml), and bursts of such writes from many threads meet
//! lock errors without WAL (F-contention).
//!
//! Only what the module shows counts: a file that another module of the project
//! also opens, a connection kept on `self` or in a global, returned, or handed
//! to code the module does not see, keeps the full finding.

use ruff_text_size::Ranged;

use super::connections::{ConnSite, Holder};
use super::model::Model;
use super::project::ProjectView;
use super::transactions::{Flow, Op};

/// Whether every connection of the module to the file `identity` runs one short
/// statement per transaction, and no other module opens it.
pub fn one_statement_database(
    view: &ProjectView<'_>,
    model: &Model<'_>,
    sites: &[ConnSite<'_, '_>],
    flows: &[Flow<'_, '_>],
    identity: &str,
) -> bool {
    if opened_elsewhere(view, identity) {
        return false;
    }
    let mut any = false;
    for site in sites {
        if super::databases::identity_of_connect(model, site.call).as_deref() != Some(identity) {
            continue;
        }
        // A connection kept (on `self`, in a global) or returned is used by
        // code whose transactions are not this function's.
        if !matches!(site.holder, Holder::Local(_) | Holder::WithItem { .. }) {
            return false;
        }
        // A path spelled through another module (`a.DB_PATH`) may name a file
        // that module opens too, under an identity this one cannot match.
        if !matches!(
            site.call.argument(0, "database"),
            Some(ruff_python_ast::Expr::StringLiteral(_) | ruff_python_ast::Expr::Name(_))
        ) {
            return false;
        }
        for flow in flows
            .iter()
            .filter(|f| f.site.is_some_and(|s| s.call.range() == site.call.range()))
        {
            if !one_statement(model, flow) {
                return false;
            }
            any |= flow
                .events
                .iter()
                .any(|e| matches!(e.op, Op::Read | Op::Write));
        }
    }
    any
}

/// Whether every transaction on the file `identity` is one short statement
/// ([`one_statement_database`]) and every write to it is paced: made once per
/// turn of a loop that pauses a second or more each turn (semantic::paced),
/// directly or in a function only ever called so. Such writers hold the lock
/// milliseconds once a second at most, far sparser than the paced writers
/// that met no lock error up to sixteen threads (F-short-writers). Writers
/// called per request are not paced: their rate is the traffic's.
pub fn paced_database(
    view: &ProjectView<'_>,
    model: &Model<'_>,
    sites: &[ConnSite<'_, '_>],
    flows: &[Flow<'_, '_>],
    identity: &str,
) -> bool {
    if !one_statement_database(view, model, sites, flows, identity) {
        return false;
    }
    let mut any = false;
    for flow in flows.iter().filter(|f| {
        f.site.is_some_and(|s| {
            super::databases::identity_of_connect(model, s.call).as_deref() == Some(identity)
        })
    }) {
        for event in flow.events.iter().filter(|e| matches!(e.op, Op::Write)) {
            if !super::paced::in_paced_loop(model, Some(flow.scope), event.range)
                && !called_per_paced_turn(model, flow.scope, 2)
            {
                return false;
            }
            any = true;
        }
    }
    any
}

/// Whether function `scope` is only ever called by name in this module, each
/// call once per turn of a paced loop (or in a function itself called so,
/// `depth` levels up).
fn called_per_paced_turn(model: &Model<'_>, scope: super::scopes::FuncId, depth: usize) -> bool {
    let name = model.scopes.function(scope).name();
    let calls = calls_by_name(model, name);
    if calls.is_empty() || model.uses_of_name(name) != calls.len() {
        return false;
    }
    calls.iter().all(|c| {
        super::paced::in_paced_loop(model, c.scope, c.range())
            || c.scope.is_some_and(|caller| {
                caller != scope
                    && depth > 0
                    && super::loops::enclosing_loops(
                        &model.scopes.function(caller).def.body,
                        c.range(),
                    )
                    .is_empty()
                    && called_per_paced_turn(model, caller, depth - 1)
            })
    })
}

/// Whether another module of the project opens the database file `identity`:
/// its transactions are not the viewed module's to judge.
pub fn opened_elsewhere(view: &ProjectView<'_>, identity: &str) -> bool {
    super::facts::modules(view)
        .into_iter()
        .filter(|(m, _)| m.is_some())
        .any(|(_, m)| m.facts.databases.iter().any(|d| d.identity == identity))
}

/// Whether another module of the project opens the database file `identity`
/// and runs a data write (INSERT, UPDATE, DELETE, REPLACE) anywhere: its
/// transactions are not the viewed module's to judge. A module that opens the
/// file and only reads (a lookup helper) adds one-statement readers.
pub fn written_elsewhere(view: &ProjectView<'_>, identity: &str) -> bool {
    super::facts::modules(view)
        .into_iter()
        .filter(|(m, _)| m.is_some())
        .filter(|(_, m)| m.facts.databases.iter().any(|d| d.identity == identity))
        .any(|(_, m)| m.functions.iter().any(|f| f.effects.sql_write))
}

fn one_statement(model: &Model<'_>, flow: &Flow<'_, '_>) -> bool {
    let body = &model.scopes.function(flow.scope).def.body;
    let mut writes: Vec<ruff_text_size::TextRange> = Vec::new();
    for event in &flow.events {
        match &event.op {
            Op::Write => {
                writes.push(event.range);
                if !super::loops::enclosing_loops(body, event.range).is_empty()
                    && !committed_per_paced_turn(model, flow, event.range)
                {
                    return false;
                }
                if slow_before_commit(model, flow, event.range) {
                    return false;
                }
            }
            // A PRAGMA configures the connection; other SQL known only at run
            // time may be anything.
            Op::Other => {
                let pragma = event
                    .call
                    .and_then(|c| c.expr.arguments.args.first())
                    .is_some_and(|a| {
                        model
                            .slice(a.range())
                            .to_ascii_uppercase()
                            .contains("PRAGMA")
                    });
                if !pragma {
                    return false;
                }
            }
            Op::Begin(_) | Op::Script(_) | Op::Escape => return false,
            Op::Read
                if !super::loops::enclosing_loops(body, event.range).is_empty()
                    && !super::paced::in_paced_loop(model, Some(flow.scope), event.range) =>
            {
                return false;
            }
            _ => {}
        }
    }
    // Writes in different arms of one dispatch never share a transaction
    // (semantic::exclusive_paths).
    let chained = writes.iter().enumerate().any(|(i, a)| {
        writes[i + 1..]
            .iter()
            .any(|b| super::exclusive_paths::can_precede(body, *a, *b))
    });
    // Writes made once per turn of a paced loop of this function keep that
    // pace however often the function itself is started.
    let paced = writes
        .iter()
        .all(|w| super::paced::in_paced_loop(model, Some(flow.scope), *w));
    !chained && (writes.is_empty() || paced || !burst(model, flow.scope, 3))
}

/// The calls of `name` spelled as this module calls its own functions:
/// `name(...)` or `self.name(...)`.
fn calls_by_name<'m, 'a>(model: &'m Model<'a>, name: &str) -> Vec<&'m super::model::Call<'a>> {
    model
        .calls_named(name)
        .filter(|c| match &*c.expr.func {
            ruff_python_ast::Expr::Name(_) => true,
            ruff_python_ast::Expr::Attribute(a) => {
                matches!(&*a.value, ruff_python_ast::Expr::Name(n) if n.id.as_str() == "self")
            }
            _ => false,
        })
        .collect()
}

/// Whether function `scope` may run back to back: called inside a loop (of
/// its caller, or of theirs, `depth` levels up), or handed on by name (a
/// callback, a loop task) at a rate the module does not show.
fn burst(model: &Model<'_>, scope: super::scopes::FuncId, depth: usize) -> bool {
    let name = model.scopes.function(scope).name();
    let calls = calls_by_name(model, name);
    if model.uses_of_name(name) != calls.len() {
        return true;
    }
    // A call once per turn of a paced loop (semantic::paced) keeps that pace
    // however often its caller is started: no burst.
    calls.iter().any(|c| {
        if super::paced::in_paced_loop(model, c.scope, c.range()) {
            return false;
        }
        match c.scope {
            Some(caller) => {
                let body = &model.scopes.function(caller).def.body;
                !super::loops::enclosing_loops(body, c.range()).is_empty()
                    || (depth > 0 && burst(model, caller, depth - 1))
            }
            None => !super::loops::enclosing_loops(model.suite, c.range()).is_empty(),
        }
    })
}

/// A write inside a loop that is one short transaction per turn: the loop is
/// paced (semantic::paced), the write is its only loop, and the same turn
/// commits it (a `commit()`, or the end of a `with conn:` block) before any
/// pause or slow call, so the lock is never held across the turn's wait.
fn committed_per_paced_turn(
    model: &Model<'_>,
    flow: &Flow<'_, '_>,
    write: ruff_text_size::TextRange,
) -> bool {
    if !super::paced::in_paced_loop(model, Some(flow.scope), write) {
        return false;
    }
    let body = &model.scopes.function(flow.scope).def.body;
    let Some(loop_stmt) = super::loops::enclosing_loops(body, write).first().copied() else {
        return false;
    };
    commit_of(flow, write).is_some_and(|(commit, end)| {
        loop_stmt.range().contains_range(commit) && !slow_between(model, flow, write, end)
    })
}

/// The first commit that ends the transaction of `write` (a `commit()` after
/// it, or the exit of a `with conn:` block around it): its range and the
/// offset where the lock is released.
fn commit_of(
    flow: &Flow<'_, '_>,
    write: ruff_text_size::TextRange,
) -> Option<(ruff_text_size::TextRange, ruff_text_size::TextSize)> {
    flow.events
        .iter()
        .find(|e| match e.op {
            Op::Commit { .. } => e.range.start() > write.end(),
            Op::WithExit => e.range.contains_range(write),
            _ => false,
        })
        .map(|e| {
            let end = match e.op {
                Op::WithExit => e.range.end(),
                _ => e.range.start(),
            };
            (e.range, end)
        })
}

/// Whether a slow call (network, subprocess, sleep...) runs after `write`
/// and before `end`, while the write lock is held.
fn slow_between(
    model: &Model<'_>,
    flow: &Flow<'_, '_>,
    write: ruff_text_size::TextRange,
    end: ruff_text_size::TextSize,
) -> bool {
    model.calls_in(Some(flow.scope)).any(|c| {
        c.range().start() > write.end()
            && c.range().end() <= end
            && super::slow::slow_call(model, c).is_some()
    })
}

/// Whether `write` holds the lock across slow work: a slow call between it
/// and its commit (or the function's end when nothing in it commits), so its
/// transaction is not one short statement however few statements it has.
fn slow_before_commit(
    model: &Model<'_>,
    flow: &Flow<'_, '_>,
    write: ruff_text_size::TextRange,
) -> bool {
    let end = commit_of(flow, write)
        .map(|(_, end)| end)
        .unwrap_or_else(|| model.scopes.function(flow.scope).def.range.end());
    slow_between(model, flow, write, end)
}

/// The note a pragma finding carries on such a file.
pub const NOTE: &str = "every transaction on this file is one short statement: a writer waits for at most one other statement, milliseconds inside the 5 s busy wait (docs/sqlite-facts.md#F-busy-default); WAL matters once writes come in bursts (F-contention), so this is MONITOR advice";

/// The reason a one-statement file's pragma advice is at Low confidence: no
/// writer waits long. Every write path is one short statement and its commit,
/// none holds the lock across slow work, and no second process opens the file:
/// an overlap costs milliseconds inside the default 5 s busy wait
/// (F-busy-default). Kept, not dropped: maintainers do turn WAL on for this
/// shape (readers then never wait for a writer), and bursts from many threads
/// do meet lock errors (F-contention).
pub const NO_LONG_WAIT: &str = "no writer waits long: every write path is one short statement and a commit, with no slow work inside a transaction and no second process on the file, so the default 5 s busy wait covers any overlap (docs/sqlite-facts.md#F-busy-default); WAL would still spare readers the wait";

/// Whether the second party of a one-statement file leaves its advice at Low
/// confidence ([`NO_LONG_WAIT`]): not when it is another process, whose
/// writes the module does not show.
pub fn no_long_wait(party: &super::second_party::SecondParty) -> bool {
    !matches!(party, super::second_party::SecondParty::Known(who) if who.runs.other_processes())
}

/// The site is the program's only connection to its file, opened once at
/// import and shared (semantic/sole_connection.rs): a connection never waits
/// for its own lock (F-busy-needs-two).
pub fn only_connection(view: &ProjectView<'_>, model: &Model<'_>, site: &ConnSite<'_, '_>) -> bool {
    site.scope().is_none()
        && matches!(site.holder, Holder::Global(_))
        && super::sole_connection::second_connection(
            view,
            super::databases::identity_of_connect(model, site.call).as_deref(),
        )
        .is_none()
}

/// No writer on the file of connection `site` can wait for long: every
/// transaction on it is one short statement ([`one_statement_database`]), or
/// the site is the program's only connection to it, opened once at import
/// (a connection never waits for its own lock, F-busy-needs-two).
pub fn no_long_waits(
    view: &ProjectView<'_>,
    model: &Model<'_>,
    sites: &[ConnSite<'_, '_>],
    flows: &[Flow<'_, '_>],
    site: &ConnSite<'_, '_>,
) -> bool {
    only_connection(view, model, site)
        || super::databases::identity_of_connect(model, site.call)
            .is_some_and(|id| one_statement_database(view, model, sites, flows, &id))
}
