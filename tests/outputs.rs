//! Output formats (concise, json, github, sarif validated against the official
//! schema, junit), `-o FILE`, `rules --output-format json`, colors, statistics,
//! `--show-fixes`, exit codes and a stable order.

mod support;

use std::path::Path;
use std::process::Command;

use support::*;

const HAZARD: &str = "import sqlite3\n\n\ndef save(path, row):\n    with sqlite3.connect(path) as conn:\n        conn.execute(\"INSERT INTO t VALUES (?)\", (row,))\n";

fn project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for name in ["b.py", "a.py", "pkg/c.py"] {
        let path = dir.path().join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, HAZARD).unwrap();
    }
    std::fs::write(
        dir.path().join("clean.py"),
        "x = 1  # sqlfix: ignore[SQF101]\n",
    )
    .unwrap();
    dir
}

fn out_of(dir: &Path, args: &[&str]) -> (i32, String) {
    let mut all = vec!["--isolated", "--no-cache"];
    all.extend_from_slice(args);
    let (code, out, err) = run_in(dir, &all);
    assert!(!err.contains("panicked"), "{err}");
    (code, out)
}

fn python_check(script: &str, input: &str) -> String {
    let mut child = Command::new(python())
        .arg("-c")
        .arg(script)
        .arg(repo_root().join("tests/data/sarif-schema-2.1.0.json"))
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    let output = child.wait_with_output().unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}

#[test]
fn concise_is_one_line_per_finding_in_path_then_position_order() {
    let dir = project();
    let (code, out) = out_of(dir.path(), &["--output-format", "concise"]);
    assert_eq!(code, 1);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 7, "{out}");
    assert_eq!(
        lines[0],
        "a.py:5:10: SQF101 [*] SQLite connection opened without WAL, synchronous=NORMAL, or an explicit busy timeout: the rollback journal lets one writer block everyone"
    );
    assert!(lines[1].starts_with("a.py:5:10: SQF202 [*]"));
    assert!(lines[2].starts_with("b.py:5:10: SQF101"));
    assert!(lines[4].starts_with("clean.py:1:8: SQF001 [*] Unused suppression"));
    assert!(lines[5].starts_with("pkg/c.py:5:10: SQF101"));
    // Parallel checking, same order every time.
    for _ in 0..3 {
        assert_eq!(out_of(dir.path(), &["--output-format", "concise"]).1, out);
    }
}

#[test]
fn json_has_one_object_per_finding_with_its_fix() {
    let dir = project();
    let (_, out) = out_of(dir.path(), &["--output-format", "json"]);
    let value: serde_json::Value = serde_json::from_str(&out).unwrap();
    let items = value.as_array().unwrap();
    assert_eq!(items.len(), 7);
    let first = &items[0];
    for key in [
        "id",
        "name",
        "title",
        "seed",
        "severity",
        "category",
        "confidence",
        "file",
        "line",
        "column",
        "end_line",
        "end_column",
        "message",
        "note",
        "fix",
    ] {
        assert!(first.get(key).is_some(), "missing {key}: {first}");
    }
    assert_eq!(first["id"], "SQF101");
    assert_eq!(first["name"], "connection-pragmas");
    assert_eq!(first["severity"], "CRITICAL");
    assert_eq!(first["category"], "WAL Config");
    assert_eq!(first["file"], "a.py");
    assert_eq!(
        (first["line"].as_u64(), first["column"].as_u64()),
        (Some(5), Some(10))
    );
    assert_eq!(
        (first["end_line"].as_u64(), first["end_column"].as_u64()),
        (Some(5), Some(31))
    );
    assert_eq!(first["fix"]["applicability"], "safe");
    assert!(
        first["fix"]["edits"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["content"].as_str().unwrap().contains("timeout=5.0"))
    );
    assert!(
        first["fix"]["diff"]
            .as_str()
            .unwrap()
            .contains("+++ b/a.py")
    );
    assert!(
        first["seed"]
            .as_array()
            .unwrap()
            .contains(&serde_json::json!("1A"))
    );
}

