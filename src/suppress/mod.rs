//! Suppression comments, read from the token stream (never from lines that may be
//! inside a string):
//!
//! - `# sqlfix: ignore[SQF101, SQF2]` (ids or prefixes) or a bare `# sqlfix: ignore`
//!   on a finding's line;
//! - `# noqa: SQF101` (ruff's habit; a bare `# noqa` suppresses everything, as in ruff);
//! - `# sqlfix: ignore-file` (or `ignore-file[SQF501]`) anywhere: the whole file.
//!
//! A finding's line is the line where it starts, unless a comment cannot go there
//! (the line ends inside a multi-line string, or with a backslash continuation):
//! then it is the first line after it where one can. That is also where
//! `--add-noqa` writes, so what it writes always suppresses what it was written for.

pub mod add_noqa;
pub mod unused;

use ruff_python_ast::token::{TokenKind, Tokens};
use ruff_source_file::{LineIndex, OneIndexed};
use ruff_text_size::{Ranged, TextRange, TextSize};

use crate::finding::Finding;
use crate::settings::resolve::FileRules;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// `# sqlfix: ignore[...]`
    Ignore,
    /// `# noqa: ...`
    Noqa,
    /// `# sqlfix: ignore-file[...]`
    IgnoreFile,
}

#[derive(Debug, Clone)]
pub struct Code {
    pub text: String,
    pub range: TextRange,
}

#[derive(Debug, Clone)]
pub struct Directive {
    pub kind: Kind,
    /// From its `#` to its last character.
    pub range: TextRange,
    /// Empty: a bare directive (everything).
    pub codes: Vec<Code>,
    /// The whole comment token it sits in.
    pub comment: TextRange,
    /// Zero-based line of the comment.
    pub line: usize,
}

impl Directive {
    pub fn is_bare(&self) -> bool {
        self.codes.is_empty()
    }

    /// Whether it covers `id`. `# noqa` codes of other tools never match.
    pub fn covers(&self, id: &str) -> bool {
        self.is_bare()
            || self
                .codes
                .iter()
                .any(|c| is_sqlfix_code(&c.text) && crate::rules::matches(id, &c.text))
    }
}

pub fn is_sqlfix_code(code: &str) -> bool {
    code.len() >= 3 && code[..3].eq_ignore_ascii_case("SQF")
}

/// A byte test for the prefilter: the file may hold a sqlfix suppression.
pub fn may_have_directive(text: &str) -> bool {
    memchr::memmem::find(text.as_bytes(), b"sqlfix").is_some()
        || memchr::memmem::find(text.as_bytes(), b"SQF").is_some()
}

/// A bare `# sqlfix: ignore-file`: nothing in the file is reported.
pub fn ignores_whole_file(text: &str, tokens: &Tokens, lines: &LineIndex) -> bool {
    text.contains("ignore-file")
        && directives(text, tokens, lines)
            .iter()
            .any(|d| d.kind == Kind::IgnoreFile && d.is_bare())
}

/// The suppression directives of a module.
pub fn directives(text: &str, tokens: &Tokens, lines: &LineIndex) -> Vec<Directive> {
    let mut out = Vec::new();
    for token in tokens.iter() {
        if token.kind() != TokenKind::Comment {
            continue;
        }
        let comment = token.range();
        let body = &text[comment];
        let line = lines.line_index(comment.start()).to_zero_indexed();
        // A comment can hold several: `# type: ignore  # noqa: SQF101`.
        for (at, _) in body.match_indices('#') {
            let start = comment.start() + TextSize::try_from(at).unwrap_or_default();
            if let Some(mut directive) = parse_at(&body[at..], start) {
                directive.comment = comment;
                directive.line = line;
                out.push(directive);
            }
        }
    }
    out
}

