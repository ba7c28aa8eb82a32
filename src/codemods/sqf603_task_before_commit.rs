//! SQF603 task-before-commit: a background job started after a write and before
//! that write is committed, so the job can look for a row that does not exist yet.
//!
//! In one function: a DML write on a connection, then a spawn (`Thread(...).start()`,
//! `executor.submit`, `loop.run_in_executor`, `asyncio.to_thread`,
//! `asyncio.create_task`, `loop.create_task`), then the commit on that connection
//! (`conn.commit()`, `await db.commit()`, or the end of the `with conn:` block the
//! spawn sits in). Threads and processes race at once; an event-loop task only
//! runs when the function awaits, so a task counts only when something is
//! awaited between the spawn and the commit (the commit itself included).
//!
//! FastAPI/Starlette `BackgroundTasks.add_task` runs after the response is sent,
//! so after a commit made in the handler (checked: the row was found). It races
//! only when the handler leaves the commit to a `yield` dependency's teardown
//! (`Depends(get_db)` that commits after `yield`), which runs after the background
//! task (checked with FastAPI 0.165: the row was missing). That case gets a
//! display-only suggestion to commit in the handler before scheduling.
//!
//! The fix moves the spawn statement to right after the commit (or after the
//! `with` block). Unsafe: the job starts later, and not at all if the commit
//! raises. Not offered when the code between reads what the spawn binds,
//! changes what it passes, or can leave the function.

use ruff_python_ast::{Expr, Stmt};
use ruff_text_size::{Ranged, TextRange};

use super::{Codemod, Context};
use crate::finding::Finding;
use crate::fix::{Edit, Fix, codegen, statements};
use crate::semantic::effects;
use crate::semantic::model::{Call, Model};
use crate::semantic::routes;
use crate::semantic::scopes::FuncId;
use crate::semantic::spawn::{self, Spawn, SpawnKind};
use crate::semantic::visit;

pub struct TaskBeforeCommit;

impl Codemod for TaskBeforeCommit {
    crate::codemod_meta!("SQF603-task-before-commit");

    fn check(&self, ctx: &Context<'_, '_>, out: &mut Vec<Finding>) {
        let model = ctx.model;
        for s in spawn::spawns(model) {
            let Some(scope) = s.call.scope else {
                continue;
            };
            if s.call.in_lambda || s.call.qualified() == Some("asyncio.gather") {
                continue;
            }
            out.extend(check_spawn(self, ctx, scope, &s));
        }
    }
}

/// Where the job actually starts: the spawn call, or `t.start()` for a thread
/// object made first.
fn start_point<'a>(model: &Model<'a>, scope: FuncId, s: &Spawn<'_, 'a>) -> Option<&'a Stmt> {
    if s.call.qualified() != Some("threading.Thread") {
        return Some(s.call.stmt);
    }
    // Thread(...).start()
    if let Some(Expr::Attribute(a)) = s.call.parent {
        if a.attr.as_str() == "start" {
            return Some(s.call.stmt);
        }
    }
    // t = Thread(...); ...; t.start()
    let Stmt::Assign(assign) = s.call.stmt else {
        return None;
    };
    let [Expr::Name(var)] = assign.targets.as_slice() else {
        return None;
    };
    model
        .calls_in(Some(scope))
        .find(|c| {
            c.range().start() > s.call.range().end()
                && effects::method(c) == Some("start")
                && matches!(&*c.expr.func, Expr::Attribute(a) if matches!(&*a.value, Expr::Name(n) if n.id == var.id))
        })
        .map(|c| c.stmt)
}

/// A write made before `at` whose commit comes after it.
struct Pending<'a> {
    write: TextRange,
    receiver: String,
    /// The statement that commits: a commit call's statement, or the `with` block.
    commit: Commit<'a>,
}

