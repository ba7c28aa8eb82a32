//! Which project class a value is an instance of, and which attributes of a
//! class hold what: the object model behind method calls on values the call site
//! does not construct itself (`self.store.save()`, `db = get_db(); db.count()`,
//! `request.app.state.db.load()`, a FastAPI `Depends(get_db)` parameter, a
//! service registry's class attributes: `Registry.runner.services.notes.get()`).
//!
//! A module describes its values symbolically ([`ValueRef`]), with no knowledge of
//! other files; the project index resolves them to classes once it knows every
//! module. Each resolution is bounded in depth, so following a value costs a few
//! lookups, never a walk of the project.

use ruff_python_ast::{Expr, Stmt};

use super::model::Model;
use super::project::{ProjectIndex, call_ref};
use super::refs::CallRef;
pub use super::refs::ValueRef;
use super::scopes::FuncId;
pub use super::summary_types::{ClassSummary, Concrete, ParamTypes, Pass, Slot};
use super::values::{MAX_DEPTH, any, callable_ref};
pub use super::values::{annotation_value, method_ref, value_of};

/// A name and the value bound to it.
pub type Named = (String, ValueRef);

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
        .enumerate()
        .map(|(id, class)| ClassSummary {
            qualname: class.qualname.clone(),
            sqlite_url_attrs: super::sqlite_urls::sqlite_url_attributes(model, id),
            bases: class
                .def
                .bases()
                .iter()
                .filter_map(|b| callable_ref(model, class.parent, b))
                .collect(),
            attrs: class_body_attrs(model, class.parent, &class.def.body),
            is_abstract: is_abstract(model, class.def, class.parent),
            documented_thread_safe: super::thread_docs::documented_thread_safe(&class.def.body),
        })
        .collect();
    for assignment in &model.assignments {
        let Expr::Attribute(target) = assignment.target_expr else {
            continue;
        };
        let Expr::Name(owner) = &*target.value else {
            continue;
        };
        let class = if matches!(owner.id.as_str(), "self" | "cls") {
            model.scopes.enclosing_class(assignment.scope)
        } else if super::values::is_local_name(model, assignment.scope, owner.id.as_str()) {
            None
        } else {
            // `Registry.runner = Runner(...)`: a module class's own attribute,
            // set where the registry is initialized.
            model.scopes.class_named(owner.id.as_str())
        };
        let Some(class) = class else {
            continue;
        };
        let attr = target.attr.as_str();
        let Some(value) = value_of(model, assignment.scope, assignment.value) else {
            continue;
        };
        let attrs = &mut summaries[class].attrs;
        match attrs.iter_mut().find(|(a, _)| a == attr) {
            // `self.db = db` then `if db is None: self.db = Store()`: the first
            // value is preferred, the others stand in when it cannot be typed.
            Some((_, known)) => add_candidate(known, value),
            None => attrs.push((attr.to_string(), value)),
        }
    }
    // `@property def store(self): ... return self._store`: reading `self.store`
    // gives what the getter returns, often an object built there on first use.
    for (id, function) in model.scopes.functions.iter().enumerate() {
        let Some(class) = function.class else {
            continue;
        };
        if !is_property_getter(function.def) {
            continue;
        }
        let attrs = &mut summaries[class].attrs;
        if attrs.iter().any(|(a, _)| a == function.name()) {
            continue;
        }
        if let Some(value) = returns(model, id) {
            attrs.push((function.name().to_string(), value));
        }
    }
    summaries
}

/// A getter read as an attribute: `@property`, `@functools.cached_property`.
fn is_property_getter(def: &ruff_python_ast::StmtFunctionDef) -> bool {
    def.decorator_list.iter().any(|d| {
        let name = match &d.expression {
            Expr::Name(n) => n.id.as_str(),
            Expr::Attribute(a) => a.attr.as_str(),
            _ => "",
        };
        matches!(name, "property" | "cached_property")
    })
}