/// Parses a directive at the start of `text` (which starts with `#`).
fn parse_at(text: &str, offset: TextSize) -> Option<Directive> {
    let after_hash = text[1..].trim_start();
    let mut pos = text.len() - after_hash.len();
    let lower = after_hash.to_ascii_lowercase();
    let kind;
    if let Some(rest) = lower.strip_prefix("sqlfix") {
        let rest_trim = rest.trim_start();
        let rest2 = rest_trim.strip_prefix(':')?;
        let word = rest2.trim_start();
        pos += "sqlfix".len() + (rest.len() - rest_trim.len()) + 1 + (rest2.len() - word.len());
        if word.starts_with("ignore-file") {
            kind = Kind::IgnoreFile;
            pos += "ignore-file".len();
        } else if word.starts_with("ignore") {
            kind = Kind::Ignore;
            pos += "ignore".len();
        } else {
            return None;
        }
        let tail = &text[pos..];
        // A word character right after `ignore` is another word (`ignored`).
        if tail.starts_with(|c: char| c.is_ascii_alphanumeric() || c == '_' || c == '-') {
            return None;
        }
        let mut codes = Vec::new();
        let mut end = pos;
        let spaced = tail.trim_start();
        if let Some(list) = spaced.strip_prefix('[') {
            let close = list.find(']')?;
            let list_start = pos + (tail.len() - spaced.len()) + 1;
            codes = split_codes(&list[..close], offset + size(list_start));
            end = list_start + close + 1;
        }
        return Some(Directive {
            kind,
            range: TextRange::new(offset, offset + size(end)),
            codes,
            comment: TextRange::default(),
            line: 0,
        });
    }
    if lower.starts_with("noqa") {
        pos += 4;
        let tail = &text[pos..];
        if tail.starts_with(|c: char| c.is_ascii_alphanumeric() || c == '_' || c == '-') {
            return None;
        }
        let mut codes = Vec::new();
        let mut end = pos;
        if let Some(list) = tail.strip_prefix(':') {
            // Codes run while they look like codes: `# noqa: E501, SQF101 why`.
            let list_start = pos + 1;
            let mut last_code_end = 0;
            let mut word_start = None;
            for (i, c) in list
                .char_indices()
                .chain(std::iter::once((list.len(), ' ')))
            {
                let separator = c == ',' || c == ' ' || c == '\t';
                match (word_start, separator) {
                    (None, false) => word_start = Some(i),
                    (Some(w), true) => {
                        if !looks_like_code(&list[w..i]) {
                            break;
                        }
                        last_code_end = i;
                        word_start = None;
                    }
                    _ => {}
                }
            }
            codes = split_codes(&list[..last_code_end], offset + size(list_start));
            if !codes.is_empty() {
                end = list_start + last_code_end;
            }
        }
        return Some(Directive {
            kind: Kind::Noqa,
            range: TextRange::new(offset, offset + size(end)),
            codes,
            comment: TextRange::default(),
            line: 0,
        });
    }
    None
}

fn looks_like_code(code: &str) -> bool {
    let letters = code.chars().take_while(|c| c.is_ascii_alphabetic()).count();
    letters > 0 && letters < code.len() && code[letters..].chars().all(|c| c.is_ascii_digit())
}

fn size(n: usize) -> TextSize {
    TextSize::try_from(n).unwrap_or_default()
}

/// `SQF101, SQF2 E501` → the codes with their ranges.
fn split_codes(list: &str, offset: TextSize) -> Vec<Code> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in list
        .char_indices()
        .chain(std::iter::once((list.len(), ' ')))
    {
        let is_code_char = c.is_ascii_alphanumeric() || c == '_';
        match (start, is_code_char) {
            (None, true) => start = Some(i),
            (Some(s), false) => {
                out.push(Code {
                    text: list[s..i].to_ascii_uppercase(),
                    range: TextRange::new(offset + size(s), offset + size(i)),
                });
                start = None;
            }
            _ => {}
        }
    }
    out
}

/// Where comments can go: a line end that is not inside a string (a multi-line
/// string or f-string) and not a backslash continuation.
pub struct CommentLines<'a> {
    text: &'a str,
    lines: &'a LineIndex,
    /// Strings (and whole f-/t-strings) that span a line break.
    strings: Vec<TextRange>,
    comments: Vec<TextRange>,
}

impl<'a> CommentLines<'a> {
    pub fn new(text: &'a str, tokens: &Tokens, lines: &'a LineIndex) -> Self {
        let mut strings = Vec::new();
        let mut comments = Vec::new();
        let mut open: Vec<TextSize> = Vec::new();
        for token in tokens.iter() {
            match token.kind() {
                TokenKind::String => strings.push(token.range()),
                TokenKind::FStringStart | TokenKind::TStringStart => open.push(token.start()),
                TokenKind::FStringEnd | TokenKind::TStringEnd => {
                    if let Some(start) = open.pop() {
                        strings.push(TextRange::new(start, token.end()));
                    }
                }
                TokenKind::Comment => comments.push(token.range()),
                _ => {}
            }
        }
        strings.retain(|r| text[*r].contains(['\n', '\r']));
        CommentLines {
            text,
            lines,
            strings,
            comments,
        }
    }

    /// The end of line `line`'s content (before its line break).
    pub fn content_end(&self, line: usize) -> TextSize {
        let one = OneIndexed::from_zero_indexed(line);
        let end = self.lines.line_end(one, self.text);
        let start = self.lines.line_start(one, self.text);
        let body = &self.text[TextRange::new(start, end)];
        let trimmed = body.trim_end_matches(['\n', '\r']);
        start + size(trimmed.len())
    }

    pub fn line_count(&self) -> usize {
        self.lines.line_count()
    }

    /// Whether a comment can be added at the end of `line`.
    pub fn accepts_comment(&self, line: usize) -> bool {
        let end = self.content_end(line);
        if self
            .strings
            .iter()
            .any(|s| s.start() < end && end < s.end())
        {
            return false;
        }
        let start = self
            .lines
            .line_start(OneIndexed::from_zero_indexed(line), self.text);
        let body = self.text[TextRange::new(start, end)].trim_end();
        if body.ends_with('\\') {
            let at = start + size(body.len() - 1);
            // A backslash at the end of a comment is part of the comment.
            return self.comments.iter().any(|c| c.contains(at));
        }
        true
    }

