//! Which backend a branch of code runs on, from the URL test around it.
//!
//! Projects that support several databases build their engine per backend:
//! `if url.startswith("sqlite"): engine = create_engine(url, connect_args=...)
//! else: engine = create_engine(url, pool_size=..., pool_recycle=3600)`. Only the
//! SQLite branch ever makes a SQLite engine; the other one runs on MySQL or
//! PostgreSQL, so SQLite advice on it is wrong even though the module "checks
//! for SQLite". The tests understood: `"sqlite" in url`, `url.startswith(
//! "sqlite")`, `backend == "sqlite"` (a `get_backend_name()`, `dialect.name`,
//! `drivername`), a comparison with another backend's name (`== "postgresql"`),
//! a name that says SQLite (`IS_SQLITE`, `settings.is_sqlite`) or is bound to
//! one of those tests, `not` of any of them; and code after `if <sqlite test>:
//! return ...` (the rest of the function runs on the other backend).

use ruff_python_ast::{CmpOp, Expr, Stmt, UnaryOp};
use ruff_text_size::{Ranged, TextRange};

use super::model::{Model, Target};
use super::scopes::FuncId;

/// Other backends' names as a URL scheme or dialect name starts them.
const OTHER_BACKENDS: &[&str] = &[
    "postgres",
    "mysql",
    "mariadb",
    "oracle",
    "mssql",
    "pg",
    "cockroach",
];

/// Whether code at `range` runs only on SQLite (`Some(true)`), only on another
/// backend (`Some(false)`), or either, as far as the `if` tests around it say.
pub fn backend_at(model: &Model<'_>, scope: Option<FuncId>, range: TextRange) -> Option<bool> {
    walk(model, scope, model.suite, range, 0)
}

fn walk(
    model: &Model<'_>,
    scope: Option<FuncId>,
    suite: &[Stmt],
    target: TextRange,
    depth: usize,
) -> Option<bool> {
    if depth > 12 {
        return None;
    }
    // Statements are in source order: the one holding the target is found by a
    // binary search, not a scan per lookup (quadratic in a long module's length).
    let at = suite.partition_point(|stmt| stmt.range().end() <= target.start());
    let stmt = suite.get(at).filter(|s| s.range().contains_range(target))?;
    // Set by the last earlier `if <test>: return` at this level; asked only when
    // nothing around the target decides.
    let after = || {
        suite[..at].iter().rev().find_map(|earlier| {
            let Stmt::If(s) = earlier else { return None };
            if !s.elif_else_clauses.is_empty()
                || !s.body.last().is_some_and(|last| {
                    matches!(last, Stmt::Return(_) | Stmt::Raise(_) | Stmt::Continue(_))
                })
            {
                return None;
            }
            polarity(model, scope, &s.test, 0).0.map(|body| !body)
        })
    };
    let inner = |body: &[Stmt]| walk(model, scope, body, target, depth + 1);
    let found = match stmt {
        Stmt::If(s) => {
            let (body, mut otherwise) = polarity(model, scope, &s.test, 0);
            if s.body.iter().any(|b| b.range().contains_range(target)) {
                inner(&s.body).or(body)
            } else {
                let mut found = None;
                for clause in &s.elif_else_clauses {
                    let (own, own_else) = match &clause.test {
                        Some(test) => polarity(model, scope, test, 0),
                        None => (None, None),
                    };
                    if clause.range().contains_range(target) {
                        found = inner(&clause.body).or(own).or(otherwise);
                        break;
                    }
                    otherwise = own_else.or(otherwise);
                }
                found
            }
        }
        Stmt::For(s) => inner(&s.body).or_else(|| inner(&s.orelse)),
        Stmt::While(s) => inner(&s.body).or_else(|| inner(&s.orelse)),
        Stmt::With(s) => inner(&s.body),
        Stmt::Try(s) => inner(&s.body)
            .or_else(|| inner(&s.orelse))
            .or_else(|| inner(&s.finalbody))
            .or_else(|| {
                s.handlers.iter().find_map(|h| {
                    let ruff_python_ast::ExceptHandler::ExceptHandler(h) = h;
                    inner(&h.body)
                })
            }),
        Stmt::FunctionDef(f) => {
            // A nested function's tests are about its own names.
            return walk(
                model,
                model.scopes.defined_at(f.range()),
                &f.body,
                target,
                depth + 1,
            );
        }
        Stmt::ClassDef(c) => inner(&c.body),
        _ => None,
    };
    found.or_else(after)
}

