//! One run over a set of paths: discover, load, index the project, check every
//! module, and (when asked) compute the fixed text of each file.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, OnceLock};
use std::time::{Duration, Instant};

use rayon::prelude::*;
use ruff_python_ast::ModModule;
use ruff_python_parser::Parsed;

use crate::check::{self, check_model};
use crate::codemods::Codemod;
use crate::discover;
use crate::finding::Finding;
use crate::fix::Applicability;
use crate::fix::engine::{FixOutcome, fix_until_stable_after};
use crate::fix::shared_helpers;
use crate::prefilter;
use crate::semantic::environment::{self, Observation};
use crate::semantic::facts;
use crate::semantic::project::{CallRef, ModuleSummary};
use crate::semantic::summarize::{
    complete, local_of_first, local_summary, local_summary_deferring,
};
use crate::semantic::{Model, ProjectIndex, ProjectView};
use crate::semantic::{import_graph, paths};
use crate::settings::Settings;
use crate::settings::resolve::{FileRules, Resolver};
use crate::source::{LoadError, SourceFile};
use crate::timings;

/// Which fixes an interactive review accepted: given the file, its current text and
/// the finding.
pub type Accept = Arc<dyn Fn(&Path, &str, &Finding) -> bool + Send + Sync>;

pub struct Options {
    pub paths: Vec<PathBuf>,
    pub settings: Settings,
    pub codemods: Vec<&'static dyn Codemod>,
    /// Compute fixes down to this applicability (`None`: only check).
    pub fix: Option<Applicability>,
    /// Gather what the code says about its SQLite environment (for the audit report).
    pub observe: bool,
    /// The configuration of each file (rules, settings, excludes). `None`:
    /// `settings` and `codemods` for every file, and the built-in excludes.
    pub resolver: Option<Arc<Resolver>>,
    /// With `fix`: apply only the fixes this accepts.
    pub accept: Option<Accept>,
    /// When files are named on the command line (as pre-commit does), also index,
    /// without reporting, the rest of their project: the folder of their
    /// configuration file, or else their git work tree.
    pub project_context: bool,
    /// The report shows each fix's title and applicability, never its edits (a
    /// plain text check, uncached): each file's edits are dropped once checked.
    /// They are about a third of a finding's memory (the helpers they insert).
    pub drop_edits: bool,
}

impl Options {
    /// Every file checked with `settings` and `codemods`, nothing else on.
    pub fn simple(
        paths: Vec<PathBuf>,
        settings: Settings,
        codemods: Vec<&'static dyn Codemod>,
    ) -> Options {
        Options {
            paths,
            settings,
            codemods,
            fix: None,
            observe: false,
            resolver: None,
            accept: None,
            project_context: false,
            drop_edits: false,
        }
    }

    /// The settings and rules for one file.
    fn policy(&self, path: &Path) -> (Settings, FileRules) {
        match &self.resolver {
            Some(resolver) => {
                let abs = resolver.absolute(path);
                let config = resolver.for_path(&abs);
                (config.settings.clone(), config.rules_for(&abs))
            }
            None => (
                self.settings.clone(),
                FileRules::of(&self.codemods, self.fix.unwrap_or(Applicability::Safe)),
            ),
        }
    }
}

/// A file that could not be checked or written; the run goes on without it.
#[derive(Debug, Clone)]
pub enum Problem {
    /// A path from the command line that does not exist or cannot be walked.
    Path(PathBuf, String),
    Load(PathBuf, LoadError),
    Syntax(PathBuf, String),
    /// sqlfix itself failed on the file (a panic while checking or fixing it): the
    /// file is skipped, the rest of the run goes on, and the exit code says so.
    Internal(PathBuf, String),
    /// The cache folder cannot be used safely (it is the project, a symlink, or holds
    /// other files): the run went on uncached.
    Cache(PathBuf, String),
}

impl Problem {
    /// Whether this makes the run's result incomplete in a way the exit code must say.
    pub fn is_error(&self) -> bool {
        match self {
            Problem::Path(..) => true,
            Problem::Load(_, e) => e.is_io(),
            Problem::Syntax(..) => false,
            Problem::Internal(..) => true,
            Problem::Cache(..) => false,
        }
    }

