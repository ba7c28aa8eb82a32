//! Where the project reads files back, and whether each reader survives a torn
//! file. A checkpoint is a file the program reads back to carry on; a file that
//! nothing opens for reading is an export, a report or a dump for people, and a
//! file whose every reader treats undecodable JSON as a miss (returns nothing:
//! a cache lookup that refetches, a poll that tries again) loses nothing when a
//! write is cut short. Readers are matched to writers by [`PathIdent`].

use rustc_hash::FxHashMap as HashMap;

use ruff_python_ast::{self as ast, Expr, Stmt};
use ruff_text_size::{Ranged, TextRange};

use super::model::{Call, Model};
use super::path_idents::{self, PathIdent};
use super::refs::CallRef;
use super::visit;

pub(crate) const JSON_MODULES: &[&str] = &["json", "simplejson", "ujson", "orjson", "rapidjson"];

/// The binary loads beside those of [`EOF_ON_EMPTY`].
const OTHER_BINARY_LOADS: &[&str] = &["joblib.load", "numpy.load", "torch.load"];

/// Loads of binary state (a pickle, a marshal dump, a numpy array, a torch
/// object): a parse like `json.load`, which a truncated file makes fail.
fn is_binary_load(q: &str) -> bool {
    EOF_ON_EMPTY.contains(&q) || OTHER_BINARY_LOADS.contains(&q)
}

/// A place that opens a file for reading.
#[derive(Debug, Clone)]
pub struct FileRead {
    pub ident: PathIdent,
    /// Every JSON parse in the reading function treats a decode error as a miss:
    /// it returns nothing, and the caller fetches again or polls again.
    pub tolerant: bool,
    /// Every JSON parse in the reading function is guarded by a handler that
    /// catches decode errors and does not raise: a torn file is skipped or
    /// taken for a miss, and the reader goes on.
    pub survives: bool,
    /// The reading function parses JSON at all (`json.load`, a pydantic parse),
    /// or loads binary state (`pickle.load`, `np.load`).
    pub parses_json: bool,
    /// The reading function turns what it read into a number
    /// (`int(path.read_text())`, `int(f.read().strip())`): the file holds one
    /// value, a position or a serial, that an empty file makes unparseable.
    pub parses_number: bool,
    /// The reading function takes the file line by line (`for line in f`,
    /// `f.readlines()`, `.read().splitlines()`): a line-per-record store.
    pub reads_lines: bool,
    /// The qualified name of the function that reads, `None` at module level:
    /// a writer that reads its own file just before rewriting it edits the
    /// file, it does not show that anything loads it back.
    pub function: Option<String>,
    pub line: usize,
}

/// The module's reads of files.
pub fn of_module(model: &Model<'_>) -> Vec<FileRead> {
    let mut out = Vec::new();
    for call in &model.calls {
        // An INI parser reads the path it is given (`parser.read(path)`).
        let Some(path) = read_path(call)
            .or_else(|| super::config_formats::ini_read_path(model, call.expr, call.scope))
        else {
            continue;
        };
        let ident = path_idents::of_expr(model, path, call.scope);
        if ident.is_empty() {
            continue;
        }
        // A reader that lets an empty pickle's `EOFError` through crashes on
        // the file a concurrent run has just truncated, whatever else it catches.
        let empty_caught = empty_pickle_caught(model, call);
        out.push(FileRead {
            ident,
            tolerant: empty_caught
                && (tolerant_reader(model, call) || deleting_reader(model, call, path)),
            survives: (empty_caught && every_parse(model, call, guarded_without_raise))
                || callers_survive(model, call),
            parses_json: every_parse(model, call, |_, _| true),
            parses_number: model.calls_in(call.scope).any(is_number_parse),
            reads_lines: reads_lines(model, call),
            function: call
                .scope
                .map(|id| model.scopes.function(id).qualname.clone()),
            line: model.line_column(call.range().start()).0,
        });
    }
    out
}

