//! Whether a SQLAlchemy URL names a SQLite file, and which class attributes
//! hold such a URL (`self.url = f"sqlite+aiosqlite:///{path}"`), so that an
//! engine built from the attribute elsewhere (another method, a base class)
//! is known to be on SQLite.

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
    let mut kind = UrlKind::Unknown;
    for (scope, value) in attribute_values(model, class, attr) {
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

/// Attributes of `class` that hold a SQLite file URL (for the project index).
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
    names.sort();
    names.dedup();
    names.retain(|n| attribute_kind(model, class, n) == UrlKind::SqliteFile);
    names
}
