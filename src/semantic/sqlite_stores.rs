//! Objects of a library class that open a SQLite database themselves: an agent
//! framework's session or memory store (`SqliteStore(db_file="tmp/agent.db")`,
//! `MemorySqliteStorage(db_url="sqlite:///memory.db")`), a persistent dict
//! (`SqliteDict("cache.sqlite")`). The class builds its own connection or
//! SQLAlchemy engine out of sight of the project, so there is no `connect` to
//! follow: what says "this object opens SQLite" is the evidence at its
//! construction, and each method call on it (`store.read(session_id)`) is a
//! query that blocks the calling thread.
//!
//! The evidence, all at the construction:
//! - the class is imported from a package outside the project (the project's
//!   own classes are judged by their own code) and is named like a class;
//! - its name says SQLite (`Sqlite`, `SQLite` in it), or an argument is a SQLite
//!   file (a literal path ending `.db`, `.sqlite`, `.sqlite3`, `.db3`, or a
//!   `sqlite:///` URL), or a keyword is named for one (`db_file`, `db_path`,
//!   `sqlite_path`, `sqlite_file`, `database_file`).
//!
//! Sure when the name and a file (or a file keyword) agree; likely on a
//! literal SQLite file alone, which the findings say. The name alone, or a
//! keyword alone, is not enough: a class named for SQLite may keep a small
//! private file (a chat client's session cache written once per login). Ruled out: an async class (`AsyncSqliteStore`, whose methods
//! return coroutines the caller awaits), an `aiosqlite` URL, a path to a file
//! of another kind (`.json`, `.yaml`, ...) and the database libraries sqlfix
//! models by their own API (sqlite3, SQLAlchemy, peewee, ...).

use std::path::Path;

use ruff_python_ast::Expr;
use ruff_text_size::Ranged;

use super::model::{AssignKind, Call, Model, Receiver, Target};
use super::scopes::{ClassId, FuncId};

/// Packages whose objects other modules of sqlfix model by their own API.
const MODELLED_PACKAGES: &[&str] = &[
    "sqlite3",
    "aiosqlite",
    "sqlalchemy",
    "sqlmodel",
    "peewee",
    "playhouse",
    "databases",
    "tortoise",
    "django",
    "pony",
    "apsw",
    "flask_sqlalchemy",
    "dataset",
    "sqlite_utils",
    "alembic",
];

/// Standard-library and file-handling packages: `Path("app.db")` names a file,
/// it opens nothing.
const FILE_PACKAGES: &[&str] = &[
    "pathlib",
    "os",
    "shutil",
    "tempfile",
    "logging",
    "io",
    "zipfile",
    "tarfile",
    "gzip",
    "shelve",
    "dbm",
    "filelock",
    "portalocker",
    "fasteners",
    "watchdog",
    "anyio",
    "aiofiles",
    "trio",
    "upath",
    "fsspec",
];

/// Class names of objects that name or guard a file rather than open a database.
const FILE_CLASS_SUFFIXES: &[&str] = &["path", "lock", "file", "handler", "watcher", "backup"];

/// Keywords that name the database file of the object being built.
const FILE_KEYWORDS: &[&str] = &[
    "db_file",
    "db_path",
    "sqlite_path",
    "sqlite_file",
    "database_file",
];

/// Suffixes of files that are not a database.
const OTHER_FILES: &[&str] = &[
    ".json", ".jsonl", ".yaml", ".yml", ".toml", ".txt", ".csv", ".pkl", ".pickle", ".npy",
    ".parquet", ".log", ".ini",
];

/// Why an object is taken to open a SQLite database of its own.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoreEvidence {
    /// The class as imported (`agentkit.storage.sqlite.SqliteStore`).
    pub class: String,
    /// The name and a file agree; otherwise one of them alone says SQLite.
    pub sure: bool,
    /// What was seen, for a finding's note.
    pub why: String,
}

