"""A singleton store: `Store.get()` makes the one instance on first use, and
that instance holds the process's only connection to store.db; request threads
share it."""
import sqlite3
import threading
from concurrent.futures import ThreadPoolExecutor

DB_PATH = "store.db"


class Store:
    _instance = None
    _guard = threading.Lock()

    @classmethod
    def get(cls):
        with cls._guard:
            if cls._instance is None:
                cls._instance = cls()
            return cls._instance

    def __init__(self):
        self.conn = sqlite3.connect(DB_PATH, check_same_thread=False)
        self.lock = threading.Lock()

    def touch(self, key):
        try:
            with self.lock:
                self.conn.execute("UPDATE items SET touched = touched + 1 WHERE key = ?", (key,))
                self.conn.commit()
        except sqlite3.OperationalError:
            pass


if __name__ == "__main__":
    with ThreadPoolExecutor(8) as pool:
        pool.map(Store.get().touch, ["a", "b", "c"])
