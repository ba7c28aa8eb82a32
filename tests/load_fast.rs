//! The sample app after `sqlfix --fix --unsafe-fixes`, under 10 concurrent uploads
//! (`bench/load/run.sh --fast --only after`): no "database is locked", no failed
//! request, no lost document, write p99 under 100 ms, no event-loop stall over
//! 100 ms. The full 10/25/50 table, with the app as written beside it, is
//! `bench/load/run.sh --matrix` (README, "Load test").

mod support;

use std::process::Command;

use support::repo_root;

#[test]
fn fixed_sample_app_meets_the_service_target_under_ten_uploads() {
    let root = repo_root();
    let output = Command::new(root.join("bench/load/run.sh"))
        .args([
            "--fast",
            "--json",
            "--only",
            "after",
            "--sqlfix",
            env!("CARGO_BIN_EXE_sqlfix"),
        ])
        .current_dir(&root)
        .output()
        .expect("bench/load/run.sh runs (it needs bash and scripts/venv's python)");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success(),
        "the fixed app missed the target (exit {:?}):\n{stdout}\n{stderr}",
        output.status.code()
    );
    // The verdict is read from the harness's JSON, not searched for in its prose.
    let report: serde_json::Value = serde_json::from_str(&stdout).unwrap_or_else(|e| {
        panic!("the harness printed no JSON report ({e}):\n{stdout}\n{stderr}")
    });
    assert_eq!(report["ok"], serde_json::Value::Bool(true), "{stderr}");
    let runs = report["runs"].as_array().expect("a `runs` list");
    assert_eq!(runs.len(), 1, "one run, the fixed app x10: {stderr}");
    let run = &runs[0];
    assert_eq!(run["variant"], "after", "{stderr}");
    assert_eq!(run["uploads"], 10, "{stderr}");
    assert_eq!(
        run["met_target"], true,
        "misses: {}\n{stderr}",
        run["misses"]
    );
    assert_eq!(run["misses"].as_array().map(Vec::len), Some(0), "{stderr}");
    assert_eq!(run["locked_client"], 0, "{stderr}");
    assert_eq!(run["failed_requests"], 0, "{stderr}");
    assert_eq!(run["bad_data"], 0, "{stderr}");
    let p99 = run["write_ms"]["p99"]
        .as_f64()
        .unwrap_or_else(|| panic!("no write p99 measured: {run}"));
    assert!(p99 < 100.0, "write p99 {p99} ms: {stderr}");
}