    /// The line a finding at `offset` belongs to (see the module's doc).
    pub fn anchor(&self, offset: TextSize) -> usize {
        let mut line = self.lines.line_index(offset).to_zero_indexed();
        let last = self.line_count().saturating_sub(1);
        while line < last && !self.accepts_comment(line) {
            line += 1;
        }
        line
    }
}

/// The module's suppressions applied to its findings: what is left, plus the
/// SQF001 findings for directives that suppressed nothing (when SQF001 runs).
pub fn apply(
    text: &str,
    tokens: &Tokens,
    lines: &LineIndex,
    findings: Vec<Finding>,
    rules: &FileRules,
) -> Vec<Finding> {
    // Most files have no suppression comment at all.
    if !(text.contains("sqlfix") || text.contains("noqa") || text.contains("NOQA")) {
        return findings;
    }
    let directives = directives(text, tokens, lines);
    if directives.is_empty() {
        return findings;
    }
    let comment_lines = CommentLines::new(text, tokens, lines);
    let mut used: Vec<Vec<bool>> = directives
        .iter()
        .map(|d| vec![false; d.codes.len().max(1)])
        .collect();
    let mut kept = Vec::new();
    'findings: for finding in findings {
        for (i, d) in directives.iter().enumerate() {
            if d.kind == Kind::IgnoreFile && d.covers(finding.id) {
                mark(&mut used[i], d, finding.id);
                continue 'findings;
            }
        }
        let anchor = comment_lines.anchor(finding.range.start());
        let mut suppressed = false;
        for (i, d) in directives.iter().enumerate() {
            if d.kind != Kind::IgnoreFile && d.line == anchor && d.covers(finding.id) {
                mark(&mut used[i], d, finding.id);
                suppressed = true;
            }
        }
        if !suppressed {
            kept.push(finding);
        }
    }
    if rules.runs(unused::ID) {
        let unused = unused::findings(text, &directives, &used, rules);
        for finding in unused {
            // `# sqlfix: ignore[SQF001]` (or a bare directive) on the same line keeps it quiet.
            let anchor = comment_lines.anchor(finding.range.start());
            let quiet = directives.iter().any(|d| {
                (d.kind == Kind::IgnoreFile || d.line == anchor)
                    && !d.is_bare()
                    && d.codes
                        .iter()
                        .any(|c| crate::rules::matches(unused::ID, &c.text))
            });
            if !quiet {
                kept.push(finding);
            }
        }
    }
    kept
}

fn mark(used: &mut [bool], directive: &Directive, id: &str) {
    if directive.is_bare() {
        used[0] = true;
        return;
    }
    for (i, code) in directive.codes.iter().enumerate() {
        if is_sqlfix_code(&code.text) && crate::rules::matches(id, &code.text) {
            used[i] = true;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Vec<Directive> {
        let parsed = ruff_python_parser::parse_module(text).unwrap();
        let lines = LineIndex::from_source_text(text);
        directives(text, parsed.tokens(), &lines)
    }

    #[test]
    fn directives_are_read_from_comments_only() {
        let text = "s = \"# sqlfix: ignore[SQF101]\"\nx = 1  # type: ignore  # noqa: E501,SQF2 because\ny = 2  # sqlfix: ignore[SQF101, sqf202]\n# sqlfix: ignore-file\nz = 3  # sqlfix: ignored\n";
        let found = parse(text);
        assert_eq!(found.len(), 3, "{found:?}");
        assert_eq!(found[0].kind, Kind::Noqa);
        assert_eq!(found[0].line, 1);
        let codes: Vec<&str> = found[0].codes.iter().map(|c| c.text.as_str()).collect();
        assert_eq!(codes, ["E501", "SQF2"]);
        assert_eq!(&text[found[0].range], "# noqa: E501,SQF2");
        assert_eq!(found[1].kind, Kind::Ignore);
        assert_eq!(&text[found[1].range], "# sqlfix: ignore[SQF101, sqf202]");
        assert_eq!(&text[found[1].codes[1].range], "sqf202");
        assert_eq!(found[2].kind, Kind::IgnoreFile);
        assert!(found[2].is_bare());
    }

    #[test]
    fn bare_noqa_and_noqa_with_codes() {
        let found = parse("a = 1  # noqa\nb = 2  # NOQA:SQF101\nc = 3  # noqa-ish\n");
        assert_eq!(found.len(), 2);
        assert!(found[0].is_bare());
        assert!(found[1].covers("SQF101"));
        assert!(!found[1].covers("SQF202"));
    }

    #[test]
    fn anchors_skip_lines_that_cannot_hold_a_comment() {
        let text = "x = f(\"\"\"\nabc\n\"\"\", 1)\ny = \\\n    g()\nz = h(\n    1,\n)\n";
        let parsed = ruff_python_parser::parse_module(text).unwrap();
        let lines = LineIndex::from_source_text(text);
        let cl = CommentLines::new(text, parsed.tokens(), &lines);
        assert_eq!(cl.anchor(TextSize::new(0)), 2);
        let y = TextSize::try_from(text.find("y =").unwrap()).unwrap();
        assert_eq!(cl.anchor(y), 4);
        let z = TextSize::try_from(text.find("z =").unwrap()).unwrap();
        assert_eq!(cl.anchor(z), 5);
    }
}
