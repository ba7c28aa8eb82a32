//! Where the program sets PRAGMAs, whatever the API: SQL run on a connection
//! (literals, scripts, loops over a dict or list of PRAGMAs), peewee's `pragmas=`
//! and Django's `OPTIONS["init_command"]`. Each setting knows where its value is
//! written in the source, so a fix can change just that value, in the file's style.
//!
//! `connections::pragmas_run` answers "which PRAGMAs does this connection get";
//! this answers "where is PRAGMA x set to y, and how would one edit it".

use ruff_python_ast::{self as ast, Expr};
use ruff_text_size::{Ranged, TextRange, TextSize};

use super::connections;
use super::model::{AssignKind, Call, Model, Target};
use super::project::ProjectView;
use super::scopes::FuncId;
use super::sql::{self, SqlKind};
use super::strings::{Piece, string_value};
pub use super::summary_types::PragmaFact;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    /// SQL run by `execute`/`executescript`/`exec_driver_sql`/`execute_sql`.
    Sql,
    /// An entry of peewee's `pragmas=` dict or list of pairs.
    Peewee,
    /// Django's `OPTIONS["init_command"]`.
    Django,
}

#[derive(Debug, Clone)]
pub struct Setting<'m, 'a> {
    /// Lower-case, without a schema prefix.
    pub name: String,
    /// Lower-case, quotes removed; `None` when computed at run time.
    pub value: Option<String>,
    pub origin: Origin,
    /// Where a finding points: the call that runs it, or the dict entry.
    pub anchor: TextRange,
    /// The value's own text in the source (inside quotes), when it can be edited
    /// in place without touching anything else.
    pub value_range: Option<TextRange>,
    pub scope: Option<FuncId>,
    /// The call that runs the SQL (for `Sql`) or creates the database (for `Peewee`).
    pub call: Option<&'m Call<'a>>,
}

/// SQL-running methods whose first argument is the statement.
const SQL_METHODS: &[&str] = &["execute", "executescript", "exec_driver_sql", "execute_sql"];

/// peewee's SQLite database classes (they all take `pragmas=` and `timeout=`).
pub const PEEWEE_DATABASES: &[&str] = &[
    "SqliteDatabase",
    "SqliteExtDatabase",
    "CSqliteExtDatabase",
    "APSWDatabase",
    "SqliteQueueDatabase",
    "PooledSqliteDatabase",
    "PooledSqliteExtDatabase",
    "PooledCSqliteExtDatabase",
];

/// Whether `call` creates a peewee SQLite database; its class name if so.
pub fn peewee_database(model: &Model<'_>, call: &Call<'_>) -> Option<&'static str> {
    let is_database = |name: &str| PEEWEE_DATABASES.iter().find(|n| **n == name).copied();
    match call.qualified() {
        // The imported name, not the local one: `PooledSqliteDatabase as Pool`.
        Some(q) if q.starts_with("peewee.") || q.starts_with("playhouse.") => {
            is_database(q.rsplit('.').next()?)
        }
        Some(_) => None,
        // `from peewee import *` binds names the model cannot see.
        None => {
            let Expr::Name(n) = &*call.expr.func else {
                return None;
            };
            let name = is_database(n.id.as_str())?;
            (!model.module_names.contains(name)
                && (model.text.contains("from peewee import *")
                    || model.text.contains("from playhouse")))
            .then_some(name)
        }
    }
}

/// Every PRAGMA setting the module's source shows.
pub fn settings<'m, 'a>(model: &'m Model<'a>) -> Vec<Setting<'m, 'a>> {
    let mut out = Vec::new();
    for call in &model.calls {
        if peewee_database(model, call).is_some() || is_peewee_init(model, call) {
            // Declared pragmas every `init()` replaces never run (F-peewee-deferred).
            let replaced = super::peewee_deferred::is_deferred(call)
                && !super::peewee_deferred::declared_pragmas_run(model, call);
            if let Some(pragmas) = call.keyword("pragmas").filter(|_| !replaced) {
                peewee_pragmas(model, call, pragmas, &mut out);
            }
            continue;
        }
        let Some(method) = call.method_name() else {
            continue;
        };
        if !SQL_METHODS.contains(&method) {
            continue;
        }
        let Some(arg) = call.expr.arguments.args.first() else {
            continue;
        };
        sql_settings(model, call, unwrap_text(model, call, arg), &mut out);
    }
    django_init_commands(model, &mut out);
    out
}

