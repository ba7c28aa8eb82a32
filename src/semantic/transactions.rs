//! Transactions on one connection inside one function, as Python's sqlite3 runs
//! them: which statements run inside a transaction, which one opened it, and what
//! is still open when the function returns.
//!
//! Legacy transaction control (`isolation_level` "", DEFERRED, IMMEDIATE or
//! EXCLUSIVE, the default) sends an implicit `BEGIN <mode>` only before
//! INSERT/UPDATE/DELETE/REPLACE; SELECT, DDL and PRAGMA run in autocommit (facts
//! 2-3). `isolation_level=None` never begins on its own. Python 3.12's
//! `autocommit=True` also makes `commit()`, `rollback()` and `with conn:` no-ops;
//! `autocommit=False` keeps a deferred transaction open at all times and reopens
//! it after `commit()` (F-autocommit). `with conn:` commits (or rolls back) at its end
//! and never closes (F-with-no-close); `executescript` commits a pending transaction first.
//!
//! The function body is interpreted abstractly, statement by statement, with the
//! set of states the transaction can be in: branches merge, loop bodies run twice
//! (the second time with the states of the back edge), `try` handlers start from
//! every state the body passes through, and `return`/`raise` leave through the
//! enclosing `with conn:` blocks and `finally` clauses.

use rustc_hash::FxHashMap as HashMap;

use ruff_python_ast::{self as ast, Expr, Stmt};
use ruff_text_size::{Ranged, TextRange};

use super::connections::{self, ConnKey, ConnSite, Driver, Holder};
use super::model::{Call, Callee, Model};
use super::project::ProjectView;
use super::read_dependence::ReadData;
use super::scopes::FuncId;
use super::sql::{BeginMode, SqlKind};
pub use super::summary_types::TxMode;
pub use super::visit::{loaded_names, scope_stmts};

mod handler_leaks;

/// The mode `sqlite3.connect(...)` / `aiosqlite.connect(...)` gives its connection.
pub fn mode_of_connect(model: &Model<'_>, call: &Call<'_>) -> TxMode {
    if call.has_star_args() {
        return TxMode::Unknown;
    }
    if let Some(value) = call.keyword("autocommit") {
        match value {
            Expr::BooleanLiteral(b) => {
                return if b.value {
                    TxMode::Autocommit
                } else {
                    TxMode::AlwaysOpen
                };
            }
            other
                if model.resolve(other, call.scope).as_deref()
                    == Some("sqlite3.LEGACY_TRANSACTION_CONTROL") => {}
            _ => return TxMode::Unknown,
        }
    }
    let isolation = if connections::is_aiosqlite_connect(call) {
        call.keyword("isolation_level")
    } else {
        call.argument(3, "isolation_level")
    };
    match isolation {
        None => TxMode::Legacy(BeginMode::Deferred),
        Some(value) => isolation_value(model, value, call.scope),
    }
}

/// The mode an `isolation_level` value selects: a literal, or a name whose value
/// is one (`isolation_level=TX_MODE` with `TX_MODE = "IMMEDIATE"` at module level).
fn isolation_value(model: &Model<'_>, value: &Expr, scope: Option<FuncId>) -> TxMode {
    let level = match value {
        Expr::NoneLiteral(_) => return TxMode::Manual,
        Expr::StringLiteral(s) => s.value.to_str().to_ascii_uppercase(),
        Expr::Name(_) => {
            match super::strings::string_value(model, value, scope, value.start())
                .and_then(|v| v.as_literal().map(str::to_ascii_uppercase))
            {
                Some(level) => level,
                None => return TxMode::Unknown,
            }
        }
        _ => return TxMode::Unknown,
    };
    match level.as_str() {
        "" | "DEFERRED" => TxMode::Legacy(BeginMode::Deferred),
        "IMMEDIATE" => TxMode::Legacy(BeginMode::Immediate),
        "EXCLUSIVE" => TxMode::Legacy(BeginMode::Exclusive),
        _ => TxMode::Unknown,
    }
}

/// The mode of a created connection: its creating call (or the project factory's),
/// then `conn.isolation_level = ...` / `conn.autocommit = ...` assignments.
pub fn mode_of_site(model: &Model<'_>, view: &ProjectView<'_>, site: &ConnSite<'_, '_>) -> TxMode {
    let base = match &site.driver {
        Driver::Sqlite3 | Driver::Aiosqlite => mode_of_connect(model, site.call),
        Driver::Factory(_) => view
            .function(model, site.call)
            .and_then(|(_, f)| f.factory.as_ref())
            .map_or(TxMode::Unknown, |f| f.tx_mode),
        // Every statement commits on its own until the caller sends BEGIN.
        Driver::Wrapper(_) => TxMode::Manual,
    };
    match connections::key_of(model, site) {
        Some(key) => assigned_mode(model, &key).unwrap_or(base),
        None => base,
    }
}

/// The last `conn.isolation_level = ...` or `conn.autocommit = ...` in the module.
fn assigned_mode(model: &Model<'_>, key: &ConnKey) -> Option<TxMode> {
    let aliases = connections::aliases(model, key);
    let mut mode = None;
    // Only the scopes that see a local connection can name it.
    for i in connections::assignment_candidates(model, key, &aliases) {
        let a = &model.assignments[i];
        let Expr::Attribute(attr) = a.target_expr else {
            continue;
        };
        if !connections::refers_to(model, key, &aliases, a.scope, &attr.value) {
            continue;
        }
        match attr.attr.as_str() {
            "isolation_level" => mode = Some(isolation_value(model, a.value, a.scope)),
            "autocommit" => {
                mode = Some(match a.value {
                    Expr::BooleanLiteral(b) if b.value => TxMode::Autocommit,
                    Expr::BooleanLiteral(_) => TxMode::AlwaysOpen,
                    _ => TxMode::Unknown,
                })
            }
            _ => {}
        }
    }
    mode
}

/// What one call (or the end of a `with conn:` block) does to the transaction.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Op {
    Begin(BeginMode),
    Read,
    Write,
    Ddl,
    /// `conn.commit()` (`method`) or `execute("COMMIT")`.
    Commit {
        method: bool,
    },
    Rollback {
        method: bool,
    },
    Close,
    /// `executescript`: commits a pending transaction, then runs its statements.
    Script(Vec<SqlKind>),
    /// `fetchone`/`fetchall`/`fetchmany`: reads rows of a statement already run.
    Fetch,
    /// The connection is handed to code this function does not see.
    Escape,
    /// SQL known only at run time, or a PRAGMA.
    Other,
    /// The end of a `with conn:` block: commit, or rollback on an exception.
    WithExit,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tx {
    /// The event that opened it; `None` when open as the function starts.
    pub start: Option<usize>,
    /// Opened by the code's own BEGIN (not Python's implicit one).
    pub explicit: bool,
    pub mode: BeginMode,
    /// The first read before any write in it.
    pub first_read: Option<usize>,
    pub first_write: Option<usize>,
    /// Still open inside this `except` handler (its range): the body raised
    /// after the transaction began.
    pub error_handler: Option<TextRange>,
}

