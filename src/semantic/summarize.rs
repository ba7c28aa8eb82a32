//! Builds a module's summary for the project index, from the facts each
//! analysis gathers (effects, facts, objects, threads, transactions,
//! pragma_config): it sits above both the index and those modules, which read
//! the index but never build it.

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::borrow::Cow;

use ruff_python_ast::{Expr, Stmt};
use ruff_text_size::Ranged;

use super::connections::{self, ConnKey, Driver, Holder, PragmaSet};
use super::effects;
use super::facts;
use super::model::{Call, Callee, Model, Receiver, Target};
use super::objects;
use super::project::{
    BLOCKING_METHODS, CallRef, Factory, FunctionSummary, ModuleSummary, OptionalIo, ProjectIndex,
    ProjectView, WriteFile, call_ref, site_pragmas,
};
use super::scopes::FuncId;
use super::sql::SqlKind;
use super::summary_types::TxMode;
use super::transactions;
use super::values::is_local_name;
use super::visit;

/// Making a view builds the viewed text's summary.
impl<'p> ProjectView<'p> {
    /// A view for a text the index has not seen (the fix loop's new text).
    pub fn new(index: &'p ProjectIndex, model: &Model<'_>) -> ProjectView<'p> {
        ProjectView::with_local(index, model, local_summary(model))
    }

    /// [`ProjectView::new`] with the text's [`local_summary`] made already (the
    /// fix loop keeps it for the next project round).
    pub fn with_local(
        index: &'p ProjectIndex,
        model: &Model<'_>,
        local: ModuleSummary,
    ) -> ProjectView<'p> {
        let module = index.module_id(model.path);
        let own = Cow::Owned(complete(model, local, Some((index, module))));
        ProjectView::with_own(index, module, own)
    }

    /// A view for a module exactly as the index summarized it.
    pub fn indexed(index: &'p ProjectIndex, model: &Model<'_>) -> ProjectView<'p> {
        match index.module_id(model.path) {
            Some(module) => {
                ProjectView::with_own(index, Some(module), Cow::Borrowed(&index.modules[module]))
            }
            None => ProjectView::new(index, model),
        }
    }
}

/// Builds one module's summary. With `index`, calls into other modules are looked
/// up there (for factories and pragma helpers defined elsewhere).
pub fn summarize(
    model: &Model<'_>,
    index: Option<(&ProjectIndex, Option<usize>)>,
) -> ModuleSummary {
    complete(model, local_summary(model), index)
}

/// The part of a module's summary that depends on the module alone: computed
/// once per run, while [`complete`] may run again once the index knows the
/// project's factories and helpers.
pub fn local_summary(model: &Model<'_>) -> ModuleSummary {
    local_summary_deferring(model, false)
}

