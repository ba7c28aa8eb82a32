//! SQF601 unthrottled-progress-write: a status/progress write on every iteration
//! of a processing loop (pages, chunks, stages).
//!
//! Matches a statement that runs on every iteration of a `for`/`while` loop and
//! writes progress: `execute` of an UPDATE that sets a status/progress column (or
//! an insert into a progress table), or a call to a project function that does
//! one, with the commit right after it if there is one. The loop must also do
//! other work (otherwise it is a batch update, SQF402's business); writes under
//! an `if` are already throttled and left alone, and so are loops over a fixed
//! list of stages (`for stage in STAGES:`), a handful of writes per document.
//! An UPDATE that stores the item's result beside its status (`SET summary = ?,
//! status = 'done' WHERE id = ?`, as a backfill does per item) is the item's own
//! row, not progress: only status, progress, counter and bookkeeping columns
//! (timestamps, messages) make a progress write. Nor is a write through an
//! object the iteration itself makes on a file `tempfile` made (a benchmark
//! that builds a scratch database per question): each iteration's database is
//! its own, and no other writer waits for it.
//!
//! A loop that leaves after the write (a `return` or `break` follows it in the
//! body: `for row in conn.execute("SELECT ... LIMIT 1"): work; write; commit;
//! return True`) writes once per call, one claimed item, not once per item.
//!
//! A loop that pauses a second or more every turn (a sleep, or an inner loop of
//! one-second sleeps checking a reset flag) is paced, not a storm; and a test
//! suite or test runner script writes per case on throwaway data, once.
//!
//! Every document in flight then takes the write lock once per page: the writes
//! compete with the pipeline's real writes (hazards 6A, 6B). HIGH when the function
//! runs concurrently (threads, tasks), MEDIUM otherwise.
//!
//! The fix (unsafe) throttles the write with two locals set up right before the
//! loop: it runs when at least the configured interval (0.5 s) has passed since
//! the last one, else it is marked pending; after the loop, a pending write runs
//! once more. Python keeps the loop's variables bound after the loop, so that
//! statement writes the last iteration's values: the final state is the same.
//! Locals rather than a module-level helper keep each call (each document) its own
//! clock. Not offered when that final write could differ: the statement reads a
//! name the loop changes after it, the loop returns or yields (the pending write
//! would be skipped), or the write adds to what is stored (`n = n + 1`, a new row
//! per call), where skipping writes loses data.

use ruff_python_ast::{Expr, Stmt};
use ruff_text_size::{Ranged, TextRange};

use super::{Codemod, Context};
use crate::finding::{Finding, Severity};
use crate::fix::{Edit, Fix, codegen, statements};
use crate::semantic::effects;
use crate::semantic::facts;
use crate::semantic::loops;
use crate::semantic::model::{Call, Model};
use crate::semantic::scopes::FuncId;
use crate::semantic::visit;

pub struct UnthrottledProgressWrite;

impl Codemod for UnthrottledProgressWrite {
    crate::codemod_meta!("SQF601-unthrottled-progress-write");

