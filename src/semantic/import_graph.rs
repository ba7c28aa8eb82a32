//! Which modules a running program can load, and which process each one runs in.
//!
//! Built once per run from the text of every Python file (not only those the
//! prefilter parses: a chain of imports runs through modules with no SQLite text).
//! The roots are the program's entry points: scripts (`if __name__ ==
//! "__main__"`, `__main__.py`), modules that build an application object a server
//! loads by name (`FastAPI(`, `Flask(`, a bot), modules named by a console script,
//! a server command or a string literal (`uvicorn app.main:app`, Django's
//! `INSTALLED_APPS`, `load_extension("cogs.tags")`), and every module of a folder
//! that code loading modules dynamically names (`os.listdir("cogs")` then
//! `import_module`). Tests are no entry point: a module only tests import is not
//! part of the program.
//!
//! Two facts come out of it:
//! - dead code: a module under an `archive/`, `legacy/`, `old/` or `deprecated/`
//!   tree, one under a drafts folder (`trash/`, `drafts/`, `unused/`,
//!   `backup/`) that no entry point reaches, a scratch copy of a module beside it (`handlers copy.py`,
//!   `handlers_old.py`: never an entry point of its own) that nothing
//!   reaches, or one no entry point reaches through imports. The reachability is an
//!   approximation (plugins, `exec`, imports by computed names), so the second
//!   kind is only ever reported with less confidence (see `dead-code` in README).
//! - the process of a standalone script: a script no other module imports runs
//!   alone, so only what its own imports start can run beside it.

use rayon::prelude::*;
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::paths::{dotted_names, normalize};

use super::inert_words::lines;
/// The identifier-like words of a text, as the def counts split them.
pub use super::inert_words::words;

/// Folders whose code the project keeps but does not run.
const RETIRED_TREES: &[&str] = &[
    "archive",
    "archived",
    "legacy",
    "old",
    "deprecated",
    "obsolete",
    "attic",
    "unmaintained",
    "unsupported",
    "defunct",
    "abandoned",
];

/// Folders where a person parks code while rewriting it (`trash/`,
/// `drafts/`, `unused/`, `backup/`): unlike a retired tree, a module there
/// may still be imported (a `backup/` package doing the app's backups), so
/// only one nothing reaches is retired code; one the entry points reach is
/// live like any other.
const DRAFT_TREES: &[&str] = &[
    "trash", "drafts", "draft", "unused", "backup", "backups", "bak", "scratch",
];

/// Folders that hold copies of other projects' code (a vendored library, a
/// bundled plugin set): the app runs only what its entry points import.
const VENDORED_TREES: &[&str] = &[
    "vendor",
    "vendored",
    "_vendor",
    "third_party",
    "thirdparty",
    "third-party",
    "3rdparty",
    "external",
    "lib",
    "libs",
];

/// Folders of example and documentation code: run by a reader trying the
/// project out, not by the deployed program.
const EXAMPLE_TREES: &[&str] = &[
    "examples",
    "example",
    "docs",
    "doc",
    "demo",
    "demos",
    "samples",
    "sample",
    "tutorials",
    "tutorial",
    "cookbook",
];

/// Last words of a compound folder name that make it an example tree.
const EXAMPLE_SUFFIXES: &[&str] = &["examples", "example", "demo", "demos", "samples"];

/// Folders of one-shot command modules, and the text that shows a module parses
/// a command line there (a Discord bot's `commands/` folder holds chat
/// commands instead: no parser).
const COMMAND_FOLDERS: &[&str] = &["cli", "commands", "management"];
const COMMAND_PARSERS: &[&str] = &[
    "ArgumentParser(",
    "add_parser(",
    "import click",
    "from click",
    "import typer",
    "from typer",
    "BaseCommand",
];

/// Text of a command module that keeps the process running.
const KEEPS_RUNNING: &[&str] = &[
    "while ",
    "serve_forever",
    "uvicorn.run",
    "run_forever",
    "run_polling",
    "start_polling",
    "run_app(",
    "runserver",
    ".serve(",
    "def serve",
    "Thread(",
    "Executor(",
    "Process(",
    "schedule",
];

/// Text that builds an application object a server or a bot runner loads by name.
const APP_OBJECTS: &[&str] = &[
    "FastAPI(",
    "Flask(",
    "Starlette(",
    "Quart(",
    "Sanic(",
    "web.Application(",
    "Litestar(",
    "FastMCP(",
    "commands.Bot(",
    "commands.AutoShardedBot(",
    "discord.Client(",
    // py-cord and disnake build their bot from the package itself.
    "discord.Bot(",
    "discord.AutoShardedBot(",
    "bridge.Bot(",
    "disnake.Client(",
    "Application.builder(",
    "get_wsgi_application(",
    "get_asgi_application(",
];

/// Calls that load modules by a computed name.
const DYNAMIC_LOADS: &[&str] = &[
    "load_extension",
    "import_module",
    "__import__",
    "iter_modules",
    "spec_from_file_location",
    "run_path",
    "entry_points(",
];

/// Text that starts a thread or another process, or hands work to a pool.
const CONCURRENCY: &[&str] = &[
    "Thread(",
    // A `threading.Thread` subclass: `start()` runs its `run` on a new thread
    // (semantic/thread_classes.rs), with no `Thread(` call in the text.
    "(threading.Thread)",
    "(threading.Thread,",
    "(Thread)",
    "(Thread,",
    "Executor(",
    "to_thread(",
    "run_in_executor(",
    "Process(",
    "Pool(",
    "ThreadingHTTPServer",
    "ThreadingMixIn",
    // socketserver's threading servers: a thread per request.
    "ThreadingTCPServer",
    "ThreadingUDPServer",
    "ThreadingUnix",
    "BackgroundScheduler",
    "import aiosqlite",
    "from aiosqlite",
    "BackgroundTasks",
    "add_task(",
    // joblib: `Parallel(n_jobs=k)(delayed(f)(x) ...)` runs `f` in worker processes.
    "delayed(",
];

/// The module runs a Flask app with `app.run(...)`, which serves each request
/// on a thread of its own unless told `threaded=False` (threaded by default
/// since Flask 1.0).
fn serves_flask_threaded(text: &str) -> bool {
    (text.contains("from flask import") || text.contains("import flask"))
        && crate::prefilter::mentions(text, ".run(")
        && !text.contains("threaded=False")
}

/// What the graph says about one module.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Liveness {
    /// Reached from an entry point, or nothing is known (no entry point found).
    Live,
    /// Under a retired tree (`archive/`, `legacy/`, ...): the folder's name.
    Retired(String),
    /// No entry point imports it.
    Unreached,
    /// Under an example or documentation tree (`examples/`, `docs/`, ...) of a
    /// project with code elsewhere: the folder's name.
    Example(String),
    /// Under a vendored tree (`vendor/`, `third_party/`, `lib/`, ...) and
    /// reached by no entry point: another project's code the app never runs.
    Vendored(String),
    /// A one-shot command module (`cli/`, `commands/`, `management/commands/`
    /// parsing its command line, nothing in it keeps running): the folder's name.
    Command(String),
}

/// What one Python file says to the graph on its own: decided by its path
/// and text alone, so found once per text and reused by a later fixing round
/// for every file the fixes left alone. Each text is read here in one place
/// rather than by each question in turn.
struct TextFacts {
    spells: Spells,
    main_guard: bool,
    /// Its own top-level code starts the program ([`runs_at_top_level`]).
    top_level: bool,
    names: Vec<String>,
    imports: Vec<String>,
    test: bool,
    flask_threaded: bool,
    command: Option<String>,
    plain_script: bool,
    /// The modules it loads by name (a module that loads modules dynamically).
    loads: Vec<String>,
    /// What it says about the program's entry points (`None` for a test).
    says: Option<Says>,
    json_names: Vec<String>,
    /// The names its `def` and `class` lines introduce, in order.
    defined: Vec<String>,
    /// The names its `class` lines introduce.
    classes: Vec<String>,
    /// It finds classes through their base (`__subclasses__()`).
    subclasses: bool,
    /// It runs an integrity check ([`runs_integrity_check`]).
    integrity: bool,
}

/// What a module says of the program's entry points (see `roots`).
struct Says {
    /// It runs as a program of its own.
    root: bool,
    /// The string literals that are whole module names.
    spelled: Vec<String>,
    /// The words of its string literals, when it loads modules dynamically:
    /// folders whose modules it may load.
    folders: Vec<String>,
}

impl TextFacts {
    fn of(path: &Path, text: &str) -> TextFacts {
        let spells = Spells::of(text);
        let main_guard = has_main_guard(text);
        let top_level = runs_at_top_level(text);
        let test = super::paths::is_test_module(path);
        let loads = if test || !spells.any(LOADS_DYNAMICALLY) {
            Vec::new()
        } else {
            string_literals(text).filter_map(loaded_name).collect()
        };
        let says = (!test).then(|| {
            let is_main = path
                .file_name()
                .is_some_and(|n| n == "__main__.py" || n == "setup.py" || n == "manage.py");
            // A whole literal that is a module name, not a word of a sentence.
            let spelled = string_literals(text)
                .filter_map(module_literal)
                .map(str::to_string)
                .collect();
            let mut folders = Vec::new();
            if spells.any(LOADS_DYNAMICALLY) {
                for literal in string_literals(text) {
                    for word in literal.split(|c: char| !(c.is_alphanumeric() || c == '_')) {
                        if !word.is_empty() {
                            folders.push(word.to_string());
                        }
                    }
                }
            }
            Says {
                root: main_guard || is_main || spells.any(APP_OBJECT) || top_level,
                spelled,
                folders,
            }
        });
        let mut defined = Vec::new();
        let mut classes = Vec::new();
        for line in lines(text) {
            if let Some(name) = def_name(line) {
                defined.push(name.to_string());
            } else if let Some(name) = class_name(line) {
                defined.push(name.to_string());
                classes.push(name.to_string());
            }
        }
        TextFacts {
            spells,
            main_guard,
            top_level,
            names: dotted_names(path),
            imports: import_targets(path, text),
            test,
            flask_threaded: serves_flask_threaded(text),
            command: command_folder(path, spells),
            plain_script: plain_script(text),
            loads,
            says,
            json_names: json_file_names(text),
            defined,
            classes,
            subclasses: text.contains("__subclasses__") || text.contains("__init_subclass__"),
            integrity: runs_integrity_check(text),
        }
    }
}

/// How often one Python file spells each name the project defines: every
/// whole-word mention, those naming a class member, those in inert words
/// (semantic/inert_words.rs), and, for a class, those only passing it on.
/// Keyed by the project's own copy of each name (`&str`) while the graph is
/// built, so counting copies no name; by `String` when kept for the next round.
#[derive(Default)]
struct Tallies<K> {
    mentions: HashMap<K, usize>,
    members: HashMap<K, usize>,
    inert: HashMap<K, usize>,
    passive: HashMap<K, usize>,
}

impl<'c> Tallies<&'c str> {
    /// `counts`: every name a `def` or `class` of the project introduces;
    /// `classes`: the class names (each also in `counts`).
    fn of(
        text: &str,
        counts: &'c HashMap<String, usize>,
        classes: &HashSet<&str>,
    ) -> Tallies<&'c str> {
        let mut mentions: HashMap<&str, usize> = HashMap::default();
        let mut members: HashMap<&str, usize> = HashMap::default();
        for word in words(text) {
            if let Some((name, _)) = counts.get_key_value(word) {
                *mentions.entry(name.as_str()).or_default() += 1;
                if member_mention(text, word) {
                    *members.entry(name.as_str()).or_default() += 1;
                }
            }
        }
        let mut inert: HashMap<&str, usize> = HashMap::default();
        for word in super::inert_words::inert_words(text) {
            if let Some((name, _)) = counts.get_key_value(word) {
                *inert.entry(name.as_str()).or_default() += 1;
            }
        }
        Tallies {
            mentions,
            members,
            inert,
            passive: passive_mentions(text, counts, classes),
        }
    }

    /// A copy to keep past this build.
    fn owned(&self) -> Tallies<String> {
        let own = |map: &HashMap<&str, usize>| -> HashMap<String, usize> {
            map.iter().map(|(name, &n)| (name.to_string(), n)).collect()
        };
        Tallies {
            mentions: own(&self.mentions),
            members: own(&self.members),
            inert: own(&self.inert),
            passive: own(&self.passive),
        }
    }
}

impl Tallies<String> {
    /// These tallies, of the same text, for the names the project defines now
    /// (`counts`, `classes`), when no name it did not define then is spelled
    /// in the text: the names it no longer defines dropped.
    fn kept<'c>(
        &self,
        counts: &'c HashMap<String, usize>,
        classes: &HashSet<&str>,
    ) -> Tallies<&'c str> {
        let keep = |map: &HashMap<String, usize>, class: bool| -> HashMap<&'c str, usize> {
            map.iter()
                .filter(|(name, _)| !class || classes.contains(name.as_str()))
                .filter_map(|(name, &n)| {
                    counts
                        .get_key_value(name.as_str())
                        .map(|(name, _)| (name.as_str(), n))
                })
                .collect()
        };
        Tallies {
            mentions: keep(&self.mentions, false),
            members: keep(&self.members, false),
            inert: keep(&self.inert, false),
            passive: keep(&self.passive, true),
        }
    }
}

/// A file's facts for the graph, kept for the next fixing round.
struct FileFacts {
    text: Arc<TextFacts>,
    tallies: Tallies<String>,
}

