//! `--output-format github`: GitHub Actions workflow commands, which the runner turns
//! into annotations on the pull request's diff. CRITICAL and HIGH are errors,
//! MEDIUM warnings, MONITOR notices.

use super::items::Item;
use crate::finding::Severity;

pub fn render(items: &[Item<'_>]) -> String {
    let mut out = String::new();
    for item in items {
        let f = item.finding;
        let level = match f.severity {
            Severity::Critical | Severity::High => "error",
            Severity::Medium => "warning",
            Severity::Monitor => "notice",
        };
        let name = item.meta.map_or("", |m| m.name.as_str());
        let title = format!("{} ({name}) {}", f.id, f.severity);
        let mut message = f.message.clone();
        if let Some(note) = &f.note {
            message.push_str(&format!("\n{note}"));
        }
        out.push_str(&format!(
            "::{level} title={},file={},line={},col={},endLine={},endColumn={}::{}\n",
            property(&title),
            property(&item.path),
            item.line,
            item.column,
            item.end_line,
            item.end_column,
            data(&message)
        ));
    }
    out
}

/// The escaping the runner undoes in a command's message.
fn data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// ... and in a property value, where `:` and `,` are separators.
fn property(text: &str) -> String {
    data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    #[test]
    fn escapes() {
        assert_eq!(super::property("a,b:c%\n"), "a%2Cb%3Ac%25%0A");
        assert_eq!(super::data("50%: x\ny"), "50%25: x%0Ay");
    }
}
