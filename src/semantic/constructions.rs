//! Where a module builds instances of (possibly) project classes, and how long
//! what it builds lives: once for the process (module level, a cached accessor,
//! stored in a global or on the application), once per call of a function (a
//! local, a method called on the fresh instance, something parked on the
//! request), or as long as another object (`self.cache = Cache(path)`). And the
//! attribute names the module closes (`self._con.close()`, `x.conn.close()`,
//! `atexit.register(self.db.close)`, `closing(self.conn)`).
//!
//! The leak rule for objects that own a connection (SQF202, owner_class.rs)
//! reads both: a class whose connection nothing closes leaks one connection per
//! instance, which matters only when instances come and go.

use ruff_python_ast::{Expr, Stmt};
use ruff_text_size::{Ranged, TextRange};

use super::model::{AssignKind, Call, Callee, Model, Receiver, Target};
use super::refs::CallRef;
use super::scopes::FuncId;

/// How long an instance built at one place lives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Lifetime {
    /// One for the process: module level, a cached accessor, a global, the app.
    Process,
    /// One per call of the function (its qualname).
    PerCall(String),
    /// As long as an instance of the module's class (its qualname) that keeps it on `self`.
    Owner(String),
}

#[derive(Debug, Clone)]
pub struct Construction {
    pub class: CallRef,
    pub lifetime: Lifetime,
    /// Built on every pass of a loop over items (no retry loop, no search)
    /// around it in its own function or the module's top-level code: even a
    /// one-shot command builds many.
    pub per_item: bool,
    /// Given arguments (`Store(path)`): each item may name its own file.
    pub with_args: bool,
}

/// Functions that run once per process by their role, not by their callers.
const ONCE_NAMES: &[&str] = &[
    "main",
    "lifespan",
    "startup",
    "on_startup",
    "setup",
    "setup_hook",
    "on_ready",
    "create_app",
    "init_app",
    "app_factory",
];

/// The module's calls of names that look like classes (`Cache(path)`,
/// `store.Store()`), with the lifetime of what they build. Calls whose
/// lifetime cannot be told (an argument of another call outside a handler, a
/// returned value of an uncached function) are left out: they are evidence of
/// nothing.
pub fn of_module(
    model: &Model<'_>,
    call_ref: impl Fn(&Model<'_>, &Call<'_>) -> Option<CallRef>,
) -> Vec<Construction> {
    let mut out = Vec::new();
    // Loops of the module's top-level code, found once.
    let mut top_loops = Vec::new();
    super::visit::any_stmt(model.suite, |s| {
        if matches!(s, Stmt::For(_) | Stmt::While(_)) {
            top_loops.push(s.range());
        }
        false
    });
    for call in &model.calls {
        if !looks_like_class(call) {
            continue;
        }
        let Some(class) = call_ref(model, call) else {
            continue;
        };
        if let Some(lifetime) = lifetime(model, call, &top_loops) {
            let per_item = in_item_loop(model, call);
            let with_args = !call.expr.arguments.is_empty();
            out.push(Construction {
                class,
                lifetime,
                per_item,
                with_args,
            });
        }
    }
    out
}

/// A loop over items around `call` in its own function (or the module's
/// top-level code): not a retry loop, and no search that stops at the first
/// hit (`break`, `return`), which keeps one instance rather than one per item.
fn in_item_loop(model: &Model<'_>, call: &Call<'_>) -> bool {
    let body = match call.scope {
        Some(scope) => &model.scopes.function(scope).def.body[..],
        None => model.suite,
    };
    super::loops::enclosing_loops(body, call.range())
        .into_iter()
        .any(|l| {
            !super::loops::is_retry_loop(l)
                && !super::visit::any_stmt(super::loops::loop_body(l), |s| {
                    matches!(s, Stmt::Break(_) | Stmt::Return(_))
                })
        })
}

/// The last name of a call's callee: `Store` for `Store(...)` and `db.Store(...)`.
pub(crate) fn callee_name<'c>(call: &'c Call<'_>) -> Option<&'c str> {
    match &call.callee {
        Callee::Local(n) => Some(n.as_str()),
        Callee::Qualified(q) => Some(q.rsplit('.').next().unwrap_or(q)),
        _ => None,
    }
}

fn looks_like_class(call: &Call<'_>) -> bool {
    callee_name(call).is_some_and(|name| name.starts_with(|c: char| c.is_ascii_uppercase()))
}

