//! Generated `with` headers kept under the line length. Fixes join items into one
//! `with` (a lock, `closing()`, `_configure_sqlite(...)`) instead of nesting them
//! (ruff's SIM117), and the joined header can pass the project's line length
//! (`with contextlib.closing(_configure_sqlite(sqlite3.connect(DB_PATH,
//! timeout=5.0))) as conn, db._WRITE_LOCK, conn:`, 126 characters). Such a header
//! is split inside the parentheses of its longest call, as black does:
//!
//! ```python
//! with contextlib.closing(
//!     _configure_sqlite(sqlite3.connect(DB_PATH, timeout=5.0))
//! ) as conn, db._WRITE_LOCK, conn:
//! ```
//!
//! valid on every Python version (parenthesized `with` items need 3.10, and a
//! backslash is what style guides forbid). Only headers that the fixes wrote are
//! touched: a line the original text has as it is stays the user's.

use rustc_hash::FxHashSet as HashSet;

use ruff_python_ast::visitor::{self, Visitor};
use ruff_python_ast::{Expr, Stmt, StmtWith};
use ruff_text_size::{Ranged, TextRange, TextSize};

use super::codegen;

/// `fixed` with each one-line `with` header that is longer than `line_length` and
/// not a line of `original` split inside its longest call's parentheses. `fixed`
/// itself when nothing is to split or it does not parse.
pub fn long_with_headers(original: &str, fixed: &str, line_length: usize) -> String {
    // Most fixed files have no long line at all: no parse for them.
    let long = |l: &str| l.chars().count() > line_length;
    if !fixed
        .lines()
        .any(|l| long(l) && l.trim_start().starts_with("with "))
    {
        return fixed.to_string();
    }
    let Ok(parsed) = crate::check::parse(fixed) else {
        return fixed.to_string();
    };
    let theirs: HashSet<&str> = original.lines().collect();
    let mut withs = Withs(Vec::new());
    withs.visit_body(parsed.suite());
    let mut edits: Vec<(TextRange, String)> = Vec::new();
    for with in withs.0 {
        let start = codegen::line_start(fixed, with.start());
        let end = TextSize::new(
            (usize::from(with.start())
                + fixed[usize::from(with.start())..]
                    .find('\n')
                    .unwrap_or(fixed.len() - usize::from(with.start()))) as u32,
        );
        let line = &fixed[TextRange::new(start, end)];
        let Some(last) = with.items.last() else {
            continue;
        };
        // One line holding the whole header, ending at its colon, no comment.
        if with.is_async
            || last.end() > end
            || !long(line)
            || theirs.contains(line)
            || !line.trim_end().ends_with(':')
            || line.contains('#')
        {
            continue;
        }
        let Some(call) = with
            .items
            .iter()
            .filter_map(|i| match &i.context_expr {
                Expr::Call(c) if !c.arguments.is_empty() => Some(c),
                _ => None,
            })
            .max_by_key(|c| c.arguments.range().len())
        else {
            continue;
        };
        let open = call.arguments.start() + TextSize::new(1);
        let close = call.arguments.end() - TextSize::new(1);
        let inner = fixed[TextRange::new(open, close)].trim();
        let indent = codegen::indentation_at(fixed, with.start());
        // The file's own indentation step: the body's, past the header's.
        let body_indent = with
            .body
            .first()
            .map_or("", |b| codegen::indentation_at(fixed, b.start()));
        let one = match body_indent.strip_prefix(indent) {
            Some(step) if !step.is_empty() => step,
            _ => "    ",
        };
        let nl = if fixed.contains("\r\n") { "\r\n" } else { "\n" };
        edits.push((
            TextRange::new(open, close),
            format!("{nl}{indent}{one}{inner}{nl}{indent}"),
        ));
    }
    let mut out = fixed.to_string();
    for (range, text) in edits.into_iter().rev() {
        out.replace_range(usize::from(range.start())..usize::from(range.end()), &text);
    }
    // Never worse than what it was given.
    if crate::check::parse(&out).is_err() {
        return fixed.to_string();
    }
    out
}

/// Every `with` statement, nested scopes included, in source order.
struct Withs<'a>(Vec<&'a StmtWith>);

impl<'a> Visitor<'a> for Withs<'a> {
    fn visit_stmt(&mut self, stmt: &'a Stmt) {
        if let Stmt::With(with) = stmt {
            self.0.push(with);
        }
        visitor::walk_stmt(self, stmt);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_generated_long_header_splits_inside_its_longest_call() {
        let original = "def f():\n    with sqlite3.connect(DB_PATH) as conn:\n        pass\n";
        let fixed = "def f():\n    with contextlib.closing(_configure_sqlite(sqlite3.connect(DB_PATH, timeout=5.0))) as conn, db._WRITE_LOCK, conn:\n        pass\n";
        let out = long_with_headers(original, fixed, 88);
        assert_eq!(
            out,
            "def f():\n    with contextlib.closing(\n        _configure_sqlite(sqlite3.connect(DB_PATH, timeout=5.0))\n    ) as conn, db._WRITE_LOCK, conn:\n        pass\n"
        );
        // Split once: the result is left as it is.
        assert_eq!(long_with_headers(original, &out, 88), out);
    }

    #[test]
    fn the_users_own_long_header_and_short_ones_stay() {
        let long = "def f():\n    with contextlib.closing(_configure_sqlite(sqlite3.connect(DB_PATH, timeout=5.0))) as conn, db._WRITE_LOCK, conn:\n        pass\n";
        assert_eq!(long_with_headers(long, long, 88), long);
        let short = "with a(b) as c, d:\n    pass\n";
        assert_eq!(long_with_headers("", short, 88), short);
        // Within a longer limit, nothing to do.
        assert_eq!(long_with_headers("", long, 200), long);
    }
}
