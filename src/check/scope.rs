//! Findings in code that never meets a second party, or never runs.
//!
//! - A test module: tests build throwaway databases in one process, so the
//!   rules about configuration, connections, write contention and checkpoints
//!   have no one to protect there.
//! - Dead code (`dead-code` in the configuration): a module under a retired
//!   tree (`archive/`, `legacy/`, ...) or one no entry point imports
//!   (semantic/import_graph.rs). Under the default `low`, the first is not
//!   reported and the second is reported with Low confidence and a note saying
//!   why; `skip` reports neither, `report` both as usual. In a module that
//!   runs, a function the application never names (semantic/dead_functions.rs)
//!   is treated like an unreached module: Low confidence and a note under
//!   `low`, not reported under `skip`. A definition a later sibling of the
//!   same name replaces (two `def load_config` in one module, a method
//!   redefined further down its class) never runs at all: not reported unless
//!   `dead-code = "report"`. Nor does a module whose module code reads a
//!   name nothing in it defines (semantic/import_failure.rs: a draft script's
//!   `Bot(token=API_TOKEN)` with no `API_TOKEN`): it stops with a NameError
//!   there, so what follows never runs. Nor does a periodic task
//!   (`@tasks.loop`) nothing starts in a module that starts its others.
//!   In a bundled library the app loads (`lib/<package>/`), a class or
//!   function nothing live reaches (semantic/vendored_reach.rs) is not
//!   reported, like a bundled module nothing imports; the checkpoint rules
//!   report there only in a top-level class or function the application's
//!   own code names (its file stores run when the app's configuration picks
//!   them, which the name walk cannot see).
//! - Example and documentation trees (`examples/`, `docs/`, `demo/`, ...) of a
//!   project with code elsewhere: a reader runs them to try the project, the
//!   deployed program never does. Not reported, unless `dead-code = "report"`.
//! - One-shot command modules (`cli/`, `commands/`, `management/commands/`
//!   modules that parse a command line and keep nothing running): a person runs
//!   one, it does its job and exits, so like a test it meets no second party of
//!   its own, its leaks end at exit, and a crash shows on the terminal; the
//!   concurrency rules are not reported there. So for a lone script
//!   (semantic/import_graph.rs: a script no module imports and no process
//!   file or README names, starting nothing beside itself, in a project with a
//!   service elsewhere: a developer's experiment, a one-off conversion), which
//!   also loses SQF701 and SQF702: no one waits on its lock, and the process
//!   ends its transaction when it exits.
//! - The second party (semantic/second_party.rs): every rule whose hazard needs
//!   another thread, process or task names it; the codemods that do not say it
//!   themselves get it here. Startup-only code (schema migrations) has none yet,
//!   and the configuration rules have nothing to configure for in a program
//!   with none at all.
//! - Code that runs only on another database engine (`if engine.dialect.name
//!   == "postgresql":`, the `else` of a SQLite URL test:
//!   semantic/url_branches.rs): SQLite never runs it, so nothing is reported
//!   there.
//! - Start-up code (semantic/startup.rs: a server's lifespan and start hooks,
//!   what only they call, module code before serving): blocking the event loop
//!   there stalls no request, and a write there has no one to contend with yet,
//!   so SQF501 and SQF701 are not reported in it; nor are SQF101, SQF111 and
//!   SQF202 on a connection it opens for its own work and never hands on
//!   (semantic/startup_local.rs). SQF101 and SQF111 stay when another process
//!   of the project opens the file meanwhile (semantic/second_writers.rs
//!   `other_process`): the journal mode stays in the file for it.
//! - A bot that serves one person (semantic/single_owner.rs: every handler
//!   gated to one configured sender, no web server, no thread or process):
//!   SQF501's harm is other users waiting on the loop, and there are none.
//! - Code that runs only when SQLite is chosen, in a project whose shipped
//!   configuration selects MySQL or PostgreSQL (semantic/shipped_backend.rs):
//!   kept, like ruff keeps what it is unsure of, with Low confidence and a
//!   note naming the default and where it is set.
//! - A one-user command-line asyncio program (semantic/loop_users.rs: its loop
//!   runs only its own tasks, one connection, no thread or process beside it):
//!   SQF501 is not reported, the stall is the statement itself. Where others
//!   share the loop, SQF501 names them.

