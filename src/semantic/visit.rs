//! Small read-only walks over statements that stay inside one scope: they do not
//! descend into nested `def`, `class` or `lambda`, whose code runs elsewhere.

use ruff_python_ast::visitor::{self, Visitor};
use ruff_python_ast::{self as ast, Expr, ExprContext, Stmt};
use ruff_text_size::{Ranged, TextRange};

struct ScopeWalker<F: FnMut(Node<'_>) -> bool> {
    callback: F,
    stop: bool,
}

/// A node reached by [`any_node`].
#[derive(Clone, Copy)]
pub enum Node<'a> {
    Stmt(&'a Stmt),
    Expr(&'a Expr),
}

impl<'a, F: FnMut(Node<'_>) -> bool> Visitor<'a> for ScopeWalker<F> {
    fn visit_stmt(&mut self, stmt: &'a Stmt) {
        if self.stop {
            return;
        }
        if (self.callback)(Node::Stmt(stmt)) {
            self.stop = true;
            return;
        }
        match stmt {
            Stmt::FunctionDef(_) | Stmt::ClassDef(_) => {}
            _ => visitor::walk_stmt(self, stmt),
        }
    }

    fn visit_expr(&mut self, expr: &'a Expr) {
        if self.stop {
            return;
        }
        if (self.callback)(Node::Expr(expr)) {
            self.stop = true;
            return;
        }
        if !expr.is_lambda_expr() {
            visitor::walk_expr(self, expr);
        }
    }
}

