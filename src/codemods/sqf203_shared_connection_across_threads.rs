//! SQF203 shared-connection-across-threads: one sqlite3 connection (a module
//! global or a `self` attribute) used by code that runs in several threads, with
//! no lock around its use.
//!
//! Thread entry points come from the whole project (`semantic::facts`): sync
//! FastAPI/Starlette routes and dependencies (the thread pool), views of Flask,
//! Django, Falcon and Pyramid (`semantic::wsgi_views`: request threads of a
//! threaded server, a library's integration views included), `Thread` targets,
//! executor jobs, `to_thread`, sync background tasks, handlers a library
//! dispatches on its own threads (`semantic::library_dispatch`: a bot library's
//! handlers, a threading socket server's request handler or a gRPC servicer's
//! methods, in any module: `threads::server_nodes`), and every sync
//! function they call, in any file. In a program that has threads, hooks a
//! library calls from whichever thread the event happens on (a tracing span
//! processor's `on_end`) count too; `logging.Handler.emit` runs under the
//! handler's own lock, so it crosses threads but never overlaps itself. A cursor kept beside the connection (`self.cur =
//! self.conn.cursor()`, `shared_cursor.rs`) is one more use of it, shared by the
//! same threads (docs/sqlite-facts.md#F-shared-cursor); a module's cursor kept at
//! import, or an object's kept for every caller, gives each unlocked function
//! (or method) on it a site of the connection's root (`cursor_sites.rs`). A use
//! inside `with <...lock...>:` counts as guarded, so a library that shares its
//! connection behind its own lock is left alone; a helper that runs its query
//! under that lock but returns the cursor is reported at its `return`
//! (`escaped_cursor.rs`, docs/sqlite-facts.md#F-cursor-after-lock).
//!
//! - `check_same_thread=False` and unguarded: the threads interleave their
//!   statements on one connection, so one thread's `commit()` commits another's
//!   half-done transaction and a `rollback()` undoes someone else's work. HIGH.
//!   The fix (unsafe) defines a re-entrant lock next to the connection and wraps
//!   each function's statements from its first use of the connection to its last
//!   in `with <lock>:`, so a transaction runs whole. An `RLock`, so a guarded
//!   function may call another. Not offered when coroutines, generators, nested
//!   functions or other modules use the connection, or some uses are already
//!   under a lock (two locks risk a deadlock).
//! - Default `check_same_thread=True`, a module-level connection: every use from
//!   another thread raises ProgrammingError (F-same-thread). HIGH, advice only: a
//!   connection per unit of work, or `check_same_thread=False` plus this lock.
//! - Default `check_same_thread=True`, a `self` connection opened in `__init__`,
//!   whose methods run on a thread other than the one that built the object
//!   (`instance.rs`): the same ProgrammingError, advice only.
//! - The same `__init__` connection in a class written for several threads (a
//!   threading lock around its uses, or documented thread-safe) where no thread
//!   is seen reaching it (`designed.rs`): reported; `check_same_thread=False`
//!   (unsafe) in an application whose uses are all under the lock, display-only
//!   in a library.
//! - A connection a coroutine opens through `to_thread`/`run_sync` and uses
//!   through later hand-offs to the pool (`offloaded_open.rs`): advice only.
//! - A module global (connection, or only its cursor) set on first use by a
//!   function with `global G` (`lazy_global.rs`): the program's threads, or in a
//!   library (`semantic::library_api`) its callers' threads, share it; the fix
//!   is one module RLock (plus `check_same_thread=False` when the default was
//!   kept), the lazy open included.
//! - A class whose lock guards some uses of its `check_same_thread=False`
//!   connection and not others (`sibling_lock.rs`): the unguarded uses.
//! - A class that lets only its owner thread run some uses of its
//!   `check_same_thread=False` connection and not others (`owner_guard.rs`):
//!   the unguarded uses, the commit first.
//! - A method that reaches the class's `check_same_thread=False` handle with
//!   no lock, called under the class's lock by some methods and without it by
//!   one that runs on another thread (`caller_lock_gap.rs`): the unguarded call.
//! - A helper whose default argument is the import-time connection, called
//!   without it by a function handed its caller's own (`default_fallback.rs`).
//! - A "last session" helper: a module global the next caller closes and
//!   replaces (`last_session.rs`), called from threads: advice only.
//! - A connection attribute a decorator opens before each method and closes
//!   after (`decorator_connection.rs`), decorated methods running on worker
//!   threads: the calls replace and close each other's connection. Advice only.
//! - A SQLAlchemy `Connection` kept on `self` from `engine.connect()` on SQLite,
//!   bound into a `scoped_session` or run by methods on worker threads
//!   (`orm_connection.rs`): advice only.
//! - Services built once from a dependency-injection container whose providers
//!   hand them the SQLAlchemy session, kept on `self` by a class whose work runs
//!   on its own thread pool (`pooled_services.rs`): advice only.
//! - An ORM session kept on an object (`self.session = Session()`) whose
//!   methods run on worker threads while the building thread uses it too
//!   (`kept_session.rs`): advice only.
//! - An ORM session made once at import (`session = Session()`) whose module's
//!   helpers run on threads: a pool, a library's handler pool, two thread
//!   entries, or a thread beside the main thread (`module_session.rs`): advice only.
//! - an async engine on a SQLite file whose pool hands every task the same
//!   connection (`poolclass=StaticPool`, `SingletonThreadPool`), where tasks
//!   overlap on the loop (`async_shared_pool.rs`): advice only.
//! - A connection handed to other objects of the module at construction
//!   (`PackagesTable(self._conn)` keeping it on `self`, `handed_on.rs`): their
//!   methods' uses are the connection's uses, in both checks above.
//! - A `self` connection its author opened with check_same_thread=False,
//!   used by public methods with no lock anywhere in the class, where no
//!   thread is seen calling them but a module that starts threads loads the
//!   class's module (`declared.rs`): Medium, the lock fix. The same for an
//!   ORM session made once in `__init__` (`kept_session.rs`), advice only.
//! - A per-key cache on an object (`self._conns[key] = sqlite3.connect(...)`
//!   on first use, default `check_same_thread`) whose methods run on threads
//!   from different entry points: the second thread to ask for a key gets
//!   another thread's connection (`keyed_cache.rs`): advice only.
//!
//! Neither the sibling-lock finding nor the designed-for-threads one is
//! reported in a module that runs a Twisted reactor and hands nothing to a
//! thread (`reactor_thread_only`: no `deferToThread`, `callInThread`, thread
//! or executor), when no thread entry of the project reaches the uses: every
//! `render_*` method, protocol callback and `reactor.callLater` job runs on
//! the reactor's one thread, so the lock beside them is vestigial.
//!
//! The lock fix is not offered when a function fetches from a kept cursor rows
//! another function executed: no lock held per function keeps that pair whole.

