//! peewee databases declared without a path: `db = SqliteDatabase(None,
//! pragmas=...)`, the path given later by `db.init(path, ...)`. peewee keeps the
//! declared pragmas when `init()` passes none, and replaces them (no merge) when
//! it passes `pragmas=` (docs/sqlite-facts.md#F-peewee-deferred,
//! `bench/facts/peewee_deferred.py`): which of the two dicts runs decides where a
//! missing PRAGMA belongs and whether a declared WAL counts.

use ruff_python_ast::Expr;
use ruff_text_size::Ranged;

use super::model::{Call, Model, Target};

/// Whether `call` declares a database with a `None` path.
pub fn is_deferred(call: &Call<'_>) -> bool {
    matches!(call.argument(0, "database"), Some(Expr::NoneLiteral(_)))
}

/// The `db.init(path, ...)` calls of the module on the database `call` declares
/// at module level with a `None` path (`db = SqliteDatabase(None, ...)`).
pub fn init_calls<'m, 'a>(model: &'m Model<'a>, call: &Call<'a>) -> Vec<&'m Call<'a>> {
    let Some(Target::Name(var)) = model
        .assignments
        .iter()
        .find(|a| a.value.range() == call.range() && a.scope.is_none())
        .map(|a| a.target.clone())
    else {
        return Vec::new();
    };
    model
        .calls
        .iter()
        .filter(|c| {
            c.method_name() == Some("init")
                && matches!(&*c.expr.func, Expr::Attribute(a) if matches!(&*a.value, Expr::Name(n) if n.id.as_str() == var))
                && c.argument(0, "database").is_some()
        })
        .collect()
}

/// Whether the pragmas declared on the deferred database `call` ever run: not
/// when every `init()` of its module passes its own `pragmas=`, which replace
/// them. An `init()` elsewhere in the project is taken to pass none.
pub fn declared_pragmas_run(model: &Model<'_>, call: &Call<'_>) -> bool {
    let inits = init_calls(model, call);
    inits.is_empty() || inits.iter().any(|c| c.keyword("pragmas").is_none())
}
