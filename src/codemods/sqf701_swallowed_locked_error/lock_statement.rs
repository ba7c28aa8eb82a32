//! A catch-all around a block that only reads, but runs a statement that
//! needs a lock of its own: `PRAGMA journal_mode=WAL` (on every open of the
//! file), `BEGIN IMMEDIATE` or `BEGIN EXCLUSIVE`.
//!
//! Switching a rollback-journal file to WAL needs an exclusive lock: while
//! another connection reads or writes the file it waits the busy timeout and
//! then raises "database is locked" (docs/sqlite-facts.md#F-wal-busy-order);
//! `BEGIN IMMEDIATE` waits for the write lock like a write. A handler that
//! passes or returns nothing turns that error into "no rows": the route
//! answers as if the record did not exist. Reads alone under the same handler
//! are left alone (in WAL a reader never waits, F-one-writer), and so is a
//! switch outside the try, a handler that logs the traceback or re-raises.
//! DDL is not counted here: `ALTER TABLE ... ADD COLUMN` under `except
//! OperationalError: pass` is the usual deliberate "column already exists"
//! probe.

use ruff_python_ast::{Expr, Stmt};
use ruff_text_size::TextRange;

use crate::semantic::connections;
use crate::semantic::model::{Call, Model};
use crate::semantic::scopes::FuncId;
use crate::semantic::sql::{BeginMode, SqlKind};

/// The statement text of `call` when it needs a lock although it writes no
/// row: a journal-mode change or an IMMEDIATE/EXCLUSIVE `BEGIN`.
pub fn needs_lock(model: &Model<'_>, call: &Call<'_>) -> Option<String> {
    let (kinds, _) = connections::sql_of(model, call)?;
    kinds.iter().find_map(|k| match k {
        SqlKind::Pragma(p)
            if p.name.as_deref() == Some("journal_mode")
                && (p.value.is_some() || p.value_is_hole) =>
        {
            Some(format!(
                "PRAGMA journal_mode={}",
                p.value.as_deref().unwrap_or("...").to_ascii_uppercase()
            ))
        }
        SqlKind::Begin(BeginMode::Immediate) => Some("BEGIN IMMEDIATE".to_string()),
        SqlKind::Begin(BeginMode::Exclusive) => Some("BEGIN EXCLUSIVE".to_string()),
        _ => None,
    })
}

/// A handler that gives the caller nothing in place of the result: it passes,
/// logs the message, or returns nothing (`return`, `return None`, an empty
/// list, dict or string).
pub fn returns_nothing(body: &[Stmt], logs: impl Fn(&Stmt) -> bool) -> bool {
    body.iter().all(|s| match s {
        Stmt::Pass(_) => true,
        Stmt::Return(r) => r.value.as_deref().is_none_or(|v| match v {
            Expr::NoneLiteral(_) => true,
            Expr::List(l) => l.elts.is_empty(),
            Expr::Dict(d) => d.items.is_empty(),
            Expr::Tuple(t) => t.elts.is_empty(),
            Expr::StringLiteral(s) => s.value.is_empty(),
            _ => false,
        }),
        Stmt::Expr(e) if matches!(&*e.value, Expr::EllipsisLiteral(_) | Expr::StringLiteral(_)) => {
            true
        }
        other => logs(other),
    })
}

/// The block runs a query after `lock`: a SELECT, or a fetch of rows.
pub fn reads_after(
    model: &Model<'_>,
    scope: Option<FuncId>,
    body: TextRange,
    lock: &Call<'_>,
) -> bool {
    model.calls.iter().any(|c| {
        c.scope == scope
            && !c.in_lambda
            && body.contains_range(c.range())
            && c.range().start() >= lock.range().end()
            && (matches!(c.method_name(), Some("fetchone" | "fetchall" | "fetchmany"))
                || connections::sql_of(model, c)
                    .is_some_and(|(kinds, _)| kinds.contains(&SqlKind::Read)))
    })
}
