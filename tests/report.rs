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
        out.contains("sqlite3 var/app.db \"PRAGMA journal_mode;\""),
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
