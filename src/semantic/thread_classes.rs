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
    let mut threaded: Vec<bool> = classes
        .iter()
        .map(|c| c.def.bases().iter().any(|b| is_thread_base(model, b)))
        .collect();
    // Subclasses of the module's own thread classes, to a fixed point (a
    // chain of bases is short; each pass can only add).
    loop {
        let mut changed = false;
        for (i, c) in classes.iter().enumerate() {
            if threaded[i] {
                continue;
            }
            let derives = c.def.bases().iter().any(|b| match b {
                Expr::Name(n) => classes
                    .iter()
                    .enumerate()
                    .any(|(j, other)| threaded[j] && other.def.name.as_str() == n.id.as_str()),
                _ => false,
            });
            if derives {
                threaded[i] = true;
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
    model
        .scopes
        .functions
        .iter()
        .filter(|f| f.name() == "run" && !f.is_async())
        .filter(|f| f.class.is_some_and(|c| threaded[c]))
        .map(|f| CallRef::Local(f.qualname.clone()))
        .collect()
}

fn is_thread_base(model: &Model<'_>, base: &Expr) -> bool {
    matches!(base, Expr::Name(_) | Expr::Attribute(_))
        && model
            .resolve(base, None)
            .is_some_and(|q| THREAD_BASES.contains(&q.as_str()))
}
