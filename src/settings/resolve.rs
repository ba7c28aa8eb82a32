//! Which configuration applies to a file, as ruff decides it: the nearest
//! `.sqlfix.toml`, `sqlfix.toml` or `pyproject.toml` with `[tool.sqlfix]` in the
//! file's directory or above wins, whole (files are not merged); `--config PATH`
//! applies one file to everything; `--isolated` uses none. The command line's
//! options are applied over whichever file applies.

use rustc_hash::FxHashMap as HashMap;
use std::path::{Component, Path, PathBuf};
use std::sync::{Arc, Mutex};

use globset::{Glob, GlobSet, GlobSetBuilder};

use super::config::{self, ConfigFile, FileOptions};
use super::{PythonVersion, Settings};
use crate::codemods::Codemod;
use crate::fix::Applicability;
use crate::rules::{self, Layer};

/// What `exclude` is when a configuration does not set it: other people's code and
/// tools' state (ruff's list, plus `site-packages`).
pub const DEFAULT_EXCLUDE: &[&str] = crate::discover::SKIPPED_DIRS;

/// The command line's share: the same options as a file, relative to the working
/// directory, plus where to look for files.
#[derive(Debug, Clone, Default)]
pub struct Overrides {
    pub options: FileOptions,
    /// `--config PATH`: this file for every checked file.
    pub config: Option<PathBuf>,
    /// `--isolated`: no configuration file at all.
    pub isolated: bool,
}

/// Globs relative to a base directory: a pattern without `/` matches a file or
/// folder name anywhere (`migrations`, `*_pb2.py`); one with `/` matches the path
/// from the base (`app/legacy/*.py`).
#[derive(Debug, Clone)]
pub struct PathMatcher {
    names: GlobSet,
    paths: GlobSet,
}

impl PathMatcher {
    /// `key` names the option in errors.
    pub fn new(patterns: &[(String, PathBuf)], key: &str, origin: &str) -> Result<Self, String> {
        let mut names = GlobSetBuilder::new();
        let mut paths = GlobSetBuilder::new();
        for (pattern, base) in patterns {
            let bad = |e: globset::Error| {
                format!(
                    "{origin}: `{pattern}` in `{key}` is not a valid glob: {}",
                    e.kind()
                )
            };
            let trimmed = pattern.trim_end_matches('/');
            if trimmed.contains('/') {
                let full = if Path::new(trimmed).is_absolute() {
                    PathBuf::from(trimmed)
                } else {
                    normalize(&base.join(trimmed.trim_start_matches("./")))
                };
                paths.add(Glob::new(&full.to_string_lossy()).map_err(bad)?);
            } else {
                names.add(Glob::new(trimmed).map_err(bad)?);
            }
        }
        Ok(PathMatcher {
            names: names.build().map_err(|e| e.to_string())?,
            paths: paths.build().map_err(|e| e.to_string())?,
        })
    }

    /// `path` must be absolute and normalized.
    pub fn is_match(&self, path: &Path) -> bool {
        path.file_name().is_some_and(|n| self.names.is_match(n)) || self.paths.is_match(path)
    }

    pub fn is_empty(&self) -> bool {
        self.names.is_empty() && self.paths.is_empty()
    }
}

/// The configuration that applies to some files, resolved with the command line.
#[derive(Debug)]
pub struct Config {
    /// The file it came from; `None`: the defaults (and the command line).
    pub file: Option<PathBuf>,
    /// Where the file's relative patterns start (its directory, or the working directory).
    pub root: PathBuf,
    pub settings: Settings,
    /// The rules that run, by id.
    pub rules: Vec<&'static str>,
    /// The rules whose fixes may be applied.
    pub fixable: Vec<&'static str>,
    pub unsafe_fixes: bool,
    pub exclude_patterns: Vec<String>,
    exclude: PathMatcher,
    pub per_file_ignore_patterns: Vec<(String, Vec<String>)>,
    per_file_ignores: Vec<(PathMatcher, Vec<String>)>,
    pub cache_dir: PathBuf,
    /// The file's text: part of the cache key.
    pub text: Option<String>,
    /// Where target-version came from, for `--show-settings`.
    pub target_version_source: &'static str,
}

