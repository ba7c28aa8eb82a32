//! A factory (a module function, or a method called on `self`) that opens a
//! connection and returns it with a cursor,
//! `return conn, conn.cursor()`, and callers that keep only the cursor
//! (`_, cur = open_db()`, `cur = open_db()[1]`, `_conn, cur = self._pair()`
//! with `_conn` never read). Nothing can close that
//! connection any more: closing the cursor does not close it, and a connection
//! that ran a statement lingers until the cyclic garbage collector
//! (docs/sqlite-facts.md#F-unclosed-lingers), with its file handle and any
//! transaction it left open. The factory and its callers are in this module.

use rustc_hash::FxHashMap as HashMap;

use ruff_python_ast::{Expr, Number, Stmt};
use ruff_text_size::Ranged;

use super::super::Meta;
use crate::finding::Finding;
use crate::semantic::connections::{ConnSite, Driver, Holder};
use crate::semantic::model::{Callee, Model};
use crate::semantic::scopes::ClassId;
use crate::semantic::transactions::scope_stmts;
use crate::semantic::visit;

/// Functions of this module returning `(…, conn, …, cursor, …)`, module-level
/// ones and methods (keyed by their class): → position of the connection in
/// the tuple.
fn pair_factories(
    model: &Model<'_>,
    sites: &[ConnSite<'_, '_>],
) -> HashMap<(Option<ClassId>, String), usize> {
    let mut out = HashMap::default();
    for site in sites {
        let (Driver::Sqlite3, Holder::Local(conn), Some(scope)) =
            (&site.driver, &site.holder, site.scope())
        else {
            continue;
        };
        let function = model.scopes.function(scope);
        if function.parent.is_some() {
            continue;
        }
        for stmt in scope_stmts(&function.def.body) {
            let Stmt::Return(ret) = stmt else { continue };
            let Some(Expr::Tuple(tuple)) = ret.value.as_deref() else {
                continue;
            };
            let is_conn = |e: &Expr| matches!(e, Expr::Name(n) if n.id.as_str() == conn);
            let Some(at) = tuple.elts.iter().position(is_conn) else {
                continue;
            };
            if tuple
                .elts
                .iter()
                .any(|e| is_cursor_of(model, scope, e, conn))
            {
                out.insert((function.class, function.name().to_string()), at);
            }
        }
    }
    out
}

/// `conn.cursor()`, or a local bound to it.
fn is_cursor_of(model: &Model<'_>, scope: usize, expr: &Expr, conn: &str) -> bool {
    let cursor_call = |e: &Expr| {
        matches!(e, Expr::Call(c) if matches!(&*c.func, Expr::Attribute(a)
            if a.attr.as_str() == "cursor" && matches!(&*a.value, Expr::Name(n) if n.id.as_str() == conn)))
    };
    match expr {
        Expr::Name(n) => model
            .assignments_of(Some(scope), n.id.as_str())
            .iter()
            .any(|a| cursor_call(a.value)),
        other => cursor_call(other),
    }
}

/// Findings at the calls of this module that drop the connection of a pair.
pub fn check(
    meta: &'static Meta,
    model: &Model<'_>,
    sites: &[ConnSite<'_, '_>],
    skip: impl Fn(Option<usize>) -> bool,
    out: &mut Vec<Finding>,
) {
    let factories = pair_factories(model, sites);
    if factories.is_empty() {
        return;
    }
    for call in &model.calls {
        // `open_db()` of the module, `self._pair()` of the caller's own class.
        let key = match &call.callee {
            Callee::Local(name) => (None, name.clone()),
            Callee::SelfMethod(name) => match model.scopes.enclosing_class(call.scope) {
                Some(class) => (Some(class), name.clone()),
                None => continue,
            },
            _ => continue,
        };
        let Some(&at) = factories.get(&key) else {
            continue;
        };
        let name = &key.1;
        if call.in_lambda || skip(call.scope) || reaches_connection(model, call.scope) {
            continue;
        }
        if !drops_connection(model, call, at) {
            out.extend(return_skips_close(meta, model, call, at, name));
            continue;
        }
        let message = format!(
            "`{name}()` returns a connection and its cursor; only the cursor is kept here, so nothing closes the connection (closing a cursor does not): it keeps its file handle, and any transaction it began, until the cyclic garbage collector runs"
        );
        out.push(Finding::new(meta, call.range(), message).with_note(format!(
            "keep the connection too and close it in a `finally` (or `with contextlib.closing(...)`), or have `{name}` return only the connection and take the cursor from it"
        )));
    }
}

