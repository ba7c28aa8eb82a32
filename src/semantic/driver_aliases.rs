//! Names and attributes bound to the `sqlite3` module object itself, so that a
//! call through them resolves like one through the import.
//!
//! A driver kept in a variable is a common way to let a class take another
//! DB-API module: `self._db_module = sqlite3` (or a parameter default
//! `db_module=sqlite3` stored on `self`, a module-level alias `dbapi = sqlite3`,
//! `importlib.import_module("sqlite3")`, a class attribute `driver = sqlite3`),
//! then `self._db_module.connect(database=path, timeout=t)`. That call opens
//! SQLite exactly as `sqlite3.connect(...)` does; without this every rule would
//! miss the connection and whatever the code does with it.
//!
//! Only bindings whose every assignment in their scope (or class) is the
//! driver count: `db = sqlite3` in `try` and `db = psycopg2` in `except`
//! leaves `db` unknown.

use rustc_hash::FxHashSet as HashSet;

use ruff_python_ast::{Expr, Stmt};

use super::scopes::{ClassId, FuncId, Scopes};

/// The dotted name every alias resolves to.
pub const DRIVER: &str = "sqlite3";

#[derive(Debug, Default)]
pub struct DriverAliases {
    /// `(scope, name)`: a module-level name (`None`), a local or a parameter
    /// whose default is the driver.
    pub(super) names: HashSet<(Option<FuncId>, String)>,
    /// `(class, attr)`: `self.<attr>` (or a class attribute) is the driver.
    pub(super) attrs: HashSet<(ClassId, String)>,
}

impl DriverAliases {
    pub fn is_empty(&self) -> bool {
        self.names.is_empty() && self.attrs.is_empty()
    }

    pub fn is_name(&self, scope: Option<FuncId>, name: &str) -> bool {
        !self.names.is_empty() && self.names.contains(&(scope, name.to_string()))
    }

    pub fn is_attr(&self, class: ClassId, attr: &str) -> bool {
        !self.attrs.is_empty() && self.attrs.contains(&(class, attr.to_string()))
    }
}

/// One assignment of the module as this module reads it: the model hands its
/// assignments over (this module does not import the model, which imports it).
pub struct Binding<'a> {
    pub scope: Option<FuncId>,
    pub bound: Bound<'a>,
    pub value: &'a Expr,
}

