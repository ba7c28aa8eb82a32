//! Where a module opens database files and how often each site runs, for
//! sole_connection.rs. How many connections can hold a database's write lock at once. "database is
//! locked" (SQLITE_BUSY) is one connection waiting for another's lock: a
//! connection never waits for itself, however many threads share it
//! (docs/sqlite-facts.md#F-busy-needs-two). A program that opens each of its
//! database files once for the process lifetime, in a process nothing else of
//! the project runs beside, cannot lose a write to a lock error.
//!
//! Each module lists where it opens a database and how often that site runs
//! ([`Opener`]): once per process (module level, a lazily filled global or
//! class attribute behind an `if x is None:`, a global replaced in place, a
//! `main()` or lifespan function, an `lru_cache`d factory), once per instance
//! of a class (`self.conn = ...`, as many as the project makes instances), or
//! many times (a connection per call, per thread, an engine's or peewee's pool,
//! another library's opener). It also lists where it makes instances of classes
//! ([`ClassUses`]): one module-level or guarded `Store(...)` is one instance;
//! any other call, or the class handed on as a value (`Depends(Store)`, a
//! subclass), is an unknown number.
//!
//! The project then has one connection per database ([`second_connection`]
//! gives `None`) when every site runs once, no two sites may open the same
//! file, and no other process of the project opens them: no worker processes
//! or process-per-worker servers, and exactly one program of the project (a
//! script, an application object a server loads) imports each opening module.
//! A project that opens nothing itself (a library: its callers open the
//! connections) is unknown, as is a module no program reaches.

use ruff_python_ast::visitor::{self, Visitor};
use ruff_python_ast::{CmpOp, Expr, Stmt, UnaryOp};
use ruff_text_size::{Ranged, TextRange};

use super::model::Model;
use super::scopes::FuncId;
use super::strings::{Piece, string_value};

/// How many connections one opening site makes over the process lifetime.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Lifetime {
    Once,
    /// One per instance of the class with this (simple) name.
    PerInstance(String),
    /// Per call, per thread, or a pool: the text says which.
    Many(String),
}

/// A site that opens a database file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Opener {
    /// `sqlite3.connect`, `a SQLAlchemy engine`, ...
    pub what: String,
    /// As `databases` keys files: `file:app.db`, `name:DB_PATH`; `None` when the
    /// source cannot name it.
    pub identity: Option<String>,
    pub lifetime: Lifetime,
    pub line: usize,
    /// Opened by module-level code, as the module is imported: every program
    /// loading the module opens it (second_party.rs keys it by the module when
    /// the source cannot name the file).
    pub at_import: bool,
}

/// Where a module makes instances of classes, by the class's simple name.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ClassUses {
    /// Made once per process here (module level, behind a None-guard, in a
    /// once-run function): one entry per site.
    pub once: Vec<String>,
    /// Made anywhere else, or handed on as a value: an unknown number.
    pub other: Vec<String>,
    /// Made once per instance of another class, held on its `self`:
    /// `(made, owner)`, as many as there are owners.
    pub within: Vec<(String, String)>,
}

/// Functions a program runs once: its entry and its server's lifespan.
const ONCE_FUNCTIONS: &[&str] = &[
    "main",
    "_main",
    "amain",
    "async_main",
    "lifespan",
    "startup",
    "on_startup",
    "setup_hook",
];

/// Other libraries' openers: each makes connections of its own, per thread or pooled.
const POOLED_OPENERS: &[(&str, &str)] = &[
    (
        "peewee.SqliteDatabase",
        "a peewee database (a connection per thread)",
    ),
    ("playhouse.", "a peewee database (a connection per thread)"),
    ("sqlite_utils.Database", "a sqlite_utils database"),
    ("dataset.connect", "a dataset database (pooled)"),
    ("databases.Database", "a `databases` pool"),
    ("tortoise.", "a Tortoise ORM pool"),
    ("pony.orm.", "a Pony ORM database (a connection per thread)"),
];

