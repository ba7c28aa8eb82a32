//! A library SQLite store built per call and never closed: a helper makes
//! `SqliteStore(db_file="tmp/agent.db")` (an agent framework's session store,
//! which builds its own SQLAlchemy engine; semantic::sqlite_stores says how the
//! object is known to open SQLite), reads one row through it and returns. The
//! engine's pool keeps the sqlite3 connection it opened, with its file handle,
//! until the garbage collector finds the store; a worker that calls the helper
//! once per item of a loop adds one more per item
//! (docs/sqlite-facts.md#F-unclosed-lingers).
//!
//! Reported only where the pile-up shows: the module calls the helper inside a
//! `for` or `while` loop, and the helper neither closes the store (`close()`,
//! `dispose()`, its `engine`), nor lets it leave (returned, stored, handed to
//! a call, captured, entered by `with`), nor runs once per process. No fix:
//! how a third-party store closes is its own API; the note names the choices.

use ruff_python_ast::{Expr, Stmt};
use ruff_text_size::Ranged;

use super::super::{Context, Meta};
use crate::finding::{Confidence, Finding};
use crate::semantic::model::{Callee, Model};
use crate::semantic::sqlite_stores;
use crate::semantic::uses::{UseKind, uses_of_name};
use crate::semantic::{dead_functions, entry_points};

/// Methods and attributes that end a store's connections, or reach its engine.
const CLOSERS: &[&str] = &["close", "dispose", "shutdown", "disconnect", "engine"];

pub fn check(meta: &'static Meta, ctx: &Context<'_, '_>, out: &mut Vec<Finding>) {
    let model = ctx.model;
    for call in &model.calls {
        let Some(scope) = call.scope else {
            continue;
        };
        let Stmt::Assign(assign) = call.stmt else {
            continue;
        };
        let [Expr::Name(target)] = assign.targets.as_slice() else {
            continue;
        };
        if assign.value.range() != call.range() {
            continue;
        }
        let Some(store) = sqlite_stores::built_store(model, call) else {
            continue;
        };
        let name = target.id.as_str();
        let function = model.scopes.function(scope);
        if function.is_generator() || model.is_global_in(Some(scope), name) {
            continue;
        }
        let uses = uses_of_name(&function.def.body, name);
        let kept = uses.is_empty()
            || uses.iter().any(|u| match &u.kind {
                UseKind::MethodCall(m) | UseKind::AttributeRead(m) => CLOSERS.contains(&m.as_str()),
                UseKind::Test => false,
                _ => true,
            });
        if kept
            || !called_in_loop(model, function.name(), function.parent.is_none())
            || entry_points::runs_once(model, Some(scope), call.range().start())
            || ctx
                .project
                .index
                .import_graph()
                .is_some_and(|g| dead_functions::runs_once_per_process(model, g, scope))
        {
            continue;
        }
        let class = store.class.rsplit('.').next().unwrap_or(&store.class);
        let message = format!(
            "`{class}(...)` builds a store that opens SQLite itself on every call of `{}`, which a loop calls once per item, and nothing closes it: its engine keeps the sqlite3 connection it opened, with the file handle, after the function returns (docs/sqlite-facts.md#F-unclosed-lingers)",
            function.name()
        );
        let mut finding = Finding::new(meta, call.range(), message).with_note(format!(
            "{}; build one store where the worker starts and pass it in, or close it (its `close()`, or `{name}.engine.dispose()` for a SQLAlchemy-backed store) in a `finally` after its last use",
            store.why
        ));
        if !store.sure {
            finding = finding.with_confidence(Confidence::Medium);
        }
        out.push(finding);
    }
}

/// Whether the module calls the module function `name` inside a `for` or
/// `while` loop.
fn called_in_loop(model: &Model<'_>, name: &str, module_function: bool) -> bool {
    module_function
        && model.calls.iter().any(|c| {
            matches!(&c.callee, Callee::Local(n) if n == name)
                && !crate::semantic::loops::enclosing_loops(model.suite, c.range()).is_empty()
        })
}
