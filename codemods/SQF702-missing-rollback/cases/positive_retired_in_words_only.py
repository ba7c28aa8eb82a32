"""The same shape as negative_deprecated_function.py, in a function that only
says "old" in its docstring: nothing retires it, so its missing rollback counts."""
import logging
import sqlite3

log = logging.getLogger(__name__)


class Store:
    def __init__(self, path):
        self.conn = sqlite3.connect(path, check_same_thread=False)

    def load_legacy(self, rows):
        """Old bulk loader, kept for old scripts."""
        try:
            for key, value in rows:
                self.conn.execute("INSERT INTO kv (k, v) VALUES (?, ?)", (key, value))
            self.conn.commit()
        except sqlite3.Error:
            log.warning("legacy load failed")
