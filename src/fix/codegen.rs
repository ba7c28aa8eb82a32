//! Building blocks for edits: adding an import once, defining a helper once per
//! module, adding a keyword argument, and re-indenting a block of statements
//! without touching the inside of multi-line strings.

use ruff_python_ast::token::TokenKind;
use ruff_python_ast::{self as ast, Expr, Stmt};
use ruff_text_size::{Ranged, TextRange, TextSize};

use super::{Edit, EditOrder, import_order};
use crate::semantic::{Model, visit};

/// How generated code refers to `module.member`, and the import to add if needed.
pub fn member(model: &Model<'_>, module: &str, member: &str) -> (String, Option<Edit>) {
    if let Some(alias) = model.imports.member_alias(module, member) {
        return (alias.to_string(), None);
    }
    let (alias, edit) = module_ref(model, module);
    (format!("{alias}.{member}"), edit)
}

/// The local name of `module`, adding `import module` when it is not imported.
pub fn module_ref(model: &Model<'_>, module: &str) -> (String, Option<Edit>) {
    if let Some(alias) = model.imports.module_alias(module) {
        return (alias.to_string(), None);
    }
    let edit = import_edit(model, module, None);
    (module.to_string(), Some(edit))
}

/// How generated code refers to `module.member`, adding `from module import member`
/// (rather than `import module`) when neither is imported and the name is free.
pub fn member_from(model: &Model<'_>, module: &str, member: &str) -> (String, Option<Edit>) {
    if let Some(alias) = model.imports.member_alias(module, member) {
        return (alias.to_string(), None);
    }
    if let Some(alias) = model.imports.module_alias(module) {
        return (format!("{alias}.{member}"), None);
    }
    if model.module_names.contains(member) {
        return self::member(model, module, member);
    }
    let edit = import_edit(model, module, Some(member));
    (member.to_string(), Some(edit))
}

/// The local name of `module.name`, adding `from module import name` when needed.
pub fn from_import(model: &Model<'_>, module: &str, name: &str) -> (String, Option<Edit>) {
    if let Some(alias) = model.imports.member_alias(module, name) {
        return (alias.to_string(), None);
    }
    let edit = import_edit(model, module, Some(name));
    (name.to_string(), Some(edit))
}

/// `import module` / `from module import name`, placed in the module's import
/// order (fix::import_order).
fn import_edit(model: &Model<'_>, module: &str, name: Option<&str>) -> Edit {
    import_order::edit(
        model,
        &import_order::NewImport { module, name },
        import_point(model),
        model.stylist.line_length,
    )
}

/// The leading docstring, `__future__` and import statements of the module.
fn leading_block<'a>(model: &Model<'a>) -> &'a [Stmt] {
    let end = model
        .suite
        .iter()
        .position(|stmt| {
            !(matches!(stmt, Stmt::Import(_) | Stmt::ImportFrom(_)) || is_docstring(stmt))
        })
        .unwrap_or(model.suite.len());
    &model.suite[..end]
}

fn is_docstring(stmt: &Stmt) -> bool {
    matches!(stmt, Stmt::Expr(e) if e.value.is_string_literal_expr())
}

/// Start of the line after the leading block, or of the first statement.
fn import_point(model: &Model<'_>) -> TextSize {
    match leading_block(model).last() {
        Some(last) => next_line_start(model.text, last.end()),
        None => model
            .suite
            .first()
            .map_or(TextSize::new(0), |s| line_start(model.text, s.start())),
    }
}

