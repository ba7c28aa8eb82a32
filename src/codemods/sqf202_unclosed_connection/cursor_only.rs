//! `cur = sqlite3.connect(p).cursor()` (or `connect().cursor()` through a
//! project factory, or `.execute(...)` straight on the new connection): the
//! connection is reachable only through the cursor, and closing a cursor does
//! not close its connection. Nothing can close it: it keeps its file handle,
//! and any transaction it began, until the cyclic garbage collector runs
//! (docs/sqlite-facts.md#F-unclosed-lingers). A cursor that leaves the function
//! (returned, stored, handed to a call) or whose `.connection` is read may be
//! closed by whoever gets it, and is left alone.

use ruff_python_ast::{Expr, Stmt};
use ruff_text_size::Ranged;

use super::super::{Context, Meta};
use crate::finding::Finding;
use crate::semantic::connections::ConnSite;
use crate::semantic::dead_functions;
use crate::semantic::uses::{UseKind, uses_of_name};

/// The finding for a connection whose only handle is the cursor bound in its statement.
pub fn finding(
    meta: &'static Meta,
    ctx: &Context<'_, '_>,
    site: &ConnSite<'_, '_>,
    what: &str,
    read_only_cost: Option<String>,
) -> Option<Finding> {
    let model = ctx.model;
    let scope = site.scope()?;
    let Stmt::Assign(assign) = site.stmt() else {
        return None;
    };
    let [Expr::Name(target)] = assign.targets.as_slice() else {
        return None;
    };
    let Expr::Call(value) = &*assign.value else {
        return None;
    };
    let Expr::Attribute(attr) = &*value.func else {
        return None;
    };
    if attr.value.range() != site.outer || !matches!(attr.attr.as_str(), "cursor" | "execute") {
        return None;
    }
    let cursor = target.id.as_str();
    let function = model.scopes.function(scope);
    if function.is_generator() || model.is_global_in(Some(scope), cursor) {
        return None;
    }
    let kept_elsewhere = uses_of_name(&function.def.body, cursor).iter().any(|u| {
        matches!(
            &u.kind,
            UseKind::Returned
                | UseKind::Yielded
                | UseKind::Stored
                | UseKind::Captured
                | UseKind::Argument { .. }
        ) || matches!(&u.kind, UseKind::AttributeRead(a) if a == "connection")
    });
    if kept_elsewhere {
        return None;
    }
    // Run once per process (its `__main__` guard calls it): one handle for the
    // process's life, nothing accumulates.
    if ctx
        .project
        .index
        .import_graph()
        .is_some_and(|g| dead_functions::runs_once_per_process(model, g, scope))
    {
        return None;
    }
    let message = format!(
        "{what} is reachable only through its cursor `{cursor}`, so nothing can close it (closing a cursor does not close its connection): it keeps its file handle, and any transaction it began, until the cyclic garbage collector runs (docs/sqlite-facts.md#F-unclosed-lingers){}",
        read_only_cost.unwrap_or_default()
    );
    Some(
        Finding::new(meta, site.call.range(), message).with_note(format!(
            "keep the connection and close it: `with contextlib.closing({}) as conn:` around the uses, with `{cursor} = conn.{}`",
            model.slice(site.outer),
            if attr.attr.as_str() == "cursor" {
                "cursor()"
            } else {
                "execute(...)"
            }
        )),
    )
}
