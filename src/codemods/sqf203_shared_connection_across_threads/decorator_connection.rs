//! A connection attribute a decorator opens before each call and closes after:
//! the wrapper sets `self.<attr> = sqlite3.connect(...)`, runs the method, and
//! closes `self.<attr>`. The attribute is one slot per object, not per call, so
//! two threads calling decorated methods of one object race on it: the second
//! call's connect replaces the first's connection under it (the first method's
//! statements and commit land on the other thread's connection, or on a closed
//! one), and whichever finishes first closes the connection the other is still
//! using ("Cannot operate on a closed database"). Reported when a decorated
//! method is reached from a thread entry of the project (`semantic::facts`).
//!
//! Advice only: the repair changes how the methods reach their connection (a
//! local the wrapper hands to the method, or a `threading.local` slot), which
//! touches every decorated method.

use ruff_python_ast::{Expr, Stmt};

use crate::codemods::{Codemod, Context};
use crate::finding::Finding;
use crate::semantic::connections::Driver;
use crate::semantic::facts;
use crate::semantic::model::Model;
use crate::semantic::scopes::FuncId;
use crate::semantic::visit;

use super::SharedConnectionAcrossThreads;

pub fn check(
    codemod: &SharedConnectionAcrossThreads,
    ctx: &Context<'_, '_>,
    handlers: &[String],
    out: &mut Vec<Finding>,
) {
    let model = ctx.model;
    let mut reachable = None;
    for site in ctx.sites() {
        if site.driver != Driver::Sqlite3 {
            continue;
        }
        let Some((decorator, attr)) = wrapper_slot(model, site.scope(), site.stmt()) else {
            continue;
        };
        let decorated = decorated_methods(model, decorator);
        if decorated.is_empty() {
            continue;
        }
        let reach =
            reachable.get_or_insert_with(|| facts::thread_reachable_with(ctx.project, handlers));
        let threaded: Vec<FuncId> = decorated
            .iter()
            .copied()
            .filter(|id| reach.contains(&(None, model.scopes.function(*id).qualname.clone())))
            .collect();
        if threaded.is_empty() {
            continue;
        }
        let names: Vec<String> = threaded
            .iter()
            .take(3)
            .map(|id| format!("`{}`", model.scopes.function(*id).qualname))
            .collect();
        let deco = model.scopes.function(decorator).name();
        let message = format!(
            "`@{deco}` opens `self.{attr}` before each decorated method and closes it after, but the attribute is one per object: {} run{} on worker threads, and two threads in decorated methods of one object replace each other's `self.{attr}` and close the connection the other is still using (\"Cannot operate on a closed database\", statements and commits landing on the other call's connection)",
            names.join(", "),
            if threaded.len() == 1 { "s" } else { "" },
        );
        out.push(
            Finding::new(codemod.meta(), site.call.range(), message).with_note(format!(
                "keep the connection per call, not per object: open it in `{deco}`'s wrapper as a local and hand it to the method (or keep it in a `threading.local()` slot), so each thread closes only its own"
            )),
        );
    }
}

/// The site's statement `<p>.<attr> = <connect>` in a wrapper function nested
/// in a module-level function (the decorator), `p` the wrapper's first
/// parameter, and the wrapper also closes `<p>.<attr>`: (decorator, attr).
fn wrapper_slot(model: &Model<'_>, scope: Option<FuncId>, stmt: &Stmt) -> Option<(FuncId, String)> {
    let wrapper = scope?;
    let w = model.scopes.function(wrapper);
    let decorator = w.parent?;
    let d = model.scopes.function(decorator);
    if w.class.is_some() || d.class.is_some() || d.parent.is_some() {
        return None;
    }
    let first = w
        .def
        .parameters
        .posonlyargs
        .iter()
        .chain(&w.def.parameters.args)
        .next()?;
    let param = first.parameter.name.as_str();
    let Stmt::Assign(assign) = stmt else {
        return None;
    };
    let [Expr::Attribute(target)] = assign.targets.as_slice() else {
        return None;
    };
    if !matches!(&*target.value, Expr::Name(n) if n.id.as_str() == param) {
        return None;
    }
    let attr = target.attr.as_str();
    let closes = visit::any_expr(&w.def.body, |e| {
        matches!(e, Expr::Call(c) if matches!(&*c.func, Expr::Attribute(m)
            if m.attr.as_str() == "close"
                && matches!(&*m.value, Expr::Attribute(a)
                    if a.attr.as_str() == attr
                        && matches!(&*a.value, Expr::Name(n) if n.id.as_str() == param))))
    });
    // The decorator hands the wrapper back: it is what the methods become.
    let returned = d.def.body.iter().any(|s| {
        matches!(s, Stmt::Return(r) if r.value.as_deref().is_some_and(|v|
            matches!(v, Expr::Name(n) if n.id.as_str() == w.name())))
    });
    (closes && returned).then(|| (decorator, attr.to_string()))
}

/// The methods of the module decorated with `@<decorator>` (or `@<decorator>(...)`).
fn decorated_methods(model: &Model<'_>, decorator: FuncId) -> Vec<FuncId> {
    let name = model.scopes.function(decorator).name();
    (0..model.scopes.functions.len())
        .filter(|&id| {
            let f = model.scopes.function(id);
            f.class.is_some()
                && f.def.decorator_list.iter().any(|d| {
                    let e = match &d.expression {
                        Expr::Call(c) => &*c.func,
                        e => e,
                    };
                    matches!(e, Expr::Name(n) if n.id.as_str() == name)
                })
        })
        .collect()
}
