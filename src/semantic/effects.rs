//! What a function does that matters under concurrency, in its own body: SQL
//! writes (and which of them are status/progress updates), commits, checkpoint
//! file writes. Recorded in the project index so a call can be judged by the
//! function it reaches, in this file or another.

use ruff_python_ast::{Expr, Stmt};
use ruff_text_size::Ranged;

use super::connections;
pub use super::methods::method;
use super::model::{Call, Callee, Model};
use super::project::{CallRef, FunctionSummary, ProjectView, call_ref};
use super::routes;
use super::scopes::FuncId;
use super::sql::SqlKind;
pub use super::summary_types::Effects;
use super::visit;

/// The effects of every function of the module, indexed by `FuncId`.
pub fn of_functions(model: &Model<'_>) -> Vec<Effects> {
    let registered = routes::registered_refs(model);
    let one_thread = super::wsgi_views::runs_one_thread(model);
    let mut out: Vec<Effects> = (0..model.scopes.functions.len())
        .map(|id| Effects {
            route: routes::route_kind_with(model, id, &registered, one_thread),
            action_route: routes::is_action_route(model, id),
            ..Effects::default()
        })
        .collect();
    let guarded: Vec<Vec<ruff_text_size::TextRange>> = (0..model.scopes.functions.len())
        .map(|id| guarding_tries(model, id))
        .collect();
    for call in &model.calls {
        let Some(scope) = call.scope else {
            continue;
        };
        if call.in_lambda {
            continue;
        }
        let escapes = !guarded[scope]
            .iter()
            .any(|body| body.contains_range(call.range()));
        let effects = &mut out[scope];
        if let Some(write) = sql_write(model, call) {
            effects.sql_write = true;
            effects.escaping_write |= escapes;
            effects.progress_write |= write.progress;
            effects.data_write |= !write.counter;
            effects.incremental_write |= write.incremental;
        }
        if is_commit(model, call) {
            effects.commits = true;
        }
        if is_file_write(model, call) {
            effects.file_write = true;
        }
        if is_file_read(call) {
            effects.file_read = true;
        }
        if !effects.waits && super::slow::waits(model, call).is_some() {
            effects.waits = true;
        }
        if let Some(r) = call_ref(model, call) {
            let escaping = effects.escaping.get_or_insert_default();
            if escapes {
                escaping.push(r.clone());
            }
            effects.calls.push(r);
        }
    }
    for (id, effects) in out.iter_mut().enumerate() {
        // A subsequence of `calls`: all of them when as long (held once).
        if effects
            .escaping
            .as_ref()
            .is_none_or(|e| e.len() == effects.calls.len())
        {
            effects.escaping = None;
        }
        effects.commits_after_yield = commits_after_yield(model, id);
        if effects.commits {
            let (progress, incremental) = orm_progress_assignments(model, id);
            effects.orm_progress_write = progress;
            effects.orm_incremental_write = incremental;
        }
    }
    out
}

/// The bodies of the function's `try` statements whose handlers catch database
/// errors and do not raise: a failure inside them stays in the function.
fn guarding_tries(model: &Model<'_>, id: FuncId) -> Vec<ruff_text_size::TextRange> {
    fn walk(
        model: &Model<'_>,
        id: FuncId,
        suite: &[Stmt],
        out: &mut Vec<ruff_text_size::TextRange>,
    ) {
        for stmt in suite {
            if matches!(stmt, Stmt::FunctionDef(_) | Stmt::ClassDef(_)) {
                continue;
            }
            if let Stmt::Try(t) = stmt
                && let (Some(first), Some(last)) = (t.body.first(), t.body.last())
                && t.handlers.iter().any(|h| {
                    let ruff_python_ast::ExceptHandler::ExceptHandler(h) = h;
                    catches_database_errors(model, Some(id), h.type_.as_deref())
                        && !visit::any_stmt(&h.body, |s| matches!(s, Stmt::Raise(_)))
                })
            {
                out.push(ruff_text_size::TextRange::new(first.start(), last.end()));
            }
            for child in visit::child_suites(stmt) {
                walk(model, id, child, out);
            }
        }
    }
    let mut out = Vec::new();
    walk(model, id, &model.scopes.function(id).def.body, &mut out);
    out
}

