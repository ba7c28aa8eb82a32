//! SQF112 sqlalchemy-sqlite-pragmas: `create_engine("sqlite:///...")` or
//! `create_async_engine("sqlite+aiosqlite:///...")` with no `"connect"` event
//! listener setting WAL (unless the project sets it elsewhere, F-wal-persists) and
//! `synchronous`, and with no `"begin"` listener taking the write lock.
//! In-memory URLs (`sqlite://`, `:memory:`) and URLs only known at run time are
//! not flagged. Listeners count when they target the engine, its `sync_engine`,
//! or the `Engine` class (every engine); the listener may be a module function
//! or a method the class registers itself (`event.listen(self.engine,
//! "connect", self._set_pragmas)`, `cls._on_connect`, `Store._on_connect`), and
//! a class-body engine is reached by its class's methods as `cls.engine`. WAL
//! set once on the engine's own file through one of its connections (start-up
//! code running `conn.execute(text("PRAGMA journal_mode=WAL"))`, SQLAlchemy
//! 2.0's spelling, or `exec_driver_sql`) persists in the file (F-wal-persists).
//!
//! SQLAlchemy's documented recipe (F-sqlalchemy) has two halves, offered as two
//! findings so that each fix says what it changes:
//! - the PRAGMAs: a `"connect"` listener running `journal_mode=WAL` and
//!   `synchronous=NORMAL` through a cursor, plus `connect_args={"timeout": 5.0}`
//!   when there is none. Safe: same queries, another journal and fsync policy.
//! - the transactions: a `"connect"` listener setting
//!   `dbapi_connection.isolation_level = None` and a `"begin"` listener running
//!   `BEGIN IMMEDIATE`, so a read-then-write transaction (an ORM session loading
//!   then flushing) holds the write lock from its first read. Without it sqlite3
//!   begins only before the first write (F-implicit-begin): the read sees a value another
//!   transaction is about to change (lost updates, 7 of 8 in the fix-truth test),
//!   or, once it has read inside a transaction, fails at once (F-upgrade-fails-fast; most
//!   of them in bench/facts/contention.py). Unsafe: every transaction now takes the
//!   write lock when it begins, read-only ones included, and sqlite3's own
//!   transaction handling is switched off. Engines created with an explicit
//!   `isolation_level=` are left to their author.
//!
//! The `BEGIN IMMEDIATE` half is display-only where transactions meet an event
//! loop (`LoopUse`): an async engine, or sync sessions used inside `async def`
//! anywhere in the project. There every session, reads included, would hold the
//! write lock while the loop runs other work; under concurrent uploads the sample
//! apps' writers then failed after the 5 s busy timeout.
//!
//! For async engines the listeners attach to `engine.sync_engine`; the code is
//! the same for SQLAlchemy 1.4 and 2.0. Listeners are written right after the
//! statement that creates the engine, at its indentation.
//!
//! A file engine built with a one-connection pool (`poolclass=StaticPool`,
//! `SingletonThreadPool`) in a program that runs threads is a third finding
//! (`one_connection_pool.rs`): its fix drops the pool argument.
//!
//! Root causes: per half (and for the pool), the database the engine's URL names when the model
//! knows it (`semantic::databases`): two engines on one file are one decision;
//! an engine with an unknown file is its own root.
//!
//! An engine that is the program's one connection to its file (a
//! one-connection pool the pool finding does not report, one process, no other
//! opener of the file: semantic::sole_connection::serializes_all) gets no
//! PRAGMA finding (F-busy-needs-two, F-one-connection-p99). An engine with its
//! default pool keeps it even between two threads: two pooled connections
//! writing short transactions pass a 100 ms p99 in the rollback journal.
//!
//! An engine the program only reads through, beside another opener of the
//! same file (semantic/read_only_engine.rs), gets neither finding: its SELECTs
//! hold the lock one statement at a time, it commits nothing, and WAL is the
//! file's, set by the writer whose engine keeps the advice.
//!
//! SQF101 and SQF111 report a file whose every transaction is one short
//! statement as MONITOR (semantic/short_transactions.rs); a session's statements are
//! not modelled that way yet, so this rule reports such an engine in full.

use ruff_python_ast::{Expr, Stmt};
use ruff_text_size::Ranged;

use super::{Codemod, Context};
use crate::finding::{Confidence, Finding, Severity};
use crate::fix::entries::{self, Value};
use crate::fix::{Edit, EditOrder, Fix, codegen};
use crate::semantic::Call;
use crate::semantic::databases::{self, WalState};
use crate::semantic::facts;
use crate::semantic::library_engines;
use crate::semantic::pragma_config;
use crate::semantic::scopes::FuncId;
use crate::semantic::second_party::SecondParty;
use crate::semantic::splat_keywords;
use crate::semantic::sqlite_urls::{self, UrlKind};
use crate::semantic::strings::string_value;
use crate::semantic::url_constants::ConstUrl;
use crate::semantic::visit;

mod one_connection_pool;

pub struct SqlalchemySqlitePragmas;

struct Engine<'m, 'a> {
    call: &'m Call<'a>,
    /// The URL the engine is built from.
    url: &'a Expr,
    /// Built by a library object (a framework plugin's config, a session
    /// maker: semantic::library_engines), with the name it is bound to.
    library: Option<(library_engines::Kind, Option<String>)>,
    /// `engine`, `self.engine`, `cls._engine`; `None` for an engine the call
    /// returns or passes on (no name to attach a listener to here).
    holder: Option<String>,
    is_async: bool,
    /// Why the URL is SQLite when the source does not spell it: the engine is
    /// then only likely SQLite, and its fix is for review.
    likely: Option<String>,
}

struct Listener {
    target: String,
    /// Targets the `Engine` class: every engine.
    global: bool,
    event: String,
    function: FuncId,
}

/// How the engine's transactions meet an event loop, which decides whether the
/// `BEGIN IMMEDIATE` listener may be applied.
#[derive(Clone, Copy, PartialEq, Eq)]
enum LoopUse {
    /// Sessions run in threads (or no loop at all): the recipe holds.
    None,
    /// `create_async_engine`: a session keeps its transaction open across awaits.
    AsyncEngine,
    /// A sync engine whose sessions the project uses inside `async def`.
    SyncSessionsOnLoop,
}

impl LoopUse {
    fn of(engine: &Engine<'_, '_>, sessions_on_loop: bool) -> LoopUse {
        if engine.is_async {
            LoopUse::AsyncEngine
        } else if sessions_on_loop {
            LoopUse::SyncSessionsOnLoop
        } else {
            LoopUse::None
        }
    }

    /// Why the listener is shown, not applied; `None` when it may be applied.
    fn refusal(self) -> Option<&'static str> {
        match self {
            LoopUse::None => None,
            // Measured with the sample apps under 50 concurrent uploads: uploads
            // failed after the 5 s busy timeout, in rollback and in WAL mode.
            LoopUse::AsyncEngine => Some(
                "not applied: with an async engine a session keeps its transaction open across \
                 awaits, and BEGIN IMMEDIATE makes every one of them (reads too) hold the write \
                 lock meanwhile, so concurrent writers wait past the busy timeout and fail with \
                 \"database is locked\"; take the lock only in the read-then-write \
                 (an atomic `UPDATE ... SET n = n + 1`, or `BEGIN IMMEDIATE` on that connection)",
            ),
            LoopUse::SyncSessionsOnLoop => Some(
                "not applied: this project runs sync sessions inside `async def`, so a session \
                 that took the write lock at its first read cannot finish while the next \
                 session on the event loop blocks the loop in SQLite's busy handler for the \
                 whole timeout; run the sessions in a thread pool (a plain `def` route) first, \
                 or take the lock only in the read-then-write (an atomic `UPDATE`)",
            ),
        }
    }
}

