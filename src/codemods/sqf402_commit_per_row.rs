//! SQF402 commit-per-row: a loop that writes rows and commits on every iteration
//! (`conn.commit()` in the body, or a `with conn:` block per item).
//!
//! Each commit is a write transaction: the write lock is taken and released and the
//! WAL (or journal) is fsynced once per row, so N rows cost N lock acquisitions and
//! N fsyncs, and concurrent writers interleave between them. Only loops whose work
//! is the database work are matched: every call in the body runs SQL on the
//! committed connection (or a project helper that writes with it), or is a cheap
//! conversion (`str`, `json.dumps`, `row.get`). A loop that does real work per
//! item (parsing, OCR, HTTP) and commits each item's result is committing per unit
//! of work, on purpose, and is left alone; so are commits every N rows (under an
//! `if`), retry loops, loops over connections or databases (the connection comes
//! from the loop), `while` worker loops, and status/progress updates (SQF601).
//!
//! Kept on purpose outside hot paths too (an admin's "delete all items" over a
//! small catalog): the cost there is small, but a failure mid-loop leaves half
//! the rows done, and one transaction is both the faster and the all-or-nothing
//! form of what the action means; nothing in the code tells a small table or a
//! rare action from a large or frequent one.
//!
//! Fixes, all unsafe (a failure mid-loop now rolls back every row, and the rows
//! become visible together at the end):
//! - body `X.execute(SQL, params)` + `X.commit()` → `X.executemany(SQL, [params for
//!   ... in ...])` + one commit (the iterable itself when `params` is the loop
//!   variable);
//! - otherwise the commit moves after the loop;
//! - `for ...: with conn: ...` → `with conn: for ...: ...` (the headers swap).
//!
//! An ORM session is the same shape: `for r in rows: session.add(Row(...));
//! session.commit()` stages a row and commits it per iteration; the commit moves
//! after the loop, so one flush inserts them all in one transaction.

use ruff_python_ast::token::TokenKind;
use ruff_python_ast::{self as ast, Expr, Stmt};
use ruff_text_size::{Ranged, TextRange};

use super::{Codemod, Context};
use crate::finding::Finding;
use crate::fix::{Edit, Fix, codegen, statements};
use crate::semantic::effects;
use crate::semantic::facts;
use crate::semantic::loops;
use crate::semantic::model::{Call, Model};
use crate::semantic::visit;

pub struct CommitPerRow;

const NOTE: &str = "one transaction for the whole loop: a failure mid-loop now rolls back every row (not just the failing one), the rows become visible together when it commits, and the write lock is held for the loop's duration";

impl Codemod for CommitPerRow {
    crate::codemod_meta!("SQF402-commit-per-row");

    fn check(&self, ctx: &Context<'_, '_>, out: &mut Vec<Finding>) {
        // Test suites use throwaway databases on purpose (semantic::paths).
        if ctx.in_test_module() {
            return;
        }
        let model = ctx.model;
        let mut seen_loops: Vec<TextRange> = Vec::new();
        for call in &model.calls {
            if effects::method(call) != Some("commit") || !call.expr.arguments.is_empty() {
                continue;
            }
            if let Some(finding) = commit_in_loop(self, ctx, call, &mut seen_loops) {
                out.push(finding);
            }
        }
        for stmt in with_blocks(model) {
            if let Some(finding) = with_per_iteration(self, ctx, stmt, &mut seen_loops) {
                out.push(finding);
            }
        }
    }
}

/// The innermost `for` loop of the statement's own function, if it is a loop the
/// codemod judges (not a retry loop, not `async for` over a stream).
fn work_loop<'a>(model: &Model<'a>, stmt: &Stmt) -> Option<&'a ast::StmtFor> {
    let innermost = *loops::enclosing_loops(model.suite, stmt.range()).first()?;
    let Stmt::For(for_stmt) = innermost else {
        return None;
    };
    (!for_stmt.is_async && !loops::is_retry_loop(innermost)).then_some(for_stmt)
}

