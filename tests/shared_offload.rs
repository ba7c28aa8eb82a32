//! An offload must not make a program worse: coroutines that each run a whole
//! transaction on one module connection shared with threads
//! (`check_same_thread=False`). On the event loop the transactions never
//! interleave; offloaded statement by statement (what SQF501 once wrote) they do,
//! and 50 concurrent requests raise "cannot start a transaction within a
//! transaction", and a COMMIT or ROLLBACK ends another request's writes.
//! `tests/shared_offload/drive.py` runs the requests (50 that commit, 50 that
//! roll back); the test shows the harm on the statement-by-statement offload,
//! then that `sqlfix --fix --unsafe-fixes` moves each coroutine's transaction
//! off the loop as one block under the project's write lock, without it.

mod support;

use std::path::Path;
use std::process::Command;

use support::*;

fn drive(module: &Path) -> serde_json::Value {
    let dir = repo_root().join("tests/shared_offload");
    let output = Command::new(python())
        .arg(dir.join("drive.py"))
        .arg(module)
        .env("PYTHONDONTWRITEBYTECODE", "1")
        .output()
        .expect("python3 runs (install python3 to run this test)");
    let stdout = String::from_utf8_lossy(&output.stdout);
    serde_json::from_str(stdout.lines().last().unwrap_or("")).unwrap_or_else(|e| {
        panic!(
            "drive.py printed no JSON ({e}); stdout:\n{stdout}\nstderr:\n{}",
            String::from_utf8_lossy(&output.stderr)
        )
    })
}

const NESTED: &str = "cannot start a transaction within a transaction";

#[test]
fn statement_by_statement_offload_interleaves_transactions() {
    let result = drive(&repo_root().join("tests/shared_offload/per_statement_offload.py"));
    let errors = result["errors"].as_array().expect("errors list");
    assert!(
        errors.iter().any(|e| e.as_str() == Some(NESTED)),
        "the statement-by-statement offload should show the harm: {result}"
    );
}

#[test]
fn fixed_app_keeps_each_transaction_whole() {
    let work = tempfile::tempdir().unwrap();
    std::fs::copy(
        repo_root().join("tests/shared_offload/app.py"),
        work.path().join("app.py"),
    )
    .unwrap();
    let (code, stdout, stderr) = run_in(work.path(), &["--fix", "--unsafe-fixes", "."]);
    assert!(
        code == 0 || code == 1,
        "sqlfix exited {code}:\n{stdout}{stderr}"
    );
    assert!(
        stdout.contains("SQF501") || stderr.contains("SQF501"),
        "SQF501 should fix the blocking calls:\n{stdout}{stderr}"
    );
    let fixed = std::fs::read_to_string(work.path().join("app.py")).unwrap();
    assert!(
        fixed.contains("asyncio.to_thread(_db_work)") && fixed.contains("with _WRITE_LOCK:"),
        "the transactions should be offloaded whole, under the write lock:\n{fixed}"
    );
    let result = drive(&work.path().join("app.py"));
    assert_eq!(
        result["errors"].as_array().map(Vec::len),
        Some(0),
        "the fixed app raises errors: {result}\n{fixed}"
    );
    assert_eq!(result["rows"], 50, "{result}\n{fixed}");
    assert_eq!(result["counter"], 50, "{result}\n{fixed}");
}
