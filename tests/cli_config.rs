//! Configuration: where it is found, what each key does, how the command line
//! overrides it, and that a bad key is one line naming the key and the file.

mod support;

use std::path::Path;

use support::*;

const HAZARD: &str = "import sqlite3\n\n\ndef save(path, row):\n    with sqlite3.connect(path) as conn:\n        conn.execute(\"INSERT INTO t VALUES (?)\", (row,))\n";
const ASYNC_HAZARD: &str = "import sqlite3\n\n\nasync def handler(path, name):\n    conn = sqlite3.connect(path)\n    cur = conn.execute(\"INSERT INTO t (name) VALUES (?)\", (name,))\n    row_id = cur.lastrowid\n    conn.commit()\n    conn.close()\n    return {\"id\": row_id}\n";
const JSON_HAZARD: &str = "import json\n\n\ndef save(path, state):\n    with open(path, \"w\") as f:\n        json.dump(state, f)\n";

fn write(dir: &Path, name: &str, text: &str) {
    let path = dir.join(name);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

fn ids(out: &str) -> Vec<String> {
    let mut ids: Vec<String> = out
        .lines()
        .filter_map(|l| l.split(": ").nth(1))
        .map(|rest| rest.split(' ').next().unwrap().to_string())
        .collect();
    ids.sort();
    ids.dedup();
    ids
}

#[test]
fn pyproject_table_selects_and_the_command_line_overrides() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "app/db.py", HAZARD);
    write(
        dir.path(),
        "pyproject.toml",
        "[tool.sqlfix]\nselect = [\"SQF2\"]\n",
    );
    let (code, out, err) = run_in(dir.path(), &["--output-format", "concise"]);
    assert_eq!(code, 1, "{err}");
    assert_eq!(ids(&out), ["SQF202"]);
    // --extend-select adds to the file's selection; --select replaces it.
    let (_, out, _) = run_in(
        dir.path(),
        &["--output-format", "concise", "--extend-select", "SQF101"],
    );
    assert_eq!(ids(&out), ["SQF101", "SQF202"]);
    let (_, out, _) = run_in(
        dir.path(),
        &["--output-format", "concise", "--select", "SQF101"],
    );
    assert_eq!(ids(&out), ["SQF101"]);
    // --isolated ignores the file.
    let (_, out, _) = run_in(dir.path(), &["--output-format", "concise", "--isolated"]);
    assert_eq!(ids(&out), ["SQF101", "SQF202"]);
}

#[test]
fn the_nearest_configuration_wins_and_dot_sqlfix_toml_beats_pyproject() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "pyproject.toml",
        "[tool.sqlfix]\nselect = [\"SQF101\"]\n",
    );
    write(dir.path(), "top.py", HAZARD);
    write(dir.path(), "svc/app.py", HAZARD);
    write(dir.path(), "svc/sqlfix.toml", "select = [\"SQF202\"]\n");
    write(dir.path(), "svc/inner/app.py", HAZARD);
    write(
        dir.path(),
        "svc/inner/pyproject.toml",
        "[tool.sqlfix]\nselect = [\"SQF101\"]\n",
    );
    write(
        dir.path(),
        "svc/inner/.sqlfix.toml",
        "select = [\"SQF401\"]\n",
    );
    let (_, out, _) = run_in(dir.path(), &["--output-format", "concise"]);
    let by_file = |name: &str| -> Vec<String> {
        ids(&out
            .lines()
            .filter(|l| l.starts_with(name))
            .collect::<Vec<_>>()
            .join("\n"))
    };
    assert_eq!(by_file("top.py"), ["SQF101"], "{out}");
    assert_eq!(by_file("svc/app.py"), ["SQF202"], "{out}");
    assert!(by_file("svc/inner/app.py").is_empty(), "{out}");
    // A pyproject.toml without [tool.sqlfix] is not a configuration: the parent's applies.
    write(dir.path(), "svc/inner/.sqlfix.toml", "");
    std::fs::remove_file(dir.path().join("svc/inner/.sqlfix.toml")).unwrap();
    write(
        dir.path(),
        "svc/inner/pyproject.toml",
        "[tool.black]\nline-length = 99\n",
    );
    let (_, out, _) = run_in(dir.path(), &["--output-format", "concise"]);
    let inner: Vec<&str> = out.lines().filter(|l| l.starts_with("svc/inner")).collect();
    assert_eq!(ids(&inner.join("\n")), ["SQF202"], "{out}");
    // --config applies one file to everything.
    write(dir.path(), "ci.toml", "select = [\"SQF101\"]\n");
    let (_, out, _) = run_in(
        dir.path(),
        &["--output-format", "concise", "--config", "ci.toml"],
    );
    assert_eq!(ids(&out), ["SQF101"], "{out}");
}

