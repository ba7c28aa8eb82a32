//! A counter loaded from the database when a run starts, incremented in memory
//! over the run, and saved back as an absolute value.
//!
//! A tracker object reads its totals once (`self.count = row[0]` from a
//! `SELECT`), adds to them as the run goes (`self.count += 1`,
//! `self.totals[name] += n`), and at the end (or now and then) writes the whole
//! value back: `INSERT OR REPLACE INTO stats VALUES (?, ?)`, `UPDATE stats SET
//! count = ?`. The read and the write are in different methods, often minutes
//! apart, so no transaction could hold both. Two runs at once (two processes, or
//! two objects on worker threads) both load N and both save N + their own
//! increments: one run's counts are lost. A file lock taken only around the
//! save orders the saves, not the load before them.
//!
//! Reported at the save when (a) a method of the class binds `self.<attr>` (or
//! an item of it) from a `SELECT` of table `t`, (b) a method of the class adds
//! to that attribute in memory (`+=`, `-=`), (c) a method of the class writes
//! `t` with a replace or an `UPDATE` whose values carry `self.<attr>` (not `SET
//! n = n + ?`, which adds a delta and loses nothing), and (d) a second party
//! is named: worker threads reaching the save, the project's known
//! concurrency, or another program of the project. Not reported when the load
//! and the save are one method (the transaction model sees them), nor when the
//! module takes a lock across processes outside the save (a lock file held for
//! the whole run: one run at a time).
//!
//! No automatic fix: the save must write a delta (`SET count = count + ?`, or
//! `ON CONFLICT DO UPDATE SET count = count + excluded.count`), and the object
//! must keep what it added since its load, which changes its state; the note
//! says so.

use ruff_python_ast::{Expr, Operator, Stmt};
use ruff_text_size::Ranged;

use crate::codemods::{Context, Meta};
use crate::finding::{Finding, Severity};
use crate::semantic::model::{Call, Model};
use crate::semantic::read_dependence::{ReadData, ancestors};
use crate::semantic::scopes::FuncId;
use crate::semantic::second_party::SecondParty;
use crate::semantic::{connections, effects, second_writers, threads, visit};

/// An attribute loaded from a read of a table.
struct Loaded {
    attr: String,
    table: String,
    class: usize,
    method: FuncId,
}

pub(super) fn check(meta: &'static Meta, ctx: &Context<'_, '_>, out: &mut Vec<Finding>) {
    let model = ctx.model;
    if crate::semantic::second_party::is_startup_only(model.path) {
        return;
    }
    let loaded = loads(model);
    if loaded.is_empty() {
        return;
    }
    let threaded = ctx.threaded_functions();
    for (id, function) in model.scopes.functions.iter().enumerate() {
        let Some(class) = function.class else {
            continue;
        };
        for call in model.calls_in(Some(id)) {
            let Some(sql) = connections::normalized_sql(model, call) else {
                continue;
            };
            let absolute = (sql.starts_with("insert or replace into ")
                || sql.starts_with("replace into ")
                || sql.starts_with("update "))
                && !effects::is_incremental_sql(&sql);
            if !absolute {
                continue;
            }
            let Some(table) = effects::table_of_write(&sql) else {
                continue;
            };
            let Some(load) = loaded.iter().find(|l| {
                l.class == class
                    && l.table == table
                    && l.method != id
                    && incremented(model, class, &l.attr)
                    && carries(model, call, &l.attr)
            }) else {
                continue;
            };
            if run_locked(model, id) {
                continue;
            }
            let Some(who) = party(ctx, id, threaded) else {
                continue;
            };
            out.push(report(meta, model, load, call, id, &who));
        }
    }
}

