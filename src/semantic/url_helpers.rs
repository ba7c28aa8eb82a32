//! Project functions that turn a configured database URL into the one an
//! engine is built from: `def async_url(url): return url.replace("sqlite://",
//! "sqlite+aiosqlite://", 1)`, `str(make_url(url).set(drivername=
//! "sqlite+aiosqlite"))`, `f"{url}?check_same_thread=False"`. The engine
//! `create_async_engine(async_url(settings.database_url))` is on the database
//! the helper's argument names (a settings field defaulting to a SQLite file:
//! likely SQLite), or on the one the helper spells itself
//! (`return f"sqlite+aiosqlite:///{path}"`).
//!
//! A helper counts when every value it returns is one of these shapes, so a
//! function that may return another URL (a constant for production, a
//! driver swapped from SQLite to another database) is not one.

use ruff_python_ast::Expr;
use ruff_text_size::{Ranged, TextSize};

use super::model::{AssignKind, Model};
use super::scopes::FuncId;
use super::sqlite_urls::{UrlKind, url_kind};
use super::strings::{Piece, string_value};

/// What a URL helper returns.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct UrlHelper {
    pub qualname: String,
    /// The positional parameters (the bound one of a method left out) whose
    /// URL, rewritten to another driver of the same database, some return
    /// gives back: their names, by position.
    pub passes: Vec<(usize, String)>,
    /// Kinds of URLs it spells itself (`true`: a SQLite file).
    pub spells: Vec<bool>,
}

/// The module's URL helpers.
pub fn of_module(model: &Model<'_>) -> Vec<UrlHelper> {
    if !model.text.contains("sqlite") && !model.text.contains("://") {
        return Vec::new();
    }
    let mut out = Vec::new();
    for (id, function) in model.scopes.functions.iter().enumerate() {
        if function.params.is_empty() || function.is_async() || function.is_generator() {
            continue;
        }
        let mut values = Vec::new();
        super::visit::returned_values(&function.def.body, &mut values);
        if values.is_empty() {
            continue;
        }
        let mut helper = UrlHelper {
            qualname: function.qualname.clone(),
            ..UrlHelper::default()
        };
        let mut ok = true;
        for value in values {
            if matches!(value, Expr::NoneLiteral(_)) {
                continue;
            }
            if !classify(model, id, value, 0, &mut helper, &mut Vec::new()) {
                ok = false;
                break;
            }
        }
        if ok && (!helper.passes.is_empty() || !helper.spells.is_empty()) {
            out.push(helper);
        }
    }
    out
}

