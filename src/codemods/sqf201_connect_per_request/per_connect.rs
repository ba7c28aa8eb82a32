//! What a connection opened per request repeats on every request, beyond the
//! connect itself (a fraction of a millisecond for sqlite3, F-connect-cost).
//!
//! Reported work: a `journal_mode` PRAGMA (switching needs the file's lock, and
//! fails inside a transaction: F-wal-switch; the file keeps WAL once set,
//! F-wal-persists, so once at start-up is enough), PRAGMAs that rewrite or scan
//! the whole file (`auto_vacuum`, `page_size`, `integrity_check`,
//! `quick_check`, `foreign_key_check`, `optimize`, `wal_checkpoint`), and
//! schema statements (CREATE/ALTER/DROP) run on every request, by the route
//! itself or by the connection factory when it is defined in the same module
//! (another module's factory shows only its PRAGMAs here). Cheap per-connection
//! settings (`busy_timeout`, `foreign_keys`, `synchronous`) are not work worth
//! a finding.

use crate::codemods::Context;
use crate::semantic::connections::{self, ConnSite, Driver};
use crate::semantic::model::Model;
use crate::semantic::scopes::FuncId;
use crate::semantic::sql::SqlKind;

/// PRAGMAs that scan or rewrite the file, or switch its journal, when run.
const COSTLY_PRAGMAS: &[&str] = &[
    "journal_mode",
    "auto_vacuum",
    "page_size",
    "integrity_check",
    "quick_check",
    "foreign_key_check",
    "optimize",
    "wal_checkpoint",
    "incremental_vacuum",
];

/// What the connect of `site` repeats on each request, in words
/// ("switches the journal mode (`PRAGMA journal_mode`)"), or `None` when it
/// is a plain connect.
pub(super) fn cost(ctx: &Context<'_, '_>, site: &ConnSite<'_, '_>) -> Option<String> {
    let model = ctx.model;
    let mut pragmas = match &site.driver {
        Driver::Factory(_) => ctx
            .project
            .factory_function(model, site.call)
            .and_then(|(_, f)| f.factory.as_ref())
            .map(|f| f.pragmas.clone())
            .unwrap_or_default(),
        _ => Default::default(),
    };
    let scope = site.scope();
    let own: Vec<_> = model.calls_in(scope).collect();
    pragmas.merge(&connections::pragmas_run(model, &own));
    if let Some(name) = COSTLY_PRAGMAS.iter().find(|p| pragmas.get(p).is_some()) {
        return Some(if *name == "journal_mode" {
            "switches the journal mode (`PRAGMA journal_mode`), which needs the file's lock and fails inside a transaction; the file keeps WAL once set (docs/sqlite-facts.md#F-wal-switch, #F-wal-persists)".to_string()
        } else {
            format!("runs `PRAGMA {name}`, which works through the whole file")
        });
    }
    if runs_ddl(model, scope) || factory_scope(ctx, site).is_some_and(|f| runs_ddl(model, Some(f)))
    {
        return Some(
            "runs schema statements (CREATE/ALTER) again: a migration step belongs at start-up"
                .to_string(),
        );
    }
    None
}

/// A schema statement among the calls of `scope`.
fn runs_ddl(model: &Model<'_>, scope: Option<FuncId>) -> bool {
    scope.is_some()
        && model.calls_in(scope).any(|c| {
            connections::sql_of(model, c).is_some_and(|(kinds, _)| kinds.contains(&SqlKind::Ddl))
        })
}

/// The factory function of this module that `site` calls.
fn factory_scope(ctx: &Context<'_, '_>, site: &ConnSite<'_, '_>) -> Option<FuncId> {
    let Driver::Factory(_) = &site.driver else {
        return None;
    };
    let (module, summary) = ctx.project.factory_function(ctx.model, site.call)?;
    if module.is_some() && module != ctx.project.module {
        return None;
    }
    ctx.model
        .scopes
        .functions
        .iter()
        .position(|f| f.qualname == summary.qualname)
}
