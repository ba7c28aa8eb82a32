//! SQF307 autocommit-commit-noop: Python 3.12 `autocommit=True` connections where
//! the code relies on `commit()`, `rollback()` or `with conn:` to end a
//! transaction. With `autocommit=True` all three do nothing (F-autocommit).
//!
//! Matched from the transaction model: a transaction the code opened with
//! `BEGIN ...` that reaches `conn.commit()` / `conn.rollback()` (no-ops), the end
//! of a `with conn:` block (no-op), or the end of the function, still open: it
//! keeps the write lock, and every other connection's writes fail with
//! "database is locked" until something sends COMMIT. Also a `with conn:` block
//! with several writes and no BEGIN, written as if it were atomic: each statement
//! commits on its own and nothing is rolled back on an exception.
//!
//! The fix is display-only: `conn.execute("COMMIT")` / `conn.execute("ROLLBACK")`
//! in place of the no-op calls. It changes what is committed and when, which
//! needs a fix-truth test, and `autocommit` only exists from Python 3.12: the
//! python3 the tests run (3.11) rejects the keyword, so the hazard cannot be shown
//! by running code there. The behaviour was checked by hand on CPython 3.12.1:
//! after `BEGIN IMMEDIATE`, `commit()` leaves `in_transaction` True and a second
//! connection's INSERT fails with "database is locked"; `with conn:` neither
//! commits nor rolls back.

use ruff_python_ast as ast;
use ruff_text_size::Ranged;

use super::{Codemod, Context};
use crate::finding::{Finding, Severity};
use crate::fix::{Edit, Fix, transaction};
use crate::semantic::transactions::{ExitKind, Flow, Op, TxMode};

pub struct AutocommitCommitNoop;

impl Codemod for AutocommitCommitNoop {
    crate::codemod_meta!("SQF307-autocommit-commit-noop");

    fn check(&self, ctx: &Context<'_, '_>, out: &mut Vec<Finding>) {
        let model = ctx.model;
        let _sites = ctx.sites();
        let flows = ctx.flows();
        for flow in flows.iter().filter(|f| f.mode == TxMode::Autocommit) {
            let mut reported = false;
            for (i, event) in flow.events.iter().enumerate() {
                let explicit_open = event
                    .before
                    .iter()
                    .filter_map(|s| s.open())
                    .find(|t| t.explicit);
                match (&event.op, explicit_open) {
                    (Op::Commit { method: true } | Op::Rollback { method: true }, Some(tx)) => {
                        reported = true;
                        out.push(noop_call(self, ctx, flow, i, tx.start));
                    }
                    (Op::WithExit, Some(tx)) => {
                        reported = true;
                        out.push(noop_with(self, ctx, flow, i, tx.start));
                    }
                    (Op::WithExit, None) => {
                        if let Some(f) = non_atomic_with(self, flow, i) {
                            out.push(f);
                        }
                    }
                    _ => {}
                }
            }
            if reported {
                continue;
            }
            // BEGIN with no end at all on some path.
            for tx in flow.transactions().iter().filter(|t| t.explicit) {
                let open = flow
                    .open_exits_normal(tx.start)
                    .iter()
                    .any(|x| x.kind != ExitKind::Raise);
                if let (true, Some(start)) = (open, tx.start) {
                    let message = format!(
                        "`{}` begins a transaction that nothing commits: with autocommit=True only `{}.execute(\"COMMIT\")` ends it, and until then it holds the write lock",
                        model.slice(flow.events[start].range),
                        flow.label
                    );
                    out.push(Finding::new(self.meta(), flow.events[start].range, message));
                }
            }
        }
    }
}

fn began_at(ctx: &Context<'_, '_>, flow: &Flow<'_, '_>, start: Option<usize>) -> String {
    start.map_or(String::new(), |s| {
        format!(
            " begun on line {}",
            ctx.model.line_column(flow.events[s].range.start()).0
        )
    })
}

