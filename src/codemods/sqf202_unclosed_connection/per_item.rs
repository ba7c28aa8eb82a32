//! Where a connection's opening repeats: once per item of a loop, in its own
//! function or through the functions that call it.
//!
//! A connection nothing closes costs one file descriptor until the garbage
//! collector gets to it. Once, that is nothing; opened per input file of a batch
//! of thousands, or per row of a listing, the descriptors are what runs out. So
//! the leaks that hold no lock (a read-only or immutable connection, a probe
//! that only reads) are reported only where something repeats them, and the
//! finding names that repetition.
//!
//! A loop counts when it is no retry loop (one piece of work tried until it
//! succeeds, `semantic::loops::is_retry_loop`) and no search (a loop that
//! `break`s or `return`s once it found what it looked for opens one connection
//! that matters). A function is run per item when a loop of another function
//! calls it (the project's `looped_calls`, across modules), or a loop of its
//! module's top-level code does, or when a function run per item calls it (a
//! few levels of helpers). A method that overrides one its base class runs
//! per item (the base's loop calls `self.<name>(...)`) runs per item too.

use rustc_hash::FxHashSet as HashSet;

use ruff_python_ast::Stmt;
use ruff_text_size::TextRange;

use super::super::Context;
use crate::semantic::connections::ConnSite;
use crate::semantic::model::{Callee, Model};
use crate::semantic::project::ProjectIndex;
use crate::semantic::{loops, paths, visit};

/// Helper levels below a loop's direct callee that still count as per item.
const HELPER_DEPTH: usize = 3;

/// The project's functions (module, function) that run once per item of a loop.
#[derive(Debug, Default)]
struct PerItemFunctions(HashSet<(usize, usize)>);

impl PerItemFunctions {
    fn of(index: &ProjectIndex) -> PerItemFunctions {
        let mut set = HashSet::default();
        let mut frontier = Vec::new();
        for (m, module) in index.modules.iter().enumerate() {
            // A test looping over a helper says nothing about the program.
            if paths::is_test_module(&module.path) {
                continue;
            }
            for f in &module.functions {
                for target in f
                    .looped_calls
                    .iter()
                    .filter_map(|&i| f.calls.get(i))
                    .filter_map(|c| index.resolve(m, c))
                {
                    if set.insert(target) {
                        frontier.push(target);
                    }
                }
            }
        }
        for _ in 0..HELPER_DEPTH {
            let mut next = Vec::new();
            for (m, f) in frontier {
                for target in index.modules[m].functions[f]
                    .calls
                    .iter()
                    .filter_map(|c| index.resolve(m, c))
                {
                    if set.insert(target) {
                        next.push(target);
                    }
                }
            }
            if next.is_empty() {
                break;
            }
            frontier = next;
        }
        PerItemFunctions(set)
    }
}

/// Where the opening at `site` repeats per item, in words, if it does.
pub fn repetition(ctx: &Context<'_, '_>, site: &ConnSite<'_, '_>) -> Option<String> {
    let model = ctx.model;
    let scope = site.scope()?;
    let function = model.scopes.function(scope);
    let name = function.name();
    if in_item_loop(&function.def.body, site.call.range())
        || loops::in_comprehension(site.call.stmt, site.call.range())
    {
        return Some(format!(
            "it is opened once per item of a loop in `{name}()`"
        ));
    }
    if function.class.is_none() && called_in_top_level_loop(model, name) {
        return Some(format!(
            "`{name}()` is called once per item of a loop of the module's top-level code"
        ));
    }
    let index = &ctx.project.index;
    let m = index.module_id(model.path)?;
    let f = index.function_id(m, &function.qualname)?;
    let per_item = index.memo(PerItemFunctions::of);
    if per_item.0.contains(&(m, f)) {
        return Some(format!(
            "`{name}()` runs once per item of a loop (a caller's, or its caller's)"
        ));
    }
    let class = function.qualname.strip_suffix(&format!(".{name}"))?;
    overridden_per_item(index, &per_item, m, class, name, 0).then(|| {
        format!(
            "`{name}()` overrides a method its base class calls once per item of a loop (`self.{name}(...)` in the base's loop runs this one)"
        )
    })
}

