//! What `--fix` promises about each file it writes: an edit made while it ran is
//! kept (the file is skipped), the owner, group, mode and extended attributes stay,
//! a read-only file, a hard-linked file and a symlink are skipped with a warning,
//! and a file owned by someone else is refused unless sqlfix runs as root.

#![cfg(unix)]

mod support;

use std::os::unix::fs::{MetadataExt, PermissionsExt, symlink};
use std::path::Path;

use support::*;

/// The text `--fix` (safe fixes) makes of HAZARD_PY, computed on a scratch copy.
fn fixed_text() -> String {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("app.py"), HAZARD_PY).unwrap();
    let (code, out, err) = run_in(dir.path(), &["--isolated", "--fix", "app.py"]);
    assert!(code == 0 || code == 1, "{out}{err}");
    let text = std::fs::read_to_string(dir.path().join("app.py")).unwrap();
    assert_ne!(
        text, HAZARD_PY,
        "the scratch fix changed nothing: {out}{err}"
    );
    text
}

fn fix(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let mut all = vec!["--isolated", "--no-cache", "--fix"];
    all.extend_from_slice(args);
    run_in(dir, &all)
}

fn no_temp_files(dir: &Path) {
    let left: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".sqlfix-"))
        .collect();
    assert!(left.is_empty(), "temporary files left: {left:?}");
}

/// Needs the test seam: `cargo test --features test-hooks --test files_write`
/// (scripts/test runs it).
#[cfg(feature = "test-hooks")]
#[test]
fn an_edit_made_while_fixing_is_kept_and_the_file_skipped() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("app.py"), HAZARD_PY).unwrap();
    let output = sqlfix()
        .args(["--isolated", "--no-cache", "--fix", "app.py"])
        .current_dir(dir.path())
        .env("SQLFIX_TEST_EDIT_BEFORE_RENAME", "1")
        .output()
        .unwrap();
    let (code, out, err) = outcome(output);
    assert_eq!(code, 1, "the finding remains: {out}{err}");
    assert!(
        err.contains("sqlfix: warning: app.py: changed while sqlfix was fixing it; not fixed"),
        "{err}"
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("app.py")).unwrap(),
        format!("{HAZARD_PY}# edited while sqlfix ran\n")
    );
    no_temp_files(dir.path());
}

#[test]
fn a_read_only_file_is_skipped_with_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("app.py");
    std::fs::write(&path, HAZARD_PY).unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o444)).unwrap();
    let (code, out, err) = fix(dir.path(), &["."]);
    assert_eq!(code, 1, "{out}{err}");
    assert!(err.contains("app.py: read-only; not fixed"), "{err}");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), HAZARD_PY);
    assert_eq!(std::fs::metadata(&path).unwrap().mode() & 0o777, 0o444);
    no_temp_files(dir.path());
}

#[test]
fn mode_and_extended_attributes_are_kept() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("app.py");
    std::fs::write(&path, HAZARD_PY).unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640)).unwrap();
    let set = std::process::Command::new(python())
        .args([
            "-c",
            "import os, sys; os.setxattr(sys.argv[1], 'user.origin', b'kept by sqlfix')",
        ])
        .arg(&path)
        .output()
        .expect("python3 runs (scripts/venv)");
    assert!(
        set.status.success(),
        "this filesystem ({}) must support user.* extended attributes for this test: {}",
        dir.path().display(),
        String::from_utf8_lossy(&set.stderr)
    );
    let (code, out, err) = fix(dir.path(), &["."]);
    assert_eq!(code, 0, "{out}{err}");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), fixed_text());
    assert_eq!(std::fs::metadata(&path).unwrap().mode() & 0o777, 0o640);
    let get = std::process::Command::new(python())
        .args([
            "-c",
            "import os, sys; print(os.getxattr(sys.argv[1], 'user.origin').decode())",
        ])
        .arg(&path)
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8_lossy(&get.stdout).trim(),
        "kept by sqlfix",
        "{}",
        String::from_utf8_lossy(&get.stderr)
    );
}

