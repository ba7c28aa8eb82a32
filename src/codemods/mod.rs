//! The codemods: one file per audit hazard, each with its prose in
//! `codemods/<ID>-<name>/codemod.toml` and its cases beside it.

pub mod roots;
pub mod shared;

pub use shared::Shared;

pub mod sqf001_unused_suppression;
pub mod sqf101_connection_pragmas;
pub mod sqf102_synchronous_off;
pub mod sqf103_zero_busy_timeout;
pub mod sqf104_exclusive_locking_mode;
pub mod sqf105_wal_checkpoint_config;
pub mod sqf106_wal_in_transaction;
pub mod sqf107_conflicting_journal_modes;
pub mod sqf111_aiosqlite_pragmas;
pub mod sqf112_sqlalchemy_sqlite_pragmas;
pub mod sqf113_django_sqlite_options;
pub mod sqf114_peewee_pragmas;
pub mod sqf201_connect_per_request;
pub mod sqf202_unclosed_connection;
pub mod sqf203_shared_connection_across_threads;
pub mod sqf204_connection_across_fork;
pub mod sqf301_slow_work_in_transaction;
pub mod sqf302_uncommitted_write;
pub mod sqf303_unserialized_writers;
pub mod sqf304_long_read_transaction;
pub mod sqf305_deferred_read_then_write;
pub mod sqf306_isolation_immediate_read_then_write;
pub mod sqf307_autocommit_commit_noop;
pub mod sqf401_non_atomic_json_write;
pub mod sqf402_commit_per_row;
pub mod sqf403_file_and_db_uncoordinated;
pub mod sqf404_shared_temp_filename;
pub mod sqf405_unlocked_checkpoint_update;
pub mod sqf501_blocking_sqlite_in_async;
pub mod sqf502_aiosqlite_lifecycle;
pub mod sqf503_aiosqlite_uncommitted_write;
pub mod sqf504_mixed_drivers;
pub mod sqf505_sqlite_call_on_loop;
pub mod sqf601_unthrottled_progress_write;
pub mod sqf602_checkpoint_save_storm;
pub mod sqf603_task_before_commit;
pub mod sqf701_swallowed_locked_error;
pub mod sqf702_missing_rollback;
pub mod sqf703_no_wal_integrity_check;
pub mod sqf704_connection_reused_after_error;

pub use crate::finding::meta::{FixAvailability, Meta, Report};

/// Module-level helpers the fixes generate that one module can define for the
/// whole project: a copy in another module becomes an import of it
/// (`fix::shared_helpers`). One write lock per project serializes every module's
/// writers; the others are pure functions.
pub const SHARED_HELPERS: &[&str] = &[
    sqf101_connection_pragmas::HELPER_NAME,
    sqf111_aiosqlite_pragmas::HELPER_NAME,
    sqf303_unserialized_writers::LOCK_NAME,
    sqf401_non_atomic_json_write::OPEN_HELPER,
    sqf401_non_atomic_json_write::WRITE_TEXT_HELPER,
    sqf401_non_atomic_json_write::AIO_OPEN_HELPER,
];

use crate::finding::Finding;
use crate::semantic::{Model, ProjectView};
use crate::settings::Settings;

/// The first line of a statement's text, cut to 60 characters, for a message
/// that quotes it (`Airing.objects.filter(...).delete()`).
pub(crate) fn first_line_cut(text: &str) -> String {
    let first = text.lines().next().unwrap_or_default().trim();
    if first.chars().count() > 60 {
        format!("{}...", first.chars().take(57).collect::<String>())
    } else if text.contains('\n') {
        format!("{first}...")
    } else {
        first.to_string()
    }
}

/// What a codemod gets to look at.
pub struct Context<'m, 'a> {
    pub model: &'m Model<'a>,
    pub project: &'m ProjectView<'m>,
    pub settings: &'m Settings,
    pub shared: &'m Shared<'m, 'a>,
}

