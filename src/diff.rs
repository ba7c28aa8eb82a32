//! Unified diffs with git-style `a/` `b/` headers, so `sqlfix --diff | git apply` works.

use std::path::Path;

use similar::TextDiff;

pub fn unified(path: &Path, old: &str, new: &str) -> String {
    let name = display_path(path);
    let diff = TextDiff::from_lines(old, new);
    let mut out = String::new();
    let body = diff
        .unified_diff()
        .context_radius(3)
        .header(&format!("a/{name}"), &format!("b/{name}"))
        .missing_newline_hint(true)
        .to_string();
    out.push_str(&body);
    out
}

/// Forward slashes and no leading `./`, as git prints paths.
pub fn display_path(path: &Path) -> String {
    let text = forward_slashes(path);
    text.strip_prefix("./").unwrap_or(&text).to_string()
}

/// The path with `/` between its parts. Only Windows uses `\` as a separator; on
/// POSIX a backslash is part of a file's name and is kept, so `--diff | git apply`
/// finds the file.
pub fn forward_slashes(path: &Path) -> String {
    let text = path.to_string_lossy();
    if cfg!(windows) {
        text.replace('\\', "/")
    } else {
        text.into_owned()
    }
}
