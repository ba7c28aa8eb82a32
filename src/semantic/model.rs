//! The per-module semantic model, built in one walk over the AST and shared by every
//! codemod: scopes, imports, calls with their resolved callees, and assignments.

use rustc_hash::FxHashSet as HashSet;
use std::path::Path;

use ruff_python_ast::token::Tokens;
use ruff_python_ast::visitor::{self, Visitor};
use ruff_python_ast::{self as ast, Expr, Stmt};
use ruff_source_file::LineIndex;
use ruff_text_size::{Ranged, TextRange, TextSize};

use super::imports::{Import, Imports, from_import_target};
use super::scopes::{Class, ClassId, FuncId, Function, Scopes};
use super::sql::SqlKind;
use crate::source::Stylist;

/// What a call calls, as far as the module itself can tell.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Callee {
    /// Resolved through an import or a builtin: `sqlite3.connect`, `builtins.open`,
    /// `.db.save` (relative imports keep their dots).
    Qualified(String),
    /// A module-level function or class of this module.
    Local(String),
    /// `self.name(...)` or `cls.name(...)` inside a class.
    SelfMethod(String),
    /// `receiver.name(...)` where the receiver is not an import.
    Method {
        receiver: Receiver,
        name: String,
    },
    Unknown,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Receiver {
    Name(String),
    SelfAttr(String),
    /// Another call: `conn.cursor().execute(...)`, `sqlite3.connect(p).execute(...)`.
    Call(TextRange),
    Other,
}

#[derive(Debug)]
pub struct Call<'a> {
    pub expr: &'a ast::ExprCall,
    pub scope: Option<FuncId>,
    /// The innermost statement containing the call.
    pub stmt: &'a Stmt,
    /// The expression directly around the call, if any.
    pub parent: Option<&'a Expr>,
    /// Inside a lambda: runs whenever the lambda is called, not here.
    pub in_lambda: bool,
    pub callee: Callee,
}

impl<'a> Call<'a> {
    pub fn range(&self) -> TextRange {
        self.expr.range()
    }

    pub fn qualified(&self) -> Option<&str> {
        match &self.callee {
            Callee::Qualified(q) => Some(q),
            _ => None,
        }
    }

    pub fn is_awaited(&self) -> bool {
        matches!(self.parent, Some(Expr::Await(_)))
    }

    pub fn method_name(&self) -> Option<&str> {
        match &self.callee {
            Callee::Method { name, .. } => Some(name),
            _ => None,
        }
    }

    /// The argument at `position`, or the keyword `name`.
    pub fn argument(&self, position: usize, name: &str) -> Option<&'a Expr> {
        self.expr.arguments.find_argument_value(name, position)
    }

    pub fn keyword(&self, name: &str) -> Option<&'a Expr> {
        self.expr.arguments.find_keyword(name).map(|k| &k.value)
    }

    pub fn has_star_args(&self) -> bool {
        self.expr.arguments.args.iter().any(Expr::is_starred_expr)
            || self.expr.arguments.keywords.iter().any(|k| k.arg.is_none())
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    Name(String),
    SelfAttr(String),
    Other,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AssignKind {
    Assign,
    /// `with <value> as <target>:`
    WithItem,
    /// `for <target> in <value>:` (the value is the iterable)
    ForLoop,
    Walrus,
}

#[derive(Debug)]
pub struct Assignment<'a> {
    pub scope: Option<FuncId>,
    pub target: Target,
    pub value: &'a Expr,
    pub stmt: &'a Stmt,
    pub kind: AssignKind,
    /// For `for` loops and unpacking: the whole target expression.
    pub target_expr: &'a Expr,
}

/// Names a `from <library> import *` binds that the rules resolve: the
/// library's own `__all__` (or public names) restricted to what sqlfix reads.
const STAR_EXPORTS: &[(&str, &[&str])] = &[
    (
        "sqlalchemy",
        &[
            "create_engine",
            "engine_from_config",
            "event",
            "text",
            "select",
            "insert",
            "update",
            "delete",
            "MetaData",
            "Table",
        ],
    ),
    (
        "sqlalchemy.orm",
        &[
            "scoped_session",
            "sessionmaker",
            "Session",
            "declarative_base",
        ],
    ),
    (
        "sqlmodel",
        &["create_engine", "Session", "SQLModel", "select"],
    ),
];

