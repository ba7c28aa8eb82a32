//! `PRAGMA journal_mode=WAL` before `PRAGMA busy_timeout=N` on one connection
//! (semantic/pragma_order.rs finds them). Reported by SQF101 for sqlite3 and by
//! SQF111 for aiosqlite: both rules own the PRAGMAs a connection is opened
//! with, and the hazard is in their order. The switch to WAL needs the lock, so
//! it waits only the timeout the connection has when it runs (the connect's 5 s
//! by default) and fails with "database is locked" beside another process's
//! read that the later, longer timeout would have outwaited
//! (docs/sqlite-facts.md#F-wal-busy-order).
//!
//! Reported where a second party is known or possible (the caller's check):
//! alone, a connection meets no lock it does not hold (F-busy-needs-two).
//!
//! The fix moves the busy-timeout statement to the line before the WAL switch.
//! Safe when only other PRAGMAs on the same connection lie between them (the
//! move changes the wait of the WAL switch alone, which then waits as long as
//! the author asked for everywhere else); unsafe otherwise, since the
//! statements in between would wait longer too.

use ruff_text_size::Ranged;

use super::super::Context;
use crate::finding::{Confidence, Finding, Severity};
use crate::fix::{Edit, Fix, codegen};
use crate::semantic::pragma_order::{self, WalBeforeTimeout};
use crate::semantic::second_party::SecondParty;

/// The findings for the module's connections of one driver (`aiosqlite`
/// false: sqlite3).
pub fn findings(
    ctx: &Context<'_, '_>,
    meta: &'static crate::codemods::Meta,
    aiosqlite: bool,
) -> Vec<Finding> {
    let party = ctx.pragma_party();
    if matches!(party, SecondParty::None(_)) {
        return Vec::new();
    }
    let model = ctx.model;
    pragma_order::wal_before_timeout(model)
        .into_iter()
        .filter(|pair| pair.aiosqlite == aiosqlite)
        .map(|pair| {
            let waited = seconds(pair.connect_ms);
            let asked = pair
                .timeout_ms
                .map_or_else(|| "the longer wait".to_string(), |ms| format!("the {} wait", seconds(ms)));
            let mut message = format!(
                "`PRAGMA journal_mode=WAL` runs before `{}`'s busy timeout is raised: switching \
                 the file to WAL needs its lock, and until then the connection waits only {waited}, \
                 so beside another process's read it fails with \"database is locked\" where \
                 {asked} set next would have carried it",
                pair.receiver
            );
            if let SecondParty::Known(who) = party {
                message.push_str(&format!("; concurrent with {who}"));
            }
            let mut finding = Finding::new(meta, pair.wal.range(), message)
                .with_severity(Severity::High)
                .with_note(
                    "set the busy timeout first (or pass `timeout=` to connect), then switch \
                     to WAL (docs/sqlite-facts.md#F-wal-busy-order)",
                );
            if matches!(party, SecondParty::Unknown) {
                finding = finding.with_confidence(Confidence::Medium);
            }
            if let Some(fix) = fix(ctx, &pair) {
                finding = finding.with_fix(fix);
            }
            finding
        })
        .collect()
}

/// `5 s`, `0.5 s`, `30 s`.
fn seconds(ms: f64) -> String {
    let s = ms / 1000.0;
    if s.fract() == 0.0 {
        format!("{s:.0} s")
    } else {
        format!("{s} s")
    }
}

/// Move the timeout statement's lines to just before the WAL statement.
fn fix(ctx: &Context<'_, '_>, pair: &WalBeforeTimeout<'_, '_>) -> Option<Fix> {
    let text = ctx.model.text;
    if !codegen::owns_lines(text, pair.wal.stmt) || !codegen::owns_lines(text, pair.timeout.stmt) {
        return None;
    }
    let lines = codegen::statement_lines(text, pair.timeout.stmt, pair.timeout.stmt);
    let mut moved = text[lines].to_string();
    if !moved.ends_with(['\n', '\r']) {
        moved.push_str(ctx.model.stylist.newline.as_str());
    }
    let edits = vec![
        Edit::insert(codegen::line_start(text, pair.wal.stmt.start()), moved),
        Edit::delete(lines),
    ];
    let title = "Set the busy timeout before switching to WAL";
    Some(if pair.only_pragmas_between {
        Fix::safe(title, edits)
    } else {
        Fix::unsafe_(title, edits)
    })
}
