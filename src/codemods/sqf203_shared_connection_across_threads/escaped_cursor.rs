//! A locked helper that hands out its cursor: a class (or module) shares one
//! `check_same_thread=False` connection under a threading lock, and a helper
//! runs its SELECT inside `with <lock>:` but returns the cursor (`return cur`,
//! `return self.conn.execute(...)`). `execute()` only starts the query; the
//! caller reads the rows after the lock is released, while other threads run
//! statements on the same connection, so the rows it gets include their writes
//! made in between, uncommitted ones too (docs/sqlite-facts.md#F-cursor-after-lock).
//! Reported at the `return`, naming the lock and the threads; advice only
//! (reading the rows inside the lock, `return cur.fetchall()`, changes what the
//! helper returns: callers that call `fetchone()` on it must change too).
//!
//! Not reported: a helper that returns rows (`cur.fetchall()`, `list(cur)`) or
//! a plain value of the cursor (`cur.lastrowid`, `cur.rowcount`); a generator
//! (it yields with the lock held, so its rows are read under it); a statement
//! that writes (its cursor has no rows to read later); a helper whose SQL comes
//! from its caller unless a caller in the module reads rows from what it
//! returns or its name says it reads (`query`, `fetch_*`, `get_*`); a
//! connection no thread of the project is seen using.

use ruff_python_ast::{Expr, Stmt};
use ruff_text_size::{Ranged, TextRange};

use crate::finding::{Finding, Root};
use crate::semantic::class_locks::{self, ClassLock};
use crate::semantic::connections::ConnKey;
use crate::semantic::lock_guard;
use crate::semantic::model::{Call, Model};
use crate::semantic::scopes::FuncId;
use crate::semantic::sql::{self, SqlKind};
use crate::semantic::strings;
use crate::semantic::visit;

/// Name beginnings of helpers that read rows for their callers.
const READER_NAMES: &[&str] = &[
    "query", "select", "fetch", "find", "get", "list", "search", "read", "load", "iter", "all_",
    "rows",
];

