//! An opener passed straight to a serializer, with no `with`:
//! `json.dump(obj, open(path, "wt"))`, `pickle.dump(obj, cache_file.open("wb"))`,
//! and settings the same way (`parser.write(open(path, "w"))` on a
//! `configparser` parser, `yaml.safe_dump(data, open(path, "w"))`), also
//! through Python 2's `file(path, "w")` builtin (`config.write(file(p, "w"))`).
//! The file is truncated when `open` returns and filled while the dump runs, so
//! a crash, a kill or a concurrent run reading the file in between sees it
//! empty or cut, as with the `with` form. The handle is also closed only when
//! the garbage collector gets to it, so the data may not even be flushed when
//! the function returns. Reported without a fix: the rewrite moves the dump
//! into a `with` block, a change of statement shape to make by hand.

use ruff_python_ast::Expr;
use ruff_text_size::Ranged;

use crate::semantic::config_formats;
use crate::semantic::model::{Call, Model};

/// Serializers that take the object first and the file second (JSON's `fp`,
/// pickle's and marshal's `file`): the format each writes.
const DUMP_INTO_FILE: &[(&str, &str, &str)] = &[
    ("json.dump", "fp", "json"),
    ("simplejson.dump", "fp", "json"),
    ("ujson.dump", "fp", "json"),
    ("rapidjson.dump", "fp", "json"),
    ("pickle.dump", "file", "pickle"),
    ("_pickle.dump", "file", "pickle"),
    ("cPickle.dump", "file", "pickle"),
    ("dill.dump", "file", "pickle"),
    ("cloudpickle.dump", "file", "pickle"),
    ("marshal.dump", "file", "marshal"),
];

/// An inline write: the opened path, the mode and the serialized format.
pub struct InlineDump<'a> {
    pub target: &'a Expr,
    pub mode: &'a str,
    pub format: &'static str,
}

/// `call` is an `open(p, "w…")` or `p.open("w…")` that is itself the file
/// argument of a serializer's dump. Any receiver's `.open("wb")` counts here:
/// the dump it feeds says it is a file.
pub fn inline_dump<'a>(model: &Model<'a>, call: &Call<'a>) -> Option<InlineDump<'a>> {
    let Some(Expr::Call(dump)) = call.parent else {
        return None;
    };
    let serializer = model
        .resolve(&dump.func, call.scope)
        .and_then(|callee| DUMP_INTO_FILE.iter().find(|(name, ..)| callee == *name));
    let format = match serializer {
        Some(&(_, keyword, format)) => {
            let file = dump.arguments.find_argument_value(keyword, 1)?;
            if file.range() != call.range() {
                return None;
            }
            format
        }
        // Settings in YAML, TOML or INI: `parser.write(open(p, "w"))`,
        // `yaml.safe_dump(data, open(p, "w"))` (semantic::config_formats).
        None => config_formats::dumps_into_stream(model, dump, call.scope, |e| {
            e.range() == call.range()
        })?,
    };
    let (target, mode) = match call.qualified() {
        // Python 2's `file(p, "w")` builtin opens as `open` does.
        Some("builtins.open" | "builtins.file" | "io.open") => {
            (call.argument(0, "file")?, call.argument(1, "mode")?)
        }
        Some(_) => return None,
        None => match &*call.expr.func {
            Expr::Attribute(a) if a.attr.as_str() == "open" => {
                (&*a.value, call.argument(0, "mode")?)
            }
            _ => return None,
        },
    };
    let Expr::StringLiteral(mode) = mode else {
        return None;
    };
    let mode = mode.value.to_str();
    mode.contains('w').then_some(InlineDump {
        target,
        mode,
        format,
    })
}

pub fn message(dump: &InlineDump<'_>) -> String {
    let opened = format!("open(..., \"{}\")", dump.mode);
    let what = match dump.format {
        "json" => "Checkpoint JSON".to_string(),
        "INI" | "YAML" | "TOML" => format!("Configuration ({})", dump.format),
        other => format!("State file ({other})"),
    };
    format!(
        "{what} dumped straight into `{opened}` with no `with`: the file is truncated when it opens and read back by the program, so a crash, a kill or another run reading it mid-write sees an empty or cut file (and the handle is closed only when collected); dump into a temporary file beside it inside a `with` block and `os.replace` it over the name"
    )
}
