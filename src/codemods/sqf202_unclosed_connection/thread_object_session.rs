//! An ORM session a thread object makes for itself and never closes: a
//! `threading.Thread` subclass whose `__init__` stores `self.session =
//! Session(engine)` (a sessionmaker, the `Session` class, or a project helper
//! returning a new session, in this module or another), whose `run` works with
//! it and then ends, with no `close()` of it anywhere in the class. One such
//! object per job or chat is the usual design; the object stays referenced
//! after its thread ends (a registry of workers, the thread's own bookkeeping),
//! so the session keeps its pooled connection checked out, with any
//! transaction it began, long after the work is done: once the pool's
//! connections are all out the next worker waits and fails, and a write left
//! uncommitted keeps the write lock (docs/sqlite-facts.md#F-unclosed-session).
//!
//! Reported at the end of `run`, where the close belongs: `try: ... finally:
//! self.session.close()` around the body (display-only: the body moves).
//! Left alone: a session closed anywhere in the class (or `<x>.<attr>.close()`
//! anywhere in the module), stored again or handed to other code (`with
//! self.session:`, an argument, an alias), a `run` built around a `while` loop
//! (a worker that lives as long as the process keeps its session on purpose),
//! and classes that are not threads.

use ruff_python_ast::{Expr, ExprContext, Stmt};
use ruff_text_size::{Ranged, TextRange};

use crate::codemods::{Context, Meta};
use crate::finding::{Confidence, Finding};
use crate::semantic::model::{AssignKind, Callee, Target};
use crate::semantic::scopes::ClassId;
use crate::semantic::sync_orm::OrmSqlite;
use crate::semantic::{thread_classes, visit};

pub(super) fn check(meta: &'static Meta, ctx: &Context<'_, '_>, out: &mut Vec<Finding>) {
    let model = ctx.model;
    let classes = &model.scopes.classes;
    let marked: Vec<bool> = classes
        .iter()
        .map(|c| {
            c.def
                .bases()
                .iter()
                .any(|b| thread_classes::is_thread_base(model, b))
        })
        .collect();
    if !marked.iter().any(|m| *m) {
        return;
    }
    let threaded = thread_classes::with_subclasses(model, marked);
    let mut sqlite = None;
    let makers = &ctx.project.own.session_makers;
    for (class, _) in classes.iter().enumerate().filter(|(c, _)| threaded[*c]) {
        let (Some(init), Some(run)) = (
            model.scopes.method(class, "__init__"),
            model.scopes.method(class, "run"),
        ) else {
            continue;
        };
        let run_fn = model.scopes.function(run);
        if run_fn.is_async() || run_fn.is_generator() || lives_in_a_loop(&run_fn.def.body) {
            continue;
        }
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
            if !super::threaded_session::makes_session(ctx, Some(init), call, makers) {
                continue;
            }
            if !kept_unclosed(ctx, class, attr) {
                continue;
            }
            let Some(last) = run_fn.def.body.last() else {
                continue;
            };
            let sqlite = sqlite.get_or_insert_with(|| ctx.project.orm_sqlite());
            let Some(sqlite) = sqlite.as_ref() else {
                return;
            };
            out.push(report(
                ctx,
                meta,
                a.value.range(),
                attr,
                class,
                last,
                sqlite,
            ));
        }
    }
}

fn report(
    ctx: &Context<'_, '_>,
    meta: &'static Meta,
    made_at: TextRange,
    attr: &str,
    class: ClassId,
    last: &Stmt,
    sqlite: &OrmSqlite,
) -> Finding {
    let model = ctx.model;
    let made = model.slice(made_at);
    let line = model.line_column(made_at.start()).0;
    let name = model.scopes.classes[class].def.name.as_str();
    let message = format!(
        "ORM session `self.{attr} = {made}` (made in `{name}.__init__`, line {line}) is never \
         closed, and `{name}.run` ends here: the worker object outlives its thread, so the \
         session keeps its pooled connection checked out (with any transaction it began) until \
         the cyclic garbage collector runs; workers pile up held connections and an uncommitted \
         write keeps the write lock (docs/sqlite-facts.md#F-unclosed-session)"
    );
    let mut finding = Finding::new(meta, last.range(), message).with_note(format!(
        "close it when the thread's work ends: wrap the body of `run` in `try: ... finally: \
         self.{attr}.close()`"
    ));
    if let OrmSqlite::Likely(why) = sqlite {
        finding = finding.with_confidence(Confidence::Medium);
        finding.message = format!("{} (likely SQLite: {why})", finding.message);
    }
    finding
}

/// A `while` loop at the top of `run` (or in its top-level `try`/`with`): a
/// worker that serves until the process stops, not one job.
fn lives_in_a_loop(body: &[Stmt]) -> bool {
    body.iter().any(|s| match s {
        Stmt::While(_) => true,
        Stmt::Try(t) => lives_in_a_loop(&t.body),
        Stmt::With(w) => lives_in_a_loop(&w.body),
        _ => false,
    })
}

/// `self.<attr>` is only ever used for its methods in the class's methods, is
/// assigned once, used somewhere outside `__init__`, and closed nowhere (nor
/// `<x>.<attr>.close()` anywhere in the module).
fn kept_unclosed(ctx: &Context<'_, '_>, class: ClassId, attr: &str) -> bool {
    let model = ctx.model;
    let closed_in_module = model.calls.iter().any(|c| {
        c.method_name() == Some("close")
            && matches!(&*c.expr.func, Expr::Attribute(f)
                if matches!(&*f.value, Expr::Attribute(inner) if inner.attr.as_str() == attr))
    });
    if closed_in_module {
        return false;
    }
    let mut assigned = 0;
    let mut used_outside_init = false;
    for (id, function) in model.scopes.functions.iter().enumerate() {
        if function.class != Some(class) {
            continue;
        }
        assigned += model
            .assignments_in(Some(id))
            .filter(|a| matches!(&a.target, Target::SelfAttr(t) if t == attr))
            .count();
        let (loads, through) = self_attr_loads(&function.def.body, attr);
        if loads != through {
            return false; // handed out, aliased, `with self.session:`
        }
        if function.name() != "__init__" && loads > 0 {
            used_outside_init = true;
        }
        let closes = model.calls_in(Some(id)).any(|c| {
            matches!(&c.callee, Callee::Method { name, .. } if name == "close")
                && matches!(&*c.expr.func, Expr::Attribute(f) if is_self_attr(&f.value, attr))
        });
        if closes {
            return false;
        }
    }
    assigned == 1 && used_outside_init
}

fn is_self_attr(expr: &Expr, attr: &str) -> bool {
    matches!(expr, Expr::Attribute(a)
        if a.attr.as_str() == attr
            && a.ctx == ExprContext::Load
            && matches!(&*a.value, Expr::Name(n) if n.id.as_str() == "self"))
}

/// How often `self.<attr>` is read in `body`, and how many of those reads are
/// the object of an attribute access (`self.session.query(...)`).
fn self_attr_loads(body: &[Stmt], attr: &str) -> (usize, usize) {
    let (mut loads, mut through) = (0, 0);
    visit::any_expr(body, |e| {
        if is_self_attr(e, attr) {
            loads += 1;
        }
        if let Expr::Attribute(outer) = e {
            if is_self_attr(&outer.value, attr) {
                through += 1;
            }
        }
        false
    });
    (loads, through)
}
