//! The schema created only when the database file did not exist: `if not
//! self.db_path.exists(): self._setup()`, where the setup (here, or one or
//! two calls of the module further) runs a plain `CREATE TABLE` (or `CREATE
//! INDEX`) without `IF NOT EXISTS`.
//!
//! The look at the file and the create are two steps, like a look into
//! `sqlite_master` before the create (F-schema-race): two processes that start
//! together on a fresh path both see no file, both run the setup, and the
//! second fails with "table ... already exists"; one that looks after the
//! other has connected (the connect makes the empty file) skips the setup and
//! finds no table (F-create-when-missing). Reported at the test of the `if`.
//!
//! Quiet: `IF NOT EXISTS` on every create the branch reaches; a `try` around
//! the create or the setup call that catches `OperationalError` (or a broader
//! database error); a cross-process lock around the look (`BEGIN IMMEDIATE`
//! sent before it in the same function, a file lock: `with FileLock(...)`,
//! `fcntl.flock`); and a program with nobody beside it: an event-loop
//! application alone (semantic::second_party `None`) or a desktop program that
//! keeps one instance (`QLockFile`, `QSharedMemory`, `QLocalServer`,
//! `tendo.singleton`). With threads or worker processes named as the second
//! party the finding is at Medium confidence, otherwise Low: the second party
//! is another run of the same program starting at the same moment.
//!
//! No fix: adding `IF NOT EXISTS` leaves the late looker's "no such table";
//! running the setup every time with `IF NOT EXISTS` (and dropping the
//! `if`) is the fix the note gives.

use ruff_python_ast::{self as ast, Stmt};
use ruff_text_size::{Ranged, TextRange};

use crate::codemods::{Context, Meta};
use crate::finding::{Confidence, Finding, Severity};
use crate::semantic::created_when_missing::missing_test;
use crate::semantic::model::{Call, Model};
use crate::semantic::scopes::FuncId;
use crate::semantic::second_party::SecondParty;
use crate::semantic::{strings, visit};

/// How many calls of the module the branch is followed through to its create.
const DEPTH: usize = 3;

/// Imported names that keep one instance of a desktop program running.
const ONE_INSTANCE: &[&str] = &["QLockFile", "QSharedMemory", "QLocalServer", "tendo"];

/// A plain create the branch reaches: the statement's call, its function, the
/// object created, and the chain of calls from the branch to it.
struct Create {
    call: TextRange,
    object: String,
    chain: Vec<String>,
}

pub(super) fn check(meta: &'static Meta, ctx: &Context<'_, '_>, out: &mut Vec<Finding>) {
    let model = ctx.model;
    if !model.text.contains("CREATE") && !model.text.contains("create") {
        return;
    }
    let confidence = match ctx.second_party() {
        SecondParty::None(_) => return,
        SecondParty::Known(who) if who.runs.other_processes() || who.runs.has_threads() => {
            Confidence::Medium
        }
        _ => Confidence::Low,
    };
    let scopes = std::iter::once(None).chain((0..model.scopes.functions.len()).map(Some));
    for scope in scopes {
        let body: &[Stmt] = match scope {
            Some(id) => &model.scopes.function(id).def.body,
            None => model.suite,
        };
        for stmt in visit::scope_stmts(body) {
            let Stmt::If(if_stmt) = stmt else {
                continue;
            };
            let Some(path) = missing_test(&if_stmt.test) else {
                continue;
            };
            let (Some(first), Some(last)) = (if_stmt.body.first(), if_stmt.body.last()) else {
                continue;
            };
            let branch = TextRange::new(first.start(), last.end());
            let Some(create) = first_create(model, scope, branch, DEPTH, &mut Vec::new()) else {
                continue;
            };
            if locked_before(model, scope, body, if_stmt.range())
                || caught(model, body, if_stmt.range())
                || one_instance(ctx)
            {
                continue;
            }
            let line = model.line_column(create.call.start()).0;
            let via = if create.chain.is_empty() {
                String::new()
            } else {
                format!(" through `{}`", create.chain.join("` → `"))
            };
            let message = format!(
                "the schema is created only when `{}` is missing: the branch runs `CREATE {}` without `IF NOT EXISTS` (line {line}){via}; two processes starting together on a fresh file both see no file and the second fails with 'already exists', and one that looks after the other has connected skips the setup and finds no table (docs/sqlite-facts.md#F-create-when-missing)",
                model.slice(path.range()),
                create.object,
            );
            out.push(
                Finding::new(meta, if_stmt.test.range(), message)
                    .with_severity(Severity::Medium)
                    .with_confidence(confidence)
                    .with_note(
                        "run the setup every time with `CREATE TABLE IF NOT EXISTS` / `CREATE INDEX IF NOT EXISTS` (one statement that tests under the write lock), or catch `sqlite3.OperationalError` whose message says 'already exists'",
                    ),
            );
        }
    }
}

