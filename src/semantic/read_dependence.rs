//! Whether a write depends on what a read returned, by value or by control: a
//! def-use walk over one function body, syntax only.
//!
//! A read-then-write outside one transaction (Python's legacy mode, an ORM on
//! pysqlite/aiosqlite: F-implicit-begin) loses an update, or lets two callers
//! through a check meant for one, only when the write rests on the read:
//!
//! - **by value**: a name bound from the read's result (`row =
//!   cur.fetchone()`, `for r in rows`, `a, b = row`, `x = row[0] + 1`, a
//!   comprehension over the rows, `obj = session.get(...)`, a list the rows
//!   were appended to, a dict a row value was stored in), or the read itself,
//!   reaches the write's values;
//! - **by control**: a test or loop around the write uses them (`if row is
//!   None: INSERT`, `if job.status == "pending": ...`, `for r in rows:`), or a
//!   guard before the write leaves on what they hold (`if row["spent"]:
//!   raise`). A guard that only asks whether a row came back (`if not row:
//!   return`, a 404) does not decide what is written: a concurrent delete makes
//!   the later write touch nothing, and nothing read is written back.
//!
//! A write that depends on neither (a status, a timestamp or an argument
//! written after reading rows for a response or a log line, an unrelated row
//! inserted) is last-writer-wins whatever the isolation: taking the write lock
//! first changes nothing for it.
//!
//! Names flow only along statements that can run before the write
//! (semantic::exclusive_paths: not from the other arm of the `if` the write is
//! in); a name is never un-tainted by a later rebinding (conservative).

use ruff_python_ast::{self as ast, Expr, ExprContext, Stmt};
use ruff_text_size::{Ranged, TextRange, TextSize};

use super::exclusive_paths;
use super::visit::{self, loaded_names, scope_stmts};

/// What a write takes from a read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Dependence {
    /// Its values come from the rows.
    pub value: bool,
    /// Whether it runs is decided by what the rows hold.
    pub control: bool,
}

impl Dependence {
    pub fn any(self) -> bool {
        self.value || self.control
    }
}

/// The data one or more reads returned, followed through a function body up to
/// one write.
pub struct ReadData<'a> {
    body: &'a [Stmt],
    sources: Vec<TextRange>,
    write: TextRange,
    names: Vec<String>,
}

impl<'a> ReadData<'a> {
    /// `sources`: the ranges of the expressions whose value is what was read
    /// (the read call, the fetches of its cursor); `write`: the write's range
    /// (its call, or the attribute it sets). Sources after the write are left out.
    pub fn new(body: &'a [Stmt], sources: &[TextRange], write: TextRange) -> Self {
        let sources: Vec<TextRange> = sources
            .iter()
            .copied()
            .filter(|s| s.start() < write.start() || s.contains_range(write))
            .collect();
        let mut data = ReadData {
            body,
            sources,
            write,
            names: Vec::new(),
        };
        data.names = data.taint();
        data
    }

    /// The names holding the rows, or values computed from them, up to the write.
    pub fn names(&self) -> &[String] {
        &self.names
    }

    fn first(&self) -> Option<TextSize> {
        self.sources.iter().map(|s| s.start()).min()
    }

    /// Whether `expr` holds a read itself or a name bound from the rows.
    pub fn uses(&self, expr: &Expr) -> bool {
        self.sources.iter().any(|s| expr.range().contains_range(*s))
            || (!self.names.is_empty() && loaded_names(expr).iter().any(|n| self.names.contains(n)))
    }

    /// Whether `expr` holds one of the reads itself (the read call, a fetch).
    pub fn is_source(&self, expr: &Expr) -> bool {
        self.sources.iter().any(|s| expr.range().contains_range(*s))
    }

    /// A count or a limit decides the write: an ordering comparison (`<`,
    /// `<=`, `>`, `>=`) of what was read, in a test around the write
    /// (`if taken < seats:`) or in a guard before it that leaves (`if n >=
    /// quota: raise`, `if q.count() > 0: return`).
    pub fn count_decides(&self) -> bool {
        let write = self.write;
        let ordered = |t: &Expr| is_ordering(t) && self.uses(t);
        ancestors(self.body, write).into_iter().any(|s| match s {
            Stmt::If(i) => {
                let in_body = i.body.iter().any(|b| b.range().contains_range(write));
                ordered(&i.test)
                    || (!in_body
                        && i.elif_else_clauses.iter().any(|c| {
                            c.range.start() <= write.start() && c.test.as_ref().is_some_and(ordered)
                        }))
            }
            Stmt::While(w) => ordered(&w.test),
            _ => false,
        }) || self.guard_leaving(is_ordering)
    }

