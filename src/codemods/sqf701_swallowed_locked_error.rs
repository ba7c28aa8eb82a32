//! SQF701 swallowed-locked-error: `except sqlite3.OperationalError: pass` (or
//! `sqlite3.Error`, `Exception`, a bare `except`) around a write, with a handler
//! that only passes, continues or logs the message. A handler that logs the
//! traceback (`logger.exception`, `exc_info=True`) reports the failure on purpose
//! and is left alone.
//!
//! A "database is locked" error then drops the write: the request reports success
//! and the row is missing. Only try blocks that run an INSERT/UPDATE/DELETE (on a
//! connection, or through a project function that writes) count, so the usual
//! deliberate probes are left alone: `ALTER TABLE ... ADD COLUMN` or `CREATE`
//! migrations with `except OperationalError: pass`, SELECTs from `sqlite_master`
//! or PRAGMAs, and handlers that look at the error (`if "no such table" in str(e)`)
//! or do anything beyond logging.
//!
//! A write inside a library counts too: a write-named method (`add`, `save`,
//! `upsert`) on an object built from a class that is not the project's, when
//! its construction says SQLite (semantic/library_sqlite.rs), such as
//! `await memory.add(...)` on a memory store whose config names a `.db` file.
//! Around such a library write, a handler that ends by returning a plain
//! failure value (`return False`) swallows as well: the caller learns
//! "failed", never "busy". That is advice only (its retry belongs around the
//! call).
//!
//! A write inside a project function counts only when its error can reach this
//! handler (`effects::write_error_escapes`): a helper that catches its own
//! database errors keeps them, and its own `try` is where they are judged.
//!
//! Reported only where the loss is real (cannot_lose.rs): something else can
//! hold the lock (the project's second party; not tests, benchmarks, migrations
//! or a one-connection event-loop app), the try's first write can be the one
//! that takes the write lock (no earlier uncommitted write on the connection),
//! and the code does not document the work as best-effort (telemetry, "must
//! never break the caller").
//!
//! A lock error also needs a second connection to the write's file
//! (F-busy-needs-two): threads sharing one connection never get one. A write
//! on a connection (or a cursor kept beside it) that this module opens on a
//! private in-memory database (`:memory:`, semantic/private_memory.rs) has
//! none, whatever runs beside it: no other connection can open that
//! database (F-private-memory), so nothing is reported. When the
//! write's database (or, if the source cannot name it, every database of the
//! project) has one connection opened once per process and no other process of
//! the project opens it (sole_connection.rs), nothing is reported; otherwise
//! the message names the second connection it relies on.
//!
//! The fix (unsafe) turns the block into a bounded retry: up to 5 attempts with
//! exponential backoff (50 ms doubling) on "locked" errors, rolling the
//! connection back before each retry; other errors and the last locked error are
//! raised. Offered when the writes go through one connection with no earlier
//! uncommitted write of the function (a rollback would drop it), the try has one
//! handler and no `else`/`finally`, and its body does not break out of a loop
//! around it. Not offered when a broad handler (`except Exception`) also guards
//! other work in the block (a file removal: narrowed, its failure would abort a
//! whole cleanup loop), nor when the write goes through a cursor whose connection
//! cannot be named (cursors have no `rollback()`).
//!
//! Nor when nothing can hold the lock longer than a writer waits
//! (cannot_lose.rs `long_holder`, semantic/lock_holders.rs): a program whose
//! only concurrency is threads of its own, every write one statement
//! committed at once with a pause between writes as a program has, with the
//! default 5 s busy timeout, lets no lock error reach the handler (measured up
//! to sixteen such writers, docs/sqlite-facts.md#F-short-writers; writers
//! back to back in a tight loop can starve one another, a shape no handler
//! of a program's occasional write meets). It needs
//! another process on the file, or a transaction that spans slow work (network
//! I/O, sleeps), a batch committed after its loop, a deferred `BEGIN` (its
//! read-then-write fails at once), a `timeout=0` connection, or an ORM's
//! sessions. A library, whose callers are out of view, is still reported.
//!
//! Nor when every write of the try goes to a cache: a table, a connection or a
//! file named for one, or a project helper named for one (`cache.put(...)`, a
//! method of `ResponseCache`): a lost entry is a miss that the next lookup
//! recomputes or refetches. A catch-all around network calls that also stores
//! the response in such a cache is there for the network; one around a write
//! that records state stays reported.
//!
//! Nor when every connection of the program waits 20 s or more for a lock
//! (lock_wait.rs) and nothing in it, or in another program on the file, holds
//! the write lock that long (a transaction across slow work, a waiting batch
//! loop, a deferred `BEGIN`). The message says which makes the error
//! plausible: the shortest wait, or the writer that outlasts a long one.
//!
//! A `@contextmanager` that takes the write lock and catches the caller's
//! errors at its `yield` without raising them again swallows every error of
//! the `with` block (swallowing_lock.rs).
//!
//! Nor around a write that a `while True:` loop retries until it commits
//! (semantic/retry_until_commit.rs): one statement, the only write of its
//! transaction, and a handler that only logs or sleeps before the next turn.
//! There is no last attempt, so nothing is lost. A loop that counts its
//! attempts, or whose transaction holds an earlier write, is still reported.
//!
//! Not reported in start-up code (check/scope.rs with semantic/startup.rs): an
//! `on_ready` listener, a `post_init` hook, or the code of a `main()` before it
//! starts the server, the bot or its threads. Nothing else holds the lock yet.