/// Whether a base class of `class` (module `m`) has a method `name` that runs
/// once per item: a template method in the base (`for path in self.paths:
/// self.parse(path)`) calls `self.parse`, which resolves to the base's own
/// (often abstract) method, yet on an instance of the subclass runs the
/// override.
fn overridden_per_item(
    index: &ProjectIndex,
    per_item: &PerItemFunctions,
    m: usize,
    class: &str,
    name: &str,
    depth: usize,
) -> bool {
    if depth > HELPER_DEPTH {
        return false;
    }
    let Some(id) = index.class_id(m, class) else {
        return false;
    };
    index.modules[m].classes[id].bases.iter().any(|base| {
        let Some((bm, bc)) = index.class_named(m, base, depth + 1) else {
            return false;
        };
        index
            .function_id(bm, &format!("{bc}.{name}"))
            .is_some_and(|f| per_item.0.contains(&(bm, f)))
            || overridden_per_item(index, per_item, bm, &bc, name, depth + 1)
    })
}

/// Whether the project's function `qualname` of module `m` runs once per item
/// of a loop (a caller's, or its caller's).
pub fn runs_per_item(index: &ProjectIndex, m: usize, qualname: &str) -> bool {
    index
        .function_id(m, qualname)
        .is_some_and(|f| index.memo(PerItemFunctions::of).0.contains(&(m, f)))
}

/// A loop of `body` around `target` that goes through items: no retry loop, no search.
fn in_item_loop(body: &[Stmt], target: TextRange) -> bool {
    loops::enclosing_loops(body, target)
        .into_iter()
        .any(|l| !loops::is_retry_loop(l) && !leaves_early(l))
}

/// A loop that can stop before its items run out (`break`, `return`): a search
/// or a first-success attempt, which keeps one connection rather than one per item.
fn leaves_early(loop_stmt: &Stmt) -> bool {
    visit::any_stmt(loops::loop_body(loop_stmt), |s| {
        matches!(s, Stmt::Break(_) | Stmt::Return(_))
    })
}

/// `for path in paths: check(path)` in the module's own top-level code.
fn called_in_top_level_loop(model: &Model<'_>, name: &str) -> bool {
    model.calls_named(name).any(|c| {
        c.scope.is_none()
            && matches!(&c.callee, Callee::Local(n) if n == name)
            && in_item_loop(model.suite, c.range())
    })
}

#[cfg(test)]
mod tests {
    use super::{in_item_loop, leaves_early};
    use ruff_text_size::{TextRange, TextSize};

    fn target_in_loop(src: &str, marker: &str) -> bool {
        let parsed = ruff_python_parser::parse_module(src).unwrap();
        let at = TextSize::try_from(src.find(marker).unwrap()).unwrap();
        in_item_loop(parsed.suite(), TextRange::new(at, at + TextSize::from(1)))
    }

    #[test]
    fn item_loops_count_searches_and_retries_do_not() {
        assert!(target_in_loop("for p in ps:\n    open_it(p)\n", "open_it"));
        assert!(target_in_loop(
            "while True:\n    job = q.get()\n    open_it(job)\n",
            "open_it"
        ));
        assert!(!target_in_loop(
            "for p in ps:\n    x = open_it(p)\n    if x:\n        break\n",
            "open_it"
        ));
        assert!(!target_in_loop(
            "for p in ps:\n    return open_it(p)\n",
            "open_it"
        ));
        assert!(!target_in_loop(
            "open_it(p)\nfor p in ps:\n    pass\n",
            "open_it"
        ));
    }

    #[test]
    fn a_break_anywhere_in_the_body_ends_early() {
        let src = "for p in ps:\n    try:\n        f(p)\n    except E:\n        break\n";
        let parsed = ruff_python_parser::parse_module(src).unwrap();
        assert!(leaves_early(&parsed.suite()[0]));
    }
}
