//! Which module's connection or cursor (shared_handles.rs) an expression
//! names, seen from the module that uses it: through an import, a module
//! import's attribute, an instance of a class holding one, a chain of calls on
//! it, or a local made from it. Also: a session maker another module defines.

use ruff_python_ast::Expr;
use ruff_text_size::Ranged;

use super::model::{Model, Target};
use super::project::{ModuleSummary, ProjectIndex};
use super::scopes::FuncId;
use super::shared_handles::Handle;

/// A handle a module defines, as a use resolves it.
#[derive(Debug, Clone)]
pub struct Found<'i> {
    pub module: usize,
    pub handle: &'i Handle,
}

/// Methods that hand back the connection's cursor or a result of it:
/// `cursor.execute(...).fetchone()` is still work on `cursor`.
const CHAINED: &[&str] = &["cursor", "execute", "executemany", "executescript"];

/// The handle the receiver `expr` of a call in function `scope` of module
/// `from` names: through an import (`cursor`, `setup.cursor`), an instance
/// (`config.cursor`, `self.cfg.con`), a chain on one (`cursor.execute(...)`),
/// or a local made from one (`cur = config.con.cursor()`).
pub fn resolve<'i>(
    index: &'i ProjectIndex,
    from: usize,
    model: &Model<'_>,
    scope: Option<FuncId>,
    expr: &Expr,
) -> Option<Found<'i>> {
    resolve_at(index, from, model, scope, expr, 0)
}

fn resolve_at<'i>(
    index: &'i ProjectIndex,
    from: usize,
    model: &Model<'_>,
    scope: Option<FuncId>,
    expr: &Expr,
    depth: usize,
) -> Option<Found<'i>> {
    if depth > 4 {
        return None;
    }
    match expr {
        Expr::Call(call) => {
            let Expr::Attribute(a) = &*call.func else {
                return None;
            };
            if CHAINED.contains(&a.attr.as_str()) {
                if let Some(found) = resolve_at(index, from, model, scope, &a.value, depth + 1) {
                    return Some(found);
                }
            }
            handed_out(index, from, model, scope, a)
        }
        Expr::Name(name) => {
            if let Some(dotted) = model.resolve(expr, scope) {
                return global_handle(index, from, &dotted, 0);
            }
            // A local bound once from a handle: `cur = con.cursor()`.
            let id = scope?;
            if !model.assigns_in(id, name.id.as_str()) {
                return None;
            }
            let bound: Vec<_> = model
                .assignments_in(Some(id))
                .filter(|a| matches!(&a.target, Target::Name(n) if n == name.id.as_str()))
                .collect();
            let [only] = bound.as_slice() else {
                return None;
            };
            if only.stmt.start() > expr.start() {
                return None;
            }
            resolve_at(index, from, model, scope, only.value, depth + 1)
        }
        Expr::Attribute(attr) => {
            if let Some(dotted) = model.resolve(expr, scope) {
                if let Some(found) = global_handle(index, from, &dotted, 0) {
                    return Some(found);
                }
            }
            let value = super::values::value_of(model, scope, &attr.value)?;
            let (m, class) = index.class_of(from, &value, 0)?;
            class_handle(index, m, &class, attr.attr.as_str(), 0)
        }
        _ => None,
    }
}

/// `db.cursor()` where `db` is an instance of a class holding a connection (a
/// parameter its callers pass one for, `self.db` kept from the constructor)
/// and the method hands out that connection or a cursor of it
/// (`return self.conn.cursor()`, `return self.conn`): the handle it returns.
fn handed_out<'i>(
    index: &'i ProjectIndex,
    from: usize,
    model: &Model<'_>,
    scope: Option<FuncId>,
    method: &ruff_python_ast::ExprAttribute,
) -> Option<Found<'i>> {
    let value = super::values::value_of(model, scope, &method.value)?;
    let (m, class) = index.class_of(from, &value, 0)?;
    let (fm, f) = index.method(m, &class, method.attr.as_str(), 0)?;
    let summary = &index.modules[fm].functions[f];
    let (owner, _) = summary.qualname.rsplit_once('.')?;
    let attr = own_attribute(summary.returns.as_ref()?, owner)?;
    class_handle(index, m, &class, attr, 0)
}

/// `self.<attr>` or `self.<attr>.cursor()` as the return value of a method of
/// class `owner`.
fn own_attribute<'v>(value: &'v super::refs::ValueRef, owner: &str) -> Option<&'v str> {
    use super::refs::{CallRef, ValueRef};
    let is_self = |v: &ValueRef| matches!(v, ValueRef::Made(r) if matches!(&**r, CallRef::Local(c) if c == owner));
    match value {
        ValueRef::Attr(base, attr) if is_self(base) => Some(attr),
        ValueRef::Made(r) => match &**r {
            CallRef::On { value, name } if name == "cursor" => match value {
                ValueRef::Attr(base, attr) if is_self(base) => Some(attr),
                _ => None,
            },
            _ => None,
        },
        _ => None,
    }
}

/// The handle attribute `attr` of class `class` of module `m` holds, set by
/// the class or one of its bases (`class Bot(BaseDb)`, `self.conn` opened in
/// `BaseDb.__init__`).
fn class_handle<'i>(
    index: &'i ProjectIndex,
    m: usize,
    class: &str,
    attr: &str,
    depth: usize,
) -> Option<Found<'i>> {
    if depth > 4 {
        return None;
    }
    let module = &index.modules[m];
    if let Some(handle) = module
        .shared_handles
        .iter()
        .find(|h| h.class.as_deref() == Some(class) && h.name == attr)
    {
        return Some(Found { module: m, handle });
    }
    let summary = &module.classes[index.class_id(m, class)?];
    summary.bases.iter().find_map(|base| {
        let (bm, bc) = index.class_named(m, base, 0)?;
        class_handle(index, bm, &bc, attr, depth + 1)
    })
}

/// The global handle a dotted name (`bot.setup.cursor`, `.db.con`) names,
/// following re-exports.
fn global_handle<'i>(
    index: &'i ProjectIndex,
    from: usize,
    dotted: &str,
    depth: usize,
) -> Option<Found<'i>> {
    if depth > 3 {
        return None;
    }
    let (m, rest) = index.module_of(from, dotted)?;
    let module: &ModuleSummary = &index.modules[m];
    if let Some(handle) = module
        .shared_handles
        .iter()
        .find(|h| h.class.is_none() && h.name == rest)
    {
        return Some(Found { module: m, handle });
    }
    // A re-export: `from .setup import cursor` in a package's `__init__`.
    let (head, tail) = rest.split_once('.').unwrap_or((&rest, ""));
    let import = module.imports.iter().find(|i| i.local == head)?;
    let next = if tail.is_empty() {
        import.target.clone()
    } else {
        format!("{}.{tail}", import.target)
    };
    global_handle(index, m, &next, depth + 1)
}

/// `func` names a session maker (a module-level `sessionmaker`, or a function
/// returning a new session) that another project module defines, seen from
/// module `from`: `db = SessionLocal()` with `SessionLocal` imported.
pub fn imported_session_maker(
    index: &ProjectIndex,
    from: usize,
    model: &Model<'_>,
    scope: Option<FuncId>,
    func: &Expr,
) -> bool {
    model
        .resolve(func, scope)
        .and_then(|q| index.module_of(from, &q))
        .is_some_and(|(m, rest)| m != from && index.modules[m].session_makers.contains(&rest))
}
