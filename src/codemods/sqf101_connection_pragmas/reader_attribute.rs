//! A class's connection kept on `self` that only ever reads: a search or
//! lookup object opened beside the writers, on a file they switch to WAL.
//!
//! In WAL the reader and the one writer do not block each other
//! (F-one-writer), `synchronous` governs only commits, which this connection
//! never makes, and the rare wait a reader meets (the WAL index being rebuilt)
//! is covered by Python's default 5 s timeout (F-busy-default). So the advice
//! belongs on the writers' connections. Asked only where WAL is set for the
//! file (or for one that may be it).
//!
//! Narrowly: every statement the class runs on the attribute is a read, none
//! commits, the connection is passed to no call, and the attribute appears in
//! the module only as `self.<attr>` assigned, executed on, asked for a cursor
//! or closed (no `return self.conn`, no `other.conn` reaching it from outside).

use ruff_text_size::Ranged;

use crate::codemods::Context;
use crate::semantic::connections::{self, ConnSite, Holder};
use crate::semantic::sql::SqlKind;

pub(super) fn only_reads(ctx: &Context<'_, '_>, site: &ConnSite<'_, '_>) -> bool {
    let Holder::SelfAttr(attr) = &site.holder else {
        return false;
    };
    let model = ctx.model;
    let Some(class) = model.scopes.enclosing_class(site.scope()) else {
        return false;
    };
    let range = model.scopes.classes[class].def.range();
    let (start, end) = (range.start().to_usize(), range.end().to_usize());
    // Other classes of the module may keep a `self.<attr>` of their own (the
    // writer's); no other receiver may reach this one.
    let outside = [&model.text[..start], &model.text[end..]];
    if !uses_stay_on_self(&model.text[start..end], attr, true)
        || !outside.iter().all(|t| uses_stay_on_self(t, attr, false))
    {
        return false;
    }
    let Some(key) = connections::key_of(model, site) else {
        return false;
    };
    if !connections::passed_to(model, &key).is_empty() {
        return false;
    }
    let mut ran_sql = false;
    for call in connections::uses(model, &key) {
        match call.method_name() {
            Some("execute" | "executemany" | "executescript") => {
                let Some((kinds, _)) = connections::sql_of(model, call) else {
                    return false;
                };
                if kinds.iter().any(|k| !matches!(k, SqlKind::Read)) {
                    return false;
                }
                ran_sql = true;
            }
            Some("commit" | "backup" | "iterdump") => return false,
            _ => {}
        }
    }
    ran_sql
}

/// Every `.attr` in `text` is `self.attr`, and where `own` (the class's own
/// text) followed by an assignment, an `execute`, a `cursor()` or a `close()`.
fn uses_stay_on_self(text: &str, attr: &str, own: bool) -> bool {
    let needle = format!(".{attr}");
    let mut rest = text;
    let mut offset = 0;
    while let Some(at) = rest.find(&needle) {
        let start = offset + at;
        let end = start + needle.len();
        let after = &text[end..];
        offset = end;
        rest = &text[end..];
        // A longer name (`.conn_pool` for `.conn`).
        if after
            .chars()
            .next()
            .is_some_and(|c| c.is_alphanumeric() || c == '_')
        {
            continue;
        }
        if !text[..start].ends_with("self") {
            return false;
        }
        if !own {
            continue;
        }
        let after = after.trim_start_matches(' ');
        let allowed = [
            ".execute(",
            ".executemany(",
            ".cursor(",
            ".close(",
            ".row_factory",
        ];
        let assigned = after.starts_with('=') && !after.starts_with("==");
        if !(assigned || allowed.iter().any(|a| after.starts_with(a))) {
            return false;
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::uses_stay_on_self;

    #[test]
    fn attribute_uses() {
        let class = "self.conn = sqlite3.connect(p)\nself.conn.row_factory = sqlite3.Row\nrows = self.conn.execute(q).fetchall()\nself.conn.close()\nself.conn_pool = []\n";
        assert!(uses_stay_on_self(class, "conn", true));
        assert!(!uses_stay_on_self("return self.conn\n", "conn", true));
        assert!(uses_stay_on_self("self.conn.commit()\n", "conn", false));
        assert!(!uses_stay_on_self(
            "search.conn.execute('DELETE FROM t')\n",
            "conn",
            false
        ));
        assert!(!uses_stay_on_self("if self.conn is None:\n", "conn", true));
    }
}
