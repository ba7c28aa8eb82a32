//! Each sample app after `sqlfix --fix --unsafe-fixes`, under 10 concurrent uploads
//! (`bench/load/run.sh --app NAME --fast --only after`): no "database is locked", no
//! failed request, no lost document, write p99 under 100 ms, no event-loop callback
//! over 100 ms. The full 10/25/50 table, with each app as written beside it, is
//! `bench/load/run.sh --matrix` (README, "Load test").

mod support;

use std::process::Command;
use std::sync::Mutex;

use support::repo_root;

/// One app's server at a time: the event-loop column times the longest callback, and
/// five servers sharing two cores would time each other's turns.
static ONE_SERVER: Mutex<()> = Mutex::new(());

fn fixed_app_meets_the_target(app: &str) {
    let _turn = ONE_SERVER.lock().unwrap_or_else(|e| e.into_inner());
    let root = repo_root();
    let output = Command::new(root.join("bench/load/run.sh"))
        .args([
            "--app",
            app,
            "--fast",
            "--only",
            "after",
            "--sqlfix",
            env!("CARGO_BIN_EXE_sqlfix"),
        ])
        .current_dir(&root)
        .output()
        .expect("the load harness runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success(),
        "the fixed {app} missed the target (exit {:?}):\n{stdout}\n{stderr}",
        output.status.code()
    );
    let verdicts: Vec<&str> = stdout
        .lines()
        .filter(|l| l.starts_with("verdict: "))
        .collect();
    assert_eq!(
        verdicts,
        [format!("verdict: {app} after x10: met").as_str()],
        "{stdout}\n{stderr}"
    );
}

#[test]
fn fixed_docproc_meets_the_service_target_under_ten_uploads() {
    fixed_app_meets_the_target("docproc");
}

#[test]
fn fixed_wrapper_singleton_meets_the_service_target_under_ten_uploads() {
    fixed_app_meets_the_target("wrapper_singleton");
}

#[test]
fn fixed_aiosqlite_ws_meets_the_service_target_under_ten_uploads() {
    fixed_app_meets_the_target("aiosqlite_ws");
}

#[test]
fn fixed_sqlalchemy_sync_meets_the_service_target_under_ten_uploads() {
    fixed_app_meets_the_target("sqlalchemy_sync");
}

#[test]
fn fixed_worker_web_meets_the_service_target_under_ten_uploads() {
    fixed_app_meets_the_target("worker_web");
}

/// `bench/load/run.sh --fixes-only`: for every sample app, the dry run's count of
/// fixes equals what `--fix --unsafe-fixes` applies, a second run changes nothing,
/// and neither `ruff check --isolated` nor its import-order rules (`--select I`)
/// report anything the app as written did not. No server: seconds, not minutes.
#[test]
fn every_sample_app_fix_keeps_its_word_and_its_style() {
    let root = repo_root();
    let output = Command::new(root.join("bench/load/run.sh"))
        .args(["--fixes-only", "--sqlfix", env!("CARGO_BIN_EXE_sqlfix")])
        .current_dir(&root)
        .output()
        .expect("the load harness runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    let checks: Vec<&str> = stdout
        .lines()
        .filter(|l| l.starts_with("fix check: "))
        .collect();
    assert_eq!(
        checks.len(),
        5,
        "one fix check per sample app:\n{stdout}\n{stderr}"
    );
    for line in &checks {
        assert!(
            line.contains(": ok ("),
            "fix check failed: {line}\n{stdout}\n{stderr}"
        );
    }
}
