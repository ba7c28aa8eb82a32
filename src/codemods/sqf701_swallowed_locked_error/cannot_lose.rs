//! When a swallowed `OperationalError` around a write cannot be a write lost to
//! "database is locked", or losing it is the design. SQF701 requires all three:
//!
//! 1. The error can be `SQLITE_BUSY`: something else uses the database at the
//!    same time (the project's second party). Test and benchmark modules,
//!    startup-only migrations and programs with one connection on one thread
//!    (an event-loop app that starts no thread or process) have none.
//! 2. The try body's first write can be where the transaction takes the write
//!    lock. After an earlier write on the same connection (no commit between),
//!    the lock is held: later statements of that transaction do not wait for
//!    it, so their `except` is there for a missing table or extension. The
//!    first such write is the one reported; a commit inside the body can still
//!    be busy (a rollback journal waits for readers there), so it keeps it.
//!    And something can hold the lock longer than the busy timeout
//!    (`long_holder`): one-statement writes committed at once, among the
//!    program's own threads, never make a writer wait that long.
//! 3. Swallowing loses something the code relies on: a handler, the function
//!    or the module that says the work is best-effort (telemetry, "must never
//!    break the caller", fire-and-forget) chose to lose it; and a write that
//!    only stores, refreshes or expires cache entries loses nothing the next
//!    lookup cannot recompute.

use ruff_python_ast::{ExceptHandler, Stmt, StmtTry};
use ruff_text_size::{Ranged, TextRange, TextSize};

use super::super::Context;
use crate::semantic::connections::{self, ConnKey};
use crate::semantic::databases;
use crate::semantic::effects;
use crate::semantic::model::{Call, Model};
use crate::semantic::paths;
use crate::semantic::scopes::FuncId;
use crate::semantic::second_party::{self, SecondParty};

/// The database file (as `databases` names it) of the connection `conn` (the
/// receiver's text) opened in this module: `self.conn` of the enclosing class,
/// a module-level or global name, or a local. `None` when the module does not
/// open it (a parameter, an import) or cannot name the file.
pub fn database_of(ctx: &Context<'_, '_>, scope: Option<FuncId>, conn: &str) -> Option<String> {
    let model = ctx.model;
    let key = conn_key(ctx.model, scope, conn)?;
    let mut ids = ctx
        .sites()
        .iter()
        .filter(|s| connections::key_of(model, s).as_ref() == Some(&key))
        .map(|s| databases::identity_of_connect(model, s.call));
    let first = ids.next()??;
    // Every site that fills the name opens the same file.
    ids.all(|id| id.as_deref() == Some(first.as_str()))
        .then_some(first)
}

/// Whether the connection `conn` (the receiver's text, or a cursor kept on
/// `self` or in a global that one of its connections made) is one this module
/// opens, every time, on a private in-memory database
/// (semantic/private_memory.rs): no other connection can open that database,
/// so none can hold a lock on it (docs/sqlite-facts.md#F-private-memory).
pub fn private_memory_of(ctx: &Context<'_, '_>, scope: Option<FuncId>, conn: &str) -> bool {
    let model = ctx.model;
    let opened_in_memory = |conn: &str| {
        let Some(key) = conn_key(model, scope, conn) else {
            return false;
        };
        let mut sites = ctx
            .sites()
            .iter()
            .filter(|s| connections::key_of(model, s).as_ref() == Some(&key))
            .peekable();
        sites.peek().is_some()
            && sites.all(|s| {
                s.driver == connections::Driver::Sqlite3
                    && crate::semantic::private_memory::opens_private_memory(model, s.call)
            })
    };
    if opened_in_memory(conn) {
        return true;
    }
    // A cursor attribute: every assignment of it is `<conn>.cursor()` on such
    // a connection.
    let Some(key) = conn_key(model, scope, conn) else {
        return false;
    };
    let sources = cursor_sources(model, &key);
    !sources.is_empty() && sources.iter().all(|c| opened_in_memory(c))
}