use crate::codemods::Shared;
use crate::finding::{Category, Confidence, Finding};
use crate::semantic::dead_functions;
use crate::semantic::import_graph::Liveness;
use crate::semantic::loop_users::LoopUsers;
use crate::semantic::second_party::{self, SecondParty};
use crate::semantic::{Model, ProjectView};
use crate::semantic::{startup, startup_functions, startup_local};
use crate::settings::{DeadCode, Settings};

/// Categories whose hazards need another thread or process at the same time.
const CONCURRENCY: &[Category] = &[
    Category::WalConfig,
    Category::Connection,
    Category::WriteContention,
    Category::Checkpoint,
];

/// Error-handling rules whose harm is another connection's wait or a later
/// caller's commit: in a script run alone, the lock has no one waiting on it,
/// and the process ends with the error (closing the connection rolls the
/// failed transaction back) or finishes its one job.
const LONE_EXIT: &[&str] = &["SQF701", "SQF702"];

/// Rules whose hazard needs a second party and whose codemod does not name it.
/// (SQF101, SQF202, SQF203, SQF303, SQF305, SQF306, SQF405, SQF501 and SQF602
/// name theirs.)
const NEEDS_PARTY: &[&str] = &[
    "SQF103", "SQF104", "SQF111", "SQF112", "SQF113", "SQF114", "SQF201", "SQF301", "SQF304",
    "SQF404", "SQF504", "SQF601",
];

/// Of those, the ones that configure a database for concurrent use.
const CONFIGURES: &[&str] = &["SQF103", "SQF104", "SQF111", "SQF112", "SQF113", "SQF114"];

/// Of those, the pragma rules: their second party reads the deployment too
/// (`second_party::for_pragmas`: one request at a time is no second party).
const PRAGMA_RULES: &[&str] = &["SQF111", "SQF112", "SQF113", "SQF114"];

/// Rules that give concurrency advice and need a concrete second party
/// (`second_party::concrete`): none in view drops them, as for the pragma rules.
const CONCRETE_PARTY: &[&str] = &["SQF504", "SQF601"];

/// Rules whose harm needs someone running beside the code: requests waiting
/// on the blocked loop (SQF501), a writer holding the lock (SQF701).
const NOT_AT_START: &[&str] = &["SQF501", "SQF505", "SQF701"];

/// Rules about a connection's own configuration and lifetime: not reported on
/// a connection start-up code opens for its own work and never hands on
/// (semantic/startup_local.rs).
const LOCAL_AT_START: &[&str] = &["SQF101", "SQF111", "SQF202"];

fn start_up(view: &ProjectView<'_>, model: &Model<'_>, findings: &mut Vec<Finding>) {
    if !findings
        .iter()
        .any(|f| NOT_AT_START.contains(&f.id) || LOCAL_AT_START.contains(&f.id))
    {
        return;
    }
    // Once per module, not per finding.
    let serving = startup::serving(model);
    let at_start = |f: &Finding| {
        startup_functions::runs_at_start(view.index, view.module, model, &serving, f.range.start())
    };
    // Computed only when a connection finding sits in start-up code.
    let mut sites = None;
    let mut other_process: Option<bool> = None;
    findings.retain(|f| {
        if NOT_AT_START.contains(&f.id) {
            return !at_start(f);
        }
        if !LOCAL_AT_START.contains(&f.id) || !at_start(f) {
            return true;
        }
        // Another process of the project opens the file meanwhile: the journal
        // mode the start-up connection leaves in the file is the one that
        // process meets, so the pragma advice stays.
        if f.id != "SQF202"
            && *other_process.get_or_insert_with(|| {
                crate::semantic::second_writers::other_process(view).is_some()
            })
        {
            return true;
        }
        let at = f.range.start();
        let sites = sites.get_or_insert_with(|| crate::semantic::connections::sites(model, view));
        !sites.iter().any(|site| {
            (site.outer.contains(at) || site.call.range().contains(at))
                && startup_local::stays_local(model, site)
                // A `with` target the function keeps bound while it serves
                // lives as long as the server, not one start-up step.
                && (f.id != "SQF202" || startup_local::held_while_serving(model, site).is_none())
        })
    });
}

