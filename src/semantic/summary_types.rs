//! The plain data the project index keeps about each module and function, defined
//! below it so that the index names no module that gathers them: each type is
//! re-exported from the module that computes it (`facts::ModuleFacts`,
//! `effects::Effects`, ...).

use rustc_hash::FxHashMap as HashMap;

use super::file_readers::JsonPass;
use super::refs::{CallRef, ValueRef};
use super::routes::RouteKind;
use super::spawn::SpawnKind;
use super::sql::BeginMode;

// Computed by databases.rs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum DbDriver {
    Sqlite3,
    Aiosqlite,
    SqlAlchemy,
}

impl DbDriver {
    pub fn label(self) -> &'static str {
        match self {
            DbDriver::Sqlite3 => "sqlite3",
            DbDriver::Aiosqlite => "aiosqlite",
            DbDriver::SqlAlchemy => "SQLAlchemy",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DbOpen {
    pub driver: DbDriver,
    /// `file:app.db` for a literal file name, `name:DB_PATH` for the constant or
    /// attribute that holds the path.
    pub identity: String,
    pub line: usize,
    /// Runs in a one-shot command-line command of its own module
    /// (entry_points::runs_once): a process of its own that exits when done.
    pub one_shot: bool,
    /// The module-level function holding the open, when it could be a one-shot
    /// command that another module registers (entry_points::command_candidate).
    pub function: Option<String>,
}

// Computed by effects.rs.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Effects {
    /// Runs INSERT/UPDATE/DELETE/REPLACE itself.
    pub sql_write: bool,
    /// One of those writes records a status or progress.
    pub progress_write: bool,
    /// One of those writes stores more than a progress counter (rows, a status,
    /// a stage marker).
    pub data_write: bool,
    /// One of those writes adds to a column (`SET n = n + ?`): skipping it loses data.
    pub incremental_write: bool,
    /// Calls `commit()` (or runs COMMIT).
    pub commits: bool,
    /// Sets a status/progress attribute on an object (`doc.progress = p`) and
    /// commits: an ORM progress write, the UPDATE its session flushes.
    pub orm_progress_write: bool,
    /// That attribute is added to (`doc.done += 1`): skipping a write loses data.
    pub orm_incremental_write: bool,
    /// Writes a checkpoint-like file: a JSON/pickle dump into a file, a
    /// `write_text(json.dumps(..))`, or a rename into place.
    pub file_write: bool,
    /// Reads a checkpoint-like file: a JSON/pickle load from a file.
    pub file_read: bool,
    /// Waits on something far slower than a local write: a network request,
    /// a remote service's client, a subprocess or a sleep (slow::waits).
    pub waits: bool,
    /// A generator that commits after it yields: a request-scoped connection
    /// dependency whose commit runs when the request is done with it.
    pub commits_after_yield: bool,
    /// Registered as a route in its own module.
    pub route: Option<RouteKind>,
    /// Registered by a decorator for changing methods only (`@app.post`,
    /// `@app.put`, `@router.delete`, `methods=["POST"]`): it runs when someone
    /// submits a change, not on every page view or poll.
    pub action_route: bool,
    /// Every call that may reach project code, awaited ones included.
    pub calls: Vec<CallRef>,
    /// Runs a write outside any `try` of its own that catches database errors:
    /// a "database is locked" on it reaches the caller.
    pub escaping_write: bool,
    /// The calls of `calls` outside such a `try`: what they raise reaches the
    /// caller. `None` when that is all of them: see [`Self::escaping_calls`].
    pub escaping: Option<Vec<CallRef>>,
}

impl Effects {
    /// The calls of `calls` outside a `try` catching database errors.
    pub fn escaping_calls(&self) -> &[CallRef] {
        self.escaping.as_deref().unwrap_or(&self.calls)
    }
}

// Computed by facts.rs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Entry {
    Spawned(SpawnKind),
    Route(RouteKind),
}