/// The functions of the module that open a file their caller names for
/// reading (`def load_json(path): return json.load(open(path))`): qualname and
/// the parameter's name. Their callers' paths are files the project reads back.
pub fn parameter_reads(model: &Model<'_>) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    for call in &model.calls {
        let (Some(scope), Some(path)) = (call.scope, read_path(call)) else {
            continue;
        };
        let function = model.scopes.function(scope);
        let path = match path {
            // `Path(p)`, `str(p)`: the same file.
            Expr::Call(c) if c.arguments.args.len() == 1 && c.arguments.keywords.is_empty() => {
                &c.arguments.args[0]
            }
            other => other,
        };
        let Expr::Name(name) = path else {
            continue;
        };
        let name = name.id.as_str();
        let rebound = model
            .assignments_of(Some(scope), name)
            .iter()
            .any(|a| a.scope == Some(scope));
        if function.has_parameter(name) && !rebound {
            let entry = (function.qualname.clone(), name.to_string());
            if !out.contains(&entry) {
                out.push(entry);
            }
        }
    }
    out
}

/// The path a call opens for reading: `open(p)`, `open(p, "rb")`, `open(p, "r+")`,
/// `aiofiles.open(p)`, `p.open()`, `p.read_text()`, `p.read_bytes()`,
/// `portalocker.Lock(p, mode="rb")`.
pub(crate) fn read_path<'a>(call: &Call<'a>) -> Option<&'a Expr> {
    // "r+" reads too (it opens for update without truncating); "w+" and "a+"
    // are writers that can also read.
    let reading = |mode: Option<&Expr>| match mode {
        None => true,
        Some(Expr::StringLiteral(m)) => !m.value.to_str().contains(['w', 'a', 'x']),
        Some(_) => false,
    };
    match call.qualified() {
        Some(
            "builtins.open"
            | "builtins.file"
            | "io.open"
            | "codecs.open"
            | "aiofiles.open"
            | "aiofiles.threadpool.open",
        ) => reading(call.argument(1, "mode")).then(|| call.argument(0, "file"))?,
        // A lock helper that opens the file it locks, in a reading mode
        // (`portalocker.Lock(p, mode="rb")`; its default mode appends).
        Some(
            "portalocker.Lock"
            | "portalocker.RLock"
            | "portalocker.utils.Lock"
            | "portalocker.utils.RLock",
        ) => match call.argument(1, "mode") {
            Some(Expr::StringLiteral(m)) if !m.value.to_str().contains(['w', 'a', 'x']) => {
                call.argument(0, "filename")
            }
            _ => None,
        },
        // Loaders that open the path they are given: the file is read back.
        Some("numpy.load" | "torch.load" | "joblib.load") => call.expr.arguments.args.first(),
        // `gzip.open(p)`, `bz2.open(p, "rt")`: a compressed file read back.
        Some(_) => super::stream_openers::read_path(call),
        None => {
            let Expr::Attribute(attr) = &*call.expr.func else {
                return None;
            };
            match attr.attr.as_str() {
                "read_text" | "read_bytes" => Some(&attr.value),
                "open" => reading(call.argument(0, "mode")).then_some(&*attr.value),
                _ => None,
            }
        }
    }
}

/// Whether every JSON parse in the reader's function is guarded by a handler
/// that catches decode errors and reports a miss: it returns nothing (`None`),
/// as a cache lookup or a poll of a status file does. A reader that carries on
/// with an empty or default state after the error (a resume that starts over)
/// or skips an item of a listing loses what the file held.
fn tolerant_reader(model: &Model<'_>, read: &Call<'_>) -> bool {
    every_parse(model, read, guarded_and_skipped)
}

/// Whether every JSON parse in the reader's function is guarded by a handler
/// that catches decode errors and deletes the file it read (`except
/// json.JSONDecodeError: os.remove(p)`): the program throws a torn file away
/// and makes it again (a token fetched anew, a session cookie got by logging
/// in again), as it does when the file is missing. A miss, not a lost state.
fn deleting_reader(model: &Model<'_>, read: &Call<'_>, path: &Expr) -> bool {
    let path_text = model.slice(path.range());
    every_parse(model, read, |body, range| {
        guarded_by(body, range, |h| {
            !visit::any_stmt(&h.body, |s| matches!(s, Stmt::Raise(_)))
                && model
                    .calls_in(read.scope)
                    .any(|c| h.range().contains_range(c.range()) && deletes(model, c, path_text))
        })
    })
}