    /// Whether any of `exprs` (the write's values) carries the rows.
    pub fn values<'e>(&self, exprs: impl IntoIterator<Item = &'e Expr>) -> bool {
        exprs.into_iter().any(|e| self.uses(e))
    }

    /// The write's dependence, given its values.
    pub fn dependence<'e>(&self, values: impl IntoIterator<Item = &'e Expr>) -> Dependence {
        Dependence {
            value: self.values(values),
            control: self.control(),
        }
    }

    /// A test or loop around the write, or a guard before it that leaves on
    /// what the rows hold.
    pub fn control(&self) -> bool {
        self.decided_around(true) || self.exit_guard(false)
    }

    /// A guard between the read and the write that leaves when a row came back
    /// (`if existing: return existing`, then an insert): the check-then-insert
    /// race of `if row is None: insert`, written as a guard. A guard leaving when
    /// no row came back (`if not item: raise NotFound`) only makes sure the row
    /// is there, and is not one.
    pub fn presence_guard(&self) -> bool {
        self.guard_leaving(is_presence_test)
    }

    /// A compound statement around the write whose test, loop or subject uses
    /// the rows (`if job.status == "pending":`, `for r in rows:`, `while
    /// pending:`). `existence`: count a test of whether a row came back (`if
    /// row is None: INSERT`, a check-then-insert) too.
    pub fn decided_around(&self, existence: bool) -> bool {
        self.tested_around(existence) || self.looped_around()
    }

    /// An `if` (or `match`) around the write whose test uses the rows: the
    /// clause holding the write, and the tests before it.
    pub fn tested_around(&self, existence: bool) -> bool {
        let write = self.write;
        let test = |t: &Expr| (existence || !is_existence_test(t)) && self.uses(t);
        ancestors(self.body, write).into_iter().any(|s| match s {
            Stmt::If(i) => {
                let in_body = i.body.iter().any(|b| b.range().contains_range(write));
                test(&i.test)
                    || (!in_body
                        && i.elif_else_clauses.iter().any(|c| {
                            c.range.start() <= write.start() && c.test.as_ref().is_some_and(test)
                        }))
            }
            Stmt::Match(m) => self.uses(&m.subject),
            _ => false,
        })
    }

    /// A loop around the write over the rows (`for r in rows:`) or while they
    /// say so (`while pending:`).
    pub fn looped_around(&self) -> bool {
        let write = self.write;
        ancestors(self.body, write).into_iter().any(|s| match s {
            Stmt::While(w) => self.uses(&w.test),
            Stmt::For(f) => {
                f.body.iter().any(|b| b.range().contains_range(write)) && self.uses(&f.iter)
            }
            _ => false,
        })
    }

    /// A guard between the read and the write that leaves (`return`, `raise`,
    /// `continue`, `break`) when the rows say so, so the write runs only when
    /// they said otherwise. `existence`: count a test of whether a row came
    /// back (`if not row: return`) too.
    pub fn exit_guard(&self, existence: bool) -> bool {
        self.guard_leaving(|test| existence || !is_existence_test(test))
    }

    /// A guard between the read and the write, leaving the write's path, whose
    /// test uses the rows and passes `counts`.
    fn guard_leaving(&self, counts: impl Fn(&Expr) -> bool) -> bool {
        let Some(first) = self.first() else {
            return false;
        };
        let write = self.write;
        scope_stmts(self.body).into_iter().any(|s| match s {
            Stmt::If(i) => {
                i.end() > first
                    && i.end() <= write.start()
                    && i.elif_else_clauses.is_empty()
                    && self.leaves_before_write(i)
                    && counts(&i.test)
                    && self.uses(&i.test)
                    && exclusive_paths::can_precede(self.body, i.range(), write)
            }
            _ => false,
        })
    }

    /// Whether the body of guard `i` leaves the write's path: it ends in
    /// `return` or `raise` (Flask's `abort(400)` raises too), or in
    /// `continue`/`break` of a loop that holds the write (a `break` out of a
    /// search loop before the write guards nothing).
    fn leaves_before_write(&self, i: &ast::StmtIf) -> bool {
        match i.body.last() {
            Some(Stmt::Raise(_) | Stmt::Return(_)) => true,
            Some(Stmt::Expr(e)) => is_abort(&e.value),
            Some(Stmt::Continue(_) | Stmt::Break(_)) => ancestors(self.body, i.range())
                .into_iter()
                .rev()
                .skip(1)
                .find(|s| matches!(s, Stmt::For(_) | Stmt::While(_)))
                .is_some_and(|l| l.range().contains_range(self.write)),
            _ => false,
        }
    }

    fn taint(&self) -> Vec<String> {
        let Some(first) = self.first() else {
            return Vec::new();
        };
        let write = self.write;
        let stmts: Vec<&Stmt> = scope_stmts(self.body)
            .into_iter()
            .filter(|s| s.end() > first && s.start() < write.end())
            // A simple statement holding the write binds its result, not rows.
            .filter(|s| !s.range().contains_range(write) || is_compound(s))
            // An assignment on another path (the other arm of the `if` the
            // write is in) does not reach it.
            .filter(|s| {
                s.range().contains_range(write)
                    || exclusive_paths::can_precede(self.body, s.range(), write)
            })
            .collect();
        let mut names: Vec<String> = Vec::new();
        loop {
            let before = names.len();
            for s in &stmts {
                let heads = header_exprs(s);
                let from_rows = heads.iter().any(|e| {
                    self.sources.iter().any(|r| e.range().contains_range(*r))
                        || loaded_names(e).iter().any(|n| names.contains(n))
                });
                if !from_rows {
                    continue;
                }
                for n in bound_names(s) {
                    if !names.contains(&n) {
                        names.push(n);
                    }
                }
            }
            if names.len() == before {
                break;
            }
        }
        names
    }
}

