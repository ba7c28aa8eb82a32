//! A `close()` that closes the wrong thing: the class keeps a connection on
//! `self` (`sqlite3.connect(...)`, or `self.engine.connect()` of a SQLAlchemy
//! engine it also keeps) and its `close()` closes other attributes (a session,
//! a file) but never that connection nor the engine, and nothing else in the
//! project does. Callers that close the object properly still leave the
//! connection, its file handle and the engine's pool open until garbage
//! collection (docs/sqlite-facts.md#F-unclosed-lingers). Not for a private
//! in-memory database (or a setting that defaults to one) opened once for the
//! object: no file handle, no lock, its pages go at exit
//! (docs/sqlite-facts.md#F-private-memory).
//!
//! An engine's pool is released through the engine or its `pool`
//! (`self.engine.pool.dispose()` counts). An async engine's is not released by
//! a sync `dispose()` of its `sync_engine` facade: each aiosqlite connection's
//! close needs the event loop, raises MissingGreenlet, and the pool logs and
//! swallows it, so the connections' worker threads stay and keep the process
//! from exiting (docs/sqlite-facts.md#F-async-engine-sync-dispose); only
//! `await engine.dispose()` closes them. The message says so where `close()`
//! takes that path.
//!
//! The fix appends to `close()` the missing `self.<conn>.close()` and
//! `self.<engine>.dispose()` for attributes `__init__` always sets (`await
//! self.<engine>.dispose()` for an async engine, only in an `async def
//! close()`: a sync one cannot await it). Unsafe: code that used the
//! connection after `close()` worked before and fails after.

use std::collections::BTreeMap;

use ruff_python_ast::{Expr, Stmt};
use ruff_text_size::Ranged;

use super::super::{Context, Meta};
use super::owner_class::closed_attrs;
use crate::finding::Finding;
use crate::fix::{Edit, Fix, codegen};
use crate::semantic::connections::{ConnSite, Driver, Holder};
use crate::semantic::model::Target;
use crate::semantic::scopes::ClassId;
use crate::semantic::visit;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Connection,
    Engine,
    /// `create_async_engine(...)`: disposed only by awaiting its `dispose()`.
    AsyncEngine,
}

/// The name of the function `value` calls when it makes an engine here:
/// `create_engine(...)`, `create_async_engine(...)` or a `make_engine(...)`-style
/// helper, not a shared one handed out by a getter.
fn engine_name(value: &Expr) -> Option<&str> {
    let Expr::Call(call) = value else {
        return None;
    };
    let name = match &*call.func {
        Expr::Name(n) => n.id.as_str(),
        Expr::Attribute(a) => a.attr.as_str(),
        _ => return None,
    };
    let engine = name == "create_engine"
        || (name.ends_with("_engine")
            && ["make_", "new_", "build_", "create_"]
                .iter()
                .any(|p| name.starts_with(p)));
    engine.then_some(name)
}