/// Whether `call` builds such an object.
pub fn built_store(model: &Model<'_>, call: &Call<'_>) -> Option<StoreEvidence> {
    let dotted = call.qualified()?;
    let class = dotted.rsplit('.').next()?;
    if !class.chars().next().is_some_and(char::is_uppercase) {
        return None;
    }
    let head = dotted.split('.').next()?;
    if dotted.starts_with('.') || MODELLED_PACKAGES.contains(&head) || FILE_PACKAGES.contains(&head)
    {
        return None;
    }
    let lower = class.to_ascii_lowercase();
    if FILE_CLASS_SUFFIXES.iter().any(|s| lower.ends_with(s)) {
        return None;
    }
    // An async store's methods hand back coroutines: awaited, they block nothing.
    if lower.contains("async") || lower.starts_with("aio") {
        return None;
    }
    let named = lower.contains("sqlite");
    let mut file: Option<String> = None;
    let mut keyword: Option<&str> = None;
    let arguments = call.expr.arguments.args.iter().map(|a| (None, a)).chain(
        call.expr
            .arguments
            .keywords
            .iter()
            .map(|k| (k.arg.as_ref().map(|a| a.as_str()), &k.value)),
    );
    for (name, value) in arguments {
        if let Expr::StringLiteral(s) = value {
            let text = s.value.to_str().trim().to_ascii_lowercase();
            if OTHER_FILES.iter().any(|suffix| text.ends_with(suffix)) {
                return None;
            }
            if text.starts_with("sqlite+aiosqlite") {
                return None;
            }
            if is_sqlite_file(&text) && file.is_none() {
                file = Some(s.value.to_str().to_string());
            }
        }
        if let Some(name) = name.filter(|n| FILE_KEYWORDS.contains(n)) {
            keyword.get_or_insert(name);
        }
    }
    // One sign alone is not enough, except a literal SQLite file: a class
    // merely named for SQLite may keep a small private file (a client's session
    // cache), and a `db_path=` keyword alone may name any kind of store.
    if file.is_none() && !(named && keyword.is_some()) {
        return None;
    }
    if in_project(model.path, head) {
        return None;
    }
    let mut seen = Vec::new();
    if named {
        seen.push(format!("its class `{class}` names SQLite"));
    }
    if let Some(f) = &file {
        seen.push(format!("it is built on `{f}`"));
    } else if let Some(k) = keyword {
        seen.push(format!("it is handed a database file (`{k}=`)"));
    }
    Some(StoreEvidence {
        class: dotted.to_string(),
        sure: named && (file.is_some() || keyword.is_some()),
        why: format!(
            "`{class}` (from `{head}`, outside the project) opens a SQLite database itself: {}",
            seen.join(" and ")
        ),
    })
}

fn is_sqlite_file(text: &str) -> bool {
    text.starts_with("sqlite:")
        || [".db", ".sqlite", ".sqlite3", ".db3"]
            .iter()
            .any(|suffix| text.ends_with(suffix))
}

/// Whether the top-level package `head` is a folder or module of the project
/// (beside the module, or beside one of its parent folders).
fn in_project(path: &Path, head: &str) -> bool {
    path.ancestors().skip(1).take(6).any(|dir| {
        let base = if dir.as_os_str().is_empty() {
            Path::new(".")
        } else {
            dir
        };
        base.join(head).is_dir() || base.join(format!("{head}.py")).is_file()
    })
}

/// The module's names and `self` attributes bound to such an object, found
/// once per module (most modules have none).
#[derive(Debug, Default)]
pub struct Stores {
    /// (scope of the binding, class of the method for a `self` attribute,
    /// target, evidence).
    bound: Vec<(Option<FuncId>, Option<ClassId>, Target, StoreEvidence)>,
}

/// The module's bindings of library SQLite stores.
pub fn of_module(model: &Model<'_>) -> Stores {
    let mut bound = Vec::new();
    for a in &model.assignments {
        if !matches!(a.target_expr, Expr::Name(_) | Expr::Attribute(_))
            || a.kind == AssignKind::ForLoop
        {
            continue;
        }
        if matches!(a.target, Target::Other) {
            continue;
        }
        let Some(evidence) = construction(model, a.value) else {
            continue;
        };
        let class = match a.target {
            Target::SelfAttr(_) => model.scopes.enclosing_class(a.scope),
            _ => None,
        };
        bound.push((a.scope, class, a.target.clone(), evidence));
    }
    Stores { bound }
}

impl Stores {
    pub fn is_empty(&self) -> bool {
        self.bound.is_empty()
    }

    /// The store a method call's receiver holds: a name bound (in the
    /// function, or at module level when the function binds no such name) or a
    /// `self` attribute set in any method of the class. Not an awaited call,
    /// nor a dunder method.
    pub fn receiver(&self, model: &Model<'_>, call: &Call<'_>) -> Option<&StoreEvidence> {
        if self.bound.is_empty() || call.is_awaited() {
            return None;
        }
        let super::model::Callee::Method { receiver, name } = &call.callee else {
            return None;
        };
        if name.starts_with("__") {
            return None;
        }
        match receiver {
            Receiver::Name(n) => {
                let local = call
                    .scope
                    .is_some_and(|id| model.assigns_in(id, n.as_str()));
                let scope = if local { call.scope } else { None };
                self.bound
                    .iter()
                    .find(|(s, _, t, _)| *s == scope && matches!(t, Target::Name(x) if x == n))
                    .map(|(_, _, _, e)| e)
            }
            Receiver::SelfAttr(attr) => {
                let class = model.scopes.enclosing_class(call.scope)?;
                self.bound
                    .iter()
                    .find(|(_, c, t, _)| {
                        *c == Some(class) && matches!(t, Target::SelfAttr(x) if x == attr)
                    })
                    .map(|(_, _, _, e)| e)
            }
            _ => None,
        }
    }
}

/// `Store(...)` as the whole assigned value (not awaited, not unpacked).
fn construction(model: &Model<'_>, value: &Expr) -> Option<StoreEvidence> {
    let Expr::Call(c) = value else {
        return None;
    };
    built_store(model, model.call_at(c.range())?)
}
