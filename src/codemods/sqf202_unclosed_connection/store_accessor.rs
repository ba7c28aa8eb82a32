//! An accessor that builds a new store object on every call
//! (`semantic::store_accessors`): `def store(self): return Store(self.path)` on
//! a context object, where `Store` keeps a sqlite3 connection on `self` (most
//! often opened on first use) and nothing in the project closes it. Each call
//! of the accessor makes one more store, and each store one more connection
//! with its file handle, until the cyclic garbage collector runs
//! (docs/sqlite-facts.md#F-unclosed-lingers); workers that each ask the context
//! for its store (a thread or task per plugin) multiply them.
//!
//! Reported at the construction in the accessor, where the maintainer's fix
//! goes: build the store once per context. Left alone: a store class with a
//! `close()`, `__exit__` or a prompt `__del__` that closes the connection (its
//! callers can close what they get, `with ctx.store() as s:`), an accessor
//! that caches, a temporary database. Advice only: caching the store shares
//! its connection between the callers' threads, which a connection opened with
//! the default check_same_thread refuses.

use ruff_text_size::Ranged;

use super::super::{Context, Meta};
use crate::finding::Finding;
use crate::semantic::project::call_ref;
use crate::semantic::refs::ValueRef;
use crate::semantic::{paths, store_accessors, temporary};

pub fn check(meta: &'static Meta, ctx: &Context<'_, '_>, out: &mut Vec<Finding>) {
    let model = ctx.model;
    let index = &ctx.project.index;
    if paths::is_test_module(model.path) {
        return;
    }
    // Asked by every file's check: answered once per run.
    struct AnyKept(bool);
    let any =
        index.memo(|index| AnyKept(index.modules.iter().any(|m| !m.kept_connections.is_empty())));
    if !any.0 {
        return;
    }
    let Some(module) = index.module_id(model.path) else {
        return;
    };
    let owners = super::owner_class::closed_attrs(ctx);
    for (call, method) in store_accessors::fresh_accessors(model) {
        let Some(made) = call_ref(model, call) else {
            continue;
        };
        let Some((m, class)) = index.class_of(module, &ValueRef::Made(Box::new(made)), 0) else {
            continue;
        };
        let target = &index.modules[m];
        let Some(kept) = target.kept_connections.iter().find(|k| k.class == class) else {
            continue;
        };
        let closes = ["close", "aclose", "__exit__", "__aexit__"]
            .iter()
            .any(|c| index.function_id(m, &format!("{class}.{c}")).is_some());
        if closes
            || owners.closes(&kept.attr)
            || target.closed_on_del.contains(&class)
            || call.expr.arguments.args.first().is_some_and(|p| {
                temporary::is_temporary_path(model, p, Some(method), call.range().start())
            })
        {
            continue;
        }
        let f = model.scopes.function(method);
        let shown = crate::diff::display_path(&target.path);
        let opened = if kept.lazy {
            "opens its own connection on first use"
        } else {
            "opens its own connection when built"
        };
        // A property is called by every read of the attribute.
        let property = f
            .def
            .decorator_list
            .iter()
            .any(|d| model.slice(d.expression.range()).ends_with("property"));
        let (accessor, each) = if property {
            (format!("The property `{}`", f.qualname), "read of")
        } else {
            (format!("`{}()`", f.qualname), "call of")
        };
        let message = format!(
            "{accessor} builds a new `{class}` on every {each} it and caches none: each `{class}` {opened} (`self.{}`, {shown}:{}) and nothing closes it, so every {each} `{}` adds a connection and its file handle, left open until the cyclic garbage collector runs; callers on several threads or tasks multiply them, and in rollback mode their reads hold off writers (docs/sqlite-facts.md#F-unclosed-lingers)",
            kept.attr,
            kept.line,
            f.name(),
        );
        out.push(Finding::new(meta, call.range(), message).with_note(format!(
            "build the store once per `{}` (`if self._store is None: self._store = {class}(...)`, or `functools.cached_property`) so its connection is opened once, shared under a lock or opened with check_same_thread=False if threads use it; or give `{class}` a `close()` and close each one where its caller is done",
            model.scopes.classes[f.class.unwrap_or_default()].def.name
        )));
    }
}
