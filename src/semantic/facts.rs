//! Module-wide facts other modules need: which functions this module runs
//! concurrently or hands to the web framework, which database files it opens,
//! and whether it checks database integrity. Kept in the project index.

use std::collections::HashSet;

use super::databases::{self, DbOpen};
use super::effects;
use super::model::Model;
use super::project::{CallRef, FunctionSummary, ProjectView};
use super::routes::{self, RouteKind};
use super::spawn::{self, SpawnKind, func_ref};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Entry {
    Spawned(SpawnKind),
    Route(RouteKind),
}

#[derive(Debug, Clone, Default)]
pub struct ModuleFacts {
    /// Functions this module starts concurrently or registers with the framework.
    pub entries: Vec<(CallRef, Entry)>,
    pub databases: Vec<DbOpen>,
    /// Module-level constants naming a database file (`DB_PATH = "app.db"`).
    pub path_constants: Vec<(String, String)>,
    pub integrity_check: bool,
}

pub fn of_module(model: &Model<'_>) -> ModuleFacts {
    let mut entries = Vec::new();
    for s in spawn::spawns(model) {
        for f in s.functions() {
            if let Some(r) = func_ref(model, s.call.scope, f) {
                entries.push((r, Entry::Spawned(s.kind)));
            }
        }
    }
    for (r, kind) in routes::registered_refs(model) {
        entries.push((r, Entry::Route(kind)));
    }
    ModuleFacts {
        entries,
        databases: databases::opens(model)
            .into_iter()
            .map(|(o, _)| o)
            .collect(),
        path_constants: databases::path_constants(model),
        integrity_check: databases::checks_integrity(model),
    }
}

/// A function of the project: its module (`None`: the module being checked) and qualname.
pub type Node = (Option<usize>, String);

/// A set of functions reached from some entry points.
pub type Reachable = HashSet<Node>;

/// Every module of the project as the checked module sees it: its own summary
/// from its current text, the others from the index.
pub fn modules<'v>(
    view: &'v ProjectView<'_>,
) -> Vec<(Option<usize>, &'v super::project::ModuleSummary)> {
    let mut out: Vec<(Option<usize>, &super::project::ModuleSummary)> = vec![(None, &view.own)];
    for (i, m) in view.index.modules.iter().enumerate() {
        if Some(i) != view.module {
            out.push((Some(i), m));
        }
    }
    out
}

/// How the functions of the project are entered: each function named by some
/// module's entries, with how.
pub fn entries(view: &ProjectView<'_>) -> Vec<(Node, Entry, bool)> {
    let mut out = Vec::new();
    for (m, module) in modules(view) {
        for (r, entry) in &module.facts.entries {
            if let Some((m2, s)) = effects::follow(view, m, r) {
                out.push(((m2, s.qualname.clone()), *entry, s.is_async));
            }
        }
        for f in &module.functions {
            if let Some(kind) = f.effects.route {
                out.push(((m, f.qualname.clone()), Entry::Route(kind), f.is_async));
            }
        }
    }
    out
}

/// The functions of the project that run in a worker thread, several at a time:
/// sync routes and dependencies (the framework's thread pool), thread and executor
/// targets, sync background tasks, and every sync function they call.
pub fn thread_reachable(view: &ProjectView<'_>) -> HashSet<Node> {
    reachable(view, false, SpawnKind::Thread, |s| &s.calls)
}

pub fn summary_of<'v>(view: &'v ProjectView<'_>, node: &Node) -> Option<&'v FunctionSummary> {
    match node.0 {
        None => view.own.function(&node.1),
        Some(m) => view.index.modules[m].function(&node.1),
    }
}

/// The coroutines of the project that run as concurrent tasks on the event loop:
/// async routes and dependencies, tasks and async background tasks, and the
/// coroutines they await.
pub fn task_reachable(view: &ProjectView<'_>) -> HashSet<Node> {
    reachable(view, true, SpawnKind::Task, |s| &s.effects.calls)
}

/// The functions of one kind (`is_async`) that run from an entry point (routes,
/// and spawns of `spawned` kind or background tasks), through `calls` to
/// functions of the same kind.
fn reachable(
    view: &ProjectView<'_>,
    is_async: bool,
    spawned: SpawnKind,
    calls: impl Fn(&FunctionSummary) -> &Vec<CallRef>,
) -> HashSet<Node> {
    let mut seen: HashSet<Node> = HashSet::new();
    let mut queue: Vec<Node> = entries(view)
        .into_iter()
        .filter(|(_, entry, entry_async)| {
            *entry_async == is_async
                && match entry {
                    Entry::Route(_) => true,
                    Entry::Spawned(kind) => *kind == spawned || *kind == SpawnKind::Background,
                }
        })
        .map(|(node, _, _)| node)
        .collect();
    while let Some(node) = queue.pop() {
        if !seen.insert(node.clone()) {
            continue;
        }
        let Some(summary) = summary_of(view, &node) else {
            continue;
        };
        for r in calls(summary) {
            if let Some((m, s)) = effects::follow(view, node.0, r) {
                if s.is_async == is_async {
                    queue.push((m, s.qualname.clone()));
                }
            }
        }
    }
    seen
}