pub fn check(
    meta: &'static Meta,
    ctx: &Context<'_, '_>,
    sites: &[ConnSite<'_, '_>],
    out: &mut Vec<Finding>,
) {
    let model = ctx.model;
    if model.scopes.classes.is_empty() {
        return;
    }
    // Per class: attributes holding connections and engines, with whether
    // `__init__` always sets them (gathered once per module).
    let mut held: BTreeMap<ClassId, Vec<(String, Kind, bool)>> = BTreeMap::new();
    let mut add = |class: ClassId, attr: &str, kind: Kind, always: bool| {
        let list = held.entry(class).or_default();
        if !list.iter().any(|(a, _, _)| a == attr) {
            list.push((attr.to_string(), kind, always));
        }
    };
    let in_init_body = |scope: Option<usize>, stmt: &Stmt| {
        scope.is_some_and(|id| {
            let f = model.scopes.function(id);
            f.name() == "__init__" && f.def.body.iter().any(|s| s.range() == stmt.range())
        })
    };
    for site in sites {
        let Holder::SelfAttr(attr) = &site.holder else {
            continue;
        };
        if !matches!(site.driver, Driver::Sqlite3 | Driver::Factory(_)) {
            continue;
        }
        // A private in-memory database holds no file handle and no lock: kept
        // for the object's life it costs its pages until exit, which matters
        // only where it is opened per item.
        if super::in_memory(ctx, site) && super::per_item::repetition(ctx, site).is_none() {
            continue;
        }
        if let Some(class) = model.scopes.enclosing_class(site.scope()) {
            add(
                class,
                attr,
                Kind::Connection,
                in_init_body(site.scope(), site.stmt()),
            );
        }
    }
    // On SQLite, as far as the module or the project's sessions show.
    let on_sqlite = ctx.project.orm_sqlite().is_some() || model.text.contains("sqlite");
    let mut engines: Vec<(ClassId, String)> = Vec::new();
    for a in &model.assignments {
        let Target::SelfAttr(attr) = &a.target else {
            continue;
        };
        let Some(class) = model.scopes.enclosing_class(a.scope) else {
            continue;
        };
        if let Some(name) = engine_name(a.value).filter(|_| on_sqlite) {
            engines.push((class, attr.clone()));
            let kind = if name == "create_async_engine" {
                Kind::AsyncEngine
            } else {
                Kind::Engine
            };
            add(class, attr, kind, in_init_body(a.scope, a.stmt));
        }
    }
    // `self.conn = self.engine.connect()`
    for a in &model.assignments {
        let (Target::SelfAttr(attr), Expr::Call(call)) = (&a.target, a.value) else {
            continue;
        };
        let Some(class) = model.scopes.enclosing_class(a.scope) else {
            continue;
        };
        let Expr::Attribute(method) = &*call.func else {
            continue;
        };
        let on_engine = matches!(&*method.value, Expr::Attribute(e)
            if matches!(&*e.value, Expr::Name(n) if n.id.as_str() == "self")
                && engines.iter().any(|(c, n)| *c == class && n == e.attr.as_str()));
        if method.attr.as_str() == "connect" && on_engine {
            add(class, attr, Kind::Connection, in_init_body(a.scope, a.stmt));
        }
    }
    if held.is_empty() {
        return;
    }
    let closed = closed_attrs(ctx);
    // Closed on `self` by some class of this module (a base's `close()`, a
    // helper), read from the module as it is now (the fix loop re-checks it).
    let closed_here = crate::semantic::constructions::closed_attrs(model);
    let closed_here: Vec<&str> = closed_here
        .iter()
        .filter(|(_, on_self)| *on_self)
        .map(|(a, _)| a.as_str())
        .collect();
    for (class, attrs) in held {
        let Some(close) = model.scopes.method(class, "close") else {
            continue;
        };
        let def = model.scopes.function(close).def;
        // A `close()` that closes something of its own: its author meant it to
        // end the object's resources.
        let closes_some = visit::any_expr(&def.body, |e| {
            matches!(e, Expr::Call(c) if matches!(&*c.func, Expr::Attribute(m)
                if matches!(m.attr.as_str(), "close" | "dispose" | "remove")
                    && matches!(&*m.value, Expr::Attribute(o)
                        if matches!(&*o.value, Expr::Name(n) if n.id.as_str() == "self"))))
        });
        // `super().close()` may close what a base class opened.
        let defers = visit::any_expr(
            &def.body,
            |e| matches!(e, Expr::Call(c) if matches!(&*c.func, Expr::Name(n) if n.id.as_str() == "super")),
        );
        // A failed release of an async engine through its sync facade is
        // also meant to end the object's resources.
        let closes_some = closes_some
            || attrs
                .iter()
                .any(|(a, k, _)| *k == Kind::AsyncEngine && disposes_facade(&def.body, a));
        if !closes_some || defers {
            continue;
        }
        let mut open: Vec<(String, Kind, bool)> = attrs
            .into_iter()
            .filter(|(a, _, _)| {
                !closed.closed_from_outside(a.as_str()) && !closed_here.contains(&a.as_str())
            })
            .collect();
        if open.is_empty() {
            continue;
        }
        // Connections before the engines they come from.
        open.sort_by_key(|(_, k, _)| *k != Kind::Connection);
        let names: Vec<String> = open.iter().map(|(a, _, _)| format!("`self.{a}`")).collect();
        let qualname = &model.scopes.classes[class].qualname;
        let facades: Vec<String> = open
            .iter()
            .filter(|(a, k, _)| *k == Kind::AsyncEngine && disposes_facade(&def.body, a))
            .map(|(a, _, _)| format!("`self.{a}.sync_engine.dispose()`"))
            .collect();
        let message = if facades.is_empty() {
            format!(
                "`{qualname}.close()` leaves {} open: it closes other attributes but not these, so closing the object keeps the connection and its file handle until garbage collection (docs/sqlite-facts.md#F-unclosed-lingers)",
                names.join(" and ")
            )
        } else {
            format!(
                "`{qualname}.close()` leaves {} open: {} closes none of an aiosqlite engine's pooled connections (each close needs the event loop, raises MissingGreenlet, and the pool logs and swallows it), so their worker threads stay and keep the process from exiting (docs/sqlite-facts.md#F-async-engine-sync-dispose)",
                names.join(" and "),
                facades.join(" and ")
            )
        };
        let finding = Finding::new(meta, def.range(), message);
        let text = model.text;
        let last = def.body.last();
        let is_async = model.scopes.function(close).is_async();
        let fixable = open.iter().all(|(_, _, always)| *always)
            && last.is_some_and(|s| codegen::owns_lines(text, s))
            && (is_async || open.iter().all(|(_, k, _)| *k != Kind::AsyncEngine));
        let Some(last) = last.filter(|_| fixable) else {
            let how = if open.iter().any(|(_, k, _)| *k == Kind::AsyncEngine) {
                "close each of them (a connection's `close()`, an engine's `dispose()`); an async engine only by `await engine.dispose()` on the event loop, so from an `async def aclose()` the application's shutdown hook awaits"
            } else {
                "close each of them in `close()` (a connection's `close()`, an engine's `dispose()`), guarded where `__init__` may not have set it"
            };
            out.push(finding.with_note(how.to_string()));
            continue;
        };
        let indent = codegen::indentation_at(text, def.body[0].start()).to_string();
        let nl = model.stylist.newline.as_str();
        let mut added = String::new();
        for (attr, kind, _) in &open {
            let call = match kind {
                Kind::Connection => "close",
                Kind::Engine => "dispose",
                Kind::AsyncEngine => {
                    added.push_str(&format!("{indent}await self.{attr}.dispose(){nl}"));
                    continue;
                }
            };
            added.push_str(&format!("{indent}self.{attr}.{call}(){nl}"));
        }
        let at = codegen::next_line_start(text, last.end());
        let edit = if at == last.end() {
            Edit::insert(at, format!("{nl}{}", added.trim_end_matches(nl)))
        } else {
            Edit::insert(at, added)
        };
        out.push(finding.with_fix(Fix::unsafe_(
            format!("Close them in `{qualname}.close()`"),
            vec![edit],
        )));
    }
}

/// `self.<attr>.sync_engine.dispose()` somewhere in `body`: the sync facade of
/// an async engine, which cannot close its aiosqlite connections.
fn disposes_facade(body: &[Stmt], attr: &str) -> bool {
    visit::any_expr(body, |e| {
        let Expr::Call(c) = e else {
            return false;
        };
        let Expr::Attribute(m) = &*c.func else {
            return false;
        };
        m.attr.as_str() == "dispose"
            && matches!(&*m.value, Expr::Attribute(facade) if facade.attr.as_str() == "sync_engine"
                && matches!(&*facade.value, Expr::Attribute(o) if o.attr.as_str() == attr
                    && matches!(&*o.value, Expr::Name(n) if n.id.as_str() == "self")))
    })
}
