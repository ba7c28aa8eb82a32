//! SQF105 wal-checkpoint-config: the WAL is never checkpointed, or never shrunk.
//!
//! `wal_autocheckpoint=0` (or negative), by any API, turns automatic checkpoints
//! off: unless the program checkpoints itself, every page ever written stays in
//! the `-wal` file while any connection is open (F-checkpoint-starved). HIGH; the fix writes
//! SQLite's default 1000 in place, which changes when pages reach the database
//! file, never what the program reads or writes (safe). A project that runs
//! `PRAGMA wal_checkpoint(...)` itself is checkpointing on purpose: not reported.
//!
//! WAL set with no `journal_size_limit` anywhere in the project: the WAL file is
//! reused but never shrinks after a burst (F-wal-size-limit). That costs disk
//! space, not data or waiting, and an application knows how large its own
//! database's transactions get: on applications every such report was judged
//! harmless. A library that opens whatever file its caller names (a queue, a
//! cache: `library::leaves_choice_to_caller`) sizes its WAL for workloads it cannot
//! see, so there it is MONITOR, reported once per project, on the first place (by path, then line) that sets WAL in the
//! project's own code (not in helpers sqlfix wrote), with a display-only
//! suggestion next to it: `journal_size_limit=67108864` (64 MiB, Rails' default,
//! F-reference-defaults). The size it grows to depends on the workload, so no fix is applied.
//! A project that runs `PRAGMA wal_checkpoint(TRUNCATE)` itself (after its bulk
//! writes, say) already empties the -wal file on its own schedule: not reported.

use ruff_python_ast::{Expr, Stmt};
use ruff_text_size::Ranged;

use super::{Codemod, Context};
use crate::finding::Finding;
use crate::fix::entries::{self, Value};
use crate::fix::{Edit, Fix, codegen};
use crate::semantic::library;
use crate::semantic::pragma_config::{self, Origin, Setting};

pub struct WalCheckpointConfig;

/// 64 MiB, Rails 8's production default (F-reference-defaults).
const JOURNAL_SIZE_LIMIT: &str = "67108864";

impl Codemod for WalCheckpointConfig {
    crate::codemod_meta!("SQF105-wal-checkpoint-config");

    fn check(&self, ctx: &Context<'_, '_>, out: &mut Vec<Finding>) {
        let _model = ctx.model;
        let settings = ctx.pragma_settings();
        let checkpoints_itself = pragma_config::project_has(ctx.project, "wal_checkpoint", None);
        for setting in settings {
            if setting.name != "wal_autocheckpoint" || checkpoints_itself {
                continue;
            }
            let Some(pages) = setting.value.as_deref().and_then(|v| v.parse::<i64>().ok()) else {
                continue;
            };
            if pages > 0 {
                continue;
            }
            let finding = Finding::new(
                self.meta(),
                setting.anchor,
                format!(
                    "`wal_autocheckpoint={pages}` turns checkpoints off: the WAL file grows with every write"
                ),
            );
            out.push(match setting.value_range {
                Some(range) => finding.with_fix(Fix::safe(
                    "Checkpoint every 1000 pages (SQLite's default)",
                    vec![Edit::replace(range, "1000")],
                )),
                None => {
                    finding.with_note("make the value 1000 (SQLite's default) where it is chosen")
                }
            });
        }
        let for_callers = ctx
            .sites()
            .iter()
            .any(|site| library::leaves_choice_to_caller(ctx.model, ctx.project, site).is_some());
        if let Some(wal) = first_wal_of_project(ctx, settings).filter(|_| for_callers) {
            out.push(size_limit_monitor(self, ctx, wal));
        }
    }
}

/// This module's first WAL setting, when it is the project's first one and the
/// project sets no `journal_size_limit`.
fn first_wal_of_project<'s, 'm, 'a>(
    ctx: &Context<'_, '_>,
    settings: &'s [Setting<'m, 'a>],
) -> Option<&'s Setting<'m, 'a>> {
    let model = ctx.model;
    let own = settings.iter().find(|s| {
        s.name == "journal_mode"
            && s.value.as_deref() == Some("wal")
            && !pragma_config::in_generated_helper(model, s.scope)
    })?;
    // TRUNCATE checkpoints reset the -wal file to zero bytes: the program
    // shrinks it itself.
    if pragma_config::project_has(ctx.project, "journal_size_limit", None)
        || pragma_config::project_has(ctx.project, "wal_checkpoint", Some("truncate"))
    {
        return None;
    }
    let earlier_module = ctx.project.index.modules.iter().enumerate().any(|(i, m)| {
        Some(i) != ctx.project.module
            && m.path < model.path.to_path_buf()
            && m.pragmas.iter().any(|f| {
                f.name == "journal_mode" && f.value.as_deref() == Some("wal") && !f.generated
            })
    });
    (!earlier_module).then_some(own)
}

fn size_limit_monitor(
    codemod: &WalCheckpointConfig,
    ctx: &Context<'_, '_>,
    wal: &Setting<'_, '_>,
) -> Finding {
    let finding = Finding::new(
        codemod.meta(),
        wal.anchor,
        "WAL without `journal_size_limit`: after a burst of writes the -wal file keeps its size",
    )
    .with_severity(crate::finding::Severity::Monitor)
    .with_note(
        "Needs Confirmation: watch the -wal file's size (`ls -la <db>-wal`); if it stays above \
         ~64 MB after bursts, set `PRAGMA journal_size_limit=67108864` on every connection",
    );
    match suggestion(ctx, wal) {
        Some(edit) => finding.with_fix(Fix::display_only(
            "Cap the WAL file at 64 MiB after checkpoints",
            vec![edit],
        )),
        None => finding,
    }
}

/// `journal_size_limit` next to the WAL setting, written the way WAL is.
fn suggestion(ctx: &Context<'_, '_>, wal: &Setting<'_, '_>) -> Option<Edit> {
    let model = ctx.model;
    let call = wal.call?;
    match wal.origin {
        Origin::Sql => {
            let Expr::Attribute(attr) = &*call.expr.func else {
                return None;
            };
            let Stmt::Expr(stmt) = call.stmt else {
                return None;
            };
            let awaited = matches!(&*stmt.value, Expr::Await(a) if a.value.range() == call.range());
            if stmt.value.range() != call.range() && !awaited {
                return None;
            }
            let method = match attr.attr.as_str() {
                "executescript" => "execute",
                other => other,
            };
            let indent = codegen::indentation_at(model.text, call.stmt.start());
            let nl = model.stylist.newline.as_str();
            let line = format!(
                "{indent}{}{}.{method}(\"PRAGMA journal_size_limit={JOURNAL_SIZE_LIMIT}\"){nl}",
                if awaited { "await " } else { "" },
                model.slice(attr.value.range()),
            );
            Some(Edit::insert(
                codegen::next_line_start(model.text, call.stmt.end()),
                line,
            ))
        }
        Origin::Peewee => {
            let pragmas = call.keyword("pragmas")?;
            let container = pragma_config::resolve_name(model, pragmas, call.scope);
            entries::append_entries(
                model,
                container,
                &[("journal_size_limit", Value::Raw(JOURNAL_SIZE_LIMIT.into()))],
            )
        }
        Origin::Django => None,
    }
}
