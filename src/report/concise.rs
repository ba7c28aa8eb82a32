//! `--output-format concise`: one line per finding, `path:line:col: ID [*] message`
//! (`[*]`: `--fix` applies its fix), as ruff's concise output.

use super::items::Item;
use crate::fix::Applicability;

pub fn render(items: &[Item<'_>], min: Applicability) -> String {
    let mut out = String::new();
    for item in items {
        let mark = if item.fixable(min) { " [*]" } else { "" };
        out.push_str(&format!(
            "{}:{}:{}: {}{mark} {}\n",
            item.path, item.line, item.column, item.finding.id, item.finding.message
        ));
    }
    out
}
