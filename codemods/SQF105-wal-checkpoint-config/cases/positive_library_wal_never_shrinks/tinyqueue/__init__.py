"""A persistent queue library: it opens whatever file its caller names, in WAL.

How large a burst of puts gets is the caller's business, which the library cannot
see: after one the -wal file keeps its size, so the size cap is the library's to
offer (MONITOR, once)."""
import sqlite3


class Queue:
    def __init__(self, path):
        self.path = path
        self.conn = sqlite3.connect(path, timeout=5.0, check_same_thread=False)
        self.conn.execute("PRAGMA journal_mode=WAL")
        self.conn.execute("PRAGMA synchronous=NORMAL")
        self.conn.execute("CREATE TABLE IF NOT EXISTS items (id INTEGER PRIMARY KEY, body TEXT)")

    def put(self, body):
        with self.conn:
            self.conn.execute("INSERT INTO items (body) VALUES (?)", (body,))
