//! A class written for several threads around a connection that refuses them:
//! `__init__` opens `sqlite3.connect(...)` with the default check_same_thread, and
//! the class's own code says it expects calls from several threads — it holds a
//! `threading.Lock`/`RLock` around its uses of the connection, or its docstring
//! (or that of a class of the module keeping an instance of it on `self`) calls
//! it thread-safe. The lock only makes sense if another thread calls, and
//! every call from a thread other than the builder's raises ProgrammingError,
//! under the lock too (docs/sqlite-facts.md#F-same-thread,
//! `bench/facts/check_same_thread.py`). The threads need not be visible: a
//! library's callers start them, so this is reported where no thread entry
//! reaches the class (`instance.rs` covers the case where one does).
//!
//! Decision: reported. In an application whose every use of the connection is
//! under the one lock, the fix is `check_same_thread=False` (unsafe: the lock
//! keeps serializing the uses, which that fact script shows works from four
//! threads). Elsewhere the finding is display-only: in a library the caller's
//! threads and database are the caller's, and a use outside the lock would
//! interleave transactions once the connection may cross threads.

use ruff_python_ast::{Expr, Stmt};
use ruff_text_size::Ranged;

use crate::semantic::model::{Call, Model, Target};
use crate::semantic::project::ProjectView;
use crate::semantic::scopes::{ClassId, FuncId};
use crate::semantic::thread_docs::documented_thread_safe;
use crate::semantic::transactions::scope_stmts;

const THREAD_LOCKS: &[&str] = &["threading.Lock", "threading.RLock", "threading.Condition"];

/// Why class `class` is written for several threads, and whether every use of
/// its connection (`uses`, outside `__init__`) runs under one of its locks.
pub fn evidence(
    model: &Model<'_>,
    project: &ProjectView<'_>,
    class: ClassId,
    uses: &[(FuncId, &Call<'_>)],
) -> Option<(String, bool)> {
    let locks = lock_attrs(model, class);
    let lock_of = |id: FuncId, call: &Call<'_>| lock_of(model, &locks, id, call);
    let all_locked = !uses.is_empty() && uses.iter().all(|(id, c)| lock_of(*id, c).is_some());
    if let Some((id, lock)) = uses
        .iter()
        .find_map(|(id, c)| lock_of(*id, c).map(|l| (*id, l)))
    {
        return Some((
            format!(
                "it holds `self.{lock}`, a threading lock, around the connection (in `{}`), which only matters if other threads call it",
                model.scopes.function(id).name()
            ),
            all_locked,
        ));
    }
    if documented_thread_safe(&model.scopes.classes[class].def.body) {
        return Some(("its docstring calls it thread-safe".to_string(), all_locked));
    }
    owner_documented_thread_safe(model, class)
        .or_else(|| project_owner_documented_thread_safe(model, project, class))
        .map(|owner| {
            (
                format!("{owner}, documented thread-safe, keeps an instance of it"),
                all_locked,
            )
        })
}

/// Another class of the module, documented thread-safe, that keeps an instance
/// of `class` on `self` (`self._cache = Cache(path)`): its callers' threads reach
/// the instance through it.
fn owner_documented_thread_safe(model: &Model<'_>, class: ClassId) -> Option<String> {
    let name = model.scopes.classes[class].def.name.as_str();
    model.assignments.iter().find_map(|a| {
        let Expr::Call(c) = a.value else {
            return None;
        };
        if !matches!(a.target, Target::SelfAttr(_))
            || !matches!(&*c.func, Expr::Name(n) if n.id.as_str() == name)
        {
            return None;
        }
        let owner = model.scopes.enclosing_class(a.scope)?;
        let def = model.scopes.classes[owner].def;
        (owner != class && documented_thread_safe(&def.body)).then(|| format!("`{}`", def.name))
    })
}

/// A class of any module of the project, documented as shareable across threads,
/// whose attribute holds an instance of `class`: built there, or handed in
/// (`def __init__(self, cache: Cache | None = None): self.cache = cache`). The
/// object model resolves the attribute's value to the class, so a class of the
/// same name elsewhere does not count.
fn project_owner_documented_thread_safe(
    model: &Model<'_>,
    project: &ProjectView<'_>,
    class: ClassId,
) -> Option<String> {
    let own = project.module?;
    let wanted = &model.scopes.classes[class].qualname;
    let index = project.index;
    index.modules.iter().enumerate().find_map(|(m, module)| {
        module
            .classes
            .iter()
            .filter(|c| c.documented_thread_safe && !(m == own && c.qualname == *wanted))
            .find_map(|c| {
                c.attrs
                    .iter()
                    .any(|(_, value)| {
                        index
                            .class_of(m, value, 0)
                            .is_some_and(|(cm, cq)| cm == own && cq == *wanted)
                    })
                    .then(|| {
                        let file = module
                            .path
                            .file_name()
                            .map(|f| f.to_string_lossy().to_string())
                            .unwrap_or_default();
                        format!("`{}` of {file}", c.qualname)
                    })
            })
    })
}

/// `self.<attr> = threading.Lock()` (or `RLock`, `Condition`) in the class's methods.
pub fn lock_attrs(model: &Model<'_>, class: ClassId) -> Vec<String> {
    model
        .assignments
        .iter()
        .filter(|a| model.scopes.enclosing_class(a.scope) == Some(class))
        .filter_map(|a| match (&a.target, a.value) {
            (Target::SelfAttr(attr), Expr::Call(c))
                if model
                    .resolve(&c.func, a.scope)
                    .is_some_and(|q| THREAD_LOCKS.contains(&q.as_str())) =>
            {
                Some(attr.clone())
            }
            _ => None,
        })
        .collect()
}

/// The lock of the class a use runs under (`with self.<lock>:` around it), if
/// it is one of `locks`.
pub fn lock_of(model: &Model<'_>, locks: &[String], id: FuncId, call: &Call<'_>) -> Option<String> {
    scope_stmts(&model.scopes.function(id).def.body)
        .iter()
        .find_map(|s| match s {
            Stmt::With(w)
                if !w.is_async
                    && w.body
                        .iter()
                        .any(|b| b.range().contains_range(call.range())) =>
            {
                w.items.iter().find_map(|i| match &i.context_expr {
                    Expr::Attribute(a)
                        if matches!(&*a.value, Expr::Name(n) if n.id.as_str() == "self")
                            && locks.iter().any(|l| l == a.attr.as_str()) =>
                    {
                        Some(a.attr.to_string())
                    }
                    _ => None,
                })
            }
            _ => None,
        })
}
