//! The command line as a user meets it: exit codes, one-line errors, files that
//! cannot be checked, `--diff | git apply`, and no panic on mangled input.

mod support;

use std::path::{Path, PathBuf};
use std::process::Command;

use support::*;

const HAZARD: &str = "import sqlite3\n\n\ndef save(path, row):\n    with sqlite3.connect(path) as conn:\n        conn.execute(\"INSERT INTO t VALUES (?)\", (row,))\n";

fn write(dir: &Path, name: &str, bytes: &[u8]) {
    let path = dir.join(name);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, bytes).unwrap();
}

#[test]
fn exit_codes_follow_the_findings() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "clean.py", b"x = 1\n");
    let (code, out, _) = run_in(dir.path(), &["."]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("No findings"));
    write(dir.path(), "app.py", HAZARD.as_bytes());
    let (code, out, _) = run_in(dir.path(), &["--dry-run", "."]);
    assert_eq!(code, 1);
    assert!(
        out.contains("app.py (2 findings)\n  5:10  SQF101  CRITICAL"),
        "{out}"
    );
    assert!(out.contains("      @@ -"), "{out}");
    let (code, out, _) = run_in(dir.path(), &["--fix", "--unsafe-fixes", "."]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("Fixed app.py: SQF101"), "{out}");
    let (code, _, _) = run_in(dir.path(), &["."]);
    assert_eq!(code, 0);
}

#[test]
fn bad_input_is_one_line_and_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    for args in [
        vec!["--no-such-flag"],
        vec!["--fix", "--diff", "."],
        vec!["--select", "XYZ9", "."],
        vec!["rule", "SQF999"],
        vec!["does-not-exist"],
    ] {
        let (code, out, err) = run_in(dir.path(), &args);
        assert_eq!(code, 2, "{args:?}: {out}{err}");
        assert_eq!(err.lines().count(), 1, "{args:?}: {err}");
        assert!(err.starts_with("sqlfix: error: "), "{args:?}: {err}");
        assert!(!err.contains("panicked"));
    }
}

#[test]
fn files_that_cannot_be_checked_are_reported_and_the_run_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "broken.py", b"import sqlite3\ndef f(:\n");
    write(
        dir.path(),
        "latin1.py",
        b"# -*- coding: latin-1 -*-\nimport sqlite3\ns = '\xe9'\n",
    );
    let mut big = b"import sqlite3\n".to_vec();
    big.extend(std::iter::repeat_n(b"x = 1\n".as_slice(), 1_500_000).flatten());
    write(dir.path(), "huge.py", &big);
    write(dir.path(), "app.py", HAZARD.as_bytes());
    let (code, out, err) = run_in(dir.path(), &["."]);
    assert_eq!(code, 1, "findings in app.py still count: {out}{err}");
    assert!(err.contains("broken.py:2:7: syntax error"), "{err}");
    assert!(err.contains("latin1.py: not valid UTF-8"), "{err}");
    assert!(
        err.contains("huge.py: 9000015 bytes is over the 8388608-byte limit; skipped"),
        "{err}"
    );
    assert!(out.contains("app.py:5:10"), "{out}");
    // Nothing is written to files that were not checked.
    let (_, _, _) = run_in(dir.path(), &["--fix", "."]);
    assert_eq!(
        std::fs::read(dir.path().join("broken.py")).unwrap(),
        b"import sqlite3\ndef f(:\n"
    );
}

#[cfg(unix)]
#[test]
fn unreadable_file_is_an_error_but_not_the_end() {
    use std::os::unix::fs::PermissionsExt;
    // Root reads anything: the run is made as an unprivileged user.
    let dir = tempfile::tempdir().unwrap();
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o777)).unwrap();
    write(dir.path(), "secret.py", HAZARD.as_bytes());
    std::fs::set_permissions(
        dir.path().join("secret.py"),
        std::fs::Permissions::from_mode(0o000),
    )
    .unwrap();
    write(dir.path(), "app.py", HAZARD.as_bytes());
    let (code, out, err) = outcome(
        sqlfix_unprivileged()
            .args(["--no-cache", "."])
            .current_dir(dir.path())
            .output()
            .unwrap(),
    );
    assert_eq!(code, 2, "{out}{err}");
    assert!(err.contains("secret.py: cannot read"), "{err}");
    assert!(out.contains("app.py:5:10"));
}

