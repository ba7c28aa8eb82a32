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
use crate::finding::{Finding, Root};
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
    store_side(meta, ctx, module, &owners, out);
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
        if closed(index, m, kept, &owners)
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
        out.push(Finding::new(meta, call.range(), message).with_root(root(&target.path, &class)).with_note(format!(
            "build the store once per `{}` (`if self._store is None: self._store = {class}(...)`, or `functools.cached_property`) so its connection is opened once, shared under a lock or opened with check_same_thread=False if threads use it; or give `{class}` a `close()` and close each one where its caller is done",
            model.scopes.classes[f.class.unwrap_or_default()].def.name
        )));
    }
}

/// Whether something closes the connection instances of `kept.class` keep: a
/// `close()` or `__exit__` whose module closes something kept on `self` (an
/// `__exit__` that only returns, there so the store can sit in a `with`,
/// closes nothing), a close of the attribute anywhere, a prompt `__del__`.
/// Whether the class of a kept connection closes it (or something closes it
/// for it): when not, this file's finding is the root, and a chain that drops
/// the store (owned_local.rs) adds nothing.
pub(super) fn closed(
    index: &crate::semantic::ProjectIndex,
    m: usize,
    kept: &store_accessors::KeptConnection,
    owners: &super::owner_class::Owners,
) -> bool {
    let target = &index.modules[m];
    let class = &kept.class;
    let closes = ["close", "aclose", "__exit__", "__aexit__"]
        .iter()
        .any(|c| index.function_id(m, &format!("{class}.{c}")).is_some())
        && target.closed_attrs.iter().any(|(_, on_self)| *on_self);
    closes || owners.closes(&kept.attr) || target.closed_on_del.contains(class)
}

/// One root for the accessor's finding and the store's: the store class that
/// the accessor builds anew.
fn root(store_path: &std::path::Path, class: &str) -> Root {
    let shown = crate::diff::display_path(store_path);
    Root::new(
        format!("store-accessor:{shown}:{class}"),
        format!("the `{class}` of {shown}, which an accessor builds anew on every call"),
    )
}

/// The store's module: each kept connection whose class an accessor somewhere
/// in the project builds per call is reported at its connect as well, where
/// the connection is opened and kept.
fn store_side(
    meta: &'static Meta,
    ctx: &Context<'_, '_>,
    module: usize,
    owners: &super::owner_class::Owners,
    out: &mut Vec<Finding>,
) {
    let model = ctx.model;
    let index = &ctx.project.index;
    let here = &index.modules[module];
    for kept in &here.kept_connections {
        if closed(index, module, kept, owners) {
            continue;
        }
        let accessor = index.modules.iter().enumerate().find_map(|(m, summary)| {
            if paths::is_test_module(&summary.path) {
                return None;
            }
            summary.fresh_accessors.iter().find_map(|a| {
                let made = ValueRef::Made(Box::new(a.made.clone()));
                index
                    .class_of(m, &made, 0)
                    .is_some_and(|(cm, class)| cm == module && class == kept.class)
                    .then_some((m, a))
            })
        });
        let Some((m, accessor)) = accessor else {
            continue;
        };
        let Some(call) = model.calls.iter().find(|c| {
            crate::semantic::connections::is_sqlite3_connect(c)
                && model.line_column(c.range().start()).0 == kept.line
        }) else {
            continue;
        };
        let shown = crate::diff::display_path(&index.modules[m].path);
        let (what, each) = if accessor.property {
            (format!("the property `{}`", accessor.qualname), "read")
        } else {
            (format!("`{}()`", accessor.qualname), "call")
        };
        let opened = if kept.lazy {
            "on first use"
        } else {
            "when built"
        };
        let message = format!(
            "Each `{}` opens this connection {opened} and keeps it on `self.{}`, and nothing closes it; {what} ({shown}:{}) builds a new `{}` on every {each}, so every {each} adds a connection and its file handle, left open until the cyclic garbage collector runs (docs/sqlite-facts.md#F-unclosed-lingers)",
            kept.class, kept.attr, accessor.line, kept.class
        );
        out.push(
            Finding::new(meta, call.range(), message)
                .with_root(root(model.path, &kept.class))
                .with_note(format!(
                    "open the connection once per store and build the store once per owner (cache what {what} returns), or give `{}` a `close()` that closes `self.{}` and close each store where its user is done",
                    kept.class, kept.attr
                )),
        );
    }
}
