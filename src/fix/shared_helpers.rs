//! One definition per project of a helper the fixes generate. Each file's fixes
//! define what they need in that file (`_configure_sqlite`, `_WRITE_LOCK`,
//! `_atomic_open`), so two modules fixed in one run end up with two copies.
//! After a round, a copy that this round's fixes wrote and that is the same,
//! word for word, as another module's definition is replaced by
//! `from <that module> import <name>`; imports the removed copy alone needed and
//! the fixes added go with it. The defining module: the one most copies can
//! import (the module the others already import), then one that defined the
//! helper before the round (the project's code, or an earlier round), then the
//! first in path order. A copy stays where the other module cannot be named from it (no
//! import of it or of its package or siblings to go by), or where importing it
//! would be circular at import time (it imports this module, directly or not,
//! counting the imports the fixes add): a module half-initialised by the cycle
//! would not define the name yet. A copy that differs (a helper that sets WAL
//! against one that need not) also stays: sharing it would change what one
//! module's connections get.
//!
//! Helpers defined inside a function (SQF501's `_db_work`) belong to their
//! call and are never shared.

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::path::Path;

use rayon::prelude::*;
use ruff_python_ast::token::TokenKind;
use ruff_python_ast::visitor::{self, Visitor};
use ruff_python_ast::{Expr, Stmt};
use ruff_text_size::{Ranged, TextRange, TextSize};

use super::codegen;
use crate::semantic::{Model, ProjectIndex};

/// One module of the project as a round leaves it.
pub struct ModuleText<'a> {
    /// Its position in the project index.
    pub module: usize,
    pub path: &'a Path,
    /// The text the round started from: what it defines there is never removed.
    pub before: &'a str,
    /// The round's fixed text, when it changed the file: the one text rewritten.
    pub after: Option<String>,
}

impl ModuleText<'_> {
    fn text(&self) -> &str {
        self.after.as_deref().unwrap_or(self.before)
    }
}

/// Replaces the copies of `names` the round wrote by imports, where that is safe.
/// Returns the positions in `modules` whose `after` changed.
pub fn share(index: &ProjectIndex, names: &[&str], modules: &mut [ModuleText<'_>]) -> Vec<usize> {
    let mut changed = Vec::new();
    // Most rounds add no helper at all: no parse for them.
    let gained = |m: &ModuleText<'_>, name: &str| {
        m.after
            .as_deref()
            .is_some_and(|after| may_define(after, name) && !may_define(m.before, name))
    };
    let mut order: Vec<usize> = (0..modules.len()).collect();
    order.sort_by(|&a, &b| modules[a].path.cmp(modules[b].path));
    let mut graph = Graph::default();
    for name in names {
        if !modules.iter().any(|m| gained(m, name)) {
            continue;
        }
        // Every definition of `name`, grouped by its text. Each module's text is
        // parsed on its own core; a module the round left as it was defined it
        // before the round too (the same text, no second parse).
        let found: Vec<Option<(String, bool)>> = order
            .par_iter()
            .map(|&i| {
                let m = &modules[i];
                if !may_define(m.text(), name) {
                    return None;
                }
                let definition = definition_text(m.text(), name)?;
                let earlier = m.after.is_none()
                    || (may_define(m.before, name) && definition_text(m.before, name).is_some());
                Some((definition, earlier))
            })
            .collect();
        let mut groups: HashMap<String, Vec<(usize, bool)>> = HashMap::default();
        for (&i, found) in order.iter().zip(found) {
            if let Some((definition, earlier)) = found {
                groups.entry(definition).or_default().push((i, earlier));
            }
        }
        let mut groups: Vec<Vec<(usize, bool)>> = groups.into_values().collect();
        groups.sort();
        for mut group in groups {
            if group.len() < 2 || group.iter().all(|&(_, earlier)| earlier) {
                continue;
            }
            // The home: the definition most of the new copies can import (the
            // module the others already import, a lower layer); then one defined
            // before the round; then the first in path order.
            let mut best: Option<(usize, usize, bool, usize)> = None;
            for (pos, &(h, earlier)) in group.iter().enumerate() {
                let mut reach = 0;
                for &(i, e) in &group {
                    if i != h
                        && !e
                        && modules[i].after.is_some()
                        && importable(index, &mut graph, modules, i, h).is_some()
                    {
                        reach += 1;
                    }
                }
                if best.is_none_or(|(_, r, e, _)| (reach, earlier) > (r, e)) {
                    best = Some((h, reach, earlier, pos));
                }
            }
            let Some((home, _, _, at)) = best else {
                continue;
            };
            group.remove(at);
            for &(i, earlier) in &group {
                if earlier || modules[i].after.is_none() {
                    continue;
                }
                let Some(dotted) = importable(index, &mut graph, modules, i, home) else {
                    continue;
                };
                let (from, to) = (modules[i].module, modules[home].module);
                let m = &modules[i];
                let Some(text) = import_instead(m.path, m.before, m.text(), name, &dotted) else {
                    continue;
                };
                modules[i].after = Some(text);
                graph.added.entry(from).or_default().push(to);
                graph.known.remove(&from);
                if !changed.contains(&i) {
                    changed.push(i);
                }
            }
        }
    }
    changed
}