impl Tx {
    /// Holds the write lock: it wrote, or began IMMEDIATE/EXCLUSIVE.
    pub fn holds_write_lock(&self) -> bool {
        self.first_write.is_some() || self.mode != BeginMode::Deferred
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TxState {
    Closed,
    Open(Tx),
    /// After the connection was handed to unknown code.
    Unknown,
}

impl TxState {
    pub fn open(&self) -> Option<&Tx> {
        match self {
            TxState::Open(tx) => Some(tx),
            _ => None,
        }
    }
}

#[derive(Debug, Clone)]
pub struct Event<'m, 'a> {
    pub op: Op,
    /// The call, or the `with` statement for [`Op::WithExit`].
    pub range: TextRange,
    pub call: Option<&'m Call<'a>>,
    /// The innermost statement holding it (the `with` for [`Op::WithExit`]).
    pub stmt: &'a Stmt,
    /// Every state this event can meet.
    pub before: Vec<TxState>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExitKind {
    Return,
    Raise,
    End,
}

#[derive(Debug, Clone)]
pub struct Exit<'a> {
    pub kind: ExitKind,
    /// The `return`/`raise` statement; `None` for falling off the end.
    pub stmt: Option<&'a Stmt>,
    pub states: Vec<TxState>,
}

/// One connection's transactions in one function.
#[derive(Debug)]
pub struct Flow<'m, 'a> {
    pub key: ConnKey,
    /// How the code names it: `conn`, `self.conn`.
    pub label: String,
    pub mode: TxMode,
    pub scope: FuncId,
    /// Where it was created, when that is in this module.
    pub site: Option<&'m ConnSite<'m, 'a>>,
    pub events: Vec<Event<'m, 'a>>,
    pub exits: Vec<Exit<'a>>,
    /// The states right before each call of the function (by the call's range).
    pub at_call: HashMap<TextRange, Vec<TxState>>,
    /// `with` statements whose end commits this connection.
    pub with_blocks: Vec<&'a ast::StmtWith>,
}

impl<'m, 'a> Flow<'m, 'a> {
    pub fn event_at(&self, range: TextRange) -> Option<usize> {
        self.events.iter().position(|e| e.range == range)
    }

    /// Events that end the transaction opened by `start`.
    pub fn closers(&self, start: Option<usize>) -> Vec<usize> {
        (0..self.events.len())
            .filter(|&i| {
                let e = &self.events[i];
                matches!(
                    e.op,
                    Op::Commit { .. }
                        | Op::Rollback { .. }
                        | Op::Close
                        | Op::WithExit
                        | Op::Script(_)
                ) && e
                    .before
                    .iter()
                    .any(|s| s.open().is_some_and(|t| t.start == start))
                    && transition(self.mode, &e.op, i, e.before_open(start))
                        .open()
                        .is_none_or(|t| t.start != start)
            })
            .collect()
    }

    /// Exits of the function where the transaction opened by `start` may still be open.
    pub fn open_exits(&self, start: Option<usize>) -> Vec<&Exit<'a>> {
        self.exits
            .iter()
            .filter(|x| {
                x.states
                    .iter()
                    .any(|s| s.open().is_some_and(|t| t.start == start))
            })
            .collect()
    }

    /// Like [`Flow::open_exits`], leaving out paths through an `except` handler.
    pub fn open_exits_normal(&self, start: Option<usize>) -> Vec<&Exit<'a>> {
        self.exits
            .iter()
            .filter(|x| {
                x.kind != ExitKind::Raise
                    && x.states.iter().any(|s| {
                        s.open()
                            .is_some_and(|t| t.start == start && t.error_handler.is_none())
                    })
            })
            .collect()
    }

    /// The transactions the function opens (or finds open), each once.
    pub fn transactions(&self) -> Vec<Tx> {
        let mut out: Vec<Tx> = Vec::new();
        let all = self
            .events
            .iter()
            .flat_map(|e| e.before.iter())
            .chain(self.exits.iter().flat_map(|x| x.states.iter()));
        for state in all {
            if let TxState::Open(tx) = state {
                if let Some(existing) = out.iter_mut().find(|t| t.start == tx.start) {
                    existing.first_read = existing.first_read.or(tx.first_read);
                    existing.first_write = match (existing.first_write, tx.first_write) {
                        (Some(a), Some(b)) => Some(a.min(b)),
                        (a, b) => a.or(b),
                    };
                } else {
                    out.push(*tx);
                }
            }
        }
        out
    }

    /// States at a call of the function (empty when it is not reached).
    pub fn states_at(&self, range: TextRange) -> &[TxState] {
        self.at_call.get(&range).map_or(&[], Vec::as_slice)
    }
}

impl Event<'_, '_> {
    fn before_open(&self, start: Option<usize>) -> TxState {
        self.before
            .iter()
            .copied()
            .find(|s| s.open().is_some_and(|t| t.start == start))
            .unwrap_or(TxState::Closed)
    }
}

/// What `op` (event `index`) does to one state.
pub fn transition(mode: TxMode, op: &Op, index: usize, state: TxState) -> TxState {
    let fresh = |start: Option<usize>, explicit: bool, m: BeginMode| {
        TxState::Open(Tx {
            start,
            explicit,
            mode: m,
            first_read: None,
            first_write: None,
            error_handler: None,
        })
    };
    match op {
        Op::Begin(m) => fresh(Some(index), true, *m),
        Op::Read => match state {
            TxState::Open(mut tx) => {
                if tx.first_read.is_none() && tx.first_write.is_none() {
                    tx.first_read = Some(index);
                }
                TxState::Open(tx)
            }
            other => other,
        },
        Op::Write => match state {
            TxState::Open(mut tx) => {
                tx.first_write.get_or_insert(index);
                TxState::Open(tx)
            }
            TxState::Closed => match mode {
                TxMode::Legacy(m) => implicit_write(index, m),
                TxMode::Unknown => implicit_write(index, BeginMode::Deferred),
                TxMode::AlwaysOpen => implicit_write(index, BeginMode::Deferred),
                TxMode::Manual | TxMode::Autocommit => TxState::Closed,
            },
            TxState::Unknown => TxState::Unknown,
        },
        Op::Ddl => match state {
            TxState::Open(mut tx) => {
                tx.first_write.get_or_insert(index);
                TxState::Open(tx)
            }
            other => other,
        },
        Op::Commit { method: true } | Op::Rollback { method: true } | Op::WithExit => match mode {
            TxMode::Autocommit => state,
            TxMode::AlwaysOpen => fresh(Some(index), false, BeginMode::Deferred),
            _ => TxState::Closed,
        },
        Op::Commit { method: false } | Op::Rollback { method: false } | Op::Close => {
            TxState::Closed
        }
        Op::Script(kinds) => {
            let mut state = match (mode, state) {
                (TxMode::Legacy(_) | TxMode::Unknown, TxState::Open(_)) => TxState::Closed,
                (_, s) => s,
            };
            for kind in kinds {
                state = match kind {
                    SqlKind::Begin(m) => fresh(Some(index), true, *m),
                    SqlKind::Commit | SqlKind::Rollback => TxState::Closed,
                    SqlKind::Write | SqlKind::Ddl => match state {
                        TxState::Open(mut tx) => {
                            tx.first_write.get_or_insert(index);
                            TxState::Open(tx)
                        }
                        other => other,
                    },
                    _ => state,
                };
            }
            state
        }
        Op::Escape => match state {
            TxState::Open(_) => TxState::Unknown,
            other => other,
        },
        Op::Fetch | Op::Other => state,
    }
}

fn implicit_write(index: usize, mode: BeginMode) -> TxState {
    TxState::Open(Tx {
        start: Some(index),
        explicit: false,
        mode,
        first_read: None,
        first_write: Some(index),
        error_handler: None,
    })
}