/// What one build of the graph found per file, by path with the fingerprint
/// of the text it was found in, and the names the tallies counted.
pub struct GraphFacts {
    files: HashMap<PathBuf, (u64, Arc<FileFacts>)>,
    defined: HashSet<String>,
    classes: HashSet<String>,
}

/// The fingerprint of a file's text: its length and SipHash. A later round
/// reuses a file's facts only when it is the same (a different text with the
/// same length and 64-bit hash is not a practical concern).
fn fingerprint(text: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    text.hash(&mut hasher);
    hasher.finish() ^ (text.len() as u64).rotate_left(32)
}

struct Node {
    path: PathBuf,
    /// The dotted names the module can be imported by (`app.db`, `db`).
    names: Vec<String>,
    imports: Vec<String>,
    main_guard: bool,
    /// Runs as a program of its own: a script, `__main__.py`, or a module that
    /// builds an application object a server or bot runner loads.
    program: bool,
    test: bool,
    concurrent: bool,
    /// The command folder it sits in, when it is a one-shot command module.
    command: Option<String>,
    /// Its text reaches names at run time (`getattr(`, `globals()`): a function
    /// no code spells may still be called.
    dynamic_lookup: bool,
    /// A scratch copy of a module beside it (semantic/scratch_copies.rs).
    scratch: bool,
    /// Which of the needle lists its text spells.
    spells: Spells,
    /// Its top-level code does the work (a column-0 loop, `with` or call), as
    /// a script written without a `__main__` guard does.
    plain_script: bool,
}

#[derive(Default)]
pub struct ImportGraph {
    nodes: Vec<Node>,
    /// By node: the definitions of a bundled package module the app loads
    /// that nothing live reaches (semantic/vendored_reach.rs).
    unreached_defs: Vec<Vec<super::vendored_reach::Unreached>>,
    /// The folder every file of the run is under: folder names that mark
    /// vendored code are looked for below it, not in where the project sits.
    root: PathBuf,
    by_path: HashMap<PathBuf, usize>,
    edges: Vec<Vec<usize>>,
    /// Of each node's edges, how many lead first: its imports; those after are
    /// modules it loads by name.
    imports_end: Vec<usize>,
    /// Reached from an entry point; `None` when the project shows no entry point.
    live: Option<Vec<bool>>,
    imported: Vec<bool>,
    /// Whether the project has code outside its example and documentation trees.
    code_beyond_examples: bool,
    /// How many times each JSON file name (`state.json`, `_files.json` of
    /// `f"{key}_files.json"`) is spelled in a string literal of the project.
    /// Every program of the project with the modules it loads; found on first
    /// use, since every file's check asks about them.
    programs: std::sync::OnceLock<Programs>,
    /// The same, following imports only (see [`ImportGraph::programs_importing`]).
    import_programs: std::sync::OnceLock<Programs>,
    /// By node: loaded by a module that runs threads or processes (not a
    /// test); found on first use, one walk for the whole project.
    concurrent_reach: std::sync::OnceLock<Vec<bool>>,
    json_names: HashMap<String, usize>,
    /// How many times each name a `def` introduces is spelled as a whole word
    /// in the project's text (every Python file and the files naming entry
    /// points), its own `def` included.
    def_mentions: HashMap<String, usize>,
    /// Of those mentions, how many name a class member instead: an indented
    /// `def` (a method) and `self.name`, `cls.name` or `super().name`.
    def_members: HashMap<String, usize>,
    /// Of those mentions, how many are inert words of a Python file (a comment,
    /// a log message, a config key: semantic/inert_words.rs).
    def_inert: HashMap<String, usize>,
    /// For a `def` name every mention of which is in one Python file, that
    /// file's node: asked per connection site, so answered from the one count.
    sole_file: HashMap<String, usize>,
    /// Some file of the project, summarized or not (a health module that never
    /// names sqlite3, a container command), runs `PRAGMA integrity_check` or
    /// `quick_check`.
    checks_integrity: bool,
    /// The modules packaging or process files name as entry points.
    configured: HashSet<usize>,
    /// The scripts a person runs by hand and nothing else starts
    /// ([`ImportGraph::mark_lone_scripts`]).
    lone: Vec<bool>,
    /// Of each class name's mentions, those that only pass it on (imports,
    /// `__all__`): see [`ImportGraph::class_unused`].
    class_passive: HashMap<String, usize>,
    /// Some module finds classes through their base (`__subclasses__()`,
    /// `__init_subclass__`): a class no one names may still be built.
    registers_subclasses: bool,
    /// Classes and functions defined in bundled libraries that the
    /// application's own code spells (see [`ImportGraph::in_bundled_library`]).
    app_named: rustc_hash::FxHashSet<String>,
}

/// The programs of a project (see [`ImportGraph::runs_as_program`]), each with
/// the modules it loads, itself included.
struct Programs {
    /// Each program's node.
    nodes: Vec<usize>,
    /// By program, by node: whether the program loads it.
    loads: Vec<Vec<bool>>,
    /// Whether no other program loads it: it runs in a process of its own.
    top: Vec<bool>,
}

impl Programs {
    /// The programs that run in a process of their own, by position.
    fn top(&self) -> impl Iterator<Item = usize> + '_ {
        (0..self.nodes.len()).filter(|&p| self.top[p])
    }
}

impl ImportGraph {
    /// `files`: every Python file of the run with its text; `extra`: the text of
    /// the project's non-Python files that name entry points (pyproject.toml,
    /// setup.cfg, Procfile, Dockerfile, docker-compose files).
    pub fn build(files: &[(&Path, &str)], extra: &[String]) -> ImportGraph {
        Self::build_reusing(files, extra, None, false).0
    }

    /// [`ImportGraph::build`], taking each file's facts from `earlier` (what
    /// the round before found) when its text is the same; with `keep`, also
    /// the facts found now, for the next round.
    pub fn build_reusing(
        files: &[(&Path, &str)],
        extra: &[String],
        earlier: Option<&GraphFacts>,
        keep: bool,
    ) -> (ImportGraph, Option<GraphFacts>) {
        let prints: Vec<u64> = match earlier {
            Some(_) => files
                .par_iter()
                .map(|(_, text)| fingerprint(text))
                .collect(),
            None => Vec::new(),
        };
        let before = |i: usize| -> Option<&Arc<FileFacts>> {
            let earlier = earlier?;
            let (print, facts) = earlier.files.get(files[i].0)?;
            (*print == prints[i]).then_some(facts)
        };
        let texts: Vec<Arc<TextFacts>> = files
            .par_iter()
            .enumerate()
            .map(|(i, (path, text))| match before(i) {
                Some(facts) => Arc::clone(&facts.text),
                None => Arc::new(TextFacts::of(path, text)),
            })
            .collect();
        // The names `def` and `class` introduce, and the classes alone: what
        // the word tallies below count.
        let counts: HashMap<String, usize> = texts
            .iter()
            .flat_map(|t| t.defined.iter())
            .map(|name| (name.clone(), 0))
            .collect();
        let classes: HashSet<&str> = texts
            .iter()
            .flat_map(|t| t.classes.iter().map(String::as_str))
            .collect();
        // A file the round before tallied keeps its tallies when no name the
        // project defines now and did not then is spelled in its text at all:
        // each name's count in a file depends on that name alone, and a name
        // the text never spells counts nothing there.
        let new_names: Vec<&str> = match earlier {
            Some(earlier) => counts
                .keys()
                .map(String::as_str)
                .filter(|n| !earlier.defined.contains(*n))
                .chain(
                    classes
                        .iter()
                        .copied()
                        .filter(|n| !earlier.classes.contains(*n)),
                )
                .collect(),
            None => Vec::new(),
        };
        let new_names = (!new_names.is_empty()).then(|| {
            aho_corasick::AhoCorasick::new(&new_names).expect("literal names build an automaton")
        });
        let tallies: Vec<Tallies<&str>> = files
            .par_iter()
            .enumerate()
            .map(|(i, (_, text))| {
                let reusable = before(i).filter(|_| {
                    new_names
                        .as_ref()
                        .is_none_or(|names| !names.is_match(*text))
                });
                match reusable {
                    Some(facts) => facts.tallies.kept(&counts, &classes),
                    None => Tallies::of(text, &counts, &classes),
                }
            })
            .collect();
        let graph = Self::assemble(files, extra, &texts, &tallies, &counts);
        let facts = keep.then(|| GraphFacts {
            defined: counts.keys().cloned().collect(),
            classes: classes.iter().map(|c| c.to_string()).collect(),
            files: files
                .par_iter()
                .zip(texts.par_iter())
                .zip(tallies)
                .enumerate()
                .map(|(i, (((path, text), facts), tallies))| {
                    let print = prints.get(i).copied().unwrap_or_else(|| fingerprint(text));
                    let facts = Arc::new(FileFacts {
                        text: Arc::clone(facts),
                        tallies: tallies.owned(),
                    });
                    (path.to_path_buf(), (print, facts))
                })
                .collect(),
        });
        (graph, facts)
    }

    /// The graph from each file's facts and tallies (`counts`: every name a
    /// `def` or `class` of the project introduces).
    fn assemble(
        files: &[(&Path, &str)],
        extra: &[String],
        texts: &[Arc<TextFacts>],
        tallies: &[Tallies<&str>],
        counts: &HashMap<String, usize>,
    ) -> ImportGraph {
        let nodes: Vec<Node> = files
            .iter()
            .zip(texts)
            .map(|((path, _), t)| Node {
                path: path.to_path_buf(),
                names: t.names.clone(),
                imports: t.imports.clone(),
                main_guard: t.main_guard,
                program: t.main_guard
                    || path.file_name().is_some_and(|n| n == "__main__.py")
                    || t.spells.any(APP_OBJECT)
                    || t.top_level,
                test: t.test,
                concurrent: t.spells.any(CONCURRENT) || t.flask_threaded,
                command: t.command.clone(),
                dynamic_lookup: t.spells.any(LOOKS_UP),
                scratch: false,
                spells: t.spells,
                plain_script: t.plain_script,
            })
            .collect();
        let mut by_name: HashMap<&str, Vec<usize>> = HashMap::default();
        for (i, n) in nodes.iter().enumerate() {
            for name in &n.names {
                by_name.entry(name.as_str()).or_default().push(i);
            }
        }
        let resolve = |target: &str| -> Vec<usize> {
            // `a.b.c` may be the module `a.b.c` or a member of `a.b`; packages
            // above it run their `__init__` too.
            let mut out = Vec::new();
            let mut name = target;
            loop {
                if let Some(ids) = by_name.get(name) {
                    out.extend(ids.iter().copied());
                }
                match name.rfind('.') {
                    Some(dot) => name = &name[..dot],
                    None => break,
                }
            }
            out
        };
        let mut edges: Vec<Vec<usize>> = nodes
            .iter()
            .map(|n| n.imports.iter().flat_map(|t| resolve(t)).collect())
            .collect();
        // A module that loads others by name (`bot.load_extension(f"cogs.{name}")`,
        // `import_module("plugins.audit")`) runs them in its own process, as an
        // import would.
        let loads: Vec<&[String]> = texts.iter().map(|t| t.loads.as_slice()).collect();
        let imports_end: Vec<usize> = edges.iter().map(Vec::len).collect();
        if loads.iter().any(|l| !l.is_empty()) {
            let mut under: HashMap<&str, Vec<usize>> = HashMap::default();
            for (i, n) in nodes.iter().enumerate() {
                for name in &n.names {
                    for (dot, _) in name.match_indices('.') {
                        under.entry(&name[..dot]).or_default().push(i);
                    }
                }
            }
            for (i, names) in loads.iter().enumerate() {
                for name in names.iter() {
                    let targets: Vec<usize> = match name.strip_suffix('.') {
                        Some(package) => under.get(package).cloned().unwrap_or_default(),
                        None => resolve(name),
                    };
                    for t in targets {
                        if t != i && !nodes[t].test && !edges[i].contains(&t) {
                            edges[i].push(t);
                        }
                    }
                }
            }
        }
        let mut imported = vec![false; nodes.len()];
        for (i, targets) in edges.iter().enumerate() {
            if nodes[i].test {
                continue;
            }
            for &t in targets {
                if t != i {
                    imported[t] = true;
                }
            }
        }
        let says: Vec<Option<&Says>> = texts.iter().map(|t| t.says.as_ref()).collect();
        let (mut roots, strong, configured) = roots(&nodes, &says, extra, &resolve);
        let mut nodes = nodes;
        // A scratch copy beside its original runs only when something names it.
        let paths: HashSet<PathBuf> = nodes.iter().map(|n| n.path.clone()).collect();
        for (i, n) in nodes.iter_mut().enumerate() {
            if !configured.contains(&i) && super::scratch_copies::is_scratch_copy(&n.path, &paths) {
                n.scratch = true;
                n.program = false;
                roots.remove(&i);
            }
        }
        for &i in &configured {
            nodes[i].program = true;
        }
        // Names spelled in strings only widen what runs: alone (a data literal
        // that happens to match a module), they do not show the program's entry.
        let live = strong.then(|| {
            let mut live = vec![false; nodes.len()];
            let mut queue: Vec<usize> = roots.into_iter().collect();
            for &r in &queue {
                live[r] = true;
            }
            while let Some(m) = queue.pop() {
                for &t in &edges[m] {
                    if !live[t] {
                        live[t] = true;
                        queue.push(t);
                    }
                }
            }
            live
        });
        let mut json_names: HashMap<String, usize> = HashMap::default();
        for name in texts.iter().flat_map(|t| t.json_names.iter()) {
            *json_names.entry(name.clone()).or_default() += 1;
        }
        // A retired tree's spellings reach nothing: a helper only its modules
        // call is as dead as they are.
        let retired: Vec<bool> = files
            .iter()
            .map(|(path, _)| retired_tree(path).is_some())
            .collect();
        let (def_mentions, sole_file, def_members) = def_mentions(tallies, &retired, extra, counts);
        let live_tallies = || {
            tallies
                .iter()
                .zip(&retired)
                .filter(|(_, r)| !**r)
                .map(|(t, _)| t)
        };
        let class_passive = merge_counts(live_tallies().map(|t| &t.passive));
        let registers_subclasses = texts.iter().any(|t| t.subclasses);
        let def_inert = merge_counts(live_tallies().map(|t| &t.inert));
        let code_beyond_examples = nodes
            .iter()
            .any(|n| !n.test && example_tree(&n.path).is_none());
        let root = common_folder(&nodes);
        let unreached_defs = match &live {
            Some(live) => {
                use super::vendored_reach::Role;
                let roles: Vec<Role> = nodes
                    .iter()
                    .enumerate()
                    .map(|(i, n)| {
                        let below = n.path.strip_prefix(&root).unwrap_or(&n.path);
                        match (bundled_package(&n.path, below), live[i]) {
                            (false, _) => Role::App,
                            (true, true) => Role::Bundled,
                            (true, false) => Role::Idle,
                        }
                    })
                    .collect();
                super::vendored_reach::unreached(files, &roles)
            }
            None => Vec::new(),
        };
        let by_path = nodes
            .iter()
            .enumerate()
            .map(|(i, n)| (normalize(&n.path), i))
            .collect();
        let checks_integrity = texts.iter().any(|t| t.integrity)
            || extra.iter().any(|text| runs_integrity_check(text));
        let app_named = app_named_library_defs(&root, files);
        ImportGraph {
            root,
            unreached_defs,
            nodes,
            by_path,
            edges,
            imports_end,
            live,
            imported,
            code_beyond_examples,
            json_names,
            def_mentions,
            def_members,
            def_inert,
            sole_file,
            checks_integrity,
            programs: std::sync::OnceLock::new(),
            import_programs: std::sync::OnceLock::new(),
            concurrent_reach: std::sync::OnceLock::new(),
            configured,
            lone: Vec::new(),
            class_passive,
            registers_subclasses,
            app_named,
        }
    }