/// Every opening site of the module and every class instantiation.
/// `identity` names the file a connect call opens (`databases` keys them;
/// passed in so that this module stays below the project index).
pub fn of_module(
    model: &Model<'_>,
    identity: &dyn Fn(&super::model::Call<'_>, &Expr, bool) -> Option<String>,
) -> (Vec<Opener>, ClassUses) {
    let mut walker = Walker {
        model,
        identity,
        guards: Vec::new(),
        assign_target: None,
        openers: Vec::new(),
        uses: ClassUses::default(),
        skip: rustc_hash::FxHashSet::default(),
        loops: 0,
    };
    walker.visit_body(model.suite);
    (walker.openers, walker.uses)
}

struct Walker<'m, 'a> {
    model: &'m Model<'a>,
    identity: &'m dyn Fn(&super::model::Call<'_>, &Expr, bool) -> Option<String>,
    /// The texts `if x is None:` / `if not x:` tested, around the statement.
    guards: Vec<String>,
    /// The target of the single-target assignment being visited, and whether a
    /// guard tests it.
    assign_target: Option<(String, bool)>,
    openers: Vec<Opener>,
    uses: ClassUses,
    /// Name loads that are the callee of a call or the receiver of an attribute.
    skip: rustc_hash::FxHashSet<TextRange>,
    /// Loops and comprehensions around the statement in its function.
    loops: usize,
}

fn none_test(test: &Expr) -> Option<&Expr> {
    match test {
        Expr::Compare(c)
            if c.ops.len() == 1
                && c.ops[0] == CmpOp::Is
                && c.comparators[0].is_none_literal_expr() =>
        {
            Some(&c.left)
        }
        Expr::UnaryOp(u) if u.op == UnaryOp::Not => Some(&u.operand),
        _ => None,
    }
}

impl<'m, 'a> Walker<'m, 'a> {
    fn scope_at(&self, expr: &Expr) -> Option<FuncId> {
        self.model.scopes.function_at(expr.start())
    }

    fn once_function(&self, scope: Option<FuncId>) -> bool {
        let Some(id) = scope else {
            return true;
        };
        let f = self.model.scopes.function(id);
        ONCE_FUNCTIONS.contains(&f.name())
            || f.def.decorator_list.iter().any(|d| {
                let text = self.model.slice(d.range());
                text.contains("on_event(\"startup\")") || text.contains("on_event('startup')")
            })
    }

    /// The function returns the value held by `target` (`return self._conn`):
    /// callers keep a reference past a replacement.
    fn returns_target(&self, scope: FuncId, target: &str) -> bool {
        super::visit::any_stmt(
            &self.model.scopes.function(scope).def.body,
            |s| matches!(s, Stmt::Return(r) if r.value.as_ref().is_some_and(|v| self.model.slice(v.range()) == target)),
        )
    }

    fn cached(&self, scope: FuncId) -> Option<bool> {
        let f = self.model.scopes.function(scope);
        f.def.decorator_list.iter().find_map(|d| {
            let q =
                self.model
                    .resolve(&d.expression, f.parent)
                    .or_else(|| match &d.expression {
                        Expr::Call(c) => self.model.resolve(&c.func, f.parent),
                        _ => None,
                    })?;
            match q.as_str() {
                "functools.lru_cache" | "functools.cache" => Some(true),
                "functools.cached_property" => Some(false),
                _ => None,
            }
        })
    }

    /// How often the opening call `expr` in its statement runs.
    fn lifetime(&self, expr: &Expr, in_lambda: bool) -> Lifetime {
        let scope = self.scope_at(expr);
        if in_lambda || self.loops > 0 {
            return Lifetime::Many("connections opened in a loop or a lambda".to_string());
        }
        if self.once_function(scope) {
            return Lifetime::Once;
        }
        let id = scope.expect("a function scope");
        let f = self.model.scopes.function(id);
        let class = self
            .model
            .scopes
            .enclosing_class(scope)
            .map(|c| self.model.scopes.classes[c].def.name.to_string());
        let per_call = |why: &str| Lifetime::Many(format!("{why} `{}`", f.qualname));
        match self.cached(id) {
            Some(true) if f.params.is_empty() => return Lifetime::Once,
            Some(false) => {
                return class.map_or_else(
                    || per_call("a new connection per call of"),
                    Lifetime::PerInstance,
                );
            }
            _ => {}
        }
        // A thread that opens its connection and then serves a queue of
        // requests opens it once per owner thread (owner_thread.rs).
        match super::owner_thread::owners(self.model, id) {
            Some(super::owner_thread::Owners::Once) => return Lifetime::Once,
            Some(super::owner_thread::Owners::PerInstance(c)) => return Lifetime::PerInstance(c),
            None => {}
        }
        match self.holder(expr.start()) {
            Holder::Process => Lifetime::Once,
            Holder::Instance(c) => Lifetime::PerInstance(c),
            Holder::Many => per_call("a new connection per call of"),
        }
    }