/// Calls known to use a connection they are handed without keeping it.
const BORROWING_CALLS: &[&str] = &["contextlib.closing"];
const READING_CALLS: &[&str] = &[
    "pandas.read_sql",
    "pandas.read_sql_query",
    "pandas.read_sql_table",
];

/// What every function using one connection variable shares: computed once per
/// module, since alias and use lookups walk the whole module.
struct KeyInfo<'m, 'a> {
    key: ConnKey,
    label: String,
    mode: TxMode,
    site: Option<&'m ConnSite<'m, 'a>>,
    aliases: Vec<(Option<FuncId>, String)>,
    uses: Vec<&'m Call<'a>>,
    passed: Vec<&'m Call<'a>>,
}

impl<'m, 'a> KeyInfo<'m, 'a> {
    fn new(
        model: &'m Model<'a>,
        key: ConnKey,
        label: String,
        mode: TxMode,
        site: Option<&'m ConnSite<'m, 'a>>,
    ) -> Self {
        KeyInfo {
            aliases: connections::aliases(model, &key),
            uses: connections::uses(model, &key),
            passed: connections::passed_to(model, &key)
                .into_iter()
                .map(|(c, _)| c)
                .collect(),
            key,
            label,
            mode,
            site,
        }
    }

    /// The functions that use it directly.
    fn scopes(&self) -> Vec<FuncId> {
        let mut out: Vec<FuncId> = Vec::new();
        if let ConnKey::Local { scope: Some(s), .. } = self.key {
            out.push(s);
        }
        for call in self.uses.iter().chain(self.passed.iter()) {
            if let Some(s) = call.scope {
                if !out.contains(&s) {
                    out.push(s);
                }
            }
        }
        out
    }
}

/// Methods whose call on a parameter marks it as a connection worth following.
const SQL_METHODS: &[&str] = &["execute", "executemany", "executescript"];

/// Every connection flow of every function of the module: connections the
/// functions create, module-level and `self` connections they use, and
/// parameters they run SQL on.
pub fn module_flows<'m, 'a>(
    model: &'m Model<'a>,
    view: &ProjectView<'_>,
    sites: &'m [ConnSite<'m, 'a>],
) -> Vec<Flow<'m, 'a>> {
    let mut calls_by_scope: HashMap<FuncId, Vec<&'m Call<'a>>> = HashMap::default();
    for call in &model.calls {
        if let Some(scope) = call.scope {
            calls_by_scope.entry(scope).or_default().push(call);
        }
    }
    let mut infos: Vec<KeyInfo<'m, 'a>> = Vec::new();
    // The keys of `infos`: asked per site and per parameter, a scan of `infos`
    // was quadratic in the module's length.
    let mut known: rustc_hash::FxHashSet<ConnKey> = rustc_hash::FxHashSet::default();
    for site in sites {
        let Some(key) = connections::key_of(model, site) else {
            continue;
        };
        if !known.insert(key.clone()) {
            continue;
        }
        let label = match &key {
            ConnKey::Local { name, .. } | ConnKey::Global { name } => name.clone(),
            ConnKey::SelfAttr { attr, .. } => format!("self.{attr}"),
        };
        let mode = mode_of_site(model, view, site);
        infos.push(KeyInfo::new(model, key, label, mode, Some(site)));
    }
    let mut param_mode: Option<TxMode> = None;
    for (scope, function) in model.scopes.functions.iter().enumerate() {
        let calls = calls_by_scope.get(&scope).map_or(&[][..], Vec::as_slice);
        for param in function.parameter_names() {
            let key = ConnKey::Local {
                scope: Some(scope),
                name: param.to_string(),
            };
            // Cheap test first: does the function call `param.execute(...)`?
            let called = calls.iter().any(|c| {
                matches!(&c.callee, Callee::Method { receiver: super::model::Receiver::Name(r), name } if r == param && SQL_METHODS.contains(&name.as_str()))
            });
            if !called || known.contains(&key) {
                continue;
            }
            // A sync function's connection parameter: the project's factories say
            // how it was opened. An async one may hold an async driver's connection,
            // which no sqlite3 mode describes.
            // Only when the function commits on it itself: a function that leaves
            // the commit to its caller runs inside the caller's transaction.
            let commits = calls.iter().any(|c| {
                matches!(&c.callee, Callee::Method { receiver: super::model::Receiver::Name(r), name } if r == param && name == "commit")
            });
            let mode = if function.def.is_async || !commits {
                TxMode::Unknown
            } else {
                *param_mode.get_or_insert_with(|| view.common_factory_mode())
            };
            let info = KeyInfo::new(model, key, param.to_string(), mode, None);
            let runs_sql = info.uses.iter().any(|c| {
                c.scope == Some(scope)
                    && connections::sql_of(model, c).is_some_and(|(kinds, _)| {
                        kinds
                            .iter()
                            .any(|k| !matches!(k, SqlKind::Other | SqlKind::Unknown))
                    })
            });
            if runs_sql {
                known.insert(info.key.clone());
                infos.push(info);
            }
        }
    }
    let mut out = Vec::new();
    for info in &infos {
        let users = info.scopes();
        for &scope in &users {
            let class_ok = match &info.key {
                ConnKey::SelfAttr { class, .. } => {
                    model.scopes.enclosing_class(Some(scope)) == Some(*class)
                }
                _ => true,
            };
            if !class_ok {
                continue;
            }
            let calls = calls_by_scope.get(&scope).map_or(&[][..], Vec::as_slice);
            out.extend(flow(model, scope, info, &users, calls));
        }
    }
    // In function order: `Context::flows_of` finds a function's flows by bisection.
    out.sort_by_key(|f| f.scope);
    out
}

/// Flows of connections a coroutine reaches through an attribute path of
/// another object (`await self.bot.db.execute(...)`, `await app.db.execute(...)`):
/// one per path and coroutine, like a parameter's (the path is its own alias, so
/// cursors made from it follow). Only paths every SQL call of the coroutine
/// awaits, as an async driver's connection is used; which driver it is (and
/// whether the project uses one) is the caller's question.
pub fn path_flows<'m, 'a>(model: &'m Model<'a>) -> Vec<Flow<'m, 'a>> {
    attribute_flows(model, true)
}

/// The sync counterpart of [`path_flows`]: a plain function that runs SQL on
/// a connection kept by an object it was handed (`def save(app, row):
/// app.db.execute(...)`, the application object carrying the process's one
/// connection). Only paths rooted at one of the function's parameters, none
/// of whose SQL calls is awaited; the object's connection outlives the call,
/// so what the function leaves open stays open for its caller.
pub fn handed_path_flows<'m, 'a>(model: &'m Model<'a>) -> Vec<Flow<'m, 'a>> {
    attribute_flows(model, false)
}

