//! A create-exclusive write read by whoever loses the create race:
//!
//! ```python
//! try:
//!     with open(cfg, "x") as f:
//!         json.dump(conf, f)
//! except FileExistsError:
//!     with open(cfg) as f:
//!         conf = json.load(f)
//! ```
//!
//! `"x"` keeps a second writer out, but the file exists, empty, from the
//! winner's open until the end of its dump: a second process (two builds
//! started together) that gets `FileExistsError` and reads at once parses an
//! empty or cut file (F-exclusive-create-read; HELDOUT30 shape 10). Also
//! spelled `Path(cfg).open("x")`, `"xb"` with a pickle, and a loser that reads
//! with `read_text()`. Reported without a fix: the writer should dump into a
//! temporary file beside `cfg` and publish it with `os.link(tmp, cfg)` (which
//! still fails with `FileExistsError` when `cfg` exists), or take a file lock
//! around create+dump and around the loser's read.

use ruff_python_ast::{self as ast, Expr, Stmt};
use ruff_text_size::Ranged;

use crate::semantic::file_readers;
use crate::semantic::model::{Call, Model};

pub(super) const MESSAGE: &str = "Created with `open(..., \"x\")` and read by whoever loses the create race: the file exists, empty, from the winner's open until its dump ends, so a second process that gets `FileExistsError` and reads at once parses an empty or cut file (docs/sqlite-facts.md#F-exclusive-create-read); dump into a temporary file beside it and publish it with `os.link(tmp, path)` (still exclusive), or lock around the create and the read";

/// Whether `call` (an opener in mode `"x"` whose `with` body dumps state,
/// checked by the caller) sits in a `try` whose `except FileExistsError:`
/// reads the same path.
pub(super) fn loser_reads(model: &Model<'_>, call: &Call<'_>, target: &Expr) -> bool {
    let body: &[Stmt] = match call.scope {
        Some(id) => &model.scopes.function(id).def.body,
        None => model.suite,
    };
    let spelled = model.slice(target.range());
    crate::semantic::visit::scope_stmts(body)
        .into_iter()
        .any(|stmt| {
            let Stmt::Try(t) = stmt else {
                return false;
            };
            let in_body = t
                .body
                .iter()
                .any(|s| s.range().contains_range(call.range()));
            in_body
                && t.handlers.iter().any(|h| {
                    let ast::ExceptHandler::ExceptHandler(h) = h;
                    catches_exists(h.type_.as_deref())
                        && model.calls_in(call.scope).any(|c| {
                            h.range().contains_range(c.range())
                                && file_readers::read_path(c)
                                    .is_some_and(|p| model.slice(p.range()) == spelled)
                        })
                })
        })
}

/// `except FileExistsError`, alone or in a tuple.
fn catches_exists(kind: Option<&Expr>) -> bool {
    let is = |e: &Expr| match e {
        Expr::Name(n) => n.id.as_str() == "FileExistsError",
        Expr::Attribute(a) => a.attr.as_str() == "FileExistsError",
        _ => false,
    };
    match kind {
        Some(Expr::Tuple(t)) => t.elts.iter().any(is),
        Some(e) => is(e),
        None => false,
    }
}
