//! A schema upgrade step: a function that changes the schema (`ALTER TABLE`,
//! `CREATE ...`, a script of them) and that the module calls only when the
//! stored schema version is older: every call of it sits under an `if` that
//! compares a version (`if current_version < 3: self._upgrade_2_to_3()`).
//!
//! Such a step runs once per database, the first time a newer program meets an
//! older file; afterwards the version test skips it for good. A connection it
//! opens for itself (connect, run the script, close) is not a connection the
//! program's concurrent work shares: its journal settings, its close on an
//! exception path and its read of the version before the write cost once, at
//! one start-up, not under load.
//!
//! Not this shape: a function that runs DDL on every call (a `CREATE TABLE IF
//! NOT EXISTS` in a request path), or one called anywhere without a version
//! test around the call.

use ruff_python_ast::{Expr, Stmt};
use ruff_text_size::{Ranged, TextRange};

use super::connections;
use super::model::Model;
use super::scopes::FuncId;
use super::sql::SqlKind;
use super::visit;

/// Whether function `scope` is a schema upgrade step of this module.
pub fn is_upgrade_step(model: &Model<'_>, scope: FuncId) -> bool {
    let def = model.scopes.function(scope).def;
    if !runs_ddl(model, scope) {
        return false;
    }
    let name = def.name.as_str();
    let calls: Vec<TextRange> = model
        .calls_named(name)
        .filter(|c| c.scope != Some(scope))
        .map(|c| c.range())
        .collect();
    if calls.is_empty() {
        return false;
    }
    let mut gated = Vec::new();
    version_gated_bodies(model.suite, &mut gated);
    calls
        .iter()
        .all(|call| gated.iter().any(|body| body.contains_range(*call)))
}

/// A statement of the function changes the schema.
fn runs_ddl(model: &Model<'_>, scope: FuncId) -> bool {
    model.calls_in(Some(scope)).any(|c| {
        connections::sql_of(model, c).is_some_and(|(kinds, _)| kinds.contains(&SqlKind::Ddl))
    })
}

/// The ranges of the bodies of `if` statements whose test compares a version
/// (nested functions included: a method's `if` is as good as a module's).
fn version_gated_bodies(suite: &[Stmt], out: &mut Vec<TextRange>) {
    for stmt in suite {
        if let Stmt::If(s) = stmt {
            if compares_version(&s.test) {
                out.extend(span(&s.body));
            }
            for clause in &s.elif_else_clauses {
                if clause.test.as_ref().is_some_and(compares_version) {
                    out.extend(span(&clause.body));
                }
            }
        }
        for child in visit::child_suites(stmt) {
            version_gated_bodies(child, out);
        }
    }
}

fn span(body: &[Stmt]) -> Option<TextRange> {
    Some(TextRange::new(body.first()?.start(), body.last()?.end()))
}

/// `version < 3`, `self.schema_version != LATEST`, `db_version in (1, 2)`: a
/// comparison one of whose sides names a version.
fn compares_version(test: &Expr) -> bool {
    match test {
        Expr::Compare(c) => std::iter::once(&*c.left)
            .chain(c.comparators.iter())
            .any(names_version),
        Expr::BoolOp(b) => b.values.iter().any(compares_version),
        _ => false,
    }
}

fn names_version(expr: &Expr) -> bool {
    visit::any_sub_expr(expr, |e| {
        let word = match e {
            Expr::Name(n) => n.id.as_str(),
            Expr::Attribute(a) => a.attr.as_str(),
            Expr::StringLiteral(s) => s.value.to_str(),
            _ => return false,
        };
        word.to_ascii_lowercase().contains("version")
    })
}
