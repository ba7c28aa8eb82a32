//! Write helpers that commit but never begin.
//!
//! A database class offers `@contextmanager def write_block(self): with
//! self.lock: with self.conn: yield self.conn`, or `yield conn` followed by
//! `conn.commit()`. `with conn:` commits on the way out but sends no BEGIN
//! (F-with-no-close: it ends a transaction), and Python's legacy transaction
//! control sends its implicit BEGIN only before the first INSERT/UPDATE/DELETE
//! (F-implicit-begin; `tests/fixtruth/SQF305-write-helper-never-begins` shows
//! the lost updates and the fix). A caller's block that reads, decides in Python, and
//! then writes therefore runs its reads in autocommit: another process (or a
//! thread not behind the helper's lock) can change the rows between the check
//! and the write, and the write acts on a stale decision (a lost update, a
//! delete of a row that just gained a reference).
//!
//! Only raw `sqlite3` connections are followed (SQLAlchemy sessions have their
//! own helpers, orm_transactions.rs); a helper whose body names `BEGIN` or
//! `SAVEPOINT` is tx_helpers.rs's (deferred) or already safe (IMMEDIATE).

use ruff_python_ast::{Expr, Stmt, StmtWith};
use ruff_text_size::{Ranged, TextRange};

use super::model::{Call, Callee, Model, Receiver};
use super::read_dependence::ReadData;
use super::scopes::FuncId;
use super::sql::SqlKind;
use super::{connections, visit};

/// A `@contextmanager` that yields a connection it commits but never begins.
#[derive(Debug, Clone)]
pub struct UnbegunHelper {
    /// `NoteStore.write_block` or `write_block`.
    pub qualname: String,
    pub function: FuncId,
    /// A method: its callers name it on instances the index may not follow.
    pub is_method: bool,
    /// The `yield` statement.
    pub yield_stmt: TextRange,
    /// Source text of the connection the helper commits (`self.conn`).
    pub conn: String,
    /// Source text of a lock held around the `yield` (`self.mutex`), if any.
    pub lock: Option<String>,
}

/// The module's helpers that commit a connection around their `yield` without
/// ever sending BEGIN.
pub fn helpers(model: &Model<'_>) -> Vec<UnbegunHelper> {
    if !uses_sqlite3(model) {
        return Vec::new();
    }
    let mut out = Vec::new();
    for (id, f) in model.scopes.functions.iter().enumerate() {
        if f.def.is_async || !is_context_manager(model, id) {
            continue;
        }
        let source = model.slice(f.def.range()).to_ascii_uppercase();
        if source.contains("BEGIN") || source.contains("SAVEPOINT") {
            continue;
        }
        let mut withs = Vec::new();
        let Some((yield_stmt, value)) = find_yield(&f.def.body, &mut withs) else {
            continue;
        };
        let yielded = model.slice(value.range());
        let covers = |conn: &str| {
            yielded == conn
                || yielded
                    .strip_prefix(conn)
                    .is_some_and(|rest| rest.starts_with('.'))
        };
        // `with conn:` around the yield, or `conn.commit()` after it.
        let by_with = withs.iter().rev().find_map(|w| {
            w.items.iter().find_map(|item| {
                let text = model.slice(item.context_expr.range());
                let named = item
                    .optional_vars
                    .as_deref()
                    .is_some_and(|v| model.slice(v.range()) == yielded);
                (is_path(&item.context_expr) && (covers(text) || named)).then_some(text)
            })
        });
        let by_commit = || {
            model
                .calls_in(Some(id))
                .filter(|c| c.range().start() > yield_stmt.end())
                .filter(|c| c.method_name() == Some("commit"))
                .find_map(|c| match &*c.expr.func {
                    Expr::Attribute(a) if is_path(&a.value) => {
                        let text = model.slice(a.value.range());
                        covers(text).then_some(text)
                    }
                    _ => None,
                })
        };
        let Some(conn) = by_with.or_else(by_commit) else {
            continue;
        };
        if !is_connection(model, id, conn) {
            continue;
        }
        let lock = withs.iter().find_map(|w| {
            w.items.iter().find_map(|item| {
                let text = model.slice(item.context_expr.range());
                let lower = text.to_ascii_lowercase();
                (is_path(&item.context_expr) && (lower.contains("lock") || lower.contains("mutex")))
                    .then_some(text.to_string())
            })
        });
        out.push(UnbegunHelper {
            qualname: f.qualname.clone(),
            function: id,
            is_method: f.class.is_some(),
            yield_stmt: yield_stmt.range(),
            conn: conn.to_string(),
            lock,
        });
    }
    out
}

