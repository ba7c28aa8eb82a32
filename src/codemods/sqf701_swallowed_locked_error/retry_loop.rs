//! A retry loop that gives up in silence: `for attempt in range(N):` (or a
//! counted `while`) around `try: <write>; break` whose handler waits and tries
//! again on "database is locked", and nothing after the last attempt raises or
//! returns. The loop then simply ends: the write is lost and the caller carries
//! on as if it was saved. No single call gives it away; the shape does.
//!
//! Left alone: a handler that re-raises (unconditionally, or when the attempts
//! run out: any `raise` not guarded by a look at the error's text), a loop
//! `else:` that raises or returns, a `raise` or `return` right after the loop
//! (the caller learns of the failure), and loops whose `try` never leaves the
//! loop on success (not a retry). A handler that only passes or logs is
//! SQF701's plain shape and reported as such.
//!
//! Nor a `while True:` loop that retries one statement, the only write of its
//! transaction, or a commit, until it commits: it has no last attempt.
//!
//! A `for` loop retries only when it counts attempts: `range(...)`,
//! `itertools.count()`, or a literal list of delays. A loop over a collection
//! (`for query in queries:`) does different work on each turn, so skipping a
//! failed turn is not giving up on one write; and a `break` of a loop nested in
//! the `try` leaves that loop, not this one.

use ruff_python_ast::{BoolOp, ExceptHandler, Expr, Stmt, StmtTry};
use ruff_text_size::{Ranged, TextRange};

use super::super::{Context, Meta};
use super::{catches_sqlite_errors, first_write};
use crate::finding::{Confidence, Finding};
use crate::semantic::visit;

pub fn check(
    meta: &'static Meta,
    ctx: &Context<'_, '_>,
    reported: &[TextRange],
    out: &mut Vec<Finding>,
) {
    walk(meta, ctx, ctx.model.suite, reported, out);
}

fn walk(
    meta: &'static Meta,
    ctx: &Context<'_, '_>,
    suite: &[Stmt],
    reported: &[TextRange],
    out: &mut Vec<Finding>,
) {
    for (i, stmt) in suite.iter().enumerate() {
        let (body, orelse) = match stmt {
            Stmt::For(f) if counts_attempts(&f.iter) => (&f.body, &f.orelse),
            Stmt::While(w) => (&w.body, &w.orelse),
            _ => {
                for child in visit::child_suites(stmt) {
                    walk(meta, ctx, child, reported, out);
                }
                continue;
            }
        };
        let after = &suite[i + 1..];
        for inner in body.iter() {
            let Stmt::Try(try_stmt) = inner else {
                continue;
            };
            if reported.contains(&inner.range()) {
                continue;
            }
            out.extend(silent_retry(meta, ctx, try_stmt, orelse, after));
        }
        for child in visit::child_suites(stmt) {
            walk(meta, ctx, child, reported, out);
        }
    }
}

fn silent_retry(
    meta: &'static Meta,
    ctx: &Context<'_, '_>,
    try_stmt: &StmtTry,
    orelse: &[Stmt],
    after: &[Stmt],
) -> Option<Finding> {
    let model = ctx.model;
    let scope = model.scopes.function_at(try_stmt.start());
    // Success leaves the loop: otherwise it is a loop over work, not a retry.
    let leaves = |body: &[Stmt]| {
        leaves_loop(body) || visit::any_stmt(body, |s| matches!(s, Stmt::Return(_)))
    };
    if !leaves(&try_stmt.body) && !leaves(&try_stmt.orelse) {
        return None;
    }
    // `while True:` around one statement that opens its transaction: it tries
    // until it commits, there is no last attempt (semantic/retry_until_commit.rs).
    if crate::semantic::retry_until_commit::retried(model, try_stmt).is_some() {
        return None;
    }
    let handler = try_stmt.handlers.iter().find_map(|h| {
        let ExceptHandler::ExceptHandler(h) = h;
        catches_sqlite_errors(model, scope, h.type_.as_deref()).then_some(h)
    })?;
    if surfaces_lock_error(model.text, &handler.body) {
        return None;
    }
    // The loop's `else:` or the next statement tells the caller it failed.
    let tells =
        |body: &[Stmt]| visit::any_stmt(body, |s| matches!(s, Stmt::Raise(_) | Stmt::Return(_)));
    if tells(orelse)
        || after
            .first()
            .is_some_and(|s| tells(std::slice::from_ref(s)))
    {
        return None;
    }
    let body_range = TextRange::new(try_stmt.body.first()?.start(), try_stmt.body.last()?.end());
    let write = first_write(ctx, scope, body_range)?;
    let message = "Retry loop around this write gives up in silence: after the last attempt the \"database is locked\" error is dropped and the loop just ends, so the caller carries on as if the write was saved".to_string();
    Some(
        Finding::new(meta, write, message)
            .with_confidence(Confidence::Medium)
            .with_note("raise when the attempts run out: an `else:` on the loop (it runs only when no attempt succeeded) with `raise`, or re-raise in the handler on the last attempt"),
    )
}