/// Whether `predicate` holds for any statement or expression in `body`, nested
/// scopes excluded.
pub fn any_node(body: &[Stmt], predicate: impl FnMut(Node<'_>) -> bool) -> bool {
    let mut walker = ScopeWalker {
        callback: predicate,
        stop: false,
    };
    for stmt in body {
        walker.visit_stmt(stmt);
    }
    walker.stop
}

pub fn contains_yield(body: &[Stmt]) -> bool {
    any_node(body, |node| {
        matches!(node, Node::Expr(Expr::Yield(_) | Expr::YieldFrom(_)))
    })
}

pub fn contains_await(body: &[Stmt]) -> bool {
    any_node(body, |node| {
        matches!(node, Node::Expr(Expr::Await(_)))
            || matches!(node, Node::Stmt(Stmt::For(f)) if f.is_async)
            || matches!(node, Node::Stmt(Stmt::With(w)) if w.is_async)
    })
}

/// Whether anything in `body` within `range` can suspend a coroutine: an
/// `await`, `async for` or `async with` that overlaps it.
pub fn awaits_within(body: &[Stmt], range: TextRange) -> bool {
    !suspensions_within(body, range).is_empty()
}

/// The points of `body` that can suspend a coroutine (an `await`, an `async
/// for` or `async with` statement) and overlap `range`, each with its range.
pub fn suspensions_within(body: &[Stmt], range: TextRange) -> Vec<TextRange> {
    struct Found {
        range: TextRange,
        out: Vec<TextRange>,
    }
    impl<'a> Visitor<'a> for Found {
        fn visit_stmt(&mut self, stmt: &'a Stmt) {
            let suspends = match stmt {
                Stmt::For(f) if f.is_async => Some(f.range),
                Stmt::With(w) if w.is_async => Some(w.range),
                _ => None,
            };
            self.note(suspends);
            visitor::walk_stmt(self, stmt);
        }
        fn visit_expr(&mut self, expr: &'a Expr) {
            if let Expr::Await(e) = expr {
                self.note(Some(e.range()));
            }
            visitor::walk_expr(self, expr);
        }
    }
    impl Found {
        fn note(&mut self, at: Option<TextRange>) {
            if let Some(r) = at {
                if r.intersect(self.range).is_some_and(|i| !i.is_empty()) {
                    self.out.push(r);
                }
            }
        }
    }
    let mut found = Found {
        range,
        out: Vec::new(),
    };
    for stmt in body {
        found.visit_stmt(stmt);
    }
    found.out
}

/// Names read (`Load`) in `body`, nested scopes included (closures read them too),
/// with the range of each read.
pub fn names_loaded(body: &[Stmt]) -> Vec<(String, TextRange)> {
    struct Loads(Vec<(String, TextRange)>);
    impl<'a> Visitor<'a> for Loads {
        fn visit_expr(&mut self, expr: &'a Expr) {
            if let Expr::Name(name) = expr {
                if name.ctx == ExprContext::Load {
                    self.0.push((name.id.to_string(), name.range()));
                }
            }
            visitor::walk_expr(self, expr);
        }
    }
    let mut loads = Loads(Vec::new());
    for stmt in body {
        loads.visit_stmt(stmt);
    }
    loads.0
}

/// Names bound (`Store`, `del`, imports, defs) directly in `body`'s scope.
pub fn names_stored(body: &[Stmt]) -> Vec<(String, TextRange)> {
    let mut out = Vec::new();
    any_node(body, |node| {
        match node {
            Node::Expr(Expr::Name(name)) if name.ctx != ExprContext::Load => {
                out.push((name.id.to_string(), name.range()));
            }
            Node::Stmt(Stmt::FunctionDef(def)) => out.push((def.name.to_string(), def.range())),
            Node::Stmt(Stmt::ClassDef(def)) => out.push((def.name.to_string(), def.range())),
            Node::Stmt(Stmt::Import(import)) => {
                for alias in &import.names {
                    let name = alias
                        .asname
                        .as_ref()
                        .map(|a| a.to_string())
                        .unwrap_or_else(|| alias.name.split('.').next().unwrap_or("").to_string());
                    out.push((name, alias.range()));
                }
            }
            Node::Stmt(Stmt::ImportFrom(import)) => {
                for alias in &import.names {
                    let name = alias.asname.as_ref().unwrap_or(&alias.name).to_string();
                    out.push((name, alias.range()));
                }
            }
            _ => {}
        }
        false
    });
    out
}

/// Whether `body` (nested scopes excluded) has a statement for which `predicate` holds.
pub fn any_stmt(body: &[Stmt], mut predicate: impl FnMut(&Stmt) -> bool) -> bool {
    any_node(body, |node| matches!(node, Node::Stmt(s) if predicate(s)))
}

/// Whether `body` (nested scopes excluded) has an expression for which `predicate` holds.
pub fn any_expr(body: &[Stmt], mut predicate: impl FnMut(&Expr) -> bool) -> bool {
    any_node(body, |node| matches!(node, Node::Expr(e) if predicate(e)))
}

/// The first answer `f` gives for a call of `body` (nested scopes excluded),
/// in the order [`any_expr`] visits them.
pub fn find_call<T>(
    body: &[Stmt],
    mut f: impl FnMut(&ruff_python_ast::ExprCall) -> Option<T>,
) -> Option<T> {
    let mut found = None;
    any_expr(body, |expr| {
        if let Expr::Call(call) = expr {
            found = f(call);
        }
        found.is_some()
    });
    found
}

/// Whether `predicate` holds for `expr` or any expression inside it (lambdas included).
pub fn any_sub_expr(expr: &Expr, predicate: impl FnMut(&Expr) -> bool) -> bool {
    struct Walker<F> {
        predicate: F,
        found: bool,
    }
    impl<'a, F: FnMut(&Expr) -> bool> Visitor<'a> for Walker<F> {
        fn visit_expr(&mut self, expr: &'a Expr) {
            if self.found {
                return;
            }
            if (self.predicate)(expr) {
                self.found = true;
                return;
            }
            visitor::walk_expr(self, expr);
        }
    }
    let mut walker = Walker {
        predicate,
        found: false,
    };
    walker.visit_expr(expr);
    walker.found
}

/// Whether a `break`/`continue` in `stmts` leaves them (rather than one of their own
/// loops): such statements cannot move into a function or a thread as one piece.
pub fn breaks_out(stmts: &[Stmt], in_loop: bool) -> bool {
    stmts.iter().any(|stmt| match stmt {
        Stmt::Break(_) | Stmt::Continue(_) => !in_loop,
        Stmt::For(f) => breaks_out(&f.body, true) || breaks_out(&f.orelse, in_loop),
        Stmt::While(w) => breaks_out(&w.body, true) || breaks_out(&w.orelse, in_loop),
        Stmt::FunctionDef(_) | Stmt::ClassDef(_) => false,
        other => child_suites(other)
            .into_iter()
            .any(|s| breaks_out(s, in_loop)),
    })
}

/// The statement lists nested directly in a compound statement, function and
/// class bodies included.
pub fn child_suites(stmt: &Stmt) -> Vec<&[Stmt]> {
    match stmt {
        Stmt::FunctionDef(s) => vec![&s.body],
        Stmt::ClassDef(s) => vec![&s.body],
        Stmt::For(s) => vec![&s.body, &s.orelse],
        Stmt::While(s) => vec![&s.body, &s.orelse],
        Stmt::If(s) => {
            let mut v: Vec<&[Stmt]> = vec![&s.body];
            v.extend(s.elif_else_clauses.iter().map(|c| c.body.as_slice()));
            v
        }
        Stmt::With(s) => vec![&s.body],
        Stmt::Try(s) => {
            let mut v: Vec<&[Stmt]> = vec![&s.body];
            v.extend(s.handlers.iter().map(|h| match h {
                ast::ExceptHandler::ExceptHandler(h) => h.body.as_slice(),
            }));
            v.push(&s.orelse);
            v.push(&s.finalbody);
            v
        }
        Stmt::Match(s) => s.cases.iter().map(|c| c.body.as_slice()).collect(),
        _ => Vec::new(),
    }
}

/// `self.<attr>`, read or written.
pub fn is_self_attr(e: &Expr, attr: &str) -> bool {
    matches!(e, Expr::Attribute(a) if a.attr.as_str() == attr
        && matches!(&*a.value, Expr::Name(n) if n.id.as_str() == "self"))
}

/// The values a function body returns (nested functions excluded).
pub fn returned_values<'a>(body: &'a [Stmt], out: &mut Vec<&'a ruff_python_ast::Expr>) {
    for stmt in body {
        if let Stmt::Return(r) = stmt {
            out.extend(r.value.as_deref());
        }
        for suite in block_suites(stmt) {
            returned_values(suite, out);
        }
    }
}

