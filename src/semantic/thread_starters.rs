//! Project functions that start a thread on the callable they are handed, called
//! as plain functions: a helper `start_thread(target, name, *args)` that runs
//! `Thread(target=_guarded, args=(target, stop_event) + args)` (its own wrapper
//! calls `target` there), or a thread decorator called directly
//! (`run_in_thread(work)`). What a caller hands it (`start_thread(self._poll,
//! "poller")`) runs on the new thread, while the objects it uses were built on
//! the caller's. Matched across modules by the project index
//! (`project::started_entries`).

use ruff_python_ast::Expr;

use super::model::{Call, Model};
use super::refs::CallRef;
use super::thread_decorators::{handed_arguments, handed_to_thread, outer_functions_handing};

/// The module-level functions of this module that start a thread on the
/// callable their first parameter receives, directly or through a module
/// function that the thread runs with it as its first argument.
pub fn starters(model: &Model<'_>) -> Vec<String> {
    outer_functions_handing(model, |call, param| {
        let Some(target) = handed_to_thread(model, call) else {
            return false;
        };
        let is_param = |e: &Expr| matches!(e, Expr::Name(n) if n.id.as_str() == param);
        let wrapped = matches!(target, Expr::Name(n)
                if model.scopes.module_function(n.id.as_str()).is_some())
            && first_handed(call).is_some_and(is_param);
        is_param(target) || wrapped
    })
}

/// Calls of this module whose first argument names a project callable, with
/// the functions it stands for; the index keeps those whose callee is a
/// starter.
pub fn starter_calls(model: &Model<'_>) -> Vec<(CallRef, Vec<CallRef>)> {
    let mut out = Vec::new();
    for call in &model.calls {
        if call.in_lambda || handed_to_thread(model, call).is_some() {
            continue;
        }
        let Some(first) = call.expr.arguments.args.first() else {
            continue;
        };
        if !matches!(first, Expr::Name(_) | Expr::Attribute(_)) {
            continue;
        }
        let Some(callee) = super::project::call_ref(model, call) else {
            continue;
        };
        let targets = super::threads::refs_of(model, first, call.scope);
        if !targets.is_empty() {
            out.push((callee, targets));
        }
    }
    out
}

/// The first value a thread hand-off passes to the callable it runs, with
/// `args` extended at run time (`args=(target, stop) + args`).
fn first_handed<'a>(call: &Call<'a>) -> Option<&'a Expr> {
    if let Some(args) = call.keyword("args") {
        let tuple = match args {
            Expr::BinOp(b) => &*b.left,
            e => e,
        };
        return match tuple {
            Expr::Tuple(t) => t.elts.first(),
            Expr::List(l) => l.elts.first(),
            _ => None,
        };
    }
    handed_arguments(call)
        .into_iter()
        .find(|(k, _)| k.is_none())
        .map(|(_, e)| e)
}