/// Adds `value` as a later candidate of `known` (a few at most).
fn add_candidate(known: &mut ValueRef, value: ValueRef) {
    const MAX_CANDIDATES: usize = 4;
    match known {
        ValueRef::Any(candidates) => {
            if candidates.len() < MAX_CANDIDATES && !candidates.contains(&value) {
                candidates.push(value);
            }
        }
        _ if *known == value => {}
        _ => {
            let first = std::mem::replace(known, ValueRef::Any(Vec::new()));
            *known = ValueRef::Any(vec![first, value]);
        }
    }
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
                    add_global(&mut globals, n.id.as_str(), value);
                }
            }
            // `global _DB; _DB = DbLayer(...)` in an init function or a lazy
            // getter: the module's `_DB = None` is only a placeholder.
            (Some(scope), Expr::Name(n))
                if model
                    .globals
                    .iter()
                    .any(|(s, g)| *s == scope && g == n.id.as_str()) =>
            {
                if let Some(value) = value_of(model, Some(scope), assignment.value) {
                    add_global(&mut globals, n.id.as_str(), value);
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

/// Binds `name` to `value`, or adds `value` as a later candidate when the
/// module binds it more than once.
fn add_global(globals: &mut Vec<Named>, name: &str, value: ValueRef) {
    match globals.iter_mut().find(|(n, _)| n == name) {
        Some((_, known)) => add_candidate(known, value),
        None => globals.push((name.to_string(), value)),
    }
}

/// The project-wide side: resolving values to classes and methods.
impl ProjectIndex {
    /// The (module, class qualname) a value of module `from` is an instance of.
    pub fn class_of(&self, from: usize, value: &ValueRef, depth: usize) -> Option<(usize, String)> {
        let (m, class) = self.declared_class_of(from, value, depth)?;
        Some(self.concrete(m, class))
    }

    /// [`Self::class_of`] before an abstract class is replaced by its implementation.
    fn declared_class_of(
        &self,
        from: usize,
        value: &ValueRef,
        depth: usize,
    ) -> Option<(usize, String)> {
        if depth > MAX_DEPTH {
            return None;
        }
        match value {
            ValueRef::Param { function, name } => self.parameter_class(from, function, name),
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
                // `Registry.runner.services`: attributes a class keeps on itself.
                if let Some(found) = self.class_attribute_chain(m, &name, depth + 1) {
                    return Some(found);
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
                // `Registry.runner` on a class named in this module: its own attribute.
                let named_class = match &**base {
                    ValueRef::Named(r) => self.class_named(from, r, depth + 1),
                    _ => None,
                };
                let (m, class) = match named_class {
                    Some(found) => found,
                    None => self.class_of(from, base, depth + 1)?,
                };
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
            // The candidates are alternatives side by side, not a step deeper:
            // `a if c else b` is typed as far as `a` alone would be.
            ValueRef::Any(candidates) => candidates
                .iter()
                .find_map(|c| self.class_of(from, c, depth)),
        }
    }

    /// `Registry.runner.services` in module `m`: the instance reached from a
    /// class of `m` through the attributes it keeps on itself (a class-body
    /// `runner: Runner`, `Registry.runner = Runner(...)`), then through each
    /// attribute's class. A service registry reached by its class name.
    pub(crate) fn class_attribute_chain(
        &self,
        m: usize,
        name: &str,
        depth: usize,
    ) -> Option<(usize, String)> {
        if depth > MAX_DEPTH {
            return None;
        }
        // The longest prefix that names a class of `m` (a nested class too).
        let (class, rest) = name
            .match_indices('.')
            .map(|(i, _)| (&name[..i], &name[i + 1..]))
            .rev()
            .find(|(prefix, _)| self.class_id(m, prefix).is_some())?;
        let mut current = (m, class.to_string());
        for attr in rest.split('.') {
            let (am, value) = self.attribute(current.0, &current.1, attr, depth + 1)?;
            current = self.class_of(am, &value, depth + 1)?;
        }
        Some(current)
    }

    /// What calling `r` from module `from` gives.
    fn made(&self, from: usize, r: &CallRef, depth: usize) -> Option<(usize, String)> {
        if depth > MAX_DEPTH {
            return None;
        }
        if let Some(found) = self.class_named(from, r, depth) {
            return Some(found);
        }
        if let Some((m, f)) = self.resolve_at(from, r, depth + 1) {
            let returns = self.modules[m].functions[f].returns.as_ref()?;
            return self.class_of(m, returns, depth + 1);
        }
        if let Some(found) = self.called_attribute(from, r, depth + 1) {
            return Some(found);
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

    /// `self._uow_factory()` / `obj.make()` where the attribute is no method but
    /// holds a class, or a factory of one (`partial(C, ...)`, `lambda: C()`, a
    /// parameter its callers pass such a value for): the instance it makes.
    fn called_attribute(&self, from: usize, r: &CallRef, depth: usize) -> Option<(usize, String)> {
        let (m, class, name) = match r {
            CallRef::SelfMethod { class, name } => (from, class.clone(), name),
            CallRef::On { value, name } => {
                let (m, class) = self.class_of(from, value, depth + 1)?;
                (m, class, name)
            }
            _ => return None,
        };
        let (am, value) = self.attribute(m, &class, name, depth + 1)?;
        self.called_value(am, &value, depth + 1)
    }

    /// The instance calling `value` of module `from` makes.
    pub(crate) fn called_value(
        &self,
        from: usize,
        value: &ValueRef,
        depth: usize,
    ) -> Option<(usize, String)> {
        if depth > MAX_DEPTH {
            return None;
        }
        match value {
            ValueRef::Named(r) => self.made(from, r, depth + 1),
            ValueRef::Param { function, name } => {
                self.parameter_class(from, function, &factory_key(name))
            }
            ValueRef::Any(candidates) => candidates
                .iter()
                .find_map(|c| self.called_value(from, c, depth)),
            _ => None,
        }
    }

    /// The class `r` names, from module `from`.
    pub(crate) fn class_named(
        &self,
        from: usize,
        r: &CallRef,
        depth: usize,
    ) -> Option<(usize, String)> {
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
                .find_map(|c| self.tuple_of(from, c, depth)),
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

    /// Classes of the project that derive from class `class` of module `m` and
    /// set `attr` to a SQLite file URL: `(module, qualname)`.
    pub fn subclasses_setting_sqlite_url(
        &self,
        m: usize,
        class: &str,
        attr: &str,
    ) -> Vec<(usize, String)> {
        let mut found = Vec::new();
        for (sm, module) in self.modules.iter().enumerate() {
            for summary in &module.classes {
                if (sm == m && summary.qualname == class)
                    || !summary.sqlite_url_attrs.iter().any(|a| a == attr)
                {
                    continue;
                }
                if self.derives_from(sm, &summary.qualname, (m, class), 0) {
                    found.push((sm, summary.qualname.clone()));
                }
            }
        }
        found
    }

    /// For a URL read from an attribute of an object (`self.config.url`,
    /// `settings.database_url`): the class (module, qualname) whose attribute
    /// is, or defaults to, a SQLite file URL, itself or through a base class.
    pub fn sqlite_url_attribute_of(
        &self,
        from: usize,
        value: &ValueRef,
    ) -> Option<(usize, String)> {
        let (m, class, attr) = match value {
            ValueRef::Attr(base, attr) => {
                let (m, class) = self.class_of(from, base, 0)?;
                (m, class, attr.as_str())
            }
            // `settings.db_url` where `settings` is imported: the model names
            // it by its dotted path, an instance made in the other module.
            ValueRef::Named(r) => {
                let CallRef::Dotted(dotted) = &**r else {
                    return None;
                };
                let (owner, attr) = dotted.rsplit_once('.')?;
                let base = ValueRef::Named(Box::new(CallRef::Dotted(owner.to_string())));
                let (m, class) = self.class_of(from, &base, 0)?;
                (m, class, attr)
            }
            _ => return None,
        };
        self.class_with_sqlite_url(m, &class, attr, 0)
    }

    fn class_with_sqlite_url(
        &self,
        m: usize,
        class: &str,
        attr: &str,
        depth: usize,
    ) -> Option<(usize, String)> {
        if depth > MAX_DEPTH {
            return None;
        }
        let summary = &self.modules[m].classes[self.class_id(m, class)?];
        if summary.sqlite_url_attrs.iter().any(|a| a == attr) {
            return Some((m, class.to_string()));
        }
        summary.bases.iter().find_map(|base| {
            let (bm, bc) = self.class_named(m, base, depth + 1)?;
            self.class_with_sqlite_url(bm, &bc, attr, depth + 1)
        })
    }

    fn derives_from(&self, m: usize, class: &str, base: (usize, &str), depth: usize) -> bool {
        if depth > MAX_DEPTH {
            return false;
        }
        let Some(id) = self.class_id(m, class) else {
            return false;
        };
        self.modules[m].classes[id].bases.iter().any(|b| {
            self.class_named(m, b, depth + 1).is_some_and(|(bm, bc)| {
                (bm == base.0 && bc == base.1) || self.derives_from(bm, &bc, base, depth + 1)
            })
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
        // A value that is one of several (`a if c else b`, `getattr(mgr,
        // name)`, a local each branch of an `if` sets): the method of each
        // candidate's class, a sync one first, since that is the one that
        // can block its caller; the coroutine of another candidate only
        // schedules work.
        if let ValueRef::Any(candidates) = value {
            let found: Vec<(usize, usize)> = candidates
                .iter()
                .filter_map(|c| {
                    let (m, class) = self.class_of(from, c, depth + 1)?;
                    self.method(m, &class, name, depth + 1)
                })
                .collect();
            return found
                .iter()
                .find(|&&(m, f)| {
                    let f = &self.modules[m].functions[f];
                    !f.is_async && !f.on_worker_thread
                })
                .or(found.first())
                .copied();
        }
        let (m, class) = self.class_of(from, value, depth + 1)?;
        self.method(m, &class, name, depth + 1)
    }
}

// Values typed by what the project does with them rather than by an annotation.
// Values typed by what the project does with them rather than by an annotation:
// a parameter without one has the class its project callers pass
// (`AuditLogger(db)` → `AuditLogger.__init__`'s `db`, and so `self.db`), and an
// abstract class (`class Repo(ABC)`, methods that `raise NotImplementedError`)
// with a single concrete subclass in the project stands for that subclass (a
// repository interface injected into a use case).
//
// A module records the arguments of its calls symbolically ([`Pass`]); the
// project index resolves them once it knows every module, in a few rounds (a
// value handed on through several constructors gains a hop per round). Each round
// is linear in the number of recorded calls.

/// Rounds of the fixed point: a value handed through this many calls is typed.
const ROUNDS: usize = 6;

/// The calls of a module that hand a nameable value to something the project
/// may define.
pub fn passes(model: &Model<'_>) -> Vec<Pass> {
    let mut out = Vec::new();
    for call in &model.calls {
        if call.in_lambda {
            continue;
        }
        let arguments = &call.expr.arguments;
        if arguments.args.is_empty() && arguments.keywords.is_empty() {
            continue;
        }
        let Some(callee) = call_ref(model, call) else {
            continue;
        };
        let args: Vec<(Slot, ValueRef)> = super::refs::slotted_arguments(arguments)
            .filter_map(|(slot, arg)| Some((slot, value_of(model, call.scope, arg)?)))
            .collect();
        if !args.is_empty() {
            out.push(Pass { callee, args });
        }
    }
    out.extend(thread_passes(model));
    out
}

/// A value handed to a thread with the callable that runs there
/// (`Thread(target=work, args=(store,))`, `pool.submit(work, store)`) binds
/// `work`'s parameter as a call would: the worker's parameter has the class of
/// the instance built on the thread that started it.
fn thread_passes(model: &Model<'_>) -> Vec<Pass> {
    let mut out = Vec::new();
    for call in &model.calls {
        if call.in_lambda {
            continue;
        }
        let Some(target) = super::thread_decorators::handed_to_thread(model, call) else {
            continue;
        };
        let handed = super::thread_decorators::handed_arguments(call);
        if handed.is_empty() {
            continue;
        }
        // `functools.partial(work, a)` shifts the positions by its own
        // arguments; a lambda's parameters are not the calls' in its body.
        if matches!(target, Expr::Call(_) | Expr::Lambda(_)) {
            continue;
        }
        let [callee] = &super::threads::refs_of(model, target, call.scope)[..] else {
            continue;
        };
        let mut position = 0;
        let mut args = Vec::new();
        for (keyword, expr) in handed {
            let slot = match keyword {
                Some(name) => Slot::Keyword(name),
                None => {
                    position += 1;
                    Slot::Position(position - 1)
                }
            };
            if let Some(v) = value_of(model, call.scope, expr) {
                args.push((slot, v));
            }
        }
        if !args.is_empty() {
            out.push(Pass {
                callee: callee.clone(),
                args,
            });
        }
    }
    out
}

/// Whether a class only declares an interface: it derives from `ABC` or
/// `Protocol` (or has `metaclass=ABCMeta`), marks a method `@abstractmethod`, or a
/// method's whole body is `raise NotImplementedError`.
pub fn is_abstract(
    model: &Model<'_>,
    def: &ruff_python_ast::StmtClassDef,
    scope: Option<super::scopes::FuncId>,
) -> bool {
    const MARKERS: &[&str] = &[
        "abc.ABC",
        "abc.ABCMeta",
        "typing.Protocol",
        "typing_extensions.Protocol",
    ];
    let resolves_to_marker = |e: &Expr| {
        model
            .resolve(e, scope)
            .is_some_and(|q| MARKERS.contains(&q.as_str()))
    };
    if def.bases().iter().any(resolves_to_marker)
        || def.keywords().iter().any(|k| {
            k.arg.as_ref().is_some_and(|a| a.as_str() == "metaclass")
                && resolves_to_marker(&k.value)
        })
    {
        return true;
    }
    def.body.iter().any(|stmt| {
        let Stmt::FunctionDef(f) = stmt else {
            return false;
        };
        let abstract_decorator = f.decorator_list.iter().any(|d| {
            model
                .resolve(&d.expression, scope)
                .is_some_and(|q| q == "abc.abstractmethod")
        });
        abstract_decorator || raises_not_implemented(&f.body)
    })
}

/// A body that is only (a docstring and) `raise NotImplementedError[(...)]`.
fn raises_not_implemented(body: &[Stmt]) -> bool {
    let rest = match body.first() {
        Some(Stmt::Expr(e)) if e.value.is_string_literal_expr() => &body[1..],
        _ => body,
    };
    let [Stmt::Raise(raise)] = rest else {
        return false;
    };
    let exc = match raise.exc.as_deref() {
        Some(Expr::Call(c)) => &*c.func,
        Some(e) => e,
        None => return false,
    };
    matches!(exc, Expr::Name(n) if n.id.as_str() == "NotImplementedError")
}

/// One call's binding of a parameter: (module, function, parameter key) and
/// the class it passes.
type Binding = ((usize, usize, String), (usize, String));

/// A [`ParamTypes`] key: (module, function, parameter key).
type ParamKey = (usize, usize, String);

/// A call's bindings with the parameter types read to find them.
type Traced = (Vec<Binding>, Vec<ParamKey>);

/// A round's [`Traced`] bindings, by call, with the parameter types they read.
type Round = (Vec<Traced>, ParamTypes);

thread_local! {
    /// While a call's bindings are computed (`compute_param_types`), the
    /// parameter types it asked for: the only part of the index that changes
    /// between rounds, so a call none of whose answers changed binds the same.
    static PARAM_READS: std::cell::RefCell<Option<Vec<ParamKey>>> =
        const { std::cell::RefCell::new(None) };
}

/// A call's bindings, with the parameter types read to find them.
fn traced_bindings(bind: impl FnOnce() -> Vec<Binding>) -> Traced {
    // Saved and put back: a job rayon runs inside this one keeps its own trace.
    let saved = PARAM_READS.with(|reads| reads.replace(Some(Vec::new())));
    let bound = bind();
    let read = PARAM_READS
        .with(|reads| reads.replace(saved))
        .unwrap_or_default();
    (bound, read)
}

/// The [`ParamTypes`] key of what calling parameter `name` makes.
fn factory_key(name: &str) -> String {
    format!("{name}()")
}

impl ProjectIndex {
    /// The class the project's callers pass for parameter `name` of module
    /// `from`'s function `function`, when they all pass the same one.
    pub fn parameter_class(
        &self,
        from: usize,
        function: &str,
        name: &str,
    ) -> Option<(usize, String)> {
        let f = self.function_id(from, function)?;
        let key = (from, f, name.to_string());
        let answer = self.param_types.get(&key).cloned();
        PARAM_READS.with(|reads| {
            if let Some(reads) = reads.borrow_mut().as_mut() {
                reads.push(key);
            }
        });
        answer
    }

    /// `class` itself, or the one concrete subclass of an abstract `class`.
    pub(crate) fn concrete(&self, m: usize, class: String) -> (usize, String) {
        self.class_id(m, &class)
            .and_then(|c| self.concrete.get(&(m, c)).cloned())
            .unwrap_or((m, class))
    }

    /// Every abstract class with exactly one concrete subclass (outside test suites).
    pub(crate) fn compute_concrete(&self) -> Concrete {
        let mut children: rustc_hash::FxHashMap<(usize, usize), Vec<(usize, usize)>> =
            rustc_hash::FxHashMap::default();
        for (m, module) in self.modules.iter().enumerate() {
            if super::paths::is_test_module(&module.path) {
                continue;
            }
            for (c, class) in module.classes.iter().enumerate() {
                for base in &class.bases {
                    let Some((bm, bc)) = self.class_named(m, base, 0) else {
                        continue;
                    };
                    if let Some(b) = self.class_id(bm, &bc) {
                        children.entry((bm, b)).or_default().push((m, c));
                    }
                }
            }
        }
        let mut out = Concrete::default();
        for (m, module) in self.modules.iter().enumerate() {
            for (c, class) in module.classes.iter().enumerate() {
                if !class.is_abstract {
                    continue;
                }
                let mut seen = rustc_hash::FxHashSet::from_iter([(m, c)]);
                let mut queue = vec![(m, c)];
                let mut concrete = Vec::new();
                while let Some(node) = queue.pop() {
                    for &child in children.get(&node).map_or(&[][..], Vec::as_slice) {
                        if seen.len() > 64 || !seen.insert(child) {
                            continue;
                        }
                        if !self.modules[child.0].classes[child.1].is_abstract {
                            concrete.push(child);
                        }
                        queue.push(child);
                    }
                }
                if let [(cm, cc)] = concrete[..] {
                    out.insert((m, c), (cm, self.modules[cm].classes[cc].qualname.clone()));
                }
            }
        }
        out
    }

    /// The parameters typed by their callers, found in rounds until nothing
    /// changes: a round reads the previous round's types, so an argument that is
    /// itself a typed parameter carries its class one call further.
    pub(crate) fn compute_param_types(&mut self) {
        // A call can only bind a parameter the object model leaves untyped.
        let mut targets: rustc_hash::FxHashSet<&str> = rustc_hash::FxHashSet::default();
        for module in &self.modules {
            for f in &module.functions {
                if f.untyped_params.is_empty() {
                    continue;
                }
                let mut parts = f.qualname.rsplit('.');
                let last = parts.next().unwrap_or(&f.qualname);
                if last == "__init__" {
                    targets.extend(parts.next());
                } else {
                    targets.insert(last);
                }
            }
        }
        // A subclass that inherits `__init__` is constructed with its base's
        // parameters (`PingCheck(store)` binds `CheckThread.__init__`'s `store`).
        loop {
            let inheriting: Vec<&str> = self
                .modules
                .iter()
                .flat_map(|module| &module.classes)
                .filter(|c| {
                    let own = c.qualname.rsplit('.').next().unwrap_or(&c.qualname);
                    !targets.contains(own)
                        && c.bases.iter().any(|b| targets.contains(b.simple_name()))
                })
                .map(|c| c.qualname.rsplit('.').next().unwrap_or(&c.qualname))
                .collect();
            if inheriting.is_empty() {
                break;
            }
            targets.extend(inheriting);
        }
        let passes: Vec<(usize, &Pass)> = self
            .modules
            .iter()
            .enumerate()
            .flat_map(|(m, module)| module.passes.iter().map(move |p| (m, p)))
            .filter(|(_, p)| targets.contains(p.callee.simple_name()))
            .collect();

        if passes.is_empty() {
            return;
        }
        let passes: Vec<(usize, Pass)> = passes.into_iter().map(|(m, p)| (m, p.clone())).collect();
        // Each call's bindings of the round before, the parameter types they
        // read, and the types that round read them from.
        let mut before: Option<Round> = None;
        for _ in 0..ROUNDS {
            let bound = self.param_round(&passes, before.as_ref());
            let next = merge_bindings(&bound);
            if next == self.param_types {
                break;
            }
            let read_from = std::mem::replace(&mut self.param_types, next);
            before = Some((bound, read_from));
        }
    }

    /// Each call's bindings with the current parameter types (and what it
    /// read of them): taken from the round before for a call whose reads all
    /// answer as they did then, found again for the others.
    fn param_round(&self, passes: &[(usize, Pass)], before: Option<&Round>) -> Vec<Traced> {
        use rayon::prelude::*;
        // Each call's bindings read only the previous round, so calls are resolved
        // in parallel (the index phase is otherwise single-threaded).
        passes
            .par_iter()
            .enumerate()
            .map(|(i, (from, pass))| {
                if let Some((bound, read_from)) = before {
                    let (bindings, read) = &bound[i];
                    if read
                        .iter()
                        .all(|key| read_from.get(key) == self.param_types.get(key))
                    {
                        return (bindings.clone(), read.clone());
                    }
                }
                traced_bindings(|| self.pass_bindings(*from, pass))
            })
            .collect()
    }
}

/// The parameter types of a round's bindings, merged in the calls' order as
/// one loop would.
fn merge_bindings(bound: &[Traced]) -> ParamTypes {
    // None: callers pass different classes, so the parameter stays untyped.
    let mut found: rustc_hash::FxHashMap<ParamKey, Option<(usize, String)>> =
        rustc_hash::FxHashMap::default();
    for (key, class) in bound.iter().flat_map(|(b, _)| b.iter().cloned()) {
        found
            .entry(key)
            .and_modify(|known| {
                if known.as_ref() != Some(&class) {
                    *known = None;
                }
            })
            .or_insert(Some(class));
    }
    found
        .into_iter()
        .filter_map(|(k, v)| v.map(|v| (k, v)))
        .collect()
}

impl ProjectIndex {
    /// The untyped parameters one call binds, with the class each argument has.
    fn pass_bindings(&self, from: usize, pass: &Pass) -> Vec<Binding> {
        let mut out = Vec::new();
        let Some((m, f)) = self.pass_target(from, &pass.callee) else {
            return out;
        };
        let function = &self.modules[m].functions[f];
        for (slot, value) in &pass.args {
            let name = match slot {
                Slot::Position(i) => function.params.get(*i),
                Slot::Keyword(k) => Some(k),
            };
            let Some(name) = name.filter(|n| function.untyped_params.contains(n)) else {
                continue;
            };
            // An argument that is no instance may be a factory of one (a
            // class, `partial(C, ...)`, `lambda: C()`): what calling the
            // parameter makes is kept under its factory key.
            let (key, class) = match self.class_of(from, value, 0) {
                Some(class) => (name.clone(), class),
                None => match self.called_value(from, value, 0) {
                    Some(class) => (factory_key(name), class),
                    None => continue,
                },
            };
            out.push(((m, f, key), class));
        }
        out
    }

    /// The function a call binds its arguments to: a class's `__init__` for a
    /// constructor call, else the function or method called.
    fn pass_target(&self, from: usize, callee: &CallRef) -> Option<(usize, usize)> {
        if matches!(callee, CallRef::Local(_) | CallRef::Dotted(_)) {
            if let Some((m, class)) = self.class_named(from, callee, 0) {
                return self.method(m, &class, "__init__", 0);
            }
        }
        self.resolve(from, callee)
    }
}

/// The parameters of `def` with no annotation, as the object model names them
/// (positional and keyword-only; not `self`/`cls`).
pub fn untyped_params(def: &ruff_python_ast::StmtFunctionDef, params: &[String]) -> Vec<String> {
    let p = &def.parameters;
    p.posonlyargs
        .iter()
        .chain(p.args.iter())
        .chain(p.kwonlyargs.iter())
        .filter(|a| {
            a.parameter.annotation.is_none() && a.default.as_deref().is_none_or(|d| !is_depends(d))
        })
        .map(|a| a.parameter.name.to_string())
        .filter(|n| params.contains(n) || !matches!(n.as_str(), "self" | "cls"))
        .collect()
}

/// `Depends(...)` as a default: FastAPI provides the value, not a caller.
fn is_depends(expr: &Expr) -> bool {
    let Expr::Call(call) = expr else {
        return false;
    };
    match &*call.func {
        Expr::Name(n) => n.id.as_str() == "Depends",
        Expr::Attribute(a) => a.attr.as_str() == "Depends",
        _ => false,
    }
}
