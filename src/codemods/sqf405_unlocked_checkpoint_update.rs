//! SQF405 unlocked-checkpoint-update: a checkpoint file loaded, modified and
//! saved back by code that runs concurrently, with no lock around the three steps.
//!
//! Matches, in one function, a load of a JSON/pickle checkpoint (`json.load` from
//! `open(path)`, `json.loads(path.read_text())`, or a project helper that loads
//! one) followed by a save of data derived from it to the same path (`json.dump`
//! into `open(path, "w")` or a temporary renamed onto `path`, `write_text`, or a
//! project helper that saves, sharing an argument with the load). It must run
//! concurrently: a sync function reachable from a thread entry (sync routes and
//! dependencies, thread and executor targets, sync background tasks), or a
//! coroutine reachable from an async route or task that awaits between the load
//! and the save. A `with <...lock...>:` around both, or `fcntl`/`msvcrt` file
//! locking in the function, counts as coordinated.
//!
//! Two writers then both load version N and both save N+1: one update is lost.
//! The fix (unsafe, sync code with the load and the save in one block) wraps them
//! in `with _checkpoint_lock(path):`, a re-entrant lock per checkpoint defined
//! once per module. It serializes threads of one process, which is what a sync
//! FastAPI app or an executor runs; several worker processes need a file lock
//! (`fcntl.flock`) or the state in SQLite under `BEGIN IMMEDIATE`, and the note
//! says so. Coroutines get the note only: a thread lock would block the loop.

use ruff_python_ast::{Expr, Stmt};
use ruff_text_size::{Ranged, TextRange};

use super::{Codemod, Context};
use crate::finding::Finding;
use crate::fix::{Edit, Fix, codegen};
use crate::semantic::effects;
use crate::semantic::facts;
use crate::semantic::loops::names_read;
use crate::semantic::model::{AssignKind, Call, Model};
use crate::semantic::scopes::FuncId;
use crate::semantic::visit;

pub struct UnlockedCheckpointUpdate;

pub const LOCK_HELPER: &str = "_checkpoint_lock";

impl Codemod for UnlockedCheckpointUpdate {
    crate::codemod_meta!("SQF405-unlocked-checkpoint-update");

    fn check(&self, ctx: &Context<'_, '_>, out: &mut Vec<Finding>) {
        let model = ctx.model;
        let mut threads = None;
        let mut tasks = None;
        for (id, function) in model.scopes.functions.iter().enumerate() {
            let Some(rmw) = find_rmw(ctx, id) else {
                continue;
            };
            if coordinated(model, id, &rmw) || sets_own_fields(model, &rmw) {
                continue;
            }
            let node = (None, function.qualname.clone());
            let concurrent = if function.is_async() {
                let awaits = visit::any_expr(
                    &function.def.body,
                    |e| matches!(e, Expr::Await(a) if a.start() > rmw.load_call.end() && a.start() < rmw.save_call.start()),
                );
                awaits
                    && tasks
                        .get_or_insert_with(|| facts::task_reachable(ctx.project))
                        .contains(&node)
            } else {
                threads
                    .get_or_insert_with(|| facts::thread_reachable(ctx.project))
                    .contains(&node)
            };
            if concurrent {
                out.push(finding(self, ctx, id, &rmw));
            }
        }
    }
}

/// One load-modify-save of a checkpoint.
struct Rmw {
    load_call: TextRange,
    save_call: TextRange,
    /// The statement (of the function's blocks) that loads.
    load_stmt: TextRange,
    /// What names the checkpoint: the path's text, or the argument shared by the
    /// load and save helpers.
    key: String,
    via_helpers: bool,
    /// The name the loaded state is bound to.
    state: String,
}

