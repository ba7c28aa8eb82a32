//! Finding the Python files under the paths given, as ruff does: `.gitignore`
//! honoured, hidden and virtualenv folders skipped, explicit files always taken.

use std::path::{Path, PathBuf};

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
        if root.is_file() {
            if !exclude.as_ref().is_some_and(|ex| ex(root, true)) {
                files.push(root.clone());
            }
            continue;
        }
        if !root.exists() {
            errors.push((root.clone(), "no such file or directory".to_string()));
            continue;
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
    files.sort();
    files.dedup();
    Discovered { files, errors }
}

fn is_python(path: &Path) -> bool {
    // Stubs (`.pyi`) hold no code that runs.
    path.extension().is_some_and(|e| e == "py")
}
