//! A read and a write back through two helpers of the module, with an await
//! between them in the coroutine that calls both.
//!
//! A bot keeps its SQL in small helpers (`get_points(user)` reads a player's
//! points and returns them; `set_points(user, n)` updates the row and commits).
//! A command awaits the read, awaits something else (a message send, an HTTP
//! call) and hands the helper that writes a value computed from what it read:
//! `await set_points(uid, points + 10)`. Each helper alone reads, or writes, so
//! no flow of one function holds both; the read-then-write is the caller's. Two
//! overlapping commands for one key both resume with the same read and one
//! update is lost (docs/sqlite-facts.md#F-await-lost-update: 40 commands adding
//! one point each left 1).
//!
//! Reported when (a) the value written depends on the read (a name bound from
//! the read helper's result, or computed from such names, reaches an argument
//! of the write helper), the write changes rows already there (an `UPDATE`, a
//! replace or an upsert, of the table the read helper reads), and (b) the
//! coroutine can suspend between them on a path that runs both (an awaited
//! read helper suspends after its own SELECT; a sync one needs an await after
//! it). Not reported at start-up or in a schema-migration module, where the
//! loop's other tasks do not run yet. Helpers are resolved within the module:
//! a module function, a method of the caller's class, or a method name that
//! one class of the module alone defines.
//!
//! No fix: `BEGIN IMMEDIATE` raises in the overlapping task on a connection
//! the tasks share, and rewriting the helper into `SET n = n + ?` changes its
//! interface; the note names both remedies (an atomic update, a per-key
//! `asyncio.Lock` from the read to the write).

use rustc_hash::FxHashMap as HashMap;

use ruff_python_ast::visitor::{self, Visitor};
use ruff_python_ast::{Expr, Stmt};
use ruff_text_size::{Ranged, TextRange};

use crate::codemods::{Context, Meta};
use crate::finding::{Finding, Severity};
use crate::semantic::model::{Call, Callee, Model};
use crate::semantic::scopes::FuncId;
use crate::semantic::transactions::{Flow, Op};
use crate::semantic::{effects, exclusive_paths, visit};

pub(super) fn check(meta: &'static Meta, ctx: &Context<'_, '_>, out: &mut Vec<Finding>) {
    let model = ctx.model;
    if crate::semantic::second_party::is_startup_only(model.path) {
        return;
    }
    let methods = unique_methods(model);
    let mut readers: HashMap<FuncId, Option<Vec<String>>> = HashMap::default();
    let mut writers: HashMap<FuncId, Option<String>> = HashMap::default();
    for (id, function) in model.scopes.functions.iter().enumerate() {
        if !function.def.is_async {
            continue;
        }
        let body = &function.def.body;
        let calls: Vec<&Call<'_>> = model.calls_in(Some(id)).collect();
        let helpers: Vec<Option<FuncId>> = calls
            .iter()
            .map(|c| resolve(model, &methods, id, c))
            .collect();
        // Most coroutines call no helper that writes back: no read of theirs
        // needs its binding and taint worked out.
        let writes_back_somewhere = helpers.iter().flatten().any(|&writer| {
            writers
                .entry(writer)
                .or_insert_with(|| writes_back(model, ctx.flows_of(writer)))
                .is_some()
        });
        if !writes_back_somewhere {
            continue;
        }
        for (read, reader) in calls.iter().zip(&helpers) {
            let Some(reader) = *reader else {
                continue;
            };
            if ctx.runs_at_start(read.range().start()) {
                continue;
            }
            let read_sql = readers
                .entry(reader)
                .or_insert_with(|| reads_only(model, ctx.flows_of(reader), reader))
                .clone();
            let Some(read_sql) = read_sql else {
                continue;
            };
            let Some(bound) = bound_name(body, read.range()) else {
                continue;
            };
            let tainted = taint(body, bound, read.range().end());
            let hit = calls.iter().zip(&helpers).find_map(|(write, writer)| {
                if write.range().start() < read.range().end() {
                    return None;
                }
                let writer = (*writer)?;
                if writer == reader {
                    return None;
                }
                let table = writers
                    .entry(writer)
                    .or_insert_with(|| writes_back(model, ctx.flows_of(writer)))
                    .clone()?;
                let reads_table = read_sql.iter().any(|sql| {
                    sql.contains(&format!("from {table} "))
                        || sql.ends_with(&format!("from {table}"))
                });
                let depends = write
                    .expr
                    .arguments
                    .args
                    .iter()
                    .chain(write.expr.arguments.keywords.iter().map(|k| &k.value))
                    .any(|arg| loads_any(arg, &tainted));
                (reads_table
                    && depends
                    && exclusive_paths::can_precede(body, read.range(), write.range())
                    && exclusive_paths::suspends_between(body, read.range(), write.range()))
                .then_some((writer, write.range()))
            });
            if let Some((writer, at)) = hit {
                out.push(report(meta, model, reader, writer, read.range(), at));
            }
        }
    }
}