/// [`local_summary`], leaving the module's path passes for later when
/// `defer_path_passes` (see `facts::of_module`).
pub fn local_summary_deferring(model: &Model<'_>, defer_path_passes: bool) -> ModuleSummary {
    // Names that SQL is run on, by scope, gathered once for the whole module.
    let sql_receivers: Vec<(FuncId, &str)> = model
        .calls
        .iter()
        .filter_map(|c| match (&c.callee, c.scope) {
            (
                Callee::Method {
                    receiver: Receiver::Name(n),
                    name,
                },
                Some(scope),
            ) if matches!(name.as_str(), "execute" | "executescript" | "cursor") => {
                Some((scope, n.as_str()))
            }
            _ => None,
        })
        .collect();
    // Each function sees the receivers of its own body and of the functions nested in it.
    let mut receivers_within: HashMap<FuncId, Vec<&str>> = HashMap::default();
    for &(scope, name) in &sql_receivers {
        let mut current = Some(scope);
        while let Some(id) = current {
            receivers_within.entry(id).or_default().push(name);
            current = model.scopes.function(id).parent;
        }
    }
    let registries = super::scoped_sessions::registries(model);
    let removing = super::scoped_sessions::removing_scopes(model, &registries);
    let local_decorators = super::thread_decorators::defined(model);
    // First the facts that need no knowledge of other functions.
    let mut all_effects = effects::of_functions(model).into_iter();
    let orm_factories = super::sync_orm::Factories::of(model);
    let slowness = super::slow::of_functions(model);
    let mut functions: Vec<FunctionSummary> = model
        .scopes
        .functions
        .iter()
        .enumerate()
        .map(|(id, f)| {
            let params: Vec<String> = f.params.clone();
            // Only parameters that something runs SQL on can have PRAGMAs set.
            let runs_sql: &[&str] = receivers_within.get(&id).map_or(&[], Vec::as_slice);
            let pragma_params = params
                .iter()
                .enumerate()
                .filter(|(_, p)| runs_sql.contains(&p.as_str()))
                .filter_map(|(i, p)| {
                    let key = ConnKey::Local {
                        scope: Some(id),
                        name: p.clone(),
                    };
                    let uses = connections::uses(model, &key);
                    let pragmas = connections::pragmas_run(model, &uses);
                    (!pragmas.set.is_empty() || pragmas.dynamic).then_some((i, pragmas))
                })
                .collect();
            let returns_param = returned_param(f.def.body.as_slice(), &params);
            // Every parameter's uses in one walk of the body.
            let names: Vec<&str> = params.iter().map(String::as_str).collect();
            let mut param_escapes = vec![false; params.len()];
            for (i, u) in super::uses::uses_of_names(&f.def.body, &names) {
                param_escapes[i] |= !matches!(
                    u.kind,
                    super::uses::UseKind::MethodCall(_)
                        | super::uses::UseKind::AttributeRead(_)
                        | super::uses::UseKind::AttributeStore
                        | super::uses::UseKind::Test
                );
            }
            FunctionSummary {
                qualname: f.qualname.clone(),
                line: model.line_column(f.def.start()).0,
                is_async: f.is_async(),
                params,
                direct_io: false,
                orm_io: super::sync_orm::runs_orm_io(model, id, &orm_factories),
                app_orm_io: super::flask_orm::runs_query(model, id),
                direct_shared: false,
                shared_globals: Vec::new(),
                store_io: None,
                calls: Vec::new(),
                unlocked: None,
                factory: None,
                pragma_params,
                waits_on_params: Vec::new(),
                own_connection_writes: Vec::new(),
                slow: slowness[id],
                returns_param,
                param_escapes,
                leaks_shared_tx: false,
                slow_in_tx: false,
                django_orm: super::django_atomic::own_ops(model, id),
                write_files: Default::default(),
                effects: all_effects.next().unwrap_or_default(),
                returns: objects::returns(model, id),
                scoped_session: super::scoped_sessions::used_by(model, id, &registries),
                removes_scoped: removing.contains(&id),
                untyped_params: super::objects::untyped_params(f.def, &f.params),
                param_receivers: Vec::new(),
                on_worker_thread: super::thread_decorators::library_threaded(
                    model, f.def, f.parent,
                ) || local_thread_decorated(f.def, &local_decorators),
                optional_io: None,
                unbounded_io: None,
                looped_calls: Vec::new(),
                write_across_await: super::bounded_io::write_across_await(model, id),
            }
        })
        .collect();
    // The files each writing function connects to itself, in one pass over the calls.
    for call in &model.calls {
        let Some(scope) = call.scope else {
            continue;
        };
        if !functions[scope].effects.sql_write || !connections::is_sqlite3_connect(call) {
            continue;
        }
        let Some(path) = call.argument(0, "database") else {
            continue;
        };
        let ident = super::path_idents::of_expr(model, path, call.scope);
        if !ident.is_empty() {
            functions[scope].own_connection_writes.push(ident);
        }
    }
    let instances = module_instances(model);
    let (di_containers, di_providers) = super::di_services::containers(model);
    let (globals, app_state) = objects::globals(model);
    let mut summary = ModuleSummary {
        path: model.path.to_path_buf(),
        imports: model
            .imports
            .iter()
            .filter(|i| i.scope.is_none())
            .cloned()
            .collect(),
        functions: Vec::new(),
        instances,
        journal_modes: Vec::new(),
        generated_wal: false,
        pragmas: Vec::new(),
        thread_entries: super::threads::entry_refs(model),
        bot_pools: super::library_dispatch::bot_pools(model),
        once_started: super::threads::once_started(model),
        thread_decorators: local_decorators,
        decorated: super::thread_decorators::applied(model),
        route_factories: super::wsgi_views::route_factories(model),
        app_routes: super::wsgi_views::imported_app_routes(model),
        thread_starters: super::thread_starters::starters(model),
        starter_calls: super::thread_starters::starter_calls(model),
        facts: facts::of_module(model, defer_path_passes),
        classes: objects::classes(model),
        globals,
        app_state,
        tx_blocks: super::tx_helpers::blocks(model, call_ref),
        passes: super::objects::passes(model),
        constructions: super::constructions::of_module(model, call_ref),
        closed_attrs: super::constructions::closed_attrs(model),
        connection_classes: super::constructions::connection_classes(model),
        closed_on_del: super::constructions::closed_on_del(model),
        kept_connections: super::store_accessors::kept_connections(model),
        fresh_accessors: super::store_accessors::summaries(model),
        di_containers,
        di_providers,
        pool_classes: super::di_services::pool_classes(model),
        url_constants: super::url_constants::of_module(model),
        url_args: super::url_args::of_module(model),
        url_helpers: super::url_helpers::of_module(model),
        session_makers: super::orm_sessions::makers(model),
        session_holders: super::session_holders::of_module(model),
        orm_sessions: super::orm_transactions::module_sessions(model),
        orm_registries: super::orm_transactions::module_registries(model),
        shared_handles: Vec::new(),
        kept_conns: Vec::new(),
        ended_names: Vec::new(),
        mentions_sqlite: super::sqlite_evidence::mentions_sqlite(model),
        foreign_driver: super::sqlite_evidence::imports_foreign_driver(model),
    };
    // Journal modes the module sets, on any connection.
    let mut journal_modes = Vec::new();
    let mut generated_wal = false;
    for call in &model.calls {
        let pragmas = connections::pragmas_run(model, &[call]);
        if let Some(Some(mode)) = pragmas.get("journal_mode") {
            let in_generated_helper = call.scope.is_some_and(|f| {
                super::pragma_config::is_generated_helper(model.scopes.function(f).name())
            });
            if in_generated_helper {
                generated_wal |= mode == "wal";
            } else {
                journal_modes.push((mode.to_string(), model.line_column(call.range().start()).0));
            }
        }
    }
    summary.journal_modes = journal_modes;
    summary.generated_wal = generated_wal;
    summary.pragmas = super::pragma_config::facts(model);
    summary.functions = functions;
    summary
}

