//! Settings and state kept in YAML, TOML or INI and read back by the program
//! (semantic::config_formats): `with open(path, "w") as f: yaml.safe_dump(data,
//! f)`, `toml.dump(data, f)`, `parser.write(f)`, `f.write(toml.dumps(data))`,
//! `path.write_text(yaml.safe_dump(data))`. The truncation happens at `open`,
//! so a `flush` and an `os.fsync` before the block ends do not close the window:
//! a reader (the server starting, another process loading its settings) or a
//! crash in between sees a short or empty file. Whether the file is read back
//! is decided as for JSON (the project's readers, file_readers).

use ruff_python_ast::{Expr, Stmt};

use crate::semantic::config_formats;
use crate::semantic::model::Model;
use crate::semantic::scopes::FuncId;
use crate::semantic::visit;

/// The format of a document the `with` body writes into `handle`: a dump into
/// it, or its `write` of a dump's text.
pub(super) fn dumped_into(
    model: &Model<'_>,
    body: &[Stmt],
    handle: &str,
    scope: Option<FuncId>,
) -> Option<&'static str> {
    let mut found = None;
    visit::any_expr(body, |expr| {
        let Expr::Call(call) = expr else {
            return false;
        };
        if let Some(format) = config_formats::dumps_into(model, call, handle, scope) {
            found = Some(format);
            return true;
        }
        if let Expr::Attribute(attr) = &*call.func
            && attr.attr.as_str() == "write"
            && matches!(&*attr.value, Expr::Name(n) if n.id.as_str() == handle)
            && let Some(format) = call
                .arguments
                .args
                .first()
                .and_then(|a| config_formats::dumps_text(model, a, scope))
        {
            found = Some(format);
            return true;
        }
        false
    });
    found
}

/// The finding's message for a config file of `format` written in place.
pub(super) fn message(format: &str, how: &str) -> String {
    format!(
        "Configuration ({format}) written in place with `{how}` and read back by the program: the file is truncated before the new text is written, so a crash or a reader in between sees a short or empty file (an fsync after the write does not close that window)"
    )
}
