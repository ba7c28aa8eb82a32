//! Plain `def` handlers that an asyncio-based UI framework calls on its event
//! loop. No `async def` is near them, yet each runs on the loop's thread, so
//! sqlite3 work in one blocks the UI of every connected browser or the whole
//! terminal app:
//!
//! - NiceGUI: a function handed to an element's `on_*=` keyword
//!   (`ui.button("Save", on_click=save)`), to `ui.timer(interval, refresh)`, to
//!   `element.on("click", handler)`, and functions under `@ui.page(...)` or
//!   `@ui.refreshable`. NiceGUI runs sync handlers on its loop and tells users
//!   to move blocking work to `run.io_bound` (its FAQ);
//! - Textual: sync message handlers (`on_<message>`, `@on(...)`), actions
//!   (`action_*`) and watchers (`watch_*`) of an App, Screen or Widget class:
//!   messages are processed by an asyncio task per widget (Textual's guide,
//!   "Events and Messages"). `@work(thread=True)` methods run in a thread;
//! - Reflex: the public methods of an `rx.State` subclass, its event handlers,
//!   which Reflex runs on its loop one at a time ("chaining events").
//!
//! Flet is not here: it runs sync event handlers in threads of its own (its
//! guide, "Async apps").

use ruff_python_ast::{self as ast, Expr};
use ruff_text_size::Ranged;

use super::model::{Callee, Model};
use super::scopes::FuncId;

