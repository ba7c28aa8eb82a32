//! The fallback branch of an atomic writer: the function writes a temporary
//! file, fsyncs it and `os.replace`s it over the target in a `try`, and only
//! in an `except` of that `try` (the rename failed: a file system without
//! atomic rename, a permission the temporary folder lacks) writes the target
//! in place. The normal path leaves no torn file; the in-place branch runs
//! only when the atomic one cannot, and an atomic fix there would fail the
//! same way. Not reported.

use ruff_python_ast::{self as ast, Expr, Stmt};
use ruff_text_size::Ranged;

use crate::semantic::model::{Call, Model};
use crate::semantic::visit;

/// Whether `call` sits in an `except` handler of a `try` whose body moves a
/// file over the same target (`os.replace(tmp, target)`, `os.rename`,
/// `shutil.move`, `tmp.replace(target)`).
pub(super) fn in_fallback_of_atomic_write(
    model: &Model<'_>,
    call: &Call<'_>,
    target: &Expr,
) -> bool {
    let body: &[Stmt] = match call.scope {
        Some(id) => &model.scopes.function(id).def.body,
        None => model.suite,
    };
    let spelled = model.slice(target.range());
    visit::scope_stmts(body).into_iter().any(|stmt| {
        let Stmt::Try(t) = stmt else {
            return false;
        };
        let in_handler = t.handlers.iter().any(|h| {
            let ast::ExceptHandler::ExceptHandler(h) = h;
            h.range().contains_range(call.range())
        });
        in_handler
            && model.calls_in(call.scope).any(|c| {
                t.body.iter().any(|s| s.range().contains_range(c.range()))
                    && moved_onto(model, c).is_some_and(|dst| model.slice(dst.range()) == spelled)
            })
    })
}

/// The destination of a rename: `os.replace(src, dst)` and its kin, or
/// `src.replace(dst)` / `src.rename(dst)` on a path (one argument).
fn moved_onto<'a>(_model: &Model<'a>, call: &Call<'a>) -> Option<&'a Expr> {
    match call.qualified() {
        Some("os.replace" | "os.rename" | "shutil.move") => call.argument(1, "dst"),
        Some(_) => None,
        None => {
            let one =
                call.expr.arguments.args.len() == 1 && call.expr.arguments.keywords.is_empty();
            (one && matches!(call.method_name(), Some("replace" | "rename")))
                .then(|| &call.expr.arguments.args[0])
        }
    }
}
