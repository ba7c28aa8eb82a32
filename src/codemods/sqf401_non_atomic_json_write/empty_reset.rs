//! A file written with nothing in it: every JSON the write puts there is an
//! empty object or list (`json.dump({}, f)`, `p.write_text(json.dumps([]))`,
//! `f.write("{}")`), as a store is created, or reset, to empty. Whatever the
//! file held before is being thrown away by this very write, so a crash in
//! the middle loses nothing the program meant to keep: the reader finds an
//! unreadable file where it would have found an empty one. Not a checkpoint
//! write. (A store whose reader falls back to `{}` when it is torn, while the
//! program writes real entries, loses them: those writes carry data and stay
//! reported.)

use ruff_python_ast::{self as ast, Expr, Stmt};
use ruff_text_size::{Ranged, TextRange};

use crate::semantic::model::{Call, Model};
use crate::semantic::scopes::FuncId;

/// Every JSON written by the statement of `call` (a `with open(...)` block,
/// or the statement holding a `write_text`) is an empty object or list.
pub(super) fn writes_only_empty(model: &Model<'_>, call: &Call<'_>) -> bool {
    let span = call.stmt.range();
    let mut writes = 0;
    for c in model.calls_in(call.scope) {
        if !span.contains_range(c.range()) || c.range() == call.range() {
            continue;
        }
        let dumps = c
            .qualified()
            .is_some_and(|q| q.ends_with("json.dump") || q.ends_with("json.dumps"));
        let writes_text = matches!(
            c.method_name(),
            Some("write" | "write_text" | "write_bytes" | "writelines")
        );
        let Some(data) = c.expr.arguments.args.first() else {
            continue;
        };
        if dumps {
            if !empty_container(data) {
                return false;
            }
            writes += 1;
        } else if writes_text {
            // Its text is a dump checked above, or an empty literal itself.
            if !(is_dump_call(model, data, call.scope) || empty_text(data)) {
                return false;
            }
            writes += 1;
        }
    }
    // `p.write_text(json.dumps({}))`: the write is `call` itself.
    if let Some("write_text" | "write_bytes") = call.method_name() {
        match call.expr.arguments.args.first() {
            Some(data) if is_dump_call(model, data, call.scope) || empty_text(data) => {}
            _ => return false,
        }
    }
    writes > 0
}

/// `{}`, `[]`, `dict()`, `list()`.
fn empty_container(expr: &Expr) -> bool {
    match expr {
        Expr::Dict(d) => d.items.is_empty(),
        Expr::List(l) => l.elts.is_empty(),
        Expr::Call(c) => {
            c.arguments.is_empty()
                && matches!(&*c.func, Expr::Name(n) if matches!(n.id.as_str(), "dict" | "list"))
        }
        _ => false,
    }
}

/// `"{}"`, `"[]"`, `b"{}"`.
pub(super) fn empty_text(expr: &Expr) -> bool {
    match expr {
        Expr::StringLiteral(s) => matches!(s.value.to_str().trim(), "{}" | "[]"),
        Expr::BytesLiteral(b) => {
            let bytes: Vec<u8> = b.value.bytes().collect();
            matches!(bytes.trim_ascii(), b"{}" | b"[]")
        }
        _ => false,
    }
}

/// `json.dumps(...)` (its argument is checked where the dump itself is met),
/// also `.encode()`d.
fn is_dump_call(model: &Model<'_>, expr: &Expr, scope: Option<FuncId>) -> bool {
    let Expr::Call(c) = expr else {
        return false;
    };
    if let Expr::Attribute(a) = &*c.func
        && a.attr.as_str() == "encode"
    {
        return is_dump_call(model, &a.value, scope);
    }
    model
        .resolve(&c.func, scope)
        .is_some_and(|q| q.ends_with("json.dumps"))
        && c.arguments.args.first().is_some_and(empty_container)
}

/// The write creates the file where it is missing or rebuilds it where it
/// could not be read: in the branch an existence test sends a missing file to
/// (`if not os.path.exists(p):`, the `else` of `if p.exists():`) or in an
/// `except` handler. Resetting a file that is there and readable (a "delete
/// all" route, the `if p.exists():` branch that reads it and clears it) is
/// another matter: a reader beside it, between the truncate and the dump,
/// finds an empty file it cannot parse.
pub(super) fn creates_or_rebuilds(model: &Model<'_>, call: &Call<'_>) -> bool {
    let body = match call.scope {
        Some(id) => &model.scopes.function(id).def.body[..],
        None => model.suite,
    };
    let target = call.stmt.range();
    crate::semantic::read_dependence::ancestors(body, target)
        .iter()
        .any(|stmt| match stmt {
            Stmt::If(i) => in_missing_branch(model, i, target),
            Stmt::Try(t) => t.handlers.iter().any(|h| h.range().contains_range(target)),
            _ => false,
        })
}

/// `target` lies in the branch of `stmt` taken when a file is missing.
fn in_missing_branch(model: &Model<'_>, stmt: &ast::StmtIf, target: TextRange) -> bool {
    let tests = std::iter::once(Some(&*stmt.test))
        .chain(stmt.elif_else_clauses.iter().map(|c| c.test.as_ref()));
    let bodies =
        std::iter::once(&stmt.body[..]).chain(stmt.elif_else_clauses.iter().map(|c| &c.body[..]));
    let mut earlier_tests_exists = false;
    for (test, body) in tests.zip(bodies) {
        let holds = body
            .first()
            .zip(body.last())
            .is_some_and(|(a, b)| TextRange::new(a.start(), b.end()).contains_range(target));
        match test {
            Some(test) => {
                if holds {
                    return existence_test(model, test) == Some(false);
                }
                earlier_tests_exists |= existence_test(model, test) == Some(true);
            }
            None => return holds && earlier_tests_exists,
        }
    }
    false
}

/// `Some(true)` for a test that holds when a file exists (`os.path.isfile(p)`,
/// `p.exists()`), `Some(false)` for its negation, `None` for anything else.
fn existence_test(model: &Model<'_>, test: &Expr) -> Option<bool> {
    if let Expr::UnaryOp(u) = test
        && u.op == ast::UnaryOp::Not
    {
        return existence_test(model, &u.operand).map(|holds| !holds);
    }
    if !matches!(test, Expr::Call(_)) {
        return None;
    }
    let text = model.slice(test.range());
    ["exists", "isfile", "is_file"]
        .iter()
        .any(|w| text.contains(w))
        .then_some(true)
}
