"""The event store: one sqlite3 connection per thread, each write in its own
transaction. Several processes of the tool share the file, so a write can wait
up to the busy timeout for another process's lock."""

import sqlite3
import threading


class EventStore:
    def __init__(self, path):
        self.path = path
        self._local = threading.local()

    def _conn(self):
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = sqlite3.connect(self.path, timeout=5.0)
            self._local.conn = conn
        return conn

    def append(self, kind, payload):
        conn = self._conn()
        with conn:
            conn.execute("INSERT INTO events (kind, payload) VALUES (?, ?)", (kind, payload))
            conn.execute("UPDATE totals SET n = n + 1 WHERE kind = ?", (kind,))
