//! SQF111 aiosqlite-pragmas: an `aiosqlite.connect(...)` connection (`async with`
//! or `await`) that gets neither WAL (unless the project sets it elsewhere: it
//! persists in the file, F-wal-persists) nor `synchronous=NORMAL`. PRAGMAs run on it
//! directly, through a helper it is handed to (in any file), or in a loop over a
//! dict count. `:memory:` and read-only connections, and connections that only
//! ever SELECT, are left alone, and so is a side database whose only writer is
//! one loop task, scheduler job or worker thread that never runs beside itself
//! (semantic::one_writer: its waits are for short reads, inside the busy wait),
//! or whose writers all take turns under a lock in one process
//! (semantic::locked_writers). The busy timeout passes through `timeout=` (5 s
//! by default, F-aiosqlite-thread): its absence is not a finding.
//!
//! The fix, in aiosqlite's idiom: an `async def _configure_aiosqlite(db)` helper
//! (defined once per module) awaits the PRAGMAs and checks the journal mode it
//! gets back (F-wal-switch), and is awaited right after the connection opens: the
//! first statement of `async with aiosqlite.connect(p) as db:`, the line after
//! `db = await aiosqlite.connect(p)`, or around the connection in
//! `return await aiosqlite.connect(p)`. Safe: the queries are the same, only the
//! journal and fsync policy change.
//!
//! Root cause: the database file the connection opens, when the model knows it
//! (`semantic::databases`), as for SQF101; an unknown file is its own root.

//! Not reported on the program's one connection to its file, opened once (at
//! import, in a lifespan, by a singleton) with no other opener of the file in
//! the project and no worker processes: every task's statements queue on it
//! ([`only_connection`], F-one-connection-p99).
//!
//! Nor, like SQF101, on a connection given a wait of 20 s or more where the
//! project names no second writer (semantic/long_wait.rs).
//!
//! Like SQF101: not reported on a connection start-up code opens for itself
//! (an `on_ready` listener creating tables), and MONITOR with a note when every
//! transaction on the file is one short statement
//! (semantic/short_transactions.rs).

use ruff_python_ast::Stmt;
use ruff_text_size::Ranged;

use super::{Codemod, Context};
use crate::finding::{Finding, Severity};
use crate::fix::{Edit, Fix, codegen};
use crate::semantic::connections::{self, ConnSite, Driver, Holder};
use crate::semantic::databases::{self, WalState};
use crate::semantic::project::site_pragmas;
use crate::semantic::second_party::SecondParty;
use crate::semantic::sql::SqlKind;
use crate::semantic::{commands, library, long_wait, pragma_config};

pub struct AiosqlitePragmas;

pub const HELPER_NAME: &str = "_configure_aiosqlite";

impl Codemod for AiosqlitePragmas {
    crate::codemod_meta!("SQF111-aiosqlite-pragmas");