/// SQF501 and SQF505 (the calls of SQF501's shape that nothing can make
/// wait): the same call on the loop, dropped or described alike.
fn on_loop(f: &Finding) -> bool {
    f.id == "SQF501" || f.id == "SQF505"
}

/// Drops SQF501 in a program whose every handler serves one configured owner
/// and that runs nothing else beside its loop.
fn single_owner(view: &ProjectView<'_>, shared: &Shared<'_, '_>, findings: &mut Vec<Finding>) {
    if !findings.iter().any(on_loop) {
        return;
    }
    if matches!(shared.second_party(view), SecondParty::Known(_)) {
        return;
    }
    let modules = crate::semantic::facts::modules(view);
    let handlers = modules
        .iter()
        .filter(|(_, m)| !crate::semantic::paths::is_test_module(&m.path))
        .map(|(_, m)| &m.facts.handlers);
    if crate::semantic::single_owner::verdict(handlers).is_some() {
        findings.retain(|f| !on_loop(f));
    }
}

/// Names who waits on the blocked loop in each SQF501 finding; drops them in a
/// one-user command-line program whose loop runs only its own tasks and whose
/// database nothing else uses (semantic/loop_users.rs).
fn loop_users(view: &ProjectView<'_>, shared: &Shared<'_, '_>, findings: &mut Vec<Finding>) {
    if !findings.iter().any(on_loop) {
        return;
    }
    match crate::semantic::loop_users::of_project(view) {
        LoopUsers::Others(who) => {
            for f in findings.iter_mut().filter(|f| on_loop(f)) {
                f.message = format!("{}; {who}", f.message);
            }
        }
        LoopUsers::OwnTasks(_) => {
            // A thread or process on the same file can hold the lock the
            // statement waits for: then the loop stands still for that long.
            match shared.second_party(view) {
                SecondParty::Known(who) => {
                    for f in findings.iter_mut().filter(|f| on_loop(f)) {
                        f.message = format!(
                            "{}; the loop runs only this program's own tasks, and they all wait while it waits for a write lock held by {who}",
                            f.message
                        );
                    }
                }
                _ => findings.retain(|f| !on_loop(f)),
            }
        }
        LoopUsers::Unknown => {}
    }
}

/// Names the second party in each finding that needs one; drops those that
/// cannot have one here.
fn second_parties(
    view: &ProjectView<'_>,
    shared: &Shared<'_, '_>,
    path: &std::path::Path,
    findings: &mut Vec<Finding>,
) {
    if !findings.iter().any(|f| NEEDS_PARTY.contains(&f.id)) {
        return;
    }
    if second_party::is_startup_only(path) {
        // A migration-named script that is a program of its own keeps the
        // findings that name the other program writing its file beside it.
        let beside = crate::codemods::sqf301_slow_work_in_transaction::BESIDE;
        findings.retain(|f| !NEEDS_PARTY.contains(&f.id) || f.message.contains(beside));
        return;
    }
    findings.retain_mut(|f| {
        if !NEEDS_PARTY.contains(&f.id) || f.message.contains("concurrent with") {
            return true;
        }
        let concrete = PRAGMA_RULES.contains(&f.id) || CONCRETE_PARTY.contains(&f.id);
        let party = if concrete {
            shared.pragma_party(view)
        } else {
            shared.second_party(view)
        };
        match party {
            SecondParty::Known(who) => {
                f.message = format!("{}; concurrent with {who}", f.message);
                true
            }
            SecondParty::None(_) => !concrete && !CONFIGURES.contains(&f.id),
            SecondParty::Unknown => true,
        }
    });
}

