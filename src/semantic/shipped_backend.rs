//! The database backend the project's shipped configuration selects, for a
//! server that supports SQLite beside MySQL or PostgreSQL.
//!
//! A finding in code that runs only when SQLite is chosen matters only to the
//! deployments that change the shipped default. Following ruff's habit of
//! keeping a finding and saying how sure it is (rather than hiding it), such
//! findings stay, with Low confidence and a note that names the default and
//! the file that sets it ("the shipped configuration selects MySQL
//! (config.yaml: `db_type: mysql`); this code runs only when SQLite is
//! chosen"), in text, JSON and SARIF alike (check/scope.rs).
//!
//! The default is read from the configuration files shipped beside the code
//! (`config.yaml`, `settings.py`, `.env.example` and their kin, in the code's
//! folders and up to three above): a key that picks the backend (`db_type`,
//! `DB_ENGINE`, `database.driver`, Django's `ENGINE`) or a database URL
//! (`DATABASE_URL=postgresql://...`). One file that selects SQLite makes the
//! answer unknown: then SQLite is a shipped choice too.
//!
//! Code runs only on the SQLite branch when it sits under a test that picks
//! SQLite (`if db_type == "sqlite":`, `elif url.startswith("sqlite")`), or in a
//! class, function or module named for SQLite (`class SQLiteStore`,
//! `backends/sqlite.py`): the backend-specific half of a design whose other
//! half serves the default.

use ruff_python_ast::Stmt;
use ruff_text_size::{Ranged, TextSize};

use super::model::Model;
use super::project::ProjectView;

/// The non-SQLite backend the shipped configuration selects, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shipped {
    /// "MySQL" or "PostgreSQL".
    pub backend: &'static str,
    /// `config.yaml: db_type: mysql`
    pub evidence: String,
}

/// Configuration files a project ships its defaults in.
fn is_config_file(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    let stem_ok = |stem: &str| {
        matches!(
            stem,
            "config"
                | "settings"
                | "application"
                | "defaults"
                | "config.example"
                | "config.sample"
                | "config.default"
                | "settings.example"
        )
    };
    if matches!(
        lower.as_str(),
        ".env.example" | ".env.sample" | ".env.template" | "env.example" | "example.env"
    ) {
        return true;
    }
    ["yaml", "yml", "toml", "ini", "json", "py", "cfg"]
        .iter()
        .any(|ext| lower.strip_suffix(&format!(".{ext}")).is_some_and(stem_ok))
}

/// Keys whose value picks the database backend.
const SELECTOR_KEYS: &[&str] = &[
    "db_type",
    "database_type",
    "db_engine",
    "database_engine",
    "db_backend",
    "database_backend",
    "db_driver",
    "database_driver",
    "db_dialect",
    "database_dialect",
    "dialect",
    "engine",
    "driver",
    "backend",
    "db_url",
    "database_url",
    "database_uri",
    "sqlalchemy_database_uri",
    "sqlalchemy_database_url",
];

/// The backend a value names: "MySQL", "PostgreSQL" or "SQLite".
fn backend_named(value: &str) -> Option<&'static str> {
    let v = value.to_ascii_lowercase();
    if v.contains("sqlite") {
        Some("SQLite")
    } else if v.contains("mysql") || v.contains("mariadb") {
        Some("MySQL")
    } else if v.contains("postgres") || v.contains("pgsql") || v.contains("psycopg") {
        Some("PostgreSQL")
    } else {
        None
    }
}

/// One line of a configuration file: the backend its selector key picks.
fn line_selection(line: &str) -> Option<&'static str> {
    let line = line.trim();
    if line.starts_with('#') || line.starts_with("//") || line.starts_with(';') {
        return None;
    }
    let split = line.find([':', '='])?;
    let (key, value) = line.split_at(split);
    let key = key
        .trim()
        .trim_start_matches("export ")
        .trim_matches(|c| c == '"' || c == '\'' || c == '-' || c == ' ')
        .to_ascii_lowercase();
    let key = key.rsplit('.').next().unwrap_or(&key);
    if !SELECTOR_KEYS.contains(&key) {
        return None;
    }
    // The value up to a comment or the end of a dict entry.
    let value = value[1..].trim_start_matches(['=', ' ']);
    let value = value.split(['#', ',']).next().unwrap_or(value).trim();
    if value.is_empty() {
        return None;
    }
    backend_named(value)
}