    fn check(&self, ctx: &Context<'_, '_>, out: &mut Vec<Finding>) {
        let model = ctx.model;
        // A test suite or runner writes per case on throwaway data, once.
        if crate::semantic::paths::is_test_runner(model.path) {
            return;
        }
        let mut concurrent: Option<(facts::Reachable, facts::Reachable)> = None;
        let mut seen: Vec<TextRange> = Vec::new();
        for call in &model.calls {
            // The statement first: asking what a call reaches is the dearer question.
            let Some(stmt) = own_statement(call) else {
                continue;
            };
            let Some(progress) = progress_write(ctx, call) else {
                continue;
            };
            let Some(&loop_stmt) = loops::enclosing_loops(model.suite, stmt.range()).first() else {
                continue;
            };
            if seen.contains(&stmt.range())
                || loops::is_retry_loop(loop_stmt)
                || is_forever(loop_stmt)
                || over_fixed_stages(model, loop_stmt)
                || !loops::runs_every_iteration(loop_stmt, stmt.range())
                // `for row in conn.execute("... LIMIT 1"): ...; write; commit;
                // return`: the loop ends after its first write, so the write runs
                // once per call (per claimed item), not once per item of a pass.
                || loops::leaves_after(loop_stmt, stmt.range(), true)
                || committed_once_after(ctx, loop_stmt, call)
                || fresh_temporary_database(model, loop_stmt, call)
            {
                continue;
            }
            let unit = guarded(loop_stmt, unit_of(model, loop_stmt, stmt, call));
            if !does_other_work(model, loop_stmt, &unit)
                || writes_rows_too(model, loop_stmt)
                || waits_every_turn(ctx, loop_stmt, &unit)
            {
                continue;
            }
            seen.push(stmt.range());
            let (threads, tasks) = concurrent.get_or_insert_with(|| {
                (
                    facts::thread_reachable(ctx.project),
                    facts::task_reachable(ctx.project),
                )
            });
            let severity = match call.scope {
                Some(id) => {
                    let node = (None, model.scopes.function(id).qualname.clone());
                    if threads.contains(&node) || tasks.contains(&node) {
                        Severity::High
                    } else {
                        Severity::Medium
                    }
                }
                None => Severity::Medium,
            };
            out.push(finding(
                self, ctx, call, loop_stmt, &unit, progress, severity,
            ));
        }
    }
}

#[derive(Clone, Copy)]
struct Progress {
    /// Skipping a write would lose data: it adds to what is stored.
    incremental: bool,
}

/// A call that writes progress: the SQL itself, or a project function doing it.
fn progress_write(ctx: &Context<'_, '_>, call: &Call<'_>) -> Option<Progress> {
    if call.in_lambda {
        return None;
    }
    if let Some(write) = effects::sql_write(ctx.model, call) {
        // `SET summary = ?, status = 'done' WHERE id = ?` stores the item's own
        // result: one write per item is the work, not a progress report.
        return (write.progress && !write.result).then_some(Progress {
            incremental: write.incremental,
        });
    }
    // ORM writes count on a project whose engine is SQLite (its URL says so).
    struct SqliteEngine;
    let orm = facts::any_module::<SqliteEngine>(ctx.project, |m| m.facts.sqlite_engine);
    if effects::reaches(ctx.project, ctx.model, call, |e| {
        e.progress_write || (orm && e.orm_progress_write)
    }) {
        return Some(Progress {
            incremental: effects::reaches(ctx.project, ctx.model, call, |e| {
                e.incremental_write || (orm && e.orm_incremental_write)
            }),
        });
    }
    None
}

/// The call's statement when it is an expression statement of its own.
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

/// The write goes through an object made anew in each iteration on a
/// temporary file (`db = tempfile.mktemp(); engine = Engine(db_path=db);
/// engine.ingest(item)`, or `sqlite3.connect(tmp)`): every iteration writes a
/// database of its own that nothing else opens, so no write waits for another
/// and there is no pipeline to slow down.
fn fresh_temporary_database(model: &Model<'_>, loop_stmt: &Stmt, call: &Call<'_>) -> bool {
    let Expr::Attribute(attr) = &*call.expr.func else {
        return false;
    };
    let Expr::Name(receiver) = &*attr.value else {
        return false;
    };
    let made = model.assignments_of(call.scope, receiver.id.as_str());
    !made.is_empty()
        && made.iter().all(|a| {
            loop_stmt.range().contains_range(a.stmt.range())
                && a.stmt.start() < call.expr.start()
                && matches!(a.value, Expr::Call(made) if made
                .arguments
                .args
                .iter()
                .chain(made.arguments.keywords.iter().map(|k| &k.value))
                .any(|arg| crate::semantic::temporary::is_temporary_path(
                    model,
                    arg,
                    a.scope,
                    a.stmt.start(),
                )))
        })
}

