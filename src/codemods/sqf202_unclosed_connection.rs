//! SQF202 unclosed-connection: a connection that is not closed on every path.
//!
//! Two shapes. `with <connect> as conn:` (a sqlite3 connection or one from the
//! project's factory) only commits (F-with-no-close): it becomes
//! `with contextlib.closing(<connect>) as conn, conn:`. Whatever the path
//! expression (`self.owner.manager.path`), it never decides the leak. Not when
//! `conn.close()` (or `if conn: conn.close()`) follows the block at the
//! enclosing indentation, or a `finally` around it closes it (`closed_after.rs`):
//! only an exception skips that close, and the block has rolled back by then.
//! A `return` inside the block (or between it and the close) still skips it.
//! Nor when the block leaves nothing held (`holds_nothing.rs`: every write
//! inside the block, no BEGIN of the code's own, nothing after it, default
//! transaction mode) and the project shows nothing running beside it
//! (`SecondParty::None`: an event-loop application or a script starting no
//! thread or process, no library pool running its functions). The dropped
//! connection then costs a descriptor until the GC's young pass, which such
//! connections set off every few dozen calls on one thread; on several threads
//! they pile up by the thousand (docs/sqlite-facts.md#F-dropped-handles), and a
//! library's callers are unknown, so both keep the finding. A connection assigned to a
//! local is closed on every path when a `finally` closes it, a `closing(...)`
//! wraps it, or `conn.close` is registered as a callback; otherwise its uses are
//! wrapped in `with contextlib.closing(<connect>) as conn:` up to a trailing
//! `conn.close()`, which the block replaces.
//!
//! An object that keeps a connection on `self` that nothing closes leaks one
//! per instance when instances are built per call (`owner_class.rs`); one
//! whose class has a `close()` leaks when a function builds it and never calls
//! that (`owned_local.rs`). A context's accessor that returns a new such
//! object on every call, caching none, leaks one per call (`store_accessor.rs`). A factory
//! that runs schema statements between `connect()` and `return conn` drops the
//! connection unclosed when they raise (`setup_leak.rs`). A SQLAlchemy engine
//! built per call and never disposed keeps its pooled connection
//! (`throwaway_engine.rs`), as does a library's SQLite store built per call
//! of a helper a loop calls and never closed (`library_store.rs`). A `close()` that
//! closes other attributes but not
//! the connection (or engine) the object keeps (`wrong_close.rs`).
//!
//! A factory returning `(conn, conn.cursor())` whose caller keeps only the cursor
//! leaks the connection at the call, as does one whose caller closes it after a
//! loop it returns from (`for row in cur.execute(...): return row`,
//! `pair_factory.rs`). `cur = sqlite3.connect(p).cursor()` (or a factory's
//! `connect().cursor()`) keeps no handle on the connection at all, nor does a
//! helper that returns only such a cursor (`cursor_only.rs`). A context manager
//! whose exit commits and then closes with no `finally` skips the close when
//! the commit or the block raises (`exit_close.rs`). A job on a pool's
//! reused threads that reaches a SQLAlchemy `scoped_session` and never removes
//! it leaves the session bound to the thread (`pool_job_session.rs`). A plain
//! ORM session made in a function request threads run and never closed
//! keeps its pooled connection until the cyclic GC (`threaded_session.rs`).
//!
//! Closed only on the success path (`conn = connect(p)`, statements,
//! `conn.commit()`, `conn.close()`, no `finally`): an exception that leaves the
//! frame drops the connection with the write transaction its first write began.
//! On Python 3.11 and later nothing closes it then: its statement cache makes a
//! reference cycle, so the lock is held until the cyclic garbage collector runs,
//! and a writer waiting in its busy handler allocates nothing that would start
//! one (docs/sqlite-facts.md#F-exception-drop). Reference counting closes it at
//! once only on 3.10 and earlier (and never on PyPy), and not even there when
//! the traceback is kept (stored, logged with its frames, a retry loop's last
//! error) or the frame is a suspended generator's. So it is reported even when
//! the only statements that can raise are the connection's own, in a per-call
//! helper; slow work between open and close, or a long-lived loop around it,
//! only widens the window. What it needs is a second party that writes: a
//! module nothing runs concurrently with is not reported. Nor a connection in
//! autocommit (`isolation_level=None`, `autocommit=True`) whose code sends no
//! BEGIN of its own (`autocommit_drop.rs`): every statement, the failing one
//! included, has ended its transaction by then, so the dropped connection holds
//! no lock (docs/sqlite-facts.md#F-autocommit-drop).
//! Nor, unless its opening repeats per item, one whose only write is its
//! transaction's first, cannot break a constraint (a DELETE, an UPDATE or
//! INSERT of a table the module declares unconstrained) and is followed by
//! nothing that can raise before the commit (`one_write.rs`): a BUSY on it
//! takes no lock, so the dropped connection holds only its descriptor
//! (docs/sqlite-facts.md#F-one-write-drop).
//!
//! A generator that yields with its connection still open on one path (the
//! fallback after a lost write race) while its other paths close it first
//! keeps that connection for as long as its consumer iterates, and past an
//! early stop (`generator_yield.rs`, docs/sqlite-facts.md#F-generator-holds):
//! reported where the generator recurses or the process stays up.
//!
//! A backup's target opened as a `with` item (`with connect(a) as src,
//! connect(b) as dst: src.backup(dst)`, every item of the statement is a site)
//! takes no lock once the copy is done, but keeps the new file open: reported
//! where the process stays up or the backup repeats per item, where the
//! descriptors pile up and a rename of the new file meets the open handle.
//!
//! A connection that escapes is left alone: returned or yielded, stored on
//! `self`, the module or a container, captured by a nested function, or handed to
//! a call that may keep it (project functions that only call its methods do not).
//!
//! A factory whose callers in its own module use it as `with factory() as conn:`
//! is also reported once at the factory itself (`factory_with.rs`).
//!
//! Root cause: for connections from a project factory, the factory (its module and
//! name): the factory hands out connections its callers must close, and one change
//! there (a closing context manager) serves every caller. A `sqlite3.connect` of
//! its own is its own root.
//!
//! Nor in a job a scheduler runs at most once a day (semantic/daily_jobs.rs:
//! `schedule.every().day.at(...)`, a cron trigger at a fixed hour): one handle
//! a day is no pile-up, and nothing waits on it.
//!
//! What a leak costs decides whether it is reported. A connection that takes
//! no lock (read-only or immutable, a probe that only reads and is closed on
//! its success path) costs a file descriptor per opening: reported only where
//! the opening repeats, per item of a loop in its function or through its
//! callers (`per_item.rs`), or (read-only) in a process that stays up, or
//! (the probe) where a `return` skips the close on a normal path
//! (`early_return.rs`); the finding names the repetition. A connection opened before an endless
//! `while True:` loop that uses it (a monitor thread) lives as long as its
//! thread and is not a leak (`endless_loop.rs`). A connection a factory also
//! keeps in a cache (`self._by_thread[tid] = conn`, a thread-local) belongs to
//! the cache, and its callers are not asked to close it (semantic/summarize.rs).
//!
//! A module-level registry (`_CONNS = {}`) that keeps one aiosqlite connection
//! per path for the life of the process, with nothing closing it, keeps the
//! process from exiting: each connection's worker thread is not a daemon
//! (`process_registry.rs`, docs/sqlite-facts.md#F-aiosqlite-exit).
//!
//! Nor on an in-memory database (`sqlite3.connect(":memory:")`, a probe of the
//! module or the library's version, a scratch database per call; through a
//! constant too, and `file::memory:` URIs without `cache=shared`:
//! semantic/private_memory.rs) unless it is opened per item: it has no file,
//! so it holds no lock and no descriptor, and no other connection can open it
//! (docs/sqlite-facts.md#F-private-memory). An object that keeps one per
//! instance (`owner_class.rs`) is still reported: each instance's database
//! lives, in memory, until the cyclic GC, and maintainers close those. So is
//! a `close()` that skips in-memory databases on purpose (`if self.filename !=
//! ":memory:": self.con.close()`, `memory_skipped.rs`): its callers close and
//! the connection stays. A setting whose declared default is `:memory:` (a
//! server's session table, one connection for the object) counts as memory.
//!
//! Nor in a script that runs one command and exits (semantic/program_main.rs:
//! a `__main__` block, nothing that serves, loops or starts threads) that no
//! other module imports: a setup script, a command-line tool's entry, an
//! engine that lives for the one run. What it leaves open closes at exit, and
//! nothing else of the program opens the file meanwhile; one opened per item
//! of a loop is still reported, and so is what the sub-checks find.
//!
//! Left open (never closed, or a `with` that only commits) in a function that
//! runs once per process or rarely, not reported either: judged from its
//! callers over the project's call graph (semantic/run_frequency.rs: `main()`
//! from the `__main__` guard, the `initialize()` it calls, the schema upgrade
//! `dbcheck()` that calls, the constructor of an object built once, what a
//! daily job calls), outside any loop there: one handle for the process's
//! life, not one per request or item. One closed only on its success path
//! there is still reported beside a second party: the lock an exception
//! leaves held meets whoever runs beside it, and once is enough. Except a
//! migration step (`migration.rs`: schema changes or a schema version, in a
//! function that runs once): it runs at start-up, and a step that raises
//! stops the start-up; the factory it shares with request paths keeps their
//! finding.
//!
//! Not reported on a connection start-up code opens for its own work and never
//! hands on (`init_db()` before the worker threads and the server start, an
//! `on_ready` listener; check/scope.rs with semantic/startup_local.rs): it runs
//! once while nothing else holds the file, and leaving it to the garbage
//! collector costs one descriptor once. Except a `with` target the function keeps
//! bound while it goes on to serve (`held_while_serving.rs`): that frame lasts
//! as long as the server, and so does the connection.