    /// Whether the project shows how it starts (an application, not a
    /// library whose public functions its users call).
    pub fn has_entry_points(&self) -> bool {
        self.live.is_some()
    }

    /// How many times the project spells the name a `def` introduces, that
    /// `def` included; `None` for a name no `def` of the project introduces.
    pub fn def_mentions(&self, name: &str) -> Option<usize> {
        self.def_mentions.get(name).copied()
    }

    /// How many of [`ImportGraph::def_mentions`] name a method rather than a
    /// module function: indented `def` lines and `self.`, `cls.` or
    /// `super().` attributes.
    pub fn member_mentions(&self, name: &str) -> usize {
        self.def_members.get(name).copied().unwrap_or(0)
    }

    /// How many times the project spells the name a `def` introduces where a
    /// spelling could reach it: [`ImportGraph::def_mentions`] less the inert
    /// words (comments, prose strings, keys read from a mapping, module paths
    /// of `from` imports) that spell it.
    pub fn def_uses(&self, name: &str) -> Option<usize> {
        let all = self.def_mentions(name)?;
        Some(all - self.def_inert.get(name).copied().unwrap_or(0).min(all))
    }

    /// Whether nothing in the application builds or names the class `name`:
    /// the project spells it on its `class` line and otherwise only in
    /// imports and `__all__` lists that pass it on, and no module finds
    /// classes through their base. Only for an application (a library's
    /// users build its classes).
    pub fn class_unused(&self, name: &str) -> bool {
        if !self.has_entry_points() || self.registers_subclasses {
            return false;
        }
        let Some(all) = self.def_mentions(name) else {
            return false;
        };
        let passive = self.class_passive.get(name).copied().unwrap_or(0);
        all.saturating_sub(passive) == 1
    }

    /// Whether every mention of the `def` name `name` in the project is in the
    /// module at `path` (no other module, string or packaging file names it).
    pub fn mentioned_only_in(&self, name: &str, path: &Path) -> bool {
        self.sole_file
            .get(name)
            .is_some_and(|&i| self.id(path) == Some(i))
    }

    /// A module of another project's package copied into the application
    /// (`lib/cherrypy/...`, `vendor/requests/...`, `pkg/_vendor/six/...`),
    /// and not the application's own library folder: a `lib/` or `libs/`
    /// (or `external/`) inside one of the app's packages (`app/libs/x/`,
    /// imported as `app.libs.x`) is the app's code. The unambiguous names
    /// (`vendor`, `_vendor`, `third_party`, ...) are bundled wherever they sit.
    pub fn in_bundled_library(&self, path: &Path) -> bool {
        bundled_library_path(&self.root, path)
    }

    /// Whether the application's own code (outside bundled libraries) spells
    /// `name`, a class or function a bundled library defines: the app builds,
    /// calls or passes it, so its code path can run.
    pub fn app_names_library_def(&self, name: &str) -> bool {
        self.app_named.contains(name)
    }

    /// The qualified name of the definition around `line` (1-based) of the
    /// module at `path` when it sits in a bundled package the app loads and
    /// nothing live reaches it (semantic/vendored_reach.rs).
    pub fn unreached_definition(&self, path: &Path, line: usize) -> Option<&str> {
        let defs = self.unreached_defs.get(self.id(path)?)?;
        defs.iter()
            .find(|d| d.first_line <= line && line <= d.last_line)
            .map(|d| d.name.as_str())
    }

    /// Whether the module at `path` reaches names at run time.
    pub fn looks_names_up(&self, path: &Path) -> bool {
        self.id(path).is_some_and(|i| self.nodes[i].dynamic_lookup)
    }

    /// Whether some file of the project runs `PRAGMA integrity_check` or
    /// `PRAGMA quick_check` (a line that is not a comment spells both words).
    pub fn checks_integrity(&self) -> bool {
        self.checks_integrity
    }

    /// Whether the project spells the JSON file name `name` anywhere but once.
    pub fn json_name_spelled_again(&self, name: &str) -> bool {
        self.json_names.get(name).is_some_and(|&n| n > 1)
    }

    /// The node of the module at `path`: the index of a closure of
    /// [`ImportGraph::closure`] or [`ImportGraph::other_programs`] that holds it.
    pub fn id(&self, path: &Path) -> Option<usize> {
        self.by_path.get(&normalize(path)).copied()
    }

    pub fn liveness(&self, path: &Path) -> Liveness {
        if let Some(tree) = retired_tree(path) {
            return Liveness::Retired(tree);
        }
        if self.code_beyond_examples
            && let Some(tree) = example_tree(path)
        {
            return Liveness::Example(tree);
        }
        if let Some(tree) = self.id(path).and_then(|i| self.nodes[i].command.clone()) {
            return Liveness::Command(tree);
        }
        match (self.id(path), &self.live) {
            (Some(i), Some(live)) if !live[i] && self.nodes[i].scratch => {
                Liveness::Retired("a scratch copy".into())
            }
            (Some(i), Some(live)) if !live[i] && !self.nodes[i].test => {
                let below = path.strip_prefix(&self.root).unwrap_or(path);
                if let Some(tree) = folder_under(below, DRAFT_TREES) {
                    return Liveness::Retired(tree);
                }
                match folder_under(below, VENDORED_TREES)
                    .or_else(|| installed_copies_tree(path, below))
                {
                    Some(tree) => Liveness::Vendored(tree),
                    None => Liveness::Unreached,
                }
            }
            _ => Liveness::Live,
        }
    }

    /// How many programs of the project load the module at `path` (at most
    /// `limit`), each in a process of its own. A program is a module that runs
    /// as one (a script, `__main__.py`, an application object a server loads,
    /// an entry point the packaging or process files name) that no other
    /// program loads. A module only loaded by name (a bot's extension) belongs
    /// to the project's program when it has one. `None` for a module the graph
    /// does not know.
    pub fn programs_loading(&self, path: &Path, limit: usize) -> Option<usize> {
        let target = self.id(path)?;
        self.count_loading(self.programs(false), target, limit)
    }

    /// [`ImportGraph::programs_loading`] through imports only: a module a
    /// program reaches only by loading it by name has its functions looked up
    /// by names the project does not spell, as a library's users call it.
    pub fn programs_importing(&self, path: &Path, limit: usize) -> Option<usize> {
        let target = self.id(path)?;
        self.count_loading(self.programs(true), target, limit)
    }

    fn count_loading(&self, programs: &Programs, target: usize, limit: usize) -> Option<usize> {
        let n = programs
            .top()
            .filter(|&p| programs.loads[p][target])
            .take(limit)
            .count();
        let tops = programs.top().count();
        if n == 0 && tops == 1 && self.live.as_ref().is_some_and(|live| live[target]) {
            return Some(1);
        }
        Some(n)
    }

    /// Whether node `i` is a program the project runs: not a test, and not in
    /// an examples or retired tree.
    /// A bundled library's own command line (`lib/mako/cmd.py` under its
    /// `__main__` guard) is the library's program, not the application's: the
    /// app imports the package and never runs that script as a process beside
    /// itself.
    fn runs_as_program(&self, i: usize) -> bool {
        let node = &self.nodes[i];
        node.program
            && !node.test
            && !bundled_library_path(&self.root, &node.path)
            && example_tree(&node.path).is_none()
            && retired_tree(&node.path).is_none()
    }

    /// The programs that load the module at `path` (as [`ImportGraph::programs_loading`]
    /// counts them), by path, at most `limit`: each runs the module's code in a
    /// process of its own.
    pub fn programs_loading_named(&self, path: &Path, limit: usize) -> Vec<&Path> {
        let Some(target) = self.id(path) else {
            return Vec::new();
        };
        let programs = self.programs(false);
        programs
            .top()
            .filter(|&p| programs.loads[p][target])
            .take(limit)
            .map(|p| self.nodes[programs.nodes[p]].path.as_path())
            .collect()
    }

    /// Every program of the project that loads the module at `path` (up to
    /// `limit`), also one that another program loads: a script with a
    /// `__main__` guard runs in a process of its own when it is run, whoever
    /// else imports it.
    pub fn every_program_loading(&self, path: &Path, limit: usize) -> Vec<&Path> {
        let Some(target) = self.id(path) else {
            return Vec::new();
        };
        let programs = self.programs(false);
        (0..programs.nodes.len())
            .filter(|&p| programs.loads[p][target])
            .take(limit)
            .map(|p| self.nodes[programs.nodes[p]].path.as_path())
            .collect()
    }

    /// The programs, with what each loads through every edge or, with
    /// `imports_only`, through imports alone; built once per run.
    fn programs(&self, imports_only: bool) -> &Programs {
        let cell = if imports_only {
            &self.import_programs
        } else {
            &self.programs
        };
        cell.get_or_init(|| self.find_programs(imports_only))
    }

    fn find_programs(&self, imports_only: bool) -> Programs {
        let nodes: Vec<usize> = (0..self.nodes.len())
            .filter(|&i| self.runs_as_program(i))
            .collect();
        let loads: Vec<Vec<bool>> = nodes
            .iter()
            .map(|&p| {
                let mut seen = vec![false; self.nodes.len()];
                seen[p] = true;
                let mut queue = vec![p];
                while let Some(m) = queue.pop() {
                    let edges = if imports_only {
                        &self.edges[m][..self.imports_end[m]]
                    } else {
                        &self.edges[m][..]
                    };
                    for &t in edges {
                        if !seen[t] {
                            seen[t] = true;
                            queue.push(t);
                        }
                    }
                }
                seen
            })
            .collect();
        // A program another one loads runs in that one's process (two that load
        // each other: the first stands for both).
        let top = (0..nodes.len())
            .map(|a| {
                !(0..nodes.len())
                    .any(|b| b != a && loads[b][nodes[a]] && (!loads[a][nodes[b]] || b < a))
            })
            .collect();
        Programs { nodes, loads, top }
    }

    /// The modules the module at `path` loads, itself included, as a set to ask
    /// [`ImportGraph::loads`]; `None` for a module the graph does not know.
    pub fn closure(&self, path: &Path) -> Option<Vec<bool>> {
        Some(self.reached_from(vec![self.id(path)?]))
    }

    /// The modules `starts` load, themselves included, by node: one walk
    /// however many starts there are.
    fn reached_from(&self, starts: Vec<usize>) -> Vec<bool> {
        let mut seen = vec![false; self.nodes.len()];
        for &m in &starts {
            seen[m] = true;
        }
        let mut queue = starts;
        while let Some(m) = queue.pop() {
            for &t in &self.edges[m] {
                if !seen[t] {
                    seen[t] = true;
                    queue.push(t);
                }
            }
        }
        seen
    }

    /// Every program of the project (as [`ImportGraph::other_programs`] lists
    /// them), with what it loads, by node.
    pub fn programs_with_loads(&self) -> impl Iterator<Item = (&Path, &[bool])> {
        let programs = self.programs(false);
        programs
            .nodes
            .iter()
            .zip(&programs.loads)
            .map(|(&i, loads)| (self.nodes[i].path.as_path(), loads.as_slice()))
    }

