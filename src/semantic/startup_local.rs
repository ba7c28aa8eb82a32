//! A connection start-up code opens for its own work (`CREATE TABLE IF NOT
//! EXISTS`, loading rows into memory) and never hands on: nothing else runs
//! yet, and nothing uses that connection later.
//!
//! Its pragmas configure nothing anyone else uses (the WAL and busy-timeout
//! advice belongs at the connections the running program opens, which are
//! reported where they are), and leaving it to the garbage collector costs one
//! descriptor once. So SQF101, SQF111 and SQF202 are not reported on it
//! (check/scope.rs). A connection start-up code *keeps* (a global,
//! `self.conn`, `app.state.db`, returned, passed to a thread) is used later and
//! is reported as anywhere else.

use ruff_python_ast::visitor::{self, Visitor};
use ruff_python_ast::{Expr, ExprContext, Stmt};
use ruff_text_size::Ranged;

use super::connections::{ConnSite, Holder};
use super::model::Model;

/// Whether the connection made at `site` lives and dies in its function: held
/// in a local (or a `with` target) that is only ever a method's receiver.
pub fn stays_local(model: &Model<'_>, site: &ConnSite<'_, '_>) -> bool {
    let Some(scope) = site.scope() else {
        return false;
    };
    let name = match &site.holder {
        Holder::Local(name) => name.as_str(),
        Holder::WithItem {
            name: Some(name), ..
        } => name.as_str(),
        Holder::WithItem { name: None, .. } => return true,
        _ => return false,
    };
    let mut finder = Escape {
        name,
        escapes: false,
    };
    for stmt in &model.scopes.function(scope).def.body {
        finder.visit_stmt(stmt);
    }
    !finder.escapes
}

/// The call that serves (`server.serve_forever()`, `app.run()`) which the
/// function holding the `with` target makes after the block, the name still
/// bound: a `with` on a connection only ends its transaction
/// (docs/sqlite-facts.md#F-with-no-close), so the connection stays open in
/// that frame for as long as the server runs. None when the connection is no
/// `with` item, the function closes it (`conn.close()`, `closing(conn)`), or
/// hands it on (a constructor's argument, an assignment, a return or yield):
/// whoever keeps it then owns it.
pub fn held_while_serving<'a>(model: &Model<'a>, site: &ConnSite<'_, 'a>) -> Option<&'a str> {
    let Holder::WithItem {
        name: Some(name), ..
    } = &site.holder
    else {
        return None;
    };
    let scope = site.scope()?;
    let Stmt::With(with) = site.stmt() else {
        return None;
    };
    let serve = model
        .calls_in(Some(scope))
        .find(|c| c.range().start() >= with.end() && super::startup::blocks_serving(model, c))?;
    let mut kept = Kept { name, kept: false };
    for stmt in &model.scopes.function(scope).def.body {
        kept.visit_stmt(stmt);
    }
    (!kept.kept).then(|| model.slice(serve.expr.func.range()))
}

/// Finds where `name` is closed or handed on to someone who may keep it.
struct Kept<'n> {
    name: &'n str,
    kept: bool,
}

impl Kept<'_> {
    fn is_name(&self, expr: &Expr) -> bool {
        match expr {
            Expr::Name(n) => n.id.as_str() == self.name,
            Expr::Tuple(t) => t.elts.iter().any(|e| self.is_name(e)),
            Expr::List(l) => l.elts.iter().any(|e| self.is_name(e)),
            _ => false,
        }
    }
}

impl<'a> Visitor<'a> for Kept<'_> {
    fn visit_stmt(&mut self, stmt: &'a Stmt) {
        match stmt {
            Stmt::Assign(a) if self.is_name(&a.value) => self.kept = true,
            Stmt::AnnAssign(a) if a.value.as_deref().is_some_and(|v| self.is_name(v)) => {
                self.kept = true;
            }
            Stmt::Return(r) if r.value.as_deref().is_some_and(|v| self.is_name(v)) => {
                self.kept = true;
            }
            _ => visitor::walk_stmt(self, stmt),
        }
    }

    fn visit_expr(&mut self, expr: &'a Expr) {
        match expr {
            Expr::Yield(y) if y.value.as_deref().is_some_and(|v| self.is_name(v)) => {
                self.kept = true;
            }
            Expr::Call(call) => {
                let closes = matches!(&*call.func, Expr::Attribute(a)
                    if a.attr.as_str() == "close" && self.is_name(&a.value));
                let callee = match &*call.func {
                    Expr::Name(n) => n.id.as_str(),
                    Expr::Attribute(a) => a.attr.as_str(),
                    _ => "",
                };
                // `Store(conn)`, `closing(conn)`, `Thread(args=(conn,))`.
                let hands_on = (callee.starts_with(|c: char| c.is_ascii_uppercase())
                    || callee == "closing")
                    && (call.arguments.args.iter().any(|a| self.is_name(a))
                        || call
                            .arguments
                            .keywords
                            .iter()
                            .any(|k| self.is_name(&k.value)));
                if closes || hands_on {
                    self.kept = true;
                } else {
                    visitor::walk_expr(self, expr);
                }
            }
            _ => visitor::walk_expr(self, expr),
        }
    }
}

/// Finds a load of `name` that is not the receiver of an attribute.
struct Escape<'n> {
    name: &'n str,
    escapes: bool,
}

impl<'a> Visitor<'a> for Escape<'_> {
    fn visit_stmt(&mut self, stmt: &'a Stmt) {
        // A nested def or class may keep it for later.
        if matches!(stmt, Stmt::FunctionDef(_) | Stmt::ClassDef(_)) {
            let mut inner = Escape {
                name: self.name,
                escapes: false,
            };
            visitor::walk_stmt(&mut inner, stmt);
            self.escapes |= inner.escapes;
            return;
        }
        visitor::walk_stmt(self, stmt);
    }

    fn visit_expr(&mut self, expr: &'a Expr) {
        match expr {
            Expr::Attribute(attr) if matches!(&*attr.value, Expr::Name(n) if n.id.as_str() == self.name) =>
                {}
            Expr::Name(n) if n.id.as_str() == self.name && n.ctx == ExprContext::Load => {
                self.escapes = true;
            }
            _ => visitor::walk_expr(self, expr),
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::semantic::Model;
    use crate::semantic::connections;
    use std::path::Path;

    fn local(source: &str) -> Vec<bool> {
        let parsed = crate::check::parse(source).unwrap();
        let model = Model::build(Path::new("m.py"), source, parsed.suite(), parsed.tokens());
        connections::sites(&model, &connections::NoWrappers)
            .iter()
            .map(|s| super::stays_local(&model, s))
            .collect()
    }

    #[test]
    fn kept_or_handed_on_is_not_local() {
        let source = [
            "import sqlite3, threading",
            "def init_db():",
            "    conn = sqlite3.connect('a.db')",
            "    conn.execute('CREATE TABLE IF NOT EXISTS t (x)')",
            "    conn.commit()",
            "def open_shared():",
            "    conn = sqlite3.connect('a.db')",
            "    threading.Thread(target=work, args=(conn,)).start()",
            "def opener():",
            "    conn = sqlite3.connect('a.db')",
            "    return conn",
            "def with_block():",
            "    with sqlite3.connect('a.db') as conn:",
            "        conn.execute('CREATE TABLE IF NOT EXISTS t (x)')",
            "db = sqlite3.connect('a.db')",
        ]
        .join("\n");
        assert_eq!(local(&source), [true, false, false, true, false]);
    }
}
