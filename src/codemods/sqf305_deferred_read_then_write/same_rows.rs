//! Whether a read-then-write can lose an update at all: a lost update needs the
//! written value to rest on what the read saw *of the rows being written*.
//!
//! Two shapes where a concurrent run of the same code writes what this run
//! would have written, so nothing is overwritten with a stale value:
//!
//! - **A recompute into another table.** The read is of other tables (or of the
//!   schema catalog, which no DML writes), the write rebuilds a derived table
//!   (`DELETE` then `INSERT`, `INSERT OR REPLACE` of values computed from
//!   `messages`), or the read only picks which rows to derive or delete. Kept:
//!   a write that carries a read value into another table while the same
//!   function also writes the table it read (a star count copied into a
//!   summary row after adding a star): a concurrent run changes the source
//!   between this run's read and write, and the copy it writes is stale.
//! - **A constant written idempotently.** An `UPDATE` whose `SET` values are all
//!   constants, or an `INSERT OR REPLACE` / `INSERT OR IGNORE` / upsert whose
//!   values are all constants ("done" flags, `enabled = 0`): two runs write the
//!   same row content, whichever wins. The current time bound from Python
//!   (`last_seen = ?` with `datetime.now(...).isoformat()`) counts as one, as
//!   `CURRENT_TIMESTAMP` does in SQL: a "touch" that two runs both make leaves
//!   a current time either way.
//!
//! Everything else stays a hazard: a counter or balance read and written back,
//! a check-then-insert with a plain `INSERT` of another key (own_row.rs takes
//! the read's own key), a value bound from the arguments (`spent_by = ?`), a
//! table name built at run time (it may be the read's).

use ruff_python_ast::Expr;

use crate::codemods::Context;
use crate::semantic::connections;
use crate::semantic::effects;
use crate::semantic::transactions::{self, Flow, Op};

/// The read's rows cannot be overwritten with a stale value by this write.
pub(super) fn loses_no_update(
    ctx: &Context<'_, '_>,
    flow: &Flow<'_, '_>,
    read: usize,
    write: usize,
) -> bool {
    other_table(ctx, flow, read, write) || constant_write(ctx, flow, write)
}

/// The SQL of an event's call, lower case, one space between words.
fn sql(ctx: &Context<'_, '_>, flow: &Flow<'_, '_>, event: usize) -> Option<String> {
    connections::normalized_sql(ctx.model, flow.events[event].call?)
}

/// Tables the schema catalog is read from: no INSERT, UPDATE or DELETE writes them.
fn is_catalog(table: &str) -> bool {
    matches!(
        table,
        "sqlite_master" | "sqlite_schema" | "sqlite_temp_master" | "sqlite_temp_schema"
    ) || table.starts_with("pragma_")
}

/// Every table named after `from` or `join` in a SELECT, or `None` when one is
/// built at run time.
pub(super) fn tables_read(sql: &str) -> Option<Vec<String>> {
    let words: Vec<&str> = sql.split(' ').collect();
    let mut out: Vec<String> = Vec::new();
    for pair in words.windows(2) {
        if !matches!(pair[0], "from" | "join") {
            continue;
        }
        let name = pair[1]
            .split('(')
            .next()
            .unwrap_or_default()
            .trim_matches(|c| matches!(c, '"' | '`' | '[' | ']' | '\'' | ',' | ';' | ')'));
        if name.is_empty() {
            continue; // `FROM (SELECT ...)`: its own FROM is read next.
        }
        if name.contains('\u{0}') {
            return None;
        }
        if !out.iter().any(|t| t == name) {
            out.push(name.to_string());
        }
    }
    (!out.is_empty()).then_some(out)
}

fn other_table(ctx: &Context<'_, '_>, flow: &Flow<'_, '_>, read: usize, write: usize) -> bool {
    let Some(read_tables) = sql(ctx, flow, read).and_then(|s| tables_read(&s)) else {
        return false;
    };
    if read_tables.iter().all(|t| is_catalog(t)) {
        return true;
    }
    let Some(written) = flow.events[write]
        .call
        .and_then(|c| effects::written_table(ctx.model, c))
        .filter(|t| !t.contains('\u{0}'))
    else {
        return false;
    };
    if read_tables.contains(&written) {
        return false;
    }
    // A read value copied elsewhere while this function changes its source.
    let source_written = flow.events.iter().any(|e| {
        e.op == Op::Write
            && e.call
                .and_then(|c| effects::written_table(ctx.model, c))
                .is_some_and(|t| read_tables.contains(&t))
    });
    let carries_value = !sql(ctx, flow, write).is_some_and(|s| s.starts_with("delete "))
        && transactions::write_values_from_read(ctx.model, flow, read, write);
    !(source_written && carries_value)
}

