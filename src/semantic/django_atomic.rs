//! Django `transaction.atomic` blocks that read then write, and the Django
//! processes that write the same database beside them.
//!
//! Django's SQLite backend begins every `atomic()` block with a plain `BEGIN`
//! (DEFERRED) unless `OPTIONS["transaction_mode"]` says otherwise (Django
//! 5.1+). A block whose first statement reads (`.get()`, `.filter()`,
//! `get_object_or_404`, `.exists()`, or a `.delete()`, which collects the
//! related rows with SELECTs before it deletes) holds a read lock; its first
//! write must upgrade it, and SQLite does not call the busy handler for that
//! upgrade: while another connection writes, it fails at once with "database
//! is locked" (F-upgrade-fails-fast). A block that only writes, or only reads,
//! is not this hazard.
//!
//! Models are recognised by the manager: a call chain through `.objects`
//! (`Account.objects.filter(...).delete()`); instances by `.save()` and
//! `.delete()` with no positional argument (an image's `save(path)` is not a
//! model's). Calls to the module's own functions, and to project functions
//! elsewhere (through their summaries), count as what their bodies do.
//!
//! The second writer (second_writers.rs) must be a Django process: a
//! management command that writes (run by cron or a task runner, in a process
//! of its own), a task-queue worker (Celery, Huey, django-q, RQ, Dramatiq), a
//! script that sets Django up and writes, or a web server with several
//! workers. That Django is imported is not evidence: every Django project
//! imports it.

use ruff_python_ast::{Expr, Stmt};
use ruff_text_size::{Ranged, TextRange};

use super::model::{Call, Model};
use super::project::ProjectView;
use super::scopes::FuncId;
use super::transactions::scope_stmts;

/// What an ORM call does to the database.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    Read,
    Write,
    /// Reads then writes in one call (`.delete()` collects related rows first;
    /// `get_or_create`).
    Both,
    /// A call of a project function whose body reads, then writes what it
    /// decided: the hazard by itself.
    Pair,
}

impl Op {
    fn reads(self) -> bool {
        self != Op::Write
    }
    fn writes(self) -> bool {
        self != Op::Read
    }
    /// A project function's summary: reading and writing in one body is
    /// taken as a read, then a write.
    pub fn of(reads: bool, writes: bool) -> Option<Op> {
        match (reads, writes) {
            (true, true) => Some(Op::Pair),
            (true, false) => Some(Op::Read),
            (false, true) => Some(Op::Write),
            (false, false) => None,
        }
    }
}

/// A deferred `atomic` block whose body reads then writes.
#[derive(Debug, Clone)]
pub struct AtomicBlock {
    pub function: FuncId,
    /// The decorator or `with` item naming `atomic`.
    pub opener: TextRange,
    /// The call in the block that reads first, and the later one that writes.
    pub read: TextRange,
    pub write: TextRange,
}

const READS: &[&str] = &[
    "get",
    "filter",
    "exclude",
    "all",
    "first",
    "last",
    "exists",
    "count",
    "aggregate",
    "values",
    "values_list",
    "in_bulk",
    "earliest",
    "latest",
    "iterator",
    "select_for_update",
    "contains",
];
const WRITES: &[&str] = &["create", "update", "bulk_create", "bulk_update"];
const BOTH: &[&str] = &["delete", "get_or_create", "update_or_create"];

/// Whether the project configures the SQLite backend: the engine's dotted
/// name, or a `sqlite://` URL handed to a database-URL parser.
pub fn names_sqlite_backend(text: &str) -> bool {
    text.contains("django.db.backends.sqlite3")
        || (text.contains("sqlite:///")
            && (text.contains("dj_database_url") || text.contains("DATABASE_URL")))
}

/// Whether the module asks Django for IMMEDIATE (or EXCLUSIVE) transactions.
pub fn sets_immediate_mode(text: &str) -> bool {
    text.contains("transaction_mode") && (text.contains("IMMEDIATE") || text.contains("EXCLUSIVE"))
}

