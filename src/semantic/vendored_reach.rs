//! Definitions of a bundled library that the application imports but never
//! reaches: the library's SQLite layer when the app only uses its HTTP client,
//! a file-backed store when the app keeps the in-memory one.
//!
//! The import graph says which modules run; inside a bundled package the app
//! loads (`lib/<package>/...`, `vendor/<package>/...`), this says which of
//! their classes and functions can. A reachability walk over names, from
//! what runs for sure:
//! - every word the application's own code spells (every module outside the
//!   bundled trees, reached or not, tests included: tests call code), less
//!   the words that cannot call anything (comments, prose strings:
//!   semantic/inert_words.rs);
//! - the top-level code of each bundled module the app loads (not its `def`
//!   and `class` bodies): what it names, less imports and `__all__` lists,
//!   which only pass names on, and annotations, which build nothing.
//!
//! A class is live if live code names it (builds it, passes it, tests it with
//! `isinstance`), if it subclasses a live class (plugin registries find
//! classes through their base), or if it has a decorator or a metaclass (both
//! may register it). A function is live if live code names it or it has a
//! decorator. A method of a live class is live if live code names it, if it is
//! a dunder or decorated, or if its class has a base (a framework calls
//! overrides by convention). Everything a live definition names is live in
//! turn.
//!
//! Conservative where the names do not show the calls: a module that reaches
//! its names at run time (`globals()`, `vars()`, `sys.modules`,
//! `__subclasses__`, `__init_subclass__`) keeps every definition; one whose
//! name is the object of a computed `getattr(module, name)` anywhere that runs
//! keeps every definition; a computed `getattr` anywhere that runs keeps every
//! method of every live class; a file that does not parse keeps everything.
//! Only for an application (the graph found its entry points): a library's
//! own package is meant for its users, who call what the project never does.

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use rayon::prelude::*;
use ruff_python_ast::visitor::{self, Visitor};
use ruff_python_ast::{Expr, ExprContext, Stmt};
use ruff_text_size::Ranged;

/// What a file of the project is to the walk.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// The application's own code: every word it spells may call something.
    App,
    /// A module of a bundled package that the app loads: its top-level code
    /// runs, its definitions only when reached.
    Bundled,
    /// A module of a bundled package that nothing loads: it does not run.
    Idle,
}

/// A definition no live code reaches: its lines (1-based, inclusive) and its
/// qualified name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unreached {
    pub first_line: usize,
    pub last_line: usize,
    pub name: String,
}

/// Text that reaches a module's names at run time.
const LOOKS_UP: &[&str] = &[
    "globals()",
    "vars()",
    "sys.modules",
    "__subclasses__",
    "__init_subclass__",
];

/// Lines longer than this are not parsed (a generated or adversarial file
/// whose tree would be too deep to walk): the file keeps everything.
const LONGEST_LINE: usize = 20_000;

/// Where a name code spells can reach a definition of that name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Reach {
    /// Anywhere: an attribute of some object, a string, a name the file
    /// imports.
    Any,
    /// Only a method: an attribute of `self`, `cls` or `super()`.
    Member,
    /// Only a definition of this file: a bare name it does not import.
    File(usize),
}

type Mention = (Reach, String);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Function,
    Class,
    Method(usize),
}

struct Unit {
    file: usize,
    name: String,
    kind: Kind,
    lines: (usize, usize),
    /// Live as soon as its scope runs: decorated, a dunder, a metaclass.
    always: bool,
    /// For a class: whether it names a base (its methods may be called by
    /// the base's framework by convention).
    has_base: bool,
    /// For a class: the last word of each base (`dbcore.Database` → `Database`).
    bases: Vec<String>,
    /// What its code names when it runs.
    mentions: Vec<Mention>,
    /// The objects of computed `getattr(obj, name)` calls in its code.
    looked_up: Vec<String>,
    /// It calls `getattr` with a computed name.
    dynamic: bool,
}

/// What one bundled module holds.
#[derive(Default)]
struct Parsed {
    units: Vec<Unit>,
    top_mentions: Vec<Mention>,
    top_looked_up: Vec<String>,
    top_dynamic: bool,
    /// The module reaches its names at run time, or did not parse: all live.
    opaque: bool,
}

