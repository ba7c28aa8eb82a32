//! A connection opened for the life of its thread or process: the function
//! opens it, then runs a `while True:` loop that uses it and never leaves (no
//! `break`, no `return`), as a monitor thread or a polling worker does. The
//! function ends only with its thread or process (or an exception that ends
//! the thread), so there is one connection per thread, not one per call:
//! nothing accumulates, and it is a long-lived connection, not a leak.

use ruff_python_ast::{Expr, Number, Stmt};
use ruff_text_size::Ranged;

use crate::semantic::uses::uses_of_name;

/// Whether a statement of `body` after `opened` (both at the same level) is an
/// endless loop that uses `name`.
pub fn follows(body: &[Stmt], opened: &Stmt, name: &str) -> bool {
    let Some(at) = body.iter().position(|s| s.range() == opened.range()) else {
        return false;
    };
    body[at + 1..].iter().any(|s| uses(s, name))
}

/// Whether `body` (a `with` block's) holds, at its own level, an endless loop that uses `name`.
pub fn within(body: &[Stmt], name: &str) -> bool {
    body.iter().any(|s| uses(s, name))
}

fn uses(stmt: &Stmt, name: &str) -> bool {
    let Stmt::While(w) = stmt else {
        return false;
    };
    always_true(&w.test)
        && w.orelse.is_empty()
        && !leaves(&w.body, true)
        && !uses_of_name(&w.body, name).is_empty()
}

fn always_true(test: &Expr) -> bool {
    match test {
        Expr::BooleanLiteral(b) => b.value,
        Expr::NumberLiteral(n) => matches!(&n.value, Number::Int(i) if i.as_u64() != Some(0)),
        _ => false,
    }
}

/// A `return` anywhere, or a `break` that belongs to the loop itself (`own`),
/// not to a loop nested in it. Nested functions and classes are not this code.
fn leaves(body: &[Stmt], own: bool) -> bool {
    body.iter().any(|s| match s {
        Stmt::Return(_) => true,
        Stmt::Break(_) => own,
        Stmt::For(f) => leaves(&f.body, false) || leaves(&f.orelse, own),
        Stmt::While(w) => leaves(&w.body, false) || leaves(&w.orelse, own),
        Stmt::If(i) => {
            leaves(&i.body, own) || i.elif_else_clauses.iter().any(|c| leaves(&c.body, own))
        }
        Stmt::With(w) => leaves(&w.body, own),
        Stmt::Try(t) => {
            leaves(&t.body, own)
                || t.handlers.iter().any(|h| {
                    let ruff_python_ast::ExceptHandler::ExceptHandler(h) = h;
                    leaves(&h.body, own)
                })
                || leaves(&t.orelse, own)
                || leaves(&t.finalbody, own)
        }
        Stmt::Match(m) => m.cases.iter().any(|c| leaves(&c.body, own)),
        _ => false,
    })
}

#[cfg(test)]
mod tests {
    use super::{follows, within};

    fn check(src: &str) -> bool {
        let parsed = ruff_python_parser::parse_module(src).unwrap();
        let ruff_python_ast::Stmt::FunctionDef(def) = &parsed.suite()[0] else {
            panic!("a def first");
        };
        follows(&def.body, &def.body[0], "conn")
    }

    #[test]
    fn an_endless_loop_that_uses_the_connection_keeps_it() {
        assert!(check(
            "def watch():\n    conn = connect(p)\n    while True:\n        conn.execute('SELECT 1')\n        sleep(5)\n"
        ));
        // A break of an inner loop does not leave the outer one.
        assert!(check(
            "def watch():\n    conn = connect(p)\n    while 1:\n        for r in conn.execute(q):\n            if r:\n                break\n"
        ));
    }

    #[test]
    fn a_loop_that_ends_or_does_not_use_it_does_not() {
        assert!(!check(
            "def f():\n    conn = connect(p)\n    while True:\n        if conn.execute(q).fetchone():\n            break\n"
        ));
        assert!(!check(
            "def f():\n    conn = connect(p)\n    while True:\n        return conn.execute(q)\n"
        ));
        assert!(!check(
            "def f():\n    conn = connect(p)\n    while running:\n        conn.execute(q)\n"
        ));
        assert!(!check(
            "def f():\n    conn = connect(p)\n    while True:\n        sleep(1)\n"
        ));
        let parsed = ruff_python_parser::parse_module("while True:\n    db.execute(q)\n").unwrap();
        assert!(within(parsed.suite(), "db"));
    }
}