const ENGINE_CLASSES: &[&str] = &[
    "sqlalchemy.Engine",
    "sqlalchemy.engine.Engine",
    "sqlalchemy.engine.base.Engine",
];

impl Codemod for SqlalchemySqlitePragmas {
    crate::codemod_meta!("SQF112-sqlalchemy-sqlite-pragmas");

    fn check(&self, ctx: &Context<'_, '_>, out: &mut Vec<Finding>) {
        // Test suites use throwaway databases on purpose (semantic::paths).
        if ctx.in_test_module() {
            return;
        }
        let engines = engines(ctx);
        let configured = flask_sqlalchemy_urls(ctx);
        if engines.is_empty() && configured.is_empty() {
            return;
        }
        // Every engine opens a file the project keeps in the rollback journal on
        // purpose (semantic/journal_choice.rs): a decision, not an omission.
        if configured.is_empty()
            && engines.iter().all(|engine| {
                let identity = databases::identity_of_url(ctx.model, engine.call.scope, engine.url);
                crate::semantic::journal_choice::rollback_chosen(ctx.project, identity.as_deref())
                    .is_some()
            })
        {
            return;
        }
        let listeners = listeners(ctx);
        let project_wal = pragma_config::project_sets_wal(ctx.project);
        if !project_wal && !listeners.iter().any(|l| l.global && l.event == "connect") {
            for range in configured {
                out.push(
                    Finding::new(
                        self.meta(),
                        range,
                        "Flask-SQLAlchemy database on SQLite by configuration \
                         (`SQLALCHEMY_DATABASE_URI`), with no \"connect\" listener setting WAL: \
                         the rollback journal lets one writer block everyone",
                    )
                    .with_severity(Severity::Critical)
                    .with_note(
                        "Flask-SQLAlchemy builds the engine from this key, so there is no \
                         `create_engine` to attach to: inside `with app.app_context():` after \
                         `db.init_app(app)`, listen on `db.engine` for \"connect\" and run \
                         `PRAGMA journal_mode=WAL`, then `PRAGMA synchronous=NORMAL` once it \
                         returns `wal`",
                    ),
                );
            }
        }
        struct SessionsOnLoop;
        let sessions_on_loop =
            facts::any_module::<SessionsOnLoop>(ctx.project, |m| m.facts.sync_session_on_loop);
        for engine in &engines {
            // A library engine's pool is configured inside the library's object.
            let pool = match engine.library {
                Some(_) => None,
                None => one_connection_pool::finding(
                    self.meta(),
                    ctx,
                    engine.call,
                    engine.likely.as_deref(),
                ),
            };
            // The engine is the program's one connection to its file (a
            // one-connection pool no thread shares, nothing else opens the
            // file: semantic::sole_connection): the PRAGMA advice cannot
            // matter (F-busy-needs-two, F-one-connection-p99). Kept when the
            // pool itself is reported: its fix brings back a pool of several.
            let one_connection = pool.is_none()
                && engine.library.is_none()
                && crate::semantic::sole_connection::serializes_all(
                    ctx.project,
                    databases::identity_of_url(ctx.model, engine.call.scope, engine.url).as_deref(),
                );
            if let Some(finding) = pool {
                out.push(with_database_root(ctx, finding, engine, "pool"));
            }
            // An engine a class body binds is reached as `cls.engine` (or
            // `self.engine`) by the class's own methods.
            let class_attribute = in_class_body(ctx, engine.call);
            let attached: Vec<&Listener> = listeners
                .iter()
                .filter(|l| {
                    l.global
                        || engine.holder.as_ref().is_some_and(|h| {
                            l.target == *h
                                || l.target == format!("{h}.sync_engine")
                                || (class_attribute
                                    && (l.target == format!("cls.{h}")
                                        || l.target == format!("self.{h}")))
                        })
                        // `config.get_engine().sync_engine`, `maker.cached_engine`.
                        || matches!(&engine.library, Some((_, Some(name)))
                            if l.target.starts_with(&format!("{name}.")))
                })
                .collect();
            let connect: Vec<&Listener> = attached
                .iter()
                .copied()
                .filter(|l| l.event == "connect")
                .collect();
            let mut pragmas = crate::semantic::connections::PragmaSet::default();
            for l in &connect {
                if let Some((_, p)) = ctx.project.own.functions[l.function]
                    .pragma_params
                    .iter()
                    .find(|(i, _)| *i == 0)
                {
                    pragmas.merge(p);
                }
            }
            // WAL is a property of one database file: only a setting on this
            // file, or on one that may be it, counts (semantic::databases).
            let state = if project_wal {
                let identity = databases::identity_of_url(ctx.model, engine.call.scope, engine.url);
                match databases::wal_state_in_project(ctx.project, identity.as_deref()) {
                    // Set by an API the per-database facts do not follow (Django).
                    WalState::NotSet if !databases::any_wal_in_project(ctx.project) => {
                        WalState::Maybe
                    }
                    state => state,
                }
            } else {
                WalState::NotSet
            };
            let wal = state != WalState::NotSet || pragmas.has("journal_mode");
            let synchronous = pragmas.has("synchronous");
            // On a file certainly in WAL, `synchronous` is the author's durability
            // choice (F-synchronous, F-reference-defaults): nothing to report.
            // No concrete second writer and a lock wait of 20 s or more already
            // given to the driver: nothing in view holds the file that long
            // (semantic/long_wait.rs), as for SQF101.
            let waits_long = !matches!(ctx.pragma_party(), SecondParty::Known(_))
                && matches!(
                    crate::semantic::second_party::of_project(ctx.project),
                    SecondParty::Unknown | SecondParty::None(_)
                )
                && crate::semantic::long_wait::engine_waits_long(ctx.model, engine.call);
            // An engine only read through, beside the file's writer: its own
            // PRAGMAs change nothing, and WAL is the writer's to set for the
            // file (semantic/read_only_engine.rs).
            let read_only = engine.library.is_none()
                && crate::semantic::read_only_engine::read_only_beside_writer(
                    ctx.project,
                    ctx.model,
                    engine.holder.as_deref(),
                    engine.call.range(),
                    databases::identity_of_url(ctx.model, engine.call.scope, engine.url).as_deref(),
                );
            let settled = (wal && synchronous)
                || databases::wal_certain(state, &pragmas)
                || one_connection
                || waits_long
                || read_only;
            if !settled {
                let sets_wal = state != WalState::Set && !pragmas.has("journal_mode");
                out.push(self.pragma_finding(ctx, engine, &connect, wal, synchronous, sets_wal));
            }
            let begins = attached.iter().any(|l| l.event == "begin");
            // The library's engine options are its own: only the PRAGMA half
            // is reported on it.
            // A read-only engine never upgrades a read to a write.
            if engine.library.is_none()
                && !read_only
                && !begins
                && splat_keywords::keyword(ctx.model, engine.call, "isolation_level").is_none()
            {
                let autocommit_set = connect.iter().any(|l| sets_isolation_none(ctx, l.function));
                let on_loop = LoopUse::of(engine, sessions_on_loop);
                struct ThreadBound;
                let movable = on_loop == LoopUse::SyncSessionsOnLoop
                    && !facts::any_module::<ThreadBound>(ctx.project, |m| {
                        m.facts.thread_bound_engine
                    });
                out.push(self.begin_finding(ctx, engine, autocommit_set, on_loop, movable));
            }
        }
    }
}

