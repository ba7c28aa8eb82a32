//! Precision on whole projects: dead code, standalone scripts, startup-only code,
//! tests, JSON that nobody reads back, and the second party each finding names.
//!
//! Each folder of `tests/precision/` is a small project. Its findings must be
//! exactly the `# expect: ID` marks of its files (a line without a mark must
//! have none), checked from the project's root as a user runs `sqlfix .`.

mod support;

use std::collections::BTreeSet;
use std::path::Path;

use support::*;

type Site = (String, usize, String);

fn expected(root: &Path) -> BTreeSet<Site> {
    let mut out = BTreeSet::new();
    for path in walk(root) {
        let rel = path
            .strip_prefix(root)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        let text = std::fs::read_to_string(&path).unwrap();
        for (i, line) in text.lines().enumerate() {
            if let Some((_, ids)) = line.split_once("# expect:") {
                for id in ids.split_whitespace() {
                    out.insert((rel.clone(), i + 1, id.to_string()));
                }
            }
        }
    }
    out
}

/// Runs sqlfix on a copy of the project `name`; its JSON findings.
fn run(name: &str, config: Option<&str>) -> (tempfile::TempDir, Vec<serde_json::Value>) {
    let dir = tempfile::tempdir().unwrap();
    copy_case(&repo_root().join("tests/precision").join(name), dir.path());
    let mut args = vec!["--no-cache", "--exit-zero", "--output-format", "json", "."];
    match config {
        Some(text) => std::fs::write(dir.path().join("sqlfix.toml"), text).unwrap(),
        None => args.insert(0, "--isolated"),
    }
    let (code, out, err) = run_in(dir.path(), &args);
    assert_eq!(code, 0, "{name}: {err}");
    let findings: serde_json::Value = serde_json::from_str(&out).expect("JSON output");
    (dir, findings.as_array().expect("a list").clone())
}