pub struct Model<'a> {
    pub path: &'a Path,
    pub text: &'a str,
    pub suite: &'a [Stmt],
    pub tokens: &'a Tokens,
    pub lines: LineIndex,
    pub stylist: Stylist,
    pub imports: Imports,
    pub scopes: Scopes<'a>,
    pub calls: Vec<Call<'a>>,
    pub assignments: Vec<Assignment<'a>>,
    /// Names declared `global` in a function.
    pub globals: Vec<(FuncId, String)>,
    /// Names bound at module level by `def`, `class` or assignment.
    pub module_names: HashSet<String>,
    /// Names each function binds (parameters, assignments not declared `global`):
    /// they shadow module imports of the same name.
    local_bindings: Names,
    /// Positions in `calls` of each scope's calls, in order: per-connection scans
    /// look at the calls of the functions that can see the connection, not all.
    calls_by_scope: rustc_hash::FxHashMap<Option<FuncId>, Vec<usize>>,
    /// Positions in `assignments` of each scope's assignments, in order.
    assignments_by_scope: rustc_hash::FxHashMap<Option<FuncId>, Vec<usize>>,
    /// Positions in `assignments` of each scope's assignments to each plain
    /// name, in order: generated modules make thousands of assignments in one
    /// scope, and a lookup per expression must not scan them all.
    /// Keyed by scope, then name, so that a lookup by `&str` allocates nothing.
    assignments_by_name:
        rustc_hash::FxHashMap<Option<FuncId>, rustc_hash::FxHashMap<String, Vec<usize>>>,
    /// The first call of each range (`call_at`).
    call_by_range: rustc_hash::FxHashMap<TextRange, usize>,
    /// Names each function assigns (with or without `global`).
    assigned: Names,
    /// Positions in `calls` by the callee's last name (`f(...)`, `x.f(...)`),
    /// built on first use: "who calls `f`" without scanning every call per question.
    calls_by_name: std::sync::OnceLock<rustc_hash::FxHashMap<String, Vec<usize>>>,
    /// Positions in `calls` by the names their positional arguments pass
    /// (`f(cb)`, `f(self.cb)`: `cb`), built on first use.
    calls_by_argument: std::sync::OnceLock<rustc_hash::FxHashMap<String, Vec<usize>>>,
    /// How often each identifier is used (not counting the name of a `def`),
    /// built on first use.
    name_uses: std::sync::OnceLock<rustc_hash::FxHashMap<String, usize>>,
    /// Positions in `assignments` of the `self.<attr> = ...` assignments by
    /// attribute, built on first use.
    self_attr_assignments: std::sync::OnceLock<rustc_hash::FxHashMap<String, Vec<usize>>>,
    /// Per call, by position in `calls`: one byte a question asked of the call
    /// many times per check can keep its answer in (`effects::sql_write`, asked
    /// by a dozen codemods); 0 until answered. Built on first use.
    call_memo: std::sync::OnceLock<Vec<std::sync::atomic::AtomicU8>>,
    /// Per scope (slot 0: module level, then each function by id): one byte a
    /// question asked of the scope once per call in it can keep its answer in
    /// (`entry_points::in_cli_command`); 0 until answered. Built on first use.
    scope_memo: std::sync::OnceLock<Vec<std::sync::atomic::AtomicU8>>,
    /// Whether the module reads its command line at all (`entry_points::runs_once`).
    reads_command_line: std::sync::OnceLock<bool>,
    /// Answers one semantic module keeps per module (`path_idents`: what a
    /// parameter or a `self` attribute names, asked once per call passing it),
    /// typed by that module, built on first use.
    path_memo: std::sync::OnceLock<Box<dyn std::any::Any + Send + Sync>>,
    /// Per call, by position in `calls`: the kinds of the statements it runs, or
    /// `None` for another engine's SQL (`connections::sql_of`). Most codemods ask
    /// it of every `execute` of the module; the SQL text itself borrows the tree
    /// and is cheap to find again, so it is not kept.
    sql_kinds_memo: std::sync::OnceLock<Vec<std::sync::OnceLock<Option<Vec<SqlKind>>>>>,
    /// Names and `self` attributes bound to the `sqlite3` module object
    /// (`self._db_module = sqlite3`): `resolve` reads them as the import.
    driver_aliases: super::driver_aliases::DriverAliases,
}