/// An `except` clause that catches what a locked database raises: sqlite3's or
/// aiosqlite's `OperationalError` or a base of it, `Exception`, or everything.
pub fn catches_database_errors(
    model: &Model<'_>,
    scope: Option<FuncId>,
    type_: Option<&Expr>,
) -> bool {
    let Some(type_) = type_ else {
        return true;
    };
    let one = |e: &Expr| {
        if let Some(q) = model.resolve(e, scope) {
            return matches!(
                q.as_str(),
                "sqlite3.OperationalError"
                    | "sqlite3.Error"
                    | "sqlite3.DatabaseError"
                    | "aiosqlite.OperationalError"
                    | "aiosqlite.Error"
                    | "aiosqlite.DatabaseError"
            );
        }
        matches!(e, Expr::Name(n) if matches!(n.id.as_str(), "Exception" | "BaseException"))
    };
    match type_ {
        Expr::Tuple(t) => t.elts.iter().any(one),
        other => one(other),
    }
}

/// A write statement a call runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SqlWrite {
    pub progress: bool,
    /// Only progress counters (`SET progress = ?, updated_at = ?`): no status or
    /// stage marker that resuming would read.
    pub counter: bool,
    /// `UPDATE t SET n = n + ?`: each execution adds to what is stored.
    pub incremental: bool,
    /// An UPDATE that also stores data beside its status (`SET summary = ?,
    /// status = 'done'`): the item's own result row, not a progress marker.
    pub result: bool,
}

/// The SQL an `execute`-like call runs, on a local or an imported connection.
fn sql_of<'a>(
    model: &Model<'a>,
    call: &Call<'a>,
) -> Option<(Vec<SqlKind>, super::strings::StrValue<'a>)> {
    if let Some(found) = connections::sql_of(model, call) {
        return Some(found);
    }
    // `connections::sql_of` answered a method call on a value already; what is
    // left is `self.execute(...)` and a project module's `db.execute(...)`.
    if call.method_name().is_some() {
        return None;
    }
    let m = method(call)?;
    if !matches!(m, "execute" | "executemany") {
        return None;
    }
    let arg = call.argument(0, "sql")?;
    let value = super::strings::string_value(model, arg, call.scope, call.range().start())?;
    let kinds = model.sql_kinds_of_call(call, || {
        let sketch = value.sketch();
        (!super::foreign_db::not_sqlite(model, call, &sketch))
            .then(|| vec![super::sql::classify(&sketch)])
    })?;
    Some((kinds, value))
}

/// The write an `execute`/`executemany` call runs, when its SQL is a DML write.
pub fn sql_write(model: &Model<'_>, call: &Call<'_>) -> Option<SqlWrite> {
    use std::sync::atomic::Ordering::Relaxed;
    // Answered once per call: resolving the SQL is most of a check's cost in
    // write-dense code, and a dozen codemods ask about the same calls.
    let Some(memo) = model.call_memo(call) else {
        return sql_write_uncached(model, call);
    };
    let bits = memo.load(Relaxed);
    if bits != 0 {
        return (bits & 2 != 0).then_some(SqlWrite {
            progress: bits & 4 != 0,
            counter: bits & 8 != 0,
            incremental: bits & 16 != 0,
            result: bits & 32 != 0,
        });
    }
    let write = sql_write_uncached(model, call);
    let bits = 1 | write.map_or(0, |w| {
        2 | u8::from(w.progress) << 2
            | u8::from(w.counter) << 3
            | u8::from(w.incremental) << 4
            | u8::from(w.result) << 5
    });
    memo.store(bits, Relaxed);
    write
}