    /// Whether `closure` (from [`ImportGraph::closure`]) holds the module at `path`.
    pub fn loads(&self, closure: &[bool], path: &Path) -> bool {
        self.id(path)
            .is_some_and(|i| closure.get(i).copied().unwrap_or(false))
    }

    /// The programs of the project, other than the module at `path` and those
    /// that load it, each with the modules it loads: each runs in a process of
    /// its own beside the one of `path` (a dashboard, a second daemon).
    pub fn other_programs(&self, path: &Path) -> Vec<(&Path, &[bool])> {
        let Some(target) = self.id(path) else {
            return Vec::new();
        };
        let programs = self.programs(false);
        programs
            .nodes
            .iter()
            .zip(&programs.loads)
            .filter(|&(&i, loads)| i != target && !loads[target])
            .map(|(&i, loads)| (self.nodes[i].path.as_path(), loads.as_slice()))
            .collect()
    }

    /// For a standalone script (a `__main__` guard, imported by no other
    /// non-test module): whether anything in its process, itself or what it
    /// imports, starts threads or processes. `None` for any other module.
    pub fn script_is_concurrent(&self, path: &Path) -> Option<bool> {
        let modules = self.script_modules(path)?;
        Some(modules.into_iter().any(|m| self.nodes[m].concurrent))
    }

    /// The modules of a standalone script's process whose text starts threads
    /// or processes (`None` for a module that is no such script): what
    /// [`ImportGraph::script_is_concurrent`] finds, for a closer look.
    pub fn concurrent_in_script(&self, path: &Path) -> Option<Vec<&Path>> {
        let modules = self.script_modules(path)?;
        Some(
            modules
                .into_iter()
                .filter(|&m| self.nodes[m].concurrent)
                .map(|m| self.nodes[m].path.as_path())
                .collect(),
        )
    }
}

impl ImportGraph {
    /// The modules a standalone script's process loads: itself and what it
    /// imports, transitively (`None` for a module that is no such script).
    pub fn script_closure(&self, path: &Path) -> Option<Vec<&Path>> {
        let modules = self.script_modules(path)?;
        Some(
            modules
                .into_iter()
                .map(|m| self.nodes[m].path.as_path())
                .collect(),
        )
    }

    /// A standalone script's module and those it imports, transitively.
    fn script_modules(&self, path: &Path) -> Option<Vec<usize>> {
        let i = self.id(path)?;
        let node = &self.nodes[i];
        if !node.main_guard || self.imported[i] || node.test {
            return None;
        }
        let mut seen = HashSet::from_iter([i]);
        let mut queue = vec![i];
        let mut out = Vec::new();
        while let Some(m) = queue.pop() {
            out.push(m);
            for &t in &self.edges[m] {
                if seen.insert(t) {
                    queue.push(t);
                }
            }
        }
        Some(out)
    }
}

impl ImportGraph {
    /// Finds the lone scripts: the scripts of an application that a person
    /// runs by hand and nothing else starts, so nothing runs beside them.
    ///
    /// A lone script is a file outside the project's packages (no
    /// `__init__.py` beside it) that runs as a program of its own (a
    /// `__main__` guard, or top-level code doing the work), no module imports
    /// or loads it, and it
    /// starts nothing that keeps running or runs beside it: no application
    /// object, no thread, process or pool in it or what it imports, no loop
    /// or server or scheduler in its text. No process file names it: not the
    /// packaging, a Dockerfile or compose file, a Procfile, a crontab, a
    /// systemd unit, a Makefile or a shell script (`texts`), nor another
    /// module (`subprocess.run(["python", "tools/prune.py"])`). A README's
    /// run instructions name a script a person may run while the service runs
    /// (a weekly clean-up), so they count too, except for a script that
    /// reads another store into SQLite (it imports another engine's driver or
    /// `csv`): a one-off conversion, run once before the app used the file.
    /// And the project has a service beside it (a module that builds an
    /// application object, keeps running, starts threads or processes, or is
    /// named as an entry point): a repository of scripts alone has none.
    ///
    /// `texts`: each file's name and text, as [`run_texts`] reads them.
    pub fn mark_lone_scripts(&mut self, files: &[(&Path, &str)], texts: &[(String, String)]) {
        self.lone = vec![false; self.nodes.len()];
        if self.live.is_none() {
            return;
        }
        // A module of a package (its folder has an `__init__.py`) is there to
        // be imported, by the project or its plugins: its `__main__` block is
        // a demo or a self-test, not what it is for.
        let packages: HashSet<&Path> = self
            .nodes
            .iter()
            .filter(|n| n.path.file_name().is_some_and(|f| f == "__init__.py"))
            .filter_map(|n| n.path.parent())
            .collect();
        let candidates: Vec<usize> = (0..self.nodes.len())
            .filter(|&i| {
                self.nodes[i]
                    .path
                    .parent()
                    .is_none_or(|dir| !packages.contains(dir))
            })
            .filter(|&i| self.lone_candidate(i))
            .collect();
        if candidates.is_empty() {
            return;
        }
        let service = (0..self.nodes.len()).any(|j| {
            let node = &self.nodes[j];
            !node.test
                && !candidates.contains(&j)
                && example_tree(&node.path).is_none()
                && retired_tree(&node.path).is_none()
                && (self.configured.contains(&j)
                    || node.spells.any(APP_OBJECT)
                    || node.spells.any(KEEPS_RUNNING_TEXT)
                    || node.concurrent)
        });
        if !service {
            return;
        }
        for i in candidates {
            let node = &self.nodes[i];
            let converts = node.imports.iter().any(|t| {
                super::foreign_db::is_foreign_driver(t)
                    || t == "csv"
                    || t == "pymongo"
                    || t.starts_with("pymongo.")
            });
            let Some(stem) = node.path.file_stem().and_then(|s| s.to_str()) else {
                continue;
            };
            let file = format!("{stem}.py");
            let modules: Vec<String> = node.names.iter().map(|n| format!("-m {n}")).collect();
            let names_it =
                |text: &str| names_word(text, &file) || modules.iter().any(|m| names_word(text, m));
            let by_process = texts
                .iter()
                .filter(|(name, _)| !(converts && is_readme(name)))
                .any(|(_, text)| names_it(text));
            let by_module = files
                .iter()
                .enumerate()
                .any(|(j, (_, text))| j != i && !self.nodes[j].test && names_it(text));
            self.lone[i] = !by_process && !by_module;
        }
    }

    /// Whether node `i` may be a lone script: a program by its own text that
    /// no module imports, no process file names as an entry point, and that
    /// starts nothing beside it.
    fn lone_candidate(&self, i: usize) -> bool {
        let node = &self.nodes[i];
        let file = node
            .path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default();
        !node.test
            && !self.imported[i]
            && !self.configured.contains(&i)
            && (node.main_guard || node.plain_script)
            && !matches!(
                file,
                "__main__.py" | "setup.py" | "manage.py" | "__init__.py"
            )
            && node.command.is_none()
            && !node.spells.any(APP_OBJECT)
            && !node.spells.any(KEEPS_RUNNING_TEXT)
            && !node.spells.any(LOADS_DYNAMICALLY)
            && !self.closure_concurrent(i)
    }

    /// Whether anything the module at `i` loads, itself included, starts
    /// threads or processes.
    fn closure_concurrent(&self, i: usize) -> bool {
        let mut seen = HashSet::from_iter([i]);
        let mut queue = vec![i];
        while let Some(m) = queue.pop() {
            if self.nodes[m].concurrent {
                return true;
            }
            for &t in &self.edges[m] {
                if seen.insert(t) {
                    queue.push(t);
                }
            }
        }
        false
    }

    /// Whether another module of the project imports the module at `path`
    /// (`None` for a module the graph does not know).
    pub fn is_imported(&self, path: &Path) -> Option<bool> {
        self.id(path).map(|i| self.imported[i])
    }

    /// Whether the module at `path` is a program that does one job and exits:
    /// it runs as a script (a `__main__` guard or top-level code doing the
    /// work), no module imports or loads it, no packaging entry point names
    /// it, and its own text neither keeps running nor starts anything beside
    /// it (no application object, server, polling loop, `while` loop,
    /// thread, process or pool). Unlike a lone script, the project need not
    /// have a service, a Makefile or README may name it (a release step is
    /// run through both), and what it imports may start threads elsewhere (a
    /// docs generator imports the application to describe it, and calls no
    /// code of it that starts any). `Some(parses)` says whether it
    /// reads command-line options (`ArgumentParser(`, click, typer).
    pub fn runs_once_and_exits(&self, path: &Path) -> Option<bool> {
        let i = self.id(path)?;
        let node = &self.nodes[i];
        let once = !node.test
            && !self.imported[i]
            && !self.configured.contains(&i)
            && (node.main_guard || node.plain_script)
            && node.command.is_none()
            && !node.spells.any(APP_OBJECT)
            && !node.spells.any(KEEPS_RUNNING_TEXT)
            && !node.spells.any(LOADS_DYNAMICALLY)
            && !node.concurrent;
        once.then(|| node.spells.any(PARSES_COMMANDS))
    }

    /// Whether the module at `path` is a lone script
    /// ([`ImportGraph::mark_lone_scripts`]).
    pub fn lone_script(&self, path: &Path) -> bool {
        self.id(path)
            .is_some_and(|i| self.lone.get(i).copied().unwrap_or(false))
    }
}

/// Whether `text` spells `word` with no identifier character or dot before it
/// and none after it (`tools/prune.py`, `python prune.py`, not `reprune.py`).
fn names_word(text: &str, word: &str) -> bool {
    let ident = |c: char| c.is_alphanumeric() || c == '_';
    memchr::memmem::find_iter(text.as_bytes(), word.as_bytes()).any(|at| {
        let before = text[..at].chars().next_back();
        let after = text[at + word.len()..].chars().next();
        !before.is_some_and(|c| ident(c) || c == '.') && !after.is_some_and(ident)
    })
}

/// Whether the file `name` is a README.
fn is_readme(name: &str) -> bool {
    name.to_ascii_lowercase().starts_with("readme")
}

/// A module whose top-level code does the work: a line at column 0 that
/// starts a loop or a `with` block, or calls something (`main()`,
/// `conn.execute(...)`), as a script written without a `__main__` guard does.
fn plain_script(text: &str) -> bool {
    lines(text).any(|line| {
        if line.starts_with("for ") || line.starts_with("with ") {
            return true;
        }
        let head = line
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '.'))
            .map_or(line, |end| &line[..end]);
        !head.is_empty()
            && line[head.len()..].starts_with('(')
            && head.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
            && !matches!(head, "if" | "while" | "assert" | "del" | "elif")
    })
}

/// The files beside the code that start programs or say how to run them:
/// READMEs, packaging, container and process files, crontabs, systemd units,
/// Makefiles and shell scripts, in the folders of `files`, up to three above
/// them, and their `deploy/`, `scripts/`, `bin/` ... subfolders; each with
/// its name.
pub fn run_texts<'p>(files: impl Iterator<Item = &'p Path>) -> Vec<(String, String)> {
    super::deployment::named_texts(files, runs_programs)
}

/// A file name of a file that starts programs or says how to run them.
fn runs_programs(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    is_readme(name)
        || lower.starts_with("procfile")
        || lower.starts_with("dockerfile")
        || lower.ends_with(".dockerfile")
        || lower.starts_with("docker-compose")
        || lower.starts_with("compose.")
        || lower.starts_with("makefile")
        || lower == "gnumakefile"
        || lower == "justfile"
        || lower.starts_with("crontab")
        || lower.starts_with("supervisor")
        || [
            ".cron", ".sh", ".bash", ".service", ".timer", ".toml", ".cfg", ".ini", ".yml",
            ".yaml", ".conf", ".bat", ".ps1", ".mk",
        ]
        .iter()
        .any(|ext| lower.ends_with(ext))
}

/// Text of a module that reaches functions by a computed name.
const DYNAMIC_LOOKUP: &[&str] = &["getattr(", "globals()", "locals()", "__dict__"];

/// Which of the lists above a module's text spells (any needle of the list),
/// one bit per list: every needle of every list is looked for in one pass over
/// the text, instead of one pass per list and question.
#[derive(Clone, Copy, Default)]
struct Spells(u8);

const APP_OBJECT: u8 = 1;
const CONCURRENT: u8 = 1 << 1;
const LOOKS_UP: u8 = 1 << 2;
const PARSES_COMMANDS: u8 = 1 << 3;
const KEEPS_RUNNING_TEXT: u8 = 1 << 4;
const LOADS_DYNAMICALLY: u8 = 1 << 5;

/// Every needle once, with the lists (bits) it belongs to.
static NEEDLES: std::sync::LazyLock<(aho_corasick::AhoCorasick, Vec<u8>)> =
    std::sync::LazyLock::new(|| {
        let lists: [(&[&str], u8); 6] = [
            (APP_OBJECTS, APP_OBJECT),
            (CONCURRENCY, CONCURRENT),
            (DYNAMIC_LOOKUP, LOOKS_UP),
            (COMMAND_PARSERS, PARSES_COMMANDS),
            (KEEPS_RUNNING, KEEPS_RUNNING_TEXT),
            (DYNAMIC_LOADS, LOADS_DYNAMICALLY),
        ];
        let mut needles: Vec<&str> = Vec::new();
        let mut bits: Vec<u8> = Vec::new();
        for (list, bit) in lists {
            for needle in list {
                match needles.iter().position(|n| n == needle) {
                    Some(at) => bits[at] |= bit,
                    None => {
                        needles.push(needle);
                        bits.push(bit);
                    }
                }
            }
        }
        let automaton =
            aho_corasick::AhoCorasick::new(&needles).expect("literal needles build an automaton");
        (automaton, bits)
    });

