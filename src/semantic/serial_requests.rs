//! Functions that run on worker threads only as a WSGI server's request
//! threads run them, and whether the deployment serves one request at a time.
//!
//! A Flask or Django view counts as a thread entry because its servers are
//! usually threaded (threads.rs). gunicorn's default, one sync worker with one
//! thread (`workers = 1`, `-w 1`, or nothing said; semantic/deployment.rs reads
//! the Procfile, Dockerfile, compose file, systemd unit, start script or
//! gunicorn config the repository ships), runs one request at a time in one
//! process: two views never write at once, and a function that only views
//! reach has no second writer on the web side. What can still run beside it is
//! any other thread entry (a thread target, an executor job, a scheduler job,
//! an ASGI route, which runs on the server's thread pool whatever the worker
//! count): a function those reach too is not one of these.
//!
//! Without deployment files that decide it, nothing changes: the question is
//! answered only under [`Serving::OneAtATime`].

use rustc_hash::FxHashSet as HashSet;

use super::deployment::Serving;
use super::project::{ProjectIndex, ProjectView, decorated_entries, started_entries};
use super::spread::{self, FnId};

/// The project's functions some thread entry other than a WSGI view reaches.
#[derive(Debug, Default)]
struct OtherThreads(HashSet<FnId>);

/// Whether the module of `m` serves over ASGI: its sync routes run on a thread
/// pool even under one worker process.
fn asgi(index: &ProjectIndex, m: usize) -> bool {
    index.modules[m].imports.iter().any(|i| {
        let root = i.target.trim_start_matches('.');
        root.starts_with("fastapi") || root.starts_with("starlette")
    })
}

fn compute(index: &ProjectIndex) -> OtherThreads {
    let mut seeds = Vec::new();
    for (m, module) in index.modules.iter().enumerate() {
        if super::paths::is_test_module(&module.path) {
            continue;
        }
        let decorated = decorated_entries(index, Some(m), module);
        let started = started_entries(index, Some(m), module);
        for entry in module
            .thread_entries
            .iter()
            .chain(&decorated)
            .chain(&started)
        {
            let Some((tm, tf)) = index.resolve(m, entry) else {
                continue;
            };
            let view = index.modules[tm].functions[tf].effects.route.is_some() && !asgi(index, tm);
            if !view {
                seeds.push((m, (tm, tf), String::new()));
            }
        }
    }
    let reach = spread::compute(seeds, |node| index.sync_callees(node));
    OtherThreads(reach.reached.keys().copied().collect())
}

/// When the deployment serves one request at a time and function `qualname` of
/// the viewed module is reached by no thread entry but WSGI views: the words
/// saying which file decided it ("gunicorn's default single sync worker
/// (Procfile)").
pub fn only_request_thread<'i>(view: &ProjectView<'i>, qualname: &str) -> Option<&'i str> {
    let Serving::OneAtATime(how) = view.index.deployment() else {
        return None;
    };
    let m = view.module?;
    if asgi(view.index, m) {
        return None;
    }
    let f = view.index.function_id(m, qualname)?;
    let others = view.index.memo(compute);
    (!others.0.contains(&(m, f))).then_some(how.as_str())
}
