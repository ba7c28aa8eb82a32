//! State written only when the program shuts down, that its loader does
//! without when it cannot parse it: a daemon's `state.json` (the queue
//! position, the volume) dumped once from its `shutdown()`, an `atexit` hook
//! or a `SIGTERM` handler, and read back at start inside `try: ... except
//! (OSError, json.JSONDecodeError):` that carries on with the defaults.
//!
//! Nothing rewrites the file while the program runs, so no run's work sits
//! in it for a crash to tear; a write cut by a kill during shutdown costs
//! what the loader already accepts losing: the restored position. Not a
//! checkpoint. A file also written on a routine path (after every track, on
//! a timer) is one: one routine writer keeps every write of it reported, and
//! so does a loader that stops on a torn file.

use ruff_python_ast::Expr;

use super::super::Context;
use crate::semantic::file_readers::{ReadBack, words};
use crate::semantic::model::Call;
use crate::semantic::path_idents;
use crate::semantic::scopes::FuncId;

/// Words of a function's name that say it runs as the program stops.
const SHUTDOWN_WORDS: &[&str] = &[
    "shutdown",
    "quit",
    "exit",
    "atexit",
    "teardown",
    "stop",
    "terminate",
    "sigterm",
];

/// Registrations that run a function once, at exit or on a stop signal.
const AT_EXIT: &[&str] = &["atexit.register", "signal.signal"];

/// The write runs only as the program shuts down, and every reader of its
/// file carries on when the file is torn.
pub(super) fn saved_only_at_shutdown(
    ctx: &Context<'_, '_>,
    call: &Call<'_>,
    target: &Expr,
) -> bool {
    let model = ctx.model;
    let Some(scope) = call.scope else {
        return false;
    };
    let mut ident = path_idents::of_expr(model, target, call.scope);
    if ident.is_empty() || !only_at_shutdown(ctx, scope, 0) {
        return false;
    }
    // The readers of the same spelled name or symbol decide, whatever
    // folder a parameter put it in (`os.path.join(state_dir, "state.json")`).
    ident.opaque = false;
    let readers = ctx.project.index.memo(super::project_readers);
    readers
        .read_back(&ident)
        .is_some_and(|r| r != ReadBack::Never)
        && readers.none_stops(&ident)
}

fn names_shutdown(name: &str) -> bool {
    words(name).any(|w| SHUTDOWN_WORDS.contains(&w.as_str()))
}

/// The function is named for shutting down, or every use of it in the
/// project is a call from such a function or a registration at exit
/// (`atexit.register(self.save_state)`), a few callers deep. Only names
/// the project spells in this module alone: a caller elsewhere is unseen.
fn only_at_shutdown(ctx: &Context<'_, '_>, id: FuncId, depth: usize) -> bool {
    let model = ctx.model;
    let function = model.scopes.function(id);
    let name = function.name();
    if names_shutdown(name) {
        return true;
    }
    if depth >= 3 {
        return false;
    }
    let Some(graph) = ctx.project.index.import_graph() else {
        return false;
    };
    if !graph.mentioned_only_in(name, model.path) {
        return false;
    }
    let calls: Vec<&Call<'_>> = model
        .calls_named(name)
        .filter(|c| calls_function(c, function.class.is_some()))
        .collect();
    let registered: Vec<&Call<'_>> = model.calls_passing(name).collect();
    if calls.is_empty() && registered.is_empty() {
        return false;
    }
    calls.iter().all(|c| {
        c.scope
            .is_some_and(|s| s != id && only_at_shutdown(ctx, s, depth + 1))
    }) && registered
        .iter()
        .all(|c| c.qualified().is_some_and(|q| AT_EXIT.contains(&q)))
}

/// `name(...)` for a module function, `self.name(...)` for a method.
fn calls_function(call: &Call<'_>, method: bool) -> bool {
    match &*call.expr.func {
        Expr::Name(_) => !method,
        Expr::Attribute(a) => {
            method && matches!(&*a.value, Expr::Name(n) if matches!(n.id.as_str(), "self" | "cls"))
        }
        _ => false,
    }
}
