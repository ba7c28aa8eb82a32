//! Loops around a statement: which ones enclose it in its own function, whether it
//! runs on every iteration, and which loops are retry loops rather than work loops.

use ruff_python_ast::visitor::{self, Visitor};
use ruff_python_ast::{Expr, Stmt};
use ruff_text_size::{Ranged, TextRange};

use crate::fix::codegen;

/// The statements enclosing `target` inside its innermost function (or the
/// module), outermost first.
pub fn local_ancestors(suite: &[Stmt], target: TextRange) -> Vec<&Stmt> {
    let all = codegen::ancestors(suite, target);
    let start = all
        .iter()
        .rposition(|s| matches!(s, Stmt::FunctionDef(_) | Stmt::ClassDef(_)))
        .map_or(0, |i| i + 1);
    all[start..].to_vec()
}

/// The `for`/`while` loops around `target` in its own function, innermost first.
pub fn enclosing_loops(suite: &[Stmt], target: TextRange) -> Vec<&Stmt> {
    let mut loops: Vec<&Stmt> = local_ancestors(suite, target)
        .into_iter()
        .filter(|s| {
            matches!(s, Stmt::For(_) | Stmt::While(_))
                && loop_body(s)
                    .iter()
                    .any(|b| b.range().contains_range(target))
        })
        .collect();
    loops.reverse();
    loops
}

/// The body of a `for` or `while` loop (not its `else`).
pub fn loop_body(stmt: &Stmt) -> &[Stmt] {
    match stmt {
        Stmt::For(f) => &f.body,
        Stmt::While(w) => &w.body,
        _ => &[],
    }
}

/// Whether `target`, inside `loop_stmt`'s body, runs on every iteration that gets
/// that far: only `with` blocks and `try` bodies lie between, no `if`, `match`,
/// `except` or inner loop.
pub fn runs_every_iteration(loop_stmt: &Stmt, target: TextRange) -> bool {
    let mut suite = loop_body(loop_stmt);
    loop {
        let Some(stmt) = suite.iter().find(|s| s.range().contains_range(target)) else {
            return false;
        };
        if stmt.range() == target {
            return true;
        }
        suite = match stmt {
            Stmt::With(w) => &w.body,
            Stmt::Try(t) if t.body.iter().any(|s| s.range().contains_range(target)) => &t.body,
            Stmt::Try(t) if t.finalbody.iter().any(|s| s.range().contains_range(target)) => {
                &t.finalbody
            }
            _ => return false,
        };
    }
}

/// Whether every turn of `loop_stmt` that reaches `target` then leaves the
/// function (a `return` or `raise` after it, in a suite around it inside the
/// loop) or, when `break_leaves`, the loop: the code at `target` runs at most
/// once per pass over the loop. A request handler that finds the item it
/// wants, starts one rebuild thread and returns starts one thread per call,
/// not one per item.
pub fn leaves_after(loop_stmt: &Stmt, target: TextRange, break_leaves: bool) -> bool {
    let mut suite = loop_body(loop_stmt);
    loop {
        let Some(i) = suite.iter().position(|s| s.range().contains_range(target)) else {
            return false;
        };
        let leaves = |s: &Stmt| {
            matches!(s, Stmt::Return(_) | Stmt::Raise(_))
                || (break_leaves && matches!(s, Stmt::Break(_)))
        };
        // `return start(x)`: the statement itself leaves.
        if leaves(&suite[i]) || suite[i + 1..].iter().any(leaves) {
            return true;
        }
        if suite[i].range() == target {
            return false;
        }
        let inner = crate::semantic::visit::block_suites(&suite[i]);
        let Some(next) = inner
            .into_iter()
            .find(|s| s.iter().any(|st| st.range().contains_range(target)))
        else {
            return false;
        };
        suite = next;
    }
}

/// `for attempt in range(5): try: ...; break / else: break` (or `else: return`) and `while True` with
/// a `break` after success: a loop that repeats one piece of work until it works.
pub fn is_retry_loop(stmt: &Stmt) -> bool {
    let body = loop_body(stmt);
    let breaks_on_success = body.iter().any(|s| match s {
        Stmt::Try(t) => {
            t.orelse
                .iter()
                .any(|s| matches!(s, Stmt::Break(_) | Stmt::Return(_)))
                || t.body.last().is_some_and(leaves_loop)
        }
        Stmt::Break(_) => true,
        _ => false,
    });
    let retries_on_error = body.iter().any(|s| match s {
        Stmt::Try(t) => !t.handlers.is_empty(),
        _ => false,
    });
    breaks_on_success && retries_on_error
}

/// A statement that, once it completes, has left the loop: `break`, `return`,
/// or a block whose every path ends so (`with closing(connect(...)) as conn:
/// ...; return rows`, an `if` whose both branches return). The next turn of
/// the loop runs only after an exception, which is what a retry is.
fn leaves_loop(stmt: &Stmt) -> bool {
    match stmt {
        Stmt::Break(_) | Stmt::Return(_) => true,
        Stmt::With(w) => w.body.last().is_some_and(leaves_loop),
        Stmt::If(i) => {
            i.body.last().is_some_and(leaves_loop)
                && i.elif_else_clauses.last().is_some_and(|c| c.test.is_none())
                && i.elif_else_clauses
                    .iter()
                    .all(|c| c.body.last().is_some_and(leaves_loop))
        }
        _ => false,
    }
}

