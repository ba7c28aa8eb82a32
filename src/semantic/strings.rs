//! The value of a string expression as far as the source shows it: literal text
//! with holes where a value is only known at run time (`f"PRAGMA {k}={v}"`).

use ruff_python_ast::{self as ast, Expr, InterpolatedStringElement, Operator};
use ruff_text_size::{Ranged, TextSize};

use super::model::Model;
use super::scopes::FuncId;

#[derive(Debug, Clone, PartialEq)]
pub enum Piece<'a> {
    Text(String),
    /// A run-time value; the expression when the source names it.
    Hole(Option<&'a Expr>),
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct StrValue<'a> {
    pub pieces: Vec<Piece<'a>>,
}

impl<'a> StrValue<'a> {
    fn text(s: impl Into<String>) -> Self {
        StrValue {
            pieces: vec![Piece::Text(s.into())],
        }
    }

    fn hole(expr: Option<&'a Expr>) -> Self {
        StrValue {
            pieces: vec![Piece::Hole(expr)],
        }
    }

    fn append(&mut self, other: StrValue<'a>) {
        for piece in other.pieces {
            match (self.pieces.last_mut(), piece) {
                (Some(Piece::Text(a)), Piece::Text(b)) => a.push_str(&b),
                (_, piece) => self.pieces.push(piece),
            }
        }
    }

    /// The whole string, when it has no holes.
    pub fn as_literal(&self) -> Option<&str> {
        match self.pieces.as_slice() {
            [Piece::Text(t)] => Some(t),
            [] => Some(""),
            _ => None,
        }
    }

    /// The text before the first hole.
    pub fn prefix(&self) -> &str {
        match self.pieces.first() {
            Some(Piece::Text(t)) => t,
            _ => "",
        }
    }

    /// The text with each hole written as `\u{0}`: enough to classify SQL.
    pub fn sketch(&self) -> String {
        self.pieces
            .iter()
            .map(|p| match p {
                Piece::Text(t) => t.as_str(),
                Piece::Hole(_) => "\u{0}",
            })
            .collect()
    }
}

/// How deep names are followed to their assigned string (`sql = BASE + "..."`).
const MAX_DEPTH: usize = 4;

/// The string value of `expr` evaluated at `at` in `scope`, if it is a string.
pub fn string_value<'a>(
    model: &Model<'a>,
    expr: &'a Expr,
    scope: Option<FuncId>,
    at: TextSize,
) -> Option<StrValue<'a>> {
    value(model, expr, scope, at, 0)
}

fn value<'a>(
    model: &Model<'a>,
    expr: &'a Expr,
    scope: Option<FuncId>,
    at: TextSize,
    depth: usize,
) -> Option<StrValue<'a>> {
    if depth > MAX_DEPTH {
        return None;
    }
    match expr {
        Expr::StringLiteral(s) => Some(StrValue::text(s.value.to_str())),
        Expr::FString(f) => {
            let mut out = StrValue::default();
            for part in &f.value {
                match part {
                    ast::FStringPart::Literal(lit) => out.append(StrValue::text(&*lit.value)),
                    ast::FStringPart::FString(fstring) => {
                        for element in &fstring.elements {
                            match element {
                                InterpolatedStringElement::Literal(lit) => {
                                    out.append(StrValue::text(&*lit.value));
                                }
                                InterpolatedStringElement::Interpolation(i) => {
                                    out.append(StrValue::hole(Some(&i.expression)));
                                }
                            }
                        }
                    }
                }
            }
            Some(out)
        }
        Expr::BinOp(bin) if bin.op == Operator::Add => {
            let mut left = value(model, &bin.left, scope, at, depth + 1)?;
            let right = value(model, &bin.right, scope, at, depth + 1)
                .unwrap_or_else(|| StrValue::hole(Some(&bin.right)));
            left.append(right);
            Some(left)
        }
        Expr::BinOp(bin) if bin.op == Operator::Mod => {
            let template = value(model, &bin.left, scope, at, depth + 1)?;
            let template = template.as_literal()?.to_string();
            let args: Vec<&'a Expr> = match &*bin.right {
                Expr::Tuple(t) => t.elts.iter().collect(),
                other => vec![other],
            };
            Some(fill_percent(&template, &args))
        }
        Expr::Call(call) => {
            // "...".format(a, b) and textwrap.dedent("...")
            if let Expr::Attribute(attr) = &*call.func {
                if attr.attr.as_str() == "format" {
                    let template = value(model, &attr.value, scope, at, depth + 1)?;
                    let template = template.as_literal()?.to_string();
                    return Some(fill_format(&template, call));
                }
                if matches!(
                    attr.attr.as_str(),
                    "strip" | "lstrip" | "rstrip" | "upper" | "lower"
                ) {
                    return value(model, &attr.value, scope, at, depth + 1);
                }
            }
            let callee = model.resolve(&call.func, scope)?;
            if callee == "textwrap.dedent" {
                return value(model, call.arguments.args.first()?, scope, at, depth + 1);
            }
            None
        }
        Expr::Name(name) => {
            let id = name.id.as_str();
            // A local assigned before use, else a module constant.
            let assignment = model
                .last_assignment(scope, id, at)
                .or_else(|| model.assignments_of(None, id).into_iter().last())?;
            if assignment.kind != super::model::AssignKind::Assign
                || !matches!(assignment.target_expr, Expr::Name(_))
            {
                return None;
            }
            value(
                model,
                assignment.value,
                assignment.scope,
                assignment.stmt.start(),
                depth + 1,
            )
        }
        _ => None,
    }
}

