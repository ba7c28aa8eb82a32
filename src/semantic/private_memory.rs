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
//!
//! [`defaults_to_private_memory`] also reads a name the object takes from a
//! setting its class declares with a private-memory default
//! (`database_filepath = Unicode(default_value=":memory:", config=True)`, then
//! `connect(self.database_filepath)`): a server's own store that lives in memory
//! unless its user points it at a file, one connection for the object's life.

use ruff_python_ast::{Expr, Stmt};

use ruff_text_size::Ranged;

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

/// Whether `call` opens `self.<attr>` where the enclosing class declares
/// `<attr>` in its body with a private-memory default: a setting descriptor
/// (`Unicode(":memory:")`, `Unicode(default_value=":memory:")`,
/// `Field(default=":memory:")`, the value through a module constant too), a
/// plain `<attr> = ":memory:"`, or a traitlets dynamic default (`@default("<attr>")`
/// on a method returning `":memory:"`). Only the default is known: a user may
/// configure a file, which callers weigh. An empty default (a setting left to
/// configure) does not count.
pub fn defaults_to_private_memory(model: &Model<'_>, call: &Call<'_>) -> bool {
    let Some(Expr::Attribute(attr)) = call.argument(0, "database") else {
        return false;
    };
    if !matches!(&*attr.value, Expr::Name(n) if n.id.as_str() == "self") {
        return false;
    }
    let Some(class) = model.scopes.enclosing_class(call.scope) else {
        return false;
    };
    let class = &model.scopes.classes[class];
    let name = attr.attr.as_str();
    let memory = |e: &Expr, scope| {
        string_value(model, e, scope, e.range().start()).is_some_and(|v| {
            v.as_literal().is_some_and(|n| {
                !n.is_empty() && !n.starts_with("file:") && is_private_memory_name(n)
            })
        })
    };
    class.def.body.iter().any(|stmt| match stmt {
        Stmt::Assign(a) => {
            a.targets
                .iter()
                .any(|t| matches!(t, Expr::Name(n) if n.id.as_str() == name))
                && declared_default(&a.value).is_some_and(|d| memory(d, class.parent))
        }
        Stmt::AnnAssign(a) => {
            matches!(&*a.target, Expr::Name(n) if n.id.as_str() == name)
                && a.value
                    .as_deref()
                    .and_then(declared_default)
                    .is_some_and(|d| memory(d, class.parent))
        }
        Stmt::FunctionDef(f) if dynamic_default_of(f, name) => {
            let mut returned = Vec::new();
            super::visit::returned_values(&f.body, &mut returned);
            let scope = model
                .scopes
                .functions
                .iter()
                .position(|g| std::ptr::eq(g.def, f));
            !returned.is_empty() && returned.iter().all(|r| memory(r, scope))
        }
        _ => false,
    })
}

/// The default a class-body value declares: the value itself, or a descriptor
/// call's first argument, `default_value=` or `default=`.
fn declared_default(value: &Expr) -> Option<&Expr> {
    let Expr::Call(c) = value else {
        return Some(value);
    };
    c.arguments
        .keywords
        .iter()
        .find(|k| {
            k.arg
                .as_ref()
                .is_some_and(|a| matches!(a.as_str(), "default_value" | "default"))
        })
        .map(|k| &k.value)
        .or(c.arguments.args.first())
}

/// `@default("<name>")` (traitlets): the method computes the setting's default.
fn dynamic_default_of(f: &ruff_python_ast::StmtFunctionDef, name: &str) -> bool {
    f.decorator_list.iter().any(|d| {
        let Expr::Call(c) = &d.expression else {
            return false;
        };
        let callee = match &*c.func {
            Expr::Name(n) => n.id.as_str(),
            Expr::Attribute(a) => a.attr.as_str(),
            _ => return false,
        };
        callee == "default"
            && matches!(c.arguments.args.first(), Some(Expr::StringLiteral(s)) if s.value.to_str() == name)
    })
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
