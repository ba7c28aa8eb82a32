//! Writes that a deployed program never makes, by a plain reading of where
//! they are:
//!
//! - inside `if 0:`, `if False:` or `if None:` (the branch is switched off in
//!   the source: Python never runs it);
//! - inside an `if` whose test is a debugging switch (`if debug:`, `if
//!   self.options.debug_dump:`, `if settings.DEBUG:`), not its `else`: a file
//!   saved for whoever is debugging, which the program works without;
//! - in a module of a `migrations` folder: a settings or data migration runs
//!   once, on the upgrade that brings it, in front of whoever upgrades, so a
//!   file it rewrites is not half-written under a running program.
//!
//! State the program reads back stays reported wherever else it is written:
//! these are places, not files. Retired trees (`obsolete/`, `attic/`, ...)
//! and example folders are the shared liveness model's to decide
//! (check/scope.rs), which obeys the `dead-code` setting and asks whether the
//! project has code beyond its examples. Migrations stay here, not there: for
//! the concurrency rules a migration the live server runs after boot has a
//! second party (it holds the write lock while requests wait), but for a
//! state file its one run in front of the upgrader is no checkpoint.

use ruff_python_ast::{Expr, Stmt};
use ruff_text_size::{Ranged, TextRange};

use crate::semantic::model::{Call, Model};

/// Folders of code run once on an upgrade.
const FOLDERS: &[&str] = &["migrations"];

/// The write is in a switched-off or debug-only branch, or in a module the
/// deployed application never runs.
pub(super) fn never_deployed(model: &Model<'_>, call: &Call<'_>) -> bool {
    in_migrations_folder(model) || in_guarded_branch(model, call.stmt.range(), call.scope)
}

fn in_migrations_folder(model: &Model<'_>) -> bool {
    crate::semantic::paths::project_folders(model.path)
        .iter()
        .any(|f| FOLDERS.contains(&f.as_str()))
}

/// Some `if` of the write's scope holds it in its body (not an `elif` or
/// `else`) and tests a false constant or a debugging switch.
fn in_guarded_branch(model: &Model<'_>, at: TextRange, scope: Option<usize>) -> bool {
    let body: &[Stmt] = match scope {
        Some(id) => &model.scopes.function(id).def.body,
        None => model.suite,
    };
    crate::semantic::visit::scope_stmts(body)
        .into_iter()
        .any(|stmt| {
            let Stmt::If(branch) = stmt else {
                return false;
            };
            let in_body = branch
                .body
                .first()
                .zip(branch.body.last())
                .is_some_and(|(a, b)| TextRange::new(a.start(), b.end()).contains_range(at));
            in_body && (false_constant(&branch.test) || debug_switch(model, &branch.test))
        })
}

/// `0`, `False`, `None`: a test Python never takes.
fn false_constant(test: &Expr) -> bool {
    match test {
        Expr::BooleanLiteral(b) => !b.value,
        Expr::NoneLiteral(_) => true,
        Expr::NumberLiteral(n) => {
            matches!(&n.value, ruff_python_ast::Number::Int(i) if i.as_u8() == Some(0))
        }
        _ => false,
    }
}

/// A name, attribute or call whose last word says debug (`debug`,
/// `self.args.debug_cache`, `settings.DEBUG`), alone or joined by `and`. A
/// negation (`if not debug:`) is the normal path.
fn debug_switch(model: &Model<'_>, test: &Expr) -> bool {
    match test {
        Expr::BoolOp(op) if op.op == ruff_python_ast::BoolOp::And => {
            op.values.iter().any(|v| debug_switch(model, v))
        }
        Expr::Name(_) | Expr::Attribute(_) | Expr::Call(_) | Expr::Subscript(_) => {
            let text = model.slice(test.range()).to_ascii_lowercase();
            let last = text
                .rsplit(|c: char| !(c.is_alphanumeric() || c == '_'))
                .find(|w| !w.is_empty() && !w.chars().all(|c| c.is_ascii_digit()))
                .unwrap_or("");
            // `debug`, `debug_dump`, `is_debug`, `DEBUG`; `debugger` is a tool.
            last.split('_').any(|w| w == "debug")
        }
        _ => false,
    }
}
