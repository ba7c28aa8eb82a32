//! A module that fails at import: its module code reads a name that nothing
//! in the module ever defines (a draft bot script with `Bot(token=API_TOKEN)`
//! and no `API_TOKEN` anywhere). Python raises `NameError` at that statement,
//! so nothing after it runs, no function defined after it exists, and a
//! module importing it fails too: findings there describe code that never
//! runs.
//!
//! Conservative on purpose. Only statements directly at module level, run
//! unconditionally (not inside `if`, `try`, `with`, loops or `match`, whose
//! branches may not run or may catch the error), and of those only the parts
//! evaluated at once: expressions, assignments' values, decorators, default
//! values and class bases (not function bodies, lambda bodies or annotations).
//! A name counts as defined when the module binds it anywhere, at any depth
//! (an assignment, import, `def`, `class`, `global`, parameter, `except ... as`,
//! loop or `with` target, walrus, `match` capture), when it is a builtin or a
//! module attribute Python provides, or when the module could bind names
//! nobody can see (a star import, `globals()`, `vars()`, `locals()`, `exec`,
//! `__builtins__`, `setattr` on the module).

use rustc_hash::FxHashSet as HashSet;

use ruff_python_ast::visitor::{self, Visitor};
use ruff_python_ast::{self as ast, Expr, ExprContext, Stmt};
use ruff_text_size::{Ranged, TextRange, TextSize};

/// Where a module stops running at import, and what module code ran before.
#[derive(Debug, Clone)]
pub struct Failure {
    /// The statement that raises `NameError`.
    pub at: TextRange,
    /// The name it reads.
    pub name: String,
    /// Top-level definitions before it that module code before it names (so
    /// may call): the only functions of the module that can run.
    pub ran: Vec<TextRange>,
    /// Every top-level definition before it.
    pub defined: Vec<(TextRange, String)>,
}

impl Failure {
    /// Whether code at `at` never runs: after the failing statement, or in a
    /// definition before it that module code before it never names.
    pub fn never_runs(&self, at: TextSize) -> bool {
        if at >= self.at.start() {
            return true;
        }
        self.defined
            .iter()
            .any(|(r, _)| r.contains(at) && !self.ran.iter().any(|ran| ran == r))
    }
}

/// Names Python itself provides to every module (builtins of Python 3, the
/// Python 2 ones a module may still be run with, module attributes), and
/// names tools inject into builtins (`gettext.install`'s `_`, IPython's).
const PROVIDED: &[&str] = &[
    "ArithmeticError",
    "AssertionError",
    "AttributeError",
    "BaseException",
    "BaseExceptionGroup",
    "BlockingIOError",
    "BrokenPipeError",
    "BufferError",
    "BytesWarning",
    "ChildProcessError",
    "ConnectionAbortedError",
    "ConnectionError",
    "ConnectionRefusedError",
    "ConnectionResetError",
    "DeprecationWarning",
    "EOFError",
    "Ellipsis",
    "EncodingWarning",
    "EnvironmentError",
    "Exception",
    "ExceptionGroup",
    "False",
    "FileExistsError",
    "FileNotFoundError",
    "FloatingPointError",
    "FutureWarning",
    "GeneratorExit",
    "IOError",
    "ImportError",
    "ImportWarning",
    "IndentationError",
    "IndexError",
    "InterruptedError",
    "IsADirectoryError",
    "KeyError",
    "KeyboardInterrupt",
    "LookupError",
    "MemoryError",
    "ModuleNotFoundError",
    "NameError",
    "None",
    "NotADirectoryError",
    "NotImplemented",
    "NotImplementedError",
    "OSError",
    "OverflowError",
    "PendingDeprecationWarning",
    "PermissionError",
    "ProcessLookupError",
    "PythonFinalizationError",
    "RecursionError",
    "ReferenceError",
    "ResourceWarning",
    "RuntimeError",
    "RuntimeWarning",
    "StopAsyncIteration",
    "StopIteration",
    "SyntaxError",
    "SyntaxWarning",
    "SystemError",
    "SystemExit",
    "TabError",
    "TimeoutError",
    "True",
    "TypeError",
    "UnboundLocalError",
    "UnicodeDecodeError",
    "UnicodeEncodeError",
    "UnicodeError",
    "UnicodeTranslateError",
    "UnicodeWarning",
    "UserWarning",
    "ValueError",
    "Warning",
    "WindowsError",
    "ZeroDivisionError",
    "__build_class__",
    "__debug__",
    "__doc__",
    "__import__",
    "__loader__",
    "__name__",
    "__package__",
    "__spec__",
    "__file__",
    "__path__",
    "__cached__",
    "__builtins__",
    "__annotations__",
    "__dict__",
    "abs",
    "aiter",
    "all",
    "anext",
    "any",
    "ascii",
    "bin",
    "bool",
    "breakpoint",
    "bytearray",
    "bytes",
    "callable",
    "chr",
    "classmethod",
    "compile",
    "complex",
    "copyright",
    "credits",
    "delattr",
    "dict",
    "dir",
    "divmod",
    "enumerate",
    "eval",
    "exec",
    "exit",
    "filter",
    "float",
    "format",
    "frozenset",
    "getattr",
    "globals",
    "hasattr",
    "hash",
    "help",
    "hex",
    "id",
    "input",
    "int",
    "isinstance",
    "issubclass",
    "iter",
    "len",
    "license",
    "list",
    "locals",
    "map",
    "max",
    "memoryview",
    "min",
    "next",
    "object",
    "oct",
    "open",
    "ord",
    "pow",
    "print",
    "property",
    "quit",
    "range",
    "repr",
    "reversed",
    "round",
    "set",
    "setattr",
    "slice",
    "sorted",
    "staticmethod",
    "str",
    "sum",
    "super",
    "tuple",
    "type",
    "vars",
    "zip",
    "unicode",
    "basestring",
    "xrange",
    "raw_input",
    "long",
    "file",
    "reduce",
    "unichr",
    "execfile",
    "reload",
    "cmp",
    "buffer",
    "apply",
    "intern",
    "coerce",
    "_",
    "get_ipython",
    "display",
    "reveal_type",
];