fn attribute_flows<'m, 'a>(model: &'m Model<'a>, asynchronous: bool) -> Vec<Flow<'m, 'a>> {
    let mut out = Vec::new();
    let mut seen: rustc_hash::FxHashSet<(FuncId, String)> = rustc_hash::FxHashSet::default();
    for call in &model.calls {
        let Some(scope) = call.scope else { continue };
        let function = model.scopes.function(scope);
        if call.in_lambda || function.is_async() != asynchronous {
            continue;
        }
        let Some(method) = super::methods::method(call) else {
            continue;
        };
        if !SQL_METHODS.contains(&method) {
            continue;
        }
        let Expr::Attribute(func) = &*call.expr.func else {
            continue;
        };
        let Some(path) = attribute_path(model, &func.value) else {
            continue;
        };
        if !asynchronous
            && !path
                .split('.')
                .next()
                .is_some_and(|root| root != "self" && function.has_parameter(root))
        {
            continue;
        }
        if !seen.insert((scope, path.clone())) {
            continue;
        }
        let key = ConnKey::Local {
            scope: Some(scope),
            name: path.clone(),
        };
        let info = KeyInfo::new(model, key, path, TxMode::Unknown, None);
        let own: Vec<&Call<'a>> = info
            .uses
            .iter()
            .copied()
            .filter(|c| c.scope == Some(scope) && !c.in_lambda)
            .collect();
        let sql: Vec<&Call<'a>> = own
            .iter()
            .copied()
            .filter(|c| connections::sql_of(model, c).is_some())
            .collect();
        let runs_sql = sql.iter().any(|c| {
            connections::sql_of(model, c).is_some_and(|(kinds, _)| {
                kinds
                    .iter()
                    .any(|k| !matches!(k, SqlKind::Other | SqlKind::Unknown))
            })
        });
        if !runs_sql || !sql.iter().all(|c| awaited_call(c) == asynchronous) {
            continue;
        }
        let calls: Vec<&'m Call<'a>> = model.calls_in(Some(scope)).collect();
        out.extend(flow(model, scope, &info, &[scope], &calls));
    }
    out.sort_by_key(|f| f.scope);
    out
}

/// A flow of [`path_flows`]: its key is a dotted path.
pub fn is_path_flow(flow: &Flow<'_, '_>) -> bool {
    matches!(&flow.key, ConnKey::Local { name, .. } if name.contains('.'))
}

/// `await x.execute(...)`, also as `async with x.execute(...) as cur:` or
/// `await (await x.execute(...)).fetchall()`.
pub fn awaited_call(call: &Call<'_>) -> bool {
    call.is_awaited()
        || matches!(call.stmt, Stmt::With(w) if w.is_async
            && w.items.iter().any(|i| i.context_expr.range() == call.range()))
}

/// `self.bot.db`, `app.state.db`: a dotted path of at least two attributes
/// below a local name (or one below a name other than `self`), which the
/// model's keys do not name. Not `self.<attr>` (a key of its own), nor a path
/// through an imported module.
fn attribute_path(model: &Model<'_>, expr: &Expr) -> Option<String> {
    let mut depth = 0;
    let mut at = expr;
    while let Expr::Attribute(a) = at {
        depth += 1;
        at = &a.value;
    }
    let Expr::Name(root) = at else { return None };
    let root = root.id.as_str();
    if depth == 0 || (root == "self" && depth < 2) {
        return None;
    }
    if root != "self"
        && model
            .imports
            .iter()
            .any(|i| i.is_module_import && i.local == root)
    {
        return None;
    }
    Some(model.slice(expr.range()).to_string()).filter(|p| {
        p.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '.')
    })
}

/// The connection flows of one function (see [`module_flows`]).
pub fn flows_in<'m, 'a>(
    model: &'m Model<'a>,
    view: &ProjectView<'_>,
    sites: &'m [ConnSite<'m, 'a>],
    scope: FuncId,
) -> Vec<Flow<'m, 'a>> {
    module_flows(model, view, sites)
        .into_iter()
        .filter(|f| f.scope == scope)
        .collect()
}

fn flow<'m, 'a>(
    model: &'m Model<'a>,
    scope: FuncId,
    info: &KeyInfo<'m, 'a>,
    users: &[FuncId],
    calls: &[&'m Call<'a>],
) -> Option<Flow<'m, 'a>> {
    let function = model.scopes.function(scope);
    let body: &'a [Stmt] = &function.def.body;
    let key = info.key.clone();
    let (label, mode, site) = (info.label.clone(), info.mode, info.site);
    let aliases = &info.aliases;
    let mut events: Vec<Event<'m, 'a>> = Vec::new();
    for &call in &info.uses {
        if call.scope != Some(scope) || call.in_lambda {
            continue;
        }
        if let Some(op) = op_of(model, call) {
            events.push(Event {
                op,
                range: call.range(),
                call: Some(call),
                stmt: call.stmt,
                before: Vec::new(),
            });
        }
    }
    for &call in &info.passed {
        if call.scope != Some(scope)
            || call.in_lambda
            || events.iter().any(|e| e.range == call.range())
        {
            continue;
        }
        let op = match call.qualified() {
            Some(q) if BORROWING_CALLS.contains(&q) => continue,
            Some(q) if READING_CALLS.contains(&q) => Op::Read,
            _ => Op::Escape,
        };
        events.push(Event {
            op,
            range: call.range(),
            call: Some(call),
            stmt: call.stmt,
            before: Vec::new(),
        });
    }
    // Functions of this module that use the same shared connection may commit it.
    if matches!(key, ConnKey::Global { .. } | ConnKey::SelfAttr { .. }) {
        let class = model.scopes.enclosing_class(Some(scope));
        for &call in calls {
            let target = match &call.callee {
                Callee::Local(name) => model.scopes.module_function(name),
                Callee::SelfMethod(name) => class.and_then(|c| model.scopes.method(c, name)),
                _ => None,
            };
            let uses_key = target.is_some_and(|t| t != scope && users.contains(&t));
            if uses_key && !call.in_lambda && !events.iter().any(|e| e.range == call.range()) {
                events.push(Event {
                    op: Op::Escape,
                    range: call.range(),
                    call: Some(call),
                    stmt: call.stmt,
                    before: Vec::new(),
                });
            }
        }
    }
    // `with conn:` blocks, and the `with` that creates the connection.
    let mut with_blocks = Vec::new();
    let mut with_events: HashMap<TextRange, (usize, bool)> = HashMap::default();
    for stmt in scope_stmts(body) {
        let Stmt::With(with) = stmt else {
            continue;
        };
        for item in &with.items {
            let expr = &item.context_expr;
            let names_it = connections::refers_to(model, &key, aliases, Some(scope), expr);
            let creates_it = site.is_some_and(|s| {
                matches!(s.holder, Holder::WithItem { .. })
                    && s.stmt().range() == with.range
                    && s.outer == expr.range()
            });
            if !(names_it || creates_it) {
                continue;
            }
            // `async with aiosqlite.connect(..)` and `closing(..)` close without
            // committing (F-aiosqlite-close); a sync connection as context manager commits.
            let closing = creates_it
                && (with.is_async
                    || site.is_some_and(|s| s.outer != s.call.range())
                    || site.is_some_and(|s| s.driver == Driver::Aiosqlite));
            let op = if with.is_async || closing {
                Op::Close
            } else {
                with_blocks.push(with);
                Op::WithExit
            };
            if with_events.contains_key(&with.range) {
                // `with closing(connect()) as conn, conn:` commits then closes:
                // the commit is what the body's end sees first.
                if op == Op::WithExit {
                    let (i, _) = with_events[&with.range];
                    events[i].op = Op::WithExit;
                }
                continue;
            }
            with_events.insert(with.range, (events.len(), op == Op::WithExit));
            events.push(Event {
                op,
                range: with.range,
                call: None,
                stmt,
                before: Vec::new(),
            });
        }
    }
    if events.is_empty() {
        return None;
    }
    // Source order; calls within one statement in the order Python runs them
    // (arguments and receivers finish first).
    events.sort_by_key(|e| (e.range.end(), e.range.start()));
    let mut calls_by_stmt: HashMap<TextRange, Vec<&'m Call<'a>>> = HashMap::default();
    for call in model.calls_in(Some(scope)) {
        if !call.in_lambda {
            calls_by_stmt
                .entry(call.stmt.range())
                .or_default()
                .push(call);
        }
    }
    for calls in calls_by_stmt.values_mut() {
        calls.sort_by_key(|c| (c.range().end(), c.range().start()));
    }
    let event_at: HashMap<TextRange, usize> = events
        .iter()
        .enumerate()
        .filter(|(_, e)| e.call.is_some())
        .map(|(i, e)| (e.range, i))
        .collect();
    let with_at: HashMap<TextRange, usize> = events
        .iter()
        .enumerate()
        .filter(|(_, e)| e.call.is_none())
        .map(|(i, e)| (e.range, i))
        .collect();
    let initial = if mode == TxMode::AlwaysOpen {
        TxState::Open(Tx {
            start: None,
            explicit: false,
            mode: BeginMode::Deferred,
            first_read: None,
            first_write: None,
            error_handler: None,
        })
    } else {
        TxState::Closed
    };
    let mut interp = Interp {
        mode,
        events,
        event_at,
        with_at,
        calls_by_stmt,
        at_call: HashMap::default(),
        exits: Vec::new(),
        loops: Vec::new(),
        unwind: Vec::new(),
        tries: Vec::new(),
        guarded: 0,
    };
    let end = interp.block(body, vec![initial]);
    interp.leave(ExitKind::End, None, end);
    Some(Flow {
        key,
        label,
        mode,
        scope,
        site,
        events: interp.events,
        exits: interp.exits,
        at_call: interp.at_call,
        with_blocks,
    })
}

