//! Module-wide facts other modules need: which functions this module runs
//! concurrently or hands to the web framework, which database files it opens,
//! and whether it checks database integrity. Kept in the project index.

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::cmp::Reverse;
use std::collections::BinaryHeap;

pub use super::across_modules::{
    any_module, first_module, least_module, modules, sessions_on_sqlite,
};
use super::databases;
use super::effects;
use super::file_readers::{JsonPass, PathPass};
use super::model::{Model, Target};
use super::project::{CallRef, FunctionSummary, ProjectIndex, ProjectView, Spreading};
use super::routes;
use super::spawn::{self, SpawnKind, func_ref};
use super::spread::{self, FnId, Spread};
pub use super::summary_types::{Entry, ModuleFacts};
use ruff_python_ast::Expr;
use ruff_text_size::Ranged;

/// `defer_path_passes`: leave `path_passes` to [`path_passes_to`], asked once
/// the project's path takers are known (the run keeps the model until then):
/// working out every argument's path for every call costs a tenth of a run.
pub fn of_module(model: &Model<'_>, defer_path_passes: bool) -> ModuleFacts {
    let (openers, class_uses) = super::openers::of_module(model, &|call, arg, is_url| {
        if is_url {
            databases::identity_of_url(model, call.scope, arg)
        } else {
            databases::identity_of_connect(model, call)
        }
    });
    let mut entries = Vec::new();
    for s in spawn::spawns(model) {
        for f in s.functions() {
            if let Some(r) = func_ref(model, s.call.scope, f) {
                entries.push((r, Entry::Spawned(s.kind)));
            }
        }
    }
    for (r, kind) in routes::registered_refs(model) {
        entries.push((r, Entry::Route(kind)));
    }
    for r in super::library_dispatch::handler_refs(model)
        .into_iter()
        .chain(super::thread_classes::run_refs(model))
    {
        entries.push((r, Entry::Spawned(SpawnKind::Thread)));
    }
    let (json_passes, call_counts) = json_passes(model);
    let (path_passes, all_call_counts) = path_passes(model, (!defer_path_passes).then_some(None));
    let file_reads = super::file_readers::of_module(model);
    let file_writes = super::file_writes::of_module(model);
    // The path identities asked for above are not asked again for most modules.
    super::path_idents::forget(model);
    ModuleFacts {
        entries,
        databases: databases::opens(model)
            .into_iter()
            .map(|(o, _)| o)
            .collect(),
        path_constants: databases::path_constants(model),
        integrity_check: databases::checks_integrity(model),
        wal: databases::wal_settings(model),
        rollback: databases::rollback_settings(model),
        sync_session_on_loop: super::orm_on_loop::sync_session_on_loop(model),
        thread_bound_engine: super::orm_on_loop::thread_bound_engine(model),
        sqlite_engine: super::orm_on_loop::sqlite_engine(model),
        orm_engines: super::sync_orm::engine_evidence(model),
        aiosqlite_immutable_only: databases::aiosqlite_immutable_only(model),
        aiosqlite_engine: super::orm_on_loop::aiosqlite_engine(model),
        orm_begin_immediate: super::orm_transactions::begins_immediate(model),
        orm_sqlite_url: super::orm_transactions::names_sqlite_url(model),
        uses_aiosqlite: model
            .calls
            .iter()
            .any(|c| c.qualified().is_some_and(|q| q.starts_with("aiosqlite."))),
        lone_workers_only: super::serial_runs::only_lone_workers(model)
            || super::one_sql_thread::only_sql_thread(model),
        file_reads,
        file_writes,
        same_thread_globals: same_thread_globals(model),
        server_handlers: super::library_dispatch::request_handler_refs(model),
        cli_commands: super::entry_points::registered_commands(model)
            .into_iter()
            .filter_map(|(scope, f)| func_ref(model, scope, f))
            .collect(),
        json_passes,
        call_counts,
        path_passes,
        path_passes_later: defer_path_passes,
        all_call_counts,
        temp_handoffs: super::temp_handoffs::of_module(model),
        json_helpers: json_helpers(model),
        path_takers: path_takers(model),
        parameter_reads: super::file_readers::parameter_reads(model),
        stream_dumpers: super::stream_dumpers::of_module(model),
        startup: super::startup::of_module(model, super::project::call_ref),
        run_calls: super::run_sites::of_module(model, super::project::call_ref),
        connect_sites: model
            .calls
            .iter()
            .filter(|c| {
                c.qualified().is_some_and(|q| {
                    matches!(
                        q,
                        "sqlite3.connect"
                            | "sqlite3.dbapi2.connect"
                            | "aiosqlite.connect"
                            | "apsw.Connection"
                    ) || (q.starts_with("sqlalchemy") && q.ends_with("create_engine"))
                        || (q.starts_with("sqlalchemy") && q.ends_with("create_async_engine"))
                })
            })
            .count(),
        openers,
        class_uses,
        handlers: super::single_owner::of_module(model),
        loop_users: super::loop_evidence::of_module(model),
        lock_holder: super::lock_holders::of_module(model),
        holder_beyond_wait: super::lock_holders::beyond_any_wait(model),
        shortest_wait: super::long_wait::shortest_in_module(model),
        django_writer: super::django_atomic::writer(model),
        django_setup_on_import: super::django_atomic::sets_up_on_import(model),
        django_main_script: model.text.contains("__main__"),
        django_sqlite: super::django_atomic::names_sqlite_backend(model.text),
        django_immediate: super::django_atomic::sets_immediate_mode(model.text),
        peewee_models: super::peewee_models::models(model),
        peewee_sqlite: super::peewee_models::builds_sqlite(model),
        peewee_other: super::peewee_models::builds_other(model),
    }
}