/// `os.remove(p)`, `os.unlink(p)`, `p.unlink()` (also with `missing_ok`), of
/// the path spelled `path_text`, or of `Path(p)`; also a project's own
/// removal helper handed the path first (`platform_utils.remove(p)`,
/// `fs.delete_file(p)`, `safe_unlink(p)`): a portability wrapper around
/// `os.remove` deletes the file as surely.
fn deletes(model: &Model<'_>, call: &Call<'_>, path_text: &str) -> bool {
    let same = |e: &Expr| {
        let text = model.slice(e.range());
        text == path_text
            || matches!(e, Expr::Call(c) if c.arguments.args.len() == 1
                && model.slice(c.arguments.args[0].range()) == path_text)
    };
    if matches!(call.qualified(), Some("os.remove" | "os.unlink")) {
        return call.argument(0, "path").is_some_and(same);
    }
    match &*call.expr.func {
        Expr::Attribute(a)
            if a.attr.as_str() == "unlink" && call.expr.arguments.args.is_empty() =>
        {
            same(&a.value)
        }
        func => {
            let name = match func {
                Expr::Name(n) => n.id.as_str(),
                Expr::Attribute(a) => a.attr.as_str(),
                _ => return false,
            };
            removal_name(name) && call.expr.arguments.args.first().is_some_and(same)
        }
    }
}

/// A function name that says it deletes a file: `remove`, `unlink`,
/// `delete_file`, `safe_remove`, `rm` (not `remove_item`-like list edits of
/// another word: the path handed first is what it deletes).
fn removal_name(name: &str) -> bool {
    let name = name.to_ascii_lowercase();
    name == "rm"
        || name
            .split('_')
            .any(|w| matches!(w, "remove" | "unlink" | "delete" | "rm" | "rmtree"))
}

/// The innermost `try` around the parse at `range` whose handlers catch decode
/// errors: whether each of those handlers passes `ok`.
fn guarded_by(
    body: &[Stmt],
    range: TextRange,
    ok: impl Fn(&ast::ExceptHandlerExceptHandler) -> bool,
) -> bool {
    innermost_decode_try(body, range).is_some_and(|(_, _, handlers)| handlers.into_iter().all(ok))
}

type StmtPath<'a> = Vec<(&'a [Stmt], usize)>;

/// The path to the parse at `range`, the level of the innermost `try` whose
/// body holds it and that catches decode errors, and those handlers.
fn innermost_decode_try(
    body: &[Stmt],
    range: TextRange,
) -> Option<(StmtPath<'_>, usize, Vec<&ast::ExceptHandlerExceptHandler>)> {
    let mut path = Vec::new();
    if !path_to(body, range, &mut path) {
        return None;
    }
    for level in (0..path.len()).rev() {
        let (suite, i) = path[level];
        if let Stmt::Try(t) = &suite[i]
            && let Some(handlers) = decode_handlers(t, range)
        {
            return Some((path, level, handlers));
        }
    }
    None
}

/// The handlers of `t` that catch decode errors, when its body holds the parse
/// at `range` and there are any.
fn decode_handlers(
    t: &ast::StmtTry,
    range: TextRange,
) -> Option<Vec<&ast::ExceptHandlerExceptHandler>> {
    let in_body = t
        .body
        .first()
        .zip(t.body.last())
        .is_some_and(|(a, b)| TextRange::new(a.start(), b.end()).contains_range(range));
    let handlers: Vec<&ast::ExceptHandlerExceptHandler> = t
        .handlers
        .iter()
        .map(|h| match h {
            ast::ExceptHandler::ExceptHandler(h) => h,
        })
        .filter(|h| catches_decode_error(h.type_.as_deref()))
        .collect();
    (in_body && !handlers.is_empty()).then_some(handlers)
}

