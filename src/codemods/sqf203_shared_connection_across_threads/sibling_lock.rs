//! A lock taken in one method and not in a sibling: a class keeps a connection
//! opened with `check_same_thread=False` (or a cursor of it) on `self`, takes a
//! threading lock (its own `self` or class attribute, or a module lock its
//! methods take: `semantic::class_locks`) around some uses of the connection
//! and not others. The lock is the class's own statement that several threads
//! call it, so no thread of the project needs to be seen: an unguarded use runs
//! beside a guarded one on the same connection, the two threads' statements
//! interleave, and on a kept cursor one fetches the rows the other executed, or
//! its `execute` fails with "Recursive use of cursors not allowed"
//! (docs/sqlite-facts.md#F-shared-cursor). Uses in `__init__`, in a closing
//! method (`close`, `__del__`, `__exit__`, `shutdown`, ...), and in a method the
//! module calls only from `__init__` or before it starts any thread, run before
//! or after the threads and are not reported.
//!
//! Fix (unsafe: the unguarded statements now wait for the lock): wrap each
//! unguarded function's uses, from the first to the last, in `with <lock>:`.
//! Offered for a re-entrant lock (`RLock`, `Condition`); for a plain `Lock` only
//! where it cannot deadlock as far as the module shows: no call of the function
//! sits under the lock, and the wrapped statements call no method of the class
//! nor function of the module, so nothing inside takes the lock again.

use ruff_python_ast::Expr;
use ruff_text_size::{Ranged, TextRange};

use super::{SharedConnectionAcrossThreads, holder_text};
use crate::codemods::Codemod;
use crate::finding::Finding;
use crate::fix::Fix;
use crate::semantic::class_locks::{ClassLock, class_locks, lock_around};
use crate::semantic::connections::ConnKey;
use crate::semantic::model::{Call, Model};
use crate::semantic::scopes::{ClassId, FuncId};
use crate::semantic::spawn;

