//! Whether a piece of code runs once per run of the program, for the thread
//! models that count how many threads a start site makes (threads.rs) and
//! how many owner threads serve a queue (owner_thread.rs). Kept apart from
//! both so the opener model can ask it without importing the thread walk.

use ruff_python_ast::Expr;

use super::model::Model;
use super::scopes::FuncId;

/// Whether code at `at` in `scope` runs once per run of the program: at module
/// level outside any loop, or in a module-level function that only the
/// module's own run-once code calls by name (outside loops), up to a few
/// calls deep.
pub fn runs_once_at(
    model: &Model<'_>,
    scope: Option<FuncId>,
    at: ruff_text_size::TextRange,
    depth: usize,
) -> bool {
    let body = match scope {
        Some(id) => &model.scopes.function(id).def.body,
        None => model.suite,
    };
    if !super::loops::enclosing_loops(body, at).is_empty() {
        return false;
    }
    let Some(id) = scope else {
        return true;
    };
    let function = model.scopes.function(id);
    if depth >= 3 || function.parent.is_some() || function.class.is_some() {
        return false;
    }
    let name = function.name();
    let mut callers = model
        .calls_named(name)
        .filter(|c| matches!(&*c.expr.func, Expr::Name(_)))
        .peekable();
    callers.peek().is_some()
        && callers.all(|c| !c.in_lambda && runs_once_at(model, c.scope, c.range(), depth + 1))
}