/// The module's calls that pass `json.dumps(...)` (or a name bound to it) to a
/// project function, and, by the callee's simple name, how many calls with two
/// or more positional arguments it makes: what a generic writer's callers are.
fn json_passes(model: &Model<'_>) -> (Vec<JsonPass>, HashMap<String, u32>) {
    let mut passes = Vec::new();
    let mut counts: HashMap<String, u32> = HashMap::default();
    for call in &model.calls {
        let args = &call.expr.arguments.args;
        if args.len() < 2 {
            continue;
        }
        let Some(callee) = super::project::call_ref(model, call) else {
            continue;
        };
        *counts.entry(callee.simple_name().to_string()).or_default() += 1;
        let Some(text) = args.iter().position(|a| json_text(model, call.scope, a)) else {
            continue;
        };
        passes.push(JsonPass {
            callee,
            text,
            args: args
                .iter()
                .map(|a| super::path_idents::of_expr(model, a, call.scope))
                .collect(),
            line: model.line_column(call.range().start()).0,
        });
    }
    let counts = counts
        .into_iter()
        .map(|(name, n)| (name.to_string(), n))
        .collect();
    (passes, counts)
}

/// The module's calls of `takers` with the paths they pass (see
/// [`of_module`]'s `defer_path_passes`).
pub fn path_passes_to(model: &Model<'_>, takers: &HashSet<String>) -> Vec<PathPass> {
    path_passes(model, Some(Some(takers))).0
}

/// The module's calls of project functions with the paths they pass, and how
/// many calls each simple name gets (every call with an argument, resolved or
/// not): a helper's callers are all known only when the two agree. `passes`:
/// none, every call's (`Some(None)`), or only the calls of those names.
fn path_passes(
    model: &Model<'_>,
    passes_to: Option<Option<&HashSet<String>>>,
) -> (Vec<PathPass>, HashMap<String, u32>) {
    let mut passes = Vec::new();
    // Counted by borrowed name, copied once per distinct name at the end.
    let mut counts: rustc_hash::FxHashMap<&str, u32> = Default::default();
    let ident = |e: &Expr, scope| {
        (
            super::path_idents::of_expr(model, e, scope),
            super::per_run_names::named_per_run(model, e, scope, 2),
        )
    };
    for call in &model.calls {
        let arguments = &call.expr.arguments;
        if arguments.is_empty() {
            continue;
        }
        let name = match &*call.expr.func {
            Expr::Name(n) => n.id.as_str(),
            Expr::Attribute(a) => a.attr.as_str(),
            _ => continue,
        };
        *counts.entry(name).or_default() += 1;
        let Some(takers) = passes_to else {
            continue;
        };
        let Some(callee) = super::project::call_ref(model, call) else {
            continue;
        };
        // By the name the call resolves to: an import may rename it.
        if takers.is_some_and(|t| !t.contains(callee.simple_name())) {
            continue;
        }
        passes.push(PathPass {
            callee,
            args: arguments
                .args
                .iter()
                .take_while(|a| !a.is_starred_expr())
                .map(|a| ident(a, call.scope))
                .collect(),
            keywords: arguments
                .keywords
                .iter()
                .filter_map(|k| {
                    let (i, per_run) = ident(&k.value, call.scope);
                    Some((k.arg.as_ref()?.to_string(), i, per_run))
                })
                .collect(),
            splat: arguments.args.iter().any(Expr::is_starred_expr)
                || arguments.keywords.iter().any(|k| k.arg.is_none()),
        });
    }
    let counts = counts
        .into_iter()
        .map(|(name, n)| (name.to_string(), n))
        .collect();
    (passes, counts)
}

