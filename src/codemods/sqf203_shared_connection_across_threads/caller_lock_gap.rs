//! A lock the callers of a helper take, all but one: a class keeps a
//! connection made with `check_same_thread=False` (or cursors of it, one per
//! key in a dict) on `self`, or is handed one its constructor's caller made so,
//! and a threading lock of its own (`semantic::class_locks`). A method of the
//! class reaches that handle without the lock itself (a lookup helper, the
//! class's own `cursor()` context manager), so the lock is the callers' job:
//! some calls of the method sit under it, others do not. The call that skips
//! the lock runs its statements beside a guarded caller's on the one
//! connection: one transaction for both, and on a kept cursor one thread
//! fetches the rows the other executed (docs/sqlite-facts.md#F-shared-cursor).
//!
//! Reported at each unguarded call, not at the helper: the helper is right for
//! the guarded callers. A lock alone is not taken as proof of threads here: the
//! unguarded caller must run on a thread other than the one that built the
//! object (`instance::shared_methods`: a pool, a threading server's request
//! handler, a thread started on a bound method), and that thread is named as
//! the second party. Calls in `__init__` and closing methods are left out, and
//! a class with an SQF203 finding of its own already (its connect, a sibling's
//! unguarded use: `sibling_lock.rs`) is not reported again at its callers. Advice only: where the lock belongs (each
//! caller, or inside the helper) is the class author's choice.

use ruff_python_ast::{Expr, Stmt};
use ruff_text_size::{Ranged, TextRange};

use super::{SharedConnectionAcrossThreads, allows_any_thread, instance, sibling_lock};
use crate::codemods::{Codemod, Context};
use crate::finding::Finding;
use crate::semantic::class_locks::{ClassLock, class_locks, lock_around};
use crate::semantic::connections::{Driver, Holder};
use crate::semantic::model::{Call, Model};
use crate::semantic::scopes::{ClassId, FuncId};
use crate::semantic::visit::scope_stmts;

pub fn check(
    codemod: &SharedConnectionAcrossThreads,
    ctx: &Context<'_, '_>,
    known: &mut Option<instance::Threads>,
    out: &mut Vec<Finding>,
) {
    let model = ctx.model;
    let mut handles: Vec<(ClassId, String)> = Vec::new();
    for site in ctx.sites() {
        if site.driver != Driver::Sqlite3 || !allows_any_thread(site) {
            continue;
        }
        for handle in kept_handles(model, site.call, &site.holder) {
            if !handles.contains(&handle) {
                handles.push(handle);
            }
        }
    }
    for (class, attr) in handles {
        let locks = class_locks(model, class);
        // A class whose sharing is reported already (its connect, a sibling's
        // unguarded use) is not reported again at its callers.
        let class_range = model.scopes.classes[class].def.range();
        if locks.is_empty()
            || out
                .iter()
                .any(|f| f.id == codemod.meta().id && class_range.contains_range(f.range))
        {
            continue;
        }
        let threads = known.get_or_insert_with(|| instance::Threads::of(ctx.project, model));
        let shared = instance::shared_methods(model, ctx.project, threads, class);
        for helper in helpers(model, class, &attr, &locks) {
            let name = model.scopes.function(helper).name();
            let mut guarded: Option<(FuncId, &ClassLock)> = None;
            let mut unguarded: Vec<(FuncId, &Call<'_>)> = Vec::new();
            for call in model.calls_named(name) {
                let Some(scope) = call.scope else { continue };
                let caller = model.scopes.function(scope);
                if scope == helper
                    || caller.class != Some(class)
                    || caller.is_async()
                    || caller.name() == "__init__"
                    || sibling_lock::closing_name(caller.name())
                    || !on_self(call)
                {
                    continue;
                }
                match lock_at(model, &locks, scope, call.range()) {
                    Some(lock) => {
                        guarded.get_or_insert((scope, lock));
                    }
                    None if crate::semantic::lock_guard::under_lock(model, scope, call.range()) => {
                    }
                    None => unguarded.push((scope, call)),
                }
            }
            let Some((guarded_fn, lock)) = guarded else {
                continue;
            };
            for (scope, call) in unguarded {
                let caller = model.scopes.function(scope);
                let Some(party) = shared.get(&caller.qualname) else {
                    continue;
                };
                let message = format!(
                    "`self.{name}()` reaches `self.{attr}` (check_same_thread=False) without a lock of its own, and `{}` calls it under `{}` but `{}` calls it here without: the second party is {party}, while the lock's holders run on other threads; the unguarded statements interleave with a guarded caller's on the one connection{}",
                    model.scopes.function(guarded_fn).name(),
                    lock.text,
                    caller.name(),
                    if attr.contains("cur") {
                        ", one thread fetching the rows the other executed"
                    } else {
                        ", in one transaction"
                    },
                );
                out.push(
                    Finding::new(codemod.meta(), call.range(), message).with_note(format!(
                        "not fixed: hold `{}` around this call as the other callers do, or take it inside `{name}`",
                        lock.text
                    )),
                );
            }
        }
    }
}

/// `self.<method>(...)`.
fn on_self(call: &Call<'_>) -> bool {
    matches!(&*call.expr.func, Expr::Attribute(a)
        if matches!(&*a.value, Expr::Name(n) if n.id.as_str() == "self"))
}

/// The lock held at `range` in function `id`: around it (`lock_around`), or
/// taken by an earlier item of the same `with` (`with self.lock, self.cursor()`).
fn lock_at<'l>(
    model: &Model<'_>,
    locks: &'l [ClassLock],
    id: FuncId,
    range: TextRange,
) -> Option<&'l ClassLock> {
    if let Some(lock) = lock_around(model, locks, id, range) {
        return Some(lock);
    }
    for stmt in scope_stmts(&model.scopes.function(id).def.body) {
        let Stmt::With(w) = stmt else { continue };
        let Some(at) = w
            .items
            .iter()
            .position(|i| i.context_expr.range().contains_range(range))
        else {
            continue;
        };
        for item in &w.items[..at] {
            let text: String = model
                .slice(item.context_expr.range())
                .chars()
                .filter(|c| !c.is_whitespace())
                .collect();
            if let Some(lock) = locks.iter().find(|l| l.text == text) {
                return Some(lock);
            }
        }
    }
    None
}

