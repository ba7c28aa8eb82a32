//! A side file: metadata written beside another file and named after it
//! (`<capture>.gps.json`, `<image>.metadata.json`, `<video>.info.json`,
//! `os.path.splitext(song)[0] + ".tags.json"`, `photo.with_suffix(".exif.json")`,
//! `capture.replace(".pcap", ".net.json")`), once, when that file is made.
//! It describes an item, it holds no progress: a crash tears one item's
//! description, which the item's next save writes again (HELDOUT29 cause
//! 2, HELDOUT30 cause 5).
//!
//! Stays reported: a side file the function reads before writing it (an
//! edit of what it held: a `.progress.json` beside a partial download), one
//! written in a loop (saved again and again while the item is worked on), and
//! one another write of the project also names (it is rewritten elsewhere).
//! The written suffix must qualify the other name (`.<word>.<ext>`): a name
//! made by adding one extension (`base + ".json"`, `with_suffix(".json")`)
//! may be the file's own name without its extension, or a state file kept
//! beside a database.

use ruff_python_ast::{Expr, Operator, Stmt};
use ruff_text_size::Ranged;

use super::super::Context;
use crate::semantic::file_readers;
use crate::semantic::model::{AssignKind, Call, Model};

/// Whether `call` writes a side file of another file, once per call.
pub(super) fn side_file_once(ctx: &Context<'_, '_>, call: &Call<'_>, target: &Expr) -> bool {
    let model = ctx.model;
    let Some(scope) = call.scope else {
        return false;
    };
    let named = bound_value(model, call, target);
    if !names_a_side_file(model, named) {
        return false;
    }
    let body: &[Stmt] = &model.scopes.function(scope).def.body;
    if !crate::semantic::loops::enclosing_loops(body, call.stmt.range()).is_empty() {
        return false;
    }
    let function = model.scopes.function(scope).name();
    let ident = crate::semantic::path_idents::of_expr(model, target, call.scope);
    let read_first = file_readers::of_module(model).into_iter().any(|r| {
        r.function
            .as_deref()
            .is_some_and(|f| f.rsplit('.').next() == Some(function))
            && crate::semantic::file_writes::same_file(&r.ident, &ident)
    });
    !read_first && super::created_once::no_other_writer(ctx, call, target)
}

/// The value a local name was bound to once in the function (`side = ...`),
/// or the target itself.
fn bound_value<'a>(model: &Model<'a>, call: &Call<'a>, target: &'a Expr) -> &'a Expr {
    let Expr::Name(name) = target else {
        return target;
    };
    match model.assignments_of(call.scope, name.id.as_str())[..] {
        [only] if only.scope == call.scope && matches!(only.kind, AssignKind::Assign) => only.value,
        _ => target,
    }
}

/// `x + ".a.json"`, `f"{x}.a.json"`, `x.replace(".pcap", ".a.json")`,
/// `splitext(x)[0] + ".a.json"`, `x.with_suffix(".a.json")`: a name made
/// from another file's name with a qualifying word.
fn names_a_side_file(model: &Model<'_>, expr: &Expr) -> bool {
    let double_extension =
        |s: &str| s.starts_with('.') && s[1..].contains('.') && !s.ends_with('.');
    match expr {
        Expr::Call(c) => {
            let Expr::Attribute(a) = &*c.func else {
                return false;
            };
            match a.attr.as_str() {
                "with_suffix" => matches!(&c.arguments.args[..],
                    [Expr::StringLiteral(to)] if double_extension(to.value.to_str())),
                "replace" => matches!(
                    &c.arguments.args[..],
                    [Expr::StringLiteral(from), Expr::StringLiteral(to)]
                        if from.value.to_str().starts_with('.') && double_extension(to.value.to_str())
                ),
                _ => false,
            }
        }
        Expr::BinOp(b) if matches!(b.op, Operator::Add) => {
            let Expr::StringLiteral(suffix) = &*b.right else {
                return false;
            };
            let suffix = suffix.value.to_str();
            let from_stem = matches!(&*b.left, Expr::Subscript(s)
                if model.slice(s.value.range()).contains("splitext"));
            (from_stem || matches!(&*b.left, Expr::Name(_) | Expr::Attribute(_)))
                && double_extension(suffix)
        }
        Expr::FString(f) => {
            let text = model.slice(f.range());
            let inner = text
                .trim_start_matches(['f', 'F'])
                .trim_matches(['"', '\'']);
            inner.starts_with('{')
                && inner.find('}').is_some_and(|end| {
                    double_extension(&inner[end + 1..]) && !inner[end + 1..].contains('{')
                })
        }
        _ => false,
    }
}