impl Spells {
    fn of(text: &str) -> Spells {
        let (automaton, bits) = &*NEEDLES;
        let every = bits.iter().fold(0, |all, b| all | b);
        let mut found = 0;
        for hit in automaton.find_overlapping_iter(text) {
            found |= bits[hit.pattern().as_usize()];
            if found == every {
                break;
            }
        }
        Spells(found)
    }

    /// Whether the text spells any needle of the list `bit` stands for.
    fn any(self, bit: u8) -> bool {
        self.0 & bit != 0
    }
}

/// One name's mentions over the project (see [`def_mentions`]).
#[derive(Default)]
struct Merged {
    mentions: usize,
    members: usize,
    /// The first file that spells it, and whether another one does.
    file: usize,
    files: usize,
}

/// Adds `n` mentions of `name` in file `i` to `merged`.
fn spelled_in<'n>(merged: &mut HashMap<&'n str, Merged>, name: &'n str, i: usize, n: usize) {
    let entry = merged.entry(name).or_default();
    if entry.files == 0 {
        entry.file = i;
    }
    entry.files += 1;
    entry.mentions += n;
}

/// The names `def` (and `class`) introduces (`counts`, each at 0), each with
/// how many times the project spells it as a whole word, and, for a name
/// spelled in one Python file only, that file's index; and how many of the
/// mentions name a class member. `tallies`: each Python file's counts;
/// those of files under a retired tree (`retired`) are not counted.
fn def_mentions(
    tallies: &[Tallies<&str>],
    retired: &[bool],
    extra: &[String],
    counts: &HashMap<String, usize>,
) -> (
    HashMap<String, usize>,
    HashMap<String, usize>,
    HashMap<String, usize>,
) {
    // Extra texts get indices past the Python files, so they are never a sole file.
    let extra_seen: Vec<HashMap<&str, usize>> = extra
        .par_iter()
        .map(|text| {
            let mut seen: HashMap<&str, usize> = HashMap::default();
            for word in words(text) {
                // A Dockerfile or compose file naming `create_db.py` names the
                // module file, not the function `create_db` defined in it.
                if names_python_file(text, word) {
                    continue;
                }
                if let Some((name, _)) = counts.get_key_value(word) {
                    *seen.entry(name.as_str()).or_default() += 1;
                }
            }
            seen
        })
        .collect();
    // Merged under the names, each copied once at the end rather than once
    // per file that spells it.
    let mut merged: HashMap<&str, Merged> = HashMap::default();
    for (i, t) in tallies.iter().enumerate() {
        if retired.get(i).copied().unwrap_or(false) {
            continue;
        }
        for (name, n) in &t.members {
            merged.entry(name).or_default().members += n;
        }
        for (name, n) in &t.mentions {
            spelled_in(&mut merged, name, i, *n);
        }
    }
    for (k, seen) in extra_seen.iter().enumerate() {
        for (name, n) in seen {
            spelled_in(&mut merged, name, tallies.len() + k, *n);
        }
    }
    let mut sole: HashMap<String, usize> = HashMap::default();
    let mut member_counts: HashMap<String, usize> = HashMap::default();
    for (name, entry) in &merged {
        if entry.members > 0 {
            member_counts.insert(name.to_string(), entry.members);
        }
        if entry.files == 1 && entry.file < tallies.len() {
            sole.insert(name.to_string(), entry.file);
        }
    }
    let counts = counts
        .keys()
        .map(|name| {
            let n = merged.get(name.as_str()).map_or(0, |e| e.mentions);
            (name.clone(), n)
        })
        .collect();
    (counts, sole, member_counts)
}

/// Whether `word`, a slice of `text`, names a member of a class rather than
/// a module function: an indented `def word` (a method, or a function nested
/// in another) or an attribute of `self`, `cls` or `super()` (`self.word`),
/// which resolves to a method, never to a module's function.
fn member_mention(text: &str, word: &str) -> bool {
    let start = word.as_ptr() as usize - text.as_ptr() as usize;
    let before = &text[..start];
    if let Some(rest) = before.strip_suffix('.') {
        let receiver = rest.trim_end_matches(|c: char| c.is_alphanumeric() || c == '_');
        let receiver_word = &rest[receiver.len()..];
        return matches!(receiver_word, "self" | "cls") || rest.ends_with("super()");
    }
    let Some(head) = before
        .strip_suffix("def ")
        .map(|h| h.strip_suffix("async ").unwrap_or(h))
    else {
        return false;
    };
    let line_start = head.rfind('\n').map_or(0, |n| n + 1);
    let indent = &head[line_start..];
    !indent.is_empty() && indent.chars().all(|c| c == ' ' || c == '\t')
}

/// Whether `word`, a slice of `text`, is the stem of a Python file name there
/// (`create_db` of `COPY create_db.py ./`, `python worker.py`).
fn names_python_file(text: &str, word: &str) -> bool {
    let end = word.as_ptr() as usize - text.as_ptr() as usize + word.len();
    text.get(end..).is_some_and(|rest| {
        rest.strip_prefix(".py")
            .is_some_and(|after| !after.starts_with(|c: char| c.is_alphanumeric() || c == '_'))
    })
}

/// Per-file counts of names summed, each name copied once.
fn merge_counts<'t>(
    per_file: impl Iterator<Item = &'t HashMap<&'t str, usize>>,
) -> HashMap<String, usize> {
    let mut sums: HashMap<&str, usize> = HashMap::default();
    for (name, n) in per_file.flatten() {
        *sums.entry(name).or_default() += n;
    }
    sums.into_iter()
        .map(|(name, n)| (name.to_string(), n))
        .collect()
}

/// The first byte of `line` past its leading ASCII whitespace, when it is
/// ASCII: a line starting with any other byte cannot begin with the keyword
/// (`None` means "look with `trim_start`", which also trims Unicode spaces).
fn first_ascii(line: &str) -> Option<u8> {
    let b = *line
        .as_bytes()
        .iter()
        .find(|b| !matches!(b, b' ' | b'\t' | b'\n' | b'\x0b' | b'\x0c' | b'\r'))?;
    b.is_ascii().then_some(b)
}

/// `class Name` at the start of a line (any indentation).
fn class_name(line: &str) -> Option<&str> {
    // Called on every line of the project: most start with another letter.
    if first_ascii(line).is_some_and(|b| b != b'c') {
        return None;
    }
    let rest = line.trim_start().strip_prefix("class ")?.trim_start();
    let end = rest
        .find(|c: char| !(c.is_alphanumeric() || c == '_'))
        .unwrap_or(rest.len());
    (end > 0).then(|| &rest[..end])
}

/// In one file's text, for each class name of the project (`classes`, each
/// a key of `counts`, whose copy it is counted under), how many of its
/// mentions only pass it on: a name a `from ... import` line lists (without `as`: an alias is used
/// under its new name) and a string of an `__all__` list. A class spelled
/// only there and on its `class` line is constructed by no one.
fn passive_mentions<'c>(
    text: &str,
    counts: &'c HashMap<String, usize>,
    classes: &HashSet<&str>,
) -> HashMap<&'c str, usize> {
    let mut seen: HashMap<&str, usize> = HashMap::default();
    let mut lines = lines(text);
    while let Some(line) = lines.next() {
        // Most lines start with another letter: no trimming for them.
        if first_ascii(line).is_some_and(|b| b != b'f' && b != b'_') {
            continue;
        }
        let trimmed = line.trim_start();
        let mut listed = if let Some(rest) = trimmed.strip_prefix("from ") {
            match rest.split_once(" import ") {
                Some((_, names)) => names.to_string(),
                None => continue,
            }
        } else if trimmed.starts_with("__all__") {
            match trimmed.split_once('=') {
                Some((_, names)) => names.to_string(),
                None => continue,
            }
        } else {
            continue;
        };
        let opens = ['(', '['];
        let closes = [')', ']'];
        if listed.contains(opens) && !listed.contains(closes) {
            for more in lines.by_ref() {
                listed.push(' ');
                listed.push_str(more.trim());
                if more.contains(closes) {
                    break;
                }
            }
        }
        let listed = listed.split('#').next().unwrap_or_default();
        for part in listed.split(',') {
            let mut words = part.split(|c: char| !(c.is_alphanumeric() || c == '_'));
            let mut names = words.by_ref().filter(|w| !w.is_empty());
            let Some(first) = names.next() else {
                continue;
            };
            if names.next().is_some() && !trimmed.starts_with("__all__") {
                // `Name as Alias`: used under the alias.
                continue;
            }
            if !classes.contains(first) {
                continue;
            }
            if let Some((name, _)) = counts.get_key_value(first) {
                *seen.entry(name.as_str()).or_default() += 1;
            }
        }
    }
    seen
}

/// `def name(` or `async def name(` at the start of a line (any indentation).
fn def_name(line: &str) -> Option<&str> {
    if first_ascii(line).is_some_and(|b| b != b'd' && b != b'a') {
        return None;
    }
    let rest = line.trim_start();
    let rest = rest.strip_prefix("async ").map_or(rest, str::trim_start);
    let rest = rest.strip_prefix("def ")?.trim_start();
    let end = rest
        .find(|c: char| !(c.is_alphanumeric() || c == '_'))
        .unwrap_or(rest.len());
    (end > 0).then(|| &rest[..end])
}

/// A line of the text, not a comment, with a quoted statement that runs the
/// check (`"PRAGMA quick_check"`, apsw's `pragma("integrity_check")`, any
/// case). Prose that only names it (a docstring's "TODO: run PRAGMA
/// quick_check") quotes neither.
fn runs_integrity_check(text: &str) -> bool {
    // Cheap first: most files spell neither check.
    let lower_hit = |t: &str| {
        t.contains("integrity_check")
            || t.contains("quick_check")
            || t.contains("INTEGRITY_CHECK")
            || t.contains("QUICK_CHECK")
    };
    if !lower_hit(text) {
        return false;
    }
    // Lowered once (ASCII only: lines and spaces stay where they are), each
    // spelling searched in the whole text, then the line of each hit read.
    let lower = text.to_ascii_lowercase();
    let bytes = lower.as_bytes();
    INTEGRITY_SPELLINGS.iter().any(|spelled| {
        memchr::memmem::find_iter(bytes, spelled.as_bytes()).any(|at| {
            let start = memchr::memrchr(b'\n', &bytes[..at]).map_or(0, |n| n + 1);
            // The hit starts with a quote or `p`: the line is a comment only
            // when what precedes the hit on its line starts with `#`.
            !lower[start..at].trim_start().starts_with('#')
        })
    })
}

/// The quoted spellings of a statement that runs an integrity check, lower case.
const INTEGRITY_SPELLINGS: [&str; 8] = [
    "\"pragma integrity_check",
    "'pragma integrity_check",
    "pragma(\"integrity_check",
    "pragma('integrity_check",
    "\"pragma quick_check",
    "'pragma quick_check",
    "pragma(\"quick_check",
    "pragma('quick_check",
];

/// Files beside the code that name entry points: packaging metadata, process
/// files and container commands, in the folders of `files` and above them.
pub fn entry_point_texts<'p>(files: impl Iterator<Item = &'p Path>) -> Vec<String> {
    const NAMES: &[&str] = &[
        "pyproject.toml",
        "setup.cfg",
        "Procfile",
        "Dockerfile",
        "docker-compose.yml",
        "docker-compose.yaml",
        "compose.yaml",
        "app.yaml",
    ];
    let mut dirs: HashSet<PathBuf> = HashSet::default();
    for file in files {
        for dir in file.ancestors().skip(1).take(4) {
            dirs.insert(dir.to_path_buf());
        }
    }
    let mut texts = Vec::new();
    for dir in dirs {
        for name in NAMES {
            let base = if dir.as_os_str().is_empty() {
                Path::new(".")
            } else {
                &dir
            };
            if let Ok(text) = std::fs::read_to_string(base.join(name)) {
                texts.push(text);
            }
        }
    }
    texts
}

/// The JSON file names spelled in the string literals of `text`: the words
/// ending in `.json`, so `f"{key}_files.json"` gives `_files.json`.
pub fn json_file_names(text: &str) -> Vec<String> {
    // Each name found spells `.json` (in any case): without it, no line scan.
    let spells_json = memchr::memchr_iter(b'.', text.as_bytes()).any(|i| {
        text.as_bytes()[i + 1..]
            .get(..4)
            .is_some_and(|w| w.eq_ignore_ascii_case(b"json"))
    });
    if !spells_json {
        return Vec::new();
    }
    string_literals(text)
        .flat_map(|literal| {
            literal.split(|c: char| !(c.is_alphanumeric() || matches!(c, '_' | '.' | '-')))
        })
        .filter(|word| word.len() > ".json".len() && word.to_ascii_lowercase().ends_with(".json"))
        .map(str::to_string)
        .collect()
}

/// The example or documentation folder `path` sits under, if any: one of
/// [`EXAMPLE_TREES`], or a folder whose name ends in a word of examples
/// (`api-examples/`, `usage_examples/`, `fastapi-demo/`), which names what
/// it holds the same way.
pub fn example_tree(path: &Path) -> Option<String> {
    folder_under(path, EXAMPLE_TREES).or_else(|| {
        let parent = path.parent()?;
        parent.components().find_map(|c| {
            let part = c.as_os_str().to_string_lossy().to_ascii_lowercase();
            let (_, last) = part.rsplit_once(['-', '_'])?;
            EXAMPLE_SUFFIXES.contains(&last).then_some(part)
        })
    })
}

