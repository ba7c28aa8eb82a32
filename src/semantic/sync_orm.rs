//! Synchronous SQLAlchemy (and SQLModel) sessions a function runs queries on:
//! one it opens (`with Session(engine) as s:`, `with self.Session() as s:` where
//! `self.Session` is a `sessionmaker`, `s = SessionLocal()`) or one it is handed
//! (a parameter annotated `Session`). Each query, flush and commit waits on the
//! database in the calling thread, like a sqlite3 call: called from `async def`,
//! directly or through the methods of a repository object, it blocks the event loop.
//!
//! Whether the database is SQLite is decided per project from its engines
//! ([`engine_evidence`]): a URL written in the code is certain; a URL known only
//! at run time is *likely* SQLite when the code that builds the engine says so
//! (sqlite3's own `check_same_thread`, a test for `"sqlite"`, a name) or a
//! configuration default names a SQLite file. Findings say which.

use ruff_python_ast::{Expr, Stmt};
use ruff_text_size::{Ranged, TextRange, TextSize};

use super::model::{AssignKind, Call, Callee, Model, Receiver, Target};
use super::scopes::FuncId;

/// Session methods that send SQL (or flush pending changes) and wait for it.
const IO_METHODS: &[&str] = &[
    "execute",
    "scalars",
    "scalar",
    "get",
    "query",
    "commit",
    "flush",
    "refresh",
    "merge",
    "exec",
    "bulk_save_objects",
    "bulk_insert_mappings",
    "bulk_update_mappings",
];

/// What the session classes resolve to.
const SESSION_CLASSES: &[&str] = &[
    "sqlalchemy.orm.Session",
    "sqlalchemy.orm.session.Session",
    "sqlmodel.Session",
    "sqlmodel.orm.session.Session",
];

const SESSIONMAKERS: &[&str] = &[
    "sqlalchemy.orm.sessionmaker",
    "sqlalchemy.orm.session.sessionmaker",
];

/// Names projects give a session factory they keep (`self.Session =
/// sessionmaker(...)` in a base class another module defines).
const FACTORY_NAMES: &[&str] = &[
    "session",
    "sessionlocal",
    "session_local",
    "session_factory",
    "sessionfactory",
    "session_maker",
    "sessionmaker",
    "make_session",
];

/// The names and `self` attributes a module binds to a `sessionmaker(...)` (or
/// annotates as one), found in one pass so that each function's lookups are cheap.
#[derive(Debug, Default)]
pub struct Factories {
    names: rustc_hash::FxHashSet<String>,
    attrs: rustc_hash::FxHashSet<String>,
    /// Bound to a library's session maker (library_engines.rs), whose
    /// `context_session()` makes a session: module names and `self` attributes.
    library: rustc_hash::FxHashSet<String>,
    library_attrs: rustc_hash::FxHashSet<String>,
}

impl Factories {
    pub fn of(model: &Model<'_>) -> Factories {
        let mut out = Factories::default();
        for a in &model.assignments {
            let Expr::Call(c) = a.value else {
                continue;
            };
            let maker = model
                .resolve(&c.func, a.scope)
                .and_then(|q| super::library_engines::kind_of(&q))
                .is_some_and(|(kind, ..)| kind.sync_sessions);
            if !maker {
                continue;
            }
            match &a.target {
                Target::Name(n) if a.scope.is_none() => {
                    out.library.insert(n.clone());
                }
                Target::SelfAttr(n) => {
                    out.library_attrs.insert(n.clone());
                }
                _ => {}
            }
        }
        if !uses_orm(model) {
            return out;
        }
        for a in &model.assignments {
            let made = matches!(a.value, Expr::Call(c) if model
                .resolve(&c.func, a.scope)
                .is_some_and(|q| SESSIONMAKERS.contains(&q.as_str()))
                && !makes_async_sessions(model, a.scope, c));
            let annotated = match a.stmt {
                Stmt::AnnAssign(s) => {
                    let base = match &*s.annotation {
                        Expr::Subscript(sub) => &*sub.value,
                        other => other,
                    };
                    model
                        .resolve(base, a.scope)
                        .is_some_and(|q| SESSIONMAKERS.contains(&q.as_str()))
                }
                _ => false,
            };
            if !(made || annotated) {
                continue;
            }
            match &a.target {
                Target::Name(n) if a.scope.is_none() => {
                    out.names.insert(n.clone());
                }
                Target::SelfAttr(n) => {
                    out.attrs.insert(n.clone());
                }
                _ => {}
            }
        }
        out
    }
}

