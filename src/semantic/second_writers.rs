//! Who else writes this database while a read-then-write runs: the concrete
//! second writer a lost update or a failed lock upgrade needs (SQF305, SQF306).
//!
//! `second_party` answers for the whole project (threads, processes, an event
//! loop); this module answers for one read-then-write, and names the writer:
//!
//! - **Under an in-process lock.** A read and write inside `with <lock>:` where
//!   the lock is a `threading` one (or any lock not known to span processes)
//!   run one thread at a time, so the project's threads are no second writer.
//!   Only another process is: another program of the project that loads the
//!   same module or opens the same file. A file lock (`filelock`, `fcntl`,
//!   `portalocker`, `fasteners`) or a `multiprocessing` lock orders processes
//!   too: nobody is left.
//! - **Worker threads** that reach the function, or its connection shared
//!   across threads: named by `threads::concurrency_reason`.
//! - **Startup-only code** (a migration runner) has a second writer only when
//!   two programs of the project load it: each runs it at start in its own
//!   process, and both can see the same pending steps.
//! - **The project's second party** (`second_party::of_project`) when known.
//! - **Several programs loading the module** (a training script and a
//!   dashboard both importing the store) when nothing else is known.
//! - Otherwise, a library's callers may still be concurrent (reported with
//!   less confidence): a distributable package, or a module no program of the
//!   project runs. A module the project's one program runs, with nothing
//!   concurrent (a one-user CLI), has no second writer.

use ruff_python_ast::{Expr, Stmt};
use ruff_text_size::{Ranged, TextRange};

use super::model::Model;
use super::project::ProjectView;
use super::scopes::FuncId;
use super::second_party::{self, SecondParty};

/// The second writer of one read-then-write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SecondWriter {
    /// Someone concrete; the text names it ("`poll` runs on worker threads").
    Named(String),
    /// A library's code: whoever calls it decides; the text says so.
    Callers(String),
    /// Nobody can write between the read and the write.
    Nobody,
}

/// What the finding's caller knows already about the function.
pub struct Known<'k> {
    /// Why the function runs concurrently on threads (`threads::concurrency_reason`).
    pub threads: Option<String>,
    pub party: &'k SecondParty,
}

/// The second writer of the read-then-write spanning `span` in function `scope`.
pub fn of_read_then_write(
    view: &ProjectView<'_>,
    model: &Model<'_>,
    scope: FuncId,
    span: TextRange,
    known: &Known<'_>,
) -> SecondWriter {
    if let Some(lock) = enclosing_lock(model, scope, span) {
        if spans_processes(model, scope, lock) {
            return SecondWriter::Nobody;
        }
        let name = model.slice(lock.range());
        return match other_process(view) {
            Some(who) => SecondWriter::Named(format!(
                "{who}; `{name}` orders the threads of one process, not other processes (no lock file is taken)"
            )),
            None => SecondWriter::Nobody,
        };
    }
    if let Some(why) = &known.threads {
        return SecondWriter::Named(why.clone());
    }
    if second_party::is_startup_only(model.path) {
        return other_process(view).map_or(SecondWriter::Nobody, SecondWriter::Named);
    }
    match known.party {
        SecondParty::Known(who) => SecondWriter::Named(who.text.clone()),
        SecondParty::None(_) => SecondWriter::Nobody,
        SecondParty::Unknown => {
            if let Some(who) = other_process(view) {
                return SecondWriter::Named(who);
            }
            // No program of the project runs it (a library, or a module whose
            // callers live elsewhere): those callers decide.
            let run_here = view
                .index
                .import_graph()
                .and_then(|g| g.programs_loading(&view.own.path, 1))
                .is_some_and(|n| n > 0);
            if !run_here || super::library::distributable_package(model.path).is_some() {
                SecondWriter::Callers(
                    "No concurrent caller was found in the project (a library: it matters once two threads or processes of its callers run it)".to_string(),
                )
            } else {
                SecondWriter::Nobody
            }
        }
    }
}

/// The second writer of a Django `atomic` block that reads then writes
/// (super::django_atomic): a lock covering the block as in
/// [`of_read_then_write`], the function's own worker threads, then a Django
/// process of the project that writes on its own (a management command, a
/// task-queue worker, a script setting Django up; another module's first),
/// then a deployment with several web workers. That the project imports
/// Django (or a task library) names nobody.
pub fn of_django_block(
    view: &ProjectView<'_>,
    model: &Model<'_>,
    scope: FuncId,
    span: TextRange,
    threads: Option<String>,
) -> SecondWriter {
    if let Some(lock) = enclosing_lock(model, scope, span)
        && spans_processes(model, scope, lock)
    {
        return SecondWriter::Nobody;
    }
    if let Some(why) = threads {
        return SecondWriter::Named(why);
    }
    if let Some(who) = super::django_atomic::project_writer(view) {
        return SecondWriter::Named(who);
    }
    match view.index.deployment() {
        super::deployment::Serving::Concurrent(how) => {
            SecondWriter::Named(format!("the web server's concurrent requests under {how}"))
        }
        _ => SecondWriter::Nobody,
    }
}

