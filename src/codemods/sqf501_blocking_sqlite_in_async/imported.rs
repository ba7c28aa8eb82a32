//! Blocking calls on a connection or cursor the coroutine reaches by name from
//! another module, with no helper function between: `from setup import cursor,
//! con` then `cursor.execute(...)` and `con.commit()` in a bot's `async def`
//! handler; `setup.cursor.execute(...)` after `import setup`; `config.cursor`
//! on a module-level instance of a class whose `__init__` opens the connection
//! (semantic/handle_uses.rs); a cursor a wrapper instance hands out
//! (`cur = db.cursor()` with `db` a parameter its callers pass the wrapper
//! for, or `self.db` kept from the constructor, the method returning
//! `self.conn.cursor()`). The same hazard as a module's own global
//! connection used in its coroutines, reported with the same root: the
//! connection, in the module that opens it.

use ruff_python_ast::Expr;
use ruff_text_size::{Ranged, TextRange};

use super::{BlockingSqliteInAsync, offload_shared_block};
use crate::codemods::{Codemod, Context};
use crate::finding::{Finding, Root};
use crate::semantic::handle_uses::{self, Found};
use crate::semantic::model::Call;
use crate::semantic::project::BLOCKING_METHODS;
use crate::semantic::scopes::FuncId;

/// The finding for `call` in coroutine `scope`, when it is a blocking method
/// of a connection or cursor another module (or a class) holds.
pub(super) fn finding(
    codemod: &BlockingSqliteInAsync,
    ctx: &Context<'_, '_>,
    scope: FuncId,
    call: &Call<'_>,
    parties: &super::per_call::Parties<'_, '_, '_>,
    covered: &mut Vec<TextRange>,
) -> Option<Finding> {
    let model = ctx.model;
    let from = ctx.project.module?;
    let found = on_handle(ctx, from, scope, call)?;
    let index = ctx.project.index;
    let path = index.modules[found.module].path.as_path();
    let shown = crate::diff::display_path(path);
    let handle = found.handle;
    let conn = &handle.conn;
    let (holder, root) = match &handle.class {
        None => (
            if handle.name == *conn {
                format!("module-level connection `{conn}` of {shown}")
            } else {
                format!(
                    "module-level connection `{conn}` of {shown} (through `{}`)",
                    handle.name
                )
            },
            Root::new(
                format!("global:{shown}:{conn}"),
                format!("the module-level connection `{conn}` of {shown}"),
            ),
        ),
        Some(class) => (
            format!("connection `{class}.{conn}` of {shown}"),
            Root::new(
                format!("class:{shown}:{class}"),
                format!("the database wrapper class `{class}` of {shown} (its `self.{conn}`)"),
            ),
        ),
    };
    let function = model.scopes.function(scope);
    let message = format!(
        "Blocking `{}` on the {holder} inside `async def {}` runs on the event loop",
        shown_callee(ctx, call),
        function.name()
    );
    let finding =
        Finding::new(codemod.meta(), call.range(), message).with_root(root.at(path, handle.line));
    let (module, class, name) = (found.module, handle.class.clone(), handle.conn.clone());
    let same = |c: &Call<'_>| {
        on_handle(ctx, from, scope, c)
            .is_some_and(|f| f.module == module && f.handle.class == class && f.handle.conn == name)
    };
    // The coroutine's work on the connection: a commit costs what the
    // statements before it wrote, and a block moved to a thread is all of them.
    let work = model
        .calls_in(Some(scope))
        .filter(|c| !c.in_lambda && !c.is_awaited() && same(c))
        .find_map(|c| super::per_call::call_work(ctx, scope, c));
    let identity = index.modules[found.module]
        .facts
        .openers
        .iter()
        .find(|o| o.line == handle.line)
        .and_then(|o| o.identity.as_deref());
    let finding = parties.rank_shared(finding, identity, work);
    if !handle.any_thread {
        return Some(finding.with_note(
            "the connection was opened on another thread's terms (check_same_thread=True): offloading this call would raise ProgrammingError (docs/sqlite-facts.md#F-same-thread). Open a connection per unit of work inside a function run with `asyncio.to_thread`, or move to aiosqlite",
        ));
    }
    Some(offload_shared_block(
        ctx, scope, finding, &holder, &same, covered,
    ))
}

/// `cursor.execute`, or `cursor.execute(...).fetchone` for a chain.
fn shown_callee(ctx: &Context<'_, '_>, call: &Call<'_>) -> String {
    let model = ctx.model;
    match &*call.expr.func {
        Expr::Attribute(a) => match &*a.value {
            Expr::Call(inner) => format!("{}(...).{}", model.slice(inner.func.range()), a.attr),
            _ => model.slice(a.range()).to_string(),
        },
        other => model.slice(other.range()).to_string(),
    }
}

/// The handle `call` is a blocking method of.
fn on_handle<'c>(
    ctx: &'c Context<'_, '_>,
    from: usize,
    scope: FuncId,
    call: &Call<'_>,
) -> Option<Found<'c>> {
    let Expr::Attribute(attr) = &*call.expr.func else {
        return None;
    };
    if !BLOCKING_METHODS.contains(&attr.attr.as_str()) {
        return None;
    }
    handle_uses::resolve(ctx.project.index, from, ctx.model, Some(scope), &attr.value)
}
