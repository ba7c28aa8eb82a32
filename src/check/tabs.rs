//! Indentation that mixes tabs and spaces ambiguously. The ruff parser measures
//! indentation one way only and accepts such a module, but CPython measures each
//! line twice (a tab as 8 columns and as 1) and refuses, with `TabError`, a line
//! whose indentation compares differently to its block's under the two measures.
//! A dedent that lands between two open blocks' columns under CPython's measure
//! is refused the same way (`IndentationError`), and found by the same walk.
//! sqlfix must not fix such a module: CPython cannot run it, and a fix that
//! re-indents or inserts lines would still be written as code that does not load.

use ruff_python_ast::token::{TokenKind, Tokens};
use ruff_text_size::{Ranged, TextSize};

/// Where the first line CPython would reject for its indentation (`TabError`,
/// or an unindent matching no outer level) starts, if any.
pub fn inconsistent(text: &str, tokens: &Tokens) -> Option<TextSize> {
    // (columns with tabs to 8, columns with tabs as 1) of each open block.
    let mut blocks: Vec<(usize, usize)> = vec![(0, 0)];
    let mut at_line_start = true;
    for token in tokens.iter() {
        match token.kind() {
            TokenKind::Newline => {
                at_line_start = true;
                continue;
            }
            TokenKind::NonLogicalNewline
            | TokenKind::Comment
            | TokenKind::Indent
            | TokenKind::Dedent => continue,
            _ => {}
        }
        if !at_line_start {
            continue;
        }
        at_line_start = false;
        let start = token.start().to_usize();
        let line_start = text[..start].rfind(['\n', '\r']).map_or(0, |i| i + 1);
        let (col, alt) = measure(&text[line_start..start]);
        let &(top, top_alt) = blocks.last().expect("the module's block is never popped");
        if col > top {
            if alt <= top_alt {
                return Some(token.start());
            }
            blocks.push((col, alt));
            continue;
        }
        while blocks.len() > 1 && col < blocks.last().expect("checked").0 {
            blocks.pop();
        }
        let &(top, top_alt) = blocks.last().expect("the module's block is never popped");
        // A dedent to a column no open block starts at is CPython's "unindent does
        // not match any outer indentation level"; the ruff parser, measuring tabs
        // its own way, can accept it.
        if col != top || alt != top_alt {
            return Some(token.start());
        }
    }
    None
}

/// CPython's two measures of one line's indentation.
fn measure(indent: &str) -> (usize, usize) {
    let (mut col, mut alt) = (0, 0);
    for c in indent.chars() {
        match c {
            '\t' => {
                col = (col / 8 + 1) * 8;
                alt += 1;
            }
            // A form feed resets the count, as CPython's tokenizer does.
            '\x0c' => (col, alt) = (0, 0),
            _ => {
                col += 1;
                alt += 1;
            }
        }
    }
    (col, alt)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(src: &str) -> Option<TextSize> {
        let parsed = ruff_python_parser::parse_module(src).expect("the ruff parser accepts it");
        inconsistent(src, parsed.tokens())
    }

    #[test]
    fn a_tab_then_eight_spaces_is_refused() {
        // CPython: TabError on line 3 (8 columns both ways, but 5 vs 8 characters);
        // the ruff parser takes line 3 as the `with` block's body.
        assert!(check("def f():\n    \twith a:\n        b()\n").is_some());
    }

    #[test]
    fn an_unindent_between_two_blocks_is_refused() {
        // CPython: IndentationError on line 3 (8 columns, inside the `with` line's 11
        // and outside the function's 0); the ruff parser takes it as the body.
        assert!(check("def f():\n \t   with a:\n        b()\n").is_some());
    }

    #[test]
    fn consistent_tabs_or_spaces_are_accepted() {
        assert_eq!(check("if x:\n\ty = 1\n\tif y:\n\t\tz = 2\nw = 3\n"), None);
        assert_eq!(check("if x:\n    y = (1,\n\t2)\n    z = 2\n"), None);
        assert_eq!(
            check("if x:\n    y = 1\n\t# a tabbed comment\n    z = 2\n"),
            None
        );
    }
}