use ruff_python_ast::{Expr, Stmt};
use ruff_text_size::{Ranged, TextRange};

use super::{Codemod, Context};
use crate::finding::{Confidence, Finding, Root};
use crate::fix::{Edit, Fix, codegen, lifetime};
use crate::semantic::connection_purpose::Purpose;
use crate::semantic::connections::{self, ConnSite, Driver, Holder};
use crate::semantic::model::Call;
use crate::semantic::second_party::{self, SecondParty};
use crate::semantic::uses::{UseKind, uses_of_name};
use crate::semantic::visit;
use crate::semantic::{
    daily_jobs, dead_functions, entry_points, long_running, private_memory, run_frequency,
};

mod autocommit_drop;
mod closed_after;
mod closers;
mod cursor_only;
mod early_return;
pub(crate) mod endless_loop;
mod exit_close;
mod factory_with;
mod generator_yield;
mod held_while_serving;
mod holds_nothing;
mod library_store;
mod memory_skipped;
mod migration;
mod one_write;
mod owned_local;
mod owner_class;
mod pair_factory;
mod parked_fallback;
mod per_item;
mod pool_job_session;
mod process_registry;
mod rerun_attribute;
mod setup_leak;
mod store_accessor;
mod thread_object_session;
mod threaded_session;
mod throwaway_engine;
mod wrong_close;

