//! SQLAlchemy transactions on SQLite: where a session (or an engine connection)
//! begins one, and whether it reads before it writes.
//!
//! Handles a function runs statements on: a session it opens (`with
//! Session(engine) as s:`, `async with async_session() as s:`, `s =
//! SessionLocal()`), an engine connection (`with engine.begin() as conn:`,
//! `engine.connect()`), a session it is handed (a parameter annotated
//! `Session`/`AsyncSession`/`Connection`), a module-level session or
//! `scoped_session` registry (its own, or one another module of the project
//! binds and this one imports: `from db import session`, `from db import *`),
//! or a session a repository object keeps on `self`.
//!
//! pysqlite (and aiosqlite, which wraps it) sends its implicit `BEGIN` only
//! before the first INSERT/UPDATE/DELETE (F-implicit-begin, F-sqlalchemy): a
//! `query`, `get`, `scalars` or `execute(select(...))` before the first write
//! runs in autocommit, outside the transaction the write opens. Concurrent
//! sessions then both read the old value and both write: one update is lost,
//! or both pass a check meant to let one through (F-orm-read-then-write). A
//! write already sent earlier in the same transaction (a `flush`, an `execute`
//! of DML, or an `add` that autoflush sends before the next query) holds the
//! write lock, and `execute(text("BEGIN IMMEDIATE"))` takes it first: neither is
//! a hazard.
//!
//! Helpers: an `@contextmanager`/`@asynccontextmanager` function that opens a
//! session, yields it and commits after the `yield` is the project's write
//! transaction. Its callers (any module) are recorded as `TxBlock`s
//! (tx_helpers.rs) when their block reads then writes through the yielded
//! session; the hazard is reported once at the helper.
//!
//! The order of statements is the source order within a function: a branch
//! that reads and another that writes count as read-then-write only when the
//! write depends on the read (below), which keeps that approximation honest.

use rustc_hash::FxHashSet as HashSet;

use ruff_python_ast::{Expr, ExprContext, Stmt};
use ruff_text_size::{Ranged, TextRange, TextSize};

use super::model::{AssignKind, Call, Callee, Model, Receiver, Target};
use super::read_dependence::ReadData;
use super::scopes::FuncId;
use super::strings::string_value;
use super::sync_orm::{self, Factories};
use super::visit::{self, Node};

/// What one statement on a handle does to its transaction.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OrmOp {
    /// Runs a SELECT now.
    Read,
    /// Marks a change the session sends at its next flush (`add`, `delete`, an
    /// attribute set on a loaded object).
    Pending,
    /// Sends DML now (`flush`, `execute(update(...))`, `query(...).delete()`).
    Write,
    /// An attribute set on an object loaded by a read (`row.hits += 1`):
    /// pending like `add`, and computed from what was read even when a commit
    /// came between (expired, the attribute reloads outside any transaction;
    /// with `expire_on_commit=False` it keeps the old value).
    SetLoaded,
    /// `execute(text("BEGIN IMMEDIATE"))`: the write lock, taken first.
    Lock,
    /// `commit()` / `rollback()`: the transaction ends.
    End,
}

/// One handle's statement, in source order.
#[derive(Debug, Clone, Copy)]
pub struct OrmEvent {
    pub op: OrmOp,
    pub range: TextRange,
}

/// A read then a write in one transaction of a handle, the write depending on
/// what was read.
#[derive(Debug, Clone)]
pub struct OrmHazard {
    pub scope: FuncId,
    /// How the code names the handle: `session`, `self.session`, `conn`.
    pub label: String,
    pub read: TextRange,
    pub write: TextRange,
    /// The statement that opened the handle in this function (the `with`, or
    /// the assignment); `None` for a handle it was given.
    pub opened: Option<TextRange>,
    /// The statements run through an `await` (AsyncSession, AsyncConnection).
    pub awaited: bool,
    /// The handle is an engine connection (`engine.begin()`), not a session.
    pub connection: bool,
    /// The read was in an earlier transaction of the session (a commit between).
    pub across_commit: bool,
}

/// An ORM transaction helper: a context manager that opens a session, yields
/// it and commits after the `yield`.
#[derive(Debug, Clone)]
pub struct OrmHelper {
    pub function: FuncId,
    /// The statement that opens the session (the `with`, or the assignment).
    pub opened: TextRange,
    /// The `yield` statement.
    pub yields: TextRange,
    pub is_async: bool,
}

const READ_METHODS: &[&str] = &["query", "get", "get_one", "scalars", "scalar", "exec"];
const PENDING_METHODS: &[&str] = &["add", "add_all", "delete", "merge"];
const WRITE_METHODS: &[&str] = &[
    "flush",
    "bulk_save_objects",
    "bulk_insert_mappings",
    "bulk_update_mappings",
];
const EXECUTE_METHODS: &[&str] = &["execute", "exec_driver_sql"];
const END_METHODS: &[&str] = &["commit", "rollback"];

const ASYNC_SESSIONMAKERS: &[&str] = &[
    "sqlalchemy.ext.asyncio.async_sessionmaker",
    "sqlalchemy.ext.asyncio.session.async_sessionmaker",
];
const SYNC_SESSIONMAKERS: &[&str] = &[
    "sqlalchemy.orm.sessionmaker",
    "sqlalchemy.orm.session.sessionmaker",
];
const SESSION_TYPES: &[&str] = &[
    "sqlalchemy.orm.Session",
    "sqlalchemy.orm.session.Session",
    "sqlmodel.Session",
    "sqlmodel.orm.session.Session",
    "sqlalchemy.ext.asyncio.AsyncSession",
    "sqlalchemy.ext.asyncio.session.AsyncSession",
    "sqlmodel.ext.asyncio.session.AsyncSession",
    "sqlalchemy.engine.Connection",
    "sqlalchemy.Connection",
    "sqlalchemy.ext.asyncio.AsyncConnection",
];
const REGISTRIES: &[&str] = &["sqlalchemy.orm.scoped_session"];
const ENGINES: &[&str] = &[
    "sqlalchemy.create_engine",
    "sqlalchemy.engine.create_engine",
    "sqlalchemy.ext.asyncio.create_async_engine",
    "sqlmodel.create_engine",
];

