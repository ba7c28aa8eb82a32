//! Database URLs handed to a project function as arguments: `init_db("sqlite:///app.db")`
//! or `init_db(DB_URL)` with `DB_URL = "sqlite:///app.db"`, where
//! `def init_db(url): global engine; engine = create_engine(url)`. The engine's
//! URL is a parameter, known only at run time inside the function; its callers
//! say which database it is. Each module records the calls it makes that pass
//! a URL whose kind the code spells; the index matches them to the function
//! and parameter (`ProjectIndex::callers_url`).

use ruff_python_ast::Expr;

use super::model::Model;
use super::refs::{CallRef, Slot};
use super::scopes::FuncId;
use super::sqlite_urls::{UrlKind, url_kind};

/// A call passing a database URL the code spells.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UrlArg {
    pub callee: CallRef,
    /// The parameter it binds: the i-th positional argument (after a method's
    /// bound `self`), or a keyword.
    pub slot: Slot,
    /// A SQLite file; otherwise another database (or SQLite in memory).
    pub sqlite: bool,
    pub line: usize,
}

/// The calls of `model` that hand a project function a URL of known kind.
pub fn of_module(model: &Model<'_>) -> Vec<UrlArg> {
    if !model.text.contains("://") {
        return Vec::new();
    }
    let mut out = Vec::new();
    for call in &model.calls {
        if call.in_lambda {
            continue;
        }
        let arguments = &call.expr.arguments;
        if arguments.args.is_empty() && arguments.keywords.is_empty() {
            continue;
        }
        let Some(callee) = super::values::call_ref(model, call) else {
            continue;
        };
        let at = call.range().start();
        let kind = |arg: &Expr| match url_kind(model, arg, call.scope, at) {
            UrlKind::SqliteFile => Some(true),
            UrlKind::Other => Some(false),
            UrlKind::Unknown => None,
        };
        let line = model.line_column(at).0;
        for (slot, arg) in super::refs::slotted_arguments(arguments) {
            if let Some(sqlite) = kind(arg) {
                out.push(UrlArg {
                    callee: callee.clone(),
                    slot,
                    sqlite,
                    line,
                });
            }
        }
    }
    out
}

/// The position of parameter `name` among function `id`'s positional
/// parameters (the bound first one of a method not counted), when it is one
/// and the function never rebinds it.
pub fn parameter_position(model: &Model<'_>, id: FuncId, name: &str) -> Option<usize> {
    let function = model.scopes.function(id);
    if model.assigns_in(id, name) {
        return None;
    }
    let names = super::scopes::Function::positional_names(function.def, function.class.is_some());
    names.iter().position(|n| n == name)
}

/// What the callers found for one parameter pass.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Passed {
    /// A caller passing a SQLite file URL: its file and line.
    pub sqlite: Option<String>,
    /// A caller passing another database's URL.
    pub other: bool,
}
