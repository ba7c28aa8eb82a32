//! A connection whose WAL PRAGMA runs only for some of the files it opens:
//! `if path in SHARED_FILES: conn.execute("PRAGMA journal_mode=WAL")` after
//! `conn = sqlite3.connect(path)`. WAL is a property of one file
//! (F-wal-persists): set for the files the test accepts, it is not set for the
//! others this same line opens, which stay in the rollback journal. A test on
//! an in-memory database (`if path != ":memory:"`), where WAL cannot apply,
//! is not such a choice.

use ruff_python_ast::{Expr, Stmt};
use ruff_text_size::{Ranged, TextRange};

use super::Call;
use super::connections::{self, ConnSite};
use super::loops::local_ancestors;
use super::model::{Callee, Model, Receiver};

/// The test (as written) under which the connection's only WAL PRAGMAs run,
/// when it tests the file the connection opens.
pub fn guard(model: &Model<'_>, site: &ConnSite<'_, '_>) -> Option<String> {
    let database = site.call.argument(0, "database")?;
    let opened = file_names(model, database);
    if opened.is_empty() {
        return None;
    }
    let mut calls: Vec<&Call<'_>> = model
        .calls_in(site.scope())
        .filter(|c| matches!(&c.callee, Callee::Method { receiver: Receiver::Call(r), .. } if *r == site.outer))
        .collect();
    if let Some(key) = connections::key_of(model, site) {
        calls.extend(connections::uses(model, &key));
    }
    let wal: Vec<&Call<'_>> = calls
        .into_iter()
        .filter(|c| {
            connections::pragmas_run(model, &[c])
                .get("journal_mode")
                .is_some_and(|v| v == Some("wal"))
        })
        .collect();
    let mut found = None;
    for call in wal {
        // Every WAL PRAGMA of the connection is under such a test.
        let test = file_test(model, call.range(), site.call.range(), &opened)?;
        found.get_or_insert(test);
    }
    found
}

/// Whether the WAL PRAGMA `call`, run on the connection `site` opens, runs
/// only under a test on the file (databases.rs records it on no one file).
pub fn guards_call(model: &Model<'_>, site: &ConnSite<'_, '_>, call: TextRange) -> bool {
    let Some(database) = site.call.argument(0, "database") else {
        return false;
    };
    let opened = file_names(model, database);
    !opened.is_empty() && file_test(model, call, site.call.range(), &opened).is_some()
}

/// The names the file argument is made of: `path`, `self.db_path`, the
/// `name` of `os.path.join(DATA_DIR, name)`.
fn file_names(model: &Model<'_>, expr: &Expr) -> Vec<String> {
    let mut out = Vec::new();
    super::visit::any_sub_expr(expr, |e| {
        match e {
            Expr::Name(n) => {
                out.push(n.id.to_string());
            }
            Expr::Attribute(a) if matches!(&*a.value, Expr::Name(n) if n.id.as_str() == "self") => {
                out.push(model.slice(e.range()).to_string());
            }
            _ => {}
        }
        false
    });
    out.retain(|n| n != "self");
    out
}

/// The test of an `if` around `call` (in its own function, not around the
/// connect itself) that names one of `opened`, up to the clause holding the call.
fn file_test(
    model: &Model<'_>,
    call: TextRange,
    connect: TextRange,
    opened: &[String],
) -> Option<String> {
    for stmt in local_ancestors(model.suite, call).into_iter().rev() {
        let Stmt::If(i) = stmt else {
            continue;
        };
        if i.range().contains_range(connect) {
            return None;
        }
        let mut tests: Vec<&Expr> = vec![&i.test];
        for clause in &i.elif_else_clauses {
            if clause.range().contains_range(call) {
                break;
            }
            if let Some(t) = &clause.test {
                tests.push(t);
            }
        }
        if let Some(clause) = i
            .elif_else_clauses
            .iter()
            .find(|c| c.range().contains_range(call))
        {
            if let Some(t) = &clause.test {
                tests.push(t);
            }
        }
        for test in tests {
            let text = model.slice(test.range());
            // `if path != ":memory:"`: WAL cannot apply to the other branch.
            if text.to_ascii_lowercase().contains("memory") {
                return None;
            }
            if compares_file(model, test, opened) {
                return Some(text.to_string());
            }
        }
    }
    None
}

/// `path in SHARED`, `name != "own"`, `self.path == MAIN_DB` (also inside
/// `not` and `and`/`or`): the file itself compared with names or values. A
/// call on the file (`os.path.exists(path)`: WAL set when the file is new
/// persists) is not a choice between files.
fn compares_file(model: &Model<'_>, test: &Expr, opened: &[String]) -> bool {
    match test {
        Expr::UnaryOp(u) => compares_file(model, &u.operand, opened),
        Expr::BoolOp(b) => b.values.iter().any(|v| compares_file(model, v, opened)),
        Expr::Compare(c) => {
            let operands: Vec<&Expr> = std::iter::once(&*c.left)
                .chain(c.comparators.iter())
                .collect();
            !operands.iter().any(|o| o.is_call_expr())
                && operands.iter().any(|o| {
                    matches!(o, Expr::Name(_) | Expr::Attribute(_))
                        && opened.iter().any(|n| n == model.slice(o.range()))
                })
        }
        _ => false,
    }
}
