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
//!   name. A module function is not reached by the spellings of a method of
//!   the same name: an indented `def` of that name and `self.name`,
//!   `cls.name`, `super().name` reach the method, as a call graph resolves
//!   them.
//! - A dead class's methods: a module-level class, not decorated, that the
//!   application spells only on its `class` line and in imports and `__all__`
//!   lists that pass it on (`from .stores import TokenStore` in a package's
//!   `__init__.py`, nothing using it): nothing builds it, subclasses it or
//!   names it in a configuration string, so none of its methods runs, whatever
//!   their names and bases. Not where some module finds classes through their
//!   base (`__subclasses__()`, `__init_subclass__`).
//! - Shadowed: a `def` (or `class`) of a module or class body that a later
//!   `def` or `class` of the same name in that same body replaces before
//!   anything reads it: the name is bound to the later one at import (or
//!   class creation), so the first body never runs. Certain, not an
//!   approximation: no entry point or call graph is needed. Not when the first
//!   has a decorator that may register the function object (a route, a
//!   command; `@staticmethod`, `@classmethod`, caches and `@abstractmethod`
//!   register nothing), when either is an `@overload` stub, nor when anything
//!   between the two reads the name, nor the later one's decorators, defaults
//!   or bases (`@name.setter` of a property, `@name.register` of a
//!   `singledispatch` function, `class Name(Name)`, `def f(x, _old=f)`). Only
//!   siblings of one suite: a redefinition under `if` or `try` (an import
//!   fallback) may not run, so both may.
//! - Once per process: a module function whose every mention is in its own
//!   module and every use there a call in the module's top-level code (the
//!   `__main__` guard): it runs once, so what it opens lives as long as the
//!   process, which closes it at exit.

use ruff_python_ast::{Expr, Stmt, StmtClassDef};
use ruff_text_size::{Ranged, TextRange, TextSize};

use super::import_graph::ImportGraph;
use super::model::Model;
use super::scopes::FuncId;

/// The qualified name of the function around `at` when nothing in the
/// application names it, or of its class when nothing names that.
pub fn dead_function_at(model: &Model<'_>, graph: &ImportGraph, at: TextSize) -> Option<String> {
    if !graph.has_entry_points() {
        return None;
    }
    let id = model.scopes.outermost(model.scopes.function_at(at)?);
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
    let all = graph.def_mentions(name)?;
    if class.is_some() {
        return (all == 1).then(|| function.qualname.clone());
    }
    // A module function: a method of the same name (`def collect(self)`,
    // called as `self.collect()`) is another function, so its spellings do
    // not reach this one. Its own `def` counts among them when it is
    // indented (under `if` or `try`).
    let own = usize::from(!indented(model.text, function.def.name.start()));
    let members = graph.member_mentions(name);
    (all.saturating_sub(members) == own).then(|| function.qualname.clone())
}

/// [`dead_function_at`], or a function every spelling of whose name (its
/// `def` aside) is a call in its own module from inside a function that is
/// itself unreached this way (`save_json_config` called only by a
/// `migrate` nothing calls): no path from an entry point reaches it. Up to
/// three callers deep; only names the project spells nowhere else, and only
/// functions [`dead_function_at`] would judge by their name (not decorated,
/// not dunders, module functions or methods of plain classes).
pub fn unreached_function_at(
    model: &Model<'_>,
    graph: &ImportGraph,
    at: TextSize,
) -> Option<String> {
    unreached(model, graph, at, 0)
}

