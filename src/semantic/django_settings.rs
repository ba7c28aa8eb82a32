//! Which Django settings modules the project's served programs load.
//!
//! Django reads one settings module, the one `DJANGO_SETTINGS_MODULE` names:
//! `manage.py`, `wsgi.py` and `asgi.py` set its default, and a deployment file
//! (Dockerfile, compose file, Procfile, `.env`, start script) or a command's
//! `--settings=` may name another. A repository often ships more settings
//! modules than the app serves with: one for a documentation or media build,
//! one for packaging an extension, one a contrib package's test runner uses.
//! Those run once, in one process, and no request ever reaches their
//! database, so pragma advice on them protects nothing.
//!
//! A settings module counts as served when some entry names it, when it sits
//! beside or inside a named one (`settings/prod.py` beside `settings/base.py`,
//! chosen at deploy time from outside the repository), or when a named one
//! imports it. Without any entry that names a settings module, every one may
//! be served: the answer is only given where the project says which it loads.

use rustc_hash::FxHashSet as HashSet;
use std::path::{Path, PathBuf};

use super::project::ProjectIndex;

/// The settings modules the project's entries name, as dotted names.
#[derive(Debug, Default)]
struct Named {
    dotted: Vec<String>,
    /// The module files they resolve to, and what those import, and the texts
    /// of the named files (for star imports the index does not keep).
    reached: HashSet<PathBuf>,
    texts: Vec<String>,
    /// The folders of the named modules (a package's own folder for a
    /// package): the settings variants chosen beside them.
    dirs: Vec<(PathBuf, bool)>,
}

/// File names of the programs Django starts from.
fn is_entry(path: &Path) -> bool {
    matches!(
        path.file_name().and_then(|n| n.to_str()),
        Some("manage.py" | "wsgi.py" | "asgi.py")
    )
}

/// `Some(why)` when `path` is a settings module no served program loads: the
/// project's entries name other settings modules and none of them is it, sits
/// beside it, or imports it.
pub fn unserved(index: &ProjectIndex, path: &Path) -> Option<String> {
    let named = index.memo(compute);
    if named.dotted.is_empty() || named.reached.contains(path) {
        return None;
    }
    let dotted = dotted_path(path);
    let stem = path.file_stem()?.to_str()?;
    let dir = path.parent();
    let served = named.dotted.iter().any(|n| {
        let parent = n.rsplit_once('.').map_or("", |(p, _)| p);
        ends_with_name(&dotted, n)
            // A module of the named settings package.
            || dotted.contains(&format!("{n}."))
            // Beside the named module: another settings variant.
            || (!parent.is_empty() && ends_with_name(&dotted, &format!("{parent}.{stem}")))
    }) || dir.is_some_and(|d| {
        named
            .dirs
            .iter()
            .any(|(n, package)| d == n || (*package && d.starts_with(n)))
    }) || named.texts.iter().any(|t| {
        t.lines().any(|l| {
            l.contains("import")
                && l.split(|c: char| !c.is_alphanumeric() && c != '_')
                    .any(|w| w == stem)
        })
    });
    (!served).then(|| {
        format!(
            "the project's programs load {} (DJANGO_SETTINGS_MODULE), not this settings module",
            named.dotted.join(", ")
        )
    })
}

/// `a/b/settings.py` as `a.b.settings` (a package's `__init__.py` as the package).
fn dotted_path(path: &Path) -> String {
    let no_ext = path.with_extension("");
    let mut parts: Vec<String> = no_ext
        .components()
        .filter_map(|c| match c {
            std::path::Component::Normal(s) => Some(s.to_string_lossy().into_owned()),
            _ => None,
        })
        .collect();
    if parts.last().is_some_and(|p| p == "__init__") {
        parts.pop();
    }
    parts.join(".")
}

/// Whether dotted `full` is `name` or ends with `.name`.
fn ends_with_name(full: &str, name: &str) -> bool {
    full == name || full.ends_with(&format!(".{name}"))
}

