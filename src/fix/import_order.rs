//! Where a generated import goes, so that the module stays sorted as isort and
//! ruff's I001 expect with their defaults: sections `__future__`, standard
//! library, third party, first party, local; inside a section the `import x`
//! lines first, then the `from x import ...` lines, each by module name,
//! case-insensitively. A name taken from a module the file already imports with
//! `from module import ...` joins that statement, as isort would merge them.
//! Third-party and first-party code cannot be told apart without the project's
//! isort settings, so a non-standard-library import is only placed by order
//! when the file already imports from the same top-level package; otherwise it
//! goes after the file's imports, as before.

use ruff_python_ast::{Alias, Stmt};
use ruff_text_size::{Ranged, TextRange, TextSize};

use super::codegen::{line_start, next_line_start};
use super::{Edit, EditOrder};
use crate::semantic::Model;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Section {
    Future,
    Stdlib,
    /// Third party, first party or local: after the standard library.
    Other,
}

/// `import module` or `from module import name`.
pub struct NewImport<'n> {
    pub module: &'n str,
    pub name: Option<&'n str>,
}

impl NewImport<'_> {
    fn line(&self) -> String {
        match self.name {
            None => format!("import {}", self.module),
            Some(name) => format!("from {} import {name}", self.module),
        }
    }

    fn key(&self) -> (u8, String) {
        (u8::from(self.name.is_some()), self.module.to_lowercase())
    }
}

/// The edit that adds `new`; `fallback` is where it went when no order applies.
pub fn edit(
    model: &Model<'_>,
    new: &NewImport<'_>,
    fallback: TextSize,
    line_length: usize,
) -> Edit {
    let nl = model.stylist.newline.as_str();
    let imports: Vec<&Stmt> = model
        .suite
        .iter()
        .take_while(|s| {
            matches!(s, Stmt::Import(_) | Stmt::ImportFrom(_))
                || matches!(s, Stmt::Expr(e) if e.value.is_string_literal_expr())
        })
        .filter(|s| matches!(s, Stmt::Import(_) | Stmt::ImportFrom(_)))
        .collect();
    if let Some(name) = new.name
        && let Some(edit) = merge_into_from(model, &imports, new.module, name, line_length)
    {
        return edit;
    }
    let section = section_of(new.module, 0);
    let same = |s: &&Stmt| match section {
        Section::Other => top_level(&module_of(s)) == top_level(new.module) && level_of(s) == 0,
        _ => section_of(&module_of(s), level_of(s)) == section,
    };
    let group: Vec<&Stmt> = imports.iter().copied().filter(same).collect();
    let line = new.line();
    let insert = |at: TextSize, text: String| Edit::insert(at, text).with_order(EditOrder::Import);
    if let Some(last) = group.last() {
        let key = new.key();
        return match group.iter().find(|s| stmt_key(s) > key) {
            Some(after) => insert(line_start(model.text, after.start()), format!("{line}{nl}")),
            None => insert(
                next_line_start(model.text, last.end()),
                format!("{line}{nl}"),
            ),
        };
    }
    // A new standard-library section goes before the first later import.
    if section == Section::Stdlib
        && let Some(later) = imports
            .iter()
            .find(|s| section_of(&module_of(s), level_of(s)) > Section::Stdlib)
        && !imports
            .iter()
            .any(|s| section_of(&module_of(s), level_of(s)) == Section::Future)
    {
        return insert(
            line_start(model.text, later.start()),
            format!("{line}{nl}{nl}"),
        );
    }
    insert(fallback, format!("{line}{nl}"))
}

/// `from module import a` becomes `from module import a, name`, when it is one
/// line with nothing else on it.
fn merge_into_from(
    model: &Model<'_>,
    imports: &[&Stmt],
    module: &str,
    name: &str,
    line_length: usize,
) -> Option<Edit> {
    // A relative module keeps its leading dots (`.db`): the statement's level.
    let dotted = module.trim_start_matches('.');
    let level = (module.len() - dotted.len()) as u32;
    let stmt = imports.iter().find_map(|s| match s {
        Stmt::ImportFrom(f)
            if f.level == level
                && f.module.as_ref().map_or("", |m| m.as_str()) == dotted
                && !f.names.iter().any(|a| a.name.as_str() == "*") =>
        {
            Some(f)
        }
        _ => None,
    })?;
    let start = line_start(model.text, stmt.start());
    let end = next_line_start(model.text, stmt.end());
    let whole = &model.text[TextRange::new(start, end)];
    if whole.trim_end().len() != usize::from(stmt.end() - start)
        || whole.contains('\\')
        || model.text[stmt.range()].contains('#')
    {
        // A comment after it or inside its parentheses (a `# noqa: F401` on the
        // opening line), or a continuation: re-rendering would drop them, so the
        // statement is left to its author.
        return None;
    }
    let indent = &model.text[TextRange::new(start, stmt.start())];
    if !indent.is_empty() {
        return None;
    }
    let mut names: Vec<String> = stmt.names.iter().map(render).collect();
    names.push(name.to_string());
    names.sort_by_key(|n| member_key(n));
    let one_line = format!("from {module} import {}", names.join(", "));
    let text = if one_line.chars().count() <= line_length {
        one_line
    } else {
        let nl = model.stylist.newline.as_str();
        let indent = model.stylist.indent.as_str();
        let mut text = format!("from {module} import ({nl}");
        for n in &names {
            text.push_str(&format!("{indent}{n},{nl}"));
        }
        text.push(')');
        text
    };
    Some(Edit::replace(stmt.range(), text).with_order(EditOrder::Import))
}