/// What a call on the connection (or one of its cursors) does.
fn op_of(model: &Model<'_>, call: &Call<'_>) -> Option<Op> {
    let Callee::Method { name, .. } = &call.callee else {
        return None;
    };
    Some(match name.as_str() {
        "execute" | "executemany" => match connections::sql_of(model, call) {
            Some((kinds, _)) => match kinds.first() {
                Some(SqlKind::Read) => Op::Read,
                Some(SqlKind::Write) => Op::Write,
                Some(SqlKind::Ddl) => Op::Ddl,
                Some(SqlKind::Begin(mode)) => Op::Begin(*mode),
                Some(SqlKind::Commit) => Op::Commit { method: false },
                Some(SqlKind::Rollback) => Op::Rollback { method: false },
                _ => Op::Other,
            },
            None => Op::Other,
        },
        "executescript" => match connections::sql_of(model, call) {
            Some((kinds, _)) => Op::Script(kinds),
            None => Op::Script(vec![SqlKind::Unknown]),
        },
        "commit" => Op::Commit { method: true },
        "rollback" => Op::Rollback { method: true },
        "close" => Op::Close,
        "fetchone" | "fetchall" | "fetchmany" => Op::Fetch,
        _ => return None,
    })
}

type States = Vec<TxState>;

fn merge(into: &mut States, from: &[TxState]) {
    for s in from {
        if !into.contains(s) {
            into.push(*s);
        }
    }
}

#[derive(Default)]
struct LoopCtx {
    breaks: States,
    continues: States,
}

enum Unwind<'a> {
    /// A `with conn:` block: its exit event.
    With(usize),
    Finally(&'a [Stmt]),
}

struct Interp<'m, 'a> {
    mode: TxMode,
    events: Vec<Event<'m, 'a>>,
    event_at: HashMap<TextRange, usize>,
    with_at: HashMap<TextRange, usize>,
    calls_by_stmt: HashMap<TextRange, Vec<&'m Call<'a>>>,
    at_call: HashMap<TextRange, States>,
    exits: Vec<Exit<'a>>,
    loops: Vec<LoopCtx>,
    unwind: Vec<Unwind<'a>>,
    /// States seen inside each enclosing `try` body, for its handlers.
    tries: Vec<States>,
    /// Inside a `try` body with handlers: a `raise` there may be caught.
    guarded: usize,
}

impl<'m, 'a> Interp<'m, 'a> {
    fn block(&mut self, stmts: &'a [Stmt], mut states: States) -> States {
        for stmt in stmts {
            if states.is_empty() {
                break;
            }
            states = self.stmt(stmt, states);
        }
        states
    }

    fn apply(&mut self, index: usize, states: States) -> States {
        merge(&mut self.events[index].before, &states);
        let op = self.events[index].op.clone();
        let mut out = Vec::new();
        for s in states {
            let next = transition(self.mode, &op, index, s);
            if !out.contains(&next) {
                out.push(next);
            }
        }
        out
    }

    /// The calls a statement makes itself (its header, for compound statements).
    fn header(&mut self, stmt: &'a Stmt, mut states: States) -> States {
        let calls = self
            .calls_by_stmt
            .get(&stmt.range())
            .cloned()
            .unwrap_or_default();
        for call in calls {
            merge(self.at_call.entry(call.range()).or_default(), &states);
            if let Some(&index) = self.event_at.get(&call.range()) {
                states = self.apply(index, states);
                if let Some(seen) = self.tries.last_mut() {
                    merge(seen, &states);
                }
            }
        }
        states
    }

    fn stmt(&mut self, stmt: &'a Stmt, states: States) -> States {
        if let Some(seen) = self.tries.last_mut() {
            merge(seen, &states);
        }
        match stmt {
            Stmt::FunctionDef(_) | Stmt::ClassDef(_) => states,
            Stmt::If(s) => {
                let states = self.header(stmt, states);
                let mut out = self.block(&s.body, states.clone());
                let mut has_else = false;
                for clause in &s.elif_else_clauses {
                    has_else |= clause.test.is_none();
                    let branch = self.block(&clause.body, states.clone());
                    merge(&mut out, &branch);
                }
                if !has_else {
                    merge(&mut out, &states);
                }
                out
            }
            Stmt::Match(s) => {
                let states = self.header(stmt, states);
                let mut out = states.clone();
                for case in &s.cases {
                    let branch = self.block(&case.body, states.clone());
                    merge(&mut out, &branch);
                }
                out
            }
            Stmt::For(s) => {
                let states = self.header(stmt, states);
                self.repeat(&s.body, &s.orelse, states)
            }
            Stmt::While(s) => {
                let states = self.header(stmt, states);
                self.repeat(&s.body, &s.orelse, states)
            }
            Stmt::With(s) => {
                let states = self.header(stmt, states);
                let exit = self.with_at.get(&s.range).copied();
                if let Some(index) = exit {
                    self.unwind.push(Unwind::With(index));
                }
                let out = self.block(&s.body, states);
                match exit {
                    Some(index) => {
                        self.unwind.pop();
                        if out.is_empty() {
                            out
                        } else {
                            self.apply(index, out)
                        }
                    }
                    None => out,
                }
            }
            Stmt::Try(s) => {
                if !s.finalbody.is_empty() {
                    self.unwind.push(Unwind::Finally(&s.finalbody));
                }
                let handled = !s.handlers.is_empty();
                self.tries.push(states.clone());
                if handled {
                    self.guarded += 1;
                }
                let body = self.block(&s.body, states);
                if handled {
                    self.guarded -= 1;
                }
                let seen = self.tries.pop().unwrap_or_default();
                if let Some(outer) = self.tries.last_mut() {
                    merge(outer, &seen);
                }
                let mut out = self.block(&s.orelse, body);
                for handler in &s.handlers {
                    let ast::ExceptHandler::ExceptHandler(h) = handler;
                    let entry: States = seen
                        .iter()
                        .map(|state| match state {
                            TxState::Open(tx) => TxState::Open(Tx {
                                error_handler: Some(h.range),
                                ..*tx
                            }),
                            other => *other,
                        })
                        .collect();
                    let branch = self.block(&h.body, entry);
                    merge(&mut out, &branch);
                }
                if !s.finalbody.is_empty() {
                    self.unwind.pop();
                    if !out.is_empty() {
                        out = self.block(&s.finalbody, out);
                    }
                }
                out
            }
            Stmt::Return(_) => {
                let states = self.header(stmt, states);
                self.leave(ExitKind::Return, Some(stmt), states);
                Vec::new()
            }
            Stmt::Raise(_) => {
                let states = self.header(stmt, states);
                if self.guarded == 0 {
                    self.leave(ExitKind::Raise, Some(stmt), states);
                }
                Vec::new()
            }
            Stmt::Break(_) => {
                if let Some(ctx) = self.loops.last_mut() {
                    merge(&mut ctx.breaks, &states);
                }
                Vec::new()
            }
            Stmt::Continue(_) => {
                if let Some(ctx) = self.loops.last_mut() {
                    merge(&mut ctx.continues, &states);
                }
                Vec::new()
            }
            _ => self.header(stmt, states),
        }
    }