pub fn finding(
    codemod: &SharedConnectionAcrossThreads,
    model: &Model<'_>,
    key: &ConnKey,
    uses: &[(FuncId, &Call<'_>)],
    cursors: &[String],
) -> Option<Finding> {
    let ConnKey::SelfAttr { class, .. } = key else {
        return None;
    };
    let locks = class_locks(model, *class);
    if locks.is_empty() {
        return None;
    }
    let mut guarded_in: Option<(FuncId, &ClassLock)> = None;
    let mut unguarded: Vec<(FuncId, &Call<'_>)> = Vec::new();
    for (id, call) in uses {
        let f = model.scopes.function(*id);
        if f.is_async()
            || closing_name(f.name())
            || model.scopes.enclosing_class(Some(*id)) != Some(*class)
        {
            continue;
        }
        match lock_around(model, &locks, *id, call.range()) {
            Some(lock) => {
                guarded_in.get_or_insert((*id, lock));
            }
            // A private helper the class only calls under its lock
            // (semantic::lock_guard) is guarded by its callers, whose lock
            // then stands for the guarded side too.
            None if crate::semantic::lock_guard::under_lock(model, *id, call.range()) => {
                if guarded_in.is_none() {
                    guarded_in = callers_lock(model, *class, &locks, *id);
                }
            }
            None if before_threads(model, *class, *id) => {}
            None => unguarded.push((*id, call)),
        }
    }
    let (guarded_fn, lock) = guarded_in?;
    let lock_text = lock.text.as_str();
    let first = unguarded.first()?;
    let mut names: Vec<String> = Vec::new();
    for (id, _) in &unguarded {
        let n = format!("`{}`", model.scopes.function(*id).name());
        if !names.contains(&n) {
            names.push(n);
        }
    }
    let used = match cursors.first() {
        Some(cursor) => format!("`self.{cursor}`, a cursor of {},", holder_text(key)),
        None => format!("{},", holder_text(key)),
    };
    let message = format!(
        "{used} opened with check_same_thread=False, is used under `{lock_text}` in `{}` but without it in {}: the lock says `{}` is called from several threads, and an unguarded statement interleaves with a guarded one on the one connection{}",
        model.scopes.function(guarded_fn).name(),
        names.join(", "),
        model.scopes.classes[*class].def.name,
        if cursors.is_empty() {
            ""
        } else {
            ", one thread fetching the rows the other executed"
        },
    );
    let at = first.1.range();
    let finding = Finding::new(codemod.meta(), at, message);
    let mut functions: Vec<FuncId> = unguarded.iter().map(|(f, _)| *f).collect();
    functions.dedup();
    let mut edits = Vec::new();
    let mut spans_of: Vec<(FuncId, Vec<TextRange>)> = Vec::new();
    for &id in &functions {
        let spans: Vec<TextRange> = unguarded
            .iter()
            .filter(|(f, _)| *f == id)
            .map(|(_, c)| c.range())
            .collect();
        if unguarded.iter().any(|(f, c)| *f == id && c.in_lambda)
            || model.scopes.function(id).is_generator()
        {
            return Some(finding.with_note(
                "not fixed: a use runs in a lambda or a generator; hold the lock around it by hand",
            ));
        }
        spans_of.push((id, spans));
    }
    if !lock.reentrant
        && let Some(why) = spans_of
            .iter()
            .find_map(|(id, spans)| deadlock_risk(model, *class, &locks, *id, spans))
    {
        return Some(finding.with_note(format!(
            "not fixed: `{lock_text}` is a plain Lock and {why}, which could deadlock under it. Hold the lock around those uses by hand (or make it an RLock)"
        )));
    }
    for (id, spans) in &spans_of {
        match super::wrap_spans(model, *id, spans, lock_text) {
            Ok(edit) => edits.push(edit),
            Err(why) => return Some(finding.with_note(format!("not fixed: {why}"))),
        }
    }
    let why = if lock.reentrant {
        format!(
            "`{lock_text}` is re-entrant, so a guarded method called inside stays safe; the unguarded statements now wait their turn"
        )
    } else {
        format!(
            "`{lock_text}` is a plain Lock: nothing in this module calls {} under it, and the wrapped statements call no method of `{}` nor function of the module that could take it again; the unguarded statements now wait their turn",
            names.join(", "),
            model.scopes.classes[*class].def.name,
        )
    };
    Some(
        finding
            .with_fix(Fix::unsafe_(
                format!("Hold `{lock_text}` around the unguarded uses too"),
                edits,
            ))
            .with_note(why),
    )
}

/// The first `self.<helper>()` call in a method of `class` made under one of
/// `locks`: the method and the lock.
fn callers_lock<'l>(
    model: &Model<'_>,
    class: ClassId,
    locks: &'l [ClassLock],
    helper: FuncId,
) -> Option<(FuncId, &'l ClassLock)> {
    model
        .calls_named(model.scopes.function(helper).name())
        .filter(|c| {
            matches!(&*c.expr.func, Expr::Attribute(a)
            if matches!(&*a.value, Expr::Name(n) if n.id.as_str() == "self"))
        })
        .find_map(|c| {
            let scope = c.scope?;
            if scope == helper || model.scopes.enclosing_class(Some(scope)) != Some(class) {
                return None;
            }
            lock_around(model, locks, scope, c.range()).map(|lock| (scope, lock))
        })
}

/// Methods that run once, after the threads are done with the object.
pub fn closing_name(name: &str) -> bool {
    ends_life(name) || name.starts_with("close")
}

/// The end-of-life methods that are not spelled `close...`.
pub fn ends_life(name: &str) -> bool {
    matches!(
        name,
        "__del__" | "__exit__" | "shutdown" | "dispose" | "teardown" | "disconnect" | "stop"
    )
}

/// Method `id` of `class` runs only while the object is being set up: every
/// mention of its name in the module is a call made in the class's `__init__`,
/// or made before the calling function starts its first thread, pool or task
/// (`index.load(); pool.map(...)`). Other modules' calls are not seen: a public
/// method they call stays as reported as before only when this module calls it
/// too, so this errs towards silence only for set-up the module itself shows.
fn before_threads(model: &Model<'_>, class: ClassId, id: FuncId) -> bool {
    let name = model.scopes.function(id).name();
    let calls: Vec<&Call<'_>> = model
        .calls_named(name)
        .filter(|c| matches!(&*c.expr.func, Expr::Attribute(_)))
        .collect();
    if calls.is_empty() || model.uses_of_name(name) != calls.len() {
        return false;
    }
    let starts: Vec<_> = spawn::spawns(model);
    calls.iter().all(|c| {
        let Some(scope) = c.scope else {
            return false;
        };
        let caller = model.scopes.function(scope);
        if caller.name() == "__init__" && model.scopes.enclosing_class(Some(scope)) == Some(class) {
            return matches!(&*c.expr.func, Expr::Attribute(a)
                if matches!(&*a.value, Expr::Name(n) if n.id.as_str() == "self"));
        }
        scope != id
            && starts
                .iter()
                .any(|s| s.call.scope == Some(scope) && s.call.range().start() > c.range().end())
    })
}

/// Why wrapping `spans` of function `id` in a plain (not re-entrant) lock could
/// deadlock, as far as the module shows: a call of the function made with the
/// lock held, or a call inside the wrapped statements to a method of the class
/// or a function of the module (which may take the lock again).
fn deadlock_risk(
    model: &Model<'_>,
    class: ClassId,
    locks: &[ClassLock],
    id: FuncId,
    spans: &[TextRange],
) -> Option<String> {
    let f = model.scopes.function(id);
    let name = f.name();
    let callers: Vec<&Call<'_>> = model.calls_named(name).collect();
    if model.uses_of_name(name) != callers.len() {
        return Some(format!("`{name}` is handed on, not only called"));
    }
    if callers.iter().any(|c| {
        c.scope.is_some_and(|s| {
            lock_around(model, locks, s, c.range()).is_some()
                || crate::semantic::lock_guard::under_lock(model, s, c.range())
        })
    }) {
        return Some(format!("`{name}` is called with a lock held"));
    }
    let (start, end) = (
        spans.iter().map(|r| r.start()).min()?,
        spans.iter().map(|r| r.end()).max()?,
    );
    let stmts = &f.def.body;
    let first = stmts.iter().find(|s| s.range().contains(start))?;
    let last = stmts
        .iter()
        .rev()
        .find(|s| s.range().contains_range(TextRange::empty(end)) && s.range().start() < end)?;
    let wrapped = first.range().cover(last.range());
    let inner = model.calls_in(Some(id)).find(|c| {
        wrapped.contains_range(c.range())
            && match &*c.expr.func {
                Expr::Attribute(a) => {
                    matches!(&*a.value, Expr::Name(n) if matches!(n.id.as_str(), "self" | "cls"))
                        && class_method(model, class, a.attr.as_str())
                }
                Expr::Name(n) => model.scopes.module_function(n.id.as_str()).is_some(),
                _ => false,
            }
    })?;
    Some(format!(
        "`{name}` calls `{}` where the lock would be held",
        model.slice(inner.expr.func.range())
    ))
}

/// `name` is a method defined in `class`.
fn class_method(model: &Model<'_>, class: ClassId, name: &str) -> bool {
    (0..model.scopes.functions.len()).any(|id| {
        let f = model.scopes.function(id);
        f.class == Some(class) && f.name() == name
    })
}
