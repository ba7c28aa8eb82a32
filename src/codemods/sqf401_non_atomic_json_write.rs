//! SQF401 non-atomic-json-write: a checkpoint JSON written in place.
//!
//! Matches `with open(p, "w") as f:` (also `Path.open("w")`) whose body dumps JSON
//! into `f` (`json.dump(obj, f)` or `f.write(json.dumps(obj))`), and
//! `Path.write_text(json.dumps(obj))`; pydantic's `model.model_dump_json()` and
//! `TypeAdapter(...).dump_json(obj)` count as `json.dumps`. A write to a temporary name that the same
//! function then moves into place with `os.replace`/`os.rename` is already atomic
//! and left to SQF404, which checks the temporary name.
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
//! parameter filled elsewhere).
//!
//! The fix swaps `open` for `_atomic_open`, a context manager defined once per
//! module: same arguments, same file object, but the data goes to a unique
//! temporary file that is fsynced and renamed over the target on success.
//!
//! With `json-atomic-helper = "pkg.module.function"` in the configuration, the fix
//! imports and calls that project helper instead of defining `_atomic_open`. It
//! must have `_atomic_open`'s contract: a context manager called as
//! `function(path, mode="w", **open_kwargs)` that yields a writable file object
//! and atomically replaces `path` when the block succeeds.

use ruff_python_ast::{self as ast, Expr, Stmt};
use ruff_text_size::{Ranged, TextRange};

use super::{Codemod, Context};
use crate::finding::Finding;
use crate::fix::{Edit, Fix, codegen};
use crate::semantic::file_readers::{ReadBack, Readers};
use crate::semantic::model::{AssignKind, Call, Callee, Model, Target};
use crate::semantic::{path_idents, temporary, visit};

pub struct NonAtomicJsonWrite;

pub const OPEN_HELPER: &str = "_atomic_open";
pub const WRITE_TEXT_HELPER: &str = "_atomic_write_text";

const JSON_MODULES: &[&str] = &["json", "simplejson", "ujson", "orjson", "rapidjson"];

impl Codemod for NonAtomicJsonWrite {
    crate::codemod_meta!("SQF401-non-atomic-json-write");