/// The simple names of functions with a parameter whose body may open, write,
/// read, dump or load a file: the only callees whose callers' `path_passes`
/// anyone asks for (SQF401's helper callers, `parameter_reads`). A wide net on
/// purpose: a callee left out loses its callers' paths, which only keeps a
/// finding; the rest of a project's calls cost memory for nothing.
fn path_takers(model: &Model<'_>) -> Vec<String> {
    const WORDS: [&str; 7] = ["open", "_text", "_bytes", "dump", "load", "save", "write"];
    let mut out: Vec<String> = model
        .scopes
        .functions
        .iter()
        .filter(|f| !f.params.is_empty())
        .filter(|f| {
            let body = model.slice(f.body_range);
            WORDS.iter().any(|w| body.contains(w))
        })
        .map(|f| f.name().to_string())
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}

/// Functions with a parameter whose body dumps or loads and opens, writes or
/// reads a file: maybe a helper writing or reading JSON at the path its caller
/// names.
fn json_helpers(model: &Model<'_>) -> Vec<String> {
    model
        .scopes
        .functions
        .iter()
        .filter(|f| !f.params.is_empty())
        .filter(|f| {
            let body = model.slice(f.body_range);
            (body.contains("dump") || body.contains("load"))
                && (crate::prefilter::mentions(body, "open(")
                    || crate::prefilter::mentions(body, "_text("))
        })
        .map(|f| f.name().to_string())
        .collect()
}

/// `json.dumps(...)` (pydantic's `model_dump_json()` too), or a local name bound to it.
fn json_text(model: &Model<'_>, scope: Option<usize>, expr: &Expr) -> bool {
    match expr {
        Expr::Call(c) => {
            model.resolve(&c.func, scope).is_some_and(|q| {
                super::file_readers::JSON_MODULES
                    .iter()
                    .any(|m| q == format!("{m}.dumps"))
            }) || matches!(&*c.func, Expr::Attribute(a) if a.attr.as_str() == "model_dump_json")
        }
        Expr::Name(n) => model
            .last_assignment(scope, n.id.as_str(), n.start())
            .is_some_and(|a| {
                a.kind == super::model::AssignKind::Assign
                    && !a.stmt.range().contains_range(n.range())
                    && matches!(a.value, Expr::Call(_))
                    && json_text(model, scope, a.value)
            }),
        _ => false,
    }
}

fn same_thread_globals(model: &Model<'_>) -> Vec<(String, usize)> {
    model
        .assignments
        .iter()
        .filter(|a| a.scope.is_none())
        .filter_map(|a| {
            let (Target::Name(name), Expr::Call(call)) = (&a.target, a.value) else {
                return None;
            };
            let q = model.resolve(&call.func, None)?;
            if !matches!(q.as_str(), "sqlite3.connect" | "sqlite3.dbapi2.connect")
                || call.arguments.find_keyword("check_same_thread").is_some()
                || call.arguments.keywords.iter().any(|k| k.arg.is_none())
            {
                return None;
            }
            Some((name.clone(), model.line_column(call.range().start()).0))
        })
        .collect()
}

/// A function of the project: its module (`None`: the module being checked) and qualname.
pub type Node = (Option<usize>, String);

/// A set of functions reached from some entry points.
pub type Reachable = HashSet<Node>;

/// How the viewed module's functions are entered: its own entries (whatever they
/// name), its routes, and the functions of it that other modules start or register.
pub fn entries(view: &ProjectView<'_>) -> Vec<(Node, Entry, bool)> {
    let mut out = own_entries(view);
    if let Some(own) = view.module {
        let incoming = view.index.entries_into(entries_into);
        for (f, entry) in incoming.get(&own).into_iter().flatten() {
            let qualname = &view.index.modules[own].functions[*f].qualname;
            if let Some(s) = view.own_function(qualname) {
                out.push(((None, s.qualname.clone()), *entry, s.is_async));
            }
        }
    }
    out
}

