//! Finding the Python files under the paths given, as ruff does: `.gitignore`
//! honoured, hidden and virtualenv folders skipped, explicit files always taken.
//!
//! One step beyond ruff's walk: a file with no extension whose first line is a
//! Python shebang (`#!/usr/bin/env python3`, `#!/usr/bin/python3.11`) is taken
//! too. Ruff checks such a script only when it is named on the command line, and
//! its users keep asking for the walk to find them (pre-commit's `types:
//! [python]` already does, by the same first line): a tool shipped as
//! `bin/tool` is the program's code, and sqlfix judges a project as a whole.
//! Only extensionless files are read, and only their first bytes, so a shell
//! script (`#!/bin/sh`), a `.sh` or a data file is never parsed as Python.

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
    let mut seen = rustc_hash::FxHashSet::default();
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
    match path.extension() {
        Some(e) => e == "py",
        None => has_python_shebang(path),
    }
}

/// The first line of the file names a Python interpreter. Reads at most the
/// first 256 bytes; an unreadable file is not Python (the walk stays quiet).
fn has_python_shebang(path: &Path) -> bool {
    use std::io::Read;
    let mut head = [0u8; 256];
    let Ok(mut file) = std::fs::File::open(path) else {
        return false;
    };
    let mut filled = 0;
    while filled < head.len() {
        match file.read(&mut head[filled..]) {
            Ok(0) => break,
            Ok(n) => filled += n,
            Err(_) => return false,
        }
    }
    python_shebang(&head[..filled])
}

/// `#!/usr/bin/python3`, `#!/usr/bin/env python3.11`, `#!/usr/bin/env -S
/// python3 -u`, `#! /usr/local/bin/pypy3`: the interpreter (or the command
/// `env` runs) is `python`, `pythonN`, `pythonN.M` or `pypy*`.
pub fn python_shebang(head: &[u8]) -> bool {
    let Some(rest) = head.strip_prefix(b"#!") else {
        return false;
    };
    let line = rest.split(|&b| b == b'\n').next().unwrap_or_default();
    let Ok(line) = std::str::from_utf8(line) else {
        return false;
    };
    let mut words = line.split_whitespace();
    let Some(interpreter) = words.next() else {
        return false;
    };
    let base = |w: &str| w.rsplit('/').next().unwrap_or(w).to_string();
    let mut program = base(interpreter);
    if program == "env" {
        // `env -S python3 -u`, `env PYTHONUNBUFFERED=1 python3`: the first word
        // that is neither an option nor a variable is the program.
        match words.find(|w| !w.starts_with('-') && !w.contains('=')) {
            Some(w) => program = base(w),
            None => return false,
        }
    }
    let version = program
        .strip_prefix("python")
        .or_else(|| program.strip_prefix("pypy"));
    version.is_some_and(|v| v.chars().all(|c| c.is_ascii_digit() || c == '.'))
}

#[cfg(test)]
mod tests {
    use super::python_shebang;

    #[test]
    fn python_interpreters_are_recognized_and_shells_are_not() {
        for yes in [
            "#!/usr/bin/env python3\n",
            "#!/usr/bin/python\nimport os\n",
            "#! /usr/local/bin/python3.11 -u\n",
            "#!/usr/bin/env -S python3 -X dev\n",
            "#!/usr/bin/env PYTHONUNBUFFERED=1 python3\n",
            "#!/opt/pypy/bin/pypy3\n",
        ] {
            assert!(python_shebang(yes.as_bytes()), "{yes:?}");
        }
        for no in [
            "#!/bin/sh\npython3 tool.py\n",
            "#!/usr/bin/env bash\n",
            "#!/usr/bin/env node\n",
            "#!/usr/bin/env pythonista\n",
            "#!/usr/bin/env\n",
            "import os\n",
            "",
            "# python3\n",
        ] {
            assert!(!python_shebang(no.as_bytes()), "{no:?}");
        }
    }
}
