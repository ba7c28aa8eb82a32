//! A module-global connection or cursor created on first use: `G = None` at
//! module level, a function with `global G` that connects (and keeps the
//! connection, or only its cursor: `G = conn.cursor()`), and functions that use
//! `G` once it is set. Whichever thread calls first opens it; every other
//! thread shares it. With the default check_same_thread their calls raise
//! ProgrammingError (docs/sqlite-facts.md#F-same-thread); with the check off
//! and no lock they interleave on the one cursor, one thread fetching the row
//! another executed (docs/sqlite-facts.md#F-shared-cursor).
//!
//! The second party is the program's own threads when they reach the uses, or,
//! in a library (`semantic::library_api`: a distributable package with no entry
//! point, the uses reached from a public function), its callers' threads. A
//! module-level connection of a library (opened at import) is reported the
//! same way.
//!
//! Fix (unsafe: the threads now take turns on the connection): one module-level
//! `threading.RLock` after `G = None`, each using function's statements from
//! its first mention of `G` (the `if G is None` check included, so the lazy
//! open runs once) to its last use wrapped in `with <lock>:`, and
//! `check_same_thread=False` on the connection when it has the default. A
//! `threading.local` connection per thread would also be safe, but it changes
//! how many connections (and transactions) the module has.

use ruff_python_ast::{Expr, Stmt};
use ruff_text_size::{Ranged, TextRange};

use super::{SharedConnectionAcrossThreads, allows_any_thread, guarded, holder_text};
use crate::finding::Finding;
use crate::fix::{Edit, Fix, codegen, statements};
use crate::semantic::connections::{ConnKey, ConnSite, Holder};
use crate::semantic::library_api;
use crate::semantic::model::{AssignKind, Call, Callee, Model, Target};
use crate::semantic::project::ProjectView;
use crate::semantic::scopes::FuncId;

/// `global G` then `G = conn.cursor()` in the function that opens `conn` (or
/// `G = sqlite3.connect(...).cursor()`): the connection lives on through the
/// module-global cursor `G`.
pub fn kept_cursor_global(model: &Model<'_>, site: &ConnSite<'_, '_>) -> Option<String> {
    let scope = site.scope()?;
    let from_local = |value: &Expr| -> bool {
        let Expr::Call(c) = value else {
            return false;
        };
        let Expr::Attribute(m) = &*c.func else {
            return false;
        };
        if m.attr.as_str() != "cursor" {
            return false;
        }
        match (&site.holder, &*m.value) {
            (Holder::Local(conn), Expr::Name(n)) => n.id.as_str() == conn,
            (_, Expr::Call(inner)) => inner.range() == site.call.range(),
            _ => false,
        }
    };
    model
        .assignments_in(Some(scope))
        .find_map(|a| match &a.target {
            Target::Name(name)
                if a.kind == AssignKind::Assign
                    && model.is_global_in(Some(scope), name)
                    && from_local(a.value) =>
            {
                Some(name.clone())
            }
            _ => None,
        })
}

/// The connection is kept in a module global that a function sets.
pub fn is_lazy(site: &ConnSite<'_, '_>, lazy_cursor: Option<&str>) -> bool {
    site.scope().is_some() && (lazy_cursor.is_some() || matches!(site.holder, Holder::Global(_)))
}

/// "Cursor `G` (of the connection `init_db` opens on first use)" or
/// "Connection `G`" (opened on first use by `f`).
pub fn shared_text(
    model: &Model<'_>,
    site: &ConnSite<'_, '_>,
    key: &ConnKey,
    lazy_cursor: Option<&str>,
) -> String {
    let opener = site
        .scope()
        .map(|id| model.scopes.function(id).name().to_string());
    match (lazy_cursor, opener) {
        (Some(cursor), Some(f)) => {
            format!("Cursor `{cursor}` (of the connection `{f}` opens on first use)")
        }
        (None, Some(f)) => format!(
            "Connection {}, opened by `{f}` on first use,",
            holder_text(key)
        ),
        _ => format!("Connection {}", holder_text(key)),
    }
}

