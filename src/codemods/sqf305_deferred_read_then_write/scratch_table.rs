//! A write into a scratch table the function itself has just created.
//!
//! `CREATE TABLE {stage} (...)`, then `SELECT ... FROM {table}` and `INSERT
//! INTO {stage}` of what was read (a staging copy before a table is rebuilt):
//! the rows written go to a table this run made moments before, named by the
//! same run-time value, so no other call has rows there to be overwritten. A
//! concurrent run of the same function drops and recreates the table itself:
//! that is a schema race, not a lost update. Where the name is built at run
//! time, the two statements must spell it with the same expression (a local
//! bound once). `CREATE TABLE IF NOT EXISTS` does not count: the table may be
//! there already with other runs' rows (a migration runner's steps table).

use ruff_python_ast::Expr;
use ruff_text_size::Ranged;

use crate::codemods::Context;
use crate::semantic::strings::{Piece, StrValue};
use crate::semantic::transactions::{Flow, Op};

/// The write goes to a table a `CREATE TABLE` earlier in the same flow made.
pub(super) fn writes_own_scratch_table(
    ctx: &Context<'_, '_>,
    flow: &Flow<'_, '_>,
    write: usize,
) -> bool {
    let Some(written) = rendered(ctx, flow, write).and_then(|s| written_name(&s)) else {
        return false;
    };
    flow.events[..write].iter().enumerate().any(|(i, e)| {
        e.op == Op::Ddl
            && rendered(ctx, flow, i).and_then(|s| created_name(&s)) == Some(written.clone())
    })
}

/// The event's SQL, lower case, one space between words, holes spelled as
/// `{expr}` where the expression is a local bound once (else a NUL).
fn rendered(ctx: &Context<'_, '_>, flow: &Flow<'_, '_>, event: usize) -> Option<String> {
    let call = flow.events[event].call?;
    let (_, value) = crate::semantic::connections::sql_of(ctx.model, call)?;
    let text = render(ctx, call.scope, &value);
    Some(
        text.split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_ascii_lowercase(),
    )
}

fn render(
    ctx: &Context<'_, '_>,
    scope: Option<crate::semantic::scopes::FuncId>,
    value: &StrValue<'_>,
) -> String {
    let mut out = String::new();
    for piece in &value.pieces {
        match piece {
            Piece::Text(t) => out.push_str(t),
            Piece::Hole(Some(Expr::Name(n)))
                if ctx.model.assignments_of(scope, n.id.as_str()).len() <= 1 =>
            {
                out.push('{');
                out.push_str(ctx.model.slice(n.range()));
                out.push('}');
            }
            Piece::Hole(_) => out.push('\u{0}'),
        }
    }
    out
}

fn clean(name: &str) -> Option<String> {
    let name = name
        .split('(')
        .next()?
        .trim_matches(|c| matches!(c, '"' | '`' | '[' | ']' | '\''));
    (!name.is_empty() && !name.contains('\u{0}')).then(|| name.to_string())
}

/// `insert [or x] into <t>`, `replace into <t>`, `update [or x] <t>`,
/// `delete from <t>`: `<t>` as spelled, holes included.
fn written_name(sql: &str) -> Option<String> {
    clean(crate::semantic::effects::write_target(
        sql.split(' ').take(6),
    )?)
}

/// `create [temp] table <t>`: `<t>` as spelled (not `if not exists`).
fn created_name(sql: &str) -> Option<String> {
    let mut words = sql.split(' ');
    if words.next()? != "create" {
        return None;
    }
    let mut w = words.next()?;
    if matches!(w, "temp" | "temporary") {
        w = words.next()?;
    }
    if w != "table" {
        return None;
    }
    // `IF NOT EXISTS` may find the table there already, rows and all.
    let name = words.next()?;
    if name == "if" {
        return None;
    }
    clean(name)
}

#[cfg(test)]
mod tests {
    use super::{created_name, written_name};

    #[test]
    fn names_as_spelled() {
        assert_eq!(
            created_name("create table {stage} (rowid integer primary key, embedding blob)"),
            Some("{stage}".to_string())
        );
        assert_eq!(created_name("create table if not exists t_copy(a)"), None);
        assert_eq!(
            written_name("insert into {stage}(rowid, embedding) values (?, ?)"),
            Some("{stage}".to_string())
        );
        assert_eq!(written_name("insert into \u{0} values (?)"), None);
    }
}
