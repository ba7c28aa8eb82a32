//! `PRAGMA journal_mode=WAL` run before the busy timeout is raised, on one
//! sqlite3 or aiosqlite connection.
//!
//! Turning a rollback-journal file into WAL needs the database's lock: while
//! another connection (another process, usually) holds a read transaction on
//! the file, the switch waits in the busy handler, and only as long as the
//! timeout the connection has *at that moment*. A connection opened with the
//! default `timeout` (5 s) that asks for WAL first and sets `PRAGMA
//! busy_timeout = 30000` second therefore fails with "database is locked" after
//! 5 s where the longer wait the author chose would have carried it
//! (docs/sqlite-facts.md#F-wal-busy-order). Swapping the two statements fixes it.
//!
//! Found: on one receiver (`conn`, `self.db`, `conn.cursor()`), in one block of
//! one function, an `execute("PRAGMA journal_mode=WAL")` followed by an
//! `execute("PRAGMA busy_timeout=N")`, with no busy timeout set on it earlier in
//! the function, and N above the timeout the connection was opened with (its
//! `timeout=` when this module opens it, else Python's 5 s). A run-time N
//! (`f"PRAGMA busy_timeout={ms}"`) counts: an author who sets it after
//! connecting means to wait longer than the default. apsw connections are
//! `sqf101_connection_pragmas::apsw`'s (their default is 0, another message).

use ruff_python_ast::{Expr, Stmt};
use ruff_text_size::{Ranged, TextRange};

use super::model::{Call, Model};
use super::sql::{SqlKind, classify};
use super::strings::string_value;

/// Python's sqlite3 (and aiosqlite's) default `timeout`, in milliseconds.
pub const DEFAULT_TIMEOUT_MS: f64 = 5000.0;

/// One connection that switches to WAL before raising its busy timeout.
#[derive(Debug)]
pub struct WalBeforeTimeout<'m, 'a> {
    /// The `execute("PRAGMA journal_mode=WAL")` call.
    pub wal: &'m Call<'a>,
    /// The later `execute("PRAGMA busy_timeout=N")` call.
    pub timeout: &'m Call<'a>,
    /// N, when it is a literal.
    pub timeout_ms: Option<f64>,
    /// The timeout the connection has when it asks for WAL.
    pub connect_ms: f64,
    /// The connection's text (`conn`, `self.db`).
    pub receiver: String,
    /// The connection comes from `aiosqlite.connect` (or the PRAGMA is awaited).
    pub aiosqlite: bool,
    /// Every statement between the two is another PRAGMA on the same
    /// connection: moving the timeout before the WAL switch changes no other
    /// statement's wait.
    pub only_pragmas_between: bool,
}