use ruff_python_ast::Stmt;
use ruff_text_size::{Ranged, TextRange};

use super::{Codemod, Context};
use crate::finding::Finding;
use crate::fix::{Edit, Fix, codegen, statements};
use crate::semantic::class_locks;
use crate::semantic::connections::{self, ConnKey, ConnSite, Driver, Holder};
use crate::semantic::facts;
use crate::semantic::library;
use crate::semantic::library_api;
use crate::semantic::library_dispatch;
use crate::semantic::model::{Call, Model};
use crate::semantic::scopes::FuncId;

mod async_shared_pool;
mod caller_lock_gap;
mod cursor_sites;
mod declared;
mod decorator_connection;
mod default_fallback;
mod designed;
mod escaped_cursor;
mod handed_on;
mod helper_calls;
mod instance;
mod kept_local;
mod kept_session;
mod keyed_cache;
mod last_session;
mod lazy_connect;
mod lazy_global;
mod module_session;
mod offloaded_open;
mod orm_connection;
mod owner_guard;
mod per_request;
mod pooled_services;
mod shared_cursor;
mod sibling_lock;
mod wrapper_lock;

pub struct SharedConnectionAcrossThreads;

impl Codemod for SharedConnectionAcrossThreads {
    crate::codemod_meta!("SQF203-shared-connection-across-threads");

