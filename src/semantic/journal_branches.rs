//! A PRAGMA that runs only where the file is not meant to be in WAL: the branch
//! a test configuration takes (`if settings.TESTING:`), or the fallback taken
//! when the WAL request was refused (`mode = ...("PRAGMA journal_mode=WAL")
//! .fetchone()[0]` then `if mode != "wal":`, an `except` around the WAL
//! switch, or a branch on a name that says the file or its filesystem takes
//! no WAL: `if not supports_wal:`, `if on_network_fs:`). There a rollback-journal mode
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
    // `try: <switch to WAL> except ...: <rollback journal>`: the handler is the
    // fallback for a file (or filesystem) that refused WAL.
    if let Stmt::Try(node) = stmt
        && node
            .handlers
            .iter()
            .any(|h| h.range().contains_range(target))
        && visit::any_expr(&node.body, mentions_wal)
    {
        *found = Some(OffWal::WalRefused);
    }
    for body in visit::child_suites(stmt) {
        if body.iter().any(|s| s.range().contains_range(target)) {
            walk(body, target, found);
        }
    }
}

/// A string that asks for WAL (`"PRAGMA journal_mode=WAL"`, `"wal"`).
fn mentions_wal(expr: &Expr) -> bool {
    matches!(expr, Expr::StringLiteral(s) if {
        let text = s.value.to_str().to_ascii_lowercase();
        text == "wal" || (text.contains("journal_mode") && text.contains("wal"))
    })
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
            if let Some(off_when) = names_wal_support(test) {
                return (off_when == holds).then_some(OffWal::WalRefused);
            }
            (holds && names_testing(test)).then_some(OffWal::TestConfiguration)
        }
        _ => None,
    }
}

/// A name that says whether the file can be in WAL, with the value it has when
/// it cannot: `supports_wal`, `use_wal`, `wal_ok` are false there;
/// `no_wal`, `wal_unsupported`, `on_network_fs`, `is_nfs` are true.
fn names_wal_support(expr: &Expr) -> Option<bool> {
    let name = match expr {
        Expr::Name(n) => n.id.as_str(),
        Expr::Attribute(a) => a.attr.as_str(),
        Expr::Call(c) => return names_wal_support(&c.func),
        _ => return None,
    };
    let lower = name.to_ascii_lowercase();
    let refusing = [
        "no_wal",
        "disable",
        "unsupported",
        "not_supported",
        "without_wal",
    ];
    let network = [
        "network_fs",
        "network_share",
        "nfs",
        "smb",
        "cifs",
        "network_drive",
    ];
    if network.iter().any(|w| lower.contains(w)) {
        return Some(true);
    }
    if !lower.split('_').any(|part| part == "wal") {
        return None;
    }
    Some(refusing.iter().any(|w| lower.contains(w)))
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
