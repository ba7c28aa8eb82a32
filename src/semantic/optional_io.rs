//! Database I/O that only an argument turns on: `def get(self, key, *, guild_id=None):`
//! whose query sits under `if guild_id is not None:` (or `if guild_id:`), the rest
//! of the body working from memory. A call that leaves the parameter out, or
//! passes a literal `None`, runs only what is outside that branch; a call that
//! passes anything else may take it.
//!
//! Only the first such `if` among the body's own statements counts, and only its
//! body (an `else` is what runs without the argument). Everything the function
//! does outside the branch (its own I/O, its calls) is recorded separately, so
//! a call site decides with the same reach as any other call.

use ruff_python_ast::{CmpOp, Expr, Stmt, StmtFunctionDef};
use ruff_text_size::{Ranged, TextRange};

use super::model::Call;

/// The guard of a function: its optional parameter, that parameter's position
/// among the positional parameters (`None`: keyword-only) and the range of the
/// branch that runs only when it is given.
pub struct Guard {
    pub param: String,
    pub position: Option<usize>,
    pub branch: TextRange,
}

/// `if <param> is not None:` / `if <param>:` for a parameter whose default is
/// `None`, among the function's top-level statements.
pub fn guard(def: &StmtFunctionDef, positional: &[String]) -> Option<Guard> {
    let optional: Vec<&str> = def
        .parameters
        .posonlyargs
        .iter()
        .chain(&def.parameters.args)
        .chain(&def.parameters.kwonlyargs)
        .filter(|p| matches!(p.default.as_deref(), Some(Expr::NoneLiteral(_))))
        .map(|p| p.parameter.name.as_str())
        .collect();
    if optional.is_empty() {
        return None;
    }
    def.body.iter().find_map(|stmt| {
        let Stmt::If(if_stmt) = stmt else {
            return None;
        };
        let param = tested_name(&if_stmt.test)?;
        if !optional.contains(&param) {
            return None;
        }
        let (first, last) = (if_stmt.body.first()?, if_stmt.body.last()?);
        Some(Guard {
            param: param.to_string(),
            position: positional.iter().position(|p| p == param),
            branch: TextRange::new(first.start(), last.end()),
        })
    })
}

/// `name` or `name is not None`.
fn tested_name(test: &Expr) -> Option<&str> {
    match test {
        Expr::Name(n) => Some(n.id.as_str()),
        Expr::Compare(c)
            if matches!(c.ops.as_ref(), [CmpOp::IsNot])
                && matches!(c.comparators.as_ref(), [Expr::NoneLiteral(_)]) =>
        {
            match &*c.left {
                Expr::Name(n) => Some(n.id.as_str()),
                _ => None,
            }
        }
        _ => None,
    }
}

/// Whether `call` leaves the optional parameter out (or passes a literal
/// `None`). Star arguments may pass anything, so they count as passing it.
pub fn left_out(call: &Call<'_>, param: &str, position: Option<usize>) -> bool {
    let arguments = &call.expr.arguments;
    if arguments.args.iter().any(Expr::is_starred_expr)
        || arguments.keywords.iter().any(|k| k.arg.is_none())
    {
        return false;
    }
    let given = arguments
        .keywords
        .iter()
        .find(|k| k.arg.as_ref().is_some_and(|a| a.as_str() == param))
        .map(|k| &k.value)
        .or_else(|| position.and_then(|i| arguments.args.get(i)));
    given.is_none_or(|v| matches!(v, Expr::NoneLiteral(_)))
}
