//! Which functions of the project run on worker threads, where several of them
//! can run at once: thread targets, executor submissions, `asyncio.to_thread`,
//! Starlette/FastAPI background tasks and sync endpoints (both run on the thread
//! pool), Flask, Django, Falcon and Pyramid views (`wsgi_views`: their servers
//! are usually threaded), views under the project's own route decorators
//! (`@api_get("/x")` where `api_get` hands the view to `app.route`,
//! `wsgi_views::route_factories`, in any module), handlers a library dispatches on its own threads
//! (`library_dispatch`), and the sync functions these call,
//! across files through the project index. Coroutines run on the event loop and
//! are not followed.

use rustc_hash::FxHashMap as HashMap;

use ruff_python_ast::Expr;
use ruff_text_size::Ranged;

use super::facts;
use super::model::Model;
use super::project::{
    CallRef, ProjectIndex, ProjectView, Spreading, call_ref, decorated_entries, routed_entries,
    started_entries,
};
use super::scopes::FuncId;
use super::spread::{self, Spread};
use super::thread_decorators;
use super::wsgi_views::{ROUTE_DECORATORS, WEB_FRAMEWORKS};

/// The functions this module hands to other threads, as the index names them.
pub fn entry_refs(model: &Model<'_>) -> Vec<CallRef> {
    let mut out: Vec<CallRef> = Vec::new();
    // A module of thousands of thread targets: a set, not a scan of `out` per entry.
    let mut seen: rustc_hash::FxHashSet<CallRef> = rustc_hash::FxHashSet::default();
    let mut add = |r: CallRef| {
        if seen.insert(r.clone()) {
            out.push(r);
        }
    };
    for call in &model.calls {
        if let Some(target) = thread_decorators::handed_to_thread(model, call) {
            for r in refs_of(model, target, call.scope) {
                add(r);
            }
        }
    }
    for r in scheduled_jobs(model) {
        add(r);
    }
    for r in super::thread_classes::run_refs(model) {
        add(r);
    }
    // `@work(thread=True)`: the body runs on a worker thread.
    for f in &model.scopes.functions {
        if thread_decorators::library_threaded(model, f.def, f.parent) {
            add(CallRef::Local(f.qualname.clone()));
        }
    }
    let one_thread = super::wsgi_views::runs_one_thread(model);
    if WEB_FRAMEWORKS.iter().any(|f| model.imports.mentions(f)) && !one_thread {
        for f in &model.scopes.functions {
            if !f.is_async() && is_route(f.def) {
                add(CallRef::Local(f.qualname.clone()));
            }
        }
    }
    // Django, Falcon and Pyramid views, and views registered by reference.
    for (id, f) in model.scopes.functions.iter().enumerate() {
        if !one_thread && super::wsgi_views::is_view(model, id) {
            add(CallRef::Local(f.qualname.clone()));
        }
    }
    for r in super::wsgi_views::registered(model) {
        add(r);
    }
    for r in super::library_dispatch::handler_refs(model) {
        add(r);
    }
    out
}

/// The thread targets of this module started a known number of times: each
/// `threading.Thread(target=f)` (or `threading.Timer`) built where code runs
/// once (at module level or in a function called only from there, such as
/// `main()`, never in a loop), with how many such starts it has. A target
/// also handed to a thread anywhere else (a handler, a request, a loop) is not
/// listed: that thread starts once per event, an unbounded number of times.
/// A `Thread` object starts at most once, so its construction counts it.
pub fn once_started(model: &Model<'_>) -> Vec<(CallRef, usize)> {
    let mut counts: Vec<(CallRef, usize)> = Vec::new();
    let mut unbounded: Vec<CallRef> = Vec::new();
    for call in &model.calls {
        let Some(target) = thread_decorators::handed_to_thread(model, call) else {
            continue;
        };
        // A timer chain's re-arming is the same one thread, not another start.
        if super::spawn::rearms_itself(model, call) {
            continue;
        }
        let once = matches!(
            call.qualified(),
            Some("threading.Thread" | "threading.Timer")
        ) && !call.in_lambda
            && super::once_code::runs_once_at(model, call.scope, call.range(), 0);
        for r in refs_of(model, target, call.scope) {
            if !once {
                unbounded.push(r);
            } else if let Some((_, n)) = counts.iter_mut().find(|(c, _)| *c == r) {
                *n += 1;
            } else {
                counts.push((r, 1));
            }
        }
    }
    counts.retain(|(r, _)| !unbounded.contains(r));
    counts
}

