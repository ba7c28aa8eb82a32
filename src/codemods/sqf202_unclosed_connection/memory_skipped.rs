//! A `close()` that skips in-memory databases on purpose: the class keeps a
//! sqlite3 connection on `self.<attr>` and its `close()` closes it only when
//! the database is not `:memory:` (`if self.filename != ":memory:":
//! self.con.close()`, or `if self.filename == ":memory:": return` first). The
//! author keeps the in-memory database alive because closing it loses its
//! data, yet every object built on `:memory:` and closed that way keeps its
//! connection and the database's pages until the cyclic garbage collector runs
//! (docs/sqlite-facts.md#F-unclosed-lingers), however carefully its callers
//! close it. Objects made per item (a data object per measured file, combined
//! into one) pile them up.
//!
//! Advice only: the fix is a way to really close (`close(force=True)`) that the
//! code which is done with the data calls, which only the callers know.

use ruff_python_ast::{CmpOp, Expr, Stmt};
use ruff_text_size::{Ranged, TextRange};

use super::super::{Context, Meta};
use crate::finding::Finding;
use crate::semantic::connections::{ConnSite, Driver, Holder};
use crate::semantic::private_memory::is_private_memory_name;
use crate::semantic::visit::{self, is_self_attr};

pub fn check(
    meta: &'static Meta,
    ctx: &Context<'_, '_>,
    sites: &[ConnSite<'_, '_>],
    out: &mut Vec<Finding>,
) {
    let model = ctx.model;
    let mut seen: Vec<(usize, String)> = Vec::new();
    for site in sites {
        let Holder::SelfAttr(attr) = &site.holder else {
            continue;
        };
        if site.driver != Driver::Sqlite3 {
            continue;
        }
        let Some(class) = model.scopes.enclosing_class(site.scope()) else {
            continue;
        };
        if seen.iter().any(|(c, a)| *c == class && a == attr) {
            continue;
        }
        seen.push((class, attr.clone()));
        let Some(close) = model.scopes.method(class, "close") else {
            continue;
        };
        let body = &model.scopes.function(close).def.body;
        let Some(test) = skipping_test(body, attr) else {
            continue;
        };
        let qualname = &model.scopes.classes[class].qualname;
        let message = format!(
            "`{qualname}.close()` never closes `self.{attr}` on an in-memory database (`{}`): every `{qualname}` opened on `:memory:` keeps its connection and the database's pages after `close()`, until the cyclic garbage collector runs (docs/sqlite-facts.md#F-unclosed-lingers)",
            model.slice(test)
        );
        out.push(Finding::new(meta, site.call.range(), message).with_note(
            "give `close()` a way to really close (`close(force=True)`, or a separate `discard()`) and call it where the in-memory data is no longer needed (after it was combined or written out); keep the skip only for the one object that must outlive its `close()`"
                .to_string(),
        ));
    }
}

/// The test that keeps `close()` from closing `self.<attr>` on `:memory:`:
/// the `if` around the close comparing with `!=`/`not in` against a memory
/// name, or an earlier `if ... == ":memory:": return`.
fn skipping_test(body: &[Stmt], attr: &str) -> Option<TextRange> {
    for stmt in body {
        let Stmt::If(if_stmt) = stmt else {
            continue;
        };
        let closes = closes_attr(&if_stmt.body, attr);
        if closes && compares_memory(&if_stmt.test, &[CmpOp::NotEq, CmpOp::NotIn]) {
            return Some(if_stmt.test.range());
        }
        let returns = if_stmt
            .body
            .iter()
            .any(|s| matches!(s, Stmt::Return(r) if r.value.is_none()));
        if returns
            && if_stmt.elif_else_clauses.is_empty()
            && compares_memory(&if_stmt.test, &[CmpOp::Eq, CmpOp::In])
            && closes_attr(body, attr)
        {
            return Some(if_stmt.test.range());
        }
    }
    None
}

/// `self.<attr>.close()` somewhere in `body`.
fn closes_attr(body: &[Stmt], attr: &str) -> bool {
    visit::any_expr(body, |e| {
        matches!(e, Expr::Call(c) if matches!(&*c.func, Expr::Attribute(m)
            if m.attr.as_str() == "close" && is_self_attr(&m.value, attr)))
    })
}

/// A comparison (alone or in an `and`) with one of `ops` against a private
/// in-memory database name. An `or` (`force or name != ":memory:"`) leaves a
/// way to close: not a skip.
fn compares_memory(test: &Expr, ops: &[CmpOp]) -> bool {
    match test {
        Expr::BoolOp(b) if b.op == ruff_python_ast::BoolOp::And => {
            b.values.iter().any(|v| compares_memory(v, ops))
        }
        Expr::Compare(cmp) => {
            cmp.ops.iter().all(|op| ops.contains(op))
                && std::iter::once(&*cmp.left)
                    .chain(cmp.comparators.iter())
                    .any(names_memory)
        }
        _ => false,
    }
}

/// `":memory:"`, or a tuple/list/set holding it.
fn names_memory(e: &Expr) -> bool {
    match e {
        Expr::StringLiteral(s) => {
            let name = s.value.to_str();
            !name.is_empty() && is_private_memory_name(name)
        }
        Expr::Tuple(t) => t.elts.iter().any(names_memory),
        Expr::List(l) => l.elts.iter().any(names_memory),
        Expr::Set(s) => s.elts.iter().any(names_memory),
        _ => false,
    }
}