/// Loads that raise `EOFError` (not `UnpicklingError`) on an empty file: the
/// state a reader sees between another run's truncating `open(p, "wb")` and
/// its first write (docs/sqlite-facts.md#F-empty-pickle).
const EOF_ON_EMPTY: &[&str] = &[
    "pickle.load",
    "pickle.loads",
    "_pickle.load",
    "_pickle.loads",
    "cPickle.load",
    "cPickle.loads",
    "dill.load",
    "dill.loads",
    "cloudpickle.load",
    "cloudpickle.loads",
    "marshal.load",
    "marshal.loads",
];

/// Every pickle or marshal load in the reader's function sits in a `try` with
/// a handler for `EOFError` (or a broad one): `except (pickle.UnpicklingError,
/// ValueError)` alone survives a cut pickle but not an empty file. A reader
/// with no such load passes.
fn empty_pickle_caught(model: &Model<'_>, read: &Call<'_>) -> bool {
    let body: &[Stmt] = match read.scope {
        Some(id) => &model.scopes.function(id).def.body,
        None => model.suite,
    };
    model
        .calls_in(read.scope)
        .filter(|c| c.qualified().is_some_and(|q| EOF_ON_EMPTY.contains(&q)))
        .all(|load| {
            let mut path = Vec::new();
            path_to(body, load.range(), &mut path)
                && path.iter().any(|&(suite, i)| {
                    let Stmt::Try(t) = &suite[i] else {
                        return false;
                    };
                    let in_body = t.body.first().zip(t.body.last()).is_some_and(|(a, b)| {
                        TextRange::new(a.start(), b.end()).contains_range(load.range())
                    });
                    in_body
                        && t.handlers.iter().any(|h| {
                            let ast::ExceptHandler::ExceptHandler(h) = h;
                            catches_eof(h.type_.as_deref())
                        })
                })
        })
}

/// A handler type that catches `EOFError`: bare, broad, or naming it.
fn catches_eof(kind: Option<&Expr>) -> bool {
    let Some(kind) = kind else {
        return true;
    };
    match kind {
        Expr::Tuple(t) => t.elts.iter().any(|e| catches_eof(Some(e))),
        Expr::Name(n) => matches!(n.id.as_str(), "Exception" | "BaseException" | "EOFError"),
        Expr::Attribute(a) => a.attr.as_str() == "EOFError",
        _ => false,
    }
}

/// The reading function parses what it read unguarded, but every call of it in
/// its module is in a `try` whose handlers for decode errors do not raise
/// (`try: data = self._load() except Exception: data = {}`): the recovery is
/// the caller's, and a torn file is survived all the same.
fn callers_survive(model: &Model<'_>, read: &Call<'_>) -> bool {
    let Some(scope) = read.scope else {
        return false;
    };
    if !every_parse(model, read, |_, _| true) {
        return false;
    }
    let name = model.scopes.function(scope).def.name.as_str();
    let mut callers = model
        .calls_named(name)
        .filter(|c| c.scope != Some(scope))
        .peekable();
    callers.peek().is_some()
        && callers.all(|c| {
            let body: &[Stmt] = match c.scope {
                Some(id) => &model.scopes.function(id).def.body,
                None => model.suite,
            };
            guarded_without_raise(body, c.range())
        })
}

fn every_parse(
    model: &Model<'_>,
    read: &Call<'_>,
    guarded: impl Fn(&[Stmt], TextRange) -> bool,
) -> bool {
    let body: &[Stmt] = match read.scope {
        Some(id) => &model.scopes.function(id).def.body,
        None => model.suite,
    };
    let mut parses = model.calls_in(read.scope).filter(|c| {
        is_number_parse(c)
            || c.qualified().is_some_and(|q| {
                JSON_MODULES
                    .iter()
                    .any(|m| q == format!("{m}.load") || q == format!("{m}.loads"))
                    || is_binary_load(q)
            })
            || super::config_formats::is_parse(model, c.expr, c.scope)
            || matches!(
                &*c.expr.func,
                // pydantic parses JSON text into a model (v2, v1 and `TypeAdapter`),
                // whether the model class is local or imported.
                Expr::Attribute(a) if matches!(
                    a.attr.as_str(),
                    "model_validate_json" | "parse_raw" | "parse_file" | "validate_json"
                )
            )
    });
    let first = parses.next();
    first.is_some()
        && first
            .into_iter()
            .chain(parses)
            .all(|p| guarded(body, p.range()))
}

