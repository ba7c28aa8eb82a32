//! `--fix --branch NAME` (placeholder).

use std::io::Write;
use std::path::PathBuf;
use std::sync::Arc;

use crate::cli::CheckArgs;
use crate::settings::resolve::Resolver;

pub fn run(
    _name: &str,
    _args: &CheckArgs,
    _paths: &[PathBuf],
    _resolver: &Arc<Resolver>,
    _out: &mut dyn Write,
    _err: &mut dyn Write,
) -> Result<i32, String> {
    Err("not yet".into())
}
