//! SQF103 zero-busy-timeout: an explicit busy timeout of zero or under one second,
//! wherever it is set: `sqlite3.connect(p, timeout=...)` (or positionally),
//! `aiosqlite.connect(p, timeout=...)`, SQLAlchemy's
//! `connect_args={"timeout": ...}`, peewee's `timeout=`, Django's
//! `OPTIONS["timeout"]`, and `PRAGMA busy_timeout=...` (milliseconds) by any API.
//!
//! The absence of a timeout is not a finding: every Python binding waits 5 s by
//! default (F-busy-default). Zero makes every writer that meets a held lock fail at once
//! (most transactions in bench/facts/contention.py): CRITICAL. Under one second
//! (the threshold) is HIGH: with 10-50 concurrent writers the wait for the lock
//! reaches hundreds of milliseconds (write p99 230-440 ms with WAL and BEGIN
//! IMMEDIATE, bench/facts/contention.py), so such a timeout still fails under the target load.
//!
//! The fix writes the configured busy timeout (`settings.busy_timeout_ms`, 5 s)
//! in the unit of the place: seconds for Python arguments, milliseconds for the
//! PRAGMA. It is unsafe: code may rely on failing fast (a retry loop of its own,
//! a request deadline) and now waits up to 5 s instead. Values computed at run
//! time (a name, a setting) are not guessed at.
//!
//! Not reported in a project whose every database has one connection, opened
//! once in one process (sole_connection.rs): no connection waits for another's
//! lock there, whatever the timeout (F-busy-needs-two).

use ruff_python_ast::Expr;
use ruff_text_size::{Ranged, TextRange};

use super::{Codemod, Context};
use crate::finding::{Finding, Severity};
use crate::fix::{Edit, Fix, codegen};
use crate::semantic::Call;
use crate::semantic::busy_wait;
use crate::semantic::connections;
use crate::semantic::pragma_config::{self, Origin};
use crate::semantic::sole_connection;

pub struct ZeroBusyTimeout;

/// Below this a busy timeout fails under the concurrency the audit targets.
const THRESHOLD_SECONDS: f64 = 1.0;

/// Python's default busy timeout, in milliseconds (F-busy-default).
const DEFAULT_MS: f64 = 5000.0;

impl Codemod for ZeroBusyTimeout {
    crate::codemod_meta!("SQF103-zero-busy-timeout");

    fn check(&self, ctx: &Context<'_, '_>, out: &mut Vec<Finding>) {
        let model = ctx.model;
        // The timeout is how long a connection waits for another's lock: with one
        // connection per database it never waits (F-busy-needs-two).
        if sole_connection::second_connection(ctx.project, None).is_none() {
            return;
        }
        // The first site of each call's range, looked up per call with a timeout
        // instead of scanning every site.
        let mut sites: rustc_hash::FxHashMap<TextRange, &connections::ConnSite<'_, '_>> =
            rustc_hash::FxHashMap::default();
        for site in ctx.sites() {
            sites.entry(site.call.range()).or_insert(site);
        }
        for call in &model.calls {
            if let Some((expr, what)) = timeout_argument(ctx, call) {
                if let Some(seconds) = number(model.slice(expr.range())) {
                    if seconds < THRESHOLD_SECONDS {
                        if waits_otherwise(ctx, sites.get(&call.range()).copied()) {
                            continue;
                        }
                        out.push(self.finding(ctx, expr.range(), seconds, what, Unit::Seconds));
                    } else if let Some(site) = sites.get(&call.range()) {
                        self.lowered(ctx, site, seconds, out);
                    }
                }
            }
        }
        for skipped in busy_wait::skipped_timeouts(model) {
            self.skipped(ctx, &skipped, out);
        }
        for (range, what) in django_timeouts(ctx) {
            if let Some(seconds) = number(model.slice(range)) {
                if seconds < THRESHOLD_SECONDS {
                    out.push(self.finding(ctx, range, seconds, what, Unit::Seconds));
                }
            }
        }
        for setting in ctx.pragma_settings() {
            if setting.name != "busy_timeout" {
                continue;
            }
            let (Some(value), Some(range)) = (setting.value.as_deref(), setting.value_range) else {
                continue;
            };
            let Some(ms) = number(value) else {
                continue;
            };
            if ms / 1000.0 < THRESHOLD_SECONDS {
                let what = match setting.origin {
                    Origin::Sql => "`PRAGMA busy_timeout`",
                    Origin::Peewee => "peewee `pragmas` `busy_timeout`",
                    Origin::Django => "Django `init_command` `busy_timeout`",
                };
                out.push(self.finding(ctx, range, ms / 1000.0, what, Unit::Milliseconds));
            }
        }
    }
}

