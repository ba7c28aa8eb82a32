//! Keyword arguments passed through a dictionary: `create_engine(**kwargs)`
//! after `kwargs = {"url": ..., "connect_args": {...}}` (or `dict(url=...)`),
//! with keys stored later by `kwargs["pool_size"] = 5`. A project that builds
//! its engine options under conditions spells them this way; the call's own
//! keywords then say nothing, and the dictionary does.
//!
//! Only a name bound once before the call in the call's scope (or the module)
//! to a dict display or a `dict(...)` call is read; any other `**` argument is
//! opaque (see [`opaque`]).

use ruff_python_ast::{self as ast, Expr};
use ruff_text_size::Ranged;

use super::model::{AssignKind, Call, Model, Target};
use super::strings::string_value;

/// The dict display or `dict(...)` call `expr` names, when bound once to one.
fn dict_of<'a>(model: &Model<'a>, call: &Call<'a>, expr: &'a Expr) -> Option<&'a Expr> {
    let value = match expr {
        Expr::Dict(_) => expr,
        Expr::Call(c) if is_dict_call(model, call, c) => expr,
        Expr::Name(n) => {
            let a = model.last_assignment(call.scope, n.id.as_str(), call.range().start())?;
            if a.kind != AssignKind::Assign || !matches!(a.target_expr, Expr::Name(_)) {
                return None;
            }
            match a.value {
                Expr::Dict(_) => a.value,
                Expr::Call(c) if is_dict_call(model, call, c) => a.value,
                _ => return None,
            }
        }
        _ => return None,
    };
    Some(value)
}

fn is_dict_call(model: &Model<'_>, call: &Call<'_>, c: &ast::ExprCall) -> bool {
    matches!(&*c.func, Expr::Name(n) if n.id.as_str() == "dict")
        && model
            .resolve(&c.func, call.scope)
            .is_none_or(|q| q == "dict")
        && c.arguments.args.is_empty()
}

/// The string keys and values a dict display or `dict(k=v)` spells.
fn entries<'a>(model: &Model<'a>, dict: &'a Expr) -> Vec<(String, &'a Expr)> {
    match dict {
        Expr::Dict(d) => super::strings::dict_display_pairs(model, d),
        Expr::Call(c) => super::strings::keyword_pairs(c),
        _ => Vec::new(),
    }
}

/// `name["key"] = value` before the call, in the call's scope.
fn stores<'a>(model: &Model<'a>, call: &Call<'a>, name: &str) -> Vec<(String, &'a Expr)> {
    model
        .assignments
        .iter()
        .filter(|a| {
            a.scope == call.scope
                && matches!(a.target, Target::Other)
                && a.kind == AssignKind::Assign
                && a.stmt.start() < call.range().start()
        })
        .filter_map(|a| {
            let Expr::Subscript(sub) = a.target_expr else {
                return None;
            };
            if !matches!(&*sub.value, Expr::Name(n) if n.id.as_str() == name) {
                return None;
            }
            let key = string_value(model, &sub.slice, None, sub.slice.start())?;
            Some((key.as_literal()?.to_string(), a.value))
        })
        .collect()
}

/// Every keyword the call's `**` arguments spell, and whether all of them
/// could be read.
fn spelled<'a>(model: &Model<'a>, call: &Call<'a>) -> (Vec<(String, &'a Expr)>, bool) {
    let mut out = Vec::new();
    let mut known = true;
    for k in &call.expr.arguments.keywords {
        if k.arg.is_some() {
            continue;
        }
        let Some(dict) = dict_of(model, call, &k.value) else {
            known = false;
            continue;
        };
        out.extend(entries(model, dict));
        if let Expr::Name(n) = &k.value {
            out.extend(stores(model, call, n.id.as_str()));
        }
        // `dict(base, k=v)`, `{**base, ...}`: keys this reading does not see.
        if let Expr::Dict(d) = dict {
            if d.items.iter().any(|i| i.key.is_none()) {
                known = false;
            }
        }
    }
    (out, known)
}

/// The keyword `name` of the call, given directly or through a `**` dict.
pub fn keyword<'a>(model: &Model<'a>, call: &Call<'a>, name: &str) -> Option<&'a Expr> {
    if let Some(value) = call.keyword(name) {
        return Some(value);
    }
    if !call.expr.arguments.keywords.iter().any(|k| k.arg.is_none()) {
        return None;
    }
    spelled(model, call)
        .0
        .into_iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v)
}

/// The argument at `position` or the keyword `name`, also through a `**` dict.
pub fn argument<'a>(
    model: &Model<'a>,
    call: &Call<'a>,
    position: usize,
    name: &str,
) -> Option<&'a Expr> {
    call.argument(position, name)
        .or_else(|| keyword(model, call, name))
}

/// The call has a `**` argument whose keys cannot all be read: a keyword
/// added to the call could then be given twice (a `TypeError`).
pub fn opaque(model: &Model<'_>, call: &Call<'_>) -> bool {
    call.expr.arguments.keywords.iter().any(|k| k.arg.is_none()) && !spelled(model, call).1
}

/// The call has a `**` argument at all.
pub fn has_splat(call: &Call<'_>) -> bool {
    call.expr.arguments.keywords.iter().any(|k| k.arg.is_none())
}
