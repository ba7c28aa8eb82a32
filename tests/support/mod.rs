//! Shared by the integration tests: running the real binary on a copy of a case.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub fn sqlfix() -> Command {
    Command::new(env!("CARGO_BIN_EXE_sqlfix"))
}

pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Runs sqlfix in `dir` with `args`; returns (exit code, stdout, stderr).
pub fn run_in(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let output: Output = sqlfix()
        .args(args)
        .current_dir(dir)
        .output()
        .expect("sqlfix runs");
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

/// Copies a file or a folder's contents into `into`.
pub fn copy_case(case: &Path, into: &Path) {
    if case.is_file() {
        std::fs::copy(case, into.join(case.file_name().unwrap())).unwrap();
        return;
    }
    for entry in walk(case) {
        let rel = entry.strip_prefix(case).unwrap();
        let dest = into.join(rel);
        std::fs::create_dir_all(dest.parent().unwrap()).unwrap();
        std::fs::copy(&entry, dest).unwrap();
    }
}

/// Every file under `dir`, sorted, skipping caches.
pub fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.file_name().is_some_and(|n| n == "__pycache__") {
                continue;
            }
            if path.is_dir() {
                stack.push(path);
            } else {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

/// Python files under `dir` with their text, keyed by relative path.
pub fn snapshot_tree(dir: &Path) -> Vec<(String, String)> {
    walk(dir)
        .into_iter()
        // Python files, and scripts with no extension whose first line names
        // Python (sqlfix's walk checks and fixes those too).
        .filter(|p| match p.extension() {
            Some(e) => e == "py",
            None => std::fs::read_to_string(p).is_ok_and(|t| {
                t.lines()
                    .next()
                    .is_some_and(|l| l.starts_with("#!") && l.contains("python"))
            }),
        })
        .map(|p| {
            (
                p.strip_prefix(dir)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/"),
                std::fs::read_to_string(&p).unwrap_or_default(),
            )
        })
        .collect()
}

/// A unified diff between two trees' Python files, git-style.
pub fn tree_diff(before: &[(String, String)], after: &[(String, String)]) -> String {
    let mut out = String::new();
    for (name, old) in before {
        let new = after
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, t)| t.as_str())
            .unwrap_or("");
        if old != new {
            out.push_str(
                &similar::TextDiff::from_lines(old.as_str(), new)
                    .unified_diff()
                    .context_radius(3)
                    .header(&format!("a/{name}"), &format!("b/{name}"))
                    .to_string(),
            );
        }
    }
    out
}

/// The python3 the tests use: the project's virtualenv when it exists.
pub fn python() -> PathBuf {
    let venv = repo_root().join(".venv/bin/python");
    if venv.exists() {
        venv
    } else {
        PathBuf::from("python3")
    }
}

/// Checks with python3's own parser that every file parses; returns the failures.
pub fn python_parse_failures(files: &[PathBuf]) -> Vec<String> {
    if files.is_empty() {
        return Vec::new();
    }
    let script = "import ast, sys\nbad = []\nfor p in sys.argv[1:]:\n    try:\n        ast.parse(open(p, 'rb').read(), p)\n    except SyntaxError as e:\n        bad.append(f'{p}: {e}')\nprint('\\n'.join(bad))\n";
    let output = Command::new(python())
        .arg("-c")
        .arg(script)
        .args(files)
        .output()
        .unwrap_or_else(|e| {
            panic!(
                "{} cannot run ({e}): install python3 or run scripts/venv",
                python().display()
            )
        });
    // A crash of the checker (an unreadable file, a missing interpreter module) must
    // not read as "every file parses".
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success() && stderr.trim().is_empty(),
        "the python parse check failed (exit {:?}):\n{stderr}",
        output.status.code()
    );
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .filter(|l| !l.is_empty())
        .map(str::to_string)
        .collect()
}

/// Whether the tests run as root (they can then own files as another user).
#[cfg(unix)]
pub fn is_root() -> bool {
    let output = Command::new("id")
        .arg("-u")
        .output()
        .expect("`id` runs (coreutils)");
    output.stdout == b"0\n"
}

/// sqlfix run as an unprivileged user (nobody, uid 65534): through `setpriv` when
/// the tests run as root, directly otherwise.
#[cfg(unix)]
pub fn sqlfix_unprivileged() -> Command {
    if !is_root() {
        return sqlfix();
    }
    let probe = Command::new("setpriv").arg("--version").output();
    assert!(
        probe.is_ok_and(|o| o.status.success()),
        "running sqlfix as another user needs setpriv (apt-get install util-linux)"
    );
    let mut cmd = Command::new("setpriv");
    cmd.args(["--reuid=65534", "--regid=65534", "--clear-groups"])
        .arg(env!("CARGO_BIN_EXE_sqlfix"));
    cmd
}

/// (exit code, stdout, stderr) of a finished command.
pub fn outcome(output: Output) -> (i32, String, String) {
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

/// A module with one SQF101 finding (and its safe fix) at 5:10.
pub const HAZARD_PY: &str = "import sqlite3\n\n\ndef save(path, row):\n    with sqlite3.connect(path) as conn:\n        conn.execute(\"INSERT INTO t VALUES (?)\", (row,))\n";