/// The `self` attributes of a class that keep the connection made at `call`
/// (or cursors of it): `self.db = sqlite3.connect(...)`, a local the method
/// then stores (`self.cur[vol] = db.cursor()`), or a constructor argument
/// (`Store(sqlite3.connect(...))`, `cls(conn)`) its `__init__` keeps.
fn kept_handles(model: &Model<'_>, call: &Call<'_>, holder: &Holder) -> Vec<(ClassId, String)> {
    let mut out = Vec::new();
    let class = model.scopes.enclosing_class(call.scope);
    match holder {
        Holder::SelfAttr(attr) => {
            if let Some(class) = class {
                out.push((class, attr.clone()));
            }
        }
        Holder::Local(local) => {
            if let (Some(class), Some(scope)) = (class, call.scope) {
                for stmt in scope_stmts(&model.scopes.function(scope).def.body) {
                    if let Some(attr) = stored_on_self(stmt, local) {
                        out.push((class, attr));
                    }
                }
            }
            for built in model.calls_in(call.scope) {
                if let Some(handle) = constructor_keeps(
                    model,
                    built,
                    |e| matches!(e, Expr::Name(n) if n.id.as_str() == local),
                ) {
                    out.push(handle);
                }
            }
        }
        _ => {
            for built in model.calls_in(call.scope) {
                if let Some(handle) = constructor_keeps(model, built, |e| e.range() == call.range())
                {
                    out.push(handle);
                }
            }
        }
    }
    out
}

/// `self.<attr> = <local>` / `self.<attr>[k] = <local>.cursor()`: the attribute.
fn stored_on_self(stmt: &Stmt, local: &str) -> Option<String> {
    let Stmt::Assign(a) = stmt else { return None };
    let [target] = a.targets.as_slice() else {
        return None;
    };
    let holds_local = match &*a.value {
        Expr::Name(n) => n.id.as_str() == local,
        Expr::Call(c) => matches!(&*c.func, Expr::Attribute(f)
            if f.attr.as_str() == "cursor"
                && matches!(&*f.value, Expr::Name(n) if n.id.as_str() == local)),
        _ => false,
    };
    if !holds_local {
        return None;
    }
    let target = match target {
        Expr::Subscript(s) => &*s.value,
        t => t,
    };
    let Expr::Attribute(attr) = target else {
        return None;
    };
    matches!(&*attr.value, Expr::Name(n) if n.id.as_str() == "self").then(|| attr.attr.to_string())
}

/// A call building a class of the module (`Store(...)`, `cls(...)` in its own
/// methods) with an argument `is_conn` accepts, which `__init__` keeps on
/// `self` unchanged: the class and the attribute.
fn constructor_keeps(
    model: &Model<'_>,
    built: &Call<'_>,
    is_conn: impl Fn(&Expr) -> bool,
) -> Option<(ClassId, String)> {
    let Expr::Name(name) = &*built.expr.func else {
        return None;
    };
    let class = if name.id.as_str() == "cls" {
        model.scopes.enclosing_class(built.scope)?
    } else {
        (0..model.scopes.classes.len()).find(|&c| {
            let class = &model.scopes.classes[c];
            class.parent.is_none() && class.def.name.as_str() == name.id.as_str()
        })?
    };
    let init = (0..model.scopes.functions.len()).find(|&id| {
        let f = model.scopes.function(id);
        f.class == Some(class) && f.name() == "__init__"
    })?;
    let params = model.scopes.function(init).parameter_names();
    let param: String = if let Some(i) = built.expr.arguments.args.iter().position(&is_conn) {
        params.get(i)?.to_string()
    } else {
        let kw = built
            .expr
            .arguments
            .keywords
            .iter()
            .find(|k| is_conn(&k.value))?;
        kw.arg.as_ref()?.to_string()
    };
    scope_stmts(&model.scopes.function(init).def.body)
        .into_iter()
        .find_map(|s| stored_on_self(s, &param))
        .map(|attr| (class, attr))
}

/// Methods of `class` (not `__init__`, not closing ones, not async) that use
/// `self.<attr>` somewhere without holding any of the class's locks.
fn helpers(model: &Model<'_>, class: ClassId, attr: &str, locks: &[ClassLock]) -> Vec<FuncId> {
    let pattern = format!("self.{attr}");
    (0..model.scopes.functions.len())
        .filter(|&id| {
            let f = model.scopes.function(id);
            if f.class != Some(class)
                || f.is_async()
                || f.name() == "__init__"
                || sibling_lock::closing_name(f.name())
            {
                return false;
            }
            let start = f.def.range().start();
            let text = model.slice(f.def.range());
            let bytes = text.as_bytes();
            text.match_indices(&pattern).any(|(i, _)| {
                if bytes
                    .get(i + pattern.len())
                    .is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'_')
                {
                    return false;
                }
                let at = TextRange::at(
                    start + ruff_text_size::TextSize::try_from(i).unwrap_or_default(),
                    ruff_text_size::TextSize::try_from(pattern.len()).unwrap_or_default(),
                );
                lock_at(model, locks, id, at).is_none()
            })
        })
        .collect()
}
