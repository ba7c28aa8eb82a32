//! SQF504 mixed-drivers: one database file opened through more than one driver
//! (sqlite3, aiosqlite, SQLAlchemy) across the project.
//!
//! Sites name their database by the file name of a literal path or URL, or by the
//! constant that holds it (`semantic::databases`). For each driver a module uses
//! on a database that another driver also opens, one finding at the module's
//! first such site lists where the others are. Tests, migrations and `:memory:`
//! databases are left out: a test inspecting the app's file with sqlite3 is not a
//! second code path of the app. So are one-shot command-line commands (`status`,
//! `prune`, `export`: a click/typer command, decorated or registered by a call in
//! another module, or an argparse sub-command): each runs in a process of its own
//! that does one job and exits, so its driver shares no lock, queue, PRAGMA or
//! transaction with the service's; it would contend for the file's write lock the
//! same with any driver (the busy timeouts and WAL rules cover that). A driver
//! used only by an example or demo script is not counted either: a reader runs
//! it by hand, if ever, and it is no code path of the application.
//!
//! MEDIUM, display-only advice: which driver to standardize on is a design choice
//! (usually the async one in an async app), and the settings that keep them
//! consistent meanwhile are the same PRAGMAs and timeouts on both.

use std::path::Path;

use super::{Codemod, Context};
use crate::finding::Finding;
use crate::semantic::databases::{self, DbDriver, DbOpen};
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use crate::semantic::project::ProjectIndex;

pub struct MixedDrivers;

impl Codemod for MixedDrivers {
    crate::codemod_meta!("SQF504-mixed-drivers");

    fn check(&self, ctx: &Context<'_, '_>, out: &mut Vec<Finding>) {
        let model = ctx.model;
        if is_auxiliary(model.path) || is_example(model.path) {
            return;
        }
        let view = ctx.project;
        let table = view.index.memo(Table::of);
        let own_constants = &view.own.facts.path_constants;
        let resolve = |identity: &str| -> String {
            let Some(name) = identity.strip_prefix("name:") else {
                return identity.to_string();
            };
            own_constants
                .iter()
                .find(|(n, _)| n == name)
                .map(|(_, id)| id.clone())
                .or_else(|| table.constant(name, view.module).map(str::to_string))
                .unwrap_or_else(|| identity.to_string())
        };
        let own_auxiliary = is_auxiliary(&view.own.path) || is_example(&view.own.path);
        let one_shot = |open: &databases::DbOpen| table.one_shot(view.index, view.module, open);
        let mut reported: Vec<DbDriver> = Vec::new();
        for (open, call) in databases::opens(model) {
            if reported.contains(&open.driver) || one_shot(&open) {
                continue;
            }
            let identity = resolve(&open.identity);
            let mut others: Vec<(DbDriver, String)> = Vec::new();
            if !own_auxiliary {
                for other in &view.own.facts.databases {
                    if other.driver != open.driver
                        && resolve(&other.identity) == identity
                        && !one_shot(other)
                    {
                        others.push((
                            other.driver,
                            format!("{}:{}", display(&view.own.path), other.line),
                        ));
                    }
                }
            }
            // The identities that can resolve to this one: itself and the names
            // of constants holding it, here or elsewhere.
            let mut raw: Vec<String> = vec![identity.clone()];
            raw.extend(
                own_constants
                    .iter()
                    .chain(table.holding(&identity))
                    .filter(|(_, id)| *id == identity)
                    .map(|(n, _)| format!("name:{n}")),
            );
            raw.sort();
            raw.dedup();
            for r in &raw {
                for (m, driver, at) in table.opening(r) {
                    if Some(*m) != view.module && *driver != open.driver && resolve(r) == identity {
                        others.push((*driver, at.clone()));
                    }
                }
            }
            if others.is_empty() {
                continue;
            }
            others.sort();
            others.dedup();
            reported.push(open.driver);
            let name = identity
                .split_once(':')
                .map_or(identity.as_str(), |(_, n)| n);
            let listed: Vec<String> = others
                .iter()
                .take(3)
                .map(|(d, at)| format!("{} at {at}", d.label()))
                .collect();
            let more = if others.len() > 3 {
                format!(" and {} more", others.len() - 3)
            } else {
                String::new()
            };
            let mut drivers: Vec<DbDriver> = others.iter().map(|(d, _)| *d).collect();
            drivers.push(open.driver);
            drivers.sort();
            drivers.dedup();
            let message = format!(
                "Database `{name}` is opened here with {} and elsewhere with {}{more}: {} drivers for one file, each with its own settings and transaction behaviour",
                open.driver.label(),
                listed.join(", "),
                drivers.len()
            );
            out.push(Finding::new(self.meta(), call.range(), message).with_note(
                "standardize on one driver for this database (in an async app, aiosqlite or SQLAlchemy's async engine) behind one connection factory; until then give every path the same timeout and PRAGMAs, and remember that aiosqlite's `async with` does not commit while sqlite3's `with conn:` does",
            ));
        }
    }
}

