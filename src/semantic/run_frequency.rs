//! How often a function runs: once per process (or rarely) rather than once
//! per request, event or item, decided from who calls it.
//!
//! A function runs once when every call of it in the project is made from code
//! that itself runs once, outside any loop there: module code (it runs when the
//! module is first imported; `if __name__ == "__main__": main()`), a start-up
//! hook or a function only they call (semantic/startup_functions.rs), a job a
//! scheduler runs at most once a day (semantic/daily_jobs.rs), the `__init__`
//! of a class built only in such code (one object per process, so what its
//! constructor does runs once), or another function found this way,
//! transitively across modules (`main()` → `initialize()` → `dbcheck()`).
//!
//! It is a question about the call graph, so anything that could call the
//! function unseen keeps it out: a decorator (it may register the function as
//! a route or a callback), a thread, task or route entry, its name used other
//! than as a call (handed on as a value, a base class, `getattr(x, "name")`)
//! in a module that can reach it (its own, or one importing the name or the
//! module: a bundled library's own `main` says nothing about the program's),
//! or a call by its name that the index cannot resolve (`obj.name()` on an
//! unknown object). A call nested in another call's arguments is not counted
//! as a direct call (`map(f, xs)`, `pool.submit(f())`), except the coroutine
//! given to `asyncio.run(...)` or `run_until_complete(...)`, which runs once.
//!
//! SQF202 uses it: a connection such a function opens and leaves to the
//! garbage collector is one handle for the process's life, not a pile-up.

use std::collections::{HashMap, HashSet};

use ruff_text_size::TextRange;

use super::model::Model;
use super::project::{ProjectIndex, ProjectView};
use super::refs::CallRef;
use super::run_sites::Site;
use super::scopes::FuncId;

/// The project's functions that run once per process or rarely, as (module,
/// function index).
#[derive(Debug, Default)]
pub struct Once(HashSet<(usize, usize)>);

impl Once {
    pub fn of(index: &ProjectIndex) -> Once {
        let start_up = index.memo(super::startup_functions::Functions::of);
        // Which modules name each word as a value, and as an attribute.
        let mut values: HashMap<&str, Vec<usize>> = HashMap::new();
        let mut attributes: HashMap<&str, Vec<usize>> = HashMap::new();
        let mut doubted: HashSet<&str> = HashSet::new();
        let mut decorated: HashSet<(usize, usize)> = HashSet::new();
        let mut started: HashSet<(usize, usize)> = HashSet::new();
        let mut callers: HashMap<(usize, usize), Vec<(usize, Site)>> = HashMap::new();
        for (m, module) in index.modules.iter().enumerate() {
            let summary = &module.facts.run_calls;
            for name in &summary.values {
                values.entry(name.as_str()).or_default().push(m);
            }
            for name in &summary.attributes {
                attributes.entry(name.as_str()).or_default().push(m);
            }
            decorated.extend(
                summary
                    .decorated
                    .iter()
                    .filter_map(|q| index.function_id(m, q).map(|f| (m, f))),
            );
            started.extend(
                module
                    .facts
                    .entries
                    .iter()
                    .map(|(r, _)| r)
                    .chain(&module.thread_entries)
                    .filter_map(|r| index.resolve(m, r)),
            );
            for (site, r, name) in &summary.calls {
                match r.as_ref().and_then(|r| resolve(index, m, r)) {
                    Some(target) => callers.entry(target).or_default().push((m, *site)),
                    // A method a class inherits from outside the project, a
                    // builtin, an imported library's or an unparsed module's
                    // function: none of the parsed project's functions. (A call
                    // through an import that reaches one resolves.)
                    None if matches!(
                        r,
                        Some(CallRef::SelfMethod { .. } | CallRef::Local(_) | CallRef::Dotted(_))
                    ) => {}
                    None => {
                        doubted.insert(name.as_str());
                    }
                }
            }
        }
        let mut set: HashSet<(usize, usize)> = HashSet::new();
        // Each round adds the functions called only from what the last found.
        for _ in 0..12 {
            let mut grew = false;
            for (&target, calls) in &callers {
                if set.contains(&target) || started.contains(&target) || decorated.contains(&target)
                {
                    continue;
                }
                let qualname = index.modules[target.0].functions[target.1]
                    .qualname
                    .as_str();
                // A constructor is named by its class.
                let name = match qualname.strip_suffix(".__init__") {
                    Some(class) => class.rsplit('.').next().unwrap_or(class),
                    None => qualname.rsplit('.').next().unwrap_or(qualname),
                };
                if doubted.contains(name) || handed_on(index, target.0, name, &values, &attributes)
                {
                    continue;
                }
                let once = calls.iter().all(|&(m, site)| match site {
                    Site::Module | Site::Rare => true,
                    Site::In(f) => set.contains(&(m, f)) || start_up.contains(m, f),
                    Site::Repeated => false,
                });
                if once {
                    set.insert(target);
                    grew = true;
                }
            }
            if !grew {
                break;
            }
        }
        Once(set)
    }

