//! Paced loops: a loop whose every turn pauses for a second or more
//! (`time.sleep(30)`, `await asyncio.sleep(60)`, `stop.wait(timeout=30)`, an
//! interval spelled as a module constant). A writer that commits a statement
//! or two per such turn holds the write lock milliseconds once a second at
//! most: far sparser than the paced writers of F-short-writers (a write every
//! 0-200 ms per thread), which met no lock error up to sixteen threads
//! (`bench/load/short_writer_threads.py --gap 100`). A loop that only pauses
//! on some turns (`if idle: sleep(...)`), or for under a second, is not paced.
//! A pause may be spelled as an inner loop of one-second sleeps that checks a
//! flag between them, so that a reset or stop request is seen within a second.

use ruff_python_ast::{Expr, Number, Operator, Stmt};
use ruff_text_size::Ranged;

use super::model::{AssignKind, Call, Model};
use super::scopes::FuncId;

/// The shortest pause that paces a loop, in seconds.
const MIN_PAUSE: f64 = 1.0;

/// Sleeps that pause the calling thread or task.
const SLEEPS: &[&str] = &[
    "time.sleep",
    "asyncio.sleep",
    "anyio.sleep",
    "trio.sleep",
    "gevent.sleep",
    "eventlet.sleep",
];

/// Whether every turn of `loop_stmt` (a `for` or `while` of function `scope`)
/// pauses for at least [`MIN_PAUSE`].
pub fn paced_loop(model: &Model<'_>, scope: Option<FuncId>, loop_stmt: &Stmt) -> bool {
    let body = super::loops::loop_body(loop_stmt);
    let pauses = model.calls_in(scope).any(|c| {
        !c.in_lambda
            && body.iter().any(|s| s.range().contains_range(c.range()))
            && super::loops::runs_every_iteration(loop_stmt, c.stmt.range())
            && pause(model, c)
    });
    // A responsive pause: an inner loop that sleeps a second per turn and
    // checks a flag between turns (`for _ in range(interval): if reset:
    // break; time.sleep(1)`) pauses the outer turn for as long, and at least
    // one second unless the flag is already set.
    pauses
        || body.iter().any(|s| {
            matches!(s, Stmt::For(_) | Stmt::While(_))
                && super::loops::runs_every_iteration(loop_stmt, s.range())
                && paced_loop(model, scope, s)
        })
}

/// Whether `target` (in function `scope`) runs inside exactly one loop of its
/// function, and that loop is paced.
pub fn in_paced_loop(
    model: &Model<'_>,
    scope: Option<FuncId>,
    target: ruff_text_size::TextRange,
) -> bool {
    let suite: &[Stmt] = match scope {
        Some(id) => &model.scopes.function(id).def.body,
        None => model.suite,
    };
    let loops = super::loops::enclosing_loops(suite, target);
    loops.len() == 1 && paced_loop(model, scope, loops[0])
}

/// A call that pauses for at least [`MIN_PAUSE`]: a sleep, or `<event>.wait(t)`.
pub(crate) fn pause(model: &Model<'_>, call: &Call<'_>) -> bool {
    let seconds = if call.qualified().is_some_and(|q| SLEEPS.contains(&q)) {
        call.argument(0, "seconds")
            .or_else(|| call.argument(0, "delay"))
    } else if call.method_name() == Some("wait") {
        call.argument(0, "timeout")
    } else {
        None
    };
    seconds
        .and_then(|e| value(model, call.scope, e, 0))
        .is_some_and(|s| s >= MIN_PAUSE)
}

/// The number an expression spells: a literal, a product of numbers, or a
/// name bound once to one.
fn value(model: &Model<'_>, scope: Option<FuncId>, expr: &Expr, depth: usize) -> Option<f64> {
    if depth > 3 {
        return None;
    }
    match expr {
        Expr::NumberLiteral(n) => match &n.value {
            Number::Int(i) => i.as_u64().map(|v| v as f64),
            Number::Float(f) => Some(*f),
            Number::Complex { .. } => None,
        },
        Expr::BinOp(b) if b.op == Operator::Mult => Some(
            value(model, scope, &b.left, depth + 1)? * value(model, scope, &b.right, depth + 1)?,
        ),
        Expr::Name(n) => {
            let bound = model.assignments_of(scope, n.id.as_str());
            match bound.as_slice() {
                [one] if one.kind == AssignKind::Assign => {
                    value(model, one.scope, one.value, depth + 1)
                }
                _ => None,
            }
        }
        _ => None,
    }
}
