//! A file written into a folder the same function has just created: a new
//! model's `metadata.json` in its own new version folder, a run's record in
//! the run's new folder. No reader knows the folder yet (nothing points at it
//! until the function returns and registers it), so a crash mid-write tears a
//! file nobody can have loaded and leaves a half-made folder, which is what a
//! crash before the write leaves too: nothing that was kept is lost.
//!
//! The folder is new when its creation fails on an existing folder
//! (`os.makedirs(d)`, `os.mkdir(d)`, `d.mkdir()` with no `exist_ok=True`), or
//! when its name is made anew on each run (a timestamp, a UUID: per_run_names).
//! `os.makedirs(STATE_DIR, exist_ok=True)` then a write into it is the usual
//! start of a state folder that already holds last run's state: still reported.

use ruff_python_ast::Expr;
use ruff_text_size::Ranged;

use crate::semantic::model::{AssignKind, Call, Model};
use crate::semantic::per_run_names;

pub(super) fn written_into_new_folder(model: &Model<'_>, call: &Call<'_>, target: &Expr) -> bool {
    let at = call.range().start();
    let mut folders = Vec::new();
    folders_of(model, target, call.scope, at, 0, &mut folders);
    if folders.is_empty() {
        return false;
    }
    model.calls_in(call.scope).any(|made| {
        made.scope == call.scope
            && made.range().end() <= at
            && created_folder(made).is_some_and(|(folder, may_exist)| {
                folders.contains(&model.slice(folder.range()))
                    && (!may_exist || per_run_names::named_per_run(model, folder, call.scope, 2))
            })
    })
}

/// The folder a call creates, and whether the call accepts one that exists.
fn created_folder<'a>(made: &Call<'a>) -> Option<(&'a Expr, bool)> {
    let may_exist = |keyword: &str| {
        made.keyword(keyword)
            .is_some_and(|v| !matches!(v, Expr::BooleanLiteral(b) if !b.value))
    };
    match made.qualified() {
        Some("os.makedirs") => Some((made.argument(0, "name")?, may_exist("exist_ok"))),
        Some("os.mkdir") => Some((made.argument(0, "path")?, false)),
        Some(_) => None,
        None => match &*made.expr.func {
            Expr::Attribute(a) if a.attr.as_str() == "mkdir" => {
                // `Path(d).mkdir()`: the folder is `d` as spelled in the target.
                let folder = match &*a.value {
                    Expr::Call(c)
                        if c.arguments.args.len() == 1 && c.arguments.keywords.is_empty() =>
                    {
                        &c.arguments.args[0]
                    }
                    other => other,
                };
                Some((folder, may_exist("exist_ok")))
            }
            _ => None,
        },
    }
}

/// The spellings of the folders `target` is built in: `os.path.join(d, "m.json")`
/// and `d / "m.json"` give `d`, a name bound to such a path gives what it was
/// built from, `f"{d}/m.json"` gives `d`.
fn folders_of<'a>(
    model: &Model<'a>,
    target: &'a Expr,
    scope: Option<usize>,
    at: ruff_text_size::TextSize,
    depth: usize,
    out: &mut Vec<&'a str>,
) {
    if depth > 4 {
        return;
    }
    match target {
        Expr::Call(c) if model.resolve(&c.func, scope).as_deref() == Some("os.path.join") => {
            if let Some(first) = c.arguments.args.first() {
                out.push(model.slice(first.range()));
                folders_of(model, first, scope, at, depth + 1, out);
            }
        }
        // `str(p)`, `Path(p)`: the same path.
        Expr::Call(c) if c.arguments.args.len() == 1 && c.arguments.keywords.is_empty() => {
            folders_of(model, &c.arguments.args[0], scope, at, depth + 1, out);
        }
        Expr::BinOp(b) if b.op == ruff_python_ast::Operator::Div => {
            out.push(model.slice(b.left.range()));
            folders_of(model, &b.left, scope, at, depth + 1, out);
        }
        Expr::FString(f) => {
            for element in f.value.elements() {
                if let ruff_python_ast::InterpolatedStringElement::Interpolation(i) = element {
                    out.push(model.slice(i.expression.range()));
                }
            }
        }
        Expr::Name(name) => {
            if let Some(a) = model.last_assignment(scope, name.id.as_str(), at)
                && a.kind == AssignKind::Assign
                && a.scope == scope
                && !a.stmt.range().contains_range(name.range())
            {
                folders_of(model, a.value, scope, a.stmt.start(), depth + 1, out);
            }
        }
        _ => {}
    }
}
