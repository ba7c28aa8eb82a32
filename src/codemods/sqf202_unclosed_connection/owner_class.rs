//! An object whose connection lives as long as the object, with nothing that
//! ends it: a method sets `self._con = sqlite3.connect(...)` (in `__init__` or a
//! private `_connect()` it calls; or through a local first, `db = connect(p)`,
//! `fill(db)`, `self._db = db`; or opened only when none is parked yet,
//! `conn = self.conn or connect(p)`, and parked afterwards, as a broker's
//! `get()` context manager does: `parked_fallback.rs`), and nothing that
//! runs closes it: no method of
//! the class closes the attribute (another class's close of an attribute of the
//! same name counts only when that class is a project base of this one; code
//! closing it on another object, `store.conn.close()`, counts), nor does the
//! class hand the connection out. Each instance then keeps its connection, file
//! handle included, until the cyclic garbage collector runs
//! (docs/sqlite-facts.md#F-unclosed-lingers). A closing method Python or a
//! framework calls (`__exit__`, `__del__`, a view's `on_timeout`, a cog's
//! `cog_unload`) closes it; one only the instance's maker can call (`close()`)
//! is judged for libraries by closers.rs and for the project's own locals by
//! owned_local.rs.
//!
//! One instance for the process (built at module level, by a cached accessor,
//! stored in a global or on the application) is closed at exit: not reported.
//! Nor a connection the class also stores beyond the instance (a registry
//! `_connections[path] = self.conn`, a global) for later instances to reuse:
//! one per file for the process. Nor, in a one-shot script, a file connection
//! each call drops: the handles wait for the collector or the exit a moment
//! later (semantic/long_running.rs); a database in memory costs its pages
//! in any process and stays reported.
//! Unless the script builds one per item of a loop with the item's own
//! arguments (`Store(item_path)` in the loop, or in a function a loop runs,
//! such as a context manager's generator yielding a fresh one per `with`):
//! then the handles pile up over the run, one per item.
//! Reported when the project builds instances per call (a local, a method
//! called on a fresh instance, one parked on the request), directly or through
//! an owner that keeps it on `self` and is itself built per call.
//! Closed in `__del__` counts as closed: in CPython the object is not part of
//! its connection's reference cycle, so `__del__` runs, and closes it, as
//! soon as the last reference goes.
//! Advice only: the fix is a `close()` on the class and a close where each
//! caller is done with the instance, which only the caller knows.

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use ruff_python_ast::{Expr, Stmt};

use crate::finding::Finding;
use crate::semantic::connection_purpose::Purpose;
use crate::semantic::connections::{ConnSite, Driver, Holder};
use crate::semantic::constructions::{self, Lifetime};
use crate::semantic::refs::ValueRef;
use crate::semantic::{ProjectIndex, long_running, paths, visit};

use super::super::{Context, Meta};
use super::{closers, parked_fallback, per_item};

/// Project-wide: attribute names something closes, and who builds each class.
pub struct Owners {
    closed: HashSet<String>,
    /// Of those, the ones closed on another object (`store.conn.close()`).
    closed_elsewhere: HashSet<String>,
    /// (module, class qualname) → each construction: (building module,
    /// lifetime, built per item of a loop around it).
    built: HashMap<(usize, String), Vec<Built>>,
}

impl Owners {
    fn of(index: &ProjectIndex) -> Owners {
        let mut closed = HashSet::default();
        let mut closed_elsewhere = HashSet::default();
        let mut built: HashMap<(usize, String), Vec<Built>> = HashMap::default();
        for (m, module) in index.modules.iter().enumerate() {
            closed.extend(module.closed_attrs.iter().map(|(a, _)| a.clone()));
            for (attr, on_self) in &module.closed_attrs {
                if !on_self {
                    closed_elsewhere.insert(attr.clone());
                }
            }
            // Test suites build fixtures per test on purpose.
            if paths::is_test_module(&module.path) {
                continue;
            }
            for c in &module.constructions {
                let made = ValueRef::Made(Box::new(c.class.clone()));
                if let Some(class) = index.class_of(m, &made, 0) {
                    built.entry(class).or_default().push((
                        m,
                        c.lifetime.clone(),
                        c.per_item && c.with_args,
                        c.with_args,
                    ));
                }
            }
        }
        Owners {
            closed,
            closed_elsewhere,
            built,
        }
    }

    /// How instances of `class` come and go, when one is built per call:
    /// the sentence that says where.
    fn churn(&self, index: &ProjectIndex, class: &(usize, String), depth: usize) -> Option<String> {
        if depth > 3 {
            return None;
        }
        for (from, lifetime, _, _) in self.built.get(class)? {
            let path = crate::diff::display_path(&index.modules[*from].path);
            match lifetime {
                Lifetime::PerCall(function) => {
                    return Some(format!(
                        "`{function}()` of {path} builds a new `{}` on every call",
                        class.1
                    ));
                }
                Lifetime::Owner(owner) => {
                    if let Some(why) = self.churn(index, &(*from, owner.clone()), depth + 1) {
                        return Some(format!("`{owner}` of {path} keeps one, and {why}"));
                    }
                }
                Lifetime::Process => {}
            }
        }
        None
    }

