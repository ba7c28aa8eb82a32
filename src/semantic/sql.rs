//! What a SQL string does, read from its keywords: enough to tell a read from a
//! write, and to see which PRAGMAs it sets. Holes (run-time values) are `\0`.

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SqlKind {
    Read,
    Write,
    /// CREATE/DROP/ALTER: schema changes, also writes.
    Ddl,
    Pragma(Pragma),
    Begin(BeginMode),
    Commit,
    Rollback,
    Other,
    /// The statement's first keyword is a run-time value.
    Unknown,
}

impl SqlKind {
    /// Takes the write lock when it runs.
    pub fn is_write(&self) -> bool {
        matches!(self, SqlKind::Write | SqlKind::Ddl)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BeginMode {
    Deferred,
    Immediate,
    Exclusive,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pragma {
    /// Lower-case pragma name, without a schema prefix; `None` when it is a hole.
    pub name: Option<String>,
    /// The assigned value, lower-case, quotes removed; `None` for a query or a hole.
    pub value: Option<String>,
    /// Whether the value is a run-time hole.
    pub value_is_hole: bool,
}

pub const HOLE: char = '\u{0}';

/// The statements of a script, classified. Splitting on `;` ignores semicolons in
/// quotes; triggers (`BEGIN ... END` inside CREATE TRIGGER) classify as one DDL.
pub fn classify_script(sql: &str) -> Vec<SqlKind> {
    split_statements(sql).into_iter().map(classify).collect()
}

fn split_statements(sql: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut quote: Option<char> = None;
    let mut trigger_depth = 0usize;
    let upper = sql.to_ascii_uppercase();
    let bytes = sql.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let c = bytes[i] as char;
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None => match c {
                '\'' | '"' | '`' => quote = Some(c),
                ';' if trigger_depth == 0 => {
                    out.push(&sql[start..i]);
                    start = i + 1;
                }
                _ if word_at(&upper, i, "CREATE")
                    && upper[i..]
                        .split_whitespace()
                        .take(4)
                        .any(|w| w == "TRIGGER") =>
                {
                    trigger_depth = 1;
                }
                _ if trigger_depth > 0 && word_at(&upper, i, "END") => {
                    trigger_depth = 0;
                }
                _ => {}
            },
        }
        i += c.len_utf8().max(1);
        while i < bytes.len() && !sql.is_char_boundary(i) {
            i += 1;
        }
    }
    out.push(&sql[start..]);
    out.into_iter()
        .filter(|s| !strip_comments(s).trim().is_empty())
        .collect()
}

fn word_at(upper: &str, i: usize, word: &str) -> bool {
    upper[i..].starts_with(word)
        && (i == 0 || !upper.as_bytes()[i - 1].is_ascii_alphanumeric())
        && !upper
            .as_bytes()
            .get(i + word.len())
            .is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'_')
}

fn strip_comments(sql: &str) -> String {
    let mut out = String::with_capacity(sql.len());
    for line in sql.lines() {
        let line = match line.find("--") {
            Some(pos) => &line[..pos],
            None => line,
        };
        out.push_str(line);
        out.push('\n');
    }
    // Block comments at the start only; they are what ORMs and people put there.
    let trimmed = out.trim_start();
    if let Some(rest) = trimmed.strip_prefix("/*") {
        if let Some(end) = rest.find("*/") {
            return rest[end + 2..].to_string();
        }
    }
    out
}

/// Classifies one statement.
pub fn classify(sql: &str) -> SqlKind {
    let sql = strip_comments(sql);
    let sql = sql.trim_start_matches(|c: char| c.is_whitespace() || c == '(');
    if sql.starts_with(HOLE) {
        return SqlKind::Unknown;
    }
    let upper = sql.to_ascii_uppercase();
    let mut words = upper.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'));
    let first = words.find(|w| !w.is_empty()).unwrap_or("");
    match first {
        "SELECT" | "VALUES" | "EXPLAIN" => SqlKind::Read,
        "WITH" => {
            if ["INSERT", "UPDATE", "DELETE", "REPLACE"].iter().any(|w| {
                upper
                    .split(|c: char| !c.is_ascii_alphanumeric())
                    .any(|x| x == *w)
            }) {
                SqlKind::Write
            } else {
                SqlKind::Read
            }
        }
        "INSERT" | "UPDATE" | "DELETE" | "REPLACE" | "UPSERT" => SqlKind::Write,
        "CREATE" | "DROP" | "ALTER" => SqlKind::Ddl,
        "PRAGMA" => SqlKind::Pragma(parse_pragma(&sql[first_word_end(sql)..])),
        "BEGIN" => {
            let mode = match words.find(|w| !w.is_empty()) {
                Some("IMMEDIATE") => BeginMode::Immediate,
                Some("EXCLUSIVE") => BeginMode::Exclusive,
                _ => BeginMode::Deferred,
            };
            SqlKind::Begin(mode)
        }
        "COMMIT" | "END" => SqlKind::Commit,
        "ROLLBACK" => SqlKind::Rollback,
        "" => SqlKind::Unknown,
        _ => SqlKind::Other,
    }
}