/// The command folder of a module that parses a command line there and does
/// nothing that keeps running (`None` for any other module).
fn command_folder(path: &Path, spells: Spells) -> Option<String> {
    if super::paths::is_test_module(path)
        || !spells.any(PARSES_COMMANDS)
        || spells.any(KEEPS_RUNNING_TEXT)
        || spells.any(APP_OBJECT)
        || spells.any(CONCURRENT)
    {
        return None;
    }
    folder_under(path, COMMAND_FOLDERS)
}

/// The deepest folder holding every node.
fn common_folder(nodes: &[Node]) -> PathBuf {
    let mut parents = nodes.iter().filter_map(|n| n.path.parent());
    let Some(first) = parents.next() else {
        return PathBuf::new();
    };
    let mut root = first.to_path_buf();
    for parent in parents {
        while !parent.starts_with(&root) {
            if !root.pop() {
                return PathBuf::new();
            }
        }
    }
    root
}

/// See [`ImportGraph::in_bundled_library`].
fn bundled_library_path(root: &Path, path: &Path) -> bool {
    let below = path.strip_prefix(root).unwrap_or(path);
    let parts: Vec<String> = below
        .parent()
        .map(|p| {
            p.components()
                .map(|c| c.as_os_str().to_string_lossy().to_ascii_lowercase())
                .collect()
        })
        .unwrap_or_default();
    if installed_copies_tree(path, below).is_some() {
        return true;
    }
    let Some(i) = parts
        .iter()
        .position(|p| VENDORED_TREES.contains(&p.as_str()))
    else {
        return false;
    };
    if i + 1 >= parts.len() {
        return false;
    }
    if !matches!(parts[i].as_str(), "lib" | "libs" | "external") {
        return true;
    }
    // A library of the project's own monorepo sits in its own source tree,
    // packaged beside it (`libs/common/pyproject.toml`, `libs/common/src/common/`);
    // a copied-in package is its bare folder (`lib/cherrypy/__init__.py`).
    let library: PathBuf = below
        .components()
        .take(i + 2)
        .map(|c| c.as_os_str())
        .collect();
    let library = root.join(library);
    if ["pyproject.toml", "setup.py", "setup.cfg"]
        .iter()
        .any(|f| library.join(f).is_file())
        || parts.get(i + 2).is_some_and(|p| p == "src")
    {
        return false;
    }
    if i == 0 {
        return true;
    }
    // The folder holding `lib/` is a package of the app: its own library.
    let holder: PathBuf = below.components().take(i).map(|c| c.as_os_str()).collect();
    !root.join(holder).join("__init__.py").exists()
}

/// The names of classes and functions bundled libraries define that the
/// application's own modules spell. Only projects with a bundled library
/// pay for the scan.
fn app_named_library_defs(root: &Path, files: &[(&Path, &str)]) -> rustc_hash::FxHashSet<String> {
    let bundled: Vec<bool> = files
        .iter()
        .map(|(p, _)| bundled_library_path(root, p))
        .collect();
    if !bundled.contains(&true) {
        return Default::default();
    }
    let defined: HashSet<&str> = files
        .iter()
        .zip(&bundled)
        .filter(|(_, b)| **b)
        .flat_map(|((_, text), _)| {
            lines(text).filter_map(|l| def_name(l).or_else(|| class_name(l)))
        })
        .collect();
    files
        .iter()
        .zip(&bundled)
        .filter(|(_, b)| !**b)
        .flat_map(|((_, text), _)| words(text).filter(|w| defined.contains(w)))
        .map(String::from)
        .collect()
}

/// The folder (its name, lowercase) below the project's root that `pip
/// install --target` filled: it holds `<name>-<version>.dist-info` folders,
/// the records of installed distributions, beside their packages
/// (`lib3/setuptools/` next to `lib3/setuptools-50.3.0.dist-info/`). A module
/// in a package there is a copy of another project's code, whatever the
/// folder is called. `path` is the module's path on disk, `below` the same
/// path from the project's root.
fn installed_copies_tree(path: &Path, below: &Path) -> Option<String> {
    static HOLDS_DIST_INFO: std::sync::OnceLock<std::sync::Mutex<HashMap<PathBuf, bool>>> =
        std::sync::OnceLock::new();
    let folders_below_root = below.parent()?.components().count();
    // The module must sit in a package inside the folder, not loose in it.
    let mut folder = path.parent()?.parent()?;
    for _ in 1..folders_below_root {
        let holds = {
            let memo = HOLDS_DIST_INFO.get_or_init(Default::default);
            let cached = memo.lock().ok()?.get(folder).copied();
            match cached {
                Some(holds) => holds,
                None => {
                    let holds = std::fs::read_dir(folder).is_ok_and(|entries| {
                        entries.flatten().any(|e| {
                            e.file_name().to_string_lossy().ends_with(".dist-info")
                                && e.file_type().is_ok_and(|t| t.is_dir())
                        })
                    });
                    memo.lock().ok()?.insert(folder.to_path_buf(), holds);
                    holds
                }
            }
        };
        if holds {
            return folder
                .file_name()
                .map(|n| n.to_string_lossy().to_ascii_lowercase());
        }
        folder = folder.parent()?;
    }
    None
}

/// A module inside a package that sits under a vendored tree, below the
/// project's folder: `lib/tagger/library.py`, not a loose `lib/helpers.py`;
/// or in a package of a folder of installed copies ([`installed_copies_tree`]).
fn bundled_package(path: &Path, below: &Path) -> bool {
    if installed_copies_tree(path, below).is_some() {
        return true;
    }
    let parts: Vec<String> = below
        .parent()
        .map(|p| {
            p.components()
                .map(|c| c.as_os_str().to_string_lossy().to_ascii_lowercase())
                .collect()
        })
        .unwrap_or_default();
    parts
        .iter()
        .position(|p| VENDORED_TREES.contains(&p.as_str()))
        .is_some_and(|i| i + 1 < parts.len())
}

fn folder_under(path: &Path, folders: &[&str]) -> Option<String> {
    let parent = path.parent()?;
    parent.components().find_map(|c| {
        let part = c.as_os_str().to_string_lossy().to_ascii_lowercase();
        folders.contains(&part.as_str()).then_some(part)
    })
}

/// The retired folder `path` sits under, if any (below the project root).
pub fn retired_tree(path: &Path) -> Option<String> {
    let parent = path.parent()?;
    parent.components().find_map(|c| {
        let part = c.as_os_str().to_string_lossy().to_ascii_lowercase();
        RETIRED_TREES
            .contains(&part.as_str())
            .then(|| part.to_string())
    })
}

fn roots(
    nodes: &[Node],
    says: &[Option<&Says>],
    extra: &[String],
    resolve: &dyn Fn(&str) -> Vec<usize>,
) -> (HashSet<usize>, bool, HashSet<usize>) {
    let mut roots = HashSet::default();
    // Names the project spells in strings or configuration: `app.main:app`,
    // "cogs.tags", `python -m pkg.cli`, `INSTALLED_APPS = ["blog"]`.
    let mut spelled: HashSet<String> = HashSet::default();
    let mut loaded_folders: HashSet<String> = HashSet::default();
    let mut has_strong = false;
    // Entry points named by packaging or process files are strong evidence.
    let mut configured: HashSet<String> = HashSet::default();
    for text in extra {
        collect_dotted_words(text, &mut configured);
    }
    let mut extra_roots: HashSet<usize> = HashSet::default();
    for word in &configured {
        extra_roots.extend(resolve(word));
    }
    extra_roots.retain(|&i| !nodes[i].test);
    // A package bundled under a vendored tree (`lib/<pkg>/...`) runs only as
    // far as the app's own code imports it: its own scripts, web app objects,
    // plugin loaders and module names are that project's entry points, not
    // this one's. Only where the app has entry points of its own outside such
    // trees (an app kept wholly under `lib/` keeps them all).
    let top = common_folder(nodes);
    let bundled: Vec<bool> = nodes
        .iter()
        .map(|n| bundled_package(&n.path, n.path.strip_prefix(&top).unwrap_or(&n.path)))
        .collect();
    let own_roots = says
        .iter()
        .zip(&bundled)
        .any(|(said, &b)| !b && said.is_some_and(|s| s.root))
        || extra_roots.iter().any(|&i| !bundled[i]);
    for (i, (said, &b)) in says.iter().zip(&bundled).enumerate() {
        let Some(said) = said.filter(|_| !(own_roots && b)) else {
            continue;
        };
        if said.root {
            roots.insert(i);
            has_strong = true;
        }
        spelled.extend(said.spelled.iter().cloned());
        loaded_folders.extend(said.folders.iter().cloned());
    }
    // The modules under each package name (`a` and `a.b` for `a.b.c`): looked up
    // per spelled name instead of testing every module for each.
    let mut under: HashMap<&str, Vec<usize>> = HashMap::default();
    for (i, n) in nodes.iter().enumerate() {
        for name in &n.names {
            for (dot, _) in name.match_indices('.') {
                under.entry(&name[..dot]).or_default().push(i);
            }
        }
    }
    for word in &spelled {
        roots.extend(resolve(word));
        // A package named in a string (a Django app): the framework imports its
        // modules by convention.
        if let Some(modules) = under.get(word.as_str()) {
            roots.extend(modules.iter().copied());
        }
    }
    for (i, n) in nodes.iter().enumerate() {
        let folder = n
            .path
            .parent()
            .and_then(|p| p.file_name())
            .map(|f| f.to_string_lossy().into_owned());
        if folder.is_some_and(|f| loaded_folders.contains(&f)) {
            roots.insert(i);
        }
    }
    roots.retain(|&i| !nodes[i].test);
    let strong = has_strong || !extra_roots.is_empty();
    roots.extend(extra_roots.iter().copied());
    (roots, strong, extra_roots)
}

/// The modules a packaging or process file names as entry points:
/// `pkg.cli:main` (console scripts, `uvicorn app.main:app`, `gunicorn wsgi:app`),
/// `python -m pkg.worker` and `python bot/main.py` (`bot.main`).
///
/// A Dockerfile's `COPY` and `ADD` lines name the files put into the image, not
/// the ones it runs (`COPY app.py db.py worker.py ./`): its `CMD`, `ENTRYPOINT`
/// and `RUN` lines say what runs.
fn collect_dotted_words(text: &str, out: &mut HashSet<String>) {
    let words: Vec<&str> = text
        .lines()
        .filter(|line| !copies_files(line))
        .flat_map(|line| {
            line.split(|c: char| !(c.is_alphanumeric() || matches!(c, '_' | '.' | '/' | ':' | '-')))
        })
        .filter(|w| !w.is_empty())
        .collect();
    for (i, word) in words.iter().enumerate() {
        let module = if let Some((module, attr)) = word.split_once(':') {
            // `module:attr`, not a URL or a port.
            (!attr.is_empty()
                && !attr.starts_with('/')
                && !attr.starts_with(|c: char| c.is_ascii_digit()))
            .then_some(module.to_string())
        } else if let Some(script) = word.strip_suffix(".py") {
            Some(script.trim_start_matches("./").replace('/', "."))
        } else if i > 0 && words[i - 1] == "-m" {
            Some(word.to_string())
        } else {
            None
        };
        let Some(module) = module else {
            continue;
        };
        let valid = !module.is_empty()
            && module.split('.').all(|p| {
                p.starts_with(|c: char| c.is_alphabetic() || c == '_')
                    && p.chars().all(|c| c.is_alphanumeric() || c == '_')
            });
        if valid {
            out.insert(module);
        }
    }
}

/// A Dockerfile instruction that copies files into the image (`COPY`, `ADD`,
/// written in capitals as Dockerfiles do).
fn copies_files(line: &str) -> bool {
    let mut words = line.split_whitespace();
    matches!(words.next(), Some("COPY" | "ADD")) && words.next().is_some()
}

/// `pkg.mod` of a literal that is exactly `pkg.mod` or `pkg.mod:attr`.
fn module_literal(literal: &str) -> Option<&str> {
    let module = literal.split_once(':').map_or(literal, |(m, _)| m);
    let valid = !module.is_empty()
        && module.split('.').all(|p| {
            p.starts_with(|c: char| c.is_alphabetic() || c == '_')
                && p.chars().all(|c| c.is_alphanumeric() || c == '_')
        });
    valid.then_some(module)
}

/// What a string literal of a module that loads modules by name names for it:
/// a dotted module (`cogs.tags`, returned as is) or, in an f-string, the package
/// whose modules it loads (`cogs.{name}`: `cogs.`, with its dot). A single word
/// (`utf-8`, `json`) is too common a literal to be taken for one.
fn loaded_name(literal: &str) -> Option<String> {
    if let Some((prefix, _)) = literal.split_once('{') {
        let package = prefix.strip_suffix('.')?;
        return module_literal(package)
            .filter(|m| m.len() == package.len())
            .map(|m| format!("{m}."));
    }
    module_literal(literal)
        .filter(|m| m.len() == literal.len() && m.contains('.'))
        .map(str::to_string)
}

/// The bodies of the string literals of `text`, roughly (quotes on one line):
/// from each quote to the next of the same kind on its line; a quote left open
/// at the end of its line ends that line's literals.
fn string_literals(text: &str) -> impl Iterator<Item = &str> {
    let bytes = text.as_bytes();
    let mut at = 0;
    std::iter::from_fn(move || {
        loop {
            let start = at + memchr::memchr2(b'"', b'\'', &bytes[at..])?;
            let quote = bytes[start];
            let body = start + 1;
            match memchr::memchr2(quote, b'\n', &bytes[body..]) {
                Some(len) if bytes[body + len] == quote => {
                    at = body + len + 1;
                    return Some(&text[body..body + len]);
                }
                Some(len) => at = body + len + 1,
                None => return None,
            }
        }
    })
}

