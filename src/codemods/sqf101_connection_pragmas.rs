//! SQF101 connection-pragmas: every writing sqlite3 connection ends up with WAL,
//! `synchronous=NORMAL` and an explicit busy timeout.
//!
//! Each `sqlite3.connect(...)` site is checked with what the source shows about
//! it: PRAGMAs run on the variable that holds it or its cursors, helpers it is
//! handed to (also in other files), loops over a dict of PRAGMAs, and whether any
//! module of the project sets WAL (it persists in the file, F-wal-persists). Connections
//! from the project's factory are covered by the factory's own site. Read-only
//! connections (`mode=ro`, `:memory:`, or only ever used for SELECT, also when
//! kept on `self` by a dialog or handed only to pandas' `read_sql` readers) are
//! left alone.
//!
//! The fix wraps the creating call in `_configure_sqlite(...)`, defined once per
//! module, and adds `timeout=` when the call has none. Wrapping the call (not the
//! statement) covers `conn = ...`, `self.conn = ...`, `return ...`, `with ... as`,
//! and a connect nested in another expression with one mechanism.
//!
//! A connect helper that switches the file to WAL and that every worker
//! process runs at its start (worker_wal.rs) is reported at the switch: workers
//! that start together fail on each other's lock (F-wal-busy-order); WAL persists,
//! so the coordinator sets it once.
//!
//! apsw connections are checked for their busy timeout alone (apsw.rs): apsw,
//! unlike sqlite3, waits 0 ms on a lock by default.
//!
//! Root cause: the database file the connection opens, when the model knows it
//! (`semantic::databases`): WAL persists in the file, so the connections of one
//! database are one decision with several sites; an unknown file is its own root.

//! Not reported on a connection start-up code opens for its own work and never
//! hands on (`init_db()` before the threads and the server start, an `on_ready`
//! listener: check/scope.rs with semantic/startup_local.rs): nothing else runs
//! yet, and nothing uses it later. Reported as MONITOR, with a note, when every
//! transaction on the file is one short statement (semantic/short_transactions.rs):
//! the waits are milliseconds inside the 5 s busy wait, but maintainers do turn
//! WAL on for that shape (one INSERT per request from a server's thread pool)
//! and bursts of such writes meet lock errors without WAL (F-contention), so
//! the advice stays, without an alarm, at Low confidence with the reason
//! (no writer waits long) unless the second party is another process. Not reported on a database whose only
//! connection is the one the program opens at import and shares with its
//! threads (semantic/short_transactions.rs `only_connection`): a connection
//! never waits for its own lock (F-busy-needs-two), so neither WAL nor the busy
//! timeout can matter; sharing it unlocked is SQF203's. Not reported on a
//! database at most two threads write (a bot's pool of two workers, or a pool
//! of one and a thread started once: semantic/writer_threads.rs counts them)
//! when every transaction on it is short and no reader walks a cursor around
//! slow work: no queue of writers forms, and each waits for one short
//! transaction or statement, in the rollback journal as in WAL
//! (F-short-writers, `few_short_writers`). Three or more such writers in a
//! tight loop met lock errors and a p99 of seconds in the rollback journal
//! (`bench/load/short_writer_threads.py`), so a counted program with more
//! keeps the finding, with its writer count in a note. Not reported on the
//! program's one connection to a file when every use of it runs under a
//! threading lock (`with self.lock:`, or a private helper called only under
//! it: `locked_sole_connection`): nothing else can wait for its lock. Not
//! reported where every write to the file is one short statement made once
//! per turn of a loop that pauses a second or more (`paced_writers`). Not
//! reported on the connection a thread opens and then uses to serve a queue
//! of requests, when nothing else opens the file (`owner_thread_connection`):
//! a queue served by one thread is one party however many threads enqueue. Not
//! reported where the project names no second writer (only an import, or a
//! library's unknown callers) and the connection already waits 20 s or more
//! for a lock (`timeout=20`, `PRAGMA busy_timeout=20000`: semantic/long_wait.rs).
//! Not reported in a project that sets `PRAGMA journal_mode=DELETE` (TRUNCATE,
//! PERSIST) and WAL nowhere (semantic/journal_choice.rs): the rollback journal
//! is chosen there, often because readers cannot create WAL's sidecar files
//! (F-wal-needs-write); no note either, since the advice would undo the choice.
//! Nor where every thread of the program is a greenlet of gevent's
//! `monkey.patch_all()` (semantic/gevent_patched.rs, F-gevent-no-yield).

use ruff_python_ast::Expr;
use ruff_text_size::Ranged;

