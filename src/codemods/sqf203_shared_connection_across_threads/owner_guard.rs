//! An owner-thread guard that guards only some uses: a class keeps a
//! connection opened with `check_same_thread=False` on `self`, records the
//! thread that built it (`self._owner = threading.current_thread().ident`, or
//! `threading.get_ident()`), and lets only that thread run some of its
//! statements (`if not self.write_safe(): raise ...`, `if self._owner ==
//! threading.get_ident(): ...`), while other methods (a cache's `get` with its
//! SELECT and an unconditional `commit()`) run from whichever thread calls.
//! The guard is the class's own statement that other threads call it, so no
//! thread of the project needs to be seen: the unguarded statements run on the
//! one connection while the owner thread writes on it, a `commit()` there
//! commits the owner's half-done transaction (docs/sqlite-facts.md#F-shared-transaction),
//! and a shared cursor returns the other thread's rows
//! (docs/sqlite-facts.md#F-shared-cursor). Python's
//! sqlite3 serializes single calls only, not transactions.
//!
//! A use counts as guarded when it sits in the branch of an `if` whose test
//! asks for the owner thread, or follows, in its method, an `if <test>: raise`
//! or `return` (or `assert <test>`) on it, or a call of a method of the class
//! that does so. Uses in `__init__` and in closing methods are not reported.
//! Advice only: one threading lock around every use, or a connection per
//! thread for the readers, is the maintainer's choice.

use ruff_python_ast::{Expr, Stmt};
use ruff_text_size::{Ranged, TextRange};

use super::SharedConnectionAcrossThreads;
use super::holder_text;
use super::sibling_lock::closing_name;
use crate::codemods::Codemod;
use crate::finding::Finding;
use crate::semantic::class_locks::{class_locks, lock_around};
use crate::semantic::connections::ConnKey;
use crate::semantic::lock_guard::under_lock;
use crate::semantic::model::{Call, Callee, Model};
use crate::semantic::scopes::{ClassId, FuncId};
use crate::semantic::visit::scope_stmts;

/// Calls that name the running thread.
const THREAD_IDS: &[&str] = &[
    "threading.current_thread",
    "threading.currentThread",
    "threading.get_ident",
    "threading.get_native_id",
    "_thread.get_ident",
];

