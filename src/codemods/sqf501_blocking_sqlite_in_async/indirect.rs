//! Blocking sqlite3 work that reaches the event loop through a callable, not a
//! call of a named helper: a coroutine that calls one of its parameters inline
//! (`async def retry(self, op): return op()`) while its callers hand it closures,
//! lambdas or bound methods doing the work; sync callbacks registered on an
//! object (`self.listeners.append(fn)`) that a coroutine invokes in a loop; and
//! an "offload" that waits anyway
//! (`pool.submit(f).result()` or `as_completed` in `async def`, or a sync helper of
//! the project, in any module, that submits the callable it is handed and waits:
//! `run_in_pool(fetch, row)`), which holds the loop for as long as the worker
//! thread waits on the database lock.
//!
//! Callers are looked for in the same module (the retry helper and its users are
//! one storage class in practice); a callable counts when the project index says
//! the function it names does blocking database I/O.

use ruff_python_ast::Expr;
use ruff_text_size::{Ranged, TextRange};

use super::{BlockingSqliteInAsync, in_generator_or_lambda, needs_parens, to_thread_edits};
use crate::codemods::{Codemod, Context};
use crate::finding::Finding;
use crate::fix::{Edit, Fix, codegen};
use crate::semantic::connections::{self, ConnKey};
use crate::semantic::model::{AssignKind, Call, Callee, Model, Receiver};
use crate::semantic::pool_wait;
use crate::semantic::project::{BLOCKING_METHODS, CallRef};
use crate::semantic::scopes::FuncId;

/// Findings for the coroutine `scope`, skipping calls inside `covered`.
pub(super) fn findings(
    codemod: &BlockingSqliteInAsync,
    ctx: &Context<'_, '_>,
    scope: FuncId,
    shared: &[(ConnKey, bool)],
    covered: &[TextRange],
) -> Vec<Finding> {
    let model = ctx.model;
    let mut out = Vec::new();
    for call in model.calls_in(Some(scope)) {
        if call.in_lambda
            || call.is_awaited()
            || covered.iter().any(|r| r.contains_range(call.range()))
        {
            continue;
        }
        if let Some(finding) = inline_parameter_call(codemod, ctx, scope, call, shared) {
            out.push(finding);
        } else if let Some(finding) = registered_callback_call(codemod, ctx, scope, call, shared) {
            out.push(finding);
        } else if let Some(finding) = waited_submit(codemod, ctx, scope, call, shared) {
            out.push(finding);
        } else if let Some(finding) = waiting_helper_call(codemod, ctx, scope, call, shared) {
            out.push(finding);
        }
    }
    out
}

/// `op()` where `op` is a parameter of the coroutine and some caller passes
/// sqlite3 work for it.
fn inline_parameter_call(
    codemod: &BlockingSqliteInAsync,
    ctx: &Context<'_, '_>,
    scope: FuncId,
    call: &Call<'_>,
    shared: &[(ConnKey, bool)],
) -> Option<Finding> {
    let model = ctx.model;
    let Expr::Name(name) = &*call.expr.func else {
        return None;
    };
    let name = name.id.as_str();
    let function = model.scopes.function(scope);
    let position = function.params.iter().position(|p| p == name)?;
    // Rebound in the body, the name no longer holds what the callers passed.
    if model.assigns_in(scope, name) {
        return None;
    }
    let mut passed: Vec<String> = Vec::new();
    for caller in &model.calls {
        if !calls_function(model, caller, scope) {
            continue;
        }
        let Some(arg) = caller.argument(position, name) else {
            continue;
        };
        if let Some(what) = blocking_callable(ctx, caller.scope, arg, shared, 0) {
            let line = model.line_column(caller.range().start()).0;
            passed.push(format!("`{what}` (line {line})"));
        }
    }
    if passed.is_empty() {
        return None;
    }
    let message = format!(
        "`{name}()` runs the callable it is given on the event loop in `async def {}`; callers pass blocking sqlite3 work: {}",
        function.name(),
        listing(&passed)
    );
    Some(offload_callable(codemod, ctx, call, name, message))
}

