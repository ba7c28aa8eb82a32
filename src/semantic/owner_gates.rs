//! What an owner gate looks like in a handler's body: the test that lets only
//! one configured sender through, and the shapes that put the handler's work
//! behind it. single_owner.rs reads these per function; which handlers a
//! program registers, and whether every one is gated, is decided there.
//!
//! A body is gated when, among its first statements, either
//! - `if <not the owner>: ...; return` (or `raise`, as python-telegram-bot's
//!   `ApplicationHandlerStop` and aiogram's `CancelHandler` are raised), the
//!   `if` possibly replying first; or
//! - after a docstring and a few assignments naming the sender, the rest of the
//!   body is one `if <the owner>:` whose `else` (if any) only awaits a reply or
//!   returns: strangers get a refusal and nothing else.
//!
//! A check function's test may be cast to a truth value and guard a missing
//! sender first (`return bool(user and user.id == owner_id)`).
//!
//! "One configured id" includes a module-level name bound to a one-element
//! literal (`ALLOWED = [OWNER_ID]`); a list read from the environment may hold
//! many, so it is no gate.

use ruff_python_ast::{self as ast, CmpOp, Expr, Stmt, UnaryOp};

use super::model::{Model, Target};

/// How far into a body a gate may sit: after a docstring and a few lines
/// that name the sender.
const GATE_WITHIN: usize = 6;

/// How a body's gate turns strangers away.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    Return,
    /// Returns `False` or `None`: a check function's "not the owner".
    Falsy,
    /// Raises: in a pre-handler this stops the update for every later handler.
    Raise,
}

/// What a test is read against: the module (for names bound to one-element
/// lists) and the locals the body binds to the sender's id first (`sender =
/// update.effective_user.id`).
struct Tests<'m, 'a> {
    model: &'m Model<'a>,
    senders: Vec<String>,
}

impl<'m, 'a> Tests<'m, 'a> {
    fn of(model: &'m Model<'a>, body: &[Stmt]) -> Self {
        let senders = body
            .iter()
            .take(GATE_WITHIN)
            .filter_map(|stmt| match stmt {
                Stmt::Assign(a) => match (&a.targets[..], &*a.value) {
                    ([Expr::Name(n)], value) if sender_like(value) => Some(n.id.to_string()),
                    _ => None,
                },
                _ => None,
            })
            .collect();
        Tests { model, senders }
    }

    fn sender(&self, expr: &Expr) -> bool {
        sender_like(expr)
            || matches!(expr, Expr::Name(n) if self.senders.iter().any(|s| s == n.id.as_str()))
    }
}

/// The body returns (or raises) at once unless the sender is the one
/// configured id, or puts all its work under `if <the owner>:`.
pub fn body_gated(model: &Model<'_>, body: &[Stmt]) -> bool {
    let tests = Tests::of(model, body);
    early_exit(model, body).is_some() || owner_branch(body, |t| owner_test(&tests, t))
}

/// `if <not the owner>: ...; return|raise` among the body's first statements.
pub fn early_exit(model: &Model<'_>, body: &[Stmt]) -> Option<Exit> {
    let tests = Tests::of(model, body);
    body.iter().take(GATE_WITHIN).find_map(|stmt| {
        let Stmt::If(if_stmt) = stmt else {
            return None;
        };
        if !if_stmt.elif_else_clauses.is_empty() || !not_owner(&tests, &if_stmt.test) {
            return None;
        }
        match if_stmt.body.last() {
            Some(Stmt::Return(r)) if falsy(r.value.as_deref()) => Some(Exit::Falsy),
            Some(Stmt::Return(_)) => Some(Exit::Return),
            Some(Stmt::Raise(_)) => Some(Exit::Raise),
            _ => None,
        }
    })
}

/// `return`, `return None`, `return False`.
fn falsy(value: Option<&Expr>) -> bool {
    match value {
        None | Some(Expr::NoneLiteral(_)) => true,
        Some(Expr::BooleanLiteral(b)) => !b.value,
        _ => false,
    }
}

/// The rest of the body after its preamble is one `if <test>:` whose `else`
/// only answers the stranger.
fn owner_branch(body: &[Stmt], test: impl Fn(&Expr) -> bool) -> bool {
    let preamble = body
        .iter()
        .take(GATE_WITHIN)
        .take_while(|s| is_preamble(s))
        .count();
    let [Stmt::If(if_stmt)] = &body[preamble..] else {
        return false;
    };
    test(&if_stmt.test)
        && if_stmt
            .elif_else_clauses
            .iter()
            .all(|c| c.test.is_none() && c.body.iter().all(only_answers))
}

