"""Library classes whose connection is closed for their callers: one supports
`with` (its `__exit__` calls `close()`), one closes in `__del__`, and the
third is built only by the package's own function, which closes it in a
`finally`. Not reported."""

import sqlite3


class Store:
    def __init__(self, path):
        self._conn = sqlite3.connect(path)

    def get(self, key):
        return self._conn.execute("SELECT v FROM kv WHERE k = ?", (key,)).fetchone()

    def close(self):
        self._conn.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


class Journal:
    def __init__(self, path):
        self._conn = sqlite3.connect(path)

    def close(self):
        self._conn.close()

    def __del__(self):
        self.close()


class Index:
    def __init__(self, path):
        self._conn = sqlite3.connect(path)

    def count(self):
        return self._conn.execute("SELECT count(*) FROM idx").fetchone()[0]

    def close(self):
        self._conn.close()


def count_entries(path):
    index = Index(path)
    try:
        return index.count()
    finally:
        index.close()