/// Engines on a SQLite file: the URL says so (a literal, an f-string,
/// `URL.create(drivername="sqlite...")`), or it is only known at run time and
/// the function creating the engine shows SQLite evidence (see [`sqlite_evidence`]).
fn engines<'m, 'a>(ctx: &Context<'m, 'a>) -> Vec<Engine<'m, 'a>> {
    let model = ctx.model;
    model
        .calls
        .iter()
        .filter_map(|call| {
            let q = call.qualified()?;
            // SQLModel re-exports SQLAlchemy's `create_engine`.
            if !(q.starts_with("sqlalchemy") || q.starts_with("sqlmodel")) {
                return None;
            }
            let is_async = q.ends_with(".create_async_engine");
            if !is_async && !q.ends_with(".create_engine") {
                return None;
            }
            let url = splat_keywords::argument(model, call, 0, "url")?;
            let likely = sqlite_decision(ctx, url, call, 0)?;
            let holder = match call.stmt {
                Stmt::Assign(a) if a.targets.len() == 1 && a.value.range() == call.range() => {
                    holder_of(model, &a.targets[0])
                }
                Stmt::AnnAssign(a)
                    if a.value.as_ref().is_some_and(|v| v.range() == call.range()) =>
                {
                    holder_of(model, &a.target)
                }
                Stmt::Return(r) if r.value.as_ref().is_some_and(|v| v.range() == call.range()) => {
                    None
                }
                _ => return None,
            };
            Some(Engine {
                call,
                url,
                library: None,
                holder,
                is_async,
                likely,
            })
        })
        .chain(library_engines(ctx))
        .collect()
}

/// Engines a library object builds from the URL it is given
/// (semantic::library_engines): no `create_engine` to attach a listener to, so
/// no holder; the listener goes on the `Engine` class.
fn library_engines<'m, 'a>(ctx: &Context<'m, 'a>) -> Vec<Engine<'m, 'a>> {
    let model = ctx.model;
    library_engines::of_module(model)
        .into_iter()
        .filter_map(|(call, kind, url)| {
            let likely = sqlite_decision(ctx, url, call, 0)?;
            let name = match call.stmt {
                Stmt::Assign(a) if a.targets.len() == 1 && a.value.range() == call.range() => {
                    holder_of(model, &a.targets[0])
                }
                Stmt::AnnAssign(a)
                    if a.value.as_ref().is_some_and(|v| v.range() == call.range()) =>
                {
                    holder_of(model, &a.target)
                }
                _ => None,
            };
            Some(Engine {
                call,
                url,
                library: Some((kind, name)),
                holder: None,
                is_async: kind.is_async,
                likely,
            })
        })
        .collect()
}

/// The values of Flask-SQLAlchemy's `SQLALCHEMY_DATABASE_URI` that are SQLite
/// files: a config class or module attribute, `app.config["..."] = ...`, or
/// `app.config.update(SQLALCHEMY_DATABASE_URI=...)`; a literal, or the default of
/// `os.environ.get("...", "sqlite:///...")`.
fn flask_sqlalchemy_urls(ctx: &Context<'_, '_>) -> Vec<ruff_text_size::TextRange> {
    use ruff_python_ast::visitor::{self, Visitor};
    const KEY: &str = "SQLALCHEMY_DATABASE_URI";
    if !ctx.model.text.contains(KEY) {
        return Vec::new();
    }
    struct Values<'a>(Vec<&'a Expr>);
    impl<'a> Visitor<'a> for Values<'a> {
        fn visit_stmt(&mut self, stmt: &'a Stmt) {
            if let Stmt::Assign(a) = stmt {
                let named = a.targets.iter().any(|t| match t {
                    Expr::Name(n) => n.id.as_str() == KEY,
                    Expr::Subscript(sub) => crate::fix::codegen::is_str(&sub.slice, KEY),
                    _ => false,
                });
                if named {
                    self.0.push(&a.value);
                }
            }
            if let Stmt::AnnAssign(a) = stmt {
                if matches!(&*a.target, Expr::Name(n) if n.id.as_str() == KEY) {
                    if let Some(v) = &a.value {
                        self.0.push(v);
                    }
                }
            }
            visitor::walk_stmt(self, stmt);
        }
        fn visit_expr(&mut self, expr: &'a Expr) {
            if let Expr::Call(call) = expr {
                if matches!(&*call.func, Expr::Attribute(a) if a.attr.as_str() == "update") {
                    if let Some(k) = call.arguments.find_keyword(KEY) {
                        self.0.push(&k.value);
                    }
                }
            }
            visitor::walk_expr(self, expr);
        }
    }
    let mut values = Values(Vec::new());
    values.visit_body(ctx.model.suite);
    values
        .0
        .into_iter()
        .filter(|value| {
            let value = match value {
                // The default when the environment does not say.
                Expr::Call(c)
                    if ctx
                        .model
                        .resolve(&c.func, None)
                        .is_some_and(|q| q == "os.environ.get" || q == "os.getenv") =>
                {
                    match c.arguments.args.get(1) {
                        Some(d) => d,
                        None => return false,
                    }
                }
                v => v,
            };
            let scope = ctx.model.scopes.function_at(value.start());
            let Some(url) = string_value(ctx.model, value, scope, value.start()) else {
                return false;
            };
            let sketch = url.sketch();
            let Some((scheme, rest)) = sketch.split_once("://") else {
                return false;
            };
            let path = rest.strip_prefix('/').unwrap_or(rest);
            scheme.starts_with("sqlite")
                && !(path.is_empty()
                    || path.starts_with(":memory:")
                    || path.contains("mode=memory"))
        })
        .map(|v| v.range())
        .collect()
}

/// Whether the engine built from `url` is on a SQLite file: `Some(None)`
/// certain, `Some(Some(why))` likely, `None` not reported. A URL rewritten by
/// a project helper (`async_url(settings.database_url)`,
/// semantic::url_helpers) is the database of the URL the helper is given, or
/// of the one it spells.
fn sqlite_decision(
    ctx: &Context<'_, '_>,
    url: &Expr,
    call: &Call<'_>,
    depth: usize,
) -> Option<Option<String>> {
    if depth < 3 {
        if let Some(decision) = through_helper(ctx, url, call, depth) {
            return decision;
        }
    }
    match url_scheme(ctx, url, call) {
        UrlKind::SqliteFile => Some(None),
        UrlKind::Other => None,
        UrlKind::Unknown => Some(Some(sqlite_evidence(ctx, call, url)?)),
    }
}

/// [`sqlite_decision`] for a URL that is a call of a project URL helper (or a
/// local bound to one), `None` when it is not one.
fn through_helper(
    ctx: &Context<'_, '_>,
    url: &Expr,
    call: &Call<'_>,
    depth: usize,
) -> Option<Option<Option<String>>> {
    let model = ctx.model;
    let inner = match url {
        Expr::Call(inner) => inner,
        Expr::Name(n) => {
            let a = model.last_assignment(call.scope, n.id.as_str(), call.range().start())?;
            match a.value {
                Expr::Call(inner) if a.kind == crate::semantic::model::AssignKind::Assign => inner,
                _ => return None,
            }
        }
        _ => return None,
    };
    let helper_call = model.calls.iter().find(|c| c.range() == inner.range())?;
    let callee = crate::semantic::values::call_ref(model, helper_call)?;
    let from = ctx.project.module?;
    let (m, helper) = ctx.project.index.url_helper(from, &callee)?;
    let name = model.slice(inner.func.range()).to_string();
    let mut decisions: Vec<Option<Option<String>>> = Vec::new();
    for &sqlite in &helper.spells {
        decisions.push(sqlite.then_some(None));
    }
    for (position, param) in &helper.passes {
        let arg = inner
            .arguments
            .args
            .get(*position)
            .or_else(|| inner.arguments.find_keyword(param).map(|k| &k.value));
        let arg = match arg {
            Some(Expr::Starred(_)) | None => return None,
            Some(arg) => arg,
        };
        decisions.push(sqlite_decision(ctx, arg, helper_call, depth + 1));
    }
    let place = crate::diff::display_path(&ctx.project.index.modules[m].path);
    let reported: Vec<&Option<String>> = decisions.iter().flatten().collect();
    Some(if reported.is_empty() {
        None
    } else if reported.len() == decisions.len() {
        // Every path gives a SQLite file: as sure as the least sure.
        match reported.iter().find_map(|why| why.as_ref()) {
            None => Some(None),
            Some(why) => Some(Some(format!("{why}; `{name}` ({place}) keeps it SQLite"))),
        }
    } else if helper.spells.contains(&true) {
        Some(Some(format!(
            "`{name}` ({place}) returns a SQLite file URL on some paths"
        )))
    } else {
        None
    })
}