pub fn finding(
    codemod: &SharedConnectionAcrossThreads,
    model: &Model<'_>,
    key: &ConnKey,
    uses: &[(FuncId, &Call<'_>)],
) -> Option<Finding> {
    let ConnKey::SelfAttr { class, .. } = key else {
        return None;
    };
    let owner = owner_attr(model, *class)?;
    let guards = Guards::of(model, *class, &owner);
    let locks = class_locks(model, *class);
    let mut guarded_in: Vec<FuncId> = Vec::new();
    let mut unguarded: Vec<(FuncId, &Call<'_>)> = Vec::new();
    for (id, call) in uses {
        let f = model.scopes.function(*id);
        if f.is_async()
            || f.name() == "__init__"
            || closing_name(f.name())
            || model.scopes.enclosing_class(Some(*id)) != Some(*class)
        {
            continue;
        }
        // A threading lock keeps the readers out of the owner's transaction.
        if under_lock(model, *id, call.range())
            || lock_around(model, &locks, *id, call.range()).is_some()
        {
            continue;
        }
        if guards.guarded(model, *id, call.range()) || guards.called_guarded(model, *class, *id) {
            guarded_in.push(*id);
        } else {
            unguarded.push((*id, call));
        }
    }
    // Name a method the guard covers whole, when there is one.
    let guarded_fn = guarded_in
        .iter()
        .find(|g| !unguarded.iter().any(|(u, _)| u == *g))
        .or(guarded_in.first())
        .copied()?;
    // The commit is the worst of them: it ends the owner's transaction.
    let at = unguarded
        .iter()
        .find(|(_, c)| c.method_name() == Some("commit"))
        .or_else(|| unguarded.first())?;
    let mut names: Vec<String> = Vec::new();
    for (id, _) in &unguarded {
        let n = format!("`{}`", model.scopes.function(*id).name());
        if !names.contains(&n) {
            names.push(n);
        }
    }
    let commit = if at.1.method_name() == Some("commit") {
        format!(
            "; the `commit()` in `{}` commits whatever the owner thread has half done",
            model.scopes.function(at.0).name()
        )
    } else {
        String::new()
    };
    let message = format!(
        "{}, opened with check_same_thread=False, is used only by the owner thread (`self.{owner}`) in `{}` but from any thread in {}: the owner check says `{}` is called from other threads, and their statements run on the one connection while the owner writes on it, inside its transaction (docs/sqlite-facts.md#F-shared-transaction){commit}",
        holder_text(key),
        model.scopes.function(guarded_fn).name(),
        names.join(", "),
        model.scopes.classes[*class].def.name,
    );
    Some(Finding::new(codemod.meta(), at.1.range(), message).with_note(
        "hold one threading lock around every use of the connection (the owner's writes included), or give the other threads a connection of their own (opened per call or kept in a `threading.local`)",
    ))
}

/// The `self` attribute that records the owner thread: assigned, in a method
/// of the class, a value that calls `threading.current_thread()` or
/// `threading.get_ident()`.
fn owner_attr(model: &Model<'_>, class: ClassId) -> Option<String> {
    for (id, f) in model.scopes.functions.iter().enumerate() {
        if f.class != Some(class) {
            continue;
        }
        for a in model.assignments_in(Some(id)) {
            let crate::semantic::model::Target::SelfAttr(attr) = &a.target else {
                continue;
            };
            if names_thread(model, a.value.range()) {
                return Some(attr.clone());
            }
        }
    }
    None
}

/// A call naming the running thread inside `range`.
fn names_thread(model: &Model<'_>, range: TextRange) -> bool {
    model.calls.iter().any(|c| {
        range.contains_range(c.range()) && c.qualified().is_some_and(|q| THREAD_IDS.contains(&q))
    })
}

/// The class's owner tests: expressions that compare the running thread with
/// the owner attribute, and methods that return such a test or raise when it
/// fails.
struct Guards {
    owner: String,
    /// Methods whose `return` is an owner test (`write_safe()`).
    tests: Vec<String>,
    /// Methods that raise or return early unless the owner runs them.
    asserts: Vec<String>,
}

impl Guards {
    fn of(model: &Model<'_>, class: ClassId, owner: &str) -> Self {
        let mut guards = Guards {
            owner: owner.to_string(),
            tests: Vec::new(),
            asserts: Vec::new(),
        };
        let methods: Vec<FuncId> = (0..model.scopes.functions.len())
            .filter(|id| model.scopes.function(*id).class == Some(class))
            .collect();
        for &id in &methods {
            let body = &model.scopes.function(id).def.body;
            if scope_stmts(body).iter().any(|s| {
                matches!(s, Stmt::Return(r) if r.value.as_deref().is_some_and(|v| guards.is_test(model, v)))
            }) {
                guards
                    .tests
                    .push(model.scopes.function(id).name().to_string());
            }
        }
        for &id in &methods {
            let body = &model.scopes.function(id).def.body;
            if body.iter().any(|s| guards.is_stop(model, s)) {
                guards
                    .asserts
                    .push(model.scopes.function(id).name().to_string());
            }
        }
        guards
    }

    /// `expr` asks whether the running thread is the owner.
    fn is_test(&self, model: &Model<'_>, expr: &Expr) -> bool {
        let text = model.slice(expr.range());
        let direct = names_thread(model, expr.range())
            && (text.contains(&format!("self.{}", self.owner)) || text.contains("main_thread"));
        direct
            || model.calls.iter().any(|c| {
                expr.range().contains_range(c.range())
                    && matches!(&c.callee, Callee::SelfMethod(m) if self.tests.contains(m))
            })
    }

    /// A statement that stops a thread other than the owner: `if <test>:
    /// raise/return`, `assert <test>`, or a call of a method that does.
    fn is_stop(&self, model: &Model<'_>, stmt: &Stmt) -> bool {
        match stmt {
            Stmt::If(s) => {
                self.is_test(model, &s.test)
                    && scope_stmts(&s.body)
                        .iter()
                        .any(|b| matches!(b, Stmt::Raise(_) | Stmt::Return(_)))
            }
            Stmt::Assert(s) => self.is_test(model, &s.test),
            Stmt::Expr(e) => matches!(&*e.value, Expr::Call(c)
                if model.call_at(c.range()).is_some_and(|call|
                    matches!(&call.callee, Callee::SelfMethod(m) if self.asserts.contains(m)))),
            _ => false,
        }
    }

    /// A private method of the class (`_cull`) that the module calls only
    /// from its class's methods at places the owner check covers.
    fn called_guarded(&self, model: &Model<'_>, class: ClassId, id: FuncId) -> bool {
        let name = model.scopes.function(id).name();
        if !name.starts_with('_') || name.starts_with("__") {
            return false;
        }
        let calls: Vec<&Call<'_>> = model
            .calls
            .iter()
            .filter(|c| matches!(&c.callee, Callee::SelfMethod(m) if m == name))
            .collect();
        !calls.is_empty()
            && model.uses_of_name(name) == calls.len()
            && calls.iter().all(|c| {
                c.scope.is_some_and(|s| {
                    model.scopes.function(s).class == Some(class)
                        && self.guarded(model, s, c.range())
                })
            })
    }

    /// The use at `range` in method `id` runs only on the owner thread.
    fn guarded(&self, model: &Model<'_>, id: FuncId, range: TextRange) -> bool {
        let body = &model.scopes.function(id).def.body;
        let stmts = scope_stmts(body);
        let in_branch = stmts.iter().any(|s| match s {
            Stmt::If(i) => {
                i.range().contains_range(range)
                    && !i.test.range().contains_range(range)
                    && (self.is_test(model, &i.test)
                        || i.elif_else_clauses
                            .iter()
                            .any(|c| c.test.as_ref().is_some_and(|t| self.is_test(model, t))))
            }
            _ => false,
        });
        in_branch
            || stmts
                .iter()
                .any(|s| s.range().end() <= range.start() && self.is_stop(model, s))
    }
}
