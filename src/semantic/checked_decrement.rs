//! A limit checked on an ORM object, then the same amount taken from one of
//! its attributes in memory and saved: `if key.available < cost: raise ...;
//! key.balance -= cost; session.add(key); session.commit()` (SQLAlchemy or
//! SQLModel), `if acct.balance >= n: acct.balance -= n; acct.save()` (Django,
//! peewee).
//!
//! The object holds the values of its row as of when it was loaded: in the
//! same request, by a dependency or an authentication decorator, or earlier in
//! the function. Two requests for one row both load the old value, both pass
//! the check, and both write `old - amount`: one debit is lost and the limit
//! the check stood for is not kept. Where the object came from is not
//! followed: the ordering comparison of the object against the amount the
//! decrement takes stands for the check, and a later commit, flush or save
//! for the write. A decrement through the database (`F("balance") - n`,
//! `balance = Account.balance - n` in an UPDATE with the limit in its WHERE)
//! is not this shape.

use ruff_python_ast::{CmpOp, Expr, Operator, Stmt};
use ruff_text_size::{Ranged, TextRange};

use super::model::Model;
use super::scopes::FuncId;
use super::visit::{loaded_names, scope_stmts};

/// How the decremented object is written back.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Persist {
    /// A session's `commit()` / `flush()` (or `add(obj)`, `merge(obj)`).
    Session,
    /// The object's own `save()` (Django, peewee).
    Save,
}

/// One checked in-memory decrement.
#[derive(Debug, Clone)]
pub struct CheckedDecrement {
    pub function: FuncId,
    /// The object's name and the attribute taken from.
    pub object: String,
    pub attribute: String,
    /// The comparison that checked the limit, the decrement, the write.
    pub check: TextRange,
    pub decrement: TextRange,
    pub write: TextRange,
    pub persist: Persist,
}

/// The checked decrements of function `id`.
pub fn in_function(model: &Model<'_>, id: FuncId) -> Vec<CheckedDecrement> {
    let function = model.scopes.function(id);
    let stmts = scope_stmts(&function.def.body);
    let mut out = Vec::new();
    for stmt in &stmts {
        let Some((object, attribute, amount)) = decrement(stmt) else {
            continue;
        };
        if object == "self" || built_here(model, id, object, stmt.start()) {
            continue;
        }
        let Some(check) = stmts
            .iter()
            .filter_map(|s| match s {
                Stmt::If(i) if i.start() < stmt.start() => Some(i),
                _ => None,
            })
            .filter(|i| i.range().contains_range(stmt.range()) || leaves(&i.body))
            .find_map(|i| limit_check(&i.test, object, amount))
        else {
            continue;
        };
        let Some((write, persist)) = written_back(model, id, object, stmt.end()) else {
            continue;
        };
        out.push(CheckedDecrement {
            function: id,
            object: object.to_string(),
            attribute: attribute.to_string(),
            check,
            decrement: stmt.range(),
            write,
            persist,
        });
    }
    out
}

/// `obj.attr -= amount` or `obj.attr = obj.attr - amount`.
fn decrement(stmt: &Stmt) -> Option<(&str, &str, &Expr)> {
    let (target, amount) = match stmt {
        Stmt::AugAssign(a) if a.op == Operator::Sub => (&*a.target, &*a.value),
        Stmt::Assign(a) if a.targets.len() == 1 => {
            let Expr::BinOp(b) = &*a.value else {
                return None;
            };
            if b.op != Operator::Sub || !same_attribute(&b.left, &a.targets[0]) {
                return None;
            }
            (&a.targets[0], &*b.right)
        }
        _ => return None,
    };
    let Expr::Attribute(attr) = target else {
        return None;
    };
    let Expr::Name(object) = &*attr.value else {
        return None;
    };
    Some((object.id.as_str(), attr.attr.as_str(), amount))
}

fn same_attribute(a: &Expr, b: &Expr) -> bool {
    match (a, b) {
        (Expr::Attribute(x), Expr::Attribute(y)) => {
            x.attr.as_str() == y.attr.as_str()
                && matches!((&*x.value, &*y.value), (Expr::Name(m), Expr::Name(n)) if m.id == n.id)
        }
        _ => false,
    }
}

