//! Views of WSGI frameworks that no route decorator names: Django views
//! (functions and methods taking `request`, or handed to `path()`), Falcon
//! responders (`on_get(self, req, resp)`) and middleware (`process_request`),
//! Pyramid views (`@view_config`, `config.add_view(f)`, functions taking
//! `request`), Flask's `add_url_rule(..., view_func=f)`, class-based views
//! (`View.dispatch_request`, `MethodView.get`) and request hooks
//! (`@app.before_request`). A library's integration module for these
//! frameworks is found the same way: its views run wherever the host mounts them.
//!
//! Their servers usually run requests on threads, several views at once:
//! Flask's development server is threaded by default (since 1.0), so is
//! Django's `runserver`, and waitress (Pyramid's default) serves from a pool of
//! threads. Not every deployment is: gunicorn's default sync worker and uWSGI
//! without `--threads` serve one request per process at a time. A module that
//! runs its Flask app with `threaded=False` says so, and its views are not
//! thread entries. Only sync views: an `async def` view runs on an event loop.

use ruff_python_ast::Expr;
use ruff_text_size::{Ranged, TextRange};

use super::model::Model;
use super::refs::CallRef;
use super::scopes::FuncId;
use super::spawn::func_ref;

/// Web frameworks whose sync views run on a thread pool.
pub(super) const WEB_FRAMEWORKS: &[&str] = &["fastapi", "starlette", "flask"];
/// The attributes of an app or router that register a view (`@app.route`, `@router.get`).
pub(super) const ROUTE_DECORATORS: &[&str] = &[
    "get",
    "post",
    "put",
    "patch",
    "delete",
    "api_route",
    "route",
];
const FALCON_METHODS: &[&str] = &["get", "post", "put", "patch", "delete", "head", "options"];
const FALCON_MIDDLEWARE: &[&str] = &["process_request", "process_resource", "process_response"];
const FLASK_HOOKS: &[&str] = &[
    "before_request",
    "before_app_request",
    "after_request",
    "after_app_request",
    "teardown_request",
    "teardown_app_request",
];

/// Whether sync function `id` is a view of Django, Falcon or Pyramid by its shape.
pub fn is_view(model: &Model<'_>, id: FuncId) -> bool {
    let f = model.scopes.function(id);
    if f.is_async() {
        return false;
    }
    // Hooks are often registered inside an `init_app(app)` function.
    if flask_request_hook(model, f.def) {
        return true;
    }
    if f.parent.is_some() {
        return false;
    }
    let takes_request = f.parameter_names().first() == Some(&"request");
    if takes_request && (model.imports.mentions("django") || model.imports.mentions("pyramid")) {
        return true;
    }
    if model.imports.mentions("pyramid")
        && f.def.decorator_list.iter().any(|d| {
            let callee = match &d.expression {
                Expr::Call(c) => &*c.func,
                other => other,
            };
            matches!(callee, Expr::Name(n) if n.id.as_str() == "view_config")
                || matches!(callee, Expr::Attribute(a) if a.attr.as_str() == "view_config")
        })
    {
        return true;
    }
    let Some(class) = f.class else {
        return false;
    };
    // Flask class-based views: `dispatch_request`, or `get`/`post`/... of a MethodView.
    if model.imports.mentions("flask")
        && (f.name() == "dispatch_request" || FALCON_METHODS.contains(&f.name()))
        && model.scopes.classes[class].def.bases().iter().any(|b| {
            model.resolve(b, None).is_some_and(|q| {
                matches!(q.as_str(), "flask.views.View" | "flask.views.MethodView")
            })
        })
    {
        return true;
    }
    // Falcon responders (`on_get(self, req, resp)`, `on_get_item(self, req, resp, id)`)
    // and middleware (`process_request(self, req, resp)`).
    model.imports.mentions("falcon")
        && f.parameter_names().len() >= 2
        && (f.name().strip_prefix("on_").is_some_and(|rest| {
            let method = rest.split('_').next().unwrap_or("");
            FALCON_METHODS.contains(&method)
        }) || FALCON_MIDDLEWARE.contains(&f.name()))
}

/// `@app.before_request`, `@bp.before_app_request`, `@app.teardown_request`...:
/// Flask runs them on the request's thread.
fn flask_request_hook(model: &Model<'_>, def: &ruff_python_ast::StmtFunctionDef) -> bool {
    model.imports.mentions("flask")
        && def.decorator_list.iter().any(|d| {
            matches!(&d.expression, Expr::Attribute(a) if FLASK_HOOKS.contains(&a.attr.as_str()))
        })
}

/// Functions this module hands to a WSGI framework as views by reference.
pub fn registered(model: &Model<'_>) -> Vec<CallRef> {
    let flask = model.imports.mentions("flask");
    let django = model.imports.mentions("django");
    let pyramid = model.imports.mentions("pyramid");
    if !(flask || django || pyramid) {
        return Vec::new();
    }
    let one_thread = runs_one_thread(model);
    let mut out = Vec::new();
    for call in &model.calls {
        let arg = match call.method_name() {
            Some("add_url_rule") if flask && !one_thread => call.argument(2, "view_func"),
            Some(hook) if flask && !one_thread && FLASK_HOOKS.contains(&hook) => {
                call.argument(0, "f")
            }
            Some("add_view") if pyramid => call.argument(0, "view"),
            _ if django
                && call.qualified().is_some_and(|q| {
                    matches!(
                        q,
                        "django.urls.path" | "django.urls.re_path" | "django.conf.urls.url"
                    )
                }) =>
            {
                call.argument(1, "view")
            }
            _ => None,
        };
        if let Some(target) = arg.and_then(|a| func_ref(model, call.scope, a)) {
            out.push(target);
        }
    }
    out
}