use super::{Codemod, Context};
use crate::finding::{Confidence, Finding, Severity};
use crate::fix::{Fix, codegen};
use crate::semantic::connections::PragmaSet;
use crate::semantic::connections::{self, ConnSite, Driver, Holder};
use crate::semantic::databases::{self, WalState};
use crate::semantic::project::site_pragmas;
use crate::semantic::second_party::{self, SecondParty};
use crate::semantic::sql::SqlKind;
use crate::semantic::strings::string_value;
use crate::semantic::{entry_points, library, long_wait, short_transactions, upgrade_steps};

mod apsw;
mod connection_subclass;
mod param_dicts;
mod reader_attribute;
pub(crate) mod wal_order;
mod worker_wal;

pub struct ConnectionPragmas;

pub const HELPER_NAME: &str = "_configure_sqlite";

impl Codemod for ConnectionPragmas {
    crate::codemod_meta!("SQF101-connection-pragmas");

    fn check(&self, ctx: &Context<'_, '_>, out: &mut Vec<Finding>) {
        // Test suites use throwaway databases on purpose (semantic::paths).
        if ctx.in_test_module() {
            return;
        }
        let model = ctx.model;
        let sites = ctx.sites();
        // WAL and a busy timeout matter only when something else uses the file
        // at the same time; migrations run before anything else does.
        let party = ctx.pragma_party();
        let project_party = || crate::semantic::second_party::of_project(ctx.project);
        if second_party::is_startup_only(ctx.model.path) {
            return;
        }
        // apsw's missing timeout is a hazard only beside a second party the
        // project names; without one the finding could not say who waits. With
        // apsw's 0 ms wait, two programs that open the file through this module
        // are one: any overlap of their transactions fails at once.
        match party {
            SecondParty::Known(who) => out.extend(apsw::findings(ctx, self.meta(), &who.text)),
            _ => {
                if let Some(who) = apsw::programs_sharing_module(ctx) {
                    out.extend(apsw::findings(ctx, self.meta(), &who));
                }
            }
        }
        // Worker processes that each switch the file to WAL at connect
        // (worker_wal.rs): the workers are each other's second party.
        out.extend(worker_wal::findings(ctx, self.meta()));
        if matches!(party, SecondParty::None(_)) {
            return;
        }
        // The busy timeout raised only after the WAL switch (wal_order.rs).
        out.extend(wal_order::findings(ctx, self.meta(), false));
        // Parameters a generic driver hands to `connect(**params)` (param_dicts.rs).
        out.extend(param_dicts::findings(ctx, self.meta()));
        out.extend(connection_subclass::findings(ctx, self.meta(), party));
        let needs_autocommit_toggle = sites.iter().any(|s| {
            s.driver == Driver::Sqlite3
                && s.call
                    .keyword("autocommit")
                    .is_some_and(|v| matches!(v, Expr::BooleanLiteral(b) if !b.value))
        });
        // The project keeps this file in the rollback journal on purpose
        // (semantic/journal_choice.rs): a decision, not an omission.
        let rollback_chosen = |site: &ConnSite<'_, '_>| {
            crate::semantic::journal_choice::rollback_chosen(
                ctx.project,
                databases::identity_of_connect(model, site.call).as_deref(),
            )
            .is_some()
        };
        let checked: Vec<(&ConnSite<'_, '_>, PragmaSet, WalState, Option<String>)> = sites
            .iter()
            .filter(|s| s.driver == Driver::Sqlite3 && !rollback_chosen(s))
            .filter(|site| {
                !(is_memory_or_read_only(ctx, site)
                    || only_reads(ctx, site)
                    || ctx.purpose(site).is_some()
                    || entry_points::runs_once(model, site.scope(), site.call.expr.start())
                    || site
                        .scope()
                        .is_some_and(|f| upgrade_steps::is_upgrade_step(model, f))
                    || sole_same_thread_connection(ctx, site, party)
                    || short_transactions::only_connection(ctx.project, model, site)
                    || one_short_writer(ctx, site)
                    || few_short_writers(ctx, site)
                    || locked_sole_connection(ctx, site)
                    || owner_thread_connection(ctx, site)
                    || paced_writers(ctx, site))
            })
            .map(|site| {
                let mut pragmas = site_pragmas(model, ctx.project, site);
                pragmas.merge(&class_pragmas(ctx, site));
                (site, pragmas)
            })
            // No sign of concurrency anywhere in the project and a wait of 20 s
            // or more already set: nothing holds the file that long
            // (semantic/long_wait.rs). Threads merely imported still count here:
            // in the rollback journal a reader upgrading to a writer gets no wait
            // at all (F-upgrade-fails-fast), so a long timeout does not stand in
            // for WAL once per-thread connections may exist (a connect helper
            // whose threads live in another module).
            .filter(|(site, pragmas)| {
                matches!(party, SecondParty::Known(_))
                    || !matches!(project_party(), SecondParty::Unknown | SecondParty::None(_))
                    || !long_wait::waits_long(model, site.call, Some(pragmas))
            })
            .map(|(site, mut pragmas)| {
                // WAL is a property of one database file (F-wal-persists): only a
                // setting on this file, or on one that may be it, counts.
                let identity = databases::identity_of_connect(model, site.call);
                let mut state = databases::wal_state_in_project(ctx.project, identity.as_deref());
                // WAL set only for the files a test on the path accepts is not
                // set for the others this line opens (wal_for_some_files.rs).
                let some_files = crate::semantic::wal_for_some_files::guard(model, site);
                if some_files.is_some() {
                    pragmas.set.retain(|(name, _)| name != "journal_mode");
                    if state == WalState::Maybe {
                        state = WalState::NotSet;
                    }
                }
                (site, pragmas, state, some_files)
            })
            .collect();
        // The helper is shared by the module's connections: it sets WAL itself
        // unless every one of them opens a file known to be in WAL already (asking
        // again is a no-op, so erring this way costs nothing).
        let helper_sets_wal = checked
            .iter()
            .any(|(_, pragmas, state, _)| *state != WalState::Set && !pragmas.has("journal_mode"));
        for (site, pragmas, state, some_files) in &checked {
            let site = *site;
            if let Some(database) = site.call.argument(0, "database") {
                if databases::is_network_path(model, database, site.scope()) {
                    out.push(network_finding(self, site));
                    continue;
                }
            }
            let explicit_timeout = site.call.argument(1, "timeout").is_some()
                || site.call.has_star_args()
                || pragmas.has("busy_timeout");
            let wal = *state != WalState::NotSet || pragmas.has("journal_mode");
            let synchronous = pragmas.has("synchronous");
            // A missing explicit timeout alone is not reported: Python's default is
            // the 5 s the audit asks for (F-busy-default). The fix still adds `timeout=`
            // when it wraps a connection for WAL or synchronous.
            if wal && synchronous {
                continue;
            }
            // On a file certainly in WAL, `synchronous` is the author's durability
            // choice: the default FULL is durable and correct in WAL, NORMAL trades
            // the last commits on power loss for speed (F-synchronous; NORMAL is a
            // reference default, not a fact, F-reference-defaults). Nothing to report.
            if databases::wal_certain(*state, pragmas) {
                continue;
            }
            // A class's connection that only ever reads, on a file the writers
            // put in WAL: `synchronous` governs commits it never makes, and a
            // reader in WAL waits on no writer (F-one-writer); Python's default
            // 5 s wait covers the rest (F-busy-default).
            if wal && reader_attribute::only_reads(ctx, site) {
                continue;
            }
            let mut missing = Vec::new();
            if !wal {
                missing.push("WAL");
            }
            if !synchronous {
                missing.push("synchronous=NORMAL");
            }
            if !explicit_timeout {
                missing.push("an explicit busy timeout");
            }
            let severity = if !wal {
                Severity::Critical
            } else {
                Severity::Medium
            };
            let message = format!(
                "SQLite connection opened without {}{}",
                join_words(&missing),
                if wal {
                    ""
                } else {
                    ": the rollback journal lets one writer block everyone"
                }
            );
            let (message, confidence) = match party {
                SecondParty::Known(who) => (format!("{message}; concurrent with {who}"), None),
                _ => (message, Some(Confidence::Medium)),
            };
            let mut edits = Vec::new();
            if !explicit_timeout {
                edits.push(codegen::add_keyword(
                    model,
                    site.call.expr,
                    "timeout",
                    &ctx.settings.timeout_seconds_literal(),
                ));
            }
            edits.extend(codegen::wrap_in_call(site.call.range(), HELPER_NAME));
            let (warnings, import) = codegen::module_ref(model, "warnings");
            if helper_sets_wal {
                edits.extend(import);
            }
            let code = helper_code(ctx, &warnings, helper_sets_wal, needs_autocommit_toggle);
            edits.extend(codegen::helper(model, HELPER_NAME, &code));
            let title = format!("Wrap the connection in `{HELPER_NAME}(...)`");
            let library = library::leaves_choice_to_caller(model, ctx.project, site);
            let fix = match (&library, some_files) {
                (Some(_), _) => Fix::display_only(title, edits),
                // The author chose WAL per file: turning it on for every file
                // this line opens is for review.
                (None, Some(_)) => Fix::unsafe_(title, edits),
                (None, None) => Fix::safe(title, edits),
            };
            let short = databases::identity_of_connect(model, site.call).is_some_and(|id| {
                short_transactions::one_statement_database(
                    ctx.project,
                    model,
                    sites,
                    ctx.flows(),
                    &id,
                )
            }) && !cursor_walked_around_slow_work(ctx, site);
            // One-statement transactions stay short only while few threads
            // write: past writer_threads::FEW they starve one another
            // (F-short-writers), so the count outranks the shortness.
            let count = writer_count_note(ctx);
            let short = short && count.is_none();
            let mut finding = Finding::new(self.meta(), site.call.range(), message)
                .with_severity(if short { Severity::Monitor } else { severity })
                .with_fix(fix);
            if short {
                finding = finding.with_note(short_transactions::NOTE);
            }
            if let Some(note) = count {
                finding = finding.with_note(note);
            }
            if let Some(test) = some_files {
                finding = finding.with_note(format!(
                    "`PRAGMA journal_mode=WAL` runs on this connection only when `{test}`: WAL is \
                     a property of each file, so the files this line opens otherwise stay in the \
                     rollback journal"
                ));
            }
            if let Some(identity) = databases::identity_of_connect(model, site.call) {
                finding = finding.with_root(super::roots::database(model, &identity));
            }
            if let Some(why) = library {
                finding = finding.with_note(why);
            }
            // No thread, process or server seen: the callers may still be concurrent.
            if let Some(confidence) = confidence {
                finding = finding.with_confidence(confidence);
            }
            if short && short_transactions::no_long_wait(party) {
                // Replaces the MONITOR note it restates, keeps any other.
                let note = match finding.note.take() {
                    Some(n) if n != short_transactions::NOTE => {
                        format!("{n}; {}", short_transactions::NO_LONG_WAIT)
                    }
                    _ => short_transactions::NO_LONG_WAIT.to_string(),
                };
                finding = finding.with_confidence(Confidence::Low).with_note(note);
            }
            out.push(finding);
        }
    }
}