/// `for row in rows: work(row); conn.execute("UPDATE ...")` with no commit in
/// the loop and `conn.commit()` on the same connection after it: Python's
/// implicit `BEGIN` (sqlite3's legacy mode, aiosqlite's default) opens one
/// transaction at the first write and the commit after the loop ends it, so
/// the loop holds one write transaction, not one per item (F-implicit-begin).
/// That long transaction across slow work is another hazard (SQF301's), not
/// this one. Not where the module opens an autocommit connection
/// (`isolation_level=None`, `autocommit=True`): each statement is then a
/// transaction of its own.
fn committed_once_after(ctx: &Context<'_, '_>, loop_stmt: &Stmt, call: &Call<'_>) -> bool {
    let model = ctx.model;
    let Expr::Attribute(write) = &*call.expr.func else {
        return false;
    };
    if effects::sql_write(model, call).is_none() {
        return false;
    }
    let text = model.text;
    if text.contains("isolation_level=None")
        || text.contains("isolation_level = None")
        || text.contains("autocommit=True")
    {
        return false;
    }
    let connection = model.slice(write.value.range());
    // `with conn:` inside the loop commits as each block ends.
    let with_blocks = visit::any_stmt(
        loops::loop_body(loop_stmt),
        |s| matches!(s, Stmt::With(w) if w.items.iter().any(|i| model.slice(i.context_expr.range()) == connection)),
    );
    if with_blocks {
        return false;
    }
    let mut after = false;
    for c in model.calls_in(call.scope) {
        let in_loop = loop_stmt.range().contains_range(c.range());
        // A helper called in the loop that commits ends the transaction per item.
        if in_loop
            && c.range() != call.range()
            && effects::reaches(ctx.project, model, c, |e| e.commits)
        {
            return false;
        }
        let Expr::Attribute(a) = &*c.expr.func else {
            continue;
        };
        if !matches!(a.attr.as_str(), "commit" | "rollback") {
            continue;
        }
        if in_loop {
            return false;
        }
        after |= a.attr.as_str() == "commit"
            && c.range().start() >= loop_stmt.end()
            && model.slice(a.value.range()) == connection;
    }
    after
}

/// `while True:` and `while 1:`: a worker's main loop, not a pass over a document.
fn is_forever(loop_stmt: &Stmt) -> bool {
    matches!(loop_stmt, Stmt::While(w) if matches!(&*w.test, Expr::BooleanLiteral(b) if b.value)
        || matches!(&*w.test, Expr::NumberLiteral(_)))
}

/// `for stage in STAGES:` over a literal list or tuple (or a module constant
/// holding one): a handful of status writes per document, one per stage, is the
/// status a reader wants, not a storm.
fn over_fixed_stages(model: &Model<'_>, loop_stmt: &Stmt) -> bool {
    let Stmt::For(f) = loop_stmt else {
        return false;
    };
    let mut iter = &*f.iter;
    if let Expr::Call(call) = iter {
        if matches!(&*call.func, Expr::Name(n) if n.id.as_str() == "enumerate") {
            if let Some(first) = call.arguments.args.first() {
                iter = first;
            }
        }
    }
    let literal = |e: &Expr| matches!(e, Expr::List(_) | Expr::Tuple(_));
    match iter {
        e if literal(e) => true,
        Expr::Name(n) => {
            let assigned = model.assignments_of(None, n.id.as_str());
            !assigned.is_empty()
                && model
                    .scopes
                    .function_at(loop_stmt.start())
                    .is_none_or(|id| {
                        model
                            .assignments_of(Some(id), n.id.as_str())
                            .iter()
                            .all(|a| a.scope.is_none())
                    })
                && assigned
                    .iter()
                    .all(|a| a.scope.is_none() && literal(a.value))
        }
        _ => false,
    }
}

/// The write and, when the next statement commits on the same receiver, the commit.
fn unit_of<'a>(
    model: &Model<'a>,
    loop_stmt: &'a Stmt,
    stmt: &'a Stmt,
    call: &Call<'a>,
) -> Vec<&'a Stmt> {
    let body = loops::loop_body(loop_stmt);
    let Some(i) = body.iter().position(|s| s.range() == stmt.range()) else {
        return vec![stmt];
    };
    let receiver = match &*call.expr.func {
        Expr::Attribute(a) => Some(model.slice(a.value.range())),
        _ => None,
    };
    let commits_next = body.get(i + 1).is_some_and(|next| {
        model.calls.iter().any(|c| {
            next.range().contains_range(c.range())
                && own_statement(c).is_some_and(|s| s.range() == next.range())
                && effects::method(c) == Some("commit")
                && match (&*c.expr.func, receiver) {
                    (Expr::Attribute(a), Some(r)) => {
                        let this = model.slice(a.value.range());
                        this == r || r.starts_with(&format!("{this}.")) || cursor_of(model, r, this)
                    }
                    _ => false,
                }
        })
    });
    if commits_next {
        vec![stmt, &body[i + 1]]
    } else {
        vec![stmt]
    }
}

