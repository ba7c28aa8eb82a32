//! Which project class a value is an instance of, and which attributes of a
//! class hold what: the object model behind method calls on values the call site
//! does not construct itself (`self.store.save()`, `db = get_db(); db.count()`,
//! `request.app.state.db.load()`, a FastAPI `Depends(get_db)` parameter).
//!
//! A module describes its values symbolically ([`ValueRef`]), with no knowledge of
//! other files; the project index resolves them to classes once it knows every
//! module. Each resolution is bounded in depth, so following a value costs a few
//! lookups, never a walk of the project.

use ruff_python_ast::{Expr, Operator, ParameterWithDefault, Stmt};
use ruff_text_size::Ranged;

use super::model::{AssignKind, Model};
use super::project::{ModuleSummary, ProjectIndex, call_ref};
use super::refs::CallRef;
pub use super::refs::ValueRef;
use super::scopes::FuncId;

/// What a class says about its instances.
#[derive(Debug, Clone)]
pub struct ClassSummary {
    pub qualname: String,
    pub bases: Vec<CallRef>,
    /// `self.x = ...` / `cls.x = ...` in its methods and `x: T` in its body, first
    /// value that can be named winning.
    pub attrs: Vec<(String, ValueRef)>,
}

const MAX_DEPTH: usize = 8;

/// A name and the value bound to it.
pub type Named = (String, ValueRef);

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
            let call = model.call_at(call.range())?;
            call_ref(model, call).map(|r| ValueRef::Made(Box::new(r)))
        }
        Expr::Await(a) => value_at(model, scope, &a.value, depth + 1),
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
            return local_value(model, id, name, at, depth);
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

/// The last assignment to `name` in function `id` before `at`.
fn local_value(
    model: &Model<'_>,
    id: FuncId,
    name: &str,
    at: &Expr,
    depth: usize,
) -> Option<ValueRef> {
    let assignment = model
        .assignment_positions_in(Some(id))
        .iter()
        .map(|&i| &model.assignments[i])
        .rfind(|a| {
            a.stmt.end() <= at.start()
                && matches!(&a.target, super::model::Target::Name(n) if n == name)
        })?;
    if assignment.kind == AssignKind::ForLoop {
        return None;
    }
    let value = value_at(model, Some(id), assignment.value, depth + 1)?;
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
    }
    any(candidates)
}

