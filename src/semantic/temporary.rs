//! Paths that `tempfile` made: files and folders no other process knows about.
//! Also paths that name the process that opens them (`part_{os.getpid()}.db`):
//! each process writes a file of its own on purpose, and no other opens it.

use ruff_python_ast::{Expr, Operator};
use ruff_text_size::{Ranged, TextSize};

use super::model::{Model, Target};
use super::scopes::FuncId;

// Each name, `.name` and `join` is a step: `os.path.join(os.path.join(tmp.name, a), b)`
// through two variables takes six.
const MAX_DEPTH: usize = 8;

/// Whether `expr`, evaluated at `at` in `scope`, names a temporary file or a
/// place inside a temporary folder.
pub fn is_temporary_path(
    model: &Model<'_>,
    expr: &Expr,
    scope: Option<FuncId>,
    at: TextSize,
) -> bool {
    temporary_path(model, expr, scope, at, 0)
}

/// A path that `tempfile` made: written in the expression itself, or in the
/// assignment that gave the name (or `self.` attribute) its value, or the `.name`
/// of a `with tempfile.NamedTemporaryFile() as tf:` target.
fn temporary_path(
    model: &Model<'_>,
    expr: &Expr,
    scope: Option<FuncId>,
    at: TextSize,
    depth: usize,
) -> bool {
    if depth > MAX_DEPTH {
        return false;
    }
    if mentions_tempfile(model.slice(expr.range())) {
        return true;
    }
    let target = match expr {
        Expr::Name(n) => Target::Name(n.id.to_string()),
        Expr::Attribute(a) if matches!(&*a.value, Expr::Name(n) if n.id.as_str() == "self") => {
            Target::SelfAttr(a.attr.to_string())
        }
        Expr::Attribute(a) if a.attr.as_str() == "name" => {
            return temporary_path(model, &a.value, scope, at, depth + 1);
        }
        // `os.path.join(tmp, name)`, `tmp / name`: a place inside a temporary folder.
        Expr::Call(call) if matches!(&*call.func, Expr::Attribute(a) if a.attr.as_str() == "join") =>
        {
            return call
                .arguments
                .args
                .first()
                .is_some_and(|first| temporary_path(model, first, scope, at, depth + 1))
                || names_own_process(model, expr, scope, at, depth + 1);
        }
        Expr::BinOp(bin) if bin.op == Operator::Div => {
            return temporary_path(model, &bin.left, scope, at, depth + 1)
                || names_own_process(model, expr, scope, at, depth + 1);
        }
        // `'part_' + str(pid) + '.db'`, `f"part_{pid}.db"`, `"part_%d.db" % pid`
        // with `pid = os.getpid()` earlier: a name built around the process id.
        Expr::BinOp(_) | Expr::FString(_) | Expr::Call(_) => {
            return names_own_process(model, expr, scope, at, depth + 1);
        }
        _ => return false,
    };
    let Some(assignment) = model
        .assignments_in(scope)
        .rfind(|a| a.stmt.start() < at && a.target == target)
    else {
        return false;
    };
    temporary_path(
        model,
        assignment.value,
        assignment.scope,
        assignment.stmt.start(),
        depth + 1,
    )
}

/// Whether the name `expr` builds has the process id in it: the id itself, or
/// a variable (or `self.` attribute) assigned it, as a part of a concatenation,
/// an f-string, `%` or `.format()` formatting, `str(...)` or `os.path.join`.
/// A part passed to any other call may be dropped by it, so it does not count.
fn names_own_process(
    model: &Model<'_>,
    expr: &Expr,
    scope: Option<FuncId>,
    at: TextSize,
    depth: usize,
) -> bool {
    if depth > MAX_DEPTH {
        return false;
    }
    if mentions_process_id(model.slice(expr.range())) {
        return true;
    }
    let part = |e: &Expr| names_own_process(model, e, scope, at, depth + 1);
    let target = match expr {
        Expr::BinOp(bin) => return part(&bin.left) || part(&bin.right),
        Expr::FString(f) => {
            return f.value.elements().any(|element| {
                matches!(element, ruff_python_ast::InterpolatedStringElement::Interpolation(i)
                    if part(&i.expression))
            });
        }
        Expr::Call(call) => {
            let keeps_parts = match &*call.func {
                Expr::Name(n) => matches!(n.id.as_str(), "str" | "format"),
                Expr::Attribute(a) => matches!(a.attr.as_str(), "format" | "join"),
                _ => false,
            };
            return keeps_parts
                && (call.arguments.args.iter().any(part)
                    || call.arguments.keywords.iter().any(|k| part(&k.value)));
        }
        Expr::Name(n) => Target::Name(n.id.to_string()),
        Expr::Attribute(a) if matches!(&*a.value, Expr::Name(n) if n.id.as_str() == "self") => {
            Target::SelfAttr(a.attr.to_string())
        }
        _ => return false,
    };
    let Some(assignment) = model
        .assignments_in(scope)
        .rfind(|a| a.stmt.start() < at && a.target == target)
    else {
        return false;
    };
    names_own_process(
        model,
        assignment.value,
        assignment.scope,
        assignment.stmt.start(),
        depth + 1,
    )
}

/// A file per process, named by its id.
fn mentions_process_id(text: &str) -> bool {
    ["getpid()", "current_process().pid"]
        .iter()
        .any(|marker| text.contains(marker))
}

fn mentions_tempfile(text: &str) -> bool {
    [
        "tempfile.",
        "NamedTemporaryFile",
        "TemporaryDirectory",
        "mkstemp",
        "mkdtemp",
    ]
    .iter()
    .any(|marker| text.contains(marker))
        || mentions_process_id(text)
}

#[cfg(test)]
mod tests {
    use super::is_temporary_path;
    use crate::semantic::Model;
    use ruff_text_size::Ranged;
    use std::path::Path;

    #[test]
    fn temporary_places() {
        let source = "import os, tempfile\n\
def f(name):\n    tmp = tempfile.TemporaryDirectory()\n    d = os.path.join(tmp.name, name)\n    a = d\n    b = tmp.name\n    c = name\n    e = f'part_{os.getpid()}.db'\n    pid = os.getpid()\n    g = 'w_' + str(pid) + '.db'\n    h = f'w_{pid}.db'\n    k = os.path.join(name, 'w_%d.db' % pid)\n    m = 'w_{}.db'.format(pid)\n    n = 'w_' + str(name) + '.db'\n    p = 'w_' + lookup(pid) + '.db'\n";
        let parsed = crate::check::parse(source).unwrap();
        let model = Model::build(Path::new("m.py"), source, parsed.suite(), parsed.tokens());
        let value = |name: &str| {
            let a = model
                .assignments
                .iter()
                .find(|a| model.slice(a.target_expr.range()) == name)
                .unwrap();
            is_temporary_path(&model, a.value, a.scope, a.stmt.start())
        };
        assert!(value("a"));
        assert!(value("b"));
        assert!(!value("c"));
        assert!(value("e"));
        assert!(value("g"));
        assert!(value("h"));
        assert!(value("k"));
        assert!(value("m"));
        assert!(!value("n"));
        assert!(!value("p"));
    }
}
