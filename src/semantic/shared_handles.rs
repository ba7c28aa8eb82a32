//! Connections that code reaches by name rather than by a call: a module-level
//! sqlite3 connection or cursor (`con = sqlite3.connect(p)`, `cursor =
//! con.cursor()` in a `setup` module), and the attributes of a class whose
//! methods open one onto `self` (`self.con = sqlite3.connect(p)`, `self.cursor =
//! self.con.cursor()`), reached through an instance (`config.cursor`). Other
//! modules import them (`from setup import cursor, con`, `import setup` then
//! `setup.cursor`, `from . import db` then `db.cursor`, `from config import
//! config`) and run their queries inline, with no helper function between: the
//! call graph alone never sees them.
//!
//! Each handle names the connection it is or was made from: findings about a
//! cursor and about its connection share one root cause. Where a use names
//! one is handle_uses.rs.

use ruff_python_ast::{Expr, Stmt};

use super::connections::{self, ConnKey, ConnSite, Driver};
use super::model::{Model, Target};
use super::scopes::FuncId;

/// A connection or cursor held in a module global or a class attribute.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Handle {
    /// The class (its qualname) whose instances hold it; `None` for a global.
    pub class: Option<String>,
    /// The global's or the attribute's name.
    pub name: String,
    /// The connection it is, or that it was made from (a global or attribute
    /// name): the root cause every use of it shares.
    pub conn: String,
    /// Line of the connect.
    pub line: usize,
    /// Opened with `check_same_thread=False`.
    pub any_thread: bool,
}

/// The module's handles: its sqlite3 connections held in globals or on
/// `self`, and the cursors made from them and held the same way.
pub fn of_module(model: &Model<'_>, sites: &[ConnSite<'_, '_>]) -> Vec<Handle> {
    let mut out: Vec<Handle> = Vec::new();
    for site in sites.iter().filter(|s| s.driver != Driver::Aiosqlite) {
        let Some(key) = connections::key_of(model, site) else {
            continue;
        };
        let line = model.line_column(site.call.range().start()).0;
        let any_thread = site
            .call
            .keyword("check_same_thread")
            .is_some_and(|v| matches!(v, Expr::BooleanLiteral(b) if !b.value));
        match &key {
            ConnKey::Global { name } => {
                for alias in module_level_aliases(model, &key) {
                    push(
                        &mut out,
                        Handle {
                            class: None,
                            name: alias,
                            conn: name.clone(),
                            line,
                            any_thread,
                        },
                    );
                }
            }
            ConnKey::SelfAttr { class, attr } => {
                let qualname = model.scopes.classes[*class].qualname.clone();
                push(
                    &mut out,
                    Handle {
                        class: Some(qualname.clone()),
                        name: attr.clone(),
                        conn: attr.clone(),
                        line,
                        any_thread,
                    },
                );
                // `self.cursor = self.con.cursor()` in a method of the same class.
                for a in &model.assignments {
                    let Target::SelfAttr(target) = &a.target else {
                        continue;
                    };
                    if target == attr || model.scopes.enclosing_class(a.scope) != Some(*class) {
                        continue;
                    }
                    if made_from(model, &key, a.scope, a.value) {
                        push(
                            &mut out,
                            Handle {
                                class: Some(qualname.clone()),
                                name: target.clone(),
                                conn: attr.clone(),
                                line,
                                any_thread,
                            },
                        );
                    }
                }
            }
            ConnKey::Local { scope, .. } => {
                for handle in unpacked_from_helper(model, &key, *scope, line, any_thread) {
                    push(&mut out, handle);
                }
            }
        }
    }
    out
}

