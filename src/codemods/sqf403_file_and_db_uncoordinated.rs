//! SQF403 file-and-db-uncoordinated: one function records a document's state in
//! SQLite and then writes that document's checkpoint file, so the database can
//! say "done" while the file still holds the old state.
//!
//! Matches, in one function, a database commit (a `commit()`, the end of a
//! `with conn:` block that wrote, or a call to a project function that writes
//! rows) followed by a checkpoint file write (a JSON/pickle dump, `write_text`,
//! a rename into place, or a project function that writes one) where both read
//! the same parameter or loop variable of the function (the document). A crash between the two
//! leaves them disagreeing; which one a restart believes decides whether a stage
//! is skipped with its output missing. The safe order is the file first (written
//! atomically and fsynced, SQF401/SQF404) and then the row that says it exists,
//! so that is left alone. A commit and a file write on different arms of one
//! `if/elif` (a save routine that picks SQLite, JSON or XML by the file's
//! extension), or a commit whose block returns before the write, are
//! alternatives: no run does both (semantic::exclusive_paths).
//!
//! Display-only: reordering is a decision about the recovery protocol. When the
//! two are statements of one block, the suggestion moves the file write before
//! the database write; the note says what to confirm.

use ruff_python_ast::{Expr, Stmt};
use ruff_text_size::{Ranged, TextRange, TextSize};

use super::{Codemod, Context};
use crate::finding::{Finding, Severity};
use crate::fix::{Edit, Fix, codegen, statements};
use crate::semantic::effects;
use crate::semantic::model::{AssignKind, Model, Target};
use crate::semantic::scopes::FuncId;
use crate::semantic::uses::{UseKind, uses_of_name};
use crate::semantic::visit;

pub struct FileAndDbUncoordinated;

const NOTE: &str = "Needs confirmation: on restart, which source wins, the row or the file? Check that resuming reads one source of truth, and that the file is written (fsync, then os.replace) before the row that says it exists is committed; or keep the checkpoint in SQLite, in the same transaction as the status";

impl Codemod for FileAndDbUncoordinated {
    crate::codemod_meta!("SQF403-file-and-db-uncoordinated");

    fn check(&self, ctx: &Context<'_, '_>, out: &mut Vec<Finding>) {
        for id in 0..ctx.model.scopes.functions.len() {
            out.extend(check_function(self, ctx, id));
        }
    }
}

/// A point in the function where the database or a file is written.
struct Event {
    /// Where it takes effect: the call, or the end of the `with` block.
    at: TextSize,
    /// The call or block, for the message and the anchor.
    range: TextRange,
    /// Parameters of the function it reads.
    params: Vec<String>,
    /// Seen through a project function that is not seen to commit (assumed).
    helper: bool,
    /// Only progress counters: a crash that loses the file behind it misleads a
    /// reader, not the resume (a status or stage marker is what resuming reads).
    bookkeeping: bool,
}

fn check_function(
    codemod: &FileAndDbUncoordinated,
    ctx: &Context<'_, '_>,
    id: FuncId,
) -> Vec<Finding> {
    let model = ctx.model;
    let function = model.scopes.function(id);
    // What names a document: the function's parameters, and the variables of its
    // loops (`for doc_id in doc_ids`).
    let mut params: Vec<String> = function
        .parameter_names()
        .iter()
        .map(|s| s.to_string())
        .collect();
    params.extend(
        model
            .assignments_in(Some(id))
            .filter(|a| a.kind == AssignKind::ForLoop)
            .filter_map(|a| match &a.target {
                Target::Name(n) => Some(n.clone()),
                _ => None,
            }),
    );
    if params.is_empty() {
        return Vec::new();
    }
    let loaded = Loaded::default();
    // A finding is a file write after a commit: a function that writes no file
    // needs no look at its commits (most functions write none).
    let files = file_writes(ctx, id, &params, &loaded);
    if files.is_empty() {
        return Vec::new();
    }
    let commits = db_commits(ctx, id, &params, &loaded);
    // Each file write that follows a commit about the same document, with the
    // last such commit before it: one that stores data first (a row, a status,
    // a stage marker), one the function makes itself first.
    // A commit on one arm of an extension switch (`.db` saved to SQLite, any
    // other name as XML or JSON) and a file written on another are
    // alternatives, never a pair: no run does both.
    let body = &model.scopes.function(id).def.body;
    let mut out = Vec::new();
    for file in &files {
        let before = |data: bool| -> Option<&Event> {
            let candidates: Vec<&Event> = commits
                .iter()
                .filter(|c| {
                    c.at <= file.range.start()
                        && c.bookkeeping != data
                        && c.params.iter().any(|p| file.params.contains(p))
                        && crate::semantic::exclusive_paths::can_precede(body, c.range, file.range)
                })
                .collect();
            candidates
                .iter()
                .rfind(|c| !c.helper)
                .or(candidates.last())
                .copied()
        };
        if let Some(commit) = before(true).or_else(|| before(false)) {
            out.push(finding(codemod, model, id, &params, commit, file));
        }
    }
    out
}