/// A module-level helper function, defined after the imports, once per module.
/// Returns no edits when the module already defines `name`.
pub fn helper(model: &Model<'_>, name: &str, code: &str) -> Vec<Edit> {
    if model.module_names.contains(name) {
        return Vec::new();
    }
    let code = model.stylist.lines(&model.stylist.indent_code(code));
    let nl = model.stylist.newline.as_str();
    let leading = leading_block(model);
    let Some(last) = leading.last() else {
        let at = model
            .suite
            .first()
            .map_or(TextSize::new(0), |s| line_start(model.text, s.start()));
        return vec![Edit::insert(at, format!("{code}{nl}{nl}{nl}")).with_order(EditOrder::Helper)];
    };
    // After the blank lines that follow the imports, so the helper sits where the
    // module's own code starts, separated as PEP 8 asks.
    let after = next_line_start(model.text, last.end());
    let mut at = after;
    let mut blank_lines = 0;
    while usize::from(at) < model.text.len() {
        let end = next_line_start(model.text, at);
        if !model.text[TextRange::new(at, end)].trim().is_empty() {
            break;
        }
        blank_lines += 1;
        at = end;
    }
    // A plain statement (a lock, a constant) goes right after the imports, one
    // blank line below them as isort wants before code that is not a definition;
    // the blank lines that followed the imports then separate it from the rest.
    if blank_lines >= 1 && !defines_function_or_class(&code) {
        return vec![Edit::insert(after, format!("{nl}{code}{nl}")).with_order(EditOrder::Helper)];
    }
    let mut edits = Vec::new();
    if blank_lines < 2 {
        // One spacer for all helpers: identical edits are applied once.
        edits
            .push(Edit::insert(at, nl.repeat(2 - blank_lines)).with_order(EditOrder::HelperSpacer));
    }
    edits.push(Edit::insert(at, format!("{code}{nl}{nl}{nl}")).with_order(EditOrder::Helper));
    edits
}

/// The code's first line that is not a comment starts a `def`, `class` or decorator.
fn defines_function_or_class(code: &str) -> bool {
    code.lines()
        .map(str::trim_start)
        .find(|l| !l.is_empty() && !l.starts_with('#'))
        .is_some_and(|l| {
            ["def ", "async def ", "class ", "@"]
                .iter()
                .any(|p| l.starts_with(p))
        })
}

/// Adds `name=value` as the last argument of `call`, keeping a trailing comma
/// and a multi-line layout as they are.
pub fn add_keyword(model: &Model<'_>, call: &ast::ExprCall, name: &str, value: &str) -> Edit {
    let edit = keyword_edit(model, call, name, value);
    wrapped_if_too_long(model, call, &edit, &format!("{name}={value}")).unwrap_or(edit)
}

/// A one-line call that the new argument would push past the line length is
/// written over lines instead, as ruff's formatter and black do: the arguments
/// on one indented line if they fit, else one a line with a trailing comma.
fn wrapped_if_too_long(
    model: &Model<'_>,
    call: &ast::ExprCall,
    edit: &Edit,
    argument: &str,
) -> Option<Edit> {
    let text = model.text;
    let args = &call.arguments;
    if text[call.range()].contains(['\n', '\r']) {
        return None;
    }
    let start = line_start(text, call.start());
    let end = next_line_start(text, call.end());
    let line = text[TextRange::new(start, end)].trim_end_matches(['\n', '\r']);
    let width = line.chars().count() + edit.content.chars().count();
    if width <= model.stylist.line_length {
        return None;
    }
    let mut parts: Vec<(TextSize, String)> = args
        .args
        .iter()
        .map(|a| (a.start(), model.slice(a.range()).to_string()))
        .chain(
            args.keywords
                .iter()
                .map(|k| (k.start(), model.slice(k.range()).to_string())),
        )
        .collect();
    parts.sort_by_key(|(at, _)| *at);
    let mut parts: Vec<String> = parts.into_iter().map(|(_, p)| p).collect();
    parts.push(argument.to_string());
    let nl = model.stylist.newline.as_str();
    let indent = indentation_at(text, call.start());
    let inner = format!("{indent}{}", model.stylist.indent);
    let joined = parts.join(", ");
    let body = if inner.chars().count() + joined.chars().count() <= model.stylist.line_length {
        format!("{nl}{inner}{joined}{nl}{indent}")
    } else {
        let mut body = String::new();
        for p in &parts {
            body.push_str(&format!("{nl}{inner}{p},"));
        }
        body.push_str(&format!("{nl}{indent}"));
        body
    };
    let open = args.start() + TextSize::new(1);
    let close = args.end() - TextSize::new(1);
    Some(Edit::replace(TextRange::new(open, close), body))
}

