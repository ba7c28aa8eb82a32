//! State written through an async file library other than aiofiles: anyio's and
//! trio's `async with await open_file(path, "w") as f: await f.write(...)`, and
//! their async paths' `await anyio.Path(p).write_text(json.dumps(state))`. The
//! same truncation at open as the built-in `open`: a kill, a crash or a
//! cancelled task between it and the last write leaves a short or empty file.
//!
//! The fix keeps the library: `_atomic_anyio_open` (or `_atomic_trio_open`)
//! opens a uniquely named temporary file beside the target through the same
//! `open_file`, and on success flushes it, fsyncs it and renames it over the
//! target in the library's worker thread (`to_thread.run_sync`), so the
//! coroutine never blocks its loop. An awaited `write_text` of an async path
//! hands the atomic write to that worker thread instead
//! (`await anyio.to_thread.run_sync(functools.partial(_atomic_write_text, p,
//! "w", data))`): the call stays awaitable.

use ruff_python_ast::Expr;
use ruff_text_size::Ranged;

use super::{NonAtomicJsonWrite, config_files};
use crate::codemods::Codemod;
use crate::finding::Finding;
use crate::fix::{Edit, Fix, codegen};
use crate::semantic::model::{AssignKind, Call, Model};
use crate::semantic::scopes::FuncId;

/// The helper the fix defines for `lib`.
pub(super) fn helper_name(lib: &str) -> String {
    format!("_atomic_{lib}_open")
}

/// `async with await anyio.open_file(p, "w") as f:` (or trio's) dumping state:
/// the awaited opener becomes the library's atomic helper, an async context
/// manager with the same arguments and the same file object.
pub(super) fn open_finding(
    codemod: &NonAtomicJsonWrite,
    model: &Model<'_>,
    call: &Call<'_>,
    lib: &'static str,
    config: Option<&str>,
) -> Finding {
    let opener = format!("{lib}.open_file(..., \"w\")");
    let message = match config {
        Some(format) => config_files::message(format, &opener),
        None => format!(
            "Checkpoint JSON written in place with `{opener}`: a crash or a cancelled task mid-write leaves a truncated file"
        ),
    };
    let name = helper_name(lib);
    // The `await` around the opener goes: the helper is entered directly.
    let awaited = match call.parent {
        Some(Expr::Await(a)) => a.range(),
        _ => call.range(),
    };
    let args = &call.expr.arguments;
    let inner = model.slice(ruff_text_size::TextRange::new(
        args.start() + ruff_text_size::TextSize::new(1),
        args.end() - ruff_text_size::TextSize::new(1),
    ));
    let mut edits = vec![Edit::replace(awaited, format!("{name}({})", inner.trim()))];
    edits.extend(helper_edits(model, lib));
    Finding::new(codemod.meta(), call.range(), message).with_fix(Fix::safe(
        format!("Write through `{name}` (temp file, fsync, os.replace; still async)"),
        edits,
    ))
}

/// The definition of the library's atomic opener, added once per module.
fn helper_edits(model: &Model<'_>, lib: &str) -> Vec<Edit> {
    let name = helper_name(lib);
    let (contextlib, e1) = codegen::module_ref(model, "contextlib");
    let (os, e2) = codegen::module_ref(model, "os");
    let (uuid, e3) = codegen::module_ref(model, "uuid");
    let (library, e4) = codegen::module_ref(model, lib);
    let mut edits: Vec<Edit> = [e1, e2, e3, e4].into_iter().flatten().collect();
    let code = format!(
        r#"@{contextlib}.asynccontextmanager
async def {name}(path, mode="w", *args, **kwargs):
    """`{lib}.open_file` into a temporary file beside `path`; on success, move it over `path`.
    Added by sqlfix (SQF401). The data is written through {lib} to a uniquely named
    file in the same directory, flushed and fsynced, then renamed over `path` with
    os.replace, which is atomic: a crash or a cancelled task leaves the old file or
    the new one, never a truncated one. The fsync and the rename run in {lib}'s
    worker thread.
    """
    path = {os}.path.realpath({os}.fspath(path))
    directory = {os}.path.dirname(path)
    tmp = {os}.path.join(directory, f".{{{os}.path.basename(path)}}.{{{uuid}.uuid4().hex}}.tmp")
    try:
        async with await {library}.open_file(tmp, mode, *args, **kwargs) as f:
            yield f
            await f.flush()
            await {library}.to_thread.run_sync({os}.fsync, f.wrapped.fileno())
        if {os}.path.exists(path):
            {os}.chmod(tmp, {os}.stat(path).st_mode & 0o7777)
        await {library}.to_thread.run_sync({os}.replace, tmp, path)
    except BaseException:
        with {contextlib}.suppress(FileNotFoundError):
            {os}.unlink(tmp)
        raise"#
    );
    edits.extend(codegen::helper(model, &name, &code));
    edits
}

/// The library of an async path (`anyio.Path(p)`, `trio.Path(p)`, or a name
/// bound to one): its `write_text` is a coroutine.
pub(super) fn async_path_lib(
    model: &Model<'_>,
    expr: &Expr,
    scope: Option<FuncId>,
    depth: usize,
) -> Option<&'static str> {
    if depth > 4 {
        return None;
    }
    match expr {
        Expr::Call(c) => match model.resolve(&c.func, scope).as_deref() {
            Some("anyio.Path") => Some("anyio"),
            Some("trio.Path") => Some("trio"),
            _ => match &*c.func {
                // `anyio.Path(a).with_suffix(".json")` stays an async path.
                Expr::Attribute(a) if matches!(a.attr.as_str(), "with_suffix" | "with_name") => {
                    async_path_lib(model, &a.value, scope, depth + 1)
                }
                _ => None,
            },
        },
        Expr::BinOp(bin) => async_path_lib(model, &bin.left, scope, depth + 1),
        Expr::Name(name) => {
            let a = model.last_assignment(scope, name.id.as_str(), name.start())?;
            (a.kind == AssignKind::Assign)
                .then(|| async_path_lib(model, a.value, a.scope, depth + 1))?
        }
        _ => None,
    }
}

/// The fix of an awaited `write_text`/`write_bytes` on an async path of `lib`:
/// the call becomes `lib.to_thread.run_sync(functools.partial(_atomic_write_text,
/// receiver, mode, args...))`, still awaited where it was.
pub(super) fn awaited_write_edits(
    model: &Model<'_>,
    call: &Call<'_>,
    lib: &str,
    receiver_text: &str,
    mode: &str,
    inner: &str,
) -> Vec<Edit> {
    let (functools, e1) = codegen::module_ref(model, "functools");
    let (library, e2) = codegen::module_ref(model, lib);
    let mut edits = vec![Edit::replace(
        call.range(),
        format!(
            "{library}.to_thread.run_sync({functools}.partial({}, {receiver_text}, {mode}, {inner}))",
            super::WRITE_TEXT_HELPER
        ),
    )];
    edits.extend([e1, e2].into_iter().flatten());
    edits
}
