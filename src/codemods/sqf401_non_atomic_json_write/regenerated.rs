//! A standalone script (a `__main__` guard, imported by no other module, no
//! threads or processes of its own) that writes a JSON file nothing in its own
//! process reads back: it derives the file from its sources (fixtures from a
//! log, a list from a data dump, a schema from code). A crash mid-write tears
//! the output in front of the developer who ran it, and running it again
//! rebuilds it from the same sources: nothing is lost, so it is no checkpoint.
//! A script that loads the file again (itself or through what it imports) may
//! resume from it, and stays reported; so does a path the script's reads
//! cannot be told apart from (a parameter) when the script reads any JSON.

use ruff_python_ast::Expr;

use super::super::Context;
use crate::semantic::file_readers::{ReadBack, Readers};
use crate::semantic::model::Call;
use crate::semantic::path_idents;

pub(super) fn by_standalone_script(ctx: &Context<'_, '_>, call: &Call<'_>, target: &Expr) -> bool {
    let Some(graph) = ctx.project.index.import_graph() else {
        return false;
    };
    let path = ctx.model.path;
    if graph.script_is_concurrent(path) != Some(false) {
        return false;
    }
    let Some(closure) = graph.closure(path) else {
        return false;
    };
    // The reads the script's own process makes: its modules' and its own.
    let own = crate::semantic::file_readers::of_module(ctx.model);
    let reads = ctx
        .project
        .index
        .modules
        .iter()
        .filter(|m| m.path != path && graph.loads(&closure, &m.path))
        .flat_map(|m| m.facts.file_reads.iter())
        .chain(own.iter());
    let readers = Readers::of_reads(reads);
    let ident = path_idents::of_expr(ctx.model, target, call.scope);
    match readers.read_back(&ident) {
        Some(verdict) => verdict != ReadBack::Read,
        // A path that does not say which file it is: only a script that reads
        // no file at all cannot resume from it.
        None => {
            let any = ctx
                .project
                .index
                .modules
                .iter()
                .filter(|m| m.path != path && graph.loads(&closure, &m.path))
                .any(|m| !m.facts.file_reads.is_empty());
            !any && own.is_empty()
        }
    }
}