/// The project's only connection, opened at import with the default
/// check_same_thread: it belongs to the thread that imported the module, so a
/// thread the project starts raises ProgrammingError on it before it can take a
/// lock (F-same-thread; SQF203 reports that use), and no other connection exists
/// to contend with. Not when the second party named includes other processes:
/// each imports the module and opens a connection of its own.
fn sole_same_thread_connection(
    ctx: &Context<'_, '_>,
    site: &ConnSite<'_, '_>,
    party: &SecondParty,
) -> bool {
    let SecondParty::Known(who) = party else {
        return false;
    };
    if who.runs.other_processes() || site.scope().is_some() {
        return false;
    }
    let line = ctx.model.line_column(site.call.range().start()).0;
    let own = &ctx.project.own.facts;
    if !own.same_thread_globals.iter().any(|(_, l)| *l == line) {
        return false;
    }
    struct ConnectSites(Vec<usize>);
    let table = ctx.project.index.memo(|index| {
        ConnectSites(
            index
                .modules
                .iter()
                .map(|m| m.facts.connect_sites)
                .collect(),
        )
    });
    let per_module = &table.0;
    let others: usize = per_module.iter().sum::<usize>()
        - ctx
            .project
            .module
            .map_or(0, |m| per_module.get(m).copied().unwrap_or(0));
    others + own.connect_sites == 1
}

