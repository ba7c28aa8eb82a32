//! Findings that share a root cause, as every output format groups them: one
//! rule's findings whose codemod named the same root (a connection, a helper, a
//! database: `Finding::root`), across files. A finding with no root named is a
//! root of its own, with one site.

use rustc_hash::FxHashMap as HashMap;

use super::items::Item;

/// One root cause and the findings (sites) it accounts for.
pub struct RootGroup {
    /// Stable across runs of the same code: the rule and the codemod's key, or
    /// the rule and the site for a finding that is its own root.
    pub id: String,
    pub rule: &'static str,
    pub description: String,
    /// Where the cause is defined, else its first site (display path, line).
    pub location: (String, usize),
    /// Whether `location` is the cause's own place, not its first site's.
    pub located: bool,
    /// Indices into the items, in their order (path, then position).
    pub sites: Vec<usize>,
}

impl RootGroup {
    pub fn is_shared(&self) -> bool {
        self.sites.len() > 1
    }
}

/// The roots of `items` (sorted as `items::items` sorts them), in the order of
/// their first sites.
pub fn group(items: &[Item<'_>]) -> Vec<RootGroup> {
    let mut out: Vec<RootGroup> = Vec::new();
    let mut by_id: HashMap<String, usize> = HashMap::default();
    for (i, item) in items.iter().enumerate() {
        let f = item.finding;
        let mut id = root_id(item);
        if f.root.is_none() {
            // Two findings of a rule at one place (SQF112's two halves) are two roots.
            id = unused(&by_id, id);
        } else if let Some(&g) = by_id.get(&id) {
            out[g].sites.push(i);
            continue;
        }
        let (description, location) = match &f.root {
            Some(root) => (root.description.clone(), root.location.clone()),
            None => ("this finding alone".to_string(), None),
        };
        let located = location.is_some();
        let location = location.unwrap_or_else(|| (item.path.clone(), item.line));
        by_id.insert(id.clone(), out.len());
        out.push(RootGroup {
            id,
            rule: f.id,
            description,
            location,
            located,
            sites: vec![i],
        });
    }
    out
}

/// `id`, or `id#2`, `id#3`... when it is taken.
pub fn unused<V>(taken: &HashMap<String, V>, id: String) -> String {
    if !taken.contains_key(&id) {
        return id;
    }
    (2..)
        .map(|n| format!("{id}#{n}"))
        .find(|candidate| !taken.contains_key(candidate))
        .unwrap_or(id)
}

/// `SQF501:helper:app/db.py:save`, or `SQF501@app/routes.py:10:5` for a
/// finding that is its own root.
pub fn root_id(item: &Item<'_>) -> String {
    let f = item.finding;
    match &f.root {
        Some(root) => format!("{}:{}", f.id, root.key),
        None => format!("{}@{}:{}:{}", f.id, item.path, item.line, item.column),
    }
}

impl RootGroup {
    /// ` (db.py:3)` when the cause has a place of its own, else nothing.
    pub fn place(&self) -> String {
        if self.located {
            format!(" ({}:{})", self.location.0, self.location.1)
        } else {
            String::new()
        }
    }
}

/// "12 findings (3 root causes)", or "12 findings" when each is its own root.
pub fn counted(findings: usize, roots: usize) -> String {
    let mut text = super::text::plural(findings, "finding", "findings");
    if roots != findings {
        text.push_str(&format!(
            " ({})",
            super::text::plural(roots, "root cause", "root causes")
        ));
    }
    text
}
