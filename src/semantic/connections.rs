//! Connection facts: where each SQLite connection is created, what holds it, which
//! calls use it (directly or through its cursors) and what SQL they run.

use ruff_python_ast::visitor::{self, Visitor};
use ruff_python_ast::{Expr, Stmt};
use ruff_text_size::{Ranged, TextRange};

use super::model::{AssignKind, Call, Callee, Model, Receiver, Target};
use super::scopes::{ClassId, FuncId};
use super::sql::{self, SqlKind};
use super::strings::{Piece, StrValue, literal_strings, string_value};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Driver {
    Sqlite3,
    Aiosqlite,
    /// A project function that returns a new connection.
    Factory(String),
    /// A library object whose `execute` runs one autocommitted statement on
    /// SQLite (sql_wrappers.rs), by its label.
    Wrapper(&'static str),
}

/// What holds a connection right after it is created.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Holder {
    /// `conn = sqlite3.connect(...)` in a function.
    Local(String),
    /// `with sqlite3.connect(...) as conn:`; `item` indexes the with statement's items.
    WithItem {
        name: Option<String>,
        item: usize,
    },
    /// `self.conn = ...`
    SelfAttr(String),
    /// A module-level name, or one declared `global`.
    Global(String),
    Returned,
    Yielded,
    /// Stored somewhere else, passed to an unknown call, or used in an expression.
    Other,
}

/// A place where the program creates a connection.
#[derive(Debug)]
pub struct ConnSite<'m, 'a> {
    pub call: &'m Call<'a>,
    pub driver: Driver,
    /// The creating call with the pass-through wrappers around it
    /// (`closing(...)`, a configuring helper, `await`).
    pub outer: TextRange,
    pub holder: Holder,
}

impl ConnSite<'_, '_> {
    pub fn scope(&self) -> Option<FuncId> {
        self.call.scope
    }

    pub fn stmt(&self) -> &Stmt {
        self.call.stmt
    }
}

/// Identifies one connection variable, so its uses can be collected.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum ConnKey {
    Local { scope: Option<FuncId>, name: String },
    SelfAttr { class: ClassId, attr: String },
    Global { name: String },
}

/// Functions of the project that wrap a connection and return it (pragma helpers).
pub trait Wrappers {
    /// Whether calling `call` with a connection as first argument returns that
    /// connection (so the wrapper does not change who holds it).
    fn returns_first_argument(&self, model: &Model<'_>, call: &Call<'_>) -> bool;
    /// Whether `call` is a call to a project function returning a new connection.
    fn factory_name(&self, model: &Model<'_>, call: &Call<'_>) -> Option<String>;
}

/// No project knowledge: only the standard library's own wrappers.
pub struct NoWrappers;

impl Wrappers for NoWrappers {
    fn returns_first_argument(&self, _: &Model<'_>, _: &Call<'_>) -> bool {
        false
    }
    fn factory_name(&self, _: &Model<'_>, _: &Call<'_>) -> Option<String> {
        None
    }
}

pub fn is_sqlite3_connect(call: &Call<'_>) -> bool {
    matches!(
        call.qualified(),
        Some("sqlite3.connect" | "sqlite3.dbapi2.connect" | "pysqlite2.dbapi2.connect")
    )
}

pub fn is_aiosqlite_connect(call: &Call<'_>) -> bool {
    matches!(
        call.qualified(),
        Some("aiosqlite.connect" | "aiosqlite.core.connect")
    )
}

/// Every place in the module that creates a connection.
pub fn sites<'m, 'a>(model: &'m Model<'a>, wrappers: &dyn Wrappers) -> Vec<ConnSite<'m, 'a>> {
    model
        .calls
        .iter()
        .filter_map(|call| {
            let driver = if is_sqlite3_connect(call) {
                Driver::Sqlite3
            } else if is_aiosqlite_connect(call) {
                Driver::Aiosqlite
            } else if let Some((label, _)) = super::sql_wrappers::wrapper_of(model, call) {
                Driver::Wrapper(label)
            } else {
                Driver::Factory(wrappers.factory_name(model, call)?)
            };
            let (outer, holder) = holder_of(model, call, wrappers);
            Some(ConnSite {
                call,
                driver,
                outer,
                holder,
            })
        })
        .collect()
}