fn compute(index: &ProjectIndex) -> Named {
    let files = || index.modules.iter().map(|m| m.path.as_path());
    // The entries sit beside the settings (`wsgi.py`) or above them
    // (`manage.py`); the index may hold only the modules that use a database.
    let mut texts: Vec<String> =
        super::deployment::named_texts(files(), |n| is_entry(Path::new(n)))
            .into_iter()
            .map(|(_, t)| t)
            .collect();
    let deployment = super::deployment::named_texts(files(), |n| {
        // Test-run configs (pytest.ini, tox.ini, setup.cfg) name test settings:
        // a test run is one process too, so they do not count.
        n == ".env" || n.ends_with(".env")
    });
    texts.extend(
        super::deployment::texts(files())
            .into_iter()
            .map(|(_, t)| t),
    );
    texts.extend(deployment.into_iter().map(|(_, t)| t));
    let mut dotted: Vec<String> = texts.iter().flat_map(|t| settings_names(t)).collect();
    dotted.sort();
    dotted.dedup();
    let mut reached = HashSet::default();
    let mut named_texts = Vec::new();
    let mut dirs = Vec::new();
    for (m, module) in index.modules.iter().enumerate() {
        if !dotted
            .iter()
            .any(|n| ends_with_name(&dotted_path(&module.path), n))
        {
            continue;
        }
        reached.insert(module.path.clone());
        if let Some(dir) = module.path.parent() {
            let package = module.path.file_stem().is_some_and(|s| s == "__init__");
            dirs.push((dir.to_path_buf(), package));
        }
        for i in index.imported_by(m) {
            reached.insert(index.modules[i].path.clone());
        }
        if let Ok(text) = std::fs::read_to_string(&module.path) {
            named_texts.push(text);
        }
    }
    Named {
        dotted,
        reached,
        texts: named_texts,
        dirs,
    }
}

/// The dotted names a text gives `DJANGO_SETTINGS_MODULE` or `--settings`:
/// the first dotted word after either on its line.
fn settings_names(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for line in text.lines() {
        for key in ["DJANGO_SETTINGS_MODULE", "--settings"] {
            let mut rest = line;
            while let Some(at) = rest.find(key) {
                rest = &rest[at + key.len()..];
                let name = rest
                    .split(|c: char| !(c.is_alphanumeric() || c == '_' || c == '.'))
                    .find(|w| {
                        !w.is_empty()
                            && w.chars()
                                .next()
                                .is_some_and(|c| c.is_alphabetic() || c == '_')
                    });
                if let Some(name) = name
                    && !matches!(name, "os" | "environ" | "setdefault" | "get")
                {
                    out.push(name.trim_end_matches('.').to_string());
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{dotted_path, settings_names};
    use std::path::Path;

    #[test]
    fn names_from_entries_and_deployment_lines() {
        assert_eq!(
            settings_names(
                "os.environ.setdefault(\"DJANGO_SETTINGS_MODULE\", \"shop.settings.dev\")"
            ),
            vec!["shop.settings.dev"]
        );
        assert_eq!(
            settings_names("ENV DJANGO_SETTINGS_MODULE=shop.settings.prod"),
            vec!["shop.settings.prod"]
        );
        assert_eq!(
            settings_names("web: python manage.py migrate --settings=shop.prod && gunicorn"),
            vec!["shop.prod"]
        );
        assert_eq!(
            settings_names("os.environ[\"DJANGO_SETTINGS_MODULE\"] = \"mysite.settings\""),
            vec!["mysite.settings"]
        );
    }

    #[test]
    fn dotted_paths() {
        assert_eq!(dotted_path(Path::new("a/b/settings.py")), "a.b.settings");
        assert_eq!(
            dotted_path(Path::new("./a/settings/__init__.py")),
            "a.settings"
        );
    }
}
