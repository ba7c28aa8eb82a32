//! Calls that hold the loop only for their own short work: a connection opened
//! and finished within the call, one statement or a short batch, in a program
//! where nothing else opens the database.
//!
//! On one event loop sync calls cannot interleave, and a connection opened and
//! committed (or dropped) inside one sync call holds no lock once the call
//! returns. With no thread, executor, worker process or other program on the
//! file, no lock is ever held when such a call starts: it never waits in the
//! busy handler, and a keyed lookup or a one-row write with its commit costs
//! about a millisecond (`bench/load/loop_stall.py`: p50 0.1-0.3 ms for a keyed
//! SELECT, about 1 ms for a one-row write and its commit). Not reported:
//!
//! - a call of a project function whose every connection is its own
//!   (semantic/project.rs `Reach::shared` false), whose work is bounded
//!   (`Reach::unbounded` false, semantic/bounded_io.rs), that returns no
//!   connection and is handed none, made once (not per item of a loop);
//! - a connection the coroutine opens itself and finishes with before its next
//!   `await`, its statements bounded, not inside a loop.
//!
//! Reported as before, naming why: a second party on the database (threads,
//! an executor, sync routes in a thread pool, aiosqlite's threads, worker
//! processes, another program of the project opening the same file:
//! semantic/second_party.rs), whose lock the call can wait for on the loop up
//! to the busy timeout; or work that grows (a commit per item: 50 items, tens of
//! milliseconds; a whole-table read: 100k rows, tens of milliseconds).
//! Connections shared by the coroutines (a global, `self.conn`) are not
//! per-call: one coroutine can hold a transaction on it across an `await`
//! while another's write on a second connection waits the whole busy timeout
//! on the loop (case d of the script: 5 s). A project whose concurrency is not
//! known (a library) keeps every finding.

use ruff_text_size::{Ranged, TextRange};

use crate::codemods::Context;
use crate::semantic::bounded_io::{self, Unbounded};
use crate::semantic::connections::{ConnSite, Holder};
use crate::semantic::model::Call;
use crate::semantic::project::FunctionSummary;
use crate::semantic::scopes::FuncId;
use crate::semantic::second_party::{self, SecondParty};
use crate::semantic::visit;

/// Who else can hold the database's lock while a call on the loop waits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Party {
    /// An event-loop program (or a script of its own) with nothing beside it.
    Nobody,
    Known(String),
    Unknown,
}

/// The project's second party for the databases its coroutines use.
pub(super) fn party(ctx: &Context<'_, '_>) -> Party {
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
        SecondParty::Known(who) => Party::Known(who.clone()),
        SecondParty::None(_) => match long_lived_writer(ctx) {
            Some(who) => Party::Known(who),
            None => Party::Nobody,
        },
        SecondParty::Unknown => Party::Unknown,
    }
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
    if !reach.blocking || reach.shared || reach.orm {
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
    if reach.unbounded || bounded_io::per_item(model, scope, call) {
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