/// What the test says when it holds and when it does not: `Some(true)` SQLite,
/// `Some(false)` another backend.
fn polarity(
    model: &Model<'_>,
    scope: Option<FuncId>,
    test: &Expr,
    depth: usize,
) -> (Option<bool>, Option<bool>) {
    if depth > 3 {
        return (None, None);
    }
    let atom = |p: Option<bool>| (p, p.map(|b| !b));
    match test {
        Expr::UnaryOp(u) if u.op == UnaryOp::Not => {
            let (body, otherwise) = polarity(model, scope, &u.operand, depth + 1);
            (otherwise, body)
        }
        // `is_sqlite and x`: true only on SQLite; false says nothing.
        Expr::BoolOp(b) if b.op == ruff_python_ast::BoolOp::And => {
            let body = b
                .values
                .iter()
                .find_map(|v| polarity(model, scope, v, depth + 1).0);
            (body, None)
        }
        Expr::BoolOp(b) => {
            let otherwise = b
                .values
                .iter()
                .find_map(|v| polarity(model, scope, v, depth + 1).1);
            (None, otherwise)
        }
        Expr::Compare(c) if c.ops.len() == 1 => {
            let sides = [&c.left, &c.comparators[0]];
            let named = sides.iter().find_map(|e| literal_backend(e));
            let Some(sqlite) = named else {
                return (None, None);
            };
            match c.ops[0] {
                CmpOp::Eq | CmpOp::Is => atom(Some(sqlite)),
                CmpOp::NotEq | CmpOp::IsNot => atom(Some(!sqlite)),
                // `"sqlite" in url`: the literal must be the left side.
                CmpOp::In if literal_backend(&c.left).is_some() => atom(Some(sqlite)),
                CmpOp::NotIn if literal_backend(&c.left).is_some() => atom(Some(!sqlite)),
                _ => (None, None),
            }
        }
        Expr::Call(call) => {
            if let Expr::Attribute(a) = &*call.func {
                if a.attr.as_str() == "startswith" {
                    let first = call.arguments.args.first();
                    return atom(first.and_then(literal_backend));
                }
                if says_sqlite(a.attr.as_str()) {
                    return atom(Some(true));
                }
            }
            if let Expr::Name(n) = &*call.func
                && says_sqlite(n.id.as_str())
            {
                return atom(Some(true));
            }
            (None, None)
        }
        Expr::Name(n) => {
            // `IS_SQLITE = url.startswith("sqlite")`, `USE_PG = ...`.
            let bound = model.assignments_of(scope, n.id.as_str());
            if let [only] = bound.as_slice()
                && matches!(&only.target, Target::Name(_))
            {
                let found = polarity(model, only.scope, only.value, depth + 1);
                if found != (None, None) {
                    return found;
                }
            }
            atom(says_sqlite(n.id.as_str()).then_some(true))
        }
        Expr::Attribute(a) => atom(says_sqlite(a.attr.as_str()).then_some(true)),
        _ => (None, None),
    }
}

fn says_sqlite(name: &str) -> bool {
    name.to_ascii_lowercase().contains("sqlite")
}

/// `Some(true)` for a string literal naming SQLite (`"sqlite"`,
/// `"sqlite+aiosqlite://"`), `Some(false)` for one naming another backend.
fn literal_backend(expr: &Expr) -> Option<bool> {
    let Expr::StringLiteral(s) = expr else {
        return None;
    };
    let value = s.value.to_str().to_ascii_lowercase();
    if value.starts_with("sqlite") {
        return Some(true);
    }
    OTHER_BACKENDS
        .iter()
        .any(|b| value.starts_with(b))
        .then_some(false)
}