fn uses_orm(model: &Model<'_>) -> bool {
    model.imports.mentions("sqlalchemy") || model.imports.mentions("sqlmodel")
}

/// Whether the module installs a `"begin"` listener that sends `BEGIN
/// IMMEDIATE` (or EXCLUSIVE): SQLAlchemy's recipe, for every transaction.
pub fn begins_immediate(model: &Model<'_>) -> bool {
    if !uses_orm(model) {
        return false;
    }
    let upper = model.text.to_ascii_uppercase();
    (upper.contains("BEGIN IMMEDIATE") || upper.contains("BEGIN EXCLUSIVE"))
        && (model.text.contains("\"begin\"") || model.text.contains("'begin'"))
}

/// Module-level names and `self` attributes the module binds to session
/// factories (sync or async), engines, sessions and registries.
#[derive(Default)]
struct Bindings {
    factories: HashSet<String>,
    factory_attrs: HashSet<String>,
    engines: HashSet<String>,
    engine_attrs: HashSet<String>,
    /// Module-level sessions and `scoped_session` registries used directly.
    sessions: HashSet<String>,
    /// `self.<attr>` holding a session (a repository's).
    session_attrs: HashSet<String>,
}

fn bindings(model: &Model<'_>) -> Bindings {
    let mut out = Bindings::default();
    let sync = Factories::of(model);
    for a in &model.assignments {
        if a.kind != AssignKind::Assign {
            continue;
        }
        let Expr::Call(call) = a.value else { continue };
        let q = model.resolve(&call.func, a.scope).unwrap_or_default();
        let factory =
            SYNC_SESSIONMAKERS.contains(&q.as_str()) || ASYNC_SESSIONMAKERS.contains(&q.as_str());
        let engine = ENGINES.contains(&q.as_str());
        let registry = REGISTRIES.contains(&q.as_str());
        let session = SESSION_TYPES.contains(&q.as_str())
            || sync_orm::opens_session(model, a.scope, a.value, &sync)
            || is_factory_call(call, &out);
        match (&a.target, a.scope) {
            (Target::Name(n), None) => {
                if factory {
                    out.factories.insert(n.clone());
                } else if engine {
                    out.engines.insert(n.clone());
                } else if registry || session {
                    out.sessions.insert(n.clone());
                }
            }
            (Target::SelfAttr(n), Some(_)) => {
                if factory {
                    out.factory_attrs.insert(n.clone());
                } else if engine {
                    out.engine_attrs.insert(n.clone());
                } else if registry || session {
                    out.session_attrs.insert(n.clone());
                }
            }
            _ => {}
        }
    }
    // `self.session = session` where the parameter is annotated as one.
    for a in &model.assignments {
        let (Target::SelfAttr(attr), Some(scope), Expr::Name(value)) =
            (&a.target, a.scope, a.value)
        else {
            continue;
        };
        if annotated_params(model, scope).contains(&value.id.to_string()) {
            out.session_attrs.insert(attr.clone());
        }
    }
    out
}

fn is_factory_call(call: &ruff_python_ast::ExprCall, b: &Bindings) -> bool {
    match &*call.func {
        Expr::Name(n) => b.factories.contains(n.id.as_str()),
        Expr::Attribute(a) if is_self(&a.value) => b.factory_attrs.contains(a.attr.as_str()),
        _ => false,
    }
}

fn is_self(expr: &Expr) -> bool {
    matches!(expr, Expr::Name(n) if matches!(n.id.as_str(), "self" | "cls"))
}

/// Parameters of `id` annotated as a session or a connection.
fn annotated_params(model: &Model<'_>, id: FuncId) -> Vec<String> {
    let function = model.scopes.function(id);
    function
        .def
        .parameters
        .iter_non_variadic_params()
        .filter(|p| {
            p.parameter.annotation.as_deref().is_some_and(|ann| {
                let inner = match ann {
                    Expr::Subscript(s) => match s.slice.as_ref() {
                        Expr::Tuple(t) => t.elts.first().unwrap_or(ann),
                        other => other,
                    },
                    other => other,
                };
                model
                    .resolve(inner, function.parent)
                    .is_some_and(|q| SESSION_TYPES.contains(&q.as_str()))
            })
        })
        .map(|p| p.parameter.name.to_string())
        .collect()
}

/// What opens a handle: a session factory call, `Session(...)`,
/// `F.begin()`, or an engine's `begin()`/`connect()`. Returns whether the
/// handle is an engine connection.
fn opens_handle(
    model: &Model<'_>,
    scope: Option<FuncId>,
    value: &Expr,
    b: &Bindings,
    sync: &Factories,
) -> Option<bool> {
    let value = match value {
        Expr::Await(a) => &*a.value,
        other => other,
    };
    let Expr::Call(call) = value else {
        return None;
    };
    if let Expr::Attribute(a) = &*call.func {
        if matches!(a.attr.as_str(), "begin" | "connect") {
            let engine = match &*a.value {
                Expr::Name(n) => {
                    b.engines.contains(n.id.as_str()) || {
                        let lower = n.id.to_ascii_lowercase();
                        lower.contains("engine")
                    }
                }
                Expr::Attribute(held) if is_self(&held.value) => {
                    b.engine_attrs.contains(held.attr.as_str())
                        || held.attr.to_ascii_lowercase().contains("engine")
                }
                _ => false,
            };
            if engine {
                return Some(true);
            }
        }
    }
    let q = model.resolve(&call.func, scope).unwrap_or_default();
    if SESSION_TYPES[..7].contains(&q.as_str()) {
        return Some(false);
    }
    if sync_orm::opens_session(model, scope, value, sync) || is_factory_call(call, b) {
        return Some(false);
    }
    // `F.begin()` on an async factory.
    if let Expr::Attribute(a) = &*call.func {
        if a.attr.as_str() == "begin" {
            if let Expr::Call(inner) = &*a.value {
                if is_factory_call(inner, b) {
                    return Some(false);
                }
            }
        }
    }
    None
}