fn render(alias: &Alias) -> String {
    match &alias.asname {
        Some(asname) => format!("{} as {asname}", alias.name),
        None => alias.name.to_string(),
    }
}

/// isort's `order-by-type`: CONSTANTS, then Classes, then the rest.
fn member_key(name: &str) -> (u8, String) {
    let bare = name.split(" as ").next().unwrap_or(name);
    let kind = if bare.len() > 1 && bare.chars().all(|c| !c.is_lowercase()) {
        0
    } else if bare.starts_with(|c: char| c.is_uppercase()) {
        1
    } else {
        2
    };
    (kind, bare.to_string())
}

fn module_of(stmt: &Stmt) -> String {
    match stmt {
        Stmt::Import(i) => i
            .names
            .first()
            .map(|a| a.name.to_string())
            .unwrap_or_default(),
        Stmt::ImportFrom(f) => f.module.as_ref().map(|m| m.to_string()).unwrap_or_default(),
        _ => String::new(),
    }
}

fn level_of(stmt: &Stmt) -> u32 {
    match stmt {
        Stmt::ImportFrom(f) => f.level,
        _ => 0,
    }
}

fn stmt_key(stmt: &Stmt) -> (u8, String) {
    (
        u8::from(matches!(stmt, Stmt::ImportFrom(_))),
        module_of(stmt).to_lowercase(),
    )
}

fn top_level(module: &str) -> &str {
    module.split('.').next().unwrap_or(module)
}

fn section_of(module: &str, level: u32) -> Section {
    if level > 0 {
        Section::Other
    } else if module == "__future__" {
        Section::Future
    } else if STDLIB.binary_search(&top_level(module)).is_ok() {
        Section::Stdlib
    } else {
        Section::Other
    }
}

