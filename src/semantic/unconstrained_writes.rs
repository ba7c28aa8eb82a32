//! Whether a DML write can fail on a constraint, from the table's own
//! `CREATE TABLE` in the module's text (docs/sqlite-facts.md#F-one-write-drop).
//!
//! A write that fails on a constraint has taken the write lock and keeps it
//! with its transaction; one that fails with "database is locked" took none
//! (F-busy-first-write). So a transaction's only write holds nothing on its
//! error path when no constraint can stop it:
//! - a `DELETE`, unless the project turns foreign keys on (a child row may
//!   then refuse it) or the module declares a trigger (`RAISE`);
//! - an `UPDATE` whose table declares no UNIQUE, CHECK, NOT NULL, foreign key
//!   or STRICT typing, and whose SET list leaves the primary key alone;
//! - an `INSERT` into such a table that names columns without the primary key
//!   (SQLite picks the rowid) or resolves a key conflict itself
//!   (`OR REPLACE`, `OR IGNORE`, `REPLACE INTO`).
//!
//! The table's declaration must be in the text given: a table declared
//! elsewhere (another module, a migration file) is not known to be free of
//! constraints.

use rustc_hash::FxHashMap as HashMap;

use super::effects::table_of_write;

/// What a module's text declares, read once per module (a scan per write made
/// a module of many writes quadratic): whether it creates a trigger, and each
/// table's `CREATE TABLE`.
pub struct DeclaredTables {
    trigger: bool,
    /// Per table name, each declaration of it (`None` where its column list
    /// could not be read). `None` as a whole when a `CREATE` is cut short
    /// with no name after it: no table is then known.
    tables: Option<HashMap<String, Vec<Option<Declaration>>>>,
}

impl DeclaredTables {
    pub fn of(module_text: &str) -> DeclaredTables {
        let lower = module_text.to_ascii_lowercase();
        let module_words: Vec<String> = words(&lower).collect();
        let trigger = module_words.windows(3).any(|w| {
            w[0] == "create"
                && (w[1] == "trigger"
                    || (matches!(w[1].as_str(), "temp" | "temporary") && w[2] == "trigger"))
        });
        DeclaredTables {
            trigger,
            tables: declarations(&lower),
        }
    }

    /// The table's one declaration: two for the same name (a migration's
    /// rebuild) are not known to agree.
    fn declaration(&self, table: &str) -> Option<&Declaration> {
        match self.tables.as_ref()?.get(table)?.as_slice() {
            [Some(declaration)] => Some(declaration),
            _ => None,
        }
    }
}

/// Whether the single write `sql` (a sketch: holes are `sql::HOLE`) cannot
/// fail on a constraint, given what the module declares and whether the
/// project enables foreign keys.
pub fn cannot_break_constraint(sql: &str, declared: &DeclaredTables, foreign_keys: bool) -> bool {
    if sql.contains(super::sql::HOLE) {
        return false;
    }
    let Some(table) = table_of_write(sql) else {
        return false;
    };
    if declared.trigger {
        return false;
    }
    let words_of_sql: Vec<String> = words(&sql.to_ascii_lowercase()).collect();
    let first = words_of_sql.first().map(String::as_str);
    if first == Some("delete") {
        return !foreign_keys;
    }
    let Some(columns) = declared.declaration(&table) else {
        return false;
    };
    let decl_words: Vec<String> = words(&columns.body).collect();
    let has = |w: &str| decl_words.iter().any(|d| d == w);
    if has("unique")
        || has("check")
        || has("references")
        || has("foreign")
        || decl_words
            .windows(2)
            .any(|w| w[0] == "not" && w[1] == "null")
        || columns.strict
    {
        return false;
    }
    let key = primary_key(&columns.body);
    match first {
        Some("update") => match key {
            PrimaryKey::None => true,
            PrimaryKey::Column(k) => !set_list(&words_of_sql).iter().any(|c| *c == k),
            PrimaryKey::Composite => false,
        },
        Some("insert" | "replace") => {
            let resolves = first == Some("replace")
                || (words_of_sql.get(1).map(String::as_str) == Some("or")
                    && matches!(
                        words_of_sql.get(2).map(String::as_str),
                        Some("replace" | "ignore")
                    ));
            match key {
                PrimaryKey::None => true,
                _ if resolves => true,
                PrimaryKey::Column(k) => {
                    columns.rowid_key && insert_columns(sql).is_some_and(|cs| !cs.contains(&k))
                }
                PrimaryKey::Composite => false,
            }
        }
        _ => false,
    }
}

