//! A Qt worker thread whose `run()` opens a connection and parks it on
//! `self` (`self._conn = sqlite3.connect(path)`, or through a project helper
//! that returns one), with nothing that closes the attribute.
//!
//! A `QThread` object is started again and again (`worker.start()` after each
//! `finished`), and each start runs `run()` on the same object: every run
//! replaces the connection the last one parked, and the replaced one is not
//! freed when its last name goes (docs/sqlite-facts.md#F-unclosed-lingers), so
//! the handles pile up until the cyclic garbage collector runs; the last one
//! stays open between runs, with any transaction a failed call left behind.
//! A `threading.Thread` runs `run()` once per object (a second `start()`
//! raises), so its connection is one per instance: owner_class.rs judges it.
//!
//! Not reported: an assignment guarded by a test of the attribute (`if
//! self._conn is None:`, opened once and reused), a class that closes the
//! attribute anywhere (`self._conn.close()`, `closing(self._conn)`), and code
//! of the module closing it on the object (`worker._conn.close()`).
//! Advice only: where the run is done with it (`finally: self._conn.close()`)
//! only the author knows whether a signal handed it on.

use ruff_python_ast::{Expr, Stmt};
use ruff_text_size::Ranged;

use super::super::{Context, Meta};
use crate::finding::Finding;
use crate::fix::codegen;
use crate::semantic::connections::{ConnSite, Driver, Holder};
use crate::semantic::model::Model;
use crate::semantic::thread_classes;

/// Qt's thread class, under each binding's name.
const QTHREAD: &[&str] = &[
    "PyQt5.QtCore.QThread",
    "PyQt6.QtCore.QThread",
    "PySide2.QtCore.QThread",
    "PySide6.QtCore.QThread",
    "qtpy.QtCore.QThread",
];

fn qt_thread_classes(model: &Model<'_>) -> Vec<bool> {
    let marked = model
        .scopes
        .classes
        .iter()
        .map(|c| {
            c.def.bases().iter().any(|b| {
                matches!(b, Expr::Name(_) | Expr::Attribute(_))
                    && model
                        .resolve(b, None)
                        .is_some_and(|q| QTHREAD.contains(&q.as_str()))
            })
        })
        .collect();
    thread_classes::with_subclasses(model, marked)
}

pub fn check(
    meta: &'static Meta,
    ctx: &Context<'_, '_>,
    sites: &[ConnSite<'_, '_>],
    out: &mut Vec<Finding>,
) {
    let model = ctx.model;
    let mut qt = None;
    for site in sites {
        let (Holder::SelfAttr(attr), Some(scope)) = (&site.holder, site.scope()) else {
            continue;
        };
        if !matches!(site.driver, Driver::Sqlite3 | Driver::Factory(_)) {
            continue;
        }
        let function = model.scopes.function(scope);
        if function.name() != "run" || function.is_async() {
            continue;
        }
        let Some(class) = function.class else {
            continue;
        };
        let qt = qt.get_or_insert_with(|| qt_thread_classes(model));
        if !qt[class] {
            continue;
        }
        let target = format!("self.{attr}");
        // Opened once and reused: `if self._conn is None: self._conn = ...`.
        let guarded = codegen::ancestors(&function.def.body, site.stmt().range())
            .into_iter()
            .any(|s| matches!(s, Stmt::If(i) if model.slice(i.test.range()).contains(&target)));
        if guarded {
            continue;
        }
        let closes = |text: &str| {
            text.contains(&format!(".{attr}.close("))
                || text.contains(&format!("closing(self.{attr})"))
        };
        if closes(model.text) {
            continue;
        }
        if out
            .iter()
            .any(|f| f.range == site.call.range() && f.id == meta.id)
        {
            continue;
        }
        let class_name = model.scopes.classes[class].def.name.as_str();
        let what = match &site.driver {
            Driver::Factory(name) => format!("`{name}()`"),
            _ => "`sqlite3.connect()`".to_string(),
        };
        let message = format!(
            "{what} kept on `{target}` by `{class_name}.run()` is never closed: each start of the thread runs it again and replaces the last run's connection, which keeps its file handle until the cyclic garbage collector runs (docs/sqlite-facts.md#F-unclosed-lingers), and the last one stays open between runs"
        );
        let note = format!(
            "close it where the run is done with it (`try:` ... `finally: {target}.close()`), or keep a local and close it, unless a signal hands the connection on"
        );
        out.push(Finding::new(meta, site.call.range(), message).with_note(note));
    }
}
