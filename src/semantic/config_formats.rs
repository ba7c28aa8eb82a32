//! Configuration and state in YAML, TOML or INI: the dumps that write such a
//! file and the parses that read it back. A program that keeps its settings in
//! `config.yaml` and loads them at start has the same window as a JSON
//! checkpoint: `open(path, "w")` truncates the file before the new text is
//! written, and a reader or a crash in between sees a short or empty file (a
//! cut YAML document often still parses, silently without its last settings).

use ruff_python_ast::{self as ast, Expr};
use ruff_text_size::Ranged;

use super::model::{AssignKind, Model, Target};
use super::scopes::FuncId;

/// Functions that write a document into a file object: `(qualified name, format)`.
/// The file is their second positional argument (or `stream`/`f`/`fp`).
const DUMPS_INTO: &[(&str, &str)] = &[
    ("yaml.dump", "YAML"),
    ("yaml.safe_dump", "YAML"),
    ("yaml.dump_all", "YAML"),
    ("yaml.safe_dump_all", "YAML"),
    ("toml.dump", "TOML"),
    ("tomli_w.dump", "TOML"),
    ("tomlkit.dump", "TOML"),
    ("rtoml.dump", "TOML"),
];

/// Functions that return a document's text: `(qualified name, format)`.
/// `yaml.dump(data)` without a stream returns the text too.
const DUMPS_TEXT: &[(&str, &str)] = &[
    ("yaml.dump", "YAML"),
    ("yaml.safe_dump", "YAML"),
    ("yaml.dump_all", "YAML"),
    ("yaml.safe_dump_all", "YAML"),
    ("toml.dumps", "TOML"),
    ("tomli_w.dumps", "TOML"),
    ("tomlkit.dumps", "TOML"),
    ("rtoml.dumps", "TOML"),
];

/// Parses of YAML and TOML text or files: a truncated file makes them fail
/// or lose the settings past the cut.
pub const LOADS: &[&str] = &[
    "yaml.load",
    "yaml.safe_load",
    "yaml.full_load",
    "yaml.unsafe_load",
    "yaml.load_all",
    "yaml.safe_load_all",
    "toml.load",
    "toml.loads",
    "tomllib.load",
    "tomllib.loads",
    "tomli.load",
    "tomli.loads",
    "tomlkit.load",
    "tomlkit.loads",
    "tomlkit.parse",
    "rtoml.load",
    "rtoml.loads",
];

/// Classes of the standard library's INI parser (Python 2 named its module
/// `ConfigParser`).
const INI_PARSERS: &[&str] = &[
    "configparser.ConfigParser",
    "configparser.RawConfigParser",
    "configparser.SafeConfigParser",
    "ConfigParser.ConfigParser",
    "ConfigParser.RawConfigParser",
    "ConfigParser.SafeConfigParser",
];

/// ruamel.yaml's serializer class: an object made once (`yaml = YAML()`)
/// whose `dump(data, stream)` and `load(stream)` write and read the document.
const YAML_SERIALIZERS: &[&str] = &["ruamel.yaml.YAML", "ruamel.yaml.main.YAML"];

/// The format a call dumps into the file object named `handle`:
/// `yaml.safe_dump(data, f)`, `toml.dump(data, f)`, `parser.write(f)` on a
/// `configparser.ConfigParser`, `yaml.dump(data, f)` on a ruamel `YAML()`.
pub fn dumps_into(
    model: &Model<'_>,
    call: &ast::ExprCall,
    handle: &str,
    scope: Option<FuncId>,
) -> Option<&'static str> {
    dumps_into_stream(
        model,
        call,
        scope,
        |e| matches!(e, Expr::Name(n) if n.id.as_str() == handle),
    )
}