use ruff_python_ast::{self as ast, ExceptHandler, Expr, Stmt};
use ruff_text_size::{Ranged, TextRange};

use super::{Codemod, Context};
use crate::finding::Finding;
use crate::fix::{Edit, Fix, codegen};
use crate::semantic::effects;
use crate::semantic::library_sqlite;
use crate::semantic::model::{Call, Model};
use crate::semantic::retry_until_commit;
use crate::semantic::scopes::FuncId;
use crate::semantic::sole_connection;
use crate::semantic::visit;

mod cannot_lose;
mod lock_statement;
mod lock_wait;
mod retry_loop;
mod swallowing_lock;

pub struct SwallowedLockedError;

const ATTEMPTS: u32 = 5;

impl Codemod for SwallowedLockedError {
    crate::codemod_meta!("SQF701-swallowed-locked-error");

    fn check(&self, ctx: &Context<'_, '_>, out: &mut Vec<Finding>) {
        let model = ctx.model;
        if cannot_lose::no_second_party(ctx) {
            return;
        }
        // One connection per database, in one process: nothing can hold a lock
        // this code waits for (docs/sqlite-facts.md#F-busy-needs-two).
        let Some(anywhere) = sole_connection::second_connection(ctx.project, None) else {
            return;
        };
        // Short writers among the program's own threads: no writer waits out
        // the busy timeout (docs/sqlite-facts.md#F-short-writers).
        let Some(holder) = cannot_lose::long_holder(ctx) else {
            return;
        };
        // Every connection waits 30 s and nothing holds the lock that long
        // (lock_wait.rs).
        let Some(wait) = lock_wait::plausible(ctx) else {
            return;
        };
        let mut tries: Vec<&Stmt> = Vec::new();
        collect_tries(model.suite, &mut tries);
        let mut reported = Vec::new();
        for stmt in tries {
            if let Some(finding) = check_try(self, ctx, stmt, &anywhere, &holder, &wait) {
                reported.push(stmt.range());
                out.push(finding);
            }
        }
        retry_loop::check(self.meta(), ctx, &reported, out);
        swallowing_lock::check(self.meta(), ctx, &anywhere, out);
    }
}

/// The first write of the statements in `body_range` of `scope`: a statement
/// that writes, or a call of a project function that does.
fn first_write(
    ctx: &Context<'_, '_>,
    scope: Option<FuncId>,
    body_range: TextRange,
) -> Option<TextRange> {
    let model = ctx.model;
    let calls: Vec<&Call<'_>> = model
        .calls
        .iter()
        .filter(|c| c.scope == scope && !c.in_lambda && body_range.contains_range(c.range()))
        .collect();
    calls
        .iter()
        .find(|c| effects::sql_write(model, c).is_some())
        .or_else(|| {
            calls
                .iter()
                .find(|c| effects::write_error_escapes(ctx.project, model, c))
        })
        .map(|c| c.range())
}