/// A handle in one function.
struct Handle {
    receiver: Receiver,
    label: String,
    opened: Option<TextRange>,
    /// The body the handle lives in (the `with` body; the function otherwise).
    within: TextRange,
    connection: bool,
}

fn handles(model: &Model<'_>, id: FuncId, b: &Bindings, sync: &Factories) -> Vec<Handle> {
    let function = model.scopes.function(id);
    let whole = function.def.range();
    let mut out = Vec::new();
    for name in annotated_params(model, id) {
        out.push(Handle {
            receiver: Receiver::Name(name.clone()),
            label: name,
            opened: None,
            within: whole,
            connection: false,
        });
    }
    for a in model.assignments_in(Some(id)) {
        if !matches!(a.kind, AssignKind::Assign | AssignKind::WithItem) {
            continue;
        }
        let Target::Name(name) = &a.target else {
            continue;
        };
        let Some(connection) = opens_handle(model, Some(id), a.value, b, sync) else {
            continue;
        };
        let within = match a.stmt {
            Stmt::With(w) if a.kind == AssignKind::WithItem => w.range(),
            _ => TextRange::new(a.stmt.start(), whole.end()),
        };
        out.push(Handle {
            receiver: Receiver::Name(name.clone()),
            label: name.clone(),
            opened: Some(a.stmt.range()),
            within,
            connection,
        });
    }
    let local: HashSet<String> = out
        .iter()
        .filter_map(|h| match &h.receiver {
            Receiver::Name(n) => Some(n.clone()),
            _ => None,
        })
        .collect();
    for name in &b.sessions {
        if !local.contains(name) && !model.assigns_in(id, name) {
            out.push(Handle {
                receiver: Receiver::Name(name.clone()),
                label: name.clone(),
                opened: None,
                within: whole,
                connection: false,
            });
        }
    }
    if function.class.is_some() {
        for attr in &b.session_attrs {
            out.push(Handle {
                receiver: Receiver::SelfAttr(attr.clone()),
                label: format!("self.{attr}"),
                opened: None,
                within: whole,
                connection: false,
            });
        }
    }
    out
}

/// The root call of a chain: `select(M)` in `select(M).where(...).limit(1)`.
fn chain_root(expr: &Expr) -> &Expr {
    let mut e = expr;
    loop {
        match e {
            Expr::Call(c) => match &*c.func {
                Expr::Attribute(a) if matches!(&*a.value, Expr::Call(_)) => e = &a.value,
                _ => return e,
            },
            _ => return e,
        }
    }
}

/// What SQL an `execute` argument sends: a read, a write, a lock, or unknown.
fn statement_op(model: &Model<'_>, scope: FuncId, arg: &Expr, depth: u8) -> Option<OrmOp> {
    let root = chain_root(arg);
    match root {
        Expr::Call(c) => {
            let q = model.resolve(&c.func, Some(scope)).unwrap_or_default();
            let last = q.rsplit('.').next().unwrap_or("");
            if q.starts_with("sqlalchemy") || q.starts_with("sqlmodel") {
                match last {
                    "select" | "exists" => return Some(OrmOp::Read),
                    "update" | "insert" | "delete" => return Some(OrmOp::Write),
                    "text" => {
                        let s = c.arguments.args.first()?;
                        return sql_op(model, scope, s);
                    }
                    _ => {}
                }
            }
            None
        }
        Expr::Name(n) if depth < 2 => {
            let value = model
                .assignments_of(Some(scope), n.id.as_str())
                .into_iter()
                .rev()
                .find(|a| a.kind == AssignKind::Assign && a.stmt.start() < arg.start())?
                .value;
            statement_op(model, scope, value, depth + 1)
        }
        other => sql_op(model, scope, other),
    }
}

fn sql_op(model: &Model<'_>, scope: FuncId, expr: &Expr) -> Option<OrmOp> {
    let sql = string_value(model, expr, Some(scope), expr.start())?.sketch();
    let upper = sql.trim_start().to_ascii_uppercase();
    let first = upper.split_whitespace().next()?;
    match first {
        "SELECT" | "WITH" => {
            // `WITH ... UPDATE`: a write.
            if first == "WITH"
                && ["UPDATE ", "INSERT ", "DELETE "]
                    .iter()
                    .any(|w| upper.contains(w))
            {
                Some(OrmOp::Write)
            } else {
                Some(OrmOp::Read)
            }
        }
        "INSERT" | "UPDATE" | "DELETE" | "REPLACE" => Some(OrmOp::Write),
        "BEGIN" if upper.contains("IMMEDIATE") || upper.contains("EXCLUSIVE") => Some(OrmOp::Lock),
        _ => None,
    }
}

fn on_handle(call: &Call<'_>, handle: &Handle) -> bool {
    handle_method(call, handle).is_some()
}

