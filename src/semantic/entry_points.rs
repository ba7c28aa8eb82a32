//! Functions that run once per process: command-line commands.
//!
//! A command a person runs starts, does one job and exits. The process exit
//! closes its connections, a failure shows on the user's terminal instead of
//! vanishing into a log, and the database it touches is configured by the
//! long-running service (WAL persists in the file, F-wal-persists; Python waits
//! 5 s on a lock by default, F-busy-default). On the corpus, such commands gave
//! the configuration, lifecycle and JSON-write codemods findings nobody would act
//! on (jupyter-server-fileid's `drop`, datasette's `inspect`).
//!
//! Three spellings of a command:
//! - a `click` or `typer` command (`@cli.command()`, `@click.command`,
//!   `@app.command("drop")`), or one registered by a call, in its own module or
//!   in the one that builds the command group (`app.command(name="status")(status)`:
//!   that module lists it in its facts, `registered_commands`, and a rule asking
//!   about another module's function resolves it through the project index);
//! - an argparse sub-command's handler (`sub.set_defaults(func=install)`);
//! - a function only called from the branch that picks one sub-command by name
//!   (`if args.command == "uninstall": run_uninstall(args)`);
//! - a branch of an argument-parsing `main` that tests a parsed option and
//!   returns or exits (`if args.reset: ...; return`).
//!
//! A command that keeps running (`serve`, a worker, a watcher: a `while` loop or
//! a server start in its body) is a service, not a one-shot command.

use ruff_python_ast::{self as ast, Expr, Stmt};
use ruff_text_size::{Ranged, TextSize};

use super::model::Model;
use super::scopes::FuncId;

/// Text in a command's body that keeps the process running.
const KEEPS_RUNNING: &[&str] = &[
    "while ",
    "serve_forever",
    "uvicorn.run",
    "run_forever",
    "run_polling",
    "start_polling",
    "run_app(",
    "app.run(",
    "bot.run(",
    "mcp.run(",
    ".serve(",
    ".start()",
    "run_until_complete",
    "Thread(",
    "Executor(",
    "Process(",
];

/// Names of commands that start a service.
const SERVICE_NAMES: &[&str] = &[
    "serve", "server", "worker", "watch", "daemon", "listen", "poll", "loop", "run_bot",
];

/// Keywords of `set_defaults` that name an argparse sub-command's handler.
const HANDLER_KEYWORDS: &[&str] = &["func", "handler", "command", "cmd", "callback", "run"];

/// Names a parsed argument namespace goes by in a `main`.
const PARSED_NAMES: &[&str] = &[
    "args",
    "opts",
    "options",
    "arguments",
    "parsed",
    "cli_args",
    "ns",
];

/// Whether code in `scope` runs inside a command-line command.
pub fn in_cli_command(model: &Model<'_>, scope: Option<FuncId>) -> bool {
    use std::sync::atomic::Ordering::Relaxed;
    // Asked once per call (`runs_once`): answered once per scope.
    let Some(memo) = model.scope_memo(scope) else {
        return in_cli_command_uncached(model, scope);
    };
    let bits = memo.load(Relaxed);
    if bits & 1 != 0 {
        return bits & 2 != 0;
    }
    let answer = in_cli_command_uncached(model, scope);
    memo.fetch_or(1 | u8::from(answer) << 1, Relaxed);
    answer
}

fn in_cli_command_uncached(model: &Model<'_>, scope: Option<FuncId>) -> bool {
    model.scopes.chain(scope).into_iter().flatten().any(|id| {
        let def = model.scopes.function(id).def;
        def.decorator_list
            .iter()
            .any(|d| is_command_decorator(&d.expression))
            || argparse_handler(model, def)
            || registered_here(model, id)
    })
}

/// The functions the module registers as click or typer commands by calling
/// the registrar (`app.command(name="status")(status)`, `cli.command()(prune)`),
/// with the scope of the call, leaving out commands named as services
/// (`app.command("serve")(run)`).
pub fn registered_commands<'m>(model: &'m Model<'_>) -> Vec<(Option<FuncId>, &'m Expr)> {
    // The call index finds the registrars (`app.command(...)`); the call around
    // each, when it calls the registrar's result, is the registration.
    model
        .calls_named("command")
        .filter_map(|registrar| {
            let Some(Expr::Call(outer)) = registrar.parent else {
                return None;
            };
            if outer.func.range() != registrar.range() {
                return None;
            }
            let named = registrar
                .expr
                .arguments
                .find_argument_value("name", 0)
                .and_then(|e| match e {
                    Expr::StringLiteral(s) => Some(s.value.to_str().replace('-', "_")),
                    _ => None,
                });
            if named.is_some_and(|n| keeps_running(&n, "")) {
                return None;
            }
            let [f] = &*outer.arguments.args else {
                return None;
            };
            matches!(f, Expr::Name(_) | Expr::Attribute(_)).then_some((registrar.scope, f))
        })
        .collect()
}