/// `cb(event)` in `for cb in self.listeners:` where the class registers
/// (`self.listeners.append(fn)`, directly or through a method its users call)
/// callables that do sqlite3 work: sync callbacks run on the loop.
fn registered_callback_call(
    codemod: &BlockingSqliteInAsync,
    ctx: &Context<'_, '_>,
    scope: FuncId,
    call: &Call<'_>,
    shared: &[(ConnKey, bool)],
) -> Option<Finding> {
    let model = ctx.model;
    let Expr::Name(name) = &*call.expr.func else {
        return None;
    };
    let name = name.id.as_str();
    let assignment = model.last_assignment(Some(scope), name, call.range().start())?;
    if assignment.kind != AssignKind::ForLoop {
        return None;
    }
    let attr = registry_attr(assignment.value)?;
    let class = model.scopes.enclosing_class(Some(scope))?;
    let mut registered: Vec<String> = Vec::new();
    for add in &model.calls {
        let Callee::Method {
            receiver: Receiver::SelfAttr(a),
            name: method,
        } = &add.callee
        else {
            continue;
        };
        if a != attr
            || !matches!(method.as_str(), "append" | "add" | "insert")
            || model.scopes.enclosing_class(add.scope) != Some(class)
        {
            continue;
        }
        let Some(value) = add.expr.arguments.args.last() else {
            continue;
        };
        registered.extend(registrations(ctx, add, value, shared));
    }
    if registered.is_empty() {
        return None;
    }
    let function = model.scopes.function(scope);
    let message = format!(
        "`{name}()` runs the sync callbacks registered on `self.{attr}` on the event loop in `async def {}`; registered callbacks do blocking sqlite3 work: {}",
        function.name(),
        listing(&registered)
    );
    Some(offload_callable(codemod, ctx, call, name, message))
}

/// `self.attr`, `self.attr.values()`, `list(self.attr)`, `self.attr.copy()`.
fn registry_attr(iter: &Expr) -> Option<&str> {
    match iter {
        Expr::Attribute(a) => match &*a.value {
            Expr::Name(base) if base.id.as_str() == "self" => Some(a.attr.as_str()),
            _ => None,
        },
        Expr::Call(c) => match &*c.func {
            Expr::Name(f) if matches!(f.id.as_str(), "list" | "tuple") => {
                registry_attr(c.arguments.args.first()?)
            }
            Expr::Attribute(m) if matches!(m.attr.as_str(), "values" | "copy") => {
                registry_attr(&m.value)
            }
            _ => None,
        },
        _ => None,
    }
}

/// The blocking callables that reach `self.attr.append(value)`: `value` itself,
/// or, when it is a parameter of the registering method, what the method's
/// callers in this module pass for it.
fn registrations(
    ctx: &Context<'_, '_>,
    add: &Call<'_>,
    value: &Expr,
    shared: &[(ConnKey, bool)],
) -> Vec<String> {
    let model = ctx.model;
    let line = |c: &Call<'_>| model.line_column(c.range().start()).0;
    if let (Expr::Name(n), Some(method)) = (value, add.scope) {
        let f = model.scopes.function(method);
        if let Some(position) = f.params.iter().position(|p| p == n.id.as_str()) {
            return model
                .calls
                .iter()
                .filter(|c| simple_method_name(c) == Some(f.name()))
                .filter_map(|c| {
                    let arg = c.argument(position, n.id.as_str())?;
                    let what = blocking_callable(ctx, c.scope, arg, shared, 0)?;
                    Some(format!("`{what}` (line {})", line(c)))
                })
                .collect();
        }
    }
    blocking_callable(ctx, add.scope, value, shared, 0)
        .map(|what| format!("`{what}` (line {})", line(add)))
        .into_iter()
        .collect()
}

fn simple_method_name<'c>(call: &'c Call<'_>) -> Option<&'c str> {
    match &call.callee {
        Callee::Method { name, .. } | Callee::SelfMethod(name) => Some(name),
        _ => None,
    }
}

/// Up to three items, then how many more.
fn listing(items: &[String]) -> String {
    let shown = items.len().min(3);
    let more = if items.len() > shown {
        format!(" and {} more", items.len() - shown)
    } else {
        String::new()
    };
    format!("{}{more}", items[..shown].join(", "))
}

/// The finding at `name(...)`, with the unsafe fix that runs the callable in a
/// worker thread.
fn offload_callable(
    codemod: &BlockingSqliteInAsync,
    ctx: &Context<'_, '_>,
    call: &Call<'_>,
    name: &str,
    message: String,
) -> Finding {
    let model = ctx.model;
    let finding = Finding::new(codemod.meta(), call.range(), message);
    if in_generator_or_lambda(model, call) {
        return finding.with_note(
            "the call sits in a generator expression or lambda, where `await` would change its meaning; run the callable with `asyncio.to_thread` by hand",
        );
    }
    let edits = to_thread_edits(model, call, name);
    finding
        .with_fix(Fix::unsafe_(
            format!("Run the callable in a worker thread: `await asyncio.to_thread({name})`"),
            edits,
        ))
        .with_note("every callable that reaches here then runs in a worker thread: one that uses a connection opened with the default check_same_thread raises ProgrammingError there (docs/sqlite-facts.md#F-same-thread), and a connection shared with check_same_thread=False needs a lock (SQF203)")
}