fn unreached(model: &Model<'_>, graph: &ImportGraph, at: TextSize, depth: usize) -> Option<String> {
    if let Some(dead) = dead_function_at(model, graph, at) {
        return Some(dead);
    }
    if depth >= 3 || !graph.has_entry_points() || graph.looks_names_up(model.path) {
        return None;
    }
    let id = model.scopes.outermost(model.scopes.function_at(at)?);
    let function = model.scopes.function(id);
    let name = function.name();
    if !function.def.decorator_list.is_empty()
        || (name.starts_with("__") && name.ends_with("__"))
        || name == "main"
        || name.starts_with("test")
        || !graph.mentioned_only_in(name, model.path)
    {
        return None;
    }
    if let Some(class) = function.class.map(|c| &model.scopes.classes[c])
        && (class.parent.is_some() || !plain_class(class.def))
    {
        return None;
    }
    let calls: Vec<_> = model
        .calls_named(name)
        .filter(|c| match &*c.expr.func {
            Expr::Name(_) => function.class.is_none(),
            Expr::Attribute(a) => {
                function.class.is_some()
                    && matches!(&*a.value, Expr::Name(n) if matches!(n.id.as_str(), "self" | "cls"))
            }
            _ => false,
        })
        .collect();
    // Every spelling is this `def` or one of these calls: nothing else names it.
    if graph.def_mentions(name)? != calls.len() + 1 {
        return None;
    }
    calls
        .iter()
        .all(|c| {
            c.scope.is_some_and(|s| {
                s != id
                    && unreached(
                        model,
                        graph,
                        model.scopes.function(s).body_range.start(),
                        depth + 1,
                    )
                    .is_some()
            })
        })
        .then(|| function.qualname.clone())
}

/// Whether the line holding `at` starts with whitespace.
fn indented(text: &str, at: TextSize) -> bool {
    let before = &text[..at.to_usize()];
    let line_start = before.rfind('\n').map_or(0, |n| n + 1);
    before[line_start..].starts_with([' ', '\t'])
}

/// The definitions of `suite` (a module's body) and of the class bodies in it
/// that a later sibling of the same name replaces before anything reads them
/// (see the module's docs), each with its name: code inside never runs.
pub fn shadowed_definitions(suite: &[Stmt]) -> Vec<(TextRange, String)> {
    let mut out = Vec::new();
    shadowed_in(suite, &mut out);
    out
}

fn shadowed_in(suite: &[Stmt], out: &mut Vec<(TextRange, String)>) {
    // Per statement, the next sibling defining the same name: found in one pass
    // from the end, not by a scan of the rest of the suite per definition
    // (quadratic in a generated module of thousands of functions).
    let mut next_same: Vec<Option<usize>> = vec![None; suite.len()];
    let mut last_seen: rustc_hash::FxHashMap<&str, usize> = rustc_hash::FxHashMap::default();
    for (i, stmt) in suite.iter().enumerate().rev() {
        if let Some(name) = defined_name(stmt) {
            next_same[i] = last_seen.insert(name, i);
        }
    }
    for (i, stmt) in suite.iter().enumerate() {
        if let Stmt::ClassDef(class) = stmt {
            shadowed_in(&class.body, out);
        }
        let Some(name) = defined_name(stmt) else {
            continue;
        };
        if !registers_nothing(stmt) {
            continue;
        }
        let Some(later) = next_same[i] else {
            continue;
        };
        let between = &suite[i + 1..later];
        let reads = |e: &Expr| matches!(e, Expr::Name(n) if n.id.as_str() == name);
        if super::visit::names_loaded(between)
            .iter()
            .any(|(n, _)| n == name)
            || header_exprs(&suite[later])
                .iter()
                .any(|e| super::visit::any_sub_expr(e, reads))
            || is_overload(&suite[later])
        {
            continue;
        }
        out.push((stmt.range(), name.to_string()));
    }
}

/// The name a `def` or `class` statement binds.
fn defined_name(stmt: &Stmt) -> Option<&str> {
    match stmt {
        Stmt::FunctionDef(def) => Some(def.name.as_str()),
        Stmt::ClassDef(class) => Some(class.name.as_str()),
        _ => None,
    }
}

/// Decorators that wrap or mark a function without handing it to anyone who
/// would keep the first definition.
const INERT_DECORATORS: &[&str] = &[
    "staticmethod",
    "classmethod",
    "abstractmethod",
    "lru_cache",
    "cache",
    "cached_property",
    "wraps",
];

