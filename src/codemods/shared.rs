//! Facts several codemods need about the module being checked, computed at most
//! once per check: connection sites, transaction flows and PRAGMA settings. Each
//! codemod used to rebuild them, which made the check phase grow with every
//! codemod added.

use std::cell::OnceCell;

use crate::semantic::connections::{self, ConnSite};
use crate::semantic::pragma_config::{self, Setting};
use crate::semantic::transactions::{self, Flow};
use crate::semantic::{Model, ProjectView};

#[derive(Default)]
pub struct Shared<'m, 'a> {
    sites: OnceCell<Vec<ConnSite<'m, 'a>>>,
    flows: OnceCell<Vec<Flow<'m, 'a>>>,
    pragma_settings: OnceCell<Vec<Setting<'m, 'a>>>,
    test_module: OnceCell<bool>,
}

impl<'m, 'a> Shared<'m, 'a> {
    pub fn new() -> Self {
        Shared {
            sites: OnceCell::new(),
            flows: OnceCell::new(),
            pragma_settings: OnceCell::new(),
            test_module: OnceCell::new(),
        }
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
