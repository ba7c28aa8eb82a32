//! The flags of a check run. Options that a configuration file can also set have
//! the same names as its keys and override it.

use std::path::PathBuf;

use clap::{Args, ValueEnum};

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    /// Colors on a terminal, unless NO_COLOR is set.
    #[default]
    Auto,
    Always,
    Never,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    /// Each finding, its fix and note (the default).
    #[value(alias = "full")]
    #[default]
    Text,
    /// One line per finding.
    Concise,
    /// An array with one object per finding, each naming its root cause.
    Json,
    /// The root causes: counts, and each root with its sites.
    JsonRoots,
    /// GitHub Actions annotations.
    Github,
    /// SARIF 2.1.0 (GitHub code scanning).
    Sarif,
    /// JUnit XML.
    Junit,
}

#[derive(Args, Debug, Default)]
pub struct CheckArgs {
    /// Files or folders to check [default: .]
    pub paths: Vec<PathBuf>,

    // Modes.
    /// Show each finding with the diff of its fix; write nothing.
    #[arg(long, conflicts_with_all = ["fix", "diff"], help_heading = "Modes")]
    pub dry_run: bool,
    /// Apply the safe fixes (and the unsafe ones with --unsafe-fixes).
    #[arg(long, conflicts_with = "diff", help_heading = "Modes")]
    pub fix: bool,
    /// Print only the patch --fix would write, with a/ b/ headers for `git apply`.
    #[arg(long, help_heading = "Modes")]
    pub diff: bool,
    /// With --fix: show each fix's diff and ask [y]es / [n]o / [a]ll / [q]uit.
    #[arg(long, requires = "fix", help_heading = "Modes")]
    pub interactive: bool,
    /// With --fix: commit the fixes on a new branch NAME made from HEAD, leaving
    /// the current branch and working tree as they are.
    #[arg(long, value_name = "NAME", requires = "fix", help_heading = "Modes")]
    pub branch: Option<String>,
    /// Add `# sqlfix: ignore[ID]` comments for the current findings.
    #[arg(long, conflicts_with_all = ["fix", "diff", "dry_run"], help_heading = "Modes")]
    pub add_noqa: bool,
    /// Print the settings that apply to PATH (default `.`) and where they come from.
    #[arg(long, help_heading = "Modes")]
    pub show_settings: bool,

    // Rule selection (same names as the configuration's keys).
    /// Only these rules (ids or prefixes, comma-separated); replaces the configuration's.
    #[arg(
        long,
        value_delimiter = ',',
        value_name = "RULES",
        help_heading = "Rules"
    )]
    pub select: Option<Vec<String>>,
    /// Add these rules to the selection.
    #[arg(
        long,
        value_delimiter = ',',
        value_name = "RULES",
        help_heading = "Rules"
    )]
    pub extend_select: Vec<String>,
    /// Skip these rules.
    #[arg(
        long,
        value_delimiter = ',',
        value_name = "RULES",
        help_heading = "Rules"
    )]
    pub ignore: Vec<String>,
    /// Skip rules in some files: `GLOB:RULES` (e.g. `tests/*.py:SQF501,SQF2`); repeatable.
    #[arg(long, value_name = "GLOB:RULES", help_heading = "Rules")]
    pub per_file_ignores: Vec<String>,
    /// Only these rules' fixes may be applied.
    #[arg(
        long,
        value_delimiter = ',',
        value_name = "RULES",
        help_heading = "Rules"
    )]
    pub fixable: Option<Vec<String>>,
    /// These rules' fixes are shown, never applied.
    #[arg(
        long,
        value_delimiter = ',',
        value_name = "RULES",
        help_heading = "Rules"
    )]
    pub unfixable: Vec<String>,
    /// Also apply (or show in --diff) the fixes that can change behaviour.
    #[arg(long, overrides_with = "no_unsafe_fixes", help_heading = "Rules")]
    pub unsafe_fixes: bool,
    /// Do not apply unsafe fixes, whatever the configuration says.
    #[arg(long, overrides_with = "unsafe_fixes", help_heading = "Rules")]
    pub no_unsafe_fixes: bool,

    // Files and configuration.
    /// Globs of files and folders to skip; replaces the configuration's (and the defaults).
    #[arg(
        long,
        value_delimiter = ',',
        value_name = "GLOBS",
        help_heading = "Files and configuration"
    )]
    pub exclude: Option<Vec<String>>,
    /// Globs to skip in addition.
    #[arg(
        long,
        value_delimiter = ',',
        value_name = "GLOBS",
        help_heading = "Files and configuration"
    )]
    pub extend_exclude: Vec<String>,
    /// The oldest Python the fixed code must run on.
    #[arg(long, value_parser = ["py38", "py39", "py310", "py311", "py312", "py313"], help_heading = "Files and configuration")]
    pub target_version: Option<String>,
    /// The busy timeout fixes write, in milliseconds.
    #[arg(long, value_name = "MS", help_heading = "Files and configuration")]
    pub busy_timeout_ms: Option<u32>,
    /// Use this configuration file for every file (instead of the nearest one).
    #[arg(long, value_name = "PATH", help_heading = "Files and configuration")]
    pub config: Option<PathBuf>,
    /// Ignore every configuration file.
    #[arg(
        long,
        conflicts_with = "config",
        help_heading = "Files and configuration"
    )]
    pub isolated: bool,
    /// Do not read or write the cache (.sqlfix_cache).
    #[arg(long, help_heading = "Files and configuration")]
    pub no_cache: bool,

    // Output.
    #[arg(long, value_enum, default_value = "text", help_heading = "Output")]
    pub output_format: OutputFormat,
    /// Write the output to FILE instead of standard output.
    #[arg(short = 'o', long, value_name = "FILE", help_heading = "Output")]
    pub output_file: Option<PathBuf>,
    #[arg(long, value_enum, default_value = "auto", help_heading = "Output")]
    pub color: ColorChoice,
    /// List the fixes applied (or, without --fix, that would be) per file and rule.
    #[arg(long, help_heading = "Output")]
    pub show_fixes: bool,
    /// Count the findings per rule instead of listing them.
    #[arg(long, help_heading = "Output")]
    pub statistics: bool,
    /// Exit 0 even when findings remain (2 still means an error).
    #[arg(long, help_heading = "Output")]
    pub exit_zero: bool,
    /// With --fix: exit 1 when files were changed, even if no finding remains (for hooks).
    #[arg(long, help_heading = "Output")]
    pub exit_non_zero_on_fix: bool,
    /// Print the time of each phase (discover, read, prefilter, parse, model,
    /// summarize, index, check, fix, diff, output) on stderr; also SQLFIX_TIMINGS=1.
    #[arg(long, help_heading = "Output")]
    pub timings: bool,
}