/// The functions this module runs as jobs on a pool's reused threads
/// (executors, `asyncio.to_thread`, background tasks, scheduler jobs): one
/// thread runs many jobs, so what a job leaves bound to its thread outlives it.
pub fn pooled_entry_refs(model: &Model<'_>) -> Vec<CallRef> {
    let mut out: Vec<CallRef> = model
        .calls
        .iter()
        .filter_map(|call| Some((call, thread_decorators::pooled_target(model, call)?)))
        .flat_map(|(call, target)| refs_of(model, target, call.scope))
        .collect();
    out.extend(scheduled_jobs(model));
    out.dedup();
    out
}

/// `@scheduler.scheduled_job(...)` functions of an APScheduler module.
fn scheduled_jobs(model: &Model<'_>) -> Vec<CallRef> {
    if !model.imports.mentions("apscheduler") {
        return Vec::new();
    }
    model
        .scopes
        .functions
        .iter()
        .filter(|f| f.parent.is_none() && f.class.is_none())
        .filter(|f| {
            f.def.decorator_list.iter().any(|d| {
                matches!(&d.expression, Expr::Call(c)
                    if matches!(&*c.func, Expr::Attribute(a) if a.attr.as_str() == "scheduled_job"))
            })
        })
        .map(|f| CallRef::Local(f.qualname.clone()))
        .collect()
}

fn is_route(def: &ruff_python_ast::StmtFunctionDef) -> bool {
    def.decorator_list.iter().any(|d| match &d.expression {
        Expr::Call(call) => {
            matches!(&*call.func, Expr::Attribute(a) if ROUTE_DECORATORS.contains(&a.attr.as_str()))
        }
        _ => false,
    })
}

/// The project functions an expression handed to a thread stands for.
pub(crate) fn refs_of(model: &Model<'_>, expr: &Expr, scope: Option<FuncId>) -> Vec<CallRef> {
    match expr {
        Expr::Name(name) => {
            let id = name.id.as_str();
            // A function defined in an enclosing function: `_db_work`.
            for s in model.scopes.chain(scope).into_iter().flatten() {
                // The functions defined in `s` follow it (scopes.rs, `nested_in`).
                if let Some(f) = model
                    .scopes
                    .nested_in(s)
                    .map(|j| model.scopes.function(j))
                    .find(|f| f.parent == Some(s) && f.class.is_none() && f.name() == id)
                {
                    return vec![CallRef::Local(f.qualname.clone())];
                }
            }
            if model.scopes.module_function(id).is_some() {
                return vec![CallRef::Local(id.to_string())];
            }
            model
                .resolve(expr, scope)
                .map(|q| vec![CallRef::Dotted(q)])
                .unwrap_or_default()
        }
        Expr::Attribute(attr) => {
            if let Expr::Name(base) = &*attr.value {
                if base.id.as_str() == "self" {
                    if let Some(class) = model.scopes.enclosing_class(scope) {
                        return vec![CallRef::SelfMethod {
                            class: model.scopes.classes[class].qualname.clone(),
                            name: attr.attr.to_string(),
                        }];
                    }
                }
                if let Some(q) = model.resolve(expr, scope) {
                    return vec![CallRef::Dotted(q)];
                }
                if model.module_names.contains(base.id.as_str()) {
                    return vec![CallRef::Instance {
                        var: base.id.to_string(),
                        name: attr.attr.to_string(),
                    }];
                }
            }
            // A bound method of an object the model can follow: a local built
            // or fetched in this function (`s = get_session(); to_thread(s.refresh)`),
            // an attribute set in `__init__` (`to_thread(self.session.query)`).
            super::values::method_ref(model, scope, expr)
                .into_iter()
                .collect()
        }
        // functools.partial(f, ...)
        Expr::Call(call) => {
            let partial = model.resolve(&call.func, scope).as_deref() == Some("functools.partial");
            match call.arguments.args.first() {
                Some(first) if partial => refs_of(model, first, scope),
                _ => Vec::new(),
            }
        }
        // lambda: f(x): the calls in its body.
        Expr::Lambda(lambda) => model
            .calls
            .iter()
            .filter(|c| lambda.range().contains_range(c.range()))
            .filter_map(|c| call_ref(model, c))
            .collect(),
        _ => Vec::new(),
    }
}

