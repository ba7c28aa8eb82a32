//! A writer whose file the person running a command names on its command
//! line (`export_parser.add_argument("--output")`, then
//! `exporter.export_to_json(args.output)`): an export or a report made on
//! request. The program cannot open it again on a later run unless someone
//! names it again, and the module never reads a file through that option:
//! nothing resumes from it, and a failed export is run again. Every call of
//! the writer in the project must be in view and pass such an option.

use ruff_python_ast::Expr;
use ruff_text_size::Ranged;

use super::super::Context;
use crate::semantic::model::{Call, Model};

pub(super) fn named_on_command_line(ctx: &Context<'_, '_>, call: &Call<'_>, target: &Expr) -> bool {
    let model = ctx.model;
    let Some(scope) = call.scope else {
        return false;
    };
    let Some(param) = super::helper_callers::parameter_behind(model, target, scope, 0) else {
        return false;
    };
    let function = model.scopes.function(scope);
    let Some(position) = function.params.iter().position(|p| p == param) else {
        return false;
    };
    let name = function.name();
    let calls: Vec<&Call<'_>> = model
        .calls_named(name)
        .filter(|c| match &*c.expr.func {
            Expr::Name(n) => n.id.as_str() == name,
            Expr::Attribute(a) => a.attr.as_str() == name,
            _ => false,
        })
        .collect();
    if calls.is_empty() {
        return false;
    }
    // Every call of that name in the project is one of these.
    let project_calls: u32 = ctx
        .project
        .index
        .modules
        .iter()
        .filter(|m| !crate::semantic::paths::is_test_module(&m.path))
        .filter_map(|m| m.facts.all_call_counts.get(name))
        .sum();
    if project_calls as usize != calls.len() {
        return false;
    }
    calls.iter().all(|c| {
        let given = c
            .expr
            .arguments
            .args
            .get(position)
            .filter(|a| !matches!(a, Expr::Starred(_)))
            .or_else(|| c.keyword(param));
        given.is_some_and(|arg| option_never_read(model, c, arg))
    })
}

/// `args.output` where `args` is what `parse_args()` returned, and no call of
/// the module opens `args.output` for reading.
fn option_never_read(model: &Model<'_>, call: &Call<'_>, arg: &Expr) -> bool {
    let Expr::Attribute(option) = arg else {
        return false;
    };
    let Expr::Name(args) = &*option.value else {
        return false;
    };
    let parsed = model
        .assignments_of(call.scope, args.id.as_str())
        .iter()
        .any(|a| {
            matches!(a.value, Expr::Call(c) if matches!(&*c.func,
                Expr::Attribute(f) if matches!(f.attr.as_str(), "parse_args" | "parse_known_args")))
        });
    let text = model.slice(arg.range());
    parsed
        && !model.calls.iter().any(|c| {
            crate::semantic::file_readers::read_path(c).is_some_and(|p| {
                let read = model.slice(p.range());
                read == text || read.contains(&format!("{text})"))
            })
        })
}