/// Climbs from the creating call through pass-through wrappers to what holds it.
fn holder_of(model: &Model<'_>, call: &Call<'_>, wrappers: &dyn Wrappers) -> (TextRange, Holder) {
    let stmt = call.stmt;
    let mut outer = call.range();
    for _ in 0..8 {
        let parent = parent_expr(stmt, outer);
        match parent {
            Some(Expr::Await(await_expr)) => outer = await_expr.range(),
            Some(Expr::Call(parent_call))
                if parent_call
                    .arguments
                    .args
                    .first()
                    .is_some_and(|a| a.range() == outer) =>
            {
                let Some(wrapper) = model.call_at(parent_call.range()) else {
                    break;
                };
                let passes_through = matches!(wrapper.qualified(), Some("contextlib.closing"))
                    || wrappers.returns_first_argument(model, wrapper);
                if !passes_through {
                    return (outer, Holder::Other);
                }
                outer = parent_call.range();
            }
            Some(Expr::Yield(_)) => return (outer, Holder::Yielded),
            Some(_) => return (outer, Holder::Other),
            None => break,
        }
    }
    let holder = match stmt {
        Stmt::Assign(assign) if assign.value.range() == outer && assign.targets.len() == 1 => {
            holder_for_target(model, call.scope, &assign.targets[0])
        }
        Stmt::AnnAssign(assign) if assign.value.as_ref().is_some_and(|v| v.range() == outer) => {
            holder_for_target(model, call.scope, &assign.target)
        }
        Stmt::Return(ret) if ret.value.as_ref().is_some_and(|v| v.range() == outer) => {
            Holder::Returned
        }
        Stmt::With(with) => with
            .items
            .iter()
            .position(|item| item.context_expr.range() == outer)
            .map_or(Holder::Other, |item| Holder::WithItem {
                name: with.items[item]
                    .optional_vars
                    .as_ref()
                    .and_then(|v| match &**v {
                        Expr::Name(n) => Some(n.id.to_string()),
                        _ => None,
                    }),
                item,
            }),
        _ => Holder::Other,
    };
    (outer, holder)
}

fn holder_for_target(model: &Model<'_>, scope: Option<FuncId>, target: &Expr) -> Holder {
    match target {
        Expr::Name(name) => {
            let name = name.id.to_string();
            if scope.is_none() || model.is_global_in(scope, &name) {
                Holder::Global(name)
            } else {
                Holder::Local(name)
            }
        }
        Expr::Attribute(attr) if matches!(&*attr.value, Expr::Name(n) if n.id.as_str() == "self") => {
            Holder::SelfAttr(attr.attr.to_string())
        }
        _ => Holder::Other,
    }
}

/// The expression directly containing the node at `child` within `stmt`.
pub fn parent_expr(stmt: &Stmt, child: TextRange) -> Option<&Expr> {
    struct Finder<'a> {
        child: TextRange,
        stack: Vec<&'a Expr>,
        found: Option<Option<&'a Expr>>,
    }
    impl<'a> Visitor<'a> for Finder<'a> {
        fn visit_stmt(&mut self, stmt: &'a Stmt) {
            if self.found.is_none() && stmt.range().contains_range(self.child) {
                match stmt {
                    // The child is in this statement's own expressions, not a nested body.
                    Stmt::FunctionDef(_) | Stmt::ClassDef(_) => {}
                    _ => visitor::walk_stmt(self, stmt),
                }
            }
        }
        fn visit_expr(&mut self, expr: &'a Expr) {
            if self.found.is_some() || !expr.range().contains_range(self.child) {
                return;
            }
            if expr.range() == self.child {
                self.found = Some(self.stack.last().copied());
                return;
            }
            self.stack.push(expr);
            visitor::walk_expr(self, expr);
            self.stack.pop();
        }
    }
    let mut finder = Finder {
        child,
        stack: Vec::new(),
        found: None,
    };
    match stmt {
        // Only the statement's header expressions; bodies hold other statements.
        Stmt::With(with) => {
            for item in &with.items {
                finder.visit_with_item(item);
            }
        }
        Stmt::For(f) => {
            finder.visit_expr(&f.target);
            finder.visit_expr(&f.iter);
        }
        Stmt::While(w) => finder.visit_expr(&w.test),
        Stmt::If(i) => finder.visit_expr(&i.test),
        _ => finder.visit_stmt(stmt),
    }
    finder.found.flatten()
}

