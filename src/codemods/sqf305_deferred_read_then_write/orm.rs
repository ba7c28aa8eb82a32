//! The SQLAlchemy shapes of SQF305 (semantic::orm_transactions): a session or
//! engine connection on SQLite that reads, then writes what the read decided,
//! in one transaction. pysqlite and aiosqlite send their implicit `BEGIN` only
//! before the first write (F-implicit-begin, F-sqlalchemy), so the read runs
//! outside the transaction: two sessions read the same rows and both write,
//! and one update is lost or a check meant to let one through lets both
//! through (F-orm-read-then-write: 8 threads x 10 increments kept 10-16).
//!
//! On a session a write counts only when it can lose an update
//! (semantic::orm_lost_update): a value it writes is computed from what was
//! read (`link.clicks += 1`, `w.balance = w.balance - amount`, a `max() + 1`
//! number, a list read, appended to and written back), or a count of what was
//! read decides an insert (`if taken < seats: add(...)`). A state guard then a
//! constant, a timestamp set while empty, the caller's values set after an
//! ownership check, a row created when none was found, values fetched from
//! elsewhere: racers write what either would, and nothing is lost. Engine
//! connections running SQL keep the sqlite3 dependence test. A counter or a
//! balance also gets the one-statement `update()` that needs no read, in the
//! note.
//!
//! Two places to report:
//! - **a function** that opens the session (or engine connection) itself, is
//!   handed it, uses a module-level session or `scoped_session`, or keeps it on
//!   `self`: at its read (the finding spans the read to the write);
//! - **a write-transaction helper** (`@contextmanager`/`@asynccontextmanager`
//!   that yields a session and commits after the `yield`) whose callers, in any
//!   module, read then write inside it: once, at the helper.
//!
//! For sync sessions on an engine whose sessions stay off the event loop,
//! SQF112's unsafe fix is the fix (its `"begin"` listener makes every
//! transaction begin IMMEDIATE); the finding says so and offers none of its
//! own, which would raise inside that transaction. Async sessions (where
//! SQF112's listener is display-only: every session, reads too, would hold the
//! lock across awaits) and sync projects that run sessions on the loop get:
//!
//! The fix (unsafe) sends `BEGIN IMMEDIATE` as the transaction's first
//! statement: before the statement holding the read, where the function opened
//! the session with a `with` block (which ends the transaction on every way
//! out) and that statement sits in the block's own body, or before the
//! helper's `yield`. The write lock is then taken before the read, so a
//! concurrent session waits in the busy handler and reads the committed rows
//! (F-begin-immediate; F-orm-read-then-write: 80 of 80 kept); the session's
//! own `commit()` ends the transaction. In pysqlite's default mode an explicit
//! BEGIN is allowed: the driver sends its own only when no transaction is open.
//! What changes: other writers wait while this transaction reads, and through
//! a helper, callers that only read wait for writers too. A session the
//! function is handed (the caller may have written already: BEGIN would raise),
//! a registry or a repository's session, or slow work between the read and the
//! write, get a note instead; SQLAlchemy's recipe for every transaction (a
//! `"begin"` listener, SQF112) covers those. A project that installs that
//! listener is not reported.

use ruff_python_ast::Stmt;
use ruff_text_size::{Ranged, TextRange};

use crate::codemods::{Context, Meta};
use crate::finding::{Confidence, Finding, Severity};
use crate::fix::{Fix, codegen, transaction};
use crate::semantic::facts;
use crate::semantic::orm_transactions::{self, OrmHazard, OrmHelper};
use crate::semantic::second_party::SecondParty;
use crate::semantic::second_writers::{self, SecondWriter};
use crate::semantic::{shared_sessions, slow, threads};

