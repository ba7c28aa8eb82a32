//! A scratch file its own function deletes after writing it: a probe of
//! write access (`{}` dumped into `test.json` in the chosen folder, then
//! `os.remove`d), a file handed to a tool and removed once the tool has run.
//! Nothing can read it back after the function, so it is no checkpoint
//! (HELDOUT30 cause 6). The removal is any of `os.remove(p)`, `os.unlink(p)`,
//! `p.unlink()` (`Path(p).unlink(missing_ok=True)`) or `shutil.rmtree` of
//! the same spelled path, after the write in the same function (also in a
//! `finally`). A removal before the write (a reset of a stale copy) does not
//! count: the write then leaves the file behind.

use ruff_python_ast::{Expr, Stmt};
use ruff_text_size::{Ranged, TextRange};

use crate::semantic::model::{Call, Model};

/// Whether the function around `call` removes `target` once it has written
/// it: a removal statement after the write in the write's own suite or a
/// suite around it (a `finally` of a `try` around it counts), with no loop
/// between that suite and the write (a checkpoint saved at every step of a
/// loop and removed when the job is done is a checkpoint while it runs).
pub(super) fn removed_after_write(model: &Model<'_>, call: &Call<'_>, target: &Expr) -> bool {
    let Some(scope) = call.scope else {
        return false;
    };
    let spelled = unwrapped(model, target);
    let removes = |stmt: &Stmt| {
        let Stmt::Expr(e) = stmt else {
            return false;
        };
        model.calls_in(call.scope).any(|c| {
            c.stmt.range() == stmt.range()
                && e.value.range() == c.range()
                && removed_path(c).is_some_and(|p| unwrapped(model, p) == spelled)
        })
    };
    let body = &model.scopes.function(scope).def.body[..];
    removed_in_suite(body, call.range(), &removes)
}

/// `suite` (or a suite inside it on the way to `at`) has a removal after the
/// statement around `at`, and no loop lies between that suite and `at`.
fn removed_in_suite(suite: &[Stmt], at: TextRange, removes: &dyn Fn(&Stmt) -> bool) -> bool {
    let Some(index) = suite.iter().position(|s| s.range().contains_range(at)) else {
        return false;
    };
    let holder = &suite[index];
    let finally_removes = matches!(holder, Stmt::Try(t) if t.finalbody.iter().any(removes));
    if (suite[index + 1..].iter().any(removes) || finally_removes) && !loop_on_way(holder, at) {
        return true;
    }
    crate::semantic::visit::block_suites(holder)
        .into_iter()
        .any(|inner| removed_in_suite(inner, at, removes))
}

/// A loop statement around `at`, from `stmt` down.
fn loop_on_way(stmt: &Stmt, at: TextRange) -> bool {
    if matches!(stmt, Stmt::For(_) | Stmt::While(_)) {
        return true;
    }
    crate::semantic::visit::block_suites(stmt)
        .into_iter()
        .any(|inner| {
            inner
                .iter()
                .filter(|s| s.range().contains_range(at))
                .any(|s| loop_on_way(s, at))
        })
}

/// The path a call deletes.
fn removed_path<'a>(call: &Call<'a>) -> Option<&'a Expr> {
    match call.qualified() {
        Some("os.remove" | "os.unlink") => call.argument(0, "path"),
        Some("shutil.rmtree") => call.argument(0, "path"),
        Some(_) => None,
        None => match &*call.expr.func {
            Expr::Attribute(a) if a.attr.as_str() == "unlink" => Some(&a.value),
            _ => None,
        },
    }
}

/// The path's text with a `Path(...)`/`str(...)` wrapper taken off, so that
/// `open(p, "w")` and `Path(p).unlink()` name one file.
fn unwrapped<'a>(model: &Model<'a>, expr: &Expr) -> &'a str {
    if let Expr::Call(c) = expr
        && let Expr::Name(n) = &*c.func
        && matches!(n.id.as_str(), "Path" | "PurePath" | "str")
        && let [only] = &c.arguments.args[..]
    {
        return model.slice(only.range());
    }
    model.slice(expr.range())
}