fn words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .filter(|w| !w.is_empty())
        .map(|w| w.trim_matches('_').to_string())
        .filter(|w| !w.is_empty())
}

struct Declaration {
    /// Between the parentheses of the column list, lower-case.
    body: String,
    /// `STRICT` after the list.
    strict: bool,
    /// The primary key is an `INTEGER PRIMARY KEY` column (the rowid).
    rowid_key: bool,
}

/// Every `create [virtual] table [if not exists] <table> ...(<body>) [strict]`
/// in `text` (lower-case), by table name.
fn declarations(text: &str) -> Option<HashMap<String, Vec<Option<Declaration>>>> {
    let mut found: HashMap<String, Vec<Option<Declaration>>> = HashMap::default();
    let mut rest = text;
    while let Some(at) = rest.find("create ") {
        let after = &rest[at + "create ".len()..];
        rest = after;
        let mut ws = after.split_whitespace();
        let mut w = ws.next()?;
        if matches!(w, "virtual" | "temp" | "temporary") {
            w = ws.next()?;
        }
        if w != "table" {
            continue;
        }
        let mut name = ws.next()?;
        if name == "if" {
            ws.next();
            ws.next();
            name = ws.next()?;
        }
        let name = name
            .split('(')
            .next()
            .unwrap_or("")
            .trim_matches(|c| matches!(c, '"' | '`' | '[' | ']' | '\''));
        let name = name.rsplit('.').next().unwrap_or(name);
        found
            .entry(name.to_string())
            .or_default()
            .push(column_list(after));
    }
    Some(found)
}

/// The column list that follows a `create table <name>` (`after`: the text
/// after `create `), and what follows it.
fn column_list(after: &str) -> Option<Declaration> {
    let open = after.find('(')?;
    let mut depth = 0usize;
    let mut close = None;
    for (i, c) in after[open..].char_indices() {
        match c {
            '(' => depth += 1,
            ')' => {
                depth -= 1;
                if depth == 0 {
                    close = Some(open + i);
                    break;
                }
            }
            _ => {}
        }
    }
    let close = close?;
    let body = after[open + 1..close].to_string();
    let tail: String = after[close + 1..].chars().take(40).collect();
    let strict = words(&tail)
        .take_while(|w| w != "create")
        .any(|w| w == "strict");
    let rowid_key = body.contains("integer primary key");
    Some(Declaration {
        body,
        strict,
        rowid_key,
    })
}

enum PrimaryKey {
    None,
    Column(String),
    Composite,
}

fn primary_key(body: &str) -> PrimaryKey {
    for part in split_top(body) {
        let part = part.trim();
        if !part.contains("primary key") {
            continue;
        }
        if part.starts_with("primary key") || part.starts_with("constraint") {
            return PrimaryKey::Composite;
        }
        let name = words(part).next().unwrap_or_default();
        return PrimaryKey::Column(name);
    }
    PrimaryKey::None
}

