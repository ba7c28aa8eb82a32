//! The command line: flags, modes and exit codes. `main.rs` only calls [`main`].

use std::ffi::OsString;
use std::io::Write;
use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

mod args;
mod branch;
pub mod check;
mod fixes;
mod interactive;
mod output;
mod overrides;

pub use args::CheckArgs;

use crate::run::{self, Options};
use crate::settings::Settings;

/// No findings (or all of them fixed).
pub const EXIT_CLEAN: i32 = 0;
/// Findings remain.
pub const EXIT_FINDINGS: i32 = 1;
/// A usage error, a configuration error, a path or file that could not be read or
/// written, or a refused `--branch`.
pub const EXIT_ERROR: i32 = 2;

#[derive(Parser, Debug)]
#[command(
    name = "sqlfix",
    version,
    about = "Find the SQLite concurrency hazards in Python code and rewrite them as reviewable patches.",
    args_conflicts_with_subcommands = true,
    after_help = "Exit codes: 0 no findings (or all fixed; always with --exit-zero), 1 findings remain (or --exit-non-zero-on-fix changed files), 2 usage, configuration or I/O error."
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
    /// List every rule (the codemods and SQF001).
    Rules {
        /// `text` (a table) or `json` (every rule's metadata).
        #[arg(long, value_enum, default_value = "text")]
        output_format: RulesFormat,
    },
    /// Write the full audit report (Markdown, in the audit's mandatory format).
    Report {
        /// Files or folders to audit [default: .]
        paths: Vec<PathBuf>,
        /// Write the report to this file instead of standard output.
        #[arg(short = 'o', long = "output")]
        output: Option<PathBuf>,
    },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum RulesFormat {
    Text,
    Json,
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
        Some(Command::Rules { output_format }) => list_rules(output_format, stdout),
        Some(Command::Report { paths, output }) => audit_report(paths, output, stdout, stderr),
        None => check::check(&cli.check, stdout, stderr),
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
    let codemod = crate::rules::by_id(id)
        .ok_or_else(|| format!("no codemod `{id}`; `sqlfix rules` lists them"))?;
    let m = codemod.meta();
    let mut text = format!(
        "{} ({}): {}\n\nHazard sections (docs/hazards.md): {}\nSeverity: {}\nCategory: {}\nConfidence: {}\nFix: {}\n",
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
            "\nWhere common advice is wrong (docs/sqlite-facts.md):\n{}\n",
            facts.trim()
        ));
    }
    out.write_all(text.as_bytes()).map_err(|e| e.to_string())?;
    Ok(EXIT_CLEAN)
}

fn list_rules(format: RulesFormat, out: &mut dyn Write) -> Result<i32, String> {
    if format == RulesFormat::Json {
        let text = crate::report::rules_json::render(&crate::rules::metas());
        out.write_all(text.as_bytes()).map_err(|e| e.to_string())?;
        return Ok(EXIT_CLEAN);
    }
    let mut text = String::new();
    for codemod in crate::rules::all() {
        let m = codemod.meta();
        text.push_str(&format!(
            "{:<7} {:<34} {:<9} {:<12} {}\n",
            m.id,
            m.name,
            m.severity.to_string(),
            m.fix.to_string(),
            if m.default {
                m.title.clone()
            } else {
                format!("(off) {}", m.title)
            }
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
    // The project's configuration applies (rules, excludes, suppressions), as for a check.
    let cwd =
        std::env::current_dir().map_err(|e| format!("cannot read the working directory: {e}"))?;
    let resolver = std::sync::Arc::new(crate::settings::resolve::Resolver::new(
        &cwd,
        crate::settings::resolve::Overrides::default(),
    )?);
    let options = Options {
        observe: true,
        resolver: Some(resolver.clone()),
        project_context: true,
        ..Options::simple(paths, Settings::default(), crate::rules::all())
    };
    let result = run::run(&options);
    if let Some(e) = resolver.take_error() {
        return Err(e);
    }
    let io_error = fixes::print_problems(&result, err)?;
    let markdown = crate::report::audit::render(&result, &scope, env!("CARGO_PKG_VERSION"));
    if let Some(path) = &output {
        let configs: Vec<PathBuf> = resolver.files_used().into_iter().map(|(p, _)| p).collect();
        output::refuse_over_input(path, options.paths.iter().chain(&configs))?;
    }
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
