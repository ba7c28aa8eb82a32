//! Facts several codemods need about the module being checked, computed at most
//! once per check: connection sites, transaction flows, PRAGMA settings, the
//! second party and the functions run on worker threads. Each codemod used to
//! rebuild them, which made the check phase grow with every codemod added.

use rustc_hash::FxHashMap as HashMap;
use std::cell::OnceCell;

use crate::semantic::connection_purpose::{self, Purpose};
use crate::semantic::connections::{self, ConnSite};
use crate::semantic::one_writer;
use crate::semantic::pragma_config::{self, Setting};
use crate::semantic::second_party::{self, SecondParty};
use crate::semantic::threads;
use crate::semantic::transactions::{self, Flow};
use crate::semantic::{Model, ProjectView};
use ruff_text_size::TextSize;

#[derive(Default)]
pub struct Shared<'m, 'a> {
    sites: OnceCell<Vec<ConnSite<'m, 'a>>>,
    flows: OnceCell<Vec<Flow<'m, 'a>>>,
    pragma_settings: OnceCell<Vec<Setting<'m, 'a>>>,
    test_module: OnceCell<bool>,
    second_party: OnceCell<SecondParty>,
    pragma_party: OnceCell<SecondParty>,
    threaded: OnceCell<HashMap<String, String>>,
    unserialized_threaded: OnceCell<HashMap<String, String>>,
    one_writer: OnceCell<one_writer::Writers<'m, 'a>>,
    serving: OnceCell<crate::semantic::startup::Serving>,
    declared_tables: OnceCell<crate::semantic::unconstrained_writes::DeclaredTables>,
    /// By position in `sites`: why the connection cannot contend
    /// (`connection_purpose::purpose`), asked by several codemods of each site.
    purposes: OnceCell<Vec<OnceCell<Option<Purpose>>>>,
}

impl<'m, 'a> Shared<'m, 'a> {
    pub fn new() -> Self {
        Shared {
            sites: OnceCell::new(),
            flows: OnceCell::new(),
            pragma_settings: OnceCell::new(),
            test_module: OnceCell::new(),
            second_party: OnceCell::new(),
            pragma_party: OnceCell::new(),
            threaded: OnceCell::new(),
            unserialized_threaded: OnceCell::new(),
            one_writer: OnceCell::new(),
            serving: OnceCell::new(),
            declared_tables: OnceCell::new(),
            purposes: OnceCell::new(),
        }
    }

    /// `connection_purpose::purpose` of `site`, kept per site of [`Shared::sites`]
    /// (a site found elsewhere is worked out each time).
    pub fn purpose(
        &'m self,
        model: &'m Model<'a>,
        project: &ProjectView<'_>,
        site: &ConnSite<'_, '_>,
    ) -> Option<Purpose> {
        let sites = self.sites(model, project);
        let same = |s: &ConnSite<'_, '_>| {
            std::ptr::eq(s.call, site.call) && s.outer == site.outer && s.holder == site.holder
        };
        let Some(i) = sites.iter().position(same) else {
            return connection_purpose::purpose(model, site);
        };
        let memo = self
            .purposes
            .get_or_init(|| sites.iter().map(|_| OnceCell::new()).collect());
        *memo[i].get_or_init(|| connection_purpose::purpose(model, &sites[i]))
    }

    /// The tables and triggers the module's text declares
    /// (`unconstrained_writes`), read once per check.
    pub fn declared_tables(
        &self,
        model: &Model<'_>,
    ) -> &crate::semantic::unconstrained_writes::DeclaredTables {
        self.declared_tables
            .get_or_init(|| crate::semantic::unconstrained_writes::DeclaredTables::of(model.text))
    }

    /// Whether the code at `at` runs only at start-up, before the program's own
    /// threads and tasks exist (`startup_functions::runs_at_start`); what starts
    /// the program (`startup::serving`, a walk of the whole module) found once.
    pub fn runs_at_start(
        &self,
        model: &Model<'a>,
        project: &ProjectView<'_>,
        at: TextSize,
    ) -> bool {
        let serving = self
            .serving
            .get_or_init(|| crate::semantic::startup::serving(model));
        crate::semantic::startup_functions::runs_at_start(
            project.index,
            project.module,
            model,
            serving,
            at,
        )
    }

    /// `second_party::of_project` for the view being checked.
    pub fn second_party(&self, project: &ProjectView<'_>) -> &SecondParty {
        self.second_party
            .get_or_init(|| second_party::of_project(project))
    }

    /// `second_party::for_pragmas` for the view being checked.
    pub fn pragma_party(&self, project: &ProjectView<'_>) -> &SecondParty {
        self.pragma_party.get_or_init(|| {
            let party = second_party::for_pragmas(project);
            // Worker processes are not folded into one thread by gevent: name them.
            match crate::semantic::sole_connection::several_processes(project) {
                Some(processes)
                    if crate::semantic::gevent_patched::patched(project).is_some()
                        && matches!(party, SecondParty::Known(_)) =>
                {
                    SecondParty::Known(second_party::Who::new(
                        second_party::Runs::Processes,
                        processes,
                    ))
                }
                _ => second_party::under_gevent(project, party),
            }
        })
    }

    /// `threads::threaded_functions` for the view being checked.
    pub fn threaded(&self, project: &ProjectView<'_>) -> &HashMap<String, String> {
        self.threaded
            .get_or_init(|| threads::threaded_functions(project))
    }

    /// `threads::unserialized_threaded_functions` for the view being checked.
    pub fn unserialized_threaded(&self, project: &ProjectView<'_>) -> &HashMap<String, String> {
        self.unserialized_threaded.get_or_init(|| {
            // Greenlets never switch inside a sqlite3 call (gevent_patched.rs),
            // nor inside a transaction unless slow work in it yields.
            if crate::semantic::gevent_patched::patched(project).is_some()
                && !crate::semantic::gevent_patched::yields_in_transaction(project)
                && second_party::other_program(project).is_none()
                && crate::semantic::sole_connection::several_processes(project).is_none()
            {
                return HashMap::default();
            }
            threads::unserialized_threaded_functions(project)
        })
    }

    /// The module's lone writers (`semantic::one_writer`), asked per flow.
    pub fn one_writer(
        &'m self,
        model: &'m Model<'a>,
        project: &ProjectView<'_>,
    ) -> &'m one_writer::Writers<'m, 'a> {
        self.one_writer
            .get_or_init(|| one_writer::Writers::new(model, self.threaded(project)))
    }

    pub fn sites(
        &'m self,
        model: &'m Model<'a>,
        project: &ProjectView<'_>,
    ) -> &'m [ConnSite<'m, 'a>] {
        self.sites
            .get_or_init(|| connections::sites(model, project))
    }

    pub fn flows(&'m self, model: &'m Model<'a>, project: &ProjectView<'_>) -> &'m [Flow<'m, 'a>] {
        let sites = self.sites(model, project);
        self.flows
            .get_or_init(|| transactions::module_flows(model, project, sites))
    }

    /// Whether the module is part of a test suite (it looks at the file system
    /// for the project root, so once per check).
    pub fn test_module(&self, model: &Model<'_>) -> bool {
        *self
            .test_module
            .get_or_init(|| crate::semantic::paths::is_test_module(model.path))
    }

    pub fn pragma_settings(&'m self, model: &'m Model<'a>) -> &'m [Setting<'m, 'a>] {
        self.pragma_settings
            .get_or_init(|| pragma_config::settings(model))
    }
}