/// A docstring, or a name bound to part of the update (`user =
/// update.effective_user`, `uid = str(message.from_user.id)`).
fn is_preamble(stmt: &Stmt) -> bool {
    fn plain(expr: &Expr) -> bool {
        match expr {
            Expr::Name(_) | Expr::Attribute(_) | Expr::StringLiteral(_) => true,
            Expr::Call(c) => {
                matches!(&*c.func, Expr::Name(n) if matches!(n.id.as_str(), "str" | "int"))
                    && c.arguments.args.iter().all(plain)
            }
            _ => false,
        }
    }
    match stmt {
        Stmt::Expr(e) => matches!(&*e.value, Expr::StringLiteral(_)),
        Stmt::Assign(a) => plain(&a.value),
        Stmt::AnnAssign(a) => a.value.as_deref().is_some_and(plain),
        _ => false,
    }
}

/// A refusal: an awaited reply, a return, `pass`.
fn only_answers(stmt: &Stmt) -> bool {
    match stmt {
        Stmt::Expr(e) => matches!(&*e.value, Expr::Await(_)),
        Stmt::Return(_) | Stmt::Pass(_) => true,
        _ => false,
    }
}

/// `if not <check>(...): ...; return` (also `if not await <check>(...)`)
/// among the body's first statements, or the body's work under `if
/// <check>(...):`: the check's simple name.
pub fn check_gated(body: &[Stmt]) -> Option<String> {
    let early = body.iter().take(GATE_WITHIN).find_map(|stmt| {
        let Stmt::If(if_stmt) = stmt else {
            return None;
        };
        if !if_stmt.elif_else_clauses.is_empty()
            || !matches!(if_stmt.body.last(), Some(Stmt::Return(_) | Stmt::Raise(_)))
        {
            return None;
        }
        let Expr::UnaryOp(u) = &*if_stmt.test else {
            return None;
        };
        if !matches!(u.op, UnaryOp::Not) {
            return None;
        }
        check_name(&u.operand)
    });
    early.or_else(|| {
        let name = std::cell::RefCell::new(None);
        let found = owner_branch(body, |t| {
            *name.borrow_mut() = check_name(t);
            name.borrow().is_some()
        });
        if found { name.into_inner() } else { None }
    })
}

/// `check(...)` or `await check(...)`: the check's simple name.
fn check_name(expr: &Expr) -> Option<String> {
    let call = match expr {
        Expr::Call(c) => c,
        Expr::Await(a) => match &*a.value {
            Expr::Call(c) => c,
            _ => return None,
        },
        _ => return None,
    };
    match &*call.func {
        Expr::Name(n) => Some(n.id.to_string()),
        Expr::Attribute(a) => Some(a.attr.to_string()),
        _ => None,
    }
}

/// `return <sender id> == <configured id>` (or `in` a one-element literal).
pub fn returns_owner_test(model: &Model<'_>, body: &[Stmt]) -> bool {
    let tests = Tests::of(model, body);
    body.iter().any(|stmt| {
        let Stmt::Return(ret) = stmt else {
            return false;
        };
        ret.value.as_deref().is_some_and(|v| owner_test(&tests, v))
    })
}

/// A test that holds only for the one configured sender.
fn owner_test(tests: &Tests<'_, '_>, test: &Expr) -> bool {
    match test {
        // `bool(user and user.id == OWNER)`: a check function's cast of its
        // test to a plain truth value changes nothing about who passes.
        Expr::Call(c)
            if matches!(&*c.func, Expr::Name(n) if n.id.as_str() == "bool")
                && c.arguments.keywords.is_empty()
                && c.arguments.args.len() == 1 =>
        {
            owner_test(tests, &c.arguments.args[0])
        }
        Expr::Compare(cmp) if cmp.ops.len() == 1 => {
            let (left, right) = (&*cmp.left, &cmp.comparators[0]);
            match cmp.ops[0] {
                CmpOp::Eq | CmpOp::Is => {
                    (tests.sender(left) || tests.sender(right))
                        && is_one_id(left)
                        && is_one_id(right)
                }
                CmpOp::In => tests.sender(left) && one_element(tests.model, right),
                _ => false,
            }
        }
        Expr::BoolOp(b) if matches!(b.op, ast::BoolOp::And) => {
            b.values.iter().any(|v| owner_test(tests, v))
        }
        _ => false,
    }
}