/// The statement of `call` when it is an expression statement of its own
/// (`conn.commit()` or `await db.commit()`).
fn own_statement<'a>(call: &Call<'a>) -> Option<&'a Stmt> {
    let Stmt::Expr(expr) = call.stmt else {
        return None;
    };
    let value = match &*expr.value {
        Expr::Await(a) => &*a.value,
        other => other,
    };
    (value.range() == call.range()).then_some(call.stmt)
}

fn commit_in_loop(
    codemod: &CommitPerRow,
    ctx: &Context<'_, '_>,
    call: &Call<'_>,
    seen: &mut Vec<TextRange>,
) -> Option<Finding> {
    let model = ctx.model;
    let stmt = own_statement(call)?;
    let for_stmt = work_loop(model, stmt)?;
    let loop_stmt = loop_as_stmt(model, for_stmt)?;
    if !loops::runs_every_iteration(loop_stmt, stmt.range()) || seen.contains(&for_stmt.range) {
        return None;
    }
    let Expr::Attribute(attr) = &*call.expr.func else {
        return None;
    };
    let receiver = &*attr.value;
    if loops::depends_on_loop(loop_stmt, receiver) {
        return None;
    }
    let receiver_text = model.slice(receiver.range());
    let writes = loop_writes(ctx, call.scope, &for_stmt.body, receiver_text);
    if writes.is_empty() || writes.iter().all(|w| w.progress) {
        return None;
    }
    if let Err(_why) = database_only(ctx, call.scope, &for_stmt.body, receiver_text) {
        return None;
    }
    seen.push(for_stmt.range);
    let message = format!(
        "`{receiver_text}.commit()` on every iteration: N rows are N write transactions (N lock acquisitions, N fsyncs)"
    );
    let finding = Finding::new(codemod.meta(), call.range(), message);
    if let Some(edits) = executemany_edits(ctx, for_stmt, loop_stmt, stmt, receiver_text) {
        return Some(
            finding
                .with_fix(Fix::unsafe_(
                    "Insert the rows with one `executemany` and commit once",
                    edits,
                ))
                .with_note(NOTE),
        );
    }
    match move_commit_edits(ctx, for_stmt, loop_stmt, stmt) {
        Ok(edits) => Some(
            finding
                .with_fix(Fix::unsafe_("Commit once, after the loop", edits))
                .with_note(NOTE),
        ),
        Err(why) => Some(finding.with_note(why)),
    }
}

/// Every `with` statement of the module.
fn with_blocks<'a>(model: &Model<'a>) -> Vec<&'a Stmt> {
    let mut out = Vec::new();
    visit_all(model.suite, &mut |s| {
        if matches!(s, Stmt::With(w) if !w.is_async) {
            out.push(s);
        }
    });
    out
}

fn visit_all<'a>(suite: &'a [Stmt], f: &mut impl FnMut(&'a Stmt)) {
    for stmt in suite {
        f(stmt);
        for body in crate::semantic::visit::child_suites(stmt) {
            visit_all(body, f);
        }
    }
}

