//! The cache never writes or deletes outside what sqlfix created: it follows no
//! symlink, prunes only its own run entries, and refuses a cache folder that is the
//! project or holds other files (warning, run uncached, folder untouched).

#![cfg(unix)]

mod support;

use std::os::unix::fs::symlink;
use std::path::Path;

use support::*;

/// The cache's table file (`files-v{FORMAT}.json` in src/cache.rs).
const TABLE: &str = "files-v2.json";

const TAG: &str =
    "Signature: 8a477f597d28d172789f06886806bc55\n# sqlfix's cache: https://bford.info/cachedir/\n";

fn write(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

/// Every file under `dir` (symlinks as links) with its content, for before/after.
fn state(dir: &Path) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            let meta = std::fs::symlink_metadata(&path).unwrap();
            let name = path.strip_prefix(dir).unwrap().display().to_string();
            if meta.file_type().is_symlink() {
                out.push((
                    name,
                    format!("-> {}", std::fs::read_link(&path).unwrap().display()),
                ));
            } else if meta.is_dir() {
                stack.push(path);
            } else {
                out.push((name, std::fs::read_to_string(&path).unwrap_or_default()));
            }
        }
    }
    out.sort();
    out
}

/// 20 distinct run keys (one per --select), enough to make the cache prune.
fn many_runs(dir: &Path, isolated: bool) -> Vec<(i32, String)> {
    let rules = [
        "SQF101", "SQF102", "SQF103", "SQF104", "SQF201", "SQF202", "SQF203", "SQF301", "SQF302",
        "SQF303", "SQF304", "SQF305", "SQF306", "SQF401", "SQF402", "SQF501", "SQF502", "SQF503",
        "SQF504", "SQF601",
    ];
    rules
        .iter()
        .map(|rule| {
            let select = format!("--select={rule}");
            let mut args = vec![select.as_str(), "."];
            if isolated {
                args.insert(0, "--isolated");
            }
            let (code, _, err) = run_in(dir, &args);
            (code, err)
        })
        .collect()
}

#[test]
fn symlinks_in_a_cloned_cache_are_never_followed() {
    let root = tempfile::tempdir().unwrap();
    let outside = root.path().join("outside");
    let project = root.path().join("project");
    write(&project.join("app.py"), HAZARD_PY);
    // The cache as a cloned repository could ship it: sqlfix's own markers, and
    // symlinks where sqlfix writes and prunes.
    let cache = project.join(".sqlfix_cache");
    write(&cache.join("CACHEDIR.TAG"), TAG);
    write(&cache.join(".gitignore"), "# Created by sqlfix.\n*\n");
    std::fs::create_dir_all(cache.join("runs")).unwrap();
    for i in 0..10 {
        let target = outside.join(format!("precious{i}.txt"));
        write(&target, "keep me\n");
        symlink(&target, cache.join(format!("runs/{i:032x}.json"))).unwrap();
    }
    write(&outside.join("table.txt"), "keep me too\n");
    symlink(outside.join("table.txt"), cache.join(TABLE)).unwrap();
    let before = state(&outside);
    for (code, err) in many_runs(&project, true) {
        assert!(code == 0 || code == 1, "{err}");
    }
    assert_eq!(
        state(&outside),
        before,
        "a file outside the project changed"
    );
    // The links were replaced by sqlfix's own files or left as they were, never followed.
    assert!(
        !std::fs::symlink_metadata(cache.join(TABLE))
            .unwrap()
            .file_type()
            .is_symlink()
    );
}

#[test]
fn a_cloned_cache_of_symlinks_out_of_the_tree_is_refused() {
    let root = tempfile::tempdir().unwrap();
    let outside = root.path().join("outside");
    let project = root.path().join("project");
    write(&project.join("app.py"), HAZARD_PY);
    for i in 0..20 {
        write(&outside.join(format!("runs/{i:032x}.json")), "keep me\n");
    }
    write(&outside.join("tag.txt"), "keep me\n");
    let cache = project.join(".sqlfix_cache");
    std::fs::create_dir_all(&cache).unwrap();
    symlink(outside.join("runs"), cache.join("runs")).unwrap();
    symlink(outside.join("tag.txt"), cache.join("CACHEDIR.TAG")).unwrap();
    symlink(outside.join("created.txt"), cache.join(".gitignore")).unwrap();
    let before = state(&outside);
    for (code, err) in many_runs(&project, true) {
        assert!(code == 0 || code == 1, "{err}");
        assert!(err.contains("holds files sqlfix did not create"), "{err}");
    }
    assert_eq!(
        state(&outside),
        before,
        "a file outside the project changed"
    );
}