/// What runs on one file and how far its fixes may go.
#[derive(Clone)]
pub struct FileRules {
    /// The rules that run here (SQF001 among them when selected).
    pub codemods: Vec<&'static dyn Codemod>,
    /// Rules whose fixes are only shown.
    pub unfixable: Vec<&'static str>,
    /// The least-trusted fix `--fix` applies here.
    pub min: Applicability,
    /// Every rule runs here: a bare `# sqlfix: ignore` with nothing to suppress is unused.
    pub all_rules: bool,
}

impl FileRules {
    /// Every given codemod, every fix fixable (the library's default).
    pub fn of(codemods: &[&'static dyn Codemod], min: Applicability) -> FileRules {
        FileRules {
            all_rules: rules::default_ids()
                .iter()
                .all(|id| codemods.iter().any(|c| c.meta().id == *id)),
            codemods: codemods.to_vec(),
            unfixable: Vec::new(),
            min,
        }
    }

    pub fn runs(&self, id: &str) -> bool {
        self.codemods.iter().any(|c| c.meta().id == id)
    }
}

impl Config {
    fn build(file: Option<&ConfigFile>, cwd: &Path, o: &FileOptions) -> Result<Config, String> {
        let empty = FileOptions::default();
        let f = file.map_or(&empty, |f| &f.options);
        let origin = file.map_or_else(
            || "command line".to_string(),
            |f| crate::diff::display_path(f.path.strip_prefix(cwd).unwrap_or(&f.path)),
        );
        let root = match file {
            Some(file) => normalize(&absolute(cwd, file.path.parent().unwrap_or(Path::new(".")))),
            None => cwd.to_path_buf(),
        };
        validate_selectors(f, &origin)?;
        validate_selectors(o, "command line")?;
        let file_layer = Layer {
            select: f.select.clone(),
            extend_select: f.extend_select.clone(),
            ignore: f.ignore.clone(),
        };
        let cli_layer = Layer {
            select: o.select.clone(),
            extend_select: o.extend_select.clone(),
            ignore: o.ignore.clone(),
        };
        let all = rules::all_ids();
        let selected = rules::resolve(&rules::default_ids(), &[&file_layer, &cli_layer]);
        let fixable_layers = [
            Layer {
                select: f.fixable.clone(),
                extend_select: Vec::new(),
                ignore: f.unfixable.clone(),
            },
            Layer {
                select: o.fixable.clone(),
                extend_select: Vec::new(),
                ignore: o.unfixable.clone(),
            },
        ];
        let fixable = rules::resolve(&all, &[&fixable_layers[0], &fixable_layers[1]]);

        let mut settings = Settings::default();
        let (target, source) = match (&o.target_version, &f.target_version) {
            (Some(v), _) => (Some((v, "command line".to_string())), "--target-version"),
            (None, Some(v)) => (Some((v, origin.clone())), "target-version"),
            (None, None) => (None, "default"),
        };
        let mut target_version_source = source;
        if let Some((v, from)) = target {
            settings.target_version = PythonVersion::parse(v).ok_or_else(|| {
                format!("{from}: `target-version` must be one of py38..py313, not `{v}`")
            })?;
        } else if let Some(v) = file
            .and_then(|f| f.requires_python.as_deref())
            .and_then(PythonVersion::from_requires_python)
        {
            settings.target_version = v;
            target_version_source = "requires-python";
        }
        if let Some(ms) = o.busy_timeout_ms.or(f.busy_timeout_ms) {
            if ms == 0 {
                let from = if o.busy_timeout_ms.is_some() {
                    "command line"
                } else {
                    &origin
                };
                return Err(format!(
                    "{from}: `busy-timeout-ms` must be above 0 (0 makes every lock an immediate `database is locked`)"
                ));
            }
            settings.busy_timeout_ms = ms;
        }
        if let Some(sync) = o.synchronous.as_ref().or(f.synchronous.as_ref()) {
            let upper = sync.to_ascii_uppercase();
            if !["OFF", "NORMAL", "FULL", "EXTRA"].contains(&upper.as_str()) {
                return Err(format!(
                    "{origin}: `synchronous` must be OFF, NORMAL, FULL or EXTRA, not `{sync}`"
                ));
            }
            settings.synchronous = upper;
        }
        if let Some(pragmas) = o.pragmas.as_ref().or(f.pragmas.as_ref()) {
            settings.extra_pragmas = pragmas_of(pragmas, &origin)?;
        }
        if let Some(helper) = o
            .json_atomic_helper
            .as_ref()
            .or(f.json_atomic_helper.as_ref())
        {
            let parts: Vec<&str> = helper.split('.').collect();
            if parts.len() < 2 || !parts.iter().all(|p| is_identifier(p)) {
                return Err(format!(
                    "{origin}: `json-atomic-helper` must be a dotted path `package.module.function`, not `{helper}`"
                ));
            }
            settings.json_atomic_helper = Some(helper.clone());
        }
        if let Some(value) = o.dead_code.as_ref().or(f.dead_code.as_ref()) {
            settings.dead_code = crate::settings::DeadCode::parse(value).ok_or_else(|| {
                format!("{origin}: `dead-code` must be report, low or skip, not `{value}`")
            })?;
        }

        let mut exclude_globs: Vec<(String, PathBuf)> = match (&o.exclude, &f.exclude) {
            (Some(cli), _) => cli.iter().map(|p| (p.clone(), cwd.to_path_buf())).collect(),
            (None, Some(file)) => file.iter().map(|p| (p.clone(), root.clone())).collect(),
            (None, None) => DEFAULT_EXCLUDE
                .iter()
                .map(|p| (p.to_string(), root.clone()))
                .collect(),
        };
        exclude_globs.extend(f.extend_exclude.iter().map(|p| (p.clone(), root.clone())));
        exclude_globs.extend(
            o.extend_exclude
                .iter()
                .map(|p| (p.clone(), cwd.to_path_buf())),
        );
        let exclude = PathMatcher::new(&exclude_globs, "exclude", &origin)?;

        let mut per_file = Vec::new();
        let mut per_file_patterns = Vec::new();
        for (opts, base, from) in [
            (f, &root, origin.as_str()),
            (o, &cwd.to_path_buf(), "command line"),
        ] {
            for (pattern, codes) in &opts.per_file_ignores {
                per_file.push((
                    PathMatcher::new(&[(pattern.clone(), base.clone())], "per-file-ignores", from)?,
                    codes.clone(),
                ));
                per_file_patterns.push((pattern.clone(), codes.clone()));
            }
        }
        let cache_dir = match f.cache_dir.as_ref() {
            Some(dir) => normalize(&root.join(dir)),
            None => root.join(".sqlfix_cache"),
        };
        Ok(Config {
            file: file.map(|f| f.path.clone()),
            root,
            settings,
            rules: selected,
            fixable,
            unsafe_fixes: o.unsafe_fixes.or(f.unsafe_fixes).unwrap_or(false),
            exclude_patterns: exclude_globs.into_iter().map(|(p, _)| p).collect(),
            exclude,
            per_file_ignore_patterns: per_file_patterns,
            per_file_ignores: per_file,
            cache_dir,
            text: file.map(|f| f.text.clone()),
            target_version_source,
        })
    }