/// Drops the findings in a periodic task (`@tasks.loop`) that nothing in the
/// project starts, in a module that starts its other periodic tasks: its
/// `start()` was left out (commented out beside the live ones), so its body
/// never runs.
fn unstarted_tasks(view: &ProjectView<'_>, model: &Model<'_>, findings: &mut Vec<Finding>) {
    if !findings.iter().any(|f| f.id != "SQF001") {
        return;
    }
    let mut tasks =
        crate::semantic::loop_evidence::unstarted_tasks(model, &view.own.facts.loop_users);
    if tasks.is_empty() {
        return;
    }
    for (_, m) in crate::semantic::facts::modules(view) {
        let facts = &m.facts.loop_users;
        if facts.starts_by_value {
            return;
        }
        tasks.retain(|(_, name)| !facts.started.contains(name));
    }
    findings
        .retain(|f| f.id == "SQF001" || !tasks.iter().any(|(r, _)| r.contains(f.range.start())));
}

/// The top-level class or function around `at` in a bundled library module
/// is spelled by the application's own code; module code runs on import.
fn library_def_named_by_app(
    model: &Model<'_>,
    graph: &crate::semantic::import_graph::ImportGraph,
    at: ruff_text_size::TextSize,
) -> bool {
    let Some(id) = model.scopes.function_at(at) else {
        return true;
    };
    let function = model.scopes.function(model.scopes.outermost(id));
    let top = function
        .qualname
        .split('.')
        .next()
        .unwrap_or_else(|| function.name());
    graph.app_names_library_def(top)
}

/// Drops findings in code that runs only on another database engine: the
/// branch of `if engine.dialect.name == "postgresql":` (a migration for a
/// PostgreSQL-only feature), the `else` of a SQLite URL test
/// (semantic/url_branches.rs). SQLite never runs it.
fn other_backend(model: &Model<'_>, findings: &mut Vec<Finding>) {
    const NAMES: &[&str] = &["postgres", "mysql", "mariadb", "oracle", "mssql", "sqlite"];
    if !NAMES.iter().any(|n| model.text.contains(n)) {
        return;
    }
    findings.retain(|f| {
        if f.id == "SQF001" {
            return true;
        }
        let at = ruff_text_size::TextRange::empty(f.range.start());
        let scope = model.scopes.function_at(f.range.start());
        crate::semantic::url_branches::backend_at(model, scope, at) != Some(false)
    });
}

fn category(finding: &Finding) -> Option<Category> {
    crate::codemods::by_id(finding.id).map(|c| c.meta().category)
}

