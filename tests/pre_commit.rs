//! The shipped `.pre-commit-hooks.yaml` run by the real `pre-commit` (from .venv) in
//! a temporary git repository: the check hook fails on a hazard and shows the
//! diff, the fix hook fixes the staged file and fails so it can be reviewed, both
//! pass once it is fixed, and unstaged work is never touched.
//!
//! Three ways to install the hooks:
//! - the shipped `language: rust` hooks themselves, from a `repo:` at a commit of
//!   this project: pre-commit builds sqlfix with `cargo install` on first use,
//!   which takes minutes, so that test is ignored by default
//!   (`cargo test --test pre_commit -- --ignored`);
//! - the same hooks as `repo: local` with `language: system` and the built binary
//!   as their entry, every other field the manifest's;
//! - the `language: python` hooks the README describes, which pre-commit installs
//!   from the wheel (`additional_dependencies`), run with no cargo or rustc on PATH.

mod python_env;
mod support;

use std::path::{Path, PathBuf};
use std::process::Command;

use support::*;

const HAZARD: &str = "import sqlite3\n\n\ndef save(path, row):\n    with sqlite3.connect(path) as conn:\n        conn.execute(\"INSERT INTO t VALUES (?)\", (row,))\n";

fn pre_commit() -> PathBuf {
    let path = repo_root().join(".venv/bin/pre-commit");
    assert!(
        path.exists(),
        "{} is missing: run scripts/venv (it installs pre-commit from requirements-dev.txt)",
        path.display()
    );
    path
}

fn git(dir: &Path, args: &[&str]) -> String {
    let output = Command::new("git")
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// Whether the hooks may use the Rust toolchain on PATH.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Toolchain {
    /// With no Rust on PATH: the python hooks must not need it, and the system
    /// ones run a prebuilt binary.
    Hidden,
    /// The `language: rust` hooks build sqlfix with the local cargo.
    Cargo,
}