/// Text that means the module may bind names no statement shows.
const HIDDEN_BINDINGS: &[&str] = &[
    "globals()",
    "vars()",
    "locals()",
    "exec(",
    "__builtins__",
    "sys.modules[__name__]",
    "setattr(",
];

/// The statement at which `suite` (a module's code) fails at import, if one
/// of its unconditional module-level statements reads an undefined name.
pub fn failure(suite: &[Stmt], text: &str) -> Option<Failure> {
    if HIDDEN_BINDINGS.iter().any(|t| text.contains(t)) {
        return None;
    }
    let mut bound = Bindings::default();
    for stmt in suite {
        bound.visit_stmt(stmt);
    }
    if bound.star {
        return None;
    }
    let mut loaded: HashSet<String> = HashSet::default();
    let mut defined: Vec<(TextRange, String)> = Vec::new();
    for stmt in suite {
        let mut reads = Reads::default();
        evaluated_at_once(stmt, &mut reads);
        if let Some(name) = reads
            .names
            .iter()
            .find(|n| !bound.names.contains(n.as_str()) && !PROVIDED.contains(&n.as_str()))
        {
            let ran = defined
                .iter()
                .filter(|(_, n)| loaded.contains(n))
                .map(|(r, _)| *r)
                .collect();
            return Some(Failure {
                at: stmt.range(),
                name: name.clone(),
                ran,
                defined,
            });
        }
        loaded.extend(reads.names);
        match stmt {
            Stmt::FunctionDef(f) => defined.push((stmt.range(), f.name.to_string())),
            Stmt::ClassDef(c) => defined.push((stmt.range(), c.name.to_string())),
            _ => {}
        }
    }
    None
}

/// The names a module-level statement reads while it runs: nothing of a
/// compound statement (its branch may not run, or a `try` may catch), and of
/// a definition only what is evaluated when it is defined.
fn evaluated_at_once(stmt: &Stmt, reads: &mut Reads) {
    match stmt {
        Stmt::Expr(_)
        | Stmt::Assign(_)
        | Stmt::AugAssign(_)
        | Stmt::Return(_)
        | Stmt::Raise(_)
        | Stmt::Assert(_)
        | Stmt::Delete(_) => reads.visit_stmt(stmt),
        // The value only: a module annotation may be a string or deferred.
        Stmt::AnnAssign(a) => {
            if let Some(value) = &a.value {
                reads.visit_expr(value);
            }
        }
        Stmt::FunctionDef(f) => {
            for d in &f.decorator_list {
                reads.visit_expr(&d.expression);
            }
            let params = &f.parameters;
            for p in params
                .posonlyargs
                .iter()
                .chain(&params.args)
                .chain(&params.kwonlyargs)
            {
                if let Some(default) = &p.default {
                    reads.visit_expr(default);
                }
            }
        }
        Stmt::ClassDef(c) => {
            for d in &c.decorator_list {
                reads.visit_expr(&d.expression);
            }
            for base in c.bases() {
                reads.visit_expr(base);
            }
        }
        _ => {}
    }
}

/// Names read, not descending into lambdas (their bodies run later).
#[derive(Default)]
struct Reads {
    names: Vec<String>,
}

