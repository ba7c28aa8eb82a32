//! A check run from the command line: resolve the configuration, run, then show
//! (or apply) the result in the format asked for, and decide the exit code.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::sync::Arc;

use super::EXIT_CLEAN;
use super::args::{CheckArgs, ColorChoice, OutputFormat};
use super::fixes::{Outcome, print_problems, report_unwritten, run_once, write_fixes};
use crate::diff::{display_path, unified};
use crate::finding::Finding;
use crate::fix::Applicability;
use crate::fix::engine::{AppliedFix, FixOutcome};
use crate::report::color;
use crate::report::items::{FileFindings, Item, items};
use crate::report::text::{finding_details, plural};
use crate::run::RunResult;
use crate::settings::resolve::Resolver;
use crate::write::{WriteError, replace_file};

/// Where the report goes, and whether it is colored.
pub struct Sink {
    pub buffer: String,
    pub color: bool,
}

pub fn check(args: &CheckArgs, out: &mut dyn Write, err: &mut dyn Write) -> Result<i32, String> {
    if args.timings {
        crate::timings::enable();
    }
    crate::timings::start();
    let cwd =
        std::env::current_dir().map_err(|e| format!("cannot read the working directory: {e}"))?;
    let overrides = super::overrides::of(args)?;
    let resolver = Arc::new(Resolver::new(&cwd, overrides)?);
    let paths = if args.paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        args.paths.clone()
    };
    if args.show_settings {
        let text = crate::settings::show::render(&resolver, &paths[0]);
        if let Some(e) = resolver.take_error() {
            return Err(e);
        }
        out.write_all(text.as_bytes()).map_err(|e| e.to_string())?;
        return Ok(EXIT_CLEAN);
    }
    if let Some(output) = &args.output_file {
        super::output::refuse_over_input(output, &paths)?;
    }
    if let Some(name) = &args.branch {
        return super::branch::run(name, args, &paths, &resolver, out, err);
    }
    let to_terminal = args.output_file.is_none() && std::io::stdout().is_terminal();
    let mut sink = Sink {
        buffer: String::new(),
        color: match args.color {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => color::auto(to_terminal),
        },
    };
    let outcome = if args.add_noqa {
        add_noqa(args, paths, &resolver, &mut sink, err)?
    } else if args.interactive {
        let stdin = std::io::stdin();
        let mut input = stdin.lock();
        super::interactive::run(args, paths, &resolver, &mut input, out, err, sink.color)?
    } else {
        crate::run::exit_after_run();
        let result = run_once(args, paths, &resolver, None)?;
        // Straight to stdout, a large report is written as it is made rather
        // than held whole (90 MB of text on a 10,000-file tree).
        let stream: Option<&mut dyn Write> = match args.output_file {
            None => Some(&mut *out),
            Some(_) => None,
        };
        let outcome = report(args, &result, &resolver, &mut sink, err, stream)?;
        // Freeing every file's text and findings one by one took 3% of a large
        // run's time; the process ends right after the report.
        std::mem::forget(result);
        outcome
    };
    if let Some(output) = &args.output_file {
        // The configuration files are known once the run has read them.
        let configs: Vec<PathBuf> = resolver.files_used().into_iter().map(|(p, _)| p).collect();
        super::output::refuse_over_input(output, &configs)?;
    }
    match &args.output_file {
        Some(path) => std::fs::write(path, &sink.buffer)
            .map_err(|e| format!("cannot write {}: {e}", path.display()))?,
        None => out
            .write_all(sink.buffer.as_bytes())
            .map_err(|e| e.to_string())?,
    }
    crate::timings::lap("output");
    Ok(outcome.exit_code(args))
}

/// The least-trusted fix `--fix` applies, as the working directory's configuration says.
fn run_min(resolver: &Resolver) -> Applicability {
    if resolver.for_cwd().unsafe_fixes {
        Applicability::Unsafe
    } else {
        Applicability::Safe
    }
}