/// How module `i` names module `home` in an import, when it can import it
/// without a cycle.
fn importable(
    index: &ProjectIndex,
    graph: &mut Graph,
    modules: &[ModuleText<'_>],
    i: usize,
    home: usize,
) -> Option<String> {
    let (from, to) = (modules[i].module, modules[home].module);
    let dotted = index.import_name(from, to)?;
    (!graph.reaches(index, modules, to, from)).then_some(dotted)
}

/// A cheap test before any parse: a line that starts defining `name`.
fn may_define(text: &str, name: &str) -> bool {
    text.contains(&format!("def {name}(")) || text.contains(&format!("\n{name} ="))
}

/// Which modules each module imports at import time: the index's view of the
/// text it was built from, the module-level imports of the fixed text, and the
/// imports this pass adds.
#[derive(Default)]
struct Graph {
    known: HashMap<usize, Vec<usize>>,
    added: HashMap<usize, Vec<usize>>,
}

impl Graph {
    fn edges(&mut self, index: &ProjectIndex, modules: &[ModuleText<'_>], m: usize) -> Vec<usize> {
        if let Some(known) = self.known.get(&m) {
            return known.clone();
        }
        let mut targets: Vec<String> = index.modules[m]
            .imports
            .iter()
            .map(|i| i.target.clone())
            .collect();
        if let Some(after) = modules
            .iter()
            .find(|t| t.module == m)
            .and_then(|t| t.after.as_deref().map(|a| (t.path, a)))
            && let Ok(parsed) = crate::check::parse(after.1)
        {
            let model = Model::build(after.0, after.1, parsed.suite(), parsed.tokens());
            // Only what runs at import time makes a cycle: an import inside a
            // function runs when it is called (the index keeps the same ones).
            targets.extend(
                model
                    .imports
                    .iter()
                    .filter(|i| i.scope.is_none())
                    .map(|i| i.target.clone()),
            );
        }
        let mut out: Vec<usize> = targets
            .iter()
            .filter_map(|t| index.module_of(m, &format!("{t}.x")).map(|(n, _)| n))
            .collect();
        out.extend(self.added.get(&m).into_iter().flatten().copied());
        out.sort_unstable();
        out.dedup();
        self.known.insert(m, out.clone());
        out
    }

    /// Whether importing `from` runs an import of `to`, directly or not.
    fn reaches(
        &mut self,
        index: &ProjectIndex,
        modules: &[ModuleText<'_>],
        from: usize,
        to: usize,
    ) -> bool {
        let mut seen = HashSet::from_iter([from]);
        let mut queue = vec![from];
        while let Some(m) = queue.pop() {
            for next in self.edges(index, modules, m) {
                if next == to {
                    return true;
                }
                if seen.insert(next) {
                    queue.push(next);
                }
            }
        }
        false
    }
}

/// The module-level statement that defines `name`: a `def` (with its decorators)
/// or an assignment to it alone.
fn definition<'a>(suite: &'a [Stmt], name: &str) -> Option<&'a Stmt> {
    suite.iter().find(|stmt| match stmt {
        Stmt::FunctionDef(f) => f.name.as_str() == name,
        Stmt::Assign(a) => {
            matches!(a.targets.as_slice(), [Expr::Name(n)] if n.id.as_str() == name)
        }
        Stmt::AnnAssign(a) => matches!(a.target.as_ref(), Expr::Name(n) if n.id.as_str() == name),
        _ => false,
    })
}

/// The definition's lines with the comment lines right above it (a generated
/// lock explains itself there), line endings as `\n`.
fn definition_text(text: &str, name: &str) -> Option<String> {
    let parsed = crate::check::parse(text).ok()?;
    let stmt = definition(parsed.suite(), name)?;
    let range = definition_lines(text, stmt);
    Some(text[range].replace("\r\n", "\n"))
}

fn definition_lines(text: &str, stmt: &Stmt) -> TextRange {
    let mut start = codegen::line_start(text, stmt.start());
    while let Some(above) = previous_line(text, start)
        && text[above].trim_start().starts_with('#')
    {
        start = above.start();
    }
    TextRange::new(start, codegen::next_line_start(text, stmt.end()))
}

/// The line before the one starting at `start`, without its line break.
fn previous_line(text: &str, start: TextSize) -> Option<TextRange> {
    if start == TextSize::new(0) {
        return None;
    }
    let end = usize::from(start) - 1;
    let end = if end > 0 && text.as_bytes()[end - 1] == b'\r' {
        end - 1
    } else {
        end
    };
    let line_start = text[..end].rfind(['\n', '\r']).map_or(0, |i| i + 1);
    Some(TextRange::new(
        TextSize::new(line_start as u32),
        TextSize::new(end as u32),
    ))
}

/// `text` with its definition of `name` replaced by `from dotted import name`,
/// and the imports only that definition used, which the fixes added, removed.
fn import_instead(
    path: &Path,
    before: &str,
    text: &str,
    name: &str,
    dotted: &str,
) -> Option<String> {
    let parsed = crate::check::parse(text).ok()?;
    let model = Model::build(path, text, parsed.suite(), parsed.tokens());
    let stmt = definition(parsed.suite(), name)?;
    let lines = definition_lines(text, stmt);
    // The blank lines above go with it: those below then separate what was
    // around it as they separated it.
    let mut start = lines.start();
    while let Some(above) = previous_line(text, start)
        && text[above].trim().is_empty()
    {
        start = above.start();
    }
    let mut end = lines.end();
    if start == TextSize::new(0) {
        while usize::from(end) < text.len() {
            let next = codegen::next_line_start(text, end);
            if !text[TextRange::new(end, next)].trim().is_empty() {
                break;
            }
            end = next;
        }
    }
    let removed = TextRange::new(start, end);
    let mut used: HashSet<&str> = identifiers(&parsed, removed, text);
    // Its own import is what the rest of the module now uses.
    used.remove(name);
    // Right below the imports, the blank lines that follow are isort's to count
    // (ruff's I001): two before a definition, one before other code. The helper's
    // insertion may have added one.
    let mut gap = String::new();
    let after_imports = parsed
        .suite()
        .iter()
        .take_while(|s| matches!(s, Stmt::Import(_) | Stmt::ImportFrom(_)) || is_docstring(s))
        .last()
        .is_some_and(|last| codegen::next_line_start(text, last.end()) == start);
    if after_imports {
        while usize::from(end) < text.len() {
            let next = codegen::next_line_start(text, end);
            if !text[TextRange::new(end, next)].trim().is_empty() {
                break;
            }
            end = next;
        }
        let next_line = text[usize::from(end)..].trim_start();
        let definition = ["def ", "async def ", "class ", "@"]
            .iter()
            .any(|p| next_line.starts_with(p));
        let nl = model.stylist.newline.as_str();
        gap = nl.repeat(if definition { 2 } else { 1 });
    }
    let mut out = text.to_string();
    out.replace_range(usize::from(start)..usize::from(end), &gap);
    // The import is placed in the text without the definition, so that the
    // blank lines around a new import section are counted as they now are.
    let removed_text = out.clone();
    let parsed = crate::check::parse(&removed_text).ok()?;
    let model = Model::build(path, &removed_text, parsed.suite(), parsed.tokens());
    if let (_, Some(import)) = codegen::from_import(&model, dotted, name) {
        out.replace_range(
            usize::from(import.range.start())..usize::from(import.range.end()),
            &import.content,
        );
    }
    let out = without_unused_imports(before, &out, &used)?;
    crate::check::parse(&out).ok()?;
    Some(out)
}

fn is_docstring(stmt: &Stmt) -> bool {
    matches!(stmt, Stmt::Expr(e) if e.value.is_string_literal_expr())
}

/// The names used in `range` of the parsed text.
fn identifiers<'t>(
    parsed: &ruff_python_parser::Parsed<ruff_python_ast::ModModule>,
    range: TextRange,
    text: &'t str,
) -> HashSet<&'t str> {
    parsed
        .tokens()
        .iter()
        .filter(|t| t.kind() == TokenKind::Name && range.contains_range(t.range()))
        .map(|t| &text[t.range()])
        .collect()
}

