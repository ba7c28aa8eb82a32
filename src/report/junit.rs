//! `--output-format junit`: JUnit XML, which CI systems show as test results. One
//! `testsuite` per file with findings and one failing `testcase` per finding; a run
//! without findings is one passing testcase, so the report is never empty.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use super::items::Item;

pub fn render(items: &[Item<'_>]) -> String {
    let mut by_file: BTreeMap<&str, Vec<&Item<'_>>> = BTreeMap::new();
    for item in items {
        by_file.entry(item.path.as_str()).or_default().push(item);
    }
    let total = items.len();
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(
        out,
        "<testsuites name=\"sqlfix\" tests=\"{}\" failures=\"{total}\" errors=\"0\">",
        total.max(1)
    );
    if by_file.is_empty() {
        out.push_str("  <testsuite name=\"sqlfix\" tests=\"1\" failures=\"0\" errors=\"0\">\n");
        out.push_str("    <testcase name=\"No findings\" classname=\"sqlfix\"/>\n");
        out.push_str("  </testsuite>\n");
    }
    for (path, items) in by_file {
        let _ = writeln!(
            out,
            "  <testsuite name=\"{}\" tests=\"{n}\" failures=\"{n}\" errors=\"0\">",
            escape(path),
            n = items.len()
        );
        for item in items {
            let f = item.finding;
            let name = item.meta.map_or("", |m| m.name.as_str());
            let _ = writeln!(
                out,
                "    <testcase name=\"{} {name} at {}:{}\" classname=\"{}\" file=\"{}\" line=\"{}\">",
                f.id,
                item.line,
                item.column,
                escape(path),
                escape(path),
                item.line
            );
            let mut body = format!(
                "{}:{}:{} {} {}",
                path, item.line, item.column, f.id, f.severity
            );
            if let Some(note) = &f.note {
                body.push_str(&format!("\nnote: {note}"));
            }
            let _ = writeln!(
                out,
                "      <failure message=\"{}\" type=\"{}\">{}</failure>",
                escape(&f.message),
                f.severity,
                escape(&body)
            );
            out.push_str("    </testcase>\n");
        }
        out.push_str("  </testsuite>\n");
    }
    out.push_str("</testsuites>\n");
    out
}

/// XML text and attribute escaping; control characters XML 1.0 cannot hold are dropped.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\n' => out.push_str("&#10;"),
            '\t' | '\r' => out.push(c),
            c if (c as u32) < 0x20 => {}
            c => out.push(c),
        }
    }
    out
}