    /// What keeps the value the assignment being visited stores, in the
    /// function at `at`: the process (a module-level name or a global, a class
    /// attribute, an attribute of a module-level object), one instance (`self.x`),
    /// or nothing that outlives the call. A value replaced in place is still one
    /// at a time, unless the function also returns it (its callers keep the old
    /// one) and no `if x is None:` guards the assignment.
    fn holder(&self, at: ruff_text_size::TextSize) -> Holder {
        let scope = self.model.scopes.function_at(at);
        if self.once_function(scope) {
            return Holder::Process;
        }
        let Some(id) = scope else {
            return Holder::Process;
        };
        let Some((target, guarded)) = &self.assign_target else {
            return Holder::Many;
        };
        let class = self
            .model
            .scopes
            .enclosing_class(scope)
            .map(|c| self.model.scopes.classes[c].def.name.to_string());
        let one_at_a_time = *guarded || !self.returns_target(id, target);
        let head = target.split('.').next().unwrap_or(target);
        let on_self = head == "self" && target.matches('.').count() == 1;
        let on_class =
            (head == "cls" && target.matches('.').count() == 1) || class.as_deref() == Some(head);
        let f = self.model.scopes.function(id);
        let module_level = !matches!(head, "self" | "cls")
            && !f.has_parameter(head)
            && (self.model.is_global_in(scope, head)
                || self
                    .model
                    .assignments_of(scope, head)
                    .first()
                    .is_none_or(|a| a.scope != scope));
        let global = module_level && (target.contains('.') || self.model.is_global_in(scope, head));
        if on_class || (global && one_at_a_time) {
            Holder::Process
        } else if on_self && one_at_a_time {
            class.map_or(Holder::Many, Holder::Instance)
        } else {
            Holder::Many
        }
    }

    fn opener(&mut self, expr: &Expr) {
        let model = self.model;
        let Some(call) = model.call_at(expr.range()) else {
            return;
        };
        let Some(q) = call.qualified() else {
            return;
        };
        let line = model.line_column(expr.start()).0;
        let (what, arg, is_url) = match q {
            "sqlite3.connect" | "sqlite3.dbapi2.connect" | "pysqlite2.dbapi2.connect" => {
                ("sqlite3.connect", call.argument(0, "database"), false)
            }
            "aiosqlite.connect" | "aiosqlite.core.connect" => {
                ("aiosqlite.connect", call.argument(0, "database"), false)
            }
            "apsw.Connection" => ("apsw.Connection", call.argument(0, "filename"), false),
            _ if q.starts_with("sqlalchemy")
                && (q.ends_with(".create_engine") || q.ends_with(".create_async_engine")) =>
            {
                (
                    "a SQLAlchemy engine",
                    crate::semantic::splat_keywords::argument(model, call, 0, "url"),
                    true,
                )
            }
            _ => {
                if let Some((_, what)) = POOLED_OPENERS
                    .iter()
                    .find(|(p, _)| q == *p || (p.ends_with('.') && q.starts_with(p)))
                {
                    self.openers.push(Opener {
                        what: (*what).to_string(),
                        identity: None,
                        lifetime: Lifetime::Many((*what).to_string()),
                        line,
                        at_import: call.scope.is_none() && !call.in_lambda,
                    });
                }
                return;
            }
        };
        if let Some(arg) = arg {
            match private_or_other(model, call.scope, arg, is_url) {
                Some(Private::Yes) => return,
                Some(Private::OtherEngine) => return,
                None => {}
            }
            if !is_url
                && super::connection_purpose::is_immutable_uri(model, arg, call.scope, expr.start())
            {
                return;
            }
        }
        let identity = arg.and_then(|a| (self.identity)(call, a, is_url));
        let lifetime = if is_url && !static_pool(model, call) {
            Lifetime::Many("a SQLAlchemy engine's connection pool".to_string())
        } else {
            self.lifetime(expr, call.in_lambda)
        };
        self.openers.push(Opener {
            what: what.to_string(),
            identity,
            lifetime,
            line,
            at_import: call.scope.is_none() && !call.in_lambda,
        });
    }

