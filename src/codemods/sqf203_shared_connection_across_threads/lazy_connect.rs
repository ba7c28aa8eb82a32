//! A connection a method opens on first use, with no lock around the open:
//! `def connect(self): self.conn = sqlite3.connect(..., check_same_thread=False)`
//! called from the class's other methods (`if self.conn is None:
//! self.connect()`) that several threads run. Two threads that arrive before the
//! connection exists both open one, and the second assignment replaces
//! `self.conn` (and the cursor kept beside it) while the first thread is
//! running statements on it: its statements continue on a connection nobody
//! keeps, its transaction is lost or committed on the wrong one, and the two
//! then share the survivor with nothing in between (docs/sqlite-facts.md#F-shared-cursor).
//!
//! Reported when the connect runs outside the class's locks, at least one of
//! its callers does too, and threads are seen: the class's methods are reached
//! from thread entries, or the class keeps a threading lock (written for
//! threads). A connection a thread opens and keeps for itself (the only caller
//! is a thread's `run`) is not shared.
//!
//! Display-only: the repair is one lock created in `__init__`, held around the
//! connect with an early return when the connection exists, and around every
//! use. The early return changes what a later call of the method does (it no
//! longer reconnects after a close or an error), so it is left to review.

use ruff_python_ast::{Expr, Stmt};

use super::{SharedConnectionAcrossThreads, guarded};
use crate::codemods::Codemod;
use crate::finding::Finding;
use crate::semantic::class_locks::{ClassLock, lock_around};
use crate::semantic::connections::{ConnKey, ConnSite};
use crate::semantic::facts::Reachable;
use crate::semantic::model::{Call, Model};
use crate::semantic::scopes::FuncId;
use crate::semantic::visit;

// The open, its class and the thread evidence the rule loop already computed.
#[allow(clippy::too_many_arguments)]
pub fn finding(
    codemod: &SharedConnectionAcrossThreads,
    model: &Model<'_>,
    site: &ConnSite<'_, '_>,
    key: &ConnKey,
    reachable: &Reachable,
    in_threads: &[FuncId],
    locks: &[ClassLock],
    cursors: &[String],
) -> Option<Finding> {
    let ConnKey::SelfAttr { class, attr } = key else {
        return None;
    };
    let opener = site.scope()?;
    let f = model.scopes.function(opener);
    if f.class != Some(*class) || f.name() == "__init__" || f.is_async() {
        return None;
    }
    let locked = |id: FuncId, call: &Call<'_>| {
        guarded(model, id, call) || lock_around(model, locks, id, call.range()).is_some()
    };
    if locked(opener, site.call) {
        return None;
    }
    let callers = lazy_callers(model, *class, opener);
    let unlocked: Vec<FuncId> = callers
        .iter()
        .filter(|(id, call)| !locked(*id, call))
        .map(|(id, _)| *id)
        .collect();
    if unlocked.is_empty() {
        return None;
    }
    // A thread that opens its own connection and keeps it: not shared.
    if callers
        .iter()
        .all(|(id, _)| model.scopes.function(*id).name() == "run")
    {
        return None;
    }
    let threaded = !in_threads.is_empty()
        || callers.iter().any(|(id, _)| {
            reachable.contains(&(None, model.scopes.function(*id).qualname.clone()))
        });
    if !threaded && locks.is_empty() {
        return None;
    }
    let mut names: Vec<String> = Vec::new();
    for id in &unlocked {
        let name = format!("`{}`", model.scopes.function(*id).name());
        if !names.contains(&name) {
            names.push(name);
        }
    }
    names.truncate(3);
    let checked = checks_attr(&f.def.body, attr)
        || callers
            .iter()
            .any(|(id, _)| checks_attr(&model.scopes.function(*id).def.body, attr));
    let check = if checked {
        "the \"already connected\" test runs outside any lock, so"
    } else {
        "nothing checks whether it is already connected, and"
    };
    let cursor = match cursors.first() {
        Some(c) => format!(" and its cursor `self.{c}`"),
        None => String::new(),
    };
    let why = if threaded {
        "the class's methods run on several threads"
    } else {
        "the class keeps a threading lock for its threads"
    };
    let message = format!(
        "`{}` opens `self.{attr}` (check_same_thread=False) on first use, called from {} with no lock around the open, and {why}: {check} two threads arriving before the connection exists both connect; the second replaces `self.{attr}`{cursor} while the first is running statements on it, whose transaction then ends on a connection nobody keeps",
        f.qualname,
        names.join(", "),
    );
    Some(
        Finding::new(codemod.meta(), site.call.range(), message).with_note(format!(
            "display-only: create one lock in `__init__`, hold it around `{}` with an early return when `self.{attr}` is already set, and around every use of the connection; the early return changes what a later call does (no reconnect after a close), so it is left to review",
            f.name()
        )),
    )
}

/// A connection a thread opens for itself and keeps: the method that opens it
/// is called only from the class's `run`, and every other use is in `run`
/// too. One thread has it, so nothing is shared.
pub fn kept_by_thread(
    model: &Model<'_>,
    site: &ConnSite<'_, '_>,
    key: &ConnKey,
    uses: &[(FuncId, &Call<'_>)],
) -> bool {
    let ConnKey::SelfAttr { class, .. } = key else {
        return false;
    };
    let Some(opener) = site.scope() else {
        return false;
    };
    let f = model.scopes.function(opener);
    if f.class != Some(*class) || f.name() == "__init__" {
        return false;
    }
    let in_run = |id: FuncId| model.scopes.function(id).name() == "run";
    let callers = lazy_callers(model, *class, opener);
    !callers.is_empty()
        && callers.iter().all(|(id, _)| in_run(*id))
        && uses.iter().all(|(id, _)| *id == opener || in_run(*id))
}

/// Calls of the opener as `self.<opener>()` from the class's other methods,
/// `__init__` left out (it runs before any thread has the object).
fn lazy_callers<'m, 'a>(
    model: &'m Model<'a>,
    class: usize,
    opener: FuncId,
) -> Vec<(FuncId, &'m Call<'a>)> {
    let name = model.scopes.function(opener).name();
    model
        .calls_named(name)
        .filter_map(|call| {
            let id = call.scope?;
            let f = model.scopes.function(id);
            let on_self = matches!(&*call.expr.func, Expr::Attribute(a)
                if matches!(&*a.value, Expr::Name(n) if n.id.as_str() == "self"));
            (on_self
                && id != opener
                && f.class == Some(class)
                && f.name() != "__init__"
                && !call.in_lambda)
                .then_some((id, call))
        })
        .collect()
}

/// An `if` of the body tests `self.<attr>` (`if self.conn is None:`, `if not self.conn:`).
fn checks_attr(body: &[Stmt], attr: &str) -> bool {
    visit::any_stmt(body, |s| {
        matches!(s, Stmt::If(i) if visit::any_sub_expr(&i.test, |e| {
            matches!(e, Expr::Attribute(a) if a.attr.as_str() == attr
                && matches!(&*a.value, Expr::Name(n) if n.id.as_str() == "self"))
        }))
    })
}