#[derive(Debug, Clone, Default)]
pub struct ModuleFacts {
    /// Functions this module starts concurrently or registers with the framework.
    pub entries: Vec<(CallRef, Entry)>,
    pub databases: Vec<DbOpen>,
    /// Module-level constants naming a database file (`DB_PATH = "app.db"`).
    pub path_constants: Vec<(String, String)>,
    pub integrity_check: bool,
    /// Where the module sets WAL: on which database, when it can tell.
    pub wal: Vec<Option<String>>,
    /// Where the module chooses the rollback journal (DELETE, TRUNCATE, PERSIST):
    /// on which database, when it can tell.
    pub rollback: Vec<Option<String>>,
    /// Runs synchronous SQLAlchemy sessions inside `async def` (semantic::orm_on_loop).
    pub sync_session_on_loop: bool,
    /// Makes an SQLAlchemy engine whose connections stay in the thread that opened
    /// them (semantic::orm_on_loop::thread_bound_engine).
    pub thread_bound_engine: bool,
    /// Makes an SQLAlchemy engine on a `sqlite` URL written in the code.
    pub sqlite_engine: bool,
    /// How sure its SQLAlchemy engines are SQLite (semantic::sync_orm).
    pub orm_engines: super::sync_orm::EngineEvidence,
    /// Opens aiosqlite connections, and every one of them with `immutable=1`:
    /// their worker threads take no lock, so they are no second party.
    pub aiosqlite_immutable_only: bool,
    /// Makes an async SQLAlchemy engine on a `sqlite+aiosqlite` file
    /// (semantic::orm_on_loop::aiosqlite_engine): its pooled connections run on
    /// worker threads of their own.
    pub aiosqlite_engine: bool,
    /// Installs SQLAlchemy's `"begin"` listener sending `BEGIN IMMEDIATE`
    /// (semantic::orm_transactions::begins_immediate).
    pub orm_begin_immediate: bool,
    /// Names a SQLAlchemy SQLite URL anywhere, a setting's default included
    /// (semantic::orm_transactions::names_sqlite_url).
    pub orm_sqlite_url: bool,
    /// Calls into aiosqlite (`aiosqlite.connect(...)`): an import used only to
    /// catch `aiosqlite.IntegrityError` opens nothing and starts no thread.
    pub uses_aiosqlite: bool,
    /// Every pool and process the module makes runs alone, waited for at once
    /// (serial_runs.rs): its `concurrent.futures` or `multiprocessing` import
    /// starts nothing beside the caller.
    pub lone_workers_only: bool,
    /// Where the module opens files for reading (file_readers.rs): which files
    /// the project reads back, for the checkpoint rules.
    pub file_reads: Vec<super::file_readers::FileRead>,
    /// Where the module opens files for writing (file_writes.rs): whether the
    /// application rewrites a file a hand-run script creates.
    pub file_writes: Vec<super::file_writes::FileWrite>,
    /// Module-level sqlite3 connections opened at import with the default
    /// check_same_thread (name, line of the connect): they belong to the thread
    /// that imported the module first (docs/sqlite-facts.md#F-same-thread).
    pub same_thread_globals: Vec<(String, usize)>,
    /// Request handlers a server of this module runs on threads of its own
    /// (`library_dispatch::request_handler_refs`): entries for the
    /// thread-crossing rule only, in whichever module the objects they use live.
    pub server_handlers: Vec<CallRef>,
    /// Functions it registers as command-line commands by a call
    /// (`app.command(name="status")(status)`), often imported from the module
    /// that defines them (entry_points::registered_commands).
    pub cli_commands: Vec<CallRef>,
    /// Calls handing JSON text to a project function, and how many calls with
    /// two or more arguments each callee name gets (`json_passes`).
    pub json_passes: Vec<JsonPass>,
    pub call_counts: HashMap<String, u32>,
    /// Calls of project functions with the paths they pass, and how many
    /// calls each simple name gets in all (a call the index cannot resolve
    /// counts too): who fills a JSON helper's path parameter (SQF401).
    pub path_passes: Vec<super::file_readers::PathPass>,
    /// `path_passes` is left for the run to fill (facts::path_passes_to).
    pub path_passes_later: bool,
    pub all_call_counts: HashMap<String, u32>,
    /// By callee name, the calls that hand a temporary path the caller then
    /// moves over the real file (temp_handoffs.rs): a writer every call of
    /// which is such a call writes atomically.
    pub temp_handoffs: HashMap<String, u32>,
    /// Functions that may write or read JSON at a path they are given (a
    /// parameter, a dump or load and a file call in the body): their callers'
    /// modules join the index, since the callers say whether the file is a
    /// checkpoint.
    pub json_helpers: Vec<String>,
    /// Functions whose callers' paths `path_passes` keeps (facts::path_takers):
    /// the run drops every other pass once all modules are summarized.
    pub path_takers: Vec<String>,
    /// Functions that open the file a parameter names for reading, with that
    /// parameter (file_readers::parameter_reads).
    pub parameter_reads: Vec<(String, String)>,
    /// Functions that dump a document into a stream parameter (a file-format
    /// plug-in's `dump(data, stream)`: stream_dumpers.rs).
    pub stream_dumpers: Vec<super::stream_dumpers::StreamDumper>,
    /// Its start and stop hooks and who calls what (startup.rs).
    pub startup: super::startup::Summary,
    /// Its calls by how often their site runs, and the names it hands on
    /// (run_sites.rs, run_frequency.rs).
    pub run_calls: super::run_sites::Summary,
    /// How many calls open a database (sqlite3, aiosqlite, apsw, an SQLAlchemy
    /// engine), whatever file they name.
    pub connect_sites: usize,
    /// Where the module opens a database, and how often each site runs
    /// (sole_connection.rs).
    pub openers: Vec<super::openers::Opener>,
    /// Where it makes instances of classes, for the openers held per instance.
    pub class_uses: super::openers::ClassUses,
    /// The chat-bot handlers it registers and which are gated to one sender
    /// (single_owner.rs).
    pub handlers: super::single_owner::Handlers,
    /// Whether its loop serves others or only a command line's own tasks
    /// (loop_users.rs).
    pub loop_users: super::loop_evidence::ModuleLoop,
    /// Where its code can hold a write lock for seconds, or meet one without
    /// waiting (lock_holders.rs).
    pub lock_holder: Option<String>,
    /// Where its code can keep a writer waiting past any busy timeout: slow
    /// work or a waiting loop inside a write transaction, a deferred `BEGIN`
    /// (lock_holders::beyond_any_wait).
    pub holder_beyond_wait: Option<String>,
    /// The shortest lock wait among the connections it opens, in ms, and
    /// where (long_wait::shortest_in_module).
    pub shortest_wait: Option<(u64, String)>,
    /// A Django process of its own that writes the database: a management
    /// command, a task-queue task, a script (django_atomic.rs), named.
    pub django_writer: Option<String>,
    /// Sets Django up when imported (a module-level `django.setup()`): a
    /// script that loads it uses the database in a process of its own.
    pub django_setup_on_import: bool,
    /// Runs as a script (a `__main__` guard): with Django set up through an
    /// imported module, a Django process of its own (django_atomic.rs).
    pub django_main_script: bool,
    /// Configures Django's SQLite backend, and asks for IMMEDIATE transactions.
    pub django_sqlite: bool,
    pub django_immediate: bool,
    /// Its peewee model classes (peewee_models.rs), and whether it builds a
    /// peewee SQLite database (a deferred `SqliteDatabase(None)` included) or
    /// another kind.
    pub peewee_models: Vec<String>,
    pub peewee_sqlite: bool,
    pub peewee_other: bool,
}

