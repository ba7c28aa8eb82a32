//! The one-owner-thread design: a thread that opens the connection itself and
//! then serves a queue of requests (`while True: job = self.jobs.get()`), so
//! every statement of the program on that connection runs on the owner, one
//! request after the other. However many threads put requests on the queue,
//! the owner is the file's one party: its connection never waits for a lock it
//! holds itself (docs/sqlite-facts.md#F-busy-needs-two), so neither WAL nor a
//! busy timeout can change an outcome there.
//!
//! A function is such an owner when it opens its connection outside its loop,
//! its body loops on `.get(...)` of a queue (a name that says so, or one bound
//! to `queue.Queue()` and its kin), and it runs on a known number of threads:
//!
//! - the `run` of a `threading.Thread` subclass: one owner per instance;
//! - a method handed to `threading.Thread(target=self.method)` by its own
//!   class, outside any loop: one owner per instance;
//! - a module function handed to one `threading.Thread(target=...)` built where
//!   code runs once (module level, or `main()` and what only it calls).
//!
//! A function handed to a thread in a loop (`for _ in range(4):`), to a pool,
//! or from a lambda is several owners: each has its own connection, and those
//! do contend for the file (a thread pool with a connection per thread keeps
//! its findings). How many instances the project makes is sole_connection.rs's
//! question, as for any connection kept per instance.
//!
//! The same one party without a queue of its own: a module that runs every
//! statement on a `ThreadPoolExecutor(max_workers=1)` (one_sql_thread.rs).

use ruff_python_ast::{Expr, Stmt};
use ruff_text_size::Ranged;

use super::model::Model;
use super::scopes::FuncId;

/// How many owner threads run a function over a process lifetime.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Owners {
    /// One thread for the process.
    Once,
    /// One thread per instance of the class (its simple name).
    PerInstance(String),
}

/// Constructors of in-process queues (a `multiprocessing` queue feeds another
/// process, which has connections of its own).
const QUEUES: &[&str] = &[
    "queue.Queue",
    "queue.SimpleQueue",
    "queue.LifoQueue",
    "queue.PriorityQueue",
];

/// The owner threads that run function `id`, when it is a queue-serving owner
/// of the connections it opens.
pub fn owners(model: &Model<'_>, id: FuncId) -> Option<Owners> {
    let f = model.scopes.function(id);
    if f.is_async() || !serves_queue(model, id) {
        return None;
    }
    let class = f.class.map(|c| &model.scopes.classes[c]);
    if let Some(class) = class
        && f.name() == "run"
        && class
            .def
            .bases()
            .iter()
            .any(|b| super::thread_classes::is_thread_base(model, b))
    {
        return Some(Owners::PerInstance(class.def.name.to_string()));
    }
    let mut starts = 0;
    for call in &model.calls {
        let Some(target) = super::thread_decorators::handed_to_thread(model, call) else {
            continue;
        };
        if !names_function(model, target, call.scope, id) {
            continue;
        }
        let body = match call.scope {
            Some(s) => &model.scopes.function(s).def.body[..],
            None => model.suite,
        };
        let single = call.qualified() == Some("threading.Thread")
            && !call.in_lambda
            && super::loops::enclosing_loops(body, call.range()).is_empty();
        if !single {
            return None;
        }
        if class.is_none() && !super::once_code::runs_once_at(model, call.scope, call.range(), 0) {
            return None;
        }
        starts += 1;
    }
    match (starts, class) {
        (0, _) => None,
        (_, Some(class)) => Some(Owners::PerInstance(class.def.name.to_string())),
        (1, None) => Some(Owners::Once),
        _ => None,
    }
}

/// Whether `target` (handed to a thread in `scope`) names function `id`:
/// `self.method` from a method of the same class, or a module function by name.
fn names_function(model: &Model<'_>, target: &Expr, scope: Option<FuncId>, id: FuncId) -> bool {
    let f = model.scopes.function(id);
    match target {
        Expr::Attribute(a) => {
            f.class.is_some()
                && a.attr.as_str() == f.name()
                && matches!(&*a.value, Expr::Name(n) if n.id.as_str() == "self")
                && model.scopes.enclosing_class(scope) == f.class
        }
        Expr::Name(n) => f.class.is_none() && f.parent.is_none() && n.id.as_str() == f.name(),
        _ => false,
    }
}

/// The function's body takes requests from a queue in a `while` loop.
fn serves_queue(model: &Model<'_>, id: FuncId) -> bool {
    let body = &model.scopes.function(id).def.body;
    model.calls_in(Some(id)).any(|call| {
        call.method_name() == Some("get")
            && matches!(&*call.expr.func, Expr::Attribute(a) if queue_like(model, &a.value))
            && super::loops::enclosing_loops(body, call.range())
                .iter()
                .any(|s| matches!(s, Stmt::While(_)))
    })
}

/// `receiver` names a queue: its last name says so (`jobs_queue`, `self.q`,
/// `requests_q`), or the module binds that name to a queue constructor.
fn queue_like(model: &Model<'_>, receiver: &Expr) -> bool {
    let text = model.slice(receiver.range());
    let last = text
        .rsplit('.')
        .next()
        .unwrap_or(text)
        .trim_start_matches('_')
        .to_ascii_lowercase();
    if last.contains("queue") || last == "q" || last.ends_with("_q") || last.starts_with("q_") {
        return true;
    }
    model.calls.iter().any(|call| {
        call.qualified().is_some_and(|q| QUEUES.contains(&q))
            && match call.stmt {
                Stmt::Assign(a) => a.targets.iter().any(|t| model.slice(t.range()) == text),
                Stmt::AnnAssign(a) => model.slice(a.target.range()) == text,
                _ => false,
            }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn owners_of(source: &str, name: &str) -> Option<Owners> {
        let parsed = crate::check::parse(source).unwrap();
        let model = Model::build(
            std::path::Path::new("m.py"),
            source,
            parsed.suite(),
            parsed.tokens(),
        );
        let id = model
            .scopes
            .functions
            .iter()
            .position(|f| f.name() == name)
            .unwrap();
        owners(&model, id)
    }

    #[test]
    fn thread_subclass_serving_a_queue() {
        let src = "import queue, sqlite3, threading\nclass Db(threading.Thread):\n    def __init__(self):\n        super().__init__()\n        self.requests = queue.Queue()\n    def run(self):\n        conn = sqlite3.connect('a.db')\n        while True:\n            sql = self.requests.get()\n            conn.execute(sql)\n";
        assert_eq!(
            owners_of(src, "run"),
            Some(Owners::PerInstance("Db".to_string()))
        );
    }

    #[test]
    fn module_worker_started_once_or_in_a_loop() {
        let once = "import queue, sqlite3, threading\njobs = queue.Queue()\ndef serve():\n    conn = sqlite3.connect('a.db')\n    while True:\n        conn.execute(jobs.get())\nthreading.Thread(target=serve).start()\n";
        assert_eq!(owners_of(once, "serve"), Some(Owners::Once));
        let pool = "import queue, sqlite3, threading\njobs = queue.Queue()\ndef serve():\n    conn = sqlite3.connect('a.db')\n    while True:\n        conn.execute(jobs.get())\nfor _ in range(4):\n    threading.Thread(target=serve).start()\n";
        assert_eq!(owners_of(pool, "serve"), None);
    }

    #[test]
    fn no_queue_no_owner() {
        let src = "import sqlite3, threading\ndef poll():\n    conn = sqlite3.connect('a.db')\n    while True:\n        conn.execute('x')\nthreading.Thread(target=poll).start()\n";
        assert_eq!(owners_of(src, "poll"), None);
    }
}