/// Whether a caller's summary in another module can read anything from this
/// function's first summary. `complete`, given the index, asks another
/// module's functions only whether they make connections (factories and the
/// PRAGMAs they run on a connection handed in), whether a decorator runs them
/// on a worker thread, whether they run what they are given on a pool, and
/// which `scoped_session` registry they use; everything else (their I/O,
/// effects, returns) the index reads from the summaries themselves. A module
/// whose calls reach none of these summarizes the same again, so the second
/// pass skips it (run.rs `second_pass_index`). Checked by summarizing every
/// module again anyway (21,541 modules: the tuned apps, the trees of three
/// held-out sets, the dense corpus): none it skips summarized differently.
pub fn informs_callers(f: &FunctionSummary) -> bool {
    f.factory.is_some()
        || !f.pragma_params.is_empty()
        || f.on_worker_thread
        || !f.waits_on_params.is_empty()
        || f.scoped_session.is_some()
}

/// What [`complete`] sets in a function's summary, back to what
/// [`local_summary`] leaves there.
fn clear_completed(f: &mut FunctionSummary) {
    f.direct_io = false;
    f.direct_shared = false;
    // Set with direct_io by a library store's method call.
    f.store_io = None;
    f.shared_globals.clear();
    f.calls.clear();
    f.unlocked = None;
    f.waits_on_params.clear();
    f.factory = None;
    f.leaks_shared_tx = false;
    f.slow_in_tx = false;
    f.write_files = Default::default();
    f.optional_io = None;
    f.unbounded_io = None;
    f.looped_calls.clear();
}

/// The [`local_summary`] a first summary (`complete` without the index) was
/// made from: what `complete` adds taken back out, and each function's
/// `on_worker_thread` as it was before the index marked it (`marks`, see
/// `ProjectIndex::new`). Far cheaper than building it again from the model,
/// and nothing needs to hold both for every file.
pub fn local_of_first(mut summary: ModuleSummary, marks: &[bool]) -> ModuleSummary {
    for (f, &mark) in summary.functions.iter_mut().zip(marks) {
        clear_completed(f);
        f.param_receivers.clear();
        f.on_worker_thread = mark;
    }
    summary.shared_handles.clear();
    summary.kept_conns.clear();
    summary.ended_names.clear();
    summary
}