/// The receivers of the `.cursor()` calls assigned to `key` (a `self`
/// attribute or a global), as text; empty when any assignment is something else.
fn cursor_sources(model: &Model<'_>, key: &ConnKey) -> Vec<String> {
    use crate::semantic::model::Target;
    use ruff_python_ast::Expr;
    let mut out = Vec::new();
    for assignment in &model.assignments {
        let matches_key = match (key, &assignment.target) {
            (ConnKey::SelfAttr { class, attr }, Target::SelfAttr(a)) => {
                a == attr && model.scopes.enclosing_class(assignment.scope) == Some(*class)
            }
            (ConnKey::Global { name }, Target::Name(n)) => {
                n == name
                    && (assignment.scope.is_none() || model.is_global_in(assignment.scope, name))
            }
            _ => false,
        };
        if !matches_key {
            continue;
        }
        match assignment.value {
            Expr::Call(c) => match &*c.func {
                Expr::Attribute(inner) if inner.attr.as_str() == "cursor" => {
                    out.push(model.slice(inner.value.range()).to_string());
                }
                _ => return Vec::new(),
            },
            _ => return Vec::new(),
        }
    }
    out
}

/// The key of the connection `conn` (the receiver's text) names in `scope`.
fn conn_key(model: &Model<'_>, scope: Option<FuncId>, conn: &str) -> Option<ConnKey> {
    Some(if let Some(attr) = conn.strip_prefix("self.") {
        if attr.contains('.') {
            return None;
        }
        ConnKey::SelfAttr {
            class: model.scopes.enclosing_class(scope)?,
            attr: attr.to_string(),
        }
    } else if conn.contains('.') {
        return None;
    } else if scope.is_none()
        || model.is_global_in(scope, conn)
        || model
            .assignments_of(scope, conn)
            .first()
            .is_none_or(|a| a.scope != scope)
    {
        ConnKey::Global {
            name: conn.to_string(),
        }
    } else {
        ConnKey::Local {
            scope,
            name: conn.to_string(),
        }
    })
}

/// Nothing else can hold the lock while this module's code runs: no concrete
/// second party (`second_party::concrete`: an imported thread or web library
/// is none).
pub fn no_second_party(ctx: &Context<'_, '_>) -> bool {
    let path = ctx.model.path;
    paths::is_test_module(path)
        || is_benchmark(path)
        || second_party::is_startup_only(path)
        || matches!(ctx.pragma_party(), SecondParty::None(_))
}

/// What can hold the write lock for longer than a writer here waits: another
/// process on the file, or code of the program whose transaction spans slow
/// work, a batch, a deferred `BEGIN`, a `timeout=0` connection or an ORM
/// session (lock_holders.rs, project_lock_holders.rs). `None` when the program's only concurrency is its
/// own threads (or tasks) and every one of its writes is one statement
/// committed at once: another writer then waits milliseconds, inside the 5 s
/// busy timeout (docs/sqlite-facts.md#F-short-writers), and no lock error
/// reaches the handler. `Some("")` when the code's callers are not in view (a
/// library): they may hold it for any time.
pub fn long_holder(ctx: &Context<'_, '_>) -> Option<String> {
    let view = ctx.project;
    // A library's callers, or a project that opens no connection of its own
    // (its callers hand them in): their transactions are out of view.
    struct OpensOne;
    let opens_none =
        !crate::semantic::facts::any_module::<OpensOne>(view, |m| !m.facts.openers.is_empty());
    // The project-wide party (imports too) decides whether the callers are out
    // of view; the concrete one has already said that someone is there.
    if opens_none || !matches!(ctx.second_party(), SecondParty::Known(_)) {
        return Some(String::new());
    }
    crate::semantic::sole_connection::several_processes(view)
        .or_else(|| second_party::other_program(view))
        .or_else(|| crate::semantic::project_lock_holders::in_project(view))
}

/// `benchmarks/`, `bench/`: measurement scripts on throwaway databases.
fn is_benchmark(path: &std::path::Path) -> bool {
    path.iter().any(|part| {
        let part = part.to_string_lossy().to_ascii_lowercase();
        matches!(part.as_str(), "bench" | "benchmark" | "benchmarks")
            || (part.starts_with("bench_") && part.ends_with(".py"))
    })
}

