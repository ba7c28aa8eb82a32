//! Functions their authors have retired: the body starts by warning
//! `DeprecationWarning` (or `PendingDeprecationWarning`), or the def carries a
//! `@deprecated` decorator (`warnings.deprecated`, `typing_extensions.deprecated`,
//! the `deprecated` package). Production code is meant to call the replacement,
//! so a transaction hazard inside one describes code the program no longer runs.

use ruff_python_ast::{Expr, Stmt};

use super::model::Model;
use super::scopes::FuncId;

/// How many leading statements may come before the warning (a docstring, an
/// import of `warnings`, a local assignment).
const LEADING: usize = 4;

pub fn is_deprecated(model: &Model<'_>, id: FuncId) -> bool {
    let def = model.scopes.function(id).def;
    let decorated = def.decorator_list.iter().any(|d| {
        let target = match &d.expression {
            Expr::Call(c) => &*c.func,
            other => other,
        };
        model
            .resolve(target, None)
            .is_some_and(|q| q.rsplit('.').next() == Some("deprecated"))
            || matches!(target, Expr::Name(n) if n.id.as_str() == "deprecated")
    });
    decorated
        || def
            .body
            .iter()
            .take(LEADING)
            .any(|s| warns_deprecation(model, Some(id), s))
}

fn warns_deprecation(model: &Model<'_>, scope: Option<FuncId>, stmt: &Stmt) -> bool {
    let Stmt::Expr(e) = stmt else {
        return false;
    };
    let Expr::Call(call) = &*e.value else {
        return false;
    };
    if model.resolve(&call.func, scope).as_deref() != Some("warnings.warn") {
        return false;
    }
    let category = call
        .arguments
        .find_argument_value("category", 1)
        .map(|c| model.slice(ruff_text_size::Ranged::range(c)));
    matches!(
        category,
        Some("DeprecationWarning" | "PendingDeprecationWarning")
    )
}
