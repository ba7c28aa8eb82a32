//! An upsert done by hand in separate transactions: `UPDATE t ... WHERE k = ?`,
//! then a test of how many rows it changed (`cur.rowcount == 0`, or
//! `conn.total_changes` compared with its value before), then, when none,
//! `INSERT INTO t ...`. The "read" is the UPDATE's change count.
//!
//! When each statement is its own transaction (an autocommit connection, a
//! commit between them, or a project helper that runs one statement, often
//! under a lock of its own, and commits), two callers upserting one new key
//! both see "nothing changed" and both insert: duplicate rows, or an
//! IntegrityError on a unique key (F-update-then-insert: 84-97 duplicates of
//! 60 new keys under 8 threads). One legacy-mode connection running both
//! statements with no commit between is safe: the UPDATE's implicit BEGIN
//! takes the write lock, held until the INSERT is committed.
//!
//! Not reported: `INSERT OR REPLACE`, `INSERT OR IGNORE` and `ON CONFLICT`
//! inserts; a `BEGIN IMMEDIATE`/`EXCLUSIVE` sent before the UPDATE; a lock
//! or nobody else between the statements (semantic::second_writers, which also
//! sees one lock held across all the steps); a change count of another
//! statement (a SELECT's cursor `rowcount` counts nothing written).
//!
//! Display-only: the fix is one statement, `INSERT ... ON CONFLICT(k) DO
//! UPDATE` (which needs a unique key on `k`), or one lock (or `BEGIN
//! IMMEDIATE` transaction) held from the UPDATE to the INSERT.

use rustc_hash::FxHashMap as HashMap;

use ruff_python_ast::{self as ast, Expr, Stmt};
use ruff_text_size::{Ranged, TextRange};

use crate::codemods::{Context, Meta};
use crate::finding::{Confidence, Finding, Severity};
use crate::semantic::model::{Call, Callee};
use crate::semantic::scopes::FuncId;
use crate::semantic::second_writers::{self, SecondWriter};
use crate::semantic::transactions::TxState;
use crate::semantic::visit::{self, scope_stmts};
use crate::semantic::{effects, threads};

