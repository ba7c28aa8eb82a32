"""Table objects over a database where no two threads share a connection: the
tables are handed a way to connect and open one per operation, or every table
method takes the store's lock."""
import sqlite3
import threading
from concurrent.futures import ThreadPoolExecutor
from contextlib import closing


class PackagesTable:
    def __init__(self, connect):
        self._connect = connect

    def get(self, ref):
        with closing(self._connect()) as conn:
            return conn.execute("SELECT path FROM packages WHERE ref = ?", (ref,)).fetchone()


class CacheDB:
    def __init__(self, filename):
        self.filename = filename
        self._packages = PackagesTable(self._connect)

    def _connect(self):
        return sqlite3.connect(self.filename, isolation_level=None, timeout=5)

    def package_path(self, ref):
        return self._packages.get(ref)


def fetch_all(path, refs):
    cache = CacheDB(path)
    with ThreadPoolExecutor(max_workers=4) as pool:
        return list(pool.map(cache.package_path, refs))


class LockedTable:
    def __init__(self, conn, lock):
        self._conn = conn
        self._lock = lock

    def put(self, key, value):
        with self._lock:
            self._conn.execute("INSERT INTO kv VALUES (?, ?)", (key, value))


class LockedStore:
    def __init__(self, filename):
        self._conn = sqlite3.connect(filename, check_same_thread=False)
        self._lock = threading.Lock()
        self._kv = LockedTable(self._conn, self._lock)

    def put(self, key, value):
        self._kv.put(key, value)

    def put_all(self, items):
        threads = [threading.Thread(target=self.put, args=item) for item in items]
        for t in threads:
            t.start()
