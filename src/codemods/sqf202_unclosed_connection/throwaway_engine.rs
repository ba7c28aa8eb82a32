//! A throw-away SQLAlchemy engine: a function builds `create_engine(<SQLite
//! file URL>)` (itself or through a helper of the module that returns one),
//! uses it (`MetaData().reflect(engine)`, `inspect(engine)`,
//! `engine.connect()`), and never calls `engine.dispose()`. The engine's pool
//! keeps the sqlite3 connection it opened after the function returns, one more
//! per call, each with its file handle, until the engine is garbage collected
//! (docs/sqlite-facts.md#F-unclosed-lingers). A URL known only at run time
//! counts when the project's engines are likely SQLite (semantic::sync_orm), no
//! URL test around the call rules it out, and the module calls the function
//! inside a loop: an ingest loop's per-file
//! `engine = create_engine(url); con = engine.connect()` runs out of file
//! descriptors ("Too many open files"), reported at Medium confidence. A
//! connection checked out with `engine.connect()` is not closed by `dispose()`:
//! the note says to close it too.
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

/// `create_engine(<url>)` on a SQLite file the code spells, or (`likely`: the
/// project's engines are likely SQLite, semantic::sync_orm) on a URL known
/// only at run time that no URL test around it rules out.
fn sqlite_engine(model: &Model<'_>, call: &Call<'_>, likely: bool) -> bool {
    is_create_engine(call)
        && call.argument(0, "url").is_some_and(|url| {
            match url_kind(model, url, call.scope, call.range().start()) {
                UrlKind::SqliteFile => true,
                UrlKind::Other => false,
                UrlKind::Unknown => {
                    likely
                        && crate::semantic::url_branches::backend_at(
                            model,
                            call.scope,
                            call.range(),
                        ) != Some(false)
                }
            }
        })
}

/// Module-level functions of this module that return a SQLite engine they build.
fn engine_makers(model: &Model<'_>, likely: bool) -> Vec<String> {
    model
        .calls
        .iter()
        .filter(|c| sqlite_engine(model, c, likely))
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
    // An ingest loop's `engine = create_engine(url); con = engine.connect()`
    // per file, with the URL passed in: SQLite when the project's engines are.
    let likely = ctx.project.orm_sqlite().is_some();
    let makers = engine_makers(model, likely);
    for call in &model.calls {
        let made = sqlite_engine(model, call, likely)
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
                UseKind::Argument { call, .. } => {
                    !borrows(model, *call) && local_session_factory(model, body, *call).is_none()
                }
                _ => true,
            });
        // Bound into a session factory the function keeps to itself: the
        // sessions check connections out of the engine's pool after the
        // engine's own last use, so the `finally` goes after theirs.
        let factory = uses.iter().find_map(|u| match &u.kind {
            UseKind::Argument { call, .. } => local_session_factory(model, body, *call),
            _ => None,
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
        let spelled = call.argument(0, "url").is_some_and(|url| {
            url_kind(model, url, call.scope, call.range().start()) == UrlKind::SqliteFile
        });
        let runtime_url = !spelled && !matches!(&call.callee, Callee::Local(_));
        // A URL known only at run time is reported where the pile-up shows:
        // the function is called once per item of a loop of this module, or
        // it makes its own session factory on the engine each call (a store's
        // `save()`: engine, sessionmaker, session, commit, per record).
        if runtime_url && factory.is_none() && !called_in_loop(model, function.name()) {
            continue;
        }
        let mut finding = Finding::new(meta, call.range(), message);
        let mut notes = Vec::new();
        if runtime_url {
            finding = finding.with_confidence(crate::finding::Confidence::Medium);
            notes.push(
                "the URL is known only at run time; the project's other engines say it is likely SQLite"
                    .to_string(),
            );
        }
        if let Some(con) = checked_out(model, &uses) {
            notes.push(format!(
                "`dispose()` closes only the pool's idle connections: close `{con}` too (`with {name}.connect() as {con}:`), or pass one engine and connection in from the caller"
            ));
        }
        if let Some(factory) = &factory {
            notes.push(format!(
                "its sessions come from `{factory}`, made on the same call: build the engine and the session factory once (at module level or in the constructor), or call `{name}.dispose()` in a `finally` after the last session is closed"
            ));
        }
        match dispose_edit(model, call.stmt, name, &uses).filter(|_| factory.is_none()) {
            Some(edit) => {
                finding = finding.with_fix(Fix::safe(
                    format!("Dispose it when done: `try:` ... `finally: {name}.dispose()`"),
                    vec![edit],
                ));
            }
            None => notes.push(format!(
                "call `{name}.dispose()` in a `finally` after its last use"
            )),
        }
        if !notes.is_empty() {
            finding = finding.with_note(notes.join("; "));
        }
        out.push(finding);
    }
}

/// Whether the module calls the function `name` inside a `for` or `while` loop.
fn called_in_loop(model: &Model<'_>, name: &str) -> bool {
    model.calls.iter().any(|c| {
        matches!(&c.callee, Callee::Local(n) if n == name)
            && !crate::semantic::loops::enclosing_loops(model.suite, c.range()).is_empty()
    })
}

/// The local holding `engine.connect()`, a connection checked out of the
/// pool that disposing the engine does not close.
fn checked_out(model: &Model<'_>, uses: &[crate::semantic::uses::NameUse]) -> Option<String> {
    uses.iter().find_map(|u| {
        if !matches!(&u.kind, UseKind::MethodCall(m) if m == "connect") {
            return None;
        }
        let call = model
            .calls
            .iter()
            .filter(|c| c.range().contains_range(u.range))
            .min_by_key(|c| c.range().len())?;
        match call.stmt {
            Stmt::Assign(a) if a.value.range() == call.range() => match a.targets.as_slice() {
                [Expr::Name(n)] => Some(n.id.to_string()),
                _ => None,
            },
            _ => None,
        }
    })
}

/// Session factories and sessions bound to an engine: `sessionmaker(bind=engine)`,
/// `Session(engine)`.
const SESSION_MAKERS: &[&str] = &[
    "sqlalchemy.orm.sessionmaker",
    "sqlalchemy.orm.session.sessionmaker",
    "sqlalchemy.orm.Session",
    "sqlalchemy.orm.session.Session",
    "sqlmodel.Session",
];

/// The call at `call` makes a session factory or session on the engine, bound
/// to a local of `body` that never leaves the function (not returned, yielded,
/// stored, captured or set on an object): its name. Handed to a helper
/// (`next(get_db(session_class))`) it makes sessions for this call only.
fn local_session_factory(model: &Model<'_>, body: &[Stmt], call: TextRange) -> Option<String> {
    let made = model.call_at(call)?;
    if !made
        .qualified()
        .is_some_and(|q| SESSION_MAKERS.contains(&q))
    {
        return None;
    }
    let Stmt::Assign(assign) = made.stmt else {
        return None;
    };
    let ([Expr::Name(target)], true) = (
        assign.targets.as_slice(),
        assign.value.range() == made.range(),
    ) else {
        return None;
    };
    let name = target.id.as_str();
    let leaves = uses_of_name(body, name).iter().any(|u| {
        matches!(
            u.kind,
            UseKind::Returned
                | UseKind::Yielded
                | UseKind::Stored
                | UseKind::Captured
                | UseKind::AttributeStore
        )
    });
    (!leaves && !model.is_global_in(made.scope, name)).then(|| name.to_string())
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
