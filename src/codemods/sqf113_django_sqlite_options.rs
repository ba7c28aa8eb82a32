//! SQF113 django-sqlite-options: a Django `DATABASES` entry with
//! `"ENGINE": "django.db.backends.sqlite3"` whose `OPTIONS` lack an
//! `init_command` setting WAL (unless the project sets it elsewhere, F-wal-persists) and
//! `synchronous`, or `"transaction_mode": "IMMEDIATE"` (F-django). In-memory
//! databases (test settings) are left alone, and so are settings modules no
//! served program loads where the project's `manage.py`/`wsgi.py`/`asgi.py` or
//! deployment files name the ones it does (semantic django_settings.rs).
//!
//! Django opens SQLite in the rollback journal with DEFERRED transactions: a
//! writer blocks readers, and a view that reads then writes in `atomic()` fails
//! at once with "database is locked" when another writer got in between (F-upgrade-fails-fast).
//!
//! The suggested change adds the missing entries to `OPTIONS` (or adds it):
//! `"init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"` and
//! `"transaction_mode": "IMMEDIATE"`. It is display-only: both options exist only
//! in Django 5.1 and later (older versions reject them at startup), and which
//! version a project runs is not in its settings file; Django is not installed
//! for the fix-truth tests either, so no test could show the change is right.

use ruff_python_ast::{self as ast, Expr};
use ruff_text_size::{Ranged, TextSize};

use super::{Codemod, Context};
use crate::finding::{Finding, Severity};
use crate::fix::entries::{self, Value};
use crate::fix::{Edit, Fix, codegen};
use crate::semantic::pragma_config;
use crate::semantic::sql::{self, SqlKind};
use crate::semantic::strings::string_value;

pub struct DjangoSqliteOptions;

const INIT_COMMAND: &str = "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;";

impl Codemod for DjangoSqliteOptions {
    crate::codemod_meta!("SQF113-django-sqlite-options");