/// The object is made in this function (`acct = Account(...)`) before the
/// decrement: a new row, not one another request can hold.
fn built_here(
    model: &Model<'_>,
    id: FuncId,
    object: &str,
    before: ruff_text_size::TextSize,
) -> bool {
    model
        .assignments_named_in(Some(id), object)
        .rfind(|a| a.stmt.start() < before)
        .is_some_and(|a| match a.value {
            Expr::Call(c) => matches!(&*c.func, Expr::Name(n)
                if n.id.chars().next().is_some_and(char::is_uppercase)),
            _ => false,
        })
}

/// A suite that leaves the function or the request: its last statement
/// raises, returns, or calls an `abort`.
fn leaves(body: &[Stmt]) -> bool {
    match body.last() {
        Some(Stmt::Raise(_) | Stmt::Return(_)) => true,
        Some(Stmt::Expr(e)) => matches!(&*e.value, Expr::Call(c) if matches!(&*c.func,
            Expr::Name(n) if n.id.as_str() == "abort" || n.id.as_str() == "abort_json")),
        _ => false,
    }
}

/// An ordering comparison in `test` with the object's attribute on one side
/// and the amount on the other (the same names, or the same text).
fn limit_check(test: &Expr, object: &str, amount: &Expr) -> Option<TextRange> {
    let amount_names = loaded_names(amount);
    let mut found = None;
    walk_compares(test, &mut |left, op, right| {
        if found.is_some() || !matches!(op, CmpOp::Lt | CmpOp::LtE | CmpOp::Gt | CmpOp::GtE) {
            return;
        }
        let has_amount = |e: &Expr| {
            let names = loaded_names(e);
            if amount_names.is_empty() {
                return e.range().len() == amount.range().len()
                    && matches!((e, amount), (Expr::NumberLiteral(x), Expr::NumberLiteral(y)) if x.value == y.value);
            }
            amount_names.iter().all(|n| names.contains(n))
        };
        let has_object = |e: &Expr| mentions_attribute_of(e, object);
        if (has_object(left) && has_amount(right) && !has_object(right))
            || (has_object(right) && has_amount(left) && !has_object(left))
        {
            found = Some(TextRange::new(left.start(), right.end()));
        }
    });
    found
}

fn walk_compares<'e>(expr: &'e Expr, f: &mut dyn FnMut(&'e Expr, CmpOp, &'e Expr)) {
    match expr {
        Expr::Compare(c) => {
            let mut left = &*c.left;
            for (op, right) in c.ops.iter().zip(c.comparators.iter()) {
                f(left, *op, right);
                left = right;
            }
        }
        Expr::BoolOp(b) => b.values.iter().for_each(|v| walk_compares(v, f)),
        Expr::UnaryOp(u) => walk_compares(&u.operand, f),
        _ => {}
    }
}

/// `object.<attr>` somewhere in `expr`.
fn mentions_attribute_of(expr: &Expr, object: &str) -> bool {
    match expr {
        Expr::Attribute(a) => {
            matches!(&*a.value, Expr::Name(n) if n.id.as_str() == object)
                || mentions_attribute_of(&a.value, object)
        }
        Expr::BinOp(b) => {
            mentions_attribute_of(&b.left, object) || mentions_attribute_of(&b.right, object)
        }
        Expr::Call(c) => {
            mentions_attribute_of(&c.func, object)
                || c.arguments
                    .args
                    .iter()
                    .any(|a| mentions_attribute_of(a, object))
        }
        Expr::Subscript(s) => mentions_attribute_of(&s.value, object),
        _ => false,
    }
}

/// The first call after `after` that writes the object back: its `save()`, a
/// session's `add(obj)`/`merge(obj)`, `commit()` or `flush()`.
fn written_back(
    model: &Model<'_>,
    id: FuncId,
    object: &str,
    after: ruff_text_size::TextSize,
) -> Option<(TextRange, Persist)> {
    model
        .calls_in(Some(id))
        .filter(|c| c.expr.start() >= after && !c.in_lambda)
        .find_map(|c| {
            let Expr::Attribute(a) = &*c.expr.func else {
                return None;
            };
            let on_object = matches!(&*a.value, Expr::Name(n) if n.id.as_str() == object);
            let takes_object = c
                .expr
                .arguments
                .args
                .first()
                .is_some_and(|e| matches!(e, Expr::Name(n) if n.id.as_str() == object));
            match a.attr.as_str() {
                "save" if on_object => Some((c.expr.range(), Persist::Save)),
                "add" | "merge" if takes_object => Some((c.expr.range(), Persist::Session)),
                "commit" | "flush" if !on_object && c.expr.arguments.is_empty() => {
                    Some((c.expr.range(), Persist::Session))
                }
                _ => None,
            }
        })
}
