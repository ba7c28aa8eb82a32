//! Connections that no other connection contends with, judged from what opens
//! them: a read-only URI or `PRAGMA query_only`, a private temporary file, the
//! destination or the source of a backup, a local probe that only reads, asks
//! PRAGMA questions or checkpoints.
//!
//! The configuration and lifecycle codemods (WAL, `synchronous`, closing) are
//! about a database that several connections share. On the corpus
//! (`bench/corpus/`) these three shapes were the largest group of false positives
//! left after test suites: browser-cookie3 trying `?mode=ro` options in a loop,
//! or copying a locked cookie database to a `tempfile` path first; Django and
//! beets opening a connection only to hand it to `Connection.backup()`.

use ruff_python_ast::{Expr, Operator};
use ruff_text_size::{Ranged, TextSize};

use super::connections::{self, ConnSite};
use super::model::{AssignKind, Model};
use super::scopes::FuncId;

const MAX_DEPTH: usize = 4;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    /// `mode=ro` or `immutable=1` in the URI, or `PRAGMA query_only=1` right
    /// after connecting: SQLite refuses every write.
    ReadOnly,
    /// A path made by `tempfile`, or named by the process id (temporary.rs):
    /// no other process knows the file.
    TemporaryFile,
    /// Only ever the target of `source.backup(conn)`, then closed.
    BackupDestination,
    /// Only ever the source of `conn.backup(target)`: the backup API reads it.
    BackupSource,
    /// A local connection that only reads, asks PRAGMA questions
    /// (`integrity_check`, `user_version`) or runs `wal_checkpoint`: an
    /// inspection or maintenance probe that writes no row.
    Inspection,
    /// Opened and closed with no statement run on it: a helper that creates
    /// the file (`sqlite3.connect(path).close()`). It never takes a lock.
    Untouched,
}

/// Why the connection `site` opens cannot contend with another one, if it cannot.
pub fn purpose(model: &Model<'_>, site: &ConnSite<'_, '_>) -> Option<Purpose> {
    if let Some(database) = site.call.argument(0, "database") {
        let at = site.call.range().start();
        if is_read_only_uri(model, database, site.scope(), at) {
            return Some(Purpose::ReadOnly);
        }
        if super::temporary::is_temporary_path(model, database, site.scope(), at) {
            return Some(Purpose::TemporaryFile);
        }
    }
    if sets_query_only(model, site) {
        return Some(Purpose::ReadOnly);
    }
    if backup_destination(model, site) {
        return Some(Purpose::BackupDestination);
    }
    if backup_source(model, site) {
        return Some(Purpose::BackupSource);
    }
    if untouched(model, site) {
        return Some(Purpose::Untouched);
    }
    inspection(model, site).then_some(Purpose::Inspection)
}

/// `sqlite3.connect(p).close()`, or a local connection whose only use is its
/// `close()`: nothing is executed, so no lock is ever taken on the file.
fn untouched(model: &Model<'_>, site: &ConnSite<'_, '_>) -> bool {
    if let Some(Expr::Attribute(attr)) = site.call.parent
        && attr.attr.as_str() == "close"
        && attr.value.range() == site.call.range()
    {
        return true;
    }
    let super::connections::Holder::Local(name) = &site.holder else {
        return false;
    };
    let Some(scope) = site.scope() else {
        return false;
    };
    let Some(key) = connections::key_of(model, site) else {
        return false;
    };
    let uses = connections::uses(model, &key);
    if uses.is_empty() || !uses.iter().all(|c| c.method_name() == Some("close")) {
        return false;
    }
    // Every mention of the name is one of those closes: not yielded to a
    // caller (`@contextmanager`), returned, stored or passed on, where the
    // statements run out of sight.
    let body = &model.scopes.function(scope).def.body;
    let mentions = super::visit::names_loaded(body)
        .iter()
        .filter(|(n, _)| n == name)
        .count();
    mentions == uses.len()
}

/// `src = sqlite3.connect(p); src.backup(dst); src.close()`.
fn backup_source(model: &Model<'_>, site: &ConnSite<'_, '_>) -> bool {
    let Some(key) = connections::key_of(model, site) else {
        return false;
    };
    if !connections::passed_to(model, &key).is_empty() {
        return false;
    }
    let uses = connections::uses(model, &key);
    uses.iter().any(|c| c.method_name() == Some("backup"))
        && uses
            .iter()
            .all(|c| matches!(c.method_name(), Some("backup" | "close")))
}

