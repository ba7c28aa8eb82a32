//! A file created with a default when it is missing: `if not
//! os.path.exists(p): json.dump({}, open(p, "w"))`, a bundled resource (bot
//! answers, button labels) or a settings file seeded at import or at start.
//!
//! Also `try: json.load(open(p))` / `except FileNotFoundError:` then a literal
//! written to `p` (directly or through a name bound to it): the same seeding,
//! on the first read that finds nothing. In that handler any value counts
//! (`created_by_missing_handler`): the `try` just found no file, so the write
//! creates one and overwrites nothing.
//!
//! Such a write is no checkpoint write: the file did not exist, so a crash in
//! the middle tears nothing anyone had, and what it writes is a literal the
//! code can write again. SQF401 leaves it (the program's later writes of the
//! same file, if any, are reported where they are).

use ruff_python_ast::{self as ast, Expr, Stmt, UnaryOp};
use ruff_text_size::{Ranged, TextRange};

use super::model::{Call, Model};

/// The write `call` (an `open(target, "w")` or `target.write_text(...)`) sits
/// under `if not <exists>(target):` and every JSON it writes there is a literal
/// made of constants (`{}`, `[]`, `{"greeting": "hi"}`).
pub fn default_when_missing(model: &Model<'_>, call: &Call<'_>, target: &Expr) -> bool {
    let body = match call.scope {
        Some(id) => &model.scopes.function(id).def.body[..],
        None => model.suite,
    };
    let target_text = model.slice(target.range());
    let Some(branch) = guarding_branch(body, call.range(), &|test| {
        missing_test(test).is_some_and(|p| model.slice(p.range()) == target_text)
    })
    .or_else(|| missing_handler(model, body, call.range(), target_text)) else {
        return false;
    };
    let mut dumps = 0;
    for c in model.calls_in(call.scope) {
        if !branch.contains_range(c.range()) {
            continue;
        }
        let writes = matches!(c.qualified(), Some(q) if q.ends_with("json.dump") || q.ends_with("json.dumps"))
            || matches!(c.method_name(), Some("write" | "write_text"));
        if !writes {
            continue;
        }
        let Some(data) = c.expr.arguments.args.first() else {
            continue;
        };
        if !constant_value(model, call, data) {
            return false;
        }
        dumps += 1;
    }
    dumps > 0
}

/// The write `call` sits under `if not <exists>(target):`, whatever it
/// writes: a marker or a one-line note made once, when the file is missing,
/// and never rewritten by this code. Asked of line stores and one-value
/// files, whose value is text the code rebuilds, not a literal default.
pub fn written_only_when_missing(model: &Model<'_>, call: &Call<'_>, target: &Expr) -> bool {
    let body = match call.scope {
        Some(id) => &model.scopes.function(id).def.body[..],
        None => model.suite,
    };
    let target_text = model.slice(target.range());
    guarding_branch(body, call.range(), &|test| {
        missing_test(test).is_some_and(|p| model.slice(p.range()) == target_text)
    })
    .is_some()
}

/// The write `call` runs only once `<exists>(target)` was found false, by the
/// other spellings of the guard: in the `elif`/`else` of `if <exists>(target):`,
/// or below an `if <exists>(target):` whose body leaves (`return`, `raise`,
/// `continue`, `break`) in its suite or a suite around it. Whatever it writes.
pub fn written_after_presence_test(model: &Model<'_>, call: &Call<'_>, target: &Expr) -> bool {
    let body = match call.scope {
        Some(id) => &model.scopes.function(id).def.body[..],
        None => model.suite,
    };
    let spelled = model.slice(target.range());
    let names_target =
        |test: &Expr| present_test(test).is_some_and(|p| model.slice(p.range()) == spelled);
    in_else_of(body, call.range(), &names_target)
        || after_early_exit(body, call.range(), &names_target)
}

/// `at` sits in the `elif`/`else` clause of an `if` whose test says the file
/// exists.
fn in_else_of(suite: &[Stmt], at: TextRange, present: &dyn Fn(&Expr) -> bool) -> bool {
    suite
        .iter()
        .filter(|s| s.range().contains_range(at))
        .any(|stmt| {
            if let Stmt::If(branch) = stmt
                && present(&branch.test)
                && branch
                    .elif_else_clauses
                    .iter()
                    .any(|c| c.range().contains_range(at))
            {
                return true;
            }
            super::visit::block_suites(stmt)
                .into_iter()
                .any(|inner| in_else_of(inner, at, present))
        })
}

/// `at` comes after an `if <exists>(p):` of its suite (or of a suite around
/// it) whose body leaves: the code below runs only when the file is missing.
pub fn after_early_exit(suite: &[Stmt], at: TextRange, present: &dyn Fn(&Expr) -> bool) -> bool {
    let Some(index) = suite.iter().position(|s| s.range().contains_range(at)) else {
        return false;
    };
    let exits = suite[..index].iter().any(|stmt| {
        matches!(stmt, Stmt::If(i) if present(&i.test)
            && i.elif_else_clauses.is_empty()
            && matches!(i.body.last(), Some(Stmt::Return(_) | Stmt::Raise(_) | Stmt::Continue(_) | Stmt::Break(_))))
    });
    exits
        || super::visit::block_suites(&suite[index])
            .into_iter()
            .any(|inner| after_early_exit(inner, at, present))
}

