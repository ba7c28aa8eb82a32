//! The busy timeout a connection ends up with. SQLite keeps one busy handler per
//! connection and the last setting wins (F-busy-last-wins): `connect(timeout=10)`
//! followed by `PRAGMA busy_timeout=5000` on the same connection waits 5 s, not 10.
//! A PRAGMA meant to make sure of a wait can so shorten the one the connect asked for.
//!
//! Only the PRAGMAs run on the connection itself in the module (calls on the
//! variable holding it, or on the connect call's result) are weighed: one set in
//! a function the connection is handed to is known by value only, not where to fix it.

use ruff_text_size::{Ranged, TextRange};

use super::connections::{self, ConnSite};
use super::model::{Callee, Model, Receiver};
use super::pragma_config::{Origin, Setting};

/// A `PRAGMA busy_timeout` that replaces a longer connect timeout.
#[derive(Debug, Clone, Copy)]
pub struct Lowered {
    /// What the PRAGMA sets, in milliseconds.
    pub ms: f64,
    /// The PRAGMA's value in the source (where a fix writes).
    pub range: TextRange,
}

/// The `PRAGMA busy_timeout` settings run on `site`'s connection whose value,
/// in milliseconds, is below `asked_seconds` (the connect's own timeout).
pub fn lowered_by_pragma(
    model: &Model<'_>,
    site: &ConnSite<'_, '_>,
    asked_seconds: f64,
    settings: &[Setting<'_, '_>],
) -> Vec<Lowered> {
    let mut on_connection: Vec<TextRange> = model
        .calls_in(site.scope())
        .filter(|c| matches!(&c.callee, Callee::Method { receiver: Receiver::Call(r), .. } if *r == site.outer))
        .map(|c| c.range())
        .collect();
    if let Some(key) = connections::key_of(model, site) {
        on_connection.extend(connections::uses(model, &key).iter().map(|c| c.range()));
    }
    settings
        .iter()
        .filter(|s| s.name == "busy_timeout" && s.origin == Origin::Sql)
        .filter(|s| s.call.is_some_and(|c| on_connection.contains(&c.range())))
        // The PRAGMA runs after the connect that made the connection.
        .filter(|s| s.anchor.start() > site.call.range().end())
        .filter_map(|s| {
            let ms = number(s.value.as_deref()?)?;
            let range = s.value_range?;
            (ms < asked_seconds * 1000.0).then_some(Lowered { ms, range })
        })
        .collect()
}

/// A numeric literal's value: `0`, `0.5`, `1_000`.
pub fn number(text: &str) -> Option<f64> {
    text.trim().replace('_', "").parse::<f64>().ok()
}

/// A connect of a class that passes no timeout, beside one of the same class that
/// passes the timeout the class was configured with (`timeout=self.timeout`, a
/// parameter, or a literal over Python's 5 s default). The connect without one
/// waits 5 s (F-busy-default; each connection has its own, F-busy-last-wins), so
/// the writes it makes give up sooner than the class means them to.
#[derive(Debug, Clone, Copy)]
pub struct Skipped<'m, 'a> {
    /// The connect that passes no timeout.
    pub call: &'m super::model::Call<'a>,
    /// The timeout expression the other connect passes.
    pub asked: &'a ruff_python_ast::Expr,
    /// The connect that passes it.
    pub with_timeout: &'m super::model::Call<'a>,
}

/// Python's default wait, in seconds (F-busy-default).
const DEFAULT_SECONDS: f64 = 5.0;

/// The connects of each class that skip the class's own timeout. Two connects
/// are weighed together only when they may open one database: the same
/// identity, or either unknown (`databases::identity_of_connect`); never an
/// in-memory one.
pub fn skipped_timeouts<'m, 'a>(model: &'m Model<'a>) -> Vec<Skipped<'m, 'a>> {
    let connects: Vec<&super::model::Call<'a>> = model
        .calls
        .iter()
        .filter(|c| connections::is_sqlite3_connect(c) || connections::is_aiosqlite_connect(c))
        .filter(|c| !in_memory(model, c))
        .collect();
    let mut out = Vec::new();
    for call in &connects {
        if call.argument(1, "timeout").is_some()
            || call.expr.arguments.keywords.iter().any(|k| k.arg.is_none())
        {
            continue;
        }
        let Some(class) = model.scopes.enclosing_class(call.scope) else {
            continue;
        };
        let identity = super::databases::identity_of_connect(model, call);
        let configured = connects.iter().find_map(|other| {
            if model.scopes.enclosing_class(other.scope) != Some(class) {
                return None;
            }
            let asked = other.argument(1, "timeout")?;
            if let Some(seconds) = number(model.slice(asked.range())) {
                if seconds <= DEFAULT_SECONDS {
                    return None;
                }
            } else if !matches!(
                asked,
                ruff_python_ast::Expr::Name(_) | ruff_python_ast::Expr::Attribute(_)
            ) {
                return None;
            }
            let other_identity = super::databases::identity_of_connect(model, other);
            if let (Some(a), Some(b)) = (&identity, &other_identity) {
                if a != b {
                    return None;
                }
            }
            Some((asked, *other))
        });
        if let Some((asked, with_timeout)) = configured {
            out.push(Skipped {
                call,
                asked,
                with_timeout,
            });
        }
    }
    out
}

/// `connect(":memory:")` or a `mode=memory` URI: nobody else can lock it.
fn in_memory(model: &Model<'_>, call: &super::model::Call<'_>) -> bool {
    call.argument(0, "database").is_some_and(|arg| {
        let text = model.slice(arg.range());
        text.contains(":memory:") || text.contains("mode=memory")
    })
}
