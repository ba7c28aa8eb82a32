//! What a new user meets in the first five minutes: the set-up and the sample
//! app's "run it" steps leave the checkout clean, `--fix --branch` without a git
//! identity says how to set one, and `--statistics` explains its markers.

mod support;

use std::io::Read;
use std::net::TcpListener;
use std::path::Path;
use std::process::{Command, Stdio};

use support::*;

const HAZARD: &str = "import sqlite3\n\n\ndef save(path, row):\n    with sqlite3.connect(path) as conn:\n        conn.execute(\"INSERT INTO t VALUES (?)\", (row,))\n";

/// git with no configuration but the repository's own: no global or system
/// file, no identity from the environment, and no guessing one from the host.
fn bare_git(dir: &Path) -> Command {
    let mut cmd = Command::new("git");
    cmd.current_dir(dir)
        .env("HOME", dir)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_COUNT", "1")
        .env("GIT_CONFIG_KEY_0", "user.useConfigOnly")
        .env("GIT_CONFIG_VALUE_0", "true");
    for var in [
        "GIT_AUTHOR_NAME",
        "GIT_AUTHOR_EMAIL",
        "GIT_COMMITTER_NAME",
        "GIT_COMMITTER_EMAIL",
        "EMAIL",
    ] {
        cmd.env_remove(var);
    }
    cmd
}

fn git_ok(cmd: &mut Command, args: &[&str]) -> String {
    let output = cmd.args(args).output().unwrap();
    assert!(
        output.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// A git repository holding the checkout's .gitignore and the sample app, committed.
fn checkout_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::copy(repo_root().join(".gitignore"), d.join(".gitignore")).unwrap();
    let app = d.join("examples/docproc");
    std::fs::create_dir_all(&app).unwrap();
    copy_case(&repo_root().join("examples/docproc"), &app);
    git_ok(&mut bare_git(d), &["init", "-q", "-b", "main"]);
    git_ok(&mut bare_git(d), &["add", "."]);
    git_ok(
        &mut bare_git(d),
        &[
            "-c",
            "user.name=T",
            "-c",
            "user.email=t@example.com",
            "commit",
            "-q",
            "-m",
            "app",
        ],
    );
    dir
}

fn untracked(dir: &Path) -> String {
    git_ok(&mut bare_git(dir), &["status", "--porcelain"])
}

#[test]
fn fix_branch_without_a_git_identity_says_how_to_set_one() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("app.py"), HAZARD).unwrap();
    git_ok(&mut bare_git(d), &["init", "-q", "-b", "main"]);
    git_ok(&mut bare_git(d), &["add", "."]);
    git_ok(
        &mut bare_git(d),
        &[
            "-c",
            "user.name=T",
            "-c",
            "user.email=t@example.com",
            "commit",
            "-q",
            "-m",
            "app",
        ],
    );
    let mut cmd = sqlfix();
    cmd.current_dir(d)
        .env("HOME", d)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_COUNT", "1")
        .env("GIT_CONFIG_KEY_0", "user.useConfigOnly")
        .env("GIT_CONFIG_VALUE_0", "true");
    for var in [
        "GIT_AUTHOR_NAME",
        "GIT_AUTHOR_EMAIL",
        "GIT_COMMITTER_NAME",
        "GIT_COMMITTER_EMAIL",
        "EMAIL",
    ] {
        cmd.env_remove(var);
    }
    let output = cmd
        .args(["--isolated", "--fix", "--branch", "sqlfix-fixes", "app.py"])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{err}");
    assert_eq!(err.lines().count(), 1, "one line: {err}");
    assert!(err.starts_with("sqlfix: error: "), "{err}");
    assert!(
        err.contains("git config --global user.name \"Your Name\"")
            && err.contains("git config --global user.email you@example.com"),
        "{err}"
    );
    assert_eq!(std::fs::read_to_string(d.join("app.py")).unwrap(), HAZARD);
    let branches = git_ok(&mut bare_git(d), &["branch", "--list"]);
    assert_eq!(branches.trim(), "* main", "no branch was made");
    assert_eq!(untracked(d), "");
}

