//! `--fix --unsafe-fixes` reaches a fixed point in one run: a second run changes
//! nothing, also when a fix in one module makes a finding in another (a sync helper
//! that writes, called from `async def` in another module: SQF501 moves the call
//! into a thread, which makes the helper a concurrent writer for SQF303).

mod support;

use std::path::Path;

use support::*;

const DB: &str = "import sqlite3\n\n\ndef get_connection():\n    return sqlite3.connect(\"app.db\", timeout=5.0)\n\n\ndef save_status(doc_id, status):\n    conn = get_connection()\n    conn.execute(\"UPDATE documents SET status = ? WHERE id = ?\", (status, doc_id))\n    conn.execute(\"INSERT INTO status_log (doc_id, status) VALUES (?, ?)\", (doc_id, status))\n    conn.commit()\n    conn.close()\n\n\ndef load_status(doc_id):\n    conn = get_connection()\n    row = conn.execute(\"SELECT status FROM documents WHERE id = ?\", (doc_id,)).fetchone()\n    conn.close()\n    return row\n";
// The sync route runs in FastAPI's thread pool beside the loop: the file's second
// party, without which a per-call write on the loop has nothing to wait on.
const ROUTES: &str = "from fastapi import FastAPI\n\nfrom app import db\n\napp = FastAPI()\n\n\n@app.post(\"/documents/{doc_id}\")\nasync def finish(doc_id: str):\n    db.save_status(doc_id, \"done\")\n    return {\"ok\": True}\n\n\n@app.get(\"/documents/{doc_id}\")\ndef status(doc_id: str):\n    return {\"status\": db.load_status(doc_id)}\n";

/// Fixes `dir` twice; returns what the first run said.
fn fix_twice(dir: &Path) -> String {
    let args = ["--isolated", "--no-cache", "--fix", "--unsafe-fixes", "."];
    let before = snapshot_tree(dir);
    let (code, out, err) = run_in(dir, &args);
    assert!(code == 0 || code == 1, "{out}{err}");
    let first = snapshot_tree(dir);
    assert_ne!(first, before, "the first run fixed nothing: {out}{err}");
    let (code, again, err) = run_in(dir, &args);
    assert!(code == 0 || code == 1, "{again}{err}");
    let second = snapshot_tree(dir);
    assert!(
        second == first,
        "the second run changed files:\n{again}\n{}",
        tree_diff(&first, &second)
    );
    assert!(again.contains("Fixed 0 findings"), "{again}");
    out
}

#[test]
fn a_fix_that_makes_a_finding_in_another_module_is_applied_in_the_same_run() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("app")).unwrap();
    std::fs::write(dir.path().join("app/__init__.py"), "").unwrap();
    std::fs::write(dir.path().join("app/db.py"), DB).unwrap();
    std::fs::write(dir.path().join("app/routes.py"), ROUTES).unwrap();
    let out = fix_twice(dir.path());
    assert!(out.contains("Fixed app/routes.py: SQF501"), "{out}");
    assert!(out.contains("Fixed app/db.py: SQF303"), "{out}");
    assert!(out.contains("0 remaining"), "{out}");
}

/// The findings of a JSON check of `dir`, and how many of them offered a fix that
/// `--fix --unsafe-fixes` applies.
fn findings_and_offered(dir: &Path) -> (usize, usize) {
    let (code, out, err) = run_in(
        dir,
        &["--isolated", "--no-cache", "--output-format", "json", "."],
    );
    assert!(code == 0 || code == 1, "{out}{err}");
    let findings: serde_json::Value = serde_json::from_str(&out).expect("JSON output");
    let findings = findings.as_array().expect("a JSON array of findings");
    let offered = findings
        .iter()
        .filter(|f| {
            matches!(
                f["fix"]["applicability"].as_str(),
                Some("safe") | Some("unsafe")
            )
        })
        .count();
    (findings.len(), offered)
}

#[test]
fn every_sample_app_is_fixed_in_one_run_with_every_offered_fix_applied() {
    let mut apps: Vec<_> = std::fs::read_dir(repo_root().join("examples"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    apps.sort();
    assert!(apps.len() >= 2, "examples/ holds the sample apps: {apps:?}");
    for app in apps {
        let dir = tempfile::tempdir().unwrap();
        copy_case(&app, dir.path());
        let _ = std::fs::remove_dir_all(dir.path().join(".sqlfix_cache"));
        let (before, offered) = findings_and_offered(dir.path());
        fix_twice(dir.path());
        // Fixes compose: each finding whose fix a dry run offered is gone after
        // the run, none is left by a fix another one made inapplicable, and the
        // code the fixes generated raises nothing new.
        let (after, _) = findings_and_offered(dir.path());
        assert!(
            after <= before - offered,
            "{}: {offered} fixes offered on {before} findings, {after} findings left",
            app.display()
        );
    }
}

#[test]
fn a_generated_tree_of_many_modules_is_fixed_in_one_run() {
    // 50 packages, each a database module and an async route calling its helper.
    let dir = tempfile::tempdir().unwrap();
    for i in 0..50 {
        let pkg = dir.path().join(format!("app{i}"));
        std::fs::create_dir_all(&pkg).unwrap();
        std::fs::write(pkg.join("__init__.py"), "").unwrap();
        std::fs::write(pkg.join("db.py"), DB).unwrap();
        std::fs::write(
            pkg.join("routes.py"),
            ROUTES.replace("from app import db", &format!("from app{i} import db")),
        )
        .unwrap();
    }
    fix_twice(dir.path());
}
