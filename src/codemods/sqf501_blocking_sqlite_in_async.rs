//! SQF501 blocking-sqlite-in-async: sqlite3 work on the event loop.
//!
//! In every `async def`, finds (1) connections the coroutine opens itself, with
//! the statements that use them: a "unit of work"; (2) calls to sync functions of
//! the project that do blocking database I/O (the project index follows calls
//! across files); (3) blocking calls on a connection the coroutine did not open:
//! a global or `self` attribute of its module, or one that another module holds
//! and the coroutine reaches by name (`from setup import cursor`, `setup.con`,
//! `config.cursor` on an instance whose class connects; `imported`), a cursor
//! made from it standing for the connection.
//!
//! A unit of work moves whole into a nested `def` run by `asyncio.to_thread`
//! (safe: the connection is created, used and closed in the worker thread, fact
//! 6); names it assigns that the coroutine reads later come back as its return
//! value, names the coroutine already had are declared `nonlocal`. A unit that
//! writes data is, once on worker threads, a writer SQF303 would serialize: the
//! offload is completed when generated, the function holding the project's write
//! lock from its first statement to its last (unsafe, as SQF303's fix; not when
//! the lock would cover slow work, which SQF303 refuses too). A helper call
//! becomes `await asyncio.to_thread(helper, ...)`: safe when the helper opens its
//! own connections, unsafe when it uses a shared one that allows other threads
//! (`check_same_thread=False`), display-only otherwise. Blocking calls on a
//! connection from outside: on a shared `check_same_thread=False` connection the
//! coroutine's statements on it move as one block into a nested `def` that holds
//! the project's write lock (SQF303's `_WRITE_LOCK`, defined once per project)
//! from the first statement to the last (unsafe). Offloaded one by one, they
//! would interleave with other requests' transactions on that connection
//! ("cannot start a transaction within a transaction", one request's COMMIT
//! ending another's writes; tests/shared_offload.rs shows both), and a lone
//! offloaded write would join another thread's open transaction.
//! Work that arrives as a callable (a parameter called inline,
//! `pool.submit(f).result()`) is found by `indirect`; a sync SQLAlchemy session
//! used in the coroutine by `orm_session`.
//!
//! Never offloaded: only the connect (a call to a connection factory, or a unit
//! whose connection the coroutine keeps on `self`, in a global or returns). The
//! queries would stay on the loop, on a connection the worker thread owns
//! (ProgrammingError with the default check_same_thread), and an await between an
//! "is it open yet?" check and the assignment opens one per concurrent first call.
//! An `await asyncio.to_thread(get_connection)` already in the code is reported,
//! so such an offload does not hide the queries left on the loop.
//!
//! Not blocking, so not reported (decided on real applications, each written as
//! cases of our own): a plain `def` that returns an aiosqlite connection is no
//! sqlite3 factory, its callers hold an async connection (the project index
//! types a factory by what it returns, not by its name); a function whose
//! decorator sends its body to a worker thread (Textual's `@work(thread=True)`,
//! a project decorator handing the function to an executor or a thread) only
//! schedules work when called, and its body is a thread entry for SQF203/SQF303;
//! a function whose database I/O sits under `if <param> is not None:` for a
//! parameter defaulting to `None` does none when a call leaves the argument out
//! or passes `None` (semantic/optional_io.rs). Still reported: a coroutine run
//! by `asyncio.run` in a thread of its own, since nothing in the project says
//! the loop serves no other task (a library's constructor that runs it is not
//! visible from the project). Dropped in start-up code (check/scope.rs with
//! semantic/startup.rs): a server's lifespan or start hook, and what only they
//! call, block the loop before it serves anyone; a task the hook starts is not
//! start-up code. Start-up code also means discord.py's `on_ready` listener,
//! python-telegram-bot's `post_init` and aiogram's `dp.startup.register`, and
//! the code of a `main()` that starts the server or bot before the call that
//! does (`init_db()` then `app.run()`). Dropped too in a bot that serves one
//! person (check/scope.rs with semantic/single_owner.rs): every handler returns
//! at once unless the sender is one configured id (`if update.effective_user.id
//! != OWNER: return`, work under `if <sender> == OWNER:`, `filters.User(OWNER)`
//! also imported by name, `@commands.is_owner()`, an `@owner_only` decorator, a
//! group -1 pre-handler raising `ApplicationHandlerStop`, an aiogram
//! middleware), nothing else shares the loop (no web server, no thread or
//! process): a millisecond query delays only the owner's own next update. One handler without the gate, or a gate that only logs, keeps every
//! finding: strangers' updates then wait on the loop.
//!
//! Reported as MONITOR only (`per_call`): a call whose connection is its own (a
//! project function, or a unit of work finished before the coroutine's next
//! await) and whose work is bounded, in a program with no second party on the
//! database (semantic/second_party.rs, another program on the file, a worker
//! deployment, a connection holding a write across an await): it never meets a
//! held lock and costs about a millisecond (`bench/load/loop_stall.py`). Other
//! findings of that shape say why they rank higher: the second party, or the
//! unbounded work (semantic/bounded_io.rs). A call on a connection the
//! coroutines share (a global, a cursor of it, `self.conn`, one imported from
//! another module, a project function using one) ranks the same when that
//! connection is the program's only one to its file (semantic/sole_connection.rs:
//! one connect site, run once, in one process), nothing runs beside the loop
//! (no thread, executor, worker process or other program) and its work is
//! bounded: a connection never waits for itself, so no call meets a held lock
//! (`bench/load/loop_stall.py`, case e). Otherwise the finding names why it
//! stays: the second connection to the file, the party beside the loop, or the
//! work (per_call.rs `Parties::rank_shared`).
//!
//! Sync callbacks the loop runs itself (an asyncio protocol's `data_received`,
//! `loop.call_soon(fn)`, a task's done callback) block it like a coroutine and
//! are reported without a fix (`callbacks`). Who waits on the blocked loop is
//! named in each finding where the project shows it (a server, a bot, a
//! protocol's peers); in a one-user command-line program (`asyncio.run(main())`
//! with argparse, one connection, nothing beside it) SQF501 is not reported
//! (check/scope.rs with semantic/loop_users.rs).
//!
//! Not reported in a coroutine that runs only on a private loop: a sync
//! function (a view, a job) runs it with `asyncio.run(...)` or
//! `new_event_loop().run_until_complete(...)` for one call, to overlap a few
//! HTTP requests, and no other user's work is ever on that loop
//! (semantic/private_loops.rs: every use of the coroutine in its module is in
//! such a call or in another such coroutine, none is decorated, and the loop
//! starts no server).
//!
//! Root causes (`Finding::root`): a call of a method of a class that keeps its
//! connection (a DB wrapper) has the class as its root; a call of a module-level
//! helper that runs its queries on one module-level connection has that connection;
//! another helper call has the helper; a blocking call on a module-global
//! connection has that connection (also when another module imports it, or a
//! cursor made from it), on `self.conn` the class holding it. A
//! connection the coroutine opens itself, and work handed in as a callable, are
//! each their own root.