impl<'m, 'a> Context<'m, 'a> {
    /// Where the module creates connections (computed once per check).
    pub fn sites(&self) -> &'m [crate::semantic::connections::ConnSite<'m, 'a>] {
        self.shared.sites(self.model, self.project)
    }

    /// Why the connection `site` opens cannot contend with another one, if it
    /// cannot (`semantic::connection_purpose`, kept per site).
    pub fn purpose(
        &self,
        site: &crate::semantic::connections::ConnSite<'_, '_>,
    ) -> Option<crate::semantic::connection_purpose::Purpose> {
        self.shared.purpose(self.model, self.project, site)
    }

    /// Every connection flow of every function (computed once per check).
    pub fn flows(&self) -> &'m [crate::semantic::transactions::Flow<'m, 'a>] {
        self.shared.flows(self.model, self.project)
    }

    /// The flows of one function: a slice of [`Context::flows`], which is sorted
    /// by function (a lookup per write must not scan every function's flows).
    pub fn flows_of(
        &self,
        scope: crate::semantic::scopes::FuncId,
    ) -> &'m [crate::semantic::transactions::Flow<'m, 'a>] {
        let flows = self.flows();
        let start = flows.partition_point(|f| f.scope < scope);
        let end = start + flows[start..].partition_point(|f| f.scope == scope);
        &flows[start..end]
    }

    /// The flow of the connection a local `site` opens, in its function.
    pub fn flow_of_site(
        &self,
        site: &crate::semantic::connections::ConnSite<'_, '_>,
    ) -> Option<&'m crate::semantic::transactions::Flow<'m, 'a>> {
        let key = crate::semantic::connections::key_of(self.model, site)?;
        self.flows_of(site.scope()?).iter().find(|f| f.key == key)
    }

    /// Code at `at`, in the function `scope`, that the application never
    /// runs: nothing names the function, or only functions never reached call
    /// it (semantic::dead_functions `unreached_function_at`). A library's
    /// public function is called by users the project does not show, so it is
    /// never unreached; nor is anything under `dead-code = "report"`. For
    /// rules whose hazard needs the code to run at all (a checkpoint written,
    /// a transaction opened), where the shared liveness model (check/scope.rs)
    /// only lowers the confidence.
    pub fn never_reached(
        &self,
        scope: Option<crate::semantic::scopes::FuncId>,
        at: ruff_text_size::TextSize,
    ) -> bool {
        let Some(scope) = scope else {
            return false;
        };
        let public_api = || {
            crate::semantic::library_api::library_project(self.model, self.project).is_some()
                && crate::semantic::library_api::is_public(
                    self.model,
                    self.model.scopes.outermost(scope),
                )
        };
        self.settings.dead_code != crate::settings::DeadCode::Report
            && !public_api()
            && self.project.index.import_graph().is_some_and(|graph| {
                crate::semantic::dead_functions::unreached_function_at(self.model, graph, at)
                    .is_some()
            })
    }

    /// Whether the code at `at` runs only at start-up (`Shared::runs_at_start`).
    pub fn runs_at_start(&self, at: ruff_text_size::TextSize) -> bool {
        self.shared.runs_at_start(self.model, self.project, at)
    }

    /// Start-up code (a server's start hooks, what only they call, module code
    /// before serving: semantic::startup_functions) runs before the program's
    /// own threads, tasks and workers exist: only another process of the
    /// project can write the database meanwhile.
    pub fn at_start_alone(&self, at: ruff_text_size::TextSize) -> bool {
        self.runs_at_start(at)
            && crate::semantic::second_writers::other_process(self.project).is_none()
    }

    /// Every PRAGMA setting the module's source shows (computed once per check).
    pub fn pragma_settings(&self) -> &'m [crate::semantic::pragma_config::Setting<'m, 'a>] {
        self.shared.pragma_settings(self.model)
    }

    /// What else uses the module's databases concurrently
    /// (`semantic::second_party::of_project`, computed once per check).
    pub fn second_party(&self) -> &'m crate::semantic::second_party::SecondParty {
        self.shared.second_party(self.project)
    }

    /// The second party of the pragma rules: [`Context::second_party`] with the
    /// deployment read (`semantic::second_party::for_pragmas`).
    pub fn pragma_party(&self) -> &'m crate::semantic::second_party::SecondParty {
        self.shared.pragma_party(self.project)
    }

    /// This module's functions run on worker threads, with their entry points
    /// (`semantic::threads::threaded_functions`, computed once per check).
    pub fn threaded_functions(&self) -> &'m rustc_hash::FxHashMap<String, String> {
        self.shared.threaded(self.project)
    }

    /// Which tables one writer that never runs beside itself writes
    /// (`semantic::one_writer`, computed once per check).
    pub fn one_writer(&self) -> &'m crate::semantic::one_writer::Writers<'m, 'a> {
        self.shared.one_writer(self.model, self.project)
    }

    /// Of those, the ones several threads run at once
    /// (`semantic::threads::unserialized_threaded_functions`, once per check).
    pub fn unserialized_threaded_functions(&self) -> &'m rustc_hash::FxHashMap<String, String> {
        self.shared.unserialized_threaded(self.project)
    }

    /// A test module (`semantic::paths::is_test_module`): codemods about how
    /// production code configures, opens and closes databases skip it.
    pub fn in_test_module(&self) -> bool {
        self.shared.test_module(self.model)
    }
}

