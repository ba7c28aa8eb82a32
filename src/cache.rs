//! The cache (placeholder until implemented).

use crate::run::{self, Options, RunResult};
use crate::settings::resolve::Resolver;

pub fn run_cached(options: &Options, _resolver: &Resolver) -> RunResult {
    run::run(options)
}
