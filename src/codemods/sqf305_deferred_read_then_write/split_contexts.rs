//! A read in one connection context and a write built from it in another, in
//! one function: a store's upsert-like method.
//!
//! A store keeps separate contexts for reading and writing: an autocommit read
//! context manager (`with self._read() as conn:`), a getter method of its own
//! class (`current = self.get(key)`), or a plain fetch on a connection taken
//! from an async pool. Its merge method reads the row first, then opens the
//! write context (`with self._write() as conn:`, `async with pool.acquire()` and
//! a transaction) and writes a value computed from what it read (a dict merged
//! with the caller's keys). No one flow holds both statements: the read's
//! connection or transaction has ended when the write's begins, so the
//! transaction model sees a lone read and a blind write. Two callers merging
//! one key both read the same row, and the second write drops the first's keys
//! (or both see no row and the second insert fails on the key).
//!
//! Reported at the read when (a) the read is a keyed `SELECT ... FROM t ...
//! WHERE` (inline, or in a helper of the module that only reads and returns
//! what it read), (b) a plain `INSERT` or `UPDATE` of `t` after it, in another
//! context (another connection expression, or the same name bound by another
//! `with`), sends a value computed from the read (semantic::read_dependence,
//! by value: a read that only decides a log line or whether to write does not
//! count), and (c) a second party can run between them (threads that reach the
//! method, another program of the project, the loop's other tasks at an await
//! between them: semantic::second_writers). Not reported when the write cannot
//! lose the other's change: an `ON CONFLICT`, `OR IGNORE` or `OR REPLACE`
//! clause, an `UPDATE` whose `WHERE` re-checks a value it read (`AND version =
//! ?`), a write whose `rowcount` is checked, a write after a fresh read of the
//! table in its own context (a re-check inside the write transaction); nor
//! when the key is generated in
//! the method (`uuid4()`, a random token): nobody else can hold it. Not at
//! start-up, in a schema-migration module, or in commands a person or an
//! administrator types one at a time.
//!
//! No automatic fix: the statements sit in two contexts the project's helpers
//! open, and one statement (`INSERT ... ON CONFLICT(key) DO UPDATE ...
//! RETURNING`) or a read moved inside the write transaction begun IMMEDIATE
//! changes the helper's shape; the note names both.

use rustc_hash::FxHashMap as HashMap;

use ruff_python_ast::{Expr, Stmt};
use ruff_text_size::{Ranged, TextRange};

use super::awaited_helpers::{resolve, unique_methods};
use crate::codemods::{Context, Meta};
use crate::finding::{Finding, Severity};
use crate::semantic::model::{Call, Model};
use crate::semantic::read_dependence::{ReadData, ancestors};
use crate::semantic::scopes::FuncId;
use crate::semantic::second_writers::{self, SecondWriter};
use crate::semantic::{commands, connections, effects, exclusive_paths, threads, visit};

/// A read of one table: the call, and (for a helper) the function it runs.
struct Read<'c> {
    call: &'c Call<'c>,
    table: String,
    helper: Option<FuncId>,
}

