//! A project's write helper that commits but never begins (`with self.conn:
//! yield self.conn`, or `yield conn` then `conn.commit()`), whose callers
//! read, decide in Python and write inside it (semantic::unbegun_helpers).
//! The reads run in autocommit before Python's implicit BEGIN
//! (F-implicit-begin), so another process or thread can change the rows
//! between the check and the write: a lost update, or a delete decided on
//! rows that have changed. A lock the helper holds around its `yield`
//! serializes the threads of one process only.
//!
//! Reported once, at the helper's `yield`, listing its callers; only blocks
//! whose write rests on what they read count. The fix sends `BEGIN IMMEDIATE`
//! before the `yield` unless a transaction is already open (a nested use, or
//! one the caller began): the block then reads and writes in one transaction
//! that holds the write lock, the helper's own commit ends it, and its
//! rollback on error (`with conn:`) undoes it.

use rustc_hash::FxHashMap as HashMap;

use super::helper::{listed_callers, users_named};
use crate::codemods::{Context, Meta};
use crate::finding::{Confidence, Finding, Severity};
use crate::fix::{Fix, statements};
use crate::semantic::second_party::SecondParty;
use crate::semantic::threads::{self, Node};
use crate::semantic::transactions::scope_stmts;
use crate::semantic::tx_helpers::TxBlock;
use crate::semantic::unbegun_helpers::{self, UnbegunHelper};
use ruff_text_size::Ranged;

pub(super) fn check(meta: &'static Meta, ctx: &Context<'_, '_>, out: &mut Vec<Finding>) {
    let helpers = unbegun_helpers::helpers(ctx.model);
    if helpers.is_empty() {
        return;
    }
    let party = ctx.second_party();
    if matches!(party, SecondParty::None(_)) {
        return;
    }
    let mut threaded: Option<HashMap<Node, String>> = None;
    for helper in &helpers {
        let names = vec![helper.qualname.clone()];
        let users: Vec<(Option<usize>, &TxBlock)> =
            users_named(ctx, &helper.qualname, &names, helper.is_method)
                .into_iter()
                .filter(|(_, b)| b.uses_read)
                .collect();
        if users.is_empty() {
            continue;
        }
        let threaded = threaded.get_or_insert_with(|| threads::threaded_nodes(ctx.project));
        out.push(report(meta, ctx, helper, &users, threaded, party));
    }
}

fn report(
    meta: &'static Meta,
    ctx: &Context<'_, '_>,
    helper: &UnbegunHelper,
    users: &[(Option<usize>, &TxBlock)],
    threaded: &HashMap<Node, String>,
    party: &SecondParty,
) -> Finding {
    let (listed, more) = listed_callers(ctx, users);
    let message = format!(
        "`{}` commits `{}` but never begins a transaction: {} inside it, {}{more}; the reads run in autocommit before Python's implicit BEGIN, so a concurrent writer can change the rows between the check and the write (lost update)",
        helper.qualname,
        helper.conn,
        match users.len() {
            1 => "1 caller reads then writes what it read".to_string(),
            n => format!("{n} callers read then write what they read"),
        },
        listed.join(", "),
    );
    let on_threads = users.iter().find_map(|(m, b)| {
        threaded
            .get(&(*m, b.function.clone()))
            .map(|root| (b, root))
    });
    let lock = helper.lock.as_deref().map_or(String::new(), |l| {
        format!("`{l}` serializes the threads of one process only; ")
    });
    let (severity, context) = match (on_threads, party) {
        (Some((block, root)), _) if helper.lock.is_none() => (
            Severity::High,
            if *root == block.function {
                format!("`{root}` runs on worker threads. ")
            } else {
                format!(
                    "`{}` runs on worker threads (reached from `{root}`). ",
                    block.function
                )
            },
        ),
        (_, SecondParty::Known(who)) => (Severity::High, format!("{lock}concurrent with {who}. ")),
        _ => (
            Severity::Medium,
            format!(
                "{lock}no concurrent writer was found in the project; it matters once two processes (or threads outside the helper's lock) write these rows. "
            ),
        ),
    };
    let mut finding = Finding::new(meta, helper.yield_stmt, message).with_severity(severity);
    if !matches!(party, SecondParty::Known(_)) && on_threads.is_none() {
        finding = finding.with_confidence(Confidence::Medium);
    }
    let conn = &helper.conn;
    let edit = scope_stmts(&ctx.model.scopes.function(helper.function).def.body)
        .into_iter()
        .find(|s| s.range() == helper.yield_stmt)
        .and_then(|stmt| {
            statements::insert_before(
                ctx.model,
                stmt,
                &format!(
                    "if not {conn}.in_transaction:\n    {conn}.execute(\"BEGIN IMMEDIATE\")\n"
                ),
            )
        });
    let note = format!(
        "{context}`BEGIN IMMEDIATE` before the `yield` makes each block one transaction holding the write lock from its first read: another writer waits in the busy handler, then sees the committed result. A caller that only reads now waits for writers too"
    );
    match edit {
        Some(edit) => finding
            .with_fix(Fix::unsafe_(
                "Begin the helper's transaction with `BEGIN IMMEDIATE`",
                vec![edit],
            ))
            .with_note(note),
        None => finding.with_note(note),
    }
}