impl<'a> Model<'a> {
    pub fn build(
        path: &'a Path,
        text: &'a str,
        suite: &'a [Stmt],
        tokens: &'a Tokens,
    ) -> Model<'a> {
        let mut walker = Walker {
            model: Model {
                path,
                text,
                suite,
                tokens,
                lines: LineIndex::from_source_text(text),
                stylist: Stylist::for_file(path, text),
                imports: Imports::default(),
                scopes: Scopes::default(),
                calls: Vec::new(),
                assignments: Vec::new(),
                globals: Vec::new(),
                module_names: HashSet::default(),
                local_bindings: Names::default(),
                calls_by_scope: rustc_hash::FxHashMap::default(),
                call_by_range: rustc_hash::FxHashMap::default(),
                assignments_by_scope: rustc_hash::FxHashMap::default(),
                assignments_by_name: rustc_hash::FxHashMap::default(),
                assigned: Names::default(),
                calls_by_name: std::sync::OnceLock::new(),
                calls_by_argument: std::sync::OnceLock::new(),
                name_uses: std::sync::OnceLock::new(),
                self_attr_assignments: std::sync::OnceLock::new(),
                call_memo: std::sync::OnceLock::new(),
                scope_memo: std::sync::OnceLock::new(),
                reads_command_line: std::sync::OnceLock::new(),
                path_memo: std::sync::OnceLock::new(),
                sql_kinds_memo: std::sync::OnceLock::new(),
                driver_aliases: super::driver_aliases::DriverAliases::default(),
            },
            scope: None,
            class: None,
            stmts: Vec::new(),
            exprs: Vec::new(),
            lambda_depth: 0,
        };
        walker.visit_body(suite);
        let mut model = walker.model;
        model.local_bindings = local_bindings(&model);
        // Before the callees: `self._db_module.connect(...)` must resolve.
        model.find_driver_aliases();
        let callees: Vec<Callee> = model
            .calls
            .iter()
            .map(|call| model.callee_of(&call.expr.func, call.scope))
            .collect();
        for (call, callee) in model.calls.iter_mut().zip(callees) {
            call.callee = callee;
        }
        for (i, call) in model.calls.iter().enumerate() {
            model.calls_by_scope.entry(call.scope).or_default().push(i);
            model.call_by_range.entry(call.range()).or_insert(i);
        }
        for (i, a) in model.assignments.iter().enumerate() {
            model
                .assignments_by_scope
                .entry(a.scope)
                .or_default()
                .push(i);
            if let Target::Name(name) = &a.target {
                model
                    .assignments_by_name
                    .entry(a.scope)
                    .or_default()
                    .entry(name.clone())
                    .or_default()
                    .push(i);
            }
        }
        for a in &model.assignments {
            if let (Target::Name(name), Some(id)) = (&a.target, a.scope) {
                model.assigned.insert(id, name);
            }
        }
        model
    }

    /// Positions in `calls` of the calls made directly in `scope`, in order.
    pub fn call_positions_in(&self, scope: Option<FuncId>) -> &[usize] {
        self.calls_by_scope
            .get(&scope)
            .map(Vec::as_slice)
            .unwrap_or(&[])
    }

    /// Positions in `assignments` of the assignments made directly in `scope`, in order.
    pub fn assignment_positions_in(&self, scope: Option<FuncId>) -> &[usize] {
        self.assignments_by_scope
            .get(&scope)
            .map(Vec::as_slice)
            .unwrap_or(&[])
    }

    /// The assignments made directly in `scope`, in order.
    pub fn assignments_in(
        &self,
        scope: Option<FuncId>,
    ) -> impl DoubleEndedIterator<Item = &Assignment<'a>> {
        self.assignment_positions_in(scope)
            .iter()
            .map(|&i| &self.assignments[i])
    }

    /// Whether function `id` assigns `name` (an assignment target, `global` or not).
    pub fn assigns_in(&self, id: FuncId, name: &str) -> bool {
        self.assigned.contains(id, name)
    }

    /// 1-based line and column of an offset, as editors count them.
    pub fn line_column(&self, offset: TextSize) -> (usize, usize) {
        let lc = self.lines.line_column(offset, self.text);
        (lc.line.get(), lc.column.get())
    }

    pub fn slice(&self, range: TextRange) -> &'a str {
        &self.text[range]
    }

    /// The dotted meaning of a name or attribute chain, through imports and builtins.
    pub fn resolve(&self, expr: &Expr, scope: Option<FuncId>) -> Option<String> {
        match expr {
            Expr::Name(name) => {
                let id = name.id.as_str();
                // A parameter or local of an enclosing function shadows a module
                // import of the same name (`def f(conn)` next to `from db import conn`).
                let mut current = scope;
                loop {
                    if let Some(import) = self.imports.lookup_in(id, current) {
                        return Some(import.target.clone());
                    }
                    if self.driver_aliases.is_name(current, id) {
                        return Some(super::driver_aliases::DRIVER.to_string());
                    }
                    match current {
                        Some(f) if self.binds_in_function(f, id) => return None,
                        Some(f) => current = self.scopes.function(f).parent,
                        None => break,
                    }
                }
                if BUILTINS.contains(&id) && !self.is_bound_locally(id, scope) {
                    return Some(format!("builtins.{id}"));
                }
                None
            }
            Expr::Attribute(attr) if self.is_driver_attr(attr, scope) => {
                Some(super::driver_aliases::DRIVER.to_string())
            }
            Expr::Attribute(attr) => self.resolve(&attr.value, scope).map(|mut base| {
                base.push('.');
                base.push_str(attr.attr.as_str());
                base
            }),
            _ => None,
        }
    }

    /// Fills `driver_aliases`: names first (through imports), then the `self`
    /// attributes, which may be bound from those names.
    fn find_driver_aliases(&mut self) {
        use super::driver_aliases as aliases;
        if !aliases::mentions_driver(self.text) {
            return;
        }
        let names = {
            let bindings = self.alias_bindings();
            let resolve = |e: &Expr, s: Option<FuncId>| self.resolve(e, s);
            aliases::names(&self.scopes, self.suite, &bindings, &resolve)
        };
        self.driver_aliases.names = names;
        let attrs = {
            let bindings = self.alias_bindings();
            let resolve = |e: &Expr, s: Option<FuncId>| self.resolve(e, s);
            aliases::attrs(&self.scopes, &bindings, &resolve)
        };
        self.driver_aliases.attrs = attrs;
    }

    /// The module's plain assignments, as driver_aliases.rs reads them.
    fn alias_bindings(&self) -> Vec<super::driver_aliases::Binding<'_>> {
        use super::driver_aliases::{Binding, Bound};
        self.assignments
            .iter()
            .filter(|a| a.kind == AssignKind::Assign)
            .map(|a| Binding {
                scope: a.scope,
                bound: match &a.target {
                    Target::Name(n) => Bound::Name(n.as_str()),
                    Target::SelfAttr(n) => Bound::SelfAttr(n.as_str()),
                    Target::Other => Bound::Other,
                },
                value: a.value,
            })
            .collect()
    }

    /// `self.<attr>` (or `cls.<attr>`) in a method of a class that binds the
    /// attribute to the `sqlite3` module (driver_aliases.rs).
    fn is_driver_attr(&self, attr: &ast::ExprAttribute, scope: Option<FuncId>) -> bool {
        if self.driver_aliases.is_empty() {
            return false;
        }
        matches!(&*attr.value, Expr::Name(n) if matches!(n.id.as_str(), "self" | "cls"))
            && self
                .scopes
                .enclosing_class(scope)
                .is_some_and(|c| self.driver_aliases.is_attr(c, attr.attr.as_str()))
    }

    /// A parameter of function `id`, or a name it assigns without `global`.
    fn binds_in_function(&self, id: FuncId, name: &str) -> bool {
        self.local_bindings.contains(id, name)
    }

    fn is_bound_locally(&self, name: &str, scope: Option<FuncId>) -> bool {
        if self.module_names.contains(name) {
            return true;
        }
        let mut current = scope;
        while let Some(id) = current {
            if self.binds_in_function(id, name) {
                return true;
            }
            current = self.scopes.function(id).parent;
        }
        false
    }

    fn callee_of(&self, func: &Expr, scope: Option<FuncId>) -> Callee {
        if let Some(qualified) = self.resolve(func, scope) {
            return Callee::Qualified(qualified);
        }
        match func {
            Expr::Name(name) => {
                let id = name.id.as_str();
                if self.module_names.contains(id)
                    && (self.scopes.module_function(id).is_some()
                        || self.scopes.class_named(id).is_some())
                {
                    Callee::Local(id.to_string())
                } else {
                    Callee::Unknown
                }
            }
            Expr::Attribute(attr) => {
                let name = attr.attr.as_str().to_string();
                match &*attr.value {
                    Expr::Name(base) if matches!(base.id.as_str(), "self" | "cls") => {
                        if self.scopes.enclosing_class(scope).is_some() {
                            Callee::SelfMethod(name)
                        } else {
                            Callee::Method {
                                receiver: Receiver::Name(base.id.to_string()),
                                name,
                            }
                        }
                    }
                    Expr::Name(base) => Callee::Method {
                        receiver: Receiver::Name(base.id.to_string()),
                        name,
                    },
                    value => Callee::Method {
                        receiver: receiver_of(value),
                        name,
                    },
                }
            }
            _ => Callee::Unknown,
        }
    }

    /// The call whose expression has exactly this range.
    pub fn call_at(&self, range: TextRange) -> Option<&Call<'a>> {
        self.call_by_range.get(&range).map(|&i| &self.calls[i])
    }

    /// The function of this module `call` runs: a module function by name, or
    /// `self.method(...)` of the enclosing class.
    pub fn called_function(&self, call: &Call<'_>) -> Option<FuncId> {
        match &call.callee {
            Callee::Local(f) => self.scopes.module_function(f),
            Callee::SelfMethod(m) => self
                .scopes
                .enclosing_class(call.scope)
                .and_then(|c| self.scopes.method(c, m)),
            _ => None,
        }
    }

    /// Calls in `scope` itself (not in nested functions).
    pub fn calls_in(&self, scope: Option<FuncId>) -> impl Iterator<Item = &Call<'a>> {
        self.call_positions_in(scope)
            .iter()
            .map(|&i| &self.calls[i])
    }

    /// Whether `name` is declared `global` in `scope`.
    pub fn is_global_in(&self, scope: Option<FuncId>, name: &str) -> bool {
        scope.is_some_and(|id| self.globals.iter().any(|(f, n)| *f == id && n == name))
    }

    /// The last assignment to `name` in `scope` before `offset` (`Name` targets only).
    pub fn last_assignment(
        &self,
        scope: Option<FuncId>,
        name: &str,
        offset: TextSize,
    ) -> Option<&Assignment<'a>> {
        // Only the scope's own assignments to the name, not all of the scope's.
        self.assignments_named_in(scope, name)
            .rfind(|a| a.stmt.start() < offset)
    }

    /// The assignments to the plain name `name` made in `scope` itself (not in
    /// the scopes around it), in order; looked up, not scanned for.
    pub fn assignments_named_in(
        &self,
        scope: Option<FuncId>,
        name: &str,
    ) -> impl DoubleEndedIterator<Item = &Assignment<'a>> {
        self.assignments_by_name
            .get(&scope)
            .and_then(|names| names.get(name))
            .map_or(&[][..], Vec::as_slice)
            .iter()
            .map(|&i| &self.assignments[i])
    }

    /// The memo byte of `scope` (see `scope_memo`).
    pub fn scope_memo(&self, scope: Option<FuncId>) -> Option<&std::sync::atomic::AtomicU8> {
        let memo = self.scope_memo.get_or_init(|| {
            (0..=self.scopes.functions.len())
                .map(|_| std::sync::atomic::AtomicU8::new(0))
                .collect()
        });
        memo.get(scope.map_or(0, |id| id + 1))
    }

    /// `compute`'s answer to whether the module reads its command line, found once.
    pub fn reads_command_line(&self, compute: impl FnOnce() -> bool) -> bool {
        *self.reads_command_line.get_or_init(compute)
    }

    /// The memo byte of `call` (see `call_memo`); `None` for a call that is not
    /// one of `calls` (built elsewhere).
    pub fn call_memo(&self, call: &Call<'a>) -> Option<&std::sync::atomic::AtomicU8> {
        let size = std::mem::size_of::<Call<'a>>();
        let start = self.calls.as_ptr() as usize;
        let offset = (call as *const Call<'a> as usize).checked_sub(start)?;
        if size == 0 || offset % size != 0 || offset / size >= self.calls.len() {
            return None;
        }
        let memo = self.call_memo.get_or_init(|| {
            (0..self.calls.len())
                .map(|_| std::sync::atomic::AtomicU8::new(0))
                .collect()
        });
        memo.get(offset / size)
    }

    /// `compute`'s answer for `call`, kept per call of `calls` (a call built
    /// elsewhere is computed each time); see `sql_kinds_memo`.
    pub fn sql_kinds_of_call(
        &self,
        call: &Call<'a>,
        compute: impl FnOnce() -> Option<Vec<SqlKind>>,
    ) -> Option<Vec<SqlKind>> {
        let Some(&i) = self.call_by_range.get(&call.range()) else {
            return compute();
        };
        if self.calls[i].scope != call.scope {
            return compute();
        }
        let memo = self.sql_kinds_memo.get_or_init(|| {
            (0..self.calls.len())
                .map(|_| std::sync::OnceLock::new())
                .collect()
        });
        memo[i].get_or_init(compute).clone()
    }

    /// The calls whose callee's last name is `name`: `name(...)` and `x.name(...)`.
    pub fn calls_named(&self, name: &str) -> impl Iterator<Item = &Call<'a>> {
        let index = self.calls_by_name.get_or_init(|| {
            let mut index: rustc_hash::FxHashMap<String, Vec<usize>> =
                rustc_hash::FxHashMap::default();
            for (i, call) in self.calls.iter().enumerate() {
                let last = match &*call.expr.func {
                    Expr::Name(n) => n.id.as_str(),
                    Expr::Attribute(a) => a.attr.as_str(),
                    _ => continue,
                };
                index.entry(last.to_string()).or_default().push(i);
            }
            index
        });
        index
            .get(name)
            .into_iter()
            .flatten()
            .map(|&i| &self.calls[i])
    }

    /// The calls, in order, that pass `name` or `self.name` as a positional
    /// argument: "where is this function handed over" without scanning every
    /// call of the module per function.
    pub fn calls_passing(&self, name: &str) -> impl Iterator<Item = &Call<'a>> {
        let index = self.calls_by_argument.get_or_init(|| {
            let mut index: rustc_hash::FxHashMap<String, Vec<usize>> = rustc_hash::FxHashMap::default();
            for (i, call) in self.calls.iter().enumerate() {
                for arg in &call.expr.arguments.args {
                    let passed = match arg {
                        Expr::Name(n) => n.id.as_str(),
                        Expr::Attribute(a) if matches!(&*a.value, Expr::Name(s) if s.id.as_str() == "self") => {
                            a.attr.as_str()
                        }
                        _ => continue,
                    };
                    let positions = index.entry(passed.to_string()).or_default();
                    if positions.last() != Some(&i) {
                        positions.push(i);
                    }
                }
            }
            index
        });
        index
            .get(name)
            .into_iter()
            .flatten()
            .map(|&i| &self.calls[i])
    }

    /// The assignments to `self.<attr>` anywhere in the module, in order: asked
    /// per `with` item and per attribute, a scan of every assignment each time
    /// was quadratic in the module's length.
    pub fn self_attr_assignments(&self, attr: &str) -> impl Iterator<Item = &Assignment<'a>> {
        let index = self.self_attr_assignments.get_or_init(|| {
            let mut index: rustc_hash::FxHashMap<String, Vec<usize>> =
                rustc_hash::FxHashMap::default();
            for (i, a) in self.assignments.iter().enumerate() {
                if let Target::SelfAttr(name) = &a.target {
                    index.entry(name.clone()).or_default().push(i);
                }
            }
            index
        });
        index
            .get(attr)
            .into_iter()
            .flatten()
            .map(|&i| &self.assignments[i])
    }

    /// How many times `name` is used as an identifier in the module, every call
    /// and every other reference, not counting the name of its own `def`.
    pub fn uses_of_name(&self, name: &str) -> usize {
        let counts = self.name_uses.get_or_init(|| {
            use ruff_python_ast::token::TokenKind;
            let mut counts: rustc_hash::FxHashMap<String, usize> = rustc_hash::FxHashMap::default();
            let mut after_def = false;
            for token in self.tokens.iter() {
                if token.kind() == TokenKind::Name && !after_def {
                    let name = &self.text[token.range()];
                    match counts.get_mut(name) {
                        Some(count) => *count += 1,
                        None => {
                            counts.insert(name.to_string(), 1);
                        }
                    }
                }
                after_def = token.kind() == TokenKind::Def;
            }
            counts
        });
        counts.get(name).copied().unwrap_or(0)
    }

    /// Where a name is bound in the nearest scope that binds it: its assignments there.
    pub fn assignments_of(&self, scope: Option<FuncId>, name: &str) -> Vec<&Assignment<'a>> {
        self.assignment_positions_of(scope, name)
            .iter()
            .map(|&i| &self.assignments[i])
            .collect()
    }

    /// [`Self::assignments_of`] as positions in `assignments`, without a vector.
    pub fn assignment_positions_of(&self, scope: Option<FuncId>, name: &str) -> &[usize] {
        let mut current = scope;
        loop {
            if let Some(found) = self
                .assignments_by_name
                .get(&current)
                .and_then(|names| names.get(name))
            {
                return found;
            }
            match current {
                Some(id) => current = self.scopes.functions[id].parent,
                None => return &[],
            }
        }
    }

    /// `compute`'s per-module memo (see `path_memo`), made on first use.
    pub fn path_memo<T: std::any::Any + Send + Sync>(&self, make: impl FnOnce() -> T) -> &T {
        self.path_memo
            .get_or_init(|| Box::new(make()))
            .downcast_ref()
            .expect("one type of memo per model")
    }
}

