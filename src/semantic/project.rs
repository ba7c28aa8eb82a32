//! The cross-file index: for every function of the project, whether it does
//! blocking database I/O (itself or through the functions it calls), whether it is
//! a connection factory, and which PRAGMAs it sets on a connection it is given.

use rustc_hash::FxHashMap as HashMap;
use rustc_hash::FxHashSet as HashSet;
use std::borrow::Cow;

use std::path::{Path, PathBuf};

use super::connections::{self, Driver, PragmaSet, Wrappers};
use super::imports::Import;
use super::model::{Call, Callee, Model, Receiver};
use super::paths::{dotted_names, normalize};
pub use super::refs::CallRef;
use super::refs::ValueRef;
use super::spread::Spread;
use super::summary_types::{ClassSummary, Effects, Entry, ModuleFacts, TxMode};
pub use super::values::call_ref;

/// Methods of a sqlite3 connection or cursor that wait on the database.
pub const BLOCKING_METHODS: &[&str] = &[
    "execute",
    "executemany",
    "executescript",
    "commit",
    "rollback",
    "fetchone",
    "fetchall",
    "fetchmany",
    "backup",
    "iterdump",
];

#[derive(Debug, Clone, Default)]
pub struct Factory {
    /// Returns a connection it created in this call (not a cached one).
    pub fresh: bool,
    pub pragmas: PragmaSet,
    /// How the connections it returns control transactions.
    pub tx_mode: TxMode,
    /// Its connections are made with `factory=C` whose `__exit__` closes them:
    /// `with factory() as conn:` closes.
    pub closes_on_exit: bool,
    /// A sqlite3 connection with the default `check_same_thread=True`: it
    /// belongs to the thread that called the factory (F-same-thread).
    pub same_thread: bool,
}

/// The database file a write goes to, as the writing module names it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WriteFile {
    /// A file the connection's `connect(...)` names (databases::identity_of_connect).
    Named(String),
    /// A `connect(...)` here on a file the source does not name: its own file,
    /// as its own root cause is (SQF111).
    Unnamed,
    /// A connection made elsewhere (handed in, a factory's): any file.
    Any,
}

impl WriteFile {
    /// Whether a write to this may be a write to the file `identity`.
    pub fn may_be(&self, identity: &str) -> bool {
        match self {
            WriteFile::Named(id) => id == identity || !id.starts_with("file:"),
            WriteFile::Unnamed => false,
            WriteFile::Any => true,
        }
    }
}

/// See [`FunctionSummary::write_files`].
#[derive(Debug, Clone, Default)]
pub struct WriteFiles {
    pub unlocked: Vec<WriteFile>,
    pub locked: Vec<WriteFile>,
}

#[derive(Debug, Clone)]
pub struct FunctionSummary {
    pub qualname: String,
    pub line: usize,
    pub is_async: bool,
    pub params: Vec<String>,
    /// Runs blocking sqlite3 calls in its own body.
    pub direct_io: bool,
    /// Runs queries on a sync SQLAlchemy session in its own body (sync_orm.rs):
    /// blocking I/O when the project's engines are on SQLite.
    pub orm_io: bool,
    /// Runs a Flask-SQLAlchemy query (`db.session.commit()`, `Model.query`)
    /// in its own body (flask_orm.rs): counted only as a use of the database
    /// by a second party, not as blocking I/O.
    pub app_orm_io: bool,
    /// Its own database work uses a connection it did not open itself (a global,
    /// `self.conn`, or a parameter).
    pub direct_shared: bool,
    /// The module-level connections it runs blocking calls on (global name, line
    /// of the connect): the shared connection a finding about it can name as its root.
    pub shared_globals: Vec<(String, usize)>,
    /// Its own blocking I/O includes method calls on an object of a library
    /// class that opens SQLite itself (sqlite_stores.rs), with the evidence.
    pub store_io: Option<super::sqlite_stores::StoreEvidence>,
    /// Sync calls it makes that may reach project code.
    pub calls: Vec<CallRef>,
    /// Of `calls`, those it makes outside any `with <lock>:` block: what it
    /// reaches only through a locked call runs one caller at a time. `None`
    /// when that is all of them (most functions): see [`Self::unlocked_calls`].
    pub unlocked: Option<Vec<CallRef>>,
    pub factory: Option<Factory>,
    /// PRAGMAs it runs on its i-th parameter.
    pub pragma_params: Vec<(usize, PragmaSet)>,
    /// The files it opens a sqlite3 connection of its own on, when it writes
    /// SQL: a caller that calls it inside its own write transaction on the
    /// same file waits for itself (SQF301, F-self-deadlock).
    pub own_connection_writes: Vec<super::path_idents::PathIdent>,
    /// The slow work it does (`slow::of_functions`: a sleep, a network request,
    /// a subprocess...), by itself or through its module's functions, named by
    /// what the slow call does: for callers in other modules that hold a lock.
    pub slow: Option<&'static str>,
    /// Positions of the parameters whose run it waits for on a pool
    /// (`run_in_pool(func, *args)`: `pool.submit(func, *args).result()`): a call
    /// of it is a call of what is passed there (pool_wait.rs).
    pub waits_on_params: Vec<usize>,
    /// `return <i-th parameter>`.
    pub returns_param: Option<usize>,
    /// Parameters the function may keep or hand on (anything but calling their
    /// methods and reading their attributes).
    pub param_escapes: Vec<bool>,
    /// Writes on a module-level or `self` connection and can leave that
    /// transaction open after an exception (no rollback, no `with conn:`).
    pub leaks_shared_tx: bool,
    /// Does slow work (a sleep, a network call: what yields under gevent)
    /// after a write and before the commit that ends its transaction
    /// (gevent_patched.rs, F-gevent-no-yield).
    pub slow_in_tx: bool,
    /// Reads, and writes, through the Django ORM in its own body (django_atomic.rs).
    pub django_orm: (bool, bool),
    /// The database files of its data writes, outside any `with <lock>:` block
    /// (`unlocked`) and inside one (`locked`), as far as the module names them.
    pub write_files: WriteFiles,
    /// SQL writes, commits, checkpoint files, route registration.
    pub effects: Effects,
    /// What it returns (or yields), as the object model names values.
    pub returns: Option<ValueRef>,
    /// The SQLAlchemy `scoped_session` registry of its module it uses, if any
    /// (scoped_sessions.rs).
    pub scoped_session: Option<String>,
    /// Calls `<registry>.remove()`, ending the thread's session.
    pub removes_scoped: bool,
    /// Its parameters with no annotation: their callers say what they are.
    pub untyped_params: Vec<String>,
    /// Calls of `calls` made on a parameter, its own or (a closure) an
    /// enclosing function's: (index into `calls`, qualname of the function
    /// whose parameter it is). The value was handed in, not built by this call's
    /// function, even when an annotation names its class.
    pub param_receivers: Vec<(usize, String)>,
    /// A decorator runs its body on a worker thread (thread_decorators.rs):
    /// calling it only schedules that body, so its I/O never blocks the caller.
    pub on_worker_thread: bool,
    /// Its database I/O all sits under `if <param> is not None:` (or `if
    /// <param>:`) for a parameter that defaults to `None`: a call that leaves the
    /// parameter out does only what is outside that branch.
    pub optional_io: Option<OptionalIo>,
    /// Its own sqlite3 work is not bounded (bounded_io.rs): a commit per item
    /// of a loop, a whole-table read, SQL the source does not show.
    pub unbounded_io: Option<super::summary_types::Unbounded>,
    /// Positions in `calls` of the calls it makes once per item of a loop.
    pub looped_calls: Vec<usize>,
    /// A coroutine that keeps a sync write transaction open across an `await`
    /// (bounded_io.rs).
    pub write_across_await: bool,
}

