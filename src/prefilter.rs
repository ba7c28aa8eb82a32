//! Byte searches that decide which files to parse: most files of a large tree
//! mention neither SQLite nor the things the codemods fix, and reading bytes is
//! far cheaper than parsing them.
//!
//! A file is parsed when it can hold a finding or a fact other files need:
//! - anything about SQLite itself (drivers, frameworks' sqlite backends, PRAGMAs);
//! - SQL run through `execute` (helpers handed a connection need not import sqlite3);
//! - JSON written to a file (checkpoints), and binary state (a pickle, a numpy
//!   array) saved to or loaded from one; a serializer's dump into a stream (a
//!   format plug-in), and a `.dump(` beside an `open(` (a file manager handing
//!   its handle to one);
//! - a sync SQLAlchemy (or SQLModel) `Session` in a module with coroutines (FastAPI routes that
//!   take one from a dependency block the event loop; the URL is elsewhere), or
//!   one that commits (ORM writes: rows per loop iteration, progress per page);
//! - a SQLAlchemy engine, whatever its URL: how sure sqlfix is that the
//!   project's sessions run on SQLite comes from its engines (sync_orm.rs);
//! - an `Annotated[...]` alias in a module naming a SQLAlchemy `Session` (the
//!   routes that use the alias are in other modules);
//! - a write through a session (`session.add(`, `.merge(`, `.delete(`, `.flush(`),
//!   in a module that names no engine: its block may read then write inside a
//!   project's transaction helper (orm_transactions.rs);
//! - a host application's recorder (a SQLite database unless configured
//!   otherwise), or a session taken from a host's `get_session()` in a module
//!   with coroutines (an integration's update blocking the host's loop);
//! - a peewee model query (`User.select()`) in a module with coroutines: the
//!   models and their database are often another module's;
//! - work submitted to a pool and waited for (`submit(` with `.result(` or
//!   `as_completed(`): a generic "offload" helper with no database text;
//! - a later round adds files that call functions the first round found doing
//!   database I/O (`async def` handlers calling a helper in another module), and
//!   modules the indexed ones import that call such a method on a value they were
//!   handed (`self.db.write(...)` in a class that never names the `Store` it gets),
//!   and modules defining a function the indexed ones hand `json.dumps(...)` to
//!   (a generic `write_file(path, text)`);
//! - a download streamed into a `"wb"` file, and a TinyDB store (SQF401);
//! - Django `atomic` blocks, management commands, task-queue tasks and model
//!   writes through a manager (django_atomic.rs).

use std::sync::LazyLock;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};

/// `qlite` catches sqlite, Sqlite, SQLite (aiosqlite, `sqlite:///` URLs, Django's
/// backend, peewee's SqliteDatabase); the rest are case-sensitive on purpose:
/// `# pragma: no cover` is everywhere, `PRAGMA ` is SQL.
/// `apsw` opens SQLite without saying so.
const SQLITE_NEEDLES: &[&str] = &[
    "qlite",
    "QLITE",
    "PRAGMA ",
    "OperationalError",
    "peewee",
    "apsw",
    // A host application's recorder: its database is SQLite unless configured
    // otherwise, and it hands integrations sync sessions (host_session.rs).
    "components.recorder",
];
const SQL_WORDS: &[&str] = &[
    "SELECT ",
    "INSERT ",
    "UPDATE ",
    "DELETE ",
    "REPLACE ",
    "BEGIN",
    "CREATE TABLE",
];
const JSON_WRITES: &[&str] = &["open(", "write_text(", "write_bytes("];

