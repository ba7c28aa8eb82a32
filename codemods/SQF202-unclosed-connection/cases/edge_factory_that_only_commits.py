"""A connection subclass whose `__exit__` only logs and commits: `with` still
leaves the connection open, so it is reported as for a plain connection."""
import logging
import sqlite3


class LoggingConnection(sqlite3.Connection):
    def __exit__(self, exc_type, exc, tb):
        logging.debug("transaction done")
        return super().__exit__(exc_type, exc, tb)


def add(path, item):
    with sqlite3.connect(path, factory=LoggingConnection) as conn:
        conn.execute("INSERT INTO items VALUES (?)", (item,))