    /// Where a one-shot command builds instances of `class` once per item of
    /// a loop (in the loop itself, or in a function the loop calls, such as a
    /// context manager's generator that yields a fresh one per `with`): the
    /// sentence that says where.
    fn per_item_churn(
        &self,
        ctx: &Context<'_, '_>,
        class: &(usize, String),
        depth: usize,
    ) -> Option<String> {
        if depth > 3 {
            return None;
        }
        let index = ctx.project.index;
        for (from, lifetime, per_item, with_args) in self.built.get(class)? {
            let path = crate::diff::display_path(&index.modules[*from].path);
            match lifetime {
                Lifetime::Owner(owner) => {
                    if let Some(why) = self.per_item_churn(ctx, &(*from, owner.clone()), depth + 1)
                    {
                        return Some(format!("`{owner}` of {path} keeps one, and {why}"));
                    }
                }
                _ if *per_item => {
                    return Some(format!(
                        "{path} builds a new `{}` on every pass of a loop over items",
                        class.1
                    ));
                }
                Lifetime::PerCall(function)
                    if *with_args && per_item::runs_per_item(index, *from, function) =>
                {
                    return Some(format!(
                        "`{function}()` of {path} builds a new `{}` on every call and runs once per item of a loop",
                        class.1
                    ));
                }
                _ => {}
            }
        }
        None
    }
}

/// A construction: (building module, lifetime, built per item of a loop
/// around it, given arguments). A one-shot command's instances pile up only
/// when each item names its own file (`Store(item_path)`): built with no
/// argument, they reopen one default file the collector soon frees.
type Built = (usize, Lifetime, bool, bool);

/// Attribute names something in the project closes (or disposes).
pub fn closed_attrs(ctx: &Context<'_, '_>) -> std::sync::Arc<Owners> {
    ctx.project.index.memo(Owners::of)
}

impl Owners {
    /// Closed by code outside the objects that keep it (`store.conn.close()`).
    pub fn closed_from_outside(&self, attr: &str) -> bool {
        self.closed_elsewhere.contains(attr)
    }

    /// Something outside test code builds instances of the class, for any lifetime.
    pub fn builds(&self, module: usize, qualname: &str) -> bool {
        self.built.contains_key(&(module, qualname.to_string()))
    }

    /// Something in the project closes an attribute of this name.
    pub fn closes(&self, attr: &str) -> bool {
        self.closed.contains(attr)
    }
}

pub fn check(
    meta: &'static Meta,
    ctx: &Context<'_, '_>,
    sites: &[ConnSite<'_, '_>],
    out: &mut Vec<Finding>,
) {
    let model = ctx.model;
    let mut owners = None;
    let mut long_running = None;
    for site in sites {
        let attr = match &site.holder {
            Holder::SelfAttr(attr) => attr.clone(),
            Holder::Local(name) => match site
                .scope()
                .and_then(|s| constructions::stored_on_self(model, s, name))
            {
                Some(attr) => attr,
                None => continue,
            },
            Holder::Other => match parked_fallback::parked_attr(model, site) {
                Some(attr) => attr,
                None => continue,
            },
            _ => continue,
        };
        let attr = &attr;
        if !matches!(site.driver, Driver::Sqlite3 | Driver::Factory(_)) || awaited(ctx, site) {
            continue;
        }
        let Some(class) = model.scopes.enclosing_class(site.scope()) else {
            continue;
        };
        let read_only = match ctx.purpose(site) {
            None | Some(Purpose::Inspection | Purpose::BackupSource) => false,
            Some(Purpose::ReadOnly) => true,
            Some(_) => continue,
        };
        // An in-memory database holds no file, but its pages stay allocated.
        let in_memory = site
            .call
            .argument(0, "database")
            .is_some_and(|p| matches!(p, Expr::StringLiteral(s) if s.value.to_str() == ":memory:"));
        // Each file connection the project drops costs a file handle until
        // the collector runs: they pile up only in a process that stays up.
        // A one-shot script gives them back at exit. (A library's instances
        // are its callers' to close, below; a database in memory costs its
        // pages in any process.)
        let mut stays_up = || {
            long_running
                .get_or_insert_with(|| long_running::of_project(ctx.project))
                .is_some()
        };
        if read_only && !stays_up() {
            continue;
        }
        let owners = owners.get_or_insert_with(|| ctx.project.index.memo(Owners::of));
        if owners.closed_elsewhere.contains(attr.as_str()) || hands_out(model, class, attr) {
            continue;
        }
        let Some(module) = ctx.project.index.module_id(model.path) else {
            continue;
        };
        let qualname = model.scopes.classes[class].qualname.clone();
        let closers = closers::of(model, class, attr);
        let why = if closers.is_empty() {
            // Another class's `self.<attr>.close()` (a cog closing its own
            // connection in `cog_unload`) closes nothing of this one, unless
            // it is a base class of this one.
            if owners.closed.contains(attr.as_str())
                && closers::project_base(ctx.project.index, module, &qualname)
            {
                continue;
            }
            if !in_memory && !stays_up() {
                // A one-shot command gives its handles back at exit, unless
                // it builds one instance per item of a loop: then they pile
                // up over the run, one descriptor per item.
                owners.per_item_churn(ctx, &(module, qualname.clone()), 0)
            } else {
                owners.churn(ctx.project.index, &(module, qualname.clone()), 0)
            }
        } else if closers::run_by_framework(&closers) {
            // `__exit__`, `__del__`, a view's `on_timeout`: something other
            // than the instance's maker calls it.
            continue;
        } else {
            // Only a `close()` of its own: the library's callers must call it
            // on every path, and nothing helps them (no `with`, no finaliser).
            let built = owners.builds(module, &qualname);
            closers::library_callers(ctx, built, class, &qualname, &closers)
        };
        let Some(why) = why else {
            continue;
        };
        let what = match &site.driver {
            Driver::Factory(name) => format!("`{name}()`"),
            _ => "`sqlite3.connect()`".to_string(),
        };
        let read_only = if read_only { " (read-only)" } else { "" };
        let held = if in_memory {
            "an in-memory database and its pages"
        } else {
            "a connection and its file handle"
        };
        let (message, note) = if closers.is_empty() {
            (
                format!(
                    "{what}{read_only} kept on `self.{attr}` is never closed: nothing closes `{attr}` of a `{qualname}`, and {why}, so each call leaves {held} open until the cyclic garbage collector runs (docs/sqlite-facts.md#F-unclosed-lingers)"
                ),
                format!(
                    "give `{qualname}` a `close()` (and `__enter__`/`__exit__`) that closes `self.{attr}`, and close each instance where its user is done with it (`with contextlib.closing({qualname}(...)) as x:`); or hand it a connection its owner already closes"
                ),
            )
        } else {
            (
                format!(
                    "{what}{read_only} kept on `self.{attr}` is closed only by `{}()`, which nothing of the project calls: {why}, so an instance dropped without it leaves {held} open until the cyclic garbage collector runs (docs/sqlite-facts.md#F-unclosed-lingers)",
                    closers.join("()`/`")
                ),
                format!(
                    "give `{qualname}` `__enter__`/`__exit__` (closing `self.{attr}`) so callers can write `with {qualname}(...) as x:`, and a `__del__` that closes it for instances dropped without `close()`"
                ),
            )
        };
        out.push(Finding::new(meta, site.call.range(), message).with_note(note));
    }
}

