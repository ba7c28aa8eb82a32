"""Span storage shared by every proxy process on the machine: one sqlite3
connection per thread, a 5 s busy wait, each append its own transaction."""

import sqlite3
import threading

_shared = None
_shared_guard = threading.Lock()


class SpanStore:
    def __init__(self, path):
        self.path = path
        self._per_thread = threading.local()
        self._write_guard = threading.Lock()

    def _conn(self):
        conn = getattr(self._per_thread, "conn", None)
        if conn is None:
            conn = sqlite3.connect(self.path)
            conn.execute("PRAGMA busy_timeout = 5000")
            self._per_thread.conn = conn
        return conn

    def append(self, trace_id, body):
        with self._write_guard:
            conn = self._conn()
            seq = conn.execute(
                "SELECT COALESCE(MAX(seq), 0) + 1 FROM spans WHERE trace_id = ?", (trace_id,)
            ).fetchone()[0]
            conn.execute(
                "INSERT INTO spans (trace_id, seq, body) VALUES (?, ?, ?)", (trace_id, seq, body)
            )
            conn.execute("UPDATE traces SET spans = spans + 1 WHERE id = ?", (trace_id,))
            conn.commit()


def shared_store() -> SpanStore:
    global _shared
    with _shared_guard:
        if _shared is None:
            _shared = SpanStore("spans.db")
        return _shared