/// The statement lists nested in a compound statement that run in the same
/// scope: [`child_suites`] without function and class bodies.
pub fn block_suites(stmt: &Stmt) -> Vec<&[Stmt]> {
    match stmt {
        Stmt::FunctionDef(_) | Stmt::ClassDef(_) => Vec::new(),
        _ => child_suites(stmt),
    }
}

/// Every statement of a function body in source order, nested blocks included,
/// nested `def` and `class` bodies excluded.
pub fn scope_stmts(body: &[Stmt]) -> Vec<&Stmt> {
    let mut out = Vec::new();
    for stmt in body {
        out.push(stmt);
        for suite in block_suites(stmt) {
            out.extend(scope_stmts(suite));
        }
    }
    out
}

/// Names an expression reads (lambdas and comprehensions included).
pub fn loaded_names(expr: &Expr) -> Vec<String> {
    struct Loads(Vec<String>);
    impl<'a> Visitor<'a> for Loads {
        fn visit_expr(&mut self, expr: &'a Expr) {
            if let Expr::Name(n) = expr {
                if n.ctx == ExprContext::Load {
                    self.0.push(n.id.to_string());
                }
            }
            visitor::walk_expr(self, expr);
        }
    }
    let mut loads = Loads(Vec::new());
    loads.visit_expr(expr);
    loads.0
}