pub(super) fn check(meta: &'static Meta, ctx: &Context<'_, '_>, out: &mut Vec<Finding>) {
    if ctx.in_test_module() {
        return;
    }
    let imported = shared_sessions::imported_sessions(ctx.model, ctx.project);
    let hazards = orm_transactions::hazards_with(ctx.model, &imported);
    let helpers = orm_transactions::helpers(ctx.model);
    if hazards.is_empty() && helpers.is_empty() {
        return;
    }
    struct Recipe;
    if facts::any_module::<Recipe>(ctx.project, |m| m.facts.orm_begin_immediate) {
        return;
    }
    let likely = match facts::sessions_on_sqlite(ctx.project) {
        Some(crate::semantic::sync_orm::OrmSqlite::Certain) => None,
        Some(crate::semantic::sync_orm::OrmSqlite::Likely(why)) => Some(why),
        None => return,
    };
    // SQF112's unsafe fix installs the recipe's "begin" listener on a sync
    // engine whose sessions stay off the event loop: every transaction then
    // begins IMMEDIATE, and a `BEGIN IMMEDIATE` of ours would raise inside it.
    struct OnLoop;
    let recipe_fixes_sync =
        !facts::any_module::<OnLoop>(ctx.project, |m| m.facts.sync_session_on_loop);
    let threaded = ctx.threaded_functions();
    let concurrent = ctx.unserialized_threaded_functions();
    let party = ctx.second_party();
    for hazard in &hazards {
        let function = ctx.model.scopes.function(hazard.scope);
        if !function.def.is_async
            && threaded.contains_key(&function.qualname)
            && !concurrent.contains_key(&function.qualname)
        {
            continue;
        }
        if idempotent(ctx, hazard)
            || super::at_start_alone(ctx, hazard.read.start())
            || expects_duplicate(ctx, hazard)
            || fresh_key(ctx, hazard)
            || upsert_write(ctx, hazard)
            || singleton_insert(ctx, hazard)
        {
            continue;
        }
        // Another writer of the file between the read and the write
        // (semantic::second_writers), or the loop's other tasks at an await.
        let span = hazard.read.cover(hazard.write);
        let known = second_writers::Known {
            threads: threads::concurrency_reason(threaded, &function.qualname, false),
            party,
        };
        let writer =
            second_writers::of_read_then_write(ctx.project, ctx.model, hazard.scope, span, &known);
        let awaits = function.def.is_async
            && crate::semantic::exclusive_paths::suspends_between(
                &function.def.body,
                hazard.read,
                hazard.write,
            );
        let named = match writer {
            // The threads named are one executor's single worker, which runs
            // every session of the function one at a time.
            SecondWriter::Named(who)
                if known.threads.as_deref() == Some(who.as_str())
                    && on_one_worker(ctx, function.def.name.as_str()) =>
            {
                continue;
            }
            SecondWriter::Named(who) => Some(who),
            _ if awaits => None,
            // A race to insert or to claim loses no update: it needs someone
            // concrete to race with (a library's unknown callers are not).
            SecondWriter::Callers(_) if race_to_insert_or_claim(ctx, hazard) => continue,
            SecondWriter::Callers(_) => None,
            SecondWriter::Nobody => continue,
        };
        out.push(report(
            meta,
            ctx,
            hazard,
            threaded,
            named.as_deref(),
            likely.as_deref(),
            recipe_fixes_sync && !hazard.awaited,
        ));
    }
    if matches!(party, SecondParty::None(_)) && helpers.iter().all(|h| !h.is_async) {
        return;
    }
    for helper in &helpers {
        let function = ctx.model.scopes.function(helper.function);
        let names = vec![function.qualname.clone()];
        // Test suites' blocks are not the program's callers.
        let users: Vec<_> =
            super::helper::users_named(ctx, &function.qualname, &names, function.class.is_some())
                .into_iter()
                .filter(|(m, _)| {
                    m.is_none_or(|m| {
                        !crate::semantic::paths::is_test_module(&ctx.project.index.modules[m].path)
                    })
                })
                .collect();
        if users.is_empty() {
            continue;
        }
        out.push(report_helper(
            meta,
            ctx,
            helper,
            &users,
            party,
            likely.as_deref(),
            recipe_fixes_sync && !helper.is_async,
        ));
    }
}

/// The note where SQF112's listener is the fix (a sync engine off the loop).
const RECIPE: &str = "Fixed by SQF112's \"begin\" listener (with --unsafe-fixes): every transaction of the engine then begins with `BEGIN IMMEDIATE`, so the read runs under the write lock; an explicit BEGIN here as well would raise 'cannot start a transaction within a transaction'";

fn line(ctx: &Context<'_, '_>, range: TextRange) -> usize {
    ctx.model.line_column(range.start()).0
}

