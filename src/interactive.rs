//! `--fix --interactive` (placeholder).

use std::io::{BufRead, Write};
use std::path::PathBuf;
use std::sync::Arc;

use crate::cli::CheckArgs;
use crate::cli::check::Outcome;
use crate::settings::resolve::Resolver;

#[allow(clippy::too_many_arguments)]
pub fn run(
    _args: &CheckArgs,
    _paths: Vec<PathBuf>,
    _resolver: &Arc<Resolver>,
    _input: &mut dyn BufRead,
    _out: &mut dyn Write,
    _err: &mut dyn Write,
    _color: bool,
) -> Result<Outcome, String> {
    Err("not yet".into())
}
