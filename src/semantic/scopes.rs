//! The functions and classes of a module, and which one encloses an offset.

use ruff_python_ast::{StmtClassDef, StmtFunctionDef};
use ruff_text_size::{Ranged, TextRange, TextSize};

pub type FuncId = usize;
pub type ClassId = usize;

#[derive(Debug)]
pub struct Function<'a> {
    pub def: &'a StmtFunctionDef,
    /// The enclosing function, for nested defs.
    pub parent: Option<FuncId>,
    /// The class whose body defines this function directly (a method).
    pub class: Option<ClassId>,
    /// `Class.method`, `outer.<locals>.inner` style names, as Python's `__qualname__`.
    pub qualname: String,
    /// Where the body runs: from the first to the last statement of the body.
    pub body_range: TextRange,
    /// Positional parameter names, without `self`/`cls` for methods.
    pub params: Vec<String>,
}

impl Function<'_> {
    pub fn is_async(&self) -> bool {
        self.def.is_async
    }

    pub fn name(&self) -> &str {
        self.def.name.as_str()
    }

    /// Parameter names in order, without `self`/`cls` for methods.
    pub fn parameter_names(&self) -> Vec<&str> {
        self.params.iter().map(String::as_str).collect()
    }

    pub fn has_parameter(&self, name: &str) -> bool {
        self.params.iter().any(|p| p == name)
    }

    /// The positional parameters of a `def`, without the bound first one of a method.
    pub fn positional_names(def: &StmtFunctionDef, is_method: bool) -> Vec<String> {
        let params = &def.parameters;
        let mut names: Vec<String> = params
            .posonlyargs
            .iter()
            .chain(params.args.iter())
            .map(|p| p.parameter.name.to_string())
            .collect();
        let is_static = def.decorator_list.iter().any(|d| {
            matches!(&d.expression, ruff_python_ast::Expr::Name(n) if n.id.as_str() == "staticmethod")
        });
        if is_method && !is_static && !names.is_empty() {
            names.remove(0);
        }
        names
    }

    /// Generators (`yield` in the body) hand out what they create rather than own it.
    pub fn is_generator(&self) -> bool {
        super::visit::contains_yield(&self.def.body)
    }
}

#[derive(Debug)]
pub struct Class<'a> {
    pub def: &'a StmtClassDef,
    pub parent: Option<FuncId>,
    pub qualname: String,
}

#[derive(Debug, Default)]
pub struct Scopes<'a> {
    pub functions: Vec<Function<'a>>,
    pub classes: Vec<Class<'a>>,
    /// Module functions, top-level classes and methods by name, built on first
    /// use once the module is walked: a lookup per call or per handed function
    /// scanned every function of the module (quadratic in its length).
    names: std::sync::OnceLock<ScopeNames>,
}

/// The first module function, top-level class and method of each name.
#[derive(Debug, Default)]
struct ScopeNames {
    /// How many functions and classes there were when it was built.
    counts: (usize, usize),
    functions: rustc_hash::FxHashMap<String, FuncId>,
    classes: rustc_hash::FxHashMap<String, ClassId>,
    methods: rustc_hash::FxHashMap<(ClassId, String), FuncId>,
}

impl<'a> Scopes<'a> {
    /// The module-level function (or method of a module-level class) that
    /// `id` is, or is nested in.
    pub fn outermost(&self, mut id: FuncId) -> FuncId {
        while let Some(parent) = self.function(id).parent {
            id = parent;
        }
        id
    }

    /// The function whose `def` statement spans exactly `range`.
    pub fn defined_at(&self, range: TextRange) -> Option<FuncId> {
        // Recorded in source order, outer before inner, so their `def`s start in
        // increasing order: a binary search, with a scan only should that order
        // ever not hold.
        let at = self
            .functions
            .partition_point(|f| f.def.range().start() < range.start());
        if self
            .functions
            .get(at)
            .is_some_and(|f| f.def.range() == range)
        {
            return Some(at);
        }
        self.functions.iter().position(|f| f.def.range() == range)
    }

    /// The innermost function whose body contains `offset`.
    pub fn function_at(&self, offset: TextSize) -> Option<FuncId> {
        // Functions are recorded in source order, outer before inner, so their
        // bodies start in increasing order, and a function whose body holds the
        // offset holds the last body starting at or before it: that one or one
        // around it is the innermost (a binary search, not a scan per lookup).
        let after = self
            .functions
            .partition_point(|f| f.body_range.start() <= offset);
        let mut current = after.checked_sub(1);
        while let Some(id) = current {
            if self.functions[id].body_range.contains_inclusive(offset) {
                return Some(id);
            }
            current = self.functions[id].parent;
        }
        None
    }

