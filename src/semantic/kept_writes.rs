//! Who writes, and who commits, the connections a program keeps for its whole
//! life: a module-level sqlite3 connection or one a class opens onto `self`
//! (the holders of shared_handles.rs), project-wide.
//!
//! In Python's legacy transaction control the first INSERT/UPDATE/DELETE opens
//! an implicit transaction that holds the write lock until something commits it
//! (docs/sqlite-facts.md#F-implicit-begin). A holder that is written and that no
//! code of the project ever commits keeps the lock for the program's life, and
//! its writes are lost if the process dies. What ends such a transaction:
//! `commit()`, `rollback()`, `close()`, the end of a `with <conn>:` block,
//! `executescript` (it commits first), handing the connection to other code, or
//! setting `isolation_level = None` / `autocommit = True`.
//!
//! Per module the summary keeps, for each holder it opens, whether it is in
//! legacy mode, written and ended by the module's own code
//! ([`KeptConn`]), and the last names of every other receiver it ends
//! (`db.conn.commit()` gives `conn`, `from db import conn; conn.commit()` gives
//! `conn`): an end through an import or an instance is matched by the
//! holder's name, which errs on the side of "committed". The index merges the
//! modules once per run ([`table`]), a map keyed by holder identity.

use std::sync::Arc;

use ruff_python_ast::{Expr, Stmt};
use ruff_text_size::{Ranged, TextRange};
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use super::connections::ConnKey;
use super::model::Model;
use super::project::ProjectIndex;
pub use super::summary_types::KeptConn;
use super::transactions::{Flow, Op, TxMode};

/// Methods that end a pending transaction (or may: the connection is closed).
const ENDING: &[&str] = &["commit", "rollback", "close", "executescript"];

/// The module's kept connections and what its own code does to them, and the
/// names of the other receivers it ends a transaction on.
pub fn of_module(model: &Model<'_>, flows: &[Flow<'_, '_>]) -> (Vec<KeptConn>, Vec<String>) {
    let mut kept: Vec<KeptConn> = Vec::new();
    // Calls that are events of a connection this module opens: not "other".
    let mut own_events: HashSet<TextRange> = HashSet::default();
    for flow in flows {
        if flow.site.is_some() {
            own_events.extend(flow.events.iter().map(|e| e.range));
        }
        let (class, conn) = match &flow.key {
            ConnKey::Global { name } => (None, name.clone()),
            ConnKey::SelfAttr { class, attr } => (
                Some(model.scopes.classes[*class].qualname.clone()),
                attr.clone(),
            ),
            ConnKey::Local { .. } => continue,
        };
        let legacy = matches!(flow.mode, TxMode::Legacy(_) | TxMode::AlwaysOpen);
        let writes = flow
            .events
            .iter()
            .any(|e| matches!(e.op, Op::Write | Op::Ddl));
        let ends = !flow.with_blocks.is_empty()
            || flow.events.iter().any(|e| {
                matches!(
                    e.op,
                    Op::Commit { .. }
                        | Op::Rollback { .. }
                        | Op::Close
                        | Op::Script(_)
                        | Op::Escape
                        | Op::WithExit
                )
            });
        match kept.iter_mut().find(|k| k.class == class && k.conn == conn) {
            Some(k) => {
                k.legacy &= legacy;
                k.writes |= writes;
                k.ends |= ends;
            }
            None => kept.push(KeptConn {
                class,
                conn,
                legacy,
                writes,
                ends,
            }),
        }
    }
    let mut ended: Vec<String> = Vec::new();
    let mut push = |name: Option<&str>| {
        if let Some(name) = name {
            if !ended.iter().any(|n| n == name) {
                ended.push(name.to_string());
            }
        }
    };
    for call in &model.calls {
        // By the attribute called: an imported receiver (`db.conn.commit()`)
        // makes the callee a qualified name.
        let Expr::Attribute(a) = &*call.expr.func else {
            continue;
        };
        if !ENDING.contains(&a.attr.as_str()) || own_events.contains(&call.range()) {
            continue;
        }
        push(last_name(&a.value));
    }
    // `conn.isolation_level = None`, `conn.autocommit = True` on another receiver.
    for a in &model.assignments {
        let Expr::Attribute(attr) = a.target_expr else {
            continue;
        };
        if matches!(attr.attr.as_str(), "isolation_level" | "autocommit") {
            push(last_name(&attr.value));
        }
    }
    // `with <receiver>:` on a connection this module does not open.
    let mut suites: Vec<&[Stmt]> = vec![model.suite];
    suites.extend(model.scopes.functions.iter().map(|f| f.def.body.as_slice()));
    for suite in suites {
        for stmt in super::visit::scope_stmts(suite) {
            let Stmt::With(with) = stmt else { continue };
            for item in &with.items {
                if matches!(item.context_expr, Expr::Name(_) | Expr::Attribute(_))
                    && !own_events.contains(&with.range())
                {
                    push(last_name(&item.context_expr));
                }
            }
        }
    }
    (kept, ended)
}

/// `conn` of `conn`, `db.conn`, `self.store.conn`.
fn last_name(expr: &Expr) -> Option<&str> {
    match expr {
        Expr::Name(n) => Some(n.id.as_str()),
        Expr::Attribute(a) => Some(a.attr.as_str()),
        _ => None,
    }
}

/// The project's kept connections, merged once per index.
#[derive(Debug, Default)]
pub struct Table {
    /// (module, class qualname, connection name) → (legacy mode, ended by its module).
    holders: HashMap<(usize, Option<String>, String), (bool, bool)>,
    /// Receiver name → the modules that end a transaction on a receiver of that name.
    ended: HashMap<String, Vec<usize>>,
}

pub fn table(index: &ProjectIndex) -> Arc<Table> {
    index.memo(|index| {
        let mut table = Table::default();
        for (m, module) in index.modules.iter().enumerate() {
            for k in &module.kept_conns {
                let entry = table
                    .holders
                    .entry((m, k.class.clone(), k.conn.clone()))
                    .or_insert((true, false));
                entry.0 &= k.legacy;
                entry.1 |= k.ends;
            }
            for name in &module.ended_names {
                table.ended.entry(name.clone()).or_default().push(m);
            }
        }
        table
    })
}

impl Table {
    /// The holder as its module summarized it: `(legacy mode, ended there)`.
    pub fn holder(&self, module: usize, class: Option<&str>, conn: &str) -> Option<(bool, bool)> {
        self.holders
            .get(&(module, class.map(str::to_string), conn.to_string()))
            .copied()
    }

    /// A module other than `except` ends a transaction on a receiver named `conn`.
    pub fn ended_elsewhere(&self, conn: &str, except: Option<usize>) -> bool {
        self.ended
            .get(conn)
            .is_some_and(|ms| ms.iter().any(|&m| Some(m) != except))
    }
}
