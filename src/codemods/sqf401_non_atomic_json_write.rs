//! SQF401 non-atomic-json-write: a checkpoint JSON written in place.
//!
//! Matches `with open(p, "w") as f:` (also `Path.open("w")` and
//! `async with aiofiles.open(p, "w") as f:`) whose body dumps JSON into `f`
//! (`json.dump(obj, f)`, `f.write(json.dumps(obj))`, `await f.write(...)`), and
//! `Path.write_text(json.dumps(obj))`, also handed to a worker thread as a bound
//! method with its data (`await loop.run_in_executor(None, path.write_text,
//! data)`, `asyncio.to_thread(path.write_text, data)`, an `*executor_job(fn,
//! *args)` helper); pydantic's `model.model_dump_json()` and
//! `TypeAdapter(...).dump_json(obj)` count as `json.dumps`. Binary state the
//! program loads back is the same hazard (`binary_state.rs`): `pickle.dump(obj,
//! f)`, `marshal`, `np.save`, `torch.save` into a `"wb"` file, or
//! `f.write(zlib.compress(pickle.dumps(obj)))`, and `write_bytes` of such bytes;
//! the fix is the same, with `"wb"`. A write to a temporary name that the same
//! function then moves into place with `os.replace`/`os.rename` is already atomic
//! and left to SQF404, which checks the temporary name.
//!
//! State files, not only JSON: pickles (also base64-encoded by a project
//! function, as a session store does), marshal, numpy, torch, compressed
//! dumps, YAML/TOML/INI settings, one-number and line-per-record files.
//! Opened by `open`/`Path.open`/`write_text`/`write_bytes`, aiofiles, anyio,
//! trio, the codecs/gzip/bz2/lzma openers, a handle bound and then used in
//! `with f:` or closed by hand with no `with` (`f = open(p, "wb")`, then
//! `f.write(...)` and `f.close()` in a `finally`: with_bound_handle.rs), or
//! a file-lock helper that opens the file it locks in a truncating mode
//! (`portalocker.Lock(p, mode="wb")`: lock_openers.rs).
//!
//! An opener handed straight to the dump, with no `with` (`json.dump(obj,
//! open(p, "wt"))`, `pickle.dump(obj, cache_file.open("wb"))`:
//! inline_opens.rs) is the same write, reported without a fix. A pickle reader
//! survives a torn file only if it also catches `EOFError`: a just-truncated
//! file is empty, and an empty pickle raises that, not `UnpicklingError`
//! (file_readers, F-empty-pickle).
//!
//! A checkpoint is a file the program reads back to carry on, so the decision
//! is the reader's (semantic::file_readers, matched by semantic::path_idents:
//! the same file name, constant, attribute or configuration key). Not
//! reported: a file nothing in the project opens for reading (a final report,
//! an export, a `--trace` or `--output` path), and a file whose every reader
//! treats undecodable JSON as a miss and returns nothing (a cache lookup whose
//! caller fetches again, a poll of a status file). Still reported: a reader
//! that goes on with an empty or default state (a resume that starts over
//! loses the run's progress), a listing that skips the unreadable file (that
//! item is gone), and any write whose path does not say which file it is (a
//! parameter filled elsewhere). A cache (the path has the word `cache` in a
//! folder, symbol or file name) whose reader survives a torn file fetches what
//! it held again: taken for a miss (file_readers::names_a_cache). A key
//! formatted into a spelled name (`"x_%s.json" % key`, `.format(key)`) does not
//! hide which file it is (path_idents), and a reader that spells no file name
//! counts only if it parses JSON. Nor reported in a packaging script
//! (`setup.py`, entry_points::is_packaging_script): a build step.
//!
//! A generic writer (`def write_file(path, text): open(path, "w").write(text)`)
//! is reported at its `open` when callers anywhere in the project pass it
//! `json.dumps(...)` for a file the project reads back; it is fixed there only
//! when every call of that name is such a call (a helper that also writes logs
//! or exports keeps its behaviour for them: the finding says which callers).
//!
//! A helper that writes the file its parameter names (`def save_json(path,
//! obj)`) writes a checkpoint only for the callers whose file is read back:
//! when every call of it in the project is known and each passes a file that
//! nothing reads back (or a file named anew per run that no reader stops at),
//! the helper writes reports and exports (`helper_callers.rs`).
//!
//! Also not reported: a file a standalone script derives from its sources and
//! never loads again (`regenerated.rs`): running the script again rebuilds it.
//!
//! Also not reported: a file created with a literal default when it is missing
//! (`if not os.path.exists(p):` then `json.dump({}, f)`: a bundled resource or
//! a settings file seeded at import; semantic::created_when_missing). The file
//! did not exist, so a torn write loses nothing anyone had. Its later writes,
//! if the program makes any, are reported where they are. The same for any
//! value written in the `except FileNotFoundError:` of a read of the same
//! file (a configuration saved for the first time): the write creates the
//! file the read just missed.
//!
//! Also not reported: a file named anew on every run (a timestamp or a UUID in
//! its name, directly or through the names it is built from) that no reader
//! stops at when it is torn (each skips it or takes it for a miss). Such a
//! writer never overwrites a good file: a crash tears only the output being
//! written, which the crash lost anyway, and is not a checkpoint to resume from.
//!
//! Also not reported: a file the function writes only after reading it gave
//! nothing (it returns what it read when that works), with a value bound after
//! the read gave up: a token fetched anew, a session got by logging in again
//! (semantic::refetched). A torn file costs what a missing one does. And a
//! file whose reader deletes it when it cannot parse it (`except
//! json.JSONDecodeError: os.remove(p)`) is read as a miss (file_readers).
//!
//! Also not reported: a file written into a folder the same function has just
//! created, new for this call (`fresh_folder.rs`): no reader knows it yet.
//!
//! Also not reported: a file of credentials (a token, cookies, a login's
//! account: `credentials.rs`), which the next run gets again by logging in;
//! unless the file is rewritten on every refresh of the token, which a
//! long-running client or a scheduled run does routinely.
//!
//! Also not reported: a writer whose every call passes a file the person
//! running the command names with an option the module never reads a file
//! through (`--output`): an export made on request (`command_outputs.rs`).
//!
//! Also not reported: a maintainer's script that writes its file once per run
//! (`maintainer_scripts.rs`: a script folder, a one-job program named as a
//! release or build step, or reading options behind a `__main__` guard),
//! unless the application rewrites the same file while it runs; a write of an
//! empty object or list (`empty_reset.rs`); the new copy of an old file the
//! function then removes or renames aside (`conversions.rs`); and a write in a
//! function no path from an entry point reaches (semantic::dead_functions
//! `unreached_function_at`).
//!
//! Also not reported: an interactive setup's one save of the answers a person
//! just typed (`interactive.rs`: a prompt before the write, no loop around it,
//! nothing loaded first): running the wizard again writes the whole file anew.
//!
//! Also reported, the same window in other text state: a one-value status
//! file (`path.write_text(str(serial))`, `f.write("%d" % pos)`) that a reader
//! parses back with `int(...)` to resume (`number_files.rs`), and a
//! line-per-record store (users, channels, ignores) rewritten with
//! `open(path, "w")` or Python 2's `file(path, "w")` and read back line by
//! line (`line_stores.rs`, reported without a fix). Settings handed an inline
//! opener (`parser.write(open(path, "w"))`) are reported as `json.dump(obj,
//! open(path, "w"))` is (inline_opens.rs).
//!
//! Also reported: a handle made from a descriptor (`os.fdopen(os.open(p,
//! os.O_WRONLY | os.O_CREAT, 0o600), "w")`) cut by `O_TRUNC` or by its own
//! `truncate()` before the state is written (descriptor_opens.rs, advice only);
//! and JSON text that a project function returns (`f.write(self.to_json())`,
//! `p.write_text(json_stringify(data))`: json_returns.rs).
//!
//! Also not reported: the in-place write in the `except` of a `try` that
//! writes a temporary file and `os.replace`s it over the same target
//! (atomic_fallback.rs): it runs only when the atomic path cannot.
//!
//! Also not reported: a write a deployed program never makes
//! (never_deployed.rs): in `if 0:` or a debug-only branch, or in a module of
//! an `obsolete`, examples or `migrations` folder.
//!
//! Also not reported, files nobody tears from a state someone had: a file
//! written only while it is missing, whatever the value, and by no other write
//! of the project (created_once.rs: a key pair made at first start, the `else`
//! of `if p.exists():`, the code after `if p.exists(): return`); a scratch file
//! its function removes once written (probe_files.rs: a write-access probe);
//! an item's side file named after it (`<capture>.gps.json`) written once
//! (side_files.rs); and the writes of a module that bundles the application
//! (cx_Freeze, PyInstaller: maintainer_scripts.rs) or of a one-job program with
//! a hyphenated file name no `import` can spell. Reported, without a fix: a
//! file created with `open(p, "x")` and read in the `except FileExistsError:`
//! of that create (exclusive_creates.rs): the loser of the race reads it while
//! the winner is still dumping it (F-exclusive-create-read).
//!
//! Files a desktop application writes only when the person saves an edit in
//! its window (a phrase, an account, the editor's preferences: a handler of a
//! button, a menu action or a dialog's OK, in a module that starts no thread
//! or timer): the policy is to keep reporting them, because the file is the
//! only copy of what was saved, at low confidence and with a note, because
//! nothing else reads it during the save and the loss needs a crash in that
//! moment (window_saves.rs). A web server's settings page is not this: its
//! request threads, scheduled runs or the daemon it restarts read the file.
//!
//! A move of the file to a backup before the dump (`os.rename(p, p +
//! ".bkp")`, then `open(p, "w")`) does not make the write atomic: readers find
//! no file, then a cut one (F-backup-then-write); renaming the backup back
//! when a check fails is a restore, not a conversion (conversions.rs), and a
//! string's `path.replace(".json", ".bkp")` moves nothing.
//!
//! Also not reported: a writer whose path is a parameter and every call of
//! which in the project hands it a temporary name that the caller then
//! renames over the real file (a base class's `save()` calling each
//! format's `_save(tmp)` inside a replacing context manager:
//! semantic::temp_handoffs); and state written only as the program shuts
//! down (a `shutdown()` method, an `atexit` hook) whose every reader carries
//! on when it is torn (shutdown_saves.rs). A subclass's hook that writes the
//! path its base class chose (a disk cache's `dump(value, fn)` called by
//! `__setitem__`) is reported at the hook, with a note naming the base
//! class's callers (hook_callers.rs).
//!
//! The fix swaps `open` for `_atomic_open`, a context manager defined once per
//! module: same arguments, same file object, but the data goes to a unique
//! temporary file that is fsynced and renamed over the target on success. An
//! `aiofiles.open` becomes `_atomic_aio_open`, the same as an async context
//! manager: the writes stay aiofiles', the fsync and the rename run in
//! `asyncio.to_thread`, so the coroutine still never blocks the loop.
//!
//! With `json-atomic-helper = "pkg.module.function"` in the configuration, the fix
//! imports and calls that project helper instead of defining `_atomic_open`. It
//! must have `_atomic_open`'s contract: a context manager called as
//! `function(path, mode="w", **open_kwargs)` that yields a writable file object
//! and atomically replaces `path` when the block succeeds.