/// The `try` of the loop body whose body is exactly the write (and its commit),
/// as the unit: `try: write() except OperationalError: rollback()` is throttled
/// whole, handler included, so the write after the loop is guarded the same way.
fn guarded<'a>(loop_stmt: &'a Stmt, unit: Vec<&'a Stmt>) -> Vec<&'a Stmt> {
    let body = loops::loop_body(loop_stmt);
    let whole = body.iter().find(|s| match s {
        Stmt::Try(t) => {
            t.orelse.is_empty()
                && t.finalbody.is_empty()
                && !t.handlers.is_empty()
                && t.body.len() == unit.len()
                && t.body
                    .iter()
                    .zip(&unit)
                    .all(|(a, b)| a.range() == b.range())
        }
        _ => false,
    });
    match whole {
        Some(t) => vec![t],
        None => unit,
    }
}

/// A `try` with a handler that only carries on: it neither re-raises, leaves
/// the function, nor rolls the failed transaction back.
fn swallowing_try(stmt: &Stmt) -> bool {
    let Stmt::Try(t) = stmt else { return false };
    t.handlers.iter().any(|h| {
        let ruff_python_ast::ExceptHandler::ExceptHandler(h) = h;
        !visit::any_node(&h.body, |n| match n {
            visit::Node::Stmt(Stmt::Raise(_) | Stmt::Return(_)) => true,
            visit::Node::Expr(Expr::Call(c)) => {
                matches!(&*c.func, Expr::Attribute(a) if a.attr.as_str() == "rollback")
            }
            _ => false,
        })
    })
}

/// `cur` assigned from `conn.cursor()`.
fn cursor_of(model: &Model<'_>, cursor: &str, conn: &str) -> bool {
    model.assignments.iter().any(|a| {
        matches!(&a.target, crate::semantic::model::Target::Name(n) if n == cursor)
            && model
                .slice(a.value.range())
                .starts_with(&format!("{conn}.cursor("))
    })
}

/// The loop also writes rows of its own: the progress write rides in the same
/// transactions rather than adding its own (their number is SQF402's concern).
fn writes_rows_too(model: &Model<'_>, loop_stmt: &Stmt) -> bool {
    let body = loops::loop_body(loop_stmt);
    let span = TextRange::new(body[0].start(), body[body.len() - 1].end());
    model.calls.iter().any(|c| {
        span.contains_range(c.range()) && effects::sql_write(model, c).is_some_and(|w| !w.progress)
    })
}

/// Every turn waits on something far slower than the write: a network call
/// (directly, or in a project function it calls: an item fetched from an API,
/// a model asked about it), a subprocess or a sleep, or the items themselves
/// come over the network (`async for m in client.iter_messages(...)`). The
/// writes then come one every few seconds at most, however long the list: no
/// storm, and throttling them would hide real progress.
fn waits_every_turn(ctx: &Context<'_, '_>, loop_stmt: &Stmt, unit: &[&Stmt]) -> bool {
    let model = ctx.model;
    let scope = model.scopes.function_at(loop_stmt.start());
    if let Stmt::For(f) = loop_stmt {
        if f.is_async {
            let items_wait = model.calls_in(scope).any(|c| {
                f.iter.range().contains_range(c.range())
                    && crate::semantic::slow::waits(model, c).is_some()
            });
            if items_wait {
                return true;
            }
        }
    }
    let body = loops::loop_body(loop_stmt);
    let span = TextRange::new(body[0].start(), body[body.len() - 1].end());
    model.calls_in(scope).any(|c| {
        !c.in_lambda
            && span.contains_range(c.range())
            && !unit.iter().any(|u| u.range().contains_range(c.range()))
            && loops::runs_every_iteration(loop_stmt, c.stmt.range())
            && (crate::semantic::slow::waits(model, c).is_some()
                || effects::reaches(ctx.project, model, c, |e| e.waits))
    }) || crate::semantic::paced::paced_loop(model, scope, loop_stmt)
}