/// A module-level function registered as a command by a call in its own module.
fn registered_here(model: &Model<'_>, id: FuncId) -> bool {
    let function = model.scopes.function(id);
    if function.parent.is_some() || function.class.is_some() {
        return false;
    }
    let name = function.name();
    registered_commands(model)
        .iter()
        .any(|(_, f)| matches!(f, Expr::Name(n) if n.id.as_str() == name))
        && !keeps_running(name, &model.text[function.def.range()])
}

/// The module-level function around `scope`, by name, when it could be a
/// one-shot command another module registers: not a method, and nothing in it
/// keeps the process running (no loop, no server start, no service's name).
pub fn command_candidate(model: &Model<'_>, scope: Option<FuncId>) -> Option<String> {
    let outer = model.scopes.chain(scope).into_iter().flatten().last()?;
    let function = model.scopes.function(outer);
    if function.class.is_some() {
        return None;
    }
    let name = function.name();
    (!keeps_running(name, &model.text[function.def.range()])).then(|| name.to_string())
}

/// A packaging script: `setup.py` importing setuptools or distutils. It runs
/// when the package is built or installed (`python setup.py build`, pip), a
/// one-shot job in front of whoever builds, never in the deployed program.
pub fn is_packaging_script(model: &Model<'_>) -> bool {
    model.path.file_name().is_some_and(|n| n == "setup.py")
        && model.imports.iter().any(|i| {
            let top = i.target.split('.').next().unwrap_or("");
            matches!(top, "setuptools" | "distutils")
        })
}

/// Whether the code at `at` (in `scope`) runs inside a command-line command:
/// [`in_cli_command`], or a branch of an argument-parsing function that handles
/// one option and then returns or exits.
pub fn runs_once(model: &Model<'_>, scope: Option<FuncId>, at: TextSize) -> bool {
    if in_cli_command(model, scope) {
        return true;
    }
    // The call index, not a scan of the text: this is asked per finding.
    if !model.reads_command_line(|| {
        model.calls_named("parse_args").next().is_some() || model.uses_of_name("argv") != 0
    }) {
        return false;
    }
    let body: &[Stmt] = match scope {
        Some(id) => &model.scopes.function(id).def.body,
        None => model.suite,
    };
    option_branch(model, body, at)
}

fn is_command_decorator(expr: &Expr) -> bool {
    let func = match expr {
        Expr::Call(call) => &*call.func,
        other => other,
    };
    matches!(func, Expr::Attribute(a) if a.attr.as_str() == "command")
}

/// `def install(args)` named by `parser.set_defaults(func=install)` in the module,
/// and not a command that keeps running.
fn argparse_handler(model: &Model<'_>, def: &ast::StmtFunctionDef) -> bool {
    let name = def.name.as_str();
    // Asked per finding: the call index keeps this linear in the module's size.
    let registered = model.calls_named("set_defaults").any(|call| {
        matches!(&*call.expr.func, Expr::Attribute(_))
            && call.expr.arguments.keywords.iter().any(|k| {
                k.arg
                    .as_ref()
                    .is_some_and(|a| HANDLER_KEYWORDS.contains(&a.as_str()))
                    && matches!(&k.value, Expr::Name(n) if n.id.as_str() == name)
            })
    });
    (registered || dispatched(model, name)) && !keeps_running(name, &model.text[def.range()])
}

/// `if args.command == "uninstall": run_uninstall(args)`: every use of `name`
/// is a call in a branch that picks one sub-command by its name (not a
/// service's name).
fn dispatched(model: &Model<'_>, name: &str) -> bool {
    let calls: Vec<_> = model
        .calls_named(name)
        .filter(|c| matches!(&*c.expr.func, Expr::Name(n) if n.id.as_str() == name))
        .collect();
    !calls.is_empty()
        && model.uses_of_name(name) == calls.len()
        && calls.iter().all(|c| {
            let body: &[Stmt] = match c.scope {
                Some(id) => &model.scopes.function(id).def.body,
                None => model.suite,
            };
            picked_command(body, c.expr.start())
                .is_some_and(|command| !keeps_running(&command.replace('-', "_"), ""))
        })
}

/// The sub-command name of the innermost `if <option> == "name":` branch of
/// `body` that holds `at`.
fn picked_command(body: &[Stmt], at: TextSize) -> Option<String> {
    let stmt = body.iter().find(|s| s.range().contains(at))?;
    match stmt {
        Stmt::If(s) => {
            let branches = std::iter::once((Some(&*s.test), &s.body)).chain(
                s.elif_else_clauses
                    .iter()
                    .map(|c| (c.test.as_ref(), &c.body)),
            );
            for (test, branch) in branches {
                let (Some(first), Some(last)) = (branch.first(), branch.last()) else {
                    continue;
                };
                if !(first.start() <= at && at < last.end()) {
                    continue;
                }
                return picked_command(branch, at).or_else(|| test.and_then(command_literal));
            }
            None
        }
        Stmt::With(s) => picked_command(&s.body, at),
        Stmt::Try(s) => picked_command(&s.body, at),
        _ => None,
    }
}

