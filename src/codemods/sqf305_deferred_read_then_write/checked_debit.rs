//! A check on a value read earlier, then a relative UPDATE that takes from it
//! without checking again.
//!
//! `SET balance = balance - ?` loses no update: SQLite applies each decrement
//! to the current value. What it does not do is re-check the limit the code
//! tested on a value it read before (`if user["balance"] < amount: abort(400)`).
//! Two requests for one account both read 10, both pass a check for 8, and both
//! decrement: the balance ends at -6 (a tip then credits another user with money
//! that was never there). Taking the decrement atomically needs the check in the
//! statement: `UPDATE users SET balance = balance - ? WHERE id = ? AND balance >=
//! ?`, with `rowcount == 0` meaning "not enough".
//!
//! Reported at the UPDATE when, in one function:
//! - the UPDATE of table `t` sets `c = c - <value>` and its `WHERE` does not
//!   name `c` (no `AND c >= ?`);
//! - a comparison (`<`, `<=`, `>`, `>=`) of a value read from column `c`
//!   decides it: a test around the UPDATE or a guard before it that leaves
//!   (`abort`, `raise`, `return`). The value is `row["c"]` or `row.c` of a row
//!   this function fetched with a SELECT of `t`, a single-column `SELECT c FROM
//!   t`, or `row["c"]` of a row the function did not read itself: `g.<name>`
//!   (set by a login hook or an authentication decorator at the start of the
//!   request), flask-login's `current_user`, or a parameter (a row a decorator
//!   injects into the view). Where that row came from is not followed into the
//!   decorator: the column name on the row and the table the UPDATE debits
//!   stand for it;
//! - no `.rowcount` (or `total_changes`, `changes()`) is consulted after the
//!   UPDATE, and no `BEGIN IMMEDIATE` / `BEGIN EXCLUSIVE` is sent before it in
//!   the function (nor is it inside a project helper's IMMEDIATE block);
//! - a second party is named (semantic::second_writers): the request threads or
//!   workers that run the view, the loop's other tasks for a coroutine (every
//!   awaited read or write lets them run), another program of the project.
//!
//! No automatic fix: the condition in the `WHERE` changes what the function
//! does when it fails (the refusal must come from the row count), which the
//! note spells out.

use ruff_python_ast::Expr;
use ruff_text_size::{Ranged, TextRange};

use crate::codemods::{Context, Meta};
use crate::finding::{Finding, Severity};
use crate::semantic::model::{Call, Model};
use crate::semantic::read_dependence::ReadData;
use crate::semantic::scopes::FuncId;
use crate::semantic::second_writers::{self, SecondWriter};
use crate::semantic::{connections, threads, visit};

/// `UPDATE t SET c = c - ... WHERE ...`, its parts.
struct Debit {
    table: String,
    column: String,
    /// `c = c + ...`: a credit or a count, not reported here (see `owns`).
    adds: bool,
    rechecked: bool,
}

pub(super) fn check(meta: &'static Meta, ctx: &Context<'_, '_>, out: &mut Vec<Finding>) {
    let model = ctx.model;
    // Cheap filter first: a module with no relative decrement has nothing here.
    if !model.text.contains('-') {
        return;
    }
    let threaded = ctx.threaded_functions();
    let concurrent = ctx.unserialized_threaded_functions();
    for (id, function) in model.scopes.functions.iter().enumerate() {
        // Every thread that reaches it does so under a caller's lock.
        if !function.def.is_async
            && threaded.contains_key(&function.qualname)
            && !concurrent.contains_key(&function.qualname)
        {
            continue;
        }
        let calls: Vec<&Call<'_>> = model.calls_in(Some(id)).collect();
        for call in &calls {
            let Some(sql) = connections::normalized_sql(model, call) else {
                continue;
            };
            let Some((debit, read)) = stale_check(ctx, id, &calls, call, &sql) else {
                continue;
            };
            // An addition after a check (a credit to another row, a count under
            // a cap) is left alone: which way the check points is not modelled.
            if debit.adds || made_safe(ctx, id, &calls, call, &sql, &debit) {
                continue;
            }
            let Some(who) = second_party(ctx, id, read, call, threaded) else {
                continue;
            };
            out.push(report(meta, model, call, &debit, read, &who));
        }
    }
}

