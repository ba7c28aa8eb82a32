//! Edits that move transaction boundaries: finding the run of statements that
//! holds a transaction, wrapping it in a `with` block, inserting a statement
//! before another, and turning `BEGIN` into `BEGIN IMMEDIATE` in place.

use ruff_python_ast::token::TokenKind;
use ruff_python_ast::{Expr, Stmt};
use ruff_text_size::{Ranged, TextRange, TextSize};

use super::{Edit, codegen};
use crate::semantic::Model;
use crate::semantic::visit::block_suites;

/// The statement lists from `body` down to the statement containing `target`,
/// each with the index of the statement on the way.
pub fn suite_path(body: &[Stmt], target: TextRange) -> Vec<(&[Stmt], usize)> {
    let mut out = Vec::new();
    let mut current = body;
    'down: loop {
        for (i, stmt) in current.iter().enumerate() {
            if !stmt.range().contains_range(target) {
                continue;
            }
            out.push((current, i));
            if stmt.range() == target {
                return out;
            }
            for suite in block_suites(stmt) {
                if suite.iter().any(|s| s.range().contains_range(target)) {
                    current = suite;
                    continue 'down;
                }
            }
            return out;
        }
        return out;
    }
}

/// The deepest statement list holding every range, with the first and last index
/// of the statements that hold them.
pub fn common_unit<'a>(
    body: &'a [Stmt],
    ranges: &[TextRange],
) -> Option<(&'a [Stmt], usize, usize)> {
    let paths: Vec<Vec<(&'a [Stmt], usize)>> =
        ranges.iter().map(|r| suite_path(body, *r)).collect();
    let first = paths.first()?;
    let mut found = None;
    for (depth, (suite, _)) in first.iter().enumerate() {
        let suite: &[Stmt] = suite;
        let mut lo = usize::MAX;
        let mut hi = 0;
        for path in &paths {
            match path.get(depth) {
                Some((s, i)) if std::ptr::eq(*s, suite) => {
                    lo = lo.min(*i);
                    hi = hi.max(*i);
                }
                _ => return found,
            }
        }
        found = Some((suite, lo, hi));
        if lo != hi {
            break;
        }
    }
    found
}

/// Replaces `stmts` with `header:` followed by `prologue` lines and the
/// statements, one indentation level deeper.
pub fn wrap_in_block(model: &Model<'_>, stmts: &[Stmt], header: &str, prologue: &[String]) -> Edit {
    let text = model.text;
    let (first, last) = (&stmts[0], &stmts[stmts.len() - 1]);
    let indent = codegen::indentation_at(text, first.start()).to_string();
    let unit = model.stylist.indent.clone();
    let nl = model.stylist.newline.as_str();
    let lines = codegen::statement_lines(text, first, last);
    let mut code = format!("{indent}{header}:{nl}");
    for line in prologue {
        code.push_str(&format!("{indent}{unit}{line}{nl}"));
    }
    code.push_str(&codegen::indent_lines(model, lines, &unit));
    if !code.ends_with('\n') && !code.ends_with('\r') {
        code.push_str(nl);
    }
    Edit::replace(lines, code)
}

/// Inserts `line` on its own line before `stmt`, at its indentation.
pub fn insert_before(model: &Model<'_>, stmt: &Stmt, line: &str) -> Edit {
    let text = model.text;
    let at = codegen::line_start(text, stmt.start());
    let indent = codegen::indentation_at(text, stmt.start());
    let nl = model.stylist.newline.as_str();
    Edit::insert(at, format!("{indent}{line}{nl}"))
}

/// The quote character of the first string literal in `expr` (the SQL of a
/// call), so generated SQL strings match the code around them.
pub fn quote_near(model: &Model<'_>, range: TextRange) -> char {
    codegen::tokens_starting_in(model.tokens, range)
        .iter()
        .filter(|t| t.kind() == TokenKind::String && range.contains_range(t.range()))
        .find_map(|t| {
            model.text[t.range()]
                .chars()
                .find(|c| *c == '"' || *c == '\'')
        })
        .unwrap_or('"')
}

/// `"BEGIN"` / `"BEGIN DEFERRED"` / `"begin transaction"` as `BEGIN IMMEDIATE`,
/// edited inside the literal so its quotes and case stay.
pub fn begin_immediate_literal(model: &Model<'_>, expr: &Expr) -> Option<Edit> {
    let Expr::StringLiteral(literal) = expr else {
        return None;
    };
    if literal.value.is_implicit_concatenated() {
        return None;
    }
    let raw = model.slice(literal.range());
    let quote_at = raw.find(['"', '\''])?;
    let body_start = literal.start() + TextSize::try_from(quote_at).ok()?;
    let body = &raw[quote_at..];
    let upper = body.to_ascii_uppercase();
    let begin = upper.find("BEGIN")?;
    if !upper[..begin]
        .trim_matches(|c: char| c == '"' || c == '\'' || c.is_whitespace())
        .is_empty()
    {
        return None;
    }
    let lower = body[begin..begin + 5]
        .chars()
        .all(|c| c.is_ascii_lowercase());
    let word = if lower { "immediate" } else { "IMMEDIATE" };
    let after = begin + 5;
    let rest = &upper[after..];
    let trimmed = rest.trim_start();
    let at = body_start + TextSize::try_from(after).ok()?;
    if trimmed.starts_with("DEFERRED") {
        let skip = rest.len() - trimmed.len();
        let start = at + TextSize::try_from(skip).ok()?;
        return Some(Edit::replace(TextRange::at(start, TextSize::new(8)), word));
    }
    Some(Edit::insert(at, format!(" {word}")))
}
