//! SQF404 shared-temp-filename: an "atomic" checkpoint write through a temporary
//! file whose name every writer of that checkpoint shares.
//!
//! Matches `os.replace(tmp, path)` (also `os.rename`, `shutil.move`, and
//! `Path.replace`/`Path.rename`) where the function first writes `tmp`, and `tmp`
//! is computed from the target's own inputs and a fixed marker (`path + ".tmp"`,
//! `f"{path}.tmp"`, `path.with_suffix(".tmp")`, `os.path.join(d, "state.tmp")`):
//! two workers saving the same checkpoint write into one file, and the first
//! `replace` moves the other's half-written data into place while the second
//! fails with FileNotFoundError (F-atomic-replace). A name with a per-writer part (a uuid,
//! the pid, a worker id, `tempfile.mkstemp`) is left alone, and so is a
//! content-addressed name (the target is named by a digest of the very bytes
//! written): every writer of it writes the same content.
//!
//! In an application, the second writer is another run of the writer: on the
//! program's worker threads, or in another program of the project that loads
//! the same module (a hook and a daemon, a command line and a worker): each
//! program is a process of its own, so a helper that derives its temporary
//! name from the target (`path.with_suffix(".tmp")`) is shared by both.
//!
//! A writer whose class takes its file for one program at open (a lock file
//! created with `O_EXCL`, an exclusive `flock` on a handle it keeps:
//! `owned_by_lock_file`) is not reported for another program or an unknown
//! caller: a second program opening the same file is refused. Its worker
//! threads still are: the lock file does nothing about them.
//!
//! A coroutine that writes the temporary file, `chmod`s it and renames it
//! with no `await` in between (an upload handler on one event loop) runs
//! the whole save as one step of the loop: two runs of it cannot share the
//! name, and it is judged as a sync writer (a second party must run it).
//!
//! A constant name in a temporary folder every run shares (`os.path.join(
//! tempfile.gettempdir(), "rebuild.db")`, a helper's fixed cache folder) is
//! the same hazard without a marker: shared_tmp_dir.rs, advice only.
//!
//! The fix adds `.{uuid.uuid4().hex}` before the marker where the temporary name
//! is built in the function, and, when the data goes through `with open(tmp, ...)
//! as f:` and nothing fsyncs it, ends that block with `f.flush()` and
//! `os.fsync(f.fileno())` so the rename never publishes data still in the page
//! cache (F-durable-order). Unsafe: a crash mid-write now leaves a uniquely named
//! temporary file behind instead of one the next save overwrites.

use ruff_python_ast::{self as ast, Expr, InterpolatedStringElement, Stmt};
use ruff_text_size::{Ranged, TextRange, TextSize};

use super::{Codemod, Context};
use crate::finding::Finding;
use crate::fix::{Edit, Fix, codegen, statements};
use crate::semantic::loops::names_read;
use crate::semantic::model::{AssignKind, Call, Model};
use crate::semantic::scopes::FuncId;
use crate::semantic::second_party::SecondParty;
use crate::semantic::strings::{Piece, string_value};
use crate::semantic::threads;
use crate::semantic::visit;

mod created_once;
mod shared_tmp_dir;

pub struct SharedTempFilename;

/// Endings that mark a temporary name, most specific first.
const MARKERS: &[&str] = &[".tmp", ".temp", ".partial", ".part", ".new", ".swp", "~"];

/// Calls that make a name unique per writer.
const UNIQUE_SOURCES: &[&str] = &[
    "uuid",
    "getpid",
    "get_ident",
    "get_native_id",
    "time",
    "monotonic",
    "perf_counter",
    "random",
    "token_hex",
    "token_urlsafe",
    "mkstemp",
    "mktemp",
    "NamedTemporaryFile",
];

impl Codemod for SharedTempFilename {
    crate::codemod_meta!("SQF404-shared-temp-filename");

