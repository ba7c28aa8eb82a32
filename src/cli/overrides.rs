//! The command line's options in the shape of a configuration file's, so that the
//! resolver applies them over whichever file applies.

use std::collections::BTreeMap;

use super::args::CheckArgs;
use crate::settings::config::FileOptions;
use crate::settings::resolve::Overrides;

pub fn of(args: &CheckArgs) -> Result<Overrides, String> {
    let mut per_file_ignores: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for entry in &args.per_file_ignores {
        let (pattern, codes) = entry.rsplit_once(':').ok_or_else(|| {
            format!("--per-file-ignores takes GLOB:RULES (e.g. `tests/*.py:SQF501`), not `{entry}`")
        })?;
        per_file_ignores
            .entry(pattern.to_string())
            .or_default()
            .extend(
                codes
                    .split(',')
                    .map(str::trim)
                    .filter(|c| !c.is_empty())
                    .map(str::to_string),
            );
    }
    let unsafe_fixes = if args.unsafe_fixes {
        Some(true)
    } else if args.no_unsafe_fixes {
        Some(false)
    } else {
        None
    };
    Ok(Overrides {
        options: FileOptions {
            select: args.select.clone(),
            extend_select: args.extend_select.clone(),
            ignore: args.ignore.clone(),
            exclude: args.exclude.clone(),
            extend_exclude: args.extend_exclude.clone(),
            per_file_ignores,
            fixable: args.fixable.clone(),
            unfixable: args.unfixable.clone(),
            unsafe_fixes,
            target_version: args.target_version.clone(),
            busy_timeout_ms: args.busy_timeout_ms,
            ..FileOptions::default()
        },
        config: args.config.clone(),
        isolated: args.isolated,
    })
}