fn local_bindings(model: &Model<'_>) -> Names {
    let mut out = Names::default();
    for (id, f) in model.scopes.functions.iter().enumerate() {
        for p in f.parameter_names() {
            out.insert(id, p);
        }
    }
    for a in &model.assignments {
        if let (Some(id), Target::Name(name)) = (a.scope, &a.target) {
            if !model.is_global_in(Some(id), name) {
                out.insert(id, name);
            }
        }
    }
    out
}

/// Names bound per function, looked up by `(function, name)` without building a
/// `String` per question.
#[derive(Default)]
struct Names(rustc_hash::FxHashMap<FuncId, rustc_hash::FxHashSet<String>>);

impl Names {
    fn insert(&mut self, id: FuncId, name: &str) {
        let names = self.0.entry(id).or_default();
        if !names.contains(name) {
            names.insert(name.to_string());
        }
    }

    fn contains(&self, id: FuncId, name: &str) -> bool {
        self.0.get(&id).is_some_and(|names| names.contains(name))
    }
}

/// The builtins whose meaning a codemod depends on.
const BUILTINS: &[&str] = &[
    "open",
    // Python 2's `file(path, mode)`, the same opener as `open`.
    "file",
    "print",
    "len",
    "isinstance",
    "dict",
    "list",
    "tuple",
    "str",
    "int",
    "float",
    "bool",
    "enumerate",
    "range",
    "zip",
    "min",
    "max",
    "sorted",
    "repr",
    "round",
    "super",
];