impl FunctionSummary {
    /// The calls it makes outside any `with <lock>:` block.
    pub fn unlocked_calls(&self) -> &[CallRef] {
        self.unlocked.as_deref().unwrap_or(&self.calls)
    }

    /// Writes data (INSERT/UPDATE/DELETE) outside any `with <lock>:` block.
    pub fn unlocked_writes(&self) -> bool {
        !self.write_files.unlocked.is_empty()
    }
}

/// What a function does when its optional parameter `param` is left out or
/// `None` ([`FunctionSummary::optional_io`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OptionalIo {
    pub param: String,
    /// Its position among the positional parameters (`self` left out); `None`
    /// for a keyword-only parameter.
    pub position: Option<usize>,
    /// Blocking I/O of its own outside the guarded branch.
    pub direct_io: bool,
    /// The sync calls it makes outside the guarded branch.
    pub calls: Vec<CallRef>,
}

#[derive(Debug, Clone)]
pub struct ModuleSummary {
    pub path: PathBuf,
    pub imports: Vec<Import>,
    pub functions: Vec<FunctionSummary>,
    /// Module-level `var = Class(...)`: var → class name (local or dotted import).
    pub instances: Vec<(String, CallRef)>,
    /// Journal modes the module's own code sets, with the line: `("wal", 12)`.
    pub journal_modes: Vec<(String, usize)>,
    /// A helper sqlfix wrote sets WAL here: WAL is on, but no person chose it, so
    /// the checks that follow from a deliberate WAL setup (SQF105, SQF703) skip it.
    pub generated_wal: bool,
    /// Every PRAGMA the module sets, by any API (SQL, peewee, Django).
    pub pragmas: Vec<super::summary_types::PragmaFact>,
    /// Functions the module runs on other threads (thread targets, executors,
    /// `asyncio.to_thread`, background tasks, sync web endpoints).
    pub thread_entries: Vec<CallRef>,
    /// Of those, the handlers of its threaded bots, per bot with the size of the
    /// worker pool that runs them (library_dispatch.rs, writer_threads.rs).
    pub bot_pools: Vec<super::library_dispatch::BotPool>,
    /// Its thread targets started a known number of times, once each from
    /// run-once code (threads.rs `once_started`, writer_threads.rs).
    pub once_started: Vec<(CallRef, usize)>,
    /// Its functions that are thread decorators (thread_decorators.rs), and the
    /// project decorators each of its functions wears: `(decorator, function)`.
    pub thread_decorators: Vec<String>,
    pub decorated: Vec<(CallRef, String)>,
    /// Its functions that register the function they decorate as a web
    /// route (wsgi_views.rs, `route_factories`).
    pub route_factories: Vec<String>,
    /// Its views under a route decorator of an app another module makes:
    /// `(app, view)` (wsgi_views.rs, `imported_app_routes`).
    pub app_routes: Vec<(String, String)>,
    /// Its functions that start a thread on the callable they are given, and
    /// its calls that give a project callable to some function
    /// (thread_starters.rs).
    pub thread_starters: Vec<String>,
    pub starter_calls: Vec<(CallRef, Vec<CallRef>)>,
    /// Concurrency entry points, databases opened, integrity checks.
    pub facts: ModuleFacts,
    /// Its classes: bases and the attributes their methods set (objects.rs).
    pub classes: Vec<ClassSummary>,
    /// Module-level names bound to values the object model can name.
    pub globals: Vec<(String, ValueRef)>,
    /// `<app>.state.<name> = <value>` assignments.
    pub app_state: Vec<(String, ValueRef)>,
    /// `with <call>() as cur:` blocks that read then write through `cur`
    /// (tx_helpers.rs): matched to the project's transaction helpers.
    pub tx_blocks: Vec<super::tx_helpers::TxBlock>,
    /// Calls handing nameable values to project functions (objects.rs).
    pub passes: Vec<super::summary_types::Pass>,
    /// Instances of (possibly) project classes it builds, and how long they live.
    pub constructions: Vec<super::constructions::Construction>,
    /// Attribute names whose value it closes, and whether on `self`
    /// (`self._con.close()`) rather than on another object.
    pub closed_attrs: Vec<(String, bool)>,
    /// Its classes that open a sqlite3 connection onto `self`.
    pub connection_classes: Vec<String>,
    /// Its classes whose `__del__` runs as the last reference goes.
    pub closed_on_del: Vec<String>,
    /// Classes that keep a sqlite3 connection on `self` (store_accessors.rs).
    pub kept_connections: Vec<super::store_accessors::KeptConnection>,
    /// Its accessors that build a new store per call (store_accessors.rs).
    pub fresh_accessors: Vec<super::store_accessors::FreshAccessor>,
    /// Its dependency-injection container classes and the providers they
    /// declare; its classes that run work on a thread pool of their own, with
    /// their bases (di_services.rs).
    pub di_containers: Vec<String>,
    pub di_providers: Vec<super::di_services::Provider>,
    pub pool_classes: Vec<(String, Vec<String>)>,
    /// Module-level names bound to a database URL of a known kind (url_constants.rs).
    pub url_constants: Vec<(String, super::url_constants::ConstUrl)>,
    /// Module-level names whose call makes a new ORM session (orm_sessions.rs).
    pub session_makers: Vec<String>,
    /// Classes whose method keeps one lazily made session (session_holders.rs).
    pub session_holders: Vec<super::session_holders::Holder>,
    /// Calls passing a project function a database URL the code spells (url_args.rs).
    pub url_args: Vec<super::url_args::UrlArg>,
    /// Functions that rewrite a database URL they are given, or spell one
    /// (url_helpers.rs).
    pub url_helpers: Vec<super::url_helpers::UrlHelper>,
    /// Module-level names bound to a SQLAlchemy session or `scoped_session`
    /// registry, which other modules import and query (orm_transactions.rs).
    pub orm_sessions: Vec<String>,
    /// Of `orm_sessions`, those bound to a `scoped_session` registry (one
    /// session per thread), not to one session (orm_transactions.rs).
    pub orm_registries: Vec<String>,
    /// Connections and cursors held in its globals or its classes' attributes,
    /// which other modules import and query inline (shared_handles.rs).
    pub shared_handles: Vec<super::shared_handles::Handle>,
    /// Its kept connections and what its own code does to them, and the last
    /// names of the other receivers it commits, closes or sets autocommit on
    /// (kept_writes.rs).
    pub kept_conns: Vec<super::summary_types::KeptConn>,
    pub ended_names: Vec<String>,
    /// Its text says "sqlite" somewhere (sqlite_evidence.rs).
    pub mentions_sqlite: bool,
    /// It imports another database engine's driver (psycopg2, PyMySQL, ...).
    pub foreign_driver: bool,
}

/// Clears a function's own sqlite3 I/O (not its calls, which are judged where
/// they lead).
pub fn discount(f: &mut FunctionSummary) {
    f.direct_io = false;
    f.direct_shared = false;
    f.shared_globals.clear();
    f.store_io = None;
    if let Some(o) = f.optional_io.as_mut() {
        o.direct_io = false;
    }
}

impl ModuleSummary {
    pub fn function(&self, qualname: &str) -> Option<&FunctionSummary> {
        self.functions.iter().find(|f| f.qualname == qualname)
    }
}

/// Derived, project-wide facts about one function.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Reach {
    /// Does blocking DB I/O itself or through sync calls.
    pub blocking: bool,
    /// Some of that I/O uses a connection the call did not open.
    pub shared: bool,
    /// Some of it runs on a sync SQLAlchemy session (sync_orm.rs).
    pub orm: bool,
    /// Some of it is not bounded (bounded_io.rs): a commit per item of a loop,
    /// a whole-table read, unseen SQL, or a blocking call made per item.
    pub unbounded: bool,
}