/// `sessionmaker(engine, class_=AsyncSession)`, or a `sessionmaker` bound to a
/// module-level `create_async_engine(...)`: the pre-2.0 spelling of
/// `async_sessionmaker`. Its sessions are awaited on the loop (aiosqlite runs
/// each connection on a worker thread), so they are not sync sessions, even in
/// a module that also builds a sync engine (one its tests use).
pub(crate) fn makes_async_sessions(
    model: &Model<'_>,
    scope: Option<FuncId>,
    call: &ruff_python_ast::ExprCall,
) -> bool {
    let arguments = &call.arguments;
    let async_class =
        arguments
            .find_keyword("class_")
            .is_some_and(|k| match model.resolve(&k.value, scope) {
                Some(q) => q.ends_with("AsyncSession"),
                None => model.slice(k.value.range()).ends_with("AsyncSession"),
            });
    if async_class {
        return true;
    }
    let bind = arguments
        .find_keyword("bind")
        .map(|k| &k.value)
        .or_else(|| arguments.args.first());
    let Some(Expr::Name(engine)) = bind else {
        return false;
    };
    model
        .assignments
        .iter()
        .filter(|a| matches!(&a.target, Target::Name(n) if n == engine.id.as_str()))
        .filter(|a| a.scope.is_none() || a.scope == scope)
        .any(|a| {
            matches!(a.value, Expr::Call(c) if model
                .resolve(&c.func, a.scope)
                .is_some_and(|q| q.ends_with(".create_async_engine")))
        })
}

/// The calls of function `id` (its own body) that run queries on a sync session.
pub fn io_calls<'m, 'a>(
    model: &'m Model<'a>,
    id: FuncId,
    factories: &Factories,
) -> Vec<&'m Call<'a>> {
    if !uses_orm(model) {
        return Vec::new();
    }
    let mut names = session_names(model, id, factories);
    // A method of a `Session` subclass querying through `self`.
    let function = model.scopes.function(id);
    if let Some(class) = function.class {
        if class_is_session(model, model.scopes.classes[class].def) {
            names.push(("self".to_string(), function.def.range()));
        }
    }
    let attrs = session_attrs(model, id, factories);
    if names.is_empty() && attrs.is_empty() {
        return Vec::new();
    }
    model
        .calls_in(Some(id))
        .filter(|c| !c.in_lambda && !c.is_awaited())
        .filter(|c| match &c.callee {
            Callee::Method {
                receiver: Receiver::Name(n),
                name,
            } => IO_METHODS.contains(&name.as_str()) && names.iter().any(|(s, _)| s == n),
            Callee::Method {
                receiver: Receiver::SelfAttr(a),
                name,
            } => IO_METHODS.contains(&name.as_str()) && attrs.contains(a),
            Callee::SelfMethod(name) => {
                IO_METHODS.contains(&name.as_str()) && names.iter().any(|(s, _)| s == "self")
            }
            _ => false,
        })
        .collect()
}

/// The `self` attributes the class of method `id` binds to a sync session in
/// any of its methods: `self.db = SessionLocal()`, `self.session = session`
/// for a parameter annotated `Session`, `self.db = Session(engine)`. A
/// repository holding the session it is built with runs its queries through
/// `self.db.query(...)`.
fn session_attrs(model: &Model<'_>, id: FuncId, factories: &Factories) -> Vec<String> {
    let Some(class) = model.scopes.function(id).class else {
        return Vec::new();
    };
    let mut out: Vec<String> = Vec::new();
    for (f, function) in model.scopes.functions.iter().enumerate() {
        if function.class != Some(class) {
            continue;
        }
        let mut names: Option<Vec<(String, TextRange)>> = None;
        for a in model.assignments_in(Some(f)) {
            let Target::SelfAttr(attr) = &a.target else {
                continue;
            };
            if a.kind != AssignKind::Assign || out.contains(attr) {
                continue;
            }
            let session = match a.value {
                Expr::Name(n) => names
                    .get_or_insert_with(|| session_names(model, f, factories))
                    .iter()
                    .any(|(s, _)| s == n.id.as_str()),
                value => opens_session(model, Some(f), value, factories),
            };
            if session {
                out.push(attr.clone());
            }
        }
    }
    out
}