fn keyword_edit(model: &Model<'_>, call: &ast::ExprCall, name: &str, value: &str) -> Edit {
    let args = &call.arguments;
    let close = args.end() - TextSize::new(1);
    let last = args
        .args
        .iter()
        .map(Ranged::range)
        .chain(args.keywords.iter().map(Ranged::range))
        .max_by_key(|r| r.end());
    let Some(last) = last else {
        return Edit::insert(close, format!("{name}={value}"));
    };
    let between = &model.text[TextRange::new(last.end(), close)];
    if let Some(comma) = between.find(',') {
        // `f(a,\n)`: put the new argument on its own line in the same style.
        let comma_at = last.end() + TextSize::try_from(comma).unwrap_or_default();
        if between[comma..].contains('\n') {
            let indent = indentation_at(model.text, last.start());
            let nl = model.stylist.newline.as_str();
            return Edit::insert(
                comma_at + TextSize::new(1),
                format!("{nl}{indent}{name}={value},"),
            );
        }
        return Edit::insert(comma_at + TextSize::new(1), format!(" {name}={value}"));
    }
    Edit::insert(last.end(), format!(", {name}={value}"))
}

/// Wraps an expression in a call: `f(` before it and `)` after.
pub fn wrap_in_call(range: TextRange, func: &str) -> Vec<Edit> {
    vec![
        Edit::insert(range.start(), format!("{func}(")),
        Edit::insert(range.end(), ")"),
    ]
}

pub fn line_start(text: &str, offset: TextSize) -> TextSize {
    let before = &text[..usize::from(offset)];
    let start = before.rfind(['\n', '\r']).map_or(0, |i| i + 1);
    TextSize::try_from(start).unwrap_or_default()
}

/// The offset after the line ending of the line containing `offset`.
pub fn next_line_start(text: &str, offset: TextSize) -> TextSize {
    let rest = &text[usize::from(offset)..];
    let end = match rest.find(['\n', '\r']) {
        Some(i) if rest[i..].starts_with("\r\n") => i + 2,
        Some(i) => i + 1,
        None => rest.len(),
    };
    offset + TextSize::try_from(end).unwrap_or_default()
}

/// The whitespace at the start of the line containing `offset`.
pub fn indentation_at(text: &str, offset: TextSize) -> &str {
    let start = usize::from(line_start(text, offset));
    let line = &text[start..];
    let len = line.len() - line.trim_start_matches([' ', '\t']).len();
    &line[..len]
}

/// The full lines of a run of statements, from the first one's line start to the
/// end of the last one's line (its trailing comment and line ending included).
pub fn statement_lines(text: &str, first: &Stmt, last: &Stmt) -> TextRange {
    TextRange::new(
        line_start(text, first.start()),
        next_line_start(text, last.end()),
    )
}

/// No other statement on the statement's first or last line (a trailing comment
/// is fine): edits that move or wrap whole lines would carry the other code along.
pub fn owns_lines(text: &str, stmt: &Stmt) -> bool {
    let start = line_start(text, stmt.start());
    let end = next_line_start(text, stmt.end());
    text[TextRange::new(start, stmt.start())].trim().is_empty()
        && text[TextRange::new(stmt.end(), end)]
            .trim()
            .chars()
            .next()
            .is_none_or(|c| c == '#')
}

/// The statements `first..=last` (whole lines the caller checked with
/// [`owns_lines`]) moved into `try:`, followed by the `clause` (`finally`,
/// `except BaseException`) running `body`, one statement a line.
pub fn wrap_in_try(
    model: &Model<'_>,
    first: &Stmt,
    last: &Stmt,
    clause: &str,
    body: &[&str],
) -> Edit {
    let text = model.text;
    let indent = indentation_at(text, first.start());
    let unit = model.stylist.indent.to_string();
    let nl = model.stylist.newline.as_str();
    let lines = statement_lines(text, first, last);
    let mut block = format!("{indent}try:{nl}");
    block.push_str(&indent_lines(model, lines, &unit));
    block.push_str(&format!("{indent}{clause}:{nl}"));
    for stmt in body {
        block.push_str(&format!("{indent}{unit}{stmt}{nl}"));
    }
    Edit::replace(lines, block)
}

/// The comment after a statement on its last line, as `  # ...`, or nothing.
pub fn trailing_comment(text: &str, stmt: &Stmt) -> String {
    let end = next_line_start(text, stmt.end());
    let after = text[TextRange::new(stmt.end(), end)].trim();
    if after.starts_with('#') {
        format!("  {after}")
    } else {
        String::new()
    }
}

