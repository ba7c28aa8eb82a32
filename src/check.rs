//! Parsing a text and running the codemods on it: the unit the fix loop repeats.
//! The codemods' findings then go through the file's suppression comments, and
//! fixes that must not be applied here (an `unfixable` rule, a fix that needs a
//! newer Python than `target-version`) are turned into suggestions.

mod compat;
mod depth;
mod scope;
mod tabs;

use std::path::Path;

use ruff_python_ast::ModModule;
use ruff_python_parser::{ParseError, Parsed};
use ruff_source_file::LineIndex;
use ruff_text_size::Ranged;

use crate::codemods::Context;
use crate::finding::Finding;
use crate::semantic::project::ModuleSummary;
use crate::semantic::summarize::local_summary;
use crate::semantic::{Model, ProjectIndex, ProjectView};
use crate::settings::Settings;
use crate::settings::resolve::FileRules;

/// Parses a module; a syntax error becomes `line:column: message`.
pub fn parse(text: &str) -> Result<Parsed<ModModule>, String> {
    let parsed =
        ruff_python_parser::parse_module(text).map_err(|e| describe_parse_error(text, &e))?;
    if let Some(at) = depth::too_deep(parsed.syntax()) {
        // Freeing the tree recurses as deep as it goes and would overflow the stack:
        // it is leaked instead (at most the size of one file, which the run reads anyway).
        std::mem::forget(parsed);
        let index = LineIndex::from_source_text(text);
        let lc = index.line_column(at, text);
        return Err(format!(
            "{}:{}: nested more than {} levels deep (CPython cannot compile it either)",
            lc.line,
            lc.column,
            depth::LIMIT
        ));
    }
    if let Some(at) = tabs::inconsistent(text, parsed.tokens()) {
        let index = LineIndex::from_source_text(text);
        let lc = index.line_column(at, text);
        return Err(format!(
            "{}:{}: syntax error: inconsistent use of tabs and spaces in indentation (CPython refuses it: TabError or IndentationError)",
            lc.line, lc.column
        ));
    }
    Ok(parsed)
}

pub fn describe_parse_error(text: &str, error: &ParseError) -> String {
    let index = LineIndex::from_source_text(text);
    let lc = index.line_column(error.range().start(), text);
    format!("{}:{}: syntax error: {}", lc.line, lc.column, error.error)
}

/// Runs `codemods` on one module's text, sorted by position then id.
pub fn check_text(
    path: &Path,
    text: &str,
    index: &ProjectIndex,
    settings: &Settings,
    rules: &FileRules,
) -> Result<Vec<Finding>, String> {
    let parsed = parse(text)?;
    let model = Model::build(path, text, parsed.suite(), parsed.tokens());
    let view = ProjectView::new(index, &model);
    Ok(check_with_view(&model, &view, settings, rules))
}

/// [`check_text`], also handing back the text's tree and the part of its summary
/// that depends on the text alone ([`local_summary`]): the fix loop's last text
/// is the one the next project round summarizes, without parsing it again.
pub fn check_text_keeping(
    path: &Path,
    text: &str,
    index: &ProjectIndex,
    settings: &Settings,
    rules: &FileRules,
) -> Result<(Vec<Finding>, Parsed<ModModule>, ModuleSummary), String> {
    let parsed = parse(text)?;
    let model = Model::build(path, text, parsed.suite(), parsed.tokens());
    let local = local_summary(&model);
    let view = ProjectView::with_local(index, &model, local.clone());
    let findings = check_with_view(&model, &view, settings, rules);
    drop(view);
    drop(model);
    Ok((findings, parsed, local))
}

/// Checks a module as [`check_text`] checks its text (its summary made again
/// with the whole index), on a model already built: the fix loop's first check
/// of a file's unchanged text need not parse it again.
pub fn check_model_as_text(
    model: &Model<'_>,
    index: &ProjectIndex,
    settings: &Settings,
    rules: &FileRules,
) -> Vec<Finding> {
    let view = ProjectView::new(index, model);
    check_with_view(model, &view, settings, rules)
}

/// Checks a module exactly as the index saw it.
pub fn check_model(
    model: &Model<'_>,
    index: &ProjectIndex,
    settings: &Settings,
    rules: &FileRules,
) -> Vec<Finding> {
    let view = ProjectView::indexed(index, model);
    check_with_view(model, &view, settings, rules)
}

fn check_with_view(
    model: &Model<'_>,
    view: &ProjectView<'_>,
    settings: &Settings,
    rules: &FileRules,
) -> Vec<Finding> {
    // `# sqlfix: ignore-file` skips the codemods altogether.
    if crate::suppress::ignores_whole_file(model.text, model.tokens, &model.lines) {
        return Vec::new();
    }
    let shared = crate::codemods::Shared::new();
    let ctx = Context {
        model,
        project: view,
        settings,
        shared: &shared,
    };
    let mut findings = Vec::new();
    let timed = crate::timings::enabled();
    for codemod in &rules.codemods {
        let start = timed.then(std::time::Instant::now);
        codemod.check(&ctx, &mut findings);
        if let Some(start) = start {
            crate::timings::codemod_time(codemod.meta().id.as_str(), start.elapsed());
        }
    }
    let mut findings =
        crate::suppress::apply(model.text, model.tokens, &model.lines, findings, rules);
    // After suppressions: a comment whose finding is dropped here is still used.
    scope::apply(model, view, &shared, settings, &mut findings);
    for finding in &mut findings {
        if rules.unfixable.contains(&finding.id) {
            demote(
                finding,
                format!("{} is `unfixable` in the configuration", finding.id),
            );
        } else if let Some(reason) = compat::too_new(finding, settings) {
            demote(finding, reason);
        }
    }
    crate::fix::plan::drop_covered(&mut findings);
    findings.sort_by(|a, b| a.range.start().cmp(&b.range.start()).then(a.id.cmp(b.id)));
    findings
}

/// Keeps a fix as a suggestion to review, and says why it is not applied.
fn demote(finding: &mut Finding, reason: String) {
    let Some(fix) = finding.fix.as_mut() else {
        return;
    };
    // Whatever keeps it from applying now keeps it from applying in a later round.
    fix.after = None;
    if fix.applicability == crate::fix::Applicability::DisplayOnly {
        return;
    }
    fix.applicability = crate::fix::Applicability::DisplayOnly;
    let note = format!("the fix is not applied: {reason}");
    finding.note = Some(match finding.note.take() {
        Some(existing) => format!("{existing} ({note})"),
        None => note,
    });
}