/// This module's functions that run on worker threads, each with the entry point
/// that gets it there (its qualname).
pub fn threaded_functions(view: &ProjectView<'_>) -> HashMap<String, String> {
    walk_threaded(view, false)
}

/// Of [`threaded_functions`], those several threads can run at the same time:
/// reached from a thread entry through at least one chain of calls made
/// outside `with <lock>:`. A function every thread reaches only through a
/// caller holding a lock runs one thread at a time (a consolidation step
/// called under the engine's write lock); its connection still crosses threads.
pub fn unserialized_threaded_functions(view: &ProjectView<'_>) -> HashMap<String, String> {
    walk_threaded(view, true)
}

fn walk_threaded(view: &ProjectView<'_>, unlocked: bool) -> HashMap<String, String> {
    let spread = threaded_spread(view.index, unlocked);
    let mut seeds: Vec<(Node, String)> = Vec::new();
    for entry in view
        .own
        .thread_entries
        .iter()
        .chain(&decorated_entries(view.index, view.module, &view.own))
        .chain(&routed_entries(view.index, view.module, &view.own))
        .chain(&started_entries(view.index, view.module, &view.own))
    {
        if let Some((m, f)) = view.lookup(entry) {
            seeds.push(((m, f.qualname.clone()), f.qualname.clone()));
        }
    }
    facts::walk_own(
        view,
        spread,
        seeds,
        |s| !s.is_async,
        |s| {
            if unlocked {
                s.unlocked_calls()
            } else {
                &s.calls
            }
        },
        |_| true,
    )
}

/// A function of the project: its module (`None` for the module being checked)
/// and qualname.
pub type Node = (Option<usize>, String);

/// Every function of the project that runs on worker threads, with its entry point.
pub fn threaded_nodes(view: &ProjectView<'_>) -> HashMap<Node, String> {
    nodes(view, false)
}

/// Of [`threaded_nodes`], those several threads can run at the same time (see
/// [`unserialized_threaded_functions`]).
pub fn unserialized_threaded_nodes(view: &ProjectView<'_>) -> HashMap<Node, String> {
    nodes(view, true)
}

fn nodes(view: &ProjectView<'_>, unlocked: bool) -> HashMap<Node, String> {
    let spread = threaded_spread(view.index, unlocked);
    let mut out = reached_in_other_modules(view, spread);
    for (qualname, root) in walk_threaded(view, unlocked) {
        out.insert((None, qualname), root);
    }
    out
}