#[test]
fn unknown_keys_and_bad_values_are_one_line_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "app.py", HAZARD);
    for (name, text, expected) in [
        (
            "pyproject.toml",
            "[tool.sqlfix]\nselcet = [\"SQF1\"]\n",
            "pyproject.toml:2: unknown key `selcet` in [tool.sqlfix]",
        ),
        (
            "sqlfix.toml",
            "busy-timeout-ms = \"fast\"\n",
            "sqlfix.toml:1:",
        ),
        (
            "sqlfix.toml",
            "target-version = \"py27\"\n",
            "`target-version` must be one of py38..py313",
        ),
        (
            "sqlfix.toml",
            "select = [\"XYZ1\"]\n",
            "`XYZ1` in `select` matches no rule",
        ),
        (
            "sqlfix.toml",
            "[pragmas]\ncache_size = \"1; DROP TABLE t\"\n",
            "`pragmas.cache_size` must be",
        ),
        (
            "sqlfix.toml",
            "json-atomic-helper = \"not a path\"\n",
            "`json-atomic-helper` must be a dotted path",
        ),
        (
            "sqlfix.toml",
            "busy-timeout-ms = 0\n",
            "`busy-timeout-ms` must be above 0",
        ),
        (
            "sqlfix.toml",
            "[per-file-ignores]\n\"tests/*\" = [\"NOPE\"]\n",
            "`NOPE` in `per-file-ignores`",
        ),
    ] {
        let sub = tempfile::tempdir().unwrap();
        write(sub.path(), "app.py", HAZARD);
        write(sub.path(), name, text);
        let (code, out, err) = run_in(sub.path(), &["."]);
        assert_eq!(code, 2, "{text}: {out}{err}");
        assert_eq!(err.lines().count(), 1, "{text}: {err}");
        assert!(err.starts_with("sqlfix: error: "), "{err}");
        assert!(err.contains(expected), "{text}: {err}");
        assert!(out.is_empty(), "{out}");
    }
    let (code, _, err) = run_in(dir.path(), &["--per-file-ignores", "nocolon"]);
    assert_eq!(code, 2);
    assert!(err.contains("GLOB:RULES"), "{err}");
}

#[test]
fn exclude_per_file_ignores_and_forced_exclusion_of_named_files() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "app/db.py", HAZARD);
    write(dir.path(), "legacy/old.py", HAZARD);
    write(dir.path(), "scripts/seed_db.py", HAZARD);
    write(
        dir.path(),
        "pyproject.toml",
        "[tool.sqlfix]\nextend-exclude = [\"legacy\"]\n\n[tool.sqlfix.per-file-ignores]\n\"scripts/*.py\" = [\"SQF2\"]\n",
    );
    let (_, out, _) = run_in(dir.path(), &["--output-format", "concise"]);
    assert!(!out.contains("legacy/"), "{out}");
    let scripts: Vec<&str> = out.lines().filter(|l| l.starts_with("scripts/")).collect();
    assert_eq!(ids(&scripts.join("\n")), ["SQF101"], "{out}");
    // A file named on the command line (as pre-commit passes them) is still excluded.
    let (code, out, _) = run_in(dir.path(), &["legacy/old.py"]);
    assert_eq!(code, 0, "{out}");
    // --exclude replaces the list (the file's extend-exclude still adds to it).
    let (_, out, _) = run_in(
        dir.path(),
        &["--output-format", "concise", "--exclude", "app"],
    );
    assert!(
        !out.contains("legacy/old.py") && !out.contains("app/db.py"),
        "{out}"
    );
    assert!(out.contains("scripts/seed_db.py"), "{out}");
    // --per-file-ignores on the command line.
    let (_, out, _) = run_in(
        dir.path(),
        &[
            "--output-format",
            "concise",
            "--per-file-ignores",
            "app/*.py:SQF101",
        ],
    );
    let app: Vec<&str> = out.lines().filter(|l| l.starts_with("app/")).collect();
    assert_eq!(ids(&app.join("\n")), ["SQF202"], "{out}");
}

#[test]
fn fix_values_come_from_the_configuration() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "app.py", HAZARD);
    write(
        dir.path(),
        "sqlfix.toml",
        "busy-timeout-ms = 2500\nsynchronous = \"full\"\n\n[pragmas]\ncache_size = -64000\nmmap_size = 268435456\n",
    );
    let (_, patch, err) = run_in(dir.path(), &["--diff", "--select", "SQF101"]);
    assert!(patch.contains("timeout=2.5"), "{patch}{err}");
    assert!(patch.contains("PRAGMA synchronous=FULL"), "{patch}");
    let cache = patch.find("PRAGMA cache_size=-64000").expect("cache_size");
    let mmap = patch.find("PRAGMA mmap_size=268435456").expect("mmap_size");
    assert!(cache < mmap, "pragmas keep the file's order");
    // The command line's --busy-timeout-ms beats the file.
    let (_, patch, _) = run_in(
        dir.path(),
        &["--diff", "--select", "SQF101", "--busy-timeout-ms", "750"],
    );
    assert!(patch.contains("timeout=0.75"), "{patch}");
}

