//! The project's start-up functions (semantic/startup.rs says which code is
//! start-up code), found once per run from every module's summary.

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use ruff_text_size::TextSize;

use super::model::Model;
use super::project::ProjectIndex;
use super::startup::{Caller, Serving};
use super::unseen_calls::{self, Unseen};

/// The project's start-up functions, as (module, function index).
#[derive(Debug, Default)]
pub struct Functions(HashSet<(usize, usize)>);

impl Functions {
    pub fn of(index: &ProjectIndex) -> Functions {
        let mut set: HashSet<(usize, usize)> = HashSet::default();
        let mut callers: HashMap<(usize, usize), Vec<(usize, Caller)>> = HashMap::default();
        let mut imported: HashMap<&str, usize> = HashMap::default();
        for (m, module) in index.modules.iter().enumerate() {
            let summary = &module.facts.startup;
            set.extend(summary.hooks.iter().filter_map(|r| index.resolve(m, r)));
            for (caller, r) in &summary.calls {
                // `Store(path)` runs `Store.__init__`.
                if let Some(target) = unseen_calls::resolve(index, m, r) {
                    callers.entry(target).or_default().push((m, *caller));
                }
            }
            for name in &summary.imported {
                *imported.entry(name.as_str()).or_default() += 1;
            }
        }
        let Some(graph) = index.import_graph() else {
            return Functions(set);
        };
        let unseen = index.memo(Unseen::of);
        // Each round adds the functions called only from what the last found:
        // a chain of helpers is a few rounds deep.
        for _ in 0..8 {
            let mut grew = false;
            for (&target, calls) in &callers {
                if set.contains(&target) || unseen.started(target) {
                    continue;
                }
                let function = &index.modules[target.0].functions[target.1];
                if function.effects.route.is_some() {
                    continue;
                }
                let all_at_start = calls.iter().all(|&(m, caller)| match caller {
                    Caller::Function(f) => set.contains(&(m, f)),
                    Caller::BeforeServing => true,
                    Caller::Elsewhere => false,
                });
                if !all_at_start {
                    continue;
                }
                // Nothing else names it: by the words the project spells (a
                // module function), or by what the call graph can see (also
                // for methods, and where the same word names other things).
                let name = function.qualname.as_str();
                let expected = 1 + calls.len() + imported.get(name).copied().unwrap_or(0);
                let spelled_only_here =
                    !name.contains('.') && graph.def_uses(name) == Some(expected);
                if spelled_only_here || !unseen.may_call(index, target) {
                    set.insert(target);
                    grew = true;
                }
            }
            if !grew {
                break;
            }
        }
        Functions(set)
    }

    pub fn contains(&self, module: usize, function: usize) -> bool {
        self.0.contains(&(module, function))
    }
}

/// Whether the code at `at` runs at start-up: in a start-up function (the
/// innermost function around it; a function nested in a hook may be a task it
/// starts), or in module code before the server serves.
pub fn runs_at_start(
    index: &ProjectIndex,
    module: Option<usize>,
    model: &Model<'_>,
    serving: &Serving,
    at: TextSize,
) -> bool {
    match model.scopes.function_at(at) {
        // By name: a fix round may have added functions since the index was built.
        Some(id) => {
            serving.before_in(id, at)
                || module.is_some_and(|m| {
                    index
                        .function_id(m, &model.scopes.function(id).qualname)
                        .is_some_and(|f| index.memo(Functions::of).contains(m, f))
                })
        }
        None => serving.before(at),
    }
}
