//! Modules beside the program rather than part of it, and what their WAL
//! settings say about the program's files.
//!
//! - Developer-only code: tests, benchmarks, examples and retired trees
//!   (`sole_connection::counted`), and scripts in a developer's folder (`dev/`,
//!   `bench/`, `profiling/`) that no module imports. They run on a
//!   developer's machine against scratch files; the deployed program never
//!   runs them, so nothing they set reaches the user's database, whatever
//!   file name they share with it (a timing script's `cache.db` in its working
//!   folder is not the package's `cache.db` in the user's cache folder).
//! - Hand-run maintainer scripts: a script in `scripts/`, `tools/` ... that
//!   no module imports. A setup step may be run on the deployed file (WAL set
//!   there persists in it, F-wal-persists), so a setting on a file it names
//!   counts; a setting on a file from its command line or a parameter says
//!   nothing about the program's files.

use super::project::ModuleSummary;

/// Folders of a developer's own scripts: never run where the program runs.
const DEV_FOLDERS: &[&str] = &[
    "dev",
    "devtools",
    "devscripts",
    "bench",
    "benchmark",
    "benchmarks",
    "profiling",
];

/// Folders of maintainers' hand-run scripts, which may be deployment steps.
const SCRIPT_FOLDERS: &[&str] = &[
    "scripts",
    "script",
    "tools",
    "tooling",
    "maint",
    "maintenance",
    "hack",
];

/// How a module stands beside the program.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Aside {
    /// Part of the program (or not known to be anything else).
    Program,
    /// Developer-only code: its settings never reach the program's files.
    DevOnly,
    /// A hand-run script: only its settings on a named file may reach them.
    HandRun,
}

/// Where `module` stands. A module the import graph does not know
/// (`fetch-all.py`: a hyphen makes it unimportable) is imported by nothing;
/// without a graph at all, only the first test applies.
pub fn aside(module: &ModuleSummary, graph: Option<&super::import_graph::ImportGraph>) -> Aside {
    if !counted_path(&module.path) {
        return Aside::DevOnly;
    }
    let Some(graph) = graph else {
        return Aside::Program;
    };
    if graph.is_imported(&module.path) == Some(true) {
        return Aside::Program;
    }
    let folders = super::paths::project_folders(&module.path);
    if folders.iter().any(|f| DEV_FOLDERS.contains(&f.as_str())) {
        Aside::DevOnly
    } else if folders.iter().any(|f| SCRIPT_FOLDERS.contains(&f.as_str())) {
        Aside::HandRun
    } else {
        Aside::Program
    }
}

/// Whether a WAL setting of a module standing so counts for the program's
/// connections; `names_file`: the setting is on a file the source names.
pub fn wal_counts(aside: Aside, names_file: bool) -> bool {
    match aside {
        Aside::Program => true,
        Aside::DevOnly => false,
        Aside::HandRun => names_file,
    }
}

/// Whether a module's own connections and settings count as the program's: not
/// a test, a migration, an example, a retired tree or a benchmark.
pub(crate) fn counted_path(path: &std::path::Path) -> bool {
    !super::paths::is_test_module(path)
        && !super::paths::is_startup_only(path)
        && super::import_graph::example_tree(path).is_none()
        && super::import_graph::retired_tree(path).is_none()
        && !path.iter().any(|part| {
            let part = part.to_string_lossy().to_ascii_lowercase();
            matches!(part.as_str(), "bench" | "benchmark" | "benchmarks")
                || (part.starts_with("bench_") && part.ends_with(".py"))
        })
}
