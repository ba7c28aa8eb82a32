//! A helper whose default argument is the import-time connection (or its
//! cursor): `def _fetch(k, db=CUR)`, `CUR` made at import with the default
//! check_same_thread. A caller that takes the same parameter with the same
//! default (`def get(k, db=CUR)`), and is handed another connection by its own
//! callers (`get(k, db=cur)` from a worker that opened `cur` on its thread),
//! calls the helper without passing it on (`_fetch(k)`): the helper falls back
//! to the import-time cursor, which belongs to the importing thread, and every
//! such call from another thread raises ProgrammingError
//! (docs/sqlite-facts.md#F-same-thread). The evidence that callers pass their
//! own is a call of the caller in the module that does; the second party is the
//! thread that caller runs on.
//!
//! Reported at the call that drops the argument; the fix (unsafe: the helper
//! then runs on the caller's connection, as intended) passes it on.

use ruff_python_ast::Expr;

use super::{SharedConnectionAcrossThreads, allows_any_thread, shared_cursor};
use crate::codemods::{Codemod, Context};
use crate::finding::Finding;
use crate::fix::{Fix, codegen};
use crate::semantic::connections::{ConnKey, Driver, Holder};
use crate::semantic::model::{Call, Callee, Model};
use crate::semantic::scopes::FuncId;

pub fn check(
    codemod: &SharedConnectionAcrossThreads,
    ctx: &Context<'_, '_>,
    out: &mut Vec<Finding>,
) {
    let model = ctx.model;
    // Module-level connections that refuse other threads, and their kept cursors.
    let mut shared: Vec<(String, String)> = Vec::new();
    let mut table: Option<Vec<usize>> = None;
    for site in ctx.sites() {
        let Holder::Global(name) = &site.holder else {
            continue;
        };
        if site.driver != Driver::Sqlite3 || site.scope().is_some() || allows_any_thread(site) {
            continue;
        }
        shared.push((name.clone(), name.clone()));
        let table = table.get_or_insert_with(|| shared_cursor::cursor_assignments(model));
        let key = ConnKey::Global { name: name.clone() };
        for cursor in shared_cursor::kept_cursors(model, &key, table) {
            shared.push((cursor, name.clone()));
        }
    }
    if shared.is_empty() {
        return;
    }
    for (helper, param, global) in defaults_to(model, &shared) {
        for (caller, caller_param) in defaults_to(model, &shared)
            .into_iter()
            .filter(|(_, _, g)| *g == global)
            .map(|(f, p, _)| (f, p))
        {
            if caller == helper || !passed_by_some_call(model, caller, &caller_param) {
                continue;
            }
            for call in dropping_calls(model, caller, helper, &param) {
                let Some(conn) = shared.iter().find(|(n, _)| *n == global).map(|(_, c)| c) else {
                    continue;
                };
                let f = model.scopes.function(caller);
                let h = model.scopes.function(helper);
                let what = if *conn == global {
                    format!("`{global}`, the connection opened at import")
                } else {
                    format!("`{global}`, the cursor of `{conn}` (opened at import)")
                };
                let message = format!(
                    "`{}` is handed its caller's connection in `{caller_param}` but calls `{}` without it, so `{}` falls back to its default {what} with check_same_thread=True: a caller that passes its own connection from another thread gets ProgrammingError here",
                    f.qualname,
                    h.name(),
                    h.name(),
                );
                let edit = codegen::add_keyword(model, call.expr, &param, &caller_param);
                out.push(
                    Finding::new(codemod.meta(), call.range(), message)
                        .with_fix(Fix::unsafe_(
                            format!("Pass `{caller_param}` on to `{}`", h.name()),
                            vec![edit],
                        ))
                        .with_note(format!(
                            "`{}` then runs on the connection the caller handed in, on the caller's thread, as `{}`'s parameter promises",
                            h.name(),
                            f.name()
                        )),
                );
            }
        }
    }
}

/// Functions with a parameter whose default is one of the `shared` names:
/// (function, parameter, global).
fn defaults_to(model: &Model<'_>, shared: &[(String, String)]) -> Vec<(FuncId, String, String)> {
    let mut out = Vec::new();
    for (id, f) in model.scopes.functions.iter().enumerate() {
        let params = &f.def.parameters;
        for p in params
            .posonlyargs
            .iter()
            .chain(params.args.iter())
            .chain(params.kwonlyargs.iter())
        {
            let Some(Expr::Name(default)) = p.default.as_deref() else {
                continue;
            };
            if shared.iter().any(|(n, _)| n == default.id.as_str()) {
                out.push((id, p.parameter.name.to_string(), default.id.to_string()));
            }
        }
    }
    out
}

/// The function, called by name, with `param` given (by keyword or position).
fn passed_by_some_call(model: &Model<'_>, id: FuncId, param: &str) -> bool {
    calls_of(model, id).any(|c| gives(model, id, c, param))
}

/// Calls in `caller` of `helper` that do not give `param`.
fn dropping_calls<'m, 'a>(
    model: &'m Model<'a>,
    caller: FuncId,
    helper: FuncId,
    param: &str,
) -> Vec<&'m Call<'a>> {
    calls_of(model, helper)
        .filter(|c| {
            c.scope == Some(caller) && !c.has_star_args() && !gives(model, helper, c, param)
        })
        .collect()
}

fn calls_of<'m, 'a>(model: &'m Model<'a>, id: FuncId) -> impl Iterator<Item = &'m Call<'a>> {
    let f = model.scopes.function(id);
    let name = f.name().to_string();
    let class = f.class;
    model.calls.iter().filter(move |c| match &c.callee {
        Callee::Local(n) => class.is_none() && f.parent.is_none() && *n == name,
        Callee::SelfMethod(n) => {
            class.is_some() && *n == name && model.scopes.enclosing_class(c.scope) == class
        }
        _ => false,
    })
}

fn gives(model: &Model<'_>, id: FuncId, call: &Call<'_>, param: &str) -> bool {
    let f = model.scopes.function(id);
    if call.keyword(param).is_some() || call.has_star_args() {
        return true;
    }
    let positional = crate::semantic::scopes::Function::positional_names(f.def, f.class.is_some());
    positional
        .iter()
        .position(|p| p == param)
        .is_some_and(|i| call.expr.arguments.args.len() > i)
}