/// Every function of the project that a threading server's request handlers
/// reach (a `socketserver`/`http.server` handler, a gRPC servicer's methods:
/// `library_dispatch::request_handler_refs`), whichever module defines the
/// server, with the handler that gets there. Only the thread-crossing rule
/// takes these: one request per thread is enough for a connection built on
/// another thread to fail, while the contention rules would count a local
/// tool's requests, mostly one at a time, as concurrent writers.
pub fn server_nodes(view: &ProjectView<'_>) -> HashMap<Node, String> {
    let spread = view.index.spread(Spreading::ServerThreads, |index| {
        let mut seeds = Vec::new();
        for (m, module) in index.modules.iter().enumerate() {
            if super::paths::is_test_module(&module.path) {
                continue;
            }
            for entry in &module.facts.server_handlers {
                if let Some((tm, tf)) = index.resolve(m, entry) {
                    let root = index.modules[tm].functions[tf].qualname.clone();
                    seeds.push((m, (tm, tf), root));
                }
            }
        }
        spread::compute(seeds, |(m, f)| index.sync_callees((m, f)))
    });
    let mut out = reached_in_other_modules(view, spread);
    let seeds = view
        .own
        .facts
        .server_handlers
        .iter()
        .filter_map(|entry| view.lookup(entry))
        .map(|(m, f)| ((m, f.qualname.clone()), f.qualname.clone()))
        .collect();
    let own = facts::walk_own(view, spread, seeds, |s| !s.is_async, |s| &s.calls, |_| true);
    for (qualname, root) in own {
        out.insert((None, qualname), root);
    }
    out
}

/// The functions a project-wide walk reached in modules other than the one
/// being checked (whose own functions the caller walks with its full view).
fn reached_in_other_modules(view: &ProjectView<'_>, spread: &Spread) -> HashMap<Node, String> {
    spread
        .reached
        .iter()
        .filter(|((m, _), _)| Some(*m) != view.module)
        .map(|(&(m, f), root)| {
            let qualname = view.index.modules[m].functions[f].qualname.clone();
            ((Some(m), qualname), root.clone())
        })
        .collect()
}

/// The project-wide walk from every module's thread entries, once per run.
fn threaded_spread(index: &ProjectIndex, unlocked: bool) -> &Spread {
    let kind = if unlocked {
        Spreading::ThreadedUnlocked
    } else {
        Spreading::Threaded
    };
    index.spread(kind, |index| {
        let mut seeds = Vec::new();
        for (m, module) in index.modules.iter().enumerate() {
            // A test's threads exercise the program; they are not one of its
            // own concurrent callers.
            if super::paths::is_test_module(&module.path) {
                continue;
            }
            let decorated = decorated_entries(index, Some(m), module);
            let routed = routed_entries(index, Some(m), module);
            let started = started_entries(index, Some(m), module);
            for entry in module
                .thread_entries
                .iter()
                .chain(&decorated)
                .chain(&routed)
                .chain(&started)
            {
                if let Some((tm, tf)) = index.resolve(m, entry) {
                    let root = index.modules[tm].functions[tf].qualname.clone();
                    seeds.push((m, (tm, tf), root));
                }
            }
        }
        spread::compute(seeds, |(m, f)| {
            let summary = &index.modules[m].functions[f];
            (!summary.is_async).then(|| {
                let calls = if unlocked {
                    summary.unlocked_calls()
                } else {
                    &summary.calls
                };
                calls
                    .iter()
                    .filter_map(|call| index.resolve(m, call))
                    .collect()
            })
        })
    })
}

/// Why a function's database work can run on several threads at once: it is
/// reached from a thread entry point, or its connection is shared across threads.
pub fn concurrency_reason(
    threaded: &HashMap<String, String>,
    qualname: &str,
    shared_connection: bool,
) -> Option<String> {
    if let Some(root) = threaded.get(qualname) {
        return Some(if root == qualname {
            format!("`{qualname}` runs on worker threads")
        } else {
            format!("`{qualname}` runs on worker threads (reached from `{root}`)")
        });
    }
    shared_connection
        .then(|| "the connection is shared across threads (check_same_thread=False)".to_string())
}

/// A `check_same_thread=` value that may turn the thread check off: a falsy
/// literal (`False`, `0`, `None`), or an expression only known at run time
/// (`path == ":memory:"`, a setting, a parameter): whenever it is False the
/// threads share the connection. Other literals are truthy and keep it on.
pub fn thread_check_may_be_off(value: &Expr) -> bool {
    match value {
        Expr::BooleanLiteral(b) => !b.value,
        Expr::NoneLiteral(_) => true,
        Expr::NumberLiteral(n) => {
            matches!(&n.value, ruff_python_ast::Number::Int(i) if i.as_u8() == Some(0))
        }
        Expr::StringLiteral(_)
        | Expr::BytesLiteral(_)
        | Expr::FString(_)
        | Expr::EllipsisLiteral(_)
        | Expr::Lambda(_)
        | Expr::List(_)
        | Expr::Dict(_)
        | Expr::Tuple(_)
        | Expr::Set(_) => false,
        _ => true,
    }
}

