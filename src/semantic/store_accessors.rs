//! Accessors that hand out a new store object on every call, and the classes
//! whose instances each keep a connection of their own.
//!
//! A context object's `store()` method (or `store` property) that returns
//! `Store(self.path)` caches nothing: every caller gets a fresh store, and a
//! store that opens its connection on first use (`if self._conn is None:
//! self._conn = sqlite3.connect(...)`) and keeps it opens one more connection
//! per call. Workers that each ask the context for its store (one thread or
//! task per detector) multiply them: file descriptors, and in rollback mode
//! readers that hold off writers (docs/sqlite-facts.md#F-unclosed-lingers).
//!
//! An accessor that caches (`if self._store is None:`, `functools.
//! cached_property`, `lru_cache`) builds the store once: its construction is
//! assigned, not returned, or the method is decorated, and is not one of these.
//! A method named as a factory (`open_store`, `create_store`, `new_store`)
//! promises a new object its caller owns: also not one of these.

use super::visit::is_self_attr;
use ruff_python_ast::{Expr, Stmt};
use ruff_text_size::Ranged;

use super::model::{Call, Model};
use super::scopes::FuncId;

/// A class of the module that keeps a sqlite3 connection on `self`: its
/// qualname, the attribute, the line of the connect and whether it is opened
/// on first use (under `if self.<attr> is None:` or `if not self.<attr>:`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeptConnection {
    pub class: String,
    pub attr: String,
    pub line: usize,
    pub lazy: bool,
}

/// The module's `self.<attr> = sqlite3.connect(...)` assignments, per class.
pub fn kept_connections(model: &Model<'_>) -> Vec<KeptConnection> {
    let mut out: Vec<KeptConnection> = Vec::new();
    for call in &model.calls {
        if !super::connections::is_sqlite3_connect(call) || call.parent.is_some() {
            continue;
        }
        let Stmt::Assign(assign) = call.stmt else {
            continue;
        };
        let Some(attr) = kept_attr(model, call, &assign.targets) else {
            continue;
        };
        let Some(class) = model.scopes.enclosing_class(call.scope) else {
            continue;
        };
        let class = model.scopes.classes[class].qualname.clone();
        if out.iter().any(|k| k.class == class && k.attr == attr) {
            continue;
        }
        let lazy = call
            .scope
            .is_some_and(|scope| opened_on_first_use(model, scope, &attr, call));
        out.push(KeptConnection {
            class,
            attr,
            line: model.line_column(call.range().start()).0,
            lazy,
        });
    }
    out
}

/// The attribute a connect's statement keeps the connection on: `self.<attr> =
/// sqlite3.connect(...)`, or a local the method configures first and then
/// stores (`conn = sqlite3.connect(p)`, `conn.create_function(...)`,
/// `self._db = conn`), which keeps the same connection.
fn kept_attr(model: &Model<'_>, call: &Call<'_>, targets: &[Expr]) -> Option<String> {
    match targets {
        [Expr::Attribute(target)] => {
            matches!(&*target.value, Expr::Name(n) if n.id.as_str() == "self")
                .then(|| target.attr.to_string())
        }
        [Expr::Name(local)] => {
            super::constructions::stored_on_self(model, call.scope?, local.id.as_str())
        }
        _ => None,
    }
}

/// The connect sits under `if self.<attr> is None:` (or `if not self.<attr>:`)
/// in its method: opened by whichever call comes first, then kept.
/// Also the other way round: `if self.<attr> is not None: return self.<attr>`
/// (or `if self.<attr>:`) before the connect, or the connect in that test's
/// `else:` branch.
fn opened_on_first_use(model: &Model<'_>, scope: FuncId, attr: &str, call: &Call<'_>) -> bool {
    let body = &model.scopes.function(scope).def.body;
    let mut found = false;
    super::visit::any_stmt(body, |s| {
        if let Stmt::If(branch) = s {
            let in_body = branch
                .body
                .iter()
                .any(|b| b.range().contains_range(call.range()));
            let in_else = branch
                .elif_else_clauses
                .iter()
                .any(|c| c.range().contains_range(call.range()));
            let returns_early = branch.range().end() <= call.range().start()
                && branch.body.iter().any(|b| matches!(b, Stmt::Return(_)));
            if (in_body && tests_unset(&branch.test, attr))
                || ((in_else || returns_early) && tests_set(&branch.test, attr))
            {
                found = true;
            }
        }
        found
    });
    found
}