/// `db.init(path, pragmas=...)` on a peewee database created with a `None` path.
fn is_peewee_init(model: &Model<'_>, call: &Call<'_>) -> bool {
    if call.method_name() != Some("init") || call.keyword("pragmas").is_none() {
        return false;
    }
    let Expr::Attribute(attr) = &*call.expr.func else {
        return false;
    };
    let Expr::Name(var) = &*attr.value else {
        return false;
    };
    model
        .assignments_of(call.scope, var.id.as_str())
        .iter()
        .any(|a| {
            matches!(a.value, Expr::Call(c) if model.call_at(c.range()).is_some_and(|c| peewee_database(model, c).is_some()))
        })
}

/// SQLAlchemy's `text("PRAGMA ...")` runs its argument.
fn unwrap_text<'a>(model: &Model<'a>, call: &Call<'a>, arg: &'a Expr) -> &'a Expr {
    if let Expr::Call(inner) = arg {
        if let Some(q) = model.resolve(&inner.func, call.scope) {
            if q.starts_with("sqlalchemy") && q.ends_with(".text") {
                if let Some(first) = inner.arguments.args.first() {
                    return first;
                }
            }
        }
    }
    arg
}

fn sql_settings<'m, 'a>(
    model: &'m Model<'a>,
    call: &'m Call<'a>,
    arg: &'a Expr,
    out: &mut Vec<Setting<'m, 'a>>,
) {
    let script = call.method_name() == Some("executescript");
    if let Some(value) = string_value(model, arg, call.scope, call.range().start()) {
        let kinds = if script {
            sql::classify_script(&value.sketch())
        } else {
            vec![sql::classify(&value.sketch())]
        };
        let literal = literal_of(model, arg, call.scope);
        let mut seen: Vec<String> = Vec::new();
        for kind in kinds {
            let SqlKind::Pragma(pragma) = kind else {
                continue;
            };
            match pragma.name {
                Some(name) => {
                    let nth = seen.iter().filter(|n| **n == name).count();
                    seen.push(name.clone());
                    let value_range = match (&pragma.value, literal) {
                        (Some(_), Some(lit)) => value_in_sql(model, lit, &name, nth),
                        _ => None,
                    };
                    out.push(Setting {
                        name,
                        value: pragma.value,
                        origin: Origin::Sql,
                        anchor: call.range(),
                        value_range,
                        scope: call.scope,
                        call: Some(call),
                    });
                }
                None => {
                    // `f"PRAGMA {name}={value}"` inside a loop over a dict or pairs.
                    let name_hole = value.pieces.iter().find_map(|p| match p {
                        Piece::Hole(expr) => Some(*expr),
                        Piece::Text(_) => None,
                    });
                    if let Some(Some(Expr::Name(var))) = name_hole {
                        for (name, v) in loop_entries(model, call, var.id.as_str()) {
                            out.push(entry_setting(model, call, name, v, Origin::Sql));
                        }
                        // `for p in ("journal_mode=WAL", ...): execute(f"PRAGMA {p}")`
                        for item in loop_items(model, call, var.id.as_str()) {
                            let Some(text) = string_value(model, item, call.scope, item.start())
                                .and_then(|v| v.as_literal().map(str::to_string))
                            else {
                                continue;
                            };
                            if let SqlKind::Pragma(p) = sql::classify(&format!("PRAGMA {text}")) {
                                if let Some(name) = p.name {
                                    let value_range = p
                                        .value
                                        .as_ref()
                                        .and_then(|_| value_in_sql(model, item, &name, 0));
                                    out.push(Setting {
                                        name,
                                        value: p.value,
                                        origin: Origin::Sql,
                                        anchor: item.range(),
                                        value_range,
                                        scope: call.scope,
                                        call: Some(call),
                                    });
                                }
                            }
                        }
                    }
                }
            }
        }
    } else if let Expr::Name(var) = arg {
        // `for statement in PRAGMA_STATEMENTS: conn.execute(statement)`
        for item in loop_items(model, call, var.id.as_str()) {
            let Some(text) = string_value(model, item, call.scope, item.start())
                .and_then(|v| v.as_literal().map(str::to_string))
            else {
                continue;
            };
            if let SqlKind::Pragma(p) = sql::classify(&text) {
                if let Some(name) = p.name {
                    let value_range = p
                        .value
                        .as_ref()
                        .and_then(|_| value_in_sql(model, item, &name, 0));
                    out.push(Setting {
                        name,
                        value: p.value,
                        origin: Origin::Sql,
                        anchor: item.range(),
                        value_range,
                        scope: call.scope,
                        call: Some(call),
                    });
                }
            }
        }
    }
}

