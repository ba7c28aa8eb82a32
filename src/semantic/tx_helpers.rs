//! A project's own transaction context managers, and the blocks that use them.
//!
//! Projects wrap their transactions in a helper: a class whose `__enter__` sends
//! `BEGIN` (or `SAVEPOINT name`) and whose `__exit__` commits or rolls back, or a
//! `@contextmanager` function doing the same around its `yield`. Callers then
//! write `with db.tx() as cur: cur.execute("SELECT ..."); cur.execute("INSERT ...")`,
//! or `with UnitOfWork() as uow: uow.conn.execute(...)` through the connection the
//! helper's object keeps.
//!
//! What the helper sends decides whether that read-then-write is safe: `BEGIN`
//! and `BEGIN DEFERRED` take no lock, and neither does `SAVEPOINT`, which outside
//! a transaction begins a DEFERRED one (SQLite has no IMMEDIATE savepoint;
//! F-savepoint-deferred). The read then takes a snapshot, and the write must
//! upgrade it, which fails at once under contention (F-upgrade-fails-fast). The
//! helper and its callers usually sit in different modules, so the blocks are
//! recorded in each module's summary and matched to the helper in its own.

use ruff_python_ast::{Expr, Stmt};
use ruff_text_size::{Ranged, TextRange};

use super::connections;
use super::model::{Call, Callee, Model, Receiver};
use super::refs::CallRef;
use super::scopes::FuncId;
use super::sql::{BeginMode, HOLE, SqlKind};
use super::visit::scope_stmts;

/// How a helper opens its transaction.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Opens {
    /// `BEGIN` / `BEGIN DEFERRED`.
    Begin,
    /// `SAVEPOINT name`: DEFERRED when no transaction is open.
    Savepoint,
}

/// A transaction context manager of this module that opens DEFERRED.
#[derive(Debug, Clone)]
pub struct TxHelper {
    /// The class (for `__enter__`) or the `@contextmanager` function.
    pub qualname: String,
    /// The function whose body sends the BEGIN: `Class.__enter__` or the function.
    pub enter: FuncId,
    /// Every module-level name it is called by: its own, and aliases (`tx = TxManager`).
    pub names: Vec<String>,
    /// The call that sends the BEGIN or SAVEPOINT.
    pub begin: TextRange,
    pub opens: Opens,
}

/// `with <helper call> as <name>:` whose body reads then writes through `<name>`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TxBlock {
    /// The function holding the block (its qualname).
    pub function: String,
    pub helper: CallRef,
    /// Lines of the `with`, of the first read and of the first write after it.
    pub line: usize,
    pub read_line: usize,
    pub write_line: usize,
    /// A write rests on what a read returned (unbegun_helpers.rs): what a helper
    /// that never begins needs for a lost update.
    pub uses_read: bool,
}

/// The module's transaction helpers that begin DEFERRED. A helper that can
/// also begin IMMEDIATE or EXCLUSIVE (`"BEGIN IMMEDIATE" if outermost else
/// f"SAVEPOINT ..."`) uses its savepoints for nesting only, and is left out.
pub fn helpers(model: &Model<'_>) -> Vec<TxHelper> {
    let mut out = Vec::new();
    for (id, f) in model.scopes.functions.iter().enumerate() {
        let qualname = match f.class {
            Some(class) if f.name() == "__enter__" => model.scopes.classes[class].qualname.clone(),
            None if is_context_manager(model, id) => f.qualname.clone(),
            _ => continue,
        };
        let source = model.slice(f.def.range()).to_ascii_uppercase();
        if ["BEGIN IMMEDIATE", "BEGIN EXCLUSIVE"]
            .iter()
            .any(|m| source.contains(m))
        {
            continue;
        }
        // Before the `yield` of a generator helper: what runs on entry.
        let entry_end = first_yield(&f.def.body).unwrap_or(f.def.end());
        let begin = model
            .calls
            .iter()
            .filter(|c| c.scope == Some(id) && c.range().end() <= entry_end)
            .find_map(|c| opens(model, c).map(|o| (c.range(), o)));
        let Some((begin, opens)) = begin else {
            continue;
        };
        let short = qualname.rsplit('.').next().unwrap_or(&qualname).to_string();
        let mut names = vec![qualname.clone()];
        if !qualname.contains('.') {
            names.extend(aliases(model, &short));
        }
        out.push(TxHelper {
            qualname,
            enter: id,
            names,
            begin,
            opens,
        });
    }
    out
}

/// What SQL the call sends, when it opens a deferred transaction.
fn opens(model: &Model<'_>, call: &Call<'_>) -> Option<Opens> {
    let (kinds, value) = connections::sql_of(model, call)?;
    let sketch = value.sketch();
    let words: Vec<String> = sketch
        .split_whitespace()
        .map(str::to_ascii_uppercase)
        .collect();
    match (kinds.first(), words.first().map(String::as_str)) {
        // `BEGIN {mode}`: the mode is a run-time value, not known to be deferred.
        (Some(SqlKind::Begin(BeginMode::Deferred)), _)
            if words.get(1).is_some_and(|w| w.contains(HOLE)) =>
        {
            None
        }
        (Some(SqlKind::Begin(BeginMode::Deferred)), _) => Some(Opens::Begin),
        (_, Some("SAVEPOINT")) => Some(Opens::Savepoint),
        _ => None,
    }
}

fn is_context_manager(model: &Model<'_>, id: FuncId) -> bool {
    let f = model.scopes.function(id);
    f.def.decorator_list.iter().any(|d| {
        model.resolve(&d.expression, f.parent).is_some_and(|q| {
            q == "contextlib.contextmanager" || q == "contextlib.asynccontextmanager"
        })
    })
}

