//! One run over a set of paths: discover, load, index the project, check every
//! module, and (when asked) compute the fixed text of each file.

use std::path::PathBuf;

use rayon::prelude::*;

use crate::check::{self, check_model};
use crate::codemods::Codemod;
use crate::discover;
use crate::finding::Finding;
use crate::fix::Applicability;
use crate::fix::engine::{FixOutcome, fix_until_stable};
use crate::prefilter;
use crate::semantic::project::{ModuleSummary, summarize};
use crate::semantic::{Model, ProjectIndex};
use crate::settings::Settings;
use crate::source::{LoadError, SourceFile};

pub struct Options {
    pub paths: Vec<PathBuf>,
    pub settings: Settings,
    pub codemods: Vec<&'static dyn Codemod>,
    /// Compute fixes down to this applicability (`None`: only check).
    pub fix: Option<Applicability>,
}

/// A file that could not be checked or written; the run goes on without it.
#[derive(Debug, Clone)]
pub enum Problem {
    /// A path from the command line that does not exist or cannot be walked.
    Path(PathBuf, String),
    Load(PathBuf, LoadError),
    Syntax(PathBuf, String),
}

impl Problem {
    /// Whether this makes the run's result incomplete in a way the exit code must say.
    pub fn is_error(&self) -> bool {
        match self {
            Problem::Path(..) => true,
            Problem::Load(_, e) => e.is_io(),
            Problem::Syntax(..) => false,
        }
    }

    pub fn path(&self) -> &PathBuf {
        match self {
            Problem::Path(p, _) | Problem::Load(p, _) | Problem::Syntax(p, _) => p,
        }
    }
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let path = crate::diff::display_path(self.path());
        match self {
            Problem::Path(_, e) => write!(f, "{path}: {e}"),
            Problem::Load(_, e) => write!(f, "{path}: {e}"),
            Problem::Syntax(_, e) => write!(f, "{path}:{e}; not checked"),
        }
    }
}

pub struct FileResult {
    pub source: SourceFile,
    /// Findings on the file as it is.
    pub findings: Vec<Finding>,
    /// The fix loop's result, when fixes were asked for and some applied.
    pub fixed: Option<FixOutcome>,
    /// The fix loop could not run (its first check failed): said, not fatal.
    pub fix_error: Option<String>,
}

pub struct RunResult {
    /// Files with findings or fixes, in path order.
    pub files: Vec<FileResult>,
    pub problems: Vec<Problem>,
    /// Files looked at (after discovery).
    pub discovered: usize,
    /// Files parsed and checked (the prefilter skips the rest).
    pub checked: usize,
}

pub fn run(options: &Options) -> RunResult {
    let discovered = discover::python_files(&options.paths);
    let mut problems: Vec<Problem> = discovered
        .errors
        .iter()
        .map(|(p, e)| Problem::Path(p.clone(), e.clone()))
        .collect();
    let loaded: Vec<Result<SourceFile, Problem>> = discovered
        .files
        .par_iter()
        .map(|path| {
            SourceFile::read(path, options.settings.max_file_bytes)
                .map_err(|e| Problem::Load(path.clone(), e))
        })
        .collect();
    let mut sources = Vec::new();
    for item in loaded {
        match item {
            Ok(source) if prefilter::may_matter(&source.text) => sources.push(source),
            Ok(_) => {}
            Err(problem) => problems.push(problem),
        }
    }
    let parsed: Vec<_> = sources
        .into_par_iter()
        .map(|source| {
            let parsed = check::parse(&source.text);
            (source, parsed)
        })
        .collect();
    let mut modules = Vec::new();
    for (source, parsed) in &parsed {
        match parsed {
            Ok(parsed) => modules.push((source, parsed)),
            Err(e) => problems.push(Problem::Syntax(source.path.clone(), e.clone())),
        }
    }
    let models: Vec<Model<'_>> = modules
        .par_iter()
        .map(|(source, parsed)| {
            Model::build(&source.path, &source.text, parsed.suite(), parsed.tokens())
        })
        .collect();
    let index = build_index(&models);
    let codemods = &options.codemods;
    let settings = &options.settings;
    let mut files: Vec<FileResult> = models
        .par_iter()
        .zip(modules.par_iter())
        .filter_map(|(model, (source, _))| {
            let findings = check_model(model, &index, settings, codemods);
            if findings.is_empty() {
                return None;
            }
            let wants_fix = options.fix.is_some_and(|min| {
                findings.iter().any(|f| {
                    f.fix.as_ref().is_some_and(|x| {
                        x.applicability >= min && x.applicability > Applicability::DisplayOnly
                    })
                })
            });
            let (fixed, fix_error) = if wants_fix {
                let min = options.fix.unwrap_or(Applicability::Safe);
                match fix_until_stable(&source.text, min, |text| {
                    check::check_text(&source.path, text, &index, settings, codemods)
                }) {
                    Ok(outcome) => (Some(outcome), None),
                    Err(e) => (None, Some(e)),
                }
            } else {
                (None, None)
            };
            Some(FileResult {
                source: (*source).clone(),
                findings,
                fixed,
                fix_error,
            })
        })
        .collect();
    files.sort_by(|a, b| a.source.path.cmp(&b.source.path));
    problems.sort_by(|a, b| a.path().cmp(b.path()));
    RunResult {
        files,
        problems,
        discovered: discovered.files.len(),
        checked: models.len(),
    }
}

/// Two rounds: the second sees factories and helpers that live in other modules.
pub fn build_index(models: &[Model<'_>]) -> ProjectIndex {
    let first: Vec<ModuleSummary> = models.par_iter().map(|m| summarize(m, None)).collect();
    let first = ProjectIndex::new(first);
    let second: Vec<ModuleSummary> = models
        .par_iter()
        .enumerate()
        .map(|(i, m)| summarize(m, Some((&first, Some(i)))))
        .collect();
    ProjectIndex::new(second)
}
