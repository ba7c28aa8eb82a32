//! Web entry points: the functions a framework calls once per request. FastAPI and
//! Starlette run a sync route (or sync dependency) in a thread pool, one thread per
//! request in flight; an `async def` route runs on the event loop.

use ruff_python_ast::{self as ast, Expr};

use super::model::Model;
use super::refs::CallRef;
use super::scopes::FuncId;
use super::spawn::{func_ref, own_qualname};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RouteKind {
    /// `@app.get("/x")`, `@router.post(...)`, `app.add_api_route("/x", f)`.
    Handler,
    /// Injected with `Depends(f)`: runs once per request that uses it.
    Dependency,
}

/// Methods of FastAPI/Starlette/Flask apps and routers that register a route.
const ROUTE_METHODS: &[&str] = &[
    "get",
    "post",
    "put",
    "patch",
    "delete",
    "head",
    "options",
    "api_route",
    "route",
    "websocket",
];

/// Whether function `id` is registered as a route by a decorator.
pub fn is_decorated_route(model: &Model<'_>, id: FuncId) -> bool {
    let def = model.scopes.function(id).def;
    def.decorator_list.iter().any(|d| {
        let Expr::Call(call) = &d.expression else {
            return false;
        };
        let Expr::Attribute(attr) = &*call.func else {
            return false;
        };
        if !ROUTE_METHODS.contains(&attr.attr.as_str()) {
            return false;
        }
        // A path literal ("/docs/{id}") is what tells a route from `cache.get(...)`.
        let path_arg = call.arguments.find_argument_value("path", 0).is_some_and(
            |a| matches!(a, Expr::StringLiteral(s) if s.value.to_str().starts_with('/')),
        );
        path_arg
            || ["fastapi", "starlette", "flask"]
                .iter()
                .any(|m| model.imports.mentions(m))
    })
}

/// Methods by which a client submits a change rather than asks for a page.
const CHANGING_METHODS: &[&str] = &["post", "put", "patch", "delete"];

/// Whether function `id` is a route registered (by its decorators) for
/// changing methods only: `@app.post("/x")`, `@bp.route("/x", methods=["POST"])`.
/// Such a handler runs when a person submits a change (a form, a button), not on
/// every view or poll.
pub fn is_action_route(model: &Model<'_>, id: FuncId) -> bool {
    if !is_decorated_route(model, id) {
        return false;
    }
    let def = model.scopes.function(id).def;
    let mut routes = def.decorator_list.iter().filter_map(|d| {
        let Expr::Call(call) = &d.expression else {
            return None;
        };
        let Expr::Attribute(attr) = &*call.func else {
            return None;
        };
        ROUTE_METHODS
            .contains(&attr.attr.as_str())
            .then_some((attr.attr.as_str(), call))
    });
    let changing = |(method, call): (&str, &ast::ExprCall)| {
        if CHANGING_METHODS.contains(&method) {
            return true;
        }
        if !matches!(method, "route" | "api_route") {
            return false;
        }
        // `methods=["POST", "PUT"]`: every listed method changes something.
        let Some(Expr::List(list)) = call.arguments.find_keyword("methods").map(|k| &k.value)
        else {
            return false;
        };
        !list.elts.is_empty()
            && list.elts.iter().all(|e| {
                matches!(e, Expr::StringLiteral(s)
                    if CHANGING_METHODS.contains(&s.value.to_str().to_ascii_lowercase().as_str()))
            })
    };
    let first = routes.next();
    first.is_some_and(changing) && routes.all(changing)
}

/// Functions this module hands to the framework by reference: `Depends(f)`,
/// `Security(f)` and `add_api_route("/x", f)`.
pub fn registered_refs(model: &Model<'_>) -> Vec<(CallRef, RouteKind)> {
    let mut out = Vec::new();
    for call in &model.calls {
        let qualified = call.qualified().unwrap_or("");
        let last = qualified.rsplit('.').next().unwrap_or("");
        let (arg, kind) = if matches!(last, "Depends" | "Security")
            && (qualified.starts_with("fastapi") || model.imports.mentions("fastapi"))
        {
            (call.argument(0, "dependency"), RouteKind::Dependency)
        } else if matches!(call.method_name(), Some("add_api_route" | "add_route")) {
            (call.argument(1, "endpoint"), RouteKind::Handler)
        } else {
            continue;
        };
        if let Some(target) = arg.and_then(|a| func_ref(model, call.scope, a)) {
            out.push((target, kind));
        }
    }
    out.extend(
        super::wsgi_views::registered(model)
            .into_iter()
            .map(|r| (r, RouteKind::Handler)),
    );
    out
}

/// The route kind of function `id` as far as its own module shows, given the
/// module's [`registered_refs`] and whether it runs its app on one thread
/// ([`super::wsgi_views::runs_one_thread`]: its sync views are then no entry).
pub fn route_kind_with(
    model: &Model<'_>,
    id: FuncId,
    registered: &[(CallRef, RouteKind)],
    one_thread: bool,
) -> Option<RouteKind> {
    if one_thread && !model.scopes.function(id).is_async() {
        return None;
    }
    if is_decorated_route(model, id) || super::wsgi_views::is_view(model, id) {
        return Some(RouteKind::Handler);
    }
    let qualname = &model.scopes.function(id).qualname;
    registered
        .iter()
        .find(|(r, _)| own_qualname(r).as_deref() == Some(qualname.as_str()))
        .map(|(_, kind)| *kind)
}

/// The parameter defaults and annotations of `id` that inject a dependency:
/// `(parameter name, dependency expression)`.
pub fn injected_parameters<'a>(model: &Model<'a>, id: FuncId) -> Vec<(String, &'a Expr)> {
    let def = model.scopes.function(id).def;
    let mut out = Vec::new();
    for param in def.parameters.iter_non_variadic_params() {
        let mut candidates: Vec<&Expr> = Vec::new();
        if let Some(default) = param.default() {
            candidates.push(default);
        }
        // Annotated[Conn, Depends(get_db)]
        if let Some(Expr::Subscript(sub)) = param.parameter.annotation.as_deref() {
            if let Expr::Tuple(t) = &*sub.slice {
                candidates.extend(t.elts.iter().skip(1));
            }
        }
        for candidate in candidates {
            let Expr::Call(call) = candidate else {
                continue;
            };
            let is_depends = matches!(&*call.func, Expr::Name(n) if matches!(n.id.as_str(), "Depends" | "Security"))
                || matches!(&*call.func, Expr::Attribute(a) if matches!(a.attr.as_str(), "Depends" | "Security"));
            if let (true, Some(arg)) = (is_depends, call.arguments.args.first()) {
                out.push((param.parameter.name.to_string(), arg));
            }
        }
    }
    out
}
