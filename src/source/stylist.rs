//! The file's own conventions, so that generated code looks like its neighbours:
//! newline sequence, one level of indentation, and the project's line length.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Newline {
    Lf,
    CrLf,
    Cr,
}

impl Newline {
    pub fn as_str(self) -> &'static str {
        match self {
            Newline::Lf => "\n",
            Newline::CrLf => "\r\n",
            Newline::Cr => "\r",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stylist {
    pub newline: Newline,
    /// One level of indentation: a tab, or some number of spaces.
    pub indent: String,
    /// The longest line generated code may write (`line_length`: the project's
    /// ruff or black configuration; 88 when detected from the text alone).
    pub line_length: usize,
}

impl Stylist {
    pub fn detect(text: &str) -> Stylist {
        Stylist {
            newline: detect_newline(text),
            indent: detect_indent(text),
            line_length: super::line_length::DEFAULT_LINE_LENGTH,
        }
    }

    /// The file's conventions, with the line length its project configures.
    pub fn for_file(path: &std::path::Path, text: &str) -> Stylist {
        Stylist {
            line_length: super::line_length::for_file(path),
            ..Stylist::detect(text)
        }
    }

    /// Turns `\n`-separated generated code into the file's newline style.
    pub fn lines(&self, code: &str) -> String {
        match self.newline {
            Newline::Lf => code.to_string(),
            other => code.replace('\n', other.as_str()),
        }
    }

    /// Rewrites generated code written with four-space levels into the file's indentation.
    pub fn indent_code(&self, code: &str) -> String {
        if self.indent == "    " {
            return code.to_string();
        }
        code.split_inclusive('\n')
            .map(|line| {
                let spaces = line.len() - line.trim_start_matches(' ').len();
                let levels = spaces / 4;
                let rest = &line[levels * 4..];
                format!("{}{}", self.indent.repeat(levels), rest)
            })
            .collect()
    }
}

/// The first line ending decides: that is what an editor would keep using.
fn detect_newline(text: &str) -> Newline {
    let bytes = text.as_bytes();
    match memchr::memchr2(b'\n', b'\r', bytes) {
        Some(i) if bytes[i] == b'\r' => {
            if bytes.get(i + 1) == Some(&b'\n') {
                Newline::CrLf
            } else {
                Newline::Cr
            }
        }
        _ => Newline::Lf,
    }
}

/// The indentation of the first indented code line after a line ending in `:`.
/// Falls back to four spaces (PEP 8) for files with no indented block.
fn detect_indent(text: &str) -> String {
    let mut after_colon = false;
    for line in text.lines() {
        let trimmed = line.trim_end();
        if trimmed.trim_start().is_empty() || trimmed.trim_start().starts_with('#') {
            continue;
        }
        if after_colon {
            let indent: String = line
                .chars()
                .take_while(|c| *c == ' ' || *c == '\t')
                .collect();
            if !indent.is_empty() {
                // Nested blocks repeat the unit; the first one may already be nested
                // (a method in a class), so keep the smallest unit we can see.
                if indent.starts_with('\t') {
                    return "\t".to_string();
                }
                return indent;
            }
        }
        after_colon = trimmed.ends_with(':') && !line.starts_with([' ', '\t']);
    }
    "    ".to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_crlf_and_two_spaces() {
        let s = Stylist::detect("def f():\r\n  return 1\r\n");
        assert_eq!(s.newline, Newline::CrLf);
        assert_eq!(s.indent, "  ");
        assert_eq!(s.lines("a\nb\n"), "a\r\nb\r\n");
        assert_eq!(
            s.indent_code("if x:\n    y\n        z\n"),
            "if x:\n  y\n    z\n"
        );
    }

    #[test]
    fn detects_tabs() {
        let s = Stylist::detect("class A:\n\tdef f(self):\n\t\tpass\n");
        assert_eq!(s.indent, "\t");
        assert_eq!(s.indent_code("def f():\n    pass\n"), "def f():\n\tpass\n");
    }

    #[test]
    fn defaults_to_four_spaces() {
        assert_eq!(Stylist::detect("x = 1\n").indent, "    ");
    }
}
