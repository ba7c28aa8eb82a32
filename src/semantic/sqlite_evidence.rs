//! Which database a project's name-shaped evidence is about.
//!
//! Much of sqlfix's blocking-I/O model is shaped by names: a `cur.execute("UPDATE
//! ...")`, a `commit()` or a `fetchall()` on an object whose opener it cannot see
//! is taken for sqlite3. PostgreSQL and MySQL code has the same shape (DB-API
//! 2.0), so a table-wrapper class whose base opens `psycopg2.connect(...)` and
//! hands out cursors would be reported as "blocking sqlite3 I/O" however its
//! methods are named. Name-shaped evidence is discounted where it cannot be
//! SQLite's:
//! - a project whose files never mention SQLite at all (no `sqlite3`,
//!   `aiosqlite`, `sqlite://` URL, no "sqlite" anywhere in its Python);
//! - a module that imports another engine's driver (psycopg2, PyMySQL, ...) and
//!   never mentions SQLite (sure: nothing in it can open a SQLite file);
//! - the methods of a class deriving from a class of such a module, when their
//!   own module never mentions SQLite either (sure as far as the bases resolve).
//!
//! A module that mentions both keeps its findings: its handles could be either,
//! and which one is decided per statement (foreign_db.rs) where the opener shows.

use super::foreign_db;
use super::model::Model;
use super::project::{ModuleSummary, ProjectIndex};

/// Whether the module's text says "sqlite" anywhere (any case): an import, a
/// URL, a file name, a comment.
pub fn mentions_sqlite(model: &Model<'_>) -> bool {
    model
        .text
        .as_bytes()
        .windows(6)
        .any(|w| w.eq_ignore_ascii_case(b"sqlite"))
        || model.imports.iter().any(|i| i.target.starts_with("apsw"))
}

/// Whether the module imports another database engine's driver.
pub fn imports_foreign_driver(model: &Model<'_>) -> bool {
    model
        .imports
        .iter()
        .any(|i| foreign_db::is_foreign_driver(&i.target))
}

impl ProjectIndex {
    /// Per module, per function: its own blocking I/O is name-shaped evidence
    /// about a database that is not SQLite. (A method, so that the index calls
    /// it without naming this module.)
    pub(super) fn not_sqlite_functions(&self) -> Vec<Vec<bool>> {
        not_sqlite_functions(self)
    }
}

fn not_sqlite_functions(index: &ProjectIndex) -> Vec<Vec<bool>> {
    let modules = &index.modules;
    let project_mentions = modules.iter().any(|m| m.mentions_sqlite);
    modules
        .iter()
        .enumerate()
        .map(|(m, module)| {
            if module.mentions_sqlite {
                return vec![false; module.functions.len()];
            }
            if !project_mentions || module.foreign_driver {
                return vec![true; module.functions.len()];
            }
            let foreign_classes: Vec<&str> = module
                .classes
                .iter()
                .filter(|c| derives_from_foreign(index, m, &c.qualname, 0))
                .map(|c| c.qualname.as_str())
                .collect();
            module
                .functions
                .iter()
                .map(|f| in_classes(&f.qualname, &foreign_classes))
                .collect()
        })
        .collect()
}

/// Whether the function `qualname` of module `m` (whose summary is `own`, the
/// viewed text) does only name-shaped I/O on a database that is not SQLite.
pub fn not_sqlite_function(
    index: &ProjectIndex,
    m: Option<usize>,
    own: &ModuleSummary,
    qualname: &str,
) -> bool {
    if own.mentions_sqlite {
        return false;
    }
    // An empty index (a file checked alone, or a summary made before the
    // project is known) says nothing about the rest of the project.
    let project_mentions =
        index.modules.is_empty() || index.modules.iter().any(|m| m.mentions_sqlite);
    if !project_mentions || own.foreign_driver {
        return true;
    }
    let Some(m) = m else {
        return false;
    };
    own.classes
        .iter()
        .filter(|c| in_classes(qualname, &[c.qualname.as_str()]))
        .any(|c| derives_from_foreign(index, m, &c.qualname, 0))
}

fn in_classes(qualname: &str, classes: &[&str]) -> bool {
    classes.iter().any(|c| {
        qualname
            .strip_prefix(c)
            .is_some_and(|rest| rest.starts_with('.'))
    })
}

fn derives_from_foreign(index: &ProjectIndex, m: usize, class: &str, depth: usize) -> bool {
    if depth > 6 {
        return false;
    }
    let Some(summary) = index.modules[m]
        .classes
        .iter()
        .find(|c| c.qualname == class)
    else {
        return false;
    };
    summary.bases.iter().any(|base| {
        index
            .class_named(m, base, depth + 1)
            .is_some_and(|(bm, bc)| {
                let base_module = &index.modules[bm];
                (base_module.foreign_driver && !base_module.mentions_sqlite)
                    || derives_from_foreign(index, bm, &bc, depth + 1)
            })
    })
}