/// Whether the module runs code as a script: `if __name__ == "__main__":`.
/// A launcher without a `__main__` guard: the module's own top-level code
/// starts the program (`bot.run(TOKEN)`, `asyncio.run(main())`,
/// `uvicorn.run(app)` at column 0), so running the file is what it is for.
/// A top-level `subprocess.run(` or a test runner's `run(` starts nothing of
/// the project's own.
fn runs_at_top_level(text: &str) -> bool {
    // Each line's first `.run(` (as `lines()` and `find` would give it), found
    // by the searcher rather than line by line.
    let bytes = text.as_bytes();
    let mut line_done = None;
    memchr::memmem::find_iter(bytes, b".run(").any(|at| {
        let start = memchr::memrchr(b'\n', &bytes[..at]).map_or(0, |n| n + 1);
        if line_done == Some(start) {
            return false;
        }
        line_done = Some(start);
        let receiver = &text[start..at];
        let first = receiver.split('.').next().unwrap_or_default();
        !receiver.is_empty()
            && receiver
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '.')
            && first.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
            && !matches!(
                first,
                "subprocess" | "os" | "unittest" | "pytest" | "doctest"
            )
    })
}

fn has_main_guard(text: &str) -> bool {
    // Every form spells `__main__`: one search skips the line scan in most files.
    if memchr::memmem::find(text.as_bytes(), b"__main__").is_none() {
        return false;
    }
    lines(text).any(|line| {
        let line = line.trim_start();
        line.starts_with("if __name__") && line.contains("__main__")
            || line.starts_with("if \"__main__\" == __name__")
            || line.starts_with("if '__main__' == __name__")
    })
}

/// What the module imports, as absolute dotted names (relative imports resolved
/// against the module's own package), at any depth of the file.
fn import_targets(path: &Path, text: &str) -> Vec<String> {
    let package: Vec<String> = {
        let names = dotted_names(path);
        let longest = names.first().cloned().unwrap_or_default();
        let mut parts: Vec<String> = longest.split('.').map(str::to_string).collect();
        if path.file_name().is_none_or(|n| n != "__init__.py") {
            parts.pop();
        }
        parts
    };
    let mut out = Vec::new();
    let mut lines = lines(text);
    while let Some(line) = lines.next() {
        // Most lines start with another letter: no trimming for them.
        if first_ascii(line).is_some_and(|b| b != b'i' && b != b'f') {
            continue;
        }
        let line = line.trim();
        if let Some(rest) = line.strip_prefix("import ") {
            for part in rest.split(',') {
                let name = part.split_whitespace().next().unwrap_or("");
                if !name.is_empty() {
                    out.push(name.to_string());
                }
            }
        } else if let Some(rest) = line.strip_prefix("from ") {
            let Some((module, names)) = rest.split_once(" import ") else {
                continue;
            };
            let module = module.trim();
            let base = absolute(module, &package);
            let mut names = names.trim().to_string();
            if names.starts_with('(') && !names.contains(')') {
                for more in lines.by_ref() {
                    names.push(' ');
                    names.push_str(more.trim());
                    if more.contains(')') {
                        break;
                    }
                }
            }
            out.push(base.clone());
            for name in names
                .trim_matches(|c| c == '(' || c == ')')
                .split(',')
                .filter_map(|n| n.split_whitespace().next())
                .filter(|n| *n != "*" && !n.starts_with('#'))
            {
                let name = name.trim_matches(|c| c == '(' || c == ')');
                if !name.is_empty() {
                    out.push(if base.is_empty() {
                        name.to_string()
                    } else {
                        format!("{base}.{name}")
                    });
                }
            }
        }
    }
    out
}

/// `..x.y` from package `a.b.c` is `a.b.x.y`; an absolute name is itself.
fn absolute(module: &str, package: &[String]) -> String {
    let level = module.len() - module.trim_start_matches('.').len();
    if level == 0 {
        return module.to_string();
    }
    let keep = package.len().saturating_sub(level - 1);
    let mut parts: Vec<&str> = package[..keep].iter().map(String::as_str).collect();
    let rest = &module[level..];
    if !rest.is_empty() {
        parts.push(rest);
    }
    parts.join(".")
}

impl ImportGraph {
    /// Whether a module whose text starts threads or processes (a `Thread(`,
    /// an executor, a threaded server) loads the module at `path`: is it, or
    /// imports it directly or through others. Those threads run in a process
    /// that holds the module's objects, so they can be handed them; threads
    /// started only in modules that never load it cannot. `None` for a module
    /// the graph does not know.
    pub fn loaded_by_concurrent(&self, path: &Path) -> Option<bool> {
        let target = self.id(path)?;
        let reach = self.concurrent_reach.get_or_init(|| {
            self.reached_from(
                (0..self.nodes.len())
                    .filter(|&m| self.nodes[m].concurrent && !self.nodes[m].test)
                    .collect(),
            )
        });
        Some(reach[target])
    }
}

#[cfg(test)]
mod tests {
    use super::{
        ImportGraph, Liveness, absolute, collect_dotted_words, import_targets, loaded_name,
        names_python_file, runs_integrity_check,
    };
    use crate::semantic::paths::dotted_names;
    use std::path::Path;

    fn graph(files: &[(&str, &str)]) -> ImportGraph {
        let files: Vec<(&Path, &str)> = files.iter().map(|(p, t)| (Path::new(*p), *t)).collect();
        ImportGraph::build(&files, &[])
    }

    /// Every count and edge of two graphs of the same project.
    fn assert_same(a: &ImportGraph, b: &ImportGraph) {
        assert_eq!(a.def_mentions, b.def_mentions);
        assert_eq!(a.def_members, b.def_members);
        assert_eq!(a.def_inert, b.def_inert);
        assert_eq!(a.sole_file, b.sole_file);
        assert_eq!(a.class_passive, b.class_passive);
        assert_eq!(a.json_names, b.json_names);
        assert_eq!(a.edges, b.edges);
        assert_eq!(a.live, b.live);
        assert_eq!(a.imported, b.imported);
        assert_eq!(a.configured, b.configured);
        assert_eq!(a.checks_integrity, b.checks_integrity);
        assert_eq!(a.registers_subclasses, b.registers_subclasses);
    }

    #[test]
    fn a_later_round_reuses_the_facts_of_unchanged_texts() {
        let before: Vec<(&Path, &str)> = vec![
            (
                Path::new("app/store.py"),
                "import sqlite3\ndef helper():\n    pass\nclass Store:\n    def save(self):\n        self.helper()\n",
            ),
            (
                Path::new("app/main.py"),
                "from app.store import helper, Store\nif __name__ == \"__main__\":\n    helper()\n",
            ),
            // Spells a name only the fixed text defines: its tallies are counted again.
            (
                Path::new("app/notes.py"),
                "# run _configure_db first\nCONFIG = \"state.json\"\n",
            ),
            (Path::new("app/other.py"), "class Unused:\n    pass\n"),
        ];
        let (_, facts) = ImportGraph::build_reusing(&before, &[], None, true);
        let facts = facts.expect("kept when asked");
        // A fix adds a helper and drops a class; the other texts stay.
        let fixed = "import sqlite3\ndef _configure_db(conn):\n    pass\ndef helper():\n    _configure_db(1)\nclass Fresh:\n    pass\n";
        let mut after = before.clone();
        after[0].1 = fixed;
        let (reused, _) = ImportGraph::build_reusing(&after, &[], Some(&facts), false);
        let fresh = ImportGraph::build(&after, &[]);
        assert_same(&reused, &fresh);
        assert_eq!(reused.def_mentions("_configure_db"), Some(3));
        assert_eq!(reused.def_mentions("Store"), None);
        assert!(reused.mentioned_only_in("Unused", Path::new("app/other.py")));
    }

    #[test]
    fn dockerfile_copies_name_no_entry_point() {
        let mut found = rustc_hash::FxHashSet::default();
        collect_dotted_words(
            "FROM python:3.12-slim\nCOPY requirements.txt app.py db.py worker.py ./\nADD tools/seed.py /app/\nCMD [\"python\", \"app.py\"]\n",
            &mut found,
        );
        assert!(found.contains("app"));
        assert!(!found.contains("db"));
        assert!(!found.contains("worker"));
        assert!(!found.contains("tools.seed"));
        let mut found = rustc_hash::FxHashSet::default();
        collect_dotted_words(
            "RUN python -m pkg.migrate\nENTRYPOINT python worker.py\n",
            &mut found,
        );
        assert!(found.contains("pkg.migrate") && found.contains("worker"));
    }

    #[test]
    fn python_file_names_are_not_function_mentions() {
        let text = "CMD python create_db.py && python app.py:main create_db worker.pyc";
        let named: Vec<&str> = crate::semantic::inert_words::words(text)
            .filter(|w| names_python_file(text, w))
            .collect();
        assert_eq!(named, ["create_db", "app"]);
    }

    #[test]
    fn names_and_relative_imports() {
        assert_eq!(dotted_names(Path::new("a/b/c.py")), ["a.b.c", "b.c", "c"]);
        assert_eq!(dotted_names(Path::new("a/b/__init__.py")), ["a.b", "b"]);
        assert_eq!(absolute("..x", &["a".into(), "b".into()]), "a.x");
        assert_eq!(absolute(".", &["a".into(), "b".into()]), "a.b");
        let targets = import_targets(
            Path::new("app/api/routes.py"),
            "import os, json as j\nfrom ..db import (\n    save,\n    load)\n",
        );
        assert_eq!(
            targets,
            ["os", "json", "app.db", "app.db.save", "app.db.load"]
        );
    }

    #[test]
    fn dead_and_retired_modules() {
        let g = graph(&[
            ("app/main.py", "from app import store\napp = FastAPI()\n"),
            ("app/store.py", "import sqlite3\n"),
            ("app/unused.py", "import sqlite3\n"),
            ("tests/test_unused.py", "from app import unused\n"),
            ("legacy/old_store.py", "import sqlite3\n"),
        ]);
        assert_eq!(g.liveness(Path::new("app/store.py")), Liveness::Live);
        assert_eq!(g.liveness(Path::new("app/unused.py")), Liveness::Unreached);
        assert_eq!(
            g.liveness(Path::new("tests/test_unused.py")),
            Liveness::Live
        );
        assert_eq!(
            g.liveness(Path::new("legacy/old_store.py")),
            Liveness::Retired("legacy".into())
        );
    }

    #[test]
    fn bundled_packages_root_nothing_of_their_own() {
        let g = graph(&[
            (
                "app/main.py",
                "from lib.plugs import words\nif __name__ == '__main__':\n    words.run()\n",
            ),
            ("lib/plugs/__init__.py", ""),
            ("lib/plugs/words.py", "def run():\n    pass\n"),
            (
                "lib/plugs/loader.py",
                "def load(name):\n    return __import__('plugs.' + name)\n",
            ),
            ("lib/plugs/tokens.py", "import json\n"),
            (
                "lib/plugs/site.py",
                "from flask import Flask\nweb = Flask(__name__)\n",
            ),
        ]);
        assert_eq!(g.liveness(Path::new("lib/plugs/words.py")), Liveness::Live);
        for unreached in ["lib/plugs/tokens.py", "lib/plugs/site.py"] {
            assert_eq!(
                g.liveness(Path::new(unreached)),
                Liveness::Vendored("lib".into())
            );
        }
        // An app kept wholly under `lib/` is its own entry point.
        let g = graph(&[
            (
                "lib/shop/main.py",
                "from lib.shop import store\nif __name__ == '__main__':\n    store.run()\n",
            ),
            ("lib/shop/store.py", "def run():\n    pass\n"),
        ]);
        assert_eq!(g.liveness(Path::new("lib/shop/store.py")), Liveness::Live);
    }

    #[test]
    fn vendored_trees_count_only_where_the_app_imports_them() {
        let g = graph(&[
            (
                "app/main.py",
                "from lib.tagger import tag\napp = FastAPI()\n",
            ),
            ("lib/tagger/__init__.py", "def tag(x):\n    return x\n"),
            ("lib/tagger/library.py", "import sqlite3\n"),
            ("vendor/oauth/tokens.py", "import json\n"),
        ]);
        assert_eq!(
            g.liveness(Path::new("lib/tagger/__init__.py")),
            Liveness::Live
        );
        assert_eq!(
            g.liveness(Path::new("lib/tagger/library.py")),
            Liveness::Vendored("lib".into())
        );
        assert_eq!(
            g.liveness(Path::new("vendor/oauth/tokens.py")),
            Liveness::Vendored("vendor".into())
        );
    }

