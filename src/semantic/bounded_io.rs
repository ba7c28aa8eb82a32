//! Whether a function's own sqlite3 work is bounded: a statement or a short
//! batch, not work that grows with its input or with the database.
//!
//! A sync call on an event loop stalls it for as long as the call runs. With a
//! connection of its own and nothing else on the file, a keyed SELECT or a
//! one-row write and its commit take well under a millisecond to a millisecond
//! or two (`bench/load/loop_stall.py`, case a); what makes the stall grow is the
//! call's own work:
//!
//! - a commit (or a connect) per iteration of a loop: one journal sync per item
//!   (50 commits: tens of milliseconds, case b);
//! - a project call that does blocking I/O, made per iteration of a loop;
//! - a statement over a whole table (`SELECT ... FROM t` with no WHERE and no
//!   LIMIT, an UPDATE or DELETE with no WHERE), which grows with the table
//!   (a 100k-row read: tens of milliseconds, case c);
//! - a statement whose text the source does not show, or a connection handed
//!   to library code (`df.to_sql(name, con=conn)`): nothing bounds it;
//! - a schema change that rewrites or scans a table (ALTER, DROP, CREATE INDEX).
//!
//! A retry loop (repeating one piece of work until it succeeds) is no loop over
//! items. `executemany` over a list is one statement in one transaction.

use ruff_text_size::{Ranged, TextRange};

use super::connections;
use super::effects::is_commit;
use super::model::{Call, Model};
use super::scopes::FuncId;
use super::sql::SqlKind;

pub use super::summary_types::Unbounded;

/// Whether `call` runs once per item: in the body of a `for`/`while` loop of its
/// own function that is not a retry loop, or in a comprehension.
pub fn per_item(model: &Model<'_>, scope: FuncId, call: &Call<'_>) -> bool {
    let body = &model.scopes.function(scope).def.body;
    let in_loop = super::loops::enclosing_loops(body, call.range())
        .into_iter()
        .any(|l| !super::loops::is_retry_loop(l));
    in_loop || super::loops::in_comprehension(call.stmt, call.range())
}

/// Whether the statements of `range` (in function `scope`) sit in a loop of it
/// that is not a retry loop.
pub fn range_in_loop(model: &Model<'_>, scope: FuncId, range: TextRange) -> bool {
    let body = &model.scopes.function(scope).def.body;
    super::loops::enclosing_loops(body, range)
        .into_iter()
        .any(|l| !super::loops::is_retry_loop(l))
}

/// The first reason the sqlite3 work of the calls of `scope` (those inside
/// `within`, when given) is not bounded, or `None` when each is a statement or
/// a batch run once.
pub fn own_work(model: &Model<'_>, scope: FuncId, within: Option<TextRange>) -> Option<Unbounded> {
    for call in model.calls_in(Some(scope)) {
        if call.in_lambda || call.is_awaited() {
            continue;
        }
        if within.is_some_and(|r| !r.contains_range(call.range())) {
            continue;
        }
        if let Some(why) = unbounded_call(model, scope, call) {
            return Some(why);
        }
    }
    None
}

/// [`own_work`] of the calls inside `range` of `scope`, for statements the
/// caller knows run on a connection, whatever their receiver resolves to: an
/// imported connection's or cursor's `execute` (`from db import cursor`,
/// `db.cursor.execute(...)`) is a call of a dotted name to the model, not a
/// method call, so [`own_work`] does not read its SQL.
pub fn statements_work(model: &Model<'_>, scope: FuncId, range: TextRange) -> Option<Unbounded> {
    if let Some(why) = own_work(model, scope, Some(range)) {
        return Some(why);
    }
    model
        .calls_in(Some(scope))
        .filter(|c| !c.in_lambda && !c.is_awaited() && range.contains_range(c.range()))
        .filter(|c| c.method_name().is_none())
        .find_map(|c| dotted_statement(model, c))
}

/// The SQL of `x.execute(sql, ...)` when `x` is a dotted name the model
/// resolves (not a method call): unbounded as [`own_work`] decides.
fn dotted_statement(model: &Model<'_>, call: &Call<'_>) -> Option<Unbounded> {
    let ruff_python_ast::Expr::Attribute(attr) = &*call.expr.func else {
        return None;
    };
    if !matches!(attr.attr.as_str(), "execute" | "executemany") {
        return None;
    }
    let arg = call.argument(0, "sql")?;
    let Some(value) = super::strings::string_value(model, arg, call.scope, call.range().start())
    else {
        return Some(Unbounded::UnknownSql);
    };
    let sql = value.sketch();
    match super::sql::classify(&sql) {
        SqlKind::Unknown => Some(Unbounded::UnknownSql),
        SqlKind::Read | SqlKind::Write if whole_table(&sql) => Some(Unbounded::WholeTable),
        SqlKind::Ddl if rewrites_table(&sql) => Some(Unbounded::SchemaChange),
        _ => None,
    }
}

fn unbounded_call(model: &Model<'_>, scope: FuncId, call: &Call<'_>) -> Option<Unbounded> {
    if (connections::is_sqlite3_connect(call) || is_commit(model, call))
        && per_item(model, scope, call)
    {
        return Some(Unbounded::CommitPerItem);
    }
    if hands_connection(call) {
        return Some(Unbounded::HandedToLibrary);
    }
    let method = call.method_name()?;
    if !matches!(method, "execute" | "executemany") {
        return None;
    }
    call.argument(0, "sql")?;
    let Some((kinds, value)) = connections::sql_of(model, call) else {
        return Some(Unbounded::UnknownSql);
    };
    match kinds.as_slice() {
        [SqlKind::Unknown] => Some(Unbounded::UnknownSql),
        [SqlKind::Read | SqlKind::Write] if whole_table(&value.sketch()) => {
            Some(Unbounded::WholeTable)
        }
        [SqlKind::Ddl] if rewrites_table(&value.sketch()) => Some(Unbounded::SchemaChange),
        _ => None,
    }
}