/// The project's database sites and path constants, gathered once instead of
/// once per file.
#[derive(Default)]
struct Table {
    /// Constant name → its first two definitions (module, identity), in module
    /// order: the viewed module's own definitions come first and replace its
    /// indexed ones, so the first other one is needed too.
    constants: HashMap<String, Vec<(usize, String)>>,
    /// Identity → (constant name, identity) of the definitions above holding it.
    holders: HashMap<String, Vec<(String, String)>>,
    /// Raw identity → the sites opening it outside tests, migrations and
    /// one-shot commands: (module, driver, `path:line`).
    opens: HashMap<String, Vec<(usize, DbDriver, String)>>,
    /// (module, function) of the functions some module registers as a
    /// command-line command by a call.
    commands: HashSet<(usize, usize)>,
}

impl Table {
    fn of(index: &ProjectIndex) -> Table {
        let mut table = Table::default();
        for (m, module) in index.modules.iter().enumerate() {
            for command in &module.facts.cli_commands {
                if let Some(target) = index.resolve(m, command) {
                    table.commands.insert(target);
                }
            }
        }
        for (m, module) in index.modules.iter().enumerate() {
            for (name, id) in &module.facts.path_constants {
                let defs = table.constants.entry(name.clone()).or_default();
                if defs.len() < 2 && defs.iter().all(|(d, _)| *d != m) {
                    defs.push((m, id.clone()));
                    table
                        .holders
                        .entry(id.clone())
                        .or_default()
                        .push((name.clone(), id.clone()));
                }
            }
            if is_auxiliary(&module.path) || is_example(&module.path) {
                continue;
            }
            for open in &module.facts.databases {
                if table.one_shot(index, Some(m), open) {
                    continue;
                }
                table.opens.entry(open.identity.clone()).or_default().push((
                    m,
                    open.driver,
                    format!("{}:{}", display(&module.path), open.line),
                ));
            }
        }
        table
    }

    /// Whether `open`, in module `module`, runs in a one-shot command: one of
    /// its own module, or a function another module registers as one.
    fn one_shot(&self, index: &ProjectIndex, module: Option<usize>, open: &DbOpen) -> bool {
        open.one_shot
            || module
                .zip(open.function.as_deref())
                .and_then(|(m, f)| Some((m, index.function_id(m, f)?)))
                .is_some_and(|target| self.commands.contains(&target))
    }

    /// The identity constant `name` holds, seen from module `viewed` (whose own
    /// constants the caller looks at first).
    fn constant(&self, name: &str, viewed: Option<usize>) -> Option<&str> {
        self.constants
            .get(name)?
            .iter()
            .find(|(m, _)| Some(*m) != viewed)
            .map(|(_, id)| id.as_str())
    }

    fn holding(&self, identity: &str) -> impl Iterator<Item = &(String, String)> {
        self.holders.get(identity).into_iter().flatten()
    }

    fn opening(&self, identity: &str) -> impl Iterator<Item = &(usize, DbDriver, String)> {
        self.opens.get(identity).into_iter().flatten()
    }
}

/// Tests, fixtures and migrations: they open the app's database on purpose.
fn is_auxiliary(path: &Path) -> bool {
    path.components().any(|c| {
        let part = c.as_os_str().to_string_lossy();
        matches!(part.as_ref(), "tests" | "test" | "migrations" | "alembic")
            || part.starts_with("test_")
            || part.ends_with("_test.py")
            || part == "conftest.py"
    })
}

/// An example or demo script (under `examples/`, `docs/`, `demo/`, or named
/// `example*.py`, `demo*.py`, `*_example.py`): it shows a reader how to call
/// the code and runs, if ever, on its own, by hand; a driver it uses is not a
/// second code path of the application. Its own findings are left to the
/// dead-code scope (check/scope.rs): here it only stops counting as the other
/// driver.
fn is_example(path: &Path) -> bool {
    if crate::semantic::import_graph::example_tree(path).is_some() {
        return true;
    }
    let Some(stem) = path
        .file_stem()
        .map(|s| s.to_string_lossy().to_ascii_lowercase())
    else {
        return false;
    };
    let words: Vec<&str> = stem.split(['_', '-']).collect();
    matches!(
        words.first(),
        Some(&("example" | "examples" | "demo" | "sample"))
    ) || matches!(words.last(), Some(&("example" | "demo")))
}

fn display(path: &Path) -> String {
    crate::diff::display_path(path)
}
