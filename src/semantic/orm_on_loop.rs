//! Whether a module runs synchronous SQLAlchemy sessions on an event loop: an
//! `async def` that takes a `Session` (FastAPI's `session: Session =
//! Depends(get_session)`) or opens one (`Session(engine)`). Such a session's
//! queries block the loop, so a transaction it holds cannot end while another
//! session on the same loop waits for SQLite's lock: a lock taken earlier than
//! needed (a `BEGIN IMMEDIATE` listener) turns that wait into the whole busy timeout.

use ruff_python_ast::{Expr, Parameter};

use super::model::Model;
use super::scopes::FuncId;

/// The names a sync ORM session class resolves to.
const SESSION_CLASSES: &[&str] = &["sqlalchemy.orm.Session", "sqlalchemy.orm.session.Session"];

pub fn sync_session_on_loop(model: &Model<'_>) -> bool {
    let takes_session = model.scopes.functions.iter().any(|f| {
        f.is_async()
            && f.def
                .parameters
                .iter_non_variadic_params()
                .any(|p| annotated_session(model, &p.parameter, f.parent))
    });
    takes_session
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
