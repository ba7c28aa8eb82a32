//! Functions nothing in the application calls, and functions it calls once.
//!
//! Both are read from the project's text, counted once per run by the import
//! graph (`def_mentions`): how many times each name a `def` introduces is
//! spelled anywhere (code, strings, packaging and process files).
//!
//! - Dead: an application (the import graph found its entry points; a library's
//!   functions are called by its users, so none is dead there) whose text spells
//!   the function's name only in its `def`. Only functions whose name is how they
//!   would be reached: module functions and methods of classes with no base
//!   class, with no decorator (a decorator registers a route, a command, a
//!   listener or a task by the function object), not dunders, in modules that do
//!   not look names up at run time (`getattr(`, `globals()`). A method of a
//!   subclass may be called by its base class or framework by convention
//!   (`run`, `on_message`, `do_GET`), so it is not taken for dead by its own
//!   name.
//! - A dead class's methods: a module-level class, not decorated, that the
//!   application spells only on its `class` line and in imports and `__all__`
//!   lists that pass it on (`from .stores import TokenStore` in a package's
//!   `__init__.py`, nothing using it): nothing builds it, subclasses it or
//!   names it in a configuration string, so none of its methods runs, whatever
//!   their names and bases. Not where some module finds classes through their
//!   base (`__subclasses__()`, `__init_subclass__`).
//! - Once per process: a module function whose every mention is in its own
//!   module and every use there a call in the module's top-level code (the
//!   `__main__` guard): it runs once, so what it opens lives as long as the
//!   process, which closes it at exit.

use ruff_python_ast::{Expr, StmtClassDef};
use ruff_text_size::{Ranged, TextSize};

use super::import_graph::ImportGraph;
use super::model::Model;
use super::scopes::FuncId;

/// The qualified name of the function around `at` when nothing in the
/// application names it, or of its class when nothing names that.
pub fn dead_function_at(model: &Model<'_>, graph: &ImportGraph, at: TextSize) -> Option<String> {
    if !graph.has_entry_points() {
        return None;
    }
    let mut id = model.scopes.function_at(at)?;
    while let Some(parent) = model.scopes.function(id).parent {
        id = parent;
    }
    let function = model.scopes.function(id);
    let name = function.name();
    if graph.looks_names_up(model.path) {
        return None;
    }
    let class = function.class.map(|c| &model.scopes.classes[c]);
    // A class nothing builds: its methods never run, whatever their names
    // (`__init__` included) and decorators.
    if let Some(class) = class
        && class.parent.is_none()
        && dead_class(class.def, &class.qualname, graph)
    {
        return Some(class.qualname.clone());
    }
    if !function.def.decorator_list.is_empty()
        || (name.starts_with("__") && name.ends_with("__"))
        || name == "main"
        || name.starts_with("test")
    {
        return None;
    }
    if let Some(class) = class
        && (class.parent.is_some() || !plain_class(class.def))
    {
        return None;
    }
    (graph.def_mentions(name) == Some(1)).then(|| function.qualname.clone())
}

/// A module-level class that nothing in the application builds or names
/// (`ImportGraph::class_unused`), with no decorator (a decorator registers
/// it), and not a test case.
fn dead_class(class: &StmtClassDef, qualname: &str, graph: &ImportGraph) -> bool {
    let name = class.name.as_str();
    class.decorator_list.is_empty()
        && !qualname.contains('.')
        && !name.starts_with("Test")
        && graph.class_unused(name)
}

/// A class with no base class but `object`, and no decorator (a dataclass
/// and a registered handler class are reached through their decorator).
fn plain_class(class: &StmtClassDef) -> bool {
    class.decorator_list.is_empty()
        && class.arguments.as_ref().is_none_or(|a| {
            a.keywords.is_empty()
                && a.args
                    .iter()
                    .all(|b| matches!(b, Expr::Name(n) if n.id.as_str() == "object"))
        })
}

/// Whether module function `id` runs at most once per process: every mention
/// of its name in the project is in this module, and each one there but its
/// `def` is a call in the module's top-level code.
pub fn runs_once_per_process(model: &Model<'_>, graph: &ImportGraph, id: FuncId) -> bool {
    let function = model.scopes.function(id);
    if function.parent.is_some() || function.class.is_some() {
        return false;
    }
    let name = function.name();
    // Another module, a string there or a packaging file may start it again.
    if !graph.mentioned_only_in(name, model.path) {
        return false;
    }
    // Its mentions in strings and comments here start nothing.
    let calls: Vec<_> = model
        .calls_named(name)
        .filter(|c| matches!(&*c.expr.func, Expr::Name(n) if n.id.as_str() == name))
        .collect();
    !calls.is_empty()
        && calls.len() == model.uses_of_name(name)
        && calls
            .iter()
            .all(|c| c.scope.is_none() && !in_loop(model, c.expr.start()))
}

/// A top-level `for` or `while` around `at`.
fn in_loop(model: &Model<'_>, at: TextSize) -> bool {
    super::visit::any_stmt(model.suite, |s| {
        matches!(
            s,
            ruff_python_ast::Stmt::For(_) | ruff_python_ast::Stmt::While(_)
        ) && s.range().contains(at)
    })
}
