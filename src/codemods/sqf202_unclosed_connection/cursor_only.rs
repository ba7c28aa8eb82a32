//! `cur = sqlite3.connect(p).cursor()` (or `connect().cursor()` through a
//! project factory, or `.execute(...)` straight on the new connection): the
//! connection is reachable only through the cursor, and closing a cursor does
//! not close its connection. Nothing can close it: it keeps its file handle,
//! and any transaction it began, until the cyclic garbage collector runs
//! (docs/sqlite-facts.md#F-unclosed-lingers). A cursor that leaves the function
//! (returned, stored, handed to a call) or whose `.connection` is read may be
//! closed by whoever gets it, and is left alone.

use ruff_python_ast::{Expr, Stmt};
use ruff_text_size::{Ranged, TextRange};

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
    if let Stmt::Return(ret) = site.stmt() {
        return returned(meta, ctx, site, scope, ret, what, read_only_cost);
    }
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
    let uses = uses_of_name(&function.def.body, cursor);
    // Returned, it leaves with its caller, who may close `cur.connection`: a
    // module that never does is judged as the direct `return` is.
    let returned_cursor = uses.iter().any(|u| matches!(u.kind, UseKind::Returned));
    if returned_cursor && model.text.contains(".connection.close(") {
        return None;
    }
    let kept_elsewhere = uses.iter().any(|u| {
        matches!(
            &u.kind,
            UseKind::Yielded | UseKind::Stored | UseKind::Captured | UseKind::Argument { .. }
        ) || matches!(&u.kind, UseKind::AttributeRead(a) if a == "connection")
            && connection_kept_or_closed(model, u.range)
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
    if returned_cursor {
        return Some(returned_finding(
            meta,
            ctx,
            site,
            scope,
            what,
            read_only_cost,
        ));
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

/// `cur.connection` read: closed (`cur.connection.close()`) or kept (bound,
/// passed, returned) ends the leak here; a method called on it and dropped
/// (`cur.connection.commit()`) uses the connection and keeps no handle.
fn connection_kept_or_closed(model: &crate::semantic::Model<'_>, name: TextRange) -> bool {
    let after = &model.text[name.end().to_usize()..];
    let Some(rest) = after.strip_prefix(".connection") else {
        return true;
    };
    let Some(method) = rest.strip_prefix('.') else {
        return true;
    };
    let called: String = method
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
        .collect();
    called == "close" || !method[called.len()..].trim_start().starts_with('(')
}

/// `return sqlite3.connect(p).cursor()` (or `.execute(...)`): the helper hands
/// its caller a cursor, and the connection behind it goes with no handle of
/// its own. A caller can still reach it as `cur.connection` and close it; a
/// module that does so anywhere is left alone (the callers in other modules
/// are not read, so this is a judgement on the helper as written).
fn returned(
    meta: &'static Meta,
    ctx: &Context<'_, '_>,
    site: &ConnSite<'_, '_>,
    scope: crate::semantic::scopes::FuncId,
    ret: &ruff_python_ast::StmtReturn,
    what: &str,
    read_only_cost: Option<String>,
) -> Option<Finding> {
    let model = ctx.model;
    let Some(Expr::Call(value)) = ret.value.as_deref() else {
        return None;
    };
    let Expr::Attribute(attr) = &*value.func else {
        return None;
    };
    if attr.value.range() != site.outer || !matches!(attr.attr.as_str(), "cursor" | "execute") {
        return None;
    }
    let function = model.scopes.function(scope);
    if function.is_generator() || model.text.contains(".connection.close(") {
        return None;
    }
    Some(returned_finding(
        meta,
        ctx,
        site,
        scope,
        what,
        read_only_cost,
    ))
}

fn returned_finding(
    meta: &'static Meta,
    ctx: &Context<'_, '_>,
    site: &ConnSite<'_, '_>,
    scope: crate::semantic::scopes::FuncId,
    what: &str,
    read_only_cost: Option<String>,
) -> Finding {
    let function = ctx.model.scopes.function(scope);
    let message = format!(
        "`{}()` returns only a cursor of the connection it opens on every call ({what}): the connection has no handle of its own, and closing the cursor does not close it, so each call leaves a connection, its file handle and any transaction it began open until the cyclic garbage collector runs (docs/sqlite-facts.md#F-unclosed-lingers){}",
        function.name(),
        read_only_cost.unwrap_or_default()
    );
    Finding::new(meta, site.call.range(), message).with_note(
        "return the connection (or a context manager that closes it) and let the caller close it when done, or have each caller close `cur.connection`"
            .to_string(),
    )
}
