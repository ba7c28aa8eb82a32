//! A one-time conversion of an old file: the function reads (or looks for)
//! an old-format file, writes the new one, then removes the old file or
//! renames it aside (`os.remove(OLD)`, `os.rename(OLD, OLD + ".bak")`,
//! `old.unlink()`). It runs once, when the old file is there; a crash in the
//! middle leaves the old file in place, so the next start converts again.
//! Not a checkpoint write. Removing a file the function did not read first (a
//! lock file it made, a temporary) is no conversion.
//!
//! Nor is moving a backup back onto the file just written (`os.rename(path +
//! ".bkp", path)` when the check of the new file fails): the old content is
//! restored, not retired. The function made that backup by moving the file
//! itself aside before writing (`os.rename(path, path + ".bkp")`), so between
//! the move and the end of the dump a reader finds no file, then a partial
//! one: still a write in place (F-backup-then-write), and the backup only helps
//! whoever restores it.

use ruff_python_ast::Expr;
use ruff_text_size::Ranged;

use crate::semantic::file_readers::read_path;
use crate::semantic::model::{Call, Model};

pub(super) fn old_file_retired(model: &Model<'_>, call: &Call<'_>, target: &Expr) -> bool {
    let target_text = model.slice(target.range());
    let at = call.range().start();
    model.calls_in(call.scope).any(|c| {
        c.scope == call.scope
            && c.range().start() > at
            && !moved_onto(model, c, target_text)
            && retired_path(c).is_some_and(|old| {
                let old = model.slice(old.range());
                old != target_text && looked_at_before(model, call, old)
            })
    })
}

/// The call moves some file onto `target_text`: a backup put back.
fn moved_onto(model: &Model<'_>, c: &Call<'_>, target_text: &str) -> bool {
    let destination = match c.qualified() {
        Some("os.rename" | "os.replace" | "shutil.move") => c.argument(1, "dst"),
        Some(_) => None,
        None if matches!(c.method_name(), Some("rename" | "replace")) => c.argument(0, "target"),
        None => None,
    };
    destination.is_some_and(|d| model.slice(d.range()) == target_text)
}

/// The file a call removes or moves away.
fn retired_path<'a>(c: &Call<'a>) -> Option<&'a Expr> {
    match c.qualified() {
        Some("os.remove" | "os.unlink") => c.argument(0, "path"),
        Some("os.rename" | "os.replace" | "shutil.move") => c.argument(0, "src"),
        Some(_) => None,
        None => {
            let Expr::Attribute(attr) = &*c.expr.func else {
                return None;
            };
            match attr.attr.as_str() {
                "unlink" | "rename" => Some(&attr.value),
                _ => None,
            }
        }
    }
}

/// The function opened `old` for reading, or tested that it exists, before
/// the write.
fn looked_at_before(model: &Model<'_>, call: &Call<'_>, old: &str) -> bool {
    let at = call.range().start();
    model.calls_in(call.scope).any(|c| {
        if c.scope != call.scope || c.range().start() >= at {
            return false;
        }
        if read_path(c).is_some_and(|p| model.slice(p.range()) == old) {
            return true;
        }
        let exists = matches!(
            c.qualified(),
            Some("os.path.exists" | "os.path.isfile" | "os.path.getsize")
        ) && c
            .argument(0, "path")
            .is_some_and(|p| model.slice(p.range()) == old);
        let method = matches!(c.method_name(), Some("exists" | "is_file"))
            && matches!(&*c.expr.func, Expr::Attribute(a) if model.slice(a.value.range()) == old);
        exists || method
    })
}
