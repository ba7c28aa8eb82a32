//! The findings of a run as the machine formats see them: file, start and end
//! (line and column, 1-based, columns in characters), and the text they refer to,
//! sorted by path then position.

use std::path::Path;

use ruff_source_file::LineIndex;

use crate::codemods::Meta;
use crate::diff::{display_path, unified};
use crate::finding::Finding;
use crate::fix::Applicability;
use crate::fix::apply::apply_fixes;

pub struct Item<'a> {
    pub path: String,
    pub source_path: &'a Path,
    pub text: &'a str,
    pub finding: &'a Finding,
    pub meta: Option<&'static Meta>,
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
}

impl Item<'_> {
    /// Whether `--fix` (with the run's applicability) would apply its fix.
    pub fn fixable(&self, min: Applicability) -> bool {
        self.finding
            .fix
            .as_ref()
            .is_some_and(|f| f.applicability >= min && f.applicability > Applicability::DisplayOnly)
    }

    /// The diff of its fix alone.
    pub fn fix_diff(&self) -> Option<String> {
        let fix = self.finding.fix.as_ref()?;
        let applied = apply_fixes(self.text, &[fix]);
        Some(unified(self.source_path, self.text, &applied.text))
    }

    /// 1-based line and column of an offset in the item's text.
    pub fn position(&self, offset: ruff_text_size::TextSize) -> (usize, usize) {
        let index = LineIndex::from_source_text(self.text);
        let lc = index.line_column(offset, self.text);
        (lc.line.get(), lc.column.get())
    }
}

/// One file's findings and the text they refer to.
pub struct FileFindings<'a> {
    pub path: &'a Path,
    pub text: &'a str,
    pub findings: &'a [Finding],
}

pub fn items<'a>(files: &[FileFindings<'a>]) -> Vec<Item<'a>> {
    let mut out = Vec::new();
    for file in files {
        if file.findings.is_empty() {
            continue;
        }
        let index = LineIndex::from_source_text(file.text);
        let path = display_path(file.path);
        for finding in file.findings {
            let start = index.line_column(finding.range.start(), file.text);
            let end = index.line_column(finding.range.end(), file.text);
            out.push(Item {
                path: path.clone(),
                source_path: file.path,
                text: file.text,
                finding,
                meta: crate::rules::by_id(finding.id).map(|r| r.meta()),
                line: start.line.get(),
                column: start.column.get(),
                end_line: end.line.get(),
                end_column: end.column.get(),
            });
        }
    }
    out.sort_by(|a, b| {
        (&a.path, a.line, a.column, a.finding.id).cmp(&(&b.path, b.line, b.column, b.finding.id))
    });
    out
}
