//! An ORM session a request thread makes and never closes: `db = Session()`
//! (a sessionmaker, the `Session` class, or a project helper returning a new
//! session, in this module or another) in a function that runs on a threaded
//! server's request threads or a worker pool (Flask's `app.run()` is threaded
//! by default since 1.0; a view under the project's own decorator that
//! registers it with `app.route` is one too), with no `close()` on any path.
//! The engine is known to be on SQLite from its URL, also when that is another
//! module's constant (`create_engine(DB_URL)`, `from settings import DB_URL`). The session's pooled
//! connection stays checked out, with any transaction it began, until the
//! cyclic garbage collector runs in whichever thread: once the pool's
//! connections are all out the next request waits and fails, and a write left
//! uncommitted keeps the write lock (docs/sqlite-facts.md#F-unclosed-session).
//!
//! The fix makes it `with Session() as db:` around its uses (a trailing
//! `db.close()` goes). Unsafe: ORM objects the function hands out are detached
//! when the block ends, so an attribute expired by `commit()` or a lazy
//! relationship read after it raises `DetachedInstanceError`.
//! Left alone: a session that leaves the function (returned, stored, captured,
//! handed to a call that may keep it), one closed anywhere, a
//! `scoped_session` registry (its teardown ends it), and functions that no
//! thread runs.

use ruff_python_ast::Expr;
use ruff_text_size::Ranged;

use crate::codemods::{Context, Meta};
use crate::finding::{Confidence, Finding};
use crate::fix::{Fix, lifetime};
use crate::semantic::model::{AssignKind, Target};

use crate::semantic::sync_orm::OrmSqlite;
use crate::semantic::uses::{UseKind, uses_of_name};

pub(super) fn check(meta: &'static Meta, ctx: &Context<'_, '_>, out: &mut Vec<Finding>) {
    let model = ctx.model;
    let threaded = ctx.threaded_functions();
    if threaded.is_empty() {
        return;
    }
    let Some(sqlite) = ctx.project.orm_sqlite() else {
        return;
    };
    let makers = &ctx.project.own.session_makers;
    for (id, function) in model.scopes.functions.iter().enumerate() {
        if function.is_async() || function.is_generator() {
            continue;
        }
        let Some(entry) = threaded.get(&function.qualname) else {
            continue;
        };
        for a in model.assignments_in(Some(id)) {
            if a.kind != AssignKind::Assign {
                continue;
            }
            let Target::Name(name) = &a.target else {
                continue;
            };
            let Expr::Call(call) = a.value else {
                continue;
            };
            if !makes_session(ctx, Some(id), call, makers) {
                continue;
            }
            let bindings = model
                .assignments_in(Some(id))
                .filter(|b| matches!(&b.target, Target::Name(n) if n == name))
                .count();
            if bindings != 1 {
                continue;
            }
            let body = &function.def.body;
            let uses = uses_of_name(body, name);
            if !stays_here(ctx, &uses) {
                continue;
            }
            let closes = uses
                .iter()
                .any(|u| matches!(&u.kind, UseKind::MethodCall(m) if m == "close"));
            if closes {
                // Closed, at least on the success path: SQF202's other shapes.
                continue;
            }
            let made = model.slice(a.value.range());
            let runs = if *entry == function.qualname {
                "runs on worker threads (a threaded server's requests or a pool's jobs)".to_string()
            } else {
                format!("runs on worker threads (through `{entry}`)")
            };
            let message = format!(
                "ORM session `{name} = {made}` is never closed, and `{}` {runs}: its pooled \
                 connection stays checked out (with any transaction it began) until the cyclic \
                 garbage collector runs, so busy requests exhaust the pool and an uncommitted \
                 write keeps the write lock (docs/sqlite-facts.md#F-unclosed-session)",
                function.name(),
            );
            let mut finding = Finding::new(meta, a.value.range(), message);
            if let OrmSqlite::Likely(why) = &sqlite {
                finding = finding.with_confidence(Confidence::Medium);
                finding.message = format!("{} (likely SQLite: {why})", finding.message);
            }
            let header = format!("with {made}");
            let fix = lifetime::wrap_until_close(
                model,
                a.stmt,
                name,
                &uses,
                |s| lifetime::is_close_statement(s, name, false),
                &header,
            );
            out.push(match fix {
                Ok(edit) => finding
                    .with_note(
                        "ORM objects handed out of the block are detached when it ends: an \
                         attribute expired by `commit()` or a lazy relationship read after it \
                         raises `DetachedInstanceError`",
                    )
                    .with_fix(Fix::unsafe_(
                        format!("Close it: `with {made} as {name}:`"),
                        vec![edit],
                    )),
                Err(why) => finding.with_note(why),
            });
        }
    }
}

/// Whether `call` makes an ORM session (`semantic::orm_sessions::makes_session`).
pub(super) fn makes_session(
    ctx: &Context<'_, '_>,
    scope: Option<usize>,
    call: &ruff_python_ast::ExprCall,
    _makers: &[String],
) -> bool {
    crate::semantic::orm_sessions::makes_session(ctx.model, ctx.project, scope, call)
}

/// The session stays in the function: only its methods are called, or it is
/// handed to project functions that do not keep it.
fn stays_here(ctx: &Context<'_, '_>, uses: &[crate::semantic::uses::NameUse]) -> bool {
    uses.iter().all(|u| match &u.kind {
        UseKind::MethodCall(_) | UseKind::AttributeStore | UseKind::Test => true,
        UseKind::AttributeRead(attr) => attr != "close",
        UseKind::Argument { call, position } => {
            let Some(call) = ctx.model.call_at(*call) else {
                return false;
            };
            let Some(position) = position else {
                return false;
            };
            ctx.project
                .function(ctx.model, call)
                .is_some_and(|(_, f)| f.param_escapes.get(*position) == Some(&false))
        }
        _ => false,
    })
}