/// The call sits directly in a class body (`class Cache: engine = create_engine(...)`).
fn in_class_body(ctx: &Context<'_, '_>, call: &Call<'_>) -> bool {
    ctx.model.scopes.classes.iter().any(|class| {
        class.parent == call.scope
            && class.def.body.iter().any(|stmt| {
                matches!(stmt, Stmt::Assign(_) | Stmt::AnnAssign(_))
                    && stmt.range().contains_range(call.range())
            })
    })
}

fn holder_of(model: &crate::semantic::Model<'_>, target: &Expr) -> Option<String> {
    match target {
        Expr::Name(_) => Some(model.slice(target.range()).to_string()),
        Expr::Attribute(a) if matches!(&*a.value, Expr::Name(n) if matches!(n.id.as_str(), "self" | "cls")) => {
            Some(model.slice(target.range()).to_string())
        }
        _ => None,
    }
}

fn url_scheme(ctx: &Context<'_, '_>, url: &Expr, call: &Call<'_>) -> UrlKind {
    let model = ctx.model;
    // The other branch of `if url.startswith("sqlite"):` never builds a SQLite engine.
    if crate::semantic::url_branches::backend_at(model, call.scope, call.range()) == Some(false) {
        return UrlKind::Other;
    }
    // `URL.create("sqlite", database=...)`, `URL.create(drivername="sqlite+aiosqlite", ...)`.
    if let Expr::Call(inner) = url {
        let callee = model.resolve(&inner.func, call.scope).unwrap_or_default();
        if callee.starts_with("sqlalchemy") && callee.ends_with("URL.create") {
            let driver = inner
                .arguments
                .find_argument_value("drivername", 0)
                .and_then(|d| string_value(model, d, call.scope, call.range().start()))
                .and_then(|v| v.as_literal().map(str::to_string));
            let database = inner
                .arguments
                .find_keyword("database")
                .and_then(|k| string_value(model, &k.value, call.scope, call.range().start()))
                .and_then(|v| v.as_literal().map(str::to_string));
            return match driver {
                Some(d) if !d.starts_with("sqlite") => UrlKind::Other,
                Some(_)
                    if database
                        .as_deref()
                        .is_some_and(|d| d.is_empty() || d == ":memory:") =>
                {
                    UrlKind::Other
                }
                Some(_) if inner.arguments.find_keyword("database").is_none() => UrlKind::Other,
                Some(_) => UrlKind::SqliteFile,
                None => UrlKind::Unknown,
            };
        }
    }
    // `self.url` set by another method of the class (`__init__`, lazily).
    if let Some((class, attr)) = self_attribute(model, url, call) {
        return sqlite_urls::attribute_kind(model, class, attr);
    }
    match sqlite_urls::url_kind(model, url, call.scope, call.range().start()) {
        // A constant of another module (`settings.DATABASE_URL`).
        UrlKind::Unknown => match imported_constant(ctx, url, call) {
            Some((_, ConstUrl::Sqlite)) => UrlKind::SqliteFile,
            Some((_, ConstUrl::Other)) => UrlKind::Other,
            Some(_) => UrlKind::Unknown,
            // A parameter every caller that spells a URL gives a SQLite file.
            None => match callers_url(ctx, url, call) {
                Some(passed) if passed.sqlite.is_some() && !passed.other => UrlKind::SqliteFile,
                Some(passed) if passed.sqlite.is_none() && passed.other => UrlKind::Other,
                _ => UrlKind::Unknown,
            },
        },
        kind => kind,
    }
}

/// What the callers of the function building the engine pass as its URL,
/// when the URL is one of its parameters (semantic::url_args).
fn callers_url(
    ctx: &Context<'_, '_>,
    url: &Expr,
    call: &Call<'_>,
) -> Option<crate::semantic::url_args::Passed> {
    let (Expr::Name(n), Some(f), Some(module)) = (url, call.scope, ctx.project.module) else {
        return None;
    };
    let position = crate::semantic::url_args::parameter_position(ctx.model, f, n.id.as_str())?;
    let qualname = &ctx.model.scopes.function(f).qualname;
    let passed = ctx
        .project
        .index
        .callers_url(module, qualname, position, n.id.as_str());
    (passed.sqlite.is_some() || passed.other).then_some(passed)
}

/// A parameter some callers give a SQLite file URL and others another database's.
fn caller_passes_sqlite(ctx: &Context<'_, '_>, call: &Call<'_>, url: &Expr) -> Option<String> {
    let place = callers_url(ctx, url, call)?.sqlite?;
    Some(format!(
        "`{}` is a SQLite file URL where {place} calls it",
        ctx.model.slice(url.range())
    ))
}

/// What the URL `url` is when it names another module's constant or
/// config-class attribute (`settings.DATABASE_URL`, `Config.DB_URL`), with
/// that module's index (semantic::url_constants).
fn imported_constant(
    ctx: &Context<'_, '_>,
    url: &Expr,
    call: &Call<'_>,
) -> Option<(usize, ConstUrl)> {
    if !matches!(url, Expr::Name(_) | Expr::Attribute(_)) {
        return None;
    }
    let from = ctx.project.module?;
    let index = &ctx.project.index;
    let qualified = ctx.model.resolve(url, call.scope)?;
    let (m, rest) = index.module_of(from, &qualified)?;
    if m == from {
        return None;
    }
    let module = &index.modules[m];
    if let Some((_, kind)) = module.url_constants.iter().find(|(n, _)| *n == rest) {
        return Some((m, *kind));
    }
    // A class attribute holding, or defaulting to, a SQLite file URL.
    let (class, attr) = rest.rsplit_once('.')?;
    let id = index.class_id(m, class)?;
    module.classes[id]
        .sqlite_url_attrs
        .iter()
        .any(|a| a == attr)
        .then_some((m, ConstUrl::SqliteDefault))
}

/// A URL read from another module's configuration constant or config class
/// whose value defaults to a SQLite file.
fn imported_default(ctx: &Context<'_, '_>, call: &Call<'_>, url: &Expr) -> Option<String> {
    let (m, ConstUrl::SqliteDefault) = imported_constant(ctx, url, call)? else {
        return None;
    };
    Some(format!(
        "`{}` defaults to a SQLite file in {}; a deployment may set another URL",
        ctx.model.slice(url.range()),
        crate::diff::display_path(&ctx.project.index.modules[m].path)
    ))
}

/// `self.<attr>` / `cls.<attr>` in a method: its class and the attribute.
fn self_attribute<'e>(
    model: &crate::semantic::Model<'_>,
    url: &'e Expr,
    call: &Call<'_>,
) -> Option<(usize, &'e str)> {
    let Expr::Attribute(a) = url else {
        return None;
    };
    if !matches!(&*a.value, Expr::Name(n) if matches!(n.id.as_str(), "self" | "cls")) {
        return None;
    }
    Some((model.scopes.enclosing_class(call.scope)?, a.attr.as_str()))
}

