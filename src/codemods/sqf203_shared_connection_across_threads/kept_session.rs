//! An ORM session kept on an object (`self.session = Session()` in
//! `__init__`, a sessionmaker of this module or another, or the `Session`
//! class) whose methods run on worker threads (`pool.submit(self.process,
//! item)`, `pool.map(self.process, items)`, `Thread(target=self.poll)`) while
//! a method on the building thread uses it too (queries, commits). A Session
//! is not thread-safe: the workers and the main thread add, flush and commit
//! through its one connection at once, so one thread's commit lands on
//! another's half-done work and concurrent flushes fail or corrupt the
//! session's state. The second party is the worker threads.
//!
//! Left alone: a use under a threading lock (`with self.lock:` or any lock the
//! class takes), a `scoped_session` registry (each thread gets its own
//! session), a session made per call inside the method, and an object none of
//! whose methods runs on a worker. Advice only: the fix (a session per unit of
//! work, or one lock around every use) is the maintainer's choice.

use ruff_python_ast::{Expr, ExprContext};
use ruff_text_size::{Ranged, TextLen};

use super::super::{Context, Meta};
use super::instance;
use crate::finding::{Confidence, Finding};
use crate::semantic::class_locks;
use crate::semantic::model::{AssignKind, Callee, Target};
use crate::semantic::orm_sessions;
use crate::semantic::scopes::FuncId;
use crate::semantic::session_holders;
use crate::semantic::sync_orm::OrmSqlite;
use crate::semantic::threads;

pub fn check(
    meta: &'static Meta,
    ctx: &Context<'_, '_>,
    known: &mut Option<instance::Threads>,
    out: &mut Vec<Finding>,
) {
    let model = ctx.model;
    if model.scopes.classes.is_empty() || ctx.in_test_module() {
        return;
    }
    let mut sqlite: Option<Option<OrmSqlite>> = None;
    for (class, info) in model.scopes.classes.iter().enumerate() {
        let Some(init) = model.scopes.method(class, "__init__") else {
            continue;
        };
        for a in model.assignments_in(Some(init)) {
            let Target::SelfAttr(attr) = &a.target else {
                continue;
            };
            if a.kind != AssignKind::Assign {
                continue;
            }
            let Expr::Call(call) = a.value else {
                continue;
            };
            let holder = if orm_sessions::makes_session(model, ctx.project, Some(init), call) {
                None
            } else {
                let Some(held) = model
                    .resolve(&call.func, Some(init))
                    .and_then(|dotted| holder_named(ctx.project, &dotted))
                else {
                    continue;
                };
                Some(held)
            };
            let locks = class_locks::class_locks(model, class);
            let uses = match holder {
                None => unlocked_uses(ctx, class, attr, &locks),
                Some(_) => unlocked_mentions(model, class, attr, &locks),
            };
            let threads = known.get_or_insert_with(|| instance::Threads::of(ctx.project, model));
            let on_worker: Vec<(FuncId, String)> = uses
                .iter()
                .filter_map(|id| {
                    let qualname = &model.scopes.function(*id).qualname;
                    Some((*id, threads.runs_on_worker(qualname)?))
                })
                .collect();
            let Some((worker, why)) = on_worker.first() else {
                // No thread seen calling: the program's threads may still be
                // handed the object (`declared.rs`).
                if holder.is_none()
                    && let Some(found) = unseen_threads_finding(
                        meta,
                        ctx,
                        (class, attr.as_str()),
                        &uses,
                        a.value.range(),
                    )
                {
                    let sure = sqlite.get_or_insert_with(|| ctx.project.orm_sqlite());
                    if matches!(sure, Some(OrmSqlite::Certain)) {
                        out.push(found);
                    }
                }
                continue;
            };
            // The other party: a use on the building thread, or, for a kept
            // holder, a use on threads another entry starts (a scheduler's
            // worker beside a web server's request threads).
            let root_of = |id: &FuncId| threads.worker_root(&model.scopes.function(*id).qualname);
            let home = uses.iter().find(|id| {
                !on_worker.iter().any(|(w, _)| w == *id)
                    && model.scopes.function(**id).name() != "__init__"
            });
            let home = match home {
                Some(home) => home,
                None if holder.is_some() => {
                    let Some((other, _)) = on_worker
                        .iter()
                        .find(|(id, _)| root_of(id) != root_of(worker))
                    else {
                        continue;
                    };
                    other
                }
                None => continue,
            };
            let sure = sqlite.get_or_insert_with(|| ctx.project.orm_sqlite());
            let Some(sure) = sure.as_ref() else {
                return;
            };
            let class_name = info.def.name.as_str();
            let worker_name = &model.scopes.function(*worker).qualname;
            let home_name = &model.scopes.function(*home).qualname;
            if let Some(held) = holder {
                let holder_name = held.class.rsplit('.').next().unwrap_or(&held.class);
                let finding = Finding::new(
                    meta,
                    a.value.range(),
                    format!(
                        "`self.{attr}` is built once in `{class_name}.__init__` and holds one ORM session: `{holder_name}.{}` opens it from a plain session maker on first use and returns the same session to every later caller. `{worker_name}` uses it with no lock on worker threads ({why}), and `{home_name}` on another thread: a Session is not thread-safe, so the threads add, flush, query and commit through its one connection at once; one thread's commit lands on another's half-done work and a failed flush leaves the session unusable for all",
                        held.method,
                    ),
                )
                .with_note(format!(
                    "give each unit of work its own session (`with SessionFactory() as session:` inside the method the thread runs), make the factory a `scoped_session` so each thread gets its own, or hold one threading lock around every use of `self.{attr}`"
                ));
                out.push(graded(finding, sure));
                continue;
            }
            let finding = Finding::new(
                meta,
                a.value.range(),
                format!(
                    "ORM session `self.{attr}` is made once in `{class_name}.__init__` and used with no lock by `{worker_name}`, which runs on worker threads ({why}), and by `{home_name}` on the thread that built the object: a Session is not thread-safe, so the worker threads and that thread add, flush and commit through its one connection at once; one thread's commit lands on another's half-done work and concurrent flushes fail or leave the session broken"
                ),
            )
            .with_note(format!(
                "make a session per unit of work inside `{worker_name}` (`with Session() as session:`), use a `scoped_session`, or hold one threading lock around every use of `self.{attr}`"
            ));
            out.push(graded(finding, sure));
        }
    }
}