/// `atomic`, `atomic()`, `atomic(using=...)` from `django.db.transaction`.
fn is_atomic(model: &Model<'_>, expr: &Expr, scope: Option<FuncId>) -> bool {
    let target = match expr {
        Expr::Call(c) => &*c.func,
        e => e,
    };
    model
        .resolve(target, scope)
        .is_some_and(|q| q == "django.db.transaction.atomic")
}

/// What one call does, by its own shape: a manager chain, a shortcut, or an
/// instance's `save()`/`delete()`.
pub fn op_of_call(call: &Call<'_>) -> Option<Op> {
    let expr = call.expr;
    match &*expr.func {
        Expr::Name(n) => {
            let name = n.id.as_str();
            (name.ends_with("_or_404") || name == "get_object_or_404").then_some(Op::Read)
        }
        Expr::Attribute(attr) => {
            let method = attr.attr.as_str();
            let mut through_manager = false;
            let mut reads = false;
            let mut at = &*attr.value;
            loop {
                match at {
                    Expr::Call(c) => match &*c.func {
                        Expr::Attribute(a) => {
                            reads |= READS.contains(&a.attr.as_str());
                            at = &a.value;
                        }
                        _ => break,
                    },
                    Expr::Attribute(a) => {
                        through_manager |= a.attr.as_str() == "objects";
                        at = &a.value;
                    }
                    _ => break,
                }
            }
            let no_positional = expr.arguments.args.is_empty();
            if through_manager {
                if BOTH.contains(&method) {
                    Some(Op::Both)
                } else if WRITES.contains(&method) {
                    Some(if reads { Op::Both } else { Op::Write })
                } else if READS.contains(&method) {
                    Some(Op::Read)
                } else {
                    None
                }
            } else if !no_positional {
                None
            } else if method == "save" {
                Some(if reads { Op::Both } else { Op::Write })
            } else if method == "delete"
                && matches!(&*attr.value, Expr::Name(_) | Expr::Attribute(_))
            {
                Some(Op::Both)
            } else if method == "refresh_from_db" {
                Some(Op::Read)
            } else {
                None
            }
        }
        _ => None,
    }
}

/// Whether function `id`'s own body reads and writes through the ORM.
pub fn own_ops(model: &Model<'_>, id: FuncId) -> (bool, bool) {
    model
        .calls_in(Some(id))
        .filter(|c| !c.in_lambda)
        .filter_map(op_of_call)
        .fold((false, false), |(r, w), op| {
            (r || op.reads(), w || op.writes())
        })
}

/// The module's `atomic` blocks that read then write. `elsewhere` answers for
/// a call to a project function of another module: what its body does.
pub fn blocks(model: &Model<'_>, elsewhere: &dyn Fn(&Call<'_>) -> Option<Op>) -> Vec<AtomicBlock> {
    atomic_bodies(model)
        .into_iter()
        .filter_map(|(function, opener, body)| {
            let (read, write) = read_then_write(model, function, body, elsewhere)?;
            Some(AtomicBlock {
                function,
                opener,
                read,
                write,
            })
        })
        .collect()
}

/// An `atomic` block that writes: from its first write to its end, Django's
/// connection holds SQLite's write lock.
#[derive(Debug, Clone)]
pub struct WriteBlock {
    pub function: FuncId,
    /// The decorator or `with` item naming `atomic`.
    pub opener: TextRange,
    /// The block's body (a decorated function's whole body).
    pub body: TextRange,
    /// The first call in the body that writes (or reads, then writes).
    pub first_write: TextRange,
}