/// Start of the first `yield` statement in the body (not in nested functions).
fn first_yield(body: &[Stmt]) -> Option<ruff_text_size::TextSize> {
    scope_stmts(body).into_iter().find_map(|s| match s {
        Stmt::Expr(e) if matches!(&*e.value, Expr::Yield(_) | Expr::YieldFrom(_)) => {
            Some(s.start())
        }
        Stmt::Assign(a) if matches!(&*a.value, Expr::Yield(_)) => Some(s.start()),
        _ => None,
    })
}

/// Module-level `alias = name` assignments.
fn aliases(model: &Model<'_>, name: &str) -> Vec<String> {
    model
        .suite
        .iter()
        .filter_map(|stmt| match stmt {
            Stmt::Assign(a) if matches!(&*a.value, Expr::Name(n) if n.id.as_str() == name) => {
                match a.targets.as_slice() {
                    [Expr::Name(t)] => Some(t.id.to_string()),
                    _ => None,
                }
            }
            _ => None,
        })
        .collect()
}

/// Every `with <call>(...) as <name>:` of the module whose body reads through
/// `<name>` and later writes through it, the call a possible project helper.
/// A call that passes `"IMMEDIATE"`/`"EXCLUSIVE"` asks the helper for the lock
/// first, and is left out.
///
/// `call_ref` names the helper call as the project index does (passed in: the
/// index sits above this module).
pub fn blocks(
    model: &Model<'_>,
    call_ref: impl Fn(&Model<'_>, &Call<'_>) -> Option<CallRef>,
) -> Vec<TxBlock> {
    let mut out = Vec::new();
    for (id, f) in model.scopes.functions.iter().enumerate() {
        for stmt in scope_stmts(&f.def.body) {
            let Stmt::With(with) = stmt else { continue };
            if with.is_async {
                continue;
            }
            for item in &with.items {
                let (Expr::Call(call), Some(Expr::Name(target))) =
                    (&item.context_expr, item.optional_vars.as_deref())
                else {
                    continue;
                };
                if asks_for_lock(call) {
                    continue;
                }
                let Some(helper) = model.call_at(call.range()).and_then(|c| call_ref(model, c))
                else {
                    continue;
                };
                let body = TextRange::new(
                    with.body.first().map_or(with.end(), Ranged::start),
                    with.end(),
                );
                if let Some((read, write)) = read_then_write(model, id, target.id.as_str(), body) {
                    out.push(TxBlock {
                        function: f.qualname.clone(),
                        helper,
                        line: model.line_column(with.start()).0,
                        read_line: model.line_column(read).0,
                        write_line: model.line_column(write).0,
                        uses_read: super::unbegun_helpers::write_uses_read(
                            model,
                            id,
                            target.id.as_str(),
                            body,
                        ),
                    });
                }
            }
        }
    }
    // Blocks on a session a helper yields (orm_transactions.rs), `async with` too.
    for (id, with, call, read, write) in super::orm_transactions::helper_blocks(model) {
        let line = model.line_column(with.start()).0;
        let function = model.scopes.function(id).qualname.clone();
        if out.iter().any(|b| b.line == line && b.function == function) {
            continue;
        }
        let Some(helper) = model.call_at(call).and_then(|c| call_ref(model, c)) else {
            continue;
        };
        out.push(TxBlock {
            function,
            helper,
            line,
            read_line: model.line_column(read).0,
            write_line: model.line_column(write).0,
            uses_read: true,
        });
    }
    out
}

fn asks_for_lock(call: &ruff_python_ast::ExprCall) -> bool {
    let locking = |e: &Expr| {
        matches!(e, Expr::StringLiteral(s)
            if matches!(s.value.to_str().to_ascii_uppercase().as_str(), "IMMEDIATE" | "EXCLUSIVE"))
    };
    call.arguments.args.iter().any(locking)
        || call.arguments.keywords.iter().any(|k| locking(&k.value))
}

/// `uow.conn.execute(...)`: a statement on the connection (or cursor) the
/// helper's object keeps, one attribute below the `with` target.
fn through_attribute(call: &Call<'_>, name: &str) -> bool {
    matches!(&*call.expr.func, Expr::Attribute(method)
        if matches!(&*method.value, Expr::Attribute(held)
            if matches!(&*held.value, Expr::Name(n) if n.id.as_str() == name)))
}

/// The first read through `name` in `range`, and the first write after it.
fn read_then_write(
    model: &Model<'_>,
    scope: FuncId,
    name: &str,
    range: TextRange,
) -> Option<(ruff_text_size::TextSize, ruff_text_size::TextSize)> {
    let mut statements: Vec<(ruff_text_size::TextSize, SqlKind)> = model
        .calls_in(Some(scope))
        .filter(|c| !c.in_lambda && range.contains_range(c.range()))
        .filter(|c| {
            matches!(&c.callee, Callee::Method { receiver: Receiver::Name(r), .. } if r == name)
                || through_attribute(c, name)
        })
        .filter_map(|c| {
            let (kinds, _) = connections::sql_of(model, c)?;
            Some((c.range().start(), kinds.into_iter().next()?))
        })
        .collect();
    statements.sort_by_key(|(at, _)| *at);
    let read = statements.iter().find(|(_, k)| *k == SqlKind::Read)?.0;
    let write = statements
        .iter()
        .find(|(at, k)| *at > read && k.is_write())?
        .0;
    Some((read, write))
}
