//! A file a desktop application writes only when the person saves an edit in
//! one of its windows: a phrase, a folder's settings, an account, the editor's
//! preferences, written from the handler of a Save button, a menu action or a
//! dialog's OK.
//!
//! The policy (set 27's builder and independent judge disagreed on the
//! settings a server rewrites from its web UI, and agreed that a desktop
//! window's saves were no checkpoint): such a file is still the only copy of
//! what the person saved, and `open(p, "w")` still empties it before the new
//! text is written, so it stays reported. But nothing else reads it while the
//! window is open (no thread, timer or other process of the module's own
//! making), and the save runs once per click, while the person watches: the
//! loss needs a crash or a full disk in that one moment. Reported at low
//! confidence, with a note that says so. A settings page of a web server
//! (request threads, scheduled runs, a daemon it restarts read the same file)
//! is not this: it keeps its confidence.
//!
//! Sets 30 and 31 split their builders and judges again on two user-edited
//! files: a per-directory annotation file that any of several running
//! instances of a file manager rewrites, and a bot's settings that a chat
//! config editor rewrites while the trading bots run and re-read them. The
//! policy, from what a torn write costs and whether a second party exists:
//! the cost is the same in every case (the only copy of what a person typed;
//! a reader that cannot parse it falls back to nothing), so what decides is
//! the second party. Where one exists while the save runs (another instance
//! of the program that may rewrite or load the same file, a service that
//! reloads it, a daemon restarted on it), the write is reported at full
//! confidence like any state file: the torn window is met by a live reader,
//! not only by a crash, and two instances' read-modify-write cycles also lose
//! each other's edits. Where none exists (a desktop window's save in a module
//! that starts no thread or timer, as below), the file stays reported at low
//! confidence with a note. A file that no instance writes except on an
//! explicit edit is not thereby a one-shot write: edits recur for as long as
//! the program is used.
//!
//! Told in the module: it imports a desktop toolkit (Qt, GTK, Tk, wx), and the
//! writing function is a handler the module wires to the window (`.connect(
//! self.save)`, `command=self.save`, `.Bind(evt, self.save)`, `.bind(seq,
//! self.save)`, a dialog's `accept`, a GTK `on_*_clicked`), or is called only
//! from such handlers in this module and named by no other module. The module
//! starts no thread and no timer.

use ruff_python_ast::{self as ast, Expr};

use super::super::Context;
use crate::semantic::model::{Call, Model};
use crate::semantic::scopes::FuncId;

/// The modules whose import makes a desktop window.
const TOOLKITS: &[&str] = &[
    "PyQt4",
    "PyQt5",
    "PyQt6",
    "PySide",
    "PySide2",
    "PySide6",
    "qtpy",
    "gi.repository",
    "tkinter",
    "Tkinter",
    "wx",
];

/// Registrations that run a callable when the person acts in the window.
const WIRING_METHODS: &[&str] = &["connect", "Bind", "bind", "bind_all", "connect_object"];

/// Keywords of a widget's constructor that name its action (`tk.Button(...,
/// command=self.save)`).
const WIRING_KEYWORDS: &[&str] = &["command", "on_click", "callback"];

/// Calls that start something beside the window's own event loop.
const STARTERS: &[&str] = &[
    "threading.Thread",
    "threading.Timer",
    "multiprocessing.Process",
    "concurrent.futures.ThreadPoolExecutor",
    "GLib.timeout_add",
    "GLib.timeout_add_seconds",
    "GObject.timeout_add",
];

/// The note a lowered finding carries.
pub(super) const NOTE: &str = "written only when the person saves an edit in this window: nothing else reads the file meanwhile, so the loss needs a crash or a full disk during that save; reported at low confidence because the file is the only copy of what was saved";

pub(super) fn saved_from_window(ctx: &Context<'_, '_>, call: &Call<'_>) -> bool {
    let model = ctx.model;
    let Some(scope) = call.scope else {
        return false;
    };
    if !TOOLKITS.iter().any(|t| model.imports.mentions(t)) || starts_something(model) {
        return false;
    }
    let handlers = wired_handlers(model);
    if handlers
        .iter()
        .any(|h| h == model.scopes.function(scope).name())
        || is_handler_by_name(model, scope)
    {
        return true;
    }
    // A save helper: every call of it in this module sits in a handler, and no
    // other module names it.
    let name = model.scopes.function(scope).name();
    let callers: Vec<&Call<'_>> = model
        .calls
        .iter()
        .filter(|c| called_name(c) == Some(name))
        .collect();
    !callers.is_empty()
        && callers.iter().all(|c| {
            c.scope.is_some_and(|s| {
                s != scope
                    && (handlers
                        .iter()
                        .any(|h| h == model.scopes.function(s).name())
                        || is_handler_by_name(model, s))
            })
        })
        && ctx
            .project
            .index
            .import_graph()
            .is_some_and(|g| g.mentioned_only_in(name, model.path))
}

/// The simple name a call calls: `save()`, `self.save()`, `obj.save()`.
fn called_name<'a>(c: &'a Call<'_>) -> Option<&'a str> {
    match &*c.expr.func {
        Expr::Name(n) => Some(n.id.as_str()),
        Expr::Attribute(a) => Some(a.attr.as_str()),
        _ => None,
    }
}

/// A dialog's `accept` (Qt runs it on OK) or a GTK builder handler
/// `on_<widget>_clicked` / `_activate(d)`.
fn is_handler_by_name(model: &Model<'_>, scope: FuncId) -> bool {
    let function = model.scopes.function(scope);
    let name = function.name();
    (function.class.is_some() && name == "accept")
        || (name.starts_with("on_")
            && (name.ends_with("_clicked")
                || name.ends_with("_activate")
                || name.ends_with("_activated")))
}

/// The names of the callables the module wires to its widgets.
fn wired_handlers(model: &Model<'_>) -> Vec<String> {
    let mut out = Vec::new();
    for c in &model.calls {
        let wiring = matches!(&*c.expr.func, Expr::Attribute(a) if WIRING_METHODS.contains(&a.attr.as_str()));
        if wiring {
            out.extend(c.expr.arguments.args.iter().filter_map(callable_name));
        }
        out.extend(
            c.expr
                .arguments
                .keywords
                .iter()
                .filter(|k| {
                    k.arg
                        .as_ref()
                        .is_some_and(|a| WIRING_KEYWORDS.contains(&a.as_str()))
                })
                .filter_map(|k| callable_name(&k.value)),
        );
    }
    out
}

/// `self.save`, `save`, or the function a `lambda: self.save()` calls.
fn callable_name(e: &Expr) -> Option<String> {
    match e {
        Expr::Name(n) => Some(n.id.to_string()),
        Expr::Attribute(a) => Some(a.attr.to_string()),
        Expr::Lambda(ast::ExprLambda { body, .. }) => match &**body {
            Expr::Call(call) => callable_name(&call.func),
            _ => None,
        },
        _ => None,
    }
}

/// The module starts a thread, a process, a pool or a timer: something may
/// read the file while a save runs.
fn starts_something(model: &Model<'_>) -> bool {
    model.calls.iter().any(|c| {
        c.qualified().is_some_and(|q| STARTERS.contains(&q))
            || matches!(c.method_name(), Some("QThread" | "QTimer" | "singleShot" | "after"))
            || matches!(&*c.expr.func, Expr::Name(n) if matches!(n.id.as_str(), "QThread" | "QTimer"))
    })
}
