//! The functions that run their statements on a cursor kept for good beside a
//! shared connection, each as a site of the connection's finding: a module's
//! cursor kept at import (`cur = conn.cursor()` beside a module connection), or
//! an object's (`self.cursor = self.conn.cursor()` in `__init__`, every caller of
//! the object going through it). Every such function is a place where two
//! threads meet on the one cursor: one's `execute()` while another's is running
//! raises "Recursive use of cursors not allowed", one's `fetchone()` can return
//! the row another executed (docs/sqlite-facts.md#F-shared-cursor). The lookups
//! further down a module, or the methods of a logger or a job store, are where
//! the maintainer changes code, so they are reported, not only the connect line
//! (for an object, its constructor, often far above the methods).
//!
//! A function that holds only a lock of its own object (`with self.lock:` in a
//! method, a lock that guards the object's counters) around a module cursor
//! still meets the functions that take no lock: it is a site too. One that
//! holds a module lock is not (the others should take that same lock, and the
//! connection's finding says so).
//!
//! One root cause: the connection's finding and its functions' sites share a
//! root (the cursor of that module, or of that class), so every output format
//! prints one finding with its sites. The lock fix stays on the connection's
//! finding, which wraps every function at once; the sites carry no fix of
//! their own.

use ruff_text_size::{Ranged, TextRange};

use crate::finding::{Finding, Root};
use crate::semantic::connections::ConnSite;
use crate::semantic::lock_guard;
use crate::semantic::model::{Call, Model};
use crate::semantic::scopes::{ClassId, FuncId};

/// Whose threads meet on the cursor.
#[derive(Clone, Copy)]
pub enum Party {
    /// The program's own worker threads reach the functions.
    WorkerThreads,
    /// The module is a library's: its public API's callers bring the threads.
    LibraryCallers,
}

