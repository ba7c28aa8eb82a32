//! Test and developer code outside the test folders the project-wide rule
//! knows (semantic::paths): a fixture writer in `testing/` or `fixtures/`, a
//! Django app's `tests.py`, a module that imports `pytest` or `unittest` to
//! build its cases, a `test_*` function or a `Test*` class, and a developer's
//! script under `dev/` or named `dev_*.py` / `debug_*.py`. They write files
//! for one run of a test or of a person at a terminal: a torn fixture fails
//! that run in front of whoever ran it, and the next run writes it again. No
//! deployed program resumes from them.

use std::path::{Component, Path};

use crate::semantic::model::{Call, Model};

/// Folders of test support and developer tooling.
const FOLDERS: &[&str] = &[
    "testing",
    "fixtures",
    "testdata",
    "test_data",
    "test_utils",
    "testutils",
    "test_support",
    "dev",
    "devtools",
    "dev_tools",
    "dev-tools",
    "dev_scripts",
    "dev-scripts",
];

/// The whole module is test support or a developer's script.
pub(super) fn test_or_dev_module(model: &Model<'_>) -> bool {
    test_or_dev_path(model.path) || imports_test_framework(model.text)
}

fn test_or_dev_path(path: &Path) -> bool {
    // Below the project's root: a checkout kept under `~/dev/` is not dev code.
    let parts: Vec<String> = crate::semantic::paths::within_project(path)
        .components()
        .filter_map(|c| match c {
            Component::Normal(s) => Some(s.to_string_lossy().to_ascii_lowercase()),
            _ => None,
        })
        .collect();
    let Some((file, folders)) = parts.split_last() else {
        return false;
    };
    folders.iter().any(|f| FOLDERS.contains(&f.as_str()))
        || matches!(
            file.as_str(),
            "tests.py" | "testing.py" | "fixtures.py" | "test_utils.py" | "testutils.py"
        )
        || file.ends_with("_tests.py")
        || file.ends_with("_fixtures.py")
        || file.starts_with("dev_")
        || file.starts_with("debug_")
}

/// A module that builds test cases: it imports `pytest`, `unittest` (not only
/// `unittest.mock`, which programs use too) or `hypothesis`.
fn imports_test_framework(text: &str) -> bool {
    // Asked of every module with a write: most name no framework at all, and
    // a search for the names is far cheaper than reading the module by line.
    if !["pytest", "hypothesis", "unittest"]
        .iter()
        .any(|name| text.contains(name))
    {
        return false;
    }
    text.lines().any(|line| {
        let line = line.trim_start();
        let module = line
            .strip_prefix("import ")
            .or_else(|| line.strip_prefix("from "))
            .map(|rest| rest.split([' ', ',', '.']).next().unwrap_or(""));
        match module {
            Some("pytest" | "hypothesis") => true,
            Some("unittest") => {
                !line.starts_with("from unittest.mock")
                    && !line.starts_with("from unittest import mock")
            }
            _ => false,
        }
    })
}

/// The write is in a `test_*` function or in a method of a `Test*` class.
pub(super) fn in_test_function(model: &Model<'_>, call: &Call<'_>) -> bool {
    call.scope.is_some_and(|id| {
        let qualname = &model.scopes.function(id).qualname;
        qualname.split('.').any(|part| {
            part.starts_with("test_")
                || (part.starts_with("Test")
                    && part[4..].starts_with(|c: char| c.is_ascii_uppercase()))
        })
    })
}