fn noop_call(
    codemod: &AutocommitCommitNoop,
    ctx: &Context<'_, '_>,
    flow: &Flow<'_, '_>,
    index: usize,
    start: Option<usize>,
) -> Finding {
    let event = &flow.events[index];
    let label = &flow.label;
    let (method, sql) = match event.op {
        Op::Commit { .. } => ("commit", "COMMIT"),
        _ => ("rollback", "ROLLBACK"),
    };
    let message = format!(
        "`{label}.{method}()` does nothing with autocommit=True: the transaction{} stays open and keeps the write lock",
        began_at(ctx, flow, start)
    );
    let finding = Finding::new(codemod.meta(), event.range, message);
    let quote = transaction::quote_near(ctx.model, flow.events[start.unwrap_or(index)].range);
    let edit = Edit::replace(event.range, format!("{label}.execute({quote}{sql}{quote})"));
    // Unlike `rollback()`, a ROLLBACK statement raises when no transaction is
    // open (a BEGIN that itself failed), replacing the error being handled.
    let note = match method {
        "commit" => "review before applying: this commits where the code meant to, for the first time. Or open the connection with isolation_level=None, where `commit()` works".to_string(),
        _ => format!(
            "review before applying: this rolls back where the code meant to, for the first time; if the error can come before the transaction began (a failed BEGIN), guard it with `if {label}.in_transaction:`. Or open the connection with isolation_level=None, where `rollback()` works"
        ),
    };
    finding
        .with_fix(Fix::display_only(
            format!("Send `{sql}` yourself: `{label}.execute(\"{sql}\")`"),
            vec![edit],
        ))
        .with_note(note)
}

fn noop_with(
    codemod: &AutocommitCommitNoop,
    ctx: &Context<'_, '_>,
    flow: &Flow<'_, '_>,
    index: usize,
    start: Option<usize>,
) -> Finding {
    let event = &flow.events[index];
    let label = &flow.label;
    let message = format!(
        "`with {label}:` neither commits nor rolls back with autocommit=True: the transaction{} stays open and keeps the write lock",
        began_at(ctx, flow, start)
    );
    let at = match event.stmt {
        ruff_python_ast::Stmt::With(w) => with_head(w),
        _ => event.range,
    };
    Finding::new(codemod.meta(), at, message).with_note(format!(
        "end it explicitly: `try:` ... `{label}.execute(\"COMMIT\")` / `except BaseException: {label}.execute(\"ROLLBACK\"); raise`, or open the connection with isolation_level=None, where `with {label}:` commits"
    ))
}

fn non_atomic_with(
    codemod: &AutocommitCommitNoop,
    flow: &Flow<'_, '_>,
    index: usize,
) -> Option<Finding> {
    let event = &flow.events[index];
    let ruff_python_ast::Stmt::With(with) = event.stmt else {
        return None;
    };
    let writes = flow
        .events
        .iter()
        .filter(|e| e.op == Op::Write && with.range.contains_range(e.range))
        .count();
    if writes < 2 {
        return None;
    }
    let label = &flow.label;
    let message = format!(
        "`with {label}:` is not atomic with autocommit=True: each of its {writes} writes commits on its own, and an exception rolls nothing back"
    );
    Some(
        Finding::new(codemod.meta(), with_head(with), message)
            .with_severity(Severity::Medium)
            .with_note(format!(
            "send `{label}.execute(\"BEGIN IMMEDIATE\")` first and COMMIT/ROLLBACK explicitly, or open the connection with isolation_level=None"
        )),
    )
}

fn with_head(with: &ast::StmtWith) -> ruff_text_size::TextRange {
    let end = with
        .items
        .last()
        .map_or(with.start(), |i| match &i.optional_vars {
            Some(v) => v.end(),
            None => i.context_expr.end(),
        });
    ruff_text_size::TextRange::new(with.start(), end)
}