/// An earlier write of the function on `conn`, with no commit after it, holds
/// the write lock when the try starts; and the try itself does not commit.
pub fn lock_already_held(
    model: &Model<'_>,
    scope: Option<FuncId>,
    try_start: TextSize,
    body: TextRange,
    conn: &str,
    connection_of: impl Fn(&Call<'_>) -> Option<String>,
) -> bool {
    let commits_inside = model.calls.iter().any(|c| {
        c.scope == scope && body.contains_range(c.range()) && effects::is_commit(model, c)
    });
    !commits_inside && earlier_uncommitted_write(model, scope, try_start, conn, connection_of)
}

/// The last write or commit on `conn` before `before` in `scope` is a write.
pub fn earlier_uncommitted_write(
    model: &Model<'_>,
    scope: Option<FuncId>,
    before: TextSize,
    conn: &str,
    connection_of: impl Fn(&Call<'_>) -> Option<String>,
) -> bool {
    model
        .calls
        .iter()
        .filter(|c| c.scope == scope && c.range().end() <= before)
        .filter(|c| effects::sql_write(model, c).is_some() || effects::is_commit(model, c))
        .rfind(|c| connection_of(c).as_deref() == Some(conn))
        .is_some_and(|last| effects::sql_write(model, last).is_some())
}

/// Words by which code says its failures are meant to be dropped.
const BEST_EFFORT: &[&str] = &[
    "best-effort",
    "best effort",
    "telemetry",
    "fire-and-forget",
    "fire and forget",
    "never break",
    "never fail",
    "must never",
    "must not break",
    "must not fail",
    "non-fatal",
    "nonfatal",
    "non-critical",
];

/// The handler (with its comments), the comment lines just above the try, the
/// enclosing function's docstring or the module's docstring says the work is
/// best-effort.
pub fn documented_best_effort(
    model: &Model<'_>,
    scope: Option<FuncId>,
    stmt: &Stmt,
    try_stmt: &StmtTry,
) -> bool {
    let text = model.text;
    let says = |s: &str| {
        let s = s.to_ascii_lowercase();
        BEST_EFFORT.iter().any(|w| s.contains(w))
    };
    let handlers = try_stmt.handlers.iter().any(|h| {
        let ExceptHandler::ExceptHandler(h) = h;
        let end = text[h.end().to_usize()..]
            .find('\n')
            .map_or(text.len(), |i| h.end().to_usize() + i);
        says(&text[h.start().to_usize()..end])
    });
    let line_start = text[..stmt.start().to_usize()]
        .rfind('\n')
        .map_or(0, |i| i + 1);
    let above = text[..line_start]
        .lines()
        .rev()
        .take_while(|l| l.trim_start().starts_with('#'))
        .any(says);
    let docstring = |body: &[Stmt]| {
        body.first().is_some_and(|s| {
            matches!(s, Stmt::Expr(e) if e.value.is_string_literal_expr())
                && says(model.slice(s.range()))
        })
    };
    let function = scope.is_some_and(|id| docstring(&model.scopes.function(id).def.body));
    handlers || above || function || docstring(model.suite)
}

/// Every write of the try stores, refreshes or expires cache entries: a
/// statement on a table named as a cache (`search_cache`, `cache_entries`) or
/// through a connection to a cache file (`cache.db`, `self.cache_conn`), or a
/// call of a project helper named for a cache (`self.cache.put(...)`,
/// `save_to_cache(...)`, a method of `ResponseCache`). Losing it costs one
/// recomputation, or one refetch when the try exists for the network calls
/// beside it. A write the source cannot name, or a helper of another name,
/// keeps the finding.
pub fn only_cache_writes(
    ctx: &Context<'_, '_>,
    scope: Option<FuncId>,
    direct: &[&&Call<'_>],
    helpers: &[&&Call<'_>],
) -> bool {
    let model = ctx.model;
    let says_cache = |s: &str| s.to_ascii_lowercase().contains("cache");
    let direct_cache = |c: &Call<'_>| {
        effects::written_table(model, c).is_some_and(|t| !t.contains('\u{0}') && says_cache(&t))
            || super::connection_of(model, scope, c).is_some_and(|conn| {
                says_cache(&conn)
                    || database_of(ctx, scope, &conn).is_some_and(|db| says_cache(&db))
            })
    };
    let helper_cache = |c: &Call<'_>| {
        says_cache(model.slice(c.expr.func.range()))
            || ctx
                .project
                .function(model, c)
                .is_some_and(|(_, f)| says_cache(&f.qualname))
    };
    (!direct.is_empty() || !helpers.is_empty())
        && direct.iter().all(|c| direct_cache(c))
        && helpers.iter().all(|c| helper_cache(c))
}