fn receiver_of(expr: &Expr) -> Receiver {
    match expr {
        Expr::Name(name) => Receiver::Name(name.id.to_string()),
        Expr::Attribute(attr) => match &*attr.value {
            Expr::Name(base) if base.id.as_str() == "self" => {
                Receiver::SelfAttr(attr.attr.to_string())
            }
            _ => Receiver::Other,
        },
        Expr::Call(call) => Receiver::Call(call.range()),
        _ => Receiver::Other,
    }
}

/// `self.attr` → `SelfAttr`, a bare name → `Name`.
pub fn target_of(expr: &Expr) -> Target {
    match expr {
        Expr::Name(name) => Target::Name(name.id.to_string()),
        Expr::Attribute(attr) => match &*attr.value {
            Expr::Name(base) if base.id.as_str() == "self" => {
                Target::SelfAttr(attr.attr.to_string())
            }
            _ => Target::Other,
        },
        _ => Target::Other,
    }
}

struct Walker<'a> {
    model: Model<'a>,
    scope: Option<FuncId>,
    class: Option<ClassId>,
    stmts: Vec<&'a Stmt>,
    exprs: Vec<&'a Expr>,
    lambda_depth: usize,
}

impl<'a> Walker<'a> {
    fn assign(&mut self, target: &'a Expr, value: &'a Expr, stmt: &'a Stmt, kind: AssignKind) {
        let names: Vec<&'a Expr> = match target {
            Expr::Tuple(t) if kind == AssignKind::ForLoop => t.elts.iter().collect(),
            Expr::Tuple(t) => t.elts.iter().collect(),
            Expr::List(l) => l.elts.iter().collect(),
            other => vec![other],
        };
        let unpacking = names.len() > 1 || !matches!(target, Expr::Name(_) | Expr::Attribute(_));
        for name in names {
            let t = target_of(name);
            if self.scope.is_none() {
                if let Target::Name(n) = &t {
                    self.model.module_names.insert(n.clone());
                }
            }
            if unpacking && kind != AssignKind::ForLoop {
                // Which element of the value goes where is not tracked; record the
                // binding so the name is known to be local, with the whole value.
            }
            self.model.assignments.push(Assignment {
                scope: self.scope,
                target: t,
                value,
                stmt,
                kind,
                target_expr: target,
            });
        }
    }
}

