//! How a module names the calls and values it cannot resolve alone: a call to
//! something the project may define, a value some class may describe. Only the
//! project index, once it knows every module, turns them into functions and
//! classes; the modules that gather facts per file name them this way.

/// A call to something the project may define, not yet resolved to a file.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum CallRef {
    /// Dotted through imports: `app.db.save`, `.db.save`.
    Dotted(String),
    /// A module-level function (or class) of the same module.
    Local(String),
    /// `self.name()` in class `class` (its qualname) of the same module.
    SelfMethod { class: String, name: String },
    /// `var.name()` where `var` is a module-level name (maybe an instance).
    Instance { var: String, name: String },
    /// `value.name()` on a value the object model can follow (objects.rs).
    On { value: ValueRef, name: String },
}

impl CallRef {
    /// The last name of the call: `save` for `app.db.save` and `db.save`.
    pub fn simple_name(&self) -> &str {
        match self {
            CallRef::Dotted(d) | CallRef::Local(d) => d.rsplit('.').next().unwrap_or(d),
            CallRef::SelfMethod { name, .. }
            | CallRef::Instance { name, .. }
            | CallRef::On { name, .. } => name,
        }
    }
}

/// A value as the module that holds it can name it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum ValueRef {
    /// What calling it gives: an instance for a class, the return value for a
    /// function, the aliased type for an `Annotated[...]` alias.
    Made(Box<CallRef>),
    /// The value a module-level name is bound to (`store = Store()` elsewhere).
    Named(Box<CallRef>),
    /// An attribute of another value.
    Attr(Box<ValueRef>, String),
    /// The i-th element of a tuple value (`db, model = _get_ctx(ctx)`).
    Item(Box<ValueRef>, usize),
    /// A tuple of values (a `tuple[A, B]` annotation, `return a, b`).
    Tuple(Vec<Option<ValueRef>>),
    /// `<app>.state.<name>`: set in one module, read through `request.app` in others.
    AppState(String),
    /// Candidates in order of preference; the first that resolves wins.
    Any(Vec<ValueRef>),
    /// A parameter with no annotation of the module's function `function`: the
    /// class its callers pass (objects.rs).
    Param { function: String, name: String },
}

/// Which parameter an argument binds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Slot {
    /// The i-th positional argument (after the bound `self` of a method).
    Position(usize),
    Keyword(String),
}

/// A call's arguments with the parameter each binds: positions up to the first
/// `*xs` (after it they are unknown), then the named keywords (`**kw` skipped).
pub fn slotted_arguments(
    arguments: &ruff_python_ast::Arguments,
) -> impl Iterator<Item = (Slot, &ruff_python_ast::Expr)> {
    let positional = arguments
        .args
        .iter()
        .take_while(|arg| !matches!(arg, ruff_python_ast::Expr::Starred(_)))
        .enumerate()
        .map(|(i, arg)| (Slot::Position(i), arg));
    let named = arguments.keywords.iter().filter_map(|keyword| {
        let name = keyword.arg.as_ref()?;
        Some((Slot::Keyword(name.to_string()), &keyword.value))
    });
    positional.chain(named)
}
