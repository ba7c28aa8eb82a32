//! A scratch copy of a module kept beside the original: `handlers copy.py`,
//! `handlers_old.py`, `bot (2).py`, `db_backup.py` next to `handlers.py`,
//! `bot.py`, `db.py`. An editor's "duplicate" or a backup before a rewrite:
//! the project keeps it but does not run it, like an `old/` tree
//! (import_graph.rs). It is never an entry point of its own (a copy of the bot
//! module builds the bot object too), and when nothing the entry points load
//! imports it, it is retired code.

use rustc_hash::FxHashSet as HashSet;
use std::path::{Path, PathBuf};

/// What an editor or a person appends to a file's stem when copying it.
const MARKERS: &[&str] = &[
    " copy", "_copy", "-copy", "_old", "-old", " old", "_backup", "-backup", "_bak", "-bak",
    "_orig", "-orig",
];

/// The original's stem, when `stem` is one with a copy marker: `handlers copy
/// 2` → `handlers`, `bot (1)` → `bot`, `Copy of db` → `db`, `main_old2` → `main`.
fn original_stem(stem: &str) -> Option<&str> {
    let nonempty = |b: &&str| !b.trim().is_empty();
    if stem.to_ascii_lowercase().starts_with("copy of ") {
        return Some(&stem["copy of ".len()..]).filter(nonempty);
    }
    if let Some(open) = stem.rfind(" (") {
        let count = &stem[open + 2..];
        if let Some(digits) = count.strip_suffix(')') {
            if !digits.is_empty() && digits.chars().all(|c| c.is_ascii_digit()) {
                return Some(&stem[..open]).filter(nonempty);
            }
        }
    }
    let head = stem.trim_end_matches(|c: char| c.is_ascii_digit());
    let head = head.strip_suffix(' ').unwrap_or(head);
    let lower = head.to_ascii_lowercase();
    MARKERS
        .iter()
        .find(|m| lower.ends_with(*m))
        .map(|m| &head[..head.len() - m.len()])
        .filter(nonempty)
}

/// Whether `path` is a scratch copy of another module of `paths` in its folder.
pub fn is_scratch_copy(path: &Path, paths: &HashSet<PathBuf>) -> bool {
    let Some(stem) = path.file_stem().map(|s| s.to_string_lossy()) else {
        return false;
    };
    let Some(original) = original_stem(&stem) else {
        return false;
    };
    let sibling = path.with_file_name(format!("{original}.py"));
    paths.contains(&sibling)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn copies_of_a_sibling() {
        let paths: HashSet<PathBuf> = [
            "bot/handlers.py",
            "bot/handlers copy.py",
            "bot/handlers_old.py",
            "bot/handlers (1).py",
            "bot/main.py",
            "bot/main_old2.py",
            "bot/db_bak.py",
            "bot/gold.py",
            "bot/Copy of main.py",
        ]
        .iter()
        .map(PathBuf::from)
        .collect();
        for copy in [
            "bot/handlers copy.py",
            "bot/handlers_old.py",
            "bot/handlers (1).py",
            "bot/main_old2.py",
            "bot/Copy of main.py",
        ] {
            assert!(is_scratch_copy(Path::new(copy), &paths), "{copy}");
        }
        // No original beside it, or no marker.
        for not in ["bot/handlers.py", "bot/db_bak.py", "bot/gold.py"] {
            assert!(!is_scratch_copy(Path::new(not), &paths), "{not}");
        }
    }
}
