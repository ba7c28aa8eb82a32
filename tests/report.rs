//! `sqlfix report`: the audit's mandatory sections, filled from the code.

mod support;

use support::*;

fn project(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in files {
        let path = dir.path().join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    dir
}

const CONFIG: &str = "import os\nfrom pathlib import Path\n\nDATA = Path('var')\nDB_PATH = os.environ.get('APP_DB', str(DATA / 'app.db'))\n";
const DB: &str = "import sqlite3\n\nfrom config import DB_PATH\n\n\ndef get_connection():\n    return sqlite3.connect(DB_PATH)\n\n\ndef save(doc_id):\n    conn = get_connection()\n    conn.execute('UPDATE docs SET done = 1 WHERE id = ?', (doc_id,))\n    conn.commit()\n    conn.close()\n";
const ROUTES: &str = "from db import save\n\n\nasync def finish(doc_id):\n    save(doc_id)\n    return {'ok': True}\n";

#[test]
fn report_has_every_mandatory_section_with_real_evidence() {
    let dir = project(&[("config.py", CONFIG), ("db.py", DB), ("routes.py", ROUTES)]);
    let (code, out, err) = run_in(dir.path(), &["report", "."]);
    assert_eq!(code, 1, "{err}");
    for heading in [
        "## 1. Environment & Assumptions",
        "## 2. Findings",
        "## 3. Suspicious Patterns",
        "## 4. Vibe Score: ",
        "## 5. Top 3 Fixes",
        "## 6. Summary & Action Plan",
        "### Fix Now (before concurrent document processing)",
        "## 7. Verification Commands",
        "## 8. Recommended Monitoring",
    ] {
        assert!(out.contains(heading), "missing {heading}:\n{out}");
    }
    // Environment with evidence, the path resolved through the config module.
    assert!(out.contains("| Database files |"), "{out}");
    assert!(
        out.contains("var/app.db (`DB_PATH`; $APP_DB overrides)"),
        "{out}"
    );
    assert!(
        out.contains("| Busy timeout | default timeout (5 s, docs/sqlite-facts.md#F-busy-default)"),
        "{out}"
    );
    // Seed-format blocks with the real diff.
    assert!(
        out.contains("[SEVERITY: CRITICAL] SQF101 connection-pragmas"),
        "{out}"
    );
    assert!(out.contains("Location: db.py : 7"), "{out}");
    assert!(out.contains("```diff\n--- a/db.py"), "{out}");
    assert!(
        out.contains("[SEVERITY: CRITICAL] SQF501 blocking-sqlite-in-async"),
        "{out}"
    );
    // Two distinct critical codemods: the rubric's lowest band.
    assert!(out.contains("## 4. Vibe Score: 2/10"), "{out}");
    // Verification commands use the project's database.
    assert!(
        out.contains("sqlite3 -readonly var/app.db \"PRAGMA journal_mode;\""),
        "{out}"
    );
    assert!(
        out.contains("Estimated time to implement all Fix Now items:"),
        "{out}"
    );
}

#[test]
fn a_clean_project_scores_ten_and_writes_to_a_file() {
    let dir = project(&[(
        "db.py",
        "import sqlite3\n\n\ndef connect(path):\n    conn = sqlite3.connect(path, timeout=5)\n    conn.execute('PRAGMA journal_mode=WAL')\n    conn.execute('PRAGMA synchronous=NORMAL')\n    conn.execute('PRAGMA journal_size_limit=67108864')\n    return conn\n\n\ndef startup_check(path):\n    conn = connect(path)\n    try:\n        return conn.execute('PRAGMA quick_check').fetchone()[0] == 'ok'\n    finally:\n        conn.close()\n",
    )]);
    let (code, out, err) = run_in(dir.path(), &["report", "-o", "audit.md", "."]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.is_empty());
    let report = std::fs::read_to_string(dir.path().join("audit.md")).unwrap();
    assert!(report.contains("## 4. Vibe Score: 10/10"), "{report}");
    assert!(
        report.contains("| Journal mode | PRAGMA journal_mode=wal | db.py:6 |"),
        "{report}"
    );
}

/// Checks a Markdown document with markdown-it-py (CommonMark + GFM tables); prints
/// one line per problem. Exit 3 when markdown-it-py is missing.
const MARKDOWN_CHECK: &str = r#"
import re, sys
try:
    from markdown_it import MarkdownIt
except ImportError:
    print("markdown-it-py is not installed: run scripts/venv (it is pinned in requirements-dev.txt)")
    sys.exit(3)
text = sys.stdin.read()
lines = text.split("\n")
tokens = MarkdownIt("commonmark").enable("table").parse(text)
problems = []
def cells(row):
    row = row.strip().strip("|")
    return len(re.split(r"(?<!\\)\|", row))
for i, tok in enumerate(tokens):
    if tok.type == "fence":
        last = lines[tok.map[1] - 1].strip()
        if not last.startswith(tok.markup) or tok.map[1] - 1 == tok.map[0]:
            problems.append(f"line {tok.map[0] + 1}: code fence not closed")
    if tok.type == "heading_open" and tok.level != 0:
        problems.append(f"line {tok.map[0] + 1}: heading nested in a list or quote")
    if tok.type == "inline":
        for child in tok.children or []:
            if child.type == "text" and "`" in child.content:
                problems.append(f"line {tok.map[0] + 1}: unclosed code span: {child.content[:80]}")
    if tok.type == "table_open":
        rows = [l for l in lines[tok.map[0]:tok.map[1]] if l.strip()]
        want = cells(rows[0])
        for row in rows[1:]:
            if cells(row) != want:
                problems.append(f"table row has {cells(row)} cells, header {want}: {row[:80]}")
for pattern in [r"\.\./shared", r"\bthe seed\b", r"\bSeed section", r"facts\s+sheet", r"\bfacts? \d", r"audit\s+prompt"]:
    for m in re.finditer(pattern, text, re.I):
        line = text[:m.start()].count("\n") + 1
        problems.append(f"line {line}: refers to material outside the repository: {m.group(0)}")
print("\n".join(problems))
"#;

fn markdown_problems(markdown: &str) -> String {
    use std::io::Write;
    let mut child = std::process::Command::new(python())
        .arg("-c")
        .arg(MARKDOWN_CHECK)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("python3 runs");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(markdown.as_bytes())
        .unwrap();
    let output = child.wait_with_output().unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    assert!(
        output.status.success(),
        "the Markdown check did not run: {stdout}{}",
        String::from_utf8_lossy(&output.stderr)
    );
    stdout.trim().to_string()
}

/// The number after `prefix` on the line that has it.
fn number_after(text: &str, prefix: &str) -> Option<usize> {
    let at = text.find(prefix)? + prefix.len();
    text[at..]
        .chars()
        .take_while(char::is_ascii_digit)
        .collect::<String>()
        .parse()
        .ok()
}

/// Every app in examples/ (more may come): the report's counts agree with the JSON
/// output, and its Markdown parses clean.
#[test]
fn every_example_reports_the_json_counts_in_well_formed_markdown() {
    let examples = repo_root().join("examples");
    let mut apps: Vec<std::path::PathBuf> = std::fs::read_dir(&examples)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    apps.sort();
    assert!(!apps.is_empty(), "no app in {}", examples.display());
    for app in apps {
        let name = app.display().to_string();
        let (code, report, err) = run_in(&app, &["report", "."]);
        assert!(code == 0 || code == 1, "{name}: exit {code}: {err}");
        let (_, json, err) = run_in(&app, &["--no-cache", "--output-format", "json", "."]);
        let findings: Vec<serde_json::Value> =
            serde_json::from_str(&json).unwrap_or_else(|e| panic!("{name}: {e}: {json}{err}"));
        let total = findings.len();
        let count_of = |key: &str, value: &str| {
            findings
                .iter()
                .filter(|f| f[key].as_str() == Some(value))
                .count()
        };
        // The header's total.
        assert_eq!(
            number_after(&report, "Python files found, ")
                .and_then(|_| report.split(" checked (").nth(1))
                .and_then(|rest| number_after(rest, "hazard), ")),
            Some(total),
            "{name}: header count\n{report}"
        );
        // Blocks: their sites add up to the total, and the block count is the header's.
        let findings_part = report
            .split("## 2. Findings")
            .nth(1)
            .and_then(|r| r.split("\n## 3. ").next())
            .unwrap();
        let blocks: Vec<&str> = findings_part.split("\n### ").skip(1).collect();
        let sites: usize = blocks
            .iter()
            .map(|b| {
                let location = b
                    .lines()
                    .find(|l| l.starts_with("Location: "))
                    .unwrap_or_else(|| panic!("{name}: a block without Location: {b}"));
                // `a.py : 3, 9; b.py : 12`: a root's sites in every file.
                location
                    .trim_start_matches("Location: ")
                    .trim_end()
                    .split("; ")
                    .map(|file| file.rsplit(" : ").next().unwrap().split(", ").count())
                    .sum::<usize>()
            })
            .sum();
        assert_eq!(
            sites, total,
            "{name}: sites in the findings blocks\n{report}"
        );
        // One block per root cause, as the JSON output's `root` ids count them;
        // the header says "N findings (M root causes)" when they differ.
        let roots: std::collections::BTreeSet<&str> = findings
            .iter()
            .map(|f| f["root"]["id"].as_str().unwrap())
            .collect();
        assert_eq!(blocks.len(), roots.len(), "{name}: block count\n{report}");
        let header_roots = number_after(&report, &format!("{total} findings (")).or_else(|| {
            report
                .contains(&format!("{total} findings;"))
                .then_some(total)
        });
        assert_eq!(
            header_roots,
            Some(roots.len()),
            "{name}: root count in the header\n{report}"
        );
        // Per codemod, the action plan's counts are the JSON's.
        let ids: std::collections::BTreeSet<&str> =
            findings.iter().map(|f| f["id"].as_str().unwrap()).collect();
        let plan = report
            .split("\n## 6. ")
            .nth(1)
            .and_then(|p| p.split("\n## 7. ").next())
            .unwrap_or("");
        for id in ids {
            // A codemod whose findings differ in severity has a line per bucket.
            let in_plan: usize = plan
                .lines()
                .filter(|l| l.starts_with(&format!("- {id} ")))
                .filter_map(|l| l.split(" (").nth(1))
                .filter_map(|l| number_after(&format!("({l}"), "("))
                .sum();
            assert_eq!(
                in_plan,
                count_of("id", id),
                "{name}: {id} in the action plan\n{plan}"
            );
        }
        // The score's count of critical findings.
        if let Some(at) = report.find(" critical findings in all") {
            let before = &report[..at];
            let n: usize = before.rsplit(' ').next().unwrap().parse().unwrap();
            assert_eq!(
                n,
                count_of("severity", "CRITICAL"),
                "{name}: critical count"
            );
        }
        // The load test never touches the real database.
        let verification = report.split("\n## 7. ").nth(1).unwrap_or("");
        assert!(verification.contains(".backup("), "{name}: {verification}");
        let problems = markdown_problems(&report);
        assert!(
            problems.is_empty(),
            "{name}: Markdown problems:\n{problems}"
        );
    }
}
