//! A connection an object opens in `__init__` with the default
//! `check_same_thread=True`, whose methods then run on another thread: the
//! object is built on one thread (the main thread, a request, a constructor of
//! another object) and its bound methods run on a worker thread, where every use
//! of the connection raises ProgrammingError (docs/sqlite-facts.md#F-same-thread).
//!
//! "Shared" is decided per method call that reaches the object from a thread:
//! a bound method handed to a thread or pool (`Thread(target=self.poll)`,
//! `pool.submit(store.save, x)`), the `run()` of a `threading.Thread` subclass,
//! or a call on an instance the thread code did not construct itself (a module
//! singleton, `self.store`, a parameter typed by the object model). An instance
//! the thread function builds itself (`db = Store(p); db.save()`) lives and dies
//! on that thread, and is left alone. In a program that has threads, a hook a
//! library calls from whichever thread the event happens on (`emit` of a
//! `logging.Handler`, `on_end` of a span processor) runs off the building
//! thread too: the handler's lock does not help here (F-same-thread).

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::collections::BTreeSet;

use ruff_python_ast::{Expr, Stmt};
use ruff_text_size::Ranged;

use crate::semantic::connections::{ConnSite, Holder};

use crate::semantic::facts::{self, Node};
use crate::semantic::library_dispatch;
use crate::semantic::model::Model;
use crate::semantic::objects::ValueRef;
use crate::semantic::project::{CallRef, ProjectView};
use crate::semantic::scopes::FuncId;
use crate::semantic::second_party::{self, SecondParty};
use crate::semantic::threads;
use crate::semantic::transactions::scope_stmts;

/// The project's thread facts, computed once per checked module.
pub struct Threads {
    /// Functions run on worker threads, with the entry point that gets them there.
    threaded: HashMap<Node, String>,
    /// This module's functions reached from any thread entry (incl. sync routes).
    reachable: HashSet<Node>,
    /// The program has threads, so library hooks called from any thread
    /// (`library_dispatch::any_thread_hooks`) run off the thread that built
    /// their object.
    has_threads: bool,
}

impl Threads {
    pub fn of(view: &ProjectView<'_>, model: &Model<'_>) -> Self {
        let mut reachable = facts::thread_reachable(view);
        // A threading server's request handlers in this module.
        for r in library_dispatch::request_handler_refs(model) {
            if let CallRef::Local(qualname) = r {
                reachable.insert((None, qualname));
            }
        }
        let mut threaded = threads::threaded_nodes(view);
        // Server threads of any module (a threading server's handlers, a gRPC
        // servicer) running code that reaches the object.
        for (node, root) in threads::server_nodes(view) {
            threaded.entry(node).or_insert(root);
        }
        Threads {
            threaded,
            reachable,
            has_threads: project_has_threads(view),
        }
    }
}

impl Threads {
    /// The entry point that runs a function of the checked module on worker
    /// threads (its own name when it is handed to the thread itself).
    pub fn worker_root(&self, qualname: &str) -> Option<&str> {
        self.threaded
            .get(&(None, qualname.to_string()))
            .map(String::as_str)
    }

    /// Why a function of module `module` (`None`: the checked one) runs on a
    /// worker thread, and the entry that gets it there when one does.
    pub fn worker_in(
        &self,
        module: Option<usize>,
        qualname: &str,
    ) -> Option<(String, Option<String>)> {
        if module.is_none() {
            let why = self.runs_on_worker(qualname)?;
            return Some((why, self.worker_root(qualname).map(str::to_string)));
        }
        let node = (module, qualname.to_string());
        if let Some(root) = self.threaded.get(&node) {
            let why = if root == qualname {
                format!("`{qualname}` runs on worker threads")
            } else {
                format!("`{qualname}` runs on a worker thread (started on `{root}`)")
            };
            return Some((why, Some(root.clone())));
        }
        self.reachable.contains(&node).then(|| {
            (
                format!("`{qualname}` is reached from a thread entry point"),
                None,
            )
        })
    }

    /// Why a function of the checked module runs on a worker thread, if it does.
    pub fn runs_on_worker(&self, qualname: &str) -> Option<String> {
        let node = (None, qualname.to_string());
        if let Some(root) = self.threaded.get(&node) {
            return Some(if root == qualname {
                format!("`{qualname}` runs on worker threads")
            } else {
                format!("`{qualname}` runs on a worker thread (started on `{root}`)")
            });
        }
        self.reachable
            .contains(&node)
            .then(|| format!("`{qualname}` is reached from a thread entry point"))
    }
}

/// Methods of the connection's class that run on a thread other than the one
/// that built the instance, each with what runs it there (for the message).
pub fn crossing_methods(
    model: &Model<'_>,
    view: &ProjectView<'_>,
    known: &Threads,
    init: FuncId,
    users: &[FuncId],
) -> Vec<(FuncId, String)> {
    match model.scopes.function(init).class {
        Some(class) => crossing_methods_of(model, view, known, class, users)
            .into_iter()
            .filter(|(id, _)| *id != init)
            .collect(),
        None => Vec::new(),
    }
}

