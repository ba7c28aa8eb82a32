//! ORM read-then-writes whose write does not rest on what was read, so a
//! racer between them loses nothing (the SQLAlchemy side of same_rows.rs):
//!
//! - **a fresh object merged by key**: `row = Model(); row.key = ...;
//!   session.merge(row)` (the spelled-out form of `session.merge(Model(...))`),
//!   a cache fill any racer computes the same way; a commit whose only pending
//!   work in the span is such merges counts the same;
//! - **a located row set to values from elsewhere**: `row = <read>; if row:
//!   row.path = new_path; session.commit()`, where no assigned value mentions
//!   the row or a name computed from it. The read only finds the row; two
//!   racers write what each was given, as two plain UPDATEs would (the last
//!   one wins either way). `row.n = row.n + 1` or `row.n += 1` stays reported.

use ruff_python_ast::{Expr, Stmt};
use ruff_text_size::{Ranged, TextRange};

use crate::codemods::Context;
use crate::semantic::orm_transactions::OrmHazard;
use crate::semantic::visit;

/// `expr` is an object built from scratch in the function: a class call
/// (`Model(...)`), or a name every binding of which is one.
pub(super) fn fresh_object(ctx: &Context<'_, '_>, hazard: &OrmHazard, expr: &Expr) -> bool {
    match expr {
        Expr::Call(_) => true,
        Expr::Name(n) => {
            let bindings = ctx.model.assignments_of(Some(hazard.scope), n.id.as_str());
            !bindings.is_empty()
                && bindings.iter().all(|a| {
                    matches!(a.kind, crate::semantic::model::AssignKind::Assign)
                        && matches!(a.value, Expr::Call(c) if class_name(&c.func))
                })
        }
        _ => false,
    }
}

/// A callee spelled as a class (`Model`, `models.Model`): capitalized.
fn class_name(func: &Expr) -> bool {
    let last = match func {
        Expr::Name(n) => n.id.as_str(),
        Expr::Attribute(a) => a.attr.as_str(),
        _ => return false,
    };
    last.chars().next().is_some_and(char::is_uppercase)
}

/// The handle's calls in `span` whose receiver is the hazard's handle.
fn handle_calls<'c, 'a>(
    ctx: &'c Context<'_, 'a>,
    hazard: &OrmHazard,
    span: TextRange,
) -> Vec<&'c crate::semantic::Call<'a>> {
    ctx.model
        .calls_in(Some(hazard.scope))
        .filter(|c| span.contains_range(c.range()))
        .filter(|c| match &*c.expr.func {
            Expr::Attribute(a) => ctx.model.slice(a.value.range()) == hazard.label,
            _ => false,
        })
        .collect()
}

/// A commit (or flush) whose only pending work since the read is merges of
/// fresh objects, with no loaded row's attribute set in between.
pub(super) fn commit_of_fresh_merges(ctx: &Context<'_, '_>, hazard: &OrmHazard) -> bool {
    let span = TextRange::new(hazard.read.end(), hazard.write.start());
    let calls = handle_calls(ctx, hazard, span);
    let mut merges = 0;
    for call in &calls {
        match call.method_name() {
            Some("merge") => match call.expr.arguments.args.first() {
                Some(arg) if fresh_object(ctx, hazard, arg) => merges += 1,
                _ => return false,
            },
            Some("query" | "get" | "scalars" | "scalar" | "rollback") => {}
            _ => return false,
        }
    }
    if merges == 0 {
        return false;
    }
    let body = &ctx.model.scopes.function(hazard.scope).def.body;
    // Setting attributes of anything but the fresh objects is pending work too.
    visit::scope_stmts(body).into_iter().all(|s| {
        !span.contains_range(s.range())
            || attribute_owners(s)
                .iter()
                .all(|owner| fresh_object(ctx, hazard, owner))
    })
}

/// The objects whose attributes `stmt` sets (`x` of `x.a = ...`, `x.a += ...`).
fn attribute_owners(stmt: &Stmt) -> Vec<&Expr> {
    let targets: Vec<&Expr> = match stmt {
        Stmt::Assign(a) => a.targets.iter().collect(),
        Stmt::AugAssign(a) => vec![&*a.target],
        Stmt::AnnAssign(a) => vec![&*a.target],
        _ => Vec::new(),
    };
    targets
        .into_iter()
        .filter_map(|t| match t {
            Expr::Attribute(a) => Some(&*a.value),
            _ => None,
        })
        .collect()
}

