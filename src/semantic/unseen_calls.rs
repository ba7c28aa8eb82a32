//! Whether a project function may be called from somewhere the call graph does
//! not show: decorated (a decorator may register it as a route or a callback),
//! started as a thread, task or route entry, named as a value in a module that
//! can reach it (handed on, a base class, `getattr(x, "name")`), or spelled as
//! the callee of a call the index cannot resolve (`obj.name()` on an unknown
//! object). The call-graph models that say "every call of it is made from X"
//! (semantic/run_frequency.rs, semantic/startup_functions.rs) ask this once
//! per project, from every module's summary.

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use super::project::ProjectIndex;
use super::refs::CallRef;

/// The project's ways of reaching a function unseen, found once per run.
#[derive(Debug, Default)]
pub struct Unseen {
    /// Which modules name each word as a value, and as an attribute.
    values: HashMap<String, Vec<usize>>,
    attributes: HashMap<String, Vec<usize>>,
    /// Names of calls the index cannot resolve.
    doubted: HashSet<String>,
    decorated: HashSet<(usize, usize)>,
    started: HashSet<(usize, usize)>,
}

impl Unseen {
    pub fn of(index: &ProjectIndex) -> Unseen {
        let resolved_calls = index.memo(RunCallTargets::of);
        let mut out = Unseen::default();
        for (m, module) in index.modules.iter().enumerate() {
            let summary = &module.facts.run_calls;
            for name in &summary.values {
                out.values.entry(name.clone()).or_default().push(m);
            }
            for name in &summary.attributes {
                out.attributes.entry(name.clone()).or_default().push(m);
            }
            out.decorated.extend(
                summary
                    .decorated
                    .iter()
                    .filter_map(|q| index.function_id(m, q).map(|f| (m, f))),
            );
            out.started.extend(
                module
                    .facts
                    .entries
                    .iter()
                    .map(|(r, _)| r)
                    .chain(&module.thread_entries)
                    .filter_map(|r| index.resolve(m, r)),
            );
            for ((_, r, name), target) in summary.calls.iter().zip(&resolved_calls.0[m]) {
                // A method a class inherits from outside the project, a
                // builtin, an imported library's or an unparsed module's
                // function: none of the parsed project's functions. (A call
                // through an import that reaches one resolves.)
                let resolved = target.is_some();
                let outside = matches!(
                    r,
                    Some(CallRef::SelfMethod { .. } | CallRef::Local(_) | CallRef::Dotted(_))
                );
                if !resolved && !outside {
                    out.doubted.insert(name.clone());
                }
            }
        }
        out
    }

    /// Function `target` is started as a thread, task or route entry.
    pub fn started(&self, target: (usize, usize)) -> bool {
        self.started.contains(&target)
    }

    /// [`Unseen::started`], or decorated.
    pub fn entered(&self, target: (usize, usize)) -> bool {
        self.started(target) || self.decorated.contains(&target)
    }

    /// Whether something the call graph does not show may call `target`:
    /// [`Unseen::entered`], or its name (a constructor's: its class's) spelled
    /// by an unresolved call or handed on where it can be reached.
    pub fn may_call(&self, index: &ProjectIndex, target: (usize, usize)) -> bool {
        if self.entered(target) {
            return true;
        }
        let name = simple_name(&index.modules[target.0].functions[target.1].qualname);
        self.doubted.contains(name) || self.handed_on(index, target.0, name)
    }

    /// Whether a module that can see function `name` of module `m` names it as
    /// a value: `m` itself, or a module binding the name by `from ... import`
    /// (a bare name), or one importing a module spelled like `m` (an
    /// attribute: `pkg.f`). The same word in modules that cannot reach it (a
    /// bundled library's own `main`) hands nothing on.
    fn handed_on(&self, index: &ProjectIndex, m: usize, name: &str) -> bool {
        let stem = module_stem(&index.modules[m].path);
        let imports_name = |x: usize| index.modules[x].imports.iter().any(|i| i.local == name);
        let imports_module = |x: usize| {
            index.modules[x]
                .imports
                .iter()
                .any(|i| stem.is_some_and(|s| i.target.split('.').any(|part| part == s)))
        };
        self.values
            .get(name)
            .is_some_and(|xs| xs.iter().any(|&x| x == m || imports_name(x)))
            || self.attributes.get(name).is_some_and(|xs| {
                xs.iter()
                    .any(|&x| x == m || imports_module(x) || imports_name(x))
            })
    }
}

/// The name a function is spelled by: its last part, or for a constructor
/// its class's.
/// The function each call of `facts.run_calls.calls` reaches, per module and
/// in the same order: resolved once, for the two project tables that walk
/// every call (this module's and run_frequency's).
#[derive(Debug, Default)]
pub struct RunCallTargets(pub Vec<Vec<Option<(usize, usize)>>>);

impl RunCallTargets {
    pub fn of(index: &ProjectIndex) -> RunCallTargets {
        RunCallTargets(
            index
                .modules
                .iter()
                .enumerate()
                .map(|(m, module)| {
                    module
                        .facts
                        .run_calls
                        .calls
                        .iter()
                        .map(|(_, r, _)| r.as_ref().and_then(|r| resolve(index, m, r)))
                        .collect()
                })
                .collect(),
        )
    }
}

pub fn simple_name(qualname: &str) -> &str {
    match qualname.strip_suffix(".__init__") {
        Some(class) => class.rsplit('.').next().unwrap_or(class),
        None => qualname.rsplit('.').next().unwrap_or(qualname),
    }
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
pub fn resolve(index: &ProjectIndex, m: usize, r: &CallRef) -> Option<(usize, usize)> {
    index.resolve(m, r).or_else(|| {
        let init = match r {
            CallRef::Local(name) => CallRef::Local(format!("{name}.__init__")),
            CallRef::Dotted(dotted) => CallRef::Dotted(format!("{dotted}.__init__")),
            _ => return None,
        };
        index.resolve(m, &init)
    })
}
