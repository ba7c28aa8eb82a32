//! File names made anew on every run: a timestamp or a UUID in the name,
//! directly or through the local names it is built from. A writer of such a
//! file never overwrites a good one from an earlier run.

use ruff_python_ast::Expr;
use ruff_text_size::Ranged;

use super::model::Model;
use super::scopes::FuncId;

/// Calls whose value differs on every run, as the text before their `(`: a file
/// name built from one is new.
const UNIQUE_PER_RUN: &[&str] = &[
    ".now",
    "utcnow",
    "time.time",
    "time_ns",
    "strftime",
    "isoformat",
    ".timestamp",
    "uuid1",
    "uuid4",
];

/// The expression, or a name it reads (assigned in the scope, `depth` levels
/// back), calls something in [`UNIQUE_PER_RUN`].
pub fn named_per_run(model: &Model<'_>, expr: &Expr, scope: Option<FuncId>, depth: usize) -> bool {
    let text = model.slice(expr.range());
    // Every marker opens a call: the text before each `(` is asked, not the
    // whole text searched once per marker (this runs for every argument of
    // every call of a project function).
    if text
        .match_indices('(')
        .any(|(at, _)| UNIQUE_PER_RUN.iter().any(|m| text[..at].ends_with(m)))
    {
        return true;
    }
    depth > 0
        && super::import_graph::words(text).any(|word| {
            model
                .assignment_positions_of(scope, word)
                .iter()
                .any(|&i| named_per_run(model, model.assignments[i].value, scope, depth - 1))
        })
}
