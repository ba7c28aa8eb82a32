//! Application or library: who chooses how a database is opened.
//!
//! An application owns its database file, so sqlfix may set WAL and
//! `synchronous` where it connects. A library that opens whatever file its caller
//! names (an async driver, a queue, a migration tool, a media library manager)
//! does not: forcing WAL there converts the caller's file for good, fails on a
//! read-only one (F-wal-read-only), breaks Python 3.12's `autocommit=False`
//! transaction (F-wal-switch) and lowers the durability the caller chose. Its
//! findings stay, display-only, saying that the choice belongs to the caller.
//!
//! The decision rule, both halves required:
//! 1. the connection opens the caller's database: the path (or `**kwargs`) is a
//!    parameter of the function that connects, or a `self` attribute its class's
//!    `__init__` sets from a parameter;
//! 2. the project is a distributable package and not an application: its root
//!    (the nearest folder with `pyproject.toml`, `setup.py`, `setup.cfg` or `.git`)
//!    holds `setup.py`, `setup.cfg`, or a `pyproject.toml` with `[project]` or
//!    `[tool.poetry]`, and no module of the project serves requests (a web route,
//!    or an import of a web, bot or server framework).

use rustc_hash::FxHashMap as HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};

use ruff_python_ast::{Expr, Stmt};

use super::connections::ConnSite;
use super::model::{AssignKind, Model};
use super::project::ProjectView;
use super::scopes::FuncId;

/// Imports that make a project an application serving requests or users.
const APPLICATION_IMPORTS: &[&str] = &[
    "fastapi",
    "starlette",
    "flask",
    "django",
    "aiohttp.web",
    "sanic",
    "quart",
    "litestar",
    "tornado.web",
    "bottle",
    "uvicorn",
    "gunicorn",
    "streamlit",
    "gradio",
    "discord",
    "telegram",
    "aiogram",
    "slack_bolt",
    "mcp",
    "fastmcp",
];

/// Why the connection at `site` is left to the library's caller, if it is.
pub fn leaves_choice_to_caller(
    model: &Model<'_>,
    view: &ProjectView<'_>,
    site: &ConnSite<'_, '_>,
) -> Option<String> {
    let what = opens_callers_database(model, site)?;
    let package = distributable_package(model.path)?;
    if serves_requests(view) {
        return None;
    }
    Some(format!(
        "a library ({package}, no web route or server in the project) opening {what}: \
         WAL and `synchronous` are its caller's choice; forcing them converts the \
         caller's file to WAL for good, fails on a read-only file and lowers the \
         durability the caller chose. Document the settings for callers instead"
    ))
}

/// "the path its caller passes in `path`" when the database argument is the
/// caller's.
pub fn opens_callers_database(model: &Model<'_>, site: &ConnSite<'_, '_>) -> Option<String> {
    let scope = site.scope()?;
    let params = visible_parameters(model, scope);
    if let Some(database) = site.call.argument(0, "database") {
        match database {
            Expr::Attribute(a) => {
                let Expr::Name(receiver) = &*a.value else {
                    return None;
                };
                if receiver.id.as_str() != "self" {
                    return None;
                }
                let class = model.scopes.enclosing_class(Some(scope))?;
                let init = model.scopes.functions.iter().find(|f| {
                    f.class == Some(class)
                        && f.parent.is_none()
                        && f.def.name.as_str() == "__init__"
                })?;
                let from_param = init.def.body.iter().any(|stmt| {
                    let Stmt::Assign(assign) = stmt else {
                        return false;
                    };
                    assign.targets.iter().any(|t| {
                        matches!(t, Expr::Attribute(ta) if ta.attr.as_str() == a.attr.as_str()
                            && matches!(&*ta.value, Expr::Name(r) if r.id.as_str() == "self"))
                    }) && assigned_from_param(&assign.value, &init.parameter_names())
                });
                return from_param.then(|| {
                    format!(
                        "the path its caller passes to `{}()`",
                        class_name(model, class)
                    )
                });
            }
            other => {
                let param = parameter_behind(model, scope, other, &params, 3)?;
                return Some(format!("the path its caller passes in `{param}`"));
            }
        }
    }
    // `sqlite3.connect(*args, **kwargs)` forwarding the caller's arguments.
    let forwarded = site.call.expr.arguments.keywords.iter().any(|k| {
        k.arg.is_none() && matches!(&k.value, Expr::Name(n) if params.contains(&n.id.as_str()))
    });
    forwarded.then(|| "the database its caller describes in `**kwargs`".to_string())
}