pub struct ProjectIndex {
    pub modules: Vec<ModuleSummary>,
    /// Simple names of factory and pass-through functions anywhere in the project:
    /// a call whose name is not here cannot be one (most calls are not).
    pub(crate) factory_names: HashSet<String>,
    pub(crate) wrapper_names: HashSet<String>,
    by_name: HashMap<String, Vec<usize>>,
    by_path: HashMap<PathBuf, usize>,
    /// Per module: its folder, normalized (where [`Self::closest`] measures from).
    dirs: Vec<PathBuf>,
    /// What each module's relative imports can name.
    relative: super::relative_modules::RelativeModules,
    /// Per module: qualname → position of its (first) function of that name.
    by_qualname: Vec<HashMap<String, usize>>,
    /// Per module: class qualname → position in its `classes`.
    by_class: Vec<HashMap<String, usize>>,
    /// `<app>.state.<name>` → (module, value) of every assignment to it.
    pub(crate) app_state: HashMap<String, Vec<(usize, ValueRef)>>,
    /// Parameters typed by their callers (objects.rs).
    pub(crate) param_types: super::summary_types::ParamTypes,
    /// Abstract classes with one implementation (objects.rs).
    pub(crate) concrete: super::summary_types::Concrete,
    reach: Vec<Vec<Reach>>,
    sets_wal: bool,
    /// Whether the project's sync sessions run on SQLite (sync_orm.rs).
    orm_sqlite: Option<super::sync_orm::OrmSqlite>,
    /// Project-wide reachability, computed on first use (see [`Spreading`]).
    spreads: [std::sync::OnceLock<Spread>; 5],
    /// Per module: its functions other modules start or register (facts.rs).
    entries_into: std::sync::OnceLock<HashMap<usize, Vec<(usize, Entry)>>>,
    /// Project-wide tables the layers above build once per index, by type.
    memos: Memos,
    /// Every Python file of the run and what imports what (set once by the run).
    import_graph: std::sync::OnceLock<super::import_graph::ImportGraph>,
    /// How the project's server runs requests (deployment.rs; set once by the run).
    deployment: std::sync::OnceLock<super::deployment::Serving>,
}

/// One cell per table type: the map's lock is held only to find the cell, and
/// a thread asking for a table another thread is building waits for it instead
/// of building it a second time. No memo's build uses rayon (the parallel walks
/// are all in the index build), so a waiting thread never holds work the
/// builder needs; and builds ask only for other types' tables.
type Memos = std::sync::Mutex<HashMap<std::any::TypeId, std::sync::Arc<MemoCell>>>;

type MemoCell = std::sync::OnceLock<std::sync::Arc<dyn std::any::Any + Send + Sync>>;

/// The walks over the project's call graph that the codemods share.
#[derive(Debug, Clone, Copy)]
pub enum Spreading {
    /// From thread entries (threads.rs): what runs on worker threads.
    Threaded = 0,
    /// From routes, thread and background-task spawns through sync calls (facts.rs).
    ThreadReachable = 1,
    /// From async routes, tasks and background tasks through awaited coroutines.
    TaskReachable = 2,
    /// From thread entries through calls made outside any `with <lock>:`
    /// (threads.rs): what several threads can run at the same time.
    ThreadedUnlocked = 3,
    /// From the request handlers of threading servers (socketserver, gRPC),
    /// any module's (threads.rs): what server threads run, for SQF203 only.
    ServerThreads = 4,
}

/// Qualname → position, the first function of each name winning (as a linear search would).
fn qualname_map(functions: &[FunctionSummary]) -> HashMap<String, usize> {
    let mut map = HashMap::with_capacity_and_hasher(functions.len(), Default::default());
    for (i, f) in functions.iter().enumerate() {
        map.entry(f.qualname.clone()).or_insert(i);
    }
    map
}

/// Per module: class qualname → position in its `classes`.
fn class_map(module: &ModuleSummary) -> HashMap<String, usize> {
    let mut map = HashMap::default();
    for (i, c) in module.classes.iter().enumerate() {
        map.entry(c.qualname.clone()).or_insert(i);
    }
    map
}

/// The functions of `module` wearing a decorator that runs them on a worker
/// thread, the decorator defined in this module or another (the index resolves it).
pub(crate) fn decorated_entries(
    index: &ProjectIndex,
    m: Option<usize>,
    module: &ModuleSummary,
) -> Vec<CallRef> {
    module
        .decorated
        .iter()
        .filter(|(decorator, _)| {
            let resolved = match (decorator, m) {
                (CallRef::Local(name), _) => {
                    return module.thread_decorators.iter().any(|d| d == name);
                }
                (_, Some(m)) => index.resolve(m, decorator),
                (_, None) => None,
            };
            resolved.is_some_and(|(dm, df)| {
                let qualname = &index.modules[dm].functions[df].qualname;
                index.modules[dm].thread_decorators.contains(qualname)
            })
        })
        .map(|(_, function)| CallRef::Local(function.clone()))
        .collect()
}

/// The functions of module `m` that wear one of the project's
/// route-decorator factories (`@api_get("/items")`, wsgi_views.rs), or a route
/// decorator of a Flask or FastAPI app another module makes (`@app.route`
/// after `from webapp import app`): views the threaded server runs on its
/// request threads.
pub(crate) fn routed_entries(
    index: &ProjectIndex,
    m: Option<usize>,
    module: &ModuleSummary,
) -> Vec<CallRef> {
    module
        .decorated
        .iter()
        .filter(|(decorator, _)| match (decorator, m) {
            (CallRef::Local(name), _) => module.route_factories.iter().any(|d| d == name),
            (_, Some(m)) => index.resolve(m, decorator).is_some_and(|(dm, df)| {
                let qualname = &index.modules[dm].functions[df].qualname;
                index.modules[dm].route_factories.contains(qualname)
            }),
            (_, None) => false,
        })
        .map(|(_, function)| CallRef::Local(function.clone()))
        .chain(
            module
                .app_routes
                .iter()
                .filter(|(app, _)| m.is_some_and(|m| index.is_web_app(m, app)))
                .map(|(_, view)| CallRef::Local(view.clone())),
        )
        .collect()
}

/// Web application classes whose sync views run on worker threads.
const WEB_APPS: &[&str] = &[
    "flask.Flask",
    "flask.app.Flask",
    "flask.Blueprint",
    "flask.blueprints.Blueprint",
    "fastapi.FastAPI",
    "fastapi.APIRouter",
    "fastapi.routing.APIRouter",
];

impl ProjectIndex {
    /// `app`, as module `m` names it, is a module-level Flask or FastAPI
    /// application (or blueprint, router) of another project module.
    fn is_web_app(&self, m: usize, app: &str) -> bool {
        let Some((c, rest)) = self.module_of(m, app) else {
            return false;
        };
        c != m
            && self.modules[c].instances.iter().any(|(var, class)| {
                *var == rest
                    && matches!(class, CallRef::Dotted(q) if WEB_APPS.contains(&q.as_str()))
            })
    }
}

/// The callables module `m` hands to a project function that starts a thread
/// on them (`start_thread(self._poll, ...)`), as `m` names them.
pub(crate) fn started_entries(
    index: &ProjectIndex,
    m: Option<usize>,
    module: &ModuleSummary,
) -> Vec<CallRef> {
    let mut out: Vec<CallRef> = Vec::new();
    for (callee, targets) in &module.starter_calls {
        let starts = match (callee, m) {
            (CallRef::Local(name), _) => module.thread_starters.iter().any(|s| s == name),
            (_, Some(m)) => index.resolve(m, callee).is_some_and(|(sm, sf)| {
                let qualname = &index.modules[sm].functions[sf].qualname;
                index.modules[sm].thread_starters.contains(qualname)
            }),
            (_, None) => false,
        };
        if starts {
            for t in targets {
                if !out.contains(t) {
                    out.push(t.clone());
                }
            }
        }
    }
    out
}

