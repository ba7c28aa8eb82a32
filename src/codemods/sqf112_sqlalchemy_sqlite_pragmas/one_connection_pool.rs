//! A SQLite *file* engine built with a one-connection pool, used by a program
//! that runs threads. `poolclass=StaticPool` hands the one sqlite3 connection
//! (opened with `check_same_thread=False`) to every session of every thread:
//! one thread sees another's uncommitted rows, its `commit()` commits them, and
//! every request waits on that one connection (docs/sqlite-facts.md#F-static-pool).
//! `SingletonThreadPool` keeps a connection per thread but closes arbitrary
//! ones once more threads than its `pool_size` have used it, in use or not
//! (SQLAlchemy's documentation: for in-memory test databases only).
//!
//! Both are SQLAlchemy's recipes for an in-memory database, where one
//! connection *is* the database; those URLs never reach here (`engines()`
//! keeps file URLs, certain or likely). The fix drops the `poolclass=`
//! argument, so the dialect's default pool (QueuePool for a file in 2.0)
//! gives each session its own connection; the PRAGMA finding adds WAL and
//! the busy timeout beside it. Unsafe: a URL known only at run time might be
//! in memory in some deployment, and sessions stop sharing uncommitted state.

use ruff_python_ast::{Expr, Stmt};
use ruff_text_size::{Ranged, TextRange};

use crate::codemods::{Context, Meta};
use crate::finding::Finding;
use crate::fix::{Edit, Fix, codegen};
use crate::semantic::Call;
use crate::semantic::second_party::SecondParty;

/// The one-connection pool classes, by their last name.
const POOLS: &[&str] = &["StaticPool", "SingletonThreadPool"];

/// The finding for `call`, an engine on a SQLite file (`likely`: the URL is
/// only likely SQLite, and why), when it has a one-connection pool and the
/// program runs threads.
pub(super) fn finding(
    meta: &'static Meta,
    ctx: &Context<'_, '_>,
    call: &Call<'_>,
    likely: Option<&str>,
) -> Option<Finding> {
    let model = ctx.model;
    let pool_expr = call.keyword("poolclass")?;
    let qualified = model.resolve(pool_expr, call.scope)?;
    if !qualified.starts_with("sqlalchemy") {
        return None;
    }
    let pool = POOLS
        .iter()
        .find(|p| qualified.rsplit('.').next() == Some(**p))?;
    let SecondParty::Known(who) = ctx.second_party() else {
        return None;
    };
    let harm = if *pool == "StaticPool" {
        "every session of every thread shares its one connection and its transaction: a thread \
         sees and commits another's unfinished writes, and every request waits on that \
         connection (docs/sqlite-facts.md#F-static-pool)"
    } else {
        "it keeps one connection per thread and closes arbitrary ones, in use or not, once more \
         threads than its `pool_size` have used it (SQLAlchemy documents it for in-memory test \
         databases only)"
    };
    let mut message = format!(
        "SQLAlchemy engine on a SQLite file with `poolclass={pool}`, SQLAlchemy's recipe for an \
         in-memory database: {harm}; concurrent with {who}"
    );
    if let Some(why) = likely {
        message.push_str(&format!(" (likely SQLite: {why})"));
    }
    let finding = Finding::new(meta, call.range(), message);
    let finding = match likely {
        Some(_) => finding.with_confidence(crate::finding::Confidence::Medium),
        None => finding,
    };
    let Some(mut edits) = drop_keyword(model, call, "poolclass") else {
        return Some(finding.with_note("remove `poolclass=` by hand"));
    };
    edits.extend(drop_unused_import(ctx, pool_expr));
    Some(
        finding
            .with_note(
                "without `poolclass=` the dialect's default pool (QueuePool for a file in \
                 SQLAlchemy 2.0) gives each session its own connection, with its own \
                 transaction; keep the one-connection pool only if this URL can name an \
                 in-memory database (`sqlite://`), where one connection is the whole database",
            )
            .with_fix(Fix::unsafe_(
                format!("Drop `poolclass={pool}`: one connection per session"),
                edits,
            )),
    )
}

/// Deletes keyword `name` of `call` with the separator before it (or after
/// it, when it is the first argument).
fn drop_keyword(
    model: &crate::semantic::Model<'_>,
    call: &Call<'_>,
    name: &str,
) -> Option<Vec<Edit>> {
    let args = &call.expr.arguments;
    let keyword = args
        .keywords
        .iter()
        .find(|k| k.arg.as_ref().is_some_and(|a| a.as_str() == name))?;
    let mut others: Vec<TextRange> = args
        .args
        .iter()
        .map(Ranged::range)
        .chain(args.keywords.iter().map(Ranged::range))
        .filter(|r| *r != keyword.range())
        .collect();
    others.sort_by_key(|r| r.start());
    let before = others.iter().rev().find(|r| r.end() <= keyword.start());
    let after = others.iter().find(|r| r.start() >= keyword.end());
    let range = match (before, after) {
        (Some(b), _) => TextRange::new(b.end(), keyword.end()),
        (None, Some(a)) => TextRange::new(keyword.start(), a.start()),
        (None, None) => keyword.range(),
    };
    // Comments inside the deleted span would go with it.
    if model.slice(range).contains('#') {
        return None;
    }
    Some(vec![Edit::delete(range)])
}

/// `from sqlalchemy.pool import StaticPool` on a line of its own, when the
/// module names the class nowhere else.
fn drop_unused_import(ctx: &Context<'_, '_>, pool: &Expr) -> Option<Edit> {
    let Expr::Name(name) = pool else {
        return None;
    };
    let model = ctx.model;
    let id = name.id.as_str();
    let mentions = model
        .text
        .match_indices(id)
        .filter(|(at, _)| {
            let bytes = model.text.as_bytes();
            let before = at.checked_sub(1).map(|i| bytes[i]);
            let after = bytes.get(at + id.len()).copied();
            let word = |b: Option<u8>| b.is_some_and(|b| b.is_ascii_alphanumeric() || b == b'_');
            !word(before) && !word(after)
        })
        .count();
    if mentions != 2 {
        return None;
    }
    model.suite.iter().find_map(|stmt| {
        let Stmt::ImportFrom(import) = stmt else {
            return None;
        };
        let [alias] = import.names.as_slice() else {
            return None;
        };
        if alias.asname.is_some()
            || alias.name.as_str() != id
            || !codegen::owns_lines(model.text, stmt)
        {
            return None;
        }
        Some(Edit::delete(codegen::statement_lines(
            model.text, stmt, stmt,
        )))
    })
}
