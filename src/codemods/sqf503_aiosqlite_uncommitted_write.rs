//! SQF503 aiosqlite-uncommitted-write: `async with aiosqlite.connect(p) as db:`
//! runs an INSERT/UPDATE/DELETE and never commits it.
//!
//! aiosqlite's `async with` closes the connection on exit without committing
//! (F-aiosqlite-close, the opposite of sqlite3's `with conn:`), and Python's legacy
//! transaction control opened a transaction before the write (F-implicit-begin): the write
//! is rolled back when the block ends. Only DML counts: DDL, PRAGMA and
//! `executescript` run in autocommit. Connections opened in autocommit
//! (`isolation_level=None`, `autocommit=True`), blocks that commit or roll back
//! after their last write, and blocks that hand the connection to other code
//! (which may commit) are left alone.
//!
//! The same holds for `db = await aiosqlite.connect(...)` closed with
//! `await db.close()` after a write and no commit.
//!
//! The fix adds `await db.commit()` as the block's last statement (before a
//! final `return`), or right before the `close()`. Unsafe: what the program stores changes, which is the point,
//! but code that relied on the rollback (a dry run) would now write.

use ruff_python_ast::{Expr, Stmt};
use ruff_text_size::{Ranged, TextRange};

use super::{Codemod, Context};
use crate::finding::Finding;
use crate::fix::{Fix, statements};
use crate::semantic::connections::{self, ConnSite, Driver, Holder};
use crate::semantic::effects;
use crate::semantic::model::Call;
use crate::semantic::visit;

pub struct AiosqliteUncommittedWrite;

impl Codemod for AiosqliteUncommittedWrite {
    crate::codemod_meta!("SQF503-aiosqlite-uncommitted-write");

    fn check(&self, ctx: &Context<'_, '_>, out: &mut Vec<Finding>) {
        // Test suites use throwaway databases on purpose (semantic::paths).
        if ctx.in_test_module() {
            return;
        }
        let _model = ctx.model;
        for site in ctx.sites() {
            if site.driver != Driver::Aiosqlite
                || autocommit(site)
                || super::sqf502_aiosqlite_lifecycle::is_memory(ctx, site)
            {
                continue;
            }
            if let Holder::Local(name) = &site.holder {
                out.extend(closed_without_commit(self, ctx, site, name));
                continue;
            }
            let Holder::WithItem {
                name: Some(name), ..
            } = &site.holder
            else {
                continue;
            };
            let Stmt::With(with) = site.stmt() else {
                continue;
            };
            if !with.is_async {
                continue;
            }
            out.extend(check_block(self, ctx, site, with, name));
        }
    }
}

/// `isolation_level=None` or `autocommit=True`: every statement commits itself.
fn autocommit(site: &ConnSite<'_, '_>) -> bool {
    site.call
        .keyword("isolation_level")
        .is_some_and(|v| v.is_none_literal_expr())
        || site
            .call
            .keyword("autocommit")
            .is_some_and(|v| matches!(v, Expr::BooleanLiteral(b) if b.value))
}

fn check_block(
    codemod: &AiosqliteUncommittedWrite,
    ctx: &Context<'_, '_>,
    site: &ConnSite<'_, '_>,
    with: &ruff_python_ast::StmtWith,
    name: &str,
) -> Option<Finding> {
    let model = ctx.model;
    let key = connections::key_of(model, site)?;
    let body = TextRange::new(with.body.first()?.start(), with.body.last()?.end());
    let uses: Vec<&Call<'_>> = connections::uses(model, &key)
        .into_iter()
        .filter(|c| body.contains_range(c.range()) && c.scope == site.scope() && !c.in_lambda)
        .collect();
    let writes: Vec<&&Call<'_>> = uses
        .iter()
        .filter(|c| effects::sql_write(model, c).is_some())
        .collect();
    let (first, last) = (writes.first()?, writes.last()?);
    let settled_after = uses.iter().any(|c| {
        c.range().start() > last.range().start()
            && (effects::is_commit(model, c) || effects::method(c) == Some("rollback"))
    });
    if settled_after {
        return None;
    }
    // Handed to other code after the write: that code may commit.
    let handed_on = connections::passed_to(model, &key)
        .iter()
        .any(|(c, _)| body.contains_range(c.range()) && c.range().start() > first.range().start());
    if handed_on {
        return None;
    }
    let message = format!(
        "Write on `{name}` is never committed: `async with aiosqlite.connect()` closes without committing, so the write is rolled back"
    );
    let finding = Finding::new(codemod.meta(), first.range(), message);
    match commit_edit(ctx, with, name, first.range()) {
        Ok(edit) => Some(
            finding
                .with_fix(Fix::unsafe_(
                    format!("Commit before the block ends: `await {name}.commit()`"),
                    vec![edit],
                ))
                .with_note("the write is now stored; if the block was meant as a dry run, roll back explicitly instead"),
        ),
        Err(why) => Some(finding.with_note(why)),
    }
}

