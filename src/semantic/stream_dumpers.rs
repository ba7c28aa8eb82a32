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
        for (position, param) in function.params.iter().enumerate() {
            let Some(format) = dumped_into(model, &function.def.body, param, Some(id)) else {
                continue;
            };
            out.push(StreamDumper {
                name: function.name().to_string(),
                position,
                format,
            });
        }
    }
    out
}

/// The format `body` dumps into the stream named `handle`: `json.dump(obj,
/// handle)` (JSON) or a YAML, TOML or INI dump (semantic::config_formats).
fn dumped_into(
    model: &Model<'_>,
    body: &[ruff_python_ast::Stmt],
    handle: &str,
    scope: Option<usize>,
) -> Option<&'static str> {
    visit::find_call(body, |call| {
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
    })
}