/// The reading function takes what `read` opens line by line: a `for` over
/// the opened file (`for line in open(p)`, `with open(p) as f: for line in
/// f`), or `readlines()`/`splitlines()` in the function.
fn reads_lines(model: &Model<'_>, read: &Call<'_>) -> bool {
    if model
        .calls_in(read.scope)
        .any(|c| matches!(c.method_name(), Some("readlines" | "splitlines")))
    {
        return true;
    }
    let handle = bound_handle(read);
    let body: &[Stmt] = match read.scope {
        Some(id) => &model.scopes.function(id).def.body,
        None => model.suite,
    };
    visit::any_stmt(body, |s| {
        let Stmt::For(f) = s else {
            return false;
        };
        f.iter.range() == read.range()
            || matches!(&*f.iter, Expr::Name(n) if Some(n.id.as_str()) == handle)
    })
}

/// The name the file `open` returns is bound to: `with open(p) as f`, or
/// `f = open(p)` on its own.
pub(crate) fn bound_handle<'a>(open: &Call<'a>) -> Option<&'a str> {
    let target = match open.stmt {
        Stmt::With(with) => with
            .items
            .iter()
            .find(|i| i.context_expr.range() == open.range())?
            .optional_vars
            .as_deref()?,
        Stmt::Assign(a) if a.value.range() == open.range() && a.targets.len() == 1 => &a.targets[0],
        _ => return None,
    };
    match target {
        Expr::Name(n) => Some(n.id.as_str()),
        _ => None,
    }
}

/// `int(...)` or `float(...)` of text read from a file: `int(p.read_text())`,
/// `int(f.read().strip())`, `float(open(p).readline())`. An empty or cut file
/// raises `ValueError` there as a torn JSON document does in `json.loads`
/// (docs/sqlite-facts.md#F-number-file-torn).
fn is_number_parse(call: &Call<'_>) -> bool {
    if !matches!(call.qualified(), Some("builtins.int" | "builtins.float")) {
        return false;
    }
    let Some(arg) = call.expr.arguments.args.first() else {
        return false;
    };
    visit::any_sub_expr(arg, |e| {
        matches!(e, Expr::Call(c) if matches!(&*c.func, Expr::Attribute(a)
            if matches!(a.attr.as_str(), "read" | "read_text" | "readline")))
    })
}

/// The parse at `range` is in the body of a `try` whose handlers for decode
/// errors do not raise.
fn guarded_without_raise(body: &[Stmt], range: TextRange) -> bool {
    let mut path = Vec::new();
    if !path_to(body, range, &mut path) {
        return false;
    }
    path.iter().rev().any(|&(suite, i)| {
        let Stmt::Try(t) = &suite[i] else {
            return false;
        };
        decode_handlers(t, range).is_some_and(|handlers| {
            handlers
                .iter()
                .all(|h| !visit::any_stmt(&h.body, |s| matches!(s, Stmt::Raise(_))))
        })
    })
}

fn guarded_and_skipped(body: &[Stmt], range: TextRange) -> bool {
    let Some((path, level, handlers)) = innermost_decode_try(body, range) else {
        return false;
    };
    handlers.iter().all(|h| {
        !visit::any_stmt(&h.body, |s| matches!(s, Stmt::Raise(_)))
            && match h.body.last() {
                Some(Stmt::Return(r)) => {
                    returns_nothing(r) || r.value.as_deref().is_some_and(recomputes)
                }
                // `except ValueError: data = rebuild(src)` (then saved again).
                _ if h
                    .body
                    .iter()
                    .any(|s| matches!(s, Stmt::Assign(a) if recomputes(&a.value))) =>
                {
                    true
                }
                _ => rest_leaves(&path[..=level]),
            }
    })
}