pub trait Codemod: Sync {
    fn meta(&self) -> &'static Meta;
    fn check(&self, ctx: &Context<'_, '_>, out: &mut Vec<Finding>);
}

/// Every codemod, in id order.
pub fn all() -> &'static [&'static dyn Codemod] {
    static ALL: &[&dyn Codemod] = &[
        &sqf101_connection_pragmas::ConnectionPragmas,
        &sqf102_synchronous_off::SynchronousOff,
        &sqf103_zero_busy_timeout::ZeroBusyTimeout,
        &sqf104_exclusive_locking_mode::ExclusiveLockingMode,
        &sqf105_wal_checkpoint_config::WalCheckpointConfig,
        &sqf106_wal_in_transaction::WalInTransaction,
        &sqf107_conflicting_journal_modes::ConflictingJournalModes,
        &sqf111_aiosqlite_pragmas::AiosqlitePragmas,
        &sqf112_sqlalchemy_sqlite_pragmas::SqlalchemySqlitePragmas,
        &sqf113_django_sqlite_options::DjangoSqliteOptions,
        &sqf114_peewee_pragmas::PeeweePragmas,
        &sqf201_connect_per_request::ConnectPerRequest,
        &sqf202_unclosed_connection::UnclosedConnection,
        &sqf203_shared_connection_across_threads::SharedConnectionAcrossThreads,
        &sqf204_connection_across_fork::ConnectionAcrossFork,
        &sqf301_slow_work_in_transaction::SlowWorkInTransaction,
        &sqf302_uncommitted_write::UncommittedWrite,
        &sqf303_unserialized_writers::UnserializedWriters,
        &sqf304_long_read_transaction::LongReadTransaction,
        &sqf305_deferred_read_then_write::DeferredReadThenWrite,
        &sqf306_isolation_immediate_read_then_write::IsolationImmediateReadThenWrite,
        &sqf307_autocommit_commit_noop::AutocommitCommitNoop,
        &sqf401_non_atomic_json_write::NonAtomicJsonWrite,
        &sqf402_commit_per_row::CommitPerRow,
        &sqf403_file_and_db_uncoordinated::FileAndDbUncoordinated,
        &sqf404_shared_temp_filename::SharedTempFilename,
        &sqf405_unlocked_checkpoint_update::UnlockedCheckpointUpdate,
        &sqf501_blocking_sqlite_in_async::BlockingSqliteInAsync,
        &sqf502_aiosqlite_lifecycle::AiosqliteLifecycle,
        &sqf503_aiosqlite_uncommitted_write::AiosqliteUncommittedWrite,
        &sqf504_mixed_drivers::MixedDrivers,
        &sqf505_sqlite_call_on_loop::SqliteCallOnLoop,
        &sqf601_unthrottled_progress_write::UnthrottledProgressWrite,
        &sqf602_checkpoint_save_storm::CheckpointSaveStorm,
        &sqf603_task_before_commit::TaskBeforeCommit,
        &sqf701_swallowed_locked_error::SwallowedLockedError,
        &sqf702_missing_rollback::MissingRollback,
        &sqf703_no_wal_integrity_check::NoWalIntegrityCheck,
        &sqf704_connection_reused_after_error::ConnectionReusedAfterError,
    ];
    ALL
}

pub fn by_id(id: &str) -> Option<&'static dyn Codemod> {
    all()
        .iter()
        .copied()
        .find(|c| c.meta().id.eq_ignore_ascii_case(id) || c.meta().name == id)
}

/// Declares a codemod's metadata from its `codemod.toml`, parsed once.
#[macro_export]
macro_rules! codemod_meta {
    ($dir:literal) => {
        fn meta(&self) -> &'static $crate::codemods::Meta {
            static META: std::sync::LazyLock<$crate::codemods::Meta> =
                std::sync::LazyLock::new(|| {
                    $crate::codemods::Meta::parse(
                        $dir,
                        include_str!(concat!(
                            env!("CARGO_MANIFEST_DIR"),
                            "/codemods/",
                            $dir,
                            "/codemod.toml"
                        )),
                    )
                });
            &META
        }
    };
}