pub(super) fn check(meta: &'static Meta, ctx: &Context<'_, '_>, out: &mut Vec<Finding>) {
    let model = ctx.model;
    if crate::semantic::second_party::is_startup_only(model.path) || server_driver(model) {
        return;
    }
    let methods = unique_methods(model);
    let threaded = ctx.threaded_functions();
    let concurrent = ctx.unserialized_threaded_functions();
    let party = ctx.second_party();
    let mut helpers: HashMap<FuncId, Option<String>> = HashMap::default();
    for (id, function) in model.scopes.functions.iter().enumerate() {
        if commands::person_paced(model, id) || commands::admin_paced(model, id) {
            continue;
        }
        // Every thread that reaches it holds a caller's lock: one at a time.
        if !function.def.is_async
            && threaded.contains_key(&function.qualname)
            && !concurrent.contains_key(&function.qualname)
        {
            continue;
        }
        let body = &function.def.body;
        let calls: Vec<&Call<'_>> = model.calls_in(Some(id)).filter(|c| !c.in_lambda).collect();
        let writes: Vec<(&Call<'_>, String)> = calls
            .iter()
            .filter_map(|c| plain_write(model, c).map(|t| (*c, t)))
            .collect();
        if writes.is_empty() {
            continue;
        }
        let mut reads: Vec<Read<'_>> = Vec::new();
        for call in &calls {
            if let Some(table) = keyed_read(model, call) {
                reads.push(Read {
                    call,
                    table,
                    helper: None,
                });
            } else if let Some(helper) = resolve(model, &methods, id, call).filter(|h| *h != id) {
                let table = helpers
                    .entry(helper)
                    .or_insert_with(|| reading_helper(model, helper))
                    .clone();
                if let Some(table) = table {
                    reads.push(Read {
                        call,
                        table,
                        helper: Some(helper),
                    });
                }
            }
        }
        let hit = reads.iter().find_map(|read| {
            if ctx.runs_at_start(read.call.range().start()) || fresh_key(model, body, read.call) {
                return None;
            }
            writes
                .iter()
                .find_map(|(write, table)| {
                    let (r, w) = (read.call.range(), write.range());
                    if w.start() < r.end()
                        || *table != read.table
                        || !exclusive_paths::can_precede(body, r, w)
                        || same_context(model, body, read, write)
                    {
                        return None;
                    }
                    // A fresh read of the table in the write's own context, between
                    // the two, re-checks what the write relies on (`existing =
                    // conn.execute("SELECT 1 ...")` inside the write transaction).
                    let rechecked = reads.iter().any(|other| {
                        other.helper.is_none()
                            && other.table == *table
                            && other.call.range().start() > r.end()
                            && other.call.range().end() <= w.start()
                            && same_context(model, body, other, write)
                    });
                    if rechecked {
                        return None;
                    }
                    let data = ReadData::new(body, &[r], w);
                    let args: Vec<&Expr> = write
                        .expr
                        .arguments
                        .args
                        .iter()
                        .skip(1)
                        .chain(write.expr.arguments.keywords.iter().map(|k| &k.value))
                        .collect();
                    if !data.values(args.iter().copied())
                        || rechecks_in_where(model, write, &data)
                        || rowcount_checked(body, write)
                    {
                        return None;
                    }
                    let writer = second_party(ctx, id, r, w, threaded, party)?;
                    Some((*write, writer))
                })
                .map(|(write, writer)| (read, write, writer))
        });
        if let Some((read, write, writer)) = hit {
            out.push(report(meta, model, id, read, write, &writer));
        }
    }
}

/// A module that imports a database server's driver (asyncpg, psycopg): its
/// pools and statements are not SQLite's.
fn server_driver(model: &Model<'_>) -> bool {
    model
        .imports
        .iter()
        .any(|i| crate::semantic::foreign_db::is_foreign_driver(&i.target))
}

/// Methods that run one query and return its rows (an async pool connection's
/// `fetchrow`, a wrapper's `fetch_one`), besides `execute`.
const FETCH_METHODS: &[&str] = &[
    "fetch",
    "fetchrow",
    "fetchval",
    "fetch_one",
    "fetch_all",
    "fetch_val",
];

/// The SQL a call runs (lower case, one line): `execute` through the
/// connection model, the fetch methods by their first argument.
fn sql(model: &Model<'_>, call: &Call<'_>) -> Option<String> {
    if let Some(sql) = connections::normalized_sql(model, call) {
        return Some(sql);
    }
    let method = call.method_name()?;
    if !FETCH_METHODS.contains(&method) {
        return None;
    }
    let arg = call.argument(0, "query")?;
    let value =
        crate::semantic::strings::string_value(model, arg, call.scope, call.range().start())?;
    if crate::semantic::foreign_db::foreign_driver(model, call).is_some() {
        return None;
    }
    Some(crate::semantic::sql::one_line_lower(&value.sketch()))
}

/// The table a keyed `SELECT ... FROM t ... WHERE ...` reads.
fn keyed_read(model: &Model<'_>, call: &Call<'_>) -> Option<String> {
    let sql = sql(model, call)?;
    if !sql.starts_with("select ") || !sql.contains(" where ") {
        return None;
    }
    let rest = sql.split(" from ").nth(1)?;
    let table = rest
        .split(|c: char| c.is_whitespace() || c == ',' || c == ';')
        .next()?
        .trim_matches(|c| matches!(c, '"' | '`' | '[' | ']'));
    (!table.is_empty()
        && table
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '.'))
    .then(|| table.to_string())
}

