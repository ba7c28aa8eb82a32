//! One writer, nothing to serialize: every write of a table comes from one
//! piece of code that never runs beside itself.
//!
//! - A loop task (`@tasks.loop(...)` of discord.py, an APScheduler job added
//!   with `add_job(f, ...)` and the default `max_instances=1`): the next run
//!   starts only after the last one ended.
//! - The functions one worker thread runs: a `threading.Thread(target=f)` the
//!   module starts once (in module code or in the function that starts the
//!   server, not in a loop, not a pool), where `f` is nothing else's entry
//!   point (a route, an executor's job).
//!
//! Code that only reads the table (request threads, a command) is no writer:
//! SQF303 orders writers, and SQF305's lost update needs a second writer of the
//! same rows. Start-up listeners (`on_ready`, `setup_hook`, `cog_load`) run
//! before the writer starts and count as the writer's own. A table written in
//! two such places, or by code of another module (any other module of the
//! project that writes SQL at all), keeps its findings.

use rustc_hash::FxHashMap as HashMap;
use std::cell::{OnceCell, RefCell};

use ruff_python_ast::Expr;

use super::model::{Callee, Model};
use super::project::ProjectView;
use super::scopes::FuncId;
use super::spawn::{self, Spawn, SpawnKind};
use super::startup::Serving;
use super::transactions::{Flow, Op};

/// Who runs a function, when one runner never overlaps itself.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Writer {
    /// A loop task or a scheduler job: the coroutine or function itself.
    Task(FuncId),
    /// The one worker thread started on this entry point.
    Thread(String),
}

/// Who writes a table, over the functions of its writing calls (start-up
/// listeners aside).
#[derive(Debug, Clone)]
enum TableWriter {
    Nobody,
    One(Writer),
    /// Two writers, code of the module's top level, or a function with no lone writer.
    Many,
}

/// Whether `flow` writes data (DDL and reads are no writes).
pub fn data_writes(flow: &Flow<'_, '_>) -> bool {
    flow.events.iter().any(|event| match &event.op {
        Op::Write => true,
        Op::Script(kinds) => kinds.contains(&super::sql::SqlKind::Write),
        _ => false,
    })
}

/// The answers for one module, built once per check and on first use: asked
/// per flow and per written table, rescanning the module's calls and spawns each
/// time made the check cubic in the module's length.
pub struct Writers<'m, 'a> {
    model: &'m Model<'a>,
    /// The module's functions that run on worker threads, with their entry
    /// points (`threads::threaded_functions`).
    threaded: &'m HashMap<String, String>,
    others_write: OnceCell<bool>,
    spawns: OnceCell<Vec<Spawn<'m, 'a>>>,
    serving: OnceCell<Serving>,
    /// Scopes of the calls that write each table.
    by_table: OnceCell<HashMap<String, Vec<Option<FuncId>>>>,
    /// Up to two entry points (spawn targets, routes) that reach each function.
    entries: OnceCell<Vec<Vec<FuncId>>>,
    /// Functions named as the first argument of `add_job`: whether every such
    /// call leaves `max_instances` at its default.
    jobs: OnceCell<HashMap<&'a str, bool>>,
    /// The first function of each qualified name.
    by_qualname: OnceCell<HashMap<&'m str, FuncId>>,
    lone: RefCell<HashMap<FuncId, Option<Writer>>>,
    /// Per table: asked for every writing flow, each answer a pass over every
    /// function writing that table (quadratic where one table has many writers).
    table_writers: RefCell<HashMap<String, TableWriter>>,
    /// The spawns, by position, under the name their target is spelled with:
    /// `f` (a name) and `x.f` (an attribute), apart.
    spawned: OnceCell<SpawnedNames<'a>>,
}

#[derive(Default)]
struct SpawnedNames<'a> {
    by_name: HashMap<&'a str, Vec<usize>>,
    by_attr: HashMap<&'a str, Vec<usize>>,
}

impl<'m, 'a> Writers<'m, 'a> {
    pub fn new(model: &'m Model<'a>, threaded: &'m HashMap<String, String>) -> Self {
        Writers {
            model,
            threaded,
            others_write: OnceCell::new(),
            spawns: OnceCell::new(),
            serving: OnceCell::new(),
            by_table: OnceCell::new(),
            entries: OnceCell::new(),
            jobs: OnceCell::new(),
            by_qualname: OnceCell::new(),
            lone: RefCell::new(HashMap::default()),
            table_writers: RefCell::new(HashMap::default()),
            spawned: OnceCell::new(),
        }
    }