/// Whether function `id` runs queries on a sync session in its own body.
pub fn runs_orm_io(model: &Model<'_>, id: FuncId, factories: &Factories) -> bool {
    !io_calls(model, id, factories).is_empty()
}

fn uses_orm(model: &Model<'_>) -> bool {
    model.imports.mentions("sqlalchemy") || model.imports.mentions("sqlmodel")
}

/// The names function `id` binds to a sync session, with where each is bound:
/// `with F() as s:` and `s = F()` for a session factory `F` (also
/// `with F.begin() as s:`), and its parameters annotated `Session`.
pub fn session_names(
    model: &Model<'_>,
    id: FuncId,
    factories: &Factories,
) -> Vec<(String, TextRange)> {
    let mut out: Vec<(String, TextRange)> = Vec::new();
    let function = model.scopes.function(id);
    for p in function.def.parameters.iter_non_variadic_params() {
        if let Some(annotation) = p.parameter.annotation.as_deref() {
            if annotated_session(model, annotation, function.parent) {
                out.push((p.parameter.name.to_string(), p.range()));
            }
        }
    }
    for a in model.assignments_in(Some(id)) {
        if !matches!(a.kind, AssignKind::Assign | AssignKind::WithItem) {
            continue;
        }
        let Target::Name(name) = &a.target else {
            continue;
        };
        if opens_session(model, Some(id), a.value, factories) {
            out.push((name.clone(), a.stmt.range()));
        }
    }
    out.retain(|(name, _)| !awaited_handle(model, id, name));
    out
}

/// Whether function `id` uses `name` as an async handle: it is bound by
/// `async with` (a sync `Session` is no async context manager), or a method
/// called on it is awaited (`await s.execute(...)`, `await s.commit()`,
/// `async with s.begin():`), which a sync session's methods cannot be. An
/// `AsyncSession` runs each statement on the driver's worker thread (aiosqlite)
/// whatever its factory is called or wherever it was made: a factory reached
/// through an attribute, a constructor parameter or a container of another
/// module is typed by how its sessions are used.
pub fn awaited_handle(model: &Model<'_>, id: FuncId, name: &str) -> bool {
    let bound_async = model.assignments_in(Some(id)).any(|a| {
        a.kind == AssignKind::WithItem
            && matches!(&a.target, Target::Name(n) if n == name)
            && matches!(a.stmt, Stmt::With(w) if w.is_async)
    });
    bound_async || model.calls_in(Some(id)).any(|c| {
        let on_name =
            matches!(&c.callee, Callee::Method { receiver: Receiver::Name(n), .. } if n == name);
        let entered_async = matches!(c.stmt, Stmt::With(w) if w.is_async
                && w.items.iter().any(|i| i.context_expr.range() == c.range()));
        on_name && !c.in_lambda && (c.is_awaited() || entered_async)
    })
}

/// `F(...)` or `F.begin()` for a session factory or class `F`.
pub fn opens_session(
    model: &Model<'_>,
    scope: Option<FuncId>,
    value: &Expr,
    factories: &Factories,
) -> bool {
    let Expr::Call(call) = value else {
        return false;
    };
    // `maker.context_session()` on a library's session maker.
    if let Expr::Attribute(a) = &*call.func {
        if super::library_engines::SESSION_METHODS.contains(&a.attr.as_str()) {
            let held = match &*a.value {
                Expr::Name(n) => factories.library.contains(n.id.as_str()),
                Expr::Attribute(inner) => {
                    matches!(&*inner.value, Expr::Name(b) if matches!(b.id.as_str(), "self" | "cls"))
                        && factories.library_attrs.contains(inner.attr.as_str())
                }
                _ => false,
            };
            if held {
                return true;
            }
        }
    }
    let func = match &*call.func {
        Expr::Attribute(a) if a.attr.as_str() == "begin" => match &*a.value {
            Expr::Call(inner) => &*inner.func,
            other => other,
        },
        other => other,
    };
    is_session_factory(model, scope, func, factories)
}