/// A test that holds for everyone but the one configured sender.
fn not_owner(tests: &Tests<'_, '_>, test: &Expr) -> bool {
    match test {
        Expr::Compare(cmp) if cmp.ops.len() == 1 => {
            let (left, right) = (&*cmp.left, &cmp.comparators[0]);
            let either = tests.sender(left) || tests.sender(right);
            match cmp.ops[0] {
                CmpOp::NotEq | CmpOp::IsNot => either && is_one_id(left) && is_one_id(right),
                CmpOp::NotIn => tests.sender(left) && one_element(tests.model, right),
                _ => false,
            }
        }
        Expr::UnaryOp(u) if matches!(u.op, UnaryOp::Not) => match &*u.operand {
            Expr::BoolOp(_) => false,
            operand => owner_test(tests, operand),
        },
        Expr::BoolOp(b) if matches!(b.op, ast::BoolOp::Or) => {
            b.values.iter().any(|v| not_owner(tests, v))
        }
        _ => false,
    }
}

/// A one-element literal, or a module-level name bound only to one
/// (`ALLOWED = [OWNER_ID]`).
fn one_element(model: &Model<'_>, expr: &Expr) -> bool {
    fn literal(expr: &Expr) -> bool {
        matches!(expr,
            Expr::List(ast::ExprList { elts, .. })
            | Expr::Tuple(ast::ExprTuple { elts, .. })
            | Expr::Set(ast::ExprSet { elts, .. }) if elts.len() == 1)
    }
    match expr {
        Expr::Name(n) => {
            let bound: Vec<_> = model
                .assignments
                .iter()
                .filter(|a| a.scope.is_none())
                .filter(|a| matches!(&a.target, Target::Name(t) if t == n.id.as_str()))
                .collect();
            matches!(bound[..], [a] if literal(a.value))
        }
        other => literal(other),
    }
}

/// One configured id: a name, an attribute, a literal, a call such as
/// `int(os.environ["OWNER"])`, or a one-element list of one.
pub fn is_one_id(expr: &Expr) -> bool {
    match expr {
        Expr::List(ast::ExprList { elts, .. })
        | Expr::Tuple(ast::ExprTuple { elts, .. })
        | Expr::Set(ast::ExprSet { elts, .. }) => elts.len() == 1 && is_one_id(&elts[0]),
        Expr::Name(_)
        | Expr::Attribute(_)
        | Expr::NumberLiteral(_)
        | Expr::StringLiteral(_)
        | Expr::Subscript(_)
        | Expr::Call(_) => true,
        Expr::UnaryOp(u) => matches!(u.op, UnaryOp::USub),
        _ => false,
    }
}

/// The sender's id: `update.effective_user.id`, `message.from_user.id`,
/// `ctx.author.id`, `event.sender_id`, or a local named for it (`user_id`).
pub fn sender_like(expr: &Expr) -> bool {
    let last = match expr {
        Expr::Attribute(a) => a.attr.as_str(),
        Expr::Name(n) => n.id.as_str(),
        Expr::Call(c) => {
            return matches!(&*c.func, Expr::Name(n) if n.id.as_str() == "str" || n.id.as_str() == "int")
                && c.arguments.args.first().is_some_and(sender_like);
        }
        _ => return false,
    };
    let last = last.to_ascii_lowercase();
    last == "id" || last.ends_with("_id") || last == "username" || last == "uid"
}

/// A thin handler that only hands its update on: after a docstring and a few
/// lines naming parts of the update, its one statement is `await f(update,
/// ...)` (or `return await f(...)`, or a plain call) passing one of its own
/// parameters. The callee's simple name: the handler is gated if `f` is, as
/// strangers return from `f` and the handler has nothing left to do.
pub fn delegate(body: &[Stmt], params: &[&str]) -> Option<String> {
    let preamble = body
        .iter()
        .take(GATE_WITHIN)
        .take_while(|s| is_preamble(s))
        .count();
    let [stmt] = &body[preamble..] else {
        return None;
    };
    let value = match stmt {
        Stmt::Expr(e) => &*e.value,
        Stmt::Return(r) => r.value.as_deref()?,
        _ => return None,
    };
    let call = match value {
        Expr::Await(a) => match &*a.value {
            Expr::Call(c) => c,
            _ => return None,
        },
        Expr::Call(c) => c,
        _ => return None,
    };
    let passes_own = call
        .arguments
        .args
        .iter()
        .chain(call.arguments.keywords.iter().map(|k| &k.value))
        .any(|a| matches!(a, Expr::Name(n) if params.contains(&n.id.as_str())));
    if !passes_own {
        return None;
    }
    match &*call.func {
        Expr::Name(n) => Some(n.id.to_string()),
        Expr::Attribute(a) => Some(a.attr.to_string()),
        _ => None,
    }
}
