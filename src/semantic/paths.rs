//! What a module's path says about it.

use rustc_hash::FxHashMap as HashMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// Files whose folder is a project's root: only the part of a path below it
/// says what a module is.
const ROOT_MARKERS: &[&str] = &[".git", "pyproject.toml", "setup.py", "setup.cfg"];

/// A test module: `test_*.py`, `*_test.py`, `conftest.py`, or anything under a
/// `tests`/`test`/`_tests` folder. Tests open throwaway databases (temporary files,
/// `:memory:`), hold locks on purpose to exercise a library, and leave a failed
/// test's connection to the process exit: the production hazards that the
/// configuration and lifecycle codemods look for do not apply to them (on the
/// corpus, 37 of 84 false positives were in test suites).
///
/// Only the folders below the project root count: a checkout in a folder named
/// `test` (GitHub Actions checks a repository `test` out to `.../test/test`) is
/// not a test suite.
pub fn is_test_module(path: &Path) -> bool {
    // Asked per function and per call by the summaries and several rules (18,000
    // times on 200 files); each answer costs an absolute path and a walk up.
    thread_local! {
        static KNOWN: std::cell::RefCell<rustc_hash::FxHashMap<Box<[u8]>, bool>> =
            std::cell::RefCell::default();
    }
    let key = path.as_os_str().as_encoded_bytes();
    if let Some(known) = KNOWN.with_borrow(|k| k.get(key).copied()) {
        return known;
    }
    let answer = under_test_folder(path);
    KNOWN.with_borrow_mut(|k| k.insert(key.into(), answer));
    answer
}

/// The folders a module sits in below its project's root, lower-cased,
/// outermost first (`Pkg/Examples/x.py` gives `pkg`, `examples`): what the
/// rules that tell a kind of code by its folder match against.
pub fn project_folders(path: &Path) -> Vec<String> {
    within_project(path)
        .parent()
        .into_iter()
        .flat_map(|p| p.components())
        .filter_map(|c| match c {
            std::path::Component::Normal(s) => Some(s.to_string_lossy().to_ascii_lowercase()),
            _ => None,
        })
        .collect()
}

/// A test module, or a script that runs a suite of tests or regression checks
/// by its name (`run_tests.py`, `runtests.py`, `tests.py`, `run_regression.py`,
/// `regression_runner.py`, `smoke_tests.py`): it drives the program against
/// throwaway data, once, from a developer's shell or CI, where a burst of
/// writers or a status write per case slows only the run itself.
pub fn is_test_runner(path: &Path) -> bool {
    if is_test_module(path) {
        return true;
    }
    let Some(stem) = path
        .file_stem()
        .map(|s| s.to_string_lossy().to_ascii_lowercase())
    else {
        return false;
    };
    // By whole words: `run_testimonials.py` is no runner, nor is a
    // `regression.py` that fits a model.
    let words: Vec<&str> = stem.split(['_', '-']).collect();
    let about_tests = words.iter().any(|w| {
        matches!(
            *w,
            "test" | "tests" | "regress" | "regression" | "regressions"
        )
    });
    let runs = words.first() == Some(&"run") || words.contains(&"runner");
    matches!(stem.as_str(), "tests" | "runtests" | "testrunner")
        || (about_tests && runs)
        || words.last() == Some(&"tests")
}

fn under_test_folder(path: &Path) -> bool {
    within_project(path).components().any(|c| {
        let part = c.as_os_str().to_string_lossy();
        matches!(part.as_ref(), "tests" | "test" | "_tests")
            || (part.starts_with("test_") && part.ends_with(".py"))
            || part.ends_with("_test.py")
            || part == "conftest.py"
    })
}

/// A Django settings module for continuous integration or the test run
/// (`settings_ci.py`, `ci_settings.py`, `settings/ci.py`, `settings/testing.py`):
/// the database it names is the throwaway one a CI job migrates and tests
/// against, in one process, so pragma advice on it protects no running service.
/// By whole words of the file name, beside a `settings` word or folder.
pub fn is_ci_settings(path: &Path) -> bool {
    let Some(stem) = path
        .file_stem()
        .map(|s| s.to_string_lossy().to_ascii_lowercase())
    else {
        return false;
    };
    let words: Vec<&str> = stem.split(['_', '-', '.']).collect();
    let ci_word = words
        .iter()
        .any(|w| matches!(*w, "ci" | "test" | "tests" | "testing"));
    let settings = words.contains(&"settings")
        || path
            .parent()
            .and_then(Path::file_name)
            .is_some_and(|f| f.eq_ignore_ascii_case("settings"));
    ci_word && settings
}

