//! `--output-format sarif`: SARIF 2.1.0, the format GitHub code scanning and other
//! viewers read. Every rule is in `tool.driver.rules` with its metadata and prose;
//! each result points at its rule by index, locates the finding relative to
//! `%SRCROOT%` (the working directory) in Unicode code points, and carries its fix
//! as replacements when there is one. Findings that share a root cause are one
//! result: at the root's first site, with the other sites as `relatedLocations`
//! and every site's fix.

use std::path::Path;

use serde_json::{Value, json};

use super::items::Item;
use crate::codemods::Meta;
use crate::finding::Severity;

pub const SCHEMA: &str =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Critical | Severity::High => "error",
        Severity::Medium => "warning",
        Severity::Monitor => "note",
    }
}

pub fn render(items: &[Item<'_>], rules: &[&'static Meta], root: &Path) -> String {
    let rule_values: Vec<Value> = rules.iter().map(|m| rule(m)).collect();
    let results: Vec<Value> = super::roots::group(items)
        .iter()
        .map(|root| root_result(items, root, rules))
        .collect();
    let mut root_uri = file_uri(root);
    if !root_uri.ends_with('/') {
        root_uri.push('/');
    }
    let log = json!({
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "sqlfix",
                "version": env!("CARGO_PKG_VERSION"),
                "semanticVersion": env!("CARGO_PKG_VERSION"),
                "rules": rule_values,
            }},
            "originalUriBaseIds": {"%SRCROOT%": {"uri": root_uri}},
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    });
    let mut text = serde_json::to_string_pretty(&log).unwrap_or_default();
    text.push('\n');
    text
}

fn rule(m: &Meta) -> Value {
    let r = &m.report;
    let help = format!(
        "{}\n\nHow to verify: {}\n\nThe fix: {}\n\nTrade-off: {}",
        r.problem.trim(),
        r.verify.trim(),
        r.fix.trim(),
        r.tradeoff.trim()
    );
    json!({
        "id": m.id,
        "name": m.name,
        "shortDescription": {"text": m.title},
        "fullDescription": {"text": r.problem.trim()},
        "help": {"text": help},
        "defaultConfiguration": {"level": level(m.severity)},
        "properties": {
            "tags": ["sqlite", "concurrency", m.category.to_string()],
            "precision": m.confidence.to_string().to_ascii_lowercase(),
            "problem.severity": match m.severity {
                Severity::Critical | Severity::High => "error",
                Severity::Medium => "warning",
                Severity::Monitor => "recommendation",
            },
            "sqlfix.severity": m.severity.to_string(),
            "sqlfix.seed": m.seed,
            "sqlfix.fix": m.fix.to_string(),
        },
    })
}

/// One result per root cause: its first site's, with the others related to it.
fn root_result(
    items: &[Item<'_>],
    root: &super::roots::RootGroup,
    rules: &[&'static Meta],
) -> Value {
    let mut value = result(&items[root.sites[0]], rules);
    value["properties"] = json!({
        "sqlfix.root": root.id,
        "sqlfix.rootDescription": root.description,
        "sqlfix.sites": root.sites.len(),
    });
    if !root.is_shared() {
        return value;
    }
    value["message"]["text"] = json!(format!(
        "{} (root cause: {}{}; {} sites, the others in relatedLocations)",
        value["message"]["text"].as_str().unwrap_or_default(),
        root.description,
        root.place(),
        root.sites.len()
    ));
    let related: Vec<Value> = root.sites[1..]
        .iter()
        .enumerate()
        .map(|(n, &i)| {
            let item = &items[i];
            let mut location = location(item);
            location["id"] = json!(n + 1);
            location["message"] = json!({"text": item.finding.message});
            location
        })
        .collect();
    value["relatedLocations"] = json!(related);
    let mut fixes: Vec<Value> = value["fixes"].as_array().cloned().unwrap_or_default();
    for &i in &root.sites[1..] {
        if let Some(more) = result(&items[i], rules)["fixes"].as_array() {
            fixes.extend(more.iter().cloned());
        }
    }
    if !fixes.is_empty() {
        value["fixes"] = json!(fixes);
    }
    value
}

fn location(item: &Item<'_>) -> Value {
    json!({
        "physicalLocation": {
            "artifactLocation": artifact(&item.path),
            "region": {
                "startLine": item.line,
                "startColumn": item.column,
                "endLine": item.end_line,
                "endColumn": item.end_column,
            },
        },
    })
}

fn result(item: &Item<'_>, rules: &[&'static Meta]) -> Value {
    let f = item.finding;
    let mut message = f.message.clone();
    if let Some(note) = &f.note {
        message.push_str(&format!(" ({note})"));
    }
    let artifact = artifact(&item.path);
    let location = location(item);
    let mut value = json!({
        "ruleId": f.id,
        "level": level(f.severity),
        "message": {"text": message},
        "locations": [location],
    });
    if let Some(index) = rules.iter().position(|m| m.id == f.id) {
        value["ruleIndex"] = json!(index);
    }
    if let Some(fix) = &f.fix {
        let replacements: Vec<Value> = fix
            .edits
            .iter()
            .map(|e| {
                let (line, column) = item.position(e.range.start());
                let (end_line, end_column) = item.position(e.range.end());
                json!({
                    "deletedRegion": {
                        "startLine": line,
                        "startColumn": column,
                        "endLine": end_line,
                        "endColumn": end_column,
                    },
                    "insertedContent": {"text": e.content},
                })
            })
            .collect();
        value["fixes"] = json!([{
            "description": {"text": format!("{} ({})", fix.title, fix.applicability)},
            "artifactChanges": [{
                "artifactLocation": artifact,
                "replacements": replacements,
            }],
        }]);
    }
    value
}

/// A file under the working directory is relative to `%SRCROOT%`; one outside it
/// (an absolute path on the command line) is a `file:` URI.
fn artifact(path: &str) -> Value {
    if Path::new(path).is_absolute() {
        json!({"uri": file_uri(Path::new(path))})
    } else {
        json!({"uri": uri_path(path), "uriBaseId": "%SRCROOT%"})
    }
}

/// Percent-encodes what a URI path cannot hold as is.
fn uri_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/!$&'()*+,;=:@".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fn file_uri(path: &Path) -> String {
    let text = crate::diff::forward_slashes(path);
    let text = if text.starts_with('/') {
        text
    } else {
        format!("/{text}")
    };
    format!("file://{}", uri_path(&text))
}
