//! Which methods of a class close the connection it keeps on `self.<attr>`,
//! and who calls them. A method that closes it counts only when something
//! calls it: Python calls `__exit__` at the end of a `with` and `__del__` when
//! the last reference goes, a framework calls a view's `on_timeout` or a cog's
//! `cog_unload`; a plain `close()` runs only if the code that makes the
//! instance calls it. So another class's close of an attribute of the same
//! name (the cog closing its own `self.conn`) closes nothing of this class,
//! and a `close()` nobody in the project calls is a promise its callers keep
//! or not.

use crate::semantic::visit::is_self_attr;
use rustc_hash::FxHashSet as HashSet;

use ruff_python_ast::{Expr, Stmt, StmtFunctionDef};

use super::super::Context;
use crate::semantic::ProjectIndex;
use crate::semantic::library_api;
use crate::semantic::model::Model;
use crate::semantic::refs::ValueRef;
use crate::semantic::visit;

/// Methods something other than the instance's maker calls: Python (`with`,
/// the last reference going) or a framework's life cycle (a discord.py view
/// timing out or stopped, a cog unloaded, a Qt window closed, a test's
/// teardown).
const RUN_FOR_THEM: &[&str] = &[
    "__exit__",
    "__aexit__",
    "__del__",
    "on_timeout",
    "stop",
    "on_stop",
    "cog_unload",
    "on_close",
    "closeEvent",
    "on_shutdown",
    "tearDown",
    "teardown",
];

/// The methods of class `class` that close `self.<attr>`: directly
/// (`self.conn.close()`, `closing(self.conn)`, `atexit.register(self.conn.close)`,
/// `conn = self.conn` then `conn.close()`) or by calling such a method
/// (`__exit__` calling `self.close()`).
pub fn of(model: &Model<'_>, class: usize, attr: &str) -> Vec<String> {
    let methods: Vec<&StmtFunctionDef> = model.scopes.classes[class]
        .def
        .body
        .iter()
        .filter_map(|s| match s {
            Stmt::FunctionDef(f) => Some(f),
            _ => None,
        })
        .collect();
    let mut found: HashSet<String> = methods
        .iter()
        .filter(|m| closes_directly(&m.body, attr))
        .map(|m| m.name.to_string())
        .collect();
    // A few rounds reach `__exit__` → `close()` → `_shutdown()`.
    for _ in 0..3 {
        let more: Vec<String> = methods
            .iter()
            .filter(|m| !found.contains(m.name.as_str()) && calls_own(&m.body, &found))
            .map(|m| m.name.to_string())
            .collect();
        if more.is_empty() {
            break;
        }
        found.extend(more);
    }
    let mut out: Vec<String> = found.into_iter().collect();
    out.sort();
    out
}

fn is_closer(name: &str) -> bool {
    matches!(name, "close" | "aclose" | "dispose")
}

fn closes_directly(body: &[Stmt], attr: &str) -> bool {
    // `conn = self.conn` (or `self.conn, self.x = ...` is left out): the local
    // stands for the attribute.
    let mut aliases: Vec<String> = Vec::new();
    visit::any_stmt(body, |s| {
        if let Stmt::Assign(a) = s
            && is_self_attr(&a.value, attr)
        {
            for t in &a.targets {
                if let Expr::Name(n) = t {
                    aliases.push(n.id.to_string());
                }
            }
        }
        false
    });
    let names_it = |e: &Expr| {
        is_self_attr(e, attr)
            || matches!(e, Expr::Name(n) if aliases.iter().any(|a| a == n.id.as_str()))
    };
    visit::any_expr(body, |e| {
        let Expr::Call(call) = e else {
            return false;
        };
        if let Expr::Attribute(method) = &*call.func
            && is_closer(method.attr.as_str())
            && names_it(&method.value)
        {
            return true;
        }
        call.arguments.args.iter().any(|a| match a {
            // `atexit.register(self.conn.close)`
            Expr::Attribute(m) if is_closer(m.attr.as_str()) => names_it(&m.value),
            // `contextlib.closing(self.conn)`
            other => {
                let closing = match &*call.func {
                    Expr::Name(n) => n.id.as_str() == "closing",
                    Expr::Attribute(f) => f.attr.as_str() == "closing",
                    _ => false,
                };
                closing && names_it(other)
            }
        })
    })
}

/// `self.<one of found>(...)` somewhere in the body.
fn calls_own(body: &[Stmt], found: &HashSet<String>) -> bool {
    visit::any_expr(body, |e| {
        matches!(e, Expr::Call(call) if matches!(&*call.func, Expr::Attribute(m)
            if found.contains(m.attr.as_str())
                && matches!(&*m.value, Expr::Name(n) if n.id.as_str() == "self")))
    })
}

/// Python or a framework calls one of the closing methods.
pub fn run_by_framework(closers: &[String]) -> bool {
    closers.iter().any(|c| RUN_FOR_THEM.contains(&c.as_str()))
}

/// Class `qualname` of module `module` derives from a class of the project,
/// whose own methods may close the attribute.
pub fn project_base(index: &ProjectIndex, module: usize, qualname: &str) -> bool {
    let Some(summary) = index.modules[module]
        .classes
        .iter()
        .find(|c| c.qualname == qualname)
    else {
        // Not summarized: assume the worst (a base that closes it).
        return true;
    };
    summary.bases.iter().any(|base| {
        index
            .class_of(module, &ValueRef::Made(Box::new(base.clone())), 0)
            .is_some()
    })
}

/// A public class of a library whose only way to close its connection is a
/// method its callers must call (`close()`), with no `with` support and no
/// finaliser, that nothing in the project builds itself: whatever a caller's
/// code raises between making one and closing it, the connection stays open
/// until the cyclic garbage collector runs. The sentence that says so, or
/// `None` when the project builds instances itself (SQF202's local-instance
/// check judges those makers) or is not a library.
pub fn library_callers(
    ctx: &Context<'_, '_>,
    built_by_project: bool,
    class: usize,
    qualname: &str,
    closers: &[String],
) -> Option<String> {
    let model = ctx.model;
    let scope_class = &model.scopes.classes[class];
    if scope_class.parent.is_some() || scope_class.def.name.as_str().starts_with('_') {
        return None;
    }
    // `__enter__` without a closing `__exit__` is a choice this check does not judge.
    let has = |name: &str| {
        scope_class
            .def
            .body
            .iter()
            .any(|s| matches!(s, Stmt::FunctionDef(f) if f.name.as_str() == name))
    };
    if [
        "__enter__",
        "__exit__",
        "__aenter__",
        "__aexit__",
        "__del__",
    ]
    .iter()
    .any(|m| has(m))
    {
        return None;
    }
    if built_by_project {
        return None;
    }
    let library = library_api::library_project(model, ctx.project)?;
    let close = closers
        .iter()
        .find(|c| c.as_str() == "close")
        .unwrap_or(&closers[0]);
    Some(format!(
        "{library}: its callers build `{qualname}` and must call `{close}()` on every path themselves, with no `with` or finaliser to do it when their code raises"
    ))
}