    /// Whether every data write of `flow` goes to a table only its lone writer
    /// writes (see the module doc).
    pub fn writes_alone(&self, view: &ProjectView<'_>, flow: &Flow<'_, '_>) -> bool {
        let mut tables = Vec::new();
        for event in &flow.events {
            let writes = match &event.op {
                Op::Write => true,
                Op::Script(kinds) => kinds.contains(&super::sql::SqlKind::Write),
                _ => false,
            };
            if !writes {
                continue;
            }
            let Some(table) = event
                .call
                .and_then(|c| super::effects::written_table(self.model, c))
            else {
                return false;
            };
            tables.push(table);
        }
        !tables.is_empty() && tables.iter().all(|t| self.sole_writer(view, flow.scope, t))
    }

    /// Whether `table` is written only by the lone writer that runs `scope`.
    pub fn sole_writer(&self, view: &ProjectView<'_>, scope: FuncId, table: &str) -> bool {
        let Some(writer) = self.lone_writer(scope) else {
            return false;
        };
        if self.others_write(view) {
            return false;
        }
        match self.table_writer(table) {
            TableWriter::Nobody => true,
            TableWriter::One(only) => only == writer,
            TableWriter::Many => false,
        }
    }

    /// Whether the rows already in `table` are changed (updated, deleted,
    /// replaced) only by the lone writer that runs `scope`: every other write
    /// of the table in the module only adds rows (`effects::only_adds_rows`: a
    /// command scheduling a reminder while a loop task reads the due ones and
    /// deletes them by id). A row added meanwhile is not among those the loop
    /// read, so its read-then-write loses nothing. Another module of the
    /// project that writes SQL keeps the finding, as for [`Self::sole_writer`].
    pub fn sole_changer(&self, view: &ProjectView<'_>, scope: FuncId, table: &str) -> bool {
        let Some(writer) = self.lone_writer(scope) else {
            return false;
        };
        if self.others_write(view) {
            return false;
        }
        let model = self.model;
        model.calls.iter().all(|call| {
            if super::effects::written_table(model, call).as_deref() != Some(table) {
                return true;
            }
            let Some(at) = call.scope else {
                return false;
            };
            start_listener(model, at)
                || self.lone_writer(at).as_ref() == Some(&writer)
                || super::effects::only_adds_rows(model, call)
        })
    }

    /// Whether another module of the project (tests aside) writes SQL at all.
    fn others_write(&self, view: &ProjectView<'_>) -> bool {
        *self.others_write.get_or_init(|| {
            super::facts::modules(view).iter().any(|(m, summary)| {
                m.is_some()
                    && !super::paths::is_test_module(&summary.path)
                    && summary.functions.iter().any(|f| f.effects.sql_write)
            })
        })
    }

    fn table_writer(&self, table: &str) -> TableWriter {
        if let Some(known) = self.table_writers.borrow().get(table) {
            return known.clone();
        }
        let by_table = self.by_table.get_or_init(|| {
            let mut out: HashMap<String, Vec<Option<FuncId>>> = HashMap::default();
            for call in &self.model.calls {
                if let Some(t) = super::effects::written_table(self.model, call) {
                    out.entry(t).or_default().push(call.scope);
                }
            }
            out
        });
        let mut found = TableWriter::Nobody;
        for scope in by_table.get(table).into_iter().flatten() {
            let Some(scope) = *scope else {
                found = TableWriter::Many;
                break;
            };
            if start_listener(self.model, scope) {
                continue;
            }
            found = match (self.lone_writer(scope), found) {
                (Some(writer), TableWriter::Nobody) => TableWriter::One(writer),
                (Some(writer), TableWriter::One(only)) if writer == only => TableWriter::One(only),
                _ => {
                    found = TableWriter::Many;
                    break;
                }
            };
        }
        self.table_writers
            .borrow_mut()
            .insert(table.to_string(), found.clone());
        found
    }

    fn lone_writer(&self, scope: FuncId) -> Option<Writer> {
        if let Some(known) = self.lone.borrow().get(&scope) {
            return known.clone();
        }
        let found = self.find_lone_writer(scope);
        self.lone.borrow_mut().insert(scope, found.clone());
        found
    }

