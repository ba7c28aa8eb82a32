//! Slow work inside a Django `transaction.atomic()` block after its first
//! write. Django's SQLite backend sends a plain `BEGIN`; the block's first
//! write takes SQLite's write lock and the block keeps it until it ends. A
//! network request, a sleep or a subprocess after that write (here or in a
//! project function the block calls, in any module) holds every other writer
//! of the file: each waits up to its busy timeout (Django passes Python's 5 s
//! default unless `OPTIONS["timeout"]` says otherwise) and then fails with
//! "database is locked". A loop that calls a remote API once per item holds
//! the lock for all of them.
//!
//! Reported only where the project has a second Django writer of the file
//! (a task-queue worker, a management command, a web server with several
//! workers: `second_writers::of_django_block`), not when the block reads only.
//! File I/O does not count here: inside a Django block it is mostly a small
//! upload or template, and its length is the program's own.
//!
//! No automatic fix: which results the block may compute before it begins,
//! and whether a block split in two may commit half its work, only the author
//! can say.

use ruff_text_size::{Ranged, TextRange};

use crate::codemods::{Context, Meta, first_line_cut};
use crate::finding::Finding;
use crate::semantic::django_atomic::{self, Op};
use crate::semantic::model::Call;
use crate::semantic::second_writers::{self, SecondWriter};
use crate::semantic::{effects, facts, loops, project, slow, slow_elsewhere};

/// What `slow::slow_call` finds in the block itself that counts here.
const COUNTED: &[&str] = &[
    "sleeps",
    "makes an HTTP request",
    "calls a remote vector or search store over the network",
    "runs a subprocess",
    "talks to a mail server",
    "opens a network connection",
];

pub(super) fn check(meta: &'static Meta, ctx: &Context<'_, '_>, out: &mut Vec<Finding>) {
    if ctx.in_test_module() || !ctx.model.imports.mentions("django") {
        return;
    }
    struct Sqlite;
    if !facts::any_module::<Sqlite>(ctx.project, |m| m.facts.django_sqlite) {
        return;
    }
    let view = ctx.project;
    let model = ctx.model;
    let elsewhere = |call: &Call<'_>| {
        let r = project::call_ref(model, call)?;
        let (_, f) = effects::follow(view, None, &r)?;
        Op::of(f.django_orm.0, f.django_orm.1)
    };
    let line = |r: TextRange| model.line_column(r.start()).0;
    for block in django_atomic::write_blocks(model, &elsewhere) {
        let after = TextRange::new(block.first_write.end(), block.body.end());
        let Some((call, what)) = model
            .calls_in(Some(block.function))
            .filter(|c| !c.in_lambda && after.contains_range(c.range()))
            .find_map(|c| slow_work(ctx, c).map(|what| (c, what)))
        else {
            continue;
        };
        if ctx.at_start_alone(call.range().start()) {
            continue;
        }
        let span = block.first_write.cover(call.range());
        let who = match second_writers::of_django_block(view, model, block.function, span, None) {
            SecondWriter::Named(who) => who,
            _ => continue,
        };
        let suite = &model.scopes.function(block.function).def.body;
        let per_item = if loops::enclosing_loops(suite, call.range())
            .iter()
            .any(|l| block.body.contains_range(l.range()))
        {
            ", once per item of a loop,"
        } else {
            ""
        };
        let message = format!(
            "`{}(...)` {what}{per_item} inside `{}` after its write on line {} (`{}`): from that write to the end of the block Django's connection holds SQLite's write lock, so every other writer waits for it and fails with 'database is locked' after the busy timeout; concurrent with {who}",
            slow::callee_text(model, call),
            model.slice(block.opener),
            line(block.first_write),
            first_line_cut(model.slice(block.first_write)),
        );
        out.push(
            Finding::new(meta, call.range(), message).with_note(
                "Do the slow work before the block begins (collect what it returns, then write), or commit the write first in a block of its own; IMMEDIATE transactions and WAL do not shorten the time the lock is held",
            ),
        );
    }
}

/// What a call in the block does that takes as long as someone else decides.
fn slow_work(ctx: &Context<'_, '_>, call: &Call<'_>) -> Option<String> {
    // A function of this module that does slow work is named by what it does,
    // through its summary, as one elsewhere is.
    if let Some(what) = slow::slow_call(ctx.model, call)
        && what != "calls slow code"
    {
        return COUNTED.contains(&what).then(|| what.to_string());
    }
    let found = slow_elsewhere::reached(ctx.project, ctx.model, call)?;
    Some(format!("calls `{}`, which {}", found.function, found.what))
}