fn report(
    meta: &'static Meta,
    ctx: &Context<'_, '_>,
    hazard: &OrmHazard,
    threaded: &rustc_hash::FxHashMap<String, String>,
    named: Option<&str>,
    likely: Option<&str>,
    by_recipe: bool,
) -> Finding {
    let model = ctx.model;
    let function = model.scopes.function(hazard.scope);
    let what = if hazard.connection {
        "engine connection"
    } else {
        "session"
    };
    let message = if hazard.across_commit {
        format!(
            "`{}` ({what}) reads on line {} and commits, then line {} changes what it read in a later transaction: concurrent sessions overwrite each other's changes",
            hazard.label,
            line(ctx, hazard.read),
            line(ctx, hazard.write),
        )
    } else {
        // A read run by a function of this module handed the session.
        let through = model
            .call_at(hazard.read)
            .and_then(|c| model.called_function(c))
            .map(|f| format!(" (in `{}`)", model.scopes.function(f).qualname))
            .unwrap_or_default();
        // What the racers do: overwrite, both insert, or both claim.
        let race = if claim(ctx, hazard) {
            "concurrent sessions select the same rows and both claim them"
        } else if race_to_insert_or_claim(ctx, hazard) {
            "two sessions both find no row and both insert one: the second commit fails on the unique key, or a duplicate is stored"
        } else {
            "concurrent sessions read the same rows and overwrite each other's changes"
        };
        format!(
            "`{}` ({what}) reads on line {}{through} outside the transaction its write on line {} opens: the SQLite driver sends `BEGIN` only before the first write, so {race}",
            hazard.label,
            line(ctx, hazard.read),
            line(ctx, hazard.write),
        )
    };
    let concurrent = threads::concurrency_reason(threaded, &function.qualname, false);
    let severity = if concurrent.is_some() || named.is_some() {
        Severity::High
    } else {
        Severity::Medium
    };
    let mut finding =
        Finding::new(meta, hazard.read.cover(hazard.write), message).with_severity(severity);
    let context = match (&concurrent, named) {
        (Some(why), _) => format!("{why}. "),
        (None, Some(who)) => format!("Concurrent with {who}. "),
        (None, _) if function.def.is_async => {
            "Concurrent with the event loop's other tasks: each session has its own connection, and the read and the write are awaited. ".to_string()
        }
        (None, _) => {
            finding = finding.with_confidence(Confidence::Medium);
            "No concurrent caller was found in the project; it matters once two threads or processes run it. ".to_string()
        }
    };
    let context = match likely {
        Some(why) => {
            finding = finding.with_confidence(Confidence::Medium);
            format!("{context}The database is likely SQLite: {why}. ")
        }
        None => context,
    };
    // A claim: pick one row, then update it by its id.
    let read_text = model.slice(hazard.read).to_ascii_uppercase();
    let write_text = model.slice(hazard.write).to_ascii_uppercase();
    let context = if (read_text.contains("LIMIT 1") || read_text.contains(".LIMIT(1)"))
        && write_text.contains("UPDATE")
    {
        format!(
            "{context}A claim can also be one statement, which needs no lock taken first: `UPDATE ... WHERE id = (SELECT id ... LIMIT 1) RETURNING id`. "
        )
    } else {
        context
    };
    let context = if for_update(ctx, hazard.read) {
        let lock = if function.def.is_async {
            " (or hold an `asyncio.Lock` per key across the transaction, which serialises one process only)"
        } else {
            ""
        };
        format!(
            "{context}`with_for_update()` does not lock: SQLAlchemy's SQLite dialect drops FOR UPDATE, so the write lock must be taken by `BEGIN IMMEDIATE`{lock}. "
        )
    } else {
        context
    };
    let context = match atomic_update(ctx, hazard) {
        Some(one) => format!("{context}{one} "),
        None => context,
    };
    let context = match super::next_id::advice(model.slice(hazard.read), model.slice(hazard.write))
    {
        Some(advice) => format!("{context}{advice} "),
        None => context,
    };
    // Slow work per row before the one commit at the end (an indexer that
    // extracts each document's text): the write lock, taken at the first
    // flush or by a BEGIN IMMEDIATE, would be held across all of it.
    let slow = slow_before_commit(ctx, hazard);
    let context = match &slow {
        Some(why) => format!("{context}{why} "),
        None => context,
    };
    if slow.is_some() {
        return finding.with_note(format!(
            "{context}Not fixed automatically: commit each row in its own short transaction (read it, do the work outside the session, then write and commit), and begin that transaction with `BEGIN IMMEDIATE`"
        ));
    }
    if by_recipe {
        return finding.with_note(format!("{context}{RECIPE}"));
    }
    match fix(ctx, hazard) {
        Ok(fix) => finding.with_fix(fix).with_note(format!(
            "{context}The transaction now takes the write lock before the read, so a concurrent session waits and then reads the committed rows; its commit ends it, and other writers wait while it reads"
        )),
        Err(why) => finding.with_note(format!("{context}{why}")),
    }
}

/// A counter or a balance changed on the loaded object (`link.clicks += 1`,
/// `w.balance = w.balance - amount`): the update can be one statement that
/// SQLite runs atomically, computed from the stored value, with no read to
/// lose (display-only: the object in the session keeps its old value until
/// refreshed, so the code after it may need a change).
fn atomic_update(ctx: &Context<'_, '_>, hazard: &OrmHazard) -> Option<String> {
    use ruff_python_ast::{Expr, Operator};
    let model = ctx.model;
    let body = &model.scopes.function(hazard.scope).def.body;
    let stmt = crate::semantic::read_dependence::ancestors(body, hazard.write)
        .into_iter()
        .last()?;
    let (target, op, amount) = match stmt {
        Stmt::AugAssign(a) if matches!(a.op, Operator::Add | Operator::Sub) => {
            (&*a.target, a.op, &*a.value)
        }
        Stmt::Assign(a) => match (a.targets.as_slice(), &*a.value) {
            ([t], Expr::BinOp(b))
                if matches!(b.op, Operator::Add | Operator::Sub)
                    && model.slice(b.left.range()) == model.slice(t.range()) =>
            {
                (t, b.op, &*b.right)
            }
            _ => return None,
        },
        _ => return None,
    };
    let Expr::Attribute(attr) = target else {
        return None;
    };
    let Expr::Name(row) = &*attr.value else {
        return None;
    };
    let class = read_class(model.slice(hazard.read)).unwrap_or_else(|| "Model".to_string());
    let sign = if op == Operator::Add { "+" } else { "-" };
    let field = attr.attr.as_str();
    Some(format!(
        "The change can also be one atomic statement computed from the stored value, with no read to lose (the loaded object keeps its old value until refreshed): `{}.execute(update({class}).where({class}.id == {}.id).values({field}={class}.{field} {sign} {}))`.",
        hazard.label,
        row.id,
        model.slice(amount.range()),
    ))
}