fn lifetime(model: &Model<'_>, call: &Call<'_>, top_loops: &[TextRange]) -> Option<Lifetime> {
    let Some(scope) = call.scope else {
        return Some(Lifetime::Process);
    };
    if once_per_process(model, scope, top_loops) {
        return Some(Lifetime::Process);
    }
    let per_call = || Lifetime::PerCall(model.scopes.function(scope).qualname.clone());
    if call.in_lambda {
        return Some(per_call());
    }
    match call.parent {
        // `Cache(path).get(key)`: used once and dropped. `yield Store(path)`
        // from a context manager's generator: one per `with`.
        Some(Expr::Attribute(_) | Expr::Yield(_)) => return Some(per_call()),
        // `send_message(view=Menu(...))` in a command or callback: whatever
        // the callee does with it, the handler makes one more on every event.
        Some(Expr::Call(outer)) if handed_to_call(outer, call) && is_handler(model, scope) => {
            return Some(per_call());
        }
        Some(_) => return None,
        None => {}
    }
    let target = match call.stmt {
        Stmt::Assign(a) if a.targets.len() == 1 && a.value.range() == call.range() => &a.targets[0],
        Stmt::AnnAssign(a)
            if a.value
                .as_deref()
                .is_some_and(|v| v.range() == call.range()) =>
        {
            &*a.target
        }
        _ => return None,
    };
    match target {
        Expr::Name(n) if model.is_global_in(Some(scope), n.id.as_str()) => Some(Lifetime::Process),
        Expr::Name(_) => Some(per_call()),
        Expr::Attribute(a) => match &*a.value {
            Expr::Name(owner) if matches!(owner.id.as_str(), "self" | "cls") => {
                let class = model.scopes.enclosing_class(Some(scope))?;
                Some(Lifetime::Owner(
                    model.scopes.classes[class].qualname.clone(),
                ))
            }
            // `request.state.db = Database(p)`: parked on the request.
            value
                if model.slice(value.range()).contains("request")
                    || matches!(value, Expr::Name(n) if n.id.as_str() == "g") =>
            {
                Some(per_call())
            }
            // `app.state.db`, `module.CACHE`: lives with what holds it.
            _ => Some(Lifetime::Process),
        },
        _ => None,
    }
}

/// `call` is one of `outer`'s arguments (positional or by keyword).
fn handed_to_call(outer: &ruff_python_ast::ExprCall, call: &Call<'_>) -> bool {
    let range = call.range();
    outer.arguments.args.iter().any(|a| a.range() == range)
        || outer
            .arguments
            .keywords
            .iter()
            .any(|k| k.value.range() == range)
}

/// A function some framework calls per event: an `async def` (a bot command,
/// an interaction callback, a route) or a decorated one (`@app.route`,
/// `@bot.command()`). An object it builds and hands on is built per event;
/// a plain helper may be a factory run once, which its name need not say.
fn is_handler(model: &Model<'_>, scope: FuncId) -> bool {
    let def = model.scopes.function(scope).def;
    def.is_async || !def.decorator_list.is_empty()
}

/// A function that runs once per process: a cached accessor, a start-up hook,
/// the command-line entry point.
fn once_per_process(model: &Model<'_>, scope: FuncId, top_loops: &[TextRange]) -> bool {
    model
        .scopes
        .chain(Some(scope))
        .into_iter()
        .flatten()
        .any(|id| {
            let function = model.scopes.function(id);
            let cached = function.def.decorator_list.iter().any(|d| {
                let func = match &d.expression {
                    Expr::Call(c) => &*c.func,
                    other => other,
                };
                let name = match func {
                    Expr::Name(n) => n.id.as_str(),
                    Expr::Attribute(a) => a.attr.as_str(),
                    _ => "",
                };
                name.contains("cache") || name == "singleton"
            });
            cached
                || ONCE_NAMES.contains(&function.name())
                || called_once_at_top(model, id, top_loops)
        })
        || super::entry_points::runs_once(
            model,
            Some(scope),
            model.scopes.function(scope).def.start(),
        )
}

/// A module function whose every mention here is a call in the module's
/// top-level code outside any loop (`if __name__ == "__main__": run()`).
fn called_once_at_top(model: &Model<'_>, id: FuncId, top_loops: &[TextRange]) -> bool {
    let function = model.scopes.function(id);
    if function.parent.is_some() || function.class.is_some() {
        return false;
    }
    let name = function.name();
    let calls: Vec<_> = model
        .calls_named(name)
        .filter(|c| matches!(&*c.expr.func, Expr::Name(n) if n.id.as_str() == name))
        .collect();
    !calls.is_empty()
        && calls.len() == model.uses_of_name(name)
        && calls
            .iter()
            .all(|c| c.scope.is_none() && !top_loops.iter().any(|r| r.contains(c.expr.start())))
}

