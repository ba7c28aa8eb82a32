//! A context manager that opens a connection for each block and, on leaving
//! it, calls `commit()` and then `close()` with nothing making the close
//! unconditional: a `@contextmanager` generator (`conn = connect(p)`, `yield
//! conn`, `conn.commit()`, `conn.close()`) or a class whose `__enter__` (or
//! `__init__`) opens `self.<attr>` and whose `__exit__` commits and closes it.
//!
//! Two ways the close is skipped. The block raises: in the generator the
//! exception comes out of the `yield` and neither line after it runs. The
//! commit raises (`database is locked` after the busy timeout, a constraint
//! checked at commit): the close on the next line never runs. Either way the
//! connection, with the write transaction the block began and its lock, stays
//! open until the cyclic garbage collector runs (docs/sqlite-facts.md#F-exception-drop).
//! An `__exit__` that commits without looking at its exception also commits
//! the half-done work of a block that raised.
//!
//! Left alone: a `close()` in a `finally`, a connection wrapped in
//! `closing(...)` or opened by `with`, an exit that rolls back in `except` and
//! closes in `finally`. Advice only: the repair (commit on success, roll back
//! on error, close in `finally`) is what the maintainer writes; wrapping the
//! lines in `try/finally` alone keeps behaviour on success and changes only
//! what happens on an error (the close now runs), while skipping the commit
//! after a raising block changes what is stored.

use ruff_python_ast::{Expr, Stmt};
use ruff_text_size::{Ranged, TextRange};

use super::super::{Context, Meta};
use crate::finding::Finding;
use crate::semantic::connections::{ConnSite, Driver, Holder};
use crate::semantic::constructions;
use crate::semantic::{Model, visit};

pub fn check(
    meta: &'static Meta,
    ctx: &Context<'_, '_>,
    sites: &[ConnSite<'_, '_>],
    out: &mut Vec<Finding>,
) {
    let model = ctx.model;
    let mut seen: Vec<TextRange> = Vec::new();
    for site in sites {
        if !matches!(site.driver, Driver::Sqlite3 | Driver::Factory(_))
            || site.outer != site.call.range()
            || model.slice(site.outer).starts_with("await")
        {
            continue;
        }
        let Some(scope) = site.scope() else {
            continue;
        };
        let function = model.scopes.function(scope);
        let found = match &site.holder {
            Holder::Local(name) if function.is_generator() && is_contextmanager(model, scope) => {
                match constructions::stored_on_self(model, scope, name) {
                    Some(_) => None,
                    None => generator_exit(&function.def.body, name, &format!("`{name}`")),
                }
            }
            Holder::SelfAttr(attr) if matches!(function.name(), "__enter__" | "__init__") => {
                exit_of_class(model, scope, attr)
            }
            Holder::Local(name) if matches!(function.name(), "__enter__" | "__init__") => {
                constructions::stored_on_self(model, scope, name)
                    .and_then(|attr| exit_of_class(model, scope, &attr))
            }
            _ => None,
        };
        let Some((commit, close, where_)) = found else {
            continue;
        };
        if seen.contains(&commit) {
            continue;
        }
        seen.push(commit);
        let (line, _) = model.line_column(close.start());
        let message = format!(
            "{where_} commits and then closes the connection it opened for the block with no `finally`: when the commit raises (a locked database) or the block raises, the close on line {line} never runs, and the connection keeps its write transaction and lock until the cyclic garbage collector runs (docs/sqlite-facts.md#F-exception-drop)"
        );
        out.push(Finding::new(meta, commit, message).with_note(
            "commit only when the block succeeded, roll back otherwise, and close in `finally` (`try: yield conn; conn.commit()` / `except: conn.rollback(); raise` / `finally: conn.close()`); adding only the `finally` keeps what is stored and changes only that the connection is closed on an error".to_string(),
        ));
    }
}

fn is_contextmanager(model: &Model<'_>, scope: crate::semantic::scopes::FuncId) -> bool {
    let def = model.scopes.function(scope).def;
    def.decorator_list.iter().any(|d| {
        model
            .slice(d.expression.range())
            .ends_with("contextmanager")
    })
}