    /// A loop body run twice: the second time from the back edge's states too.
    fn repeat(&mut self, body: &'a [Stmt], orelse: &'a [Stmt], entry: States) -> States {
        self.loops.push(LoopCtx::default());
        let first = self.block(body, entry.clone());
        let mut again = entry;
        merge(&mut again, &first);
        let continues = self
            .loops
            .last()
            .map(|c| c.continues.clone())
            .unwrap_or_default();
        merge(&mut again, &continues);
        let second = self.block(body, again.clone());
        let ctx = self.loops.pop().unwrap_or_default();
        let mut after = again;
        merge(&mut after, &second);
        merge(&mut after, &ctx.continues);
        let mut out = self.block(orelse, after);
        merge(&mut out, &ctx.breaks);
        out
    }

    /// Leaves the function through the enclosing `with conn:` blocks and `finally`s.
    fn leave(&mut self, kind: ExitKind, stmt: Option<&'a Stmt>, mut states: States) {
        let saved = std::mem::take(&mut self.unwind);
        for (depth, unwind) in saved.iter().enumerate().rev() {
            if states.is_empty() {
                break;
            }
            match unwind {
                Unwind::With(index) => states = self.apply(*index, states),
                Unwind::Finally(body) => {
                    // The finally body runs with only the blocks outside it.
                    self.unwind = saved[..depth].iter().map(Unwind::copy).collect();
                    states = self.block(body, states);
                    self.unwind.clear();
                }
            }
        }
        self.unwind = saved;
        if !states.is_empty() {
            self.exits.push(Exit { kind, stmt, states });
        }
    }
}

impl Unwind<'_> {
    fn copy(&self) -> Self {
        match self {
            Unwind::With(i) => Unwind::With(*i),
            Unwind::Finally(b) => Unwind::Finally(b),
        }
    }
}

/// How a transaction on a long-lived connection can stay open after an error.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LeakKind {
    /// This `except` handler (its range) carries on, or re-raises, without
    /// rolling back.
    Handler(TextRange),
    /// No `try` around it: this call can raise while the write lock is held.
    Unguarded(TextRange),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Leak {
    pub start: Option<usize>,
    pub first_write: usize,
    pub kind: LeakKind,
}

/// Calls that do not fail in practice; they do not make a transaction risky.
/// `uuid.uuid4()` takes no input (docs/sqlite-facts.md#F-quiet-calls), and the
/// clocks read the time.
const QUIET_CALLS: &[&str] = &[
    "builtins.print",
    "builtins.len",
    "builtins.isinstance",
    "time.time",
    "time.monotonic",
    "time.perf_counter",
    "uuid.uuid4",
    "uuid.uuid1",
    "datetime.datetime.now",
    "datetime.datetime.utcnow",
    "datetime.date.today",
];

/// String methods that accept every `str` and `bytes` value when called with
/// no argument or only literal ones (docs/sqlite-facts.md#F-quiet-calls): they
/// fail only on a value of another type, a programming error rather than a
/// condition of the data (`line.strip()` on a line read from a file).
const QUIET_STRING_METHODS: &[&str] = &[
    "strip",
    "lstrip",
    "rstrip",
    "lower",
    "upper",
    "casefold",
    "title",
    "split",
    "rsplit",
    "splitlines",
    "startswith",
    "endswith",
    "isdigit",
    "isalpha",
    "isalnum",
    "isspace",
];
const LOG_METHODS: &[&str] = &[
    "debug",
    "info",
    "warning",
    "warn",
    "error",
    "exception",
    "critical",
];

/// Transactions on a module-level or `self` connection that an exception can
/// leave open: the write lock stays held and the next commit on the shared
/// connection commits the half-done work (hazard 7B).
pub fn leaks_on_error(model: &Model<'_>, flow: &Flow<'_, '_>) -> Vec<Leak> {
    if !matches!(flow.key, ConnKey::Global { .. } | ConnKey::SelfAttr { .. })
        || matches!(flow.mode, TxMode::Autocommit | TxMode::Unknown)
    {
        return Vec::new();
    }
    let mut out: Vec<Leak> = Vec::new();
    // Through a handler that neither rolls back nor commits.
    for exit in &flow.exits {
        for state in &exit.states {
            let Some(tx) = state.open() else { continue };
            let (Some(handler), Some(first_write)) = (tx.error_handler, tx.first_write) else {
                continue;
            };
            if handler_leaks::handler_holds_nothing(model, flow, tx, handler) {
                continue;
            }
            let leak = Leak {
                start: tx.start,
                first_write,
                kind: LeakKind::Handler(handler),
            };
            if !out.contains(&leak) {
                out.push(leak);
            }
        }
    }
    // No try at all: a call that can raise while the lock is held.
    let function = model.scopes.function(flow.scope);
    // A `finally` that only logs or times lets the exception leave with the
    // transaction open, as if there were no `try`; one that ends it (or hands the
    // connection to code that may) guards the body.
    let finally_ends = |t: &ast::StmtTry| {
        let (Some(first), Some(last)) = (t.finalbody.first(), t.finalbody.last()) else {
            return false;
        };
        let range = TextRange::new(first.start(), last.end());
        flow.events.iter().any(|e| {
            range.contains_range(e.range)
                && matches!(
                    e.op,
                    Op::Commit { .. }
                        | Op::Rollback { .. }
                        | Op::Close
                        | Op::Script(_)
                        | Op::Escape
                )
        })
    };
    let guarded: Vec<TextRange> = scope_stmts(&function.def.body)
        .into_iter()
        .filter_map(|s| match s {
            Stmt::Try(t) if !t.handlers.is_empty() || finally_ends(t) => t
                .body
                .first()
                .zip(t.body.last())
                .map(|(a, b)| TextRange::new(a.start(), b.end())),
            _ => None,
        })
        .chain(flow.with_blocks.iter().map(|w| w.range))
        .collect();
    for tx in flow.transactions() {
        let Some(first_write) = tx.first_write else {
            continue;
        };
        if out.iter().any(|l| l.start == tx.start)
            || !flow.open_exits_normal(tx.start).is_empty()
            || flow.closers(tx.start).is_empty()
            || only_converging_writes(model, flow, &tx)
        {
            continue;
        }
        let closers = flow.closers(tx.start);
        let risky = model.calls_in(Some(flow.scope)).find(|call| {
            let held = flow.states_at(call.range()).iter().any(|s| {
                s.open().is_some_and(|t| {
                    t.start == tx.start && t.first_write.is_some() && t.error_handler.is_none()
                })
            });
            held && !call.in_lambda
                && !closers
                    .iter()
                    .any(|&c| flow.events[c].range == call.range())
                && !guarded.iter().any(|g| g.contains_range(call.range()))
                && can_raise(model, flow, call)
        });
        if let Some(call) = risky {
            out.push(Leak {
                start: tx.start,
                first_write,
                kind: LeakKind::Unguarded(call.range()),
            });
        }
    }
    out
}

