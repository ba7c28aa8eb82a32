//! Code that sqlfix writes follows the project's style. Each sample app in
//! `examples/` is fixed with `--fix --unsafe-fixes`, then `ruff check --isolated`
//! (ruff's default rules, which include isort's I001 and SIM117) must report
//! nothing that the app as written did not: imports sorted into their sections,
//! no new unused or undefined names. Compared by file and rule, since a fix
//! moves lines.

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
        let (code, out, err) = run_in(dir.path(), &["--no-cache", "--fix", "--unsafe-fixes", "."]);
        assert!(
            code == 0 || code == 1,
            "{name}: sqlfix exited {code}: {out}{err}"
        );
        let after = ruff_findings(dir.path());
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