/// The table of a plain `INSERT` or `UPDATE` (no conflict clause: those keep
/// or merge the other writer's row on their own).
fn plain_write(model: &Model<'_>, call: &Call<'_>) -> Option<String> {
    let sql = sql(model, call)?;
    let plain = (sql.starts_with("insert into ") || sql.starts_with("update "))
        && !sql.contains(" on conflict")
        && !sql.starts_with("update or ");
    if !plain {
        return None;
    }
    effects::table_of_write(&sql)
}

/// A helper of the module that only reads one table by key and returns what
/// it read: the table.
fn reading_helper(model: &Model<'_>, id: FuncId) -> Option<String> {
    let body = &model.scopes.function(id).def.body;
    let returns = visit::scope_stmts(body)
        .into_iter()
        .any(|s| matches!(s, Stmt::Return(r) if r.value.is_some()));
    if !returns {
        return None;
    }
    let mut table: Option<String> = None;
    for call in model.calls_in(Some(id)) {
        let Some(sql) = sql(model, call) else {
            continue;
        };
        if !sql.starts_with("select ") {
            return None;
        }
        let read = keyed_read(model, call)?;
        if table.as_ref().is_some_and(|t| *t != read) {
            return None;
        }
        table = Some(read);
    }
    table
}

/// The connection a call runs on, as the code names it, and the `with`
/// statement that bound that name (`with self._write() as conn:`), if any. A
/// cursor made from a connection (`cur = conn.cursor()`) stands for it.
fn context_of(
    model: &Model<'_>,
    body: &[Stmt],
    call: &Call<'_>,
) -> Option<(String, Option<TextRange>)> {
    let Expr::Attribute(attr) = &*call.expr.func else {
        return None;
    };
    let mut receiver: &Expr = &attr.value;
    if let Expr::Call(inner) = receiver {
        if let Expr::Attribute(a) = &*inner.func {
            if a.attr.as_str() == "cursor" {
                receiver = &a.value;
            }
        }
    }
    let mut name = model.slice(receiver.range()).to_string();
    if let Expr::Name(n) = receiver {
        if let Some(from) = cursor_source(model, body, n.id.as_str(), call.range()) {
            name = from;
        }
    }
    let root = name.split('.').next().unwrap_or_default().to_string();
    let bound = ancestors(body, call.range())
        .into_iter()
        .rev()
        .find_map(|s| match s {
            Stmt::With(w) => w
                .items
                .iter()
                .any(|i| matches!(i.optional_vars.as_deref(), Some(Expr::Name(v)) if v.id.as_str() == root))
                .then(|| w.range()),
            _ => None,
        });
    Some((name, bound))
}

/// `cur = <conn>.cursor()` before `at`: the connection's text.
fn cursor_source(model: &Model<'_>, body: &[Stmt], name: &str, at: TextRange) -> Option<String> {
    visit::scope_stmts(body)
        .into_iter()
        .filter(|s| s.end() <= at.start())
        .filter_map(|s| match s {
            Stmt::Assign(a) => match (a.targets.as_slice(), &*a.value) {
                ([Expr::Name(t)], Expr::Call(c)) if t.id.as_str() == name => match &*c.func {
                    Expr::Attribute(f) if f.attr.as_str() == "cursor" => {
                        Some(model.slice(f.value.range()).to_string())
                    }
                    _ => None,
                },
                _ => None,
            },
            _ => None,
        })
        .last()
}

