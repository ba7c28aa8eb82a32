//! A library's public API as a second party: the threads of whoever calls it.
//!
//! A library has no thread of its own, yet its users call its public functions
//! from theirs (a web server's request threads, an executor's workers). State a
//! module keeps for every caller (a connection or cursor opened at import or on
//! first use) is then shared by those threads, whoever they are.
//!
//! Evidence that the module is a library's, all required:
//! 1. the project is a distributable package (`setup.py`, `setup.cfg`, or a
//!    `pyproject.toml` with `[project]` or `[tool.poetry]`, `library.rs`);
//! 2. no program of the project imports the module (the import graph finds no
//!    script, `__main__`, application object or packaging entry point that
//!    imports it; `setup.py` is a program that imports nothing of the package):
//!    it is imported by its users, never run. A program that loads it only by
//!    name (`import_module(f"pkg.{name}")`) looks its functions up by names
//!    the project does not spell: their callers stay unknown, as a library's;
//! 3. the module is not a test module, and the state is reached from one of its
//!    public functions (a module-level function, or a method of a module-level
//!    class, not named with a leading underscore), through the module's own calls.

use rustc_hash::FxHashSet as HashSet;

use super::model::{Callee, Model};
use super::project::ProjectView;
use super::scopes::FuncId;

/// "a library (setup.py, no entry point of its own)" when the module at hand is
/// part of a library its callers import, not of a program.
pub fn library_project(model: &Model<'_>, view: &ProjectView<'_>) -> Option<String> {
    if super::paths::is_test_module(model.path) {
        return None;
    }
    let graph = view.index.import_graph()?;
    // `setup.py` counts as a program of its own, but it loads nothing of the
    // package: what matters is that no program of the project loads this module.
    if graph.has_entry_points() && graph.programs_importing(model.path, 1) != Some(0) {
        return None;
    }
    let package = super::library::distributable_package(model.path)?;
    Some(format!("a library ({package}, no entry point of its own)"))
}

/// Whether a caller of the module can call function `id` by name.
pub fn is_public(model: &Model<'_>, id: FuncId) -> bool {
    let f = model.scopes.function(id);
    if f.parent.is_some() {
        return false;
    }
    let name = f.name();
    let public_name = !name.starts_with('_') || matches!(name, "__call__" | "__getitem__");
    match f.class {
        None => public_name,
        Some(class) => {
            let def = model.scopes.classes[class].def;
            public_name
                && !def.name.as_str().starts_with('_')
                && model.scopes.classes[class].parent.is_none()
        }
    }
}

/// For each of `users`, the first public function of the module that reaches it
/// through the module's own calls (itself when it is public).
pub fn public_entry_of(model: &Model<'_>, users: &[FuncId]) -> Vec<(FuncId, FuncId)> {
    let mut out = Vec::new();
    let publics: Vec<FuncId> = (0..model.scopes.functions.len())
        .filter(|id| is_public(model, *id))
        .collect();
    for &user in users {
        if let Some(p) = publics.iter().copied().find(|p| reaches(model, *p, user)) {
            out.push((user, p));
        }
    }
    out
}

/// Whether `from` calls `to`, directly or through the module's functions.
fn reaches(model: &Model<'_>, from: FuncId, to: FuncId) -> bool {
    let mut seen: HashSet<FuncId> = HashSet::default();
    let mut stack = vec![from];
    while let Some(id) = stack.pop() {
        if id == to {
            return true;
        }
        if !seen.insert(id) || seen.len() > 200 {
            continue;
        }
        let class = model.scopes.function(id).class;
        for call in model.calls_in(Some(id)) {
            let callee = match &call.callee {
                Callee::Local(name) => model.scopes.module_function(name),
                Callee::SelfMethod(name) => class.and_then(|c| model.scopes.method(c, name)),
                _ => None,
            };
            stack.extend(callee);
        }
    }
    false
}