/// The format a call dumps into the stream `is_handle` accepts: a name bound
/// by `with`, or an `open(...)` passed inline (`parser.write(open(p, "w"))`).
pub fn dumps_into_stream(
    model: &Model<'_>,
    call: &ast::ExprCall,
    scope: Option<FuncId>,
    is_handle: impl Fn(&Expr) -> bool,
) -> Option<&'static str> {
    // `yaml.dump(data, f)` where `yaml` is a ruamel serializer object, not
    // the PyYAML module: the stream is its second argument too.
    if let Expr::Attribute(attr) = &*call.func
        && matches!(attr.attr.as_str(), "dump" | "dump_all")
        && is_yaml_serializer(model, &attr.value, scope)
    {
        let stream = call.arguments.find_argument_value("stream", 1)?;
        return is_handle(stream).then_some("YAML");
    }
    if let Some(callee) = model.resolve(&call.func, scope) {
        let (_, format) = DUMPS_INTO.iter().find(|(q, _)| *q == callee)?;
        let stream = call.arguments.args.get(1).or_else(|| {
            call.arguments
                .keywords
                .iter()
                .find(|k| {
                    k.arg
                        .as_ref()
                        .is_some_and(|a| matches!(a.as_str(), "stream" | "f" | "fp" | "file"))
                })
                .map(|k| &k.value)
        })?;
        return is_handle(stream).then_some(*format);
    }
    // `parser.write(f)`: the INI parser writes every section into `f`.
    let Expr::Attribute(attr) = &*call.func else {
        return None;
    };
    (attr.attr.as_str() == "write"
        && call.arguments.args.first().is_some_and(&is_handle)
        && is_ini_parser(model, &attr.value, scope))
    .then_some("INI")
}

/// The format of the text an expression holds: `yaml.safe_dump(data)` (no
/// stream), `toml.dumps(data)`, also through a name bound to one.
pub fn dumps_text(model: &Model<'_>, expr: &Expr, scope: Option<FuncId>) -> Option<&'static str> {
    dumps_text_at(model, expr, scope, 0)
}

fn dumps_text_at(
    model: &Model<'_>,
    expr: &Expr,
    scope: Option<FuncId>,
    depth: usize,
) -> Option<&'static str> {
    if depth > 3 {
        return None;
    }
    match expr {
        Expr::Call(call) => {
            if let Some(callee) = model.resolve(&call.func, scope) {
                let (_, format) = DUMPS_TEXT.iter().find(|(q, _)| *q == callee)?;
                // `yaml.dump(data, f)` writes into `f` and returns None.
                let streams = call.arguments.args.len() > 1
                    || call
                        .arguments
                        .keywords
                        .iter()
                        .any(|k| k.arg.as_ref().is_some_and(|a| a.as_str() == "stream"));
                return (!streams).then_some(*format);
            }
            // `toml.dumps(data).encode()`
            match &*call.func {
                Expr::Attribute(a) if a.attr.as_str() == "encode" => {
                    dumps_text_at(model, &a.value, scope, depth + 1)
                }
                _ => None,
            }
        }
        Expr::Name(name) => {
            let a = model.last_assignment(scope, name.id.as_str(), name.start())?;
            (a.kind == AssignKind::Assign && !a.stmt.range().contains_range(name.range()))
                .then(|| dumps_text_at(model, a.value, scope, depth + 1))?
        }
        _ => None,
    }
}

/// Whether a call parses YAML or TOML (`yaml.safe_load(f)`, `tomllib.load(f)`)
/// or reads an INI file into a parser (`parser.read(path)`).
pub fn is_parse(model: &Model<'_>, call: &ast::ExprCall, scope: Option<FuncId>) -> bool {
    if let Expr::Attribute(attr) = &*call.func
        && matches!(attr.attr.as_str(), "load" | "load_all")
        && is_yaml_serializer(model, &attr.value, scope)
    {
        return true;
    }
    if let Some(callee) = model.resolve(&call.func, scope) {
        return LOADS.contains(&callee.as_str());
    }
    ini_read_path(model, call, scope).is_some()
}

