//! Which file a path expression names, as far as the source spells it: the file
//! names its literals spell (`state.json`, `_checkpoint.json`, `volume.socket`)
//! and the symbols it goes through (a constant `STATE_FILE`, an attribute
//! `self.state_path` or `args.dump`, a configuration key `conf["status_file"]`).
//! A writer and a reader of one file share a name or a symbol; this is how the
//! checkpoint rules tell the file a program reads back from one it only writes.

use std::sync::Mutex;

use rustc_hash::FxHashMap;

use ruff_python_ast::{self as ast, Expr};
use ruff_text_size::Ranged;

use super::model::{AssignKind, Model};
use super::scopes::{ClassId, FuncId};
use super::strings::{Piece, string_value};

/// How deep names, attributes and helpers are followed.
const MAX_DEPTH: usize = 5;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PathIdent {
    /// File names spelled by the path's literals.
    pub names: NameSet,
    /// Symbols the path goes through: constant, attribute and key names.
    pub keys: NameSet,
    /// Part of the path is a parameter: what callers elsewhere pass is unknown.
    pub opaque: bool,
}

impl PathIdent {
    pub fn is_empty(&self) -> bool {
        self.names.is_empty() && self.keys.is_empty()
    }

    fn extend(&mut self, other: PathIdent) {
        self.names.extend(other.names);
        self.keys.extend(other.keys);
        self.opaque |= other.opaque;
    }
}

/// A small set of names, sorted: a path spells one or two. The module's facts
/// keep one identity per argument of every call, and a `BTreeSet` node for one
/// name took about 300 bytes where this takes the name's 24.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct NameSet(Vec<String>);

impl NameSet {
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn iter(&self) -> std::slice::Iter<'_, String> {
        self.0.iter()
    }

    pub fn contains(&self, name: &str) -> bool {
        self.0
            .binary_search_by(|held| held.as_str().cmp(name))
            .is_ok()
    }

    pub fn insert(&mut self, name: String) -> bool {
        match self.0.binary_search(&name) {
            Ok(_) => false,
            Err(at) => {
                self.0.insert(at, name);
                true
            }
        }
    }

    /// The names both sets hold, in order.
    pub fn intersection<'a>(&'a self, other: &'a NameSet) -> impl Iterator<Item = &'a String> {
        self.0.iter().filter(|name| other.contains(name))
    }
}

impl Extend<String> for NameSet {
    fn extend<I: IntoIterator<Item = String>>(&mut self, names: I) {
        for name in names {
            self.insert(name);
        }
    }
}