impl<'a> Visitor<'a> for Walker<'a> {
    fn visit_stmt(&mut self, stmt: &'a Stmt) {
        self.stmts.push(stmt);
        match stmt {
            Stmt::FunctionDef(def) => {
                if self.scope.is_none() && self.class.is_none() {
                    self.model.module_names.insert(def.name.to_string());
                }
                for decorator in &def.decorator_list {
                    self.visit_decorator(decorator);
                }
                self.visit_parameters(&def.parameters);
                if let Some(returns) = &def.returns {
                    self.visit_annotation(returns);
                }
                let qualname = match (self.class, self.scope) {
                    (Some(class), _) => {
                        format!("{}.{}", self.model.scopes.classes[class].qualname, def.name)
                    }
                    (None, Some(outer)) => format!(
                        "{}.<locals>.{}",
                        self.model.scopes.functions[outer].qualname, def.name
                    ),
                    (None, None) => def.name.to_string(),
                };
                let body_range = match (def.body.first(), def.body.last()) {
                    (Some(first), Some(last)) => TextRange::new(first.start(), last.end()),
                    _ => TextRange::empty(def.end()),
                };
                let id = self.model.scopes.functions.len();
                self.model.scopes.functions.push(Function {
                    def,
                    parent: self.scope,
                    class: self.class,
                    qualname,
                    body_range,
                    params: Function::positional_names(def, self.class.is_some()),
                });
                let (outer_scope, outer_class) = (self.scope, self.class);
                self.scope = Some(id);
                self.class = None;
                self.visit_body(&def.body);
                self.scope = outer_scope;
                self.class = outer_class;
            }
            Stmt::ClassDef(def) => {
                if self.scope.is_none() && self.class.is_none() {
                    self.model.module_names.insert(def.name.to_string());
                }
                for decorator in &def.decorator_list {
                    self.visit_decorator(decorator);
                }
                if let Some(arguments) = &def.arguments {
                    self.visit_arguments(arguments);
                }
                let qualname = match (self.class, self.scope) {
                    (Some(class), _) => {
                        format!("{}.{}", self.model.scopes.classes[class].qualname, def.name)
                    }
                    (None, Some(outer)) => format!(
                        "{}.<locals>.{}",
                        self.model.scopes.functions[outer].qualname, def.name
                    ),
                    (None, None) => def.name.to_string(),
                };
                let id = self.model.scopes.classes.len();
                self.model.scopes.classes.push(Class {
                    def,
                    parent: self.scope,
                    qualname,
                });
                let outer_class = self.class;
                self.class = Some(id);
                self.visit_body(&def.body);
                self.class = outer_class;
            }
            Stmt::Import(import) => {
                for alias in &import.names {
                    let full = alias.name.as_str();
                    let (local, target) = match &alias.asname {
                        Some(asname) => (asname.to_string(), full.to_string()),
                        None => {
                            let first = full.split('.').next().unwrap_or(full);
                            (first.to_string(), first.to_string())
                        }
                    };
                    self.bind_import(local, target, true);
                }
            }
            Stmt::ImportFrom(import) => {
                for alias in &import.names {
                    if alias.name.as_str() == "*" {
                        self.bind_star_import(
                            import.level,
                            import.module.as_ref().map(|m| m.as_str()),
                        );
                        continue;
                    }
                    let local = alias.asname.as_ref().unwrap_or(&alias.name).to_string();
                    let target = from_import_target(
                        import.level,
                        import.module.as_ref().map(|m| m.as_str()),
                        alias.name.as_str(),
                    );
                    self.bind_import(local, target, false);
                }
            }
            Stmt::Global(global) => {
                if let Some(scope) = self.scope {
                    for name in &global.names {
                        self.model.globals.push((scope, name.to_string()));
                    }
                }
                visitor::walk_stmt(self, stmt);
            }
            Stmt::Assign(assign) => {
                for target in &assign.targets {
                    self.assign(target, &assign.value, stmt, AssignKind::Assign);
                }
                visitor::walk_stmt(self, stmt);
            }
            Stmt::AnnAssign(assign) => {
                if let Some(value) = &assign.value {
                    self.assign(&assign.target, value, stmt, AssignKind::Assign);
                }
                visitor::walk_stmt(self, stmt);
            }
            Stmt::For(for_stmt) => {
                self.assign(&for_stmt.target, &for_stmt.iter, stmt, AssignKind::ForLoop);
                visitor::walk_stmt(self, stmt);
            }
            Stmt::With(with) => {
                for item in &with.items {
                    if let Some(vars) = &item.optional_vars {
                        self.assign(vars, &item.context_expr, stmt, AssignKind::WithItem);
                    }
                }
                visitor::walk_stmt(self, stmt);
            }
            _ => visitor::walk_stmt(self, stmt),
        }
        self.stmts.pop();
    }

    fn visit_expr(&mut self, expr: &'a Expr) {
        match expr {
            Expr::Call(call) => {
                let stmt = *self.stmts.last().expect("expressions live in statements");
                self.model.calls.push(Call {
                    expr: call,
                    scope: self.scope,
                    stmt,
                    parent: self.exprs.last().copied(),
                    in_lambda: self.lambda_depth > 0,
                    callee: Callee::Unknown,
                });
            }
            Expr::Named(named) => {
                let stmt = *self.stmts.last().expect("expressions live in statements");
                self.assign(&named.target, &named.value, stmt, AssignKind::Walrus);
            }
            _ => {}
        }
        let is_lambda = expr.is_lambda_expr();
        if is_lambda {
            self.lambda_depth += 1;
        }
        self.exprs.push(expr);
        visitor::walk_expr(self, expr);
        self.exprs.pop();
        if is_lambda {
            self.lambda_depth -= 1;
        }
    }
}

