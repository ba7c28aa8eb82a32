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
use ruff_text_size::{Ranged, TextRange, TextSize};

use super::model::{Call, Callee, Model, Receiver};
use super::scopes::FuncId;
use super::sql::SqlKind;
use super::visit::{loaded_names, scope_stmts};
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
    let stmts: Vec<&Stmt> = scope_stmts(&model.scopes.function(scope).def.body)
        .into_iter()
        .filter(|s| body.contains_range(s.range()))
        .collect();
    let has_read = |e: &Expr| reads.iter().any(|r| e.range().contains_range(*r));
    let mut tainted: Vec<String> = Vec::new();
    for _ in 0..3 {
        for s in &stmts {
            let heads = header_exprs(s);
            if heads
                .iter()
                .any(|e| has_read(e) || loaded_names(e).iter().any(|n| tainted.contains(n)))
            {
                for n in bound_names(s).into_iter().chain(filled(s)) {
                    if !tainted.contains(&n) {
                        tainted.push(n);
                    }
                }
            }
        }
    }
    let uses = |e: &Expr| has_read(e) || loaded_names(e).iter().any(|n| tainted.contains(n));
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
            args.clone().any(&uses)
                || stmts.iter().any(|s| decides(s, *at, &uses))
                || stmts.iter().any(|s| exit_guard(s, at.start(), &uses))
        })
}

/// `kept.append(row[0])`, `seen.add(x)`: a collection filled from the rows.
fn filled(stmt: &Stmt) -> Option<String> {
    let Stmt::Expr(e) = stmt else { return None };
    let Expr::Call(call) = &*e.value else {
        return None;
    };
    match &*call.func {
        Expr::Attribute(a)
            if matches!(
                a.attr.as_str(),
                "append" | "add" | "extend" | "update" | "insert"
            ) =>
        {
            match &*a.value {
                Expr::Name(n) => Some(n.id.to_string()),
                _ => None,
            }
        }
        _ => None,
    }
}

/// A compound statement around the write whose test or loop uses the rows.
fn decides(stmt: &Stmt, write: TextRange, uses: &dyn Fn(&Expr) -> bool) -> bool {
    if !stmt.range().contains_range(write) {
        return false;
    }
    match stmt {
        Stmt::If(i) => {
            (!is_existence_test(&i.test) && uses(&i.test))
                || i.elif_else_clauses.iter().any(|c| {
                    c.range.start() <= write.start()
                        && c.test
                            .as_ref()
                            .is_some_and(|t| !is_existence_test(t) && uses(t))
                })
        }
        Stmt::While(w) => uses(&w.test),
        Stmt::For(f) => uses(&f.iter),
        _ => false,
    }
}

/// `if stock < quantity: raise ...` before the write.
fn exit_guard(stmt: &Stmt, write: TextSize, uses: &dyn Fn(&Expr) -> bool) -> bool {
    match stmt {
        Stmt::If(i) => {
            i.end() <= write
                && i.elif_else_clauses.is_empty()
                && matches!(
                    i.body.last(),
                    Some(Stmt::Raise(_) | Stmt::Return(_) | Stmt::Continue(_) | Stmt::Break(_))
                )
                && !is_existence_test(&i.test)
                && uses(&i.test)
        }
        _ => false,
    }
}

/// `row`, `not row`, `row is None`: whether a row came back, not what it holds.
fn is_existence_test(test: &Expr) -> bool {
    let mut test = test;
    while let Expr::UnaryOp(u) = test {
        if u.op != ruff_python_ast::UnaryOp::Not {
            break;
        }
        test = &u.operand;
    }
    match test {
        Expr::Name(_) | Expr::Call(_) => true,
        Expr::Compare(c) => {
            matches!(&*c.left, Expr::Name(_))
                && c.ops.iter().all(|op| {
                    matches!(
                        op,
                        ruff_python_ast::CmpOp::Is | ruff_python_ast::CmpOp::IsNot
                    )
                })
                && c.comparators.iter().all(Expr::is_none_literal_expr)
        }
        _ => false,
    }
}

/// What a simple statement evaluates, or a compound statement's header.
fn header_exprs(stmt: &Stmt) -> Vec<&Expr> {
    match stmt {
        Stmt::Assign(s) => vec![&*s.value],
        Stmt::AnnAssign(s) => s.value.as_deref().into_iter().collect(),
        Stmt::AugAssign(s) => vec![&*s.value, &*s.target],
        Stmt::For(s) => vec![&*s.iter],
        Stmt::With(s) => s.items.iter().map(|i| &i.context_expr).collect(),
        Stmt::Expr(s) => vec![&*s.value],
        _ => Vec::new(),
    }
}

// A local copy of transactions.rs's `bound_names` (without its walrus targets):
// tx_helpers.rs calls into this module, and importing transactions.rs here would
// close an import cycle.

/// Names a statement binds: assignment targets, `for` targets, `with ... as`.
fn bound_names(stmt: &Stmt) -> Vec<String> {
    let mut out = Vec::new();
    let mut add = |expr: &Expr| store_names(expr, &mut out);
    match stmt {
        Stmt::Assign(s) => s.targets.iter().for_each(&mut add),
        Stmt::AnnAssign(s) => add(&s.target),
        Stmt::AugAssign(s) => add(&s.target),
        Stmt::For(s) => add(&s.target),
        Stmt::With(s) => s
            .items
            .iter()
            .filter_map(|i| i.optional_vars.as_deref())
            .for_each(&mut add),
        _ => {}
    }
    out
}

fn store_names(expr: &Expr, out: &mut Vec<String>) {
    match expr {
        Expr::Name(n) => out.push(n.id.to_string()),
        Expr::Tuple(t) => t.elts.iter().for_each(|e| store_names(e, out)),
        Expr::List(l) => l.elts.iter().for_each(|e| store_names(e, out)),
        Expr::Starred(s) => store_names(&s.value, out),
        _ => {}
    }
}
