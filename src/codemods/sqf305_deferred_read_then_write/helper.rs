//! A project's transaction helper that opens DEFERRED (`BEGIN`, or `SAVEPOINT`
//! outside a transaction: F-savepoint-deferred), whose callers read then write
//! inside it (`with db.tx() as cur: SELECT ...; INSERT ...`). Each caller's
//! write must upgrade the snapshot its read took, and under contention fails at
//! once with SQLITE_BUSY, skipping the busy timeout (F-upgrade-fails-fast).
//!
//! Reported once, at the helper's BEGIN or SAVEPOINT (the one place to fix),
//! listing its callers; the callers live in any module of the project
//! (semantic::tx_helpers records their blocks in each module's summary).

use rustc_hash::FxHashMap as HashMap;

use crate::codemods::{Context, Meta};
use crate::finding::{Confidence, Finding, Severity};
use crate::fix::{Fix, transaction};
use crate::semantic::project::CallRef;
use crate::semantic::second_party::SecondParty;
use crate::semantic::threads::{self, Node};
use crate::semantic::tx_helpers::{self, Opens, TxBlock, TxHelper};

pub(super) fn check(meta: &'static Meta, ctx: &Context<'_, '_>, out: &mut Vec<Finding>) {
    let helpers = tx_helpers::helpers(ctx.model);
    if helpers.is_empty() {
        return;
    }
    let party = ctx.second_party();
    if matches!(party, SecondParty::None(_)) {
        return;
    }
    let mut threaded: Option<HashMap<Node, String>> = None;
    for helper in &helpers {
        let users = users_of(ctx, helper);
        if users.is_empty() {
            continue;
        }
        let threaded = threaded.get_or_insert_with(|| threads::threaded_nodes(ctx.project));
        out.push(report(meta, ctx, helper, &users, threaded, party));
    }
}

/// The blocks of the whole project that enter `helper`, with their module
/// (`None`: this one).
fn users_of<'v>(ctx: &'v Context<'_, '_>, helper: &TxHelper) -> Vec<(Option<usize>, &'v TxBlock)> {
    users_named(ctx, &helper.qualname, &helper.names, false)
}

/// The blocks of the whole project that enter the helper `qualname` (called by
/// `names` in its module); `by_method_name`: also a block calling a method of
/// that name on any object (`db.write_session()` where `db` is an instance the
/// index cannot follow), for a helper that is a method.
pub(super) fn users_named<'v>(
    ctx: &'v Context<'_, '_>,
    qualname: &str,
    names: &[String],
    by_method_name: bool,
) -> Vec<(Option<usize>, &'v TxBlock)> {
    let view = ctx.project;
    let mut out = Vec::new();
    let own = view.own.tx_blocks.iter().map(|b| (None, b));
    let others = view
        .index
        .modules
        .iter()
        .enumerate()
        .filter(|(m, _)| Some(*m) != view.module)
        .flat_map(|(m, module)| module.tx_blocks.iter().map(move |b| (Some(m), b)));
    for (from, block) in own.chain(others) {
        let method = qualname.rsplit('.').next().unwrap_or(qualname);
        let by_name = by_method_name
            && block.helper.simple_name() == method
            && !matches!(block.helper, CallRef::Local(_));
        if by_name || enters(ctx, qualname, names, from, &block.helper) {
            out.push((from, block));
        }
    }
    out
}

/// Whether a call made in module `from` constructs or calls `helper`.
fn enters(
    ctx: &Context<'_, '_>,
    qualname: &str,
    names: &[String],
    from: Option<usize>,
    call: &CallRef,
) -> bool {
    let view = ctx.project;
    let named = match (from, call) {
        (None, CallRef::Local(name)) => names.contains(name),
        (Some(m), CallRef::Dotted(dotted)) => view
            .index
            .module_of(m, dotted)
            .is_some_and(|(target, rest)| Some(target) == view.module && names.contains(&rest)),
        _ => false,
    };
    named
        || view.resolve_from(from, call).is_some_and(|(module, f)| {
            module.is_none()
                && (f.qualname == qualname || f.qualname.starts_with(&format!("{qualname}.")))
        })
}

