//! ANSI colors for a terminal: diffs in red and green, a finding's id by severity.
//! Decided once per run (`--color auto|always|never`; `auto` is a terminal without
//! `NO_COLOR`), so every renderer can stay plain text.

use crate::finding::Severity;

const RESET: &str = "\x1b[0m";
const BOLD: &str = "\x1b[1m";
const RED: &str = "\x1b[31m";
const GREEN: &str = "\x1b[32m";
const YELLOW: &str = "\x1b[33m";
const CYAN: &str = "\x1b[36m";

/// `--color auto`: colors when writing to a terminal and `NO_COLOR` is unset or empty
/// (<https://no-color.org>).
pub fn auto(to_terminal: bool) -> bool {
    to_terminal && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

/// Colors the diff lines of `text`: those that start with `indent` spaces then a
/// diff marker. Other lines are left alone.
pub fn diff_lines(text: &str, indent: usize) -> String {
    let pad = " ".repeat(indent);
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    for line in text.split_inclusive('\n') {
        let body = line.strip_prefix(pad.as_str());
        let color = match body {
            Some(b) if b.starts_with("+++") || b.starts_with("---") => Some(BOLD),
            Some(b) if b.starts_with("@@") => Some(CYAN),
            Some(b) if b.starts_with('+') => Some(GREEN),
            Some(b) if b.starts_with('-') => Some(RED),
            _ => None,
        };
        match color {
            Some(color) => {
                let content = line.trim_end_matches(['\n', '\r']);
                out.push_str(color);
                out.push_str(content);
                out.push_str(RESET);
                out.push_str(&line[content.len()..]);
            }
            None => out.push_str(line),
        }
    }
    out
}

pub fn severity(text: &str, severity: Severity) -> String {
    let color = match severity {
        Severity::Critical | Severity::High => RED,
        Severity::Medium => YELLOW,
        Severity::Monitor => CYAN,
    };
    format!("{BOLD}{color}{text}{RESET}")
}

pub fn bold(text: &str) -> String {
    format!("{BOLD}{text}{RESET}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_diff_lines_are_colored() {
        let text = "app.py:1:1  SQF101\n    --- a/x\n    +++ b/x\n    @@ -1 +1 @@\n    -old\n    +new\n  note: - not a diff\n";
        let colored = diff_lines(text, 4);
        assert!(colored.contains("\x1b[31m    -old\x1b[0m\n"));
        assert!(colored.contains("\x1b[32m    +new\x1b[0m\n"));
        assert!(colored.contains("  note: - not a diff\n"));
        assert!(colored.starts_with("app.py:1:1  SQF101\n"));
    }
}