/// The handler computes the value again from its source: it calls a
/// function of the program with what to build it from
/// (`return build_index(SOURCE_DIR)`, `data = self._scan(folder)`). A torn
/// file costs the time to compute it again, as a missing one does. Starting
/// over with an empty or default state (`{}`, `dict(DEFAULTS)`, `State()`,
/// `copy.deepcopy(DEFAULT)`) is not a recomputation: what the file held is
/// gone.
fn recomputes(value: &Expr) -> bool {
    let Expr::Call(call) = value else {
        return false;
    };
    let name = match &*call.func {
        Expr::Name(n) => n.id.as_str(),
        Expr::Attribute(a) => a.attr.as_str(),
        _ => return false,
    };
    let default_maker = matches!(
        name,
        "dict"
            | "list"
            | "set"
            | "tuple"
            | "copy"
            | "deepcopy"
            | "defaultdict"
            | "OrderedDict"
            | "Counter"
            | "fromkeys"
            | "get"
            | "default"
            | "defaults"
    ) || name.starts_with("default")
        || name.starts_with("empty")
        || name.starts_with("new_")
        || name.starts_with(|c: char| c.is_ascii_uppercase());
    !default_maker && !call.arguments.is_empty()
}

/// After the statement at the end of `path`, the function returns nothing: it
/// reports a miss. Going round a loop instead drops one item of a listing, and
/// returning a default state forgets the state: neither is a miss.
fn rest_leaves(path: &[(&[Stmt], usize)]) -> bool {
    for level in (0..path.len()).rev() {
        let (suite, i) = path[level];
        match suite.get(i + 1) {
            Some(Stmt::Return(r)) => return returns_nothing(r),
            Some(_) => return false,
            None => {}
        }
        if level > 0
            && matches!(
                path[level - 1].0[path[level - 1].1],
                Stmt::For(_) | Stmt::While(_)
            )
        {
            return false;
        }
    }
    true
}

/// `return` or `return None`.
fn returns_nothing(r: &ast::StmtReturn) -> bool {
    r.value.as_deref().is_none_or(Expr::is_none_literal_expr)
}

/// The suites and positions from `body` down to the statement holding `range`.
fn path_to<'a>(body: &'a [Stmt], range: TextRange, path: &mut Vec<(&'a [Stmt], usize)>) -> bool {
    let Some(i) = body.iter().position(|s| s.range().contains_range(range)) else {
        return false;
    };
    path.push((body, i));
    for suite in visit::block_suites(&body[i]) {
        if path_to(suite, range, path) {
            return true;
        }
    }
    true
}

fn catches_decode_error(kind: Option<&Expr>) -> bool {
    let Some(kind) = kind else {
        return true;
    };
    match kind {
        Expr::Tuple(t) => t.elts.iter().any(|e| catches_decode_error(Some(e))),
        // A cut pickle raises `EOFError` or `UnpicklingError`, a cut zlib
        // stream `zlib.error`.
        Expr::Name(n) => matches!(
            n.id.as_str(),
            "Exception"
                | "BaseException"
                | "ValueError"
                | "JSONDecodeError"
                | "ValidationError"
                | "EOFError"
                | "UnpicklingError"
                | "PickleError"
                | "YAMLError"
                | "TOMLDecodeError"
                | "TomlDecodeError"
                | "ParsingError"
                | "MissingSectionHeaderError"
        ),
        // pydantic raises `ValidationError` for torn JSON as for a wrong shape.
        Expr::Attribute(a) => matches!(
            a.attr.as_str(),
            "JSONDecodeError"
                | "DecodeError"
                | "ValidationError"
                | "UnpicklingError"
                | "error"
                | "YAMLError"
                | "TOMLDecodeError"
                | "TomlDecodeError"
                | "ParseError"
                | "ParsingError"
                | "MissingSectionHeaderError"
        ),
        _ => false,
    }
}

/// A call that hands JSON text to a function of the project
/// (`write_file(STATS_FILE, json.dumps(stats))`): a generic writer's callers say
/// what it writes, and where.
#[derive(Debug, Clone)]
pub struct JsonPass {
    pub callee: CallRef,
    /// Position of the JSON text among the positional arguments.
    pub text: usize,
    /// Every positional argument, as a path.
    pub args: Vec<PathIdent>,
    pub line: usize,
}