/// The mapped class a read names: `query(Link)`, `get(Wallet, id)`, `select(Item)`.
fn read_class(text: &str) -> Option<String> {
    for opener in ["query(", "get(", "select(", "get_one("] {
        if let Some(at) = text.find(opener) {
            let rest = &text[at + opener.len()..];
            let name: String = rest
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == '.')
                .collect();
            if name.chars().next().is_some_and(char::is_uppercase) {
                return Some(name);
            }
        }
    }
    None
}

/// Whether the read asks for `with_for_update()`: in its own text, or in the
/// function of this module it calls (a helper handed the session).
fn for_update(ctx: &Context<'_, '_>, read: TextRange) -> bool {
    const ASK: &str = ".with_for_update(";
    let model = ctx.model;
    if model.slice(read).contains(ASK) {
        return true;
    }
    let Some(call) = model.call_at(read) else {
        return false;
    };
    model
        .called_function(call)
        .is_some_and(|t| model.slice(model.scopes.range_of(t)).contains(ASK))
}

fn manual(label: &str, awaited: bool, connection: bool) -> String {
    let call = if connection {
        format!("{label}.exec_driver_sql(\"BEGIN IMMEDIATE\")")
    } else {
        format!("{label}.execute(text(\"BEGIN IMMEDIATE\"))")
    };
    format!(
        "send `{}{call}` as the transaction's first statement, or install SQLAlchemy's recipe for every transaction (SQF112: a \"connect\" listener setting `dbapi_connection.isolation_level = None` and a \"begin\" listener sending `BEGIN IMMEDIATE`)",
        if awaited { "await " } else { "" }
    )
}

fn fix(ctx: &Context<'_, '_>, hazard: &OrmHazard) -> Result<Fix, String> {
    let model = ctx.model;
    let manual = manual(&hazard.label, hazard.awaited, hazard.connection);
    let function = model.scopes.function(hazard.scope);
    if hazard.across_commit {
        return Err(format!(
            "Not fixed automatically: a commit ends the read's transaction before the write; read the object again in the writing transaction, then {manual}"
        ));
    }
    let Some(opened) = hazard.opened else {
        return Err(format!(
            "Not fixed automatically: the session comes from elsewhere, and a transaction it already began would make BEGIN raise; {manual}"
        ));
    };
    if let Some((call, what)) = slow::lock_hostile_call(
        model,
        Some(hazard.scope),
        hazard.read.cover(hazard.write),
        &function.def.body,
        |_| false,
    ) {
        return Err(format!(
            "Not fixed automatically: `{}` on line {} {what} between the read and the write, and the write lock taken before the read would be held through it; move it out, then {manual}",
            slow::callee_text(model, call),
            model.line_column(call.range().start()).0
        ));
    }
    // The suite the session lives in: its `with` body, or the function body
    // after `s = Factory()`.
    let suite: &[Stmt] = match codegen::enclosing_suite(&function.def.body, opened) {
        Some((outer, i)) => match &outer[i] {
            Stmt::With(w) => &w.body,
            // `s = Factory()`: a path that neither commits nor closes (an
            // exception) would hold the lock until the session is collected.
            _ => {
                return Err(format!(
                    "Not fixed automatically: the session is not opened by a `with` block, so a path that neither commits nor closes it would keep the write lock; open it with `with`, then {manual}"
                ));
            }
        },
        None => return Err(format!("Not fixed automatically: {manual}")),
    };
    let Some(mut stmt) = suite.iter().find(|s| s.range().contains_range(hazard.read)) else {
        return Err(format!(
            "Not fixed automatically: the read is not in the session's own block; {manual}"
        ));
    };
    // `with session.begin():` around the read: the transaction block, whose
    // `begin()` sends nothing (the driver's BEGIN waits for the first write);
    // the BEGIN goes first in its body.
    while let Stmt::With(w) = stmt
        && w.items.iter().all(|item| {
            model.slice(item.context_expr.range()) == format!("{}.begin()", hazard.label)
        })
        && let Some(inner) = w
            .body
            .iter()
            .find(|s| s.range().contains_range(hazard.read))
    {
        stmt = inner;
    }
    // Nothing of this session between that statement's start and the read: the
    // BEGIN is the transaction's first statement.
    let text = model.slice(TextRange::new(stmt.start(), hazard.read.start()));
    if text.contains(&format!("{}.", hazard.label)) {
        return Err(format!(
            "Not fixed automatically: the session runs other statements before the read in the same block; {manual}"
        ));
    }
    let mut edits = Vec::new();
    let prefix = if hazard.awaited { "await " } else { "" };
    let line = if hazard.connection {
        format!(
            "{prefix}{}.exec_driver_sql(\"BEGIN IMMEDIATE\")",
            hazard.label
        )
    } else {
        let (text_fn, import) = codegen::member_from(model, "sqlalchemy", "text");
        edits.extend(import);
        format!(
            "{prefix}{}.execute({text_fn}(\"BEGIN IMMEDIATE\"))",
            hazard.label
        )
    };
    edits.push(transaction::insert_before(model, stmt, &line));
    Ok(Fix::unsafe_(
        "Take the write lock first: `BEGIN IMMEDIATE` before the read",
        edits,
    ))
}

