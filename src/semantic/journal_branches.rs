//! A PRAGMA that runs only where the file is not meant to be in WAL: the branch
//! a test configuration takes (`if settings.TESTING:`), or the fallback taken
//! when the WAL request was refused (`mode = ...("PRAGMA journal_mode=WAL")
//! .fetchone()[0]` then `if mode != "wal":`). There a rollback-journal mode
//! (`journal_mode=DELETE`) is not a conflict with the WAL set elsewhere, and
//! `synchronous=FULL` is the right durability for a rollback journal
//! (SQF107, SQF102).

use ruff_python_ast::{CmpOp, Expr, Stmt, UnaryOp};
use ruff_text_size::{Ranged, TextRange};

use super::visit;

/// Why the statement at `target` runs only off WAL, when it does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OffWal {
    /// A branch taken under a test configuration.
    TestConfiguration,
    /// The branch taken when the file did not switch to WAL.
    WalRefused,
}

/// The innermost enclosing `if` branch of `target` (in `suite`) that runs only
/// off WAL.
pub fn off_wal(suite: &[Stmt], target: TextRange) -> Option<OffWal> {
    let mut found = None;
    walk(suite, target, &mut found);
    found
}

fn walk(suite: &[Stmt], target: TextRange, found: &mut Option<OffWal>) {
    let Some(stmt) = suite.iter().find(|s| s.range().contains_range(target)) else {
        return;
    };
    if let Stmt::If(node) = stmt {
        // The `if` body, then each `elif`/`else` clause in turn: a clause runs
        // when every earlier test was false.
        let mut earlier: Vec<&Expr> = vec![&*node.test];
        if node.body.iter().any(|s| s.range().contains_range(target)) {
            if let Some(why) = taken_when(&node.test, true) {
                *found = Some(why);
            }
        }
        for clause in &node.elif_else_clauses {
            if clause.body.iter().any(|s| s.range().contains_range(target)) {
                let why = earlier
                    .iter()
                    .find_map(|t| taken_when(t, false))
                    .or_else(|| clause.test.as_ref().and_then(|t| taken_when(t, true)));
                if let Some(why) = why {
                    *found = Some(why);
                }
            }
            if let Some(test) = &clause.test {
                earlier.push(test);
            }
        }
    }
    for body in visit::child_suites(stmt) {
        if body.iter().any(|s| s.range().contains_range(target)) {
            walk(body, target, found);
        }
    }
}

/// What `test` evaluating to `holds` says about the journal: off WAL or not known.
fn taken_when(test: &Expr, holds: bool) -> Option<OffWal> {
    match test {
        Expr::UnaryOp(u) if u.op == UnaryOp::Not => taken_when(&u.operand, !holds),
        Expr::Compare(cmp) if cmp.ops.len() == 1 => {
            let sides = [&*cmp.left, &cmp.comparators[0]];
            if sides.iter().any(|e| is_str(e, "wal")) {
                // `mode != "wal"` true, or `mode == "wal"` false: the file is not in WAL.
                let unequal = matches!(cmp.ops[0], CmpOp::NotEq | CmpOp::NotIn | CmpOp::IsNot);
                return (unequal == holds).then_some(OffWal::WalRefused);
            }
            if sides
                .iter()
                .any(|e| is_str(e, "test") || is_str(e, "testing") || is_str(e, "pytest"))
            {
                let equal = matches!(cmp.ops[0], CmpOp::Eq | CmpOp::Is | CmpOp::In);
                return (equal == holds).then_some(OffWal::TestConfiguration);
            }
            None
        }
        Expr::Name(_) | Expr::Attribute(_) | Expr::Call(_) => {
            (holds && names_testing(test)).then_some(OffWal::TestConfiguration)
        }
        _ => None,
    }
}

/// `TESTING`, `settings.TESTING`, `config.test_mode`, `is_test()`: a name
/// that says the code runs under a test configuration.
fn names_testing(expr: &Expr) -> bool {
    let name = match expr {
        Expr::Name(n) => n.id.as_str(),
        Expr::Attribute(a) => a.attr.as_str(),
        Expr::Call(c) => return names_testing(&c.func),
        _ => return false,
    };
    let lower = name.to_ascii_lowercase();
    matches!(
        lower.as_str(),
        "testing" | "test" | "is_test" | "is_testing" | "test_mode" | "in_tests" | "unit_testing"
    ) || lower.starts_with("testing_")
}

fn is_str(expr: &Expr, value: &str) -> bool {
    match expr {
        Expr::StringLiteral(s) => s.value.to_str().eq_ignore_ascii_case(value),
        // `mode.lower() != "wal"` compares the call, the literal is the other side.
        _ => false,
    }
}