/// `parser.read(path)` (or `read_file(open(path))` is seen at its `open`) on a
/// `configparser.ConfigParser`: the path it reads.
pub fn ini_read_path<'a>(
    model: &Model<'_>,
    call: &'a ast::ExprCall,
    scope: Option<FuncId>,
) -> Option<&'a Expr> {
    let Expr::Attribute(attr) = &*call.func else {
        return None;
    };
    if attr.attr.as_str() != "read" || !is_ini_parser(model, &attr.value, scope) {
        return None;
    }
    call.arguments.find_argument_value("filenames", 0)
}

/// A `configparser.ConfigParser` as far as the source shows.
fn is_ini_parser(model: &Model<'_>, expr: &Expr, scope: Option<FuncId>) -> bool {
    is_instance_of(model, expr, scope, INI_PARSERS)
}

/// A ruamel.yaml `YAML()` serializer as far as the source shows.
fn is_yaml_serializer(model: &Model<'_>, expr: &Expr, scope: Option<FuncId>) -> bool {
    is_instance_of(model, expr, scope, YAML_SERIALIZERS)
}

/// An object made by one of `classes`: the call itself, a name bound to one
/// (in the function or at module level), or `self.attr` the class binds to one.
fn is_instance_of(model: &Model<'_>, expr: &Expr, scope: Option<FuncId>, classes: &[&str]) -> bool {
    made_by(model, expr, scope, classes, 0)
}

fn made_by(
    model: &Model<'_>,
    expr: &Expr,
    scope: Option<FuncId>,
    classes: &[&str],
    depth: usize,
) -> bool {
    let made = |value: &Expr, s: Option<FuncId>| match value {
        Expr::Call(c) => {
            model
                .resolve(&c.func, s)
                .is_some_and(|q| classes.contains(&q.as_str()))
                || (depth < 2 && returns_one_of(model, &c.func, s, classes, depth + 1))
        }
        _ => false,
    };
    match expr {
        Expr::Call(_) => made(expr, scope),
        // A parser bound in the function, or at module level (`CONFIG = ConfigParser()`).
        Expr::Name(name) => model
            .last_assignment(scope, name.id.as_str(), name.start())
            .or_else(|| {
                scope.and_then(|_| model.last_assignment(None, name.id.as_str(), name.start()))
            })
            .or_else(|| {
                model
                    .assignments_named_in(None, name.id.as_str())
                    .next_back()
            })
            .is_some_and(|a| a.kind == AssignKind::Assign && made(a.value, a.scope)),
        Expr::Attribute(attr) if matches!(&*attr.value, Expr::Name(n) if n.id.as_str() == "self") =>
        {
            let Some(class) = model.scopes.enclosing_class(scope) else {
                return false;
            };
            let name = attr.attr.as_str();
            let mut assigned = model.assignments.iter().filter(|a| {
                matches!(&a.target, Target::SelfAttr(n) if n == name)
                    && model.scopes.enclosing_class(a.scope) == Some(class)
            });
            assigned.next().is_some_and(|a| made(a.value, a.scope))
                && assigned.all(|a| made(a.value, a.scope))
        }
        _ => false,
    }
}

/// `load()` is a function of the module whose every `return` hands back an
/// object of `classes` (`def load(): cfg = ConfigParser(); cfg.read(p);
/// return cfg`): its callers hold such an object.
fn returns_one_of(
    model: &Model<'_>,
    func: &Expr,
    scope: Option<FuncId>,
    classes: &[&str],
    depth: usize,
) -> bool {
    let Some(id) = model.scopes.function_named(scope, func) else {
        return false;
    };
    let mut values = Vec::new();
    super::visit::returned_values(&model.scopes.function(id).def.body, &mut values);
    !values.is_empty()
        && values
            .iter()
            .all(|v| made_by(model, v, Some(id), classes, depth))
}
