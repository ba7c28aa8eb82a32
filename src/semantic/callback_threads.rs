//! Callbacks a library runs on a thread it starts itself, away from the thread
//! that built the objects they use:
//!
//! - watchdog: an `Observer` delivers file events to the `on_<event>` methods
//!   (and `dispatch`) of the handlers scheduled on it from its own thread, the
//!   observer's; a store the main thread opened is updated from there.
//! - paho-mqtt: with `loop_start()` the client runs its network loop on a
//!   thread of its own and calls `on_message`, `on_connect` and the other
//!   `on_<event>` callbacks there. `loop_forever()` runs them on the thread
//!   that calls it, so a module that never calls `loop_start` is left out.

use ruff_python_ast::Expr;

use super::model::{Model, Target};
use super::refs::CallRef;
use super::scopes::FuncId;

const WATCHDOG_HANDLERS: &[&str] = &[
    "watchdog.events.FileSystemEventHandler",
    "watchdog.events.PatternMatchingEventHandler",
    "watchdog.events.RegexMatchingEventHandler",
    "watchdog.events.LoggingEventHandler",
];

/// The functions of this module a library calls back on its own thread.
pub fn refs(model: &Model<'_>) -> Vec<CallRef> {
    let mut out = Vec::new();
    if model.imports.mentions("watchdog") {
        out.extend(watchdog_handlers(model));
    }
    if model.imports.mentions("paho") {
        out.extend(mqtt_callbacks(model));
    }
    out
}

/// The event methods of this module's watchdog handler classes, subclasses of
/// the module's own handler classes included.
fn watchdog_handlers(model: &Model<'_>) -> Vec<CallRef> {
    let classes = &model.scopes.classes;
    let marked = classes
        .iter()
        .map(|c| {
            c.def.bases().iter().any(|b| {
                matches!(b, Expr::Name(_) | Expr::Attribute(_))
                    && model
                        .resolve(b, None)
                        .is_some_and(|q| WATCHDOG_HANDLERS.contains(&q.as_str()))
            })
        })
        .collect();
    let handler = super::thread_classes::with_subclasses(model, marked);
    model
        .scopes
        .functions
        .iter()
        .filter(|f| f.class.is_some_and(|c| handler[c]) && !f.is_async())
        .filter(|f| f.name().starts_with("on_") || f.name() == "dispatch")
        .map(|f| CallRef::Local(f.qualname.clone()))
        .collect()
}

/// `<client>.on_<event> = callback` in a module that starts the client's
/// network thread (`loop_start()`).
fn mqtt_callbacks(model: &Model<'_>) -> Vec<CallRef> {
    if !model
        .calls
        .iter()
        .any(|c| c.method_name() == Some("loop_start"))
    {
        return Vec::new();
    }
    let mut out = Vec::new();
    for a in &model.assignments {
        if !matches!(a.target, Target::Other) {
            continue;
        }
        let Expr::Attribute(attr) = a.target_expr else {
            continue;
        };
        if !attr.attr.as_str().starts_with("on_") {
            continue;
        }
        if let Some(r) = callback_ref(model, a.value, a.scope) {
            if !out.contains(&r) {
                out.push(r);
            }
        }
    }
    out
}

/// The project function a callback names: a module-level function, or a
/// method of the enclosing class (`self._on_message`).
fn callback_ref(model: &Model<'_>, value: &Expr, scope: Option<FuncId>) -> Option<CallRef> {
    match value {
        Expr::Name(n) => model
            .scopes
            .module_function(n.id.as_str())
            .is_some()
            .then(|| CallRef::Local(n.id.to_string())),
        Expr::Attribute(a) => match &*a.value {
            Expr::Name(base) if base.id.as_str() == "self" => {
                let class = model.scopes.enclosing_class(scope)?;
                Some(CallRef::SelfMethod {
                    class: model.scopes.classes[class].qualname.clone(),
                    name: a.attr.to_string(),
                })
            }
            _ => None,
        },
        _ => None,
    }
}
