//! A file-lock helper that opens the state file itself, in a truncating mode:
//! `with portalocker.Lock(path, mode="wb") as f: pickle.dump(cache, f)`.
//! portalocker opens the file, takes the lock, then truncates it before the
//! block writes (docs/sqlite-facts.md#F-lock-helper-truncates): the lock keeps
//! out only those who take it too, so a plain `open`, a file watcher's reload
//! or another program sees an empty or cut file, and a kill inside the block
//! leaves it so. The default mode (`"a"`) and `"r+"` do not truncate.
//!
//! Lock objects that lock a separate file and hand out no file
//! (`filelock.FileLock(p + ".lock")`, `fasteners.InterProcessLock`) are no
//! opener: the `open(p, "w")` inside their block is matched as any other.
//!
//! The fix moves the lock to a lock file beside the state (`path + ".lock"`)
//! and writes the state through the atomic opener under it. It is offered
//! only when nothing else in the module relies on the lock of the data file
//! to edit it in place (another `portalocker.Lock` of the same path in an
//! appending or read-write mode), and only with the lock's own keywords
//! (`timeout`, `check_interval`, `fail_when_locked`, `flags`), which go to the
//! lock-file lock unchanged. It is unsafe: readers that lock the data file no
//! longer wait for the writer (they read the old or the new file, whole), and
//! on Windows `os.replace` fails while such a reader holds the file open.

use ruff_python_ast::Expr;
use ruff_text_size::Ranged;

use crate::fix::{Edit, codegen};
use crate::semantic::model::{Call, Model};

/// The lock helpers that open the path they lock, and their shown names.
const LOCK_OPENERS: &[(&str, &str)] = &[
    ("portalocker.Lock", "portalocker.Lock"),
    ("portalocker.RLock", "portalocker.RLock"),
    ("portalocker.utils.Lock", "portalocker.Lock"),
    ("portalocker.utils.RLock", "portalocker.RLock"),
];

/// Keywords of `portalocker.Lock` that configure the lock, not the file.
const LOCK_KEYWORDS: &[&str] = &["timeout", "check_interval", "fail_when_locked", "flags"];

pub(super) const HELPER: &str = "_atomic_locked_open";

/// The shown name of a lock helper that opens its path, when `call` is one.
pub(super) fn opener(call: &Call<'_>) -> Option<&'static str> {
    let q = call.qualified()?;
    LOCK_OPENERS
        .iter()
        .find(|(name, _)| *name == q)
        .map(|&(_, shown)| shown)
}

/// The locked path: the first argument (`filename`).
pub(super) fn path<'a>(call: &Call<'a>) -> Option<&'a Expr> {
    call.argument(0, "filename")
}

/// Whether the fix may move the lock to a lock file: only the lock's own
/// keywords, and no other lock of the same path in the module that edits the
/// file in place (`"a"`, the default, or a `"+"` mode).
pub(super) fn fixable(model: &Model<'_>, call: &Call<'_>) -> bool {
    let args = &call.expr.arguments;
    if args.args.len() > 2
        || args.keywords.iter().any(|k| {
            k.arg
                .as_ref()
                .is_none_or(|a| a.as_str() != "mode" && !LOCK_KEYWORDS.contains(&a.as_str()))
        })
    {
        return false;
    }
    let Some(target) = path(call) else {
        return false;
    };
    let spelled = model.slice(target.range());
    !model.calls.iter().any(|other| {
        other.range() != call.range()
            && opener(other).is_some()
            && path(other).is_some_and(|p| model.slice(p.range()) == spelled)
            && match other.argument(1, "mode") {
                Some(Expr::StringLiteral(m)) => {
                    let m = m.value.to_str();
                    m.contains(['a', '+'])
                }
                _ => true,
            }
    })
}

/// The fix's edits: the lock helper's name becomes `_atomic_locked_open`,
/// defined once, which locks `path + ".lock"` and writes through `opener`.
pub(super) fn fix_edits(model: &Model<'_>, call: &Call<'_>, opener: &str) -> Vec<Edit> {
    let mut edits = vec![Edit::replace(call.expr.func.range(), HELPER.to_string())];
    let (contextlib, e1) = codegen::module_ref(model, "contextlib");
    let (os, e2) = codegen::module_ref(model, "os");
    let (portalocker, e3) = codegen::module_ref(model, "portalocker");
    edits.extend([e1, e2, e3].into_iter().flatten());
    let code = format!(
        r#"@{contextlib}.contextmanager
def {HELPER}(filename, mode="wb", **lock_kwargs):
    """Lock `filename + ".lock"`, write a temporary file, move it over `filename`.

    Added by sqlfix (SQF401). `portalocker.Lock(filename, "wb")` truncated the file
    itself once locked, so a reader that does not take the lock saw it empty; here
    the lock is on a file of its own and the data is renamed into place whole.
    """
    with {portalocker}.Lock({os}.fspath(filename) + ".lock", mode="a", **lock_kwargs):
        with {opener}(filename, mode) as f:
            yield f"#
    );
    edits.extend(codegen::helper(model, HELPER, &code));
    edits
}

/// The note of a lock-helper write the fix does not rewrite.
pub(super) const NOTE: &str = "lock a separate lock file (`portalocker.Lock(path + \".lock\")`), write the state to a temporary file beside `path`, flush and `os.fsync` it, then `os.replace(tmp, path)` under that lock";