/// The classes a module finds through their base (a plugin registry): then a
/// subclass of such a live class is live too. `Some(None)`: any class (the
/// base is not named). Read from the text: `Base.__subclasses__()`, and
/// `issubclass(obj, Base)` in a module that walks members (`getmembers`,
/// `dir()`, `__dict__`, `vars()`).
fn discovered_bases(text: &str) -> Vec<Option<String>> {
    let mut out = Vec::new();
    for (at, _) in text.match_indices(".__subclasses__") {
        let before = &text[..at];
        let receiver = before.trim_end_matches(|c: char| c.is_alphanumeric() || c == '_');
        let name = &before[receiver.len()..];
        if matches!(name, "self" | "cls") {
            out.push(enclosing_class(text, at));
        } else if name.is_empty() {
            out.push(None);
        } else {
            out.push(Some(name.to_string()));
        }
    }
    if text.contains("__init_subclass__") && !text.contains("def __init_subclass__") {
        out.push(None);
    }
    let walks_members = text.contains("getmembers(")
        || text.contains("dir(")
        || text.contains("__dict__")
        || text.contains("vars(");
    if walks_members {
        for (at, _) in text.match_indices("issubclass(") {
            let rest = &text[at + "issubclass(".len()..];
            let Some((_, after)) = rest.split_once(',') else {
                continue;
            };
            let arg: String = after
                .trim_start()
                .chars()
                .take_while(|c| c.is_alphanumeric() || matches!(c, '_' | '.'))
                .collect();
            match arg.rsplit('.').next().filter(|w| !w.is_empty()) {
                Some(base) => out.push(Some(base.to_string())),
                None => out.push(None),
            }
        }
    }
    out
}

/// The name of the class whose body holds byte `at` of `text`: the nearest
/// `class` line above it indented less than the line of `at`.
fn enclosing_class(text: &str, at: usize) -> Option<String> {
    let line_start = text[..at].rfind('\n').map_or(0, |n| n + 1);
    let indent_of = |line: &str| line.len() - line.trim_start().len();
    let mut indent = indent_of(&text[line_start..]);
    for line in text[..line_start].lines().rev() {
        let trimmed = line.trim_start();
        if trimmed.is_empty() || trimmed.starts_with('#') || indent_of(line) >= indent {
            continue;
        }
        indent = indent_of(line);
        if let Some(rest) = trimmed.strip_prefix("class ") {
            let name: String = rest
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            return (!name.is_empty()).then_some(name);
        }
        if indent == 0 {
            break;
        }
    }
    None
}

/// Text that holds modules as values (`import_module`, `__import__`): an
/// attribute of any name there may be a module's function.
const MODULES_AS_VALUES: &[&str] = &[
    "import_module",
    "__import__",
    "load_module",
    "exec_module",
    "load_source",
];

/// One app module's words that may reach a bundled definition, the objects
/// it `getattr`s by computed name, and whether it holds modules as values.
type AppWords<'t> = (Vec<(Reach, &'t str)>, Vec<String>, bool);

