//! Parsing a text and running the codemods on it: the unit the fix loop repeats.

use std::path::Path;

use ruff_python_ast::ModModule;
use ruff_python_parser::{ParseError, Parsed};
use ruff_source_file::LineIndex;
use ruff_text_size::Ranged;

use crate::codemods::{Codemod, Context};
use crate::finding::Finding;
use crate::semantic::{Model, ProjectIndex, ProjectView};
use crate::settings::Settings;

/// Parses a module; a syntax error becomes `line:column: message`.
pub fn parse(text: &str) -> Result<Parsed<ModModule>, String> {
    ruff_python_parser::parse_module(text).map_err(|e| describe_parse_error(text, &e))
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
    codemods: &[&'static dyn Codemod],
) -> Result<Vec<Finding>, String> {
    let parsed = parse(text)?;
    let model = Model::build(path, text, parsed.suite(), parsed.tokens());
    let view = ProjectView::new(index, &model);
    Ok(check_with_view(&model, &view, settings, codemods))
}

/// Checks a module exactly as the index saw it.
pub fn check_model(
    model: &Model<'_>,
    index: &ProjectIndex,
    settings: &Settings,
    codemods: &[&'static dyn Codemod],
) -> Vec<Finding> {
    let view = ProjectView::indexed(index, model);
    check_with_view(model, &view, settings, codemods)
}

fn check_with_view(
    model: &Model<'_>,
    view: &ProjectView<'_>,
    settings: &Settings,
    codemods: &[&'static dyn Codemod],
) -> Vec<Finding> {
    let ctx = Context {
        model,
        project: view,
        settings,
    };
    let mut findings = Vec::new();
    for codemod in codemods {
        codemod.check(&ctx, &mut findings);
    }
    findings.sort_by(|a, b| a.range.start().cmp(&b.range.start()).then(a.id.cmp(b.id)));
    findings
}