/// A module global (connection or cursor) of a library, used from its public
/// functions with nothing serializing it: its callers' threads share it.
#[allow(clippy::too_many_arguments)]
pub fn library_finding(
    codemod: &SharedConnectionAcrossThreads,
    model: &Model<'_>,
    view: &ProjectView<'_>,
    site: &ConnSite<'_, '_>,
    key: &ConnKey,
    uses: &[(FuncId, &Call<'_>)],
    lazy_cursor: Option<&str>,
) -> Option<Finding> {
    use crate::codemods::Codemod;
    let any_thread = allows_any_thread(site);
    let mut users: Vec<FuncId> = uses
        .iter()
        .filter(|(id, c)| {
            let f = model.scopes.function(*id);
            !(f.is_async() || any_thread && guarded(model, *id, c))
        })
        .map(|(id, _)| *id)
        .collect();
    users.dedup();
    let public = library_api::public_entry_of(model, &users);
    let (_, entry) = public.first()?;
    let library = library_api::library_project(model, view)?;
    let shared = shared_text(model, site, key, lazy_cursor);
    let entry_name = model.scopes.function(*entry).qualname.clone();
    let message = if any_thread {
        format!(
            "{shared}, with check_same_thread=False, is shared with no lock by every caller of {library}: `{entry_name}` is its public API, and its callers' threads are the second party. Two threads' statements on it interleave: one thread's fetch returns the row another executed, or raises \"Recursive use of cursors not allowed\""
        )
    } else {
        format!(
            "{shared} is shared by every caller of {library}, with check_same_thread=True (the default): `{entry_name}` is its public API, and its callers' threads are the second party. Whichever thread calls first owns the connection; a call from any other thread raises ProgrammingError"
        )
    };
    let finding = Finding::new(codemod.meta(), site.call.range(), message);
    let name = match key {
        ConnKey::Global { name } => name.as_str(),
        _ => return None,
    };
    let cursor = lazy_cursor.or_else(|| (site.scope().is_none()).then_some(name));
    if let Some(f) =
        cursor.and_then(|c| super::shared_cursor::split_fetch(model, uses, &[c.to_string()]))
    {
        return Some(finding.with_note(format!(
            "not fixed: `{}` fetches rows another function executed on the shared cursor; give each call a cursor of its own, under one lock (docs/sqlite-facts.md#F-shared-cursor)",
            model.scopes.function(f).name()
        )));
    }
    Some(with_lock_fix(model, site, name, uses, finding))
}

/// The finding with the lock fix, or with the reason it is not offered.
pub fn with_lock_fix(
    model: &Model<'_>,
    site: &ConnSite<'_, '_>,
    name: &str,
    uses: &[(FuncId, &Call<'_>)],
    finding: Finding,
) -> Finding {
    match lock_edits(model, site, name, uses) {
        Ok(edits) => {
            let title = if allows_any_thread(site) {
                "Serialize the shared connection: one module lock around each function's use of it"
            } else {
                "Let the connection cross threads (`check_same_thread=False`) and serialize every use with one module lock"
            };
            finding.with_fix(Fix::unsafe_(title, edits)).with_note(
                "threads now take turns on the one connection (a slow query holds up the others); a `threading.local` connection per thread instead reads in parallel. Code in other modules that uses it must take the same lock",
            )
        }
        Err(why) => finding.with_note(why),
    }
}

fn lock_edits(
    model: &Model<'_>,
    site: &ConnSite<'_, '_>,
    name: &str,
    uses: &[(FuncId, &Call<'_>)],
) -> Result<Vec<Edit>, String> {
    let lock = format!(
        "_{}_lock",
        name.trim_start_matches('_').to_ascii_lowercase()
    );
    if model.module_names.contains(lock.as_str()) || model.text.contains(&format!("{lock} =")) {
        return Err(format!(
            "`{lock}` already exists; guard the uses with it by hand"
        ));
    }
    // The lock goes after the module-level statement that names the global.
    let anchor = model.suite.iter().find(|s| match s {
        Stmt::Assign(a) => a
            .targets
            .iter()
            .any(|t| matches!(t, Expr::Name(n) if n.id.as_str() == name)),
        Stmt::AnnAssign(a) => matches!(&*a.target, Expr::Name(n) if n.id.as_str() == name),
        _ => false,
    });
    let anchor = anchor
        .ok_or_else(|| format!("`{name}` has no module-level assignment to put a lock beside"))?;
    let mut functions: Vec<FuncId> = uses.iter().map(|(f, _)| *f).collect();
    functions.sort_unstable();
    functions.dedup();
    // The opener that the users call runs under their lock already.
    if let Some(opener) = site.scope() {
        let name = model.scopes.function(opener).name();
        let called = functions.iter().any(|&f| {
            f != opener
                && model
                    .calls_in(Some(f))
                    .any(|c| matches!(&c.callee, Callee::Local(n) if n == name))
        });
        if called {
            functions.retain(|&f| f != opener);
        }
    }
    let mut flag = (!allows_any_thread(site))
        .then(|| codegen::add_keyword(model, site.call.expr, "check_same_thread", "False"));
    let mut edits = Vec::new();
    for id in functions {
        let f = model.scopes.function(id);
        let calls = super::lockable_calls(model, id, uses)?;
        let mut spans: Vec<TextRange> = calls.iter().map(|c| c.range()).collect();
        // The `if G is None: open()` check joins the locked span: the lazy open
        // then runs once.
        // and so does the last statement naming it (`G.connection.commit()`).
        let naming =
            |s: &&Stmt| !matches!(s, Stmt::Global(_)) && mentions(model.slice(s.range()), name);
        spans.extend(f.def.body.iter().find(naming).map(Ranged::range));
        spans.extend(f.def.body.iter().rev().find(naming).map(Ranged::range));
        let mut wrap = super::wrap_spans(model, id, &spans, &lock)?;
        // The flag's edit inside the wrapped lines goes into the wrapping edit.
        if let Some(kw) = flag.take_if(|kw| wrap.range.contains_range(kw.range)) {
            let call = site.call.range();
            if !call.contains_range(kw.range) {
                return Err("the connection's call could not be edited in place".to_string());
            }
            let old = model.slice(call);
            let start = usize::from(kw.range.start() - call.start());
            let end = usize::from(kw.range.end() - call.start());
            let new = format!("{}{}{}", &old[..start], kw.content, &old[end..]);
            if old.contains('\n') || !wrap.content.contains(old) {
                return Err("the connection's call spans lines inside the locked block; add the flag and the lock by hand".to_string());
            }
            wrap.content = wrap.content.replacen(old, &new, 1);
        }
        edits.push(wrap);
    }
    edits.extend(flag);
    let (threading, import) = codegen::module_ref(model, "threading");
    let define = statements::insert_after(model, anchor, &format!("{lock} = {threading}.RLock()"))
        .ok_or("the global's statement shares its line")?;
    edits.push(define);
    edits.extend(import);
    Ok(edits)
}

/// `text` names `name` as a whole word.
fn mentions(text: &str, name: &str) -> bool {
    let word = |c: char| c.is_alphanumeric() || c == '_';
    text.match_indices(name).any(|(i, _)| {
        !text[..i].chars().next_back().is_some_and(word)
            && !text[i + name.len()..].chars().next().is_some_and(word)
    })
}

/// The program's own threads reach a global set on first use: the message says
/// what is shared and who opens it, and the lock fix covers the lazy open.
pub fn threads_finding(
    model: &Model<'_>,
    site: &ConnSite<'_, '_>,
    key: &ConnKey,
    uses: &[(FuncId, &Call<'_>)],
    lazy_cursor: Option<&str>,
    mut found: Finding,
) -> Finding {
    let plain = format!("Connection {}", holder_text(key));
    if let Some(rest) = found.message.strip_prefix(&plain) {
        found.message = format!("{}{rest}", shared_text(model, site, key, lazy_cursor));
    }
    let ConnKey::Global { name } = key else {
        return found;
    };
    if found.fix.is_some() {
        return found;
    }
    if let Some(cursor) = lazy_cursor
        && let Some(f) = super::shared_cursor::split_fetch(model, uses, &[cursor.to_string()])
    {
        return found.with_note(format!(
            "not fixed: `{}` fetches rows another function executed on the shared cursor; give each call a cursor of its own, under one lock (docs/sqlite-facts.md#F-shared-cursor)",
            model.scopes.function(f).name()
        ));
    }
    found.note = None;
    with_lock_fix(model, site, name, uses, found)
}
