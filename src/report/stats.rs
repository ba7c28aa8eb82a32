//! `--statistics`: how many findings each rule has, most first; `[*]` when `--fix`
//! applies the fixes of all of them, `[-]` when of some, then a legend line for
//! the markers shown (a reader meets `[-]` nowhere else).

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
    let (mut all, mut some) = (false, false);
    for (id, (count, fixable, name)) in rows {
        let mark = if fixable == count {
            all = true;
            "[*]"
        } else if fixable > 0 {
            some = true;
            "[-]"
        } else {
            "   "
        };
        let line = format!("{count:>width$}  {id}  {name:<name_width$}  {mark}");
        // No trailing spaces: the table is diffed and grepped.
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out.push_str(&legend(all, some, min));
    out
}

fn legend(all: bool, some: bool, min: Applicability) -> String {
    let (command, others) = if min == Applicability::Safe {
        ("--fix", "--unsafe-fixes or a change by hand")
    } else {
        ("--fix --unsafe-fixes", "a change by hand")
    };
    let mut parts = Vec::new();
    if all {
        parts.push(format!("[*] {command} fixes every finding of the rule"));
    }
    if some {
        parts.push(format!(
            "[-] {command} fixes some, the others need {others}"
        ));
    }
    if parts.is_empty() {
        String::new()
    } else {
        format!("{}\n", parts.join("; "))
    }
}
