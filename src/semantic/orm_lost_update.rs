//! Whether a SQLAlchemy session's write, after a read that ran outside its
//! transaction, can lose an update: the session side of SQF305's dependence
//! test, stricter than the one for raw SQL (read_dependence.rs).
//!
//! On a session most writes after a read do not rest on what was read, and a
//! racer between them takes nothing away (judged on real services):
//!
//! - a state guard then a constant (`if req.status == PENDING: req.status =
//!   APPROVED`) or a timestamp set while still empty (`if tok.revoked_at is
//!   None: tok.revoked_at = now()`): both racers write what either would;
//! - the caller's own values set on the row looked up by id after a check
//!   (ownership, existence): the last writer wins, as two plain UPDATEs would;
//! - rows overwritten with values fetched from elsewhere (a scheduled sync).
//!
//! What does lose an update:
//!
//! - **a value computed from the read**: `obj.count += 1`, `obj.balance =
//!   obj.balance - amount`, `x = q.scalar(); ... n=x + 1`, a `max() + 1` id,
//!   a list read, appended to and written back, a new object built from such
//!   values and added. A reference to the row by its key (`user_id=user.id`)
//!   copies an identity, not a value that can go stale, and does not count;
//! - **a count or a limit deciding an insert**: an ordering comparison of what
//!   was read (`if taken < seats: add(...)`, `if n >= quota: raise` before
//!   the insert, `if q.count() > 0: return`): racers both see room and both
//!   insert, past the limit or twice;
//! - **an insert decided by whether the lookup found a row**: get-or-create and
//!   check-then-insert (`if existing is None: session.add(...)`, `if row:
//!   return row` then an add). Two racers both find none and both insert:
//!   maintainers of held-out projects fixed exactly this (duplicate rows, or
//!   an IntegrityError on a UNIQUE key that the code does not expect).

use rustc_hash::FxHashSet as HashSet;

use ruff_python_ast::{Expr, Stmt};
use ruff_text_size::{Ranged, TextRange};

use super::model::{AssignKind, Model};
use super::read_dependence::{self, ReadData};
use super::scopes::FuncId;

/// How deep a name's bindings are followed back to what they were computed
/// from; past it, a name bound from the reads counts as carrying them.
const DEPTH: u8 = 4;

/// Whether the session write at `write` loses an update: a value it writes is
/// computed from what the reads returned, or a count of them decides an insert.
/// `tainted`: the function's names bound from the reads, transitively.
pub fn loses_update(
    model: &Model<'_>,
    id: FuncId,
    data: &ReadData<'_>,
    write: TextRange,
    tainted: &HashSet<String>,
) -> bool {
    let body = &model.scopes.function(id).def.body;
    let Some(stmt) = read_dependence::ancestors(body, write).into_iter().last() else {
        return false;
    };
    let follow = Follow {
        model,
        id,
        data,
        tainted,
        before: write,
    };
    // The write is the statement's call (`session.add(...)`, `result =
    // session.execute(...)`) or an attribute it sets (`row.n = ...`).
    let is_call = |v: &Expr| v.range().contains_range(write);
    let computed = match stmt {
        // `+=` on a loaded row reads its current value.
        Stmt::AugAssign(a) => follow.carries(&a.target, 0) || follow.carries(&a.value, 0),
        Stmt::Assign(a) if is_call(&a.value) => follow.call_carries(&a.value),
        Stmt::Assign(a) => follow.carries(&a.value, 0),
        Stmt::AnnAssign(a) => a.value.as_deref().is_some_and(|v| {
            if is_call(v) {
                follow.call_carries(v)
            } else {
                follow.carries(v, 0)
            }
        }),
        Stmt::Expr(e) => follow.call_carries(&e.value),
        Stmt::Return(r) => r.value.as_deref().is_some_and(|v| follow.call_carries(v)),
        _ => false,
    };
    computed
        || ((data.count_decides() || existence_decides(body, write, tainted))
            && inserts(model, stmt))
}