/// A file whose every transaction is one short statement and whose every
/// write is paced: once per turn of a loop that pauses a second or more
/// (semantic/short_transactions.rs `paced_database`). The lock is held
/// milliseconds once a second at most; paced writers far denser than that met
/// no lock error up to sixteen threads, in the rollback journal as in WAL
/// (F-short-writers). A writer called per request is not paced: that shape
/// keeps the MONITOR finding below.
fn paced_writers(ctx: &Context<'_, '_>, site: &ConnSite<'_, '_>) -> bool {
    databases::identity_of_connect(ctx.model, site.call).is_some_and(|id| {
        short_transactions::paced_database(ctx.project, ctx.model, ctx.sites(), ctx.flows(), &id)
    })
}

/// The connection of the thread that owns the file: it opens it and then
/// serves a queue of requests (semantic::owner_thread), and nothing else of the
/// project opens the file (semantic::sole_connection). The threads that put
/// requests on the queue never touch the connection, so it has no second
/// party to wait for (F-busy-needs-two): WAL and the busy timeout cannot
/// change an outcome.
fn owner_thread_connection(ctx: &Context<'_, '_>, site: &ConnSite<'_, '_>) -> bool {
    site.scope()
        .is_some_and(|id| crate::semantic::owner_thread::owners(ctx.model, id).is_some())
        && crate::semantic::sole_connection::serializes_all(
            ctx.project,
            databases::identity_of_connect(ctx.model, site.call).as_deref(),
        )
}

