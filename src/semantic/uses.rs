//! How a local name is used in a function body: as a method receiver, handed to a
//! call, returned, stored elsewhere, or captured by a nested function. This is what
//! decides whether a connection escapes the function that opened it.

use ruff_python_ast::visitor::{self, Visitor};
use ruff_python_ast::{Expr, ExprContext, Stmt};
use ruff_text_size::{Ranged, TextRange};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UseKind {
    /// `name.method(...)`
    MethodCall(String),
    /// `name.attr` read without a call (`conn.close` handed to a callback).
    AttributeRead(String),
    /// `name.attr = value`
    AttributeStore,
    Returned,
    Yielded,
    /// An argument of the call at `call`, positional at `position` or by keyword.
    Argument {
        call: TextRange,
        position: Option<usize>,
    },
    /// The value of an assignment or an element of a container.
    Stored,
    /// Read inside a nested `def` or `lambda`, which may run later.
    Captured,
    /// A truth test or comparison: `if conn:`, `conn is None`.
    Test,
    Other,
}

#[derive(Debug, Clone)]
pub struct NameUse {
    pub range: TextRange,
    pub kind: UseKind,
}

/// The loads of `name` in `body`, classified; nested scopes count as captures.
pub fn uses_of_name(body: &[Stmt], name: &str) -> Vec<NameUse> {
    uses_of_names(body, &[name])
        .into_iter()
        .map(|(_, found)| found)
        .collect()
}

/// The loads of each of `names` in `body`, classified as [`uses_of_name`]
/// does, in one walk: each with the position in `names` of the name it loads.
pub fn uses_of_names(body: &[Stmt], names: &[&str]) -> Vec<(usize, NameUse)> {
    let mut finder = UseFinder {
        names,
        exprs: Vec::new(),
        stmts: Vec::new(),
        nested: 0,
        out: Vec::new(),
    };
    for stmt in body {
        finder.visit_stmt(stmt);
    }
    finder.out
}

struct UseFinder<'n, 'a> {
    names: &'n [&'n str],
    exprs: Vec<&'a Expr>,
    stmts: Vec<&'a Stmt>,
    nested: usize,
    out: Vec<(usize, NameUse)>,
}

impl<'a> Visitor<'a> for UseFinder<'_, 'a> {
    fn visit_stmt(&mut self, stmt: &'a Stmt) {
        let nested = matches!(stmt, Stmt::FunctionDef(_) | Stmt::ClassDef(_));
        if nested {
            self.nested += 1;
        }
        self.stmts.push(stmt);
        let saved = std::mem::take(&mut self.exprs);
        visitor::walk_stmt(self, stmt);
        self.exprs = saved;
        self.stmts.pop();
        if nested {
            self.nested -= 1;
        }
    }

    fn visit_expr(&mut self, expr: &'a Expr) {
        if let Expr::Name(n) = expr {
            if n.ctx == ExprContext::Load {
                for (i, name) in self.names.iter().enumerate() {
                    if n.id.as_str() == *name {
                        let kind = self.classify(expr);
                        self.out.push((
                            i,
                            NameUse {
                                range: expr.range(),
                                kind,
                            },
                        ));
                    }
                }
            }
        }
        let lambda = expr.is_lambda_expr();
        if lambda {
            self.nested += 1;
        }
        self.exprs.push(expr);
        visitor::walk_expr(self, expr);
        self.exprs.pop();
        if lambda {
            self.nested -= 1;
        }
    }
}

impl UseFinder<'_, '_> {
    fn classify(&self, expr: &Expr) -> UseKind {
        if self.nested > 0 {
            return UseKind::Captured;
        }
        let range = expr.range();
        let parent = self.exprs.last().copied();
        let grandparent = self.exprs.len().checked_sub(2).map(|i| self.exprs[i]);
        match parent {
            Some(Expr::Attribute(attr)) if attr.value.range() == range => {
                if attr.ctx == ExprContext::Store {
                    return UseKind::AttributeStore;
                }
                match grandparent {
                    Some(Expr::Call(call)) if call.func.range() == attr.range() => {
                        UseKind::MethodCall(attr.attr.to_string())
                    }
                    _ => UseKind::AttributeRead(attr.attr.to_string()),
                }
            }
            Some(Expr::Call(call)) => {
                let position = call.arguments.args.iter().position(|a| a.range() == range);
                if call.func.range() == range {
                    UseKind::Other
                } else {
                    UseKind::Argument {
                        call: call.range(),
                        position,
                    }
                }
            }
            Some(Expr::Yield(_) | Expr::YieldFrom(_)) => UseKind::Yielded,
            Some(Expr::Compare(_) | Expr::BoolOp(_) | Expr::UnaryOp(_)) => UseKind::Test,
            Some(Expr::If(ifexp)) if ifexp.test.range() == range => UseKind::Test,
            Some(Expr::List(_) | Expr::Tuple(_) | Expr::Set(_) | Expr::Dict(_)) => UseKind::Stored,
            Some(Expr::Named(_)) => UseKind::Stored,
            Some(_) => UseKind::Other,
            None => match self.stmts.last() {
                Some(Stmt::Return(_)) => UseKind::Returned,
                Some(Stmt::Assign(_) | Stmt::AnnAssign(_) | Stmt::AugAssign(_)) => UseKind::Stored,
                Some(Stmt::If(_) | Stmt::While(_) | Stmt::Assert(_)) => UseKind::Test,
                Some(Stmt::Expr(_)) => UseKind::Test,
                Some(Stmt::With(_)) => UseKind::Other,
                Some(Stmt::Delete(_)) => UseKind::Test,
                _ => UseKind::Other,
            },
        }
    }
}
