//! Words of a Python file's text that cannot name a function to call it: a
//! lexical pass, linear in the text, over what the parser drops or keeps as
//! data.
//!
//! Inert:
//! - comments (`# schema mirrored from init_db.py`);
//! - prose strings, whose text has a space or a character no dotted name has
//!   (`log.info("running repair_rows now")`, docstrings); in an f-string only
//!   the text outside `{...}` (what the braces hold is code);
//! - a string that is exactly a name when it is the key of a subscript that is
//!   read, not called (`configs["repair_rows"]`, `row['init_db']`);
//! - the module path of a `from a.init_db import ...` line (a module named
//!   like the function it holds).
//!
//! Not inert (a way to reach a function by its name): a string that is exactly
//! a name or a dotted path anywhere else (`getattr(module, "init_db")`,
//! `__all__ = ["init_db"]`, `register("init_db", f)`, `"pkg.tasks:init_db"`,
//! a dict literal's key), a subscript key of `globals()`, `locals()`,
//! `vars(x)`, `sys.modules` or a `__dict__`, and a subscript key whose value is
//! called (`HANDLERS["init_db"]()`, a dispatch table).

/// The identifier-like words of a text (the import graph counts mentions of
/// names with it too): the longest runs of alphanumeric characters and `_`.
/// The import graph reads every word of the project with it, so it looks at
/// bytes, decoding a character only past ASCII.
pub fn words(text: &str) -> impl Iterator<Item = &str> {
    Words { text, at: 0 }
}

struct Words<'t> {
    text: &'t str,
    at: usize,
}

/// What each byte is to [`words`]: 0 separates words, 1 is part of one (an
/// ASCII letter, digit or `_`), 2 begins a character past ASCII (decoded to
/// decide). One table lookup per byte instead of a chain of range tests.
static WORD_BYTE: [u8; 256] = {
    let mut table = [0u8; 256];
    let mut b = 0;
    while b < 256 {
        let byte = b as u8;
        table[b] = if byte >= 0x80 {
            2
        } else if byte.is_ascii_alphanumeric() || byte == b'_' {
            1
        } else {
            0
        };
        b += 1;
    }
    table
};

/// The lines of `text` exactly as `str::lines` splits them (`\n` or `\r\n`
/// ends one; a last line may have no ending), found by one vectorized scan of
/// the whole text rather than one search per line: the import graph reads
/// every line of the project several times.
pub fn lines(text: &str) -> impl Iterator<Item = &str> {
    let mut at = 0;
    let mut ends = memchr::memchr_iter(b'\n', text.as_bytes());
    std::iter::from_fn(move || {
        if at >= text.len() {
            return None;
        }
        Some(match ends.next() {
            Some(end) => {
                let line = &text[at..end];
                at = end + 1;
                line.strip_suffix('\r').unwrap_or(line)
            }
            None => {
                let line = &text[at..];
                at = text.len();
                line
            }
        })
    })
}

/// Whether the character starting at byte `i` of `text` (a character boundary,
/// past ASCII) is part of a word, and its length in bytes.
#[cold]
fn wide_char(text: &str, i: usize) -> (bool, usize) {
    match text[i..].chars().next() {
        Some(c) => (c.is_alphanumeric(), c.len_utf8()),
        None => (false, 1),
    }
}

impl<'t> Iterator for Words<'t> {
    type Item = &'t str;

    #[inline]
    fn next(&mut self) -> Option<&'t str> {
        let bytes = self.text.as_bytes();
        let len = bytes.len();
        let mut i = self.at;
        // Past what separates words.
        while i < len {
            match WORD_BYTE[bytes[i] as usize] {
                0 => i += 1,
                1 => break,
                _ => {
                    let (word, n) = wide_char(self.text, i);
                    if word {
                        break;
                    }
                    i += n;
                }
            }
        }
        if i >= len {
            self.at = len;
            return None;
        }
        let start = i;
        while i < len {
            match WORD_BYTE[bytes[i] as usize] {
                0 => break,
                1 => i += 1,
                _ => {
                    let (word, n) = wide_char(self.text, i);
                    if !word {
                        break;
                    }
                    i += n;
                }
            }
        }
        self.at = i;
        Some(&self.text[start..i])
    }
}