    fn check(&self, ctx: &Context<'_, '_>, out: &mut Vec<Finding>) {
        // Tests write fixtures nobody reads concurrently (semantic::paths).
        if ctx.in_test_module() {
            return;
        }
        let model = ctx.model;
        for call in &model.calls {
            // A one-shot command's crash fails the command in front of its user.
            if crate::semantic::entry_points::runs_once(model, call.scope, call.expr.start()) {
                continue;
            }
            if let Some(finding) =
                with_open(self, ctx, call).or_else(|| write_text(self, ctx, call))
            {
                out.push(finding);
            }
        }
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
        ctx.project
            .index
            .memo(|index| {
                Readers::of_reads(index.modules.iter().flat_map(|m| &m.facts.file_reads))
            })
            .read_back(&ident),
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

/// `with open(p, "w") as f:` dumping JSON into `f`.
fn with_open(
    codemod: &NonAtomicJsonWrite,
    ctx: &Context<'_, '_>,
    call: &Call<'_>,
) -> Option<Finding> {
    let model = ctx.model;
    let Stmt::With(with) = call.stmt else {
        return None;
    };
    if call.parent.is_some() {
        return None;
    }
    let item = with
        .items
        .iter()
        .find(|i| i.context_expr.range() == call.range())?;
    let Some(Expr::Name(handle)) = item.optional_vars.as_deref() else {
        return None;
    };
    let opener = opener_of(model, call)?;
    let mode_expr = match &opener {
        Opener::Builtin => call.argument(1, "mode"),
        Opener::PathMethod(_) => call.argument(0, "mode"),
    }?;
    let Expr::StringLiteral(mode) = mode_expr else {
        return None;
    };
    let mode = mode.value.to_str();
    if !mode.contains('w') || mode.contains('+') {
        return None;
    }
    if !dumps_json_into(model, &with.body, handle.id.as_str(), call.scope) {
        return None;
    }
    let target = match &opener {
        Opener::Builtin => call.argument(0, "file")?,
        Opener::PathMethod(receiver) => receiver,
    };
    if is_renamed_into_place(model, call, target)
        || in_temporary_place(model, call, target)
        || never_read_back(ctx, call, target)
    {
        return None;
    }
    let message = "Checkpoint JSON written in place with `open(..., \"w\")`: a crash mid-write leaves a truncated file";
    let (opener_name, opener_edits) = atomic_opener(ctx);
    let mut edits = match &opener {
        Opener::Builtin => vec![Edit::replace(call.expr.func.range(), opener_name.clone())],
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
    if !is_json_dumps(model, data, call.scope) {
        return None;
    }
    let Expr::Attribute(attr) = &*call.expr.func else {
        return None;
    };
    if is_renamed_into_place(model, call, &attr.value)
        || in_temporary_place(model, call, &attr.value)
        || never_read_back(ctx, call, &attr.value)
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
    let mut edits = vec![Edit::replace(
        call.range(),
        format!(
            "{WRITE_TEXT_HELPER}({receiver_text}, {mode}, {})",
            inner.trim()
        ),
    )];
    let (opener_name, opener_edits) = atomic_opener(ctx);
    edits.extend(opener_edits);
    edits.extend(write_text_helper_edits(model, &opener_name));
    let message = format!(
        "Checkpoint JSON written in place with `{name}`: a crash mid-write leaves a truncated file"
    );
    Some(
        Finding::new(codemod.meta(), call.range(), message).with_fix(Fix::safe(
            format!("Write through `{WRITE_TEXT_HELPER}` (temp file, fsync, os.replace)"),
            edits,
        )),
    )
}

enum Opener<'a> {
    Builtin,
    /// `receiver.open(mode, ...)` on a `pathlib.Path`.
    PathMethod(&'a Expr),
}

fn opener_of<'a>(model: &Model<'a>, call: &Call<'a>) -> Option<Opener<'a>> {
    match call.qualified() {
        Some("builtins.open" | "io.open") => return Some(Opener::Builtin),
        Some(_) => return None,
        None => {}
    }
    let Expr::Attribute(attr) = &*call.expr.func else {
        return None;
    };
    (attr.attr.as_str() == "open" && is_path(model, &attr.value, call.scope, 0))
        .then_some(Opener::PathMethod(&attr.value))
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
                Some("pathlib.Path" | "pathlib.PurePath" | "pathlib.PosixPath")
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
    let id = match func {
        Expr::Name(name) => model.scopes.module_function(name.id.as_str()),
        Expr::Attribute(attr) if matches!(&*attr.value, Expr::Name(n) if n.id.as_str() == "self") => {
            model
                .scopes
                .enclosing_class(scope)
                .and_then(|class| model.scopes.method(class, attr.attr.as_str()))
        }
        _ => None,
    };
    id.is_some_and(|id| {
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

/// `json.dump(obj, f)` or `f.write(json.dumps(obj))` in `body`.
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
                return call
                    .arguments
                    .args
                    .first()
                    .is_some_and(|a| is_json_dumps(model, a, scope));
            }
        }
        false
    })
}

fn is_json_dumps(model: &Model<'_>, expr: &Expr, scope: Option<usize>) -> bool {
    match expr {
        Expr::Call(call) => {
            if let Some(callee) = model.resolve(&call.func, scope) {
                return JSON_MODULES.iter().any(|m| callee == format!("{m}.dumps"));
            }
            // json.dumps(obj).encode(); pydantic's own serializers give the same
            // JSON text (`model.model_dump_json()`) or bytes
            // (`TypeAdapter(T).dump_json(obj)`), so their writes are the same
            // checkpoint when the program reads the file back.
            if let Expr::Attribute(attr) = &*call.func {
                return match attr.attr.as_str() {
                    "encode" => is_json_dumps(model, &attr.value, scope),
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
                    && is_json_dumps(model, a.value, scope)
            }),
        _ => false,
    }
}

/// The target is a temporary that the function renames into place afterwards:
/// already atomic (its temporary name is SQF404's business).
fn is_renamed_into_place(model: &Model<'_>, call: &Call<'_>, target: &Expr) -> bool {
    let target_text = model.slice(target.range());
    model.calls.iter().any(|other| {
        other.scope == call.scope
            && other.range().start() > call.range().start()
            && (matches!(
                other.qualified(),
                Some("os.replace" | "os.rename" | "shutil.move")
            ) || matches!(other.method_name(), Some("replace" | "rename")))
            && {
                let source = match other.qualified() {
                    Some(_) => other.argument(0, "src").map(|e| model.slice(e.range())),
                    None => match &*other.expr.func {
                        Expr::Attribute(a) => Some(model.slice(a.value.range())),
                        _ => None,
                    },
                };
                source == Some(target_text)
            }
    })
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
