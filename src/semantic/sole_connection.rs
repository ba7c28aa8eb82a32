//! Whether a database of the project can have a second connection: see
//! openers.rs for how each site is counted, and docs/sqlite-facts.md#F-busy-needs-two
//! for why one connection cannot get "database is locked".

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use super::facts::Entry;
use super::openers::{Lifetime, Opener};
use super::project::{ModuleSummary, ProjectIndex, ProjectView};
use super::spawn::SpawnKind;

/// Imports that run the project's code in several processes at once. A bare
/// `multiprocessing` import proves nothing (`cpu_count()`, a stray
/// `from multiprocessing.sharedctypes import Value`): its pools and processes
/// count where spawn.rs sees them started, or where these names are imported.
const PROCESS_IMPORTS: &[(&str, &str)] = &[
    (
        "multiprocessing.Process",
        "worker processes (multiprocessing)",
    ),
    ("multiprocessing.Pool", "worker processes (multiprocessing)"),
    (
        "multiprocessing.pool.Pool",
        "worker processes (multiprocessing)",
    ),
    (
        "multiprocessing.get_context",
        "worker processes (multiprocessing)",
    ),
    ("billiard", "worker processes (billiard)"),
    (
        "concurrent.futures.ProcessPoolExecutor",
        "a process pool (ProcessPoolExecutor)",
    ),
    ("celery", "Celery worker processes"),
    ("rq", "RQ worker processes"),
    ("dramatiq", "Dramatiq worker processes"),
    ("huey", "Huey worker processes"),
    ("gunicorn", "gunicorn worker processes"),
    ("uwsgi", "uWSGI worker processes"),
    (
        "flask",
        "the web server's worker processes (Flask apps run under several)",
    ),
    (
        "django",
        "the web server's worker processes (Django apps run under several)",
    ),
];

fn matches_prefix(target: &str, prefix: &str) -> bool {
    target == prefix
        || target
            .strip_prefix(prefix)
            .is_some_and(|rest| rest.starts_with('.'))
}

/// Code that is not the program: tests, benchmarks, startup-only migrations,
/// examples and retired trees.
pub(crate) fn counted(module: &ModuleSummary) -> bool {
    super::aside_scripts::counted_path(&module.path)
}

/// Evidence in one module that the project runs in several processes at once.
fn other_processes(module: &ModuleSummary) -> Option<String> {
    let file = crate::diff::display_path(&module.path);
    if let Some((r, _)) = module
        .facts
        .entries
        .iter()
        .find(|(_, e)| *e == Entry::Spawned(SpawnKind::Process))
    {
        return Some(format!(
            "other processes running `{}` ({file})",
            r.simple_name()
        ));
    }
    module.imports.iter().find_map(|import| {
        PROCESS_IMPORTS
            .iter()
            // Its pools and processes each run one job, waited for (serial_runs.rs).
            .filter(|(p, _)| {
                !(module.facts.lone_workers_only
                    && (p.starts_with("multiprocessing") || p.starts_with("concurrent.futures")))
            })
            .find(|(p, _)| matches_prefix(&import.target, p))
            .map(|(p, what)| format!("{what} ({file} imports {p})"))
    })
}

/// Evidence that the program runs in several processes at once (each with
/// its own connections: a pool, a task queue's workers, a web server's worker
/// processes), if any.
pub fn several_processes(view: &ProjectView<'_>) -> Option<String> {
    // Asked per connection site: the index's side is found once per run.
    struct SeveralProcesses;
    super::facts::first_module::<SeveralProcesses, String>(view, |m| {
        counted(m).then(|| other_processes(m)).flatten()
    })
}

/// Two identities that may name one file: equal, or either not a file name.
fn may_be_same(a: Option<&str>, b: Option<&str>, constants: &[(String, String)]) -> bool {
    let a = a.map(|i| super::databases::resolve_identity(i, constants));
    let b = b.map(|i| super::databases::resolve_identity(i, constants));
    match (a, b) {
        (Some(a), Some(b)) if a == b => true,
        (Some(a), Some(b)) => !(a.starts_with("file:") && b.starts_with("file:")),
        _ => true,
    }
}

/// The second connection the database `identity` can have (`None` for any
/// database of the project), as a reader finds it: "a new connection per
/// call of `get_db` (sqlite3.connect, db.py:12)". `None`: it has one.
pub fn second_connection(view: &ProjectView<'_>, identity: Option<&str>) -> Option<String> {
    let table = view.index.memo(Table::build);
    let same = view.module.is_some_and(|m| {
        let indexed = &view.index.modules[m];
        indexed.facts.openers == view.own.facts.openers
            && indexed.facts.class_uses == view.own.facts.class_uses
            && indexed.facts.path_constants == view.own.facts.path_constants
            && other_processes(indexed) == other_processes(&view.own)
    });
    if same {
        if let Some(answer) = table.answers.get(&identity.map(str::to_string)) {
            return answer.clone();
        }
        return table.project.answer(identity);
    }
    // The module's text changed what it opens (a fix): decide anew from it.
    let modules: Vec<&ModuleSummary> = super::facts::modules(view)
        .into_iter()
        .map(|(_, m)| m)
        .collect();
    Project::new(view.index.import_graph(), &modules).answer(identity)
}

/// Every access of the program to the file `identity` (`None`: to any of its
/// files) queues on one connection: the project opens it once (at import, in a
/// lifespan or start-up function, a singleton's, an engine with a
/// one-connection pool), nothing else of the project opens the file, and no
/// server forks worker processes that would each open it again. Such a
/// connection never waits for its own lock (F-busy-needs-two), so WAL and the
/// busy timeout cannot matter; `synchronous` costs each commit its fsync, which
/// stays under the 100 ms p99 on one connection (F-one-connection-p99).
pub fn serializes_all(view: &ProjectView<'_>, identity: Option<&str>) -> bool {
    !view.index.deployment().forks_workers() && second_connection(view, identity).is_none()
}

