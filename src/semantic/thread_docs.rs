//! What a class's docstring says about threads: that one instance may be shared
//! by several threads ("thread-safe", "can be shared across threads"). A class
//! documented so is the author's statement that callers use one instance from
//! several threads, so whatever it keeps (a cache object holding a connection)
//! is reached from those threads too, where no thread of the project is seen.

use ruff_python_ast::{Expr, Stmt};

/// Phrases that say an instance may be used from several threads.
const SAYS: &[&str] = &[
    "thread-safe",
    "thread safe",
    "threadsafe",
    "shared across threads",
    "shared between threads",
    "shared by threads",
    "share it across threads",
    "share it between threads",
];

/// Phrases that take it back ("not thread-safe", "must not be shared across threads").
const DENIES: &[&str] = &[
    "not thread",
    "isn't thread",
    "is not safe",
    "not be shared",
    "cannot be shared",
    "can't be shared",
    "never be shared",
    "don't share",
    "do not share",
];

/// The class body's docstring says its instances may be shared by threads.
pub fn documented_thread_safe(body: &[Stmt]) -> bool {
    let Some(doc) = docstring(body).map(|d| d.to_ascii_lowercase()) else {
        return false;
    };
    // Docstrings wrap lines: "shared\n    across threads" reads as one phrase.
    let doc = doc.split_whitespace().collect::<Vec<_>>().join(" ");
    SAYS.iter().any(|w| doc.contains(w)) && !DENIES.iter().any(|w| doc.contains(w))
}

fn docstring(body: &[Stmt]) -> Option<String> {
    match body.first()? {
        Stmt::Expr(e) => match &*e.value {
            Expr::StringLiteral(s) => Some(s.value.to_str().to_string()),
            _ => None,
        },
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn says(doc: &str) -> bool {
        let src = format!("class C:\n    \"\"\"{doc}\"\"\"\n");
        let parsed = ruff_python_parser::parse_module(&src).unwrap();
        let Stmt::ClassDef(c) = &parsed.syntax().body[0] else {
            unreachable!()
        };
        documented_thread_safe(&c.body)
    }

    #[test]
    fn phrases() {
        assert!(says("A client. Thread-safe."));
        assert!(says("One instance can be shared\n    across threads."));
        assert!(!says("Not thread-safe: one per thread."));
        assert!(!says("Instances must not be shared across threads."));
        assert!(!says("A client for the API."));
    }
}