/// The module function or method a call runs, when the module defines it.
/// Method names one class of the module alone defines, and their method
/// (`None` where two classes define the name).
pub(super) fn unique_methods<'m>(model: &'m Model<'_>) -> HashMap<&'m str, Option<FuncId>> {
    let mut methods: HashMap<&str, Option<FuncId>> = HashMap::default();
    for (id, f) in model.scopes.functions.iter().enumerate() {
        if f.class.is_some() && f.parent.is_none() {
            methods
                .entry(f.name())
                .and_modify(|m| *m = None)
                .or_insert(Some(id));
        }
    }
    methods
}

pub(super) fn resolve(
    model: &Model<'_>,
    methods: &HashMap<&str, Option<FuncId>>,
    caller: FuncId,
    call: &Call<'_>,
) -> Option<FuncId> {
    let scopes = &model.scopes;
    match &call.callee {
        Callee::Local(name) => scopes.module_function(name),
        Callee::SelfMethod(name) => scopes.method(scopes.function(caller).class?, name),
        Callee::Method { name, .. } => *methods.get(name.as_str())?,
        _ => None,
    }
}

/// The SQL (lower case, one space between words) of the reads of a function
/// that reads and returns a value, and never writes, hands its connection on or
/// runs SQL the source does not show.
pub(super) fn reads_only(
    model: &Model<'_>,
    flows: &[Flow<'_, '_>],
    id: FuncId,
) -> Option<Vec<String>> {
    if flows.is_empty() {
        return None;
    }
    let returns = visit::scope_stmts(&model.scopes.function(id).def.body)
        .into_iter()
        .any(|s| matches!(s, Stmt::Return(r) if r.value.is_some()));
    if !returns {
        return None;
    }
    let mut sql = Vec::new();
    for flow in flows {
        for event in &flow.events {
            match event.op {
                Op::Read => sql.extend(
                    event
                        .call
                        .and_then(|c| crate::semantic::connections::normalized_sql(model, c)),
                ),
                Op::Fetch | Op::Commit { .. } | Op::Rollback { .. } | Op::Close | Op::WithExit => {}
                _ => return None,
            }
        }
    }
    (!sql.is_empty()).then_some(sql)
}

/// The table a function updates (an `UPDATE`, a replace or an upsert: rows
/// already there), when it writes one table and no read of its own decides it.
fn writes_back(model: &Model<'_>, flows: &[Flow<'_, '_>]) -> Option<String> {
    let mut table: Option<String> = None;
    for flow in flows {
        for event in &flow.events {
            match event.op {
                Op::Write => {
                    let call = event.call?;
                    let sql = crate::semantic::connections::normalized_sql(model, call)?;
                    let changes = sql.starts_with("update ")
                        || sql.starts_with("replace ")
                        || sql.starts_with("insert or replace ")
                        || sql.contains(" do update ");
                    if !changes {
                        return None;
                    }
                    let written = effects::written_table(model, call)?;
                    if table.as_ref().is_some_and(|t| *t != written) {
                        return None;
                    }
                    table = Some(written);
                }
                Op::Commit { .. } | Op::Rollback { .. } | Op::Close | Op::WithExit => {}
                _ => return None,
            }
        }
    }
    table
}