/// The definitions of each file that nothing live reaches (empty for files
/// that are not [`Role::Bundled`]).
pub fn unreached(files: &[(&std::path::Path, &str)], roles: &[Role]) -> Vec<Vec<Unreached>> {
    let mut out: Vec<Vec<Unreached>> = vec![Vec::new(); files.len()];
    if !roles.contains(&Role::Bundled) {
        return out;
    }
    let parsed: Vec<Option<Parsed>> = files
        .par_iter()
        .enumerate()
        .map(|(i, (_, text))| (roles[i] == Role::Bundled).then(|| parse_bundled(i, text)))
        .collect();
    // The app's words that may reach a bundled definition (attributes,
    // strings, names it imports), less the inert ones; its computed
    // `getattr` objects. Its other bare names are its own.
    let app: Vec<AppWords<'_>> = files
        .par_iter()
        .enumerate()
        .filter(|(i, _)| roles[*i] == Role::App)
        .map(|(_, (_, text))| {
            let inert: HashSet<usize> = super::inert_words::inert_words(text)
                .into_iter()
                .map(|w| w.as_ptr() as usize)
                .collect();
            let imported = imported_words(text);
            let star = text.contains("import *");
            let values = MODULES_AS_VALUES.iter().any(|m| text.contains(m));
            let words = super::inert_words::words(text)
                .filter(|w| !inert.contains(&(w.as_ptr() as usize)))
                .filter(|w| star || imported.contains(w) || qualified(text, w))
                .map(|w| {
                    let reach = if member(text, w)
                        || (!star
                            && !values
                            && !imported.contains(w)
                            && !of_module(text, w, &imported))
                    {
                        Reach::Member
                    } else {
                        Reach::Any
                    };
                    (reach, w)
                })
                .collect();
            let (looked_up, dynamic) = computed_getattrs(text);
            (words, looked_up, dynamic)
        })
        .collect();
    let found: Vec<Option<String>> = files
        .par_iter()
        .enumerate()
        .filter(|(i, _)| roles[*i] != Role::Idle)
        .flat_map_iter(|(_, (_, text))| discovered_bases(text))
        .collect();
    let discovers = Discovery {
        any: found.iter().any(Option::is_none),
        bases: found.into_iter().flatten().collect(),
    };

    let mut units: Vec<Unit> = Vec::new();
    let mut opaque_files: HashSet<usize> = HashSet::default();
    let mut seeds: Vec<Mention> = Vec::new();
    let mut looked_up: HashSet<String> = HashSet::default();
    let mut dynamic = false;
    for (words, objects, dyn_) in &app {
        seeds.extend(words.iter().map(|&(reach, w)| (reach, w.to_string())));
        looked_up.extend(objects.iter().cloned());
        dynamic |= dyn_;
    }
    for (i, p) in parsed.into_iter().enumerate() {
        let Some(p) = p else { continue };
        if p.opaque {
            opaque_files.insert(i);
            continue;
        }
        seeds.extend(p.top_mentions);
        looked_up.extend(p.top_looked_up);
        dynamic |= p.top_dynamic;
        let base = units.len();
        for mut u in p.units {
            if let Kind::Method(c) = u.kind {
                u.kind = Kind::Method(base + c);
            }
            units.push(u);
        }
    }
    let mut walk = Walk::new(&units, dynamic, discovers);
    for w in seeds {
        walk.word(w, None);
    }
    for (u, unit) in units.iter().enumerate() {
        if unit.always && !matches!(unit.kind, Kind::Method(_)) {
            walk.mark(u, None);
        }
    }
    walk.run(&mut looked_up);
    if let Ok(name) = std::env::var("SQLFIX_DEBUG_REACH") {
        walk.explain(&name, files);
    }
    // A module looked up by a computed name keeps every definition.
    let stem_of = |i: usize| -> Option<String> {
        let path = files[i].0;
        let stem = path.file_stem()?.to_string_lossy().to_string();
        if stem == "__init__" {
            return path
                .parent()?
                .file_name()
                .map(|n| n.to_string_lossy().to_string());
        }
        Some(stem)
    };
    for (u, unit) in units.iter().enumerate() {
        if walk.live[u] || opaque_files.contains(&unit.file) {
            continue;
        }
        if stem_of(unit.file).is_some_and(|s| looked_up.contains(&s)) {
            continue;
        }
        // A method of a dead class is inside the class's range already.
        if let Kind::Method(c) = unit.kind
            && !walk.live[c]
        {
            continue;
        }
        let name = match unit.kind {
            Kind::Method(c) => format!("{}.{}", units[c].name, unit.name),
            _ => unit.name.clone(),
        };
        out[unit.file].push(Unreached {
            first_line: unit.lines.0,
            last_line: unit.lines.1,
            name,
        });
    }
    out
}

/// The fixpoint: words named by live code, and the units they make live.
struct Walk<'u> {
    units: &'u [Unit],
    live: Vec<bool>,
    /// Each word named, with the unit that named it first (`None`: the app
    /// or a module's top-level code).
    named: HashMap<Mention, Option<usize>>,
    /// What made each live unit live: the word, or `None` (always live, a
    /// subclass, a method that runs with its class).
    why: Vec<Option<Mention>>,
    /// Units by the name they define.
    by_name: HashMap<&'u str, Vec<usize>>,
    /// Classes by the last word of each of their bases.
    subclasses: HashMap<&'u str, Vec<usize>>,
    /// Methods by their class.
    methods: HashMap<usize, Vec<usize>>,
    words: Vec<Mention>,
    pending: Vec<usize>,
    /// A computed `getattr` runs: any method of a live class may be called.
    dynamic: bool,
    /// Some running module finds classes through their base.
    discovers: Discovery,
}

/// Which live classes have their subclasses found through them.
struct Discovery {
    any: bool,
    bases: HashSet<String>,
}