use rustc_hash::FxHashMap as HashMap;

use ruff_python_ast::{self as ast, Expr, Stmt};
use ruff_text_size::{Ranged, TextRange};

use super::{Codemod, Context};
use crate::finding::Finding;
use crate::fix::{Edit, Fix, codegen};
use crate::semantic::file_readers::{JsonPass, ReadBack, Readers};
use crate::semantic::model::{AssignKind, Call, Callee, Model, Target};
use crate::semantic::project::ProjectIndex;
use crate::semantic::temp_handoffs::unwrapped_path;
use crate::semantic::{
    in_place_stores, path_idents, per_run_names, restart_after, stream_openers, temporary, visit,
};
use with_bound_handle::Bound;

mod async_files;
mod atomic_fallback;
mod binary_state;
mod command_outputs;
mod config_files;
mod conversions;
mod created_once;
mod credentials;
mod descriptor_opens;
mod downloads;
mod empty_reset;
mod exclusive_creates;
mod fresh_folder;
mod helper_callers;
mod hook_callers;
mod inline_opens;
mod interactive;
mod json_returns;
mod line_stores;
mod lock_openers;
mod maintainer_scripts;
mod never_deployed;
mod number_files;
mod plugin_dumps;
mod probe_files;
mod regenerated;
mod save_dialogs;
mod shutdown_saves;
mod side_files;
mod test_code;
mod window_saves;
mod with_bound_handle;

pub struct NonAtomicJsonWrite;

pub const OPEN_HELPER: &str = "_atomic_open";
pub const WRITE_TEXT_HELPER: &str = "_atomic_write_text";
pub const AIO_OPEN_HELPER: &str = "_atomic_aio_open";

/// Said of a write the function follows with a reboot (restart_after).
const RESTART_NOTE: &str = "the function restarts the machine right after this write: the file comes back from the reboot empty or short unless it was written to a temporary name, fsynced and renamed over";

const JSON_MODULES: &[&str] = &["json", "simplejson", "ujson", "orjson", "rapidjson"];

impl Codemod for NonAtomicJsonWrite {
    crate::codemod_meta!("SQF401-non-atomic-json-write");

    fn check(&self, ctx: &Context<'_, '_>, out: &mut Vec<Finding>) {
        // Tests write fixtures nobody reads concurrently (semantic::paths).
        if ctx.in_test_module() {
            return;
        }
        // A build step: its output is rebuilt by building again (entry_points).
        if crate::semantic::entry_points::is_packaging_script(ctx.model)
            || maintainer_scripts::bundle_build_script(ctx.model)
        {
            return;
        }
        let model = ctx.model;
        // Test support and developer scripts (test_code.rs): rerun, not resumed.
        if test_code::test_or_dev_module(model) {
            return;
        }
        for call in &model.calls {
            let Some(finding) = with_open(self, ctx, call)
                .or_else(|| write_text(self, ctx, call))
                .or_else(|| executor_write_text(self, ctx, call))
                .or_else(|| write_helper(self, ctx, call))
                .or_else(|| urlretrieve(self, ctx, call))
                .or_else(|| inline_dump(self, ctx, call))
                .or_else(|| descriptor_open(self, ctx, call))
                .or_else(|| line_store(self, ctx, call))
                .or_else(|| library_store(self, ctx, call))
            else {
                continue;
            };
            // Asked only of the writes: the reachability and library questions
            // walk the project, and a module makes thousands of calls.
            // A one-shot command's crash fails the command in front of its user;
            // unless the command restarts the machine next (restart_after).
            let restarts = restart_after::machine_restarted_after(model, call);
            if !restarts
                && crate::semantic::entry_points::runs_once(model, call.scope, call.expr.start())
            {
                continue;
            }
            let finding = if restarts {
                finding.with_more_note(RESTART_NOTE)
            } else {
                finding
            };
            // A test function outside the test folders (test_code.rs).
            if test_code::in_test_function(model, call) {
                continue;
            }
            // A switched-off or debug-only branch, an obsolete, example or
            // migration module (never_deployed.rs).
            if never_deployed::never_deployed(model, call) {
                continue;
            }
            // A writer no path from an entry point calls (a JSON config
            // writer left behind when the live config became YAML): its
            // writes never happen (semantic::dead_functions).
            if ctx.never_reached(call.scope, call.expr.start()) {
                continue;
            }
            // A subclass's hook writing the path its base class chose
            // (hook_callers.rs): name the base class's callers.
            let finding = match written_path(call).and_then(|t| hook_callers::note(model, call, t))
            {
                Some(more) => finding.with_more_note(more),
                None => finding,
            };
            // A desktop window's save of the person's edit (window_saves.rs):
            // the only copy, but no second party; kept, at low confidence.
            let finding = if window_saves::saved_from_window(ctx, call) {
                finding
                    .with_confidence(crate::finding::Confidence::Low)
                    .with_more_note(window_saves::NOTE)
            } else {
                finding
            };
            out.push(finding);
        }
    }
}

/// The path a write call names: `open(p, ...)`'s first argument, the
/// receiver of `p.open(...)` / `p.write_text(...)`.
fn written_path<'a>(call: &Call<'a>) -> Option<&'a Expr> {
    match call.qualified() {
        Some("builtins.open" | "io.open" | "aiofiles.open") => call.argument(0, "file"),
        Some(_) => None,
        None => match &*call.expr.func {
            Expr::Attribute(a)
                if matches!(a.attr.as_str(), "open" | "write_text" | "write_bytes") =>
            {
                Some(&a.value)
            }
            _ => None,
        },
    }
}

