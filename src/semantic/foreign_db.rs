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

use ruff_text_size::{Ranged, TextSize};

use super::model::{Assignment, Call, Model};
use super::scopes::FuncId;

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
/// or at module level; an attribute of `self` every assignment of which opens
/// it; a helper of the module every return of which does.
pub fn foreign_driver(model: &Model<'_>, call: &Call<'_>) -> Option<&'static str> {
    let Expr::Attribute(attr) = &*call.expr.func else {
        return None;
    };
    opened_by(model, call.scope, call.range().start(), &attr.value, 0)
}

/// The foreign driver that opened the value `expr` stands for, read in `scope`
/// just before `at`.
fn opened_by(
    model: &Model<'_>,
    scope: Option<FuncId>,
    at: TextSize,
    expr: &Expr,
    depth: usize,
) -> Option<&'static str> {
    // A cursor of an attribute set from a helper's return is five steps from
    // the driver's `connect`.
    if depth > 6 {
        return None;
    }
    match expr {
        Expr::Name(n) => {
            let name = n.id.as_str();
            let assigned = model.last_assignment(scope, name, at).or_else(|| {
                let all = model.assignments_of(scope, name);
                // A name bound once (a module-level connection) names one opener.
                (all.len() == 1).then(|| all[0])
            })?;
            opened_at_assignment(model, assigned, depth + 1)
        }
        // `self.client.execute(...)` after `self.client = duckdb.connect(...)`
        // or `self.client = self.init()`: an attribute whose every assignment
        // opens the same foreign driver.
        Expr::Attribute(a) if matches!(&*a.value, Expr::Name(n) if n.id.as_str() == "self") => {
            one_driver(
                model
                    .self_attr_assignments(a.attr.as_str())
                    .filter(|assigned| !assigned.value.is_none_literal_expr())
                    .map(|assigned| opened_at_assignment(model, assigned, depth + 1)),
            )
        }
        Expr::Call(c) => {
            if let Expr::Attribute(inner) = &*c.func
                && matches!(inner.attr.as_str(), "cursor" | "getconn" | "connection")
                && let Some(found) = opened_by(model, scope, at, &inner.value, depth + 1)
            {
                return Some(found);
            }
            if let Some(resolved) = model.resolve(&c.func, scope)
                && let Some(found) = FOREIGN_DRIVERS
                    .iter()
                    .copied()
                    .find(|p| matches_prefix(&resolved, p))
            {
                return Some(found);
            }
            // A helper of the module (`self.init()`, `open_client()`) whose
            // every return is such a connection.
            let helper = model.scopes.function_named(scope, &c.func)?;
            let def = model.scopes.functions[helper].def;
            let mut returned = Vec::new();
            super::visit::returned_values(&def.body, &mut returned);
            one_driver(
                returned
                    .into_iter()
                    .filter(|value| !value.is_none_literal_expr())
                    .map(|value| opened_by(model, Some(helper), value.start(), value, depth + 1)),
            )
        }
        _ => None,
    }
}

/// The foreign driver that opened the value an assignment binds, read where
/// the assignment stands.
fn opened_at_assignment(
    model: &Model<'_>,
    assigned: &Assignment<'_>,
    depth: usize,
) -> Option<&'static str> {
    opened_by(
        model,
        assigned.scope,
        assigned.stmt.start(),
        assigned.value,
        depth,
    )
}

/// The driver every one of `drivers` names, when there is at least one and
/// none is unknown or different.
fn one_driver(drivers: impl Iterator<Item = Option<&'static str>>) -> Option<&'static str> {
    let mut found = None;
    for driver in drivers {
        let driver = driver?;
        if found.is_some_and(|f| f != driver) {
            return None;
        }
        found = Some(driver);
    }
    found
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