/// Whether the read and the write run on one connection context (the same
/// name, bound by the same `with` or by none): the transaction model's flows
/// hold those. A helper handed the write's connection reads in its context.
fn same_context(model: &Model<'_>, body: &[Stmt], read: &Read<'_>, write: &Call<'_>) -> bool {
    let Some((wname, wbound)) = context_of(model, body, write) else {
        return true;
    };
    if read.helper.is_some() {
        let root = wname.split('.').next().unwrap_or_default();
        return read
            .call
            .expr
            .arguments
            .args
            .iter()
            .chain(read.call.expr.arguments.keywords.iter().map(|k| &k.value))
            .any(|a| matches!(a, Expr::Name(n) if n.id.as_str() == root && root != "self"));
    }
    match context_of(model, body, read.call) {
        Some((rname, rbound)) => rname == wname && rbound == wbound,
        None => true,
    }
}

/// An `UPDATE` whose `WHERE` binds a value taken from the read (`WHERE id = ?
/// AND version = ?`): it changes nothing when another writer came first. The
/// placeholders after `WHERE` take the last parameters of the tuple or list
/// literal (`?`), or the arguments after the SQL (`$n`).
fn rechecks_in_where(model: &Model<'_>, write: &Call<'_>, data: &ReadData<'_>) -> bool {
    let Some(sql) = sql(model, write) else {
        return false;
    };
    let Some(clause) = sql.split(" where ").nth(1) else {
        return false;
    };
    let args = &write.expr.arguments.args;
    let positional = clause.matches('?').count();
    if positional > 0 {
        let Some(Expr::Tuple(_) | Expr::List(_)) = args.get(1) else {
            return false;
        };
        let elts = match &args[1] {
            Expr::Tuple(t) => &t.elts,
            Expr::List(l) => &l.elts,
            _ => return false,
        };
        return elts.iter().rev().take(positional).any(|e| data.uses(e));
    }
    // `$2`: the second argument after the SQL.
    clause
        .split('$')
        .skip(1)
        .filter_map(|p| {
            p.chars()
                .take_while(char::is_ascii_digit)
                .collect::<String>()
                .parse::<usize>()
                .ok()
        })
        .any(|n| args.get(n).is_some_and(|e| data.uses(e)))
}

/// The write's `rowcount` (or a returned status) is looked at after it: the
/// code acts on whether its change landed.
fn rowcount_checked(body: &[Stmt], write: &Call<'_>) -> bool {
    visit::scope_stmts(body).into_iter().any(|s| {
        s.start() >= write.range().start()
            && match s {
                Stmt::If(i) => contains_attr(&i.test, "rowcount"),
                Stmt::Assign(a) => contains_attr(&a.value, "rowcount"),
                Stmt::Return(r) => r
                    .value
                    .as_deref()
                    .is_some_and(|v| contains_attr(v, "rowcount")),
                _ => false,
            }
    })
}

fn contains_attr(expr: &Expr, attr: &str) -> bool {
    use ruff_python_ast::visitor::{self, Visitor};
    struct Find<'n>(&'n str, bool);
    impl<'a> Visitor<'a> for Find<'_> {
        fn visit_expr(&mut self, expr: &'a Expr) {
            if let Expr::Attribute(a) = expr {
                if a.attr.as_str() == self.0 {
                    self.1 = true;
                }
            }
            visitor::walk_expr(self, expr);
        }
    }
    let mut f = Find(attr, false);
    f.visit_expr(expr);
    f.1
}

/// The read's key is made in the method (`key = uuid.uuid4().hex`, a random
/// token) before the read: no other caller can hold it.
fn fresh_key(model: &Model<'_>, body: &[Stmt], read: &Call<'_>) -> bool {
    let fresh: Vec<String> = visit::scope_stmts(body)
        .into_iter()
        .filter(|s| s.end() <= read.range().start())
        .filter_map(|s| match s {
            Stmt::Assign(a) if generates(model, &a.value) => match a.targets.as_slice() {
                [Expr::Name(n)] => Some(n.id.to_string()),
                _ => None,
            },
            _ => None,
        })
        .collect();
    !fresh.is_empty()
        && read
            .expr
            .arguments
            .args
            .iter()
            .chain(read.expr.arguments.keywords.iter().map(|k| &k.value))
            .any(|a| visit::loaded_names(a).iter().any(|n| fresh.contains(n)))
}

