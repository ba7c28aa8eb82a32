//! A limit checked on an ORM object, then the amount taken from it in memory
//! and written back (semantic::checked_decrement): two concurrent requests
//! for one row both pass the check on the value they loaded and both write
//! `old - amount`, so one debit is lost and the limit is not kept
//! (docs/sqlite-facts.md#F-orm-checked-decrement). The raw-SQL spelling is checked_debit.rs.
//!
//! Reported when the project's sessions (or Django's database) are SQLite and
//! a second party is named: the loop's other requests for a coroutine route
//! (the object was loaded at an earlier await), the function's worker
//! threads, a Django process writing beside the view, another program.
//! A function another SQF305 walk already reported is left to it.
//!
//! No automatic fix: the safe spelling moves the check into the statement
//! (`UPDATE ... SET balance = balance - :cost WHERE id = :id AND balance >=
//! :cost`, or Django's `filter(pk=..., balance__gte=cost).update(balance=
//! F("balance") - cost)`) and treats a row count of 0 as the refusal: the
//! error path and the object's state after it are the author's to choose.

use ruff_text_size::{Ranged, TextRange};

use crate::codemods::{Context, Meta};
use crate::finding::{Finding, Severity};
use crate::semantic::checked_decrement::{self, CheckedDecrement, Persist};
use crate::semantic::second_writers::{self, SecondWriter};
use crate::semantic::{facts, routes, threads, visit};

pub(super) fn check(meta: &'static Meta, ctx: &Context<'_, '_>, out: &mut Vec<Finding>) {
    let model = ctx.model;
    if ctx.in_test_module() || !model.text.contains("-") {
        return;
    }
    let found: Vec<CheckedDecrement> = (0..model.scopes.functions.len())
        .flat_map(|id| checked_decrement::in_function(model, id))
        .collect();
    if found.is_empty() {
        return;
    }
    struct Sqlite;
    let django_sqlite = model.imports.mentions("django")
        && facts::any_module::<Sqlite>(ctx.project, |m| m.facts.django_sqlite);
    let sessions_sqlite = facts::sessions_on_sqlite(ctx.project).is_some();
    struct Recipe;
    let recipe = facts::any_module::<Recipe>(ctx.project, |m| m.facts.orm_begin_immediate);
    let threaded = ctx.threaded_functions();
    let mut reported: Vec<TextRange> = Vec::new();
    for hit in &found {
        let function = model.scopes.function(hit.function);
        let on_sqlite = match hit.persist {
            Persist::Save => django_sqlite,
            Persist::Session => sessions_sqlite && !recipe,
        };
        let range = function.def.range();
        if !on_sqlite
            || out
                .iter()
                .any(|f| f.id == meta.id && range.contains_range(f.range))
            || reported.iter().any(|r| range.contains_range(*r))
        {
            continue;
        }
        let span = hit.check.cover(hit.write);
        let who = if function.def.is_async
            && (routes::is_decorated_route(model, hit.function)
                || visit::awaits_within(
                    &function.def.body,
                    TextRange::new(function.def.body[0].start(), hit.write.end()),
                )) {
            Some("the event loop's other requests, which load the same row at their own awaits and check it before this one's commit".to_string())
        } else {
            let reason = threads::concurrency_reason(threaded, &function.qualname, false);
            let writer = if hit.persist == Persist::Save {
                second_writers::of_django_block(ctx.project, model, hit.function, span, reason)
            } else {
                let known = second_writers::Known {
                    threads: reason,
                    party: ctx.second_party(),
                };
                second_writers::of_read_then_write(ctx.project, model, hit.function, span, &known)
            };
            match writer {
                SecondWriter::Named(who) => Some(who),
                _ => None,
            }
        };
        let Some(who) = who else { continue };
        reported.push(hit.decrement);
        out.push(report(meta, ctx, hit, &who));
    }
}

fn report(
    meta: &'static Meta,
    ctx: &Context<'_, '_>,
    hit: &CheckedDecrement,
    who: &str,
) -> Finding {
    let model = ctx.model;
    let line = |r: TextRange| model.line_column(r.start()).0;
    let (object, attribute) = (&hit.object, &hit.attribute);
    let message = format!(
        "`{}` takes from `{object}.{attribute}` in memory after the check `{}` on line {}, and writes it back on line {} (`{}`): two concurrent requests for the same row both pass the check on the value they loaded and both write `old - amount`, so one debit is lost and the limit is not kept (docs/sqlite-facts.md#F-orm-checked-decrement)",
        crate::codemods::first_line_cut(model.slice(hit.decrement)),
        crate::codemods::first_line_cut(model.slice(hit.check)),
        line(hit.check),
        line(hit.write),
        crate::codemods::first_line_cut(model.slice(hit.write)),
    );
    let fix = match hit.persist {
        Persist::Save => format!(
            "make the database do the check and the subtraction in one statement: `updated = Model.objects.filter(pk={object}.pk, {attribute}__gte=amount).update({attribute}=F(\"{attribute}\") - amount)` and treat `updated == 0` as the refusal"
        ),
        Persist::Session => format!(
            "make the database do the check and the subtraction in one statement: `UPDATE ... SET {attribute} = {attribute} - :amount WHERE id = :id AND {attribute} >= :amount` (`update(Model).where(Model.id == {object}.id, Model.{attribute} >= amount).values({attribute}=Model.{attribute} - amount)`) and treat a row count of 0 as the refusal"
        ),
    };
    Finding::new(meta, hit.decrement, message)
        .with_severity(Severity::High)
        .with_note(format!(
            "Second party: {who}. Not fixed automatically: {fix}; then refresh the object. BEGIN IMMEDIATE before loading the row also serializes the check, but the row here may be loaded outside this function"
        ))
}