fn is_session_factory(
    model: &Model<'_>,
    scope: Option<FuncId>,
    func: &Expr,
    factories: &Factories,
) -> bool {
    // `sessionmaker(bind=engine)()`: a factory made and called at once.
    if let Expr::Call(inner) = func
        && model
            .resolve(&inner.func, scope)
            .is_some_and(|q| SESSIONMAKERS.contains(&q.as_str()))
    {
        return true;
    }
    if let Some(q) = model.resolve(func, scope) {
        if SESSION_CLASSES.contains(&q.as_str()) {
            return true;
        }
        if q.starts_with("sqlalchemy") || q.starts_with("sqlmodel") {
            return false;
        }
    }
    if let Expr::Name(n) = func {
        if session_subclass(model, n.id.as_str()) {
            return true;
        }
    }
    let (name, on_self) = match func {
        Expr::Name(n) => (n.id.as_str(), false),
        Expr::Attribute(a) if matches!(&*a.value, Expr::Name(b) if matches!(b.id.as_str(), "self" | "cls")) => {
            (a.attr.as_str(), true)
        }
        _ => return false,
    };
    let held = if on_self {
        factories.attrs.contains(name)
    } else {
        factories.names.contains(name)
    };
    if held {
        return true;
    }
    // A factory kept under a session's name, set where this module cannot see
    // (a base class in another module); the module must use SQLAlchemy.
    let lower = name.trim_start_matches('_').to_ascii_lowercase();
    FACTORY_NAMES.contains(&lower.as_str()) && name != "session" && uses_orm(model)
}

/// A class of this module, by name, that subclasses SQLAlchemy's or
/// SQLModel's `Session` (`class Database(Session)`): its instances are sync
/// sessions, and `Database()` opens one.
fn session_subclass(model: &Model<'_>, name: &str) -> bool {
    model
        .scopes
        .classes
        .iter()
        .any(|class| class.def.name.as_str() == name && class_is_session(model, class.def))
}

fn class_is_session(model: &Model<'_>, def: &ruff_python_ast::StmtClassDef) -> bool {
    def.bases().iter().any(|base| {
        model
            .resolve(base, None)
            .is_some_and(|q| SESSION_CLASSES.contains(&q.as_str()))
    })
}

/// `Session`, `Annotated[Session, ...]`, `Optional[Session]`.
fn annotated_session(model: &Model<'_>, annotation: &Expr, scope: Option<FuncId>) -> bool {
    let inner = match annotation {
        Expr::Subscript(s) => match s.slice.as_ref() {
            Expr::Tuple(t) => t.elts.first().unwrap_or(annotation),
            other => other,
        },
        other => other,
    };
    if let Expr::Name(n) = inner {
        if session_subclass(model, n.id.as_str()) {
            return true;
        }
    }
    model
        .resolve(inner, scope)
        .is_some_and(|q| SESSION_CLASSES.contains(&q.as_str()))
}

/// How sure a project's engines are SQLite.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EngineEvidence {
    /// An engine on a `sqlite` URL written in the code.
    pub certain: bool,
    /// Why an engine whose URL is known only at run time is likely SQLite.
    pub likely: Option<String>,
    /// An engine whose URL is known only at run time, with no evidence here.
    pub runtime_url: bool,
    /// A configuration default names a SQLite file: `os.environ.get("URL",
    /// "sqlite:///app.db")`, a parameter or settings field defaulting to one.
    pub sqlite_default: Option<String>,
    /// The names a runtime URL is read from (`create_engine(DB_URL)` with
    /// `from settings import DB_URL`), qualified as this module imports them:
    /// the index looks them up among other modules' URL constants
    /// (url_constants.rs).
    pub url_names: Vec<String>,
    /// Engines built from a parameter of the function creating them: (that
    /// function's qualname, the parameter's position, its name). The index
    /// looks up what the function's callers pass (url_args.rs).
    pub url_params: Vec<(String, usize, String)>,
}