/// `pool.submit(f).result()`, or `fut.result()` on such a future: the coroutine
/// waits for the worker thread without yielding the loop.
fn waited_submit(
    codemod: &BlockingSqliteInAsync,
    ctx: &Context<'_, '_>,
    scope: FuncId,
    call: &Call<'_>,
    shared: &[(ConnKey, bool)],
) -> Option<Finding> {
    let model = ctx.model;
    if call.method_name() != Some("result") {
        return None;
    }
    let Expr::Attribute(attr) = &*call.expr.func else {
        return None;
    };
    let target = pool_wait::waited_work(model, call)?;
    let what = blocking_callable(ctx, Some(scope), target, shared, 0)?;
    let function = model.scopes.function(scope);
    let message = format!(
        "`{}` waits on the event loop in `async def {}` while a worker thread runs `{what}`, which does blocking sqlite3 I/O",
        model.slice(call.range()),
        function.name()
    );
    let finding = Finding::new(codemod.meta(), call.range(), message);
    // `for fut in as_completed(futures):` waits in the loop header as well.
    let completed = matches!(&*attr.value, Expr::Name(n) if model
        .last_assignment(Some(scope), n.id.as_str(), call.range().start())
        .is_some_and(|a| a.kind == AssignKind::ForLoop));
    if completed {
        return Some(finding.with_note(
            "`as_completed` blocks the loop too: gather the futures instead, `await asyncio.gather(*(asyncio.wrap_future(f) for f in futures))`, or run the whole batch with `asyncio.to_thread`",
        ));
    }
    if !call.expr.arguments.is_empty() || in_generator_or_lambda(model, call) {
        return Some(finding.with_note(
            "await the future instead of blocking on it: `await asyncio.wrap_future(future)` (a timeout goes to `asyncio.wait_for`)",
        ));
    }
    let (wrap, import) = codegen::member(model, "asyncio", "wrap_future");
    let mut replacement = format!("await {wrap}({})", model.slice(attr.value.range()));
    if needs_parens(call) {
        replacement = format!("({replacement})");
    }
    let mut edits = vec![Edit::replace(call.range(), replacement)];
    edits.extend(import);
    Some(finding.with_fix(Fix::safe(
        "Await the future: `await asyncio.wrap_future(...)`, the work stays in the same worker thread",
        edits,
    )))
}

/// `run_in_pool(fetch, row)`: a sync helper of the project that submits the
/// callable it is given to a pool and waits for it (pool_wait.rs), called with
/// blocking sqlite3 work. The helper "offloads", but the coroutine waits for
/// the worker thread without yielding the loop.
fn waiting_helper_call(
    codemod: &BlockingSqliteInAsync,
    ctx: &Context<'_, '_>,
    scope: FuncId,
    call: &Call<'_>,
    shared: &[(ConnKey, bool)],
) -> Option<Finding> {
    let model = ctx.model;
    let (_, summary) = ctx.project.function(model, call)?;
    if summary.is_async || summary.on_worker_thread || summary.waits_on_params.is_empty() {
        return None;
    }
    let what = summary.waits_on_params.iter().find_map(|&p| {
        let arg = call.argument(p, summary.params.get(p)?)?;
        blocking_callable(ctx, Some(scope), arg, shared, 0)
    })?;
    let helper = model.slice(call.expr.func.range()).to_string();
    let function = model.scopes.function(scope);
    let message = format!(
        "`{helper}(...)` hands `{what}` to a thread pool and waits for its result, on the event loop in `async def {}`: the loop stands still while `{what}` does blocking sqlite3 I/O",
        function.name()
    );
    let finding = Finding::new(codemod.meta(), call.range(), message);
    if in_generator_or_lambda(model, call) {
        return Some(finding.with_note(
            "the call sits in a generator expression or lambda, where `await` would change its meaning; run it with `asyncio.to_thread` by hand",
        ));
    }
    let edits = to_thread_edits(model, call, &helper);
    Some(
        finding
            .with_fix(Fix::unsafe_(
                format!("Wait in a worker thread: `await asyncio.to_thread({helper}, ...)`"),
                edits,
            ))
            .with_note("the helper's own code (not only the work it submits) then runs in a worker thread; the work still runs in the helper's pool"),
    )
}

