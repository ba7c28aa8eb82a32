//! Odd names and paths: a backslash in a file name is kept in every output (so
//! `--diff | git apply` finds the file), a FIFO or device named on the command line
//! is a one-line error, one file named twice is checked once, `-o` never
//! overwrites a file sqlfix reads, and a walk takes an extensionless script
//! whose first line names Python but never a shell script.

#![cfg(unix)]

mod support;

use std::process::Command;

use support::*;

#[test]
fn a_backslash_in_a_file_name_is_kept_and_the_diff_applies() {
    let dir = tempfile::tempdir().unwrap();
    let name = "odd\\name.py";
    std::fs::write(dir.path().join(name), HAZARD_PY).unwrap();
    for format in ["concise", "full", "json", "github", "junit", "sarif"] {
        let (code, out, err) = run_in(
            dir.path(),
            &["--isolated", "--no-cache", "--output-format", format, "."],
        );
        assert_eq!(code, 1, "{format}: {out}{err}");
        assert!(
            !out.contains("odd/name"),
            "{format} turned the backslash into a slash: {out}"
        );
    }
    let (code, patch, err) = run_in(dir.path(), &["--isolated", "--no-cache", "--diff", "."]);
    assert_eq!(code, 1, "{err}");
    assert!(patch.contains("+++ b/odd\\name.py"), "{patch}");
    let git = |args: &[&str], input: Option<&str>| {
        let mut child = Command::new("git")
            .args(args)
            .current_dir(dir.path())
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("git runs (apt-get install git)");
        if let Some(input) = input {
            use std::io::Write;
            child
                .stdin
                .take()
                .unwrap()
                .write_all(input.as_bytes())
                .unwrap();
        }
        let output = child.wait_with_output().unwrap();
        assert!(
            output.status.success(),
            "git {args:?}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
    };
    git(&["init", "-q"], None);
    git(&["apply", "-"], Some(&patch));
    let (code, _, err) = run_in(dir.path(), &["--isolated", "--no-cache", "--diff", "."]);
    assert_eq!(code, 0, "the patch fixed the file: {err}");
}

#[test]
fn a_fifo_or_a_device_on_the_command_line_is_a_one_line_error() {
    let dir = tempfile::tempdir().unwrap();
    let status = Command::new("mkfifo")
        .arg(dir.path().join("pipe.py"))
        .status()
        .expect("mkfifo runs (coreutils)");
    assert!(status.success());
    std::fs::write(dir.path().join("app.py"), HAZARD_PY).unwrap();
    for target in ["pipe.py", "/dev/stdin", "/dev/null"] {
        let (code, out, err) = run_in(dir.path(), &["--isolated", "--no-cache", target, "app.py"]);
        assert_eq!(code, 2, "{target}: {out}{err}");
        assert_eq!(err.lines().count(), 1, "{target}: {err}");
        assert!(
            err.contains("not a regular file or folder (a pipe, socket or device)"),
            "{target}: {err}"
        );
        assert!(
            out.contains("app.py:5:10"),
            "the rest is still checked: {out}"
        );
    }
}

#[test]
fn a_file_named_twice_counts_once() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("sub")).unwrap();
    std::fs::write(dir.path().join("a.py"), HAZARD_PY).unwrap();
    let (code, out, err) = run_in(
        dir.path(),
        &[
            "--isolated",
            "--no-cache",
            "--output-format",
            "json",
            "a.py",
            "./a.py",
            "sub/../a.py",
            ".",
        ],
    );
    assert_eq!(code, 1, "{err}");
    let findings: serde_json::Value = serde_json::from_str(&out).unwrap();
    let sqf101 = findings
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["id"] == "SQF101")
        .count();
    assert_eq!(sqf101, 1, "{out}");
    let (code, out, err) = run_in(
        dir.path(),
        &["--isolated", "--no-cache", "--fix", "a.py", "./a.py"],
    );
    assert_eq!(code, 0, "{out}{err}");
    assert_eq!(out.matches("Fixed a.py: SQF101").count(), 1, "{out}");
}

#[test]
fn output_file_never_overwrites_an_input() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("app.py"), HAZARD_PY).unwrap();
    std::fs::write(dir.path().join("pyproject.toml"), "[tool.sqlfix]\n").unwrap();
    std::fs::write(dir.path().join("notes.txt"), "mine\n").unwrap();
    for (args, why) in [
        (vec!["-o", "app.py", "."], "a Python source file"),
        (vec!["-o", "new.py", "."], "a Python source file"),
        (
            vec!["-o", "notes.txt", "notes.txt", "."],
            "which sqlfix reads",
        ),
        (vec!["-o", "pyproject.toml", "."], "which sqlfix reads"),
        (vec!["report", "-o", "app.py", "."], "a Python source file"),
        (
            vec!["report", "-o", "pyproject.toml", "."],
            "which sqlfix reads",
        ),
    ] {
        let (code, out, err) = run_in(dir.path(), &args);
        assert_eq!(code, 2, "{args:?}: {out}{err}");
        assert_eq!(err.lines().count(), 1, "{args:?}: {err}");
        assert!(err.contains(why), "{args:?}: {err}");
    }
    assert_eq!(
        std::fs::read_to_string(dir.path().join("app.py")).unwrap(),
        HAZARD_PY
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("pyproject.toml")).unwrap(),
        "[tool.sqlfix]\n"
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("notes.txt")).unwrap(),
        "mine\n"
    );
    assert!(!dir.path().join("new.py").exists());
    let (code, _, err) = run_in(dir.path(), &["-o", "findings.txt", "."]);
    assert_eq!(code, 1, "{err}");
    assert!(
        std::fs::read_to_string(dir.path().join("findings.txt"))
            .unwrap()
            .contains("SQF101")
    );
}

#[test]
fn a_walk_takes_an_extensionless_python_script_and_leaves_shell_scripts() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("bin")).unwrap();
    // The program's own executable, no `.py`: checked like `tool.py`.
    std::fs::write(
        dir.path().join("bin/tool"),
        format!("#!/usr/bin/env python3\n{HAZARD_PY}"),
    )
    .unwrap();
    // Shell scripts, with and without a suffix, and a file with no first-line
    // interpreter at all: none of them is Python, none may be parsed as such
    // (each would be a syntax error).
    let shell = "#!/bin/bash\nset -e\nif [ -f x ]; then python3 -c 'import sqlite3'; fi\n";
    std::fs::write(dir.path().join("bin/deploy"), shell).unwrap();
    std::fs::write(dir.path().join("run.sh"), shell).unwrap();
    std::fs::write(dir.path().join("NOTES"), "see: python3 bin/tool [args]\n").unwrap();
    let (code, out, err) = run_in(
        dir.path(),
        &[
            "--isolated",
            "--no-cache",
            "--output-format",
            "concise",
            ".",
        ],
    );
    assert_eq!(code, 1, "{out}{err}");
    assert!(
        out.contains("bin/tool:"),
        "the script was not checked: {out}{err}"
    );
    for other in ["deploy", "run.sh", "NOTES"] {
        assert!(
            !out.contains(other) && !err.contains(other),
            "{other} was read as Python: {out}{err}"
        );
    }
}
