//! What the code means, built once per module and shared by every codemod.

pub mod connection_purpose;
pub mod connections;
pub mod databases;
pub mod effects;
pub mod entry_points;
pub mod environment;
pub mod facts;
pub mod import_graph;
pub mod imports;
pub mod library;
pub mod long_running;
pub mod loops;
pub mod methods;
pub mod model;
pub mod objects;
pub mod orm_on_loop;
pub mod paths;
pub mod pragma_config;
pub mod project;
pub mod refs;
pub mod routes;
pub mod scopes;
pub mod second_party;
pub mod slow;
pub mod spawn;
pub mod spread;
pub mod sql;
pub mod strings;
pub mod temporary;
pub mod threads;
pub mod transactions;
pub mod uses;
pub mod visit;

pub use model::{Call, Callee, Model, Receiver};
pub use project::{ProjectIndex, ProjectView};