pub struct UnclosedConnection;

/// Calls known to use a connection without keeping it.
const BORROWING_CALLS: &[&str] = &[
    "pandas.read_sql",
    "pandas.read_sql_query",
    "pandas.read_sql_table",
    "contextlib.closing",
];

/// Another method of the site's class opens its own connection in code that
/// runs often: the class's open-per-call idiom is one root cause, and its fix
/// (close in every method, or one kept connection) covers the rarely run
/// methods too, as maintainers fix them: a count run once from the command
/// line beside lookups run per file.
fn class_idiom_runs_often(
    ctx: &Context<'_, '_>,
    sites: &[ConnSite<'_, '_>],
    site: &ConnSite<'_, '_>,
) -> bool {
    let scopes = &ctx.model.scopes;
    let Some(class) = scopes.enclosing_class(site.scope()) else {
        return false;
    };
    sites.iter().any(|other| {
        other.scope() != site.scope()
            && other.driver == site.driver
            && scopes.enclosing_class(other.scope()) == Some(class)
            && !run_frequency::runs_rarely(
                ctx.project,
                ctx.model,
                other.scope(),
                other.call.range(),
            )
    })
}

impl Codemod for UnclosedConnection {
    crate::codemod_meta!("SQF202-unclosed-connection");

    fn check(&self, ctx: &Context<'_, '_>, out: &mut Vec<Finding>) {
        // Test suites use throwaway databases on purpose (semantic::paths).
        if ctx.in_test_module() {
            return;
        }
        let sites = ctx.sites();
        let mut long_running = None;
        let one_command = one_command_script(ctx);
        for site in sites {
            // A script run for one command exits when it is done: what it
            // leaves open closes then, unless it opens one per item.
            if one_command && !opened_per_item(ctx, site) {
                continue;
            }
            if site.driver == Driver::Aiosqlite
                || entry_points::runs_once(ctx.model, site.scope(), site.call.expr.start())
                || daily_jobs::runs_daily(ctx.model, site.scope())
            {
                continue;
            }
            // An in-memory database (a probe of the module or its version) has
            // no file: left open it holds neither a lock nor a descriptor, only
            // its memory, which matters only where it is opened per item.
            if in_memory(ctx, site) && per_item::repetition(ctx, site).is_none() {
                continue;
            }
            // A read-only, temporary or backup connection holds no lock another
            // connection waits for (semantic::connection_purpose). A read-only one
            // left open still holds a file handle until the cyclic GC: harmless
            // once in a script, a pile-up in a process that stays up or where it
            // is opened per item of a loop (per input file, per row: per_item.rs).
            // `read_only_in` is what that costs, in words.
            let purpose = ctx.purpose(site);
            let read_only_in = match purpose {
                // A probe that only reads or a backup's source still holds a read
                // lock and a file handle when an exception skips its close: a leak
                // like any other (maintainers fix exactly these).
                None | Some(Purpose::Inspection | Purpose::BackupSource) => None,
                Some(Purpose::ReadOnly) => {
                    let what =
                        long_running.get_or_insert_with(|| long_running::of_project(ctx.project));
                    match (what, per_item::repetition(ctx, site)) {
                        (Some(what), _) => Some(read_only_cost(what)),
                        (None, Some(why)) => Some(per_item_cost(&why)),
                        (None, None) => continue,
                    }
                }
                // A backup's target left open by a `with` item (`with connect(a)
                // as src, connect(b) as dst: src.backup(dst)`): it holds no lock
                // once the copy is done, but it holds the new file open, which a
                // rename or delete of it then meets (on Windows the rename fails),
                // and in a process that stays up every scheduled backup adds one.
                Some(Purpose::BackupDestination)
                    if matches!(site.holder, Holder::WithItem { .. }) =>
                {
                    let what =
                        long_running.get_or_insert_with(|| long_running::of_project(ctx.project));
                    match (what, per_item::repetition(ctx, site)) {
                        (Some(what), _) => Some(backup_target_cost(what)),
                        (None, Some(why)) => Some(per_item_cost(&why)),
                        (None, None) => continue,
                    }
                }
                Some(_) => continue,
            };
            // An awaited connection is an async driver's (a factory returning an
            // aiosqlite connection): `closing()` would call its `close()` without
            // awaiting it, so the connection would never close. SQF502 covers it.
            if awaited(ctx, site) {
                continue;
            }
            // The outer expression is already `closing(...)`.
            if site.outer != site.call.range() && is_wrapped_in_closing(ctx, site) {
                continue;
            }
            // Left open in a function that runs once per process or rarely
            // (semantic/run_frequency.rs): one handle for the process's life, no
            // pile-up. Closed only on its success path, the lock an exception
            // leaves held still meets whoever runs beside it: `local` decides.
            let rare = || {
                run_frequency::runs_rarely(ctx.project, ctx.model, site.scope(), site.call.range())
                    && !class_idiom_runs_often(ctx, sites, site)
            };
            let finding = match &site.holder {
                Holder::WithItem { .. } | Holder::Other if rare() => None,
                Holder::WithItem { name, item } => with_item(
                    self,
                    ctx,
                    site,
                    name.as_deref(),
                    *item,
                    read_only_in.as_deref(),
                    purpose,
                ),
                Holder::Local(name) => local(
                    self,
                    ctx,
                    site,
                    name,
                    read_only_in.as_deref(),
                    purpose,
                    &rare,
                ),
                Holder::Other => cursor_only::finding(
                    self.meta(),
                    ctx,
                    site,
                    &connection_text(site, read_only_in.is_some()),
                    read_only_in.clone(),
                ),
                _ => None,
            };
            out.extend(finding.map(|f| match factory_root(ctx, site) {
                Some(root) => f.with_root(root),
                None => f,
            }));
        }
        factory_with::check(self.meta(), ctx, sites, out);
        held_while_serving::check(self.meta(), ctx, sites, out);
        pair_factory::check(
            self.meta(),
            ctx.model,
            sites,
            |scope| entry_points::in_cli_command(ctx.model, scope),
            out,
        );
        owner_class::check(self.meta(), ctx, sites, out);
        rerun_attribute::check(self.meta(), ctx, sites, out);
        owned_local::check(self.meta(), ctx, out);
        store_accessor::check(self.meta(), ctx, out);
        exit_close::check(self.meta(), ctx, sites, out);
        setup_leak::check(self.meta(), ctx, sites, out);
        throwaway_engine::check(self.meta(), ctx, out);
        library_store::check(self.meta(), ctx, out);
        wrong_close::check(self.meta(), ctx, sites, out);
        memory_skipped::check(self.meta(), ctx, sites, out);
        pool_job_session::check(self.meta(), ctx, out);
        threaded_session::check(self.meta(), ctx, out);
        thread_object_session::check(self.meta(), ctx, out);
        process_registry::check(self.meta(), ctx, out);
    }
}

