//! A downloaded file (a model's weights, a tool's binary) written in place
//! chunk by chunk, that the program later skips fetching because it exists.
//!
//! `with open(path, "wb") as f: for chunk in r.iter_content(): f.write(chunk)`
//! truncates the file first and fills it over seconds or minutes. A kill, a
//! lost connection or a full disk in between leaves a short file under the
//! final name; when the program decides whether to download by
//! `os.path.exists(path)` (or `path.exists()`, `os.path.isfile`), that short
//! file passes for the download forever and the load fails on every start. The
//! state lost is the download itself, so it is reported like binary state
//! (binary_state.rs), with the same fix: write to a temporary name and rename.
//!
//! The lookup that skips the fetch need not be an existence check of the same
//! spelled path. A function that first asks a cache for the artifact and
//! returns what it finds (`cached = self._cache.get(link); if cached is not
//! None: return cached`), and streams the download to its final name only on a
//! miss, is a get-or-fetch: the next call, or another process of the same
//! tool sharing the cache, takes a short file under that name for the
//! artifact. A generic downloader whose destination is its parameter (`def
//! download_file(url, dest)`) is not reported on that alone: an export
//! streamed to the path a person chose has the same shape
//! (negative_download_renamed_into_place).
//!
//! Not reported: a module that checks the file's size or digest before it
//! trusts it (`os.path.getsize`, `.stat().st_size`, `hashlib`), which
//! fetches a short file again; a download to a temporary name renamed into
//! place afterwards (the caller's `is_renamed_into_place`). Only a write that
//! goes through a loop of writes or `shutil.copyfileobj` in a function that
//! talks to the network counts as a download.

use ruff_python_ast::{self as ast, Expr, Stmt};
use ruff_text_size::Ranged;

use crate::semantic::model::{Call, Model};
use crate::semantic::path_idents::{self, PathIdent};
use crate::semantic::per_run_names;
use crate::semantic::visit;

/// Modules whose calls fetch over the network.
const NETWORK_MODULES: &[&str] = &[
    "requests.",
    "httpx.",
    "urllib.request.",
    "urllib3.",
    "aiohttp.",
    "wget.",
];

/// Methods of a response that hand its body out in pieces.
const CHUNK_METHODS: &[&str] = &[
    "iter_content",
    "iter_bytes",
    "iter_raw",
    "aiter_bytes",
    "iter_chunked",
    "iter_any",
    "stream",
];

/// The body of `with open(p, "wb") as <handle>:` copies a download into the
/// file piece by piece: `<handle>.write(...)` inside a loop, or
/// `shutil.copyfileobj(response, <handle>)`; and the function fetches over
/// the network.
pub(super) fn written_in_chunks(
    model: &Model<'_>,
    call: &Call<'_>,
    body: &[Stmt],
    handle: &str,
) -> bool {
    let is_handle = |e: &Expr| matches!(e, Expr::Name(n) if n.id.as_str() == handle);
    let writes_handle = |stmts: &[Stmt]| {
        visit::any_expr(stmts, |e| {
            matches!(e, Expr::Call(c) if matches!(&*c.func, Expr::Attribute(a)
                if a.attr.as_str() == "write" && is_handle(&a.value)))
        })
    };
    let looped = visit::any_stmt(body, |s| match s {
        Stmt::For(f) => writes_handle(&f.body),
        Stmt::While(w) => writes_handle(&w.body),
        _ => false,
    });
    let copied = model.calls_in(call.scope).any(|c| {
        c.qualified() == Some("shutil.copyfileobj")
            && c.argument(1, "fdst").is_some_and(is_handle)
            && body.iter().any(|s| s.range().contains_range(c.range()))
    });
    (looped || copied) && fetches(model, call)
}

/// The writing function calls a network client, or reads a response in chunks.
fn fetches(model: &Model<'_>, call: &Call<'_>) -> bool {
    model.calls_in(call.scope).any(|c| {
        c.qualified()
            .is_some_and(|q| NETWORK_MODULES.iter().any(|m| q.starts_with(m)))
            || c.method_name().is_some_and(|m| CHUNK_METHODS.contains(&m))
    })
}