fn generates(model: &Model<'_>, value: &Expr) -> bool {
    let text = model.slice(value.range());
    [
        "uuid1(",
        "uuid4(",
        "uuid7(",
        "token_hex(",
        "token_urlsafe(",
        "ulid",
    ]
    .iter()
    .any(|g| text.contains(g))
}

/// Who can run between the read and the write (semantic::second_writers);
/// in a coroutine with an await between them, the loop's other tasks. A
/// library's unknown callers are not enough here: the finding must name them.
fn second_party(
    ctx: &Context<'_, '_>,
    id: FuncId,
    read: TextRange,
    write: TextRange,
    threaded: &HashMap<String, String>,
    party: &crate::semantic::second_party::SecondParty,
) -> Option<SecondWriter> {
    let model = ctx.model;
    let function = model.scopes.function(id);
    let known = second_writers::Known {
        threads: threads::concurrency_reason(threaded, &function.qualname, false),
        party,
    };
    let span = read.cover(write);
    let writer = second_writers::of_read_then_write(ctx.project, model, id, span, &known);
    // A coroutine's own overlap comes first: the loop's other tasks run at
    // every await between the two contexts, whatever else runs the module.
    if function.def.is_async
        && !matches!(writer, SecondWriter::Nobody)
        && awaits_between(model, read, write)
    {
        return Some(SecondWriter::Named(
            "the event loop's other tasks, which run at the awaits between the read and the write"
                .to_string(),
        ));
    }
    match writer {
        SecondWriter::Named(_) => Some(writer),
        SecondWriter::Callers(_) if function.def.is_async && awaits_between(model, read, write) =>
        {
            Some(SecondWriter::Named(
                "the event loop's other tasks, which run at the awaits between the read and the write".to_string(),
            ))
        }
        _ => None,
    }
}

/// An `await` (or `async with`/`async for`) after the read and before the
/// write: leaving one context and entering the other suspends the coroutine.
fn awaits_between(model: &Model<'_>, read: TextRange, write: TextRange) -> bool {
    if write.start() <= read.end() {
        return false;
    }
    let between = model.slice(TextRange::new(read.end(), write.start()));
    between.contains("await ") || between.contains("async with ") || between.contains("async for ")
}

fn report(
    meta: &'static Meta,
    model: &Model<'_>,
    id: FuncId,
    read: &Read<'_>,
    write: &Call<'_>,
    writer: &SecondWriter,
) -> Finding {
    let name = &model.scopes.function(id).qualname;
    let (read_line, write_line) = (
        model.line_column(read.call.range().start()).0,
        model.line_column(write.range().start()).0,
    );
    let how = match read.helper {
        Some(h) => format!("through `{}`", model.scopes.function(h).qualname),
        None => "in one connection context".to_string(),
    };
    let who = match writer {
        SecondWriter::Named(w) | SecondWriter::Callers(w) => w.as_str(),
        SecondWriter::Nobody => "",
    };
    let message = format!(
        "`{name}` reads `{}` {how} (line {read_line}) and writes it on line {write_line} in another context, with a value computed from the read: two callers on one key both read the same row, and the second write drops the first's change (or both insert and the second fails on the key)",
        read.table,
    );
    Finding::new(meta, read.call.range(), message)
        .with_severity(Severity::Medium)
        .with_note(format!(
            "Second party: {who}. The read's connection or transaction has ended when the write's begins, so nothing orders them (docs/sqlite-facts.md#F-implicit-begin). Not fixed automatically: write it as one statement (`INSERT ... ON CONFLICT(key) DO UPDATE SET ... RETURNING ...`), or move the read inside the write transaction and begin that IMMEDIATE (docs/sqlite-facts.md#F-begin-immediate)"
        ))
}