/// The entries the viewed module itself makes, resolved, and its routes.
fn own_entries(view: &ProjectView<'_>) -> Vec<(Node, Entry, bool)> {
    let mut out = Vec::new();
    let thread = Entry::Spawned(SpawnKind::Thread);
    let started = super::project::started_entries(view.index, view.module, &view.own);
    let own = view.own.facts.entries.iter().map(|(r, e)| (r, *e));
    for (r, entry) in own.chain(started.iter().map(|r| (r, thread))) {
        if let Some((m2, s)) = effects::follow(view, None, r) {
            out.push(((m2, s.qualname.clone()), entry, s.is_async));
        }
    }
    for f in &view.own.functions {
        if let Some(kind) = f.effects.route {
            out.push(((None, f.qualname.clone()), Entry::Route(kind), f.is_async));
        }
        if f.on_worker_thread {
            let thread = Entry::Spawned(SpawnKind::Thread);
            out.push(((None, f.qualname.clone()), thread, f.is_async));
        }
    }
    out
}

/// Per module: its functions that other modules start or register, in module order.
fn entries_into(index: &ProjectIndex) -> HashMap<usize, Vec<(usize, Entry)>> {
    let mut out: HashMap<usize, Vec<(usize, Entry)>> = HashMap::default();
    let thread = Entry::Spawned(SpawnKind::Thread);
    for (m, module) in index.modules.iter().enumerate() {
        let started = super::project::started_entries(index, Some(m), module);
        let own = module.facts.entries.iter().map(|(r, e)| (r, *e));
        for (r, entry) in own.chain(started.iter().map(|r| (r, thread))) {
            if let Some((tm, tf)) = index.resolve(m, r) {
                if tm != m {
                    out.entry(tm).or_default().push((tf, entry));
                }
            }
        }
    }
    out
}

/// Every entry of the project, with the module that makes it: the seeds of a
/// project-wide walk.
fn project_entries(index: &ProjectIndex) -> Vec<(usize, FnId, Entry, bool)> {
    let mut out = Vec::new();
    let thread = Entry::Spawned(SpawnKind::Thread);
    for (m, module) in index.modules.iter().enumerate() {
        let started = super::project::started_entries(index, Some(m), module);
        let own = module.facts.entries.iter().map(|(r, e)| (r, *e));
        for (r, entry) in own.chain(started.iter().map(|r| (r, thread))) {
            if let Some((tm, tf)) = index.resolve(m, r) {
                let is_async = index.modules[tm].functions[tf].is_async;
                out.push((m, (tm, tf), entry, is_async));
            }
        }
        for (f, s) in module.functions.iter().enumerate() {
            if let Some(kind) = s.effects.route {
                out.push((m, (m, f), Entry::Route(kind), s.is_async));
            }
            // A decorator that sends the body to a worker thread starts it there.
            if s.on_worker_thread {
                let thread = Entry::Spawned(SpawnKind::Thread);
                out.push((m, (m, f), thread, s.is_async));
            }
        }
    }
    out
}

/// The functions of the project that run in a worker thread, several at a time:
/// sync routes and dependencies (the framework's thread pool), thread and executor
/// targets, sync background tasks, and every sync function they call. Only the
/// viewed module's functions are listed (with module `None`).
pub fn thread_reachable(view: &ProjectView<'_>) -> HashSet<Node> {
    thread_reachable_with(view, &[])
}

/// [`thread_reachable`], with `extra` functions of the viewed module seeded as
/// thread entries too: what a rule alone counts as run on threads (a threading
/// server's request handlers, `library_dispatch`), walked through the same calls.
pub fn thread_reachable_with(view: &ProjectView<'_>, extra: &[String]) -> HashSet<Node> {
    reachable(
        view,
        false,
        SpawnKind::Thread,
        Spreading::ThreadReachable,
        |s| &s.calls,
        extra,
    )
}

pub fn summary_of<'v>(view: &'v ProjectView<'_>, node: &Node) -> Option<&'v FunctionSummary> {
    view.node_function(node.0, &node.1)
}

/// The coroutines of the project that run as concurrent tasks on the event loop:
/// async routes and dependencies, tasks and async background tasks, and the
/// coroutines they await. Only the viewed module's functions are listed.
pub fn task_reachable(view: &ProjectView<'_>) -> HashSet<Node> {
    reachable(
        view,
        true,
        SpawnKind::Task,
        Spreading::TaskReachable,
        |s| &s.effects.calls,
        &[],
    )
}

