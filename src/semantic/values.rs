//! How a module names, by itself, the calls and values that may reach project
//! code ([`CallRef`], [`ValueRef`]): the per-file half of the object model
//! (objects.rs), below the project index that resolves them.

use ruff_python_ast::{Expr, Operator, ParameterWithDefault};
use ruff_text_size::{Ranged, TextRange, TextSize};

use super::model::{AssignKind, Call, Callee, Model, Receiver};
use super::refs::{CallRef, ValueRef};
use super::scopes::FuncId;

pub(crate) const MAX_DEPTH: usize = 8;

thread_local! {
    /// Nesting of [`value_of`] through calls (`a().b().c()`, chained locals): a
    /// bound on the size of the values it builds.
    static NESTING: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

/// The value of `expr` evaluated in `scope`, when it can be named.
pub fn value_of(model: &Model<'_>, scope: Option<FuncId>, expr: &Expr) -> Option<ValueRef> {
    let nesting = NESTING.with(|n| n.get());
    if nesting > MAX_DEPTH {
        return None;
    }
    NESTING.with(|n| n.set(nesting + 1));
    let value = value_at(model, scope, expr, 0);
    NESTING.with(|n| n.set(nesting));
    value
}

fn value_at(
    model: &Model<'_>,
    scope: Option<FuncId>,
    expr: &Expr,
    depth: usize,
) -> Option<ValueRef> {
    if depth > MAX_DEPTH {
        return None;
    }
    match expr {
        Expr::Call(call) => {
            if let Some(value) = getattr_value(model, scope, call, depth) {
                return Some(value);
            }
            let found = model.call_at(call.range())?;
            // `functools.partial(C, ...)` makes what `C` makes when called.
            if found.qualified() == Some("functools.partial") {
                let callable = call.arguments.args.first()?;
                return callable_ref(model, scope, callable).map(|r| ValueRef::Named(Box::new(r)));
            }
            call_ref(model, found).map(|r| ValueRef::Made(Box::new(r)))
        }
        // `lambda: C(path)`: a factory of what its body makes.
        Expr::Lambda(lambda) => match value_at(model, scope, &lambda.body, depth + 1)? {
            ValueRef::Made(r) if matches!(*r, CallRef::Local(_) | CallRef::Dotted(_)) => {
                Some(ValueRef::Named(r))
            }
            _ => None,
        },
        Expr::Await(a) => value_at(model, scope, &a.value, depth + 1),
        // `store or get_store()`, `store if store else Store()`: either operand
        // may be the value; the first that resolves is taken (a parameter typed
        // `Store | None`, else the fallback's factory).
        Expr::BoolOp(b) if b.op == ruff_python_ast::BoolOp::Or => any(b
            .values
            .iter()
            .filter_map(|v| value_at(model, scope, v, depth + 1))
            .collect()),
        Expr::If(i) => any([&*i.body, &*i.orelse]
            .into_iter()
            .filter_map(|v| value_at(model, scope, v, depth + 1))
            .collect()),
        Expr::Name(name) => name_value(model, scope, name.id.as_str(), expr, depth),
        Expr::Attribute(attr) => {
            if let Expr::Attribute(inner) = &*attr.value {
                if inner.attr.as_str() == "state" {
                    return Some(ValueRef::AppState(attr.attr.to_string()));
                }
            }
            if let Some(dotted) = model.resolve(expr, scope) {
                return Some(ValueRef::Named(Box::new(CallRef::Dotted(dotted))));
            }
            let base = value_at(model, scope, &attr.value, depth + 1)?;
            Some(ValueRef::Attr(Box::new(base), attr.attr.to_string()))
        }
        Expr::Tuple(t) => {
            let items: Vec<Option<ValueRef>> = t
                .elts
                .iter()
                .map(|e| value_at(model, scope, e, depth + 1))
                .collect();
            items
                .iter()
                .any(Option::is_some)
                .then_some(ValueRef::Tuple(items))
        }
        _ => None,
    }
}

fn name_value(
    model: &Model<'_>,
    scope: Option<FuncId>,
    name: &str,
    at: &Expr,
    depth: usize,
) -> Option<ValueRef> {
    if matches!(name, "self" | "cls") {
        let class = model.scopes.enclosing_class(scope)?;
        let qualname = model.scopes.classes[class].qualname.clone();
        return Some(ValueRef::Made(Box::new(CallRef::Local(qualname))));
    }
    let mut current = scope;
    while let Some(id) = current {
        let function = model.scopes.function(id);
        if let Some(param) = parameter(function.def, name) {
            return parameter_value(model, id, param);
        }
        if model.assigns_in(id, name) {
            return local_value(model, id, name, at.start(), depth);
        }
        current = function.parent;
    }
    if let Some(dotted) = model.resolve(at, scope) {
        return Some(ValueRef::Named(Box::new(CallRef::Dotted(dotted))));
    }
    model
        .module_names
        .contains(name)
        .then(|| ValueRef::Named(Box::new(CallRef::Local(name.to_string()))))
}

/// What `name` holds in function `id` at offset `at`: the last assignment
/// before it, and when that one sits in an arm of an `if`/`match` finished
/// before `at`, the last assignment of each other arm too (and the value from
/// before the statement where an arm sets nothing or none need run).
fn local_value(
    model: &Model<'_>,
    id: FuncId,
    name: &str,
    at: TextSize,
    depth: usize,
) -> Option<ValueRef> {
    if depth > MAX_DEPTH {
        return None;
    }
    let last_in = |range: TextRange| {
        model
            .assignment_positions_in(Some(id))
            .iter()
            .map(|&i| &model.assignments[i])
            .rfind(|a| {
                // A `with` target is bound in the statement's own body.
                let bound = match a.kind {
                    AssignKind::WithItem => a.target_expr.end(),
                    _ => a.stmt.end(),
                };
                bound <= range.end()
                    && a.stmt.start() >= range.start()
                    && matches!(&a.target, super::model::Target::Name(n) if n == name)
            })
    };
    let def = model.scopes.function(id).def;
    let assignment = last_in(TextRange::new(def.start(), at))?;
    let value = assignment_value(model, id, assignment, name, depth)?;
    let Some(siblings) = super::sibling_branches::around(&def.body, assignment.stmt.range())
        .filter(|s| s.statement.end() <= at)
    else {
        return Some(value);
    };
    let mut values = vec![value];
    let mut from_before = !siblings.exhaustive;
    for arm in &siblings.others {
        match last_in(*arm) {
            Some(a) => values.extend(assignment_value(model, id, a, name, depth)),
            None => from_before = true,
        }
    }
    if from_before {
        values.extend(local_value(
            model,
            id,
            name,
            siblings.statement.start(),
            depth + 1,
        ));
    }
    let mut flat = Vec::new();
    for value in values {
        match value {
            ValueRef::Any(candidates) => flat.extend(candidates),
            other => flat.push(other),
        }
    }
    flat.dedup();
    any(flat)
}

/// `getattr(mgr, name)` where `name` is one of a few attribute names written
/// as literals (`"queue_store" if kind == "queue" else "history_store"`, a
/// local each arm of an `if` sets, a dict of them indexed): any of those
/// attributes of the object.
fn getattr_value(
    model: &Model<'_>,
    scope: Option<FuncId>,
    call: &ruff_python_ast::ExprCall,
    depth: usize,
) -> Option<ValueRef> {
    let Expr::Name(func) = &*call.func else {
        return None;
    };
    if func.id.as_str() != "getattr" || model.module_names.contains("getattr") {
        return None;
    }
    let [object, attribute, ..] = &*call.arguments.args else {
        return None;
    };
    let mut names = Vec::new();
    literal_names(model, scope, attribute, depth, &mut names);
    if names.is_empty() {
        return None;
    }
    let base = value_at(model, scope, object, depth + 1)?;
    names.dedup();
    any(names
        .into_iter()
        .map(|n| ValueRef::Attr(Box::new(base.clone()), n))
        .collect())
}

/// The string literals `expr` can evaluate to, when it is nothing else.
/// Leaves `out` empty when any alternative is not a literal.
fn literal_names(
    model: &Model<'_>,
    scope: Option<FuncId>,
    expr: &Expr,
    depth: usize,
    out: &mut Vec<String>,
) -> bool {
    if depth > MAX_DEPTH {
        out.clear();
        return false;
    }
    let known = match expr {
        Expr::StringLiteral(s) => {
            out.push(s.value.to_str().to_string());
            true
        }
        Expr::If(i) => {
            literal_names(model, scope, &i.body, depth + 1, out)
                && literal_names(model, scope, &i.orelse, depth + 1, out)
        }
        Expr::Subscript(sub) => match &*sub.value {
            Expr::Dict(d) if !d.items.is_empty() => d
                .items
                .iter()
                .all(|item| literal_names(model, scope, &item.value, depth + 1, out)),
            _ => false,
        },
        Expr::Name(n) => {
            let Some(id) = scope.filter(|&id| model.assigns_in(id, n.id.as_str())) else {
                out.clear();
                return false;
            };
            let assigned: Vec<&Expr> = model
                .assignment_positions_in(Some(id))
                .iter()
                .map(|&i| &model.assignments[i])
                .filter(|a| {
                    a.kind == AssignKind::Assign
                        && a.stmt.end() <= expr.start()
                        && matches!(&a.target, super::model::Target::Name(t) if t == n.id.as_str())
                        && matches!(a.target_expr, Expr::Name(_))
                })
                .map(|a| a.value)
                .collect();
            !assigned.is_empty()
                && assigned
                    .into_iter()
                    .all(|v| literal_names(model, scope, v, depth + 1, out))
        }
        _ => false,
    };
    if !known {
        out.clear();
    }
    known
}

/// The value one assignment gives `name`.
fn assignment_value(
    model: &Model<'_>,
    id: FuncId,
    assignment: &super::model::Assignment<'_>,
    name: &str,
    depth: usize,
) -> Option<ValueRef> {
    if assignment.kind == AssignKind::ForLoop {
        return None;
    }
    let mut value = value_at(model, Some(id), assignment.value, depth + 1)?;
    if assignment.kind == AssignKind::WithItem {
        // `with C() as x:` binds what `C.__enter__` returns (usually the
        // instance itself); a class with no `__enter__` the project can see
        // is taken to return itself.
        let entered = ValueRef::Made(Box::new(CallRef::On {
            value: value.clone(),
            name: "__enter__".to_string(),
        }));
        value = ValueRef::Any(vec![entered, value]);
    }
    let elements = match assignment.target_expr {
        Expr::Tuple(t) => Some(&t.elts),
        Expr::List(l) => Some(&l.elts),
        _ => None,
    };
    match elements {
        Some(elts) => {
            let position = elts
                .iter()
                .position(|e| matches!(e, Expr::Name(n) if n.id.as_str() == name))?;
            Some(ValueRef::Item(Box::new(value), position))
        }
        None => Some(value),
    }
}

fn parameter<'a>(
    def: &'a ruff_python_ast::StmtFunctionDef,
    name: &str,
) -> Option<&'a ParameterWithDefault> {
    let p = &def.parameters;
    p.posonlyargs
        .iter()
        .chain(p.args.iter())
        .chain(p.kwonlyargs.iter())
        .find(|a| a.parameter.name.as_str() == name)
}