/// The key of the variable a site's connection is held in, if it is held in one.
pub fn key_of(model: &Model<'_>, site: &ConnSite<'_, '_>) -> Option<ConnKey> {
    match &site.holder {
        Holder::Local(name)
        | Holder::WithItem {
            name: Some(name), ..
        } => Some(ConnKey::Local {
            scope: site.scope(),
            name: name.clone(),
        }),
        Holder::Global(name) => Some(ConnKey::Global { name: name.clone() }),
        Holder::SelfAttr(attr) => {
            model
                .scopes
                .enclosing_class(site.scope())
                .map(|class| ConnKey::SelfAttr {
                    class,
                    attr: attr.clone(),
                })
        }
        _ => None,
    }
}

/// Names that refer to the connection `key` or to one of its cursors, per scope.
pub fn aliases(model: &Model<'_>, key: &ConnKey) -> Vec<(Option<FuncId>, String)> {
    let mut out: Vec<(Option<FuncId>, String)> = Vec::new();
    match key {
        ConnKey::Local { scope, name } => {
            out.push((*scope, name.clone()));
            // Closures see the name unless they rebind it.
            for id in scope.iter().flat_map(|&s| model.scopes.nested_in(s)) {
                if !model.assigns_in(id, name) && !model.scopes.function(id).has_parameter(name) {
                    out.push((Some(id), name.clone()));
                }
            }
        }
        ConnKey::Global { name } => {
            out.push((None, name.clone()));
            for (id, f) in model.scopes.functions.iter().enumerate() {
                let rebinds = model.assigns_in(id, name) && !model.is_global_in(Some(id), name);
                if !rebinds && !f.has_parameter(name) {
                    out.push((Some(id), name.clone()));
                }
            }
        }
        ConnKey::SelfAttr { .. } => {}
    }
    // Local names assigned from the connection, or from its cursor. For a local
    // connection only the scopes that see it can derive from it.
    let positions = assignment_candidates(model, key, &out);
    let mut grew = true;
    let mut rounds = 0;
    while grew && rounds < 4 {
        grew = false;
        rounds += 1;
        for assignment in positions.iter().map(|&i| &model.assignments[i]) {
            let Target::Name(target) = &assignment.target else {
                continue;
            };
            if out
                .iter()
                .any(|(s, n)| *s == assignment.scope && n == target)
            {
                continue;
            }
            if assignment.kind == AssignKind::ForLoop {
                continue;
            }
            if derives_from(model, key, &out, assignment.scope, assignment.value) {
                out.push((assignment.scope, target.clone()));
                grew = true;
            }
        }
    }
    out
}

/// Whether `value` is the connection itself, or a cursor or result made from it.
fn derives_from(
    model: &Model<'_>,
    key: &ConnKey,
    aliases: &[(Option<FuncId>, String)],
    scope: Option<FuncId>,
    value: &Expr,
) -> bool {
    let refers = |expr: &Expr| refers_to(model, key, aliases, scope, expr);
    match value {
        _ if refers(value) => true,
        Expr::Call(call) => match &*call.func {
            Expr::Attribute(attr) => {
                matches!(
                    attr.attr.as_str(),
                    "cursor" | "execute" | "executemany" | "executescript"
                ) && refers(&attr.value)
                    || call.arguments.is_empty() && returns_kept(model, key, scope, attr)
            }
            // contextlib.closing(conn.cursor())
            _ => call.arguments.args.first().is_some_and(|a| {
                model.resolve(&call.func, scope).as_deref() == Some("contextlib.closing")
                    && derives_from(model, key, aliases, scope, a)
            }),
        },
        Expr::Await(inner) => derives_from(model, key, aliases, scope, &inner.value),
        _ => false,
    }
}