pub enum Bound<'a> {
    Name(&'a str),
    SelfAttr(&'a str),
    Other,
}

/// The model's `resolve`: the dotted meaning of an expression in a scope.
pub type Resolve<'r> = &'r dyn Fn(&Expr, Option<FuncId>) -> Option<String>;

/// The module's names bound to the driver. `resolve` sees imports only (and
/// so no chain of aliases: `a = sqlite3; b = a` binds `a` alone).
pub fn names(
    scopes: &Scopes<'_>,
    suite: &[Stmt],
    bindings: &[Binding<'_>],
    resolve: Resolve<'_>,
) -> HashSet<(Option<FuncId>, String)> {
    let mut out = HashSet::default();
    // Parameter defaults are evaluated in the scope around the function.
    for (id, f) in scopes.functions.iter().enumerate() {
        let p = &f.def.parameters;
        for param in p.posonlyargs.iter().chain(&p.args).chain(&p.kwonlyargs) {
            if param
                .default
                .as_deref()
                .is_some_and(|d| is_driver_value(d, f.parent, resolve))
            {
                out.insert((Some(id), param.parameter.name.to_string()));
            }
        }
    }
    let every_binding_is_driver = |scope: Option<FuncId>, name: &str| {
        bindings
            .iter()
            .filter(|b| b.scope == scope && matches!(b.bound, Bound::Name(n) if n == name))
            .all(|b| is_driver_value(b.value, scope, resolve))
    };
    // Module level: only statements of the module's own suite (not class bodies).
    for stmt in suite {
        if let Stmt::Assign(assign) = stmt
            && let [Expr::Name(n)] = assign.targets.as_slice()
            && is_driver_value(&assign.value, None, resolve)
            && every_binding_is_driver(None, n.id.as_str())
        {
            out.insert((None, n.id.to_string()));
        }
    }
    for b in bindings {
        let (Some(scope), Bound::Name(name)) = (b.scope, &b.bound) else {
            continue;
        };
        if is_driver_value(b.value, Some(scope), resolve)
            && every_binding_is_driver(Some(scope), name)
            && !scopes.function(scope).params.iter().any(|p| p == name)
        {
            out.insert((Some(scope), (*name).to_string()));
        }
    }
    out
}

/// The module's `self` attributes (and class attributes) bound to the driver;
/// `resolve` must already see `names` so that `self.db = db_module` resolves.
pub fn attrs(
    scopes: &Scopes<'_>,
    bindings: &[Binding<'_>],
    resolve: Resolve<'_>,
) -> HashSet<(ClassId, String)> {
    // Per (class, attribute): whether every binding seen is the driver.
    let mut seen: Vec<(ClassId, String, bool)> = Vec::new();
    let mut note = |class: ClassId, attr: &str, driver: bool| match seen
        .iter_mut()
        .find(|(c, a, _)| *c == class && a == attr)
    {
        Some(entry) => entry.2 &= driver,
        None => seen.push((class, attr.to_string(), driver)),
    };
    for b in bindings {
        let Bound::SelfAttr(attr) = b.bound else {
            continue;
        };
        let Some(class) = scopes.enclosing_class(b.scope) else {
            continue;
        };
        note(class, attr, is_driver_value(b.value, b.scope, resolve));
    }
    for (id, class) in scopes.classes.iter().enumerate() {
        for stmt in &class.def.body {
            if let Stmt::Assign(assign) = stmt
                && let [Expr::Name(n)] = assign.targets.as_slice()
            {
                note(
                    id,
                    n.id.as_str(),
                    is_driver_value(&assign.value, class.parent, resolve),
                );
            }
        }
    }
    seen.into_iter()
        .filter(|(_, _, driver)| *driver)
        .map(|(c, a, _)| (c, a))
        .collect()
}

/// Whether a module can bind the driver at all: it names the module somewhere.
pub fn mentions_driver(text: &str) -> bool {
    text.contains("sqlite")
}

/// `sqlite3` (through any import spelling or alias already known),
/// `importlib.import_module("sqlite3")` or `__import__("sqlite3")`.
fn is_driver_value(value: &Expr, scope: Option<FuncId>, resolve: Resolve<'_>) -> bool {
    match value {
        Expr::Call(call) => {
            let importer = match &*call.func {
                Expr::Name(n) if n.id.as_str() == "__import__" => true,
                func => resolve(func, scope).as_deref() == Some("importlib.import_module"),
            };
            importer
                && matches!(
                    call.arguments.args.first(),
                    Some(Expr::StringLiteral(s))
                        if matches!(s.value.to_str(), "sqlite3" | "sqlite3.dbapi2")
                )
        }
        Expr::Name(_) | Expr::Attribute(_) => resolve(value, scope).as_deref() == Some(DRIVER),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use crate::semantic::Model;
    use ruff_text_size::Ranged;
    use std::path::Path;

    /// The text of each call the model resolves to `sqlite3.connect`.
    fn connects(source: &str) -> Vec<String> {
        let parsed = crate::check::parse(source).unwrap();
        let model = Model::build(Path::new("m.py"), source, parsed.suite(), parsed.tokens());
        model
            .calls
            .iter()
            .filter(|c| c.qualified() == Some("sqlite3.connect"))
            .map(|c| model.slice(c.expr.func.range()).to_string())
            .collect()
    }

    #[test]
    fn attributes_parameters_aliases_and_imported_modules() {
        let source = r#"import importlib
import sqlite3
from sqlite3 import dbapi2 as sqlite
dbapi = sqlite3
loaded = importlib.import_module('sqlite3')
class Cache:
    driver = sqlite3
    def __init__(self, path, db_module=sqlite3):
        self._db_module = db_module
    def a(self):
        return self._db_module.connect(database='a.db', timeout=5)
    def b(self):
        return self.driver.connect('b.db')
def c():
    return dbapi.connect('c.db')
def d():
    return loaded.connect('d.db')
def e():
    return sqlite.connect('e.db')
"#;
        assert_eq!(
            connects(source),
            vec![
                "self._db_module.connect",
                "self.driver.connect",
                "dbapi.connect",
                "loaded.connect",
                "sqlite.connect"
            ]
        );
    }

    #[test]
    fn a_binding_that_is_sometimes_another_driver_is_not_the_driver() {
        let source = r#"import sqlite3
import psycopg2
class Store:
    def __init__(self, pg):
        self.mod = sqlite3
        if pg:
            self.mod = psycopg2
    def open(self):
        return self.mod.connect('x')
def f(pg):
    mod = sqlite3
    if pg:
        mod = psycopg2
    return mod.connect('x')
"#;
        assert!(connects(source).is_empty());
    }
}