use ruff_python_ast::{Expr, Stmt};
use ruff_text_size::{Ranged, TextRange, TextSize};

use super::{Codemod, Context};
use crate::finding::{Finding, Root};
use crate::fix::{Applicability, Edit, Fix, codegen};
use crate::semantic::connections::{self, ConnKey, ConnSite, Driver, Holder};
use crate::semantic::injected;
use crate::semantic::model::{AssignKind, Call, Callee, Model, Receiver, Target};
use crate::semantic::project::{BLOCKING_METHODS, FunctionSummary};
use crate::semantic::scopes::FuncId;
use crate::semantic::visit;

mod callbacks;
mod host_session;
mod imported;
mod indirect;
pub(crate) mod on_loop;
mod orm_session;
mod peewee_queries;
mod per_call;

pub struct BlockingSqliteInAsync;

const WORK_FN: &str = "_db_work";

impl Codemod for BlockingSqliteInAsync {
    crate::codemod_meta!("SQF501-blocking-sqlite-in-async");

    /// Every finding but those [`monitor_if`] hands to SQF505.
    fn check(&self, ctx: &Context<'_, '_>, out: &mut Vec<Finding>) {
        let mut both = Vec::new();
        Self::check_both(ctx, &mut both);
        let quiet_id = on_loop::id();
        out.extend(both.into_iter().filter(|f| f.id != quiet_id));
    }
}

impl BlockingSqliteInAsync {
    /// The findings of SQF501 and of SQF505 together: SQF505's are the calls
    /// that would rank MONITOR here (a cost, not a lock hazard).
    pub(crate) fn check_both(ctx: &Context<'_, '_>, out: &mut Vec<Finding>) {
        BlockingSqliteInAsync.check_all(ctx, out);
    }

    fn check_all(&self, ctx: &Context<'_, '_>, out: &mut Vec<Finding>) {
        // Test suites use throwaway databases on purpose (semantic::paths).
        if ctx.in_test_module() {
            return;
        }
        let model = ctx.model;
        let sites = ctx.sites();
        let shared_keys = shared_connection_keys(model, sites);
        let orm_factories = crate::semantic::sync_orm::Factories::of(model);
        // Each coroutine's own sites, grouped once: a scan of every site per
        // coroutine is quadratic in the module's length.
        // Asked only when a call is per-call work (per_call.rs).
        let parties = per_call::Parties::new(ctx);
        let mut sites_in: Vec<Vec<usize>> = vec![Vec::new(); model.scopes.functions.len()];
        for (i, site) in sites.iter().enumerate() {
            if let Some(scope) = site.scope() {
                sites_in[scope].push(i);
            }
        }
        // Coroutines a sync function runs on a loop of its own for one call:
        // blocking it holds up no one else (semantic/private_loops.rs).
        let private = crate::semantic::private_loops::private_coroutines(model);
        // peewee models queried in coroutines, on a SQLite database (peewee_queries.rs).
        let peewee_models = if model.text.contains(".select(")
            || model.text.contains(".get(")
            || model.text.contains(".create(")
        {
            crate::semantic::peewee_models::models(model)
        } else {
            Vec::new()
        };
        let peewee_sqlite = std::cell::OnceCell::new();
        for (id, function) in model.scopes.functions.iter().enumerate() {
            if !function.is_async() || private.contains(&id) {
                continue;
            }
            let mut covered: Vec<TextRange> = mode_branches(model, id);
            // 1. Units of work around connections this coroutine opens.
            for site in sites_in[id]
                .iter()
                .map(|&i| &sites[i])
                .filter(|s| s.driver != Driver::Aiosqlite)
            {
                if site.call.is_awaited()
                    || covered.iter().any(|r| r.contains_range(site.call.range()))
                {
                    continue;
                }
                // A connection opened and finished before the next await, its
                // work bounded, in a program with nothing else on the file.
                let per_call = per_call::unit(ctx, id, site);
                let mut quiet = false;
                let kept = match &per_call {
                    Err(None) => None,
                    Ok(_) | Err(Some(_)) => {
                        let party = parties.all();
                        quiet = per_call.is_ok() && *party == per_call::Party::Nobody;
                        if quiet {
                            Some(per_call::ALONE.to_string())
                        } else {
                            let why = per_call.err().flatten().map(|u| u.describe());
                            per_call::kept_because(party, why)
                        }
                    }
                };
                let finding = unit_of_work(self, ctx, id, site, &mut covered)
                    .map(|f| monitor_if(with_reason(f, kept), quiet));
                out.extend(finding);
            }
            // Sync SQLAlchemy sessions the coroutine is handed (`orm_session`).
            out.extend(orm_session::findings(
                self,
                ctx,
                id,
                &orm_factories,
                &mut covered,
            ));
            // A sync session a host application hands the plugin (`host_session`).
            out.extend(host_session::findings(self, ctx, id, &mut covered));
            // peewee model queries (`peewee_queries`).
            if *peewee_sqlite.get_or_init(|| peewee_queries::on_sqlite(ctx)) {
                if let Some(finding) =
                    peewee_queries::finding(self, ctx, id, &peewee_models, &parties)
                {
                    covered.push(finding.range);
                    out.push(finding);
                }
            }
            // 2 and 3. Other blocking calls, not inside a unit already reported.
            for call in model.calls_in(Some(id)) {
                if call.in_lambda || covered.iter().any(|r| r.contains_range(call.range())) {
                    continue;
                }
                if is_offloaded_reference(call) {
                    // Offloading only the connect must not hide the queries after it.
                    out.extend(connect_only_offload(self, ctx, id, call));
                    continue;
                }
                if call.is_awaited() {
                    continue;
                }
                let mut quiet = false;
                let mut shared = None;
                let kept = match per_call::helper(ctx, id, call) {
                    per_call::Helper::Other => None,
                    per_call::Helper::Shared { unbounded } => {
                        shared = Some(unbounded.then_some(per_call::UNBOUNDED_HELPER));
                        None
                    }
                    per_call::Helper::PerCall => {
                        let party = parties.all();
                        quiet = *party == per_call::Party::Nobody;
                        if quiet {
                            Some(per_call::ALONE.to_string())
                        } else {
                            per_call::kept_because(party, None)
                        }
                    }
                    per_call::Helper::Unbounded => {
                        per_call::kept_because(parties.all(), Some(per_call::UNBOUNDED_HELPER))
                    }
                };
                if let Some(finding) = helper_call(self, ctx, id, call) {
                    covered.push(call.range());
                    out.push(match shared {
                        // A helper on a shared connection: ranked by whether it
                        // is the program's only one to its file.
                        Some(unbounded) => parties.rank_shared(
                            finding,
                            per_call::helper_identity(ctx, call).as_deref(),
                            unbounded,
                        ),
                        None => monitor_if(with_reason(finding, kept), quiet),
                    });
                } else if let Some(finding) = shared_connection_call(
                    self,
                    ctx,
                    id,
                    call,
                    &shared_keys,
                    &parties,
                    &mut covered,
                ) {
                    covered.push(call.range());
                    out.push(finding);
                } else if let Some(finding) =
                    imported::finding(self, ctx, id, call, &parties, &mut covered)
                {
                    covered.push(call.range());
                    out.push(finding);
                }
            }
            // 4. Work handed in as a callable, or waited for on the loop.
            out.extend(indirect::findings(self, ctx, id, &shared_keys, &covered));
        }
        // 5. Sync callbacks the loop runs itself (`data_received`, `call_soon`).
        out.extend(callbacks::findings(self, ctx));
    }
}

