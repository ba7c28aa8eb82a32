//! A connection handed to other objects of the module at construction
//! (`self._recipes = RecipesTable(self._conn)`), which keep it on `self`
//! (`def __init__(self, conn): self._conn = conn`) and run their queries on it:
//! their methods use the one connection too, from whichever thread calls them,
//! so they count among its uses. The table objects are the usual spelling (one
//! object per table over a shared connection); a repository, a DAO or a cache
//! handed the connection is the same.

use ruff_python_ast::{Expr, Stmt};
use ruff_text_size::Ranged;

use crate::semantic::class_locks;
use crate::semantic::connections::{self, ConnKey};
use crate::semantic::model::{Callee, Model};
use crate::semantic::refs::Slot;
use crate::semantic::scopes::ClassId;

/// The `self` attributes of the module's classes that the connection `key` is
/// handed to through their constructor, one level deep: each a key whose uses
/// are uses of the same connection.
pub fn keys(model: &Model<'_>, key: &ConnKey) -> Vec<ConnKey> {
    let mut out: Vec<ConnKey> = Vec::new();
    let mut handed: Vec<(&str, Slot)> = connections::passed_to(model, key)
        .into_iter()
        .filter_map(|(call, i)| match &call.callee {
            Callee::Local(name) => Some((name.as_str(), Slot::Position(i))),
            _ => None,
        })
        .collect();
    // `Table(conn=self._conn)`: the keyword spelling of the same hand-over.
    let holder = match key {
        ConnKey::Global { name } => name.clone(),
        ConnKey::SelfAttr { attr, .. } => format!("self.{attr}"),
        ConnKey::Local { .. } => return out,
    };
    for call in &model.calls {
        let Callee::Local(name) = &call.callee else {
            continue;
        };
        for kw in &call.expr.arguments.keywords {
            if let Some(arg) = &kw.arg
                && model.slice(kw.value.range()) == holder
            {
                handed.push((name.as_str(), Slot::Keyword(arg.to_string())));
            }
        }
    }
    for (name, slot) in handed {
        let Some(class) = model.scopes.class_named(name) else {
            continue;
        };
        for attr in kept_parameter(model, class, &slot) {
            let handed = ConnKey::SelfAttr { class, attr };
            if &handed != key && !out.contains(&handed) {
                out.push(handed);
            }
        }
    }
    out
}

/// The attributes `__init__` of `class` binds the parameter in `slot` to
/// (`self._conn = conn`).
fn kept_parameter(model: &Model<'_>, class: ClassId, slot: &Slot) -> Vec<String> {
    let Some(init) = model.scopes.method(class, "__init__") else {
        return Vec::new();
    };
    let params = &model.scopes.function(init).def.parameters;
    let positional: Vec<&str> = params
        .posonlyargs
        .iter()
        .chain(&params.args)
        .map(|p| p.parameter.name.as_str())
        .collect();
    let name = match slot {
        // After the bound `self`.
        Slot::Position(i) => positional.get(i + 1).copied(),
        Slot::Keyword(k) => params
            .args
            .iter()
            .chain(&params.kwonlyargs)
            .map(|p| p.parameter.name.as_str())
            .find(|n| n == k),
    };
    let Some(name) = name else {
        return Vec::new();
    };
    model
        .scopes
        .function(init)
        .def
        .body
        .iter()
        .filter_map(|stmt| {
            let Stmt::Assign(assign) = stmt else {
                return None;
            };
            let [Expr::Attribute(target)] = assign.targets.as_slice() else {
                return None;
            };
            let is_self = matches!(&*target.value, Expr::Name(n) if n.id.as_str() == "self");
            let is_param = matches!(&*assign.value, Expr::Name(n) if n.id.as_str() == name);
            (is_self && is_param).then(|| target.attr.to_string())
        })
        .collect()
}

/// The uses of the connection through the objects it was handed to (`keys`),
/// in their methods other than `__init__` (construction runs before any
/// thread), with the method. A use under a lock of the receiving class is left
/// to `wrapper_lock`, which asks whether that lock is one per instance.
pub fn uses<'m, 'a>(
    model: &'m Model<'a>,
    handed: &[ConnKey],
) -> Vec<(
    crate::semantic::scopes::FuncId,
    &'m crate::semantic::model::Call<'a>,
)> {
    let mut out = Vec::new();
    for key in handed {
        let ConnKey::SelfAttr { class, .. } = key else {
            continue;
        };
        let locks = class_locks::class_locks(model, *class);
        for call in connections::uses(model, key) {
            let Some(id) = call.scope else {
                continue;
            };
            if model.scopes.function(id).name() != "__init__"
                && class_locks::lock_around(model, &locks, id, call.range()).is_none()
            {
                out.push((id, call));
            }
        }
    }
    out
}

/// Calls on an object of a class another module defines, handed the `self`
/// connection when the owner was built (`self._recipes =
/// RecipesDBTable(self._conn)`): its methods run their statements on that
/// connection out of this module's sight, so the owner's calls of them
/// (`self._recipes.create(...)`) are uses of it, on whichever thread makes
/// them. Only for a project class (a library's would not keep a connection it
/// is given, as far as this module can tell).
pub fn proxy_uses<'m, 'a>(
    model: &'m Model<'a>,
    view: &crate::semantic::project::ProjectView<'_>,
    key: &ConnKey,
) -> Vec<(
    crate::semantic::scopes::FuncId,
    &'m crate::semantic::model::Call<'a>,
)> {
    let ConnKey::SelfAttr { class, .. } = key else {
        return Vec::new();
    };
    let Some(own) = view.module else {
        return Vec::new();
    };
    let mut attrs: Vec<String> = Vec::new();
    for (call, _) in connections::passed_to(model, key) {
        if !matches!(call.callee, Callee::Qualified(_)) {
            continue;
        }
        let Some(made) = crate::semantic::project::call_ref(model, call) else {
            continue;
        };
        if view.index.class_named(own, &made, 0).is_none() {
            continue;
        }
        let Stmt::Assign(assign) = call.stmt else {
            continue;
        };
        if assign.value.range() != call.expr.range() {
            continue;
        }
        if let [Expr::Attribute(target)] = assign.targets.as_slice()
            && matches!(&*target.value, Expr::Name(n) if n.id.as_str() == "self")
            && !attrs.iter().any(|a| a == target.attr.as_str())
        {
            attrs.push(target.attr.to_string());
        }
    }
    if attrs.is_empty() {
        return Vec::new();
    }
    model
        .calls
        .iter()
        .filter_map(|call| {
            let Callee::Method {
                receiver: crate::semantic::model::Receiver::SelfAttr(attr),
                ..
            } = &call.callee
            else {
                return None;
            };
            let id = call.scope?;
            let f = model.scopes.function(id);
            (attrs.contains(attr) && f.class == Some(*class) && f.name() != "__init__")
                .then_some((id, call))
        })
        .collect()
}
