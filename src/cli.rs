//! The command line: flags, modes and exit codes. `main.rs` only calls [`main`].

use std::ffi::OsString;
use std::io::Write;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use crate::codemods::{self, Codemod};
use crate::diff::unified;
use crate::fix::Applicability;
use crate::report::text::{finding_details, finding_line, locate, plural};
use crate::run::{self, Options, RunResult};
use crate::settings::Settings;
use crate::write::atomic_write;

/// No findings (or all of them fixed).
pub const EXIT_CLEAN: i32 = 0;
/// Findings remain.
pub const EXIT_FINDINGS: i32 = 1;
/// A usage error, a path or file that could not be read or written, or a bug.
pub const EXIT_ERROR: i32 = 2;

#[derive(Parser, Debug)]
#[command(
    name = "sqlfix",
    version,
    about = "Find the SQLite concurrency hazards in Python code and rewrite them as reviewable patches.",
    args_conflicts_with_subcommands = true,
    after_help = "Exit codes: 0 no findings (or all fixed), 1 findings remain, 2 usage or I/O error."
)]
pub struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    #[command(flatten)]
    check: CheckArgs,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Explain one codemod: what it finds, why it matters, how it fixes it.
    Rule {
        /// The codemod's id (SQF101) or name (connection-pragmas).
        id: String,
    },
    /// List every codemod.
    Rules,
    /// Write the full audit report (Markdown, in the audit's mandatory format).
    Report {
        /// Files or folders to audit [default: .]
        paths: Vec<PathBuf>,
        /// Write the report to this file instead of standard output.
        #[arg(short = 'o', long = "output")]
        output: Option<PathBuf>,
    },
}

#[derive(Args, Debug)]
struct CheckArgs {
    /// Files or folders to check [default: .]
    paths: Vec<PathBuf>,
    /// Show each finding with the diff of its fix; write nothing.
    #[arg(long, conflicts_with_all = ["fix", "diff"])]
    dry_run: bool,
    /// Apply the safe fixes (and the unsafe ones with --unsafe-fixes).
    #[arg(long, conflicts_with = "diff")]
    fix: bool,
    /// Print only the patch --fix would write, with a/ b/ headers for `git apply`.
    #[arg(long)]
    diff: bool,
    /// Also apply (or show in --diff) the fixes that can change behaviour.
    #[arg(long)]
    unsafe_fixes: bool,
    /// Only these codemods (ids or prefixes, comma-separated).
    #[arg(long, value_delimiter = ',')]
    select: Vec<String>,
    /// Skip these codemods (ids or prefixes, comma-separated).
    #[arg(long, value_delimiter = ',')]
    ignore: Vec<String>,
}

/// Runs sqlfix with `args` (the program name first) and returns the exit code.
pub fn main(
    args: impl IntoIterator<Item = OsString>,
    stdout: &mut dyn Write,
    stderr: &mut dyn Write,
) -> i32 {
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(e) => {
            use clap::error::ErrorKind;
            if matches!(e.kind(), ErrorKind::DisplayHelp | ErrorKind::DisplayVersion) {
                let _ = write!(stdout, "{e}");
                return EXIT_CLEAN;
            }
            let rendered = e.render().to_string();
            let first = rendered.lines().next().unwrap_or("invalid arguments");
            let first = first.strip_prefix("error: ").unwrap_or(first);
            let _ = writeln!(stderr, "sqlfix: error: {first} (see `sqlfix --help`)");
            return EXIT_ERROR;
        }
    };
    let result = match cli.command {
        Some(Command::Rule { id }) => explain_rule(&id, stdout),
        Some(Command::Rules) => list_rules(stdout),
        Some(Command::Report { paths, output }) => audit_report(paths, output, stdout, stderr),
        None => check(&cli.check, stdout, stderr),
    };
    match result {
        Ok(code) => code,
        Err(message) => {
            let _ = writeln!(stderr, "sqlfix: error: {message}");
            EXIT_ERROR
        }
    }
}