fn sql_write_uncached(model: &Model<'_>, call: &Call<'_>) -> Option<SqlWrite> {
    let (kinds, value) = sql_of(model, call)?;
    if !kinds.contains(&SqlKind::Write) {
        return None;
    }
    let sketch = value.sketch();
    Some(SqlWrite {
        progress: is_progress_sql(&sketch),
        counter: is_counter_sql(&sketch),
        incremental: is_incremental_sql(&sketch),
        result: sets_result_columns(&sketch),
    })
}

/// Whether the call's SQL only adds rows: a plain `INSERT INTO` (or `INSERT OR
/// IGNORE`, `INSERT OR ABORT`), with no `ON CONFLICT ... DO UPDATE`. It changes
/// no row already there, so no read of those rows by another writer can be
/// made stale by it (`INSERT OR REPLACE` and `REPLACE INTO` delete the row
/// they collide with, an upsert updates it: both change existing rows).
pub fn only_adds_rows(model: &Model<'_>, call: &Call<'_>) -> bool {
    let Some((kinds, value)) = sql_of(model, call) else {
        return false;
    };
    if !kinds.contains(&SqlKind::Write) {
        return false;
    }
    let sql = super::sql::one_line_lower(&value.sketch());
    let plain = sql.starts_with("insert into ")
        || sql.starts_with("insert or ignore into ")
        || sql.starts_with("insert or abort into ")
        || sql.starts_with("insert or fail into ");
    plain && !sql.contains(" do update ")
}

/// Whether the call's SQL is an upsert that converges when repeated: `INSERT
/// OR REPLACE`, `REPLACE INTO`, `INSERT OR IGNORE`, or an `INSERT ... ON
/// CONFLICT ... DO NOTHING` / `DO UPDATE` that does not add to what is stored
/// (`SET n = n + 1` does). A batch of them cut short and committed later
/// publishes a subset of the batch's rows, and running the batch again leaves
/// the table as one whole run does (docs/sqlite-facts.md#F-upsert-converges).
pub fn converges_on_repeat(model: &Model<'_>, call: &Call<'_>) -> bool {
    let Some((kinds, value)) = sql_of(model, call) else {
        return false;
    };
    if !kinds.iter().all(|k| *k == SqlKind::Write) || kinds.is_empty() {
        return false;
    }
    let sketch = value.sketch();
    let sql = super::sql::one_line_lower(&sketch);
    let keyed = sql.starts_with("insert or replace into ")
        || sql.starts_with("replace into ")
        || sql.starts_with("insert or ignore into ")
        || (sql.starts_with("insert into ")
            && sql.contains(" on conflict")
            && (sql.contains(" do nothing") || sql.contains(" do update ")));
    keyed && !(sql.contains(" do update ") && updates_incrementally(&sql))
}

/// An upsert's `DO UPDATE SET` clause that adds to a stored value
/// (`n = n + 1`, `n = t.n + excluded.n`).
fn updates_incrementally(sql: &str) -> bool {
    let Some(at) = sql.find(" do update set ") else {
        return false;
    };
    let clause = &sql[at + " do update set ".len()..];
    let clause = clause.split(" where ").next().unwrap_or(clause);
    clause.split(',').any(|assignment| {
        let Some((column, value)) = assignment.split_once('=') else {
            return false;
        };
        let column = column.trim();
        !column.is_empty()
            && value
                .split(|c: char| !(c.is_alphanumeric() || c == '_' || c == '.'))
                .any(|word| {
                    let own = word.rsplit('.').next() == Some(column);
                    own && !word.starts_with("excluded.")
                })
    })
}