/// The opening at `site` repeats per item: in a loop of its function, or in
/// a function its callers run per item (`per_item.rs`).
fn opened_per_item(ctx: &Context<'_, '_>, site: &ConnSite<'_, '_>) -> bool {
    let in_loop = site.scope().is_some_and(|id| {
        let body = &ctx.model.scopes.function(id).def.body;
        !crate::semantic::loops::enclosing_loops(body, site.call.range()).is_empty()
    });
    in_loop || per_item::repetition(ctx, site).is_some()
}

/// A script that runs one command and exits (semantic/program_main.rs) and
/// that no other module imports, so no long-lived process runs its functions:
/// a setup script, a command-line tool's entry. Its connections and engines
/// live for that one run; nothing else of the program opens the file meanwhile.
fn one_command_script(ctx: &Context<'_, '_>) -> bool {
    crate::semantic::program_main::runs_one_command(ctx.model)
        && ctx
            .project
            .index
            .import_graph()
            .is_some_and(|g| g.is_imported(ctx.model.path) == Some(false))
}

/// The project factory a connection comes from, as the root of its findings.
fn factory_root(ctx: &Context<'_, '_>, site: &ConnSite<'_, '_>) -> Option<Root> {
    let Driver::Factory(name) = &site.driver else {
        return None;
    };
    let (module, summary) = ctx.project.factory_function(ctx.model, site.call)?;
    let path = match module {
        Some(m) => ctx.project.index.modules[m].path.as_path(),
        None => ctx.model.path,
    };
    let shown = crate::diff::display_path(path);
    Some(
        Root::new(
            format!("factory:{shown}:{}", summary.qualname),
            format!("the connection factory `{name}()` of {shown}, whose callers do not close what it returns"),
        )
        .at(path, summary.line),
    )
}

