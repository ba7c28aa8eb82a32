//! A DELETE of rows a read only picked: nothing read is written back.
//!
//! `SELECT id FROM t WHERE guild = ?`, then for each row (after an API lookup,
//! a failed send, or for all of them) `DELETE FROM t WHERE id = ?`. The write
//! stores nothing derived from the read, so no concurrent update can be
//! overwritten with a stale value: a row another call changed in between is
//! deleted as it would have been a moment later, and one it deleted already
//! makes this DELETE match nothing.
//!
//! The delete is a hazard when the choice rests on a state a concurrent writer
//! can flip, and so it stays reported:
//! - the read's filter is more than key equality (`expires_at <= ?`, `status =
//!   'done'`, `LIKE`, `NOT IN`): a concurrent refresh (a mempool re-add, a
//!   scanner marking a row present again) makes the row no longer match, and
//!   this DELETE removes it anyway;
//! - the read picks one row of many (`ORDER BY`, `LIMIT`): a queue pop, which
//!   two workers both take;
//! - a test between the read and the write compares anything by order (`if
//!   n > 3:`, a count from another read against a threshold), or what was read
//!   against a literal (`if row["status"] == "expired":`). A test
//!   of what was read against the caller's own values (`if uid ==
//!   message.chat.id`), or of whether a value is there, decides nothing about
//!   row state.

use ruff_python_ast::visitor::{self, Visitor};
use ruff_python_ast::{self as ast, Expr, Stmt};
use ruff_text_size::Ranged;

use crate::codemods::Context;
use crate::semantic::connections;
use crate::semantic::read_dependence::ReadData;
use crate::semantic::transactions::{self, Flow, scope_stmts};

/// The write is a DELETE whose rows the read only picked (see the module doc).
pub(super) fn only_picks_rows(
    ctx: &Context<'_, '_>,
    flow: &Flow<'_, '_>,
    read: usize,
    write: usize,
) -> bool {
    let model = ctx.model;
    let sql = |i: usize| {
        flow.events[i]
            .call
            .and_then(|c| connections::normalized_sql(model, c))
    };
    let (Some(read_sql), Some(write_sql)) = (sql(read), sql(write)) else {
        return false;
    };
    if !write_sql.starts_with("delete ") || read_sql.contains('\u{0}') {
        return false;
    }
    if [" order by ", " limit ", " group by ", " having "]
        .iter()
        .any(|k| read_sql.contains(k))
    {
        return false;
    }
    if !key_filter(&read_sql) {
        return false;
    }
    let Some(data) = transactions::read_data(model, flow, read, write) else {
        return false;
    };
    let (from, to) = (
        flow.events[read].range.start(),
        flow.events[write].range.start(),
    );
    let body = &model.scopes.function(flow.scope).def.body;
    let ancestors = crate::semantic::read_dependence::ancestors(body, flow.events[write].range);
    let tests = scope_stmts(body).into_iter().filter_map(|s| {
        let test: &Expr = match s {
            Stmt::If(i) => &i.test,
            Stmt::While(w) => &w.test,
            _ => return None,
        };
        let between = s.start() >= from && s.start() < to;
        let around = ancestors.iter().any(|a| a.range() == s.range());
        (between || around).then_some((s, test))
    });
    for (stmt, test) in tests {
        if decides_by_state(&data, test) {
            return false;
        }
        if let Stmt::If(i) = stmt {
            let elif_decides = i
                .elif_else_clauses
                .iter()
                .filter_map(|c| c.test.as_ref())
                .any(|t| decides_by_state(&data, t));
            if elif_decides {
                return false;
            }
        }
    }
    true
}

/// The read's WHERE, if any, holds only `column = ?` terms joined by AND/OR
/// (or `IN (?, ...)` of bound values): it picks rows by key, not by a state.
fn key_filter(sql: &str) -> bool {
    let Some(at) = sql.find(" where ") else {
        return true;
    };
    let clause = &sql[at + " where ".len()..];
    let clause = clause.trim().trim_end_matches(';');
    let mut terms = Vec::new();
    for part in clause.split(" and ") {
        terms.extend(part.split(" or "));
    }
    terms.iter().all(|term| {
        let term = term.trim().trim_matches(|c| c == '(' || c == ')').trim();
        let (column, value) = if let Some((c, v)) = term.split_once("==") {
            (c, v)
        } else if let Some((c, v)) = term.split_once(" in ") {
            (c, v)
        } else if let Some((c, v)) = term.split_once('=') {
            (c, v)
        } else {
            return false;
        };
        let column = column.trim();
        let value = value.trim().trim_matches(|c| c == '(' || c == ')').trim();
        let plain_column = !column.is_empty()
            && column
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '.');
        let bound = !value.is_empty()
            && value.split(',').all(|v| {
                let v = v.trim();
                v == "?" || (v.starts_with(':') && v.len() > 1) || v.starts_with("%(")
            });
        plain_column && !column.ends_with(['<', '>', '!']) && bound
    })
}

/// `test` compares what was read by order, or against a literal.
fn decides_by_state(data: &ReadData<'_>, test: &Expr) -> bool {
    struct Finder<'d, 'r> {
        data: &'d ReadData<'r>,
        found: bool,
    }
    impl<'a> Visitor<'a> for Finder<'_, '_> {
        fn visit_expr(&mut self, expr: &'a Expr) {
            if self.found {
                return;
            }
            if let Expr::Compare(c) = expr {
                let operands: Vec<&Expr> = std::iter::once(&*c.left)
                    .chain(c.comparators.iter())
                    .collect();
                let ordered = c.ops.iter().any(|op| {
                    matches!(
                        op,
                        ast::CmpOp::Lt | ast::CmpOp::LtE | ast::CmpOp::Gt | ast::CmpOp::GtE
                    )
                });
                // A count or limit decides it, whichever read it came from
                // (`if star_count < threshold:` after a COUNT of another read).
                if ordered {
                    self.found = true;
                    return;
                }
                if operands.iter().any(|o| self.data.uses(o)) {
                    let literal = operands.iter().any(|o| {
                        matches!(
                            o,
                            Expr::StringLiteral(_)
                                | Expr::NumberLiteral(_)
                                | Expr::BooleanLiteral(_)
                                | Expr::Tuple(_)
                                | Expr::List(_)
                                | Expr::Set(_)
                        )
                    });
                    if literal {
                        self.found = true;
                        return;
                    }
                }
            }
            visitor::walk_expr(self, expr);
        }
    }
    let mut finder = Finder { data, found: false };
    finder.visit_expr(test);
    finder.found
}

#[cfg(test)]
mod tests {
    use super::key_filter;

    #[test]
    fn key_filters() {
        assert!(key_filter("select id from t"));
        assert!(key_filter("select a, b from t where guild_id = ?"));
        assert!(key_filter(
            "select a from t where user_id == ? and guild = :g"
        ));
        assert!(!key_filter("select id from t where expires_at <= ?"));
        assert!(!key_filter("select id from t where status = 'done'"));
        assert!(!key_filter("select id from t where a = ? and b is null"));
        assert!(!key_filter("select id from t where a != ?"));
        assert!(!key_filter("select id from t where name like ?"));
    }
}
