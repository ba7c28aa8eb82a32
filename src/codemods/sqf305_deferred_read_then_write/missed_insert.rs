//! A lookup through one helper and, when it finds nothing, a plain INSERT of
//! that key through another, in a caller that two parties can run at once.
//!
//! A cache keeps its SQL in two helpers: `cached(conn, key)` selects the row
//! by key and returns it, `store(conn, key, value)` runs `INSERT INTO cache
//! VALUES (?, ?)` in its own transaction. The caller asks the first, and on a
//! miss does the slow work (a web request) and hands the answer to the
//! second. Neither helper alone reads and writes, so no flow of one function
//! holds both: the check-then-insert is the caller's. When two workers (the
//! processes of a pool, each with its own connection to the file, or threads)
//! miss the same key, both insert it and the second fails with "UNIQUE
//! constraint failed": the read took no lock the insert could keep.
//!
//! Reported at the INSERT when (a) the read helper only reads, by a keyed
//! `WHERE`, the table the write helper inserts into with a plain `INSERT` (no
//! `OR IGNORE`, `OR REPLACE` or `ON CONFLICT`), (b) the caller hands both a
//! value of the same name that is not the connection (the key), (c) an `if`
//! between them asks what the lookup returned, on a path that can run both,
//! and (d) a second party can run the caller (semantic::second_writers). Not
//! reported at start-up, in commands a person types one at a time, or where
//! the caller catches the insert's `IntegrityError` (it expects the duplicate).
//!
//! No automatic fix: `INSERT OR IGNORE` (or `ON CONFLICT DO NOTHING`) keeps
//! the first writer's row and drops the second's silently, which is right for
//! a cache of one answer per key, but wrong when the program relies on the
//! error (a registration that must refuse a taken name); the note says both.

use rustc_hash::FxHashMap as HashMap;

use ruff_python_ast::{Expr, Stmt};
use ruff_text_size::{Ranged, TextRange};

use super::awaited_helpers::{bound_name, reads_only, resolve, unique_methods};
use crate::codemods::{Context, Meta};
use crate::finding::{Finding, Severity};
use crate::semantic::model::{Call, Model};
use crate::semantic::scopes::FuncId;
use crate::semantic::second_writers::{self, SecondWriter};
use crate::semantic::transactions::{self, Flow, Op};
use crate::semantic::{effects, exclusive_paths, threads, visit};

/// The plain INSERT a write helper runs: where, and into which table.
#[derive(Clone)]
struct Insert {
    at: TextRange,
    table: String,
}

/// One caller that looks up then inserts, for the report.
struct Race {
    caller: FuncId,
    reader: FuncId,
    read_line: usize,
    writer: SecondWriter,
}

