"""A key-value store used from a thread pool: its one-statement helper takes
the process lock and commits, so the UPDATE and the INSERT each run under the
lock, but not together. Two threads upserting one new key both see that the
UPDATE changed nothing, and both insert."""
import sqlite3
import threading
from concurrent.futures import ThreadPoolExecutor


class Store:
    def __init__(self, path):
        self._lock = threading.Lock()
        self.conn = sqlite3.connect(path, check_same_thread=False)

    def _exec(self, sql, params=()):
        with self._lock:
            cur = self.conn.execute(sql, params)
            self.conn.commit()
            return cur.rowcount

    def upsert(self, key, value):
        changed = self._exec("UPDATE kv SET value = ? WHERE key = ?", (value, key))
        if changed == 0:
            self._exec("INSERT INTO kv (key, value) VALUES (?, ?)", (key, value))


store = Store("kv.db")


def load(pairs):
    with ThreadPoolExecutor(max_workers=4) as pool:
        for key, value in pairs:
            pool.submit(store.upsert, key, value)