/// A session made once in `__init__` and kept for the object's life, used
/// with no lock by two or more of its methods (one of them public), where no
/// thread is seen calling them but the program runs threads in a process that
/// loads this module (`declared::program_threads`): the threads handed the
/// object (a framework's request threads, a scheduler's or an API's pool,
/// reached through attributes) share its one Session
/// (docs/sqlite-facts.md#F-session-not-thread-safe). Medium and advice only:
/// which threads call is not seen. Only when the project's ORM is surely on
/// SQLite (the caller checks).
fn unseen_threads_finding(
    meta: &'static Meta,
    ctx: &Context<'_, '_>,
    (class, attr): (usize, &str),
    uses: &[FuncId],
    at: ruff_text_size::TextRange,
) -> Option<Finding> {
    let model = ctx.model;
    let methods: Vec<FuncId> = uses
        .iter()
        .copied()
        .filter(|id| {
            let name = model.scopes.function(*id).name();
            name != "__init__" && !super::sibling_lock::closing_name(name)
        })
        .collect();
    if methods.len() < 2
        || methods
            .iter()
            .all(|id| model.scopes.function(*id).name().starts_with('_'))
    {
        return None;
    }
    let threads = super::declared::program_threads(model, ctx.project)?;
    let class_name = model.scopes.classes[class].def.name.as_str();
    let names: Vec<String> = methods
        .iter()
        .take(3)
        .map(|id| format!("`{}`", model.scopes.function(*id).name()))
        .collect();
    Some(
        Finding::new(
            meta,
            at,
            format!(
                "ORM session `self.{attr}` is made once in `{class_name}.__init__` and kept for the object's life; its methods ({}) use it with no lock, in a program that runs {threads} in a process that loads this module: a Session is not thread-safe, so once threads are handed the object they add, flush and commit through its one connection at once, one thread's commit landing on another's half-done work",
                names.join(", "),
            ),
        )
        .with_confidence(Confidence::Medium)
        .with_note(format!(
            "make a session per unit of work in each method (`with Session() as session:`), use a `scoped_session` removed when each request or job ends, or hold one threading lock around every use of `self.{attr}`; if only one thread ever uses the object, say so in a comment and ignore this finding"
        )),
    )
}