    /// `path` absolute and normalized.
    pub fn is_excluded(&self, path: &Path) -> bool {
        self.exclude.is_match(path)
    }

    /// The rules that run on `path` (absolute): the selection less its per-file ignores.
    pub fn rules_for(&self, path: &Path) -> FileRules {
        let ignored: Vec<&String> = self
            .per_file_ignores
            .iter()
            .filter(|(m, _)| m.is_match(path))
            .flat_map(|(_, codes)| codes)
            .collect();
        let all = rules::in_order();
        let codemods: Vec<&'static dyn Codemod> = all
            .iter()
            .copied()
            .filter(|r| {
                let id = r.meta().id.as_str();
                self.rules.contains(&id) && !ignored.iter().any(|s| rules::matches(id, s))
            })
            .collect();
        FileRules {
            // Every rule of the default selection runs (a rule off by default
            // is not asked for a bare `# sqlfix: ignore`).
            all_rules: rules::default_ids()
                .iter()
                .all(|id| codemods.iter().any(|c| c.meta().id == *id)),
            unfixable: all
                .iter()
                .map(|r| r.meta().id.as_str())
                .filter(|id| !self.fixable.contains(id))
                .collect(),
            codemods,
            min: if self.unsafe_fixes {
                Applicability::Unsafe
            } else {
                Applicability::Safe
            },
        }
    }
}

fn validate_selectors(opts: &FileOptions, origin: &str) -> Result<(), String> {
    let mut lists: Vec<(&str, &Vec<String>)> = vec![
        ("extend-select", &opts.extend_select),
        ("ignore", &opts.ignore),
        ("unfixable", &opts.unfixable),
    ];
    if let Some(select) = &opts.select {
        lists.push(("select", select));
    }
    if let Some(fixable) = &opts.fixable {
        lists.push(("fixable", fixable));
    }
    for codes in opts.per_file_ignores.values() {
        lists.push(("per-file-ignores", codes));
    }
    for (key, list) in lists {
        for selector in list {
            if !rules::is_known(selector) {
                return Err(format!(
                    "{origin}: `{selector}` in `{key}` matches no rule; `sqlfix rules` lists them"
                ));
            }
        }
    }
    Ok(())
}

/// `[tool.sqlfix.pragmas]` as (name, value) text, checked so that the values can go
/// into generated `PRAGMA name=value` statements as they are.
fn pragmas_of(table: &toml::Table, origin: &str) -> Result<Vec<(String, String)>, String> {
    let mut out = Vec::new();
    for (name, value) in table {
        if !is_identifier(name) {
            return Err(format!(
                "{origin}: `{name}` in `pragmas` is not a PRAGMA name"
            ));
        }
        let text = match value {
            toml::Value::Integer(i) => i.to_string(),
            toml::Value::Boolean(b) => if *b { "ON" } else { "OFF" }.to_string(),
            toml::Value::String(s)
                if !s.is_empty()
                    && s.chars()
                        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.')) =>
            {
                s.clone()
            }
            other => {
                return Err(format!(
                    "{origin}: `pragmas.{name}` must be an integer, a boolean or a word, not `{other}`"
                ));
            }
        };
        out.push((name.clone(), text));
    }
    Ok(out)
}

fn is_identifier(text: &str) -> bool {
    let mut chars = text.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// `base.join(path)` unless `path` is absolute.
pub fn absolute(base: &Path, path: &Path) -> PathBuf {
    if path.is_absolute() {
        path.to_path_buf()
    } else {
        base.join(path)
    }
}

/// Removes `.` and resolves `..` lexically (no symlinks are followed).
pub fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() {
                    out.push("..");
                }
            }
            other => out.push(other),
        }
    }
    out
}

