//! SQF104 exclusive-locking-mode: `PRAGMA locking_mode=EXCLUSIVE`, by any API
//! (SQL strings, PRAGMA dicts and loops, peewee `pragmas=`, Django
//! `init_command`).
//!
//! An exclusive-mode connection never releases its locks once it has read or
//! written (F-exclusive-lock): every other connection, in this process or another (a second
//! worker, a backup, the `sqlite3` shell), gets "database is locked" after its
//! busy timeout. CRITICAL. When the module's one connection is a module-level
//! singleton, this process has a single connection and the damage is limited to
//! other processes and tools: MEDIUM. `:memory:` databases are left alone, and
//! so are schema migrations (`second_party::is_startup_only`): a migration that
//! rebuilds tables takes the file for itself on purpose, so that nothing reads a
//! half-swapped schema, and its connection ends with it.
//!
//! The fix writes NORMAL in place. Unsafe: the connection then takes and releases
//! locks per transaction like any other, which is the point, but code written for
//! exclusive mode may rely on nobody else changing the file between its
//! transactions, and WAL without shared memory (the reason some set it) needs it.

use super::{Codemod, Context};
use crate::finding::{Finding, Severity};
use crate::fix::{Edit, Fix};
use crate::semantic::connections::{self, Holder};
use crate::semantic::pragma_config::{self, Origin, Setting};
use crate::semantic::second_party;

pub struct ExclusiveLockingMode;

impl Codemod for ExclusiveLockingMode {
    crate::codemod_meta!("SQF104-exclusive-locking-mode");

    fn check(&self, ctx: &Context<'_, '_>, out: &mut Vec<Finding>) {
        let model = ctx.model;
        if second_party::is_startup_only(model.path) {
            return;
        }
        for setting in ctx.pragma_settings() {
            if setting.name != "locking_mode" || setting.value.as_deref() != Some("exclusive") {
                continue;
            }
            if setting.origin == Origin::Sql
                && setting
                    .call
                    .is_some_and(|c| pragma_config::runs_on_memory_database(model, ctx.project, c))
            {
                continue;
            }
            let singleton = on_module_singleton(ctx, setting);
            let message = if singleton {
                "`locking_mode=EXCLUSIVE` on the process-wide connection: every other process and tool gets \"database is locked\""
            } else {
                "`locking_mode=EXCLUSIVE` never releases the lock: every other connection gets \"database is locked\""
            };
            let mut finding = Finding::new(self.meta(), setting.anchor, message).with_note(
                "the connection will take and release locks per transaction; confirm nothing relies \
                 on holding the file for itself (WAL without shared memory needs exclusive mode)",
            );
            if singleton {
                finding = finding.with_severity(Severity::Medium);
            }
            out.push(match setting.value_range {
                Some(range) => {
                    let old = model.slice(range);
                    finding.with_fix(Fix::unsafe_(
                        "Use `locking_mode=NORMAL`",
                        vec![Edit::replace(
                            range,
                            pragma_config::restyle(old, "NORMAL", "NORMAL"),
                        )],
                    ))
                }
                None => finding,
            });
        }
    }
}

/// The setting runs on a module-level connection, the only one this module opens.
fn on_module_singleton(ctx: &Context<'_, '_>, setting: &Setting<'_, '_>) -> bool {
    let Some(call) = setting.call else {
        return false;
    };
    if setting.origin != Origin::Sql {
        return false;
    }
    let sites = ctx.sites();
    let [site] = sites else {
        return false;
    };
    matches!(site.holder, Holder::Global(_))
        && connections::key_of(ctx.model, site).is_some_and(|key| {
            connections::uses(ctx.model, &key)
                .iter()
                .any(|u| u.range() == call.range())
        })
}