    fn check(&self, ctx: &Context<'_, '_>, out: &mut Vec<Finding>) {
        // Test suites use throwaway databases on purpose (semantic::paths).
        if ctx.in_test_module() {
            return;
        }
        let model = ctx.model;
        // The busy timeout raised only after the WAL switch (SQF101's wal_order.rs
        // serves both drivers).
        out.extend(super::sqf101_connection_pragmas::wal_order::findings(
            ctx,
            self.meta(),
            true,
        ));
        let project_wal = pragma_config::project_sets_wal(ctx.project);
        // WAL is a property of one database file (semantic::databases): a setting
        // on another file does not count, one on a file that may be this one does.
        let state_of = |site: &ConnSite<'_, '_>| {
            if !project_wal {
                return WalState::NotSet;
            }
            let identity = databases::identity_of_connect(model, site.call);
            match databases::wal_state_in_project(ctx.project, identity.as_deref()) {
                // Set by an API the per-database facts do not follow (Django).
                WalState::NotSet if !databases::any_wal_in_project(ctx.project) => WalState::Maybe,
                state => state,
            }
        };
        let person_paced = person_paced_databases(ctx);
        for site in ctx.sites() {
            if site.driver != Driver::Aiosqlite || site.call.has_star_args() {
                continue;
            }
            // The rollback journal chosen on purpose for this file
            // (semantic/journal_choice.rs).
            if crate::semantic::journal_choice::rollback_chosen(
                ctx.project,
                databases::identity_of_connect(model, site.call).as_deref(),
            )
            .is_some()
            {
                continue;
            }
            // No burst writer: every connection to this file runs in a command a
            // person invokes or a start-up hook (semantic::commands).
            if databases::identity_of_connect(model, site.call)
                .is_some_and(|id| person_paced.contains(&id))
            {
                continue;
            }
            if let Some(db) = pragma_config::database_sketch(model, site.call) {
                if pragma_config::is_memory_database(&db)
                    || db.contains("mode=ro")
                    || db.contains("immutable=1")
                {
                    continue;
                }
            }
            if only_reads(ctx, site) || ctx.purpose(site).is_some() {
                continue;
            }
            if one_writer_database(ctx, site) || only_connection(ctx, site) {
                continue;
            }
            // Writers that take turns under a lock, in one process: the rollback
            // journal makes a reader wait for a commit, milliseconds.
            if databases::identity_of_connect(model, site.call)
                .is_some_and(|id| crate::semantic::locked_writers::take_turns(ctx.project, &id))
            {
                continue;
            }
            // WAL cannot work on a network filesystem (F-wal-network): nothing to add.
            if site
                .call
                .argument(0, "database")
                .is_some_and(|d| databases::is_network_path(model, d, site.scope()))
            {
                continue;
            }
            let pragmas = site_pragmas(model, ctx.project, site);
            // No concrete second writer in view and a wait of 20 s or more
            // already set: nothing holds the file that long (semantic/long_wait.rs).
            if !matches!(ctx.pragma_party(), SecondParty::Known(_))
                && long_wait::waits_long(model, site.call, Some(&pragmas))
            {
                continue;
            }
            let state = state_of(site);
            let wal = state != WalState::NotSet || pragmas.has("journal_mode");
            let sets_wal = state != WalState::Set && !pragmas.has("journal_mode");
            let synchronous = pragmas.has("synchronous");
            if wal && synchronous {
                continue;
            }
            // On a file certainly in WAL, `synchronous` is the author's durability
            // choice (F-synchronous, F-reference-defaults): nothing to report.
            if databases::wal_certain(state, &pragmas) {
                continue;
            }
            let missing = match (wal, synchronous) {
                (false, false) => "WAL or synchronous=NORMAL",
                (false, true) => "WAL",
                _ => "synchronous=NORMAL",
            };
            let message = format!(
                "aiosqlite connection opened without {missing}{}",
                if wal {
                    ""
                } else {
                    ": the rollback journal lets one writer block everyone"
                }
            );
            let short = databases::identity_of_connect(model, site.call).is_some_and(|id| {
                crate::semantic::short_transactions::one_statement_database(
                    ctx.project,
                    model,
                    ctx.sites(),
                    ctx.flows(),
                    &id,
                )
            });
            let mut finding =
                Finding::new(self.meta(), site.call.range(), message).with_severity(if short {
                    Severity::Monitor
                } else if wal {
                    Severity::Medium
                } else {
                    Severity::Critical
                });
            if short {
                finding = finding.with_note(crate::semantic::short_transactions::NOTE);
                if crate::semantic::short_transactions::no_long_wait(ctx.pragma_party()) {
                    finding = finding
                        .with_confidence(crate::finding::Confidence::Low)
                        .with_note(crate::semantic::short_transactions::NO_LONG_WAIT);
                }
            }
            if let Some(identity) = databases::identity_of_connect(model, site.call) {
                finding = finding.with_root(super::roots::database(model, &identity));
            }
            out.push(match call_edit(ctx, site) {
                Ok(edit) => {
                    let mut edits = vec![edit];
                    let (warnings, import) = codegen::module_ref(model, "warnings");
                    if sets_wal {
                        edits.extend(import);
                    }
                    edits.extend(codegen::helper(
                        model,
                        HELPER_NAME,
                        &helper_code(ctx, &warnings, sets_wal),
                    ));
                    let title = format!("Await `{HELPER_NAME}(...)` right after the connection opens");
                    match library::leaves_choice_to_caller(model, ctx.project, site) {
                        Some(why) => finding
                            .with_fix(Fix::display_only(title, edits))
                            .with_note(why),
                        None => finding.with_fix(Fix::safe(title, edits)),
                    }
                }
                Err(why) => finding.with_note(format!(
                    "run `PRAGMA journal_mode=WAL` and `PRAGMA synchronous=NORMAL` on it right after it opens ({why})"
                )),
            });
        }
    }
}

