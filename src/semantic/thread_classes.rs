//! Methods that run on a thread of their own because of the class they are
//! defined in: the `run` of a `threading.Thread` subclass (what `start()` runs on
//! the new thread), directly or through a base class of the same module
//! (`class Probe(Worker)` where `class Worker(threading.Thread)`). The object is
//! built on the starting thread, so whatever it was handed (a database object,
//! a connection) is used from the new one.

use ruff_python_ast::Expr;

use super::model::Model;
use super::refs::CallRef;

const THREAD_BASES: &[&str] = &["threading.Thread"];

/// The `run` methods of this module's thread subclasses, as thread entries.
pub fn run_refs(model: &Model<'_>) -> Vec<CallRef> {
    let classes = &model.scopes.classes;
    let marked = classes
        .iter()
        .map(|c| c.def.bases().iter().any(|b| is_thread_base(model, b)))
        .collect();
    let threaded = with_subclasses(model, marked);
    model
        .scopes
        .functions
        .iter()
        .filter(|f| f.name() == "run" && !f.is_async())
        .filter(|f| f.class.is_some_and(|c| threaded[c]))
        .map(|f| CallRef::Local(f.qualname.clone()))
        .collect()
}

/// `marked` (one flag per class of the module) extended to the classes that
/// derive from a marked class of the same module, to a fixed point: a chain of
/// bases is short and each pass can only add. The one home of this walk for
/// every "subclass of a library class" question of the thread model.
pub fn with_subclasses(model: &Model<'_>, mut marked: Vec<bool>) -> Vec<bool> {
    let classes = &model.scopes.classes;
    loop {
        let mut changed = false;
        for (i, c) in classes.iter().enumerate() {
            if marked[i] {
                continue;
            }
            let derives = c.def.bases().iter().any(|b| match b {
                Expr::Name(n) => classes
                    .iter()
                    .enumerate()
                    .any(|(j, other)| marked[j] && other.def.name.as_str() == n.id.as_str()),
                _ => false,
            });
            if derives {
                marked[i] = true;
                changed = true;
            }
        }
        if !changed {
            return marked;
        }
    }
}

pub fn is_thread_base(model: &Model<'_>, base: &Expr) -> bool {
    matches!(base, Expr::Name(_) | Expr::Attribute(_))
        && model
            .resolve(base, None)
            .is_some_and(|q| THREAD_BASES.contains(&q.as_str()))
}
