"""A queue storage layer in the style of task-queue libraries: one connection,
its own re-entrant lock, explicit BEGIN IMMEDIATE / COMMIT / ROLLBACK."""
import sqlite3
import threading
from contextlib import contextmanager


class SqliteStorage:
    def __init__(self, filename):
        self._lock = threading.RLock()
        self.conn = sqlite3.connect(
            filename, isolation_level=None, check_same_thread=False, timeout=60
        )
        self.conn.execute("PRAGMA journal_mode=WAL")
        self.conn.execute("CREATE TABLE IF NOT EXISTS kv (key TEXT PRIMARY KEY, value BLOB)")

    @contextmanager
    def transaction(self):
        with self._lock:
            self.conn.execute("BEGIN IMMEDIATE")
            try:
                yield self.conn
            except BaseException:
                self.conn.execute("ROLLBACK")
                raise
            else:
                self.conn.execute("COMMIT")

    def put(self, key, value):
        with self.transaction() as conn:
            conn.execute("INSERT OR REPLACE INTO kv (key, value) VALUES (?, ?)", (key, value))

    def pop(self, key):
        with self._lock:
            self.conn.execute("BEGIN IMMEDIATE")
            try:
                row = self.conn.execute("SELECT value FROM kv WHERE key = ?", (key,)).fetchone()
                if row is not None:
                    self.conn.execute("DELETE FROM kv WHERE key = ?", (key,))
                self.conn.execute("COMMIT")
            except BaseException:
                self.conn.execute("ROLLBACK")
                raise
        return row[0] if row else None

    def size(self):
        with self._lock:
            return self.conn.execute("SELECT count(*) FROM kv").fetchone()[0]


def worker(storage, keys):
    for key in keys:
        storage.pop(key)


def start(storage, batches):
    for keys in batches:
        threading.Thread(target=worker, args=(storage, keys)).start()