/// The string tokens that span lines: their inner lines are data, never
/// indentation to change.
pub fn multiline_strings(model: &Model<'_>) -> Vec<TextRange> {
    model
        .tokens
        .iter()
        .filter(|t| {
            matches!(
                t.kind(),
                TokenKind::String | TokenKind::FStringMiddle | TokenKind::TStringMiddle
            ) && model.text[t.range()].contains(['\n', '\r'])
        })
        .map(Ranged::range)
        .collect()
}

/// The multi-line string tokens that overlap `range`: found by binary search,
/// since a fix in a long module must not scan every token of it.
fn multiline_strings_over(model: &Model<'_>, range: TextRange) -> Vec<TextRange> {
    let tokens: &[ruff_python_ast::token::Token] = model.tokens;
    let first = tokens.partition_point(|t| t.end() <= range.start());
    tokens[first..]
        .iter()
        .take_while(|t| t.start() < range.end())
        .filter(|t| {
            matches!(
                t.kind(),
                TokenKind::String | TokenKind::FStringMiddle | TokenKind::TStringMiddle
            ) && model.text[t.range()].contains(['\n', '\r'])
        })
        .map(Ranged::range)
        .collect()
}

/// `text[range]` with `prefix` added at the start of every line, except blank
/// lines and lines that continue a multi-line string (their text is data).
pub fn indent_lines(model: &Model<'_>, range: TextRange, prefix: &str) -> String {
    let text = model.text;
    let inside_string = multiline_strings_over(model, range);
    let mut out = String::with_capacity(range.len().to_usize() + 64);
    let mut at = range.start();
    while at < range.end() {
        let end = next_line_start(text, at).min(range.end());
        let line = &text[TextRange::new(at, end)];
        let continues_string = inside_string.iter().any(|s| s.start() < at && at < s.end());
        if !continues_string && !line.trim().is_empty() {
            out.push_str(prefix);
        }
        out.push_str(line);
        at = end;
    }
    out
}

/// The statement list that directly contains the statement starting at `offset`,
/// with its position: walks down from the module through compound statements.
pub fn enclosing_suite(suite: &[Stmt], target: TextRange) -> Option<(&[Stmt], usize)> {
    // As in `ancestors`: only the statements that can hold the target.
    let first = suite.partition_point(|s| s.end() < target.start());
    for (i, stmt) in suite.iter().enumerate().skip(first) {
        if stmt.start() > target.start() {
            break;
        }
        if stmt.range() == target {
            return Some((suite, i));
        }
        if !stmt.range().contains_range(target) {
            continue;
        }
        for body in visit::child_suites(stmt) {
            if let Some(found) = enclosing_suite(body, target) {
                return Some(found);
            }
        }
        return None;
    }
    None
}

/// The statements that enclose `target`, outermost first (the module's statement first).
pub fn ancestors(suite: &[Stmt], target: TextRange) -> Vec<&Stmt> {
    let mut out = Vec::new();
    let mut current = suite;
    'outer: loop {
        // A suite's statements are in order and do not overlap: skip those that
        // end before the target, and stop at the first that starts after it.
        let first = current.partition_point(|s| s.end() < target.start());
        for stmt in &current[first..] {
            if stmt.start() > target.start() {
                break;
            }
            if stmt.range().contains_range(target) && stmt.range() != target {
                out.push(stmt);
                for body in visit::child_suites(stmt) {
                    if body.iter().any(|s| s.range().contains_range(target)) {
                        current = body;
                        continue 'outer;
                    }
                }
                return out;
            }
        }
        return out;
    }
}

/// The tokens that start inside `range`, found by binary search: the tokens are
/// in source order, and a scan of all of them per edit made fixes quadratic in
/// the module's size.
pub fn tokens_starting_in(
    tokens: &[ruff_python_ast::token::Token],
    range: TextRange,
) -> &[ruff_python_ast::token::Token] {
    let first = tokens.partition_point(|t| t.start() < range.start());
    let end = first + tokens[first..].partition_point(|t| t.start() < range.end());
    &tokens[first..end]
}

/// Whether the expression is a string literal equal to `value`.
pub fn is_str(expr: &Expr, value: &str) -> bool {
    matches!(expr, Expr::StringLiteral(s) if s.value.to_str() == value)
}
