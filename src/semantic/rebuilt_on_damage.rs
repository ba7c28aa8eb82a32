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
//! The handler may hand the work to a function of the module: `except
//! sqlite3.DatabaseError: self._recover()` where `_recover` deletes the file
//! or drops the tables counts the same.
//!
//! Or read from the program's rebuild path (`repopulates_from_files`): a
//! function that empties the database (drops its tables, deletes every row of
//! one, or deletes the file) and fills it again from a walk of the file system
//! (`os.walk`, `os.scandir`, `glob`, `Path.rglob`, ...) with a write inside the
//! walk's loop, in one function or in two that one calls the other. Such a
//! database is an index of files the program can always build again.
//!
//! `synchronous=OFF` on such a database trades what a power loss can corrupt
//! for speed, and the program already recovers from exactly that corruption
//! by rebuilding: SQF102 does not report it there.

use ruff_python_ast::{ExceptHandler, Expr, Stmt};
use ruff_text_size::{Ranged, TextRange};

use super::model::Model;
use super::scopes::FuncId;

/// Calls that throw a file away, by their last name.
const DISCARDS: &[&str] = &["remove", "unlink", "rmtree"];

/// Calls of `os` or `shutil` that move a file aside (`str.replace` is not one).
const MOVES: &[&str] = &["rename", "replace", "move"];

/// Whether the module recovers from a damaged database by discarding the file.
pub fn recovers_by_rebuilding(model: &Model<'_>) -> bool {
    if !model.text.contains("DatabaseError") {
        return false;
    }
    let recovering: Vec<&str> = model
        .scopes
        .functions
        .iter()
        .filter(|f| discards_a_file(&f.def.body) || drops_tables(model, &f.def.body))
        .map(|f| f.name())
        .collect();
    let mut found = false;
    walk(model.suite, &recovering, &mut found);
    found
}

/// Whether the module has a rebuild path: a function that empties the
/// database and one that fills it from a walk of the file system, the same
/// function or one calling the other (see the module doc).
pub fn repopulates_from_files(model: &Model<'_>) -> bool {
    let functions = &model.scopes.functions;
    let fills: Vec<FuncId> = (0..functions.len())
        .filter(|&f| fills_from_walk(model, f))
        .collect();
    if fills.is_empty() {
        return false;
    }
    let empties: Vec<FuncId> = (0..functions.len())
        .filter(|&f| {
            let body = &functions[f].def.body;
            drops_tables(model, body) || deletes_a_file(body) || deletes_every_row(model, f)
        })
        .collect();
    let calls = |from: FuncId, to: FuncId| {
        let name = functions[to].name();
        model.calls_named(name).any(|c| c.scope == Some(from))
    };
    empties
        .iter()
        .any(|&e| fills.iter().any(|&f| e == f || calls(e, f) || calls(f, e)))
}

/// A `for` loop of function `f` over a file-system listing whose body writes SQL.
fn fills_from_walk(model: &Model<'_>, f: FuncId) -> bool {
    let mut loops: Vec<TextRange> = Vec::new();
    for stmt in super::visit::scope_stmts(&model.scopes.function(f).def.body) {
        if let Stmt::For(l) = stmt
            && lists_files(&l.iter)
            && let (Some(first), Some(last)) = (l.body.first(), l.body.last())
        {
            loops.push(TextRange::new(first.start(), last.end()));
        }
    }
    !loops.is_empty()
        && model.calls_in(Some(f)).any(|c| {
            loops.iter().any(|l| l.contains_range(c.range()))
                && super::effects::sql_write(model, c).is_some()
        })
}

/// Calls that list files, by their last name.
const LISTINGS: &[&str] = &[
    "walk", "listdir", "scandir", "glob", "iglob", "rglob", "iterdir",
];

fn lists_files(iter: &Expr) -> bool {
    super::visit::any_sub_expr(iter, |e| {
        let Expr::Call(call) = e else {
            return false;
        };
        match &*call.func {
            Expr::Name(n) => LISTINGS.contains(&n.id.as_str()),
            Expr::Attribute(a) => LISTINGS.contains(&a.attr.as_str()),
            _ => false,
        }
    })
}

/// `os.remove(p)`, `os.unlink(p)`, `path.unlink()`: not a list's `remove`.
fn deletes_a_file(body: &[Stmt]) -> bool {
    super::visit::any_expr(body, |e| {
        let Expr::Call(call) = e else {
            return false;
        };
        let Expr::Attribute(a) = &*call.func else {
            return false;
        };
        match a.attr.as_str() {
            "unlink" => true,
            "remove" => matches!(&*a.value, Expr::Name(n) if n.id.as_str() == "os"),
            _ => false,
        }
    })
}

/// `DROP TABLE` run in `body`.
fn drops_tables(model: &Model<'_>, body: &[Stmt]) -> bool {
    let Some((first, last)) = body.first().zip(body.last()) else {
        return false;
    };
    let range = TextRange::new(first.start(), last.end());
    model.calls.iter().any(|c| {
        range.contains_range(c.range())
            && sql_text(model, c).is_some_and(|sql| sql.starts_with("drop table"))
    })
}

/// `DELETE FROM t` with no `WHERE`, run in function `f`.
fn deletes_every_row(model: &Model<'_>, f: FuncId) -> bool {
    model.calls_in(Some(f)).any(|c| {
        sql_text(model, c)
            .is_some_and(|sql| sql.starts_with("delete from ") && !sql.contains(" where "))
    })
}

fn sql_text(model: &Model<'_>, call: &super::model::Call<'_>) -> Option<String> {
    let (_, value) = super::connections::sql_of(model, call)?;
    Some(super::sql::one_line_lower(&value.sketch()))
}

fn walk(body: &[Stmt], recovering: &[&str], found: &mut bool) {
    for stmt in body {
        if *found {
            return;
        }
        if let Stmt::Try(t) = stmt {
            for handler in &t.handlers {
                let ExceptHandler::ExceptHandler(h) = handler;
                if h.type_.as_deref().is_some_and(names_database_error)
                    && (discards_a_file(&h.body) || calls_one_of(&h.body, recovering))
                {
                    *found = true;
                    return;
                }
            }
        }
        for suite in super::visit::child_suites(stmt) {
            walk(suite, recovering, found);
        }
    }
}

/// A call in `body` of a function named in `names` (`self._recover()`, `recover()`).
fn calls_one_of(body: &[Stmt], names: &[&str]) -> bool {
    super::visit::any_expr(body, |e| {
        let Expr::Call(call) = e else {
            return false;
        };
        let name = match &*call.func {
            Expr::Name(n) => n.id.as_str(),
            Expr::Attribute(a) => a.attr.as_str(),
            _ => return false,
        };
        names.contains(&name)
    })
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