fn find_rmw(ctx: &Context<'_, '_>, id: FuncId) -> Option<Rmw> {
    let model = ctx.model;
    for load in model.calls_in(Some(id)) {
        if load.in_lambda {
            continue;
        }
        // What the load is assigned to first: asking what a call reaches is dearer.
        let Some(state) = assigned_name(load) else {
            continue;
        };
        let direct = effects::is_file_read(load);
        let helper = !direct
            && effects::reaches(ctx.project, model, load, |e| e.file_read)
            && !effects::reaches(ctx.project, model, load, |e| e.file_write);
        if !direct && !helper {
            continue;
        }
        if direct {
            let Some((path, load_stmt)) = loaded_path(model, id, load) else {
                continue;
            };
            if let Some(save) = direct_save(model, id, load, &state, &path) {
                return Some(Rmw {
                    load_call: load.range(),
                    save_call: save,
                    load_stmt,
                    key: path,
                    via_helpers: false,
                    state: state.clone(),
                });
            }
        } else if let Some((save, key)) = helper_save(ctx, id, load, &state) {
            return Some(Rmw {
                load_call: load.range(),
                save_call: save,
                load_stmt: load.stmt.range(),
                key,
                via_helpers: true,
                state: state.clone(),
            });
        }
    }
    None
}

/// `state = json.load(f)` → `state`.
fn assigned_name(call: &Call<'_>) -> Option<String> {
    let Stmt::Assign(assign) = call.stmt else {
        return None;
    };
    let [Expr::Name(target)] = assign.targets.as_slice() else {
        return None;
    };
    visit::any_sub_expr(&assign.value, |e| e.range() == call.range()).then(|| target.id.to_string())
}

/// The path a direct load reads, and the statement that loads it (the `with`
/// block around `json.load(f)`, or the assignment itself).
fn loaded_path(model: &Model<'_>, id: FuncId, load: &Call<'_>) -> Option<(String, TextRange)> {
    let arg = load.argument(0, "fp").or_else(|| load.argument(0, "s"))?;
    match arg {
        // with open(path) as f: state = json.load(f)
        Expr::Name(handle) => {
            let a = model
                .assignments_of(Some(id), handle.id.as_str())
                .into_iter()
                .rfind(|a| {
                    a.kind == AssignKind::WithItem && a.stmt.range().contains_range(load.range())
                })?;
            let path = opened_path(model, a.value, false)?;
            Some((path, a.stmt.range()))
        }
        // json.load(open(path)), json.loads(path.read_text())
        other => {
            let path = opened_path(model, other, false)?;
            Some((path, load.stmt.range()))
        }
    }
}

/// The path text of `open(path[, mode])`, `path.open()`, `path.read_text()`,
/// `open(path).read()`; with `write`, only opens for writing.
fn opened_path(model: &Model<'_>, expr: &Expr, write: bool) -> Option<String> {
    let Expr::Call(call) = expr else {
        return None;
    };
    let callee = model.resolve(&call.func, None).unwrap_or_default();
    let mode_ok = |mode: Option<&Expr>| match mode {
        None => !write,
        Some(Expr::StringLiteral(s)) => {
            let m = s.value.to_str();
            if write {
                m.contains('w')
            } else {
                !m.contains(['w', 'a', 'x'])
            }
        }
        Some(_) => false,
    };
    if matches!(callee.as_str(), "builtins.open" | "io.open")
        || matches!(&*call.func, Expr::Name(n) if n.id.as_str() == "open" || n.id.as_str() == "_atomic_open")
    {
        let path = call.arguments.find_argument_value("file", 0)?;
        let mode = call.arguments.find_argument_value("mode", 1);
        let atomic = matches!(&*call.func, Expr::Name(n) if n.id.as_str() == "_atomic_open");
        return (atomic && write || mode_ok(mode)).then(|| model.slice(path.range()).to_string());
    }
    let Expr::Attribute(attr) = &*call.func else {
        return None;
    };
    match attr.attr.as_str() {
        "open" => mode_ok(call.arguments.find_argument_value("mode", 0))
            .then(|| model.slice(attr.value.range()).to_string()),
        "read_text" | "read_bytes" if !write => Some(model.slice(attr.value.range()).to_string()),
        "read" if !write => opened_path(model, &attr.value, false),
        _ => None,
    }
}