impl ProjectIndex {
    pub fn new(modules: Vec<ModuleSummary>) -> ProjectIndex {
        let mut by_name: HashMap<String, Vec<usize>> = HashMap::default();
        let mut by_path = HashMap::default();
        for (id, module) in modules.iter().enumerate() {
            for name in dotted_names(&module.path) {
                by_name.entry(name).or_default().push(id);
            }
            by_path.insert(normalize(&module.path), id);
        }
        let (factory_names, wrapper_names) = special_names(&modules);
        let by_qualname = modules.iter().map(|m| qualname_map(&m.functions)).collect();
        let by_class = modules.iter().map(class_map).collect();
        let mut app_state: HashMap<String, Vec<(usize, ValueRef)>> = HashMap::default();
        for (m, module) in modules.iter().enumerate() {
            for (name, value) in &module.app_state {
                app_state
                    .entry(name.clone())
                    .or_default()
                    .push((m, value.clone()));
            }
        }
        let dirs = modules
            .iter()
            .map(|m| m.path.parent().map(normalize).unwrap_or_default())
            .collect();
        let relative = super::relative_modules::RelativeModules::new(
            &modules.iter().map(|m| m.path.as_path()).collect::<Vec<_>>(),
        );
        let sets_wal = modules
            .iter()
            .any(|m| m.generated_wal || m.journal_modes.iter().any(|(mode, _)| mode == "wal"));
        let mut index = ProjectIndex {
            modules,
            factory_names,
            wrapper_names,
            by_name,
            by_path,
            dirs,
            relative,
            by_qualname,
            by_class,
            app_state,
            param_types: Default::default(),
            concrete: Default::default(),
            reach: Vec::new(),
            sets_wal,
            orm_sqlite: None,
            spreads: Default::default(),
            entries_into: std::sync::OnceLock::new(),
            memos: Memos::default(),
            import_graph: std::sync::OnceLock::new(),
            deployment: std::sync::OnceLock::new(),
        };
        // Types first: blocking I/O reaches callers through the methods they name.
        index.concrete = index.compute_concrete();
        index.compute_param_types();
        index.mark_thread_decorated();
        index.orm_sqlite = super::sync_orm::project_orm_sqlite(
            index
                .modules
                .iter()
                .map(|m| (m.path.as_path(), &m.facts.orm_engines)),
        );
        match index.imported_url_sqlite() {
            Some(super::sync_orm::OrmSqlite::Certain) => {
                index.orm_sqlite = Some(super::sync_orm::OrmSqlite::Certain);
            }
            Some(likely) if index.orm_sqlite.is_none() => index.orm_sqlite = Some(likely),
            _ => {}
        }
        if index.orm_sqlite != Some(super::sync_orm::OrmSqlite::Certain) && index.param_url_sqlite()
        {
            index.orm_sqlite = Some(super::sync_orm::OrmSqlite::Certain);
        }
        index.discount_foreign_io();
        index.reach = index.compute_reach();
        index
    }

    /// Name-shaped blocking I/O in code that cannot be on SQLite is no
    /// sqlite3 I/O (see sqlite_evidence.rs).
    fn discount_foreign_io(&mut self) {
        let not_sqlite = self.not_sqlite_functions();
        for (module, flags) in self.modules.iter_mut().zip(not_sqlite) {
            for (f, discounted) in module.functions.iter_mut().zip(flags) {
                if discounted {
                    discount(f);
                }
            }
        }
    }

    pub fn empty() -> ProjectIndex {
        ProjectIndex::new(Vec::new())
    }

    /// Records the import graph of the run's files (the first call wins).
    pub fn set_import_graph(&self, graph: super::import_graph::ImportGraph) {
        let _ = self.import_graph.set(graph);
    }

    /// The import graph, when the run built one (a single checked text has none).
    pub fn import_graph(&self) -> Option<&super::import_graph::ImportGraph> {
        self.import_graph.get()
    }

    /// Records what the deployment files say (the first call wins).
    pub fn set_deployment(&self, serving: super::deployment::Serving) {
        let _ = self.deployment.set(serving);
    }

    /// What the deployment files say about concurrent requests; `Unknown` when
    /// the run read none.
    pub fn deployment(&self) -> &super::deployment::Serving {
        static UNKNOWN: super::deployment::Serving = super::deployment::Serving::Unknown;
        self.deployment.get().unwrap_or(&UNKNOWN)
    }

    pub fn module_id(&self, path: &Path) -> Option<usize> {
        // `Path` hashes and compares by components, as `normalize` rebuilds them.
        self.by_path.get(path).copied()
    }

    pub fn reach(&self, module: usize, function: usize) -> Reach {
        self.reach[module][function]
    }

    /// Whether the project's sync SQLAlchemy sessions run on SQLite, and how sure.
    pub fn orm_sqlite(&self) -> Option<&super::sync_orm::OrmSqlite> {
        self.orm_sqlite.as_ref()
    }

    /// Any module of the project sets `journal_mode=WAL`.
    pub fn sets_wal(&self) -> bool {
        self.sets_wal
    }

    /// The position of module `m`'s function `qualname`.
    pub fn function_id(&self, m: usize, qualname: &str) -> Option<usize> {
        self.by_qualname[m].get(qualname).copied()
    }

    /// What the callers of module `m`'s function `qualname` pass as its
    /// parameter `name` at `position`: SQLite file URLs (the first caller's
    /// place), other databases' (url_args.rs). Test suites' calls are not the
    /// program's.
    pub fn callers_url(
        &self,
        m: usize,
        qualname: &str,
        position: usize,
        name: &str,
    ) -> super::url_args::Passed {
        use super::refs::Slot;
        let mut out = super::url_args::Passed::default();
        let Some(f) = self.function_id(m, qualname) else {
            return out;
        };
        for (from, module) in self.modules.iter().enumerate() {
            if module.url_args.is_empty() || super::paths::is_test_module(&module.path) {
                continue;
            }
            for arg in &module.url_args {
                let binds = match &arg.slot {
                    Slot::Position(i) => *i == position,
                    Slot::Keyword(k) => k == name,
                };
                if !binds || self.resolve(from, &arg.callee) != Some((m, f)) {
                    continue;
                }
                if arg.sqlite {
                    out.sqlite.get_or_insert_with(|| {
                        format!("{}:{}", crate::diff::display_path(&module.path), arg.line)
                    });
                } else {
                    out.other = true;
                }
            }
        }
        out
    }

    /// The URL helper a call made in module `from` runs (url_helpers.rs), with
    /// its module.
    pub fn url_helper(
        &self,
        from: usize,
        call: &CallRef,
    ) -> Option<(usize, &super::url_helpers::UrlHelper)> {
        let (m, f) = self.resolve(from, call)?;
        let module = &self.modules[m];
        let qualname = &module.functions.get(f)?.qualname;
        module
            .url_helpers
            .iter()
            .find(|h| &h.qualname == qualname)
            .map(|h| (m, h))
    }

    /// The position of module `m`'s class `qualname`.
    pub fn class_id(&self, m: usize, qualname: &str) -> Option<usize> {
        self.by_class[m].get(qualname).copied()
    }

    /// Resolves a call made in module `from`, `depth` lookups into a chain.
    pub(crate) fn resolve_at(
        &self,
        from: usize,
        call: &CallRef,
        depth: usize,
    ) -> Option<(usize, usize)> {
        self.resolve_in(from, call, &self.modules[from], depth)
    }