#[test]
fn statistics_explain_their_markers() {
    let app = repo_root().join("examples/docproc");
    let work = tempfile::tempdir().unwrap();
    for (args, command) in [
        (vec!["--statistics"], "--fix"),
        (
            vec!["--statistics", "--unsafe-fixes"],
            "--fix --unsafe-fixes",
        ),
    ] {
        let mut all = args.clone();
        all.extend(["--no-cache", app.to_str().unwrap()]);
        let (code, out, err) = run_in(work.path(), &all);
        assert_eq!(code, 1, "{out}{err}");
        let table: Vec<&str> = out.lines().take_while(|l| !l.starts_with('[')).collect();
        let legend = out
            .lines()
            .find(|l| l.starts_with('['))
            .unwrap_or_else(|| panic!("no legend line: {out}"));
        let shown = |mark: &str| table.iter().any(|l| l.ends_with(mark));
        assert!(shown("[*]") || shown("[-]"), "{out}");
        assert_eq!(
            legend.contains(&format!("[*] {command} fixes every finding of the rule")),
            shown("[*]"),
            "{out}"
        );
        assert_eq!(
            legend.contains(&format!("[-] {command} fixes some, the others need")),
            shown("[-]"),
            "{out}"
        );
    }
}

/// Set-up command 1 (`cargo run --release -- --dry-run examples/docproc`), run
/// at the root of a checkout, leaves nothing untracked there.
#[test]
fn the_set_up_dry_run_leaves_the_checkout_clean() {
    let dir = checkout_copy();
    let (code, out, err) = run_in(dir.path(), &["--dry-run", "examples/docproc"]);
    assert_eq!(code, 1, "{out}{err}");
    assert_eq!(untracked(dir.path()), "");
}

/// The "Run it" steps of examples/docproc/README.md, as written there (the
/// server command, an upload, its progress), leave nothing untracked in the checkout.
#[test]
fn the_sample_apps_run_it_steps_leave_the_checkout_clean() {
    let python = repo_root().join(".venv/bin/python");
    assert!(
        python.exists(),
        "{} is missing: run scripts/venv (it installs fastapi and uvicorn)",
        python.display()
    );
    let readme = std::fs::read_to_string(repo_root().join("examples/docproc/README.md")).unwrap();
    let block = readme
        .split("## Run it")
        .nth(1)
        .and_then(|s| s.split("```sh\n").nth(1))
        .and_then(|s| s.split("```").next())
        .expect("a ```sh block under ## Run it");
    let server = block
        .lines()
        .find(|l| l.contains("uvicorn"))
        .expect("the server command");
    let server = server.split("  #").next().unwrap().trim();
    assert!(block.contains("curl -F file=@"), "{block}");

    let dir = checkout_copy();
    std::os::unix::fs::symlink(repo_root().join(".venv"), dir.path().join(".venv")).unwrap();
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    // The command as written, but its data folder one of this test's own, so
    // runs in parallel do not share a database.
    let data = tempfile::tempdir().unwrap();
    let mut words = server.split_whitespace().peekable();
    let mut envs = Vec::new();
    while let Some((name, value)) = words.peek().and_then(|w| w.split_once('=')) {
        if name == "DOCPROC_DATA_DIR" {
            assert!(
                value.starts_with("/tmp/"),
                "data outside the checkout: {server}"
            );
            envs.push((name, data.path().to_str().unwrap()));
        } else {
            envs.push((name, value));
        }
        words.next();
    }
    let program = words.next().expect("a program");
    let mut child = Command::new(dir.path().join(program))
        .args(words)
        .args(["--port", &port.to_string()])
        .envs(envs)
        .current_dir(dir.path())
        .env("DOCPROC_STAGE_DELAY", "0")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // The README's curl steps, in Python so they need nothing but the venv.
    let client = format!(
        r#"
import json, time, urllib.request
base = "http://127.0.0.1:{port}"
for _ in range(300):
    try:
        urllib.request.urlopen(base + "/healthz", timeout=1).read(); break
    except OSError:
        time.sleep(0.1)
body = b"--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"some.txt\"\r\n\r\npage one\fpage two\r\n--b--\r\n"
req = urllib.request.Request(base + "/documents", data=body, headers={{"Content-Type": "multipart/form-data; boundary=b"}})
doc = json.load(urllib.request.urlopen(req, timeout=10))
doc_id = doc["id"]
for _ in range(300):
    progress = json.load(urllib.request.urlopen(f"{{base}}/documents/{{doc_id}}/progress", timeout=10))
    if progress.get("status") in ("done", "completed", "failed", "error"): break
    time.sleep(0.1)
print(progress)
"#
    );
    let output = Command::new(&python)
        .arg("-c")
        .arg(client)
        .output()
        .unwrap();
    let _ = child.kill();
    let _ = child.wait();
    let mut server_log = String::new();
    if let Some(mut e) = child.stderr.take() {
        let _ = e.read_to_string(&mut server_log);
    }
    assert!(
        output.status.success(),
        "the README's steps failed: {}\nserver: {server_log}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert_eq!(untracked(dir.path()), "", "server: {server_log}");
}