/// Adds to a [`local_summary`] what depends on other functions: factories,
/// pass-through helpers, database I/O and its connections, transactions left open.
pub fn complete(
    model: &Model<'_>,
    mut summary: ModuleSummary,
    index: Option<(&ProjectIndex, Option<usize>)>,
) -> ModuleSummary {
    let mut functions = std::mem::take(&mut summary.functions);
    for f in &mut functions {
        clear_completed(f);
    }
    // What depends on wrappers and factories, seen through a provisional view.
    // It holds the summary itself (taken back below) rather than a copy.
    summary.functions = functions.clone();
    let empty = ProjectIndex::empty();
    let mut view = ProjectView::with_own(
        index.map_or(&empty, |(i, _)| i),
        index.and_then(|(_, m)| m),
        Cow::Owned(summary),
    );
    // Factories, twice: the second round sees factories that call the first ones.
    let mut sites = connections::sites(model, &view);
    detect_factories(model, &view, &sites, &mut functions);
    view.set_own_functions(functions.clone());
    let again = connections::sites(model, &view);
    if again.len() == sites.len() {
        // No new site: the view has not changed since `again` was found.
        sites = again;
    } else {
        detect_factories(model, &view, &again, &mut functions);
        view.set_own_functions(functions.clone());
        sites = connections::sites(model, &view);
    }
    let flows = transactions::module_flows(model, &view, &sites);
    let (kept_conns, ended_names) = super::kept_writes::of_module(model, &flows);
    for flow in flows {
        let function = &mut functions[flow.scope];
        function.leaks_shared_tx |= !transactions::leaks_on_error(model, &flow).is_empty();
        function.slow_in_tx |= transactions::slow_inside(model, &flow);
        let (mut locked, mut unlocked) = (false, false);
        for e in &flow.events {
            if e.op == transactions::Op::Write {
                if super::threads::locked_at(model, flow.scope, e.range) {
                    locked = true;
                } else {
                    unlocked = true;
                }
            }
        }
        let file = || match flow.site {
            Some(site)
                if site
                    .call
                    .qualified()
                    .is_some_and(|q| q.ends_with(".connect")) =>
            {
                match super::databases::identity_of_connect(model, site.call) {
                    Some(id) => WriteFile::Named(id),
                    None => WriteFile::Unnamed,
                }
            }
            _ => WriteFile::Any,
        };
        if unlocked {
            function.write_files.unlocked.push(file());
        }
        if locked {
            function.write_files.locked.push(file());
        }
    }
    let mut summary = view.own.into_owned();
    summary.shared_handles = super::shared_handles::of_module(model, &sites);
    summary.kept_conns = kept_conns;
    summary.ended_names = ended_names;
    // Database I/O and calls, per function.
    let conn_keys: Vec<(ConnKey, usize)> = sites
        .iter()
        .filter(|s| s.driver != Driver::Aiosqlite)
        .filter_map(|s| {
            connections::key_of(model, s).map(|k| (k, model.line_column(s.call.range().start()).0))
        })
        .collect();
    let mut own_aliases: Vec<(Option<FuncId>, String)> = Vec::new();
    let mut shared_aliases: Vec<(Option<FuncId>, String)> = Vec::new();
    let mut self_attrs: Vec<(usize, String)> = Vec::new();
    let mut global_aliases: Vec<(Option<FuncId>, String, (String, usize))> = Vec::new();
    for (key, line) in &conn_keys {
        match key {
            ConnKey::Local { .. } => own_aliases.extend(connections::aliases(model, key)),
            ConnKey::Global { name } => {
                let aliases = super::shared_handles::seen_in_functions(
                    model,
                    key,
                    connections::aliases(model, key),
                );
                global_aliases.extend(
                    aliases
                        .iter()
                        .map(|(s, a)| (*s, a.clone(), (name.clone(), *line))),
                );
                shared_aliases.extend(aliases);
            }
            ConnKey::SelfAttr { class, attr } => {
                self_attrs.push((*class, attr.clone()));
                shared_aliases.extend(connections::aliases(model, key));
            }
        }
    }
    // Looked up per call: sets, not scans of every alias of the module.
    let own_aliases: HashSet<(Option<FuncId>, &str)> =
        own_aliases.iter().map(|(s, a)| (*s, a.as_str())).collect();
    let shared_aliases: HashSet<(Option<FuncId>, &str)> = shared_aliases
        .iter()
        .map(|(s, a)| (*s, a.as_str()))
        .collect();
    let self_attrs: HashSet<(usize, &str)> =
        self_attrs.iter().map(|(c, a)| (*c, a.as_str())).collect();
    let mut global_of: HashMap<(Option<FuncId>, &str), &(String, usize)> = HashMap::default();
    for (s, a, global) in &global_aliases {
        global_of.entry((*s, a.as_str())).or_insert(global);
    }
    // Work a call skips when it leaves the function's optional parameter out
    // (optional_io.rs): what lies outside the guarded branch is kept apart.
    let guards: Vec<Option<super::optional_io::Guard>> = model
        .scopes
        .functions
        .iter()
        .map(|f| super::optional_io::guard(f.def, &f.params))
        .collect();
    let stores = super::sqlite_stores::of_module(model);
    let mut outside: Vec<(bool, Vec<CallRef>)> = vec![(false, Vec::new()); functions.len()];
    // Per function, the bodies of its `with <lock>:` blocks, found on first use.
    let mut lock_blocks: Vec<Option<Vec<ruff_text_size::TextRange>>> = vec![None; functions.len()];
    // Per function, the calls it makes outside them (a subsequence of its calls).
    let mut unlocked: Vec<Vec<CallRef>> = vec![Vec::new(); functions.len()];
    for call in &model.calls {
        let Some(scope) = call.scope else {
            continue;
        };
        if call.in_lambda || call.is_awaited() {
            continue;
        }
        let guarded = guards[scope]
            .as_ref()
            .is_some_and(|g| g.branch.contains_range(call.range()));
        if connections::is_sqlite3_connect(call) {
            functions[scope].direct_io = true;
            outside[scope].0 |= !guarded;
            continue;
        }
        if let Some(call_ref) = call_ref(model, call) {
            if !guarded {
                outside[scope].1.push(call_ref.clone());
            }
            let locks =
                lock_blocks[scope].get_or_insert_with(|| super::threads::lock_blocks(model, scope));
            if !locks.iter().any(|r| r.contains_range(call.range())) {
                unlocked[scope].push(call_ref.clone());
            }
            if let Some(owner) = parameter_receiver(model, call) {
                let index = functions[scope].calls.len();
                functions[scope].param_receivers.push((index, owner));
            }
            if !model.scopes.function(scope).is_async()
                && super::bounded_io::per_item(model, scope, call)
            {
                let index = functions[scope].calls.len();
                functions[scope].looped_calls.push(index);
            }
            functions[scope].calls.push(call_ref);
        }
        // A sync function that waits for pool work blocks as if it ran it; a
        // coroutine doing the same is SQF501's own finding (its fix differs).
        if !model.scopes.function(scope).is_async() {
            if let Some(param) = super::pool_wait::waited_parameter(model, call) {
                let position = functions[scope].params.iter().position(|p| *p == param);
                if let Some(position) = position {
                    if !functions[scope].waits_on_params.contains(&position) {
                        functions[scope].waits_on_params.push(position);
                    }
                }
            }
            let work = super::pool_wait::waited_callable(model, call).and_then(|w| match w {
                super::pool_wait::Waited::Ref(r) => Some(r),
                super::pool_wait::Waited::Method(f) => objects::method_ref(model, call.scope, f),
            });
            if let Some(work) = work {
                if !guarded {
                    outside[scope].1.push(work.clone());
                }
                // Outside a lock, several threads can be waiting on such work at
                // once (a one-worker pool's job waited for is a call of it:
                // serial_runs.rs), as for a direct call.
                let locks = lock_blocks[scope]
                    .get_or_insert_with(|| super::threads::lock_blocks(model, scope));
                if !locks.iter().any(|r| r.contains_range(call.range())) {
                    unlocked[scope].push(work.clone());
                }
                functions[scope].calls.push(work);
            }
        }
        let Callee::Method { receiver, name } = &call.callee else {
            continue;
        };
        // A method of a library object that opens SQLite itself is a query.
        if let Some(store) = stores.receiver(model, call) {
            let f = &mut functions[scope];
            f.direct_io = true;
            f.direct_shared |= !matches!(receiver, Receiver::Name(n) if model.assigns_in(scope, n));
            f.store_io.get_or_insert_with(|| store.clone());
            outside[scope].0 |= !guarded;
            continue;
        }
        if !BLOCKING_METHODS.contains(&name.as_str()) {
            continue;
        }
        let base = match &*call.expr.func {
            Expr::Attribute(attr) => &*attr.value,
            _ => continue,
        };
        if let Receiver::Name(n) = receiver {
            if let Some(&global) = global_of.get(&(call.scope, n.as_str())) {
                let known = &functions[scope].shared_globals;
                if !known.iter().any(|(name, _)| *name == global.0) {
                    functions[scope].shared_globals.push(global.clone());
                }
            }
        }
        let io = match receiver {
            Receiver::Name(n) => {
                if own_aliases.contains(&(call.scope, n.as_str())) {
                    Some(false)
                } else if shared_aliases.contains(&(call.scope, n.as_str()))
                    || functions[scope].params.contains(n)
                {
                    looks_like_db_call(model, call).then_some(true)
                } else {
                    looks_like_db_call(model, call).then_some(!is_local_name(model, call.scope, n))
                }
            }
            Receiver::SelfAttr(attr) => {
                let class = model.scopes.enclosing_class(call.scope);
                if class.is_some_and(|c| self_attrs.contains(&(c, attr.as_str()))) {
                    Some(true)
                } else {
                    looks_like_db_call(model, call).then_some(true)
                }
            }
            Receiver::Call(_) => {
                // `conn.execute(...).fetchone()`: judge by what the chain starts from.
                let mut root = base;
                while let Expr::Call(inner) = root {
                    if model
                        .call_at(inner.range())
                        .is_some_and(connections::is_sqlite3_connect)
                    {
                        break;
                    }
                    match &*inner.func {
                        Expr::Attribute(a) => root = &a.value,
                        _ => break,
                    }
                }
                let own = match root {
                    Expr::Name(n) => own_aliases.contains(&(call.scope, n.id.as_str())),
                    Expr::Call(c) => model
                        .call_at(c.range())
                        .is_some_and(connections::is_sqlite3_connect),
                    _ => false,
                };
                if own {
                    Some(false)
                } else {
                    looks_like_db_call(model, call).then_some(true)
                }
            }
            Receiver::Other => looks_like_db_call(model, call).then_some(true),
        };
        if let Some(shared) = io {
            functions[scope].direct_io = true;
            functions[scope].direct_shared |= shared;
            outside[scope].0 |= !guarded;
        }
    }
    for (f, unlocked) in functions.iter_mut().zip(unlocked) {
        // All of its calls, most often: held once.
        f.unlocked = (unlocked.len() != f.calls.len()).then_some(unlocked);
    }
    for (id, f) in functions.iter_mut().enumerate() {
        if f.direct_io && !f.is_async {
            f.unbounded_io = super::bounded_io::own_work(model, id, None);
        }
    }
    for ((f, guard), (direct_io, calls)) in functions.iter_mut().zip(guards).zip(outside) {
        let Some(guard) = guard else {
            continue;
        };
        // Only a branch that holds some of the function's work changes a call.
        if direct_io == f.direct_io && calls.len() == f.calls.len() {
            continue;
        }
        f.optional_io = Some(OptionalIo {
            param: guard.param,
            position: guard.position,
            direct_io,
            calls,
        });
    }
    if let Some((index, m)) = index {
        for f in &mut functions {
            if super::sqlite_evidence::not_sqlite_function(index, m, &summary, &f.qualname) {
                super::project::discount(f);
            }
        }
    }
    summary.functions = functions;
    summary
}
/// Whether a blocking-method call runs SQL (or commits) rather than being some
/// other object's `execute`.
fn looks_like_db_call(model: &Model<'_>, call: &Call<'_>) -> bool {
    match call.method_name() {
        Some("execute" | "executemany" | "executescript") => connections::sql_of(model, call)
            .is_some_and(|(kinds, _)| {
                kinds
                    .iter()
                    .any(|k| !matches!(k, SqlKind::Other | SqlKind::Unknown))
            }),
        Some("commit" | "rollback") => model.imports.mentions("sqlite3"),
        Some("fetchone" | "fetchall" | "fetchmany") => model.imports.mentions("sqlite3"),
        _ => false,
    }
}

