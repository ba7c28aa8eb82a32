//! SQF102 synchronous-off: `PRAGMA synchronous=OFF` (or `0`) wherever it is set:
//! SQL run on a connection (literals, scripts, loops over a dict or list of
//! PRAGMAs, SQLAlchemy connect listeners), peewee's `pragmas=` and Django's
//! `init_command`.
//!
//! OFF hands the file to the OS without fsync: a power loss or OS crash can leave
//! it corrupt (F-synchronous). The fix writes NORMAL (`1` where the value is a number),
//! in the same place and style, when that database is known to be in WAL (set
//! beside it or on the same file elsewhere): there it is corruption-safe and costs
//! no fsync per commit. On any other database it writes FULL (`2`), since NORMAL
//! is corruption-safe only in WAL. `:memory:` databases are left alone (nothing
//! to lose).
//!
//! Not reported on a derived database (an index built from source files) whose
//! module, on `sqlite3.DatabaseError`, deletes or moves the file aside to build
//! it again (semantic/rebuilt_on_damage.rs): the corruption OFF risks is one the
//! program already recovers from, losing only what it can recompute. Nor on
//! one whose module has a rebuild path that empties the database and fills it
//! again from a walk of the file system (an index of files on disk).
//!
//! `synchronous=FULL`/`EXTRA` on a WAL database is reported as MONITOR with a
//! display-only suggestion: it is a deliberate durability choice (a committed
//! transaction survives power loss), NORMAL only trades that for latency, and
//! only a measurement of commit latency can say it is worth it. Not reported
//! in a branch that runs only off WAL (a test configuration, or the fallback
//! when the WAL request was refused: semantic/journal_branches.rs), where FULL
//! is the right setting for the rollback journal.
//!
//! The hazard itself (corruption on power loss) cannot be shown by running code
//! without cutting power; the fix-truth test shows the setting that allows it
//! (connections running with `synchronous=0`) go away.
//!
//! peewee's `'synchronous': 0` is this codemod's; a missing `journal_mode` in the
//! same dict is SQF114's, whose edit adds entries after the last one and so never
//! touches the value this fix rewrites.

use super::{Codemod, Context};
use crate::finding::{Finding, Severity};
use crate::fix::{Edit, Fix};
use crate::semantic::connections;
use crate::semantic::databases;
use crate::semantic::journal_branches;
use crate::semantic::pragma_config::{self, Setting};
use crate::semantic::rebuilt_on_damage;

pub struct SynchronousOff;

impl Codemod for SynchronousOff {
    crate::codemod_meta!("SQF102-synchronous-off");

    fn check(&self, ctx: &Context<'_, '_>, out: &mut Vec<Finding>) {
        let model = ctx.model;
        let settings = ctx.pragma_settings();
        for setting in settings.iter().filter(|s| s.name == "synchronous") {
            let Some(value) = setting.value.as_deref() else {
                continue;
            };
            if on_memory(ctx, setting) {
                continue;
            }
            match value {
                "off" | "0" if caller_opt_in(ctx, setting) => {}
                // A derived database the module rebuilds when it finds it damaged
                // (semantic/rebuilt_on_damage.rs): OFF risks only what it recovers.
                "off" | "0"
                    if rebuilt_on_damage::recovers_by_rebuilding(model)
                        || rebuilt_on_damage::repopulates_from_files(model) => {}
                "off" | "0" => {
                    out.push(off(self, ctx, setting, wal_on_this_database(ctx, setting)))
                }
                "full" | "2" | "extra" | "3"
                    if !pragma_config::in_generated_helper(model, setting.scope)
                        && journal_branches::off_wal(model.suite, setting.anchor).is_none()
                        && wal_on_this_database(ctx, setting) =>
                {
                    out.push(full_on_wal(self, ctx, setting, value));
                }
                _ => {}
            }
        }
    }
}

