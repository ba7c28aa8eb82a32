//! A module global that keeps "the last session" (or connection) handed out,
//! closed by the next caller before it makes a new one:
//!
//! ```python
//! def get_session():
//!     global _last
//!     if _last is not None:
//!         _last.close()
//!     _last = Maker()
//!     return _last
//! ```
//!
//! Called from one thread this only tidies up; called from several, a thread's
//! session (and the connection it holds) is closed under it when another
//! thread asks for its own, mid-query or mid-transaction, and two callers can
//! be handed the same object. No pool setting helps: the helper itself hands
//! one object to whoever comes next. The fix is a session per caller (a `with
//! Session() as s:` per unit of work, or a `scoped_session`), so it is advice
//! only.
//!
//! The second party: the helper is reached from a thread entry (a threading
//! server's request handlers included), or the program has threads at all (a
//! "get the session" helper is what every thread calls). A helper whose close
//! and reassignment sit under a `with <...lock...>:` still closes the other
//! thread's session, so a lock is no excuse here.

use ruff_python_ast::Expr;
use ruff_text_size::Ranged;

use super::super::{Context, Meta};
use super::instance;
use crate::finding::Finding;
use crate::semantic::facts;
use crate::semantic::model::{AssignKind, Call, Callee, Model, Receiver, Target};
use crate::semantic::scopes::FuncId;

pub fn check(
    meta: &'static Meta,
    ctx: &Context<'_, '_>,
    extra_entries: &[String],
    out: &mut Vec<Finding>,
) {
    let model = ctx.model;
    let candidates = helpers(model);
    if candidates.is_empty() || !on_sqlite(ctx) {
        return;
    }
    let reachable = facts::thread_reachable_with(ctx.project, extra_entries);
    let mut has_threads: Option<bool> = None;
    for (id, global, close) in candidates {
        let f = model.scopes.function(id);
        let why = if reachable.contains(&(None, f.qualname.clone())) {
            format!("`{}` is reached from a thread entry point", f.name())
        } else if *has_threads.get_or_insert_with(|| instance::project_has_threads(ctx.project)) {
            "the program runs threads, and each one that calls it closes the previous caller's"
                .to_string()
        } else {
            continue;
        };
        let message = format!(
            "`{}` closes the session `{global}` it handed to the previous caller and replaces it: with several threads calling, one thread's session (and its connection) is closed under it mid-query or mid-transaction, and two callers can get the same object; {why}",
            f.name()
        );
        out.push(
            Finding::new(meta, close.expr.range(), message).with_note(
                "give each caller its own session and let the caller close it (`with Session() as s:` per unit of work, or a `scoped_session` with `remove()` at the end of each thread's work); a lock around this helper does not help, it still closes the other thread's session",
            ),
        );
    }
}

/// The module works on SQLite: it imports sqlite3, the project's ORM URL is
/// SQLite, or (a URL known only at run time) the module uses SQLAlchemy and
/// names SQLite itself (`if url.startswith("sqlite")`, a SQLite-only pool).
fn on_sqlite(ctx: &Context<'_, '_>) -> bool {
    let model = ctx.model;
    model.imports.mentions("sqlite3")
        || ctx.project.orm_sqlite().is_some()
        || model.imports.mentions("sqlalchemy") && names_sqlite(model)
}

/// A call of the module is handed a string naming SQLite (`create_engine(
/// "sqlite:///...")`, `url.startswith("sqlite")`); prose in docstrings and
/// comments does not count.
fn names_sqlite(model: &Model<'_>) -> bool {
    model.calls.iter().any(|c| {
        c.expr
            .arguments
            .args
            .iter()
            .chain(c.expr.arguments.keywords.iter().map(|k| &k.value))
            .any(|a| {
                matches!(a, Expr::StringLiteral(s)
                    if s.value.to_str().to_ascii_lowercase().contains("sqlite"))
            })
    })
}

/// Module-level functions with `global G` that call `G.close()` and then set
/// `G` to a new object made by a call: the "last session" helpers, each with
/// the global and its close call.
fn helpers<'m, 'a>(model: &'m Model<'a>) -> Vec<(FuncId, String, &'m Call<'a>)> {
    let mut out = Vec::new();
    for call in &model.calls {
        let Some(id) = call.scope else {
            continue;
        };
        let f = model.scopes.function(id);
        if f.parent.is_some() || f.class.is_some() || f.is_async() {
            continue;
        }
        let Callee::Method {
            receiver: Receiver::Name(global),
            name,
        } = &call.callee
        else {
            continue;
        };
        if name != "close" || !model.is_global_in(Some(id), global) {
            continue;
        }
        let replaced = model.assignments_in(Some(id)).any(|a| {
            a.kind == AssignKind::Assign
                && matches!(&a.target, Target::Name(n) if n == global)
                && matches!(a.value, Expr::Call(_))
                && a.value.range().start() > call.expr.range().end()
        });
        if replaced && !out.iter().any(|(o, _, _)| *o == id) {
            out.push((id, global.clone(), call));
        }
    }
    out
}
