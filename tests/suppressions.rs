//! Suppression comments: `# sqlfix: ignore[...]`, `# noqa: SQF...`, file-level
//! `# sqlfix: ignore-file`, SQF001 for the unused ones, and `--add-noqa`.

mod support;

use std::path::Path;

use support::*;

fn write(dir: &Path, name: &str, text: &str) {
    let path = dir.join(name);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

fn hazard(comment: &str) -> String {
    format!(
        "import sqlite3\n\n\ndef save(path, row):\n    with sqlite3.connect(path) as conn:{comment}\n        conn.execute(\"INSERT INTO t VALUES (?)\", (row,))\n"
    )
}

/// The rule ids in concise output.
fn ids(out: &str) -> Vec<&str> {
    out.lines()
        .filter_map(|l| l.split(": ").nth(1)?.split(' ').next())
        .collect()
}

fn concise(dir: &Path, extra: &[&str]) -> (i32, String) {
    let mut args = vec!["--output-format", "concise", "--isolated"];
    args.extend_from_slice(extra);
    let (code, out, err) = run_in(dir, &args);
    assert!(!err.contains("panicked"), "{err}");
    (code, out)
}

#[test]
fn line_comments_suppress_what_they_name() {
    let dir = tempfile::tempdir().unwrap();
    for (comment, expected) in [
        ("", vec!["SQF101", "SQF202"]),
        ("  # sqlfix: ignore[SQF101]", vec!["SQF202"]),
        ("  # sqlfix: ignore[SQF101, SQF2]", vec![]),
        ("  # sqlfix: ignore[sqf1]", vec!["SQF202"]),
        ("  # sqlfix: ignore", vec![]),
        ("  # noqa: SQF202", vec!["SQF101"]),
        ("  # noqa: E501, SQF101 legacy code", vec!["SQF202"]),
        ("  # noqa", vec![]),
        ("  # type: ignore  # sqlfix: ignore[SQF101,SQF202]", vec![]),
    ] {
        write(dir.path(), "app.py", &hazard(comment));
        let (_, out) = concise(dir.path(), &[]);
        assert_eq!(ids(&out), expected, "{comment}: {out}");
    }
}

#[test]
fn a_directive_inside_a_string_is_not_a_comment() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "app.py",
        "import sqlite3\n\n\ndef save(path):\n    with sqlite3.connect(path) as conn: conn.execute(\"INSERT INTO t VALUES ('# sqlfix: ignore')\")\n",
    );
    let (_, out) = concise(dir.path(), &[]);
    assert_eq!(ids(&out), ["SQF101", "SQF202"], "{out}");
}

#[test]
fn ignore_file_silences_the_file() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "app.py",
        &format!("# sqlfix: ignore-file\n{}", hazard("")),
    );
    write(
        dir.path(),
        "other.py",
        &format!("# sqlfix: ignore-file[SQF202]\n{}", hazard("")),
    );
    let (_, out) = concise(dir.path(), &[]);
    assert!(!out.contains("app.py"), "{out}");
    assert_eq!(ids(&out), ["SQF101"], "{out}");
}

#[test]
fn multi_line_statements_take_the_comment_where_one_can_go() {
    let dir = tempfile::tempdir().unwrap();
    // First line of a parenthesized call.
    write(
        dir.path(),
        "paren.py",
        "import sqlite3\n\n\ndef save(path):\n    with sqlite3.connect(  # sqlfix: ignore[SQF101, SQF202]\n        path,\n    ) as conn:\n        conn.execute(\"INSERT INTO t VALUES (1)\")\n",
    );
    // The line the finding starts on ends inside a string: the string's last line.
    write(
        dir.path(),
        "string.py",
        "import sqlite3\n\n\ndef save(path):\n    with sqlite3.connect(path, timeout=float(\"\"\"5\n\"\"\")) as conn:  # sqlfix: ignore[SQF101, SQF202]\n        conn.execute(\"INSERT INTO t VALUES (1)\")\n",
    );
    let (code, out) = concise(dir.path(), &[]);
    assert_eq!(code, 0, "{out}");
}

