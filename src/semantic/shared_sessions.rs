//! Long-lived SQLAlchemy sessions a module's code shares: a module-level
//! session or `scoped_session` registry (its own or one it imports from
//! another module of the project), or a session kept on `self` for the
//! object's life (`self.db = scoped_session(...)` on a tornado Application).
//!
//! A session like that outlives every request, callback and start-up step that
//! uses it: when one of them leaves it in a failed transaction (a flush that
//! raised, a statement whose error was caught while its transaction held a
//! lock), everything that uses it next inherits that state until someone calls
//! `rollback()` (F-session-after-error, F-failed-probe-keeps-lock).
//!
//! Not shared in this sense: sessions a function opens itself (`with
//! Session() as s:`, a FastAPI `Depends` generator's), Flask-SQLAlchemy's
//! `db.session` (removed at every request's teardown), and `self` sessions the
//! module closes or removes somewhere (`self.session.close()` in `on_finish`:
//! one per request).

use ruff_python_ast::Expr;
use ruff_text_size::Ranged;

use super::model::Model;
use super::orm_transactions;
use super::project::ProjectView;
use super::scopes::FuncId;

/// The module's names of shared sessions.
#[derive(Debug, Default)]
pub struct SharedSessions {
    /// Module-level names: bound here or imported from a module that binds them.
    pub names: Vec<String>,
    /// `self` attributes bound to a session and never closed by the module.
    pub attrs: Vec<String>,
}

impl SharedSessions {
    pub fn of(model: &Model<'_>, view: &ProjectView<'_>) -> SharedSessions {
        let (mut names, attrs) = orm_transactions::session_bindings(model);
        for name in imported_sessions(model, view) {
            if !names.contains(&name) {
                names.push(name);
            }
        }
        names.retain(|name| !ended_by_module(model, name, false));
        let attrs = attrs
            .into_iter()
            .filter(|attr| !ended_by_module(model, attr, true))
            .collect();
        SharedSessions { names, attrs }
    }

    pub fn is_empty(&self) -> bool {
        self.names.is_empty() && self.attrs.is_empty()
    }

    /// The shared session `receiver` names in `scope`, as the code spells it
    /// (`session`, `self.db`): a module-level name the function does not
    /// rebind, or `self.<attr>` inside a class.
    pub fn session(
        &self,
        model: &Model<'_>,
        scope: Option<FuncId>,
        receiver: &Expr,
    ) -> Option<String> {
        match receiver {
            Expr::Name(n) => {
                let name = n.id.as_str();
                let module_level = model
                    .assignments_of(scope, name)
                    .iter()
                    .all(|a| a.scope.is_none());
                let parameter = scope.is_some_and(|f| model.scopes.function(f).has_parameter(name));
                (self.names.iter().any(|s| s == name) && module_level && !parameter)
                    .then(|| name.to_string())
            }
            Expr::Attribute(a) => {
                let Expr::Name(owner) = &*a.value else {
                    return None;
                };
                (owner.id.as_str() == "self"
                    && model.scopes.enclosing_class(scope).is_some()
                    && self.attrs.iter().any(|s| s == a.attr.as_str()))
                .then(|| model.slice(receiver.range()).to_string())
            }
            _ => None,
        }
    }

    /// Every spelling of the shared sessions this module uses: the names, and
    /// `self.<attr>` for the attributes.
    pub fn labels(&self) -> Vec<String> {
        self.names
            .iter()
            .cloned()
            .chain(self.attrs.iter().map(|a| format!("self.{a}")))
            .collect()
    }
}

/// `<name>.close()` or `.remove()` (`self.<name>...` for an attribute)
/// anywhere in the module: one session per unit of work (a request's, removed
/// at its teardown), ended each time.
fn ended_by_module(model: &Model<'_>, name: &str, attr: bool) -> bool {
    model.calls.iter().any(|c| {
        let Expr::Attribute(method) = &*c.expr.func else {
            return false;
        };
        let on_it = match &*method.value {
            Expr::Name(n) => !attr && n.id.as_str() == name,
            Expr::Attribute(a) => {
                attr && a.attr.as_str() == name
                    && matches!(&*a.value, Expr::Name(n) if n.id.as_str() == "self")
            }
            _ => false,
        };
        on_it && matches!(method.attr.as_str(), "close" | "remove")
    })
}

/// The names this module imports, at module level, that another module of the
/// project binds to a session or `scoped_session` registry: by name (`from db
/// import session`), or every such name of a module it star-imports (`from db
/// import *`) that it does not bind itself.
pub fn imported_sessions(model: &Model<'_>, view: &ProjectView<'_>) -> Vec<String> {
    let Some(own) = view.module else {
        return Vec::new();
    };
    let index = view.index;
    let sessions_of = |target: usize| &index.modules[target].orm_sessions;
    let mut out: Vec<String> = Vec::new();
    for import in model.imports.iter() {
        if import.scope.is_some() || import.is_module_import {
            continue;
        }
        if let Some((target, rest)) = index.module_of(own, &import.target)
            && target != own
            && sessions_of(target).contains(&rest)
        {
            out.push(import.local.clone());
        }
    }
    for star in model.imports.stars() {
        let Some((target, _)) = index.module_of(own, &format!("{star}.*")) else {
            continue;
        };
        if target == own {
            continue;
        }
        for name in sessions_of(target) {
            if !model.module_names.contains(name) && !out.contains(name) {
                out.push(name.clone());
            }
        }
    }
    out
}
