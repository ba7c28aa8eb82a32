//! The line length the project's formatter and linter hold its code to, so that
//! generated code does not pass it: ruff's `line-length` or black's, read from the
//! nearest configuration up from the file, as ruff finds it. In each folder from
//! the file's up: `.ruff.toml`, then `ruff.toml`, then a `pyproject.toml` with a
//! `[tool.ruff]` table give ruff's length (an `extend`ed file's when the file sets
//! none); `[tool.black]` in that folder's `pyproject.toml` gives black's. The first
//! folder with any of them decides, and the shorter of the two lengths it sets
//! wins (code within both passes both). A folder whose `pyproject.toml` has
//! neither table is passed over, as ruff does. No configuration, or one that sets
//! no length: 88, the default of both.

use rustc_hash::FxHashMap as HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};

/// ruff's and black's default line length.
pub const DEFAULT_LINE_LENGTH: usize = 88;

/// The line length for the file at `path` (relative paths from the working directory).
pub fn for_file(path: &Path) -> usize {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let Some(dir) = absolute.parent() else {
        return DEFAULT_LINE_LENGTH;
    };
    for_dir(dir)
}

/// Every file of a folder shares its answer, asked once per file per fix round.
fn for_dir(dir: &Path) -> usize {
    static KNOWN: OnceLock<Mutex<HashMap<PathBuf, usize>>> = OnceLock::new();
    let known = KNOWN.get_or_init(Default::default);
    if let Some(&n) = known.lock().unwrap_or_else(|e| e.into_inner()).get(dir) {
        return n;
    }
    let n = dir
        .ancestors()
        .find_map(in_dir)
        .unwrap_or(DEFAULT_LINE_LENGTH);
    known
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .insert(dir.to_path_buf(), n);
    n
}

/// The length the configuration in `dir` sets; `None` when `dir` has none.
pub fn in_dir(dir: &Path) -> Option<usize> {
    let pyproject = read_table(&dir.join("pyproject.toml"));
    let tool = |name: &str| {
        pyproject
            .as_ref()
            .and_then(|t| t.get("tool"))
            .and_then(|t| t.get(name))
            .and_then(toml::Value::as_table)
    };
    let ruff_file = [".ruff.toml", "ruff.toml"]
        .into_iter()
        .map(|name| dir.join(name))
        .find(|p| p.is_file());
    let ruff: Option<Option<usize>> = match &ruff_file {
        Some(file) => Some(read_table(file).and_then(|t| ruff_length(&t, dir, 0))),
        None => tool("ruff").map(|t| ruff_length(t, dir, 0)),
    };
    let black: Option<Option<usize>> = tool("black").map(length_of);
    if ruff.is_none() && black.is_none() {
        return None;
    }
    Some(
        [ruff.flatten(), black.flatten()]
            .into_iter()
            .flatten()
            .min()
            .unwrap_or(DEFAULT_LINE_LENGTH),
    )
}

/// `line-length` of a ruff table, or of the file it `extend`s (relative to `dir`).
fn ruff_length(table: &toml::Table, dir: &Path, depth: usize) -> Option<usize> {
    if let Some(n) = length_of(table) {
        return Some(n);
    }
    let extended = dir.join(table.get("extend")?.as_str()?);
    // A chain of `extend`s is short; a cycle of them is a broken configuration.
    if depth > 8 {
        return None;
    }
    let parent = read_table(&extended)?;
    let next_dir = extended.parent().unwrap_or(dir);
    if extended.file_name().is_some_and(|n| n == "pyproject.toml") {
        let ruff = parent.get("tool")?.get("ruff")?.as_table()?;
        return ruff_length(ruff, next_dir, depth + 1);
    }
    ruff_length(&parent, next_dir, depth + 1)
}

fn length_of(table: &toml::Table) -> Option<usize> {
    table
        .get("line-length")?
        .as_integer()
        .and_then(|n| usize::try_from(n).ok())
        .filter(|&n| n > 0)
}

/// A TOML file that reads and parses; `None` otherwise (a broken file is the
/// formatter's to report, and sets nothing here).
fn read_table(path: &Path) -> Option<toml::Table> {
    std::fs::read_to_string(path).ok()?.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(dir: &Path, name: &str, text: &str) {
        let path = dir.join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }

    #[test]
    fn each_source_of_the_length() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        assert_eq!(in_dir(d), None);
        write(d, "pyproject.toml", "[project]\nname = \"x\"\n");
        assert_eq!(in_dir(d), None, "a pyproject.toml without the tables");
        write(d, "pyproject.toml", "[tool.black]\nline-length = 100\n");
        assert_eq!(in_dir(d), Some(100));
        write(d, "pyproject.toml", "[tool.ruff]\nline-length = 120\n");
        assert_eq!(in_dir(d), Some(120));
        write(d, "pyproject.toml", "[tool.ruff]\nselect = [\"E\"]\n");
        assert_eq!(in_dir(d), Some(88), "a ruff table without a length");
        write(
            d,
            "pyproject.toml",
            "[tool.ruff]\nline-length = 120\n[tool.black]\nline-length = 99\n",
        );
        assert_eq!(in_dir(d), Some(99), "the shorter of both");
        write(d, "ruff.toml", "line-length = 110\n");
        write(d, "pyproject.toml", "[tool.ruff]\nline-length = 120\n");
        assert_eq!(in_dir(d), Some(110), "ruff.toml before pyproject.toml");
        write(d, ".ruff.toml", "line-length = 79\n");
        assert_eq!(in_dir(d), Some(79), ".ruff.toml before ruff.toml");
        write(d, ".ruff.toml", "line-length = \"long\"\n");
        assert_eq!(in_dir(d), Some(88), "a length that is not a number");
    }

    #[test]
    fn extend_gives_the_length_the_file_does_not_set() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        write(d, "pyproject.toml", "[tool.ruff]\nline-length = 100\n");
        write(d, "sub/ruff.toml", "extend = \"../pyproject.toml\"\n");
        assert_eq!(in_dir(&d.join("sub")), Some(100));
        write(
            d,
            "sub/ruff.toml",
            "extend = \"../pyproject.toml\"\nline-length = 90\n",
        );
        assert_eq!(in_dir(&d.join("sub")), Some(90));
        // A cycle ends.
        write(d, "a/ruff.toml", "extend = \"ruff.toml\"\n");
        assert_eq!(in_dir(&d.join("a")), Some(88));
    }

    #[test]
    fn the_nearest_configuration_up_from_the_file_wins() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        write(d, "pyproject.toml", "[tool.ruff]\nline-length = 100\n");
        write(d, "pkg/pyproject.toml", "[project]\nname = \"pkg\"\n");
        write(d, "pkg/inner/ruff.toml", "line-length = 72\n");
        write(d, "pkg/inner/deep/m.py", "");
        write(d, "pkg/m.py", "");
        write(d, "other/m.py", "");
        // Nested config in a folder above the file.
        assert_eq!(for_file(&d.join("pkg/inner/deep/m.py")), 72);
        // A pyproject.toml without a ruff or black table is passed over.
        assert_eq!(for_file(&d.join("pkg/m.py")), 100);
        assert_eq!(for_file(&d.join("other/m.py")), 100);
        let bare = tempfile::tempdir().unwrap();
        write(bare.path(), "m.py", "");
        // Nothing above a temporary folder sets a length on this machine.
        assert_eq!(
            for_file(&bare.path().join("m.py")),
            std::env::temp_dir()
                .ancestors()
                .find_map(in_dir)
                .unwrap_or(DEFAULT_LINE_LENGTH)
        );
    }
}
