//! A generator that keeps its connection open across a `yield` on one path
//! while its other paths close it first: the fallback of a caching generator
//! that lost the race for the write lock (`except OperationalError: yield from
//! uncached(path)`), a branch that yields before the close the main path runs.
//!
//! A generator is suspended at each `yield` for as long as its consumer likes:
//! the connection stays open meanwhile (a descriptor, and whatever the frame's
//! statements hold), and if the consumer drops the generator the close never
//! runs; the connection then waits for the cyclic garbage collector
//! (docs/sqlite-facts.md#F-unclosed-lingers). A path that closes before it
//! yields shows the code means to; the path that does not is the leak.
//!
//! What makes it a hazard is how many pile up: reported where the generator
//! recurses (each level's open connection stays open under the next one,
//! until descriptors run out) or the process stays up (a server calling it
//! per request). A generator that yields rows of its own query (`for row in
//! conn.execute(...): yield row`) needs the connection open, and one that
//! closes in a `finally` closes on every path: neither is reported.

use ruff_python_ast::{Expr, Stmt};
use ruff_text_size::{Ranged, TextRange, TextSize};

use super::{Context, UnclosedConnection};
use crate::codemods::Codemod;
use crate::finding::Finding;
use crate::fix::{Edit, Fix, codegen};
use crate::semantic::connections::ConnSite;
use crate::semantic::long_running;
use crate::semantic::model::Callee;
use crate::semantic::scopes::FuncId;
use crate::semantic::uses::{NameUse, UseKind, uses_of_name};
use crate::semantic::visit;

/// A `yield` statement of the generator after the connection was opened.
struct YieldAt<'a> {
    stmt: &'a Stmt,
    /// A `close()` of the connection ran before it on its path.
    closed: bool,
    /// The yield (or a loop around it) reads the connection: it needs it open.
    needs_it: bool,
    /// In an `except` handler of a `try` whose body used the connection: the
    /// path taken when a statement on it failed (a lost write race).
    after_failure: bool,
    /// The statement after it in its block, if any.
    next: Option<&'a Stmt>,
}

struct Walk<'u> {
    name: &'u str,
    uses: &'u [NameUse],
    opened: TextSize,
}

impl Walk<'_> {
    fn mentions(&self, range: TextRange) -> bool {
        self.uses.iter().any(|u| range.contains_range(u.range))
    }

    fn is_close(&self, stmt: &Stmt) -> bool {
        let Stmt::Expr(e) = stmt else {
            return false;
        };
        let Expr::Call(call) = e.value.as_ref() else {
            return false;
        };
        let Expr::Attribute(attr) = call.func.as_ref() else {
            return false;
        };
        attr.attr.as_str() == "close"
            && matches!(attr.value.as_ref(), Expr::Name(n) if n.id.as_str() == self.name)
    }

    fn block<'a>(
        &self,
        stmts: &'a [Stmt],
        mut closed: bool,
        needs_it: bool,
        after_failure: bool,
        out: &mut Vec<YieldAt<'a>>,
    ) {
        for (i, stmt) in stmts.iter().enumerate() {
            if self.is_close(stmt) {
                closed = true;
                continue;
            }
            match stmt {
                Stmt::FunctionDef(_) | Stmt::ClassDef(_) => {}
                Stmt::If(s) => {
                    self.block(&s.body, closed, needs_it, after_failure, out);
                    for clause in &s.elif_else_clauses {
                        self.block(&clause.body, closed, needs_it, after_failure, out);
                    }
                }
                Stmt::For(s) => {
                    let reads = needs_it || self.mentions(s.iter.range());
                    self.block(&s.body, closed, reads, after_failure, out);
                    self.block(&s.orelse, closed, needs_it, after_failure, out);
                }
                Stmt::While(s) => {
                    let reads = needs_it || self.mentions(s.test.range());
                    self.block(&s.body, closed, reads, after_failure, out);
                    self.block(&s.orelse, closed, needs_it, after_failure, out);
                }
                Stmt::With(s) => {
                    let reads = needs_it
                        || s.items
                            .iter()
                            .any(|item| self.mentions(item.context_expr.range()));
                    self.block(&s.body, closed, reads, after_failure, out);
                }
                Stmt::Try(s) => {
                    self.block(&s.body, closed, needs_it, after_failure, out);
                    let failed = s.body.iter().any(|b| self.mentions(b.range()));
                    for handler in &s.handlers {
                        let ruff_python_ast::ExceptHandler::ExceptHandler(h) = handler;
                        self.block(&h.body, closed, needs_it, after_failure || failed, out);
                    }
                    self.block(&s.orelse, closed, needs_it, after_failure, out);
                    self.block(&s.finalbody, closed, needs_it, after_failure, out);
                }
                Stmt::Match(_) => {}
                _ if stmt.start() > self.opened
                    && visit::contains_yield(std::slice::from_ref(stmt)) =>
                {
                    out.push(YieldAt {
                        stmt,
                        closed,
                        needs_it: needs_it || self.mentions(stmt.range()),
                        after_failure,
                        next: stmts.get(i + 1),
                    });
                }
                _ => {}
            }
        }
    }
}