/// Every such pair in the module.
pub fn wal_before_timeout<'m, 'a>(model: &'m Model<'a>) -> Vec<WalBeforeTimeout<'m, 'a>> {
    let text = model.text;
    if !text.contains("journal_mode") || !text.contains("busy_timeout") {
        return Vec::new();
    }
    let mut out = Vec::new();
    for wal in &model.calls {
        if wal.in_lambda
            || pragma_of(model, wal)
                .is_none_or(|(n, v)| n != "journal_mode" || v != Some("wal".into()))
        {
            continue;
        }
        let Some(receiver) = receiver_key(model, wal) else {
            continue;
        };
        let on_same = |c: &&Call<'a>| {
            c.scope == wal.scope
                && !c.in_lambda
                && receiver_key(model, c).as_deref() == Some(&receiver)
        };
        let setters: Vec<&Call<'a>> = model
            .calls
            .iter()
            .filter(on_same)
            .filter(|c| {
                pragma_of(model, c)
                    .is_some_and(|(n, v)| n == "busy_timeout" && (v.is_some() || hole(model, c)))
            })
            .collect();
        if setters
            .iter()
            .any(|c| c.range().start() < wal.range().start())
        {
            continue;
        }
        let Some(timeout) = setters
            .into_iter()
            .filter(|c| same_block(model, wal, c))
            .min_by_key(|c| c.range().start())
        else {
            continue;
        };
        let (connect_ms, aiosqlite_open) = match opener(model, wal, &receiver) {
            Opener::Found {
                timeout_ms,
                aiosqlite,
            } => (timeout_ms, aiosqlite),
            Opener::Apsw | Opener::Splat => continue,
            Opener::Unseen => {
                if text.contains("apsw") {
                    continue;
                }
                (Some(DEFAULT_TIMEOUT_MS), false)
            }
        };
        // A run-time timeout on the connect: nothing to compare with.
        let Some(connect_ms) = connect_ms else {
            continue;
        };
        let timeout_ms = pragma_of(model, timeout)
            .and_then(|(_, v)| v)
            .and_then(|v| v.trim().parse::<f64>().ok());
        if timeout_ms.is_some_and(|n| n <= connect_ms) {
            continue;
        }
        let only_pragmas_between = between(model, wal, timeout).iter().all(|stmt| {
            model
                .calls
                .iter()
                .filter(|c| stmt.range().contains_range(c.range()))
                .any(|c| on_same(&c) && pragma_of(model, c).is_some())
                && !model.calls.iter().any(|c| {
                    stmt.range().contains_range(c.range())
                        && !(on_same(&c) && pragma_of(model, c).is_some())
                        && !is_fetch(c)
                })
        });
        out.push(WalBeforeTimeout {
            wal,
            timeout,
            timeout_ms,
            connect_ms,
            receiver,
            aiosqlite: aiosqlite_open || wal.is_awaited(),
            only_pragmas_between,
        });
    }
    out
}

/// `(name, value)` of the PRAGMA an `execute(...)` call runs (value lower-case).
fn pragma_of(model: &Model<'_>, call: &Call<'_>) -> Option<(String, Option<String>)> {
    if call.method_name() != Some("execute") {
        return None;
    }
    let sql = call.expr.arguments.args.first()?;
    let value = string_value(model, sql, call.scope, call.range().start())?;
    match classify(&value.sketch()) {
        SqlKind::Pragma(p) => Some((p.name?, p.value)),
        _ => None,
    }
}

/// The PRAGMA's value is a run-time hole (`f"PRAGMA busy_timeout={ms}"`).
fn hole(model: &Model<'_>, call: &Call<'_>) -> bool {
    let Some(sql) = call.expr.arguments.args.first() else {
        return false;
    };
    string_value(model, sql, call.scope, call.range().start())
        .is_some_and(|v| matches!(classify(&v.sketch()), SqlKind::Pragma(p) if p.value_is_hole))
}

/// `.fetchone()` / `.fetchall()` read the PRAGMA's answer: no statement of its own.
fn is_fetch(call: &Call<'_>) -> bool {
    matches!(
        call.method_name(),
        Some("fetchone" | "fetchall" | "fetchmany" | "close")
    )
}

/// The connection an `execute` runs on, as text: `conn.cursor().execute(...)`
/// and `conn.execute(...)` are the same connection.
fn receiver_key(model: &Model<'_>, call: &Call<'_>) -> Option<String> {
    let Expr::Attribute(attr) = &*call.expr.func else {
        return None;
    };
    let text = model.slice(attr.value.range());
    let text = text.strip_suffix(".cursor()").unwrap_or(text);
    (!text.contains('(')).then(|| text.to_string())
}

/// Both calls' statements in one suite (a straight run: no branch between).
fn same_block(model: &Model<'_>, a: &Call<'_>, b: &Call<'_>) -> bool {
    let body = body_of(model, a);
    let (Some((sa, _)), Some((sb, _))) = (
        suite_of(body, a.stmt.range()),
        suite_of(body, b.stmt.range()),
    ) else {
        return false;
    };
    std::ptr::eq(sa, sb)
}

