//! Reading one configuration file: `[tool.sqlfix]` in `pyproject.toml`, or the top
//! level of `sqlfix.toml` / `.sqlfix.toml`. Every key is known; an unknown one, a
//! wrong type or a bad value is an error that names the key and the file, on one line.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

/// The names looked for in each directory, in order of precedence (as ruff's
/// `.ruff.toml`, `ruff.toml`, `pyproject.toml`).
pub const CONFIG_NAMES: [&str; 3] = [".sqlfix.toml", "sqlfix.toml", "pyproject.toml"];

/// The options a configuration file (or the command line) can set. `None` or
/// empty: not set here.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct FileOptions {
    pub select: Option<Vec<String>>,
    #[serde(default)]
    pub extend_select: Vec<String>,
    #[serde(default)]
    pub ignore: Vec<String>,
    pub exclude: Option<Vec<String>>,
    #[serde(default)]
    pub extend_exclude: Vec<String>,
    /// Glob → rule selectors.
    #[serde(default)]
    pub per_file_ignores: BTreeMap<String, Vec<String>>,
    pub fixable: Option<Vec<String>>,
    #[serde(default)]
    pub unfixable: Vec<String>,
    pub unsafe_fixes: Option<bool>,
    pub target_version: Option<String>,
    pub busy_timeout_ms: Option<u32>,
    pub synchronous: Option<String>,
    /// `[tool.sqlfix.pragmas]`: name → value, in the file's order.
    pub pragmas: Option<toml::Table>,
    pub json_atomic_helper: Option<String>,
    /// `report`, `low` or `skip`: findings in code no entry point runs.
    pub dead_code: Option<String>,
    /// Where the cache lives (default `.sqlfix_cache` beside the configuration).
    pub cache_dir: Option<String>,
}

#[derive(Deserialize)]
struct Pyproject {
    tool: Option<Tool>,
    project: Option<Project>,
}

#[derive(Deserialize)]
struct Tool {
    sqlfix: Option<FileOptions>,
}

#[derive(Deserialize)]
struct Project {
    #[serde(rename = "requires-python")]
    requires_python: Option<String>,
}

/// A configuration file that was found and read.
#[derive(Debug, Clone)]
pub struct ConfigFile {
    pub path: PathBuf,
    pub options: FileOptions,
    /// `[project] requires-python` of the same `pyproject.toml`, for `target-version`.
    pub requires_python: Option<String>,
    /// The file's bytes: part of the cache key.
    pub text: String,
}

/// Reads `path` as a configuration file. `Ok(None)`: a `pyproject.toml` without
/// `[tool.sqlfix]`, which is not sqlfix's (ruff's rule).
pub fn read(path: &Path) -> Result<Option<ConfigFile>, String> {
    // Relative to the working directory when it is under it, as the user sees it.
    let shown = std::env::current_dir()
        .ok()
        .and_then(|cwd| path.strip_prefix(cwd).ok().map(crate::diff::display_path))
        .unwrap_or_else(|| crate::diff::display_path(path));
    let text = std::fs::read_to_string(path).map_err(|e| format!("{shown}: cannot read: {e}"))?;
    let is_pyproject = path.file_name().is_some_and(|n| n == "pyproject.toml");
    if is_pyproject {
        // Cheap test first: most pyproject.toml files are not sqlfix's.
        if !text.contains("sqlfix") {
            return Ok(None);
        }
        let doc: Pyproject =
            toml::from_str(&text).map_err(|e| describe(&shown, &text, &e, "[tool.sqlfix]"))?;
        let Some(options) = doc.tool.and_then(|t| t.sqlfix) else {
            return Ok(None);
        };
        let requires_python = doc.project.and_then(|p| p.requires_python);
        return Ok(Some(ConfigFile {
            path: path.to_path_buf(),
            options,
            requires_python,
            text,
        }));
    }
    let options: FileOptions =
        toml::from_str(&text).map_err(|e| describe(&shown, &text, &e, "the file"))?;
    Ok(Some(ConfigFile {
        path: path.to_path_buf(),
        options,
        requires_python: None,
        text,
    }))
}

/// One line: `pyproject.toml:12: unknown key `selct` in [tool.sqlfix] (expected one of ...)`.
fn describe(path: &str, text: &str, error: &toml::de::Error, table: &str) -> String {
    let line = error
        .span()
        .map(|span| text[..span.start.min(text.len())].matches('\n').count() + 1);
    let message = error.message().trim().replace('\n', " ");
    let message = match message.strip_prefix("unknown field ") {
        Some(rest) => {
            let (key, expected) = rest.split_once(", expected ").unwrap_or((rest, ""));
            let key = key.trim_matches('`');
            if expected.is_empty() {
                format!("unknown key `{key}` in {table}")
            } else {
                format!("unknown key `{key}` in {table} (expected {expected})")
            }
        }
        None => {
            // Name the key the error is about: the `key =` of the line it points at.
            let key = error.span().and_then(|span| {
                let start = text[..span.start.min(text.len())]
                    .rfind('\n')
                    .map_or(0, |i| i + 1);
                let line_text = text[start..].lines().next()?;
                let (key, _) = line_text.split_once('=')?;
                let key = key.trim();
                (!key.is_empty() && !key.starts_with('[')).then(|| key.to_string())
            });
            match key {
                Some(key) => format!("`{key}`: {message}"),
                None => message,
            }
        }
    };
    match line {
        Some(line) => format!("{path}:{line}: {message}"),
        None => format!("{path}: {message}"),
    }
}

/// The nearest configuration in `dir` itself (not its parents), by precedence.
pub fn in_dir(dir: &Path) -> Result<Option<ConfigFile>, String> {
    for name in CONFIG_NAMES {
        let candidate = dir.join(name);
        if candidate.is_file() {
            if let Some(found) = read(&candidate)? {
                return Ok(Some(found));
            }
        }
    }
    Ok(None)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_keys_name_the_key_and_the_file_on_one_line() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("pyproject.toml");
        std::fs::write(
            &path,
            "[project]\nname = \"x\"\n\n[tool.sqlfix]\nselect = [\"SQF1\"]\nselct = [\"SQF2\"]\n",
        )
        .unwrap();
        let err = read(&path).unwrap_err();
        assert!(
            err.contains("pyproject.toml:6: unknown key `selct` in [tool.sqlfix]"),
            "{err}"
        );
        assert_eq!(err.lines().count(), 1);
    }

    #[test]
    fn a_pyproject_without_the_table_is_not_a_config() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("pyproject.toml");
        std::fs::write(&path, "[tool.ruff]\nline-length = 100 # not sqlfix\n").unwrap();
        assert!(read(&path).unwrap().is_none());
    }
}
