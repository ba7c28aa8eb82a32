//! A savepoint helper whose failure path runs `ROLLBACK TO` and leaves, while
//! only the success path runs `RELEASE`.
//!
//! A context manager (or a `try` around the work) sends `SAVEPOINT sp`, and on
//! an exception `ROLLBACK TO SAVEPOINT sp` then re-raises (or returns); the
//! `RELEASE sp` sits after the `yield`, in the `else`, or after the `try`, so
//! only a block that succeeded reaches it. `ROLLBACK TO` undoes the writes but
//! keeps the savepoint (F-rollback-to-keeps-savepoint): when the savepoint began
//! the transaction (autocommit mode, or Python's legacy mode, which sends no
//! BEGIN before a SAVEPOINT), the connection stays inside it after every failed
//! block, holding the write lock, so every other connection's writes wait out
//! their busy timeout and fail with "database is locked" until something on this
//! connection commits or rolls back.
//!
//! Not reported when the handler or a `finally` releases the savepoint, or ends
//! the transaction (`ROLLBACK`, `COMMIT`, `.rollback()`, `.commit()`,
//! `.close()`); when the function sends a `BEGIN` of its own (the savepoint
//! is nested in the helper's own transaction, whose outer level ends it); or
//! when nothing in the function releases the savepoint (someone else owns it).
//! Advice only: where the RELEASE belongs depends on the helper's nesting.

use ruff_python_ast::{self as ast, Expr, Stmt};
use ruff_text_size::{Ranged, TextRange};

use super::MissingRollback;
use crate::codemods::{Codemod, Context};
use crate::finding::Finding;
use crate::semantic::model::Model;
use crate::semantic::visit::scope_stmts;

/// The savepoint statements this check tells apart, by the SQL a call sends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Verb {
    Savepoint,
    RollbackTo,
    Release,
    /// `BEGIN`, `COMMIT`, `ROLLBACK` (without TO), `END`.
    Transaction,
}

pub(super) fn check(codemod: &MissingRollback, ctx: &Context<'_, '_>, out: &mut Vec<Finding>) {
    let model = ctx.model;
    if !model.text.to_ascii_uppercase().contains("SAVEPOINT") {
        return;
    }
    for (scope, function) in model.scopes.functions.iter().enumerate() {
        let sent: Vec<(TextRange, Verb)> = model
            .calls_in(Some(scope))
            .filter_map(|c| Some((c.range(), verb_of(model, c.expr)?)))
            .collect();
        if !sent.iter().any(|(_, v)| *v == Verb::Savepoint)
            || sent.iter().any(|(_, v)| *v == Verb::Transaction)
        {
            continue;
        }
        for stmt in scope_stmts(&function.def.body) {
            let Stmt::Try(try_stmt) = stmt else { continue };
            let finally = suite_range(&try_stmt.finalbody);
            if finally.is_some_and(|f| ends_or_releases(model, &sent, f)) {
                continue;
            }
            for handler in &try_stmt.handlers {
                let ast::ExceptHandler::ExceptHandler(h) = handler;
                let Some(body) = suite_range(&h.body) else {
                    continue;
                };
                let Some((rollback_to, _)) = sent
                    .iter()
                    .find(|(r, v)| *v == Verb::RollbackTo && body.contains_range(*r))
                else {
                    continue;
                };
                if ends_or_releases(model, &sent, body) || !leaves(&h.body) {
                    continue;
                }
                // The success path releases it: the helper owns the savepoint.
                let released_elsewhere = sent
                    .iter()
                    .any(|(r, v)| *v == Verb::Release && !h.range.contains_range(*r));
                if !released_elsewhere {
                    continue;
                }
                out.push(Finding::new(
                    codemod.meta(),
                    *rollback_to,
                    "`ROLLBACK TO` on the failure path keeps the savepoint, and only the success path runs `RELEASE`: when the savepoint began the transaction, the connection stays in it after every failed block, holding the write lock, so other connections' writes fail with \"database is locked\" until this connection next commits or rolls back (F-rollback-to-keeps-savepoint); release the savepoint after `ROLLBACK TO` too (or in `finally`)".to_string(),
                ));
            }
        }
    }
}

/// The range a suite covers, first statement to last.
fn suite_range(body: &[Stmt]) -> Option<TextRange> {
    Some(TextRange::new(body.first()?.start(), body.last()?.end()))
}

/// Whether the calls in `range` release the savepoint or end the transaction.
fn ends_or_releases(model: &Model<'_>, sent: &[(TextRange, Verb)], range: TextRange) -> bool {
    sent.iter()
        .any(|(r, v)| matches!(v, Verb::Release | Verb::Transaction) && range.contains_range(*r))
        || model.calls.iter().any(|c| {
            range.contains_range(c.range())
                && matches!(&*c.expr.func, Expr::Attribute(a)
                    if matches!(a.attr.as_str(), "rollback" | "commit" | "close"))
        })
}

/// Whether the handler leaves the function: its last statement re-raises or returns.
fn leaves(body: &[Stmt]) -> bool {
    matches!(body.last(), Some(Stmt::Raise(_) | Stmt::Return(_)))
}

/// The savepoint or transaction statement `call` sends: `x.execute("SAVEPOINT
/// sp")`, `x.execute(f"RELEASE {name}")`, `x.execute(text("ROLLBACK TO sp"))`.
fn verb_of(model: &Model<'_>, call: &ast::ExprCall) -> Option<Verb> {
    let Expr::Attribute(attr) = &*call.func else {
        return None;
    };
    if !matches!(
        attr.attr.as_str(),
        "execute" | "exec_driver_sql" | "executescript"
    ) {
        return None;
    }
    let mut sql = call.arguments.args.first()?;
    // SQLAlchemy's `text("...")`.
    if let Expr::Call(inner) = sql {
        sql = inner.arguments.args.first()?;
    }
    if !matches!(sql, Expr::StringLiteral(_) | Expr::FString(_)) {
        return None;
    }
    // Past the prefix (`f`, `r`) and the opening quotes.
    let source = model.slice(sql.range());
    let quote = source.find(['"', '\''])?;
    let head: String = source[quote..]
        .trim_start_matches(['"', '\''])
        .trim_start()
        .to_ascii_uppercase();
    let words: Vec<&str> = head.split_whitespace().take(2).collect();
    match words.as_slice() {
        ["SAVEPOINT", ..] => Some(Verb::Savepoint),
        ["ROLLBACK", "TO", ..] => Some(Verb::RollbackTo),
        ["RELEASE", ..] => Some(Verb::Release),
        ["BEGIN" | "COMMIT" | "END" | "ROLLBACK", ..] => Some(Verb::Transaction),
        _ => None,
    }
}
