//! Every codemod case under `codemods/<ID-name>/cases/` is run through the real
//! binary and compared with `snapshots/<ID-name>/<case>.snap`: its findings with
//! each fix's diff (`--dry-run`), the patch `--fix` writes, and the patch with
//! `--unsafe-fixes`. Each fixed file must parse with python3's `ast.parse`, and a
//! second `--fix` must change nothing.
//!
//! Cases are named `positive_*` (at least one finding), `negative_*` (none) or
//! `edge_*` (either). `SQLFIX_UPDATE_SNAPSHOTS=1 cargo test --test snapshots`
//! rewrites the snapshots; review them with `git diff snapshots/`.

mod support;

use std::path::PathBuf;

use support::*;

struct Case {
    codemod_dir: String,
    id: String,
    name: String,
    path: PathBuf,
}

fn cases() -> Vec<Case> {
    let mut out = Vec::new();
    let root = repo_root().join("codemods");
    let mut dirs: Vec<_> = std::fs::read_dir(&root)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    dirs.sort();
    for dir in dirs {
        let dir_name = dir.file_name().unwrap().to_string_lossy().into_owned();
        let id = dir_name.split('-').next().unwrap().to_string();
        let Ok(entries) = std::fs::read_dir(dir.join("cases")) else {
            continue;
        };
        let mut entries: Vec<_> = entries.map(|e| e.unwrap().path()).collect();
        entries.sort();
        for path in entries {
            let name = path.file_stem().unwrap().to_string_lossy().into_owned();
            out.push(Case {
                codemod_dir: dir_name.clone(),
                id: id.clone(),
                name,
                path,
            });
        }
    }
    out
}

/// Runs one case and returns its snapshot text, the fixed files to parse, and
/// the problems found along the way.
fn run_case(
    case: &Case,
) -> (
    String,
    Vec<PathBuf>,
    Vec<String>,
    tempfile::TempDir,
    tempfile::TempDir,
) {
    let mut problems = Vec::new();
    let select = format!("--select={}", case.id);
    let original_dir = tempfile::tempdir().unwrap();
    copy_case(&case.path, original_dir.path());
    let before = snapshot_tree(original_dir.path());

    let (code, stdout, stderr) = run_in(original_dir.path(), &["--dry-run", &select, "."]);
    let findings = stdout
        .lines()
        .filter(|l| l.contains(&format!("  {}  ", case.id)))
        .count();
    if case.name.starts_with("positive") && findings == 0 {
        problems.push("a positive case with no finding".to_string());
    }
    if case.name.starts_with("negative") && findings > 0 {
        problems.push(format!("a negative case with {findings} finding(s)"));
    }
    let expected_code = if findings > 0 { 1 } else { 0 };
    if code != expected_code {
        problems.push(format!(
            "--dry-run exited {code}, expected {expected_code}; stderr: {stderr}"
        ));
    }
    if snapshot_tree(original_dir.path()) != before {
        problems.push("--dry-run changed files".to_string());
    }

    let mut snapshot = format!(
        "# case: codemods/{}/cases/{}\n# sqlfix --dry-run {select} .  (exit {code})\n{stdout}",
        case.codemod_dir,
        case.path.file_name().unwrap().to_string_lossy()
    );
    if !stderr.is_empty() {
        snapshot.push_str(&format!("# stderr\n{stderr}"));
    }
    let mut fixed_files = Vec::new();
    let mut dirs = Vec::new();
    let mut previous_patch = None;
    for unsafe_fixes in [false, true] {
        let dir = tempfile::tempdir().unwrap();
        copy_case(&case.path, dir.path());
        let mut args = vec!["--fix", select.as_str(), "."];
        if unsafe_fixes {
            args.insert(1, "--unsafe-fixes");
        }
        let (_, _, stderr) = run_in(dir.path(), &args);
        let after = snapshot_tree(dir.path());
        let patch = tree_diff(&before, &after);
        let label = if unsafe_fixes {
            "sqlfix --fix --unsafe-fixes"
        } else {
            "sqlfix --fix"
        };
        if unsafe_fixes && previous_patch.as_ref() == Some(&patch) {
            snapshot.push_str(&format!("# {label}: same patch as --fix\n"));
        } else {
            snapshot.push_str(&format!(
                "# {label}\n{}",
                if patch.is_empty() {
                    "(no change)\n".to_string()
                } else {
                    patch.clone()
                }
            ));
        }
        if stderr.contains("panicked") {
            problems.push(format!("{label} panicked: {stderr}"));
        }
        if !stderr.is_empty() && !unsafe_fixes {
            snapshot.push_str(&format!("# stderr\n{stderr}"));
        }
        // Idempotent: a second run finds nothing more to fix.
        let (_, second_out, _) = run_in(dir.path(), &args);
        let again = snapshot_tree(dir.path());
        if again != after {
            problems.push(format!(
                "{label} is not idempotent; second run:\n{second_out}{}",
                tree_diff(&after, &again)
            ));
        }
        for (name, _) in &after {
            fixed_files.push(dir.path().join(name));
        }
        previous_patch = Some(patch);
        dirs.push(dir);
    }
    let second = dirs.pop().unwrap();
    let first = dirs.pop().unwrap();
    (snapshot, fixed_files, problems, first, second)
}