/// `for item in items: with conn: conn.execute(...)`: a transaction per item.
fn with_per_iteration(
    codemod: &CommitPerRow,
    ctx: &Context<'_, '_>,
    stmt: &Stmt,
    seen: &mut Vec<TextRange>,
) -> Option<Finding> {
    let model = ctx.model;
    let Stmt::With(with) = stmt else {
        return None;
    };
    let [item] = with.items.as_slice() else {
        return None;
    };
    if item.optional_vars.is_some()
        || !matches!(item.context_expr, Expr::Name(_) | Expr::Attribute(_))
    {
        return None;
    }
    let for_stmt = work_loop(model, stmt)?;
    let loop_stmt = loop_as_stmt(model, for_stmt)?;
    if !loops::runs_every_iteration(loop_stmt, stmt.range()) || seen.contains(&for_stmt.range) {
        return None;
    }
    if loops::depends_on_loop(loop_stmt, &item.context_expr) {
        return None;
    }
    let scope = model.scopes.function_at(stmt.start());
    let conn = model.slice(item.context_expr.range());
    let writes = loop_writes(ctx, scope, &with.body, conn);
    if writes.is_empty() || writes.iter().all(|w| w.progress) {
        return None;
    }
    if database_only(ctx, scope, &for_stmt.body, conn).is_err() {
        return None;
    }
    seen.push(for_stmt.range);
    let message = format!(
        "`with {conn}:` inside the loop commits on every iteration: N rows are N write transactions (N lock acquisitions, N fsyncs)"
    );
    let finding = Finding::new(codemod.meta(), item.context_expr.range(), message);
    let only = for_stmt.body.len() == 1 && for_stmt.orelse.is_empty();
    let outer = loops::header_lines(model.text, loop_stmt, &for_stmt.body);
    let inner = loops::header_lines(model.text, stmt, &with.body);
    if let (true, Some(outer), Some(inner)) = (only, outer, inner) {
        if let Some(edits) = statements::swap_headers(model, outer, inner) {
            return Some(
                finding
                    .with_fix(Fix::unsafe_(
                        format!("One transaction around the loop: `with {conn}:` outside it"),
                        edits,
                    ))
                    .with_note(NOTE),
            );
        }
    }
    Some(finding.with_note(format!(
        "move `with {conn}:` around the loop (one transaction) or collect the rows and `executemany` them"
    )))
}

/// The loop as a `Stmt` (the model's statements are `Stmt`s, the loop a `StmtFor`).
fn loop_as_stmt<'a>(model: &Model<'a>, for_stmt: &ast::StmtFor) -> Option<&'a Stmt> {
    loops::local_ancestors(model.suite, for_stmt.body.first()?.range())
        .into_iter()
        .rfind(|s| s.range() == for_stmt.range)
}

struct Write {
    progress: bool,
}

/// The writes in `body` made on `receiver` (or a cursor of it), or by project
/// functions that are handed `receiver` and write.
fn loop_writes(
    ctx: &Context<'_, '_>,
    scope: Option<usize>,
    body: &[Stmt],
    receiver: &str,
) -> Vec<Write> {
    let model = ctx.model;
    let range = span(body);
    model
        .calls_in(scope)
        .filter(|c| !c.in_lambda && range.contains_range(c.range()))
        .filter_map(|c| {
            if orm_write(model, c, receiver) {
                return sqlite_orm(ctx).then_some(Write { progress: false });
            }
            if let Some(w) = effects::sql_write(model, c) {
                let on_receiver = match &*c.expr.func {
                    Expr::Attribute(a) => is_receiver_or_cursor(model, scope, &a.value, receiver),
                    _ => false,
                };
                return on_receiver.then_some(Write {
                    progress: w.progress,
                });
            }
            let handed = c
                .expr
                .arguments
                .args
                .iter()
                .any(|a| model.slice(a.range()) == receiver);
            (handed && effects::reaches(ctx.project, model, c, |e| e.sql_write)).then(|| Write {
                progress: effects::reaches(ctx.project, model, c, |e| e.progress_write),
            })
        })
        .collect()
}

fn span(body: &[Stmt]) -> TextRange {
    match (body.first(), body.last()) {
        (Some(a), Some(b)) => TextRange::new(a.start(), b.end()),
        _ => TextRange::default(),
    }
}

/// `conn`, `conn.cursor()`, or a name assigned from `conn.cursor()`.
fn is_receiver_or_cursor(
    model: &Model<'_>,
    scope: Option<usize>,
    expr: &Expr,
    receiver: &str,
) -> bool {
    if model.slice(expr.range()) == receiver {
        return true;
    }
    match expr {
        Expr::Call(c) => {
            matches!(&*c.func, Expr::Attribute(a) if a.attr.as_str() == "cursor" && model.slice(a.value.range()) == receiver)
        }
        Expr::Await(a) => is_receiver_or_cursor(model, scope, &a.value, receiver),
        Expr::Name(n) => model
            .last_assignment(scope, n.id.as_str(), n.start())
            .is_some_and(|a| {
                !matches!(a.value, Expr::Name(_))
                    && !a.stmt.range().contains_range(n.range())
                    && is_receiver_or_cursor(model, scope, a.value, receiver)
            }),
        _ => false,
    }
}