/// A call in a program with nothing else on the file (its own per-call
/// connection, or the program's only connection to its file) never meets a
/// held lock and stalls the loop about a millisecond (`bench/load/loop_stall.py`):
/// no lock hazard by docs/sqlite-facts.md#F-busy-needs-two, so it becomes a
/// finding of SQF505, MONITOR, which a team can ignore apart from SQF501.
fn monitor_if(mut finding: Finding, quiet: bool) -> Finding {
    if quiet {
        finding.id = on_loop::id();
        finding.with_severity(crate::finding::Severity::Monitor)
    } else {
        finding
    }
}

/// The finding with why it is kept (per_call.rs) added to its message.
fn with_reason(mut finding: Finding, kept: Option<String>) -> Finding {
    if let Some(why) = kept {
        finding.message = format!("{}; {why}", finding.message);
    }
    finding
}

/// `if self.executor is None: <run fn on the loop>; return ...` followed by the
/// code that runs it on a thread: a coroutine with two execution modes, one of
/// them on the event loop by configuration (datasette's non-threaded mode on the
/// corpus). The blocking calls in such a branch are the user's choice. A branch
/// counts when its body ends in `return` and the rest of the coroutine offloads
/// (`run_in_executor`, `asyncio.to_thread`, `threading.Thread`).
fn mode_branches(model: &Model<'_>, id: FuncId) -> Vec<TextRange> {
    let body = &model.scopes.function(id).def.body;
    let mut branches = Vec::new();
    for stmt in body {
        if let Stmt::If(if_stmt) = stmt {
            if matches!(if_stmt.body.last(), Some(Stmt::Return(_))) {
                let (Some(first), Some(last)) = (if_stmt.body.first(), if_stmt.body.last()) else {
                    continue;
                };
                branches.push(TextRange::new(first.start(), last.end()));
            }
        }
    }
    if branches.is_empty() {
        return branches;
    }
    let offloads_elsewhere = model.calls.iter().any(|c| {
        model.scopes.chain(c.scope).contains(&Some(id))
            && !branches.iter().any(|r| r.contains_range(c.range()))
            && (is_offloaded_reference(c) || c.qualified() == Some("threading.Thread"))
    });
    if offloads_elsewhere {
        branches
    } else {
        Vec::new()
    }
}

/// `asyncio.to_thread(f, ...)` and friends: `f` is not called here.
fn is_offloaded_reference(call: &Call<'_>) -> bool {
    matches!(
        call.qualified(),
        Some(
            "asyncio.to_thread"
                | "starlette.concurrency.run_in_threadpool"
                | "fastapi.concurrency.run_in_threadpool"
                | "anyio.to_thread.run_sync"
        )
    ) || call.method_name() == Some("run_in_executor")
}

/// `conn = await asyncio.to_thread(get_connection)`: only the connect runs in a
/// thread; the queries on what it returns run on the loop, on a connection that
/// another thread owns.
fn connect_only_offload(
    codemod: &BlockingSqliteInAsync,
    ctx: &Context<'_, '_>,
    scope: FuncId,
    call: &Call<'_>,
) -> Option<Finding> {
    let model = ctx.model;
    let target = call.expr.arguments.args.first()?;
    let opens = model.resolve(target, Some(scope)).as_deref() == Some("sqlite3.connect") || {
        let name = model.slice(target.range());
        let last = name.rsplit('.').next().unwrap_or(name);
        ctx.project.index.factory_names.contains(last)
    };
    if !opens {
        return None;
    }
    // Every later use goes through the pool too: nothing blocks the loop (the
    // thread crossing is SQF203's).
    if crate::semantic::offloaded_open::later_uses(model, scope, call)
        .is_some_and(|u| u.on_loop.is_empty() && !u.on_threads.is_empty())
    {
        return None;
    }
    let function = model.scopes.function(scope);
    let message = format!(
        "`{}` runs only the connect in a worker thread: the queries on the connection it returns still block the event loop in `async def {}`",
        model.slice(call.range()),
        function.name()
    );
    Some(Finding::new(codemod.meta(), call.range(), message).with_note(
        "the connection also belongs to the worker thread that opened it: used on the loop it raises ProgrammingError with the default check_same_thread (docs/sqlite-facts.md#F-same-thread). Move the connection's whole use (open, queries, close) into one function and run that with `asyncio.to_thread`",
    ))
}

/// Connections held outside any one function: module globals and `self` attributes,
/// with whether they were opened with `check_same_thread=False`. A connection the
/// constructor is handed (`__init__(self, conn: sqlite3.Connection)`) counts when
/// the class keeps it on `self`; how it was opened is known only from a
/// constructor call in the module that opens it.
fn shared_connection_keys(model: &Model<'_>, sites: &[ConnSite<'_, '_>]) -> Vec<(ConnKey, bool)> {
    let injected = injected::connections(model).into_iter().map(|i| {
        (
            ConnKey::SelfAttr {
                class: i.class,
                attr: i.attr,
            },
            i.any_thread.unwrap_or(false),
        )
    });
    sites
        .iter()
        .filter(|s| s.driver != Driver::Aiosqlite)
        .filter(|s| matches!(s.holder, Holder::Global(_) | Holder::SelfAttr(_)))
        .filter_map(|s| {
            let any_thread = s
                .call
                .keyword("check_same_thread")
                .is_some_and(|v| matches!(v, Expr::BooleanLiteral(b) if !b.value));
            connections::key_of(model, s).map(|k| (k, any_thread))
        })
        .chain(injected)
        .collect()
}

fn asyncio_to_thread(model: &Model<'_>) -> (String, Option<Edit>) {
    if let Some(alias) = model.imports.member_alias("asyncio", "to_thread") {
        return (alias.to_string(), None);
    }
    codegen::member(model, "asyncio", "to_thread")
}