/// The program's one connection to its file (opened once for the process, or
/// once per instance of a class made once: semantic::sole_connection), every
/// use of which runs under a threading lock (semantic::lock_guard: a `with
/// self.lock:` block, or a private helper only called from one). Nothing else
/// opens the file, so nothing waits for this connection's lock
/// (F-busy-needs-two), and the lock keeps its threads' transactions apart:
/// WAL and the busy timeout cannot change an outcome.
fn locked_sole_connection(ctx: &Context<'_, '_>, site: &ConnSite<'_, '_>) -> bool {
    crate::semantic::lock_guard::every_use_locked(ctx.model, site)
        && crate::semantic::sole_connection::serializes_all(
            ctx.project,
            databases::identity_of_connect(ctx.model, site.call).as_deref(),
        )
}

/// A database whose one writer (a loop task, a scheduler job or one worker
/// thread that never runs beside itself: semantic::one_writer) commits one or
/// two statements at a time, outside any loop: readers wait at most for those
/// statements, well inside Python's default 5 s busy wait (F-busy-default), and
/// the writer waits only for single reads. WAL changes nothing observable there;
/// two writers, or a writer whose transaction loops, keep the finding.
fn one_short_writer(ctx: &Context<'_, '_>, site: &ConnSite<'_, '_>) -> bool {
    super::sqf111_aiosqlite_pragmas::one_writer_database(ctx, site)
        && short_transactions_on_file(ctx, site, Some(2))
}

/// A database that at most two threads of the program write (a bot's pool of
/// two workers and no other writing thread, or a pool of one and one writing
/// thread started once: semantic::writer_threads), written by this module
/// alone (others may read it), whose every transaction here is short
/// ([`short_transactions_on_file`], any number of statements). A writer then waits for at most the other writer's one short
/// transaction or a reader's one statement, and no queue of writers forms for
/// the busy handler to serve unfairly: milliseconds inside Python's 5 s busy
/// wait, in the rollback journal as in WAL (F-short-writers;
/// `bench/load/writers_p99.py --threads 2 --readers 4 --scan 5000`). The
/// advice stays where the writers are not bounded (a web server's thread pool:
/// from about ten one-statement writers the p99 passes 100 ms, F-contention),
/// and where a transaction loops or runs its own `BEGIN`.
fn few_short_writers(ctx: &Context<'_, '_>, site: &ConnSite<'_, '_>) -> bool {
    if crate::semantic::writer_threads::of_project(ctx.project.index)
        .few()
        .is_none()
    {
        return false;
    }
    let Some(id) = databases::identity_of_connect(ctx.model, site.call) else {
        return false;
    };
    !short_transactions::written_elsewhere(ctx.project, &id)
        && short_transactions_on_file(ctx, site, None)
}

/// The program's writer threads, counted, when it bounds them but to more
/// than [`writer_threads::FEW`](crate::semantic::writer_threads::FEW): the
/// reason the short-writers exception does not apply.
fn writer_count_note(ctx: &Context<'_, '_>) -> Option<String> {
    use crate::semantic::writer_threads;
    let threads = writer_threads::of_project(ctx.project.index);
    let (n, what) = threads.bound.as_ref()?;
    (*n > writer_threads::FEW).then(|| {
        format!(
            "{n} threads can write at once ({what}): beyond {} one-statement writers \
             starve one another in the rollback journal when writes come back to back \
             (docs/sqlite-facts.md#F-short-writers)",
            writer_threads::FEW
        )
    })
}

/// Every transaction this module runs on the file of `site` is short: no
/// `BEGIN` or script of its own, a write in a loop only when the same pass
/// commits it, a function that writes not called from inside a loop (its
/// transactions would come back to back), no slow call while a write is
/// uncommitted, and no SELECT cursor walked around slow work (its read lock
/// makes every commit wait, and past 5 s fail, in the rollback journal:
/// F-short-writers). `max_writes` bounds the writes of one function, when
/// given.
/// Whether some function walks a live SELECT cursor on the file of `site`
/// around slow work: one statement, but its read lock is held through that
/// work and a writer's commit waits for it (F-short-writers).
fn cursor_walked_around_slow_work(ctx: &Context<'_, '_>, site: &ConnSite<'_, '_>) -> bool {
    let id = databases::identity_of_connect(ctx.model, site.call);
    ctx.flows().iter().any(|flow| {
        flow.site
            .is_some_and(|s| databases::identity_of_connect(ctx.model, s.call) == id)
            && super::sqf304_long_read_transaction::holds_cursor_across_slow_work(ctx, flow)
    })
}