/// The string literal the argument is, directly or through a constant.
fn literal_of<'a>(model: &Model<'a>, arg: &'a Expr, scope: Option<FuncId>) -> Option<&'a Expr> {
    match arg {
        Expr::StringLiteral(_) | Expr::FString(_) => Some(arg),
        Expr::Name(name) => {
            let assignments = model.assignments_of(scope, name.id.as_str());
            match assignments.as_slice() {
                [one] if one.kind == AssignKind::Assign => match one.value {
                    Expr::StringLiteral(_) => Some(one.value),
                    _ => None,
                },
                _ => None,
            }
        }
        _ => None,
    }
}

/// The `nth` value assigned to PRAGMA `name` in the source of a string literal.
fn value_in_sql(model: &Model<'_>, literal: &Expr, name: &str, nth: usize) -> Option<TextRange> {
    let text = model.slice(literal.range());
    let lower = text.to_ascii_lowercase();
    let bytes = lower.as_bytes();
    let mut found = 0;
    let mut from = 0;
    while let Some(pos) = lower[from..].find(name) {
        let start = from + pos;
        from = start + name.len();
        let before_ok = start == 0 || {
            let b = bytes[start - 1];
            !(b.is_ascii_alphanumeric() || b == b'_')
        };
        let mut i = start + name.len();
        if !before_ok
            || bytes
                .get(i)
                .is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'_')
        {
            continue;
        }
        while bytes.get(i).is_some_and(|b| *b == b' ') {
            i += 1;
        }
        if !matches!(bytes.get(i), Some(b'=' | b'(')) {
            continue;
        }
        i += 1;
        while bytes.get(i).is_some_and(|b| *b == b' ' || *b == b'\'') {
            i += 1;
        }
        let value_start = i;
        while bytes
            .get(i)
            .is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'_' || *b == b'-')
        {
            i += 1;
        }
        if i == value_start {
            continue;
        }
        if found == nth {
            let base = literal.start();
            return Some(TextRange::new(
                base + TextSize::try_from(value_start).ok()?,
                base + TextSize::try_from(i).ok()?,
            ));
        }
        found += 1;
    }
    None
}

/// A setting from a `(name, value)` entry of a dict or list of pairs.
fn entry_setting<'m, 'a>(
    model: &Model<'a>,
    call: &'m Call<'a>,
    name: String,
    value: &'a Expr,
    origin: Origin,
) -> Setting<'m, 'a> {
    let (text, value_range) = value_of_entry(model, value, call.scope);
    Setting {
        name: name.to_ascii_lowercase(),
        value: text,
        origin,
        anchor: value.range(),
        value_range,
        scope: call.scope,
        call: Some(call),
    }
}