/// The method `call` calls on `handle`: `s.query(...)`, or `db_session.query(...)`
/// where `db_session` is imported from the module that binds it (the model
/// resolves the call through the import, as `db.db_session.query`).
fn handle_method<'c>(call: &'c Call<'_>, handle: &Handle) -> Option<&'c str> {
    match (&call.callee, &handle.receiver) {
        (Callee::Method { receiver, name }, _) if *receiver == handle.receiver => Some(name),
        (Callee::Qualified(_), Receiver::Name(n)) => match &*call.expr.func {
            Expr::Attribute(a) if matches!(&*a.value, Expr::Name(r) if r.id.as_str() == n) => {
                Some(a.attr.as_str())
            }
            _ => None,
        },
        _ => None,
    }
}

/// The events of one handle in function `id`, in source order, and the names
/// bound from its reads (`row = s.get(M, 1)`).
fn events(model: &Model<'_>, id: FuncId, handle: &Handle) -> (Vec<OrmEvent>, Vec<TextRange>) {
    let mut out = Vec::new();
    let mut reads = Vec::new();
    let calls: Vec<&Call<'_>> = model
        .calls_in(Some(id))
        .filter(|c| !c.in_lambda && handle.within.contains_range(c.range()))
        .collect();
    for call in &calls {
        let Some(name) = handle_method(call, handle) else {
            // `n = await self._next_number(session, key)`: a function of this
            // module handed the handle that only reads through it runs that
            // read here, in the caller's transaction.
            if in_begin_block(model, id, call, handle) && reads_through_callee(model, call, handle)
            {
                reads.push(call.range());
                out.push(OrmEvent {
                    op: OrmOp::Read,
                    range: call.range(),
                });
            }
            continue;
        };
        let op = if READ_METHODS.contains(&name) {
            // `s.query(M).filter(...).delete()`: one bulk DML statement.
            let bulk = calls.iter().any(|outer| {
                outer.range().start() == call.range().start()
                    && outer.range().end() > call.range().end()
                    && matches!(outer.method_name(), Some("delete" | "update"))
            });
            if bulk { OrmOp::Write } else { OrmOp::Read }
        } else if PENDING_METHODS.contains(&name) {
            OrmOp::Pending
        } else if WRITE_METHODS.contains(&name) {
            OrmOp::Write
        } else if END_METHODS.contains(&name) {
            OrmOp::End
        } else if EXECUTE_METHODS.contains(&name) {
            match call
                .argument(0, "statement")
                .and_then(|a| statement_op(model, id, a, 0))
            {
                Some(op) => op,
                None => continue,
            }
        } else {
            continue;
        };
        if op == OrmOp::Read {
            reads.push(call.range());
        }
        out.push(OrmEvent {
            op,
            range: call.range(),
        });
    }
    out.sort_by_key(|e| e.range.start());
    (out, reads)
}

/// Whether `call` sits in a `with <handle>.begin():` (or `async with`, or
/// `begin_nested`) block of function `id`: the transaction is explicit, so a
/// helper's read runs inside it. Outside one, a helper's read is one more
/// statement of an implicit transaction whose shape the caller does not show,
/// and judges of real code found such reads mostly harmless.
fn in_begin_block(model: &Model<'_>, id: FuncId, call: &Call<'_>, handle: &Handle) -> bool {
    let Receiver::Name(name) = &handle.receiver else {
        return false;
    };
    let body = &model.scopes.function(id).def.body;
    super::loops::local_ancestors(body, call.range())
        .into_iter()
        .any(|stmt| match stmt {
            ruff_python_ast::Stmt::With(w) => {
                w.items.iter().any(|item| {
                    matches!(&item.context_expr, Expr::Call(c) if matches!(&*c.func,
                    Expr::Attribute(a) if matches!(a.attr.as_str(), "begin" | "begin_nested")
                        && matches!(&*a.value, Expr::Name(n) if n.id.as_str() == name.as_str())))
                }) && w
                    .body
                    .iter()
                    .any(|b| b.range().contains_range(call.range()))
            }
            _ => false,
        })
}

/// Whether `call` hands `handle` (by name) to a function or method of this
/// module that reads through it and does nothing else with it: no change, no
/// commit, no lock, no further hand-off (its only statements on the parameter
/// are reads: `query`, `get`, `scalar(s)`, `execute(select(...))`).
fn reads_through_callee(model: &Model<'_>, call: &Call<'_>, handle: &Handle) -> bool {
    let Receiver::Name(name) = &handle.receiver else {
        return false;
    };
    let Some(target) = model.called_function(call) else {
        return false;
    };
    if call.scope == Some(target) || call.has_star_args() {
        return false;
    }
    let callee = model.scopes.function(target);
    let Some(param) = callee.params.iter().enumerate().find_map(|(i, p)| {
        call.argument(i, p)
            .is_some_and(|a| matches!(a, Expr::Name(n) if n.id.as_str() == name))
            .then_some(p)
    }) else {
        return false;
    };
    let inner = Handle {
        receiver: Receiver::Name(param.clone()),
        label: param.clone(),
        opened: None,
        within: callee.def.range(),
        connection: handle.connection,
    };
    let mut any = false;
    for c in model.calls_in(Some(target)) {
        if c.in_lambda {
            continue;
        }
        match handle_method(c, &inner) {
            Some(m) if READ_METHODS.contains(&m) => any = true,
            Some(m) if EXECUTE_METHODS.contains(&m) => {
                match c
                    .argument(0, "statement")
                    .and_then(|a| statement_op(model, target, a, 0))
                {
                    Some(OrmOp::Read) => any = true,
                    _ => return false,
                }
            }
            Some(_) => return false,
            // The parameter handed on again: what it does there is unknown.
            None if c
                .expr
                .arguments
                .args
                .iter()
                .chain(c.expr.arguments.keywords.iter().map(|k| &k.value))
                .any(|a| matches!(a, Expr::Name(n) if n.id.as_str() == param)) =>
            {
                return false;
            }
            None => {}
        }
    }
    any
}

