//! A module nested deeper than Python compiles (a chain of 20,000 `+`, `.b`, `[0]`
//! or `not`) is reported as not checked, and every other file is still checked and
//! fixed: no stack overflow ends the run.

mod support;

use support::*;

fn shapes() -> Vec<(&'static str, String)> {
    let n = 20_000;
    vec![
        ("plus.py", format!("x = {}\n", vec!["a"; n].join(" + "))),
        ("attr.py", format!("x = a{}\n", ".b".repeat(n))),
        ("index.py", format!("x = a{}\n", "[0]".repeat(n))),
        ("not_.py", format!("x = {}a\n", "not ".repeat(n))),
    ]
}

#[test]
fn each_deep_shape_is_not_checked_and_the_run_goes_on() {
    for (name, body) in shapes() {
        let dir = tempfile::tempdir().unwrap();
        // The import makes the prefilter send it to the parser.
        let deep = format!("import sqlite3\n{body}");
        std::fs::write(dir.path().join(name), &deep).unwrap();
        std::fs::write(dir.path().join("app.py"), HAZARD_PY).unwrap();
        let (code, out, err) = run_in(
            dir.path(),
            &[
                "--isolated",
                "--no-cache",
                "--output-format",
                "concise",
                ".",
            ],
        );
        assert_eq!(code, 1, "{name}: {out}{err}");
        assert!(out.contains("app.py:5:10: SQF101"), "{name}: {out}{err}");
        assert!(
            err.contains(&format!(
                "{name}:2:"
            )) && err.contains("nested more than 5000 levels deep (CPython cannot compile it either); not checked"),
            "{name}: {err}"
        );
        let (code, out, err) = run_in(
            dir.path(),
            &["--isolated", "--no-cache", "--fix", "--unsafe-fixes", "."],
        );
        assert_eq!(code, 0, "{name}: {out}{err}");
        assert!(out.contains("Fixed app.py: SQF101"), "{name}: {out}");
        assert_eq!(
            std::fs::read_to_string(dir.path().join(name)).unwrap(),
            deep
        );
    }
}

#[test]
fn nesting_python_compiles_is_checked() {
    // 2,000 levels: CPython compiles it, so sqlfix checks it (and finds the hazard).
    let dir = tempfile::tempdir().unwrap();
    let chain = vec!["1"; 2_000].join(" + ");
    let text = format!("{HAZARD_PY}\n\nTOTAL = {chain}\n");
    std::fs::write(dir.path().join("app.py"), &text).unwrap();
    let (code, out, err) = run_in(
        dir.path(),
        &[
            "--isolated",
            "--no-cache",
            "--output-format",
            "concise",
            ".",
        ],
    );
    assert_eq!(code, 1, "{out}{err}");
    assert!(out.contains("app.py:5:10: SQF101"), "{out}");
    assert!(err.is_empty(), "{err}");
}

#[test]
fn nesting_just_under_the_limit_is_checked_and_fixed() {
    // 4,990 levels of each shape that recurses (expressions and blocks): checked and
    // fixed on the worker threads' stacks, in a debug build too.
    let n = 4_990;
    let shapes = [
        ("plus", vec!["a"; n].join(" + ")),
        ("attr", format!("a{}", ".b".repeat(n))),
        ("index", format!("a{}", "[0]".repeat(n))),
        ("not_", format!("{}a", "not ".repeat(n))),
        ("neg", format!("{}a", "-".repeat(n))),
        ("call", format!("{}{}", "f(".repeat(n), ")".repeat(n))),
        ("list", format!("{}{}", "[".repeat(n), "]".repeat(n))),
        ("ternary", vec!["a"; n].join(" if c else ")),
        ("power", vec!["a"; n].join(" ** ")),
        ("lambda", format!("{}a", "lambda: ".repeat(n))),
    ];
    let dir = tempfile::tempdir().unwrap();
    for (name, expr) in &shapes {
        let text = format!("{HAZARD_PY}\n\nasync def g():\n    x = {expr}\n");
        std::fs::write(dir.path().join(format!("{name}.py")), text).unwrap();
    }
    let mut blocks = HAZARD_PY.to_string();
    for depth in 0..4_000 {
        blocks.push_str(&format!("{}if x:\n", "\t".repeat(depth)));
    }
    blocks.push_str(&format!("{}pass\n", "\t".repeat(4_000)));
    std::fs::write(dir.path().join("blocks.py"), blocks).unwrap();
    let (code, out, err) = run_in(
        dir.path(),
        &["--isolated", "--no-cache", "--fix", "--unsafe-fixes", "."],
    );
    assert_eq!(code, 0, "{out}{err}");
    assert!(err.is_empty(), "{err}");
    for name in shapes.iter().map(|(n, _)| *n).chain(["blocks"]) {
        assert!(
            out.contains(&format!("Fixed {name}.py: SQF101")),
            "{name}: {out}"
        );
    }
}
