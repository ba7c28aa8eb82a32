//! A SQLAlchemy engine the program only reads through, beside another opener
//! of the same file that writes: a monitor's settings engine that loads its
//! configuration rows, while the monitor's writers commit through an engine of
//! their own.
//!
//! In the rollback journal a reader's own PRAGMAs change nothing for anyone:
//! its SELECTs hold the shared lock for one statement, and `synchronous` only
//! governs commits, which it never makes. WAL is a property of the file
//! (F-wal-persists): the writer's connection sets it for every connection, this
//! one included. So the advice belongs on the writer's engine, and there it
//! stays.
//!
//! Decided within the engine's module, and narrowly: the engine is bound to a
//! module-level name no other module imports, and every function that names it
//! shows no write (no commit, no `add`/`merge`/`delete`/`flush`, no
//! INSERT/UPDATE/DELETE/DDL text, no `create_all`, no `begin`), hands out no
//! session or connection (no `yield`, no `return` of one), and no module-level
//! statement but its own assignment and event listeners uses it (a
//! `sessionmaker(bind=engine)` there serves callers this module cannot see).

use ruff_text_size::TextRange;

use super::model::Model;
use super::project::ProjectView;

/// Words in a function's text that show a write (lower-cased match): the ORM's
/// session writes, Core's DML builders and SQL text, schema creation and an
/// explicit transaction. Deliberately broad: a word that is no write here
/// (`settings.update(row)`) only keeps the finding.
const WRITE_WORDS: &[&str] = &[
    "commit",
    ".add(",
    ".add_all(",
    ".merge(",
    ".delete(",
    ".flush(",
    "insert",
    "update",
    "delete",
    "replace",
    "create",
    "drop",
    "alter",
    "begin",
    "to_sql",
    "bulk_",
];

/// The engine bound to `holder` at `engine` (the `create_engine` call) is only
/// read through, and another opener of the project names the same file
/// (`identity`, semantic::databases): the writer whose engine carries the advice.
pub fn read_only_beside_writer(
    view: &ProjectView<'_>,
    model: &Model<'_>,
    holder: Option<&str>,
    engine: TextRange,
    identity: Option<&str>,
) -> bool {
    let (Some(holder), Some(identity)) = (holder, identity) else {
        return false;
    };
    if holder.contains('.') || !only_read(model, holder, engine) || imported_elsewhere(view, holder)
    {
        return false;
    }
    let line = model.line_column(engine.start()).0;
    let own_other = view
        .own
        .facts
        .databases
        .iter()
        .any(|o| o.identity == identity && o.line != line);
    own_other
        || view.index.modules.iter().enumerate().any(|(m, module)| {
            Some(m) != view.module
                && super::sole_connection::counted(module)
                && module
                    .facts
                    .databases
                    .iter()
                    .any(|o| o.identity == identity)
        })
}

/// Every read of `holder` is in a function that neither writes nor hands a
/// session or connection on, or is its own definition or an event listener.
fn only_read(model: &Model<'_>, holder: &str, engine: TextRange) -> bool {
    let loads: Vec<TextRange> = super::visit::names_loaded(model.suite)
        .into_iter()
        .filter(|(name, _)| name == holder)
        .map(|(_, range)| range)
        .collect();
    if loads.is_empty() {
        return false;
    }
    let mut functions = Vec::new();
    for range in loads {
        match model.scopes.function_at(range.start()) {
            Some(f) => {
                // The outermost function: a nested one runs inside it.
                let outer = model
                    .scopes
                    .chain(Some(f))
                    .into_iter()
                    .flatten()
                    .last()
                    .unwrap_or(f);
                functions.push(outer);
            }
            None => {
                let line = line_text(model, range);
                if (range.start() < engine.start() || range.end() > engine.end())
                    && !line.contains("listens_for")
                    && !line.contains("event.listen")
                {
                    return false;
                }
            }
        }
    }
    functions.sort_unstable();
    functions.dedup();
    functions.into_iter().all(|f| {
        let text = model.slice(model.scopes.range_of(f)).to_ascii_lowercase();
        !WRITE_WORDS.iter().any(|w| text.contains(w))
            && !text.contains("yield")
            && !text
                .lines()
                .any(|l| hands_on(l, &holder.to_ascii_lowercase()))
    })
}

/// A lower-cased line that returns the engine or something built on it
/// (`return Session(engine)`, `return engine.connect()`), or a bare session or
/// connection (`return session`): the caller may write through it. Returning
/// what a query fetched (`return conn.execute(...).all()`) hands on rows.
fn hands_on(line: &str, holder: &str) -> bool {
    let Some(rest) = line.trim_start().strip_prefix("return") else {
        return false;
    };
    let rest = rest.trim();
    let bare = !rest.is_empty() && rest.chars().all(|c| c.is_alphanumeric() || c == '_');
    rest.contains(holder) || (bare && (rest.contains("session") || rest.contains("conn")))
}

/// The text of the line holding `range`.
fn line_text<'a>(model: &Model<'a>, range: TextRange) -> &'a str {
    let text = model.text;
    let start = text[..range.start().to_usize()]
        .rfind('\n')
        .map_or(0, |i| i + 1);
    let end = text[range.start().to_usize()..]
        .find('\n')
        .map_or(text.len(), |i| range.start().to_usize() + i);
    &text[start..end]
}

/// Another module imports the name (`from monitor.settings import engine`):
/// its uses there are out of this module's view.
fn imported_elsewhere(view: &ProjectView<'_>, holder: &str) -> bool {
    let suffix = format!(".{holder}");
    view.index.modules.iter().enumerate().any(|(m, module)| {
        Some(m) != view.module
            && module
                .imports
                .iter()
                .any(|i| i.target.ends_with(&suffix) || i.target == holder)
    })
}