/// `name = <call>` or `name = await <call>`: the name bound to the result.
pub(super) fn bound_name(body: &[Stmt], call: TextRange) -> Option<&str> {
    visit::scope_stmts(body).into_iter().find_map(|s| {
        let Stmt::Assign(assign) = s else {
            return None;
        };
        let value = match &*assign.value {
            Expr::Await(a) => &*a.value,
            v => v,
        };
        if value.range() != call {
            return None;
        }
        match assign.targets.as_slice() {
            [Expr::Name(n)] => Some(n.id.as_str()),
            _ => None,
        }
    })
}

/// `name` and the names assigned, after `from`, values that read a name of the
/// set (`new = points + 10`), in source order.
fn taint(body: &[Stmt], name: &str, from: ruff_text_size::TextSize) -> Vec<String> {
    let mut names = vec![name.to_string()];
    let mut stmts = visit::scope_stmts(body);
    stmts.sort_by_key(|s| s.start());
    for stmt in stmts {
        if stmt.start() < from {
            continue;
        }
        let (targets, value): (Vec<&Expr>, &Expr) = match stmt {
            Stmt::Assign(a) => (a.targets.iter().collect(), &a.value),
            Stmt::AugAssign(a) => (vec![&*a.target], &a.value),
            Stmt::AnnAssign(a) => match &a.value {
                Some(v) => (vec![&*a.target], v),
                None => continue,
            },
            _ => continue,
        };
        if !loads_any(value, &names) {
            continue;
        }
        for target in targets {
            if let Expr::Name(n) = target {
                if !names.iter().any(|x| x == n.id.as_str()) {
                    names.push(n.id.to_string());
                }
            }
        }
    }
    names
}

/// Whether `expr` reads one of `names`.
fn loads_any(expr: &Expr, names: &[String]) -> bool {
    struct Finder<'n> {
        names: &'n [String],
        found: bool,
    }
    impl<'a> Visitor<'a> for Finder<'_> {
        fn visit_expr(&mut self, expr: &'a Expr) {
            if let Expr::Name(n) = expr {
                if self.names.iter().any(|x| x == n.id.as_str()) {
                    self.found = true;
                }
            }
            visitor::walk_expr(self, expr);
        }
    }
    let mut finder = Finder {
        names,
        found: false,
    };
    finder.visit_expr(expr);
    finder.found
}

fn report(
    meta: &'static Meta,
    model: &Model<'_>,
    reader: FuncId,
    writer: FuncId,
    read: TextRange,
    write: TextRange,
) -> Finding {
    let name = |id: FuncId| model.scopes.function(id).qualname.clone();
    let line = model.line_column(write.start()).0;
    let message = format!(
        "`{}` reads a value and `{}` on line {line} writes back one computed from it, with an await between: two overlapping calls for one key both resume with the same read, and one update is lost",
        name(reader),
        name(writer),
    );
    Finding::new(meta, read, message)
        .with_severity(Severity::Medium)
        .with_note(
            "Concurrent with the event loop's other tasks, which run at the awaits between the read and the write (docs/sqlite-facts.md#F-await-lost-update). Not fixed automatically: `BEGIN IMMEDIATE` would raise 'cannot start a transaction within a transaction' in the overlapping task on a connection the tasks share. Write the change as one statement that needs no read (`UPDATE ... SET n = n + ?`), or hold a per-key `asyncio.Lock` from the read to the write"
                .to_string(),
        )
}