/// The relative UPDATE `call` (running `sql`) is decided by a stale check of
/// the column it changes: the debit, and where the first value compared was read.
fn stale_check(
    ctx: &Context<'_, '_>,
    scope: FuncId,
    calls: &[&Call<'_>],
    call: &Call<'_>,
    sql: &str,
) -> Option<(Debit, TextRange)> {
    let model = ctx.model;
    let debit = parse_debit(sql)?;
    let read = deciding_read(model, scope, calls, call, &debit)?;
    Some((debit, read))
}

/// The check is made safe: the WHERE re-checks the column, the row count is
/// looked at after the UPDATE, or the write lock was taken before the read.
/// Also a PostgreSQL or MySQL statement, not SQLite's to judge here.
fn made_safe(
    ctx: &Context<'_, '_>,
    scope: FuncId,
    calls: &[&Call<'_>],
    call: &Call<'_>,
    sql: &str,
    debit: &Debit,
) -> bool {
    let model = ctx.model;
    debit.rechecked
        || in_transaction_block(model, scope, call)
        || crate::semantic::foreign_db::not_sqlite(model, call, sql)
        || immediate_before(model, calls, call)
        || super::in_immediate_helper_block(ctx, call.range())
        || count_consulted(model, scope, call)
}

/// Whether the write `call` is a relative UPDATE (`c = c - ?` or `c = c + ?`)
/// decided by a check of `c` read earlier: it loses no update, so the general
/// lost-update walk leaves it alone; an unguarded decrement is reported here,
/// with what is wrong (the check, not a lost update), and a guarded one (the
/// WHERE, the row count, BEGIN IMMEDIATE) is safe.
pub(super) fn owns(ctx: &Context<'_, '_>, scope: FuncId, call: &Call<'_>) -> bool {
    let model = ctx.model;
    let Some(sql) = connections::normalized_sql(model, call) else {
        return false;
    };
    if !sql.starts_with("update ") {
        return false;
    }
    let calls: Vec<&Call<'_>> = model.calls_in(Some(scope)).collect();
    stale_check(ctx, scope, &calls, call, &sql).is_some()
}

/// `update <t> set ... <c> = <c> - ... where <condition>` (or `+`, which only
/// `owns` takes), and whether the condition names `c`.
fn parse_debit(sql: &str) -> Option<Debit> {
    let rest = sql.strip_prefix("update ")?;
    let rest = rest
        .strip_prefix("or ignore ")
        .or_else(|| rest.strip_prefix("or abort "))
        .unwrap_or(rest);
    let (table, rest) = rest.split_once(' ')?;
    let table = unquote(table).to_string();
    let rest = rest.trim_start().strip_prefix("set ")?;
    let (set, condition) = rest.split_once(" where ")?;
    for assignment in set.split(',') {
        let Some((column, value)) = assignment.split_once('=') else {
            continue;
        };
        let column = unquote(column.trim());
        let value = value.trim();
        let Some(after) = value
            .strip_prefix(column)
            .or_else(|| value.strip_prefix(&format!("\"{column}\"")))
        else {
            continue;
        };
        let after = after.trim_start();
        if !(after.starts_with('-') || after.starts_with('+')) || column.is_empty() {
            continue;
        }
        return Some(Debit {
            table,
            column: column.to_string(),
            adds: after.starts_with('+'),
            // The WHERE re-checks the column (`AND c >= ?`).
            rechecked: names_word(condition, column),
        });
    }
    None
}

fn unquote(name: &str) -> &str {
    name.trim_matches(|c| matches!(c, '"' | '`' | '[' | ']' | '\''))
}

/// `word` occurs in `text` as a whole identifier.
fn names_word(text: &str, word: &str) -> bool {
    let ident = |c: char| c.is_ascii_alphanumeric() || c == '_';
    text.match_indices(word).any(|(at, _)| {
        !text[..at].chars().next_back().is_some_and(ident)
            && !text[at + word.len()..].chars().next().is_some_and(ident)
    })
}

/// A `BEGIN IMMEDIATE` / `BEGIN EXCLUSIVE` sent earlier in the function: the
/// read and the check ran under the write lock.
fn immediate_before(model: &Model<'_>, calls: &[&Call<'_>], write: &Call<'_>) -> bool {
    calls.iter().any(|c| {
        c.range().start() < write.range().start()
            && connections::normalized_sql(model, c).is_some_and(|s| {
                s.starts_with("begin immediate") || s.starts_with("begin exclusive")
            })
    })
}

/// The function looks at how many rows the UPDATE changed after sending it:
/// the refusal can come from there.
fn count_consulted(model: &Model<'_>, scope: FuncId, write: &Call<'_>) -> bool {
    let def = &model.scopes.function(scope).def;
    if def.range().end() <= write.range().end() {
        return false;
    }
    let after = model.slice(TextRange::new(write.range().end(), def.range().end()));
    after.contains(".rowcount") || after.contains("total_changes") || after.contains("changes()")
}

/// The first read of `c` a comparison deciding the debit rests on, if any.
fn deciding_read(
    model: &Model<'_>,
    scope: FuncId,
    calls: &[&Call<'_>],
    write: &Call<'_>,
    debit: &Debit,
) -> Option<TextRange> {
    let function = model.scopes.function(scope);
    let body = &function.def.body;
    let before = |r: TextRange| r.end() <= write.range().start();
    // SELECTs of the debited table that return the column.
    let mut row_sources: Vec<TextRange> = Vec::new();
    let mut sources: Vec<TextRange> = Vec::new();
    for call in calls.iter().filter(|c| before(c.range())) {
        let Some(sql) = connections::normalized_sql(model, call) else {
            continue;
        };
        let Some(columns) = selected_columns(&sql, &debit.table) else {
            continue;
        };
        if columns.len() == 1 && unquote(&columns[0]) == debit.column {
            sources.push(call.range()); // `SELECT balance FROM users ...`
        } else if columns.iter().any(|c| {
            c == "*" || unquote(c) == debit.column || c.ends_with(&format!(".{}", debit.column))
        }) {
            row_sources.push(call.range());
        }
    }
    let rows = if row_sources.is_empty() {
        Vec::new()
    } else {
        ReadData::new(body, &row_sources, write.range())
            .names()
            .to_vec()
    };
    let params = function.parameter_names();
    // `row["c"]` / `row.c` of a row read here, or of a row handed in.
    visit::any_expr(body, |e| {
        if before(e.range()) {
            if let Some(base) = column_access(e, &debit.column) {
                let of_row = match base {
                    Expr::Name(n) => {
                        rows.iter().any(|r| r == n.id.as_str())
                            || params.contains(&n.id.as_str())
                            || model.resolve(base, Some(scope)).as_deref()
                                == Some("flask_login.current_user")
                    }
                    Expr::Attribute(a) => matches!(&*a.value, Expr::Name(g)
                        if g.id.as_str() == "g"
                            && model.resolve(&a.value, Some(scope)).as_deref().is_none_or(|q| q == "flask.g")),
                    _ => false,
                };
                if of_row {
                    sources.push(e.range());
                }
            }
        }
        false
    });
    if sources.is_empty() {
        return None;
    }
    let data = ReadData::new(body, &sources, write.range());
    if !data.count_decides() {
        return None;
    }
    sources.iter().copied().min_by_key(|r| r.start())
}

/// The columns of `select <columns> from <table> ...`, lower case, when it
/// reads from `table`.
fn selected_columns(sql: &str, table: &str) -> Option<Vec<String>> {
    let rest = sql.strip_prefix("select ")?;
    let (columns, from) = rest.split_once(" from ")?;
    let read = from
        .split(|c: char| c.is_whitespace() || c == ';' || c == ',')
        .next()
        .map(unquote)?;
    if read != table {
        return None;
    }
    Some(
        columns
            .split(',')
            .map(|c| {
                // `balance AS b` keeps the column; `u.balance` is the column.
                let c = c.trim();
                c.split(' ').next().unwrap_or(c).to_string()
            })
            .collect(),
    )
}

/// `x["c"]` or `x.c`: `x`.
fn column_access<'e>(expr: &'e Expr, column: &str) -> Option<&'e Expr> {
    match expr {
        Expr::Subscript(s) => match &*s.slice {
            Expr::StringLiteral(k) if k.value.to_str().eq_ignore_ascii_case(column) => {
                Some(&*s.value)
            }
            _ => None,
        },
        Expr::Attribute(a) if a.attr.as_str().eq_ignore_ascii_case(column) => Some(&*a.value),
        _ => None,
    }
}

