//! A peewee database class of the project that opens apsw connections itself:
//! `class LibraryDatabase(SqliteDatabase): def _connect(self): conn =
//! apsw.Connection(self.database) ...`. peewee's `timeout=` (5 s by default)
//! reaches SQLite only through its own `_connect`; one of the project's that
//! builds `apsw.Connection` and never calls `setbusytimeout` keeps apsw's 0
//! (docs/sqlite-facts.md#F-peewee-apsw-timeout), whatever `pragmas=` the
//! database declares. Reported where the module starts threads of its own
//! beside its caller (import threads beside the UI): alone, a connection never
//! meets a lock it does not hold. Where the project's second party is concrete
//! SQF101 reports the same open (its apsw check), and this rule stays quiet. playhouse's own `APSWDatabase` passes the timeout
//! on and is not this case.
//!
//! The fix adds `<conn>.setbusytimeout(int(self._timeout * 1000))` after the
//! open, so the database's `timeout=` (seconds) is the wait, as in playhouse.
//! Unsafe: code may rely on failing fast and now waits.

use ruff_python_ast::{Expr, Stmt};
use ruff_text_size::Ranged;

use super::super::Context;
use crate::finding::{Finding, Severity};
use crate::fix::{Edit, Fix, codegen};
use crate::semantic::model::Call;
use crate::semantic::pragma_config::PEEWEE_DATABASES;
use crate::semantic::second_party::SecondParty;

/// Calls that give an apsw connection a wait.
const SETTERS: &[&str] = &[
    "setbusytimeout",
    "set_busy_timeout",
    "setbusyhandler",
    "set_busy_handler",
];

pub(super) fn findings(
    ctx: &Context<'_, '_>,
    meta: &'static crate::codemods::Meta,
) -> Vec<Finding> {
    let model = ctx.model;
    if !model.text.contains("apsw") || !model.text.contains("_connect") {
        return Vec::new();
    }
    // With a concrete second party SQF101 reports the `apsw.Connection` itself
    // (sqf101_connection_pragmas/apsw.rs): one finding, one fix. Here the party
    // is the module's own threads, whose work goes through peewee's models
    // (`Track.create(...)`), which the project's party model does not follow.
    if matches!(ctx.pragma_party(), SecondParty::Known(_)) {
        return Vec::new();
    }
    let Some(who) = own_threads(model) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for (id, function) in model.scopes.functions.iter().enumerate() {
        if function.name() != "_connect" {
            continue;
        }
        let Some(class) = function.class else {
            continue;
        };
        let class = &model.scopes.classes[class];
        if !class.def.bases().iter().any(|b| peewee_base(model, b)) {
            continue;
        }
        let calls: Vec<&Call<'_>> = model.calls_in(Some(id)).collect();
        if calls.iter().any(|c| {
            c.method_name().is_some_and(|m| SETTERS.contains(&m))
                || (matches!(c.method_name(), Some("execute" | "pragma"))
                    && model.slice(c.range()).contains("busy_timeout"))
        }) {
            continue;
        }
        for open in calls
            .iter()
            .filter(|c| c.qualified() == Some("apsw.Connection") && !c.in_lambda)
        {
            let name = class.def.name.as_str();
            let mut finding = Finding::new(
                meta,
                open.range(),
                format!(
                    "peewee database class `{name}` opens its apsw connections itself and sets no busy timeout: \
                     peewee's `timeout=` never reaches them, apsw's default of 0 stands, and a writer that \
                     meets a held lock fails at once with BusyError (\"database is locked\"); concurrent with {who}"
                ),
            )
            .with_severity(Severity::High)
            .with_note(
                "playhouse's APSWDatabase hands `timeout=` (seconds) to `setbusytimeout` itself; a `_connect` \
                 of one's own must do the same (docs/sqlite-facts.md#F-peewee-apsw-timeout)",
            );
            if let Stmt::Assign(a) = open.stmt
                && a.targets.len() == 1
                && a.value.range() == open.range()
                && let Expr::Name(holder) = &a.targets[0]
                && codegen::owns_lines(model.text, open.stmt)
            {
                let indent = codegen::indentation_at(model.text, open.stmt.start());
                let nl = model.stylist.newline.as_str();
                let holder = holder.id.as_str();
                let edit = Edit::insert(
                    codegen::next_line_start(model.text, open.stmt.end()),
                    format!("{indent}{holder}.setbusytimeout(int(self._timeout * 1000)){nl}"),
                );
                finding = finding.with_fix(Fix::unsafe_(
                    format!("Wait `timeout=` seconds for the lock: `{holder}.setbusytimeout(int(self._timeout * 1000))`"),
                    vec![edit],
                ));
            }
            out.push(finding);
        }
    }
    out
}

/// The module starts threads (not a pool of one run alone): "worker threads
/// running `f` (this module)".
fn own_threads(model: &crate::semantic::Model<'_>) -> Option<String> {
    crate::semantic::spawn::spawns(model)
        .into_iter()
        .find_map(|s| {
            if s.kind != crate::semantic::spawn::SpawnKind::Thread {
                return None;
            }
            let target = s.target?;
            Some(format!(
                "worker threads running `{}` ({})",
                model.slice(target.range()),
                model.path.file_name()?.to_string_lossy()
            ))
        })
}

/// A base that is one of peewee's SQLite database classes: imported from
/// peewee or playhouse, or a bare name under `from peewee import *`.
fn peewee_base(model: &crate::semantic::Model<'_>, base: &Expr) -> bool {
    let last = |q: &str| {
        let name = q.rsplit('.').next().unwrap_or(q).to_string();
        PEEWEE_DATABASES.contains(&name.as_str())
    };
    match model.resolve(base, None) {
        Some(q) => (q.starts_with("peewee.") || q.starts_with("playhouse.")) && last(&q),
        None => {
            matches!(base, Expr::Name(n) if last(n.id.as_str()))
                && model.text.contains("from peewee import *")
        }
    }
}
