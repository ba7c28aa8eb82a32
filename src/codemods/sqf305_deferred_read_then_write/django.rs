//! Django `transaction.atomic` blocks that read then write
//! (semantic::django_atomic). Django's SQLite backend opens them with a plain
//! `BEGIN` unless `OPTIONS["transaction_mode"]` is `"IMMEDIATE"`, so the
//! block's first write must upgrade the read lock its first read took; SQLite
//! skips the busy handler for that upgrade, and while another process writes
//! the block fails at once with "database is locked" whatever the timeout
//! (F-upgrade-fails-fast). WAL and a longer timeout do not help.
//!
//! Reported only with a second writer that is a Django process of the project
//! (semantic::second_writers::of_django_block), and not when the project's
//! settings already ask for IMMEDIATE transactions (or use no SQLite backend).
//!
//! No automatic fix: the fix belongs in settings
//! (`"transaction_mode": "IMMEDIATE"`, Django 5.1+, SQF113), which changes
//! every block of the project at once; on older Django the block's first
//! statement must be a write (an `UPDATE` of a one-row table), which only the
//! author can choose.

use crate::codemods::{Context, Meta, first_line_cut};
use crate::finding::{Finding, Severity};
use crate::semantic::django_atomic::{self, Op};
use crate::semantic::second_writers::{self, SecondWriter};
use crate::semantic::{effects, facts, project};

pub(super) fn check(meta: &'static Meta, ctx: &Context<'_, '_>, out: &mut Vec<Finding>) {
    if ctx.in_test_module() || !ctx.model.imports.mentions("django") {
        return;
    }
    struct Sqlite;
    struct Immediate;
    if !facts::any_module::<Sqlite>(ctx.project, |m| m.facts.django_sqlite)
        || facts::any_module::<Immediate>(ctx.project, |m| m.facts.django_immediate)
    {
        return;
    }
    let view = ctx.project;
    let model = ctx.model;
    let elsewhere = |call: &crate::semantic::model::Call<'_>| {
        let found = project::call_ref(model, call)
            .and_then(|r| effects::follow(view, None, &r))
            .or_else(|| {
                // `job.claim(w)` on a row read above: the model's method, in
                // the module that defines the model.
                let class = django_atomic::instance_class(model, call)?;
                let class = model.resolve(class, call.scope)?;
                let ruff_python_ast::Expr::Attribute(a) = &*call.expr.func else {
                    return None;
                };
                let r = crate::semantic::refs::CallRef::Dotted(format!("{class}.{}", a.attr));
                effects::follow(view, None, &r)
            });
        let (_, f) = found?;
        Op::of(f.django_orm.0, f.django_orm.1)
    };
    let blocks = django_atomic::blocks(model, &elsewhere);
    if blocks.is_empty() {
        return;
    }
    let line = |r: ruff_text_size::TextRange| model.line_column(r.start()).0;
    for block in blocks {
        let function = model.scopes.function(block.function);
        let span = block.read.cover(block.write);
        // A view counted as run on the server's threads names no one: every
        // Django project has views (second_writers::of_django_block).
        let who = match second_writers::of_django_block(view, model, block.function, span, None) {
            SecondWriter::Named(who) => who,
            _ => continue,
        };
        let what = if block.read == block.write {
            format!(
                "`{}` calls `{}` on line {}, which reads and then writes,",
                function.qualname,
                first_line_cut(model.slice(block.read)),
                line(block.read)
            )
        } else {
            format!(
                "`{}` reads on line {} (`{}`) and writes on line {} (`{}`)",
                function.qualname,
                line(block.read),
                first_line_cut(model.slice(block.read)),
                line(block.write),
                first_line_cut(model.slice(block.write)),
            )
        };
        // The author meant the read to lock the row: say that it does not.
        let for_update = if model.slice(block.read).contains(".select_for_update(") {
            "; `select_for_update()` locks nothing on SQLite (Django leaves FOR UPDATE out on backends without it), so two processes can also both read the same row and both act on it (docs/sqlite-facts.md#F-django-for-update)"
        } else {
            ""
        };
        let message = format!(
            "`{}` opens a deferred transaction (Django's SQLite backend sends a plain `BEGIN`): {what} inside it; when another connection writes in between, the upgrade to the write lock fails at once with 'database is locked', skipping the busy timeout{for_update}",
            model.slice(block.opener),
        );
        out.push(
            Finding::new(meta, block.opener.cover(block.write), message)
                .with_severity(Severity::High)
                .with_note(format!(
                    "Concurrent with {who}. Set `\"transaction_mode\": \"IMMEDIATE\"` in the SQLite database's OPTIONS (Django 5.1+, SQF113): every atomic block then takes the write lock at `BEGIN`, so a second writer waits in the busy handler instead of failing; on older Django make the block's first statement a write. WAL and a longer timeout do not prevent this failure"
                )),
        );
    }
}