/// Whether the call's SQL is an `UPDATE` or a `DELETE`: it changes rows already
/// in the table.
pub fn changes_rows(model: &Model<'_>, call: &Call<'_>) -> bool {
    let Some((kinds, value)) = sql_of(model, call) else {
        return false;
    };
    let sketch = value.sketch();
    let first = sketch
        .split_whitespace()
        .next()
        .map(str::to_ascii_lowercase);
    kinds.contains(&SqlKind::Write) && matches!(first.as_deref(), Some("update" | "delete"))
}

/// The table a DML write statement changes (`INSERT [OR x] INTO t`, `REPLACE
/// INTO t`, `UPDATE [OR x] t`, `DELETE FROM t`), lower-case.
pub fn written_table(model: &Model<'_>, call: &Call<'_>) -> Option<String> {
    let (kinds, value) = sql_of(model, call)?;
    if !kinds.contains(&SqlKind::Write) {
        return None;
    }
    table_of_write(&value.sketch())
}

/// The table of a DML write's SQL text, as [`written_table`] reads it.
pub fn table_of_write(sql: &str) -> Option<String> {
    let words: Vec<String> = sql
        .split_whitespace()
        .take(6)
        .map(|w| w.to_ascii_lowercase())
        .collect();
    let table = write_target(words.iter().map(String::as_str))?;
    let table = table
        .split('(')
        .next()?
        .trim_matches(|c| matches!(c, '"' | '`' | '[' | ']' | '\''));
    (!table.is_empty() && !table.contains('{')).then(|| table.to_string())
}

/// The word naming the table of a DML write, from its first words:
/// `insert [or x] into <t>`, `replace into <t>`, `update [or x] <t>`,
/// `delete from <t>` (lower-case keywords).
pub fn write_target<'w>(mut words: impl Iterator<Item = &'w str>) -> Option<&'w str> {
    match words.next()? {
        "insert" | "replace" => {
            let mut next = words.next()?;
            if next == "or" {
                words.next()?;
                next = words.next()?;
            }
            (next == "into").then(|| words.next())?
        }
        "update" => {
            let next = words.next()?;
            if next == "or" {
                words.nth(1)
            } else {
                Some(next)
            }
        }
        "delete" => (words.next()? == "from").then(|| words.next())?,
        _ => None,
    }
}

/// `conn.commit()`, `await db.commit()`, `conn.execute("COMMIT")`.
pub fn is_commit(model: &Model<'_>, call: &Call<'_>) -> bool {
    match method(call) {
        Some("commit") => call.expr.arguments.is_empty(),
        Some("execute") => {
            sql_of(model, call).is_some_and(|(kinds, _)| kinds.contains(&SqlKind::Commit))
        }
        _ => false,
    }
}

/// Whether the function sets a status/progress attribute of an object it holds
/// (not `self`/`cls`: an object's own state is not a row), and whether one of
/// those assignments adds to the attribute (`x.n += 1`, `x.n = x.n + 1`).
///
/// An object that also gets a result stored (`note.embedding = v; note.status =
/// "done"`) is the item's own row, not a progress record.
fn orm_progress_assignments(model: &Model<'_>, id: FuncId) -> (bool, bool) {
    let (mut progress, mut incremental) = (false, false);
    let body = &model.scopes.function(id).def.body;
    let object = |target: &Expr| match target {
        Expr::Attribute(a) => match &*a.value {
            Expr::Name(n) if !matches!(n.id.as_str(), "self" | "cls") => {
                Some((n.id.to_string(), a.attr.to_string()))
            }
            _ => None,
        },
        _ => None,
    };
    let mut with_results: Vec<String> = Vec::new();
    visit::any_node(body, |node| {
        if let visit::Node::Stmt(Stmt::Assign(a)) = node {
            for (name, attr) in a.targets.iter().filter_map(object) {
                if !is_progress_word(&attr) && !is_bookkeeping(&attr) {
                    with_results.push(name);
                }
            }
        }
        false
    });
    let row_attribute = |target: &Expr| {
        object(target)
            .is_some_and(|(name, attr)| is_progress_word(&attr) && !with_results.contains(&name))
    };
    visit::any_node(body, |node| {
        match node {
            visit::Node::Stmt(Stmt::Assign(a)) if a.targets.iter().any(row_attribute) => {
                progress = true;
                let target = model.slice(a.targets[0].range());
                incremental |= matches!(&*a.value, Expr::BinOp(b)
                    if model.slice(b.left.range()) == target || model.slice(b.right.range()) == target);
            }
            visit::Node::Stmt(Stmt::AugAssign(a)) if row_attribute(&a.target) => {
                progress = true;
                incremental = true;
            }
            _ => {}
        }
        false
    });
    (progress, incremental)
}