    fn check(&self, ctx: &Context<'_, '_>, out: &mut Vec<Finding>) {
        // Two writers of one temporary file need two runs of the writer at once.
        // A program with no second party (a standalone script or GUI that starts
        // no thread or process, an event-loop app with nothing beside its loop)
        // runs its sync writers one after the other; only a coroutine that
        // awaits between the write and the rename interleaves with itself.
        let alone = matches!(ctx.second_party(), SecondParty::None(_));
        // In an application (its entry points are known) the second writer must
        // be the program's own: the writer runs on worker threads, where two
        // threads can run it at once. A library's writers keep their finding:
        // its callers may run them concurrently.
        let app = ctx
            .project
            .index
            .import_graph()
            .is_some_and(|g| g.has_entry_points());
        for call in &ctx.model.calls {
            let interleaves = call.scope.is_some_and(|s| {
                awaits_inside(ctx.model, s) && awaits_during_write(ctx.model, s, call)
            });
            // Programs of the project that run this writer: each is a process
            // of its own, and two of them can save the same file at once.
            // Asked only of renames: the walk over the module's callers is
            // too dear to run for every call.
            let programs = if !interleaves && rename_args(call).is_some() && !on_threads(ctx, call)
            {
                call.scope.and_then(|s| several_programs(ctx, s))
            } else {
                None
            };
            // A lock file the writer's object takes at open refuses every
            // other program: the programs of the project cannot both hold the
            // file, so they are not two writers of it.
            let owned = || call.scope.is_some_and(|s| owned_by_lock_file(ctx.model, s));
            if let Some(reason) = programs.as_deref() {
                if owned() {
                    continue;
                }
                if crate::semantic::entry_points::runs_once(
                    ctx.model,
                    call.scope,
                    call.expr.start(),
                ) {
                    continue;
                }
                out.extend(check_replace(self, ctx, call).map(|mut f| {
                    f.message = format!("{}; {reason}", f.message);
                    f
                }));
                continue;
            }
            if alone && !interleaves {
                continue;
            }
            // A command a person runs once writes its file once: no second
            // writer shares the temporary name.
            if crate::semantic::entry_points::runs_once(ctx.model, call.scope, call.expr.start()) {
                continue;
            }
            if app && !interleaves && rename_args(call).is_some() {
                let threaded = ctx.threaded_functions();
                let on_threads = call
                    .scope
                    .is_some_and(|s| threaded.contains_key(&ctx.model.scopes.function(s).qualname));
                if !on_threads {
                    continue;
                }
                // The second writer is another run of this one: say which.
                let qualname = &ctx
                    .model
                    .scopes
                    .function(call.scope.unwrap_or_default())
                    .qualname;
                // Reached only as a change someone submits (a form's POST, a
                // button's DELETE): two runs at once on one file need two
                // people changing the same thing in the same instant, and the
                // program itself starts no second writer. Nothing to name.
                if threaded
                    .get(qualname)
                    .is_some_and(|root| action_route(ctx, root))
                {
                    continue;
                }
                if let Some(reason) = threads::concurrency_reason(threaded, qualname, false) {
                    out.extend(check_replace(self, ctx, call).map(|mut f| {
                        f.message =
                            format!("{}; concurrent with another run of it: {reason}", f.message);
                        f
                    }));
                    continue;
                }
            }
            // Not on the program's threads (or a library's unknown callers):
            // the other writer would be another process, which the lock file
            // refuses.
            if rename_args(call).is_some() && !on_threads(ctx, call) && owned() {
                continue;
            }
            out.extend(check_replace(self, ctx, call));
        }
    }
}

/// The thread root `root` (a qualname) is a route the project registers for
/// changing methods only (routes::is_action_route), wherever it is defined.
fn action_route(ctx: &Context<'_, '_>, root: &str) -> bool {
    let model = ctx.model;
    // A root in the module being checked is read from its own source.
    if let Some(id) =
        (0..model.scopes.functions.len()).find(|&id| model.scopes.function(id).qualname == root)
    {
        return crate::semantic::routes::is_action_route(model, id);
    }
    let mut found = ctx
        .project
        .index
        .modules
        .iter()
        .flat_map(|m| &m.functions)
        .filter(|f| f.qualname == root)
        .peekable();
    found.peek().is_some() && found.all(|f| f.effects.action_route)
}