/// Names bound by statements that contain one of `ranges` (a read), and,
/// transitively, by later assignments computed from them.
fn tainted_names(model: &Model<'_>, id: FuncId, ranges: &[TextRange]) -> HashSet<String> {
    let mut out: HashSet<String> = HashSet::default();
    let mut assignments: Vec<_> = model
        .assignments_in(Some(id))
        .filter(|a| {
            matches!(
                a.kind,
                AssignKind::Assign
                    | AssignKind::ForLoop
                    | AssignKind::Walrus
                    | AssignKind::WithItem
            )
        })
        .collect();
    assignments.sort_by_key(|a| a.stmt.start());
    for a in assignments {
        let from_read = ranges.iter().any(|r| a.value.range().contains_range(*r));
        let from_tainted = mentions(a.value, &out);
        if from_read || from_tainted {
            for name in stored_names(a.target_expr) {
                out.insert(name);
            }
        }
    }
    out
}

fn stored_names(target: &Expr) -> Vec<String> {
    let mut out = Vec::new();
    visit::any_sub_expr(target, |e| {
        if let Expr::Name(n) = e {
            if n.ctx == ExprContext::Store {
                out.push(n.id.to_string());
            }
        }
        false
    });
    out
}

fn mentions(expr: &Expr, names: &HashSet<String>) -> bool {
    !names.is_empty()
        && visit::any_sub_expr(
            expr,
            |e| matches!(e, Expr::Name(n) if names.contains(n.id.as_str())),
        )
}

fn mentions_range(expr: &Expr, ranges: &[TextRange]) -> bool {
    ranges.iter().any(|r| expr.range().contains_range(*r))
}

/// Attribute sets on loaded objects (`row.count += 1`): changes the session
/// flushes at its next flush or commit.
fn attribute_sets(
    model: &Model<'_>,
    id: FuncId,
    within: TextRange,
    tainted: &HashSet<String>,
) -> Vec<OrmEvent> {
    let mut out = Vec::new();
    visit::any_node(&model.scopes.function(id).def.body, |node| {
        let targets: Vec<&Expr> = match node {
            Node::Stmt(Stmt::Assign(a)) => a.targets.iter().collect(),
            Node::Stmt(Stmt::AugAssign(a)) => vec![&*a.target],
            _ => Vec::new(),
        };
        for t in targets {
            if let Expr::Attribute(attr) = t {
                if matches!(&*attr.value, Expr::Name(n) if tainted.contains(n.id.as_str()))
                    && within.contains_range(t.range())
                {
                    out.push(OrmEvent {
                        op: OrmOp::SetLoaded,
                        range: t.range(),
                    });
                }
            }
        }
        false
    });
    out
}

/// Whether the write at `write` depends on what the reads returned (on a
/// session: `session`, whether it loses an update), by value
/// or by control (the one dependency test, semantic::read_dependence): its
/// statement's values use what was read, a test or loop around it looks at
/// it, or a guard before it leaves on what it holds (not on whether a row came
/// back: `if not job: raise` then `job.status = status` is a blind write); or
/// it re-selects the rows a loop over the read already acted on.
fn depends(
    model: &Model<'_>,
    id: FuncId,
    read: TextRange,
    write: TextRange,
    reads: &[TextRange],
    tainted: &HashSet<String>,
    session: bool,
) -> bool {
    let body = &model.scopes.function(id).def.body;
    let data = ReadData::new(body, reads, write);
    // A session: only a value computed from the read, or a count deciding an
    // insert, loses an update (orm_lost_update.rs). An engine connection runs
    // SQL like a sqlite3 cursor and keeps the dependence test below.
    if session {
        return super::orm_lost_update::loses_update(model, id, &data, write, tainted)
            || super::orm_lost_update::claims(model, id, read, write, tainted);
    }
    // The write's own statement: the values it sends. A loaded object handed
    // back (`session.add(job)`) is a write by primary key of what was set on
    // it (those sets are writes of their own), and a value set on it
    // (`job.status = "done"`) is what that write sends.
    let values: Vec<&Expr> = match innermost_statement(body, write) {
        Some(Stmt::Expr(e)) => match &*e.value {
            Expr::Call(c)
                if matches!(&*c.func, Expr::Attribute(m)
                    if matches!(m.attr.as_str(), "add" | "add_all" | "merge"))
                    && c.arguments.keywords.is_empty()
                    && c.arguments
                        .args
                        .iter()
                        .all(|a| matches!(a, Expr::Name(n) if tainted.contains(n.id.as_str()))) =>
            {
                Vec::new()
            }
            value => vec![value],
        },
        Some(Stmt::Assign(a)) => vec![&*a.value],
        Some(Stmt::AugAssign(a)) => vec![&*a.target, &*a.value],
        Some(Stmt::Return(r)) => r.value.as_deref().into_iter().collect(),
        _ => Vec::new(),
    };
    // A session's get-or-create guard (`if existing: return existing`, then
    // `add`) races like `if row is None: add`. The sqlite3 flows leave it to
    // their slow-gate test instead, where a unique key is assumed to turn the
    // microsecond window into an error rather than a duplicate.
    if data.dependence(values).any() || data.presence_guard() {
        return true;
    }
    // A loop over the rows read, then a bulk statement on the same table.
    let acted = {
        let mut acted = false;
        visit::any_node(body, |node| {
            if let Node::Stmt(Stmt::For(f)) = node {
                if f.start() >= read.start()
                    && f.end() <= write.start()
                    && (mentions(&f.iter, tainted) || mentions_range(&f.iter, reads))
                {
                    acted = true;
                }
            }
            false
        });
        acted
    };
    acted && model.slice(write).contains(".query(")
}