fn is_compound(stmt: &Stmt) -> bool {
    matches!(
        stmt,
        Stmt::For(_) | Stmt::While(_) | Stmt::If(_) | Stmt::With(_) | Stmt::Try(_) | Stmt::Match(_)
    )
}

/// The statements of `body` (nested blocks included) that contain `target`,
/// outermost first.
pub fn ancestors(body: &[Stmt], target: TextRange) -> Vec<&Stmt> {
    let mut out = Vec::new();
    let mut suite = body;
    'outer: loop {
        for stmt in suite {
            if stmt.range().contains_range(target) {
                out.push(stmt);
                for child in visit::block_suites(stmt) {
                    if child.iter().any(|s| s.range().contains_range(target)) {
                        suite = child;
                        continue 'outer;
                    }
                }
                break 'outer;
            }
        }
        break;
    }
    out
}

/// The expressions a statement evaluates itself (a compound statement: its
/// header), whose values its bindings take.
fn header_exprs(stmt: &Stmt) -> Vec<&Expr> {
    match stmt {
        Stmt::Assign(s) => vec![&*s.value],
        Stmt::AnnAssign(s) => s.value.as_deref().into_iter().collect(),
        Stmt::AugAssign(s) => vec![&*s.value],
        Stmt::For(s) => vec![&*s.iter],
        Stmt::While(s) => vec![&*s.test],
        Stmt::If(s) => vec![&*s.test],
        Stmt::With(s) => s.items.iter().map(|i| &i.context_expr).collect(),
        Stmt::Expr(s) => vec![&*s.value],
        Stmt::Return(s) => s.value.as_deref().into_iter().collect(),
        Stmt::Match(s) => vec![&*s.subject],
        _ => Vec::new(),
    }
}

/// Names a statement binds from what its header evaluates: assignment targets
/// (a subscript's container: `out["n"] = row[0]`), `for` targets, `with ...
/// as`, walrus targets in the header, and the list or set a call fills
/// (`kept.append(row[0])`).
pub fn bound_names(stmt: &Stmt) -> Vec<String> {
    let mut out = Vec::new();
    let mut add = |expr: &Expr| store_names(expr, &mut out);
    match stmt {
        Stmt::Assign(s) => s.targets.iter().for_each(&mut add),
        Stmt::AnnAssign(s) => add(&s.target),
        Stmt::AugAssign(s) => add(&s.target),
        Stmt::For(s) => add(&s.target),
        Stmt::With(s) => s
            .items
            .iter()
            .filter_map(|i| i.optional_vars.as_deref())
            .for_each(&mut add),
        _ => {}
    }
    for head in header_exprs(stmt) {
        visit::any_sub_expr(head, |e| {
            if let Expr::Named(named) = e {
                store_names(&named.target, &mut out);
            }
            false
        });
    }
    out.extend(filled_container(stmt));
    out
}

