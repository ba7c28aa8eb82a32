//! SQF204 connection-across-fork: a sqlite3 connection an object keeps on
//! `self`, opened in the parent process, inherited by forked workers.
//!
//! SQLite says not to carry a connection across `fork()`: the child gets a copy
//! of the connection's state, including a transaction the parent had open, but
//! not the parent's file locks (POSIX locks belong to a process). A child that
//! commits on the inherited connection publishes the parent's uncommitted
//! writes, which the parent's rollback can no longer undo, in WAL mode; in
//! rollback-journal mode it waits on the parent's own lock
//! (docs/sqlite-facts.md#F-fork-inherits, `bench/facts/fork_inherits.py`).
//!
//! Two ways a module shows the object crosses a fork:
//! - **A dataset object** (a class whose base is named `...Dataset`, as
//!   `torch.utils.data.Dataset`) whose connection is opened while it is built:
//!   in `__init__`, or by a method the constructor reaches through `self`
//!   calls (`_query_table()` → `_establish_connection()`), its bases' in the
//!   module included. A `DataLoader(ds, num_workers=N)` forks its workers on
//!   Linux and each gets the object with the open connection.
//! - **A fork with the object in hand**: a function of the module that forks
//!   (`os.fork()`, `multiprocessing.Process`/`Pool`, `ProcessPoolExecutor`, a
//!   `DataLoader` with `num_workers`) after the object's connection is open:
//!   the object is built there (`c = Cache(p)`) or kept (`self.cache`), or the
//!   function is one of the class's own methods, and either its connection is
//!   opened when it is built or a method of it is called before the fork.
//!
//! Left alone: a class that checks `os.getpid()` (reconnects in a new process)
//! or registers `os.register_at_fork`, a `__getstate__` (what crosses is what it
//! returns), a module that sets the `spawn` or `forkserver` start method (a
//! fresh interpreter imports the module and rebuilds the object), an object
//! closed before the fork, a connection opened only on first use in the worker
//! (`__getitem__` of a dataset whose constructor does not query). No fix: the
//! remedy is the class's (store the pid beside the connection and reconnect
//! when `os.getpid()` differs, or close after setup and open per worker).

use ruff_python_ast::{Expr, Stmt};
use ruff_text_size::{Ranged, TextSize};

use super::{Codemod, Context};
use crate::finding::Finding;
use crate::semantic::Model;
use crate::semantic::model::{Call, Callee, Receiver, Target};
use crate::semantic::scopes::{ClassId, FuncId};
use crate::semantic::{connections, paths};

pub struct ConnectionAcrossFork;

impl Codemod for ConnectionAcrossFork {
    crate::codemod_meta!("SQF204-connection-across-fork");

    fn check(&self, ctx: &Context<'_, '_>, out: &mut Vec<Finding>) {
        let model = ctx.model;
        if paths::is_test_module(model.path) || !model.text.contains("connect") {
            return;
        }
        let kept = kept(model);
        if kept.is_empty() {
            return;
        }
        let spawn_only = sets_spawn(model);
        for k in &kept {
            let (class, connect) = (k.class, k.connect);
            if guards_pid(model, class) {
                continue;
            }
            let at_build = opened_when_built(model, class, connect.scope);
            let reason = if at_build && is_dataset(model, class) {
                Some(format!(
                    "`{}` is a dataset whose constructor opens this connection (`self.{}`): the `DataLoader` workers it is handed to are forked on Linux and each inherits the parent's open connection",
                    model.scopes.classes[class].def.name, k.attr
                ))
            } else if spawn_only {
                None
            } else {
                forked_with(model, class, k, at_build).map(|(line, how)| {
                    format!(
                        "{how} on line {line} after `{}`'s connection (`self.{}`) is open: the forked process inherits it",
                        model.scopes.classes[class].def.name, k.attr
                    )
                })
            };
            let Some(reason) = reason else {
                continue;
            };
            let message = format!(
                "{reason}; SQLite connections must not be carried across fork: a child that commits on it publishes the parent's uncommitted writes (WAL) or waits on the parent's lock (docs/sqlite-facts.md#F-fork-inherits)"
            );
            out.push(
                Finding::new(self.meta(), connect.range(), message).with_note(format!(
                    "keep the pid with the connection and reconnect when it differs (`if self.{0} is None or self._pid != os.getpid(): self.{0} = sqlite3.connect(...); self._pid = os.getpid()`), or close it after setup and open one per worker (`worker_init_fn`, a `Pool` initializer)",
                    k.attr
                )),
            );
        }
    }
}

/// A connection a class keeps on `self`: the class, the attribute, the connect.
struct Kept<'m, 'a> {
    class: ClassId,
    attr: String,
    connect: &'m Call<'a>,
}