fn detect_factories(
    model: &Model<'_>,
    view: &ProjectView<'_>,
    sites: &[connections::ConnSite<'_, '_>],
    functions: &mut [FunctionSummary],
) {
    // A function returning an aiosqlite connection is no sqlite3 factory: its
    // callers hold an async connection (`async with open_ro(p) as db:`) whose
    // queries run on aiosqlite's own thread.
    let sites: Vec<&connections::ConnSite<'_, '_>> = sites
        .iter()
        .filter(|s| s.driver != Driver::Aiosqlite)
        .collect();
    for site in &sites {
        if let Some(scope) = site.scope() {
            if matches!(site.holder, Holder::Returned) {
                let pragmas = site_pragmas(model, view, site);
                functions[scope].factory = Some(Factory {
                    fresh: true,
                    pragmas,
                    tx_mode: transactions::mode_of_site(model, view, site),
                    closes_on_exit: connections::closing_factory_class(model, site.call),
                    same_thread: same_thread(site),
                });
            }
        }
    }
    // `conn = connect(); ...; return conn` and cached `return _conn`. The sites
    // by scope and the globals they bind, so that each function looks at its
    // own sites rather than every site of the module.
    let mut sites_in: HashMap<FuncId, Vec<&connections::ConnSite<'_, '_>>> = HashMap::default();
    for site in &sites {
        if let Some(scope) = site.scope() {
            sites_in.entry(scope).or_default().push(site);
        }
    }
    let globals: rustc_hash::FxHashSet<&str> = sites
        .iter()
        .filter_map(|s| match &s.holder {
            Holder::Global(n) => Some(n.as_str()),
            _ => None,
        })
        .collect();
    for (id, f) in model.scopes.functions.iter().enumerate() {
        if functions[id].factory.as_ref().is_some_and(|f| f.fresh) || f.is_generator() {
            continue;
        }
        for name in returned_names(&f.def.body) {
            let fresh = sites_in.get(&id).into_iter().flatten().find(|s| {
                // `with connect(p) as conn: return conn` returns the open connection.
                match &s.holder {
                    Holder::Local(n) => *n == name,
                    Holder::WithItem { name: Some(n), .. } => *n == name,
                    _ => false,
                }
            });
            if let Some(site) = fresh {
                let pragmas = site_pragmas(model, view, site);
                functions[id].factory = Some(Factory {
                    // `conn = connect(); _conn = conn; return conn`: the lazy
                    // getter of a connection kept for the process or the object;
                    // later calls return the same one, so callers must not close it.
                    fresh: !kept_beyond_call(model, id, &name),
                    pragmas,
                    tx_mode: transactions::mode_of_site(model, view, site),
                    closes_on_exit: connections::closing_factory_class(model, site.call),
                    same_thread: same_thread(site),
                });
            } else if globals.contains(name.as_str()) {
                functions[id].factory = Some(Factory {
                    fresh: false,
                    pragmas: PragmaSet::default(),
                    tx_mode: TxMode::Unknown,
                    closes_on_exit: false,
                    same_thread: false,
                });
            }
        }
    }
}

