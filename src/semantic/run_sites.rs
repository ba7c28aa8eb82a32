//! The per-module half of semantic/run_frequency.rs: where each call is made
//! and how often that code runs as the module alone can tell (module code, a
//! daily job, a function, or repeated: in a loop, a lambda, another call's
//! arguments), and which names the module hands on as values. Kept apart from
//! the project index, which stores it.

use ruff_python_ast::visitor::{self, Visitor};
use ruff_python_ast::{Expr, ExprContext, Stmt};
use ruff_text_size::{Ranged, TextRange};

use super::model::{Call, Model};
use super::refs::CallRef;
use super::scopes::FuncId;

/// How often the code making a call runs, as the calling module sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Site {
    /// Module code outside any loop: once per import.
    Module,
    /// A job a scheduler runs at most once a day, outside a loop there.
    Rare,
    /// Function (index in the module) of the call, outside a loop there.
    In(usize),
    /// In a loop, a lambda, or nested in another call's arguments.
    Repeated,
}

/// What one module tells the project about its calls and its names.
#[derive(Debug, Clone, Default)]
pub struct Summary {
    /// Calls of named callees: where they are made, how the project names the
    /// target (with the `__init__` it runs, for a class), and the simple name.
    pub calls: Vec<(Site, Option<CallRef>, String)>,
    /// Names loaded other than as the callee of a call: a function named so
    /// may be handed on and called by anyone.
    pub values: Vec<String>,
    /// Attributes read other than as a method called (`pkg.refresh` handed
    /// on), and the literal names `getattr`/`hasattr` look up.
    pub attributes: Vec<String>,
    /// Qualnames of functions wearing a decorator (it may register them).
    pub decorated: Vec<String>,
}

pub fn of_module(
    model: &Model<'_>,
    call_ref: impl Fn(&Model<'_>, &Call<'_>) -> Option<CallRef>,
) -> Summary {
    // By scope: a scan of every loop of the module per call was quadratic in
    // a long module's length.
    let mut loops: rustc_hash::FxHashMap<Option<FuncId>, Vec<TextRange>> =
        rustc_hash::FxHashMap::default();
    for (scope, range) in loop_ranges(model) {
        loops.entry(scope).or_default().push(range);
    }
    let in_loop = |scope: Option<FuncId>, at: TextRange| {
        loops
            .get(&scope)
            .is_some_and(|ranges| ranges.iter().any(|r| r.contains_range(at)))
    };
    let mut out = Summary::default();
    let mut seen: rustc_hash::FxHashSet<(Site, Option<CallRef>, String)> = Default::default();
    for call in &model.calls {
        let name = match &*call.expr.func {
            Expr::Name(n) => n.id.to_string(),
            Expr::Attribute(a) => a.attr.to_string(),
            _ => continue,
        };
        let direct = match call.parent {
            None | Some(Expr::Await(_)) => true,
            Some(Expr::Call(outer)) => runs_coroutine(model, call.scope, outer),
            Some(_) => false,
        };
        let site = if call.in_lambda || !direct || in_loop(call.scope, call.range()) {
            Site::Repeated
        } else {
            match call.scope {
                None => Site::Module,
                Some(id) if super::daily_jobs::runs_daily(model, Some(id)) => Site::Rare,
                Some(id) => Site::In(id),
            }
        };
        let entry = (site, call_ref(model, call), name);
        // Both readers ask whether some call is made from a site, never how
        // many: a module calling `cur.execute` fifty times in one function
        // needs it once.
        if seen.insert(entry.clone()) {
            out.calls.push(entry);
        }
    }
    let mut names = Values::default();
    for stmt in model.suite {
        names.visit_stmt(stmt);
    }
    out.values = names.names.into_iter().map(str::to_string).collect();
    out.attributes = names.attributes.into_iter().map(str::to_string).collect();
    out.decorated = model
        .scopes
        .functions
        .iter()
        .filter(|f| {
            f.def.decorator_list.iter().any(|d| {
                !matches!(&d.expression, Expr::Name(n)
                    if matches!(n.id.as_str(), "staticmethod" | "classmethod"))
            })
        })
        .map(|f| f.qualname.clone())
        .collect();
    out
}

/// `asyncio.run(main())`, `loop.run_until_complete(main())`: the coroutine
/// runs once, where the call is.
fn runs_coroutine(
    model: &Model<'_>,
    scope: Option<FuncId>,
    outer: &ruff_python_ast::ExprCall,
) -> bool {
    match &*outer.func {
        Expr::Attribute(a) if a.attr.as_str() == "run_until_complete" => true,
        func => model.resolve(func, scope).as_deref() == Some("asyncio.run"),
    }
}

/// The bodies of every loop, each with the function whose own code it is
/// (`None` for module code): what runs in them runs once per turn.
fn loop_ranges(model: &Model<'_>) -> Vec<(Option<FuncId>, TextRange)> {
    let mut out = Vec::new();
    let bodies = std::iter::once((None, model.suite)).chain(
        model
            .scopes
            .functions
            .iter()
            .enumerate()
            .map(|(id, f)| (Some(id), &f.def.body[..])),
    );
    for (scope, body) in bodies {
        super::visit::any_stmt(body, |stmt| {
            let (suite, test) = match stmt {
                Stmt::For(s) => (&s.body, None),
                Stmt::While(s) => (&s.body, Some(s.test.range())),
                _ => return false,
            };
            if let (Some(first), Some(last)) = (suite.first(), suite.last()) {
                out.push((scope, TextRange::new(first.start(), last.end())));
            }
            out.extend(test.map(|t| (scope, t)));
            false
        });
    }
    out
}

/// Names loaded other than as a callee, attributes read other than as a
/// method called, and the literal names `getattr`/`hasattr` look up.
/// Borrowed from the tree while walking: most loads repeat a name already seen.
#[derive(Default)]
struct Values<'a> {
    names: rustc_hash::FxHashSet<&'a str>,
    attributes: rustc_hash::FxHashSet<&'a str>,
}

impl<'a> Visitor<'a> for Values<'a> {
    fn visit_expr(&mut self, expr: &'a Expr) {
        match expr {
            Expr::Call(call) => {
                match &*call.func {
                    Expr::Name(_) => {}
                    Expr::Attribute(a) => self.visit_expr(&a.value),
                    other => self.visit_expr(other),
                }
                if matches!(&*call.func, Expr::Name(n) if matches!(n.id.as_str(), "getattr" | "hasattr"))
                {
                    if let Some(Expr::StringLiteral(s)) = call.arguments.args.get(1) {
                        self.attributes.insert(s.value.to_str());
                    }
                }
                for arg in &*call.arguments.args {
                    self.visit_expr(arg);
                }
                for keyword in &*call.arguments.keywords {
                    self.visit_expr(&keyword.value);
                }
            }
            Expr::Name(n) if n.ctx == ExprContext::Load => {
                self.names.insert(n.id.as_str());
            }
            Expr::Attribute(a) => {
                if a.ctx == ExprContext::Load {
                    self.attributes.insert(a.attr.as_str());
                }
                self.visit_expr(&a.value);
            }
            other => visitor::walk_expr(self, other),
        }
    }
}