/// Whether `caller` calls the function `target` of this module.
fn calls_function(model: &Model<'_>, caller: &Call<'_>, target: FuncId) -> bool {
    let f = model.scopes.function(target);
    match (&caller.callee, f.class) {
        (Callee::SelfMethod(n), Some(class)) => {
            n == f.name() && model.scopes.enclosing_class(caller.scope) == Some(class)
        }
        (Callee::Local(n), None) => {
            f.parent.is_none() && model.scopes.module_function(n) == Some(target)
        }
        _ => false,
    }
}

/// What an argument names, when calling it does blocking sqlite3 I/O: a nested
/// or module `def`, a bound method of the class, a connection's own method
/// (`self.conn.commit`), a lambda, or `functools.partial` of one of these.
fn blocking_callable(
    ctx: &Context<'_, '_>,
    scope: Option<FuncId>,
    arg: &Expr,
    shared: &[(ConnKey, bool)],
    depth: usize,
) -> Option<String> {
    let model = ctx.model;
    let text = || model.slice(arg.range()).to_string();
    match arg {
        Expr::Name(n) => {
            let Some(id) = visible_def(model, scope, n.id.as_str()) else {
                // A function imported from another module of the project (the
                // index knows no library function).
                let dotted = model.resolve(arg, scope)?;
                let reach = ctx.project.reach_of_ref(&CallRef::Dotted(dotted))?;
                return reach.blocking.then(text);
            };
            let f = model.scopes.function(id);
            let reach = ctx
                .project
                .reach_of_ref(&CallRef::Local(f.qualname.clone()))?;
            (reach.blocking && !f.is_async()).then(text)
        }
        Expr::Attribute(attr) => {
            if BLOCKING_METHODS.contains(&attr.attr.as_str())
                && on_shared_connection(model, scope, &attr.value, shared)
            {
                return Some(text());
            }
            let Expr::Name(base) = &*attr.value else {
                return None;
            };
            if base.id.as_str() != "self" {
                // A method of a value the object model names (`store.mark`).
                let method = crate::semantic::objects::method_ref(model, scope, arg)?;
                return ctx
                    .project
                    .reach_of_ref(&method)
                    .is_some_and(|r| r.blocking)
                    .then(text);
            }
            let class = model.scopes.enclosing_class(scope)?;
            let method = CallRef::SelfMethod {
                class: model.scopes.classes[class].qualname.clone(),
                name: attr.attr.to_string(),
            };
            ctx.project
                .reach_of_ref(&method)
                .is_some_and(|r| r.blocking)
                .then(text)
        }
        Expr::Lambda(lambda) => model
            .calls
            .iter()
            .filter(|c| lambda.range().contains_range(c.range()))
            .any(|c| {
                connections::is_sqlite3_connect(c)
                    || ctx.project.reach_of(model, c).is_some_and(|r| r.blocking)
                    || blocking_on_shared(model, c, shared)
            })
            .then(|| "lambda".to_string()),
        Expr::Call(inner) if depth == 0 => {
            let partial = model.call_at(inner.range())?;
            if partial.qualified() != Some("functools.partial") {
                return None;
            }
            let first = inner.arguments.args.first()?;
            blocking_callable(ctx, scope, first, shared, depth + 1).map(|_| text())
        }
        _ => None,
    }
}

/// The `def` a name refers to from `scope`: nested in it or an enclosing
/// function, or at module level.
fn visible_def(model: &Model<'_>, scope: Option<FuncId>, name: &str) -> Option<FuncId> {
    model.scopes.chain(scope).into_iter().find_map(|s| {
        model
            .scopes
            .functions
            .iter()
            .position(|f| f.parent == s && f.class.is_none() && f.name() == name)
    })
}

fn on_shared_connection(
    model: &Model<'_>,
    scope: Option<FuncId>,
    expr: &Expr,
    shared: &[(ConnKey, bool)],
) -> bool {
    shared.iter().any(|(key, _)| {
        let aliases = connections::aliases(model, key);
        connections::refers_to(model, key, &aliases, scope, expr)
    })
}

fn blocking_on_shared(model: &Model<'_>, call: &Call<'_>, shared: &[(ConnKey, bool)]) -> bool {
    let Some(name) = call.method_name() else {
        return false;
    };
    let Expr::Attribute(attr) = &*call.expr.func else {
        return false;
    };
    BLOCKING_METHODS.contains(&name) && on_shared_connection(model, call.scope, &attr.value, shared)
}