fn report_helper(
    meta: &'static Meta,
    ctx: &Context<'_, '_>,
    helper: &OrmHelper,
    users: &[(Option<usize>, &crate::semantic::tx_helpers::TxBlock)],
    party: &SecondParty,
    likely: Option<&str>,
    by_recipe: bool,
) -> Finding {
    let model = ctx.model;
    let view = ctx.project;
    let function = model.scopes.function(helper.function);
    let place = |from: Option<usize>, block: &crate::semantic::tx_helpers::TxBlock| {
        let path = match from {
            None => &view.own.path,
            Some(m) => &view.index.modules[m].path,
        };
        let path = path.strip_prefix("./").unwrap_or(path).display();
        format!(
            "`{}` ({path}:{}: reads on line {}, writes on line {})",
            block.function, block.line, block.read_line, block.write_line
        )
    };
    let listed: Vec<String> = users.iter().take(3).map(|(m, b)| place(*m, b)).collect();
    let more = match users.len() {
        n if n > 3 => format!(" and {} more", n - 3),
        _ => String::new(),
    };
    let message = format!(
        "`{}` yields a session and commits it, but its transaction begins only at the first write: {} inside it, {}{more}; the reads run outside the transaction, so concurrent callers overwrite each other's changes",
        function.qualname,
        match users.len() {
            1 => "1 caller reads then writes".to_string(),
            n => format!("{n} callers read then write"),
        },
        listed.join(", "),
    );
    let mut finding = Finding::new(meta, helper.opened.cover(helper.yields), message)
        .with_severity(Severity::High);
    let mut context = match party {
        SecondParty::Known(who) => format!("Concurrent with {who}. "),
        _ if helper.is_async => {
            "Concurrent with the event loop's other tasks: each session has its own connection. "
                .to_string()
        }
        _ => {
            finding = finding.with_confidence(Confidence::Medium);
            "No concurrent caller was found in the project; it matters once two threads or processes run these blocks. ".to_string()
        }
    };
    if let Some(why) = likely {
        finding = finding.with_confidence(Confidence::Medium);
        context.push_str(&format!("The database is likely SQLite: {why}. "));
    }
    if by_recipe {
        return finding.with_note(format!("{context}{RECIPE}"));
    }
    let yield_stmt =
        codegen::enclosing_suite(&function.def.body, helper.yields).map(|(suite, i)| &suite[i]);
    let name = model
        .slice(helper.yields)
        .trim_start_matches("yield")
        .trim()
        .to_string();
    match yield_stmt {
        Some(stmt) if !name.is_empty() => {
            let (text_fn, import) = codegen::member_from(model, "sqlalchemy", "text");
            let prefix = if helper.is_async { "await " } else { "" };
            let mut edits: Vec<_> = import.into_iter().collect();
            edits.push(transaction::insert_before(
                model,
                stmt,
                &format!("{prefix}{name}.execute({text_fn}(\"BEGIN IMMEDIATE\"))"),
            ));
            finding
                .with_fix(Fix::unsafe_(
                    "Take the write lock first: `BEGIN IMMEDIATE` before the `yield`",
                    edits,
                ))
                .with_note(format!(
                    "{context}Every block inside the helper now holds the write lock from its first statement, so a concurrent writer waits and then reads the committed rows; a caller that only reads now waits for writers too (give it a read-only helper without the BEGIN)"
                ))
        }
        _ => finding.with_note(format!(
            "{context}Not fixed automatically: {}",
            manual("session", helper.is_async, false)
        )),
    }
}

