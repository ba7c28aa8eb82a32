//! Whether a SQLAlchemy URL names a SQLite file, and which class attributes
//! hold such a URL (`self.url = f"sqlite+aiosqlite:///{path}"`, a settings
//! field `url: str = "sqlite:///app.db"`), so that an engine built from the
//! attribute elsewhere (another method, a base class, a store holding the
//! settings object) is known to be on SQLite, or likely so when the URL is
//! only a default a deployment may override.

use ruff_python_ast::{Expr, Stmt};
use ruff_text_size::{Ranged, TextSize};

use super::model::{Model, Target};
use super::scopes::{ClassId, FuncId};
use super::strings::string_value;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UrlKind {
    SqliteFile,
    /// Another database, or SQLite in memory.
    Other,
    /// Only known at run time.
    Unknown,
}

/// The kind of the URL string `expr` evaluates to at `at`.
pub fn url_kind<'a>(
    model: &Model<'a>,
    expr: &'a Expr,
    scope: Option<FuncId>,
    at: TextSize,
) -> UrlKind {
    let Some(value) = string_value(model, expr, scope, at) else {
        return UrlKind::Unknown;
    };
    let sketch = value.sketch();
    let Some((scheme, rest)) = sketch.split_once("://") else {
        return UrlKind::Unknown;
    };
    if !scheme.starts_with("sqlite") {
        return UrlKind::Other;
    }
    let path = rest.strip_prefix('/').unwrap_or(rest);
    if path.is_empty() || path.starts_with(":memory:") || path.contains("mode=memory") {
        return UrlKind::Other;
    }
    UrlKind::SqliteFile
}