    /// Module `m`'s function `qualname`.
    pub fn function(&self, m: usize, qualname: &str) -> Option<&FunctionSummary> {
        self.function_id(m, qualname)
            .map(|f| &self.modules[m].functions[f])
    }

    /// The functions of each module that other modules start or register,
    /// computed by `compute` the first time they are asked for.
    pub fn entries_into(
        &self,
        compute: impl FnOnce(&ProjectIndex) -> HashMap<usize, Vec<(usize, Entry)>>,
    ) -> &HashMap<usize, Vec<(usize, Entry)>> {
        self.entries_into.get_or_init(|| compute(self))
    }

    /// The project-wide table of type `T`, built by `build` the first time it is
    /// asked for: a codemod's answer about the whole project, found once instead
    /// of once per file.
    pub fn memo<T: std::any::Any + Send + Sync>(
        &self,
        build: impl FnOnce(&ProjectIndex) -> T,
    ) -> std::sync::Arc<T> {
        let key = std::any::TypeId::of::<T>();
        let cell = self
            .memos
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .entry(key)
            .or_default()
            .clone();
        let table = cell
            .get_or_init(|| std::sync::Arc::new(build(self)))
            .clone();
        table
            .downcast()
            .unwrap_or_else(|_| unreachable!("memos are keyed by their type"))
    }

    /// A project-wide walk, computed by `compute` the first time it is asked for.
    pub fn spread(
        &self,
        kind: Spreading,
        compute: impl FnOnce(&ProjectIndex) -> Spread,
    ) -> &Spread {
        self.spreads[kind as usize].get_or_init(|| compute(self))
    }

    /// The project functions a sync function calls, for a walk along what one
    /// thread runs (`spread::compute`); `None` for a coroutine: calling it
    /// runs nothing on the caller's thread.
    pub fn sync_callees(&self, (m, f): (usize, usize)) -> Option<Vec<(usize, usize)>> {
        let summary = &self.modules[m].functions[f];
        (!summary.is_async).then(|| {
            summary
                .calls
                .iter()
                .filter_map(|call| self.resolve(m, call))
                .collect()
        })
    }
    /// Resolves a call made in module `from` to (module, function index).
    pub fn resolve(&self, from: usize, call: &CallRef) -> Option<(usize, usize)> {
        self.resolve_in(from, call, &self.modules[from], 0)
    }

    fn resolve_in(
        &self,
        from: usize,
        call: &CallRef,
        module: &ModuleSummary,
        depth: usize,
    ) -> Option<(usize, usize)> {
        if depth > 4 {
            return None;
        }
        let find = |m: usize, qualname: &str| self.function_id(m, qualname).map(|f| (m, f));
        match call {
            // Calling a module-level instance (`lookup(word)`) calls its `__call__`.
            CallRef::Local(name) => find(from, name).or_else(|| {
                module
                    .instances
                    .iter()
                    .any(|(v, _)| v == name)
                    .then(|| CallRef::Instance {
                        var: name.clone(),
                        name: "__call__".to_string(),
                    })
                    .and_then(|r| self.resolve_in(from, &r, module, depth + 1))
            }),
            // A method the class inherits is found on its bases.
            CallRef::SelfMethod { class, name } => find(from, &format!("{class}.{name}"))
                .or_else(|| self.method(from, class, name, depth + 1)),
            CallRef::On { value, name } => self.resolve_on(from, value, name, depth + 1),
            CallRef::Instance { var, name } => {
                if let Some((_, class)) = module.instances.iter().find(|(v, _)| v == var) {
                    return match class {
                        CallRef::Local(class) => find(from, &format!("{class}.{name}")),
                        CallRef::Dotted(dotted) => {
                            let (m, class) = self.module_of(from, dotted)?;
                            find(m, &format!("{class}.{name}"))
                        }
                        _ => None,
                    };
                }
                // `from database import db`: an instance defined in another module.
                let import = module.imports.iter().find(|i| i.local == *var)?;
                self.resolve_in(
                    from,
                    &CallRef::Dotted(format!("{}.{name}", import.target)),
                    module,
                    depth + 1,
                )
            }
            CallRef::Dotted(dotted) => {
                let (m, rest) = self.module_of(from, dotted)?;
                if let Some(found) = find(m, &rest) {
                    return Some(found);
                }
                // `db.save` where `db` is an instance in module m, or a re-export.
                let (head, tail) = rest.split_once('.').unwrap_or((&rest, ""));
                let target = &self.modules[m];
                if !tail.is_empty() && target.instances.iter().any(|(v, _)| v == head) {
                    return self.resolve_in(
                        m,
                        &CallRef::Instance {
                            var: head.to_string(),
                            name: tail.to_string(),
                        },
                        target,
                        depth + 1,
                    );
                }
                if tail.is_empty() && target.instances.iter().any(|(v, _)| v == head) {
                    return self.resolve_in(
                        m,
                        &CallRef::Instance {
                            var: head.to_string(),
                            name: "__call__".to_string(),
                        },
                        target,
                        depth + 1,
                    );
                }
                // `Registry.runner.services.notes.get`: a method of what a class
                // keeps in its attributes (objects.rs).
                if let Some((owner, method)) = rest.rsplit_once('.') {
                    if owner.contains('.') {
                        if let Some((cm, class)) = self.class_attribute_chain(m, owner, depth + 1) {
                            return self.method(cm, &class, method, depth + 1);
                        }
                    }
                }
                let import = target.imports.iter().find(|i| i.local == head)?;
                let dotted = if tail.is_empty() {
                    import.target.clone()
                } else {
                    format!("{}.{tail}", import.target)
                };
                self.resolve_in(m, &CallRef::Dotted(dotted), target, depth + 1)
            }
        }
    }

    /// How module `from` can import module `target`, judged by the imports it
    /// already has: `app.db` when it imports `app.config`, `.db` for relative ones.
    /// Whether importing module `from` imports module `target`, directly or
    /// through other project modules (an import cycle when `target` imports `from`).
    /// The modules `from` imports, directly or through others (itself only
    /// through a cycle).
    pub fn imported_by(&self, from: usize) -> rustc_hash::FxHashSet<usize> {
        let mut seen = rustc_hash::FxHashSet::default();
        let mut queue = vec![from];
        while let Some(m) = queue.pop() {
            for import in &self.modules[m].imports {
                let Some((next, _)) = self.module_of(m, &format!("{}.x", import.target)) else {
                    continue;
                };
                if seen.insert(next) && next != from {
                    queue.push(next);
                }
            }
        }
        seen
    }

    pub fn import_name(&self, from: usize, target: usize) -> Option<String> {
        let target_path = &self.modules[target].path;
        let stem = target_path.file_stem()?.to_string_lossy().into_owned();
        for import in &self.modules[from].imports {
            let probe = format!("{}.x", import.target);
            let Some((m, rest)) = self.module_of(from, &probe) else {
                continue;
            };
            let name = &probe[..probe.len() - rest.len() - 1];
            if m == target {
                return Some(name.to_string());
            }
            let found = &self.modules[m].path;
            if found.parent() != target_path.parent() || stem == "__init__" {
                continue;
            }
            // A sibling module of the target, or the package that holds it.
            let candidate = if found.file_stem().is_some_and(|s| s == "__init__") {
                format!("{name}.{stem}")
            } else {
                match name.rfind('.') {
                    Some(dot) => format!("{}{stem}", &name[..=dot]),
                    None => stem.clone(),
                }
            };
            if self
                .module_of(from, &format!("{candidate}.x"))
                .map(|(m, _)| m)
                == Some(target)
            {
                return Some(candidate);
            }
        }
        None
    }