#[derive(Clone, Copy)]
enum Unit {
    Seconds,
    Milliseconds,
}

impl ZeroBusyTimeout {
    fn finding(
        &self,
        ctx: &Context<'_, '_>,
        range: TextRange,
        seconds: f64,
        what: &str,
        unit: Unit,
    ) -> Finding {
        let (message, severity) = if seconds <= 0.0 {
            (
                format!(
                    "{what} of zero: every write that meets a held lock fails at once with \"database is locked\""
                ),
                Severity::Critical,
            )
        } else {
            (
                format!(
                    "{what} of {} ms: under 10+ concurrent writers the wait for the lock is longer, and they fail",
                    (seconds * 1000.0).round()
                ),
                Severity::High,
            )
        };
        let replacement = match unit {
            Unit::Seconds => ctx.settings.timeout_seconds_literal(),
            Unit::Milliseconds => ctx.settings.busy_timeout_ms.to_string(),
        };
        let title = match unit {
            Unit::Seconds => format!("Wait up to {replacement} s for the lock"),
            Unit::Milliseconds => format!("Wait up to {replacement} ms for the lock"),
        };
        Finding::new(self.meta(), range, message)
            .with_severity(severity)
            .with_fix(Fix::unsafe_(title, vec![Edit::replace(range, replacement)]))
            .with_note(
                "callers now wait for the lock (up to the timeout) instead of failing at once; \
                 check code that relies on failing fast (its own retry loop, a request deadline)",
            )
    }
}

impl ZeroBusyTimeout {
    /// A `PRAGMA busy_timeout` (of a second or more: a shorter one is reported as
    /// short) that replaces the longer `timeout=` of the connect it follows:
    /// the last one set wins (F-busy-last-wins), so the connect's wait is never
    /// used. Only where the PRAGMA brings the wait back to Python's default (5 s)
    /// or below: the code asked for more than the default and does not get it;
    /// `timeout=30` then 10 s still waits twice the default, a choice. The fix raises the PRAGMA to the connect's value. The check names
    /// the second party (`check::scope`), as for every finding of the rule.
    fn lowered(
        &self,
        ctx: &Context<'_, '_>,
        site: &connections::ConnSite<'_, '_>,
        asked: f64,
        out: &mut Vec<Finding>,
    ) {
        for lowered in busy_wait::lowered_by_pragma(ctx.model, site, asked, ctx.pragma_settings()) {
            // Under a second is reported as short; above Python's default the
            // connection still waits longer than one that asked for nothing.
            if lowered.ms / 1000.0 < THRESHOLD_SECONDS || lowered.ms > DEFAULT_MS {
                continue;
            }
            let asked_ms = (asked * 1000.0).round();
            let message = format!(
                "`PRAGMA busy_timeout` of {} ms after a connect that asked for {asked_ms} ms: the last one set wins, \
                 so this connection gives up on a lock after {} ms",
                lowered.ms.round(),
                lowered.ms.round(),
            );
            out.push(
                Finding::new(self.meta(), lowered.range, message)
                    .with_severity(Severity::Medium)
                    .with_fix(Fix::unsafe_(
                        format!("Wait up to {asked_ms} ms, as the connect asks"),
                        vec![Edit::replace(lowered.range, format!("{asked_ms}"))],
                    ))
                    .with_note(
                        "a writer now waits as long as the connect's timeout says; \
                         check code that relies on failing sooner",
                    ),
            );
        }
    }
}