#[test]
fn diff_output_applies_with_git_apply() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "pkg/app.py", HAZARD.as_bytes());
    write(
        dir.path(),
        "pkg/crlf.py",
        HAZARD.replace('\n', "\r\n").as_bytes(),
    );
    let git = |args: &[&str]| {
        let status = Command::new("git")
            .args(args)
            .current_dir(dir.path())
            .output()
            .unwrap();
        assert!(
            status.status.success(),
            "git {args:?}: {}",
            String::from_utf8_lossy(&status.stderr)
        );
    };
    git(&["init", "-q"]);
    let (code, patch, err) = run_in(dir.path(), &["--diff", "--unsafe-fixes", "."]);
    assert_eq!(code, 1, "{err}");
    assert!(patch.starts_with("--- a/pkg/"), "{patch}");
    std::fs::write(dir.path().join("fix.patch"), &patch).unwrap();
    git(&["apply", "fix.patch"]);
    let applied = std::fs::read(dir.path().join("pkg/crlf.py")).unwrap();
    let fixed_dir = tempfile::tempdir().unwrap();
    write(fixed_dir.path(), "pkg/app.py", HAZARD.as_bytes());
    write(
        fixed_dir.path(),
        "pkg/crlf.py",
        HAZARD.replace('\n', "\r\n").as_bytes(),
    );
    run_in(fixed_dir.path(), &["--fix", "--unsafe-fixes", "."]);
    assert_eq!(
        applied,
        std::fs::read(fixed_dir.path().join("pkg/crlf.py")).unwrap()
    );
    assert_eq!(
        std::fs::read(dir.path().join("pkg/app.py")).unwrap(),
        std::fs::read(fixed_dir.path().join("pkg/app.py")).unwrap()
    );
}

#[test]
fn rules_and_rule_explain_the_codemods() {
    let dir = tempfile::tempdir().unwrap();
    let (code, out, _) = run_in(dir.path(), &["rules"]);
    assert_eq!(code, 0);
    for codemod in sqlfix::codemods::all() {
        assert!(out.contains(codemod.meta().id.as_str()), "{out}");
    }
    let (code, out, _) = run_in(dir.path(), &["rule", "connection-pragmas"]);
    assert_eq!(code, 0);
    assert!(out.contains("SQF101 (connection-pragmas)"));
    assert!(out.contains("How to verify:"));
    assert!(out.contains("Where common advice is wrong (docs/sqlite-facts.md):"));
}