/// A call of a project function with the paths it passes
/// (`save_json(out / f"summary_{run}.json", results)`): a JSON helper that
/// writes the file its parameter names writes a checkpoint only for callers
/// whose file the project reads back.
#[derive(Debug, Clone)]
pub struct PathPass {
    pub callee: CallRef,
    /// Every positional argument, as a path, and whether its name is new on
    /// every run (per_run_names).
    pub args: Vec<(PathIdent, bool)>,
    /// Every keyword argument by its name, the same way.
    pub keywords: Vec<(String, PathIdent, bool)>,
    /// A `*args` or `**kwargs` splat: what reaches each parameter is unknown.
    pub splat: bool,
}

/// Whether and how the project reads back the file a writer names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReadBack {
    /// Some reader parses it and goes on with what it read.
    Read,
    /// Every reader treats a torn file as a miss (a cache, a poll).
    OnlyTolerant,
    /// Nothing in the project opens it for reading.
    Never,
}

/// The path says it is a cache: a file name or a symbol it goes through has
/// the word `cache` (`CACHE_DIR`, `repos-cache.json`, `self.cache_path`). The
/// author keeps there what can be fetched or computed again.
pub fn names_a_cache(ident: &PathIdent) -> bool {
    ident
        .names
        .iter()
        .chain(&ident.keys)
        .any(|s| words(s).any(|w| w == "cache" || w == "cached"))
}

/// A symbol every path may go through (`os.path`, a variable `path`, a
/// parameter `filename`): sharing it says nothing about which file it is.
fn generic_path_word(symbol: &str) -> bool {
    words(symbol).all(|w| {
        matches!(
            w.as_str(),
            "path"
                | "paths"
                | "file"
                | "filename"
                | "fname"
                | "fn"
                | "name"
                | "filepath"
                | "dir"
                | "dirname"
                | "folder"
                | "directory"
                | "dest"
                | "destination"
                | "target"
                | "out"
                | "output"
                | "src"
                | "source"
                | "p"
                | "f"
        )
    })
}

/// The lowercase words of a name: split at non-letters and at `camelCase`.
pub fn words(s: &str) -> impl Iterator<Item = String> + '_ {
    let mut out = Vec::new();
    let mut word = String::new();
    let mut prev_lower = false;
    for c in s.chars() {
        if !c.is_alphabetic() {
            if !word.is_empty() {
                out.push(std::mem::take(&mut word));
            }
            prev_lower = false;
            continue;
        }
        if c.is_uppercase() && prev_lower && !word.is_empty() {
            out.push(std::mem::take(&mut word));
        }
        prev_lower = c.is_lowercase();
        word.extend(c.to_lowercase());
    }
    if !word.is_empty() {
        out.push(word);
    }
    out.into_iter()
}

/// Every read of the project, by file name and by symbol.
#[derive(Debug, Default)]
pub struct Readers {
    reads: Vec<FileRead>,
    /// The module of each read, when the table was built for a project.
    modules: Vec<Option<usize>>,
    by_name: HashMap<String, Vec<usize>>,
    by_key: HashMap<String, Vec<usize>>,
}

