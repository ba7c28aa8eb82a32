//! A maintainer's script: a program a person runs by hand that writes its
//! file once per run: it regenerates a schema or the docs, bumps a version,
//! builds translation files, exports a listing. A crash tears the output in
//! front of whoever ran it and running it again writes it again. Nothing
//! resumes from it, whoever else reads the file. Such a script is any of:
//!
//! - a module of the project's `scripts/`, `tools/`, `release/`, `ci/`,
//!   `benchmarks/` ... (not `bin/`, where a tool's own executables live)
//!   folder that no other module imports (a module of such a folder that
//!   another module imports is the application's own code: a bot keeping its
//!   jobs in a `scripts` package);
//! - a program that does one job and exits (import_graph
//!   `runs_once_and_exits`: nothing imports it, nothing keeps it running, no
//!   thread beside it) named as a maintainer's step (`setup_*.py`,
//!   `make_*.py`, `bump_*.py`, `release*.py`, `generate_*.py`, `build_*.py`),
//!   or one that reads command-line options (`argparse`) behind a `__main__`
//!   guard;
//! - an interactive setup (top-level code asking `input()`).
//!
//! Stays reported: a script that saves progress as it goes, a write in a
//! loop (in its function, or a function the module calls from a loop) of a
//! file the script's own code reads back, as a resumable crawl does (a loop
//! writing one output per language, read by nothing of its own, rebuilds them
//! all on the next run); and a file the application itself rewrites while it
//! runs (another module, no such script, writes the same file): the script
//! then only creates the state the application keeps.

use ruff_python_ast::{Expr, Stmt};
use ruff_text_size::Ranged;

use super::super::Context;
use crate::semantic::file_readers::{ReadBack, Readers};
use crate::semantic::loops;
use crate::semantic::model::{Call, Model};
use crate::semantic::path_idents::{self, PathIdent};

/// Folders that hold the project's maintenance and build scripts.
const FOLDERS: &[&str] = &[
    "scripts",
    "script",
    "tools",
    "tooling",
    "maint",
    "maintenance",
    "hack",
    "release",
    "releases",
    "releasing",
    "ci",
    "devscripts",
    "maintainer",
    "build_tools",
    "build-tools",
    "benchmark",
    "benchmarks",
];

/// File-name prefixes of a maintainer's step (`make_translations.py`).
const PREFIXES: &[&str] = &[
    "setup_",
    "make_",
    "bump_",
    "bump",
    "release",
    "generate_",
    "gen_",
    "regen_",
    "regenerate_",
    "build_",
    "compile_",
];

pub(super) fn writes_once(ctx: &Context<'_, '_>, call: &Call<'_>, target: &Expr) -> bool {
    let model = ctx.model;
    let by_place = standalone_in_script_folder(ctx) || interactive_setup(model, call);
    if !(by_place || hand_run(ctx)) {
        return false;
    }
    let ident = path_idents::of_expr(model, target, call.scope);
    if repeated(model, call) && reads_back_itself(model, &ident) {
        return false;
    }
    // A script folder and an interactive setup were judged by their place
    // alone before programs were recognised by what they do; the application
    // rewriting the file keeps only the latter reported.
    by_place || !app_rewrites(ctx, &ident)
}

/// A program that does one job and exits, named as a maintainer's step or
/// reading its options from the command line behind a `__main__` guard.
fn hand_run(ctx: &Context<'_, '_>) -> bool {
    let Some(graph) = ctx.project.index.import_graph() else {
        return false;
    };
    let Some(parses_options) = graph.runs_once_and_exits(ctx.model.path) else {
        return false;
    };
    let file = ctx
        .model
        .path
        .file_name()
        .and_then(|f| f.to_str())
        .unwrap_or_default()
        .to_ascii_lowercase();
    in_script_folder(ctx.model)
        || PREFIXES.iter().any(|p| file.starts_with(p))
        || (parses_options && ctx.model.text.contains("__main__"))
        || !importable_name(&file)
}

/// A file name `import` can spell (`optimize_emojis.py`); one with a hyphen
/// or a leading digit (`optimize-emojis.py`) is a program run by its path,
/// never a module of the application.
fn importable_name(file: &str) -> bool {
    let stem = file.strip_suffix(".py").unwrap_or(file);
    !stem.is_empty()
        && !stem.starts_with(|c: char| c.is_ascii_digit())
        && stem.chars().all(|c| c.is_alphanumeric() || c == '_')
}