/// The generator (or a function it calls in this module, up to a few calls
/// deep) calls the generator again: each level keeps its connection open
/// while the next runs.
fn recursive(ctx: &Context<'_, '_>, generator: FuncId) -> bool {
    let scopes = &ctx.model.scopes;
    let class = scopes.function(generator).class;
    let resolve = |callee: &Callee| -> Option<FuncId> {
        let (name, want_class) = match callee {
            Callee::Local(q) => (q.as_str(), None),
            Callee::SelfMethod(m) => (m.as_str(), class),
            _ => return None,
        };
        (0..scopes.functions.len()).find(|id| {
            let f = scopes.function(*id);
            f.parent.is_none() && f.class == want_class && (f.name() == name || f.qualname == name)
        })
    };
    let mut seen = vec![generator];
    let mut frontier = vec![generator];
    for _ in 0..3 {
        let mut next = Vec::new();
        for id in frontier {
            for call in ctx.model.calls_in(Some(id)) {
                let Some(target) = resolve(&call.callee) else {
                    continue;
                };
                if target == generator {
                    return true;
                }
                if !seen.contains(&target) {
                    seen.push(target);
                    next.push(target);
                }
            }
        }
        frontier = next;
    }
    false
}

pub(super) fn finding(
    codemod: &UnclosedConnection,
    ctx: &Context<'_, '_>,
    site: &ConnSite<'_, '_>,
    name: &str,
) -> Option<Finding> {
    let model = ctx.model;
    let scope = site.scope()?;
    let function = model.scopes.function(scope);
    let body = &function.def.body;
    let uses = uses_of_name(body, name);
    // A connection handed on (yielded, stored, captured, passed to a call that
    // may keep it) is someone else's to close.
    for u in &uses {
        match &u.kind {
            UseKind::MethodCall(m) if super::result_escapes(ctx, u.range, m) => return None,
            UseKind::MethodCall(_) | UseKind::Test => {}
            UseKind::AttributeRead(attr) if attr == "close" => return None,
            UseKind::Argument { call, position } if super::borrows(ctx, *call, *position) => {}
            _ => return None,
        }
    }
    if super::closed_in_finally(body, name) || super::reassigned(ctx, scope, name, site) {
        return None;
    }
    let walk = Walk {
        name,
        uses: &uses,
        opened: site.call.range().end(),
    };
    let mut yields = Vec::new();
    walk.block(body, false, false, false, &mut yields);
    let closes_first = yields.iter().any(|y| y.closed);
    let open = yields
        .iter()
        .find(|y| !y.closed && !y.needs_it && (closes_first || y.after_failure))?;
    // The close the other paths run: without one the whole generator is a
    // plain "never closed", which is not this shape.
    let closes = uses
        .iter()
        .any(|u| matches!(&u.kind, UseKind::MethodCall(m) if m == "close"));
    if !closes {
        return None;
    }
    let fname = function.name();
    let why = if recursive(ctx, scope) {
        format!(
            "`{fname}` recurses through this path, so each level keeps its connection open under the next one, until file descriptors run out"
        )
    } else if let Some(what) = long_running::of_project(ctx.project) {
        format!("{what} stays up, and each call that takes this path leaves one more open")
    } else {
        return None;
    };
    let path = if open.after_failure {
        "the path taken when a statement on it fails (the write lock was not won)"
    } else {
        "one path"
    };
    let (line, _) = model.line_column(open.stmt.start());
    let message = format!(
        "{} stays open across the `yield` at line {line}: {path} yields before closing it, while the others close it first, so the connection is held for as long as the consumer iterates, and never closed if it stops early; {why} (docs/sqlite-facts.md#F-generator-holds)",
        super::connection_text(site, false)
    );
    let finding = Finding::new(codemod.meta(), site.call.range(), message);
    // Closing right before a yield that ends its path (a `return` follows)
    // cannot cut short any later use.
    if matches!(open.next, Some(Stmt::Return(r)) if r.value.is_none()) {
        let at = codegen::line_start(model.text, open.stmt.start());
        let indent = codegen::indentation_at(model.text, open.stmt.start());
        let newline = model.stylist.newline.as_str();
        return Some(finding.with_fix(Fix::safe(
            format!("Close `{name}` before yielding on that path"),
            vec![Edit::insert(at, format!("{indent}{name}.close(){newline}"))],
        )));
    }
    Some(finding.with_note(format!(
        "close `{name}` before the `yield` on that path (or wrap the connection in `contextlib.closing` and yield outside the block)"
    )))
}
