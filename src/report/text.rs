//! The human-readable output: `file:line:col  ID  SEVERITY  message`, then the
//! fix's diff where one was asked for.

use std::fmt::Write as _;

use ruff_source_file::LineIndex;
use ruff_text_size::Ranged;

use crate::diff::{display_path, unified};
use crate::finding::Finding;
use crate::fix::Applicability;
use crate::fix::apply::apply_fixes;
use crate::run::FileResult;

pub struct Located<'a> {
    pub path: String,
    pub line: usize,
    pub column: usize,
    pub finding: &'a Finding,
}

pub fn locate<'a>(file: &'a FileResult, findings: &'a [Finding], text: &str) -> Vec<Located<'a>> {
    let index = LineIndex::from_source_text(text);
    let path = display_path(&file.source.path);
    findings
        .iter()
        .map(|finding| {
            let lc = index.line_column(finding.range.start(), text);
            Located {
                path: path.clone(),
                line: lc.line.get(),
                column: lc.column.get(),
                finding,
            }
        })
        .collect()
}

pub fn finding_line(located: &Located<'_>) -> String {
    let f = located.finding;
    format!(
        "{}:{}:{}  {}  {}  {}",
        located.path, located.line, located.column, f.id, f.severity, f.message
    )
}

/// The lines under a finding: its fix's title and applicability, its note, and
/// with `diff_in` the diff of that fix alone applied to that file.
pub fn finding_details(diff_in: Option<&FileResult>, finding: &Finding) -> String {
    let mut out = String::new();
    if let Some(fix) = &finding.fix {
        let how = match fix.applicability {
            Applicability::Safe => "fix",
            Applicability::Unsafe => "unsafe fix (--unsafe-fixes)",
            Applicability::DisplayOnly => "suggested change (not applied automatically)",
        };
        let _ = writeln!(out, "  {how}: {}", fix.title);
        if let Some(file) = diff_in {
            let text = &file.source.text;
            let applied = apply_fixes(text, &[fix]);
            if crate::check::parse(&applied.text).is_err() {
                let _ = writeln!(
                    out,
                    "  (this change alone does not parse; it is shown, never written)"
                );
            }
            for line in unified(&file.source.path, text, &applied.text).lines() {
                let _ = writeln!(out, "    {line}");
            }
        }
    }
    if let Some(note) = &finding.note {
        let _ = writeln!(out, "  note: {note}");
    }
    out
}

pub fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// Keeps the finding's range referenced so renderers that need it can share `locate`.
pub fn range_of(finding: &Finding) -> ruff_text_size::TextRange {
    finding.range.range()
}
