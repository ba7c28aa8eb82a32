//! A lock per wrapper object around a connection the wrapper was handed: a
//! class (one per table, one per request) takes a connection in `__init__`,
//! keeps a cursor of it (`self.cur = conn.cursor()`) or the connection itself,
//! and creates its own lock (`self.lock = threading.Lock()`). Every statement
//! runs under `self.lock`, which reads as serialized, but the lock belongs to
//! one wrapper and the connection to all of them: two wrappers built on the one
//! connection take two different locks, so threads going through them run
//! statements on the connection at once. Their transactions interleave (one
//! wrapper's commit ends the other's half-done work), and where the wrappers
//! share a cursor's connection one thread's statement runs while another's is
//! pending (docs/sqlite-facts.md#F-shared-cursor).
//!
//! Evidence that the connection is shared by several wrappers: the project
//! builds the class more than once (two module-level instances, or one per
//! call of a function), not counting a construction handed a connection made
//! in the same call. The project must have threads, and no use may sit under a
//! lock shared by every instance (a class attribute or module lock), which does
//! serialize the wrappers.
//!
//! Advice only: the repair moves the lock to the object that owns the
//! connection (one lock for every wrapper) and runs each statement on a cursor
//! of its own; which object owns the connection is the program's choice.

use ruff_python_ast::Expr;
use ruff_text_size::{Ranged, TextRange};

use super::SharedConnectionAcrossThreads;
use super::instance;
use crate::codemods::{Codemod, Context};
use crate::finding::Finding;
use crate::semantic::class_locks::{self, ClassLock};
use crate::semantic::constructions::Lifetime;
use crate::semantic::model::{AssignKind, Call, Model, Target};
use crate::semantic::paths;
use crate::semantic::scopes::{ClassId, FuncId};
use crate::semantic::sqlite_evidence;

/// Methods of a DB-API connection or cursor that run or end statements.
const STATEMENT_METHODS: &[&str] = &[
    "execute",
    "executemany",
    "executescript",
    "commit",
    "rollback",
    "fetchone",
    "fetchall",
    "fetchmany",
];

