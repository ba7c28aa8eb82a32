//! Cases an adversarial sweep tried that held; kept as tests so they keep holding:
//! a full disk, concurrent runs, a corrupted cache, a kill mid-fix, odd encodings,
//! line endings, and a malformed configuration. Each leaves every file either as
//! it was or fully fixed.

#![cfg(unix)]

mod support;

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

use support::*;

/// The text `--fix` makes of HAZARD_PY.
fn fixed_text() -> String {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("app.py"), HAZARD_PY).unwrap();
    let (code, out, err) = run_in(dir.path(), &["--isolated", "--no-cache", "--fix", "."]);
    assert_eq!(code, 0, "{out}{err}");
    std::fs::read_to_string(dir.path().join("app.py")).unwrap()
}

fn no_temp_files(dir: &Path) {
    let left: Vec<_> = walk(dir)
        .into_iter()
        .filter(|p| {
            p.file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with(".sqlfix-")
        })
        .collect();
    assert!(left.is_empty(), "temporary files left: {left:?}");
}

#[test]
fn a_full_disk_leaves_every_file_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("app.py"), HAZARD_PY).unwrap();
    // Files may not grow past 64 bytes: every write of a fixed file fails (EFBIG),
    // as on a full disk.
    let output = Command::new(python())
        .args([
            "-c",
            "import os, resource, signal, sys\nsignal.signal(signal.SIGXFSZ, signal.SIG_IGN)\nresource.setrlimit(resource.RLIMIT_FSIZE, (64, 64))\nos.execv(sys.argv[1], sys.argv[1:])",
            env!("CARGO_BIN_EXE_sqlfix"),
            "--isolated",
            "--no-cache",
            "--fix",
            ".",
        ])
        .current_dir(dir.path())
        .output()
        .expect("python3 runs (scripts/venv)");
    let (code, out, err) = outcome(output);
    assert_eq!(code, 2, "{out}{err}");
    assert!(err.contains("app.py: cannot write: "), "{err}");
    assert_eq!(
        std::fs::read_to_string(dir.path().join("app.py")).unwrap(),
        HAZARD_PY
    );
    no_temp_files(dir.path());
    // A report that cannot be written is a one-line error too.
    let (code, _, err) = run_in(
        dir.path(),
        &["--isolated", "--no-cache", "-o", "/dev/full", "."],
    );
    assert_eq!(code, 2, "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("/dev/full"), "{err}");
}

#[test]
fn concurrent_runs_agree_and_concurrent_fixes_write_whole_files() {
    let dir = tempfile::tempdir().unwrap();
    for i in 0..40 {
        std::fs::write(dir.path().join(format!("m{i}.py")), HAZARD_PY).unwrap();
    }
    let spawn = |args: &[&str]| {
        sqlfix()
            .args(args)
            .current_dir(dir.path())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap()
    };
    let checks: Vec<_> = (0..4)
        .map(|_| spawn(&["--isolated", "--output-format", "concise", "."]))
        .collect();
    let outputs: Vec<_> = checks
        .into_iter()
        .map(|c| outcome(c.wait_with_output().unwrap()))
        .collect();
    for (code, out, err) in &outputs {
        assert_eq!(*code, 1, "{out}{err}");
        assert_eq!(out, &outputs[0].1);
    }
    let (_, cached, _) = run_in(
        dir.path(),
        &["--isolated", "--output-format", "concise", "."],
    );
    assert_eq!(cached, outputs[0].1);
    let fixes: Vec<_> = (0..3)
        .map(|_| spawn(&["--isolated", "--no-cache", "--fix", "."]))
        .collect();
    for fix in fixes {
        let (code, out, err) = outcome(fix.wait_with_output().unwrap());
        // A file another run replaced meanwhile is skipped with a warning (exit 1).
        assert!(code == 0 || code == 1, "{out}{err}");
    }
    let fixed = fixed_text();
    for i in 0..40 {
        assert_eq!(
            std::fs::read_to_string(dir.path().join(format!("m{i}.py"))).unwrap(),
            fixed,
            "m{i}.py"
        );
    }
    no_temp_files(dir.path());
}

#[test]
fn a_corrupted_cache_is_a_fresh_run() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("app.py"), HAZARD_PY).unwrap();
    let args = ["--isolated", "--output-format", "concise", "."];
    let (_, fresh, _) = run_in(
        dir.path(),
        &[
            "--isolated",
            "--no-cache",
            "--output-format",
            "concise",
            ".",
        ],
    );
    let (code, first, _) = run_in(dir.path(), &args);
    assert_eq!(code, 1);
    assert_eq!(first, fresh);
    let cache = dir.path().join(".sqlfix_cache");
    let entries: Vec<_> = walk(&cache)
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    assert!(entries.len() >= 2, "{entries:?}");
    for (n, entry) in entries.iter().enumerate() {
        let text = std::fs::read(entry).unwrap();
        let broken: Vec<u8> = match n % 3 {
            0 => text[..text.len() / 2].to_vec(),
            1 => b"\xff\xfe garbage".to_vec(),
            _ => String::from_utf8_lossy(&text)
                .replace("SQF101", "SQF999")
                .replace("\"range\":[", "\"range\":[999999,")
                .into_bytes(),
        };
        std::fs::write(entry, broken).unwrap();
    }
    let (code, again, err) = run_in(dir.path(), &args);
    assert_eq!(code, 1, "{err}");
    assert_eq!(again, fresh);
}