/// `if self.fast_save: conn.execute("PRAGMA synchronous=OFF")`: a library's
/// documented option that its caller turns on (requests-cache 1.3.3 and
/// aiohttp-client-cache 0.15.0, `fast_save=True`). The trade-off is the caller's
/// to make; the library's default is safe. An `if` on a flag the caller or the
/// deployment sets counts ([`opt_in_flag`]); an unconditional OFF, or one
/// behind a constant that is on, does not.
fn caller_opt_in(ctx: &Context<'_, '_>, setting: &Setting<'_, '_>) -> bool {
    use ruff_python_ast::Stmt;
    use ruff_text_size::Ranged;
    let model = ctx.model;
    let params: Vec<&str> = setting
        .scope
        .map(|f| model.scopes.function(f).parameter_names())
        .unwrap_or_default();
    crate::fix::codegen::ancestors(model.suite, setting.anchor)
        .into_iter()
        .any(|stmt| {
            let Stmt::If(if_stmt) = stmt else {
                return false;
            };
            let in_body = if_stmt
                .body
                .iter()
                .any(|s| s.range().contains_range(setting.anchor));
            in_body && opt_in_flag(model, &if_stmt.test, &params)
        })
}

/// A flag the caller or the deployment sets: an attribute of `self` or of a
/// parameter, however deep (`self.options.fast_save`, `args.no_sync`), a
/// parameter, a module constant bound to `False`/`0` (off unless someone edits
/// it), or a lookup of the environment (`os.environ.get("FAST")`). The
/// default path is safe; turning it on is the caller's trade-off.
fn opt_in_flag(
    model: &crate::semantic::Model<'_>,
    test: &ruff_python_ast::Expr,
    params: &[&str],
) -> bool {
    use ruff_python_ast::{Expr, Stmt};
    use ruff_text_size::Ranged;
    let mut root = test;
    while let Expr::Attribute(a) = root {
        root = &a.value;
    }
    match (test, root) {
        (Expr::Call(c), _) => model
            .resolve(&c.func, None)
            .is_some_and(|q| matches!(q.as_str(), "os.getenv" | "os.environ.get")),
        (Expr::Subscript(sub), _) => {
            model.resolve(&sub.value, None).as_deref() == Some("os.environ")
        }
        (_, Expr::Name(n)) if n.id.as_str() == "self" || params.contains(&n.id.as_str()) => true,
        (Expr::Name(n), _) => model.suite.iter().any(|stmt| match stmt {
            Stmt::Assign(a) => {
                a.targets
                    .iter()
                    .any(|t| matches!(t, Expr::Name(t) if t.id == n.id))
                    && match &*a.value {
                        Expr::BooleanLiteral(b) => !b.value,
                        Expr::NumberLiteral(_) => model.slice(a.value.range()) == "0",
                        Expr::Call(c) => model
                            .resolve(&c.func, None)
                            .is_some_and(|q| matches!(q.as_str(), "os.getenv" | "os.environ.get")),
                        _ => false,
                    }
            }
            _ => false,
        }),
        _ => false,
    }
}

fn on_memory(ctx: &Context<'_, '_>, setting: &Setting<'_, '_>) -> bool {
    setting.origin == pragma_config::Origin::Sql
        && setting
            .call
            .is_some_and(|c| pragma_config::runs_on_memory_database(ctx.model, ctx.project, c))
}