/// What the shipped configuration files of `files` select.
pub fn from_texts(texts: &[(String, String)]) -> Option<Shipped> {
    let mut found: Option<Shipped> = None;
    for (name, text) in texts {
        for line in text.lines() {
            match line_selection(line) {
                // SQLite is a shipped choice: nothing to mark.
                Some("SQLite") => return None,
                Some(backend) if found.is_none() => {
                    found = Some(Shipped {
                        backend,
                        evidence: format!("{name}: `{}`", line.trim()),
                    });
                }
                _ => {}
            }
        }
    }
    found
}

struct ShippedMemo(Option<Shipped>);

/// The non-SQLite backend the project's shipped configuration selects.
pub fn of_project(view: &ProjectView<'_>) -> Option<Shipped> {
    view.index
        .memo(|index| {
            let texts = super::deployment::named_texts(
                index.modules.iter().map(|m| m.path.as_path()),
                is_config_file,
            );
            ShippedMemo(from_texts(&texts))
        })
        .0
        .clone()
}

struct ShippedSqliteUrl(Option<String>);

/// A shipped configuration file (`config.example.json`, `.env.example`, ...)
/// that gives a `sqlite://` URL as a value: an engine built from a
/// configuration key at run time (`create_engine(CONFIG["DATABASE"])`) is
/// likely on SQLite there. Says which file and line.
pub fn sqlite_url_shipped(view: &ProjectView<'_>) -> Option<String> {
    view.index
        .memo(|index| {
            let texts = super::deployment::named_texts(
                index.modules.iter().map(|m| m.path.as_path()),
                |n| is_config_file(n) || is_config_example(n),
            );
            ShippedSqliteUrl(sqlite_url_line(&texts))
        })
        .0
        .clone()
}

/// A configuration template shipped beside the code under another spelling:
/// `config.yaml.example`, `example_config.json`, `settings.sample.toml`,
/// `.env.dist`. Python files are code, not templates.
fn is_config_example(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    let about = ["config", "settings", ".env"]
        .iter()
        .any(|k| lower.contains(k));
    let format = [
        ".yaml",
        ".yml",
        ".json",
        ".toml",
        ".ini",
        ".cfg",
        ".example",
        ".sample",
        ".template",
        ".dist",
    ]
    .iter()
    .any(|ext| lower.ends_with(ext));
    about && format && !lower.ends_with(".py")
}

/// The first line of `texts` (not a comment) whose value is a `sqlite://` URL.
fn sqlite_url_line(texts: &[(String, String)]) -> Option<String> {
    texts.iter().find_map(|(name, text)| {
        text.lines()
            .map(str::trim)
            .filter(|l| !(l.starts_with('#') || l.starts_with("//") || l.starts_with(';')))
            .find(|l| {
                l.find([':', '='])
                    .is_some_and(|at| l[at..].to_ascii_lowercase().contains("sqlite://"))
            })
            .map(|l| format!("{name}: `{l}`"))
    })
}