#[test]
fn a_kill_mid_fix_leaves_each_file_whole() {
    let fixed = fixed_text();
    for delay_ms in [0u64, 5, 20, 60, 150] {
        let dir = tempfile::tempdir().unwrap();
        for i in 0..150 {
            std::fs::write(dir.path().join(format!("m{i:03}.py")), HAZARD_PY).unwrap();
        }
        let mut child = sqlfix()
            .args(["--isolated", "--no-cache", "--fix", "."])
            .current_dir(dir.path())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(delay_ms));
        let _ = child.kill();
        let _ = child.wait();
        for i in 0..150 {
            let text = std::fs::read_to_string(dir.path().join(format!("m{i:03}.py"))).unwrap();
            assert!(
                text == HAZARD_PY || text == fixed,
                "m{i:03}.py is neither the original nor the fix after a kill at {delay_ms} ms:\n{text}"
            );
        }
        // A later run finishes the job.
        let (code, out, err) = run_in(
            dir.path(),
            &["--isolated", "--no-cache", "--fix", "m000.py"],
        );
        assert_eq!(code, 0, "{out}{err}");
    }
}

#[test]
fn encodings_are_kept_or_the_file_is_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    let latin1 =
        b"# -*- coding: latin-1 -*-\nimport sqlite3\ns = '\xe9'\nconn = sqlite3.connect('x.db')\n"
            .to_vec();
    std::fs::write(dir.path().join("latin1.py"), &latin1).unwrap();
    let mut bom = b"\xef\xbb\xbf".to_vec();
    bom.extend_from_slice(HAZARD_PY.as_bytes());
    std::fs::write(dir.path().join("bom.py"), &bom).unwrap();
    let (code, out, err) = run_in(dir.path(), &["--isolated", "--no-cache", "--fix", "."]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(err.contains("latin1.py: not valid UTF-8"), "{err}");
    assert_eq!(std::fs::read(dir.path().join("latin1.py")).unwrap(), latin1);
    let fixed = std::fs::read(dir.path().join("bom.py")).unwrap();
    let mut expected = b"\xef\xbb\xbf".to_vec();
    expected.extend_from_slice(fixed_text().as_bytes());
    assert_eq!(fixed, expected, "the BOM is kept and the rest fixed");
}

#[test]
fn line_endings_are_kept() {
    let dir = tempfile::tempdir().unwrap();
    let crlf = HAZARD_PY.replace('\n', "\r\n");
    std::fs::write(dir.path().join("crlf.py"), &crlf).unwrap();
    let no_final_newline = HAZARD_PY.trim_end_matches('\n');
    std::fs::write(dir.path().join("bare.py"), no_final_newline).unwrap();
    let (code, out, err) = run_in(dir.path(), &["--isolated", "--no-cache", "--fix", "."]);
    assert_eq!(code, 0, "{out}{err}");
    let fixed = std::fs::read_to_string(dir.path().join("crlf.py")).unwrap();
    assert_eq!(fixed, fixed_text().replace('\n', "\r\n"));
    let bare = std::fs::read_to_string(dir.path().join("bare.py")).unwrap();
    assert_eq!(bare, fixed_text().trim_end_matches('\n'));
}

#[test]
fn a_malformed_configuration_changes_nothing() {
    for config in [
        "[tool.sqlfix\nselect = [\"SQF1\"]\n",
        "[tool.sqlfix]\nselect = 3\n",
        "[tool.sqlfix]\nno-such-key = true\n",
        "[tool.sqlfix]\ncache-dir = [\"x\"]\n",
    ] {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("pyproject.toml"), config).unwrap();
        std::fs::write(dir.path().join("app.py"), HAZARD_PY).unwrap();
        for args in [vec!["."], vec!["--fix", "--unsafe-fixes", "."]] {
            let (code, out, err) = run_in(dir.path(), &args);
            assert_eq!(code, 2, "{config:?} {args:?}: {out}{err}");
            assert_eq!(err.lines().count(), 1, "{config:?}: {err}");
            assert!(err.starts_with("sqlfix: error: "), "{config:?}: {err}");
            assert!(err.contains("pyproject.toml"), "{config:?}: {err}");
        }
        assert_eq!(
            std::fs::read_to_string(dir.path().join("app.py")).unwrap(),
            HAZARD_PY
        );
        assert!(!dir.path().join(".sqlfix_cache").exists(), "{config:?}");
    }
}