/// Read-then-writes whose racers cannot lose anything:
/// - `session.merge(Model(...))`: an upsert by primary key of a row built
///   from scratch (a cache fill), which any racer computes the same way, also
///   spelled through a name or ended by a commit (orm_blind.rs);
/// - a row the read located, set to values that do not come from it
///   (orm_blind.rs);
/// - `session.delete(obj)`: deleting what was read (an expired row); a racer
///   that deleted it first leaves nothing to lose (SQLAlchemy only warns).
///
/// An insert when absent (`if <read> is None: session.add(...)`) is not
/// among them: two racers both miss, and the second commit fails on the
/// unique key (or stores a duplicate), which the code does not expect.
fn idempotent(ctx: &Context<'_, '_>, hazard: &OrmHazard) -> bool {
    let model = ctx.model;
    let Some(call) = model.call_at(hazard.write) else {
        return !claim(ctx, hazard) && super::orm_blind::blind_set(ctx, hazard);
    };
    match call.method_name() {
        Some("merge") => call
            .expr
            .arguments
            .args
            .first()
            .is_some_and(|arg| super::orm_blind::fresh_object(ctx, hazard, arg)),
        Some("commit" | "flush") => super::orm_blind::commit_of_fresh_merges(ctx, hazard),
        Some("delete") => true,
        _ => false,
    }
}

/// A `try` after the read, holding the write or what follows it (the commit
/// that sends the insert), catches `IntegrityError`: the code expects a racer
/// to insert the same row first and handles it (rolls back, reads it again).
fn expects_duplicate(ctx: &Context<'_, '_>, hazard: &OrmHazard) -> bool {
    let model = ctx.model;
    let body = &model.scopes.function(hazard.scope).def.body;
    crate::semantic::visit::scope_stmts(body)
        .into_iter()
        .any(|s| match s {
            Stmt::Try(t) => {
                t.start() >= hazard.read.end()
                    && t.body
                        .last()
                        .is_some_and(|b| b.end() >= hazard.write.start())
                    && t.handlers.iter().any(|h| {
                        let ruff_python_ast::ExceptHandler::ExceptHandler(h) = h;
                        h.type_
                            .as_ref()
                            .is_some_and(|t| model.slice(t.range()).contains("IntegrityError"))
                    })
            }
            _ => false,
        })
}

/// The read looks a row up by a key the function has just generated
/// (`token = uuid.uuid4().hex`, `secrets.token_urlsafe()`): no other task
/// can hold the same key, so no two both miss it and insert it.
fn fresh_key(ctx: &Context<'_, '_>, hazard: &OrmHazard) -> bool {
    use ruff_python_ast::Expr;
    let model = ctx.model;
    let body = &model.scopes.function(hazard.scope).def.body;
    let read_text = model.slice(hazard.read);
    crate::semantic::visit::scope_stmts(body)
        .into_iter()
        .any(|s| match s {
            Stmt::Assign(a) if a.end() <= hazard.read.start() => {
                let value = model.slice(a.value.range());
                let fresh = [
                    "uuid4()",
                    "uuid1()",
                    "token_hex(",
                    "token_urlsafe(",
                    "token_bytes(",
                ]
                .iter()
                .any(|f| value.contains(f));
                fresh
                    && a.targets
                        .iter()
                        .any(|t| matches!(t, Expr::Name(n) if mentions(read_text, n.id.as_str())))
            }
            _ => false,
        })
}

/// `name` occurs in `text` as a whole word (not inside a longer name).
fn mentions(text: &str, name: &str) -> bool {
    let word = |c: char| c.is_ascii_alphanumeric() || c == '_';
    text.match_indices(name).any(|(at, _)| {
        !text[..at].chars().next_back().is_some_and(word)
            && !text[at + name.len()..].chars().next().is_some_and(word)
    })
}

/// Calls that parse a document, as slow as reading a file of unknown size:
/// text extraction from PDFs, office files and images.
const DOCUMENT_PARSERS: &[&str] = &[
    "pypdf.",
    "PyPDF2.",
    "fitz.",
    "pymupdf.",
    "pdfminer.",
    "pdfplumber.",
    "docx.",
    "textract.",
    "pytesseract.",
    "tika.",
];

