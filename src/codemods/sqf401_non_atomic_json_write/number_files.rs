//! A one-value status file: a position, a serial or a count written as text
//! in place (`path.write_text(str(serial))`, `f.write("%d" % pos)` into
//! `open(path, "w")`) after each step of a loop, and read back at start to
//! resume (`int(path.read_text())`). `open` truncates the file before the
//! number is written, so a kill or a full disk in between leaves it empty, and
//! `int("")` raises `ValueError` (docs/sqlite-facts.md#F-number-file-torn):
//! the next run crashes, or, when the reader falls back to a default, starts
//! over from the beginning and redoes (or re-sends) everything. Only the
//! reader says the text is a number, so a writer is reported only when some
//! reader of the same file parses it with `int`/`float` and does not take a
//! failure for a miss (semantic::file_readers `parses_number`), and only when
//! the write runs once per step of a loop ([`written_each_step`]): a pid file
//! written at start and read back to see whether the daemon runs, or a
//! counter a hook bumps once per run, is no position a resume depends on.

use ruff_python_ast::{self as ast, Expr};

use crate::semantic::model::Model;
use crate::semantic::scopes::FuncId;

/// Text that is one value made into a string: `str(n)`, `repr(n)`,
/// `f"{n}"` or `f"{n}\n"`, `"%d" % n`, `"{}".format(n)`, `str(n) + "\n"`.
pub(super) fn is_number_text(model: &Model<'_>, expr: &Expr, scope: Option<FuncId>) -> bool {
    match expr {
        Expr::Call(call) => {
            let one_arg = call.arguments.args.len() == 1 && call.arguments.keywords.is_empty();
            if one_arg
                && matches!(
                    model.resolve(&call.func, scope).as_deref(),
                    Some("builtins.str" | "builtins.repr")
                )
            {
                return !matches!(
                    call.arguments.args[0],
                    Expr::StringLiteral(_) | Expr::FString(_)
                );
            }
            // `"{}".format(n)`, `"{:d}\n".format(n)`
            one_arg
                && matches!(&*call.func, Expr::Attribute(a)
                    if a.attr.as_str() == "format"
                        && matches!(&*a.value, Expr::StringLiteral(s) if one_field(s.value.to_str())))
        }
        Expr::FString(f) => {
            let mut fields = 0;
            let mut only_blank = true;
            for part in &f.value {
                match part {
                    ast::FStringPart::Literal(l) => only_blank &= l.value.trim().is_empty(),
                    ast::FStringPart::FString(fstring) => {
                        for element in &fstring.elements {
                            match element {
                                ast::InterpolatedStringElement::Interpolation(_) => fields += 1,
                                ast::InterpolatedStringElement::Literal(l) => {
                                    only_blank &= l.value.trim().is_empty()
                                }
                            }
                        }
                    }
                }
            }
            fields == 1 && only_blank
        }
        Expr::BinOp(op) => match op.op {
            // `"%d" % n`, `"%s\n" % n`
            ast::Operator::Mod => matches!(&*op.left, Expr::StringLiteral(s)
                if matches!(s.value.to_str().trim(), "%d" | "%s" | "%i" | "%f" | "%r")),
            // `str(n) + "\n"`
            ast::Operator::Add => {
                is_number_text(model, &op.left, scope)
                    && matches!(&*op.right, Expr::StringLiteral(s) if s.value.to_str().trim().is_empty())
            }
            _ => false,
        },
        _ => false,
    }
}

/// A format string of one replacement field and nothing but blanks around it.
fn one_field(text: &str) -> bool {
    let text = text.trim();
    text.starts_with('{') && text.ends_with('}') && text.matches('{').count() == 1
}

/// The finding's message for a number written in place with `how`.
pub(super) fn message(how: &str) -> String {
    format!(
        "One-value state file (a position or serial) written in place with `{how}` and read back with `int(...)` to resume: the file is truncated before the number is written, so a kill or a full disk in between leaves it empty, and the next run fails on `int('')` or starts over from its default"
    )
}

/// The `with` body writes one value's text into `handle` (`f.write(str(n))`).
pub(super) fn written_into(
    model: &Model<'_>,
    body: &[ruff_python_ast::Stmt],
    handle: &str,
    scope: Option<FuncId>,
) -> bool {
    crate::semantic::visit::any_expr(body, |expr| {
        let Expr::Call(call) = expr else {
            return false;
        };
        matches!(&*call.func, Expr::Attribute(a)
            if a.attr.as_str() == "write"
                && matches!(&*a.value, Expr::Name(n) if n.id.as_str() == handle))
            && call.arguments.args.len() == 1
            && is_number_text(model, &call.arguments.args[0], scope)
    })
}

/// The write runs once per step of a loop: a `for`/`while` around it in its
/// function, or around a call of its function elsewhere in the module (two
/// levels of callers). A position saved after every step is what a resume
/// reads; a number written once per run (a pid file, a counter a hook bumps,
/// a marker's timestamp) is not a position, and a lost one costs a recount.
pub(super) fn written_each_step(
    model: &Model<'_>,
    call: &crate::semantic::model::Call<'_>,
) -> bool {
    let in_loop = |range| !crate::semantic::loops::enclosing_loops(model.suite, range).is_empty();
    if in_loop(call.range()) {
        return true;
    }
    let mut scopes = vec![call.scope];
    for _ in 0..2 {
        let mut callers = Vec::new();
        for scope in scopes.iter().flatten() {
            let name = model.scopes.function(*scope).name();
            for caller in model.calls_named(name) {
                if caller.scope == Some(*scope) {
                    continue;
                }
                if in_loop(caller.range()) {
                    return true;
                }
                callers.push(caller.scope);
            }
        }
        scopes = callers;
    }
    false
}
