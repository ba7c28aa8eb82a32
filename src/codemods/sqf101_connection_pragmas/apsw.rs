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
//! A connection handed to a helper of the module that configures it (`def
//! _attach(conn): cur = conn.cursor(); cur.execute("PRAGMA ...")`) is the
//! helper's to set: a timeout set there counts, and where the helper switches
//! the file to WAL with no timeout set before, the finding is on that PRAGMA.
//! `PRAGMA journal_mode=WAL` needs the database's lock, so with apsw's 0 ms it
//! fails at once beside any other connection's transaction
//! (docs/sqlite-facts.md#F-apsw-wal-busy): a timeout set after it comes too late
//! for it, and the fix moves the timeout before it.
//!
//! The second party: the caller's, or, for a module that two or more programs
//! of the project load, those programs (each opens the file in its own process
//! through this module, and two runs at once meet each other's locks).
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
use crate::semantic::Callee;
use crate::semantic::scopes::FuncId;
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
        // Handed to a helper that sets the timeout, or one reported below for
        // switching to WAL before it has one.
        if holder
            .as_deref()
            .is_some_and(|h| handed_to_configuring_helper(ctx, call, h))
        {
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
    out.extend(wal_before_timeout(ctx, meta, who));
    out
}

/// The programs of the project that load this module, when two or more do:
/// each runs in its own process and opens the database through it.
pub fn programs_sharing_module(ctx: &Context<'_, '_>) -> Option<String> {
    if !ctx.model.text.contains("apsw") {
        return None;
    }
    let graph = ctx.project.index.import_graph()?;
    let programs = graph.every_program_loading(&ctx.project.own.path, 2);
    let [a, b] = programs.as_slice() else {
        return None;
    };
    Some(format!(
        "the project's programs `{}` and `{}`, which each load this module and open the database in a process of their own",
        shown(a),
        shown(b)
    ))
}

fn shown(path: &std::path::Path) -> String {
    let path = path.strip_prefix(".").unwrap_or(path);
    path.display().to_string()
}

/// `execute("PRAGMA journal_mode=WAL")` (or `pragma("journal_mode", "wal")`).
fn is_wal_pragma(model: &crate::semantic::Model<'_>, call: &Call<'_>) -> bool {
    if !matches!(
        call.method_name(),
        Some("execute" | "executescript" | "pragma")
    ) {
        return false;
    }
    let text = model.slice(call.range()).to_ascii_lowercase();
    text.contains("journal_mode") && text.contains("wal")
}

fn is_busy_setter(model: &crate::semantic::Model<'_>, call: &Call<'_>) -> bool {
    match call.method_name() {
        Some(name) if SETTERS.contains(&name) => true,
        Some("execute" | "executescript" | "pragma") => {
            model.slice(call.range()).contains("busy_timeout")
        }
        _ => false,
    }
}

/// A function of the module that opens no apsw connection itself but runs
/// PRAGMAs on one handed to it (a parameter, or a cursor of one).
fn configures_parameter(model: &crate::semantic::Model<'_>, scope: FuncId) -> bool {
    let function = model.scopes.function(scope);
    !function.params.is_empty()
        && !model
            .calls
            .iter()
            .any(|c| c.scope == Some(scope) && c.qualified() == Some("apsw.Connection"))
}

/// `helper(holder)` in the open's function, where `helper` is a module
/// function that configures its parameter and either sets a busy timeout or
/// switches to WAL (then [`wal_before_timeout`] reports it).
fn handed_to_configuring_helper(ctx: &Context<'_, '_>, open: &Call<'_>, holder: &str) -> bool {
    let model = ctx.model;
    model.calls.iter().any(|c| {
        let Callee::Local(name) = &c.callee else {
            return false;
        };
        if c.scope != open.scope
            || !c
                .expr
                .arguments
                .args
                .iter()
                .any(|a| model.slice(a.range()) == holder)
        {
            return false;
        }
        let Some(helper) = model.scopes.module_function(name) else {
            return false;
        };
        configures_parameter(model, helper)
            && model.calls.iter().any(|p| {
                p.scope == Some(helper) && (is_busy_setter(model, p) || is_wal_pragma(model, p))
            })
    })
}

/// `PRAGMA journal_mode=WAL` on an apsw connection with no busy timeout set
/// before it in the same function: reported where the function opens the
/// connection and sets the timeout only afterwards, or where a helper
/// configures a connection handed to it.
fn wal_before_timeout(
    ctx: &Context<'_, '_>,
    meta: &'static crate::codemods::Meta,
    who: &str,
) -> Vec<Finding> {
    let model = ctx.model;
    if !(model.text.contains("import apsw") || model.text.contains("from apsw")) {
        return Vec::new();
    }
    let mut out = Vec::new();
    for call in &model.calls {
        if call.in_lambda || !is_wal_pragma(model, call) {
            continue;
        }
        let Some(scope) = call.scope else {
            continue;
        };
        let here: Vec<&Call<'_>> = model
            .calls
            .iter()
            .filter(|c| c.scope == Some(scope) && is_busy_setter(model, c))
            .collect();
        if here
            .iter()
            .any(|c| c.range().start() < call.range().start())
        {
            continue;
        }
        let later = !here.is_empty();
        if !later && !configures_parameter(model, scope) {
            // Opened here with no timeout at all: the open's own finding.
            continue;
        }
        let message = if later {
            format!(
                "`PRAGMA journal_mode=WAL` runs before the busy timeout is set: apsw waits 0 ms \
                 until then, and the PRAGMA needs the database's lock, so it fails at once with \
                 BusyError (\"database is locked\") while another connection holds one; \
                 concurrent with {who}"
            )
        } else {
            format!(
                "apsw connection configured with `PRAGMA journal_mode=WAL` but no busy timeout: \
                 apsw's default is 0, so this PRAGMA and every later write fail at once with \
                 BusyError (\"database is locked\") when another connection holds the lock; \
                 concurrent with {who}"
            )
        };
        out.push(
            Finding::new(meta, call.range(), message)
                .with_severity(Severity::High)
                .with_note(
                    "set the timeout first (`PRAGMA busy_timeout = 5000` or `setbusytimeout(5000)`), \
                     then switch to WAL (docs/sqlite-facts.md#F-apsw-wal-busy)",
                ),
        );
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
