//! The standard library's other file openers: `codecs.open(path, mode,
//! encoding)`, `gzip.open`/`gzip.GzipFile`, `bz2.open`/`bz2.BZ2File` and
//! `lzma.open`/`lzma.LZMAFile`. Each opens the named file with the builtin
//! `open` underneath, so a mode with `w` truncates it at the open exactly as
//! `open(path, "w")` does (docs/sqlite-facts.md#F-wrapped-open-truncates);
//! the wrapper only encodes or compresses what is written. They name the file
//! `filename`, not `file`, and read by default.

use ruff_python_ast::Expr;

use super::model::Call;

/// The qualified names of the wrapping openers this module knows.
const OPENERS: &[&str] = &[
    "codecs.open",
    "gzip.open",
    "gzip.GzipFile",
    "bz2.open",
    "bz2.BZ2File",
    "lzma.open",
    "lzma.LZMAFile",
];

/// The opener `call` is, by its qualified name, if it is one of them.
pub fn opener(call: &Call<'_>) -> Option<&'static str> {
    let name = call.qualified()?;
    OPENERS.iter().copied().find(|o| *o == name)
}

/// The file a wrapping opener opens: its first argument or `filename=`. A
/// `GzipFile(fileobj=f)` wraps a stream opened elsewhere and names no file.
pub fn path<'a>(call: &Call<'a>) -> Option<&'a Expr> {
    opener(call)?;
    call.argument(0, "filename")
}

/// The mode spelled at the call: `None` when it is not a string literal. An
/// opener given no mode reads (`"r"` or `"rb"`).
pub fn mode(call: &Call<'_>) -> Option<String> {
    opener(call)?;
    match call.argument(1, "mode") {
        None => Some("r".to_string()),
        Some(Expr::StringLiteral(m)) => Some(m.value.to_str().to_string()),
        Some(_) => None,
    }
}

/// The path a wrapping opener reads (`gzip.open(p)`, `codecs.open(p, "r",
/// "utf-8")`), for the readers of a file.
pub fn read_path<'a>(call: &Call<'a>) -> Option<&'a Expr> {
    let mode = mode(call)?;
    (!mode.contains(['w', 'a', 'x', '+'])).then(|| path(call))?
}

/// The path a wrapping opener truncates or appends to.
pub fn write_path<'a>(call: &Call<'a>) -> Option<&'a Expr> {
    let mode = mode(call)?;
    mode.contains(['w', 'a']).then(|| path(call))?
}
