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

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use ruff_text_size::TextRange;

use super::model::Model;
use super::project::{ProjectIndex, ProjectView};
use super::run_sites::Site;
use super::scopes::FuncId;
use super::unseen_calls::{self, Unseen};

/// The project's functions that run once per process or rarely, as (module,
/// function index).
#[derive(Debug, Default)]
pub struct Once(HashSet<(usize, usize)>);

impl Once {
    pub fn of(index: &ProjectIndex) -> Once {
        let start_up = index.memo(super::startup_functions::Functions::of);
        let unseen = index.memo(Unseen::of);
        let mut callers: HashMap<(usize, usize), Vec<(usize, Site)>> = HashMap::default();
        let targets = index.memo(unseen_calls::RunCallTargets::of);
        for (m, module) in index.modules.iter().enumerate() {
            for ((site, _, _), target) in module.facts.run_calls.calls.iter().zip(&targets.0[m]) {
                if let Some(target) = *target {
                    callers.entry(target).or_default().push((m, *site));
                }
            }
        }
        let mut set: HashSet<(usize, usize)> = HashSet::default();
        // Each round adds the functions called only from what the last found.
        for _ in 0..12 {
            let mut grew = false;
            for (&target, calls) in &callers {
                if set.contains(&target) || unseen.may_call(index, target) {
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