/// The module's evidence about its SQLAlchemy engines.
pub fn engine_evidence(model: &Model<'_>) -> EngineEvidence {
    let mut out = EngineEvidence {
        sqlite_default: sqlite_default(model),
        ..EngineEvidence::default()
    };
    for call in &model.calls {
        let Some(q) = call.qualified() else {
            continue;
        };
        if !(q.starts_with("sqlalchemy") || q.starts_with("sqlmodel"))
            || !q.ends_with(".create_engine")
        {
            continue;
        }
        let Some(url) = crate::semantic::splat_keywords::argument(model, call, 0, "url") else {
            continue;
        };
        if super::url_branches::backend_at(model, call.scope, call.range()) == Some(false) {
            continue;
        }
        let text = model.slice(url.range());
        // `"sqlite:///x.db" if cond else other_url`: SQLite on one branch only,
        // the other chosen by configuration the code cannot see.
        if let Expr::If(choice) = url {
            let on = |e: &Expr| model.slice(e.range()).contains("sqlite");
            if on(&choice.body) != on(&choice.orelse) {
                let (line, _) = model.line_column(url.range().start());
                out.likely.get_or_insert(format!(
                    "the engine's URL is a SQLite file on one branch of the conditional at line {line}"
                ));
                continue;
            }
        }
        if text.contains("sqlite") {
            out.certain = true;
            continue;
        }
        if matches!(url, Expr::StringLiteral(_)) {
            continue;
        }
        // A name the module binds to a URL (`DATABASE_URL = "sqlite:///app.db"`).
        match super::sqlite_urls::url_kind(model, url, call.scope, call.range().start()) {
            super::sqlite_urls::UrlKind::SqliteFile => {
                out.certain = true;
                continue;
            }
            super::sqlite_urls::UrlKind::Other => continue,
            super::sqlite_urls::UrlKind::Unknown => {}
        }
        // A parameter: its callers may pass the URL (url_args.rs).
        if let (Expr::Name(n), Some(f)) = (url, call.scope) {
            if let Some(position) = super::url_args::parameter_position(model, f, n.id.as_str()) {
                out.url_params.push((
                    model.scopes.function(f).qualname.clone(),
                    position,
                    n.id.to_string(),
                ));
            }
        }
        if matches!(url, Expr::Name(_) | Expr::Attribute(_)) {
            if let Some(q) = model.resolve(url, call.scope) {
                if !out.url_names.contains(&q) {
                    out.url_names.push(q);
                }
            }
        }
        match runtime_evidence(model, call) {
            Some(why) => {
                out.likely.get_or_insert(why);
            }
            None => out.runtime_url = true,
        }
    }
    // A library's sync session maker or plugin config (library_engines.rs).
    for (call, kind, url) in super::library_engines::of_module(model) {
        if kind.is_async {
            continue;
        }
        match super::sqlite_urls::url_kind(model, url, call.scope, call.range().start()) {
            super::sqlite_urls::UrlKind::SqliteFile => out.certain = true,
            super::sqlite_urls::UrlKind::Other => {}
            super::sqlite_urls::UrlKind::Unknown => {
                if let Some(why) = runtime_evidence(model, call) {
                    out.likely.get_or_insert(why);
                } else {
                    out.runtime_url = true;
                }
            }
        }
    }
    if out.likely.is_none() {
        out.likely = flask_sqlalchemy_sqlite(model);
    }
    out
}

/// Flask-SQLAlchemy builds its engine from the `SQLALCHEMY_DATABASE_URI`
/// setting, with no `create_engine` in the code: a line that sets it and names
/// a `sqlite` URL (the value, or its default) says the sessions run on SQLite.
fn flask_sqlalchemy_sqlite(model: &Model<'_>) -> Option<String> {
    const KEY: &str = "SQLALCHEMY_DATABASE_URI";
    if !model.text.contains(KEY) {
        return None;
    }
    model
        .text
        .lines()
        .enumerate()
        .find(|(_, line)| {
            line.find(KEY).is_some_and(|at| {
                let rest = &line[at + KEY.len()..];
                rest.contains('=') && rest.contains("sqlite")
            })
        })
        .map(|(i, _)| {
            format!(
                "`{KEY}` names a SQLite URL at line {}, and Flask-SQLAlchemy's sessions use it",
                i + 1
            )
        })
}