/// The module's connects whose connection a method keeps on `self`:
/// `self.db = sqlite3.connect(p)`, or a local stored whole or in a tuple
/// (`connection = ...connect(...)`, `self._db = (connection, connection.cursor())`).
fn kept<'m, 'a>(model: &'m Model<'a>) -> Vec<Kept<'m, 'a>> {
    let mut out = Vec::new();
    for call in &model.calls {
        if call.parent.is_some() || !connections::is_sqlite3_connect(call) {
            continue;
        }
        let (Some(scope), Some(class)) = (call.scope, model.scopes.enclosing_class(call.scope))
        else {
            continue;
        };
        let Stmt::Assign(assign) = call.stmt else {
            continue;
        };
        let attr = match assign.targets.as_slice() {
            [Expr::Attribute(a)] if matches!(&*a.value, Expr::Name(n) if n.id.as_str() == "self") => {
                Some(a.attr.to_string())
            }
            [Expr::Name(local)] => stored_on_self(model, scope, local.id.as_str()),
            _ => None,
        };
        if let Some(attr) = attr {
            out.push(Kept {
                class,
                attr,
                connect: call,
            });
        }
    }
    out
}

/// `self.<attr> = local` or `self.<attr> = (local, ...)` in `scope`.
fn stored_on_self(model: &Model<'_>, scope: FuncId, local: &str) -> Option<String> {
    let is_local = |e: &Expr| matches!(e, Expr::Name(n) if n.id.as_str() == local);
    model
        .assignments_in(Some(scope))
        .find_map(|a| match &a.target {
            Target::SelfAttr(attr)
                if is_local(a.value)
                    || matches!(a.value, Expr::Tuple(t) if t.elts.iter().any(is_local)) =>
            {
                Some(attr.clone())
            }
            _ => None,
        })
}

/// The class and its bases defined in the module, nearest first.
fn lineage(model: &Model<'_>, class: ClassId) -> Vec<ClassId> {
    let mut out = vec![class];
    let mut i = 0;
    while i < out.len() && out.len() < 8 {
        let def = model.scopes.classes[out[i]].def;
        for base in def.bases() {
            if let Expr::Name(n) = base
                && let Some(b) = model.scopes.class_named(n.id.as_str())
                && !out.contains(&b)
            {
                out.push(b);
            }
        }
        i += 1;
    }
    out
}

/// A base named `...Dataset` (torch's `Dataset`, `IterableDataset`, a
/// project's own base), here or on a base of the module.
fn is_dataset(model: &Model<'_>, class: ClassId) -> bool {
    lineage(model, class).iter().any(|&c| {
        model.scopes.classes[c]
            .def
            .bases()
            .iter()
            .any(|b| model.slice(b.range()).ends_with("Dataset"))
    })
}

/// The class (or a base of it) checks the process id or registers a fork hook,
/// or decides what crosses a pickle (`__getstate__`).
fn guards_pid(model: &Model<'_>, class: ClassId) -> bool {
    lineage(model, class).iter().any(|&c| {
        let def = model.scopes.classes[c].def;
        let text = model.slice(def.range());
        text.contains("getpid")
            || text.contains("register_at_fork")
            || text.contains("__getstate__")
    }) || model.text.contains("register_at_fork")
}

/// The method of the class's lineage named `name`.
fn method_of(model: &Model<'_>, lineage: &[ClassId], name: &str) -> Option<FuncId> {
    lineage.iter().find_map(|&c| model.scopes.method(c, name))
}

/// Whether the method holding the connect (`opener`) runs while the object is
/// built: it is an `__init__` of the lineage, or one reaches it through `self`
/// calls (and `super().__init__()`).
fn opened_when_built(model: &Model<'_>, class: ClassId, opener: Option<FuncId>) -> bool {
    let Some(opener) = opener else {
        return false;
    };
    let lineage = lineage(model, class);
    let mut todo: Vec<FuncId> = method_of(model, &lineage, "__init__").into_iter().collect();
    let mut seen: Vec<FuncId> = Vec::new();
    while let Some(f) = todo.pop() {
        if seen.contains(&f) || seen.len() > 40 {
            continue;
        }
        seen.push(f);
        if f == opener {
            return true;
        }
        for call in model.calls_in(Some(f)) {
            let next = match &call.callee {
                Callee::SelfMethod(name) => method_of(model, &lineage, name),
                Callee::Method {
                    receiver: Receiver::Call(_),
                    name,
                } if name == "__init__" => {
                    // `super().__init__(...)`: the next `__init__` up the lineage.
                    let own = model.scopes.function(f).class;
                    lineage
                        .iter()
                        .skip_while(|&&c| Some(c) != own)
                        .skip(1)
                        .find_map(|&c| model.scopes.method(c, "__init__"))
                }
                _ => None,
            };
            todo.extend(next);
        }
    }
    false
}

