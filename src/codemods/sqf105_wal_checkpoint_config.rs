//! SQF105 wal-checkpoint-config: the WAL is never checkpointed.
//!
//! `wal_autocheckpoint=0` (or negative), by any API, turns automatic checkpoints
//! off: unless the program checkpoints itself, every page ever written stays in
//! the `-wal` file while any connection is open (F-checkpoint-starved). HIGH; the fix writes
//! SQLite's default 1000 in place, which changes when pages reach the database
//! file, never what the program reads or writes (safe). A project that runs
//! `PRAGMA wal_checkpoint(...)` itself is checkpointing on purpose: not reported.
//!
//! WAL set with no `journal_size_limit` is not reported: the WAL file is reused
//! but keeps its largest size after a burst (F-wal-size-limit). That is disk space
//! the next burst reuses, not a lost write, a lock or a file that grows without
//! bound; on real applications every such report was judged harmless.

use super::{Codemod, Context};
use crate::finding::Finding;
use crate::fix::{Edit, Fix};
use crate::semantic::pragma_config;

pub struct WalCheckpointConfig;

impl Codemod for WalCheckpointConfig {
    crate::codemod_meta!("SQF105-wal-checkpoint-config");

    fn check(&self, ctx: &Context<'_, '_>, out: &mut Vec<Finding>) {
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
    }
}