/// The rename's function runs on worker threads of the program.
fn on_threads(ctx: &Context<'_, '_>, call: &Call<'_>) -> bool {
    let threaded = ctx.threaded_functions();
    call.scope
        .is_some_and(|s| threaded.contains_key(&ctx.model.scopes.function(s).qualname))
}

/// Two or more programs of the project (scripts, a service and its command
/// line, entry points the packaging names) run the writer `scope`: the module
/// is a program that calls it, or other modules call it (or a function of its
/// module that calls it) and different programs load them. Each program saves
/// in a process of its own, so two saves of one file can overlap whatever each
/// process does inside. A module loaded by two programs of which only one
/// calls the writer has one writer process. Says which programs.
fn several_programs(ctx: &Context<'_, '_>, scope: FuncId) -> Option<String> {
    let graph = ctx.project.index.import_graph()?;
    let names = callers_in_module(ctx.model, scope);
    let mut programs: Vec<&std::path::Path> = Vec::new();
    let module_level = ctx.model.calls.iter().any(|c| {
        c.scope.is_none()
            && crate::semantic::project::simple_callee_name(c)
                .is_some_and(|n| names.iter().any(|m| m == n))
    });
    if module_level
        && graph
            .every_program_loading(ctx.model.path, 8)
            .contains(&ctx.model.path)
    {
        programs.push(ctx.model.path);
    }
    let mut seen_callers = false;
    for module in &ctx.project.index.modules {
        if module.path == ctx.model.path
            || !names
                .iter()
                .any(|n| module.facts.all_call_counts.contains_key(n))
        {
            continue;
        }
        seen_callers = true;
        for p in graph.programs_loading_named(&module.path, 3) {
            if !programs.contains(&p) {
                programs.push(p);
            }
        }
    }
    // Callers outside the checked modules (no SQLite or JSON text of their
    // own) are not summarized: when the chain's names are spelled elsewhere
    // and no summarized module calls them, every program loading the module
    // may run the writer.
    if !seen_callers
        && names
            .iter()
            .any(|n| !graph.mentioned_only_in(n, ctx.model.path))
    {
        for p in graph.programs_loading_named(ctx.model.path, 3) {
            if !programs.contains(&p) {
                programs.push(p);
            }
        }
    }
    if programs.len() < 2 {
        return None;
    }
    let names: Vec<String> = programs
        .iter()
        .take(2)
        .map(|p| format!("`{}`", p.strip_prefix(".").unwrap_or(p).display()))
        .collect();
    Some(format!(
        "the writer runs in {} programs of the project ({}{}), each saving in a process of its own",
        if programs.len() > 2 { "3 or more" } else { "2" },
        names.join(" and "),
        if programs.len() > 2 { ", ..." } else { "" }
    ))
}

/// The last names of `scope` and of every function of its module that calls
/// it, directly or through another such function.
fn callers_in_module(model: &Model<'_>, scope: FuncId) -> Vec<String> {
    let last = |id: FuncId| {
        let q = &model.scopes.function(id).qualname;
        q.rsplit('.').next().unwrap_or(q).to_string()
    };
    let mut names = vec![last(scope)];
    let mut grew = true;
    while grew {
        grew = false;
        for call in &model.calls {
            let (Some(s), Some(callee)) = (
                call.scope,
                crate::semantic::project::simple_callee_name(call),
            ) else {
                continue;
            };
            if names.iter().any(|n| n == callee) {
                let name = last(s);
                if !names.contains(&name) {
                    names.push(name);
                    grew = true;
                }
            }
        }
    }
    names
}

