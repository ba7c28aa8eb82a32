//! Whether one statement of a function can run before another in the same
//! call: a read in one arm of an `if/elif` dispatch (or one `match` case) and a
//! write in another never meet on one execution path, nor does a read in an
//! `except` handler and a write in that `try`'s body (the handler runs after
//! the body has been left), nor a read in a block that ends in `return` and a
//! write after that block. Inside a loop a later iteration can bring them
//! together again, so a loop around both keeps them ordered by the source.
//!
//! Syntax only: a condition that is always true, or an exception a handler
//! can never see, are not judged here.

use ruff_python_ast::{self as ast, Stmt};
use ruff_text_size::{Ranged, TextRange};

/// Whether the statement at `first` can run before the one at `second` in one
/// call of the function whose body is `body`.
pub fn can_precede(body: &[Stmt], first: TextRange, second: TextRange) -> bool {
    walk(body, first, second, false)
}

/// Whether a coroutine whose body is `body` can suspend after the read at
/// `read` and before the write at `write` on a path that runs both: the loop's
/// other tasks run only there. An `await` that lies wholly between them but on
/// a path that cannot reach the write (a refusal sent before an early
/// `return`) lets nobody in between the two; one that overlaps the read or the
/// write itself (an awaited aiosqlite call), or an `async for`/`async with`
/// around them, still counts.
pub fn suspends_between(body: &[Stmt], read: TextRange, write: TextRange) -> bool {
    super::visit::suspensions_within(body, read.cover(write))
        .into_iter()
        .any(|at| {
            let strictly_between = at.start() >= read.end() && at.end() <= write.start();
            !strictly_between || (can_precede(body, read, at) && can_precede(body, at, write))
        })
}

/// Whether no path runs block `x` of a compound statement before block `y`.
type Exclusive = Box<dyn Fn(usize, usize) -> bool>;

fn position(suite: &[Stmt], at: TextRange) -> Option<usize> {
    suite.iter().position(|s| s.range().contains_range(at))
}

fn walk(suite: &[Stmt], a: TextRange, b: TextRange, in_loop: bool) -> bool {
    let (Some(ia), Some(ib)) = (position(suite, a), position(suite, b)) else {
        return true;
    };
    if in_loop {
        // Iteration k's `a`, iteration k+1's `b`.
        if ia != ib {
            return true;
        }
    } else if ia != ib {
        return ia < ib && !returns_after(&suite[ia], a);
    }
    let stmt = &suite[ia];
    // Blocks of one compound statement: `a` and `b` in the same block recurse
    // into it; in different blocks, `exclusive` says whether one path holds
    // both in that order.
    let (blocks, exclusive): (Vec<&[Stmt]>, Exclusive) = match stmt {
        Stmt::If(s) => {
            let mut blocks: Vec<&[Stmt]> = vec![&s.body];
            blocks.extend(s.elif_else_clauses.iter().map(|c| c.body.as_slice()));
            (blocks, Box::new(|_, _| true))
        }
        Stmt::Match(s) => (
            s.cases.iter().map(|c| c.body.as_slice()).collect(),
            Box::new(|_, _| true),
        ),
        Stmt::Try(s) => {
            // body, handlers..., orelse, finalbody
            let handlers = s.handlers.len();
            let mut blocks: Vec<&[Stmt]> = vec![&s.body];
            blocks.extend(s.handlers.iter().map(|h| {
                let ast::ExceptHandler::ExceptHandler(h) = h;
                h.body.as_slice()
            }));
            blocks.push(&s.orelse);
            blocks.push(&s.finalbody);
            let is_handler = move |i: usize| (1..=handlers).contains(&i);
            let orelse = handlers + 1;
            (
                blocks,
                Box::new(move |x: usize, y: usize| {
                    // A handler never precedes the body, the `else` or another
                    // handler; the `else` never precedes a handler.
                    (is_handler(x) && (y == 0 || y == orelse || is_handler(y)))
                        || (x == orelse && is_handler(y))
                }),
            )
        }
        Stmt::For(s) => return walk_block(&s.body, a, b, true),
        Stmt::While(s) => return walk_block(&s.body, a, b, true),
        Stmt::With(s) => return walk_block(&s.body, a, b, in_loop),
        _ => return true,
    };
    let find = |at: TextRange| blocks.iter().position(|blk| position(blk, at).is_some());
    match (find(a), find(b)) {
        (Some(x), Some(y)) if x == y => walk(blocks[x], a, b, in_loop),
        (Some(x), Some(y)) => in_loop || !exclusive(x, y),
        // One of them is in a header (a test, the iterated value): ordered by
        // the source.
        _ => true,
    }
}

fn walk_block(block: &[Stmt], a: TextRange, b: TextRange, in_loop: bool) -> bool {
    if position(block, a).is_none() || position(block, b).is_none() {
        return true;
    }
    walk(block, a, b, in_loop)
}

/// Whether every path from `at` inside `stmt` leaves the function before the
/// statement after `stmt`: `at` sits in a block whose last statement is a
/// `return` (a `raise` may be caught, a `break` or `continue` stays in the
/// function).
fn returns_after(stmt: &Stmt, at: TextRange) -> bool {
    let blocks: Vec<&[Stmt]> = match stmt {
        Stmt::If(s) => {
            let mut blocks: Vec<&[Stmt]> = vec![&s.body];
            blocks.extend(s.elif_else_clauses.iter().map(|c| c.body.as_slice()));
            blocks
        }
        Stmt::Match(s) => s.cases.iter().map(|c| c.body.as_slice()).collect(),
        Stmt::With(s) => vec![&s.body],
        _ => return false,
    };
    blocks.into_iter().any(|block| {
        position(block, at).is_some_and(|i| {
            matches!(block.last(), Some(Stmt::Return(_))) || returns_after(&block[i], at)
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use ruff_python_parser::parse_module;

    fn check(src: &str, first: &str, second: &str) -> bool {
        let parsed = parse_module(src).unwrap();
        let body = &parsed.syntax().body;
        let Stmt::FunctionDef(f) = &body[0] else {
            panic!()
        };
        let at = |needle: &str| {
            let start = src.find(needle).unwrap() as u32;
            TextRange::new(start.into(), (start + needle.len() as u32).into())
        };
        can_precede(&f.body, at(first), at(second))
    }

    #[test]
    fn arms_of_one_dispatch_never_meet() {
        let src = "def f(d):\n    if d == 1:\n        r = READ\n    elif d == 2:\n        WRITE\n";
        assert!(!check(src, "READ", "WRITE"));
        let src = "def f(d):\n    r = READ\n    if d:\n        WRITE\n";
        assert!(check(src, "READ", "WRITE"));
        let src = "def f(d):\n    while d:\n        if d == 1:\n            r = READ\n        else:\n            WRITE\n";
        assert!(check(src, "READ", "WRITE"));
    }

    #[test]
    fn handlers_and_returns() {
        let src = "def f():\n    try:\n        WRITE\n    except KeyError:\n        r = READ\n";
        assert!(!check(src, "READ", "WRITE"));
        let src = "def f(d):\n    if d:\n        r = READ\n        return r\n    WRITE\n";
        assert!(!check(src, "READ", "WRITE"));
        let src = "def f(d):\n    if d:\n        r = READ\n    WRITE\n";
        assert!(check(src, "READ", "WRITE"));
    }
}