/// A file in a temporary folder that only this code knows: `tempfile` made its
/// path, or the path is relative and the function has changed into such a folder
/// (`os.chdir(tmp.name)` then `open("metadata.json", "w")`, as datasette's
/// `publish` commands build a deployment folder on the corpus).
fn in_temporary_place(model: &Model<'_>, call: &Call<'_>, target: &Expr) -> bool {
    let at = call.range().start();
    if temporary::is_temporary_path(model, target, call.scope, at) {
        return true;
    }
    let relative = matches!(target, Expr::StringLiteral(s) if !s.value.to_str().starts_with('/'));
    relative
        && model.calls_in(call.scope).any(|c| {
            c.range().start() < at
                && c.qualified() == Some("os.chdir")
                && c.argument(0, "path").is_some_and(|dir| {
                    temporary::is_temporary_path(model, dir, c.scope, c.range().start())
                })
        })
}

/// A checkpoint is a file the program reads back to resume; an export or a
/// report is written for someone else. No reader of the project opens the
/// target's file, or every reader takes a torn file for a miss: not a
/// checkpoint. Failing that, when the target spells its file name
/// (`out / f"{key}_files.json"`) and the project spells that name nowhere else,
/// no code of the project can open it again either. A target that says
/// nothing about which file it is (a parameter) may be anything, and stays.
fn never_read_back(ctx: &Context<'_, '_>, call: &Call<'_>, target: &Expr) -> bool {
    let ident = path_idents::of_expr(ctx.model, target, call.scope);
    if matches!(
        ctx.project.index.memo(project_readers).read_back(&ident),
        Some(ReadBack::Never | ReadBack::OnlyTolerant)
    ) {
        return true;
    }
    let Some(graph) = ctx.project.index.import_graph() else {
        return false;
    };
    let names = crate::semantic::import_graph::json_file_names(ctx.model.slice(target.range()));
    !names.is_empty() && names.iter().all(|n| !graph.json_name_spelled_again(n))
}

/// A reader of the target's file parses it as a number and carries on with it
/// (number_files.rs): the evidence that a written `str(n)` is a position.
fn number_read_back(ctx: &Context<'_, '_>, call: &Call<'_>, target: &Expr) -> bool {
    let ident = path_idents::of_expr(ctx.model, target, call.scope);
    ctx.project
        .index
        .memo(project_readers)
        .number_read_back(&ident)
}

/// Every file read of the project, by the file it reads: built once per run
/// (`ProjectIndex::memo`) for each question about who reads a written file back.
fn project_readers(index: &ProjectIndex) -> Readers {
    Readers::of_module_reads(
        index
            .modules
            .iter()
            .enumerate()
            .flat_map(|(i, m)| m.facts.file_reads.iter().map(move |read| (Some(i), read))),
    )
}

/// A file named anew on every run, that no reader of the project stops at
/// when it is torn: never a good file overwritten, never a state to resume.
fn new_file_per_run(ctx: &Context<'_, '_>, call: &Call<'_>, target: &Expr) -> bool {
    if !per_run_names::named_per_run(ctx.model, target, call.scope, 2) {
        return false;
    }
    let ident = path_idents::of_expr(ctx.model, target, call.scope);
    ctx.project.index.memo(project_readers).none_stops(&ident)
}

/// The `with` statement whose item is `call`, and the name the item binds
/// (`with open(p, "w") as f:` → `f`).
fn with_handle<'a>(call: &Call<'a>) -> Option<(&'a ast::StmtWith, &'a ast::ExprName)> {
    let Stmt::With(with) = call.stmt else {
        return None;
    };
    // `async with await anyio.open_file(p, "w") as f:` awaits the opener first.
    let item = with.items.iter().find(|i| match &i.context_expr {
        Expr::Await(awaited) => awaited.value.range() == call.range(),
        other => other.range() == call.range(),
    })?;
    let Some(Expr::Name(handle)) = item.optional_vars.as_deref() else {
        return None;
    };
    Some((with, handle))
}

/// `with open(p, "w") as f:` dumping JSON into `f`.
fn with_open(
    codemod: &NonAtomicJsonWrite,
    ctx: &Context<'_, '_>,
    call: &Call<'_>,
) -> Option<Finding> {
    let model = ctx.model;
    let opener = opener_of(model, call)?;
    // Only the awaited opener of anyio and trio is the with item itself.
    if call.parent.is_some() && !(matches!(opener, Opener::AsyncLib(_)) && call.is_awaited()) {
        return None;
    }
    // `f = open(p, "w")` (in one branch of an if/else or a try) and later
    // `with f:` (with_bound_handle.rs): the same write, reported without a fix.
    // `f = open(p, "wb")` closed by hand with no `with` (a `try/finally:
    // f.close()`): the dump is anywhere in the rest of the function.
    let (body, handle, bound) = match with_handle(call) {
        Some((with, handle)) => (&with.body[..], handle.id.as_str(), Bound::No),
        None => match with_bound_handle::later_with(model, call) {
            Some((with, handle)) => (&with.body[..], handle, Bound::LaterWith),
            None => {
                let (body, handle) = with_bound_handle::closed_by_hand(model, call)?;
                (body, handle, Bound::ByHand)
            }
        },
    };
    let mode_expr = match &opener {
        Opener::Builtin
        | Opener::Aiofiles
        | Opener::AsyncLib(_)
        | Opener::Wrapped(_)
        | Opener::LockHelper(_) => call.argument(1, "mode"),
        Opener::PathMethod(_) => call.argument(0, "mode"),
    }?;
    let Expr::StringLiteral(mode) = mode_expr else {
        return None;
    };
    let mode = mode.value.to_str();
    // `"x"`: created, not rewritten; reported only when the loser of the
    // create race reads it (exclusive_creates.rs).
    let exclusive = mode.contains('x');
    if !mode.contains('w') && !exclusive {
        return None;
    }
    // `"w+"`, `"w+b"`: truncated at open like `"w"`; the handle may also be read
    // back inside the block, which the write-only temporary file could not serve.
    let read_write = mode.contains('+');
    // JSON text, or binary state (a pickle, a numpy array) in a `"wb"` file,
    // or a download copied in chunks (downloads.rs).
    let mut download = false;
    // Settings in YAML, TOML or INI that the program loads back (config_files.rs).
    let mut config = None;
    // One value's text, resumed from with `int(...)` (number_files.rs).
    let mut number = false;
    let binary = if dumps_json_into(model, body, handle, call.scope) {
        None
    } else if let Some(format) = config_files::dumped_into(model, body, handle, call.scope) {
        config = Some(format);
        None
    } else if let Some(format) = plugin_dumps::dumped_into(
        model,
        &ctx.project.index.memo(plugin_dumps::Dumpers::of),
        body,
        handle,
        call.scope,
    ) {
        // Through a project plug-in's `dump(data, stream)` (plugin_dumps.rs).
        config = (format != "JSON").then_some(format);
        None
    } else if !mode.contains('b')
        && number_files::written_into(model, body, handle, call.scope)
        && number_files::written_each_step(model, call)
    {
        number = true;
        None
    } else if mode.contains('b') {
        match binary_state::dumped_into(model, body, handle, call.scope) {
            Some(format) => Some(format),
            // A handle closed by hand is matched for dumped state only: a
            // chunked copy through one is a media download to the user's
            // folder more often than state (with_bound_handle.rs).
            None if bound != Bound::ByHand
                && downloads::written_in_chunks(model, call, body, handle) =>
            {
                download = true;
                Some("download")
            }
            None => return None,
        }
    } else {
        return None;
    };
    let target = match &opener {
        Opener::Builtin | Opener::Aiofiles | Opener::AsyncLib(_) => call.argument(0, "file")?,
        Opener::PathMethod(receiver) => receiver,
        Opener::Wrapped(_) => stream_openers::path(call)?,
        Opener::LockHelper(_) => lock_openers::path(call)?,
    };
    if exclusive {
        return exclusive_creates::loser_reads(model, call, target)
            .then(|| Finding::new(codemod.meta(), call.range(), exclusive_creates::MESSAGE));
    }
    // A download is state whether or not anything parses it: the program's
    // existence check is what reads it back.
    if download {
        // A build script's download (an embeddable interpreter fetched into
        // the build folder) is rerun by the maintainer, like its outputs.
        if is_renamed_into_place(model, call, target)
            || in_temporary_place(model, call, target)
            || !downloads::skipped_when_present(model, call, target)
            || maintainer_scripts::writes_once(ctx, call, target)
        {
            return None;
        }
    } else if (!restart_after::machine_restarted_after(model, call)
        && not_a_checkpoint_write(ctx, call, target))
        || (number && !number_read_back(ctx, call, target))
        || (number && written_once(ctx.model, call, target))
    {
        return None;
    }
    if read_write {
        return Some(read_write_finding(codemod, call, mode, binary, config));
    }
    // A wrapped opener's handle encodes or compresses, and a handle bound
    // before its `with` is not the `with` item: `_atomic_open` fits neither,
    // so both are advice (with_bound_handle.rs).
    if bound != Bound::No || matches!(opener, Opener::Wrapped(_)) {
        let shown = match (&opener, call.qualified()) {
            (Opener::Wrapped(name), _) => name,
            (Opener::Aiofiles, _) => "aiofiles.open",
            (_, Some("io.open")) => "io.open",
            _ => "open",
        };
        let written = match (binary, config) {
            (Some(format), _) => with_bound_handle::Written::Binary(format),
            (None, Some(format)) => with_bound_handle::Written::Config(format),
            (None, None) if number => with_bound_handle::Written::Number,
            (None, None) => with_bound_handle::Written::Json,
        };
        return Some(with_bound_handle::finding(
            codemod, call, shown, mode, written, bound,
        ));
    }
    if let Opener::LockHelper(name) = opener {
        return Some(lock_helper_finding(codemod, ctx, call, name, mode, binary));
    }
    if matches!(opener, Opener::Aiofiles) {
        return Some(aiofiles_finding(codemod, ctx, call, config));
    }
    if let Opener::AsyncLib(lib) = opener {
        return Some(async_files::open_finding(codemod, model, call, lib, config));
    }
    let message = match binary {
        None if config.is_some() => {
            config_files::message(config.unwrap_or_default(), "open(..., \"w\")")
        }
        None if number => number_files::message("open(..., \"w\")"),
        None => "Checkpoint JSON written in place with `open(..., \"w\")`: a crash mid-write leaves a truncated file".to_string(),
        Some(_) if download => "Download written in place with `open(..., \"wb\")` chunk by chunk, under the name it is looked up by: a kill or a dropped connection mid-download leaves a truncated file that passes for the download and is never fetched again".to_string(),
        Some(format) => format!(
            "State file ({format}) written in place with `open(..., \"wb\")` and loaded back by the program: a crash or a full disk mid-write leaves a truncated file the next run cannot load"
        ),
    };
    let (opener_name, opener_edits) = atomic_opener(ctx);
    let mut edits = match &opener {
        Opener::Builtin
        | Opener::Aiofiles
        | Opener::AsyncLib(_)
        | Opener::Wrapped(_)
        | Opener::LockHelper(_) => {
            vec![Edit::replace(call.expr.func.range(), opener_name.clone())]
        }
        Opener::PathMethod(receiver) => {
            let args = &call.expr.arguments;
            let inner = model.slice(TextRange::new(
                args.start() + ruff_text_size::TextSize::new(1),
                args.end() - ruff_text_size::TextSize::new(1),
            ));
            let receiver_text = parenthesize_if_needed(model, receiver);
            vec![Edit::replace(
                call.range(),
                format!("{opener_name}({receiver_text}, {})", inner.trim()),
            )]
        }
    };
    edits.extend(opener_edits);
    Some(
        Finding::new(codemod.meta(), call.range(), message).with_fix(Fix::safe(
            format!("Write through `{opener_name}` (temp file, fsync, os.replace)"),
            edits,
        )),
    )
}

