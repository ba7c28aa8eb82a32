//! A sync SQLAlchemy session the host application hands a plugin: a coroutine
//! of an integration runs `self._session.execute(query)` on a session that
//! came from the host's recorder (`host.data[KEY].get_session()`), on the
//! host's event loop. The project opens no engine and names no URL, so the
//! ORM evidence (sync_orm.rs) sees nothing; the evidence that the database is
//! SQLite is the host's own default, and it is reported at medium confidence
//! with that said. The host's recorder thread writes the same file
//! continuously, so a query can also wait on its write lock with the loop held.
//!
//! Only hosts whose session source and default database are known are looked
//! at ([`HOSTS`]); a session of unknown origin is left to orm_session.rs.

use ruff_python_ast::Expr;
use ruff_text_size::{Ranged, TextRange};

use super::BlockingSqliteInAsync;
use crate::codemods::{Codemod, Context};
use crate::finding::{Confidence, Finding};
use crate::semantic::facts;
use crate::semantic::model::Callee;
use crate::semantic::scopes::FuncId;

/// Host modules that hand out sync sessions, and what is known of their database.
const HOSTS: &[(&str, &str)] = &[(
    "homeassistant.components.recorder",
    "Home Assistant's recorder, whose default database is a SQLite file its own thread writes continuously",
)];

/// Session methods that run SQL (or flush) synchronously.
const SESSION_IO: &[&str] = &["execute", "query", "scalars", "scalar", "commit", "flush"];

pub(super) fn findings(
    codemod: &BlockingSqliteInAsync,
    ctx: &Context<'_, '_>,
    scope: FuncId,
    covered: &mut Vec<TextRange>,
) -> Option<Finding> {
    let model = ctx.model;
    let first = model.calls_in(Some(scope)).find(|call| {
        !call.in_lambda
            && !call.is_awaited()
            && !covered.iter().any(|r| r.contains_range(call.range()))
            && matches!(&call.callee, Callee::Method { name, .. } if SESSION_IO.contains(&name.as_str()))
            && receiver(call).is_some_and(|r| session_receiver(model.slice(r.range())))
    })?;
    let (prefix, host) = host_evidence(ctx)?;
    let recv = model.slice(receiver(first)?.range());
    let message = format!(
        "Sync SQLAlchemy session `{recv}` used in `async def {}`: `{}` and the session's other queries block the event loop (likely SQLite: the session comes from {host}; the project imports {prefix} and names no engine URL of its own)",
        model.scopes.function(scope).name(),
        model.slice(first.expr.func.range()),
    );
    covered.push(first.range());
    Some(
        Finding::new(codemod.meta(), first.range(), message)
            .with_confidence(Confidence::Medium)
            .with_note("move the session's work into a sync method and run it in a worker thread (the host's executor job, or `asyncio.to_thread`); close the session in that thread"),
    )
}

fn receiver<'a>(call: &crate::semantic::model::Call<'a>) -> Option<&'a Expr> {
    match &*call.expr.func {
        Expr::Attribute(a) => Some(&a.value),
        _ => None,
    }
}

/// `self._session`, `session`, `sess`: a name that says it holds a session.
fn session_receiver(text: &str) -> bool {
    let last = text.rsplit('.').next().unwrap_or(text).to_ascii_lowercase();
    last.trim_start_matches('_').starts_with("sess") || last.ends_with("session")
}

/// The first module of the project that imports a known host's session source.
fn host_evidence(ctx: &Context<'_, '_>) -> Option<(String, &'static str)> {
    facts::modules(ctx.project)
        .into_iter()
        .filter(|(_, m)| !crate::semantic::paths::is_test_module(&m.path))
        .find_map(|(_, m)| {
            m.imports.iter().find_map(|i| {
                HOSTS
                    .iter()
                    .find(|(p, _)| {
                        i.target == *p
                            || i.target.strip_prefix(p).is_some_and(|r| r.starts_with('.'))
                    })
                    .map(|(p, what)| (p.to_string(), *what))
            })
        })
}
