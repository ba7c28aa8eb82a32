//! A script's `main`: the module-level function its `if __name__ == "__main__":`
//! block runs (`main()`, `sys.exit(main())`, `asyncio.run(main())`), and where in
//! it the program starts running beside itself.
//!
//! That function is the process. Whatever it does before it starts a server,
//! a thread, a task, a process or the program's own run (`app.run()`,
//! `plexpy.start()`, `bot.run(token)`, a `while` loop) happens while nothing
//! else of the program has the database open: a schema migration
//! (`upgrade_schema()` then `uvicorn.run(app)`), a backup taken before it, an
//! `init` sub-command. A `main` where none of these shows may start them in a
//! helper it calls, so none of it counts. semantic/startup.rs counts the part
//! before the launch as start-up code like a function that starts the server
//! itself.

use ruff_python_ast::{Expr, Stmt};
use ruff_text_size::{Ranged, TextSize};

use super::model::Model;
use super::scopes::FuncId;

/// Methods that hand the process over to the program's running part: a
/// server, an event loop, a GUI's loop, the app's own `start()`.
const LAUNCHES: &[&str] = &[
    "start",
    "run",
    "serve",
    "serve_forever",
    "run_forever",
    "run_until_complete",
    "mainloop",
    "exec",
    "exec_",
    "listen",
    "idle",
    "join",
];

/// Wrappers the guard calls `main` through: `sys.exit(main())`,
/// `asyncio.run(main())`.
const WRAPPERS: &[&str] = &["exit", "run", "SystemExit", "run_until_complete"];

/// The module-level functions the module's `__main__` block calls directly,
/// outside any loop there.
pub fn mains(model: &Model<'_>) -> Vec<FuncId> {
    let mut names: Vec<&str> = Vec::new();
    for stmt in model.suite {
        if let Stmt::If(guard) = stmt {
            let test = model.slice(guard.test.range());
            if test.contains("__name__") && test.contains("__main__") {
                called_names(&guard.body, &mut names);
            }
        }
    }
    model
        .scopes
        .functions
        .iter()
        .enumerate()
        .filter(|(_, f)| f.parent.is_none() && f.class.is_none() && names.contains(&f.name()))
        .map(|(id, _)| id)
        .collect()
}

/// Names of functions called as whole statements in `body` (through a wrapper
/// of [`WRAPPERS`]), looking into `if`/`try`/`with` blocks but not loops, up
/// to the first statement that starts something itself (a thread's `start()`,
/// `app.run()`): a `main` called after that runs beside what it started, so
/// none of it is start-up code.
fn called_names<'a>(body: &'a [Stmt], out: &mut Vec<&'a str>) -> bool {
    for stmt in body {
        if let Stmt::Expr(e) = stmt
            && let Expr::Call(call) = strip_await(&e.value)
            && let Expr::Attribute(attr) = &*call.func
            && sounds_running(attr.attr.as_str())
            && !WRAPPERS.contains(&attr.attr.as_str())
        {
            return false;
        }
        let value = match stmt {
            Stmt::Expr(e) => Some(&*e.value),
            Stmt::Assign(a) => Some(&*a.value),
            Stmt::Raise(r) => r.exc.as_deref(),
            Stmt::For(_) | Stmt::While(_) | Stmt::FunctionDef(_) | Stmt::ClassDef(_) => None,
            other => {
                for inner in super::visit::block_suites(other) {
                    if !called_names(inner, out) {
                        return false;
                    }
                }
                None
            }
        };
        let Some(Expr::Call(call)) = value.map(strip_await) else {
            continue;
        };
        match &*call.func {
            Expr::Name(n) if !WRAPPERS.contains(&n.id.as_str()) => out.push(n.id.as_str()),
            Expr::Name(_) | Expr::Attribute(_) => {
                let wrapper = match &*call.func {
                    Expr::Name(n) => n.id.as_str(),
                    Expr::Attribute(a) => a.attr.as_str(),
                    _ => "",
                };
                if !WRAPPERS.contains(&wrapper) {
                    continue;
                }
                if let Some(Expr::Call(inner)) = call.arguments.args.first()
                    && let Expr::Name(n) = &*inner.func
                {
                    out.push(n.id.as_str());
                }
            }
            _ => {}
        }
    }
    true
}

fn strip_await(expr: &Expr) -> &Expr {
    match expr {
        Expr::Await(a) => &a.value,
        other => other,
    }
}

