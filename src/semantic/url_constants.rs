//! Database URLs kept as module constants and read from another module:
//! `DATABASE_URL = "sqlite:///radar.db"` (or `os.environ.get("DB", "sqlite:///...")`)
//! in `settings.py`, then `create_engine(settings.DATABASE_URL)` or
//! `from settings import DATABASE_URL` elsewhere; a config class's attribute
//! (`Config.SQLALCHEMY_URL`) the same way. A literal is the URL; a
//! configuration default is only likely the URL, since a deployment may set
//! another.

use ruff_text_size::Ranged;

use super::model::{Model, Target};
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