    fn check(&self, ctx: &Context<'_, '_>, out: &mut Vec<Finding>) {
        // Test suites use throwaway databases on purpose (semantic::paths).
        // A CI or test-run settings module names the throwaway database one
        // job migrates and tests against (semantic::paths::is_ci_settings).
        if ctx.in_test_module() || crate::semantic::paths::is_ci_settings(ctx.model.path) {
            return;
        }
        // A settings module no served program loads (one for a docs or media
        // build, for packaging, for a contrib's tests) runs once, in one
        // process (semantic::django_settings).
        if crate::semantic::django_atomic::names_sqlite_backend(ctx.model.text)
            && crate::semantic::django_settings::unserved(ctx.project.index, ctx.model.path)
                .is_some()
        {
            return;
        }
        let model = ctx.model;
        // Another entry of DATABASES is another file: WAL set there does not count,
        // WAL set by code (a migration, another module) does (F-wal-persists).
        let project_wal = ctx.project.sets_wal()
            || ctx.pragma_settings().iter().any(|s| {
                s.origin != pragma_config::Origin::Django
                    && s.name == "journal_mode"
                    && s.value.as_deref() == Some("wal")
            })
            || {
                // The first two modules that set WAL, once per run: one of them is
                // not this module when any other module sets it.
                struct WalModules(Vec<usize>);
                let wal = ctx.project.index.memo(|index| {
                    WalModules(
                        index
                            .modules
                            .iter()
                            .enumerate()
                            .filter(|(_, m)| {
                                m.pragmas.iter().any(|f| {
                                    f.name == "journal_mode" && f.value.as_deref() == Some("wal")
                                })
                            })
                            .map(|(i, _)| i)
                            .take(2)
                            .collect(),
                    )
                });
                wal.0.iter().any(|&i| Some(i) != ctx.project.module)
            };
        let mut literal = false;
        for dict in pragma_config::all_dicts(model.suite) {
            let Some(engine) = value_of(dict, "ENGINE") else {
                continue;
            };
            if !codegen::is_str(engine, "django.db.backends.sqlite3") {
                continue;
            }
            literal = true;
            if value_of(dict, "NAME").is_some_and(|n| {
                string_value(model, n, None, n.start())
                    .is_some_and(|v| pragma_config::is_memory_database(&v.sketch()))
            }) {
                continue;
            }
            let options = value_of(dict, "OPTIONS");
            if options.is_some_and(|o| !matches!(o, Expr::Dict(_))) {
                continue;
            }
            let init = options.and_then(|o| value_of_expr(o, "init_command"));
            let pragmas: Vec<String> = init
                .and_then(|i| string_value(model, i, None, i.start()))
                .map(|v| {
                    sql::classify_script(&v.sketch())
                        .into_iter()
                        .filter_map(|k| match k {
                            SqlKind::Pragma(p) => p.name,
                            _ => None,
                        })
                        .collect()
                })
                .unwrap_or_default();
            let wal = project_wal || pragmas.iter().any(|p| p == "journal_mode");
            let synchronous = pragmas.iter().any(|p| p == "synchronous");
            let immediate = options
                .and_then(|o| value_of_expr(o, "transaction_mode"))
                .is_some_and(|m| !codegen::is_str(m, "DEFERRED"));
            if wal && synchronous && immediate {
                continue;
            }
            let mut missing = Vec::new();
            if !wal {
                missing.push("WAL");
            }
            if !synchronous {
                missing.push("synchronous=NORMAL");
            }
            if !immediate {
                missing.push("transaction_mode=IMMEDIATE");
            }
            let severity = if !wal {
                Severity::Critical
            } else if !immediate {
                Severity::High
            } else {
                Severity::Medium
            };
            let finding = Finding::new(
                self.meta(),
                engine.range(),
                format!(
                    "Django SQLite database without {} in OPTIONS",
                    missing.join(", ")
                ),
            )
            .with_severity(severity)
            .with_note(
                "needs Django 5.1 or later (older versions reject these OPTIONS); on older Django, \
                 run the PRAGMAs from a `connection_created` signal handler",
            );
            out.push(
                match suggestion(ctx, dict, options, init, wal, synchronous, immediate) {
                    Some(edits) => finding.with_fix(Fix::display_only(
                        "Set the PRAGMAs and IMMEDIATE transactions in OPTIONS (Django 5.1+)",
                        edits,
                    )),
                    None => finding,
                },
            );
        }
        if !literal && let Some(finding) = built_at_run_time(self.meta(), ctx, project_wal) {
            out.push(finding);
        }
    }
}

/// A settings module that builds its SQLite `DATABASES` entry in code (a
/// database-URL parser with a `sqlite:///` default, then `DATABASES["default"]
/// ["OPTIONS"]["timeout"] = 30`) and tunes it for SQLite (OPTIONS, or WAL
/// set by a `connection_created` receiver): no literal entry to edit, but the
/// same missing options. A URL default alone is not enough: production often
/// overrides it with another database.
fn built_at_run_time(
    meta: &'static crate::codemods::Meta,
    ctx: &Context<'_, '_>,
    project_wal: bool,
) -> Option<Finding> {
    let model = ctx.model;
    let text = model.text;
    if !crate::semantic::django_atomic::names_sqlite_backend(text)
        || crate::semantic::django_atomic::sets_immediate_mode(text)
    {
        return None;
    }
    let statements: Vec<_> = model
        .suite
        .iter()
        .filter(|s| model.slice(s.range()).contains("DATABASES"))
        .collect();
    // OPTIONS of another settings map (a Redis `CACHES` entry's client
    // options) say nothing about the database: only OPTIONS written where
    // DATABASES is built show an entry that takes them.
    let database_options = statements
        .iter()
        .any(|s| model.slice(s.range()).contains("OPTIONS"));
    if !(database_options || project_wal) {
        return None;
    }
    let first = statements.first()?;
    let last = statements.last()?;
    let lower = text.to_ascii_lowercase();
    let wal = project_wal || (lower.contains("journal_mode") && lower.contains("wal"));
    let synchronous = lower.contains("synchronous");
    let mut missing = Vec::new();
    if !wal {
        missing.push("WAL");
    }
    if !synchronous {
        missing.push("synchronous=NORMAL");
    }
    missing.push("transaction_mode=IMMEDIATE");
    Some(
        Finding::new(
            meta,
            first.range().cover(last.range()),
            format!(
                "Django SQLite database built in code without {} in OPTIONS: every `atomic()` block begins DEFERRED, so one that reads before it writes fails at once with 'database is locked' while another process writes, whatever the timeout",
                missing.join(", ")
            ),
        )
        .with_severity(if wal { Severity::High } else { Severity::Critical })
        .with_note(
            "set `OPTIONS[\"transaction_mode\"] = \"IMMEDIATE\"` on the SQLite entry (Django 5.1 or later; older versions reject it), and the PRAGMAs in `OPTIONS[\"init_command\"]`; on older Django, make each read-then-write block's first statement a write",
        ),
    )
}

