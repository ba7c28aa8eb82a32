//! A file that holds credentials: an access token, a login's cookies, the
//! account a command-line tool's `login` stored. Losing it costs one login
//! (or one token refresh), never work or state the program built up: the
//! next run asks again, as it does on first use. Not a checkpoint, whatever
//! its format. Told by the words of the path (`token.json`, `self.cookie_file`,
//! `CREDENTIALS_PATH`) or of the writing function and its class
//! (`save_credentials`, `login`, `TokenStore.save`).
//!
//! Not when the function first read the same file and writes it back: a
//! configuration that gains a generated secret or a token among its other
//! settings holds more than the credential, and a torn write loses them all.

use ruff_python_ast::Expr;

use ruff_text_size::Ranged;

use crate::semantic::file_readers::{read_path, words};
use crate::semantic::model::{Call, Model};
use crate::semantic::path_idents;

const WORDS: &[&str] = &[
    "token",
    "tokens",
    "credential",
    "credentials",
    "creds",
    "cookie",
    "cookies",
    "oauth",
    "login",
    "auth",
];

pub(super) fn holds_credentials(model: &Model<'_>, call: &Call<'_>, target: &Expr) -> bool {
    if rewrites_what_it_read(model, call, target) {
        return false;
    }
    let ident = path_idents::of_expr(model, target, call.scope);
    let writer = call
        .scope
        .map(|id| model.scopes.function(id).qualname.as_str())
        .unwrap_or_default();
    ident
        .names
        .iter()
        .chain(&ident.keys)
        .map(String::as_str)
        .chain(std::iter::once(writer))
        .any(|s| words(s).any(|w| WORDS.contains(&w.as_str())))
}

/// The writing function opened the same path for reading earlier (the same
/// spelling of the path, in the same function): it rewrites the file's old
/// contents with its change, whatever else the file held.
fn rewrites_what_it_read(model: &Model<'_>, call: &Call<'_>, target: &Expr) -> bool {
    let Some(scope) = call.scope else {
        return false;
    };
    let spelled = model.slice(target.range());
    model.calls_in(Some(scope)).any(|read| {
        read.range().start() < call.range().start()
            && read_path(read).is_some_and(|path| model.slice(path.range()) == spelled)
    })
}
