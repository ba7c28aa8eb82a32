//! A select-then-write of the caller's own row: `SELECT ... FROM users WHERE
//! id = ?` with the caller's key, then, when nothing came back, a plain
//! `INSERT INTO users (id, ...) VALUES (?, ...)` binding that same key (a bot's
//! `/start` registering its sender), and, when the row came back, an `UPDATE
//! users SET name = ?, ... WHERE id = ?` of that same row with the caller's
//! values (an upsert done by hand: `if row: UPDATE ... else: INSERT ...`).
//!
//! Not a lost update: nothing read is written back. The only race on the
//! insert is two calls with the same key between the read and the insert (the
//! same user twice within microseconds); with a unique key the second INSERT
//! fails loudly (IntegrityError), without one it adds a duplicate row of the
//! same content. Two updates of the row each write their caller's values, and
//! the last one stays, as it would one after the other. Not reported, like the
//! existence checks of `transactions::is_existence_test`. The key may be bound
//! as a parameter or built into the SQL text (`"... WHERE id = " + str(uid)`).
//!
//! Kept: `INSERT OR REPLACE` and upserts that update (they overwrite), an
//! insert or a `SET` value carrying a value read (a copied balance, a counter
//! read and written back), an insert whose key is not the read's, an insert
//! decided by a count or a sum (a capacity checked before a seat is taken: two
//! callers pass one check), or by anything but the row's presence, and a read
//! that picks a row by anything but bound keys (`WHERE status = 'pending'`,
//! `LIMIT 1`) or an update that changes what the read filtered on (a claim:
//! two workers both read the pending job and both take it).

use ruff_python_ast::{CmpOp, Expr, Stmt, UnaryOp};
use ruff_text_size::{Ranged, TextRange};

use crate::codemods::Context;
use crate::semantic::connections;
use crate::semantic::effects;
use crate::semantic::model::Call;
use crate::semantic::strings::Piece;
use crate::semantic::transactions::{self, Flow};

/// A statement's SQL, lower case, one space between words, each run-time value
/// built into the text written as `\u{0}`; with the values it binds, in the
/// order they appear (`?` parameters and the expressions built in).
struct Bound<'e> {
    sql: String,
    values: Vec<&'e Expr>,
}

fn bound<'a>(model: &crate::semantic::model::Model<'a>, call: &Call<'a>) -> Option<Bound<'a>> {
    let (_, text) = connections::sql_of(model, call)?;
    let sql = text
        .sketch()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_ascii_lowercase();
    let mut holes = text.pieces.iter().filter_map(|p| match p {
        Piece::Hole(e) => Some(*e),
        Piece::Text(_) => None,
    });
    let params: Vec<&Expr> = match call.argument(1, "parameters") {
        None => Vec::new(),
        Some(Expr::Tuple(t)) => t.elts.iter().collect(),
        Some(Expr::List(l)) => l.elts.iter().collect(),
        Some(_) => return None,
    };
    let mut params = params.into_iter();
    let mut values = Vec::new();
    for c in sql.chars() {
        match c {
            '?' => values.push(params.next()?),
            '\u{0}' => values.push(holes.next()??),
            // Named parameters (`:id`) are not followed.
            ':' => return None,
            _ => {}
        }
    }
    Some(Bound { sql, values })
}

/// The source text of each value, to compare keys across statements.
fn texts(ctx: &Context<'_, '_>, values: &[&Expr]) -> Vec<String> {
    values
        .iter()
        .map(|e| ctx.model.slice(e.range()).to_string())
        .collect()
}

/// A lookup of one row, not a count or a sum (a capacity checked before a seat
/// is inserted is a real race).
fn is_aggregate(read_sql: &str) -> bool {
    [
        "count(",
        "sum(",
        "total(",
        "max(",
        "min(",
        "avg(",
        "group_concat(",
    ]
    .iter()
    .any(|f| read_sql.contains(f))
}

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
    let (Some(read_b), Some(write_b)) = (bound(ctx.model, read_call), bound(ctx.model, write_call))
    else {
        return false;
    };
    let (read_sql, write_sql) = (&read_b.sql, &write_b.sql);
    // `INSERT OR IGNORE` of the same row is as harmless; a replace is not.
    let plain_insert = (write_sql.starts_with("insert into ")
        || write_sql.starts_with("insert or ignore into "))
        && !write_sql.contains("do update");
    if !plain_insert || !read_sql.starts_with("select ") || !read_sql.contains(" where ") {
        return false;
    }
    if is_aggregate(read_sql) || !decided_by_presence(ctx, flow, read, write, write_call.range()) {
        return false;
    }
    let Some(table) =
        effects::written_table(ctx.model, write_call).filter(|t| !t.contains('\u{0}'))
    else {
        return false;
    };
    if super::same_rows::tables_read(read_sql) != Some(vec![table]) {
        return false;
    }
    if transactions::write_values_from_read(ctx.model, flow, read, write) {
        return false;
    }
    // Every key the read binds is bound by the insert too.
    let keys = texts(ctx, &read_b.values);
    let inserted = texts(ctx, &write_b.values);
    !keys.is_empty() && keys.iter().all(|k| inserted.contains(k))
}