enum Commit<'a> {
    Call(&'a Stmt),
    WithEnd(&'a Stmt),
    /// Left to a dependency's teardown (a `Depends(...)` parameter).
    Dependency,
}

fn check_spawn<'a>(
    codemod: &TaskBeforeCommit,
    ctx: &Context<'_, 'a>,
    scope: FuncId,
    s: &Spawn<'_, 'a>,
) -> Option<Finding> {
    let model = ctx.model;
    let start = start_point(model, scope, s)?;
    let pending = pending_write(ctx, scope, start)?;
    let background = s.kind == SpawnKind::Background;
    match &pending.commit {
        // The teardown commits after background tasks and threads alike have started.
        Commit::Dependency => {}
        // Background tasks run after the response, so after the handler's commit.
        _ if background => return None,
        Commit::Call(end) | Commit::WithEnd(end) if s.kind == SpawnKind::Task => {
            // A task runs only when the function awaits.
            let span = TextRange::new(start.end(), end.end());
            let body = &model.scopes.function(scope).def.body;
            let awaits = visit::any_expr(body, |e| {
                matches!(e, Expr::Await(_)) && span.contains_range(e.range())
            }) || visit::any_stmt(
                body,
                |st| matches!(st, Stmt::With(w) if w.is_async && span.contains_range(w.range())),
            );
            if !awaits {
                return None;
            }
        }
        _ => {}
    }
    let job = model.slice(s.call.range());
    let job = job.lines().next().unwrap_or(job);
    let write_line = model.line_column(pending.write.start()).0;
    let (when, commit_line) = match &pending.commit {
        Commit::Call(stmt) => ("committed", Some(model.line_column(stmt.start()).0)),
        Commit::WithEnd(stmt) => (
            "committed at the end of its `with` block",
            Some(model.line_column(stmt.end()).0),
        ),
        Commit::Dependency => (
            "committed by the request dependency, after background tasks run",
            None,
        ),
    };
    let message = match commit_line {
        Some(line) => format!(
            "`{job}` starts a job before the write on line {write_line} is {when} (line {line}): the job can read before the row exists"
        ),
        None => format!(
            "`{job}` schedules a job for a write (line {write_line}) that is only {when}: the job reads before the row exists"
        ),
    };
    let finding = Finding::new(codemod.meta(), s.call.range(), message);
    if let Commit::Dependency = pending.commit {
        let edit =
            statements::insert_before(model, start, &format!("{}.commit()", pending.receiver));
        return Some(match edit {
            Some(edit) if background => finding
                .with_fix(Fix::display_only(
                    format!("Commit in the handler before scheduling: `{}.commit()`", pending.receiver),
                    vec![edit],
                ))
                .with_note("the dependency's own commit then has nothing left to do; if the handler can still fail after this point, decide whether the row should stay"),
            _ => finding.with_note(format!("commit `{}` before starting the job", pending.receiver)),
        });
    }
    match move_edits(ctx, scope, start, &pending) {
        Ok(edits) => Some(
            finding
                .with_fix(Fix::unsafe_(
                    "Start the job after the commit",
                    edits,
                ))
                .with_note("the job now starts only once the row is committed, a little later, and not at all if the commit raises"),
        ),
        Err(why) => Some(finding.with_note(why)),
    }
}

/// The last write before `start` whose connection is committed only after it.
fn pending_write<'a>(ctx: &Context<'_, 'a>, scope: FuncId, start: &'a Stmt) -> Option<Pending<'a>> {
    let model = ctx.model;
    let writes: Vec<&Call<'_>> = model
        .calls_in(Some(scope))
        .filter(|c| c.range().end() <= start.start() && !c.in_lambda)
        .filter(|c| effects::sql_write(model, c).is_some())
        .collect();
    for write in writes.iter().rev() {
        let Expr::Attribute(attr) = &*write.expr.func else {
            continue;
        };
        let receiver = connection_of(model, scope, &attr.value);
        // Committed between the write and the start: nothing pending.
        let committed_before = model.calls_in(Some(scope)).any(|c| {
            c.range().start() > write.range().end()
                && c.range().end() <= start.start()
                && is_commit_of(model, c, &receiver)
        });
        if committed_before {
            continue;
        }
        // A `with conn:` block around both the write and the start.
        let with_block = crate::semantic::loops::local_ancestors(model.suite, start.range())
            .into_iter()
            .rev()
            .find(|s| {
                matches!(s, Stmt::With(w) if !w.is_async
                    && w.range().contains_range(write.range())
                    && w.items.iter().any(|i| commits_on_exit(model, i, &receiver)))
            });
        if let Some(with) = with_block {
            return Some(Pending {
                write: write.range(),
                receiver,
                commit: Commit::WithEnd(with),
            });
        }
        let commit = model
            .calls_in(Some(scope))
            .find(|c| c.range().start() > start.end() && is_commit_of(model, c, &receiver));
        if let Some(commit) = commit {
            return Some(Pending {
                write: write.range(),
                receiver,
                commit: Commit::Call(commit.stmt),
            });
        }
        // No commit here: a `Depends(...)` parameter whose provider commits after `yield`.
        let injected = routes::injected_parameters(model, scope)
            .into_iter()
            .find(|(name, _)| *name == receiver);
        if let Some((_, dependency)) = injected {
            let provider_commits = crate::semantic::spawn::func_ref(model, None, dependency)
                .and_then(|r| ctx.project.lookup(&r))
                .is_some_and(|(_, f)| f.effects.commits_after_yield);
            if provider_commits {
                return Some(Pending {
                    write: write.range(),
                    receiver,
                    commit: Commit::Dependency,
                });
            }
        }
    }
    None
}

