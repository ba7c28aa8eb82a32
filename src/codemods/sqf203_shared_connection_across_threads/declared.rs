//! A connection its own author opened for any thread, shared with no lock,
//! where the threads that call it are not seen: `__init__` (or a `start()`)
//! keeps `sqlite3.connect(..., check_same_thread=False)` on `self`, maybe with
//! one cursor beside it, and the object's methods run statements on it with no
//! lock anywhere in the class.
//!
//! The flag is the author's statement that threads other than the builder's
//! use the object: it exists only to let them (docs/sqlite-facts.md#F-same-thread),
//! and sqlite3 leaves serializing them to the user (F-shared-transaction,
//! F-shared-cursor). The threads themselves are often started where the
//! project's call graph cannot follow: a web framework's request threads, a
//! scheduler's or a REST API's thread pool, device callbacks, the object
//! reached through attributes of other objects (`hub.hardware.board`).
//!
//! The statement alone is not enough (a single-threaded CLI may pass the flag
//! for no reason): the program must run threads of its own process
//! (`second_party`, processes alone do not count), and a module that starts them
//! must load the class's module (`ImportGraph::loaded_by_concurrent`), so the
//! threads can be handed its objects. Not reported either when a lock of the
//! class guards any use (`sibling_lock` asks about the others), on a Twisted
//! reactor's one thread, when every use runs in a hook the library calls one
//! at a time (`logging.Handler.emit`), or when no public method other than
//! the constructor, the opening method and the closing ones uses the
//! connection.

use crate::finding::{Confidence, Finding};
use crate::semantic::class_locks;
use crate::semantic::connections::{ConnKey, ConnSite};
use crate::semantic::library_dispatch;
use crate::semantic::model::{Call, Model};
use crate::semantic::project::ProjectView;
use crate::semantic::scopes::FuncId;
use crate::semantic::second_party::{self, SecondParty};

/// The threads the program runs that can reach the module of `model`, as a
/// message names them, when it runs any.
pub fn program_threads(model: &Model<'_>, view: &ProjectView<'_>) -> Option<String> {
    let SecondParty::Known(who) = second_party::of_project(view) else {
        return None;
    };
    // An import counts (`import threading` beside the textual start below):
    // the threads that reach the database through the object are the very
    // ones the project's call graph does not see.
    if !who.runs.has_threads() {
        return None;
    }
    let loaded = view
        .index
        .import_graph()?
        .loaded_by_concurrent(model.path)?;
    loaded.then_some(who.text)
}

/// The connection was opened with a literal `check_same_thread=False`: the
/// author's own word, not an expression that may be either.
pub fn declared_any_thread(site: &ConnSite<'_, '_>) -> bool {
    matches!(
        site.call.keyword("check_same_thread"),
        Some(ruff_python_ast::Expr::BooleanLiteral(b)) if !b.value
    )
}

/// The methods that use the `self` connection `key` (or its cursors), when
/// none of its uses is under a lock: every method but the constructor, the
/// opening method and the closing ones, with at least one public method among
/// them (what other objects call). Empty when the finding does not apply.
pub fn unlocked_methods(
    model: &Model<'_>,
    site: &ConnSite<'_, '_>,
    key: &ConnKey,
    uses: &[(FuncId, &Call<'_>)],
) -> Vec<FuncId> {
    let ConnKey::SelfAttr { class, .. } = key else {
        return Vec::new();
    };
    let locks = class_locks::class_locks(model, *class);
    if !locks.is_empty()
        || uses.iter().any(|(id, call)| {
            super::guarded(model, *id, call)
                || class_locks::lock_around(model, &locks, *id, call.range()).is_some()
        })
    {
        return Vec::new();
    }
    // A hook the library runs one call at a time (`logging.Handler.emit`
    // under the handler's lock) never overlaps itself.
    let serialized: Vec<FuncId> = library_dispatch::any_thread_hooks(model)
        .iter()
        .filter(|h| h.serialized)
        .flat_map(|h| library_dispatch::reached_from(model, h.function))
        .collect();
    let mut methods: Vec<FuncId> = Vec::new();
    for (id, _) in uses {
        let f = model.scopes.function(*id);
        if f.class.is_none()
            || f.is_async()
            || Some(*id) == site.scope()
            || f.name() == "__init__"
            || closing(f.name())
            || serialized.contains(id)
            || methods.contains(id)
        {
            continue;
        }
        methods.push(*id);
    }
    let public = methods
        .iter()
        .any(|id| !model.scopes.function(*id).name().starts_with('_'));
    if !public {
        return Vec::new();
    }
    methods
}

/// The connection's finding, re-worded: the second party is the program's
/// threads that the flag declares, not a thread seen calling the methods.
pub fn reword(
    model: &Model<'_>,
    key: &ConnKey,
    methods: &[FuncId],
    threads: &str,
    mut found: Finding,
) -> Finding {
    let ConnKey::SelfAttr { class, attr } = key else {
        return found;
    };
    let names: Vec<String> = methods
        .iter()
        .take(3)
        .map(|id| format!("`{}`", super::method_name(model, key, *id)))
        .collect();
    let more = if methods.len() > 3 {
        format!(" and {} more", methods.len() - 3)
    } else {
        String::new()
    };
    found.message = format!(
        "Connection `self.{attr}` is opened with check_same_thread=False, which only serves to let threads other than the builder's use it, and `{}`'s methods ({}{more}) use it with no lock, in a program that runs {threads} in a process that loads this module: their transactions interleave, one thread's commit or rollback lands on another's work{}",
        model.scopes.classes[*class].def.name,
        names.join(", "),
        cursor_tail(&found.message),
    );
    found.confidence = Confidence::Medium;
    found
}

/// The cursor clause of the connection's finding, kept as it was.
fn cursor_tail(message: &str) -> &str {
    message
        .find("; they also share its one cursor")
        .map_or("", |at| &message[at..])
}

/// A method that ends the object's life (`close`, `close_db`, `__exit__`),
/// run once by its owner. `close_valve` closes something else: a use.
fn closing(name: &str) -> bool {
    super::sibling_lock::ends_life(name)
        || name.strip_prefix("close").is_some_and(|rest| {
            rest.is_empty()
                || ["conn", "db", "database", "all", "session", "connection"]
                    .iter()
                    .any(|w| rest.trim_start_matches('_').eq_ignore_ascii_case(w))
        })
}