fn value_of<'a>(dict: &'a ast::ExprDict, key: &str) -> Option<&'a Expr> {
    dict.items
        .iter()
        .find(|i| i.key.as_ref().is_some_and(|k| codegen::is_str(k, key)))
        .map(|i| &i.value)
}

fn value_of_expr<'a>(dict: &'a Expr, key: &str) -> Option<&'a Expr> {
    match dict {
        Expr::Dict(d) => value_of(d, key),
        _ => None,
    }
}

fn suggestion(
    ctx: &Context<'_, '_>,
    dict: &ast::ExprDict,
    options: Option<&Expr>,
    init: Option<&Expr>,
    wal: bool,
    synchronous: bool,
    immediate: bool,
) -> Option<Vec<Edit>> {
    let model = ctx.model;
    let mut wanted = String::new();
    if !wal {
        wanted.push_str("PRAGMA journal_mode=WAL; ");
    }
    if !synchronous {
        wanted.push_str(&format!("PRAGMA synchronous={};", ctx.settings.synchronous));
    }
    let wanted = wanted.trim_end().to_string();
    let Some(options) = options else {
        let quote = model
            .slice(dict.range())
            .chars()
            .find(|c| *c == '"' || *c == '\'')
            .unwrap_or('"');
        let init = format!("{quote}init_command{quote}: {quote}{INIT_COMMAND}{quote}");
        let mode = format!("{quote}transaction_mode{quote}: {quote}IMMEDIATE{quote}");
        let value = match dict.items.last() {
            // A dict written one entry per line gets its OPTIONS the same way.
            Some(last) if model.slice(dict.range()).contains(['\n', '\r']) => {
                let nl = model.stylist.newline.as_str();
                let outer = codegen::indentation_at(model.text, last.value.start());
                let inner = format!("{outer}{}", model.stylist.indent);
                format!("{{{nl}{inner}{init},{nl}{inner}{mode},{nl}{outer}}}")
            }
            _ => format!("{{{init}, {mode}}}"),
        };
        let container = Expr::Dict(dict.clone());
        return Some(vec![entries::append_entries(
            model,
            &container,
            &[("OPTIONS", Value::Raw(value))],
        )?]);
    };
    let mut edits = Vec::new();
    let mut added: Vec<(&str, Value)> = Vec::new();
    match init {
        Some(init) if !wanted.is_empty() => {
            let inner = pragma_config::string_inner_range(model, init)?;
            let current = model.slice(inner).trim_end();
            let sep = if current.is_empty() {
                ""
            } else if current.ends_with(';') {
                " "
            } else {
                "; "
            };
            let at = inner.start() + TextSize::try_from(current.len()).ok()?;
            edits.push(Edit::insert(at, format!("{sep}{wanted}")));
        }
        None if !wanted.is_empty() => added.push(("init_command", Value::Str(wanted))),
        _ => {}
    }
    if !immediate {
        if value_of_expr(options, "transaction_mode").is_some() {
            return None;
        }
        added.push(("transaction_mode", Value::Str("IMMEDIATE".into())));
    }
    if !added.is_empty() {
        edits.push(entries::append_entries(model, options, &added)?);
    }
    Some(edits)
}