/// The writers cannot overlap: the rename runs under `with <lock>:`, or it is in
/// a method that every caller in its class calls under one (huey's
/// `_put_data`, "Caller holds the lock", on the corpus).
///
/// A module function works the same way: when every call of it in its module
/// runs under a lock (a download helper that `fetch` calls inside `with
/// FileLock(dest + ".lock"):`), the lock spans the write and the rename. A
/// lock on a file taken earlier in the function (`fcntl.flock(fd,
/// LOCK_EX)`, `lock.acquire()`) holds until the function lets go of it,
/// across processes for a file lock: one writer at a time.
fn serialized_by_lock(model: &Model<'_>, scope: FuncId, range: TextRange) -> bool {
    let held =
        |s: FuncId, r: TextRange| threads::locked_at(model, s, r) || lock_taken_before(model, s, r);
    if held(scope, range) {
        return true;
    }
    let function = model.scopes.function(scope);
    let name = function.def.name.as_str();
    let callers: Vec<&Call<'_>> = match function.class {
        Some(class) => model
            .calls
            .iter()
            .filter(|c| {
                model.scopes.enclosing_class(c.scope) == Some(class)
                    && matches!(&*c.expr.func, Expr::Attribute(a)
                        if a.attr.as_str() == name
                            && matches!(&*a.value, Expr::Name(n) if n.id.as_str() == "self"))
            })
            .collect(),
        None => model
            .calls
            .iter()
            .filter(|c| matches!(&*c.expr.func, Expr::Name(n) if n.id.as_str() == name))
            .collect(),
    };
    !callers.is_empty()
        && callers
            .iter()
            .all(|c| c.scope.is_some_and(|s| held(s, c.range())))
}

/// The writer is a method of a class that, in another of its methods, takes
/// the file it stores for itself alone: it creates a lock file with
/// `os.open(..., O_CREAT | O_EXCL)` (which fails when the file exists, so a
/// second opener is refused), or keeps an exclusive file lock (`fcntl.flock`,
/// `fcntl.lockf`, `portalocker.lock` with `LOCK_EX`) on a handle it holds.
/// One program writes the file, so no other process writes the fixed
/// temporary name beside it (a wallet locked by `.<name>.lock` at open). It
/// says nothing of the program's own threads: a writer on worker threads
/// keeps its finding.
fn owned_by_lock_file(model: &Model<'_>, scope: FuncId) -> bool {
    let Some(class) = model.scopes.function(scope).class else {
        return false;
    };
    model.calls.iter().any(|c| {
        if c.scope == Some(scope) || model.scopes.enclosing_class(c.scope) != Some(class) {
            return false;
        }
        let args = || {
            c.expr
                .arguments
                .args
                .iter()
                .chain(c.expr.arguments.keywords.iter().map(|k| &k.value))
                .map(|a| model.slice(a.range()))
                .collect::<Vec<_>>()
        };
        match c.qualified() {
            Some("os.open") => args().iter().any(|a| a.contains("O_EXCL")),
            Some("fcntl.flock" | "fcntl.lockf" | "portalocker.lock") => {
                args().iter().any(|a| a.contains("LOCK_EX"))
            }
            _ => false,
        }
    })
}

/// Before `range`, the function takes a lock by a call rather than a `with`
/// block: a file lock (`fcntl.flock`, `fcntl.lockf`, `portalocker.lock`,
/// `msvcrt.locking`) or `<lock>.acquire()` on a name that says it is a lock.
fn lock_taken_before(model: &Model<'_>, scope: FuncId, range: TextRange) -> bool {
    model.calls_in(Some(scope)).any(|c| {
        c.range().end() <= range.start()
            && (matches!(
                c.qualified(),
                Some("fcntl.flock" | "fcntl.lockf" | "portalocker.lock" | "msvcrt.locking")
            ) || (c.method_name() == Some("acquire")
                && matches!(&*c.expr.func, Expr::Attribute(a)
                    if threads::is_lock_expr(model, &a.value, Some(scope)))))
    })
}