/// A parameter's value: its annotation's type, or what a FastAPI `Depends(f)`
/// default provides.
fn parameter_value(
    model: &Model<'_>,
    id: FuncId,
    param: &ParameterWithDefault,
) -> Option<ValueRef> {
    let mut candidates = Vec::new();
    if let Some(default) = param.default.as_deref() {
        candidates.extend(depends_value(model, Some(id), default));
    }
    if let Some(annotation) = param.parameter.annotation.as_deref() {
        candidates.extend(annotation_value(model, Some(id), annotation));
    } else if candidates.is_empty() {
        candidates.push(ValueRef::Param {
            function: model.scopes.function(id).qualname.clone(),
            name: param.parameter.name.to_string(),
        });
    }
    any(candidates)
}

pub(crate) fn any(mut candidates: Vec<ValueRef>) -> Option<ValueRef> {
    match candidates.len() {
        0 => None,
        1 => candidates.pop(),
        _ => Some(ValueRef::Any(candidates)),
    }
}

/// `Depends(get_db)`: the provider's return (or yield) value.
fn depends_value(model: &Model<'_>, scope: Option<FuncId>, expr: &Expr) -> Option<ValueRef> {
    let Expr::Call(call) = expr else {
        return None;
    };
    let callee = model.call_at(call.range())?;
    if !callee
        .qualified()
        .is_some_and(|q| q.ends_with(".Depends") || q == "Depends")
        && !matches!(&*call.func, Expr::Name(n) if n.id.as_str() == "Depends")
    {
        return None;
    }
    let provider = call.arguments.args.first()?;
    callable_ref(model, scope, provider).map(|r| ValueRef::Made(Box::new(r)))
}