/// Why an engine whose URL is known only at run time is likely on SQLite: the
/// function that creates it (or the module, for a module-level engine) compares
/// something with a `"sqlite"` string (`if settings.DB_ENGINE == "sqlite":`,
/// `url.startswith("sqlite")`), or passes the sqlite3-only `check_same_thread`,
/// or a default names a SQLite file (a settings class, a parameter, a shipped
/// configuration file). No evidence: unknown, not reported.
fn sqlite_evidence(ctx: &Context<'_, '_>, call: &Call<'_>, url: &Expr) -> Option<String> {
    if let Some(why) = crate::semantic::sync_orm::text_evidence(ctx.model, call) {
        return Some(why);
    }
    named_for_sqlite(ctx, call, url)
        .or_else(|| caller_passes_sqlite(ctx, call, url))
        .or_else(|| settings_default(ctx, call, url))
        .or_else(|| imported_default(ctx, call, url))
        .or_else(|| parameter_default(ctx, call, url))
        .or_else(|| shipped_config(ctx))
}

/// A configuration file the project ships beside its code (`config.yaml`,
/// `config.example.json`, `.env.example`) gives a `sqlite://` URL, and none
/// selects another backend: an engine built from a configured value
/// (`create_engine(config["database"]["url"])`) is on that file for whoever
/// keeps the default. Likely SQLite, as for a settings default.
fn shipped_config(ctx: &Context<'_, '_>) -> Option<String> {
    if crate::semantic::shipped_backend::of_project(ctx.project).is_some() {
        return None;
    }
    let line = crate::semantic::shipped_backend::sqlite_url_shipped(ctx.project)?;
    Some(format!(
        "the configuration shipped with the project gives a SQLite URL ({line}); a deployment may set another"
    ))
}

/// The URL is a parameter of the function building the engine whose default
/// names a SQLite file (`def __init__(self, url="sqlite:///app.db",
/// **kwargs)`): callers that pass nothing get SQLite, and a deployment may
/// pass another URL. Likely SQLite, as for a settings default.
fn parameter_default(ctx: &Context<'_, '_>, call: &Call<'_>, url: &Expr) -> Option<String> {
    let Expr::Name(name) = url else {
        return None;
    };
    let function = ctx.model.scopes.function(call.scope?);
    let param = function
        .def
        .parameters
        .iter_non_variadic_params()
        .find(|p| p.parameter.name.as_str() == name.id.as_str())?;
    let default = crate::semantic::sqlite_urls::configured_default(param.default.as_deref()?);
    crate::semantic::sqlite_urls::is_sqlite_file_literal(default).then(|| {
        format!(
            "the parameter `{}` defaults to a SQLite file at line {}; a caller may pass another URL",
            name.id,
            ctx.model.line_column(default.start()).0
        )
    })
}

/// A URL read from a settings object (`self.config.url`, `settings.db_url`)
/// whose class gives the attribute a SQLite file default, in this module or
/// another: likely SQLite, since a deployment may set another URL. A default
/// naming another database leaves the URL unknown.
fn settings_default(ctx: &Context<'_, '_>, call: &Call<'_>, url: &Expr) -> Option<String> {
    if !matches!(url, Expr::Attribute(_)) {
        return None;
    }
    let module = ctx.project.module?;
    let value = crate::semantic::objects::value_of(ctx.model, call.scope, url)?;
    let index = &ctx.project.index;
    let (m, class) = index.sqlite_url_attribute_of(module, &value)?;
    let Expr::Attribute(a) = url else {
        return None;
    };
    Some(format!(
        "`{}` is `{class}.{}`, which defaults to a SQLite file in {}; a deployment may set another URL",
        ctx.model.slice(url.range()),
        a.attr,
        crate::diff::display_path(&index.modules[m].path)
    ))
}

/// Evidence from names and from the class hierarchy, for an engine built from
/// a URL the code does not spell: a subclass fills `self.<attr>` with a SQLite
/// URL for the base class's engine, or the class or module the engine is built
/// in is named for SQLite (`class SqliteStore(Store)`, `store_sqlite.py`), the
/// way a project keeps one flavour per database beside its siblings.
fn named_for_sqlite(ctx: &Context<'_, '_>, call: &Call<'_>, url: &Expr) -> Option<String> {
    let model = ctx.model;
    let class = model.scopes.enclosing_class(call.scope);
    if let Some(module) = ctx.project.module {
        if let Some((class, attr)) = self_attribute(model, url, call) {
            let qualname = &model.scopes.classes[class].qualname;
            let subclasses = ctx
                .project
                .index
                .subclasses_setting_sqlite_url(module, qualname, attr);
            if let Some((_, sub)) = subclasses.first() {
                return Some(format!(
                    "the subclass `{sub}` sets `self.{attr}` to a SQLite URL"
                ));
            }
        }
    }
    let says_sqlite = |name: &str| name.to_ascii_lowercase().contains("sqlite");
    if let Some(class) = class {
        let name = model.scopes.classes[class].def.name.as_str();
        if says_sqlite(name) {
            return Some(format!("the class `{name}` is named for SQLite"));
        }
    }
    let stem = model.path.file_stem()?.to_str()?;
    says_sqlite(stem).then(|| format!("the module `{stem}.py` is named for SQLite"))
}

/// `@event.listens_for(target, "name")` functions and `event.listen(target, "name", fn)`.
fn listeners(ctx: &Context<'_, '_>) -> Vec<Listener> {
    let model = ctx.model;
    let mut out = Vec::new();
    let describe = |target: &Expr, scope| {
        let global = model
            .resolve(target, scope)
            .is_some_and(|q| ENGINE_CLASSES.contains(&q.as_str()));
        (model.slice(target.range()).to_string(), global)
    };
    for (id, function) in model.scopes.functions.iter().enumerate() {
        for decorator in &function.def.decorator_list {
            let Expr::Call(call) = &decorator.expression else {
                continue;
            };
            let Some(q) = model.resolve(&call.func, function.parent) else {
                continue;
            };
            if !q.starts_with("sqlalchemy.event") || !q.ends_with(".listens_for") {
                continue;
            }
            let [target, name, ..] = call.arguments.args.as_ref() else {
                continue;
            };
            let Expr::StringLiteral(name) = name else {
                continue;
            };
            let (target, global) = describe(target, function.parent);
            out.push(Listener {
                target,
                global,
                event: name.value.to_str().to_string(),
                function: id,
            });
        }
    }
    for call in &model.calls {
        let Some(q) = call.qualified() else {
            continue;
        };
        if !q.starts_with("sqlalchemy.event") || !q.ends_with(".listen") {
            continue;
        }
        let [target, Expr::StringLiteral(name), func, ..] = call.expr.arguments.args.as_ref()
        else {
            continue;
        };
        let Some(function) = listener_function(ctx, func, call.scope) else {
            continue;
        };
        let (target, global) = describe(target, call.scope);
        out.push(Listener {
            target,
            global,
            event: name.value.to_str().to_string(),
            function,
        });
    }
    out
}

/// The function `event.listen` is handed: a module function by name, or a
/// method by `self.m`, `cls.m` or `Class.m` (a class that installs its own
/// PRAGMA listener). For `self`/`cls` the method of the class around the call
/// comes first. Parameters are counted without the bound `self`/`cls`
/// (scopes.rs), so the DBAPI connection is parameter 0 either way.
fn listener_function(ctx: &Context<'_, '_>, func: &Expr, scope: Option<FuncId>) -> Option<FuncId> {
    let functions = &ctx.model.scopes.functions;
    match func {
        Expr::Name(name) => functions
            .iter()
            .position(|f| f.def.name.as_str() == name.id.as_str()),
        Expr::Attribute(attr) => {
            let Expr::Name(owner) = attr.value.as_ref() else {
                return None;
            };
            let method = attr.attr.as_str();
            let enclosing_class = scope.and_then(|s| ctx.model.scopes.function(s).class);
            let class_named = |c: usize| {
                let class = &ctx.model.scopes.classes[c];
                match owner.id.as_str() {
                    "self" | "cls" => Some(c) == enclosing_class,
                    other => class.def.name.as_str() == other,
                }
            };
            functions
                .iter()
                .position(|f| f.def.name.as_str() == method && f.class.is_some_and(class_named))
        }
        _ => None,
    }
}