pub fn apply(
    model: &Model<'_>,
    view: &ProjectView<'_>,
    shared: &Shared<'_, '_>,
    settings: &Settings,
    findings: &mut Vec<Finding>,
) {
    if findings.is_empty() {
        return;
    }
    if shared.test_module(model) {
        findings.retain(|f| !category(f).is_some_and(|c| CONCURRENCY.contains(&c)));
    }
    second_parties(view, shared, model.path, findings);
    other_backend(model, findings);
    start_up(view, model, findings);
    single_owner(view, shared, findings);
    loop_users(view, shared, findings);
    shipped_backend(view, model, findings);
    // A definition a later one of the same name replaces never runs
    // (semantic/dead_functions.rs): certain, so not reported unless
    // `dead-code = "report"`, like a retired tree.
    if settings.dead_code != DeadCode::Report {
        let shadowed = dead_functions::shadowed_definitions(model.suite);
        if !shadowed.is_empty() {
            findings.retain(|f| {
                f.id == "SQF001" || !shadowed.iter().any(|(r, _)| r.contains(f.range.start()))
            });
        }
        // A module whose code reads a name it never defines stops with a
        // NameError at that statement (semantic/import_failure.rs): what
        // comes after it, and what module code before it never calls, never
        // runs; certain like a shadowed definition.
        if findings.iter().any(|f| f.id != "SQF001")
            && let Some(failure) = crate::semantic::import_failure::failure(model.suite, model.text)
        {
            findings.retain(|f| f.id == "SQF001" || !failure.never_runs(f.range.start()));
        }
        unstarted_tasks(view, model, findings);
        if findings.is_empty() {
            return;
        }
    }
    let Some(graph) = view.index.import_graph() else {
        return;
    };
    // A script a person runs by hand, alone (semantic/import_graph.rs): like a
    // one-shot command, nothing runs beside it and it exits after its job.
    if graph.lone_script(model.path) {
        findings.retain(|f| {
            !category(f).is_some_and(|c| CONCURRENCY.contains(&c)) && !LONE_EXIT.contains(&f.id)
        });
    }
    // SQF001 (an unused suppression) is about the comment, wherever it is.
    let about_code = |f: &Finding| f.id != "SQF001";
    match (graph.liveness(model.path), settings.dead_code) {
        (Liveness::Command(_), _) => {
            findings.retain(|f| !category(f).is_some_and(|c| CONCURRENCY.contains(&c)));
        }
        (_, DeadCode::Report) => {}
        (Liveness::Live, dead_code) => {
            // A bundled library's state files (semantic/import_graph.rs
            // `in_bundled_library`): which of its stores and sessions run is
            // often chosen by a configuration string at run time (a file
            // session picked by `storage_type`), which the name walk cannot
            // follow. The checkpoint rules report there only in a class or
            // function the application's own code names: one it builds or
            // calls, whose writes it can reach.
            if graph.in_bundled_library(model.path) {
                findings.retain(|f| {
                    category(f) != Some(Category::Checkpoint)
                        || library_def_named_by_app(model, graph, f.range.start())
                });
            }
            // A class or function of a bundled library the app loads but
            // never reaches (semantic/vendored_reach.rs): another project's
            // code the app does not run, like a bundled module it never
            // imports, so not reported.
            let line_of = |f: &Finding| model.line_column(f.range.start()).0;
            findings.retain(|f| {
                !about_code(f) || graph.unreached_definition(model.path, line_of(f)).is_none()
            });
            // A function nothing in the application names runs only if
            // something looks it up by a name the project never spells: marked
            // like an unreached module under `low`, dropped under `skip`.
            let dead = |f: &Finding| {
                about_code(f)
                    .then(|| dead_functions::dead_function_at(model, graph, f.range.start()))
                    .flatten()
            };
            if dead_code == DeadCode::Skip {
                findings.retain(|f| dead(f).is_none());
                return;
            }
            for f in findings.iter_mut() {
                if let Some(qualname) = dead(f) {
                    f.confidence = Confidence::Low;
                    let note = format!(
                        "nothing in the application names `{qualname}` (`dead-code` in the configuration)"
                    );
                    f.note = Some(match f.note.take() {
                        Some(existing) => format!("{existing}; {note}"),
                        None => note,
                    });
                }
            }
        }
        (Liveness::Retired(_) | Liveness::Example(_) | Liveness::Vendored(_), _)
        | (Liveness::Unreached, DeadCode::Skip) => {
            findings.retain(|f| !about_code(f));
        }
        (Liveness::Unreached, DeadCode::Low) => {
            for f in findings.iter_mut().filter(|f| about_code(f)) {
                f.confidence = Confidence::Low;
                let note = "no entry point of the project imports this module (`dead-code` in the configuration)";
                f.note = Some(match f.note.take() {
                    Some(existing) => format!("{existing}; {note}"),
                    None => note.to_string(),
                });
            }
        }
    }
}

/// Findings on the SQLite branch of a project whose shipped configuration
/// selects another backend (semantic/shipped_backend.rs): Low confidence and a
/// note that names the default, so a reader sees they matter only to
/// deployments that switch to SQLite.
fn shipped_backend(view: &ProjectView<'_>, model: &Model<'_>, findings: &mut [Finding]) {
    if findings.iter().all(|f| f.id == "SQF001") {
        return;
    }
    let Some(shipped) = crate::semantic::shipped_backend::of_project(view) else {
        return;
    };
    for f in findings.iter_mut().filter(|f| f.id != "SQF001") {
        let Some(why) = crate::semantic::shipped_backend::sqlite_branch(model, f.range.start())
        else {
            continue;
        };
        f.confidence = Confidence::Low;
        let note = format!(
            "on a non-default backend: the shipped configuration selects {} ({}); {why}, so this matters only where SQLite is chosen instead",
            shipped.backend, shipped.evidence
        );
        f.note = Some(match f.note.take() {
            Some(existing) => format!("{existing}; {note}"),
            None => note,
        });
    }
}