/// The answers for every database the index's openers name, and for any, once per run.
struct Table {
    project: Project,
    answers: HashMap<Option<String>, Option<String>>,
}

impl Table {
    fn build(index: &ProjectIndex) -> Table {
        let modules: Vec<&ModuleSummary> = index.modules.iter().collect();
        let project = Project::new(index.import_graph(), &modules);
        let mut identities: Vec<Option<String>> = project
            .sites
            .iter()
            .map(|s| s.opener.identity.clone())
            .collect();
        identities.push(None);
        identities.sort();
        identities.dedup();
        let answers = identities
            .into_iter()
            .map(|id| {
                let answer = project.answer(id.as_deref());
                (id, answer)
            })
            .collect();
        Table { project, answers }
    }
}

/// An opening site with what the project says about it.
struct Site {
    opener: Opener,
    /// `sqlite3.connect, db.py:12`
    at: String,
    /// Why this one site can make more than one connection, if it can.
    many: Option<String>,
}

/// Where the project makes instances of each class.
struct Instances<'p> {
    once: HashMap<&'p str, usize>,
    other: HashSet<&'p str>,
    within: HashMap<&'p str, Vec<&'p str>>,
}

impl Instances<'_> {
    /// How many instances of `class` the project makes over a process
    /// lifetime; `None` when it cannot tell (made per call, handed on).
    fn count(&self, class: &str, depth: usize) -> Option<usize> {
        if depth > 4 || self.other.contains(class) {
            return None;
        }
        let mut n = self.once.get(class).copied().unwrap_or(0);
        for owner in self.within.get(class).map_or(&[][..], Vec::as_slice) {
            n += self.count(owner, depth + 1)?;
        }
        Some(n)
    }
}

/// What every database answer needs, gathered once.
struct Project {
    processes: Option<String>,
    constants: Vec<(String, String)>,
    sites: Vec<Site>,
}

impl Project {
    fn new(
        graph: Option<&super::import_graph::ImportGraph>,
        modules: &[&ModuleSummary],
    ) -> Project {
        let modules: Vec<&ModuleSummary> = modules.iter().copied().filter(|m| counted(m)).collect();
        let processes = modules.iter().find_map(|m| other_processes(m));
        let constants = modules
            .iter()
            .flat_map(|m| m.facts.path_constants.iter().cloned())
            .collect();
        let mut once: HashMap<&str, usize> = HashMap::default();
        let mut other: HashSet<&str> = HashSet::default();
        let mut within: HashMap<&str, Vec<&str>> = HashMap::default();
        for m in &modules {
            for c in &m.facts.class_uses.once {
                *once.entry(c.as_str()).or_default() += 1;
            }
            other.extend(m.facts.class_uses.other.iter().map(String::as_str));
            for (made, owner) in &m.facts.class_uses.within {
                within
                    .entry(made.as_str())
                    .or_default()
                    .push(owner.as_str());
            }
        }
        let classes = Instances {
            once,
            other,
            within,
        };
        let mut sites = Vec::new();
        for m in &modules {
            if m.facts.openers.is_empty() {
                continue;
            }
            let file = crate::diff::display_path(&m.path);
            let one_program = graph
                .and_then(|g| g.programs_loading(&m.path, 2))
                .is_some_and(|n| n == 1);
            for o in &m.facts.openers {
                let at = format!("{}, {file}:{}", o.what, o.line);
                let many = match &o.lifetime {
                    Lifetime::Many(why) => Some(why.clone()),
                    Lifetime::PerInstance(c) => match classes.count(c, 0) {
                        Some(1) => None,
                        Some(0) => Some(format!(
                            "a connection per `{c}` instance, made by code outside the project"
                        )),
                        _ => Some(format!(
                            "a connection per `{c}` instance, and the project can make several"
                        )),
                    },
                    Lifetime::Once => None,
                }
                .or_else(|| {
                    (!one_program).then(|| {
                        format!(
                            "the same connection opened again by each program that loads `{file}`, or by whoever imports it"
                        )
                    })
                });
                sites.push(Site {
                    opener: o.clone(),
                    at,
                    many,
                });
            }
        }
        Project {
            processes,
            constants,
            sites,
        }
    }

    fn answer(&self, identity: Option<&str>) -> Option<String> {
        if let Some(why) = &self.processes {
            return Some(why.clone());
        }
        let sites: Vec<&Site> = self
            .sites
            .iter()
            .filter(|s| {
                identity.is_none()
                    || may_be_same(identity, s.opener.identity.as_deref(), &self.constants)
            })
            .collect();
        if sites.is_empty() {
            return Some(
                "connections the project does not open itself (its callers', or a library's)"
                    .to_string(),
            );
        }
        if let Some(site) = sites.iter().find(|s| s.many.is_some()) {
            return Some(format!(
                "{} ({})",
                site.many.as_deref().unwrap_or_default(),
                site.at
            ));
        }
        for (i, a) in sites.iter().enumerate() {
            for b in &sites[i + 1..] {
                if may_be_same(
                    a.opener.identity.as_deref(),
                    b.opener.identity.as_deref(),
                    &self.constants,
                ) {
                    return Some(format!(
                        "another connection that may open the same file ({} beside {})",
                        b.at, a.at
                    ));
                }
            }
        }
        None
    }
}