    fn find_lone_writer(&self, scope: FuncId) -> Option<Writer> {
        let model = self.model;
        let function = model.scopes.function(scope);
        if self.periodic(scope) {
            // Called directly somewhere as well, it would run beside its loop.
            let called = model
                .calls_named(function.name())
                .any(|c| matches!(&*c.expr.func, Expr::Name(_)));
            return (!called).then_some(Writer::Task(scope));
        }
        if function.is_async() {
            return None;
        }
        let root = self.threaded.get(&function.qualname)?;
        let spawns = self.spawns();
        let spawned = self.spawned.get_or_init(|| {
            let mut out = SpawnedNames::default();
            for (i, spawn) in spawns.iter().enumerate() {
                match spawn.target {
                    Some(Expr::Name(n)) => out.by_name.entry(n.id.as_str()).or_default().push(i),
                    Some(Expr::Attribute(a)) => {
                        out.by_attr.entry(a.attr.as_str()).or_default().push(i)
                    }
                    _ => {}
                }
            }
            out
        });
        // The spawns whose target names the root: `root`, or `x.<its last part>`.
        let mut at: Vec<usize> = spawned
            .by_name
            .get(root.as_str())
            .into_iter()
            .chain(spawned.by_attr.get(root.rsplit('.').next().unwrap_or(root)))
            .flatten()
            .copied()
            .collect();
        at.sort_unstable();
        let starts: Vec<&Spawn<'m, 'a>> = at.into_iter().map(|i| &spawns[i]).collect();
        let root_id = *self
            .by_qualname
            .get_or_init(|| {
                let mut out: HashMap<&'m str, FuncId> = HashMap::default();
                for (id, f) in model.scopes.functions.iter().enumerate() {
                    out.entry(f.qualname.as_str()).or_insert(id);
                }
                out
            })
            .get(root.as_str())?;
        let is_route = super::routes::is_decorated_route(model, root_id);
        // Started once: from module code or from the function that starts the
        // program, not from code that runs per request or per item.
        let serving = self.serving.get_or_init(|| super::startup::serving(model));
        let once = matches!(starts[..], [s] if s.kind == SpawnKind::Thread
            && !s.fan_out
            && s.call.qualified() == Some("threading.Thread")
            && s.call.scope.is_none_or(|id| serving.serves(id)));
        if !once || is_route {
            return None;
        }
        // No other entry point of the module (another thread's target, a route)
        // reaches the function: the thread map names one root per function.
        let reached_by_other = self.entries()[scope].iter().any(|&e| e != root_id);
        (!reached_by_other).then(|| Writer::Thread(root.clone()))
    }

    fn spawns(&self) -> &[Spawn<'m, 'a>] {
        self.spawns.get_or_init(|| spawn::spawns(self.model))
    }

    /// For each function, up to two of the module's entry points (functions
    /// named as a spawn's target, decorated routes) that call it, directly or
    /// through module functions and methods of their own class (by name); an
    /// entry point reaches itself. Two are enough to tell "only this one" from
    /// "another one too", and keep the walk linear.
    fn entries(&self) -> &[Vec<FuncId>] {
        self.entries.get_or_init(|| {
            let model = self.model;
            let functions = &model.scopes.functions;
            let callees: Vec<Vec<FuncId>> = (0..functions.len())
                .map(|from| {
                    let class = functions[from].class;
                    model
                        .calls_in(Some(from))
                        .filter_map(|call| match &call.callee {
                            Callee::Local(name) => model.scopes.module_function(name),
                            Callee::SelfMethod(name) => {
                                class.and_then(|c| model.scopes.method(c, name))
                            }
                            _ => None,
                        })
                        .collect()
                })
                .collect();
            let starts = self
                .spawns()
                .iter()
                .filter_map(|s| s.target)
                .filter_map(|t| match t {
                    Expr::Name(n) => model.scopes.module_function(n.id.as_str()),
                    _ => None,
                })
                .chain(
                    (0..functions.len()).filter(|&id| super::routes::is_decorated_route(model, id)),
                );
            let mut out: Vec<Vec<FuncId>> = vec![Vec::new(); functions.len()];
            let mut queue: Vec<(FuncId, FuncId)> = starts.map(|e| (e, e)).collect();
            while let Some((node, entry)) = queue.pop() {
                let labels = &mut out[node];
                if labels.len() >= 2 || labels.contains(&entry) {
                    continue;
                }
                labels.push(entry);
                queue.extend(callees[node].iter().map(|&next| (next, entry)));
            }
            out
        })
    }

    /// A loop task or a scheduler job, which never overlaps its own last run.
    fn periodic(&self, scope: FuncId) -> bool {
        let model = self.model;
        let function = model.scopes.function(scope);
        let looped = function.def.decorator_list.iter().any(|d| {
            matches!(&d.expression, Expr::Call(c)
                if matches!(&*c.func, Expr::Attribute(a) if a.attr.as_str() == "loop"))
        });
        if looped {
            return true;
        }
        let jobs = self.jobs.get_or_init(|| {
            let mut jobs: HashMap<&'a str, bool> = HashMap::default();
            for c in &model.calls {
                if c.method_name() != Some("add_job") {
                    continue;
                }
                if let Some(Expr::Name(n)) = c.expr.arguments.args.first() {
                    let alone = c.keyword("max_instances").is_none();
                    *jobs.entry(n.id.as_str()).or_insert(true) &= alone;
                }
            }
            jobs
        });
        function.parent.is_none()
            && function.class.is_none()
            && jobs.get(function.name()).copied().unwrap_or(false)
    }
}

fn start_listener(model: &Model<'_>, scope: FuncId) -> bool {
    matches!(
        model.scopes.function(scope).name(),
        "on_ready" | "setup_hook" | "cog_load"
    )
}
