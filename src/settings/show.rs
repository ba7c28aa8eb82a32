//! `sqlfix --show-settings [PATH]`: the configuration that applies to a path, with
//! the file it came from, as plain `key = value` lines.

use std::fmt::Write as _;
use std::path::Path;

use super::resolve::Resolver;

pub fn render(resolver: &Resolver, path: &Path) -> String {
    let abs = resolver.absolute(path);
    let config = resolver.for_path(&abs);
    let file_rules = config.rules_for(&abs);
    let mut out = String::new();
    let shown = crate::diff::display_path(path);
    let _ = writeln!(
        out,
        "# sqlfix {} settings for {shown}",
        env!("CARGO_PKG_VERSION")
    );
    let source = match (&config.file, resolver.overrides().isolated) {
        (_, true) => "none (--isolated): defaults and the command line".to_string(),
        (Some(file), _) => {
            let table = if file.file_name().is_some_and(|n| n == "pyproject.toml") {
                " [tool.sqlfix]"
            } else {
                ""
            };
            format!("{}{table}", file.display())
        }
        (None, _) => "none found: defaults and the command line".to_string(),
    };
    let _ = writeln!(out, "configuration = {source}");
    let _ = writeln!(out, "root = {}", config.root.display());
    let s = &config.settings;
    let list = |v: &[&str]| {
        format!(
            "[{}]",
            v.iter()
                .map(|x| format!("\"{x}\""))
                .collect::<Vec<_>>()
                .join(", ")
        )
    };
    let _ = writeln!(out, "rules = {}", list(&config.rules));
    let here: Vec<&str> = file_rules
        .codemods
        .iter()
        .map(|c| c.meta().id.as_str())
        .collect();
    if here != config.rules {
        let _ = writeln!(out, "rules-for-this-path = {}", list(&here));
    }
    let _ = writeln!(out, "fixable = {}", list(&config.fixable));
    let _ = writeln!(out, "unsafe-fixes = {}", config.unsafe_fixes);
    let _ = writeln!(
        out,
        "target-version = \"{}\"  # from {}",
        s.target_version, config.target_version_source
    );
    let _ = writeln!(out, "busy-timeout-ms = {}", s.busy_timeout_ms);
    let _ = writeln!(out, "synchronous = \"{}\"", s.synchronous);
    let pragmas: Vec<String> = s
        .extra_pragmas
        .iter()
        .map(|(k, v)| format!("{k} = \"{v}\""))
        .collect();
    let _ = writeln!(out, "pragmas = {{ {} }}", pragmas.join(", "));
    let _ = writeln!(
        out,
        "json-atomic-helper = {}",
        s.json_atomic_helper
            .as_deref()
            .map_or("none".to_string(), |h| format!("\"{h}\""))
    );
    let _ = writeln!(out, "dead-code = \"{}\"", s.dead_code.name());
    let excludes: Vec<&str> = config.exclude_patterns.iter().map(String::as_str).collect();
    let _ = writeln!(out, "exclude = {}", list(&excludes));
    let _ = writeln!(out, "per-file-ignores = {{");
    for (pattern, codes) in &config.per_file_ignore_patterns {
        let codes: Vec<&str> = codes.iter().map(String::as_str).collect();
        let _ = writeln!(out, "    \"{pattern}\" = {},", list(&codes));
    }
    let _ = writeln!(out, "}}");
    let _ = writeln!(out, "cache-dir = {}", config.cache_dir.display());
    let _ = writeln!(out, "excluded = {}", resolver.is_excluded(&abs));
    out
}