#[test]
fn unused_suppressions_are_reported_and_fixed() {
    let dir = tempfile::tempdir().unwrap();
    let text = "import sqlite3\n\nx = 1  # sqlfix: ignore[SQF101]\ny = 2  # noqa: E501, SQF202\nz = 3  # type: ignore  # sqlfix: ignore[SQF999] why\nw = 4  # sqlfix: ignore\n# sqlfix: ignore[SQF501]\nv = 5  # noqa\nu = 6  # noqa: E501\n";
    write(dir.path(), "app.py", text);
    let (code, out) = concise(dir.path(), &[]);
    assert_eq!(code, 1);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 5, "{out}");
    assert!(
        lines[0].starts_with("app.py:3:8: SQF001 [*] Unused suppression (unused: `SQF101`)"),
        "{out}"
    );
    assert!(lines[1].starts_with("app.py:4:8: SQF001"), "{out}");
    assert!(lines[2].contains("unknown: `SQF999`"), "{out}");
    assert!(
        lines[3].starts_with("app.py:6:8: SQF001"),
        "a bare ignore when every rule ran: {out}"
    );
    assert!(lines[4].starts_with("app.py:7:1: SQF001"), "{out}");
    // Rules that did not run are not judged: with --select only SQF001 runs.
    let (_, out) = concise(dir.path(), &["--select", "SQF001"]);
    assert_eq!(ids(&out), ["SQF001"], "only the unknown code: {out}");
    let (code, out, err) = run_in(dir.path(), &["--fix", "--isolated"]);
    assert_eq!(code, 0, "{out}{err}");
    let fixed = std::fs::read_to_string(dir.path().join("app.py")).unwrap();
    assert_eq!(
        fixed,
        "import sqlite3\n\nx = 1\ny = 2  # noqa: E501\nz = 3  # type: ignore  # why\nw = 4\nv = 5  # noqa\nu = 6  # noqa: E501\n"
    );
    // `# sqlfix: ignore[SQF001]` keeps one quiet.
    write(
        dir.path(),
        "app.py",
        "x = 1  # sqlfix: ignore[SQF101, SQF001]\n",
    );
    let (code, out) = concise(dir.path(), &[]);
    assert_eq!(code, 0, "{out}");
    // --ignore SQF001 turns the rule off.
    write(dir.path(), "app.py", "x = 1  # sqlfix: ignore[SQF101]\n");
    let (code, _) = concise(dir.path(), &["--ignore", "SQF001"]);
    assert_eq!(code, 0);
}

const ADOPT: &str = r#"import sqlite3


def paren(path):
    with sqlite3.connect(
        path,
    ) as conn:
        conn.execute("INSERT INTO t VALUES (1)")


def backslash(path):
    with sqlite3.connect(path) \
            as conn:
        conn.execute("INSERT INTO t VALUES (1)")


def triple(path):
    with sqlite3.connect(path, timeout=float("""5
""")) as conn:
        conn.execute("INSERT INTO t VALUES (1)")


def commented(path):
    with sqlite3.connect(path) as conn:  # the main database
        conn.execute("INSERT INTO t VALUES (1)")


def merged(path):
    with sqlite3.connect(path) as conn:  # sqlfix: ignore[SQF202]
        conn.execute("INSERT INTO t VALUES (1)")
"#;

const ADOPTED: &str = r#"import sqlite3


def paren(path):
    with sqlite3.connect(  # sqlfix: ignore[SQF101, SQF202]
        path,
    ) as conn:
        conn.execute("INSERT INTO t VALUES (1)")


def backslash(path):
    with sqlite3.connect(path) \
            as conn:  # sqlfix: ignore[SQF101, SQF202]
        conn.execute("INSERT INTO t VALUES (1)")


def triple(path):
    with sqlite3.connect(path, timeout=float("""5
""")) as conn:  # sqlfix: ignore[SQF101, SQF202]
        conn.execute("INSERT INTO t VALUES (1)")


def commented(path):
    with sqlite3.connect(path) as conn:  # the main database  # sqlfix: ignore[SQF101, SQF202]
        conn.execute("INSERT INTO t VALUES (1)")


def merged(path):
    with sqlite3.connect(path) as conn:  # sqlfix: ignore[SQF202, SQF101]
        conn.execute("INSERT INTO t VALUES (1)")
"#;

#[test]
fn add_noqa_never_breaks_strings_or_continuations_and_is_idempotent() {
    for crlf in [false, true] {
        let dir = tempfile::tempdir().unwrap();
        let nl = |t: &str| {
            if crlf {
                t.replace('\n', "\r\n")
            } else {
                t.to_string()
            }
        };
        write(dir.path(), "app.py", &nl(ADOPT));
        let (code, out, err) = run_in(dir.path(), &["--add-noqa", "--isolated"]);
        assert_eq!(code, 0, "{out}{err}");
        assert!(
            out.contains("Added suppression comments for 9 findings in 1 file"),
            "{out}"
        );
        let after = std::fs::read_to_string(dir.path().join("app.py")).unwrap();
        assert_eq!(after, nl(ADOPTED));
        assert!(python_parse_failures(&[dir.path().join("app.py")]).is_empty());
        // Everything is suppressed now, and nothing is left unused.
        let (code, out) = concise(dir.path(), &[]);
        assert_eq!(code, 0, "{out}");
        // A second run changes nothing.
        let (_, out, _) = run_in(dir.path(), &["--add-noqa", "--isolated"]);
        assert!(out.contains("for 0 findings in 0 files"), "{out}");
        assert_eq!(
            std::fs::read_to_string(dir.path().join("app.py")).unwrap(),
            nl(ADOPTED)
        );
    }
}
