//! A file the person picks in a save dialog (`QFileDialog.getSaveFileName`,
//! tkinter's `asksaveasfilename`) and the program then writes: an export made
//! on request (a history, a contacts list, keys), a copy of what the program
//! keeps elsewhere. Nothing reopens it on a later run unless the person picks
//! it again, and a failed export is made again.
//!
//! Told by the written path: a name of the writing function whose every
//! assignment there is a save dialog's answer (the tuple Qt returns included).
//! Not when the module also loads a file the person picks in an open dialog
//! within one function (`getOpenFileName` and a `load(`): a document the
//! program saves and reopens through dialogs is the person's data itself, and a
//! torn save loses it.

use ruff_python_ast::Expr;

use crate::semantic::model::{Call, Model};

/// The calls that ask the person for a file to save to.
const SAVE_DIALOGS: &[&str] = &[
    "getSaveFileName",
    "getSaveFileNameAndFilter",
    "asksaveasfilename",
];

/// The calls that ask the person for a file to open.
const OPEN_DIALOGS: &[&str] = &[
    "getOpenFileName",
    "getOpenFileNames",
    "getOpenFileNameAndFilter",
    "askopenfilename",
    "askopenfilenames",
    "askopenfile",
];

pub(super) fn chosen_in_save_dialog(model: &Model<'_>, call: &Call<'_>, target: &Expr) -> bool {
    let Expr::Name(name) = target else {
        return false;
    };
    let Some(scope) = call.scope else {
        return false;
    };
    let assignments = model.assignments_of(Some(scope), name.id.as_str());
    !assignments.is_empty()
        && assignments
            .iter()
            .all(|a| a.scope == Some(scope) && is_dialog_call(a.value, SAVE_DIALOGS))
        && !reopens_through_dialogs(model)
}

fn is_dialog_call(value: &Expr, dialogs: &[&str]) -> bool {
    let Expr::Call(call) = value else {
        return false;
    };
    let name = match &*call.func {
        Expr::Name(n) => n.id.as_str(),
        Expr::Attribute(a) => a.attr.as_str(),
        _ => return false,
    };
    dialogs.contains(&name)
}

/// A function of the module both asks for a file to open and loads one.
fn reopens_through_dialogs(model: &Model<'_>) -> bool {
    model.scopes.functions.iter().any(|f| {
        let body = model.slice(f.body_range);
        crate::prefilter::mentions(body, "load(") && OPEN_DIALOGS.iter().any(|d| body.contains(d))
    })
}