/// `self.<method>()` in a method of the class that keeps the connection on
/// `self.<attr>`, where `<method>` is an accessor of it: a plain sync method
/// whose every `return` hands back `self.<attr>` (`def _conn(self): if self.conn
/// is None: self.conn = connect(p); return self.conn`). Its callers use the one
/// kept connection, not a new one.
fn returns_kept(
    model: &Model<'_>,
    key: &ConnKey,
    scope: Option<FuncId>,
    method: &ruff_python_ast::ExprAttribute,
) -> bool {
    let ConnKey::SelfAttr { class, attr } = key else {
        return false;
    };
    if !matches!(&*method.value, Expr::Name(n) if n.id.as_str() == "self")
        || model.scopes.enclosing_class(scope) != Some(*class)
    {
        return false;
    }
    let Some(id) = model.scopes.method(*class, method.attr.as_str()) else {
        return false;
    };
    let f = model.scopes.function(id);
    if f.is_async() || f.is_generator() || f.def.decorator_list.iter().any(|d| {
        // A property is read without a call; a static or class method has no `self`.
        matches!(&d.expression, Expr::Name(n) if matches!(n.id.as_str(), "property" | "staticmethod" | "classmethod"))
    }) {
        return false;
    }
    let mut returns = 0;
    let mut other = false;
    super::visit::any_stmt(&f.def.body, |s| {
        if let Stmt::Return(r) = s {
            match r.value.as_deref() {
                Some(Expr::Attribute(a))
                    if a.attr.as_str() == attr
                        && matches!(&*a.value, Expr::Name(n) if n.id.as_str() == "self") =>
                {
                    returns += 1;
                }
                _ => other = true,
            }
        }
        false
    });
    returns > 0 && !other
}

/// Whether `expr` names the connection (or an alias of it) in `scope`.
pub fn refers_to(
    model: &Model<'_>,
    key: &ConnKey,
    aliases: &[(Option<FuncId>, String)],
    scope: Option<FuncId>,
    expr: &Expr,
) -> bool {
    match expr {
        Expr::Name(name) => aliases
            .iter()
            .any(|(s, n)| *s == scope && n.as_str() == name.id.as_str()),
        // A path standing for the connection (`self.bot.db`: transactions::path_flows).
        Expr::Attribute(attr)
            if aliases.iter().any(|(s, n)| {
                *s == scope && n.contains('.') && n.as_str() == model.slice(attr.range())
            }) =>
        {
            true
        }
        Expr::Attribute(attr) => match (key, &*attr.value) {
            (
                ConnKey::SelfAttr {
                    class,
                    attr: wanted,
                },
                Expr::Name(base),
            ) => {
                base.id.as_str() == "self"
                    && attr.attr.as_str() == wanted
                    && model.scopes.enclosing_class(scope) == Some(*class)
            }
            _ => false,
        },
        _ => false,
    }
}

/// The calls that can name a connection: for a local one, only those of the
/// scopes that see it (its aliases'), in source order; otherwise all.
fn candidates<'m, 'a>(
    model: &'m Model<'a>,
    key: &ConnKey,
    aliases: &[(Option<FuncId>, String)],
) -> Box<dyn Iterator<Item = &'m Call<'a>> + 'm> {
    if !matches!(key, ConnKey::Local { .. }) {
        return Box::new(model.calls.iter());
    }
    let mut scopes: Vec<Option<FuncId>> = aliases.iter().map(|(s, _)| *s).collect();
    scopes.sort();
    scopes.dedup();
    let mut positions: Vec<usize> = scopes
        .into_iter()
        .flat_map(|s| model.call_positions_in(s).iter().copied())
        .collect();
    positions.sort_unstable();
    Box::new(positions.into_iter().map(move |i| &model.calls[i]))
}

/// Positions in `model.assignments`, in order, of the assignments that can name a
/// connection: for a local one, only those of the scopes that see it (its
/// aliases'); otherwise all.
pub fn assignment_candidates(
    model: &Model<'_>,
    key: &ConnKey,
    aliases: &[(Option<FuncId>, String)],
) -> Vec<usize> {
    if !matches!(key, ConnKey::Local { .. }) {
        return (0..model.assignments.len()).collect();
    }
    let mut scopes: Vec<Option<FuncId>> = aliases.iter().map(|(s, _)| *s).collect();
    scopes.sort();
    scopes.dedup();
    let mut positions: Vec<usize> = scopes
        .into_iter()
        .flat_map(|s| model.assignment_positions_in(s).iter().copied())
        .collect();
    positions.sort_unstable();
    positions
}