impl<'a> Visitor<'a> for Reads {
    fn visit_expr(&mut self, expr: &'a Expr) {
        match expr {
            Expr::Name(n) if n.ctx == ExprContext::Load => self.names.push(n.id.to_string()),
            Expr::Lambda(_) => {}
            // A comprehension's own variables are bound in it: read only the
            // first iterable, which runs here.
            Expr::ListComp(ast::ExprListComp { generators, .. })
            | Expr::SetComp(ast::ExprSetComp { generators, .. })
            | Expr::Generator(ast::ExprGenerator { generators, .. })
            | Expr::DictComp(ast::ExprDictComp { generators, .. }) => {
                if let Some(first) = generators.first() {
                    self.visit_expr(&first.iter);
                }
            }
            _ => visitor::walk_expr(self, expr),
        }
    }
}

/// Every name the module binds, at any depth.
#[derive(Default)]
struct Bindings {
    names: HashSet<String>,
    star: bool,
}

impl<'a> Visitor<'a> for Bindings {
    fn visit_stmt(&mut self, stmt: &'a Stmt) {
        match stmt {
            Stmt::FunctionDef(f) => {
                self.names.insert(f.name.to_string());
            }
            Stmt::ClassDef(c) => {
                self.names.insert(c.name.to_string());
            }
            Stmt::Import(i) => {
                for alias in &i.names {
                    let bound = alias.asname.as_ref().unwrap_or(&alias.name);
                    let first = bound.as_str().split('.').next().unwrap_or("");
                    self.names.insert(first.to_string());
                }
            }
            Stmt::ImportFrom(i) => {
                for alias in &i.names {
                    if alias.name.as_str() == "*" {
                        self.star = true;
                    }
                    let bound = alias.asname.as_ref().unwrap_or(&alias.name);
                    self.names.insert(bound.to_string());
                }
            }
            Stmt::Global(g) => self.names.extend(g.names.iter().map(|n| n.to_string())),
            Stmt::Nonlocal(g) => self.names.extend(g.names.iter().map(|n| n.to_string())),
            Stmt::Try(t) => {
                for handler in &t.handlers {
                    let ast::ExceptHandler::ExceptHandler(h) = handler;
                    if let Some(name) = &h.name {
                        self.names.insert(name.to_string());
                    }
                }
            }
            _ => {}
        }
        visitor::walk_stmt(self, stmt);
    }

    fn visit_expr(&mut self, expr: &'a Expr) {
        if let Expr::Name(n) = expr
            && n.ctx != ExprContext::Load
        {
            self.names.insert(n.id.to_string());
        }
        visitor::walk_expr(self, expr);
    }

    /// Parameters of functions and lambdas.
    fn visit_parameter(&mut self, parameter: &'a ast::Parameter) {
        self.names.insert(parameter.name.to_string());
        visitor::walk_parameter(self, parameter);
    }

    fn visit_pattern(&mut self, pattern: &'a ast::Pattern) {
        match pattern {
            ast::Pattern::MatchAs(p) => self.names.extend(p.name.iter().map(|n| n.to_string())),
            ast::Pattern::MatchStar(p) => self.names.extend(p.name.iter().map(|n| n.to_string())),
            ast::Pattern::MatchMapping(p) => {
                self.names.extend(p.rest.iter().map(|n| n.to_string()))
            }
            _ => {}
        }
        visitor::walk_pattern(self, pattern);
    }

    fn visit_type_param(&mut self, param: &'a ast::TypeParam) {
        let name = match param {
            ast::TypeParam::TypeVar(p) => &p.name,
            ast::TypeParam::ParamSpec(p) => &p.name,
            ast::TypeParam::TypeVarTuple(p) => &p.name,
        };
        self.names.insert(name.to_string());
        visitor::walk_type_param(self, param);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fails(src: &str) -> Option<String> {
        let parsed = ruff_python_parser::parse_module(src).unwrap();
        failure(&parsed.syntax().body, src).map(|f| f.name)
    }

    #[test]
    fn undefined_token_fails() {
        let src = "from aiogram import Bot\nbot = Bot(token=API_TOKEN)\n";
        assert_eq!(fails(src).as_deref(), Some("API_TOKEN"));
    }

    #[test]
    fn defined_anywhere_or_hidden_is_not() {
        assert_eq!(
            fails("def f():\n    global T\n    T = 1\nf()\nprint(T)\n"),
            None
        );
        assert_eq!(fails("from config import *\nprint(TOKEN)\n"), None);
        assert_eq!(fails("globals()['T'] = 1\nprint(T)\n"), None);
        assert_eq!(
            fails("try:\n    print(T)\nexcept NameError:\n    pass\n"),
            None
        );
        assert_eq!(fails("if False:\n    print(T)\n"), None);
        assert_eq!(fails("def f():\n    return T\n"), None);
        assert_eq!(fails("x = [i for i in range(3)]\nf = lambda: T\n"), None);
        assert_eq!(fails("print(len(__file__))\n"), None);
    }
}