/// The module runs its Flask app on one thread: `app.run(..., threaded=False)`.
pub fn runs_one_thread(model: &Model<'_>) -> bool {
    model.imports.mentions("flask")
        && model.calls.iter().any(|c| {
            c.method_name() == Some("run")
                && c.keyword("threaded")
                    .is_some_and(|v| matches!(v, Expr::BooleanLiteral(b) if !b.value))
        })
}

/// The project's route-decorator factories: module-level functions that
/// register the function they are handed as a route of a web app,
/// `def api_get(url): return lambda f: app.route(url)(catch_errors(f))` (or
/// with a nested `def register(f)`, or a plain decorator
/// `def page(f): return app.route("/")(f)`). A function decorated with one
/// (`@api_get("/items")`, in any module) is a view like one under
/// `@app.route`: the threaded server runs it on its request threads. The
/// factory must hand on a parameter of the function or lambda it returns (the
/// view); only `route` and `api_route`, since `<mapping>.get(key)(f)` is a
/// dispatch, not a registration. Not in a module that runs its Flask app on
/// one thread.
pub fn route_factories(model: &Model<'_>) -> Vec<String> {
    if runs_one_thread(model) {
        return Vec::new();
    }
    let mut found: Vec<FuncId> = Vec::new();
    for call in &model.calls {
        let Expr::Call(register) = &*call.expr.func else {
            continue;
        };
        let Expr::Attribute(attr) = &*register.func else {
            continue;
        };
        if !matches!(attr.attr.as_str(), "route" | "api_route")
            || !matches!(&*attr.value, Expr::Name(_) | Expr::Attribute(_))
        {
            continue;
        }
        let Some(outer) = model.scopes.chain(call.scope).into_iter().flatten().last() else {
            continue;
        };
        let f = model.scopes.function(outer);
        if f.parent.is_some() || f.class.is_some() || found.contains(&outer) {
            continue;
        }
        let mut params: Vec<&str> = model
            .scopes
            .chain(call.scope)
            .into_iter()
            .flatten()
            .flat_map(|s| model.scopes.function(s).params.iter().map(String::as_str))
            .collect();
        let lambdas = lambda_params_around(&f.def.body, call.expr.range());
        params.extend(lambdas.iter().map(String::as_str));
        let handed = names_in(&call.expr.arguments);
        if handed.iter().any(|n| params.contains(&n.as_str())) {
            found.push(outer);
        }
    }
    found.sort_unstable();
    found
        .into_iter()
        .map(|id| model.scopes.function(id).qualname.clone())
        .collect()
}

/// The parameters of the lambdas in `body` around `range`.
fn lambda_params_around(body: &[ruff_python_ast::Stmt], range: TextRange) -> Vec<String> {
    use ruff_python_ast::visitor::{self, Visitor};
    struct Around {
        range: TextRange,
        params: Vec<String>,
    }
    impl<'a> Visitor<'a> for Around {
        fn visit_expr(&mut self, expr: &'a Expr) {
            if !expr.range().contains_range(self.range) {
                return;
            }
            if let Expr::Lambda(lambda) = expr {
                if let Some(parameters) = &lambda.parameters {
                    self.params.extend(
                        parameters
                            .iter_non_variadic_params()
                            .map(|p| p.parameter.name.to_string()),
                    );
                }
            }
            visitor::walk_expr(self, expr);
        }
    }
    let mut around = Around {
        range,
        params: Vec::new(),
    };
    for stmt in body {
        if stmt.range().contains_range(range) {
            around.visit_stmt(stmt);
        }
    }
    around.params
}

/// The names read anywhere in a call's arguments.
fn names_in(arguments: &ruff_python_ast::Arguments) -> Vec<String> {
    use ruff_python_ast::visitor::{self, Visitor};
    #[derive(Default)]
    struct Names(Vec<String>);
    impl<'a> Visitor<'a> for Names {
        fn visit_expr(&mut self, expr: &'a Expr) {
            if let Expr::Name(n) = expr {
                self.0.push(n.id.to_string());
            }
            visitor::walk_expr(self, expr);
        }
    }
    let mut names = Names::default();
    for arg in &arguments.args {
        names.visit_expr(arg);
    }
    for k in &arguments.keywords {
        names.visit_expr(&k.value);
    }
    names.0
}

/// Route decorators on an app imported from another project module
/// (`from webapp import app`, then `@app.route("/x")` in a module that imports
/// nothing from the framework itself): `(the app as this module names it,
/// qualified; the view's qualname)`. The index keeps those whose app is a
/// Flask or FastAPI instance there (project.rs, `routed_entries`).
pub fn imported_app_routes(model: &Model<'_>) -> Vec<(String, String)> {
    if WEB_FRAMEWORKS.iter().any(|f| model.imports.mentions(f)) {
        return Vec::new();
    }
    let mut out = Vec::new();
    for f in &model.scopes.functions {
        if f.is_async() || f.parent.is_some() || f.class.is_some() {
            continue;
        }
        for d in &f.def.decorator_list {
            let Expr::Call(call) = &d.expression else {
                continue;
            };
            let Expr::Attribute(attr) = &*call.func else {
                continue;
            };
            if !ROUTE_DECORATORS.contains(&attr.attr.as_str())
                || !matches!(&*attr.value, Expr::Name(_))
            {
                continue;
            }
            if let Some(app) = model.resolve(&attr.value, None) {
                out.push((app, f.qualname.clone()));
                break;
            }
        }
    }
    out
}