/// Only SELECTs, PRAGMA queries and checkpoints, on a local connection that is
/// neither handed on nor returned, and never committed.
fn inspection(model: &Model<'_>, site: &ConnSite<'_, '_>) -> bool {
    use super::connections::Holder;
    use super::sql::SqlKind;
    if !matches!(site.holder, Holder::Local(_) | Holder::WithItem { .. }) {
        return false;
    }
    let Some(key) = connections::key_of(model, site) else {
        return false;
    };
    if !connections::passed_to(model, &key).is_empty() || returned(model, site) {
        return false;
    }
    let harmless = |k: &SqlKind| match k {
        SqlKind::Read => true,
        SqlKind::Pragma(p) => {
            p.name.as_deref() == Some("wal_checkpoint") || (p.value.is_none() && !p.value_is_hole)
        }
        _ => false,
    };
    let mut ran = false;
    for call in connections::uses(model, &key) {
        match call.method_name() {
            Some("execute" | "executemany" | "executescript") => {
                let Some((kinds, _)) = connections::sql_of(model, call) else {
                    return false;
                };
                if kinds.is_empty() || !kinds.iter().all(harmless) {
                    return false;
                }
                ran = true;
            }
            Some("commit" | "backup" | "create_function" | "enable_load_extension") => {
                return false;
            }
            // Fetches on the statement's cursor, `close()`, `row_factory`.
            _ => {}
        }
    }
    ran
}

/// `return conn` in the function that opens it: the caller decides its use.
fn returned(model: &Model<'_>, site: &ConnSite<'_, '_>) -> bool {
    let super::connections::Holder::Local(name) = &site.holder else {
        return false;
    };
    let Some(scope) = site.scope() else {
        return false;
    };
    let body = &model.scopes.function(scope).def.body;
    super::visit::any_stmt(body, |stmt| {
        matches!(stmt, ruff_python_ast::Stmt::Return(r)
            if r.value.as_deref().is_some_and(|v| matches!(v, Expr::Name(n) if n.id.as_str() == name)))
    })
}

/// Every statement run on the connection is `PRAGMA wal_checkpoint(...)`.
pub fn only_checkpoints(model: &Model<'_>, site: &ConnSite<'_, '_>) -> bool {
    use super::sql::SqlKind;
    let Some(key) = connections::key_of(model, site) else {
        return false;
    };
    if !connections::passed_to(model, &key).is_empty() {
        return false;
    }
    let mut ran = false;
    for call in connections::uses(model, &key) {
        match call.method_name() {
            Some("execute") => {
                let Some((kinds, _)) = connections::sql_of(model, call) else {
                    return false;
                };
                let checkpoint = |k: &SqlKind| matches!(k, SqlKind::Pragma(p) if p.name.as_deref() == Some("wal_checkpoint"));
                if kinds.is_empty() || !kinds.iter().all(checkpoint) {
                    return false;
                }
                ran = true;
            }
            Some("commit" | "backup" | "executemany" | "executescript") => return false,
            _ => {}
        }
    }
    ran
}

/// `conn.execute("PRAGMA query_only=1")` on the connection: it refuses writes,
/// yet a WAL PRAGMA on it would still convert the file (F-wal-read-only).
fn sets_query_only(model: &Model<'_>, site: &ConnSite<'_, '_>) -> bool {
    let Some(key) = connections::key_of(model, site) else {
        return false;
    };
    let uses = connections::uses(model, &key);
    let pragmas = connections::pragmas_run(model, &uses);
    matches!(
        pragmas.get("query_only"),
        Some(Some("1" | "on" | "true" | "yes"))
    )
}

/// Whether every string `expr` can be carries a read-only URI option. A loop
/// variable counts when every item of the literal it loops over does
/// (`for options in ("?mode=ro", "?mode=ro&immutable=1"): connect(uri + options)`).
pub fn is_read_only_uri(
    model: &Model<'_>,
    expr: &Expr,
    scope: Option<FuncId>,
    at: TextSize,
) -> bool {
    read_only_uri(model, expr, scope, at, 0, is_read_only_text)
}

/// Whether every string `expr` can be opens the file with `immutable=1`: SQLite
/// then takes no lock on it at all, so the connection never waits on a writer
/// nor makes one wait (F-immutable-no-locks).
pub fn is_immutable_uri(
    model: &Model<'_>,
    expr: &Expr,
    scope: Option<FuncId>,
    at: TextSize,
) -> bool {
    read_only_uri(model, expr, scope, at, 0, |t| t.contains("immutable=1"))
}