    fn check(&self, ctx: &Context<'_, '_>, out: &mut Vec<Finding>) {
        let model = ctx.model;
        per_request::check(self.meta(), ctx, out);
        orm_connection::check(self.meta(), ctx, out);
        pooled_services::check(self.meta(), ctx, out);
        async_shared_pool::check(self.meta(), ctx, out);
        offloaded_open::check(self.meta(), ctx, out);
        let handlers = request_handlers(model);
        last_session::check(self.meta(), ctx, &handlers, out);
        decorator_connection::check(self, ctx, &handlers, out);
        let mut threads: Option<facts::Reachable> = None;
        let mut hook_reach: Option<Vec<FuncId>> = None;
        let mut instance_threads: Option<instance::Threads> = None;
        let mut cursor_assignments: Option<Vec<usize>> = None;
        helper_calls::check(self.meta(), ctx, &mut instance_threads, out);
        kept_session::check(self.meta(), ctx, &mut instance_threads, out);
        module_session::check(self.meta(), ctx, &mut instance_threads, out);
        keyed_cache::check(self.meta(), ctx, &mut instance_threads, out);
        default_fallback::check(self, ctx, out);
        wrapper_lock::check(self, ctx, out);
        for site in ctx.sites() {
            if site.driver != Driver::Sqlite3 {
                continue;
            }
            let kept_local = kept_local::self_attr(model, site);
            let held = kept_local.is_some()
                || matches!(site.holder, Holder::Global(_) | Holder::SelfAttr(_));
            let lazy_cursor = if held {
                None
            } else {
                lazy_global::kept_cursor_global(model, site)
            };
            let key = match &lazy_cursor {
                Some(name) => ConnKey::Global { name: name.clone() },
                None if held => match (&kept_local, connections::key_of(model, site)) {
                    (Some((attr, _)), _) => match model.scopes.enclosing_class(site.scope()) {
                        Some(class) => ConnKey::SelfAttr {
                            class,
                            attr: attr.clone(),
                        },
                        None => continue,
                    },
                    (None, Some(key)) => key,
                    (None, None) => continue,
                },
                None => continue,
            };
            let lazily = lazy_global::is_lazy(site, lazy_cursor.as_deref());
            let any_thread = allows_any_thread(site);
            let cursor_table =
                cursor_assignments.get_or_insert_with(|| shared_cursor::cursor_assignments(model));
            let mut kept = shared_cursor::kept_cursors(model, &key, cursor_table);
            if let Some((_, local)) = &kept_local {
                for cursor in kept_local::cursors(model, site, local) {
                    if !kept.contains(&cursor) {
                        kept.push(cursor);
                    }
                }
            }
            let cursor_calls = shared_cursor::uses(model, &key, &kept);
            let mut uses = function_uses(model, site, &key, &cursor_calls, lazily);
            // Objects handed the connection (`RecipesTable(self._conn)`) use it too.
            let handed = handed_on::keys(model, &key);
            let proxied = handed_on::proxy_uses(model, ctx.project, &key);
            if !handed.is_empty() || !proxied.is_empty() {
                for (id, call) in handed_on::uses(model, &handed).into_iter().chain(proxied) {
                    if !uses.iter().any(|(_, c)| std::ptr::eq(*c, call)) {
                        uses.push((id, call));
                    }
                }
                uses.sort_by_key(|(_, c)| c.range().start());
            }
            // Only the kept cursors some function uses matter to the message.
            let cursors: Vec<String> = if cursor_calls.is_empty() {
                Vec::new()
            } else {
                kept
            };
            if !any_thread && !matches!(key, ConnKey::Global { .. }) {
                let in_init = site
                    .scope()
                    .is_some_and(|id| model.scopes.function(id).name() == "__init__");
                if in_init || instance::plain_opener(model, site) {
                    let known = instance_threads
                        .get_or_insert_with(|| instance::Threads::of(ctx.project, ctx.model));
                    out.extend(instance_finding(
                        self,
                        ctx,
                        known,
                        site,
                        (&key, &handed),
                        &uses,
                        &cursors,
                    ));
                }
                continue;
            }
            if lazy_connect::kept_by_thread(model, site, &key, &uses) {
                continue;
            }
            let reachable = threads.get_or_insert_with(|| {
                let mut reachable = facts::thread_reachable_with(ctx.project, &handlers);
                // What server threads of other modules reach here.
                reachable.extend(
                    crate::semantic::threads::server_nodes(ctx.project)
                        .into_keys()
                        .filter(|(m, _)| m.is_none()),
                );
                reachable
            });
            let hooked = hook_reach.get_or_insert_with(|| hooked_methods(ctx));
            let mut in_threads: Vec<FuncId> = uses.iter().map(|(id, _)| *id).collect();
            in_threads.dedup();
            let in_threads: Vec<FuncId> = in_threads
                .into_iter()
                .filter(|id| {
                    let f = model.scopes.function(*id);
                    !f.is_async()
                        && (reachable.contains(&(None, f.qualname.clone())) || hooked.contains(id))
                })
                .collect();
            // The class's own locks, whatever their names (`self.guard`, a
            // class attribute, a module lock its methods take), guard too.
            let class_locks = match &key {
                ConnKey::SelfAttr { class, .. } => class_locks::class_locks(model, *class),
                _ => Vec::new(),
            };
            // Helpers that run a query under the lock and hand its cursor out.
            if any_thread && !lazily {
                out.extend(escaped_cursor::findings(
                    self.meta(),
                    model,
                    &key,
                    &uses,
                    &in_threads,
                    &class_locks,
                ));
            }
            // A method that opens the connection on first use, unlocked: the
            // race is in the open itself, and a lock created beside it (this
            // rule's fix) would be created anew by every open.
            if let Some(found) = lazy_connect::finding(
                self,
                model,
                site,
                &key,
                reachable,
                &in_threads,
                &class_locks,
                &cursors,
            ) {
                out.push(found);
                continue;
            }
            let unguarded: Vec<FuncId> = in_threads
                .iter()
                .copied()
                .filter(|id| {
                    uses.iter().filter(|(f, _)| f == id).any(|(_, call)| {
                        !guarded(model, *id, call)
                            && class_locks::lock_around(model, &class_locks, *id, call.range())
                                .is_none()
                    })
                })
                .collect();
            if unguarded.is_empty() {
                // On one Twisted reactor thread, with no thread of the
                // project reaching the uses, the class's lock is vestigial.
                if any_thread
                    && matches!(key, ConnKey::SelfAttr { .. })
                    && !(in_threads.is_empty() && reactor_thread_only(model))
                {
                    match sibling_lock::finding(self, model, &key, &uses, &cursors) {
                        Some(found) => out.push(found),
                        None => match owner_guard::finding(self, model, &key, &uses) {
                            Some(found) => out.push(found),
                            None if in_threads.is_empty() && !reactor_thread_only(model) => {
                                out.extend(declared_findings(
                                    self, ctx, site, &key, &uses, &cursors,
                                ));
                            }
                            None => {}
                        },
                    }
                }
                if let ConnKey::Global { name } = &key {
                    let Some(found) = lazy_global::library_finding(
                        self,
                        model,
                        ctx.project,
                        site,
                        &key,
                        &uses,
                        lazy_cursor.as_deref(),
                    ) else {
                        continue;
                    };
                    // A library's module cursor: the callers' threads meet in
                    // each function of its public API that runs on the cursor.
                    if any_thread && !lazily && site.scope().is_none() {
                        let users: Vec<FuncId> = uses
                            .iter()
                            .filter(|(id, c)| {
                                !model.scopes.function(*id).is_async() && !guarded(model, *id, c)
                            })
                            .map(|(id, _)| *id)
                            .collect();
                        let mut api: Vec<cursor_sites::Member> =
                            library_api::public_entry_of(model, &users)
                                .into_iter()
                                .map(|(user, _)| (user, None))
                                .collect();
                        api.dedup();
                        out.extend(cursor_sites::with_sites(
                            self.meta(),
                            model,
                            site,
                            (cursor_sites::Owner::Module { global: name }, &cursors),
                            &cursor_calls,
                            (&api, cursor_sites::Party::LibraryCallers),
                            found,
                        ));
                    } else {
                        out.push(found);
                    }
                }
                continue;
            }
            let found = finding(self, ctx, site, &key, &uses, &unguarded, &cursors);
            // A module connection opened at import with a cursor kept beside
            // it: each function on that cursor is a site of the one root.
            if let ConnKey::Global { name } = &key
                && any_thread
                && !lazily
                && site.scope().is_none()
            {
                let members = module_cursor_members(model, &uses, &in_threads, &unguarded);
                out.extend(cursor_sites::with_sites(
                    self.meta(),
                    model,
                    site,
                    (cursor_sites::Owner::Module { global: name }, &cursors),
                    &cursor_calls,
                    (&members, cursor_sites::Party::WorkerThreads),
                    found,
                ));
                continue;
            }
            // An object's cursor kept for every caller: each method on it that
            // threads reach is a site, the constructor's finding the root.
            if let ConnKey::SelfAttr { class, attr } = &key
                && any_thread
            {
                let members: Vec<cursor_sites::Member> =
                    unguarded.iter().map(|id| (*id, None)).collect();
                out.extend(cursor_sites::with_sites(
                    self.meta(),
                    model,
                    site,
                    (
                        cursor_sites::Owner::Object {
                            class: *class,
                            attr,
                        },
                        &cursors,
                    ),
                    &cursor_calls,
                    (&members, cursor_sites::Party::WorkerThreads),
                    found,
                ));
                continue;
            }
            out.push(if lazily {
                lazy_global::threads_finding(
                    model,
                    site,
                    &key,
                    &uses,
                    lazy_cursor.as_deref(),
                    found,
                )
            } else {
                found
            });
        }
        caller_lock_gap::check(self, ctx, &mut instance_threads, out);
    }
}