/// The write updates, when present, the row the read looked up by its key,
/// with values that do not come from the read: `SELECT ... WHERE k = ?` (every
/// condition a column equal to a bound key), then `UPDATE t SET a = ?, ...
/// WHERE k = ?` (the same key, or the row's id as read), its `SET` leaving the
/// read's key columns alone.
pub(super) fn updates_own_row(
    ctx: &Context<'_, '_>,
    flow: &Flow<'_, '_>,
    read: usize,
    write: usize,
) -> bool {
    let (Some(read_call), Some(write_call)) = (flow.events[read].call, flow.events[write].call)
    else {
        return false;
    };
    let (Some(read_b), Some(write_b)) = (bound(ctx.model, read_call), bound(ctx.model, write_call))
    else {
        return false;
    };
    let (read_sql, write_sql) = (&read_b.sql, &write_b.sql);
    if !read_sql.starts_with("select ") || is_aggregate(read_sql) {
        return false;
    }
    let Some(key_columns) = key_lookup(read_sql) else {
        return false;
    };
    let Some(table) =
        effects::written_table(ctx.model, write_call).filter(|t| !t.contains('\u{0}'))
    else {
        return false;
    };
    if super::same_rows::tables_read(read_sql) != Some(vec![table.clone()]) {
        return false;
    }
    // `update <table> set <assignments> where <condition>`, nothing after.
    let Some(rest) = write_sql.strip_prefix(&format!("update {table} set ")) else {
        return false;
    };
    let Some((set, condition)) = rest.split_once(" where ") else {
        return false;
    };
    let set_slots = set.chars().filter(|c| matches!(c, '?' | '\u{0}')).count();
    let assignments = split_top_level(set);
    for assignment in &assignments {
        let Some((column, value)) = assignment.split_once('=') else {
            return false;
        };
        let column = column
            .trim()
            .trim_matches(|c| matches!(c, '"' | '`' | '[' | ']'));
        let value = value.trim();
        if key_columns.iter().any(|k| k == column) {
            return false;
        }
        let settable = matches!(value, "?" | "\u{0}" | "'\u{0}'")
            || is_sql_constant(value)
            || is_sql_now(value);
        if !settable {
            return false;
        }
    }
    if condition.contains(" select ")
        || !decided_by_presence(ctx, flow, read, write, write_call.range())
    {
        return false;
    }
    let (set_values, where_values) = write_b.values.split_at(set_slots.min(write_b.values.len()));
    if transactions::exprs_from_read(ctx.model, flow, read, write, set_values) {
        return false;
    }
    // The row written is the row read: each key is one the read bound, or read.
    let keys = texts(ctx, &read_b.values);
    !keys.is_empty()
        && !where_values.is_empty()
        && where_values.iter().all(|v| {
            keys.contains(&ctx.model.slice(v.range()).to_string())
                || transactions::exprs_from_read(ctx.model, flow, read, write, &[v])
        })
}

/// The columns of a `WHERE` made only of `column = <bound value>` joined by
/// `and`, with nothing after it (no `order by`, `limit`): a lookup by key.
fn key_lookup(select_sql: &str) -> Option<Vec<String>> {
    let (_, condition) = select_sql.split_once(" where ")?;
    let condition = condition.trim().trim_end_matches(';').trim();
    let mut columns = Vec::new();
    for term in condition.split(" and ") {
        let (column, value) = term.split_once("==").or_else(|| term.split_once('='))?;
        let column = column.trim();
        let column = column.rsplit('.').next().unwrap_or(column);
        let column = column.trim_matches(|c| matches!(c, '"' | '`' | '[' | ']'));
        let value = value.trim().trim_matches('\'');
        let word = |c: char| c.is_ascii_alphanumeric() || c == '_';
        if column.is_empty() || !column.chars().all(word) || !matches!(value, "?" | "\u{0}") {
            return None;
        }
        columns.push(column.to_string());
    }
    (!columns.is_empty()).then_some(columns)
}