    /// Splits `a.b.c.f` into the project module it names and the rest.
    pub(crate) fn module_of(&self, from: usize, dotted: &str) -> Option<(usize, String)> {
        let name = dotted.trim_start_matches('.');
        let level = dotted.len() - name.len();
        // Asked for every call and class reference: the prefixes are slices of
        // `name` (longest first), not joined strings.
        for (dot, _) in name.rmatch_indices('.') {
            let (module_name, rest) = (&name[..dot], &name[dot + 1..]);
            let best = if level > 0 {
                self.closest(from, self.relative.named(from, level, module_name)?)
            } else {
                self.closest(
                    from,
                    self.by_name.get(module_name).map_or(&[], Vec::as_slice),
                )
            };
            if let Some(best) = best {
                return Some((best, rest.to_string()));
            }
        }
        None
    }

    /// Of several modules with one name, the one nearest to module `from`.
    fn closest(&self, from: usize, candidates: &[usize]) -> Option<usize> {
        if let [only] = candidates {
            return Some(*only);
        }
        let here = &self.dirs[from];
        candidates.iter().copied().max_by_key(|&c| {
            here.components()
                .zip(self.dirs[c].components())
                .take_while(|(a, b)| a == b)
                .count()
        })
    }

    /// Functions wearing a project thread decorator defined in another module
    /// (a module's own and library ones are marked when it is summarized).
    /// An engine built from a parameter whose every caller that spells a URL
    /// passes a SQLite file (url_args.rs). Test suites' engines are not the program's.
    fn param_url_sqlite(&self) -> bool {
        self.modules.iter().enumerate().any(|(m, module)| {
            !super::paths::is_test_module(&module.path)
                && module
                    .facts
                    .orm_engines
                    .url_params
                    .iter()
                    .any(|(qualname, position, name)| {
                        let passed = self.callers_url(m, qualname, *position, name);
                        passed.sqlite.is_some() && !passed.other
                    })
        })
    }

    /// An engine built from another module's URL constant
    /// (`create_engine(DB_URL)` with `from settings import DB_URL` and
    /// `DB_URL = "sqlite:///app.db"` there, url_constants.rs): a literal SQLite
    /// file makes it certain, a configuration default only likely. Test
    /// suites' engines are not the program's.
    fn imported_url_sqlite(&self) -> Option<super::sync_orm::OrmSqlite> {
        use super::url_constants::ConstUrl;
        let mut likely = None;
        for (m, module) in self.modules.iter().enumerate() {
            if super::paths::is_test_module(&module.path) {
                continue;
            }
            for name in &module.facts.orm_engines.url_names {
                let Some((c, rest)) = self.module_of(m, name) else {
                    continue;
                };
                if c == m {
                    continue;
                }
                match self.modules[c]
                    .url_constants
                    .iter()
                    .find(|(n, _)| *n == rest)
                {
                    Some((_, ConstUrl::Sqlite)) => {
                        return Some(super::sync_orm::OrmSqlite::Certain);
                    }
                    Some((_, ConstUrl::SqliteDefault)) if likely.is_none() => {
                        likely = Some(super::sync_orm::OrmSqlite::Likely(format!(
                            "{} (`{rest}` defaults to a SQLite file)",
                            crate::diff::display_path(&self.modules[c].path)
                        )));
                    }
                    _ => {}
                }
            }
        }
        likely
    }

    fn mark_thread_decorated(&mut self) {
        let mut marked: Vec<(usize, usize)> = Vec::new();
        for (m, module) in self.modules.iter().enumerate() {
            if module.decorated.is_empty() {
                continue;
            }
            for entry in decorated_entries(self, Some(m), module) {
                if let CallRef::Local(qualname) = entry {
                    marked.extend(self.function_id(m, &qualname).map(|f| (m, f)));
                }
            }
        }
        for (m, f) in marked {
            self.modules[m].functions[f].on_worker_thread = true;
        }
    }

    fn compute_reach(&self) -> Vec<Vec<Reach>> {
        let orm_sqlite = self.orm_sqlite.is_some();
        let mut reach: Vec<Vec<Reach>> = self
            .modules
            .iter()
            .map(|m| {
                m.functions
                    .iter()
                    .map(|f| {
                        let orm = f.orm_io && orm_sqlite && !f.is_async;
                        Reach {
                            blocking: (f.direct_io && !f.is_async) || orm,
                            shared: f.direct_shared && !f.is_async,
                            orm,
                            unbounded: f.unbounded_io.is_some() && !f.is_async,
                        }
                    })
                    .collect()
            })
            .collect();
        // Only calls that can name a sync project function can carry blocking I/O;
        // resolving the rest (library calls, most of them) would be wasted work.
        let sync_names: rustc_hash::FxHashSet<&str> = self
            .modules
            .iter()
            .flat_map(|m| m.functions.iter())
            .filter(|f| !f.is_async)
            .map(|f| f.qualname.rsplit('.').next().unwrap_or(&f.qualname))
            .collect();
        // Resolving calls is most of the index phase, and each module's alone reads
        // only the index: in parallel.
        use rayon::prelude::*;
        let edges: Vec<Vec<Vec<(usize, usize, bool)>>> = self
            .modules
            .par_iter()
            .enumerate()
            .map(|(m, module)| {
                module
                    .functions
                    .iter()
                    .map(|f| {
                        if f.is_async {
                            return Vec::new();
                        }
                        f.calls
                            .iter()
                            .enumerate()
                            .filter(|(_, c)| sync_names.contains(c.simple_name()))
                            .filter_map(|(i, c)| {
                                let (cm, cf) = self.resolve(m, c)?;
                                Some((cm, cf, f.looped_calls.contains(&i)))
                            })
                            .collect()
                    })
                    .collect()
            })
            .collect();
        // Propagated backwards along the call edges, each function's reach growing
        // at most twice: linear in the size of the call graph.
        let mut callers: Vec<Vec<Vec<(usize, usize, bool)>>> = self
            .modules
            .iter()
            .map(|m| vec![Vec::new(); m.functions.len()])
            .collect();
        for (m, module) in edges.iter().enumerate() {
            for (f, calls) in module.iter().enumerate() {
                for &(cm, cf, looped) in calls {
                    let callee = &self.modules[cm].functions[cf];
                    if !callee.is_async && !callee.on_worker_thread {
                        callers[cm][cf].push((m, f, looped));
                    }
                }
            }
        }
        let mut work: Vec<(usize, usize)> = Vec::new();
        for (m, module) in reach.iter().enumerate() {
            for (f, r) in module.iter().enumerate() {
                if r.blocking || r.shared || r.orm {
                    work.push((m, f));
                }
            }
        }
        while let Some((cm, cf)) = work.pop() {
            let from = reach[cm][cf];
            for &(m, f, looped) in &callers[cm][cf] {
                if self.modules[m].functions[f].is_async {
                    continue;
                }
                let mut next = reach[m][f];
                next.blocking |= from.blocking;
                next.shared |= from.shared;
                next.orm |= from.orm;
                // A blocking call made per item of a loop repeats its work.
                next.unbounded |= from.unbounded || (looped && from.blocking);
                if next != reach[m][f] {
                    reach[m][f] = next;
                    work.push((m, f));
                }
            }
        }
        reach
    }
}

fn special_names(modules: &[ModuleSummary]) -> (HashSet<String>, HashSet<String>) {
    let mut factories = HashSet::default();
    let mut wrappers = HashSet::default();
    for f in modules.iter().flat_map(|m| m.functions.iter()) {
        let simple = f
            .qualname
            .rsplit('.')
            .next()
            .unwrap_or(&f.qualname)
            .to_string();
        if f.factory.is_some() {
            factories.insert(simple.clone());
        }
        if f.returns_param == Some(0) {
            wrappers.insert(simple);
        }
    }
    (factories, wrappers)
}

