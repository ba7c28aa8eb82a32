//! Statements that cannot be SQLite's: an `execute` on a cursor or connection
//! another database's driver opened (psycopg2, PyMySQL, ...), or one whose SQL
//! uses `%s`/`%(name)s` placeholders with parameters. Python's sqlite3 accepts
//! only `?` and `:name`/`$name` placeholders: `%s` is a syntax error there, so
//! code that passes parameters to such a statement runs it on another engine.
//!
//! Projects that talk to PostgreSQL or MySQL beside SQLite (or instead of it)
//! otherwise have their `cur.execute("UPDATE ...")` taken for SQLite writes, and
//! SQLite's locking hazards ("database is locked", busy timeouts) reported on a
//! server database that has none of them. Decided per statement, from its own
//! connection: the project's other, real SQLite connections are unaffected.

use ruff_python_ast::Expr;

use super::model::{Call, Model};

/// Drivers of database servers (and non-SQLite embedded engines), by dotted
/// prefix of what their `connect` resolves to.
const FOREIGN_DRIVERS: &[&str] = &[
    "psycopg2",
    "psycopg",
    "psycopg_pool",
    "pg8000",
    "pymysql",
    "MySQLdb",
    "mysql.connector",
    "mariadb",
    "cx_Oracle",
    "oracledb",
    "pyodbc",
    "pymssql",
    "duckdb",
    "snowflake.connector",
    "clickhouse_driver",
    "asyncpg",
    "aiomysql",
    "aiopg",
];

/// Whether the dotted import target is (part of) another engine's driver.
pub fn is_foreign_driver(target: &str) -> bool {
    FOREIGN_DRIVERS.iter().any(|p| matches_prefix(target, p))
}

fn matches_prefix(target: &str, prefix: &str) -> bool {
    target == prefix
        || target
            .strip_prefix(prefix)
            .is_some_and(|rest| rest.starts_with('.'))
}

/// Whether the `execute`-like `call`, running `sql` (its sketch), cannot be a
/// statement on SQLite: its receiver was opened by another engine's driver, or
/// its SQL has placeholders sqlite3 rejects and it passes parameters.
pub fn not_sqlite(model: &Model<'_>, call: &Call<'_>, sql: &str) -> bool {
    foreign_placeholders(call, sql) || foreign_driver(model, call).is_some()
}

/// `%s` or `%(name)s` in a statement run with parameters: the "format" and
/// "pyformat" paramstyles of psycopg and the MySQL drivers.
fn foreign_placeholders(call: &Call<'_>, sql: &str) -> bool {
    let has_parameters = call.expr.arguments.args.len() >= 2
        || ["parameters", "params", "vars", "args"]
            .iter()
            .any(|k| call.keyword(k).is_some());
    has_parameters && (sql.contains("%s") || sql.contains("%("))
}

/// The driver that opened the receiver of `call`, when the module shows it:
/// `cur = conn.cursor()` after `conn = psycopg2.connect(...)`, in the function
/// or at module level.
pub fn foreign_driver(model: &Model<'_>, call: &Call<'_>) -> Option<&'static str> {
    let Expr::Attribute(attr) = &*call.expr.func else {
        return None;
    };
    opened_by(model, call, &attr.value, 0)
}

fn opened_by(
    model: &Model<'_>,
    call: &Call<'_>,
    expr: &Expr,
    depth: usize,
) -> Option<&'static str> {
    if depth > 3 {
        return None;
    }
    match expr {
        Expr::Name(n) => {
            let name = n.id.as_str();
            let assigned = model
                .last_assignment(call.scope, name, call.range().start())
                .map(|a| a.value)
                .or_else(|| {
                    let all = model.assignments_of(call.scope, name);
                    // A name bound once (a module-level connection) names one opener.
                    (all.len() == 1).then(|| all[0].value)
                })?;
            opened_by(model, call, assigned, depth + 1)
        }
        // `self.client.execute(...)` after `self.client = duckdb.connect(...)`:
        // an attribute every assignment of which opens the same foreign driver.
        Expr::Attribute(a) if matches!(&*a.value, Expr::Name(n) if n.id.as_str() == "self") => {
            let mut found = None;
            for assigned in model.self_attr_assignments(a.attr.as_str()) {
                if assigned.value.is_none_literal_expr() {
                    continue;
                }
                let driver = opened_by(model, call, assigned.value, depth + 1)?;
                if found.is_some_and(|f| f != driver) {
                    return None;
                }
                found = Some(driver);
            }
            found
        }
        Expr::Call(c) => {
            if let Expr::Attribute(inner) = &*c.func
                && matches!(inner.attr.as_str(), "cursor" | "getconn" | "connection")
                && let Some(found) = opened_by(model, call, &inner.value, depth + 1)
            {
                return Some(found);
            }
            let resolved = model.resolve(&c.func, call.scope)?;
            FOREIGN_DRIVERS
                .iter()
                .copied()
                .find(|p| matches_prefix(&resolved, p))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::matches_prefix;

    #[test]
    fn drivers_match_whole_names() {
        assert!(matches_prefix("psycopg2.connect", "psycopg2"));
        assert!(matches_prefix("psycopg.connect", "psycopg"));
        assert!(!matches_prefix("psycopg2.connect", "psycopg"));
        assert!(matches_prefix("mysql.connector.connect", "mysql.connector"));
    }
}