/// `text` without its module-level imports of a name among `candidates` that
/// nothing uses any more and that `before` did not import (the fixes added them).
/// In `from m import a, b` only the unused name goes.
fn without_unused_imports(before: &str, text: &str, candidates: &HashSet<&str>) -> Option<String> {
    let parsed = crate::check::parse(text).ok()?;
    let theirs: HashSet<&str> = before.lines().map(str::trim_end).collect();
    let theirs_bound = bound_by_imports(before);
    // A name inside an import statement (`from contextlib import suppress`) is
    // a module path, not a use of the name `contextlib`.
    let mut imports = ImportRanges::default();
    imports.visit_body(parsed.suite());
    let used = |local: &str| {
        parsed.tokens().iter().any(|t| {
            t.kind() == TokenKind::Name
                && &text[t.range()] == local
                && !imports.0.iter().any(|r| r.contains_range(t.range()))
        })
    };
    let mut drop: Vec<TextRange> = Vec::new();
    for stmt in parsed.suite() {
        let aliases: Vec<(&str, TextRange)> = match stmt {
            Stmt::Import(i) => i
                .names
                .iter()
                .filter_map(|a| match &a.asname {
                    Some(n) => Some((n.as_str(), a.range())),
                    None if !a.name.contains('.') => Some((a.name.as_str(), a.range())),
                    None => None,
                })
                .collect(),
            Stmt::ImportFrom(i) => i
                .names
                .iter()
                .map(|a| (a.asname.as_ref().unwrap_or(&a.name).as_str(), a.range()))
                .collect(),
            _ => continue,
        };
        let count = match stmt {
            Stmt::Import(i) => i.names.len(),
            Stmt::ImportFrom(i) => i.names.len(),
            _ => continue,
        };
        let line = TextRange::new(
            codegen::line_start(text, stmt.start()),
            codegen::next_line_start(text, stmt.end()),
        );
        if count == 1 {
            let Some(&(local, _)) = aliases.first() else {
                continue;
            };
            if !candidates.contains(local) || theirs.contains(text[line].trim_end()) || used(local)
            {
                continue;
            }
            // An import alone in its section leaves one blank line, not two.
            let blank_above =
                previous_line(text, line.start()).is_none_or(|l| text[l].trim().is_empty());
            let next = codegen::next_line_start(text, line.end());
            let blank_below = usize::from(line.end()) < text.len()
                && text[TextRange::new(line.end(), next)].trim().is_empty();
            drop.push(if blank_above && blank_below {
                TextRange::new(line.start(), next)
            } else {
                line
            });
            continue;
        }
        // Several names: each unused one the fixes added goes, with its comma.
        let all: Vec<TextRange> = match stmt {
            Stmt::Import(i) => i.names.iter().map(Ranged::range).collect(),
            Stmt::ImportFrom(i) => i.names.iter().map(Ranged::range).collect(),
            _ => continue,
        };
        let gone: Vec<usize> = all
            .iter()
            .enumerate()
            .filter(|&(_, r)| {
                aliases.iter().any(|&(local, ar)| {
                    ar == *r
                        && candidates.contains(local)
                        && !theirs_bound.contains(local)
                        && !used(local)
                })
            })
            .map(|(k, _)| k)
            .collect();
        if gone.is_empty() || gone.len() == all.len() {
            continue;
        }
        for &k in &gone {
            drop.push(if k + 1 < all.len() {
                TextRange::new(all[k].start(), all[k + 1].start())
            } else {
                TextRange::new(all[k - 1].end(), all[k].end())
            });
        }
    }
    drop.sort_by_key(|r| r.start());
    let mut out = text.to_string();
    for range in drop.into_iter().rev() {
        out.replace_range(usize::from(range.start())..usize::from(range.end()), "");
    }
    Some(out)
}

