//! Renderers over the same findings: one module per output format.

pub mod audit;
pub mod color;
pub mod concise;
pub mod dry_run;
pub mod fix_parses;
pub mod github;
pub mod items;
pub mod json;
pub mod junit;
pub mod roots;
pub mod rules_json;
pub mod sarif;
pub mod spliced;
pub mod stats;
pub mod text;
