//! `sqlfix rules --output-format json`: every rule's metadata, for tools that map
//! sqlfix's ids (dashboards, SARIF viewers, suppression audits).

use serde_json::{Value, json};

use crate::codemods::Meta;

pub fn render(metas: &[&Meta]) -> String {
    let values: Vec<Value> = metas
        .iter()
        .map(|m| {
            json!({
                "id": m.id,
                "name": m.name,
                "title": m.title,
                "seed": m.seed,
                "severity": m.severity.to_string(),
                "category": m.category.to_string(),
                "confidence": m.confidence.to_string(),
                "fix": m.fix.to_string(),
                "default": m.default,
            })
        })
        .collect();
    let mut text = serde_json::to_string_pretty(&values).unwrap_or_else(|_| "[]".to_string());
    text.push('\n');
    text
}