/// The iterable of a `for` loop that counts attempts rather than walking over
/// work: `range(n)`, `itertools.count()`, or a literal list or tuple of delays.
fn counts_attempts(iter: &Expr) -> bool {
    match iter {
        Expr::Call(call) => match &*call.func {
            Expr::Name(n) => matches!(n.id.as_str(), "range" | "count"),
            Expr::Attribute(a) => a.attr.as_str() == "count",
            _ => false,
        },
        Expr::List(l) => l.elts.iter().all(Expr::is_number_literal_expr),
        Expr::Tuple(t) => t.elts.iter().all(Expr::is_number_literal_expr),
        _ => false,
    }
}

/// A `break` of the loop around `body`: not one that belongs to a loop nested
/// inside it, nor to a function defined there.
fn leaves_loop(body: &[Stmt]) -> bool {
    body.iter().any(|stmt| match stmt {
        Stmt::Break(_) => true,
        Stmt::For(f) => leaves_loop(&f.orelse),
        Stmt::While(w) => leaves_loop(&w.orelse),
        Stmt::FunctionDef(_) | Stmt::ClassDef(_) => false,
        other => visit::child_suites(other).into_iter().any(leaves_loop),
    })
}

/// The handler re-raises the error, not only for other errors than a lock: a
/// `raise` that no `if` looking at the error's text (`"locked" in str(e)`)
/// guards, such as a bare `raise` or `if attempt == retries - 1: raise`. A
/// `raise` after `if "locked" in str(e): ...; continue` is for other errors.
fn surfaces_lock_error(text: &str, body: &[Stmt]) -> bool {
    for s in body {
        match s {
            Stmt::Raise(_) => return true,
            Stmt::If(i) => {
                let clauses = std::iter::once((Some(&*i.test), &i.body)).chain(
                    i.elif_else_clauses
                        .iter()
                        .map(|c| (c.test.as_ref(), &c.body)),
                );
                for (test, clause) in clauses {
                    let only_errors = test.is_some_and(|t| only_about_error_text(text, t));
                    if !only_errors && surfaces_lock_error(text, clause) {
                        return true;
                    }
                    // The lock error's own branch goes round the loop again.
                    if test.is_some_and(|t| looks_at_error_text(text, t))
                        && matches!(clause.last(), Some(Stmt::Continue(_)))
                    {
                        return false;
                    }
                }
            }
            Stmt::With(w) if surfaces_lock_error(text, &w.body) => return true,
            _ => {}
        }
    }
    false
}

/// Every way the test can be true looks at the error's text: an `or` with an
/// attempt check (`"locked" not in str(e) or attempt == last`) is not.
fn only_about_error_text(text: &str, test: &Expr) -> bool {
    match test {
        Expr::BoolOp(b) if b.op == BoolOp::Or => {
            b.values.iter().all(|v| only_about_error_text(text, v))
        }
        _ => looks_at_error_text(text, test),
    }
}

fn looks_at_error_text(text: &str, test: &Expr) -> bool {
    let slice = &text[test.range()];
    slice.contains("str(")
        || slice.contains("locked")
        || slice.contains("busy")
        || slice.contains(".args")
}
