//! peewee databases opened from a URL rather than by a class the source names:
//! `playhouse.db_url.connect(url, pragmas=...)`, or a project's own scheme map
//! `{"sqlite": SqliteDatabase, "postgres": PostgresqlDatabase}[scheme](path, ...)`.
//! Whether the database is SQLite is read from the evidence the source gives, and
//! how sure that is: a URL that names a SQLite file is certain; a configuration
//! default naming one (`os.environ.get("DATABASE_URL", "sqlite:///app.db")`), or a
//! scheme map that includes a SQLite class, is only likely, since a deployment may
//! choose another engine.

use ruff_python_ast::Expr;
use ruff_text_size::Ranged;

use super::model::{Call, Model};
use super::pragma_config::{PEEWEE_DATABASES, resolve_name};
use super::sqlite_urls::{UrlKind, configured_default, sqlite_file_default, url_kind};

/// A peewee database opened from a URL that is, or is likely, SQLite.
pub struct UrlDatabase {
    /// The SQLite class it opens (`SqliteDatabase` for `db_url.connect`).
    pub class: &'static str,
    /// Certain: the URL names a SQLite file. Otherwise only likely.
    pub certain: bool,
    /// The evidence, in words, for the finding's note.
    pub why: String,
}

/// `call` opens a peewee database from a URL or a scheme map that is, or is
/// likely, SQLite.
pub fn url_database(model: &Model<'_>, call: &Call<'_>) -> Option<UrlDatabase> {
    if call.qualified() == Some("playhouse.db_url.connect") {
        return from_url(model, call);
    }
    scheme_map(model, call)
}

fn from_url(model: &Model<'_>, call: &Call<'_>) -> Option<UrlDatabase> {
    let url = call.argument(0, "url")?;
    let at = call.range().start();
    match url_kind(model, url, call.scope, at) {
        UrlKind::SqliteFile => {
            return Some(UrlDatabase {
                class: "SqliteDatabase",
                certain: true,
                why: "the URL names a SQLite file".into(),
            });
        }
        UrlKind::Other => return None,
        UrlKind::Unknown => {}
    }
    let value = resolve_name(model, url, call.scope);
    let default = configured_default(value);
    if !std::ptr::eq(default, value)
        && url_kind(model, default, call.scope, at) == UrlKind::SqliteFile
    {
        return Some(UrlDatabase {
            class: "SqliteDatabase",
            certain: false,
            why: format!(
                "likely SQLite: the URL is configured at run time and defaults to `{}`",
                model.slice(default.range())
            ),
        });
    }
    let default = sqlite_file_default(model)?;
    Some(UrlDatabase {
        class: "SqliteDatabase",
        certain: false,
        why: format!(
            "likely SQLite: the URL is configured at run time; the module's configuration \
             defaults to `{}` (line {})",
            model.slice(default.range()),
            model.line_column(default.start()).0
        ),
    })
}

/// `{"sqlite": SqliteDatabase, ...}[scheme](...)`, the map written in place or
/// bound to a name.
fn scheme_map(model: &Model<'_>, call: &Call<'_>) -> Option<UrlDatabase> {
    let Expr::Subscript(sub) = &*call.expr.func else {
        return None;
    };
    let Expr::Dict(map) = resolve_name(model, &sub.value, call.scope) else {
        return None;
    };
    let class = map.items.iter().find_map(|item| {
        let name = match &item.value {
            Expr::Name(n) => n.id.as_str(),
            Expr::Attribute(a) => a.attr.as_str(),
            _ => return None,
        };
        let class = PEEWEE_DATABASES.iter().copied().find(|c| *c == name)?;
        // The class must be peewee's: imported from peewee or playhouse.
        let imported = match &item.value {
            Expr::Name(n) => model
                .imports
                .lookup(n.id.as_str(), call.scope, &model.scopes)
                .is_some_and(|i| {
                    i.target.starts_with("peewee") || i.target.starts_with("playhouse")
                }),
            _ => true,
        };
        imported.then_some(class)
    })?;
    let sqlite_only = map.items.iter().all(|item| match &item.value {
        Expr::Name(n) => PEEWEE_DATABASES.contains(&n.id.as_str()),
        Expr::Attribute(a) => PEEWEE_DATABASES.contains(&a.attr.as_str()),
        _ => false,
    });
    let default = sqlite_file_default(model);
    let why = match (sqlite_only, default) {
        (true, _) => "every class of the scheme map is a SQLite one".to_string(),
        (false, Some(d)) => format!(
            "likely SQLite: the scheme map includes `{class}` and the module's configuration \
             defaults to `{}` (line {})",
            model.slice(d.range()),
            model.line_column(d.start()).0
        ),
        (false, None) => format!(
            "likely SQLite: the scheme chosen at run time may be another engine's, but the \
             map includes `{class}` and the call passes SQLite's `pragmas`"
        ),
    };
    // Without a SQLite default, only a call that passes SQLite's own `pragmas=`
    // says the author meant SQLite.
    if !sqlite_only && default.is_none() && call.keyword("pragmas").is_none() {
        return None;
    }
    Some(UrlDatabase {
        class,
        certain: sqlite_only,
        why,
    })
}