fn collect_tries<'a>(suite: &'a [Stmt], out: &mut Vec<&'a Stmt>) {
    for stmt in suite {
        if matches!(stmt, Stmt::Try(_)) {
            out.push(stmt);
        }
        for body in crate::semantic::visit::child_suites(stmt) {
            collect_tries(body, out);
        }
    }
}

fn check_try(
    codemod: &SwallowedLockedError,
    ctx: &Context<'_, '_>,
    stmt: &Stmt,
    anywhere: &str,
    holder: &str,
    wait: &str,
) -> Option<Finding> {
    let model = ctx.model;
    let Stmt::Try(try_stmt) = stmt else {
        return None;
    };
    let scope = model.scopes.function_at(stmt.start());
    let quiet = |h: &&ast::ExceptHandlerExceptHandler| {
        catches_sqlite_errors(model, scope, h.type_.as_deref())
            && !reports_traceback(model, scope, &h.body)
    };
    let handlers = || {
        try_stmt.handlers.iter().map(|h| {
            let ExceptHandler::ExceptHandler(h) = h;
            h
        })
    };
    // `while True:` retrying one statement (or a commit) until it commits:
    // there is no last attempt to lose (semantic/retry_until_commit.rs).
    if retry_until_commit::retried(model, try_stmt).is_some() {
        return None;
    }
    let body_range = TextRange::new(try_stmt.body.first()?.start(), try_stmt.body.last()?.end());
    let Some(handler) = handlers().find(|h| quiet(h) && swallows(model, scope, &h.body)) else {
        // A handler that returns nothing around a read that switches the
        // journal (lock_statement.rs).
        let handler = handlers().find(|h| {
            quiet(h)
                && lock_statement::returns_nothing(&h.body, |s| {
                    matches!(s, Stmt::Expr(e) if matches!(&*e.value, Expr::Call(c) if is_log_call(model, scope, c)))
                })
        })?;
        return lock_statement_finding(
            codemod, ctx, scope, stmt, try_stmt, handler, body_range, anywhere, wait,
        );
    };
    let calls: Vec<&Call<'_>> = model
        .calls
        .iter()
        .filter(|c| c.scope == scope && !c.in_lambda && body_range.contains_range(c.range()))
        .collect();
    let direct: Vec<&&Call<'_>> = calls
        .iter()
        .filter(|c| effects::sql_write(model, c).is_some())
        .collect();
    // A helper that catches its own write's errors keeps a lock error from
    // ever reaching this handler.
    let helpers: Vec<&&Call<'_>> = calls
        .iter()
        .filter(|c| effects::write_error_escapes(ctx.project, model, c))
        .collect();
    let via_helper = helpers.first();
    // `await memory.add(...)` on a library object whose construction says it
    // keeps its data in SQLite: the write is inside the library, its lock
    // error comes out here.
    let library: Vec<(&&Call<'_>, (String, String))> = if direct.is_empty() && helpers.is_empty() {
        calls
            .iter()
            .filter_map(|c| library_sqlite::write_through(model, ctx.project, c).map(|w| (c, w)))
            .collect()
    } else {
        Vec::new()
    };
    // A handler that ends by returning a failure value counts only around a
    // library's write. Around the project's own writes it widened the rule
    // past what the wait gate can judge: the gate takes the program's shortest
    // wait (a recovery script's 5 s) for every connection's, and one held-out
    // app whose connections all wait 30 s gained 72 findings.
    if library.is_empty()
        && !(direct.is_empty() && helpers.is_empty())
        && handler.body.iter().any(|s| matches!(s, Stmt::Return(_)))
    {
        return None;
    }
    let Some(first) = direct
        .first()
        .map(|c| c.range())
        .or(via_helper.map(|c| c.range()))
        .or(library.first().map(|(c, _)| c.range()))
    else {
        return lock_statement_finding(
            codemod, ctx, scope, stmt, try_stmt, handler, body_range, anywhere, wait,
        );
    };
    if creates_first(model, &calls, first) {
        return None;
    }
    if let Some(conn) = direct.first().and_then(|c| connection_of(model, scope, c))
        && cannot_lose::lock_already_held(model, scope, stmt.start(), body_range, &conn, |c| {
            connection_of(model, scope, c)
        })
    {
        return None;
    }
    let library_calls: Vec<&&Call<'_>> = library.iter().map(|(c, _)| *c).collect();
    if cannot_lose::documented_best_effort(model, scope, stmt, try_stmt)
        || cannot_lose::only_cache_writes(
            ctx,
            scope,
            &direct,
            if library.is_empty() {
                &helpers
            } else {
                &library_calls
            },
        )
    {
        return None;
    }
    let second = second_connection_of(ctx, scope, direct.first().map(|c| **c), anywhere)?;
    let caught = caught_by(model, handler);
    let through = library
        .first()
        .map(|(_, (object, evidence))| {
            format!(" through `{object}`, a library object that writes SQLite ({evidence})")
        })
        .unwrap_or_default();
    let mut message = format!(
        "A \"database is locked\" error on this write{through} is swallowed ({caught} is caught and only {}): the write is silently lost when another connection holds the lock, here {second}",
        what_handler_does(model, scope, &handler.body)
    );
    if !holder.is_empty() && holder != second {
        message.push_str(&format!("; a lock can outlast the busy timeout: {holder}"));
    }
    if !wait.is_empty() {
        message.push_str(&format!("; {wait}"));
    }
    let finding = Finding::new(codemod.meta(), first, message);
    let broader = handler
        .type_
        .as_deref()
        .is_none_or(|t| model.resolve(t, scope).as_deref() != Some("sqlite3.OperationalError"));
    let mut note = "errors that were swallowed now propagate (other OperationalErrors at once, a lock error after the last attempt): callers, or a loop around this block, must handle them; the block runs again on a lock error, so it must not have side effects besides the database".to_string();
    if broader {
        note.push_str(&format!(
            "; {caught} also ignored errors that are not about locking (constraint violations, bugs): catch the expected ones explicitly, e.g. `sqlite3.IntegrityError` for duplicates"
        ));
    }
    if let Some((_, (object, _))) = library.first() {
        return Some(finding.with_note(format!(
            "the write happens inside `{object}`'s library: retry the call on a \"database is locked\" error with a short backoff, or let the error out so the caller can tell a busy database from a failure"
        )));
    }
    if handler.body.iter().any(|s| matches!(s, Stmt::Return(_))) {
        return Some(finding.with_note(
            "the handler returns a failure value its callers test: retry the write on a \"database is locked\" error (rollback, short backoff) before returning it, or raise so callers can tell a busy database from a bad request"
                .to_string(),
        ));
    }
    match retry_edits(ctx, scope, stmt, try_stmt, &direct, broader) {
        Ok(edits) => Some(
            finding
                .with_fix(Fix::unsafe_(
                    format!("Retry on \"locked\" with backoff ({ATTEMPTS} attempts), raise anything else"),
                    edits,
                ))
                .with_note(note),
        ),
        Err(why) => Some(finding.with_note(why)),
    }
}