fn read_only_uri(
    model: &Model<'_>,
    expr: &Expr,
    scope: Option<FuncId>,
    at: TextSize,
    depth: usize,
    option: fn(&str) -> bool,
) -> bool {
    if depth > MAX_DEPTH {
        return false;
    }
    let again = |e: &Expr| read_only_uri(model, e, scope, at, depth + 1, option);
    match expr {
        Expr::StringLiteral(s) => option(s.value.to_str()),
        Expr::FString(_) => option(model.slice(expr.range())),
        Expr::BinOp(bin) if matches!(bin.op, Operator::Add | Operator::Mod) => {
            again(&bin.left) || again(&bin.right)
        }
        Expr::Tuple(t) => t.elts.iter().any(again),
        // `'file:{}?immutable=1'.format(path)`: the template carries the option.
        Expr::Call(call) => match &*call.func {
            Expr::Attribute(attr) if attr.attr.as_str() == "format" => again(&attr.value),
            _ => false,
        },
        Expr::Name(name) => {
            let Some(assignment) = model.last_assignment(scope, name.id.as_str(), at) else {
                return false;
            };
            match (assignment.kind, assignment.value) {
                (AssignKind::ForLoop, Expr::Tuple(t)) => {
                    !t.elts.is_empty() && t.elts.iter().all(again)
                }
                (AssignKind::ForLoop, Expr::List(l)) => {
                    !l.elts.is_empty() && l.elts.iter().all(again)
                }
                (AssignKind::Assign, value) => read_only_uri(
                    model,
                    value,
                    assignment.scope,
                    assignment.stmt.start(),
                    depth + 1,
                    option,
                ),
                _ => false,
            }
        }
        _ => false,
    }
}

fn is_read_only_text(text: &str) -> bool {
    text.contains("mode=ro") || text.contains("immutable=1")
}

/// `dst = sqlite3.connect(p); src.backup(dst); dst.close()`: the connection is
/// only handed to `backup()`. The backup API writes the copy in one go, under its
/// own locks, into a file nobody is using yet.
fn backup_destination(model: &Model<'_>, site: &ConnSite<'_, '_>) -> bool {
    let Some(key) = connections::key_of(model, site) else {
        return false;
    };
    let passed = connections::passed_to(model, &key);
    !passed.is_empty()
        && passed
            .iter()
            .all(|(call, _)| call.method_name() == Some("backup"))
        && connections::uses(model, &key)
            .iter()
            .all(|call| matches!(call.method_name(), Some("close" | "commit")))
}

#[cfg(test)]
mod tests {
    use super::{Purpose, purpose};
    use crate::semantic::Model;
    use crate::semantic::connections;
    use std::path::Path;

    fn purposes(source: &str) -> Vec<Option<Purpose>> {
        let parsed = crate::check::parse(source).unwrap();
        let model = Model::build(Path::new("m.py"), source, parsed.suite(), parsed.tokens());
        connections::sites(&model, &connections::NoWrappers)
            .iter()
            .map(|site| purpose(&model, site))
            .collect()
    }

    #[test]
    fn read_only_uris() {
        let source = "import sqlite3\n\
def a(path):\n    return sqlite3.connect('file:%s?mode=ro' % path, uri=True)\n\
def b(uri):\n    for options in ('?mode=ro', '?mode=ro&immutable=1'):\n        con = sqlite3.connect(uri + options, uri=True)\n        return con\n\
def c(uri):\n    for options in ('?mode=ro', '?mode=rw'):\n        con = sqlite3.connect(uri + options, uri=True)\n        return con\n";
        assert_eq!(
            purposes(source),
            vec![Some(Purpose::ReadOnly), Some(Purpose::ReadOnly), None]
        );
    }

    #[test]
    fn temporary_files_and_backups() {
        let source = "import sqlite3, tempfile\n\
class C:\n    def a(self):\n        with tempfile.NamedTemporaryFile(suffix='.db') as tf:\n            self.tmp = tf.name\n        con = sqlite3.connect(self.tmp)\n        return con\n\
    def b(self, src, dest):\n        dst = sqlite3.connect(dest)\n        src.backup(dst)\n        dst.close()\n\
    def c(self, dest):\n        dst = sqlite3.connect(dest)\n        dst.execute('CREATE TABLE t (x)')\n        dst.close()\n";
        assert_eq!(
            purposes(source),
            vec![
                Some(Purpose::TemporaryFile),
                Some(Purpose::BackupDestination),
                None
            ]
        );
    }
}