/// The write sets attributes of the row the read returned, and no value set on
/// that row anywhere in the function comes from the row.
pub(super) fn blind_set(ctx: &Context<'_, '_>, hazard: &OrmHazard) -> bool {
    let body = &ctx.model.scopes.function(hazard.scope).def.body;
    let stmts = visit::scope_stmts(body);
    let Some(Stmt::Assign(write)) = stmts
        .iter()
        .copied()
        .find(|s| matches!(s, Stmt::Assign(_)) && s.range().contains_range(hazard.write))
    else {
        return false;
    };
    let [Expr::Attribute(target)] = write.targets.as_slice() else {
        return false;
    };
    let Expr::Name(row) = &*target.value else {
        return false;
    };
    let row = row.id.as_str();
    // The row is what the read returned.
    let bound_by_read = stmts.iter().any(|s| {
        matches!(s, Stmt::Assign(a)
            if a.value.range().contains_range(hazard.read)
                && a.targets.iter().any(|t| matches!(t, Expr::Name(n) if n.id.as_str() == row)))
    });
    if !bound_by_read {
        return false;
    }
    // Names computed from the row, to a fixed point.
    let mut tainted = vec![row.to_string()];
    loop {
        let before = tainted.len();
        for s in &stmts {
            if let Stmt::Assign(a) = s
                && visit::loaded_names(&a.value)
                    .iter()
                    .any(|n| tainted.contains(n))
            {
                for t in &a.targets {
                    if let Expr::Name(n) = t
                        && !tainted.iter().any(|x| x == n.id.as_str())
                    {
                        tainted.push(n.id.to_string());
                    }
                }
            }
        }
        if tainted.len() == before {
            break;
        }
    }
    // A decision taken on the row's values before the write (`if row.owner is
    // None:`, a guard that returns early) is a check-then-set racers both pass.
    let decides = stmts.iter().any(|s| {
        s.range().start() < write.range().start()
            && tests(s)
                .into_iter()
                .any(|t| !existence_test(t, row) && mentions(t, &tainted))
    });
    if decides {
        return false;
    }
    stmts.iter().all(|s| match s {
        Stmt::AugAssign(a) => !owned_by(&a.target, row),
        Stmt::Assign(a) if a.targets.iter().any(|t| owned_by(t, row)) => {
            !visit::loaded_names(&a.value)
                .iter()
                .any(|n| tainted.contains(n))
        }
        _ => true,
    })
}

fn owned_by(target: &Expr, row: &str) -> bool {
    matches!(target, Expr::Attribute(a) if matches!(&*a.value, Expr::Name(n) if n.id.as_str() == row))
}

/// The tests of an `if` (with its `elif`s) or `while` statement.
fn tests(stmt: &Stmt) -> Vec<&Expr> {
    match stmt {
        Stmt::If(i) => std::iter::once(&*i.test)
            .chain(i.elif_else_clauses.iter().filter_map(|c| c.test.as_ref()))
            .collect(),
        Stmt::While(w) => vec![&*w.test],
        _ => Vec::new(),
    }
}

fn mentions(expr: &Expr, names: &[String]) -> bool {
    visit::loaded_names(expr).iter().any(|n| names.contains(n))
}

/// `row`, `not row`, `row is None`, `row is not None`: whether the read found
/// anything, not what it found.
fn existence_test(test: &Expr, row: &str) -> bool {
    use ruff_python_ast::{CmpOp, UnaryOp};
    let is_row = |e: &Expr| matches!(e, Expr::Name(n) if n.id.as_str() == row);
    match test {
        Expr::UnaryOp(u) if u.op == UnaryOp::Not => is_row(&u.operand),
        Expr::Compare(c) => {
            is_row(&c.left)
                && matches!(c.ops.as_ref(), [CmpOp::Is | CmpOp::IsNot])
                && matches!(c.comparators.as_ref(), [Expr::NoneLiteral(_)])
        }
        e => is_row(e),
    }
}
