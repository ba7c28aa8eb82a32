//! Finding the Python files under the paths given, as ruff does: `.gitignore`
//! honoured, hidden and virtualenv folders skipped, explicit files always taken.

use std::path::{Component, Path, PathBuf};

use ignore::WalkBuilder;

/// Folders that hold other people's code or tools' state, never the project's.
pub const SKIPPED_DIRS: &[&str] = &[
    ".git",
    ".hg",
    ".venv",
    "venv",
    ".tox",
    ".nox",
    "__pycache__",
    "node_modules",
    "site-packages",
    ".mypy_cache",
    ".ruff_cache",
    ".sqlfix_cache",
    "build",
    "dist",
];

pub struct Discovered {
    pub files: Vec<PathBuf>,
    /// Paths given on the command line that do not exist or cannot be walked.
    pub errors: Vec<(PathBuf, String)>,
}

/// Decides whether a path is left out: a path given on the command line (`true`),
/// or a file or folder met in the walk (`false`, its parents already passed).
pub type Exclude = std::sync::Arc<dyn Fn(&Path, bool) -> bool + Send + Sync>;

pub fn python_files(paths: &[PathBuf]) -> Discovered {
    python_files_excluding(paths, None)
}

/// With `exclude`, the configuration's `exclude` replaces the built-in folder list
/// and applies to files named on the command line too (as ruff's `force-exclude`):
/// a pre-commit hook passes every staged file by name.
pub fn python_files_excluding(paths: &[PathBuf], exclude: Option<Exclude>) -> Discovered {
    let mut files = Vec::new();
    let mut errors = Vec::new();
    for root in paths {
        let root = &tidy(root);
        match std::fs::metadata(root) {
            Ok(meta) if meta.is_file() => {
                if !exclude.as_ref().is_some_and(|ex| ex(root, true)) {
                    files.push(root.clone());
                }
                continue;
            }
            Ok(meta) if meta.is_dir() => {}
            // A FIFO, a socket, a device (`/dev/stdin`): reading it would block or
            // consume someone else's input, and it cannot be fixed in place.
            Ok(_) => {
                errors.push((
                    root.clone(),
                    "not a regular file or folder (a pipe, socket or device); sqlfix reads files only"
                        .to_string(),
                ));
                continue;
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                errors.push((root.clone(), "no such file or directory".to_string()));
                continue;
            }
            Err(e) => {
                errors.push((root.clone(), format!("cannot read: {e}")));
                continue;
            }
        }
        let filter = exclude.clone();
        let walker = WalkBuilder::new(root)
            .hidden(true)
            .git_ignore(true)
            .git_global(false)
            .git_exclude(true)
            .require_git(false)
            .filter_entry(move |entry| {
                if entry.depth() == 0 {
                    return true;
                }
                match &filter {
                    Some(exclude) => !exclude(entry.path(), false),
                    None => {
                        !(entry.file_type().is_some_and(|t| t.is_dir())
                            && entry
                                .file_name()
                                .to_str()
                                .is_some_and(|n| SKIPPED_DIRS.contains(&n)))
                    }
                }
            })
            .build_parallel();
        let (tx, rx) = std::sync::mpsc::channel();
        walker.run(|| {
            let tx = tx.clone();
            Box::new(move |entry| {
                match entry {
                    Ok(entry) => {
                        if entry.file_type().is_some_and(|t| t.is_file()) && is_python(entry.path())
                        {
                            let _ = tx.send(Ok(entry.into_path()));
                        }
                    }
                    Err(err) => {
                        let _ = tx.send(Err(err.to_string()));
                    }
                }
                ignore::WalkState::Continue
            })
        });
        drop(tx);
        for item in rx {
            match item {
                Ok(path) => files.push(path),
                Err(err) => errors.push((root.clone(), err)),
            }
        }
    }
    // One file named twice (`a.py ./a.py`, `a.py sub/../a.py`) is checked once,
    // under the first spelling in sorted order.
    files.sort();
    let mut seen = std::collections::HashSet::new();
    files.retain(|f| seen.insert(identity(f)));
    Discovered { files, errors }
}

/// The path without `.` components (`./a.py` is `a.py`), as the user would write it.
fn tidy(path: &Path) -> PathBuf {
    let tidy: PathBuf = path
        .components()
        .filter(|c| !matches!(c, Component::CurDir))
        .collect();
    if tidy.as_os_str().is_empty() {
        PathBuf::from(".")
    } else {
        tidy
    }
}

/// The absolute path with `.` and `..` resolved by name: what makes two spellings
/// of a path the same file, without following symlinks (a link and its target
/// stay two files).
fn identity(path: &Path) -> PathBuf {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut out = PathBuf::new();
    for component in absolute.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

fn is_python(path: &Path) -> bool {
    // Stubs (`.pyi`) hold no code that runs.
    path.extension().is_some_and(|e| e == "py")
}
