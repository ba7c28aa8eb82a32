//! A throw-away SQLAlchemy engine: a function builds `create_engine(<SQLite
//! file URL>)` (itself or through a helper of the module that returns one),
//! uses it (`MetaData().reflect(engine)`, `inspect(engine)`,
//! `engine.connect()`), and never calls `engine.dispose()`. The engine's pool
//! keeps the sqlite3 connection it opened after the function returns, one more
//! per call, each with its file handle, until the engine is garbage collected
//! (docs/sqlite-facts.md#F-unclosed-lingers).
//!
//! The fix disposes it in a `finally` around its uses. Safe: `dispose()`
//! closes only the pool's idle connections, and the engine stays usable (it
//! opens new ones on demand), so nothing after it can break. Left alone: an
//! engine that leaves the function (returned, stored, captured, handed to a
//! call that may keep it), and functions that run once per process.

use ruff_python_ast::{Expr, Stmt};
use ruff_text_size::{Ranged, TextRange};

use super::super::{Context, Meta};
use crate::finding::Finding;
use crate::fix::{Edit, Fix, codegen};
use crate::semantic::model::{Call, Callee, Model};
use crate::semantic::sqlite_urls::{UrlKind, url_kind};
use crate::semantic::uses::{UseKind, uses_of_name};
use crate::semantic::{dead_functions, entry_points};

/// Calls that use an engine handed to them and keep nothing of it.
const BORROWING: &[&str] = &[
    "reflect",
    "inspect",
    "create_all",
    "drop_all",
    "read_sql",
    "read_sql_query",
    "read_sql_table",
    "to_sql",
];

fn is_create_engine(call: &Call<'_>) -> bool {
    matches!(
        call.qualified(),
        Some("sqlalchemy.create_engine" | "sqlalchemy.engine.create_engine")
    )
}

/// `create_engine(<url>)` on a SQLite file the code spells.
fn sqlite_engine(model: &Model<'_>, call: &Call<'_>) -> bool {
    is_create_engine(call)
        && call.argument(0, "url").is_some_and(|url| {
            url_kind(model, url, call.scope, call.range().start()) == UrlKind::SqliteFile
        })
}

/// Module-level functions of this module that return a SQLite engine they build.
fn engine_makers(model: &Model<'_>) -> Vec<String> {
    model
        .calls
        .iter()
        .filter(|c| sqlite_engine(model, c))
        .filter_map(|c| {
            let scope = c.scope?;
            let function = model.scopes.function(scope);
            let returned = matches!(c.stmt, Stmt::Return(r) if r.value.as_deref().is_some_and(|v| v.range() == c.range()));
            (returned && function.parent.is_none() && function.class.is_none())
                .then(|| function.name().to_string())
        })
        .collect()
}

pub fn check(meta: &'static Meta, ctx: &Context<'_, '_>, out: &mut Vec<Finding>) {
    let model = ctx.model;
    if !model.text.contains("create_engine") {
        return;
    }
    let makers = engine_makers(model);
    for call in &model.calls {
        let made = sqlite_engine(model, call)
            || matches!(&call.callee, Callee::Local(n) if makers.contains(n));
        if !made || call.parent.is_some() {
            continue;
        }
        let Some(scope) = call.scope else {
            continue;
        };
        let Stmt::Assign(assign) = call.stmt else {
            continue;
        };
        let [Expr::Name(target)] = assign.targets.as_slice() else {
            continue;
        };
        if assign.value.range() != call.range() {
            continue;
        }
        let name = target.id.as_str();
        let function = model.scopes.function(scope);
        if function.is_generator() || model.is_global_in(Some(scope), name) {
            continue;
        }
        let body = &function.def.body;
        let uses = uses_of_name(body, name);
        let kept = uses.is_empty()
            || uses.iter().any(|u| match &u.kind {
                UseKind::MethodCall(m) | UseKind::AttributeRead(m) => m == "dispose",
                UseKind::AttributeStore | UseKind::Test => false,
                UseKind::Argument { call, .. } => !borrows(model, *call),
                _ => true,
            });
        let assigned_twice = model
            .assignments_of(Some(scope), name)
            .iter()
            .filter(|a| a.scope == Some(scope))
            .count()
            > 1;
        if kept
            || assigned_twice
            || entry_points::runs_once(model, Some(scope), call.range().start())
            || ctx
                .project
                .index
                .import_graph()
                .is_some_and(|g| dead_functions::runs_once_per_process(model, g, scope))
        {
            continue;
        }
        let what = match &call.callee {
            Callee::Local(n) => format!("`{n}()`"),
            _ => "`create_engine()`".to_string(),
        };
        let message = format!(
            "{what} builds a SQLite engine on every call of `{}` and never disposes it: its pool keeps the sqlite3 connection it opened, with the file handle, after the function returns (docs/sqlite-facts.md#F-unclosed-lingers)",
            function.name()
        );
        let finding = Finding::new(meta, call.range(), message);
        match dispose_edit(model, call.stmt, name, &uses) {
            Some(edit) => out.push(finding.with_fix(Fix::safe(
                format!("Dispose it when done: `try:` ... `finally: {name}.dispose()`"),
                vec![edit],
            ))),
            None => out.push(finding.with_note(format!(
                "call `{name}.dispose()` in a `finally` after its last use"
            ))),
        }
    }
}

fn borrows(model: &Model<'_>, call: TextRange) -> bool {
    model.call_at(call).is_some_and(|c| {
        let name = match &c.callee {
            Callee::Method { name, .. } => name.as_str(),
            Callee::Qualified(q) => q.rsplit('.').next().unwrap_or(q),
            Callee::Local(n) => n.as_str(),
            _ => "",
        };
        BORROWING.contains(&name)
    })
}

/// The statements after the assignment, up to the one holding the last use,
/// in `try:` / `finally: <name>.dispose()`.
fn dispose_edit(
    model: &Model<'_>,
    assign: &Stmt,
    name: &str,
    uses: &[crate::semantic::uses::NameUse],
) -> Option<Edit> {
    let text = model.text;
    let (suite, index) = codegen::enclosing_suite(model.suite, assign.range())?;
    let last_use = uses.iter().map(|u| u.range.end()).max()?;
    let rest = &suite[index + 1..];
    let end = rest
        .iter()
        .position(|s| s.range().contains(last_use) || s.end() == last_use)?;
    let covered = &rest[..=end];
    let (first, last) = (covered.first()?, covered.last()?);
    if !codegen::owns_lines(text, first) || !codegen::owns_lines(text, last) {
        return None;
    }
    let dispose = format!("{name}.dispose()");
    Some(codegen::wrap_in_try(
        model,
        first,
        last,
        "finally",
        &[&dispose],
    ))
}