/// A claim: the write sets, on a row the read returned, the attribute the read
/// picked its rows by (`select(Job).where(Job.state == "new")`, then `job.state
/// = "claimed"`; `filter_by(owner=None)`, then `row.owner = me`). The value
/// written is a constant and no update is lost, but two racers select the same
/// rows and both take them: the same download dispatched twice.
pub fn claims(
    model: &Model<'_>,
    id: FuncId,
    read: TextRange,
    write: TextRange,
    tainted: &HashSet<String>,
) -> bool {
    let body = &model.scopes.function(id).def.body;
    let Some(Stmt::Assign(a)) = read_dependence::ancestors(body, write).into_iter().last() else {
        return false;
    };
    let [Expr::Attribute(target)] = a.targets.as_slice() else {
        return false;
    };
    if !matches!(&*target.value, Expr::Name(n) if tainted.contains(n.id.as_str())) {
        return false;
    }
    filters_on(model.slice(read), target.attr.as_str())
}

/// Whether the query text `read` selects rows by column `attr`: a comparison
/// of `Model.attr` in a `where`/`filter`, or `attr=` in a `filter_by`.
pub fn filters_on(read: &str, attr: &str) -> bool {
    let column = format!(".{attr}");
    let compared = read.match_indices(&column).any(|(at, _)| {
        let rest = read[at + column.len()..].trim_start();
        !rest.starts_with(|c: char| c.is_ascii_alphanumeric() || c == '_')
            && [
                "==", "!=", ".in_(", ".is_(", ".is_not(", ".isnot(", ".not_in(",
            ]
            .iter()
            .any(|op| rest.starts_with(op))
    });
    let by_keyword = read.find("filter_by(").is_some_and(|at| {
        let args = &read[at..];
        args.match_indices(attr).any(|(i, _)| {
            let before = args[..i].chars().next_back();
            let after = args[i + attr.len()..].trim_start();
            matches!(before, Some('(' | ' ' | ','))
                && after.starts_with('=')
                && !after.starts_with("==")
        })
    });
    compared || by_keyword
}

/// Whether the write runs because a lookup found no row: it sits under a test
/// of a name bound from the reads for being there (`if row is None:`, `if not
/// row:`, the `else` of `if row:`), or follows a guard that leaves when it is
/// (`if row: return row`). A test of what the row holds (`if user.banned:`)
/// is not one.
fn existence_decides(body: &[Stmt], write: TextRange, tainted: &HashSet<String>) -> bool {
    use ruff_python_ast::{CmpOp, UnaryOp};
    // A name bound from the reads, or a result's one row taken inline
    // (`result.scalar_one_or_none()`, `result.first()`).
    let bare = |e: &Expr| match e {
        Expr::Name(n) => tainted.contains(n.id.as_str()),
        Expr::Call(c) if c.arguments.is_empty() => matches!(&*c.func,
            Expr::Attribute(a) if matches!(a.attr.as_str(),
                "scalar_one_or_none" | "one_or_none" | "first" | "scalar" | "fetchone")
                && matches!(&*a.value, Expr::Name(n) if tainted.contains(n.id.as_str()))),
        _ => false,
    };
    let none_test = |test: &Expr, op: CmpOp| {
        matches!(test, Expr::Compare(c) if bare(&c.left)
            && c.ops.len() == 1
            && c.ops[0] == op
            && matches!(c.comparators[0], Expr::NoneLiteral(_)))
    };
    // `key in known` / `key not in known`, `known` bound from the reads (the
    // keys a planner found already stored): whether the lookup found this one.
    let member = |test: &Expr, op: CmpOp| {
        matches!(test, Expr::Compare(c) if c.ops.len() == 1
            && c.ops[0] == op
            && bare(&c.comparators[0]))
    };
    // `if row:` / `if row is not None:`, and `if not row:` / `if row is None:`.
    let present =
        |test: &Expr| bare(test) || none_test(test, CmpOp::IsNot) || member(test, CmpOp::In);
    let absent = |test: &Expr| {
        matches!(test, Expr::UnaryOp(u) if u.op == UnaryOp::Not && bare(&u.operand))
            || none_test(test, CmpOp::Is)
            || member(test, CmpOp::NotIn)
    };
    let leaves = |block: &[Stmt]| {
        matches!(
            block.last(),
            Some(Stmt::Return(_) | Stmt::Raise(_) | Stmt::Continue(_))
        )
    };
    let mut blocks: Vec<&[Stmt]> = vec![body];
    for stmt in read_dependence::ancestors(body, write) {
        match stmt {
            Stmt::If(i) => {
                let in_body = i.body.iter().any(|b| b.range().contains_range(write));
                if (in_body && absent(&i.test)) || (!in_body && present(&i.test)) {
                    return true;
                }
                blocks.push(&i.body);
                blocks.extend(i.elif_else_clauses.iter().map(|c| c.body.as_slice()));
            }
            Stmt::With(w) => blocks.push(&w.body),
            Stmt::For(f) => blocks.push(&f.body),
            Stmt::While(w) => blocks.push(&w.body),
            Stmt::Try(t) => {
                blocks.push(&t.body);
                blocks.push(&t.orelse);
            }
            _ => {}
        }
    }
    // A guard that returns the row it found, then the insert.
    blocks.iter().any(|block| {
        block.iter().any(|s| {
            s.range().end() <= write.start()
                && matches!(s, Stmt::If(i) if present(&i.test) && leaves(&i.body))
        })
    })
}

