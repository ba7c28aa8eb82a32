//! Values typed by what the project does with them rather than by an annotation:
//! a parameter without one has the class its project callers pass
//! (`AuditLogger(db)` → `AuditLogger.__init__`'s `db`, and so `self.db`), and an
//! abstract class (`class Repo(ABC)`, methods that `raise NotImplementedError`)
//! with a single concrete subclass in the project stands for that subclass (a
//! repository interface injected into a use case).
//!
//! A module records the arguments of its calls symbolically ([`Pass`]); the
//! project index resolves them once it knows every module, in a few rounds (a
//! value handed on through several constructors gains a hop per round). Each round
//! is linear in the number of recorded calls.

use std::collections::{HashMap, HashSet};

use ruff_python_ast::{Expr, Stmt, StmtClassDef};

use super::model::Model;
use super::objects::{ValueRef, value_of};
use super::project::{CallRef, ProjectIndex, call_ref};

/// Rounds of the fixed point: a value handed through this many calls is typed.
const ROUNDS: usize = 6;

/// Which parameter an argument binds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Slot {
    /// The i-th positional argument (after the bound `self` of a method).
    Position(usize),
    Keyword(String),
}

/// A call of the module and the arguments it passes that the object model can name.
#[derive(Debug, Clone)]
pub struct Pass {
    pub callee: CallRef,
    pub args: Vec<(Slot, ValueRef)>,
}

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
        let mut args = Vec::new();
        for (i, arg) in arguments.args.iter().enumerate() {
            // After `*xs` positions are unknown.
            if matches!(arg, Expr::Starred(_)) {
                break;
            }
            if let Some(v) = value_of(model, call.scope, arg) {
                args.push((Slot::Position(i), v));
            }
        }
        for keyword in &arguments.keywords {
            let Some(name) = keyword.arg.as_ref() else {
                continue;
            };
            if let Some(v) = value_of(model, call.scope, &keyword.value) {
                args.push((Slot::Keyword(name.to_string()), v));
            }
        }
        if !args.is_empty() {
            out.push(Pass { callee, args });
        }
    }
    out
}

/// Whether a class only declares an interface: it derives from `ABC` or
/// `Protocol` (or has `metaclass=ABCMeta`), marks a method `@abstractmethod`, or a
/// method's whole body is `raise NotImplementedError`.
pub fn is_abstract(
    model: &Model<'_>,
    def: &StmtClassDef,
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

/// (module, function, parameter name) → (module, class qualname).
pub type ParamTypes = HashMap<(usize, usize, String), (usize, String)>;

/// (module, abstract class position) → (module, class qualname) of its one
/// concrete subclass.
pub type Concrete = HashMap<(usize, usize), (usize, String)>;

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
        self.param_types.get(&(from, f, name.to_string())).cloned()
    }

    /// `class` itself, or the one concrete subclass of an abstract `class`.
    pub(crate) fn concrete(&self, m: usize, class: String) -> (usize, String) {
        self.class_id(m, &class)
            .and_then(|c| self.concrete.get(&(m, c)).cloned())
            .unwrap_or((m, class))
    }

    /// Every abstract class with exactly one concrete subclass (outside test suites).
    pub(crate) fn compute_concrete(&self) -> Concrete {
        let mut children: HashMap<(usize, usize), Vec<(usize, usize)>> = HashMap::new();
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
        let mut out = Concrete::new();
        for (m, module) in self.modules.iter().enumerate() {
            for (c, class) in module.classes.iter().enumerate() {
                if !class.is_abstract {
                    continue;
                }
                let mut seen = HashSet::from([(m, c)]);
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
        let mut targets: HashSet<&str> = HashSet::new();
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
        for _ in 0..ROUNDS {
            let next = self.param_round(&passes);
            if next == self.param_types {
                break;
            }
            self.param_types = next;
        }
    }

    fn param_round(&self, passes: &[(usize, Pass)]) -> ParamTypes {
        // None: callers pass different classes, so the parameter stays untyped.
        let mut found: HashMap<(usize, usize, String), Option<(usize, String)>> = HashMap::new();
        for (from, pass) in passes {
            let Some((m, f)) = self.pass_target(*from, &pass.callee) else {
                continue;
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
                let Some(class) = self.class_of(*from, value, 0) else {
                    continue;
                };
                found
                    .entry((m, f, name.clone()))
                    .and_modify(|known| {
                        if known.as_ref() != Some(&class) {
                            *known = None;
                        }
                    })
                    .or_insert(Some(class));
            }
        }
        found
            .into_iter()
            .filter_map(|(k, v)| v.map(|v| (k, v)))
            .collect()
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