/// `self.<attr>` (or `self.<attr>[k]`) bound from what a `SELECT` returned,
/// in a method.
fn loads(model: &Model<'_>) -> Vec<Loaded> {
    let mut out = Vec::new();
    for (id, function) in model.scopes.functions.iter().enumerate() {
        let Some(class) = function.class else {
            continue;
        };
        let body = &function.def.body;
        let reads: Vec<(&Call<'_>, String)> = model
            .calls_in(Some(id))
            .filter_map(|c| {
                let sql = connections::normalized_sql(model, c)?;
                let from = sql.strip_prefix("select ")?.split(" from ").nth(1)?;
                let table = from
                    .split(|ch: char| ch.is_whitespace() || ch == ';' || ch == ',')
                    .next()?
                    .trim_matches(|ch| matches!(ch, '"' | '`' | '[' | ']'))
                    .to_string();
                Some((c, table))
            })
            .collect();
        for stmt in visit::scope_stmts(body) {
            let Stmt::Assign(assign) = stmt else { continue };
            let Some(attr) = assign.targets.iter().find_map(self_attr) else {
                continue;
            };
            for (read, table) in &reads {
                if read.range().start() >= assign.start()
                    && !assign.range().contains_range(read.range())
                {
                    continue;
                }
                let data = ReadData::new(body, &[read.range()], assign.value.range());
                if data.uses(&assign.value) {
                    out.push(Loaded {
                        attr: attr.clone(),
                        table: table.clone(),
                        class,
                        method: id,
                    });
                }
            }
        }
    }
    out
}

/// `self.x` or `self.x[...]`: `x`.
fn self_attr(target: &Expr) -> Option<String> {
    let target = match target {
        Expr::Subscript(s) => &*s.value,
        t => t,
    };
    match target {
        Expr::Attribute(a) if matches!(&*a.value, Expr::Name(n) if n.id.as_str() == "self") => {
            Some(a.attr.to_string())
        }
        _ => None,
    }
}

/// A method of the class adds to `self.<attr>` in memory.
fn incremented(model: &Model<'_>, class: usize, attr: &str) -> bool {
    model
        .scopes
        .functions
        .iter()
        .filter(|f| f.class == Some(class))
        .any(|f| {
            visit::scope_stmts(&f.def.body)
                .into_iter()
                .any(|s| match s {
                    Stmt::AugAssign(a) => {
                        matches!(a.op, Operator::Add | Operator::Sub)
                            && self_attr(&a.target).as_deref() == Some(attr)
                    }
                    _ => false,
                })
        })
}

/// The write's values carry `self.<attr>`: in its arguments, or in the
/// iterable of a loop around it (`for k, n in self.totals.items():`).
fn carries(model: &Model<'_>, call: &Call<'_>, attr: &str) -> bool {
    let needle = format!("self.{attr}");
    let names = |text: &str| {
        text.match_indices(&needle).any(|(at, _)| {
            !text[at + needle.len()..]
                .chars()
                .next()
                .is_some_and(|c| c.is_ascii_alphanumeric() || c == '_')
        })
    };
    let in_args = call
        .expr
        .arguments
        .args
        .iter()
        .skip(1)
        .chain(call.expr.arguments.keywords.iter().map(|k| &k.value))
        .any(|a| names(model.slice(a.range())));
    in_args || {
        let scope = call.scope.map(|s| &model.scopes.function(s).def.body);
        scope.is_some_and(|body| {
            ancestors(body, call.range()).into_iter().any(|s| match s {
                Stmt::For(f) => names(model.slice(f.iter.range())),
                _ => false,
            })
        })
    }
}

/// A lock across processes taken in the module outside the save (a lock file
/// held for the whole run): runs do not overlap.
fn run_locked(model: &Model<'_>, save: FuncId) -> bool {
    model.calls.iter().any(|c| {
        c.scope != Some(save)
            && model.resolve(&c.expr.func, c.scope).is_some_and(|q| {
                q.starts_with("filelock.")
                    || q.starts_with("portalocker.")
                    || q.starts_with("fasteners.")
                    || q == "fcntl.flock"
                    || q == "fcntl.lockf"
                    || q == "msvcrt.locking"
            })
    })
}

/// Who else saves the same counter: threads reaching the save, the project's
/// known concurrency, or another program of the project. A lock around the
/// save alone does not count: the load came before it.
fn party(
    ctx: &Context<'_, '_>,
    save: FuncId,
    threaded: &rustc_hash::FxHashMap<String, String>,
) -> Option<String> {
    let function = ctx.model.scopes.function(save);
    if let Some(why) = threads::concurrency_reason(threaded, &function.qualname, false) {
        return Some(why);
    }
    match ctx.second_party() {
        SecondParty::Known(who) => Some(who.text.clone()),
        SecondParty::None(_) => None,
        SecondParty::Unknown => second_writers::other_process(ctx.project),
    }
}

fn report(
    meta: &'static Meta,
    model: &Model<'_>,
    load: &Loaded,
    save: &Call<'_>,
    saver: FuncId,
    who: &str,
) -> Finding {
    let name = |id: FuncId| model.scopes.function(id).qualname.clone();
    let message = format!(
        "`{}` saves `self.{}` to `{}` as an absolute value: it was loaded in `{}`, added to in memory since, and two runs at once both save their own total, so one run's counts are lost",
        name(saver),
        load.attr,
        load.table,
        name(load.method),
    );
    Finding::new(meta, save.range(), message)
        .with_severity(Severity::Medium)
        .with_note(format!(
            "Second party: {who}. Not fixed automatically: keep what the run added since the load and save the delta (`UPDATE ... SET count = count + ?`, or `INSERT ... ON CONFLICT(key) DO UPDATE SET count = count + excluded.count`), or load and save in one transaction begun IMMEDIATE (docs/sqlite-facts.md#F-begin-immediate)"
        ))
}