// Computed by objects.rs.
/// What a class says about its instances.
#[derive(Debug, Clone)]
pub struct ClassSummary {
    pub qualname: String,
    pub bases: Vec<CallRef>,
    /// `self.x = ...` / `cls.x = ...` in its methods and `x: T` in its body, first
    /// value that can be named winning.
    pub attrs: Vec<(String, ValueRef)>,
    /// Declares an interface (param_types.rs): stands for its one concrete subclass.
    pub is_abstract: bool,
    /// Attributes its methods set to a SQLite file URL (sqlite_urls.rs): an
    /// engine a base class builds from `self.<attr>` is on SQLite for this class.
    pub sqlite_url_attrs: Vec<String>,
    /// Its docstring says one instance may be shared by threads (thread_docs.rs).
    pub documented_thread_safe: bool,
}

pub use super::refs::Slot;

/// A call of the module and the arguments it passes that the object model can name.
#[derive(Debug, Clone)]
pub struct Pass {
    pub callee: CallRef,
    pub args: Vec<(Slot, ValueRef)>,
}

/// (module, function, parameter name) → (module, class qualname).
/// Per (module, function, parameter): the class its callers pass; under the
/// parameter's [`factory_key`], the class calling it makes.
pub type ParamTypes = rustc_hash::FxHashMap<(usize, usize, String), (usize, String)>;

/// (module, abstract class position) → (module, class qualname) of its one
/// concrete subclass.
pub type Concrete = rustc_hash::FxHashMap<(usize, usize), (usize, String)>;

