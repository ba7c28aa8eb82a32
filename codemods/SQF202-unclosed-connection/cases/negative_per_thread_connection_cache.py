"""A store that keeps one connection per thread in a dict keyed by the thread's
id, made on first use and closed by `close_all()` when the program shuts down.
`conn()` returns that cached connection, so a caller that keeps only the cursor
(`self.conn().execute(...)`) or never closes it leaks nothing: the cache owns it.
The same holds for a `threading.local()` holder."""
import sqlite3
import threading


class Store:
    def __init__(self, path):
        self.path = path
        self._lock = threading.Lock()
        self._by_thread = {}
        self._local = threading.local()

    def _open(self):
        return sqlite3.connect(self.path)

    def conn(self):
        key = threading.get_ident()
        with self._lock:
            if key not in self._by_thread:
                conn = self._open()
                self._by_thread[key] = conn
                return conn
            return self._by_thread[key]

    def local_conn(self):
        if getattr(self._local, "conn", None) is None:
            conn = sqlite3.connect(self.path)
            self._local.conn = conn
            return conn
        return self._local.conn

    def rows(self, sql):
        cursor = self.conn().execute(sql)
        return cursor.fetchall()

    def count(self, table):
        conn = self.local_conn()
        return conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]

    def close_all(self):
        with self._lock:
            for conn in self._by_thread.values():
                conn.close()
            self._by_thread.clear()


store = Store("app.db")
threading.Thread(target=lambda: store.rows("SELECT 1")).start()