/// A try with no write whose block runs a statement that needs a lock (a
/// journal switch, `BEGIN IMMEDIATE`: lock_statement.rs) under a handler
/// that passes or returns nothing. Advice only: what the caller should get
/// instead of "no rows" is the program's choice.
#[allow(clippy::too_many_arguments)]
fn lock_statement_finding(
    codemod: &SwallowedLockedError,
    ctx: &Context<'_, '_>,
    scope: Option<FuncId>,
    stmt: &Stmt,
    try_stmt: &ast::StmtTry,
    handler: &ast::ExceptHandlerExceptHandler,
    body_range: TextRange,
    anywhere: &str,
    wait: &str,
) -> Option<Finding> {
    let model = ctx.model;
    let (call, statement) = model
        .calls
        .iter()
        .filter(|c| c.scope == scope && !c.in_lambda && body_range.contains_range(c.range()))
        .find_map(|c| lock_statement::needs_lock(model, c).map(|s| (c, s)))?;
    // The block reads after it: a bare `try: PRAGMA journal_mode=WAL except:
    // pass` at set-up only leaves the file in its old mode, and nothing reads
    // as missing.
    if !lock_statement::reads_after(model, scope, body_range, call) {
        return None;
    }
    if cannot_lose::documented_best_effort(model, scope, stmt, try_stmt) {
        return None;
    }
    let second = second_connection_of(ctx, scope, Some(call), anywhere)?;
    let caught = caught_by(model, handler);
    let mut message = format!(
        "A \"database is locked\" error on `{statement}` is swallowed ({caught} is caught and the block gives back nothing): this statement needs a lock even though the block only reads, so while another connection uses the file the reads are skipped and the caller sees \"no rows\", here {second}"
    );
    if !wait.is_empty() {
        message.push_str(&format!("; {wait}"));
    }
    let note = if statement.starts_with("PRAGMA") {
        "set the journal mode once where the file is created or at start-up (WAL is stored in the file, docs/sqlite-facts.md#F-wal-persists), not on every open; or let the error out of the block so the caller can tell a lock from a missing row"
    } else {
        "let the lock error out of the block (or retry it), so the caller can tell a lock from a missing row"
    };
    Some(Finding::new(codemod.meta(), call.range(), message).with_note(note))
}

