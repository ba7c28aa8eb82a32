//! A module-level registry that keeps aiosqlite connections for the life of
//! the process and never closes them: `_CONNS = {}` at module level, and a
//! function that opens one connection per path on first use
//! (`_CONNS[path] = await aiosqlite.connect(path)`, or a local stored there).
//!
//! Each aiosqlite connection runs a worker thread that is not a daemon
//! thread and that only `close()` ends (docs/sqlite-facts.md#F-aiosqlite-exit):
//! once `asyncio.run(...)` returns, the interpreter waits for it at shutdown
//! and the process never exits, a command-line run hanging after its work is
//! done. SQF502 leaves a stored connection alone (it escapes); the registry
//! is where nothing ever closes it.
//!
//! Reported at the open, naming the registry and the thread. Left alone: a
//! module where code that names the registry also calls `close()` (an
//! `atexit` or lifespan sweep, a `finally` closing every entry, a
//! `close_all()`), and a registry of sqlite3 connections, which start no
//! thread (the process exits; their descriptors go with it). Advice only:
//! where the teardown belongs (the command's `finally`, the app's shutdown)
//! is the program's choice.

use ruff_python_ast::{Expr, Stmt};
use ruff_text_size::Ranged;

use super::super::{Context, Meta};
use crate::finding::Finding;
use crate::semantic::connections::is_aiosqlite_connect;
use crate::semantic::model::Model;

pub fn check(meta: &'static Meta, ctx: &Context<'_, '_>, out: &mut Vec<Finding>) {
    let model = ctx.model;
    let registries = registries(model);
    if registries.is_empty() {
        return;
    }
    for call in &model.calls {
        if call.scope.is_none() || call.in_lambda || !is_aiosqlite_connect(call) {
            continue;
        }
        let Some(registry) = stored_in(model, call, &registries) else {
            continue;
        };
        if swept(model, &registry) {
            continue;
        }
        out.push(
            Finding::new(
                meta,
                call.range(),
                format!(
                    "This aiosqlite connection is kept in the module-level registry `{registry}` for the life of the process, with no close at teardown: its worker thread (aiosqlite's `_connection_worker_thread`, not a daemon thread) outlives the work, so the process does not exit after `asyncio.run(...)` returns (docs/sqlite-facts.md#F-aiosqlite-exit)"
                ),
            )
            .with_note(format!(
                "close every entry of `{registry}` when the program's work ends (`for conn in {registry}.values(): await conn.close()` in the command's `finally`, or in the app's shutdown hook), then clear it"
            )),
        );
    }
}

/// Names the module binds at its top level to an empty dict (`{}`, `dict()`).
fn registries(model: &Model<'_>) -> Vec<String> {
    model
        .suite
        .iter()
        .filter_map(|stmt| {
            let (target, value) = match stmt {
                Stmt::Assign(a) if a.targets.len() == 1 => (&a.targets[0], &*a.value),
                Stmt::AnnAssign(a) => (&*a.target, a.value.as_deref()?),
                _ => return None,
            };
            let Expr::Name(name) = target else {
                return None;
            };
            let empty_dict = match value {
                Expr::Dict(d) => d.items.is_empty(),
                Expr::Call(c) => {
                    matches!(&*c.func, Expr::Name(f) if f.id.as_str() == "dict")
                        && c.arguments.is_empty()
                }
                _ => false,
            };
            empty_dict.then(|| name.id.to_string())
        })
        .collect()
}

/// The registry the connection `call` opens is stored in: the subscript its
/// statement assigns (`REG[key] = await aiosqlite.connect(p)`), or the local
/// it is bound to when the same function later stores that local in one
/// (`REG[key] = conn`, `REG.setdefault(key, conn)`).
fn stored_in(
    model: &Model<'_>,
    call: &crate::semantic::model::Call<'_>,
    registries: &[String],
) -> Option<String> {
    let Stmt::Assign(assign) = call.stmt else {
        return None;
    };
    if let Some(reg) = assign
        .targets
        .iter()
        .find_map(|t| subscripted(t, registries))
    {
        return Some(reg);
    }
    let [Expr::Name(local)] = assign.targets.as_slice() else {
        return None;
    };
    let scope = call.scope?;
    let body = &model.scopes.function(scope).def.body;
    crate::semantic::visit::scope_stmts(body)
        .into_iter()
        .filter(|s| s.start() >= call.stmt.end())
        .find_map(|s| match s {
            Stmt::Assign(a) if matches!(&*a.value, Expr::Name(v) if v.id == local.id) => {
                a.targets.iter().find_map(|t| subscripted(t, registries))
            }
            Stmt::Expr(e) => {
                let Expr::Call(c) = &*e.value else {
                    return None;
                };
                let Expr::Attribute(attr) = &*c.func else {
                    return None;
                };
                let Expr::Name(reg) = &*attr.value else {
                    return None;
                };
                (attr.attr.as_str() == "setdefault"
                    && registries.iter().any(|r| r == reg.id.as_str())
                    && c.arguments
                        .args
                        .iter()
                        .any(|a| matches!(a, Expr::Name(v) if v.id == local.id)))
                .then(|| reg.id.to_string())
            }
            _ => None,
        })
}

/// `REG[...]` with `REG` one of the registries.
fn subscripted(target: &Expr, registries: &[String]) -> Option<String> {
    let Expr::Subscript(sub) = target else {
        return None;
    };
    let Expr::Name(reg) = &*sub.value else {
        return None;
    };
    registries
        .iter()
        .find(|r| r.as_str() == reg.id.as_str())
        .cloned()
}

/// Code of the module that names the registry also closes connections: a
/// function (an `atexit` handler, a lifespan's shutdown, `close_all()`) or a
/// module-level statement (a `finally` around the program's run) that calls
/// `close()` or `aclose()` and mentions `registry`.
fn swept(model: &Model<'_>, registry: &str) -> bool {
    model
        .calls
        .iter()
        .filter(|c| matches!(c.method_name(), Some("close" | "aclose")))
        .any(|c| {
            let text = match c.scope {
                Some(id) => model.slice(model.scopes.function(id).def.range()),
                None => model.slice(c.stmt.range()),
            };
            names(text, registry)
        })
}

/// `text` holds `name` as a whole identifier.
fn names(text: &str, name: &str) -> bool {
    let ident = |ch: char| ch.is_alphanumeric() || ch == '_';
    text.match_indices(name).any(|(i, _)| {
        !text[..i].chars().next_back().is_some_and(ident)
            && !text[i + name.len()..].chars().next().is_some_and(ident)
    })
}