pub fn report(
    args: &CheckArgs,
    result: &RunResult,
    resolver: &Resolver,
    sink: &mut Sink,
    err: &mut dyn Write,
    stream: Option<&mut dyn Write>,
) -> Result<Outcome, String> {
    let mut outcome = Outcome {
        failed: print_problems(result, err)?,
        ..Outcome::default()
    };
    let min = run_min(resolver);
    if args.diff {
        let mut text = String::new();
        for file in &result.files {
            outcome.findings_remain |= !file.findings.is_empty();
            if let Some(fixed) = &file.fixed {
                if fixed.text != file.source.text {
                    text.push_str(&unified(&file.source.path, &file.source.text, &fixed.text));
                }
            }
        }
        crate::timings::lap("diff");
        sink.buffer.push_str(&if sink.color {
            color::diff_lines(&text, 0)
        } else {
            text
        });
        if args.show_fixes {
            write!(err, "{}", show_fixes(&applied_of(result), false)).map_err(|e| e.to_string())?;
        }
        return Ok(outcome);
    }
    // With --fix: write, then report what remains.
    let mut remaining_texts: Vec<(PathBuf, String, Vec<Finding>)> = Vec::new();
    let mut applied: Vec<(String, Vec<AppliedFix>)> = Vec::new();
    let mut fixed_lines = String::new();
    if args.fix {
        let written = write_fixes(result, err)?;
        outcome.failed |= written.failed;
        outcome.files_changed = !written.applied.is_empty();
        remaining_texts = written.remaining;
        applied = written.applied;
        for (path, fixes) in &applied {
            for fix in fixes {
                fixed_lines.push_str(&format!("Fixed {path}: {} {}\n", fix.id, fix.title));
            }
        }
    } else if args.show_fixes {
        applied = applied_of(result);
    }
    // Without --fix the findings are the run's own: borrowed, not copied with
    // every file's text.
    let file_findings: Vec<FileFindings<'_>> = if args.fix {
        remaining_texts
            .iter()
            .map(|(path, text, findings)| FileFindings {
                path,
                text,
                findings,
            })
            .collect()
    } else {
        result
            .files
            .iter()
            .map(|file| FileFindings {
                path: &file.source.path,
                text: &file.source.text,
                findings: &file.findings,
            })
            .collect()
    };
    let found = items(&file_findings);
    outcome.findings_remain = !found.is_empty();
    let machine = args.output_format != OutputFormat::Text;
    let fixed_count: usize = applied.iter().map(|(_, f)| f.len()).sum();
    // What was fixed goes to stderr when stdout carries a machine format.
    if args.fix {
        let mut text = if args.show_fixes {
            show_fixes(&applied, true)
        } else {
            fixed_lines
        };
        if machine {
            text.push_str(&format!(
                "Fixed {}; {} remaining.\n",
                plural(fixed_count, "finding", "findings"),
                found.len()
            ));
            write!(err, "{text}").map_err(|e| e.to_string())?;
        } else {
            sink.buffer.push_str(&text);
        }
    }
    match args.output_format {
        OutputFormat::Text => {
            if args.statistics {
                sink.buffer
                    .push_str(&crate::report::stats::render(&found, min));
            } else if args.dry_run {
                sink.buffer
                    .push_str(&crate::report::dry_run::render(&found, sink.color));
                let simulated: Vec<(String, &FixOutcome)> = result
                    .files
                    .iter()
                    .filter_map(|f| Some((display_path(&f.source.path), f.fixed.as_ref()?)))
                    .collect();
                sink.buffer.push_str(&crate::report::dry_run::render_later(
                    &simulated, sink.color,
                ));
            } else {
                text_findings(&found, sink.color, &mut sink.buffer, stream)?;
            }
            if args.fix {
                sink.buffer.push_str(&format!(
                    "Fixed {}; {} remaining.\n",
                    plural(fixed_count, "finding", "findings"),
                    found.len()
                ));
            } else {
                sink.buffer
                    .push_str(&summary(result, &found, min, args.dry_run));
                if args.show_fixes {
                    sink.buffer.push_str(&show_fixes(&applied, false));
                }
            }
        }
        OutputFormat::Concise => sink
            .buffer
            .push_str(&crate::report::concise::render(&found, min)),
        OutputFormat::Json => sink.buffer.push_str(&crate::report::json::render(&found)),
        OutputFormat::JsonRoots => sink
            .buffer
            .push_str(&crate::report::json::render_roots(&found)),
        OutputFormat::Github => sink.buffer.push_str(&crate::report::github::render(&found)),
        OutputFormat::Junit => sink.buffer.push_str(&crate::report::junit::render(&found)),
        OutputFormat::Sarif => sink.buffer.push_str(&crate::report::sarif::render(
            &found,
            &crate::rules::metas(),
            resolver.cwd(),
        )),
    }
    if machine && args.statistics {
        write!(err, "{}", crate::report::stats::render(&found, min)).map_err(|e| e.to_string())?;
    }
    if machine && args.show_fixes && !args.fix {
        write!(err, "{}", show_fixes(&applied, false)).map_err(|e| e.to_string())?;
    }
    Ok(outcome)
}