fn innermost_statement(body: &[Stmt], target: TextRange) -> Option<&Stmt> {
    super::read_dependence::ancestors(body, target)
        .into_iter()
        .last()
}

/// Whether an `add` with autoflush on is sent before the next query: the
/// module's session factories say `autoflush=False` (then it is not).
fn autoflush(model: &Model<'_>) -> bool {
    !model.calls.iter().any(|c| {
        c.keyword("autoflush")
            .is_some_and(|v| matches!(v, Expr::BooleanLiteral(b) if !b.value))
    })
}

/// The first read-then-write of each transaction in `events`, given which
/// writes depend on which reads; `true` when the read was in an earlier
/// transaction (an attribute set on an object loaded before a commit).
fn scan(
    events: &[OrmEvent],
    autoflush: bool,
    mut dependent: impl FnMut(TextRange, TextRange) -> bool,
) -> Vec<(TextRange, TextRange, bool)> {
    let mut out = Vec::new();
    let mut locked = false;
    let mut pending = false;
    let mut first_read: Option<TextRange> = None;
    let mut earlier_read: Option<TextRange> = None;
    let mut reported = false;
    for e in events {
        match e.op {
            OrmOp::End => {
                locked = false;
                pending = false;
                earlier_read = earlier_read.or(first_read);
                first_read = None;
                reported = false;
            }
            OrmOp::Lock => locked = true,
            OrmOp::Read => {
                if pending && autoflush {
                    locked = true;
                }
                if !locked && first_read.is_none() {
                    first_read = Some(e.range);
                }
            }
            OrmOp::Pending | OrmOp::Write | OrmOp::SetLoaded => {
                let read = match (first_read, earlier_read) {
                    (Some(r), _) => Some((r, false)),
                    (None, Some(r)) if e.op == OrmOp::SetLoaded => Some((r, true)),
                    _ => None,
                };
                if let (Some((read, across)), false, false) = (read, locked, reported) {
                    if dependent(read, e.range) {
                        out.push((read, e.range, across));
                        reported = true;
                    }
                }
                if e.op == OrmOp::Write {
                    locked = true;
                } else {
                    pending = true;
                }
            }
        }
    }
    out
}

/// The module-level names the module binds to a session or a
/// `scoped_session` registry (`session = scoped_session(sessionmaker(...))`):
/// other modules that import them (`from db import session`, `from db import
/// *`) query the same registry.
pub fn module_sessions(model: &Model<'_>) -> Vec<String> {
    if !uses_orm(model) {
        return Vec::new();
    }
    let mut out: Vec<String> = bindings(model).sessions.into_iter().collect();
    out.sort();
    out
}

/// Of [`module_sessions`], the names bound to a `scoped_session` registry (a
/// session per thread) rather than to one session: other modules' threads
/// that import a registry each get their own session.
pub fn module_registries(model: &Model<'_>) -> Vec<String> {
    if !uses_orm(model) {
        return Vec::new();
    }
    let mut out: Vec<String> = Vec::new();
    for a in model.assignments_in(None) {
        let (Target::Name(n), Expr::Call(call)) = (&a.target, a.value) else {
            continue;
        };
        let registry = model
            .resolve(&call.func, None)
            .is_some_and(|q| REGISTRIES.contains(&q.as_str()));
        if registry && !out.contains(n) {
            out.push(n.clone());
        }
    }
    out.sort();
    out
}

/// The module-level names bound to a session or a `scoped_session` registry,
/// and the `self` attributes bound to one, as [`module_sessions`] sees them
/// (empty when the module does not use the ORM).
pub fn session_bindings(model: &Model<'_>) -> (Vec<String>, Vec<String>) {
    if !uses_orm(model) {
        return (Vec::new(), Vec::new());
    }
    let b = bindings(model);
    let mut names: Vec<String> = b.sessions.into_iter().collect();
    let mut attrs: Vec<String> = b.session_attrs.into_iter().collect();
    names.sort();
    attrs.sort();
    (names, attrs)
}

/// Every read-then-write of the module's functions on handles they open, are
/// given, or keep; handles entered through a project helper are the helper's
/// (see [`helpers`]).
pub fn hazards(model: &Model<'_>) -> Vec<OrmHazard> {
    hazards_with(model, &[])
}

/// [`hazards`], with `imported`: names the module imports that another
/// module of the project binds to a session or registry ([`module_sessions`]),
/// used like a module-level session of its own.
pub fn hazards_with(model: &Model<'_>, imported: &[String]) -> Vec<OrmHazard> {
    if !uses_orm(model) && imported.is_empty() {
        return Vec::new();
    }
    let mut b = bindings(model);
    b.sessions.extend(imported.iter().cloned());
    let sync = Factories::of(model);
    let autoflush = autoflush(model);
    let mut out = Vec::new();
    for id in 0..model.scopes.functions.len() {
        let helper = is_helper(model, id);
        for handle in handles(model, id, &b, &sync) {
            let (mut events, reads) = events(model, id, &handle);
            if reads.is_empty() {
                continue;
            }
            let tainted = tainted_names(model, id, &reads);
            events.extend(attribute_sets(model, id, handle.within, &tainted));
            events.sort_by_key(|e| e.range.start());
            // A helper's own statements before its `yield` belong to its callers' transaction.
            if helper {
                continue;
            }
            let session = !handle.connection;
            let found = scan(&events, autoflush, |r, w| {
                depends(model, id, r, w, &reads, &tainted, session)
            });
            let awaited = model.scopes.function(id).is_async()
                && model
                    .calls_in(Some(id))
                    .any(|c| reads.contains(&c.range()) && c.is_awaited());
            for (read, write, across_commit) in found {
                out.push(OrmHazard {
                    across_commit,
                    scope: id,
                    label: handle.label.clone(),
                    read,
                    write,
                    opened: handle.opened,
                    awaited,
                    connection: handle.connection,
                });
            }
        }
    }
    out
}

