//! Whether a connection's `close()` runs after the code that uses it, read from
//! the statements around it: `with connect(p) as con:` followed, at the
//! enclosing indentation, by `con.close()` or `if con: con.close()`, or a
//! `finally` that closes it.
//!
//! A close right after a `with` block is not a leak: only an exception inside
//! the block skips it, and by then the block has rolled back, so no lock
//! survives (the F-unclosed-lingers handle stays until the cyclic GC, as for
//! any exception path). A `return` (or `break`/`continue`) inside the block or
//! between the block and the close skips it on a normal path, once per call;
//! a close after a loop around the block closes only the last iteration's.

use ruff_python_ast::{self as ast, Stmt};
use ruff_text_size::{Ranged, TextRange};

use crate::fix::lifetime;
use crate::semantic::visit;

/// What follows a block that uses a connection.
#[derive(Debug, PartialEq, Eq)]
pub enum After {
    /// Closed on every path that leaves the block normally.
    Closed,
    /// A close follows, but a `return`, `break` or `continue` skips it.
    Skipped,
    /// Nothing after the block closes it.
    Open,
}

/// `name.close()`, or `if name: name.close()` (any test, no `else`), as a statement.
fn is_close(stmt: &Stmt, name: &str) -> bool {
    if lifetime::is_close_statement(stmt, name, false) {
        return true;
    }
    let Stmt::If(if_stmt) = stmt else {
        return false;
    };
    if_stmt.elif_else_clauses.is_empty()
        && !if_stmt.body.is_empty()
        && if_stmt
            .body
            .iter()
            .all(|s| lifetime::is_close_statement(s, name, false))
}

/// A `return`, or a `break`/`continue` that leaves `stmts` (not one of their
/// own loops): a path that skips what follows them without an exception.
/// The `break` that ends a loop written inside `stmts` (a fetch loop inside
/// the `with`) stays in the block, so it skips nothing after it.
fn leaves(stmts: &[Stmt]) -> bool {
    visit::breaks_out(stmts, false) || returns(stmts)
}

/// A `return` anywhere in `stmts`, nested blocks included (not nested defs).
fn returns(stmts: &[Stmt]) -> bool {
    stmts.iter().any(|s| match s {
        Stmt::Return(_) => true,
        Stmt::FunctionDef(_) | Stmt::ClassDef(_) => false,
        other => visit::block_suites(other).into_iter().any(returns),
    })
}

/// The statement lists from `suite` down to the statement at `target`, each with
/// the index of the statement on the way.
fn chain<'a>(suite: &'a [Stmt], target: TextRange, out: &mut Vec<(&'a [Stmt], usize)>) -> bool {
    for (i, stmt) in suite.iter().enumerate() {
        if stmt.range() == target {
            out.push((suite, i));
            return true;
        }
        if stmt.range().contains_range(target) {
            out.push((suite, i));
            if visit::block_suites(stmt)
                .into_iter()
                .any(|sub| chain(sub, target, out))
            {
                return true;
            }
            out.pop();
            return false;
        }
    }
    false
}

/// A `try` whose `finally` closes `name`, around `inner` (in its body, handlers or `else`).
fn finally_closes(parent: &Stmt, inner: &[Stmt], name: &str) -> bool {
    let Stmt::Try(ast::StmtTry { finalbody, .. }) = parent else {
        return false;
    };
    !std::ptr::eq(finalbody.as_slice(), inner) && finalbody.iter().any(|s| is_close(s, name))
}

/// What closes `name` after the statement `block` (a `with` using it) of `body`
/// (a function's statements, or the module's).
pub fn after_block(body: &[Stmt], block: &Stmt, own: &[Stmt], name: &str) -> After {
    let mut levels = Vec::new();
    if !chain(body, block.range(), &mut levels) {
        return After::Open;
    }
    let mut skipped = leaves(own);
    for depth in (0..levels.len()).rev() {
        let (suite, index) = levels[depth];
        let rest = &suite[index + 1..];
        if let Some(at) = rest.iter().position(|s| is_close(s, name)) {
            skipped |= leaves(&rest[..at]);
            return if skipped {
                After::Skipped
            } else {
                After::Closed
            };
        }
        skipped |= leaves(rest);
        let Some(&(outer, at)) = depth.checked_sub(1).and_then(|d| levels.get(d)) else {
            break;
        };
        let parent = &outer[at];
        if finally_closes(parent, suite, name) {
            return After::Closed;
        }
        // A close after the loop closes only the last iteration's connection.
        if matches!(parent, Stmt::For(_) | Stmt::While(_)) {
            return After::Open;
        }
    }
    After::Open
}

/// The `return` statements after the statement `from` in `body`, in its block,
/// that leave before any `name.close()` has run on their path (and with no
/// `finally` closing it). A return after the block that holds `from` (a loop
/// whose every turn closes its own connection) is not on the connection's path.
pub fn returns_before_close<'a>(body: &'a [Stmt], from: TextRange, name: &str) -> Vec<&'a Stmt> {
    let mut own = Vec::new();
    if !chain(body, from, &mut own) {
        return Vec::new();
    }
    let Some(&(own_suite, own_index)) = own.last() else {
        return Vec::new();
    };
    let mut returns = Vec::new();
    collect_returns(body, &mut returns);
    returns
        .into_iter()
        .filter(|r| r.start() >= from.end())
        .filter(|r| {
            let mut levels = Vec::new();
            if !chain(body, r.range(), &mut levels) {
                return false;
            }
            let Some(top) = levels
                .iter()
                .position(|&(suite, i)| std::ptr::eq(suite, own_suite) && i > own_index)
            else {
                return false;
            };
            for depth in (0..levels.len()).rev() {
                let (suite, index) = levels[depth];
                let closed = depth >= top
                    && suite[..index]
                        .iter()
                        .any(|s| s.start() >= from.end() && is_close(s, name));
                if closed {
                    return false;
                }
                if let Some(&(outer, at)) = depth.checked_sub(1).and_then(|d| levels.get(d))
                    && finally_closes(&outer[at], suite, name)
                {
                    return false;
                }
            }
            true
        })
        .collect()
}

fn collect_returns<'a>(suite: &'a [Stmt], out: &mut Vec<&'a Stmt>) {
    for stmt in suite {
        if matches!(stmt, Stmt::Return(_)) {
            out.push(stmt);
        }
        for sub in visit::block_suites(stmt) {
            collect_returns(sub, out);
        }
    }
}