fn short_transactions_on_file(
    ctx: &Context<'_, '_>,
    site: &ConnSite<'_, '_>,
    max_writes: Option<usize>,
) -> bool {
    use crate::semantic::transactions::Op;
    let model = ctx.model;
    let id = databases::identity_of_connect(model, site.call);
    ctx.sites()
        .iter()
        .filter(|other| databases::identity_of_connect(model, other.call) == id)
        .flat_map(|other| {
            ctx.flows()
                .iter()
                .filter(move |f| f.site.is_some_and(|s| s.call.range() == other.call.range()))
        })
        .all(|flow| {
            let body = &model.scopes.function(flow.scope).def.body;
            let writes = flow.events.iter().filter(|e| e.op == Op::Write).count();
            max_writes.is_none_or(|max| writes <= max)
                && (writes == 0 || !called_in_a_loop(model, flow.scope))
                // A reader walking a live cursor around slow work keeps its
                // read lock through it: a commit waits that long, and past
                // the 5 s busy wait fails, in the rollback journal
                // (F-short-writers).
                && !super::sqf304_long_read_transaction::holds_cursor_across_slow_work(ctx, flow)
                && !write_held_across_slow_work(ctx, flow)
                && flow.events.iter().all(|e| match &e.op {
                    Op::Begin(_) | Op::Script(_) => false,
                    // A write in a loop is one short transaction per pass only
                    // when the same pass commits it.
                    Op::Write => crate::semantic::loops::enclosing_loops(body, e.range)
                        .first()
                        .is_none_or(|inner| {
                            flow.events.iter().any(|c| {
                                matches!(c.op, Op::Commit { .. } | Op::WithExit)
                                    && inner.range().contains_range(c.range)
                            })
                        }),
                    _ => true,
                })
        })
}

/// Whether a slow call (a sleep, a network request, a subprocess: semantic::slow)
/// runs while the flow's transaction holds the write lock: every other writer
/// waits that long, and past the 5 s busy wait fails (F-short-writers).
fn write_held_across_slow_work(
    ctx: &Context<'_, '_>,
    flow: &crate::semantic::transactions::Flow<'_, '_>,
) -> bool {
    ctx.model.calls_in(Some(flow.scope)).any(|c| {
        !c.in_lambda
            && flow.at_call.get(&c.range()).is_some_and(|states| {
                states
                    .iter()
                    .any(|s| s.open().is_some_and(|tx| tx.holds_write_lock()))
            })
            && crate::semantic::slow::slow_call(ctx.model, c).is_some()
    })
}

/// Whether function `scope` is called by name from inside a loop of this
/// module: its short transactions then come back to back, a burst.
fn called_in_a_loop(
    model: &crate::semantic::Model<'_>,
    scope: crate::semantic::scopes::FuncId,
) -> bool {
    let name = model.scopes.function(scope).name();
    model.calls_named(name).any(|c| match c.scope {
        Some(caller) => {
            let body = &model.scopes.function(caller).def.body;
            !crate::semantic::loops::enclosing_loops(body, c.range()).is_empty()
        }
        None => !crate::semantic::loops::enclosing_loops(model.suite, c.range()).is_empty(),
    })
}

/// A database on a network filesystem: WAL cannot work there (F-wal-network),
/// and `synchronous=NORMAL` is safe only with WAL, so there is nothing to add.
fn network_finding(codemod: &ConnectionPragmas, site: &ConnSite<'_, '_>) -> Finding {
    Finding::new(
        codemod.meta(),
        site.call.range(),
        "SQLite database on a network filesystem: WAL needs shared memory on one host, \
         so writers keep the rollback journal and its network file locks, which many \
         network filesystems do not honour",
    )
    .with_severity(Severity::Medium)
    .with_note(
        "no WAL fix here; keep one writing process, or move the database to a local disk \
         (docs/sqlite-facts.md#F-wal-network)",
    )
}

fn join_words(words: &[&str]) -> String {
    match words {
        [] => String::new(),
        [one] => (*one).to_string(),
        [a, b] => format!("{a} or {b}"),
        [init @ .., last] => format!("{}, or {last}", init.join(", ")),
    }
}

/// `:memory:` and temporary databases have no concurrent users; `mode=ro` and
/// `immutable=1` URIs never write. Nor does a setting of the object whose
/// declared default is `:memory:` (a server's session table): one connection
/// for the object's life, and a user who points it at a file still gets the
/// one connection of one process (semantic/private_memory.rs).
fn is_memory_or_read_only(ctx: &Context<'_, '_>, site: &ConnSite<'_, '_>) -> bool {
    let Some(database) = site.call.argument(0, "database") else {
        return false;
    };
    if in_memory_branch(ctx, site, database)
        || crate::semantic::private_memory::defaults_to_private_memory(ctx.model, site.call)
    {
        return true;
    }
    let Some(value) = string_value(ctx.model, database, site.scope(), site.call.range().start())
    else {
        return false;
    };
    let sketch = value.sketch();
    sketch.is_empty()
        || sketch == ":memory:"
        || sketch.starts_with("file::memory:")
        || sketch.contains("mode=memory")
        || sketch.contains("mode=ro")
        || sketch.contains("immutable=1")
}