impl IntoIterator for NameSet {
    type Item = String;
    type IntoIter = std::vec::IntoIter<String>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

impl<'a> IntoIterator for &'a NameSet {
    type Item = &'a String;
    type IntoIter = std::slice::Iter<'a, String>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}

/// What a parameter or a `self` attribute names, by depth: the same for every
/// expression that reaches it, and reached once per call passing it. Without
/// this memo, a parameter handed on through a chain of helpers was walked again
/// for every call of every helper of the chain (exponential in its length).
///
/// Names and helpers' returns too: a name assigned several times in one scope
/// (`sql = sql + ...`, `path = os.path.join(path, part)`) walks each
/// assignment's value, which reads the name again, so unremembered the walk
/// took (assignments)^depth steps; on a large framework a third of a check.
#[derive(Default)]
struct Memo {
    parameters: Table<(FuncId, String, usize)>,
    attributes: Table<(ClassId, String, usize)>,
    names: Table<(Option<FuncId>, String, usize)>,
    returns: Table<(FuncId, usize)>,
}

/// One memo table: what the walk found for a key, by depth.
type Table<K> = Mutex<FxHashMap<K, PathIdent>>;

/// `out` gains the memo's answer for `key`, computed by `compute` when missing.
/// The lock is not held while computing: a walk may ask other keys.
fn memoized<K: std::hash::Hash + Eq>(
    table: &Table<K>,
    key: K,
    out: &mut PathIdent,
    compute: impl FnOnce(&mut PathIdent),
) {
    if let Some(found) = table.lock().unwrap_or_else(|e| e.into_inner()).get(&key) {
        out.names.extend(found.names.iter().cloned());
        out.keys.extend(found.keys.iter().cloned());
        out.opaque |= found.opaque;
        return;
    }
    let mut fresh = PathIdent::default();
    compute(&mut fresh);
    out.names.extend(fresh.names.iter().cloned());
    out.keys.extend(fresh.keys.iter().cloned());
    out.opaque |= fresh.opaque;
    table
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .insert(key, fresh);
}

/// Drops what the memo holds: the module's facts ask about every call's
/// arguments at once, later questions are few, and a generated module's
/// answers would otherwise be held as long as its model.
pub fn forget(model: &Model<'_>) {
    let memo = model.path_memo(Memo::default);
    *memo.parameters.lock().unwrap_or_else(|e| e.into_inner()) = FxHashMap::default();
    *memo.attributes.lock().unwrap_or_else(|e| e.into_inner()) = FxHashMap::default();
    *memo.names.lock().unwrap_or_else(|e| e.into_inner()) = FxHashMap::default();
    *memo.returns.lock().unwrap_or_else(|e| e.into_inner()) = FxHashMap::default();
}

/// The identity of the path `expr` evaluates to in `scope`.
pub fn of_expr(model: &Model<'_>, expr: &Expr, scope: Option<FuncId>) -> PathIdent {
    let mut out = PathIdent::default();
    walk(model, expr, scope, 0, &mut out);
    out
}

/// File names in a literal: path components with a name before an extension
/// (`runtime/volume.socket` → `volume.socket`; a bare `.json` names no file).
pub fn file_names(text: &str) -> impl Iterator<Item = &str> {
    text.split(['/', '\\']).filter(|part| {
        part.rsplit_once('.').is_some_and(|(stem, ext)| {
            stem.chars().any(char::is_alphanumeric)
                && !ext.is_empty()
                && ext.len() <= 8
                && ext.chars().all(|c| c.is_ascii_alphanumeric())
        })
    })
}

#[cfg(test)]
thread_local! {
    static WALKS: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

fn walk(model: &Model<'_>, expr: &Expr, scope: Option<FuncId>, depth: usize, out: &mut PathIdent) {
    #[cfg(test)]
    WALKS.with(|w| w.set(w.get() + 1));
    if depth > MAX_DEPTH {
        return;
    }
    match expr {
        Expr::StringLiteral(_) | Expr::FString(_) => literal(model, expr, scope, depth, out),
        // `"media_%s.json" % key`: like an f-string, the key varies the name,
        // not which file it is (a parameter there does not make it opaque).
        Expr::BinOp(bin)
            if bin.op == ast::Operator::Mod && spells_file_name(model, expr, scope) =>
        {
            literal(model, expr, scope, depth, out);
        }
        Expr::BinOp(bin) => {
            if bin.op == ast::Operator::Add {
                literal(model, expr, scope, depth, out);
            }
            walk(model, &bin.left, scope, depth + 1, out);
            walk(model, &bin.right, scope, depth + 1, out);
        }
        Expr::Name(name) => name_ident(model, name, scope, depth, out),
        Expr::Attribute(attr) => {
            out.keys.insert(attr.attr.to_string());
            if matches!(&*attr.value, Expr::Name(n) if n.id.as_str() == "self") {
                self_attribute(model, attr.attr.as_str(), scope, depth, out);
            }
        }
        Expr::Subscript(sub) => {
            if let Expr::StringLiteral(key) = &*sub.slice {
                out.keys.insert(key.value.to_str().to_string());
            }
        }
        // `"github_{}.json".format(key)`: the same.
        Expr::Call(call)
            if matches!(&*call.func, Expr::Attribute(a) if a.attr.as_str() == "format")
                && spells_file_name(model, expr, scope) =>
        {
            literal(model, expr, scope, depth, out);
        }
        Expr::Call(call) => call_ident(model, call, scope, depth, out),
        Expr::BoolOp(op) => {
            for v in &op.values {
                walk(model, v, scope, depth + 1, out);
            }
        }
        Expr::If(e) => {
            walk(model, &e.body, scope, depth + 1, out);
            walk(model, &e.orelse, scope, depth + 1, out);
        }
        _ => {}
    }
}

fn literal(
    model: &Model<'_>,
    expr: &Expr,
    scope: Option<FuncId>,
    depth: usize,
    out: &mut PathIdent,
) {
    let Some(value) = string_value(model, expr, scope, expr.start()) else {
        return;
    };
    for hole in value.pieces.iter().filter_map(|p| match p {
        Piece::Hole(Some(hole)) => Some(*hole),
        _ => None,
    }) {
        // The folder's or the key's own symbol is part of the identity;
        // a run id or a key passed in varies the name, not which file it is.
        let mut inner = PathIdent::default();
        walk(model, hole, scope, depth + 1, &mut inner);
        out.names.extend(inner.names);
        out.keys.extend(inner.keys);
    }
    out.names
        .extend(file_names(&pattern(&value.pieces)).map(str::to_string));
}

/// Holes stand for any text: `f"{root}/{run}_checkpoint.json"` names the
/// file `*_checkpoint.json`, which the reader builds the same way.
fn pattern(pieces: &[Piece<'_>]) -> String {
    let mut pattern = String::new();
    for piece in pieces {
        match piece {
            Piece::Text(text) => pattern.push_str(text),
            Piece::Hole(_) => pattern.push('*'),
        }
    }
    pattern
}

/// A formatted string (`%` or `.format`) whose template spells a file name.
fn spells_file_name(model: &Model<'_>, expr: &Expr, scope: Option<FuncId>) -> bool {
    string_value(model, expr, scope, expr.start())
        .is_some_and(|value| file_names(&pattern(&value.pieces)).next().is_some())
}

fn name_ident(
    model: &Model<'_>,
    name: &ast::ExprName,
    scope: Option<FuncId>,
    depth: usize,
    out: &mut PathIdent,
) {
    let id = name.id.as_str();
    let assignments = model.assignments_of(scope, id);
    if !assignments.is_empty() {
        let memo = model.path_memo(Memo::default);
        memoized(&memo.names, (scope, id.to_string(), depth), out, |out| {
            // A module constant is a symbol other modules import by name.
            if assignments.iter().all(|a| a.scope.is_none()) {
                out.keys.insert(id.to_string());
            }
            for a in assignments {
                // `for f in out.glob("*_summary.json"):` reads what the pattern names.
                let whole = matches!(a.kind, AssignKind::Assign | AssignKind::ForLoop);
                if whole && matches!(a.target_expr, Expr::Name(_)) {
                    walk(model, a.value, a.scope, depth + 1, out);
                }
            }
        });
        return;
    }
    if let Some(function) = scope.filter(|&s| model.scopes.function(s).has_parameter(id)) {
        parameter(model, function, id, depth, out);
        return;
    }
    // An imported constant (`from settings import DB_PATH`, maybe renamed) is
    // the symbol its own module defines: every module importing it, and that
    // module itself, name one file by it. From inside a function, a module's
    // import counts when it is the path itself or spelled as a constant: an
    // imported object a path is only computed from (`config.get("outdir")`)
    // names no one file.
    if let Some(import) = model.imports.lookup(id, scope, &model.scopes) {
        let symbol = if import.is_module_import {
            id
        } else {
            import.target.rsplit('.').next().unwrap_or(id)
        };
        let constant = symbol
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_');
        if import.scope == scope || depth == 0 || constant {
            out.keys.insert(symbol.to_string());
        }
    }
}

/// A parameter: its default and what this module's own calls pass. Callers in
/// other modules may pass anything, so the identity is opaque.
fn parameter(model: &Model<'_>, function: FuncId, param: &str, depth: usize, out: &mut PathIdent) {
    let memo = model.path_memo(Memo::default);
    memoized(
        &memo.parameters,
        (function, param.to_string(), depth),
        out,
        |out| parameter_uncached(model, function, param, depth, out),
    );
}

fn parameter_uncached(
    model: &Model<'_>,
    function: FuncId,
    param: &str,
    depth: usize,
    out: &mut PathIdent,
) {
    out.opaque = true;
    let f = model.scopes.function(function);
    let def = f.def;
    if let Some(default) = def
        .parameters
        .iter_non_variadic_params()
        .find(|p| p.parameter.name.as_str() == param)
        .and_then(|p| p.default.as_deref())
    {
        walk(model, default, f.parent, depth + 1, out);
    }
    let Some(position) = f.params.iter().position(|p| p == param) else {
        return;
    };
    let callee = if f.name() == "__init__" {
        f.class
            .map(|c| model.scopes.classes[c].def.name.to_string())
    } else {
        Some(f.name().to_string())
    };
    let Some(callee) = callee else {
        return;
    };
    for call in model.calls_named(&callee) {
        if let Some(arg) = call.argument(position, param) {
            walk(model, arg, call.scope, depth + 1, out);
        }
    }
}

/// `self.attr`: every value the class assigns to it.
fn self_attribute(
    model: &Model<'_>,
    name: &str,
    scope: Option<FuncId>,
    depth: usize,
    out: &mut PathIdent,
) {
    let Some(class) = model.scopes.enclosing_class(scope) else {
        return;
    };
    let memo = model.path_memo(Memo::default);
    memoized(
        &memo.attributes,
        (class, name.to_string(), depth),
        out,
        |out| {
            for a in model.self_attr_assignments(name) {
                if a.kind == AssignKind::Assign
                    && model.scopes.enclosing_class(a.scope) == Some(class)
                {
                    walk(model, a.value, a.scope, depth + 1, out);
                }
            }
        },
    );
}

/// Path builders keep their parts' identity (`Path(d) / "x.json"`,
/// `os.path.join(d, "x.json")`, `p.with_suffix(".bak")`); a helper of this
/// module or class is followed into what it returns.
fn call_ident(
    model: &Model<'_>,
    call: &ast::ExprCall,
    scope: Option<FuncId>,
    depth: usize,
    out: &mut PathIdent,
) {
    let helper = match &*call.func {
        Expr::Name(n) => model.scopes.module_function(n.id.as_str()),
        Expr::Attribute(a) if matches!(&*a.value, Expr::Name(n) if n.id.as_str() == "self") => {
            model
                .scopes
                .enclosing_class(scope)
                .and_then(|class| model.scopes.method(class, a.attr.as_str()))
        }
        _ => None,
    };
    if let Some(helper) = helper {
        let memo = model.path_memo(Memo::default);
        memoized(&memo.returns, (helper, depth), out, |out| {
            let def = model.scopes.function(helper).def;
            let mut returns = Vec::new();
            super::visit::returned_values(&def.body, &mut returns);
            for value in returns {
                let mut inner = PathIdent::default();
                walk(model, value, Some(helper), depth + 1, &mut inner);
                // The helper's own parameters are this call's arguments.
                inner.opaque = false;
                out.extend(inner);
            }
        });
        // A key passed to the helper varies the name, not which kind of file it is.
        for arg in &*call.arguments.args {
            let mut inner = PathIdent::default();
            walk(model, arg, scope, depth + 1, &mut inner);
            inner.opaque = false;
            out.extend(inner);
        }
        return;
    }
    if let Expr::Attribute(a) = &*call.func {
        walk(model, &a.value, scope, depth + 1, out);
    }
    for arg in &*call.arguments.args {
        walk(model, arg, scope, depth + 1, out);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The identity of the path `source`'s `open(...)` call opens, and how
    /// many steps the walk took to find it.
    fn walk_to_open(source: &str) -> (PathIdent, usize) {
        let parsed = crate::check::parse(source).unwrap();
        let model = Model::build(
            std::path::Path::new("m.py"),
            source,
            parsed.suite(),
            parsed.tokens(),
        );
        let call = model
            .calls
            .iter()
            .find(|c| matches!(&*c.expr.func, Expr::Name(n) if n.id.as_str() == "open"))
            .unwrap();
        WALKS.with(|w| w.set(0));
        let ident = of_expr(&model, &call.expr.arguments.args[0], call.scope);
        (ident, WALKS.with(std::cell::Cell::get))
    }

    /// Six layers of helpers, each calling the one below eight times with its
    /// own `path` parameter: unremembered, the walk from the innermost `open`
    /// takes 8^5 steps.
    #[test]
    fn a_parameter_passed_on_by_many_calls_is_walked_once() {
        let mut source = String::from("def f0(path):\n    return open(path)\n");
        for layer in 1..=6 {
            source.push_str(&format!("def f{layer}(path):\n"));
            for _ in 0..8 {
                source.push_str(&format!("    f{}(path + \"/state.json\")\n", layer - 1));
            }
        }
        let (ident, steps) = walk_to_open(&source);
        assert!(ident.opaque);
        assert!(ident.names.contains("state.json"), "{ident:?}");
        assert!(steps < 2_000, "{steps} steps");
    }

    /// A name reassigned from itself twelve times: each assignment's value
    /// reads the name again, so unremembered the walk takes 12^5 steps.
    #[test]
    fn a_name_reassigned_from_itself_is_walked_once_per_depth() {
        let mut source = String::from("def save(base):\n    path = base + \"/state.json\"\n");
        for i in 0..12 {
            source.push_str(&format!("    path = path + \"/part{i}\"\n"));
        }
        source.push_str("    return open(path, \"w\")\n");
        let (ident, steps) = walk_to_open(&source);
        assert!(ident.names.contains("state.json"), "{ident:?}");
        assert!(steps < 2_000, "{steps} steps");
    }

    #[test]
    fn file_names_need_a_stem_and_an_extension() {
        let names: Vec<_> = file_names("runtime/volume.socket").collect();
        assert_eq!(names, ["volume.socket"]);
        assert_eq!(file_names(".json").count(), 0);
        assert_eq!(file_names("_v2_run1.json").count(), 1);
        assert_eq!(file_names("data/exports").count(), 0);
        assert_eq!(file_names("*/*.json").count(), 0);
        let names: Vec<_> = file_names("*/*_run*_checkpoint.json").collect();
        assert_eq!(names, ["*_run*_checkpoint.json"]);
    }
}