/// Finds the configuration for each file, remembering it per directory.
pub struct Resolver {
    cwd: PathBuf,
    overrides: Overrides,
    /// `--config` or `--isolated`: one configuration for everything.
    fixed: Option<Arc<Config>>,
    /// No file found: the defaults and the command line, relative to the working directory.
    default: Arc<Config>,
    by_dir: Mutex<HashMap<PathBuf, Arc<Config>>>,
    by_file: Mutex<HashMap<PathBuf, Arc<Config>>>,
    /// The first configuration error met while walking; the run stops on it.
    error: Mutex<Option<String>>,
}

impl Resolver {
    pub fn new(cwd: &Path, overrides: Overrides) -> Result<Resolver, String> {
        let cwd = normalize(cwd);
        let default = Arc::new(Config::build(None, &cwd, &overrides.options)?);
        let fixed = match (&overrides.config, overrides.isolated) {
            (_, true) => Some(default.clone()),
            (Some(path), false) => {
                let path = absolute(&cwd, path);
                let file = config::read(&path)?.ok_or_else(|| {
                    format!(
                        "{}: has no [tool.sqlfix] table",
                        crate::diff::display_path(&path)
                    )
                })?;
                Some(Arc::new(Config::build(
                    Some(&file),
                    &cwd,
                    &overrides.options,
                )?))
            }
            (None, false) => None,
        };
        Ok(Resolver {
            cwd,
            overrides,
            fixed,
            default,
            by_dir: Mutex::new(HashMap::default()),
            by_file: Mutex::new(HashMap::default()),
            error: Mutex::new(None),
        })
    }

