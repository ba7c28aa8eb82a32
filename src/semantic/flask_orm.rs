//! Flask-SQLAlchemy's query idioms, by shape: `db.session.add(...)`,
//! `db.session.commit()`, `Basket.query.filter_by(...)`, and SQLAlchemy Core
//! through a name that says it is an engine (`engine.connect()`). The session is a
//! scoped one the extension creates and the model classes come from
//! `db.Model`, so neither is bound where sync_orm.rs looks for sessions. A
//! route that runs them uses the database: its request threads are a second
//! party of that database (second_party.rs).

use ruff_python_ast::Expr;

use super::model::Model;
use super::scopes::FuncId;

/// Methods of the scoped session that send SQL or queue a change for commit.
const SESSION_METHODS: &[&str] = &[
    "execute", "scalars", "scalar", "get", "query", "commit", "flush", "merge", "add", "add_all",
    "delete",
];

/// Whether function `id` runs a Flask-SQLAlchemy query in its own body.
pub fn runs_query(model: &Model<'_>, id: FuncId) -> bool {
    model.calls_in(Some(id)).any(|c| {
        let Expr::Attribute(method) = &*c.expr.func else {
            return false;
        };
        // `engine.connect()` / `engine.begin()`: SQLAlchemy Core on an engine
        // the name says is one.
        if let Expr::Name(owner) = &*method.value {
            return matches!(method.attr.as_str(), "connect" | "begin")
                && owner.id.to_ascii_lowercase().contains("engine");
        }
        let Expr::Attribute(holder) = &*method.value else {
            return false;
        };
        let Expr::Name(owner) = &*holder.value else {
            return false;
        };
        match holder.attr.as_str() {
            "session" => SESSION_METHODS.contains(&method.attr.as_str()),
            // `Model.query`: a class (capitalized), not a local `q.query`.
            "query" => owner.id.chars().next().is_some_and(char::is_uppercase),
            _ => false,
        }
    })
}