/// A connection opened in the coroutine: move it and its uses into a thread.
fn unit_of_work<'a>(
    codemod: &BlockingSqliteInAsync,
    ctx: &Context<'_, 'a>,
    scope: FuncId,
    site: &ConnSite<'_, 'a>,
    covered: &mut Vec<TextRange>,
) -> Option<Finding> {
    let model = ctx.model;
    let function = model.scopes.function(scope);
    let what = match &site.driver {
        Driver::Factory(name) => format!("`{name}()`"),
        Driver::Wrapper(label) => format!("the {label} object"),
        _ => "`sqlite3.connect()`".to_string(),
    };
    let message = format!(
        "Blocking sqlite3 work in `async def {}`: {what} and the queries on it run on the event loop",
        function.name()
    );
    let finding = Finding::new(codemod.meta(), site.call.range(), message);
    if !matches!(site.holder, Holder::Local(_) | Holder::WithItem { .. }) {
        // Opened in a worker thread, a connection the coroutine keeps (on `self`,
        // in a global, returned) would belong to that thread while the loop uses it.
        covered.push(site.stmt().range());
        return Some(finding.with_note(
            "the connection outlives this block (stored or returned): opened in a worker thread it would belong to that thread, and the loop's queries on it raise ProgrammingError with the default check_same_thread (docs/sqlite-facts.md#F-same-thread); an await before the assignment would also let concurrent first calls each open one. Run the queries in a thread where the connection is used, or switch to aiosqlite",
        ));
    }
    let unit = match unit_statements(ctx, scope, site) {
        Ok(unit) => unit,
        Err(why) => {
            covered.push(site.stmt().range());
            return Some(finding.with_note(why));
        }
    };
    let (first, last) = (unit.first()?, unit.last()?);
    covered.push(TextRange::new(first.start(), last.end()));
    let unit_range = TextRange::new(first.start(), last.end());
    if let Some(lock) = unit_lock(ctx, scope, unit_range) {
        let (lock, lock_edits) = lock;
        return Some(match extract(ctx, scope, unit, Some(&lock)) {
            Ok(mut edits) => {
                edits.extend(lock_edits);
                finding
                    .with_fix(Fix::unsafe_(
                        format!("Move the unit of work (connect .. last use) into a function that holds `{lock}`, run by `asyncio.to_thread`"),
                        edits,
                    ))
                    .with_note(format!(
                        "the unit writes: on worker threads, concurrent requests' writes would meet in SQLite's polling busy handler (SQF303), so the moved function holds the process's write lock `{lock}` (re-entrant) from its first statement to its last, and writers take turns"
                    ))
            }
            Err(why) => finding.with_note(why),
        });
    }
    match extract(ctx, scope, unit, None) {
        Ok(edits) => Some(finding.with_fix(Fix::safe(
            "Move the unit of work (connect .. last use) into a function run by `asyncio.to_thread`",
            edits,
        ))),
        Err(why) => Some(finding.with_note(why)),
    }
}

/// The write lock a unit moved onto worker threads must hold (its name here and
/// the edits that make it exist), when it writes data: there SQF303 would
/// serialize it next, so the offload is complete only with the lock. `None` when
/// it only reads, already runs under a lock, or would hold the lock through slow
/// work (SQF303 refuses that too, and says why on its own finding).
fn unit_lock(ctx: &Context<'_, '_>, scope: FuncId, unit: TextRange) -> Option<(String, Vec<Edit>)> {
    use super::sqf303_unserialized_writers as sqf303;
    let model = ctx.model;
    if !sqf303::writes_data_in(ctx, scope, unit)
        || crate::semantic::threads::locked_at(model, scope, unit)
    {
        return None;
    }
    let body = &model.scopes.function(scope).def.body;
    if crate::semantic::slow::lock_hostile_call(model, Some(scope), unit, body, |_| false).is_some()
    {
        return None;
    }
    Some(sqf303::lock_ref(ctx))
}

/// The statements from the one that opens the connection to the last that uses
/// it, in the same block.
fn unit_statements<'a>(
    ctx: &Context<'_, 'a>,
    scope: FuncId,
    site: &ConnSite<'_, 'a>,
) -> Result<&'a [Stmt], String> {
    let model = ctx.model;
    let stmt_range = site.stmt().range();
    let function = model.scopes.function(scope);
    let (suite, index) =
        codegen::enclosing_suite(&function.def.body, stmt_range).ok_or_else(|| {
            "the connection is opened inside an expression the fix cannot move".to_string()
        })?;
    let key = connections::key_of(model, site);
    let aliases = key
        .as_ref()
        .map(|k| connections::aliases(model, k))
        .unwrap_or_default();
    let names: Vec<&str> = aliases
        .iter()
        .filter(|(s, _)| *s == Some(scope))
        .map(|(_, n)| n.as_str())
        .collect();
    let loads = visit::names_loaded(&function.def.body);
    let uses: Vec<TextRange> = loads
        .iter()
        .filter(|(n, _)| names.contains(&n.as_str()))
        .map(|(_, r)| *r)
        .collect();
    let mut end = index;
    for (i, stmt) in suite.iter().enumerate().skip(index) {
        if uses.iter().any(|u| stmt.range().contains_range(*u)) {
            end = i;
        }
    }
    let unit = &suite[index..=end];
    let unit_range = TextRange::new(unit[0].start(), unit[unit.len() - 1].end());
    if uses.iter().any(|u| !unit_range.contains_range(*u)) {
        return Err("the connection is used outside the block that opens it; move its whole lifetime into one function and run that with `asyncio.to_thread`".to_string());
    }
    Ok(unit)
}

/// Builds the nested function and its `await asyncio.to_thread(...)` call; with
/// `lock`, the function runs the statements inside `with <lock>:`.
fn extract(
    ctx: &Context<'_, '_>,
    scope: FuncId,
    unit: &[Stmt],
    lock: Option<&str>,
) -> Result<Vec<Edit>, String> {
    let model = ctx.model;
    let text = model.text;
    let function = model.scopes.function(scope);
    if visit::contains_await(unit) {
        return Err("the block also awaits; split the database work out of it by hand".to_string());
    }
    if visit::contains_yield(unit) {
        return Err("the block yields; it cannot move into a thread as one piece".to_string());
    }
    if visit::any_stmt(unit, |s| matches!(s, Stmt::Return(_))) {
        return Err("the block returns from the coroutine; move it by hand so the return stays outside the thread".to_string());
    }
    if visit::any_stmt(unit, |s| {
        matches!(s, Stmt::Global(_) | Stmt::Nonlocal(_) | Stmt::Delete(_))
    }) {
        return Err("the block declares or deletes names; move it by hand".to_string());
    }
    if visit::breaks_out(unit, false) {
        return Err("the block breaks out of or continues a loop around it".to_string());
    }
    let unit_range = TextRange::new(unit[0].start(), unit[unit.len() - 1].end());
    for stmt in unit {
        if !codegen::owns_lines(text, stmt) {
            return Err(
                "the block shares lines with other statements; move it by hand".to_string(),
            );
        }
    }
    // Which names cross the boundary.
    let body = &function.def.body;
    let stored_in_unit: Vec<String> = dedup(
        visit::names_stored(unit)
            .into_iter()
            .map(|(n, _)| n)
            .collect(),
    );
    let stored_elsewhere: Vec<String> = visit::names_stored(body)
        .into_iter()
        .filter(|(_, r)| !unit_range.contains_range(*r))
        .map(|(n, _)| n)
        .chain(function.def.parameters.iter().map(|p| p.name().to_string()))
        .collect();
    let read_after: Vec<String> = visit::names_loaded(body)
        .into_iter()
        .filter(|(_, r)| r.start() > unit_range.end())
        .map(|(n, _)| n)
        .collect();
    let mut nonlocals = Vec::new();
    let mut returned = Vec::new();
    for name in &stored_in_unit {
        if stored_elsewhere.contains(name) {
            nonlocals.push(name.clone());
        } else if read_after.contains(name) {
            returned.push(name.clone());
        }
    }
    let work = unique_name(model, scope);
    let (to_thread, import) = asyncio_to_thread(model);
    let indent = codegen::indentation_at(text, unit[0].start()).to_string();
    let unit_indent = model.stylist.indent.clone();
    let nl = model.stylist.newline.as_str();
    let lines = codegen::statement_lines(text, &unit[0], &unit[unit.len() - 1]);
    let mut code = format!("{indent}def {work}():{nl}");
    if !nonlocals.is_empty() {
        code.push_str(&format!(
            "{indent}{unit_indent}nonlocal {}{nl}",
            nonlocals.join(", ")
        ));
    }
    let joined = lock.and_then(|lock| lock_joined(model, unit, lines, &indent, &unit_indent, lock));
    match lock {
        Some(_) if joined.is_some() => code.push_str(joined.as_deref().unwrap_or_default()),
        Some(lock) => {
            code.push_str(&format!("{indent}{unit_indent}with {lock}:{nl}"));
            code.push_str(&codegen::indent_lines(
                model,
                lines,
                &format!("{unit_indent}{unit_indent}"),
            ));
        }
        None => code.push_str(&codegen::indent_lines(model, lines, &unit_indent)),
    }
    if !code.ends_with('\n') && !code.ends_with('\r') {
        code.push_str(nl);
    }
    match returned.as_slice() {
        [] => code.push_str(&format!("{indent}await {to_thread}({work}){nl}")),
        [one] => {
            code.push_str(&format!("{indent}{unit_indent}return {one}{nl}"));
            code.push_str(&format!("{indent}{one} = await {to_thread}({work}){nl}"));
        }
        many => {
            let names = many.join(", ");
            code.push_str(&format!("{indent}{unit_indent}return {names}{nl}"));
            code.push_str(&format!("{indent}{names} = await {to_thread}({work}){nl}"));
        }
    }
    let mut edits = vec![Edit::replace(lines, code)];
    edits.extend(import);
    Ok(edits)
}

