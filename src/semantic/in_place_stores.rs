//! Library-backed stores that keep their data in one file and rewrite it in
//! place on every write, so that the state file hazard (a crash or a second
//! process meeting a torn file) is inside the library's call.
//!
//! TinyDB's default `JSONStorage` opens the file once (`"r+"`) and on every
//! write seeks to the start, writes the whole JSON document, fsyncs, and only
//! then truncates what is left of the old one (F-tinydb-in-place). A reader in
//! another process (TinyDB reads the file again on every query) can meet a
//! document cut short or followed by the old one's tail, and a crash between
//! the write and the truncation leaves such a file for good. A lock taken by
//! writers only, or taken after the store is opened, keeps none of that out.
//!
//! Not such a store: `shelve` (what a shelf writes depends on the `dbm`
//! module the interpreter has, and is not one document rewritten whole), and
//! TinyDB on a storage that is not a file (`MemoryStorage`).

use ruff_python_ast::{Expr, Stmt};
use ruff_text_size::Ranged;

use super::model::{Call, Model};
use super::scopes::FuncId;

/// Methods of a TinyDB database or table that write the file.
const WRITES: &[&str] = &[
    "insert",
    "insert_multiple",
    "update",
    "update_multiple",
    "upsert",
    "remove",
    "truncate",
    "drop_table",
    "drop_tables",
];

/// `TinyDB(path)` (on its default JSON file storage) whose database this
/// module writes through, outside a lock every reader also takes: the library
/// name, for the message.
pub fn rewritten_in_place(model: &Model<'_>, call: &Call<'_>) -> Option<&'static str> {
    let callee = call.qualified()?;
    if !matches!(callee, "tinydb.TinyDB" | "tinydb.database.TinyDB") {
        return None;
    }
    if let Some(storage) = call.expr.arguments.find_keyword("storage") {
        let text = model.slice(storage.value.range());
        if !text.contains("JSONStorage") {
            return None;
        }
    }
    if call.expr.arguments.args.is_empty() && call.expr.arguments.find_keyword("path").is_none() {
        return None;
    }
    // `access_mode="r"`: a store the program only reads.
    if call.expr.arguments.find_keyword("access_mode").is_some_and(
        |k| matches!(&k.value, Expr::StringLiteral(m) if !m.value.to_str().contains('+')),
    ) {
        return None;
    }
    let bound = bound_to(model, call)?;
    // A local name is the store only in its own function; an attribute
    // (`self.db`) in every method of the module.
    let scope = (!bound.contains('.')).then_some(call.scope);
    (written_through(model, &bound, scope) && !opened_under_lock(model, call)).then_some("TinyDB")
}

/// The text of the name the store is bound to: `db = TinyDB(p)`, `self.db =
/// TinyDB(p)`, `with TinyDB(p) as db:`.
fn bound_to(model: &Model<'_>, call: &Call<'_>) -> Option<String> {
    match call.stmt {
        Stmt::Assign(assign)
            if assign.value.range() == call.range() && assign.targets.len() == 1 =>
        {
            Some(model.slice(assign.targets[0].range()).to_string())
        }
        Stmt::AnnAssign(assign)
            if assign
                .value
                .as_deref()
                .is_some_and(|v| v.range() == call.range()) =>
        {
            Some(model.slice(assign.target.range()).to_string())
        }
        Stmt::With(with) => with
            .items
            .iter()
            .find(|i| i.context_expr.range() == call.range())
            .and_then(|i| i.optional_vars.as_deref())
            .map(|v| model.slice(v.range()).to_string()),
        _ => None,
    }
}

/// A write method called on the store, on one of its tables, or on a name
/// bound to one of them (`table = db.table("jobs")`, `table.insert(...)`).
fn written_through(model: &Model<'_>, bound: &str, scope: Option<Option<FuncId>>) -> bool {
    let on_store = |text: &str| text == bound || text.starts_with(&format!("{bound}."));
    model.calls.iter().any(|c| {
        if scope.is_some_and(|s| s != c.scope) {
            return false;
        }
        let Some(method) = c.method_name() else {
            return false;
        };
        if !WRITES.contains(&method) {
            return false;
        }
        let Expr::Attribute(attr) = &*c.expr.func else {
            return false;
        };
        let receiver = model.slice(attr.value.range());
        on_store(receiver)
            || matches!(&*attr.value, Expr::Name(n) if model
                .last_assignment(c.scope, n.id.as_str(), n.start())
                .is_some_and(|a| on_store(model.slice(a.value.range()))))
    })
}

/// The store is opened inside `with <lock>:` (a `filelock`/`portalocker` lock
/// or any `...Lock(...)`): the open, the reads and the writes are serialized
/// for everyone who opens it through this code.
fn opened_under_lock(model: &Model<'_>, call: &Call<'_>) -> bool {
    model.calls.iter().any(|c| {
        let Stmt::With(with) = c.stmt else {
            return false;
        };
        with.range().contains_range(call.range())
            && with
                .items
                .iter()
                .any(|i| i.context_expr.range() == c.range())
            && (c
                .qualified()
                .is_some_and(|q| q.starts_with("filelock.") || q.starts_with("portalocker."))
                || model
                    .slice(c.expr.func.range())
                    .to_ascii_lowercase()
                    .ends_with("lock"))
    })
}
