"""Wrappers handed to a worker thread as arguments that do not cross threads with
a connection: one opens its connection per call, one lets it cross
(check_same_thread=False) and serializes every use with a lock, one keeps a
connection per thread, and one worker is handed only the path and builds its
own wrapper on its thread."""
import sqlite3
import threading
from concurrent.futures import ThreadPoolExecutor


class PerCall:
    def __init__(self, path):
        self.path = path

    def record(self, sku):
        with sqlite3.connect(self.path) as conn:
            conn.execute("INSERT INTO moves (sku) VALUES (?)", (sku,))
        conn.close()


class Locked:
    def __init__(self, path):
        self.lock = threading.Lock()
        self.conn = sqlite3.connect(path, check_same_thread=False)

    def record(self, sku):
        with self.lock:
            self.conn.execute("INSERT INTO moves (sku) VALUES (?)", (sku,))
            self.conn.commit()


class PerThread:
    def __init__(self, path):
        self.path = path
        self.local = threading.local()

    def _conn(self):
        if not hasattr(self.local, "conn"):
            self.local.conn = sqlite3.connect(self.path)
        return self.local.conn

    def record(self, sku):
        self._conn().execute("INSERT INTO moves (sku) VALUES (?)", (sku,))


class Inventory:
    def __init__(self, path):
        self.conn = sqlite3.connect(path)

    def record(self, sku):
        self.conn.execute("INSERT INTO moves (sku) VALUES (?)", (sku,))
        self.conn.commit()


def restock_per_call(store, sku):
    store.record(sku)


def restock_locked(store, sku):
    store.record(sku)


def restock_per_thread(store, sku):
    store.record(sku)


def restock_own(path, sku):
    Inventory(path).record(sku)


def main(sku):
    with ThreadPoolExecutor() as pool:
        pool.submit(restock_per_call, PerCall("a.db"), sku)
        pool.submit(restock_locked, Locked("b.db"), sku)
        pool.submit(restock_per_thread, PerThread("c.db"), sku)
        pool.submit(restock_own, "d.db", sku)
