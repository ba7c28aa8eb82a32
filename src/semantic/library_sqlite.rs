//! Objects of a library class that keeps its data in SQLite, as far as the
//! code that builds them says so: `memory = AsyncMemory(config)` with a
//! config naming `history_db_path="memory.db"`, `SqliteStore(db_file=...)`,
//! `Store(url="sqlite:///x.db")`. A write through such an object
//! (`await memory.add(...)`) is a SQLite write the project cannot see into,
//! and "database is locked" can come out of it like out of `conn.execute`.
//!
//! A narrow query until the value model answers "this library object opens
//! SQLite" itself (a branch of this round adds that evidence for stores): the
//! object is a name or `self.<attr>` assigned once from a call of a class
//! that is not the project's, and the call (its class name, its arguments, a
//! dict literal they name) says SQLite. A library whose construction says
//! nothing of SQLite (a vector store given a server URL) is not one.

use ruff_python_ast::{Expr, Stmt};
use ruff_text_size::Ranged;

use super::model::{Call, Model, Target};
use super::project::{ProjectView, call_ref};
use super::refs::ValueRef;
use super::scopes::FuncId;

/// Keywords and config keys that name a SQLite file.
const FILE_KEYS: &[&str] = &[
    "db_file",
    "db_path",
    "sqlite_path",
    "history_db_path",
    "database_path",
];

/// Method names that write (`add`, `add_messages`, `save`, `upsert`, ...).
const WRITE_PREFIXES: &[&str] = &[
    "add", "save", "put", "insert", "update", "upsert", "delete", "remove", "store", "write",
    "append", "set", "create", "record", "persist", "commit",
];

/// When `call` is a write-named method on an object of a SQLite-backed
/// library class: the object's text and the evidence (`` `AsyncMemory(config)`,
/// whose config names `memory.db` ``).
pub fn write_through(
    model: &Model<'_>,
    view: &ProjectView<'_>,
    call: &Call<'_>,
) -> Option<(String, String)> {
    let Expr::Attribute(method) = &*call.expr.func else {
        return None;
    };
    let name = method.attr.as_str();
    if !WRITE_PREFIXES.iter().any(|p| {
        name.strip_prefix(p)
            .is_some_and(|rest| rest.is_empty() || rest.starts_with('_'))
    }) {
        return None;
    }
    let built = constructor_of(model, call.scope, &method.value)?;
    let evidence = sqlite_evidence(model, call.scope, built)?;
    // The project's own classes are judged through their code, not their names.
    let built_call = model.call_at(built.range())?;
    if let (Some(module), Some(r)) = (
        view.index.module_id(model.path),
        call_ref(model, built_call),
    ) && view
        .index
        .class_of(module, &ValueRef::Made(Box::new(r)), 0)
        .is_some()
    {
        return None;
    }
    if built_call.qualified().is_none_or(|q| !q.contains('.')) {
        return None;
    }
    Some((model.slice(method.value.range()).to_string(), evidence))
}

/// The call that built the value of `object` (a local, a module global or
/// `self.<attr>`), when it is bound once.
fn constructor_of<'a>(
    model: &'a Model<'_>,
    scope: Option<FuncId>,
    object: &Expr,
) -> Option<&'a ruff_python_ast::ExprCall> {
    let value = match object {
        Expr::Name(n) => {
            let id = n.id.as_str();
            let of = |s: Option<FuncId>| -> Vec<&Expr> {
                model
                    .assignments_of(s, id)
                    .into_iter()
                    .filter(|a| a.scope == s)
                    .map(|a| a.value)
                    .collect()
            };
            let mut found = of(scope);
            if found.is_empty() {
                found = of(None);
            }
            match found.as_slice() {
                [one] => *one,
                _ => return None,
            }
        }
        Expr::Attribute(a) if matches!(&*a.value, Expr::Name(n) if n.id.as_str() == "self") => {
            let class = model.scopes.enclosing_class(scope)?;
            let values: Vec<&Expr> = model
                .assignments
                .iter()
                .filter(|x| {
                    matches!(&x.target, Target::SelfAttr(t) if t == a.attr.as_str())
                        && model.scopes.enclosing_class(x.scope) == Some(class)
                })
                .map(|x| x.value)
                .collect();
            match values.as_slice() {
                [one] => *one,
                _ => return None,
            }
        }
        _ => return None,
    };
    let value = match value {
        Expr::Await(a) => &*a.value,
        v => v,
    };
    match value {
        Expr::Call(c) => Some(c),
        _ => None,
    }
}

/// What in the construction says SQLite: the class name, a file or URL
/// argument, a file keyword, or a dict literal (inline or bound to a name)
/// holding one.
fn sqlite_evidence(
    model: &Model<'_>,
    scope: Option<FuncId>,
    call: &ruff_python_ast::ExprCall,
) -> Option<String> {
    let callee = model.slice(call.func.range());
    // `SqliteStore(...)`, `AsyncSQLiteSession(...)`, `Memory.from_config(...)`.
    if callee.to_ascii_lowercase().contains("sqlite") {
        return Some(format!("`{callee}` is SQLite by its name"));
    }
    for k in &call.arguments.keywords {
        if let Some(arg) = &k.arg
            && FILE_KEYS.contains(&arg.as_str())
            && !matches!(k.value, Expr::NoneLiteral(_))
        {
            return Some(format!("`{callee}` is given `{arg}=`"));
        }
    }
    let mut values: Vec<&Expr> = call.arguments.args.iter().collect();
    values.extend(call.arguments.keywords.iter().map(|k| &k.value));
    for v in values {
        if let Some(found) = names_sqlite_file(model, scope, v, 0) {
            return Some(format!("`{callee}` is given {found}"));
        }
    }
    None
}

/// A SQLite file in `value`: a string ending `.db`/`.sqlite`/`.sqlite3`, a
/// `sqlite:` URL, a dict key that names a file, inside dicts and lists, or
/// through a name bound once to such a literal.
fn names_sqlite_file(
    model: &Model<'_>,
    scope: Option<FuncId>,
    value: &Expr,
    depth: usize,
) -> Option<String> {
    if depth > 4 {
        return None;
    }
    match value {
        Expr::StringLiteral(s) => {
            let text = s.value.to_str();
            let lower = text.to_ascii_lowercase();
            (lower.starts_with("sqlite:")
                || [".db", ".sqlite", ".sqlite3"]
                    .iter()
                    .any(|e| lower.ends_with(e)))
            .then(|| format!("`{text}`"))
        }
        Expr::Dict(d) => d.items.iter().find_map(|item| {
            if let Some(Expr::StringLiteral(k)) = &item.key
                && FILE_KEYS.contains(&k.value.to_str())
            {
                return Some(format!("a config naming `{}`", k.value.to_str()));
            }
            names_sqlite_file(model, scope, &item.value, depth + 1)
        }),
        Expr::List(l) => l
            .elts
            .iter()
            .find_map(|e| names_sqlite_file(model, scope, e, depth + 1)),
        Expr::Name(n) => {
            let id = n.id.as_str();
            let mut bound = model.assignments_of(scope, id);
            if bound.is_empty() {
                bound = model.assignments_of(None, id);
            }
            match bound.as_slice() {
                [one] if matches!(one.stmt, Stmt::Assign(_) | Stmt::AnnAssign(_)) => {
                    names_sqlite_file(model, scope, one.value, depth + 1)
                }
                _ => None,
            }
        }
        _ => None,
    }
}