fn store_names(expr: &Expr, out: &mut Vec<String>) {
    match expr {
        Expr::Name(n) if n.ctx == ExprContext::Store => out.push(n.id.to_string()),
        Expr::Tuple(t) => t.elts.iter().for_each(|e| store_names(e, out)),
        Expr::List(l) => l.elts.iter().for_each(|e| store_names(e, out)),
        Expr::Starred(s) => store_names(&s.value, out),
        // `out["n"] = row[0]`: the container now holds the value (not `self`,
        // which would carry every attribute with it).
        Expr::Subscript(s) => match &*s.value {
            Expr::Name(n) if !matches!(n.id.as_str(), "self" | "cls") => out.push(n.id.to_string()),
            _ => {}
        },
        _ => {}
    }
}

/// The list or set a statement fills (`rows.append((key, start + i, value))`):
/// what goes into it reaches whatever later sends it (a batch `executemany`).
fn filled_container(stmt: &Stmt) -> Option<String> {
    const FILLS: &[&str] = &["append", "extend", "insert", "add", "update", "appendleft"];
    let Stmt::Expr(e) = stmt else { return None };
    let mut value = &*e.value;
    if let Expr::Await(a) = value {
        value = &a.value;
    }
    let Expr::Call(call) = value else {
        return None;
    };
    let Expr::Attribute(attr) = &*call.func else {
        return None;
    };
    let Expr::Name(receiver) = &*attr.value else {
        return None;
    };
    (FILLS.contains(&attr.attr.as_str()) && !matches!(receiver.id.as_str(), "self" | "cls"))
        .then(|| receiver.id.to_string())
}

/// A comparison by order somewhere in `test`: a count held against a limit.
fn is_ordering(test: &Expr) -> bool {
    visit::any_sub_expr(test, |e| {
        matches!(e, Expr::Compare(c) if c.ops.iter().any(|op| matches!(
            op,
            ast::CmpOp::Lt | ast::CmpOp::LtE | ast::CmpOp::Gt | ast::CmpOp::GtE
        )))
    })
}

/// `row`, `not row`, `row is None`, `not await cur.fetchone()`, `len(rows) ==
/// 0`: whether a row came back, not what it holds.
pub fn is_existence_test(test: &Expr) -> bool {
    let mut test = test;
    while let Expr::UnaryOp(u) = test {
        if u.op != ast::UnaryOp::Not {
            break;
        }
        test = &u.operand;
    }
    let plain = |e: &Expr| matches!(e, Expr::Name(_) | Expr::Await(_) | Expr::Call(_));
    match test {
        e if plain(e) => true,
        Expr::Compare(c) => {
            plain(&c.left)
                && c.ops
                    .iter()
                    .all(|op| matches!(op, ast::CmpOp::Is | ast::CmpOp::IsNot))
                && c.comparators.iter().all(Expr::is_none_literal_expr)
        }
        _ => false,
    }
}

/// An existence test that holds when a row came back: `row`, `not not row`,
/// `row is not None`, `not row is None`.
fn is_presence_test(test: &Expr) -> bool {
    if !is_existence_test(test) {
        return false;
    }
    let mut negated = false;
    let mut test = test;
    while let Expr::UnaryOp(u) = test {
        if u.op != ast::UnaryOp::Not {
            break;
        }
        negated = !negated;
        test = &u.operand;
    }
    let absent_when_true = match test {
        Expr::Compare(c) => c.ops.iter().all(|op| matches!(op, ast::CmpOp::Is)),
        _ => false,
    };
    negated == absent_when_true
}

