//! A retry-until-commit loop: `while True:` around a `try` that runs one SQL
//! write and commits it, then leaves the loop (`break`/`return`), and whose
//! handler only logs or sleeps, so the loop tries the same statement again
//! until it commits.
//!
//! Nothing is dropped (there is no last attempt) and nothing half done is
//! published: a statement that fails with "database is locked" is undone by
//! SQLite, and it is the only write of its transaction (no uncommitted write
//! of the function before the loop), so the next attempt's commit publishes
//! exactly that statement (docs/sqlite-facts.md#F-retry-until-commit). A swallowed-error or
//! missing-rollback reading of the handler is wrong about such a loop.
//!
//! Not this shape, and still reported by the rules: a loop that counts its
//! attempts (`for attempt in range(5)`, `while attempts < 5`, a `break` in the
//! handler or after the try), a handler that returns or raises (it leaves the
//! loop with the failure), a try with two writes (the second's failure keeps
//! the first in the open transaction), and a loop whose transaction already
//! holds an earlier write of the function.

use ruff_python_ast::{Expr, Number, Stmt, StmtTry, StmtWhile};
use ruff_text_size::{Ranged, TextRange};

use super::effects;
use super::model::{Call, Model};
use super::visit;

/// What a retry-until-commit loop around a `try` repeats.
pub enum Retried<'m, 'a> {
    /// One write and its commit: the write opens its transaction.
    Write(&'m Call<'a>),
    /// Only the commit of writes made before the loop.
    Commit,
}

/// What the retry-until-commit loop around `try_stmt` repeats, when it is one
/// (see the module doc).
pub fn retried<'m, 'a>(model: &'m Model<'a>, try_stmt: &StmtTry) -> Option<Retried<'m, 'a>> {
    let lp = enclosing_forever_loop(model.suite, try_stmt.range())?;
    // Only the try's success leaves the loop.
    let others_leave = lp
        .body
        .iter()
        .filter(|s| s.range() != try_stmt.range())
        .any(|s| leaves(std::slice::from_ref(s)));
    let handlers_leave = try_stmt.handlers.iter().any(|h| {
        let ruff_python_ast::ExceptHandler::ExceptHandler(h) = h;
        leaves(&h.body)
    });
    let succeeds =
        |body: &[Stmt]| breaks(body) || visit::any_stmt(body, |s| matches!(s, Stmt::Return(_)));
    if others_leave || handlers_leave || !(succeeds(&try_stmt.body) || succeeds(&try_stmt.orelse)) {
        return None;
    }
    let body = TextRange::new(try_stmt.body.first()?.start(), try_stmt.body.last()?.end());
    let scope = model.scopes.function_at(try_stmt.start());
    let inside: Vec<&Call<'_>> = model
        .calls
        .iter()
        .filter(|c| c.scope == scope && !c.in_lambda && body.contains_range(c.range()))
        .collect();
    let writes: Vec<&&Call<'_>> = inside
        .iter()
        .filter(|c| effects::sql_write(model, c).is_some())
        .collect();
    // Committed inside the try: a commit call, or a `with conn:` block.
    let commits = inside.iter().any(|c| effects::is_commit(model, c))
        || try_stmt.body.iter().any(|s| matches!(s, Stmt::With(_)));
    let write = match writes.as_slice() {
        _ if !commits => return None,
        [] => return Some(Retried::Commit),
        [write] => **write,
        _ => return None,
    };
    // The function's last write or commit before the loop is not a write: the
    // retried statement opens its transaction.
    let earlier_write = model
        .calls
        .iter()
        .filter(|c| c.scope == scope && c.range().end() <= lp.start())
        .filter(|c| effects::sql_write(model, c).is_some() || effects::is_commit(model, c))
        .last()
        .is_some_and(|c| !effects::is_commit(model, c));
    (!earlier_write).then_some(Retried::Write(write))
}

/// `while True:` (or `while 1:`) whose body holds the statement at `range`.
fn enclosing_forever_loop(suite: &[Stmt], range: TextRange) -> Option<&StmtWhile> {
    for stmt in suite {
        if !stmt.range().contains_range(range) {
            continue;
        }
        if let Stmt::While(w) = stmt
            && forever(&w.test)
            && w.body.iter().any(|s| s.range() == range)
        {
            return Some(w);
        }
        return visit::child_suites(stmt)
            .into_iter()
            .find_map(|s| enclosing_forever_loop(s, range));
    }
    None
}

fn forever(test: &Expr) -> bool {
    match test {
        Expr::BooleanLiteral(b) => b.value,
        Expr::NumberLiteral(n) => matches!(&n.value, Number::Int(i) if i.as_u8() != Some(0)),
        _ => false,
    }
}

/// A `break` of this loop, a `return` or a `raise` in `body` (nested loops'
/// breaks and nested functions excluded).
fn leaves(body: &[Stmt]) -> bool {
    visit::any_stmt(body, |s| matches!(s, Stmt::Return(_) | Stmt::Raise(_))) || breaks(body)
}

fn breaks(body: &[Stmt]) -> bool {
    body.iter().any(|stmt| match stmt {
        Stmt::Break(_) => true,
        Stmt::For(f) => breaks(&f.orelse),
        Stmt::While(w) => breaks(&w.orelse),
        Stmt::FunctionDef(_) | Stmt::ClassDef(_) => false,
        other => visit::child_suites(other).into_iter().any(breaks),
    })
}
