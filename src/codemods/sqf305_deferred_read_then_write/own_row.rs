//! A select-then-insert of the caller's own row: `SELECT ... FROM users WHERE
//! id = ?` with the caller's key, then, when nothing came back, a plain
//! `INSERT INTO users (id, ...) VALUES (?, ...)` binding that same key (a bot's
//! `/start` registering its sender).
//!
//! Not a lost update: nothing is overwritten. The only race is two calls with
//! the same key between the read and the insert (the same user twice within
//! microseconds); with a unique key the second INSERT fails loudly
//! (IntegrityError), without one it adds a duplicate row of the same content.
//! Not reported, like the existence checks of `transactions::is_existence_test`.
//!
//! Kept: `INSERT OR REPLACE` and upserts that update (they overwrite), an
//! insert carrying a value read (a copied balance), an insert whose key is not
//! the read's, and an insert decided by a count or a sum (a capacity checked
//! before a seat is taken: two callers pass one check), or by anything but
//! the row's absence.

use ruff_python_ast::Expr;
use ruff_text_size::Ranged;

use crate::codemods::Context;
use crate::semantic::connections;
use crate::semantic::effects;
use crate::semantic::transactions::{self, Flow};

/// The write inserts, if absent, the row the read looked up by the same key.
pub(super) fn inserts_own_row(
    ctx: &Context<'_, '_>,
    flow: &Flow<'_, '_>,
    read: usize,
    write: usize,
) -> bool {
    let (Some(read_call), Some(write_call)) = (flow.events[read].call, flow.events[write].call)
    else {
        return false;
    };
    let sql = |call| {
        connections::sql_of(ctx.model, call).map(|(_, text)| {
            text.sketch()
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
                .to_ascii_lowercase()
        })
    };
    let (Some(read_sql), Some(write_sql)) = (sql(read_call), sql(write_call)) else {
        return false;
    };
    // `INSERT OR IGNORE` of the same row is as harmless; a replace is not.
    let plain_insert = (write_sql.starts_with("insert into ")
        || write_sql.starts_with("insert or ignore into "))
        && !write_sql.contains("do update");
    if !plain_insert || !read_sql.starts_with("select ") || !read_sql.contains(" where ") {
        return false;
    }
    // A lookup of one row, not a count or a sum (a capacity checked before a
    // seat is inserted is a real race).
    let aggregate = [
        "count(",
        "sum(",
        "total(",
        "max(",
        "min(",
        "avg(",
        "group_concat(",
    ]
    .iter()
    .any(|f| read_sql.contains(f));
    if aggregate || !decided_by_absence(ctx, write_call.range()) {
        return false;
    }
    let Some(table) =
        effects::written_table(ctx.model, write_call).filter(|t| !t.contains('\u{0}'))
    else {
        return false;
    };
    if super::same_rows::tables_read(&read_sql) != Some(vec![table]) {
        return false;
    }
    if transactions::write_values_from_read(ctx.model, flow, read, write) {
        return false;
    }
    // Every key the read binds is bound by the insert too.
    let params = |call: &crate::semantic::model::Call<'_>| -> Option<Vec<String>> {
        let elts: Vec<&Expr> = match call.argument(1, "parameters")? {
            Expr::Tuple(t) => t.elts.iter().collect(),
            Expr::List(l) => l.elts.iter().collect(),
            _ => return None,
        };
        Some(
            elts.iter()
                .map(|e| ctx.model.slice(e.range()).to_string())
                .collect(),
        )
    };
    let (Some(keys), Some(inserted)) = (params(read_call), params(write_call)) else {
        return false;
    };
    !keys.is_empty() && keys.iter().all(|k| inserted.contains(k))
}

/// The innermost `if` around the write tests only whether the row came back
/// (`if row is None:`, `if not user:`, `if cur.fetchone() is None:`).
fn decided_by_absence(ctx: &Context<'_, '_>, write: ruff_text_size::TextRange) -> bool {
    use ruff_python_ast::{CmpOp, Stmt, UnaryOp};
    let Some(Stmt::If(stmt)) = crate::fix::codegen::ancestors(ctx.model.suite, write)
        .into_iter()
        .rev()
        .find(|s| matches!(s, Stmt::If(_)))
    else {
        return false;
    };
    let test = if stmt.body.iter().any(|s| s.range().contains_range(write)) {
        &*stmt.test
    } else {
        match stmt
            .elif_else_clauses
            .iter()
            .find(|c| c.range.contains_range(write))
            .and_then(|c| c.test.as_ref())
        {
            Some(test) => test,
            None => return false,
        }
    };
    let mut test = test;
    while let Expr::UnaryOp(u) = test {
        if u.op != UnaryOp::Not {
            return false;
        }
        test = &u.operand;
    }
    match test {
        Expr::Name(_) | Expr::Call(_) => true,
        Expr::Compare(c) => {
            c.ops
                .iter()
                .all(|op| matches!(op, CmpOp::Is | CmpOp::IsNot))
                && c.comparators.iter().all(Expr::is_none_literal_expr)
        }
        _ => false,
    }
}