/// `self.<attr> is not None` or a bare `self.<attr>`: the branch taken once it is set.
fn tests_set(test: &Expr, attr: &str) -> bool {
    let is_attr = |e: &Expr| is_self_attr(e, attr);
    match test {
        Expr::Compare(c) => {
            is_attr(&c.left)
                && matches!(c.ops.as_ref(), [ruff_python_ast::CmpOp::IsNot])
                && c.comparators
                    .iter()
                    .any(|e| matches!(e, Expr::NoneLiteral(_)))
        }
        e => is_attr(e),
    }
}

fn tests_unset(test: &Expr, attr: &str) -> bool {
    let is_attr = |e: &Expr| is_self_attr(e, attr);
    match test {
        Expr::Compare(c) => {
            is_attr(&c.left)
                && matches!(
                    c.ops.as_ref(),
                    [ruff_python_ast::CmpOp::Is | ruff_python_ast::CmpOp::Eq]
                )
                && c.comparators
                    .iter()
                    .any(|e| matches!(e, Expr::NoneLiteral(_)))
        }
        Expr::UnaryOp(u) => matches!(u.op, ruff_python_ast::UnaryOp::Not) && is_attr(&u.operand),
        _ => false,
    }
}

/// Names that say the method makes a new object for its caller to own.
const FACTORY_PREFIXES: &[&str] = &[
    "open", "create", "make", "new", "build", "connect", "spawn", "clone", "copy", "fresh", "init",
    "setup", "from",
];

/// `return Store(...)` as the whole of what a method of a class returns, in a
/// method that caches nothing and is not named as a factory: the call and the
/// method. A property counts (`@property def store(self)`): each attribute read
/// is a call.
pub fn fresh_accessors<'m, 'a>(model: &'m Model<'a>) -> Vec<(&'m Call<'a>, FuncId)> {
    let mut out = Vec::new();
    for call in &model.calls {
        let Some(scope) = call.scope else {
            continue;
        };
        if call.parent.is_some() || call.in_lambda || !looks_like_class(call) {
            continue;
        }
        let Stmt::Return(ret) = call.stmt else {
            continue;
        };
        if ret.value.as_deref().map(Ranged::range) != Some(call.range()) {
            continue;
        }
        let f = model.scopes.function(scope);
        if f.class.is_none() || f.is_async() || f.is_generator() {
            continue;
        }
        let name = f.name().trim_start_matches('_');
        let lowered = name.to_ascii_lowercase();
        if f.name().starts_with("__") || FACTORY_PREFIXES.iter().any(|p| lowered.starts_with(p)) {
            continue;
        }
        if f.def.decorator_list.iter().any(|d| {
            let text = model.slice(d.expression.range());
            text.contains("cache")
                || text.contains("classmethod")
                || text.contains("staticmethod")
                || text.contains("contextmanager")
                || text.contains("fixture")
        }) {
            continue;
        }
        out.push((call, scope));
    }
    out
}

/// A class name, not an all-capitals constant (`DEFAULTS(...)`).
fn looks_like_class(call: &Call<'_>) -> bool {
    super::constructions::callee_name(call).is_some_and(|name| {
        name.starts_with(|c: char| c.is_ascii_uppercase())
            && name.chars().any(|c| c.is_ascii_lowercase())
    })
}

/// An accessor of [`fresh_accessors`] as the project index keeps it: the
/// store's module reports the same leak at its connect.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FreshAccessor {
    pub qualname: String,
    /// What it builds, as the object model names a call.
    pub made: super::refs::CallRef,
    pub property: bool,
    pub line: usize,
}

/// The module's [`fresh_accessors`], for the index.
pub fn summaries(model: &Model<'_>) -> Vec<FreshAccessor> {
    fresh_accessors(model)
        .into_iter()
        .filter_map(|(call, scope)| {
            let made = super::values::call_ref(model, call)?;
            let f = model.scopes.function(scope);
            Some(FreshAccessor {
                qualname: f.qualname.clone(),
                made,
                property: is_property(model, scope),
                line: model.line_column(call.range().start()).0,
            })
        })
        .collect()
}

/// `@property` (or a `functools` relative ending in `property`) on the method.
pub fn is_property(model: &Model<'_>, scope: FuncId) -> bool {
    model
        .scopes
        .function(scope)
        .def
        .decorator_list
        .iter()
        .any(|d| model.slice(d.expression.range()).ends_with("property"))
}
