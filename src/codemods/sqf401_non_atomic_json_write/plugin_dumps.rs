//! A handle passed to a project function that dumps into it: `with open(p,
//! "w") as f: self.interface.dump(data, f)`, where every project function of
//! that name is a file-format plug-in's `def dump(self, data, stream):
//! yaml.dump(data, stream)` (semantic::stream_dumpers). The write is the
//! plug-in's format, into the file the caller truncated. The callee is matched
//! by its simple name, so every project function of that name must dump into
//! the same position: one that writes a log through a `dump(data, stream)` of
//! its own leaves the call unknown.

use rustc_hash::FxHashMap as HashMap;

use ruff_python_ast::{Expr, Stmt};

use crate::semantic::model::Model;
use crate::semantic::project::ProjectIndex;
use crate::semantic::visit;

/// Project functions by simple name: how many there are, and for each stream
/// position, how many dump into it and in which format.
#[derive(Default)]
pub(super) struct Dumpers {
    defined: HashMap<String, usize>,
    dumping: HashMap<(String, usize), (usize, &'static str)>,
}

impl Dumpers {
    pub(super) fn of(index: &ProjectIndex) -> Dumpers {
        let mut out = Dumpers::default();
        for module in &index.modules {
            for f in &module.functions {
                let name = f.qualname.rsplit('.').next().unwrap_or(&f.qualname);
                *out.defined.entry(name.to_string()).or_default() += 1;
            }
            for d in &module.facts.stream_dumpers {
                let entry = out
                    .dumping
                    .entry((d.name.clone(), d.position))
                    .or_insert((0, d.format));
                entry.0 += 1;
                // Plug-ins of different formats behind one name: the file holds
                // one of them; say which only when they agree.
                if entry.1 != d.format {
                    entry.1 = "format of its plug-in";
                }
            }
        }
        out
    }

    /// The format every project function called `name` dumps into its
    /// argument at `position`.
    fn format(&self, name: &str, position: usize) -> Option<&'static str> {
        let (count, format) = self.dumping.get(&(name.to_string(), position))?;
        (self.defined.get(name) == Some(count)).then_some(*format)
    }
}

/// The format of the document a call in `body` dumps into `handle` through
/// a project function: `plugin.dump(data, handle)`, `write_yaml(data, handle)`.
pub(super) fn dumped_into(
    model: &Model<'_>,
    dumpers: &Dumpers,
    body: &[Stmt],
    handle: &str,
    scope: Option<usize>,
) -> Option<&'static str> {
    visit::find_call(body, |call| {
        let resolved = model.resolve(&call.func, scope);
        let name = match &*call.func {
            // A library's function (`yaml.dump`, `from pickle import dump`) is
            // the serializer itself, which the direct checks already read; a
            // function of this module resolves to its bare name, if at all.
            Expr::Name(n) if resolved.as_deref().is_none_or(|q| !q.contains('.')) => n.id.as_str(),
            // `self.interface.dump(...)`: a plug-in object's method.
            Expr::Attribute(a) if resolved.is_none() => a.attr.as_str(),
            _ => return None,
        };
        let position = call
            .arguments
            .args
            .iter()
            .position(|a| matches!(a, Expr::Name(n) if n.id.as_str() == handle))?;
        dumpers.format(name, position)
    })
}
