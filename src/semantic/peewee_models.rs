//! peewee model classes and whether their database is SQLite.
//!
//! A model class queries through the database its `Meta.database` names, often
//! a module-level object made before the path is known: `db =
//! SqliteDatabase(None)` then `db.init(path)` at start-up, or `db =
//! DatabaseProxy()` then `db.initialize(SqliteDatabase(path))`. The class that
//! is constructed or handed to `initialize` is the evidence, wherever and
//! whenever the path arrives: a `SqliteDatabase(None)` is SQLite once it is
//! initialised at all, and a proxy is SQLite when the project initialises it
//! with a SQLite database. A project that also builds another database class
//! (Postgres, MySQL, a URL through `playhouse.db_url`) is not decided.
//!
//! The model classes of a module: classes deriving from `peewee.Model`, or
//! declaring `class Meta: database = ...`, and their subclasses in the module;
//! a subclass in another module is found through the project's class index.

use ruff_python_ast::{Expr, Stmt};

use super::model::{Call, Model};

/// peewee's SQLite database classes (and playhouse's).
const SQLITE_CLASSES: &[&str] = &[
    "SqliteDatabase",
    "SqliteExtDatabase",
    "CSqliteExtDatabase",
    "PooledSqliteDatabase",
    "PooledSqliteExtDatabase",
    "PooledCSqliteExtDatabase",
    "SqliteQueueDatabase",
    "APSWDatabase",
];

/// Its other database classes: a project with one of these may not be on SQLite.
const OTHER_CLASSES: &[&str] = &[
    "PostgresqlDatabase",
    "PostgresqlExtDatabase",
    "PooledPostgresqlDatabase",
    "PooledPostgresqlExtDatabase",
    "MySQLDatabase",
    "PooledMySQLDatabase",
    "MySQLConnectorDatabase",
    "CockroachDatabase",
    "PooledCockroachDatabase",
];

fn peewee_class<'c>(call: &'c Call<'_>) -> Option<&'c str> {
    let q = call.qualified()?;
    if !(q.starts_with("peewee.") || q.starts_with("playhouse.")) {
        return None;
    }
    q.rsplit('.').next()
}

/// Whether the module builds a peewee SQLite database (any path, `None` included).
pub fn builds_sqlite(model: &Model<'_>) -> bool {
    model
        .calls
        .iter()
        .any(|c| peewee_class(c).is_some_and(|n| SQLITE_CLASSES.contains(&n)))
}

/// Whether it builds another database: another class, or one from a URL
/// (`playhouse.db_url.connect(url)`) that does not spell SQLite.
pub fn builds_other(model: &Model<'_>) -> bool {
    model.calls.iter().any(|c| {
        peewee_class(c).is_some_and(|n| OTHER_CLASSES.contains(&n))
            || (matches!(c.qualified(), Some("playhouse.db_url.connect"))
                && !matches!(c.argument(0, "url"), Some(Expr::StringLiteral(s)) if s.value.to_str().starts_with("sqlite")))
    })
}

/// Whether the module uses an async peewee layer (`peewee_async`, `aiopeewee`),
/// whose managers run the queries the models build.
pub fn async_layer(model: &Model<'_>) -> bool {
    model.imports.iter().any(|i| {
        let t = i.target.as_str();
        t.starts_with("peewee_async") || t.starts_with("aiopeewee") || t.starts_with("peewee_aio")
    })
}

/// The module's top-level classes that are peewee models as far as the module
/// shows: a `peewee.Model` base, a `Meta` with `database`, or a base that is
/// one of these.
pub fn models(model: &Model<'_>) -> Vec<String> {
    let mut found: Vec<String> = Vec::new();
    // Subclasses may come before the fixed point in source order only through
    // forward references, which Python forbids for bases: one pass in order.
    for class in model.scopes.classes.iter().filter(|c| c.parent.is_none()) {
        let is_model = class.def.bases().iter().any(|b| {
            model.resolve(b, None).is_some_and(|q| {
                (q.starts_with("peewee.") || q.starts_with("playhouse.")) && q.ends_with("Model")
            }) || matches!(b, Expr::Name(n) if found.iter().any(|f| f == n.id.as_str()))
        }) || meta_database(&class.def.body);
        if is_model && !class.qualname.contains('.') {
            found.push(class.qualname.clone());
        }
    }
    found
}

/// `class Meta: database = db` in a class body.
fn meta_database(body: &[Stmt]) -> bool {
    body.iter().any(|s| match s {
        Stmt::ClassDef(meta) if meta.name.as_str() == "Meta" => meta.body.iter().any(|m| {
            matches!(m, Stmt::Assign(a) if a.targets.iter().any(|t| matches!(t, Expr::Name(n) if n.id.as_str() == "database")))
        }),
        _ => false,
    })
}