/// `conn, cur = open_db()` in a function that closes `conn` after the cursor's
/// loop, but returns from inside it (`for row in cur.execute(...): return row`):
/// the return skips the close, once per call, as if it were never closed.
fn return_skips_close(
    meta: &'static Meta,
    model: &Model<'_>,
    call: &crate::semantic::model::Call<'_>,
    at: usize,
    factory: &str,
) -> Option<Finding> {
    let scope = call.scope?;
    let Stmt::Assign(assign) = call.stmt else {
        return None;
    };
    let [Expr::Tuple(names)] = assign.targets.as_slice() else {
        return None;
    };
    if assign.value.range() != call.range() {
        return None;
    }
    let Some(Expr::Name(conn)) = names.elts.get(at) else {
        return None;
    };
    let conn = conn.id.as_str();
    let function = model.scopes.function(scope);
    if function.is_generator() {
        return None;
    }
    let body = &function.def.body;
    let closes = visit::any_stmt(body, |s| {
        crate::fix::lifetime::is_close_statement(s, conn, false)
    });
    if !closes {
        return None;
    }
    let skipping = super::closed_after::returns_before_close(body, assign.range(), conn);
    let first = skipping.first()?;
    let line = model.line_column(first.start()).0;
    Some(
        Finding::new(
            meta,
            call.range(),
            format!(
                "`{factory}()` hands out a connection that `{conn}.close()` closes only on one path: the `return` at line {line} leaves first, and the connection keeps its file handle, and any transaction it began, until the cyclic garbage collector runs (docs/sqlite-facts.md#F-unclosed-lingers)"
            ),
        )
        .with_note(format!(
            "close `{conn}` in a `finally` (or wrap the uses in `with contextlib.closing({conn}):`) so every return closes it"
        )),
    )
}

/// The statement around the call keeps the tuple's other elements but not the
/// connection at position `at`.
fn drops_connection(model: &Model<'_>, call: &crate::semantic::model::Call<'_>, at: usize) -> bool {
    let Stmt::Assign(assign) = call.stmt else {
        return false;
    };
    let [target] = assign.targets.as_slice() else {
        return false;
    };
    match (&*assign.value, target) {
        (Expr::Call(c), Expr::Tuple(names)) if c.range() == call.range() => {
            match names.elts.get(at) {
                Some(Expr::Name(n)) => {
                    let n = n.id.as_str();
                    n == "_" || !loaded_in_scope(model, call.scope, n)
                }
                _ => false,
            }
        }
        (Expr::Subscript(sub), _) if sub.value.range() == call.range() => {
            matches!(&*sub.slice, Expr::NumberLiteral(lit)
                if matches!(&lit.value, Number::Int(i) if i.as_usize() != Some(at)))
        }
        _ => false,
    }
}

/// `cur.connection`: the caller gets back to the connection through the cursor
/// (and may close it there).
fn reaches_connection(model: &Model<'_>, scope: Option<usize>) -> bool {
    let body = match scope {
        Some(id) => &model.scopes.function(id).def.body[..],
        None => model.suite,
    };
    visit::any_expr(
        body,
        |e| matches!(e, Expr::Attribute(a) if a.attr.as_str() == "connection"),
    )
}

/// Whether `name` is read anywhere in the scope (the module when `None`).
fn loaded_in_scope(model: &Model<'_>, scope: Option<usize>, name: &str) -> bool {
    let body = match scope {
        Some(id) => &model.scopes.function(id).def.body[..],
        None => model.suite,
    };
    visit::names_loaded(body).iter().any(|(n, _)| n == name)
}
