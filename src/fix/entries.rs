//! Adding entries to a dict display or a list of `(key, value)` pairs in the
//! container's own layout: one per line with a trailing comma when it is written
//! that way, inline otherwise, and with the quote character its keys use.

use ruff_python_ast::Expr;
use ruff_text_size::{Ranged, TextRange, TextSize};

use super::Edit;
use super::codegen::indentation_at;
use crate::semantic::Model;

/// A value to write: a string (quoted like the keys) or Python source as is.
#[derive(Debug, Clone)]
pub enum Value {
    Str(String),
    Raw(String),
}

/// The edit that appends `entries` to `container` (a dict, or a list/tuple of
/// pairs); `None` for anything else.
pub fn append_entries(
    model: &Model<'_>,
    container: &Expr,
    entries: &[(&str, Value)],
) -> Option<Edit> {
    let (elements, pairs): (Vec<TextRange>, bool) = match container {
        Expr::Dict(d) => (
            d.items
                .iter()
                .map(|i| {
                    i.value
                        .range()
                        .cover(i.key.as_ref().map_or(i.value.range(), Ranged::range))
                })
                .collect(),
            false,
        ),
        Expr::List(l) => (l.elts.iter().map(Ranged::range).collect(), true),
        // Pairs in parentheses: the closing one is the container's last byte.
        Expr::Tuple(t) if t.parenthesized => (t.elts.iter().map(Ranged::range).collect(), true),
        _ => return None,
    };
    let quote = quote_of(model, container);
    let entry = |key: &str, value: &Value| {
        let value = match value {
            Value::Str(s) => format!("{quote}{s}{quote}"),
            Value::Raw(s) => s.clone(),
        };
        if pairs {
            format!("({quote}{key}{quote}, {value})")
        } else {
            format!("{quote}{key}{quote}: {value}")
        }
    };
    let texts: Vec<String> = entries.iter().map(|(k, v)| entry(k, v)).collect();
    let close = container.end() - TextSize::new(1);
    let Some(last) = elements.iter().max_by_key(|r| r.end()).copied() else {
        return Some(Edit::insert(close, texts.join(", ")));
    };
    let between = &model.text[TextRange::new(last.end(), close)];
    let nl = model.stylist.newline.as_str();
    let multiline = between.contains(['\n', '\r']);
    if multiline {
        let indent = indentation_at(model.text, last.start());
        if let Some(comma) = between.find(',') {
            let at = last.end() + TextSize::try_from(comma + 1).ok()?;
            let added: String = texts.iter().map(|t| format!("{nl}{indent}{t},")).collect();
            return Some(Edit::insert(at, added));
        }
        let added: String = texts.iter().map(|t| format!(",{nl}{indent}{t}")).collect();
        return Some(Edit::insert(last.end(), added));
    }
    if let Some(comma) = between.find(',') {
        let at = last.end() + TextSize::try_from(comma + 1).ok()?;
        let added: String = texts.iter().map(|t| format!(" {t},")).collect();
        return Some(Edit::insert(at, added));
    }
    let added: String = texts.iter().map(|t| format!(", {t}")).collect();
    Some(Edit::insert(last.end(), added))
}

/// The quote the container's first string uses; `"` when it has none.
fn quote_of(model: &Model<'_>, container: &Expr) -> char {
    let text = model.slice(container.range());
    text.chars()
        .find(|c| *c == '"' || *c == '\'')
        .unwrap_or('"')
}
