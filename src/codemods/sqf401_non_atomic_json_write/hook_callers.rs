//! A subclass's hook that writes the file its base class names: the disk
//! cache whose `__setitem__` computes the final file name and calls
//! `self.dump(value, fn)`, where a subclass's `dump` opens `fn` with "wb".
//! The write (and the finding) is in the hook, but the decision to write at
//! the final name, and the getter that trusts the file once it exists, are
//! in the base class. The finding's note names the base class's methods that
//! call the hook, so the fix is made where the name is chosen (or in the
//! hook, for every caller at once).

use ruff_python_ast::Expr;

use crate::semantic::model::{Call, Model};

/// "written through `DiskCache.__setitem__` (line 30)": the methods of other
/// classes of the module that call the writing method on `self`, when the
/// written path is one of its parameters. At most three are named.
pub(super) fn note(model: &Model<'_>, call: &Call<'_>, target: &Expr) -> Option<String> {
    let scope = call.scope?;
    super::helper_callers::parameter_behind(model, target, scope, 0)?;
    let function = model.scopes.function(scope);
    let class = function.class?;
    let name = function.name();
    let callers: Vec<String> = model
        .calls_named(name)
        .filter(|c| {
            matches!(&*c.expr.func, Expr::Attribute(a)
                if matches!(&*a.value, Expr::Name(n) if n.id.as_str() == "self"))
        })
        .filter_map(|c| {
            let caller = model.scopes.function(c.scope?);
            (caller.class.is_some() && caller.class != Some(class)).then(|| {
                let line = model.line_column(c.range().start()).0;
                format!("`{}` (line {line})", caller.qualname)
            })
        })
        .collect();
    if callers.is_empty() {
        return None;
    }
    let shown = callers.len().min(3);
    Some(format!(
        "the path is chosen by the caller: written through {}; write to a temporary name there and `os.replace` it over the final one, or make `{name}` do so for every caller",
        callers[..shown].join(", ")
    ))
}
