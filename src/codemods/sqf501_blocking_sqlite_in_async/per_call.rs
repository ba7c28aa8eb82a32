//! Calls that hold the loop only for their own short work: a connection opened
//! and finished within the call, one statement or a short batch, in a program
//! where nothing else opens the database; or a call on the program's ONLY
//! connection to its file, on a loop nothing else runs beside.
//!
//! On one event loop sync calls cannot interleave, and a connection opened and
//! committed (or dropped) inside one sync call holds no lock once the call
//! returns. With no thread, executor, worker process or other program on the
//! file, no lock is ever held when such a call starts: it never waits in the
//! busy handler, and a keyed lookup or a one-row write with its commit costs
//! about a millisecond (`bench/load/loop_stall.py`: p50 0.1-0.3 ms for a keyed
//! SELECT, about 1 ms for a one-row write and its commit). Ranked MONITOR:
//!
//! - a call of a project function whose every connection is its own
//!   (semantic/project.rs `Reach::shared` false), whose work is bounded
//!   (`Reach::unbounded` false, semantic/bounded_io.rs), that returns no
//!   connection and is handed none, made once (not per item of a loop);
//! - a connection the coroutine opens itself and finishes with before its next
//!   `await`, its statements bounded, not inside a loop;
//! - ([`Sole`]) a call on a connection the coroutines share (a global,
//!   `self.conn` of a wrapper singleton, one reached from another module, or a
//!   project function that uses one), when that connection is the program's
//!   only connection to its file: every opener of the file in the project is
//!   that one site, run once (at import, in a start-up hook, by a singleton:
//!   semantic/sole_connection.rs), no server forks worker processes, and no
//!   thread, executor or other program is there (the same second party as
//!   above, less the transactions held across an `await`: on the only
//!   connection those hold a lock nobody else can ask for). A connection never
//!   waits for itself (docs/sqlite-facts.md#F-busy-needs-two): fifty tasks on
//!   one connection, some holding a write across an `await`, got no lock error
//!   and stalls of p50 0.01-0.05 ms, p99 1-3 ms (case e of the script). What
//!   such a held transaction does instead is let the other tasks' statements
//!   join it (one's commit or rollback takes the other's work): a transaction
//!   hazard, not a loop stall, and not this rule's.
//!
//! Reported as before, naming why: a second party on the database (threads,
//! an executor, sync routes in a thread pool, aiosqlite's threads, worker
//! processes, another program of the project opening the same file:
//! semantic/second_party.rs), whose lock the call can wait for on the loop up
//! to the busy timeout; for a shared connection, a second connection to its
//! file (another connect of the same file or path constant, a connection per
//! call or per instance), since a transaction one holds across an `await`
//! makes a write on the other wait the whole busy timeout on the loop (case d
//! of the script: 5 s); or work that grows (a commit per item: 50 items, tens
//! of milliseconds; a whole-table read: 100k rows, tens of milliseconds). A
//! project whose concurrency is not known (a library) keeps every finding.

use std::cell::OnceCell;

use ruff_text_size::{Ranged, TextRange};

use crate::codemods::Context;
use crate::finding::Finding;
use crate::semantic::bounded_io::{self, Unbounded};
use crate::semantic::connections::{ConnSite, Holder};
use crate::semantic::model::Call;
use crate::semantic::project::FunctionSummary;
use crate::semantic::scopes::FuncId;
use crate::semantic::second_party::{self, SecondParty};
use crate::semantic::sole_connection;
use crate::semantic::visit;

/// Who else can hold the database's lock while a call on the loop waits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Party {
    /// An event-loop program (or a script of its own) with nothing beside it.
    Nobody,
    Known(String),
    Unknown,
}

/// Who runs beside the event loop on the project's databases: another
/// program, worker processes, threads (not the loop's own tasks).
fn beside_loop(ctx: &Context<'_, '_>) -> Party {
    if let Some(other) = second_party::other_program(ctx.project) {
        return Party::Known(other);
    }
    let serving = ctx.project.index.deployment();
    if serving.forks_workers() {
        if let crate::semantic::deployment::Serving::Concurrent(how) = serving {
            return Party::Known(format!("the server's other worker processes ({how})"));
        }
    }
    match ctx.second_party() {
        SecondParty::Known(who) => Party::Known(who.text.clone()),
        SecondParty::None(_) => Party::Nobody,
        SecondParty::Unknown => Party::Unknown,
    }
}

/// The two parties a check asks for, each found once.
pub(super) struct Parties<'c, 'm, 'a> {
    ctx: &'c Context<'m, 'a>,
    beside: OnceCell<Party>,
    all: OnceCell<Party>,
}