impl ZeroBusyTimeout {
    /// A connect that passes no timeout in a class whose other connect to the
    /// same database passes the one the class was configured with: this
    /// connection waits Python's 5 s (F-busy-default), not that. The fix passes the
    /// same expression when it means the same here (a literal, or `self.<attr>`
    /// in a method of the class); otherwise the finding says what to pass.
    fn skipped(
        &self,
        ctx: &Context<'_, '_>,
        skipped: &busy_wait::Skipped<'_, '_>,
        out: &mut Vec<Finding>,
    ) {
        let model = ctx.model;
        let asked = model.slice(skipped.asked.range());
        let (line, _) = model.line_column(skipped.with_timeout.range().start());
        let message = format!(
            "connect without a timeout beside the one at line {line} that passes `timeout={asked}`: \
             this connection waits Python's default 5 s for a lock, not `{asked}`"
        );
        let mut finding = Finding::new(self.meta(), skipped.call.range(), message)
            .with_severity(Severity::Medium)
            .with_note(
                "a writer on this connection now waits as long as the class's other connections; \
                 check code that relies on failing sooner",
            );
        let reusable = busy_wait::number(asked).is_some()
            || (asked.starts_with("self.")
                && skipped
                    .call
                    .scope
                    .is_some_and(|f| model.scopes.functions[f].class.is_some()));
        if reusable {
            finding = finding.with_fix(Fix::unsafe_(
                format!("Pass `timeout={asked}` here too"),
                vec![codegen::add_keyword(
                    model,
                    skipped.call.expr,
                    "timeout",
                    asked,
                )],
            ));
        }
        out.push(finding);
    }
}

/// The connection's short `timeout=` is not the wait its writers get:
/// - a `PRAGMA busy_timeout` later on the same connection replaces it (a short
///   PRAGMA value is reported at the PRAGMA itself);
/// - the connection runs nothing but `PRAGMA wal_checkpoint(...)`: it takes part
///   in no transaction, and a short wait makes a maintenance probe give up when
///   the database is in use, which is what such a probe is for.
///
/// `site`: the connection site of the call with the timeout, if it is one.
fn waits_otherwise(ctx: &Context<'_, '_>, site: Option<&connections::ConnSite<'_, '_>>) -> bool {
    let Some(site) = site else {
        return false;
    };
    let pragmas = crate::semantic::project::site_pragmas(ctx.model, ctx.project, site);
    if pragmas.get("busy_timeout").is_some() {
        return true;
    }
    crate::semantic::connection_purpose::only_checkpoints(ctx.model, site)
}

/// A numeric literal's value: `0`, `0.5`, `-1`, `1_000`.
fn number(text: &str) -> Option<f64> {
    busy_wait::number(text)
}

/// The timeout argument of a connection call, and how to name it.
fn timeout_argument<'a>(
    ctx: &Context<'_, 'a>,
    call: &Call<'a>,
) -> Option<(&'a Expr, &'static str)> {
    let model = ctx.model;
    if connections::is_sqlite3_connect(call) {
        return Some((call.argument(1, "timeout")?, "`sqlite3.connect` timeout"));
    }
    if connections::is_aiosqlite_connect(call) {
        return Some((call.keyword("timeout")?, "`aiosqlite.connect` timeout"));
    }
    if pragma_config::peewee_database(model, call).is_some() {
        return Some((call.keyword("timeout")?, "peewee database timeout"));
    }
    let q = call.qualified()?;
    if q.starts_with("sqlalchemy")
        && (q.ends_with(".create_engine") || q.ends_with(".create_async_engine"))
    {
        let url = crate::semantic::splat_keywords::argument(model, call, 0, "url")?;
        let url =
            crate::semantic::strings::string_value(model, url, call.scope, call.range().start())?;
        if !url.prefix().starts_with("sqlite") {
            return None;
        }
        let args = pragma_config::resolve_name(model, call.keyword("connect_args")?, call.scope);
        let value = pragma_config::pairs(model, args)
            .into_iter()
            .find(|(k, _)| k == "timeout")?
            .1;
        return Some((value, "SQLAlchemy `connect_args` timeout"));
    }
    None
}

/// `OPTIONS["timeout"]` of a Django database whose ENGINE is sqlite3.
fn django_timeouts(ctx: &Context<'_, '_>) -> Vec<(TextRange, &'static str)> {
    let mut out = Vec::new();
    for dict in pragma_config::all_dicts(ctx.model.suite) {
        let is_sqlite = dict.items.iter().any(|item| {
            item.key
                .as_ref()
                .is_some_and(|k| codegen::is_str(k, "ENGINE"))
                && codegen::is_str(&item.value, "django.db.backends.sqlite3")
        });
        if !is_sqlite {
            continue;
        }
        let Some(options) = dict.items.iter().find_map(|item| {
            item.key
                .as_ref()
                .filter(|k| codegen::is_str(k, "OPTIONS"))
                .map(|_| &item.value)
        }) else {
            continue;
        };
        for (key, value) in pragma_config::pairs(ctx.model, options) {
            if key == "timeout" && matches!(value, Expr::NumberLiteral(_)) {
                out.push((value.range(), "Django `OPTIONS` timeout"));
            }
        }
    }
    out
}