/// ORM session methods that stage a row for the next flush.
const ORM_STAGING: &[&str] = &["add", "add_all", "merge", "delete"];

/// The project makes a SQLAlchemy engine on SQLite (its URL says so in the
/// code): an ORM session elsewhere may be on a server database.
fn sqlite_orm(ctx: &Context<'_, '_>) -> bool {
    struct SqliteEngine;
    facts::any_module::<SqliteEngine>(ctx.project, |m| m.facts.sqlite_engine)
}

/// `session.add(row)` (or `add_all`, `merge`, `delete`) on the committed
/// receiver: an ORM session staging a row, written at the next flush. Something
/// with both `.add(...)` and `.commit()` is a session (a set has no commit).
fn orm_write(model: &Model<'_>, call: &Call<'_>, receiver: &str) -> bool {
    matches!(&*call.expr.func, Expr::Attribute(a)
        if ORM_STAGING.contains(&a.attr.as_str()) && model.slice(a.value.range()) == receiver)
        && call.expr.arguments.args.len() == 1
        && call.expr.arguments.keywords.is_empty()
}

/// The row objects handed to `receiver.add(...)` in `range`: `Model(...)` there
/// builds the row the session stores, a constructor, not work per item (its
/// arguments are calls of their own, judged on their own).
/// Only `scope`'s own calls: a staged row is an argument of a call in the same
/// function as the call it is, which is all [`database_only`] asks about (looking
/// through every call of the module, per loop, made long modules quadratic).
fn staged_rows(
    model: &Model<'_>,
    scope: Option<usize>,
    range: TextRange,
    receiver: &str,
) -> Vec<TextRange> {
    model
        .calls_in(scope)
        .filter(|c| range.contains_range(c.range()) && orm_write(model, c, receiver))
        .filter_map(|c| c.expr.arguments.args.first())
        .filter(|a| matches!(a, Expr::Call(_)))
        .map(Ranged::range)
        .collect()
}

/// Builtins and library calls that convert values, cheap next to a commit.
const CHEAP_CALLS: &[&str] = &[
    "builtins.str",
    "builtins.int",
    "builtins.float",
    "builtins.bool",
    "builtins.len",
    "builtins.tuple",
    "builtins.list",
    "builtins.dict",
    "builtins.round",
    "builtins.min",
    "builtins.max",
    "builtins.sorted",
    "builtins.enumerate",
    "builtins.zip",
    "builtins.range",
    "builtins.isinstance",
    "builtins.repr",
    "json.dumps",
    "json.loads",
    "time.time",
    "time.monotonic",
    "uuid.uuid4",
    "datetime.datetime.now",
    "datetime.datetime.utcnow",
    "datetime.date.today",
    "hashlib.sha256",
    "hashlib.md5",
];

const CHEAP_METHODS: &[&str] = &[
    "get",
    "items",
    "keys",
    "values",
    "strip",
    "lower",
    "upper",
    "split",
    "join",
    "format",
    "encode",
    "decode",
    "isoformat",
    "hexdigest",
    "replace",
    "startswith",
    "endswith",
    "append",
    "copy",
    "fetchone",
    "fetchall",
    "fetchmany",
    "cursor",
    "execute",
    "executemany",
    "commit",
    "rollback",
    "timestamp",
];

