//! A project function whose value is JSON text: `def json_stringify(data,
//! pretty=False): return json.dumps(data, ...)` called as
//! `path.write_text(json_stringify(data))`, or a method `def to_json(self):
//! return json.dumps(self.data)` called as `f.write(self.to_json())`. What the
//! call writes is what the function returns, so the write is the same
//! checkpoint as `f.write(json.dumps(...))` when the file is read back.
//!
//! Only a function the module defines (by name), or a method of the calling
//! class (through `self`), is followed: their bodies are in sight. Every value
//! the function returns must be JSON text; a function that may return
//! something else (`return None` on an error, a YAML dump in another branch)
//! says nothing certain about the write.

use ruff_python_ast::Expr;

use crate::semantic::model::Model;
use crate::semantic::visit;

/// How many project functions deep a returned value is followed.
const MAX_DEPTH: usize = 3;

/// The project function `func` calls, when its body is in this module: a
/// module-level function by name, or a method of the enclosing class through
/// `self`.
pub(super) fn project_function(
    model: &Model<'_>,
    func: &Expr,
    scope: Option<usize>,
) -> Option<usize> {
    match func {
        Expr::Name(name) => model.scopes.module_function(name.id.as_str()),
        Expr::Attribute(attr) if matches!(&*attr.value, Expr::Name(n) if n.id.as_str() == "self") => {
            model
                .scopes
                .enclosing_class(scope)
                .and_then(|class| model.scopes.method(class, attr.attr.as_str()))
        }
        _ => None,
    }
}

/// Whether calling `func` gives JSON text: every value the project function
/// returns is (`is_text` decides each, in the function's own scope).
pub(super) fn returns_json_text(
    model: &Model<'_>,
    func: &Expr,
    scope: Option<usize>,
    depth: usize,
    is_text: impl Fn(&Expr, Option<usize>, usize) -> bool,
) -> bool {
    if depth >= MAX_DEPTH {
        return false;
    }
    let Some(id) = project_function(model, func, scope) else {
        return false;
    };
    let def = model.scopes.function(id).def;
    // A generator's value is not what it yields.
    if visit::contains_yield(&def.body) {
        return false;
    }
    let mut returned = Vec::new();
    visit::returned_values(&def.body, &mut returned);
    !returned.is_empty() && returned.iter().all(|v| is_text(v, Some(id), depth + 1))
}