#[test]
fn a_cache_folder_that_is_a_symlink_is_refused() {
    let root = tempfile::tempdir().unwrap();
    let outside = root.path().join("outside");
    std::fs::create_dir_all(&outside).unwrap();
    let project = root.path().join("project");
    write(&project.join("app.py"), HAZARD_PY);
    symlink(&outside, project.join(".sqlfix_cache")).unwrap();
    let (code, out, err) = run_in(&project, &["--isolated", "."]);
    assert_eq!(code, 1, "{out}{err}");
    assert!(out.contains("SQF101"), "{out}");
    assert!(err.contains("is a symlink"), "{err}");
    assert!(state(&outside).is_empty(), "{:?}", state(&outside));
}

#[test]
fn runs_in_an_own_cache_are_pruned_but_nothing_else_is() {
    let dir = tempfile::tempdir().unwrap();
    let project = dir.path();
    write(&project.join("app.py"), HAZARD_PY);
    let outside = tempfile::tempdir().unwrap();
    write(&outside.path().join("target.txt"), "keep me\n");
    let (code, _, err) = run_in(project, &["--isolated", "."]);
    assert_eq!(code, 1, "{err}");
    let runs = project.join(".sqlfix_cache/runs");
    assert!(runs.is_dir());
    write(&runs.join("notes.txt"), "mine\n");
    write(&runs.join("0123.json"), "mine too\n");
    symlink(
        outside.path().join("target.txt"),
        runs.join(format!("{:032x}.json", 7)),
    )
    .unwrap();
    for (code, err) in many_runs(project, true) {
        assert!(code == 0 || code == 1, "{err}");
    }
    let kept = std::fs::read_dir(&runs).unwrap().count();
    // 16 entries kept, plus the three files sqlfix did not name.
    assert_eq!(kept, 16 + 3, "{:?}", state(&runs));
    assert_eq!(
        std::fs::read_to_string(runs.join("notes.txt")).unwrap(),
        "mine\n"
    );
    assert_eq!(
        std::fs::read_to_string(runs.join("0123.json")).unwrap(),
        "mine too\n"
    );
    assert_eq!(
        std::fs::read_to_string(outside.path().join("target.txt")).unwrap(),
        "keep me\n"
    );
}

#[test]
fn a_cache_dir_that_is_the_project_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let project = dir.path();
    write(
        &project.join("pyproject.toml"),
        "[tool.sqlfix]\ncache-dir = \".\"\n",
    );
    write(&project.join("app.py"), HAZARD_PY);
    for i in 0..20 {
        write(
            &project.join(format!("runs/epoch{i:02}.json")),
            "{\"loss\": 1}\n",
        );
    }
    let before = state(project);
    for (code, err) in many_runs(project, false) {
        assert!(code == 0 || code == 1, "{err}");
        assert!(
            err.contains("is the project folder") && err.contains("the cache is off"),
            "{err}"
        );
    }
    let (code, out, err) = run_in(project, &["."]);
    assert_eq!(code, 1, "{out}{err}");
    assert!(out.contains("SQF101"), "{out}");
    assert_eq!(state(project), before, "the project changed");
    assert!(!project.join(".gitignore").exists());
    assert!(!project.join("CACHEDIR.TAG").exists());
}

#[test]
fn a_cache_dir_holding_other_files_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let project = dir.path();
    write(
        &project.join("pyproject.toml"),
        "[tool.sqlfix]\ncache-dir = \"data\"\n",
    );
    write(&project.join("app.py"), HAZARD_PY);
    for i in 0..20 {
        write(
            &project.join(format!("data/runs/{i:032x}.json")),
            "{\"user\": 1}\n",
        );
    }
    write(&project.join("data/results.csv"), "a,b\n");
    let before = state(project);
    for (code, err) in many_runs(project, false) {
        assert!(code == 0 || code == 1, "{err}");
        assert!(err.contains("holds files sqlfix did not create"), "{err}");
    }
    assert_eq!(state(project), before, "the project changed");
    // An empty (or new) folder is taken, and marked as sqlfix's.
    write(
        &project.join("pyproject.toml"),
        "[tool.sqlfix]\ncache-dir = \"fresh\"\n",
    );
    std::fs::create_dir_all(project.join("fresh")).unwrap();
    let (code, _, err) = run_in(project, &["."]);
    assert_eq!(code, 1, "{err}");
    assert!(!err.contains("cache is off"), "{err}");
    assert_eq!(
        std::fs::read_to_string(project.join("fresh/CACHEDIR.TAG")).unwrap(),
        TAG
    );
}
