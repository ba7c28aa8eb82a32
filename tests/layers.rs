//! The library's modules import downward only (cli → run → check → codemods →
//! fix → semantic → source). This test reads `src/` for `crate::…` and
//! `super::…` paths, builds the graph of which file uses which, and fails on
//! any import cycle that is not listed in `KNOWN_CYCLES` below, and on a listed
//! cycle that no longer exists (so the list only shrinks).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Cycles that exist today, each as its sorted module names. Strike one when
/// it is cut; never add one.
const KNOWN_CYCLES: &[&[&str]] = &[];

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// `src/semantic/project.rs` → `semantic::project`; `mod.rs` names its folder.
fn module_name(src: &Path, file: &Path) -> String {
    let rel = file.strip_prefix(src).unwrap().with_extension("");
    let mut parts: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    if parts.last().is_some_and(|p| p == "mod") {
        parts.pop();
    }
    parts.join("::")
}

/// The code a module compiles outside its tests, without comments.
fn code_of(text: &str) -> String {
    let text = text.split("#[cfg(test)]").next().unwrap_or("");
    text.lines()
        .map(|line| line.split("//").next().unwrap_or(""))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Every `prefix::a::b` path in `code`, and the members of `prefix::a::{b, c}`.
fn paths_after(code: &str, prefix: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = code;
    while let Some(at) = rest.find(prefix) {
        let before = rest[..at].chars().next_back();
        rest = &rest[at + prefix.len()..];
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
            continue;
        }
        let path: String = rest
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == ':')
            .collect();
        let path = path.trim_end_matches(':').to_string();
        let after = &rest[path.len()..];
        if after.starts_with("::{")
            && let Some(end) = after.find('}')
        {
            for member in after[3..end].split(',') {
                let member = member.split(" as ").next().unwrap_or("").trim();
                let member: String = member
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == ':')
                    .collect();
                if !member.is_empty() && member != "self" {
                    out.push(format!("{path}::{member}"));
                }
            }
        }
        out.push(path);
    }
    out
}

/// The longest known module that `path` starts with.
fn resolve<'a>(modules: &'a BTreeSet<String>, path: &str) -> Option<&'a String> {
    let parts: Vec<&str> = path.split("::").collect();
    (1..=parts.len())
        .rev()
        .find_map(|n| modules.get(&parts[..n].join("::")))
}

fn graph() -> BTreeMap<String, BTreeSet<String>> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let modules: BTreeSet<String> = files.iter().map(|f| module_name(&src, f)).collect();
    let mut edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for file in &files {
        let name = module_name(&src, file);
        let code = code_of(&std::fs::read_to_string(file).unwrap());
        let mut refs = paths_after(&code, "crate::");
        // `super::` in `a/b.rs` means `a`; in `a/mod.rs` it means a's parent.
        let is_mod = file.file_name().is_some_and(|n| n == "mod.rs");
        let parent = if is_mod {
            name.rsplit_once("::").map(|(p, _)| p)
        } else {
            Some(name.rsplit_once("::").map_or("", |(p, _)| p))
        };
        if let Some(parent) = parent {
            for path in paths_after(&code, "super::") {
                refs.push(if parent.is_empty() {
                    path
                } else {
                    format!("{parent}::{path}")
                });
            }
        }
        for r in refs {
            if let Some(target) = resolve(&modules, &r)
                && *target != name
                && !name.starts_with(&format!("{target}::"))
            {
                edges
                    .entry(name.clone())
                    .or_default()
                    .insert(target.clone());
            }
        }
    }
    edges
}

/// Strongly connected components of more than one module (Tarjan).
fn cycles(edges: &BTreeMap<String, BTreeSet<String>>) -> Vec<Vec<String>> {
    struct State<'a> {
        edges: &'a BTreeMap<String, BTreeSet<String>>,
        index: BTreeMap<&'a str, usize>,
        low: BTreeMap<&'a str, usize>,
        stack: Vec<&'a str>,
        on_stack: BTreeSet<&'a str>,
        out: Vec<Vec<String>>,
    }
    fn visit<'a>(s: &mut State<'a>, v: &'a str) {
        let n = s.index.len();
        s.index.insert(v, n);
        s.low.insert(v, n);
        s.stack.push(v);
        s.on_stack.insert(v);
        let edges = s.edges;
        for w in edges.get(v).into_iter().flatten() {
            let w = w.as_str();
            if !s.index.contains_key(w) {
                visit(s, w);
                let low = s.low[v].min(s.low[w]);
                s.low.insert(v, low);
            } else if s.on_stack.contains(w) {
                let low = s.low[v].min(s.index[w]);
                s.low.insert(v, low);
            }
        }
        if s.low[v] == s.index[v] {
            let mut component = Vec::new();
            while let Some(w) = s.stack.pop() {
                s.on_stack.remove(w);
                component.push(w.to_string());
                if w == v {
                    break;
                }
            }
            if component.len() > 1 {
                component.sort();
                s.out.push(component);
            }
        }
    }
    let mut state = State {
        edges,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        on_stack: BTreeSet::new(),
        out: Vec::new(),
    };
    for v in edges.keys() {
        if !state.index.contains_key(v.as_str()) {
            visit(&mut state, v);
        }
    }
    state.out
}

#[test]
fn no_new_import_cycles() {
    let found = cycles(&graph());
    let known: Vec<Vec<String>> = KNOWN_CYCLES
        .iter()
        .map(|c| c.iter().map(|m| m.to_string()).collect())
        .collect();
    let new: Vec<_> = found.iter().filter(|c| !known.contains(c)).collect();
    let gone: Vec<_> = known.iter().filter(|c| !found.contains(c)).collect();
    assert!(
        new.is_empty() && gone.is_empty(),
        "import cycles not in KNOWN_CYCLES (tests/layers.rs): {new:?}\n\
         listed but no longer a cycle (strike them): {gone:?}"
    );
}

#[test]
fn the_scan_sees_a_cycle() {
    // The test above is only as good as the graph: a made-up cycle must show.
    let mut edges = graph();
    edges
        .entry("source".to_string())
        .or_default()
        .insert("cli::check".to_string());
    let found = cycles(&edges);
    assert!(
        found
            .iter()
            .any(|c| c.contains(&"source".to_string()) && c.contains(&"cli::check".to_string())),
        "an edge from source back to cli::check must close a cycle: {found:?}"
    );
}
