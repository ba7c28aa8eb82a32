//! The audit is covered whole: every seed hazard 1A-7D belongs to a codemod, and
//! the README's table lists every codemod.

mod support;

#[test]
fn every_seed_hazard_has_a_codemod() {
    let sections: Vec<String> = sqlfix::codemods::all()
        .iter()
        .flat_map(|c| c.meta().seed.clone())
        .collect();
    let expected = [
        ("1", "ABCD"),
        ("2", "ABCD"),
        ("3", "ABCDE"),
        ("4", "ABCD"),
        ("5", "ABCD"),
        ("6", "ABCD"),
        ("7", "ABCD"),
    ];
    let mut missing = Vec::new();
    for (number, letters) in expected {
        for letter in letters.chars() {
            let section = format!("{number}{letter}");
            if !sections.contains(&section) {
                missing.push(section);
            }
        }
    }
    assert!(
        missing.is_empty(),
        "hazard sections without a codemod: {missing:?}"
    );
}

#[test]
fn every_codemod_has_its_prose_and_a_readme_row() {
    let readme = std::fs::read_to_string(support::repo_root().join("README.md")).unwrap();
    for codemod in sqlfix::codemods::all() {
        let m = codemod.meta();
        assert!(
            readme.contains(&format!("| {} | {} |", m.id, m.name)),
            "README has no row for {}",
            m.id
        );
        for (field, text) in [
            ("problem", &m.report.problem),
            ("impact", &m.report.impact),
            ("verify", &m.report.verify),
            ("fix", &m.report.fix),
            ("tradeoff", &m.report.tradeoff),
        ] {
            assert!(
                text.trim().len() > 40,
                "{}: report.{field} is too thin",
                m.id
            );
        }
    }
}
