"""Handlers that cannot leave the write lock held on the shared connection:

- the statement that can fail into the handler is the transaction's first
  write, an INSERT OR REPLACE of a flag: a 'database is locked' there means the
  lock was never taken, so nothing was written and nothing is held (Python's
  deferred BEGIN stays open, holding no lock);
- a bulk wipe that skips a table it cannot clear and carries on to its own
  commit at the end: the handler is best effort, the function still ends the
  transaction."""
import logging
import sqlite3

log = logging.getLogger(__name__)

_conn = sqlite3.connect("cache.db", check_same_thread=False, timeout=10)


def mark_migrated():
    try:
        _conn.execute(
            "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", ("migrated", "1")
        )
        _conn.commit()
    except sqlite3.Error:
        log.debug("could not record the migration flag", exc_info=True)


def wipe(tables):
    for table in tables:
        try:
            _conn.execute(f"DELETE FROM {table}")
        except sqlite3.OperationalError:
            log.warning("could not clear %s", table)
    _conn.commit()
