//! A byte search that decides whether a file can matter before it is parsed: most
//! files of a large tree mention neither SQLite nor the things the codemods fix.

use std::sync::LazyLock;

use aho_corasick::AhoCorasick;

/// Words without which no codemod can fire. `async def` lets a handler that calls
/// another module's blocking helper be checked; `json` covers checkpoint writes.
const NEEDLES: &[&str] = &[
    "sqlite",
    "async def",
    "json",
    "sqlalchemy",
    "peewee",
    "DATABASES",
    "OperationalError",
    "connect(",
    // Helpers that run SQL on a connection they are handed need not import sqlite3.
    "PRAGMA",
    "pragma",
    "execute",
    "commit(",
    // Modules that start threads or tasks, or define routes, decide which functions
    // of other modules run concurrently.
    "fastapi",
    "starlette",
    "Thread(",
    "Executor",
    "submit(",
    "to_thread",
    "create_task",
    "add_task",
    "run_in_executor",
    "gather(",
    // A configuration module that names the database file.
    ".db\"",
    ".db'",
    ".sqlite",
];

static MATCHER: LazyLock<AhoCorasick> =
    LazyLock::new(|| AhoCorasick::new(NEEDLES).expect("the needles are valid patterns"));

pub fn may_matter(text: &str) -> bool {
    MATCHER.is_match(text)
}
