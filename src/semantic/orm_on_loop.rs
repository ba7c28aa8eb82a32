//! Whether a module runs synchronous SQLAlchemy sessions on an event loop: an
//! `async def` that uses a `Session` it takes (FastAPI's `session: Session =
//! Depends(get_session)`) or opens one (`Session(engine)`). Such a session's
//! queries block the loop, so a transaction it holds cannot end while another
//! session on the same loop waits for SQLite's lock: a lock taken earlier than
//! needed (a `BEGIN IMMEDIATE` listener) turns that wait into the whole busy timeout.
//! A session the coroutine only hands to a nested `def` run in a worker thread
//! (what SQF501's offload writes) is not on the loop.

use ruff_python_ast::{Expr, ExprContext, Parameter};
use ruff_text_size::{Ranged, TextRange};

use super::model::Model;
use super::scopes::FuncId;
use super::visit::{self, Node};

/// The names a sync ORM session class resolves to (SQLModel's `Session`
/// subclasses SQLAlchemy's).
const SESSION_CLASSES: &[&str] = &[
    "sqlalchemy.orm.Session",
    "sqlalchemy.orm.session.Session",
    "sqlmodel.Session",
    "sqlmodel.orm.session.Session",
];

pub fn sync_session_on_loop(model: &Model<'_>) -> bool {
    let uses_session = model.scopes.functions.iter().enumerate().any(|(id, f)| {
        f.is_async()
            && session_parameters(model, id)
                .iter()
                .any(|name| !uses_in_own_scope(model, id, name).is_empty())
    });
    uses_session
        || model.calls.iter().any(|call| {
            !call.in_lambda
                && call
                    .scope
                    .is_some_and(|s| model.scopes.function(s).is_async())
                && call
                    .qualified()
                    .is_some_and(|q| SESSION_CLASSES.contains(&q))
        })
}

/// `sqlalchemy.orm.Session` (or SQLModel's) under one of its importable names.
pub fn is_session_class(qualified: &str) -> bool {
    SESSION_CLASSES.contains(&qualified)
}

fn is_create_engine(call: &super::model::Call<'_>) -> bool {
    matches!(
        call.qualified(),
        Some("sqlalchemy.create_engine" | "sqlalchemy.engine.create_engine")
    )
}

/// A `create_engine` on a URL that names SQLite in the code (a literal or an
/// f-string: `f"sqlite:///{DB_PATH}"`); a URL from the environment could be any
/// database, and a blocked loop on another database is not this tool's to fix.
pub fn sqlite_engine(model: &Model<'_>) -> bool {
    model.calls.iter().any(|call| {
        is_create_engine(call)
            && crate::semantic::splat_keywords::argument(model, call, 0, "url")
                .is_some_and(|url| model.slice(url.range()).contains("sqlite"))
    })
}

/// A `create_async_engine` on a `sqlite+aiosqlite` file URL the code spells (a
/// literal, an f-string, a local or `self.` attribute set to one). Its pool hands
/// each task its own aiosqlite connection, each run by a worker thread of its
/// own, and a session keeps its transaction open across awaits: two requests
/// interleaved on the loop are two connections contending for the file's lock,
/// a second party even where nothing else starts a thread.
pub fn aiosqlite_engine(model: &Model<'_>) -> bool {
    let aiosqlite_file = |kind, model: &Model<'_>, url, call: &super::model::Call<'_>| {
        kind == super::sqlite_urls::UrlKind::SqliteFile
            && super::strings::string_value(model, url, call.scope, call.range().start())
                .is_none_or(|v| v.sketch().contains("aiosqlite"))
    };
    async_engine_url(model, aiosqlite_file)
        // A framework plugin's async config (library_engines.rs).
        || super::library_engines::of_module(model)
            .into_iter()
            .any(|(call, kind, url)| {
                kind.is_async
                    && aiosqlite_file(
                        super::sqlite_urls::url_kind(model, url, call.scope, call.range().start()),
                        model,
                        url,
                        call,
                    )
            })
}