fn is_progress_word(word: &str) -> bool {
    let lower = word.to_ascii_lowercase();
    PROGRESS_WORDS.iter().any(|p| names_word(&lower, p))
}

/// `name` is `word`, or starts with `word_` or ends with `_word` (asked for
/// every column of every statement: no string is built).
fn names_word(name: &str, word: &str) -> bool {
    name == word
        || name
            .strip_prefix(word)
            .is_some_and(|rest| rest.starts_with('_'))
        || name
            .strip_suffix(word)
            .is_some_and(|rest| rest.ends_with('_'))
}

/// Column and table words that mark a write as status or progress bookkeeping.
const PROGRESS_WORDS: &[&str] = &[
    "status",
    "progress",
    "stage",
    "state",
    "step",
    "percent",
    "pct",
    "processed",
    "done",
    "completed",
    "current_page",
    "phase",
    "heartbeat",
];

/// An UPDATE that sets a status/progress column, or a write into a progress table.
pub fn is_progress_sql(sketch: &str) -> bool {
    let upper = sketch.to_ascii_uppercase();
    let words: Vec<&str> = upper
        .split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .filter(|w| !w.is_empty())
        .collect();
    let has_word = |w: &str| is_progress_word(w);
    match words.first().copied() {
        Some("UPDATE") => {
            // The columns between SET and WHERE.
            let set = words.iter().position(|w| *w == "SET");
            let end = words
                .iter()
                .position(|w| *w == "WHERE")
                .unwrap_or(words.len());
            set.is_some_and(|s| words[s + 1..end.max(s + 1)].iter().any(|w| has_word(w)))
        }
        Some("INSERT" | "REPLACE") => {
            let into = words.iter().position(|w| *w == "INTO");
            into.and_then(|i| words.get(i + 1)).is_some_and(|t| {
                let t = t.to_ascii_lowercase();
                t.contains("progress") || t.contains("status") || t.contains("heartbeat")
            })
        }
        _ => false,
    }
}

/// An UPDATE that sets only progress counters and timestamps.
pub fn is_counter_sql(sketch: &str) -> bool {
    const COUNTERS: &[&str] = &[
        "progress",
        "percent",
        "pct",
        "processed",
        "current_page",
        "heartbeat",
        "updated_at",
        "last_seen",
    ];
    let upper = sketch.to_ascii_uppercase();
    if !upper.trim_start().starts_with("UPDATE") {
        return false;
    }
    let Some(set) = upper.find(" SET ") else {
        return false;
    };
    let clause = &upper[set + 5..];
    let clause = clause.split(" WHERE ").next().unwrap_or(clause);
    let columns: Vec<String> = clause
        .split(',')
        .filter_map(|a| {
            a.split_once('=')
                .map(|(c, _)| c.trim().to_ascii_lowercase())
        })
        .collect();
    !columns.is_empty()
        && columns
            .iter()
            .all(|c| COUNTERS.iter().any(|w| names_word(c, w)) || c.ends_with("_done"))
}

/// Columns that record how work goes rather than what it produced.
const BOOKKEEPING: &[&str] = &[
    "updated",
    "modified",
    "message",
    "msg",
    "error",
    "errors",
    "detail",
    "details",
    "note",
    "reason",
    "retries",
    "attempts",
    "eta",
    "total",
    "count",
    "worker",
    "owner",
    "locked",
    "last_seen",
    "heartbeat",
];

