//! A file an interactive setup writes once from the answers a person just
//! typed: a wizard that asks for a host, a key and a folder, then saves them.
//! Every value in the file comes from this session's prompts, the person is at
//! the terminal while it is written, and the save runs once per run of the
//! wizard: a crash mid-write shows on their screen, and running the wizard
//! again writes the whole file anew. Nothing the program built up is lost.
//!
//! Told by a prompt (`input()`, `getpass`, `click.prompt`, `typer.prompt`,
//! `Prompt.ask`, `questionary`/`inquirer` questions) in the writing function
//! before the write, with the write itself in no loop of that function. Not
//! when the function first loads anything (the same file or another store:
//! `json.load`, a `load_...`/`read_...` call, `open` for reading): a menu
//! action that loads the list, adds what the person typed and saves it back
//! rewrites state the program kept, and a torn write loses all of it.

use ruff_text_size::Ranged;

use crate::semantic::file_readers::read_path;
use crate::semantic::loops;
use crate::semantic::model::{Call, Model};

pub(super) fn wizard_save(model: &Model<'_>, call: &Call<'_>) -> bool {
    let Some(scope) = call.scope else {
        return false;
    };
    if !loops::enclosing_loops(model.suite, call.range()).is_empty() {
        return false;
    }
    let at = call.range().start();
    let before: Vec<&Call<'_>> = model
        .calls_in(Some(scope))
        .filter(|c| c.scope == Some(scope) && c.range().end() <= at)
        .collect();
    before.iter().any(|c| is_prompt(model, c)) && !before.iter().any(|c| loads(model, c))
}

fn is_prompt(model: &Model<'_>, call: &Call<'_>) -> bool {
    let func = model.slice(call.expr.func.range());
    let last = func.rsplit('.').next().unwrap_or(func);
    matches!(func, "input" | "raw_input" | "getpass" | "getpass.getpass")
        || matches!(
            func,
            "click.prompt" | "typer.prompt" | "Prompt.ask" | "IntPrompt.ask" | "inquirer.prompt"
        )
        || (last == "ask" && func.contains("questionary."))
}

/// A call that reads earlier state: a file opened for reading, a JSON/pickle
/// load, or a function named as a load or read.
fn loads(model: &Model<'_>, call: &Call<'_>) -> bool {
    if read_path(call).is_some() {
        return true;
    }
    let func = model.slice(call.expr.func.range());
    let last = func.rsplit('.').next().unwrap_or(func).to_ascii_lowercase();
    last.starts_with("load")
        || last.starts_with("read")
        || last.starts_with("get_config")
        || last.ends_with("_load")
        || last == "fetchone"
        || last == "fetchall"
        || last == "execute"
}