/// Why an engine built from a URL known only at run time is likely on SQLite:
/// the function that creates it (or the module, for a module-level engine)
/// compares something with a `"sqlite"` string, passes the sqlite3-only
/// `check_same_thread`, or is named for SQLite.
pub fn runtime_evidence(model: &Model<'_>, call: &Call<'_>) -> Option<String> {
    if let Some(why) = text_evidence(model, call) {
        return Some(why);
    }
    let says_sqlite = |name: &str| name.to_ascii_lowercase().contains("sqlite");
    if let Some(f) = call.scope {
        let name = model.scopes.function(f).name();
        if says_sqlite(name) {
            return Some(format!("the function `{name}` is named for SQLite"));
        }
    }
    None
}

/// The text of the function creating the engine (or the module, for a
/// module-level engine) compares something with a `"sqlite"` string or passes
/// the sqlite3-only `check_same_thread`.
pub fn text_evidence(model: &Model<'_>, call: &Call<'_>) -> Option<String> {
    let range = match call.scope {
        Some(f) => model.scopes.function(f).def.range(),
        None => TextRange::up_to(TextSize::try_from(model.text.len()).ok()?),
    };
    let text = &model.text[range];
    let line_of = |offset: usize| {
        model
            .line_column(range.start() + TextSize::try_from(offset).unwrap_or_default())
            .0
    };
    for needle in [
        "== \"sqlite\"",
        "== 'sqlite'",
        "startswith(\"sqlite",
        "startswith('sqlite",
        "\"sqlite\" in",
        "'sqlite' in",
    ] {
        if let Some(at) = text.find(needle) {
            return Some(format!(
                "the code checks for SQLite at line {}",
                line_of(at)
            ));
        }
    }
    if let Some(at) = text.find("check_same_thread") {
        return Some(format!(
            "line {} passes `check_same_thread`, an option only sqlite3 has",
            line_of(at)
        ));
    }
    None
}

/// A configuration default naming a SQLite file (sqlite_urls.rs): the
/// fallback of an environment or mapping lookup or of `or`, a dict value, a
/// parameter default, a class attribute or settings field.
fn sqlite_default(model: &Model<'_>) -> Option<String> {
    let default = super::sqlite_urls::sqlite_file_default(model)?;
    Some(format!(
        "the URL's default at line {} is a SQLite file",
        model.line_column(default.start()).0
    ))
}

/// How sure the project is that its sync sessions run on SQLite.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OrmSqlite {
    /// An engine's URL names SQLite in the code.
    Certain,
    /// Only likely, and why (with the module that says so).
    Likely(String),
}

/// The project's answer from every module's [`EngineEvidence`]; `None`: no
/// engine is known to be on SQLite, so sync sessions are not reported as such.
/// Test suites' engines and defaults are not the program's.
pub fn project_orm_sqlite<'m, I>(modules: I) -> Option<OrmSqlite>
where
    I: Iterator<Item = (&'m std::path::Path, &'m EngineEvidence)> + Clone,
{
    let program = || {
        modules
            .clone()
            .filter(|(path, _)| !super::paths::is_test_module(path))
    };
    if program().any(|(_, e)| e.certain) {
        return Some(OrmSqlite::Certain);
    }
    let shown = |path: &std::path::Path| crate::diff::display_path(path);
    if let Some((path, why)) = program().find_map(|(p, e)| e.likely.as_ref().map(|w| (p, w))) {
        return Some(OrmSqlite::Likely(format!("{} ({why})", shown(path))));
    }
    if program().any(|(_, e)| e.runtime_url) {
        if let Some((path, why)) =
            program().find_map(|(p, e)| e.sqlite_default.as_ref().map(|w| (p, w)))
        {
            return Some(OrmSqlite::Likely(format!("{}: {why}", shown(path))));
        }
    }
    None
}