/// Whether every call in the loop body is database work on `receiver` or a cheap
/// conversion; otherwise the reason (the loop does real work per item).
fn database_only(
    ctx: &Context<'_, '_>,
    scope: Option<usize>,
    body: &[Stmt],
    receiver: &str,
) -> Result<(), String> {
    let model = ctx.model;
    let range = span(body);
    let rows = staged_rows(model, scope, range, receiver);
    for c in model
        .calls_in(scope)
        .filter(|c| range.contains_range(c.range()))
    {
        if orm_write(model, c, receiver) || rows.contains(&c.range()) {
            continue;
        }
        if let Some(q) = c.qualified() {
            if CHEAP_CALLS.contains(&q)
                || matches!(&*c.expr.func, Expr::Name(n) if matches!(n.id.as_str(), "str" | "int" | "float" | "len" | "tuple" | "dict" | "list"))
            {
                continue;
            }
            return Err(format!("the loop calls `{q}`"));
        }
        if let Some(m) = effects::method(c) {
            if CHEAP_METHODS.contains(&m) {
                continue;
            }
        }
        let handed = c
            .expr
            .arguments
            .args
            .iter()
            .any(|a| model.slice(a.range()) == receiver);
        if handed && effects::reaches(ctx.project, model, c, |e| e.sql_write) {
            continue;
        }
        return Err(format!(
            "the loop calls `{}`",
            model.slice(c.expr.func.range())
        ));
    }
    Ok(())
}

/// `for t in it: X.execute(SQL, p); X.commit()` → `X.executemany(SQL, [p for t in it])`.
fn executemany_edits(
    ctx: &Context<'_, '_>,
    for_stmt: &ast::StmtFor,
    loop_stmt: &Stmt,
    commit: &Stmt,
    receiver: &str,
) -> Option<Vec<Edit>> {
    let model = ctx.model;
    let text = model.text;
    let [execute_stmt, last] = for_stmt.body.as_slice() else {
        return None;
    };
    if last.range() != commit.range() || !for_stmt.orelse.is_empty() {
        return None;
    }
    let Stmt::Expr(expr) = execute_stmt else {
        return None;
    };
    let (awaited, value) = match &*expr.value {
        Expr::Await(a) => (true, &*a.value),
        other => (false, other),
    };
    let Expr::Call(execute) = value else {
        return None;
    };
    let Expr::Attribute(method) = &*execute.func else {
        return None;
    };
    let scope = model.scopes.function_at(loop_stmt.start());
    if method.attr.as_str() != "execute"
        || !is_receiver_or_cursor(model, scope, &method.value, receiver)
        || !execute.arguments.keywords.is_empty()
    {
        return None;
    }
    let [sql, params] = &*execute.arguments.args else {
        return None;
    };
    // The loop variable outlives a `for` loop but not a comprehension.
    let targets: Vec<String> = visit::names_stored(std::slice::from_ref(loop_stmt))
        .into_iter()
        .map(|(n, _)| n)
        .collect();
    let after = visit::names_loaded(&model.scopes.function(scope?).def.body);
    if after
        .iter()
        .any(|(n, r)| r.start() > loop_stmt.end() && targets.contains(n))
    {
        return None;
    }
    let inside = |r: TextRange| loop_stmt.range().contains_range(r);
    let awkward = codegen::tokens_starting_in(model.tokens, loop_stmt.range())
        .iter()
        .any(|t| {
            inside(t.range())
                && (t.kind() == TokenKind::Comment
                    || (matches!(t.kind(), TokenKind::String | TokenKind::FStringMiddle)
                        && text[t.range()].contains(['\n', '\r'])))
        });
    if awkward || !codegen::owns_lines(text, loop_stmt) || !codegen::owns_lines(text, execute_stmt)
    {
        return None;
    }
    let iter = parenthesized(model, &for_stmt.iter);
    let target = model.slice(for_stmt.target.range());
    let params_text = model.slice(params.range());
    let rows = if params_text == target {
        iter
    } else {
        format!("[{} for {target} in {iter}]", parenthesized(model, params))
    };
    // The execute statement, renamed and with the rows, one level out.
    let lines = codegen::statement_lines(text, execute_stmt, execute_stmt);
    let mut replacements = [
        (method.attr.range(), "executemany".to_string()),
        (params.range(), rows),
    ];
    replacements.sort_by_key(|(r, _)| r.start());
    let mut call_text = String::new();
    let mut at = lines.start();
    for (range, new) in &replacements {
        call_text.push_str(&text[TextRange::new(at, range.start())]);
        call_text.push_str(new);
        at = range.end();
    }
    call_text.push_str(&text[TextRange::new(at, lines.end())]);
    let loop_indent = codegen::indentation_at(text, loop_stmt.start());
    let body_indent = codegen::indentation_at(text, execute_stmt.start());
    let nl = model.stylist.newline.as_str();
    let mut code: String = call_text
        .split_inclusive('\n')
        .map(|line| match line.strip_prefix(body_indent) {
            Some(rest) => format!("{loop_indent}{rest}"),
            None => line.to_string(),
        })
        .collect();
    let single_line = !code.trim_end().contains('\n');
    let original_width = text[lines].trim_end().len();
    if single_line && code.trim_end().len() > original_width.max(88) {
        let rows = &replacements.iter().find(|(r, _)| *r == params.range())?.1;
        let receiver = model.slice(method.value.range());
        code = exploded(model, loop_indent, awaited, receiver, sql, rows);
    }
    if !code.ends_with(['\n', '\r']) {
        code.push_str(nl);
    }
    let commit_text = model.slice(commit.range());
    code.push_str(&format!("{loop_indent}{commit_text}{nl}"));
    Some(vec![Edit::replace(
        codegen::statement_lines(text, loop_stmt, loop_stmt),
        code,
    )])
}