/// `SELECT ... FROM t` with no WHERE and no LIMIT, `UPDATE t SET ...` or
/// `DELETE FROM t` with no WHERE (a hole in the text may hold anything, so it
/// does not count as either).
pub fn whole_table(sql: &str) -> bool {
    let upper = sql.to_ascii_uppercase();
    let words: Vec<&str> = upper
        .split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .filter(|w| !w.is_empty())
        .collect();
    let over_rows = words.contains(&"FROM") || words.first() == Some(&"UPDATE");
    over_rows && !words.contains(&"WHERE") && !words.contains(&"LIMIT")
}

/// Whether coroutine `scope` runs a sync write and reaches an `await` before
/// the commit, rollback or close that ends it (or the end of the sync `with`
/// block around it): its connection then holds the write lock while other
/// tasks run, and a write of theirs on another connection waits for it in the
/// busy handler, on the loop, where the holder can never resume (case d of
/// `bench/load/loop_stall.py`: the whole busy timeout, 5 s).
pub fn write_across_await(model: &Model<'_>, scope: FuncId) -> bool {
    let function = model.scopes.function(scope);
    if !function.is_async() {
        return false;
    }
    let body = &function.def.body;
    let ends: Vec<TextRange> = model
        .calls_in(Some(scope))
        .filter(|c| !c.in_lambda && !c.is_awaited())
        .filter(|c| is_commit(model, c) || matches!(c.method_name(), Some("rollback" | "close")))
        .map(|c| c.range())
        .collect();
    model
        .calls_in(Some(scope))
        .filter(|c| !c.in_lambda && !c.is_awaited())
        .filter(|c| super::effects::sql_write(model, c).is_some())
        .any(|write| {
            let after = write.range().end();
            let mut end = ends
                .iter()
                .map(|r| r.start())
                .filter(|&s| s >= after)
                .min()
                .unwrap_or(function.def.range().end());
            for stmt in super::loops::local_ancestors(body, write.range()) {
                if let ruff_python_ast::Stmt::With(with) = stmt {
                    if !with.is_async {
                        end = end.min(with.range().end());
                    }
                }
            }
            end > after && super::visit::awaits_within(body, TextRange::new(after, end))
        })
}

/// `ALTER TABLE`, `DROP ...`, `CREATE [UNIQUE] INDEX`: work over a whole table
/// (`CREATE TABLE` of a new one is not).
pub fn rewrites_table(sql: &str) -> bool {
    let upper = sql.trim_start().to_ascii_uppercase();
    let words: Vec<&str> = upper.split_whitespace().take(3).collect();
    matches!(
        words.as_slice(),
        ["ALTER", ..] | ["DROP", ..] | ["CREATE", "INDEX", ..] | ["CREATE", "UNIQUE", "INDEX"]
    )
}

/// A call that is no method of the connection but is handed one: an argument
/// named like a connection, or a `con=`/`conn=`/`connection=` keyword.
fn hands_connection(call: &Call<'_>) -> bool {
    const NAMES: &[&str] = &["conn", "con", "connection", "cnx", "db_conn"];
    let receiver_is = |name: &str| {
        matches!(&*call.expr.func, ruff_python_ast::Expr::Attribute(a)
            if matches!(&*a.value, ruff_python_ast::Expr::Name(n) if n.id.as_str() == name))
    };
    let args = &call.expr.arguments;
    args.args.iter().any(|a| {
        matches!(a, ruff_python_ast::Expr::Name(n) if NAMES.contains(&n.id.as_str()) && !receiver_is(n.id.as_str()))
    }) || args.keywords.iter().any(|k| {
        k.arg
            .as_ref()
            .is_some_and(|arg| matches!(arg.as_str(), "con" | "conn" | "connection"))
    })
}

#[cfg(test)]
mod tests {
    use super::whole_table;

    #[test]
    fn whole_tables() {
        assert!(whole_table("SELECT * FROM users"));
        assert!(whole_table(
            "select name, points from users order by points desc"
        ));
        assert!(whole_table("DELETE FROM sessions"));
        assert!(whole_table(
            "UPDATE feeds SET checked_at = CURRENT_TIMESTAMP"
        ));
        assert!(!whole_table("SELECT name FROM users WHERE id = ?"));
        assert!(!whole_table(
            "SELECT name FROM users ORDER BY points DESC LIMIT 10"
        ));
        assert!(!whole_table(
            "UPDATE users SET points = points + 1 WHERE id = ?"
        ));
        assert!(!whole_table("INSERT INTO words VALUES (?, ?)"));
        assert!(!whole_table("SELECT 1"));
        assert!(!whole_table("SELECT last_insert_rowid()"));
    }

    #[test]
    fn schema_changes() {
        use super::rewrites_table;
        assert!(rewrites_table(
            "ALTER TABLE messages ADD COLUMN guild_id INT"
        ));
        assert!(rewrites_table(
            "CREATE UNIQUE INDEX IF NOT EXISTS i ON t (a)"
        ));
        assert!(rewrites_table("DROP TABLE old"));
        assert!(!rewrites_table("CREATE TABLE IF NOT EXISTS t (a)"));
    }
}