/// A unit that is one `with` statement, re-indented into the nested function with
/// `lock` as its first item (`with _WRITE_LOCK, sqlite3.connect(...) as conn:`):
/// held from the start, without a second `with` around it (ruff's SIM117).
/// `None` when the unit is something else, or the joined header would pass the
/// line length.
fn lock_joined(
    model: &Model<'_>,
    unit: &[Stmt],
    lines: TextRange,
    indent: &str,
    unit_indent: &str,
    lock: &str,
) -> Option<String> {
    let [Stmt::With(with)] = unit else {
        return None;
    };
    let first = with.items.first()?;
    let text = model.text;
    let head = &text[TextRange::new(with.start(), first.start())];
    let header_end = usize::from(first.start()) + text[usize::from(first.start())..].find('\n')?;
    let header = &text[usize::from(first.start())..header_end];
    let width = indent.len()
        + unit_indent.len()
        + head.len()
        + lock.len()
        + 2
        + header.trim_end().chars().count();
    if with.is_async || head.contains('\n') || width > model.stylist.line_length {
        return None;
    }
    let before_item = usize::from(first.start()) - usize::from(lines.start());
    // The first line holds the `with` and so is never blank: it gets the prefix.
    let mut code = codegen::indent_lines(model, lines, unit_indent);
    let at = unit_indent.len() + before_item;
    code.insert_str(at, &format!("{lock}, "));
    Some(code)
}

/// The statements of the innermost block whose run from the first use to the last
/// holds every one of `uses`.
fn block_of<'a>(body: &'a [Stmt], uses: &[TextRange]) -> Option<&'a [Stmt]> {
    let first = *uses.iter().min_by_key(|r| r.start())?;
    // The statements around the first use, innermost last (an expression
    // statement's range is its call's, which `ancestors` leaves out).
    let mut chain = Vec::new();
    let mut suite = body;
    while let Some(stmt) = suite.iter().find(|s| s.range().contains_range(first)) {
        chain.push(stmt);
        match visit::child_suites(stmt)
            .into_iter()
            .find(|b| b.iter().any(|s| s.range().contains_range(first)))
        {
            Some(inner) => suite = inner,
            None => break,
        }
    }
    for stmt in chain.iter().rev() {
        let Some((suite, index)) = codegen::enclosing_suite(body, stmt.range()) else {
            continue;
        };
        let mut end = index;
        for (i, s) in suite.iter().enumerate().skip(index) {
            if uses.iter().any(|u| s.range().contains_range(*u)) {
                end = i;
            }
        }
        let unit = &suite[index..=end];
        let range = TextRange::new(unit[0].start(), unit[unit.len() - 1].end());
        if uses.iter().all(|u| range.contains_range(*u)) {
            return Some(unit);
        }
    }
    None
}

fn dedup(mut names: Vec<String>) -> Vec<String> {
    let mut seen = Vec::new();
    names.retain(|n| {
        if seen.contains(n) {
            false
        } else {
            seen.push(n.clone());
            true
        }
    });
    names
}

/// `_db_work`, or `_db_work_2` when the coroutine already binds that name.
fn unique_name(model: &Model<'_>, scope: FuncId) -> String {
    let body = &model.scopes.function(scope).def.body;
    let taken: Vec<String> = visit::names_stored(body)
        .into_iter()
        .map(|(n, _)| n)
        .collect();
    if !taken.iter().any(|n| n == WORK_FN) {
        return WORK_FN.to_string();
    }
    (2..)
        .map(|i| format!("{WORK_FN}_{i}"))
        .find(|n| !taken.contains(n))
        .unwrap_or_else(|| WORK_FN.to_string())
}

/// A call to a sync function of the project that does blocking database I/O.
fn helper_call(
    codemod: &BlockingSqliteInAsync,
    ctx: &Context<'_, '_>,
    scope: FuncId,
    call: &Call<'_>,
) -> Option<Finding> {
    let finding = helper_call_finding(codemod, ctx, scope, call)?;
    // The helper's queries go through a library object that opens SQLite by
    // itself: say what showed it, and how sure that is.
    let Some((_, summary)) = ctx.project.function(ctx.model, call) else {
        return Some(finding);
    };
    let Some(store) = &summary.store_io else {
        return Some(finding);
    };
    let said = match &finding.note {
        Some(note) => format!("{}; {note}", store.why),
        None => store.why.clone(),
    };
    let finding = finding.with_note(said);
    Some(if store.sure {
        finding
    } else {
        finding.with_confidence(crate::finding::Confidence::Medium)
    })
}