/// A save after `load` of data read from `state` to `path`: the call's range.
fn direct_save(
    model: &Model<'_>,
    id: FuncId,
    load: &Call<'_>,
    state: &str,
    path: &str,
) -> Option<TextRange> {
    for call in model.calls_in(Some(id)) {
        if call.range().start() <= load.range().end() {
            continue;
        }
        let (data, target, at) = match call.qualified() {
            Some(q) if q.ends_with(".dump") => {
                let data = call.argument(0, "obj")?;
                let Some(Expr::Name(handle)) = call.argument(1, "fp") else {
                    continue;
                };
                let Some(a) = model
                    .assignments_of(Some(id), handle.id.as_str())
                    .into_iter()
                    .rfind(|a| {
                        a.kind == AssignKind::WithItem
                            && a.stmt.range().contains_range(call.range())
                    })
                else {
                    continue;
                };
                let Some(written) = opened_path(model, a.value, true) else {
                    continue;
                };
                // Written to a temporary, then renamed onto the target.
                let renamed = model.calls_in(Some(id)).find(|r| {
                    r.range().start() > call.range().end()
                        && matches!(r.qualified(), Some("os.replace" | "os.rename"))
                        && r.argument(0, "src")
                            .is_some_and(|s| model.slice(s.range()) == written)
                });
                match renamed {
                    Some(r) => (
                        data,
                        r.argument(1, "dst")
                            .map(|d| model.slice(d.range()).to_string())?,
                        r.range(),
                    ),
                    None => (data, written, call.range()),
                }
            }
            _ => match call.method_name() {
                Some("write_text" | "write_bytes") => {
                    let Expr::Attribute(attr) = &*call.expr.func else {
                        continue;
                    };
                    (
                        call.argument(0, "data")?,
                        model.slice(attr.value.range()).to_string(),
                        call.range(),
                    )
                }
                _ => continue,
            },
        };
        if target == path && names_read(data).iter().any(|n| n == state) {
            return Some(at);
        }
    }
    None
}

/// A project helper that saves `state` after `load`, sharing an argument with
/// the load: the save call's range and the shared argument's text.
fn helper_save(
    ctx: &Context<'_, '_>,
    id: FuncId,
    load: &Call<'_>,
    state: &str,
) -> Option<(TextRange, String)> {
    let model = ctx.model;
    let load_args: Vec<&str> = load
        .expr
        .arguments
        .args
        .iter()
        .map(|a| model.slice(a.range()))
        .collect();
    model.calls_in(Some(id)).find_map(|call| {
        if call.range().start() <= load.range().end() {
            return None;
        }
        let args: Vec<&Expr> = call.expr.arguments.args.iter().collect();
        if !args
            .iter()
            .any(|a| names_read(a).iter().any(|n| n == state))
        {
            return None;
        }
        let shared = args
            .iter()
            .map(|a| model.slice(a.range()))
            .find(|t| load_args.contains(t))?;
        effects::reaches(ctx.project, model, call, |e| e.file_write)
            .then(|| (call.range(), shared.to_string()))
    })
}

