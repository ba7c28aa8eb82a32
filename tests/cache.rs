//! The result cache: a second run over an unchanged tree is read back (and says
//! so with SQLFIX_TIMINGS), and any change to a file, the configuration or the
//! options is a fresh run with fresh findings.

mod support;

use std::path::Path;

use support::*;

const HELPER: &str = "import sqlite3\n\n\ndef record(path, status):\n    conn = sqlite3.connect(path, timeout=5.0)\n    try:\n        conn.execute(\"PRAGMA journal_mode=WAL\")\n        conn.execute(\"UPDATE t SET status = ?\", (status,))\n        conn.commit()\n    finally:\n        conn.close()\n";
const ROUTE: &str =
    "from db import record\n\n\nasync def handler(path, status):\n    record(path, status)\n";

fn copy_dir(from: &Path, to: &Path) {
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

fn run(dir: &Path, args: &[&str]) -> (String, String) {
    let output = sqlfix()
        .args(args)
        .current_dir(dir)
        .env("SQLFIX_TIMINGS", "1")
        .output()
        .unwrap();
    (
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[test]
fn unchanged_trees_hit_and_any_change_misses() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("db.py"), HELPER).unwrap();
    std::fs::write(d.join("api.py"), ROUTE).unwrap();
    let args = ["--output-format", "concise", "--select", "SQF5", "."];
    let (first, err) = run(d, &args);
    assert!(err.contains("cache miss"), "{err}");
    assert!(first.contains("api.py:5:5: SQF501"), "{first}");
    assert!(d.join(".sqlfix_cache/.gitignore").exists());
    let (second, err) = run(d, &args);
    assert!(err.contains("cache hit"), "{err}");
    assert_eq!(second, first);
    // Another file changes the findings of this one: the whole run is the key.
    std::fs::write(
        d.join("db.py"),
        "def record(path, status):\n    return None\n",
    )
    .unwrap();
    let (third, err) = run(d, &args);
    assert!(err.contains("cache miss"), "{err}");
    assert!(!third.contains("SQF501"), "{third}");
    // Keyed by content: going back to the first tree finds the first run again.
    std::fs::write(d.join("db.py"), HELPER).unwrap();
    let (again, err) = run(d, &args);
    assert!(err.contains("cache hit"), "{err}");
    assert_eq!(again, first);
    // Options and configuration are part of the key.
    let (_, err) = run(d, &["--output-format", "concise", "--select", "SQF1", "."]);
    assert!(err.contains("cache miss"), "{err}");
    std::fs::write(
        d.join("sqlfix.toml"),
        "[per-file-ignores]\n\"api.py\" = [\"SQF501\"]\n",
    )
    .unwrap();
    let (out, err) = run(d, &args);
    assert!(err.contains("cache miss"), "{err}");
    assert!(out.trim().is_empty(), "{out}");
}

#[test]
fn a_changed_deployment_file_misses() {
    // The pragma rules read how the app is served: one gunicorn sync worker is
    // no second party, four workers are. Editing only the Procfile must not
    // serve the first run's findings.
    let case = repo_root()
        .join("codemods/SQF101-connection-pragmas/cases/negative_gunicorn_default_worker");
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    copy_dir(&case, d);
    let args = ["--output-format", "concise", "--select", "SQF101", "."];
    let (first, err) = run(d, &args);
    assert!(err.contains("cache miss"), "{err}");
    assert!(!first.contains("SQF101"), "{first}");
    std::fs::write(d.join("Procfile"), "web: gunicorn guestbook.web:app -w 4\n").unwrap();
    let (second, err) = run(d, &args);
    assert!(err.contains("cache miss"), "{err}");
    assert!(second.contains("SQF101"), "{second}");
}

#[test]
fn fixes_and_no_cache_never_use_it() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("db.py"), HELPER).unwrap();
    let (_, err) = run(d, &["--no-cache", "."]);
    assert!(!err.contains("cache"), "{err}");
    assert!(!d.join(".sqlfix_cache").exists());
    let (_, err) = run(d, &["--diff", "."]);
    assert!(!err.contains("cache"), "{err}");
    // The cache goes beside the configuration, or where SQLFIX_CACHE_DIR says.
    std::fs::create_dir_all(d.join("sub")).unwrap();
    std::fs::write(d.join("pyproject.toml"), "[tool.sqlfix]\n").unwrap();
    let (_, _) = run(&d.join("sub"), &["."]);
    assert!(d.join(".sqlfix_cache").exists());
    assert!(!d.join("sub/.sqlfix_cache").exists());
}
