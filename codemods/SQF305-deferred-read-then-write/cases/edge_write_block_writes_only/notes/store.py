"""A notes database: one connection guarded by a mutex, and a write helper
that commits on the way out of `with self.conn:` but never begins."""
import logging
import sqlite3
import threading
from contextlib import contextmanager

log = logging.getLogger(__name__)


class NoteStore:
    def __init__(self, path):
        self.conn = sqlite3.connect(path, isolation_level="", check_same_thread=False, timeout=10)
        self.conn.execute("PRAGMA journal_mode=WAL")
        self.conn.execute("PRAGMA busy_timeout=10000")
        self.mutex = threading.Lock()

    @contextmanager
    def write_block(self):
        with self.mutex:
            try:
                with self.conn:
                    yield self.conn
            except sqlite3.Error:
                log.exception("write failed")
                raise

    def count(self):
        return self.conn.execute("SELECT count(*) FROM notes").fetchone()[0]