/// The listener sets `<dbapi_connection>.isolation_level = None`.
fn sets_isolation_none(ctx: &Context<'_, '_>, function: FuncId) -> bool {
    visit::any_stmt(&ctx.model.scopes.function(function).def.body, |stmt| {
        matches!(stmt, Stmt::Assign(a)
            if matches!(a.value.as_ref(), Expr::NoneLiteral(_))
                && a.targets.iter().any(|t| matches!(t, Expr::Attribute(attr) if attr.attr.as_str() == "isolation_level")))
    })
}

impl SqlalchemySqlitePragmas {
    fn pragma_finding(
        &self,
        ctx: &Context<'_, '_>,
        engine: &Engine<'_, '_>,
        connect: &[&Listener],
        wal: bool,
        synchronous: bool,
        sets_wal: bool,
    ) -> Finding {
        let model = ctx.model;
        let missing = match (wal, synchronous) {
            (false, false) => "WAL or synchronous=NORMAL",
            (false, true) => "WAL",
            _ => "synchronous=NORMAL",
        };
        let built_by = match &engine.library {
            Some((kind, _)) => format!(" built by `{}`", kind.class),
            None => String::new(),
        };
        let finding = Finding::new(
            self.meta(),
            engine.call.range(),
            format!(
                "SQLAlchemy SQLite engine{built_by} without a \"connect\" listener setting {missing}{}",
                if wal {
                    ""
                } else {
                    ": the rollback journal lets one writer block everyone"
                }
            ),
        )
        .with_severity(if wal {
            Severity::Medium
        } else {
            Severity::Critical
        });
        let finding = with_database_root(ctx, likely(ctx, finding, engine), engine, "pragmas");
        if let Some(existing) = connect.first() {
            let name = model.scopes.function(existing.function).def.name.as_str();
            let mut statements = Vec::new();
            if !wal {
                statements.push("`PRAGMA journal_mode=WAL`");
            }
            if !synchronous {
                statements.push("`PRAGMA synchronous=NORMAL`");
            }
            return finding.with_note(format!(
                "add {} to the \"connect\" listener `{name}`",
                statements.join(" and ")
            ));
        }
        if let Some((kind, _)) = &engine.library {
            return self.library_fix(ctx, engine, kind, finding, sets_wal);
        }
        let Some(holder) = &engine.holder else {
            return finding.with_note(UNNAMED_ENGINE);
        };
        let Some(name) = self.free_name(holder, ctx, "_sqlite_pragmas") else {
            return finding.with_note("a function with the listener's name exists already");
        };
        let (event, import) = codegen::member_from(model, "sqlalchemy", "event");
        // `**options` the reading cannot see may hold `connect_args`: the
        // listener sets the busy timeout instead of a keyword on the call.
        let busy_timeout = splat_keywords::keyword(model, engine.call, "connect_args").is_none()
            && splat_keywords::opaque(model, engine.call);
        let body = pragma_body(ctx, sets_wal, busy_timeout);
        let code = listener(
            &event,
            &target(holder, engine),
            "connect",
            &name,
            "dbapi_connection, connection_record",
            "\"\"\"Per-connection SQLite settings for concurrent use (added by sqlfix, SQF112).\"\"\"\n",
            &body,
        );
        let mut edits = block_after(ctx, engine, &code);
        edits.extend(import);
        edits.extend(timeout_edit(ctx, engine));
        let title = "Set the PRAGMAs in a \"connect\" listener";
        finding.with_fix(match engine.likely {
            // The engine's own `connect_args` pass sqlite3's `check_same_thread`,
            // which no other driver accepts: it can only connect to SQLite.
            Some(_) if passes_check_same_thread(ctx, engine) => Fix::unsafe_(title, edits),
            // A PRAGMA listener on a server database would fail its connects.
            Some(_) => Fix::display_only(title, edits),
            None => Fix::safe(title, edits),
        })
    }

    fn begin_finding(
        &self,
        ctx: &Context<'_, '_>,
        engine: &Engine<'_, '_>,
        autocommit_set: bool,
        on_loop: LoopUse,
        movable: bool,
    ) -> Finding {
        let model = ctx.model;
        let finding = Finding::new(
            self.meta(),
            engine.call.range(),
            "SQLAlchemy SQLite engine runs reads outside the write transaction: a read-then-write loses updates or fails with \"database is locked\"",
        )
        .with_severity(Severity::High)
        .with_note(
            "every transaction takes the write lock when it begins (read-only ones too), and \
             sqlite3's own transaction handling is off; use a separate engine for long reads",
        );
        let mut finding = with_database_root(ctx, likely(ctx, finding, engine), engine, "begin");
        let Some(holder) = &engine.holder else {
            return finding.with_note(UNNAMED_ENGINE);
        };
        let (Some(autocommit), Some(begin), Some(commit), Some(end), Some(checkin)) = (
            self.free_name(holder, ctx, "_sqlite_autocommit_driver"),
            self.free_name(holder, ctx, "_sqlite_begin_immediate"),
            self.free_name(holder, ctx, "_sqlite_commit_write"),
            self.free_name(holder, ctx, "_sqlite_end_write"),
            self.free_name(holder, ctx, "_sqlite_checkin_write"),
        ) else {
            return finding;
        };
        let (event, import) = codegen::member_from(model, "sqlalchemy", "event");
        let mut code = String::new();
        let spacing = "\n".repeat(blank_lines(ctx, engine) + 1);
        // An async engine's listeners run on the event loop, where a thread lock
        // would block it: only a sync engine's writers queue on one.
        let queue = if engine.is_async {
            None
        } else {
            let (Some(class), Some(lock)) = (
                self.free_name(holder, ctx, "_SqliteWriteQueue"),
                self.free_name(holder, ctx, "_sqlite_write_queue"),
            ) else {
                return finding;
            };
            Some((class, lock))
        };
        let mut edits = Vec::new();
        if let Some((class, lock)) = &queue {
            let (threading, import) = codegen::module_ref(model, "threading");
            edits.extend(import);
            code.push_str(queue_class(class, &threading).trim_end_matches('\n'));
            code.push_str(&spacing);
            code.push_str(&format!(
                "{lock} = {class}(timeout={})",
                ctx.settings.timeout_seconds_literal()
            ));
            code.push_str(&spacing);
        }
        if !autocommit_set {
            code.push_str(&listener(
                &event,
                &target(holder, engine),
                "connect",
                &autocommit,
                "dbapi_connection, connection_record",
                "# SQLAlchemy emits BEGIN itself (below): stop sqlite3's own deferred BEGIN.\n",
                "dbapi_connection.isolation_level = None\n",
            ));
            code.push_str(&spacing);
        }
        let comment = "# Take the write lock when the transaction starts, so a read-then-write\n\
                       # waits for it (busy timeout) instead of failing with \"database is locked\".\n";
        match &queue {
            None => code.push_str(&listener(
                &event,
                &target(holder, engine),
                "begin",
                &begin,
                "conn",
                comment,
                "conn.exec_driver_sql(\"BEGIN IMMEDIATE\")\n",
            )),
            Some((_, lock)) => {
                code.push_str(&listener(
                    &event,
                    &target(holder, engine),
                    "begin",
                    &begin,
                    "conn",
                    comment,
                    &format!(
                        "{lock}.acquire(conn.info)\n\
                         try:\n    conn.exec_driver_sql(\"BEGIN IMMEDIATE\")\n\
                         except BaseException:\n    {lock}.release(conn.info)\n    raise\n"
                    ),
                ));
                code.push_str(&spacing);
                // The "commit" event runs before SQLAlchemy's COMMIT: committing
                // here first lets the turn go only once SQLite's lock is free.
                code.push_str(&listener(
                    &event,
                    &target(holder, engine),
                    "commit",
                    &commit,
                    "conn",
                    "# Commit now, then hand the turn on: the next writer's BEGIN IMMEDIATE\n\
                     # finds SQLite's lock free, and SQLAlchemy's own commit has nothing left\n\
                     # to do. On an error the turn is kept: that commit raises it, and the\n\
                     # rollback after it frees the turn.\n",
                    &format!(
                        "try:\n    conn.connection.dbapi_connection.commit()\n\
                         except conn.dialect.dbapi.Error:\n    return\n\
                         {lock}.release(conn.info)\n"
                    ),
                ));
                code.push_str(&spacing);
                code.push_str(&listener(
                    &event,
                    &target(holder, engine),
                    "rollback",
                    &end,
                    "conn",
                    "",
                    &format!("{lock}.release(conn.info)\n"),
                ));
                code.push_str(&spacing);
                code.push_str(&listener(
                    &event,
                    &target(holder, engine),
                    "checkin",
                    &checkin,
                    "dbapi_connection, connection_record",
                    "# A connection given back with its transaction open (a session dropped\n\
                     # without close) frees its turn too.\n",
                    &format!("{lock}.release(connection_record.info)\n"),
                ));
            }
        }
        edits.extend(block_after(ctx, engine, code.trim_end_matches('\n')));
        edits.extend(import);
        let title = if queue.is_some() {
            "Begin transactions IMMEDIATE (SQLAlchemy's recipe), writers queued on a process lock"
        } else {
            "Begin transactions IMMEDIATE (SQLAlchemy's recipe)"
        };
        if queue.is_some() {
            finding = finding.with_more_note(QUEUE_NOTE);
        }
        let title_fix = match (&engine.likely, on_loop.refusal()) {
            (Some(_), _) => Fix::display_only(title, edits),
            (None, None) => Fix::unsafe_(title, edits),
            (None, Some(_)) if movable => {
                finding = finding.with_note(AFTER_OFFLOAD);
                Fix::display_only(title, edits).after("SQF501")
            }
            (None, Some(reason)) => {
                finding = finding.with_note(reason);
                Fix::display_only(title, edits)
            }
        };
        finding.with_fix(title_fix)
    }