impl<'c, 'm, 'a> Parties<'c, 'm, 'a> {
    pub(super) fn new(ctx: &'c Context<'m, 'a>) -> Self {
        Parties {
            ctx,
            beside: OnceCell::new(),
            all: OnceCell::new(),
        }
    }

    /// [`party`]: who can hold a lock a per-call connection waits for.
    pub(super) fn all(&self) -> &Party {
        self.all.get_or_init(|| match self.beside() {
            Party::Nobody => match long_lived_writer(self.ctx) {
                Some(who) => Party::Known(who),
                None => Party::Nobody,
            },
            party => party.clone(),
        })
    }

    fn beside(&self) -> &Party {
        self.beside.get_or_init(|| beside_loop(self.ctx))
    }

    /// A finding about a call on a connection the coroutines share (`identity`:
    /// the file it opens, `None` when unknown: then every file of the project
    /// must have one connection), ranked MONITOR when that connection is the
    /// program's only one to its file and nothing runs beside the loop, its
    /// work bounded (`unbounded`: why not); otherwise it says why it stays.
    pub(super) fn rank_shared(
        &self,
        finding: Finding,
        identity: Option<&str>,
        unbounded: Option<&str>,
    ) -> Finding {
        let party = self.beside();
        let (quiet, why) = match party {
            Party::Known(_) => (false, kept_because(party, None)),
            Party::Unknown => (false, None),
            Party::Nobody => match sole_connection::second_connection(self.ctx.project, identity) {
                Some(other) => (
                    false,
                    Some(format!(
                        "the connection is not the program's only one to its file ({other}): a transaction one of them holds across an `await` makes a write on the other wait on the loop, up to the busy timeout (5 s by default)"
                    )),
                ),
                None => match unbounded {
                    Some(why) => (
                        false,
                        Some(format!(
                            "the connection is the program's only one to its file, so the call never waits on a lock, but its own work grows: {why}"
                        )),
                    ),
                    None => (true, Some(SOLE.to_string())),
                },
            },
        };
        super::monitor_if(super::with_reason(finding, why), quiet)
    }
}

/// Why a call on the program's only connection to its file ranks as MONITOR.
pub(super) const SOLE: &str = "the connection is the program's only one to its file and nothing runs beside the loop, so the call never waits on a lock (docs/sqlite-facts.md#F-busy-needs-two); it stalls the loop for its own work, about a millisecond for a keyed statement (a cost, not a lock hazard)";

/// Why a direct call on a shared connection is not bounded work: once per item
/// of a loop, a whole table, SQL the source does not show.
pub(super) fn call_work(
    ctx: &Context<'_, '_>,
    scope: FuncId,
    call: &Call<'_>,
) -> Option<&'static str> {
    if bounded_io::per_item(ctx.model, scope, call) {
        return Some("it runs once per item of a loop");
    }
    bounded_io::statements_work(ctx.model, scope, call.range()).map(Unbounded::describe)
}

/// The file the module-level connection a project helper uses opens, when the
/// helper uses one and the index names its connect.
pub(super) fn helper_identity(ctx: &Context<'_, '_>, call: &Call<'_>) -> Option<String> {
    let (module, summary) = ctx.project.function(ctx.model, call)?;
    let [(_, line)] = summary.shared_globals.as_slice() else {
        return None;
    };
    let facts = match module {
        Some(m) => &ctx.project.index.modules[m].facts,
        None => &ctx.project.own.facts,
    };
    facts
        .openers
        .iter()
        .find(|o| o.line == *line)
        .and_then(|o| o.identity.clone())
}

/// A connection of the program that can hold a write transaction while the
/// loop runs other tasks: a coroutine that writes and awaits before it
/// commits, or a shared connection (a global, `self.conn`, a parameter) that
/// some function writes on, whose commit may come in a later call.
fn long_lived_writer(ctx: &Context<'_, '_>) -> Option<String> {
    let own = &ctx.project.own;
    if !crate::semantic::paths::is_test_module(&own.path) {
        if let Some(who) = holder_in(&own.path, &own.functions) {
            return Some(who);
        }
    }
    let index = ctx.project.index.memo(Holders::build);
    index
        .0
        .iter()
        .find(|(m, _)| Some(*m) != ctx.project.module)
        .map(|(_, who)| who.clone())
}

/// The first function of a module that can keep a write transaction open while
/// the loop runs other tasks, named.
fn holder_in(path: &std::path::Path, functions: &[FunctionSummary]) -> Option<String> {
    let file = crate::diff::display_path(path);
    if let Some(f) = functions.iter().find(|f| f.write_across_await) {
        return Some(format!(
            "`{}` ({file}), which keeps a write transaction open across an `await`",
            f.qualname
        ));
    }
    functions
        .iter()
        .find(|f| f.direct_shared && f.effects.sql_write)
        .map(|f| {
            format!(
                "the shared connection `{}` ({file}) writes on, whose transaction can stay open across its caller's `await`",
                f.qualname
            )
        })
}