/// A lock helper's truncating open (lock_openers.rs): the state written in
/// place under a lock that only its takers respect. The fix (a lock file and
/// the atomic opener) only where nothing else edits the file under its lock.
fn lock_helper_finding(
    codemod: &NonAtomicJsonWrite,
    ctx: &Context<'_, '_>,
    call: &Call<'_>,
    name: &str,
    mode: &str,
    binary: Option<&str>,
) -> Finding {
    let what = match binary {
        Some(format) => format!("State file ({format})"),
        None => "Checkpoint JSON".to_string(),
    };
    let message = format!(
        "{what} written in place through `{name}(..., \"{mode}\")`: the helper truncates the file once it holds the lock, so a reader that does not take the lock (a plain `open`, another program) sees it empty or cut, and a crash mid-write leaves it so"
    );
    let finding = Finding::new(codemod.meta(), call.range(), message);
    if mode.contains('+') || !lock_openers::fixable(ctx.model, call) {
        return finding.with_note(lock_openers::NOTE);
    }
    let (opener_name, mut edits) = atomic_opener(ctx);
    edits.extend(lock_openers::fix_edits(ctx.model, call, &opener_name));
    finding
        .with_note("the fix locks `path + \".lock\"` instead of the data file: readers that lock the data file no longer wait for the writer (they read the old or the new file whole), and on Windows `os.replace` fails while such a reader has the file open")
        .with_fix(Fix::unsafe_(
            format!("Lock a lock file and write through `{}` (temp file, fsync, os.replace)", lock_openers::HELPER),
            edits,
        ))
}

/// The same in-place write through a read-write truncating mode (`"w+"`,
/// `"w+b"`): reported without a fix, since the atomic opener's temporary file is
/// write-only and the block may read its handle back.
fn read_write_finding(
    codemod: &NonAtomicJsonWrite,
    call: &Call<'_>,
    mode: &str,
    binary: Option<&str>,
    config: Option<&str>,
) -> Finding {
    let opened = format!("open(..., \"{mode}\")");
    let message = match (binary, config) {
        (None, Some(format)) => config_files::message(format, &opened),
        (None, None) => format!(
            "Checkpoint JSON written in place with `{opened}` (truncated at open, like \"w\"): a crash mid-write leaves a truncated file; write a temporary file beside it and `os.replace` it over the name"
        ),
        (Some(format), _) => format!(
            "State file ({format}) written in place with `{opened}` (truncated at open) and loaded back by the program: a crash or a full disk mid-write leaves a truncated file the next run cannot load; write a temporary file beside it and `os.replace` it over the name"
        ),
    };
    Finding::new(codemod.meta(), call.range(), message)
}

/// `json.dump(obj, open(p, "wt"))`, `pickle.dump(obj, p.open("wb"))`: the
/// opener handed straight to the dump (inline_opens.rs). Advice only.
fn inline_dump(
    codemod: &NonAtomicJsonWrite,
    ctx: &Context<'_, '_>,
    call: &Call<'_>,
) -> Option<Finding> {
    let dump = inline_opens::inline_dump(ctx.model, call)?;
    if not_a_checkpoint_write(ctx, call, dump.target) {
        return None;
    }
    Some(Finding::new(
        codemod.meta(),
        call.range(),
        inline_opens::message(&dump),
    ))
}

/// `os.fdopen(os.open(p, flags), "w")` cut by `O_TRUNC` or `truncate()`
/// before state is written into it (descriptor_opens.rs). Advice only.
fn descriptor_open(
    codemod: &NonAtomicJsonWrite,
    ctx: &Context<'_, '_>,
    call: &Call<'_>,
) -> Option<Finding> {
    let write = descriptor_opens::descriptor_write(ctx.model, call)?;
    if not_a_checkpoint_write(ctx, call, write.target) {
        return None;
    }
    Some(descriptor_opens::finding(codemod, call, &write))
}

/// A line-per-record store rewritten in place (line_stores.rs) whose file a
/// reader of the project takes back line by line. Reported without a fix.
fn line_store(
    codemod: &NonAtomicJsonWrite,
    ctx: &Context<'_, '_>,
    call: &Call<'_>,
) -> Option<Finding> {
    let target = line_stores::lines_written(ctx.model, call)?;
    let ident = path_idents::of_expr(ctx.model, target, call.scope);
    let writing = call
        .scope
        .map(|id| ctx.model.scopes.function(id).qualname.as_str());
    let lines_read_back = ctx.project.module.is_some_and(|module| {
        ctx.project
            .index
            .memo(project_readers)
            .lines_read_back(&ident, (module, writing), |m| {
                crate::semantic::paths::is_test_module(&ctx.project.index.modules[m].path)
            })
    });
    // A cache of lines (unpacked members, a listing) is rebuilt when it is
    // missing, and a torn one is read at most in the moment of its one write.
    if !lines_read_back
        || crate::semantic::file_readers::names_a_cache(&ident)
        || written_once(ctx.model, call, target)
        || not_a_checkpoint_write(ctx, call, target)
    {
        return None;
    }
    let opener = match call.qualified() {
        Some("builtins.file") => "file",
        Some("codecs.open") => "codecs.open",
        _ => "open",
    };
    Some(Finding::new(
        codemod.meta(),
        call.range(),
        line_stores::message(opener),
    ))
}

/// A text file (a marker, a note of one value, a list) written only when it
/// is missing (`if not os.path.exists(p):`): made once and never rewritten
/// here, so no good file is ever cut short by this write.
fn written_once(model: &Model<'_>, call: &Call<'_>, target: &Expr) -> bool {
    crate::semantic::created_when_missing::written_only_when_missing(model, call, target)
}