/// The values class `class` gives attribute `attr`: `self.attr = ...` in its
/// methods and `attr = ...` in its body.
pub fn attribute_values<'m, 'a>(
    model: &'m Model<'a>,
    class: ClassId,
    attr: &str,
) -> Vec<(Option<FuncId>, &'a Expr)> {
    let mut values: Vec<(Option<FuncId>, &'a Expr)> = model
        .assignments
        .iter()
        .filter(|a| {
            matches!(&a.target, Target::SelfAttr(n) if n == attr)
                && model.scopes.enclosing_class(a.scope) == Some(class)
        })
        .map(|a| (a.scope, a.value))
        .collect();
    let def = model.scopes.classes[class].def;
    for stmt in &def.body {
        let (target, value) = match stmt {
            Stmt::Assign(a) if a.targets.len() == 1 => (&a.targets[0], Some(&*a.value)),
            Stmt::AnnAssign(a) => (&*a.target, a.value.as_deref()),
            _ => continue,
        };
        if let (Expr::Name(n), Some(value)) = (target, value) {
            if n.id.as_str() == attr {
                values.push((model.scopes.classes[class].parent, value));
            }
        }
    }
    values
}

/// The kind of URL class `class` keeps in `attr`: a SQLite file when some value
/// is one and none names another database; a placeholder `""` left for a
/// subclass to fill counts as unknown.
pub fn attribute_kind(model: &Model<'_>, class: ClassId, attr: &str) -> UrlKind {
    kind_of_values(model, class, attr, false)
}

/// [`attribute_kind`], a configuration default counting as the value
/// (`os.getenv("URL", "sqlite:///app.db")`, `Field(default=...)`).
pub fn default_kind(model: &Model<'_>, class: ClassId, attr: &str) -> UrlKind {
    kind_of_values(model, class, attr, true)
}

fn kind_of_values(model: &Model<'_>, class: ClassId, attr: &str, defaults: bool) -> UrlKind {
    let mut kind = UrlKind::Unknown;
    for (scope, value) in attribute_values(model, class, attr) {
        let value = if defaults {
            configured_default(value)
        } else {
            value
        };
        if matches!(value, Expr::StringLiteral(s) if s.value.to_str().is_empty()) {
            continue;
        }
        match url_kind(model, value, scope, value.end()) {
            UrlKind::Other => return UrlKind::Other,
            UrlKind::SqliteFile => kind = UrlKind::SqliteFile,
            UrlKind::Unknown => {}
        }
    }
    kind
}

/// Attributes of `class` that hold a SQLite file URL, or default to one (for
/// the project index).
pub fn sqlite_url_attributes(model: &Model<'_>, class: ClassId) -> Vec<String> {
    let mut names: Vec<String> = model
        .assignments
        .iter()
        .filter(|a| model.scopes.enclosing_class(a.scope) == Some(class))
        .filter_map(|a| match &a.target {
            Target::SelfAttr(n) => Some(n.clone()),
            _ => None,
        })
        .collect();
    // Settings fields: `url: str = "sqlite:///app.db"` in the class body.
    for stmt in &model.scopes.classes[class].def.body {
        let target = match stmt {
            Stmt::Assign(a) if a.targets.len() == 1 => &a.targets[0],
            Stmt::AnnAssign(a) if a.value.is_some() => &*a.target,
            _ => continue,
        };
        if let Expr::Name(n) = target {
            names.push(n.id.to_string());
        }
    }
    names.sort();
    names.dedup();
    names.retain(|n| default_kind(model, class, n) == UrlKind::SqliteFile);
    names
}

/// The value a configuration falls back to when the deployment says nothing:
/// `D` in `os.getenv(K, D)`, `os.environ.get(K, D)`, `<mapping>.get(K, D)`,
/// `<anything> or D`, pydantic's `Field(D)` / `Field(default=D)`; otherwise
/// `expr` itself.
pub fn configured_default(expr: &Expr) -> &Expr {
    match expr {
        Expr::BoolOp(b) if b.op == ruff_python_ast::BoolOp::Or => {
            b.values.last().map_or(expr, configured_default)
        }
        Expr::Call(c) => {
            let name = match &*c.func {
                Expr::Attribute(a) => a.attr.as_str(),
                Expr::Name(n) => n.id.as_str(),
                _ => return expr,
            };
            let default = match name {
                "get" | "getenv" | "setdefault" => c.arguments.args.get(1),
                "Field" => c
                    .arguments
                    .find_keyword("default")
                    .map(|k| &k.value)
                    .or_else(|| c.arguments.args.first()),
                _ => None,
            };
            default.map_or(expr, configured_default)
        }
        _ => expr,
    }
}

/// A literal `sqlite` URL on a file (not in memory).
pub fn is_sqlite_file_literal(expr: &Expr) -> bool {
    match expr {
        Expr::StringLiteral(s) => {
            let v = s.value.to_str();
            v.starts_with("sqlite") && v.contains(":///") && !v.contains(":memory:")
        }
        _ => false,
    }
}

/// Configuration defaults anywhere in the module that name a SQLite file:
/// the fallback of an environment or mapping lookup, the right side of `or`,
/// a value of a dict literal (`SETTINGS = {"db_url": "sqlite:///app.db"}`), a
/// parameter default, a class attribute or pydantic field default. The first
/// one's expression.
pub fn sqlite_file_default<'a>(model: &Model<'a>) -> Option<&'a Expr> {
    use ruff_python_ast::visitor::{self, Visitor};
    struct Defaults<'a>(Option<&'a Expr>);
    impl<'a> Visitor<'a> for Defaults<'a> {
        fn visit_stmt(&mut self, stmt: &'a Stmt) {
            if self.0.is_some() {
                return;
            }
            if let Stmt::ClassDef(class) = stmt {
                for item in &class.body {
                    let value = match item {
                        Stmt::AnnAssign(a) => a.value.as_deref(),
                        Stmt::Assign(a) => Some(&*a.value),
                        _ => None,
                    };
                    if let Some(v) = value.map(configured_default) {
                        if is_sqlite_file_literal(v) {
                            self.0 = Some(v);
                            return;
                        }
                    }
                }
            }
            if let Stmt::FunctionDef(f) = stmt {
                for p in f.parameters.iter_non_variadic_params() {
                    if let Some(v) = p.default.as_deref().map(configured_default) {
                        if is_sqlite_file_literal(v) {
                            self.0 = Some(v);
                            return;
                        }
                    }
                }
            }
            visitor::walk_stmt(self, stmt);
        }
        fn visit_expr(&mut self, expr: &'a Expr) {
            if self.0.is_some() {
                return;
            }
            let candidates: Vec<&'a Expr> = match expr {
                Expr::Dict(d) => d
                    .items
                    .iter()
                    .map(|i| configured_default(&i.value))
                    .collect(),
                Expr::BoolOp(_) | Expr::Call(_) => {
                    let d = configured_default(expr);
                    if std::ptr::eq(d, expr) {
                        Vec::new()
                    } else {
                        vec![d]
                    }
                }
                _ => Vec::new(),
            };
            if let Some(v) = candidates.into_iter().find(|v| is_sqlite_file_literal(v)) {
                self.0 = Some(v);
                return;
            }
            visitor::walk_expr(self, expr);
        }
    }
    let mut defaults = Defaults(None);
    defaults.visit_body(model.suite);
    defaults.0
}