#[test]
fn a_hard_linked_file_is_skipped_and_both_names_keep_one_text() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a.py");
    let b = dir.path().join("b.py");
    std::fs::write(&a, HAZARD_PY).unwrap();
    std::fs::hard_link(&a, &b).unwrap();
    let (code, out, err) = fix(dir.path(), &["."]);
    assert_eq!(code, 1, "{out}{err}");
    assert!(err.contains("a.py: has 2 hard links; not fixed"), "{err}");
    assert!(err.contains("b.py: has 2 hard links; not fixed"), "{err}");
    assert_eq!(std::fs::read_to_string(&a).unwrap(), HAZARD_PY);
    assert_eq!(std::fs::read_to_string(&b).unwrap(), HAZARD_PY);
    assert_eq!(std::fs::metadata(&a).unwrap().nlink(), 2);
}

#[test]
fn a_symlink_named_on_the_command_line_is_skipped_and_its_target_kept() {
    let root = tempfile::tempdir().unwrap();
    let outside = root.path().join("outside");
    let project = root.path().join("project");
    std::fs::create_dir_all(&outside).unwrap();
    std::fs::create_dir_all(&project).unwrap();
    std::fs::write(outside.join("real.py"), HAZARD_PY).unwrap();
    symlink(outside.join("real.py"), project.join("link.py")).unwrap();
    // As pre-commit does: the link by name.
    let (code, out, err) = fix(&project, &["link.py"]);
    assert_eq!(code, 1, "{out}{err}");
    assert!(out.contains("link.py:5:10"), "it is still checked: {out}");
    assert!(err.contains("link.py: a symlink (to "), "{err}");
    assert_eq!(
        std::fs::read_to_string(outside.join("real.py")).unwrap(),
        HAZARD_PY
    );
    assert!(
        std::fs::symlink_metadata(project.join("link.py"))
            .unwrap()
            .file_type()
            .is_symlink()
    );
    // A walk of the folder does not follow the link either.
    let (code, out, err) = fix(&project, &["."]);
    assert_eq!(code, 0, "{out}{err}");
    assert_eq!(
        std::fs::read_to_string(outside.join("real.py")).unwrap(),
        HAZARD_PY
    );
}

#[test]
fn as_root_the_owner_and_group_are_kept() {
    assert!(
        is_root(),
        "this test needs root, to make a file owned by another user (run the suite as root, as CI does)"
    );
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("app.py");
    std::fs::write(&path, HAZARD_PY).unwrap();
    std::os::unix::fs::chown(&path, Some(4321), Some(4322)).unwrap();
    let (code, out, err) = fix(dir.path(), &["."]);
    assert_eq!(code, 0, "{out}{err}");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), fixed_text());
    let meta = std::fs::metadata(&path).unwrap();
    assert_eq!((meta.uid(), meta.gid()), (4321, 4322));
}

#[test]
fn a_file_owned_by_another_user_is_refused() {
    assert!(
        is_root(),
        "this test needs root, to make a file owned by another user (run the suite as root, as CI does)"
    );
    // A folder anyone can write, a file owned by root in it, sqlfix run as nobody.
    let dir = tempfile::tempdir().unwrap();
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o777)).unwrap();
    let path = dir.path().join("app.py");
    std::fs::write(&path, HAZARD_PY).unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o666)).unwrap();
    let (code, out, err) = outcome(
        sqlfix_unprivileged()
            .args(["--isolated", "--no-cache", "--fix", "."])
            .current_dir(dir.path())
            .output()
            .unwrap(),
    );
    assert_eq!(code, 1, "{out}{err}");
    assert!(
        err.contains("app.py: owned by another user (uid 0); not fixed"),
        "{err}"
    );
    assert_eq!(std::fs::read_to_string(&path).unwrap(), HAZARD_PY);
    assert_eq!(std::fs::metadata(&path).unwrap().uid(), 0);
    no_temp_files(dir.path());
}
