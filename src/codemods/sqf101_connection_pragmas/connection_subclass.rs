//! A `sqlite3.Connection` subclass is a connection opener with no `connect`
//! call: `class Db(sqlite3.Connection): def __init__(self, ...):
//! super().__init__(path, timeout=...)`. Every `Db(...)` is a new connection
//! on that file, with the same settings a `sqlite3.connect(path, timeout=...)`
//! would have, so the pragma rule looks at the `super().__init__` call: WAL,
//! synchronous and the busy timeout are set there or by the class's own
//! methods (`self.execute("PRAGMA journal_mode=WAL")` in `__init__`), or on
//! the file elsewhere in the project (WAL persists in the database file,
//! F-wal-persists). The fix is advice: the PRAGMAs go right after the
//! `super().__init__` call, which only the class's author can place.

use ruff_python_ast::Expr;

use super::super::Context;
use crate::finding::{Confidence, Finding, Severity};
use crate::semantic::Call;
use crate::semantic::connections::PragmaSet;
use crate::semantic::databases::{self, WalState};
use crate::semantic::scopes::ClassId;
use crate::semantic::second_party::SecondParty;
use crate::semantic::sql::SqlKind;
use crate::semantic::strings::string_value;

const CONNECTION_CLASSES: &[&str] = &["sqlite3.Connection", "sqlite3.dbapi2.Connection"];

/// Findings for the module's `sqlite3.Connection` subclasses whose instances
/// are opened without WAL or synchronous.
pub fn findings(
    ctx: &Context<'_, '_>,
    meta: &'static crate::codemods::Meta,
    party: &SecondParty,
) -> Vec<Finding> {
    let model = ctx.model;
    if !model.text.contains("Connection") {
        return Vec::new();
    }
    let mut out = Vec::new();
    for (id, class) in model.scopes.classes.iter().enumerate() {
        let subclass = class.def.bases().iter().any(|b| {
            model
                .resolve(b, class.parent)
                .is_some_and(|q| CONNECTION_CLASSES.contains(&q.as_str()))
        });
        if !subclass {
            continue;
        }
        let Some(open) = opening_call(ctx, id) else {
            continue;
        };
        let pragmas = class_pragmas(ctx, id);
        let state = databases::wal_state_in_project(ctx.project, None);
        let wal = state != WalState::NotSet || pragmas.has("journal_mode");
        let synchronous = pragmas.has("synchronous");
        if (wal && synchronous) || databases::wal_certain(state, &pragmas) {
            continue;
        }
        // `super().__init__(path, timeout)` passes `sqlite3.connect`'s own
        // arguments: the timeout is the second.
        let timeout = open.argument(1, "timeout").is_some()
            || open.has_star_args()
            || pragmas.has("busy_timeout");
        let mut missing = Vec::new();
        if !wal {
            missing.push("WAL");
        }
        if !synchronous {
            missing.push("synchronous=NORMAL");
        }
        if !timeout {
            missing.push("an explicit busy timeout");
        }
        let name = class.def.name.as_str();
        let mut message = format!(
            "SQLite connection class `{name}` (a `sqlite3.Connection` subclass) opens every instance without {}{}",
            super::join_words(&missing),
            if wal {
                ""
            } else {
                ": the rollback journal lets one writer block everyone"
            }
        );
        if let SecondParty::Known(who) = party {
            message = format!("{message}; concurrent with {who}");
        }
        let mut finding = Finding::new(meta, open.range(), message)
            .with_severity(if wal {
                Severity::Medium
            } else {
                Severity::Critical
            })
            .with_note(format!(
                "run `self.execute(\"PRAGMA journal_mode=WAL\")` and `self.execute(\"PRAGMA synchronous=NORMAL\")` in `{name}.__init__` right after this call (WAL is stored in the file, so once is enough; synchronous is per connection)"
            ));
        if !matches!(party, SecondParty::Known(_)) {
            finding = finding.with_confidence(Confidence::Medium);
        }
        out.push(finding);
    }
    out
}

/// `super().__init__(...)` or `sqlite3.Connection.__init__(self, ...)` in the
/// class's own `__init__`.
fn opening_call<'m, 'a>(ctx: &Context<'m, 'a>, class: ClassId) -> Option<&'m Call<'a>> {
    let model = ctx.model;
    let init = model.scopes.method(class, "__init__")?;
    model.calls.iter().find(|call| {
        if call.scope != Some(init) {
            return false;
        }
        let Expr::Attribute(attr) = &*call.expr.func else {
            return false;
        };
        if attr.attr.as_str() != "__init__" {
            return false;
        }
        match &*attr.value {
            Expr::Call(inner) => matches!(&*inner.func, Expr::Name(n) if n.id.as_str() == "super"),
            other => model
                .resolve(other, call.scope)
                .is_some_and(|q| CONNECTION_CLASSES.contains(&q.as_str())),
        }
    })
}

/// The PRAGMAs the class's methods run (on `self`, a cursor of it, or any
/// statement in them).
fn class_pragmas(ctx: &Context<'_, '_>, class: ClassId) -> PragmaSet {
    let model = ctx.model;
    let mut out = PragmaSet::default();
    for call in &model.calls {
        if model.scopes.enclosing_class(call.scope) != Some(class) {
            continue;
        }
        let Some(arg) = call.expr.arguments.args.first() else {
            continue;
        };
        let Some(value) = string_value(model, arg, call.scope, call.range().start()) else {
            continue;
        };
        if let SqlKind::Pragma(pragma) = crate::semantic::sql::classify(&value.sketch()) {
            match pragma.name {
                Some(name) if pragma.value.is_some() || pragma.value_is_hole => {
                    out.insert(name, pragma.value);
                }
                Some(_) => {}
                None => out.dynamic = true,
            }
        }
    }
    out
}
