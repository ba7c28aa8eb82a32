//! The other arms of the `if`/`elif`/`else` or `match` statement a statement
//! sits in: a local that each arm sets (`if kind == "queue": store = a` /
//! `else: store = b`) holds the value of whichever arm ran, so a reader after
//! the statement sees any of them, not only the one written last.
//!
//! Syntax only: a condition that is always true is not judged here.

use ruff_python_ast::{Pattern, Stmt};
use ruff_text_size::{Ranged, TextRange};

/// The arms beside the one holding a statement.
#[derive(Debug, PartialEq)]
pub struct Siblings {
    /// The whole `if` or `match` statement.
    pub statement: TextRange,
    /// The source range of each other arm's body.
    pub others: Vec<TextRange>,
    /// Whether one arm always runs (an `else`, a `case _`): when not, the
    /// value from before the statement also reaches past it.
    pub exhaustive: bool,
}

/// The innermost `if` or `match` of `body` with `at` in one of its arms (not in
/// its test), searched through compound statements but not into nested
/// functions or classes.
pub fn around(body: &[Stmt], at: TextRange) -> Option<Siblings> {
    let stmt = body.iter().find(|s| s.range().contains_range(at))?;
    let arms: Vec<&[Stmt]> = match stmt {
        Stmt::If(s) => std::iter::once(s.body.as_slice())
            .chain(s.elif_else_clauses.iter().map(|c| c.body.as_slice()))
            .collect(),
        Stmt::Match(s) => s.cases.iter().map(|c| c.body.as_slice()).collect(),
        Stmt::For(s) => return around(&s.body, at).or_else(|| around(&s.orelse, at)),
        Stmt::While(s) => return around(&s.body, at).or_else(|| around(&s.orelse, at)),
        Stmt::With(s) => return around(&s.body, at),
        Stmt::Try(s) => {
            return around(&s.body, at)
                .or_else(|| {
                    s.handlers.iter().find_map(|h| {
                        let ruff_python_ast::ExceptHandler::ExceptHandler(h) = h;
                        around(&h.body, at)
                    })
                })
                .or_else(|| around(&s.orelse, at))
                .or_else(|| around(&s.finalbody, at));
        }
        _ => return None,
    };
    let holding = arms
        .iter()
        .position(|arm| arm.iter().any(|s| s.range().contains_range(at)))?;
    // An inner `if` in the same arm is nearer.
    if let Some(inner) = around(arms[holding], at) {
        return Some(inner);
    }
    let exhaustive = match stmt {
        Stmt::If(s) => s.elif_else_clauses.last().is_some_and(|c| c.test.is_none()),
        Stmt::Match(s) => s.cases.iter().any(|c| {
            c.guard.is_none() && matches!(&c.pattern, Pattern::MatchAs(p) if p.pattern.is_none())
        }),
        _ => false,
    };
    let others = arms
        .iter()
        .enumerate()
        .filter(|&(i, arm)| i != holding && !arm.is_empty())
        .map(|(_, arm)| arm[0].range().cover(arm[arm.len() - 1].range()))
        .collect();
    Some(Siblings {
        statement: stmt.range(),
        others,
        exhaustive,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use ruff_python_parser::parse_module;
    use ruff_text_size::TextSize;

    fn siblings_of(source: &str, needle: &str) -> Option<(Vec<String>, bool)> {
        let parsed = parse_module(source).unwrap();
        let start = TextSize::try_from(source.find(needle).unwrap()).unwrap();
        let at = TextRange::at(start, TextSize::try_from(needle.len()).unwrap());
        let found = around(&parsed.syntax().body, at)?;
        let texts = found
            .others
            .iter()
            .map(|r| source[r.start().to_usize()..r.end().to_usize()].to_string())
            .collect();
        Some((texts, found.exhaustive))
    }

    #[test]
    fn if_else_arms() {
        let src = "if k:\n    s = a\nelif j:\n    s = b\nelse:\n    s = c\n";
        assert_eq!(
            siblings_of(src, "s = b"),
            Some((vec!["s = a".to_string(), "s = c".to_string()], true))
        );
    }

    #[test]
    fn if_without_else_is_not_exhaustive() {
        let src = "for x in y:\n    if k:\n        s = a\n";
        assert_eq!(siblings_of(src, "s = a"), Some((vec![], false)));
    }

    #[test]
    fn match_with_wildcard() {
        let src = "match k:\n    case 'q':\n        s = a\n    case _:\n        s = b\n";
        assert_eq!(
            siblings_of(src, "s = a"),
            Some((vec!["s = b".to_string()], true))
        );
    }

    #[test]
    fn not_in_a_branch() {
        assert_eq!(siblings_of("s = a\nif k:\n    t = 1\n", "s = a"), None);
    }
}