    /// `Store(...)`, `cls(...)`, `models.Store(...)`.
    fn instantiation(&mut self, call: &ruff_python_ast::ExprCall) {
        let name = match &*call.func {
            Expr::Name(n) if n.id.as_str() == "cls" => {
                let scope = self.model.scopes.function_at(call.start());
                match self.model.scopes.enclosing_class(scope) {
                    Some(c) => self.model.scopes.classes[c].def.name.to_string(),
                    None => return,
                }
            }
            Expr::Name(n) => n.id.to_string(),
            Expr::Attribute(a) => a.attr.to_string(),
            _ => return,
        };
        if !looks_like_class(&name) {
            return;
        }
        let scope = self.model.scopes.function_at(call.start());
        if self.loops > 0 {
            self.uses.other.push(name);
            return;
        }
        match self.holder(call.start()) {
            Holder::Process => self.uses.once.push(name),
            Holder::Instance(owner) => self.uses.within.push((name, owner)),
            Holder::Many => {
                let cached = scope.is_some_and(|id| {
                    self.cached(id) == Some(true)
                        && self.model.scopes.function(id).params.is_empty()
                });
                if cached {
                    self.uses.once.push(name);
                } else {
                    self.uses.other.push(name);
                }
            }
        }
    }
}

enum Holder {
    Process,
    /// An instance of the class with this name.
    Instance(String),
    Many,
}

fn looks_like_class(name: &str) -> bool {
    name.chars().next().is_some_and(|c| c.is_ascii_uppercase())
        && name.chars().any(|c| c.is_ascii_lowercase())
}

enum Private {
    /// `:memory:`, `mode=memory`, `sqlite://`: no other connection can reach it.
    Yes,
    /// A URL of another database engine (`postgresql://...`).
    OtherEngine,
}

fn private_or_other(
    model: &Model<'_>,
    scope: Option<FuncId>,
    arg: &Expr,
    is_url: bool,
) -> Option<Private> {
    let value = string_value(model, arg, scope, arg.start())?;
    let Some(Piece::Text(head)) = value.pieces.first() else {
        return None;
    };
    if is_url {
        if !head.starts_with("sqlite") {
            return head.contains("://").then_some(Private::OtherEngine);
        }
        let rest = head.split_once("://").map_or("", |(_, r)| r);
        let whole = value.pieces.len() == 1;
        return (whole && (rest.is_empty() || rest == "/" || rest.contains(":memory:")))
            .then_some(Private::Yes);
    }
    (value.pieces.len() == 1 && (head == ":memory:" || head.contains("mode=memory")))
        .then_some(Private::Yes)
}

/// `create_engine(..., poolclass=StaticPool)`, or a queue pool of one with no
/// overflow (`pool_size=1, max_overflow=0`): one connection for the engine at
/// a time.
fn static_pool(model: &Model<'_>, call: &super::model::Call<'_>) -> bool {
    let literal = |name: &str, value: &str| {
        call.keyword(name)
            .is_some_and(|v| model.slice(v.range()).trim() == value)
    };
    call.keyword("poolclass")
        .is_some_and(|p| model.slice(p.range()).ends_with("StaticPool"))
        || (literal("pool_size", "1") && literal("max_overflow", "0"))
}