/// Slow work (semantic::slow, or a document parser) between the read and the
/// session's first commit after the write, inside a loop: the transaction
/// stays open across it for every row. Says what and where.
fn slow_before_commit(ctx: &Context<'_, '_>, hazard: &OrmHazard) -> Option<String> {
    let model = ctx.model;
    let function = model.scopes.function(hazard.scope);
    let commit = format!("{}.commit", hazard.label);
    let end = model
        .calls_in(Some(hazard.scope))
        .filter(|c| c.range().start() >= hazard.write.end())
        .find(|c| model.slice(c.expr.func.range()) == commit)?
        .range();
    let span = hazard.read.cover(end);
    let looped = |at: TextRange| {
        crate::semantic::read_dependence::ancestors(&function.def.body, at)
            .into_iter()
            .any(|s| matches!(s, Stmt::For(_) | Stmt::While(_)) && span.contains_range(s.range()))
    };
    model.calls_in(Some(hazard.scope)).find_map(|call| {
        if call.in_lambda || !span.contains_range(call.range()) || !looped(call.range()) {
            return None;
        }
        let what = slow::slow_call(model, call).or_else(|| {
            call.qualified()
                .is_some_and(|q| DOCUMENT_PARSERS.iter().any(|p| q.starts_with(p)))
                .then_some("parses a document")
        })?;
        Some(format!(
            "`{}` on line {} {what} for each row before the commit on line {}: the transaction stays open across all of it, holding the write lock from its first flush, so other writers wait out their busy timeout and fail with 'database is locked'.",
            slow::callee_text(model, call),
            model.line_column(call.range().start()).0,
            model.line_column(end.start()).0,
        ))
    })
}

/// Every hand-off of function `name` in its module is
/// `loop.run_in_executor(pool, name, ...)` on a pool made with one worker
/// (`ThreadPoolExecutor(max_workers=1)`), and the module names it nowhere
/// else: its sessions run on that one thread, one after another.
fn on_one_worker(ctx: &Context<'_, '_>, name: &str) -> bool {
    let model = ctx.model;
    let handoffs = model
        .calls
        .iter()
        .filter(|c| {
            c.method_name() == Some("run_in_executor")
                && c.expr
                    .arguments
                    .args
                    .get(1)
                    .is_some_and(|a| model.slice(a.range()) == name)
        })
        .map(|c| crate::semantic::offloaded_open::single_worker_executor(model, c))
        .collect::<Vec<_>>();
    let word = |c: char| c.is_ascii_alphanumeric() || c == '_';
    let text = model.text;
    let uses = text
        .match_indices(name)
        .filter(|(at, _)| {
            !text[..*at].chars().next_back().is_some_and(word)
                && !text[at + name.len()..].chars().next().is_some_and(word)
        })
        .count();
    !handoffs.is_empty()
        && handoffs.iter().all(|h| h.is_some() && *h == handoffs[0])
        && uses == handoffs.len() + 1
}

/// An insert when absent whose lookup has no key (`db.query(Settings).first()`
/// then `add(Settings())`): a settings singleton, where a racer's second
/// default row is as good as the first, and no unique key makes it fail.
fn singleton_insert(ctx: &Context<'_, '_>, hazard: &OrmHazard) -> bool {
    let model = ctx.model;
    let body = &model.scopes.function(hazard.scope).def.body;
    let adds = model
        .call_at(hazard.write)
        .is_some_and(|c| matches!(c.method_name(), Some("add" | "add_all")));
    let read = read_chain(model, hazard.read);
    let keyed = ["where(", "filter(", "filter_by(", ".get(", ".get_one("]
        .iter()
        .any(|k| read.contains(k));
    adds && !keyed && absent_test(body, body, hazard.read, hazard.write)
}

/// The shapes that lose no update but race all the same, reported only with a
/// concrete second party: an insert decided by a lookup that found nothing
/// (`if row is None: add`, `if key not in known: add`), and a claim (rows
/// picked by a column the write then sets).
fn race_to_insert_or_claim(ctx: &Context<'_, '_>, hazard: &OrmHazard) -> bool {
    let model = ctx.model;
    let body = &model.scopes.function(hazard.scope).def.body;
    let adds = model
        .call_at(hazard.write)
        .is_some_and(|c| matches!(c.method_name(), Some("add" | "add_all")));
    claim(ctx, hazard)
        || (adds
            && (absent_test(body, body, hazard.read, hazard.write)
                || membership_test(body, hazard.write)))
}

/// The write sets, on a row the read returned, the column the read picked its
/// rows by (semantic::orm_lost_update::claims): both racers take the rows.
fn claim(ctx: &Context<'_, '_>, hazard: &OrmHazard) -> bool {
    use ruff_python_ast::Expr;
    let model = ctx.model;
    let body = &model.scopes.function(hazard.scope).def.body;
    let Some(Stmt::Assign(a)) = crate::semantic::read_dependence::ancestors(body, hazard.write)
        .into_iter()
        .last()
    else {
        return false;
    };
    matches!(a.targets.as_slice(), [Expr::Attribute(t)]
        if crate::semantic::orm_lost_update::filters_on(read_chain(model, hazard.read), t.attr.as_str()))
}

