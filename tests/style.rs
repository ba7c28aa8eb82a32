//! Code that sqlfix writes follows the project's style. Each sample app in
//! `examples/` is fixed with `--fix --unsafe-fixes`, then `ruff check --isolated`
//! (ruff's default rules, which include isort's I001 and SIM117) must report
//! nothing that the app as written did not: imports sorted into their sections,
//! no new unused or undefined names. Compared by file and rule, since a fix
//! moves lines. And no line the fix wrote passes the app's line length (its
//! ruff or black configuration as sqlfix reads it, `source::line_length`; 88
//! without one; `ruff check --select E501`): compared by the line's text, since a
//! fix moves lines and re-indents the user's own.

mod support;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use support::*;

/// New findings known today, per app, file and rule: a ratchet, so a new one
/// fails and one that disappears must be struck from here. Empty since the fix
/// plan joins a lock or `closing()` into the `with` it would have nested in
/// (SIM117 was new on three apps before).
const KNOWN: &[(&str, &str, &str, usize)] = &[];

fn ruff() -> PathBuf {
    let path = repo_root().join(".venv/bin/ruff");
    assert!(
        path.exists(),
        "{} is missing: run scripts/venv (it installs ruff from requirements-dev.txt)",
        path.display()
    );
    path
}

/// (file, rule) -> count.
fn ruff_findings(dir: &Path) -> BTreeMap<(String, String), usize> {
    let output = Command::new(ruff())
        .args([
            "check",
            "--isolated",
            "--no-cache",
            "--output-format",
            "concise",
            ".",
        ])
        .current_dir(dir)
        .output()
        .expect("ruff runs");
    let code = output.status.code();
    assert!(
        matches!(code, Some(0 | 1)),
        "ruff exited {code:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let mut out = BTreeMap::new();
    for line in String::from_utf8_lossy(&output.stdout).lines() {
        // app/db.py:12:5: SIM117 ...
        let mut parts = line.splitn(4, ':');
        let (Some(file), Some(_), Some(_), Some(rest)) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            continue;
        };
        let Some(rule) = rest.split_whitespace().next() else {
            continue;
        };
        if file.ends_with(".py") {
            *out.entry((file.to_string(), rule.to_string())).or_default() += 1;
        }
    }
    out
}

/// The lines over the app's line length that ruff reports (`--select E501`), by
/// file and text (trimmed).
fn long_lines(dir: &Path) -> Vec<(String, String)> {
    let length = sqlfix::source::line_length::for_file(&dir.join("app/__init__.py")).to_string();
    let output = Command::new(ruff())
        .args([
            "check",
            "--isolated",
            "--no-cache",
            "--select",
            "E501",
            "--line-length",
            &length,
            "--output-format",
            "concise",
            ".",
        ])
        .current_dir(dir)
        .output()
        .expect("ruff runs");
    let mut out = Vec::new();
    for line in String::from_utf8_lossy(&output.stdout).lines() {
        let mut parts = line.splitn(3, ':');
        let (Some(file), Some(number)) = (parts.next(), parts.next()) else {
            continue;
        };
        let Ok(number) = number.parse::<usize>() else {
            continue;
        };
        let text = std::fs::read_to_string(dir.join(file)).unwrap_or_default();
        if let Some(l) = text.lines().nth(number - 1) {
            out.push((file.to_string(), l.trim().to_string()));
        }
    }
    out
}

/// Long lines a fix writes today (app, file, start of the line): a ratchet like
/// `KNOWN`. A user's line that a fix re-indents into a new block, or whose call it
/// wraps, can pass 88 where it fit before.
const KNOWN_LONG: &[(&str, &str, &str)] = &[
    (
        "docproc",
        "app/checkpoints.py",
        "_atomic_write_text(_doc_dir(doc_id)",
    ),
    ("docproc", "app/db.py", "\"INSERT INTO checkpoints"),
    ("docproc", "app/db.py", "_status_conn = _configure_sqlite("),
    (
        "wrapper_singleton",
        "app/checkpoints.py",
        "_atomic_write_text(_doc_dir(doc_id)",
    ),
    ("wrapper_singleton", "app/db.py", "\"INSERT INTO documents"),
    (
        "wrapper_singleton",
        "app/db.py",
        "\"INSERT OR REPLACE INTO stats",
    ),
    (
        "wrapper_singleton",
        "app/db.py",
        "[(doc_id, stage, r[\"page\"]",
    ),
    (
        "wrapper_singleton",
        "app/db.py",
        "self.conn = _configure_sqlite(",
    ),
    (
        "aiosqlite_ws",
        "app/checkpoints.py",
        "_atomic_write_text(_doc_dir(doc_id)",
    ),
    ("aiosqlite_ws", "app/db.py", "[(doc_id, stage, r[\"page\"]"),
    (
        "sqlalchemy_sync",
        "app/checkpoints.py",
        "_atomic_write_text(_doc_dir(doc_id)",
    ),
    (
        "worker_web",
        "app/checkpoints.py",
        "_atomic_write_text(_doc_dir(doc_id)",
    ),
    ("worker_web", "app/db.py", "[(doc_id, stage, r[\"page\"]"),
];