/// The parameters a connection site can read: its function's, and for a nested
/// function (a driver's connector closure, called later on another thread)
/// those of the functions around it, since the closure opens what they were given.
fn visible_parameters<'m>(model: &'m Model<'_>, scope: FuncId) -> Vec<&'m str> {
    let mut names = Vec::new();
    let mut current = Some(scope);
    while let Some(id) = current {
        let function = model.scopes.function(id);
        names.extend(
            function
                .parameter_names()
                .into_iter()
                .filter(|p| *p != "self"),
        );
        let star = [
            &function.def.parameters.vararg,
            &function.def.parameters.kwarg,
        ];
        names.extend(star.into_iter().flatten().map(|p| p.name.id.as_str()));
        current = function.parent;
    }
    names
}

/// The parameter a database argument comes from: the parameter itself, a
/// conversion of it (`str(p)`, `os.fspath(p)`, `p.decode("utf-8")`), a path built
/// from it, or a local
/// every assignment of which is one of those (the `if isinstance(...)` ladders
/// drivers use to accept str, bytes and paths).
fn parameter_behind<'p>(
    model: &Model<'_>,
    scope: FuncId,
    expr: &Expr,
    params: &[&'p str],
    depth: usize,
) -> Option<&'p str> {
    match expr {
        Expr::Name(n) => {
            if let Some(param) = params.iter().find(|p| **p == n.id.as_str()) {
                return Some(param);
            }
            if depth == 0 {
                return None;
            }
            let assignments = model.assignments_of(Some(scope), n.id.as_str());
            let mut found = None;
            for assignment in &assignments {
                if assignment.kind != AssignKind::Assign {
                    return None;
                }
                found = Some(parameter_behind(
                    model,
                    scope,
                    assignment.value,
                    params,
                    depth - 1,
                )?);
            }
            found
        }
        // A path built from it: `os.path.join(p, "q.db")`, `"{}/{}".format(p, name)`,
        // `p / "q.db"`, `f"{p}/q.db"`: the library names the file inside what its
        // caller chose.
        Expr::Call(call) => {
            if let Expr::Attribute(method) = &*call.func {
                if let Some(param) = parameter_behind(model, scope, &method.value, params, depth) {
                    return Some(param);
                }
            }
            call.arguments
                .args
                .iter()
                .find_map(|arg| parameter_behind(model, scope, arg, params, depth))
        }
        Expr::BinOp(op) => parameter_behind(model, scope, &op.left, params, depth)
            .or_else(|| parameter_behind(model, scope, &op.right, params, depth)),
        Expr::FString(f) => f.value.elements().find_map(|element| {
            let ruff_python_ast::InterpolatedStringElement::Interpolation(i) = element else {
                return None;
            };
            parameter_behind(model, scope, &i.expression, params, depth)
        }),
        _ => None,
    }
}

fn class_name(model: &Model<'_>, class: usize) -> String {
    model.scopes.classes[class].def.name.to_string()
}

/// `str(path)`, `os.fspath(path)`, `path` itself: the value is the parameter's.
fn assigned_from_param(value: &Expr, params: &[&str]) -> bool {
    match value {
        Expr::Name(n) => params.contains(&n.id.as_str()),
        Expr::Call(call) if call.arguments.args.len() == 1 => {
            assigned_from_param(&call.arguments.args[0], params)
        }
        _ => false,
    }
}

/// A module of the project serves requests or users: a route, or an
/// application framework imported.
fn serves_requests(view: &ProjectView<'_>) -> bool {
    struct ServesRequests;
    super::facts::any_module::<ServesRequests>(view, module_serves_requests)
}

