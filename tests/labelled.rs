//! The labelled set: small programs drawn from reading sqlfix's findings on the
//! corpus (`bench/corpus/`, judged in `bench/corpus/judgements.toml`), each with
//! the findings a careful reader expects, marked `# expect: ID [ID...]` on the
//! line the finding points at. A line without a mark must have no finding, so
//! both a lost true positive and a returning false positive fail the test.
//!
//! Each file is checked alone, under its own name in a fresh folder (not under
//! `tests/`, which sqlfix treats as a test suite).

mod support;

use std::collections::BTreeSet;
use std::path::Path;

use support::*;

fn expected(source: &str) -> BTreeSet<(usize, String)> {
    let mut out = BTreeSet::new();
    for (index, line) in source.lines().enumerate() {
        if let Some((_, ids)) = line.split_once("# expect:") {
            for id in ids.split_whitespace() {
                out.insert((index + 1, id.to_string()));
            }
        }
    }
    out
}

fn found(dir: &Path, name: &str) -> BTreeSet<(usize, String)> {
    let (code, out, err) = run_in(
        dir,
        &[
            "--isolated",
            "--no-cache",
            "--exit-zero",
            "--output-format",
            "json",
            name,
        ],
    );
    assert_eq!(code, 0, "{name}: {err}");
    let findings: serde_json::Value = serde_json::from_str(&out).expect("JSON output");
    findings
        .as_array()
        .expect("a list of findings")
        .iter()
        .map(|f| {
            (
                f["line"].as_u64().expect("line") as usize,
                f["id"].as_str().expect("id").to_string(),
            )
        })
        .collect()
}

#[test]
fn findings_match_the_labels() {
    let labelled = repo_root().join("tests/labelled");
    let mut files: Vec<_> = std::fs::read_dir(&labelled)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "py"))
        .collect();
    files.sort();
    assert!(files.len() >= 8, "the labelled set is missing");
    let mut failures = Vec::new();
    let (mut positives, mut negatives) = (0, 0);
    for path in &files {
        let name = path.file_name().unwrap().to_str().unwrap();
        let source = std::fs::read_to_string(path).unwrap();
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(name), &source).unwrap();
        let want = expected(&source);
        let got = found(dir.path(), name);
        if want.is_empty() {
            negatives += 1;
        } else {
            positives += 1;
        }
        if want != got {
            failures.push(format!(
                "{name}: missing {:?}, unexpected {:?}",
                want.difference(&got).collect::<Vec<_>>(),
                got.difference(&want).collect::<Vec<_>>()
            ));
        }
    }
    assert!(positives > 0 && negatives > 0, "both kinds are labelled");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