/// `urllib.request.urlretrieve(url, path)` of a file the module fetches only
/// when it does not exist (downloads.rs): the library writes the final name
/// in place. Reported without a fix: the call's result and its hooks would
/// have to move to a temporary name, a change to make by hand.
fn urlretrieve(
    codemod: &NonAtomicJsonWrite,
    ctx: &Context<'_, '_>,
    call: &Call<'_>,
) -> Option<Finding> {
    let model = ctx.model;
    let target = downloads::urlretrieve_target(call)?;
    if is_renamed_into_place(model, call, target)
        || in_temporary_place(model, call, target)
        || !downloads::skipped_when_present(model, call, target)
    {
        return None;
    }
    Some(
        Finding::new(
            codemod.meta(),
            call.range(),
            "Download written in place by `urlretrieve`, and fetched only when the file does not exist: a kill or a dropped connection mid-download leaves a truncated file that is never fetched again",
        )
        .with_note(
            "download to a temporary name beside the target (`urlretrieve(url, tmp)`), then `os.replace(tmp, path)`; or check the file's size or digest before using it",
        ),
    )
}

/// A library store that rewrites its one file in place on every write
/// (semantic::in_place_stores: TinyDB's JSON storage), written through by
/// this module. Advice only: the store's writes are inside the library.
fn library_store(
    codemod: &NonAtomicJsonWrite,
    ctx: &Context<'_, '_>,
    call: &Call<'_>,
) -> Option<Finding> {
    let library = in_place_stores::rewritten_in_place(ctx.model, call)?;
    Some(
        Finding::new(
            codemod.meta(),
            call.range(),
            format!("{library} store on a JSON file: every write rewrites the whole file in place (seek to the start, write, then truncate), so another process querying it meanwhile, or the next start after a crash mid-write, meets a cut or mixed document"),
        )
        .with_note(
            "take one file lock (`filelock.FileLock(path + \".lock\")`) around every open, read and write of the store, readers included; or give it a storage whose `write` dumps to a temporary file and `os.replace`s it over the path",
        ),
    )
}

/// Callers of generic writers: the JSON each project function is handed, and
/// how many calls each function name gets (file_readers::json_passes).
#[derive(Default)]
struct WriterCallers {
    by_function: HashMap<(usize, String), Vec<(usize, JsonPass)>>,
    by_name: HashMap<String, u32>,
}

impl WriterCallers {
    fn of(index: &ProjectIndex) -> WriterCallers {
        let mut out = WriterCallers::default();
        for (m, module) in index.modules.iter().enumerate() {
            for (name, n) in &module.facts.call_counts {
                *out.by_name.entry(name.clone()).or_default() += n;
            }
            for pass in &module.facts.json_passes {
                if let Some((target, f)) = index.resolve(m, &pass.callee) {
                    let qualname = index.modules[target].functions[f].qualname.clone();
                    out.by_function
                        .entry((target, qualname))
                        .or_default()
                        .push((m, pass.clone()));
                }
            }
        }
        out
    }
}

/// `def write_file(path, text): open(path, "w").write(text)` (or the same in a
/// `with` block), whose callers pass JSON for files the project reads back.
fn write_helper(
    codemod: &NonAtomicJsonWrite,
    ctx: &Context<'_, '_>,
    call: &Call<'_>,
) -> Option<Finding> {
    let model = ctx.model;
    if !matches!(call.qualified(), Some("builtins.open" | "io.open")) {
        return None;
    }
    let Some(Expr::StringLiteral(mode)) = call.argument(1, "mode") else {
        return None;
    };
    let mode = mode.value.to_str();
    if !mode.contains('w') || mode.contains('+') || mode.contains('b') {
        return None;
    }
    let scope = call.scope?;
    let function = model.scopes.function(scope);
    let Some(Expr::Name(path)) = call.argument(0, "file") else {
        return None;
    };
    let path_position = function
        .params
        .iter()
        .position(|p| *p == path.id.as_str())?;
    let (text, statement) = written_text(model, call)?;
    let text_position = function.params.iter().position(|p| p == text)?;
    if model.assigns_in(scope, path.id.as_str()) || model.assigns_in(scope, text) {
        return None;
    }
    let module = ctx.project.module?;
    let index = ctx.project.index;
    let callers = index.memo(WriterCallers::of);
    let passes = callers
        .by_function
        .get(&(module, function.qualname.clone()))?;
    let readers = index.memo(project_readers);
    let read_back: Vec<String> = passes
        .iter()
        .filter(|(_, pass)| pass.text == text_position)
        .filter(|(_, pass)| {
            pass.args.get(path_position).is_some_and(|ident| {
                !matches!(
                    readers.read_back(ident),
                    Some(ReadBack::Never | ReadBack::OnlyTolerant)
                )
            })
        })
        .map(|(m, pass)| {
            let file = index.modules[*m]
                .path
                .file_name()
                .map_or(String::new(), |f| f.to_string_lossy().into_owned());
            format!("{file}:{}", pass.line)
        })
        .collect();
    if read_back.is_empty() {
        return None;
    }
    let shown = read_back.len().min(3);
    let more = if read_back.len() > shown {
        format!(" and {} more", read_back.len() - shown)
    } else {
        String::new()
    };
    let message = format!(
        "`{}` writes the text it is given in place with `open(..., \"w\")`, and callers pass it checkpoint JSON the program reads back ({}{more}): a crash mid-write leaves a truncated file",
        function.name(),
        read_back[..shown].join(", ")
    );
    let finding = Finding::new(codemod.meta(), call.range(), message);
    let every_call = callers.by_name.get(function.name()).copied() == Some(read_back.len() as u32);
    if !every_call {
        return Some(finding.with_note(
            "other calls of this writer may write logs or exports; make the JSON callers write through an atomic helper (temp file, fsync, os.replace), or make this writer atomic if every caller can take it",
        ));
    }
    let (opener_name, mut edits) = atomic_opener(ctx);
    match statement {
        // `with open(path, "w") as f: f.write(text)`
        None => edits.push(Edit::replace(call.expr.func.range(), opener_name.clone())),
        // `open(path, "w").write(text)`: a statement of its own becomes a `with` block.
        Some(stmt) => {
            let indent = codegen::indentation_at(model.text, stmt.start());
            edits.push(Edit::replace(
                stmt.range(),
                format!(
                    "with {opener_name}({}) as _f:\n{indent}    _f.write({text})",
                    model
                        .slice(TextRange::new(
                            call.expr.arguments.start() + ruff_text_size::TextSize::new(1),
                            call.expr.arguments.end() - ruff_text_size::TextSize::new(1),
                        ))
                        .trim()
                ),
            ));
        }
    }
    Some(finding.with_fix(Fix::safe(
        format!("Write through `{opener_name}` (temp file, fsync, os.replace): every caller writes checkpoint JSON"),
        edits,
    )))
}

/// The parameter a writer writes into the file `call` opens: `open(p, "w").write(text)`
/// as a statement (returned with it), or `with open(p, "w") as f: f.write(text)`.
fn written_text<'a>(model: &Model<'a>, call: &Call<'a>) -> Option<(&'a str, Option<&'a Stmt>)> {
    if let Some(Expr::Attribute(write)) = call.parent {
        if write.attr.as_str() != "write" {
            return None;
        }
        let Stmt::Expr(statement) = call.stmt else {
            return None;
        };
        let Expr::Call(outer) = &*statement.value else {
            return None;
        };
        if outer.func.range() != write.range() {
            return None;
        }
        let [Expr::Name(text)] = &*outer.arguments.args else {
            return None;
        };
        return Some((text.id.as_str(), Some(call.stmt)));
    }
    let (with, handle) = with_handle(call)?;
    let [Stmt::Expr(only)] = &*with.body else {
        return None;
    };
    let Expr::Call(write) = &*only.value else {
        return None;
    };
    let Expr::Attribute(attr) = &*write.func else {
        return None;
    };
    if attr.attr.as_str() != "write" || !matches!(&*attr.value, Expr::Name(n) if n.id == handle.id)
    {
        return None;
    }
    let [Expr::Name(text)] = &*write.arguments.args else {
        return None;
    };
    let _ = model;
    Some((text.id.as_str(), None))
}