fn helper_call_finding(
    codemod: &BlockingSqliteInAsync,
    ctx: &Context<'_, '_>,
    scope: FuncId,
    call: &Call<'_>,
) -> Option<Finding> {
    let model = ctx.model;
    let reach = ctx.project.reach_of(model, call)?;
    if !reach.blocking {
        return None;
    }
    let (module, summary) = ctx.project.function(model, call)?;
    let function = model.scopes.function(scope);
    let callee = model.slice(call.expr.func.range());
    let what = if reach.orm {
        "blocking database I/O (queries on a sync SQLAlchemy session)"
    } else {
        "blocking sqlite3 I/O"
    };
    let message = format!(
        "`{callee}()` does {what} and is called on the event loop in `async def {}`",
        function.name()
    );
    let mut finding = Finding::new(codemod.meta(), call.range(), message)
        .with_root(helper_root(ctx, module, summary));
    if reach.orm {
        finding = orm_session::with_certainty(ctx, finding);
        if orm_session::thread_bound(ctx) {
            return Some(finding.with_note(orm_session::THREAD_BOUND_NOTE));
        }
    }
    let passes_connection = passes_connection(ctx, scope, call);
    if summary.factory.is_some() {
        // Offloading only the connect: the queries on the connection it returns
        // stay on the loop, and a connection created in a worker thread (default
        // check_same_thread=True) raises ProgrammingError when the loop uses it;
        // an await before an "is it open yet?" assignment also lets concurrent
        // first calls each open one.
        return Some(finding.with_note(format!(
            "`{callee}()` returns a connection: running only it in a thread leaves the queries on the event loop and hands the loop a connection another thread created (ProgrammingError with the default check_same_thread, docs/sqlite-facts.md#F-same-thread). Move the connection's whole use (open, queries, close) into one function and run that with `asyncio.to_thread`"
        )));
    }
    let applicability = if passes_connection {
        return Some(finding.with_note(
            "it is handed a connection opened on the event loop's thread; in a worker thread that connection raises ProgrammingError (docs/sqlite-facts.md#F-same-thread). Open the connection inside the helper, then offload the call",
        ));
    } else if reach.shared || reach.orm {
        Applicability::Unsafe
    } else {
        Applicability::Safe
    };
    if in_generator_or_lambda(model, call) {
        return Some(finding.with_note(
            "the call sits in a generator expression, where `await` would change its meaning",
        ));
    }
    if let Some(name) = entered_receiver(model, scope, call) {
        // The object's `__enter__` ran on the loop's thread (a unit of work
        // connecting there): one method offloaded alone would use that
        // connection from another thread.
        return Some(finding.with_note(format!(
            "`{name}` is entered by a `with` on the event loop's thread, where its `__enter__` may open the connection; offloading this call alone would use it from a worker thread (docs/sqlite-facts.md#F-same-thread). Move the whole `with` block into a function and run that with `asyncio.to_thread`"
        )));
    }
    if let Some(helper) = offload_helper(model, scope, call) {
        // The coroutine's other steps on the same object already go through
        // the project's own offload helper (its DB thread, its lock): this
        // one call left bare is the gap, and the helper is where it belongs.
        let edits = vec![Edit::replace(
            call.range(),
            helper_replacement(model, call, callee, &helper),
        )];
        let title = format!(
            "Run it through `{helper}` like the other steps of `{}`: `await {helper}({callee}, ...)`",
            function.name()
        );
        return Some(
            finding
                .with_fix(Fix::new(title, applicability, edits))
                .with_note(format!(
                    "every other call on `{}` in `{}` is awaited through `{helper}`; this one runs on the event loop and outside whatever that helper serializes",
                    receiver_text(model, call).unwrap_or_default(),
                    function.name()
                )),
        );
    }
    let edits = to_thread_edits(model, call, callee);
    let title = format!("Run it in a worker thread: `await asyncio.to_thread({callee}, ...)`");
    let mut finding = finding.with_fix(Fix::new(title, applicability, edits));
    if reach.orm && !reach.shared {
        finding = finding.with_note(orm_session::HELPER_THREAD_NOTE);
    } else if applicability == Applicability::Unsafe {
        finding = finding.with_note(format!(
            "`{}` uses a connection it does not open itself; offloaded, that connection is used from a worker thread, which is only allowed with check_same_thread=False and then needs a lock (SQF203)",
            summary.qualname
        ));
    }
    Some(finding)
}

/// `uow.fetch()` inside `with make_uow() as uow:` of the coroutine: the name of
/// the entered object the call is a method of.
fn entered_receiver<'c>(model: &Model<'_>, scope: FuncId, call: &'c Call<'_>) -> Option<&'c str> {
    let Callee::Method {
        receiver: Receiver::Name(name),
        ..
    } = &call.callee
    else {
        return None;
    };
    model
        .assignments_in(Some(scope))
        .any(|a| {
            a.kind == AssignKind::WithItem
                && matches!(&a.target, Target::Name(t) if t == name)
                && a.stmt.range().contains_range(call.range())
        })
        .then_some(name.as_str())
}

/// What a blocking helper call goes through: the wrapper class whose method it
/// is, the shared connection of the helper's module, or the helper itself.
fn helper_root(ctx: &Context<'_, '_>, module: Option<usize>, summary: &FunctionSummary) -> Root {
    let path = match module {
        Some(m) => ctx.project.index.modules[m].path.as_path(),
        None => ctx.model.path,
    };
    let shown = crate::diff::display_path(path);
    let qualname = &summary.qualname;
    let class = match module {
        Some(m) => ctx.project.index.modules[m]
            .classes
            .iter()
            .map(|c| c.qualname.as_str())
            .filter(|c| qualname.starts_with(&format!("{c}.")))
            .max_by_key(|c| c.len())
            .map(str::to_string),
        None => ctx
            .model
            .scopes
            .classes
            .iter()
            .map(|c| c.qualname.as_str())
            .filter(|c| qualname.starts_with(&format!("{c}.")))
            .max_by_key(|c| c.len())
            .map(str::to_string),
    };
    if let Some(class) = class {
        return Root::new(
            format!("class:{shown}:{class}"),
            format!(
                "the database wrapper class `{class}` of {shown}: its methods block the event loop"
            ),
        )
        .at(
            path,
            class_line(ctx, module, &class).unwrap_or(summary.line),
        );
    }
    if let [(global, line)] = summary.shared_globals.as_slice() {
        return Root::new(
            format!("global:{shown}:{global}"),
            format!(
                "the module-level connection `{global}` of {shown}, used by its blocking helpers"
            ),
        )
        .at(path, *line);
    }
    Root::new(
        format!("helper:{shown}:{qualname}"),
        format!("the blocking helper `{qualname}` of {shown}"),
    )
    .at(path, summary.line)
}

fn class_line(ctx: &Context<'_, '_>, module: Option<usize>, class: &str) -> Option<usize> {
    match module {
        // The index keeps no class lines: its first method's stands for it.
        Some(m) => ctx.project.index.modules[m]
            .functions
            .iter()
            .filter(|f| f.qualname.starts_with(&format!("{class}.")))
            .map(|f| f.line)
            .min(),
        None => ctx
            .model
            .scopes
            .classes
            .iter()
            .find(|c| c.qualname == class)
            .map(|c| ctx.model.line_column(c.def.range().start()).0),
    }
}