fn explain_rule(id: &str, out: &mut dyn Write) -> Result<i32, String> {
    let codemod = codemods::by_id(id)
        .ok_or_else(|| format!("no codemod `{id}`; `sqlfix rules` lists them"))?;
    let m = codemod.meta();
    let mut text = format!(
        "{} ({}): {}\n\nSeed sections: {}\nSeverity: {}\nCategory: {}\nConfidence: {}\nFix: {}\n",
        m.id,
        m.name,
        m.title,
        m.seed.join(", "),
        m.severity,
        m.category,
        m.confidence,
        m.fix
    );
    for fold in &m.folds {
        text.push_str(&format!("Folds in: {fold}\n"));
    }
    let r = &m.report;
    for (heading, body) in [
        ("The problem", &r.problem),
        ("Concurrency impact", &r.impact),
        ("How to verify", &r.verify),
        ("The fix", &r.fix),
        ("Trade-off", &r.tradeoff),
    ] {
        text.push_str(&format!("\n{heading}:\n{}\n", body.trim()));
    }
    if let Some(facts) = &r.facts {
        text.push_str(&format!(
            "\nWhere the facts sheet corrects the audit:\n{}\n",
            facts.trim()
        ));
    }
    out.write_all(text.as_bytes()).map_err(|e| e.to_string())?;
    Ok(EXIT_CLEAN)
}

fn list_rules(out: &mut dyn Write) -> Result<i32, String> {
    let mut text = String::new();
    for codemod in codemods::all() {
        let m = codemod.meta();
        text.push_str(&format!(
            "{:<7} {:<34} {:<9} {:<12} {}\n",
            m.id,
            m.name,
            m.severity.to_string(),
            m.fix.to_string(),
            m.title
        ));
    }
    out.write_all(text.as_bytes()).map_err(|e| e.to_string())?;
    Ok(EXIT_CLEAN)
}

fn audit_report(
    paths: Vec<PathBuf>,
    output: Option<PathBuf>,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<i32, String> {
    let paths = if paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        paths
    };
    let scope = paths
        .iter()
        .map(|p| crate::diff::display_path(p))
        .collect::<Vec<_>>()
        .join(" ");
    let options = Options {
        paths,
        settings: Settings::default(),
        codemods: codemods::all().to_vec(),
        fix: None,
        observe: true,
    };
    let result = run::run(&options);
    let mut io_error = false;
    for problem in &result.problems {
        let level = if problem.is_error() {
            "error"
        } else {
            "warning"
        };
        writeln!(err, "sqlfix: {level}: {problem}").map_err(|e| e.to_string())?;
        io_error |= problem.is_error();
    }
    let markdown = crate::report::audit::render(&result, &scope, env!("CARGO_PKG_VERSION"));
    match output {
        Some(path) => std::fs::write(&path, markdown)
            .map_err(|e| format!("cannot write {}: {e}", path.display()))?,
        None => out
            .write_all(markdown.as_bytes())
            .map_err(|e| e.to_string())?,
    }
    let findings = result.files.iter().any(|f| !f.findings.is_empty());
    Ok(if io_error {
        EXIT_ERROR
    } else if findings {
        EXIT_FINDINGS
    } else {
        EXIT_CLEAN
    })
}

fn selected(args: &CheckArgs) -> Result<Vec<&'static dyn Codemod>, String> {
    for pattern in args.select.iter().chain(&args.ignore) {
        if !codemods::all()
            .iter()
            .any(|c| matches_pattern(c.meta().id.as_str(), pattern))
        {
            return Err(format!(
                "`{pattern}` matches no codemod; `sqlfix rules` lists them"
            ));
        }
    }
    Ok(codemods::all()
        .iter()
        .copied()
        .filter(|c| {
            let id = c.meta().id.as_str();
            (args.select.is_empty() || args.select.iter().any(|p| matches_pattern(id, p)))
                && !args.ignore.iter().any(|p| matches_pattern(id, p))
        })
        .collect())
}

/// `SQF1` selects SQF101..SQF199; `ALL` selects everything.
fn matches_pattern(id: &str, pattern: &str) -> bool {
    pattern.eq_ignore_ascii_case("ALL")
        || id
            .to_ascii_uppercase()
            .starts_with(&pattern.to_ascii_uppercase())
}

fn check(args: &CheckArgs, out: &mut dyn Write, err: &mut dyn Write) -> Result<i32, String> {
    let paths = if args.paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        args.paths.clone()
    };
    let min = if args.unsafe_fixes {
        Applicability::Unsafe
    } else {
        Applicability::Safe
    };
    let options = Options {
        paths,
        settings: Settings::default(),
        codemods: selected(args)?,
        fix: (args.fix || args.diff).then_some(min),
        observe: false,
    };
    let result = run::run(&options);
    let mut io_error = false;
    for problem in &result.problems {
        let level = if problem.is_error() {
            "error"
        } else {
            "warning"
        };
        writeln!(err, "sqlfix: {level}: {problem}").map_err(|e| e.to_string())?;
        io_error |= problem.is_error();
    }
    let code = if args.diff {
        print_patch(&result, out)?
    } else if args.fix {
        let (code, failed) = apply(&result, out, err)?;
        io_error |= failed;
        code
    } else {
        print_findings(&result, args.dry_run, min, out)?
    };
    Ok(if io_error { EXIT_ERROR } else { code })
}