/// Why the code at `at` runs only when SQLite is chosen: under a test that
/// picks it, or in a class, function or module named for it.
pub fn sqlite_branch(model: &Model<'_>, at: TextSize) -> Option<String> {
    let stem = model
        .path
        .file_stem()
        .map(|s| s.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    if stem.contains("sqlite") {
        return Some(format!(
            "this module (`{}`) is the SQLite backend",
            crate::diff::display_path(model.path)
        ));
    }
    let mut suite: &[Stmt] = model.suite;
    'outer: loop {
        for stmt in suite {
            if !stmt.range().contains(at) {
                continue;
            }
            match stmt {
                Stmt::ClassDef(c) => {
                    if c.name.to_ascii_lowercase().contains("sqlite") {
                        return Some(format!("`{}` is the SQLite backend", c.name));
                    }
                    suite = &c.body;
                }
                Stmt::FunctionDef(f) => {
                    if f.name.to_ascii_lowercase().contains("sqlite") {
                        return Some(format!("`{}` serves the SQLite backend", f.name));
                    }
                    suite = &f.body;
                }
                Stmt::If(i) => {
                    if i.body.iter().any(|s| s.range().contains(at)) {
                        if picks_sqlite(model, &i.test) {
                            return Some(format!(
                                "it runs under `if {}`",
                                model.slice(i.test.range())
                            ));
                        }
                        suite = &i.body;
                    } else {
                        let clause = i
                            .elif_else_clauses
                            .iter()
                            .find(|c| c.range().contains(at))?;
                        if let Some(test) = &clause.test
                            && picks_sqlite(model, test)
                        {
                            return Some(format!(
                                "it runs under `elif {}`",
                                model.slice(test.range())
                            ));
                        }
                        suite = &clause.body;
                    }
                }
                Stmt::For(f) => suite = &f.body,
                Stmt::While(w) => suite = &w.body,
                Stmt::With(w) => suite = &w.body,
                Stmt::Try(t) => {
                    suite = std::iter::once(&t.body[..])
                        .chain(t.handlers.iter().map(|h| match h {
                            ruff_python_ast::ExceptHandler::ExceptHandler(h) => &h.body[..],
                        }))
                        .chain([&t.orelse[..], &t.finalbody[..]])
                        .find(|b| b.iter().any(|s| s.range().contains(at)))?;
                }
                _ => return None,
            }
            continue 'outer;
        }
        return None;
    }
}

/// A test that holds when SQLite is the chosen backend: it compares with or
/// looks for "sqlite" (`db_type == "sqlite"`, `url.startswith("sqlite")`,
/// `"sqlite" in url`), not one that rules it out.
fn picks_sqlite(model: &Model<'_>, test: &ruff_python_ast::Expr) -> bool {
    let text = model.slice(test.range()).to_ascii_lowercase();
    text.contains("sqlite")
        && !text.contains("!=")
        && !text.starts_with("not ")
        && !text.contains("not in")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect()
    }

    #[test]
    fn selectors_and_urls() {
        let yaml = texts(&[(
            "config.yaml",
            "server:\n  port: 80\ndatabase:\n  db_type: mysql\n",
        )]);
        assert_eq!(from_texts(&yaml).map(|s| s.backend), Some("MySQL"));
        let env = texts(&[(".env.example", "DATABASE_URL=postgresql://u:p@db/app\n")]);
        assert_eq!(from_texts(&env).map(|s| s.backend), Some("PostgreSQL"));
        let django = texts(&[(
            "settings.py",
            "DATABASES = {\n    'default': {\n        'ENGINE': 'django.db.backends.mysql',\n",
        )]);
        assert_eq!(from_texts(&django).map(|s| s.backend), Some("MySQL"));
    }

    #[test]
    fn sqlite_anywhere_or_nothing_is_no_answer() {
        let both = texts(&[
            ("config.yaml", "db_type: mysql\n"),
            (".env.example", "DB_TYPE=sqlite\n"),
        ]);
        assert_eq!(from_texts(&both), None);
        let none = texts(&[("config.yaml", "# db_type: mysql\nport: 80\n")]);
        assert_eq!(from_texts(&none), None);
    }

    #[test]
    fn shipped_sqlite_url() {
        let json = texts(&[(
            "config.example.json",
            "{\n  \"TOKEN\": \"x\",\n  \"DATABASE_CONNECTION\": \"sqlite:///bot.db\"\n}\n",
        )]);
        assert_eq!(
            sqlite_url_line(&json).as_deref(),
            Some("config.example.json: `\"DATABASE_CONNECTION\": \"sqlite:///bot.db\"`")
        );
        let commented = texts(&[(".env.example", "# DATABASE_URL=sqlite:///x.db\n")]);
        assert_eq!(sqlite_url_line(&commented), None);
    }

    #[test]
    fn config_file_names() {
        assert!(is_config_file("config.yaml"));
        assert!(is_config_file(".env.example"));
        assert!(is_config_file("settings.py"));
        assert!(!is_config_file("models.py"));
        assert!(is_config_example("config.yaml.example"));
        assert!(is_config_example("example_config.json"));
        assert!(!is_config_example("config_loader.py"));
    }
}
