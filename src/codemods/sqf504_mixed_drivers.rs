//! SQF504 mixed-drivers: one database file opened through more than one driver
//! (sqlite3, aiosqlite, SQLAlchemy) across the project.
//!
//! Sites name their database by the file name of a literal path or URL, or by the
//! constant that holds it (`semantic::databases`). For each driver a module uses
//! on a database that another driver also opens, one finding at the module's
//! first such site lists where the others are. Tests, migrations and `:memory:`
//! databases are left out: a test inspecting the app's file with sqlite3 is not a
//! second code path of the app.
//!
//! MEDIUM, display-only advice: which driver to standardize on is a design choice
//! (usually the async one in an async app), and the settings that keep them
//! consistent meanwhile are the same PRAGMAs and timeouts on both.

use std::path::Path;

use super::{Codemod, Context};
use crate::finding::Finding;
use crate::semantic::databases::{self, DbDriver};
use crate::semantic::facts;

pub struct MixedDrivers;

impl Codemod for MixedDrivers {
    crate::codemod_meta!("SQF504-mixed-drivers");

    fn check(&self, ctx: &Context<'_, '_>, out: &mut Vec<Finding>) {
        let model = ctx.model;
        if is_auxiliary(model.path) {
            return;
        }
        let modules = facts::modules(ctx.project);
        let constants: Vec<(String, String)> = modules
            .iter()
            .flat_map(|(_, m)| m.facts.path_constants.iter().cloned())
            .collect();
        let mut reported: Vec<DbDriver> = Vec::new();
        for (open, call) in databases::opens(model) {
            if reported.contains(&open.driver) {
                continue;
            }
            let identity = databases::resolve_identity(&open.identity, &constants);
            let mut others: Vec<(DbDriver, String)> = Vec::new();
            for (_, module) in &modules {
                if is_auxiliary(&module.path) {
                    continue;
                }
                for other in &module.facts.databases {
                    if databases::resolve_identity(&other.identity, &constants) == identity
                        && other.driver != open.driver
                    {
                        others.push((
                            other.driver,
                            format!("{}:{}", display(&module.path), other.line),
                        ));
                    }
                }
            }
            if others.is_empty() {
                continue;
            }
            others.sort();
            others.dedup();
            reported.push(open.driver);
            let name = identity.split_once(':').map_or(identity, |(_, n)| n);
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

fn display(path: &Path) -> String {
    crate::diff::display_path(path)
}