/// The connection behind a receiver: `conn` for `conn`, and for a cursor made
/// with `cur = conn.cursor()`.
fn connection_of(model: &Model<'_>, scope: FuncId, receiver: &Expr) -> String {
    if let Expr::Name(n) = receiver {
        if let Some(a) = model.last_assignment(Some(scope), n.id.as_str(), n.start()) {
            if let Expr::Call(c) = a.value {
                if let Expr::Attribute(attr) = &*c.func {
                    if attr.attr.as_str() == "cursor" {
                        return model.slice(attr.value.range()).to_string();
                    }
                }
            }
        }
    }
    model.slice(receiver.range()).to_string()
}

fn is_commit_of(model: &Model<'_>, call: &Call<'_>, receiver: &str) -> bool {
    effects::is_commit(model, call)
        && matches!(&*call.expr.func, Expr::Attribute(a) if model.slice(a.value.range()) == receiver)
}

/// `with conn:` or `with sqlite3.connect(p) as conn:` (sqlite3 commits on exit;
/// aiosqlite's `async with` does not).
fn commits_on_exit(model: &Model<'_>, item: &ruff_python_ast::WithItem, receiver: &str) -> bool {
    match (&item.context_expr, item.optional_vars.as_deref()) {
        (expr, None) => model.slice(expr.range()) == receiver,
        (Expr::Call(c), Some(Expr::Name(n))) => {
            n.id.as_str() == receiver
                && matches!(
                    model.resolve(&c.func, None).as_deref(),
                    Some("sqlite3.connect")
                )
        }
        _ => false,
    }
}

fn move_edits(
    ctx: &Context<'_, '_>,
    scope: FuncId,
    start: &Stmt,
    pending: &Pending<'_>,
) -> Result<Vec<Edit>, String> {
    let model = ctx.model;
    let (suite, index) = codegen::enclosing_suite(model.suite, start.range())
        .ok_or("the job is started inside an expression; move it by hand")?;
    let after: &Stmt = match pending.commit {
        Commit::Call(commit) => suite[index + 1..]
            .iter()
            .find(|s| s.range().contains_range(commit.range()))
            .filter(|s| s.range() == commit.range())
            .ok_or("the commit is in another block than the job's start; move the start after it by hand")?,
        Commit::WithEnd(with) => {
            let Stmt::With(w) = with else {
                return Err("unexpected block".to_string());
            };
            if !w.body.iter().any(|s| s.range() == start.range()) {
                return Err("the job starts in a nested block of the `with`; move it after the block by hand".to_string());
            }
            with
        }
        Commit::Dependency => return Err("the commit is in a dependency".to_string()),
    };
    let between = TextRange::new(start.end(), after.start().max(start.end()));
    let between = match pending.commit {
        Commit::WithEnd(with) => TextRange::new(start.end(), with.end()),
        _ => between,
    };
    let body = &model.scopes.function(scope).def.body;
    let leaves = visit::any_stmt(body, |s| {
        matches!(
            s,
            Stmt::Return(_) | Stmt::Raise(_) | Stmt::Break(_) | Stmt::Continue(_)
        ) && between.contains_range(s.range())
    });
    if leaves {
        return Err("the code between the job's start and the commit can leave the function; start the job after the commit by hand".to_string());
    }
    let bound: Vec<String> = visit::names_stored(std::slice::from_ref(start))
        .into_iter()
        .map(|(n, _)| n)
        .collect();
    let read: Vec<String> = stmt_reads(start);
    let conflict = visit::names_loaded(body)
        .iter()
        .any(|(n, r)| between.contains_range(*r) && bound.contains(n))
        || visit::names_stored(body)
            .iter()
            .any(|(n, r)| between.contains_range(*r) && read.contains(n));
    if conflict {
        return Err("the code between the job's start and the commit uses what the start binds or changes what it passes; move it by hand".to_string());
    }
    statements::move_after(model, start, after).ok_or_else(|| {
        "the statements share lines with other code; move the start by hand".to_string()
    })
}

fn stmt_reads(stmt: &Stmt) -> Vec<String> {
    visit::names_loaded(std::slice::from_ref(stmt))
        .into_iter()
        .map(|(n, _)| n)
        .collect()
}
