//! A schema migration that runs at start-up, before the program's threads and
//! tasks exist (semantic/startup_functions.rs: called from the `__main__`
//! guard, a start-up hook, module code building the app, before anything
//! serves or spawns) whose statements change the schema (`CREATE TABLE`, `ALTER TABLE`, ...) or
//! read or bump a schema version (`PRAGMA user_version`, a table named for
//! versions or migrations).
//!
//! Such a function often takes its connection from the same factory as the
//! request paths, and closes it only on its success path. The request paths'
//! uses stay one finding at the factory; the migration's drops out: it runs
//! before the server and the workers start (or once beside them), and a
//! migration that raises stops the start-up, whose process exit releases the
//! lock. What remains is one descriptor once, not a pile-up nor a lock that
//! meets a writer.

use crate::codemods::Context;
use crate::semantic::connections;
use crate::semantic::scopes::FuncId;
use crate::semantic::sql::SqlKind;

/// Whether function `scope` reads like a migration step: a schema change, or a
/// schema version read or bumped.
pub(super) fn changes_schema(ctx: &Context<'_, '_>, scope: FuncId) -> bool {
    let model = ctx.model;
    model.calls_in(Some(scope)).any(|c| {
        let Some((kinds, value)) = connections::sql_of(model, c) else {
            return false;
        };
        if kinds.contains(&SqlKind::Ddl) {
            return true;
        }
        let sql = value.sketch().to_ascii_lowercase();
        kinds
            .iter()
            .any(|k| matches!(k, SqlKind::Pragma(p) if p.name.as_deref() == Some("user_version")))
            || ["schema_version", "migrations", "version_info", "db_version"]
                .iter()
                .any(|t| sql.contains(t))
    })
}