/// Whether a `create_async_engine` call's URL, of the kind the model gives it,
/// passes `accept`.
fn async_engine_url<'a>(
    model: &Model<'a>,
    accept: impl Fn(super::sqlite_urls::UrlKind, &Model<'a>, &'a Expr, &super::model::Call<'a>) -> bool,
) -> bool {
    model.calls.iter().any(|call| {
        let Some(q) = call.qualified() else {
            return false;
        };
        if !((q.starts_with("sqlalchemy") || q.starts_with("sqlmodel"))
            && q.ends_with(".create_async_engine"))
        {
            return false;
        }
        let Some(url) = crate::semantic::splat_keywords::argument(model, call, 0, "url") else {
            return false;
        };
        let at = call.range().start();
        let kind = match url {
            Expr::Attribute(a)
                if matches!(&*a.value, Expr::Name(n) if matches!(n.id.as_str(), "self" | "cls")) =>
            {
                model.scopes.enclosing_class(call.scope).map_or(
                    super::sqlite_urls::UrlKind::Unknown,
                    |class| super::sqlite_urls::attribute_kind(model, class, a.attr.as_str()),
                )
            }
            _ => super::sqlite_urls::url_kind(model, url, call.scope, at),
        };
        accept(kind, model, url, call)
    })
}

/// A `create_engine` whose sessions cannot move to another thread: an in-memory
/// database (SQLAlchemy gives each thread its own connection, so another thread
/// sees another, empty database) or `check_same_thread=True` asked for in
/// `connect_args` (a file engine otherwise opens its connections with
/// check_same_thread=False: docs/sqlite-facts.md#F-sqlalchemy).
pub fn thread_bound_engine(model: &Model<'_>) -> bool {
    model.calls.iter().any(|call| {
        if !is_create_engine(call) {
            return false;
        }
        let memory = match crate::semantic::splat_keywords::argument(model, call, 0, "url") {
            Some(Expr::StringLiteral(s)) => {
                let url = s.value.to_str();
                url.starts_with("sqlite")
                    && (url.ends_with("://") || url.contains(":memory:") || url.contains("mode=memory"))
            }
            _ => false,
        };
        let same_thread = match call.keyword("connect_args") {
            Some(Expr::Dict(d)) => d.items.iter().any(|item| {
                matches!(&item.key, Some(Expr::StringLiteral(k)) if k.value.to_str() == "check_same_thread")
                    && matches!(&item.value, Expr::BooleanLiteral(b) if b.value)
            }),
            _ => false,
        };
        memory || same_thread
    })
}

/// The parameters of function `id` annotated as a sync ORM `Session`.
pub fn session_parameters(model: &Model<'_>, id: FuncId) -> Vec<String> {
    let function = model.scopes.function(id);
    function
        .def
        .parameters
        .iter_non_variadic_params()
        .filter(|p| annotated_session(model, &p.parameter, function.parent))
        .map(|p| p.parameter.name.to_string())
        .collect()
}

/// Where function `id` reads `name` itself, nested `def`s and lambdas excluded
/// (their code runs where they are called).
pub fn uses_in_own_scope(model: &Model<'_>, id: FuncId, name: &str) -> Vec<TextRange> {
    let mut uses = Vec::new();
    visit::any_node(&model.scopes.function(id).def.body, |node| {
        if let Node::Expr(Expr::Name(n)) = node {
            if n.ctx == ExprContext::Load && n.id.as_str() == name {
                uses.push(n.range());
            }
        }
        false
    });
    uses
}

/// `Session`, or `Annotated[Session, ...]` / `Optional[Session]`.
fn annotated_session(model: &Model<'_>, param: &Parameter, scope: Option<FuncId>) -> bool {
    let Some(annotation) = param.annotation.as_deref() else {
        return false;
    };
    let inner = match annotation {
        Expr::Subscript(s) => match s.slice.as_ref() {
            Expr::Tuple(t) => t.elts.first().unwrap_or(annotation),
            other => other,
        },
        other => other,
    };
    model
        .resolve(inner, scope)
        .is_some_and(|q| SESSION_CLASSES.contains(&q.as_str()))
}