    /// The fix of a library-built engine: a `"connect"` listener on the `Engine`
    /// class after the statement building it, when that is module code (run once).
    fn library_fix(
        &self,
        ctx: &Context<'_, '_>,
        engine: &Engine<'_, '_>,
        kind: &library_engines::Kind,
        finding: Finding,
        sets_wal: bool,
    ) -> Finding {
        let model = ctx.model;
        let note = format!(
            "`{}` builds the engine inside the library, so there is no `create_engine` to \
             attach to: a \"connect\" listener on SQLAlchemy's `Engine` class runs for every \
             engine of the process{}, so keep it only where they are all SQLite",
            kind.class,
            if kind.is_async {
                " (an async engine's too, through its `sync_engine`)"
            } else {
                ""
            }
        );
        let finding = finding.with_note(note);
        if engine.call.scope.is_some() {
            return finding;
        }
        let taken = |name: &str| {
            model
                .scopes
                .functions
                .iter()
                .any(|f| f.def.name.as_str() == name)
        };
        if taken("_sqlite_pragmas") {
            return finding.with_note("a function with the listener's name exists already");
        }
        let (event, import) = codegen::member_from(model, "sqlalchemy", "event");
        let (class, class_import) = codegen::member_from(model, "sqlalchemy.engine", "Engine");
        let code = listener(
            &event,
            &class,
            "connect",
            "_sqlite_pragmas",
            "dbapi_connection, connection_record",
            "\"\"\"Per-connection SQLite settings for concurrent use (added by sqlfix, SQF112).\"\"\"\n",
            &pragma_body(ctx, sets_wal, true),
        );
        let mut edits = block_after(ctx, engine, &code);
        edits.extend(import);
        edits.extend(class_import);
        let title = "Set the PRAGMAs in a \"connect\" listener on every engine";
        // Every engine of the process gets it: a server database's would fail.
        finding.with_fix(match engine.likely {
            Some(_) => Fix::display_only(title, edits),
            None => Fix::unsafe_(title, edits),
        })
    }

    /// `base`, suffixed with the engine's name when it is not `engine`, unless taken.
    fn free_name(&self, holder: &str, ctx: &Context<'_, '_>, base: &str) -> Option<String> {
        let last = holder.rsplit('.').next().unwrap_or(holder);
        let name = if last == "engine" {
            base.to_string()
        } else {
            format!("{base}_{}", last.trim_start_matches('_'))
        };
        let taken = ctx
            .model
            .scopes
            .functions
            .iter()
            .any(|f| f.def.name.as_str() == name);
        (!taken).then_some(name)
    }
}

/// The statements of a PRAGMA listener: WAL when `sets_wal`, then
/// `synchronous` once the file reports `wal` (F-synchronous), the configured
/// extra PRAGMAs, and the busy timeout when no `connect_args` can carry it.
fn pragma_body(ctx: &Context<'_, '_>, sets_wal: bool, busy_timeout: bool) -> String {
    let mut body = String::new();
    body.push_str("cursor = dbapi_connection.cursor()\n");
    if busy_timeout {
        body.push_str(&format!(
            "cursor.execute(\"PRAGMA busy_timeout={}\")\n",
            ctx.settings.busy_timeout_ms
        ));
    }
    if sets_wal {
        body.push_str("cursor.execute(\"PRAGMA journal_mode=WAL\")\n");
        body.push_str(&format!(
            "if cursor.fetchone()[0].lower() == \"wal\":\n    cursor.execute(\"PRAGMA synchronous={}\")\n",
            ctx.settings.synchronous
        ));
    } else {
        body.push_str(&format!(
            "cursor.execute(\"PRAGMA synchronous={}\")\n",
            ctx.settings.synchronous
        ));
    }
    for (pragma, value) in &ctx.settings.extra_pragmas {
        body.push_str(&format!("cursor.execute(\"PRAGMA {pragma}={value}\")\n"));
    }
    body.push_str("cursor.close()\n");
    body
}

fn target(holder: &str, engine: &Engine<'_, '_>) -> String {
    if engine.is_async {
        format!("{holder}.sync_engine")
    } else {
        holder.to_string()
    }
}

/// Why the listener waits for SQF501 when the sessions run on the event loop.
const AFTER_OFFLOAD: &str = "applies after SQF501: this project runs sync sessions inside `async def`, where a \
     session holding the write lock from its first read would stall the event loop; SQF501's \
     unsafe fix moves them to worker threads, and `--fix --unsafe-fixes` then applies this \
     listener in its next round (it stays a suggestion if a session cannot be moved)";

/// What the process lock changes, and why it cannot deadlock.
const QUEUE_NOTE: &str = "writers of this process queue on a lock (woken in turn) instead of \
     sleeping and polling in SQLite's busy handler; it is held exactly while the transaction \
     holds SQLite's write lock, a thread already holding it (a nested session) does not wait, \
     and a wait longer than the busy timeout takes the turn over, so it cannot deadlock: \
     the worst case is SQLite's own wait, once more";