/// Another process writing the same database: a second program of the project
/// that loads the viewed module (each runs its code in its own process), or a
/// program that opens the same file (`second_party::other_program`).
pub fn other_process(view: &ProjectView<'_>) -> Option<String> {
    let graph = view.index.import_graph()?;
    let programs = graph.programs_loading_named(&view.own.path, 3);
    if programs.len() >= 2 {
        let names: Vec<String> = programs
            .iter()
            .map(|p| format!("`{}`", crate::diff::display_path(p)))
            .collect();
        return Some(format!(
            "{} programs of the project that each load `{}` and run it in a process of their own ({})",
            names.len(),
            crate::diff::display_path(&view.own.path),
            names.join(", ")
        ));
    }
    second_party::other_program(view)
}

/// Whether a `with <lock>:` or `async with <lock>:` block of function `scope`
/// covers `span` (a read and its write): the tasks of one event loop that run
/// this code take turns at the lock, so an await between the read and the
/// write lets no other task in between them.
/// A lock the function makes itself (`lock = asyncio.Lock()` in its body) is
/// new on every call and orders nothing.
pub fn under_in_process_lock(model: &Model<'_>, scope: FuncId, span: TextRange) -> bool {
    enclosing_lock(model, scope, span).is_some_and(|lock| match lock {
        Expr::Name(n) => !model
            .assignments_of(Some(scope), n.id.as_str())
            .iter()
            .any(|a| a.scope == Some(scope)),
        _ => true,
    })
}

/// The lock of the innermost `with <lock>:` of function `scope` around `span`.
fn enclosing_lock<'m>(model: &'m Model<'_>, scope: FuncId, span: TextRange) -> Option<&'m Expr> {
    let body = &model.scopes.function(scope).def.body;
    super::transactions::scope_stmts(body)
        .into_iter()
        .filter_map(|s| match s {
            Stmt::With(w) if body_range(&w.body).is_some_and(|b| b.contains_range(span)) => {
                w.items.iter().map(|i| &i.context_expr).find(|e| {
                    super::threads::is_lock_expr(model, e, Some(scope))
                        || spans_processes(model, scope, e)
                })
            }
            _ => None,
        })
        .last()
}

fn body_range(body: &[Stmt]) -> Option<TextRange> {
    Some(body.first()?.range().cover(body.last()?.range()))
}

/// Lock factories whose lock other processes also take.
const PROCESS_LOCKS: &[&str] = &[
    "filelock.FileLock",
    "filelock.SoftFileLock",
    "filelock.UnixFileLock",
    "fasteners.InterProcessLock",
    "fasteners.InterProcessReaderWriterLock",
    "portalocker.Lock",
    "portalocker.RLock",
    "multiprocessing.Lock",
    "multiprocessing.RLock",
];

/// Whether `lock` is taken by other processes as well: built by a file-lock
/// library or `multiprocessing`, or named as a file lock (`self._file_lock`,
/// `flock(...)`, `interprocess_lock`).
fn spans_processes(model: &Model<'_>, scope: FuncId, lock: &Expr) -> bool {
    let text = model.slice(lock.range()).to_ascii_lowercase();
    if [
        "file",
        "flock",
        "interprocess",
        "process_lock",
        "portalocker",
    ]
    .iter()
    .any(|w| text.contains(w))
    {
        return true;
    }
    let built = |value: &Expr, s: Option<FuncId>| {
        let Expr::Call(c) = value else { return false };
        model.resolve(&c.func, s).is_some_and(|q| {
            PROCESS_LOCKS.contains(&q.as_str())
                || q.starts_with("filelock.")
                || q.starts_with("portalocker.")
        })
    };
    match lock {
        Expr::Call(c) => built(lock, Some(scope)) || spans_processes(model, scope, &c.func),
        Expr::Name(n) => model
            .assignments_of(Some(scope), n.id.as_str())
            .iter()
            .any(|a| built(a.value, a.scope)),
        Expr::Attribute(a) => model
            .self_attr_assignments(a.attr.as_str())
            .any(|asg| built(asg.value, asg.scope)),
        _ => false,
    }
}