/// The project as one module's codemods see it: the index, with the module's own
/// functions taken from its current text (which the fix loop keeps changing).
pub struct ProjectView<'p> {
    pub index: &'p ProjectIndex,
    pub module: Option<usize>,
    pub own: Cow<'p, ModuleSummary>,
    /// Factory and pass-through names of `own` (see [`ProjectIndex::factory_names`]).
    own_names: (HashSet<String>, HashSet<String>),
    /// Qualname → position in `own`.
    own_by_qualname: HashMap<String, usize>,
    /// Resolutions already made: codemods follow the same calls again and again.
    /// By the calling module, then the call: a hit clones no `CallRef`.
    resolved: std::cell::RefCell<HashMap<Option<usize>, HashMap<CallRef, Resolved>>>,
}

/// A resolved call: the function's module (`None`: the viewed one) and position.
type Resolved = Option<(Option<usize>, usize)>;

impl<'p> ProjectView<'p> {
    pub(super) fn with_own(
        index: &'p ProjectIndex,
        module: Option<usize>,
        own: Cow<'p, ModuleSummary>,
    ) -> ProjectView<'p> {
        let own_names = special_names(std::slice::from_ref(own.as_ref()));
        let own_by_qualname = match (&own, module) {
            (Cow::Borrowed(_), Some(m)) => index.by_qualname[m].clone(),
            _ => qualname_map(&own.functions),
        };
        ProjectView {
            index,
            module,
            own,
            own_names,
            own_by_qualname,
            resolved: std::cell::RefCell::new(HashMap::default()),
        }
    }

    pub(super) fn set_own_functions(&mut self, functions: Vec<FunctionSummary>) {
        self.own.to_mut().functions = functions;
        self.own_names = special_names(std::slice::from_ref(self.own.as_ref()));
        self.own_by_qualname = qualname_map(&self.own.functions);
        self.resolved.borrow_mut().clear();
    }

    /// The summary of the project function `call` calls, with its module's index
    /// (`None` for this module).
    pub fn function(
        &self,
        model: &Model<'_>,
        call: &Call<'_>,
    ) -> Option<(Option<usize>, &FunctionSummary)> {
        let call_ref = call_ref(model, call)?;
        self.lookup(&call_ref)
    }

    /// The transaction mode every connection factory of the project gives its
    /// connections, when they all agree; `Unknown` otherwise or with no factory.
    /// A connection a function receives as a parameter most likely comes from
    /// one of them.
    pub fn common_factory_mode(&self) -> TxMode {
        let others = self
            .index
            .modules
            .iter()
            .enumerate()
            .filter(|(i, _)| Some(*i) != self.module)
            .map(|(_, m)| m);
        let mut mode = None;
        for module in others.chain(std::iter::once(self.own.as_ref())) {
            for f in module.functions.iter().filter_map(|f| f.factory.as_ref()) {
                match mode {
                    None => mode = Some(f.tx_mode),
                    Some(m) if m == f.tx_mode => {}
                    Some(_) => return TxMode::Unknown,
                }
            }
        }
        mode.unwrap_or(TxMode::Unknown)
    }

    pub fn lookup(&self, call_ref: &CallRef) -> Option<(Option<usize>, &FunctionSummary)> {
        self.resolve_from(None, call_ref)
    }

    /// Resolves a call made in module `from` (`None`: the module being checked) to
    /// its function's summary, with that function's module (`None`: this one).
    pub fn resolve_from(
        &self,
        from: Option<usize>,
        call_ref: &CallRef,
    ) -> Option<(Option<usize>, &FunctionSummary)> {
        let cached = self
            .resolved
            .borrow()
            .get(&from)
            .and_then(|calls| calls.get(call_ref).copied());
        let found = match cached {
            Some(found) => found,
            None => {
                let found = self.resolve_uncached(from, call_ref);
                self.resolved
                    .borrow_mut()
                    .entry(from)
                    .or_default()
                    .insert(call_ref.clone(), found);
                found
            }
        };
        let (module, f) = found?;
        Some(match module {
            None => (None, &self.own.functions[f]),
            Some(m) => (Some(m), &self.index.modules[m].functions[f]),
        })
    }

    fn own_position(&self, qualname: &str) -> Option<usize> {
        self.own_by_qualname.get(qualname).copied()
    }

    /// The viewed module's function `qualname`, from its current text.
    pub fn own_function(&self, qualname: &str) -> Option<&FunctionSummary> {
        self.own_position(qualname).map(|f| &self.own.functions[f])
    }

    /// The function a node names: `None` for the viewed module.
    pub fn node_function(&self, module: Option<usize>, qualname: &str) -> Option<&FunctionSummary> {
        match module {
            None => self.own_function(qualname),
            Some(m) => self.index.function(m, qualname),
        }
    }

    fn resolve_uncached(
        &self,
        from: Option<usize>,
        call_ref: &CallRef,
    ) -> Option<(Option<usize>, usize)> {
        if let Some(m) = from {
            let (m2, f2) = self.index.resolve(m, call_ref)?;
            if Some(m2) == self.module {
                let qualname = &self.index.modules[m2].functions[f2].qualname;
                return self.own_position(qualname).map(|f| (None, f));
            }
            return Some((Some(m2), f2));
        }
        let own_name = match call_ref {
            CallRef::Local(name) => Some(
                self.own
                    .instances
                    .iter()
                    .find_map(|(v, class)| match class {
                        CallRef::Local(class) if v == name => Some(format!("{class}.__call__")),
                        _ => None,
                    })
                    .unwrap_or_else(|| name.clone()),
            ),
            CallRef::SelfMethod { class, name } => Some(format!("{class}.{name}")),
            CallRef::Instance { var, name } => {
                self.own
                    .instances
                    .iter()
                    .find_map(|(v, class)| match class {
                        CallRef::Local(class) if v == var => Some(format!("{class}.{name}")),
                        _ => None,
                    })
            }
            CallRef::Dotted(_) | CallRef::On { .. } => None,
        };
        if let Some(f) = own_name.and_then(|n| self.own_position(&n)) {
            return Some((None, f));
        }
        let module = self.module?;
        let (m, f) = self.index.resolve(module, call_ref)?;
        if m == module {
            let qualname = &self.index.modules[m].functions[f].qualname;
            return self.own_position(qualname).map(|f| (None, f));
        }
        Some((Some(m), f))
    }

    /// Whether the function `call` calls does blocking DB I/O, and with a shared connection.
    /// A call that leaves out the parameter the function's I/O depends on
    /// (optional_io.rs) reaches only what the function does without it.
    pub fn reach_of(&self, model: &Model<'_>, call: &Call<'_>) -> Option<Reach> {
        let call_ref = call_ref(model, call)?;
        if let Some((module, summary)) = self.lookup(&call_ref) {
            let without = summary.optional_io.as_ref().filter(|o| {
                !summary.is_async
                    && !summary.on_worker_thread
                    && super::optional_io::left_out(call, &o.param, o.position)
            });
            if let Some(without) = without {
                // The optional argument guards sqlite3 work; ORM work is counted
                // through the calls that remain.
                let mut reach = Reach {
                    blocking: without.direct_io,
                    shared: without.direct_io && summary.direct_shared,
                    orm: false,
                    unbounded: without.direct_io && summary.unbounded_io.is_some(),
                };
                for inner in &without.calls {
                    if let Some(r) = self.reach_within(module, inner) {
                        reach.blocking |= r.blocking;
                        reach.shared |= r.shared;
                        reach.orm |= r.orm;
                        reach.unbounded |= r.unbounded;
                    }
                }
                return Some(reach);
            }
        }
        self.reach_ref(&call_ref, 0)
    }

    /// The reach of a call made inside module `module` (`None`: this one).
    fn reach_within(&self, module: Option<usize>, inner: &CallRef) -> Option<Reach> {
        let Some(m) = module else {
            return self.reach_ref(inner, 1);
        };
        let (target, f) = self.index.resolve(m, inner)?;
        let summary = &self.index.modules[target].functions[f];
        if summary.is_async || summary.on_worker_thread {
            return Some(Reach::default());
        }
        Some(self.index.reach(target, f))
    }

    /// [`Self::reach_of`] for a function named without a call: a callable handed
    /// on as an argument (`retry(update_row)`, `pool.submit(self.save)`).
    pub fn reach_of_ref(&self, call_ref: &CallRef) -> Option<Reach> {
        self.reach_ref(call_ref, 0)
    }

    fn reach_ref(&self, call_ref: &CallRef, depth: usize) -> Option<Reach> {
        let (module, summary) = self.lookup(call_ref)?;
        // A coroutine, or a body a decorator sends to a worker thread: calling
        // it only creates or schedules the work.
        if summary.is_async || summary.on_worker_thread {
            return Some(Reach::default());
        }
        match module {
            Some(m) => {
                let f = self.index.function_id(m, &summary.qualname)?;
                Some(self.index.reach(m, f))
            }
            None => {
                // This module's functions come from its current text: follow their
                // calls here, with a depth bound instead of a fixpoint.
                let orm = summary.orm_io && self.orm_sqlite().is_some();
                let mut reach = Reach {
                    blocking: summary.direct_io || orm,
                    shared: summary.direct_shared,
                    orm,
                    unbounded: summary.unbounded_io.is_some(),
                };
                if depth < 6 {
                    for (i, inner) in summary.calls.iter().enumerate() {
                        if let Some(r) = self.reach_ref(inner, depth + 1) {
                            reach.blocking |= r.blocking;
                            reach.shared |= r.shared;
                            reach.orm |= r.orm;
                            reach.unbounded |=
                                r.unbounded || (r.blocking && summary.looped_calls.contains(&i));
                        }
                    }
                } else {
                    // Not followed further: nothing bounds what it reaches.
                    reach.unbounded = true;
                }
                Some(reach)
            }
        }
    }

    /// Whether the project's sync SQLAlchemy sessions run on SQLite: the index's
    /// answer, or this module's own when the index has none.
    pub fn orm_sqlite(&self) -> Option<super::sync_orm::OrmSqlite> {
        if let Some(known) = self.index.orm_sqlite() {
            return Some(known.clone());
        }
        super::sync_orm::project_orm_sqlite(std::iter::once((
            self.own.path.as_path(),
            &self.own.facts.orm_engines,
        )))
    }

    pub fn sets_wal(&self) -> bool {
        self.index.sets_wal()
            || self.own.generated_wal
            || self.own.journal_modes.iter().any(|(m, _)| m == "wal")
    }
}