/// Tools that turn the application into an installable bundle: a module
/// importing one is the build step that makes the bundle (`freeze.py` with
/// cx_Freeze writing a version file into the build tree), run by whoever
/// builds a release, as `setup.py` is (entry_points::is_packaging_script).
const BUNDLERS: &[&str] = &[
    "cx_Freeze",
    "PyInstaller",
    "py2exe",
    "py2app",
    "nuitka",
    "briefcase",
    "bbfreeze",
    "esky",
];

/// The module builds a bundle of the application (it imports a [`BUNDLERS`]
/// tool): its writes are build outputs, made again by the next build.
pub(super) fn bundle_build_script(model: &Model<'_>) -> bool {
    model.imports.iter().any(|i| {
        let top = i.target.split('.').next().unwrap_or("");
        BUNDLERS.contains(&top)
    })
}

/// The script's own code reads the file back: a write in a loop may be the
/// progress it resumes from. When the path does not say which file it is
/// (`f"out/{lang}.json"`), any JSON the script parses may be it; a script
/// that parses none (it reads CSV tables) cannot resume from its outputs.
fn reads_back_itself(model: &Model<'_>, ident: &PathIdent) -> bool {
    // Only a parse resumes: the CSV tables a builder reads share its loop
    // variable with the outputs, not their content.
    let own: Vec<_> = crate::semantic::file_readers::of_module(model)
        .into_iter()
        .filter(|r| r.parses_json)
        .collect();
    match Readers::of_reads(own.iter()).read_back(ident) {
        Some(verdict) => verdict != ReadBack::Never,
        None => {
            own.iter().any(|r| r.parses_json)
                || model.calls.iter().any(|c| {
                    c.qualified()
                        .is_some_and(|q| q.ends_with("json.load") || q.ends_with("json.loads"))
                })
        }
    }
}

/// Another module of the project, one the application runs (not a script of
/// the same kind), writes the same file: the application rewrites it while
/// it runs, and the script only made its first copy.
fn app_rewrites(ctx: &Context<'_, '_>, ident: &PathIdent) -> bool {
    let graph = ctx.project.index.import_graph();
    ctx.project.index.modules.iter().any(|m| {
        m.path != ctx.model.path
            && graph.is_none_or(|g| g.runs_once_and_exits(&m.path).is_none())
            && crate::semantic::file_writes::writes_same_file(&m.facts.file_writes, ident)
    })
}

/// A module of a script folder that no other module imports: a program a
/// person runs. A `scripts` package the application imports (a bot's jobs
/// kept in `scripts/`) is the application's own code.
fn standalone_in_script_folder(ctx: &Context<'_, '_>) -> bool {
    in_script_folder(ctx.model)
        && ctx
            .project
            .index
            .import_graph()
            .and_then(|g| g.is_imported(ctx.model.path))
            == Some(false)
}

/// An interactive setup script: the write is in the module's top-level code,
/// and the module asks the person running it for values (`input()`). It is
/// run by hand, once, to create the file the program then reads.
fn interactive_setup(model: &Model<'_>, call: &Call<'_>) -> bool {
    call.scope.is_none()
        && model.calls_named("input").any(
            |c| matches!(&*c.expr.func, ruff_python_ast::Expr::Name(n) if n.id.as_str() == "input"),
        )
}

/// The file's own name says it is generated from other files
/// (`configs.generated.yml`, `autogenerated_schema.json`): the program or a
/// build step derives it again from its sources, and a torn copy is replaced
/// by the next derivation, not resumed from.
pub(super) fn named_generated(model: &Model<'_>, target: &ruff_python_ast::Expr) -> bool {
    let text = model.slice(target.range());
    crate::semantic::file_readers::words(text).any(|w| w == "generated" || w == "autogenerated")
}

fn in_script_folder(model: &Model<'_>) -> bool {
    crate::semantic::paths::project_folders(model.path)
        .iter()
        .any(|f| FOLDERS.contains(&f.as_str()))
}

/// The write runs more than once per run of the script: inside a loop of its
/// function (or of the module's top level), or its function is called from
/// inside a loop of the module.
fn repeated(model: &Model<'_>, call: &Call<'_>) -> bool {
    let body: &[Stmt] = match call.scope {
        Some(id) => &model.scopes.function(id).def.body,
        None => model.suite,
    };
    if !loops::enclosing_loops(body, call.stmt.range()).is_empty() {
        return true;
    }
    let Some(scope) = call.scope else {
        return false;
    };
    let name = model.scopes.function(scope).def.name.as_str();
    model.calls_named(name).any(|caller| {
        let body: &[Stmt] = match caller.scope {
            Some(id) => &model.scopes.function(id).def.body,
            None => model.suite,
        };
        !loops::enclosing_loops(body, caller.stmt.range()).is_empty()
    })
}