/// The text format: each root cause once, at its first site, with its fix's
/// title and note; a root with several sites lists them (`path:line:col`, and the
/// site's own message when it says something else). Appended to `out`: on a large
/// tree the report is about 9 KB per file, and a copy of it doubled the output's memory.
/// With `stream`, whatever is in `out` is written there whenever it passes
/// [`STREAM_BYTES`], in order.
fn text_findings(
    found: &[Item<'_>],
    colored: bool,
    out: &mut String,
    mut stream: Option<&mut dyn Write>,
) -> Result<(), String> {
    let paint = |details: String, indent: usize| {
        if colored {
            color::diff_lines(&details, indent)
        } else {
            details
        }
    };
    for root in crate::report::roots::group(found) {
        if let Some(stream) = stream.as_deref_mut() {
            if out.len() >= STREAM_BYTES {
                stream
                    .write_all(out.as_bytes())
                    .map_err(|e| e.to_string())?;
                out.clear();
            }
        }
        let item = &found[root.sites[0]];
        let f = item.finding;
        let _ = writeln!(
            out,
            "{}:{}:{}  {}  {}  {}",
            if colored {
                color::bold(&item.path)
            } else {
                item.path.clone()
            },
            item.line,
            item.column,
            if colored {
                color::severity(f.id, f.severity)
            } else {
                f.id.to_string()
            },
            f.severity,
            f.message
        );
        if !root.is_shared() {
            out.push_str(&paint(finding_details(None, f), 4));
            continue;
        }
        let details: Vec<String> = root
            .sites
            .iter()
            .map(|&i| finding_details(None, found[i].finding))
            .collect();
        let same_details = details.iter().all(|d| *d == details[0]);
        let _ = writeln!(
            out,
            "  root: {}{}; {} sites:",
            root.description,
            root.place(),
            root.sites.len()
        );
        for (&i, site_details) in root.sites.iter().zip(&details) {
            let site = &found[i];
            let _ = write!(out, "    {}:{}:{}", site.path, site.line, site.column);
            if site.finding.message != f.message {
                let _ = write!(out, "  {}", site.finding.message);
            }
            out.push('\n');
            if !same_details {
                let indented: String = site_details.lines().map(|l| format!("    {l}\n")).collect();
                out.push_str(&paint(indented, 8));
            }
        }
        if same_details {
            out.push_str(&paint(details[0].clone(), 4));
        }
    }
    Ok(())
}

/// How much of a streamed text report is held before it is written.
const STREAM_BYTES: usize = 1 << 20;

/// The summary line. `simulated`: the run simulated `--fix` (a dry run), so the
/// fixes it promises are those the simulation applied, later rounds included.
fn summary(result: &RunResult, found: &[Item<'_>], min: Applicability, simulated: bool) -> String {
    let total = found.len();
    let (mut safe, mut unsafe_, mut display) = (0, 0, 0);
    for item in found {
        match item.finding.fix.as_ref().and_then(|f| f.counts_at(min)) {
            Some(Applicability::Safe) => safe += 1,
            Some(Applicability::Unsafe) => unsafe_ += 1,
            Some(Applicability::DisplayOnly) => display += 1,
            None => {}
        }
    }
    let (mut later, mut refused) = (0, 0);
    if simulated {
        let outcomes = result.files.iter().filter_map(|f| f.fixed.as_ref());
        let applied: Vec<&AppliedFix> = outcomes.clone().flat_map(|o| &o.applied).collect();
        refused = outcomes.map(|o| o.refused.len()).sum();
        later = applied.iter().filter(|a| a.later.is_some()).count();
        let count = |a: Applicability| applied.iter().filter(|f| f.applicability == a).count();
        safe = count(Applicability::Safe);
        // Without --unsafe-fixes the unsafe ones stay a hint: --fix does not apply them.
        if min == Applicability::Unsafe {
            unsafe_ = count(Applicability::Unsafe);
        }
    }
    let files = {
        let mut paths: Vec<&str> = found.iter().map(|i| i.path.as_str()).collect();
        paths.dedup();
        paths.len()
    };
    let roots = crate::report::roots::group(found).len();
    let mut line = if total == 0 {
        "No findings".to_string()
    } else {
        format!(
            "Found {} in {}",
            crate::report::roots::counted(total, roots),
            plural(files, "file", "files")
        )
    };
    line.push_str(&format!(
        " ({} checked of {} Python files).",
        result.checked, result.discovered
    ));
    if total > 0 {
        let mut parts = Vec::new();
        if safe > 0 {
            parts.push(format!("{safe} fixable with --fix"));
        }
        if unsafe_ > 0 {
            parts.push(format!(
                "{unsafe_} {}",
                if min == Applicability::Unsafe {
                    "more fixable with --fix --unsafe-fixes"
                } else {
                    "more with --unsafe-fixes"
                }
            ));
        }
        if display > 0 {
            parts.push(format!("{display} with a suggested change to review"));
        }
        if !parts.is_empty() {
            line.push_str(&format!(" {}", parts.join(", ")));
            let mut after = Vec::new();
            if later > 0 {
                after.push(format!("{later} of them only after other fixes"));
            }
            if refused > 0 {
                after.push(format!("{refused} offered but not applied"));
            }
            if !after.is_empty() {
                line.push_str(&format!(" ({})", after.join("; ")));
            }
            line.push('.');
        }
    }
    line.push('\n');
    line
}

/// The fixes a run computed (without writing them), per file.
fn applied_of(result: &RunResult) -> Vec<(String, Vec<AppliedFix>)> {
    result
        .files
        .iter()
        .filter_map(|f| {
            let fixed = f.fixed.as_ref()?;
            (!fixed.applied.is_empty())
                .then(|| (display_path(&f.source.path), fixed.applied.clone()))
        })
        .collect()
}

/// `--show-fixes`: per file, how many fixes of each rule.
pub fn show_fixes(applied: &[(String, Vec<AppliedFix>)], done: bool) -> String {
    let total: usize = applied.iter().map(|(_, f)| f.len()).sum();
    let verb = if done { "Fixed" } else { "Would fix" };
    if total == 0 {
        return format!("{verb} nothing.\n");
    }
    let mut out = format!("{verb} {}:\n", plural(total, "finding", "findings"));
    for (path, fixes) in applied {
        out.push_str(&format!("- {path}:\n"));
        let mut counts: BTreeMap<&str, (usize, &str)> = BTreeMap::new();
        for fix in fixes {
            counts.entry(fix.id).or_insert((0, fix.title.as_str())).0 += 1;
        }
        for (id, (count, title)) in counts {
            let name = crate::rules::by_id(id).map_or("", |r| r.meta().name.as_str());
            out.push_str(&format!("    {count} × {id} ({name}): {title}\n"));
        }
    }
    out
}

/// `--add-noqa`: a suppression comment for every finding, written atomically.
fn add_noqa(
    args: &CheckArgs,
    paths: Vec<PathBuf>,
    resolver: &Arc<Resolver>,
    sink: &mut Sink,
    err: &mut dyn Write,
) -> Result<Outcome, String> {
    let result = run_once(args, paths, resolver, None)?;
    let mut outcome = Outcome {
        failed: print_problems(&result, err)?,
        ..Outcome::default()
    };
    let mut added = 0;
    let mut files = 0;
    for file in &result.files {
        let path = display_path(&file.source.path);
        let text = &file.source.text;
        let Ok(parsed) = crate::check::parse(text) else {
            continue;
        };
        let lines = ruff_source_file::LineIndex::from_source_text(text);
        let Some((new_text, count)) =
            crate::suppress::add_noqa::add(text, parsed.tokens(), &lines, &file.findings)
        else {
            continue;
        };
        if new_text == *text {
            continue;
        }
        if let Err(e) = crate::check::parse(&new_text) {
            // Never expected (comments go where they are legal); never written either.
            writeln!(
                err,
                "sqlfix: error: {path}: suppression comments not added: {e}"
            )
            .map_err(|e| e.to_string())?;
            outcome.failed = true;
            continue;
        }
        let read = file.source.encode(text);
        match replace_file(&file.source.path, &read, &file.source.encode(&new_text)) {
            Ok(()) => {
                added += count;
                files += 1;
                outcome.files_changed = true;
            }
            Err(e) => {
                report_unwritten(&path, &e, err)?;
                outcome.failed |= matches!(e, WriteError::Io(_));
            }
        }
    }
    sink.buffer.push_str(&format!(
        "Added suppression comments for {} in {}.\n",
        plural(added, "finding", "findings"),
        plural(files, "file", "files")
    ));
    Ok(outcome)
}
