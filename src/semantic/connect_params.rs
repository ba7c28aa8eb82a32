//! sqlite3 connect parameters built as a dict for a generic driver: a project
//! that supports several databases gives each engine a driver class that fills
//! a parameter dict (`{"database": path, "detect_types": ...}`), and a shared
//! base class calls its DB-API module's `connect(**params)`. No literal
//! `sqlite3.connect(...)` carries the arguments, so the connect-site checks
//! never see them: the dict is where the connection's settings are chosen.
//!
//! "Is this SQLite" is read from the dict and its module, and said with how
//! sure it is:
//! - every key is a parameter of `sqlite3.connect` (`database`, `timeout`,
//!   `detect_types`, `isolation_level`, `check_same_thread`, `factory`,
//!   `cached_statements`, `uri`, `autocommit`), and `database` is one of them;
//!   a key another driver takes (`host`, `user`, `port`, `dsn`) rules it out;
//! - sure ([`Sure::Keys`]) when a key only sqlite3 takes is there
//!   (`detect_types`, `check_same_thread`, `cached_statements`);
//! - likely ([`Sure::Module`]) when only `database` (and other shared keys)
//!   are there but the module binds `sqlite3` as the driver's module
//!   (`dbapi = sqlite3`, `import sqlite3 as Database`, `module = sqlite3`).
//!
//! A dict read through `**` into the literal (`{**options, ...}`) may carry
//! anything and is left alone, and so is a module that names a `timeout` key
//! anywhere (`params["timeout"] = ...`, `.setdefault("timeout", ...)`, a
//! subclass's override in the same module).

use ruff_python_ast::{Expr, Stmt};
use ruff_text_size::{Ranged, TextRange};

use super::model::{AssignKind, Model};
use super::strings::string_value;

/// Every keyword `sqlite3.connect` takes.
const SQLITE_KEYS: &[&str] = &[
    "database",
    "timeout",
    "detect_types",
    "isolation_level",
    "check_same_thread",
    "factory",
    "cached_statements",
    "uri",
    "autocommit",
];

/// Keys no other common DB-API driver's `connect` takes.
const SQLITE_ONLY: &[&str] = &["detect_types", "check_same_thread", "cached_statements"];

/// How the dict was recognized as sqlite3's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sure {
    /// A key only sqlite3 takes.
    Keys,
    /// Shared keys only, in a module that binds `sqlite3` as its driver module.
    Module,
}

/// One parameter dict for `sqlite3.connect`.
#[derive(Debug)]
pub struct ParamDict<'a> {
    /// The dict display (or `dict(...)` call), or the first `params["database"]
    /// = ...` store when the dict is filled key by key.
    pub anchor: TextRange,
    /// The dict display, when there is one to add a key to.
    pub display: Option<&'a Expr>,
    pub keys: Vec<String>,
    pub sure: Sure,
}

