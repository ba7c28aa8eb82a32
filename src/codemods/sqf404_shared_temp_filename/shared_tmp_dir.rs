//! A file rebuilt under a constant name in a temporary folder every run
//! shares, then moved over the live one: `tmp = os.path.join(get_tmp_dir(),
//! "rebuild.db")`, `create_engine(f"sqlite:///{tmp}")`, ..., `shutil.move(tmp,
//! DB_PATH)`, where the folder is the system's (`tempfile.gettempdir()`, a
//! literal `/tmp/...`) or a fixed folder a helper named for it returns (a
//! cache folder). The name carries no marker (`.tmp`), so the marker test of
//! the parent module does not see it: two rebuilds at once (two programs, a
//! scheduled and a manual one) build into one file, and the first move
//! publishes the other's half-built database.
//!
//! A folder made per run (`mkdtemp`, `TemporaryDirectory`) or a name with a
//! per-writer part (pid, uuid, `mkstemp`) is left alone. Advice only: the
//! rewrite (`tempfile.mkstemp(dir=..., suffix=".db")`) changes where the file
//! lives and who removes it.

use ruff_python_ast::{self as ast, Expr};
use ruff_text_size::Ranged;

use crate::finding::Finding;
use crate::semantic::Callee;
use crate::semantic::loops::names_read;
use crate::semantic::model::{AssignKind, Call, Model};
use crate::semantic::scopes::FuncId;
use crate::semantic::visit;

/// Calls that make a folder or a name of its own for each run.
const PER_RUN: &[&str] = &[
    "mkdtemp",
    "TemporaryDirectory",
    "mkstemp",
    "NamedTemporaryFile",
    "uuid1",
    "uuid4",
    "getpid",
    "get_ident",
    "token_hex",
    "time",
    "time_ns",
];

/// Calls that create or fill the file at a path they are given.
const CREATES: &[&str] = &[
    "connect",
    "Connection",
    "create_engine",
    "create_async_engine",
    "SqliteDatabase",
    "APSWDatabase",
    "open",
    "copy",
    "copy2",
    "copyfile",
    "write_text",
    "write_bytes",
];

/// The finding for a rename whose source `name_expr` is a constant name in a
/// shared temporary folder, created by a call in the function before `rename`.
pub(super) fn finding(
    meta: &'static crate::codemods::Meta,
    model: &Model<'_>,
    scope: FuncId,
    src: &Expr,
    name_expr: &Expr,
    rename: &Call<'_>,
) -> Option<Finding> {
    let (dir, file) = shared_dir_name(model, scope, name_expr)?;
    let Expr::Name(src_name) = src else {
        return None;
    };
    let creator = created_before(model, scope, src_name.id.as_str(), rename)?;
    let database = matches!(
        last_name(creator),
        Some(
            "connect"
                | "Connection"
                | "create_engine"
                | "create_async_engine"
                | "SqliteDatabase"
                | "APSWDatabase"
        )
    ) || file.ends_with(".db")
        || file.ends_with(".sqlite")
        || file.ends_with(".sqlite3");
    let what = if database { "database" } else { "file" };
    let src_text = model.slice(src.range());
    let message = format!(
        "Temporary {what} `{src_text}` has a fixed name (`{file}`) in {dir}: two rebuilds at once build into one file, and the first move publishes the other's half-built {what}"
    );
    Some(
        Finding::new(meta, name_expr.range(), message).with_note(
            "give each run a file of its own in the target's folder: `fd, tmp = tempfile.mkstemp(dir=os.path.dirname(target), suffix=\".db\")` then `os.close(fd)` (SQLite opens the empty file as an empty database), or a folder from `tempfile.mkdtemp()`; the same folder as the target also makes the final move a rename",
        ),
    )
}

/// `os.path.join(D, "name")` or `D / "name"` (`Path(D) / "name"`) with `D` a
/// shared temporary folder: how to name the folder, and the name.
fn shared_dir_name(model: &Model<'_>, scope: FuncId, expr: &Expr) -> Option<(String, String)> {
    let (dir, last) = match expr {
        Expr::Call(call)
            if model.resolve(&call.func, Some(scope)).as_deref() == Some("os.path.join")
                && call.arguments.keywords.is_empty()
                && call.arguments.args.len() == 2 =>
        {
            (&call.arguments.args[0], &call.arguments.args[1])
        }
        Expr::BinOp(bin) if bin.op == ast::Operator::Div => (&*bin.left, &*bin.right),
        _ => return None,
    };
    let Expr::StringLiteral(name) = last else {
        return None;
    };
    let name = name.value.to_str().to_string();
    if name.is_empty() || name.contains(['{', '}']) {
        return None;
    }
    let dir = match dir {
        // `Path(D)`
        Expr::Call(c)
            if model.resolve(&c.func, Some(scope)).as_deref() == Some("pathlib.Path")
                && c.arguments.args.len() == 1 =>
        {
            &c.arguments.args[0]
        }
        other => other,
    };
    shared_dir(model, Some(scope), dir, 0).map(|d| (d, name))
}

