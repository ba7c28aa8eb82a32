//! Which database file each connection or engine opens, as far as the source
//! names it: the file name of a literal path or URL, or the constant that holds it.
//! Two sites name the same database when their identities are equal.

use ruff_python_ast::visitor::{self, Visitor};
use ruff_python_ast::{Expr, Operator, Stmt};
use ruff_text_size::{Ranged, TextRange};

use super::model::{Call, Model};
use super::scopes::FuncId;
use super::strings::{Piece, string_value};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum DbDriver {
    Sqlite3,
    Aiosqlite,
    SqlAlchemy,
}

impl DbDriver {
    pub fn label(self) -> &'static str {
        match self {
            DbDriver::Sqlite3 => "sqlite3",
            DbDriver::Aiosqlite => "aiosqlite",
            DbDriver::SqlAlchemy => "SQLAlchemy",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DbOpen {
    pub driver: DbDriver,
    /// `file:app.db` for a literal file name, `name:DB_PATH` for the constant or
    /// attribute that holds the path.
    pub identity: String,
    pub line: usize,
}

/// Every site of the module that opens a database file it names.
pub fn opens<'m, 'a>(model: &'m Model<'a>) -> Vec<(DbOpen, &'m Call<'a>)> {
    let mut out = Vec::new();
    for call in &model.calls {
        let (driver, arg) = match call.qualified() {
            Some("sqlite3.connect" | "sqlite3.dbapi2.connect") => {
                (DbDriver::Sqlite3, call.argument(0, "database"))
            }
            Some("aiosqlite.connect" | "aiosqlite.core.connect") => {
                (DbDriver::Aiosqlite, call.argument(0, "database"))
            }
            Some(q)
                if q.starts_with("sqlalchemy")
                    && (q.ends_with(".create_engine") || q.ends_with(".create_async_engine")) =>
            {
                (DbDriver::SqlAlchemy, call.argument(0, "url"))
            }
            _ => continue,
        };
        let Some(arg) = arg else {
            continue;
        };
        let is_url = driver == DbDriver::SqlAlchemy;
        let Some(identity) = identity(model, call.scope, arg, is_url, 0) else {
            continue;
        };
        let line = model.line_column(call.range().start()).0;
        out.push((
            DbOpen {
                driver,
                identity,
                line,
            },
            call,
        ));
    }
    out
}

fn identity(
    model: &Model<'_>,
    scope: Option<FuncId>,
    expr: &Expr,
    is_url: bool,
    depth: usize,
) -> Option<String> {
    if depth > 4 {
        return None;
    }
    match expr {
        // os.path.join(DATA_DIR, "app.db"), str(path), Path(p)
        Expr::Call(call) => {
            let callee = model.resolve(&call.func, scope).unwrap_or_default();
            let args = &call.arguments.args;
            match callee.as_str() {
                "os.path.join" | "pathlib.Path" | "pathlib.PurePath" => {
                    identity(model, scope, args.last()?, is_url, depth + 1)
                }
                "builtins.str" | "os.fspath" | "os.path.abspath" | "os.path.realpath" => {
                    identity(model, scope, args.first()?, is_url, depth + 1)
                }
                _ if matches!(&*call.func, Expr::Name(n) if n.id.as_str() == "str") => {
                    identity(model, scope, args.first()?, is_url, depth + 1)
                }
                _ => None,
            }
        }
        // BASE_DIR / "app.db"
        Expr::BinOp(bin) if bin.op == Operator::Div => {
            identity(model, scope, &bin.right, is_url, depth + 1)
        }
        Expr::Name(name) => {
            if let Some(value) = literal_identity(model, scope, expr, is_url) {
                return Some(value);
            }
            // A parameter with a default: the default names the database.
            if let Some(id) = scope {
                let def = model.scopes.function(id).def;
                if let Some(p) = def
                    .parameters
                    .iter_non_variadic_params()
                    .find(|p| p.parameter.name.as_str() == name.id.as_str())
                {
                    return p
                        .default()
                        .and_then(|d| identity(model, None, d, is_url, depth + 1));
                }
            }
            let assigned = model.assignments_of(scope, name.id.as_str());
            match assigned.last() {
                Some(a) if a.kind == super::model::AssignKind::Assign => {
                    identity(model, a.scope, a.value, is_url, depth + 1)
                        .or_else(|| Some(format!("name:{}", name.id)))
                }
                Some(_) => None,
                // Imported: `from config import DB_PATH`.
                None => model
                    .imports
                    .lookup(name.id.as_str(), scope, &model.scopes)
                    .map(|i| format!("name:{}", i.target.rsplit('.').next().unwrap_or(&i.target))),
            }
        }
        Expr::Attribute(attr) => Some(format!("name:{}", attr.attr)),
        _ => literal_identity(model, scope, expr, is_url),
    }
}

/// The database file a string value names: its last path component.
fn literal_identity(
    model: &Model<'_>,
    scope: Option<FuncId>,
    expr: &Expr,
    is_url: bool,
) -> Option<String> {
    let value = string_value(model, expr, scope, expr.start())?;
    let mut pieces = value.pieces.clone();
    if is_url {
        // sqlite:///./app.db, sqlite+aiosqlite:///{path}
        let Some(Piece::Text(first)) = pieces.first_mut() else {
            return None;
        };
        let rest = first.split_once(":///")?.1.to_string();
        if !first.starts_with("sqlite") {
            return None;
        }
        *first = rest;
    }
    match pieces.last()? {
        Piece::Text(tail) => {
            let tail = tail.split('?').next().unwrap_or(tail);
            let name = tail.rsplit(['/', '\\']).next().unwrap_or(tail);
            if name.is_empty() || name == ":memory:" || tail.contains("mode=memory") {
                return None;
            }
            // A hole before the file name is only a directory.
            if pieces.len() > 1 && !tail.contains(['/', '\\']) {
                return None;
            }
            Some(format!("file:{name}"))
        }
        Piece::Hole(Some(hole))
            if pieces.len() == 1
                || pieces.iter().all(|p| {
                    matches!(p, Piece::Text(t) if t.is_empty()) || matches!(p, Piece::Hole(_))
                }) =>
        {
            identity(model, scope, hole, false, 1)
        }
        Piece::Hole(_) => None,
    }
}

/// Module-level constants that name a database file: `DB_PATH = "data/app.db"`
/// → `("DB_PATH", "file:app.db")`, so another module's `DB_PATH` can be matched.
pub fn path_constants(model: &Model<'_>) -> Vec<(String, String)> {
    model
        .assignments
        .iter()
        .filter(|a| a.scope.is_none() && a.kind == super::model::AssignKind::Assign)
        .filter_map(|a| {
            let super::model::Target::Name(name) = &a.target else {
                return None;
            };
            let id = literal_identity(model, None, a.value, false)?;
            let looks_like_db = [".db", ".sqlite", ".sqlite3", ".db3"]
                .iter()
                .any(|ext| id.ends_with(ext));
            (id.starts_with("file:") && looks_like_db).then(|| (name.clone(), id))
        })
        .collect()
}

/// The identity of a site after following constants named elsewhere.
pub fn resolve_identity<'i>(identity: &'i str, constants: &'i [(String, String)]) -> &'i str {
    match identity.strip_prefix("name:") {
        Some(name) => constants
            .iter()
            .find(|(n, _)| n == name)
            .map_or(identity, |(_, id)| id.as_str()),
        None => identity,
    }
}

/// Whether the module runs `PRAGMA integrity_check`/`quick_check`, or handles a
/// malformed database by its message.
pub fn checks_integrity(model: &Model<'_>) -> bool {
    // Docstrings (and other bare string statements) run nothing: a module that
    // only documents "TODO: run PRAGMA quick_check" does not check anything.
    struct BareStrings(Vec<TextRange>);
    impl<'a> Visitor<'a> for BareStrings {
        fn visit_stmt(&mut self, stmt: &'a Stmt) {
            if let Stmt::Expr(e) = stmt {
                if matches!(&*e.value, Expr::StringLiteral(_) | Expr::FString(_)) {
                    self.0.push(e.range());
                }
            }
            visitor::walk_stmt(self, stmt);
        }
    }
    let mut bare = BareStrings(Vec::new());
    bare.visit_body(model.suite);
    model.tokens.iter().any(|t| {
        matches!(
            t.kind(),
            ruff_python_ast::token::TokenKind::String
                | ruff_python_ast::token::TokenKind::FStringMiddle
        ) && !bare.0.iter().any(|r| r.contains_range(t.range()))
            && {
                let text = model.text[t.range()].to_ascii_lowercase();
                text.contains("integrity_check")
                    || text.contains("quick_check")
                    || text.contains("malformed")
            }
    })
}