/// The write statement adds rows: `add`, `add_all`, a bulk insert, an INSERT.
fn inserts(model: &Model<'_>, stmt: &Stmt) -> bool {
    const ADDS: &[&str] = &[
        ".add(",
        ".add_all(",
        ".bulk_save_objects(",
        ".bulk_insert_mappings(",
        "insert(",
    ];
    let Stmt::Expr(_) = stmt else { return false };
    let text = model.slice(stmt.range());
    ADDS.iter().any(|a| text.contains(a)) || text.to_ascii_uppercase().contains("INSERT ")
}

struct Follow<'m, 'a, 'd> {
    model: &'m Model<'a>,
    id: FuncId,
    data: &'d ReadData<'d>,
    tainted: &'d HashSet<String>,
    /// Only bindings before the write reach it.
    before: TextRange,
}

impl Follow<'_, '_, '_> {
    fn is_tainted(&self, name: &str) -> bool {
        self.tainted.contains(name) || self.data.names().iter().any(|n| n == name)
    }

    /// A statement's call (`session.add(obj)`, `session.execute(stmt)`): what
    /// its arguments carry. A loaded row handed back (`add(row)`) writes what
    /// was set on it, and those sets are writes of their own; an object built
    /// here carries what it was built from.
    fn call_carries(&self, expr: &Expr) -> bool {
        let expr = match expr {
            Expr::Await(a) => &*a.value,
            e => e,
        };
        let Expr::Call(call) = expr else {
            return self.carries(expr, 0);
        };
        call.arguments
            .args
            .iter()
            .chain(call.arguments.keywords.iter().map(|k| &k.value))
            .any(|arg| self.carries(arg, 0))
    }

    /// Whether `expr` holds a value computed from the reads: the read itself,
    /// a field of a row read (`obj.balance - amount`), or a name computed
    /// from them. Not a key reference (`row.id`, `row.user_id`), not a value
    /// used only to look something up (`prices[row.symbol]`,
    /// `fetched.get(row.code)`), and not a row handed on whole (`add(row)`,
    /// `Child(parent=row)`): those refer to the row, they carry nothing that
    /// can go stale.
    fn carries(&self, expr: &Expr, depth: u8) -> bool {
        if depth > DEPTH {
            return true;
        }
        match expr {
            Expr::Await(a) => self.carries(&a.value, depth),
            Expr::Starred(s) => self.carries(&s.value, depth),
            Expr::Name(n) => self.is_tainted(n.id.as_str()) && self.follow(n.id.as_str(), depth),
            Expr::Attribute(a) => match &*a.value {
                Expr::Name(_) if is_key(a.attr.as_str()) => false,
                Expr::Name(n) => self.is_tainted(n.id.as_str()),
                value => self.carries(value, depth),
            },
            Expr::Subscript(s) => self.carries(&s.value, depth),
            Expr::Call(c) => {
                if self.data.is_source(expr) {
                    return true;
                }
                let args = c
                    .arguments
                    .args
                    .iter()
                    .chain(c.arguments.keywords.iter().map(|k| &k.value));
                match &*c.func {
                    // A lookup by a value read: the key, not the value.
                    Expr::Attribute(m) if matches!(m.attr.as_str(), "get" | "pop") => {
                        self.carries(&m.value, depth)
                    }
                    // An object built here: what it was built from.
                    f if constructor(f) => args
                        .into_iter()
                        .any(|a| !is_bare_read(self.model, self.data, a) && self.carries(a, depth)),
                    // A computation (`len(rows)`, `max(a, b)`, `items.copy()`):
                    // a row handed whole to it counts.
                    f => {
                        let receiver = match f {
                            Expr::Attribute(m) => self.carries_or_row(&m.value, depth),
                            _ => false,
                        };
                        receiver || args.into_iter().any(|a| self.carries_or_row(a, depth))
                    }
                }
            }
            Expr::BinOp(b) => {
                self.carries_or_row(&b.left, depth) || self.carries_or_row(&b.right, depth)
            }
            Expr::UnaryOp(u) => self.carries_or_row(&u.operand, depth),
            Expr::BoolOp(b) => b.values.iter().any(|v| self.carries(v, depth)),
            Expr::If(i) => self.carries(&i.body, depth) || self.carries(&i.orelse, depth),
            Expr::List(l) => l.elts.iter().any(|e| self.carries(e, depth)),
            Expr::Tuple(t) => t.elts.iter().any(|e| self.carries(e, depth)),
            Expr::Set(s) => s.elts.iter().any(|e| self.carries(e, depth)),
            Expr::Dict(d) => d.items.iter().any(|i| self.carries(&i.value, depth)),
            // A condition (`M.id == row.id` in a `where`) selects rows; it is
            // not a value written.
            Expr::Compare(_) => false,
            _ => self.data.uses(expr),
        }
    }

    /// [`Self::carries`], where a row itself counts too: an operand of a
    /// computation (`rows + [x]`, `len(rows)`) is computed on, not referred to.
    fn carries_or_row(&self, expr: &Expr, depth: u8) -> bool {
        match expr {
            Expr::Name(n) => self.is_tainted(n.id.as_str()),
            e => self.carries(e, depth),
        }
    }

    /// A name bound from the reads: whether a binding before the write computes
    /// it from them. The read's row itself (`row = q.first()`, `for row in
    /// rows`) is the row, handed on whole.
    fn follow(&self, name: &str, depth: u8) -> bool {
        let bindings: Vec<_> = self
            .model
            .assignments_of(Some(self.id), name)
            .into_iter()
            .filter(|a| a.stmt.start() < self.before.start())
            .collect();
        if bindings.is_empty() {
            // Bound some other way (a comprehension, a filled list): it holds
            // what was read.
            return true;
        }
        bindings.iter().any(|a| match a.kind {
            AssignKind::Assign | AssignKind::Walrus => {
                !is_bare_read(self.model, self.data, a.value) && self.carries(a.value, depth + 1)
            }
            AssignKind::ForLoop | AssignKind::WithItem => false,
        })
    }
}