/// An UPDATE whose SET clause stores a column that is neither a status or
/// progress word nor bookkeeping (a timestamp, a message, a counter).
pub fn sets_result_columns(sketch: &str) -> bool {
    let upper = sketch.to_ascii_uppercase();
    if !upper.trim_start().starts_with("UPDATE") {
        return false;
    }
    let Some(set) = upper.find(" SET ") else {
        return false;
    };
    let clause = &upper[set + 5..];
    let clause = clause.split(" WHERE ").next().unwrap_or(clause);
    clause
        .split(',')
        .filter_map(|a| {
            a.split_once('=')
                .map(|(c, _)| c.trim().to_ascii_lowercase())
        })
        .any(|column| {
            let column = column.trim_matches(|c| matches!(c, '"' | '`' | '[' | ']'));
            !(column.is_empty()
                || column.contains(super::sql::HOLE)
                || is_progress_word(column)
                || is_bookkeeping(column))
        })
}

/// A column or attribute that records how work goes: a timestamp, a message,
/// a counter (lower-case).
fn is_bookkeeping(column: &str) -> bool {
    let column = column.to_ascii_lowercase();
    BOOKKEEPING.iter().any(|b| names_word(&column, b))
        || column.ends_with("_at")
        || column.ends_with("_time")
        || column.ends_with("_ts")
        || column.starts_with("last_")
}

/// An UPDATE whose SET clause adds to a column (`n = n + 1`) or an upsert that
/// does (`DO UPDATE SET n = n + excluded.n`), or an INSERT of a new row per call.
pub fn is_incremental_sql(sketch: &str) -> bool {
    let upper = sketch.to_ascii_uppercase();
    let words: Vec<&str> = upper
        .split(|c: char| c.is_whitespace() || c == '(' || c == ')')
        .filter(|w| !w.is_empty())
        .collect();
    if matches!(words.first().copied(), Some("INSERT"))
        && !upper.contains("OR REPLACE")
        && !upper.contains("DO UPDATE")
    {
        return true;
    }
    let Some(set) = upper.find(" SET ") else {
        return false;
    };
    let clause = &upper[set + 5..];
    let clause = clause.split(" WHERE ").next().unwrap_or(clause);
    clause.split(',').any(|assignment| {
        let Some((column, value)) = assignment.split_once('=') else {
            return false;
        };
        let column = column.trim();
        let value = value.trim_start();
        !column.is_empty()
            && value.starts_with(column)
            && value[column.len()..]
                .trim_start()
                .starts_with(['+', '-', '|'])
    })
}

const DUMPERS: &[&str] = &[
    "json.dump",
    "simplejson.dump",
    "ujson.dump",
    "pickle.dump",
    "yaml.dump",
    "yaml.safe_dump",
];

/// A call that writes a checkpoint-like file.
pub fn is_file_write(model: &Model<'_>, call: &Call<'_>) -> bool {
    if let Some(q) = call.qualified() {
        return (DUMPERS.contains(&q) && !serializes_to_text(model, call, q))
            || matches!(q, "os.replace" | "os.rename" | "shutil.move")
            || q.ends_with("._atomic_open")
            || q.ends_with("._atomic_write_text");
    }
    match &call.callee {
        Callee::Local(name) => matches!(name.as_str(), "_atomic_open" | "_atomic_write_text"),
        Callee::Method { name, .. } if matches!(name.as_str(), "write_text" | "write_bytes") => {
            call.argument(0, "data")
                .is_some_and(|d| is_serialized(model, call, d))
        }
        _ => false,
    }
}

