//! Edits at the granularity of whole statements: insert a line before or after a
//! statement at its indentation, move a statement, swap two block headers. Each
//! refuses (returns `None`) when a statement shares its lines with other code.

use ruff_python_ast::Stmt;
use ruff_text_size::{Ranged, TextRange, TextSize};

use super::{Edit, codegen};
use crate::semantic::Model;

/// The file's newline.
pub fn nl(model: &Model<'_>) -> &'static str {
    model.stylist.newline.as_str()
}

/// Lines of code (`\n`-separated, no indentation) as they would read at `indent`.
fn indented(model: &Model<'_>, indent: &str, code: &str) -> String {
    let nl = nl(model);
    let code = model.stylist.indent_code(code);
    let mut out = String::new();
    for line in code.lines() {
        if line.trim().is_empty() {
            out.push_str(nl);
        } else {
            out.push_str(indent);
            out.push_str(line);
            out.push_str(nl);
        }
    }
    out
}

/// The sync `with` statement (anywhere inside `body`) whose whole body is
/// `stmts`: a wrapper of exactly those statements can join its items instead of
/// nesting a second `with` (ruff's SIM117 flags the nesting).
pub fn with_of_whole_body<'a>(
    body: &'a [Stmt],
    stmts: &[Stmt],
) -> Option<&'a ruff_python_ast::StmtWith> {
    for stmt in body {
        let found =
            match stmt {
                Stmt::With(with) => {
                    if !with.is_async && std::ptr::eq(with.body.as_slice(), stmts) {
                        return Some(with);
                    }
                    with_of_whole_body(&with.body, stmts)
                }
                Stmt::If(s) => with_of_whole_body(&s.body, stmts).or_else(|| {
                    s.elif_else_clauses
                        .iter()
                        .find_map(|c| with_of_whole_body(&c.body, stmts))
                }),
                Stmt::For(s) => with_of_whole_body(&s.body, stmts)
                    .or_else(|| with_of_whole_body(&s.orelse, stmts)),
                Stmt::While(s) => with_of_whole_body(&s.body, stmts)
                    .or_else(|| with_of_whole_body(&s.orelse, stmts)),
                Stmt::Try(s) => with_of_whole_body(&s.body, stmts)
                    .or_else(|| {
                        s.handlers.iter().find_map(|h| match h {
                            ruff_python_ast::ExceptHandler::ExceptHandler(h) => {
                                with_of_whole_body(&h.body, stmts)
                            }
                        })
                    })
                    .or_else(|| with_of_whole_body(&s.orelse, stmts))
                    .or_else(|| with_of_whole_body(&s.finalbody, stmts)),
                _ => None,
            };
        if found.is_some() {
            return found;
        }
    }
    None
}

/// When `stmts` are the whole body of a sync `with` block (a connection's
/// `closing()`), a wrapper of them joins that block's items, last, instead of
/// nesting a second `with` (ruff's SIM117): it is still entered after the
/// block's own items and exited before them. `None` when no such block holds
/// them, or its header spans lines, has a comment, or would outgrow the line
/// length.
pub fn join_with_items(
    model: &Model<'_>,
    body: &[Stmt],
    stmts: &[Stmt],
    item: &str,
) -> Option<Edit> {
    let with = with_of_whole_body(body, stmts)?;
    let last = with.items.last()?;
    let text = model.text;
    let line_start = usize::from(codegen::line_start(text, with.start()));
    let header_end = usize::from(last.end()) + text[usize::from(last.end())..].find('\n')?;
    let header = &text[line_start..header_end];
    let added = format!(", {item}");
    (!header.contains(['#', '\n'])
        && header.trim_end().ends_with(':')
        && header.trim_end().chars().count() + added.len() <= model.stylist.line_length)
        .then(|| Edit::insert(last.end(), added))
}

