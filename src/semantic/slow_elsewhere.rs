//! Slow work a call reaches in another module of the project: a facade method
//! that fetches metadata over HTTP, a notifier that sends mail. `slow` follows
//! only the calling module's own functions; the index records per function
//! what slow work it does (`FunctionSummary::slow`), and this follows that
//! record two calls into other modules.
//!
//! Only work whose duration someone else decides counts here: a sleep, a
//! network request, a subprocess, a mail server, reading a whole file to hash
//! it (its size is the data's). A helper elsewhere that opens
//! a file may read a few bytes of configuration; taken across modules, that
//! would turn every call of a settings loader inside a transaction into a
//! finding.

use super::model::{Call, Model};
use super::project::{FunctionSummary, ProjectView};

const OUTSIDE_CONTROL: &[&str] = &[
    "sleeps",
    "makes an HTTP request",
    "calls a remote vector or search store over the network",
    "runs a subprocess",
    "talks to a mail server",
    "opens a network connection",
    // A checksum helper reads the whole file, and the file's size is the
    // data's to decide (a book, a video), not a settings file's few bytes.
    super::slow::HASHES_FILE,
];

/// The project function through which a call reaches slow work, and what that
/// work does.
pub struct SlowCallee<'v> {
    pub function: &'v str,
    pub what: &'static str,
}

/// What slow work `call` reaches through the project's functions, if any: the
/// callee's own (with its module's helpers), or one call further.
pub fn reached<'v>(
    view: &'v ProjectView<'_>,
    model: &Model<'_>,
    call: &Call<'_>,
) -> Option<SlowCallee<'v>> {
    let (module, callee) = view.function(model, call)?;
    if let Some(found) = own(callee) {
        return Some(found);
    }
    callee
        .calls
        .iter()
        .filter_map(|inner| view.resolve_from(module, inner))
        .find_map(|(_, f)| own(f))
}

/// A sync function's own slow work: a coroutine called without `await`, or a
/// function a decorator sends to a worker thread, makes its caller wait for
/// nothing.
fn own(f: &FunctionSummary) -> Option<SlowCallee<'_>> {
    if f.is_async || f.on_worker_thread {
        return None;
    }
    let what = f.slow.filter(|w| OUTSIDE_CONTROL.contains(w))?;
    Some(SlowCallee {
        function: &f.qualname,
        what,
    })
}