pub(super) fn check(meta: &'static Meta, ctx: &Context<'_, '_>, out: &mut Vec<Finding>) {
    let model = ctx.model;
    if crate::semantic::second_party::is_startup_only(model.path) {
        return;
    }
    let methods = unique_methods(model);
    let threaded = ctx.threaded_functions();
    let party = ctx.second_party();
    // Helpers that reach the connection through an object they are handed
    // (`app.db.execute(...)`): the module's flows do not follow that path.
    let handed = std::cell::OnceCell::new();
    let flows_of = |helper: FuncId| -> &[Flow<'_, '_>] {
        let own = ctx.flows_of(helper);
        if !own.is_empty() {
            return own;
        }
        let handed: &Vec<Flow<'_, '_>> =
            handed.get_or_init(|| transactions::handed_path_flows(model));
        let start = handed.partition_point(|f| f.scope < helper);
        let end = start + handed[start..].partition_point(|f| f.scope == helper);
        &handed[start..end]
    };
    let mut readers: HashMap<FuncId, Option<Vec<String>>> = HashMap::default();
    let mut inserters: HashMap<FuncId, Option<Insert>> = HashMap::default();
    // Per write helper: its INSERT and the callers that race on it.
    let mut found: Vec<(FuncId, Insert, Vec<Race>)> = Vec::new();
    for (id, function) in model.scopes.functions.iter().enumerate() {
        if crate::semantic::commands::person_paced(model, id) {
            continue;
        }
        let body = &function.def.body;
        let calls: Vec<&Call<'_>> = model.calls_in(Some(id)).collect();
        for read in &calls {
            let Some(reader) = resolve(model, &methods, id, read) else {
                continue;
            };
            if reader == id || ctx.runs_at_start(read.range().start()) {
                continue;
            }
            let Some(read_sql) = readers
                .entry(reader)
                .or_insert_with(|| reads_only(model, flows_of(reader), reader))
                .clone()
            else {
                continue;
            };
            let Some(asked) = presence_test(body, read.range()) else {
                continue;
            };
            for write in &calls {
                if write.range().start() < asked.end() {
                    continue;
                }
                let Some(inserter) = resolve(model, &methods, id, write) else {
                    continue;
                };
                if inserter == reader || inserter == id {
                    continue;
                }
                let Some(insert) = inserters
                    .entry(inserter)
                    .or_insert_with(|| plain_insert(model, flows_of(inserter)))
                    .clone()
                else {
                    continue;
                };
                let keyed = read_sql.iter().any(|sql| {
                    (sql.contains(&format!("from {} ", insert.table))
                        || sql.ends_with(&format!("from {}", insert.table)))
                        && sql.contains(" where ")
                });
                if !keyed
                    || !shares_key(ctx.model, flows_of, reader, read, inserter, write)
                    || !exclusive_paths::can_precede(body, read.range(), write.range())
                    || catches_integrity_error(model, body, write.range())
                {
                    continue;
                }
                let shared = false;
                let known = second_writers::Known {
                    threads: threads::concurrency_reason(threaded, &function.qualname, shared),
                    party,
                };
                let span = read.range().cover(write.range());
                let writer =
                    second_writers::of_read_then_write(ctx.project, model, id, span, &known);
                if writer == SecondWriter::Nobody {
                    continue;
                }
                let race = Race {
                    caller: id,
                    reader,
                    read_line: model.line_column(read.range().start()).0,
                    writer,
                };
                match found.iter_mut().find(|(w, _, _)| *w == inserter) {
                    Some((_, _, races)) => {
                        if !races.iter().any(|r| r.caller == id) {
                            races.push(race);
                        }
                    }
                    None => found.push((inserter, insert, vec![race])),
                }
                break;
            }
        }
    }
    for (inserter, insert, races) in found {
        out.push(report(meta, model, inserter, &insert, &races));
    }
}

/// The `if` after the read that asks what it returned (`if hit is not None:`,
/// `if not row:`), or the `if` whose test is the read itself: its range.
fn presence_test(body: &[Stmt], read: TextRange) -> Option<TextRange> {
    let bound = bound_name(body, read);
    visit::scope_stmts(body).into_iter().find_map(|s| {
        let Stmt::If(i) = s else {
            return None;
        };
        let asks = i.test.range().contains_range(read)
            || (i.start() >= read.end()
                && bound.is_some_and(|name| {
                    visit::any_sub_expr(
                        &i.test,
                        |e| matches!(e, Expr::Name(n) if n.id.as_str() == name),
                    )
                }));
        asks.then(|| i.test.range())
    })
}

/// The table a function inserts into with a plain `INSERT` (a duplicate key
/// raises), when that is the only statement kind it runs besides its commit.
/// Inserts that cannot fail on a duplicate (`INSERT OR IGNORE`, `OR REPLACE`,
/// `ON CONFLICT`) beside it are passed over: a helper that fills a parent
/// row idempotently and then the keyed child row plainly still races on the
/// child.
fn plain_insert(model: &Model<'_>, flows: &[Flow<'_, '_>]) -> Option<Insert> {
    let mut insert: Option<Insert> = None;
    for flow in flows {
        for event in &flow.events {
            match event.op {
                Op::Write => {
                    let call = event.call?;
                    let sql = crate::semantic::connections::normalized_sql(model, call)?;
                    if sql.starts_with("insert or ") && !sql.starts_with("insert or abort ")
                        || sql.starts_with("insert into ") && sql.contains(" on conflict ")
                    {
                        continue;
                    }
                    if !sql.starts_with("insert into ") {
                        return None;
                    }
                    let table = effects::written_table(model, call)?;
                    if insert.as_ref().is_some_and(|i| i.table != table) {
                        return None;
                    }
                    insert.get_or_insert(Insert {
                        at: call.range(),
                        table,
                    });
                }
                Op::Begin(_)
                | Op::Commit { .. }
                | Op::Rollback { .. }
                | Op::Close
                | Op::WithExit => {}
                _ => return None,
            }
        }
    }
    insert
}