/// The write `call` sits in an `except FileNotFoundError:` of a save whose
/// `try` reads the same path and writes it back (merge into the file, or
/// create it when there is none), whatever it writes: the handler creates the
/// file the read found missing (a configuration saved for the first time).
/// Nothing was on disk under that name, so a crash in the middle tears nothing
/// anyone had; the save of an existing file takes the `try` path and is
/// reported there. A loader whose `try` only reads, and whose handler stores a
/// value it computes (progress the next start resumes from), is not this: only
/// a literal seed counts there (`default_when_missing`).
pub fn created_by_missing_handler(model: &Model<'_>, call: &Call<'_>, target: &Expr) -> bool {
    let body = match call.scope {
        Some(id) => &model.scopes.function(id).def.body[..],
        None => model.suite,
    };
    let target_text = model.slice(target.range());
    let Some(handler) = missing_handler(model, body, call.range(), target_text) else {
        return false;
    };
    // The `try` writes the same file too: the function is a save.
    model.calls_in(call.scope).any(|c| {
        c.scope == call.scope
            && c.range().end() <= handler.start()
            && matches!(
                c.qualified(),
                Some("builtins.open" | "io.open" | "codecs.open")
            )
            && c.argument(0, "file")
                .is_some_and(|p| model.slice(p.range()) == target_text)
            && c.argument(1, "mode").is_some_and(|m| {
                let mode = model.slice(m.range());
                mode.contains('w') || mode.contains('+') || mode.contains('a')
            })
    })
}

/// The body of an `except FileNotFoundError:` around `at` whose `try` reads
/// the same path: `try: return json.load(open(p))` / `except
/// FileNotFoundError: json.dump({}, open(p, "w"))` seeds the file on first use.
fn missing_handler(
    model: &Model<'_>,
    suite: &[Stmt],
    at: TextRange,
    target_text: &str,
) -> Option<TextRange> {
    for stmt in suite {
        if !stmt.range().contains_range(at) {
            continue;
        }
        if let Stmt::Try(t) = stmt {
            for handler in &t.handlers {
                let ast::ExceptHandler::ExceptHandler(h) = handler;
                let (Some(first), Some(last)) = (h.body.first(), h.body.last()) else {
                    continue;
                };
                let range = TextRange::new(first.start(), last.end());
                if !range.contains_range(at) {
                    continue;
                }
                let reads_target = t.body.first().zip(t.body.last()).is_some_and(|(a, b)| {
                    model
                        .slice(TextRange::new(a.start(), b.end()))
                        .contains(target_text)
                });
                let missing = h.type_.as_deref().is_some_and(|k| {
                    super::visit::any_sub_expr(k, |e| match e {
                        Expr::Name(n) => n.id.as_str() == "FileNotFoundError",
                        Expr::Attribute(a) => a.attr.as_str() == "FileNotFoundError",
                        _ => false,
                    })
                });
                if reads_target && missing {
                    return missing_handler(model, &h.body, at, target_text).or(Some(range));
                }
            }
        }
        for inner in super::visit::block_suites(stmt) {
            if let Some(found) = missing_handler(model, inner, at, target_text) {
                return Some(found);
            }
        }
    }
    None
}

/// A constant literal, or a local name the function binds once to one
/// (`empty: dict = {}`).
fn constant_value(model: &Model<'_>, call: &Call<'_>, data: &Expr) -> bool {
    if constant_literal(data, 0) {
        return true;
    }
    let Expr::Name(name) = data else {
        return false;
    };
    let assignments = model.assignments_of(call.scope, name.id.as_str());
    let [only] = assignments.as_slice() else {
        return false;
    };
    only.scope == call.scope && constant_literal(only.value, 0)
}

/// The body of the innermost `if` around `at` whose test `matches`.
fn guarding_branch(
    suite: &[Stmt],
    at: TextRange,
    matches: &dyn Fn(&Expr) -> bool,
) -> Option<TextRange> {
    for stmt in suite {
        if !stmt.range().contains_range(at) {
            continue;
        }
        if let Stmt::If(if_stmt) = stmt {
            let (Some(first), Some(last)) = (if_stmt.body.first(), if_stmt.body.last()) else {
                continue;
            };
            let range = TextRange::new(first.start(), last.end());
            if range.contains_range(at) {
                return guarding_branch(&if_stmt.body, at, matches)
                    .or_else(|| matches(&if_stmt.test).then_some(range));
            }
        }
        for inner in super::visit::block_suites(stmt) {
            if let Some(found) = guarding_branch(inner, at, matches) {
                return Some(found);
            }
        }
    }
    None
}