/// A coroutine with an `await` in its body: another task can run its own copy
/// of the same write while this one waits.
fn awaits_inside(model: &Model<'_>, scope: FuncId) -> bool {
    let function = model.scopes.function(scope);
    function.is_async() && visit::contains_await(&function.def.body)
}

/// The coroutine can suspend between the first write of the temporary file
/// and its rename: an `await` (or `async with`/`async for`) after the first
/// call that names the temporary path (`open(tmp, "w")`, `tmp.write_text`)
/// and before the rename. With none, the event loop runs the write, a
/// `chmod` and the rename as one step, and a second run of the coroutine
/// cannot come in between on the shared name. A rename that names no
/// temporary file written before it keeps the whole function's answer.
fn awaits_during_write(model: &Model<'_>, scope: FuncId, rename: &Call<'_>) -> bool {
    let Some((src, _)) = rename_args(rename) else {
        return true;
    };
    let spelled = model.slice(src.range());
    let first_write = model
        .calls_in(Some(scope))
        .filter(|c| c.range().start() < rename.range().start())
        .find(|c| {
            let receiver = matches!(&*c.expr.func, Expr::Attribute(a) if model.slice(a.value.range()) == spelled);
            receiver
                || c.expr
                    .arguments
                    .args
                    .iter()
                    .any(|a| model.slice(a.range()) == spelled)
        });
    let Some(first) = first_write else {
        return true;
    };
    let body = &model.scopes.function(scope).def.body;
    visit::awaits_within(
        body,
        TextRange::new(first.range().start(), rename.range().start()),
    )
}

/// `(source, target)` of a rename into place.
fn rename_args<'a>(call: &Call<'a>) -> Option<(&'a Expr, &'a Expr)> {
    match call.qualified() {
        Some("os.replace" | "os.rename" | "shutil.move") => {
            Some((call.argument(0, "src")?, call.argument(1, "dst")?))
        }
        Some(_) => None,
        None => {
            if !matches!(call.method_name(), Some("replace" | "rename"))
                || call.expr.arguments.len() != 1
            {
                return None;
            }
            let Expr::Attribute(attr) = &*call.expr.func else {
                return None;
            };
            Some((&attr.value, call.expr.arguments.args.first()?))
        }
    }
}