/// The program's only connection to the site's file, opened once (at import,
/// in a lifespan or start-up function, by a singleton: semantic::sole_connection),
/// in one process: aiosqlite runs its statements in turn on the connection's
/// one worker thread, and a connection never waits for its own lock
/// (F-busy-needs-two), so neither WAL nor a busy timeout can matter. Fifty tasks
/// sharing one connection commit with no lock error and a p99 under 100 ms in
/// the rollback journal at `synchronous=FULL` (F-one-connection-p99), so
/// `synchronous=NORMAL` is not needed there either.
fn only_connection(ctx: &Context<'_, '_>, site: &ConnSite<'_, '_>) -> bool {
    let identity = databases::identity_of_connect(ctx.model, site.call);
    crate::semantic::sole_connection::serializes_all(ctx.project, identity.as_deref())
}

/// The database files of this module that only commands a person invokes and
/// start-up hooks open: every connection site naming the file here is in one
/// (or in a helper only they call), and no other module opens it.
/// Every connection of the module to the site's file only reads (or creates
/// tables), or writes tables that one loop task, job or thread alone writes
/// (semantic::one_writer): a side database with one writer that never runs
/// beside itself waits for nobody but a short read, well inside the busy wait.
pub(super) fn one_writer_database(ctx: &Context<'_, '_>, site: &ConnSite<'_, '_>) -> bool {
    let model = ctx.model;
    let Some(id) = databases::identity_of_connect(model, site.call) else {
        return false;
    };
    let mut alone = false;
    for other in ctx.sites() {
        if databases::identity_of_connect(model, other.call).as_deref() != Some(id.as_str()) {
            continue;
        }
        for flow in ctx
            .flows()
            .iter()
            .filter(|f| f.site.is_some_and(|s| s.call.range() == other.call.range()))
        {
            if !crate::semantic::one_writer::data_writes(flow) {
                continue;
            }
            if !ctx.one_writer().writes_alone(ctx.project, flow) {
                return false;
            }
            alone = true;
        }
    }
    alone
}

fn person_paced_databases(ctx: &Context<'_, '_>) -> Vec<String> {
    let model = ctx.model;
    let mut paced: Vec<String> = Vec::new();
    let mut busy: Vec<String> = Vec::new();
    for site in ctx.sites() {
        let Some(id) = databases::identity_of_connect(model, site.call) else {
            continue;
        };
        let ok = site
            .scope()
            .is_some_and(|scope| commands::person_paced(model, scope));
        if ok {
            paced.push(id);
        } else {
            busy.push(id);
        }
    }
    let elsewhere = |id: &String| {
        crate::semantic::facts::modules(ctx.project)
            .into_iter()
            .filter(|(m, _)| m.is_some())
            .any(|(_, m)| m.facts.databases.iter().any(|d| &d.identity == id))
    };
    paced.sort();
    paced.dedup();
    paced.retain(|id| !busy.contains(id) && !elsewhere(id));
    paced
}

/// Where the helper call goes, as an edit.
fn call_edit(ctx: &Context<'_, '_>, site: &ConnSite<'_, '_>) -> Result<Edit, &'static str> {
    let model = ctx.model;
    let nl = model.stylist.newline.as_str();
    let in_async = site
        .scope()
        .is_some_and(|id| model.scopes.function(id).is_async());
    if !in_async {
        return Err("it is not opened inside `async def`");
    }
    let target = match &site.holder {
        Holder::WithItem { name: Some(n), .. } => {
            let Stmt::With(with) = site.stmt() else {
                return Err("unexpected statement");
            };
            let first = with.body.first().ok_or("empty block")?;
            let at = codegen::line_start(model.text, first.start());
            if at <= with.start() {
                return Err("the block is on the `with` line");
            }
            let indent = codegen::indentation_at(model.text, first.start());
            return Ok(Edit::insert(
                at,
                format!("{indent}await {HELPER_NAME}({n}){nl}"),
            ));
        }
        Holder::Local(n) | Holder::Global(n) => n.clone(),
        Holder::SelfAttr(a) => format!("self.{a}"),
        Holder::Returned => {
            if !matches!(model.slice(site.outer).trim_start(), s if s.starts_with("await")) {
                return Err("it is returned without `await`");
            }
            return Ok(Edit::replace(
                site.outer,
                format!("await {HELPER_NAME}({})", model.slice(site.outer)),
            ));
        }
        _ => return Err("it is not held in a variable"),
    };
    let stmt = site.stmt();
    if !matches!(stmt, Stmt::Assign(_) | Stmt::AnnAssign(_)) {
        return Err("it is not created by an assignment");
    }
    let indent = codegen::indentation_at(model.text, stmt.start());
    Ok(Edit::insert(
        codegen::next_line_start(model.text, stmt.end()),
        format!("{indent}await {HELPER_NAME}({target}){nl}"),
    ))
}

