//! Connections a class is handed through its constructor and keeps on `self`:
//! `def __init__(self, conn: sqlite3.Connection): self._conn = conn`. The class
//! never calls `sqlite3.connect`, yet `self._conn.execute(...)` in its methods is
//! sqlite3 work like any other. Two signals say the parameter is a sqlite3
//! connection: its annotation (or the class body's `_conn: sqlite3.Connection`),
//! or a constructor call in the module that passes `sqlite3.connect(...)` (or a
//! name bound to one). The call also tells how the connection was opened.

use ruff_python_ast::{Expr, Stmt};
use ruff_text_size::Ranged;

use super::connections;
use super::model::{Call, Callee, Model, Target};
use super::scopes::{ClassId, FuncId};

/// A `self` attribute holding a connection the constructor was handed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Injected {
    pub class: ClassId,
    pub attr: String,
    /// The constructor call in the module opens it with `check_same_thread=False`
    /// (`None`: no such call shows how it is opened).
    pub any_thread: Option<bool>,
}

const CONNECTION_TYPES: &[&str] = &["sqlite3.Connection", "sqlite3.dbapi2.Connection"];

/// Every injected connection of the module's classes.
pub fn connections(model: &Model<'_>) -> Vec<Injected> {
    let mut out = Vec::new();
    // Calls of the module's own names, by name: one pass, then one lookup per class.
    let mut local_calls: rustc_hash::FxHashMap<&str, Vec<&Call<'_>>> =
        rustc_hash::FxHashMap::default();
    for call in &model.calls {
        if let Callee::Local(n) = &call.callee {
            local_calls.entry(n.as_str()).or_default().push(call);
        }
    }
    for (id, f) in model.scopes.functions.iter().enumerate() {
        let Some(class) = f.class else {
            continue;
        };
        if f.def.name.as_str() != "__init__" {
            continue;
        }
        for a in model.assignments_in(Some(id)) {
            let Target::SelfAttr(attr) = &a.target else {
                continue;
            };
            let Expr::Name(value) = a.value else {
                continue;
            };
            let param = value.id.as_str();
            let Some(position) = f.params.iter().position(|p| p == param) else {
                continue;
            };
            let annotated =
                annotated_connection(model, id, param) || class_annotates(model, class, attr);
            let name = model.scopes.classes[class].def.name.as_str();
            let calls = local_calls.get(name).map_or(&[][..], Vec::as_slice);
            let passed = passed_connection(model, calls, position, param);
            if annotated || passed.is_some() {
                out.push(Injected {
                    class,
                    attr: attr.clone(),
                    any_thread: passed,
                });
            }
        }
    }
    out
}

fn is_connection_type(model: &Model<'_>, annotation: &Expr, scope: Option<FuncId>) -> bool {
    let resolves = |e: &Expr| {
        model
            .resolve(e, scope)
            .is_some_and(|q| CONNECTION_TYPES.contains(&q.as_str()))
    };
    match annotation {
        // `Optional[Connection]`, `Connection | None`
        Expr::Subscript(s) => resolves(&s.slice),
        Expr::BinOp(b) => resolves(&b.left) || resolves(&b.right),
        Expr::StringLiteral(s) => CONNECTION_TYPES.contains(&s.value.to_str()),
        other => resolves(other),
    }
}

fn annotated_connection(model: &Model<'_>, init: FuncId, param: &str) -> bool {
    let f = model.scopes.function(init);
    f.def
        .parameters
        .iter_non_variadic_params()
        .filter(|p| p.parameter.name.as_str() == param)
        .filter_map(|p| p.parameter.annotation.as_deref())
        .any(|a| is_connection_type(model, a, f.parent))
}

/// `attr: sqlite3.Connection` in the class body.
fn class_annotates(model: &Model<'_>, class: ClassId, attr: &str) -> bool {
    let c = &model.scopes.classes[class];
    c.def.body.iter().any(|stmt| match stmt {
        Stmt::AnnAssign(a) => {
            matches!(&*a.target, Expr::Name(n) if n.id.as_str() == attr)
                && is_connection_type(model, &a.annotation, c.parent)
        }
        _ => false,
    })
}

/// `Some(check_same_thread=False)` when a call of the class in the module passes a sqlite3
/// connection for the parameter: opened right there (`Repo(sqlite3.connect(p))`)
/// or bound to a name first.
fn passed_connection(
    model: &Model<'_>,
    calls: &[&Call<'_>],
    position: usize,
    param: &str,
) -> Option<bool> {
    for call in calls {
        let Some(arg) = call.argument(position, param) else {
            continue;
        };
        let connect = match arg {
            Expr::Call(c) => model.call_at(c.range()),
            Expr::Name(n) => model
                .assignments_of(call.scope, n.id.as_str())
                .into_iter()
                .filter_map(|a| match a.value {
                    Expr::Call(c) => model.call_at(c.range()),
                    _ => None,
                })
                .find(|c| connections::is_sqlite3_connect(c)),
            _ => None,
        };
        if let Some(connect) = connect.filter(|c| connections::is_sqlite3_connect(c)) {
            let any_thread = connect
                .keyword("check_same_thread")
                .is_some_and(|v| matches!(v, Expr::BooleanLiteral(b) if !b.value));
            return Some(any_thread);
        }
    }
    None
}