/// A dumper that writes no file: `yaml.dump(obj)` and `yaml.safe_dump(obj)`
/// without a stream return the text (for a database column or a log line),
/// and a dump into an in-memory buffer (`buf = io.StringIO()`, then
/// `json.dump(obj, buf)`) stays in memory.
fn serializes_to_text(model: &Model<'_>, call: &Call<'_>, dumper: &str) -> bool {
    let stream = call.argument(
        1,
        if dumper.starts_with("yaml.") {
            "stream"
        } else {
            "fp"
        },
    );
    let stream = stream.or_else(|| call.keyword("file"));
    match stream {
        None => dumper.starts_with("yaml."),
        Some(e) if e.is_none_literal_expr() => true,
        Some(Expr::Call(c)) => in_memory_buffer(model, &c.func, call.scope),
        Some(Expr::Name(n)) => model
            .last_assignment(call.scope, n.id.as_str(), n.start())
            .is_some_and(
                |a| matches!(a.value, Expr::Call(c) if in_memory_buffer(model, &c.func, a.scope)),
            ),
        Some(_) => false,
    }
}

fn in_memory_buffer(model: &Model<'_>, func: &Expr, scope: Option<usize>) -> bool {
    model
        .resolve(func, scope)
        .is_some_and(|q| matches!(q.as_str(), "io.StringIO" | "io.BytesIO"))
}

const LOADERS: &[&str] = &[
    "json.load",
    "simplejson.load",
    "ujson.load",
    "pickle.load",
    "yaml.load",
    "yaml.safe_load",
];

/// A call that reads a checkpoint-like file: `json.load(f)`,
/// `json.loads(path.read_text())`.
pub fn is_file_read(call: &Call<'_>) -> bool {
    match call.qualified() {
        Some(q) if LOADERS.contains(&q) => true,
        Some(q) if q.ends_with(".loads") => call.argument(0, "s").is_some_and(|a| {
            visit::any_sub_expr(a, |e| {
                matches!(e, Expr::Call(c) if matches!(&*c.func, Expr::Attribute(at) if matches!(at.attr.as_str(), "read_text" | "read_bytes" | "read")))
            })
        }),
        _ => false,
    }
}

fn is_serialized(model: &Model<'_>, call: &Call<'_>, expr: &Expr) -> bool {
    match expr {
        Expr::Call(inner) => {
            let callee = model.resolve(&inner.func, call.scope).unwrap_or_default();
            callee.ends_with(".dumps")
                || matches!(&*inner.func, Expr::Attribute(a) if a.attr.as_str() == "encode" && is_serialized(model, call, &a.value))
        }
        // The assignment holding the name reads it (`data = data.encode()`): not
        // an earlier binding, and following it would loop.
        Expr::Name(name) => model
            .last_assignment(call.scope, name.id.as_str(), name.start())
            .is_some_and(|a| {
                !a.stmt.range().contains_range(name.range()) && is_serialized(model, call, a.value)
            }),
        _ => false,
    }
}

fn commits_after_yield(model: &Model<'_>, id: FuncId) -> bool {
    let function = model.scopes.function(id);
    if !function.is_generator() {
        return false;
    }
    let body = &function.def.body;
    let mut first_yield = None;
    visit::any_expr(body, |e| {
        if matches!(e, Expr::Yield(_)) {
            first_yield = Some(e.start());
        }
        first_yield.is_some()
    });
    let Some(yield_at) = first_yield else {
        return false;
    };
    let commit_after = model
        .calls_in(Some(id))
        .any(|c| c.range().start() > yield_at && is_commit(model, c));
    // `with conn: yield conn` commits when the block ends.
    let with_around = visit::any_stmt(body, |s| {
        matches!(s, Stmt::With(w) if !w.is_async
            && w.range().contains(yield_at)
            && w.items.iter().any(|i| i.optional_vars.is_none() && matches!(i.context_expr, Expr::Name(_))))
    });
    commit_after || with_around
}