fn awaited(ctx: &Context<'_, '_>, site: &ConnSite<'_, '_>) -> bool {
    ctx.model.slice(site.outer).starts_with("await")
}

/// `return self.<attr>` (alone or in a tuple) in a method of the class:
/// whoever receives the connection may close it. Or the method stores it
/// beyond the instance (`_connections[path] = self.conn`, a global): one
/// connection per file, kept for the process and shared by the instances
/// built later, which reuse it instead of connecting.
fn hands_out(model: &crate::semantic::Model<'_>, class: usize, attr: &str) -> bool {
    hands_out_by_return(model, class, attr) || kept_beyond_instance(model, class, attr)
}

fn kept_beyond_instance(model: &crate::semantic::Model<'_>, class: usize, attr: &str) -> bool {
    let def = model.scopes.classes[class].def;
    def.body.iter().any(|method| {
        let Stmt::FunctionDef(method) = method else {
            return false;
        };
        let globals: Vec<&str> = method
            .body
            .iter()
            .filter_map(|s| match s {
                Stmt::Global(g) => Some(g.names.iter().map(|n| n.id.as_str())),
                _ => None,
            })
            .flatten()
            .collect();
        visit::any_stmt(&method.body, |stmt| {
            let Stmt::Assign(assign) = stmt else {
                return false;
            };
            let value_is_attr = matches!(&*assign.value, Expr::Attribute(a) if a.attr.as_str() == attr
                && matches!(&*a.value, Expr::Name(n) if n.id.as_str() == "self"));
            value_is_attr
                && assign.targets.iter().any(|t| match t {
                    Expr::Name(n) => globals.contains(&n.id.as_str()),
                    Expr::Subscript(sub) => {
                        matches!(&*sub.value, Expr::Name(n) if n.id.as_str() != "self")
                    }
                    _ => false,
                })
        })
    })
}

fn hands_out_by_return(model: &crate::semantic::Model<'_>, class: usize, attr: &str) -> bool {
    let is_attr = |e: &Expr| {
        matches!(e, Expr::Attribute(a) if a.attr.as_str() == attr
            && matches!(&*a.value, Expr::Name(n) if n.id.as_str() == "self"))
    };
    let def = model.scopes.classes[class].def;
    def.body.iter().any(|method| {
        let Stmt::FunctionDef(method) = method else {
            return false;
        };
        visit::any_stmt(&method.body, |stmt| {
            let Stmt::Return(ret) = stmt else {
                return false;
            };
            match ret.value.as_deref() {
                Some(Expr::Tuple(t)) => t.elts.iter().any(is_attr),
                Some(e) => is_attr(e),
                None => false,
            }
        })
    })
}
