//! Coroutines that run only on a private event loop: a sync function (a view,
//! a worker job) makes a loop of its own for one call, `asyncio.run(fan_out(urls))`
//! or `loop = asyncio.new_event_loop(); loop.run_until_complete(fan_out(urls))`,
//! to overlap a few HTTP requests, and the loop ends when the call returns.
//!
//! A sync sqlite3 call in such a coroutine blocks that loop only: its own
//! sibling coroutines wait (the same call's work), while the server's loop or
//! threads, which never run these coroutines, go on. What SQF501 guards
//! against, other users waiting on a shared loop, cannot happen there.
//!
//! Decided within one module, by every read of the coroutine's name: each is
//! inside the argument of `asyncio.run`/`run_until_complete` in a sync
//! function that is not the program's entry (`main`, module level, where the
//! loop is the program's one loop), anywhere in such a sync function that hands
//! no coroutine to another loop (the coroutines it builds before the call can
//! only run on its own loop), or inside another such coroutine (awaited,
//! gathered). A decorated coroutine (a route, a handler) is registered with a
//! shared loop and never private; nor is a coroutine whose private loop would
//! serve (starts a server or polls a bot), nor a method (reached through
//! objects this module cannot follow).

use ruff_text_size::{Ranged, TextRange};

use super::model::Model;
use super::scopes::FuncId;

/// Calls that run a coroutine to completion on a loop the caller owns.
const LOOP_RUNNERS: &[&str] = &["asyncio.run"];
const LOOP_RUNNER_METHODS: &[&str] = &["run_until_complete"];

/// Calls that make a loop serve others: then it is no private loop.
const SERVING_METHODS: &[&str] = &[
    "serve",
    "serve_forever",
    "start_server",
    "run_app",
    "start_polling",
    "run_polling",
    "idle",
    "run_forever",
];

/// Calls that hand a coroutine to a loop other than the caller's own.
const HANDS_TO_OTHER_LOOP: &[&str] = &["run_coroutine_threadsafe", "create_task", "ensure_future"];

/// Entry points by name: their loop is the program's loop.
const ENTRY_NAMES: &[&str] = &["main", "cli", "run", "start", "entrypoint", "entry_point"];

/// The coroutines of the module that run only on private loops.
pub fn private_coroutines(model: &Model<'_>) -> Vec<FuncId> {
    let functions = &model.scopes.functions;
    let mut candidates: Vec<FuncId> = functions
        .iter()
        .enumerate()
        .filter(|(_, f)| f.is_async() && f.class.is_none() && f.def.decorator_list.is_empty())
        .map(|(id, _)| id)
        .collect();
    if candidates.is_empty() {
        return candidates;
    }
    let runners: Vec<&super::model::Call<'_>> = model
        .calls
        .iter()
        .filter(|c| {
            c.qualified().is_some_and(|q| LOOP_RUNNERS.contains(&q))
                || c.method_name()
                    .is_some_and(|m| LOOP_RUNNER_METHODS.contains(&m))
        })
        .filter(|c| {
            c.scope.is_some_and(|s| {
                let f = &functions[s];
                !f.is_async() && !ENTRY_NAMES.contains(&f.name())
            })
        })
        .collect();
    if runners.is_empty() {
        return Vec::new();
    }
    let runner_args: Vec<TextRange> = runners.iter().map(|c| c.expr.arguments.range()).collect();
    // The sync functions that run such a loop and hand no coroutine to another
    // loop: a coroutine they build first (`tasks = [fetch(u) for u in urls]`,
    // then `loop.run_until_complete(asyncio.gather(*tasks))`) can only run on
    // the loop they own, since a sync function cannot await it.
    let mut runner_scopes: Vec<FuncId> = runners
        .iter()
        .filter_map(|c| c.scope)
        .filter(|&s| {
            let text = model.slice(model.scopes.range_of(s));
            !HANDS_TO_OTHER_LOOP.iter().any(|w| text.contains(w))
        })
        .collect();
    runner_scopes.sort_unstable();
    runner_scopes.dedup();
    let reads = super::visit::names_loaded(model.suite);
    // Drop, until nothing changes, a candidate read anywhere but in a private
    // loop runner's argument or in another candidate.
    loop {
        let before = candidates.len();
        let kept: Vec<FuncId> = candidates
            .iter()
            .copied()
            .filter(|&id| {
                let name = functions[id].name();
                let mut uses = reads.iter().filter(|(n, _)| n == name).peekable();
                uses.peek().is_some()
                    && uses.all(|(_, at)| {
                        runner_args.iter().any(|r| r.contains_range(*at))
                            || model
                                .scopes
                                .function_at(at.start())
                                .is_some_and(|s| runner_scopes.contains(&s))
                            || model
                                .scopes
                                .function_at(at.start())
                                .is_some_and(|s| s != id && within(model, s, &candidates))
                    })
            })
            .collect();
        candidates = kept;
        if candidates.len() == before {
            break;
        }
    }
    // A private loop that serves is a shared one.
    let serves = model.calls.iter().any(|c| {
        c.scope.is_some_and(|s| within(model, s, &candidates))
            && c.method_name()
                .or_else(|| c.qualified().and_then(|q| q.rsplit('.').next()))
                .is_some_and(|m| SERVING_METHODS.contains(&m))
    });
    if serves {
        return Vec::new();
    }
    candidates
}

/// Whether function `s` is one of `set` or nested in one.
fn within(model: &Model<'_>, s: FuncId, set: &[FuncId]) -> bool {
    let mut current = Some(s);
    while let Some(id) = current {
        if set.contains(&id) {
            return true;
        }
        current = model.scopes.function(id).parent;
    }
    false
}
