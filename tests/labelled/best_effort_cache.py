"""Labelled from hishel (deliberate): best-effort HTTP cache updates that log
the failure with its traceback.

Judged: no SQF701 finding (the error is reported, not swallowed; a lost update
costs one cache miss).
"""
import logging
import sqlite3

logger = logging.getLogger(__name__)


class Storage:
    def __init__(self, connection):
        self.connection = connection

    def update_entry(self, entry_id, data):
        try:
            self.connection.execute("UPDATE entries SET data = ? WHERE id = ?", (data, entry_id))
            self.connection.commit()
        except (sqlite3.Error, OSError):
            logger.exception("cache: could not update entry")