impl Readers {
    /// The table of the reads given (every module's, for a project).
    pub fn of_reads<'r>(reads: impl Iterator<Item = &'r FileRead>) -> Readers {
        Readers::of_module_reads(reads.map(|read| (None, read)))
    }

    /// The table of a project's reads, each with the index of its module.
    pub fn of_module_reads<'r>(
        reads: impl Iterator<Item = (Option<usize>, &'r FileRead)>,
    ) -> Readers {
        let mut readers = Readers::default();
        for (module, read) in reads {
            readers.modules.push(module);
            let id = readers.reads.len();
            for n in &read.ident.names {
                readers.by_name.entry(n.clone()).or_default().push(id);
            }
            for k in &read.ident.keys {
                readers.by_key.entry(k.clone()).or_default().push(id);
            }
            readers.reads.push(read.clone());
        }
        readers
    }

    /// `None` when the writer's path does not say which file it is (a
    /// parameter, a value computed elsewhere): any reader may read it.
    pub fn read_back(&self, writer: &PathIdent) -> Option<ReadBack> {
        if writer.opaque || writer.is_empty() {
            return None;
        }
        let cache = names_a_cache(writer);
        let mut verdict = ReadBack::Never;
        for read in self.readers_of(writer) {
            // A cache whose reader survives a torn file fetches what it held
            // again: the reader's default is a miss, not a state started over.
            let miss = read.tolerant || (read.survives && (cache || names_a_cache(&read.ident)));
            if !miss {
                return Some(ReadBack::Read);
            }
            verdict = ReadBack::OnlyTolerant;
        }
        Some(verdict)
    }

    /// Whether a reader of the writer's file parses it as a number and goes on
    /// with it (not a miss): the file holds one value the program resumes from.
    pub fn number_read_back(&self, writer: &PathIdent) -> bool {
        !writer.opaque
            && !writer.is_empty()
            && self
                .readers_of(writer)
                .any(|read| read.parses_number && !read.tolerant)
    }

    /// Whether a reader of the writer's file takes it line by line: the file
    /// is a line-per-record store the program loads back. The reader must
    /// name the same file: a spelled file name both share, or, when the
    /// writer spells none, a symbol of its own that both go through (not a
    /// word any path has, `path` or `filename`) and no file name of the
    /// reader's own (a folder symbol the two share holds other files too).
    /// A reader in the writing function itself (`writing`: module and
    /// qualified name) reads the file to edit it, as a tool rewriting another
    /// program's source or configuration does: it is not a load of the
    /// records. Nor is a reader in a module `skip` names (a test checking
    /// what was written).
    pub fn lines_read_back(
        &self,
        writer: &PathIdent,
        writing: (usize, Option<&str>),
        skip: impl Fn(usize) -> bool,
    ) -> bool {
        !writer.opaque
            && !writer.is_empty()
            && self.reader_ids(writer).any(|id| {
                let read = &self.reads[id];
                let same_file = if writer.names.is_empty() {
                    read.ident.names.is_empty()
                        && read
                            .ident
                            .keys
                            .intersection(&writer.keys)
                            .any(|k| !generic_path_word(k))
                } else {
                    read.ident.names.iter().any(|n| writer.names.contains(n))
                };
                let module = self.modules[id];
                let editing = writing.1.is_some()
                    && module == Some(writing.0)
                    && read.function.as_deref() == writing.1;
                read.reads_lines && same_file && !editing && !module.is_some_and(&skip)
            })
    }

    /// Whether no reader of the writer's file stops at a torn one: each that
    /// the project shows skips it or takes it for a miss.
    pub fn none_stops(&self, writer: &PathIdent) -> bool {
        writer.opaque
            || writer.is_empty()
            || self
                .readers_of(writer)
                .all(|read| read.tolerant || read.survives)
    }

    fn readers_of<'s>(&'s self, writer: &'s PathIdent) -> impl Iterator<Item = &'s FileRead> {
        self.reader_ids(writer).map(|id| &self.reads[id])
    }

    fn reader_ids<'s>(&'s self, writer: &'s PathIdent) -> impl Iterator<Item = usize> + 's {
        writer
            .names
            .iter()
            .filter_map(|n| self.by_name.get(n))
            .chain(writer.keys.iter().filter_map(|k| self.by_key.get(k)))
            .flatten()
            .copied()
            // Two spelled file names decide; a shared folder or symbol alone
            // does not make `export.json` the reader's `state.json`.
            // A reader that spells no file name matches by folder or symbol
            // alone: it reads this JSON file only if it parses JSON (an image
            // or a database opened from the same cache folder does not).
            .filter(|&id| {
                let read = &self.reads[id];
                writer.names.is_empty()
                    || (read.ident.names.is_empty() && read.parses_json)
                    || read.ident.names.iter().any(|n| writer.names.contains(n))
            })
    }
}