/// Whether the project function `call` reaches has `wanted` effects, itself or
/// through the functions it calls (a few levels deep).
pub fn reaches(
    view: &ProjectView<'_>,
    model: &Model<'_>,
    call: &Call<'_>,
    wanted: impl Fn(&Effects) -> bool,
) -> bool {
    let Some((module, summary)) = view.function(model, call) else {
        return false;
    };
    reaches_from(view, module, summary, &wanted, 0)
}

/// Whether the project function `call` reaches runs a write whose database
/// errors reach this call: not one that a `try` on the way catches and keeps
/// (a helper that handles its own failures is where they are swallowed, if
/// anywhere, not in every caller).
pub fn write_error_escapes(view: &ProjectView<'_>, model: &Model<'_>, call: &Call<'_>) -> bool {
    fn from(
        view: &ProjectView<'_>,
        module: Option<usize>,
        summary: &FunctionSummary,
        depth: usize,
    ) -> bool {
        if summary.effects.escaping_write {
            return true;
        }
        if depth >= 3 {
            return false;
        }
        summary.effects.escaping_calls().iter().any(|r| {
            follow(view, module, r)
                .is_some_and(|(m, s)| s.qualname != summary.qualname && from(view, m, s, depth + 1))
        })
    }
    let Some((module, summary)) = view.function(model, call) else {
        return false;
    };
    from(view, module, summary, 0)
}

/// Like [`reaches`], for a function named by reference (`Thread(target=f)`).
pub fn reaches_ref(view: &ProjectView<'_>, r: &CallRef, wanted: impl Fn(&Effects) -> bool) -> bool {
    let Some((module, summary)) = view.lookup(r) else {
        return false;
    };
    reaches_from(view, module, summary, &wanted, 0)
}

fn reaches_from(
    view: &ProjectView<'_>,
    module: Option<usize>,
    summary: &FunctionSummary,
    wanted: &dyn Fn(&Effects) -> bool,
    depth: usize,
) -> bool {
    if wanted(&summary.effects) {
        return true;
    }
    if depth >= 3 {
        return false;
    }
    summary.effects.calls.iter().any(|r| {
        follow(view, module, r).is_some_and(|(m, s)| {
            s.qualname != summary.qualname && reaches_from(view, m, s, wanted, depth + 1)
        })
    })
}

/// Resolves a call made in module `from` (`None`: the module being checked).
pub fn follow<'v>(
    view: &'v ProjectView<'_>,
    from: Option<usize>,
    r: &CallRef,
) -> Option<(Option<usize>, &'v FunctionSummary)> {
    view.resolve_from(from, r)
}

#[cfg(test)]
mod tests {
    use super::table_of_write;

    #[test]
    fn tables_of_writes() {
        let t = |s: &str| table_of_write(s);
        assert_eq!(
            t("INSERT INTO tags (a) VALUES (?)").as_deref(),
            Some("tags")
        );
        assert_eq!(
            t("insert or replace into afk VALUES (?)").as_deref(),
            Some("afk")
        );
        assert_eq!(
            t("UPDATE starboard_settings SET {} WHERE g = ?").as_deref(),
            Some("starboard_settings")
        );
        assert_eq!(t("UPDATE OR IGNORE t SET x = 1").as_deref(), Some("t"));
        assert_eq!(
            t("DELETE FROM \"jobs\" WHERE id = ?").as_deref(),
            Some("jobs")
        );
        assert_eq!(t("INSERT INTO {table} VALUES (?)"), None);
        assert_eq!(t("SELECT 1"), None);
    }
    #[test]
    fn result_rows_are_not_progress() {
        use super::sets_result_columns as result;
        assert!(result(
            "UPDATE notes SET embedding = ?, status = 'done' WHERE id = ?"
        ));
        assert!(!result(
            "UPDATE jobs SET progress = ?, updated_at = ?, last_error = NULL WHERE id = ?"
        ));
        assert!(!result(
            "UPDATE docs SET status = ?, message = ? WHERE id = ?"
        ));
        assert!(!result("INSERT INTO results (doc, body) VALUES (?, ?)"));
    }
}