// Computed by kept_writes.rs.
/// A connection a module keeps (a module global, or a class's `self.<attr>`)
/// and what the module's own code does to it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeptConn {
    /// The class (its qualname) whose instances hold it; `None` for a global.
    pub class: Option<String>,
    /// The global's or the attribute's name.
    pub conn: String,
    /// Opened in legacy transaction control (or Python 3.12 `autocommit=False`).
    pub legacy: bool,
    /// Its code writes on it.
    pub writes: bool,
    /// Its code commits, rolls back, closes it, ends a `with` block on it, runs
    /// `executescript` on it, or hands it to other code.
    pub ends: bool,
}

// Computed by pragma_config.rs.
/// A PRAGMA setting as the project index keeps it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PragmaFact {
    pub name: String,
    pub value: Option<String>,
    pub line: usize,
    /// Set inside a function sqlfix generated (its helpers).
    pub generated: bool,
}

// Computed by transactions.rs.
/// How a connection's transactions are controlled, from where it is created.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum TxMode {
    /// `isolation_level` "" (the default), DEFERRED, IMMEDIATE or EXCLUSIVE: an
    /// implicit `BEGIN <mode>` right before the first INSERT/UPDATE/DELETE.
    Legacy(BeginMode),
    /// `isolation_level=None`: autocommit unless the code sends BEGIN.
    Manual,
    /// Python 3.12 `autocommit=True`: as `Manual`, and `commit()`, `rollback()`
    /// and `with conn:` do nothing.
    Autocommit,
    /// Python 3.12 `autocommit=False`: a deferred transaction is always open.
    AlwaysOpen,
    /// Not visible from here: a parameter, a dynamic value, unknown code.
    #[default]
    Unknown,
}

impl TxMode {
    /// Whether `conn.commit()` ends a transaction the code opened with BEGIN.
    pub fn commit_method_works(self) -> bool {
        matches!(self, TxMode::Legacy(_) | TxMode::Manual)
    }

    /// `with conn:` commits at its end and rolls back on an exception.
    pub fn with_block_commits(self) -> bool {
        matches!(self, TxMode::Legacy(_) | TxMode::Manual)
    }

    pub fn describe(self) -> &'static str {
        match self {
            TxMode::Legacy(BeginMode::Deferred) => "the default isolation_level (deferred)",
            TxMode::Legacy(BeginMode::Immediate) => "isolation_level=\"IMMEDIATE\"",
            TxMode::Legacy(BeginMode::Exclusive) => "isolation_level=\"EXCLUSIVE\"",
            TxMode::Manual => "isolation_level=None",
            TxMode::Autocommit => "autocommit=True",
            TxMode::AlwaysOpen => "autocommit=False",
            TxMode::Unknown => "an unknown transaction mode",
        }
    }
}

// The bounded-work answer of bounded_io.rs, kept here so project.rs can hold it
// without importing that module (bounded_io reads effects, which reads project).
/// Why a function's own work is not bounded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unbounded {
    /// A commit (or a connection opened) per iteration of a loop.
    CommitPerItem,
    /// A statement over a whole table: a read with no WHERE and no LIMIT, an
    /// UPDATE or DELETE with no WHERE.
    WholeTable,
    /// A statement whose text the source does not show.
    UnknownSql,
    /// Slow work (a sleep, network or file I/O) while the connection is open.
    SlowWork,
    /// A schema change that rewrites or scans a table (ALTER, DROP, CREATE INDEX).
    SchemaChange,
    /// The connection is handed to library code (`df.to_sql(name, con=conn)`,
    /// `pd.read_sql(sql, conn)`), whose statements the source does not show.
    HandedToLibrary,
}

impl Unbounded {
    /// How a finding says it.
    pub fn describe(self) -> &'static str {
        match self {
            Unbounded::CommitPerItem => "it commits once per item of a loop",
            Unbounded::WholeTable => {
                "it reads or changes a whole table (no WHERE, no LIMIT), which grows with the table"
            }
            Unbounded::UnknownSql => "it runs SQL whose text the source does not show",
            Unbounded::SlowWork => {
                "it also does slow work (a sleep, network or file I/O) with the connection open"
            }
            Unbounded::SchemaChange => {
                "it changes the schema (ALTER, DROP, CREATE INDEX), which rewrites or scans a table"
            }
            Unbounded::HandedToLibrary => {
                "it hands the connection to library code whose statements the source does not show"
            }
        }
    }
}
