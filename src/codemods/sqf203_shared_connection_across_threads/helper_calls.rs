//! A call, from code that runs on a worker thread, of another module's helper
//! that runs its queries on that module's connection opened at import with the
//! default check_same_thread: `usage.record(n)` in a function a thread-pool
//! decorator offloads, where `usage.py` does `db = sqlite3.connect(...)` at
//! module level. The connection belongs to the thread that imported the module
//! (the main thread), so the helper raises ProgrammingError on every such call
//! (docs/sqlite-facts.md#F-same-thread, `bench/facts/check_same_thread.py`).
//!
//! Reported at the call, where the thread-side code hands the helper its work:
//! that is where the fix goes (make the call from the thread that opened the
//! connection, or let the helper open a connection per call). The connection's
//! own finding (in its module) names the same root.

use ruff_text_size::Ranged;

use crate::finding::{Finding, Root};
use crate::semantic::project::call_ref;

use super::Context;
use super::instance::Threads;

pub fn check(
    meta: &'static crate::codemods::Meta,
    ctx: &Context<'_, '_>,
    known: &mut Option<Threads>,
    out: &mut Vec<Finding>,
) {
    let model = ctx.model;
    let view = ctx.project;
    // Most projects open no such connection: then no call needs resolving.
    struct AnySameThreadGlobal(bool);
    let any = view.index.memo(|index| {
        AnySameThreadGlobal(
            index
                .modules
                .iter()
                .any(|m| !m.facts.same_thread_globals.is_empty()),
        )
    });
    if !any.0 {
        return;
    }
    for call in &model.calls {
        let Some(scope) = call.scope else {
            continue;
        };
        let f = model.scopes.function(scope);
        if f.is_async() || call.in_lambda {
            continue;
        }
        let Some(r) = call_ref(model, call) else {
            continue;
        };
        let Some((Some(m), helper)) = view.resolve_from(None, &r) else {
            continue;
        };
        let module = &view.index.modules[m];
        let Some((global, line)) = helper.shared_globals.iter().find(|(name, line)| {
            module
                .facts
                .same_thread_globals
                .iter()
                .any(|(g, l)| g == name && l == line)
        }) else {
            continue;
        };
        // The project's threads only once a call could cross them: most
        // modules call no such helper.
        let threads = known.get_or_insert_with(|| Threads::of(view, model));
        let Some(why) = threads.runs_on_worker(&f.qualname) else {
            continue;
        };
        let shown = crate::diff::display_path(&module.path);
        let callee = model.slice(call.expr.func.range());
        let message = format!(
            "`{callee}()` runs its queries on `{global}`, the connection {shown} opens at import (line {line}) with check_same_thread=True (the default), and is called here on a worker thread: {why}; every such call raises ProgrammingError"
        );
        out.push(
            Finding::new(meta, call.range(), message)
                .with_root(global_root(&module.path, global, *line))
                .with_note(format!(
                    "make this call from the thread that opened the connection (after the offloaded work returns), or let `{}` open a connection per call",
                    helper.qualname
                )),
        );
    }
}

/// The module-level connection as a root cause, as the connection's own finding names it.
pub fn global_root(path: &std::path::Path, global: &str, line: usize) -> Root {
    let shown = crate::diff::display_path(path);
    Root::new(
        format!("same-thread:{shown}:{global}"),
        format!("the connection `{global}` that {shown} opens at import"),
    )
    .at(path, line)
}
