//! A program monkey-patched by gevent (`from gevent import monkey;
//! monkey.patch_all()`): its threads are greenlets of one OS thread, which
//! switch only where gevent's patched I/O or sleep yields. The sqlite3 module
//! is C code that never calls into gevent, so no greenlet runs while another
//! is inside a sqlite3 call, and a statement run in autocommit or committed
//! before the next yield is never met by another greenlet's lock
//! (docs/sqlite-facts.md#F-gevent-no-yield). The threads such a program
//! starts are not a second party of its database, unless some transaction is
//! held across a sleep or a network call (where another greenlet runs); other
//! processes still are.

use super::project::{ModuleSummary, ProjectView};

/// Imports that patch the standard library's threads into greenlets.
const PATCH_IMPORTS: &[&str] = &["gevent.monkey", "eventlet.monkey_patch"];

fn patches(module: &ModuleSummary) -> Option<String> {
    // Tests patch for their own reasons; the program is what counts.
    if super::paths::is_test_module(&module.path) {
        return None;
    }
    module.imports.iter().find_map(|import| {
        PATCH_IMPORTS
            .iter()
            .find(|p| {
                import.target == **p
                    || import
                        .target
                        .strip_prefix(**p)
                        .is_some_and(|rest| rest.starts_with('.'))
            })
            .map(|p| format!("{} imports {p}", crate::diff::display_path(&module.path)))
    })
}

/// Where the project patches its threads into greenlets, if it does.
pub fn patched(view: &ProjectView<'_>) -> Option<String> {
    struct Patched;
    super::across_modules::first_module::<Patched, String>(view, patches)
}

/// Whether some function of the project does slow work (what yields to
/// another greenlet) inside an open write transaction
/// (`FunctionSummary::slow_in_tx`): its threads are a second party again.
pub fn yields_in_transaction(view: &ProjectView<'_>) -> bool {
    struct YieldsInTransaction(bool);
    let project = view.index.memo(|index| {
        YieldsInTransaction(
            index
                .modules
                .iter()
                .filter(|m| !super::paths::is_test_module(&m.path))
                .any(|m| m.functions.iter().any(|f| f.slow_in_tx)),
        )
    });
    project.0 || view.own.functions.iter().any(|f| f.slow_in_tx)
}