/// `if conn is None: conn = connect(...)` (or `if not self._db:`) inside
/// `body` (a loop's or a function's): the assignment at `stmt` runs the first
/// time only, however often `body` runs, because the guard tests the very
/// name it assigns.
pub fn guarded_to_run_once(text: &str, body: &[Stmt], stmt: &Stmt) -> bool {
    let targets: Vec<&Expr> = match stmt {
        Stmt::Assign(a) => a.targets.iter().collect(),
        Stmt::AnnAssign(a) => vec![&*a.target],
        _ => return false,
    };
    let slice = |e: &Expr| &text[e.range()];
    let assigned: Vec<&str> = targets.into_iter().map(slice).collect();
    codegen::ancestors(body, stmt.range())
        .into_iter()
        .any(|s| match s {
            Stmt::If(i)
                if i.body
                    .iter()
                    .any(|b| b.range().contains_range(stmt.range())) =>
            {
                unset_tests(&i.test)
                    .into_iter()
                    .any(|tested| assigned.contains(&slice(tested)))
            }
            _ => false,
        })
}

/// The expressions `test` finds unset: `x is None`, `not x`, and either side
/// of an `or` of those.
fn unset_tests(test: &Expr) -> Vec<&Expr> {
    match test {
        Expr::Compare(c)
            if c.ops.len() == 1
                && c.ops[0] == ruff_python_ast::CmpOp::Is
                && c.comparators[0].is_none_literal_expr() =>
        {
            vec![&*c.left]
        }
        Expr::UnaryOp(u) if u.op == ruff_python_ast::UnaryOp::Not => vec![&*u.operand],
        Expr::BoolOp(b) if b.op == ruff_python_ast::BoolOp::Or => {
            b.values.iter().flat_map(unset_tests).collect()
        }
        _ => Vec::new(),
    }
}

/// Whether the call at `target` sits in a comprehension or generator expression
/// inside `stmt` (so it runs once per item).
pub fn in_comprehension(stmt: &Stmt, target: TextRange) -> bool {
    struct Finder {
        target: TextRange,
        depth: usize,
        found: bool,
    }
    impl<'a> Visitor<'a> for Finder {
        fn visit_stmt(&mut self, stmt: &'a Stmt) {
            if !matches!(stmt, Stmt::FunctionDef(_) | Stmt::ClassDef(_)) {
                visitor::walk_stmt(self, stmt);
            }
        }
        fn visit_expr(&mut self, expr: &'a Expr) {
            if self.found || !expr.range().contains_range(self.target) {
                return;
            }
            if expr.range() == self.target {
                self.found = self.depth > 0;
                return;
            }
            let comprehension = matches!(
                expr,
                Expr::ListComp(_) | Expr::SetComp(_) | Expr::DictComp(_) | Expr::Generator(_)
            );
            if comprehension {
                self.depth += 1;
            }
            visitor::walk_expr(self, expr);
            if comprehension {
                self.depth -= 1;
            }
        }
    }
    let mut finder = Finder {
        target,
        depth: 0,
        found: false,
    };
    match stmt {
        // Only the header: the body's statements are other statements.
        Stmt::For(f) => finder.visit_expr(&f.iter),
        Stmt::While(w) => finder.visit_expr(&w.test),
        Stmt::If(i) => finder.visit_expr(&i.test),
        Stmt::With(w) => {
            for item in &w.items {
                finder.visit_expr(&item.context_expr);
            }
        }
        _ => finder.visit_stmt(stmt),
    }
    finder.found
}

/// The whole line(s) of a compound statement's header, from its start to the end
/// of the line holding the colon before its body: `None` when the header and the
/// body share a line.
pub fn header_lines(text: &str, stmt: &Stmt, body: &[Stmt]) -> Option<TextRange> {
    let first = body.first()?;
    let start = codegen::line_start(text, stmt.start());
    let body_line = codegen::line_start(text, first.start());
    if body_line <= start {
        return None;
    }
    let header = &text[TextRange::new(start, body_line)];
    if header.trim_end().ends_with(':') || header.contains('#') {
        Some(TextRange::new(start, body_line))
    } else {
        None
    }
}

/// Whether `expr` reads a name that `loop_stmt` binds on each iteration: its
/// target, or a name assigned in its body. `for path in shards: connect(path)`
/// opens one database per item, not the same one again.
pub fn depends_on_loop(loop_stmt: &Stmt, expr: &Expr) -> bool {
    let bound = loop_bound_names(loop_stmt);
    names_read(expr).iter().any(|n| bound.contains(n))
}

/// Whether any argument of a call (positional or keyword) depends on the loop,
/// as [`depends_on_loop`]: `connect(path)` inside `for path in shards:`.
pub fn arguments_depend_on_loop(loop_stmt: &Stmt, arguments: &ruff_python_ast::Arguments) -> bool {
    let bound = loop_bound_names(loop_stmt);
    arguments
        .args
        .iter()
        .chain(arguments.keywords.iter().map(|k| &k.value))
        .any(|a| names_read(a).iter().any(|n| bound.contains(n)))
}

fn loop_bound_names(loop_stmt: &Stmt) -> Vec<String> {
    super::visit::names_stored(std::slice::from_ref(loop_stmt))
        .into_iter()
        .map(|(n, _)| n)
        .collect()
}

/// The names an expression reads.
pub fn names_read(expr: &Expr) -> Vec<String> {
    struct Reads(Vec<String>);
    impl<'a> Visitor<'a> for Reads {
        fn visit_expr(&mut self, expr: &'a Expr) {
            if let Expr::Name(name) = expr {
                if name.ctx == ruff_python_ast::ExprContext::Load {
                    self.0.push(name.id.to_string());
                }
            }
            visitor::walk_expr(self, expr);
        }
    }
    let mut reads = Reads(Vec::new());
    reads.visit_expr(expr);
    reads.0
}