/// `if path == self._MEMORY: conn = sqlite3.connect(path)` (persist-queue): the
/// branch runs only for an in-memory database. Recognized when the `if` compares
/// the very expression passed as the database with something named or valued
/// `memory`.
fn in_memory_branch(ctx: &Context<'_, '_>, site: &ConnSite<'_, '_>, database: &Expr) -> bool {
    let model = ctx.model;
    let db_text = model.slice(database.range());
    crate::fix::codegen::ancestors(model.suite, site.call.range())
        .into_iter()
        .any(|stmt| {
            let ruff_python_ast::Stmt::If(if_stmt) = stmt else {
                return false;
            };
            let in_body = if_stmt
                .body
                .iter()
                .any(|s| s.range().contains_range(site.call.range()));
            let Expr::Compare(cmp) = &*if_stmt.test else {
                return false;
            };
            in_body
                && matches!(cmp.ops.as_ref(), [ruff_python_ast::CmpOp::Eq])
                && model.slice(cmp.left.range()) == db_text
                && model
                    .slice(cmp.comparators[0].range())
                    .to_ascii_lowercase()
                    .contains("memory")
        })
}

/// pandas' readers: they run the query they are given and return its rows as
/// a data frame, keeping nothing of the connection.
const FRAME_READERS: &[&str] = &[
    "pandas.read_sql",
    "pandas.read_sql_query",
    "pandas.read_sql_table",
];

/// A connection held in a local variable, or on `self` by a class (a dialog
/// that shows a results database), that only ever runs SELECTs and is handed
/// to nothing but pandas' readers (`pd.read_sql(query, self.conn)`): it needs
/// neither WAL nor a write-path PRAGMA. The writers of the file have
/// findings of their own at their connects.
fn only_reads(ctx: &Context<'_, '_>, site: &ConnSite<'_, '_>) -> bool {
    if !matches!(
        site.holder,
        Holder::Local(_) | Holder::WithItem { .. } | Holder::SelfAttr(_)
    ) {
        return false;
    }
    let Some(key) = connections::key_of(ctx.model, site) else {
        return false;
    };
    let passed = connections::passed_to(ctx.model, &key);
    let mut ran_sql = false;
    for (call, position) in &passed {
        let reader = *position == 1 && call.qualified().is_some_and(|q| FRAME_READERS.contains(&q));
        let query_reads = || {
            call.argument(0, "sql").is_some_and(|sql| {
                string_value(ctx.model, sql, call.scope, call.range().start()).is_some_and(|v| {
                    let sketch = v.sketch();
                    // `read_sql_table` names a table, not a statement.
                    call.qualified() == Some("pandas.read_sql_table")
                        || matches!(crate::semantic::sql::classify(&sketch), SqlKind::Read)
                })
            })
        };
        if !reader || !query_reads() {
            return false;
        }
        ran_sql = true;
    }
    let uses = connections::uses(ctx.model, &key);
    for call in &uses {
        match call.method_name() {
            Some("execute" | "executemany" | "executescript") => {
                let Some((kinds, _)) = connections::sql_of(ctx.model, call) else {
                    return false;
                };
                if kinds.iter().any(|k| !matches!(k, SqlKind::Read)) {
                    return false;
                }
                ran_sql = true;
            }
            Some("commit") => return false,
            _ => {}
        }
    }
    // `with sqlite3.connect(p) as conn:` commits on exit, but a block that only
    // reads has nothing to commit (sqlitedict's get_tablenames, IPython's history
    // trimmer reading through `closing(...)`).
    ran_sql && !returns_holder(ctx, site)
}

/// PRAGMAs that the class owning the connection sets through its own helpers:
/// `self.execute_void("pragma journal_mode=off")` (coverage's data file), or a
/// PRAGMA whose name is computed, as diskcache's `reset()` applying the
/// `sqlite_*` entries of its settings dict (`'sqlite_journal_mode': 'wal'`) to
/// every new connection. Such a class configures its connections deliberately,
/// even when the statement does not run on the variable that holds them.
fn class_pragmas(ctx: &Context<'_, '_>, site: &ConnSite<'_, '_>) -> PragmaSet {
    let mut out = PragmaSet::default();
    let scopes = &ctx.model.scopes;
    let Some(class) = scopes.enclosing_class(site.scope()) else {
        return out;
    };
    for call in &ctx.model.calls {
        if scopes.enclosing_class(call.scope) != Some(class) {
            continue;
        }
        let Some(arg) = call.expr.arguments.args.first() else {
            continue;
        };
        let Some(value) = string_value(ctx.model, arg, call.scope, call.range().start()) else {
            continue;
        };
        if let SqlKind::Pragma(pragma) = crate::semantic::sql::classify(&value.sketch()) {
            match pragma.name {
                // A query (`PRAGMA page_size`) sets nothing.
                Some(name) if pragma.value.is_some() || pragma.value_is_hole => {
                    out.insert(name, pragma.value);
                }
                Some(_) => {}
                None => out.dynamic = true,
            }
        }
    }
    out
}