/// How to name `expr` when it is a temporary folder every run shares.
fn shared_dir(
    model: &Model<'_>,
    scope: Option<FuncId>,
    expr: &Expr,
    depth: usize,
) -> Option<String> {
    if depth > 3 || mentions_per_run(expr) {
        return None;
    }
    match expr {
        Expr::StringLiteral(s) => {
            let path = s.value.to_str();
            (path == "/tmp" || path.starts_with("/tmp/") || path.starts_with("/var/tmp"))
                .then(|| format!("`{path}`, shared by every process"))
        }
        Expr::Call(call) => {
            let callee = model.resolve(&call.func, scope);
            if matches!(
                callee.as_deref(),
                Some("tempfile.gettempdir" | "tempfile.gettempdirb")
            ) {
                return Some("the system's temporary folder (`tempfile.gettempdir()`), shared by every process".into());
            }
            let Expr::Name(name) = &*call.func else {
                return None;
            };
            let helper = model.scopes.module_function(name.id.as_str())?;
            folder_helper(model, helper).then(|| {
                format!(
                    "the folder `{}()` returns, the same for every run",
                    name.id.as_str()
                )
            })
        }
        // A module constant bound once to such a folder.
        Expr::Name(name) => {
            let mut bound = model.assignments_named_in(None, name.id.as_str());
            let a = bound.next()?;
            if bound.next().is_some() || a.kind != AssignKind::Assign {
                return None;
            }
            shared_dir(model, None, a.value, depth + 1)
        }
        _ => None,
    }
}

/// A module function named for a temporary or cache folder that returns the
/// same folder on every call: nothing in it makes a folder or a name per run.
fn folder_helper(model: &Model<'_>, helper: FuncId) -> bool {
    let function = model.scopes.function(helper);
    let name = function.def.name.as_str().to_ascii_lowercase();
    if !(name.contains("tmp") || name.contains("temp") || name.contains("cache")) {
        return false;
    }
    let body = &function.def.body;
    let per_run = visit::any_expr(body, mentions_per_run);
    let returns = visit::any_stmt(
        body,
        |s| matches!(s, ruff_python_ast::Stmt::Return(r) if r.value.is_some()),
    );
    !per_run && returns && function.params.is_empty()
}

fn mentions_per_run(expr: &Expr) -> bool {
    visit::any_sub_expr(expr, |e| match e {
        Expr::Attribute(a) => PER_RUN.contains(&a.attr.as_str()),
        Expr::Name(n) => PER_RUN.contains(&n.id.as_str()),
        _ => false,
    })
}

/// A call of the function before `rename` that creates or fills the file at
/// `src` (`sqlite3.connect(tmp)`, `create_engine(f"sqlite:///{tmp}")`,
/// `open(tmp, "wb")`, `shutil.copy(live, tmp)`).
fn created_before<'m, 'a>(
    model: &'m Model<'a>,
    scope: FuncId,
    src: &str,
    rename: &Call<'_>,
) -> Option<&'m Call<'a>> {
    model.calls_in(Some(scope)).find(|c| {
        c.range().end() <= rename.range().start()
            && last_name(c).is_some_and(|n| CREATES.contains(&n))
            && c.expr
                .arguments
                .args
                .iter()
                .chain(c.expr.arguments.keywords.iter().map(|k| &k.value))
                .any(|a| names_read(a).iter().any(|n| n == src))
    })
}

/// The last part of a call's name: `connect` of `sqlite3.connect`, `open` of
/// `tmp.open`.
fn last_name<'c>(call: &'c Call<'_>) -> Option<&'c str> {
    match &call.callee {
        Callee::Qualified(q) => q.rsplit('.').next(),
        Callee::Local(n) | Callee::SelfMethod(n) | Callee::Method { name: n, .. } => Some(n),
        Callee::Unknown => None,
    }
}