/// Between the load and the save, the function only sets fields of the state
/// to values of its own (`cfg["host"] = form.host`), every one on every call
/// (no `if`, no loop), and saves the state itself: each call writes the same
/// fields from its own arguments, so two calls that interleave leave what one
/// of them would have left after the other (the last save wins, as in any
/// order). Nothing read is changed and written back: no update is lost. A
/// value computed from the state (`cfg["n"] = cfg["n"] + 1`), an `append`, or
/// a field set only on some calls is a read-modify-write, and stays reported.
fn sets_own_fields(model: &Model<'_>, rmw: &Rmw) -> bool {
    let Some((suite, first)) = codegen::enclosing_suite(model.suite, rmw.load_stmt) else {
        return false;
    };
    let Some(last) = suite
        .iter()
        .position(|s| s.range().contains_range(rmw.save_call))
    else {
        return false;
    };
    if last <= first {
        return false;
    }
    let state = rmw.state.as_str();
    let is_state = |e: &Expr| matches!(e, Expr::Name(n) if n.id.as_str() == state);
    let mentions_state =
        |e: &Expr| visit::any_sub_expr(e, |x| matches!(x, Expr::Name(n) if n.id.as_str() == state));
    let between_ok = suite[first + 1..last].iter().all(|stmt| match stmt {
        // `state["key"] = value` / `state.key = value`, the value not read from the state.
        Stmt::Assign(a) => {
            let [target] = a.targets.as_slice() else {
                return false;
            };
            let field_of_state = match target {
                Expr::Subscript(sub) => {
                    matches!(&*sub.value, Expr::Name(n) if n.id.as_str() == state)
                        && matches!(&*sub.slice, Expr::StringLiteral(_))
                }
                Expr::Attribute(attr) => {
                    matches!(&*attr.value, Expr::Name(n) if n.id.as_str() == state)
                }
                _ => false,
            };
            if field_of_state {
                !mentions_state(&a.value)
            } else {
                !visit::any_expr(std::slice::from_ref(stmt), |e| mentions_state(e))
            }
        }
        other => !visit::any_expr(std::slice::from_ref(other), |e| mentions_state(e)),
    });
    // The save writes the state itself, not something built from it.
    let saves_state_whole = visit::any_expr(std::slice::from_ref(&suite[last]), |e| {
        let Expr::Call(call) = e else {
            return false;
        };
        call.range() == rmw.save_call
            && call.arguments.args.iter().any(|a| {
                is_state(a)
                    || matches!(a, Expr::Call(c) if c.arguments.args.first().is_some_and(is_state))
            })
    });
    between_ok && saves_state_whole
}

/// A lock held around both steps, or file locking in the function.
fn coordinated(model: &Model<'_>, id: FuncId, rmw: &Rmw) -> bool {
    let body = &model.scopes.function(id).def.body;
    let span = TextRange::new(rmw.load_call.start(), rmw.save_call.end());
    let locked_block = visit::any_stmt(body, |s| {
        matches!(s, Stmt::With(w) if w.range().contains_range(span)
            && w.items.iter().any(|i| model.slice(i.context_expr.range()).to_ascii_lowercase().contains("lock")))
    });
    let file_lock = model.calls_in(Some(id)).any(|c| {
        matches!(
            c.qualified(),
            Some("fcntl.flock" | "fcntl.lockf" | "msvcrt.locking")
        ) || c
            .qualified()
            .is_some_and(|q| q.starts_with("filelock.") || q.starts_with("portalocker."))
    });
    locked_block || file_lock || acquired_around(model, id, span)
}

/// `if not lock.acquire(blocking=False): return` ... `finally: lock.release()`:
/// the same object is acquired before the load and released after the save.
fn acquired_around(model: &Model<'_>, id: FuncId, span: TextRange) -> bool {
    let receiver = |c: &Call<'_>, method: &str| match &*c.expr.func {
        Expr::Attribute(a) if a.attr.as_str() == method => Some(model.slice(a.value.range())),
        _ => None,
    };
    let calls: Vec<&Call<'_>> = model.calls_in(Some(id)).collect();
    calls.iter().any(|a| {
        a.range().end() <= span.start()
            && receiver(a, "acquire").is_some_and(|held| {
                calls.iter().any(|r| {
                    r.range().start() >= span.end() && receiver(r, "release") == Some(held)
                })
            })
    })
}

