//! Cursors kept for good next to the connection: `self.cur = self.conn.cursor()`
//! in a class, `cur = conn.cursor()` at module level. Every method (every
//! function) runs its statements through that one cursor, so whichever threads
//! use the connection share its pending rows too: a thread's `fetchall()`
//! returns what another thread executed in between, and an `execute()` during
//! another thread's statement raises "Recursive use of cursors not allowed"
//! (docs/sqlite-facts.md#F-shared-cursor). Their calls are uses of the connection.

use ruff_python_ast::Expr;

use crate::semantic::connections::{self, ConnKey};
use crate::semantic::model::{AssignKind, Call, Model, Target};
use crate::semantic::scopes::FuncId;

/// The module's assignments of `<x>.cursor()` to a `self` attribute or a
/// module-level name, built once per module.
pub fn cursor_assignments(model: &Model<'_>) -> Vec<usize> {
    model
        .assignments
        .iter()
        .enumerate()
        .filter(|(_, a)| {
            a.kind == AssignKind::Assign
                && (matches!(a.target, Target::SelfAttr(_))
                    || matches!(&a.target, Target::Name(n)
                        if a.scope.is_none() || model.is_global_in(a.scope, n)))
                && matches!(a.value, Expr::Call(c) if matches!(&*c.func,
                    Expr::Attribute(m) if m.attr.as_str() == "cursor"))
        })
        .map(|(i, _)| i)
        .collect()
}

/// The cursor names of connection `key` kept beside it: `self` attributes of
/// its class, or module names, assigned from `<connection>.cursor()` (of the
/// module's [`cursor_assignments`]).
pub fn kept_cursors(model: &Model<'_>, key: &ConnKey, assignments: &[usize]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    if assignments.is_empty() {
        return out;
    }
    let own = own_names(model, key);
    for a in assignments.iter().map(|&i| &model.assignments[i]) {
        let Expr::Call(call) = a.value else {
            continue;
        };
        let Expr::Attribute(method) = &*call.func else {
            continue;
        };
        if !connections::refers_to(model, key, &own, a.scope, &method.value) {
            continue;
        }
        let name = match (key, &a.target) {
            (ConnKey::SelfAttr { .. }, Target::SelfAttr(attr)) => attr,
            (ConnKey::Global { .. }, Target::Name(name))
                if a.scope.is_none() || model.is_global_in(a.scope, name) =>
            {
                name
            }
            _ => continue,
        };
        if !out.contains(name) {
            out.push(name.clone());
        }
    }
    out
}

/// The connection's own name where module code names it (a module global):
/// at module level, and in functions that do not bind it locally (a function
/// that sets it on first use declares it `global`).
fn own_names(model: &Model<'_>, key: &ConnKey) -> Vec<(Option<FuncId>, String)> {
    match key {
        ConnKey::Global { name } => {
            let mut out = vec![(None, name.clone())];
            for id in 0..model.scopes.functions.len() {
                if !model.assigns_in(id, name) || model.is_global_in(Some(id), name) {
                    out.push((Some(id), name.clone()));
                }
            }
            out
        }
        _ => Vec::new(),
    }
}

/// Calls on the kept cursors inside functions: `self.cur.execute(...)` in the
/// connection's class, `cur.fetchall()` where a function sees the module's `cur`.
pub fn uses<'m, 'a>(model: &'m Model<'a>, key: &ConnKey, cursors: &[String]) -> Vec<&'m Call<'a>> {
    if cursors.is_empty() {
        return Vec::new();
    }
    model
        .calls
        .iter()
        .filter(|call| {
            let Some(scope) = call.scope else {
                return false;
            };
            let Expr::Attribute(method) = &*call.expr.func else {
                return false;
            };
            match (key, &*method.value) {
                (ConnKey::SelfAttr { class, .. }, Expr::Attribute(attr)) => {
                    matches!(&*attr.value, Expr::Name(base) if base.id.as_str() == "self")
                        && cursors.iter().any(|c| c == attr.attr.as_str())
                        && model.scopes.enclosing_class(Some(scope)) == Some(*class)
                }
                (ConnKey::Global { .. }, Expr::Name(name)) => {
                    let name = name.id.as_str();
                    cursors.iter().any(|c| c == name)
                        && (!model.assigns_in(scope, name) || model.is_global_in(Some(scope), name))
                        && !model.scopes.function(scope).has_parameter(name)
                }
                _ => false,
            }
        })
        .collect()
}

/// A function that fetches from a kept cursor without executing on it there:
/// it reads the rows of a statement another function ran, so a lock held per
/// function cannot keep the pair together.
pub fn split_fetch(
    model: &Model<'_>,
    uses: &[(FuncId, &Call<'_>)],
    cursors: &[String],
) -> Option<FuncId> {
    let on_cursor = |call: &Call<'_>| match &*call.expr.func {
        Expr::Attribute(method) => match &*method.value {
            Expr::Attribute(attr) => cursors.iter().any(|c| c == attr.attr.as_str()),
            Expr::Name(name) => cursors.iter().any(|c| c == name.id.as_str()),
            _ => false,
        },
        _ => false,
    };
    uses.iter()
        .filter(|(_, c)| {
            on_cursor(c) && matches!(c.method_name(), Some("fetchone" | "fetchall" | "fetchmany"))
        })
        .map(|(f, _)| *f)
        .find(|f| {
            !uses.iter().any(|(g, c)| {
                g == f && on_cursor(c) && matches!(c.method_name(), Some("execute" | "executemany"))
            })
        })
        .filter(|f| model.scopes.function(*f).name() != "__init__")
}
