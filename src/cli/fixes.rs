//! Running once and writing the fixes: what `check`, `--branch` and
//! `--interactive` share, kept apart so that those modes need not import each other.

use std::io::Write;
use std::path::PathBuf;
use std::sync::Arc;

use super::args::{CheckArgs, OutputFormat};
use super::{EXIT_CLEAN, EXIT_ERROR, EXIT_FINDINGS};
use crate::diff::display_path;
use crate::finding::Finding;
use crate::fix::Applicability;
use crate::fix::engine::AppliedFix;
use crate::run::{self, Options, RunResult};
use crate::settings::Settings;
use crate::settings::resolve::Resolver;
use crate::write::{WriteError, replace_file};

/// What a run decided, for the exit code.
#[derive(Default)]
pub struct Outcome {
    pub findings_remain: bool,
    pub files_changed: bool,
    pub failed: bool,
}

impl Outcome {
    pub fn exit_code(&self, args: &CheckArgs) -> i32 {
        if self.failed {
            EXIT_ERROR
        } else if args.exit_zero {
            EXIT_CLEAN
        } else if self.findings_remain || (args.exit_non_zero_on_fix && self.files_changed) {
            EXIT_FINDINGS
        } else {
            EXIT_CLEAN
        }
    }
}

/// Runs sqlfix once over `paths` with the resolved configuration.
pub fn run_once(
    args: &CheckArgs,
    paths: Vec<PathBuf>,
    resolver: &Arc<Resolver>,
    accept: Option<run::Accept>,
) -> Result<RunResult, String> {
    // A dry run runs the same fix simulation as `--fix`, nothing written: what it
    // promises is what `--fix` applies.
    let wants_fixes = args.fix || args.diff || args.show_fixes || args.dry_run;
    let use_cache = !args.no_cache && !wants_fixes && accept.is_none();
    // The cache keeps whole findings for any later report; the other formats,
    // `--add-noqa` and `--interactive` may read the edits.
    let drop_edits = !use_cache
        && !wants_fixes
        && accept.is_none()
        && args.output_format == OutputFormat::Text
        && !args.statistics
        && !args.add_noqa
        && !args.interactive;
    let options = Options {
        fix: wants_fixes.then_some(Applicability::Safe),
        resolver: Some(resolver.clone()),
        accept,
        project_context: true,
        drop_edits,
        ..Options::simple(paths, Settings::default(), crate::rules::all())
    };
    let result = if use_cache {
        crate::cache::run_cached(&options, resolver)
    } else {
        run::run(&options)
    };
    if let Some(e) = &result.config_error {
        return Err(e.clone());
    }
    Ok(result)
}

/// Problems on stderr; true when one of them is an error.
pub fn print_problems(result: &RunResult, err: &mut dyn Write) -> Result<bool, String> {
    let mut failed = false;
    for problem in &result.problems {
        let level = if problem.is_error() {
            "error"
        } else {
            "warning"
        };
        writeln!(err, "sqlfix: {level}: {problem}").map_err(|e| e.to_string())?;
        failed |= problem.is_error();
    }
    Ok(failed)
}

/// What `--fix` wrote, and what remains.
pub struct Written {
    pub applied: Vec<(String, Vec<AppliedFix>)>,
    /// Each file's text after fixing, with what remains in it.
    pub remaining: Vec<(PathBuf, String, Vec<Finding>)>,
    pub failed: bool,
}

/// Writes each file's fixed text; says on stderr what was refused or failed.
pub fn write_fixes(result: &RunResult, err: &mut dyn Write) -> Result<Written, String> {
    let mut written = Written {
        applied: Vec::new(),
        remaining: Vec::new(),
        failed: false,
    };
    for file in &result.files {
        let path = display_path(&file.source.path);
        if let Some(e) = &file.fix_error {
            writeln!(err, "sqlfix: error: {path}: not fixed: {e}").map_err(|e| e.to_string())?;
            written.failed = true;
        }
        let Some(outcome) = &file.fixed else {
            written.remaining.push((
                file.source.path.clone(),
                file.source.text.clone(),
                file.findings.clone(),
            ));
            continue;
        };
        for refused in &outcome.refused {
            writeln!(
                err,
                "sqlfix: warning: {path}: {} not applied ({}): {}",
                refused.id, refused.title, refused.reason
            )
            .map_err(|e| e.to_string())?;
        }
        if !outcome.converged {
            writeln!(
                err,
                "sqlfix: warning: {path}: fixes still changed the file after {} rounds; the rest were not applied",
                crate::fix::engine::MAX_ROUNDS
            )
            .map_err(|e| e.to_string())?;
        }
        let mut text = outcome.text.clone();
        let mut remaining = outcome.remaining.clone();
        if outcome.text != file.source.text {
            let read = file.source.encode(&file.source.text);
            match replace_file(&file.source.path, &read, &file.source.encode(&outcome.text)) {
                Ok(()) => written
                    .applied
                    .push((path.clone(), outcome.applied.clone())),
                Err(e) => {
                    report_unwritten(&path, &e, err)?;
                    written.failed |= matches!(e, WriteError::Io(_));
                    text = file.source.text.clone();
                    remaining = file.findings.clone();
                }
            }
        }
        written
            .remaining
            .push((file.source.path.clone(), text, remaining));
    }
    Ok(written)
}

/// A file left unwritten: a warning when skipped on purpose, an error when writing failed.
pub fn report_unwritten(path: &str, e: &WriteError, err: &mut dyn Write) -> Result<(), String> {
    let level = match e {
        WriteError::Skipped(_) => "warning",
        WriteError::Io(_) => "error",
    };
    writeln!(err, "sqlfix: {level}: {path}: {e}").map_err(|e| e.to_string())
}
