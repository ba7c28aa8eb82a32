//! A connection opened only when the object has none parked yet, and parked
//! on `self` afterwards: `conn = self.conn or sqlite3.connect(p)` (or
//! `... if self.conn else ...`), then `self.conn = conn` once the caller is
//! done (a broker's `@contextmanager def get(self)` that yields it). The
//! site's own holder is the `or` expression, so the general holder walk
//! (semantic/connections.rs) calls it "other"; here it is the object's, as
//! if assigned to `self.<attr>` directly, and owner_class.rs judges it.

use ruff_python_ast::{BoolOp, Expr, Stmt};
use ruff_text_size::Ranged;

use crate::semantic::connections::{self, ConnSite};
use crate::semantic::{Model, constructions};

/// The attribute a fallback-opened connection is parked on, if it is.
pub fn parked_attr(model: &Model<'_>, site: &ConnSite<'_, '_>) -> Option<String> {
    let Stmt::Assign(assign) = site.call.stmt else {
        return None;
    };
    let [target] = assign.targets.as_slice() else {
        return None;
    };
    let parent = connections::parent_expr(site.call.stmt, site.outer)?;
    if parent.range() != assign.value.range() || !falls_back_to(parent, site) {
        return None;
    }
    match target {
        Expr::Name(name) => constructions::stored_on_self(model, site.scope()?, name.id.as_str()),
        Expr::Attribute(attr) if is_self(&attr.value) => Some(attr.attr.to_string()),
        _ => None,
    }
}

/// `self.<a> or <connect>` or `self.<a> if <test> else <connect>`: the
/// connection is opened only when the object's own is missing.
fn falls_back_to(parent: &Expr, site: &ConnSite<'_, '_>) -> bool {
    match parent {
        Expr::BoolOp(b) if b.op == BoolOp::Or => {
            b.values.len() == 2 && self_attr(&b.values[0]) && b.values[1].range() == site.outer
        }
        Expr::If(i) => self_attr(&i.body) && i.orelse.range() == site.outer,
        _ => false,
    }
}

fn self_attr(e: &Expr) -> bool {
    matches!(e, Expr::Attribute(a) if is_self(&a.value))
}

fn is_self(e: &Expr) -> bool {
    matches!(e, Expr::Name(n) if n.id.as_str() == "self")
}
