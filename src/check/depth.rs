//! A bound on nesting. The parser grows its own stack, so it reads a chain of
//! 20,000 `+` (or `.b`, `[0]`, `not`); everything after it (the model, the codemods,
//! even freeing the tree) recurses once per level and would overflow. CPython itself
//! stops compiling near 3,000 levels (RecursionError), so a module nested deeper
//! than `LIMIT` is not code anyone runs: it is reported as not checked.

use ruff_python_ast::visitor::{self, Visitor};
use ruff_python_ast::{Expr, ModModule, Stmt};
use ruff_text_size::{Ranged, TextSize};

/// Levels of statements and expressions, counted together.
pub const LIMIT: usize = 5_000;

/// Where the nesting first passes `LIMIT`, if it does.
pub fn too_deep(module: &ModModule) -> Option<TextSize> {
    let mut walk = Depth {
        depth: 0,
        found: None,
    };
    walk.visit_body(&module.body);
    walk.found
}

struct Depth {
    depth: usize,
    found: Option<TextSize>,
}

impl Depth {
    /// Goes one level down unless the limit is passed; never deeper than `LIMIT`.
    fn enter(&mut self, at: TextSize) -> bool {
        if self.found.is_some() {
            return false;
        }
        if self.depth >= LIMIT {
            self.found = Some(at);
            return false;
        }
        self.depth += 1;
        true
    }
}

impl<'a> Visitor<'a> for Depth {
    fn visit_stmt(&mut self, stmt: &'a Stmt) {
        if self.enter(stmt.start()) {
            visitor::walk_stmt(self, stmt);
            self.depth -= 1;
        }
    }

    fn visit_expr(&mut self, expr: &'a Expr) {
        if self.enter(expr.start()) {
            visitor::walk_expr(self, expr);
            self.depth -= 1;
        }
    }
}
