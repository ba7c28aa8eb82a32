//! Where a plain SQLAlchemy `Session` comes from, across modules: the names a
//! module binds at its top level so that calling them makes a new session
//! (`Session = sessionmaker(bind=engine)`, `SessionLocal = sessionmaker(...)`)
//! and its functions that return a new one (`def get_session(): return
//! sessionmaker(bind=engine)()`, `return SessionLocal()`).
//!
//! A session made this way belongs to whoever called: it holds a pooled
//! connection from its first query until `close()` (or the end of `with
//! Session() as s:`), and dropped without one it keeps it until the cyclic
//! garbage collector runs (docs/sqlite-facts.md#F-unclosed-session). A
//! `scoped_session` registry is not a maker here: it hands each thread the
//! same session, and the framework's teardown (or `remove()`) ends it.

use ruff_python_ast::{Expr, Stmt};

use super::model::{Model, Target};
use super::scopes::FuncId;
use super::visit;

/// The session methods that run SQL or change what the next flush writes.
pub const SESSION_METHODS: &[&str] = &[
    "add",
    "add_all",
    "query",
    "commit",
    "flush",
    "execute",
    "scalar",
    "scalars",
    "get",
    "merge",
    "delete",
    "rollback",
    "refresh",
    "bulk_save_objects",
];

const SESSIONMAKERS: &[&str] = &[
    "sqlalchemy.orm.sessionmaker",
    "sqlalchemy.orm.session.sessionmaker",
];

const SESSION_CLASSES: &[&str] = &[
    "sqlalchemy.orm.Session",
    "sqlalchemy.orm.session.Session",
    "sqlmodel.Session",
    "sqlmodel.orm.session.Session",
];

fn is_sessionmaker_call(model: &Model<'_>, scope: Option<FuncId>, expr: &Expr) -> bool {
    matches!(expr, Expr::Call(c) if model
        .resolve(&c.func, scope)
        .is_some_and(|q| SESSIONMAKERS.contains(&q.as_str()))
        && !super::sync_orm::makes_async_sessions(model, scope, c))
}

/// The module-level names of `model` that make a new session when called:
/// sessionmakers bound at the top level, and module functions that return a
/// session they make.
pub fn makers(model: &Model<'_>) -> Vec<String> {
    if !(model.imports.mentions("sqlalchemy") || model.imports.mentions("sqlmodel")) {
        return Vec::new();
    }
    let mut out: Vec<String> = Vec::new();
    for a in model.assignments.iter().filter(|a| a.scope.is_none()) {
        if let Target::Name(n) = &a.target {
            if is_sessionmaker_call(model, None, a.value) && !out.contains(n) {
                out.push(n.clone());
            }
        }
    }
    // Bound to something else too (`Session = scoped_session(Session)`): not sure.
    out.retain(|n| {
        model
            .assignments
            .iter()
            .filter(|a| a.scope.is_none() && matches!(&a.target, Target::Name(t) if t == n))
            .all(|a| is_sessionmaker_call(model, None, a.value))
    });
    let known = out.clone();
    for (id, f) in model.scopes.functions.iter().enumerate() {
        if f.parent.is_some() || f.class.is_some() || f.is_async() || f.is_generator() {
            continue;
        }
        if returns_new_session(model, id, &known) {
            out.push(f.name().to_string());
        }
    }
    out
}

/// Every `return` of function `id` gives a session the function makes: `F()`
/// for a maker `F` of the module, a local `m = sessionmaker(...)` called
/// (`return m()`), `sessionmaker(...)()`, or `Session(engine)`.
fn returns_new_session(model: &Model<'_>, id: FuncId, makers: &[String]) -> bool {
    let body = &model.scopes.function(id).def.body;
    let local_makers: Vec<&str> = model
        .assignments_in(Some(id))
        .filter(|a| is_sessionmaker_call(model, Some(id), a.value))
        .filter_map(|a| match &a.target {
            Target::Name(n) => Some(n.as_str()),
            _ => None,
        })
        .collect();
    let mut returns = 0;
    let mut all = true;
    visit::any_stmt(body, |stmt| {
        if let Stmt::Return(r) = stmt {
            returns += 1;
            let made = r.value.as_deref().is_some_and(|v| {
                let Expr::Call(call) = v else {
                    return false;
                };
                match &*call.func {
                    Expr::Name(n) => {
                        local_makers.contains(&n.id.as_str())
                            || makers.iter().any(|m| m == n.id.as_str())
                            || model
                                .resolve(&call.func, Some(id))
                                .is_some_and(|q| SESSION_CLASSES.contains(&q.as_str()))
                    }
                    inner @ Expr::Call(_) => is_sessionmaker_call(model, Some(id), inner),
                    _ => false,
                }
            });
            all &= made;
        }
        false
    });
    returns > 0 && all
}

/// The maker `func` names, when calling it makes a new session: a maker of
/// this module (`makers`) or the `Session` class itself. A maker another
/// module defines is looked up by the caller in that module's summary.
pub fn is_local_maker(
    model: &Model<'_>,
    scope: Option<FuncId>,
    func: &Expr,
    makers: &[String],
) -> bool {
    if let Expr::Name(n) = func {
        if makers.iter().any(|m| m == n.id.as_str()) {
            return true;
        }
    }
    model
        .resolve(func, scope)
        .is_some_and(|q| SESSION_CLASSES.contains(&q.as_str()))
}

/// Whether `call` makes a new ORM session: `Session(engine)`, or a session
/// maker of this module or another project module (or `sessionmaker(...)`
/// itself) called without arguments (a
/// maker called with arguments may be something else, a factory taking a
/// tenant). A `scoped_session` registry is not a maker (`makers`).
pub fn makes_session(
    model: &Model<'_>,
    view: &super::project::ProjectView<'_>,
    scope: Option<FuncId>,
    call: &ruff_python_ast::ExprCall,
) -> bool {
    (call.arguments.is_empty()
        || model
            .resolve(&call.func, scope)
            .is_some_and(|q| q.ends_with(".Session")))
        && (is_local_maker(model, scope, &call.func, &view.own.session_makers)
            || imported_maker(model, view, scope, &call.func)
            // `sessionmaker(bind=engine)()`: a maker made and called at once.
            || is_sessionmaker_call(model, scope, &call.func))
}

/// `func` names a maker another project module defines (its summary says so).
pub fn imported_maker(
    model: &Model<'_>,
    view: &super::project::ProjectView<'_>,
    scope: Option<FuncId>,
    func: &Expr,
) -> bool {
    let Some(from) = view.module else {
        return false;
    };
    let index = &view.index;
    model
        .resolve(func, scope)
        .and_then(|q| index.module_of(from, &q))
        .is_some_and(|(m, rest)| m != from && index.modules[m].session_makers.contains(&rest))
}
