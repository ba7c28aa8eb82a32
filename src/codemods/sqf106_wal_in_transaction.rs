//! SQF106 wal-in-transaction: `PRAGMA journal_mode=WAL` run on a connection
//! while a transaction is open on it, where it does not take effect (F-wal-switch):
//! after an INSERT/UPDATE/DELETE with no commit in between (sqlite3's implicit
//! BEGIN; the PRAGMA silently returns `delete`), after an explicit `BEGIN` (it
//! raises), or on an `autocommit=False` connection (Python 3.12: always in a
//! transaction). The database then stays in the rollback journal, where one
//! writer blocks every reader.
//!
//! The connection's calls are followed in source order within the function that
//! opens it: `commit()`/`rollback()`/`COMMIT`, `executescript` (it commits
//! first) and the end of a `with conn:` block close the transaction;
//! `isolation_level=None` or `autocommit=True` connections have no implicit one.
//!
//! The fix moves the PRAGMA statement to right after the connection is created
//! (first statement of a `with ... as conn:` block), before any other statement
//! on it. Unsafe: the database switches to WAL before those statements run, not
//! never, which is the point, but it is a reordering a person should see. When
//! the statement also assigns the result (`mode = conn.execute(...)...`) the
//! move is display-only: code in between may use that name. When it cannot be
//! moved verbatim (it uses a cursor, spans lines, or is alone in its block)
//! there is no fix, only a note. `autocommit=False`
//! connections get a note: toggling autocommit around the PRAGMA is for a person.

use ruff_python_ast::{Expr, Stmt};
use ruff_text_size::Ranged;

use super::{Codemod, Context};
use crate::finding::Finding;
use crate::fix::{Edit, Fix, codegen};
use crate::semantic::Call;
use crate::semantic::connections::{self, ConnSite, Driver, Holder};
use crate::semantic::sql::SqlKind;

pub struct WalInTransaction;

/// What keeps a transaction open at the PRAGMA.
enum Open<'m, 'a> {
    /// A write under sqlite3's implicit BEGIN.
    Implicit(&'m Call<'a>),
    Explicit(&'m Call<'a>),
}

impl Codemod for WalInTransaction {
    crate::codemod_meta!("SQF106-wal-in-transaction");

    fn check(&self, ctx: &Context<'_, '_>, out: &mut Vec<Finding>) {
        let model = ctx.model;
        for site in ctx.sites() {
            if matches!(site.driver, Driver::Factory(_)) {
                continue;
            }
            let Some(key) = connections::key_of(model, site) else {
                continue;
            };
            let autocommit = keyword_is(site, "autocommit");
            let no_implicit = matches!(
                site.call.keyword("isolation_level"),
                Some(Expr::NoneLiteral(_))
            ) || autocommit == Some(true);
            let mut uses: Vec<&Call<'_>> = connections::uses(model, &key)
                .into_iter()
                .filter(|c| c.scope == site.scope() && c.range().start() > site.call.range().end())
                .collect();
            uses.sort_by_key(|c| c.range().start());
            let mut open: Option<Open<'_, '_>> = None;
            for call in uses {
                match call.method_name() {
                    Some("commit" | "rollback" | "close") => {
                        open = None;
                        continue;
                    }
                    Some("executescript") => {
                        open = None;
                        continue;
                    }
                    Some("execute" | "executemany") => {}
                    _ => continue,
                }
                let Some((kinds, _)) = connections::sql_of(model, call) else {
                    continue;
                };
                let Some(kind) = kinds.first() else {
                    continue;
                };
                match kind {
                    SqlKind::Write if !no_implicit && open.is_none() => {
                        open = Some(Open::Implicit(call));
                    }
                    SqlKind::Begin(_) => open = Some(Open::Explicit(call)),
                    SqlKind::Commit | SqlKind::Rollback => open = None,
                    SqlKind::Pragma(p)
                        if p.name.as_deref() == Some("journal_mode")
                            && p.value.as_deref() == Some("wal") =>
                    {
                        if let Some(Open::Implicit(write)) = &open {
                            if committed_by_with(ctx, site, write, call) {
                                open = None;
                            }
                        }
                        if autocommit == Some(false) {
                            out.push(
                                Finding::new(
                                    self.meta(),
                                    call.range(),
                                    "`journal_mode=WAL` on an `autocommit=False` connection: a transaction is always open, so the mode cannot change",
                                )
                                .with_note(
                                    "set `conn.autocommit = True` around the PRAGMA (and back to False), or set WAL once where the database is created",
                                ),
                            );
                        } else if let Some(reason) = &open {
                            out.push(self.finding(ctx, site, call, reason));
                        }
                    }
                    _ => {}
                }
            }
        }
    }
}

fn keyword_is(site: &ConnSite<'_, '_>, name: &str) -> Option<bool> {
    match site.call.keyword(name)? {
        Expr::BooleanLiteral(b) => Some(b.value),
        _ => None,
    }
}

