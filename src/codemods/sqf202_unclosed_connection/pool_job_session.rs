//! A job run on a pool's reused threads (an executor, `asyncio.to_thread`, an
//! APScheduler job) that reaches a SQLAlchemy `scoped_session` on SQLite and
//! never calls `<registry>.remove()`. Requests get a teardown that removes the
//! thread's session; pool threads do not, so the session, its connection and
//! any transaction it began stay bound to the thread after the job returns
//! (semantic::scoped_sessions). The job is followed through the project's sync
//! calls, in every module; a `remove()` anywhere on the way counts as cleanup,
//! and so does a Flask `with app.app_context():` in the job (its teardown runs).

use rustc_hash::FxHashSet as HashSet;

use ruff_python_ast::{Expr, Stmt};
use ruff_text_size::Ranged;

use crate::codemods::{Context, Meta};
use crate::finding::Finding;
use crate::semantic::{threads, visit};

/// How many functions one job's walk visits at most: the walk is per job, and a
/// job reaching this much of a project has long found a session if it uses one.
const WALK_LIMIT: usize = 2000;

type Node = (Option<usize>, String);

/// Whether any module of the project reaches a scoped session registry.
struct AnyRegistry(bool);

impl AnyRegistry {
    fn of(index: &crate::semantic::ProjectIndex) -> AnyRegistry {
        AnyRegistry(
            index
                .modules
                .iter()
                .any(|m| m.functions.iter().any(|f| f.scoped_session.is_some())),
        )
    }
}

pub(super) fn check(meta: &'static Meta, ctx: &Context<'_, '_>, out: &mut Vec<Finding>) {
    let view = ctx.project;
    // Asked once per run, not per file and fix round: the scan of every module
    // made a `--fix` run quadratic in the project's size.
    let any_registry = view
        .own
        .functions
        .iter()
        .any(|f| f.scoped_session.is_some())
        || view.index.memo(AnyRegistry::of).0;
    if !any_registry {
        return;
    }
    let mut reported: HashSet<String> = HashSet::default();
    for entry in threads::pooled_entry_refs(ctx.model) {
        let Some((None, job)) = view.resolve_from(None, &entry) else {
            continue;
        };
        if job.is_async || !reported.insert(job.qualname.clone()) {
            continue;
        }
        let Some(uses) = leaked_sessions(ctx, &job.qualname) else {
            continue;
        };
        let Some(scope) = (0..ctx.model.scopes.functions.len())
            .find(|id| ctx.model.scopes.function(*id).qualname == job.qualname)
        else {
            continue;
        };
        let def = ctx.model.scopes.function(scope).def;
        if pushes_app_context(def) {
            continue;
        }
        let listed: Vec<String> = uses
            .iter()
            .take(3)
            .map(|(module, function, registry)| {
                let path = match module {
                    None => &view.own.path,
                    Some(m) => &view.index.modules[*m].path,
                };
                let path = path.strip_prefix("./").unwrap_or(path).display();
                format!("`{registry}` ({path}, through `{function}`)")
            })
            .collect();
        let message = format!(
            "`{}` runs as a job on a thread pool's reused threads and uses the SQLAlchemy scoped session{} {} without `remove()`: the session stays bound to the pool thread after the job returns, keeping its connection checked out and any transaction it began open until that thread runs another job",
            job.qualname,
            if uses.len() == 1 { "" } else { "s" },
            listed.join(", "),
        );
        out.push(
            Finding::new(meta, def.name.range(), message).with_note(
                "No request teardown runs on pool threads. Call `remove()` on every registry the job reaches in a `finally` at the end of the job (early returns included)",
            ),
        );
    }
}

/// `with app.app_context():` in the job: Flask's teardown, and the registry's
/// removal that projects hang on it, runs when that context ends.
fn pushes_app_context(def: &ruff_python_ast::StmtFunctionDef) -> bool {
    visit::any_stmt(&def.body, |stmt| {
        matches!(stmt, Stmt::With(with) if with.items.iter().any(|item| {
            matches!(&item.context_expr, Expr::Call(call)
                if matches!(&*call.func, Expr::Attribute(a) if a.attr.as_str() == "app_context"))
        }))
    })
}

/// The scoped sessions a job reaches with no `remove()` anywhere on its walk:
/// (module, function, registry) per registry, or `None` when it removes or uses none.
fn leaked_sessions(
    ctx: &Context<'_, '_>,
    job: &str,
) -> Option<Vec<(Option<usize>, String, String)>> {
    let view = ctx.project;
    let mut seen: HashSet<Node> = HashSet::default();
    let mut queue: Vec<Node> = vec![(None, job.to_string())];
    let mut uses: Vec<(Option<usize>, String, String)> = Vec::new();
    while let Some((module, qualname)) = queue.pop() {
        if !seen.insert((module, qualname.clone())) || seen.len() > WALK_LIMIT {
            continue;
        }
        let Some(summary) = view.node_function(module, &qualname) else {
            continue;
        };
        if summary.removes_scoped {
            return None;
        }
        if let Some(registry) = &summary.scoped_session {
            if !uses.iter().any(|(m, _, r)| *m == module && r == registry) {
                uses.push((module, qualname.clone(), registry.clone()));
            }
        }
        for call in &summary.calls {
            if let Some((m, callee)) = view.resolve_from(module, call) {
                if !callee.is_async {
                    queue.push((m, callee.qualname.clone()));
                }
            }
        }
    }
    (!uses.is_empty()).then_some(uses)
}
