//! SQF505 sqlite-call-on-loop: defined beside SQF501, which
//! decides its findings (sqf501_blocking_sqlite_in_async/on_loop.rs).

pub use super::sqf501_blocking_sqlite_in_async::on_loop::SqliteCallOnLoop;