fn decorator_name(expr: &Expr) -> Option<&str> {
    match expr {
        Expr::Call(call) => decorator_name(&call.func),
        Expr::Name(n) => Some(n.id.as_str()),
        Expr::Attribute(a) => Some(a.attr.as_str()),
        _ => None,
    }
}

/// A definition whose decorators (if any) register it nowhere, and no
/// `@overload` stub.
fn registers_nothing(stmt: &Stmt) -> bool {
    let decorators = match stmt {
        Stmt::FunctionDef(def) => &def.decorator_list,
        Stmt::ClassDef(class) => &class.decorator_list,
        _ => return false,
    };
    decorators
        .iter()
        .all(|d| decorator_name(&d.expression).is_some_and(|n| INERT_DECORATORS.contains(&n)))
}

fn is_overload(stmt: &Stmt) -> bool {
    let Stmt::FunctionDef(def) = stmt else {
        return false;
    };
    def.decorator_list
        .iter()
        .any(|d| decorator_name(&d.expression) == Some("overload"))
}

/// What a `def` or `class` evaluates when it runs, before its body:
/// decorators, parameter defaults and annotations, bases and keywords.
fn header_exprs(stmt: &Stmt) -> Vec<&Expr> {
    let mut out = Vec::new();
    match stmt {
        Stmt::FunctionDef(def) => {
            out.extend(def.decorator_list.iter().map(|d| &d.expression));
            for p in def.parameters.iter() {
                out.extend(p.default());
                out.extend(p.annotation());
            }
            out.extend(def.returns.as_deref());
        }
        Stmt::ClassDef(class) => {
            out.extend(class.decorator_list.iter().map(|d| &d.expression));
            if let Some(args) = &class.arguments {
                out.extend(args.args.iter());
                out.extend(args.keywords.iter().map(|k| &k.value));
            }
        }
        _ => {}
    }
    out
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

#[cfg(test)]
mod tests {
    use super::shadowed_definitions;

    fn shadowed(src: &str) -> Vec<(usize, String)> {
        let parsed = ruff_python_parser::parse_module(src).unwrap();
        shadowed_definitions(parsed.suite())
            .into_iter()
            .map(|(r, name)| (src[..r.start().to_usize()].matches('\n').count() + 1, name))
            .collect()
    }

    #[test]
    fn the_first_of_two_defs_never_runs() {
        let src = "def f():\n    pass\ndef f():\n    pass\n";
        assert_eq!(shadowed(src), vec![(1, "f".to_string())]);
        let src = "class A:\n    def m(self):\n        pass\n    def m(self):\n        pass\n";
        assert_eq!(shadowed(src), vec![(2, "m".to_string())]);
        let src = "@staticmethod\ndef f():\n    pass\nclass f:\n    pass\n";
        assert_eq!(shadowed(src), vec![(1, "f".to_string())]);
    }

    #[test]
    fn what_may_still_run_is_not_shadowed() {
        for src in [
            // A redefinition that may not run.
            "def f():\n    pass\nif x:\n    def f():\n        pass\n",
            "try:\n    from m import f\nexcept ImportError:\n    def f():\n        pass\ndef g():\n    pass\n",
            // Read in between, or by the later one's header.
            "def f():\n    pass\ng = f\ndef f():\n    pass\n",
            "def f():\n    pass\nf()\ndef f():\n    pass\n",
            "def f():\n    pass\ndef f(x, _old=f):\n    pass\n",
            "class A:\n    pass\nclass A(A):\n    pass\n",
            // A property's getter and setter; overload stubs.
            "class A:\n    @property\n    def p(self):\n        pass\n    @p.setter\n    def p(self, v):\n        pass\n",
            "@overload\ndef f(x: int): ...\n@overload\ndef f(x: str): ...\ndef f(x):\n    pass\n",
            // A decorator that registers the first function.
            "@app.route('/a')\ndef f():\n    pass\n@app.route('/b')\ndef f():\n    pass\n",
        ] {
            assert_eq!(shadowed(src), vec![], "{src}");
        }
    }
}