/// A session finding as sure as the evidence that its engine is SQLite: an
/// engine only likely on SQLite makes it Medium and says why.
pub(super) fn graded(finding: Finding, sure: &OrmSqlite) -> Finding {
    match sure {
        OrmSqlite::Certain => finding,
        OrmSqlite::Likely(reason) => {
            let mut finding = finding.with_confidence(Confidence::Medium);
            finding.message = format!("{} (likely SQLite: {reason})", finding.message);
            finding
        }
    }
}

/// The class's methods that call a session method on `self.<attr>` outside
/// any threading lock.
fn unlocked_uses(
    ctx: &Context<'_, '_>,
    class: usize,
    attr: &str,
    locks: &[class_locks::ClassLock],
) -> Vec<FuncId> {
    let model = ctx.model;
    let mut out: Vec<FuncId> = Vec::new();
    for (id, function) in model.scopes.functions.iter().enumerate() {
        if function.class != Some(class) || function.is_async() {
            continue;
        }
        let unlocked = model.calls_in(Some(id)).any(|c| {
            matches!(&c.callee, Callee::Method { name, .. } if orm_sessions::SESSION_METHODS.contains(&name.as_str()))
                && matches!(&*c.expr.func, Expr::Attribute(f) if is_self_attr(&f.value, attr))
                && !threads::locked_at(model, id, c.range())
                && class_locks::lock_around(model, locks, id, c.range()).is_none()
        });
        if unlocked {
            out.push(id);
        }
    }
    out
}

/// The class's methods that mention `self.<attr>` (a session holder handed
/// on to the persistence layer, or asked for its session) outside any
/// threading lock.
fn unlocked_mentions(
    model: &crate::semantic::model::Model<'_>,
    class: usize,
    attr: &str,
    locks: &[class_locks::ClassLock],
) -> Vec<FuncId> {
    let needle = format!("self.{attr}");
    let mut out: Vec<FuncId> = Vec::new();
    for (id, function) in model.scopes.functions.iter().enumerate() {
        if function.class != Some(class) || function.is_async() || function.name() == "__init__" {
            continue;
        }
        let start = function.body_range.start();
        let body = model.slice(function.body_range);
        let unlocked = body.match_indices(&needle).any(|(at, _)| {
            let after = body[at + needle.len()..].chars().next();
            if after.is_some_and(|c| c.is_alphanumeric() || c == '_') {
                return false;
            }
            let from = start + ruff_text_size::TextSize::try_from(at).unwrap_or_default();
            let range = ruff_text_size::TextRange::at(from, needle.text_len());
            !threads::locked_at(model, id, range)
                && class_locks::lock_around(model, locks, id, range).is_none()
        });
        if unlocked {
            out.push(id);
        }
    }
    out
}

fn is_self_attr(expr: &Expr, attr: &str) -> bool {
    matches!(expr, Expr::Attribute(a)
        if a.attr.as_str() == attr
            && a.ctx == ExprContext::Load
            && matches!(&*a.value, Expr::Name(n) if n.id.as_str() == "self"))
}

/// The holder that `dotted` (a class as resolved in the viewed module, or a
/// class of the viewed module) names, when its maker is a project session
/// maker: `Session(...)` of SQLAlchemy, or a module-level maker of its module
/// or one it imports.
fn holder_named<'v>(
    view: &'v crate::semantic::project::ProjectView<'_>,
    dotted: &str,
) -> Option<&'v session_holders::Holder> {
    let index = &view.index;
    let (module, holders, class) = match view.module {
        Some(from) if !view.own.session_holders.iter().any(|h| h.class == dotted) => {
            let (m, rest) = index.module_of(from, dotted)?;
            (Some(m), &index.modules[m].session_holders, rest)
        }
        _ => (view.module, &view.own.session_holders, dotted.to_string()),
    };
    let holder = holders.iter().find(|h| h.class == class)?;
    let makers = match module {
        Some(m) => &index.modules[m].session_makers,
        None => &view.own.session_makers,
    };
    let maker = holder.maker.as_str();
    let known = matches!(
        maker,
        "sqlalchemy.orm.Session" | "sqlalchemy.orm.session.Session" | "sqlmodel.Session"
    ) || makers.iter().any(|m| m == maker)
        || module
            .and_then(|m| index.module_of(m, maker))
            .is_some_and(|(m2, rest)| index.modules[m2].session_makers.contains(&rest));
    known.then_some(holder)
}
