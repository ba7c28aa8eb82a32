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
//!
//! Nor when only the writing function's name has the word and another
//! function of the module writes the same file under a name without it
//! (`add_chat_tokens` beside `add_image_request`, both dumping one per-user
//! usage file): the file is that module's record of something else, and
//! "tokens" there are counted, not kept to log in with.
//!
//! Nor when the file is rewritten on every refresh of the token: the writing
//! function is named for the refresh (`save_refreshed_token`), a function
//! named so calls it or hands it to a thread (`async_renew_access_token` ->
//! `self._write_user_info`), or it refreshes the credentials itself before
//! the write (`creds.refresh(Request())`). A long-running client or a
//! scheduled run then rewrites the file routinely, not once per login, and
//! a reader that raises on the torn file (the only one reported: a reader
//! that takes it for a miss already makes the write no checkpoint) stops the
//! next start until someone deletes it.

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
    if rewrites_what_it_read(model, call, target) || rewritten_on_refresh(model, call) {
        return false;
    }
    let ident = path_idents::of_expr(model, target, call.scope);
    let writer = call
        .scope
        .map(|id| model.scopes.function(id).qualname.as_str())
        .unwrap_or_default();
    let says_credentials = |s: &str| words(s).any(|w| WORDS.contains(&w.as_str()));
    if ident
        .names
        .iter()
        .chain(&ident.keys)
        .any(|s| says_credentials(s))
    {
        return true;
    }
    says_credentials(writer) && !written_by_other_functions(model, call, &ident, says_credentials)
}

/// Another function of the module writes the same file (file_writes), and
/// its name does not say credentials.
fn written_by_other_functions(
    model: &Model<'_>,
    call: &Call<'_>,
    ident: &path_idents::PathIdent,
    says_credentials: impl Fn(&str) -> bool,
) -> bool {
    if ident.is_empty() {
        return false;
    }
    crate::semantic::file_writes::by_call(model).any(|(other, written)| {
        other.scope != call.scope
            && other
                .scope
                .is_some_and(|id| !says_credentials(&model.scopes.function(id).qualname))
            && crate::semantic::file_writes::same_file(&written, ident)
    })
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

/// Words of a function's name that say it refreshes a credential.
const REFRESH_WORDS: &[&str] = &["refresh", "refreshed", "renew", "renewed", "rotate"];

fn names_refresh(name: &str) -> bool {
    words(name).any(|w| REFRESH_WORDS.contains(&w.as_str()))
}

/// The write runs on a refresh of the credential: the writing function is
/// named for one, calls a `refresh()` method before the write, or a function
/// of the module named for one calls it or hands it over by name.
fn rewritten_on_refresh(model: &Model<'_>, call: &Call<'_>) -> bool {
    let Some(scope) = call.scope else {
        return false;
    };
    let function = model.scopes.function(scope);
    if names_refresh(function.def.name.as_str()) {
        return true;
    }
    let refreshes_first = model.calls_in(Some(scope)).any(|c| {
        c.range().start() < call.range().start()
            && c.method_name()
                .is_some_and(|m| matches!(m, "refresh" | "renew"))
    });
    if refreshes_first {
        return true;
    }
    let name = function.def.name.as_str();
    let in_refresher = |c: &Call<'_>| {
        c.scope.is_some_and(|id| {
            id != scope && names_refresh(model.scopes.function(id).def.name.as_str())
        })
    };
    model.calls_named(name).any(in_refresher) || model.calls_passing(name).any(in_refresher)
}
