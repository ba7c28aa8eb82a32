//! A line-per-record text store: the users, channels or ignores a program
//! keeps one per line, rewritten with `open(path, "w")` (Python 2's
//! `file(path, "w")`, `codecs.open`) a line at a time, periodically or at
//! exit, and read back line by line at start (file_readers `reads_lines`).
//! `open` truncates the file before the first line is written, so a kill, a
//! crash or a full disk before the last line leaves a short file, and the
//! next start silently loads only the records before the cut: no parse error
//! says anything was lost (docs/sqlite-facts.md#F-truncate-at-open). Not
//! reported when the path names a cache (`.cache-{name}.unpacked`): the
//! program rebuilds it when it is missing. Reported
//! without a fix: the assigned form (`f = open(p, "w")` ... `f.close()`) has
//! no block to swap the opener in, and the loop may write elsewhere too.

use ruff_python_ast::{self as ast, Expr, Stmt};

use crate::semantic::model::{Call, Model};
use crate::semantic::visit;

/// The path of an `open(p, "w")` whose file the code fills with lines: a
/// `write` of a line in a loop, a `writelines`, or a `write` of a
/// `"\n".join(...)`, through the `with` handle or the name it is assigned to.
pub(super) fn lines_written<'a>(model: &Model<'a>, call: &Call<'a>) -> Option<&'a Expr> {
    if !matches!(
        call.qualified(),
        Some("builtins.open" | "builtins.file" | "io.open" | "codecs.open")
    ) {
        return None;
    }
    let Expr::StringLiteral(mode) = call.argument(1, "mode")? else {
        return None;
    };
    let mode = mode.value.to_str();
    if !mode.contains('w') || mode.contains('b') || mode.contains('+') {
        return None;
    }
    let handle = crate::semantic::file_readers::bound_handle(call)?;
    let body: &[Stmt] = match call.stmt {
        Stmt::With(with) => &with.body,
        _ => &model.scopes.function(call.scope?).def.body,
    };
    fills_lines(body, handle).then(|| call.argument(0, "file"))?
}

/// The body writes records into `handle` one line each.
fn fills_lines(body: &[Stmt], handle: &str) -> bool {
    let on_handle = |call: &ast::ExprCall, method: &str| {
        matches!(&*call.func, Expr::Attribute(a)
            if a.attr.as_str() == method
                && matches!(&*a.value, Expr::Name(n) if n.id.as_str() == handle))
    };
    let joined_lines = |call: &ast::ExprCall| {
        on_handle(call, "write")
            && call.arguments.args.first().is_some_and(|arg| {
                matches!(arg, Expr::Call(j) if matches!(&*j.func, Expr::Attribute(a)
                    if a.attr.as_str() == "join"
                        && matches!(&*a.value, Expr::StringLiteral(s) if s.value.to_str() == "\n")))
            })
    };
    if visit::any_expr(
        body,
        |e| matches!(e, Expr::Call(c) if on_handle(c, "writelines") || joined_lines(c)),
    ) {
        return true;
    }
    visit::any_stmt(body, |s| {
        let Stmt::For(f) = s else {
            return false;
        };
        visit::any_expr(&f.body, |e| {
            matches!(e, Expr::Call(c) if on_handle(c, "write")
                && c.arguments.args.first().is_some_and(ends_a_line))
        })
    })
}

/// Text that ends with a newline: `name + "\n"`, `f"{nick}\n"`, `"%s\n" % x`,
/// `"{}\n".format(x)`.
fn ends_a_line(expr: &Expr) -> bool {
    let literal_ends =
        |e: &Expr| matches!(e, Expr::StringLiteral(s) if s.value.to_str().ends_with('\n'));
    match expr {
        Expr::BinOp(op) => match op.op {
            ast::Operator::Add => literal_ends(&op.right),
            ast::Operator::Mod => literal_ends(&op.left),
            _ => false,
        },
        Expr::FString(f) => f.value.iter().last().is_some_and(|part| {
            match part {
            ast::FStringPart::Literal(l) => l.value.ends_with('\n'),
            ast::FStringPart::FString(fs) => fs.elements.last().is_some_and(|e| {
                matches!(e, ast::InterpolatedStringElement::Literal(l) if l.value.ends_with('\n'))
            }),
        }
        }),
        Expr::Call(c) => matches!(&*c.func, Expr::Attribute(a)
            if a.attr.as_str() == "format" && literal_ends(&a.value)),
        _ => false,
    }
}

pub(super) fn message(opener: &str) -> String {
    format!(
        "Line-per-record store rewritten in place with `{opener}(..., \"w\")` and read back line by line at start: the file is truncated before the first line is written, so a kill, a crash or a full disk mid-write leaves a short file and the next start silently loads only the records before the cut; write a temporary file beside it and `os.replace` it over the name"
    )
}
