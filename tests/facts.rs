//! Every script in `bench/facts/` still shows its fact of `docs/sqlite-facts.md` on
//! this machine's Python and SQLite. A rule that rests on a fact which stops holding
//! (a new Python, a new SQLite, a new aiosqlite) fails here first.
//!
//! The scripts need the packages of `requirements-dev.txt` (run `scripts/venv`);
//! without them a script exits 2 naming what to install, and the test fails.

mod support;

use std::path::{Path, PathBuf};
use std::process::Command;

use support::{python, repo_root};

/// Needs an interpreter other than the suite's; run by `facts_on_python_3_12`.
const PYTHON_312_ONLY: &str = "autocommit_py312.py";

fn fact_scripts() -> Vec<PathBuf> {
    let dir = repo_root().join("bench/facts");
    let mut scripts: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{} cannot be read: {e}", dir.display()))
        .map(|entry| entry.expect("directory entry").path())
        .filter(|p| {
            let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
            name.ends_with(".py") && !name.starts_with('_')
        })
        .collect();
    scripts.sort();
    scripts
}

/// Runs one script; returns its output when it fails.
fn run(interpreter: &Path, script: &Path) -> Result<(), String> {
    let output = Command::new(interpreter)
        .arg(script)
        .current_dir(script.parent().expect("bench/facts"))
        .output()
        .unwrap_or_else(|e| panic!("{} cannot run: {e}", interpreter.display()));
    if output.status.success() {
        return Ok(());
    }
    Err(format!(
        "{} (exit {:?}):\n{}{}",
        script.display(),
        output.status.code(),
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    ))
}

#[test]
fn every_fact_script_holds() {
    let scripts = fact_scripts();
    assert!(
        scripts.len() >= 15,
        "bench/facts/ has {} scripts; the facts document cites more",
        scripts.len()
    );
    let interpreter = python();
    // One after another: several scripts time lock waits, which parallel runs would blur.
    let failures: Vec<String> = scripts
        .iter()
        .filter(|s| !s.ends_with(PYTHON_312_ONLY))
        .filter_map(|s| run(&interpreter, s).err())
        .collect();
    assert!(
        failures.is_empty(),
        "facts that no longer hold (or scripts that could not run):\n{}",
        failures.join("\n")
    );
}

#[test]
fn every_fact_script_is_cited_by_the_facts_document() {
    let doc = std::fs::read_to_string(repo_root().join("docs/sqlite-facts.md"))
        .expect("docs/sqlite-facts.md exists");
    for script in fact_scripts() {
        let name = script.file_name().unwrap().to_string_lossy().into_owned();
        assert!(
            doc.contains(&format!("bench/facts/{name}")),
            "docs/sqlite-facts.md does not cite bench/facts/{name}"
        );
    }
}

/// Python 3.12's `autocommit` attribute (F-autocommit) cannot be shown by an older
/// interpreter. Ignored by default because the pinned toolchain is Python 3.11; run
/// it with `SQLFIX_PYTHON312=/path/to/python3.12 cargo test --test facts -- --ignored`.
#[test]
#[ignore = "needs Python 3.12+ (set SQLFIX_PYTHON312 or put python3.12 on PATH)"]
fn facts_on_python_3_12() {
    let interpreter = std::env::var_os("SQLFIX_PYTHON312")
        .map(PathBuf::from)
        .or_else(|| {
            ["python3.14", "python3.13", "python3.12"]
                .iter()
                .map(PathBuf::from)
                .find(|p| Command::new(p).arg("-V").output().is_ok())
        })
        .expect("no Python 3.12 or newer: install python3.12 or set SQLFIX_PYTHON312");
    let script = repo_root().join("bench/facts").join(PYTHON_312_ONLY);
    if let Err(out) = run(&interpreter, &script) {
        panic!("{out}");
    }
}
