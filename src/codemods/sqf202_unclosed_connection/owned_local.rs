//! A database wrapper built in a function and never closed there: a project
//! class that opens a sqlite3 connection onto `self` and has a `close()`, built
//! as a local (`db = Database(path)`), used, and left without `db.close()`; at
//! most parked on the request (`request.state.db = db`), which nothing closes
//! either. Each call leaves its connection open until the cyclic garbage
//! collector runs (docs/sqlite-facts.md#F-unclosed-lingers).
//!
//! Left alone: a wrapper over a temporary file, an instance that leaves the
//! function another way (returned,
//! stored elsewhere, captured, handed to a call), a `with` over it, and
//! functions that run once per process. Advice only: where the instance's
//! last use is depends on the caller (a `finally: db.close()`).

use ruff_python_ast::{Expr, Stmt};
use ruff_text_size::Ranged;

use super::super::{Context, Meta};
use crate::finding::Finding;
use crate::semantic::model::{AssignKind, Callee, Target};
use crate::semantic::project::call_ref;
use crate::semantic::refs::ValueRef;
use crate::semantic::uses::{UseKind, uses_of_name};
use crate::semantic::{dead_functions, entry_points, temporary};

pub fn check(meta: &'static Meta, ctx: &Context<'_, '_>, out: &mut Vec<Finding>) {
    let model = ctx.model;
    let index = &ctx.project.index;
    if !index
        .modules
        .iter()
        .any(|m| !m.connection_classes.is_empty())
    {
        return;
    }
    let Some(module) = index.module_id(model.path) else {
        return;
    };
    for a in &model.assignments {
        let (Some(scope), Target::Name(name), Expr::Call(_)) = (a.scope, &a.target, a.value) else {
            continue;
        };
        // `with Wrapper(p) as db:` is the wrapper's own `__exit__` to judge.
        if a.kind != AssignKind::Assign {
            continue;
        }
        let Some(call) = model.call_at(a.value.range()) else {
            continue;
        };
        let class_name = match &call.callee {
            Callee::Local(n) => n.as_str(),
            Callee::Qualified(q) => q.rsplit('.').next().unwrap_or(q),
            _ => continue,
        };
        if !class_name.starts_with(|c: char| c.is_ascii_uppercase()) {
            continue;
        }
        let Some(made) = call_ref(model, call) else {
            continue;
        };
        let Some((m, class)) = index.class_of(module, &ValueRef::Made(Box::new(made)), 0) else {
            continue;
        };
        let target = &index.modules[m];
        let has_close = ["close", "aclose", "__exit__", "__aexit__"]
            .iter()
            .any(|c| index.function_id(m, &format!("{class}.{c}")).is_some());
        if !target.connection_classes.contains(&class) || !has_close {
            continue;
        }
        let function = model.scopes.function(scope);
        if function.is_generator() || model.is_global_in(Some(scope), name) {
            continue;
        }
        // A throwaway database in a temporary file: no lock anyone else waits
        // for, gone with its folder (as for a temporary `sqlite3.connect`).
        let temporary = call.expr.arguments.args.first().is_some_and(|p| {
            temporary::is_temporary_path(model, p, Some(scope), call.range().start())
        });
        if temporary {
            continue;
        }
        let uses = uses_of_name(&function.def.body, name);
        let mut parked = false;
        let kept = uses.iter().any(|u| match &u.kind {
            UseKind::MethodCall(m) | UseKind::AttributeRead(m) => {
                matches!(m.as_str(), "close" | "aclose" | "close_all" | "__exit__")
            }
            UseKind::AttributeStore | UseKind::Test => false,
            UseKind::Stored => {
                // `request.state.db = db`: parked on the request, which nothing closes.
                let on_request = model.assignments.iter().any(|s| {
                    s.value.range() == u.range
                        && matches!(s.stmt, Stmt::Assign(_))
                        && model.slice(s.target_expr.range()).starts_with("request.")
                });
                parked |= on_request;
                !on_request
            }
            _ => true,
        });
        // `db = getattr(app.state, "db", None)` then `if db is None: db = Database(p)`
        // builds one only as a fallback; a later rebinding loses track of it.
        let assigned_twice = model
            .assignments_of(Some(scope), name)
            .iter()
            .any(|x| x.scope == Some(scope) && x.stmt.start() > a.stmt.start());
        if uses.is_empty()
            || kept
            || assigned_twice
            || entry_points::runs_once(model, Some(scope), call.range().start())
            || index
                .import_graph()
                .is_some_and(|g| dead_functions::runs_once_per_process(model, g, scope))
        {
            continue;
        }
        let parked = if parked {
            " (parking it on the request closes nothing)"
        } else {
            ""
        };
        let message = format!(
            "`{class_name}(...)` opens a sqlite3 connection and `{}` never closes it{parked}: each call leaves the connection and its file handle open until the cyclic garbage collector runs (docs/sqlite-facts.md#F-unclosed-lingers)",
            function.name()
        );
        out.push(Finding::new(meta, call.range(), message).with_note(format!(
            "close it where this function is done with it: `try:` ... `finally: {name}.close()`"
        )));
    }
}
