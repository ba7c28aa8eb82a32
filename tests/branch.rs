//! `--fix --branch NAME` against real git in a temporary repository: the fixes are
//! committed on NAME, the user's branch, index and working tree stay as they were,
//! and every refusal changes nothing.

mod support;

use std::path::Path;
use std::process::Command;

use support::*;

const HAZARD: &str = "import sqlite3\n\n\ndef save(path, row):\n    with sqlite3.connect(path) as conn:\n        conn.execute(\"INSERT INTO t VALUES (?)\", (row,))\n";

fn git(dir: &Path, args: &[&str]) -> String {
    let output = Command::new("git")
        .args(args)
        .current_dir(dir)
        .env("GIT_AUTHOR_NAME", "Test")
        .env("GIT_AUTHOR_EMAIL", "test@example.com")
        .env("GIT_COMMITTER_NAME", "Test")
        .env("GIT_COMMITTER_EMAIL", "test@example.com")
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn repo() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    git(d, &["init", "-q", "-b", "main"]);
    git(d, &["config", "user.name", "Test"]);
    git(d, &["config", "user.email", "test@example.com"]);
    std::fs::create_dir_all(d.join("app")).unwrap();
    std::fs::write(d.join("app/db.py"), HAZARD).unwrap();
    std::fs::write(d.join("app/other.py"), HAZARD.replace("save", "store")).unwrap();
    std::fs::write(d.join("README.md"), "x\n").unwrap();
    git(d, &["add", "."]);
    git(d, &["commit", "-q", "-m", "initial"]);
    dir
}

/// Everything the user could lose: the branch, the status and every file's bytes.
fn state(dir: &Path) -> (String, String, Vec<(String, String)>, String) {
    (
        git(dir, &["rev-parse", "--abbrev-ref", "HEAD"]),
        git(dir, &["status", "--porcelain"]),
        snapshot_tree(dir),
        git(dir, &["worktree", "list", "--porcelain"]),
    )
}

#[test]
fn fixes_are_committed_on_a_new_branch_and_nothing_else_moves() {
    let dir = repo();
    let d = dir.path();
    // The user has unrelated work in progress: an edit, a staged file, an untracked one.
    std::fs::write(d.join("README.md"), "edited\n").unwrap();
    std::fs::write(d.join("staged.py"), "x = 1\n").unwrap();
    git(d, &["add", "staged.py"]);
    std::fs::write(
        d.join("scratch.py"),
        "import sqlite3\nsqlite3.connect('x')\n",
    )
    .unwrap();
    let before = state(d);
    let (code, out, err) = run_in(
        d,
        &["--fix", "--branch", "sqlfix/fixes", "--isolated", "app"],
    );
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("to branch `sqlfix/fixes`"), "{out}");
    assert!(out.contains("still on main"), "{out}");
    assert_eq!(
        state(d),
        before,
        "the user's branch, index and files are untouched"
    );
    let message = git(d, &["log", "-1", "--format=%B", "sqlfix/fixes"]);
    assert!(
        message.starts_with("sqlfix: fix SQLite concurrency hazards (4 fixes)"),
        "{message}"
    );
    assert!(
        message.contains("- SQF101 connection-pragmas: 2 fixes"),
        "{message}"
    );
    assert!(
        message.contains("- SQF202 unclosed-connection: 2 fixes"),
        "{message}"
    );
    assert!(message.contains("- app/db.py: SQF101, SQF202"), "{message}");
    assert!(
        message.contains("- app/other.py: SQF101, SQF202"),
        "{message}"
    );
    // The branch is HEAD plus the fixes: one commit, only the fixed files.
    assert_eq!(
        git(d, &["rev-parse", "sqlfix/fixes~1"]),
        git(d, &["rev-parse", "main"])
    );
    let changed = git(d, &["diff", "--name-only", "main", "sqlfix/fixes"]);
    assert_eq!(changed, "app/db.py\napp/other.py\n");
    let fixed = git(d, &["show", "sqlfix/fixes:app/db.py"]);
    assert!(
        fixed.contains("contextlib.closing(")
            && fixed.contains("_configure_sqlite(sqlite3.connect("),
        "{fixed}"
    );
    assert!(
        !fixed.contains("scratch"),
        "uncommitted work is not on the branch"
    );
}

#[test]
fn refusals_change_nothing() {
    let dir = repo();
    let d = dir.path();
    // NAME exists.
    git(d, &["branch", "taken"]);
    let before = state(d);
    let (code, out, err) = run_in(d, &["--fix", "--branch", "taken", "--isolated"]);
    assert_eq!(code, 2, "{out}");
    assert_eq!(
        err,
        "sqlfix: error: branch `taken` already exists; nothing was changed\n"
    );
    assert_eq!(state(d), before);
    // A file it would change has uncommitted changes.
    std::fs::write(d.join("app/db.py"), format!("{HAZARD}# work in progress\n")).unwrap();
    let before = state(d);
    let (code, _, err) = run_in(d, &["--fix", "--branch", "new", "--isolated"]);
    assert_eq!(code, 2);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("app/db.py has uncommitted changes"), "{err}");
    assert_eq!(state(d), before);
    assert!(git(d, &["branch", "--list", "new"]).is_empty());
    // Not a branch name.
    let (code, _, err) = run_in(d, &["--fix", "--branch", "bad..name", "--isolated"]);
    assert_eq!(code, 2);
    assert!(err.contains("not a valid branch name"), "{err}");
    // --branch needs --fix.
    let (code, _, _) = run_in(d, &["--branch", "x"]);
    assert_eq!(code, 2);
    // Outside a repository.
    let plain = tempfile::tempdir().unwrap();
    std::fs::write(plain.path().join("app.py"), HAZARD).unwrap();
    let (code, _, err) = run_in(plain.path(), &["--fix", "--branch", "x", "--isolated"]);
    assert_eq!(code, 2);
    assert_eq!(
        err,
        "sqlfix: error: --branch needs a git repository, and this is not inside one\n"
    );
    assert_eq!(
        std::fs::read_to_string(plain.path().join("app.py")).unwrap(),
        HAZARD
    );
}

#[test]
fn an_edited_file_that_is_not_touched_does_not_block() {
    let dir = repo();
    let d = dir.path();
    std::fs::write(d.join("app/other.py"), "x = 1\n").unwrap();
    let before = state(d);
    let (code, out, err) = run_in(
        d,
        &["--fix", "--branch", "only-db", "--isolated", "app/db.py"],
    );
    assert_eq!(code, 0, "{out}{err}");
    assert_eq!(state(d), before);
    assert_eq!(
        git(d, &["diff", "--name-only", "main", "only-db"]),
        "app/db.py\n"
    );
}