/// `sqlite3.connect(..., factory=C)` where class `C` of this module closes the
/// connection in `__exit__`: `with` then closes it. A project factory counts when
/// the connect call this module makes for it passes such a class.
fn closes_on_exit(ctx: &Context<'_, '_>, site: &ConnSite<'_, '_>) -> bool {
    let model = ctx.model;
    match site.driver {
        Driver::Factory(_) => {
            // A factory in another module says so in its summary.
            ctx.project
                .function(model, site.call)
                .and_then(|(_, f)| f.factory.as_ref())
                .is_some_and(|f| f.closes_on_exit)
                || model
                    .calls
                    .iter()
                    .filter(|c| c.qualified() == Some("sqlite3.connect"))
                    .any(|c| connections::closing_factory_class(model, c))
        }
        _ => connections::closing_factory_class(model, site.call),
    }
}

/// `sqlite3.connect(":memory:")` (or `""`, a private temporary database, or a
/// memory URI without `cache=shared`, also through a constant): a database no
/// other connection can reach, with no file (semantic/private_memory.rs).
/// A setting of the object whose declared default is `:memory:` counts: the
/// object's own store, in memory unless its user configures a file.
fn in_memory(ctx: &Context<'_, '_>, site: &ConnSite<'_, '_>) -> bool {
    site.driver == Driver::Sqlite3
        && (private_memory::opens_private_memory(ctx.model, site.call)
            || private_memory::defaults_to_private_memory(ctx.model, site.call))
}

fn awaited(ctx: &Context<'_, '_>, site: &ConnSite<'_, '_>) -> bool {
    let text = ctx.model.slice(site.outer);
    text.strip_prefix("await")
        .is_some_and(|rest| rest.starts_with(|c: char| c.is_whitespace() || c == '('))
}

fn is_wrapped_in_closing(ctx: &Context<'_, '_>, site: &ConnSite<'_, '_>) -> bool {
    // A call around the connection call is in the same function (lambdas and
    // comprehensions are not scopes of their own).
    ctx.model.calls_in(site.call.scope).any(|c| {
        c.qualified() == Some("contextlib.closing")
            && site.outer.contains_range(c.range())
            && c.range().contains_range(site.call.range())
    })
}

fn connection_text(site: &ConnSite<'_, '_>, read_only: bool) -> String {
    let text = match site.driver {
        Driver::Factory(ref name) => format!("`{name}()`"),
        _ => "`sqlite3.connect()`".to_string(),
    };
    if read_only {
        format!("{text} (read-only)")
    } else {
        text
    }
}

/// What an unclosed read-only connection costs in a process that stays up.
fn read_only_cost(what: &str) -> String {
    format!(
        ": {what} stays up, and each call leaves a file handle open until the cyclic garbage collector runs (docs/sqlite-facts.md#F-unclosed-lingers)"
    )
}

/// What a backup target a `with` leaves open costs in a process that stays up.
fn backup_target_cost(what: &str) -> String {
    format!(
        ": {what} stays up, and each backup leaves the new file open until the cyclic garbage collector runs, so a rename or delete of it meets an open handle (docs/sqlite-facts.md#F-unclosed-lingers)"
    )
}

/// What an unclosed read-only connection costs when it is opened per item.
fn per_item_cost(why: &str) -> String {
    format!(
        ": {why}, and each one leaves a file handle open until the cyclic garbage collector runs, one per item (docs/sqlite-facts.md#F-unclosed-lingers)"
    )
}