/// An UPDATE setting constants, or a replacing/ignoring INSERT of constants.
fn constant_write(ctx: &Context<'_, '_>, flow: &Flow<'_, '_>, write: usize) -> bool {
    let Some(call) = flow.events[write].call else {
        return false;
    };
    let Some(sql) = sql(ctx, flow, write) else {
        return false;
    };
    let params: Option<Vec<&Expr>> = match call.argument(1, "parameters") {
        None => Some(Vec::new()),
        Some(Expr::Tuple(t)) => Some(t.elts.iter().collect()),
        Some(Expr::List(l)) => Some(l.elts.iter().collect()),
        Some(_) => None,
    };
    let Some(params) = params else {
        return false;
    };
    let literal = |e: &Expr| {
        matches!(
            e,
            Expr::StringLiteral(_)
                | Expr::NumberLiteral(_)
                | Expr::BooleanLiteral(_)
                | Expr::NoneLiteral(_)
        )
    };
    if sql.contains('\u{0}') || sql.contains(':') || sql.contains(" select ") {
        return false;
    }
    if let Some(rest) = sql.strip_prefix("update ") {
        let Some(set) = rest.split(" set ").nth(1) else {
            return false;
        };
        let set = set.split(" where ").next().unwrap_or_default();
        let mut bound = 0;
        for assignment in set.split(',') {
            let Some((_, value)) = assignment.split_once('=') else {
                return false;
            };
            let value = value.trim();
            if value == "?" {
                bound += 1;
            } else if !is_sql_constant(value) {
                return false;
            }
        }
        let scope = call.scope;
        return params.len() >= bound
            && params[..bound]
                .iter()
                .all(|e| literal(e) || is_current_time(ctx, scope, e, 0));
    }
    let replaces = sql.starts_with("insert or replace ")
        || sql.starts_with("replace into ")
        || sql.starts_with("insert or ignore ")
        || (sql.starts_with("insert into ") && sql.contains(" on conflict"));
    replaces && sql.contains(" values") && params.iter().all(|e| literal(e))
}

/// Python's current time: `datetime.now(tz)`, `datetime.utcnow()`, `time.time()`,
/// formatted (`.isoformat()`, `.strftime(...)`, `.timestamp()`, `int(...)`,
/// `str(...)`), directly or through a local assigned once from one.
fn is_current_time(
    ctx: &Context<'_, '_>,
    scope: Option<crate::semantic::scopes::FuncId>,
    expr: &Expr,
    depth: usize,
) -> bool {
    const CLOCKS: &[&str] = &[
        "datetime.datetime.now",
        "datetime.datetime.utcnow",
        "datetime.datetime.today",
        "datetime.date.today",
        "time.time",
        "time.time_ns",
    ];
    let model = ctx.model;
    if depth > 3 {
        return false;
    }
    match expr {
        Expr::Call(call) => {
            if model
                .resolve(&call.func, scope)
                .is_some_and(|q| CLOCKS.contains(&q.as_str()))
            {
                return true;
            }
            match &*call.func {
                Expr::Attribute(a)
                    if matches!(a.attr.as_str(), "isoformat" | "strftime" | "timestamp") =>
                {
                    is_current_time(ctx, scope, &a.value, depth + 1)
                }
                Expr::Name(n) if matches!(n.id.as_str(), "int" | "str" | "float") => call
                    .arguments
                    .args
                    .first()
                    .is_some_and(|a| is_current_time(ctx, scope, a, depth + 1)),
                _ => false,
            }
        }
        Expr::Name(n) => {
            let found = model.assignments_of(scope, n.id.as_str());
            matches!(found[..], [a] if a.scope == scope
                && is_current_time(ctx, scope, a.value, depth + 1))
        }
        _ => false,
    }
}

/// A literal in SQL text: a number, a quoted string, NULL, TRUE/FALSE, or the
/// current time.
fn is_sql_constant(value: &str) -> bool {
    value.parse::<f64>().is_ok()
        || (value.len() >= 2 && value.starts_with('\'') && value.ends_with('\''))
        || matches!(
            value,
            "null" | "true" | "false" | "current_timestamp" | "current_date" | "current_time"
        )
}

#[cfg(test)]
mod tests {
    use super::tables_read;

    #[test]
    fn tables_named_after_from_and_join() {
        assert_eq!(
            tables_read("select u.id from user u join notification n on u.id = n.user_id"),
            Some(vec!["user".to_string(), "notification".to_string()])
        );
        assert_eq!(
            tables_read("select name from (select sender as name from messages)"),
            Some(vec!["messages".to_string()])
        );
        assert_eq!(tables_read("select rowid from \u{0}"), None);
        assert_eq!(tables_read("select 1"), None);
    }
}