/// [`crossing_methods`] of a class given by id: also the class of an object
/// the connection was handed to, built on the same thread as its owner.
pub fn crossing_methods_of(
    model: &Model<'_>,
    view: &ProjectView<'_>,
    known: &Threads,
    class: usize,
    users: &[FuncId],
) -> Vec<(FuncId, String)> {
    let shared = shared_methods(model, view, known, class);
    let mut out: Vec<(FuncId, String)> = users
        .iter()
        .copied()
        .filter(|id| {
            let f = model.scopes.function(*id);
            !f.is_async() && f.class == Some(class) && f.name() != "__init__"
        })
        .filter_map(|id| {
            let why = shared.get(&model.scopes.function(id).qualname)?;
            Some((id, why.clone()))
        })
        .collect();
    out.sort_by_key(|(id, _)| *id);
    out.dedup_by_key(|(id, _)| *id);
    out
}

/// A sync method other than `__init__` that opens the object's connection
/// onto `self` as a statement of its own body, with no test around it (`def
/// open(self): self.conn = sqlite3.connect(self.path)`): once called, the object
/// keeps that connection for every later call, as it would a constructor's. One
/// opened under a test of the attribute (on first use) is the lazy-connection
/// checks' question.
pub fn plain_opener(model: &Model<'_>, site: &ConnSite<'_, '_>) -> bool {
    let Holder::SelfAttr(_) = &site.holder else {
        return false;
    };
    let Some(id) = site.scope() else {
        return false;
    };
    let f = model.scopes.function(id);
    f.class.is_some()
        && f.name() != "__init__"
        && !f.is_async()
        && f.def.decorator_list.is_empty()
        && f.def.body.iter().any(|s| s.range() == site.stmt().range())
}

/// Whether method `id` itself runs on a worker thread (so an object's
/// connection it opens is opened there, not on the thread that built it).
pub fn opener_on_worker(
    model: &Model<'_>,
    view: &ProjectView<'_>,
    known: &Threads,
    id: FuncId,
) -> bool {
    let f = model.scopes.function(id);
    f.class
        .is_some_and(|class| shared_methods(model, view, known, class).contains_key(&f.qualname))
}

/// The methods of `class` that run on a thread other than the one that built
/// the instance, by qualname, each with what runs it there.
pub(super) fn shared_methods(
    model: &Model<'_>,
    view: &ProjectView<'_>,
    known: &Threads,
    class: usize,
) -> HashMap<String, String> {
    let class_qualname = model.scopes.classes[class].qualname.clone();
    let prefix = format!("{class_qualname}.");
    let own_methods: Vec<FuncId> = (0..model.scopes.functions.len())
        .filter(|id| model.scopes.function(*id).class == Some(class))
        .collect();
    let threaded = &known.threaded;
    let reachable = &known.reachable;

    // Methods whose instance was built off the thread they run on, with why.
    let mut shared: HashMap<String, String> = HashMap::default();
    if is_thread_subclass(model, class) {
        shared.insert(
            format!("{class_qualname}.run"),
            format!("the thread `{class_qualname}` starts (`run`)"),
        );
    }
    for id in &own_methods {
        let qualname = &model.scopes.function(*id).qualname;
        if let Some(root) = threaded.get(&(None, qualname.clone())) {
            if root == qualname || root.starts_with(&prefix) {
                shared.entry(qualname.clone()).or_insert_with(|| {
                    format!("a worker thread started on the bound method `{root}`")
                });
            }
        }
    }
    // Ordered, so the first caller that claims a method (and so the thread the
    // message names) is the same on every run.
    let callers: BTreeSet<Node> = threaded
        .keys()
        .cloned()
        .chain(reachable.iter().cloned())
        .collect();
    for caller in &callers {
        let Some(summary) = facts::summary_of(view, caller) else {
            continue;
        };
        if summary.is_async || summary.qualname.starts_with(&prefix) && caller.0.is_none() {
            continue;
        }
        for (i, call) in summary.calls.iter().enumerate() {
            if !handed_in(summary, i, caller, threaded, reachable)
                && built_here(model, view, caller.0, call)
            {
                continue;
            }
            let Some((None, callee)) = view.resolve_from(caller.0, call) else {
                continue;
            };
            if !callee.qualname.starts_with(&prefix) || shared.contains_key(&callee.qualname) {
                continue;
            }
            let root = threaded.get(caller).map_or_else(
                || {
                    format!(
                        "`{}`, which runs on the framework's thread pool",
                        summary.qualname
                    )
                },
                |root| {
                    if *root == summary.qualname {
                        format!("`{root}`, which runs on worker threads")
                    } else {
                        format!(
                            "`{}` on a worker thread (started on `{root}`)",
                            summary.qualname
                        )
                    }
                },
            );
            shared.insert(callee.qualname.clone(), root);
        }
    }
    // A hook the library calls on whichever thread logs or ends a span.
    if known.has_threads {
        for hook in library_dispatch::any_thread_hooks(model) {
            let f = model.scopes.function(hook.function);
            if f.class == Some(class) {
                shared
                    .entry(f.qualname.clone())
                    .or_insert_with(|| format!("`{}`: {}", f.qualname, hook.why));
            }
        }
    }
    // A shared instance stays shared through its own `self.method()` calls.
    let mut frontier: Vec<String> = shared.keys().cloned().collect();
    while let Some(qualname) = frontier.pop() {
        let Some(id) = own_methods
            .iter()
            .copied()
            .find(|id| model.scopes.function(*id).qualname == qualname)
        else {
            continue;
        };
        let Some(summary) = view.own_function(&model.scopes.function(id).qualname) else {
            continue;
        };
        let why = shared[&qualname].clone();
        for call in &summary.calls {
            if let CallRef::SelfMethod { name, .. } = call {
                let callee = format!("{class_qualname}.{name}");
                if !shared.contains_key(&callee) {
                    shared.insert(callee.clone(), why.clone());
                    frontier.push(callee);
                }
            }
        }
    }
    shared
}

