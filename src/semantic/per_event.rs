//! Sync callbacks that a library calls once per event: a `logging.Handler`'s
//! `emit` (every log record, on whichever thread logged it, often the loop's),
//! a signal receiver, an event listener, a future's done callback, a
//! per-message callback. What such a callback starts, it starts again for the
//! next event, with nothing waiting for the first: a burst of events is as many
//! copies running at once, however small the code looks at the start site.

use ruff_python_ast::Expr;
use ruff_text_size::Ranged;

use super::model::Model;
use super::scopes::FuncId;

/// Methods that register a callable to be called per event, with the event
/// each one names (`fut.add_done_callback(cb)`, `signal.connect(cb)`,
/// `bus.subscribe(topic, cb)`, `loop.add_signal_handler(sig, cb)`).
const REGISTRARS: &[(&str, &str)] = &[
    ("add_done_callback", "finished future"),
    ("connect", "signal sent"),
    ("add_listener", "event"),
    ("addListener", "event"),
    ("add_event_listener", "event"),
    ("subscribe", "message"),
    ("add_signal_handler", "signal"),
    ("on_message", "message"),
    ("register_callback", "event"),
];

/// Decorators that register the function they decorate per event
/// (`@receiver(post_save)`, `@event.listens_for(...)`, `@bus.on("x")`).
const DECORATORS: &[(&str, &str)] = &[
    ("receiver", "signal sent"),
    ("listens_for", "event"),
    ("connect", "signal sent"),
    ("on", "event"),
    ("subscribe", "message"),
    ("listener", "event"),
];

/// When the sync function `id` is called once per event: the event, in words
/// a message can use ("log record", "finished future", ...).
pub fn event_of(model: &Model<'_>, id: FuncId) -> Option<&'static str> {
    let function = model.scopes.function(id);
    if function.is_async() {
        return None;
    }
    if function.name() == "emit" && function.class.is_some_and(|c| is_log_handler(model, c)) {
        return Some("log record");
    }
    if let Some(event) = function.def.decorator_list.iter().find_map(|d| {
        let func = match &d.expression {
            Expr::Call(c) => &*c.func,
            other => other,
        };
        let name = match func {
            Expr::Name(n) => n.id.as_str(),
            Expr::Attribute(a) => a.attr.as_str(),
            _ => return None,
        };
        DECORATORS.iter().find(|(d, _)| *d == name).map(|(_, e)| *e)
    }) {
        return Some(event);
    }
    registered(model, id)
}

/// The function is handed to a registrar of the module by name
/// (`cb`, `self.cb`).
fn registered(model: &Model<'_>, id: FuncId) -> Option<&'static str> {
    let function = model.scopes.function(id);
    let name = function.name();
    model.calls_passing(name).find_map(|call| {
        let method = super::methods::method(call).or_else(|| match &*call.expr.func {
            Expr::Attribute(a) => Some(a.attr.as_str()),
            _ => None,
        })?;
        let event = REGISTRARS.iter().find(|(r, _)| *r == method)?.1;
        let names_it = call.expr.arguments.args.iter().any(|arg| match arg {
            Expr::Name(n) => function.class.is_none() && n.id.as_str() == name,
            Expr::Attribute(a) => {
                function.class.is_some()
                    && a.attr.as_str() == name
                    && matches!(&*a.value, Expr::Name(s) if s.id.as_str() == "self")
            }
            _ => false,
        });
        names_it.then_some(event)
    })
}

/// A class deriving from one of `logging`'s handlers (`logging.Handler`,
/// `logging.StreamHandler`, `from logging import Handler`), directly.
fn is_log_handler(model: &Model<'_>, class: usize) -> bool {
    let def = model.scopes.classes[class].def;
    def.bases().iter().any(|base| {
        let resolved = model.resolve(base, model.scopes.classes[class].parent);
        let text = resolved.unwrap_or_else(|| model.slice(base.range()).to_string());
        text.starts_with("logging.") && text.ends_with("Handler")
    })
}
