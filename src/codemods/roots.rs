//! Root causes that several codemods name the same way: a database file. Each
//! codemod decides in its own file which of its findings share a root; this is
//! only how a database is spelled as one (`Finding::root`).

use crate::finding::Root;
use crate::semantic::Model;

/// The database an identity of `semantic::databases` names, as a root cause of
/// codemod findings. A file name (`file:app.db`) or a constant's spelling
/// (`name:DB_PATH`) is the same database anywhere in the project; any other name
/// (a parameter, `self.path`, `config.db_path`) only within its module, since two
/// databases are never one because their variables share a name.
pub fn database(model: &Model<'_>, identity: &str) -> Root {
    let (kind, name) = identity.split_once(':').unwrap_or(("name", identity));
    let project_wide = kind == "file"
        || (kind == "name" && name.len() > 1 && !name.chars().any(|c| c.is_ascii_lowercase()));
    let key = if project_wide {
        format!("db:{identity}")
    } else {
        format!("db:{}:{identity}", crate::diff::display_path(model.path))
    };
    let description = if kind == "file" {
        format!("the database file `{name}`")
    } else if project_wide {
        format!("the database `{name}` names")
    } else {
        format!(
            "the database `{name}` names in {}",
            crate::diff::display_path(model.path)
        )
    };
    Root::new(key, description)
}