fn first_word_end(sql: &str) -> usize {
    sql.find(|c: char| !c.is_ascii_alphabetic())
        .unwrap_or(sql.len())
}

/// `[schema.]name [= value | (value)]`
fn parse_pragma(rest: &str) -> Pragma {
    let rest = rest.trim();
    let name_end = rest
        .find(|c: char| c == '=' || c == '(' || c.is_whitespace() || c == ';')
        .unwrap_or(rest.len());
    let raw_name = &rest[..name_end];
    let raw_name = raw_name.rsplit('.').next().unwrap_or(raw_name);
    let name = if raw_name.contains(HOLE) || raw_name.is_empty() {
        None
    } else {
        Some(raw_name.to_ascii_lowercase())
    };
    let after = rest[name_end..].trim_start();
    let raw_value = if let Some(v) = after.strip_prefix('=') {
        Some(v.trim())
    } else {
        after.strip_prefix('(').map(|v| {
            v.trim_end()
                .trim_end_matches(';')
                .trim_end()
                .trim_end_matches(')')
                .trim()
        })
    };
    let raw_value = raw_value.map(|v| v.trim_end_matches(';').trim());
    let value_is_hole = raw_value.is_some_and(|v| v.contains(HOLE));
    let value = raw_value.filter(|v| !v.contains(HOLE)).map(|v| {
        v.trim_matches(|c| c == '\'' || c == '"')
            .to_ascii_lowercase()
    });
    Pragma {
        name,
        value,
        value_is_hole,
    }
}

/// `sql` on one line, lower case, one space between words: the form the
/// rules compare statements and prefixes in.
pub fn one_line_lower(sql: &str) -> String {
    sql.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_ascii_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pragma(name: &str, value: Option<&str>) -> SqlKind {
        SqlKind::Pragma(Pragma {
            name: Some(name.into()),
            value: value.map(Into::into),
            value_is_hole: false,
        })
    }

    #[test]
    fn classifies_common_statements() {
        assert_eq!(classify("  select * from t"), SqlKind::Read);
        assert_eq!(
            classify("-- note\nINSERT INTO t VALUES (?)"),
            SqlKind::Write
        );
        assert_eq!(
            classify("WITH x AS (SELECT 1) UPDATE t SET a = 1"),
            SqlKind::Write
        );
        assert_eq!(
            classify("WITH x AS (SELECT 1) SELECT * FROM x"),
            SqlKind::Read
        );
        assert_eq!(classify("CREATE TABLE IF NOT EXISTS t (a)"), SqlKind::Ddl);
        assert_eq!(
            classify("BEGIN IMMEDIATE"),
            SqlKind::Begin(BeginMode::Immediate)
        );
        assert_eq!(classify("begin"), SqlKind::Begin(BeginMode::Deferred));
        assert_eq!(classify("\u{0} INTO t"), SqlKind::Unknown);
    }

    #[test]
    fn parses_pragmas() {
        assert_eq!(
            classify("PRAGMA journal_mode=WAL"),
            pragma("journal_mode", Some("wal"))
        );
        assert_eq!(
            classify("pragma main.journal_mode = 'wal';"),
            pragma("journal_mode", Some("wal"))
        );
        assert_eq!(
            classify("PRAGMA busy_timeout(5000)"),
            pragma("busy_timeout", Some("5000"))
        );
        assert_eq!(
            classify("PRAGMA journal_mode"),
            pragma("journal_mode", None)
        );
        assert_eq!(
            classify("PRAGMA \u{0}=\u{0}"),
            SqlKind::Pragma(Pragma {
                name: None,
                value: None,
                value_is_hole: true
            })
        );
    }

    #[test]
    fn splits_scripts_but_not_triggers_or_quotes() {
        let kinds = classify_script(
            "PRAGMA journal_mode=WAL; INSERT INTO t VALUES ('a;b');\nCREATE TRIGGER x AFTER INSERT ON t BEGIN UPDATE u SET n = n + 1; END;",
        );
        assert_eq!(
            kinds,
            vec![
                pragma("journal_mode", Some("wal")),
                SqlKind::Write,
                SqlKind::Ddl
            ]
        );
    }
}