/// The try's first statement before its first write is a `CREATE` without `IF
/// NOT EXISTS`: the handler is there for "table already exists" (every run
/// after the first), and the writes after it run only when the table is new.
fn creates_first(model: &Model<'_>, calls: &[&Call<'_>], first_write: TextRange) -> bool {
    calls
        .iter()
        .filter(|c| c.range().start() <= first_write.start())
        .find_map(|c| crate::semantic::connections::sql_of(model, c))
        .is_some_and(|(kinds, value)| {
            let sql = value.sketch().to_ascii_uppercase();
            kinds.contains(&crate::semantic::sql::SqlKind::Ddl)
                && sql.trim_start().starts_with("CREATE")
                && !sql.contains("IF NOT EXISTS")
        })
}

/// The except clause catches the errors a locked database raises.
fn catches_sqlite_errors(model: &Model<'_>, scope: Option<FuncId>, type_: Option<&Expr>) -> bool {
    effects::catches_database_errors(model, scope, type_)
}

/// A handler whose statements only pass, continue or log, and at most end by
/// returning a plain failure value (`return False`, `return None`): the caller
/// learns that something failed, never that the database was busy.
fn swallows(model: &Model<'_>, scope: Option<FuncId>, body: &[Stmt]) -> bool {
    let last = body.len().saturating_sub(1);
    body.iter().enumerate().all(|(i, s)| match s {
        Stmt::Pass(_) | Stmt::Continue(_) => true,
        Stmt::Return(r) => i == last && r.value.as_deref().is_none_or(plain_failure),
        Stmt::Expr(e) => match &*e.value {
            Expr::EllipsisLiteral(_) | Expr::StringLiteral(_) => true,
            Expr::Call(call) => is_log_call(model, scope, call),
            _ => false,
        },
        _ => false,
    })
}

/// `logger.exception(...)`, a log call with `exc_info=...`, or
/// `sentry_sdk.capture_exception()`: the handler hands the error with its
/// traceback to whoever watches the logs. That is a best-effort write by design
/// (hishel's HTTP cache updates on the corpus), not a silent one; a handler that
/// logs only the message (`log.warning("skipped: %s", e)`) still counts as
/// swallowing.
fn reports_traceback(model: &Model<'_>, scope: Option<FuncId>, body: &[Stmt]) -> bool {
    body.iter().any(|s| {
        let Stmt::Expr(e) = s else {
            return false;
        };
        let Expr::Call(call) = &*e.value else {
            return false;
        };
        if !is_log_call(model, scope, call) {
            return false;
        }
        let exception_method =
            matches!(&*call.func, Expr::Attribute(a) if a.attr.as_str() == "exception");
        let with_exc_info = call.arguments.find_keyword("exc_info").is_some_and(|k| {
            !matches!(k.value, Expr::BooleanLiteral(ref b) if !b.value)
                && !k.value.is_none_literal_expr()
        });
        exception_method
            || with_exc_info
            || model.resolve(&call.func, scope).as_deref() == Some("sentry_sdk.capture_exception")
    })
}