/// The lower-case value of a dict/pair value expression and its editable range.
pub fn value_of_entry(
    model: &Model<'_>,
    value: &Expr,
    scope: Option<FuncId>,
) -> (Option<String>, Option<TextRange>) {
    match value {
        Expr::NumberLiteral(n) => (Some(model.slice(n.range()).to_string()), Some(n.range())),
        Expr::UnaryOp(u) if matches!(&*u.operand, Expr::NumberLiteral(_)) => {
            (Some(model.slice(u.range()).to_string()), Some(u.range()))
        }
        Expr::StringLiteral(s) => {
            let text = s.value.to_str().to_ascii_lowercase();
            (Some(text), string_inner_range(model, value))
        }
        Expr::BooleanLiteral(b) => (Some(if b.value { "1" } else { "0" }.to_string()), None),
        other => (
            string_value(model, other, scope, other.start())
                .and_then(|s| s.as_literal().map(str::to_ascii_lowercase)),
            None,
        ),
    }
}

/// The text between the quotes of a simple (one-part, single-quoted) string literal.
pub fn string_inner_range(model: &Model<'_>, expr: &Expr) -> Option<TextRange> {
    let Expr::StringLiteral(s) = expr else {
        return None;
    };
    if s.value.is_implicit_concatenated() {
        return None;
    }
    let text = model.slice(s.range());
    let quote = text.chars().next().filter(|c| *c == '\'' || *c == '"')?;
    if text.len() < 2
        || text.starts_with(&format!("{quote}{quote}{quote}"))
        || !text.ends_with(quote)
    {
        return None;
    }
    Some(TextRange::new(
        s.start() + TextSize::new(1),
        s.end() - TextSize::new(1),
    ))
}

/// The (key, value) entries a `for` target named `var` (as key) takes, when the
/// loop is over a literal dict (or `.items()`) or a list of pairs.
fn loop_entries<'a>(model: &Model<'a>, call: &Call<'a>, var: &str) -> Vec<(String, &'a Expr)> {
    let Some(assignment) = enclosing_loop(model, call, var) else {
        return Vec::new();
    };
    let is_key = match assignment.target_expr {
        Expr::Tuple(t) => matches!(t.elts.first(), Some(Expr::Name(n)) if n.id.as_str() == var),
        _ => false,
    };
    if !is_key {
        return Vec::new();
    }
    let mut iterable = assignment.value;
    if let Expr::Call(c) = iterable {
        if let Expr::Attribute(attr) = &*c.func {
            if attr.attr.as_str() == "items" {
                iterable = &attr.value;
            }
        }
    }
    pairs(model, resolve_name(model, iterable, call.scope))
}

/// The items of a `for` loop around `call` whose target is `var`.
fn loop_items<'a>(model: &Model<'a>, call: &Call<'a>, var: &str) -> Vec<&'a Expr> {
    let Some(assignment) = enclosing_loop(model, call, var) else {
        return Vec::new();
    };
    if !matches!(assignment.target_expr, Expr::Name(_)) {
        return Vec::new();
    }
    match resolve_name(model, assignment.value, call.scope) {
        Expr::List(ast::ExprList { elts, .. }) | Expr::Tuple(ast::ExprTuple { elts, .. }) => {
            elts.iter().collect()
        }
        _ => Vec::new(),
    }
}

fn enclosing_loop<'m, 'a>(
    model: &'m Model<'a>,
    call: &Call<'a>,
    var: &str,
) -> Option<&'m super::model::Assignment<'a>> {
    model.assignments_in(call.scope).rev().find(|a| {
        a.kind == AssignKind::ForLoop
            && a.stmt.range().contains_range(call.range())
            && a.target == Target::Name(var.to_string())
    })
}

/// A name bound once to a literal, followed to the literal.
pub fn resolve_name<'a>(model: &Model<'a>, expr: &'a Expr, scope: Option<FuncId>) -> &'a Expr {
    let mut expr = expr;
    for _ in 0..3 {
        let Expr::Name(name) = expr else {
            break;
        };
        let assignments = model.assignments_of(scope, name.id.as_str());
        match assignments.as_slice() {
            [one] if one.kind == AssignKind::Assign && matches!(one.target_expr, Expr::Name(_)) => {
                expr = one.value;
            }
            _ => break,
        }
    }
    expr
}

