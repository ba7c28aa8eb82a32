//! Two ways of opening a state file that the `with open(p, "w") as f:` shape
//! does not spell, both advice only.
//!
//! A handle bound by an assignment and used later as `with f:`: `f =
//! io.open(p, "w", encoding="utf-8")` on Python 3 and `f = open(p, "wb")` on
//! Python 2, in the two branches of an `if`, or in a `try`, then `with f:
//! json.dump(data, f)`. The file is truncated at the assignment, not at the
//! `with`, so the window is the same; every assignment of the name before the
//! block must be such an opener, or the block may write something else.
//!
//! A handle bound by an assignment and closed by hand, with no `with` at
//! all: `f = open(p, "wb")`, then `f.write(data)` in a `try` whose `finally`
//! calls `f.close()` (a session store's write, an `IOError` swallowed around
//! it). The truncation is at the assignment, as above; the body searched for
//! the dump is the rest of the function, and every binding of the name in the
//! function must be such an opener.
//!
//! A wrapping opener of the standard library (semantic::stream_openers:
//! `codecs.open(p, "wb", encoding=...)`, `gzip.GzipFile(p, "wb")`,
//! `gzip.open(p, "wt")`, bz2's and lzma's) truncates the file with the builtin
//! `open` underneath (docs/sqlite-facts.md#F-wrapped-open-truncates). The
//! rule's `_atomic_open` yields a plain file, so neither shape gets a fix: the
//! note says how to write a temporary name through the same opener.

use ruff_python_ast::{self as ast, Expr, Stmt};
use ruff_text_size::Ranged;

use super::NonAtomicJsonWrite;
use crate::codemods::Codemod;
use crate::finding::Finding;
use crate::semantic::model::{AssignKind, Call, Model};
use crate::semantic::{stream_openers, visit};

/// How the handle the state is written through was bound.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Bound {
    /// The `with` item itself (or a wrapping opener as the item).
    No,
    /// Bound by an assignment, written in a later `with name:` block.
    LaterWith,
    /// Bound by an assignment and closed by hand (`name.close()`).
    ByHand,
}

/// What the block writes into the handle.
pub(super) enum Written<'a> {
    Json,
    Config(&'a str),
    Number,
    Binary(&'a str),
}

/// The name `name = <call>` binds, when that assignment is a statement of its own.
fn bound_name<'a>(call: &Call<'a>) -> Option<&'a str> {
    let Stmt::Assign(assign) = call.stmt else {
        return None;
    };
    let [Expr::Name(bound)] = &*assign.targets else {
        return None;
    };
    (assign.value.range() == call.range()).then(|| bound.id.as_str())
}

/// `name = <call>` as a statement of its own, then the first later `with
/// name:` (or `with name as g:`) of the same scope: that statement and the
/// name its body writes through.
pub(super) fn later_with<'a>(
    model: &Model<'a>,
    call: &Call<'a>,
) -> Option<(&'a ast::StmtWith, &'a str)> {
    let name = bound_name(call)?;
    let body: &'a [Stmt] = match call.scope {
        Some(id) => &model.scopes.function(id).def.body,
        None => model.suite,
    };
    let (with, item) = visit::scope_stmts(body).into_iter().find_map(|stmt| {
        let Stmt::With(with) = stmt else {
            return None;
        };
        if with.start() < call.stmt.end() {
            return None;
        }
        let item = with
            .items
            .iter()
            .find(|i| matches!(&i.context_expr, Expr::Name(n) if n.id.as_str() == name))?;
        Some((with, item))
    })?;
    // Every binding of the name before the block opens a file: the block
    // writes whichever branch ran.
    let all_openers = model
        .assignments_of(call.scope, name)
        .iter()
        .filter(|a| a.scope == call.scope && a.stmt.start() < with.start())
        .all(|a| a.kind == AssignKind::Assign && opens_for_writing(model, a.value, call.scope));
    if !all_openers {
        return None;
    }
    let handle = match item.optional_vars.as_deref() {
        Some(Expr::Name(alias)) => alias.id.as_str(),
        Some(_) => return None,
        None => name,
    };
    Some((with, handle))
}