/// Python's `sys.stdlib_module_names` (3.11), without the private ones, sorted
/// (searched by bisection: every generated import asks).
const STDLIB: &[&str] = &[
    "abc",
    "aifc",
    "antigravity",
    "argparse",
    "array",
    "ast",
    "asynchat",
    "asyncio",
    "asyncore",
    "atexit",
    "audioop",
    "base64",
    "bdb",
    "binascii",
    "bisect",
    "builtins",
    "bz2",
    "cProfile",
    "calendar",
    "cgi",
    "cgitb",
    "chunk",
    "cmath",
    "cmd",
    "code",
    "codecs",
    "codeop",
    "collections",
    "colorsys",
    "compileall",
    "concurrent",
    "configparser",
    "contextlib",
    "contextvars",
    "copy",
    "copyreg",
    "crypt",
    "csv",
    "ctypes",
    "curses",
    "dataclasses",
    "datetime",
    "dbm",
    "decimal",
    "difflib",
    "dis",
    "distutils",
    "doctest",
    "email",
    "encodings",
    "ensurepip",
    "enum",
    "errno",
    "faulthandler",
    "fcntl",
    "filecmp",
    "fileinput",
    "fnmatch",
    "fractions",
    "ftplib",
    "functools",
    "gc",
    "genericpath",
    "getopt",
    "getpass",
    "gettext",
    "glob",
    "graphlib",
    "grp",
    "gzip",
    "hashlib",
    "heapq",
    "hmac",
    "html",
    "http",
    "idlelib",
    "imaplib",
    "imghdr",
    "imp",
    "importlib",
    "inspect",
    "io",
    "ipaddress",
    "itertools",
    "json",
    "keyword",
    "lib2to3",
    "linecache",
    "locale",
    "logging",
    "lzma",
    "mailbox",
    "mailcap",
    "marshal",
    "math",
    "mimetypes",
    "mmap",
    "modulefinder",
    "msilib",
    "msvcrt",
    "multiprocessing",
    "netrc",
    "nis",
    "nntplib",
    "nt",
    "ntpath",
    "nturl2path",
    "numbers",
    "opcode",
    "operator",
    "optparse",
    "os",
    "ossaudiodev",
    "pathlib",
    "pdb",
    "pickle",
    "pickletools",
    "pipes",
    "pkgutil",
    "platform",
    "plistlib",
    "poplib",
    "posix",
    "posixpath",
    "pprint",
    "profile",
    "pstats",
    "pty",
    "pwd",
    "py_compile",
    "pyclbr",
    "pydoc",
    "pydoc_data",
    "pyexpat",
    "queue",
    "quopri",
    "random",
    "re",
    "readline",
    "reprlib",
    "resource",
    "rlcompleter",
    "runpy",
    "sched",
    "secrets",
    "select",
    "selectors",
    "shelve",
    "shlex",
    "shutil",
    "signal",
    "site",
    "smtpd",
    "smtplib",
    "sndhdr",
    "socket",
    "socketserver",
    "spwd",
    "sqlite3",
    "sre_compile",
    "sre_constants",
    "sre_parse",
    "ssl",
    "stat",
    "statistics",
    "string",
    "stringprep",
    "struct",
    "subprocess",
    "sunau",
    "symtable",
    "sys",
    "sysconfig",
    "syslog",
    "tabnanny",
    "tarfile",
    "telnetlib",
    "tempfile",
    "termios",
    "textwrap",
    "this",
    "threading",
    "time",
    "timeit",
    "tkinter",
    "token",
    "tokenize",
    "tomllib",
    "trace",
    "traceback",
    "tracemalloc",
    "tty",
    "turtle",
    "turtledemo",
    "types",
    "typing",
    "unicodedata",
    "unittest",
    "urllib",
    "uu",
    "uuid",
    "venv",
    "warnings",
    "wave",
    "weakref",
    "webbrowser",
    "winreg",
    "winsound",
    "wsgiref",
    "xdrlib",
    "xml",
    "xmlrpc",
    "zipapp",
    "zipfile",
    "zipimport",
    "zlib",
    "zoneinfo",
];

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;

    fn add(source: &str, module: &str, name: Option<&str>) -> String {
        let parsed = crate::check::parse(source).unwrap();
        let model = Model::build(Path::new("m.py"), source, parsed.suite(), parsed.tokens());
        let edit = edit(&model, &NewImport { module, name }, TextSize::new(0), 88);
        let (start, end) = (
            usize::from(edit.range.start()),
            usize::from(edit.range.end()),
        );
        format!("{}{}{}", &source[..start], edit.content, &source[end..])
    }

    #[test]
    fn the_stdlib_list_is_sorted_for_its_bisection() {
        assert!(STDLIB.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn a_stdlib_module_goes_in_order_among_the_straight_imports() {
        let src =
            "import json\nimport time\nfrom pathlib import Path\n\nimport requests\n\nx = 1\n";
        assert_eq!(
            add(src, "os", None),
            "import json\nimport os\nimport time\nfrom pathlib import Path\n\nimport requests\n\nx = 1\n"
        );
        assert_eq!(
            add(src, "contextlib", None),
            "import contextlib\nimport json\nimport time\nfrom pathlib import Path\n\nimport requests\n\nx = 1\n"
        );
        // After every straight import: before the from-imports.
        assert_eq!(
            add(src, "uuid", None),
            "import json\nimport time\nimport uuid\nfrom pathlib import Path\n\nimport requests\n\nx = 1\n"
        );
    }

    #[test]
    fn a_first_stdlib_import_starts_its_own_section_before_third_party() {
        let src = "\"\"\"Doc.\"\"\"\nimport requests\nfrom app import db\n\nx = 1\n";
        assert_eq!(
            add(src, "threading", None),
            "\"\"\"Doc.\"\"\"\nimport threading\n\nimport requests\nfrom app import db\n\nx = 1\n"
        );
    }

    #[test]
    fn a_name_joins_the_from_import_of_its_module() {
        let src = "from sqlalchemy import Column, create_engine\n\nx = 1\n";
        assert_eq!(
            add(src, "sqlalchemy", Some("event")),
            "from sqlalchemy import Column, create_engine, event\n\nx = 1\n"
        );
        // Too long for one line: one name a line, as ruff's formatter writes it.
        let long = "from sqlalchemy import Column, DateTime, Float, ForeignKey, Integer, String, create_engine\n";
        assert_eq!(
            add(long, "sqlalchemy", Some("event")),
            "from sqlalchemy import (\n    Column,\n    DateTime,\n    Float,\n    ForeignKey,\n    Integer,\n    String,\n    create_engine,\n    event,\n)\n"
        );
        // A comment after it: a line of its own instead.
        let commented = "from sqlalchemy import create_engine  # engine\n\nx = 1\n";
        assert_eq!(
            add(commented, "sqlalchemy", Some("event")),
            "from sqlalchemy import create_engine  # engine\nfrom sqlalchemy import event\n\nx = 1\n"
        );
        // A comment inside the parentheses: the same.
        let inner =
            "from sqlalchemy import (  # noqa: F401\n    Index,\n    create_engine,\n)\n\nx = 1\n";
        assert_eq!(
            add(inner, "sqlalchemy", Some("event")),
            "from sqlalchemy import (  # noqa: F401\n    Index,\n    create_engine,\n)\nfrom sqlalchemy import event\n\nx = 1\n"
        );
    }

    #[test]
    fn a_third_party_module_the_file_does_not_import_goes_where_it_went_before() {
        let src = "import os\n\nx = 1\n";
        assert_eq!(
            add(src, "aiosqlite", None),
            "import aiosqlite\nimport os\n\nx = 1\n"
        );
    }
}
