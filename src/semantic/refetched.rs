//! A file written on the path where reading it gave nothing: the function
//! first tries the file (`if os.path.exists(TOKEN): ... return token`, or
//! `try: return json.load(open(CACHE))` / `except (OSError, ValueError):`),
//! leaves with what it read when that works, and otherwise obtains the value
//! afresh (asks the API for a new token, logs in again, runs the query) and
//! saves it for next time.
//!
//! A torn write of such a file costs what a missing one costs: the next run
//! obtains the value again. Nothing the program built up over time is kept
//! there (the value written was bound after the read gave up, not carried over
//! from it), so it is no checkpoint. A function that reads the file, changes
//! what it read and writes it back (a resume point, a counter) does not match:
//! its written value was bound before or by the read.

use ruff_python_ast::{Expr, Stmt};
use ruff_text_size::{Ranged, TextRange};

use super::model::{Call, Model};
use super::visit;

/// Whether the write `call` of `target` (the file's path expression) runs
/// only after a read of the same path in the same function gave nothing, and
/// what it writes (the names in `data`) was bound after that read gave up.
pub fn written_on_miss(model: &Model<'_>, call: &Call<'_>, target: &Expr, data: TextRange) -> bool {
    let body: &[Stmt] = match call.scope {
        Some(id) => &model.scopes.function(id).def.body,
        None => return false,
    };
    let target_text = model.slice(target.range());
    let write_at = call.range();
    model.calls_in(call.scope).any(|read| {
        read.range().end() <= write_at.start()
            && super::file_readers::read_path(read)
                .is_some_and(|p| model.slice(p.range()) == target_text)
            && miss_block(body, read.range(), write_at).is_some_and(|block| {
                returns_after(std::slice::from_ref(block), read.range())
                    && bound_after(model, call, target, block.end(), data)
            })
    })
}

/// The outermost statement around the read that does not hold the write: the
/// `if` or `try` the function leaves by when the read works.
fn miss_block(body: &[Stmt], read: TextRange, write: TextRange) -> Option<&Stmt> {
    let around = super::loops::local_ancestors(body, read);
    around
        .into_iter()
        .find(|s| !s.range().contains_range(write) && s.range() != read)
        .filter(|s| matches!(s, Stmt::If(_) | Stmt::Try(_) | Stmt::With(_)))
}

/// Whether, along the statements that lead to `at`, a `return` follows it (or
/// the statement holding it is one): the function leaves with what it read.
fn returns_after(suite: &[Stmt], at: TextRange) -> bool {
    let Some(i) = suite.iter().position(|s| s.range().contains_range(at)) else {
        return false;
    };
    if matches!(suite[i], Stmt::Return(_))
        || visit::any_stmt(&suite[i + 1..], |s| matches!(s, Stmt::Return(_)))
    {
        return true;
    }
    visit::block_suites(&suite[i])
        .into_iter()
        .find(|s| s.iter().any(|st| st.range().contains_range(at)))
        .is_some_and(|inner| returns_after(inner, at))
}

/// Every local name the write's data reads is bound again after `from` (the
/// end of the block the read sits in) and before the write, and there is one.
fn bound_after(
    model: &Model<'_>,
    call: &Call<'_>,
    target: &Expr,
    from: ruff_text_size::TextSize,
    data: TextRange,
) -> bool {
    // The path's own names (`path = base / "token.json"`) say where, not what.
    let mut in_path: Vec<String> = Vec::new();
    visit::any_sub_expr(target, |e| {
        if let Expr::Name(n) = e {
            in_path.push(n.id.to_string());
        }
        false
    });
    let mut names: Vec<String> = Vec::new();
    for c in model.calls_in(call.scope) {
        if !data.contains_range(c.range()) {
            continue;
        }
        let parts = std::iter::once(&*c.expr.func)
            .chain(c.expr.arguments.args.iter())
            .chain(c.expr.arguments.keywords.iter().map(|k| &k.value));
        for part in parts {
            visit::any_sub_expr(part, |e| {
                if let Expr::Name(n) = e {
                    if !names.iter().chain(&in_path).any(|x| x == n.id.as_str()) {
                        names.push(n.id.to_string());
                    }
                }
                false
            });
        }
    }
    let mut locals = 0;
    for name in &names {
        let bound: Vec<_> = model
            .assignments_of(call.scope, name)
            .into_iter()
            .filter(|a| a.scope == call.scope)
            .collect();
        // The handle of `with open(p, "w") as f:` is bound by the write itself.
        if bound.is_empty()
            || bound
                .iter()
                .any(|a| a.stmt.range().contains_range(call.range()))
        {
            continue;
        }
        locals += 1;
        let fresh = bound
            .iter()
            .any(|a| a.stmt.start() >= from && a.stmt.end() <= call.range().start());
        if !fresh {
            return false;
        }
    }
    locals > 0
}
