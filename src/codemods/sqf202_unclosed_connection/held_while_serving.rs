//! A start-up connection opened as `with <connect>(...) as conn:` (sqlite3's,
//! or one a project factory returns) in a function that then serves
//! (`server.serve_forever()`, `app.run()`) without closing it. The `with` only
//! ends the transaction (docs/sqlite-facts.md#F-with-no-close), and the name
//! stays bound in a frame that lasts as long as the server: the connection
//! is never collected, and stays open beside the ones the server works with,
//! holding its descriptor (and the file, against a rename or a delete). A
//! start-up step whose function returns drops its connection soon after, so
//! it is not reported (check/scope.rs); nor one the function closes or hands
//! on (semantic/startup_local.rs::held_while_serving). Advice only: closing
//! it after preparation is the fix, wherever preparation ends.

use super::super::{Context, Meta};
use super::in_memory;
use crate::finding::Finding;
use crate::semantic::connections::{ConnSite, Driver};
use crate::semantic::startup_local;

/// `out` holds this module's SQF202 findings so far; a site already reported
/// (the `with` item's own finding) gets the server's part of the story.
pub(super) fn check(
    meta: &'static Meta,
    ctx: &Context<'_, '_>,
    sites: &[ConnSite<'_, '_>],
    out: &mut Vec<Finding>,
) {
    let model = ctx.model;
    for site in sites {
        if !matches!(site.driver, Driver::Sqlite3 | Driver::Factory(_))
            || site.outer != site.call.range()
            || in_memory(ctx, site)
        {
            continue;
        }
        let Some(serve) = startup_local::held_while_serving(model, site) else {
            continue;
        };
        let Some(scope) = site.scope() else {
            continue;
        };
        let function = model.scopes.function(scope).name();
        // `HTTPServer(addr, H).serve_forever` reads as `serve_forever`.
        let serve = serve.rsplit_once(").").map_or(serve, |(_, tail)| tail);
        let serving = format!(
            "`{function}()` goes on to serve (`{serve}()`) with it still bound, so it stays open for the life of the server beside the connections the server works with"
        );
        // The `with` item's own finding (and fix) says the rest.
        if let Some(f) = out.iter_mut().find(|f| f.range == site.call.range()) {
            f.message = format!("{}; {serving}", f.message);
            continue;
        }
        let what = match &site.driver {
            Driver::Factory(name) => format!("the connection `{name}()` returns"),
            _ => "the `sqlite3.connect()` connection".to_string(),
        };
        let message = format!(
            "{what} used as a `with` item is never closed: the `with` only ends its transaction (docs/sqlite-facts.md#F-with-no-close), and {serving}"
        );
        let note = "close it once the start-up work is done: `with contextlib.closing(<connect>(...)) as conn, conn:`, or `conn.close()` after the block";
        out.push(Finding::new(meta, site.call.range(), message).with_note(note));
    }
}