/// Per non-test module of the index, its first function that [`long_lived_writer`]
/// names, found once per run.
struct Holders(Vec<(usize, String)>);

impl Holders {
    fn build(index: &crate::semantic::project::ProjectIndex) -> Self {
        let out = index
            .modules
            .iter()
            .enumerate()
            .filter(|(_, m)| !crate::semantic::paths::is_test_module(&m.path))
            .filter_map(|(i, m)| holder_in(&m.path, &m.functions).map(|who| (i, who)))
            .collect();
        Holders(out)
    }
}

/// What a per-call helper call is, before the program's second party is asked.
pub(super) enum Helper {
    /// Its connections are its own and its work bounded.
    PerCall,
    /// Its connections are its own, but its work is not bounded.
    Unbounded,
    /// It uses a connection it does not open (a global, `self.conn`), with
    /// whether its work is unbounded: [`Parties::rank_shared`] decides.
    Shared { unbounded: bool },
    /// Anything else (shared connection, ORM session, factory, ...).
    Other,
}

/// Whether `call` (in coroutine `scope`) is a call of a project function that
/// opens and finishes its own connections and does bounded work.
pub(super) fn helper(ctx: &Context<'_, '_>, scope: FuncId, call: &Call<'_>) -> Helper {
    let model = ctx.model;
    let Some(reach) = ctx.project.reach_of(model, call) else {
        return Helper::Other;
    };
    if !reach.blocking || reach.orm {
        return Helper::Other;
    }
    let Some((_, summary)) = ctx.project.function(model, call) else {
        return Helper::Other;
    };
    if summary.factory.is_some()
        || !summary.waits_on_params.is_empty()
        || super::in_generator_or_lambda(model, call)
        || super::entered_receiver(model, scope, call).is_some()
    {
        return Helper::Other;
    }
    if super::passes_connection(ctx, scope, call) {
        return Helper::Other;
    }
    let unbounded = reach.unbounded || bounded_io::per_item(model, scope, call);
    if reach.shared {
        return Helper::Shared { unbounded };
    }
    if unbounded {
        return Helper::Unbounded;
    }
    Helper::PerCall
}

/// For a connection the coroutine opens itself: `Ok(range)` of its unit of
/// work when that unit is opened and finished before the coroutine's next
/// `await`, outside any loop, with bounded statements; `Err(Some(why))` when
/// only its work is unbounded; `Err(None)` otherwise.
pub(super) fn unit<'a>(
    ctx: &Context<'_, 'a>,
    scope: FuncId,
    site: &ConnSite<'_, 'a>,
) -> Result<TextRange, Option<Unbounded>> {
    let model = ctx.model;
    if !matches!(site.holder, Holder::Local(_) | Holder::WithItem { .. }) {
        return Err(None);
    }
    let Ok(unit) = super::unit_statements(ctx, scope, site) else {
        return Err(None);
    };
    let (Some(first), Some(last)) = (unit.first(), unit.last()) else {
        return Err(None);
    };
    let range = TextRange::new(first.start(), last.end());
    if visit::contains_await(unit) || visit::contains_yield(unit) {
        return Err(None);
    }
    if bounded_io::range_in_loop(model, scope, range) {
        return Err(Some(Unbounded::CommitPerItem));
    }
    let body = &model.scopes.function(scope).def.body;
    if crate::semantic::slow::lock_hostile_call(model, Some(scope), range, body, |_| false)
        .is_some()
    {
        return Err(Some(Unbounded::SlowWork));
    }
    match bounded_io::own_work(model, scope, Some(range)) {
        Some(why) => Err(Some(why)),
        None => Ok(range),
    }
}

/// Why a helper's work is not bounded, as a finding says it (the index keeps
/// no reason).
pub(super) const UNBOUNDED_HELPER: &str = "it (or what it calls) commits or calls blocking work per item of a loop, reads or changes a whole table, or runs SQL the source does not show";

/// The words a kept finding adds: who can hold the lock it waits for, or why
/// its own work is long.
/// Why a per-call unit with nothing else on the file ranks as MONITOR.
pub(super) const ALONE: &str = "nothing else opens the database, so the call never waits on a lock; it stalls the loop for its own work, about a millisecond for a keyed statement (a cost, not a lock hazard)";

pub(super) fn kept_because(party: &Party, unbounded: Option<&str>) -> Option<String> {
    match (party, unbounded) {
        (Party::Known(who), _) => Some(format!(
            "the database has a second party, {who}: a lock it holds makes this call wait on the loop, up to the busy timeout (5 s by default)"
        )),
        (Party::Nobody, Some(why)) => Some(format!(
            "nothing else opens the database, but the call's own work grows: {why}"
        )),
        _ => None,
    }
}