fn check_replace(
    codemod: &SharedTempFilename,
    ctx: &Context<'_, '_>,
    call: &Call<'_>,
) -> Option<Finding> {
    let model = ctx.model;
    let scope = call.scope?;
    let (src, dst) = rename_args(call)?;
    // A file made once, when it is missing (a first-start migration):
    // one writer per installation (created_once.rs).
    if created_once::created_once(model, scope, call, dst) {
        return None;
    }
    // Where the temporary name is built: its assignment in this function, or inline.
    let (name_expr, assigned_in_function) = match src {
        Expr::Name(n) => {
            let assignments: Vec<_> = model
                .assignments_of(Some(scope), n.id.as_str())
                .into_iter()
                .filter(|a| a.stmt.start() < call.range().start())
                .collect();
            let [a] = assignments.as_slice() else {
                return None;
            };
            if a.kind != AssignKind::Assign || !matches!(a.target_expr, Expr::Name(_)) {
                return None;
            }
            (a.value, a.scope == Some(scope))
        }
        other => (other, true),
    };
    let Some(marker) = fixed_marker(model, scope, name_expr, dst) else {
        // A constant name in a temporary folder every run shares
        // (shared_tmp_dir.rs).
        if serialized_by_lock(model, scope, call.range()) {
            return None;
        }
        return shared_tmp_dir::finding(codemod.meta(), model, scope, src, name_expr, call);
    };
    if serialized_by_lock(model, scope, call.range()) {
        return None;
    }
    let write = written_before(model, scope, src, call)?;
    if content_addressed(model, scope, dst, write) {
        return None;
    }
    let fsyncs = model
        .calls_in(Some(scope))
        .any(|c| c.qualified() == Some("os.fsync") && c.range().start() < call.range().start());
    let src_text = model.slice(src.range());
    let mut message = format!(
        "Temporary file `{src_text}` has a fixed name: two writers of the same checkpoint share it, and one `replace` publishes the other's half-written data"
    );
    if !fsyncs {
        message.push_str("; nothing fsyncs it before the rename either");
    }
    let finding = Finding::new(codemod.meta(), name_expr.range(), message);
    if !assigned_in_function {
        return Some(finding.with_note(
            "the name is built outside the function, once for every call: build it inside with a per-writer part, e.g. `f\"{path}.{uuid.uuid4().hex}.tmp\"`, or write through `tempfile.mkstemp(dir=os.path.dirname(path))`",
        ));
    }
    if !inline_once(model, scope, src, name_expr) {
        return Some(finding.with_note(
            "the name is spelled out in both the write and the rename: assign it once (`tmp = ...`) with a per-writer part, e.g. `f\"{path}.{uuid.uuid4().hex}.tmp\"`",
        ));
    }
    let (uuid4, import) = codegen::member(model, "uuid", "uuid4");
    let Some(mut edits) = unique_name_edits(model, name_expr, marker, &uuid4) else {
        return Some(finding.with_note(format!(
            "make the name unique per writer by hand, e.g. `f\"{{path}}.{{{uuid4}().hex}}.tmp\"`"
        )));
    };
    edits.extend(import);
    let mut title = "Give each writer its own temporary file (uuid)".to_string();
    if !fsyncs {
        if let Some(more) = fsync_edits(model, write) {
            edits.extend(more);
            title.push_str(", fsynced before the rename");
        }
    }
    Some(finding.with_fix(Fix::unsafe_(title, edits)).with_note(
        "a crash mid-write now leaves a uniquely named temporary file that the next save does not overwrite: clean up stale `*.tmp` files beside checkpoints at startup, or write through SQF401's `_atomic_open`, which removes it on errors",
    ))
}

/// The target is named by a digest of the very bytes written (`key =
/// sha256(data).hexdigest()`, `path = root / key`, `tmp.write_bytes(data)`):
/// every writer of that name writes the same content, so whichever `replace`
/// lands publishes a complete file.
fn content_addressed(model: &Model<'_>, scope: FuncId, target: &Expr, write: &Call<'_>) -> bool {
    let Some(Expr::Name(data)) = write.expr.arguments.args.first() else {
        return false;
    };
    let data = data.id.as_str();
    // The target's inputs in this function, followed through its assignments.
    let mut seen: Vec<String> = names_read(target);
    let mut i = 0;
    let mut values: Vec<&Expr> = vec![target];
    while i < seen.len() && seen.len() < 64 {
        for a in model.assignments_of(Some(scope), &seen[i]) {
            if a.scope == Some(scope) && a.kind == AssignKind::Assign {
                values.push(a.value);
                for n in names_read(a.value) {
                    if !seen.contains(&n) {
                        seen.push(n);
                    }
                }
            }
        }
        i += 1;
    }
    values.iter().any(|v| {
        visit::any_sub_expr(v, |e| {
            let Expr::Call(c) = e else {
                return false;
            };
            let hashes_data = c
                .arguments
                .args
                .iter()
                .any(|a| matches!(a, Expr::Name(n) if n.id.as_str() == data));
            hashes_data && is_digest(model, scope, c)
        })
    })
}

/// `hashlib.sha256(x).hexdigest()`-like, or a module function that returns one.
fn is_digest(model: &Model<'_>, scope: FuncId, call: &ast::ExprCall) -> bool {
    let hashing = |e: &Expr, s: Option<FuncId>| {
        visit::any_sub_expr(e, |x| match x {
            Expr::Call(c) => {
                model
                    .resolve(&c.func, s)
                    .is_some_and(|q| q.starts_with("hashlib.") || q.starts_with("xxhash."))
                    || matches!(&*c.func, Expr::Attribute(a) if matches!(a.attr.as_str(), "hexdigest" | "digest"))
            }
            _ => false,
        })
    };
    if hashing(&Expr::Call(call.clone()), Some(scope)) {
        return true;
    }
    let Expr::Name(name) = &*call.func else {
        return false;
    };
    model
        .scopes
        .module_function(name.id.as_str())
        .is_some_and(|f| {
            let def = model.scopes.function(f).def;
            visit::any_expr(&def.body, |e| hashing(e, Some(f)))
        })
}

