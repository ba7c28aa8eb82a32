//! A `return` on a normal path between a connection's opening and its
//! `close()`: the close is skipped without any exception, on every call that
//! takes that branch (`if not query: return []` before the close). What an
//! exception skips is rare; what a `return` skips repeats with the traffic, so
//! a connection that only reads is still a leak worth reporting there.
//!
//! An `except` handler's `return` is the exception path and does not count, nor
//! does a `return` after a `close()` earlier in its own block (or an enclosing
//! one), nor one in a nested function.

use ruff_python_ast::Stmt;
use ruff_text_size::{Ranged, TextSize};

use crate::semantic::uses::{UseKind, uses_of_name};

/// Whether a `return` in `body` after `opened` and before the last
/// `<name>.close()` leaves without closing.
pub fn skips_close(body: &[Stmt], name: &str, opened: TextSize) -> bool {
    let Some(last) = close_calls(body, name).max() else {
        return false;
    };
    suite_skips(body, name, opened, last, false)
}

fn close_calls<'b>(body: &'b [Stmt], name: &str) -> impl Iterator<Item = TextSize> + 'b {
    uses_of_name(body, name)
        .into_iter()
        .filter(|u| matches!(&u.kind, UseKind::MethodCall(m) if m == "close"))
        .map(|u| u.range.start())
}

fn suite_skips(suite: &[Stmt], name: &str, from: TextSize, to: TextSize, closed: bool) -> bool {
    let mut closed = closed;
    for stmt in suite {
        let inner = |body: &[Stmt]| suite_skips(body, name, from, to, closed);
        let skips = match stmt {
            Stmt::Return(r) => !closed && r.start() > from && r.start() < to,
            Stmt::If(i) => inner(&i.body) || i.elif_else_clauses.iter().any(|c| inner(&c.body)),
            Stmt::For(f) => inner(&f.body) || inner(&f.orelse),
            Stmt::While(w) => inner(&w.body) || inner(&w.orelse),
            Stmt::With(w) => inner(&w.body),
            // Handlers are the exception path: not descended into.
            Stmt::Try(t) => inner(&t.body) || inner(&t.orelse) || inner(&t.finalbody),
            Stmt::Match(m) => m.cases.iter().any(|c| inner(&c.body)),
            _ => false,
        };
        if skips {
            return true;
        }
        if close_calls(std::slice::from_ref(stmt), name)
            .next()
            .is_some()
        {
            closed = true;
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::skips_close;
    use ruff_text_size::TextSize;

    fn check(src: &str) -> bool {
        let parsed = ruff_python_parser::parse_module(src).unwrap();
        let ruff_python_ast::Stmt::FunctionDef(def) = &parsed.suite()[0] else {
            panic!("a def first");
        };
        let opened = TextSize::try_from(src.find("connect").unwrap()).unwrap();
        skips_close(&def.body, "conn", opened)
    }

    #[test]
    fn a_return_before_the_close_skips_it() {
        assert!(check(
            "def f(q):\n    conn = connect(p)\n    if not q:\n        return []\n    rows = conn.execute(q).fetchall()\n    conn.close()\n    return rows\n"
        ));
        assert!(check(
            "def f(q):\n    try:\n        conn = connect(p)\n        for r in conn.execute(q):\n            return r\n        conn.close()\n    except E:\n        return None\n"
        ));
    }

    #[test]
    fn handlers_and_closed_branches_do_not() {
        assert!(!check(
            "def f(q):\n    conn = connect(p)\n    if not q:\n        conn.close()\n        return []\n    rows = conn.execute(q).fetchall()\n    conn.close()\n    return rows\n"
        ));
        assert!(!check(
            "def f(q):\n    conn = connect(p)\n    try:\n        rows = conn.execute(q).fetchall()\n    except E:\n        return []\n    conn.close()\n    return rows\n"
        ));
        assert!(!check(
            "def f(q):\n    conn = connect(p)\n    rows = conn.execute(q).fetchall()\n    conn.close()\n    return rows\n"
        ));
    }
}