    pub fn cwd(&self) -> &Path {
        &self.cwd
    }

    /// The absolute, normalized form of a path as given.
    pub fn absolute(&self, path: &Path) -> PathBuf {
        normalize(&absolute(&self.cwd, path))
    }

    /// The configuration for files in `dir` (absolute): the nearest file wins.
    pub fn for_dir(&self, dir: &Path) -> Arc<Config> {
        if let Some(fixed) = &self.fixed {
            return fixed.clone();
        }
        if let Some(found) = self
            .by_dir
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get(dir)
        {
            return found.clone();
        }
        let found = match config::in_dir(dir) {
            Ok(Some(file)) => {
                let key = file.path.clone();
                let cached = self
                    .by_file
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .get(&key)
                    .cloned();
                match cached {
                    Some(config) => config,
                    None => match Config::build(Some(&file), &self.cwd, &self.overrides.options) {
                        Ok(config) => {
                            let config = Arc::new(config);
                            self.by_file
                                .lock()
                                .unwrap_or_else(|e| e.into_inner())
                                .insert(key, config.clone());
                            config
                        }
                        Err(e) => self.fail(e),
                    },
                }
            }
            Ok(None) => match dir.parent() {
                Some(parent) => self.for_dir(parent),
                None => self.default.clone(),
            },
            Err(e) => self.fail(e),
        };
        self.by_dir
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(dir.to_path_buf(), found.clone());
        found
    }

    fn fail(&self, message: String) -> Arc<Config> {
        let mut error = self.error.lock().unwrap_or_else(|e| e.into_inner());
        if error.is_none() {
            *error = Some(message);
        }
        self.default.clone()
    }

    /// The configuration for `path` (as given, file or folder).
    pub fn for_path(&self, path: &Path) -> Arc<Config> {
        let abs = self.absolute(path);
        match abs.parent() {
            Some(parent) => self.for_dir(parent),
            None => self.for_dir(&abs),
        }
    }

    /// Whether `path` is excluded by the configuration of its directory, or one of
    /// its folders is (for paths named on the command line).
    pub fn is_excluded(&self, path: &Path) -> bool {
        let abs = self.absolute(path);
        let config = self.for_path(&abs);
        if config.is_excluded(&abs) {
            return true;
        }
        // A file named on the command line inside an excluded folder.
        let mut dir = abs.parent();
        while let Some(d) = dir {
            if !d.starts_with(&config.root) || d == config.root {
                break;
            }
            if config.is_excluded(d) {
                return true;
            }
            dir = d.parent();
        }
        false
    }

    /// For the walk: only the entry itself (its folders were checked on the way down).
    pub fn is_excluded_entry(&self, path: &Path) -> bool {
        let abs = if path.is_absolute() {
            path.to_path_buf()
        } else {
            self.absolute(path)
        };
        match abs.parent() {
            Some(parent) => self.for_dir(parent).is_excluded(&abs),
            None => false,
        }
    }

    pub fn has_error(&self) -> bool {
        self.error
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .is_some()
    }

    pub fn take_error(&self) -> Option<String> {
        self.error.lock().unwrap_or_else(|e| e.into_inner()).take()
    }

    /// The configuration files used so far, with their text: part of the cache key.
    pub fn files_used(&self) -> Vec<(PathBuf, String)> {
        let mut out: Vec<(PathBuf, String)> = self
            .by_file
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .values()
            .chain(self.fixed.iter())
            .filter_map(|c| Some((c.file.clone()?, c.text.clone()?)))
            .collect();
        out.sort();
        out.dedup();
        out
    }

    /// The configuration that applies to the working directory (for what is decided
    /// once per run: the cache's place, the summary's wording).
    pub fn for_cwd(&self) -> Arc<Config> {
        self.for_dir(&self.cwd.clone())
    }

    pub fn overrides(&self) -> &Overrides {
        &self.overrides
    }
}