/// `path` below the nearest folder holding a root marker. Without one, a
/// relative path as it is (below the folder sqlfix runs in), an absolute one by
/// its file name alone.
pub(crate) fn within_project(path: &Path) -> PathBuf {
    let Ok(absolute) = std::path::absolute(path) else {
        return path.to_path_buf();
    };
    let root = absolute.parent().and_then(project_root);
    match root.as_deref().and_then(|r| absolute.strip_prefix(r).ok()) {
        Some(rel) => rel.to_path_buf(),
        None if path.is_relative() => path.to_path_buf(),
        None => path.file_name().map(PathBuf::from).unwrap_or_default(),
    }
}

/// The nearest folder at or above `dir` holding a root marker. Remembered per
/// folder: every module of a folder asks, and each ask costs a stat per marker
/// and ancestor.
pub(super) fn project_root(dir: &Path) -> Option<PathBuf> {
    static ROOTS: Mutex<Option<HashMap<PathBuf, Option<PathBuf>>>> = Mutex::new(None);
    if let Some(known) = ROOTS.lock().ok()?.get_or_insert_default().get(dir) {
        return known.clone();
    }
    let root = if ROOT_MARKERS.iter().any(|m| dir.join(m).exists()) {
        Some(dir.to_path_buf())
    } else {
        dir.parent().and_then(project_root)
    };
    if let Ok(mut roots) = ROOTS.lock() {
        roots
            .get_or_insert_default()
            .insert(dir.to_path_buf(), root.clone());
    }
    root
}

/// A path spelled one way (inner `.` and doubled separators dropped), so two
/// spellings of one file meet as one key.
pub fn normalize(path: &Path) -> PathBuf {
    path.components().collect()
}

/// Every dotted name `path` can be imported by: `a/b/c.py` is `c`, `b.c` and
/// `a.b.c`; `a/b/__init__.py` is `b` and `a.b`.
pub fn dotted_names(path: &Path) -> Vec<String> {
    let mut parts: Vec<String> = path
        .components()
        .filter_map(|c| match c {
            std::path::Component::Normal(s) => Some(s.to_string_lossy().into_owned()),
            _ => None,
        })
        .collect();
    let Some(last) = parts.pop() else {
        return Vec::new();
    };
    let stem = last.strip_suffix(".py").unwrap_or(&last).to_string();
    if stem != "__init__" {
        parts.push(stem);
    }
    (0..parts.len()).map(|i| parts[i..].join(".")).collect()
}

/// Code that runs before anything else opens the database, or by hand: schema
/// migrations (`migrations/`, `migrate.py`, `migration_service.py`, Alembic's
/// `alembic/` tree).
pub fn is_startup_only(path: &Path) -> bool {
    path.iter().any(|part| {
        let part = part.to_string_lossy().to_ascii_lowercase();
        let stem = part.strip_suffix(".py").unwrap_or(&part);
        stem.starts_with("migrat")
            || stem.ends_with("_migration")
            || stem.ends_with("_migrations")
            || stem == "alembic"
    })
}

#[cfg(test)]
mod tests {
    use super::{is_ci_settings, is_test_module};
    use std::path::Path;

    #[test]
    fn ci_settings_modules_by_whole_words() {
        for ci in [
            "site/settings_ci.py",
            "site/ci_settings.py",
            "config/settings/ci.py",
            "config/settings/testing.py",
            "test_settings.py",
        ] {
            assert!(is_ci_settings(Path::new(ci)), "{ci}");
        }
        for live in [
            "site/settings.py",
            "config/settings/production.py",
            "ci_report.py",
            "site/cities_settings.py",
        ] {
            assert!(!is_ci_settings(Path::new(live)), "{live}");
        }
    }

    #[test]
    fn only_folders_below_the_project_root_count() {
        let checkout = tempfile::tempdir().unwrap();
        let repo = checkout.path().join("test").join("service");
        std::fs::create_dir_all(repo.join("tests")).unwrap();
        std::fs::write(repo.join("pyproject.toml"), "").unwrap();
        assert!(!is_test_module(&repo.join("app.py")));
        assert!(is_test_module(&repo.join("tests").join("app.py")));
        // No project root: an absolute path is judged by its file name.
        let loose = checkout.path().join("test").join("loose.py");
        assert!(!is_test_module(&loose));
        assert!(is_test_module(
            &checkout.path().join("test").join("test_loose.py")
        ));
    }

    #[test]
    fn test_modules() {
        for p in [
            "tests/x.py",
            "trio/_tests/check.py",
            "pkg/test/a.py",
            "test_app.py",
            "a/app_test.py",
            "conftest.py",
        ] {
            assert!(is_test_module(Path::new(p)), "{p}");
        }
        for p in [
            "app.py",
            "pkg/testing.py",
            "latest.py",
            "contest.py",
            "attestation/x.py",
        ] {
            assert!(!is_test_module(Path::new(p)), "{p}");
        }
    }
}