#[test]
fn github_annotations_map_severity_and_escape() {
    let dir = project();
    let (_, out) = out_of(dir.path(), &["--output-format", "github"]);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 7);
    assert!(lines[0].starts_with("::error title=SQF101 (connection-pragmas) CRITICAL,file=a.py,line=5,col=10,endLine=5,endColumn=31::SQLite connection opened without WAL, synchronous"), "{}", lines[0]);
    assert!(
        lines[1].starts_with("::error title=SQF202"),
        "HIGH is an error"
    );
    assert!(
        lines[4].starts_with("::notice title=SQF001"),
        "MONITOR is a notice: {}",
        lines[4]
    );
}

#[test]
fn sarif_is_valid_against_the_official_schema() {
    let dir = project();
    let (code, out) = out_of(dir.path(), &["--output-format", "sarif"]);
    assert_eq!(code, 1);
    let checked = python_check(
        "import json, sys, jsonschema\nschema = json.load(open(sys.argv[1]))\nlog = json.load(sys.stdin)\njsonschema.validate(log, schema)\nrun = log['runs'][0]\nrules = run['tool']['driver']['rules']\nfor r in run['results']:\n    assert rules[r['ruleIndex']]['id'] == r['ruleId'], r\nprint(len(rules), len(run['results']), run['results'][0]['locations'][0]['physicalLocation']['artifactLocation']['uri'], 'fixes' in run['results'][0])\n",
        &out,
    );
    let expected_rules = sqlfix::rules::all().len();
    assert_eq!(checked.trim(), format!("{expected_rules} 7 a.py True"));
    // An invalid log is caught by the same check (the schema is really applied).
    let broken = out.replacen("\"version\": \"2.1.0\"", "\"version\": \"9\"", 1);
    // Through stdin: the log of every rule is longer than an argument may be.
    let mut child = Command::new(python())
        .arg("-c")
        .arg("import json, sys, jsonschema\njsonschema.validate(json.load(sys.stdin), json.load(open(sys.argv[1])))")
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
            .write_all(broken.as_bytes())
            .unwrap();
    }
    let status = child.wait_with_output().unwrap();
    // It must fail on the schema, not because jsonschema is not installed.
    let why = String::from_utf8_lossy(&status.stderr);
    assert!(
        !status.status.success() && why.contains("ValidationError"),
        "the broken log must fail schema validation (pip install jsonschema, or scripts/venv): {why}"
    );
    // No findings is still a valid log.
    let clean = tempfile::tempdir().unwrap();
    std::fs::write(clean.path().join("ok.py"), "x = 1\n").unwrap();
    let (code, out) = out_of(clean.path(), &["--output-format", "sarif"]);
    assert_eq!(code, 0);
    python_check(
        "import json, sys, jsonschema\njsonschema.validate(json.load(sys.stdin), json.load(open(sys.argv[1])))",
        &out,
    );
}

#[test]
fn junit_is_well_formed_xml_with_a_testcase_per_finding() {
    let dir = project();
    let (_, out) = out_of(dir.path(), &["--output-format", "junit"]);
    let summary = python_check(
        "import sys, xml.etree.ElementTree as ET\nroot = ET.fromstring(sys.stdin.read())\nsuites = root.findall('testsuite')\nprint(root.get('tests'), root.get('failures'), len(suites), sum(len(s.findall('testcase/failure')) for s in suites))\n",
        &out,
    );
    assert_eq!(summary.trim(), "7 7 4 7");
}