/// A connection that only ever runs SELECTs and is neither handed on nor kept.
fn only_reads(ctx: &Context<'_, '_>, site: &ConnSite<'_, '_>) -> bool {
    if !matches!(site.holder, Holder::Local(_) | Holder::WithItem { .. }) {
        return false;
    }
    let Some(key) = connections::key_of(ctx.model, site) else {
        return false;
    };
    if !connections::passed_to(ctx.model, &key).is_empty() {
        return false;
    }
    let mut ran_sql = false;
    for call in connections::uses(ctx.model, &key) {
        match call.method_name() {
            Some("execute" | "executemany" | "executescript" | "execute_fetchall") => {
                let Some((kinds, _)) = connections::sql_of(ctx.model, call) else {
                    return false;
                };
                if kinds.iter().any(|k| !matches!(k, SqlKind::Read)) {
                    return false;
                }
                ran_sql = true;
            }
            Some("commit") => return false,
            _ => {}
        }
    }
    ran_sql
}

/// The helper's source, with four-space indentation (the stylist adapts it).
fn helper_code(ctx: &Context<'_, '_>, warnings: &str, set_wal: bool) -> String {
    let synchronous = &ctx.settings.synchronous;
    let mut body = String::new();
    if set_wal {
        body.push_str(&format!(
            "cursor = await db.execute(\"PRAGMA journal_mode=WAL\")\n\
             (mode,) = await cursor.fetchone()\n\
             await cursor.close()\n\
             if mode.lower() not in (\"wal\", \"memory\"):\n    \
             {warnings}.warn(\n        \
             f\"SQLite journal_mode is {{mode!r}}, not 'wal'\", RuntimeWarning, stacklevel=2\n    \
             )\n"
        ));
    }
    if set_wal {
        // synchronous=NORMAL only once the file is in WAL (F-synchronous).
        body.push_str(&format!(
            "if mode.lower() == \"wal\":\n    await db.execute(\"PRAGMA synchronous={synchronous}\")\n"
        ));
    } else {
        body.push_str(&format!(
            "await db.execute(\"PRAGMA synchronous={synchronous}\")\n"
        ));
    }
    for (name, value) in &ctx.settings.extra_pragmas {
        body.push_str(&format!("await db.execute(\"PRAGMA {name}={value}\")\n"));
    }
    body.push_str("return db\n");
    let doc = if set_wal {
        "\"\"\"Per-connection SQLite settings for concurrent use (added by sqlfix, SQF111).\n\n\
         WAL lets readers work while one writer commits; it persists in the database\n\
         file and asking again is a no-op. synchronous=NORMAL is safe with WAL, so it\n\
         is set only when the file is in WAL.\n\"\"\"\n"
    } else {
        "\"\"\"Per-connection SQLite settings for concurrent use (added by sqlfix, SQF111).\n\n\
         synchronous=NORMAL is safe with WAL, which this project sets on this\n\
         database file elsewhere.\n\"\"\"\n"
    };
    let mut code = format!("async def {HELPER_NAME}(db):\n");
    for line in doc.lines().chain(body.lines()) {
        if line.is_empty() {
            code.push('\n');
        } else {
            code.push_str("    ");
            code.push_str(line);
            code.push('\n');
        }
    }
    code.trim_end_matches('\n').to_string()
}
