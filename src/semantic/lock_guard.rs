//! Whether code runs under a threading lock: inside a `with <...lock...>:`
//! block of its function, or in a private helper (`self._run(...)`, `_run(...)`)
//! that the module only ever calls from such blocks. A connection every use of
//! which runs so is used by one thread at a time: its transactions never
//! interleave (SQF203), and with no other connection to the file nothing can
//! wait for its lock (F-busy-needs-two, SQF101).
//!
//! A helper counts only when its name is private (a leading underscore, not a
//! dunder), every mention of the name in the module is a call (not handed to
//! a thread or kept as a callback), and each call is itself under a lock, two
//! helpers deep at most. Public methods may be called from other modules,
//! whose calls this module does not see.

use ruff_python_ast::{Expr, Stmt};
use ruff_text_size::{Ranged, TextRange};

use super::model::Model;
use super::scopes::FuncId;
use super::visit;

/// How many private helpers may lie between the lock and the use.
const DEPTH: usize = 2;

/// The code at `range` in function `id` runs with a threading lock held.
pub fn under_lock(model: &Model<'_>, id: FuncId, range: TextRange) -> bool {
    under_lock_at(model, id, range, DEPTH)
}

/// The code at `range` sits in a `with <...lock...>:` block of function `id`,
/// or in the body of a `try` whose `finally` calls `<...lock...>.release()`
/// (the `acquire()`/`release()` spelling of the same block).
pub fn in_lock_block(model: &Model<'_>, id: FuncId, range: TextRange) -> bool {
    let body = &model.scopes.function(id).def.body;
    let lock_named = |e: &Expr| model.slice(e.range()).to_ascii_lowercase().contains("lock");
    visit::any_stmt(body, |s| match s {
        Stmt::With(w) => {
            w.range().contains_range(range) && w.items.iter().any(|i| lock_named(&i.context_expr))
        }
        Stmt::Try(t) => {
            t.body.iter().any(|b| b.range().contains_range(range))
                && t.finalbody.iter().any(|f| {
                    let Stmt::Expr(e) = f else {
                        return false;
                    };
                    let Expr::Call(c) = &*e.value else {
                        return false;
                    };
                    matches!(&*c.func, Expr::Attribute(a)
                        if a.attr.as_str() == "release" && lock_named(&a.value))
                })
        }
        _ => false,
    })
}

/// The `with <...lock...>:` items whose blocks hold the code at `range` in
/// function `id`, outermost first, as written.
pub fn lock_items_around<'a>(model: &Model<'a>, id: FuncId, range: TextRange) -> Vec<&'a str> {
    let mut out = Vec::new();
    for stmt in visit::scope_stmts(&model.scopes.function(id).def.body) {
        let Stmt::With(with) = stmt else {
            continue;
        };
        if !with.range().contains_range(range) {
            continue;
        }
        for item in &with.items {
            let text = model.slice(item.context_expr.range());
            if text.to_ascii_lowercase().contains("lock") {
                out.push(text);
            }
        }
    }
    out
}

fn under_lock_at(model: &Model<'_>, id: FuncId, range: TextRange, depth: usize) -> bool {
    if in_lock_block(model, id, range) {
        return true;
    }
    if depth == 0 {
        return false;
    }
    let function = model.scopes.function(id);
    let name = function.name();
    if !name.starts_with('_') || name.starts_with("__") {
        return false;
    }
    let calls: Vec<_> = model
        .calls_named(name)
        .filter(|c| match &*c.expr.func {
            Expr::Name(_) => function.class.is_none() && function.parent.is_none(),
            Expr::Attribute(a) => {
                function.class.is_some()
                    && matches!(&*a.value, Expr::Name(n) if n.id.as_str() == "self")
                    && model.scopes.enclosing_class(c.scope) == function.class
            }
            _ => false,
        })
        .collect();
    if calls.is_empty() || model.uses_of_name(name) != calls.len() {
        return false;
    }
    calls.iter().all(|c| {
        c.scope
            .is_some_and(|s| s != id && under_lock_at(model, s, c.range(), depth - 1))
    })
}

/// Every use of the connection `site` opens, in this module, runs under a
/// threading lock ([`under_lock`]), except where it is set up (the function
/// that opens it, `__init__`), and at least one use does. A connection kept
/// on `self` counts only when the module never reaches it other than as
/// `self.<attr>` of its class; one handed to other code must be handed on
/// under the lock too.
pub fn every_use_locked(model: &Model<'_>, site: &super::connections::ConnSite<'_, '_>) -> bool {
    use super::connections::{self, ConnKey};
    let Some(key) = connections::key_of(model, site) else {
        return false;
    };
    if let ConnKey::SelfAttr { class, attr } = &key {
        let text = model.slice(model.scopes.classes[*class].def.range());
        let bytes = text.as_bytes();
        let pattern = format!("self.{attr}");
        let on_self = text
            .match_indices(&pattern)
            .filter(|(i, _)| {
                bytes
                    .get(i + pattern.len())
                    .is_none_or(|b| !(b.is_ascii_alphanumeric() || *b == b'_'))
            })
            .count();
        if model.uses_of_name(attr) != on_self {
            return false;
        }
    }
    let setup =
        |id: FuncId| Some(id) == site.scope() || model.scopes.function(id).name() == "__init__";
    let mut any = false;
    let uses = connections::uses(model, &key);
    let passed = connections::passed_to(model, &key);
    for call in uses.into_iter().chain(passed.into_iter().map(|(c, _)| c)) {
        let Some(id) = call.scope else {
            return false;
        };
        if call.in_lambda {
            return false;
        }
        if setup(id) {
            continue;
        }
        if !under_lock(model, id, call.range()) {
            return false;
        }
        any = true;
    }
    any
}
