//! Calls that hand a function a temporary path which the caller then moves
//! over the real file: `self._save(tmp)` followed by `os.replace(tmp, path)`,
//! or made inside `with replacing(path) as tmp:` where `replacing` is a
//! `@contextmanager` of the module that yields a name and renames it into
//! place after the `yield`. The function writes that temporary in place, and
//! the rename makes the whole save atomic: a base class's `save()` doing this
//! around every subclass's `_save(filename)` leaves none of their writes a
//! checkpoint cut short (the checkpoint rule asks, by the writer's name,
//! whether every call of it in the project is such a call).

use rustc_hash::FxHashMap as HashMap;

use ruff_python_ast::{Expr, Stmt};
use ruff_text_size::Ranged;

use super::model::{AssignKind, Call, Model};
use super::scopes::FuncId;
use super::visit;

/// By the callee's last name, how many of the module's calls pass a
/// temporary path that is moved into place afterwards.
pub fn of_module(model: &Model<'_>) -> HashMap<String, u32> {
    let mut out: HashMap<String, u32> = HashMap::default();
    for call in &model.calls {
        let name = match &*call.expr.func {
            Expr::Name(n) => n.id.as_str(),
            Expr::Attribute(a) => a.attr.as_str(),
            _ => continue,
        };
        let hands_temporary = call
            .expr
            .arguments
            .args
            .iter()
            .chain(call.expr.arguments.keywords.iter().map(|k| &k.value))
            .any(|arg| temporary_moved_into_place(model, call, arg));
        if hands_temporary {
            *out.entry(name.to_string()).or_default() += 1;
        }
    }
    out
}

/// `arg` (a name, or a conversion of one: `str(tmp)`) is renamed over
/// another file after `call` in the same function, or is the name a
/// replacing context manager around `call` yields.
fn temporary_moved_into_place(model: &Model<'_>, call: &Call<'_>, arg: &Expr) -> bool {
    let Some(name) = name_under(model, arg, call.scope) else {
        return false;
    };
    renamed_later(model, call.scope, name, call.range().start())
        || model.assignments_of(call.scope, name).iter().any(|a| {
            a.kind == AssignKind::WithItem
                && a.scope == call.scope
                && a.stmt.range().contains_range(call.range())
                && replacing_manager(model, a.value)
        })
}

/// The name under `Path(x)`, `str(x)`, `os.fspath(x)`, or `x` itself.
fn name_under<'a>(model: &Model<'_>, expr: &'a Expr, scope: Option<FuncId>) -> Option<&'a str> {
    match unwrapped_path(model, expr, scope) {
        Expr::Name(n) => Some(n.id.as_str()),
        _ => None,
    }
}

/// The path under conversions that keep it the same file: `Path(x)`,
/// `PurePath(x)`, `str(x)`, `os.fspath(x)` (nested too), or `expr` itself.
pub fn unwrapped_path<'a>(model: &Model<'_>, expr: &'a Expr, scope: Option<FuncId>) -> &'a Expr {
    let Expr::Call(c) = expr else {
        return expr;
    };
    let [only] = &*c.arguments.args else {
        return expr;
    };
    let converts = c.arguments.keywords.is_empty()
        && matches!(
            model.resolve(&c.func, scope).as_deref(),
            Some("pathlib.Path" | "pathlib.PurePath" | "builtins.str" | "str" | "os.fspath")
        );
    if converts {
        unwrapped_path(model, only, scope)
    } else {
        expr
    }
}

/// A rename of the file `name` holds onto another name, after `after`, in
/// `scope`: `os.replace(name, dst)`, `os.rename`, `shutil.move`,
/// `Path(name).replace(dst)`.
fn renamed_later(
    model: &Model<'_>,
    scope: Option<FuncId>,
    name: &str,
    after: ruff_text_size::TextSize,
) -> bool {
    model.calls_in(scope).any(|rename| {
        if rename.range().start() <= after {
            return false;
        }
        let source = match rename.qualified() {
            Some("os.replace" | "os.rename" | "shutil.move") => rename.argument(0, "src"),
            Some(_) => None,
            None => match (&*rename.expr.func, rename.method_name()) {
                (Expr::Attribute(a), Some("replace" | "rename"))
                    if rename.expr.arguments.args.len() == 1
                        && rename.expr.arguments.keywords.is_empty() =>
                {
                    Some(&*a.value)
                }
                _ => None,
            },
        };
        source.and_then(|s| name_under(model, s, scope)) == Some(name)
    })
}

/// `replacing(path)`: a `@contextmanager` function of this module (or a
/// method of the enclosing class) that yields a name and, after the
/// `yield`, renames that name over another file.
fn replacing_manager(model: &Model<'_>, value: &Expr) -> bool {
    let Expr::Call(c) = value else {
        return false;
    };
    let Some(call) = model.call_at(c.range()) else {
        return false;
    };
    let Some(id) = model.called_function(call) else {
        return false;
    };
    let function = model.scopes.function(id);
    let manager = function.def.decorator_list.iter().any(|d| {
        model
            .resolve(&d.expression, function.parent)
            .is_some_and(|q| q == "contextlib.contextmanager")
    });
    if !manager {
        return false;
    }
    let mut yielded = Vec::new();
    visit::any_stmt(&function.def.body, |stmt| {
        if let Stmt::Expr(e) = stmt
            && let Expr::Yield(y) = &*e.value
            && let Some(Expr::Name(n)) = y.value.as_deref()
        {
            yielded.push((n.id.to_string(), y.start()));
        }
        false
    });
    yielded
        .iter()
        .any(|(name, at)| renamed_later(model, Some(id), name, *at))
}