/// The two calls hand the same name (the key) to parameters that are not the
/// helpers' connections.
fn shares_key<'f>(
    model: &Model<'_>,
    flows_of: impl Fn(FuncId) -> &'f [Flow<'f, 'f>],
    reader: FuncId,
    read: &Call<'_>,
    inserter: FuncId,
    write: &Call<'_>,
) -> bool {
    let keys = |helper: FuncId, call: &Call<'_>| -> Vec<String> {
        let def = model.scopes.function(helper).def;
        // A connection is named by its parameter (`conn`) or reached through
        // one (`app.db`): either way that parameter is no key.
        let connections: Vec<&str> = flows_of(helper)
            .iter()
            .map(|f| f.label.split('.').next().unwrap_or(&f.label))
            .collect();
        let params: Vec<&str> = def
            .parameters
            .posonlyargs
            .iter()
            .chain(def.parameters.args.iter())
            .map(|p| p.parameter.name.as_str())
            .filter(|n| !matches!(*n, "self" | "cls"))
            .collect();
        let mut names = Vec::new();
        for (i, arg) in call.expr.arguments.args.iter().enumerate() {
            let Expr::Name(n) = arg else { continue };
            if params.get(i).is_some_and(|p| !connections.contains(p)) {
                names.push(n.id.to_string());
            }
        }
        for kw in &call.expr.arguments.keywords {
            let (Some(param), Expr::Name(n)) = (&kw.arg, &kw.value) else {
                continue;
            };
            if !connections.contains(&param.as_str()) {
                names.push(n.id.to_string());
            }
        }
        names
    };
    let read_keys = keys(reader, read);
    keys(inserter, write).iter().any(|k| read_keys.contains(k))
}

/// The insert runs in a `try` that catches `IntegrityError`: the caller
/// expects the duplicate and handles it.
fn catches_integrity_error(model: &Model<'_>, body: &[Stmt], write: TextRange) -> bool {
    crate::fix::codegen::ancestors(body, write)
        .into_iter()
        .any(|s| match s {
            Stmt::Try(t) if t.body.iter().any(|b| b.range().contains_range(write)) => {
                t.handlers.iter().any(|h| {
                    let ruff_python_ast::ExceptHandler::ExceptHandler(h) = h;
                    h.type_
                        .as_ref()
                        .is_some_and(|t| model.slice(t.range()).contains("IntegrityError"))
                })
            }
            _ => false,
        })
}

fn report(
    meta: &'static Meta,
    model: &Model<'_>,
    inserter: FuncId,
    insert: &Insert,
    races: &[Race],
) -> Finding {
    let name = |id: FuncId| model.scopes.function(id).qualname.clone();
    let first = &races[0];
    let who = match &first.writer {
        SecondWriter::Named(who) | SecondWriter::Callers(who) => who.clone(),
        SecondWriter::Nobody => String::new(),
    };
    let others = if races.len() > 1 {
        format!(" (also from {})", {
            let rest: Vec<String> = races[1..]
                .iter()
                .map(|r| format!("`{}`", name(r.caller)))
                .collect();
            rest.join(", ")
        })
    } else {
        String::new()
    };
    let message = format!(
        "`{}` inserts into `{}` with a plain INSERT the row `{}` looked up through `{}` on line {} and found missing{others}: two runs that miss the same key both insert it, and the second fails with 'UNIQUE constraint failed' (concurrent: {who})",
        name(inserter),
        insert.table,
        name(first.caller),
        name(first.reader),
        first.read_line,
    );
    Finding::new(meta, insert.at, message)
        .with_severity(Severity::Medium)
        .with_note(
            "the lookup takes no lock the insert could keep; when the row only caches one answer per key, insert with `INSERT OR IGNORE` (or `ON CONFLICT DO NOTHING`) so the later writer keeps the first row; keep the plain INSERT only if the program relies on the error (a name that must not be taken twice)",
        )
}