fn finding(
    codemod: &FileAndDbUncoordinated,
    model: &Model<'_>,
    id: FuncId,
    params: &[String],
    commit: &Event,
    file: &Event,
) -> Finding {
    let commit_line = model.line_column(commit.range.start()).0;
    // The document: a shared parameter, an id first.
    let shared: Vec<String> = params
        .iter()
        .filter(|p| commit.params.contains(p) && file.params.contains(p))
        .cloned()
        .collect();
    let document = shared
        .iter()
        .find(|p| p.ends_with("id"))
        .or(shared.first())
        .cloned()
        .unwrap_or_default();
    let message = format!(
        "Checkpoint file for `{document}` is written after its database state is committed (line {commit_line}): a crash in between leaves the database ahead of the file"
    );
    let mut finding = Finding::new(codemod.meta(), file.range, message).with_note(NOTE);
    if commit.helper || commit.bookkeeping {
        finding = finding.with_severity(Severity::Monitor);
    }
    if let Some(edits) = reorder(model, id, commit.range, file.range, &shared) {
        finding = finding.with_fix(Fix::display_only(
            "Write the checkpoint file before the database records it",
            edits,
        ));
    }
    finding
}

/// The names the function loads, with where: walked once per function, when
/// the first event asks, instead of once per event.
type Loaded = std::cell::OnceCell<Vec<(String, TextRange)>>;

fn params_read(
    model: &Model<'_>,
    range: TextRange,
    id: FuncId,
    params: &[String],
    loaded: &Loaded,
) -> Vec<String> {
    loaded
        .get_or_init(|| visit::names_loaded(&model.scopes.function(id).def.body))
        .iter()
        .filter(|(n, r)| range.contains_range(*r) && params.contains(n))
        .map(|(n, _)| n.clone())
        .collect()
}

/// Commits in the function, with what they commit about.
fn db_commits(ctx: &Context<'_, '_>, id: FuncId, params: &[String], loaded: &Loaded) -> Vec<Event> {
    let model = ctx.model;
    let body = &model.scopes.function(id).def.body;
    let mut out = Vec::new();
    let writes: Vec<TextRange> = model
        .calls_in(Some(id))
        .filter(|c| effects::sql_write(model, c).is_some())
        .map(|c| c.range())
        .collect();
    // Whether the direct writes in `span` only move progress counters.
    let bookkeeping_in = |span: TextRange| {
        !model.calls_in(Some(id)).any(|c| {
            span.contains_range(c.range())
                && effects::sql_write(model, c).is_some_and(|w| !w.counter)
        })
    };
    let body_start = body.first().map_or(TextSize::default(), Ranged::start);
    // Direct writes count from their commit; the document is named by the writes.
    let write_params: Vec<String> = writes
        .iter()
        .flat_map(|r| {
            params_read(
                model,
                model.call_at(*r).map_or(*r, |c| c.stmt.range()),
                id,
                params,
                loaded,
            )
        })
        .collect();
    for call in model.calls_in(Some(id)) {
        if effects::is_commit(model, call) && writes.iter().any(|w| w.end() <= call.range().start())
        {
            out.push(Event {
                at: call.range().start(),
                range: call.range(),
                params: write_params.clone(),
                helper: false,
                bookkeeping: bookkeeping_in(TextRange::new(body_start, call.range().start())),
            });
        } else if effects::sql_write(model, call).is_none()
            && effects::reaches(ctx.project, model, call, |e| e.sql_write)
            && !effects::reaches(ctx.project, model, call, |e| e.file_write)
        {
            // A helper that writes rows (and commits them, as helpers do).
            out.push(Event {
                at: call.range().end(),
                range: call.range(),
                params: params_read(model, call.range(), id, params, loaded),
                // Its commit is seen when the helper (or what it calls) commits.
                helper: !effects::reaches(ctx.project, model, call, |e| e.commits),
                bookkeeping: !effects::reaches(ctx.project, model, call, |e| e.data_write),
            });
        }
    }
    // `with conn:` / `with sqlite3.connect(p) as conn:` commits when it ends.
    visit::any_stmt(body, |s| {
        if let Stmt::With(w) = s {
            let wrote = writes.iter().any(|r| w.range().contains_range(*r));
            let receiver_of_write = |item: &Expr| {
                let text = model.slice(item.range());
                model.calls_in(Some(id)).any(|c| {
                    w.range().contains_range(c.range())
                        && effects::sql_write(model, c).is_some()
                        && matches!(&*c.expr.func, Expr::Attribute(a) if model.slice(a.value.range()) == text)
                })
            };
            let sqlite_block = !w.is_async
                && w.items
                    .iter()
                    .any(|i| match (&i.context_expr, &i.optional_vars) {
                        (e @ (Expr::Name(_) | Expr::Attribute(_)), None) => receiver_of_write(e),
                        (Expr::Call(c), Some(_)) => model
                            .resolve(&c.func, Some(id))
                            .is_some_and(|q| q == "sqlite3.connect"),
                        _ => false,
                    });
            if wrote && sqlite_block {
                out.push(Event {
                    at: w.end(),
                    range: w.items[0].range(),
                    params: params_read(model, w.range(), id, params, loaded),
                    helper: false,
                    bookkeeping: bookkeeping_in(w.range()),
                });
            }
        }
        false
    });
    out.sort_by_key(|e| e.at);
    out
}