/// Whether `expr` is a temporary name that depends only on the target's inputs,
/// ending in a marker; the marker.
fn fixed_marker(
    model: &Model<'_>,
    scope: FuncId,
    expr: &Expr,
    target: &Expr,
) -> Option<&'static str> {
    let mut target_inputs = names_read(target);
    for name in names_read(target) {
        for a in model.assignments_of(Some(scope), &name) {
            target_inputs.extend(names_read(a.value));
        }
    }
    let reads = names_read(expr);
    if reads
        .iter()
        .any(|n| !target_inputs.contains(n) && !is_path_helper(n))
    {
        return None;
    }
    if mentions_unique_source(expr) {
        return None;
    }
    let literal = last_literal(model, scope, expr)?;
    MARKERS.iter().copied().find(|m| literal.ends_with(m))
}

/// Module names that build paths without adding anything of their own.
fn is_path_helper(name: &str) -> bool {
    matches!(name, "os" | "str" | "Path" | "pathlib" | "fspath")
}

fn mentions_unique_source(expr: &Expr) -> bool {
    visit::any_sub_expr(expr, |e| match e {
        Expr::Attribute(a) => UNIQUE_SOURCES.contains(&a.attr.as_str()),
        Expr::Name(n) => UNIQUE_SOURCES.contains(&n.id.as_str()),
        _ => false,
    })
}

/// The text the name ends with: the last literal piece of a string expression, or
/// the literal argument of `with_suffix`/`with_name`.
fn last_literal(model: &Model<'_>, scope: FuncId, expr: &Expr) -> Option<String> {
    if let Expr::Call(call) = expr {
        if let Expr::Attribute(attr) = &*call.func {
            if matches!(attr.attr.as_str(), "with_suffix" | "with_name") {
                return last_literal(model, scope, call.arguments.args.first()?);
            }
        }
        let callee = model.resolve(&call.func, Some(scope)).unwrap_or_default();
        if matches!(callee.as_str(), "os.path.join" | "pathlib.Path") {
            return last_literal(model, scope, call.arguments.args.last()?);
        }
    }
    if let Expr::BinOp(bin) = expr {
        if bin.op == ast::Operator::Div || bin.op == ast::Operator::Add {
            return last_literal(model, scope, &bin.right);
        }
    }
    let value = string_value(model, expr, Some(scope), expr.start())?;
    match value.pieces.last()? {
        Piece::Text(t) => Some(t.clone()),
        Piece::Hole(_) => None,
    }
}

/// The call that writes the temporary file before it is renamed: `open(tmp, "w")`,
/// `tmp.open("w")`, `tmp.write_text(...)`.
fn written_before<'m, 'a>(
    model: &'m Model<'a>,
    scope: FuncId,
    src: &Expr,
    rename: &Call<'_>,
) -> Option<&'m Call<'a>> {
    let src_text = model.slice(src.range());
    model.calls_in(Some(scope)).find(|c| {
        c.range().start() < rename.range().start()
            && match c.qualified() {
                Some("builtins.open" | "io.open" | "os.open") => c
                    .argument(0, "file")
                    .is_some_and(|a| model.slice(a.range()) == src_text),
                Some(_) => false,
                None => {
                    matches!(c.method_name(), Some("open" | "write_text" | "write_bytes"))
                        && matches!(&*c.expr.func, Expr::Attribute(a) if model.slice(a.value.range()) == src_text)
                }
            }
    })
}

