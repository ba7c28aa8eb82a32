//! A state file written through a handle made from a low-level descriptor:
//! `f = os.fdopen(os.open(path, os.O_WRONLY | os.O_CREAT, 0o600), "w")`, then
//! `f.truncate()` and `f.write(json_text)` (or `json.dump(obj, f)`, or a
//! pickle into a `"wb"` handle). A program picks this spelling to choose the
//! file's permissions, not to make the write atomic.
//!
//! `fdopen`'s `"w"` does not cut the file (the descriptor's flags decide), so
//! the window opens at `O_TRUNC` in the flags, or at the handle's own
//! `truncate()` before the write: either way the file is empty until the new
//! text is written (docs/sqlite-facts.md#F-truncate-then-write), the same
//! window as `open(path, "w")`. A descriptor opened with neither overwrites
//! in place without cutting: not this shape (the file is never empty).
//!
//! Reported without a fix: the flags and the mode are the program's own
//! choice, and the note says how to keep them on a temporary name.

use ruff_python_ast::{self as ast, Expr, Stmt};
use ruff_text_size::{Ranged, TextSize};

use super::{NonAtomicJsonWrite, binary_state, dumps_json_into};
use crate::codemods::Codemod;
use crate::finding::Finding;
use crate::semantic::model::{AssignKind, Call, Model};
use crate::semantic::visit;

/// How the descriptor's file comes to be empty before the write.
#[derive(Clone, Copy)]
enum Cut {
    /// `O_TRUNC` among `os.open`'s flags.
    AtOpen,
    /// The handle's `truncate()` before the write.
    Truncate,
}

/// A truncated descriptor handle written with state: the file `os.open` names
/// and the finding's text, or `None`.
pub(super) struct DescriptorWrite<'a> {
    pub target: &'a Expr,
    cut: Cut,
    written: &'static str,
}

/// `os.fdopen(os.open(path, flags, ...), mode)` (or `fd = os.open(...)` then
/// `os.fdopen(fd, mode)`), bound to a name or a `with` item, whose file is
/// cut before JSON or binary state is written into it.
pub(super) fn descriptor_write<'a>(
    model: &Model<'a>,
    call: &Call<'a>,
) -> Option<DescriptorWrite<'a>> {
    if call.qualified() != Some("os.fdopen") || call.parent.is_some() {
        return None;
    }
    let mode = match call.argument(1, "mode") {
        Some(Expr::StringLiteral(m)) => m.value.to_str().to_string(),
        _ => return None,
    };
    if !mode.contains(['w', 'a', '+']) {
        return None;
    }
    let os_open = descriptor_open(model, call.argument(0, "fd")?, call)?;
    let target = os_open.arguments.find_argument_value("path", 0)?;
    let flags = os_open.arguments.find_argument_value("flags", 1)?;
    let (body, handle) = handle_and_body(model, call)?;
    let after = call.range().end();
    let cut = if model.slice(flags.range()).contains("O_TRUNC") {
        Cut::AtOpen
    } else if truncated_after(body, handle, after) {
        Cut::Truncate
    } else {
        return None;
    };
    let written = if dumps_json_into(model, body, handle, call.scope) {
        "Checkpoint JSON"
    } else if mode.contains('b') {
        binary_state::dumped_into(model, body, handle, call.scope)?;
        "State file"
    } else {
        return None;
    };
    Some(DescriptorWrite {
        target,
        cut,
        written,
    })
}

/// The `os.open(...)` call the descriptor comes from: the argument itself, or
/// the one assignment of the name to it before the `fdopen`.
fn descriptor_open<'a>(
    model: &Model<'a>,
    fd: &'a Expr,
    call: &Call<'a>,
) -> Option<&'a ast::ExprCall> {
    let value = match fd {
        Expr::Name(name) => {
            let a = model.last_assignment(call.scope, name.id.as_str(), call.range().start())?;
            (a.kind == AssignKind::Assign).then_some(a.value)?
        }
        other => other,
    };
    let Expr::Call(open) = value else {
        return None;
    };
    (model.resolve(&open.func, call.scope).as_deref() == Some("os.open")).then_some(open)
}

/// The statements that write through the handle and its name: the `with`
/// block's body (`with os.fdopen(...) as f:`), or the enclosing function's
/// body when the handle is bound once by an assignment (`f = os.fdopen(...)`).
fn handle_and_body<'a>(model: &Model<'a>, call: &Call<'a>) -> Option<(&'a [Stmt], &'a str)> {
    match call.stmt {
        Stmt::With(with) => {
            let item = with
                .items
                .iter()
                .find(|i| i.context_expr.range() == call.range())?;
            let Some(Expr::Name(handle)) = item.optional_vars.as_deref() else {
                return None;
            };
            Some((&with.body[..], handle.id.as_str()))
        }
        Stmt::Assign(assign) if assign.value.range() == call.range() => {
            let [Expr::Name(bound)] = &*assign.targets else {
                return None;
            };
            let name = bound.id.as_str();
            // Bound once: every later write through the name is this handle's.
            if model.assignments_named_in(call.scope, name).count() != 1 {
                return None;
            }
            let body: &'a [Stmt] = match call.scope {
                Some(id) => &model.scopes.function(id).def.body,
                None => model.suite,
            };
            Some((body, name))
        }
        _ => None,
    }
}

/// `handle.truncate()` or `handle.truncate(0)` after `after`: the file is cut
/// to nothing before what follows is written.
fn truncated_after(body: &[Stmt], handle: &str, after: TextSize) -> bool {
    visit::any_expr(body, |expr| {
        let Expr::Call(call) = expr else {
            return false;
        };
        let Expr::Attribute(attr) = &*call.func else {
            return false;
        };
        call.start() >= after
            && attr.attr.as_str() == "truncate"
            && matches!(&*attr.value, Expr::Name(n) if n.id.as_str() == handle)
            && match &*call.arguments.args {
                [] => call.arguments.keywords.is_empty(),
                [Expr::NumberLiteral(n)] => {
                    matches!(&n.value, ast::Number::Int(i) if i.as_u8() == Some(0))
                }
                _ => false,
            }
    })
}

/// The finding for `write`: advice, no fix.
pub(super) fn finding(
    codemod: &NonAtomicJsonWrite,
    call: &Call<'_>,
    write: &DescriptorWrite<'_>,
) -> Finding {
    let how = match write.cut {
        Cut::AtOpen => "`os.open(..., O_TRUNC)` empties the file at the open",
        Cut::Truncate => "the handle's `truncate()` empties the file before the write",
    };
    Finding::new(
        codemod.meta(),
        call.range(),
        format!(
            "{} written in place through `os.fdopen(os.open(...))` ({how}): a crash or a reader mid-write finds an empty or cut file",
            write.written
        ),
    )
    .with_note(
        "open a temporary name beside the file with the same flags and permissions (`os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)`), write, flush and `os.fsync` it, then `os.replace(tmp, path)`",
    )
}