/// Calls made on the connection or on cursors made from it.
pub fn uses<'m, 'a>(model: &'m Model<'a>, key: &ConnKey) -> Vec<&'m Call<'a>> {
    let aliases = aliases(model, key);
    candidates(model, key, &aliases)
        .filter(|call| {
            let Expr::Attribute(attr) = &*call.expr.func else {
                return false;
            };
            if refers_to(model, key, &aliases, call.scope, &attr.value) {
                return true;
            }
            // conn.cursor().execute(...)
            matches!(
                &call.callee,
                Callee::Method {
                    receiver: Receiver::Call(_),
                    ..
                }
            ) && derives_from(model, key, &aliases, call.scope, &attr.value)
        })
        .collect()
}

/// Calls that pass the connection as an argument.
pub fn passed_to<'m, 'a>(model: &'m Model<'a>, key: &ConnKey) -> Vec<(&'m Call<'a>, usize)> {
    let aliases = aliases(model, key);
    candidates(model, key, &aliases)
        .filter_map(|call| {
            call.expr
                .arguments
                .args
                .iter()
                .position(|a| refers_to(model, key, &aliases, call.scope, a))
                .map(|i| (call, i))
        })
        .collect()
}

/// The SQL of an `execute`-like call on one line, lower case, one space
/// between words ([`super::sql::one_line_lower`]).
pub fn normalized_sql(model: &Model<'_>, call: &Call<'_>) -> Option<String> {
    let (_, text) = sql_of(model, call)?;
    Some(super::sql::one_line_lower(&text.sketch()))
}

/// The SQL a `execute`/`executemany`/`executescript` call runs, statement by statement.
pub fn sql_of<'a>(model: &Model<'a>, call: &Call<'a>) -> Option<(Vec<SqlKind>, StrValue<'a>)> {
    let method = call.method_name()?;
    if !matches!(method, "execute" | "executemany" | "executescript") {
        return None;
    }
    let arg = call.argument(
        0,
        if method == "executescript" {
            "sql_script"
        } else {
            "sql"
        },
    )?;
    let value = string_value(model, arg, call.scope, call.range().start())?;
    let kinds = model.sql_kinds_of_call(call, || {
        let sketch = value.sketch();
        // Another engine's statement (psycopg's `%s`, a PyMySQL cursor) is no SQL of SQLite's.
        if method != "executescript" && super::foreign_db::not_sqlite(model, call, &sketch) {
            return None;
        }
        Some(if method == "executescript" {
            sql::classify_script(&sketch)
        } else {
            vec![sql::classify(&sketch)]
        })
    })?;
    Some((kinds, value))
}

/// PRAGMAs set on one connection, as far as the source shows.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PragmaSet {
    /// Name → value (lower-case; `None` when computed at run time).
    pub set: Vec<(String, Option<String>)>,
    /// A PRAGMA whose name is only known at run time: anything may be set.
    pub dynamic: bool,
}

impl PragmaSet {
    pub fn get(&self, name: &str) -> Option<Option<&str>> {
        self.set
            .iter()
            .rev()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_deref())
    }

    pub fn has(&self, name: &str) -> bool {
        self.dynamic || self.get(name).is_some()
    }

    pub fn insert(&mut self, name: String, value: Option<String>) {
        self.set.push((name, value));
    }

    pub fn merge(&mut self, other: &PragmaSet) {
        self.set.extend(other.set.iter().cloned());
        self.dynamic |= other.dynamic;
    }
}