impl<'a> Visitor<'a> for Walker<'_, 'a> {
    fn visit_stmt(&mut self, stmt: &'a Stmt) {
        match stmt {
            Stmt::If(i) => {
                self.visit_expr(&i.test);
                let guard = none_test(&i.test).map(|e| self.model.slice(e.range()).to_string());
                let pushed = guard.is_some();
                if let Some(g) = guard {
                    self.guards.push(g);
                }
                self.visit_body(&i.body);
                if pushed {
                    self.guards.pop();
                }
                for clause in &i.elif_else_clauses {
                    self.visit_elif_else_clause(clause);
                }
            }
            Stmt::Assign(a) if a.targets.len() == 1 => {
                let target = self.model.slice(a.targets[0].range()).to_string();
                let guarded = self.guards.contains(&target);
                let saved = self.assign_target.replace((target, guarded));
                self.visit_expr(&a.value);
                self.assign_target = saved;
                self.visit_expr(&a.targets[0]);
            }
            Stmt::AnnAssign(a) if a.value.is_some() => {
                let target = self.model.slice(a.target.range()).to_string();
                let guarded = self.guards.contains(&target);
                let saved = self.assign_target.replace((target, guarded));
                if let Some(v) = &a.value {
                    self.visit_expr(v);
                }
                self.assign_target = saved;
            }
            Stmt::ClassDef(c) => {
                // A base is the class handed on: its subclasses' instances are its own.
                if let Some(args) = &c.arguments {
                    for base in args.args.iter() {
                        if let Some(name) = simple_name(base) {
                            if looks_like_class(&name) {
                                self.uses.other.push(name);
                            }
                        }
                    }
                }
                let saved = self.assign_target.take();
                self.visit_body(&c.body);
                self.assign_target = saved;
            }
            Stmt::FunctionDef(f) => {
                for d in &f.decorator_list {
                    self.visit_expr(&d.expression);
                }
                // `store=Depends(Store)`: defaults run where the def is, and a
                // class handed on there is made per request.
                for p in f.parameters.iter_non_variadic_params() {
                    if let Some(d) = p.default() {
                        self.visit_expr(d);
                    }
                }
                let saved = self.assign_target.take();
                let guards = std::mem::take(&mut self.guards);
                let loops = std::mem::take(&mut self.loops);
                self.visit_body(&f.body);
                self.loops = loops;
                self.guards = guards;
                self.assign_target = saved;
            }
            Stmt::For(_) | Stmt::While(_) => {
                let saved = self.assign_target.take();
                self.loops += 1;
                visitor::walk_stmt(self, stmt);
                self.loops -= 1;
                self.assign_target = saved;
            }
            _ => {
                // Only the direct value of an assignment is held by its target.
                let saved = self.assign_target.take();
                visitor::walk_stmt(self, stmt);
                self.assign_target = saved;
            }
        }
    }