/// `"drop"` of `args.command == "drop"` (either side).
fn command_literal(test: &Expr) -> Option<String> {
    let Expr::Compare(c) = test else { return None };
    let [right] = &*c.comparators else {
        return None;
    };
    let literal = |e: &Expr| match e {
        Expr::StringLiteral(s) => Some(s.value.to_str().to_string()),
        _ => None,
    };
    if tests_option(&c.left) {
        literal(right)
    } else if tests_option(right) {
        literal(&c.left)
    } else {
        None
    }
}

fn keeps_running(name: &str, text: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    SERVICE_NAMES
        .iter()
        .any(|s| lower.split('_').any(|part| part == *s) || lower == *s)
        || KEEPS_RUNNING.iter().any(|m| text.contains(m))
}

/// Whether `at` lies in the body of an `if` (at any depth of `body`) that tests
/// a parsed option and ends by returning or exiting, doing nothing long-running.
fn option_branch(model: &Model<'_>, body: &[Stmt], at: TextSize) -> bool {
    // The statements are in order and do not overlap: only the first that ends
    // after `at` can hold it (asked per call, so no scan of the whole body).
    let first = body.partition_point(|s| s.end() <= at);
    body.get(first).is_some_and(|stmt| {
        if !stmt.range().contains(at) {
            return false;
        }
        match stmt {
            Stmt::If(s) => {
                let branches = std::iter::once((Some(&*s.test), &s.body)).chain(
                    s.elif_else_clauses
                        .iter()
                        .map(|c| (c.test.as_ref(), &c.body)),
                );
                for (test, branch) in branches {
                    let Some(last) = branch.last() else { continue };
                    let start = branch[0].start();
                    if !(start <= at && at < last.end()) {
                        continue;
                    }
                    if test.is_some_and(tests_option)
                        && ends_the_run(last)
                        && !keeps_running("", &model.text[start.to_usize()..last.end().to_usize()])
                    {
                        return true;
                    }
                    return option_branch(model, branch, at);
                }
                false
            }
            Stmt::With(s) => option_branch(model, &s.body, at),
            Stmt::Try(s) => {
                option_branch(model, &s.body, at)
                    || s.handlers.iter().any(|h| {
                        let ast::ExceptHandler::ExceptHandler(h) = h;
                        option_branch(model, &h.body, at)
                    })
                    || option_branch(model, &s.orelse, at)
                    || option_branch(model, &s.finalbody, at)
            }
            _ => false,
        }
    })
}

/// `args.reset`, `args.cmd == "drop"`, `not args.dry_run and ...`, and the raw
/// command line of a `main` that parses none: `"--setup" in sys.argv`.
fn tests_option(test: &Expr) -> bool {
    match test {
        Expr::Attribute(a) => {
            matches!(&*a.value, Expr::Name(n) if PARSED_NAMES.contains(&n.id.as_str()))
                || (a.attr.as_str() == "argv"
                    && matches!(&*a.value, Expr::Name(n) if n.id.as_str() == "sys"))
        }
        Expr::Name(n) => n.id.as_str() == "argv",
        Expr::Compare(c) => tests_option(&c.left) || c.comparators.iter().any(tests_option),
        Expr::BoolOp(b) => b.values.iter().any(tests_option),
        Expr::UnaryOp(u) => tests_option(&u.operand),
        _ => false,
    }
}