/// Checkpoint file writes in the function, with what they are about.
fn file_writes(
    ctx: &Context<'_, '_>,
    id: FuncId,
    params: &[String],
    loaded: &Loaded,
) -> Vec<Event> {
    let model = ctx.model;
    let body = &model.scopes.function(id).def.body;
    model
        .calls_in(Some(id))
        .filter(|c| {
            effects::is_file_write(model, c)
                || (effects::reaches(ctx.project, model, c, |e| e.file_write)
                    && !effects::reaches(ctx.project, model, c, |e| e.sql_write)
                    && !names_a_cache(model.slice(c.expr.func.range())))
        })
        .map(|c| {
            // The path is named where the file is opened: the `with` around a dump.
            let mut scope_range = c.stmt.range();
            visit::any_stmt(body, |s| {
                if let Stmt::With(w) = s {
                    if w.body.iter().any(|b| b.range().contains_range(c.range())) {
                        scope_range = w.range();
                    }
                }
                false
            });
            Event {
                at: c.range().start(),
                range: c.range(),
                params: params_read(model, scope_range, id, params, loaded),
                helper: !effects::is_file_write(model, c),
                bookkeeping: false,
            }
        })
        .collect()
}

/// A helper named for a cache (`set_recall_cache(...)`, `cache.save(...)`)
/// writes no checkpoint: a cache file behind the database is a stale entry
/// that the next lookup replaces, and nothing resumes from it.
fn names_a_cache(callee: &str) -> bool {
    callee.to_ascii_lowercase().contains("cache")
}

/// Moves the statement that writes the file to just before the one that commits,
/// when both are statements of one block and the file write reads nothing the
/// statements in between assign.
fn reorder(
    model: &Model<'_>,
    id: FuncId,
    commit: TextRange,
    file: TextRange,
    documents: &[String],
) -> Option<Vec<Edit>> {
    let text = model.text;
    let body = &model.scopes.function(id).def.body;
    let db_writes: Vec<TextRange> = model
        .calls_in(Some(id))
        .filter(|c| {
            c.range() == commit
                || (effects::sql_write(model, c).is_some() && c.range().end() <= commit.start())
        })
        .map(|c| c.range())
        .collect();
    let first_write = db_writes
        .iter()
        .min_by_key(|r| r.start())
        .copied()
        .unwrap_or(commit);
    // The innermost block holding both, then its statements that hold each.
    let mut suite: &[Stmt] = body;
    loop {
        let holder = suite
            .iter()
            .find(|s| s.range().contains_range(first_write) && s.range().contains_range(file));
        let Some(holder) = holder else {
            break;
        };
        suite = crate::semantic::visit::child_suites(holder)
            .into_iter()
            .find(|b| {
                b.iter().any(|s| s.range().contains_range(first_write))
                    && b.iter().any(|s| s.range().contains_range(file))
            })?;
    }
    let file_stmt = suite.iter().find(|s| s.range().contains_range(file))?;
    let first_db = suite
        .iter()
        .find(|s| s.range().contains_range(first_write))?;
    if first_db.start() >= file_stmt.start() {
        return None;
    }
    let between = TextRange::new(first_db.start(), file_stmt.start());
    let assigned: Vec<String> = visit::names_stored(body)
        .into_iter()
        .filter(|(_, r)| between.contains_range(*r))
        .map(|(n, _)| n)
        .collect();
    let reads = visit::names_loaded(std::slice::from_ref(file_stmt));
    if reads.iter().any(|(n, _)| assigned.contains(n)) {
        return None;
    }
    // Nor may the statements in between change what the file write reads:
    // `state["done"].append(x)`, `state[k] = v`, or handing it to a call. The
    // document's own id may be passed around.
    let local = |n: &str| {
        model.scopes.function(id).parameter_names().contains(&n)
            || visit::names_stored(body).iter().any(|(m, _)| m == n)
    };
    for (name, _) in &reads {
        if !local(name) || documents.contains(name) {
            continue;
        }
        let changed = uses_of_name(body, name).iter().any(|u| {
            between.contains_range(u.range)
                && !matches!(u.kind, UseKind::Test | UseKind::AttributeRead(_))
        });
        if changed {
            return None;
        }
    }
    if !codegen::owns_lines(text, file_stmt) || !codegen::owns_lines(text, first_db) {
        return None;
    }
    let indent = codegen::indentation_at(text, first_db.start());
    let moved = statements::reindented(model, file_stmt, indent);
    Some(vec![
        Edit::delete(codegen::statement_lines(text, file_stmt, file_stmt)),
        Edit::insert(codegen::line_start(text, first_db.start()), moved),
    ])
}