    pub fn contains(&self, module: usize, function: usize) -> bool {
        self.0.contains(&(module, function))
    }
}

/// Whether a module that can see function `name` of module `m` names it as a
/// value: `m` itself, or a module binding the name by `from ... import` (a bare
/// name), or one importing a module spelled like `m` (an attribute: `pkg.f`).
/// The same word in modules that cannot reach it (a bundled library's own
/// `main`) hands nothing on.
fn handed_on(
    index: &ProjectIndex,
    m: usize,
    name: &str,
    values: &HashMap<&str, Vec<usize>>,
    attributes: &HashMap<&str, Vec<usize>>,
) -> bool {
    let stem = module_stem(&index.modules[m].path);
    let imports_name = |x: usize| index.modules[x].imports.iter().any(|i| i.local == name);
    let imports_module = |x: usize| {
        index.modules[x]
            .imports
            .iter()
            .any(|i| stem.is_some_and(|s| i.target.split('.').any(|part| part == s)))
    };
    values
        .get(name)
        .is_some_and(|xs| xs.iter().any(|&x| x == m || imports_name(x)))
        || attributes.get(name).is_some_and(|xs| {
            xs.iter()
                .any(|&x| x == m || imports_module(x) || imports_name(x))
        })
}

/// The name a module is imported by: its file's stem, or its folder's for a
/// package's `__init__.py`.
fn module_stem(path: &std::path::Path) -> Option<&str> {
    let stem = path.file_stem()?.to_str()?;
    if stem == "__init__" {
        path.parent()?.file_name()?.to_str()
    } else {
        Some(stem)
    }
}

/// The function a call runs: its target, or for a class the `__init__` it runs.
fn resolve(index: &ProjectIndex, m: usize, r: &CallRef) -> Option<(usize, usize)> {
    index.resolve(m, r).or_else(|| {
        let init = match r {
            CallRef::Local(name) => CallRef::Local(format!("{name}.__init__")),
            CallRef::Dotted(dotted) => CallRef::Dotted(format!("{dotted}.__init__")),
            _ => return None,
        };
        index.resolve(m, &init)
    })
}

/// Whether the code at `at` runs once per process or rarely: in a function of
/// [`Once`] or a start-up function, outside any loop of that function. Module
/// code is not asked here.
pub fn runs_rarely(
    view: &ProjectView<'_>,
    model: &Model<'_>,
    scope: Option<FuncId>,
    at: TextRange,
) -> bool {
    let (Some(id), Some(m)) = (scope, view.module) else {
        return false;
    };
    let body = &model.scopes.function(id).def.body;
    if !super::loops::enclosing_loops(body, at).is_empty() {
        return false;
    }
    // By name: a fix round may have added functions since the index was built.
    view.index
        .function_id(m, &model.scopes.function(id).qualname)
        .is_some_and(|f| {
            view.index.memo(Once::of).contains(m, f)
                || view
                    .index
                    .memo(super::startup_functions::Functions::of)
                    .contains(m, f)
        })
}
