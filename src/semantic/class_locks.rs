//! The threading locks a class's methods take around shared state, and whether
//! a piece of a method runs under one of them.
//!
//! A class names its lock in three ways, all of them one lock per object or
//! per class: a `self` attribute set to `threading.Lock()`/`RLock()`/
//! `Condition()` in a method, a class-body attribute (`lock = threading.Lock()`,
//! taken as `self.lock`, `cls.lock` or `Index.lock`), or a module global the
//! class's methods take (`_LOCK = threading.Lock()`, `with _LOCK:`). A method
//! holds it in a `with <lock>:` block, or between `<lock>.acquire()` and a
//! `finally:` that calls `<lock>.release()`.

use ruff_python_ast::{Expr, Stmt};
use ruff_text_size::{Ranged, TextRange};

use super::model::{Model, Target};
use super::scopes::{ClassId, FuncId};
use super::visit::scope_stmts;

const FACTORIES: &[&str] = &["threading.Lock", "threading.RLock", "threading.Condition"];

/// One lock of a class.
#[derive(Debug, Clone)]
pub struct ClassLock {
    /// How the class's methods take it: `self.lock`, `LOCK`.
    pub text: String,
    /// The other spellings that name the same lock (`Index.lock`, `cls.lock`).
    aliases: Vec<String>,
    /// `RLock` or `Condition` (re-entrant by default): a holder may take it again.
    pub reentrant: bool,
}

impl ClassLock {
    /// A lock each instance creates for itself (`self.lock = threading.Lock()`
    /// in a method): it serializes one object's users, not those of its siblings.
    pub fn per_object(&self) -> bool {
        self.aliases.is_empty() && self.text.starts_with("self.")
    }

    fn names(&self, expr: &Expr, model: &Model<'_>) -> bool {
        let text: String = model
            .slice(expr.range())
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect();
        text == self.text || self.aliases.contains(&text)
    }
}

/// The locks of class `class`: its `self` attributes and class attributes set
/// to a threading lock, and the module's global locks its methods take.
pub fn class_locks(model: &Model<'_>, class: ClassId) -> Vec<ClassLock> {
    let mut out: Vec<ClassLock> = Vec::new();
    let mut push = |lock: ClassLock| {
        if !out.iter().any(|l| l.text == lock.text) {
            out.push(lock);
        }
    };
    for a in &model.assignments {
        if model.scopes.enclosing_class(a.scope) != Some(class) {
            continue;
        }
        if let (Target::SelfAttr(attr), Some(reentrant)) =
            (&a.target, factory(model, a.value, a.scope))
        {
            push(ClassLock {
                text: format!("self.{attr}"),
                aliases: Vec::new(),
                reentrant,
            });
        }
    }
    let def = model.scopes.classes[class].def;
    for stmt in &def.body {
        if let Some((name, reentrant)) = assigned_lock(model, stmt) {
            push(ClassLock {
                text: format!("self.{name}"),
                aliases: vec![format!("cls.{name}"), format!("{}.{name}", def.name)],
                reentrant,
            });
        }
    }
    let methods: Vec<FuncId> = (0..model.scopes.functions.len())
        .filter(|&id| model.scopes.enclosing_class(Some(id)) == Some(class))
        .collect();
    for stmt in model.suite {
        let Some((name, reentrant)) = assigned_lock(model, stmt) else {
            continue;
        };
        let lock = ClassLock {
            text: name,
            aliases: Vec::new(),
            reentrant,
        };
        if methods.iter().any(|&id| takes(model, &lock, id)) {
            push(lock);
        }
    }
    out
}

/// `name = threading.Lock()` as a statement of a class body or the module.
fn assigned_lock(model: &Model<'_>, stmt: &Stmt) -> Option<(String, bool)> {
    let (target, value) = match stmt {
        Stmt::Assign(a) if a.targets.len() == 1 => (&a.targets[0], &*a.value),
        Stmt::AnnAssign(a) => (&*a.target, a.value.as_deref()?),
        _ => return None,
    };
    let Expr::Name(name) = target else {
        return None;
    };
    let reentrant = factory(model, value, None)?;
    Some((name.id.to_string(), reentrant))
}

/// `Some(reentrant)` when `value` builds a threading lock.
fn factory(model: &Model<'_>, value: &Expr, scope: Option<FuncId>) -> Option<bool> {
    let Expr::Call(c) = value else {
        return None;
    };
    let q = model.resolve(&c.func, scope)?;
    FACTORIES
        .contains(&q.as_str())
        .then(|| q != "threading.Lock")
}

/// Function `id` takes `lock` somewhere.
fn takes(model: &Model<'_>, lock: &ClassLock, id: FuncId) -> bool {
    scope_stmts(&model.scopes.function(id).def.body)
        .iter()
        .any(|s| held_body(model, lock, s).is_some())
}

/// The statements a statement runs with `lock` held: the body of `with <lock>:`,
/// or the body of a `try` whose `finally` releases it.
fn held_body<'s>(model: &Model<'_>, lock: &ClassLock, stmt: &'s Stmt) -> Option<&'s [Stmt]> {
    match stmt {
        Stmt::With(w)
            if !w.is_async && w.items.iter().any(|i| lock.names(&i.context_expr, model)) =>
        {
            Some(&w.body)
        }
        Stmt::Try(t)
            if t.finalbody
                .iter()
                .any(|f| lock_call(model, lock, f, "release")) =>
        {
            Some(&t.body)
        }
        _ => None,
    }
}

/// `<lock>.<method>()` as a statement.
fn lock_call(model: &Model<'_>, lock: &ClassLock, stmt: &Stmt, method: &str) -> bool {
    let Stmt::Expr(e) = stmt else {
        return false;
    };
    let Expr::Call(c) = &*e.value else {
        return false;
    };
    matches!(&*c.func, Expr::Attribute(a)
        if a.attr.as_str() == method && lock.names(&a.value, model))
}

/// The lock of `locks` held around `range` in function `id`, if any.
pub fn lock_around<'l>(
    model: &Model<'_>,
    locks: &'l [ClassLock],
    id: FuncId,
    range: TextRange,
) -> Option<&'l ClassLock> {
    let stmts = scope_stmts(&model.scopes.function(id).def.body);
    locks.iter().find(|lock| {
        stmts.iter().any(|s| {
            held_body(model, lock, s)
                .is_some_and(|body| body.iter().any(|b| b.range().contains_range(range)))
        })
    })
}