/// The thread-side functions that meet on a module cursor: those that take no
/// lock around it (`unguarded`), and those that hold only a lock of their own
/// object (`with self.lock:` guarding the object's counters), which does not
/// keep the others off the cursor.
fn module_cursor_members(
    model: &Model<'_>,
    uses: &[(FuncId, &Call<'_>)],
    in_threads: &[FuncId],
    unguarded: &[FuncId],
) -> Vec<cursor_sites::Member> {
    let mut members: Vec<cursor_sites::Member> = unguarded.iter().map(|id| (*id, None)).collect();
    for id in in_threads.iter().filter(|id| !unguarded.contains(id)) {
        let mut own_lock: Option<String> = None;
        let every = uses.iter().filter(|(f, _)| f == id).all(|(_, call)| {
            let lock = cursor_sites::own_object_lock(model, *id, call.range());
            if own_lock.is_none() {
                own_lock.clone_from(&lock);
            }
            lock.is_some()
        });
        if every && own_lock.is_some() {
            members.push((*id, own_lock));
        }
    }
    members
}

/// A `self` connection its author opened with check_same_thread=False and
/// shares with no lock, where no thread is seen calling its methods but the
/// program runs threads that can reach the module (`declared.rs`): the
/// connection's finding, re-worded.
fn declared_findings(
    codemod: &SharedConnectionAcrossThreads,
    ctx: &Context<'_, '_>,
    site: &ConnSite<'_, '_>,
    key: &ConnKey,
    uses: &[(FuncId, &Call<'_>)],
    cursors: &[String],
) -> Vec<Finding> {
    let model = ctx.model;
    if !matches!(key, ConnKey::SelfAttr { .. }) {
        return Vec::new();
    }
    if !declared::declared_any_thread(site) {
        return Vec::new();
    }
    let methods = declared::unlocked_methods(model, site, key, uses);
    if methods.is_empty() {
        return Vec::new();
    }
    let Some(threads) = declared::program_threads(model, ctx.project) else {
        return Vec::new();
    };
    let found = finding(codemod, ctx, site, key, uses, &methods, cursors);
    // One finding at the connect, no site per method: which of the methods
    // the unseen threads call is not known, and an object only one thread
    // uses after all would otherwise bring one false site per method.
    vec![declared::reword(model, key, &methods, &threads, found)]
}

/// This module's request handlers of a threading server (`library_dispatch`):
/// each request runs on a thread of its own, so what they reach is shared by
/// several threads at once, a check_same_thread=False connection included.
fn request_handlers(model: &Model<'_>) -> Vec<String> {
    library_dispatch::request_handler_refs(model)
        .into_iter()
        .filter_map(|r| match r {
            crate::semantic::project::CallRef::Local(q) => Some(q),
            _ => None,
        })
        .collect()
}

/// The methods that library hooks called from any thread, one call at a time
/// or not, reach (`library_dispatch`), in a program that has threads; a hook the
/// library serializes under its own lock (`logging.Handler.emit`) is left out:
/// its uses of a check_same_thread=False connection never overlap.
fn hooked_methods(ctx: &Context<'_, '_>) -> Vec<FuncId> {
    let hooks = library_dispatch::any_thread_hooks(ctx.model);
    if hooks.iter().all(|h| h.serialized) || !instance::project_has_threads(ctx.project) {
        return Vec::new();
    }
    hooks
        .iter()
        .filter(|h| !h.serialized)
        .flat_map(|h| library_dispatch::reached_from(ctx.model, h.function))
        .collect()
}

/// A `self` connection opened in `__init__` with check_same_thread=True whose
/// methods run on another thread than the one that built the object.
fn instance_finding(
    codemod: &SharedConnectionAcrossThreads,
    ctx: &Context<'_, '_>,
    known: &instance::Threads,
    site: &ConnSite<'_, '_>,
    (key, handed): (&ConnKey, &[ConnKey]),
    uses: &[(FuncId, &Call<'_>)],
    cursors: &[String],
) -> Option<Finding> {
    let model = ctx.model;
    let init = site.scope()?;
    // A method like `open()` opening the connection after construction: the
    // thread that calls it is the connection's, unless that is a worker thread
    // itself, whose pool may or may not be the one the uses run on.
    let in_init = model.scopes.function(init).name() == "__init__";
    if !in_init
        && (!instance::plain_opener(model, site)
            || instance::opener_on_worker(model, ctx.project, known, init))
    {
        return None;
    }
    let users: Vec<FuncId> = uses.iter().map(|(id, _)| *id).collect();
    let mut crossing = instance::crossing_methods(model, ctx.project, known, init, &users);
    // The methods of the objects handed the connection, which the owner built
    // on its own thread too.
    for h in handed {
        if let ConnKey::SelfAttr { class, .. } = h {
            crossing.extend(instance::crossing_methods_of(
                model,
                ctx.project,
                known,
                *class,
                &users,
            ));
        }
    }
    let Some((first, why)) = crossing.first() else {
        if !in_init {
            return None;
        }
        return designed_finding(codemod, ctx, site, key, uses);
    };
    let names: Vec<String> = crossing
        .iter()
        .take(3)
        .map(|(id, _)| format!("`{}`", method_name(model, key, *id)))
        .collect();
    let more = if crossing.len() > 3 {
        format!(" and {} more", crossing.len() - 3)
    } else {
        String::new()
    };
    let init_fn = model.scopes.function(init);
    // The other thread: the one that builds the object, and so opens it.
    let built = init_fn
        .class
        .filter(|_| in_init)
        .and_then(|c| instance::built_by(ctx.project, &model.scopes.classes[c].qualname))
        .map(|b| format!(", while the object is built (and the connection opened) on the thread that runs `{b}`"))
        .unwrap_or_default();
    let message = format!(
        "Connection {} is opened in `{}` with check_same_thread=True (the default), and the object's methods ({}{more}) run on another thread: `{}` is reached from {why}{built}; every such use raises ProgrammingError{}",
        holder_text(key),
        init_fn.qualname,
        names.join(", "),
        model.scopes.function(*first).name(),
        cursor_clause(key, cursors),
    );
    Some(Finding::new(codemod.meta(), site.call.range(), message).with_note(
        "open the connection in the method that runs on the worker thread (or per unit of work), or pass check_same_thread=False and serialize every use of it with one lock: without the lock the threads interleave their transactions on the one connection",
    ))
}

/// Calls that hand work to another thread in a Twisted program, or that only
/// make sense when one exists.
const TWISTED_THREAD_CALLS: &[&str] = &[
    "twisted.internet.threads.deferToThread",
    "twisted.internet.threads.blockingCallFromThread",
    "twisted.internet.reactor.callInThread",
    "twisted.internet.reactor.callFromThread",
    "twisted.internet.reactor.getThreadPool",
    "twisted.web.wsgi.WSGIResource",
    "threading.Thread",
    "concurrent.futures.ThreadPoolExecutor",
];

/// The module runs a Twisted reactor (`reactor.run()`) and hands nothing to a
/// thread (no `deferToThread`, `callInThread`, thread or executor of its own):
/// every `render_*` method, protocol callback and `reactor.callLater` job runs
/// on the reactor's one thread, one at a time, so a lock around the
/// connection there guards against nobody (semantic::facts found no thread
/// entry of the project reaching the uses either).
fn reactor_thread_only(model: &Model<'_>) -> bool {
    let runs_reactor = model
        .calls
        .iter()
        .any(|c| c.qualified() == Some("twisted.internet.reactor.run"));
    runs_reactor
        && !model.calls.iter().any(|c| {
            c.qualified()
                .is_some_and(|q| TWISTED_THREAD_CALLS.contains(&q))
        })
}

/// A class written for several threads (designed.rs) around a connection its
/// `__init__` opens with the default check_same_thread, where no thread entry of
/// the project is seen reaching it.
fn designed_finding(
    codemod: &SharedConnectionAcrossThreads,
    ctx: &Context<'_, '_>,
    site: &ConnSite<'_, '_>,
    key: &ConnKey,
    uses: &[(FuncId, &Call<'_>)],
) -> Option<Finding> {
    let model = ctx.model;
    // One reactor thread calls it: the lock is vestigial, and no call comes
    // from a thread other than the builder's.
    if reactor_thread_only(model) {
        return None;
    }
    let init = site.scope()?;
    let class = model.scopes.function(init).class?;
    let (why, all_locked) = designed::evidence(model, ctx.project, class, uses)?;
    let class_name = model.scopes.classes[class].def.name.as_str();
    let has_lock = why.contains("threading lock");
    let under = if has_lock { ", under the lock too" } else { "" };
    let message = format!(
        "Connection {} is opened in `{}` with check_same_thread=True (the default), but `{class_name}` is written for several threads: {why}. Every call from a thread other than the one that built it raises ProgrammingError{under}",
        holder_text(key),
        model.scopes.function(init).qualname,
    );
    let finding = Finding::new(codemod.meta(), site.call.range(), message);
    if let Some(caller) = library::leaves_choice_to_caller(model, ctx.project, site) {
        return Some(finding.with_note(format!(
            "display-only: {caller}; its callers start the threads. Pass check_same_thread=False and keep every use of the connection under the one lock, or open a connection per thread"
        )));
    }
    if !all_locked {
        let outside = if has_lock {
            "some uses of the connection run outside the lock"
        } else {
            "its uses of the connection are not under one lock"
        };
        return Some(finding.with_note(format!(
            "not fixed: {outside}, and once the connection may cross threads they would interleave their transactions. Put every use under one threading lock, then pass check_same_thread=False"
        )));
    }
    let edit = codegen::add_keyword(model, site.call.expr, "check_same_thread", "False");
    Some(
        finding
            .with_fix(Fix::unsafe_(
                "Let the connection cross threads: `check_same_thread=False`, every use staying under the class's lock",
                vec![edit],
            ))
            .with_note(
                "the class's lock already serializes every use of the connection, so with check_same_thread=False the threads take turns on it (docs/sqlite-facts.md#F-same-thread)",
            ),
    )
}

/// Calls on the connection (or its cursors, those kept beside it included)
/// inside functions, with the function; construction (`__init__`) and
/// module-level set-up run before any thread.
fn function_uses<'m, 'a>(
    model: &'m Model<'a>,
    site: &ConnSite<'_, '_>,
    key: &ConnKey,
    cursor_calls: &[&'m Call<'a>],
    lazily: bool,
) -> Vec<(FuncId, &'m Call<'a>)> {
    let mut calls = connections::uses(model, key);
    for &c in cursor_calls {
        if !calls.iter().any(|d| std::ptr::eq(*d, c)) {
            calls.push(c);
        }
    }
    calls.sort_by_key(|c| c.range().start());
    calls
        .into_iter()
        .filter_map(|c| {
            let id = c.scope?;
            let f = model.scopes.function(id);
            // A global a function sets on first use is used there too, on
            // whichever thread calls first.
            let setup = Some(id) == site.scope() && !lazily;
            (!setup && f.name() != "__init__").then_some((id, c))
        })
        .collect()
}

/// The call runs under a threading lock: in a `with <...lock...>:` block of its
/// function, or in a private helper the module calls only from such blocks
/// (semantic::lock_guard).
fn guarded(model: &Model<'_>, id: FuncId, call: &Call<'_>) -> bool {
    crate::semantic::lock_guard::under_lock(model, id, call.range())
}

/// `check_same_thread=False`, or an expression that may be False at run time
/// (`check_same_thread=(path == ":memory:")`): the connection may let any
/// thread use it. An expression is read as the permissive case because the
/// threads interleave on it whenever it is False (a file database in the
/// example), and the lock this rule advises is right whatever it evaluates to.
fn allows_any_thread(site: &ConnSite<'_, '_>) -> bool {
    site.call
        .keyword("check_same_thread")
        .is_some_and(crate::semantic::threads::thread_check_may_be_off)
}

/// What the message adds when the threads also share a cursor kept beside the
/// connection (docs/sqlite-facts.md#F-shared-cursor).
fn cursor_clause(key: &ConnKey, cursors: &[String]) -> String {
    let Some(cursor) = cursors.first() else {
        return String::new();
    };
    let name = match key {
        ConnKey::SelfAttr { .. } => format!("self.{cursor}"),
        _ => cursor.clone(),
    };
    format!(
        "; they also share its one cursor `{name}`, so a thread's fetch can return the rows of a statement another thread executed (\"Recursive use of cursors not allowed\" when two run at once)"
    )
}

/// The class's public methods that use a `self` connection with no lock and
/// are not seen on a worker thread: whoever holds the object (a UI thread, the
/// main loop) runs them beside the worker threads, so a write there can land
/// inside a worker's transaction.
fn callers_clause(
    model: &Model<'_>,
    key: &ConnKey,
    uses: &[(FuncId, &Call<'_>)],
    unguarded: &[FuncId],
) -> String {
    let ConnKey::SelfAttr { class, .. } = key else {
        return String::new();
    };
    let locks = class_locks::class_locks(model, *class);
    let mut names: Vec<String> = Vec::new();
    for (id, call) in uses {
        let f = model.scopes.function(*id);
        if unguarded.contains(id)
            || f.class != Some(*class)
            || f.is_async()
            || f.name().starts_with('_')
            || sibling_lock::closing_name(f.name())
            || guarded(model, *id, call)
            || class_locks::lock_around(model, &locks, *id, call.range()).is_some()
        {
            continue;
        }
        let name = format!("`{}`", f.name());
        if !names.contains(&name) {
            names.push(name);
        }
    }
    if names.is_empty() {
        return String::new();
    }
    names.truncate(3);
    format!(
        ", and the object's public methods ({}) use it from whichever thread calls them, at the same time",
        names.join(", ")
    )
}

/// A function as the message names it: a method of the connection's own
/// class by its name, one of an object it was handed to by its qualname.
fn method_name(model: &Model<'_>, key: &ConnKey, id: FuncId) -> String {
    let f = model.scopes.function(id);
    match key {
        ConnKey::SelfAttr { class, .. } if f.class.is_some() && f.class != Some(*class) => {
            f.qualname.clone()
        }
        _ => f.name().to_string(),
    }
}

fn holder_text(key: &ConnKey) -> String {
    match key {
        ConnKey::Global { name } => format!("`{name}`"),
        ConnKey::SelfAttr { attr, .. } => format!("`self.{attr}`"),
        ConnKey::Local { name, .. } => format!("`{name}`"),
    }
}

fn finding(
    codemod: &SharedConnectionAcrossThreads,
    ctx: &Context<'_, '_>,
    site: &ConnSite<'_, '_>,
    key: &ConnKey,
    uses: &[(FuncId, &Call<'_>)],
    unguarded: &[FuncId],
    cursors: &[String],
) -> Finding {
    let model = ctx.model;
    let any_thread = allows_any_thread(site);
    let names: Vec<String> = unguarded
        .iter()
        .take(3)
        .map(|id| format!("`{}`", method_name(model, key, *id)))
        .collect();
    let more = if unguarded.len() > 3 {
        format!(" and {} more", unguarded.len() - 3)
    } else {
        String::new()
    };
    let holder = holder_text(key);
    if !any_thread {
        let message = format!(
            "Connection {holder} is created once and used from worker threads ({}{more}): with check_same_thread=True every such use raises ProgrammingError{}",
            names.join(", "),
            cursor_clause(key, cursors),
        );
        let finding = Finding::new(codemod.meta(), site.call.range(), message);
        let finding = match (key, site.scope()) {
            (ConnKey::Global { name }, None) => finding.with_root(helper_calls::global_root(
                model.path,
                name,
                model.line_column(site.call.range().start()).0,
            )),
            _ => finding,
        };
        return finding.with_note(
            "open a connection per unit of work inside the function that runs in the thread (a factory), or pass check_same_thread=False and serialize every use with one lock",
        );
    }
    let message = format!(
        "Connection {holder} (check_same_thread=False) is used from several threads with no lock ({}{more}){}: their transactions interleave, one thread's commit or rollback lands on another's work{}",
        names.join(", "),
        callers_clause(model, key, uses, unguarded),
        cursor_clause(key, cursors),
    );
    let finding = Finding::new(codemod.meta(), site.call.range(), message);
    if let Some(f) = shared_cursor::split_fetch(model, uses, cursors) {
        return finding.with_note(format!(
            "not fixed: `{}` fetches from the shared cursor rows that another function executed, and a lock held per function cannot keep the pair together. Run each statement on a cursor of its own (`conn.execute(...)`) and fetch it in the same function, under one lock (docs/sqlite-facts.md#F-shared-cursor)",
            model.scopes.function(f).name()
        ));
    }
    match lock_edits(ctx, site, key, uses) {
        Ok(edits) => finding
            .with_fix(Fix::unsafe_(
                "Guard every use with one lock, held from a function's first use of the connection to its last",
                edits,
            ))
            .with_note("threads now take turns on the connection: a slow statement holds up the others (as SQLite's single writer already does); code in other modules that uses the connection must take the same lock"),
        Err(why) => finding.with_note(why),
    }
}

fn lock_edits(
    ctx: &Context<'_, '_>,
    site: &ConnSite<'_, '_>,
    key: &ConnKey,
    uses: &[(FuncId, &Call<'_>)],
) -> Result<Vec<Edit>, String> {
    let model = ctx.model;
    let text = model.text;
    let lock = match key {
        ConnKey::Global { name } => {
            if site.scope().is_some() {
                return Err("the connection is created inside a function; define one lock at module level and hold it around each use".to_string());
            }
            if used_elsewhere(ctx, name) {
                return Err(format!(
                    "other modules import `{name}`: they must take the same lock, so add it by hand where the connection is defined and used"
                ));
            }
            format!("_{}_lock", name.trim_start_matches('_'))
        }
        ConnKey::SelfAttr { attr, class } => {
            // A lock on `self` is not reachable from the objects the
            // connection was handed to.
            if let Some(other) = uses
                .iter()
                .find_map(|(id, _)| model.scopes.function(*id).class.filter(|c| c != class))
            {
                return Err(format!(
                    "the connection is handed to `{}` objects, whose methods use it too: give each operation (or each thread) a connection of its own, or share one lock between the objects",
                    model.scopes.classes[other].qualname
                ));
            }
            format!("self._{}_lock", attr.trim_start_matches('_'))
        }
        ConnKey::Local { .. } => return Err("not a shared connection".to_string()),
    };
    let lock_name = lock.trim_start_matches("self.");
    if model.module_names.contains(lock_name) || text.contains(&format!("{lock} =")) {
        return Err(format!(
            "`{lock}` already exists; guard the uses with it by hand"
        ));
    }
    let mut functions: Vec<FuncId> = uses.iter().map(|(f, _)| *f).collect();
    functions.sort_unstable();
    functions.dedup();
    let mut edits = Vec::new();
    for id in functions {
        let calls = lockable_calls(model, id, uses)?;
        edits.push(wrap_function(model, id, &calls, &lock)?);
    }
    // The lock, right after the statement that creates the connection.
    let (threading, import) = codegen::module_ref(model, "threading");
    let stmt = site.stmt();
    if !matches!(stmt, Stmt::Assign(_) | Stmt::AnnAssign(_)) {
        return Err("the connection is not created by a plain assignment".to_string());
    }
    let define = statements::insert_after(model, stmt, &format!("{lock} = {threading}.RLock()"))
        .ok_or("the connection's statement shares its line")?;
    edits.push(define);
    edits.extend(import);
    Ok(edits)
}

/// Another module imports the name (`from db import conn`).
fn used_elsewhere(ctx: &Context<'_, '_>, name: &str) -> bool {
    let own = ctx
        .model
        .path
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("");
    let member = format!("{own}.{name}");
    ctx.project.index.modules.iter().enumerate().any(|(i, m)| {
        Some(i) != ctx.project.module
            && m.imports
                .iter()
                .any(|imp| imp.target == member || imp.target.ends_with(&format!(".{member}")))
    })
}

/// Wraps the statements of function `id` from the first one using the connection
/// to the last in `with <lock>:`.
fn wrap_function(
    model: &Model<'_>,
    id: FuncId,
    calls: &[&Call<'_>],
    lock: &str,
) -> Result<Edit, String> {
    let spans: Vec<TextRange> = calls.iter().map(|c| c.range()).collect();
    wrap_spans(model, id, &spans, lock)
}

/// Wraps the statements of function `id` from the first one holding one of
/// `spans` to the last in `with <lock>:`.
fn wrap_spans(
    model: &Model<'_>,
    id: FuncId,
    spans: &[TextRange],
    lock: &str,
) -> Result<Edit, String> {
    let text = model.text;
    let f = model.scopes.function(id);
    let body = &f.def.body;
    // The function's own statements, from the first holding a use to the last:
    // the lock then covers a transaction and its commit or rollback whole.
    let suite: &[Stmt] = body;
    let first = suite
        .iter()
        .position(|s| spans.iter().any(|r| s.range().contains_range(*r)))
        .ok_or("the uses could not be located")?;
    let last = suite
        .iter()
        .rposition(|s| spans.iter().any(|r| s.range().contains_range(*r)))
        .ok_or("the uses could not be located")?;
    let (head, tail) = (&suite[first], &suite[last]);
    if !codegen::owns_lines(text, head) || !codegen::owns_lines(text, tail) {
        return Err(format!(
            "`{}` has statements sharing lines; guard it by hand",
            f.name()
        ));
    }
    let indent = codegen::indentation_at(text, head.start());
    let step = model.stylist.indent.as_str();
    let nl = model.stylist.newline.as_str();
    let lines = codegen::statement_lines(text, head, tail);
    if first == last
        && let Some(code) = joined_with(model, head, lines, lock)
    {
        return Ok(Edit::replace(lines, code));
    }
    let mut code = format!("{indent}with {lock}:{nl}");
    code.push_str(&codegen::indent_lines(model, lines, step));
    Ok(Edit::replace(lines, code))
}

/// When the span is one sync `with` block (`with conn:`), the lock becomes its
/// first item instead of a second `with` around it (ruff's SIM117): taken before
/// the block's own items are entered, released after they exit, as nested. Not
/// when its header spans lines, has a comment, or would outgrow the line length.
fn joined_with(model: &Model<'_>, stmt: &Stmt, lines: TextRange, lock: &str) -> Option<String> {
    let text = model.text;
    let Stmt::With(with) = stmt else {
        return None;
    };
    if with.is_async {
        return None;
    }
    let first = with.items.first()?;
    let header_start = usize::from(codegen::line_start(text, with.start()));
    let header_end = usize::from(first.start()) + text[usize::from(first.start())..].find('\n')?;
    let header = &text[header_start..header_end];
    let added = format!("{lock}, ");
    if header.contains('#')
        || !header.trim_end().ends_with(':')
        || header.trim_end().chars().count() + added.len() > model.stylist.line_length
    {
        return None;
    }
    let at = usize::from(first.start()) - usize::from(lines.start());
    let mut code = text[lines].to_string();
    code.insert_str(at, &added);
    Some(code)
}

/// The uses of the connection in function `id`, when a new thread lock can be
/// held around them: not in a coroutine, a generator, a nested function or a
/// lambda, and not where the function already holds a lock of its own.
fn lockable_calls<'m, 'a>(
    model: &Model<'a>,
    id: FuncId,
    uses: &[(FuncId, &'m Call<'a>)],
) -> Result<Vec<&'m Call<'a>>, String> {
    let f = model.scopes.function(id);
    if f.is_async() || f.is_generator() || f.parent.is_some() && f.class.is_none() {
        return Err(format!(
            "`{}` uses the connection from a coroutine, a generator or a nested function; a thread lock cannot be held there safely",
            f.name()
        ));
    }
    let calls: Vec<&'m Call<'a>> = uses
        .iter()
        .filter(|(g, _)| *g == id)
        .map(|(_, c)| *c)
        .collect();
    if calls.iter().any(|c| guarded(model, id, c)) {
        return Err(format!(
            "`{}` already holds a lock around some uses; use that lock everywhere instead of adding another",
            f.name()
        ));
    }
    if calls.iter().any(|c| c.in_lambda) {
        return Err(format!("`{}` uses the connection in a lambda", f.name()));
    }
    Ok(calls)
}