/// PRAGMAs that the calls run, including names looped over from a dict or list
/// (`for k, v in PRAGMAS.items(): conn.execute(f"PRAGMA {k}={v}")`).
pub fn pragmas_run<'a>(model: &Model<'a>, calls: &[&Call<'a>]) -> PragmaSet {
    let mut out = PragmaSet::default();
    for call in calls {
        let Some(method) = call.method_name() else {
            continue;
        };
        if !matches!(method, "execute" | "executescript" | "exec_driver_sql") {
            continue;
        }
        let Some(arg) = call
            .argument(0, "sql")
            .or_else(|| call.argument(0, "statement"))
        else {
            continue;
        };
        // SQLAlchemy 2.0's `conn.execute(text("PRAGMA ..."))`: the statement is
        // the string `text()` wraps.
        let arg = sqlalchemy_text_argument(model, call, arg).unwrap_or(arg);
        if let Some(value) = string_value(model, arg, call.scope, call.range().start()) {
            let kinds = if method == "executescript" {
                sql::classify_script(&value.sketch())
            } else {
                vec![sql::classify(&value.sketch())]
            };
            for kind in kinds {
                if let SqlKind::Pragma(pragma) = kind {
                    match pragma.name {
                        Some(name) => out.insert(name, pragma.value),
                        None => add_looped_pragmas(model, call, &value, &mut out),
                    }
                }
            }
        } else if let Expr::Name(name) = arg {
            // for statement in PRAGMA_STATEMENTS: conn.execute(statement)
            if let Some(items) = loop_items(model, call, name.id.as_str()) {
                for (item, _) in items {
                    if let SqlKind::Pragma(p) = sql::classify(&item) {
                        if let Some(name) = p.name {
                            out.insert(name, p.value);
                        }
                    }
                }
            } else if loops_over_configured_commands(model, call, name.id.as_str()) {
                out.dynamic = true;
            } else {
                pragmas_through_parameter(model, call, name.id.as_str(), &mut out);
            }
        }
    }
    out
}

/// The string of `text("...")` (SQLAlchemy's raw statement) handed to `call`.
fn sqlalchemy_text_argument<'e>(
    model: &Model<'_>,
    call: &Call<'_>,
    arg: &'e Expr,
) -> Option<&'e Expr> {
    let Expr::Call(wrapped) = arg else {
        return None;
    };
    let q = model.resolve(&wrapped.func, call.scope)?;
    if !(q.starts_with("sqlalchemy") && q.ends_with(".text")) {
        return None;
    }
    wrapped.arguments.args.first()
}

/// `def _execute(self, sql): self.conn.execute(sql)` called as
/// `self._execute("PRAGMA busy_timeout=5000")`, or from a loop over a literal
/// list of PRAGMA statements (`for p in PRAGMAS: self._execute(p)`): the
/// statements the module hands to its own helper through the parameter that
/// reaches `execute`. Only the module's own calls of that helper (a method
/// called on `self` in its class, or a module-level function) are read, one
/// level deep.
fn pragmas_through_parameter<'a>(
    model: &Model<'a>,
    call: &Call<'a>,
    var: &str,
    out: &mut PragmaSet,
) {
    let Some(scope) = call.scope else {
        return;
    };
    let function = model.scopes.function(scope);
    let Some(position) = function.params.iter().position(|p| p == var) else {
        return;
    };
    // The parameter must reach `execute` as it came in.
    let reassigned = model
        .assignments_in(call.scope)
        .any(|a| a.target == Target::Name(var.to_string()));
    if reassigned {
        return;
    }
    let name = function.name();
    let callers = model
        .calls
        .iter()
        .filter(|c| match (&c.callee, function.class) {
            (Callee::SelfMethod(m), Some(class)) => {
                m == name && model.scopes.enclosing_class(c.scope) == Some(class)
            }
            (Callee::Local(f), None) => f == name && function.parent.is_none(),
            _ => false,
        });
    for caller in callers {
        let Some(arg) = caller.argument(position, var) else {
            continue;
        };
        if let Some(value) = string_value(model, arg, caller.scope, caller.range().start()) {
            if let SqlKind::Pragma(p) = sql::classify(&value.sketch()) {
                if let Some(n) = p.name {
                    out.insert(n, p.value);
                }
            }
        } else if let Expr::Name(item) = arg {
            if let Some(items) = loop_items(model, caller, item.id.as_str()) {
                for (statement, _) in items {
                    if let SqlKind::Pragma(p) = sql::classify(&statement) {
                        if let Some(n) = p.name {
                            out.insert(n, p.value);
                        }
                    }
                }
            } else if loops_over_configured_commands(model, caller, item.id.as_str()) {
                out.dynamic = true;
            }
        }
    }
}

