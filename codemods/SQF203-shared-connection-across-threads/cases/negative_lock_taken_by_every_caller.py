"""Two stores whose helpers reach the shared cursor without a lock of their
own, but every caller that threads reach holds the lock: one helper is only
called under the lock (and from `__init__` while the object is built), the
other takes the lock itself."""
import sqlite3
import threading
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager


class Index:
    def __init__(self, path):
        self.mutex = threading.Lock()
        db = sqlite3.connect(path, check_same_thread=False)
        self.cur = db.cursor()
        self.lookup("warm-up")

    def lookup(self, name):
        self.cur.execute("SELECT id FROM names WHERE name = ?", (name,))
        return self.cur.fetchone()

    def add(self, name):
        with self.mutex:
            if self.lookup(name) is None:
                self.cur.execute("INSERT INTO names (name) VALUES (?)", (name,))

    def find(self, name):
        with self.mutex:
            return self.lookup(name)


class Store:
    def __init__(self, conn):
        self.conn = conn
        self.lock = threading.Lock()

    @contextmanager
    def cursor(self):
        with self.lock:
            cur = self.conn.cursor()
            try:
                yield cur
            finally:
                self.conn.commit()

    def put(self, key, value):
        with self.cursor() as cur:
            cur.execute("INSERT OR REPLACE INTO kv VALUES (?, ?)", (key, value))

    def get(self, key):
        with self.cursor() as cur:
            return cur.execute("SELECT value FROM kv WHERE key = ?", (key,)).fetchone()


def serve(names):
    index = Index("names.db")
    store = Store(sqlite3.connect("kv.db", check_same_thread=False))
    with ThreadPoolExecutor(4) as pool:
        for name in names:
            pool.submit(index.add, name)
            pool.submit(index.find, name)
            pool.submit(store.put, name, name)
            pool.submit(store.get, name)