/// Attribute names whose value the module closes (or registers to close),
/// each with whether it is closed on `self` (`self._con.close()`) rather than
/// on another object (`store.conn.close()`).
pub fn closed_attrs(model: &Model<'_>) -> Vec<(String, bool)> {
    let mut out: Vec<(String, bool)> = Vec::new();
    let mut add = |owner: &ruff_python_ast::ExprAttribute| {
        let on_self = matches!(&*owner.value, Expr::Name(n) if n.id.as_str() == "self");
        let entry = (owner.attr.to_string(), on_self);
        if !out.contains(&entry) {
            out.push(entry);
        }
    };
    for call in &model.calls {
        if let Expr::Attribute(method) = &*call.expr.func
            && is_closer(method.attr.as_str())
        {
            match (&call.callee, &*method.value) {
                // `self.engine.pool.dispose()`: the engine's own pool.
                (_, Expr::Attribute(owner))
                    if owner.attr.as_str() == "pool"
                        && matches!(&*owner.value, Expr::Attribute(_)) =>
                {
                    add(owner);
                    if let Expr::Attribute(engine) = &*owner.value {
                        add(engine);
                    }
                }
                (_, Expr::Attribute(owner)) => add(owner),
                // `conn = self._con` ... `conn.close()`
                (
                    Callee::Method {
                        receiver: Receiver::Name(n),
                        ..
                    },
                    _,
                ) => {
                    for a in model.assignments_of(call.scope, n) {
                        if let Expr::Attribute(owner) = a.value {
                            add(owner);
                        }
                    }
                }
                _ => {}
            }
        }
        // `closing(self.conn)`, `atexit.register(self.conn.close)`
        for arg in &call.expr.arguments.args {
            match arg {
                Expr::Attribute(a) if is_closer(a.attr.as_str()) => {
                    if let Expr::Attribute(owner) = &*a.value {
                        add(owner);
                    }
                }
                Expr::Attribute(a) if call.qualified() == Some("contextlib.closing") => add(a),
                _ => {}
            }
        }
    }
    out
}

fn is_closer(method: &str) -> bool {
    matches!(method, "close" | "aclose" | "dispose")
}

/// Classes of the module that open a sqlite3 connection onto `self` in one of
/// their methods (`self.conn = sqlite3.connect(...)`): their instances own it.
pub fn connection_classes(model: &Model<'_>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for call in &model.calls {
        if !super::connections::is_sqlite3_connect(call) || call.parent.is_some() {
            continue;
        }
        let Stmt::Assign(assign) = call.stmt else {
            continue;
        };
        let on_self = assign.targets.iter().any(|t| match t {
            Expr::Attribute(a) => matches!(&*a.value, Expr::Name(n) if n.id.as_str() == "self"),
            // `db = sqlite3.connect(p)` ... `self._db = db`
            Expr::Name(n) => call
                .scope
                .is_some_and(|s| stored_on_self(model, s, n.id.as_str()).is_some()),
            _ => false,
        });
        if !on_self {
            continue;
        }
        if let Some(class) = model.scopes.enclosing_class(call.scope) {
            let name = &model.scopes.classes[class].qualname;
            if !out.contains(name) {
                out.push(name.clone());
            }
        }
    }
    out
}

/// `self.<attr> = name` in the method `scope`, where `name` is bound once
/// there: the local is the object's, as if assigned to `self.<attr>` directly
/// (`db = sqlite3.connect(p)`, then `fill(db)`, then `self._db = db`).
pub fn stored_on_self(model: &Model<'_>, scope: FuncId, name: &str) -> Option<String> {
    model.scopes.enclosing_class(Some(scope))?;
    let bound = model
        .assignments_of(Some(scope), name)
        .iter()
        .filter(|a| a.scope == Some(scope))
        .count();
    if bound != 1 {
        return None;
    }
    model
        .assignment_positions_in(Some(scope))
        .iter()
        .map(|&i| &model.assignments[i])
        .find_map(|a| match (&a.target, a.value) {
            (Target::SelfAttr(attr), Expr::Name(n))
                if n.id.as_str() == name && a.kind == AssignKind::Assign =>
            {
                Some(attr.clone())
            }
            _ => None,
        })
}

/// Classes of the module whose `__del__` can be trusted to run, and close what
/// it closes, as soon as an instance's last reference goes: they have a
/// `__del__` and never hand out a bare `self` (passed to a call, stored,
/// yielded; `return self` from `__enter__` is fine). One that does, e.g.
/// `self.repo = Repo(database=self)`, may sit in a reference cycle, and then
/// its `__del__` waits for the cyclic garbage collector like an unclosed
/// connection (docs/sqlite-facts.md#F-unclosed-lingers).
pub fn closed_on_del(model: &Model<'_>) -> Vec<String> {
    model
        .scopes
        .classes
        .iter()
        .filter(|class| {
            let methods: Vec<&ruff_python_ast::StmtFunctionDef> = class
                .def
                .body
                .iter()
                .filter_map(|s| match s {
                    Stmt::FunctionDef(f) => Some(f),
                    _ => None,
                })
                .collect();
            methods.iter().any(|m| m.name.as_str() == "__del__")
                && !methods.iter().any(|m| hands_out_self(&m.body))
        })
        .map(|class| class.qualname.clone())
        .collect()
}

/// A use of `self` in a method body other than `self.<attr>` and `return self`.
fn hands_out_self(body: &[Stmt]) -> bool {
    let is_self = |e: &Expr| matches!(e, Expr::Name(n) if n.id.as_str() == "self");
    let (mut bare, mut through) = (0usize, 0usize);
    super::visit::any_expr(body, |e| {
        match e {
            _ if is_self(e) => bare += 1,
            Expr::Attribute(a) if is_self(&a.value) => through += 1,
            _ => {}
        }
        false
    });
    super::visit::any_stmt(body, |s| {
        if matches!(s, Stmt::Return(r) if r.value.as_deref().is_some_and(is_self)) {
            through += 1;
        }
        false
    });
    bare > through
}