fn commit_edit(
    ctx: &Context<'_, '_>,
    with: &ruff_python_ast::StmtWith,
    name: &str,
    first_write: TextRange,
) -> Result<crate::fix::Edit, String> {
    let model = ctx.model;
    let code = format!("await {name}.commit()");
    let last = with.body.last().ok_or("empty block")?;
    // A `return` after the first write, other than the block's last statement,
    // leaves the block uncommitted on that path.
    let early_return = visit::any_stmt(&with.body, |s| {
        matches!(s, Stmt::Return(_)) && s.start() > first_write.start() && s.range() != last.range()
    });
    if early_return {
        return Err(format!(
            "the block returns on several paths after the write; add `await {name}.commit()` before each return that should keep it"
        ));
    }
    if matches!(last, Stmt::Raise(_)) {
        return Err(
            "the block ends by raising; decide whether the write should be kept".to_string(),
        );
    }
    let edit = if matches!(last, Stmt::Return(_)) {
        statements::insert_before(model, last, &code)
    } else {
        statements::insert_after(model, last, &code)
    };
    edit.ok_or_else(|| {
        format!("the block's last statement shares its line; add `await {name}.commit()` by hand")
    })
}

/// `db = await aiosqlite.connect(...)`, a write, then `await db.close()` with no
/// commit in between.
fn closed_without_commit(
    codemod: &AiosqliteUncommittedWrite,
    ctx: &Context<'_, '_>,
    site: &ConnSite<'_, '_>,
    name: &str,
) -> Option<Finding> {
    let model = ctx.model;
    let scope = site.scope()?;
    if !site.call.is_awaited() {
        return None;
    }
    let key = connections::key_of(model, site)?;
    let uses: Vec<&Call<'_>> = connections::uses(model, &key)
        .into_iter()
        .filter(|c| c.scope == Some(scope) && !c.in_lambda)
        .collect();
    let writes: Vec<&&Call<'_>> = uses
        .iter()
        .filter(|c| effects::sql_write(model, c).is_some())
        .collect();
    let (first, last) = (writes.first()?, writes.last()?);
    let close = uses
        .iter()
        .find(|c| effects::method(c) == Some("close") && c.range().start() > last.range().end())?;
    let settled = uses.iter().any(|c| {
        c.range().start() > last.range().end()
            && c.range().end() < close.range().start()
            && (effects::is_commit(model, c) || effects::method(c) == Some("rollback"))
    });
    let handed_on = connections::passed_to(model, &key)
        .iter()
        .any(|(c, _)| c.scope == Some(scope) && c.range().start() > first.range().start());
    if settled || handed_on {
        return None;
    }
    let message = format!(
        "Write on `{name}` is never committed: `{name}.close()` closes without committing, so the write is rolled back"
    );
    let finding = Finding::new(codemod.meta(), first.range(), message);
    let code = format!("await {name}.commit()");
    let edit = match close.stmt {
        Stmt::Expr(_) if not_in_finally(model, close) => {
            statements::insert_before(model, close.stmt, &code)
        }
        _ => None,
    };
    Some(match edit {
        Some(edit) => finding
            .with_fix(Fix::unsafe_(
                format!("Commit before closing: `await {name}.commit()`"),
                vec![edit],
            ))
            .with_note("the write is now stored; if it was meant to be discarded, roll back explicitly instead"),
        None => finding.with_note(format!("add `await {name}.commit()` after the last write, before the connection closes")),
    })
}

/// The close is not in a `finally`, which also runs on paths without the write.
fn not_in_finally(model: &crate::semantic::Model<'_>, close: &Call<'_>) -> bool {
    let ancestors = crate::semantic::loops::local_ancestors(model.suite, close.stmt.range());
    !ancestors
        .iter()
        .any(|s| matches!(s, Stmt::Try(t) if t.finalbody.iter().any(|f| f.range().contains_range(close.range()))))
}