/// `__exit__` of the class of `opener`: `self.<attr>.commit()` then
/// `self.<attr>.close()`, neither in a `try` that closes in `finally`.
fn exit_of_class(
    model: &Model<'_>,
    opener: crate::semantic::scopes::FuncId,
    attr: &str,
) -> Option<(TextRange, TextRange, String)> {
    let class = model.scopes.enclosing_class(Some(opener))?;
    let def = model.scopes.classes[class].def;
    let exit = def.body.iter().find_map(|s| match s {
        Stmt::FunctionDef(f) if f.name.as_str() == "__exit__" && !f.is_async => Some(f),
        _ => None,
    })?;
    let receiver = format!("self.{attr}");
    let (commit, close, _) = commit_then_close(&exit.body, &receiver)?;
    Some((
        commit,
        close,
        format!("`{}.__exit__`", model.scopes.classes[class].qualname),
    ))
}

/// A generator that yields the connection and commits and closes it after the
/// `yield`, the close outside any `finally`.
fn generator_exit(
    body: &[Stmt],
    name: &str,
    shown: &str,
) -> Option<(TextRange, TextRange, String)> {
    let (commit, close, after_yield) = commit_then_close(body, name)?;
    after_yield.then(|| (commit, close, format!("The context manager around {shown}")))
}

/// The first `<receiver>.commit()` followed, in the same statement list, by
/// `<receiver>.close()`, when no `finally` in `body` closes the receiver and
/// no `with` wraps it: the commit's and the close's ranges, and whether a
/// `yield` comes before the commit.
fn commit_then_close(body: &[Stmt], receiver: &str) -> Option<(TextRange, TextRange, bool)> {
    let closes_in_finally = visit::any_stmt(body, |s| match s {
        Stmt::Try(t) => t
            .finalbody
            .iter()
            .any(|f| method_call(f, receiver, "close")),
        // `with closing(conn):` closes it; `with conn:` only commits.
        Stmt::With(w) => w.items.iter().any(|i| {
            matches!(&i.context_expr, Expr::Call(_))
                && expr_text(&i.context_expr).is_some_and(|t| t == receiver)
        }),
        _ => false,
    });
    if closes_in_finally {
        return None;
    }
    let mut found = None;
    visit_lists(body, &mut |list: &[Stmt]| {
        if found.is_some() {
            return;
        }
        let Some(i) = list.iter().position(|s| method_call(s, receiver, "commit")) else {
            return;
        };
        let Some(j) = list[i + 1..]
            .iter()
            .position(|s| method_call(s, receiver, "close"))
        else {
            return;
        };
        let commit = list[i].range();
        let after_yield = visit::contains_yield(&list[..i])
            || body.iter().any(|s| {
                s.range().end() <= commit.start() && visit::contains_yield(std::slice::from_ref(s))
            });
        found = Some((commit, list[i + 1 + j].range(), after_yield));
    });
    found
}

/// Every statement list in `body` outside nested defs and classes, `body` first;
/// `finally` bodies are left out (a close there is unconditional).
fn visit_lists(body: &[Stmt], f: &mut dyn FnMut(&[Stmt])) {
    f(body);
    for s in body {
        match s {
            Stmt::If(b) => {
                visit_lists(&b.body, f);
                for c in &b.elif_else_clauses {
                    visit_lists(&c.body, f);
                }
            }
            Stmt::Try(t) => {
                visit_lists(&t.body, f);
                for h in &t.handlers {
                    let ruff_python_ast::ExceptHandler::ExceptHandler(h) = h;
                    visit_lists(&h.body, f);
                }
                visit_lists(&t.orelse, f);
            }
            Stmt::With(w) => visit_lists(&w.body, f),
            _ => {}
        }
    }
}

/// `<receiver>.<method>()` as a statement of its own.
fn method_call(stmt: &Stmt, receiver: &str, method: &str) -> bool {
    let Stmt::Expr(e) = stmt else {
        return false;
    };
    let Expr::Call(call) = &*e.value else {
        return false;
    };
    let Expr::Attribute(a) = &*call.func else {
        return false;
    };
    a.attr.as_str() == method && expr_text(&a.value).is_some_and(|t| t == receiver)
}

/// `name` or `self.attr` spelled out; other expressions have no text here.
fn expr_text(e: &Expr) -> Option<String> {
    match e {
        Expr::Name(n) => Some(n.id.to_string()),
        Expr::Attribute(a) => match &*a.value {
            Expr::Name(n) if n.id.as_str() == "self" => Some(format!("self.{}", a.attr)),
            _ => None,
        },
        Expr::Call(c) if c.arguments.args.len() == 1 => {
            // `closing(conn)`: the receiver it wraps.
            let callee = match &*c.func {
                Expr::Name(n) => n.id.as_str(),
                Expr::Attribute(a) => a.attr.as_str(),
                _ => return None,
            };
            (callee == "closing")
                .then(|| expr_text(&c.arguments.args[0]))
                .flatten()
        }
        _ => None,
    }
}
