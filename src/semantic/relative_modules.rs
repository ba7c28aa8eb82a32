//! The project modules a relative import (`from ..store import db`) can name,
//! found by table instead of by building and hashing candidate paths.
//!
//! A relative import is resolved for every call and class reference that goes
//! through one, so the folders above each module and the dotted names of the
//! modules under each folder are worked out once, when the index is built.

use rustc_hash::FxHashMap as HashMap;
use std::path::{Component, Path, PathBuf};

#[derive(Default)]
pub struct RelativeModules {
    /// Per module: the folders above it, nearest first (`parent()` after
    /// `parent()`), as positions in `under`.
    ancestors: Vec<Vec<usize>>,
    /// Per folder: the modules below it by the dotted name that reaches them
    /// from there (`a/b.py` and `a/b/__init__.py` are both `a.b`, in that order).
    under: Vec<HashMap<String, Vec<usize>>>,
}

impl RelativeModules {
    pub fn new(paths: &[&Path]) -> RelativeModules {
        let mut folders: HashMap<PathBuf, usize> = HashMap::default();
        let mut table = RelativeModules::default();
        for (id, path) in paths.iter().enumerate() {
            let mut chain = Vec::new();
            let mut folder = path.parent();
            while let Some(dir) = folder {
                let at = *folders.entry(dir.to_path_buf()).or_insert_with(|| {
                    table.under.push(HashMap::default());
                    table.under.len() - 1
                });
                if let Some(name) = dotted_below(path, dir) {
                    table.under[at].entry(name).or_default().push(id);
                }
                chain.push(at);
                folder = dir.parent();
            }
            table.ancestors.push(chain);
        }
        for names in &mut table.under {
            for ids in names.values_mut() {
                // The plain module before the package, as the paths were tried.
                ids.sort_by_key(|&id| is_package(paths[id]));
            }
        }
        table
    }

    /// The modules `from ... import` with `level` dots and `module_name` names
    /// from module `from`; `None` when the dots climb above the first folder.
    pub fn named(&self, from: usize, level: usize, module_name: &str) -> Option<&[usize]> {
        let folder = *self.ancestors[from].get(level.checked_sub(1)?)?;
        Some(
            self.under[folder]
                .get(module_name)
                .map_or(&[][..], Vec::as_slice),
        )
    }
}

fn is_package(path: &Path) -> bool {
    path.file_name().is_some_and(|n| n == "__init__.py")
}

/// `dir/a/b.py` and `dir/a/b/__init__.py` are `a.b` below `dir`; nothing for a
/// path that is not plainly below it, nor for `dir/__init__.py` itself.
fn dotted_below(path: &Path, dir: &Path) -> Option<String> {
    let rest = path.strip_prefix(dir).ok()?;
    let mut parts = Vec::new();
    for component in rest.components() {
        match component {
            Component::Normal(part) => parts.push(part.to_str()?),
            _ => return None,
        }
    }
    let file = parts.pop()?;
    if file != "__init__.py" {
        parts.push(file.strip_suffix(".py")?);
    }
    (!parts.is_empty()).then(|| parts.join("."))
}

#[cfg(test)]
mod tests {
    use super::RelativeModules;
    use std::path::Path;

    #[test]
    fn dots_climb_folders_and_name_modules_below() {
        let paths = [
            Path::new("app/api/routes.py"),
            Path::new("app/store.py"),
            Path::new("app/db/__init__.py"),
            Path::new("app/db.py"),
            Path::new("app/db/models.py"),
        ];
        let table = RelativeModules::new(&paths);
        // `from .store import x` in app/api/routes.py names app/api/store.py: none.
        assert_eq!(table.named(0, 1, "store"), Some(&[][..]));
        assert_eq!(table.named(0, 2, "store"), Some(&[1][..]));
        // The plain module first, then the package, as the paths were tried.
        assert_eq!(table.named(0, 2, "db"), Some(&[3, 2][..]));
        assert_eq!(table.named(0, 2, "db.models"), Some(&[4][..]));
        // app/api → app → "" → nothing above.
        assert_eq!(table.named(0, 3, "app.store"), Some(&[1][..]));
        assert_eq!(table.named(0, 4, "app.store"), None);
        assert_eq!(table.named(0, 0, "store"), None);
    }
}