/// The inert words of `text`, a Python file, in order.
pub fn inert_words(text: &str) -> Vec<&str> {
    let bytes = text.as_bytes();
    let mut out: Vec<&str> = Vec::new();
    let mut line_start = 0;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'\n' => {
                line_start = i + 1;
                i += 1;
            }
            b'#' => {
                let end = text[i..].find('\n').map_or(text.len(), |n| i + n);
                out.extend(words(&text[i..end]));
                i = end;
            }
            b'f' if text[i..].starts_with("from ") && text[line_start..i].trim().is_empty() => {
                let line_end = text[i..].find('\n').map_or(text.len(), |n| i + n);
                let line = &text[i..line_end];
                let rest = &line[5..];
                if let Some(at) = rest.find(" import ").or_else(|| rest.find(" import(")) {
                    out.extend(words(&rest[..at]));
                    i += 5 + at;
                } else {
                    i = line_end;
                }
            }
            b'f' | b'F' | b'r' | b'R' | b'b' | b'B' | b'u' | b'U'
                if at_word_start(bytes, i) && i + 1 < bytes.len() =>
            {
                // A string prefix (up to two letters) or an ordinary word.
                let mut j = i;
                while j < bytes.len() && j < i + 2 && b"fFrRbBuU".contains(&bytes[j]) {
                    j += 1;
                }
                if j < bytes.len() && matches!(bytes[j], b'\'' | b'"') {
                    let f = text[i..j].contains(['f', 'F']);
                    i = string(text, i, j, f, &mut out);
                } else {
                    i = skip_word(bytes, i);
                }
            }
            b'\'' | b'"' => i = string(text, i, i, false, &mut out),
            c if c.is_ascii_alphanumeric() || c == b'_' || c >= 0x80 => i = skip_word(bytes, i),
            _ => i += 1,
        }
    }
    out
}

fn at_word_start(bytes: &[u8], i: usize) -> bool {
    i == 0
        || !(bytes[i - 1].is_ascii_alphanumeric() || bytes[i - 1] == b'_' || bytes[i - 1] >= 0x80)
}

fn skip_word(bytes: &[u8], mut i: usize) -> usize {
    while i < bytes.len() && WORD_BYTE[bytes[i] as usize] != 0 {
        i += 1;
    }
    i
}

/// Lexes the string literal whose prefix starts at `start` and whose quote is
/// at `quote`; adds its inert words to `out`; returns the index past it.
fn string<'t>(text: &'t str, start: usize, quote: usize, f: bool, out: &mut Vec<&'t str>) -> usize {
    let bytes = text.as_bytes();
    let q = bytes[quote];
    let triple = bytes.len() >= quote + 3 && bytes[quote + 1] == q && bytes[quote + 2] == q;
    let open = if triple { 3 } else { 1 };
    let body = quote + open;
    let mut j = body;
    let end = loop {
        if j >= bytes.len() {
            break bytes.len();
        }
        match bytes[j] {
            b'\\' => j += 2,
            b'\n' if !triple => break j,
            c if c == q
                && (!triple
                    || (bytes.len() >= j + 3 && bytes[j + 1] == q && bytes[j + 2] == q)) =>
            {
                break j;
            }
            _ => j += 1,
        }
    };
    let end = end.min(bytes.len());
    let past = if end < bytes.len() && bytes[end] == q {
        (end + open).min(bytes.len())
    } else {
        end
    };
    let content = &text[body.min(end)..end];
    if is_name_or_path(content) {
        if !f && read_key(text, start, past) {
            out.extend(words(content));
        }
    } else if f {
        out.extend(outside_braces(content).into_iter().flat_map(words));
    } else {
        out.extend(words(content));
    }
    past
}

/// A name or a dotted path (`init_db`, `pkg.tasks:init_db`, `a/b-c`): how a
/// string spells something to look up.
fn is_name_or_path(content: &str) -> bool {
    !content.is_empty()
        && content
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '_' | '.' | ':' | '/' | '-'))
}

/// The parts of an f-string's text outside its `{...}` fields.
fn outside_braces(content: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let mut depth = 0usize;
    let mut from = 0;
    for (i, c) in content.char_indices() {
        match c {
            '{' => {
                if depth == 0 {
                    parts.push(&content[from..i]);
                }
                depth += 1;
            }
            '}' if depth > 0 => {
                depth -= 1;
                if depth == 0 {
                    from = i + 1;
                }
            }
            _ => {}
        }
    }
    if depth == 0 {
        parts.push(&content[from..]);
    }
    parts
}

