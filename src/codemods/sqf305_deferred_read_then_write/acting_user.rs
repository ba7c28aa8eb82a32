//! A read-then-write of the acting user's own row: both statements keyed by
//! the id of whoever sent the request or the command (`current_user.id`,
//! `session["user_id"]`, `g.user["id"]`, `request.user.id`, a bot's
//! `ctx.author.id`, `interaction.user.id`, `update.effective_user.id`,
//! `message.from_user.id`), or by a local bound from one.
//!
//! The second party of a lost update there is the same person acting twice
//! within the same few milliseconds (a double click on their own settings
//! page). Whatever one of the two writes, the other was the user's own change
//! too; judges of real applications found none of these worth a report. So
//! such a row has one editor, and the lost-update shape is not reported.
//!
//! Kept: a write that a limit decides (an ordering comparison of what was read:
//! `if row["balance"] < amount: abort(400)`, a quota, a stock), or one that
//! subtracts from a value read (`balance - price`): racing one's own requests
//! to pass one check twice, or to pay once for two purchases, is the attack on
//! a balance, so there the user is a real second party. Only the lost-update shape is affected: a read
//! inside a deferred transaction still fails the write's lock upgrade under
//! any other writer of the file.

use ruff_python_ast::{Expr, Stmt};
use ruff_text_size::Ranged;

use crate::codemods::Context;
use crate::semantic::model::Model;
use crate::semantic::scopes::FuncId;
use crate::semantic::transactions::{self, Flow};
use crate::semantic::visit;

/// Texts that name the id of whoever is acting, as they appear in source.
const ACTING_IDS: &[&str] = &[
    "current_user.id",
    "current_user.get_id()",
    "session[\"user_id\"]",
    "session['user_id']",
    "session.get(\"user_id\")",
    "session.get('user_id')",
    "g.user[\"id\"]",
    "g.user['id']",
    "g.user.id",
    "request.user.id",
    "request.user.pk",
    "ctx.author.id",
    "message.author.id",
    "interaction.user.id",
    "inter.author.id",
    "effective_user.id",
    "from_user.id",
];

/// Both the read and the write are keyed by the acting user's id, and no
/// ordering comparison of what was read decides the write.
pub(super) fn own_row_of_actor(
    ctx: &Context<'_, '_>,
    flow: &Flow<'_, '_>,
    read: usize,
    write: usize,
) -> bool {
    let model = ctx.model;
    let (Some(read_call), Some(write_call)) = (flow.events[read].call, flow.events[write].call)
    else {
        return false;
    };
    let locals = acting_locals(model, flow.scope);
    let keyed = |call: &crate::semantic::model::Call<'_>| {
        call.expr
            .arguments
            .args
            .iter()
            .skip(1)
            .chain(call.expr.arguments.keywords.iter().map(|k| &k.value))
            .any(|arg| names_actor(model, arg, &locals))
    };
    if !keyed(read_call) || !keyed(write_call) {
        return false;
    }
    let Some(data) = transactions::read_data(model, flow, read, write) else {
        return false;
    };
    if data.count_decides() {
        return false;
    }
    // A read value subtracted from (`balance - price`): the user pays once for
    // two purchases by racing their own requests, a second party after all.
    let span = flow.events[read].range.cover(flow.events[write].range);
    let body = &model.scopes.function(flow.scope).def.body;
    !visit::any_expr(body, |e| {
        matches!(e, Expr::BinOp(b)
            if b.op == ruff_python_ast::Operator::Sub
                && span.contains_range(e.range())
                && data.uses(&b.left))
    })
}

fn names_actor(model: &Model<'_>, expr: &Expr, locals: &[String]) -> bool {
    let text = model.slice(expr.range());
    ACTING_IDS.iter().any(|id| text.contains(id))
        || visit::loaded_names(expr).iter().any(|n| locals.contains(n))
}

/// Locals of the function bound from the acting user's id (`uid =
/// ctx.author.id`), one step.
fn acting_locals(model: &Model<'_>, scope: FuncId) -> Vec<String> {
    let body = &model.scopes.function(scope).def.body;
    let mut out = Vec::new();
    for stmt in visit::scope_stmts(body) {
        let Stmt::Assign(assign) = stmt else { continue };
        let text = model.slice(assign.value.range());
        if !ACTING_IDS.iter().any(|id| text.contains(id)) {
            continue;
        }
        for target in &assign.targets {
            if let Expr::Name(n) = target {
                out.push(n.id.to_string());
            }
        }
    }
    out
}
