//! `--output-format json`: an array with one object per finding: the rule's
//! metadata, where it is (1-based lines and character columns, end included), the
//! message and note, the fix (its edits and its diff) or null, and its root cause:
//! `root` names the cause it shares with other findings (`id`, `description`,
//! `file`, `line`, and `sites`, how many findings share it; equal `id`s, one cause).

use serde_json::{Value, json};

use super::items::Item;

pub fn render(items: &[Item<'_>]) -> String {
    let mut values: Vec<Value> = items.iter().map(item).collect();
    for root in super::roots::group(items) {
        let value = json!({
            "id": root.id,
            "description": root.description,
            "file": root.location.0,
            "line": root.location.1,
            "sites": root.sites.len(),
        });
        for &i in &root.sites {
            values[i]["root"] = value.clone();
        }
    }
    let mut text = serde_json::to_string_pretty(&values).unwrap_or_else(|_| "[]".to_string());
    text.push('\n');
    text
}

/// `--output-format json-roots`: `{"findings": N, "root_causes": M, "roots": [...]}`,
/// each root with its rule, description, location and sites (file, line, column,
/// message), in the order of their first sites.
pub fn render_roots(items: &[Item<'_>]) -> String {
    let roots = super::roots::group(items);
    let values: Vec<Value> = roots
        .iter()
        .map(|root| {
            let sites: Vec<Value> = root
                .sites
                .iter()
                .map(|&i| {
                    let item = &items[i];
                    json!({
                        "file": item.path,
                        "line": item.line,
                        "column": item.column,
                        "message": item.finding.message,
                    })
                })
                .collect();
            let severity = root
                .sites
                .iter()
                .map(|&i| items[i].finding.severity)
                .min()
                .map(|s| s.to_string());
            json!({
                "id": root.id,
                "rule": root.rule,
                "severity": severity,
                "description": root.description,
                "file": root.location.0,
                "line": root.location.1,
                "sites": sites,
            })
        })
        .collect();
    let log = json!({
        "findings": items.len(),
        "root_causes": roots.len(),
        "roots": values,
    });
    let mut text = serde_json::to_string_pretty(&log).unwrap_or_else(|_| "{}".to_string());
    text.push('\n');
    text
}

pub fn item(item: &Item<'_>) -> Value {
    let f = item.finding;
    let meta = item.meta;
    let fix = f.fix.as_ref().map(|fix| {
        let edits: Vec<Value> = fix
            .edits
            .iter()
            .map(|e| {
                let (line, column) = item.position(e.range.start());
                let (end_line, end_column) = item.position(e.range.end());
                json!({
                    "content": e.content,
                    "location": {"line": line, "column": column},
                    "end_location": {"line": end_line, "column": end_column},
                })
            })
            .collect();
        json!({
            "applicability": fix.applicability.to_string(),
            "title": fix.title,
            "edits": edits,
            "diff": item.fix_diff(),
        })
    });
    json!({
        "id": f.id,
        "name": meta.map(|m| m.name.clone()),
        "title": meta.map(|m| m.title.clone()),
        "seed": meta.map(|m| m.seed.clone()).unwrap_or_default(),
        "severity": f.severity.to_string(),
        "category": meta.map(|m| m.category.to_string()),
        "confidence": f.confidence.to_string(),
        "file": item.path,
        "line": item.line,
        "column": item.column,
        "end_line": item.end_line,
        "end_column": item.end_column,
        "message": f.message,
        "note": f.note,
        "fix": fix,
    })
}