fn same_thread(site: &connections::ConnSite<'_, '_>) -> bool {
    site.driver == Driver::Sqlite3 && site.call.keyword("check_same_thread").is_none()
}

/// A decorator of `def` is one of this module's thread decorators
/// (thread_decorators.rs), bare or called (`@in_thread`, `@in_thread()`).
fn local_thread_decorated(def: &ruff_python_ast::StmtFunctionDef, decorators: &[String]) -> bool {
    def.decorator_list.iter().any(|d| {
        let expr = match &d.expression {
            Expr::Call(c) => &*c.func,
            e => e,
        };
        matches!(expr, Expr::Name(n) if decorators.iter().any(|q| q == n.id.as_str()))
    })
}

fn returned_param(body: &[Stmt], params: &[String]) -> Option<usize> {
    let mut found = None;
    visit::any_stmt(body, |stmt| {
        if let Stmt::Return(ret) = stmt {
            if let Some(Expr::Name(name)) = ret.value.as_deref() {
                found = params.iter().position(|p| p == name.id.as_str());
            }
        }
        found.is_some()
    });
    found
}

/// Whether function `id` also stores local `name` where the next call finds it:
/// a module global it declares `global`, an attribute of `self`, or a cache
/// (an item of a dict, an attribute of a thread-local or another object).
fn kept_beyond_call(model: &Model<'_>, id: FuncId, name: &str) -> bool {
    model.assignment_positions_in(Some(id)).iter().any(|&i| {
        let a = &model.assignments[i];
        matches!(a.value, Expr::Name(v) if v.id.as_str() == name)
            && match &a.target {
                Target::SelfAttr(_) => true,
                Target::Name(g) => model.globals.iter().any(|(s, n)| *s == id && n == g),
                // `self._connections[thread_id] = conn`, `_local.conn = conn`: a
                // cache (per thread, per key) that owns it and hands it out again.
                Target::Other => matches!(a.target_expr, Expr::Subscript(_) | Expr::Attribute(_)),
            }
    })
}

