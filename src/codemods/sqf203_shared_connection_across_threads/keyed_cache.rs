//! A per-key connection cache on an object: a method opens
//! `self._conns[key] = sqlite3.connect(...)` the first time any caller asks
//! for that key, with the default `check_same_thread=True`, and returns the
//! cached one afterwards. When the methods that reach the cache run on
//! different threads (command handlers started on threads of their own, a
//! scheduler thread), the second thread to ask for a key gets a connection
//! another thread created, and its first statement raises ProgrammingError
//! (docs/sqlite-facts.md#F-same-thread).
//!
//! Reported when at least two of the class's methods that reach the opener
//! (directly or through its other methods) run on worker threads started from
//! different entry points. Left alone: a cache whose key names the thread
//! (`threading.get_ident()`, `current_thread()`), one kept in a
//! `threading.local()` (no subscript of `self`), a connection opened with
//! `check_same_thread=False`, and a cache that only one thread's code reaches.
//! Advice only: `check_same_thread=False` needs a lock around each use, and a
//! per-thread cache changes how many connections are open.

use std::collections::BTreeSet;

use ruff_python_ast::{Expr, Stmt};

use super::instance::Threads;
use crate::finding::Finding;
use crate::semantic::Callee;
use crate::semantic::connections::{ConnSite, Driver, Holder};
use crate::semantic::model::Model;
use crate::semantic::scopes::FuncId;

use super::super::{Context, Meta};

pub fn check(
    meta: &'static Meta,
    ctx: &Context<'_, '_>,
    known: &mut Option<Threads>,
    out: &mut Vec<Finding>,
) {
    let model = ctx.model;
    for site in ctx.sites() {
        if site.driver != Driver::Sqlite3 || !matches!(site.holder, Holder::Other) {
            continue;
        }
        if site.call.keyword("check_same_thread").is_some() {
            continue;
        }
        let Some(attr) = cache_attr(model, site) else {
            continue;
        };
        let Some(opener) = site.scope() else {
            continue;
        };
        let Some(class) = model.scopes.function(opener).class else {
            continue;
        };
        let known = known.get_or_insert_with(|| Threads::of(ctx.project, model));
        let mut roots: BTreeSet<(String, String)> = BTreeSet::new();
        for method in reaching_methods(model, class, opener) {
            let qualname = &model.scopes.function(method).qualname;
            // The opener itself is named through the methods that call it.
            if let Some(root) = known.worker_root(qualname)
                && (method != opener || root == qualname)
            {
                roots.insert((root.to_string(), qualname.clone()));
            }
        }
        let distinct: BTreeSet<&str> = roots.iter().map(|(r, _)| r.as_str()).collect();
        if distinct.len() < 2 {
            continue;
        }
        let users: Vec<String> = roots
            .iter()
            .map(|(root, method)| {
                if root == method {
                    format!("`{method}` runs on worker threads")
                } else {
                    format!("`{method}` runs on a thread started on `{root}`")
                }
            })
            .collect();
        let message = format!(
            "`sqlite3.connect()` cached in `self.{attr}[...]` by the first thread that asks for a key, with the default `check_same_thread=True`, is handed to whichever thread asks for that key later: {}; the second thread's first statement on it raises ProgrammingError (docs/sqlite-facts.md#F-same-thread)",
            users.join(", ")
        );
        out.push(Finding::new(meta, site.call.range(), message).with_note(format!(
            "key the cache by thread as well (`(key, threading.get_ident())`) or keep it in a `threading.local()`; or open with `check_same_thread=False` and hold one lock around every use of `self.{attr}[...]`"
        )));
    }
}

/// `self.<attr>[key] = sqlite3.connect(...)` whose key does not name a thread.
fn cache_attr(model: &Model<'_>, site: &ConnSite<'_, '_>) -> Option<String> {
    let Stmt::Assign(assign) = site.call.stmt else {
        return None;
    };
    let [Expr::Subscript(sub)] = assign.targets.as_slice() else {
        return None;
    };
    if !matches!(&*assign.value, Expr::Call(_))
        || site.outer != ruff_text_size::Ranged::range(&*assign.value)
    {
        return None;
    }
    let Expr::Attribute(a) = &*sub.value else {
        return None;
    };
    if !matches!(&*a.value, Expr::Name(n) if n.id.as_str() == "self") {
        return None;
    }
    let key = model
        .slice(ruff_text_size::Ranged::range(&*sub.slice))
        .to_ascii_lowercase();
    if key.contains("thread") || key.contains("ident") {
        return None;
    }
    Some(a.attr.to_string())
}

/// The class's methods that run the opener: itself and those that call it
/// through `self.<method>()`, transitively.
fn reaching_methods(model: &Model<'_>, class: usize, opener: FuncId) -> Vec<FuncId> {
    let mut found = vec![opener];
    let mut i = 0;
    while i < found.len() {
        let target = model.scopes.function(found[i]).name().to_string();
        for call in &model.calls {
            let Some(caller) = call.scope else { continue };
            if found.contains(&caller) || model.scopes.function(caller).class != Some(class) {
                continue;
            }
            if matches!(&call.callee, Callee::SelfMethod(m) if *m == target) {
                found.push(caller);
            }
        }
        i += 1;
    }
    found
}
