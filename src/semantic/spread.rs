//! Reachability over the project's call graph, computed once per run: which
//! functions some entry point reaches, breadth first, and for each module the
//! calls that enter it from the others. A module's own view then only walks its
//! own functions from those calls and its own entry points, so the cross-file
//! analysis costs the size of the project once, not once per file.

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::collections::VecDeque;

/// A function of the index: (module, position in its module).
pub type FnId = (usize, usize);

#[derive(Debug, Default)]
pub struct Spread {
    /// Every function reached (and kept), with the entry point that got there first.
    pub reached: HashMap<FnId, String>,
    /// Per module: its functions entered from other modules (entries those modules
    /// register, calls from functions reached there), each once, with the breadth
    /// level it is entered at and the entry point, in breadth-first order.
    pub incoming: HashMap<usize, Vec<(usize, u32, String)>>,
}

/// A breadth-first walk from `seeds` (the module naming the entry, the function,
/// the entry point's name), in order. `expand` gives a function's callees, or
/// `None` for a function the walk stops at and does not keep (a coroutine when
/// following threads).
pub fn compute(
    seeds: Vec<(usize, FnId, String)>,
    mut expand: impl FnMut(FnId) -> Option<Vec<FnId>>,
) -> Spread {
    let mut spread = Spread::default();
    let mut entered: HashSet<FnId> = HashSet::default();
    let mut enter = |spread: &mut Spread, target: FnId, level: u32, root: &str| {
        if entered.insert(target) {
            spread
                .incoming
                .entry(target.0)
                .or_default()
                .push((target.1, level, root.to_string()));
        }
    };
    let mut queue: VecDeque<(FnId, u32, String)> = VecDeque::new();
    for (origin, node, root) in seeds {
        if origin != node.0 {
            enter(&mut spread, node, 0, &root);
        }
        queue.push_back((node, 0, root));
    }
    let mut seen: HashSet<FnId> = HashSet::default();
    while let Some((node, level, root)) = queue.pop_front() {
        if !seen.insert(node) {
            continue;
        }
        let Some(next) = expand(node) else {
            continue;
        };
        for callee in next {
            if callee.0 != node.0 {
                enter(&mut spread, callee, level + 1, &root);
            }
            if !seen.contains(&callee) {
                queue.push_back((callee, level + 1, root.clone()));
            }
        }
        spread.reached.insert(node, root);
    }
    spread
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_the_first_root_and_records_calls_between_modules() {
        // 0.0 -> 1.0 -> 1.1 ; 2.0 -> 1.1 ; 1.1 -> 0.1 (stopped)
        let graph: HashMap<FnId, Vec<FnId>> = HashMap::from_iter([
            ((0, 0), vec![(1, 0)]),
            ((1, 0), vec![(1, 1)]),
            ((2, 0), vec![(1, 1)]),
            ((1, 1), vec![(0, 1)]),
        ]);
        let spread = compute(
            vec![(0, (0, 0), "a".into()), (2, (2, 0), "b".into())],
            |n| (n != (0, 1)).then(|| graph.get(&n).cloned().unwrap_or_default()),
        );
        assert_eq!(spread.reached.get(&(1, 1)).map(String::as_str), Some("b"));
        assert_eq!(spread.reached.get(&(1, 0)).map(String::as_str), Some("a"));
        assert!(!spread.reached.contains_key(&(0, 1)));
        assert_eq!(
            spread.incoming[&1],
            vec![(0, 1, "a".to_string()), (1, 1, "b".to_string())]
        );
        assert_eq!(spread.incoming[&0], vec![(1, 2, "b".to_string())]);
    }
}
