"""A checkpoint store handed a connection made with check_same_thread=False.
Its own `cursor()` context manager, used by every read and write, takes no
lock; only `put` wraps it in `self.lock`, so `get` and `list` run their
statements beside a `put` on another worker thread, one connection, one
transaction."""
import sqlite3
import threading
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager


class CheckpointStore:
    def __init__(self, conn):
        self.conn = conn
        self.lock = threading.Lock()

    @contextmanager
    def cursor(self):
        cur = self.conn.cursor()
        try:
            yield cur
        finally:
            self.conn.commit()
            cur.close()

    def put(self, key, blob):
        with self.lock, self.cursor() as cur:
            cur.execute("INSERT OR REPLACE INTO checkpoints VALUES (?, ?)", (key, blob))

    def get(self, key):
        with self.cursor() as cur:
            cur.execute("SELECT blob FROM checkpoints WHERE key = ?", (key,))
            row = cur.fetchone()
        return row[0] if row else None

    def list(self):
        with self.cursor() as cur:
            cur.execute("SELECT key FROM checkpoints")
            return [r[0] for r in cur.fetchall()]


def run_steps(steps):
    store = CheckpointStore(sqlite3.connect("state.db", check_same_thread=False))
    with ThreadPoolExecutor(4) as pool:
        for key, blob in steps:
            pool.submit(store.put, key, blob)
        pool.submit(store.list)
