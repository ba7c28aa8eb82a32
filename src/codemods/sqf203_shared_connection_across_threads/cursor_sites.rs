//! The functions that run their statements on a cursor a module keeps at import
//! (`cur = conn.cursor()` beside a module connection), each as a site of the
//! connection's finding. Every such function is a place where two threads meet
//! on the one cursor: one's `execute()` while another's is running raises
//! "Recursive use of cursors not allowed", one's `fetchone()` can return the row
//! another executed (docs/sqlite-facts.md#F-shared-cursor). The lookups further
//! down a module (one called for every field of a document) are where the
//! maintainer changes code, so they are reported, not only the connect line.
//!
//! One root cause: the connection's finding and its functions' sites share a
//! root (the cursor of that module), so every output format prints one finding
//! with its sites. The lock fix stays on the connection's finding, which wraps
//! every function at once; the sites carry no fix of their own.

use ruff_text_size::Ranged;

use crate::finding::{Finding, Root};
use crate::semantic::connections::ConnSite;
use crate::semantic::model::{Call, Model};
use crate::semantic::scopes::FuncId;

/// Whose threads meet on the cursor.
#[derive(Clone, Copy)]
pub enum Party {
    /// The program's own worker threads reach the functions.
    WorkerThreads,
    /// The module is a library's: its public API's callers bring the threads.
    LibraryCallers,
}

/// The root every site of the kept cursor `cursor` of module connection
/// `global` shares, placed at the connection's line.
fn root(model: &Model<'_>, site: &ConnSite<'_, '_>, global: &str, cursor: &str) -> Root {
    let shown = crate::diff::display_path(model.path);
    let line = model.line_column(site.call.range().start()).0;
    Root::new(
        format!("shared-cursor:{shown}:{global}:{cursor}"),
        format!("the cursor `{cursor}` that {shown} keeps at import on its connection `{global}`"),
    )
    .at(model.path, line)
}

/// The connection's finding with the root set (the connection's global name
/// and the cursors kept beside it), followed by one site per
/// unguarded thread-side function that uses the kept cursor (at its first use
/// there), the threads being `party`'s. Nothing changes when no such function uses the cursor.
pub fn with_sites(
    meta: &'static crate::codemods::Meta,
    model: &Model<'_>,
    site: &ConnSite<'_, '_>,
    (global, cursors): (&str, &[String]),
    cursor_calls: &[&Call<'_>],
    (unguarded, party): (&[FuncId], Party),
    found: Finding,
) -> Vec<Finding> {
    let Some(cursor) = cursors.first() else {
        return vec![found];
    };
    let mut firsts: Vec<(FuncId, &Call<'_>)> = Vec::new();
    for call in cursor_calls {
        let Some(id) = call.scope else {
            continue;
        };
        if !unguarded.contains(&id) || super::guarded(model, id, call) {
            continue;
        }
        match firsts.iter_mut().find(|(f, _)| *f == id) {
            Some(entry) if call.range().start() < entry.1.range().start() => entry.1 = call,
            Some(_) => {}
            None => firsts.push((id, call)),
        }
    }
    // One function alone has no one to meet on the cursor but itself on
    // another thread: the connection's finding already says that.
    if firsts.len() < 2 {
        return vec![found];
    }
    firsts.sort_by_key(|(_, c)| c.range().start());
    let root = root(model, site, global, cursor);
    let mut out = vec![found.with_root(root.clone())];
    for (id, call) in firsts {
        let f = model.scopes.function(id);
        let others: Vec<String> = unguarded
            .iter()
            .filter(|g| **g != id)
            .take(2)
            .map(|g| format!("`{}`", model.scopes.function(*g).name()))
            .collect();
        let message = format!(
            "`{}` runs `{}(...)` on the one cursor the module keeps on connection `{global}` (check_same_thread=False), {} with no lock: while another thread is in {} on the same cursor this raises \"Recursive use of cursors not allowed\", or its fetch returns the other thread's rows",
            f.name(),
            model.slice(call.expr.func.range()),
            match party {
                Party::WorkerThreads => "from worker threads",
                Party::LibraryCallers => "from whichever threads the library's callers use",
            },
            others.join(" or "),
        );
        out.push(
            Finding::new(meta, call.range(), message)
                .with_root(root.clone())
                .with_note(format!(
                    "run the statement on a cursor of its own (`{global}.execute(...)` returns one) and fetch from it in this function, under the one lock the connection's finding adds"
                )),
        );
    }
    out
}