/// The module's `atomic` blocks that write, with `elsewhere` as for [`blocks`].
pub fn write_blocks(
    model: &Model<'_>,
    elsewhere: &dyn Fn(&Call<'_>) -> Option<Op>,
) -> Vec<WriteBlock> {
    atomic_bodies(model)
        .into_iter()
        .filter_map(|(function, opener, body)| {
            let (first_write, _) = ops_in(model, function, body, elsewhere)
                .into_iter()
                .find(|(_, op)| op.writes())?;
            Some(WriteBlock {
                function,
                opener,
                body,
                first_write,
            })
        })
        .collect()
}

/// Every `atomic` block of the module, decorator or sync `with`: its function,
/// the expression naming `atomic`, and the body it covers.
fn atomic_bodies(model: &Model<'_>) -> Vec<(FuncId, TextRange, TextRange)> {
    let mut out = Vec::new();
    for (id, f) in model.scopes.functions.iter().enumerate() {
        for d in &f.def.decorator_list {
            if is_atomic(model, &d.expression, f.parent) {
                out.push((id, d.expression.range(), f.body_range));
            }
        }
        for stmt in scope_stmts(&f.def.body) {
            let Stmt::With(with) = stmt else { continue };
            if with.is_async {
                continue;
            }
            let Some(item) = with
                .items
                .iter()
                .find(|i| is_atomic(model, &i.context_expr, Some(id)))
            else {
                continue;
            };
            let body = TextRange::new(
                with.body.first().map_or(with.end(), Ranged::start),
                with.end(),
            );
            out.push((id, item.context_expr.range(), body));
        }
    }
    out
}

/// The first call in `range` of `scope` that reads, and the first later one
/// that writes (one call that does both counts for either, not both).
fn read_then_write(
    model: &Model<'_>,
    scope: FuncId,
    range: TextRange,
    elsewhere: &dyn Fn(&Call<'_>) -> Option<Op>,
) -> Option<(TextRange, TextRange)> {
    first_pair(&ops_in(model, scope, range, elsewhere))
}

/// What each call in `range` of `scope` does to the database, in order.
fn ops_in(
    model: &Model<'_>,
    scope: FuncId,
    range: TextRange,
    elsewhere: &dyn Fn(&Call<'_>) -> Option<Op>,
) -> Vec<(TextRange, Op)> {
    let mut ops: Vec<(TextRange, Op)> = model
        .calls_in(Some(scope))
        .filter(|c| !c.in_lambda && range.contains_range(c.range()))
        .filter_map(|c| op_of(model, c, elsewhere, 0).map(|op| (c.range(), op)))
        .collect();
    // A chain's inner calls start where it starts: the outermost one speaks.
    ops.sort_by_key(|(r, _)| (r.start(), std::cmp::Reverse(r.end())));
    ops.dedup_by(|b, a| a.0.start() == b.0.start());
    ops
}

/// The first read and the first later write; a call that is a pair by itself
/// is both.
fn first_pair(ops: &[(TextRange, Op)]) -> Option<(TextRange, TextRange)> {
    let (read, op) = ops.iter().find(|(_, op)| op.reads())?;
    match ops
        .iter()
        .find(|(r, op)| op.writes() && r.start() >= read.end())
    {
        Some((write, _)) => Some((*read, *write)),
        None if *op == Op::Pair => Some((*read, *read)),
        None => None,
    }
}

/// What a call does: its own shape, else the body of the module function or
/// method it calls (two levels down), else `elsewhere`.
fn op_of(
    model: &Model<'_>,
    call: &Call<'_>,
    elsewhere: &dyn Fn(&Call<'_>) -> Option<Op>,
    depth: usize,
) -> Option<Op> {
    if let Some(op) = op_of_call(call) {
        return Some(op);
    }
    let local = match &*call.expr.func {
        Expr::Name(n) => model.scopes.module_function(n.id.as_str()),
        Expr::Attribute(a) if matches!(&*a.value, Expr::Name(s) if s.id.as_str() == "self") => {
            let class = model.scopes.enclosing_class(call.scope)?;
            model.scopes.method(class, a.attr.as_str())
        }
        // `job.claim(worker)` on an instance the function read: the model's
        // own method, when the model is defined in this module.
        Expr::Attribute(a) => match instance_class(model, call) {
            Some(Expr::Name(n)) => model
                .scopes
                .class_named(n.id.as_str())
                .and_then(|c| model.scopes.method(c, a.attr.as_str())),
            _ => None,
        },
        _ => None,
    };
    match local {
        Some(f) if depth < 2 => {
            let mut ops: Vec<(TextRange, Op)> = model
                .calls_in(Some(f))
                .filter(|c| !c.in_lambda)
                .filter_map(|c| op_of(model, c, elsewhere, depth + 1).map(|op| (c.range(), op)))
                .collect();
            ops.sort_by_key(|(r, _)| (r.start(), std::cmp::Reverse(r.end())));
            ops.dedup_by(|b, a| a.0.start() == b.0.start());
            if first_pair(&ops).is_some() {
                return Some(Op::Pair);
            }
            let reads = ops.iter().any(|(_, op)| op.reads());
            let writes = ops.iter().any(|(_, op)| op.writes());
            match (reads, writes) {
                (true, true) => Some(Op::Both),
                (true, false) => Some(Op::Read),
                (false, true) => Some(Op::Write),
                (false, false) => None,
            }
        }
        Some(_) => None,
        None => elsewhere(call),
    }
}

/// The model class of the instance a method call is made on, when the
/// instance is a local the same function read through the ORM as one row:
/// `Job` for `job.claim(w)` after `job = Job.objects.ready().first()` or
/// `job = get_object_or_404(Job, pk=pk)`. A model's own methods (`claim`,
/// `mark_done`, `charge`) usually end in `self.save()`: what the call does is
/// what that method's body does.
pub fn instance_class<'a>(model: &Model<'a>, call: &Call<'_>) -> Option<&'a Expr> {
    let Expr::Attribute(a) = &*call.expr.func else {
        return None;
    };
    let Expr::Name(var) = &*a.value else {
        return None;
    };
    if var.id.as_str() == "self" {
        return None;
    }
    let bound = model
        .assignments_named_in(call.scope, var.id.as_str())
        .filter(|b| b.stmt.start() < call.expr.start())
        .last()?;
    one_row_class(bound.value)
}

/// The model class a one-row ORM read names: the root of `X.objects.….first()`
/// (`get`, `first`, `last`, `earliest`, `latest`), or the first argument of a
/// `get_object_or_404(X, ...)` shortcut.
fn one_row_class(expr: &Expr) -> Option<&Expr> {
    const ONE_ROW: &[&str] = &["get", "first", "last", "earliest", "latest"];
    let Expr::Call(c) = expr else {
        return None;
    };
    match &*c.func {
        Expr::Name(n) if n.id.as_str().ends_with("_or_404") => c.arguments.args.first(),
        Expr::Attribute(a) if ONE_ROW.contains(&a.attr.as_str()) => {
            let mut at = &*a.value;
            loop {
                match at {
                    Expr::Call(c) => at = &c.func,
                    Expr::Attribute(a) if a.attr.as_str() == "objects" => return Some(&a.value),
                    Expr::Attribute(a) => at = &a.value,
                    _ => return None,
                }
            }
        }
        _ => None,
    }
}

/// The Django process this module runs that writes the database in a process
/// or worker of its own, named for a finding: a management command that
/// writes, a task-queue task, a queueing call, or a script that sets Django up
/// and writes.
pub fn writer(model: &Model<'_>) -> Option<String> {
    let path = crate::diff::display_path(model.path);
    let writes = || {
        model
            .calls
            .iter()
            .filter_map(op_of_call)
            .any(|op| op.writes())
    };
    let in_commands = path.contains("management/commands/");
    let stem = model
        .path
        .file_stem()
        .map(|s| s.to_string_lossy().to_string())
        .unwrap_or_default();
    if in_commands && !stem.starts_with('_') && writes() {
        return Some(format!(
            "the management command `{stem}` ({path}), which writes the database in a process of its own whenever cron or a task runner starts it"
        ));
    }
    // A command that loops and sleeps is a worker: it polls the database
    // through the project's own functions (a queue's claim, a sync), in a
    // process of its own, and deployments start several of them.
    if in_commands && !stem.starts_with('_') && polls(model) {
        return Some(format!(
            "the management command `{stem}` ({path}), a polling loop that uses the database in a process of its own (one per worker started)"
        ));
    }
    for f in &model.scopes.functions {
        for d in &f.def.decorator_list {
            if let Some(lib) = task_library(model, &d.expression, f.parent) {
                return Some(format!(
                    "{lib} worker processes running the task `{}` ({path})",
                    f.qualname
                ));
            }
        }
    }
    for call in &model.calls {
        if let Some(q) = call.qualified()
            && (q.starts_with("django_q.")
                && (q.ends_with(".async_task") || q.ends_with(".schedule")))
        {
            return Some(format!(
                "the django-q cluster's worker processes, which run the tasks {path} queues"
            ));
        }
    }
    let sets_up = model
        .calls
        .iter()
        .any(|c| c.qualified() == Some("django.setup"));
    // A runner script (a job runner a server starts per task) need not write
    // in its own body: what it sets Django up for is the database.
    if sets_up && model.text.contains("__main__") {
        return Some(format!(
            "the script {path}, which sets Django up and uses the database in a process of its own"
        ));
    }
    None
}

/// Whether the module has a `while` loop that sleeps between rounds: a
/// poller that stays up, not a one-shot command.
fn polls(model: &Model<'_>) -> bool {
    model.scopes.functions.iter().enumerate().any(|(id, f)| {
        super::visit::any_stmt(&f.def.body, |s| {
            let Stmt::While(w) = s else { return false };
            model.calls_in(Some(id)).any(|c| {
                w.range().contains_range(c.range())
                    && matches!(c.qualified(), Some("time.sleep" | "asyncio.sleep"))
            })
        })
    })
}

/// Task-queue decorators: the library whose workers run the function.
fn task_library(model: &Model<'_>, expr: &Expr, scope: Option<FuncId>) -> Option<&'static str> {
    let target = match expr {
        Expr::Call(c) => &*c.func,
        e => e,
    };
    const LIBS: &[(&str, &str)] = &[
        ("celery", "Celery"),
        ("huey", "Huey"),
        ("django_q", "django-q"),
        ("django_rq", "RQ"),
        ("rq", "RQ"),
        ("dramatiq", "Dramatiq"),
        ("background_task", "django-background-tasks"),
        ("procrastinate", "Procrastinate"),
    ];
    const TASK_NAMES: &[&str] = &[
        "task",
        "shared_task",
        "periodic_task",
        "db_task",
        "db_periodic_task",
        "actor",
        "job",
        "background",
    ];
    if let Some(q) = model.resolve(target, scope) {
        let root = q.split('.').next().unwrap_or_default();
        let last = q.rsplit('.').next().unwrap_or_default();
        if let Some((_, name)) = LIBS.iter().find(|(l, _)| *l == root)
            && TASK_NAMES.contains(&last)
        {
            return Some(name);
        }
    }
    // `@app.task` / `@huey.db_task()` on a project object: the module
    // imports the library that made it.
    let Expr::Attribute(a) = target else {
        return None;
    };
    if !TASK_NAMES.contains(&a.attr.as_str()) || a.attr.as_str() == "job" {
        return None;
    }
    LIBS.iter()
        .find(|(l, _)| model.imports.mentions(l))
        .map(|(_, name)| *name)
}

/// Whether importing the module sets Django up: a `django.setup()` call in its
/// body (not in a function), as a project's shared setup module does (a
/// module of two lines a runner script imports before its models).
pub fn sets_up_on_import(model: &Model<'_>) -> bool {
    model
        .calls
        .iter()
        .any(|c| c.scope.is_none() && c.qualified() == Some("django.setup"))
}

/// Scripts (a `__main__` guard) that set Django up by loading a project module
/// that does it on import ([`sets_up_on_import`]), not by calling
/// `django.setup()` themselves ([`writer`] names those): each is a Django
/// process of its own beside the web server, as a script calling it is. At
/// most `limit`, by module index, named for a finding.
fn setup_module_scripts(
    index: &super::project::ProjectIndex,
    limit: usize,
) -> Vec<(usize, String)> {
    let live = |m: &&super::project::ModuleSummary| !super::paths::is_test_module(&m.path);
    let setups: Vec<&std::path::Path> = index
        .modules
        .iter()
        .filter(live)
        .filter(|m| m.facts.django_setup_on_import)
        .map(|m| m.path.as_path())
        .collect();
    let Some(graph) = index.import_graph() else {
        return Vec::new();
    };
    if setups.is_empty() {
        return Vec::new();
    }
    let scripts: Vec<(usize, &std::path::Path, &std::path::Path)> = index
        .modules
        .iter()
        .enumerate()
        .filter(|(_, m)| live(m))
        .filter(|(_, m)| {
            m.facts.django_main_script
                && m.facts.django_writer.is_none()
                && !m.facts.django_setup_on_import
        })
        .filter_map(|(i, m)| {
            let closure = graph.closure(&m.path)?;
            let setup = setups.iter().find(|s| graph.loads(&closure, s))?;
            Some((i, m.path.as_path(), *setup))
        })
        .collect();
    let Some((_, _, setup)) = scripts.first() else {
        return Vec::new();
    };
    // Which of them runs beside the server (a job runner) and which once
    // (a database initialiser) the code does not say: name them all.
    let mut names: Vec<String> = scripts
        .iter()
        .take(3)
        .map(|(_, p, _)| crate::diff::display_path(p))
        .collect();
    if scripts.len() > 3 {
        names.push(format!("{} more", scripts.len() - 3));
    }
    let who = if scripts.len() == 1 {
        format!(
            "the script {}, which sets Django up (importing {}) and uses the database in a process of its own",
            names[0],
            crate::diff::display_path(setup)
        )
    } else {
        format!(
            "the scripts {}, which set Django up (importing {}) and use the database each in a process of its own",
            names.join(", "),
            crate::diff::display_path(setup)
        )
    };
    scripts
        .iter()
        .take(limit)
        .map(|(i, _, _)| (*i, who.clone()))
        .collect()
}

/// The project's first Django writer process ([`writer`]), another module's
/// before the viewed one's: a command's own block has the web requests and
/// other commands beside it, not itself; its own tasks run on several workers
/// at once. A script that sets Django up through an imported setup module
/// comes after those ([`setup_module_scripts`]).
pub fn project_writer(view: &ProjectView<'_>) -> Option<String> {
    struct Writers(Vec<(usize, String)>);
    let writers = view.index.memo(|index| {
        let mut found: Vec<(usize, String)> = index
            .modules
            .iter()
            .enumerate()
            .filter(|(_, m)| !super::paths::is_test_module(&m.path))
            .filter_map(|(i, m)| m.facts.django_writer.clone().map(|w| (i, w)))
            .take(2)
            .collect();
        if found.len() < 2 {
            let more = setup_module_scripts(index, 2 - found.len());
            found.extend(more);
        }
        Writers(found)
    });
    writers
        .0
        .iter()
        .find(|(i, _)| Some(*i) != view.module)
        .map(|(_, w)| w.clone())
        .or_else(|| {
            view.own
                .facts
                .django_writer
                .clone()
                .filter(|w| w.contains("worker processes"))
        })
}