/// The names the module-level imports of `text` bind.
fn bound_by_imports(text: &str) -> HashSet<String> {
    let Ok(parsed) = crate::check::parse(text) else {
        return HashSet::default();
    };
    let mut out = HashSet::default();
    for stmt in parsed.suite() {
        match stmt {
            Stmt::Import(i) => {
                for a in &i.names {
                    let local = a.asname.as_ref().unwrap_or(&a.name).as_str();
                    out.insert(local.split('.').next().unwrap_or(local).to_string());
                }
            }
            Stmt::ImportFrom(i) => {
                for a in &i.names {
                    out.insert(a.asname.as_ref().unwrap_or(&a.name).to_string());
                }
            }
            _ => {}
        }
    }
    out
}

/// The ranges of every import statement, nested ones included.
#[derive(Default)]
struct ImportRanges(Vec<TextRange>);

impl<'a> Visitor<'a> for ImportRanges {
    fn visit_stmt(&mut self, stmt: &'a Stmt) {
        if matches!(stmt, Stmt::Import(_) | Stmt::ImportFrom(_)) {
            self.0.push(stmt.range());
        }
        visitor::walk_stmt(self, stmt);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_definition_and_the_imports_it_alone_used_go() {
        let before =
            "import sqlite3\n\nfrom app import db\n\n\ndef f():\n    return sqlite3.connect('x')\n";
        let text = "import sqlite3\nimport warnings\n\nfrom app import db\n\n\ndef _configure_sqlite(conn):\n    warnings.warn('x')\n    return conn\n\n\ndef f():\n    return _configure_sqlite(sqlite3.connect('x'))\n";
        let out = import_instead(
            Path::new("m.py"),
            before,
            text,
            "_configure_sqlite",
            "app.db",
        );
        assert_eq!(
            out.as_deref(),
            Some(
                "import sqlite3\n\nfrom app import db\nfrom app.db import _configure_sqlite\n\n\ndef f():\n    return _configure_sqlite(sqlite3.connect('x'))\n"
            )
        );
    }

    #[test]
    fn a_module_path_is_not_a_use_and_one_name_of_several_goes() {
        // `from contextlib import suppress` does not use the name `contextlib`;
        // `_atomic_open` came in with `_atomic_write_text`, which alone is used.
        let before = "from contextlib import suppress\n\nfrom app import db\n\n\ndef f(p):\n    with suppress(OSError):\n        p.write_text('x')\n";
        let text = "import contextlib\nfrom contextlib import suppress\n\nfrom app import db\nfrom app.db import _atomic_open, _atomic_write_text\n\n\n@contextlib.contextmanager\ndef _helper(p):\n    yield _atomic_open(p)\n\n\ndef f(p):\n    with suppress(OSError):\n        _atomic_write_text(p, 'w', 'x')\n";
        let out = import_instead(Path::new("m.py"), before, text, "_helper", "app.db");
        assert_eq!(
            out.as_deref(),
            Some(
                "from contextlib import suppress\n\nfrom app import db\nfrom app.db import _atomic_write_text, _helper\n\n\ndef f(p):\n    with suppress(OSError):\n        _atomic_write_text(p, 'w', 'x')\n"
            )
        );
    }

    #[test]
    fn a_lock_goes_with_its_comment() {
        let before = "import threading\n\nfrom app import db\n\nX = db.X\n";
        let text = "import threading\n\nfrom app import db\n\n# Held by every writer.\n_WRITE_LOCK = threading.RLock()\n\nX = db.X\n";
        let out = import_instead(Path::new("m.py"), before, text, "_WRITE_LOCK", "app.db");
        // `threading` was the user's: it stays.
        assert_eq!(
            out.as_deref(),
            Some(
                "import threading\n\nfrom app import db\nfrom app.db import _WRITE_LOCK\n\nX = db.X\n"
            )
        );
        assert_eq!(
            definition_text(text, "_WRITE_LOCK").as_deref(),
            Some("# Held by every writer.\n_WRITE_LOCK = threading.RLock()\n")
        );
    }
}
