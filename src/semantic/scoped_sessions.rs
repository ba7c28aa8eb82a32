//! SQLAlchemy `scoped_session` registries: one session per thread, created on
//! the thread's first use and kept until `registry.remove()`.
//!
//! Web frameworks remove it at the end of each request (Flask's
//! `teardown_appcontext`, a middleware); code run on a pool's threads (an
//! executor job, a scheduler job) has no such teardown. The session then stays
//! bound to the pool thread after the job returns, holding its connection and
//! whatever transaction it began, until that thread happens to run the next
//! job: a connection that never goes back to the pool and a transaction that
//! nobody ends (F-unclosed-lingers for the connection, F-checkpoint-starved for
//! an open read).

use rustc_hash::FxHashSet as HashSet;

use ruff_python_ast::Expr;

use super::model::{Callee, Model, Receiver};
use super::scopes::FuncId;
use super::visit;

/// Module-level names bound to `scoped_session(...)`, when the module shows it
/// is about SQLite (a `sqlite` URL or a test of the URL for it).
pub fn registries(model: &Model<'_>) -> Vec<String> {
    let mut out: Vec<String> = model
        .assignments
        .iter()
        .filter(|a| a.scope.is_none())
        .filter(|a| {
            matches!(a.value, Expr::Call(c) if model.resolve(&c.func, None).as_deref()
                == Some("sqlalchemy.orm.scoped_session"))
        })
        .filter_map(|a| match a.target_expr {
            Expr::Name(n) => Some(n.id.to_string()),
            _ => None,
        })
        .collect();
    if out.is_empty() || !model.text.to_ascii_lowercase().contains("sqlite") {
        return Vec::new();
    }
    out.dedup();
    out
}

/// The registry a function of the module uses: by name (`db_session.query(...)`,
/// `db_session.add(...)`), or through the query property it installs on the
/// models (`Base.query = db_session.query_property()`, then `User.query...`).
pub fn used_by(model: &Model<'_>, scope: FuncId, registries: &[String]) -> Option<String> {
    if registries.is_empty() {
        return None;
    }
    let property = registries.iter().find(|r| {
        model
            .calls
            .iter()
            .any(|c| c.scope.is_none() && is_call_on(c, r, "query_property"))
    });
    let body = &model.scopes.function(scope).def.body;
    let mut found: Option<String> = None;
    visit::any_expr(body, |expr| {
        found = match expr {
            Expr::Name(n) if registries.iter().any(|r| r == n.id.as_str()) => {
                Some(n.id.to_string())
            }
            Expr::Attribute(a)
                if a.attr.as_str() == "query" && matches!(&*a.value, Expr::Name(_)) =>
            {
                property.cloned()
            }
            _ => None,
        };
        found.is_some()
    });
    found
}

/// The functions that call `<registry>.remove()`: on a registry of the module,
/// or on one it imports (`db_session.remove()`, `models.db_session.remove()`).
pub fn removing_scopes(model: &Model<'_>, registries: &[String]) -> HashSet<FuncId> {
    model
        .calls
        .iter()
        .filter(|c| c.expr.arguments.is_empty())
        .filter(|c| {
            let Expr::Attribute(method) = &*c.expr.func else {
                return false;
            };
            let root = match &*method.value {
                Expr::Name(n) => n,
                Expr::Attribute(a) => match &*a.value {
                    Expr::Name(n) => n,
                    _ => return false,
                },
                _ => return false,
            };
            let root = root.id.as_str();
            method.attr.as_str() == "remove"
                && (registries.iter().any(|r| r == root)
                    || model.imports.lookup(root, c.scope, &model.scopes).is_some())
        })
        .filter_map(|c| c.scope)
        .collect()
}

fn is_call_on(call: &super::model::Call<'_>, receiver: &str, method: &str) -> bool {
    matches!(&call.callee, Callee::Method { receiver: Receiver::Name(r), name }
        if r == receiver && name == method)
}