/// Who else debits the same row between the check and the UPDATE.
fn second_party(
    ctx: &Context<'_, '_>,
    scope: FuncId,
    read: TextRange,
    write: &Call<'_>,
    threaded: &rustc_hash::FxHashMap<String, String>,
) -> Option<String> {
    let model = ctx.model;
    let function = model.scopes.function(scope);
    let span = read.cover(write.range());
    // A coroutine: the awaited read itself, or any await up to the UPDATE, lets
    // the loop's other tasks read the same value.
    if function.def.is_async && visit::awaits_within(&function.def.body, span) {
        return Some(
            "the event loop's other tasks (concurrent requests on the same loop), which run at the awaits between the read and the UPDATE".to_string(),
        );
    }
    let known = second_writers::Known {
        threads: threads::concurrency_reason(threaded, &function.qualname, false),
        party: ctx.second_party(),
    };
    match second_writers::of_read_then_write(ctx.project, model, scope, span, &known) {
        SecondWriter::Named(who) => Some(who),
        SecondWriter::Nobody | SecondWriter::Callers(_) => None,
    }
}

fn report(
    meta: &'static Meta,
    model: &Model<'_>,
    write: &Call<'_>,
    debit: &Debit,
    read: TextRange,
    who: &str,
) -> Finding {
    let (read_line, write_line) = (
        model.line_column(read.start()).0,
        model.line_column(write.range().start()).0,
    );
    let (table, column) = (&debit.table, &debit.column);
    let message = format!(
        "`UPDATE {table} SET {column} = {column} - ...` on line {write_line} runs after a check of `{column}` as read on line {read_line}, and its WHERE does not check it again: two concurrent calls both pass the check on the same stale value and both subtract, so `{column}` goes below the floor the check enforces (a negative balance)"
    );
    Finding::new(meta, write.range(), message)
        .with_severity(Severity::High)
        .with_note(format!(
            "Second party: {who}. The relative UPDATE loses no update, but the check before it was made on a value read earlier. Not fixed automatically: put the check in the statement (`... WHERE <key> = ? AND {column} >= ?`) and treat `cursor.rowcount == 0` as the refusal, or send `BEGIN IMMEDIATE` before the read and commit after the UPDATE"
        ))
}

/// The UPDATE runs inside `with <x>.transaction() as cur:` (or `atomic()`, a
/// project's transaction helper): the helper's BEGIN comes before the read, so
/// the check is either made under the write lock (IMMEDIATE) or the UPDATE's
/// lock upgrade fails loudly (DEFERRED: the helper's own finding), never a
/// silent pass of a stale check.
fn in_transaction_block(model: &Model<'_>, scope: FuncId, call: &Call<'_>) -> bool {
    let body = &model.scopes.function(scope).def.body;
    crate::semantic::read_dependence::ancestors(body, call.range())
        .into_iter()
        .any(|stmt| {
            let ruff_python_ast::Stmt::With(with) = stmt else {
                return false;
            };
            with.items.iter().any(|item| {
                let Expr::Call(c) = &item.context_expr else {
                    return false;
                };
                let name = match &*c.func {
                    Expr::Name(n) => n.id.as_str(),
                    Expr::Attribute(a) => a.attr.as_str(),
                    _ => return false,
                };
                let name = name.to_ascii_lowercase();
                name.contains("transaction") || name == "atomic" || name.ends_with("_tx")
            })
        })
}