/// `return`, `sys.exit(...)`, `exit()`, `raise SystemExit`.
fn ends_the_run(stmt: &Stmt) -> bool {
    match stmt {
        Stmt::Return(_) => true,
        Stmt::Raise(r) => r.exc.as_deref().is_some_and(|e| {
            let e = match e {
                Expr::Call(c) => &*c.func,
                other => other,
            };
            matches!(e, Expr::Name(n) if n.id.as_str() == "SystemExit")
        }),
        Stmt::Expr(e) => match &*e.value {
            Expr::Call(c) => match &*c.func {
                Expr::Name(n) => matches!(n.id.as_str(), "exit" | "quit"),
                Expr::Attribute(a) => {
                    a.attr.as_str() == "exit"
                        && matches!(&*a.value, Expr::Name(n) if n.id.as_str() == "sys")
                }
                _ => false,
            },
            _ => false,
        },
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::{in_cli_command, runs_once};
    use crate::semantic::Model;
    use ruff_text_size::Ranged;
    use std::path::Path;

    fn check(source: &str, needle: &str) -> bool {
        let parsed = crate::check::parse(source).unwrap();
        let model = Model::build(Path::new("m.py"), source, parsed.suite(), parsed.tokens());
        let offset = (source.find(needle).unwrap() as u32).into();
        runs_once(&model, model.scopes.function_at(offset), offset)
    }

    #[test]
    fn argparse_sub_command_handlers() {
        let source = [
            "import argparse",
            "def install(args):",
            "    a = 1",
            "def serve(args):",
            "    b = 2",
            "def watch_jobs(args):",
            "    while True:",
            "        c = 3",
            "def helper():",
            "    d = 4",
            "def main():",
            "    p = argparse.ArgumentParser()",
            "    sub = p.add_subparsers()",
            "    sub.add_parser('install').set_defaults(func=install)",
            "    sub.add_parser('serve').set_defaults(func=serve)",
            "    sub.add_parser('jobs').set_defaults(func=watch_jobs)",
            "    args = p.parse_args()",
            "    args.func(args)",
        ]
        .join("\n");
        assert!(check(&source, "a = 1"));
        assert!(!check(&source, "b = 2"), "a server command keeps running");
        assert!(!check(&source, "c = 3"), "a loop keeps running");
        assert!(!check(&source, "d = 4"), "not registered as a handler");
    }

    #[test]
    fn handlers_picked_by_command_name() {
        let source = [
            "def run_uninstall(args):",
            "    j = 10",
            "def run_serve(args):",
            "    k = 11",
            "def shared(args):",
            "    m = 12",
            "def main():",
            "    args = parser.parse_args()",
            "    if args.command == 'uninstall':",
            "        run_uninstall(args)",
            "    elif args.command == 'serve':",
            "        run_serve(args)",
            "    elif args.command == 'sync':",
            "        shared(args)",
            "    shared(args)",
        ]
        .join("\n");
        assert!(check(&source, "j = 10"));
        assert!(!check(&source, "k = 11"), "a server command keeps running");
        assert!(!check(&source, "m = 12"), "also called outside a command");
    }

    #[test]
    fn option_branches_that_return() {
        let source = [
            "import argparse, sys",
            "def main():",
            "    args = parser.parse_args()",
            "    if args.reset:",
            "        e = 5",
            "        return",
            "    elif args.cmd == 'drop':",
            "        f = 6",
            "        sys.exit(0)",
            "    if args.verbose:",
            "        g = 7",
            "    if args.follow:",
            "        while True:",
            "            h = 8",
            "        return",
            "    i = 9",
        ]
        .join("\n");
        assert!(check(&source, "e = 5"));
        assert!(check(&source, "f = 6"));
        assert!(!check(&source, "g = 7"), "the run goes on after the branch");
        assert!(!check(&source, "h = 8"), "a loop keeps running");
        assert!(!check(&source, "i = 9"), "the service path of main");
    }

    #[test]
    fn commands_registered_by_a_call() {
        let source = [
            "import typer",
            "app = typer.Typer()",
            "def status():",
            "    n = 1",
            "def serve():",
            "    p = 2",
            "def follow():",
            "    while True:",
            "        q = 3",
            "def helper():",
            "    r = 4",
            "app.command(name='status')(status)",
            "app.command('serve')(serve)",
            "app.command()(follow)",
            "helper()",
        ]
        .join("\n");
        assert!(check(&source, "n = 1"));
        assert!(
            !check(&source, "p = 2"),
            "registered under a service's name"
        );
        assert!(!check(&source, "q = 3"), "a loop keeps running");
        assert!(!check(&source, "r = 4"), "called, not registered");
        let parsed = crate::check::parse(&source).unwrap();
        let model = Model::build(Path::new("m.py"), &source, parsed.suite(), parsed.tokens());
        let names: Vec<String> = super::registered_commands(&model)
            .iter()
            .map(|(_, f)| model.text[f.range()].to_string())
            .collect();
        assert_eq!(names, ["status", "follow"]);
    }

    #[test]
    fn click_and_typer_commands() {
        let source = "import click\n\
@main.command('drop')\ndef drop():\n    x = 1\n\
@click.command\ndef inspect():\n    def inner():\n        y = 2\n\
@app.get('/items')\ndef route():\n    z = 3\n";
        let parsed = crate::check::parse(source).unwrap();
        let model = Model::build(Path::new("m.py"), source, parsed.suite(), parsed.tokens());
        let at = |needle: &str| {
            let offset = source.find(needle).unwrap() as u32;
            model.scopes.function_at(offset.into())
        };
        assert!(in_cli_command(&model, at("x = 1")));
        assert!(in_cli_command(&model, at("y = 2")));
        assert!(!in_cli_command(&model, at("z = 3")));
    }
}