/// `X.executemany(SQL, rows)` with one argument per line, as black lays out a
/// call that does not fit.
fn exploded(
    model: &Model<'_>,
    indent: &str,
    awaited: bool,
    receiver: &str,
    sql: &Expr,
    rows: &str,
) -> String {
    let nl = model.stylist.newline.as_str();
    let unit = &model.stylist.indent;
    let aw = if awaited { "await " } else { "" };
    let sql = model.slice(sql.range());
    format!(
        "{indent}{aw}{receiver}.executemany({nl}{indent}{unit}{sql},{nl}{indent}{unit}{rows},{nl}{indent}){nl}"
    )
}

fn parenthesized(model: &Model<'_>, expr: &Expr) -> String {
    let text = model.slice(expr.range());
    match expr {
        Expr::Tuple(t) if !t.parenthesized => format!("({text})"),
        Expr::Named(_) | Expr::Lambda(_) | Expr::If(_) => format!("({text})"),
        _ => text.to_string(),
    }
}

/// Moves the commit statement to right after the loop.
fn move_commit_edits(
    ctx: &Context<'_, '_>,
    for_stmt: &ast::StmtFor,
    loop_stmt: &Stmt,
    commit: &Stmt,
) -> Result<Vec<Edit>, String> {
    let model = ctx.model;
    if !for_stmt.body.iter().any(|s| s.range() == commit.range()) {
        return Err(
            "the commit sits inside a block of the loop body; move it after the loop by hand"
                .to_string(),
        );
    }
    let exits = visit::any_node(&for_stmt.body, |n| {
        matches!(n, visit::Node::Stmt(Stmt::Return(_)))
            || matches!(n, visit::Node::Expr(Expr::Yield(_) | Expr::YieldFrom(_)))
    });
    if exits {
        return Err("the loop returns or yields, so a commit after it would not run on that path; commit once before leaving".to_string());
    }
    let rolls_back = model.calls.iter().any(|c| {
        span(&for_stmt.body).contains_range(c.range()) && effects::method(c) == Some("rollback")
    });
    if rolls_back {
        return Err("the loop rolls back failed rows one by one; with one transaction a rollback would discard every earlier row".to_string());
    }
    statements::move_after(model, commit, loop_stmt)
        .ok_or_else(|| "the commit shares its line with other code".to_string())
}
