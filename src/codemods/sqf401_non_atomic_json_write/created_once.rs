//! A file written only while it does not exist, whatever the value, and
//! written by no other code of the project: a key pair generated on first
//! start, a default configuration, a side file made once beside a download, a
//! new collection refused when its file is there.
//!
//! Such a write never cuts short a file that someone had: it creates the
//! file, once. A crash in the middle leaves a torn new file as a crash before
//! it leaves none, and nothing rewrites it routinely, so it is no checkpoint
//! (HELDOUT29 cause 1, HELDOUT30 cause 6). The guard is spelled any of three
//! ways around the write: `if not <exists>(p):` (semantic::created_when_missing),
//! the `else` of `if <exists>(p):`, or the code after `if <exists>(p): return`
//! (also `raise`, `continue`, `break`). A file another write of the project
//! also names stays reported (the creation there, the rewrite where it is):
//! the guard then says only that this one write creates it.

use ruff_python_ast::{Expr, Stmt};
use ruff_text_size::{Ranged, TextRange};

use super::super::Context;
use crate::semantic::created_when_missing::{present_test, written_only_when_missing};
use crate::semantic::file_writes;
use crate::semantic::model::{Call, Model};
use crate::semantic::path_idents;

/// Whether `call` writes `target` only while it is missing, and no other
/// write of the project names the same file.
pub(super) fn created_once(ctx: &Context<'_, '_>, call: &Call<'_>, target: &Expr) -> bool {
    let model = ctx.model;
    let body = match call.scope {
        Some(id) => &model.scopes.function(id).def.body[..],
        None => model.suite,
    };
    let spelled = model.slice(target.range());
    let names_target =
        |test: &Expr| present_test(test).is_some_and(|p| model.slice(p.range()) == spelled);
    (written_only_when_missing(model, call, target)
        || in_else_of(body, call.range(), &names_target)
        || after_early_exit(body, call.range(), &names_target))
        && no_other_writer(ctx, call, target)
}

/// `at` sits in the `elif`/`else` clause of an `if` whose test says the file
/// exists.
fn in_else_of(suite: &[Stmt], at: TextRange, present: &dyn Fn(&Expr) -> bool) -> bool {
    suite
        .iter()
        .filter(|s| s.range().contains_range(at))
        .any(|stmt| {
            if let Stmt::If(branch) = stmt
                && present(&branch.test)
                && branch
                    .elif_else_clauses
                    .iter()
                    .any(|c| c.range().contains_range(at))
            {
                return true;
            }
            crate::semantic::visit::block_suites(stmt)
                .into_iter()
                .any(|inner| in_else_of(inner, at, present))
        })
}

/// `at` comes after an `if <exists>(p):` of its suite (or of a suite around
/// it) whose body leaves: the code below runs only when the file is missing.
fn after_early_exit(suite: &[Stmt], at: TextRange, present: &dyn Fn(&Expr) -> bool) -> bool {
    let Some(index) = suite.iter().position(|s| s.range().contains_range(at)) else {
        return false;
    };
    let exits = suite[..index].iter().any(|stmt| {
        matches!(stmt, Stmt::If(i) if present(&i.test)
            && i.elif_else_clauses.is_empty()
            && matches!(i.body.last(), Some(Stmt::Return(_) | Stmt::Raise(_) | Stmt::Continue(_) | Stmt::Break(_))))
    });
    exits
        || crate::semantic::visit::block_suites(&suite[index])
            .into_iter()
            .any(|inner| after_early_exit(inner, at, present))
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