/// `{"name": value, ...}`, `dict(name=value)`, `[("name", value), ...]`.
pub fn pairs<'a>(model: &Model<'a>, expr: &'a Expr) -> Vec<(String, &'a Expr)> {
    match expr {
        Expr::Dict(dict) => super::strings::dict_display_pairs(model, dict),
        Expr::List(ast::ExprList { elts, .. }) | Expr::Tuple(ast::ExprTuple { elts, .. }) => elts
            .iter()
            .filter_map(|e| {
                let (Expr::Tuple(ast::ExprTuple { elts: pair, .. })
                | Expr::List(ast::ExprList { elts: pair, .. })) = e
                else {
                    return None;
                };
                let [key, value] = pair.as_slice() else {
                    return None;
                };
                let key = string_value(model, key, None, key.start())?;
                Some((key.as_literal()?.to_string(), value))
            })
            .collect(),
        Expr::Call(call) if matches!(&*call.func, Expr::Name(n) if n.id.as_str() == "dict") => {
            super::strings::keyword_pairs(call)
        }
        _ => Vec::new(),
    }
}

fn peewee_pragmas<'m, 'a>(
    model: &'m Model<'a>,
    call: &'m Call<'a>,
    pragmas: &'a Expr,
    out: &mut Vec<Setting<'m, 'a>>,
) {
    let literal = resolve_name(model, pragmas, call.scope);
    for (name, value) in pairs(model, literal) {
        out.push(entry_setting(model, call, name, value, Origin::Peewee));
    }
}

/// `"init_command": "PRAGMA ...; PRAGMA ..."` in any dict (Django's OPTIONS).
fn django_init_commands<'m, 'a>(model: &'m Model<'a>, out: &mut Vec<Setting<'m, 'a>>) {
    for dict in all_dicts(model.suite) {
        for item in &dict.items {
            let Some(key) = &item.key else {
                continue;
            };
            if !crate::fix::codegen::is_str(key, "init_command") {
                continue;
            }
            let Some(value) = string_value(model, &item.value, None, item.value.start()) else {
                continue;
            };
            let literal = literal_of(model, &item.value, None);
            let mut seen: Vec<String> = Vec::new();
            for kind in sql::classify_script(&value.sketch()) {
                let SqlKind::Pragma(p) = kind else {
                    continue;
                };
                let Some(name) = p.name else {
                    continue;
                };
                let nth = seen.iter().filter(|n| **n == name).count();
                seen.push(name.clone());
                let value_range = match (&p.value, literal) {
                    (Some(_), Some(lit)) => value_in_sql(model, lit, &name, nth),
                    _ => None,
                };
                out.push(Setting {
                    name,
                    value: p.value,
                    origin: Origin::Django,
                    anchor: item.value.range(),
                    value_range,
                    scope: None,
                    call: None,
                });
            }
        }
    }
}

/// Every dict display in the module, nested scopes included.
pub fn all_dicts(suite: &[ruff_python_ast::Stmt]) -> Vec<&ast::ExprDict> {
    use ruff_python_ast::visitor::{self, Visitor};
    struct Dicts<'a>(Vec<&'a ast::ExprDict>);
    impl<'a> Visitor<'a> for Dicts<'a> {
        fn visit_expr(&mut self, expr: &'a Expr) {
            if let Expr::Dict(d) = expr {
                self.0.push(d);
            }
            visitor::walk_expr(self, expr);
        }
    }
    let mut dicts = Dicts(Vec::new());
    for stmt in suite {
        dicts.visit_stmt(stmt);
    }
    dicts.0
}

/// The text that replaces `old` (a PRAGMA value as written) with `word` or
/// `number`, in the same style: `0` → `1`, `OFF` → `NORMAL`, `off` → `normal`.
pub fn restyle(old: &str, word: &str, number: &str) -> String {
    if old
        .trim_start_matches('-')
        .chars()
        .all(|c| c.is_ascii_digit())
    {
        number.to_string()
    } else if old.chars().any(|c| c.is_ascii_lowercase()) {
        if old.chars().next().is_some_and(|c| c.is_ascii_uppercase()) {
            let lower = word.to_ascii_lowercase();
            let mut chars = lower.chars();
            chars
                .next()
                .map(|c| c.to_ascii_uppercase().to_string() + chars.as_str())
                .unwrap_or_default()
        } else {
            word.to_ascii_lowercase()
        }
    } else {
        word.to_ascii_uppercase()
    }
}

