//! One run over a set of paths: discover, load, index the project, check every
//! module, and (when asked) compute the fixed text of each file.

use std::path::PathBuf;
use std::sync::OnceLock;

use ruff_python_ast::ModModule;
use ruff_python_parser::Parsed;

use rayon::prelude::*;

use crate::check::{self, check_model};
use crate::codemods::Codemod;
use crate::discover;
use crate::finding::Finding;
use crate::fix::Applicability;
use crate::fix::engine::{FixOutcome, fix_until_stable};
use crate::prefilter;
use crate::semantic::environment::{self, Observation};
use crate::semantic::project::{ModuleSummary, summarize};
use crate::semantic::{Model, ProjectIndex, ProjectView};
use crate::settings::Settings;
use crate::source::{LoadError, SourceFile};

pub struct Options {
    pub paths: Vec<PathBuf>,
    pub settings: Settings,
    pub codemods: Vec<&'static dyn Codemod>,
    /// Compute fixes down to this applicability (`None`: only check).
    pub fix: Option<Applicability>,
    /// Gather what the code says about its SQLite environment (for the audit report).
    pub observe: bool,
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
    /// With [`Options::observe`]: the environment facts, in path order.
    pub observations: Vec<Observation>,
}

pub fn run(options: &Options) -> RunResult {
    let timer = Timer::new();
    let discovered = discover::python_files(&options.paths);
    let mut problems: Vec<Problem> = discovered
        .errors
        .iter()
        .map(|(p, e)| Problem::Path(p.clone(), e.clone()))
        .collect();
    timer.lap("discover");
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
            Ok(source) => sources.push(source),
            Err(problem) => problems.push(problem),
        }
    }
    timer.lap("read");
    // Parsed trees live in slots filled round by round, so that models built in
    // the first round can stay while the second round parses more files.
    let slots: Vec<OnceLock<Result<Parsed<ModModule>, String>>> =
        sources.iter().map(|_| OnceLock::new()).collect();
    let first_round: Vec<usize> = (0..sources.len())
        .into_par_iter()
        .filter(|&i| {
            prefilter::may_matter(&sources[i].text)
                || (options.observe && prefilter::may_name_database(&sources[i].text))
        })
        .collect();
    timer.lap("prefilter");
    let mut models = parse_and_model(&sources, &slots, &first_round);
    timer.note(&format!("first round: {} files", first_round.len()));
    let mut first: Vec<ModuleSummary> =
        models.par_iter().map(|(_, m)| summarize(m, None)).collect();
    // Second round: files that call what the first round found doing database I/O.
    let names: Vec<(String, String)> = first
        .iter()
        .flat_map(|m| {
            let stem = module_stem(&m.path);
            m.functions
                .iter()
                .filter(|f| !f.is_async && (f.direct_io || f.factory.is_some()))
                .map(move |f| {
                    (
                        f.qualname
                            .rsplit('.')
                            .next()
                            .unwrap_or(&f.qualname)
                            .to_string(),
                        stem.clone(),
                    )
                })
        })
        .filter(|(name, _)| !is_api_or_test_name(name))
        .collect();
    let filter = prefilter::NameFilter::new(&names);
    let second_round: Vec<usize> = (0..sources.len())
        .into_par_iter()
        .filter(|&i| {
            let text = &sources[i].text;
            slots[i].get().is_none()
                && memchr::memmem::find(text.as_bytes(), b"async def").is_some()
                && filter.mentions(text)
        })
        .collect();
    let more = parse_and_model(&sources, &slots, &second_round);
    timer.note(&format!("second round: {} files", second_round.len()));
    first.extend(
        more.par_iter()
            .map(|(_, m)| summarize(m, None))
            .collect::<Vec<_>>(),
    );
    models.extend(more);
    timer.lap("parse+model");
    for (i, slot) in slots.iter().enumerate() {
        if let Some(Err(e)) = slot.get() {
            problems.push(Problem::Syntax(sources[i].path.clone(), e.clone()));
        }
    }
    let index = second_pass_index(&models, first);
    timer.lap("index");
    let mut observations: Vec<Observation> = if options.observe {
        models
            .par_iter()
            .flat_map_iter(|(_, model)| {
                environment::observe(model, &ProjectView::indexed(&index, model))
            })
            .collect()
    } else {
        Vec::new()
    };
    observations.sort_by(|a, b| (&a.file, a.line, a.aspect).cmp(&(&b.file, b.line, b.aspect)));
    let codemods = &options.codemods;
    let settings = &options.settings;
    let mut files: Vec<FileResult> = models
        .par_iter()
        .filter_map(|(i, model)| {
            let source = &sources[*i];
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
                source: source.clone(),
                findings,
                fixed,
                fix_error,
            })
        })
        .collect();
    timer.lap("check");
    files.sort_by(|a, b| a.source.path.cmp(&b.source.path));
    problems.sort_by(|a, b| a.path().cmp(b.path()));
    RunResult {
        files,
        problems,
        discovered: discovered.files.len(),
        checked: models.len(),
        observations,
    }
}