fn returns_holder(ctx: &Context<'_, '_>, site: &ConnSite<'_, '_>) -> bool {
    // A connection kept on `self` that a method hands out (`return self.db`):
    // what runs on it is not known here.
    if let Holder::SelfAttr(attr) = &site.holder {
        let class = ctx.model.scopes.enclosing_class(site.scope());
        return ctx.model.scopes.functions.iter().any(|f| {
            f.class.is_some() && f.class == class
                && crate::semantic::visit::any_stmt(&f.def.body, |stmt| {
                    matches!(stmt, ruff_python_ast::Stmt::Return(r)
                        if r.value.as_deref().is_some_and(|v| crate::semantic::visit::is_self_attr(v, attr)))
                })
        });
    }
    let Holder::Local(name) = &site.holder else {
        return false;
    };
    let Some(scope) = site.scope() else {
        return false;
    };
    let body = &ctx.model.scopes.function(scope).def.body;
    crate::semantic::visit::any_stmt(
        body,
        |stmt| matches!(stmt, ruff_python_ast::Stmt::Return(r) if r.value.as_deref().is_some_and(|v| matches!(v, Expr::Name(n) if n.id.as_str() == name))),
    )
}

/// The helper's source, with four-space indentation (the stylist adapts it).
fn helper_code(
    ctx: &Context<'_, '_>,
    warnings: &str,
    set_wal: bool,
    autocommit_toggle: bool,
) -> String {
    let mut body = String::new();
    if set_wal {
        let wal = format!(
            "mode = conn.execute(\"PRAGMA journal_mode=WAL\").fetchone()[0]\n\
             if mode.lower() not in (\"wal\", \"memory\"):\n    \
             {warnings}.warn(\n        \
             f\"SQLite journal_mode is {{mode!r}}, not 'wal'\", RuntimeWarning, stacklevel=2\n    \
             )\n"
        );
        if autocommit_toggle {
            // autocommit=False keeps a transaction open, and journal_mode cannot
            // change inside one (F-wal-switch).
            body.push_str("autocommit = getattr(conn, \"autocommit\", None)\nif autocommit is False:\n    conn.autocommit = True\ntry:\n");
            for line in wal.lines() {
                body.push_str("    ");
                body.push_str(line);
                body.push('\n');
            }
            body.push_str(
                "finally:\n    if autocommit is False:\n        conn.autocommit = False\n",
            );
        } else {
            body.push_str(&wal);
        }
    }
    if set_wal {
        // synchronous=NORMAL is safe only in WAL (F-synchronous): a file that
        // stayed in the rollback journal keeps its durability.
        body.push_str(&format!(
            "if mode.lower() == \"wal\":\n    conn.execute(\"PRAGMA synchronous={}\")\n",
            ctx.settings.synchronous
        ));
    } else {
        body.push_str(&format!(
            "conn.execute(\"PRAGMA synchronous={}\")\n",
            ctx.settings.synchronous
        ));
    }
    for (name, value) in &ctx.settings.extra_pragmas {
        body.push_str(&format!("conn.execute(\"PRAGMA {name}={value}\")\n"));
    }
    body.push_str("return conn\n");
    let doc = if set_wal {
        "\"\"\"Per-connection SQLite settings for concurrent use (added by sqlfix, SQF101).\n\n\
         WAL lets readers work while one writer commits; it persists in the database\n\
         file and asking again is a no-op. synchronous=NORMAL is safe with WAL, so it\n\
         is set only when the file is in WAL.\n\"\"\"\n"
    } else {
        "\"\"\"Per-connection SQLite settings for concurrent use (added by sqlfix, SQF101).\n\n\
         synchronous=NORMAL is safe with WAL, which this project sets on this\n\
         database file elsewhere.\n\"\"\"\n"
    };
    let mut code = format!("def {HELPER_NAME}(conn):\n");
    for line in doc.lines().chain(body.lines()) {
        if line.is_empty() {
            code.push('\n');
        } else {
            code.push_str("    ");
            code.push_str(line);
            code.push('\n');
        }
    }
    // The helper edit adds the trailing line breaks.
    code.trim_end_matches('\n').to_string()
}