pub(super) fn check(meta: &'static Meta, ctx: &Context<'_, '_>, out: &mut Vec<Finding>) {
    let model = ctx.model;
    // Every call whose first argument is literal SQL, by function.
    let mut by_scope: HashMap<FuncId, Vec<(&Call<'_>, String)>> = HashMap::default();
    for call in &model.calls {
        let (Some(scope), false) = (call.scope, call.in_lambda) else {
            continue;
        };
        if let Some(sql) = literal_sql(call.expr) {
            by_scope.entry(scope).or_default().push((call, sql));
        }
    }
    if by_scope.is_empty() {
        return;
    }
    let threaded = ctx.threaded_functions();
    let concurrent = ctx.unserialized_threaded_functions();
    let party = ctx.second_party();
    let mut scopes: Vec<&FuncId> = by_scope.keys().collect();
    scopes.sort();
    for &scope in scopes {
        let statements = &by_scope[&scope];
        let function = model.scopes.function(scope);
        if function.def.is_async {
            continue;
        }
        if threaded.contains_key(&function.qualname) && !concurrent.contains_key(&function.qualname)
        {
            continue;
        }
        for stmt in scope_stmts(&function.def.body) {
            let Stmt::If(test_if) = stmt else { continue };
            let Some((update, table)) = counted_update(model, statements, test_if) else {
                continue;
            };
            // A plain INSERT into the same table in a branch of the test.
            let Some(insert) = statements.iter().find(|(c, sql)| {
                test_if.range().contains_range(c.range())
                    && !test_if.test.range().contains_range(c.range())
                    && plain_insert(sql).is_some_and(|t| t == table)
            }) else {
                continue;
            };
            let immediate_before = statements.iter().any(|(c, sql)| {
                c.range().end() <= update.range().start()
                    && (sql.starts_with("begin immediate") || sql.starts_with("begin exclusive"))
            });
            if immediate_before || !separate_transactions(ctx, scope, update, insert.0) {
                continue;
            }
            let span = update.range().cover(insert.0.range());
            let known = second_writers::Known {
                threads: threads::concurrency_reason(threaded, &function.qualname, false),
                party,
            };
            let writer =
                second_writers::of_read_then_write(ctx.project, model, scope, span, &known);
            if writer == SecondWriter::Nobody {
                continue;
            }
            out.push(report(
                meta,
                ctx,
                function.qualname.as_str(),
                update,
                insert.0,
                &table,
                &writer,
            ));
        }
    }
}

/// The SQL text of a call's first argument when it is a string literal, lower
/// case, one space between words.
fn literal_sql(call: &ast::ExprCall) -> Option<String> {
    let Some(Expr::StringLiteral(s)) = call.arguments.args.first() else {
        return None;
    };
    let sql = s
        .value
        .to_str()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_ascii_lowercase();
    let kind = sql.split(' ').next().unwrap_or("");
    matches!(kind, "update" | "insert" | "begin" | "select" | "replace").then_some(sql)
}

/// The table of a plain `INSERT INTO t`: not `OR REPLACE`, `OR IGNORE` nor
/// `ON CONFLICT`, which settle the second insert themselves.
fn plain_insert(sql: &str) -> Option<String> {
    if sql.contains(" on conflict") || !sql.starts_with("insert into ") {
        return None;
    }
    effects::table_of_write(sql)
}

/// The UPDATE whose change count `test_if` tests, and its table: a name bound
/// from the UPDATE's call (`cur = execute("UPDATE ...")`, `n =
/// execute(...).rowcount`) whose `rowcount` (or itself) the test reads, the
/// call's `.rowcount` in the test, or `total_changes` read in the test after
/// an UPDATE of this function.
fn counted_update<'c, 'a>(
    model: &crate::semantic::model::Model<'a>,
    statements: &[(&'c Call<'a>, String)],
    test_if: &ast::StmtIf,
) -> Option<(&'c Call<'a>, String)> {
    let updates: Vec<(&Call<'_>, String)> = statements
        .iter()
        .filter(|(c, _)| c.range().end() <= test_if.test.range().start())
        .filter_map(|(c, sql)| {
            sql.starts_with("update ")
                .then(|| effects::table_of_write(sql))
                .flatten()
                .map(|t| (*c, t))
        })
        .collect();
    let test = &*test_if.test;
    let mut found: Option<(&Call<'_>, String)> = None;
    visit::any_sub_expr(test, |e| {
        let Expr::Attribute(a) = e else { return false };
        match a.attr.as_str() {
            "rowcount" => {
                let hit = match &*a.value {
                    Expr::Call(c) => updates.iter().find(|(u, _)| u.expr.range() == c.range()),
                    Expr::Name(n) => bound_update(model, &updates, n.id.as_str(), false),
                    _ => None,
                };
                if let Some(hit) = hit {
                    found = Some(hit.clone());
                    return true;
                }
                false
            }
            "total_changes" => {
                if let Some(last) = updates.last() {
                    found = Some(last.clone());
                    return true;
                }
                false
            }
            _ => false,
        }
    });
    if found.is_none() {
        // `n = execute("UPDATE ...").rowcount`, then `if n == 0:`.
        for name in visit::loaded_names(test) {
            if let Some(hit) = bound_update(model, &updates, &name, true) {
                found = Some(hit.clone());
                break;
            }
        }
    }
    found
}

/// The UPDATE whose call (or, with `count`, whose call's `.rowcount`) the
/// assignment to `name` before the test takes.
fn bound_update<'u, 'c, 'a>(
    _model: &crate::semantic::model::Model<'a>,
    updates: &'u [(&'c Call<'a>, String)],
    name: &str,
    count: bool,
) -> Option<&'u (&'c Call<'a>, String)> {
    updates.iter().rev().find(|(u, _)| {
        let Stmt::Assign(assign) = u.stmt else {
            return false;
        };
        let target = matches!(assign.targets.as_slice(), [Expr::Name(t)] if t.id.as_str() == name);
        let value = match &*assign.value {
            Expr::Call(c) if !count => c.range() == u.expr.range(),
            Expr::Attribute(a) if count && a.attr.as_str() == "rowcount" => {
                a.value.range() == u.expr.range()
            }
            _ => false,
        };
        target && value
    })
}

/// Whether the UPDATE and the INSERT run in separate transactions: both
/// through a project helper that commits, or, for direct statements, the
/// transaction model sees none open at the INSERT (autocommit, or a commit
/// between them).
fn separate_transactions(
    ctx: &Context<'_, '_>,
    scope: FuncId,
    update: &Call<'_>,
    insert: &Call<'_>,
) -> bool {
    if helper_commits(ctx, scope, update) && helper_commits(ctx, scope, insert) {
        return true;
    }
    let between = TextRange::new(update.range().end(), insert.range().start());
    if ctx.model.calls.iter().any(|c| {
        c.scope == Some(scope)
            && between.contains_range(c.range())
            && matches!(&*c.expr.func, Expr::Attribute(a) if a.attr.as_str() == "commit")
    }) {
        return true;
    }
    ctx.flows().iter().any(|flow| {
        flow.scope == scope
            && flow
                .events
                .iter()
                .any(|e| e.call.is_some_and(|c| c.range() == update.range()))
            && flow.events.iter().any(|e| {
                e.call.is_some_and(|c| c.range() == insert.range())
                    && !e.before.is_empty()
                    && e.before.iter().all(|s| *s == TxState::Closed)
            })
    })
}

/// The call goes to a function of this module (`self._run(...)`, `run(...)`)
/// that commits.
fn helper_commits(ctx: &Context<'_, '_>, scope: FuncId, call: &Call<'_>) -> bool {
    let model = ctx.model;
    let caller_class = model.scopes.function(scope).class;
    let (name, method) = match &call.callee {
        Callee::SelfMethod(n) => (n.as_str(), true),
        Callee::Local(n) => (n.as_str(), false),
        _ => return false,
    };
    model.scopes.functions.iter().enumerate().any(|(id, f)| {
        f.name() == name
            && if method {
                f.class.is_some() && f.class == caller_class
            } else {
                f.class.is_none() && f.parent.is_none()
            }
            && model.calls.iter().any(|c| {
                c.scope == Some(id)
                    && matches!(&*c.expr.func, Expr::Attribute(a) if a.attr.as_str() == "commit")
            })
    })
}

fn report(
    meta: &'static Meta,
    ctx: &Context<'_, '_>,
    label: &str,
    update: &Call<'_>,
    insert: &Call<'_>,
    table: &str,
    writer: &SecondWriter,
) -> Finding {
    let insert_line = ctx.model.line_column(insert.range().start()).0;
    let message = format!(
        "`{label}` updates `{table}`, checks how many rows changed, and inserts (line {insert_line}) when none did, each statement its own transaction: two concurrent calls for one new key both see no change and both insert (a duplicate row, or an IntegrityError on a unique key)"
    );
    let mut finding = Finding::new(meta, update.range(), message).with_severity(Severity::Medium);
    let context = match writer {
        SecondWriter::Named(who) => format!("Concurrent with {who}. "),
        SecondWriter::Callers(why) => {
            finding = finding.with_confidence(Confidence::Medium);
            format!("{why}. ")
        }
        SecondWriter::Nobody => String::new(),
    };
    finding.with_note(format!(
        "{context}Make it one statement, `INSERT INTO {table} ... ON CONFLICT(<key>) DO UPDATE SET ...` (with a unique key on the column), or hold one lock (or one `BEGIN IMMEDIATE` transaction) from the UPDATE to the INSERT (F-update-then-insert)"
    ))
}
