//! The order in which one file's fixes go in. Fixes that restructure code (move
//! work off the event loop, batch a loop's writes, reorder file and database
//! writes) change which statements exist and where; fixes that wrap code (a
//! `closing()`, a write lock, PRAGMAs) only add around what is there. A wrapper
//! applied first can hide the shape a structural fix needs (a commit inside
//! `with _WRITE_LOCK:` is no longer a statement of the loop body; a `closing()`
//! block that returns cannot move into a worker function), while a wrapper applied
//! after is simply re-derived from the restructured code by the next check.

/// Earlier phases are applied, and the file re-checked, before any fix of a later one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Phase {
    /// Moves or regroups statements: its finding's shape must still be intact.
    Structural,
    /// Adds around, or inside, statements that stay where they are.
    Wrapper,
}

/// The codemods whose fixes restructure: SQF501 moves work into a worker thread,
/// SQF402 moves a loop's commit after it, SQF403 reorders a file and a database
/// write, SQF601 throttles a loop's write, SQF603 moves a task after the commit.
const STRUCTURAL: &[&str] = &["SQF501", "SQF402", "SQF403", "SQF601", "SQF603"];

pub fn phase(id: &str) -> Phase {
    if STRUCTURAL.contains(&id) {
        Phase::Structural
    } else {
        Phase::Wrapper
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn structural_fixes_come_before_wrappers() {
        assert!(phase("SQF501") < phase("SQF202"));
        assert!(phase("SQF402") < phase("SQF303"));
        assert_eq!(phase("SQF101"), Phase::Wrapper);
    }
}