/// Who keeps the connection and its cursor.
#[derive(Clone, Copy)]
pub enum Owner<'k> {
    /// A module global connection, its cursor a module name.
    Module { global: &'k str },
    /// A `self` attribute of every object of a class, its cursor one too.
    Object { class: ClassId, attr: &'k str },
}

/// A function on the cursor, and the lock of its own object it holds there
/// (`self.lock`), when that is the only lock around its uses.
pub type Member = (FuncId, Option<String>);

/// The root every site of the kept cursor `cursor` shares, placed at the
/// connection's line.
fn root(model: &Model<'_>, site: &ConnSite<'_, '_>, owner: Owner<'_>, cursor: &str) -> Root {
    let shown = crate::diff::display_path(model.path);
    let line = model.line_column(site.call.range().start()).0;
    match owner {
        Owner::Module { global } => Root::new(
            format!("shared-cursor:{shown}:{global}:{cursor}"),
            format!("the cursor `{cursor}` that {shown} keeps at import on its connection `{global}`"),
        ),
        Owner::Object { class, attr } => {
            let class = &model.scopes.classes[class].qualname;
            Root::new(
                format!("shared-cursor:{shown}:{class}.{attr}:{cursor}"),
                format!(
                    "the cursor `self.{cursor}` that each `{class}` of {shown} keeps on its connection `self.{attr}` for every caller"
                ),
            )
        }
    }
    .at(model.path, line)
}

/// The connection's finding with the root set (the owner and the cursors kept
/// beside it), followed by one site per member function that uses the kept
/// cursor (at its first use there), the threads being `party`'s. Nothing
/// changes when too few functions use the cursor: two for a module cursor
/// (one alone meets only itself, which the connection's finding says), one for
/// an object's (its constructor, where the connection's finding stands, is
/// not where the threads meet).
#[allow(clippy::too_many_arguments)]
pub fn with_sites(
    meta: &'static crate::codemods::Meta,
    model: &Model<'_>,
    site: &ConnSite<'_, '_>,
    (owner, cursors): (Owner<'_>, &[String]),
    cursor_calls: &[&Call<'_>],
    (members, party): (&[Member], Party),
    found: Finding,
) -> Vec<Finding> {
    let Some(cursor) = cursors.first() else {
        return vec![found];
    };
    let lock_of = |id: FuncId| {
        members
            .iter()
            .find(|(f, _)| *f == id)
            .map(|(_, lock)| lock.as_deref())
    };
    let mut firsts: Vec<(FuncId, &Call<'_>)> = Vec::new();
    for call in cursor_calls {
        let Some(id) = call.scope else {
            continue;
        };
        match lock_of(id) {
            None => continue,
            Some(None) if super::guarded(model, id, call) => continue,
            Some(_) => {}
        }
        match firsts.iter_mut().find(|(f, _)| *f == id) {
            Some(entry) if call.range().start() < entry.1.range().start() => entry.1 = call,
            Some(_) => {}
            None => firsts.push((id, call)),
        }
    }
    let least = match owner {
        Owner::Module { .. } => 2,
        Owner::Object { .. } => 1,
    };
    if firsts.len() < least {
        return vec![found];
    }
    firsts.sort_by_key(|(_, c)| c.range().start());
    let root = root(model, site, owner, cursor);
    let mut out = vec![found.with_root(root.clone())];
    for (id, call) in firsts {
        let f = model.scopes.function(id);
        let others: Vec<String> = members
            .iter()
            .filter(|(g, _)| *g != id)
            .take(2)
            .map(|(g, _)| format!("`{}`", model.scopes.function(*g).name()))
            .collect();
        let meeting = if others.is_empty() {
            format!("`{}` too", f.name())
        } else {
            others.join(" or ")
        };
        let threads = match party {
            Party::WorkerThreads => "from worker threads",
            Party::LibraryCallers => "from whichever threads the library's callers use",
        };
        let guard = match lock_of(id).flatten() {
            Some(lock) => {
                format!("under `{lock}`, a lock of its own object that the others do not take")
            }
            None => "with no lock".to_string(),
        };
        let (kept, connection) = match owner {
            Owner::Module { global } => (
                format!("on the one cursor the module keeps on connection `{global}`"),
                format!("`{global}.execute(...)`"),
            ),
            Owner::Object { class, attr } => (
                format!(
                    "on the one cursor `self.{cursor}` that each `{}` keeps on connection `self.{attr}` for every caller",
                    model.scopes.classes[class].def.name
                ),
                format!("`self.{attr}.execute(...)`"),
            ),
        };
        let message = format!(
            "`{}` runs `{}(...)` {kept} (check_same_thread=False), {threads} {guard}: while another thread is in {meeting} on the same cursor this raises \"Recursive use of cursors not allowed\", or its fetch returns the other thread's rows",
            f.name(),
            model.slice(call.expr.func.range()),
        );
        out.push(
            Finding::new(meta, call.range(), message)
                .with_root(root.clone())
                .with_note(format!(
                    "run the statement on a cursor of its own ({connection} returns one) and fetch from it in this function, under the one lock the connection's finding adds"
                )),
        );
    }
    out
}

/// The lock of its own object (`self.<...lock...>`) that function `id` holds
/// around `range`, when every lock block around it is the object's own (the
/// innermost one is named).
pub fn own_object_lock(model: &Model<'_>, id: FuncId, range: TextRange) -> Option<String> {
    // Only a method has an object of its own.
    model.scopes.function(id).class?;
    // Every lock block around the code, outermost first: all must be the
    // object's own, or a module lock serializes it after all.
    let mut locks: Vec<String> = lock_guard::lock_items_around(model, id, range)
        .into_iter()
        .map(|text| text.chars().filter(|c| !c.is_whitespace()).collect())
        .collect();
    if locks.is_empty() || !locks.iter().all(|l| l.starts_with("self.")) {
        return None;
    }
    locks.pop()
}