fn add_looped_pragmas<'a>(
    model: &Model<'a>,
    call: &Call<'a>,
    value: &StrValue<'a>,
    out: &mut PragmaSet,
) {
    // The first hole is the pragma's name; which loop variable feeds it?
    let name_hole = value.pieces.iter().find_map(|p| match p {
        Piece::Hole(expr) => Some(*expr),
        Piece::Text(_) => None,
    });
    let Some(Some(Expr::Name(var))) = name_hole else {
        out.dynamic = true;
        return;
    };
    match loop_items(model, call, var.id.as_str()) {
        Some(items) => {
            for (name, value) in items {
                // `for p in ("journal_mode=WAL", ...)`: each item is a whole assignment.
                if value.is_none() {
                    if let SqlKind::Pragma(p) = sql::classify(&format!("PRAGMA {name}")) {
                        if let Some(n) = p.name {
                            out.insert(n, p.value);
                            continue;
                        }
                    }
                }
                let value = value.and_then(|v| {
                    string_value(model, v, call.scope, v.start())
                        .and_then(|s| s.as_literal().map(str::to_ascii_lowercase))
                        .or_else(|| match v {
                            Expr::NumberLiteral(n) => Some(model.slice(n.range()).to_string()),
                            _ => None,
                        })
                });
                out.insert(name.to_ascii_lowercase(), value);
            }
        }
        None => out.dynamic = true,
    }
}

/// When `var` is the (first) target of a `for` loop around `call` over a literal
/// dict or list, the items it takes.
/// `for command in self.init_commands: conn.execute(command)`: statements that
/// the caller configures (Django's `OPTIONS["init_command"]`, a list of PRAGMAs
/// handed to a driver). Only loops over something named for it count, so a loop
/// over migration statements from a parameter does not hide a missing PRAGMA.
fn loops_over_configured_commands(model: &Model<'_>, call: &Call<'_>, var: &str) -> bool {
    model.assignments_in(call.scope).rev().any(|a| {
        a.kind == AssignKind::ForLoop
            && a.stmt.range().contains_range(call.range())
            && a.target == Target::Name(var.to_string())
            && {
                let iterable = model.slice(a.value.range()).to_ascii_lowercase();
                iterable.contains("pragma") || iterable.contains("init_command")
            }
    })
}

fn loop_items<'a>(
    model: &Model<'a>,
    call: &Call<'a>,
    var: &str,
) -> Option<Vec<(String, Option<&'a Expr>)>> {
    let assignment = model.assignments_in(call.scope).rev().find(|a| {
        a.kind == AssignKind::ForLoop
            && a.stmt.range().contains_range(call.range())
            && a.target == Target::Name(var.to_string())
    })?;
    let first_target = match assignment.target_expr {
        Expr::Tuple(t) => t.elts.first()?,
        other => other,
    };
    let is_key = matches!(first_target, Expr::Name(n) if n.id.as_str() == var);
    let mut iterable = assignment.value;
    if let Expr::Call(c) = iterable {
        if let Expr::Attribute(attr) = &*c.func {
            if matches!(attr.attr.as_str(), "items" | "keys") {
                iterable = &attr.value;
            }
        }
    }
    let items = literal_strings(model, iterable, call.scope)?;
    if is_key {
        Some(items)
    } else {
        // The loop variable is the value: `for k, v in d.items()` with the value as name is unusual.
        None
    }
}

/// `sqlite3.connect(..., factory=C)` where class `C` of this module closes the
/// connection in `__exit__`: `with` on such a connection closes it.
pub fn closing_factory_class(model: &Model<'_>, call: &Call<'_>) -> bool {
    let Some(Expr::Name(class)) = call.keyword("factory") else {
        return false;
    };
    model.suite.iter().any(|stmt| {
        let Stmt::ClassDef(def) = stmt else {
            return false;
        };
        def.name.as_str() == class.id.as_str()
            && def.body.iter().any(|s| {
                matches!(s, Stmt::FunctionDef(f) if f.name.as_str() == "__exit__"
                    && model.slice(f.range()).contains(".close()"))
            })
    })
}