/// The statements strictly between the two calls' statements (same suite).
fn between<'a>(model: &Model<'a>, a: &Call<'a>, b: &Call<'a>) -> Vec<&'a Stmt> {
    let body = body_of(model, a);
    let Some((suite, i)) = suite_of(body, a.stmt.range()) else {
        return Vec::new();
    };
    suite[i + 1..]
        .iter()
        .take_while(|s| s.range() != b.stmt.range())
        .collect()
}

fn body_of<'a>(model: &Model<'a>, call: &Call<'a>) -> &'a [Stmt] {
    match call.scope {
        Some(scope) => &model.scopes.function(scope).def.body,
        None => model.suite,
    }
}

enum Opener {
    /// Opened by this module: its `timeout=` (None when run-time), and driver.
    Found {
        timeout_ms: Option<f64>,
        aiosqlite: bool,
    },
    /// Opened by `apsw.Connection`: its own check.
    Apsw,
    /// Opened with `**kwargs`: the timeout may be anything.
    Splat,
    /// A parameter, or opened elsewhere: Python's default is assumed.
    Unseen,
}

/// The connect call whose result `receiver` holds: an assignment to it or a
/// `with ... as receiver`, in the function of `wal` or (for `self.x`) anywhere
/// in the module.
fn opener(model: &Model<'_>, wal: &Call<'_>, receiver: &str) -> Opener {
    for call in &model.calls {
        let driver = match call.qualified() {
            Some("sqlite3.connect" | "sqlite3.dbapi2.connect") => false,
            Some("aiosqlite.connect") => true,
            Some("apsw.Connection") => {
                if holds(model, call, receiver) {
                    return Opener::Apsw;
                }
                continue;
            }
            _ => continue,
        };
        if !(call.scope == wal.scope || receiver.starts_with("self."))
            || !holds(model, call, receiver)
        {
            continue;
        }
        if call.has_star_args() {
            return Opener::Splat;
        }
        let timeout_ms = match call.argument(1, "timeout") {
            None => Some(DEFAULT_TIMEOUT_MS),
            Some(Expr::NumberLiteral(n)) => number(&n.value).map(|s| s * 1000.0),
            Some(_) => None,
        };
        return Opener::Found {
            timeout_ms,
            aiosqlite: driver,
        };
    }
    Opener::Unseen
}

fn number(n: &ruff_python_ast::Number) -> Option<f64> {
    match n {
        ruff_python_ast::Number::Int(i) => i.as_u64().map(|v| v as f64),
        ruff_python_ast::Number::Float(f) => Some(*f),
        ruff_python_ast::Number::Complex { .. } => None,
    }
}

/// `receiver = <call>` / `receiver = await <call>` / `with <call> as receiver`.
fn holds(model: &Model<'_>, call: &Call<'_>, receiver: &str) -> bool {
    let inside = |value: &Expr| {
        let value = match value {
            Expr::Await(a) => &*a.value,
            v => v,
        };
        value.range() == call.range()
    };
    match call.stmt {
        Stmt::Assign(a) => {
            inside(&a.value) && a.targets.iter().any(|t| model.slice(t.range()) == receiver)
        }
        Stmt::AnnAssign(a) => {
            a.value.as_deref().is_some_and(inside) && model.slice(a.target.range()) == receiver
        }
        Stmt::With(w) => w.items.iter().any(|item| {
            inside(&item.context_expr)
                && item
                    .optional_vars
                    .as_deref()
                    .is_some_and(|v| model.slice(v.range()) == receiver)
        }),
        _ => false,
    }
}

/// The suite that holds `target` as one of its statements, and its index.
fn suite_of(suite: &[Stmt], target: TextRange) -> Option<(&[Stmt], usize)> {
    for (i, stmt) in suite.iter().enumerate() {
        if stmt.range() == target {
            return Some((suite, i));
        }
        if stmt.range().contains_range(target) {
            return super::visit::child_suites(stmt)
                .into_iter()
                .find_map(|body| suite_of(body, target));
        }
    }
    None
}
