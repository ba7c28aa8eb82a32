//! A peewee get-or-create written as a lookup that raises on a miss and a
//! create in its handler: `try: a = Author.get(Author.name == n)` / `except
//! Author.DoesNotExist: a = Author.create(name=n)`.
//!
//! Outside `db.atomic()`, peewee runs each statement in a transaction of its
//! own, so the lookup and the create are two: workers that miss the same key
//! at once (threads of a pool each saving a record of one author) both
//! create it. Without a unique key the table then holds the row twice; with
//! one, every later worker's create raises `IntegrityError`, which the
//! handler around the lookup does not cover (F-eafp-create-race: 8 threads
//! over 40 keys made 51-68 rows, or 4-22 errors on a unique key).
//!
//! Reported at the create when the function runs on worker threads or the
//! program has another party that can run it at once (semantic::second_party),
//! not at start-up with no other process, not inside an `atomic()` block (the
//! deferred-transaction shape, peewee.rs) or a `with` of a lock (the workers
//! take turns from the lookup to the create), and not where the create's own
//! `try` catches `IntegrityError` (the duplicate is expected). Models are
//! recognised by shape: a capitalised name whose `get`/`get_by_id` and
//! `create` are called.
//!
//! No fix: peewee's `get_or_create()` is race-free only on a unique key (it
//! catches the `IntegrityError` and reads the other worker's row), and taking
//! `atomic("IMMEDIATE")` needs the database object; the note names both.

use ruff_python_ast::{self as ast, Expr, Stmt};
use ruff_text_size::{Ranged, TextRange};

use crate::codemods::{Context, Meta};
use crate::finding::{Finding, Severity};
use crate::semantic::model::Model;
use crate::semantic::second_party::SecondParty;
use crate::semantic::{threads, visit};

const LOOKUPS: &[&str] = &["get", "get_by_id"];

pub(super) fn check(meta: &'static Meta, ctx: &Context<'_, '_>, out: &mut Vec<Finding>) {
    let model = ctx.model;
    if !super::peewee::uses_peewee(ctx) {
        return;
    }
    let threaded = ctx.threaded_functions();
    let party = ctx.second_party();
    for (id, function) in model.scopes.functions.iter().enumerate() {
        let qualname = &function.qualname;
        let context = match (threaded.get(qualname), party) {
            (Some(root), _) if root == qualname => format!("`{root}` runs on worker threads"),
            (Some(root), _) => format!("`{qualname}` runs on worker threads (from `{root}`)"),
            (None, SecondParty::Known(who)) => format!("concurrent with {who}"),
            _ => continue,
        };
        let severity = if threaded.contains_key(qualname) {
            Severity::High
        } else {
            Severity::Medium
        };
        for stmt in visit::scope_stmts(&function.def.body) {
            let Stmt::Try(t) = stmt else {
                continue;
            };
            let Some((class, lookup)) = visit::find_call(&t.body, lookup_of) else {
                continue;
            };
            if in_atomic_block(&function.def.body, t.range())
                || threads::locked_at(model, id, t.range())
                || ctx.at_start_alone(lookup.start())
            {
                continue;
            }
            for handler in &t.handlers {
                let ast::ExceptHandler::ExceptHandler(h) = handler;
                let Some(create) = visit::find_call(&h.body, |c| create_of(c, &class)) else {
                    continue;
                };
                if catches_integrity(model, &h.body, create) {
                    continue;
                }
                let line = model.line_column(lookup.start()).0;
                out.push(
                    Finding::new(
                        meta,
                        create,
                        format!(
                            "`{class}` is looked up on line {line} and created here when the lookup misses, in two transactions: {context}, and workers that miss the same key at once both create it (a duplicate row, or on a unique key an IntegrityError this handler does not catch)"
                        ),
                    )
                    .with_severity(severity)
                    .with_note(format!(
                        "`{class}.get_or_create(...)` on a unique key catches the IntegrityError and reads the row the other worker made; or hold `db.atomic(\"IMMEDIATE\")` from the lookup to the create, so the second worker waits and then finds the row"
                    )),
                );
            }
        }
    }
}

/// `Model.get(...)` / `Model.get_by_id(...)` on a capitalised name: the model
/// and the lookup's range.
fn lookup_of(call: &ast::ExprCall) -> Option<(String, TextRange)> {
    let (class, method) = model_method(call)?;
    LOOKUPS
        .contains(&method)
        .then(|| (class.to_string(), call.range()))
}

/// `Model.create(...)` of `class`: the call's range.
fn create_of(call: &ast::ExprCall, class: &str) -> Option<TextRange> {
    let (name, method) = model_method(call)?;
    (name == class && method == "create").then_some(call.range())
}

fn model_method(call: &ast::ExprCall) -> Option<(&str, &str)> {
    let Expr::Attribute(attr) = &*call.func else {
        return None;
    };
    let Expr::Name(base) = &*attr.value else {
        return None;
    };
    let class = base.id.as_str();
    class
        .starts_with(|c: char| c.is_ascii_uppercase())
        .then_some((class, attr.attr.as_str()))
}

/// Whether a `with ....atomic(...)` or `with ....transaction(...)` of `body`
/// holds `range`.
fn in_atomic_block(body: &[Stmt], range: TextRange) -> bool {
    visit::scope_stmts(body).into_iter().any(|s| match s {
        Stmt::With(w) => {
            w.range().contains_range(range)
                && w.items.iter().any(|item| {
                    matches!(&item.context_expr, Expr::Call(c)
                        if matches!(&*c.func, Expr::Attribute(a)
                            if matches!(a.attr.as_str(), "atomic" | "transaction")))
                })
        }
        _ => false,
    })
}

/// Whether a `try` of the handler's body around the create catches
/// `IntegrityError`: the worker expects the other's row.
fn catches_integrity(model: &Model<'_>, body: &[Stmt], create: TextRange) -> bool {
    visit::scope_stmts(body).into_iter().any(|s| match s {
        Stmt::Try(t) => {
            t.body.iter().any(|b| b.range().contains_range(create))
                && t.handlers.iter().any(|handler| {
                    let ast::ExceptHandler::ExceptHandler(h) = handler;
                    h.type_
                        .as_ref()
                        .is_some_and(|e| model.slice(e.range()).contains("IntegrityError"))
                })
        }
        _ => false,
    })
}