/// The loop body has a statement with a call besides the progress write.
fn does_other_work(model: &Model<'_>, loop_stmt: &Stmt, unit: &[&Stmt]) -> bool {
    let body = loops::loop_body(loop_stmt);
    let scope = model.scopes.function_at(loop_stmt.start());
    let span = TextRange::new(body[0].start(), body[body.len() - 1].end());
    model.calls.iter().any(|c| {
        c.scope == scope
            && span.contains_range(c.range())
            && !unit.iter().any(|u| u.range().contains_range(c.range()))
            && !matches!(
                c.qualified(),
                Some("builtins.len" | "builtins.print" | "builtins.isinstance")
            )
            && !matches!(&*c.expr.func, Expr::Name(n) if matches!(n.id.as_str(), "enumerate" | "range" | "len" | "str" | "int"))
    })
}

fn finding(
    codemod: &UnthrottledProgressWrite,
    ctx: &Context<'_, '_>,
    call: &Call<'_>,
    loop_stmt: &Stmt,
    unit: &[&Stmt],
    progress: Progress,
    severity: Severity,
) -> Finding {
    let model = ctx.model;
    let what = model.slice(call.expr.func.range());
    let message = format!(
        "Progress write `{what}(...)` runs on every iteration: one write transaction per item for every document in flight"
    );
    let finding = Finding::new(codemod.meta(), call.range(), message).with_severity(severity);
    match throttle_edits(ctx, loop_stmt, unit, progress) {
        Ok(edits) => finding
            .with_fix(Fix::unsafe_(
                format!(
                    "Throttle it: at most once per {} s, and once more after the loop",
                    ctx.settings.progress_interval_literal()
                ),
                edits,
            ))
            .with_note("readers see progress up to the interval late (the final state is written after the loop as before); if the loop raises, the last throttled progress is not written"),
        Err(why) => finding.with_note(why),
    }
}