/// Split at commas outside parentheses.
fn split_top_level(s: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let (mut depth, mut from) = (0i32, 0);
    for (i, c) in s.char_indices() {
        match c {
            '(' => depth += 1,
            ')' => depth -= 1,
            ',' if depth == 0 => {
                out.push(&s[from..i]);
                from = i + 1;
            }
            _ => {}
        }
    }
    out.push(&s[from..]);
    out
}

/// A literal in SQL text: a number, a quoted string, NULL, TRUE/FALSE.
fn is_sql_constant(value: &str) -> bool {
    value.parse::<f64>().is_ok()
        || (value.len() >= 2
            && value.starts_with('\'')
            && value.ends_with('\'')
            && !value.contains('\u{0}'))
        || matches!(
            value,
            "null" | "true" | "false" | "current_timestamp" | "current_date" | "current_time"
        )
}

/// SQLite's current time: `datetime('now')`, `strftime('%s', 'now')`,
/// `unixepoch()`.
fn is_sql_now(value: &str) -> bool {
    let now_function = [
        "datetime(",
        "date(",
        "time(",
        "strftime(",
        "julianday(",
        "unixepoch(",
    ]
    .iter()
    .any(|f| value.starts_with(f));
    now_function
        && value.ends_with(')')
        && (value.contains("'now'") || value == "unixepoch()")
        && !value.contains('?')
        && !value.contains('\u{0}')
}

/// Every `if` around the write whose test uses the read's rows tests only
/// whether a row came back (`if row:`, `if row is None:`, `if len(rows) == 0:`),
/// whichever branch the write is in.
fn decided_by_presence(
    ctx: &Context<'_, '_>,
    flow: &Flow<'_, '_>,
    read: usize,
    write: usize,
    at: TextRange,
) -> bool {
    let from_read =
        |test: &Expr| transactions::exprs_from_read(ctx.model, flow, read, write, &[test]);
    let mut decided = false;
    for stmt in crate::fix::codegen::ancestors(ctx.model.suite, at) {
        let Stmt::If(stmt) = stmt else { continue };
        // The tests evaluated before the write's branch is taken.
        let mut tests: Vec<&Expr> = vec![&stmt.test];
        if !stmt.body.iter().any(|s| s.range().contains_range(at)) {
            for clause in &stmt.elif_else_clauses {
                if let Some(test) = &clause.test {
                    tests.push(test);
                }
                if clause.range.contains_range(at) {
                    break;
                }
            }
        }
        for test in tests {
            if !from_read(test) {
                continue;
            }
            if !is_presence_test(test) {
                return false;
            }
            decided = true;
        }
    }
    decided
}

/// `row`, `not row`, `row is None`, `cur.fetchone()`, `len(rows) == 0`.
fn is_presence_test(test: &Expr) -> bool {
    let mut test = test;
    while let Expr::UnaryOp(u) = test {
        if u.op != UnaryOp::Not {
            return false;
        }
        test = &u.operand;
    }
    match test {
        Expr::Name(_) | Expr::Call(_) => true,
        Expr::Compare(c) if c.comparators.iter().all(Expr::is_none_literal_expr) => c
            .ops
            .iter()
            .all(|op| matches!(op, CmpOp::Is | CmpOp::IsNot)),
        // `len(rows) == 0`, `len(rows) > 0`, `len(rows) >= 1`.
        Expr::Compare(c) => {
            let is_len = matches!(&*c.left, Expr::Call(call)
                if matches!(&*call.func, Expr::Name(n) if n.id.as_str() == "len")
                    && call.arguments.args.len() == 1);
            let small = |e: &Expr| {
                matches!(e, Expr::NumberLiteral(n)
                    if matches!(n.value.as_int().and_then(|i| i.as_u8()), Some(0 | 1)))
            };
            is_len
                && c.ops.len() == 1
                && !matches!(
                    c.ops[0],
                    CmpOp::Is | CmpOp::IsNot | CmpOp::In | CmpOp::NotIn
                )
                && c.comparators.iter().all(small)
        }
        _ => false,
    }
}