fn finding(
    codemod: &UnlockedCheckpointUpdate,
    ctx: &Context<'_, '_>,
    id: FuncId,
    rmw: &Rmw,
) -> Finding {
    let model = ctx.model;
    let function = model.scopes.function(id);
    let how = if function.is_async() {
        "runs as concurrent tasks and awaits between the load and the save"
    } else {
        "runs in several threads at once"
    };
    let what = if rmw.via_helpers {
        format!("The checkpoint of `{}`", rmw.key)
    } else {
        format!("Checkpoint `{}`", rmw.key)
    };
    let message = format!(
        "{what} is loaded, modified and saved without a lock while `{}` {how}: concurrent updates overwrite each other",
        function.name()
    );
    let finding = Finding::new(codemod.meta(), rmw.load_call, message);
    if function.is_async() {
        return finding.with_note("guard the load-modify-save with an `asyncio.Lock` per checkpoint (a thread lock would block the event loop), or keep this state in SQLite and update it in one `BEGIN IMMEDIATE` transaction");
    }
    match lock_edits(ctx, rmw) {
        Ok(edits) => finding
            .with_fix(Fix::unsafe_(
                format!("Hold a per-checkpoint lock from the load to the save: `with {LOCK_HELPER}({}):`", rmw.key),
                edits,
            ))
            .with_note(if rmw.via_helpers {
                "the lock is keyed by the argument the load and save share, and it serializes threads of this process only: other code updating this checkpoint must take the same lock, and several worker processes need `fcntl.flock` or the state in SQLite"
            } else {
                "the lock serializes threads of this process only: other code updating this checkpoint must take the same lock, and several worker processes need `fcntl.flock` or the state in SQLite under `BEGIN IMMEDIATE`"
            }),
        Err(why) => finding.with_note(why),
    }
}

fn lock_edits(ctx: &Context<'_, '_>, rmw: &Rmw) -> Result<Vec<Edit>, String> {
    let model = ctx.model;
    let text = model.text;
    let (suite, first) = codegen::enclosing_suite(model.suite, rmw.load_stmt)
        .ok_or("the load sits inside an expression; add the lock by hand")?;
    let last = suite
        .iter()
        .rposition(|s| s.range().contains_range(rmw.save_call))
        .filter(|&i| i >= first)
        .ok_or("the save is in another block than the load; hold one lock around both by hand")?;
    let (head, tail) = (&suite[first], &suite[last]);
    if !codegen::owns_lines(text, head) || !codegen::owns_lines(text, tail) {
        return Err("the statements share lines with other code; add the lock by hand".to_string());
    }
    let region = &suite[first..=last];
    if visit::any_node(region, |n| {
        matches!(
            n,
            visit::Node::Expr(Expr::Yield(_) | Expr::YieldFrom(_) | Expr::Await(_))
        )
    }) {
        return Err("the steps yield or await; a lock held across that would block other threads for as long".to_string());
    }
    let indent = codegen::indentation_at(text, head.start());
    let unit = model.stylist.indent.as_str();
    let nl = model.stylist.newline.as_str();
    let lines = codegen::statement_lines(text, head, tail);
    let mut code = format!("{indent}with {LOCK_HELPER}({}):{nl}", rmw.key);
    code.push_str(&codegen::indent_lines(model, lines, unit));
    let mut edits = vec![Edit::replace(lines, code)];
    edits.extend(helper_edits(model));
    Ok(edits)
}

fn helper_edits(model: &Model<'_>) -> Vec<Edit> {
    let (threading, e1) = codegen::module_ref(model, "threading");
    let (os, e2) = codegen::module_ref(model, "os");
    let mut edits: Vec<Edit> = [e1, e2].into_iter().flatten().collect();
    let code = format!(
        r#"_checkpoint_locks = {{}}
_checkpoint_locks_guard = {threading}.Lock()


def {LOCK_HELPER}(key):
    """One lock per checkpoint, held from its load to its save (added by sqlfix, SQF405).

    Re-entrant, so a locked update may call another one. It serializes the threads
    of this process only; several processes need a file lock (fcntl.flock).
    """
    if isinstance(key, {os}.PathLike):
        key = {os}.fspath(key)
    with _checkpoint_locks_guard:
        return _checkpoint_locks.setdefault(key, {threading}.RLock())"#
    );
    edits.extend(codegen::helper(model, LOCK_HELPER, &code));
    edits
}