fn run_hook(pc: &Path, dir: &Path, home: &Path, hook: &str, toolchain: Toolchain) -> (i32, String) {
    let mut command = match toolchain {
        Toolchain::Hidden => python_env::without_rust(pc, &[]),
        Toolchain::Cargo => {
            let mut c = Command::new(pc);
            // Dependencies built once and kept between runs, apart from the
            // release build the other tests use.
            c.env(
                "CARGO_TARGET_DIR",
                repo_root().join("target/pre-commit-rust"),
            );
            c
        }
    };
    let output = command
        .args(["run", hook, "--color", "never"])
        .current_dir(dir)
        .env("PRE_COMMIT_HOME", home)
        .env_remove("NO_COLOR")
        .output()
        .unwrap();
    (
        output.status.code().unwrap_or(-1),
        format!(
            "{}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        ),
    )
}

#[test]
fn the_manifest_is_valid() {
    let output = Command::new(pre_commit())
        .args(["validate-manifest", ".pre-commit-hooks.yaml"])
        .current_dir(repo_root())
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

/// The manifest's hooks as a `repo: local` configuration, each line through `edit`.
fn local_config(edit: impl Fn(&str) -> String) -> String {
    let manifest = std::fs::read_to_string(repo_root().join(".pre-commit-hooks.yaml")).unwrap();
    let hooks: String = manifest
        .lines()
        .filter(|l| !l.starts_with('#'))
        .map(|l| format!("    {}\n", edit(l)))
        .collect();
    format!("repos:\n- repo: local\n  hooks:\n{hooks}")
}

#[test]
fn rust_hooks_fail_on_a_hazard_pass_once_fixed_and_leave_unstaged_work_alone() {
    let bin = env!("CARGO_BIN_EXE_sqlfix");
    let config = local_config(|l| {
        l.replace("language: rust", "language: system")
            .replace("entry: sqlfix ", &format!("entry: {bin} "))
    });
    assert!(config.matches("language: system").count() == 2, "{config}");
    hooks_fail_on_a_hazard_pass_once_fixed_and_leave_unstaged_work_alone(
        &config,
        Toolchain::Hidden,
    );
}

/// The manifest's `language: rust` hooks as a team with Rust uses them: `repo:`
/// names a git repository of this project and `rev:` a commit of it (here the
/// current work tree, tracked and untracked files, committed in a scratch
/// repository), and pre-commit builds sqlfix with the local cargo.
#[test]
#[ignore = "pre-commit compiles sqlfix with cargo install on first use (minutes); run with --ignored"]
fn rust_hooks_from_the_repository_build_with_cargo_and_run() {
    let cargo = Command::new("cargo").arg("--version").output();
    assert!(
        cargo.is_ok_and(|o| o.status.success()),
        "cargo is not on PATH: the `language: rust` hooks build sqlfix with it (install Rust: rustup.rs)"
    );
    let source = tempfile::tempdir().unwrap();
    let s = source.path();
    let files = git(&repo_root(), &["ls-files", "-co", "--exclude-standard"]);
    for file in files.lines().filter(|f| !f.is_empty()) {
        let from = repo_root().join(file);
        if !from.is_file() {
            continue; // deleted in the work tree
        }
        let to = s.join(file);
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::copy(&from, &to).unwrap();
    }
    git(s, &["init", "-q", "-b", "main"]);
    git(s, &["config", "user.name", "Test"]);
    git(s, &["config", "user.email", "test@example.com"]);
    git(s, &["add", "-A"]);
    git(s, &["commit", "-q", "-m", "sqlfix at test time"]);
    let rev = git(s, &["rev-parse", "HEAD"]);
    let config = format!(
        "repos:\n- repo: {}\n  rev: {}\n  hooks:\n  - id: sqlfix\n  - id: sqlfix-fix\n",
        s.display(),
        rev.trim()
    );
    hooks_fail_on_a_hazard_pass_once_fixed_and_leave_unstaged_work_alone(&config, Toolchain::Cargo);
}

/// The configuration the README gives for a team without Rust: pre-commit makes
/// a virtualenv and pip-installs sqlfix's wheel into it; nothing is compiled.
#[test]
fn python_hooks_from_the_wheel_need_no_rust_toolchain() {
    assert!(
        python_env::which_without_rust("cargo").is_none(),
        "the PATH for this test still has cargo"
    );
    let wheel = python_env::wheel();
    let dependency = format!("sqlfix @ file://{}", wheel.display());
    let config = local_config(|l| {
        l.replace(
            "language: rust",
            &format!("language: python\n      additional_dependencies: [\"{dependency}\"]"),
        )
    });
    assert!(config.matches("language: python").count() == 2, "{config}");
    hooks_fail_on_a_hazard_pass_once_fixed_and_leave_unstaged_work_alone(
        &config,
        Toolchain::Hidden,
    );
}

fn hooks_fail_on_a_hazard_pass_once_fixed_and_leave_unstaged_work_alone(
    config: &str,
    toolchain: Toolchain,
) {
    let pc = pre_commit();
    let dir = tempfile::tempdir().unwrap();
    let home = tempfile::tempdir().unwrap();
    let d = dir.path();
    git(d, &["init", "-q", "-b", "main"]);
    git(d, &["config", "user.name", "Test"]);
    git(d, &["config", "user.email", "test@example.com"]);
    std::fs::write(d.join(".pre-commit-config.yaml"), config).unwrap();
    // Committed work: a helper module, and a file whose later edit stays unstaged.
    std::fs::write(d.join("notes.py"), "x = 1\n").unwrap();
    git(d, &["add", "."]);
    git(d, &["commit", "-q", "-m", "initial"]);
    let unstaged = format!("x = 1\n{HAZARD}");
    std::fs::write(d.join("notes.py"), &unstaged).unwrap();
    std::fs::write(d.join("app.py"), HAZARD).unwrap();
    git(d, &["add", "app.py", ".pre-commit-config.yaml"]);

    let (code, out) = run_hook(&pc, d, home.path(), "sqlfix", toolchain);
    assert_eq!(code, 1, "the check hook fails on the hazard: {out}");
    assert!(
        out.contains("app.py (") && out.contains("  5:10  SQF101"),
        "{out}"
    );
    assert!(
        out.contains("app.py (") && out.contains("      @@ -"),
        "it shows the diff: {out}"
    );
    assert!(
        !out.contains("notes.py"),
        "only staged files are checked: {out}"
    );
    assert_eq!(
        std::fs::read_to_string(d.join("app.py")).unwrap(),
        HAZARD,
        "the check writes nothing"
    );
    assert_eq!(
        std::fs::read_to_string(d.join("notes.py")).unwrap(),
        unstaged
    );

    let (code, out) = run_hook(&pc, d, home.path(), "sqlfix-fix", toolchain);
    assert_eq!(code, 1, "the fix hook fails when it changed files: {out}");
    assert!(out.contains("files were modified by this hook"), "{out}");
    let fixed = std::fs::read_to_string(d.join("app.py")).unwrap();
    assert!(fixed.contains("contextlib.closing("), "{fixed}");
    assert_eq!(
        std::fs::read_to_string(d.join("notes.py")).unwrap(),
        unstaged,
        "unstaged work untouched"
    );

    git(d, &["add", "app.py"]);
    for hook in ["sqlfix", "sqlfix-fix"] {
        let (code, out) = run_hook(&pc, d, home.path(), hook, toolchain);
        assert_eq!(code, 0, "{hook} passes once fixed: {out}");
    }
    assert_eq!(
        std::fs::read_to_string(d.join("notes.py")).unwrap(),
        unstaged
    );
    assert!(git(d, &["status", "--porcelain"]).contains(" M notes.py"));
}

/// pre-commit names only the staged files; a helper they call that lives in a
/// committed, unstaged module must still be known (the project is indexed).
#[test]
fn named_files_are_checked_with_the_rest_of_their_project_indexed() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    git(d, &["init", "-q"]);
    let case = repo_root()
        .join("codemods/SQF501-blocking-sqlite-in-async/cases/positive_helper_in_other_module");
    copy_case(&case, d);
    let (code, out, err) = run_in(d, &["--isolated", "--select", "SQF501", "app/routes.py"]);
    assert_eq!(code, 1, "{out}{err}");
    assert!(out.contains("app/routes.py:13:5  SQF501"), "{out}");
    // A root cause may live in a context file (named on a `root:` line); no
    // finding of that file is reported.
    assert!(
        !out.lines().any(|l| l.starts_with("app/db.py")),
        "context files are not reported: {out}"
    );
    assert!(out.contains("(1 checked of 1 Python files)"), "{out}");
    // Without a project around it (no git, no configuration) only the named files are seen.
    let plain = tempfile::tempdir().unwrap();
    copy_case(&case, plain.path());
    let (_, out, _) = run_in(
        plain.path(),
        &["--isolated", "--select", "SQF501", "app/routes.py"],
    );
    assert!(!out.contains("app/routes.py:13:5"), "{out}");
}