/// Every statement of the transaction `tx` that changes the database is an
/// upsert that converges when repeated (effects::converges_on_repeat), and
/// nothing else runs on the connection in it but reads: cut short by an
/// error, it leaves a subset of its rows pending, which the next commit on the
/// connection publishes and the next run completes
/// (docs/sqlite-facts.md#F-upsert-converges). Nothing half-done is kept.
fn only_converging_writes(model: &Model<'_>, flow: &Flow<'_, '_>, tx: &Tx) -> bool {
    let in_tx = |i: usize, e: &Event<'_, '_>| {
        Some(i) == tx.start
            || Some(i) == tx.first_write
            || e.before
                .iter()
                .any(|s| s.open().is_some_and(|t| t.start == tx.start))
    };
    let mut writes = 0;
    for (i, e) in flow.events.iter().enumerate() {
        if !in_tx(i, e) {
            continue;
        }
        match e.op {
            Op::Write => {
                if !e
                    .call
                    .is_some_and(|c| super::effects::converges_on_repeat(model, c))
                {
                    return false;
                }
                writes += 1;
            }
            Op::Ddl | Op::Script(_) | Op::Escape | Op::Other => return false,
            _ => {}
        }
    }
    writes > 0
}

pub(crate) fn can_raise(model: &Model<'_>, flow: &Flow<'_, '_>, call: &Call<'_>) -> bool {
    if let Some(i) = flow.event_at(call.range()) {
        return matches!(
            flow.events[i].op,
            Op::Write | Op::Ddl | Op::Script(_) | Op::Other | Op::Escape
        );
    }
    if call
        .qualified()
        .is_some_and(|q| QUIET_CALLS.contains(&q) || q.starts_with("logging."))
    {
        return false;
    }
    if call
        .method_name()
        .is_some_and(|m| LOG_METHODS.contains(&m) || m == "fetchone" || m == "fetchall")
    {
        return false;
    }
    !number_conversion(model, call) && !quiet_string_method(call) && !quiet_str(model, call)
}

/// `str(uuid.uuid4())`: the text of a value a quiet call returns.
fn quiet_str(model: &Model<'_>, call: &Call<'_>) -> bool {
    let args = &call.expr.arguments;
    call.qualified() == Some("builtins.str")
        && args.keywords.is_empty()
        && matches!(&args.args[..], [Expr::Call(inner)]
            if model.resolve(&inner.func, call.scope).is_some_and(|q| QUIET_CALLS.contains(&q.as_str())))
}

/// `text.strip()`, `line.split()`, `name.startswith("x")`: a string method of
/// [`QUIET_STRING_METHODS`] on a plain name or attribute, with no argument or
/// only string literals.
fn quiet_string_method(call: &Call<'_>) -> bool {
    let Expr::Attribute(attr) = &*call.expr.func else {
        return false;
    };
    let args = &call.expr.arguments;
    QUIET_STRING_METHODS.contains(&attr.attr.as_str())
        && matches!(&*attr.value, Expr::Name(_) | Expr::Attribute(_))
        && args.keywords.is_empty()
        && args
            .args
            .iter()
            .all(|a| matches!(a, Expr::StringLiteral(_) | Expr::BytesLiteral(_)))
}

/// A conversion builtin (`int`, `float`, `str`, `bool`) of a value that is
/// already a number: a literal, a cursor's `rowcount` or `lastrowid` (ints once
/// the cursor has run a statement, F-cursor-counts), `len(...)`, or another
/// such conversion. `int(cur.lastrowid)` after an INSERT cannot raise.
fn number_conversion(model: &Model<'_>, call: &Call<'_>) -> bool {
    const CONVERSIONS: &[&str] = &[
        "builtins.int",
        "builtins.float",
        "builtins.str",
        "builtins.bool",
    ];
    if !call.qualified().is_some_and(|q| CONVERSIONS.contains(&q)) {
        return false;
    }
    let args = &call.expr.arguments;
    args.keywords.is_empty()
        && matches!(&args.args[..], [arg] if number_valued(model, call.scope, arg))
}

fn number_valued(model: &Model<'_>, scope: Option<FuncId>, expr: &Expr) -> bool {
    match expr {
        Expr::NumberLiteral(_) | Expr::BooleanLiteral(_) => true,
        Expr::Attribute(a) => matches!(a.attr.as_str(), "rowcount" | "lastrowid"),
        Expr::Call(c) => match model.resolve(&c.func, scope).as_deref() {
            Some("builtins.len") => true,
            Some("builtins.int" | "builtins.float") => {
                c.arguments.keywords.is_empty()
                    && matches!(&c.arguments.args[..], [arg] if number_valued(model, scope, arg))
            }
            _ => false,
        },
        _ => false,
    }
}

/// What the read event returned, followed to the write event
/// (semantic::read_dependence): the read call and the fetches of its cursor
/// between the two are its sources. `None` when either is not a call.
pub fn read_data<'b>(
    model: &'b Model<'_>,
    flow: &Flow<'_, '_>,
    read: usize,
    write: usize,
) -> Option<ReadData<'b>> {
    let (read_call, write_call) = (flow.events[read].call?, flow.events[write].call?);
    let (read_at, write_at) = (read_call.range(), write_call.range());
    let mut sources = vec![read_at];
    // Rows fetched from the cursor the read ran on.
    sources.extend(
        flow.events
            .iter()
            .filter(|e| {
                e.op == Op::Fetch
                    && e.range.start() > read_at.end()
                    && e.range.end() <= write_at.start()
            })
            .map(|e| e.range),
    );
    let body = &model.scopes.function(flow.scope).def.body;
    Some(ReadData::new(body, &sources, write_at))
}

/// The arguments a write call sends.
fn write_args<'e>(write_call: &'e Call<'_>) -> Vec<&'e Expr> {
    write_call
        .expr
        .arguments
        .args
        .iter()
        .chain(write_call.expr.arguments.keywords.iter().map(|k| &k.value))
        .collect()
}

/// Whether what the read event returns reaches the write event, by value (its
/// arguments) or by control (a test or loop that decides whether it runs, a
/// guard before it that leaves on what the rows hold): the one dependency test
/// of semantic::read_dependence.
pub fn write_depends_on_read(
    model: &Model<'_>,
    flow: &Flow<'_, '_>,
    read: usize,
    write: usize,
) -> bool {
    match (read_data(model, flow, read, write), flow.events[write].call) {
        (Some(data), Some(call)) => data.dependence(write_args(call)).any(),
        _ => false,
    }
}

