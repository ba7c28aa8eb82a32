//! The repository stands on its own: no tracked file points at material a clone does not
//! contain (the team's notes outside the repository, numbered facts of another document),
//! and every fact id and hazard section that code and prose cite exists in `docs/`.

mod support;

use std::collections::BTreeSet;
use std::process::Command;

use support::repo_root;

/// This file names the patterns it looks for, so it is the one file not scanned.
const SELF: &str = "tests/self_contained.rs";

/// (what a reader would be sent to, a lowercase substring that shows it)
const OUTSIDE: &[(&str, &str)] = &[
    ("a folder outside the repository", "../shared"),
    ("the team's audit spec", "seed/000"),
    ("the team's experiments folder", "sqlite-experiments"),
    ("a facts document outside the repository", "facts sheet"),
    ("a facts document outside the repository", "facts table"),
    ("the audit spec", "the seed "),
    ("the audit spec", "the seed'"),
    ("the audit spec", "the seed's"),
    ("the audit spec", "seed audit"),
    ("the audit spec", "audit prompt"),
];

fn tracked_files() -> Vec<String> {
    let output = Command::new("git")
        .args(["ls-files", "-z"])
        .current_dir(repo_root())
        .output()
        .expect("git is needed to list the tracked files: install git");
    assert!(
        output.status.success(),
        "git ls-files failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let files: Vec<String> = String::from_utf8_lossy(&output.stdout)
        .split('\0')
        .filter(|f| !f.is_empty())
        .map(str::to_string)
        .collect();
    assert!(
        files.len() > 100,
        "git ls-files listed {} files: not the repository",
        files.len()
    );
    files
}

/// Tracked text files with their content (binary and deleted files skipped).
fn texts() -> Vec<(String, String)> {
    tracked_files()
        .into_iter()
        .filter(|f| f != SELF)
        .filter_map(|f| {
            let bytes = std::fs::read(repo_root().join(&f)).ok()?;
            let text = String::from_utf8(bytes).ok()?;
            Some((f, text))
        })
        .collect()
}

/// "fact 8", "facts 1, 19", "Fact 18": a number of a document the repository does not hold.
fn numbered_fact(line: &str) -> bool {
    let lower = line.to_lowercase();
    let bytes = lower.as_bytes();
    for word in ["fact ", "facts "] {
        let mut from = 0;
        while let Some(at) = lower[from..].find(word) {
            let start = from + at;
            let end = start + word.len();
            let starts_word = start == 0 || !bytes[start - 1].is_ascii_alphanumeric();
            if starts_word && bytes.get(end).is_some_and(u8::is_ascii_digit) {
                return true;
            }
            from = end;
        }
    }
    false
}

#[test]
fn no_tracked_file_refers_to_material_outside_the_repository() {
    let mut found = Vec::new();
    for (file, text) in texts() {
        for (n, line) in text.lines().enumerate() {
            let lower = line.to_lowercase();
            for (what, needle) in OUTSIDE {
                if lower.contains(needle) {
                    found.push(format!("{file}:{}: {what} ({needle:?})", n + 1));
                }
            }
            if numbered_fact(line) {
                found.push(format!(
                    "{file}:{}: a numbered fact; cite docs/sqlite-facts.md#F-... instead",
                    n + 1
                ));
            }
        }
    }
    assert!(
        found.is_empty(),
        "references to material a clone does not contain (point them at docs/sqlite-facts.md or docs/hazards.md):\n{}",
        found.join("\n")
    );
}

#[test]
fn the_pattern_for_numbered_facts_can_match() {
    assert!(numbered_fact("WAL persists (fact 8)"));
    assert!(numbered_fact("Fact 18: never"));
    assert!(numbered_fact("(facts 1, 19)"));
    assert!(!numbered_fact("see docs/sqlite-facts.md#F-wal-persists"));
    assert!(!numbered_fact("artifact 3"));
}

/// The `F-...` ids anchored in docs/sqlite-facts.md.
fn fact_anchors() -> BTreeSet<String> {
    let doc = std::fs::read_to_string(repo_root().join("docs/sqlite-facts.md"))
        .expect("docs/sqlite-facts.md exists");
    doc.split("<a id=\"")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .map(str::to_string)
        .collect()
}

/// Every `F-name` in a text: `F-` then lowercase words joined by `-`.
fn fact_ids(text: &str) -> Vec<String> {
    let mut ids = Vec::new();
    let bytes = text.as_bytes();
    let mut from = 0;
    while let Some(at) = text[from..].find("F-") {
        let start = from + at;
        from = start + 2;
        if start > 0 && (bytes[start - 1].is_ascii_alphanumeric() || bytes[start - 1] == b'_') {
            continue;
        }
        let tail: String = text[start + 2..]
            .chars()
            .take_while(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '-')
            .collect();
        let tail = tail.trim_end_matches('-');
        if tail.chars().next().is_some_and(|c| c.is_ascii_lowercase()) {
            ids.push(format!("F-{tail}"));
        }
    }
    ids
}

#[test]
fn every_cited_fact_id_exists_in_the_facts_document() {
    let anchors = fact_anchors();
    assert!(
        anchors.len() >= 25,
        "docs/sqlite-facts.md anchors: {anchors:?}"
    );
    let mut missing = Vec::new();
    for (file, text) in texts() {
        for id in fact_ids(&text) {
            if !anchors.contains(&id) {
                missing.push(format!("{file}: {id}"));
            }
        }
    }
    assert!(
        missing.is_empty(),
        "fact ids with no anchor in docs/sqlite-facts.md:\n{}",
        missing.join("\n")
    );
}

#[test]
fn every_hazard_section_a_rule_names_is_described_with_that_rule() {
    let hazards = std::fs::read_to_string(repo_root().join("docs/hazards.md"))
        .expect("docs/hazards.md exists");
    let mut checked = 0;
    for entry in std::fs::read_dir(repo_root().join("codemods")).expect("codemods/") {
        let toml = entry.expect("entry").path().join("codemod.toml");
        let Ok(text) = std::fs::read_to_string(&toml) else {
            continue;
        };
        let field = |name: &str| -> String {
            text.lines()
                .find_map(|l| l.strip_prefix(&format!("{name} = ")))
                .unwrap_or_else(|| panic!("{} has no {name}", toml.display()))
                .to_string()
        };
        let id = field("id").trim_matches('"').to_string();
        let sections = field("seed");
        for section in sections.split('"').filter(|s| {
            s.len() == 2 && s.as_bytes()[0].is_ascii_digit() && s.as_bytes()[1].is_ascii_uppercase()
        }) {
            let anchor = format!("<a id=\"{section}\"></a>");
            let body = hazards
                .split(&anchor)
                .nth(1)
                .unwrap_or_else(|| panic!("docs/hazards.md has no section {section} ({id})"));
            let body = body.split("<a id=").next().unwrap_or("");
            assert!(
                body.contains(&id),
                "docs/hazards.md section {section} does not list {id}, which covers it"
            );
            checked += 1;
        }
    }
    assert!(checked > 40, "only {checked} (rule, section) pairs found");
}

#[test]
fn every_script_and_harness_the_docs_and_rules_cite_exists() {
    let root = repo_root();
    let mut cited = Vec::new();
    for (file, text) in texts() {
        let prose = file.starts_with("docs/") || file.ends_with("codemod.toml");
        if !prose {
            continue;
        }
        for prefix in ["bench/facts/", "tests/fixtruth/"] {
            for (at, _) in text.match_indices(prefix) {
                let path: String = text[at..]
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || "/_.-".contains(*c))
                    .collect();
                let path = path.trim_end_matches(['.', '/', '-']).to_string();
                if path.len() > prefix.len() {
                    cited.push((file.clone(), path));
                }
            }
        }
    }
    assert!(cited.len() > 40, "only {} citations found", cited.len());
    let missing: Vec<String> = cited
        .iter()
        .filter(|(_, path)| !root.join(path).exists())
        .map(|(file, path)| format!("{file}: {path}"))
        .collect();
    assert!(
        missing.is_empty(),
        "cited but not in the repository:\n{}",
        missing.join("\n")
    );
}