/// The first plain create run in `range` of `scope`, directly or through the
/// module's functions it calls (`helper()`, `self._setup()`), `depth` levels.
fn first_create(
    model: &Model<'_>,
    scope: Option<FuncId>,
    range: TextRange,
    depth: usize,
    seen: &mut Vec<FuncId>,
) -> Option<Create> {
    let calls: Vec<&Call<'_>> = model
        .calls_in(scope)
        .filter(|c| c.scope == scope && !c.in_lambda && range.contains_range(c.range()))
        .collect();
    let body: &[Stmt] = match scope {
        Some(id) => &model.scopes.function(id).def.body,
        None => model.suite,
    };
    for call in &calls {
        if let Some(object) = plain_create(model, call) {
            // A create its own function catches is handled there.
            if caught(model, body, call.range()) {
                continue;
            }
            return Some(Create {
                call: call.range(),
                object,
                chain: Vec::new(),
            });
        }
    }
    if depth == 0 {
        return None;
    }
    for call in calls {
        let Some(id) = model.scopes.function_named(scope, &call.expr.func) else {
            continue;
        };
        if seen.contains(&id) || Some(id) == scope {
            continue;
        }
        seen.push(id);
        let function = model.scopes.function(id);
        if function.def.is_async {
            continue;
        }
        if caught(model, body, call.range()) {
            continue;
        }
        let whole = function.def.range();
        if let Some(mut found) = first_create(model, Some(id), whole, depth - 1, seen) {
            found.chain.insert(0, function.qualname.clone());
            return Some(found);
        }
    }
    None
}

/// `execute`/`executescript` of SQL holding a `CREATE TABLE` or `CREATE
/// INDEX` without `IF NOT EXISTS`: what it creates (`TABLE cache`).
fn plain_create(model: &Model<'_>, call: &Call<'_>) -> Option<String> {
    if !matches!(call.method_name(), Some("execute" | "executescript")) {
        return None;
    }
    let sql = call
        .argument(0, "sql")
        .or_else(|| call.argument(0, "sql_script"))?;
    let value = strings::string_value(model, sql, call.scope, call.range().start())?;
    plain_create_in(&value.sketch())
}

/// The first `CREATE [UNIQUE] TABLE|INDEX name` of `sql` without `IF NOT
/// EXISTS` (temporary tables are private to their connection: left out).
fn plain_create_in(sql: &str) -> Option<String> {
    let upper = sql.to_ascii_uppercase();
    let words: Vec<&str> = upper
        .split(|c: char| c.is_whitespace() || c == '(' || c == ';')
        .filter(|w| !w.is_empty())
        .collect();
    for (i, w) in words.iter().enumerate() {
        if *w != "CREATE" {
            continue;
        }
        let mut j = i + 1;
        if words.get(j) == Some(&"UNIQUE") {
            j += 1;
        }
        let kind = match words.get(j) {
            Some(k @ (&"TABLE" | &"INDEX")) => *k,
            _ => continue,
        };
        if words.get(j + 1) == Some(&"IF") {
            continue;
        }
        let name = words.get(j + 1).copied().unwrap_or("");
        if name.is_empty() || name.contains('\u{0}') {
            return Some(kind.to_string());
        }
        // The name as the source spells it.
        let original = sql
            .split(|c: char| c.is_whitespace() || c == '(' || c == ';')
            .find(|w| w.eq_ignore_ascii_case(name))
            .unwrap_or(name);
        return Some(format!("{kind} {original}"));
    }
    None
}

