//! peewee `db.atomic()` blocks that read then write.
//!
//! On SQLite, peewee's `atomic()` (and `transaction()`) sends a plain `BEGIN`
//! unless asked for a lock type (`db.atomic("IMMEDIATE")`, or
//! `SqliteDatabase(..., lock_type="IMMEDIATE")`): a DEFERRED transaction. A
//! block that reads models first (`Poll.get(...)`, `Vote.select()`) and then
//! writes (`.save()`, `Model.update(...).execute()`, `Model.create(...)`) must
//! upgrade its read snapshot, and SQLite does not call the busy handler for
//! that: when two such blocks overlap, one fails at once with "database is
//! locked" (F-upgrade-fails-fast), whatever the timeout.
//!
//! Models are recognised by shape, not by name: a call chain rooted at a
//! capitalised name (`Vote.select().where(...)`), and `.save()` /
//! `.delete_instance()` on an instance.

use ruff_python_ast::{Expr, Stmt};
use ruff_text_size::{Ranged, TextRange};

use super::model::Model;
use super::scopes::FuncId;
use super::transactions::scope_stmts;

/// A deferred `atomic()` block whose body reads then writes.
#[derive(Debug, Clone)]
pub struct AtomicBlock {
    pub function: FuncId,
    /// The `db.atomic()` call (in a `with` item or a decorator).
    pub call: TextRange,
    /// Its argument list, `()`, where the lock type goes.
    pub arguments: TextRange,
    pub read: TextRange,
    pub write: TextRange,
}

const READS: &[&str] = &["select", "get", "get_or_none", "get_by_id", "get_or_create"];
const WRITES: &[&str] = &[
    "create",
    "insert",
    "insert_many",
    "insert_from",
    "update",
    "delete",
    "replace",
    "bulk_create",
    "bulk_update",
];
const INSTANCE_WRITES: &[&str] = &["save", "delete_instance"];

/// Whether the module or one it imports from is a peewee program.
pub fn imports_peewee(targets: impl IntoIterator<Item = impl AsRef<str>>) -> bool {
    targets.into_iter().any(|t| {
        let t = t.as_ref();
        t == "peewee" || t.starts_with("peewee.") || t.starts_with("playhouse")
    })
}

/// The module's `with X.atomic():` / `@X.atomic()` blocks, asked for no lock
/// type, that read a model and later write one.
pub fn blocks(model: &Model<'_>) -> Vec<AtomicBlock> {
    let mut out = Vec::new();
    for (id, f) in model.scopes.functions.iter().enumerate() {
        for d in &f.def.decorator_list {
            if let Some(args) = deferred_atomic(&d.expression) {
                if let Some((read, write)) = read_then_write(model, id, f.def.range()) {
                    out.push(AtomicBlock {
                        function: id,
                        call: d.expression.range(),
                        arguments: args,
                        read,
                        write,
                    });
                }
            }
        }
        for stmt in scope_stmts(&f.def.body) {
            let Stmt::With(with) = stmt else { continue };
            if with.is_async {
                continue;
            }
            for item in &with.items {
                let Some(args) = deferred_atomic(&item.context_expr) else {
                    continue;
                };
                let body = TextRange::new(
                    with.body.first().map_or(with.end(), Ranged::start),
                    with.end(),
                );
                if let Some((read, write)) = read_then_write(model, id, body) {
                    out.push(AtomicBlock {
                        function: id,
                        call: item.context_expr.range(),
                        arguments: args,
                        read,
                        write,
                    });
                }
            }
        }
    }
    out
}

/// `db.atomic()` / `db.transaction()` with no arguments: its argument list.
fn deferred_atomic(expr: &Expr) -> Option<TextRange> {
    let Expr::Call(call) = expr else { return None };
    let Expr::Attribute(attr) = &*call.func else {
        return None;
    };
    let is_db = matches!(&*attr.value, Expr::Name(_) | Expr::Attribute(_));
    (is_db
        && matches!(attr.attr.as_str(), "atomic" | "transaction")
        && call.arguments.args.is_empty()
        && call.arguments.keywords.is_empty())
    .then_some(call.arguments.range())
}

/// The first model read in `range` and the first model write after it.
fn read_then_write(
    model: &Model<'_>,
    scope: FuncId,
    range: TextRange,
) -> Option<(TextRange, TextRange)> {
    let mut calls: Vec<(TextRange, Kind)> = model
        .calls_in(Some(scope))
        .filter(|c| !c.in_lambda && range.contains_range(c.range()))
        .filter_map(|c| kind(&c.expr.func).map(|k| (c.range(), k)))
        .collect();
    calls.sort_by_key(|(r, _)| r.start());
    let read = calls.iter().find(|(_, k)| *k == Kind::Read)?.0;
    let write = calls
        .iter()
        .find(|(r, k)| *k == Kind::Write && r.start() > read.end())?
        .0;
    Some((read, write))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Read,
    Write,
}

/// What a call in a model chain does: the chain's methods decide, rooted at a
/// capitalised name; `.save()` on anything.
fn kind(func: &Expr) -> Option<Kind> {
    let Expr::Attribute(attr) = func else {
        return None;
    };
    if INSTANCE_WRITES.contains(&attr.attr.as_str()) && !matches!(&*attr.value, Expr::Call(_)) {
        return Some(Kind::Write);
    }
    let mut methods = vec![attr.attr.as_str()];
    let mut at = &*attr.value;
    loop {
        match at {
            Expr::Call(c) => match &*c.func {
                Expr::Attribute(a) => {
                    methods.push(a.attr.as_str());
                    at = &a.value;
                }
                _ => return None,
            },
            Expr::Name(n) => {
                if !n.id.chars().next().is_some_and(char::is_uppercase)
                    || n.id.chars().all(|c| c.is_uppercase() || c == '_')
                {
                    return None;
                }
                break;
            }
            _ => return None,
        }
    }
    // The method applied to the model itself comes last in the walk.
    let first = *methods.last()?;
    if WRITES.contains(&first) {
        Some(Kind::Write)
    } else if READS.contains(&first) {
        Some(Kind::Read)
    } else {
        None
    }
}
