//! SQF114 peewee-pragmas: a peewee SQLite database (`SqliteDatabase`,
//! `SqliteExtDatabase`, `APSWDatabase`, the pooled variants) whose `pragmas=`
//! lack `journal_mode: wal` (unless the project sets WAL elsewhere, F-wal-persists) or
//! `synchronous`. peewee applies `pragmas` on every connection it opens (fact
//! 26), so that is where they belong. `SqliteQueueDatabase` forces WAL itself.
//! A database created with a `None` path is checked where its pragmas are
//! declared when it declares some and `db.init(path)` passes none (init keeps
//! them, F-peewee-deferred), and where `db.init(...)` is called otherwise;
//! `:memory:` and pragmas computed at run time are left alone.
//!
//! A database class of the project whose `_connect` opens `apsw.Connection`
//! itself and sets no busy timeout waits 0 ms whatever its `timeout=`
//! (F-peewee-apsw-timeout): reported beside a second party (apsw_opener.rs).
//! playhouse's `APSWDatabase` waits its `timeout=` in seconds, 5 by default.
//!
//! The fix adds the missing entries to the `pragmas` dict or list of pairs in its
//! own layout (or to the module constant it names), or adds
//! `pragmas={"journal_mode": "wal", "synchronous": "normal"}`. Safe: the queries
//! are the same, only the journal and fsync policy change. A `synchronous` that
//! is present with a bad value (`0`) is SQF102's; a `journal_mode` set to
//! another mode is SQF107's: this codemod never touches an existing entry.
//!
//! `synchronous` alone is not reported where this database puts the file in
//! WAL itself or already has a busy timeout: it trades durability for fsyncs
//! and changes no lock wait (F-synchronous).
//!
//! SQF101 and SQF111 report a file whose every transaction is one short
//! statement as MONITOR (semantic/short_transactions.rs); peewee's queries are not
//! modelled per statement yet, so this rule reports such a database in full.

use ruff_python_ast::Expr;

use super::{Codemod, Context};

mod apsw_opener;
use crate::finding::{Confidence, Finding, Severity};
use crate::fix::entries::{self, Value};
use crate::fix::{Applicability, Fix, codegen};
use crate::semantic::Call;
use crate::semantic::databases::{self, WalState};
use crate::semantic::{peewee_deferred, peewee_urls, pragma_config};

pub struct PeeweePragmas;

impl Codemod for PeeweePragmas {
    crate::codemod_meta!("SQF114-peewee-pragmas");

    fn check(&self, ctx: &Context<'_, '_>, out: &mut Vec<Finding>) {
        // Test suites use throwaway databases on purpose (semantic::paths).
        if ctx.in_test_module() {
            return;
        }
        let model = ctx.model;
        let project_wal = pragma_config::project_sets_wal(ctx.project);
        for call in &model.calls {
            let Some(class) = pragma_config::peewee_database(model, call) else {
                continue;
            };
            let targets: Vec<&Call<'_>> = match call.argument(0, "database") {
                Some(Expr::NoneLiteral(_)) => deferred_targets(ctx, call),
                Some(_) => vec![call],
                None => continue,
            };
            for target in targets {
                if let Some(mut f) = self.check_call(ctx, target, class, project_wal) {
                    if std::ptr::eq(target, call) && peewee_deferred::is_deferred(call) {
                        f = f.with_note(
                            "the path is given later by `init()`, which keeps the pragmas declared here \
                             unless it passes its own (docs/sqlite-facts.md#F-peewee-deferred): the \
                             declaration is where they belong",
                        );
                    }
                    out.push(f);
                }
            }
        }
        // Opened from a URL or a scheme map (semantic/peewee_urls.rs).
        for call in &model.calls {
            let Some(url) = peewee_urls::url_database(model, call) else {
                continue;
            };
            let Some(mut f) = self.check_call(ctx, call, url.class, project_wal) else {
                continue;
            };
            if !url.certain {
                f = f.with_confidence(Confidence::Medium);
                // Another engine's connect would be handed `pragmas=` it does
                // not take: for review.
                if let Some(fix) = f.fix.as_mut() {
                    fix.applicability = Applicability::DisplayOnly;
                }
            }
            out.push(f.with_note(url.why));
        }
        // A database class of the project that opens apsw itself (apsw_opener.rs).
        out.extend(apsw_opener::findings(ctx, self.meta()));
    }
}

/// Where a database declared with a `None` path gets its pragmas. `init(path,
/// pragmas=...)` replaces the declaration's (F-peewee-deferred), so such a call is
/// checked on its own. Without `pragmas=`, `init()` keeps the declaration's: when the
/// declaration has a `pragmas=`, it is the one place to check (and fix), also when
/// `init()` is called from another module; a declaration with none is checked at
/// the `init()` calls of its module, as before.
fn deferred_targets<'m, 'a>(ctx: &Context<'m, 'a>, call: &'m Call<'a>) -> Vec<&'m Call<'a>> {
    let inits = peewee_deferred::init_calls(ctx.model, call);
    if call.keyword("pragmas").is_none() {
        return inits;
    }
    let (mut out, keep): (Vec<&Call<'_>>, Vec<&Call<'_>>) = inits
        .into_iter()
        .partition(|c| c.keyword("pragmas").is_some());
    // Every `init()` of the module replaces the pragmas: the declaration's never run.
    if keep.is_empty() && !out.is_empty() {
        return out;
    }
    out.push(call);
    out
}