    fn visit_annotation(&mut self, _: &'a Expr) {}

    fn visit_expr(&mut self, expr: &'a Expr) {
        match expr {
            Expr::Call(call) => {
                self.opener(expr);
                self.instantiation(call);
                self.skip.insert(call.func.range());
                if let Expr::Attribute(a) = &*call.func {
                    self.skip.insert(a.value.range());
                }
                let is_type_check = matches!(&*call.func, Expr::Name(n)
                    if matches!(n.id.as_str(), "isinstance" | "issubclass" | "type"));
                // The call's own value is what the target holds; its arguments are not.
                let saved = self.assign_target.take();
                self.visit_expr(&call.func);
                if !is_type_check {
                    for arg in call.arguments.args.iter() {
                        self.visit_expr(arg);
                    }
                }
                for kw in call.arguments.keywords.iter() {
                    self.visit_expr(&kw.value);
                }
                self.assign_target = saved;
            }
            Expr::Await(a) => self.visit_expr(&a.value),
            Expr::ListComp(_) | Expr::SetComp(_) | Expr::DictComp(_) | Expr::Generator(_) => {
                let saved = self.assign_target.take();
                self.loops += 1;
                visitor::walk_expr(self, expr);
                self.loops -= 1;
                self.assign_target = saved;
            }
            Expr::Attribute(a) => {
                if !self.skip.contains(&expr.range()) {
                    // `models.Store` handed on as a value.
                    if looks_like_class(a.attr.as_str()) && a.ctx.is_load() {
                        self.uses.other.push(a.attr.to_string());
                    }
                }
                self.skip.insert(a.value.range());
                let saved = self.assign_target.take();
                self.visit_expr(&a.value);
                self.assign_target = saved;
            }
            Expr::Name(n) => {
                if n.ctx.is_load()
                    && !self.skip.contains(&expr.range())
                    && looks_like_class(n.id.as_str())
                {
                    self.uses.other.push(n.id.to_string());
                }
            }
            _ => {
                let saved = self.assign_target.take();
                visitor::walk_expr(self, expr);
                self.assign_target = saved;
            }
        }
    }
}

fn simple_name(expr: &Expr) -> Option<String> {
    match expr {
        Expr::Name(n) => Some(n.id.to_string()),
        Expr::Attribute(a) => Some(a.attr.to_string()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::{Lifetime, of_module};
    use crate::semantic::Model;
    use std::path::Path;

    fn lifetimes(source: &str) -> (Vec<Lifetime>, Vec<String>, Vec<String>) {
        let parsed = crate::check::parse(source).unwrap();
        let model = Model::build(Path::new("m.py"), source, parsed.suite(), parsed.tokens());
        let (openers, uses) = of_module(&model, &|call, arg, is_url| {
            if is_url {
                crate::semantic::databases::identity_of_url(&model, call.scope, arg)
            } else {
                crate::semantic::databases::identity_of_connect(&model, call)
            }
        });
        (
            openers.into_iter().map(|o| o.lifetime).collect(),
            uses.once,
            uses.other,
        )
    }

    #[test]
    fn once_per_process() {
        let source = "import sqlite3, functools\n\
            conn = sqlite3.connect('a.db')\n\
            _lazy = None\n\
            def get():\n    global _lazy\n    if _lazy is None:\n        _lazy = sqlite3.connect('b.db')\n    return _lazy\n\
            @functools.lru_cache\ndef cached():\n    c = sqlite3.connect('c.db')\n    return c\n\
            def main():\n    with sqlite3.connect('d.db') as c:\n        pass\n";
        let (l, _, _) = lifetimes(source);
        assert_eq!(l, vec![Lifetime::Once; 4]);
    }

    #[test]
    fn per_instance_and_per_call() {
        let source = "import sqlite3\n\
            class Store:\n    def __init__(self, path):\n        self.conn = sqlite3.connect(path)\n\
            def get_db():\n    return sqlite3.connect('a.db')\n\
            def worker():\n    conn = sqlite3.connect('a.db')\n\
            pool = [sqlite3.connect('a.db') for _ in range(4)]\n\
            store = Store('s.db')\n\
            def handler():\n    Store('t.db')\n";
        let (l, once, other) = lifetimes(source);
        assert_eq!(l[0], Lifetime::PerInstance("Store".to_string()));
        assert!(matches!(l[1], Lifetime::Many(_)));
        assert!(matches!(l[2], Lifetime::Many(_)));
        assert!(matches!(l[3], Lifetime::Many(_)));
        assert_eq!(once, vec!["Store".to_string()]);
        assert_eq!(other, vec!["Store".to_string()]);
    }

    #[test]
    fn classes_handed_on_and_singletons() {
        let source = "import sqlite3\n\
            class Store:\n    _instance = None\n    @classmethod\n    def get(cls):\n        if cls._instance is None:\n            cls._instance = cls()\n        return cls._instance\n\
            def route(store=Depends(Store)):\n    pass\n\
            if isinstance(x, Store):\n    Store.get()\n";
        let (_, once, other) = lifetimes(source);
        // `Depends(...)` itself is made once, when the def runs.
        assert_eq!(once, vec!["Store".to_string(), "Depends".to_string()]);
        assert_eq!(other, vec!["Store".to_string()]);
    }

    #[test]
    fn private_and_other_engines_are_no_openers() {
        let source = "import sqlite3\nfrom sqlalchemy import create_engine\n\
            a = sqlite3.connect(':memory:')\n\
            b = create_engine('postgresql://db/app')\n\
            c = create_engine('sqlite:///app.db')\n";
        let (l, _, _) = lifetimes(source);
        assert_eq!(l.len(), 1);
        assert!(matches!(l[0], Lifetime::Many(_)));
    }

    #[test]
    fn one_connection_pools_open_once() {
        let source = "from sqlalchemy import create_engine\n\
            from sqlalchemy.pool import StaticPool\n\
            a = create_engine('sqlite:///a.db', poolclass=StaticPool)\n\
            b = create_engine('sqlite:///b.db', pool_size=1, max_overflow=0)\n\
            c = create_engine('sqlite:///c.db', pool_size=1)\n\
            d = create_engine('sqlite:///d.db', pool_size=1, max_overflow=2)\n";
        let (l, _, _) = lifetimes(source);
        assert_eq!(l[0], Lifetime::Once);
        assert_eq!(l[1], Lifetime::Once);
        assert!(matches!(l[2], Lifetime::Many(_)));
        assert!(matches!(l[3], Lifetime::Many(_)));
    }
}