#[test]
fn output_file_and_rules_json() {
    let dir = project();
    let (code, out) = out_of(
        dir.path(),
        &["--output-format", "json", "-o", "report.json"],
    );
    assert_eq!(code, 1);
    assert!(out.is_empty(), "{out}");
    let written = std::fs::read_to_string(dir.path().join("report.json")).unwrap();
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(&written)
            .unwrap()
            .as_array()
            .unwrap()
            .len(),
        7
    );
    let (code, out, _) = run_in(dir.path(), &["rules", "--output-format", "json"]);
    assert_eq!(code, 0);
    let rules: serde_json::Value = serde_json::from_str(&out).unwrap();
    let rules = rules.as_array().unwrap();
    assert_eq!(rules.len(), sqlfix::rules::all().len());
    let sqf101 = rules.iter().find(|r| r["id"] == "SQF101").unwrap();
    for key in [
        "name",
        "title",
        "seed",
        "severity",
        "category",
        "confidence",
        "fix",
    ] {
        assert!(sqf101.get(key).is_some(), "{key}");
    }
    assert_eq!(sqf101["fix"], "safe");
}

#[test]
fn colors_follow_the_color_flag_and_no_color() {
    let dir = project();
    let (_, plain) = out_of(dir.path(), &["--dry-run", "a.py"]);
    assert!(!plain.contains('\x1b'), "a pipe gets no colors");
    let (_, colored) = out_of(dir.path(), &["--dry-run", "--color", "always", "a.py"]);
    assert!(colored.contains("\x1b[32m      +"), "{colored}");
    assert!(colored.contains("\x1b[31m      -"), "{colored}");
    let (_, diff) = out_of(dir.path(), &["--diff", "--color", "always", "a.py"]);
    assert!(diff.contains("\x1b[1m--- a/a.py"), "{diff}");
    // With colors stripped, the output is the plain one.
    let stripped = colored
        .split('\x1b')
        .enumerate()
        .map(|(i, part)| {
            if i == 0 {
                part
            } else {
                part.split_once('m').map_or(part, |(_, rest)| rest)
            }
        })
        .collect::<String>();
    assert_eq!(stripped, plain);
    let output = sqlfix()
        .args(["--isolated", "--dry-run", "--color", "never", "a.py"])
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert!(!String::from_utf8_lossy(&output.stdout).contains('\x1b'));
}

#[test]
fn statistics_and_show_fixes() {
    let dir = project();
    let (code, out) = out_of(dir.path(), &["--statistics"]);
    assert_eq!(code, 1);
    assert!(out.starts_with("3  SQF101  connection-pragmas   [*]\n3  SQF202  unclosed-connection  [*]\n1  SQF001  unused-suppression   [*]\n"), "{out}");
    let (_, out) = out_of(dir.path(), &["--show-fixes"]);
    assert!(
        out.contains("Would fix 7 findings:\n- a.py:\n    1 × SQF101 (connection-pragmas)"),
        "{out}"
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("a.py")).unwrap(),
        HAZARD
    );
    let (code, out) = out_of(dir.path(), &["--fix", "--show-fixes"]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("Fixed 7 findings:\n- a.py:\n"), "{out}");
    assert!(
        out.contains("    1 × SQF001 (unused-suppression): Remove the unused suppression"),
        "{out}"
    );
}

#[test]
fn exit_zero_and_exit_non_zero_on_fix() {
    let dir = project();
    let (code, _) = out_of(dir.path(), &["--exit-zero"]);
    assert_eq!(code, 0);
    let (code, _) = out_of(dir.path(), &["--fix", "--exit-non-zero-on-fix", "a.py"]);
    assert_eq!(code, 1, "a file changed");
    let (code, _) = out_of(dir.path(), &["--fix", "--exit-non-zero-on-fix", "a.py"]);
    assert_eq!(code, 0, "nothing left to change");
    let (code, _) = out_of(dir.path(), &["--fix", "b.py"]);
    assert_eq!(code, 0, "without the flag a fixed file exits 0");
    let (code, _, err) = run_in(dir.path(), &["--exit-zero", "missing.py"]);
    assert_eq!(code, 2, "errors are not hidden by --exit-zero: {err}");
}

