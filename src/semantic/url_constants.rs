//! Database URLs kept as module constants and read from another module:
//! `DATABASE_URL = "sqlite:///radar.db"` (or `os.environ.get("DB", "sqlite:///...")`)
//! in `settings.py`, then `create_engine(settings.DATABASE_URL)` or
//! `from settings import DATABASE_URL` elsewhere; a config class's attribute
//! (`Config.SQLALCHEMY_URL`) the same way. A literal is the URL; a
//! configuration default is only likely the URL, since a deployment may set
//! another.

use ruff_python_ast::Expr;
use ruff_text_size::Ranged;

use super::model::{Model, Target};
use super::project::ProjectIndex;
use super::sqlite_urls::{UrlKind, configured_default, url_kind};

/// What a module constant says about the database it names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConstUrl {
    /// A SQLite file, written as the value.
    Sqlite,
    /// A SQLite file, as the default of a configuration lookup.
    SqliteDefault,
    /// Another database, or SQLite in memory.
    Other,
}

/// The module-level names of `model` bound to a database URL whose kind is known.
pub fn of_module(model: &Model<'_>) -> Vec<(String, ConstUrl)> {
    let mut out: Vec<(String, ConstUrl)> = Vec::new();
    for a in model.assignments.iter().filter(|a| a.scope.is_none()) {
        let Target::Name(name) = &a.target else {
            continue;
        };
        let kind = match url_kind(model, a.value, None, a.value.end()) {
            UrlKind::SqliteFile => ConstUrl::Sqlite,
            UrlKind::Other => ConstUrl::Other,
            UrlKind::Unknown => {
                let default = configured_default(a.value);
                if std::ptr::eq(default, a.value) {
                    continue;
                }
                match url_kind(model, default, None, default.end()) {
                    UrlKind::SqliteFile => ConstUrl::SqliteDefault,
                    UrlKind::Other => ConstUrl::Other,
                    UrlKind::Unknown => continue,
                }
            }
        };
        // Bound twice at module level: which value holds depends on the run.
        if let Some(seen) = out.iter_mut().find(|(n, _)| n == name) {
            if seen.1 != kind {
                seen.1 = ConstUrl::Other;
            }
            continue;
        }
        out.push((name.clone(), kind));
    }
    out
}

impl ProjectIndex {
    /// What the URL `expr` (read in module `from`) is when it names another
    /// module's constant or config-class attribute, with that module's index.
    pub fn url_constant(
        &self,
        from: usize,
        model: &Model<'_>,
        scope: Option<super::scopes::FuncId>,
        expr: &Expr,
    ) -> Option<(usize, ConstUrl)> {
        if !matches!(expr, Expr::Name(_) | Expr::Attribute(_)) {
            return None;
        }
        let qualified = model.resolve(expr, scope)?;
        let (m, rest) = self.module_of(from, &qualified)?;
        if m == from {
            return None;
        }
        let module = &self.modules[m];
        if let Some((_, kind)) = module.url_constants.iter().find(|(n, _)| *n == rest) {
            return Some((m, *kind));
        }
        // `Config.SQLALCHEMY_URL`: a class attribute holding, or defaulting to, one.
        let (class, attr) = rest.rsplit_once('.')?;
        let id = self.class_id(m, class)?;
        module.classes[id]
            .sqlite_url_attrs
            .iter()
            .any(|a| a == attr)
            .then_some((m, ConstUrl::SqliteDefault))
    }
}