/// How an import names a module: `db` for `app/db.py`, `app` for `app/__init__.py`.
fn module_stem(path: &std::path::Path) -> String {
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    if stem == "__init__" {
        path.parent()
            .and_then(|p| p.file_name())
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or(stem)
    } else {
        stem
    }
}

/// Names that would pull in every file using sqlite3's own API or unittest: a
/// project helper called `close` or `test_x` is not what the second round is for.
fn is_api_or_test_name(name: &str) -> bool {
    matches!(
        name,
        "close"
            | "connect"
            | "execute"
            | "executemany"
            | "executescript"
            | "commit"
            | "rollback"
            | "cursor"
            | "fetchone"
            | "fetchall"
            | "fetchmany"
    ) || name.starts_with("__")
        || name.starts_with("test")
        || name.starts_with("setUp")
        || name.starts_with("tearDown")
}

/// Parses the chosen files into their slots and builds a model for each that parses.
fn parse_and_model<'s>(
    sources: &'s [SourceFile],
    slots: &'s [OnceLock<Result<Parsed<ModModule>, String>>],
    chosen: &[usize],
) -> Vec<(usize, Model<'s>)> {
    chosen.par_iter().for_each(|&i| {
        let _ = slots[i].set(check::parse(&sources[i].text));
    });
    chosen
        .par_iter()
        .filter_map(|&i| {
            let parsed = slots[i].get()?.as_ref().ok()?;
            let source = &sources[i];
            Some((
                i,
                Model::build(&source.path, &source.text, parsed.suite(), parsed.tokens()),
            ))
        })
        .collect()
}

fn second_pass_index(models: &[(usize, Model<'_>)], first: Vec<ModuleSummary>) -> ProjectIndex {
    let first = ProjectIndex::new(first);
    let second: Vec<ModuleSummary> = models
        .par_iter()
        .enumerate()
        .map(|(i, (_, m))| summarize(m, Some((&first, Some(i)))))
        .collect();
    ProjectIndex::new(second)
}

/// Phase timings on stderr when `SQLFIX_TIMINGS` is set: where a run's time goes.
struct Timer {
    enabled: bool,
    start: std::time::Instant,
    last: std::cell::Cell<std::time::Instant>,
}

impl Timer {
    fn new() -> Timer {
        let now = std::time::Instant::now();
        Timer {
            enabled: std::env::var_os("SQLFIX_TIMINGS").is_some(),
            start: now,
            last: std::cell::Cell::new(now),
        }
    }

    fn note(&self, text: &str) {
        if self.enabled {
            #[allow(clippy::print_stderr)]
            {
                eprintln!("sqlfix: timing: {text}");
            }
        }
    }

    fn lap(&self, phase: &str) {
        if self.enabled {
            let now = std::time::Instant::now();
            #[allow(clippy::print_stderr)]
            {
                eprintln!(
                    "sqlfix: timing: {phase:<12} {:>7.1} ms (total {:>7.1} ms)",
                    (now - self.last.get()).as_secs_f64() * 1000.0,
                    (now - self.start).as_secs_f64() * 1000.0
                );
            }
            self.last.set(now);
        }
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
