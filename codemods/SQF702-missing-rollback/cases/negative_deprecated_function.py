"""A store whose old entry point is retired: `load_legacy` warns
DeprecationWarning and the program uses `connect_store` instead. The missing
rollback in the retired function describes code the program no longer runs
(positive_retired_in_words_only.py keeps the same shape reported without it)."""
import logging
import sqlite3
import warnings

log = logging.getLogger(__name__)


class Store:
    def __init__(self, path):
        self.conn = sqlite3.connect(path, check_same_thread=False)

    def load_legacy(self, rows):
        """Old bulk loader, kept for old scripts."""
        warnings.warn(
            "Store.load_legacy() is deprecated; use save_batch()",
            DeprecationWarning,
            stacklevel=2,
        )
        try:
            for key, value in rows:
                self.conn.execute("INSERT INTO kv (k, v) VALUES (?, ?)", (key, value))
            self.conn.commit()
        except sqlite3.Error:
            log.warning("legacy load failed")