/// The connection a blocking call on a shared connection goes through.
fn connection_root(model: &Model<'_>, key: &ConnKey, sites: &[ConnSite<'_, '_>]) -> Option<Root> {
    let shown = crate::diff::display_path(model.path);
    let at = sites
        .iter()
        .find(|s| connections::key_of(model, s).as_ref() == Some(key))
        .map(|s| model.line_column(s.call.range().start()).0);
    let root = match key {
        // The same root as the module's helpers that use it (`helper_root`).
        ConnKey::Global { name } => Root::new(
            format!("global:{shown}:{name}"),
            format!("the module-level connection `{name}` of {shown}"),
        ),
        ConnKey::SelfAttr { class, attr } => {
            let class = &model.scopes.classes.get(*class)?.qualname;
            Root::new(
                format!("class:{shown}:{class}"),
                format!("the database wrapper class `{class}` of {shown} (its `self.{attr}`)"),
            )
        }
        ConnKey::Local { .. } => return None,
    };
    Some(match at {
        Some(line) => root.at(model.path, line),
        None => root,
    })
}

/// The edits that turn `call` into `await asyncio.to_thread(callee, <its arguments>)`,
/// with the `asyncio` import when the module lacks it.
fn to_thread_edits(model: &Model<'_>, call: &Call<'_>, callee: &str) -> Vec<Edit> {
    let (to_thread, import) = asyncio_to_thread(model);
    let args = &call.expr.arguments;
    let inner = model.slice(TextRange::new(
        args.start() + TextSize::new(1),
        args.end() - TextSize::new(1),
    ));
    let mut replacement = if inner.trim().is_empty() {
        format!("await {to_thread}({callee})")
    } else {
        format!("await {to_thread}({callee}, {})", inner.trim_start())
    };
    if needs_parens(call) {
        replacement = format!("({replacement})");
    }
    let mut edits = vec![Edit::replace(call.range(), replacement)];
    edits.extend(import);
    edits
}

/// The text of a method call's receiver, `self.db.sql` of `self.db.sql.delete(...)`.
fn receiver_text<'a>(model: &Model<'a>, call: &Call<'_>) -> Option<&'a str> {
    match &*call.expr.func {
        Expr::Attribute(a) => Some(model.slice(a.value.range())),
        _ => None,
    }
}

/// The project's offload helper the coroutine `scope` already awaits with
/// another method of the call's receiver (`await self.db.run(self.db.sql.insert,
/// ...)` beside a bare `self.db.sql.delete_many(...)`): the helper's text. Only
/// for a call on an attribute chain (a wrapper object reached through
/// attributes), with positional arguments alone (a helper's `*args` need not
/// forward keywords), and a helper handed the method as its first argument.
fn offload_helper(model: &Model<'_>, scope: FuncId, call: &Call<'_>) -> Option<String> {
    let receiver = receiver_text(model, call)?;
    let Expr::Attribute(own) = &*call.expr.func else {
        return None;
    };
    if !matches!(&*own.value, Expr::Attribute(_))
        || !call.expr.arguments.keywords.is_empty()
        || call.has_star_args()
    {
        return None;
    }
    model.calls_in(Some(scope)).find_map(|other| {
        if !other.is_awaited() || std::ptr::eq(other.expr, call.expr) {
            return None;
        }
        let Some(Expr::Attribute(first)) = other.expr.arguments.args.first() else {
            return None;
        };
        (model.slice(first.value.range()) == receiver)
            .then(|| model.slice(other.expr.func.range()).to_string())
    })
}

/// `await <helper>(<callee>, <args>)` for the bare call.
fn helper_replacement(model: &Model<'_>, call: &Call<'_>, callee: &str, helper: &str) -> String {
    let args = &call.expr.arguments;
    let inner = model.slice(TextRange::new(
        args.start() + TextSize::new(1),
        args.end() - TextSize::new(1),
    ));
    let replacement = if inner.trim().is_empty() {
        format!("await {helper}({callee})")
    } else {
        format!("await {helper}({callee}, {})", inner.trim_start())
    };
    if needs_parens(call) {
        format!("({replacement})")
    } else {
        replacement
    }
}

fn needs_parens(call: &Call<'_>) -> bool {
    match call.parent {
        Some(Expr::Attribute(a)) => a.value.range() == call.range(),
        Some(Expr::Subscript(s)) => s.value.range() == call.range(),
        Some(Expr::Call(c)) => c.func.range() == call.range(),
        _ => false,
    }
}

fn in_generator_or_lambda(model: &Model<'_>, call: &Call<'_>) -> bool {
    if call.in_lambda {
        return true;
    }
    let stmt = call.stmt;
    let mut found = false;
    visit::any_expr(std::slice::from_ref(stmt), |e| {
        if let Expr::Generator(g) = e {
            if g.range().contains_range(call.range()) {
                found = true;
            }
        }
        found
    });
    let _ = model;
    found
}

/// Whether `call` is handed a sqlite3 connection or cursor among its arguments.
fn passes_connection(ctx: &Context<'_, '_>, scope: FuncId, call: &Call<'_>) -> bool {
    call.expr
        .arguments
        .args
        .iter()
        .chain(call.expr.arguments.keywords.iter().map(|k| &k.value))
        .any(|arg| is_connection_expr(ctx, scope, arg))
}

/// Whether an argument is a sqlite3 connection or cursor (a variable holding one).
fn is_connection_expr(ctx: &Context<'_, '_>, scope: FuncId, expr: &Expr) -> bool {
    let Expr::Name(name) = expr else {
        return false;
    };
    let model = ctx.model;
    let sites = ctx.sites();
    sites.iter().any(|s| {
        connections::key_of(model, s).is_some_and(|key| {
            connections::aliases(model, &key).iter().any(|(sc, n)| {
                (*sc == Some(scope) || sc.is_none()) && n.as_str() == name.id.as_str()
            })
        })
    }) || {
        // A parameter named like a connection, handed on.
        let f = model.scopes.function(scope);
        f.has_parameter(name.id.as_str())
            && matches!(
                name.id.as_str(),
                "conn" | "connection" | "db" | "con" | "cursor" | "cur"
            )
    }
}

