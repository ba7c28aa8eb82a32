//! `--statistics`: how many findings each rule has, most first; `[*]` when `--fix`
//! applies its fixes.

use std::collections::BTreeMap;

use super::items::Item;
use crate::fix::Applicability;

pub fn render(items: &[Item<'_>], min: Applicability) -> String {
    let mut counts: BTreeMap<&str, (usize, usize, &str)> = BTreeMap::new();
    for item in items {
        let entry = counts.entry(item.finding.id).or_insert((
            0,
            0,
            item.meta.map_or("", |m| m.name.as_str()),
        ));
        entry.0 += 1;
        if item.fixable(min) {
            entry.1 += 1;
        }
    }
    let mut rows: Vec<_> = counts.into_iter().collect();
    rows.sort_by(|a, b| b.1.0.cmp(&a.1.0).then(a.0.cmp(b.0)));
    let width = rows
        .iter()
        .map(|r| r.1.0.to_string().len())
        .max()
        .unwrap_or(1);
    let name_width = rows.iter().map(|r| r.1.2.len()).max().unwrap_or(0);
    let mut out = String::new();
    for (id, (count, fixable, name)) in rows {
        let mark = if fixable == count {
            "[*]"
        } else if fixable > 0 {
            "[-]"
        } else {
            "   "
        };
        let line = format!("{count:>width$}  {id}  {name:<name_width$}  {mark}");
        // No trailing spaces: the table is diffed and grepped.
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}
