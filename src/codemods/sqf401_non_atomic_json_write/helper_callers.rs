//! A JSON helper writes the file its caller names (`def save_json(path, obj)`):
//! whether that is a checkpoint is the callers' business. Benchmark, evaluation
//! and release scripts hand such a helper a report, a summary or a config made
//! for this run; nothing reads those back to resume. The write is left when
//! every call of the helper in the project is known (each resolves to it, none
//! hands its arguments over by `*args`/`**kwargs`) and each names a file the
//! project never reads back, or reads only as a miss, or a file named anew per
//! run that no reader stops at. One caller whose file is read back, whose path
//! is itself a parameter, or that leaves the path to a default keeps the
//! finding: the helper then writes a checkpoint for it, and so does a file
//! some caller hands to a reading helper (`load_json(STATE)`): read back. Test suites' calls
//! are not counted: they hand the helper scratch paths of their own.

use rustc_hash::FxHashMap as HashMap;

use super::super::Context;
use crate::semantic::file_readers::{PathPass, ReadBack};
use crate::semantic::model::{AssignKind, Call, Model};
use crate::semantic::path_idents::PathIdent;
use crate::semantic::project::ProjectIndex;
use crate::semantic::scopes::FuncId;
use ruff_python_ast::Expr;

/// Every resolved call of a project function, by (module, qualname), and how
/// many calls each simple name gets project-wide.
#[derive(Default)]
struct HelperCallers {
    by_function: HashMap<(usize, String), Vec<PathPass>>,
    by_name: HashMap<String, u32>,
    /// The paths callers hand to functions that open their parameter's file
    /// for reading (`load_json(STATE)`): files read back through a helper.
    read_through_helpers: Vec<PathIdent>,
}

impl HelperCallers {
    fn of(index: &ProjectIndex) -> HelperCallers {
        let mut out = HelperCallers::default();
        for (m, module) in index.modules.iter().enumerate() {
            // A test suite calls the helper on scratch paths of its own: the
            // program's callers decide what the file is.
            if crate::semantic::paths::is_test_module(&module.path) {
                continue;
            }
            for (name, n) in &module.facts.all_call_counts {
                *out.by_name.entry(name.clone()).or_default() += n;
            }
            for pass in &module.facts.path_passes {
                if let Some((target, f)) = index.resolve(m, &pass.callee) {
                    let qualname = index.modules[target].functions[f].qualname.clone();
                    out.by_function
                        .entry((target, qualname))
                        .or_default()
                        .push(pass.clone());
                }
            }
        }
        for ((m, qualname), passes) in &out.by_function {
            let Some(f) = index.function_id(*m, qualname) else {
                continue;
            };
            let params = &index.modules[*m].functions[f].params;
            for (reader, param) in &index.modules[*m].facts.parameter_reads {
                if reader != qualname {
                    continue;
                }
                let position = params.iter().position(|p| p == param);
                for pass in passes {
                    let given = position
                        .and_then(|i| pass.args.get(i))
                        .map(|(i, _)| i)
                        .or_else(|| {
                            pass.keywords
                                .iter()
                                .find(|(k, _, _)| k == param)
                                .map(|(_, i, _)| i)
                        });
                    if let Some(ident) = given.filter(|i| !i.is_empty()) {
                        out.read_through_helpers.push(ident.clone());
                    }
                }
            }
        }
        out
    }

    /// A caller hands a reading helper the same file: a name both spell, or
    /// a symbol both go through when neither spells a name.
    fn read_through_helper(&self, ident: &PathIdent) -> bool {
        self.read_through_helpers.iter().any(|read| {
            read.names.iter().any(|n| ident.names.contains(n))
                || ((read.names.is_empty() || ident.names.is_empty())
                    && read.keys.iter().any(|k| ident.keys.contains(k)))
        })
    }
}