/// A `try` of `body` around `range` whose handler catches a database error
/// (`OperationalError`, `DatabaseError`, `sqlite3.Error`, `Exception`, or
/// everything): the "already exists" of the second process is handled.
fn caught(model: &Model<'_>, body: &[Stmt], range: TextRange) -> bool {
    visit::scope_stmts(body).into_iter().any(|s| {
        let Stmt::Try(t) = s else {
            return false;
        };
        t.body.iter().any(|b| b.range().contains_range(range))
            && t.handlers.iter().any(|handler| {
                let ast::ExceptHandler::ExceptHandler(h) = handler;
                h.type_.as_deref().is_none_or(|e| {
                    let text = model.slice(e.range());
                    [
                        "OperationalError",
                        "DatabaseError",
                        "sqlite3.Error",
                        "Exception",
                    ]
                    .iter()
                    .any(|k| text.contains(k))
                        || text.split([',', '(', ')', ' ']).any(|w| w == "Error")
                })
            })
    })
}

/// A lock that other processes respect taken before the look at `at`: a
/// `BEGIN IMMEDIATE`/`EXCLUSIVE` sent earlier in the same function, a `with`
/// of a file lock around it, or an `fcntl` lock call before it.
fn locked_before(model: &Model<'_>, scope: Option<FuncId>, body: &[Stmt], at: TextRange) -> bool {
    let begins = model.calls_in(scope).any(|c| {
        c.scope == scope
            && c.range().end() <= at.start()
            && matches!(c.method_name(), Some("execute" | "executescript"))
            && c.argument(0, "sql").is_some_and(|sql| {
                let text = model.slice(sql.range()).to_ascii_uppercase();
                text.contains("BEGIN IMMEDIATE") || text.contains("BEGIN EXCLUSIVE")
            })
    });
    let file_lock = |text: &str| {
        [
            "FileLock",
            "filelock",
            "flock",
            "lockf",
            "portalocker",
            "InterProcessLock",
        ]
        .iter()
        .any(|k| text.contains(k))
    };
    let locked_with = visit::scope_stmts(body).into_iter().any(|s| match s {
        Stmt::With(w) => {
            w.range().contains_range(at)
                && w.items
                    .iter()
                    .any(|item| file_lock(model.slice(item.context_expr.range())))
        }
        _ => false,
    });
    let flock = model.calls_in(scope).any(|c| {
        c.scope == scope
            && c.range().end() <= at.start()
            && matches!(c.qualified(), Some(q) if q.starts_with("fcntl."))
    });
    begins || locked_with || flock
}

/// A module of the project imports what keeps one instance of a desktop
/// program running: no second process starts on the fresh file.
fn one_instance(ctx: &Context<'_, '_>) -> bool {
    let imports = |m: &crate::semantic::project::ModuleSummary| {
        m.imports.iter().any(|i| {
            ONE_INSTANCE
                .iter()
                .any(|k| i.target.split('.').any(|part| part == *k))
        })
    };
    imports(&ctx.project.own) || ctx.project.index.modules.iter().any(imports)
}

#[cfg(test)]
mod tests {
    use super::plain_create_in;

    #[test]
    fn plain_creates_only() {
        assert_eq!(
            plain_create_in("CREATE TABLE cache (k TEXT)").as_deref(),
            Some("TABLE cache")
        );
        assert_eq!(
            plain_create_in("create unique index ix_k on cache (k)").as_deref(),
            Some("INDEX ix_k")
        );
        assert_eq!(
            plain_create_in("CREATE TABLE IF NOT EXISTS cache (k)"),
            None
        );
        assert_eq!(plain_create_in("CREATE TEMP TABLE scratch (k)"), None);
        assert_eq!(plain_create_in("INSERT INTO cache VALUES (1)"), None);
    }
}