/// The connection's uses `uses` (function, call), the functions among them
/// seen on worker threads `in_threads`, and the class's locks `locks`.
pub fn findings(
    meta: &'static crate::codemods::Meta,
    model: &Model<'_>,
    key: &ConnKey,
    uses: &[(FuncId, &Call<'_>)],
    in_threads: &[FuncId],
    locks: &[ClassLock],
) -> Vec<Finding> {
    if in_threads.is_empty() {
        return Vec::new();
    }
    let mut functions: Vec<FuncId> = uses.iter().map(|(f, _)| *f).collect();
    functions.sort_unstable();
    functions.dedup();
    let mut escapes: Vec<(FuncId, TextRange, String)> = Vec::new();
    for id in functions {
        let f = model.scopes.function(id);
        if f.is_async() || f.is_generator() || f.name() == "__init__" {
            continue;
        }
        let own: Vec<&Call<'_>> = uses
            .iter()
            .filter(|(g, _)| *g == id)
            .map(|(_, c)| *c)
            .collect();
        for ret in visit::scope_stmts(&f.def.body) {
            let Stmt::Return(r) = ret else {
                continue;
            };
            let Some(value) = r.value.as_deref() else {
                continue;
            };
            let Some(statement) = returned_query(model, id, value, &own) else {
                continue;
            };
            if !reads_rows(model, id, statement, uses) {
                continue;
            }
            let Some(lock) = lock_held(model, id, r.range(), locks) else {
                continue;
            };
            escapes.push((id, r.range(), lock));
            break;
        }
    }
    if escapes.is_empty() {
        return Vec::new();
    }
    let shown = crate::diff::display_path(model.path);
    let holder = match key {
        ConnKey::SelfAttr { class, attr } => {
            format!(
                "`self.{attr}` of `{}`",
                model.scopes.classes[*class].def.name
            )
        }
        ConnKey::Global { name } | ConnKey::Local { name, .. } => format!("`{name}`"),
    };
    let lock = escapes[0].2.clone();
    let root = Root::new(
        format!("escaped-cursor:{shown}:{holder}:{lock}"),
        format!(
            "the lock `{lock}` around connection {holder} of {shown}, which its helpers leave before their rows are read"
        ),
    );
    let several = escapes.len() > 1;
    // The thread-side functions named as the other party: those that do not
    // hand out a cursor themselves first (the writers, most often).
    let mut party: Vec<FuncId> = in_threads.to_vec();
    party.sort_by_key(|g| escapes.iter().any(|(e, _, _)| e == g));
    escapes
        .into_iter()
        .map(|(id, at, lock)| {
            let name = model.scopes.function(id).name();
            let others: Vec<String> = party
                .iter()
                .filter(|g| **g != id)
                .take(2)
                .map(|g| format!("`{}`", model.scopes.function(*g).name()))
                .collect();
            let threads = if others.is_empty() {
                format!("other threads run `{name}`")
            } else {
                format!("other threads run {}", others.join(" or "))
            };
            let message = format!(
                "`{name}` returns the cursor of its query from inside `with {lock}:`: the caller reads the rows after the lock is released, while {threads} on the same connection {holder} (check_same_thread=False), so the rows include their writes made in between, uncommitted ones too"
            );
            let finding = Finding::new(meta, at, message).with_note(
                "read the rows while the lock is held (`return cur.fetchall()`), and let callers that call `fetchone()` on the result take the first row instead (docs/sqlite-facts.md#F-cursor-after-lock)",
            );
            if several {
                finding.with_root(root.clone())
            } else {
                finding
            }
        })
        .collect()
}

/// The query call whose cursor `value` is, when it is one of the connection's
/// uses `own` in function `id`: the call itself (`return self.conn.execute(...)`)
/// or a name bound to it (`cur = self.conn.cursor()`, `cur.execute(sql)`; `return
/// cur`). Gives the `execute` call (its SQL is what is read later).
fn returned_query<'m, 'a>(
    model: &'m Model<'a>,
    id: FuncId,
    value: &Expr,
    own: &[&'m Call<'a>],
) -> Option<&'m Call<'a>> {
    match value {
        Expr::Call(_) => own
            .iter()
            .find(|c| c.range() == value.range() && c.method_name() == Some("execute"))
            .copied(),
        Expr::Name(name) => {
            let name = name.id.as_str();
            let bound = model
                .assignments_of(Some(id), name)
                .into_iter()
                .rfind(|a| a.value.range().end() <= value.range().start())?;
            let made = own.iter().find(|c| c.range() == bound.value.range())?;
            let on_name = |c: &Call<'_>| {
                matches!(&*c.expr.func, Expr::Attribute(m)
                    if matches!(&*m.value, Expr::Name(n) if n.id.as_str() == name))
            };
            // Rows read here already: the cursor is handed out drained.
            if model.calls_in(Some(id)).any(|c| {
                on_name(c) && matches!(c.method_name(), Some("fetchall" | "fetchone" | "fetchmany"))
            }) {
                return None;
            }
            match made.method_name() {
                Some("execute") => Some(*made),
                Some("cursor") => model
                    .calls
                    .iter()
                    .filter(|c| c.scope == Some(id) && on_name(c))
                    .find(|c| c.method_name() == Some("execute")),
                _ => None,
            }
        }
        _ => None,
    }
}

/// The statement leaves rows to read: a query, or SQL the caller passes
/// (`query(sql)`) when the helper is one that reads for its callers.
fn reads_rows(
    model: &Model<'_>,
    id: FuncId,
    call: &Call<'_>,
    uses: &[(FuncId, &Call<'_>)],
) -> bool {
    let kind = call
        .argument(0, "sql")
        .and_then(|sql| strings::string_value(model, sql, call.scope, call.range().start()))
        .map(|v| sql::classify(&v.sketch()));
    match kind {
        Some(SqlKind::Read) => true,
        Some(SqlKind::Pragma(p)) => p.value.is_none() && !p.value_is_hole,
        Some(SqlKind::Unknown) | None => {
            let name = model.scopes.function(id).name();
            let bare = name.trim_start_matches('_');
            READER_NAMES.iter().any(|w| bare.starts_with(w))
                || rows_read_by_caller(model, name, uses)
        }
        Some(_) => false,
    }
}

/// A call of a function named `name` in the module whose result is read as
/// rows: iterated by `for`, fetched from, or turned into a list. The
/// connection's own methods of that name (`self.conn.execute(...)` beside a
/// helper called `execute`) are not its calls.
fn rows_read_by_caller(model: &Model<'_>, name: &str, uses: &[(FuncId, &Call<'_>)]) -> bool {
    let own = |c: &Call<'_>| uses.iter().any(|(_, u)| u.range() == c.range());
    model.calls_named(name).filter(|c| !own(c)).any(|c| {
        let iterated = matches!(c.stmt, Stmt::For(f) if f.iter.range() == c.range());
        let fetched = matches!(c.parent, Some(Expr::Attribute(a))
            if matches!(a.attr.as_str(), "fetchall" | "fetchone" | "fetchmany"));
        let listed = matches!(c.parent, Some(Expr::Call(outer))
            if matches!(&*outer.func, Expr::Name(n) if matches!(n.id.as_str(), "list" | "tuple")));
        let comprehended = matches!(
            c.parent,
            Some(Expr::ListComp(_) | Expr::SetComp(_) | Expr::DictComp(_) | Expr::Generator(_))
        );
        iterated || fetched || listed || comprehended
    })
}

/// The lock function `id` holds around `range`: the innermost `with
/// <...lock...>:` block, or one of the class's locks taken by `acquire()`.
fn lock_held(
    model: &Model<'_>,
    id: FuncId,
    range: TextRange,
    locks: &[ClassLock],
) -> Option<String> {
    if lock_guard::in_lock_block(model, id, range) {
        let found = lock_guard::lock_items_around(model, id, range)
            .last()
            .map(|text| text.to_string());
        if found.is_some() {
            return found;
        }
    }
    class_locks::lock_around(model, locks, id, range).map(|l| l.text.clone())
}