/// `not os.path.exists(p)`, `not os.path.isfile(p)`, `not p.exists()`,
/// `not p.is_file()`, also `os.path.isfile(p) is False` (or `== False`):
/// the path `p`.
pub fn missing_test(test: &Expr) -> Option<&Expr> {
    let operand = match test {
        Expr::UnaryOp(u) if matches!(u.op, UnaryOp::Not) => &*u.operand,
        Expr::Compare(c)
            if c.ops.len() == 1
                && matches!(c.ops[0], ast::CmpOp::Is | ast::CmpOp::Eq)
                && matches!(&c.comparators[0], Expr::BooleanLiteral(b) if !b.value) =>
        {
            &*c.left
        }
        _ => return None,
    };
    present_test(operand)
}

/// `os.path.exists(p)`, `os.path.isfile(p)`, `p.exists()`, `p.is_file()`:
/// the path `p` (what [`missing_test`] negates).
pub fn present_test(test: &Expr) -> Option<&Expr> {
    let Expr::Call(call) = test else {
        return None;
    };
    let Expr::Attribute(attr) = &*call.func else {
        return None;
    };
    match attr.attr.as_str() {
        "exists" | "isfile" | "is_file" if !call.arguments.args.is_empty() => {
            call.arguments.args.first()
        }
        "exists" | "is_file" => Some(&attr.value),
        _ => None,
    }
}

/// A literal of constants, or `json.dumps(...)` of one.
fn constant_literal(expr: &Expr, depth: usize) -> bool {
    if depth > 8 {
        return false;
    }
    match expr {
        Expr::StringLiteral(_)
        | Expr::NumberLiteral(_)
        | Expr::BooleanLiteral(_)
        | Expr::NoneLiteral(_) => true,
        Expr::Dict(d) => d.items.iter().all(|item| {
            item.key
                .as_ref()
                .is_some_and(|k| constant_literal(k, depth + 1))
                && constant_literal(&item.value, depth + 1)
        }),
        Expr::List(ast::ExprList { elts, .. })
        | Expr::Tuple(ast::ExprTuple { elts, .. })
        | Expr::Set(ast::ExprSet { elts, .. }) => {
            elts.iter().all(|e| constant_literal(e, depth + 1))
        }
        Expr::Call(c) => {
            matches!(&*c.func, Expr::Attribute(a) if a.attr.as_str() == "dumps")
                && c.arguments
                    .args
                    .first()
                    .is_some_and(|a| constant_literal(a, depth + 1))
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use crate::semantic::Model;
    use std::path::Path;

    fn verdicts(source: &str) -> Vec<bool> {
        let parsed = crate::check::parse(source).unwrap();
        let model = Model::build(Path::new("m.py"), source, parsed.suite(), parsed.tokens());
        model
            .calls
            .iter()
            .filter(|c| {
                matches!(c.qualified(), Some("open" | "builtins.open"))
                    || c.method_name() == Some("write_text")
            })
            .map(|c| {
                let target = if c.method_name() == Some("write_text") {
                    match &*c.expr.func {
                        ruff_python_ast::Expr::Attribute(a) => &*a.value,
                        _ => unreachable!(),
                    }
                } else {
                    c.argument(0, "file").unwrap()
                };
                super::default_when_missing(&model, c, target)
            })
            .collect()
    }

    #[test]
    fn seeded_defaults_only() {
        let source = [
            "import json, os",
            "if not os.path.exists(ANSWERS):",
            "    with open(ANSWERS, 'w') as f:",
            "        json.dump({}, f)",
            "if not os.path.exists(STATE):",
            "    with open(STATE, 'w') as f:",
            "        json.dump(state, f)",
            "if not os.path.exists(OTHER):",
            "    with open(STATE, 'w') as f:",
            "        json.dump({}, f)",
            "def seed(p):",
            "    if not p.exists():",
            "        p.write_text(json.dumps({'hello': ['hi', 1]}))",
            "with open(ANSWERS, 'w') as f:",
            "    json.dump({}, f)",
        ]
        .join("\n");
        assert_eq!(verdicts(&source), [true, false, false, true, false]);
    }

    #[test]
    fn seeded_when_the_read_finds_nothing() {
        let source = [
            "import json",
            "def replies():",
            "    try:",
            "        return json.load(open(REPLIES))",
            "    except FileNotFoundError:",
            "        blank = {}",
            "        with open(REPLIES, 'w') as f:",
            "            json.dump(blank, f)",
            "def progress(state):",
            "    try:",
            "        return json.load(open(PROGRESS))",
            "    except FileNotFoundError:",
            "        with open(PROGRESS, 'w') as f:",
            "            json.dump(state, f)",
            "def tally():",
            "    try:",
            "        return json.load(open(TALLY))",
            "    except ValueError:",
            "        with open(TALLY, 'w') as f:",
            "            json.dump({}, f)",
        ]
        .join("\n");
        // open(REPLIES) read, write; open(PROGRESS) read, write; TALLY read, write.
        assert_eq!(verdicts(&source), [false, true, false, false, false, false]);
    }
}