const LOG_METHODS: &[&str] = &[
    "debug",
    "info",
    "warning",
    "warn",
    "error",
    "exception",
    "critical",
    "log",
];

fn is_log_call(model: &Model<'_>, scope: Option<FuncId>, call: &ast::ExprCall) -> bool {
    if let Some(q) = model.resolve(&call.func, scope) {
        if matches!(
            q.as_str(),
            "builtins.print"
                | "warnings.warn"
                | "traceback.print_exc"
                | "sentry_sdk.capture_exception"
        ) || q.starts_with("logging.")
        {
            return true;
        }
    }
    matches!(&*call.func, Expr::Attribute(a) if LOG_METHODS.contains(&a.attr.as_str())
        && matches!(&*a.value, Expr::Name(n) if n.id.to_ascii_lowercase().contains("log"))
        || matches!(&*a.value, Expr::Attribute(inner) if inner.attr.to_ascii_lowercase().contains("log")))
}

/// `False`, `None`, `0`, `-1`, `""`, `[]`, `{}`: a value that says "failed"
/// or "nothing", and nothing about why.
fn plain_failure(value: &Expr) -> bool {
    match value {
        Expr::NoneLiteral(_) => true,
        Expr::BooleanLiteral(b) => !b.value,
        Expr::NumberLiteral(_) => true,
        Expr::UnaryOp(u) => matches!(&*u.operand, Expr::NumberLiteral(_)),
        Expr::StringLiteral(s) => s.value.is_empty(),
        Expr::List(l) => l.elts.is_empty(),
        Expr::Dict(d) => d.items.is_empty(),
        Expr::Tuple(t) => t.elts.is_empty(),
        _ => false,
    }
}