/// `path.write_text(json.dumps(obj), ...)`.
fn write_text(
    codemod: &NonAtomicJsonWrite,
    ctx: &Context<'_, '_>,
    call: &Call<'_>,
) -> Option<Finding> {
    let model = ctx.model;
    let Callee::Method { name, .. } = &call.callee else {
        return None;
    };
    if name != "write_text" && name != "write_bytes" {
        return None;
    }
    let data = call.argument(0, "data")?;
    let config = crate::semantic::config_formats::dumps_text(model, data, call.scope);
    let json = is_json_dumps(model, data, call.scope);
    // One value's text, resumed from with `int(...)` (number_files.rs).
    let number = name == "write_text"
        && !json
        && config.is_none()
        && number_files::is_number_text(model, data, call.scope)
        && number_files::written_each_step(model, call);
    let binary = if json || config.is_some() || number {
        None
    } else if name == "write_bytes" {
        Some(binary_state::dumps(model, data, call.scope, 0)?)
    } else {
        return None;
    };
    let Expr::Attribute(attr) = &*call.expr.func else {
        return None;
    };
    if not_a_checkpoint_write(ctx, call, &attr.value)
        || (number && !number_read_back(ctx, call, &attr.value))
        || (number && written_once(model, call, &attr.value))
    {
        return None;
    }
    let mode = if name == "write_bytes" {
        "\"wb\""
    } else {
        "\"w\""
    };
    let args = &call.expr.arguments;
    let inner = model.slice(TextRange::new(
        args.start() + ruff_text_size::TextSize::new(1),
        args.end() - ruff_text_size::TextSize::new(1),
    ));
    let receiver_text = parenthesize_if_needed(model, &attr.value);
    // An awaited `write_text` is an async path's (anyio, trio): the atomic
    // write goes to the library's worker thread and stays awaitable. Another
    // awaited receiver is no path this rule knows how to fix.
    let mut edits = if call.is_awaited() {
        let lib = async_files::async_path_lib(model, &attr.value, call.scope, 0)?;
        async_files::awaited_write_edits(model, call, lib, &receiver_text, mode, inner.trim())
    } else {
        vec![Edit::replace(
            call.range(),
            format!(
                "{WRITE_TEXT_HELPER}({receiver_text}, {mode}, {})",
                inner.trim()
            ),
        )]
    };
    let (opener_name, opener_edits) = atomic_opener(ctx);
    edits.extend(opener_edits);
    edits.extend(write_text_helper_edits(model, &opener_name));
    let message = match binary {
        None if config.is_some() => config_files::message(config.unwrap_or_default(), name),
        None if number => number_files::message(name),
        None => format!(
            "Checkpoint JSON written in place with `{name}`: a crash mid-write leaves a truncated file"
        ),
        Some(format) => format!(
            "State file ({format}) written in place with `{name}` and loaded back by the program: a crash or a full disk mid-write leaves a truncated file the next run cannot load"
        ),
    };
    Some(
        Finding::new(codemod.meta(), call.range(), message).with_fix(Fix::safe(
            format!("Write through `{WRITE_TEXT_HELPER}` (temp file, fsync, os.replace)"),
            edits,
        )),
    )
}

/// `path.write_text` handed to a worker thread with the JSON it writes:
/// `loop.run_in_executor(None, path.write_text, data)`,
/// `asyncio.to_thread(path.write_text, data)`, or a framework's
/// `*executor_job(path.write_text, data)`. The same in-place write as
/// [`write_text`], run on another thread; the fix hands the thread
/// `functools.partial(_atomic_write_text, path, "w")` instead.
fn executor_write_text(
    codemod: &NonAtomicJsonWrite,
    ctx: &Context<'_, '_>,
    call: &Call<'_>,
) -> Option<Finding> {
    let model = ctx.model;
    let args = &call.expr.arguments.args;
    let first = match (&call.callee, call.qualified()) {
        (_, Some("asyncio.to_thread")) => 0,
        (Callee::Method { name, .. }, _) if name == "run_in_executor" => 1,
        (Callee::Method { name, .. }, _) if name.ends_with("executor_job") => 0,
        _ => return None,
    };
    let (Some(Expr::Attribute(method)), Some(data)) = (args.get(first), args.get(first + 1)) else {
        return None;
    };
    let name = method.attr.as_str();
    if !matches!(name, "write_text" | "write_bytes")
        || args.len() != first + 2
        || !call.expr.arguments.keywords.is_empty()
        || !is_json_dumps(model, data, call.scope)
    {
        return None;
    }
    let target = &*method.value;
    if not_a_checkpoint_write(ctx, call, target) {
        return None;
    }
    let mode = if name == "write_bytes" {
        "\"wb\""
    } else {
        "\"w\""
    };
    let (functools, import) = codegen::module_ref(model, "functools");
    let receiver_text = parenthesize_if_needed(model, target);
    let mut edits = vec![Edit::replace(
        method.range(),
        format!("{functools}.partial({WRITE_TEXT_HELPER}, {receiver_text}, {mode})"),
    )];
    edits.extend(import);
    let (opener_name, opener_edits) = atomic_opener(ctx);
    edits.extend(opener_edits);
    edits.extend(write_text_helper_edits(model, &opener_name));
    let message = format!(
        "Checkpoint JSON written in place with `{name}` on a worker thread: a crash mid-write leaves a truncated file"
    );
    Some(
        Finding::new(codemod.meta(), method.range(), message).with_fix(Fix::safe(
            format!("Write through `{WRITE_TEXT_HELPER}` (temp file, fsync, os.replace)"),
            edits,
        )),
    )
}

