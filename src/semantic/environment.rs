//! What the project's code says about its SQLite environment, with evidence: the
//! audit report's "Environment & Assumptions" (journal mode, pooling, async driver,
//! isolation level and autocommit, busy timeout, locking mode) and the database
//! paths it opens.

use ruff_python_ast::Expr;
use ruff_text_size::Ranged;
use serde::Serialize;

use super::connections::{self, Driver, Holder};
use super::model::Model;
use super::project::ProjectView;
use super::strings::string_value;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub enum Aspect {
    JournalMode,
    Pooling,
    AsyncDriver,
    Isolation,
    BusyTimeout,
    LockingMode,
    Synchronous,
    DatabasePath,
}

/// One thing the code shows, and where.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Observation {
    pub aspect: Aspect,
    pub value: String,
    pub file: String,
    pub line: usize,
}

pub fn observe(model: &Model<'_>, view: &ProjectView<'_>) -> Vec<Observation> {
    let file = crate::diff::display_path(model.path);
    let mut out = Vec::new();
    let mut add = |aspect: Aspect, value: String, offset: ruff_text_size::TextSize| {
        out.push(Observation {
            aspect,
            value,
            file: file.clone(),
            line: model.line_column(offset).0,
        });
    };
    for call in &model.calls {
        let pragmas = connections::pragmas_run(model, &[call]);
        for (name, value) in &pragmas.set {
            let value = value
                .clone()
                .unwrap_or_else(|| "(set at run time)".to_string());
            let aspect = match name.as_str() {
                "journal_mode" => Aspect::JournalMode,
                "busy_timeout" => Aspect::BusyTimeout,
                "locking_mode" => Aspect::LockingMode,
                "synchronous" => Aspect::Synchronous,
                _ => continue,
            };
            add(
                aspect,
                format!("PRAGMA {name}={value}"),
                call.range().start(),
            );
        }
    }
    for site in connections::sites(model, view) {
        let at = site.call.range().start();
        let driver = match &site.driver {
            Driver::Sqlite3 => "sqlite3".to_string(),
            Driver::Aiosqlite => "aiosqlite".to_string(),
            Driver::Factory(name) => format!("factory {name}()"),
            Driver::Wrapper(label) => (*label).to_string(),
        };
        if matches!(site.driver, Driver::Factory(_)) {
            continue;
        }
        let pooling = match &site.holder {
            Holder::Global(name) => {
                format!("{driver}: one module-level connection `{name}` (singleton)")
            }
            Holder::SelfAttr(attr) => format!("{driver}: long-lived connection on `self.{attr}`"),
            Holder::Returned => format!("{driver}: a factory returns a new connection per call"),
            Holder::Local(_) | Holder::WithItem { .. } => {
                format!("{driver}: a new connection per call (no pool)")
            }
            _ => format!("{driver}: a connection created inline"),
        };
        add(Aspect::Pooling, pooling, at);
        if site.driver == Driver::Aiosqlite {
            add(Aspect::AsyncDriver, "aiosqlite".to_string(), at);
        } else if site
            .scope()
            .is_some_and(|s| model.scopes.function(s).is_async())
        {
            add(
                Aspect::AsyncDriver,
                "sqlite3 called from async def".to_string(),
                at,
            );
        } else {
            add(Aspect::AsyncDriver, "sqlite3 (sync)".to_string(), at);
        }
        match site.call.argument(1, "timeout") {
            Some(timeout) => add(
                Aspect::BusyTimeout,
                format!("timeout={}", model.slice(timeout.range())),
                at,
            ),
            None if !site.call.has_star_args() => add(
                Aspect::BusyTimeout,
                "default timeout (5 s, docs/sqlite-facts.md#F-busy-default)".to_string(),
                at,
            ),
            None => {}
        }
        if let Some(level) = site.call.keyword("isolation_level") {
            add(
                Aspect::Isolation,
                format!("isolation_level={}", model.slice(level.range())),
                at,
            );
        }
        if let Some(autocommit) = site.call.keyword("autocommit") {
            add(
                Aspect::Isolation,
                format!("autocommit={}", model.slice(autocommit.range())),
                at,
            );
        }
        if let Some(database) = site.call.argument(0, "database") {
            if let Some(value) = string_value(model, database, site.scope(), at) {
                if let Some(path) = value.as_literal() {
                    if !path.is_empty() && path != ":memory:" {
                        add(Aspect::DatabasePath, path.to_string(), at);
                    }
                }
            } else if let Expr::Name(name) = database {
                add(
                    Aspect::DatabasePath,
                    format!("`{}` (computed at run time)", name.id),
                    at,
                );
            } else {
                add(
                    Aspect::DatabasePath,
                    format!("`{}` (computed at run time)", model.slice(database.range())),
                    at,
                );
            }
        }
    }
    // A constant that names the database file: DB_PATH = "app.db",
    // Path(DATA) / "app.db", os.environ.get("APP_DB", "app.db").
    for assignment in model.assignments.iter().filter(|a| a.scope.is_none()) {
        let crate::semantic::model::Target::Name(name) = &assignment.target else {
            continue;
        };
        let upper = name.to_ascii_uppercase();
        if !(upper.contains("DB") || upper.contains("DATABASE") || upper.contains("SQLITE")) {
            continue;
        }
        let Some(path) = path_value(model, assignment.value, 0) else {
            continue;
        };
        if is_db_file(&path.text) {
            let value = match &path.env {
                Some(var) => format!("{} (`{name}`; ${var} overrides)", path.text),
                None => format!("{} (`{name}`)", path.text),
            };
            add(Aspect::DatabasePath, value, assignment.stmt.start());
        }
    }
    out
}