use ruff_text_size::Ranged;

impl PeeweePragmas {
    fn check_call(
        &self,
        ctx: &Context<'_, '_>,
        call: &Call<'_>,
        class: &str,
        project_wal: bool,
    ) -> Option<Finding> {
        let model = ctx.model;
        if call.has_star_args() {
            return None;
        }
        let database = call.argument(0, "database")?;
        if crate::semantic::connection_purpose::is_read_only_uri(
            model,
            database,
            call.scope,
            call.range().start(),
        ) {
            return None;
        }
        if let Some(path) = crate::semantic::strings::string_value(
            model,
            database,
            call.scope,
            call.range().start(),
        ) {
            if pragma_config::is_memory_database(&path.sketch()) {
                return None;
            }
        }
        let pragmas = call.keyword("pragmas");
        let container = pragmas.map(|p| pragma_config::resolve_name(model, p, call.scope));
        if container.is_some_and(|c| !matches!(c, Expr::Dict(_) | Expr::List(_) | Expr::Tuple(_))) {
            return None;
        }
        let present = container
            .map(|c| pragma_config::pairs(model, c))
            .unwrap_or_default();
        let has = |name: &str| present.iter().any(|(k, _)| k.eq_ignore_ascii_case(name));
        // WAL is a property of one file (F-wal-persists): a setting on this
        // database, or on one that may be it, counts; one on another file does not.
        let state = if project_wal {
            match databases::wal_state_in_project(ctx.project, identity(ctx, call).as_deref()) {
                // Set by an API the per-database facts do not follow (Django).
                WalState::NotSet if !databases::any_wal_in_project(ctx.project) => WalState::Maybe,
                state => state,
            }
        } else {
            WalState::NotSet
        };
        let wal =
            state != WalState::NotSet || has("journal_mode") || class == "SqliteQueueDatabase";
        let mut missing: Vec<(&str, Value)> = Vec::new();
        if !wal {
            missing.push(("journal_mode", Value::Str("wal".into())));
        }
        if !has("synchronous") {
            missing.push((
                "synchronous",
                Value::Str(ctx.settings.synchronous.to_ascii_lowercase()),
            ));
        }
        if missing.is_empty() {
            return None;
        }
        // `synchronous` alone is a durability/fsync trade, not a concurrency fix
        // (F-synchronous): on a file this call puts in WAL (its pragmas, or
        // SqliteQueueDatabase itself), or with a busy timeout already given,
        // there is no lock hazard left to report.
        let wal_here =
            has("journal_mode") || class == "SqliteQueueDatabase" || state == WalState::Set;
        if wal
            && (wal_here || call.keyword("timeout").is_some())
            && missing.iter().all(|(k, _)| *k == "synchronous")
        {
            return None;
        }
        let names: Vec<String> = missing
            .iter()
            .map(|(k, v)| match v {
                Value::Str(s) | Value::Raw(s) => format!("{k}={s}"),
            })
            .collect();
        let message = format!(
            "peewee `{class}` without {} in `pragmas`{}",
            names.join(" and "),
            if wal {
                ""
            } else {
                ": the rollback journal lets one writer block everyone"
            }
        );
        let edit = match container {
            Some(c) => entries::append_entries(model, c, &missing)?,
            None => {
                let quote = quote_of_call(model, call);
                let dict: Vec<String> = missing
                    .iter()
                    .map(|(k, v)| match v {
                        Value::Str(s) => format!("{quote}{k}{quote}: {quote}{s}{quote}"),
                        Value::Raw(s) => format!("{quote}{k}{quote}: {s}"),
                    })
                    .collect();
                codegen::add_keyword(
                    model,
                    call.expr,
                    "pragmas",
                    &format!("{{{}}}", dict.join(", ")),
                )
            }
        };
        let finding = Finding::new(self.meta(), call.range(), message)
            .with_severity(if wal {
                Severity::Medium
            } else {
                Severity::Critical
            })
            .with_fix(Fix::safe(
                format!("Add {} to `pragmas`", names.join(", ")),
                vec![edit],
            ));
        Some(finding)
    }
}

/// The identity of the file `call` opens: its path, or for a database declared
/// with a `None` path, the path of its module's one `init()` call.
fn identity(ctx: &Context<'_, '_>, call: &Call<'_>) -> Option<String> {
    if peewee_deferred::is_deferred(call) {
        return match peewee_deferred::init_calls(ctx.model, call).as_slice() {
            [one] => databases::identity_of_connect(ctx.model, one),
            _ => None,
        };
    }
    databases::identity_of_connect(ctx.model, call)
}

/// The quote the call's first string argument uses; `"` when it has none.
fn quote_of_call(model: &crate::semantic::Model<'_>, call: &Call<'_>) -> char {
    call.expr
        .arguments
        .args
        .iter()
        .chain(call.expr.arguments.keywords.iter().map(|k| &k.value))
        .find(|a| a.is_string_literal_expr())
        .and_then(|a| {
            model
                .slice(a.range())
                .chars()
                .find(|c| *c == '"' || *c == '\'')
        })
        .unwrap_or('"')
}
