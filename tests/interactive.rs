//! `--fix --interactive`: answers from a pipe (scripted) and from a terminal (a
//! pseudo-terminal driven by python3's `pty`), and what each answer applies.

mod support;

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

use support::*;

/// Two findings on one statement (their fixes wait for each other in the fix
/// loop) and one in another function.
const APP: &str = "import sqlite3\n\n\ndef save(path, row):\n    with sqlite3.connect(path) as conn:\n        conn.execute(\"INSERT INTO t VALUES (?)\", (row,))\n\n\ndef touch(path):\n    with sqlite3.connect(path) as conn:\n        return conn.execute(\"UPDATE t SET seen = 1\").rowcount\n";

fn interactive(dir: &Path, answers: &str) -> (i32, String, String) {
    let mut child = sqlfix()
        .args(["--fix", "--interactive", "--isolated", "."])
        .current_dir(dir)
        .env_remove("NO_COLOR")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(answers.as_bytes())
        .unwrap();
    let output = child.wait_with_output().unwrap();
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

fn setup() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("app.py"), APP).unwrap();
    dir
}

fn app(dir: &Path) -> String {
    std::fs::read_to_string(dir.join("app.py")).unwrap()
}

#[test]
fn yes_and_no_apply_exactly_the_accepted_fixes() {
    let dir = setup();
    // save: SQF101 yes, SQF202 no; touch: SQF101 no, SQF202 yes.
    let (code, out, err) = interactive(dir.path(), "y\nn\nn\ny\n");
    assert_eq!(code, 1, "findings remain: {out}{err}");
    assert_eq!(
        out.matches("Apply this fix? [y]es / [n]o / [a]ll / [q]uit:")
            .count(),
        4,
        "{out}"
    );
    assert!(
        out.contains("+++ b/app.py"),
        "each fix's diff is shown: {out}"
    );
    assert!(!out.contains("\x1b["), "no colors in a pipe: {out}");
    let text = app(dir.path());
    assert!(text.contains("with _configure_sqlite(sqlite3.connect(path, timeout=5.0)) as conn:\n        conn.execute(\"INSERT"), "{text}");
    assert!(
        text.contains(
            "with contextlib.closing(sqlite3.connect(path)) as conn, conn:\n        return"
        ),
        "{text}"
    );
    assert!(out.contains("Fixed 2 findings; 2 remaining."), "{out}");
    assert!(python_parse_failures(&[dir.path().join("app.py")]).is_empty());
}

#[test]
fn quit_keeps_what_was_accepted_and_all_takes_the_rest() {
    let dir = setup();
    let (_, out, _) = interactive(dir.path(), "y\nq\n");
    assert_eq!(out.matches("Apply this fix?").count(), 2);
    assert!(out.contains("Fixed 1 finding; 3 remaining."), "{out}");
    let dir = setup();
    let (code, out, _) = interactive(dir.path(), "n\na\n");
    assert_eq!(out.matches("Apply this fix?").count(), 2, "{out}");
    assert!(out.contains("Fixed 3 findings; 1 remaining."), "{out}");
    assert_eq!(code, 1);
    // Nothing accepted (or no input at all): nothing written.
    let dir = setup();
    let (code, out, _) = interactive(dir.path(), "");
    assert!(out.contains("No fixes applied; 4 remaining."), "{out}");
    assert_eq!(code, 1);
    assert_eq!(app(dir.path()), APP);
    // An unclear answer is asked again.
    let dir = setup();
    let (_, out, _) = interactive(dir.path(), "maybe\nq\n");
    assert!(out.contains("Please answer y, n, a or q."), "{out}");
}

#[test]
fn interactive_needs_fix() {
    let dir = setup();
    let (code, _, err) = run_in(dir.path(), &["--interactive"]);
    assert_eq!(code, 2, "{err}");
    assert_eq!(err.lines().count(), 1);
}

/// Runs sqlfix on a pseudo-terminal: stdin and stdout are a tty, so the diffs are
/// colored, and the answers are typed.
#[test]
fn on_a_terminal_the_diffs_are_colored_and_answers_are_typed() {
    let dir = setup();
    let script = r#"
import os, pty, sys, time
pid, fd = pty.fork()
if pid == 0:
    os.chdir(sys.argv[2])
    os.environ.pop("NO_COLOR", None)
    os.execv(sys.argv[1], [sys.argv[1], "--fix", "--interactive", "--isolated", "."])
out = b""
answers = [b"y\n", b"n\n", b"q\n"]
deadline = time.time() + 30
while time.time() < deadline:
    try:
        chunk = os.read(fd, 4096)
    except OSError:
        break
    if not chunk:
        break
    out += chunk
    if answers and out.count(b"[q]uit:") > 3 - len(answers):
        os.write(fd, answers.pop(0))
_, status = os.waitpid(pid, 0)
sys.stdout.write(out.decode("utf-8", "replace"))
sys.stdout.write("\nEXIT %d\n" % os.waitstatus_to_exitcode(status))
"#;
    let output = Command::new(python())
        .arg("-c")
        .arg(script)
        .arg(env!("CARGO_BIN_EXE_sqlfix"))
        .arg(dir.path())
        .output()
        .unwrap();
    let out = String::from_utf8_lossy(&output.stdout);
    assert!(
        out.contains("\x1b[32m+"),
        "colored additions on a terminal: {out}"
    );
    assert_eq!(out.matches("[q]uit:").count(), 3, "{out}");
    assert!(out.contains("Fixed 1 finding; 3 remaining."), "{out}");
    assert!(out.contains("EXIT 1"), "{out}");
    assert!(app(dir.path()).contains("_configure_sqlite("));
}