#[test]
fn fixable_unfixable_and_unsafe_fixes() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "app.py", HAZARD);
    write(dir.path(), "sqlfix.toml", "unfixable = [\"SQF101\"]\n");
    let (_, patch, _) = run_in(dir.path(), &["--diff"]);
    assert!(patch.contains("closing"), "SQF202 still fixed: {patch}");
    assert!(!patch.contains("_configure_sqlite"), "{patch}");
    let (_, out, _) = run_in(dir.path(), &["--select", "SQF101"]);
    assert!(
        out.contains("the fix is not applied: SQF101 is `unfixable`"),
        "{out}"
    );
    let (_, patch, _) = run_in(dir.path(), &["--diff", "--fixable", "SQF101"]);
    assert!(
        patch.contains("_configure_sqlite") && !patch.contains("closing"),
        "{patch}"
    );
}

#[test]
fn target_version_keeps_fixes_that_need_a_newer_python_as_suggestions() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "api.py", ASYNC_HAZARD);
    let (_, patch, _) = run_in(
        dir.path(),
        &["--diff", "--select", "SQF501", "--unsafe-fixes"],
    );
    assert!(
        patch.contains("to_thread"),
        "py39 default allows asyncio.to_thread: {patch}"
    );
    write(
        dir.path(),
        "pyproject.toml",
        "[project]\nrequires-python = \">=3.8\"\n\n[tool.sqlfix]\n",
    );
    let (_, out, _) = run_in(dir.path(), &["--show-settings", "api.py"]);
    assert!(
        out.contains("target-version = \"py38\"  # from requires-python"),
        "{out}"
    );
    let (_, patch, _) = run_in(
        dir.path(),
        &["--diff", "--select", "SQF501", "--unsafe-fixes"],
    );
    assert!(patch.is_empty(), "{patch}");
    let (_, out, _) = run_in(dir.path(), &["--select", "SQF501"]);
    assert!(
        out.contains("needs Python 3.9 (target-version is py38)"),
        "{out}"
    );
    let (_, patch, _) = run_in(
        dir.path(),
        &[
            "--diff",
            "--select",
            "SQF501",
            "--unsafe-fixes",
            "--target-version",
            "py311",
        ],
    );
    assert!(patch.contains("to_thread"), "{patch}");
}

#[test]
fn show_settings_names_the_file_and_the_values() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "app/db.py", HAZARD);
    write(
        dir.path(),
        "pyproject.toml",
        "[tool.sqlfix]\nignore = [\"SQF5\"]\nbusy-timeout-ms = 3000\njson-atomic-helper = \"app.utils.atomic_open\"\n",
    );
    let (code, out, err) = run_in(dir.path(), &["--show-settings", "app/db.py"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("pyproject.toml [tool.sqlfix]"), "{out}");
    assert!(out.contains("busy-timeout-ms = 3000"), "{out}");
    assert!(
        !out.lines()
            .find(|l| l.starts_with("rules ="))
            .unwrap()
            .contains("SQF501")
    );
    assert!(
        out.contains("json-atomic-helper = \"app.utils.atomic_open\""),
        "{out}"
    );
    let (_, out, _) = run_in(dir.path(), &["--show-settings", "--isolated", "app/db.py"]);
    assert!(out.contains("--isolated"), "{out}");
    assert!(out.contains("busy-timeout-ms = 5000"), "{out}");
}

#[test]
fn json_atomic_helper_is_imported_instead_of_defined() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "app/__init__.py", "");
    write(dir.path(), "app/checkpoints.py", JSON_HAZARD);
    write(
        dir.path(),
        "app/utils.py",
        "import contextlib\nimport os\n\n\n@contextlib.contextmanager\ndef atomic_open(path, mode=\"w\", **kwargs):\n    tmp = f\"{path}.tmp\"\n    with open(tmp, mode, **kwargs) as f:\n        yield f\n        f.flush()\n        os.fsync(f.fileno())\n    os.replace(tmp, path)\n",
    );
    write(
        dir.path(),
        "sqlfix.toml",
        "json-atomic-helper = \"app.utils.atomic_open\"\n",
    );
    let (code, out, err) = run_in(dir.path(), &["--fix", "--select", "SQF401"]);
    assert_eq!(code, 0, "{out}{err}");
    let fixed = std::fs::read_to_string(dir.path().join("app/checkpoints.py")).unwrap();
    assert!(fixed.contains("import app.utils\n"), "{fixed}");
    assert!(
        fixed.contains("with app.utils.atomic_open(path, \"w\") as f:"),
        "{fixed}"
    );
    assert!(!fixed.contains("def _atomic_open"), "{fixed}");
    // And the fixed program works with the helper.
    let script = format!(
        "import sys; sys.path.insert(0, {:?}); from app.checkpoints import save; save({:?}, {{'a': 1}}); print(open({:?}).read())",
        dir.path().to_str().unwrap(),
        dir.path().join("cp.json").to_str().unwrap(),
        dir.path().join("cp.json").to_str().unwrap()
    );
    let output = std::process::Command::new(python())
        .arg("-c")
        .arg(script)
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8_lossy(&output.stdout).trim(),
        "{\"a\": 1}",
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}