fn fill_percent<'a>(template: &str, args: &[&'a Expr]) -> StrValue<'a> {
    let mut out = StrValue::default();
    let mut rest = template;
    let mut next_arg = 0;
    while let Some(pos) = rest.find('%') {
        out.append(StrValue::text(&rest[..pos]));
        let after = &rest[pos + 1..];
        if let Some(stripped) = after.strip_prefix('%') {
            out.append(StrValue::text("%"));
            rest = stripped;
            continue;
        }
        // Skip the conversion spec: optional (name), flags, width, then a letter.
        let spec_len = after
            .char_indices()
            .find(|(_, c)| c.is_ascii_alphabetic())
            .map_or(after.len(), |(i, c)| i + c.len_utf8());
        out.append(StrValue::hole(args.get(next_arg).copied()));
        next_arg += 1;
        rest = &after[spec_len..];
    }
    out.append(StrValue::text(rest));
    out
}

fn fill_format<'a>(template: &str, call: &'a ast::ExprCall) -> StrValue<'a> {
    let mut out = StrValue::default();
    let mut rest = template;
    let mut auto = 0;
    while let Some(pos) = rest.find(['{', '}']) {
        out.append(StrValue::text(&rest[..pos]));
        let after = &rest[pos + 1..];
        let brace = rest.as_bytes()[pos];
        if after.as_bytes().first() == Some(&brace) {
            out.append(StrValue::text(if brace == b'{' { "{" } else { "}" }));
            rest = &after[1..];
            continue;
        }
        if brace == b'}' {
            rest = after;
            continue;
        }
        let end = after.find('}').unwrap_or(after.len());
        let field = after[..end].split([':', '!']).next().unwrap_or("");
        let arg = if field.is_empty() {
            auto += 1;
            call.arguments.args.get(auto - 1)
        } else if let Ok(index) = field.parse::<usize>() {
            call.arguments.args.get(index)
        } else {
            call.arguments.find_keyword(field).map(|k| &k.value)
        };
        out.append(StrValue::hole(arg));
        rest = after.get(end + 1..).unwrap_or("");
    }
    out.append(StrValue::text(rest));
    out
}

/// The entries of a dict display whose keys are literal strings, with their values.
pub fn dict_display_pairs<'a>(
    model: &Model<'a>,
    dict: &'a ast::ExprDict,
) -> Vec<(String, &'a Expr)> {
    dict.items
        .iter()
        .filter_map(|item| {
            let key = item.key.as_ref()?;
            let key = string_value(model, key, None, key.start())?;
            Some((key.as_literal()?.to_string(), &item.value))
        })
        .collect()
}

/// The named keyword arguments of a call (`dict(k=v)`), with their values.
pub fn keyword_pairs(call: &ast::ExprCall) -> Vec<(String, &Expr)> {
    call.arguments
        .keywords
        .iter()
        .filter_map(|k| Some((k.arg.as_ref()?.to_string(), &k.value)))
        .collect()
}

/// The literal keys of a dict display, or the string items of a list/tuple/set.
pub fn literal_strings<'a>(
    model: &Model<'a>,
    expr: &'a Expr,
    scope: Option<FuncId>,
) -> Option<Vec<(String, Option<&'a Expr>)>> {
    match expr {
        Expr::Dict(dict) => dict
            .items
            .iter()
            .map(|item| {
                let key = item.key.as_ref()?;
                let key = string_value(model, key, scope, key.start())?;
                Some((key.as_literal()?.to_string(), Some(&item.value)))
            })
            .collect(),
        Expr::List(ast::ExprList { elts, .. })
        | Expr::Tuple(ast::ExprTuple { elts, .. })
        | Expr::Set(ast::ExprSet { elts, .. }) => elts
            .iter()
            .map(|e| {
                let s = string_value(model, e, scope, e.start())?;
                Some((s.as_literal()?.to_string(), None))
            })
            .collect(),
        Expr::Call(call) => {
            // dict(journal_mode="wal", ...)
            let callee = model.resolve(&call.func, scope)?;
            if callee != "builtins.dict"
                && !matches!(&*call.func, Expr::Name(n) if n.id.as_str() == "dict")
            {
                return None;
            }
            call.arguments
                .keywords
                .iter()
                .map(|k| Some((k.arg.as_ref()?.to_string(), Some(&k.value))))
                .collect()
        }
        Expr::Name(name) => {
            let assignment = model
                .assignments_of(scope, name.id.as_str())
                .into_iter()
                .last()?;
            if assignment.kind != super::model::AssignKind::Assign {
                return None;
            }
            literal_strings(model, assignment.value, assignment.scope)
        }
        _ => None,
    }
}
