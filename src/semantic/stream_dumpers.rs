//! Project functions that dump a document into a stream they are handed: a
//! file-format plug-in's `def dump(self, data, stream): yaml.dump(data,
//! stream)`, a `write_json(obj, fp)` helper. A caller that opens a file and
//! passes the handle on (`with open(p, "w") as f: self.interface.dump(data,
//! f)`) writes that document into the file as if it had called the
//! serializer itself; the checkpoint rule asks which format.

use ruff_python_ast::Expr;

use super::config_formats;
use super::model::Model;
use super::visit;

/// Serializer modules whose `dump(obj, fp)` writes JSON text.
const JSON_MODULES: &[&str] = &["json", "simplejson", "ujson", "rapidjson"];

/// A function that dumps a document of `format` into its positional
/// parameter at `position` (counted without `self`/`cls`).
#[derive(Debug, Clone)]
pub struct StreamDumper {
    pub name: String,
    pub position: usize,
    pub format: &'static str,
}

/// The module's functions that dump JSON, YAML, TOML or INI into a stream
/// parameter.
pub fn of_module(model: &Model<'_>) -> Vec<StreamDumper> {
    let mut out = Vec::new();
    for (id, function) in model.scopes.functions.iter().enumerate() {
        if function.params.is_empty() {
            continue;
        }
        // One walk of the body for every parameter: a parameter's format is
        // the first dump call that writes into it, as a walk per parameter
        // would find, without resolving each call once per parameter.
        let mut formats: Vec<Option<&'static str>> = vec![None; function.params.len()];
        visit::any_expr(&function.def.body, |expr| {
            let Expr::Call(call) = expr else {
                return false;
            };
            for (position, param) in function.params.iter().enumerate() {
                if formats[position].is_none() && passes_name(call, param) {
                    formats[position] = dumped_into(model, call, param, Some(id));
                }
            }
            formats.iter().all(Option::is_some)
        });
        for (position, format) in formats.into_iter().enumerate() {
            if let Some(format) = format {
                out.push(StreamDumper {
                    name: function.name().to_string(),
                    position,
                    format,
                });
            }
        }
    }
    out
}

/// Whether `name` is one of the call's arguments as it stands: every stream
/// a dump call writes into is one of them.
fn passes_name(call: &ruff_python_ast::ExprCall, name: &str) -> bool {
    let is_name = |e: &Expr| matches!(e, Expr::Name(n) if n.id.as_str() == name);
    call.arguments.args.iter().any(is_name)
        || call.arguments.keywords.iter().any(|k| is_name(&k.value))
}

/// The format `call` dumps into the stream named `handle`: `json.dump(obj,
/// handle)` (JSON) or a YAML, TOML or INI dump (semantic::config_formats).
fn dumped_into(
    model: &Model<'_>,
    call: &ruff_python_ast::ExprCall,
    handle: &str,
    scope: Option<usize>,
) -> Option<&'static str> {
    let is_handle = |e: &Expr| matches!(e, Expr::Name(n) if n.id.as_str() == handle);
    if let Some(callee) = model.resolve(&call.func, scope)
        && JSON_MODULES.iter().any(|m| callee == format!("{m}.dump"))
    {
        return call
            .arguments
            .find_argument_value("fp", 1)
            .is_some_and(is_handle)
            .then_some("JSON");
    }
    config_formats::dumps_into(model, call, handle, scope)
}