/// Call `i` of `caller` is made on a parameter whose value another thread
/// built, even when an annotation names its class (which reads like
/// `Store(...)`): the parameter of the function a thread was started on (its
/// arguments come from the starting thread), or of a function enclosing the
/// caller (a closure: a handler class or callback defined inside the function
/// that received the object) that itself runs on no worker thread.
fn handed_in(
    summary: &crate::semantic::project::FunctionSummary,
    i: usize,
    caller: &Node,
    threaded: &HashMap<Node, String>,
    reachable: &HashSet<Node>,
) -> bool {
    let Some((_, owner)) = summary.param_receivers.iter().find(|(at, _)| *at == i) else {
        return false;
    };
    if *owner == summary.qualname {
        return threaded.get(caller) == Some(owner);
    }
    let node = (caller.0, owner.clone());
    !threaded.contains_key(&node) && !reachable.contains(&node)
}

/// `Store(...).save()` or `db = Store(...); db.save()` in the caller: an instance
/// the caller built on its own thread. A factory counts when what it returns is
/// made in the call; one that hands out a module-level instance
/// (`return _store`) shares it.
fn built_here(
    model: &Model<'_>,
    view: &ProjectView<'_>,
    from: Option<usize>,
    call: &CallRef,
) -> bool {
    let CallRef::On {
        value: ValueRef::Made(made),
        ..
    } = call
    else {
        return false;
    };
    match view.resolve_from(from, made) {
        Some((module, factory)) => {
            let shared = matches!(
                factory.returns,
                Some(ValueRef::Named(_) | ValueRef::Attr(..))
            ) || (module.is_none() && returns_global(model, &factory.qualname));
            !shared
        }
        None => true,
    }
}

/// A function of this module that returns a name it declares `global`: the
/// lazily built singleton (`global _store; ...; return _store`).
fn returns_global(model: &Model<'_>, qualname: &str) -> bool {
    let Some(id) = (0..model.scopes.functions.len())
        .find(|id| model.scopes.function(*id).qualname == qualname)
    else {
        return false;
    };
    scope_stmts(&model.scopes.function(id).def.body)
        .iter()
        .any(|stmt| {
            matches!(stmt, Stmt::Return(r) if matches!(r.value.as_deref(),
                Some(Expr::Name(n)) if model.globals.iter().any(|(f, g)| *f == id && g == n.id.as_str())))
        })
}

/// The project function that builds an instance of the class (`main`, a
/// request handler), named in the message as the other thread: the one that
/// opened the connection. A test's constructions are no part of the program.
pub fn built_by(view: &ProjectView<'_>, class_qualname: &str) -> Option<String> {
    let own = view.module?;
    let index = view.index;
    index
        .modules
        .iter()
        .enumerate()
        .filter(|(_, module)| !crate::semantic::paths::is_test_module(&module.path))
        .find_map(|(m, module)| {
            module.functions.iter().find_map(|f| {
                f.calls
                    .iter()
                    .filter(|c| matches!(c, CallRef::Local(_) | CallRef::Dotted(_)))
                    .any(|c| {
                        index
                            .class_named(m, c, 0)
                            .is_some_and(|(cm, q)| cm == own && q == class_qualname)
                    })
                    .then(|| f.qualname.clone())
            })
        })
}

fn is_thread_subclass(model: &Model<'_>, class: usize) -> bool {
    let def = model.scopes.classes[class].def;
    def.bases().iter().any(|base| {
        matches!(base, Expr::Name(_) | Expr::Attribute(_))
            && model
                .resolve(base, None)
                .is_some_and(|q| q == "threading.Thread")
    })
}

/// The project runs threads beside the code (a thread pool, worker threads,
/// request threads): the evidence `second_party` finds. Library hooks called
/// from any thread run off their object's thread only then.
pub fn project_has_threads(view: &ProjectView<'_>) -> bool {
    matches!(second_party::of_project(view), SecondParty::Known(who) if who.runs.has_threads())
}
