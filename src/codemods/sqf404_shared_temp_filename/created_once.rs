//! A file the function creates only when it is not there yet: a first-start
//! migration (`if os.path.exists(CONFIG_TOML): return`, then the old INI or
//! registry values dumped into `CONFIG_TOML + ".tmp"` and renamed over
//! `CONFIG_TOML`), or a rename under `if not os.path.exists(dst):`. Once the
//! file exists the function never writes it again, so its fixed temporary
//! name has one writer per installation, not one per run: two writers would
//! need two first starts at the same instant. Not reported.

use ruff_python_ast::{Expr, Stmt};
use ruff_text_size::Ranged;

use crate::semantic::created_when_missing::{present_test, written_only_when_missing};
use crate::semantic::model::{Call, Model};
use crate::semantic::scopes::FuncId;

/// The rename to `dst` runs only when `dst` did not exist.
pub(super) fn created_once(model: &Model<'_>, scope: FuncId, call: &Call<'_>, dst: &Expr) -> bool {
    written_only_when_missing(model, call, dst) || returns_when_present(model, scope, call, dst)
}

/// A top-level `if <exists>(dst): return` of the function before the rename.
fn returns_when_present(model: &Model<'_>, scope: FuncId, call: &Call<'_>, dst: &Expr) -> bool {
    let spelled = model.slice(dst.range());
    model
        .scopes
        .function(scope)
        .def
        .body
        .iter()
        .take_while(|stmt| stmt.end() <= call.range().start())
        .any(|stmt| {
            let Stmt::If(branch) = stmt else {
                return false;
            };
            branch.elif_else_clauses.is_empty()
                && matches!(branch.body.last(), Some(Stmt::Return(_)))
                && present_test(&branch.test).is_some_and(|p| model.slice(p.range()) == spelled)
        })
}
