//! A factory that opens a connection, runs schema or data statements on it
//! (`CREATE TABLE`, `INSERT`, a script), then returns it: an exception in
//! those statements (a "database is locked" from another writer, a full disk)
//! leaves the function with the connection unclosed, and nobody holds it any
//! more. It keeps its file handle until the cyclic garbage collector runs
//! (docs/sqlite-facts.md#F-unclosed-lingers), once per failed call.
//!
//! The fix closes it on that path only and re-raises:
//! `try: <setup> except BaseException: conn.close(); raise`. The success path
//! is unchanged and the caller sees the same exception, so it is safe.
//! Like a close on the success path only, it is reported when something else
//! may hold the database (second_party.rs): that is what makes the setup fail.

use ruff_python_ast::{Expr, Stmt};
use ruff_text_size::{Ranged, TextRange};

use super::super::{Context, Meta};
use crate::finding::{Confidence, Finding};
use crate::fix::{Fix, codegen};
use crate::semantic::connections::{ConnSite, Driver, Holder};
use crate::semantic::model::{Callee, Receiver};
use crate::semantic::second_party::{self, SecondParty};
use crate::semantic::uses::{UseKind, uses_of_name};
use crate::semantic::{dead_functions, entry_points, visit};

/// Statements that take the write lock (or run a script that may).
fn writes(sql: &str) -> bool {
    let head = sql.trim_start().to_ascii_uppercase();
    [
        "CREATE", "INSERT", "UPDATE", "DELETE", "REPLACE", "ALTER", "DROP",
    ]
    .iter()
    .any(|k| head.starts_with(k))
}

pub fn check(
    meta: &'static Meta,
    ctx: &Context<'_, '_>,
    sites: &[ConnSite<'_, '_>],
    out: &mut Vec<Finding>,
) {
    let model = ctx.model;
    let mut party = None;
    for site in sites {
        let (Holder::Local(name), Some(scope)) = (&site.holder, site.scope()) else {
            continue;
        };
        if !matches!(site.driver, Driver::Sqlite3 | Driver::Factory(_))
            || model.slice(site.outer).starts_with("await")
        {
            continue;
        }
        let assign = site.stmt();
        if !matches!(assign, Stmt::Assign(_) | Stmt::AnnAssign(_)) {
            continue;
        }
        let Some((suite, index)) = codegen::enclosing_suite(model.suite, assign.range()) else {
            continue;
        };
        let rest = &suite[index + 1..];
        let Some(ret) = rest.iter().position(|s| {
            matches!(s, Stmt::Return(r) if matches!(r.value.as_deref(), Some(Expr::Name(n)) if n.id.as_str() == name))
        }) else {
            continue;
        };
        let setup = &rest[..ret];
        let (Some(first), Some(last)) = (setup.first(), setup.last()) else {
            continue;
        };
        // Another way out, or a close already on some path: not this shape.
        if visit::any_stmt(setup, |s| matches!(s, Stmt::Return(_)))
            || visit::contains_yield(setup)
            || !uses_of_name(setup, name).iter().all(|u| match &u.kind {
                UseKind::MethodCall(m) => m != "close",
                UseKind::AttributeRead(a) => a != "close",
                UseKind::AttributeStore | UseKind::Test => true,
                _ => false,
            })
        {
            continue;
        }
        let region = TextRange::new(first.start(), last.end());
        let Some(statement) = model.calls_in(Some(scope)).find_map(|c| {
            let Callee::Method {
                receiver: Receiver::Name(n),
                name: method,
            } = &c.callee
            else {
                return None;
            };
            if n != name || !region.contains_range(c.range()) {
                return None;
            }
            match method.as_str() {
                "executescript" => Some("a script".to_string()),
                "execute" | "executemany" => match c.expr.arguments.args.first() {
                    Some(Expr::StringLiteral(s)) if writes(s.value.to_str()) => {
                        let sql = s.value.to_str().trim();
                        let head: String =
                            sql.split_whitespace().take(3).collect::<Vec<_>>().join(" ");
                        Some(format!("`{head} ...`"))
                    }
                    _ => None,
                },
                _ => None,
            }
        }) else {
            continue;
        };
        if entry_points::runs_once(model, Some(scope), site.call.expr.start())
            || ctx
                .project
                .index
                .import_graph()
                .is_some_and(|g| dead_functions::runs_once_per_process(model, g, scope))
        {
            continue;
        }
        let party = party.get_or_insert_with(|| second_party::of_project(ctx.project));
        let (concurrent, confidence) = match party {
            _ if second_party::is_startup_only(model.path) => continue,
            SecondParty::None(_) => continue,
            SecondParty::Known(who) => (format!("; concurrent with {who}"), None),
            SecondParty::Unknown => (String::new(), Some(Confidence::Medium)),
        };
        let what = match &site.driver {
            Driver::Factory(f) => format!("`{f}()`"),
            _ => "`sqlite3.connect()`".to_string(),
        };
        let message = format!(
            "{what} is returned after {statement} runs on it: if that raises, `{name}` is dropped unclosed and keeps its file handle until the cyclic garbage collector runs (docs/sqlite-facts.md#F-unclosed-lingers){concurrent}"
        );
        let mut finding = Finding::new(meta, site.call.range(), message);
        if let Some(c) = confidence {
            finding = finding.with_confidence(c);
        }
        let text = model.text;
        if !codegen::owns_lines(text, first) || !codegen::owns_lines(text, last) {
            out.push(finding.with_note(format!(
                "the statements share lines with other code: wrap them in `try:` / `except BaseException: {name}.close(); raise` by hand"
            )));
            continue;
        }
        let close = format!("{name}.close()");
        let wrap = codegen::wrap_in_try(
            model,
            first,
            last,
            "except BaseException",
            &[&close, "raise"],
        );
        out.push(finding.with_fix(Fix::safe(
            format!("Close `{name}` if the setup raises: `try:` ... `except BaseException: {name}.close(); raise`"),
            vec![wrap],
        )));
    }
}
