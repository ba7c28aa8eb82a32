//! peewee model queries in `async def`: `User.select()` iterated in an async
//! web route, `Item.get(...)`, `Event.create(...)`. peewee is synchronous: the
//! query runs on the event loop, and every other task on it (the other
//! requests, a bot sharing the loop) waits for the query, and for SQLite's
//! lock when another connection holds it.
//!
//! Reported when the class is a peewee model (this module's, or another's
//! through the project's class index: semantic/peewee_models.rs) and the
//! project's peewee database is SQLite, also when the path arrives later
//! (`SqliteDatabase(None)` with `db.init(path)`, a `DatabaseProxy` initialised
//! with a `SqliteDatabase`). Not reported when an async layer runs the query
//! (`await manager.execute(User.select())`, a module importing `peewee_async`).
//! Only work that grows is reported: a whole-table read (`select()` with no
//! `where`, `limit`, `get` or `count` in its statement) or a query per item of
//! a loop. peewee keeps one connection per thread, so on the loop it is the
//! loop thread's own connection, and a keyed query costs about a millisecond
//! (`bench/load/loop_stall.py`); whether anything else can hold the file's
//! lock is not always visible (a module the project never runs as a program
//! looks like one), and on a chat bot's keyed look-ups that guess was wrong,
//! so bounded queries are left out.
//! Advice only: the query and the code that reads its rows move together.

use ruff_python_ast::Expr;
use ruff_text_size::Ranged;

use super::BlockingSqliteInAsync;
use super::per_call::Parties;
use crate::codemods::{Codemod, Context};
use crate::finding::Finding;
use crate::semantic::facts::any_module;
use crate::semantic::model::Call;
use crate::semantic::project::ProjectIndex;
use crate::semantic::scopes::FuncId;
use crate::semantic::{bounded_io, peewee_models};

/// Model class methods that run a query, or build one that the route runs.
const QUERY_METHODS: &[&str] = &[
    "select",
    "get",
    "get_or_none",
    "get_by_id",
    "get_or_create",
    "create",
    "insert",
    "insert_many",
    "replace",
    "update",
    "delete",
    "delete_by_id",
    "bulk_create",
    "bulk_update",
    "raw",
];

/// What narrows a `select()` to a bounded number of rows.
const NARROWING: &[&str] = &[
    ".where(",
    ".limit(",
    ".get(",
    ".first(",
    ".paginate(",
    ".count(",
    ".exists(",
    ".scalar(",
];

/// Whether the project's peewee database is SQLite (decided once per module).
pub(super) fn on_sqlite(ctx: &Context<'_, '_>) -> bool {
    struct Sqlite;
    struct Other;
    any_module::<Sqlite>(ctx.project, |m| m.facts.peewee_sqlite)
        && !any_module::<Other>(ctx.project, |m| m.facts.peewee_other)
        && !peewee_models::async_layer(ctx.model)
}

/// The finding for the first peewee query of the coroutine `scope`, if any.
pub(super) fn finding(
    codemod: &BlockingSqliteInAsync,
    ctx: &Context<'_, '_>,
    scope: FuncId,
    local_models: &[String],
    parties: &Parties<'_, '_, '_>,
) -> Option<Finding> {
    let model = ctx.model;
    let queries: Vec<&Call<'_>> = model
        .calls_in(Some(scope))
        .filter(|c| !c.in_lambda && !inside_await(ctx, scope, c))
        .filter(|c| is_model_query(ctx, scope, c, local_models))
        .collect();
    let first = queries.first()?;
    let Expr::Attribute(attr) = &*first.expr.func else {
        return None;
    };
    let function = model.scopes.function(scope);
    let more = match queries.len() {
        1 => String::new(),
        n => format!(" (and {} more in it)", n - 1),
    };
    let message = format!(
        "peewee query `{}.{}()` in `async def {}`{more}: peewee's SQLite database is synchronous, so the query runs on the event loop and every other task on it (other requests, whatever else the loop serves) waits for it, and for SQLite's lock when another connection holds it",
        model.slice(attr.value.range()),
        attr.attr.as_str(),
        function.name(),
    );
    // A keyed query costs about a millisecond on the loop thread's own
    // connection; only work that grows is reported (see the module doc).
    let unbounded = Some(queries.iter().find_map(|c| work(ctx, scope, c))?);
    let finding = Finding::new(codemod.meta(), first.range(), message).with_note(
        "run the query and the code that reads its rows in a worker thread (`await asyncio.to_thread(load)` with a plain `def load()`), or make the route a plain `def` where the framework runs those in a threadpool; peewee opens a connection per thread",
    );
    Some(parties.rank_shared(finding, None, unbounded))
}

/// Why the query's work grows: once per loop item, or every row of the table.
fn work(ctx: &Context<'_, '_>, scope: FuncId, call: &Call<'_>) -> Option<&'static str> {
    if bounded_io::per_item(ctx.model, scope, call) {
        return Some("it runs once per item of a loop");
    }
    let Expr::Attribute(attr) = &*call.expr.func else {
        return None;
    };
    let statement = ctx.model.slice(call.stmt.range());
    (attr.attr.as_str() == "select" && !NARROWING.iter().any(|n| statement.contains(n)))
        .then_some("it reads every row of the table")
}

/// `await manager.execute(User.select())`: an async layer runs what the model builds.
fn inside_await(ctx: &Context<'_, '_>, scope: FuncId, call: &Call<'_>) -> bool {
    ctx.model.calls_in(Some(scope)).any(|c| {
        c.is_awaited() && c.range() != call.range() && c.range().contains_range(call.range())
    }) || call.is_awaited()
}

/// `Name.<query method>(...)` where `Name` is a peewee model class.
fn is_model_query(ctx: &Context<'_, '_>, scope: FuncId, call: &Call<'_>, local: &[String]) -> bool {
    let Expr::Attribute(attr) = &*call.expr.func else {
        return false;
    };
    if !QUERY_METHODS.contains(&attr.attr.as_str()) {
        return false;
    }
    let Expr::Name(name) = &*attr.value else {
        return false;
    };
    let model = ctx.model;
    if local.iter().any(|m| m == name.id.as_str())
        && model.scopes.class_named(name.id.as_str()).is_some()
    {
        return true;
    }
    let Some(from) = ctx.project.module else {
        return false;
    };
    let Some(r) = crate::semantic::values::callable_ref(model, Some(scope), &attr.value) else {
        return false;
    };
    let index = ctx.project.index;
    index
        .class_named(from, &r, 0)
        .is_some_and(|(m, class)| derives_from_model(index, m, &class, 0))
}

/// Whether class `class` of module `m` is a peewee model, itself or through a base.
fn derives_from_model(index: &ProjectIndex, m: usize, class: &str, depth: usize) -> bool {
    if depth > 6 {
        return false;
    }
    let module = &index.modules[m];
    if module.facts.peewee_models.iter().any(|c| c == class) {
        return true;
    }
    let Some(id) = index.class_id(m, class) else {
        return false;
    };
    module.classes[id].bases.iter().any(|b| {
        index
            .class_named(m, b, depth + 1)
            .is_some_and(|(bm, bc)| derives_from_model(index, bm, &bc, depth + 1))
    })
}