/// A connection held by the module or `self` and opened with `check_same_thread=False`.
pub fn is_cross_thread_site(site: &super::connections::ConnSite<'_, '_>) -> bool {
    use super::connections::Holder;
    matches!(site.holder, Holder::Global(_) | Holder::SelfAttr(_))
        && site
            .call
            .keyword("check_same_thread")
            .is_some_and(|v| matches!(v, Expr::BooleanLiteral(b) if !b.value))
}

const LOCK_FACTORIES: &[&str] = &[
    "threading.Lock",
    "threading.RLock",
    "threading.Semaphore",
    "threading.BoundedSemaphore",
    "threading.Condition",
    "multiprocessing.Lock",
    "multiprocessing.RLock",
];

/// Whether a `with` item is a lock: named like one (`_WRITE_LOCK`, `self._lock`,
/// `db.write_lock`), or bound to `threading.Lock()` and friends.
pub fn is_lock_expr(model: &Model<'_>, expr: &Expr, scope: Option<FuncId>) -> bool {
    let name = match expr {
        Expr::Name(n) => n.id.as_str(),
        Expr::Attribute(a) => a.attr.as_str(),
        Expr::Call(c) => return is_lock_expr(model, &c.func, scope),
        _ => return false,
    };
    // `lock` in any ASCII case, as `to_ascii_lowercase().contains` found it,
    // without a new string per `with` item.
    if name
        .as_bytes()
        .windows(4)
        .any(|w| w.eq_ignore_ascii_case(b"lock"))
    {
        return true;
    }
    let from_factory = |value: &Expr, s: Option<FuncId>| match value {
        Expr::Call(c) => model
            .resolve(&c.func, s)
            .is_some_and(|q| LOCK_FACTORIES.contains(&q.as_str())),
        _ => false,
    };
    match expr {
        Expr::Name(n) => model
            .assignments_of(scope, n.id.as_str())
            .iter()
            .any(|a| from_factory(a.value, a.scope)),
        Expr::Attribute(a) => model
            .self_attr_assignments(a.attr.as_str())
            .any(|asg| from_factory(asg.value, asg.scope)),
        _ => false,
    }
}

/// Whether `range` in function `scope` runs inside a `with <lock>:` block.
/// The bodies of the `with <lock>:` blocks of a function (nested ones included).
pub fn lock_blocks(model: &Model<'_>, scope: FuncId) -> Vec<ruff_text_size::TextRange> {
    let body = &model.scopes.function(scope).def.body;
    super::transactions::scope_stmts(body)
        .iter()
        .filter_map(|s| match s {
            ruff_python_ast::Stmt::With(w)
                if w.items
                    .iter()
                    .any(|i| is_lock_expr(model, &i.context_expr, Some(scope))) =>
            {
                let first = w.body.first()?.range();
                let last = w.body.last()?.range();
                Some(first.cover(last))
            }
            _ => None,
        })
        .collect()
}

pub fn locked_at(model: &Model<'_>, scope: FuncId, range: ruff_text_size::TextRange) -> bool {
    let body = &model.scopes.function(scope).def.body;
    super::transactions::scope_stmts(body)
        .iter()
        .any(|s| match s {
            ruff_python_ast::Stmt::With(w) => {
                w.range.contains_range(range)
                    && w.body.iter().any(|b| b.range().contains_range(range))
                    && w.items
                        .iter()
                        .any(|i| is_lock_expr(model, &i.context_expr, Some(scope)))
            }
            _ => false,
        })
}