impl<'u> Walk<'u> {
    fn new(units: &'u [Unit], dynamic: bool, discovers: Discovery) -> Walk<'u> {
        let mut by_name: HashMap<&str, Vec<usize>> = HashMap::default();
        let mut subclasses: HashMap<&str, Vec<usize>> = HashMap::default();
        let mut methods: HashMap<usize, Vec<usize>> = HashMap::default();
        for (u, unit) in units.iter().enumerate() {
            by_name.entry(unit.name.as_str()).or_default().push(u);
            for b in &unit.bases {
                subclasses.entry(b.as_str()).or_default().push(u);
            }
            if let Kind::Method(c) = unit.kind {
                methods.entry(c).or_default().push(u);
            }
        }
        Walk {
            units,
            live: vec![false; units.len()],
            named: HashMap::default(),
            why: vec![None; units.len()],
            by_name,
            subclasses,
            methods,
            words: Vec::new(),
            pending: Vec::new(),
            dynamic,
            discovers,
        }
    }

    fn word(&mut self, w: Mention, by: Option<usize>) {
        if !self.named.contains_key(&w) {
            self.named.insert(w.clone(), by);
            self.words.push(w);
        }
    }

    fn mark(&mut self, u: usize, why: Option<Mention>) {
        if !self.live[u] {
            self.live[u] = true;
            self.why[u] = why;
            self.pending.push(u);
        }
    }

    /// Whether live code names `name` where it reaches a definition of `file`.
    fn names(&self, name: &str, file: usize) -> bool {
        [Reach::Any, Reach::Member, Reach::File(file)]
            .into_iter()
            .any(|r| self.named.contains_key(&(r, name.to_string())))
    }

    fn run(&mut self, looked_up: &mut HashSet<String>) {
        loop {
            if let Some(u) = self.pending.pop() {
                let unit = &self.units[u];
                for m in &unit.mentions {
                    self.word(m.clone(), Some(u));
                }
                looked_up.extend(unit.looked_up.iter().cloned());
                if unit.dynamic && !self.dynamic {
                    self.dynamic = true;
                    // Every method of a class already live may now be called.
                    for c in 0..self.units.len() {
                        if self.live[c] && self.units[c].kind == Kind::Class {
                            self.methods_of_live(c);
                        }
                    }
                }
                if unit.kind == Kind::Class {
                    // A class defining `__init_subclass__` registers its own.
                    let registers = self.methods.get(&u).is_some_and(|ms| {
                        ms.iter()
                            .any(|&m| self.units[m].name == "__init_subclass__")
                    });
                    if self.discovers.any || registers || self.discovers.bases.contains(&unit.name)
                    {
                        let subs = self.subclasses.get(unit.name.as_str()).cloned();
                        for s in subs.unwrap_or_default() {
                            // Their subclasses are found the same way.
                            self.discovers.bases.insert(self.units[s].name.clone());
                            self.mark(s, None);
                        }
                    }
                    self.methods_of_live(u);
                }
                continue;
            }
            let Some(w) = self.words.pop() else { break };
            for u in self.by_name.get(w.1.as_str()).cloned().unwrap_or_default() {
                let unit = &self.units[u];
                let reaches = match w.0 {
                    Reach::Any => true,
                    Reach::Member => matches!(unit.kind, Kind::Method(_)),
                    Reach::File(f) => f == unit.file,
                };
                if !reaches {
                    continue;
                }
                match unit.kind {
                    Kind::Method(c) => {
                        if self.live[c] {
                            self.mark(u, Some(w.clone()));
                        }
                    }
                    _ => self.mark(u, Some(w.clone())),
                }
            }
        }
    }

    /// The methods of live class `c` that run with it.
    fn methods_of_live(&mut self, c: usize) {
        let class = &self.units[c];
        for m in self.methods.get(&c).cloned().unwrap_or_default() {
            let method = &self.units[m];
            if method.always
                || class.has_base
                || self.dynamic
                || self.names(&method.name, method.file)
            {
                self.mark(m, None);
            }
        }
    }

    /// Prints why each definition named `name` is live or not (for reading
    /// a project's result by hand: `SQLFIX_DEBUG_REACH=Name`).
    fn explain(&self, name: &str, files: &[(&std::path::Path, &str)]) {
        let label = |u: usize| {
            let unit = &self.units[u];
            format!(
                "{}:{} {}",
                files[unit.file].0.display(),
                unit.lines.0,
                unit.name
            )
        };
        for (u, unit) in self.units.iter().enumerate() {
            if unit.name != name {
                continue;
            }
            let mut at = u;
            let mut chain = vec![label(at)];
            for _ in 0..40 {
                if !self.live[at] {
                    chain.push("(not live)".into());
                    break;
                }
                let Some(w) = &self.why[at] else {
                    chain.push("(always, a subclass or a method of its class)".into());
                    break;
                };
                match self.named.get(w) {
                    Some(Some(by)) => {
                        chain.push(format!("named `{}` by", w.1));
                        at = *by;
                        chain.push(label(at));
                    }
                    _ => {
                        chain.push(format!("named `{}` by the app or top-level code", w.1));
                        break;
                    }
                }
            }
            eprintln!("reach: {}", chain.join(" <- "));
        }
    }
}

/// The words of `text`'s `import` and `from ... import` lines: names the
/// file uses as they are defined elsewhere, and the modules it holds.
fn imported_words(text: &str) -> HashSet<&str> {
    let mut out = HashSet::default();
    let mut lines = text.lines();
    while let Some(line) = lines.next() {
        let trimmed = line.trim_start();
        if trimmed.starts_with("import ") {
            out.extend(super::inert_words::words(line));
            continue;
        }
        if !trimmed.starts_with("from ") || !trimmed.contains(" import") {
            continue;
        }
        out.extend(super::inert_words::words(line));
        if trimmed.contains('(') && !trimmed.contains(')') {
            for more in lines.by_ref() {
                out.extend(super::inert_words::words(more));
                if more.contains(')') {
                    break;
                }
            }
        }
    }
    out
}

/// Whether `word`, a slice of `text`, is a string's or an attribute of a
/// module the file imports (`ui.main`, `beets.ui.main`): what can reach a
/// module's function or class. An attribute of any other object reaches a
/// method.
fn of_module(text: &str, word: &str, imported: &HashSet<&str>) -> bool {
    let start = word.as_ptr() as usize - text.as_ptr() as usize;
    let before = &text[..start];
    if !before.ends_with('.') {
        // A string's word (`"pkg.tasks:run"`) or a bare name.
        return true;
    }
    let chain = before.trim_end_matches(|c: char| c.is_alphanumeric() || c == '_' || c == '.');
    let root: String = before[chain.len()..]
        .chars()
        .take_while(|c| c.is_alphanumeric() || *c == '_')
        .collect();
    chain.ends_with(['"', '\'']) || imported.contains(root.as_str())
}

/// Whether `word`, a slice of `text`, is an attribute of `self`, `cls` or
/// `super()`, which resolves to a method, never to a module's function.
fn member(text: &str, word: &str) -> bool {
    let start = word.as_ptr() as usize - text.as_ptr() as usize;
    let Some(rest) = text[..start].strip_suffix('.') else {
        return false;
    };
    let receiver = rest.trim_end_matches(|c: char| c.is_alphanumeric() || c == '_');
    matches!(&rest[receiver.len()..], "self" | "cls") || rest.ends_with("super()")
}

/// Whether `word`, a slice of `text`, follows a `.`, a `:` or a quote: an
/// attribute or a name in a string, which may reach another module's
/// definition.
fn qualified(text: &str, word: &str) -> bool {
    let start = word.as_ptr() as usize - text.as_ptr() as usize;
    text[..start]
        .chars()
        .next_back()
        .is_some_and(|c| matches!(c, '.' | ':' | '"' | '\''))
}

/// The objects of `getattr(obj, <not a string literal>)` in `text`, and
/// whether there is any computed `getattr`.
fn computed_getattrs(text: &str) -> (Vec<String>, bool) {
    let mut objects = Vec::new();
    let mut any = false;
    for (at, _) in text.match_indices("getattr(") {
        if at > 0
            && text[..at]
                .chars()
                .next_back()
                .is_some_and(|c| c.is_alphanumeric() || c == '_')
        {
            continue;
        }
        let rest = &text[at + "getattr(".len()..];
        let Some((first, after)) = rest.split_once(',') else {
            continue;
        };
        let second = after.trim_start();
        if second.starts_with(['"', '\'']) {
            continue;
        }
        any = true;
        let first = first.trim();
        if !first.is_empty() && first.chars().all(|c| c.is_alphanumeric() || c == '_') {
            objects.push(first.to_string());
        }
    }
    (objects, any)
}

fn parse_bundled(file: usize, text: &str) -> Parsed {
    if LOOKS_UP.iter().any(|n| text.contains(n)) || text.lines().any(|l| l.len() > LONGEST_LINE) {
        return Parsed {
            opaque: true,
            ..Parsed::default()
        };
    }
    let Ok(module) = ruff_python_parser::parse_module(text) else {
        return Parsed {
            opaque: true,
            ..Parsed::default()
        };
    };
    let starts: Vec<usize> = std::iter::once(0)
        .chain(text.match_indices('\n').map(|(i, _)| i + 1))
        .collect();
    let line_of = |offset: usize| starts.partition_point(|&s| s <= offset);
    let lines_of = |r: ruff_text_size::TextRange| {
        (
            line_of(r.start().to_usize()),
            line_of(
                r.end()
                    .to_usize()
                    .saturating_sub(1)
                    .max(r.start().to_usize()),
            ),
        )
    };
    let imported = imported_words(text);
    let star = text.contains("import *");
    let modules_as_values = MODULES_AS_VALUES.iter().any(|m| text.contains(m));
    let fresh = || Names {
        file,
        imported: &imported,
        star,
        modules_as_values,
        words: Vec::new(),
        looked_up: Vec::new(),
        dynamic: false,
    };
    let mut out = Parsed::default();
    let mut top = fresh();
    for stmt in module.suite() {
        match stmt {
            Stmt::FunctionDef(def) => {
                let mut names = fresh();
                visitor::walk_stmt(&mut names, stmt);
                let name = def.name.to_string();
                out.units.push(Unit {
                    file,
                    always: !def.decorator_list.is_empty() || dunder(&name),
                    name,
                    kind: Kind::Function,
                    lines: lines_of(stmt.range()),
                    has_base: false,
                    bases: Vec::new(),
                    mentions: names.words,
                    looked_up: names.looked_up,
                    dynamic: names.dynamic,
                });
            }
            Stmt::ClassDef(class) => {
                let c = out.units.len();
                let mut names = fresh();
                for d in &class.decorator_list {
                    names.visit_decorator(d);
                }
                let mut bases = Vec::new();
                let mut metaclass = false;
                if let Some(args) = &class.arguments {
                    names.visit_arguments(args);
                    for b in args.args.iter() {
                        match b {
                            Expr::Name(n) if n.id.as_str() == "object" => {}
                            Expr::Name(n) => bases.push(n.id.to_string()),
                            Expr::Attribute(a) => bases.push(a.attr.to_string()),
                            // A computed base (`with_metaclass(...)`, `Generic[T]`):
                            // some base, name unknown.
                            _ => bases.push(String::new()),
                        }
                    }
                    metaclass = !args.keywords.is_empty();
                }
                let mut methods = Vec::new();
                for inner in &class.body {
                    match inner {
                        Stmt::FunctionDef(def) => methods.push((inner, def)),
                        _ => names.visit_stmt(inner),
                    }
                }
                out.units.push(Unit {
                    file,
                    name: class.name.to_string(),
                    kind: Kind::Class,
                    lines: lines_of(stmt.range()),
                    always: !class.decorator_list.is_empty() || metaclass,
                    has_base: !bases.is_empty(),
                    bases: bases.into_iter().filter(|b| !b.is_empty()).collect(),
                    mentions: names.words,
                    looked_up: names.looked_up,
                    dynamic: names.dynamic,
                });
                for (inner, def) in methods {
                    let mut names = fresh();
                    visitor::walk_stmt(&mut names, inner);
                    let name = def.name.to_string();
                    out.units.push(Unit {
                        file,
                        always: !def.decorator_list.is_empty() || dunder(&name),
                        name,
                        kind: Kind::Method(c),
                        lines: lines_of(inner.range()),
                        has_base: false,
                        bases: Vec::new(),
                        mentions: names.words,
                        looked_up: names.looked_up,
                        dynamic: names.dynamic,
                    });
                }
            }
            // Imports and `__all__` only pass names on.
            Stmt::Import(_) | Stmt::ImportFrom(_) => top.imports(stmt),
            Stmt::Assign(a)
                if a.targets
                    .iter()
                    .any(|t| matches!(t, Expr::Name(n) if n.id.as_str() == "__all__")) => {}
            _ => top.visit_stmt(stmt),
        }
    }
    out.top_mentions = top.words;
    out.top_looked_up = top.looked_up;
    out.top_dynamic = top.dynamic;
    out
}

fn dunder(name: &str) -> bool {
    name.starts_with("__") && name.ends_with("__")
}

/// The names a piece of code spells where they can reach a definition: loaded
/// names, attributes, strings that are a name or a dotted path; not
/// annotations, import lists (but an alias's original name) or prose.
struct Names<'i> {
    file: usize,
    /// The words of the file's `from ... import` lines.
    imported: &'i HashSet<&'i str>,
    /// The file imports `*`: any bare name may be another module's.
    star: bool,
    /// The file holds modules as values: any attribute may be a module's.
    modules_as_values: bool,
    words: Vec<Mention>,
    looked_up: Vec<String>,
    dynamic: bool,
}

