//! Connections whose every write transaction is one statement, committed at
//! once.
//!
//! On one aiosqlite connection shared by a service's tasks, statements of
//! concurrent tasks reach the connection interleaved, so a task's statement can
//! land in another task's implicit transaction and be committed by that task's
//! commit. When every write transaction on the connection is a single
//! `execute` followed at once by `commit()` (nothing between them but the
//! commit's own await), whatever joins another task's transaction is itself a
//! whole unit: committing it early commits a complete write, and a failed
//! statement (a duplicate key) leaves nothing half done for the next commit to
//! publish. An `asyncio.Lock` around each would only add an await (SQF303), and
//! a rollback on error would undo nothing (SQF702).

use ruff_text_size::{Ranged, TextRange};

use super::connections::ConnKey;
use super::model::Model;
use super::transactions::{Flow, Op};

/// The keys of the connections (module globals, `self.<attr>`) whose every
/// writing flow in the module has only one-statement transactions
/// ([`one_statement_commits`]).
pub fn keys(model: &Model<'_>, flows: &[Flow<'_, '_>]) -> Vec<ConnKey> {
    let mut verdict: Vec<(ConnKey, bool)> = Vec::new();
    for flow in flows {
        if !matches!(flow.key, ConnKey::Global { .. } | ConnKey::SelfAttr { .. }) {
            continue;
        }
        let writes = flow.events.iter().any(|e| {
            matches!(
                e.op,
                Op::Write | Op::Ddl | Op::Script(_) | Op::Other | Op::Escape
            )
        });
        if !writes {
            continue;
        }
        let ok = one_statement_commits(model, flow);
        match verdict.iter_mut().find(|(k, _)| *k == flow.key) {
            Some((_, all)) => *all &= ok,
            None => verdict.push((flow.key.clone(), ok)),
        }
    }
    verdict
        .into_iter()
        .filter_map(|(k, ok)| ok.then_some(k))
        .collect()
}

/// Whether every transaction of `flow` is opened by one `execute` of a write
/// and ended, on every path, by the commit in the next statement. SQL known
/// only at run time, a script, a connection handed on, an explicit BEGIN, a
/// read or a fetch inside the transaction, or a path leaving it open, are not.
pub fn one_statement_commits(model: &Model<'_>, flow: &Flow<'_, '_>) -> bool {
    let mut any = false;
    if flow.events.iter().any(|e| {
        matches!(
            e.op,
            Op::Ddl | Op::Script(_) | Op::Other | Op::Escape | Op::Begin(_)
        )
    }) {
        return false;
    }
    for tx in flow.transactions() {
        let Some(start) = tx.start else {
            return false;
        };
        let write = &flow.events[start];
        let single = write.op == Op::Write
            && write
                .call
                .and_then(|c| c.method_name())
                .is_some_and(|m| matches!(m, "execute" | "execute_insert"));
        if tx.explicit || !single {
            return false;
        }
        let closers = flow.closers(Some(start));
        let inside = (0..flow.events.len()).filter(|&i| {
            i != start
                && flow.events[i]
                    .before
                    .iter()
                    .any(|s| s.open().is_some_and(|t| t.start == Some(start)))
        });
        let mut inside_only_closers = true;
        for i in inside {
            inside_only_closers &= closers.contains(&i);
        }
        if closers.is_empty()
            || !inside_only_closers
            || !flow.open_exits_normal(Some(start)).is_empty()
        {
            return false;
        }
        for &c in &closers {
            let commit = &flow.events[c];
            if !matches!(commit.op, Op::Commit { .. })
                || !next_statement(model, write.stmt, commit.stmt)
            {
                return false;
            }
        }
        any = true;
    }
    any
}

/// Whether `second` follows `first` with only blank lines and comments between.
fn next_statement(
    model: &Model<'_>,
    first: &ruff_python_ast::Stmt,
    second: &ruff_python_ast::Stmt,
) -> bool {
    if second.start() < first.end() {
        return false;
    }
    model.text[TextRange::new(first.end(), second.start())]
        .lines()
        .map(str::trim)
        .all(|line| line.is_empty() || line.starts_with('#') || line == ";")
}