    /// The functions nested in `id`, at any depth. A function is recorded before
    /// its body is walked, so they are the ones recorded right after it: a scan of
    /// them, not of every function of the module (which made per-connection
    /// lookups quadratic in the module's size).
    pub fn nested_in(&self, id: FuncId) -> impl Iterator<Item = FuncId> + '_ {
        (id + 1..self.functions.len()).take_while(move |&j| self.is_within(j, id))
    }

    /// Whether function `id` is defined, at any depth, inside function `outer`.
    fn is_within(&self, id: FuncId, outer: FuncId) -> bool {
        let mut current = self.functions[id].parent;
        while let Some(parent) = current {
            if parent == outer {
                return true;
            }
            current = self.functions[parent].parent;
        }
        false
    }

    /// `scope` and the functions around it, innermost first, then the module (`None`).
    pub fn chain(&self, scope: Option<FuncId>) -> Vec<Option<FuncId>> {
        let mut chain = Vec::new();
        let mut current = scope;
        while let Some(id) = current {
            chain.push(Some(id));
            current = self.functions[id].parent;
        }
        chain.push(None);
        chain
    }

    pub fn function(&self, id: FuncId) -> &Function<'a> {
        &self.functions[id]
    }

    /// The class a method belongs to, also for functions nested in a method.
    pub fn enclosing_class(&self, scope: Option<FuncId>) -> Option<ClassId> {
        let mut current = scope;
        while let Some(id) = current {
            if let Some(class) = self.functions[id].class {
                return Some(class);
            }
            current = self.functions[id].parent;
        }
        None
    }

    /// The function an argument names, as a handler or callback is handed
    /// over: `handler` (a nested function of `scope` first, then the module's),
    /// `self.on_tick` (a method of the enclosing class).
    pub fn function_named(
        &self,
        scope: Option<FuncId>,
        arg: &ruff_python_ast::Expr,
    ) -> Option<FuncId> {
        use ruff_python_ast::Expr;
        match arg {
            Expr::Name(name) => {
                let id = name.id.as_str();
                self.functions
                    .iter()
                    .position(|f| f.parent == scope && f.class.is_none() && f.name() == id)
                    .or_else(|| self.module_function(id))
            }
            Expr::Attribute(attr) if matches!(&*attr.value, Expr::Name(n) if n.id.as_str() == "self") =>
            {
                let class = self.enclosing_class(scope)?;
                self.method(class, attr.attr.as_str())
            }
            _ => None,
        }
    }

    /// Module-level functions by name.
    pub fn module_function(&self, name: &str) -> Option<FuncId> {
        match self.names() {
            Some(names) => names.functions.get(name).copied(),
            None => self
                .functions
                .iter()
                .position(|f| f.parent.is_none() && f.class.is_none() && f.name() == name),
        }
    }

    pub fn class_named(&self, name: &str) -> Option<ClassId> {
        match self.names() {
            Some(names) => names.classes.get(name).copied(),
            None => self
                .classes
                .iter()
                .position(|c| c.parent.is_none() && c.def.name.as_str() == name),
        }
    }

    pub fn method(&self, class: ClassId, name: &str) -> Option<FuncId> {
        match self.names() {
            Some(names) => names.methods.get(&(class, name.to_string())).copied(),
            None => self
                .functions
                .iter()
                .position(|f| f.class == Some(class) && f.name() == name),
        }
    }

    /// The name index, or None while the module is still being walked (a lookup
    /// then scans what is recorded so far, as the index would be stale).
    fn names(&self) -> Option<&ScopeNames> {
        let counts = (self.functions.len(), self.classes.len());
        let names = self.names.get_or_init(|| {
            let mut names = ScopeNames {
                counts,
                ..ScopeNames::default()
            };
            for (id, f) in self.functions.iter().enumerate() {
                if f.parent.is_none() && f.class.is_none() {
                    names.functions.entry(f.name().to_string()).or_insert(id);
                }
                if let Some(class) = f.class {
                    names
                        .methods
                        .entry((class, f.name().to_string()))
                        .or_insert(id);
                }
            }
            for (id, c) in self.classes.iter().enumerate() {
                if c.parent.is_none() {
                    names.classes.entry(c.def.name.to_string()).or_insert(id);
                }
            }
            names
        });
        (names.counts == counts).then_some(names)
    }

    pub fn range_of(&self, id: FuncId) -> TextRange {
        self.functions[id].def.range()
    }
}