pub fn check(
    codemod: &SharedConnectionAcrossThreads,
    ctx: &Context<'_, '_>,
    out: &mut Vec<Finding>,
) {
    let model = ctx.model;
    if sqlite_evidence::imports_foreign_driver(model) {
        return;
    }
    let mut has_threads: Option<bool> = None;
    for class in 0..model.scopes.classes.len() {
        if model.scopes.classes[class].parent.is_some() {
            continue;
        }
        let Some(init) = model.scopes.method(class, "__init__") else {
            continue;
        };
        let kept = handed_attrs(model, init);
        if kept.is_empty() {
            continue;
        }
        let locks = class_locks::class_locks(model, class);
        let (own, shared): (Vec<ClassLock>, Vec<ClassLock>) =
            locks.into_iter().partition(ClassLock::per_object);
        if own.is_empty() {
            continue;
        }
        let uses = statement_uses(model, class, &kept);
        let under_own: Vec<&(FuncId, &Call<'_>, String)> = uses
            .iter()
            .filter(|(id, call, _)| {
                class_locks::lock_around(model, &own, *id, call.range()).is_some()
            })
            .collect();
        let Some((_, _, attr)) = under_own.first() else {
            continue;
        };
        if uses.iter().any(|(id, call, _)| {
            class_locks::lock_around(model, &shared, *id, call.range()).is_some()
        }) {
            continue;
        }
        let qualname = &model.scopes.classes[class].qualname;
        let Some(built) = instances(ctx, model, class, qualname) else {
            continue;
        };
        if !sqlite_evidence::mentions_sqlite(model) && !built.sqlite_importer {
            continue;
        }
        if !*has_threads.get_or_insert_with(|| instance::project_has_threads(ctx.project)) {
            continue;
        }
        let lock = own
            .iter()
            .find(|l| {
                under_own.iter().any(|(id, call, _)| {
                    class_locks::lock_around(model, std::slice::from_ref(*l), *id, call.range())
                        .is_some()
                })
            })
            .map_or_else(|| own[0].text.clone(), |l| l.text.clone());
        let at = kept
            .iter()
            .find(|k| &k.attr == attr)
            .map_or_else(|| kept[0].range, |k| k.range);
        let what = kept
            .iter()
            .find(|k| &k.attr == attr)
            .map_or("the connection", |k| {
                if k.cursor {
                    "a cursor of the connection"
                } else {
                    "the connection"
                }
            });
        let message = format!(
            "`{qualname}` runs its statements on `self.{attr}` ({what} handed to `__init__`) under `{lock}`, a lock each instance creates for itself, and the project builds it {}: two instances on one connection hold two different locks, so threads going through them run statements on the connection at once and their transactions interleave (one instance's commit ends another's half-done work; a shared cursor's pending rows are overwritten)",
            built.how,
        );
        out.push(
            Finding::new(codemod.meta(), at, message).with_note(
                "a lock serializes only the code that takes it: keep one lock on the object that owns the connection and have every wrapper take that one, and run each statement on a cursor of its own (`conn.execute(...)`) inside it",
            ),
        );
    }
}

/// An attribute `__init__` keeps from what it was handed: the connection
/// itself (`self.conn = conn`) or a cursor of it (`self.cur = conn.cursor()`,
/// `self.cur = self.conn.cursor()`).
struct Kept {
    attr: String,
    cursor: bool,
    range: TextRange,
}

fn handed_attrs(model: &Model<'_>, init: FuncId) -> Vec<Kept> {
    let params = &model.scopes.function(init).params;
    let mut out: Vec<Kept> = Vec::new();
    for a in model.assignments.iter().filter(|a| a.scope == Some(init)) {
        let Target::SelfAttr(attr) = &a.target else {
            continue;
        };
        if a.kind != AssignKind::Assign {
            continue;
        }
        let (source, cursor) = match a.value {
            Expr::Call(c) if c.arguments.is_empty() => match &*c.func {
                Expr::Attribute(m) if m.attr.as_str() == "cursor" => (&*m.value, true),
                _ => continue,
            },
            Expr::Call(_) => continue,
            value => (value, false),
        };
        let from_param = rooted_at_param(source, params);
        let from_kept = matches!(source, Expr::Attribute(s)
            if matches!(&*s.value, Expr::Name(n) if n.id.as_str() == "self")
                && out.iter().any(|k| !k.cursor && k.attr == s.attr.as_str()));
        if from_param || (cursor && from_kept) {
            out.push(Kept {
                attr: attr.clone(),
                cursor,
                range: a.stmt.range(),
            });
        }
    }
    out
}

/// `conn`, `db.conn`: a parameter, or an attribute of one.
fn rooted_at_param(expr: &Expr, params: &[String]) -> bool {
    match expr {
        Expr::Name(n) => params.iter().any(|p| p == n.id.as_str()),
        Expr::Attribute(a) => rooted_at_param(&a.value, params),
        _ => false,
    }
}

/// Statement calls on the kept attributes in the class's methods other than
/// `__init__`: `self.cur.execute(...)`, `self.conn.commit()`.
fn statement_uses<'m, 'a>(
    model: &'m Model<'a>,
    class: ClassId,
    kept: &[Kept],
) -> Vec<(FuncId, &'m Call<'a>, String)> {
    model
        .calls
        .iter()
        .filter_map(|call| {
            let id = call.scope?;
            let f = model.scopes.function(id);
            if f.class != Some(class) || f.name() == "__init__" {
                return None;
            }
            let Expr::Attribute(method) = &*call.expr.func else {
                return None;
            };
            if !STATEMENT_METHODS.contains(&method.attr.as_str()) {
                return None;
            }
            let Expr::Attribute(attr) = &*method.value else {
                return None;
            };
            let on_self = matches!(&*attr.value, Expr::Name(n) if n.id.as_str() == "self");
            let name = attr.attr.as_str();
            (on_self && kept.iter().any(|k| k.attr == name)).then(|| (id, call, name.to_string()))
        })
        .collect()
}

/// How the project builds the class, when it builds more than one instance.
struct Built {
    how: String,
    /// A module that builds it imports sqlite3.
    sqlite_importer: bool,
}

/// The class's constructions in the project: in this module, each call of
/// the class (not one handed a connection its own function just made); in
/// other modules, their recorded constructions. Two or more instances, or
/// one built per call of a function, share what they were handed.
fn instances(
    ctx: &Context<'_, '_>,
    model: &Model<'_>,
    class: ClassId,
    qualname: &str,
) -> Option<Built> {
    let index = ctx.project.index;
    let own = ctx.project.module;
    let name = model.scopes.classes[class].def.name.as_str();
    let mut count = 0usize;
    let mut per_call: Option<String> = None;
    for call in model.calls_named(name) {
        if !matches!(&*call.expr.func, Expr::Name(_))
            || model.scopes.class_named(name) != Some(class)
        {
            continue;
        }
        if fresh_argument(model, call) {
            continue;
        }
        count += 1;
        if let Some(scope) = call.scope {
            let f = model.scopes.function(scope);
            if f.class != Some(class) && !ONCE.contains(&f.name()) {
                per_call.get_or_insert_with(|| f.qualname.clone());
            }
        }
    }
    let mut sqlite_importer = false;
    for (m, module) in index.modules.iter().enumerate() {
        if Some(m) == own || paths::is_test_module(&module.path) {
            continue;
        }
        let mut here = false;
        for c in &module.constructions {
            if index
                .class_named(m, &c.class, 0)
                .is_none_or(|(cm, q)| Some(cm) != own || q != qualname)
            {
                continue;
            }
            here = true;
            count += 1;
            if let Lifetime::PerCall(f) = &c.lifetime {
                per_call.get_or_insert_with(|| f.clone());
            }
        }
        if here
            && module
                .imports
                .iter()
                .any(|i| i.target.starts_with("sqlite3"))
        {
            sqlite_importer = true;
        }
    }
    let how = match (per_call, count) {
        (Some(f), _) => format!("once per call of `{f}`"),
        (None, n) if n >= 2 => format!("{n} times"),
        _ => return None,
    };
    Some(Built {
        how,
        sqlite_importer,
    })
}

/// Functions that run once per process: a construction there builds one instance.
const ONCE: &[&str] = &[
    "main",
    "__main__",
    "setup",
    "startup",
    "create_app",
    "init_app",
];

/// The construction is handed a connection made in the same call: a
/// `connect(...)` call as an argument, or a name its function assigned from a
/// call (`conn = sqlite3.connect(p); Table(conn)`): each instance has its own.
fn fresh_argument(model: &Model<'_>, call: &Call<'_>) -> bool {
    let args = &call.expr.arguments;
    args.args
        .iter()
        .chain(args.keywords.iter().map(|k| &k.value))
        .any(|arg| match arg {
            Expr::Call(c) => {
                matches!(&*c.func, Expr::Attribute(a) if a.attr.as_str() == "connect")
                    || matches!(&*c.func, Expr::Name(n) if n.id.as_str() == "connect")
            }
            Expr::Name(n) => call.scope.is_some_and(|scope| {
                !model.is_global_in(Some(scope), n.id.as_str())
                    && model
                        .assignments_of(Some(scope), n.id.as_str())
                        .iter()
                        .any(|a| a.scope == Some(scope) && matches!(a.value, Expr::Call(_)))
            }),
            _ => false,
        })
}