fn what_handler_does(model: &Model<'_>, scope: Option<FuncId>, body: &[Stmt]) -> &'static str {
    let logs = body.iter().any(|s| {
        matches!(s, Stmt::Expr(e) if matches!(&*e.value, Expr::Call(c) if is_log_call(model, scope, c)))
    });
    let continues = body.iter().any(|s| matches!(s, Stmt::Continue(_)));
    if body.iter().any(|s| matches!(s, Stmt::Return(_))) {
        return if logs {
            "logged before a plain failure value is returned"
        } else {
            "turned into a plain failure value"
        };
    }
    match (logs, continues) {
        (true, true) => "logged before moving on",
        (true, false) => "logged",
        (false, true) => "skipped with `continue`",
        (false, false) => "passed over",
    }
}

/// The connection the writes go through: `conn` for `conn.execute` and for a
/// cursor assigned from `conn.cursor()`.
fn connection_of(model: &Model<'_>, scope: Option<FuncId>, call: &Call<'_>) -> Option<String> {
    let Expr::Attribute(attr) = &*call.expr.func else {
        return None;
    };
    if let Expr::Name(n) = &*attr.value {
        if let Some(a) = model.last_assignment(scope, n.id.as_str(), n.start()) {
            if let Expr::Call(c) = a.value {
                if let Expr::Attribute(inner) = &*c.func {
                    if inner.attr.as_str() == "cursor" {
                        return Some(model.slice(inner.value.range()).to_string());
                    }
                }
            }
        }
    }
    match &*attr.value {
        Expr::Name(_) | Expr::Attribute(_) => Some(model.slice(attr.value.range()).to_string()),
        _ => None,
    }
}

fn retry_edits(
    ctx: &Context<'_, '_>,
    scope: Option<FuncId>,
    stmt: &Stmt,
    try_stmt: &ast::StmtTry,
    direct: &[&&Call<'_>],
    broader: bool,
) -> Result<Vec<Edit>, String> {
    let model = ctx.model;
    let text = model.text;
    if try_stmt.handlers.len() != 1 || !try_stmt.orelse.is_empty() {
        return Err("the try block has other clauses; add a bounded retry on \"locked\" errors by hand, and re-raise the rest".to_string());
    }
    let connections: Vec<String> = direct
        .iter()
        .filter_map(|c| connection_of(model, scope, c))
        .collect();
    let Some(conn) = connections.first() else {
        return Err("the write happens in another function: retry it there (rollback, backoff, re-raise), or at least re-raise here".to_string());
    };
    if connections.iter().any(|c| c != conn) || connections.len() != direct.len() {
        return Err(
            "the block writes through several connections; retry each transaction on its own"
                .to_string(),
        );
    }
    if names_a_cursor(conn) {
        return Err(format!(
            "the write goes through `{conn}`, a cursor whose connection the fix cannot name (a cursor has no `rollback()`): retry on the connection by hand"
        ));
    }
    if broader {
        if let Some(other) = other_work(model, scope, &try_stmt.body, conn) {
            return Err(format!(
                "the `except` also guards other work (`{other}`): narrowing it to \"locked\" errors would let that work's errors abort the function; retry the database write on its own, inside the block"
            ));
        }
    }
    let awaited = direct.iter().any(|c| c.is_awaited());
    // An earlier uncommitted write on the connection would be lost by the rollback.
    let earlier_write =
        cannot_lose::earlier_uncommitted_write(model, scope, stmt.start(), conn, |c| {
            connection_of(model, scope, c)
        });
    if earlier_write {
        return Err(format!(
            "`{conn}` has an uncommitted write from before this block, which a rollback before retrying would drop; commit it first, then retry this block"
        ));
    }
    if visit::breaks_out(&try_stmt.body, false)
        || crate::semantic::visit::contains_yield(&try_stmt.body)
    {
        return Err(
            "the block breaks out of a loop around it or yields; retry it by hand".to_string(),
        );
    }
    if !codegen::owns_lines(text, stmt) {
        return Err("the try statement shares its lines with other code".to_string());
    }
    let taken: Vec<String> = match scope {
        Some(id) => visit::names_stored(&model.scopes.function(id).def.body)
            .into_iter()
            .map(|(n, _)| n)
            .collect(),
        None => model.module_names.iter().cloned().collect(),
    };
    let attempt = unique(&taken, "_attempt");
    let exc = unique(&taken, "_exc");
    let (error, e1) = codegen::member(model, "sqlite3", "OperationalError");
    let (sleep, e2) = if awaited {
        codegen::member(model, "asyncio", "sleep")
    } else {
        codegen::member(model, "time", "sleep")
    };
    let aw = if awaited { "await " } else { "" };
    let outer = codegen::indentation_at(text, stmt.start());
    let step = model.stylist.indent.as_str();
    let nl = model.stylist.newline.as_str();
    // With a `finally`, the retry goes inside the try so the clean-up still runs once.
    let keep_finally = !try_stmt.finalbody.is_empty();
    let indent = if keep_finally {
        format!("{outer}{step}")
    } else {
        outer.to_string()
    };
    let body_lines = codegen::statement_lines(
        text,
        &try_stmt.body[0],
        &try_stmt.body[try_stmt.body.len() - 1],
    );
    let last = ATTEMPTS - 1;
    let mut code = String::new();
    if keep_finally {
        code.push_str(&format!("{outer}try:{nl}"));
    }
    code.push_str(&format!(
        "{indent}for {attempt} in range({ATTEMPTS}):{nl}{indent}{step}try:{nl}"
    ));
    let extra = if keep_finally {
        step.repeat(2)
    } else {
        step.to_string()
    };
    code.push_str(&codegen::indent_lines(model, body_lines, &extra));
    if !code.ends_with(['\n', '\r']) {
        code.push_str(nl);
    }
    let i2 = format!("{indent}{step}");
    let i3 = format!("{indent}{step}{step}");
    let i4 = format!("{indent}{step}{step}{step}");
    code.push_str(&format!(
        "{i2}except {error} as {exc}:{nl}\
         {i3}{aw}{conn}.rollback(){nl}\
         {i3}if {attempt} == {last} or \"locked\" not in str({exc}):{nl}\
         {i4}raise{nl}\
         {i3}{aw}{sleep}(0.05 * 2**{attempt}){nl}\
         {i2}else:{nl}\
         {i3}break{nl}"
    ));
    let whole = codegen::statement_lines(text, stmt, stmt);
    if keep_finally {
        // The `finally:` clause as written, from the line after the handler.
        let handler_end = try_stmt.handlers[0].end();
        let from = codegen::next_line_start(text, handler_end);
        code.push_str(&text[TextRange::new(from, whole.end())]);
    }
    let mut edits = vec![Edit::replace(whole, code)];
    edits.extend([e1, e2].into_iter().flatten());
    Ok(edits)
}

/// `cur`, `cursor`, `self._cursor`: the retry's `rollback()` belongs to the
/// connection, and sqlite3 cursors have none.
fn names_a_cursor(receiver: &str) -> bool {
    let last = receiver.rsplit('.').next().unwrap_or(receiver);
    let last = last.trim_start_matches('_').to_ascii_lowercase();
    last == "c" || last.starts_with("cur") || last.ends_with("cursor")
}

/// The first call of the try body that is not database work on `conn`: a broad
/// handler (`except Exception`) around it also keeps that work's failures (a file
/// that cannot be removed) from aborting the rest, which a retry that catches only
/// `sqlite3.OperationalError` would undo. Calls inside a database call's
/// arguments (`json.dumps(state)`) and chained on it (`.fetchone()`) are its part.
fn other_work<'a>(
    model: &'a Model<'_>,
    scope: Option<FuncId>,
    body: &[Stmt],
    conn: &str,
) -> Option<&'a str> {
    let range = TextRange::new(body.first()?.start(), body.last()?.end());
    let calls: Vec<&Call<'_>> = model
        .calls
        .iter()
        .filter(|c| c.scope == scope && !c.in_lambda && range.contains_range(c.range()))
        .collect();
    let on_conn = |c: &Call<'_>| connection_of(model, scope, c).as_deref() == Some(conn);
    let db: Vec<TextRange> = calls
        .iter()
        .filter(|c| on_conn(c))
        .map(|c| c.range())
        .collect();
    calls
        .iter()
        .find(|c| {
            let chained = matches!(&*c.expr.func, Expr::Attribute(a)
                if matches!(&*a.value, Expr::Call(inner) if db.contains(&inner.range())));
            !on_conn(c)
                && !chained
                && !db.iter().any(|d| d.contains_range(c.range()))
                && !is_log_call(model, scope, c.expr)
        })
        .map(|c| model.slice(c.expr.func.range()))
}