/// The comma-separated parts of a column list, outside nested parentheses.
fn split_top(body: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let (mut depth, mut start) = (0i32, 0);
    for (i, c) in body.char_indices() {
        match c {
            '(' => depth += 1,
            ')' => depth -= 1,
            ',' if depth == 0 => {
                parts.push(&body[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    parts.push(&body[start..]);
    parts
}

/// The columns an UPDATE's SET list assigns (`set a = ?, b = b + 1 where`).
fn set_list(words: &[String]) -> Vec<&str> {
    let Some(set) = words.iter().position(|w| w == "set") else {
        return Vec::new();
    };
    let end = words
        .iter()
        .position(|w| matches!(w.as_str(), "where" | "returning" | "from"))
        .unwrap_or(words.len());
    words[set + 1..end.max(set + 1)]
        .iter()
        .map(String::as_str)
        .collect()
}

/// The column list of `INSERT INTO t (a, b) VALUES ...`, lower-case.
fn insert_columns(sql: &str) -> Option<Vec<String>> {
    let lower = sql.to_ascii_lowercase();
    let into = lower.find(" into ")?;
    let values = lower.find("values").or_else(|| lower.find("select"))?;
    let head = &lower[into..values];
    let open = head.find('(')?;
    let close = head.rfind(')')?;
    Some(words(&head[open + 1..close]).collect())
}

#[cfg(test)]
mod tests {
    use super::{DeclaredTables, cannot_break_constraint};

    fn ok(sql: &str, module_text: &str, foreign_keys: bool) -> bool {
        cannot_break_constraint(sql, &DeclaredTables::of(module_text), foreign_keys)
    }

    const CACHE: &str = "CREATE TABLE IF NOT EXISTS search_cache (\n query_hash TEXT PRIMARY KEY,\n results TEXT, created_at TEXT)";
    const REMINDERS: &str = "CREATE TABLE IF NOT EXISTS reminders (id INTEGER PRIMARY KEY AUTOINCREMENT, time TEXT, task TEXT, sent INTEGER DEFAULT 0)";
    const USERS: &str =
        "CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT UNIQUE NOT NULL, n INTEGER)";

    #[test]
    fn deletes_fail_only_on_foreign_keys_or_triggers() {
        assert!(ok("DELETE FROM anything WHERE id = ?", "", false));
        assert!(!ok("DELETE FROM anything WHERE id = ?", "", true));
        assert!(!ok(
            "DELETE FROM t WHERE id = ?",
            "CREATE TRIGGER x BEFORE DELETE ON t BEGIN SELECT RAISE(ABORT, 'no'); END",
            false
        ));
        // A comment that mentions triggers declares none.
        assert!(ok("DELETE FROM t WHERE id = ?", "# no trigger here", false));
    }

    #[test]
    fn updates_and_inserts_need_an_unconstrained_declaration() {
        assert!(ok(
            "UPDATE reminders SET sent = 1 WHERE id = ?",
            REMINDERS,
            false
        ));
        assert!(!ok(
            "UPDATE reminders SET id = ? WHERE id = ?",
            REMINDERS,
            false
        ));
        assert!(ok(
            "INSERT INTO reminders (time, task, sent) VALUES (?, ?, 0)",
            REMINDERS,
            false
        ));
        assert!(!ok(
            "INSERT INTO reminders (id, task) VALUES (?, ?)",
            REMINDERS,
            false
        ));
        assert!(!ok(
            "INSERT INTO reminders VALUES (?, ?, ?, ?)",
            REMINDERS,
            false
        ));
        assert!(ok(
            "INSERT OR REPLACE INTO search_cache (query_hash, results, created_at) VALUES (?, ?, ?)",
            CACHE,
            false
        ));
        assert!(!ok(
            "INSERT INTO search_cache (query_hash, results) VALUES (?, ?)",
            CACHE,
            false
        ));
        assert!(!ok("UPDATE users SET n = n + 1 WHERE id = ?", USERS, false));
        assert!(!ok("UPDATE elsewhere SET n = 1", REMINDERS, false));
        assert!(!ok(
            "UPDATE t SET a = 1",
            "CREATE TABLE t (a INTEGER, b TEXT) STRICT",
            false
        ));
    }
}