/// The write ran inside `with conn:`, which committed when the block ended.
fn committed_by_with(
    ctx: &Context<'_, '_>,
    site: &ConnSite<'_, '_>,
    write: &Call<'_>,
    pragma: &Call<'_>,
) -> bool {
    let Some(key) = connections::key_of(ctx.model, site) else {
        return false;
    };
    let aliases = connections::aliases(ctx.model, &key);
    codegen::ancestors(ctx.model.suite, write.stmt.range())
        .into_iter()
        .any(|stmt| {
            let Stmt::With(with) = stmt else {
                return false;
            };
            !with.range().contains_range(pragma.range())
                && with.items.iter().any(|item| {
                    item.optional_vars.is_none()
                        && connections::refers_to(
                            ctx.model,
                            &key,
                            &aliases,
                            write.scope,
                            &item.context_expr,
                        )
                })
        })
}

impl WalInTransaction {
    fn finding(
        &self,
        ctx: &Context<'_, '_>,
        site: &ConnSite<'_, '_>,
        pragma: &Call<'_>,
        open: &Open<'_, '_>,
    ) -> Finding {
        let model = ctx.model;
        let (message, line) = match open {
            Open::Implicit(write) => (
                "`journal_mode=WAL` after an uncommitted write: it silently stays in the rollback journal",
                model.line_column(write.range().start()).0,
            ),
            Open::Explicit(begin) => (
                "`journal_mode=WAL` inside an explicit transaction: it raises and the mode does not change",
                model.line_column(begin.range().start()).0,
            ),
        };
        let finding = Finding::new(self.meta(), pragma.range(), message);
        match move_edits(ctx, site, pragma) {
            Ok((edits, false)) => finding
                .with_fix(Fix::display_only(
                    "Set WAL right after the connection opens",
                    edits,
                ))
                .with_note(format!(
                    "the transaction opened on line {line}; the PRAGMA's result is assigned, so check that nothing between the two places uses that name"
                )),
            Ok((edits, true)) => finding
                .with_fix(Fix::unsafe_(
                    "Set WAL right after the connection opens",
                    edits,
                ))
                .with_note(format!(
                    "the transaction opened on line {line}; the PRAGMA now runs before it, so the database is in WAL for everything after"
                )),
            Err(why) => finding.with_note(format!(
                "the transaction opened on line {line}; run the PRAGMA before it, right after connecting ({why})"
            )),
        }
    }
}

/// Deletes the PRAGMA's line and writes it right after the connection is created;
/// `false` when the statement also assigns the result (a person checks the name).
fn move_edits(
    ctx: &Context<'_, '_>,
    site: &ConnSite<'_, '_>,
    pragma: &Call<'_>,
) -> Result<(Vec<Edit>, bool), &'static str> {
    let model = ctx.model;
    let stmt = pragma.stmt;
    let exact = match stmt {
        Stmt::Expr(expr_stmt) => {
            let awaited =
                matches!(&*expr_stmt.value, Expr::Await(a) if a.value.range() == pragma.range());
            if expr_stmt.value.range() != pragma.range() && !awaited {
                return Err("it is part of a larger expression");
            }
            true
        }
        Stmt::Assign(assign)
            if assign.targets.len() == 1 && matches!(assign.targets[0], Expr::Name(_)) =>
        {
            false
        }
        _ => return Err("its result is used where it is"),
    };
    if !pragma
        .expr
        .arguments
        .args
        .iter()
        .all(|a| a.is_string_literal_expr())
    {
        return Err("its SQL is not a literal");
    }
    let holder_text = match &site.holder {
        Holder::Local(n) | Holder::Global(n) => n.clone(),
        Holder::WithItem { name: Some(n), .. } => n.clone(),
        Holder::SelfAttr(a) => format!("self.{a}"),
        _ => return Err("the connection has no name"),
    };
    let Expr::Attribute(attr) = &*pragma.expr.func else {
        return Err("it is not a method call");
    };
    if model.slice(attr.value.range()) != holder_text {
        return Err("it runs on a cursor, not on the connection");
    }
    let lines = codegen::statement_lines(model.text, stmt, stmt);
    if model.slice(stmt.range()).contains(['\n', '\r']) {
        return Err("it spans several lines");
    }
    let Some((suite, _)) = codegen::enclosing_suite(model.suite, stmt.range()) else {
        return Err("its block could not be found");
    };
    if suite.len() < 2 {
        return Err("it is alone in its block");
    }
    let nl = model.stylist.newline.as_str();
    let text = model.slice(stmt.range());
    let (at, indent) = match site.stmt() {
        Stmt::With(with) if matches!(site.holder, Holder::WithItem { .. }) => {
            let first = with.body.first().ok_or("the with block is empty")?;
            (
                codegen::line_start(model.text, first.start()),
                codegen::indentation_at(model.text, first.start()),
            )
        }
        Stmt::Assign(_) | Stmt::AnnAssign(_) => (
            codegen::next_line_start(model.text, site.stmt().end()),
            codegen::indentation_at(model.text, site.stmt().start()),
        ),
        _ => return Err("the connection is not created by an assignment or a with statement"),
    };
    if at == lines.start() {
        return Err("it already follows the connection");
    }
    Ok((
        vec![
            Edit::insert(at, format!("{indent}{text}{nl}")),
            Edit::delete(lines),
        ],
        exact,
    ))
}