/// A small deterministic generator: mangled versions of every case file must give
/// findings or none, never a panic or a write of unparsable code.
#[test]
fn mangled_input_never_panics() {
    let mut seed: u64 = 0x5eed_cafe;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let root = repo_root().join("codemods");
    let mut sources: Vec<String> = walk(&root)
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "py"))
        .filter_map(|p| std::fs::read_to_string(p).ok())
        .collect();
    sources.sort();
    let dir = tempfile::tempdir().unwrap();
    let junk = [
        "(", ")", ":", "\"\"\"", "'", "\\\n", "\n    ", "async ", "await ", "with ", "as ", "\t",
        "\r\n", "é", "#", "lambda: ",
    ];
    let mut originals = Vec::new();
    for (i, source) in sources.iter().enumerate() {
        for variant in 0..6 {
            let mut text = source.clone();
            for _ in 0..(1 + next() % 4) {
                let mut at = (next() as usize) % (text.len() + 1);
                while !text.is_char_boundary(at) {
                    at -= 1;
                }
                match next() % 3 {
                    0 => text.truncate(at),
                    1 => text.insert_str(at, junk[(next() as usize) % junk.len()]),
                    _ => {
                        let mut end = (at + (next() as usize) % 40).min(text.len());
                        while !text.is_char_boundary(end) {
                            end -= 1;
                        }
                        text.replace_range(at..end, "");
                    }
                }
            }
            let name = format!("m{i}_{variant}.py");
            write(dir.path(), &name, text.as_bytes());
            originals.push((dir.path().join(name), text));
        }
    }
    let (code, out, err) = run_in(dir.path(), &["--fix", "--unsafe-fixes", "."]);
    assert!(code == 0 || code == 1, "exit {code}: {err}");
    assert!(!err.contains("panicked"), "{err}");
    assert!(out.contains("remaining"), "{out}");
    // Whatever sqlfix wrote parses: it refuses to write code that does not.
    let changed: Vec<_> = originals
        .iter()
        .filter(|(path, text)| std::fs::read_to_string(path).unwrap() != *text)
        .map(|(path, _)| path.clone())
        .collect();
    assert!(
        !changed.is_empty(),
        "the mangled files still had fixable findings"
    );
    // The test's Python may be older than the syntax sqlfix's parser takes (a
    // mangled `T"..."` reads as a 3.14 template string): what is claimed is that a
    // file Python parsed before the fix still parses after it.
    let before = tempfile::tempdir().unwrap();
    let copies: Vec<PathBuf> = originals
        .iter()
        .filter(|(path, _)| changed.contains(path))
        .map(|(path, text)| {
            let copy = before.path().join(path.file_name().unwrap());
            std::fs::write(&copy, text).unwrap();
            copy
        })
        .collect();
    let unparsed_before = python_parse_failures(&copies);
    let bad: Vec<String> = python_parse_failures(&changed)
        .into_iter()
        .filter(|b| {
            let name = b.split(':').next().and_then(|p| Path::new(p).file_name());
            !unparsed_before
                .iter()
                .any(|u| u.split(':').next().and_then(|p| Path::new(p).file_name()) == name)
        })
        .collect();
    assert!(
        bad.is_empty(),
        "sqlfix wrote code that does not parse: {bad:?}"
    );
}

/// Needs the test seam: `cargo test --features test-hooks --test cli` (scripts/test runs it).
#[cfg(feature = "test-hooks")]
#[test]
fn a_panic_on_one_file_skips_it_and_the_run_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a.py", HAZARD.as_bytes());
    write(dir.path(), "b.py", HAZARD.as_bytes());
    let output = sqlfix()
        .args([
            "--isolated",
            "--no-cache",
            "--output-format",
            "concise",
            ".",
        ])
        .current_dir(dir.path())
        .env("SQLFIX_TEST_PANIC", "a.py")
        .output()
        .unwrap();
    let out = String::from_utf8_lossy(&output.stdout);
    let err = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{out}{err}");
    assert!(out.contains("b.py:5:10: SQF101"), "{out}");
    assert!(!out.contains("a.py"), "{out}");
    let lines: Vec<&str> = err.lines().collect();
    assert!(
        lines.len() == 2 && lines.iter().all(|l| l.starts_with("sqlfix: error: ")),
        "one line from the panic, one for the skipped file: {err}"
    );
    assert!(
        lines[1].contains("a.py: internal error (SQLFIX_TEST_PANIC)"),
        "{err}"
    );
}

/// A binary built without `test-hooks` (as every release is) ignores the variable.
#[cfg(not(feature = "test-hooks"))]
#[test]
fn the_panic_test_hook_is_not_in_a_normal_build() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a.py", HAZARD.as_bytes());
    let output = sqlfix()
        .args([
            "--isolated",
            "--no-cache",
            "--output-format",
            "concise",
            ".",
        ])
        .current_dir(dir.path())
        .env("SQLFIX_TEST_PANIC", "a.py")
        .output()
        .unwrap();
    let out = String::from_utf8_lossy(&output.stdout);
    let err = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{out}{err}");
    assert!(out.contains("a.py:5:10: SQF101"), "{out}");
    assert!(!err.contains("internal error"), "{err}");
}