/// How a function or class named by an expression (not called) is referred to.
pub(crate) fn callable_ref(
    model: &Model<'_>,
    scope: Option<FuncId>,
    expr: &Expr,
) -> Option<CallRef> {
    if let Some(dotted) = model.resolve(expr, scope) {
        return Some(CallRef::Dotted(dotted));
    }
    match expr {
        Expr::Name(n) if model.module_names.contains(n.id.as_str()) => {
            Some(CallRef::Local(n.id.to_string()))
        }
        Expr::StringLiteral(s) => {
            let text = s.value.to_str();
            let simple = text.split('.').next_back()?;
            if model.scopes.class_named(simple).is_some() {
                Some(CallRef::Local(simple.to_string()))
            } else {
                model
                    .imports
                    .lookup_in(simple, None)
                    .map(|i| CallRef::Dotted(i.target.clone()))
            }
        }
        _ => None,
    }
}

/// The instance type an annotation names: `Store`, `Optional[Store]`,
/// `Store | None`, `Annotated[Store, Depends(get_store)]`, `tuple[Store, int]`.
pub fn annotation_value(model: &Model<'_>, scope: Option<FuncId>, expr: &Expr) -> Option<ValueRef> {
    match expr {
        Expr::Name(_) | Expr::Attribute(_) | Expr::StringLiteral(_) => {
            callable_ref(model, scope, expr).map(|r| ValueRef::Made(Box::new(r)))
        }
        Expr::BinOp(op) if op.op == Operator::BitOr => annotation_value(model, scope, &op.left)
            .or_else(|| annotation_value(model, scope, &op.right)),
        Expr::Subscript(sub) => {
            let head = match &*sub.value {
                Expr::Name(n) => n.id.as_str(),
                Expr::Attribute(a) => a.attr.as_str(),
                _ => return None,
            };
            let elements: Vec<&Expr> = match &*sub.slice {
                Expr::Tuple(t) => t.elts.iter().collect(),
                other => vec![other],
            };
            match head {
                // `Callable[[], UnitOfWork]`: calling it makes a `UnitOfWork`.
                "Callable" => match annotation_value(model, scope, elements.get(1)?)? {
                    ValueRef::Made(r) => Some(ValueRef::Named(r)),
                    _ => None,
                },
                "Optional" | "Union" | "Type" | "type" => elements
                    .iter()
                    .find_map(|e| annotation_value(model, scope, e)),
                "Annotated" => {
                    // The provider knows the concrete class; the type may be an interface.
                    let mut candidates: Vec<ValueRef> = elements[1..]
                        .iter()
                        .filter_map(|e| depends_value(model, scope, e))
                        .collect();
                    candidates.extend(annotation_value(model, scope, elements.first()?));
                    any(candidates)
                }
                "tuple" | "Tuple" => Some(ValueRef::Tuple(
                    elements
                        .iter()
                        .map(|e| annotation_value(model, scope, e))
                        .collect(),
                )),
                _ => None,
            }
        }
        _ => None,
    }
}