/// The names of the helpers sqlfix writes; what they set is sqlfix's own doing.
pub const GENERATED_HELPERS: &[&str] = &["_configure_sqlite", "_configure_aiosqlite"];

/// SQF112's "connect" listener: `_sqlite_pragmas`, or `_sqlite_pragmas_<engine>`
/// when the engine has another name.
const GENERATED_LISTENER: &str = "_sqlite_pragmas";

/// Whether a function of this name is one sqlfix writes, so that the WAL it sets
/// does not raise the findings that follow from WAL (SQF105, SQF703) on the code
/// sqlfix generated itself.
pub fn is_generated_helper(name: &str) -> bool {
    GENERATED_HELPERS.contains(&name)
        || name
            .strip_prefix(GENERATED_LISTENER)
            .is_some_and(|rest| rest.is_empty() || rest.starts_with('_'))
}

pub fn in_generated_helper(model: &Model<'_>, scope: Option<FuncId>) -> bool {
    model
        .scopes
        .chain(scope)
        .into_iter()
        .flatten()
        .any(|id| is_generated_helper(model.scopes.function(id).def.name.as_str()))
}

pub fn facts(model: &Model<'_>) -> Vec<PragmaFact> {
    settings(model)
        .into_iter()
        .map(|s| PragmaFact {
            generated: in_generated_helper(model, s.scope),
            line: model.line_column(s.anchor.start()).0,
            name: s.name,
            value: s.value,
        })
        .collect()
}

/// The PRAGMA facts of every module of the project, this one from its current text.
pub fn project_facts<'v>(view: &'v ProjectView<'_>) -> impl Iterator<Item = &'v PragmaFact> {
    view.index
        .modules
        .iter()
        .enumerate()
        .filter(move |(i, _)| Some(*i) != view.module)
        .flat_map(|(_, m)| m.pragmas.iter())
        .chain(view.own.pragmas.iter())
}

/// Whether the project (the viewed module as it is now, and every other module
/// as indexed) has a PRAGMA fact named `name`, with `value` when one is given.
/// The same answer as a scan of [`project_facts`], from a table built once per
/// run: codemods ask it for every file and fix round.
pub fn project_has(view: &ProjectView<'_>, name: &str, value: Option<&str>) -> bool {
    let matches =
        |f: &PragmaFact| f.name == name && value.is_none_or(|v| f.value.as_deref() == Some(v));
    if view.own.pragmas.iter().any(matches) {
        return true;
    }
    let table = view.index.memo(FactModules::of);
    let key = (name.to_string(), value.map(str::to_string));
    table
        .0
        .get(&key)
        .is_some_and(|modules| modules.iter().any(|&m| Some(m) != view.module))
}

/// Per (name, value) and per (name, any value): the modules with such a PRAGMA
/// fact, at most two each (enough to tell whether one other than a given module has it).
struct FactModules(rustc_hash::FxHashMap<(String, Option<String>), Vec<usize>>);

impl FactModules {
    fn of(index: &super::ProjectIndex) -> FactModules {
        let mut table: rustc_hash::FxHashMap<(String, Option<String>), Vec<usize>> =
            rustc_hash::FxHashMap::default();
        for (m, module) in index.modules.iter().enumerate() {
            for fact in &module.pragmas {
                let mut keys = vec![(fact.name.clone(), None)];
                if let Some(value) = &fact.value {
                    keys.push((fact.name.clone(), Some(value.clone())));
                }
                for key in keys {
                    let modules = table.entry(key).or_default();
                    if modules.len() < 2 && !modules.contains(&m) {
                        modules.push(m);
                    }
                }
            }
        }
        FactModules(table)
    }
}