#[test]
fn fixed_sample_apps_add_no_ruff_findings() {
    let mut apps: Vec<PathBuf> = std::fs::read_dir(repo_root().join("examples"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.join("app").is_dir())
        .collect();
    apps.sort();
    assert!(apps.len() >= 5, "expected the sample apps in examples/");
    let mut failures = Vec::new();
    for app in &apps {
        let name = app.file_name().unwrap().to_string_lossy().into_owned();
        let dir = tempfile::tempdir().unwrap();
        copy_case(app, dir.path());
        let before = ruff_findings(dir.path());
        let long_before = long_lines(dir.path());
        let (code, out, err) = run_in(dir.path(), &["--no-cache", "--fix", "--unsafe-fixes", "."]);
        assert!(
            code == 0 || code == 1,
            "{name}: sqlfix exited {code}: {out}{err}"
        );
        let after = ruff_findings(dir.path());
        let long_after = long_lines(dir.path());
        let known_long: Vec<_> = KNOWN_LONG.iter().filter(|k| k.0 == name).collect();
        for (file, line) in long_after.iter().filter(|l| !long_before.contains(l)) {
            if !known_long
                .iter()
                .any(|k| k.1 == file && line.starts_with(k.2))
            {
                failures.push(format!(
                    "{name}: {file}: a fix wrote a line over the line length: {line}"
                ));
            }
        }
        for (_, f, start) in known_long {
            if !long_after.iter().any(|(file, line)| {
                file == f
                    && line.starts_with(start)
                    && !long_before.iter().any(|b| b.0 == *file && b.1 == *line)
            }) {
                failures.push(format!(
                    "{name}: {f}: `{start}` is no longer too long: strike it from KNOWN_LONG"
                ));
            }
        }
        for ((file, rule), n) in &after {
            let new = n.saturating_sub(
                before
                    .get(&(file.clone(), rule.clone()))
                    .copied()
                    .unwrap_or(0),
            );
            let known = KNOWN
                .iter()
                .find(|(a, f, r, _)| *a == name && f == file && r == rule)
                .map_or(0, |k| k.3);
            if new != known {
                failures.push(format!(
                    "{name}: {file}: {rule}: {new} new after the fix, {known} known (KNOWN in tests/style.rs)"
                ));
            }
        }
        for (a, f, r, n) in KNOWN.iter().filter(|k| k.0 == name) {
            if !after.contains_key(&(f.to_string(), r.to_string())) {
                failures.push(format!(
                    "{a}: {f}: {r}: {n} known but none now: strike it from KNOWN"
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The project's configured line length decides where a generated `with` header
/// is split: docproc's locked, closing, configured connection header (128
/// characters) is split under the default 88 and ruff's 120, and kept whole under
/// black's 130.
#[test]
fn generated_headers_follow_the_configured_line_length() {
    let app = repo_root().join("examples/docproc");
    let configs = [
        (None, false),
        (Some("[tool.ruff]\nline-length = 120\n"), false),
        (Some("[tool.black]\nline-length = 130\n"), true),
    ];
    for (config, whole) in configs {
        let dir = tempfile::tempdir().unwrap();
        copy_case(&app, dir.path());
        if let Some(config) = config {
            std::fs::write(dir.path().join("pyproject.toml"), config).unwrap();
        }
        let (code, out, err) = run_in(dir.path(), &["--no-cache", "--fix", "--unsafe-fixes", "."]);
        assert!(code == 0 || code == 1, "sqlfix exited {code}: {out}{err}");
        let main = std::fs::read_to_string(dir.path().join("app/main.py")).unwrap();
        let one_line = main.lines().any(|l| {
            l.contains("contextlib.closing(_configure_sqlite(") && l.trim_end().ends_with(':')
        });
        assert_eq!(one_line, whole, "{config:?}:\n{main}");
    }
}
