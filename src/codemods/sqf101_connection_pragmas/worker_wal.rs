//! A connect helper that switches the file to WAL, run by every worker
//! process at its start: `def connect(path): conn = sqlite3.connect(path);
//! conn.execute("PRAGMA journal_mode=WAL")`, reached from the function a
//! `ProcessPoolExecutor`, a `multiprocessing.Pool` or `Process(target=...)`
//! runs. The switch needs the file's lock: beside another worker's open write
//! transaction on a file not yet in WAL it fails at once with "database is
//! locked", whatever the busy timeout (docs/sqlite-facts.md#F-wal-busy-order),
//! so workers that start together on a new database fail on each other. WAL
//! is stored in the file (F-wal-persists): the coordinating process sets it
//! once before it starts the workers, and the workers only connect.
//!
//! Advice only, no fix: where the coordinator opens the file is the author's
//! choice. Not reported when the helper is reached only from the main
//! process, nor when every pool of the spawning module runs one job at a time
//! (semantic::serial_runs).

use rustc_hash::FxHashSet as HashSet;

use ruff_python_ast::Expr;

use super::super::Context;
use crate::finding::{Confidence, Finding, Severity};
use crate::semantic::model::{Call, Model};
use crate::semantic::project::ProjectIndex;
use crate::semantic::spawn::SpawnKind;
use crate::semantic::summary_types::Entry;

/// How many calls deep the walk from a worker's entry follows sync callees.
const DEPTH: usize = 4;

/// The project functions a worker process runs, each with the entry that
/// starts it (its simple name and the spawning module's file).
struct WorkerFunctions(rustc_hash::FxHashMap<(usize, usize), (String, String)>);

fn worker_functions(index: &ProjectIndex) -> WorkerFunctions {
    let mut out = rustc_hash::FxHashMap::default();
    for (m, module) in index.modules.iter().enumerate() {
        if module.facts.lone_workers_only {
            continue;
        }
        for (r, entry) in &module.facts.entries {
            if *entry != Entry::Spawned(SpawnKind::Process) {
                continue;
            }
            let Some(start) = index.resolve(m, r) else {
                continue;
            };
            let who = (
                r.simple_name().to_string(),
                crate::diff::display_path(&module.path),
            );
            let mut seen: HashSet<(usize, usize)> = HashSet::default();
            let mut frontier = vec![start];
            for _ in 0..=DEPTH {
                let mut next = Vec::new();
                for node in frontier {
                    if !seen.insert(node) {
                        continue;
                    }
                    out.entry(node).or_insert_with(|| who.clone());
                    next.extend(index.sync_callees(node).unwrap_or_default());
                }
                frontier = next;
            }
        }
    }
    WorkerFunctions(out)
}

/// `conn.execute("PRAGMA journal_mode=WAL")` (any case, spaces allowed).
fn switches_to_wal(call: &Call<'_>) -> bool {
    if call.method_name() != Some("execute") {
        return false;
    }
    let Some(Expr::StringLiteral(sql)) = call.expr.arguments.args.first() else {
        return false;
    };
    let sql: String = sql
        .value
        .to_str()
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_ascii_lowercase();
    sql.contains("pragmajournal_mode=wal") || sql.contains("pragmajournal_mode='wal'")
}

/// The function opens a sqlite3 connection itself: it is the helper that
/// makes the worker's connection, not a function handed one.
fn opens_connection(model: &Model<'_>, scope: Option<usize>) -> bool {
    model
        .calls_in(scope)
        .any(|c| c.qualified() == Some("sqlite3.connect"))
}

pub fn findings(ctx: &Context<'_, '_>, meta: &'static crate::codemods::Meta) -> Vec<Finding> {
    let model = ctx.model;
    let index = &ctx.project.index;
    let Some(m) = index.module_id(model.path) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let mut workers = None;
    for call in &model.calls {
        let Some(scope) = call.scope else {
            continue;
        };
        if !switches_to_wal(call) || !opens_connection(model, Some(scope)) {
            continue;
        }
        let qualname = &model.scopes.function(scope).qualname;
        let Some(f) = index.function_id(m, qualname) else {
            continue;
        };
        let table = workers.get_or_insert_with(|| index.memo(worker_functions));
        let Some((entry, file)) = table.0.get(&(m, f)) else {
            continue;
        };
        let helper = model.scopes.function(scope).def.name.as_str();
        out.push(
            Finding::new(
                meta,
                call.range(),
                format!(
                    "`{helper}` switches the file to WAL on every connection, and each worker process opens one through it (concurrent with other processes running `{entry}` ({file})): the switch needs the file's lock, so workers that start together on a new or rollback-journal file fail with \"database is locked\" on each other's transactions, whatever the busy timeout"
                ),
            )
            .with_severity(Severity::High)
            .with_confidence(Confidence::Medium)
            .with_note(
                "WAL is stored in the file: set it once in the coordinating process before it starts the workers, and let the workers only connect (docs/sqlite-facts.md#F-wal-busy-order, #F-wal-persists)",
            ),
        );
    }
    out
}