impl Walker<'_> {
    /// `from <module> import *`: recorded (project modules' names are matched
    /// where they matter, super::imports::Imports::stars), and for the database
    /// libraries of [`STAR_EXPORTS`] each public name the rules resolve is bound
    /// as if imported by name (old SQLAlchemy scripts write `from sqlalchemy
    /// import *` and call `create_engine`, `scoped_session` bare).
    fn bind_star_import(&mut self, level: u32, module: Option<&str>) {
        let mut target = ".".repeat(level as usize);
        target.push_str(module.unwrap_or_default());
        self.model.imports.add_star(target.clone(), self.scope);
        if let Some((_, names)) = STAR_EXPORTS.iter().find(|(m, _)| *m == target) {
            for name in *names {
                self.bind_import((*name).to_string(), format!("{target}.{name}"), false);
            }
        }
    }

    fn bind_import(&mut self, local: String, target: String, is_module_import: bool) {
        if self.scope.is_none() {
            self.model.module_names.insert(local.clone());
        }
        self.model.imports.add(Import {
            local,
            target,
            scope: self.scope,
            is_module_import,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_parameter_shadows_a_module_import() {
        let text = "from db import conn\n\n\ndef configure(conn):\n    conn.execute('PRAGMA synchronous=NORMAL')\n\n\ndef save():\n    conn.commit()\n";
        let parsed = crate::check::parse(text).unwrap();
        let model = Model::build(Path::new("m.py"), text, parsed.suite(), parsed.tokens());
        let execute = model
            .calls
            .iter()
            .find(|c| model.slice(c.range()).starts_with("conn.execute"))
            .unwrap();
        assert_eq!(execute.method_name(), Some("execute"));
        let commit = model
            .calls
            .iter()
            .find(|c| model.slice(c.range()).starts_with("conn.commit"))
            .unwrap();
        assert_eq!(commit.qualified(), Some("db.conn.commit"));
    }
}
