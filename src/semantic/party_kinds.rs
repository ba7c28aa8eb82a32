//! What kind of parties share a program's database files: threads and tasks
//! of one process, or other processes.
//!
//! The difference decides the pragma advice. Inside one process, threads that
//! each commit one short transaction wait milliseconds for one another, well
//! inside Python's 5 s busy wait (docs/sqlite-facts.md#F-busy-default), so the
//! advice is noise there unless some transaction is long. Separate processes
//! are different: each holds the file's lock for a commit's fsync (on a network
//! filesystem for round trips as well), they start in bursts (a test run's
//! workers, the ranks of one job, the runs of one CI step), and nothing in the
//! program orders them, so even short transactions meet "database is locked"
//! and the missing wait or WAL is the fix maintainers make.
//!
//! Evidence of other processes, most specific first: the second party already
//! named is a process (a pool of processes, another program of the project
//! opening the same file, a server's worker processes); the deployment forks
//! workers; a module starts worker processes; the program runs as ranks of an
//! MPI job (`mpi4py`); the module is a pytest plugin (its `pytest_*` hooks run
//! in every xdist worker process).

use super::project::{ModuleSummary, ProjectView};
use super::second_party::SecondParty;
use super::spawn::SpawnKind;
use super::summary_types::Entry;

/// The kinds of party beside the viewed module's connections.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Kinds {
    /// Only threads or tasks of the program's one process (or nobody known).
    InProcess,
    /// Other processes open the project's files; the text names them.
    OtherProcesses(String),
}

impl Kinds {
    pub fn other_processes(&self) -> Option<&str> {
        match self {
            Kinds::OtherProcesses(who) => Some(who),
            Kinds::InProcess => None,
        }
    }
}

/// The kinds of party of the viewed module, given the second party the pragma
/// rules found (`second_party::for_pragmas`).
pub fn of(view: &ProjectView<'_>, party: &SecondParty) -> Kinds {
    if let SecondParty::Known(who) = party
        && names_processes(who)
    {
        return Kinds::OtherProcesses(who.clone());
    }
    if let super::deployment::Serving::Concurrent(how) = view.index.deployment()
        && view.index.deployment().forks_workers()
    {
        return Kinds::OtherProcesses(format!("the web server's worker processes ({how})"));
    }
    if let Some(who) = super::second_party::other_program(view) {
        return Kinds::OtherProcesses(who);
    }
    if let Some(who) = module_evidence(&view.own) {
        return Kinds::OtherProcesses(who);
    }
    struct Found(Option<String>);
    let found = view.index.memo(|index| {
        Found(
            index
                .modules
                .iter()
                .filter(|m| !super::paths::is_test_module(&m.path))
                .find_map(module_evidence),
        )
    });
    match &found.0 {
        Some(who) => Kinds::OtherProcesses(who.clone()),
        None => Kinds::InProcess,
    }
}

/// Evidence that is about processes whatever the database: used where the
/// second party is unknown or absent, to keep the advice for programs that
/// run as many processes by construction (MPI ranks, pytest-xdist workers).
pub fn multi_process_program(view: &ProjectView<'_>) -> Option<String> {
    let by_construction =
        |m: &ModuleSummary| module_evidence(m).filter(|who| !who.starts_with(STARTED));
    if let Some(who) = by_construction(&view.own) {
        return Some(who);
    }
    struct Found(Option<String>);
    let found = view.index.memo(|index| {
        Found(
            index
                .modules
                .iter()
                .filter(|m| !super::paths::is_test_module(&m.path))
                .find_map(|m| module_evidence(m).filter(|who| !who.starts_with(STARTED))),
        )
    });
    found.0.clone()
}

const STARTED: &str = "worker processes started in";

/// A second party's text that names processes, not threads: "other processes
/// running", "another program ... in its own process", gunicorn or ASGI
/// worker processes. An import of a web framework ("request threads or worker
/// processes") says only that a server may fork, so it does not count.
fn names_processes(who: &str) -> bool {
    who.contains("process") && !who.contains("threads or worker processes")
}

fn module_evidence(module: &ModuleSummary) -> Option<String> {
    let file = crate::diff::display_path(&module.path);
    if module
        .facts
        .entries
        .iter()
        .any(|(_, e)| *e == Entry::Spawned(SpawnKind::Process))
    {
        return Some(format!("{STARTED} {file}"));
    }
    if module
        .imports
        .iter()
        .any(|i| i.target == "mpi4py" || i.target.starts_with("mpi4py."))
    {
        return Some(format!(
            "the ranks of an MPI job, one process each ({file} imports mpi4py)"
        ));
    }
    let hook = module.functions.iter().find(|f| {
        PYTEST_HOOKS.contains(&f.qualname.as_str()) && !super::paths::is_test_module(&module.path)
    });
    hook.map(|f| {
        format!(
            "pytest-xdist worker processes, each running the plugin hook `{}` ({file})",
            f.qualname
        )
    })
}

/// Hooks a pytest plugin defines at module level; under pytest-xdist each
/// worker process runs them.
const PYTEST_HOOKS: &[&str] = &[
    "pytest_configure",
    "pytest_sessionstart",
    "pytest_sessionfinish",
    "pytest_collection_modifyitems",
    "pytest_runtest_setup",
    "pytest_runtest_call",
    "pytest_runtest_teardown",
    "pytest_runtest_makereport",
    "pytest_runtest_logreport",
    "pytest_addoption",
    "pytest_unconfigure",
];

#[cfg(test)]
mod tests {
    use super::names_processes;

    #[test]
    fn threads_are_not_processes() {
        assert!(!names_processes("worker threads running `poll` (jobs.py)"));
        assert!(!names_processes(
            "the web server's request threads or worker processes (app.py imports flask)"
        ));
        assert!(names_processes("other processes running `work` (run.py)"));
        assert!(names_processes(
            "another program of the project, `cron.py`, running in its own process and opening the same database (`app.db`)"
        ));
    }
}
