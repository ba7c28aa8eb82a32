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

use std::collections::HashMap;

use ruff_python_ast::Expr;

use super::model::Model;
use super::project::ProjectView;
use super::scopes::FuncId;
use super::spawn::{self, SpawnKind};
use super::transactions::{Flow, Op};

/// Who runs a function, when one runner never overlaps itself.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Writer {
    /// A loop task or a scheduler job: the coroutine or function itself.
    Task(FuncId),
    /// The one worker thread started on this entry point.
    Thread(String),
}

/// Whether `flow` writes data (DDL and reads are no writes).
pub fn data_writes(flow: &Flow<'_, '_>) -> bool {
    flow.events.iter().any(|event| match &event.op {
        Op::Write => true,
        Op::Script(kinds) => kinds.contains(&super::sql::SqlKind::Write),
        _ => false,
    })
}

/// Whether every data write of `flow` goes to a table only its lone writer
/// writes (see the module doc). `threaded`: the module's functions that run on
/// worker threads, with their entry points (`threads::threaded_functions`).
pub fn writes_alone(
    view: &ProjectView<'_>,
    model: &Model<'_>,
    threaded: &HashMap<String, String>,
    flow: &Flow<'_, '_>,
) -> bool {
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
            .and_then(|c| super::effects::written_table(model, c))
        else {
            return false;
        };
        tables.push(table);
    }
    !tables.is_empty()
        && tables
            .iter()
            .all(|t| sole_writer(view, model, threaded, flow.scope, t))
}

/// Whether `table` is written only by the lone writer that runs `scope`.
pub fn sole_writer(
    view: &ProjectView<'_>,
    model: &Model<'_>,
    threaded: &HashMap<String, String>,
    scope: FuncId,
    table: &str,
) -> bool {
    let Some(writer) = lone_writer(model, threaded, scope) else {
        return false;
    };
    let others_write = super::facts::modules(view).iter().any(|(m, summary)| {
        m.is_some()
            && !super::paths::is_test_module(&summary.path)
            && summary.functions.iter().any(|f| f.effects.sql_write)
    });
    if others_write {
        return false;
    }
    model.calls.iter().all(|call| {
        super::effects::written_table(model, call).as_deref() != Some(table)
            || call.scope.is_some_and(|s| {
                start_listener(model, s)
                    || lone_writer(model, threaded, s).as_ref() == Some(&writer)
            })
    })
}

fn start_listener(model: &Model<'_>, scope: FuncId) -> bool {
    matches!(
        model.scopes.function(scope).name(),
        "on_ready" | "setup_hook" | "cog_load"
    )
}

fn lone_writer(
    model: &Model<'_>,
    threaded: &HashMap<String, String>,
    scope: FuncId,
) -> Option<Writer> {
    let function = model.scopes.function(scope);
    if periodic(model, scope) {
        // Called directly somewhere as well, it would run beside its loop.
        let called = model
            .calls_named(function.name())
            .any(|c| matches!(&*c.expr.func, Expr::Name(_)));
        return (!called).then_some(Writer::Task(scope));
    }
    if function.is_async() {
        return None;
    }
    let root = threaded.get(&function.qualname)?;
    let names_root = |e: &Expr| match e {
        Expr::Name(n) => n.id.as_str() == root,
        Expr::Attribute(a) => a.attr.as_str() == root.rsplit('.').next().unwrap_or(root),
        _ => false,
    };
    let spawns = spawn::spawns(model);
    let starts: Vec<_> = spawns
        .iter()
        .filter(|s| s.target.is_some_and(names_root))
        .collect();
    let root_id = model
        .scopes
        .functions
        .iter()
        .position(|f| &f.qualname == root)?;
    let is_route = super::routes::is_decorated_route(model, root_id);
    // Started once: from module code or from the function that starts the
    // program, not from code that runs per request or per item.
    let serving = super::startup::serving(model);
    let once = matches!(starts[..], [s] if s.kind == SpawnKind::Thread
        && !s.fan_out
        && s.call.qualified() == Some("threading.Thread")
        && s.call.scope.is_none_or(|id| serving.serves(id)));
    if !once || is_route {
        return None;
    }
    // No other entry point of the module (another thread's target, a route)
    // reaches the function: the thread map names one root per function.
    let others = spawns
        .iter()
        .filter_map(|s| s.target)
        .filter(|t| !names_root(t))
        .filter_map(|t| match t {
            Expr::Name(n) => model.scopes.module_function(n.id.as_str()),
            _ => None,
        })
        .chain(
            (0..model.scopes.functions.len())
                .filter(|&id| id != root_id && super::routes::is_decorated_route(model, id)),
        );
    let mut seen = Vec::new();
    for entry in others {
        if reaches(model, entry, scope, &mut seen) {
            return None;
        }
    }
    Some(Writer::Thread(root.clone()))
}

/// Whether `from` calls `to`, directly or through module functions and
/// methods of its own class (by name).
fn reaches(model: &Model<'_>, from: FuncId, to: FuncId, seen: &mut Vec<FuncId>) -> bool {
    if from == to {
        return true;
    }
    if seen.contains(&from) || seen.len() > 64 {
        return false;
    }
    seen.push(from);
    let class = model.scopes.function(from).class;
    model.calls_in(Some(from)).any(|call| {
        let target = match &call.callee {
            super::model::Callee::Local(name) => model.scopes.module_function(name),
            super::model::Callee::SelfMethod(name) => model
                .scopes
                .functions
                .iter()
                .position(|f| f.class.is_some() && f.class == class && f.name() == name),
            _ => None,
        };
        target.is_some_and(|t| reaches(model, t, to, seen))
    })
}

/// A loop task or a scheduler job, which never overlaps its own last run.
fn periodic(model: &Model<'_>, scope: FuncId) -> bool {
    let function = model.scopes.function(scope);
    let looped = function.def.decorator_list.iter().any(|d| {
        matches!(&d.expression, Expr::Call(c)
            if matches!(&*c.func, Expr::Attribute(a) if a.attr.as_str() == "loop"))
    });
    if looped {
        return true;
    }
    let name = function.name();
    let mut jobs = model.calls.iter().filter(|c| {
        c.method_name() == Some("add_job")
            && matches!(c.expr.arguments.args.first(), Some(Expr::Name(n)) if n.id.as_str() == name)
    });
    let Some(first) = jobs.next() else {
        return false;
    };
    let alone = |c: &super::model::Call<'_>| c.keyword("max_instances").is_none();
    function.parent.is_none() && function.class.is_none() && alone(first) && jobs.all(alone)
}
