//! What imported names mean: `import sqlite3 as db` makes `db.connect` mean
//! `sqlite3.connect`; `from sqlite3 import connect as c` makes `c` mean it too.

use super::scopes::FuncId;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Import {
    /// The name bound in the importing scope.
    pub local: String,
    /// What it means, dotted; relative imports keep their leading dots (`.db.save`).
    pub target: String,
    /// `None` at module level.
    pub scope: Option<FuncId>,
    /// `import x` (a module) rather than `from x import y` (a member, maybe a module).
    pub is_module_import: bool,
}

#[derive(Debug, Default)]
pub struct Imports {
    imports: Vec<Import>,
    /// Where each local name's imports are in `imports`, in order: every name
    /// the model resolves is looked up here, once per scope around it, and a
    /// scan of the module's imports per lookup was a tenth of a run.
    by_local: rustc_hash::FxHashMap<String, Vec<usize>>,
    /// `from <module> import *`: the module (relative ones keep their dots)
    /// and the scope it is made in.
    stars: Vec<(String, Option<FuncId>)>,
}

impl Imports {
    pub fn add(&mut self, mut import: Import) {
        // pysqlite2 is the project the standard library took in as `sqlite3`:
        // `try: import sqlite3 as sqlite` / `except ImportError: from
        // pysqlite2 import dbapi2 as sqlite` binds the same API either way,
        // and the later (fallback) import is the one a lookup finds.
        // `sqlite3.dbapi2` is the module `sqlite3` re-exports whole: `from
        // sqlite3 import dbapi2 as sqlite` binds the same API as `import sqlite3`.
        for legacy in ["pysqlite2.dbapi2", "sqlite3.dbapi2"] {
            if let Some(rest) = import.target.strip_prefix(legacy)
                && (rest.is_empty() || rest.starts_with('.'))
            {
                import.target = format!("sqlite3{rest}");
            }
        }
        self.by_local
            .entry(import.local.clone())
            .or_default()
            .push(self.imports.len());
        self.imports.push(import);
    }

    pub fn add_star(&mut self, module: String, scope: Option<FuncId>) {
        self.stars.push((module, scope));
    }

    /// The modules whose every public name the module imports at module level
    /// (`from db import *`).
    pub fn stars(&self) -> impl Iterator<Item = &str> {
        self.stars
            .iter()
            .filter(|(_, scope)| scope.is_none())
            .map(|(m, _)| m.as_str())
    }

    pub fn iter(&self) -> impl Iterator<Item = &Import> {
        self.imports.iter()
    }

    /// An import of `name` made in exactly `scope` (`None`: the module).
    pub fn lookup_in(&self, name: &str, scope: Option<FuncId>) -> Option<&Import> {
        self.named(name).rev().find(|i| i.scope == scope)
    }

    /// The imports that bind `name`, in source order.
    fn named(&self, name: &str) -> impl DoubleEndedIterator<Item = &Import> {
        self.by_local
            .get(name)
            .map_or(&[][..], Vec::as_slice)
            .iter()
            .map(|&i| &self.imports[i])
    }

    /// The meaning of `name` seen from `scope`: its own imports, then those of the
    /// functions around it, then the module's.
    pub fn lookup(
        &self,
        name: &str,
        scope: Option<FuncId>,
        scopes: &super::scopes::Scopes<'_>,
    ) -> Option<&Import> {
        let mut current = scope;
        loop {
            if let Some(found) = self.lookup_in(name, current) {
                return Some(found);
            }
            match current {
                Some(id) => current = scopes.function(id).parent,
                None => return None,
            }
        }
    }

    /// The local name under which module-level code can refer to `module`
    /// (`import contextlib` or `import contextlib as cl`).
    pub fn module_alias(&self, module: &str) -> Option<&str> {
        self.imports
            .iter()
            .find(|i| i.scope.is_none() && i.is_module_import && i.target == module)
            .map(|i| i.local.as_str())
    }

    /// The local name of `module.member` imported with `from module import member`.
    pub fn member_alias(&self, module: &str, member: &str) -> Option<&str> {
        self.imports
            .iter()
            .find(|i| {
                i.scope.is_none()
                    && !i.is_module_import
                    && i.target
                        .strip_prefix(module)
                        .and_then(|r| r.strip_prefix('.'))
                        == Some(member)
            })
            .map(|i| i.local.as_str())
    }

    /// Whether any import mentions the module or one of its members.
    pub fn mentions(&self, module: &str) -> bool {
        self.imports.iter().any(|i| {
            i.target == module
                || i.target
                    .strip_prefix(module)
                    .is_some_and(|rest| rest.starts_with('.'))
        })
    }
}

/// The dotted target of `from <module> import <name>` at relative `level`.
pub fn from_import_target(level: u32, module: Option<&str>, name: &str) -> String {
    let mut target = ".".repeat(level as usize);
    if let Some(module) = module {
        target.push_str(module);
        target.push('.');
    }
    target.push_str(name);
    target
}
