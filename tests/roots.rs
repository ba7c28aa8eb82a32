//! Findings that share a root cause are reported once with their sites, in every
//! output format: text (and its summary line), `--dry-run`, JSON (a `root` per
//! finding, `json-roots`), SARIF (one result with `relatedLocations`) and the
//! audit report. Roots come from the model (a module's connection, a wrapper
//! class, a database file), never from the messages' text.

mod support;

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

use serde_json::Value;
use support::*;

/// One module-level connection used by helpers that three coroutines in two
/// files call: one root, three SQF501 sites.
const DB: &str = r#"import sqlite3

conn = sqlite3.connect("app.db", check_same_thread=False)


def get_user(uid):
    return conn.execute("SELECT name FROM users WHERE id = ?", (uid,)).fetchone()


def save(uid, name):
    conn.execute("INSERT INTO users VALUES (?, ?)", (uid, name))
    conn.commit()
"#;

const ROUTES: &str = r#"import db


async def show(uid):
    return db.get_user(uid)


async def rename(uid, name):
    db.save(uid, name)
"#;

const MORE: &str = r#"from db import get_user


async def again(uid):
    return get_user(uid)
"#;

fn project(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in files {
        let path = dir.path().join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    dir
}

fn shared_connection() -> tempfile::TempDir {
    project(&[("db.py", DB), ("routes.py", ROUTES), ("more.py", MORE)])
}

fn out_of(dir: &Path, args: &[&str]) -> (i32, String) {
    let mut all = vec!["--isolated", "--no-cache"];
    all.extend_from_slice(args);
    let (code, out, err) = run_in(dir, &all);
    assert!(!err.contains("panicked"), "{err}");
    (code, out)
}

fn json_of(dir: &Path, args: &[&str]) -> Vec<Value> {
    let mut all = vec!["--output-format", "json"];
    all.extend_from_slice(args);
    let (_, out) = out_of(dir, &all);
    serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out}"))
}

/// Root id → its findings' `file:line`s.
fn roots_of(findings: &[Value]) -> BTreeMap<String, Vec<String>> {
    let mut roots: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for f in findings {
        let root = &f["root"];
        assert!(root.is_object(), "every finding names its root: {f}");
        roots
            .entry(root["id"].as_str().unwrap().to_string())
            .or_default()
            .push(format!("{}:{}", f["file"].as_str().unwrap(), f["line"]));
    }
    roots
}

#[test]
fn json_names_one_root_for_the_blocking_calls_through_one_connection() {
    let dir = shared_connection();
    let findings = json_of(dir.path(), &[]);
    let blocking: Vec<&Value> = findings.iter().filter(|f| f["id"] == "SQF501").collect();
    assert_eq!(blocking.len(), 3, "{findings:#?}");
    let ids: Vec<&str> = blocking
        .iter()
        .map(|f| f["root"]["id"].as_str().unwrap())
        .collect();
    assert!(ids.iter().all(|id| *id == ids[0]), "{ids:?}");
    let root = &blocking[0]["root"];
    assert_eq!(root["sites"], 3, "{root}");
    assert_eq!(root["file"], "db.py", "{root}");
    assert!(
        root["description"].as_str().unwrap().contains("db.py"),
        "{root}"
    );
    // Every other finding is its own root, with one site.
    for f in findings.iter().filter(|f| f["id"] != "SQF501") {
        assert_eq!(f["root"]["sites"], 1, "{f}");
    }
    // json-roots: the counts and the same roots with their sites.
    let (_, out) = out_of(dir.path(), &["--output-format", "json-roots"]);
    let log: Value = serde_json::from_str(&out).unwrap();
    let roots = roots_of(&findings);
    assert_eq!(log["findings"], findings.len());
    assert_eq!(log["root_causes"], roots.len());
    for root in log["roots"].as_array().unwrap() {
        let sites: Vec<String> = root["sites"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| format!("{}:{}", s["file"].as_str().unwrap(), s["line"]))
            .collect();
        assert_eq!(Some(&sites), roots.get(root["id"].as_str().unwrap()));
    }
}

#[test]
fn text_prints_a_shared_root_once_with_its_sites_and_counts_roots() {
    let dir = shared_connection();
    let findings = json_of(dir.path(), &[]);
    let roots = roots_of(&findings);
    let (code, out) = out_of(dir.path(), &[]);
    assert_eq!(code, 1, "exit codes are unchanged: findings → 1");
    assert_eq!(
        out.matches("SQF501").count(),
        1,
        "the root is printed once:\n{out}"
    );
    assert!(out.contains("3 sites:"), "{out}");
    for site in ["routes.py:5:", "routes.py:9:", "more.py:5:"] {
        assert!(out.contains(site), "{site} listed:\n{out}");
    }
    let summary = format!(
        "Found {} findings ({} root causes) in ",
        findings.len(),
        roots.len()
    );
    assert!(out.contains(&summary), "{summary}\n{out}");
    // The dry run still shows every site's fix or note, under a line naming the root.
    let (_, dry) = out_of(dir.path(), &["--dry-run"]);
    assert!(
        dry.contains("SQF501 root: ") && dry.contains("3 sites, 2 in this file:"),
        "{dry}"
    );
    let site_lines = dry
        .lines()
        .filter(|l| l.starts_with("  ") && l.contains("  SQF501  "))
        .count();
    assert_eq!(site_lines, 3, "{dry}");
    assert!(dry.contains(&summary), "{dry}");
}

