//! A lock taken in one method and not in a sibling: a class keeps a connection
//! opened with `check_same_thread=False` (or a cursor of it) on `self` and a
//! `threading.Lock`/`RLock` on `self`, and wraps some uses of the connection in
//! `with self.<lock>:` but not others. The lock is the class's own statement
//! that several threads call it, so no thread of the project needs to be seen:
//! an unguarded use runs beside a guarded one on the same connection, the two
//! threads' statements interleave, and on a kept cursor one fetches the rows the
//! other executed (docs/sqlite-facts.md#F-shared-cursor). Uses in `__init__` and
//! in a closing method (`close`, `__del__`, `__exit__`, `shutdown`, ...) run
//! before or after the threads and are not reported.
//!
//! Fix (unsafe: the unguarded statements now wait for the lock): wrap each
//! unguarded function's uses, from the first to the last, in `with
//! self.<lock>:`. Offered for a re-entrant lock (`RLock`, `Condition`) only: a
//! plain `Lock` taken again by a guarded method the function calls would
//! deadlock.

use ruff_python_ast::Expr;
use ruff_text_size::TextRange;

use super::{SharedConnectionAcrossThreads, holder_text};
use crate::codemods::Codemod;
use crate::finding::Finding;
use crate::fix::Fix;
use crate::semantic::connections::ConnKey;
use crate::semantic::model::{Call, Model, Target};
use crate::semantic::scopes::{ClassId, FuncId};

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
    let locks = super::designed::lock_attrs(model, *class);
    if locks.is_empty() {
        return None;
    }
    let mut guarded_in: Option<(FuncId, String)> = None;
    let mut unguarded: Vec<(FuncId, &Call<'_>)> = Vec::new();
    for (id, call) in uses {
        let f = model.scopes.function(*id);
        if f.is_async()
            || closing(f.name())
            || model.scopes.enclosing_class(Some(*id)) != Some(*class)
        {
            continue;
        }
        match super::designed::lock_of(model, &locks, *id, call) {
            Some(lock) => {
                guarded_in.get_or_insert((*id, lock));
            }
            // A private helper the class only calls under its lock
            // (semantic::lock_guard) is guarded by its callers.
            None if crate::semantic::lock_guard::under_lock(model, *id, call.range()) => {}
            None => unguarded.push((*id, call)),
        }
    }
    let (guarded_fn, lock) = guarded_in?;
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
        "{used} opened with check_same_thread=False, is used under `self.{lock}` in `{}` but without it in {}: the lock says `{}` is called from several threads, and an unguarded statement interleaves with a guarded one on the one connection{}",
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
    if !reentrant(model, *class, &lock) {
        return Some(finding.with_note(format!(
            "not fixed: `self.{lock}` is a plain Lock; taking it in {} could deadlock where a guarded method is called under it. Hold the lock around those uses by hand (or make it an RLock)",
            names.join(", ")
        )));
    }
    let mut edits = Vec::new();
    let mut functions: Vec<FuncId> = unguarded.iter().map(|(f, _)| *f).collect();
    functions.dedup();
    for id in functions {
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
        match super::wrap_spans(model, id, &spans, &format!("self.{lock}")) {
            Ok(edit) => edits.push(edit),
            Err(why) => return Some(finding.with_note(format!("not fixed: {why}"))),
        }
    }
    Some(
        finding
            .with_fix(Fix::unsafe_(
                format!("Hold `self.{lock}` around the unguarded uses too"),
                edits,
            ))
            .with_note(format!(
                "`self.{lock}` is re-entrant, so a guarded method called inside stays safe; the unguarded statements now wait their turn"
            )),
    )
}

/// Methods that run once, after the threads are done with the object.
fn closing(name: &str) -> bool {
    matches!(
        name,
        "__del__" | "__exit__" | "shutdown" | "dispose" | "teardown" | "disconnect" | "stop"
    ) || name.starts_with("close")
}

/// `self.<lock> = threading.RLock()` (or `Condition()`, re-entrant by default).
fn reentrant(model: &Model<'_>, class: ClassId, lock: &str) -> bool {
    model.assignments.iter().any(|a| {
        model.scopes.enclosing_class(a.scope) == Some(class)
            && matches!(&a.target, Target::SelfAttr(attr) if attr == lock)
            && matches!(a.value, Expr::Call(c) if model
                .resolve(&c.func, a.scope)
                .is_some_and(|q| matches!(q.as_str(), "threading.RLock" | "threading.Condition")))
    })
}