/// `with sqlite3.connect(p) as conn:` → `with contextlib.closing(...) as conn, conn:`
fn with_item(
    codemod: &UnclosedConnection,
    ctx: &Context<'_, '_>,
    site: &ConnSite<'_, '_>,
    name: Option<&str>,
    item: usize,
    read_only_in: Option<&str>,
    purpose: Option<Purpose>,
) -> Option<Finding> {
    let model = ctx.model;
    let Stmt::With(with) = site.stmt() else {
        return None;
    };
    if with.is_async || closes_on_exit(ctx, site) {
        return None;
    }
    // `with connect(p) as db: return db` hands out the connection the `with`
    // was meant to manage: closing it here would return a closed connection.
    if let Some(name) = name {
        let escapes = uses_of_name(&with.body, name).iter().any(|u| {
            matches!(
                u.kind,
                UseKind::Returned | UseKind::Yielded | UseKind::Stored | UseKind::Captured
            )
        });
        if escapes {
            if read_only_in.is_some() {
                return None;
            }
            let message = format!(
                "{} leaves `with ... as {name}:` still open: the `with` only commits, so whoever receives `{name}` must close it",
                connection_text(site, false)
            );
            return Some(
                Finding::new(codemod.meta(), site.call.range(), message)
                    .with_confidence(Confidence::Medium)
                    .with_note(format!(
                        "`{name}` leaves the block, so it cannot be closed here; drop the `with` and close the connection where it is last used (`contextlib.closing(...)` or `close()` in a `finally`)"
                    )),
            );
        }
    }
    // `with connect(p) as db:` around an endless loop that uses `db`: the
    // connection lives as long as the thread or process (endless_loop.rs).
    if name.is_some_and(|n| endless_loop::within(&with.body, n)) {
        return None;
    }
    let backup_target = matches!(purpose, Some(Purpose::BackupDestination));
    let message = match read_only_in {
        Some(cost) if backup_target => format!(
            "{} (a backup's target) used as `with ... as conn:` never closes the connection{cost}",
            connection_text(site, false),
        ),
        Some(cost) => format!(
            "{} used as `with ... as conn:` never closes the connection{cost}",
            connection_text(site, true),
        ),
        None => format!(
            "{} used as `with ... as conn:` commits but never closes the connection",
            connection_text(site, false)
        ),
    };
    let finding = Finding::new(codemod.meta(), site.call.range(), message);
    let Some(name) = name else {
        return Some(finding.with_note("the connection has no name to close; bind it with `as conn` and wrap it in `contextlib.closing`"));
    };
    // After the block, the connection must not be used any more; a close (or
    // the test guarding it) may follow, closing twice is harmless.
    let body: &[Stmt] = match site.scope() {
        Some(scope) => &model.scopes.function(scope).def.body,
        None => model.suite,
    };
    let mut finding = finding;
    match closed_after::after_block(body, site.stmt(), &with.body, name) {
        closed_after::After::Closed => return None,
        closed_after::After::Skipped => {
            finding = finding.with_note(format!(
                "the `{name}.close()` after the block does not run when the block returns (or breaks out) first"
            ));
        }
        closed_after::After::Open => {}
    }
    let used_after = uses_of_name(body, name).iter().any(|u| {
        u.range.start() >= with.end()
            && !matches!(&u.kind, UseKind::Test)
            && !matches!(&u.kind, UseKind::MethodCall(m) if m == "close")
    });
    // The block ends its transaction, and nothing after it uses the connection:
    // what the missing close costs is one descriptor until the GC's young pass,
    // which the dropped connections themselves set off every few dozen calls on
    // one thread; only on several threads do they pile up (F-dropped-handles).
    if !used_after && no_second_party(ctx) && holds_nothing::holds_nothing(ctx, site) {
        return None;
    }
    if used_after && site.scope().is_some() {
        return Some(finding.with_note(format!(
            "`{name}` is used after the `with` block, so closing it there would break that code"
        )));
    }
    let (closing, import) = codegen::member(model, "contextlib", "closing");
    let item_node = &with.items[item];
    let context_text = model.slice(site.outer);
    let mut edits = vec![Edit::replace(
        item_node.range(),
        format!("{closing}({context_text}) as {name}, {name}"),
    )];
    edits.extend(import);
    Some(finding.with_fix(Fix::safe(
        format!("Close it: `with {closing}(...) as {name}, {name}:`"),
        edits,
    )))
}

/// Whether the project shows that nothing runs beside this code: an
/// event-loop application or a script that starts no thread or process, and no
/// library or framework runs its functions on a pool (`semantic::second_party`).
/// Unknown (a library, whose callers may be threads) is not nothing.
fn no_second_party(ctx: &Context<'_, '_>) -> bool {
    matches!(ctx.second_party(), SecondParty::None(_))
        && crate::semantic::second_party::script_pool(ctx.project).is_none()
}

