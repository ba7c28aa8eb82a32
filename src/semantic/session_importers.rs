//! Who uses one module-level ORM session across the project: the functions
//! of the module that makes it (`db.commit()` there) and of every module that
//! imports it (`from app.database import db`, then `db.commit()`; or
//! `database.db.commit()`), each outside any `with <lock>:` block.
//!
//! A session made once at import is one object for the whole process, so the
//! functions of a GUI module and of a worker-thread module that import it use
//! the same session (and its one connection) at the same time; which threads
//! run them is the caller's question (threads.rs).

use super::orm_sessions::SESSION_METHODS;
use super::project::{CallRef, ProjectView};

/// A function of the project using the session outside any lock.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionUser {
    /// Its module's index in the project.
    pub module: usize,
    pub qualname: String,
}

/// The module and name of the module-level session that `local`, a name the
/// viewed module imports at module level, stands for: `None` when it names
/// no session of another project module, or names a `scoped_session`
/// registry (a session per thread).
pub fn imported_session(
    model: &super::model::Model<'_>,
    view: &ProjectView<'_>,
    local: &str,
) -> Option<(usize, String)> {
    let own = view.module?;
    let index = view.index;
    let import = model
        .imports
        .iter()
        .find(|i| i.scope.is_none() && !i.is_module_import && i.local == local)?;
    let (target, name) = index.module_of(own, &import.target)?;
    let module = &index.modules[target];
    (target != own && module.orm_sessions.contains(&name) && !module.orm_registries.contains(&name))
        .then_some((target, name))
}

/// Every function of the project, outside the viewed module, that calls a
/// session method on `name`, the module-level session of module `owner`,
/// outside any threading lock.
pub fn users_elsewhere(view: &ProjectView<'_>, owner: usize, name: &str) -> Vec<SessionUser> {
    let index = view.index;
    let mut out = Vec::new();
    for (m, module) in index.modules.iter().enumerate() {
        if Some(m) == view.module || super::paths::is_test_module(&module.path) {
            continue;
        }
        for f in module.functions.iter().filter(|f| !f.is_async) {
            let uses = f.unlocked_calls().iter().any(|call| match call {
                CallRef::Instance { var, name: method } => {
                    m == owner && var == name && SESSION_METHODS.contains(&method.as_str())
                }
                CallRef::Dotted(dotted) => index
                    .module_of(m, dotted)
                    .is_some_and(|(target, rest)| target == owner && is_session_call(&rest, name)),
                _ => false,
            });
            if uses {
                out.push(SessionUser {
                    module: m,
                    qualname: f.qualname.clone(),
                });
            }
        }
    }
    out
}

/// `rest` is `<name>.<session method>`.
fn is_session_call(rest: &str, name: &str) -> bool {
    rest.split_once('.')
        .is_some_and(|(n, method)| n == name && SESSION_METHODS.contains(&method))
}