impl Names<'_> {
    /// Anywhere: an attribute, a string, an alias's original name.
    fn global(&mut self, w: &str) {
        self.words.push((Reach::Any, w.to_string()));
    }

    fn imports(&mut self, stmt: &Stmt) {
        // `from m import Name as Other`: the code uses `Other`, which reaches
        // `Name`. A plain `from m import Name` adds nothing the uses of
        // `Name` do not spell.
        let aliases = match stmt {
            Stmt::Import(i) => &i.names,
            Stmt::ImportFrom(i) => &i.names,
            _ => return,
        };
        for a in aliases {
            if a.asname.is_some() {
                if let Some(last) = a.name.as_str().rsplit('.').next() {
                    self.global(last);
                }
            }
        }
    }
}

impl<'a> Visitor<'a> for Names<'_> {
    fn visit_annotation(&mut self, _: &'a Expr) {}

    fn visit_stmt(&mut self, stmt: &'a Stmt) {
        match stmt {
            Stmt::Import(_) | Stmt::ImportFrom(_) => self.imports(stmt),
            _ => visitor::walk_stmt(self, stmt),
        }
    }

    fn visit_expr(&mut self, expr: &'a Expr) {
        match expr {
            Expr::Name(n) if n.ctx == ExprContext::Load => {
                let id = n.id.as_str();
                if self.star || self.imported.contains(id) {
                    self.global(id);
                } else {
                    self.words.push((Reach::File(self.file), id.to_string()));
                }
            }
            Expr::Attribute(a) => {
                // Only an attribute of a module the file imports (or of a
                // package below it) reaches a module's function or class; an
                // attribute of any other object reaches a method.
                let mut root = &*a.value;
                while let Expr::Attribute(inner) = root {
                    root = &inner.value;
                }
                let of_module = self.modules_as_values
                    || matches!(root, Expr::Name(n) if self.star || self.imported.contains(n.id.as_str()));
                if of_module {
                    self.global(a.attr.as_str());
                } else {
                    self.words.push((Reach::Member, a.attr.to_string()));
                }
            }
            Expr::StringLiteral(s) => {
                let text = s.value.to_str();
                if !text.is_empty()
                    && text
                        .chars()
                        .all(|c| c.is_alphanumeric() || matches!(c, '_' | '.' | ':'))
                {
                    for part in text.split(['.', ':']).filter(|p| !p.is_empty()) {
                        self.global(part);
                    }
                }
            }
            Expr::Call(call) => {
                if let Expr::Name(f) = &*call.func
                    && matches!(f.id.as_str(), "getattr" | "hasattr" | "methodcaller")
                    && call
                        .arguments
                        .args
                        .get(if f.id.as_str() == "methodcaller" {
                            0
                        } else {
                            1
                        })
                        .is_some_and(|a| !matches!(a, Expr::StringLiteral(_)))
                {
                    self.dynamic = true;
                    if let Some(Expr::Name(obj)) = call.arguments.args.first() {
                        self.looked_up.push(obj.id.to_string());
                    }
                }
            }
            _ => {}
        }
        visitor::walk_expr(self, expr);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn dead(files: &[(&str, &str, Role)]) -> Vec<String> {
        let paths: Vec<(&Path, &str)> = files.iter().map(|(p, t, _)| (Path::new(*p), *t)).collect();
        let roles: Vec<Role> = files.iter().map(|(_, _, r)| *r).collect();
        unreached(&paths, &roles)
            .into_iter()
            .flatten()
            .map(|u| u.name)
            .collect()
    }

    const LIB: &str = "import sqlite3\n\
class Store:\n    def __init__(self, path):\n        self.conn = sqlite3.connect(path)\n\
class FileStore(Store):\n    def save(self):\n        self.conn.commit()\n\
class MemStore:\n    def save(self):\n        pass\n    def dump(self):\n        pass\n\
def helper(db: Store):\n    return MemStore()\n\
def unused():\n    return sqlite3.connect('x.db')\n";

    #[test]
    fn only_what_the_app_reaches_runs() {
        let app = "from lib.pkg import store\nx = store.helper(None)\nx.save()\n";
        let got = dead(&[
            ("app.py", app, Role::App),
            ("lib/pkg/store.py", LIB, Role::Bundled),
        ]);
        assert_eq!(got, vec!["Store", "FileStore", "MemStore.dump", "unused"]);
    }

    #[test]
    fn subclasses_decorators_and_strings_keep_definitions() {
        let app = "from lib.pkg import store\nstore.Store('a.db')\nload('lib.pkg.store:unused')\n";
        let got = dead(&[
            ("app.py", app, Role::App),
            ("lib/pkg/store.py", LIB, Role::Bundled),
        ]);
        // `unused` is named by a string; FileStore only subclasses a live
        // class, which nothing finds through its base here; nothing calls
        // `helper`.
        assert_eq!(got, vec!["FileStore", "MemStore", "helper"]);
        let registry = "for cls in Store.__subclasses__():\n    cls()\n";
        let got = dead(&[
            ("app.py", app, Role::App),
            ("registry.py", registry, Role::App),
            ("lib/pkg/store.py", LIB, Role::Bundled),
        ]);
        assert_eq!(got, vec!["MemStore", "helper"]);
        let lib = "@register\nclass A:\n    pass\nclass B(metaclass=Meta):\n    pass\n";
        assert!(
            dead(&[
                ("app.py", "import lib.p.m\n", Role::App),
                ("lib/p/m.py", lib, Role::Bundled)
            ])
            .is_empty()
        );
    }

    #[test]
    fn run_time_lookups_keep_everything() {
        let app = "from lib.pkg import store\nf = getattr(store, name)\n";
        assert!(
            dead(&[
                ("app.py", app, Role::App),
                ("lib/pkg/store.py", LIB, Role::Bundled)
            ])
            .is_empty()
        );
        let lib = format!("{LIB}\nHANDLERS = globals()\n");
        assert!(
            dead(&[
                ("app.py", "import x\n", Role::App),
                ("lib/pkg/store.py", &lib, Role::Bundled)
            ])
            .is_empty()
        );
        // A computed getattr on an object: every method of a live class.
        let app = "from lib.pkg import store\nm = store.MemStore()\ngetattr(m, op)()\n";
        let got = dead(&[
            ("app.py", app, Role::App),
            ("lib/pkg/store.py", LIB, Role::Bundled),
        ]);
        assert_eq!(got, vec!["Store", "FileStore", "helper", "unused"]);
    }

    #[test]
    fn comments_prose_annotations_and_imports_reach_nothing() {
        let app = "# Store is not used\nfrom lib.pkg.store import Store, helper\nlog('Store opened')\nhelper(1)\n";
        let got = dead(&[
            ("app.py", app, Role::App),
            ("lib/pkg/store.py", LIB, Role::Bundled),
        ]);
        // `Store` is imported by the app (its own code: counted), so live.
        assert_eq!(
            got,
            vec!["FileStore", "MemStore.save", "MemStore.dump", "unused"]
        );
        let init = "from .store import Store, unused\n__all__ = ['Store', 'unused']\n";
        let app = "from lib.pkg import helper\nhelper(1)\n";
        let got = dead(&[
            ("app.py", app, Role::App),
            ("lib/pkg/__init__.py", init, Role::Bundled),
            ("lib/pkg/store.py", LIB, Role::Bundled),
        ]);
        assert_eq!(
            got,
            vec![
                "Store",
                "FileStore",
                "MemStore.save",
                "MemStore.dump",
                "unused"
            ]
        );
    }

    #[test]
    fn a_bare_name_reaches_its_own_module_only() {
        // The app's `main()` is its own; the library's `main` builds the store.
        let lib = format!("{LIB}\ndef main():\n    return Store('x.db')\n");
        let app = "from lib.pkg import store\ndef main():\n    store.helper(1)\nmain()\n";
        let got = dead(&[
            ("app.py", app, Role::App),
            ("lib/pkg/store.py", &lib, Role::Bundled),
        ]);
        assert_eq!(
            got,
            vec![
                "Store",
                "FileStore",
                "MemStore.save",
                "MemStore.dump",
                "unused",
                "main"
            ]
        );
        // Reached as an attribute, or imported by name, it runs.
        for app in [
            "from lib.pkg import store\nstore.main()\n",
            "from lib.pkg.store import main as run\nrun()\n",
        ] {
            let got = dead(&[
                ("app.py", app, Role::App),
                ("lib/pkg/store.py", &lib, Role::Bundled),
            ]);
            assert!(!got.contains(&"Store".to_string()), "{app}: {got:?}");
        }
    }

    #[test]
    fn idle_modules_name_nothing() {
        let other = "from .store import Store\nStore('x')\n";
        let app = "from lib.pkg import store\nstore.helper(1)\n";
        let got = dead(&[
            ("app.py", app, Role::App),
            ("lib/pkg/store.py", LIB, Role::Bundled),
            ("lib/pkg/other.py", other, Role::Idle),
        ]);
        assert_eq!(
            got,
            vec![
                "Store",
                "FileStore",
                "MemStore.save",
                "MemStore.dump",
                "unused"
            ]
        );
    }
}