#[test]
fn one_site_roots_print_as_before() {
    let dir = project(&[(
        "one.py",
        "import sqlite3\n\n\nasync def h(p):\n    conn = sqlite3.connect(p)\n    rows = conn.execute(\"SELECT 1\").fetchall()\n    conn.close()\n    return rows\n",
    )]);
    let findings = json_of(dir.path(), &[]);
    assert!(!findings.is_empty());
    let (_, out) = out_of(dir.path(), &[]);
    assert!(!out.contains("root:") && !out.contains("sites:"), "{out}");
    assert!(!out.contains("root cause"), "{out}");
}

/// Two modules opening the same literal file are one database (SQF101 once per
/// file); two modules opening whatever their `path` parameter holds are not:
/// a shared variable name is no evidence of a shared file.
#[test]
fn a_database_is_one_root_only_when_the_file_is_known() {
    let same = "import sqlite3\n\n\ndef save(row):\n    conn = sqlite3.connect(\"shared.db\")\n    conn.execute(\"INSERT INTO t VALUES (?)\", (row,))\n    conn.commit()\n    conn.close()\n";
    let by_name = "import sqlite3\n\n\ndef save(path, row):\n    conn = sqlite3.connect(path)\n    conn.execute(\"INSERT INTO t VALUES (?)\", (row,))\n    conn.commit()\n    conn.close()\n";
    let dir = project(&[
        ("a.py", same),
        ("b.py", same),
        ("c.py", by_name),
        ("d.py", by_name),
    ]);
    let findings = json_of(dir.path(), &["--select", "SQF101"]);
    let roots = roots_of(&findings);
    let sites: Vec<usize> = roots.values().map(Vec::len).collect();
    assert_eq!(findings.len(), 4, "{findings:#?}");
    let mut sorted = sites.clone();
    sorted.sort();
    assert_eq!(sorted, [1, 1, 2], "{roots:#?}");
    let shared = roots.iter().find(|(_, s)| s.len() == 2).unwrap();
    assert_eq!(shared.1, &["a.py:5", "b.py:5"], "{roots:#?}");
}

#[test]
fn sarif_has_one_result_per_root_with_the_other_sites_related() {
    let dir = shared_connection();
    let findings = json_of(dir.path(), &[]);
    let roots = roots_of(&findings);
    let (_, out) = out_of(dir.path(), &["--output-format", "sarif"]);
    let mut child = Command::new(python())
        .arg("-c")
        .arg("import json, sys, jsonschema\nschema = json.load(open(sys.argv[1]))\nlog = json.load(sys.stdin)\njsonschema.validate(log, schema)\nfor r in log['runs'][0]['results']:\n    print(r['ruleId'], len(r.get('relatedLocations', [])), r['properties']['sqlfix.sites'])\n")
        .arg(repo_root().join("tests/data/sarif-schema-2.1.0.json"))
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    {
        use std::io::Write as _;
        child
            .stdin
            .take()
            .unwrap()
            .write_all(out.as_bytes())
            .unwrap();
    }
    let output = child.wait_with_output().unwrap();
    assert!(
        output.status.success(),
        "SARIF must validate (pip install jsonschema, or scripts/venv): {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let lines: Vec<String> = String::from_utf8_lossy(&output.stdout)
        .lines()
        .map(str::to_string)
        .collect();
    assert_eq!(lines.len(), roots.len(), "{lines:?}");
    assert!(lines.contains(&"SQF501 2 3".to_string()), "{lines:?}");
    let log: Value = serde_json::from_str(&out).unwrap();
    let result = log["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["ruleId"] == "SQF501")
        .unwrap();
    let related: Vec<String> = result["relatedLocations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| {
            format!(
                "{}:{}",
                l["physicalLocation"]["artifactLocation"]["uri"]
                    .as_str()
                    .unwrap(),
                l["physicalLocation"]["region"]["startLine"]
            )
        })
        .collect();
    assert_eq!(related, ["routes.py:5", "routes.py:9"], "{result:#}");
}

#[test]
fn the_report_has_one_block_per_root() {
    let dir = shared_connection();
    let findings = json_of(dir.path(), &[]);
    let roots = roots_of(&findings);
    let (_, report, err) = run_in(dir.path(), &["report", "."]);
    assert!(!err.contains("panicked"), "{err}");
    assert!(
        report.contains(&format!(
            "{} findings ({} root causes)",
            findings.len(),
            roots.len()
        )),
        "{report}"
    );
    let blocks = report
        .split("## 2. Findings")
        .nth(1)
        .and_then(|r| r.split("\n## 3. ").next())
        .unwrap()
        .split("\n### ")
        .skip(1)
        .count();
    assert_eq!(blocks, roots.len(), "{report}");
    assert!(
        report.contains("Location: more.py : 5; routes.py : 5, 9")
            || report.contains("Location: routes.py : 5, 9; more.py : 5"),
        "{report}"
    );
    assert!(report.contains("Root cause: "), "{report}");
}
