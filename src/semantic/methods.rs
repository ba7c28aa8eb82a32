//! The method a call invokes on a value, told apart from a function of a library
//! the call names through its module (`sqlite3.connect`, `asyncio.run`).

use ruff_python_ast::Expr;

use super::model::{Call, Callee};

/// The method a call invokes: `conn.execute(...)` → `execute`, also when `conn`
/// is imported from another module (`from db import conn`), which the model
/// resolves to a dotted name rather than a method call.
pub fn method<'a>(call: &Call<'a>) -> Option<&'a str> {
    let Expr::Attribute(attr) = &*call.expr.func else {
        return None;
    };
    match &call.callee {
        Callee::Method { .. } | Callee::SelfMethod(_) => Some(attr.attr.as_str()),
        Callee::Qualified(q) => {
            let root = q.trim_start_matches('.').split('.').next().unwrap_or("");
            // `sqlite3.connect` is a function of a library, not a method of a value.
            (q.starts_with('.') || !is_external(root)).then_some(attr.attr.as_str())
        }
        _ => None,
    }
}

/// Modules whose names are libraries, never project code or a project value.
pub fn is_external(root: &str) -> bool {
    matches!(
        root,
        "builtins"
            | "sqlite3"
            | "aiosqlite"
            | "asyncio"
            | "json"
            | "os"
            | "sys"
            | "time"
            | "threading"
            | "functools"
            | "concurrent"
            | "multiprocessing"
            | "logging"
            | "print"
    )
}