/// Whether the string from `start` to `past` is the whole key of a subscript
/// that is read or assigned, not called, on a value other than a namespace.
fn read_key(text: &str, start: usize, past: usize) -> bool {
    let before = text[..start].trim_end();
    let Some(value) = before.strip_suffix('[') else {
        return false;
    };
    let after = text[past..].trim_start();
    let Some(rest) = after.strip_prefix(']') else {
        return false;
    };
    let value = value.trim_end();
    if value.ends_with(')') || value.is_empty() {
        return false;
    }
    let last = value
        .rsplit(|c: char| !(c.is_alphanumeric() || c == '_'))
        .next()
        .unwrap_or("");
    if last.is_empty() || matches!(last, "__dict__" | "modules" | "__builtins__") {
        return false;
    }
    !rest.trim_start().starts_with('(')
}

#[cfg(test)]
mod tests {
    use super::{inert_words, lines, words};

    #[test]
    fn lines_split_as_str_lines_does() {
        let texts = [
            "",
            "\n",
            "\n\n",
            "a",
            "a\n",
            "a\nb",
            "a\r\nb\r\n",
            "a\r",
            "a\n\r",
            "a\rb\n",
            "\r\n\r\n",
            "  def f():\n\treturn 1\n\n# end",
            "caf\u{e9}\n\u{3bb}\r\n",
        ];
        for text in texts {
            let fast: Vec<&str> = lines(text).collect();
            let std: Vec<&str> = text.lines().collect();
            assert_eq!(fast, std, "{text:?}");
        }
    }

    /// `words` as it was written first: a split on every other character.
    fn words_by_split(text: &str) -> Vec<&str> {
        text.split(|c: char| !(c.is_alphanumeric() || c == '_'))
            .filter(|w| !w.is_empty())
            .collect()
    }

    #[test]
    fn words_are_the_runs_of_alphanumerics_and_underscores() {
        let texts = [
            "",
            " ",
            "a",
            "_",
            "init_db(x, y2)\n",
            "  leading and trailing  ",
            "caf\u{e9} na\u{ef}ve \u{3bb}x \u{662}\u{663} x\u{2014}y \u{201c}quoted\u{201d}",
            "\u{1f600}emoji\u{1f600} \u{a0}nbsp\u{a0}",
            "mixed_\u{e9}t\u{e9}-2.5e3 # comment: init_db.py",
            "\u{fe0f}\u{300}combining a\u{300}b",
        ];
        for text in texts {
            assert_eq!(
                words(text).collect::<Vec<_>>(),
                words_by_split(text),
                "{text:?}"
            );
        }
        // Every character class the split knows, in every pair.
        let sample: Vec<char> =
            "aZ09_ -.\n\t\u{e9}\u{2014}\u{3bb}\u{662}\u{a0}\u{1f600}\u{300}\u{ff21}"
                .chars()
                .collect();
        for &a in &sample {
            for &b in &sample {
                for &c in &sample {
                    let text: String = [a, b, c, a].iter().collect();
                    assert_eq!(
                        words(&text).collect::<Vec<_>>(),
                        words_by_split(&text),
                        "{text:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn comments_prose_and_read_keys_are_inert() {
        let text = "# mirrors init_db.py\nfrom importlib import x\nfrom app.init_db import init_db\n\
                    log.info('ran repair_rows now')\nif cfg['repair_rows']:\n    repair_rows()\n\
                    x = f\"{repair_rows()} done by repair_rows\"\n";
        assert_eq!(
            inert_words(text),
            [
                "mirrors",
                "init_db",
                "py",
                "importlib",
                "app",
                "init_db",
                "ran",
                "repair_rows",
                "now",
                "repair_rows",
                "done",
                "by",
                "repair_rows"
            ]
        );
    }

    #[test]
    fn lookups_by_name_are_not_inert() {
        let text = "f = getattr(mod, 'init_db')\n__all__ = [\"init_db\"]\n\
                    HANDLERS['init_db']()\nglobals()['init_db']()\nsys.modules['init_db']\n\
                    run('pkg.tasks:init_db')\nd = {'init_db': 1}\n";
        assert!(inert_words(text).is_empty(), "{:?}", inert_words(text));
    }

    #[test]
    fn triple_quotes_escapes_and_prefixes() {
        let text = "def f():\n    \"\"\"Docstring: calls init_db.\"\"\"\n    s = r'a\\'b init_db'\n    b = rb\"x y\"\nfrom_here = 'init_db'\n";
        assert_eq!(
            inert_words(text),
            [
                "Docstring",
                "calls",
                "init_db",
                "a",
                "b",
                "init_db",
                "x",
                "y"
            ]
        );
    }
}
