//! SQF001 unused-suppression: a suppression comment that suppressed nothing.
//!
//! Registered here so that the rule registry needs nothing above the codemods;
//! the findings themselves are made by `suppress::unused` after the suppressions
//! are applied, since only then is it known what each comment suppressed.

use crate::codemods::{Codemod, Context};
use crate::finding::Finding;

pub const ID: &str = "SQF001";

pub struct UnusedSuppression;

impl Codemod for UnusedSuppression {
    crate::codemod_meta!("SQF001-unused-suppression");

    /// Nothing to do on the tree: see the module's doc.
    fn check(&self, _ctx: &Context<'_, '_>, _out: &mut Vec<Finding>) {}
}