/// `abort(...)` or `flask.abort(...)`: raises an HTTP error, leaving the view.
fn is_abort(expr: &Expr) -> bool {
    let Expr::Call(call) = expr else {
        return false;
    };
    match &*call.func {
        Expr::Name(n) => n.id.as_str() == "abort",
        Expr::Attribute(a) => {
            a.attr.as_str() == "abort"
                && matches!(&*a.value, Expr::Name(m) if m.id.as_str() == "flask")
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Whether a guard leaving when the SELECT's row came back precedes the INSERT.
    fn guard(src: &str) -> bool {
        with_data(src, "db.execute('SELECT", "db.execute('INSERT", |d, _| {
            d.presence_guard()
        })
    }

    /// The dependence of the write (the call whose text starts with `write`)
    /// on the reads (calls whose text starts with `read`), in the first
    /// function of `src`; values are the write call's arguments.
    fn dep(src: &str, read: &str, write: &str) -> Dependence {
        with_data(src, read, write, |d, args| d.dependence(args))
    }

    /// `ask` of the read-to-write data of the write (the call whose text starts
    /// with `write`) and the reads (calls starting with `read`), in the first
    /// function of `src`, with the write call's arguments.
    fn with_data<T>(
        src: &str,
        read: &str,
        write: &str,
        ask: impl Fn(&ReadData<'_>, Vec<&Expr>) -> T,
    ) -> T {
        let parsed = ruff_python_parser::parse_module(src).unwrap();
        let Stmt::FunctionDef(f) = &parsed.suite()[0] else {
            panic!("a function first")
        };
        struct Calls<'a>(Vec<&'a ast::ExprCall>);
        impl<'a> ruff_python_ast::visitor::Visitor<'a> for Calls<'a> {
            fn visit_expr(&mut self, expr: &'a Expr) {
                if let Expr::Call(c) = expr {
                    self.0.push(c);
                }
                ruff_python_ast::visitor::walk_expr(self, expr);
            }
        }
        let mut found = Calls(Vec::new());
        ruff_python_ast::visitor::Visitor::visit_body(&mut found, &f.body);
        let calls = found.0;
        let text = |c: &ast::ExprCall| src[c.range()].to_string();
        let sources: Vec<TextRange> = calls
            .iter()
            .filter(|c| text(c).starts_with(read))
            .map(|c| c.range())
            .collect();
        let w = calls
            .iter()
            .find(|c| text(c).starts_with(write))
            .expect("the write");
        let data = ReadData::new(&f.body, &sources, w.range());
        let args: Vec<&Expr> = w
            .arguments
            .args
            .iter()
            .chain(w.arguments.keywords.iter().map(|k| &k.value))
            .collect();
        ask(&data, args)
    }

    const NONE: Dependence = Dependence {
        value: false,
        control: false,
    };

    #[test]
    fn counter_bump_is_a_value_dependence() {
        let src = "def f(db, k):\n    n = db.execute('SELECT n FROM c WHERE k = ?', (k,)).fetchone()[0]\n    db.execute('UPDATE c SET n = ? WHERE k = ?', (n + 1, k))\n";
        let d = dep(src, "db.execute('SELECT", "db.execute('UPDATE");
        assert!(d.value && !d.control);
    }

    #[test]
    fn through_fetch_unpacking_and_computation() {
        let src = "async def f(db, k):\n    cur = await db.execute('SELECT a, b FROM t')\n    row = await cur.fetchone()\n    a, b = row\n    total = sum([x for x in (a, b)]) + 1\n    await db.execute('UPDATE t SET s = ?', (total,))\n";
        assert!(dep(src, "db.execute('SELECT", "db.execute('UPDATE").value);
    }

    #[test]
    fn filled_container_and_subscript_store_carry_rows() {
        let src = "def f(db):\n    out = []\n    extra = {}\n    for r in db.execute('SELECT id FROM t'):\n        out.append(r[0])\n    extra['n'] = out[0]\n    db.executemany('DELETE FROM t WHERE id = ?', out)\n    db.execute('INSERT INTO log VALUES (?)', (extra,))\n";
        assert!(dep(src, "db.execute('SELECT", "db.executemany").value);
        assert!(dep(src, "db.execute('SELECT", "db.execute('INSERT").value);
    }

    #[test]
    fn blind_status_write_after_a_read_for_the_response() {
        let src = "def f(db, job, now):\n    rows = db.execute('SELECT name FROM files WHERE job = ?', (job,)).fetchall()\n    names = [r[0] for r in rows]\n    db.execute('UPDATE jobs SET seen = ? WHERE id = ?', (now, job))\n    return names\n";
        assert_eq!(dep(src, "db.execute('SELECT", "db.execute('UPDATE"), NONE);
    }

    #[test]
    fn rows_used_only_in_a_log_call() {
        let src = "def f(db, log, user, note):\n    row = db.execute('SELECT theme FROM prefs WHERE u = ?', (user,)).fetchone()\n    log.info('theme %s', row)\n    db.execute('INSERT INTO notes VALUES (?, ?)', (user, note))\n";
        assert_eq!(dep(src, "db.execute('SELECT", "db.execute('INSERT"), NONE);
    }

    #[test]
    fn check_then_insert_is_a_control_dependence() {
        let src = "def f(db, k):\n    row = db.execute('SELECT 1 FROM t WHERE k = ?', (k,)).fetchone()\n    if row is None:\n        db.execute('INSERT INTO t VALUES (?)', (k,))\n";
        let d = dep(src, "db.execute('SELECT", "db.execute('INSERT");
        assert!(d.control && !d.value);
    }

    #[test]
    fn guard_on_a_value_decides_but_an_existence_guard_does_not() {
        let value = "def f(db, k, s):\n    row = db.execute('SELECT status FROM j WHERE k = ?', (k,)).fetchone()\n    if row[0] != 'pending':\n        return\n    db.execute('UPDATE j SET status = ? WHERE k = ?', (s, k))\n";
        assert!(dep(value, "db.execute('SELECT", "db.execute('UPDATE").control);
        let exists = "def f(db, k, s):\n    row = db.execute('SELECT status FROM j WHERE k = ?', (k,)).fetchone()\n    if row is None:\n        raise KeyError(k)\n    db.execute('UPDATE j SET status = ? WHERE k = ?', (s, k))\n";
        assert_eq!(
            dep(exists, "db.execute('SELECT", "db.execute('UPDATE"),
            NONE
        );
    }

    #[test]
    fn leaving_when_a_row_exists_then_inserting_is_a_control_dependence() {
        let src = "def f(db, k):\n    existing = db.execute('SELECT id FROM t WHERE k = ?', (k,)).fetchone()\n    if existing:\n        return existing\n    db.execute('INSERT INTO t (k) VALUES (?)', (k,))\n";
        assert!(guard(src));
        assert!(guard(
            &src.replace("if existing:", "if existing is not None:")
        ));
        assert!(!guard(&src.replace("if existing:", "if not existing:")));
    }

    #[test]
    fn presence_tests() {
        for (text, expected) in [
            ("row", true),
            ("row is not None", true),
            ("not row", false),
            ("row is None", false),
            ("not row is None", true),
            ("row.status == 'x'", false),
        ] {
            let parsed = ruff_python_parser::parse_expression(text).unwrap();
            assert_eq!(is_presence_test(parsed.expr()), expected, "{text}");
        }
    }

    #[test]
    fn break_out_of_a_search_loop_guards_nothing_after_it() {
        let src = "def f(db, want, now):\n    rows = db.execute('SELECT name FROM t').fetchall()\n    for r in rows:\n        if r[0] == want:\n            break\n    db.execute('UPDATE u SET t = ?', (now,))\n";
        assert_eq!(dep(src, "db.execute('SELECT", "db.execute('UPDATE"), NONE);
        let inside = "def f(db, want, now, items):\n    rows = db.execute('SELECT name FROM t').fetchall()\n    for it in items:\n        if it in rows:\n            continue\n        db.execute('UPDATE u SET t = ?', (now,))\n";
        assert!(dep(inside, "db.execute('SELECT", "db.execute('UPDATE").control);
    }

    #[test]
    fn loop_over_rows_writing_per_row() {
        let src = "def f(db, now):\n    for (jid,) in db.execute('SELECT id FROM j').fetchall():\n        db.execute('UPDATE j SET t = ?', (now,))\n";
        assert!(dep(src, "db.execute('SELECT", "db.execute('UPDATE").control);
    }

    #[test]
    fn other_arm_does_not_reach_the_write() {
        let src = "def f(db, k, v):\n    row = db.execute('SELECT n FROM t').fetchone()\n    if k:\n        v = row[0]\n    else:\n        db.execute('UPDATE t SET n = ?', (v,))\n";
        assert!(!dep(src, "db.execute('SELECT", "db.execute('UPDATE").value);
    }

    #[test]
    fn value_through_a_helper_call() {
        let src = "def f(db, k):\n    row = db.execute('SELECT n FROM t').fetchone()\n    new = bump(row, 1)\n    db.execute('UPDATE t SET n = ?', (new,))\n";
        assert!(dep(src, "db.execute('SELECT", "db.execute('UPDATE").value);
    }

    #[test]
    fn existence_tests() {
        for (text, expected) in [
            ("not row", true),
            ("row is None", true),
            ("await cur.fetchone() is None", true),
            ("row[0] > 3", false),
            ("row.status == 'x'", false),
        ] {
            let parsed = ruff_python_parser::parse_expression(text).unwrap();
            assert_eq!(is_existence_test(parsed.expr()), expected, "{text}");
        }
    }
}