/// `receiver.name(...)` on a value the module can name: the call as the index
/// resolves it.
pub fn method_ref(model: &Model<'_>, scope: Option<FuncId>, func: &Expr) -> Option<CallRef> {
    let Expr::Attribute(attr) = func else {
        return None;
    };
    let value = value_of(model, scope, &attr.value)?;
    Some(CallRef::On {
        value,
        name: attr.attr.to_string(),
    })
}

/// How a call can be named across files, if it may reach project code.
pub fn call_ref(model: &Model<'_>, call: &Call<'_>) -> Option<CallRef> {
    match &call.callee {
        Callee::Qualified(q) => {
            let root = q.trim_start_matches('.').split('.').next().unwrap_or("");
            if q.starts_with('.') || !is_known_external(root) {
                Some(CallRef::Dotted(q.clone()))
            } else {
                None
            }
        }
        Callee::Local(name) => Some(CallRef::Local(name.clone())),
        Callee::SelfMethod(name) => {
            let class = model.scopes.enclosing_class(call.scope)?;
            Some(CallRef::SelfMethod {
                class: model.scopes.classes[class].qualname.clone(),
                name: name.clone(),
            })
        }
        Callee::Method {
            receiver: Receiver::Name(var),
            name,
        } if model.module_names.contains(var) && !is_local_name(model, call.scope, var) => {
            Some(CallRef::Instance {
                var: var.clone(),
                name: name.clone(),
            })
        }
        Callee::Method { .. } => method_ref(model, call.scope, &call.expr.func),
        // `lookup(word)` on a module-level instance calls its `__call__`.
        Callee::Unknown => match &*call.expr.func {
            Expr::Name(n)
                if model.module_names.contains(n.id.as_str())
                    && !is_local_name(model, call.scope, n.id.as_str()) =>
            {
                Some(CallRef::Instance {
                    var: n.id.to_string(),
                    name: "__call__".to_string(),
                })
            }
            _ => None,
        },
    }
}

pub(crate) fn is_local_name(model: &Model<'_>, scope: Option<FuncId>, name: &str) -> bool {
    let Some(id) = scope else {
        return false;
    };
    model.scopes.function(id).has_parameter(name) || model.assigns_in(id, name)
}

/// Standard-library and well-known third-party roots never resolved into the project.
fn is_known_external(root: &str) -> bool {
    matches!(
        root,
        "builtins"
            | "sqlite3"
            | "aiosqlite"
            | "asyncio"
            | "json"
            | "os"
            | "sys"
            | "time"
            | "threading"
            | "contextlib"
            | "pathlib"
            | "logging"
            | "typing"
            | "functools"
            | "collections"
            | "datetime"
            | "uuid"
            | "tempfile"
            | "shutil"
            | "re"
            | "fastapi"
            | "starlette"
            | "pydantic"
            | "sqlalchemy"
            | "django"
            | "peewee"
    )
}