/// The text of the whole query a read starts: the legacy Query API's read is
/// `session.query(M)`, and its key is in the calls chained on it
/// (`.filter(M.name == name).first()`).
fn read_chain<'t>(model: &crate::semantic::model::Model<'t>, read: TextRange) -> &'t str {
    let end = model
        .calls
        .iter()
        .filter(|c| c.range().start() == read.start())
        .map(|c| c.range().end())
        .max()
        .unwrap_or(read.end())
        .max(read.end());
    model.slice(TextRange::new(read.start(), end))
}

/// An `if` around the write tests membership (`if key not in known:`).
fn membership_test(body: &[Stmt], write: TextRange) -> bool {
    use ruff_python_ast::{CmpOp, Expr};
    crate::semantic::read_dependence::ancestors(body, write)
        .into_iter()
        .any(|s| {
            matches!(s, Stmt::If(i) if matches!(&*i.test, Expr::Compare(c)
            if matches!(c.ops.as_ref(), [CmpOp::In | CmpOp::NotIn])))
        })
}

/// The write is one statement that settles a conflict itself: an insert with
/// `on_conflict_do_nothing()`/`on_conflict_do_update()` or `OR IGNORE`/`OR
/// REPLACE`, spelled in the write or in a name the write sends that the
/// function built before it. A racer's row makes it do nothing or update.
fn upsert_write(ctx: &Context<'_, '_>, hazard: &OrmHazard) -> bool {
    use ruff_python_ast::Expr;
    let model = ctx.model;
    let settles = |text: &str| {
        let upper = text.to_ascii_uppercase();
        upper.contains("ON_CONFLICT_DO_")
            || upper.contains("OR IGNORE")
            || upper.contains("OR REPLACE")
            || upper.contains("ON CONFLICT")
    };
    let body = &model.scopes.function(hazard.scope).def.body;
    let Some(stmt) = crate::semantic::read_dependence::ancestors(body, hazard.write)
        .into_iter()
        .last()
    else {
        return false;
    };
    if settles(model.slice(stmt.range())) {
        return true;
    }
    let sent = crate::semantic::visit::names_loaded(std::slice::from_ref(stmt));
    crate::semantic::visit::scope_stmts(body)
        .into_iter()
        .any(|s| {
            matches!(s, Stmt::Assign(a)
            if a.end() <= hazard.write.start()
                && a.targets.iter().any(|t| matches!(t, Expr::Name(n)
                    if sent.iter().any(|(x, _)| x == n.id.as_str())))
                && settles(model.slice(a.value.range())))
        })
}

/// Whether `write` sits under an `if` testing that what `read` returned is
/// missing: the read in the test itself, or a name the read's assignment
/// binds (anywhere in the function body `all`).
fn absent_test(all: &[Stmt], body: &[Stmt], read: TextRange, write: TextRange) -> bool {
    use ruff_python_ast::{CmpOp, Expr, UnaryOp};
    let Some(stmt) = body.iter().find(|s| s.range().contains_range(write)) else {
        return false;
    };
    if let Stmt::If(i) = stmt
        && i.body.iter().any(|s| s.range().contains_range(write))
    {
        let tested = match &*i.test {
            Expr::Compare(c)
                if matches!(c.ops.as_ref(), [CmpOp::Is | CmpOp::Eq])
                    && matches!(c.comparators.as_ref(), [Expr::NoneLiteral(_)]) =>
            {
                Some(&*c.left)
            }
            Expr::UnaryOp(u) if u.op == UnaryOp::Not => Some(&*u.operand),
            _ => None,
        };
        let binds_read = |name: &str| {
            crate::semantic::visit::scope_stmts(all).into_iter().any(|s| {
                matches!(s, Stmt::Assign(a)
                    if a.value.range().contains_range(read)
                        && a.targets.iter().any(|t| matches!(t, Expr::Name(m) if m.id.as_str() == name)))
            })
        };
        match tested {
            Some(t) if t.range().contains_range(read) => return true,
            Some(Expr::Name(n)) if binds_read(n.id.as_str()) => return true,
            _ => {}
        }
    }
    match stmt {
        Stmt::If(i) => {
            absent_test(all, &i.body, read, write)
                || i.elif_else_clauses
                    .iter()
                    .any(|c| absent_test(all, &c.body, read, write))
        }
        Stmt::With(w) => absent_test(all, &w.body, read, write),
        Stmt::For(f) => {
            absent_test(all, &f.body, read, write) || absent_test(all, &f.orelse, read, write)
        }
        Stmt::While(w) => absent_test(all, &w.body, read, write),
        Stmt::Try(t) => {
            absent_test(all, &t.body, read, write)
                || t.handlers.iter().any(|h| {
                    let ruff_python_ast::ExceptHandler::ExceptHandler(h) = h;
                    absent_test(all, &h.body, read, write)
                })
                || absent_test(all, &t.orelse, read, write)
                || absent_test(all, &t.finalbody, read, write)
        }
        _ => false,
    }
}