fn report(
    meta: &'static Meta,
    ctx: &Context<'_, '_>,
    helper: &TxHelper,
    users: &[(Option<usize>, &TxBlock)],
    threaded: &HashMap<Node, String>,
    party: &SecondParty,
) -> Finding {
    let (listed, more) = listed_callers(ctx, users);
    let opens = match helper.opens {
        Opens::Savepoint => {
            "opens its transaction with `SAVEPOINT`, which outside a transaction begins a DEFERRED one"
        }
        Opens::Begin => "opens its transaction with a deferred `BEGIN`",
    };
    let message = format!(
        "`{}` {opens}: {} inside it, {}{more}; under contention {} fail{} at once with 'database is locked' (SQLITE_BUSY), skipping the busy timeout",
        helper.qualname,
        match users.len() {
            1 => "1 caller reads then writes".to_string(),
            n => format!("{n} callers read then write"),
        },
        listed.join(", "),
        if users.len() == 1 {
            "its write"
        } else {
            "their writes"
        },
        if users.len() == 1 { "s" } else { "" },
    );
    let on_threads = users.iter().find_map(|(m, b)| {
        threaded
            .get(&(*m, b.function.clone()))
            .map(|root| (b, root))
    });
    let (severity, context) = match (on_threads, party) {
        (Some((block, root)), _) => (
            Severity::Critical,
            if *root == block.function {
                format!("`{root}` runs on worker threads. ")
            } else {
                format!("`{}` runs on worker threads (reached from `{root}`). ", block.function)
            },
        ),
        (None, SecondParty::Known(who)) => (Severity::High, format!("Concurrent with {who}. ")),
        (None, _) => (
            Severity::High,
            "No concurrent caller was found in the project; it matters once two threads or processes run these blocks. ".to_string(),
        ),
    };
    let mut finding = Finding::new(meta, helper.begin, message).with_severity(severity);
    if matches!(party, SecondParty::Unknown) && on_threads.is_none() {
        finding = finding.with_confidence(Confidence::Medium);
    }
    let literal = ctx
        .model
        .calls
        .iter()
        .find(|c| c.range() == helper.begin)
        .and_then(|c| c.argument(0, "sql"))
        .filter(|_| helper.opens == Opens::Begin)
        .and_then(|arg| transaction::begin_immediate_literal(ctx.model, arg));
    match literal {
        Some(edit) => finding
            .with_fix(Fix::unsafe_("Begin with `BEGIN IMMEDIATE`", vec![edit]))
            .with_note(format!(
                "{context}BEGIN now takes the write lock at once, so other writers wait while a caller reads; a caller that only reads now waits for writers too (give it a deferred variant of the helper)"
            )),
        None => finding.with_note(format!(
            "{context}Not fixed automatically: SQLite has no IMMEDIATE savepoint. Send `BEGIN IMMEDIATE` when no transaction is open (the outermost use) and `SAVEPOINT` only when nesting, committing or rolling back the outermost one with `COMMIT`/`ROLLBACK`"
        )),
    }
}

/// The first three callers' blocks as a finding's message names them (function,
/// place, read and write lines), and " and N more" for the rest.
pub(super) fn listed_callers(
    ctx: &Context<'_, '_>,
    users: &[(Option<usize>, &TxBlock)],
) -> (Vec<String>, String) {
    let view = ctx.project;
    let place = |from: Option<usize>, block: &TxBlock| {
        let path = match from {
            None => &view.own.path,
            Some(m) => &view.index.modules[m].path,
        };
        let path = path.strip_prefix("./").unwrap_or(path).display();
        format!(
            "`{}` ({path}:{}: reads on line {}, writes on line {})",
            block.function, block.line, block.read_line, block.write_line
        )
    };
    let listed = users.iter().take(3).map(|(m, b)| place(*m, b)).collect();
    let more = match users.len() {
        n if n > 3 => format!(" and {} more", n - 3),
        _ => String::new(),
    };
    (listed, more)
}