/// The temporary name is built once: a variable assigned once, or an inline
/// expression (then the rename's own argument is the only place).
fn inline_once(model: &Model<'_>, scope: FuncId, src: &Expr, name_expr: &Expr) -> bool {
    match src {
        Expr::Name(_) => true,
        _ => {
            // `open(path + ".tmp", "w")` ... `os.replace(path + ".tmp", path)`: two
            // copies of the expression; making one unique would split them.
            let text = model.slice(name_expr.range());
            model
                .calls_in(Some(scope))
                .flat_map(|c| c.expr.arguments.args.iter())
                .filter(|a| model.slice(a.range()) == text)
                .count()
                <= 1
        }
    }
}

/// Edits that put `.{uuid4().hex}` before the marker in the literal that ends the name.
fn unique_name_edits(
    model: &Model<'_>,
    expr: &Expr,
    marker: &str,
    uuid4: &str,
) -> Option<Vec<Edit>> {
    let insert = format!(".{{{uuid4}().hex}}");
    match expr {
        Expr::StringLiteral(s) => {
            let (range, raw) = plain_literal(model, s)?;
            let pos = raw.rfind(marker)?;
            let quote = &model.text[TextRange::at(range.start(), TextSize::new(1))];
            let new = format!("f{quote}{}{insert}{}{quote}", &raw[..pos], &raw[pos..]);
            Some(vec![Edit::replace(range, new)])
        }
        Expr::FString(f) => {
            let [ast::FStringPart::FString(fstring)] = f.value.as_slice() else {
                return None;
            };
            let InterpolatedStringElement::Literal(lit) = fstring.elements.last()? else {
                return None;
            };
            let raw = model.slice(lit.range());
            if raw.contains(['{', '}', '\\']) {
                return None;
            }
            let pos = raw.rfind(marker)?;
            let at = lit.start() + TextSize::try_from(pos).ok()?;
            Some(vec![Edit::insert(at, insert)])
        }
        Expr::BinOp(bin) if bin.op == ast::Operator::Add || bin.op == ast::Operator::Div => {
            unique_name_edits(model, &bin.right, marker, uuid4)
        }
        Expr::Call(call) => {
            let arg = match &*call.func {
                Expr::Attribute(a) if matches!(a.attr.as_str(), "with_suffix" | "with_name") => {
                    call.arguments.args.first()?
                }
                _ => call.arguments.args.last()?,
            };
            unique_name_edits(model, arg, marker, uuid4)
        }
        _ => None,
    }
}

/// A one-part, unprefixed, single-line string literal whose source is its value.
fn plain_literal<'a>(
    model: &Model<'a>,
    s: &ast::ExprStringLiteral,
) -> Option<(TextRange, &'a str)> {
    if s.value.is_implicit_concatenated() {
        return None;
    }
    let range = s.range();
    let text = model.slice(range);
    let quote = text.chars().next()?;
    if !matches!(quote, '"' | '\'') || text.starts_with("\"\"\"") || text.starts_with("'''") {
        return None;
    }
    let raw = &text[1..text.len() - 1];
    (raw == s.value.to_str() && !raw.contains(['{', '}'])).then_some((range, raw))
}

/// `f.flush()` and `os.fsync(f.fileno())` at the end of `with open(tmp, ...) as f:`.
fn fsync_edits(model: &Model<'_>, write: &Call<'_>) -> Option<Vec<Edit>> {
    let Stmt::With(with) = write.stmt else {
        return None;
    };
    let item = with
        .items
        .iter()
        .find(|i| i.context_expr.range() == write.range())?;
    let Some(Expr::Name(handle)) = item.optional_vars.as_deref() else {
        return None;
    };
    let last = with.body.last()?;
    let (os, import) = codegen::module_ref(model, "os");
    let h = handle.id.as_str();
    let code = format!("{h}.flush()\n{os}.fsync({h}.fileno())");
    let mut edits = vec![statements::insert_after(model, last, &code)?];
    edits.extend(import);
    Some(edits)
}