/// A span of one function during which a handle holds SQLite's write lock:
/// from a statement that sends DML (`flush()` after `add()`, `execute` of an
/// INSERT/UPDATE/DELETE) to the `commit()`/`rollback()` that ends the
/// transaction (F-implicit-begin: the first write takes the lock and keeps it
/// until the transaction ends).
#[derive(Debug, Clone)]
pub struct OrmWriteHold {
    pub scope: FuncId,
    pub label: String,
    /// The statement that took the lock.
    pub write: TextRange,
    /// The statement that ends the transaction.
    pub end: TextRange,
}

/// Every [`OrmWriteHold`] of the module's functions whose end the function
/// itself reaches (a handle it is handed, committed by its caller, is left
/// out: the caller's shape is not shown). `imported` as for [`hazards_with`].
pub fn write_holds(model: &Model<'_>, imported: &[String]) -> Vec<OrmWriteHold> {
    if !uses_orm(model) && imported.is_empty() {
        return Vec::new();
    }
    let mut b = bindings(model);
    b.sessions.extend(imported.iter().cloned());
    let sync = Factories::of(model);
    let mut out = Vec::new();
    for id in 0..model.scopes.functions.len() {
        if is_helper(model, id) {
            continue;
        }
        for handle in handles(model, id, &b, &sync) {
            let (events, _) = events(model, id, &handle);
            let mut write: Option<TextRange> = None;
            for e in &events {
                match e.op {
                    OrmOp::Write | OrmOp::Lock if write.is_none() => write = Some(e.range),
                    OrmOp::End => {
                        if let Some(w) = write.take() {
                            out.push(OrmWriteHold {
                                scope: id,
                                label: handle.label.clone(),
                                write: w,
                                end: e.range,
                            });
                        }
                    }
                    _ => {}
                }
            }
        }
    }
    out
}

/// The SQLAlchemy handles function `id` works on, as the code names them
/// (`session`, `self.session`, `conn`), each with whether it is an engine
/// connection rather than a session.
pub fn handle_labels(model: &Model<'_>, id: FuncId) -> Vec<(String, bool)> {
    if !uses_orm(model) {
        return Vec::new();
    }
    let b = bindings(model);
    let sync = Factories::of(model);
    handles(model, id, &b, &sync)
        .into_iter()
        .map(|h| (h.label, h.connection))
        .collect()
}

fn is_context_manager(model: &Model<'_>, id: FuncId) -> bool {
    let f = model.scopes.function(id);
    f.def.decorator_list.iter().any(|d| {
        model.resolve(&d.expression, f.parent).is_some_and(|q| {
            q == "contextlib.contextmanager" || q == "contextlib.asynccontextmanager"
        })
    })
}

fn is_helper(model: &Model<'_>, id: FuncId) -> bool {
    is_context_manager(model, id) && visit::contains_yield(&model.scopes.function(id).def.body)
}

/// The module's ORM write-transaction helpers: a context manager that opens a
/// session, yields it, and commits it after the `yield` (on a clean exit).
/// One that sends `BEGIN IMMEDIATE` itself is left out.
pub fn helpers(model: &Model<'_>) -> Vec<OrmHelper> {
    if !uses_orm(model) {
        return Vec::new();
    }
    let b = bindings(model);
    let sync = Factories::of(model);
    let mut out = Vec::new();
    for id in 0..model.scopes.functions.len() {
        if !is_helper(model, id) {
            continue;
        }
        let function = model.scopes.function(id);
        let source = model.slice(function.def.range()).to_ascii_uppercase();
        if source.contains("BEGIN IMMEDIATE") || source.contains("BEGIN EXCLUSIVE") {
            continue;
        }
        for handle in handles(model, id, &b, &sync) {
            let (Some(opened), Receiver::Name(name)) = (handle.opened, &handle.receiver) else {
                continue;
            };
            let mut yields = None;
            visit::any_node(&function.def.body, |node| {
                if let Node::Stmt(s @ Stmt::Expr(e)) = node {
                    if let Expr::Yield(y) = &*e.value {
                        if y.value.as_deref().is_some_and(
                            |v| matches!(v, Expr::Name(n) if n.id.as_str() == name.as_str()),
                        ) {
                            yields = Some(s.range());
                        }
                    }
                }
                false
            });
            let Some(yields) = yields else { continue };
            let commits = model.calls_in(Some(id)).any(|c| {
                c.range().start() > yields.end()
                    && on_handle(c, &handle)
                    && c.method_name() == Some("commit")
            });
            // `with factory.begin() as s:` commits when the block ends.
            let begins = model.slice(opened).contains(".begin(");
            if commits || begins {
                out.push(OrmHelper {
                    function: id,
                    opened,
                    yields,
                    is_async: function.is_async(),
                });
                break;
            }
        }
    }
    out
}