/// `urllib.request.urlretrieve(url, path)`: the download is written to its
/// final name by the library, in place.
pub(super) fn urlretrieve_target<'a>(call: &Call<'a>) -> Option<&'a Expr> {
    matches!(
        call.qualified(),
        Some("urllib.request.urlretrieve" | "urllib.urlretrieve")
    )
    .then(|| call.argument(1, "filename"))?
}

/// The module decides whether to fetch the file by whether it exists, and
/// nowhere checks its size or digest: a short file is taken for the download.
pub(super) fn skipped_when_present(model: &Model<'_>, call: &Call<'_>, target: &Expr) -> bool {
    // A name made anew per call (a uuid, a timestamp) is never found again.
    if verifies_files(model) || per_run_names::named_per_run(model, target, call.scope, 2) {
        return false;
    }
    if returns_lookup_first(model, call) {
        return true;
    }
    let target_text = model.slice(target.range());
    let ident = path_idents::of_expr(model, target, call.scope);
    model.calls.iter().any(|c| {
        // In the writing function, a check after the write (before deleting
        // the file, say) decides nothing about fetching it.
        if c.scope == call.scope && c.range().start() > call.range().start() {
            return false;
        }
        existence_checked(c).is_some_and(|checked| {
            model.slice(checked.range()) == target_text
                || shares(&ident, &path_idents::of_expr(model, checked, c.scope))
        })
    })
}

/// The path an existence check asks about: `os.path.exists(p)`,
/// `os.path.isfile(p)`, `p.exists()`, `p.is_file()`.
fn existence_checked<'a>(call: &Call<'a>) -> Option<&'a Expr> {
    match call.qualified() {
        Some("os.path.exists" | "os.path.isfile" | "os.path.lexists") => call.argument(0, "path"),
        Some(_) => None,
        None => match &*call.expr.func {
            Expr::Attribute(a)
                if matches!(a.attr.as_str(), "exists" | "is_file")
                    && call.expr.arguments.is_empty() =>
            {
                Some(&a.value)
            }
            _ => None,
        },
    }
}

/// A size or digest check somewhere in the module: the program can tell a
/// short file from a whole one.
fn verifies_files(model: &Model<'_>) -> bool {
    model.calls.iter().any(|c| {
        c.qualified().is_some_and(|q| {
            q == "os.path.getsize" || q.starts_with("hashlib.") || q.starts_with("zlib.crc32")
        }) || c
            .method_name()
            .is_some_and(|m| matches!(m, "hexdigest" | "digest"))
    }) || model.text.contains("st_size")
}

/// Two paths name one file: a file name in common. A symbol in common is not
/// enough: the check of a folder (`os.path.exists(CACHE_DIR)`) shares its
/// symbol with every file joined below it.
fn shares(a: &PathIdent, b: &PathIdent) -> bool {
    a.names.intersection(&b.names).next().is_some()
}

/// The writing function returns early with what a lookup found before it
/// downloads: `found = lookup(...)`, then `if found is not None: return found`
/// (or `if found:`, `if found.exists():`), the write below it.
fn returns_lookup_first(model: &Model<'_>, call: &Call<'_>) -> bool {
    let Some(id) = call.scope else {
        return false;
    };
    let body = &model.scopes.function(id).def.body[..];
    let looked_up = |test: &Expr| {
        let name = match test {
            Expr::Name(n) => n,
            Expr::Compare(c)
                if c.ops.len() == 1
                    && c.ops[0] == ast::CmpOp::IsNot
                    && matches!(&c.comparators[0], Expr::NoneLiteral(_)) =>
            {
                match &*c.left {
                    Expr::Name(n) => n,
                    _ => return false,
                }
            }
            _ => return false,
        };
        model
            .last_assignment(call.scope, name.id.as_str(), name.start())
            .is_some_and(|a| matches!(a.value, Expr::Call(_)))
    };
    crate::semantic::created_when_missing::after_early_exit(body, call.range(), &looked_up)
}