/// Adds what `value`, returned by function `id`, gives back; false when it is
/// not a URL shape a helper returns.
fn classify(
    model: &Model<'_>,
    id: FuncId,
    value: &Expr,
    depth: usize,
    out: &mut UrlHelper,
    checking: &mut Vec<String>,
) -> bool {
    if depth > 4 {
        return false;
    }
    let at = value.start();
    match value {
        Expr::Name(n) => {
            let name = n.id.as_str();
            let function = model.scopes.function(id);
            let assigned: Vec<&Expr> = model
                .assignments_named_in(Some(id), name)
                .map(|a| a.value)
                .collect();
            // The parameter, or a rebinding of it that keeps its database
            // (`url = url.replace("sqlite://", "sqlite+aiosqlite://")`).
            if let Some(position) = function.params.iter().position(|p| p == name) {
                let seen = checking.iter().any(|c| c == name);
                checking.push(name.to_string());
                if !seen
                    && !assigned
                        .iter()
                        .all(|v| classify(model, id, v, depth + 1, out, checking))
                {
                    return false;
                }
                if !out.passes.iter().any(|(p, _)| *p == position) {
                    out.passes.push((position, name.to_string()));
                }
                return true;
            }
            // A local built from the parameter: `u = make_url(url)`.
            match model.last_assignment(Some(id), name, at) {
                Some(a)
                    if a.kind == AssignKind::Assign
                        && matches!(a.target_expr, Expr::Name(_))
                        && assigned.len() == 1 =>
                {
                    classify(model, id, a.value, depth + 1, out, checking)
                }
                _ => spelled(model, id, value, at, out),
            }
        }
        Expr::If(e) => {
            classify(model, id, &e.body, depth + 1, out, checking)
                && classify(model, id, &e.orelse, depth + 1, out, checking)
        }
        Expr::Call(call) => {
            let args = &call.arguments;
            if let Expr::Attribute(a) = &*call.func {
                match a.attr.as_str() {
                    // `url.replace("sqlite://", "sqlite+aiosqlite://", 1)`: a
                    // driver of the same database.
                    "replace" => {
                        let (Some(old), Some(new)) = (args.args.first(), args.args.get(1)) else {
                            return false;
                        };
                        let (Some(old), Some(new)) =
                            (literal(model, id, old, at), literal(model, id, new, at))
                        else {
                            return false;
                        };
                        if old.starts_with("sqlite") != new.starts_with("sqlite") {
                            return false;
                        }
                        return classify(model, id, &a.value, depth + 1, out, checking);
                    }
                    // `make_url(url).set(drivername="sqlite+aiosqlite")`.
                    "set" | "_replace" => {
                        if let Some(driver) = args.find_keyword("drivername") {
                            let Some(driver) = literal(model, id, &driver.value, at) else {
                                return false;
                            };
                            if !driver.starts_with("sqlite") {
                                return false;
                            }
                        }
                        return classify(model, id, &a.value, depth + 1, out, checking);
                    }
                    "render_as_string" | "strip" | "rstrip" => {
                        return classify(model, id, &a.value, depth + 1, out, checking);
                    }
                    _ => {}
                }
            }
            let callee = model
                .resolve(&call.func, Some(id))
                .unwrap_or_else(|| model.slice(call.func.range()).to_string());
            let wraps = matches!(callee.as_str(), "str" | "builtins.str")
                || callee.starts_with("sqlalchemy") && callee.ends_with("make_url");
            if wraps && args.args.len() == 1 && args.keywords.is_empty() {
                return classify(model, id, &args.args[0], depth + 1, out, checking);
            }
            spelled(model, id, value, at, out)
        }
        // `f"{url}?check_same_thread=False"`: the parameter with a query added.
        Expr::FString(_) | Expr::BinOp(_) => {
            if let Some(v) = string_value(model, value, Some(id), at) {
                if let Some(Piece::Hole(Some(Expr::Name(n)))) = v.pieces.first() {
                    let rest = v.sketch();
                    let query_only = rest.chars().skip(1).collect::<String>();
                    if (query_only.is_empty() || query_only.starts_with('?'))
                        && !query_only.contains('\u{0}')
                    {
                        let params = &model.scopes.function(id).params;
                        if let Some(p) = params.iter().position(|p| p == n.id.as_str()) {
                            if !out.passes.iter().any(|(q, _)| *q == p) {
                                out.passes.push((p, n.id.to_string()));
                            }
                            return true;
                        }
                    }
                }
            }
            spelled(model, id, value, at, out)
        }
        _ => spelled(model, id, value, at, out),
    }
}

/// A URL the helper writes itself: its kind.
fn spelled(model: &Model<'_>, id: FuncId, value: &Expr, at: TextSize, out: &mut UrlHelper) -> bool {
    let sqlite = match url_kind(model, value, Some(id), at) {
        UrlKind::SqliteFile => true,
        UrlKind::Other => false,
        UrlKind::Unknown => return false,
    };
    if !out.spells.contains(&sqlite) {
        out.spells.push(sqlite);
    }
    true
}

fn literal(model: &Model<'_>, id: FuncId, expr: &Expr, at: TextSize) -> Option<String> {
    string_value(model, expr, Some(id), at)?
        .as_literal()
        .map(str::to_string)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn helpers(text: &str) -> Vec<UrlHelper> {
        let parsed = crate::check::parse(text).unwrap();
        let model = Model::build(Path::new("m.py"), text, parsed.suite(), parsed.tokens());
        of_module(&model)
    }

    #[test]
    fn rewrites_of_a_url_parameter_pass_its_database() {
        let found = helpers(
            "from sqlalchemy.engine import make_url\n\
             def a(url):\n    if url.startswith('sqlite://'):\n        return url.replace('sqlite://', 'sqlite+aiosqlite://', 1)\n    return url\n\
             def b(url):\n    parsed = make_url(url)\n    return str(parsed.set(drivername='sqlite+aiosqlite'))\n\
             def c(url):\n    url = url.replace('sqlite:', 'sqlite+aiosqlite:')\n    return url\n\
             def d(url):\n    return f'{url}?check_same_thread=False'\n\
             def e(path):\n    return f'sqlite+aiosqlite:///{path}'\n",
        );
        let names: Vec<(&str, usize, usize)> = found
            .iter()
            .map(|h| (h.qualname.as_str(), h.passes.len(), h.spells.len()))
            .collect();
        assert_eq!(
            names,
            [
                ("a", 1, 0),
                ("b", 1, 0),
                ("c", 1, 0),
                ("d", 1, 0),
                ("e", 0, 1)
            ]
        );
    }

    #[test]
    fn a_swap_to_another_database_is_not_a_helper() {
        let found = helpers(
            "from sqlalchemy.engine import make_url\n\
             def a(url):\n    return url.replace('sqlite://', 'postgresql://')\n\
             def b(url):\n    return str(make_url(url).set(drivername='postgresql+asyncpg'))\n\
             def c(url):\n    return compute(url)\n",
        );
        assert!(found.is_empty(), "{found:?}");
    }
}