fn throttle_edits(
    ctx: &Context<'_, '_>,
    loop_stmt: &Stmt,
    unit: &[&Stmt],
    progress: Progress,
) -> Result<Vec<Edit>, String> {
    let model = ctx.model;
    let text = model.text;
    if progress.incremental {
        return Err("the write adds to what is stored (a counter or a new row each time): keep the count in a local and write the total at most every half second, and once after the loop".to_string());
    }
    let body = loops::loop_body(loop_stmt);
    let (first, last) = (unit[0], unit[unit.len() - 1]);
    if !unit
        .iter()
        .all(|u| body.iter().any(|b| b.range() == u.range()))
    {
        return Err("the write sits inside a block of the loop body; throttle it by hand (write when 0.5 s have passed, and once after the loop)".to_string());
    }
    let exits = visit::any_node(body, |n| {
        matches!(n, visit::Node::Stmt(Stmt::Return(_)))
            || matches!(n, visit::Node::Expr(Expr::Yield(_) | Expr::YieldFrom(_)))
    });
    if exits {
        return Err("the loop returns or yields: a throttled write still pending then would never run; write the progress before leaving".to_string());
    }
    // Throttling copies the guarded write after the loop, handler and all: a
    // handler that swallows the error (SQF701) would then swallow it in two places,
    // and the copy would be a hazard sqlfix wrote.
    if unit.iter().any(|u| swallowing_try(u)) {
        return Err("the write's `except` swallows its errors (SQF701); throttling would copy the swallowed write after the loop: make the handler retry or re-raise first".to_string());
    }
    // The write after the loop must see what the last iteration's write saw.
    let reads: Vec<String> = unit
        .iter()
        .flat_map(|u| visit::names_loaded(std::slice::from_ref(*u)))
        .map(|(n, _)| n)
        .collect();
    let changed_later = visit::names_stored(body)
        .into_iter()
        .any(|(n, r)| r.start() > last.end() && reads.contains(&n));
    if changed_later {
        return Err("the loop changes a value the write reads after the write; throttle it by hand so the final write still sees the last iteration's values".to_string());
    }
    if !codegen::owns_lines(text, loop_stmt) || !unit.iter().all(|u| codegen::owns_lines(text, u)) {
        return Err(
            "the statements share lines with other code; throttle the write by hand".to_string(),
        );
    }
    let scope = model.scopes.function_at(loop_stmt.start());
    let (at, pending) = local_names(model, scope);
    let (monotonic, import) = codegen::member(model, "time", "monotonic");
    let interval = ctx.settings.progress_interval_literal();
    let unit_indent = codegen::indentation_at(text, first.start());
    let loop_indent = codegen::indentation_at(text, loop_stmt.start());
    // One level as this loop writes it (a file can mix styles between functions).
    let step = match unit_indent.strip_prefix(loop_indent) {
        Some(level) if !level.is_empty() => level,
        _ => model.stylist.indent.as_str(),
    };
    let nl = model.stylist.newline.as_str();
    let lines = codegen::statement_lines(text, first, last);
    if unit_text_has_multiline_string(model, lines) {
        return Err("the write spans a multi-line string; throttle it by hand".to_string());
    }
    let unit_text = &text[lines];
    // In the loop: write when due, else remember that a write is pending.
    let mut throttled = format!("{unit_indent}if {monotonic}() - {at} >= {interval}:{nl}");
    throttled.push_str(&codegen::indent_lines(model, lines, step));
    throttled.push_str(&format!(
        "{unit_indent}{step}{at} = {monotonic}(){nl}{unit_indent}{step}{pending} = False{nl}{unit_indent}else:{nl}{unit_indent}{step}{pending} = True{nl}"
    ));
    // After the loop: the pending write, one level in from the loop.
    let mut after = format!("{loop_indent}if {pending}:{nl}");
    for line in unit_text.split_inclusive('\n') {
        match line.strip_prefix(unit_indent) {
            Some(rest) if !line.trim().is_empty() => {
                after.push_str(loop_indent);
                after.push_str(step);
                after.push_str(rest);
            }
            _ => after.push_str(line),
        }
    }
    let setup = format!("{at} = float(\"-inf\")\n{pending} = False");
    let mut edits = vec![
        statements::insert_before(model, loop_stmt, &setup).ok_or("the loop shares its line")?,
        Edit::replace(lines, throttled),
    ];
    let after_at = codegen::next_line_start(text, loop_stmt.end());
    let after = format!("{}{after}", statements::eof_newline(model, after_at));
    edits.push(Edit::insert(after_at, after));
    edits.extend(import);
    Ok(edits)
}

/// `_progress_at`/`_progress_pending`, or numbered ones when the function has them.
fn local_names(model: &Model<'_>, scope: Option<FuncId>) -> (String, String) {
    let taken: Vec<String> = match scope {
        Some(id) => visit::names_stored(&model.scopes.function(id).def.body)
            .into_iter()
            .map(|(n, _)| n)
            .collect(),
        None => model.module_names.iter().cloned().collect(),
    };
    (1..)
        .map(|i| {
            if i == 1 {
                ("_progress_at".to_string(), "_progress_pending".to_string())
            } else {
                (
                    format!("_progress_at_{i}"),
                    format!("_progress_pending_{i}"),
                )
            }
        })
        .find(|(a, p)| !taken.contains(a) && !taken.contains(p))
        .unwrap_or_default()
}

fn unit_text_has_multiline_string(model: &Model<'_>, lines: TextRange) -> bool {
    crate::fix::codegen::tokens_starting_in(model.tokens, lines)
        .iter()
        .any(|t| {
            lines.contains_range(t.range())
                && matches!(
                    t.kind(),
                    ruff_python_ast::token::TokenKind::String
                        | ruff_python_ast::token::TokenKind::FStringMiddle
                )
                && model.text[t.range()].contains(['\n', '\r'])
        })
}