fn unique(taken: &[String], base: &str) -> String {
    if !taken.iter().any(|n| n == base) {
        return base.to_string();
    }
    (2..)
        .map(|i| format!("{base}_{i}"))
        .find(|n| !taken.contains(n))
        .unwrap_or_else(|| base.to_string())
}

/// The other connection a statement's lock error would come from: on the
/// statement's own database, when the source names the connection's file
/// (`None` when that file has no other), else anywhere in the project.
fn second_connection_of(
    ctx: &Context<'_, '_>,
    scope: Option<FuncId>,
    call: Option<&Call<'_>>,
    anywhere: &str,
) -> Option<String> {
    let conn = call.and_then(|c| connection_of(ctx.model, scope, c));
    // A private in-memory database: no other connection can open it, so
    // none can hold its lock (docs/sqlite-facts.md#F-private-memory).
    if conn
        .as_deref()
        .is_some_and(|conn| cannot_lose::private_memory_of(ctx, scope, conn))
    {
        return None;
    }
    let database = conn.and_then(|conn| cannot_lose::database_of(ctx, scope, &conn));
    match database {
        Some(id) => sole_connection::second_connection(ctx.project, Some(&id)),
        None => Some(anywhere.to_string()),
    }
}

/// What a handler catches, for a message: its exception type, or every exception.
fn caught_by(model: &Model<'_>, handler: &ast::ExceptHandlerExceptHandler) -> String {
    handler
        .type_
        .as_deref()
        .map_or("every exception".to_string(), |t| {
            format!("`{}`", model.slice(t.range()))
        })
}