fn uses_sqlite3(model: &Model<'_>) -> bool {
    model.calls.iter().any(connections::is_sqlite3_connect)
        || model
            .calls
            .iter()
            .any(|c| c.qualified().is_some_and(|q| q.starts_with("sqlite3.")))
}

fn is_context_manager(model: &Model<'_>, id: FuncId) -> bool {
    let f = model.scopes.function(id);
    f.def.decorator_list.iter().any(|d| {
        model
            .resolve(&d.expression, f.parent)
            .is_some_and(|q| q == "contextlib.contextmanager")
    })
}

/// `conn`, `self.conn`, `self._db.conn`: a name or attribute chain.
fn is_path(expr: &Expr) -> bool {
    match expr {
        Expr::Name(_) => true,
        Expr::Attribute(a) => is_path(&a.value),
        _ => false,
    }
}

/// The first `yield <value>` statement and the `with` statements around it.
fn find_yield<'a>(body: &'a [Stmt], withs: &mut Vec<&'a StmtWith>) -> Option<(&'a Stmt, &'a Expr)> {
    for stmt in body {
        match stmt {
            Stmt::Expr(e) => {
                if let Expr::Yield(y) = &*e.value {
                    return y.value.as_deref().map(|v| (stmt, v));
                }
            }
            Stmt::With(w) => {
                withs.push(w);
                if let Some(found) = find_yield(&w.body, withs) {
                    return Some(found);
                }
                withs.pop();
            }
            _ => {
                for suite in visit::block_suites(stmt) {
                    if let Some(found) = find_yield(suite, withs) {
                        return Some(found);
                    }
                }
            }
        }
    }
    None
}

/// Whether `text` (`self.conn`, `conn`) holds a connection: assigned from a
/// `connect` call (`sqlite3.connect`, a project's `_connect()`).
fn is_connection(model: &Model<'_>, scope: FuncId, text: &str) -> bool {
    let connects = |value: &Expr| match value {
        Expr::Call(call) => {
            let callee = model.slice(call.func.range());
            callee.ends_with("connect") || callee.ends_with("_connection")
        }
        _ => false,
    };
    if let Some(attr) = text.strip_prefix("self.") {
        return !attr.contains('.') && model.self_attr_assignments(attr).any(|a| connects(a.value));
    }
    if text.contains('.') {
        return false;
    }
    model
        .assignments_of(Some(scope), text)
        .iter()
        .chain(model.assignments_of(None, text).iter())
        .any(|a| connects(a.value))
}

/// Whether a write through `name` in `body` rests on what a read through it
/// returned before: the write's arguments use the read's rows (or values
/// computed from them), a loop over them or a test of what they hold decides
/// whether it runs, or a guard before it leaves on what they hold. A test that
/// only asks whether a row came back (`if row is None: INSERT`) does not count:
/// the race it leaves is a duplicate insert a unique key settles.
pub fn write_uses_read(model: &Model<'_>, scope: FuncId, name: &str, body: TextRange) -> bool {
    let through = |c: &&Call<'_>| {
        !c.in_lambda
            && body.contains_range(c.range())
            && matches!(&c.callee, Callee::Method { receiver: Receiver::Name(r), .. } if r == name)
    };
    let mut reads: Vec<TextRange> = Vec::new();
    let mut writes: Vec<(TextRange, &Call<'_>)> = Vec::new();
    for c in model.calls_in(Some(scope)).filter(through) {
        match connections::sql_of(model, c).and_then(|(k, _)| k.into_iter().next()) {
            Some(SqlKind::Read) => reads.push(c.range()),
            Some(k) if k.is_write() => writes.push((c.range(), c)),
            _ => {}
        }
    }
    let Some(first_read) = reads.iter().map(|r| r.start()).min() else {
        return false;
    };
    let fbody = &model.scopes.function(scope).def.body;
    writes
        .iter()
        .filter(|(at, _)| at.start() > first_read)
        .any(|(at, call)| {
            let args = call
                .expr
                .arguments
                .args
                .iter()
                .chain(call.expr.arguments.keywords.iter().map(|k| &k.value));
            // The one dependency test (semantic::read_dependence), with a test
            // around the write that only asks whether a row came back left out.
            let data = ReadData::new(fbody, &reads, *at);
            data.values(args) || data.decided_around(false) || data.exit_guard(false)
        })
}
