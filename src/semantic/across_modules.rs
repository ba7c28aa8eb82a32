//! Questions asked of every module of the project as the checked module sees
//! it (its own summary from its current text, the others from the index), the
//! index's side answered once per run. Re-exported from facts.rs.

use super::project::{ModuleSummary, ProjectView};

/// Every module of the project as the checked module sees it: its own summary
/// from its current text, the others from the index.
pub fn modules<'v>(view: &'v ProjectView<'_>) -> Vec<(Option<usize>, &'v ModuleSummary)> {
    let mut out: Vec<(Option<usize>, &ModuleSummary)> = vec![(None, &view.own)];
    for (i, m) in view.index.modules.iter().enumerate() {
        if Some(i) != view.module {
            out.push((Some(i), m));
        }
    }
    out
}

/// The first module of the project, as the checked module sees it (its own
/// summary first, then the index's in order), for which `answer` gives something.
/// The index's side is found once per run (a per-file scan of every module is
/// quadratic in the project's size): its first two answers are kept, since the
/// view replaces at most one of them by its own. `K` keys the memo: one marker
/// type per `answer`.
pub fn first_module<K: 'static, T: Clone + Send + Sync + 'static>(
    view: &ProjectView<'_>,
    answer: fn(&ModuleSummary) -> Option<T>,
) -> Option<T> {
    if let Some(own) = answer(&view.own) {
        return Some(own);
    }
    let firsts = view.index.memo(|index| FirstAnswers::<K, T> {
        answers: index
            .modules
            .iter()
            .enumerate()
            .filter_map(|(i, m)| answer(m).map(|a| (i, a)))
            .take(2)
            .collect(),
        key: std::marker::PhantomData,
    });
    firsts
        .answers
        .iter()
        .find(|(i, _)| Some(*i) != view.module)
        .map(|(_, a)| a.clone())
}

/// Whether any module of the project, as the checked module sees it, `holds`.
pub fn any_module<K: 'static>(view: &ProjectView<'_>, holds: fn(&ModuleSummary) -> bool) -> bool {
    if holds(&view.own) {
        return true;
    }
    let holders = view.index.memo(|index| FirstAnswers::<K, ()> {
        answers: index
            .modules
            .iter()
            .enumerate()
            .filter(|(_, m)| holds(m))
            .map(|(i, _)| (i, ()))
            .take(2)
            .collect(),
        key: std::marker::PhantomData,
    });
    holders.answers.iter().any(|(i, _)| Some(*i) != view.module)
}

/// The least `key` over the modules of the project, as the checked module sees
/// them. As [`first_module`], the index's side is found once per run and keeps
/// its two least keys.
pub fn least_module<K: 'static, T: Ord + Clone + Send + Sync + 'static>(
    view: &ProjectView<'_>,
    key: fn(&ModuleSummary) -> Option<T>,
) -> Option<T> {
    let least = view.index.memo(|index| {
        let mut keys: Vec<(T, usize)> = index
            .modules
            .iter()
            .enumerate()
            .filter_map(|(i, m)| key(m).map(|k| (k, i)))
            .collect();
        keys.sort();
        keys.truncate(2);
        FirstAnswers::<K, T> {
            answers: keys.into_iter().map(|(k, i)| (i, k)).collect(),
            key: std::marker::PhantomData,
        }
    });
    let other = least
        .answers
        .iter()
        .find(|(i, _)| Some(*i) != view.module)
        .map(|(_, k)| k.clone());
    key(&view.own).into_iter().chain(other).min()
}

/// Whether the project's ORM sessions run on SQLite, and how sure: the
/// engines' evidence ([`ProjectView::orm_sqlite`]), else certain when a module
/// spells a SQLite ORM URL or builds an aiosqlite engine.
pub fn sessions_on_sqlite(view: &ProjectView<'_>) -> Option<super::sync_orm::OrmSqlite> {
    struct SqliteUrl;
    view.orm_sqlite().or_else(|| {
        any_module::<SqliteUrl>(view, |m| m.facts.orm_sqlite_url || m.facts.aiosqlite_engine)
            .then_some(super::sync_orm::OrmSqlite::Certain)
    })
}

/// The first two modules of the index with an answer, for [`first_module`].
struct FirstAnswers<K, T> {
    answers: Vec<(usize, T)>,
    key: std::marker::PhantomData<fn() -> K>,
}