/// The module's sync functions one of these frameworks runs on its loop, each
/// with how it gets there.
pub fn loop_handlers(model: &Model<'_>) -> Vec<(FuncId, String)> {
    let mut out: Vec<(FuncId, String)> = Vec::new();
    let push = |out: &mut Vec<(FuncId, String)>, id: FuncId, how: String| {
        if !model.scopes.function(id).is_async() && !out.iter().any(|(f, _)| *f == id) {
            out.push((id, how));
        }
    };
    let nicegui = imports(model, "nicegui");
    if nicegui {
        for (id, f) in model.scopes.functions.iter().enumerate() {
            for d in &f.def.decorator_list {
                let target = match &d.expression {
                    Expr::Call(c) => &*c.func,
                    other => other,
                };
                let Some(q) = model.resolve(target, f.parent) else {
                    continue;
                };
                if matches!(
                    q.as_str(),
                    "nicegui.ui.page" | "nicegui.ui.refreshable" | "nicegui.ui.refreshable_method"
                ) {
                    let what = q.rsplit('.').next().unwrap_or("page");
                    push(
                        &mut out,
                        id,
                        format!(
                            "NiceGUI runs a `@ui.{what}` function on its event loop, which serves every connected browser"
                        ),
                    );
                }
            }
        }
        for call in &model.calls {
            let from_nicegui = call.qualified().is_some_and(|q| q.starts_with("nicegui."));
            let timer = call.qualified() == Some("nicegui.ui.timer");
            let line = model.line_column(call.range().start()).0;
            for kw in &call.expr.arguments.keywords {
                let Some(arg) = &kw.arg else { continue };
                let handler_kw =
                    arg.as_str().starts_with("on_") || (timer && arg.as_str() == "callback");
                if !(from_nicegui || element_chain(model, call.expr)) || !handler_kw {
                    continue;
                }
                if let Some(id) = model.scopes.function_named(call.scope, &kw.value) {
                    push(
                        &mut out,
                        id,
                        format!(
                            "NiceGUI calls it on its event loop, which serves every connected browser (`{arg}=` at line {line})"
                        ),
                    );
                }
            }
            // `ui.timer(interval, callback)`, `element.on("click", handler)`.
            let second_argument = || {
                call.expr
                    .arguments
                    .args
                    .get(1)
                    .and_then(|a| model.scopes.function_named(call.scope, a))
            };
            if timer {
                if let Some(id) = second_argument() {
                    push(
                        &mut out,
                        id,
                        format!(
                            "NiceGUI's `ui.timer` at line {line} calls it on its event loop, which serves every connected browser"
                        ),
                    );
                }
            }
            if matches!(&call.callee, Callee::Method { name, .. } if name == "on")
                && matches!(
                    call.expr.arguments.args.first(),
                    Some(Expr::StringLiteral(_))
                )
            {
                if let Some(id) = second_argument() {
                    push(
                        &mut out,
                        id,
                        format!(
                            "NiceGUI calls it on its event loop, which serves every connected browser (`.on(...)` at line {line})"
                        ),
                    );
                }
            }
        }
    }
    if imports(model, "textual") || imports(model, "reflex") {
        let marked = framework_classes(model);
        for (id, f) in model.scopes.functions.iter().enumerate() {
            let Some(class) = f.class else { continue };
            let Some(framework) = marked[class] else {
                continue;
            };
            if f.parent
                .is_some_and(|p| model.scopes.function(p).class != Some(class))
            {
                continue;
            }
            let name = f.name();
            let decorated = |word: &str| {
                f.def.decorator_list.iter().any(|d| {
                    let target = match &d.expression {
                        Expr::Call(c) => &*c.func,
                        other => other,
                    };
                    let text = model.slice(target.range());
                    text == word || text.ends_with(&format!(".{word}"))
                })
            };
            let handler = match framework {
                Framework::Textual => {
                    !decorated("work")
                        && (name.starts_with("on_")
                            || name.starts_with("action_")
                            || name.starts_with("watch_")
                            || decorated("on"))
                }
                Framework::Reflex => {
                    !name.starts_with('_')
                        && !decorated("var")
                        && !decorated("computed_var")
                        && !decorated("cached_var")
                        && !decorated("property")
                        && !decorated("staticmethod")
                        && !decorated("classmethod")
                }
            };
            if handler {
                let how = match framework {
                    Framework::Textual => format!(
                        "Textual runs `{name}` of `{}` on its event loop",
                        model.scopes.classes[class].qualname
                    ),
                    Framework::Reflex => format!(
                        "Reflex runs the event handler `{name}` of `{}` on its event loop, which serves every connected browser",
                        model.scopes.classes[class].qualname
                    ),
                };
                push(&mut out, id, how);
            }
        }
    }
    out
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Framework {
    Textual,
    Reflex,
}

/// Per class of the module: the framework whose App, Screen, Widget or State
/// it derives from, directly or through a class of the module.
fn framework_classes(model: &Model<'_>) -> Vec<Option<Framework>> {
    let classes = &model.scopes.classes;
    let mut marked: Vec<Option<Framework>> = vec![None; classes.len()];
    for (i, class) in classes.iter().enumerate() {
        marked[i] = class.def.bases().iter().find_map(|b| {
            let q = model.resolve(b, class.parent)?;
            if q.starts_with("textual.") {
                Some(Framework::Textual)
            } else if q == "reflex.State" || q.starts_with("reflex.state.") {
                Some(Framework::Reflex)
            } else {
                None
            }
        });
    }
    // Subclasses of those in the module (bases come first in the source).
    for i in 0..classes.len() {
        if marked[i].is_some() {
            continue;
        }
        marked[i] = classes[i].def.bases().iter().find_map(|b| match b {
            Expr::Name(n) => classes
                .iter()
                .position(|c| c.def.name.as_str() == n.id.as_str())
                .and_then(|j| marked[j]),
            _ => None,
        });
    }
    marked
}

fn imports(model: &Model<'_>, package: &str) -> bool {
    model
        .imports
        .iter()
        .any(|i| i.target == package || i.target.starts_with(&format!("{package}.")))
}

/// `ui.button(...).on(...)`-style chains the model cannot qualify: an element
/// made by a NiceGUI call somewhere in the receiver.
fn element_chain(model: &Model<'_>, call: &ast::ExprCall) -> bool {
    let mut expr = &*call.func;
    for _ in 0..6 {
        match expr {
            Expr::Attribute(a) => expr = &a.value,
            Expr::Call(c) => {
                if model
                    .resolve(&c.func, None)
                    .is_some_and(|q| q.starts_with("nicegui."))
                {
                    return true;
                }
                expr = &c.func;
            }
            _ => return false,
        }
    }
    false
}