/// The process-wide queue for one engine's write transactions, as Python.
/// `acquire` and `release` take the connection's `info` dict, which SQLAlchemy
/// keeps per pooled connection: the turn belongs to the connection, so whichever
/// event ends its transaction (commit, rollback, check-in) gives it back.
fn queue_class(class: &str, threading: &str) -> String {
    format!(
        "class {class}:\n\
         \x20   \"\"\"One write transaction at a time in this process, in arrival order.\n\
         \n\
         \x20   SQLite's busy handler sleeps and polls (up to 100 ms a try); here waiters\n\
         \x20   are woken as soon as the writer before them ends. A nested session on the\n\
         \x20   thread that holds the turn does not wait, and a wait past the timeout takes\n\
         \x20   the turn over (a transaction left open), so it never deadlocks.\n\
         \x20   \"\"\"\n\
         \n\
         \x20   def __init__(self, timeout):\n\
         \x20       self._timeout = timeout\n\
         \x20       self._free = {threading}.Condition()\n\
         \x20       self._holder = None\n\
         \n\
         \x20   def acquire(self, info):\n\
         \x20       me = {threading}.get_ident()\n\
         \x20       with self._free:\n\
         \x20           if self._holder is not None and self._holder[0] == me:\n\
         \x20               return\n\
         \x20           self._free.wait_for(lambda: self._holder is None, self._timeout)\n\
         \x20           self._holder = (me, object())\n\
         \x20           info[\"_sqlite_write_turn\"] = self._holder\n\
         \n\
         \x20   def release(self, info):\n\
         \x20       turn = info.pop(\"_sqlite_write_turn\", None)\n\
         \x20       if turn is None:\n\
         \x20           return\n\
         \x20       with self._free:\n\
         \x20           if self._holder is turn:\n\
         \x20               self._holder = None\n\
         \x20               self._free.notify()\n"
    )
}

const UNNAMED_ENGINE: &str =
    "the engine is returned or passed on here: attach the listener where it is stored";

/// One half of the recipe (`pragmas` or `begin`) on one database is one root.
fn with_database_root(
    ctx: &Context<'_, '_>,
    finding: Finding,
    engine: &Engine<'_, '_>,
    half: &str,
) -> Finding {
    let model = ctx.model;
    let identity = databases::identity_of_url(model, engine.call.scope, engine.url);
    match identity {
        Some(identity) => {
            let mut root = super::roots::database(model, &identity);
            root.key = format!("{}/{half}", root.key);
            finding.with_root(root)
        }
        None => finding,
    }
}

/// An engine whose URL is known only at run time: the message says how sure
/// sqlfix is and why, and the confidence drops. An async one whose URL is
/// SQLite has a second party of its own where the project names no other:
/// its pool hands each interleaved task a connection (semantic/orm_on_loop.rs).
/// That party belongs to this engine's findings only, never to another
/// engine's or connection's in the project.
fn likely(ctx: &Context<'_, '_>, finding: Finding, engine: &Engine<'_, '_>) -> Finding {
    match &engine.likely {
        Some(why) => {
            let mut message = format!(
                "{} (likely SQLite: the URL is known only at run time; {why})",
                finding.message
            );
            if engine.is_async && !matches!(ctx.pragma_party(), SecondParty::Known(_)) {
                message.push_str(OWN_POOL);
            }
            let mut finding = finding.with_confidence(Confidence::Medium);
            finding.message = message;
            finding
        }
        // A SQLite file URL the module does not spell itself (another
        // module's constant, a URL helper's result): the module's facts do
        // not see the engine's own pool, the message names it.
        None if engine.is_async
            && !matches!(ctx.pragma_party(), SecondParty::Known(_))
            && !finding.message.contains("async engine") =>
        {
            let mut finding = finding;
            finding.message.push_str(OWN_POOL);
            finding
        }
        None => finding,
    }
}

/// The second party an async engine brings itself (check/scope.rs keeps a
/// message that names one).
const OWN_POOL: &str =
    "; concurrent with this async engine's pooled connections, each held by an interleaved task";

/// A decorated listener, four-space indented, without a trailing newline.
fn listener(
    event: &str,
    target: &str,
    name_of_event: &str,
    name: &str,
    params: &str,
    preamble: &str,
    body: &str,
) -> String {
    let mut code =
        format!("@{event}.listens_for({target}, \"{name_of_event}\")\ndef {name}({params}):\n");
    for line in preamble.lines().chain(body.lines()) {
        code.push_str("    ");
        code.push_str(line);
        code.push('\n');
    }
    code.trim_end_matches('\n').to_string()
}

/// Blank lines around a definition: two at module level, one inside a block.
fn blank_lines(ctx: &Context<'_, '_>, engine: &Engine<'_, '_>) -> usize {
    if codegen::indentation_at(ctx.model.text, engine.call.stmt.start()).is_empty() {
        2
    } else {
        1
    }
}

/// Edits that put `code` after the engine's statement, separated by blank lines.
/// The blank lines before it are one shared edit, so that two listener blocks
/// added in one round stack up with the right spacing.
fn block_after(ctx: &Context<'_, '_>, engine: &Engine<'_, '_>, code: &str) -> Vec<Edit> {
    let model = ctx.model;
    let stmt = engine.call.stmt;
    let indent = codegen::indentation_at(model.text, stmt.start());
    let nl = model.stylist.newline.as_str();
    let blanks = blank_lines(ctx, engine);
    let code = model.stylist.lines(&model.stylist.indent_code(code));
    let indented: String = code
        .split_inclusive(nl)
        .map(|line| {
            if line.trim().is_empty() {
                line.to_string()
            } else {
                format!("{indent}{line}")
            }
        })
        .collect();
    let after_stmt = codegen::next_line_start(model.text, stmt.end());
    // Past the blank lines that follow, unless only the end of the file follows.
    let mut at = after_stmt;
    let mut existing = 0;
    while usize::from(at) < model.text.len() {
        let end = codegen::next_line_start(model.text, at);
        if !model.text[usize::from(at)..usize::from(end)]
            .trim()
            .is_empty()
        {
            break;
        }
        existing += 1;
        at = end;
    }
    if usize::from(at) >= model.text.len() {
        return vec![Edit::insert(
            after_stmt,
            format!("{}{indented}{nl}", nl.repeat(blanks)),
        )];
    }
    let mut edits = Vec::new();
    if existing < blanks {
        edits.push(
            Edit::insert(at, nl.repeat(blanks - existing)).with_order(EditOrder::HelperSpacer),
        );
    }
    edits.push(Edit::insert(
        at,
        format!("{indented}{nl}{}", nl.repeat(blanks)),
    ));
    edits
}

/// `connect_args={"check_same_thread": ...}` on the engine, as a dict literal
/// (or a module name bound to one).
fn passes_check_same_thread(ctx: &Context<'_, '_>, engine: &Engine<'_, '_>) -> bool {
    splat_keywords::keyword(ctx.model, engine.call, "connect_args").is_some_and(|args| {
        let container = pragma_config::resolve_name(ctx.model, args, engine.call.scope);
        matches!(container, Expr::Dict(_))
            && pragma_config::pairs(ctx.model, container)
                .iter()
                .any(|(k, _)| k == "check_same_thread")
    })
}

/// `connect_args={"timeout": 5.0}` when the engine sets no timeout.
fn timeout_edit(ctx: &Context<'_, '_>, engine: &Engine<'_, '_>) -> Option<Edit> {
    let model = ctx.model;
    let value = ctx.settings.timeout_seconds_literal();
    match splat_keywords::keyword(model, engine.call, "connect_args") {
        // A `**` argument whose keys are not all known may carry `connect_args`.
        None if splat_keywords::opaque(model, engine.call) => None,
        None => Some(codegen::add_keyword(
            model,
            engine.call.expr,
            "connect_args",
            &format!("{{\"timeout\": {value}}}"),
        )),
        Some(args) => {
            let container = pragma_config::resolve_name(model, args, engine.call.scope);
            if !matches!(container, Expr::Dict(_))
                || pragma_config::pairs(model, container)
                    .iter()
                    .any(|(k, _)| k == "timeout")
            {
                return None;
            }
            entries::append_entries(model, container, &[("timeout", Value::Raw(value))])
        }
    }
}