fn print_findings(
    result: &RunResult,
    with_diffs: bool,
    min: Applicability,
    out: &mut dyn Write,
) -> Result<i32, String> {
    let mut text = String::new();
    let (mut total, mut safe, mut unsafe_, mut display) = (0, 0, 0, 0);
    for file in &result.files {
        for located in locate(file, &file.findings, &file.source.text) {
            total += 1;
            match located.finding.fix.as_ref().map(|f| f.applicability) {
                Some(Applicability::Safe) => safe += 1,
                Some(Applicability::Unsafe) => unsafe_ += 1,
                Some(Applicability::DisplayOnly) => display += 1,
                None => {}
            }
            text.push_str(&finding_line(&located));
            text.push('\n');
            text.push_str(&finding_details(file, located.finding, with_diffs));
        }
    }
    text.push_str(&summary(result, total, safe, unsafe_, display, min));
    out.write_all(text.as_bytes()).map_err(|e| e.to_string())?;
    Ok(if total > 0 { EXIT_FINDINGS } else { EXIT_CLEAN })
}

fn summary(
    result: &RunResult,
    total: usize,
    safe: usize,
    unsafe_: usize,
    display: usize,
    min: Applicability,
) -> String {
    let files = result.files.len();
    let mut line = if total == 0 {
        "No findings".to_string()
    } else {
        format!(
            "Found {} in {}",
            plural(total, "finding", "findings"),
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
            line.push_str(&format!(" {}.", parts.join(", ")));
        }
    }
    line.push('\n');
    line
}

fn print_patch(result: &RunResult, out: &mut dyn Write) -> Result<i32, String> {
    let mut text = String::new();
    let mut any_findings = false;
    for file in &result.files {
        any_findings |= !file.findings.is_empty();
        if let Some(fixed) = &file.fixed {
            if fixed.text != file.source.text {
                text.push_str(&unified(&file.source.path, &file.source.text, &fixed.text));
            }
        }
    }
    out.write_all(text.as_bytes()).map_err(|e| e.to_string())?;
    Ok(if any_findings {
        EXIT_FINDINGS
    } else {
        EXIT_CLEAN
    })
}

fn apply(
    result: &RunResult,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<(i32, bool), String> {
    let mut text = String::new();
    let mut fixed_count = 0;
    let mut remaining = 0;
    let mut failed = false;
    for file in &result.files {
        let path = crate::diff::display_path(&file.source.path);
        if let Some(e) = &file.fix_error {
            writeln!(err, "sqlfix: error: {path}: not fixed: {e}").map_err(|e| e.to_string())?;
            failed = true;
        }
        let Some(outcome) = &file.fixed else {
            for located in locate(file, &file.findings, &file.source.text) {
                remaining += 1;
                text.push_str(&finding_line(&located));
                text.push('\n');
                text.push_str(&finding_details(file, located.finding, false));
            }
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
        if outcome.text != file.source.text {
            match atomic_write(&file.source.path, &file.source.encode(&outcome.text)) {
                Ok(()) => {
                    fixed_count += outcome.applied.len();
                    for applied in &outcome.applied {
                        text.push_str(&format!("Fixed {path}: {} {}\n", applied.id, applied.title));
                    }
                }
                Err(e) => {
                    writeln!(err, "sqlfix: error: {path}: cannot write: {e}")
                        .map_err(|e| e.to_string())?;
                    failed = true;
                    continue;
                }
            }
        }
        let remaining_file = run::FileResult {
            source: crate::source::SourceFile {
                text: outcome.text.clone(),
                ..file.source.clone()
            },
            findings: Vec::new(),
            fixed: None,
            fix_error: None,
        };
        for located in locate(&remaining_file, &outcome.remaining, &outcome.text) {
            remaining += 1;
            text.push_str(&finding_line(&located));
            text.push('\n');
            text.push_str(&finding_details(&remaining_file, located.finding, false));
        }
    }
    text.push_str(&format!(
        "Fixed {}; {} remaining.\n",
        plural(fixed_count, "finding", "findings"),
        remaining
    ));
    out.write_all(text.as_bytes()).map_err(|e| e.to_string())?;
    Ok((
        if remaining > 0 {
            EXIT_FINDINGS
        } else {
            EXIT_CLEAN
        },
        failed,
    ))
}