/// Whether the database this setting applies to is known to be in WAL: WAL set
/// next to it (the same function, the same peewee database, the same Django
/// `init_command`), or on the same file elsewhere (semantic::databases). WAL on
/// another file of the project says nothing about this one.
fn wal_on_this_database(ctx: &Context<'_, '_>, setting: &Setting<'_, '_>) -> bool {
    let beside = ctx.pragma_settings().iter().any(|s| {
        s.name == "journal_mode"
            && s.value.as_deref() == Some("wal")
            && match setting.origin {
                pragma_config::Origin::Sql => {
                    s.origin == setting.origin && s.scope == setting.scope
                }
                pragma_config::Origin::Peewee => {
                    s.origin == setting.origin
                        && s.call.map(|c| c.range()) == setting.call.map(|c| c.range())
                }
                pragma_config::Origin::Django => s.anchor == setting.anchor,
            }
    });
    if beside {
        return true;
    }
    let Some(call) = setting.call else {
        return false;
    };
    let model = ctx.model;
    let identity = match setting.origin {
        // peewee's first argument is the database path, as sqlite3's.
        pragma_config::Origin::Peewee => databases::identity_of_connect(model, call),
        _ => ctx
            .sites()
            .iter()
            .find(|site| {
                connections::key_of(model, site).is_some_and(|key| {
                    connections::uses(model, &key)
                        .iter()
                        .any(|u| u.range() == call.range())
                })
            })
            .and_then(|site| databases::identity_of_connect(model, site.call)),
    };
    identity.is_some()
        && databases::wal_state_in_project(ctx.project, identity.as_deref())
            == databases::WalState::Set
}

fn value_edit(
    ctx: &Context<'_, '_>,
    setting: &Setting<'_, '_>,
    word: &str,
    number: &str,
) -> Option<Edit> {
    let range = setting.value_range?;
    let old = ctx.model.slice(range);
    Some(Edit::replace(
        range,
        pragma_config::restyle(old, word, number),
    ))
}

fn normal_edit(ctx: &Context<'_, '_>, setting: &Setting<'_, '_>) -> Option<Edit> {
    value_edit(ctx, setting, "NORMAL", "1")
}

/// OFF becomes NORMAL on a WAL database (corruption-safe there, no fsync per
/// commit) and FULL on one not known to be in WAL, where NORMAL can still
/// corrupt the file on power loss (F-synchronous).
fn off(
    codemod: &SynchronousOff,
    ctx: &Context<'_, '_>,
    setting: &Setting<'_, '_>,
    wal: bool,
) -> Finding {
    let finding = Finding::new(
        codemod.meta(),
        setting.anchor,
        "`synchronous=OFF`: a power loss or OS crash can corrupt the database",
    );
    let (word, number) = if wal { ("NORMAL", "1") } else { ("FULL", "2") };
    match value_edit(ctx, setting, word, number) {
        Some(edit) if wal => finding.with_fix(Fix::safe("Use `synchronous=NORMAL`", vec![edit])),
        Some(edit) => finding
            .with_fix(Fix::safe("Use `synchronous=FULL`", vec![edit]))
            .with_note(
                "this database is not known to be in WAL, and NORMAL is corruption-safe only \
                 in WAL (docs/sqlite-facts.md#F-synchronous): FULL until WAL is on for this file",
            ),
        None => finding.with_note(format!(
            "the value is computed at run time; make it {word} ({number}) where it is chosen"
        )),
    }
}

fn full_on_wal(
    codemod: &SynchronousOff,
    ctx: &Context<'_, '_>,
    setting: &Setting<'_, '_>,
    value: &str,
) -> Finding {
    let shown = if value.len() == 1 {
        value.to_string()
    } else {
        value.to_ascii_uppercase()
    };
    let finding = Finding::new(
        codemod.meta(),
        setting.anchor,
        format!("`synchronous={shown}` on a WAL database: an fsync on every commit"),
    )
    .with_severity(Severity::Monitor)
    .with_note(
        "FULL keeps a commit through power loss; NORMAL keeps the file consistent but may lose \
         the last commits on power loss or an OS crash (docs/sqlite-facts.md#F-synchronous). Switch only if commit latency \
         (p99 > 100 ms) is dominated by fsync",
    );
    match normal_edit(ctx, setting) {
        Some(edit) => finding.with_fix(Fix::display_only(
            "Use `synchronous=NORMAL` (durability trade-off)",
            vec![edit],
        )),
        None => finding,
    }
}
