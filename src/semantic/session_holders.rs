//! Session holders: a project class whose method opens one ORM session on
//! first use, keeps it on `self` and hands that same session to every later
//! caller:
//!
//! ```python
//! class SessionContext:
//!     def get_session(self):
//!         if self._session is None:
//!             self._session = SessionFactory()   # a plain sessionmaker
//!         return self._session
//! ```
//!
//! An object that keeps such a holder keeps one Session for its whole life,
//! whichever thread asks for it. Which session maker the method calls is
//! recorded as the module spells it (its dotted meaning), so that a module
//! holding the holder can check, through the project index, that it names a
//! session maker (`orm_sessions::makers`, never a `scoped_session` registry),
//! possibly in a third module.

use ruff_python_ast::{Expr, Stmt};
use ruff_text_size::Ranged;

use super::model::{AssignKind, Model, Target};
use super::visit::scope_stmts;

/// A class of the module that keeps one lazily made session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Holder {
    /// The class's qualname.
    pub class: String,
    /// The method that hands the session out.
    pub method: String,
    /// The called maker, resolved in the module (`db.SessionLocal`), or its
    /// plain name when it is the module's own.
    pub maker: String,
}

/// The module's session holders.
pub fn of_module(model: &Model<'_>) -> Vec<Holder> {
    let mut out = Vec::new();
    for (id, f) in model.scopes.functions.iter().enumerate() {
        let Some(class) = f.class else {
            continue;
        };
        if f.is_async() || f.name() == "__init__" {
            continue;
        }
        let stmts = scope_stmts(&f.def.body);
        for a in model.assignments_in(Some(id)) {
            let Target::SelfAttr(attr) = &a.target else {
                continue;
            };
            if a.kind != AssignKind::Assign {
                continue;
            }
            let Expr::Call(call) = a.value else {
                continue;
            };
            let attr_text = format!("self.{attr}");
            // Made under a test of the attribute (`if self._session is None:`)...
            let lazy = stmts.iter().any(|s| {
                matches!(s, Stmt::If(i)
                    if i.range().contains_range(a.stmt.range())
                        && model.slice(i.test.range()).contains(&attr_text))
            });
            // ...and the kept session is what the method returns.
            let returned = stmts.iter().any(|s| {
                matches!(s, Stmt::Return(r)
                    if r.value.as_deref().is_some_and(|v| model.slice(v.range()) == attr_text))
            });
            if !lazy || !returned {
                continue;
            }
            let maker = model
                .resolve(&call.func, Some(id))
                .unwrap_or_else(|| model.slice(call.func.range()).to_string());
            out.push(Holder {
                class: model.scopes.classes[class].qualname.clone(),
                method: f.name().to_string(),
                maker,
            });
        }
    }
    out
}