/// On a terminal (a pseudo-terminal from python3's `pty`) diffs are colored,
/// unless NO_COLOR is set.
#[test]
fn a_terminal_gets_colors_unless_no_color() {
    let dir = project();
    let script = r#"
import os, pty, sys
if sys.argv[3] == "1":
    os.environ["NO_COLOR"] = "1"
else:
    os.environ.pop("NO_COLOR", None)
pid, fd = pty.fork()
if pid == 0:
    os.chdir(sys.argv[2])
    os.execv(sys.argv[1], [sys.argv[1], "--isolated", "--no-cache", "--dry-run", "a.py"])
out = b""
while True:
    try:
        chunk = os.read(fd, 4096)
    except OSError:
        break
    if not chunk:
        break
    out += chunk
os.waitpid(pid, 0)
sys.stdout.write(out.decode("utf-8", "replace"))
"#;
    let run = |no_color: &str| {
        let output = Command::new(python())
            .arg("-c")
            .arg(script)
            .arg(env!("CARGO_BIN_EXE_sqlfix"))
            .arg(dir.path())
            .arg(no_color)
            .output()
            .unwrap();
        String::from_utf8_lossy(&output.stdout).into_owned()
    };
    let colored = run("0");
    assert!(colored.contains("\x1b[32m      +"), "{colored}");
    let plain = run("1");
    assert!(plain.contains("      @@ -"), "{plain}");
    assert!(!plain.contains('\x1b'), "{plain}");
}

/// `--dry-run` on the sample app: one block per file holding each of its findings,
/// a helper's body printed once per file, and the run's summary line last. It used to
/// print every helper again under every finding that adds it (893 lines).
#[test]
fn dry_run_groups_a_files_findings_and_shows_each_helper_once() {
    let app = repo_root().join("examples/docproc");
    let (code, out) = out_of(&app, &["--dry-run", "."]);
    assert_eq!(code, 1, "{out}");
    let (_, json) = out_of(&app, &["--output-format", "json", "."]);
    let findings: Vec<serde_json::Value> = serde_json::from_str(&json).unwrap();
    assert!(findings.len() > 10, "the sample app has findings: {json}");
    let lines: Vec<&str> = out.lines().collect();
    assert!(
        lines.len() * 2 <= 893,
        "at most half the per-finding format's 893 lines, got {}:\n{out}",
        lines.len()
    );
    // File blocks: a header per file, once, and under it that file's findings.
    let mut files: Vec<&str> = findings
        .iter()
        .map(|f| f["file"].as_str().unwrap())
        .collect();
    files.dedup();
    for file in &files {
        let file = file.strip_prefix("./").unwrap_or(file);
        let headers: Vec<usize> = lines
            .iter()
            .enumerate()
            .filter(|(_, l)| l.starts_with(&format!("{file} (")))
            .map(|(i, _)| i)
            .collect();
        assert_eq!(headers.len(), 1, "{file}:\n{out}");
        let block: Vec<&str> = lines[headers[0] + 1..]
            .iter()
            .take_while(|l| l.starts_with(' '))
            .copied()
            .collect();
        let here: Vec<&serde_json::Value> = findings
            .iter()
            .filter(|f| f["file"].as_str().unwrap().ends_with(file))
            .collect();
        for f in &here {
            let head = format!(
                "  {}:{}  {}  ",
                f["line"],
                f["column"],
                f["id"].as_str().unwrap()
            );
            assert!(
                block.iter().any(|l| l.starts_with(&head)),
                "{head} under {file}:\n{out}"
            );
        }
        // Each added definition appears in full once in its file's block.
        let mut defs: Vec<&str> = block
            .iter()
            .map(|l| l.trim_start())
            .filter(|l| {
                (l.starts_with("+def ") || l.starts_with("+class ")) && !l.contains(" ... (")
            })
            .collect();
        let all = defs.len();
        defs.sort_unstable();
        defs.dedup();
        assert_eq!(defs.len(), all, "a helper printed twice in {file}:\n{out}");
    }
    assert!(
        out.contains("+def _atomic_open(path, mode=\"w\", **kwargs): ... ("),
        "a second use names the helper:\n{out}"
    );
    assert!(
        lines
            .last()
            .unwrap()
            .starts_with(&format!("Found {} findings", findings.len())),
        "{out}"
    );
}
