//! Services built from a dependency-injection container that hold a database
//! session, and the classes that build them once and keep them.
//!
//! A container class (`class Services(containers.DeclarativeContainer)`, the
//! `dependency_injector` package) declares providers: `engine =
//! providers.Singleton(create_engine, url=...)`, `session =
//! providers.Singleton(scoped_session, session_factory)`, `books =
//! providers.Factory(BookService, session=infrastructure.session)`. A provider
//! is database-backed when it builds an engine, a session factory or a session,
//! or when one of its arguments names a database-backed provider, in any
//! container of the project (containers refer to each other's providers by
//! attribute: `infrastructure.session`, `services.books`). Names are matched by
//! their last part, as the containers spell them.
//!
//! A class that calls such a provider once and keeps the result on `self`
//! (`self.books = self.app.services.books()`, `self.app` a container it built)
//! hands every later user of the attribute the same service, and with it the
//! same session object (or the same scoped-session registry).

use rustc_hash::FxHashSet as HashSet;

use ruff_python_ast::{Expr, Stmt};
use ruff_text_size::{Ranged, TextRange};

use super::model::Model;

/// One provider declared in a container class body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Provider {
    pub name: String,
    /// Builds an engine, a session factory or a session itself.
    pub database: bool,
    /// The last parts of the names its arguments mention.
    pub mentions: Vec<String>,
}

/// What a provider builds that is database state of its own.
const DATABASE_BUILDERS: &[&str] = &[
    "create_engine",
    "sessionmaker",
    "scoped_session",
    "Session",
    "async_sessionmaker",
    "async_scoped_session",
    "create_async_engine",
];

/// Provider kinds of `dependency_injector.providers`.
const PROVIDER_KINDS: &[&str] = &[
    "Singleton",
    "ThreadSafeSingleton",
    "ThreadLocalSingleton",
    "ContextLocalSingleton",
    "Factory",
    "Resource",
    "Callable",
];

fn last_part(e: &Expr) -> Option<&str> {
    match e {
        Expr::Name(n) => Some(n.id.as_str()),
        Expr::Attribute(a) => Some(a.attr.as_str()),
        _ => None,
    }
}

/// Whether a class body is a container: a base whose last part names one.
fn is_container(class: &ruff_python_ast::StmtClassDef) -> bool {
    class
        .bases()
        .iter()
        .any(|b| last_part(b).is_some_and(|n| n.ends_with("Container")))
}

/// The module's container classes (their names) and the providers they declare.
pub fn containers(model: &Model<'_>) -> (Vec<String>, Vec<Provider>) {
    let mut names = Vec::new();
    let mut providers = Vec::new();
    for class in &model.scopes.classes {
        if !is_container(class.def) {
            continue;
        }
        names.push(class.def.name.to_string());
        for stmt in &class.def.body {
            let Stmt::Assign(assign) = stmt else {
                continue;
            };
            let [Expr::Name(target)] = assign.targets.as_slice() else {
                continue;
            };
            let Expr::Call(call) = &*assign.value else {
                continue;
            };
            if !last_part(&call.func).is_some_and(|k| PROVIDER_KINDS.contains(&k)) {
                continue;
            }
            let mut args = call.arguments.args.iter();
            let database = args
                .next()
                .and_then(last_part)
                .is_some_and(|b| DATABASE_BUILDERS.contains(&b));
            let mentions = args
                .chain(call.arguments.keywords.iter().map(|k| &k.value))
                .filter_map(|e| last_part(e).map(str::to_string))
                .collect();
            providers.push(Provider {
                name: target.id.to_string(),
                database,
                mentions,
            });
        }
    }
    (names, providers)
}

/// The names of the database-backed providers among all the project's.
pub fn database_backed<'p>(
    providers: impl Iterator<Item = &'p Provider> + Clone,
) -> HashSet<String> {
    let mut backed: HashSet<String> = providers
        .clone()
        .filter(|p| p.database)
        .map(|p| p.name.clone())
        .collect();
    loop {
        let before = backed.len();
        for p in providers.clone() {
            if !backed.contains(&p.name) && p.mentions.iter().any(|m| backed.contains(m)) {
                backed.insert(p.name.clone());
            }
        }
        if backed.len() == before {
            return backed;
        }
    }
}