/// `conn = sqlite3.connect(p)` in a function, not closed on every path.
fn local(
    codemod: &UnclosedConnection,
    ctx: &Context<'_, '_>,
    site: &ConnSite<'_, '_>,
    name: &str,
    read_only_in: Option<&str>,
    purpose: Option<Purpose>,
    runs_rarely: &dyn Fn() -> bool,
) -> Option<Finding> {
    let model = ctx.model;
    let scope = site.scope()?;
    let function = model.scopes.function(scope);
    // A generator's frame is suspended at each `yield` for as long as its
    // consumer likes: only the path that yields before the close the others
    // run is reported (generator_yield.rs).
    if function.is_generator() {
        return generator_yield::finding(codemod, ctx, site, name);
    }
    let body = &function.def.body;
    let uses = uses_of_name(body, name);
    let mut closes_directly = false;
    for u in &uses {
        match &u.kind {
            UseKind::MethodCall(m) if result_escapes(ctx, u.range, m) => return None,
            UseKind::MethodCall(_) | UseKind::AttributeStore | UseKind::Test => {}
            // `stack.callback(conn.close)`, `atexit.register(conn.close)`
            UseKind::AttributeRead(attr) if attr == "close" => return None,
            UseKind::AttributeRead(_) => {}
            UseKind::Argument { call, position } => {
                if !borrows(ctx, *call, *position) {
                    return None;
                }
                if model.call_at(*call).and_then(|c| c.qualified()) == Some("contextlib.closing") {
                    return None;
                }
            }
            _ => return None,
        }
        if matches!(&u.kind, UseKind::MethodCall(m) if m == "close") {
            closes_directly = true;
        }
    }
    if closed_in_finally(body, name) || cursor_escapes(ctx, site, name) {
        return None;
    }
    if reassigned(ctx, scope, name, site) {
        return None;
    }
    // Closed on success, the harm of the exception path is a lock held while
    // someone else waits: that needs someone else. Never closed, it is a leak.
    let mut confidence = None;
    let message = if closes_directly {
        // A read-only connection takes no lock: an exception path costs one
        // handle per failure, not a stalled writer.
        if read_only_in.is_some() {
            return None;
        }
        // In autocommit each statement ends its own transaction, failed or
        // not: the dropped connection holds no lock (autocommit_drop.rs).
        if autocommit_drop::holds_no_lock_on_error(ctx, site) {
            return None;
        }
        // A migration step run at start-up, before the program's threads and
        // tasks exist (migration.rs): the factory's request paths keep their
        // finding, this use drops out. Run once but after a writer has started,
        // its lock left by an exception meets that writer: still reported.
        // Or a step the module calls only when the stored schema version is
        // older (semantic/upgrade_steps.rs): once per database, ever.
        if (ctx.runs_at_start(site.call.range().start())
            || crate::semantic::upgrade_steps::is_upgrade_step(ctx.model, scope))
            && migration::changes_schema(ctx, scope)
        {
            return None;
        }
        let party = match ctx.second_party().clone() {
            _ if second_party::is_startup_only(ctx.model.path) => return None,
            SecondParty::None(_) => return None,
            SecondParty::Known(who) => format!("; concurrent with {who}"),
            SecondParty::Unknown => {
                confidence = Some(Confidence::Medium);
                String::new()
            }
        };
        // One that only reads began no transaction (F-implicit-begin): what an
        // exception leaks is its file handle, not a write lock.
        // One that only reads began no transaction (F-implicit-begin): what an
        // exception leaks is its file handle, not a lock. Once per failure that
        // is nothing; it matters only where the opening repeats per item
        // (per_item.rs).
        // A `return` before the close skips it on a normal path, every time
        // that branch runs (early_return.rs): that repeats with the calls.
        // Its one write takes the lock only when it cannot fail any more
        // (one_write.rs): what fails is the write waiting for the lock, which
        // gives up only after the busy timeout (F-busy-first-write), or the
        // commit behind a reader held as long. One dropped handle per such wait
        // cannot outpace the collector, even once per item of a loop: handles
        // pile up only when drops come on every call, thousands a second, on
        // several threads (F-dropped-handles). Nothing to report.
        if one_write::cannot_fail_holding(ctx, site) {
            return None;
        }
        let leaked = if purpose == Some(Purpose::Inspection) {
            if early_return::skips_close(body, name, site.call.range().start()) {
                "it only reads, but a `return` before the close skips it on a normal path, so each such call leaves its file handle open".to_string()
            } else {
                let why = per_item::repetition(ctx, site)?;
                format!(
                    "it only reads, so an exception leaks no lock, but {why}: each failure leaves its file handle open"
                )
            }
        } else {
            "an exception leaks it with its locks".to_string()
        };
        format!(
            "{} is closed only on the success path: {leaked} until the cyclic garbage collector runs (docs/sqlite-facts.md#F-exception-drop){party}",
            connection_text(site, false)
        )
    } else {
        // Opened once in a function the process runs once (its `__main__`
        // guard calls it): one connection for the process's life, closed at
        // exit; nothing accumulates.
        if ctx
            .project
            .index
            .import_graph()
            .is_some_and(|g| dead_functions::runs_once_per_process(model, g, scope))
        {
            return None;
        }
        // Opened before an endless loop that uses it (a monitor thread, a
        // polling worker): one connection for the thread's life (endless_loop.rs).
        // Or in a function that runs once per process or rarely.
        if endless_loop::follows(body, site.stmt(), name) || runs_rarely() {
            return None;
        }
        format!(
            "{} is never closed{}",
            connection_text(site, read_only_in.is_some()),
            read_only_in.unwrap_or_default()
        )
    };
    let mut finding = Finding::new(codemod.meta(), site.call.range(), message);
    if let Some(confidence) = confidence {
        finding = finding.with_confidence(confidence);
    }
    match wrap_edits(ctx, site, name, &uses) {
        Ok(edits) => Some(finding.with_fix(Fix::safe(
            format!("Close it on every path: `with contextlib.closing(...) as {name}:`"),
            edits,
        ))),
        Err(why) => Some(finding.with_note(why)),
    }
}

