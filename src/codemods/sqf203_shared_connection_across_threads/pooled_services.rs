//! Database-backed services built once from a dependency-injection container,
//! kept on `self`, and used from the object's own thread pool
//! (`semantic::di_services`).
//!
//! `setup()` runs `self.books = self.app.services.books()` once, where the
//! `books` provider is handed the container's SQLAlchemy session (a
//! `scoped_session` registry or a session), and the same object (or a subclass
//! of its mixin) runs its work with `self.executor.submit(...)`. Every task on
//! the pool then goes through the services built on the constructing thread.
//! With a plain session the pool threads use one Session, and its connection,
//! at once; with a `scoped_session` each pool thread gets a session of its own
//! that nothing removes when its task ends, so the thread keeps the session's
//! pooled connection and any transaction it left open, holding the write lock
//! (docs/sqlite-facts.md#F-unclosed-session). Reported at the first kept
//! service. Advice only: build the services per task (call the providers in the
//! task) and close or remove the task's session when it ends; the maintainer
//! decides where a task ends.

use rustc_hash::FxHashSet as HashSet;

use super::super::{Context, Meta};
use crate::finding::Finding;
use crate::semantic::di_services;

pub fn check(meta: &'static Meta, ctx: &Context<'_, '_>, out: &mut Vec<Finding>) {
    let model = ctx.model;
    if model.scopes.classes.is_empty() || ctx.in_test_module() {
        return;
    }
    struct Project {
        containers: HashSet<String>,
        backed: HashSet<String>,
        pools: Vec<(String, Vec<String>)>,
    }
    let index = &ctx.project.index;
    let project = index.memo(|index| {
        let backed =
            di_services::database_backed(index.modules.iter().flat_map(|m| m.di_providers.iter()));
        Project {
            containers: index
                .modules
                .iter()
                .flat_map(|m| m.di_containers.iter().cloned())
                .collect(),
            backed,
            pools: index
                .modules
                .iter()
                .flat_map(|m| m.pool_classes.iter().cloned())
                .collect(),
        }
    });
    if project.backed.is_empty() || project.pools.is_empty() {
        return;
    }
    let mut sqlite = None;
    for (c, class) in model.scopes.classes.iter().enumerate() {
        let name = class.def.name.as_str();
        // The pool is the class's own, or a subclass's (the services live in a
        // mixin the pooled class inherits).
        let Some((pooled, _)) = project
            .pools
            .iter()
            .find(|(p, bases)| p == name || bases.iter().any(|b| b == name))
        else {
            continue;
        };
        let kept = di_services::kept_services(model, c, &project.containers, &project.backed);
        let Some(first) = kept.first() else {
            continue;
        };
        let Some(sure) = sqlite.get_or_insert_with(|| on_sqlite(ctx)).clone() else {
            return;
        };
        let attrs: Vec<String> = kept.iter().map(|k| format!("`self.{}`", k.attr)).collect();
        let message = format!(
            "`{}.{}` builds database-backed services from the dependency-injection container once and keeps them ({}), each holding the container's SQLAlchemy session; `{pooled}` runs its work on its own thread pool, so every task uses services, and the session state, built on another thread: a plain session is used by several pool threads at once, and a scoped session left on each pool thread after its task keeps its pooled connection and any open transaction, holding the write lock (docs/sqlite-facts.md#F-unclosed-session){sure}",
            class.qualname,
            first.method,
            attrs.join(", "),
        );
        out.push(Finding::new(meta, first.range, message).with_note(format!(
            "build the services in each task (call the container's `{}` provider there, not once on `self`) and close or remove the task's session when the task ends",
            first.provider
        )));
    }
}

/// How sure the project is that its sessions are on SQLite, as the finding's
/// tail. A container hands `create_engine` the configured URL, so the engine
/// evidence often has none: then a project that names SQLite somewhere and
/// imports no other engine's driver counts as likely.
fn on_sqlite(ctx: &Context<'_, '_>) -> Option<String> {
    match ctx.project.orm_sqlite() {
        Some(crate::semantic::sync_orm::OrmSqlite::Certain) => Some(String::new()),
        Some(crate::semantic::sync_orm::OrmSqlite::Likely(why)) => {
            Some(format!(" (the database is likely SQLite: {why})"))
        }
        None => {
            let modules = &ctx.project.index.modules;
            (modules.iter().any(|m| m.mentions_sqlite) && !modules.iter().any(|m| m.foreign_driver))
                .then(|| {
                    " (the database is likely SQLite: the project names SQLite and no other engine's driver)"
                        .to_string()
                })
        }
    }
}
