//! Where a module opens files for writing, by the file each path names
//! (path_idents): `open(p, "w")`, `p.open("w")`, `p.write_text(...)`,
//! `p.write_bytes(...)`, `aiofiles.open(p, "w")`. The checkpoint rule asks it
//! whether a file a hand-run script creates is one the application itself
//! rewrites while it runs (then the script's write is the first write of the
//! application's state, not a regenerated output).

use ruff_python_ast::Expr;

use super::model::{Call, Model};
use super::path_idents::{self, PathIdent};

/// A place that opens a file for writing, with the line it is on.
#[derive(Debug, Clone)]
pub struct FileWrite {
    pub ident: PathIdent,
    pub line: usize,
}

/// The module's writes of files whose path says which file it is.
pub fn of_module(model: &Model<'_>) -> Vec<FileWrite> {
    by_call(model)
        .map(|(call, ident)| FileWrite {
            ident,
            line: model.line_column(call.range().start()).0,
        })
        .collect()
}

/// [`of_module`] with the call that writes: who writes each file (the
/// checkpoint rule asks whether several functions rewrite one file).
pub fn by_call<'m, 'a>(
    model: &'m Model<'a>,
) -> impl Iterator<Item = (&'m Call<'a>, PathIdent)> + 'm {
    model.calls.iter().filter_map(|call| {
        let path = write_path(call)?;
        let ident = path_idents::of_expr(model, path, call.scope);
        (!ident.is_empty()).then_some((call, ident))
    })
}

/// Whether two paths name one file: a shared spelled file name, or (when
/// either spells none) a shared symbol.
pub fn same_file(a: &PathIdent, b: &PathIdent) -> bool {
    if !a.names.is_empty() && !b.names.is_empty() {
        a.names.iter().any(|n| b.names.contains(n))
    } else {
        a.keys.iter().any(|k| b.keys.contains(k))
    }
}

/// The path a call opens to replace or extend its content.
fn write_path<'a>(call: &Call<'a>) -> Option<&'a Expr> {
    let writing = |mode: Option<&Expr>| matches!(mode, Some(Expr::StringLiteral(m)) if m.value.to_str().contains(['w', 'a']));
    match call.qualified() {
        Some("builtins.open" | "io.open" | "aiofiles.open" | "aiofiles.threadpool.open") => {
            writing(call.argument(1, "mode")).then(|| call.argument(0, "file"))?
        }
        // `gzip.open(p, "wb")`, `codecs.open(p, "w", "utf-8")`.
        Some(_) => super::stream_openers::write_path(call),
        None => {
            let Expr::Attribute(attr) = &*call.expr.func else {
                return None;
            };
            match attr.attr.as_str() {
                "write_text" | "write_bytes" => Some(&attr.value),
                "open" => writing(call.argument(0, "mode")).then_some(&*attr.value),
                _ => None,
            }
        }
    }
}

/// Whether `writes` hold one of the file `writer` names: a shared spelled file
/// name, or (when neither spells a file name) a shared symbol.
pub fn writes_same_file(writes: &[FileWrite], writer: &PathIdent) -> bool {
    if writer.is_empty() {
        return false;
    }
    writes.iter().any(|w| {
        if !writer.names.is_empty() && !w.ident.names.is_empty() {
            w.ident.names.iter().any(|n| writer.names.contains(n))
        } else {
            w.ident.keys.iter().any(|k| writer.keys.contains(k))
        }
    })
}