/// Where `main` (function `id`) starts the program's running part: its first
/// call that serves or launches (`starts(call)`, a method of [`LAUNCHES`]), the
/// first thread, task or process it starts, or its first `while` loop; its
/// start (nothing of it) when it does none of these.
pub fn first_launch(
    model: &Model<'_>,
    id: FuncId,
    starts: impl Fn(&super::model::Call<'_>) -> bool,
) -> TextSize {
    let def = model.scopes.function(id).def;
    // With nothing that launches in sight, the running part may start in a
    // helper it calls (a thread started two calls down): none of it is
    // start-up code then.
    let mut first = def.range().end();
    let mut found = false;
    for call in model.calls.iter().filter(|c| c.scope == Some(id)) {
        if starts(call) || launches(call) {
            first = first.min(call.range().start());
            found = true;
        }
    }
    for spawn in super::spawn::spawns(model) {
        if spawn.call.scope == Some(id) {
            first = first.min(spawn.call.range().start());
            found = true;
        }
    }
    if let Some(at) = first_while(&def.body) {
        first = first.min(at);
        found = true;
    }
    if found { first } else { def.range().start() }
}

/// Whether the module is a script whose run is one command: it has a
/// `__main__` block calling its `main`, and nothing in it starts a server, a
/// thread, a task or a process, runs a `while` loop, or calls anything named
/// like the program's running part ([`launches`]). The process exits when that
/// command is done. (Whether another module imports it, and so may run its
/// functions in a long-lived process, the caller asks the import graph.)
pub fn runs_one_command(model: &Model<'_>) -> bool {
    let mains = mains(model);
    if mains.is_empty() || model.text.contains("while ") {
        return false;
    }
    // The guard's own `main()` call is the command, not a launch.
    let is_main = |call: &&super::model::Call<'_>| {
        matches!(&*call.expr.func, Expr::Name(n)
            if mains.iter().any(|&id| model.scopes.function(id).name() == n.id.as_str()))
    };
    !model.calls.iter().filter(|c| !is_main(c)).any(launches)
        && super::spawn::spawns(model).is_empty()
}

/// `x.start()`, `app.run(...)`, `loop.run_forever()`, `run_bot()`,
/// `start_server()`: a call that may hand the process over to the program's
/// running part, judged by its name (a project function in another module
/// may serve or loop forever). Not a preparation step (`run_migrations()`,
/// `start_db_upgrade()`), nor a library call that finishes before returning
/// (`asyncio.run(init())`, `subprocess.run(...)`).
fn launches(call: &super::model::Call<'_>) -> bool {
    let name = match &*call.expr.func {
        Expr::Attribute(attr) => attr.attr.as_str(),
        Expr::Name(n) => n.id.as_str(),
        _ => return false,
    };
    if !sounds_running(name) {
        return false;
    }
    !call
        .qualified()
        .is_some_and(|q| q == "asyncio.run" || q.starts_with("subprocess.") || q.starts_with("os."))
}

/// A call's name that says it starts the program's running part, and not a
/// preparation step.
fn sounds_running(name: &str) -> bool {
    let lower = name.trim_start_matches('_').to_ascii_lowercase();
    (LAUNCHES.contains(&lower.as_str())
        || RUNNING_PREFIXES.iter().any(|p| lower.starts_with(p))
        || RUNNING_WORDS.iter().any(|w| lower.contains(w)))
        && !PREPARES.iter().any(|w| lower.contains(w))
}

/// How the name of a call that starts the running program begins.
const RUNNING_PREFIXES: &[&str] = &["run", "start", "serve", "launch", "listen", "poll", "watch"];

/// Words in such a name anywhere (`app_main`, `event_loop`, `run_forever`).
/// (Not `daemonize()`: the process forks and goes on alone, starting nothing
/// beside itself.)
const RUNNING_WORDS: &[&str] = &["main", "loop", "forever", "server", "worker", "polling"];

/// Words of a preparation step's name: it runs and returns.
const PREPARES: &[&str] = &[
    "migrat", "upgrade", "init", "setup", "backup", "restore", "schema", "create",
];

fn first_while(body: &[Stmt]) -> Option<TextSize> {
    for stmt in body {
        match stmt {
            Stmt::While(w) => return Some(w.range().start()),
            Stmt::FunctionDef(_) | Stmt::ClassDef(_) => {}
            other => {
                for inner in super::visit::block_suites(other) {
                    if let Some(at) = first_while(inner) {
                        return Some(at);
                    }
                }
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use crate::semantic::Model;
    use std::path::Path;

    fn launch_lines(source: &str) -> Vec<(String, usize)> {
        let parsed = crate::check::parse(source).unwrap();
        let model = Model::build(Path::new("m.py"), source, parsed.suite(), parsed.tokens());
        super::mains(&model)
            .into_iter()
            .map(|id| {
                let at = super::first_launch(&model, id, |_| false);
                let line = source[..at.to_usize()].matches('\n').count() + 1;
                (model.scopes.function(id).name().to_string(), line)
            })
            .collect()
    }

    #[test]
    fn main_until_it_launches() {
        let source = [
            "import sys, threading",
            "def main():",
            "    upgrade_schema()",
            "    threading.Thread(target=poll).start()",
            "    app.run()",
            "def other():",
            "    pass",
            "if __name__ == '__main__':",
            "    sys.exit(main())",
        ]
        .join("\n");
        assert_eq!(launch_lines(&source), [("main".to_string(), 4)]);
    }

    #[test]
    fn main_with_no_launch_in_sight_is_not_start_up() {
        let source = [
            "import argparse",
            "def cli():",
            "    args = argparse.ArgumentParser().parse_args()",
            "    if args.cmd == 'init':",
            "        init_db()",
            "for x in range(3):",
            "    pass",
            "if __name__ == '__main__':",
            "    for i in range(2):",
            "        other()",
            "    cli()",
        ]
        .join("\n");
        // Nothing of it: the launch point is its `def` line.
        assert_eq!(launch_lines(&source), [("cli".to_string(), 2)]);
    }
}