    #[test]
    fn drafts_folders_are_retired_only_when_unreached() {
        let g = graph(&[
            (
                "app/main.py",
                "from app.backup import nightly
app = FastAPI()
",
            ),
            ("app/backup/__init__.py", ""),
            (
                "app/backup/nightly.py",
                "import sqlite3
",
            ),
            (
                "trash/db_v1.py",
                "import sqlite3
",
            ),
            (
                "app/unused/store.py",
                "import sqlite3
",
            ),
            (
                "drafts/try_it.py",
                "import sqlite3
if __name__ == '__main__':
    pass
",
            ),
            (
                "tools/report.py",
                "import sqlite3
",
            ),
        ]);
        assert_eq!(
            g.liveness(Path::new("app/backup/nightly.py")),
            Liveness::Live
        );
        assert_eq!(
            g.liveness(Path::new("trash/db_v1.py")),
            Liveness::Retired("trash".into())
        );
        assert_eq!(
            g.liveness(Path::new("app/unused/store.py")),
            Liveness::Retired("unused".into())
        );
        // A script of its own is an entry point wherever it sits.
        assert_eq!(g.liveness(Path::new("drafts/try_it.py")), Liveness::Live);
        assert_eq!(
            g.liveness(Path::new("tools/report.py")),
            Liveness::Unreached
        );
    }

    #[test]
    fn scratch_copies_are_retired() {
        let g = graph(&[
            (
                "bot/main.py",
                "from bot import handlers\napp = Flask(__name__)\n",
            ),
            ("bot/handlers.py", "import sqlite3\n"),
            (
                "bot/handlers copy.py",
                "import sqlite3\napp = Flask(__name__)\n",
            ),
            ("bot/handlers_old.py", "import sqlite3\n"),
        ]);
        assert_eq!(g.liveness(Path::new("bot/handlers.py")), Liveness::Live);
        for copy in ["bot/handlers copy.py", "bot/handlers_old.py"] {
            assert_eq!(
                g.liveness(Path::new(copy)),
                Liveness::Retired("a scratch copy".into())
            );
        }
    }

    #[test]
    fn modules_loaded_by_name_are_live() {
        let g = graph(&[
            (
                "bot.py",
                "for f in os.listdir('./cogs'):\n    await bot.load_extension(f'cogs.{f[:-3]}')\nif __name__ == '__main__':\n    main()\n",
            ),
            ("cogs/tags.py", "import aiosqlite\n"),
            ("web/views.py", "import sqlite3\n"),
            ("settings.py", "INSTALLED_APPS = ['web']\n"),
        ]);
        assert_eq!(g.liveness(Path::new("cogs/tags.py")), Liveness::Live);
        assert_eq!(g.liveness(Path::new("web/views.py")), Liveness::Live);
    }

    #[test]
    fn a_bundled_librarys_own_script_is_no_program_of_the_app() {
        let g = graph(&[
            (
                "main.py",
                "import app.core\nif __name__ == '__main__':\n    main()\n",
            ),
            ("app/__init__.py", ""),
            ("app/core.py", "import sqlite3\n"),
            ("lib/tmpl/__init__.py", ""),
            (
                "lib/tmpl/cmd.py",
                "import app.core\nif __name__ == '__main__':\n    cmdline()\n",
            ),
            (
                "tools/report.py",
                "import app.core\nif __name__ == '__main__':\n    main()\n",
            ),
        ]);
        // The app's own second script still runs in a process of its own; the
        // bundled template library's command line is never run by the app.
        assert_eq!(
            g.programs_loading_named(Path::new("app/core.py"), 3),
            [Path::new("main.py"), Path::new("tools/report.py")]
        );
    }

    #[test]
    fn modules_loaded_by_name_run_in_the_loaders_process() {
        let g = graph(&[
            (
                "bot.py",
                "from src import setup\nasync def on_ready():\n    for f in os.listdir('./cogs'):\n        await bot.load_extension(f'cogs.{f[:-3]}')\nif __name__ == '__main__':\n    main()\n",
            ),
            ("cogs/tags.py", "from src import tracker\n"),
            ("src/tracker.py", "import aiosqlite\n"),
            ("src/setup.py", "import aiosqlite\n"),
            ("plugins/audit.py", "import sqlite3\n"),
            (
                "host.py",
                "import importlib\nimportlib.import_module('plugins.audit')\nif __name__ == '__main__':\n    main()\n",
            ),
            (
                "tools/export.py",
                "import sqlite3\nif __name__ == '__main__':\n    main()\n",
            ),
        ]);
        assert!(
            g.other_programs(Path::new("src/tracker.py"))
                .iter()
                .all(|(p, _)| *p != Path::new("bot.py"))
        );
        assert_eq!(
            g.programs_loading_named(Path::new("src/tracker.py"), 3),
            [Path::new("bot.py")]
        );
        assert_eq!(
            g.programs_loading_named(Path::new("plugins/audit.py"), 3),
            [Path::new("host.py")]
        );
        // A program that loads nothing by name stays a process of its own.
        assert!(
            g.other_programs(Path::new("src/tracker.py"))
                .iter()
                .any(|(p, _)| *p == Path::new("tools/export.py"))
        );
        assert_eq!(loaded_name("cogs.{name}"), Some("cogs.".into()));
        assert_eq!(loaded_name("ext.cogs.admin"), Some("ext.cogs.admin".into()));
        assert_eq!(loaded_name("{prefix}.{name}"), None);
        assert_eq!(loaded_name("utf-8"), None);
        assert_eq!(loaded_name("json"), None);
    }

    #[test]
    fn json_names_spelled_again() {
        let g = graph(&[
            (
                "export.py",
                "(out / f\"{key}_files.json\").write_text(data)\n",
            ),
            (
                "resume.py",
                "open('state.json', 'w')\nSTATE = 'state.json'\n",
            ),
        ]);
        assert!(!g.json_name_spelled_again("_files.json"));
        assert!(g.json_name_spelled_again("state.json"));
    }

    #[test]
    fn example_trees_of_a_project_with_code_elsewhere() {
        let g = graph(&[
            ("app/main.py", "app = FastAPI()\n"),
            (
                "examples/quickstart.py",
                "import sqlite3\nasyncio.run(main())\n",
            ),
            ("docs/snippets/wal.py", "import sqlite3\n"),
            ("api-examples/upload.py", "import sqlite3\n"),
            ("tools/examples_runner/run.py", "import sqlite3\n"),
        ]);
        assert_eq!(
            g.liveness(Path::new("api-examples/upload.py")),
            Liveness::Example("api-examples".into())
        );
        // `examples_runner` names a runner, not examples.
        assert_ne!(
            g.liveness(Path::new("tools/examples_runner/run.py")),
            Liveness::Example("examples_runner".into())
        );
        assert_eq!(
            g.liveness(Path::new("examples/quickstart.py")),
            Liveness::Example("examples".into())
        );
        assert_eq!(
            g.liveness(Path::new("docs/snippets/wal.py")),
            Liveness::Example("docs".into())
        );
        // A repository whose only code is its examples: they are the program.
        let g = graph(&[("examples/app.py", "import sqlite3\napp = FastAPI()\n")]);
        assert_eq!(g.liveness(Path::new("examples/app.py")), Liveness::Live);
    }

    #[test]
    fn one_shot_command_modules() {
        let g = graph(&[
            (
                "app/main.py",
                "from app.cli import reset\napp = FastAPI()\n",
            ),
            (
                "app/cli/reset.py",
                "import argparse\np = argparse.ArgumentParser()\nimport sqlite3\n",
            ),
            (
                "app/cli/serve.py",
                "import argparse\np = argparse.ArgumentParser()\nwhile True:\n    poll()\n",
            ),
            (
                "bot/commands/tags.py",
                "import sqlite3\n@commands.command()\n",
            ),
            (
                "app/management/commands/purge.py",
                "from django.core.management.base import BaseCommand\n",
            ),
        ]);
        assert_eq!(
            g.liveness(Path::new("app/cli/reset.py")),
            Liveness::Command("cli".into())
        );
        assert_eq!(
            g.liveness(Path::new("app/management/commands/purge.py")),
            Liveness::Command("management".into())
        );
        assert_eq!(
            g.liveness(Path::new("app/cli/serve.py")),
            Liveness::Unreached
        );
        assert_ne!(
            g.liveness(Path::new("bot/commands/tags.py")),
            Liveness::Command("commands".into())
        );
    }

    #[test]
    fn no_entry_point_means_nothing_is_dead() {
        let g = graph(&[("lib/store.py", "import sqlite3\n")]);
        assert_eq!(g.liveness(Path::new("lib/store.py")), Liveness::Live);
    }

    #[test]
    fn standalone_scripts_and_their_process() {
        let g = graph(&[
            (
                "scripts/check.py",
                "import sqlite3\nif __name__ == \"__main__\":\n    main()\n",
            ),
            (
                "scripts/load.py",
                "from app import pool\nif __name__ == \"__main__\":\n    main()\n",
            ),
            ("app/pool.py", "ex = ThreadPoolExecutor(4)\n"),
            ("app/cli.py", "from scripts import check\n"),
        ]);
        assert_eq!(
            g.script_is_concurrent(Path::new("scripts/load.py")),
            Some(true)
        );
        // Imported by another module: not alone in its process.
        assert_eq!(g.script_is_concurrent(Path::new("scripts/check.py")), None);
        assert_eq!(g.script_is_concurrent(Path::new("app/pool.py")), None);
    }
    #[test]
    fn lone_scripts() {
        let files = [
            (
                "service.py",
                "import threading\nimport subprocess\nsubprocess.run(['python', 'tools/reindex.py'])\nif __name__ == '__main__':\n    threading.Thread(target=f).start()\n",
            ),
            (
                "scratch.py",
                "import sqlite3\nconn = sqlite3.connect('a.db')\nconn.execute('x')\n",
            ),
            (
                "tools/try.py",
                "import sqlite3\nif __name__ == '__main__':\n    main()\n",
            ),
            (
                "tools/prune.py",
                "import sqlite3\nif __name__ == '__main__':\n    main()\n",
            ),
            (
                "tools/reindex.py",
                "import sqlite3\nif __name__ == '__main__':\n    main()\n",
            ),
            (
                "tools/weekly.py",
                "import sqlite3\nif __name__ == '__main__':\n    main()\n",
            ),
            (
                "tools/from_pg.py",
                "import psycopg2\nif __name__ == '__main__':\n    main()\n",
            ),
            (
                "tools/poll.py",
                "import sqlite3\nif __name__ == '__main__':\n    while True:\n        main()\n",
            ),
            ("tools/helpers.py", "def main():\n    pass\n"),
            ("app/__init__.py", ""),
            (
                "app/markers.py",
                "import json\nif __name__ == '__main__':\n    demo()\n",
            ),
        ];
        let files: Vec<(&Path, &str)> = files.iter().map(|(p, t)| (Path::new(*p), *t)).collect();
        let mut g = ImportGraph::build(&files, &[]);
        let texts = [
            (
                "crontab".to_string(),
                "0 3 * * * python tools/prune.py\n".to_string(),
            ),
            (
                "README.md".to_string(),
                "Run `python tools/weekly.py` on Mondays; `python tools/from_pg.py` once.\n"
                    .to_string(),
            ),
        ];
        g.mark_lone_scripts(&files, &texts);
        for lone in ["scratch.py", "tools/try.py", "tools/from_pg.py"] {
            assert!(g.lone_script(Path::new(lone)), "{lone}");
        }
        for not in [
            "service.py",
            "tools/prune.py",
            "tools/reindex.py",
            "tools/weekly.py",
            "tools/poll.py",
            "tools/helpers.py",
            "app/markers.py",
        ] {
            assert!(!g.lone_script(Path::new(not)), "{not}");
        }
        // A repository of scripts alone has no service for them to stand beside.
        let mut g = ImportGraph::build(&files[1..3], &[]);
        g.mark_lone_scripts(&files[1..3], &[]);
        assert!(!g.lone_script(Path::new("scratch.py")));
    }

    #[test]
    fn classes_only_passed_on() {
        let g = graph(&[
            (
                "app/main.py",
                "from app.stores import Redis\nfrom app.queue import Queue as Q\nq = Q()\nr = Redis()\napp = FastAPI()\n",
            ),
            (
                "app/stores/__init__.py",
                "from .redis import Redis\nfrom .sqlite import (\n    SqliteStore,\n)\n__all__ = [\"Redis\", \"SqliteStore\"]\n",
            ),
            ("app/stores/redis.py", "class Redis:\n    pass\n"),
            ("app/stores/sqlite.py", "class SqliteStore:\n    pass\n"),
            ("app/queue.py", "class Queue:\n    pass\n"),
            ("app/cache.py", "class Cache:\n    pass\n"),
            ("app/settings.py", "CACHE = 'app.cache.Cache'\n"),
        ]);
        assert!(g.class_unused("SqliteStore"));
        assert!(!g.class_unused("Redis"));
        assert!(!g.class_unused("Queue"));
        assert!(!g.class_unused("Cache"));
    }

    #[test]
    fn integrity_checks_run_not_named() {
        assert!(runs_integrity_check(
            "r = store.run(\"PRAGMA quick_check\")"
        ));
        assert!(runs_integrity_check("conn.pragma('integrity_check')"));
        assert!(runs_integrity_check(
            "sqlite3 app.db 'pragma INTEGRITY_CHECK'"
        ));
        assert!(!runs_integrity_check(
            "TODO: run PRAGMA quick_check at startup"
        ));
        assert!(!runs_integrity_check(
            "    # conn.execute(\"PRAGMA quick_check\")"
        ));
        // A commented-out check and a live one: the live one counts.
        assert!(runs_integrity_check(
            "# db.execute('PRAGMA quick_check')\n\tdb.execute('PRAGMA quick_check')\n"
        ));
        // After code on its line, `#` starts a comment yet the line is code.
        assert!(runs_integrity_check(
            "x = 1  # db.execute('PRAGMA integrity_check')"
        ));
        assert!(!runs_integrity_check(
            "#!/usr/bin/env python\r\n  # 'pragma integrity_check'\r\n"
        ));
    }
}
