//! Work handed to a pool and waited for: `pool.submit(f, ...).result()`,
//! `fut = pool.submit(f); ...; fut.result()`, `for fut in as_completed(futs):
//! fut.result()`, `pool.map(f, items)`, and `p.join()` on a `Process(target=f)`
//! started just before (serial_runs.rs). The
//! caller's thread stands still until `f` has run, so for what the caller
//! blocks on it is a call of `f`: a sync helper that "offloads" sqlite3 work
//! this way and is called from `async def` still blocks the loop for as long
//! as the worker waits on the database lock. A submit nobody waits for
//! (fire-and-forget) is not a call of `f` here.

use ruff_python_ast::Expr;
use ruff_text_size::Ranged;

use super::model::{AssignKind, Call, Model};
use super::refs::CallRef;

/// The callable whose run `call` waits for.
pub enum Waited<'e> {
    /// A function, an imported one, or `self.m`.
    Ref(CallRef),
    /// `value.m`: the object model (objects.rs, which depends on this module's
    /// callers) names it.
    Method(&'e Expr),
}

/// The callable whose run `call` waits for.
pub fn waited_callable<'e>(model: &Model<'e>, call: &Call<'e>) -> Option<Waited<'e>> {
    callable_ref(model, call.scope, waited_work(model, call)?, 0)
}

/// The parameter of the calling function whose run `call` waits for: a
/// generic `run_in_pool(func, *args)` that submits `func` and returns
/// `future.result()`. What it blocks on is what its callers pass.
pub fn waited_parameter(model: &Model<'_>, call: &Call<'_>) -> Option<String> {
    let Expr::Name(n) = waited_work(model, call)? else {
        return None;
    };
    let scope = call.scope?;
    let name = n.id.as_str();
    (model.scopes.function(scope).has_parameter(name) && !model.assigns_in(scope, name))
        .then(|| name.to_string())
}

/// What `call` waits for the run of: the first argument of `pool.map(f, ...)`,
/// or of the `submit` whose future `.result()` is called on: inline, through
/// a name, or through `for fut in as_completed(futures):`.
pub fn waited_work<'e>(model: &Model<'e>, call: &Call<'e>) -> Option<&'e Expr> {
    let Expr::Attribute(attr) = &*call.expr.func else {
        return None;
    };
    match attr.attr.as_str() {
        // `pool.map(f, items)` runs `f` for every item before the results are read.
        "map" => call.expr.arguments.args.first(),
        // `p.start(); p.join()` on a `Process`: the caller waits for its target.
        "join" => super::serial_runs::joined_process_target(model, call),
        "result" => {
            let submit = match &*attr.value {
                Expr::Call(inner) => model.call_at(inner.range())?,
                Expr::Name(n) => {
                    let assignment =
                        model.last_assignment(call.scope, n.id.as_str(), call.range().start())?;
                    match (assignment.kind, assignment.value) {
                        (AssignKind::ForLoop, iter) => {
                            return completed_submit(model, call.scope, iter, call.range().start());
                        }
                        (_, Expr::Call(inner)) => model.call_at(inner.range())?,
                        _ => return None,
                    }
                }
                _ => return None,
            };
            if submit.method_name() != Some("submit") {
                return None;
            }
            submit.expr.arguments.args.first()
        }
        _ => None,
    }
}

/// `as_completed(futures)` (or `concurrent.futures.as_completed`): the work of
/// the `submit` calls that make `futures`, written inline (a list, a set, a
/// comprehension, a dict keyed by futures) or bound to a name before.
fn completed_submit<'e>(
    model: &Model<'e>,
    scope: Option<usize>,
    iter: &'e Expr,
    at: ruff_text_size::TextSize,
) -> Option<&'e Expr> {
    let Expr::Call(waiting) = iter else {
        return None;
    };
    let waiting_call = model.call_at(waiting.range())?;
    let is_as_completed = waiting_call
        .qualified()
        .is_some_and(|q| q.ends_with("as_completed"))
        || matches!(&*waiting.func, Expr::Name(n) if n.id.as_str() == "as_completed");
    if !is_as_completed {
        return None;
    }
    let mut futures = waiting.arguments.args.first()?;
    if let Expr::Name(n) = futures {
        futures = model.last_assignment(scope, n.id.as_str(), at)?.value;
    }
    let submit_in = |range: ruff_text_size::TextRange| {
        model
            .calls
            .iter()
            .find(|c| range.contains_range(c.range()) && c.method_name() == Some("submit"))
    };
    // `as_completed([future])`: the future was made by a `submit` before.
    let submit = submit_in(futures.range()).or_else(|| match futures {
        Expr::List(l) => l.elts.iter().find_map(|e| {
            let Expr::Name(n) = e else { return None };
            submit_in(
                model
                    .last_assignment(scope, n.id.as_str(), at)?
                    .value
                    .range(),
            )
        }),
        _ => None,
    })?;
    submit.expr.arguments.args.first()
}

/// What calling `expr` calls: a module function, an imported one, `self.m`, a
/// method of a value the object model follows, or `functools.partial` of one.
fn callable_ref<'e>(
    model: &Model<'e>,
    scope: Option<usize>,
    expr: &'e Expr,
    depth: usize,
) -> Option<Waited<'e>> {
    match expr {
        Expr::Name(n) => {
            let name = n.id.as_str();
            if model.scopes.module_function(name).is_some() && !local(model, scope, name) {
                return Some(Waited::Ref(CallRef::Local(name.to_string())));
            }
            let q = model.resolve(expr, scope)?;
            // Relative imports are the project's; of absolute ones, leave out
            // the library callables that are never project code.
            let root = q.split('.').next().unwrap_or("");
            let external = matches!(root, "builtins" | "sqlite3" | "functools" | "operator");
            (q.starts_with('.') || !external).then_some(Waited::Ref(CallRef::Dotted(q)))
        }
        Expr::Attribute(a) if matches!(&*a.value, Expr::Name(n) if n.id.as_str() == "self") => {
            let class = model.scopes.enclosing_class(scope)?;
            Some(Waited::Ref(CallRef::SelfMethod {
                class: model.scopes.classes[class].qualname.clone(),
                name: a.attr.to_string(),
            }))
        }
        Expr::Attribute(_) => Some(Waited::Method(expr)),
        Expr::Call(inner) if depth == 0 => {
            let partial = model.resolve(&inner.func, scope)?;
            (partial == "functools.partial")
                .then(|| inner.arguments.args.first())
                .flatten()
                .and_then(|f| callable_ref(model, scope, f, depth + 1))
        }
        _ => None,
    }
}

/// `name` is a parameter or local of `scope`, not the module function.
fn local(model: &Model<'_>, scope: Option<usize>, name: &str) -> bool {
    scope.is_some_and(|id| {
        model.scopes.function(id).has_parameter(name) || model.assigns_in(id, name)
    })
}
