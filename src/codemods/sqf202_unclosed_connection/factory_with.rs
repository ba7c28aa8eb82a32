//! A connection factory whose callers in its own module use what it returns as
//! `with factory(p) as conn:`. Each `with` commits but never closes, so every
//! call leaves a descriptor (and, after an exception, possibly a lock) behind;
//! in a server that is one per request. The callers are reported with their own
//! fix; this adds one finding at the factory itself, under the same root, because
//! the maintainers' fix is there: a factory that closes what it hands out.

use ruff_text_size::{Ranged, TextRange};

use super::super::{Context, Meta};
use crate::finding::{Confidence, Finding, Root};
use crate::semantic::connections::{ConnSite, Driver, Holder};

/// `out` holds this module's SQF202 findings so far.
pub(super) fn check(
    meta: &'static Meta,
    ctx: &Context<'_, '_>,
    sites: &[ConnSite<'_, '_>],
    out: &mut Vec<Finding>,
) {
    let model = ctx.model;
    // qualname -> (the root its callers' findings share, how many callers).
    let mut factories: Vec<(String, Root, usize)> = Vec::new();
    for site in sites {
        if !matches!(site.holder, Holder::WithItem { .. })
            || !matches!(site.driver, Driver::Factory(_))
        {
            continue;
        }
        let Some((None, summary)) = ctx.project.factory_function(model, site.call) else {
            continue;
        };
        let Some(root) = out
            .iter()
            .filter(|f| f.range == site.call.range())
            .find_map(|f| f.root.clone().filter(|r| r.key.starts_with("factory:")))
        else {
            continue;
        };
        match factories
            .iter_mut()
            .find(|(q, _, _)| *q == summary.qualname)
        {
            Some(entry) => entry.2 += 1,
            None => factories.push((summary.qualname.clone(), root, 1)),
        }
    }
    for (qualname, root, callers) in factories {
        let Some(scope) = model
            .scopes
            .functions
            .iter()
            .position(|f| f.qualname == qualname)
        else {
            continue;
        };
        // The connection the factory creates, or its `def` when it reaches one
        // through another helper.
        let range = sites
            .iter()
            .find(|s| s.scope() == Some(scope) && s.driver == Driver::Sqlite3)
            .map(|s| s.call.range())
            .unwrap_or_else(|| def_name(model.scopes.function(scope).def));
        // A factory whose own connection is already reported (it returns it
        // out of a `with`) says the same there.
        if out.iter().any(|f| f.range == range) {
            continue;
        }
        let name = qualname.rsplit('.').next().unwrap_or(&qualname);
        let callers = if callers == 1 {
            "its caller here uses".to_string()
        } else {
            format!("{callers} callers here use")
        };
        out.push(
            Finding::new(
                meta,
                range,
                format!(
                    "`{qualname}()` hands out connections that {callers} as `with {name}(...) as conn:`, which commits but never closes them"
                ),
            )
            .with_confidence(Confidence::Medium)
            .with_note(format!(
                "make `{name}` close what it hands out: a `@contextlib.contextmanager` that yields the connection inside `with conn:` and closes it in `finally` (unsafe: every caller must then use it in a `with`), or keep the callers' `contextlib.closing(...)` fixes"
            ))
            .with_root(root),
        );
    }
}

fn def_name(def: &ruff_python_ast::StmtFunctionDef) -> TextRange {
    def.name.range()
}