/// The module's sqlite3 parameter dicts that set no `timeout`.
pub fn without_timeout<'a>(model: &Model<'a>) -> Vec<ParamDict<'a>> {
    let text = model.text;
    if !text.contains("sqlite") || !text.contains("database") || names_timeout_key(model) {
        return Vec::new();
    }
    let module_is_sqlite = binds_sqlite3_module(model);
    let mut out = Vec::new();
    let judge = |keys: Vec<String>| -> Option<(Vec<String>, Sure)> {
        if !keys.iter().any(|k| k == "database")
            || !keys.iter().all(|k| SQLITE_KEYS.contains(&k.as_str()))
        {
            return None;
        }
        if keys.iter().any(|k| SQLITE_ONLY.contains(&k.as_str())) {
            Some((keys, Sure::Keys))
        } else if module_is_sqlite && keys.len() >= 2 {
            Some((keys, Sure::Module))
        } else {
            None
        }
    };
    // Dict displays and `dict(...)` calls, assigned or returned.
    let mut values: Vec<&'a Expr> = model
        .assignments
        .iter()
        .filter(|a| a.kind == AssignKind::Assign)
        .map(|a| a.value)
        .collect();
    for f in &model.scopes.functions {
        super::visit::returned_values(&f.def.body, &mut values);
    }
    for value in values {
        let Some(keys) = keys_of(model, value) else {
            continue;
        };
        if let Some((keys, sure)) = judge(keys) {
            out.push(ParamDict {
                anchor: value.range(),
                display: Some(value),
                keys,
                sure,
            });
        }
    }
    // `params["database"] = ...` filled key by key in one function.
    let mut filled: Vec<(Option<super::scopes::FuncId>, &str, TextRange, Vec<String>)> = Vec::new();
    for a in &model.assignments {
        let Expr::Subscript(sub) = a.target_expr else {
            continue;
        };
        if a.kind != AssignKind::Assign {
            continue;
        }
        let Some(key) = string_value(model, &sub.slice, None, sub.slice.start())
            .and_then(|k| k.as_literal().map(str::to_string))
        else {
            continue;
        };
        let holder = model.slice(sub.value.range());
        match filled
            .iter_mut()
            .find(|(scope, h, _, _)| *scope == a.scope && *h == holder)
        {
            Some(entry) => {
                if key == "database" {
                    entry.2 = a.stmt.range();
                }
                entry.3.push(key);
            }
            None => filled.push((a.scope, holder, a.stmt.range(), vec![key])),
        }
    }
    for (_, _, first, keys) in filled {
        // Also keys of the display the dict started as are unknown: only a
        // dict that the stores fill alone counts when it starts empty.
        if let Some((keys, sure)) = judge(keys) {
            out.push(ParamDict {
                anchor: first,
                display: None,
                keys,
                sure,
            });
        }
    }
    out
}

/// The literal keys of a dict display or `dict(k=v)` call; `None` when it is
/// neither, or when it spreads another dict (`{**base}`).
fn keys_of(model: &Model<'_>, value: &Expr) -> Option<Vec<String>> {
    match value {
        Expr::Dict(d) => {
            if d.items.iter().any(|i| i.key.is_none()) || d.items.is_empty() {
                return None;
            }
            let pairs = super::strings::dict_display_pairs(model, d);
            (pairs.len() == d.items.len()).then(|| pairs.into_iter().map(|(k, _)| k).collect())
        }
        Expr::Call(c)
            if matches!(&*c.func, Expr::Name(n) if n.id.as_str() == "dict")
                && c.arguments.args.is_empty()
                && c.arguments.keywords.iter().all(|k| k.arg.is_some()) =>
        {
            Some(
                super::strings::keyword_pairs(c)
                    .into_iter()
                    .map(|(k, _)| k)
                    .collect(),
            )
        }
        _ => None,
    }
}

/// `"timeout"` used as a key anywhere in the module: a store, a lookup, a
/// `setdefault`, a display's key. Any of them means the timeout is handled.
fn names_timeout_key(model: &Model<'_>) -> bool {
    model.text.contains("\"timeout\"") || model.text.contains("'timeout'")
}

/// `sqlite3` bound as a value: `dbapi = sqlite3`, `Database = sqlite3`, a
/// class attribute `module = sqlite3`, or `import sqlite3 as <name>` with
/// another name, `from sqlite3 import dbapi2 as Database`.
fn binds_sqlite3_module(model: &Model<'_>) -> bool {
    let aliased = model.text.contains("import sqlite3 as ")
        || model.text.contains("from sqlite3 import dbapi2");
    aliased
        || model.assignments.iter().any(|a| {
            matches!(a.value, Expr::Name(n) if n.id.as_str() == "sqlite3")
                || matches!(a.value, Expr::Attribute(at) if model.slice(at.range()) == "sqlite3.dbapi2")
        })
        || model.suite.iter().any(|s| {
            matches!(s, Stmt::ClassDef(c) if c.body.iter().any(|b| matches!(b, Stmt::Assign(a) if matches!(&*a.value, Expr::Name(n) if n.id.as_str() == "sqlite3"))))
        })
}
