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
use super::project::ProjectView;
use super::transactions::scope_stmts;

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

/// The holder that `dotted` (a class as resolved in the viewed module, or a
/// class of the viewed module) names, when its maker is a project session
/// maker: `Session(...)` of SQLAlchemy, or a module-level maker of its module
/// or one it imports.
pub fn holder_named<'v>(view: &'v ProjectView<'_>, dotted: &str) -> Option<&'v Holder> {
    let index = &view.index;
    let (module, holders, class) = match view.module {
        Some(from) if !view.own.session_holders.iter().any(|h| h.class == dotted) => {
            let (m, rest) = index.module_of(from, dotted)?;
            (Some(m), &index.modules[m].session_holders, rest)
        }
        _ => (view.module, &view.own.session_holders, dotted.to_string()),
    };
    let holder = holders.iter().find(|h| h.class == class)?;
    let makers = match module {
        Some(m) => &index.modules[m].session_makers,
        None => &view.own.session_makers,
    };
    let maker = holder.maker.as_str();
    let known = matches!(
        maker,
        "sqlalchemy.orm.Session" | "sqlalchemy.orm.session.Session" | "sqlmodel.Session"
    ) || makers.iter().any(|m| m == maker)
        || module
            .and_then(|m| index.module_of(m, maker))
            .is_some_and(|(m2, rest)| index.modules[m2].session_makers.contains(&rest));
    known.then_some(holder)
}