/// Inserts `code` on the lines after `stmt`, at `stmt`'s indentation.
pub fn insert_after(model: &Model<'_>, stmt: &Stmt, code: &str) -> Option<Edit> {
    if !codegen::owns_lines(model.text, stmt) {
        return None;
    }
    let indent = codegen::indentation_at(model.text, stmt.start());
    let at = line_end_after(model.text, stmt.end());
    Some(Edit::insert(
        at,
        format!(
            "{}{}",
            eof_newline(model, at),
            indented(model, indent, code)
        ),
    ))
}

/// Inserts `code` on the lines before `stmt`, at `stmt`'s indentation.
pub fn insert_before(model: &Model<'_>, stmt: &Stmt, code: &str) -> Option<Edit> {
    if !codegen::owns_lines(model.text, stmt) {
        return None;
    }
    let indent = codegen::indentation_at(model.text, stmt.start());
    let at = codegen::line_start(model.text, stmt.start());
    Some(Edit::insert(at, indented(model, indent, code)))
}

/// A newline to start with when inserting at the end of a file whose last line
/// has none.
pub fn eof_newline(model: &Model<'_>, at: TextSize) -> &'static str {
    let end = usize::from(at) == model.text.len();
    if end && !model.text.is_empty() && !model.text.ends_with(['\n', '\r']) {
        nl(model)
    } else {
        ""
    }
}

/// Where the line holding `offset` ends, its line ending included; at the end
/// of a file without a final newline, one is added by the caller's text.
fn line_end_after(text: &str, offset: TextSize) -> TextSize {
    codegen::next_line_start(text, offset)
}

/// The text of `stmt`'s lines, re-indented from its own indentation to `indent`
/// (lines continuing a multi-line string are left as they are).
pub fn reindented(model: &Model<'_>, stmt: &Stmt, indent: &str) -> String {
    let text = model.text;
    let lines = codegen::statement_lines(text, stmt, stmt);
    let own = codegen::indentation_at(text, stmt.start());
    let inside_string = codegen::multiline_strings(model);
    let mut out = String::new();
    let mut at = lines.start();
    while at < lines.end() {
        let end = codegen::next_line_start(text, at).min(lines.end());
        let line = &text[TextRange::new(at, end)];
        let continues_string = inside_string.iter().any(|s| s.start() < at && at < s.end());
        match line.strip_prefix(own) {
            Some(rest) if !continues_string && !line.trim().is_empty() => {
                out.push_str(indent);
                out.push_str(rest);
            }
            _ => out.push_str(line),
        }
        at = end;
    }
    if !out.ends_with(['\n', '\r']) {
        out.push_str(nl(model));
    }
    out
}

/// Moves `stmt` to the lines right after `after`, at `after`'s indentation.
pub fn move_after(model: &Model<'_>, stmt: &Stmt, after: &Stmt) -> Option<Vec<Edit>> {
    if !codegen::owns_lines(model.text, stmt) || !codegen::owns_lines(model.text, after) {
        return None;
    }
    let indent = codegen::indentation_at(model.text, after.start());
    let moved = reindented(model, stmt, indent);
    let from = codegen::statement_lines(model.text, stmt, stmt);
    let at = line_end_after(model.text, after.end());
    let moved = format!("{}{moved}", eof_newline(model, at));
    Some(vec![Edit::delete(from), Edit::insert(at, moved)])
}

/// Swaps the one-line headers of two directly nested blocks (`for x in y:` and
/// `with conn:`): the body keeps its place and indentation.
pub fn swap_headers(model: &Model<'_>, outer: TextRange, inner: TextRange) -> Option<Vec<Edit>> {
    let text = model.text;
    let outer_text = &text[outer];
    let inner_text = &text[inner];
    if outer_text.trim_end().contains('\n') || inner_text.trim_end().contains('\n') {
        return None;
    }
    let outer_indent = codegen::indentation_at(text, outer.start());
    let inner_indent = codegen::indentation_at(text, inner.start());
    let new_outer = format!("{outer_indent}{}", inner_text.trim_start());
    let new_inner = format!("{inner_indent}{}", outer_text.trim_start());
    Some(vec![
        Edit::replace(outer, new_outer),
        Edit::replace(inner, new_inner),
    ])
}