/// `self.conn, self.cursor = self._open_db(path)` in a method of a class whose
/// helper (a method of the class, or a module function) returns the
/// connection it opens and a cursor of it as a tuple (`return conn,
/// conn.cursor()`): each attribute holds what the tuple's element at its
/// position is, in whatever order the helper returns them.
fn unpacked_from_helper(
    model: &Model<'_>,
    key: &ConnKey,
    scope: Option<FuncId>,
    line: usize,
    any_thread: bool,
) -> Vec<Handle> {
    let Some(helper) = scope else {
        return Vec::new();
    };
    let ConnKey::Local { name: conn, .. } = key else {
        return Vec::new();
    };
    let aliases = connections::aliases(model, key);
    let is_alias = |name: &str| aliases.iter().any(|(s, a)| *s == Some(helper) && a == name);
    // Per position of the returned tuple: Some(true) the connection, Some(false)
    // a cursor of it.
    let mut roles: Option<Vec<Option<bool>>> = None;
    let f = model.scopes.function(helper);
    super::visit::any_stmt(&f.def.body, |stmt| {
        if let Stmt::Return(r) = stmt {
            if let Some(Expr::Tuple(t)) = r.value.as_deref() {
                let these: Vec<Option<bool>> = t
                    .elts
                    .iter()
                    .map(|e| match e {
                        Expr::Name(n) if n.id.as_str() == conn => Some(true),
                        Expr::Name(n) if is_alias(n.id.as_str()) => Some(false),
                        Expr::Call(c) => match &*c.func {
                            Expr::Attribute(a)
                                if a.attr.as_str() == "cursor"
                                    && matches!(&*a.value, Expr::Name(n) if is_alias(n.id.as_str())) =>
                            {
                                Some(false)
                            }
                            _ => None,
                        },
                        _ => None,
                    })
                    .collect();
                if these.iter().any(Option::is_some) && roles.is_none() {
                    roles = Some(these);
                }
            }
        }
        false
    });
    let Some(roles) = roles else {
        return Vec::new();
    };
    let helper_class = f.class;
    let helper_name = f.name();
    let mut out = Vec::new();
    for a in &model.assignments {
        let (Expr::Tuple(t), Expr::Call(call)) = (a.target_expr, a.value) else {
            continue;
        };
        if !matches!(a.target, Target::SelfAttr(_)) || t.elts.len() != roles.len() {
            continue;
        }
        let Some(class) = model.scopes.enclosing_class(a.scope) else {
            continue;
        };
        let calls_helper = match (&*call.func, helper_class) {
            (Expr::Attribute(m), Some(c)) => {
                c == class
                    && m.attr.as_str() == helper_name
                    && matches!(&*m.value, Expr::Name(n) if n.id.as_str() == "self")
            }
            (Expr::Name(n), None) => f.parent.is_none() && n.id.as_str() == helper_name,
            _ => false,
        };
        if !calls_helper {
            continue;
        }
        let attrs: Vec<Option<String>> = t
            .elts
            .iter()
            .map(|e| match e {
                Expr::Attribute(at) if matches!(&*at.value, Expr::Name(n) if n.id.as_str() == "self") => {
                    Some(at.attr.to_string())
                }
                _ => None,
            })
            .collect();
        let conn_attr = roles
            .iter()
            .zip(&attrs)
            .find_map(|(r, at)| (*r == Some(true)).then(|| at.clone()).flatten());
        let qualname = model.scopes.classes[class].qualname.clone();
        for (role, attr) in roles.iter().zip(&attrs) {
            let (Some(is_conn), Some(attr)) = (role, attr) else {
                continue;
            };
            let root = if *is_conn {
                attr.clone()
            } else {
                conn_attr.clone().unwrap_or_else(|| attr.clone())
            };
            out.push(Handle {
                class: Some(qualname.clone()),
                name: attr.clone(),
                conn: root,
                line,
                any_thread,
            });
        }
    }
    out
}

fn push(out: &mut Vec<Handle>, handle: Handle) {
    if !out
        .iter()
        .any(|h| h.class == handle.class && h.name == handle.name)
    {
        out.push(handle);
    }
}

/// The names bound at module level (or declared `global` where bound) to the
/// global connection `key` or to a cursor made from it.
fn module_level_aliases(model: &Model<'_>, key: &ConnKey) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    for (scope, name) in connections::aliases(model, key) {
        if (scope.is_none() || model.is_global_in(scope, &name)) && !names.contains(&name) {
            names.push(name);
        }
    }
    names
}

/// `value` is the connection `key` or `<it>.cursor()`.
fn made_from(model: &Model<'_>, key: &ConnKey, scope: Option<FuncId>, value: &Expr) -> bool {
    let refers = |e: &Expr| connections::refers_to(model, key, &[], scope, e);
    match value {
        Expr::Call(call) => {
            matches!(&*call.func, Expr::Attribute(a) if a.attr.as_str() == "cursor" && refers(&a.value))
        }
        other => refers(other),
    }
}

/// `aliases` of a module-global connection, with the names bound at module
/// level (`cursor = con.cursor()`) also seen from every function that neither
/// rebinds them nor takes them as a parameter, as Python resolves them.
pub fn seen_in_functions(
    model: &Model<'_>,
    key: &ConnKey,
    mut aliases: Vec<(Option<FuncId>, String)>,
) -> Vec<(Option<FuncId>, String)> {
    let ConnKey::Global { name: conn } = key else {
        return aliases;
    };
    let module_level: Vec<String> = aliases
        .iter()
        .filter(|(s, n)| s.is_none() && n != conn)
        .map(|(_, n)| n.clone())
        .collect();
    for name in module_level {
        for (id, f) in model.scopes.functions.iter().enumerate() {
            let rebinds = model.assigns_in(id, &name) && !model.is_global_in(Some(id), &name);
            let known = aliases.iter().any(|(s, n)| *s == Some(id) && *n == name);
            if !rebinds && !known && !f.has_parameter(&name) {
                aliases.push((Some(id), name.clone()));
            }
        }
    }
    aliases
}