fn returned_names(body: &[Stmt]) -> Vec<String> {
    let mut names = Vec::new();
    visit::any_stmt(body, |stmt| {
        if let Stmt::Return(ret) = stmt {
            if let Some(Expr::Name(name)) = ret.value.as_deref() {
                names.push(name.id.to_string());
            }
        }
        false
    });
    names
}

fn module_instances(model: &Model<'_>) -> Vec<(String, CallRef)> {
    model
        .assignments
        .iter()
        .filter(|a| a.scope.is_none())
        .filter_map(|a| {
            let Target::Name(var) = &a.target else {
                return None;
            };
            let Expr::Call(call) = a.value else {
                return None;
            };
            let class = match &*call.func {
                Expr::Name(n) if model.scopes.class_named(n.id.as_str()).is_some() => {
                    CallRef::Local(n.id.to_string())
                }
                func => CallRef::Dotted(model.resolve(func, None)?),
            };
            Some((var.clone(), class))
        })
        .collect()
}

/// The function whose parameter `call`'s receiver is (`store.save()` with
/// `store` a parameter of the calling function or, in a closure, of a function
/// enclosing it), by qualname; `None` when the name is bound otherwise.
fn parameter_receiver(model: &Model<'_>, call: &Call<'_>) -> Option<String> {
    let Callee::Method {
        receiver: Receiver::Name(var),
        ..
    } = &call.callee
    else {
        return None;
    };
    let mut current = call.scope;
    while let Some(id) = current {
        let function = model.scopes.function(id);
        if function.params.iter().any(|p| p == var) {
            return Some(function.qualname.clone());
        }
        if model.assigns_in(id, var) {
            return None;
        }
        current = function.parent;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    /// `local_of_first` gives back exactly the local summary, on every case
    /// file of every codemod: the second pass relies on it.
    #[test]
    fn first_summaries_give_back_their_local_summaries() {
        let mut checked = 0;
        for dir in std::fs::read_dir("codemods").unwrap() {
            let cases = dir.unwrap().path().join("cases");
            let Ok(files) = std::fs::read_dir(&cases) else {
                continue;
            };
            for file in files {
                let path = file.unwrap().path();
                if path.extension().is_none_or(|e| e != "py") {
                    continue;
                }
                let text = std::fs::read_to_string(&path).unwrap();
                let Ok(parsed) = crate::check::parse(&text) else {
                    continue;
                };
                let model = Model::build(Path::new("m.py"), &text, parsed.suite(), parsed.tokens());
                let local = local_summary(&model);
                let marks: Vec<bool> = local.functions.iter().map(|f| f.on_worker_thread).collect();
                let first = complete(&model, local.clone(), None);
                let again = local_of_first(first, &marks);
                assert_eq!(
                    format!("{local:?}"),
                    format!("{again:?}"),
                    "{}",
                    path.display()
                );
                checked += 1;
            }
        }
        assert!(checked > 100, "{checked} case files");
    }
}
