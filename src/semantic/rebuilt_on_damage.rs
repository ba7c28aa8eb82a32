//! A database the program treats as derived data: when it finds the file
//! damaged, it throws it away and builds it again from its sources (a search
//! index over source files, a thumbnail cache).
//!
//! Read from the module's code: an `except` clause naming SQLite's
//! `DatabaseError` (the error a corrupt file raises: "database disk image is
//! malformed", "file is not a database") whose body deletes a file
//! (`os.remove`, `os.unlink`, `Path.unlink`, `shutil.rmtree`) or moves it
//! aside (`os.rename`, `os.replace`, `shutil.move`).
//!
//! `synchronous=OFF` on such a database trades what a power loss can corrupt
//! for speed, and the program already recovers from exactly that corruption
//! by rebuilding: SQF102 does not report it there.

use ruff_python_ast::{ExceptHandler, Expr, Stmt};

use super::model::Model;

/// Calls that throw a file away, by their last name.
const DISCARDS: &[&str] = &["remove", "unlink", "rmtree"];

/// Calls of `os` or `shutil` that move a file aside (`str.replace` is not one).
const MOVES: &[&str] = &["rename", "replace", "move"];

/// Whether the module recovers from a damaged database by discarding the file.
pub fn recovers_by_rebuilding(model: &Model<'_>) -> bool {
    if !model.text.contains("DatabaseError") {
        return false;
    }
    let mut found = false;
    walk(model.suite, &mut found);
    found
}

fn walk(body: &[Stmt], found: &mut bool) {
    for stmt in body {
        if *found {
            return;
        }
        if let Stmt::Try(t) = stmt {
            for handler in &t.handlers {
                let ExceptHandler::ExceptHandler(h) = handler;
                if h.type_.as_deref().is_some_and(names_database_error) && discards_a_file(&h.body)
                {
                    *found = true;
                    return;
                }
            }
        }
        for suite in super::visit::child_suites(stmt) {
            walk(suite, found);
        }
    }
}

/// `sqlite3.DatabaseError`, `DatabaseError`, or a tuple holding one.
fn names_database_error(expr: &Expr) -> bool {
    match expr {
        Expr::Name(n) => n.id.as_str() == "DatabaseError",
        Expr::Attribute(a) => a.attr.as_str() == "DatabaseError",
        Expr::Tuple(t) => t.elts.iter().any(names_database_error),
        _ => false,
    }
}

fn discards_a_file(body: &[Stmt]) -> bool {
    super::visit::any_expr(body, |e| {
        let Expr::Call(call) = e else {
            return false;
        };
        match &*call.func {
            Expr::Name(n) => DISCARDS.contains(&n.id.as_str()),
            Expr::Attribute(a) => {
                let name = a.attr.as_str();
                DISCARDS.contains(&name)
                    || (MOVES.contains(&name)
                        && matches!(&*a.value, Expr::Name(m) if matches!(m.id.as_str(), "os" | "shutil")))
            }
            _ => false,
        }
    })
}