/// `q.first()`, `await s.get(M, id)`, `result.scalar_one_or_none()`: the
/// read's row returned as it is. A helper's result (`await
/// self._next_seq(s)`) or an aggregate (`s.scalar(select(func.max(...)))`)
/// is a value, not a row.
fn is_bare_read(model: &Model<'_>, data: &ReadData<'_>, value: &Expr) -> bool {
    const AGGREGATES: &[&str] = &["func.", "count(", "max(", "min(", "sum(", "avg("];
    let value = match value {
        Expr::Await(a) => &*a.value,
        e => e,
    };
    let Expr::Call(c) = value else {
        return false;
    };
    let Expr::Attribute(m) = &*c.func else {
        return false;
    };
    let text = model.slice(value.range());
    ROW_FETCHES.contains(&m.attr.as_str())
        && (data.is_source(value) || data.uses(&m.value))
        && !AGGREGATES.iter().any(|a| text.contains(a))
}

/// Calls that return a row (or rows) of a result as they are.
const ROW_FETCHES: &[&str] = &[
    "first",
    "one",
    "one_or_none",
    "get",
    "get_one",
    "all",
    "scalars",
    "scalar",
    "scalar_one",
    "scalar_one_or_none",
    "fetchone",
    "fetchall",
];

/// A callee spelled as a class (`Model`, `models.Model`): an object built here.
fn constructor(func: &Expr) -> bool {
    let last = match func {
        Expr::Name(n) => n.id.as_str(),
        Expr::Attribute(a) => a.attr.as_str(),
        _ => return false,
    };
    last.chars().next().is_some_and(char::is_uppercase)
}

/// An attribute naming a row's key: copying it refers to the row, it does not
/// carry a value that can go stale.
fn is_key(attr: &str) -> bool {
    matches!(attr, "id" | "pk" | "uuid" | "key") || attr.ends_with("_id")
}