/// Byte needles. One that ends in `(` is a call, and Python allows blanks
/// between a callee and its parenthesis (`open (p, 'w')`, `json.dump (x, f)`):
/// such a needle is searched without its `(` and a match counts when the next
/// byte that is not a space or a tab is `(`. A prefilter must not depend on a
/// project's spacing style.
struct Needles(Vec<(memchr::memmem::Finder<'static>, bool)>);

impl Needles {
    fn new(needles: &[&'static str]) -> Needles {
        Needles(
            needles
                .iter()
                .map(|n| {
                    let (stem, call) = call_stem(n);
                    (memchr::memmem::Finder::new(stem.as_bytes()), call)
                })
                .collect(),
        )
    }

    fn any_in(&self, text: &str) -> bool {
        self.0.iter().any(|(f, call)| {
            if *call {
                f.find_iter(text.as_bytes())
                    .any(|at| opens_call(text.as_bytes(), at + f.needle().len()))
            } else {
                f.find(text.as_bytes()).is_some()
            }
        })
    }
}

/// A needle without its trailing `(`, and whether it had one.
fn call_stem(needle: &str) -> (&str, bool) {
    match needle.strip_suffix('(') {
        Some(stem) if !stem.is_empty() => (stem, true),
        _ => (needle, false),
    }
}

/// Whether the first byte at or after `end` that is not a space or a tab is `(`.
fn opens_call(text: &[u8], end: usize) -> bool {
    text[end.min(text.len())..]
        .iter()
        .find(|b| !matches!(b, b' ' | b'\t'))
        == Some(&b'(')
}

/// `text.contains(needle)`, where a needle ending in `(` also matches with
/// blanks before the parenthesis (`sleep (1)`): see [`Needles`].
pub fn mentions(text: &str, needle: &str) -> bool {
    let (stem, call) = call_stem(needle);
    if !call {
        return text.contains(needle);
    }
    memchr::memmem::find_iter(text.as_bytes(), stem.as_bytes())
        .any(|at| opens_call(text.as_bytes(), at + stem.len()))
}

/// An automaton over call needles (`def save(`, `.write(`), matched whatever
/// the blanks before their parenthesis: built on the needles without it.
fn call_automaton(patterns: &[String]) -> Option<AhoCorasick> {
    let stems: Vec<&str> = patterns.iter().map(|p| call_stem(p).0).collect();
    (!stems.is_empty()).then(|| {
        AhoCorasickBuilder::new()
            .match_kind(MatchKind::Standard)
            .build(&stems)
            .expect("valid patterns")
    })
}

/// Whether some match of `automaton` (built by [`call_automaton`]) is a call.
fn calls_any(automaton: &AhoCorasick, text: &str) -> bool {
    automaton
        .find_overlapping_iter(text)
        .any(|m| opens_call(text.as_bytes(), m.end()))
}

static SQLITE: LazyLock<Needles> = LazyLock::new(|| Needles::new(SQLITE_NEEDLES));
static SQL: LazyLock<Needles> = LazyLock::new(|| Needles::new(SQL_WORDS));
static JSON_WRITE: LazyLock<Needles> = LazyLock::new(|| Needles::new(JSON_WRITES));
/// Other engines' drivers: a module opening one is parsed so that classes
/// deriving from its wrappers are known not to be SQLite's (semantic::sqlite_evidence).
static FOREIGN_DRIVER: LazyLock<Needles> = LazyLock::new(|| {
    Needles::new(&[
        "psycopg",
        "pymysql",
        "mysql.connector",
        "MySQLdb",
        "mariadb",
        "cx_Oracle",
        "oracledb",
        "pyodbc",
        "pymssql",
        "duckdb",
        "pg8000",
    ])
});
static EXECUTE: LazyLock<Needles> = LazyLock::new(|| Needles::new(&["execute"]));
static JSON_DUMP: LazyLock<Needles> = LazyLock::new(|| Needles::new(&["json"]));
static DUMP: LazyLock<Needles> = LazyLock::new(|| Needles::new(&["dump"]));
/// `json.load`, and pydantic's parses of JSON text (`Model.model_validate_json`,
/// v1's `parse_raw`/`parse_file`).
static LOAD: LazyLock<Needles> =
    LazyLock::new(|| Needles::new(&["load", "validate_json", "parse_raw", "parse_file"]));
/// Binary state a program saves and loads back (a pickle, a marshal dump, a
/// numpy array, a torch object): written in place it is a checkpoint as JSON is.
static BINARY_STATE: LazyLock<Needles> = LazyLock::new(|| {
    Needles::new(&[
        "pickle", "marshal", "numpy", "np.save", "np.load", "torch", "joblib", "dill",
    ])
});
/// Settings kept in YAML, TOML or INI (semantic::config_formats): rewritten in
/// place and loaded back at start, they are state as a JSON checkpoint is.
static CONFIG_FORMAT: LazyLock<Needles> =
    LazyLock::new(|| Needles::new(&["yaml", "toml", "configparser", "ConfigParser"]));
/// The writes and reads of such a file: a dump or a parser's `write`, a load,
/// `parse` (tomlkit) or a parser's `read`.
static CONFIG_WRITE: LazyLock<Needles> = LazyLock::new(|| Needles::new(&["dump", ".write("]));
static CONFIG_READ: LazyLock<Needles> =
    LazyLock::new(|| Needles::new(&["load", "parse(", ".read("]));
/// One value written as text (`path.write_text(str(serial))`,
/// `f.write("%d" % pos)`) and parsed back with `int(...)`: a position file
/// (SQF401's number_files). The module must write one; its reader, when in
/// another module with no other reason to be parsed, is not seen.
static NUMBER_WRITE: LazyLock<Needles> = LazyLock::new(|| {
    Needles::new(&[
        "write_text(str(",
        "write_text(repr(",
        "write_text(f\"{",
        "write_text(f'{",
        "write_text(\"%",
        "write_text('%",
        ".write(str(",
        ".write(repr(",
        ".write(\"%d",
        ".write('%d",
        ".write(f\"{",
        ".write(f'{",
    ])
});
/// A line-per-record text store (SQF401's line_stores): lines written into a
/// file and read back line by line. Such a module may name no SQLite nor JSON.
static LINE_WRITE: LazyLock<Needles> = LazyLock::new(|| {
    Needles::new(&[
        "writelines(",
        "\\n\")",
        "\\n')",
        "\\n\" %",
        "\\n' %",
        "\\n\".format",
        "\\n'.format",
        "\"\\n\".join",
        "'\\n'.join",
    ])
});
static LINE_READ: LazyLock<Needles> =
    LazyLock::new(|| Needles::new(&["readlines(", "splitlines(", "for line in"]));
static NUMBER_PARSE: LazyLock<Needles> = LazyLock::new(|| Needles::new(&["int(", "float("]));
static SAVE_OR_LOAD: LazyLock<Needles> = LazyLock::new(|| Needles::new(&["dump", "save", "load"]));
static FILE_OPEN: LazyLock<Needles> = LazyLock::new(|| Needles::new(&["open(", "file("]));
static FILE_READ: LazyLock<Needles> =
    LazyLock::new(|| Needles::new(&["open(", "read_text(", "read_bytes("]));
/// SQLModel re-exports SQLAlchemy's `Session` and `create_engine`: a project on
/// SQLModel alone never names SQLAlchemy.
static ORM: LazyLock<Needles> = LazyLock::new(|| Needles::new(&["sqlalchemy", "sqlmodel"]));
static SESSION: LazyLock<Needles> = LazyLock::new(|| Needles::new(&["Session"]));
static ENGINE: LazyLock<Needles> = LazyLock::new(|| Needles::new(&["create_engine"]));
static COROUTINE: LazyLock<Needles> = LazyLock::new(|| Needles::new(&["async def"]));
static COMMIT: LazyLock<Needles> = LazyLock::new(|| Needles::new(&[".commit("]));
static ANNOTATED: LazyLock<Needles> = LazyLock::new(|| Needles::new(&["Annotated["]));
/// ORM writes through a session a module was handed or a helper yielded
/// (`async with db.write_transaction() as session:` in a module that names no
/// engine): a read-then-write there is reported at the helper.
static SESSION_WRITE: LazyLock<Needles> = LazyLock::new(|| {
    Needles::new(&[
        "session.add(",
        "session.add_all(",
        "session.merge(",
        "session.delete(",
        "session.flush(",
    ])
});
/// A session taken from a host's session factory in a module with coroutines.
static HOST_SESSION: LazyLock<Needles> = LazyLock::new(|| Needles::new(&[".get_session("]));
/// A chat bot's sender checks and one-user filters: whether every handler is
/// gated to one owner is decided from the modules that define the gates
/// (semantic/single_owner.rs), which often name no database.
static OWNER_GATE: LazyLock<Needles> = LazyLock::new(|| {
    Needles::new(&[
        "effective_user",
        "effective_chat",
        "from_user",
        "filters.User(",
        "filters.user(",
        "filters.Chat(",
        "ApplicationHandlerStop",
        "CancelHandler",
        "OWNER",
        "owner_id",
        "ADMIN_ID",
        "admin_id",
    ])
});
/// Django code that can hold or be a deferred-transaction hazard's second
/// writer (django_atomic.rs): `atomic` blocks, management commands, task-queue
/// tasks, scripts that set Django up; and modules that write models through
/// their managers (helpers an atomic block in another module calls).
static DJANGO: LazyLock<Needles> = LazyLock::new(|| Needles::new(&["django"]));
static DJANGO_WORK: LazyLock<Needles> = LazyLock::new(|| {
    Needles::new(&[
        "atomic",
        "management.base",
        "shared_task",
        ".task",
        "db_task",
        "periodic_task",
        "async_task",
        "django.setup",
        "dramatiq",
        "huey",
    ])
});
static MANAGER: LazyLock<Needles> = LazyLock::new(|| Needles::new(&[".objects."]));
static MODEL_WRITE: LazyLock<Needles> =
    LazyLock::new(|| Needles::new(&[".save(", ".delete(", ".create(", ".update("]));
/// A download written chunk by chunk (or by `urlretrieve`) that the program
/// skips when the file exists (SQF401's downloads.rs).
static DOWNLOAD: LazyLock<Needles> = LazyLock::new(|| {
    Needles::new(&[
        "iter_content",
        "iter_bytes",
        "iter_chunked",
        "copyfileobj",
        "urlretrieve",
    ])
});
static EXISTS: LazyLock<Needles> =
    LazyLock::new(|| Needles::new(&["exists(", "isfile(", "is_file("]));
/// A download streamed into a binary file with no existence check in its
/// module: a get-or-fetch that asks a cache first, or a generic downloader
/// whose callers name the file (SQF401's downloads.rs).
static BINARY_WRITE: LazyLock<Needles> =
    LazyLock::new(|| Needles::new(&["\"wb\"", "'wb'", "\"bw\"", "'bw'"]));
/// A library store rewriting its one file in place (semantic::in_place_stores).
static IN_PLACE_STORE: LazyLock<Needles> = LazyLock::new(|| Needles::new(&["TinyDB"]));
/// peewee model queries (`User.select()`) in a module with coroutines: the
/// module may import its models from another and name no database.
static MODEL_QUERY: LazyLock<Needles> = LazyLock::new(|| {
    Needles::new(&[
        ".select(",
        ".get_or_none(",
        ".get_by_id(",
        ".get_or_create(",
        ".insert_many(",
        ".delete_by_id(",
    ])
});
/// A serializer's dump into a stream (a file-format plug-in's `def dump(self,
/// data, stream): yaml.safe_dump(data, stream)`), and a method's `.dump(`
/// beside an `open(`: a file manager handing its handle to such a plug-in
/// (SQF401's plugin_dumps).
static STREAM_DUMP: LazyLock<Needles> = LazyLock::new(|| {
    Needles::new(&[
        "json.dump(",
        "yaml.dump(",
        "safe_dump(",
        "toml.dump(",
        "dump_all(",
    ])
});
static METHOD_DUMP: LazyLock<Needles> = LazyLock::new(|| Needles::new(&[".dump("]));
static SUBMIT: LazyLock<Needles> = LazyLock::new(|| Needles::new(&["submit("]));
static WAIT: LazyLock<Needles> = LazyLock::new(|| Needles::new(&[".result(", "as_completed("]));

/// Whether the file must be parsed on its own account.
pub fn may_matter(text: &str) -> bool {
    SQLITE.any_in(text)
        || (EXECUTE.any_in(text) && SQL.any_in(text))
        || (JSON_DUMP.any_in(text) && DUMP.any_in(text) && JSON_WRITE.any_in(text))
        // A module that reads JSON files back may be what makes another
        // module's file a checkpoint (semantic::file_readers).
        || (JSON_DUMP.any_in(text) && LOAD.any_in(text) && FILE_READ.any_in(text))
        || (BINARY_STATE.any_in(text) && SAVE_OR_LOAD.any_in(text) && JSON_WRITE.any_in(text))
        || (BINARY_STATE.any_in(text) && LOAD.any_in(text))
        || (CONFIG_FORMAT.any_in(text) && CONFIG_WRITE.any_in(text) && JSON_WRITE.any_in(text))
        || STREAM_DUMP.any_in(text)
        || (METHOD_DUMP.any_in(text) && FILE_OPEN.any_in(text))
        || (CONFIG_FORMAT.any_in(text)
            && CONFIG_READ.any_in(text)
            && (FILE_READ.any_in(text) || mentions(text, ".read(")))
        || (DOWNLOAD.any_in(text) && (EXISTS.any_in(text) || BINARY_WRITE.any_in(text)))
        || IN_PLACE_STORE.any_in(text)
        || (NUMBER_WRITE.any_in(text) && NUMBER_PARSE.any_in(text) && FILE_READ.any_in(text))
        || (LINE_WRITE.any_in(text) && LINE_READ.any_in(text) && FILE_OPEN.any_in(text))
        || (ORM.any_in(text)
            && SESSION.any_in(text)
            && (COROUTINE.any_in(text) || COMMIT.any_in(text)))
        || (ORM.any_in(text) && ENGINE.any_in(text))
        || (ORM.any_in(text) && SESSION.any_in(text) && ANNOTATED.any_in(text))
        || (SUBMIT.any_in(text) && WAIT.any_in(text))
        || (HOST_SESSION.any_in(text) && COROUTINE.any_in(text))
        || (MODEL_QUERY.any_in(text) && COROUTINE.any_in(text))
        || SESSION_WRITE.any_in(text)
        || OWNER_GATE.any_in(text)
        || FOREIGN_DRIVER.any_in(text)
        || (DJANGO.any_in(text) && DJANGO_WORK.any_in(text))
        || (MANAGER.any_in(text) && MODEL_WRITE.any_in(text))
        // A model instance's field decremented in memory and saved
        // (SQF305's orm_debit.rs): a view need not name a manager.
        || (DJANGO.any_in(text) && MODEL_WRITE.any_in(text) && mentions(text, " -= "))
}

static DB_FILE: LazyLock<Needles> =
    LazyLock::new(|| Needles::new(&[".db\"", ".db'", ".sqlite", ".db3"]));

/// Whether the file may name a database file (for the audit report's paths).
pub fn may_name_database(text: &str) -> bool {
    DB_FILE.any_in(text)
}

/// Words that mark code that runs functions concurrently: coroutines, threads,
/// executors, tasks and web routes (sync routes run in a thread pool).
const CONCURRENCY: &[&str] = &[
    "async def",
    "Thread(",
    "Timer(",
    "Executor",
    "submit(",
    "to_thread",
    "create_task",
    "add_task",
    "run_in_executor",
    "gather(",
    "fastapi",
    "starlette",
    "flask",
    "@app.",
    "@router.",
    // UI frameworks that run plain `def` handlers on their event loop
    // (semantic::ui_handlers).
    "nicegui",
    "textual",
    "reflex",
];

static CONCURRENT: LazyLock<Needles> = LazyLock::new(|| Needles::new(CONCURRENCY));

/// Whether the file can run other modules' functions concurrently (the second
/// round parses such files when they name a database helper).
pub fn runs_things_concurrently(text: &str) -> bool {
    CONCURRENT.any_in(text)
}

/// Builds a thread pool and submits work to it (a class running its work on a
/// pool of its own: semantic::di_services).
pub fn owns_thread_pool(text: &str) -> bool {
    mentions(text, "ThreadPoolExecutor(") && mentions(text, ".submit(")
}

/// Calls something whose duration another party decides: a network client, a
/// subprocess, a sleep, a mail server, a file hashed whole (run.rs pairs it with the names of the
/// functions that writing code calls: semantic::slow_elsewhere).
pub fn does_slow_work(text: &str) -> bool {
    [
        "requests",
        "httpx",
        "urllib",
        "aiohttp",
        "subprocess",
        "smtplib",
        "sleep(",
        "socket",
        "hashlib",
    ]
    .iter()
    .any(|w| mentions(text, w))
}

/// Starts event-loop tasks (run.rs pairs it with the names of coroutines that write).
pub fn starts_tasks(text: &str) -> bool {
    [
        "create_task(",
        "ensure_future(",
        "run_coroutine_threadsafe(",
    ]
    .iter()
    .any(|w| mentions(text, w))
}

/// Finds files that name a function and mention the module defining it
/// (every way of importing it names the module or a package above it).
pub struct NameFilter {
    /// Module stems, searched first: few, and most files name none of them.
    stems: Option<AhoCorasick>,
    /// For each stem, the helper names defined in modules with that stem.
    names: Vec<Vec<memchr::memmem::Finder<'static>>>,
}

impl NameFilter {
    /// `functions`: (function name, stem of its module: `db` for `app/db.py`).
    pub fn new(functions: &[(String, String)]) -> NameFilter {
        let mut stems: Vec<String> = Vec::new();
        // Stem → its position in `stems`: a project has thousands of modules.
        let mut positions: rustc_hash::FxHashMap<&str, usize> = Default::default();
        let mut names: Vec<Vec<memchr::memmem::Finder<'static>>> = Vec::new();
        for (name, stem) in functions.iter().filter(|(n, _)| n.len() >= 3) {
            let i = *positions.entry(stem.as_str()).or_insert_with(|| {
                stems.push(stem.clone());
                names.push(Vec::new());
                stems.len() - 1
            });
            // The bare name: `Thread(target=save)` and `executor.submit(save, ..)`
            // hand a helper to another thread without calling it here.
            names[i].push(memchr::memmem::Finder::new(name.as_bytes()).into_owned());
        }
        let stems = (!stems.is_empty()).then(|| {
            AhoCorasickBuilder::new()
                .match_kind(MatchKind::Standard)
                .build(&stems)
                .expect("valid patterns")
        });
        NameFilter { stems, names }
    }

    pub fn mentions(&self, text: &str) -> bool {
        let Some(stems) = &self.stems else {
            return false;
        };
        let mut judged = vec![false; self.names.len()];
        stems.find_overlapping_iter(text).any(|m| {
            let stem = m.pattern().as_usize();
            !std::mem::replace(&mut judged[stem], true)
                && self.names[stem]
                    .iter()
                    .any(|f| f.find(text.as_bytes()).is_some())
        })
    }
}

/// Finds files that define one of some functions (`def run_off_loop(`) and run
/// things concurrently: where a decorator the parsed modules wear may hand the
/// decorated body to another thread (thread_decorators.rs), in a module with no
/// database text of its own.
pub struct DefinitionFilter {
    defs: Option<AhoCorasick>,
}

impl DefinitionFilter {
    pub fn new(names: &[String]) -> DefinitionFilter {
        let patterns: Vec<String> = names.iter().map(|n| format!("def {n}(")).collect();
        DefinitionFilter {
            defs: call_automaton(&patterns),
        }
    }

    pub fn mentions(&self, text: &str) -> bool {
        self.defines(text) && runs_things_concurrently(text)
    }

    /// Whether the file defines one of the functions.
    pub fn defines(&self, text: &str) -> bool {
        self.defs.as_ref().is_some_and(|d| calls_any(d, text))
    }
}

/// Finds files that call one of some method names: `.write(`.
pub struct MethodCallFilter {
    calls: Option<AhoCorasick>,
}

impl MethodCallFilter {
    pub fn new(methods: &[String]) -> MethodCallFilter {
        let patterns: Vec<String> = methods.iter().map(|m| format!(".{m}(")).collect();
        MethodCallFilter {
            calls: call_automaton(&patterns),
        }
    }

    pub fn mentions(&self, text: &str) -> bool {
        self.calls.as_ref().is_some_and(|c| calls_any(c, text))
    }
}

/// Whether a file makes a web application object (Flask, FastAPI, a blueprint
/// or router) that views in other modules may be registered on.
pub fn makes_web_app(text: &str) -> bool {
    ["Flask(", "FastAPI(", "Blueprint(", "APIRouter("]
        .iter()
        .any(|n| mentions(text, n))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_what_matters_and_skips_the_rest() {
        assert!(may_matter("import sqlite3\n"));
        assert!(may_matter(
            "def f(conn):\n    conn.execute('INSERT INTO t VALUES (1)')\n"
        ));
        assert!(may_matter(
            "import json\nwith open(p, 'w') as f:\n    json.dump(x, f)\n"
        ));
        assert!(!may_matter("import json\nprint(json.dumps(x))\n"));
        // A space or a tab before a call's parenthesis is the same call.
        assert!(may_matter(
            "import json\nwith open (p, 'w') as fd:\n    json.dump (x, fd)\n"
        ));
        assert!(may_matter(
            "import json\nwith open\t(p, 'w') as fd:\n    json.dump(x, fd)\n"
        ));
        assert!(!may_matter("import json\nopened = json.dumps(x)\n"));
        assert!(MethodCallFilter::new(&["write".to_string()]).mentions("f.write (x)"));
        assert!(DefinitionFilter::new(&["offload".to_string()]).defines("def offload (f):"));
        assert!(may_matter(
            "import pickle\nwith open(p, 'wb') as f:\n    pickle.dump(x, f)\n"
        ));
        assert!(may_matter("import numpy as np\nstate = np.load(p)\n"));
        assert!(!may_matter(
            "import pickle\nprint(pickle.HIGHEST_PROTOCOL)\n"
        ));
        assert!(may_matter(
            "from sqlalchemy.orm import Session\nDb = Annotated[Session, Depends(get)]\n"
        ));
        assert!(may_matter(
            "from sqlmodel import Session\nasync def r(s: Session):\n    s.get(A, 1)\n"
        ));
        assert!(may_matter(
            "def run(f, *a):\n    return pool.submit(f, *a).result()\n"
        ));
        assert!(!may_matter("def run(f, *a):\n    pool.submit(f, *a)\n"));
        assert!(!may_matter("async def handler():\n    return 1\n"));
        let filter = NameFilter::new(&[("save_status".to_string(), "db".to_string())]);
        assert!(
            filter.mentions("from db import save_status\nasync def h():\n    save_status(1)\n")
        );
        assert!(!filter.mentions("async def h():\n    save_status(1)\n"));
        assert!(!filter.mentions("import db\nasync def h():\n    save(1)\n"));
        let defs = DefinitionFilter::new(&["offload".to_string()]);
        assert!(defs.mentions("def offload(f):\n    return pool.submit(f)\n"));
        assert!(!defs.mentions("def offload(f):\n    return f\n"));
        assert!(!defs.mentions("def run(f):\n    return pool.submit(f)\n"));
    }
}
