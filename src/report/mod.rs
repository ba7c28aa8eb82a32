//! Renderers over the same findings: one module per output format.

pub mod audit;
pub mod text;
