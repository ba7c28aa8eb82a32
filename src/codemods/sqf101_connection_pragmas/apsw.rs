//! apsw connections with no busy timeout. Unlike Python's sqlite3, apsw passes
//! no timeout to SQLite, so `apsw.Connection(path)` keeps the C library's 0 and
//! a writer that meets a held lock raises `BusyError` at once
//! (docs/sqlite-facts.md#F-apsw-busy). Reported only where the project names
//! another thread or process (the caller checks the second party): alone, a
//! connection never meets a lock it does not hold.
//!
//! Set, and so not reported: `setbusytimeout`/`set_busy_timeout`, a busy
//! handler (`setbusyhandler`/`set_busy_handler`) or `PRAGMA busy_timeout` on the
//! name that holds the connection, or anywhere in the module when the
//! connection is returned rather than held (the factory's caller may set it).
//! In-memory and read-only opens (`:memory:`, `mode=ro`, `SQLITE_OPEN_READONLY`)
//! take no write lock.
//!
//! The fix adds `<holder>.setbusytimeout(ms)` right after the statement that
//! opens it (`setbusytimeout` is the spelling every apsw release has). Unsafe:
//! code may rely on failing fast (a retry loop of its own) and now waits.

use ruff_python_ast::{Expr, Stmt};
use ruff_text_size::Ranged;

use super::super::Context;
use crate::finding::{Finding, Severity};
use crate::fix::{Edit, Fix, codegen};
use crate::semantic::Call;
use crate::semantic::strings::string_value;

const SETTERS: &[&str] = &[
    "setbusytimeout",
    "set_busy_timeout",
    "setbusyhandler",
    "set_busy_handler",
];

/// The findings for the module's `apsw.Connection(...)` opens; `who` names the
/// second party.
pub fn findings(
    ctx: &Context<'_, '_>,
    meta: &'static crate::codemods::Meta,
    who: &str,
) -> Vec<Finding> {
    let model = ctx.model;
    if !model.text.contains("apsw") {
        return Vec::new();
    }
    let mut out = Vec::new();
    for call in &model.calls {
        if call.qualified() != Some("apsw.Connection") || call.in_lambda {
            continue;
        }
        if memory_or_read_only(ctx, call) {
            continue;
        }
        let holder = holder(model, call);
        if busy_set(ctx, holder.as_deref()) {
            continue;
        }
        let mut finding = Finding::new(
            meta,
            call.range(),
            format!(
                "apsw connection opened with no busy timeout: apsw's default is 0, so a writer \
                 that meets a held lock fails at once with BusyError (\"database is locked\"); \
                 concurrent with {who}"
            ),
        )
        .with_severity(Severity::High)
        .with_note(
            "apsw does not pass Python's 5 s default to SQLite (docs/sqlite-facts.md#F-apsw-busy)",
        );
        if let Some(holder) = &holder {
            if codegen::owns_lines(model.text, call.stmt) {
                let indent = codegen::indentation_at(model.text, call.stmt.start());
                let nl = model.stylist.newline.as_str();
                let ms = ctx.settings.busy_timeout_ms;
                let edit = Edit::insert(
                    codegen::next_line_start(model.text, call.stmt.end()),
                    format!("{indent}{holder}.setbusytimeout({ms}){nl}"),
                );
                finding = finding.with_fix(Fix::unsafe_(
                    format!("Wait up to {ms} ms for the lock: `{holder}.setbusytimeout({ms})`"),
                    vec![edit],
                ));
            }
        }
        out.push(finding);
    }
    out
}

/// `conn = apsw.Connection(...)`, `self.conn = ...`: the name later calls use.
fn holder(model: &crate::semantic::Model<'_>, call: &Call<'_>) -> Option<String> {
    let Stmt::Assign(a) = call.stmt else {
        return None;
    };
    if a.targets.len() != 1 || a.value.range() != call.range() {
        return None;
    }
    match &a.targets[0] {
        t @ (Expr::Name(_) | Expr::Attribute(_)) => Some(model.slice(t.range()).to_string()),
        _ => None,
    }
}

/// A busy timeout or handler set on `holder` (or, with no holder, anywhere in
/// the module), by method or by PRAGMA.
fn busy_set(ctx: &Context<'_, '_>, holder: Option<&str>) -> bool {
    let model = ctx.model;
    model.calls.iter().any(|c| {
        let Expr::Attribute(a) = &*c.expr.func else {
            return false;
        };
        let sets = SETTERS.contains(&a.attr.as_str())
            || (matches!(a.attr.as_str(), "execute" | "executescript" | "pragma")
                && model.slice(c.range()).contains("busy_timeout"));
        sets && holder.is_none_or(|h| {
            // `conn.cursor().execute(...)` runs on `conn`.
            let receiver = model.slice(a.value.range());
            let receiver = receiver.split(".cursor(").next().unwrap_or(receiver);
            // `self.db` set in `__init__` and configured in `connect()` alike.
            receiver == h || receiver.rsplit('.').next() == h.rsplit('.').next()
        })
    })
}

fn memory_or_read_only(ctx: &Context<'_, '_>, call: &Call<'_>) -> bool {
    let model = ctx.model;
    if call
        .keyword("flags")
        .or_else(|| call.argument(1, "flags"))
        .is_some_and(|f| model.slice(f.range()).contains("READONLY"))
    {
        return true;
    }
    let Some(path) = call.argument(0, "filename") else {
        return false;
    };
    let Some(value) = string_value(model, path, call.scope, call.range().start()) else {
        return false;
    };
    let sketch = value.sketch();
    sketch.is_empty()
        || sketch == ":memory:"
        || sketch.contains("mode=memory")
        || sketch.contains("mode=ro")
        || sketch.contains("immutable=1")
}
