//! A connection to a private in-memory database: `sqlite3.connect(":memory:")`,
//! an empty name (a private temporary database), or a URI naming memory
//! (`"file::memory:"`, `"file:scratch?mode=memory"`) without `cache=shared`.
//!
//! Each such connection gets a database of its own that no other connection
//! can open (docs/sqlite-facts.md#F-private-memory): nobody else can wait on
//! its locks, it has no file to keep a descriptor on, and it disappears with
//! the connection. So a finding whose harm needs a second party on the same
//! file (a lock leaked to the garbage collector, writers queued on one file)
//! has none here, whatever runs beside it. With `cache=shared` the connections
//! of one process that name the same memory database do share it (and its
//! table locks): that stays a shared database.
//!
//! The name is read through the string model (a constant, a default, a
//! concatenation of known parts), so `DB = ":memory:"` then `connect(DB)` counts.
//! Pragma advice (pragmas20's rules) may ask [`opens_private_memory`] too.

use ruff_python_ast::Expr;

use super::model::{Call, Model};
use super::strings::string_value;

/// Whether a database name opens a private in-memory database.
pub fn is_private_memory_name(name: &str) -> bool {
    if name.is_empty() || name == ":memory:" {
        return true;
    }
    let lower = name.to_ascii_lowercase();
    let memory = lower.starts_with("file::memory:") || lower.contains("mode=memory");
    memory && !lower.contains("cache=shared")
}

/// Whether `call` (a `sqlite3.connect`/`aiosqlite.connect`-shaped call, its
/// database first or as `database=`) opens a private in-memory database.
pub fn opens_private_memory(model: &Model<'_>, call: &Call<'_>) -> bool {
    let Some(database) = call.argument(0, "database") else {
        return false;
    };
    name_is_private_memory(model, call, database)
}

fn name_is_private_memory(model: &Model<'_>, call: &Call<'_>, database: &Expr) -> bool {
    let Some(value) = string_value(model, database, call.scope, call.range().start()) else {
        return false;
    };
    let Some(name) = value.as_literal() else {
        return false;
    };
    // `file:...` names memory only as a URI; without `uri=True` it is a file
    // of that name.
    let uri = call
        .keyword("uri")
        .is_some_and(|v| matches!(v, Expr::BooleanLiteral(b) if b.value));
    is_private_memory_name(name) && (uri || !name.starts_with("file:"))
}

#[cfg(test)]
mod tests {
    use super::is_private_memory_name;

    #[test]
    fn names() {
        for private in [
            ":memory:",
            "",
            "file::memory:",
            "file::memory:?uri=true",
            "file:scratch?mode=memory",
        ] {
            assert!(is_private_memory_name(private), "{private}");
        }
        for shared in [
            "file::memory:?cache=shared",
            "file:scratch?mode=memory&cache=shared",
            "app.db",
            "file:app.db?mode=ro",
        ] {
            assert!(!is_private_memory_name(shared), "{shared}");
        }
    }
}