    pub fn path(&self) -> &PathBuf {
        match self {
            Problem::Path(p, _)
            | Problem::Load(p, _)
            | Problem::Syntax(p, _)
            | Problem::Internal(p, _)
            | Problem::Cache(p, _) => p,
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
            Problem::Internal(_, e) => write!(
                f,
                "{path}: internal error ({e}); the file was skipped, please report it with the file"
            ),
            Problem::Cache(_, e) => write!(f, "cache-dir {path}: {e}"),
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
    /// A configuration file that could not be used: the run's result is not to be trusted.
    pub config_error: Option<String>,
}

/// The files of a run: those to report, those only indexed, and the paths that
/// could not be walked.
#[derive(Clone)]
pub struct Inputs {
    pub named: Vec<PathBuf>,
    pub context: Vec<PathBuf>,
    pub errors: Vec<(PathBuf, String)>,
}

/// Finds the files of a run (the configuration's excludes applied).
pub fn inputs(options: &Options) -> Inputs {
    let exclude: Option<discover::Exclude> = options.resolver.clone().map(|r| {
        let exclude: discover::Exclude = Arc::new(move |path: &Path, named: bool| {
            if named {
                r.is_excluded(path)
            } else {
                r.is_excluded_entry(path)
            }
        });
        exclude
    });
    let discovered = discover::python_files_excluding(&options.paths, exclude.clone());
    let context = if options.project_context {
        context_files(options, &discovered.files, exclude)
    } else {
        Vec::new()
    };
    timings::lap("discover");
    Inputs {
        named: discovered.files,
        context,
        errors: discovered.errors,
    }
}

pub fn run(options: &Options) -> RunResult {
    let inputs = inputs(options);
    run_inputs(options, inputs, &rustc_hash::FxHashMap::default())
}

/// Set by a command that exits right after its one run and report (see
/// [`exit_after_run`]).
static EXIT_AFTER_RUN: AtomicBool = AtomicBool::new(false);

/// Says the process ends right after this run's report: a checking run then
/// leaves its trees, models and index to the exit instead of freeing them.
pub fn exit_after_run() {
    EXIT_AFTER_RUN.store(true, Ordering::Relaxed);
}

/// `value`, held for the rest of the run: left to the process's exit when
/// `leak`, else freed with `holder`.
fn hold<T>(value: T, leak: bool, holder: &mut Option<T>) -> &T {
    if leak {
        Box::leak(Box::new(value))
    } else {
        holder.insert(value)
    }
}

/// Project-wide fix rounds after the first.
const PROJECT_ROUNDS: usize = 4;

/// The run over files already found; `preloaded` holds the bytes of files already
/// read (by the cache, to hash them).
///
/// With fixes, one file's fix can make a finding in another (a sync helper moved
/// into a thread by the fix in its async caller is now a concurrent writer), and
/// each file's fix loop sees the project as it was read. So the project is checked
/// again over the fixed texts until no file changes, and the rounds are merged: a
/// second `--fix` then finds nothing the first could have fixed (`--interactive`
/// excepted: it asks about each fix once).
pub fn run_inputs(
    options: &Options,
    inputs: Inputs,
    preloaded: &rustc_hash::FxHashMap<PathBuf, Vec<u8>>,
) -> RunResult {
    // Interactive fixing asks about each fix once; a later round would ask again
    // about every fix the user declined.
    if options.fix.is_none() || options.accept.is_some() {
        return run_inputs_once(options, inputs, preloaded, &[], None, false).0;
    }
    // Each round hands the next the trees and first summaries of the files it
    // parsed: those the fixes left unchanged are not parsed and summarized again.
    let (mut result, mut carry) = run_inputs_once(
        options,
        inputs.clone(),
        preloaded,
        &[],
        None,
        PROJECT_ROUNDS > 0,
    );
    for round in 0..PROJECT_ROUNDS {
        let mut texts = preloaded.clone();
        // Which files the rounds so far changed, with the rules that changed them:
        // what the fixes of the next round appear after.
        let mut changed: Vec<(PathBuf, Vec<&'static str>)> = Vec::new();
        for file in &result.files {
            if let Some(fixed) = &file.fixed {
                if fixed.text != file.source.text {
                    texts.insert(file.source.path.clone(), file.source.encode(&fixed.text));
                    let mut ids: Vec<&'static str> = Vec::new();
                    for a in &fixed.applied {
                        if !ids.contains(&a.id) {
                            ids.push(a.id);
                        }
                    }
                    changed.push((file.source.path.clone(), ids));
                }
            }
        }
        timings::lap("texts");
        if texts.len() == preloaded.len() {
            break;
        }
        let hand_on = round + 1 < PROJECT_ROUNDS;
        let (again, next) =
            run_inputs_once(options, inputs.clone(), &texts, &changed, carry, hand_on);
        carry = next;
        let more = merge_round(&mut result, again);
        timings::lap("merge");
        if !more {
            break;
        }
    }
    result
}

/// Folds a later round (run over the fixed texts) into the first; whether it fixed more.
fn merge_round(result: &mut RunResult, again: RunResult) -> bool {
    let mut more = false;
    let mut later: rustc_hash::FxHashMap<PathBuf, FileResult> = again
        .files
        .into_iter()
        .map(|f| (f.source.path.clone(), f))
        .collect();
    for file in &mut result.files {
        let now = later.remove(&file.source.path);
        let Some(fixed) = &mut file.fixed else {
            // Not fixed in the first round: its text was the original, so the later
            // round's view of it is complete.
            if let Some(now) = now {
                more |= now
                    .fixed
                    .as_ref()
                    .is_some_and(|f| f.text != now.source.text);
                file.fixed = now.fixed;
                file.fix_error = now.fix_error;
            }
            continue;
        };
        match now {
            // The fixed text has no finding left.
            None => fixed.remaining.clear(),
            Some(now) => match now.fixed {
                Some(again) => {
                    more |= again.text != fixed.text;
                    fixed.text = again.text;
                    fixed.applied.extend(again.applied);
                    for refused in again.refused {
                        if !fixed.refused.contains(&refused) {
                            fixed.refused.push(refused);
                        }
                    }
                    fixed.converged &= again.converged;
                    fixed.remaining = again.remaining;
                }
                None => fixed.remaining = now.findings,
            },
        }
    }
    // Files with nothing to report in the first round, fixed now.
    for (_, file) in later {
        more |= file
            .fixed
            .as_ref()
            .is_some_and(|f| f.text != file.source.text);
        result.files.push(file);
    }
    result
        .files
        .sort_by(|a, b| a.source.path.cmp(&b.source.path));
    more
}

/// What the fixes of a later project round appear after, for the file at `path`:
/// the other files the rounds before changed, with their rules.
fn later_reason(path: &Path, changed: &[(PathBuf, Vec<&'static str>)]) -> Option<String> {
    let others: Vec<String> = changed
        .iter()
        .filter(|(p, _)| p != path)
        .map(|(p, ids)| format!("{} in {}", ids.join(", "), crate::diff::display_path(p)))
        .collect();
    Some(match others.len() {
        0 => "after the fixes of the round before".to_string(),
        1..=3 => format!("after {}", others.join("; ")),
        n => format!(
            "after {}; and fixes in {} more files",
            others[..3].join("; "),
            n - 3
        ),
    })
}

/// One check (and fix) of every file. `changed`: the files earlier project rounds
/// fixed (empty in the first round); every fix of a later round appears after them.
///
/// `carry`: what the round before parsed (see [`Carry`]). A fixing run returns
/// what this round parsed, for the next, when `hand_on` (a later round may
/// follow) and this round changed some file's text (else no round follows).
fn run_inputs_once(
    options: &Options,
    inputs: Inputs,
    preloaded: &rustc_hash::FxHashMap<PathBuf, Vec<u8>>,
    changed: &[(PathBuf, Vec<&'static str>)],
    carry: Option<Carry>,
    hand_on: bool,
) -> (RunResult, Option<Carry>) {
    let discovered = discover::Discovered {
        files: inputs.named,
        errors: inputs.errors,
    };
    let context = inputs.context;
    let mut problems: Vec<Problem> = discovered
        .errors
        .iter()
        .map(|(p, e)| Problem::Path(p.clone(), e.clone()))
        .collect();
    let reported = discovered.files.len();
    let max_bytes = options.settings.max_file_bytes;
    let loaded: Vec<Result<SourceFile, Problem>> = discovered
        .files
        .par_iter()
        .chain(context.par_iter())
        .map(|path| {
            let source = match preloaded.get(path) {
                Some(bytes) if bytes.len() as u64 > max_bytes => Err(LoadError::TooLarge {
                    bytes: bytes.len() as u64,
                    limit: max_bytes,
                }),
                Some(bytes) => SourceFile::from_bytes(path.clone(), bytes.clone()),
                None => SourceFile::read(path, max_bytes),
            };
            source.map_err(|e| Problem::Load(path.clone(), e))
        })
        .collect();
    let mut sources = Vec::new();
    // Whether each source is reported (named or found under a named folder) or only
    // indexed for what it tells about the others.
    let mut is_reported = Vec::new();
    for (n, item) in loaded.into_iter().enumerate() {
        match item {
            Ok(source) => {
                sources.push(source);
                is_reported.push(n < reported);
            }
            Err(problem) if n < reported => problems.push(problem),
            Err(_) => {}
        }
    }
    timings::lap("read");
    // Freeing every text, tree, model and summary one by one runs on this thread
    // alone, after the parallel work, when the process ends right after the
    // report anyway. A fixing run frees them: each later round would hold another copy.
    let leak = options.fix.is_none() && EXIT_AFTER_RUN.load(Ordering::Relaxed);
    // Declared in this order so that, freed, the models go before what they borrow.
    let (mut sources_held, mut slots_held, mut models_held) = (None, None, None);
    let sources = hold(sources, leak, &mut sources_held);
    // Whether each file was parsed (and how). On a large run a file's tree and
    // model are dropped as soon as its summaries are built and rebuilt to check
    // it, so the run holds one tree per thread instead of the whole project's.
    let mut parsed: Vec<Option<Result<(), String>>> = vec![None; sources.len()];
    let first_round: Vec<usize> = (0..sources.len())
        .into_par_iter()
        .filter(|&i| {
            // Modules that only name the database file matter to SQF504 and the report.
            prefilter::may_matter(&sources[i].text) || prefilter::may_name_database(&sources[i].text)
                // A suppression comment can be unused (SQF001) in any file.
                || crate::suppress::may_have_directive(&sources[i].text)
        })
        .collect();
    timings::lap("prefilter");
    timings::note(&format!("first round: {} files", first_round.len()));
    // What each module says on its own (kept for the second pass over the index),
    // its first summary, and the names it calls, in the order of `first`.
    let first_bytes: usize = first_round.iter().map(|&i| sources[i].text.len()).sum();
    let slots: Vec<OnceLock<Parsed<ModModule>>> = sources.iter().map(|_| OnceLock::new()).collect();
    let slots = hold(slots, leak, &mut slots_held);
    let models: Vec<OnceLock<Model<'_>>> = sources.iter().map(|_| OnceLock::new()).collect();
    let models = hold(models, leak, &mut models_held);
    let trees = Trees {
        sources,
        kept: (first_bytes <= KEEP_TREES_BYTES).then_some((slots, models)),
        carry: carry.as_ref(),
    };
    let mut summarized: Vec<Summarized> = summarize_files(&trees, &first_round, &mut parsed);
    timings::lap("summarize");
    // Later rounds: files that call what the rounds before found doing database
    // I/O, directly or through the functions they call, so that a chain through
    // modules with no SQLite text of their own (`runner.run()` → `ledger.save()`)
    // is never cut. Each round only adds files, and stops when none is added; a
    // layered application (router → dependency → controller → use case →
    // repository) needs four, six leave room for one more layer. Test suites
    // join only the first three: past that depth a chain serves the program's
    // entry points, and a suite calling every layer would be parsed for nothing.
    for round in 0..6 {
        // Every file parsed already (a project whose modules all name SQLite):
        // no round can add one, and the names and filters below cost a pass over
        // every summary on this thread alone.
        if parsed.iter().all(Option::is_some) {
            break;
        }
        let firsts: Vec<&ModuleSummary> = summarized.iter().map(|s| &s.first).collect();
        let names = io_names(&firsts);
        let filter = prefilter::NameFilter::new(&names);
        let (stems, methods) = handed_io(&firsts);
        let methods = prefilter::MethodCallFilter::new(&methods);
        let imported = imported_decorators(&firsts);
        // A project route decorator (`def api_get(url)` handing the view to
        // `app.route`) may live in a module with no database text.
        let route_decorators = prefilter::DefinitionFilter::new(&imported);
        let app_stems = web_app_stems(&firsts);
        let mut defined = imported;
        defined.extend(imported_starters(&firsts));
        let decorators = prefilter::DefinitionFilter::new(&defined);
        let writers = prefilter::DefinitionFilter::new(&json_writers(&firsts));
        let helper_callers = prefilter::NameFilter::new(&json_helpers(&firsts));
        let types = typed_classes(&firsts);
        let task_writers = prefilter::NameFilter::new(&task_writers(&firsts));
        // What a write transaction may wait for in a module with no database
        // text: a helper that calls a remote service (semantic::slow_elsewhere).
        let slow_helpers = prefilter::DefinitionFilter::new(&called_while_writing(&firsts));
        // Dependency-injection containers (semantic::di_services): the modules
        // that build one and keep its services, and the classes that own a
        // thread pool (where such services may be used), often name no database.
        let containers = prefilter::NameFilter::new(&di_containers(&firsts));
        let has_containers = firsts.iter().any(|m| !m.di_providers.is_empty());
        let next_round: Vec<usize> = (0..sources.len())
            .into_par_iter()
            .filter(|&i| {
                parsed[i].is_none()
                    && (round < 3 || !paths::is_test_module(&sources[i].path))
                    && (filter.mentions(&sources[i].text)
                        || (stems.contains(&module_stem(&sources[i].path))
                            && methods.mentions(&sources[i].text))
                        || decorators.mentions(&sources[i].text)
                        || (route_decorators.defines(&sources[i].text)
                            && prefilter::mentions(&sources[i].text, ".route("))
                        || (app_stems.contains(&module_stem(&sources[i].path))
                            && prefilter::makes_web_app(&sources[i].text))
                        || (writers.defines(&sources[i].text)
                            && prefilter::mentions(&sources[i].text, "open("))
                        || (sources[i].text.len() <= HELPER_CALLER_BYTES
                            && helper_callers.mentions(&sources[i].text))
                        || defines_typed_class(&types, &sources[i].path, &sources[i].text)
                        || ((prefilter::starts_tasks(&sources[i].text)
                            || sources[i].text.contains("except"))
                            && task_writers.mentions(&sources[i].text))
                        || containers.mentions(&sources[i].text)
                        || (prefilter::does_slow_work(&sources[i].text)
                            && slow_helpers.defines(&sources[i].text))
                        || (has_containers && prefilter::owns_thread_pool(&sources[i].text)))
            })
            .collect();
        timings::lap("prefilter");
        timings::note(&format!("next round: {} files", next_round.len()));
        if next_round.is_empty() {
            break;
        }
        let more = summarize_files(&trees, &next_round, &mut parsed);
        summarized.extend(more);
        timings::lap("summarize");
    }
    // What the round before parsed and this one did not need (the files the
    // fixes changed) is not held through the check.
    if let Some(carry) = &carry {
        let unused = carry.clear();
        timings::note(&format!(
            "reused: {} of {} files parsed the round before",
            carry.files.len() - unused,
            carry.files.len()
        ));
    }
    for (i, state) in parsed.iter().enumerate() {
        if !is_reported[i] {
            continue;
        }
        if let Some(Err(e)) = state {
            problems.push(Problem::Syntax(sources[i].path.clone(), e.clone()));
        }
    }
    settle_path_passes(&trees, &mut summarized);
    let order: Vec<usize> = summarized.iter().map(|s| s.file).collect();
    // A later project round (the run fixes, every fix at once) reuses them.
    let keep_carry = options.fix.is_some() && options.accept.is_none() && !leak;
    // Every file's imports, parsed or not: which modules the program runs; and
    // how its server runs requests. Both read the texts alone, not the index:
    // they are built on one core while the second pass runs on the others.
    let files: Vec<(&std::path::Path, &str)> = sources
        .iter()
        .map(|s| (s.path.as_path(), s.text.as_str()))
        .collect();
    // The graph's per-file facts, found the round before for the texts the
    // fixes left alone, and handed on to the next round.
    let earlier_graph = carry.as_ref().and_then(|c| c.graph.as_ref());
    let ((index, handback, pass_time), (graph, graph_facts, serving, graph_time)) = rayon::join(
        || {
            let started = Instant::now();
            let (index, handback) = second_pass_index(&trees, summarized, keep_carry);
            (index, handback, started.elapsed())
        },
        || {
            let started = Instant::now();
            let paths = || files.iter().map(|(p, _)| *p);
            let extra = import_graph::entry_point_texts(paths());
            let (mut graph, facts) = import_graph::ImportGraph::build_reusing(
                &files,
                &extra,
                earlier_graph,
                keep_carry && hand_on,
            );
            graph.mark_lone_scripts(&files, &import_graph::run_texts(paths()));
            let deployment = crate::semantic::deployment::texts(paths());
            let serving = crate::semantic::deployment::read(&deployment);
            (graph, facts, serving, started.elapsed())
        },
    );
    timings::lap("index: second pass and import graph");
    timings::note(&format!(
        "  second pass {:.1} ms, import graph and deployment {:.1} ms, side by side",
        pass_time.as_secs_f64() * 1000.0,
        graph_time.as_secs_f64() * 1000.0
    ));
    index.set_import_graph(graph);
    index.set_deployment(serving);
    timings::lap("index");
    let mut observations: Vec<Observation> = if options.observe {
        order
            .par_iter()
            .flat_map_iter(|&i| {
                trees
                    .with_model(i, |model| {
                        environment::observe(model, &ProjectView::indexed(&index, model))
                    })
                    .unwrap_or_default()
            })
            .collect()
    } else {
        Vec::new()
    };
    observations.sort_by(|a, b| (&a.file, a.line, a.aspect).cmp(&(&b.file, b.line, b.aspect)));
    let check_time = AtomicU64::new(0);
    let fix_time = AtomicU64::new(0);
    // What the fix loops parsed of their fixed texts, for the next round.
    let fixed_texts: Option<FixedTexts> = (keep_carry && hand_on).then(FixedTexts::default);
    let outcomes: Vec<Result<Option<FileResult>, Problem>> = order
        .par_iter()
        .filter(|&&i| is_reported[i])
        .map(|&i| {
            let source = &sources[i];
            // A bug in one codemod must cost one file, not the run.
            std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                // The test seam for this isolation (tests/cli.rs): checking the file
                // named by SQLFIX_TEST_PANIC panics. Only built with the `test-hooks`
                // feature, so no user's environment can reach it.
                #[cfg(feature = "test-hooks")]
                if std::env::var_os("SQLFIX_TEST_PANIC")
                    .is_some_and(|name| source.path.file_name() == Some(name.as_os_str()))
                {
                    panic!("SQLFIX_TEST_PANIC");
                }
                let (settings, rules) = options.policy(&source.path);
                // The file parsed once already; its text has not changed. The fix
                // loop checks that text first too: on the same model.
                trees
                    .with_model(i, |model| {
                        check_and_fix(
                            model,
                            source,
                            &index,
                            &settings,
                            &rules,
                            options,
                            changed,
                            (&check_time, &fix_time),
                            fixed_texts.as_ref(),
                        )
                    })
                    .flatten()
            }))
            .map_err(|payload| Problem::Internal(source.path.clone(), panic_message(&*payload)))
        })
        .collect();
    let mut files: Vec<FileResult> = Vec::new();
    for outcome in outcomes {
        match outcome {
            Ok(file) => files.extend(file),
            Err(problem) => problems.push(problem),
        }
    }
    timings::lap("check+fix");
    timings::thread_time("check", Duration::from_nanos(check_time.into_inner()));
    timings::codemod_report();
    timings::thread_time("fix", Duration::from_nanos(fix_time.into_inner()));
    files.sort_by(|a, b| a.source.path.cmp(&b.source.path));
    problems.sort_by(|a, b| a.path().cmp(b.path()));
    if options.fix.is_some() {
        share_generated_helpers(&index, sources, &mut files);
    }
    let checked = order.iter().filter(|&&i| is_reported[i]).count();
    // No round follows one that changed no text (`run_inputs` stops), nor the
    // last: when the process ends right after the report, such a round leaves its
    // texts, trees, models and index to the exit, like a checking run, instead of
    // freeing them one by one and handing them on for nothing.
    let last = !hand_on
        || !files
            .iter()
            .any(|f| f.fixed.as_ref().is_some_and(|x| x.text != f.source.text));
    let leak_now = !leak && last && EXIT_AFTER_RUN.load(Ordering::Relaxed);
    let handback = if leak_now {
        std::mem::forget(handback);
        None
    } else {
        handback
    };
    let leak = leak || leak_now;
    // A leaking run hands nothing on (`keep_carry`).
    let index = if leak {
        std::mem::forget(index);
        None
    } else {
        Some(index)
    };
    let result = RunResult {
        files,
        problems,
        discovered: discovered.files.len(),
        checked,
        observations,
        config_error: options.resolver.as_ref().and_then(|r| r.take_error()),
    };
    if leak_now {
        std::mem::forget(fixed_texts);
        std::mem::forget(models_held);
        std::mem::forget(slots_held);
        std::mem::forget(sources_held);
        std::mem::forget(carry);
        std::mem::forget(graph_facts);
        return (result, None);
    }
    timings::lap("share helpers");
    // The models borrow the trees and texts handed on: they go first, freed on
    // every core rather than one by one on this thread.
    if let Some(models) = models_held.take() {
        models.into_par_iter().for_each(drop);
    }
    timings::lap("free models");
    let next = handback.zip(index).map(|(back, index)| {
        let carried = back.summaries(index);
        timings::lap("free index");
        let sources = sources_held.take().unwrap_or_default();
        let slots = slots_held.take().unwrap_or_default();
        let fixed = fixed_texts
            .and_then(|f| f.into_inner().ok())
            .unwrap_or_default();
        Carry::of(sources, slots, carried, fixed, graph_facts)
    });
    timings::lap("hand on");
    (result, next)
}

/// What one fixing round parsed, by path: a later round takes a file's tree and
/// first summaries from here when its text is the same (most files: a round
/// fixes a few), instead of parsing and summarizing it again. First summaries
/// depend on the file alone (`complete` without the index); the second pass and
/// the check, which see the rest of the project, are always done again.
struct Carry {
    files: rustc_hash::FxHashMap<PathBuf, Carried>,
    /// The fixed texts the round's fix loops checked last, by path.
    fixed: rustc_hash::FxHashMap<PathBuf, std::sync::Mutex<Option<FixedText>>>,
    /// What the import graph found per file (each file's text facts and word
    /// tallies): the next round's graph takes them for the texts that stayed.
    graph: Option<import_graph::GraphFacts>,
}

/// A text a fix loop checked: its tree and the part of its summary that depends
/// on it alone. When it is the file's fixed text, the next round summarizes it
/// from these instead of parsing it again.
struct FixedText {
    text: String,
    tree: Parsed<ModModule>,
    local: ModuleSummary,
}

/// The fixed texts of one round, by path (see [`FixedText`]).
type FixedTexts = std::sync::Mutex<rustc_hash::FxHashMap<PathBuf, FixedText>>;

struct Carried {
    text: String,
    parsed: std::sync::Mutex<Option<(Option<Parsed<ModModule>>, Summarized)>>,
}

impl Carry {
    /// The round's texts, trees (when it kept them) and first summaries.
    fn of(
        sources: Vec<SourceFile>,
        slots: Vec<OnceLock<Parsed<ModModule>>>,
        summarized: Vec<Summarized>,
        fixed: rustc_hash::FxHashMap<PathBuf, FixedText>,
        graph: Option<import_graph::GraphFacts>,
    ) -> Carry {
        let mut sources: Vec<Option<SourceFile>> = sources.into_iter().map(Some).collect();
        let mut slots = slots;
        let mut files = rustc_hash::FxHashMap::default();
        for summary in summarized {
            let Some(source) = sources.get_mut(summary.file).and_then(Option::take) else {
                continue;
            };
            let tree = slots.get_mut(summary.file).and_then(OnceLock::take);
            files.insert(
                source.path,
                Carried {
                    text: source.text,
                    parsed: std::sync::Mutex::new(Some((tree, summary))),
                },
            );
        }
        let fixed = fixed
            .into_iter()
            .map(|(path, f)| (path, std::sync::Mutex::new(Some(f))))
            .collect();
        Carry {
            files,
            fixed,
            graph,
        }
    }

    /// The tree and local summary of `source`'s text when a fix loop of the
    /// round before checked that very text last; taken once.
    fn take_fixed(&self, source: &SourceFile) -> Option<(Parsed<ModModule>, ModuleSummary)> {
        let mut slot = self.fixed.get(&source.path)?.lock().ok()?;
        if slot.as_ref()?.text != source.text {
            return None;
        }
        slot.take().map(|f| (f.tree, f.local))
    }

    /// The tree (if kept) and first summaries of `source`, when the round before
    /// parsed the same text; each taken once.
    fn take(&self, source: &SourceFile) -> Option<(Option<Parsed<ModModule>>, Summarized)> {
        let carried = self.files.get(&source.path)?;
        if carried.text != source.text {
            return None;
        }
        carried.parsed.lock().ok()?.take()
    }

    /// Drops what no file took; how many of the files parsed that was.
    fn clear(&self) -> usize {
        for slot in self.fixed.values() {
            if let Ok(mut slot) = slot.lock() {
                slot.take();
            }
        }
        self.files
            .values()
            .filter(|c| c.parsed.lock().is_ok_and(|mut p| p.take().is_some()))
            .count()
    }
}

/// One file's findings and, when fixes are asked for and some apply, its fix
/// loop; `None` when the file has no finding. `times`: the check's and the fix's
/// time, summed over threads.
#[allow(clippy::too_many_arguments)]
fn check_and_fix(
    model: &Model<'_>,
    source: &SourceFile,
    index: &ProjectIndex,
    settings: &Settings,
    rules: &FileRules,
    options: &Options,
    changed: &[(PathBuf, Vec<&'static str>)],
    times: (&AtomicU64, &AtomicU64),
    kept: Option<&FixedTexts>,
) -> Option<FileResult> {
    let (check_time, fix_time) = times;
    let started = Instant::now();
    let mut findings = check_model(model, index, settings, rules);
    if options.drop_edits {
        for fix in findings.iter_mut().filter_map(|f| f.fix.as_mut()) {
            fix.edits = Vec::new();
        }
    }
    add_nanos(check_time, started);
    if findings.is_empty() {
        return None;
    }
    let min = rules.min;
    let accept = |text: &str, f: &Finding| {
        options
            .accept
            .as_ref()
            .is_none_or(|accept| accept(&source.path, text, f))
    };
    let wants_fix = options.fix.is_some()
        && findings.iter().any(|f| {
            f.fix.as_ref().is_some_and(|x| {
                x.applicability >= min && x.applicability > Applicability::DisplayOnly
            }) && accept(&source.text, f)
        });
    let started = Instant::now();
    let (fixed, fix_error) = if wants_fix {
        let after = if changed.is_empty() {
            None
        } else {
            later_reason(&source.path, changed)
        };
        // The last text the loop checked, with its tree and local summary: most
        // often the fixed text, which the next project round summarizes.
        let last: std::cell::RefCell<Option<FixedText>> = std::cell::RefCell::new(None);
        // The loop's checks of the file's own text (its first) are the findings
        // above: the index summarized this very text with the whole project.
        let check = |text: &str| {
            if text == source.text {
                Ok(if options.drop_edits {
                    check::check_model_as_text(model, index, settings, rules)
                } else {
                    findings.clone()
                })
            } else if kept.is_some() {
                let (found, tree, local) =
                    check::check_text_keeping(&source.path, text, index, settings, rules)?;
                *last.borrow_mut() = Some(FixedText {
                    text: text.to_string(),
                    tree,
                    local,
                });
                Ok(found)
            } else {
                check::check_text(&source.path, text, index, settings, rules)
            }
        };
        match fix_until_stable_after(
            &source.text,
            min,
            check,
            accept,
            after.as_deref(),
            crate::source::line_length::for_file(&source.path),
        ) {
            Ok(outcome) => {
                if let (Some(kept), Some(last)) = (kept, last.into_inner()) {
                    if last.text == outcome.text {
                        if let Ok(mut kept) = kept.lock() {
                            kept.insert(source.path.clone(), last);
                        }
                    }
                }
                (Some(outcome), None)
            }
            Err(e) => (None, Some(e)),
        }
    } else {
        (None, None)
    };
    add_nanos(fix_time, started);
    Some(FileResult {
        source: source.clone(),
        findings,
        fixed,
        fix_error,
    })
}

/// One definition per project of each helper the fixes generate: a copy this
/// round wrote beside another module's becomes an import of it
/// (`fix::shared_helpers`). The next project round checks the result.
fn share_generated_helpers(index: &ProjectIndex, sources: &[SourceFile], files: &mut [FileResult]) {
    let names = crate::codemods::SHARED_HELPERS;
    let gained = |f: &FileResult| {
        f.fixed.as_ref().is_some_and(|x| {
            x.text != f.source.text
                && names
                    .iter()
                    .any(|n| x.text.contains(n) && !f.source.text.contains(n))
        })
    };
    if !files.iter().any(gained) {
        return;
    }
    let fixed: rustc_hash::FxHashMap<&Path, &str> = files
        .iter()
        .filter_map(|f| {
            let x = f.fixed.as_ref()?;
            (x.text != f.source.text).then_some((f.source.path.as_path(), x.text.as_str()))
        })
        .collect();
    let by_path: rustc_hash::FxHashMap<&Path, &SourceFile> =
        sources.iter().map(|s| (s.path.as_path(), s)).collect();
    let mut modules: Vec<shared_helpers::ModuleText<'_>> = Vec::new();
    for (m, summary) in index.modules.iter().enumerate() {
        let Some(source) = by_path.get(summary.path.as_path()) else {
            continue;
        };
        modules.push(shared_helpers::ModuleText {
            module: m,
            path: &source.path,
            before: &source.text,
            after: fixed.get(source.path.as_path()).map(|t| t.to_string()),
        });
    }
    let changed = shared_helpers::share(index, names, &mut modules);
    let texts: rustc_hash::FxHashMap<PathBuf, String> = changed
        .into_iter()
        .filter_map(|i| {
            let m = &modules[i];
            Some((m.path.to_path_buf(), m.after.clone()?))
        })
        .collect();
    for file in files.iter_mut() {
        if let (Some(text), Some(fixed)) = (texts.get(&file.source.path), file.fixed.as_mut()) {
            fixed.text = text.clone();
        }
    }
}

/// The Python files of the projects of the files named on the command line, less
/// those: indexed so that a helper defined in a file that is not named (committed,
/// not staged) is still known.
fn context_files(
    options: &Options,
    named: &[PathBuf],
    exclude: Option<discover::Exclude>,
) -> Vec<PathBuf> {
    let mut roots: Vec<PathBuf> = Vec::new();
    for path in options.paths.iter().filter(|p| p.is_file()) {
        let abs = match &options.resolver {
            Some(r) => r.absolute(path),
            None => match std::path::absolute(path) {
                Ok(p) => crate::settings::resolve::normalize(&p),
                Err(_) => continue,
            },
        };
        let from_config = options.resolver.as_ref().and_then(|r| {
            r.for_path(&abs)
                .file
                .as_ref()
                .map(|_| r.for_path(&abs).root.clone())
        });
        let root = from_config.or_else(|| git_root(&abs));
        if let Some(root) = root {
            if !roots.contains(&root) {
                roots.push(root);
            }
        }
    }
    if roots.is_empty() {
        return Vec::new();
    }
    let named_abs: rustc_hash::FxHashSet<PathBuf> = named
        .iter()
        .filter_map(|p| std::path::absolute(p).ok())
        .map(|p| crate::settings::resolve::normalize(&p))
        .collect();
    // Module resolution compares paths, so context files take the same form as
    // the named ones: relative to the working directory.
    let cwd = options
        .resolver
        .as_ref()
        .map(|r| r.cwd().to_path_buf())
        .or_else(|| std::env::current_dir().ok())
        .unwrap_or_default();
    discover::python_files_excluding(&roots, exclude)
        .files
        .into_iter()
        .filter(|p| !named_abs.contains(p))
        .map(|p| relative_to(&p, &cwd))
        .collect()
}

/// `path` (absolute) relative to `base` (absolute), with `..` where needed.
fn relative_to(path: &Path, base: &Path) -> PathBuf {
    let common = path
        .components()
        .zip(base.components())
        .take_while(|(a, b)| a == b)
        .count();
    if common == 0 {
        return path.to_path_buf();
    }
    let mut out = PathBuf::new();
    for _ in base.components().skip(common) {
        out.push("..");
    }
    for part in path.components().skip(common) {
        out.push(part);
    }
    out
}

/// The work tree holding `path`: the nearest folder with a `.git` entry.
fn git_root(path: &Path) -> Option<PathBuf> {
    path.ancestors()
        .skip(1)
        .find(|dir| dir.join(".git").exists())
        .map(Path::to_path_buf)
}

/// (name, module stem) of a base class as a class statement names it.
fn base_name(base: &crate::semantic::refs::CallRef, own_stem: &str) -> (String, String) {
    let dotted = match base {
        crate::semantic::refs::CallRef::Dotted(d) => d.as_str(),
        other => return (other.simple_name().to_string(), own_stem.to_string()),
    };
    let mut parts = dotted.trim_start_matches('.').rsplit('.');
    let name = parts.next().unwrap_or(dotted).to_string();
    (name, parts.next().unwrap_or(own_stem).to_string())
}

/// What a module that never names a database class must show to be parsed: it
/// is imported by an indexed module (its stem ends an import there), and
/// it calls a method of a class that does database I/O on some value (the value
/// may be an instance its callers hand it: `Audit(store)` then `self.db.write()`).
fn handed_io(modules: &[&ModuleSummary]) -> (rustc_hash::FxHashSet<String>, Vec<String>) {
    let stems = modules
        .iter()
        .flat_map(|m| m.imports.iter())
        // `from .audit import Audit` names module `audit` last or next to last;
        // the packages above it would match whole folders.
        .flat_map(|i| i.target.rsplit('.').filter(|p| !p.is_empty()).take(2))
        .map(str::to_string)
        .collect();
    let mut methods: Vec<String> = modules
        .iter()
        .flat_map(|m| m.functions.iter())
        .filter(|f| !f.is_async && f.direct_io)
        .filter_map(|f| {
            let (class, name) = f.qualname.rsplit_once('.')?;
            // Short and dunder names are everywhere; they would parse every file.
            (!class.contains("<locals>") && name.len() >= 4 && !name.starts_with("__"))
                .then(|| name.to_string())
        })
        .collect();
    methods.sort();
    methods.dedup();
    (stems, methods)
}

/// The classes (name, module stem) the parsed modules' classes name in other
/// modules: the types of their attributes (`runner: Runner` on a registry
/// class, `self.notes = notes` with `notes: "NotesBase"`) and their bases. A
/// service registry reached through its class attributes, and an interface
/// standing for its one implementation, are resolved only when the modules
/// defining them are parsed, though those hold no database text.
fn typed_classes(modules: &[&ModuleSummary]) -> rustc_hash::FxHashMap<String, Vec<String>> {
    use crate::semantic::refs::ValueRef;
    fn collect(value: &ValueRef, out: &mut Vec<String>) {
        match value {
            ValueRef::Made(r) => {
                if let CallRef::Dotted(d) = &**r {
                    out.push(d.clone());
                }
            }
            ValueRef::Any(candidates) => candidates.iter().for_each(|c| collect(c, out)),
            _ => {}
        }
    }
    let mut dotted = Vec::new();
    for m in modules.iter().filter(|m| !paths::is_test_module(&m.path)) {
        for class in &m.classes {
            for (_, value) in &class.attrs {
                collect(value, &mut dotted);
            }
            for base in &class.bases {
                if let CallRef::Dotted(d) = base {
                    dotted.push(d.clone());
                }
            }
        }
    }
    let mut by_stem: rustc_hash::FxHashMap<String, Vec<String>> = rustc_hash::FxHashMap::default();
    for d in dotted {
        let mut parts = d.trim_start_matches('.').rsplit('.');
        let (Some(name), Some(stem)) = (parts.next(), parts.next()) else {
            continue;
        };
        let names = by_stem.entry(stem.to_string()).or_default();
        if !names.iter().any(|n| n == name) {
            names.push(name.to_string());
        }
    }
    by_stem
}

/// Whether the file (by its module stem) defines one of `types`' classes.
fn defines_typed_class(
    types: &rustc_hash::FxHashMap<String, Vec<String>>,
    path: &std::path::Path,
    text: &str,
) -> bool {
    let Some(names) = types.get(&module_stem(path)) else {
        return false;
    };
    names.iter().any(|name| {
        text.match_indices(&format!("class {name}"))
            .any(|(i, m)| matches!(text[i + m.len()..].chars().next(), Some('(' | ':')))
    })
}

/// The names of the decorators the parsed modules import (`@make_async` from
/// another module): if one hands its function to a thread, the body's database
/// work runs there, so the module defining it is parsed to find out.
fn imported_decorators(modules: &[&ModuleSummary]) -> Vec<String> {
    last_names(
        modules
            .iter()
            .flat_map(|m| m.decorated.iter().map(|(decorator, _)| decorator)),
    )
}

/// The stems of the modules whose web app (or blueprint, router) the
/// modules' views are registered on (`from webapp import app`, then
/// `@app.route`): the module making it says whether it is one.
fn web_app_stems(modules: &[&ModuleSummary]) -> rustc_hash::FxHashSet<String> {
    modules
        .iter()
        .flat_map(|m| m.app_routes.iter())
        .filter_map(|(app, _)| {
            let (module, _) = app.trim_start_matches('.').rsplit_once('.')?;
            Some(module.rsplit('.').next().unwrap_or(module).to_string())
        })
        .collect()
}

/// Imported functions the modules hand a callable of theirs to
/// (`start_thread(self._poll, ...)`): one defined in a module that starts
/// threads may run it on a new thread (thread_starters.rs).
fn imported_starters(modules: &[&ModuleSummary]) -> Vec<String> {
    last_names(
        modules
            .iter()
            .flat_map(|m| m.starter_calls.iter().map(|(callee, _)| callee)),
    )
}

/// The last parts of dotted call names, sorted and unique; names under three
/// letters match too many definitions to be worth parsing for.
fn last_names<'m>(refs: impl Iterator<Item = &'m CallRef>) -> Vec<String> {
    let mut names: Vec<String> = refs
        .filter_map(|callee| match callee {
            CallRef::Dotted(q) => q.rsplit('.').next().map(str::to_string),
            _ => None,
        })
        .filter(|n| n.len() >= 3)
        .collect();
    names.sort_unstable();
    names.dedup();
    names
}

/// Functions the modules hand `json.dumps(...)` to (`write_file(path, text)`):
/// a generic writer defined in a module with no JSON text of its own may write a
/// checkpoint (SQF401).
fn json_writers(modules: &[&ModuleSummary]) -> Vec<String> {
    let mut names: Vec<String> = modules
        .iter()
        .flat_map(|m| m.facts.json_passes.iter())
        .filter_map(|pass| match &pass.callee {
            CallRef::Dotted(q) | CallRef::Local(q) => q.rsplit('.').next().map(str::to_string),
            _ => None,
        })
        .filter(|n| n.len() >= 3)
        .collect();
    names.sort_unstable();
    names.dedup();
    names
}

/// The names of the functions that functions which write to a database call:
/// where one of them is defined in a module that does slow work, the writer's
/// transaction may wait for it (SQF301).
fn called_while_writing(modules: &[&ModuleSummary]) -> Vec<String> {
    let mut names: Vec<String> = modules
        .iter()
        .flat_map(|m| m.functions.iter())
        .filter(|f| f.effects.sql_write || f.django_orm.1)
        .flat_map(|f| f.calls.iter())
        .map(|c| c.simple_name().to_string())
        .filter(|n| n.len() >= 3)
        .collect();
    names.sort_unstable();
    names.dedup();
    names
}

/// (name, module stem) of the functions that may write JSON to a path they are
/// given: their callers say whether that file is a checkpoint (SQF401).
fn json_helpers(modules: &[&ModuleSummary]) -> Vec<(String, String)> {
    modules
        .iter()
        .flat_map(|m| {
            let stem = module_stem(&m.path);
            m.facts
                .json_helpers
                .iter()
                .map(move |n| (n.clone(), stem.clone()))
        })
        .collect()
}

/// How an import names a module: `db` for `app/db.py`, `app` for `app/__init__.py`.
/// (name, module stem) of what a file must mention to reach database I/O: sync
/// functions that do it or call, by name, functions that do (a fixpoint over
/// names, generous on purpose: it only decides what to parse), the classes
/// holding such methods, and the `app.state` attributes set to a value.
/// Coroutines that write SQL, or await (by name) coroutines that do: a module
/// starting tasks on them (a log handler's `create_task(save(record))`) fans
/// writers out, and a queue worker's catch-all around `await runner.run(job)`
/// swallows their lock errors, without any SQLite text of its own. A fixpoint
/// over names, generous on purpose like [`io_names`]: it only decides what to
/// parse.
fn task_writers(modules: &[&ModuleSummary]) -> Vec<(String, String)> {
    let simple = |q: &str| q.rsplit('.').next().unwrap_or(q).to_string();
    let coroutines = || {
        modules
            .iter()
            .flat_map(|m| m.functions.iter().map(move |f| (m, f)))
            .filter(|(_, f)| f.is_async)
    };
    let mut known: rustc_hash::FxHashSet<String> = coroutines()
        .filter(|(_, f)| f.effects.sql_write || f.effects.commits)
        .map(|(_, f)| simple(&f.qualname))
        .filter(|n| !is_api_or_test_name(n))
        .collect();
    for _ in 0..8 {
        let before = known.len();
        for (_, f) in coroutines() {
            if f.effects
                .calls
                .iter()
                .any(|c| known.contains(c.simple_name()))
            {
                let name = simple(&f.qualname);
                if !is_api_or_test_name(&name) {
                    known.insert(name);
                }
            }
        }
        if known.len() == before {
            break;
        }
    }
    let mut names = Vec::new();
    for (m, f) in coroutines() {
        let name = simple(&f.qualname);
        if !known.contains(&name) {
            continue;
        }
        let stem = module_stem(&m.path);
        names.push((name.clone(), stem.clone()));
        // A caller typed by the interface the writer's class implements
        // (`self.db: DatabaseInterface`, then `create_task(self.db.insert_log(..))`)
        // names the interface's module, not the implementation's.
        if let Some((class, _)) = f.qualname.rsplit_once('.') {
            let bases = m.classes.iter().filter(|c| c.qualname == class);
            for base in bases.flat_map(|c| c.bases.iter()) {
                let (_, base_stem) = base_name(base, &stem);
                names.push((name.clone(), base_stem));
            }
        }
    }
    names.sort();
    names.dedup();
    names
}

/// The project's dependency-injection container classes, with their modules' stems.
fn di_containers(modules: &[&ModuleSummary]) -> Vec<(String, String)> {
    modules
        .iter()
        .flat_map(|m| {
            let stem = module_stem(&m.path);
            m.di_containers
                .iter()
                .map(move |c| (c.clone(), stem.clone()))
        })
        .collect()
}

/// A class that sets an attribute to a new instance of a session holder
/// class (`self._session_context = SessionContext()`), by its simple name.
fn keeps_holder(
    class: &crate::semantic::summary_types::ClassSummary,
    holders: &rustc_hash::FxHashSet<String>,
) -> bool {
    use crate::semantic::project::CallRef;
    use crate::semantic::refs::ValueRef;
    !holders.is_empty()
        && class.attrs.iter().any(|(_, v)| match v {
            ValueRef::Made(r) => match r.as_ref() {
                CallRef::Local(n) => holders.contains(n),
                CallRef::Dotted(d) => holders.contains(d.rsplit('.').next().unwrap_or(d)),
                _ => false,
            },
            _ => false,
        })
}

fn io_names(modules: &[&ModuleSummary]) -> Vec<(String, String)> {
    let simple = |q: &str| q.rsplit('.').next().unwrap_or(q).to_string();
    let holders: rustc_hash::FxHashSet<String> = modules
        .iter()
        .flat_map(|m| m.session_holders.iter())
        .map(|h| simple(&h.class))
        .collect();
    let mut known: rustc_hash::FxHashSet<String> = modules
        .iter()
        .flat_map(|m| m.functions.iter())
        // A SQLAlchemy scoped session on SQLite is database I/O too: jobs that
        // reach one are checked for never removing it (SQF202); so are queries
        // on a sync session (a repository's methods called from `async def`).
        .filter(|f| {
            !f.is_async
                && (f.direct_io || f.orm_io || f.factory.is_some() || f.scoped_session.is_some())
        })
        .map(|f| simple(&f.qualname))
        .collect();
    for _ in 0..8 {
        let before = known.len();
        for f in modules.iter().flat_map(|m| m.functions.iter()) {
            if !f.is_async && f.calls.iter().any(|c| known.contains(c.simple_name())) {
                known.insert(simple(&f.qualname));
            }
        }
        if known.len() == before {
            break;
        }
    }
    let interfaces: rustc_hash::FxHashSet<&str> = modules
        .iter()
        .flat_map(|m| m.classes.iter())
        .filter(|c| c.is_abstract)
        .map(|c| c.qualname.rsplit('.').next().unwrap_or(&c.qualname))
        .collect();
    // A base known to be a plain class or a value (`Base = declarative_base()`)
    // is no interface; one not parsed yet may be.
    let concrete: rustc_hash::FxHashSet<&str> = modules
        .iter()
        .flat_map(|m| {
            let classes = m
                .classes
                .iter()
                .filter(|c| !c.is_abstract)
                .map(|c| c.qualname.rsplit('.').next().unwrap_or(&c.qualname));
            classes.chain(m.globals.iter().map(|(n, _)| n.as_str()))
        })
        .collect();
    let mut names = Vec::new();
    for m in modules {
        let stem = module_stem(&m.path);
        for f in m.functions.iter().filter(|f| !f.is_async) {
            let name = simple(&f.qualname);
            if !known.contains(&name) || is_api_or_test_name(&name) {
                continue;
            }
            if let Some((class, _)) = f.qualname.rsplit_once('.') {
                if !class.contains("<locals>") {
                    names.push((simple(class), stem.clone()));
                    // Code typed by an interface the class implements reaches it too.
                    let bases = m.classes.iter().filter(|c| c.qualname == class);
                    for base in bases.flat_map(|c| c.bases.iter()) {
                        let (name, base_stem) = base_name(base, &stem);
                        if interfaces.contains(name.as_str()) || !concrete.contains(name.as_str()) {
                            names.push((name, base_stem));
                        }
                    }
                }
            }
            names.push((name, stem.clone()));
        }
        for (attr, _) in &m.app_state {
            names.push((format!(".state.{attr}"), "state".to_string()));
        }
        // What other modules use inline, with no helper between: a session
        // maker (`db = SessionLocal()`), a connection or cursor held in a global
        // (`from setup import cursor`), an instance of a class holding one.
        names.extend(m.session_makers.iter().map(|n| (n.clone(), stem.clone())));
        // A class that keeps one session for its callers (session_holders.rs):
        // the module that builds and keeps one may name no database at all,
        // nor the modules that build and run that keeper.
        names.extend(
            m.session_holders
                .iter()
                .filter(|h| !h.class.contains('.'))
                .map(|h| (h.class.clone(), stem.clone())),
        );
        names.extend(
            m.classes
                .iter()
                .filter(|c| keeps_holder(c, &holders))
                .map(|c| (c.qualname.clone(), stem.clone())),
        );
        // A module-level session or `scoped_session` registry other modules
        // import and query (`from db import db_session`, `from db import *`).
        names.extend(m.orm_sessions.iter().map(|n| (n.clone(), stem.clone())));
        // A short session name (`db`) is below the filter's three letters:
        // its session calls are searched instead (`db.commit`).
        for n in m.orm_sessions.iter().filter(|n| n.len() < 3) {
            names.extend(
                [
                    "commit", "query", "add", "flush", "execute", "merge", "delete",
                ]
                .iter()
                .map(|method| (format!("{n}.{method}"), stem.clone())),
            );
        }
        // A handler gated to one owner: the module registering it decides
        // whether the bot serves one person (single_owner.rs).
        let handlers = &m.facts.handlers;
        let gated = handlers
            .body_gated
            .iter()
            .chain(handlers.check_gated.iter().map(|(f, _)| f));
        names.extend(gated.map(|n| (n.clone(), stem.clone())));
        for handle in &m.shared_handles {
            match &handle.class {
                None => names.push((handle.name.clone(), stem.clone())),
                Some(class) => names.extend(
                    m.globals
                        .iter()
                        .filter(|(_, v)| makes_class(v, class))
                        .map(|(g, _)| (g.clone(), stem.clone())),
                ),
            }
        }
    }
    names.sort();
    names.dedup();
    names
}

/// `Config()` for the module's class `class`.
fn makes_class(value: &crate::semantic::refs::ValueRef, class: &str) -> bool {
    use crate::semantic::refs::ValueRef;
    match value {
        ValueRef::Made(r) => matches!(&**r, CallRef::Local(c) if c == class),
        ValueRef::Any(candidates) => candidates.iter().any(|v| makes_class(v, class)),
        _ => false,
    }
}

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

/// What a panic said, for a one-line report.
fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "a panic".to_string())
}

/// A parsed file's summaries, kept once its tree and model are dropped.
struct Summarized {
    /// Position in the run's sources.
    file: usize,
    /// Its summary without the rest of the project. The second pass takes what
    /// the module says on its own (see [`local_summary`]) back out of it
    /// ([`local_of_first`]) rather than hold both or build that again.
    first: ModuleSummary,
    /// The simple names of the functions it calls, sorted: whether the second
    /// pass must summarize it again.
    callees: Vec<String>,
}

/// Above this much source parsed in the first round, a file's tree and model are
/// dropped once its summaries are built and parsed again when the file is needed
/// (the second summary pass, the check): held for the whole run, they cost about
/// 30 times the source's size (1.3 GiB on a 10,000-file tree, against ruff's 60
/// MiB). Below it, parsing again would cost time for little memory.
const KEEP_TREES_BYTES: usize = 4 << 20;

/// The largest module that joins the index only because it calls a JSON
/// helper by name (SQF401 judges a helper by its callers): generated modules
/// of hundreds of kilobytes mention common helper names, and summarizing them
/// costs more than the whole project. A bigger caller is unknown, so the
/// helper's writes stay reported.
const HELPER_CALLER_BYTES: usize = 64 << 10;

/// Trees and their models, by file, each set once.
type KeptTrees<'s, 'm> = (&'s [OnceLock<Parsed<ModModule>>], &'m [OnceLock<Model<'s>>]);

/// The run's parsed files: kept (`kept`: trees and their models, by file) or
/// parsed again on demand.
struct Trees<'s, 'm> {
    sources: &'s [SourceFile],
    kept: Option<KeptTrees<'s, 'm>>,
    /// What the round before parsed.
    carry: Option<&'s Carry>,
}

impl<'s> Trees<'s, '_> {
    /// Runs `f` on file `i`'s model, kept or built again from its text; `None`
    /// when it does not parse.
    fn with_model<T>(&self, i: usize, f: impl FnOnce(&Model<'_>) -> T) -> Option<T> {
        if let Some(model) = self.kept.and_then(|(_, models)| models[i].get()) {
            return Some(f(model));
        }
        let source = &self.sources[i];
        let parsed = check::parse(&source.text).ok()?;
        let model = Model::build(&source.path, &source.text, parsed.suite(), parsed.tokens());
        Some(f(&model))
    }

    /// Parses file `i` and summarizes its model, keeping the tree and model when
    /// the run keeps them.
    fn summarize(&self, i: usize) -> Result<Summarized, String> {
        let source = &self.sources[i];
        if let Some((tree, mut summary)) = self.carry.and_then(|c| c.take(source)) {
            summary.file = i;
            let Some((slots, models)) = self.kept else {
                return Ok(summary);
            };
            let tree = match tree {
                Some(tree) => tree,
                None => check::parse(&source.text)?,
            };
            let tree = slots[i].get_or_init(|| tree);
            let model = Model::build(&source.path, &source.text, tree.suite(), tree.tokens());
            let _ = models[i].set(model);
            return Ok(summary);
        }
        // A text a fix loop of the round before checked last: parsed and locally
        // summarized there already.
        let (tree, local) = match self.carry.and_then(|c| c.take_fixed(source)) {
            Some((tree, local)) => (tree, Some(local)),
            None => (check::parse(&source.text)?, None),
        };
        let Some((slots, models)) = self.kept else {
            let model = Model::build(&source.path, &source.text, tree.suite(), tree.tokens());
            return Ok(summarize_model(i, &model, local, false));
        };
        let tree = slots[i].get_or_init(|| tree);
        let model = Model::build(&source.path, &source.text, tree.suite(), tree.tokens());
        // The model stays: its path passes are worked out once the project's
        // path takers are known (`settle_path_passes`).
        let summary = summarize_model(i, &model, local, true);
        let _ = models[i].set(model);
        Ok(summary)
    }
}

/// A module's summaries (see [`Summarized`]); `local`: its [`local_summary`]
/// when made already.
fn summarize_model(
    file: usize,
    model: &Model<'_>,
    local: Option<ModuleSummary>,
    defer_path_passes: bool,
) -> Summarized {
    let local = local.unwrap_or_else(|| local_summary_deferring(model, defer_path_passes));
    let first = complete(model, local, None);
    let mut callees: Vec<String> = model
        .calls
        .iter()
        .filter_map(crate::semantic::project::simple_callee_name)
        .map(str::to_string)
        .collect();
    callees.sort_unstable();
    callees.dedup();
    Summarized {
        file,
        first,
        callees,
    }
}

/// Parses and summarizes the chosen files, recording in `parsed` which parse.
fn summarize_files(
    trees: &Trees<'_, '_>,
    chosen: &[usize],
    parsed: &mut [Option<Result<(), String>>],
) -> Vec<Summarized> {
    let results: Vec<(usize, Result<Summarized, String>)> = chosen
        .par_iter()
        .map(|&i| (i, trees.summarize(i)))
        .collect();
    let mut out = Vec::with_capacity(results.len());
    for (i, result) in results {
        match result {
            Ok(summary) => {
                parsed[i] = Some(Ok(()));
                out.push(summary);
            }
            Err(e) => parsed[i] = Some(Err(e)),
        }
    }
    out
}

/// The index of the project: each module's first summary, then, for the modules
/// that call a function of another module, their summary again with the first
/// index (parsed again when the run does not keep trees, see [`KEEP_TREES_BYTES`]).
/// With `hand_back`, also what the next fixing round needs to reuse the first
/// summaries (see [`Handback`]).
/// Every module's calls with the paths they pass are asked about only for
/// callees that may open a file (facts::path_takers), known once every module
/// is summarized: a module whose model the run keeps works out only those
/// (it left them for now), and the others' passes to anything else are dropped
/// before the index holds them for the run.
fn settle_path_passes(trees: &Trees<'_, '_>, summarized: &mut [Summarized]) {
    let takers: rustc_hash::FxHashSet<String> = summarized
        .iter()
        .flat_map(|s| s.first.facts.path_takers.iter().cloned())
        .collect();
    summarized.par_iter_mut().for_each(|s| {
        let facts = &mut s.first.facts;
        if facts.path_passes_later {
            facts.path_passes_later = false;
            facts.path_passes = trees
                .with_model(s.file, |model| facts::path_passes_to(model, &takers))
                .unwrap_or_default();
            return;
        }
        let passes = &mut facts.path_passes;
        passes.retain(|p| takers.contains(p.callee.simple_name()));
        passes.shrink_to_fit();
    });
}

fn second_pass_index(
    trees: &Trees<'_, '_>,
    summarized: Vec<Summarized>,
    hand_back: bool,
) -> (ProjectIndex, Option<Handback>) {
    // Per file: its position and the names it calls.
    type Rest = Vec<(usize, Vec<String>)>;
    let (rest, first): (Rest, Vec<ModuleSummary>) = summarized
        .into_iter()
        .map(|s| ((s.file, s.callees), s.first))
        .unzip();
    // Each function's mark before the index sets its own: with them, a first
    // summary gives back its local summary (`local_of_first`).
    let marks: Vec<Vec<bool>> = first
        .iter()
        .map(|m| m.functions.iter().map(|f| f.on_worker_thread).collect())
        .collect();
    let mut first = ProjectIndex::new(first);
    // Which modules define a function of each name whose first summary a
    // caller's summary can read something from (`informs_callers`): a module
    // that calls none of them summarizes the same with the index as without.
    let mut live_in: rustc_hash::FxHashMap<&str, Vec<usize>> = rustc_hash::FxHashMap::default();
    for (m, module) in first.modules.iter().enumerate() {
        for f in &module.functions {
            if crate::semantic::summarize::informs_callers(f) {
                let simple = f.qualname.rsplit('.').next().unwrap_or(&f.qualname);
                live_in.entry(simple).or_default().push(m);
            }
        }
    }
    // Per file: its second summary (when redone), position and callees.
    type Redone = Vec<(Option<ModuleSummary>, usize, Vec<String>)>;
    let redone: Redone = rest
        .into_par_iter()
        .enumerate()
        .map(|(m, (file, callees))| {
            let again = callees.iter().any(|name| {
                live_in
                    .get(name.as_str())
                    .is_some_and(|modules| modules.iter().any(|&d| d != m))
            });
            if !again {
                return (None, file, callees);
            }
            let summary = trees.with_model(file, |model| {
                let local = local_of_first(first.modules[m].clone(), &marks[m]);
                complete(model, local, Some((&first, Some(m))))
            });
            (summary, file, callees)
        })
        .collect();
    drop(live_in);
    timings::note(&format!(
        "second pass: {} of {} modules summarized again",
        redone.iter().filter(|(s, _, _)| s.is_some()).count(),
        redone.len()
    ));
    let mut modules = std::mem::take(&mut first.modules);
    let mut back = hand_back.then(|| Handback {
        files: Vec::with_capacity(modules.len()),
        callees: Vec::with_capacity(modules.len()),
        firsts: Vec::with_capacity(modules.len()),
        marks,
    });
    // The first summaries the second replace, freed on every thread rather
    // than one by one on this one.
    let mut unused: Vec<ModuleSummary> = Vec::new();
    for (m, (summary, file, callees)) in redone.into_iter().enumerate() {
        let replaced = summary.map(|summary| std::mem::replace(&mut modules[m], summary));
        match &mut back {
            Some(back) => {
                back.files.push(file);
                back.callees.push(callees);
                back.firsts.push(replaced);
            }
            None => unused.extend(replaced),
        }
    }
    unused.into_par_iter().for_each(drop);
    drop(first);
    (ProjectIndex::new(modules), back)
}

/// What a fixing round's index hands on to the next round, by module: the file,
/// the names it calls, its first summary where the index holds its second, and
/// the `on_worker_thread` mark of each function before the indexes set theirs
/// (`ProjectIndex::new` marks functions wearing another module's thread
/// decorator): with them, the first summaries are as `summarize` made them.
struct Handback {
    files: Vec<usize>,
    callees: Vec<Vec<String>>,
    firsts: Vec<Option<ModuleSummary>>,
    marks: Vec<Vec<bool>>,
}

impl Handback {
    /// The first summaries, taken from the index once the round is done with it.
    fn summaries(self, index: ProjectIndex) -> Vec<Summarized> {
        let mut index = index;
        let modules = std::mem::take(&mut index.modules);
        // Freed here rather than while the next round holds its own.
        drop(index);
        let parts = self
            .files
            .into_iter()
            .zip(self.callees)
            .zip(self.firsts)
            .zip(self.marks);
        modules
            .into_iter()
            .zip(parts)
            .map(|(held, (((file, callees), replaced), marks))| {
                let mut first = replaced.unwrap_or(held);
                for (f, mark) in first.functions.iter_mut().zip(marks) {
                    f.on_worker_thread = mark;
                }
                Summarized {
                    file,
                    first,
                    callees,
                }
            })
            .collect()
    }
}

fn add_nanos(total: &AtomicU64, since: Instant) {
    let nanos = u64::try_from(since.elapsed().as_nanos()).unwrap_or(u64::MAX);
    total.fetch_add(nanos, Ordering::Relaxed);
}

/// Two rounds: the second sees factories and helpers that live in other modules.
pub fn build_index(models: &[Model<'_>]) -> ProjectIndex {
    let locals: Vec<ModuleSummary> = models.par_iter().map(|m| local_summary(m)).collect();
    let first: Vec<ModuleSummary> = models
        .par_iter()
        .zip(locals.par_iter())
        .map(|(m, local)| complete(m, local.clone(), None))
        .collect();
    let first = ProjectIndex::new(first);
    let second: Vec<ModuleSummary> = models
        .par_iter()
        .zip(locals.into_par_iter())
        .enumerate()
        .map(|(i, (m, local))| complete(m, local, Some((&first, Some(i)))))
        .collect();
    ProjectIndex::new(second)
}