/// Whether passing the connection to this call keeps it in the function's hands.
fn borrows(ctx: &Context<'_, '_>, call: TextRange, position: Option<usize>) -> bool {
    let Some(call) = ctx.model.call_at(call) else {
        return false;
    };
    if call
        .qualified()
        .is_some_and(|q| BORROWING_CALLS.contains(&q))
    {
        return true;
    }
    if call.method_name() == Some("to_sql") {
        return true;
    }
    let Some(position) = position else {
        return false;
    };
    ctx.project
        .function(ctx.model, call)
        .is_some_and(|(_, f)| f.param_escapes.get(position) == Some(&false))
}

/// `return conn.execute(...)` hands out a cursor that needs the connection open.
fn result_escapes(ctx: &Context<'_, '_>, name_range: TextRange, method: &str) -> bool {
    if !matches!(
        method,
        "execute" | "executemany" | "executescript" | "cursor" | "iterdump"
    ) {
        return false;
    }
    let model = ctx.model;
    let on_name = |c: &&Call<'_>| matches!(&*c.expr.func, Expr::Attribute(a) if a.value.range() == name_range);
    // The call is in the function around the name (a scan of that function's
    // calls, not the module's, per use); all calls only if it is not found there.
    let Some(call) = model
        .calls_in(model.scopes.function_at(name_range.start()))
        .find(on_name)
        .or_else(|| model.calls.iter().find(on_name))
    else {
        return false;
    };
    match call.parent {
        Some(Expr::Yield(_) | Expr::YieldFrom(_)) => true,
        Some(_) => false,
        None => {
            matches!(call.stmt, Stmt::Return(r) if r.value.as_ref().is_some_and(|v| v.range() == call.range()))
        }
    }
}

fn closed_in_finally(body: &[Stmt], name: &str) -> bool {
    visit::any_stmt(body, |stmt| {
        let Stmt::Try(try_stmt) = stmt else {
            return false;
        };
        uses_of_name(&try_stmt.finalbody, name)
            .iter()
            .any(|u| matches!(&u.kind, UseKind::MethodCall(m) if m == "close"))
    })
}

/// A cursor made from the connection that leaves the function keeps it in use.
fn cursor_escapes(ctx: &Context<'_, '_>, site: &ConnSite<'_, '_>, name: &str) -> bool {
    let Some(key) = connections::key_of(ctx.model, site) else {
        return true;
    };
    let scope = site.scope();
    let body = &ctx
        .model
        .scopes
        .function(scope.unwrap_or_default())
        .def
        .body;
    connections::aliases(ctx.model, &key)
        .iter()
        .filter(|(s, n)| *s == scope && n != name)
        .any(|(_, alias)| {
            uses_of_name(body, alias).iter().any(|u| {
                matches!(
                    u.kind,
                    UseKind::Returned | UseKind::Yielded | UseKind::Captured | UseKind::Stored
                )
            })
        })
}

fn reassigned(ctx: &Context<'_, '_>, scope: usize, name: &str, site: &ConnSite<'_, '_>) -> bool {
    ctx.model
        .assignment_positions_in(Some(scope))
        .iter()
        .filter(|&&i| {
            matches!(&ctx.model.assignments[i].target, crate::semantic::model::Target::Name(n) if n == name)
        })
        .count()
        > 1
        || site.stmt().range().is_empty()
}

/// Replaces `conn = <connect>` and the statements after it (up to a trailing
/// `conn.close()`) with a `with closing(...)` block around them.
fn wrap_edits(
    ctx: &Context<'_, '_>,
    site: &ConnSite<'_, '_>,
    name: &str,
    uses: &[crate::semantic::uses::NameUse],
) -> Result<Vec<Edit>, String> {
    let model = ctx.model;
    let assign = site.stmt();
    if !matches!(assign, Stmt::Assign(_) | Stmt::AnnAssign(_)) {
        return Err("the connection is not assigned by a plain statement".to_string());
    }
    let (closing, import) = codegen::member(model, "contextlib", "closing");
    let header = format!("with {closing}({})", model.slice(site.outer));
    let edit = lifetime::wrap_until_close(
        model,
        assign,
        name,
        uses,
        |s| lifetime::is_close_statement(s, name, false),
        &header,
    )?;
    let mut edits = vec![edit];
    edits.extend(import);
    Ok(edits)
}