fn is_db_file(text: &str) -> bool {
    [".db", ".sqlite", ".sqlite3", ".db3"]
        .iter()
        .any(|ext| text.ends_with(ext))
}

/// A path the source spells out, with the environment variable that can replace it.
struct PathValue {
    text: String,
    env: Option<String>,
}

/// Evaluates the usual ways a path is built: literals, `Path(..)`, `/`,
/// `os.path.join`, `str(..)`, `os.environ.get(VAR, default)`, module constants.
fn path_value(model: &Model<'_>, expr: &Expr, depth: usize) -> Option<PathValue> {
    if depth > 6 {
        return None;
    }
    let join = |a: PathValue, b: PathValue| PathValue {
        text: if a.text.is_empty() || b.text.starts_with('/') {
            b.text
        } else {
            format!("{}/{}", a.text.trim_end_matches('/'), b.text)
        },
        env: a.env.or(b.env),
    };
    match expr {
        Expr::StringLiteral(s) => Some(PathValue {
            text: s.value.to_str().to_string(),
            env: None,
        }),
        Expr::BinOp(bin) if bin.op == ruff_python_ast::Operator::Div => Some(join(
            path_value(model, &bin.left, depth + 1)?,
            path_value(model, &bin.right, depth + 1)?,
        )),
        Expr::Call(call) => {
            let callee = model.resolve(&call.func, None).unwrap_or_default();
            let args = &call.arguments.args;
            match callee.as_str() {
                "os.environ.get" | "os.getenv" => {
                    let var = args.first().and_then(|a| match a {
                        Expr::StringLiteral(s) => Some(s.value.to_str().to_string()),
                        _ => None,
                    });
                    let mut default = path_value(model, args.get(1)?, depth + 1)?;
                    default.env = var.or(default.env);
                    Some(default)
                }
                "os.path.join" => args
                    .iter()
                    .map(|a| path_value(model, a, depth + 1))
                    .collect::<Option<Vec<_>>>()?
                    .into_iter()
                    .reduce(join),
                "pathlib.Path" | "pathlib.PurePath" | "os.fspath" | "os.path.abspath" => {
                    path_value(model, args.first()?, depth + 1)
                }
                _ if matches!(&*call.func, Expr::Name(n) if n.id.as_str() == "str") => {
                    path_value(model, args.first()?, depth + 1)
                }
                _ => None,
            }
        }
        Expr::Name(name) => {
            let assignment = model
                .assignments_of(None, name.id.as_str())
                .into_iter()
                .next_back()?;
            path_value(model, assignment.value, depth + 1)
        }
        _ => None,
    }
}
