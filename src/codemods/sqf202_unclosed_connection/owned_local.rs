//! A database wrapper built in a function and never closed there: a project
//! class that opens a sqlite3 connection onto `self` and has a `close()`, built
//! as a local (`db = Database(path)`), used, and left without `db.close()`; at
//! most parked on the request (`request.state.db = db`), which nothing closes
//! either. Each call leaves its connection open until the cyclic garbage
//! collector runs (docs/sqlite-facts.md#F-unclosed-lingers).
//!
//! The same class built and used at once, `Wrapper(p).get(key)`, drops the
//! instance before anything could call its `close()`.
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
    locals(meta, ctx, out);
    dropped_at_once(meta, ctx, out);
}

fn locals(meta: &'static Meta, ctx: &Context<'_, '_>, out: &mut Vec<Finding>) {
    let model = ctx.model;
    let index = &ctx.project.index;
    // Asked by every file's check: answered once per run, not by a scan of every
    // module per file.
    struct AnyConnectionClass(bool);
    let any = index.memo(|index| {
        AnyConnectionClass(
            index
                .modules
                .iter()
                .any(|m| !m.connection_classes.is_empty()),
        )
    });
    if !any.0 {
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
        let Some(class_name) = closeable_wrapper(ctx, module, call, scope) else {
            continue;
        };
        let function = model.scopes.function(scope);
        if function.is_generator() || model.is_global_in(Some(scope), name) {
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

/// `Wrapper(p).get(key)` in a function: the instance is dropped right after one
/// method call, so its `close()` can never be called.
fn dropped_at_once(meta: &'static Meta, ctx: &Context<'_, '_>, out: &mut Vec<Finding>) {
    let model = ctx.model;
    let index = &ctx.project.index;
    let Some(module) = index.module_id(model.path) else {
        return;
    };
    for call in &model.calls {
        let Some(scope) = call.scope else { continue };
        let Some(Expr::Attribute(method)) = call.parent else {
            continue;
        };
        if method.value.range() != call.range()
            || matches!(
                method.attr.as_str(),
                "close" | "aclose" | "__enter__" | "__exit__"
            )
        {
            continue;
        }
        let (class_name, accessor) = match closeable_wrapper(ctx, module, call, scope) {
            Some(class_name) => (class_name.to_string(), None),
            None => match fresh_closeable(ctx, call) {
                Some((class_name, accessor)) => (class_name, Some(accessor)),
                None => continue,
            },
        };
        if result_closed(model, call, method, scope)
            || entry_points::runs_once(model, Some(scope), call.range().start())
            || index
                .import_graph()
                .is_some_and(|g| dead_functions::runs_once_per_process(model, g, scope))
        {
            continue;
        }
        let made = match &accessor {
            Some(accessor) => format!(
                "`{}`: `{accessor}()` returns a new `{class_name}` on every call, which opens a sqlite3 connection, and the chain drops it",
                model.slice(method.range()),
            ),
            None => format!(
                "`{class_name}(...).{}(...)` opens a sqlite3 connection and drops the instance",
                method.attr
            ),
        };
        let message = format!(
            "{made} without calling its `close()`: each call of `{}` leaves the connection and its file handle open until the cyclic garbage collector runs (docs/sqlite-facts.md#F-unclosed-lingers)",
            model.scopes.function(scope).name()
        );
        let (made, or) = match &accessor {
            Some(accessor) => (
                format!("{accessor}()"),
                ", or make the accessor a context manager that closes it",
            ),
            None => (format!("{class_name}(...)"), ""),
        };
        out.push(Finding::new(meta, call.range(), message).with_note(format!(
            "keep the instance and close it when done: `with contextlib.closing({made}) as x:`{or}"
        )));
    }
}

/// `conn = Wrapper(p).connect()` then `conn.close()` in the same function: what
/// the chain hands back is the instance's connection, and it is closed.
fn result_closed(
    model: &crate::semantic::Model<'_>,
    call: &crate::semantic::model::Call<'_>,
    method: &ruff_python_ast::ExprAttribute,
    scope: usize,
) -> bool {
    let Stmt::Assign(assign) = call.stmt else {
        return false;
    };
    let [Expr::Name(local)] = assign.targets.as_slice() else {
        return false;
    };
    let Expr::Call(outer) = &*assign.value else {
        return false;
    };
    if outer.func.range() != method.range() {
        return false;
    }
    let body = &model.scopes.function(scope).def.body;
    uses_of_name(body, local.id.as_str()).iter().any(
        |u| matches!(&u.kind, UseKind::MethodCall(m) if matches!(m.as_str(), "close" | "aclose")),
    )
}

/// `self.get_dao()`, `self.db_mgr.get_dao()`: a call of a project method that
/// returns a new instance on every call (`return DAO(self.path)`, caching
/// none: store_accessors.rs), of a class that opens a sqlite3 connection onto
/// `self` and must be closed. The class name and the accessor's name.
fn fresh_closeable(
    ctx: &Context<'_, '_>,
    call: &crate::semantic::model::Call<'_>,
) -> Option<(String, String)> {
    let index = &ctx.project.index;
    let (m, summary) = ctx.project.function(ctx.model, call)?;
    let m = match m {
        Some(m) => m,
        None => index.module_id(ctx.model.path)?,
    };
    let accessor = index.modules[m]
        .fresh_accessors
        .iter()
        .find(|a| a.qualname == summary.qualname)?;
    let (cm, class) = index.class_of(m, &ValueRef::Made(Box::new(accessor.made.clone())), 0)?;
    if !closeable_class(index, cm, &class) {
        return None;
    }
    // A store that never closes its connection is store_accessor.rs's finding.
    let kept = index.modules[cm]
        .kept_connections
        .iter()
        .find(|k| k.class == class)?;
    let owners = super::owner_class::closed_attrs(ctx);
    if !super::store_accessor::closed(index, cm, kept, &owners) {
        return None;
    }
    let short = |q: &str| q.rsplit('.').next().unwrap_or(q).to_string();
    Some((short(&class), short(&summary.qualname)))
}

/// A project class that opens a sqlite3 connection onto `self`, has a way to
/// close it (`close()`, `__exit__`) and no `__del__` that runs promptly.
fn closeable_class(index: &crate::semantic::ProjectIndex, m: usize, class: &str) -> bool {
    let has_close = ["close", "aclose", "__exit__", "__aexit__"]
        .iter()
        .any(|c| index.function_id(m, &format!("{class}.{c}")).is_some());
    // `__del__` closes it as the last reference goes, unless the object may
    // sit in a reference cycle (constructions::closed_on_del).
    let closes_on_del = index.modules[m].closed_on_del.iter().any(|c| c == class);
    index.modules[m]
        .connection_classes
        .iter()
        .any(|c| c == class)
        && has_close
        && !closes_on_del
}

/// The class name when `call` builds a project class that opens a sqlite3
/// connection onto `self` and has a way to close it (`close()`, `__exit__`)
/// but no `__del__` that runs promptly, over a database that is not a temporary file (no lock anyone else waits
/// for, gone with its folder, as for a temporary `sqlite3.connect`).
fn closeable_wrapper<'c>(
    ctx: &Context<'_, '_>,
    module: usize,
    call: &'c crate::semantic::model::Call<'_>,
    scope: usize,
) -> Option<&'c str> {
    let model = ctx.model;
    let index = &ctx.project.index;
    let class_name = match &call.callee {
        Callee::Local(n) => n.as_str(),
        Callee::Qualified(q) => q.rsplit('.').next().unwrap_or(q),
        _ => return None,
    };
    if !class_name.starts_with(|c: char| c.is_ascii_uppercase()) {
        return None;
    }
    let made = call_ref(model, call)?;
    let (m, class) = index.class_of(module, &ValueRef::Made(Box::new(made)), 0)?;
    if !closeable_class(index, m, &class) {
        return None;
    }
    let temporary =
        call.expr.arguments.args.first().is_some_and(|p| {
            temporary::is_temporary_path(model, p, Some(scope), call.range().start())
        });
    (!temporary).then_some(class_name)
}
