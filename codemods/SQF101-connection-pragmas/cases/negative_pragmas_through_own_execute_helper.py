"""A store runs its PRAGMA list through its own execute helper, once per connection."""
import sqlite3
import threading
import time

PRAGMAS = [
    "PRAGMA journal_mode=WAL",
    "PRAGMA synchronous=NORMAL",
    "PRAGMA busy_timeout=5000",
]


class Store:
    def __init__(self, path):
        self.path = path
        self._conn = None
        self._lock = threading.Lock()

    def _execute(self, sql, params=()):
        return self._conn.execute(sql, params)

    def _connect(self):
        for attempt in range(3):
            try:
                self._conn = sqlite3.connect(self.path, check_same_thread=False)
                break
            except sqlite3.OperationalError:
                time.sleep(0.5)
        for pragma in PRAGMAS:
            self._execute(pragma)

    def add(self, item):
        with self._lock:
            if self._conn is None:
                self._connect()
            self._execute("INSERT INTO items (name) VALUES (?)", (item,))
            self._conn.commit()


def worker(store):
    for i in range(10):
        store.add(str(i))


def main():
    store = Store("app.db")
    for _ in range(4):
        threading.Thread(target=worker, args=(store,)).start()