enum Opener<'a> {
    Builtin,
    /// `aiofiles.open(path, mode)`, used as `async with`.
    Aiofiles,
    /// `await anyio.open_file(path, mode)` (or trio's), used as `async with`:
    /// the library's name.
    AsyncLib(&'static str),
    /// `receiver.open(mode, ...)` on a `pathlib.Path`.
    PathMethod(&'a Expr),
    /// `portalocker.Lock(path, mode="wb")`: a lock helper that opens the
    /// file it locks and truncates it once locked (lock_openers.rs).
    LockHelper(&'static str),
    /// `codecs.open`, `gzip.open`, `gzip.GzipFile`, bz2's and lzma's
    /// (semantic::stream_openers): the builtin `open` underneath, wrapped.
    Wrapped(&'static str),
}

fn opener_of<'a>(model: &Model<'a>, call: &Call<'a>) -> Option<Opener<'a>> {
    match call.qualified() {
        Some("builtins.open" | "io.open") => return Some(Opener::Builtin),
        Some("aiofiles.open" | "aiofiles.threadpool.open") => return Some(Opener::Aiofiles),
        Some("anyio.open_file") => return Some(Opener::AsyncLib("anyio")),
        Some("trio.open_file") => return Some(Opener::AsyncLib("trio")),
        Some(_) => {
            return lock_openers::opener(call)
                .map(Opener::LockHelper)
                .or_else(|| stream_openers::opener(call).map(Opener::Wrapped));
        }
        None => {}
    }
    let Expr::Attribute(attr) = &*call.expr.func else {
        return None;
    };
    (attr.attr.as_str() == "open"
        && (is_path(model, &attr.value, call.scope, 0) || only_a_mode(call)))
    .then_some(Opener::PathMethod(&attr.value))
}

/// `x.open("wb")`: one argument, a literal binary writing mode, and nothing
/// else. That is `Path.open`'s call (and its `zipfile.Path` look-alike),
/// whatever the source shows of `x`: a file system's or an archive's `open`
/// takes the name first (`fs.open(name, "wb")`). A text mode alone is not
/// enough: a storage bucket's handle opens `"w"` too (negative_open_on_non_path).
fn only_a_mode(call: &Call<'_>) -> bool {
    let args = &call.expr.arguments;
    let mode = match (&args.args[..], &args.keywords[..]) {
        ([mode], []) => mode,
        ([], [k]) if k.arg.as_ref().is_some_and(|a| a.as_str() == "mode") => &k.value,
        _ => return false,
    };
    matches!(mode, Expr::StringLiteral(s) if {
        let mode = s.value.to_str();
        mode.chars().all(|c| "wbx+".contains(c)) && mode.contains('w') && mode.contains('b')
    })
}

/// Whether an expression is a `pathlib.Path` as far as the source shows.
fn is_path(model: &Model<'_>, expr: &Expr, scope: Option<usize>, depth: usize) -> bool {
    if depth > 4 {
        return false;
    }
    match expr {
        Expr::Call(call) => {
            matches!(
                model.resolve(&call.func, scope).as_deref(),
                // `Path.home() / ".cache"`: the class's own constructors.
                Some(
                    "pathlib.Path"
                        | "pathlib.PurePath"
                        | "pathlib.PosixPath"
                        | "pathlib.Path.home"
                        | "pathlib.Path.cwd"
                )
            ) || matches!(&*call.func, Expr::Attribute(a) if matches!(a.attr.as_str(), "with_suffix" | "with_name" | "resolve" | "absolute") && is_path(model, &a.value, scope, depth + 1))
                || returns_path(model, &call.func, scope)
        }
        Expr::BinOp(bin) if bin.op == ast::Operator::Div => {
            is_path(model, &bin.left, scope, depth + 1)
        }
        Expr::Name(name) => {
            let assignments = model.assignments_of(scope, name.id.as_str());
            if let Some(a) = assignments.last() {
                return a.kind == AssignKind::Assign && is_path(model, a.value, a.scope, depth + 1);
            }
            // A parameter annotated `Path`.
            scope.is_some_and(|id| {
                let def = model.scopes.function(id).def;
                def.parameters.iter_non_variadic_params().any(|p| {
                    p.parameter.name.as_str() == name.id.as_str()
                        && p.parameter
                            .annotation
                            .as_deref()
                            .is_some_and(|a| model.slice(a.range()).contains("Path"))
                })
            })
        }
        Expr::Attribute(attr) => self_attribute_is_path(model, attr, scope, depth),
        // `given or Path("default.json")`: a path whichever side is taken.
        Expr::BoolOp(op) => op
            .values
            .iter()
            .all(|v| is_path(model, v, scope, depth + 1)),
        _ => false,
    }
}

/// A project helper that says it returns a path: `def _path_for(self, key) -> Path:`
/// called as `self._path_for(key)` or `path_for(key)`. The annotation is the
/// author's own statement of the type; nothing else about the helper is needed.
fn returns_path(model: &Model<'_>, func: &Expr, scope: Option<usize>) -> bool {
    json_returns::project_function(model, func, scope).is_some_and(|id| {
        model
            .scopes
            .function(id)
            .def
            .returns
            .as_deref()
            .is_some_and(|r| annotation_is_path(model, r))
    })
}

/// `Path`, `pathlib.Path`, `Path | None`, `Optional[Path]`: the annotation names a path.
fn annotation_is_path(model: &Model<'_>, annotation: &Expr) -> bool {
    let text = model.slice(annotation.range());
    text.split(|c: char| !(c.is_alphanumeric() || c == '_' || c == '.'))
        .any(|word| matches!(word, "Path" | "pathlib.Path" | "PurePath" | "PosixPath"))
}

/// `self.attr` that the class assigns a path to (`self._base = base / "ckpt"`).
fn self_attribute_is_path(
    model: &Model<'_>,
    attr: &ast::ExprAttribute,
    scope: Option<usize>,
    depth: usize,
) -> bool {
    if !matches!(&*attr.value, Expr::Name(n) if n.id.as_str() == "self") {
        return false;
    }
    let Some(class) = model.scopes.enclosing_class(scope) else {
        return false;
    };
    let name = attr.attr.as_str();
    let assigned: Vec<_> = model
        .assignments
        .iter()
        .filter(|a| {
            matches!(&a.target, Target::SelfAttr(n) if n == name)
                && model.scopes.enclosing_class(a.scope) == Some(class)
        })
        .collect();
    !assigned.is_empty()
        && assigned
            .iter()
            .all(|a| a.kind == AssignKind::Assign && is_path(model, a.value, a.scope, depth + 1))
}

/// `json.dump(obj, f)`, `f.write(json.dumps(obj))` or `f.write("{}")` in `body`.
fn dumps_json_into(model: &Model<'_>, body: &[Stmt], handle: &str, scope: Option<usize>) -> bool {
    visit::any_expr(body, |expr| {
        let Expr::Call(call) = expr else {
            return false;
        };
        let callee = model.resolve(&call.func, scope);
        if let Some(callee) = &callee {
            if JSON_MODULES.iter().any(|m| callee == &format!("{m}.dump")) {
                return call
                    .arguments
                    .find_argument_value("fp", 1)
                    .is_some_and(|fp| matches!(fp, Expr::Name(n) if n.id.as_str() == handle));
            }
        }
        if let Expr::Attribute(attr) = &*call.func {
            if attr.attr.as_str() == "write"
                && matches!(&*attr.value, Expr::Name(n) if n.id.as_str() == handle)
            {
                // `f.write("[]")`: JSON text spelled out, as a store is reset.
                return call
                    .arguments
                    .args
                    .first()
                    .is_some_and(|a| is_json_dumps(model, a, scope) || empty_reset::empty_text(a));
            }
        }
        false
    })
}

pub(super) fn is_json_dumps(model: &Model<'_>, expr: &Expr, scope: Option<usize>) -> bool {
    json_text(model, expr, scope, 0)
}

/// [`is_json_dumps`], `depth` project functions into a returned value
/// (json_returns.rs).
fn json_text(model: &Model<'_>, expr: &Expr, scope: Option<usize>, depth: usize) -> bool {
    match expr {
        Expr::Call(call) => {
            // `json_stringify(data)`, `self.to_json()`: a project function
            // whose every returned value is JSON text.
            if json_returns::returns_json_text(model, &call.func, scope, depth, |v, s, d| {
                json_text(model, v, s, d)
            }) {
                return true;
            }
            if let Some(callee) = model.resolve(&call.func, scope) {
                return JSON_MODULES.iter().any(|m| callee == format!("{m}.dumps"));
            }
            // json.dumps(obj).encode(); pydantic's own serializers give the same
            // JSON text (`model.model_dump_json()`) or bytes
            // (`TypeAdapter(T).dump_json(obj)`), so their writes are the same
            // checkpoint when the program reads the file back.
            if let Expr::Attribute(attr) = &*call.func {
                return match attr.attr.as_str() {
                    "encode" => json_text(model, &attr.value, scope, depth),
                    "model_dump_json" | "dump_json" => true,
                    _ => false,
                };
            }
            false
        }
        Expr::Name(name) => model
            .last_assignment(scope, name.id.as_str(), name.start())
            .is_some_and(|a| {
                // `mtime, data = data` holds the name it resolves: following it loops.
                a.kind == AssignKind::Assign
                    && !a.stmt.range().contains_range(name.range())
                    && json_text(model, a.value, scope, depth)
            }),
        // `json.dumps(obj, indent=2) + "\n"`: JSON text with a literal line
        // end (or prefix) is still the JSON a reader parses.
        Expr::BinOp(op) if op.op == ast::Operator::Add => match (&*op.left, &*op.right) {
            (text, Expr::StringLiteral(_)) | (Expr::StringLiteral(_), text) => {
                json_text(model, text, scope, depth)
            }
            _ => false,
        },
        _ => false,
    }
}

/// The target is a temporary that the function renames into place afterwards:
/// already atomic (its temporary name is SQF404's business).
fn is_renamed_into_place(model: &Model<'_>, call: &Call<'_>, target: &Expr) -> bool {
    // `Path(tmp).write_bytes(...)` then `os.rename(tmp, file)`: the same name.
    let target_text = model.slice(unwrapped_path(model, target, call.scope).range());
    model.calls_in(call.scope).any(|other| {
        // `await asyncio.to_thread(os.replace, tmp, path)`: the rename's arguments follow it.
        let in_thread = other.qualified() == Some("asyncio.to_thread")
            && other.expr.arguments.args.first().is_some_and(|f| {
                matches!(
                    model.resolve(f, other.scope).as_deref(),
                    Some("os.replace" | "os.rename" | "shutil.move")
                )
            });
        other.scope == call.scope
            && other.range().start() > call.range().start()
            && (in_thread
                || matches!(
                    other.qualified(),
                    Some(
                        "os.replace"
                            | "os.rename"
                            | "shutil.move"
                            | "aiofiles.os.replace"
                            | "aiofiles.os.rename"
                    )
                )
                || path_method_rename(other))
            && {
                let source = match other.qualified() {
                    Some(_) if in_thread => other
                        .expr
                        .arguments
                        .args
                        .get(1)
                        .map(|e| model.slice(e.range())),
                    Some(_) => other
                        .argument(0, "src")
                        .map(|e| model.slice(unwrapped_path(model, e, other.scope).range())),
                    None => match &*other.expr.func {
                        Expr::Attribute(a) => {
                            Some(model.slice(unwrapped_path(model, &a.value, other.scope).range()))
                        }
                        _ => None,
                    },
                };
                source == Some(target_text)
            }
    })
}

/// `p.rename(dst)` or `p.replace(dst)` on a path: one argument, the
/// destination. `str.replace(old, new)` takes two (`path.replace(".json",
/// ".bkp")` spells a backup's name; it moves nothing).
fn path_method_rename(call: &Call<'_>) -> bool {
    matches!(call.method_name(), Some("replace" | "rename"))
        && call.expr.arguments.args.len() + call.expr.arguments.keywords.len() == 1
}

fn parenthesize_if_needed(model: &Model<'_>, expr: &Expr) -> String {
    let text = model.slice(expr.range());
    match expr {
        Expr::Name(_)
        | Expr::Attribute(_)
        | Expr::Call(_)
        | Expr::Subscript(_)
        | Expr::StringLiteral(_) => text.to_string(),
        // `Path(a) / "b"` stays as written: it is already a single argument.
        _ => text.to_string(),
    }
}

/// The name the fix opens through and the edits that make it available: the
/// project's `json-atomic-helper` (imported) or `_atomic_open` (defined here).
fn atomic_opener(ctx: &Context<'_, '_>) -> (String, Vec<Edit>) {
    let model = ctx.model;
    let Some(helper) = ctx.settings.json_atomic_helper.as_deref() else {
        return (OPEN_HELPER.to_string(), helper_edits(model));
    };
    let (module, function) = helper.rsplit_once('.').unwrap_or(("", helper));
    // The helper's own module (or one that defines the name) calls it directly.
    if module.is_empty() || model.module_names.contains(function) {
        return (function.to_string(), Vec::new());
    }
    let (name, import) = codegen::member(model, module, function);
    (name, import.into_iter().collect())
}

fn helper_edits(model: &Model<'_>) -> Vec<Edit> {
    let mut edits = Vec::new();
    let (contextlib, e1) = codegen::module_ref(model, "contextlib");
    let (os, e2) = codegen::module_ref(model, "os");
    let (uuid, e3) = codegen::module_ref(model, "uuid");
    edits.extend([e1, e2, e3].into_iter().flatten());
    let open_code = format!(
        r#"@{contextlib}.contextmanager
def {OPEN_HELPER}(path, mode="w", **kwargs):
    """Open a temporary file beside `path`; on success, move it over `path`.

    Added by sqlfix (SQF401). The data is written to a uniquely named file in the
    same directory, flushed and fsynced, then renamed over `path` with os.replace,
    which is atomic: a crash leaves the old file or the new one, never a truncated
    one.
    """
    path = {os}.path.realpath({os}.fspath(path))
    directory = {os}.path.dirname(path)
    tmp = {os}.path.join(directory, f".{{{os}.path.basename(path)}}.{{{uuid}.uuid4().hex}}.tmp")
    fd = {os}.open(tmp, {os}.O_WRONLY | {os}.O_CREAT | {os}.O_EXCL, 0o666)
    try:
        if {os}.path.exists(path):
            {os}.chmod(tmp, {os}.stat(path).st_mode & 0o7777)
        with open(fd, mode, **kwargs) as f:
            yield f
            f.flush()
            {os}.fsync(f.fileno())
        {os}.replace(tmp, path)
    except BaseException:
        with {contextlib}.suppress(FileNotFoundError):
            {os}.unlink(tmp)
        raise
    if {os}.name == "posix":
        dir_fd = {os}.open(directory, {os}.O_RDONLY)
        try:
            {os}.fsync(dir_fd)
        finally:
            {os}.close(dir_fd)"#
    );
    edits.extend(codegen::helper(model, OPEN_HELPER, &open_code));
    edits
}

/// `async with aiofiles.open(p, "w") as f:` dumping JSON: the same swap, for an
/// async context manager that keeps the writes on aiofiles' thread pool. The
/// project's `json-atomic-helper` is a sync context manager, not usable here.
fn aiofiles_finding(
    codemod: &NonAtomicJsonWrite,
    ctx: &Context<'_, '_>,
    call: &Call<'_>,
    config: Option<&str>,
) -> Finding {
    let model = ctx.model;
    let message = match config {
        Some(format) => config_files::message(format, "aiofiles.open(..., \"w\")"),
        None => "Checkpoint JSON written in place with `aiofiles.open(..., \"w\")`: a crash or a cancelled task mid-write leaves a truncated file".to_string(),
    };
    let mut edits = vec![Edit::replace(
        call.expr.func.range(),
        AIO_OPEN_HELPER.to_string(),
    )];
    let (contextlib, e1) = codegen::module_ref(model, "contextlib");
    let (os, e2) = codegen::module_ref(model, "os");
    let (uuid, e3) = codegen::module_ref(model, "uuid");
    let (asyncio, e4) = codegen::module_ref(model, "asyncio");
    let (aiofiles, e5) = codegen::module_ref(model, "aiofiles");
    edits.extend([e1, e2, e3, e4, e5].into_iter().flatten());
    let code = format!(
        r#"@{contextlib}.asynccontextmanager
async def {AIO_OPEN_HELPER}(path, mode="w", **kwargs):
    """`aiofiles.open` into a temporary file beside `path`; on success, move it over `path`.

    Added by sqlfix (SQF401). The data is written through aiofiles to a uniquely named
    file in the same directory, flushed and fsynced, then renamed over `path` with
    os.replace, which is atomic: a crash or a cancelled task leaves the old file or
    the new one, never a truncated one. The fsync and the rename run in a thread.
    """
    path = {os}.path.realpath({os}.fspath(path))
    directory = {os}.path.dirname(path)
    tmp = {os}.path.join(directory, f".{{{os}.path.basename(path)}}.{{{uuid}.uuid4().hex}}.tmp")
    try:
        async with {aiofiles}.open(tmp, mode, **kwargs) as f:
            yield f
            await f.flush()
            await {asyncio}.to_thread({os}.fsync, f.fileno())
        if {os}.path.exists(path):
            {os}.chmod(tmp, {os}.stat(path).st_mode & 0o7777)
        await {asyncio}.to_thread({os}.replace, tmp, path)
    except BaseException:
        with {contextlib}.suppress(FileNotFoundError):
            {os}.unlink(tmp)
        raise"#
    );
    edits.extend(codegen::helper(model, AIO_OPEN_HELPER, &code));
    Finding::new(codemod.meta(), call.range(), message).with_fix(Fix::safe(
        format!("Write through `{AIO_OPEN_HELPER}` (temp file, fsync, os.replace; still async)"),
        edits,
    ))
}

/// `_atomic_write_text`, writing through `opener`.
fn write_text_helper_edits(model: &Model<'_>, opener: &str) -> Vec<Edit> {
    let write_code = format!(
        r#"def {WRITE_TEXT_HELPER}(path, mode, data, *args, **kwargs):
    """`Path.write_text`/`write_bytes` through {opener} (sqlfix, SQF401)."""
    if args:
        kwargs = dict(zip(("encoding", "errors", "newline"), args), **kwargs)
    with {opener}(path, mode, **kwargs) as f:
        return f.write(data)"#
    );
    codegen::helper(model, WRITE_TEXT_HELPER, &write_code)
}

/// The write is settled elsewhere or is no checkpoint: renamed into place
/// afterwards, the fallback of an atomic write (atomic_fallback.rs), in a
/// temporary place, never read back, regenerated by a script,
/// a new file per run, a default written only when the file is missing, a
/// file in a folder the function has just made, credentials, a file written
/// empty (empty_reset.rs), the new copy of an old file the function then
/// removes (conversions.rs), an export to a file picked in a save dialog
/// (save_dialogs.rs), a file written only while it is missing and by nothing
/// else (created_once.rs), a probe its function deletes (probe_files.rs), or
/// an item's side file written once beside it (side_files.rs).
fn not_a_checkpoint_write(ctx: &Context<'_, '_>, call: &Call<'_>, target: &Expr) -> bool {
    let model = ctx.model;
    is_renamed_into_place(model, call, target)
        || atomic_fallback::in_fallback_of_atomic_write(model, call, target)
        || in_temporary_place(model, call, target)
        || never_read_back(ctx, call, target)
        || regenerated::by_standalone_script(ctx, call, target)
        || helper_callers::no_caller_reads_back(ctx, call, target)
        || helper_callers::every_caller_hands_temporary(ctx, call, target)
        || new_file_per_run(ctx, call, target)
        || crate::semantic::created_when_missing::default_when_missing(model, call, target)
        || crate::semantic::created_when_missing::created_by_missing_handler(model, call, target)
        || crate::semantic::refetched::written_on_miss(model, call, target, call.stmt.range())
        || command_outputs::named_on_command_line(ctx, call, target)
        || fresh_folder::written_into_new_folder(model, call, target)
        || credentials::holds_credentials(model, call, target)
        || maintainer_scripts::writes_once(ctx, call, target)
        || maintainer_scripts::named_generated(model, target)
        || (empty_reset::writes_only_empty(model, call)
            && empty_reset::creates_or_rebuilds(model, call))
        || conversions::old_file_retired(model, call, target)
        || interactive::wizard_save(model, call)
        || save_dialogs::chosen_in_save_dialog(model, call, target)
        || shutdown_saves::saved_only_at_shutdown(ctx, call, target)
        || created_once::created_once(ctx, call, target)
        || probe_files::removed_after_write(model, call, target)
        || side_files::side_file_once(ctx, call, target)
}