fn sites(findings: &[serde_json::Value]) -> BTreeSet<Site> {
    findings
        .iter()
        .map(|f| {
            (
                f["file"].as_str().unwrap().replace('\\', "/"),
                f["line"].as_u64().unwrap() as usize,
                f["id"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn find<'a>(findings: &'a [serde_json::Value], file: &str) -> &'a serde_json::Value {
    findings
        .iter()
        .find(|f| f["file"].as_str().unwrap().replace('\\', "/") == file)
        .unwrap_or_else(|| panic!("no finding in {file}: {findings:#?}"))
}

#[test]
fn findings_match_the_marks() {
    let mut failures = Vec::new();
    for name in [
        "dead_code",
        "scripts",
        "exports",
        "startup_and_tests",
        "lone_scripts",
        "dead_classes",
        "shadowed_defs",
        "same_name_methods",
    ] {
        let (dir, findings) = run(name, None);
        let want = expected(dir.path());
        let got = sites(&findings);
        if want != got {
            failures.push(format!(
                "{name}:\n  missing: {:?}\n  unexpected: {:?}",
                want.difference(&got).collect::<Vec<_>>(),
                got.difference(&want).collect::<Vec<_>>()
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn unreached_modules_are_reported_with_low_confidence_by_default() {
    let (_dir, findings) = run("dead_code", None);
    let live = find(&findings, "app/store.py");
    assert_eq!(live["confidence"], "High", "{live:#}");
    let dead = find(&findings, "app/unused.py");
    assert_eq!(dead["confidence"], "Low", "{dead:#}");
    assert!(
        dead["note"].as_str().unwrap().contains("no entry point"),
        "{dead:#}"
    );
}

#[test]
fn methods_of_a_class_nothing_builds_are_dead_code() {
    let (_dir, findings) = run("dead_classes", None);
    for f in &findings {
        let file = f["file"].as_str().unwrap();
        let dead = file.ends_with("sqlite_store.py");
        let confidence = f["confidence"].as_str().unwrap();
        assert_eq!(dead, confidence == "Low", "{f:#}");
        if dead {
            assert!(
                f["note"]
                    .as_str()
                    .unwrap()
                    .contains("nothing in the application names `SQLiteTokenStore`"),
                "{f:#}"
            );
        }
    }
    let (_dir, skipped) = run("dead_classes", Some("dead-code = \"skip\"\n"));
    assert!(
        sites(&skipped)
            .iter()
            .all(|(f, _, _)| !f.ends_with("sqlite_store.py")),
        "{skipped:#?}"
    );
}

#[test]
fn shadowed_definitions_are_reported_only_when_asked() {
    // The first of two `def`s of one name never runs: under `report` its
    // findings come back, every other one unchanged.
    let (_dir, low) = run("shadowed_defs", None);
    let (_dir, all) = run("shadowed_defs", Some("dead-code = \"report\"\n"));
    let extra: BTreeSet<Site> = sites(&all).difference(&sites(&low)).cloned().collect();
    let lines = |file: &str| -> BTreeSet<usize> {
        extra
            .iter()
            .filter(|(f, _, _)| f == file)
            .map(|(_, l, _)| *l)
            .collect()
    };
    assert_eq!(lines("app/settings.py"), BTreeSet::from([7]), "{extra:?}");
    assert_eq!(lines("app/store.py"), BTreeSet::from([8, 10]), "{extra:?}");
    assert_eq!(
        lines("app/counters.py"),
        BTreeSet::from([13, 14]),
        "{extra:?}"
    );
    assert!(sites(&low).is_subset(&sites(&all)));
}

#[test]
fn a_module_function_is_not_reached_by_a_method_of_its_name() {
    let (_dir, findings) = run("same_name_methods", None);
    for f in &findings {
        let line = f["line"].as_u64().unwrap();
        // Pragma advice where every write is one short statement is Low for
        // that reason alone (semantic/short_transactions.rs), dead or not.
        let short_writes = f["note"]
            .as_str()
            .is_some_and(|n| n.contains("no writer waits long"));
        let confidence = f["confidence"].as_str().unwrap();
        let expected_low = line == 9 || short_writes;
        assert_eq!(expected_low, confidence == "Low", "{f:#}");
    }
    let dead = findings
        .iter()
        .find(|f| f["id"] == "SQF202" && f["line"] == 9)
        .expect("the dead module function's leak");
    assert!(
        dead["note"]
            .as_str()
            .unwrap()
            .contains("nothing in the application names `refresh`"),
        "{dead:#}"
    );
}

#[test]
fn lone_scripts_keep_only_what_runs_beside_the_service() {
    let (_dir, findings) = run("lone_scripts", None);
    let from = |file: &str| {
        find(&findings, file)["message"]
            .as_str()
            .unwrap()
            .to_string()
    };
    // Named by the crontab, the README or the service: another program of
    // the project opens the same database.
    for named in ["tools/prune.py", "tools/report.py", "tools/reindex.py"] {
        assert!(
            from(named).contains("another program of the project"),
            "{named}"
        );
    }
}

#[test]
fn dead_code_setting() {
    let (_dir, skipped) = run("dead_code", Some("dead-code = \"skip\"\n"));
    let files: BTreeSet<String> = sites(&skipped).into_iter().map(|(f, _, _)| f).collect();
    assert_eq!(files, BTreeSet::from(["app/store.py".to_string()]));
    let (_dir, all) = run("dead_code", Some("dead-code = \"report\"\n"));
    assert_eq!(sites(&all).len(), 4, "{all:#?}");
    assert_eq!(find(&all, "app/unused.py")["confidence"], "High");
    assert_eq!(find(&all, "legacy/old_store.py")["id"], "SQF101");
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("sqlfix.toml"), "dead-code = \"hide\"\n").unwrap();
    let (code, _, err) = run_in(dir.path(), &["--no-cache", "."]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("`dead-code` must be report, low or skip"),
        "{err}"
    );
}

#[test]
fn concurrency_findings_name_their_second_party() {
    let (_dir, findings) = run("scripts", None);
    for f in &findings {
        let message = f["message"].as_str().unwrap();
        assert!(
            message.contains("concurrent with") || message.contains("thread"),
            "{message}"
        );
    }
    let from_script = find(&findings, "scripts/load.py");
    assert!(
        from_script["message"]
            .as_str()
            .unwrap()
            .contains("worker threads running"),
        "{from_script:#}"
    );
}
