//! Closing a resource on every path by giving it a block: `x = open(...)` and
//! the statements that use it, up to a trailing `x.close()`, become
//! `with <header> as x:` around them. Shared by the sqlite3 and aiosqlite
//! codemods (SQF202, SQF502).

use ruff_python_ast::{Expr, Stmt};
use ruff_text_size::{Ranged, TextRange};

use super::{Edit, codegen};
use crate::semantic::Model;
use crate::semantic::uses::NameUse;

/// `name.close()` (or `await name.close()` when `awaited`) as a statement of its own.
pub fn is_close_statement(stmt: &Stmt, name: &str, awaited: bool) -> bool {
    let Stmt::Expr(expr) = stmt else {
        return false;
    };
    let call = match (&*expr.value, awaited) {
        (Expr::Await(a), true) => &*a.value,
        (other, false) => other,
        _ => return false,
    };
    let Expr::Call(call) = call else {
        return false;
    };
    call.arguments.is_empty()
        && matches!(&*call.func, Expr::Attribute(a) if a.attr.as_str() == "close"
            && matches!(&*a.value, Expr::Name(n) if n.id.as_str() == name))
}

/// Replaces the assignment `assign` (binding `name`) and the statements after it,
/// up to the first one `is_close` accepts, with `{header} as {name}:` around them;
/// the close statement goes. `uses` are the loads of `name` in the function: none
/// may come after the block.
pub fn wrap_until_close(
    model: &Model<'_>,
    assign: &Stmt,
    name: &str,
    uses: &[NameUse],
    is_close: impl Fn(&Stmt) -> bool,
    header: &str,
) -> Result<Edit, String> {
    let text = model.text;
    let (suite, index) = codegen::enclosing_suite(model.suite, assign.range())
        .ok_or_else(|| "the assignment's block could not be found".to_string())?;
    let rest = &suite[index + 1..];
    let close_at = rest.iter().position(&is_close);
    let covered = &rest[..close_at.unwrap_or(rest.len())];
    let (Some(first), Some(last)) = (covered.first(), covered.last()) else {
        return Err("nothing uses the connection after it is opened".to_string());
    };
    let region_end = last.end();
    if uses.iter().any(|u| {
        u.range.start() >= region_end
            && !close_at.is_some_and(|i| rest[i].range().contains_range(u.range))
    }) {
        return Err(format!(
            "`{name}` is used after its block ends; close it in a `finally` there"
        ));
    }
    if ![assign, first, last]
        .iter()
        .all(|s| codegen::owns_lines(text, s))
        || close_at.is_some_and(|i| !codegen::owns_lines(text, &rest[i]))
    {
        return Err("the statements share lines with other code; wrap them by hand".to_string());
    }
    let indent = codegen::indentation_at(text, assign.start()).to_string();
    let unit = model.stylist.indent.clone();
    let nl = model.stylist.newline.as_str();
    let header_range = codegen::statement_lines(text, assign, assign);
    let comment = codegen::trailing_comment(text, assign);
    let body_range = TextRange::new(
        header_range.end(),
        codegen::next_line_start(text, last.end()),
    );
    let mut replacement = match joined(model, covered, header, name, &comment) {
        Some(joined) => joined,
        None => {
            let mut block = format!("{indent}{header} as {name}:{comment}{nl}");
            block.push_str(&codegen::indent_lines(model, body_range, &unit));
            block
        }
    };
    let mut end = body_range.end();
    if let Some(i) = close_at {
        // Drop the close line, keeping whatever lies between.
        let close_lines = codegen::statement_lines(text, &rest[i], &rest[i]);
        replacement.push_str(&text[TextRange::new(end, close_lines.start())]);
        end = close_lines.end();
    }
    Ok(Edit::replace(
        TextRange::new(header_range.start(), end),
        replacement,
    ))
}

/// When the statements are one sync `with` block (`with conn:`, a transaction),
/// its items join the new block's header instead of nesting in it (ruff's
/// SIM117): `with closing(connect()) as conn, conn:`, its body unchanged. `None`
/// when either header carries a comment, the inner one spans lines, or the
/// joined one would outgrow the line length.
fn joined(
    model: &Model<'_>,
    covered: &[Stmt],
    header: &str,
    name: &str,
    comment: &str,
) -> Option<String> {
    let text = model.text;
    let [Stmt::With(with)] = covered else {
        return None;
    };
    if with.is_async || !comment.is_empty() {
        return None;
    }
    let (first, last) = (with.items.first()?, with.items.last()?);
    let line = codegen::line_start(text, with.start());
    let body_start = codegen::next_line_start(text, last.end());
    let inner = text[TextRange::new(line, body_start)].trim_end();
    if inner.contains('#') || !inner.ends_with(':') || with.body.first()?.start() < body_start {
        return None;
    }
    let indent = codegen::indentation_at(text, with.start());
    let items = &text[TextRange::new(first.start(), last.end())];
    let head = format!("{indent}{header} as {name}, {items}:");
    if head.chars().count() > model.stylist.line_length {
        return None;
    }
    let nl = if text[TextRange::new(line, body_start)].ends_with("\r\n") {
        "\r\n"
    } else {
        "\n"
    };
    let end = codegen::next_line_start(text, with.end());
    Some(format!(
        "{head}{nl}{}",
        &text[TextRange::new(body_start, end)]
    ))
}
