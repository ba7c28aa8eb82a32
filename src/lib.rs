//! sqlfix: finds the SQLite concurrency hazards in Python code and rewrites them as
//! patches to review. The binary in `main.rs` is a thin shell over this library.
//!
//! The pipeline, one module each: [`discover`] files, load them as [`source`],
//! build the [`semantic`] model, run the [`codemods`], turn their [`fix`]es into
//! new text, show it as a [`diff`], and [`write`] it back atomically.

pub mod cache;
pub mod check;
pub mod cli;
pub mod codemods;
pub mod diff;
pub mod discover;
pub mod finding;
pub mod fix;
pub mod prefilter;
pub mod report;
pub mod rules;
pub mod run;
pub mod semantic;
pub mod settings;
pub mod source;
pub mod suppress;
pub mod timings;
pub mod write;