/// `multiprocessing.set_start_method("spawn")` or `get_context("forkserver")`
/// anywhere in the module: its processes start fresh interpreters.
fn sets_spawn(model: &Model<'_>) -> bool {
    model.calls.iter().any(|c| {
        let name = match &c.callee {
            Callee::Qualified(q) => q.rsplit('.').next().unwrap_or(q),
            Callee::Method { name, .. } => name.as_str(),
            _ => return false,
        };
        matches!(name, "set_start_method" | "get_context")
            && matches!(c.argument(0, "method"), Some(Expr::StringLiteral(s))
                if matches!(s.value.to_str(), "spawn" | "forkserver"))
    })
}

/// What a call forks, if it does: `os.fork()`, a process, a process pool, a
/// data loader with workers.
fn fork_kind(call: &Call<'_>) -> Option<&'static str> {
    let q = call.qualified()?;
    let last = q.rsplit('.').next().unwrap_or(q);
    match last {
        "fork" | "forkpty" if q.starts_with("os.") => Some("`os.fork()`"),
        "Process" if q.starts_with("multiprocessing") => Some("a `multiprocessing.Process`"),
        "Pool" if q.starts_with("multiprocessing") => Some("a `multiprocessing` pool"),
        "ProcessPoolExecutor" => Some("a `ProcessPoolExecutor`"),
        "DataLoader" => match call.keyword("num_workers") {
            Some(Expr::NumberLiteral(n)) if model_zero(n) => None,
            Some(_) => Some("a `DataLoader` with worker processes"),
            None => None,
        },
        _ => None,
    }
}

fn model_zero(n: &ruff_python_ast::ExprNumberLiteral) -> bool {
    matches!(&n.value, ruff_python_ast::Number::Int(i) if i.as_u8() == Some(0))
}

/// A fork in a function of the module that has an instance of the class with
/// its connection open: the line and what forks.
fn forked_with(
    model: &Model<'_>,
    class: ClassId,
    k: &Kept<'_, '_>,
    at_build: bool,
) -> Option<(usize, &'static str)> {
    let class_name = model.scopes.classes[class].def.name.as_str();
    for call in &model.calls {
        let Some(how) = fork_kind(call) else {
            continue;
        };
        let Some(scope) = call.scope else {
            continue;
        };
        let fork_at = call.range().start();
        // The class's own method: `self` is the object.
        let own = model.scopes.enclosing_class(Some(scope)) == Some(class);
        let holders = holders_in(model, scope, class_name, fork_at);
        if !own && holders.is_empty() {
            continue;
        }
        let closed_before = model.calls_in(Some(scope)).any(|c| {
            c.range().start() < fork_at
                && c.method_name() == Some("close")
                && holds(&c.callee, &holders, own, &k.attr)
        });
        if closed_before {
            continue;
        }
        let used_before = model.calls_in(Some(scope)).any(|c| {
            c.range().start() < fork_at
                && match &c.callee {
                    Callee::SelfMethod(_) => own,
                    callee => holds(callee, &holders, false, ""),
                }
        });
        if at_build || used_before {
            return Some((model.line_column(fork_at).0, how));
        }
    }
    None
}

/// Names and `self` attributes in `scope` bound to `Class(...)`: locals of the
/// function bound before `before`, attributes anywhere in its class.
fn holders_in(model: &Model<'_>, scope: FuncId, class_name: &str, before: TextSize) -> Vec<Target> {
    let builds = |value: &Expr| {
        matches!(value, Expr::Call(c) if matches!(&*c.func,
            Expr::Name(n) if n.id.as_str() == class_name))
    };
    let mut out = Vec::new();
    for a in model.assignments_in(Some(scope)) {
        if let Target::Name(_) = a.target
            && a.stmt.start() < before
            && builds(a.value)
            && !out.contains(&a.target)
        {
            out.push(a.target.clone());
        }
    }
    let own_class = model.scopes.enclosing_class(Some(scope));
    for a in &model.assignments {
        if let Target::SelfAttr(_) = a.target
            && own_class.is_some()
            && model.scopes.enclosing_class(a.scope) == own_class
            && builds(a.value)
            && !out.contains(&a.target)
        {
            out.push(a.target.clone());
        }
    }
    out
}

/// Whether a call's receiver is one of the holders (`cache.get()`,
/// `self.cache.get()`), or the object's own connection (`self.<attr>.close()`
/// in its own method).
fn holds(callee: &Callee, holders: &[Target], own: bool, attr: &str) -> bool {
    match callee {
        Callee::Method {
            receiver: Receiver::Name(n),
            ..
        } => holders.contains(&Target::Name(n.clone())),
        Callee::Method {
            receiver: Receiver::SelfAttr(a),
            ..
        } => holders.contains(&Target::SelfAttr(a.clone())) || (own && a == attr),
        _ => false,
    }
}