/// A block `with <call> as <name>:` (or `async with`) whose body reads then
/// writes through `<name>` with session statements, the call a possible
/// project helper: the first read and the first write after it that depends
/// on it.
pub fn helper_blocks(model: &Model<'_>) -> Vec<(FuncId, TextRange, TextRange, TextSize, TextSize)> {
    if !uses_orm(model) {
        return Vec::new();
    }
    let b = bindings(model);
    let sync = Factories::of(model);
    let autoflush = autoflush(model);
    let mut out = Vec::new();
    for a in &model.assignments {
        let (AssignKind::WithItem, Some(id), Target::Name(name), Expr::Call(call)) =
            (a.kind, a.scope, &a.target, a.value)
        else {
            continue;
        };
        if opens_handle(model, Some(id), a.value, &b, &sync).is_some() {
            continue;
        }
        let Stmt::With(with) = a.stmt else { continue };
        let handle = Handle {
            receiver: Receiver::Name(name.clone()),
            label: name.clone(),
            opened: Some(with.range()),
            within: with.range(),
            connection: false,
        };
        let (mut events, reads) = events(model, id, &handle);
        // Session statements, not a sqlite3 cursor's.
        if reads.is_empty()
            || !events
                .iter()
                .any(|e| matches!(e.op, OrmOp::Pending | OrmOp::Write | OrmOp::SetLoaded))
        {
            continue;
        }
        let orm_shaped = model.calls_in(Some(id)).any(|c| {
            on_handle(c, &handle)
                && with.range().contains_range(c.range())
                && c.method_name().is_some_and(|m| {
                    READ_METHODS.contains(&m) || PENDING_METHODS.contains(&m) || m == "flush"
                })
        }) || model.slice(with.range()).contains("select(");
        if !orm_shaped {
            continue;
        }
        let tainted = tainted_names(model, id, &reads);
        events.extend(attribute_sets(model, id, with.range(), &tainted));
        events.sort_by_key(|e| e.range.start());
        let found = scan(&events, autoflush, |r, w| {
            depends(model, id, r, w, &reads, &tainted, true)
        });
        if let Some((read, write, _)) = found.first() {
            out.push((id, with.range(), call.range(), read.start(), write.start()));
        }
    }
    out
}

/// Whether the module names a SQLite URL for SQLAlchemy (`sqlite:///`,
/// `sqlite+aiosqlite://`): evidence, where the engine's URL is a setting, that
/// its sessions run on SQLite.
pub fn names_sqlite_url(model: &Model<'_>) -> bool {
    ["sqlite:///", "sqlite+aiosqlite://", "sqlite+pysqlite://"]
        .iter()
        .any(|u| model.text.contains(u))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    /// The (read line, write line) of each hazard in `src`.
    fn hazard_lines(src: &str) -> Vec<(usize, usize)> {
        let parsed = ruff_python_parser::parse_module(src).unwrap();
        let model = Model::build(Path::new("m.py"), src, parsed.suite(), parsed.tokens());
        hazards(&model)
            .iter()
            .map(|h| {
                (
                    model.line_column(h.read.start()).0,
                    model.line_column(h.write.start()).0,
                )
            })
            .collect()
    }

    const HEAD: &str = "from sqlalchemy import select\nfrom sqlalchemy.ext.asyncio import async_sessionmaker, create_async_engine\nengine = create_async_engine('sqlite+aiosqlite:///a.db')\nSession = async_sessionmaker(engine)\n";

    #[test]
    fn two_step_lookup_then_an_argument_set_is_blind() {
        let src = format!(
            "{HEAD}async def f(job_id, status):\n    async with Session() as s:\n        result = await s.execute(select(Job).where(Job.id == job_id))\n        job = result.scalar_one_or_none()\n        if job is None:\n            raise KeyError(job_id)\n        job.status = status\n        await s.commit()\n"
        );
        assert_eq!(hazard_lines(&src), vec![]);
    }

    #[test]
    fn status_guard_then_a_constant_loses_nothing() {
        let src = format!(
            "{HEAD}async def f(job_id):\n    async with Session() as s:\n        result = await s.execute(select(Job).where(Job.id == job_id))\n        job = result.scalar_one_or_none()\n        if job.status != 'pending':\n            return\n        job.status = 'running'\n        await s.commit()\n"
        );
        assert_eq!(hazard_lines(&src), vec![]);
    }

    #[test]
    fn count_against_a_limit_then_insert_depends() {
        let src = format!(
            "{HEAD}async def f(slot, who):\n    async with Session() as s:\n        taken = await s.scalar(select(func.count()).where(Seat.slot == slot))\n        if taken >= 4:\n            raise ValueError(slot)\n        s.add(Seat(slot=slot, who=who))\n        await s.commit()\n"
        );
        assert_eq!(hazard_lines(&src), vec![(7, 10)]);
    }

    #[test]
    fn next_number_from_the_maximum_depends() {
        let src = format!(
            "{HEAD}async def f(text):\n    async with Session() as s:\n        top = await s.scalar(select(func.max(Note.seq)))\n        seq = (top or 0) + 1\n        s.add(Note(seq=seq, text=text))\n        await s.commit()\n"
        );
        assert_eq!(hazard_lines(&src), vec![(7, 9)]);
    }

    #[test]
    fn child_row_keyed_by_the_parent_is_blind() {
        let src = format!(
            "{HEAD}async def f(user_id, text):\n    async with Session() as s:\n        user = await s.get(User, user_id)\n        if user.banned:\n            raise PermissionError(user_id)\n        s.add(Post(user_id=user.id, author=user, text=text))\n        await s.commit()\n"
        );
        assert_eq!(hazard_lines(&src), vec![]);
    }

    #[test]
    fn loaded_counter_bumped_depends() {
        let src = format!(
            "{HEAD}async def f(item_id):\n    async with Session() as s:\n        item = await s.get(Item, item_id)\n        item.n += 1\n        await s.commit()\n"
        );
        assert_eq!(hazard_lines(&src), vec![(7, 8)]);
    }

    #[test]
    fn lookup_then_an_unrelated_row_is_blind() {
        let src = format!(
            "{HEAD}async def f(item_id, text):\n    async with Session() as s:\n        item = await s.get(Item, item_id)\n        if not item:\n            raise KeyError(item_id)\n        s.add(Comment(item_id=item_id, text=text))\n        await s.commit()\n        return item.title\n"
        );
        assert_eq!(hazard_lines(&src), vec![]);
    }
}