/// The last name of what a call calls: `save` for `db.save(...)` and `save(...)`.
pub fn simple_callee_name<'c>(call: &'c Call<'_>) -> Option<&'c str> {
    match &call.callee {
        Callee::Qualified(q) => q.rsplit('.').next(),
        Callee::Local(n) | Callee::SelfMethod(n) => Some(n),
        Callee::Method { name, .. } => Some(name),
        Callee::Unknown => None,
    }
}

impl ProjectView<'_> {
    fn may_be(
        &self,
        index_names: &HashSet<String>,
        own_names: &HashSet<String>,
        call: &Call<'_>,
    ) -> bool {
        simple_callee_name(call)
            .is_some_and(|name| index_names.contains(name) || own_names.contains(name))
    }
}

impl ProjectView<'_> {
    /// `Storage.get_conn(p)` inside the module that defines `Storage`: the
    /// class's own static or class method (a connection factory's callers in
    /// its own class or module spell it so).
    fn class_method_here(&self, model: &Model<'_>, call: &Call<'_>) -> Option<&FunctionSummary> {
        let Callee::Method {
            receiver: Receiver::Name(class),
            name,
        } = &call.callee
        else {
            return None;
        };
        model.scopes.class_named(class)?;
        self.own_function(&format!("{class}.{name}"))
    }

    /// The connection factory `call` calls: [`Self::function`], or a method
    /// called on its class in the class's own module.
    pub fn factory_function(
        &self,
        model: &Model<'_>,
        call: &Call<'_>,
    ) -> Option<(Option<usize>, &FunctionSummary)> {
        self.function(model, call)
            .or_else(|| self.class_method_here(model, call).map(|f| (None, f)))
    }
}

impl Wrappers for ProjectView<'_> {
    fn returns_first_argument(&self, model: &Model<'_>, call: &Call<'_>) -> bool {
        if !self.may_be(&self.index.wrapper_names, &self.own_names.1, call) {
            return false;
        }
        self.function(model, call)
            .is_some_and(|(_, f)| f.returns_param == Some(0))
    }

    fn factory_name(&self, model: &Model<'_>, call: &Call<'_>) -> Option<String> {
        if !self.may_be(&self.index.factory_names, &self.own_names.0, call) {
            return None;
        }
        let (_, f) = self.factory_function(model, call)?;
        f.factory
            .as_ref()
            .filter(|fac| fac.fresh)
            .map(|_| f.qualname.clone())
    }
}

/// The PRAGMAs a creation site ends up with: wrappers around it, calls on the
/// variable holding it, and project functions it is handed to.
pub fn site_pragmas(
    model: &Model<'_>,
    view: &ProjectView<'_>,
    site: &connections::ConnSite<'_, '_>,
) -> PragmaSet {
    let mut pragmas = PragmaSet::default();
    if let Driver::Factory(_) = &site.driver {
        if let Some((_, f)) = view.function(model, site.call) {
            if let Some(factory) = &f.factory {
                pragmas.merge(&factory.pragmas);
            }
        }
    }
    // A call around the site's call, or made on its result, is in the same
    // expression, so in the same scope: only that scope's calls are looked at.
    let same_scope = || model.calls_in(site.scope());
    // Wrappers between the call and its holder: `configure(sqlite3.connect(...))`.
    for call in same_scope() {
        if call.range().contains_range(site.call.range())
            && call.range() != site.call.range()
            && site.outer.contains_range(call.range())
            && !call.expr.arguments.args.is_empty()
        {
            if let Some((_, f)) = view.function(model, call) {
                if let Some((_, p)) = f.pragma_params.iter().find(|(i, _)| *i == 0) {
                    pragmas.merge(p);
                }
            }
        }
    }
    // `sqlite3.connect(p).execute("PRAGMA ...")`
    let direct: Vec<&Call<'_>> = same_scope()
        .filter(|c| matches!(&c.callee, Callee::Method { receiver: Receiver::Call(r), .. } if *r == site.outer))
        .collect();
    pragmas.merge(&connections::pragmas_run(model, &direct));
    if let Some(key) = connections::key_of(model, site) {
        let uses = connections::uses(model, &key);
        pragmas.merge(&connections::pragmas_run(model, &uses));
        for (call, position) in connections::passed_to(model, &key) {
            if let Some((_, f)) = view.function(model, call) {
                if let Some((_, p)) = f.pragma_params.iter().find(|(i, _)| *i == position) {
                    pragmas.merge(p);
                }
            }
        }
    }
    pragmas
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dotted_names_cover_every_suffix() {
        assert_eq!(
            dotted_names(Path::new("a/b/c.py")),
            vec!["a.b.c", "b.c", "c"]
        );
        assert_eq!(dotted_names(Path::new("./pkg/__init__.py")), vec!["pkg"]);
    }
}