/// `name = <call>` as a statement of its own whose handle is closed by hand
/// (`name.close()` later in the same function) and never used as a `with`
/// item: the function's body, where the writes into `name` are, and the name.
pub(super) fn closed_by_hand<'a>(
    model: &Model<'a>,
    call: &Call<'a>,
) -> Option<(&'a [Stmt], &'a str)> {
    let name = bound_name(call)?;
    let body: &'a [Stmt] = match call.scope {
        Some(id) => &model.scopes.function(id).def.body,
        None => return None,
    };
    let closed = model.calls_in(call.scope).any(|c| {
        c.method_name() == Some("close")
            && c.range().start() > call.range().start()
            && matches!(&*c.expr.func, Expr::Attribute(a) if matches!(&*a.value, Expr::Name(n) if n.id.as_str() == name))
    });
    let in_with = visit::scope_stmts(body).into_iter().any(|stmt| {
        matches!(stmt, Stmt::With(with) if with.items.iter().any(|i| matches!(&i.context_expr, Expr::Name(n) if n.id.as_str() == name)))
    });
    let all_openers = model
        .assignments_of(call.scope, name)
        .iter()
        .filter(|a| a.scope == call.scope)
        .all(|a| a.kind == AssignKind::Assign && opens_for_writing(model, a.value, call.scope));
    (closed && !in_with && all_openers).then_some((body, name))
}

/// `open(p, "w")`, `io.open(...)`, a wrapping opener or `p.open("w")` with a
/// mode that writes.
fn opens_for_writing(model: &Model<'_>, value: &Expr, scope: Option<usize>) -> bool {
    let Expr::Call(call) = value else {
        return false;
    };
    let writes = |mode: Option<&Expr>| matches!(mode, Some(Expr::StringLiteral(m)) if m.value.to_str().contains(['w', 'a']));
    match model.resolve(&call.func, scope).as_deref() {
        Some("builtins.open" | "builtins.file" | "io.open" | "codecs.open") => {
            writes(call.arguments.find_argument_value("mode", 1))
        }
        Some(q) if q.starts_with("gzip.") || q.starts_with("bz2.") || q.starts_with("lzma.") => {
            writes(call.arguments.find_argument_value("mode", 1))
        }
        _ => {
            matches!(&*call.func, Expr::Attribute(a) if a.attr.as_str() == "open")
                && writes(call.arguments.find_argument_value("mode", 0))
        }
    }
}

/// The finding for a write through `opener` (a wrapping opener's name, or
/// `open` bound before its `with`): advice, no fix.
pub(super) fn finding(
    codemod: &NonAtomicJsonWrite,
    call: &Call<'_>,
    opener: &str,
    mode: &str,
    written: Written<'_>,
    bound: Bound,
) -> Finding {
    let how = format!("{opener}(..., \"{mode}\")");
    let where_ = if bound == Bound::ByHand {
        format!(
            " (the handle is bound here and closed by hand, with no `with`; `{how}` truncates the file at this line)"
        )
    } else if bound == Bound::LaterWith {
        format!(
            " (the handle is bound here and written in a later `with` block; `{how}` truncates the file at this line)"
        )
    } else if stream_openers::opener(call).is_some() {
        format!(" (`{opener}` opens the file with the builtin `open` underneath, truncating it)")
    } else {
        String::new()
    };
    let message = match written {
        Written::Config(format) => super::config_files::message(format, &how),
        Written::Number => super::number_files::message(&how),
        Written::Json => format!(
            "Checkpoint JSON written in place with `{how}`: a crash mid-write leaves a truncated file"
        ),
        Written::Binary(format) => format!(
            "State file ({format}) written in place with `{how}` and loaded back by the program: a crash or a full disk mid-write leaves a truncated file the next run cannot load"
        ),
    };
    Finding::new(codemod.meta(), call.range(), format!("{message}{where_}")).with_note(format!(
        "write to a temporary name beside the file through the same opener (`{opener}(tmp, \"{mode}\", ...)`), flush and `os.fsync` it, then `os.replace(tmp, path)`"
    ))
}
