//! A connection `__init__` opens into a local name and then keeps on `self`
//! (`conn = sqlite3.connect(path); self.conn = conn; self.cur = conn.cursor()`):
//! the object holds it exactly as if `__init__` had assigned `self.conn`
//! directly, so every method shares it, and a cursor taken from the local
//! name is the object's kept cursor.

use ruff_python_ast::Expr;

use crate::semantic::connections::{ConnSite, Holder};
use crate::semantic::model::{AssignKind, Model, Target};

/// The `self` attribute a local connection of `__init__` is kept in: the one
/// `self.<attr> = <local>` of that `__init__`, the local bound only once there.
pub fn self_attr(model: &Model<'_>, site: &ConnSite<'_, '_>) -> Option<(String, String)> {
    let Holder::Local(local) = &site.holder else {
        return None;
    };
    let scope = site.scope()?;
    let f = model.scopes.function(scope);
    if f.name() != "__init__" || f.class.is_none() {
        return None;
    }
    let in_init = || model.assignments.iter().filter(|a| a.scope == Some(scope));
    let rebinds = in_init()
        .filter(|a| matches!(&a.target, Target::Name(n) if n == local))
        .count();
    if rebinds != 1 {
        return None;
    }
    let mut kept = in_init().filter_map(|a| match (&a.target, a.value) {
        (Target::SelfAttr(attr), Expr::Name(n))
            if a.kind == AssignKind::Assign && n.id.as_str() == local =>
        {
            Some(attr.clone())
        }
        _ => None,
    });
    let attr = kept.next()?;
    kept.next().is_none().then(|| (attr, local.clone()))
}

/// The `self` attributes `__init__` keeps a cursor of the local connection in
/// (`self.cur = conn.cursor()`).
pub fn cursors(model: &Model<'_>, site: &ConnSite<'_, '_>, local: &str) -> Vec<String> {
    let Some(scope) = site.scope() else {
        return Vec::new();
    };
    model
        .assignments
        .iter()
        .filter(|a| a.scope == Some(scope) && a.kind == AssignKind::Assign)
        .filter_map(|a| match (&a.target, a.value) {
            (Target::SelfAttr(attr), Expr::Call(c)) => match &*c.func {
                Expr::Attribute(m)
                    if m.attr.as_str() == "cursor"
                        && matches!(&*m.value, Expr::Name(n) if n.id.as_str() == local) =>
                {
                    Some(attr.clone())
                }
                _ => None,
            },
            _ => None,
        })
        .collect()
}