/// Whether the values the write sends (its arguments) come from the read's rows,
/// as opposed to the read only deciding whether the write runs. A guard that
/// leaves on what the rows hold decides the write like its values.
pub fn write_values_from_read(
    model: &Model<'_>,
    flow: &Flow<'_, '_>,
    read: usize,
    write: usize,
) -> bool {
    match (read_data(model, flow, read, write), flow.events[write].call) {
        (Some(data), Some(call)) => data.values(write_args(call)) || data.exit_guard(false),
        _ => true,
    }
}

/// Whether any of `exprs` (some of the write's arguments) carries the read's
/// rows or values computed from them, or a guard before the write leaves on
/// what the rows hold: `write_values_from_read` for a chosen part of the
/// arguments (the `SET` values of an UPDATE, apart from its `WHERE` key).
pub fn exprs_from_read(
    model: &Model<'_>,
    flow: &Flow<'_, '_>,
    read: usize,
    write: usize,
    exprs: &[&Expr],
) -> bool {
    match read_data(model, flow, read, write) {
        Some(data) => data.values(exprs.iter().copied()) || data.exit_guard(false),
        None => true,
    }
}

/// Whether the flow does slow work (`slow::slow_call`: a sleep, a network
/// call) between a write and the commit, rollback or close that ends its
/// transaction: the lock is held across it, and under gevent it is where
/// another greenlet runs (F-gevent-no-yield).
pub fn slow_inside(model: &Model<'_>, flow: &Flow<'_, '_>) -> bool {
    let mut events: Vec<&Event<'_, '_>> = flow.events.iter().collect();
    events.sort_by_key(|e| e.range.start());
    let mut open: Vec<TextRange> = Vec::new();
    let mut since = None;
    for e in events {
        match e.op {
            Op::Write | Op::Ddl => {
                since.get_or_insert(e.range.end());
            }
            Op::Commit { .. } | Op::Rollback { .. } | Op::Close | Op::Script(_) | Op::WithExit => {
                if let Some(start) = since.take() {
                    if start < e.range.start() {
                        open.push(TextRange::new(start, e.range.start()));
                    }
                }
            }
            _ => {}
        }
    }
    // Left open at the end of the function: its caller commits, later.
    if open.is_empty() {
        return false;
    }
    model.calls.iter().any(|call| {
        call.scope == Some(flow.scope)
            && open.iter().any(|r| r.contains_range(call.range()))
            && super::slow::slow_call(model, call).is_some()
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::semantic::project::ProjectIndex;
    use std::path::Path;

    fn with_flows(src: &str, check: impl FnOnce(&Model<'_>, &[Flow<'_, '_>])) {
        let parsed = ruff_python_parser::parse_module(src).unwrap();
        let model = Model::build(Path::new("m.py"), src, parsed.suite(), parsed.tokens());
        let index = ProjectIndex::empty();
        let view = ProjectView::new(&index, &model);
        let sites = connections::sites(&model, &view);
        let flows = module_flows(&model, &view, &sites);
        check(&model, &flows);
    }

    #[test]
    fn legacy_read_runs_outside_the_implicit_transaction() {
        let src = "import sqlite3\ndef f(p):\n    conn = sqlite3.connect(p)\n    n = conn.execute('SELECT n FROM t').fetchone()[0]\n    conn.execute('UPDATE t SET n = ?', (n + 1,))\n    conn.commit()\n    conn.close()\n";
        with_flows(src, |model, flows| {
            let flow = &flows[0];
            assert_eq!(flow.mode, TxMode::Legacy(BeginMode::Deferred));
            let read = flow.events.iter().position(|e| e.op == Op::Read).unwrap();
            let write = flow.events.iter().position(|e| e.op == Op::Write).unwrap();
            assert_eq!(flow.events[read].before, vec![TxState::Closed]);
            assert!(write_depends_on_read(model, flow, read, write));
            let txs = flow.transactions();
            assert_eq!(txs.len(), 1);
            assert_eq!(txs[0].first_read, None);
            assert!(flow.open_exits(txs[0].start).is_empty());
        });
    }

    #[test]
    fn explicit_begin_puts_the_read_inside() {
        let src = "import sqlite3\ndef f(p, v):\n    conn = sqlite3.connect(p)\n    conn.execute('BEGIN')\n    row = conn.execute('SELECT n FROM t').fetchone()\n    if row[0] < v:\n        conn.execute('UPDATE t SET n = ?', (v,))\n    conn.commit()\n";
        with_flows(src, |_, flows| {
            let txs = flows[0].transactions();
            assert_eq!(txs.len(), 1);
            assert!(txs[0].explicit && txs[0].first_read.is_some() && txs[0].first_write.is_some());
        });
    }

    #[test]
    fn uncommitted_write_on_a_global_leaves_open() {
        let src = "import sqlite3\nconn = sqlite3.connect('a.db', check_same_thread=False)\ndef save(x):\n    if x:\n        conn.execute('INSERT INTO t VALUES (?)', (x,))\n        return 1\n    conn.execute('DELETE FROM t')\n    conn.commit()\n";
        with_flows(src, |_, flows| {
            let flow = flows.iter().find(|f| f.label == "conn").unwrap();
            let insert = flow.events.iter().position(|e| e.op == Op::Write).unwrap();
            let exits = flow.open_exits(Some(insert));
            assert_eq!(exits.len(), 1);
            assert_eq!(exits[0].kind, ExitKind::Return);
        });
    }

    #[test]
    fn with_block_commits_on_return() {
        let src = "import sqlite3\ndef f(p):\n    with sqlite3.connect(p) as conn:\n        conn.execute('INSERT INTO t VALUES (1)')\n        return 1\n";
        with_flows(src, |_, flows| {
            assert!(
                flows[0]
                    .exits
                    .iter()
                    .all(|x| x.states == vec![TxState::Closed])
            );
        });
    }

    #[test]
    fn autocommit_true_commit_is_a_no_op() {
        let src = "import sqlite3\ndef f(p):\n    conn = sqlite3.connect(p, autocommit=True)\n    conn.execute('BEGIN IMMEDIATE')\n    conn.execute('INSERT INTO t VALUES (1)')\n    conn.commit()\n";
        with_flows(src, |_, flows| {
            let flow = &flows[0];
            assert_eq!(flow.mode, TxMode::Autocommit);
            let begin = flow
                .events
                .iter()
                .position(|e| matches!(e.op, Op::Begin(_)));
            assert_eq!(flow.open_exits(begin).len(), 1);
        });
    }

    #[test]
    fn loop_commits_each_iteration() {
        let src = "import sqlite3\ndef f(p, rows):\n    conn = sqlite3.connect(p)\n    for r in rows:\n        conn.execute('INSERT INTO t VALUES (?)', (r,))\n        conn.commit()\n    conn.close()\n";
        with_flows(src, |_, flows| {
            let flow = &flows[0];
            let write = flow.events.iter().position(|e| e.op == Op::Write).unwrap();
            assert!(
                flow.events[write]
                    .before
                    .iter()
                    .all(|s| *s == TxState::Closed)
            );
            assert!(flow.open_exits(Some(write)).is_empty());
        });
    }
}