pub(super) fn no_caller_reads_back(ctx: &Context<'_, '_>, call: &Call<'_>, target: &Expr) -> bool {
    let model = ctx.model;
    let Some(scope) = call.scope else {
        return false;
    };
    let Some(param) = parameter_behind(model, target, scope, 0) else {
        return false;
    };
    let function = model.scopes.function(scope);
    let Some(position) = function.params.iter().position(|p| p == param) else {
        return false;
    };
    let Some(module) = ctx.project.module else {
        return false;
    };
    let index = ctx.project.index;
    let callers = index.memo(HelperCallers::of);
    let Some(passes) = callers
        .by_function
        .get(&(module, function.qualname.clone()))
    else {
        return false;
    };
    // A call the index cannot follow (`obj.save_json(...)` on an unknown
    // object) may hand the helper a checkpoint.
    if callers.by_name.get(function.name()).copied() != Some(passes.len() as u32) {
        return false;
    }
    let readers = index.memo(super::project_readers);
    passes.iter().all(|pass| {
        let given = pass.args.get(position).map(|(i, p)| (i, *p)).or_else(|| {
            pass.keywords
                .iter()
                .find(|(k, _, _)| k == param)
                .map(|(_, i, p)| (i, *p))
        });
        let Some((ident, per_run)) = given else {
            return false;
        };
        if pass.splat || ident.opaque || ident.is_empty() || callers.read_through_helper(ident) {
            return false;
        }
        matches!(
            readers.read_back(ident),
            Some(ReadBack::Never | ReadBack::OnlyTolerant)
        ) || (per_run && readers.none_stops(ident))
    })
}

/// The parameter whose value the path is: the parameter itself (never
/// reassigned), a wrapping of it (`Path(p)`, `str(p)`, `os.path.abspath(p)`,
/// `p.expanduser()`), or a local name assigned once from such a wrapping.
pub(super) fn parameter_behind<'a>(
    model: &Model<'a>,
    expr: &'a Expr,
    scope: FuncId,
    depth: usize,
) -> Option<&'a str> {
    if depth > 3 {
        return None;
    }
    match expr {
        Expr::Name(name) => {
            let id = name.id.as_str();
            let assignments = model.assignments_of(Some(scope), id);
            let function = model.scopes.function(scope);
            if function.has_parameter(id) {
                // Only a rebinding in the helper itself hides the caller's value.
                return assignments
                    .iter()
                    .all(|a| a.scope != Some(scope))
                    .then_some(id);
            }
            let [only] = assignments.as_slice() else {
                return None;
            };
            if only.kind != AssignKind::Assign || only.scope != Some(scope) {
                return None;
            }
            parameter_behind(model, only.value, scope, depth + 1)
        }
        Expr::Call(c) => {
            if let Expr::Attribute(a) = &*c.func {
                if matches!(
                    a.attr.as_str(),
                    "expanduser" | "resolve" | "absolute" | "expandvars"
                ) && c.arguments.is_empty()
                {
                    return parameter_behind(model, &a.value, scope, depth + 1);
                }
            }
            let callee = model.resolve(&c.func, Some(scope))?;
            let wraps = matches!(
                callee.as_str(),
                "pathlib.Path"
                    | "pathlib.PurePath"
                    | "builtins.str"
                    | "str"
                    | "os.fspath"
                    | "os.path.abspath"
                    | "os.path.expanduser"
                    | "os.path.realpath"
                    | "os.path.normpath"
            );
            let [only] = &*c.arguments.args else {
                return None;
            };
            (wraps && c.arguments.keywords.is_empty())
                .then(|| parameter_behind(model, only, scope, depth + 1))?
        }
        _ => None,
    }
}

/// The file the writer opens is a parameter, and every call of the writer
/// in the project hands it a temporary path that the caller then moves over
/// the real file (semantic::temp_handoffs: `with replacing(path) as tmp:
/// self._save(tmp)`, or `self._save(tmp)` then `os.replace(tmp, path)`):
/// the save is atomic where the caller makes it, whatever `_save` does.
pub(super) fn every_caller_hands_temporary(
    ctx: &Context<'_, '_>,
    call: &Call<'_>,
    target: &Expr,
) -> bool {
    let model = ctx.model;
    let Some(scope) = call.scope else {
        return false;
    };
    if parameter_behind(model, target, scope, 0).is_none() {
        return false;
    }
    let name = model.scopes.function(scope).name();
    let (mut handed, mut all) = (0u32, 0u32);
    for module in &ctx.project.index.modules {
        if crate::semantic::paths::is_test_module(&module.path) {
            continue;
        }
        handed += module.facts.temp_handoffs.get(name).copied().unwrap_or(0);
        all += module.facts.all_call_counts.get(name).copied().unwrap_or(0);
    }
    handed > 0 && handed == all
}