fn any(mut candidates: Vec<ValueRef>) -> Option<ValueRef> {
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
fn callable_ref(model: &Model<'_>, scope: Option<FuncId>, expr: &Expr) -> Option<CallRef> {
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

/// What function `id` returns: the values of its `return`/`yield` statements,
/// then its return annotation.
pub fn returns(model: &Model<'_>, id: FuncId) -> Option<ValueRef> {
    let function = model.scopes.function(id);
    let mut candidates: Vec<ValueRef> = Vec::new();
    super::visit::any_stmt(&function.def.body, |stmt| {
        let value = match stmt {
            Stmt::Return(ret) => ret.value.as_deref(),
            Stmt::Expr(e) => match &*e.value {
                Expr::Yield(y) => y.value.as_deref(),
                _ => None,
            },
            _ => None,
        };
        if let Some(v) = value.and_then(|v| value_of(model, Some(id), v)) {
            if !candidates.contains(&v) {
                candidates.push(v);
            }
        }
        false
    });
    if let Some(annotation) = function.def.returns.as_deref() {
        candidates.extend(annotation_value(model, Some(id), annotation));
    }
    any(candidates)
}

/// Every class of the module with its bases and the attributes its methods set.
pub fn classes(model: &Model<'_>) -> Vec<ClassSummary> {
    let mut summaries: Vec<ClassSummary> = model
        .scopes
        .classes
        .iter()
        .map(|class| ClassSummary {
            qualname: class.qualname.clone(),
            bases: class
                .def
                .bases()
                .iter()
                .filter_map(|b| callable_ref(model, class.parent, b))
                .collect(),
            attrs: class_body_attrs(model, class.parent, &class.def.body),
        })
        .collect();
    for assignment in &model.assignments {
        let Some(class) = model.scopes.enclosing_class(assignment.scope) else {
            continue;
        };
        let Expr::Attribute(target) = assignment.target_expr else {
            continue;
        };
        if !matches!(&*target.value, Expr::Name(n) if matches!(n.id.as_str(), "self" | "cls")) {
            continue;
        }
        let attr = target.attr.as_str();
        if summaries[class].attrs.iter().any(|(a, _)| a == attr) {
            continue;
        }
        if let Some(value) = value_of(model, assignment.scope, assignment.value) {
            summaries[class].attrs.push((attr.to_string(), value));
        }
    }
    summaries
}

/// `db: Store` and `db = Store()` in a class body.
fn class_body_attrs(
    model: &Model<'_>,
    scope: Option<FuncId>,
    body: &[Stmt],
) -> Vec<(String, ValueRef)> {
    let mut attrs = Vec::new();
    for stmt in body {
        let (target, value) = match stmt {
            Stmt::AnnAssign(a) => (&*a.target, annotation_value(model, scope, &a.annotation)),
            Stmt::Assign(a) if a.targets.len() == 1 => {
                (&a.targets[0], value_of(model, scope, &a.value))
            }
            _ => continue,
        };
        if let (Expr::Name(n), Some(value)) = (target, value) {
            attrs.push((n.id.to_string(), value));
        }
    }
    attrs
}

/// Module-level names bound to a value that can be named (`store = Store()`,
/// `StoreDep = Annotated[Store, Depends(get_store)]`), and what `<app>.state.x = ...`
/// assignments put on the application.
pub fn globals(model: &Model<'_>) -> (Vec<Named>, Vec<Named>) {
    let mut globals = Vec::new();
    let mut app_state = Vec::new();
    for assignment in &model.assignments {
        match (assignment.scope, assignment.target_expr) {
            (None, Expr::Name(n)) => {
                let value = value_of(model, None, assignment.value)
                    .or_else(|| annotation_value(model, None, assignment.value));
                if let Some(value) = value {
                    globals.push((n.id.to_string(), value));
                }
            }
            (scope, Expr::Attribute(target)) => {
                let on_state = matches!(&*target.value, Expr::Attribute(inner) if inner.attr.as_str() == "state");
                if on_state {
                    if let Some(value) = value_of(model, scope, assignment.value) {
                        app_state.push((target.attr.to_string(), value));
                    }
                }
            }
            _ => {}
        }
    }
    (globals, app_state)
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

/// The project-wide side: resolving values to classes and methods.
impl ProjectIndex {
    /// The (module, class qualname) a value of module `from` is an instance of.
    pub fn class_of(&self, from: usize, value: &ValueRef, depth: usize) -> Option<(usize, String)> {
        if depth > MAX_DEPTH {
            return None;
        }
        match value {
            ValueRef::Made(r) => self.made(from, r, depth),
            ValueRef::Named(r) => {
                let (m, name) = match &**r {
                    CallRef::Local(name) => (from, name.clone()),
                    CallRef::Dotted(dotted) => self.module_of(from, dotted)?,
                    _ => return None,
                };
                let target = &self.modules[m];
                if let Some((_, v)) = target.globals.iter().find(|(n, _)| *n == name) {
                    return self.class_of(m, v, depth + 1);
                }
                // A re-export: `from .store import store` in a package's __init__.
                let (head, tail) = name.split_once('.').unwrap_or((&name, ""));
                let import = target.imports.iter().find(|i| i.local == head)?;
                let dotted = if tail.is_empty() {
                    import.target.clone()
                } else {
                    format!("{}.{tail}", import.target)
                };
                if m == from && matches!(&**r, CallRef::Local(_)) && dotted == name {
                    return None;
                }
                self.class_of(
                    m,
                    &ValueRef::Named(Box::new(CallRef::Dotted(dotted))),
                    depth + 1,
                )
            }
            ValueRef::Attr(base, attr) => {
                let (m, class) = self.class_of(from, base, depth + 1)?;
                match self.attribute(m, &class, attr, depth + 1) {
                    Some((am, v)) => self.class_of(am, &v, depth + 1),
                    // `cls._instance`: a singleton's only instance.
                    None if attr.trim_start_matches('_') == "instance" => Some((m, class)),
                    None => None,
                }
            }
            ValueRef::Item(base, i) => {
                let (m, tuple) = self.tuple_of(from, base, depth + 1)?;
                let element = tuple.get(*i)?.as_ref()?;
                self.class_of(m, element, depth + 1)
            }
            ValueRef::Tuple(_) => None,
            ValueRef::AppState(name) => self
                .app_state
                .get(name)?
                .iter()
                .find_map(|(m, v)| self.class_of(*m, v, depth + 1)),
            ValueRef::Any(candidates) => candidates
                .iter()
                .find_map(|c| self.class_of(from, c, depth + 1)),
        }
    }

    /// What calling `r` from module `from` gives.
    fn made(&self, from: usize, r: &CallRef, depth: usize) -> Option<(usize, String)> {
        if let Some(found) = self.class_named(from, r, depth) {
            return Some(found);
        }
        if let Some((m, f)) = self.resolve_at(from, r, depth + 1) {
            let returns = self.modules[m].functions[f].returns.as_ref()?;
            return self.class_of(m, returns, depth + 1);
        }
        // An alias: `StoreDep = Annotated[Store, Depends(get_store)]`.
        let (m, name) = match r {
            CallRef::Local(name) => (from, name.clone()),
            CallRef::Dotted(dotted) => self.module_of(from, dotted)?,
            _ => return None,
        };
        let (_, v) = self.modules[m].globals.iter().find(|(n, _)| *n == name)?;
        if matches!(v, ValueRef::Made(_) | ValueRef::Any(_)) {
            self.class_of(m, v, depth + 1)
        } else {
            None
        }
    }

    /// The class `r` names, from module `from`.
    fn class_named(&self, from: usize, r: &CallRef, depth: usize) -> Option<(usize, String)> {
        if depth > MAX_DEPTH {
            return None;
        }
        match r {
            CallRef::Local(name) => self.class_id(from, name).map(|_| (from, name.clone())),
            CallRef::Dotted(dotted) => {
                let (m, rest) = self.module_of(from, dotted)?;
                if self.class_id(m, &rest).is_some() {
                    return Some((m, rest));
                }
                let (head, tail) = rest.split_once('.').unwrap_or((&rest, ""));
                let import = self.modules[m].imports.iter().find(|i| i.local == head)?;
                let dotted = if tail.is_empty() {
                    import.target.clone()
                } else {
                    format!("{}.{tail}", import.target)
                };
                self.class_named(m, &CallRef::Dotted(dotted), depth + 1)
            }
            _ => None,
        }
    }

    fn tuple_of(
        &self,
        from: usize,
        value: &ValueRef,
        depth: usize,
    ) -> Option<(usize, Vec<Option<ValueRef>>)> {
        if depth > MAX_DEPTH {
            return None;
        }
        match value {
            ValueRef::Tuple(items) => Some((from, items.clone())),
            ValueRef::Made(r) => {
                let (m, f) = self.resolve_at(from, r, depth + 1)?;
                let returns = self.modules[m].functions[f].returns.as_ref()?;
                self.tuple_of(m, returns, depth + 1)
            }
            ValueRef::Any(candidates) => candidates
                .iter()
                .find_map(|c| self.tuple_of(from, c, depth + 1)),
            _ => None,
        }
    }

    /// The value class `class` of module `m` (or a base class) keeps in `attr`.
    fn attribute(
        &self,
        m: usize,
        class: &str,
        attr: &str,
        depth: usize,
    ) -> Option<(usize, ValueRef)> {
        if depth > MAX_DEPTH {
            return None;
        }
        let summary = &self.modules[m].classes[self.class_id(m, class)?];
        if let Some((_, v)) = summary.attrs.iter().find(|(a, _)| a == attr) {
            return Some((m, v.clone()));
        }
        summary.bases.iter().find_map(|base| {
            let (bm, bc) = self.class_named(m, base, depth + 1)?;
            self.attribute(bm, &bc, attr, depth + 1)
        })
    }

    /// Method `name` of class `class` in module `m`, or of one of its bases.
    pub fn method(
        &self,
        m: usize,
        class: &str,
        name: &str,
        depth: usize,
    ) -> Option<(usize, usize)> {
        if depth > MAX_DEPTH {
            return None;
        }
        if let Some(f) = self.function_id(m, &format!("{class}.{name}")) {
            return Some((m, f));
        }
        let summary = &self.modules[m].classes[self.class_id(m, class)?];
        summary.bases.iter().find_map(|base| {
            let (bm, bc) = self.class_named(m, base, depth + 1)?;
            self.method(bm, &bc, name, depth + 1)
        })
    }

    /// `value.name(...)` called in module `from`.
    pub fn resolve_on(
        &self,
        from: usize,
        value: &ValueRef,
        name: &str,
        depth: usize,
    ) -> Option<(usize, usize)> {
        let (m, class) = self.class_of(from, value, depth + 1)?;
        self.method(m, &class, name, depth + 1)
    }
}

/// Per module: class qualname → position in its `classes`.
pub fn class_map(module: &ModuleSummary) -> std::collections::HashMap<String, usize> {
    let mut map = std::collections::HashMap::new();
    for (i, c) in module.classes.iter().enumerate() {
        map.entry(c.qualname.clone()).or_insert(i);
    }
    map
}