#[test]
fn codemod_cases_match_their_snapshots() {
    let update = std::env::var_os("SQLFIX_UPDATE_SNAPSHOTS").is_some();
    let cases = cases();
    assert!(!cases.is_empty(), "no cases found under codemods/");
    let snapshots = repo_root().join("snapshots");
    assert!(
        update || snapshots.is_dir(),
        "{} is missing; SQLFIX_UPDATE_SNAPSHOTS=1 cargo test --test snapshots creates it",
        snapshots.display()
    );
    let results: Vec<_> = std::thread::scope(|scope| {
        let chunks: Vec<&[Case]> = cases.chunks(cases.len().div_ceil(4)).collect();
        let handles: Vec<_> = chunks
            .into_iter()
            .map(|chunk| {
                scope.spawn(move || chunk.iter().map(|c| (c, run_case(c))).collect::<Vec<_>>())
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap())
            .collect()
    });
    let mut failures = Vec::new();
    let mut to_parse = Vec::new();
    let mut keep = Vec::new();
    for (case, (snapshot, fixed, problems, d1, d2)) in results {
        let label = format!("{}/{}", case.codemod_dir, case.name);
        for p in problems {
            failures.push(format!("{label}: {p}"));
        }
        let snap_path = repo_root()
            .join("snapshots")
            .join(&case.codemod_dir)
            .join(format!("{}.snap", case.name));
        let existing = std::fs::read_to_string(&snap_path).ok();
        if existing.is_none() && !update {
            failures.push(format!(
                "{label}: no snapshot at {} (SQLFIX_UPDATE_SNAPSHOTS=1 creates it)",
                snap_path.display()
            ));
        } else if existing.as_deref() != Some(snapshot.as_str()) {
            if update {
                std::fs::create_dir_all(snap_path.parent().unwrap()).unwrap();
                std::fs::write(&snap_path, &snapshot).unwrap();
            } else {
                let diff = similar::TextDiff::from_lines(
                    existing.as_deref().unwrap_or(""),
                    snapshot.as_str(),
                )
                .unified_diff()
                .header("expected", "actual")
                .to_string();
                failures.push(format!(
                    "{label}: snapshot differs (SQLFIX_UPDATE_SNAPSHOTS=1 to accept)\n{diff}"
                ));
            }
        }
        to_parse.extend(fixed);
        keep.push((d1, d2));
    }
    for failure in python_parse_failures(&to_parse) {
        failures.push(format!("fixed file does not parse with python3: {failure}"));
    }
    // Every codemod with cases has a positive and a negative one.
    let mut dirs: Vec<&str> = cases.iter().map(|c| c.codemod_dir.as_str()).collect();
    dirs.dedup();
    for dir in dirs {
        for kind in ["positive", "negative"] {
            if !cases
                .iter()
                .any(|c| c.codemod_dir == dir && c.name.starts_with(kind))
            {
                failures.push(format!("{dir}: no {kind} case"));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} problem(s):\n{}",
        failures.len(),
        failures.join("\n\n")
    );
}

#[test]
fn every_snapshot_has_a_case() {
    let root = repo_root().join("snapshots");
    let dirs = std::fs::read_dir(&root).unwrap_or_else(|e| {
        panic!(
            "{} cannot be read ({e}); SQLFIX_UPDATE_SNAPSHOTS=1 cargo test --test snapshots creates it",
            root.display()
        )
    });
    let cases = cases();
    let mut orphans = Vec::new();
    for dir in dirs {
        let dir = dir.unwrap().path();
        for snap in std::fs::read_dir(&dir).unwrap() {
            let snap = snap.unwrap().path();
            let dir_name = dir.file_name().unwrap().to_string_lossy().into_owned();
            let name = snap.file_stem().unwrap().to_string_lossy().into_owned();
            if !cases
                .iter()
                .any(|c| c.codemod_dir == dir_name && c.name == name)
            {
                orphans.push(snap);
            }
        }
    }
    assert!(orphans.is_empty(), "snapshots without a case: {orphans:?}");
}