fn wanted(entry: Entry, entry_async: bool, is_async: bool, spawned: SpawnKind) -> bool {
    entry_async == is_async
        && match entry {
            Entry::Route(_) => true,
            Entry::Spawned(kind) => kind == spawned || kind == SpawnKind::Background,
        }
}

/// The viewed module's functions of one kind (`is_async`) that run from an entry
/// point (routes, and spawns of `spawned` kind or background tasks), through
/// `calls` to functions of the same kind.
fn reachable(
    view: &ProjectView<'_>,
    is_async: bool,
    spawned: SpawnKind,
    kind: Spreading,
    calls: impl Fn(&FunctionSummary) -> &[CallRef],
    extra: &[String],
) -> HashSet<Node> {
    let spread = view.index.spread(kind, |index| {
        let seeds = project_entries(index)
            .into_iter()
            .filter(|(_, _, entry, entry_async)| wanted(*entry, *entry_async, is_async, spawned))
            .map(|(origin, node, _, _)| (origin, node, String::new()))
            .collect();
        spread::compute(seeds, |(m, f)| {
            let summary = &index.modules[m].functions[f];
            Some(
                calls(summary)
                    .iter()
                    .filter_map(|r| index.resolve(m, r))
                    .filter(|&(cm, cf)| index.modules[cm].functions[cf].is_async == is_async)
                    .collect(),
            )
        })
    });
    let seeds = own_entries(view)
        .into_iter()
        .filter(|(_, entry, entry_async)| wanted(*entry, *entry_async, is_async, spawned))
        .map(|(node, _, _)| (node, String::new()))
        .chain(extra.iter().map(|q| ((None, q.clone()), String::new())))
        .collect();
    walk_own(
        view,
        spread,
        seeds,
        |_| true,
        &calls,
        |s| s.is_async == is_async,
    )
    .into_keys()
    .map(|q| (None, q))
    .collect()
}

/// The viewed module's part of a project-wide walk (`spread`): its functions
/// reached from the calls that enter it from other modules and from its own
/// `seeds`, through its current text, each with the entry point that got there
/// first. A function of another module the project-wide walk already reached is
/// not walked again: what it calls here is among the calls that enter.
/// `keep` stops the walk at a function (and leaves it out); `follow` says which
/// callees it goes on to.
pub fn walk_own(
    view: &ProjectView<'_>,
    spread: &Spread,
    seeds: Vec<(Node, String)>,
    keep: impl Fn(&FunctionSummary) -> bool,
    calls: impl Fn(&FunctionSummary) -> &[CallRef],
    follow: impl Fn(&FunctionSummary) -> bool,
) -> HashMap<String, String> {
    // Ordered by breadth level, then by when they were found.
    let mut heap: BinaryHeap<Reverse<(u32, usize, Node, String)>> = BinaryHeap::new();
    let mut order = 0usize;
    let mut push = |heap: &mut BinaryHeap<_>, level: u32, node: Node, root: String| {
        heap.push(Reverse((level, order, node, root)));
        order += 1;
    };
    if let Some(own) = view.module {
        for (f, level, root) in spread.incoming.get(&own).into_iter().flatten() {
            let qualname = view.index.modules[own].functions[*f].qualname.clone();
            push(&mut heap, *level, (None, qualname), root.clone());
        }
    }
    for (node, root) in seeds {
        push(&mut heap, 0, node, root);
    }
    let mut seen: HashSet<Node> = HashSet::default();
    let mut out = HashMap::default();
    while let Some(Reverse((level, _, node, root))) = heap.pop() {
        if seen.contains(&node) {
            continue;
        }
        seen.insert(node.clone());
        if let Some(m) = node.0 {
            let done = view
                .index
                .function_id(m, &node.1)
                .is_some_and(|f| spread.reached.contains_key(&(m, f)));
            if done {
                continue;
            }
        }
        let Some(summary) = view.node_function(node.0, &node.1) else {
            continue;
        };
        if !keep(summary) {
            continue;
        }
        for r in calls(summary) {
            if let Some((m, s)) = effects::follow(view, node.0, r) {
                if follow(s) {
                    push(&mut heap, level + 1, (m, s.qualname.clone()), root.clone());
                }
            }
        }
        if node.0.is_none() {
            out.entry(node.1).or_insert(root);
        }
    }
    out
}
