//! Functions that run once per process: command-line commands.
//!
//! A `click` or `typer` command (`@cli.command()`, `@click.command`,
//! `@app.command("drop")`) runs once and exits. The process exit closes its
//! connections, a failure shows on the user's terminal instead of vanishing into
//! a log, and the database it touches is configured by the long-running service
//! (WAL persists in the file, F-wal-persists; Python waits 5 s on a lock by default,
//! F-busy-default). On the corpus, such commands gave the configuration, lifecycle and
//! JSON-write codemods findings nobody would act on (jupyter-server-fileid's
//! `drop`, datasette's `inspect`).

use ruff_python_ast::Expr;

use super::model::Model;
use super::scopes::FuncId;

/// Whether code in `scope` runs inside a command-line command.
pub fn in_cli_command(model: &Model<'_>, scope: Option<FuncId>) -> bool {
    model.scopes.chain(scope).into_iter().flatten().any(|id| {
        model
            .scopes
            .function(id)
            .def
            .decorator_list
            .iter()
            .any(|d| is_command_decorator(&d.expression))
    })
}

fn is_command_decorator(expr: &Expr) -> bool {
    let func = match expr {
        Expr::Call(call) => &*call.func,
        other => other,
    };
    matches!(func, Expr::Attribute(a) if a.attr.as_str() == "command")
}

#[cfg(test)]
mod tests {
    use super::in_cli_command;
    use crate::semantic::Model;
    use std::path::Path;

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