/// Whether any module sets `journal_mode=WAL`, by any API.
pub fn project_sets_wal(view: &ProjectView<'_>) -> bool {
    view.sets_wal() || project_has(view, "journal_mode", Some("wal"))
}

/// The database a connection call opens, as far as the source shows it.
pub fn database_sketch(model: &Model<'_>, call: &Call<'_>) -> Option<String> {
    let database = call.argument(0, "database")?;
    string_value(model, database, call.scope, call.range().start()).map(|v| v.sketch())
}

/// An in-memory or temporary database: no other connection can see it.
pub fn is_memory_database(sketch: &str) -> bool {
    sketch.is_empty() || sketch == ":memory:" || sketch.contains("mode=memory")
}

/// Whether the SQL call runs on a connection (or cursor) opened to `:memory:` in
/// this module.
pub fn runs_on_memory_database(model: &Model<'_>, view: &ProjectView<'_>, call: &Call<'_>) -> bool {
    connections::sites(model, view).iter().any(|site| {
        let memory = database_sketch(model, site.call).is_some_and(|s| is_memory_database(&s));
        memory
            && connections::key_of(model, site).is_some_and(|key| {
                connections::uses(model, &key)
                    .iter()
                    .any(|u| u.range() == call.range())
            })
    })
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;

    /// (name, value, the source text a fix would replace) of every setting.
    fn found(source: &str) -> Vec<(String, Option<String>, Option<String>)> {
        let parsed = crate::check::parse(source).unwrap();
        let model = Model::build(Path::new("t.py"), source, parsed.suite(), parsed.tokens());
        settings(&model)
            .into_iter()
            .map(|s| {
                let text = s.value_range.map(|r| model.slice(r).to_string());
                (s.name, s.value, text)
            })
            .collect()
    }

    fn one(name: &str, value: &str, text: &str) -> (String, Option<String>, Option<String>) {
        (name.into(), Some(value.into()), Some(text.into()))
    }

    #[test]
    fn restyles_values_like_the_original() {
        assert_eq!(restyle("OFF", "NORMAL", "1"), "NORMAL");
        assert_eq!(restyle("off", "NORMAL", "1"), "normal");
        assert_eq!(restyle("Off", "NORMAL", "1"), "Normal");
        assert_eq!(restyle("0", "NORMAL", "1"), "1");
        assert_eq!(restyle("-1", "x", "1000"), "1000");
    }

    #[test]
    fn finds_values_in_sql_scripts_and_dicts() {
        let source = "import sqlite3\nc = sqlite3.connect('a.db')\n\
            c.executescript('PRAGMA main.synchronous = OFF; PRAGMA synchronous(0);')\n\
            P = {'synchronous': 'off', 'busy_timeout': 0}\n\
            for k, v in P.items():\n    c.execute(f'PRAGMA {k}={v}')\n\
            for p in ('journal_mode=WAL', 'locking_mode=EXCLUSIVE'):\n    c.execute(f'PRAGMA {p}')\n";
        assert_eq!(
            found(source),
            vec![
                one("synchronous", "off", "OFF"),
                one("synchronous", "0", "0"),
                one("synchronous", "off", "off"),
                one("busy_timeout", "0", "0"),
                one("journal_mode", "wal", "WAL"),
                one("locking_mode", "exclusive", "EXCLUSIVE"),
            ]
        );
    }

    #[test]
    fn finds_peewee_and_django_settings() {
        let source = "from peewee import SqliteDatabase\n\
            db = SqliteDatabase('a.db', pragmas=[('journal_mode', 'wal'), ('synchronous', 0)])\n\
            DATABASES = {'default': {'OPTIONS': {'init_command': 'PRAGMA synchronous=OFF;'}}}\n";
        let all = found(source);
        assert_eq!(
            all,
            vec![
                one("journal_mode", "wal", "wal"),
                one("synchronous", "0", "0"),
                one("synchronous", "off", "OFF"),
            ]
        );
    }
}
