//! A project method that only hands work to a thread of its own class: it puts
//! a request on a queue (`self.jobs.put((fn, args, future))`) and returns a
//! future or nothing, and a method of the same class takes the requests off
//! that queue in a loop (`while True: fn, args, future = self.jobs.get()`), on
//! the thread that owns the connection. Named like an executor's method
//! (`worker.submit(save, row)`), such a call starts no thread: every request
//! runs on the one owner thread, one after the other, so a loop of them is no
//! fan-out of concurrent writers, and calling it from a coroutine returns at
//! once (only waiting on its result, `.result()`, blocks).
//!
//! Read within one module, from the receiver's class as this module makes it
//! (`worker = SqlWorker(...)`, `self` inside the class).

use super::model::{Call, Model};
use super::refs::{CallRef, ValueRef};
use super::scopes::{ClassId, FuncId};
use ruff_python_ast::Expr;

/// Queue methods that hand a request over.
const PUTS: &[&str] = &["put", "put_nowait", "append", "appendleft"];
/// Queue methods that take one.
const GETS: &[&str] = &["get", "popleft", "pop"];

/// Whether `call` (`receiver.method(...)`) calls a method of a class of this
/// module that only enqueues for a thread of its own class.
pub fn enqueues_to_own_thread(model: &Model<'_>, call: &Call<'_>) -> bool {
    let Expr::Attribute(attr) = &*call.expr.func else {
        return false;
    };
    let Some(class) = receiver_class(model, call.scope, &attr.value) else {
        return false;
    };
    let Some(method) = model.scopes.method(class, attr.attr.as_str()) else {
        return false;
    };
    let queues = put_queues(model, method);
    !queues.is_empty() && !starts_work(model, method) && served_in_class(model, class, &queues)
}

/// The class of this module a receiver is an instance of: `self` in one of
/// its methods, a name bound (here or at module level) to `Class(...)`, or
/// what the value model makes of it.
fn receiver_class(model: &Model<'_>, scope: Option<FuncId>, receiver: &Expr) -> Option<ClassId> {
    if let Expr::Name(n) = receiver {
        if n.id.as_str() == "self" {
            return model.scopes.enclosing_class(scope);
        }
        let made_by = |s: Option<FuncId>| {
            model
                .assignments_of(s, n.id.as_str())
                .last()
                .and_then(|a| match a.value {
                    Expr::Call(c) => match &*c.func {
                        Expr::Name(class) => model.scopes.class_named(class.id.as_str()),
                        _ => None,
                    },
                    _ => None,
                })
        };
        if let Some(class) = made_by(scope).or_else(|| made_by(None)) {
            return Some(class);
        }
    }
    match super::values::value_of(model, scope, receiver)? {
        ValueRef::Made(r) => match *r {
            CallRef::Local(name) => model.scopes.class_named(&name),
            _ => None,
        },
        _ => None,
    }
}

/// The `self.<attr>` queues method `id` puts on.
fn put_queues(model: &Model<'_>, id: FuncId) -> Vec<String> {
    model
        .calls_in(Some(id))
        .filter(|c| c.method_name().is_some_and(|m| PUTS.contains(&m)))
        .filter_map(|c| self_attr(&c.expr.func))
        .collect()
}

/// `self.jobs` of `self.jobs.put`.
fn self_attr(func: &Expr) -> Option<String> {
    let Expr::Attribute(method) = func else {
        return None;
    };
    let Expr::Attribute(queue) = &*method.value else {
        return None;
    };
    matches!(&*queue.value, Expr::Name(n) if n.id.as_str() == "self")
        .then(|| queue.attr.to_string())
}

/// The method starts or runs work itself (a thread, a pool, the sqlite3 or
/// another call on the connection) besides enqueueing.
fn starts_work(model: &Model<'_>, id: FuncId) -> bool {
    model.calls_in(Some(id)).any(|c| {
        c.qualified().is_some_and(|q| {
            q.starts_with("sqlite3.") || q.starts_with("threading.") || q.contains("Executor")
        }) || c.method_name().is_some_and(|m| {
            matches!(
                m,
                "execute" | "executemany" | "executescript" | "commit" | "submit" | "result"
            )
        })
    })
}

/// A method of `class` takes requests off one of `queues` inside a loop.
fn served_in_class(model: &Model<'_>, class: ClassId, queues: &[String]) -> bool {
    model
        .scopes
        .functions
        .iter()
        .enumerate()
        .filter(|(_, f)| f.class == Some(class))
        .any(|(id, f)| {
            model.calls_in(Some(id)).any(|c| {
                c.method_name().is_some_and(|m| GETS.contains(&m))
                    && self_attr(&c.expr.func).is_some_and(|q| queues.contains(&q))
                    && !super::loops::enclosing_loops(&f.def.body, c.range()).is_empty()
            })
        })
}
