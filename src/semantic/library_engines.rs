//! SQLAlchemy engines a library builds from a URL handed to one of its
//! objects, with no `create_engine` in the project: a framework plugin's
//! database configuration (advanced-alchemy's `SQLAlchemyAsyncConfig(connection_string=...)`
//! and `SQLAlchemySyncConfig`, which Litestar re-exports, handed to
//! `SQLAlchemyPlugin(config=...)`) or a helper library's session maker
//! (fastapi-utils' and fastapi-restful's `FastAPISessionMaker(url)`, whose
//! `context_session()` and `get_db()` hand out sync sessions).
//!
//! Such an engine opens its connections with SQLite's defaults like any other:
//! the URL says whether it is SQLite (sqlite_urls.rs), and a `"connect"`
//! listener on the `Engine` class (every engine of the process) or on the
//! engine the object gives (`config.get_engine()`, `maker.cached_engine`) is
//! the way to configure it.

use ruff_python_ast::Expr;

use super::model::{Call, Model};

/// What a library object that builds an engine is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Kind {
    /// The class as the library names it (`SQLAlchemyAsyncConfig`).
    pub class: &'static str,
    /// Its engine is an `AsyncEngine` (aiosqlite under a `sqlite+aiosqlite` URL).
    pub is_async: bool,
    /// Calling `<object>.context_session()` makes a sync ORM session.
    pub sync_sessions: bool,
}

/// (packages that export it, class, keyword of the URL, position of the URL,
/// async engine, makes sync sessions).
type Entry = (
    &'static [&'static str],
    &'static str,
    &'static str,
    Option<usize>,
    bool,
    bool,
);

const LIBRARY_ENGINES: &[Entry] = &[
    (
        &["advanced_alchemy", "litestar"],
        "SQLAlchemyAsyncConfig",
        "connection_string",
        None,
        true,
        false,
    ),
    (
        &["advanced_alchemy", "litestar"],
        "SQLAlchemySyncConfig",
        "connection_string",
        None,
        false,
        false,
    ),
    (
        &["fastapi_utils", "fastapi_restful"],
        "FastAPISessionMaker",
        "database_uri",
        Some(0),
        false,
        true,
    ),
];

/// The methods of a library session maker that make a sync session
/// (`with maker.context_session() as db:`).
pub const SESSION_METHODS: &[&str] = &["context_session"];

/// The kind of object the qualified name `q` builds, when it builds an engine.
pub fn kind_of(q: &str) -> Option<(Kind, &'static str, Option<usize>)> {
    let (root, _) = q.split_once('.')?;
    let last = q.rsplit('.').next()?;
    LIBRARY_ENGINES
        .iter()
        .find(|(roots, class, ..)| roots.contains(&root) && *class == last)
        .map(|(_, class, keyword, position, is_async, sync_sessions)| {
            (
                Kind {
                    class,
                    is_async: *is_async,
                    sync_sessions: *sync_sessions,
                },
                *keyword,
                *position,
            )
        })
}

/// A call building a library engine, and the URL it passes.
pub fn of_call<'a>(call: &Call<'a>) -> Option<(Kind, &'a Expr)> {
    let (kind, keyword, position) = kind_of(call.qualified()?)?;
    let url = match position {
        Some(p) => call.argument(p, keyword),
        None => call.keyword(keyword),
    }?;
    Some((kind, url))
}

/// The module's calls that build a library engine, with their URLs.
pub fn of_module<'m, 'a>(model: &'m Model<'a>) -> Vec<(&'m Call<'a>, Kind, &'a Expr)> {
    model
        .calls
        .iter()
        .filter_map(|call| of_call(call).map(|(kind, url)| (call, kind, url)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_from_both_packages() {
        let (k, kw, _) =
            kind_of("advanced_alchemy.extensions.litestar.SQLAlchemyAsyncConfig").unwrap();
        assert!(k.is_async && kw == "connection_string");
        let (k, _, _) = kind_of("litestar.plugins.sqlalchemy.SQLAlchemySyncConfig").unwrap();
        assert!(!k.is_async && !k.sync_sessions);
        let (k, _, p) = kind_of("fastapi_restful.session.FastAPISessionMaker").unwrap();
        assert!(k.sync_sessions && p == Some(0));
        assert!(kind_of("myapp.config.SQLAlchemyAsyncConfig").is_none());
        assert!(kind_of("SQLAlchemyAsyncConfig").is_none());
    }
}