fn module_serves_requests(module: &super::project::ModuleSummary) -> bool {
    if super::paths::is_test_module(&module.path) {
        return false;
    }
    module
        .facts
        .entries
        .iter()
        .any(|(_, e)| matches!(e, super::facts::Entry::Route(_)))
        || module.functions.iter().any(|f| f.effects.route.is_some())
        || module.imports.iter().any(|i| {
            APPLICATION_IMPORTS.iter().any(|p| {
                i.target == *p
                    || i.target
                        .strip_prefix(p)
                        .is_some_and(|rest| rest.starts_with('.'))
            })
        })
}

/// "setup.py", "pyproject.toml [project]": what makes the project of the module
/// at `path` a distributable package, read once per root folder.
pub fn distributable_package(path: &Path) -> Option<String> {
    let absolute = std::path::absolute(path).ok()?;
    // The folder lookup is remembered per folder: asked per connection site, a
    // walk up the ancestors costs a stat per marker and level each time.
    let root = super::paths::project_root(absolute.parent()?)?;
    static SEEN: OnceLock<Mutex<HashMap<PathBuf, Option<String>>>> = OnceLock::new();
    let seen = SEEN.get_or_init(Default::default);
    if let Some(known) = seen.lock().ok()?.get(&root) {
        return known.clone();
    }
    let found = packaging_of(&root);
    seen.lock().ok()?.insert(root, found.clone());
    found
}

fn packaging_of(root: &Path) -> Option<String> {
    if let Ok(text) = std::fs::read_to_string(root.join("pyproject.toml")) {
        for table in ["[project]", "[tool.poetry]"] {
            if text.lines().any(|l| l.trim() == table) {
                return Some(format!("pyproject.toml {table}"));
            }
        }
    }
    ["setup.py", "setup.cfg"]
        .into_iter()
        .find(|f| root.join(f).is_file())
        .map(str::to_string)
}

#[cfg(test)]
mod tests {
    use super::{opens_callers_database, packaging_of};
    use crate::semantic::{Model, connections};
    use std::path::Path;

    fn callers(source: &str) -> Vec<Option<String>> {
        let parsed = crate::check::parse(source).unwrap();
        let model = Model::build(Path::new("m.py"), source, parsed.suite(), parsed.tokens());
        connections::sites(&model, &connections::NoWrappers)
            .iter()
            .map(|site| opens_callers_database(&model, site))
            .collect()
    }

    #[test]
    fn the_callers_path_parameter_attribute_or_kwargs() {
        let source = "import sqlite3\n\
class Q:\n    def __init__(self, path):\n        self.path = path\n    def reopen(self):\n        return sqlite3.connect(self.path)\n\
def a(db_path):\n    p = str(db_path)\n    return sqlite3.connect(p)\n\
def b(**kw):\n    return sqlite3.connect(**kw)\n\
def c():\n    return sqlite3.connect('own.db')\n\
class R:\n    def __init__(self):\n        self.path = 'own.db'\n    def reopen(self):\n        return sqlite3.connect(self.path)\n";
        let found: Vec<bool> = callers(source).iter().map(Option::is_some).collect();
        assert_eq!(found, vec![true, true, true, false, false]);
    }

    #[test]
    fn packaging_files_make_a_distributable_package() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(packaging_of(dir.path()), None);
        std::fs::write(dir.path().join("pyproject.toml"), "[tool.ruff]\n").unwrap();
        assert_eq!(packaging_of(dir.path()), None);
        std::fs::write(
            dir.path().join("pyproject.toml"),
            "[project]\nname = \"q\"\n",
        )
        .unwrap();
        assert_eq!(
            packaging_of(dir.path()).as_deref(),
            Some("pyproject.toml [project]")
        );
        std::fs::remove_file(dir.path().join("pyproject.toml")).unwrap();
        std::fs::write(dir.path().join("setup.py"), "").unwrap();
        assert_eq!(packaging_of(dir.path()).as_deref(), Some("setup.py"));
    }
}
