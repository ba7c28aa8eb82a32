//! `--add-noqa`: a `# sqlfix: ignore[ID]` comment for each finding, to adopt sqlfix
//! on a large codebase and fix the rest later.
//!
//! The comment goes on the finding's anchor line (see [`super::CommentLines::anchor`]):
//! never inside a multi-line string, never after a backslash continuation. An
//! existing `# sqlfix: ignore[...]` there gets the new codes; any other comment is
//! kept and the directive follows it. Running it again changes nothing, since the
//! findings it was written for are then suppressed.

use std::collections::BTreeMap;

use ruff_python_ast::token::Tokens;
use ruff_source_file::LineIndex;
use ruff_text_size::{TextRange, TextSize};

use super::{CommentLines, Kind, directives};
use crate::finding::Finding;

/// The text with the comments added, and how many findings they cover; `None`
/// when there is nothing to add.
pub fn add(
    text: &str,
    tokens: &Tokens,
    lines: &LineIndex,
    findings: &[Finding],
) -> Option<(String, usize)> {
    let comment_lines = CommentLines::new(text, tokens, lines);
    let existing = directives(text, tokens, lines);
    let mut by_line: BTreeMap<usize, Vec<&str>> = BTreeMap::new();
    let mut covered = 0;
    for finding in findings {
        if finding.id == super::unused::ID {
            continue;
        }
        covered += 1;
        let ids = by_line
            .entry(comment_lines.anchor(finding.range.start()))
            .or_default();
        if !ids.contains(&finding.id) {
            ids.push(finding.id);
        }
    }
    if by_line.is_empty() {
        return None;
    }
    let mut edits: Vec<(TextRange, String)> = Vec::new();
    for (line, mut ids) in by_line {
        ids.sort_unstable();
        let current = existing
            .iter()
            .find(|d| d.line == line && d.kind == Kind::Ignore && !d.is_bare());
        if let Some(directive) = current {
            let mut codes: Vec<String> = directive.codes.iter().map(|c| c.text.clone()).collect();
            for id in ids {
                if !codes.iter().any(|c| c == id) {
                    codes.push(id.to_string());
                }
            }
            edits.push((
                directive.range,
                format!("# sqlfix: ignore[{}]", codes.join(", ")),
            ));
            continue;
        }
        let end = comment_lines.content_end(line);
        let start = ruff_text_size::TextSize::try_from(
            text[..usize::from(end)].trim_end_matches([' ', '\t']).len(),
        )
        .unwrap_or(end);
        edits.push((
            TextRange::new(start, end),
            format!("  # sqlfix: ignore[{}]", ids.join(", ")),
        ));
    }
    edits.sort_by_key(|(range, _)| range.start());
    let mut out = String::with_capacity(text.len() + edits.len() * 32);
    let mut cursor = TextSize::new(0);
    for (range, content) in edits {
        if range.start() < cursor {
            continue;
        }
        out.push_str(&text[TextRange::new(cursor, range.start())]);
        out.push_str(&content);
        cursor = range.end();
    }
    out.push_str(&text[usize::from(cursor)..]);
    Some((out, covered))
}
