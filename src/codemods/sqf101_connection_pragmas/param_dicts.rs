//! sqlite3 connect parameters built as a dict that a generic driver hands to
//! its DB-API module's `connect(**params)` (semantic/connect_params.rs says how
//! the dict is known to be sqlite3's). Reported where the dict is built, like a
//! connect site: no `timeout` key and, in the whole project, no WAL. The
//! missing timeout alone would not be reported (Python's default is 5 s,
//! docs/sqlite-facts.md#F-busy-default); with the rollback journal, one writer
//! blocks everyone and the wait decides who fails.
//!
//! The fix adds `"timeout": <seconds>` to the dict display (or `timeout=` to
//! `dict(...)`). Display-only: it makes the wait explicit and configurable, but
//! WAL has to be set on the connection the base class opens, which only the
//! driver's author can place.

use ruff_python_ast::Expr;
use ruff_text_size::Ranged;

use super::super::Context;
use crate::finding::{Confidence, Finding, Severity};
use crate::fix::{Edit, Fix, codegen};
use crate::semantic::connect_params::{self, Sure};
use crate::semantic::pragma_config;
use crate::semantic::second_party::SecondParty;

pub fn findings(ctx: &Context<'_, '_>, meta: &'static crate::codemods::Meta) -> Vec<Finding> {
    let party = ctx.pragma_party();
    if matches!(party, SecondParty::None(_)) {
        return Vec::new();
    }
    // A `sqlite3.connect(**params)` the module makes itself is a connect
    // site, checked as one.
    if ctx.sites().iter().any(|s| s.call.has_star_args()) {
        return Vec::new();
    }
    let dicts = connect_params::without_timeout(ctx.model);
    if dicts.is_empty() || pragma_config::project_sets_wal(ctx.project) {
        return Vec::new();
    }
    let model = ctx.model;
    let seconds = ctx.settings.timeout_seconds_literal();
    dicts
        .into_iter()
        .map(|dict| {
            let why = match dict.sure {
                Sure::Keys => "keys only sqlite3.connect takes",
                Sure::Module => "sqlite3.connect's keys, in a module that uses sqlite3 as its driver",
            };
            let mut message = format!(
                "sqlite3 connect parameters ({why}: {}) built without a busy timeout, and the \
                 project never sets WAL: the rollback journal lets one writer block everyone, \
                 and the connection the driver opens with them waits only Python's default 5 s",
                dict.keys.join(", ")
            );
            if let SecondParty::Known(who) = party {
                message.push_str(&format!("; concurrent with {who}"));
            }
            let mut finding = Finding::new(meta, dict.anchor, message)
                .with_severity(Severity::High)
                .with_note(
                    "add a `timeout` here and run `PRAGMA journal_mode=WAL` (checking the mode it \
                     returns) on the connection the driver opens (docs/sqlite-facts.md#F-busy-default, \
                     #F-wal-switch)",
                );
            if dict.sure == Sure::Module || matches!(party, SecondParty::Unknown) {
                finding = finding.with_confidence(Confidence::Medium);
            }
            let edit = match dict.display {
                Some(Expr::Dict(d)) => d.items.last().map(|last| {
                    Edit::insert(last.value.end(), format!(", \"timeout\": {seconds}"))
                }),
                Some(Expr::Call(c)) => Some(codegen::add_keyword(model, c, "timeout", &seconds)),
                _ => None,
            };
            if let Some(edit) = edit {
                finding = finding.with_fix(Fix::display_only(
                    format!("Pass `timeout={seconds}` through the parameters"),
                    vec![edit],
                ));
            }
            finding
        })
        .collect()
}
