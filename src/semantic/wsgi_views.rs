//! Views of WSGI frameworks that no route decorator names: Django views
//! (functions and methods taking `request`, or handed to `path()`), Falcon
//! responders (`on_get(self, req, resp)`), Pyramid views (`@view_config`,
//! `config.add_view(f)`, functions taking `request`) and Flask's
//! `add_url_rule(..., view_func=f)`. A library's integration module for these
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

use super::model::Model;
use super::refs::CallRef;
use super::scopes::FuncId;
use super::spawn::func_ref;

const FALCON_METHODS: &[&str] = &["get", "post", "put", "patch", "delete", "head", "options"];

/// Whether sync function `id` is a view of Django, Falcon or Pyramid by its shape.
pub fn is_view(model: &Model<'_>, id: FuncId) -> bool {
    let f = model.scopes.function(id);
    if f.is_async() || f.parent.is_some() {
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
    // Falcon responders: `on_get(self, req, resp)`, `on_get_item(self, req, resp, id)`.
    f.class.is_some()
        && model.imports.mentions("falcon")
        && f.parameter_names().len() >= 2
        && f.name().strip_prefix("on_").is_some_and(|rest| {
            let method = rest.split('_').next().unwrap_or("");
            FALCON_METHODS.contains(&method)
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