/// Classes that run work on a thread pool they own: a method sets `self.<e> =
/// ThreadPoolExecutor(...)` and a method calls `self.<e>.submit(...)` or
/// `.map(...)`. Each with the last parts of its bases.
pub fn pool_classes(model: &Model<'_>) -> Vec<(String, Vec<String>)> {
    let mut out = Vec::new();
    for class in &model.scopes.classes {
        let mut pools: Vec<String> = Vec::new();
        let mut submits: Vec<String> = Vec::new();
        for body in method_bodies(class.def) {
            super::visit::any_stmt(body, |s| {
                if let Stmt::Assign(a) = s
                    && let [Expr::Attribute(t)] = a.targets.as_slice()
                    && matches!(&*t.value, Expr::Name(n) if n.id.as_str() == "self")
                    && let Expr::Call(c) = &*a.value
                    && last_part(&c.func) == Some("ThreadPoolExecutor")
                {
                    pools.push(t.attr.to_string());
                }
                false
            });
            super::visit::any_expr(body, |e| {
                if let Expr::Call(c) = e
                    && let Expr::Attribute(m) = &*c.func
                    && matches!(m.attr.as_str(), "submit" | "map")
                    && let Expr::Attribute(on) = &*m.value
                    && matches!(&*on.value, Expr::Name(n) if n.id.as_str() == "self")
                {
                    submits.push(on.attr.to_string());
                }
                false
            });
        }
        if pools.iter().any(|p| submits.contains(p)) {
            let bases = class
                .def
                .bases()
                .iter()
                .filter_map(|b| last_part(b).map(str::to_string))
                .collect();
            out.push((class.def.name.to_string(), bases));
        }
    }
    out
}

/// A service a class keeps: `self.<attr> = <container chain>.<provider>()`.
pub struct KeptService {
    pub attr: String,
    pub provider: String,
    pub range: TextRange,
    /// The method that builds it.
    pub method: String,
}

/// In class `class` (an index into the module's classes), the database-backed
/// services its methods build from a container and keep on `self`. The chain
/// must start at a container: `self.<c>` where a method sets `self.<c> =
/// Container(...)`, or a module-level name bound to `Container(...)`.
pub fn kept_services(
    model: &Model<'_>,
    class: usize,
    containers: &HashSet<String>,
    backed: &HashSet<String>,
) -> Vec<KeptService> {
    let def = model.scopes.classes[class].def;
    let built_from = |e: &Expr| matches!(e, Expr::Call(c) if last_part(&c.func).is_some_and(|n| containers.contains(n)));
    // `self.<c> = Container()` in any method.
    let mut on_self: Vec<String> = Vec::new();
    for body in method_bodies(def) {
        super::visit::any_stmt(body, |s| {
            if let Stmt::Assign(a) = s
                && let [Expr::Attribute(t)] = a.targets.as_slice()
                && matches!(&*t.value, Expr::Name(n) if n.id.as_str() == "self")
                && built_from(&a.value)
            {
                on_self.push(t.attr.to_string());
            }
            false
        });
    }
    let globals: Vec<String> = model
        .suite
        .iter()
        .filter_map(|s| match s {
            Stmt::Assign(a) if built_from(&a.value) => match a.targets.as_slice() {
                [Expr::Name(n)] => Some(n.id.to_string()),
                _ => None,
            },
            _ => None,
        })
        .collect();
    let mut out = Vec::new();
    for method in &def.body {
        let Stmt::FunctionDef(f) = method else {
            continue;
        };
        for s in &f.body {
            let Stmt::Assign(a) = s else {
                continue;
            };
            let [Expr::Attribute(t)] = a.targets.as_slice() else {
                continue;
            };
            if !matches!(&*t.value, Expr::Name(n) if n.id.as_str() == "self") {
                continue;
            }
            let Expr::Call(call) = &*a.value else {
                continue;
            };
            if !call.arguments.is_empty() {
                continue;
            }
            let Expr::Attribute(p) = &*call.func else {
                continue;
            };
            if !backed.contains(p.attr.as_str())
                || !starts_at_container(&p.value, &on_self, &globals)
            {
                continue;
            }
            out.push(KeptService {
                attr: t.attr.to_string(),
                provider: p.attr.to_string(),
                range: s.range(),
                method: f.name.to_string(),
            });
        }
    }
    out
}

/// `self.<c>.x.y` with `<c>` in `on_self`, or `g.x.y` with `g` in `globals`.
fn starts_at_container(chain: &Expr, on_self: &[String], globals: &[String]) -> bool {
    let mut e = chain;
    loop {
        match e {
            Expr::Attribute(a) => {
                if matches!(&*a.value, Expr::Name(n) if n.id.as_str() == "self") {
                    return on_self.iter().any(|c| c == a.attr.as_str());
                }
                e = &a.value;
            }
            Expr::Name(n) => return globals.iter().any(|g| g == n.id.as_str()),
            _ => return false,
        }
    }
}

/// The bodies of a class's methods (the scope walks stop at a `def`).
fn method_bodies(class: &ruff_python_ast::StmtClassDef) -> impl Iterator<Item = &[Stmt]> {
    class.body.iter().filter_map(|s| match s {
        Stmt::FunctionDef(f) => Some(f.body.as_slice()),
        _ => None,
    })
}