/// A blocking call on a connection the coroutine did not open.
fn shared_connection_call(
    codemod: &BlockingSqliteInAsync,
    ctx: &Context<'_, '_>,
    scope: FuncId,
    call: &Call<'_>,
    shared: &[(ConnKey, bool)],
    parties: &per_call::Parties<'_, '_, '_>,
    covered: &mut Vec<TextRange>,
) -> Option<Finding> {
    let model = ctx.model;
    let Callee::Method { name, .. } = &call.callee else {
        return None;
    };
    if !BLOCKING_METHODS.contains(&name.as_str()) {
        return None;
    }
    let Expr::Attribute(attr) = &*call.expr.func else {
        return None;
    };
    let (key, any_thread) = shared.iter().find(|(key, _)| {
        let aliases = shared_aliases(model, key);
        connections::refers_to(model, key, &aliases, Some(scope), &attr.value)
    })?;
    let function = model.scopes.function(scope);
    let holder = match key {
        ConnKey::Global { name } => format!("module-level connection `{name}`"),
        ConnKey::SelfAttr { attr, .. } => format!("`self.{attr}`"),
        ConnKey::Local { name, .. } => format!("`{name}`"),
    };
    let message = format!(
        "Blocking `{}` on the {holder} inside `async def {}` runs on the event loop",
        model.slice(call.expr.func.range()),
        function.name()
    );
    let mut finding = Finding::new(codemod.meta(), call.range(), message);
    if let Some(root) = connection_root(model, key, ctx.sites()) {
        finding = finding.with_root(root);
    }
    let opened = ctx
        .sites()
        .iter()
        .find(|s| connections::key_of(model, s).as_ref() == Some(key));
    let aliases = shared_aliases(model, key);
    let on_key = |c: &Call<'_>| {
        matches!(&c.callee, Callee::Method { name, .. } if BLOCKING_METHODS.contains(&name.as_str()))
            && matches!(&*c.expr.func, Expr::Attribute(a) if
                connections::refers_to(model, key, &aliases, Some(scope), &a.value))
    };
    // The coroutine's work on the connection: a commit costs what the
    // statements before it wrote, and a block moved to a thread is all of them.
    let work = model
        .calls_in(Some(scope))
        .filter(|c| !c.in_lambda && !c.is_awaited() && on_key(c))
        .find_map(|c| per_call::call_work(ctx, scope, c));
    let identity =
        opened.and_then(|s| crate::semantic::databases::identity_of_connect(model, s.call));
    let finding = parties.rank_shared(finding, identity.as_deref(), work);
    let handed = opened.is_none();
    if !any_thread && handed {
        return Some(finding.with_note(
            "the connection is handed to the constructor: unless it was opened with check_same_thread=False, offloading this call would raise ProgrammingError (docs/sqlite-facts.md#F-same-thread). Open a connection per unit of work inside a function run with `asyncio.to_thread`, or move to aiosqlite",
        ));
    }
    if !any_thread {
        return Some(finding.with_note(
            "the connection was opened on another thread's terms (check_same_thread=True): offloading this call would raise ProgrammingError (docs/sqlite-facts.md#F-same-thread). Open a connection per unit of work inside a function run with `asyncio.to_thread`, or move to aiosqlite",
        ));
    }
    Some(offload_shared_block(
        ctx, scope, finding, &holder, &on_key, covered,
    ))
}

/// The coroutine's blocking statements on one shared `check_same_thread=False`
/// connection (the calls `is_on` picks), moved as one block into a function
/// that holds the project's write lock, run by `asyncio.to_thread`; the finding
/// says why when they cannot move.
pub(super) fn offload_shared_block(
    ctx: &Context<'_, '_>,
    scope: FuncId,
    finding: Finding,
    holder: &str,
    is_on: &dyn Fn(&Call<'_>) -> bool,
    covered: &mut Vec<TextRange>,
) -> Finding {
    // Each statement offloaded on its own would let the coroutines' transactions
    // on this one connection interleave in worker threads: a second BEGIN raises
    // "cannot start a transaction within a transaction", and one coroutine's
    // COMMIT ends another's writes. So the coroutine's statements on it move as
    // one block, and every offload of a shared connection holds the project's
    // write lock for the whole block (a lone write would otherwise join another
    // thread's open transaction and share its fate).
    let model = ctx.model;
    let function = model.scopes.function(scope);
    let on_same: Vec<TextRange> = model
        .calls_in(Some(scope))
        .filter(|c| !c.in_lambda && !c.is_awaited() && is_on(c))
        .map(|c| c.range())
        .collect();
    let body = &function.def.body;
    let Some(unit) = block_of(body, &on_same) else {
        return finding.with_note(format!(
            "not offloaded: the coroutine's statements on the shared {holder} are not in one block, and offloaded one by one they would interleave with other requests' transactions on it (\"cannot start a transaction within a transaction\"). Move them into one sync function that holds a lock from the first statement to the commit, and run that with `asyncio.to_thread`"
        ));
    };
    let unit_range = TextRange::new(unit[0].start(), unit[unit.len() - 1].end());
    covered.push(unit_range);
    let (lock, lock_edits) = super::sqf303_unserialized_writers::lock_ref(ctx);
    let moved = match unit {
        [Stmt::Return(ret)] => return_offload(ctx, scope, ret, &lock),
        _ => extract(ctx, scope, unit, Some(&lock)),
    };
    match moved {
        Ok(mut edits) => {
            edits.extend(lock_edits);
            finding
                    .with_fix(Fix::unsafe_(
                        format!("Move the statements on the shared connection into one function that holds `{lock}`, run by `asyncio.to_thread`"),
                        edits,
                    ))
                    .with_note(format!("the shared connection (check_same_thread=False) is then used from worker threads, one block at a time: each offload of it holds `{lock}` from its first statement to its last, so transactions never interleave (SQF203)"))
        }
        Err(why) => finding.with_note(why),
    }
}

/// The names of a shared connection and its cursors, module-level ones
/// (`cursor = conn.cursor()`) included in the functions that see them.
fn shared_aliases(model: &Model<'_>, key: &ConnKey) -> Vec<(Option<FuncId>, String)> {
    crate::semantic::shared_handles::seen_in_functions(model, key, connections::aliases(model, key))
}

/// `return <expression on the shared connection>`: the expression moves into a
/// function that holds the lock, and the coroutine returns what it gives.
fn return_offload(
    ctx: &Context<'_, '_>,
    scope: FuncId,
    ret: &ruff_python_ast::StmtReturn,
    lock: &str,
) -> Result<Vec<Edit>, String> {
    let model = ctx.model;
    let text = model.text;
    let stmt = Stmt::Return(ret.clone());
    let value = ret
        .value
        .as_deref()
        .ok_or_else(|| "nothing to move".to_string())?;
    if visit::any_sub_expr(value, |e| {
        matches!(e, Expr::Await(_) | Expr::Lambda(_) | Expr::Generator(_))
    }) {
        return Err(
            "the expression also awaits or defers work; offload the database part by hand"
                .to_string(),
        );
    }
    if !codegen::owns_lines(text, &stmt) {
        return Err("the statement shares lines with others; move it by hand".to_string());
    }
    let work = unique_name(model, scope);
    let (to_thread, import) = asyncio_to_thread(model);
    let indent = codegen::indentation_at(text, ret.start()).to_string();
    let one = model.stylist.indent.clone();
    let nl = model.stylist.newline.as_str();
    let lines = codegen::statement_lines(text, &stmt, &stmt);
    let mut code = format!("{indent}def {work}():{nl}{indent}{one}with {lock}:{nl}");
    code.push_str(&codegen::indent_lines(model, lines, &format!("{one}{one}")));
    if !code.ends_with('\n') && !code.ends_with('\r') {
        code.push_str(nl);
    }
    code.push_str(&format!("{indent}return await {to_thread}({work}){nl}"));
    let mut edits = vec![Edit::replace(lines, code)];
    edits.extend(import);
    Ok(edits)
}
