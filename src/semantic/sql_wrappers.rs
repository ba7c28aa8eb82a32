//! Library objects whose `execute(sql, ...)` runs one SQL statement on a
//! SQLite file and commits it at once, unless the caller sent `BEGIN` through
//! the same object first: to the project, a sqlite3 connection opened with
//! `isolation_level=None` under another name.
//!
//! The file has no `sqlite3` call (`db = SQL("sqlite:///app.db")` at module
//! level, `db.execute("SELECT ...")` in the views), so without this table
//! nothing in it is a connection and a check-then-insert or a read, compute,
//! per-row write through the object is invisible. With it, the object is a
//! connection site whose transaction mode is "manual": each statement is its
//! own transaction, and `execute("BEGIN")` ... `execute("COMMIT")` through the
//! object brackets several (docs/sqlite-facts.md#F-wrapper-autocommit).
//!
//! Whether the object is on SQLite is read from its URL argument, as for a
//! SQLAlchemy engine (sqlite_urls.rs): sure when the argument evaluates to a
//! `sqlite:///` file URL, likely when it is a configuration lookup whose
//! default is one (`os.getenv("DATABASE_URL", "sqlite:///app.db")`, which a
//! deployment may point at PostgreSQL); not one for another scheme, an
//! in-memory database or a URL only known at run time.
//!
//! The table, each with the evidence for its contract:
//! - cs50's `SQL(url)` (`cs50.SQL`, `cs50.sql.SQL`). Its `execute(sql, *args,
//!   **kwargs)` runs the statement through a SQLAlchemy scoped session whose
//!   engine's "connect" listener sets `dbapi_connection.isolation_level =
//!   None` (python-cs50 `src/cs50/_session_util.py`,
//!   `_disable_auto_begin_commit`), and removes the session after every
//!   statement run outside a `BEGIN` it saw (`src/cs50/sql.py`,
//!   `_outside_transaction`): every statement commits on its own. It
//!   returns the rows of a SELECT as a list of dicts, the row count of an
//!   UPDATE or DELETE and the new row id of an INSERT.
//!
//! Not in the table (their `execute`/`query` contracts differ or were not
//! checked against their source): `sqlite_utils.Database`, `dataset.connect`,
//! `records.Database`, pydal's `DAL`; openers.rs lists the first two as
//! pooled openers.

use ruff_python_ast::Expr;

use super::model::{Call, Model};
use super::sqlite_urls::{self, UrlKind};

/// How sure the construction says the object is on a SQLite file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sureness {
    /// The URL is a `sqlite:///` file URL.
    Sure,
    /// The URL is a configuration lookup whose default is one.
    Likely,
}

/// One known wrapper class.
struct Known {
    /// Qualified names the class is imported under.
    names: &'static [&'static str],
    /// The constructor's URL parameter: position and keyword.
    url: (usize, &'static str),
    /// How the class is named in findings.
    label: &'static str,
}

const KNOWN: &[Known] = &[Known {
    names: &["cs50.SQL", "cs50.sql.SQL"],
    url: (0, "url"),
    label: "cs50 SQL",
}];

/// A construction of a known autocommit wrapper on SQLite: its label and how
/// sure the URL makes it.
pub fn wrapper_of(model: &Model<'_>, call: &Call<'_>) -> Option<(&'static str, Sureness)> {
    let q = call.qualified()?;
    let known = KNOWN.iter().find(|k| k.names.contains(&q))?;
    let url: &Expr = call.argument(known.url.0, known.url.1)?;
    match sqlite_urls::url_kind(model, url, call.scope, call.range().start()) {
        UrlKind::SqliteFile => Some((known.label, Sureness::Sure)),
        UrlKind::Other => None,
        UrlKind::Unknown => {
            let default = sqlite_urls::configured_default(url);
            let default_kind = if std::ptr::eq(default, url) {
                UrlKind::Unknown
            } else {
                sqlite_urls::url_kind(model, default, call.scope, call.range().start())
            };
            (default_kind == UrlKind::SqliteFile).then_some((known.label, Sureness::Likely))
        }
    }
}
